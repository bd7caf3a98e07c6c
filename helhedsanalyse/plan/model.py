"""The plan as data: areas, indsatsområder, activities, indicators and every succeskriterium.

The plan lives in YAML files under ``data/plan/`` (one file per concept). :func:`load_plan` reads them
into typed, validated objects. A malformed plan file is rejected with a :class:`PlanError` whose
problems name the file, the criterion (or area, indicator ...) and the field.

Criterion kinds (``Maal.type``), with their parameters; the exact rules are in ``docs/metode.md``:

=====================  ==============================================================================
``over_reference``     value >= the reference geography's value (same year, else latest earlier one)
``fast_maal``          value ``operator`` ``maal`` by the year ``senest`` (e.g. <= 20 in 2021)
``aarlig_aendring``    change of ``pct`` % every year, relative to the previous year, from ``fra_aar``
``aendring_i_vindue``  change of ``pct`` % within ``inden_for_aar`` years of ``fra_aar``, then held
``retning``            moves in ``retning`` (op/ned) between ``fra_aar`` and ``til_aar``
``mindst_antal``       at least ``mindst`` per year, on average per year, or in total
``andel_af_kohorte``   at least ``mindst_pct`` % of a cohort (taeller/naevner)
``interval``           value within [``min``, ``max``] (by ``senest``)
``nulpunkt``           target fixed later from the zero point measured in ``nulpunkt_aar``
``kvalitativ``         judged by the evaluator (interviews, focus groups)
=====================  ==============================================================================
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..core.errors import PlanError, Problem
from ..core.formatting import antal_tekst
from ..core.names import normalise_name
from ..core.paths import DATA_DIR, PACKAGE_ROOT, PLAN_DIR  # noqa: F401  (the plan's public paths)

PLAN_FILES = ("plan.yaml", "omraader.yaml", "indsatsomraader.yaml", "indikatorer.yaml", "kriterier.yaml",
              "helhedsevaluering.yaml")

Enhed = Literal["pct", "antal", "pr_1000", "fuldtidspersoner", "uger", "dage"]
Retning = Literal["op", "ned"]
Runde = Literal["midtvej", "slut"]

#: The last year of data used by each evaluation round (DESIGN.md: midtvej -> 2018, slut -> 2021).
RUNDE_SIDSTE_AAR: dict[str, int] = {"midtvej": 2018, "slut": 2021}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- places


class Omraade(_Model):
    """One of the four housing areas, or ``samlet`` (the four together)."""

    id: str
    navn: str
    kortnavn: str | None = None
    by: str | None = None
    boligorganisation: str | None = None
    boligorganisation_note: str | None = None
    sub_liste_2017: bool | None = None
    koordinator_andel_pct: float | None = None
    aliaser: list[str] = Field(default_factory=list)
    beskrivelse: str | None = None
    afsnit: str | None = None


class Geografi(_Model):
    """A reference geography: ``sub`` (SUB average), ``danmark``, ``slagelse_kommune`` ..."""

    id: str
    navn: str
    aliaser: list[str] = Field(default_factory=list)
    beskrivelse: str | None = None


# --------------------------------------------------------------------------- organisation


class Budget(_Model):
    """Amounts in thousand kroner, as printed in the plan."""

    landsbyggefonden: float
    lokal_medfinansiering: float
    samlet: float
    afsnit: str

    @model_validator(mode="after")
    def _sum(self) -> Budget:
        if abs(self.landsbyggefonden + self.lokal_medfinansiering - self.samlet) > 0.5:
            raise ValueError(
                f"landsbyggefonden + lokal_medfinansiering = "
                f"{self.landsbyggefonden + self.lokal_medfinansiering:g}, men samlet er {self.samlet:g}"
            )
        return self


class Fundafsnit(_Model):
    """One section of the evaluator's findings: one of the plan's questions to the helhedsevaluering.

    ``overskrift`` is the section's heading in the findings file (``## overskrift``) and in the report;
    ``spoergsmaal`` the question it answers; ``planens_ord`` the plan's own words; ``afsnit`` where they
    stand in the plan.
    """

    id: str
    overskrift: str
    spoergsmaal: str
    planens_ord: str
    afsnit: str


class Helhedsevaluering(_Model):
    """The plan's helhedsevaluering (``data/plan/helhedsevaluering.yaml``): when each round is done and
    the sections of the evaluator's findings, in the plan's order."""

    afsnit: str
    runder: dict[str, str]
    fundafsnit: list[Fundafsnit]

    @model_validator(mode="after")
    def _unique(self) -> Helhedsevaluering:
        for felt in ("id", "overskrift"):
            values = [getattr(a, felt) for a in self.fundafsnit]
            dup = sorted({v for v in values if values.count(v) > 1})
            if dup:
                raise ValueError(f"fundafsnit: {felt} står mere end én gang: {dup}")
        return self


class Medarbejder(_Model):
    """A staff resource: ``aarsvaerk`` in full-time equivalents (0.5 = 50 %)."""

    stilling: str
    aarsvaerk: float
    note: str | None = None


class Aktivitet(_Model):
    id: str
    navn: str
    omraader: list[str]
    beskrivelse: str | None = None
    afsnit: str | None = None


class Indsatsomraade(_Model):
    id: str
    navn: str
    formaal: str
    budget: Budget
    medarbejdere: list[Medarbejder]
    aktiviteter: list[Aktivitet]
    delaftale_periode: str | None = None
    ressource_note: str | None = None


# --------------------------------------------------------------------------- indicators


class Indikator(_Model):
    """What is measured, in which unit, and which direction is better.

    ``samlet`` says how the value of ``samlet`` is formed from the four areas: ``sum`` of counts,
    ``ratio`` recomputed from taeller/naevner, or ``ingen`` (not aggregated).
    ``aarsopgoerelse`` says how quarterly or half-yearly figures make a year's figure.
    """

    id: str
    navn: str
    enhed: Enhed
    retning: Retning | None = None
    beskrivelse: str | None = None
    heltal: bool = False
    samlet: Literal["sum", "ratio", "ingen"] = "ingen"
    aarsopgoerelse: Literal["sum", "sidste", "maks", "gennemsnit"] = "sidste"
    #: Counts of persons in sensitive matters (crime, drugs, children, benefits, education): small
    #: counts are suppressed in published reports (diskretionering).
    foelsom: bool = False
    aliaser: list[str] = Field(default_factory=list)
    #: Years from the end of a year until its figure is published (register sources: kriminalitet from
    #: BL / Danmarks Statistik is 1). When a round's year is absent, the year this much earlier may
    #: stand in for it, and the status is then marked foreløbig.
    forsinkelse_aar: int = Field(default=0, ge=0, le=3)
    #: The statistical uncertainty of a value: ``wilson`` for survey shares with respondents,
    #: ``poisson`` for rates per 1000 with a population, ``ingen`` for counts and shares of a whole
    #: cohort or staff (not samples).
    usikkerhed: Literal["wilson", "poisson", "ingen"] = "ingen"


# --------------------------------------------------------------------------- criteria


class _MaalBase(_Model):
    omraader: list[str] = Field(min_length=1)
    beskrivelse: str | None = None


class OverReference(_MaalBase):
    type: Literal["over_reference"]
    reference: str
    reference_vaerdi: float | None = None
    reference_aar: int | None = None


class FastMaal(_MaalBase):
    type: Literal["fast_maal"]
    operator: Literal["<", "<=", ">", ">="]
    maal: float
    senest: int
    fra_vaerdi: float | None = None
    fra_aar: int | None = None
    #: ``fastholdes``: reached by ``senest`` and held every later year ("... og fastholdes derefter").
    derefter: Literal["fastholdes"] | None = None


class AarligAendring(_MaalBase):
    type: Literal["aarlig_aendring"]
    pct: float
    #: The year the first change is measured from (the nulpunkt, or the plan's printed year).
    fra_aar: int
    #: The plan's printed figure for ``fra_aar`` (e.g. påsatte brande 28 in 2016); else the data's.
    fra_vaerdi: float | None = None
    #: The first year judged on its change (default ``fra_aar + 1``).
    foerste_aar: int | None = None
    til_aar: int = 2021
    relativ_til: Literal["foregaaende_aar", "startaar"] = "foregaaende_aar"

    @property
    def foerste(self) -> int:
        return int(self.foerste_aar) if self.foerste_aar is not None else int(self.fra_aar) + 1

    @field_validator("pct")
    @classmethod
    def _nonzero(cls, v: float) -> float:
        if v == 0:
            raise ValueError("en årlig ændring på 0 % er ikke et mål")
        return v


class AendringIVindue(_MaalBase):
    type: Literal["aendring_i_vindue"]
    pct: float
    fra_aar: int
    inden_for_aar: int = Field(ge=1)
    derefter: Literal["fastholdes"] = "fastholdes"


class RetningMaal(_MaalBase):
    type: Literal["retning"]
    retning: Retning
    fra_aar: int
    til_aar: int


class MindstAntal(_MaalBase):
    type: Literal["mindst_antal"]
    mindst: float = Field(ge=0)
    opgoerelse: Literal["hvert_aar", "gennemsnit_pr_aar", "i_alt"]
    fra_aar: int = 2018
    senest: int | None = None
    oevre: float | None = None


class AndelAfKohorte(_MaalBase):
    type: Literal["andel_af_kohorte"]
    mindst_pct: float = Field(ge=0, le=100)
    kohorte: str
    fra_aar: int = 2018
    #: ``hvert_aar``: each year's cohort from ``fra_aar`` judged on its own; ``kohorter``: only the
    #: cohort years in ``kohorter``; ``frist``: the share reached by ``senest`` (a level, progress
    #: before it); ``gennemsnit``: the share pooled over ``fra_aar``..2021 (sum of tællere / nævnere).
    opgoerelse: Literal["hvert_aar", "kohorter", "frist", "gennemsnit"] = "hvert_aar"
    kohorter: list[int] | None = None
    senest: int | None = None

    @model_validator(mode="after")
    def _cohorts(self) -> AndelAfKohorte:
        if self.opgoerelse == "kohorter" and not self.kohorter:
            raise ValueError("opgoerelse 'kohorter' kræver en liste af kohorteår (kohorter)")
        if self.opgoerelse == "frist" and self.senest is None:
            raise ValueError("opgoerelse 'frist' kræver et år (senest)")
        return self


class Interval(_MaalBase):
    type: Literal["interval"]
    min: float
    max: float
    senest: int | None = None

    @model_validator(mode="after")
    def _order(self) -> Interval:
        if self.min > self.max:
            raise ValueError(f"min ({self.min:g}) er større end max ({self.max:g})")
        return self


class Nulpunkt(_MaalBase):
    type: Literal["nulpunkt"]
    nulpunkt_aar: int
    retning: Retning
    maal: float | None = None
    maal_note: str | None = None


class Kvalitativ(_MaalBase):
    type: Literal["kvalitativ"]
    metode: str


Maal = Annotated[
    OverReference | FastMaal | AarligAendring | AendringIVindue | RetningMaal | MindstAntal | AndelAfKohorte | Interval
    | Nulpunkt | Kvalitativ,
    Field(discriminator="type"),
]

KRITERIE_TYPER = (
    "over_reference",
    "fast_maal",
    "aarlig_aendring",
    "aendring_i_vindue",
    "retning",
    "mindst_antal",
    "andel_af_kohorte",
    "interval",
    "nulpunkt",
    "kvalitativ",
)


class Baseline(_Model):
    """Where the criterion starts: a printed value and year, or a zero point measured later."""

    vaerdi: float | None = None
    aar: int | None = None
    pr_omraade: dict[str, float] | None = None
    #: True when ``vaerdi`` is an assumption of this package, not a printed figure (e.g. 0 for an
    #: activity that starts with the plan); an observed value for the same year in the data wins.
    antaget: bool = False
    nulpunkt: str | None = None
    kilde: str | None = None
    note: str | None = None

    def for_omraade(self, omraade: str) -> float | None:
        """The baseline value that applies to ``omraade`` (area-specific, else the common one)."""
        if self.pr_omraade and omraade in self.pr_omraade:
            return self.pr_omraade[omraade]
        return self.vaerdi

    @model_validator(mode="after")
    def _something(self) -> Baseline:
        if self.vaerdi is None and not self.pr_omraade and self.nulpunkt is None and self.note is None:
            raise ValueError("angiv vaerdi og aar, nulpunkt (fx 'nulpunkt 2017') eller en note")
        if (self.vaerdi is not None or self.pr_omraade) and self.aar is None:
            raise ValueError("en baseline-værdi skal have et år (aar)")
        return self


class Forekomst(_Model):
    """Where in the plan the criterion appears, with the wording used there."""

    afsnit: str
    tekst: str | None = None


class Kriterium(_Model):
    """One succeskriterium of the plan, encoded once."""

    id: str
    indsatsomraade: str
    aktivitet: str | None = None
    tekst: str
    indikator: str | None = None
    omraader: list[str] = Field(min_length=1)
    maal: list[Maal] = Field(min_length=1)
    baseline: Baseline
    datakilde: str
    maalefrekvens: Literal["kvartalsvis", "halvaarlig", "aarlig", "4_gange_aarligt", "efter_forloeb", "engang"]
    forekomster: list[Forekomst] = Field(min_length=1)
    fortolkning: str | None = None
    #: The areas whose figures make this criterion's ``samlet`` (default: all four). The plan's 61
    #: 0-årige are Motalavej + Ringparken; fritidsjob is Motalavej + Ringparken + Sydbyen.
    samlet_af: list[str] | None = None
    #: An activity count under the delaftaler (1.10.2017-30.9.2021): 2021 is complete with Q1-Q3
    #: and a yearly count target is judged against 3/4 of its annual figure in 2021.
    delaftale: bool = False
    #: The target parts bind different years and form one target judged year by year (the website:
    #: the level in 2018, growth each later year); otherwise the worst part decides.
    et_maal_aar_for_aar: bool = False

    @property
    def kvalitativ(self) -> bool:
        return all(m.type == "kvalitativ" for m in self.maal)

    def maal_for(self, omraade: str) -> list[Any]:
        """The target parts that bind ``omraade``."""
        return [m for m in self.maal if omraade in m.omraader]

    @model_validator(mode="after")
    def _consistent(self) -> Kriterium:
        for i, m in enumerate(self.maal):
            extra = [a for a in m.omraader if a not in self.omraader]
            if extra:
                raise ValueError(f"maal[{i}] nævner områder {extra}, som ikke står i kriteriets omraader")
        uncovered = [a for a in self.omraader if not self.maal_for(a)]
        if uncovered:
            raise ValueError(f"områderne {uncovered} har intet mål i maal")
        if self.indikator is None and not self.kvalitativ:
            raise ValueError("et kvantitativt kriterium skal have en indikator")
        return self


class Plan(_Model):
    """The whole plan. Build it with :func:`load_plan`."""

    navn: str
    periode: str
    kilde: str
    vision: str
    evalueringsrunder: dict[str, int]
    boligorganisationer: list[str]
    budget: Budget
    omraader: list[Omraade]
    geografier: list[Geografi]
    indsatsomraader: list[Indsatsomraade]
    indikatorer: list[Indikator]
    kriterier: list[Kriterium]
    helhedsevaluering: Helhedsevaluering

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    # ---- lookups
    @cached_property
    def omraade(self) -> dict[str, Omraade]:
        return {o.id: o for o in self.omraader}

    @cached_property
    def geografi(self) -> dict[str, Geografi]:
        return {g.id: g for g in self.geografier}

    @cached_property
    def indikator(self) -> dict[str, Indikator]:
        return {i.id: i for i in self.indikatorer}

    @cached_property
    def kriterium(self) -> dict[str, Kriterium]:
        return {k.id: k for k in self.kriterier}

    @cached_property
    def indsatsomraade(self) -> dict[str, Indsatsomraade]:
        return {i.id: i for i in self.indsatsomraader}

    @cached_property
    def aktivitet(self) -> dict[str, Aktivitet]:
        return {a.id: a for i in self.indsatsomraader for a in i.aktiviteter}

    @property
    def omraade_ids(self) -> list[str]:
        """The four areas and ``samlet``."""
        return [o.id for o in self.omraader]

    @property
    def alle_steder(self) -> list[str]:
        """Every id an observation may carry in ``omraade``: areas, samlet and reference geographies."""
        return self.omraade_ids + [g.id for g in self.geografier]

    def stednavn(self, sted: str) -> str:
        """The plan's full name of an area or geography, for headings: ``Præstevangen og Parkvej``."""
        if sted in self.omraade:
            return self.omraade[sted].navn
        return self.geografi[sted].navn

    def kortnavn(self, sted: str) -> str:
        """The one short name of an area (``kortnavn`` in ``omraader.yaml``) for tables and sentences:
        ``Skælskør``, ``Ringparken``, ``Samlet``; a geography's name; an unknown id as it is."""
        if sted in self.omraade:
            o = self.omraade[sted]
            return o.kortnavn or o.navn
        if sted in self.geografi:
            return self.geografi[sted].navn
        return sted

    @cached_property
    def sted_alias(self) -> dict[str, str]:
        """Normalised id, name or alias -> canonical id, for areas and geographies."""
        out: dict[str, str] = {}
        steder: list[Omraade | Geografi] = [*self.omraader, *self.geografier]
        for item in steder:
            for name in [item.id, item.navn, *item.aliaser]:
                out[normalise_name(name)] = item.id
        return out

    @cached_property
    def indikator_alias(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for ind in self.indikatorer:
            for name in [ind.id, ind.navn, *ind.aliaser]:
                out[normalise_name(name)] = ind.id
        return out

    def kriterier_for(self, omraade: str) -> list[Kriterium]:
        return [k for k in self.kriterier if omraade in k.omraader]

    def kriterier_i(self, indsatsomraade: str) -> list[Kriterium]:
        return [k for k in self.kriterier if k.indsatsomraade == indsatsomraade]

    def kriterier_med(self, indikator: str) -> list[Kriterium]:
        return [k for k in self.kriterier if k.indikator == indikator]

    # ---- cross-checks that need the whole plan
    @model_validator(mode="after")
    def _references(self) -> Plan:
        problems: list[str] = []
        seen: dict[str, set[str]] = {}
        for kind, ids in [
            ("område", [i.id for i in self.omraader]),
            ("geografi", [i.id for i in self.geografier]),
            ("indsatsområde", [i.id for i in self.indsatsomraader]),
            ("indikator", [i.id for i in self.indikatorer]),
            ("kriterium", [i.id for i in self.kriterier]),
        ]:
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                problems.append(f"{kind}-id'er står mere end én gang: {dup}")
            seen[kind] = set(ids)
        places = seen["område"] | seen["geografi"]
        activities = {a.id for i in self.indsatsomraader for a in i.aktiviteter}
        for i in self.indsatsomraader:
            for a in i.aktiviteter:
                bad = [o for o in a.omraader if o not in seen["område"]]
                if bad:
                    problems.append(f"aktivitet '{a.id}', felt 'omraader': ukendte områder {bad}")
        for k in self.kriterier:
            where = f"kriterium '{k.id}'"
            if k.indsatsomraade not in seen["indsatsområde"]:
                problems.append(
                    f"{where}, felt 'indsatsomraade': ukendt indsatsområde '{k.indsatsomraade}' "
                    f"(gyldige: {sorted(seen['indsatsområde'])})"
                )
            if k.aktivitet is not None and k.aktivitet not in activities:
                problems.append(f"{where}, felt 'aktivitet': ukendt aktivitet '{k.aktivitet}'")
            if k.indikator is not None and k.indikator not in seen["indikator"]:
                problems.append(
                    f"{where}, felt 'indikator': ukendt indikator '{k.indikator}'"
                    + _suggest(k.indikator, seen["indikator"])
                )
            bad = [o for o in k.omraader if o not in seen["område"]]
            if bad:
                problems.append(f"{where}, felt 'omraader': ukendte områder {bad} (gyldige: {sorted(seen['område'])})")
            for j, m in enumerate(k.maal):
                if m.type == "over_reference" and m.reference not in places:
                    problems.append(f"{where}, felt 'maal[{j}].reference': ukendt geografi '{m.reference}'")
        if set(self.helhedsevaluering.runder) != set(self.evalueringsrunder):
            problems.append(f"helhedsevaluering, felt 'runder': {sorted(self.helhedsevaluering.runder)} skal være "
                            f"planens evalueringsrunder {sorted(self.evalueringsrunder)}")
        if problems:
            raise ValueError("\n".join(problems))
        return self


def _suggest(value: str, valid: set[str]) -> str:
    """A "did you mean" for a misspelt id, or nothing.

    >>> _suggest("sydbyn", {"sydbyen", "ringparken"}), _suggest("x", {"sydbyen"})
    ("; mente du 'sydbyen'?", '')
    """
    import difflib

    close = difflib.get_close_matches(value, sorted(valid), n=1, cutoff=0.5)
    return f"; mente du '{close[0]}'?" if close else ""


# --------------------------------------------------------------------------- loading


#: libyaml's safe loader where PyYAML was built with it (the same result, several times faster).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_YAML_LOADER)
    except FileNotFoundError as exc:
        raise PlanError([Problem(str(path), "planfilen findes ikke")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise PlanError([Problem(str(path), f"ikke gyldig YAML: {getattr(exc, 'problem', exc)}", raekke=row)]) from exc


def _locate(raw: dict[str, Any], loc: tuple[Any, ...], files: dict[str, str]) -> tuple[str, str]:
    """Translate a pydantic error location into (file, 'kriterium 'x', felt 'a.b'')."""
    if not loc:
        return files.get("plan", "plan"), "planen"
    section = loc[0]
    fil = files.get(str(section), files.get("plan", "plan"))
    labels = {
        "kriterier": "kriterium",
        "indikatorer": "indikator",
        "omraader": "område",
        "geografier": "geografi",
        "indsatsomraader": "indsatsområde",
    }
    if section in labels and len(loc) > 1 and isinstance(loc[1], int):
        items = raw.get(section) or []
        item = items[loc[1]] if loc[1] < len(items) else {}
        ident = item.get("id", f"nr. {loc[1] + 1}") if isinstance(item, dict) else f"nr. {loc[1] + 1}"
        rest = loc[2:]
        # discriminated unions add the type name to the path: maal.0.fast_maal.senest -> maal[0].senest
        field = ""
        for part in rest:
            if isinstance(part, int):
                field += f"[{part}]"
            elif part in KRITERIE_TYPER:
                continue
            else:
                field += ("." if field else "") + str(part)
        return fil, f"{labels[section]} '{ident}'" + (f", felt '{field}'" if field else "")
    return fil, f"felt '{'.'.join(str(p) for p in loc)}'"


#: The first word of a cross-check message -> the section (and so the file) that holds the item.
_SECTION_OF = {"kriterium": "kriterier", "aktivitet": "indsatsomraader", "indsatsområde": "indsatsomraader",
               "indikator": "indikatorer", "område": "omraader", "geografi": "geografier",
               "helhedsevaluering": "helhedsevaluering"}


def _cross_check_problem(line: str, files: dict[str, str]) -> Problem:
    """A cross-check message with the file that holds the item it names, and the item's line there."""
    m = re.match(r"(\w+)(?:-id'er| '([^']*)')?", line)
    section = _SECTION_OF.get(m.group(1)) if m else None
    fil = files.get(section or "", files.get("plan", "plan"))
    row = None
    if m and m.group(2) and section:
        try:
            text = Path(fil).read_text(encoding="utf-8").splitlines()
        except OSError:  # pragma: no cover - it was just read
            text = []
        pattern = re.compile(rf"^\s*-?\s*id:\s*['\"]?{re.escape(m.group(2))}['\"]?\s*(#.*)?$")
        row = next((i + 1 for i, t in enumerate(text) if pattern.match(t)), None)
    return Problem(fil, line, raekke=row)


def load_plan(plan_dir: str | Path | None = None) -> Plan:
    """Read the plan from ``plan_dir`` (default: the shipped ``data/plan``).

    Raises
    ------
    PlanError
        with one problem per malformed field, each naming the file, the item (criterion, indicator,
        area ...) and the field.
    """
    plan_dir = Path(plan_dir) if plan_dir is not None else PLAN_DIR
    return _load_plan_cached(str(plan_dir.resolve()))


@lru_cache(maxsize=8)
def _load_plan_cached(plan_dir: str) -> Plan:
    base = Path(plan_dir)
    raw: dict[str, Any] = {}
    files: dict[str, str] = {}
    for name in PLAN_FILES:
        path = base / name
        content = _read_yaml(path)
        if content is None:
            content = {}
        if not isinstance(content, dict):
            raise PlanError([Problem(str(path), "filen skal indeholde en YAML-mapping (nøgle: værdi)")])
        for key, value in content.items():
            if key in raw:
                raise PlanError([Problem(str(path), f"nøglen '{key}' står også i {files[key]}")])
            raw[key] = value
            files[key] = str(path)
        if name == "plan.yaml":
            files["plan"] = str(path)
    try:
        return Plan.model_validate(raw)
    except ValidationError as exc:
        problems: list[Problem] = []
        for err in exc.errors():
            fil, where = _locate(raw, tuple(err["loc"]), files)
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                msg = "feltet mangler"
            elif err["type"] == "extra_forbidden":
                msg = "ukendt felt"
            elif err["type"] == "union_tag_invalid":
                msg = f"ukendt kriterietype; gyldige typer: {', '.join(KRITERIE_TYPER)}"
            if not err["loc"]:  # the plan's cross-checks: each line names the item, e.g. "kriterium 'x', ..."
                problems.extend(_cross_check_problem(line, files) for line in msg.splitlines())
            else:
                problems.append(Problem(fil, f"{where}: {msg}"))
        summary = f"Planfilerne i {base} er ikke gyldige ({antal_tekst(len(problems), 'problem', 'problemer')})"
        raise PlanError(problems, summary=summary) from None
