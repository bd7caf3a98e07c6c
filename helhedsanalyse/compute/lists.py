"""Regeringens lister: which statutory criteria each area meets, year by year, and its list status.

The plan's vision is that none of the four areas is on the government's list of particularly
vulnerable housing areas after 2025; Ringparken and Motalavej were on it when the plan began. Whether
an area is on a list is decided by a handful of statutory criteria whose definitions and thresholds
changed in 2013, 2018 and 2021. This module holds

* the rules as data (:func:`load_rules`, from ``data/lister/kriterier.yaml``): per period the lists, their
  conditions, thresholds, averaging windows, the conviction threshold as a multiple of the national
  average, and the consecutive-years rule for hårde ghettoområder / omdannelsesområder;
* :func:`classify`: one area's criterion values for one list (1 December of a year) -> which criteria are
  met, by how much each is met or missed, and the status under the rules in force, or which values are
  missing when it cannot be decided;
* :func:`load_history`: the recorded list status of the areas (``data/lister/listestatus.csv``,
  transcribed from the reference data), with "inferred" and "not found" kept exactly so;
* :func:`list_table`: one row per area × list year, classifier result beside the recorded status;
* :func:`liste_afsnit`: the report section (HTML) for one area or ``samlet``, with the 2025 vision.

Criterion ids (keys of ``values``; the indicator ids in ``data/plan/indikatorer.yaml`` are accepted too):

=================  =============================================  ==============================
criterion          what                                           indicator
=================  =============================================  ==============================
``beboere``        residents (at least 1.000 from 2013)            ``liste_beboere``
``ikke_vestlige``  % immigrants and descendants, non-Western       ``liste_ikke_vestlige``
``arbejdsmarked``  % 18-64 outside labour market and education     ``liste_uden_arbejde_uddannelse``
``domme``          % residents convicted (straffelov, våbenlov,    ``liste_doemte``
                   lov om euforiserende stoffer)
``uddannelse``     % 30-59 with only basic education               ``liste_kun_grundskole_30_59``
``indkomst``       gross income 15-64 in % of the region's         ``liste_indkomst_pct_af_region``
=================  =============================================  ==============================

Values are the criterion values as used for the list of that year (already averaged over the window the
rule names). A threshold is met as the sources word it: "mere end"/"overstiger" is strict (``>``),
"mindst" is inclusive (``>=``), "mindre end" is strict (``<``); a value exactly at a strict threshold does
not meet it. The method is written down in ``docs/lister.md``.

>>> k = classify({"beboere": 2100, "arbejdsmarked": 45.2, "domme": 2.31, "uddannelse": 57.1,
...               "indkomst": 54.2, "ikke_vestlige": 56.4}, 2019, landsgennemsnit_domme=0.68)
>>> k.status, k.antal_opfyldt, k.antal_kraevet
('ghetto', 3, 2)
"""

from __future__ import annotations

import csv
import html
import math
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..core.errors import HelhedsanalyseError
from ..core.formatting import MINUS, csv_tekst, format_tal
from ..plan.model import DATA_DIR, RUNDE_SIDSTE_AAR, Plan, load_plan, normalise_name
from . import diskretionering as disk

__all__ = [
    "KRITERIER",
    "LISTE_DIR",
    "Graense",
    "Klassifikation",
    "Kriterieresultat",
    "ListeError",
    "Periode",
    "Regler",
    "classify",
    "diskretioner_listetabel",
    "format_lister",
    "liste_afsnit",
    "list_table",
    "load_history",
    "load_rules",
    "rullende_gennemsnit",
]

#: Where the rules and the recorded history live.
LISTE_DIR = DATA_DIR / "lister"

#: The criteria, in the order tables show them.
KRITERIER: tuple[str, ...] = ("beboere", "ikke_vestlige", "arbejdsmarked", "domme", "uddannelse", "indkomst")

#: The four areas (``samlet`` is not a list area: the lists classify each area on its own).
OMRAADER: tuple[str, ...] = ("motalavej", "ringparken", "sydbyen", "skaelskoer")

#: The years of the plan; every area gets a row for each of them in :func:`list_table`.
PLANAAR: tuple[int, ...] = (2017, 2018, 2019, 2020, 2021)

_OPERATORER = (">", ">=", "<", "<=")
_OP_TEKST = {">": "mere end", ">=": "mindst", "<": "mindre end", "<=": "højst"}
_OP_TEGN = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}

#: Status ids that are not list ids.
IKKE_PAA_LISTE = "ikke_paa_liste"
KAN_IKKE_AFGOERES = "kan_ikke_afgoeres"

#: Results of one criterion.
OPFYLDT, IKKE_OPFYLDT, MANGLER = "opfyldt", "ikke_opfyldt", "mangler"
_RESULTAT_TEKST = {OPFYLDT: "opfyldt", IKKE_OPFYLDT: "ikke opfyldt", MANGLER: "mangler"}
_RESULTAT_SYMBOL = {OPFYLDT: "▲", IKKE_OPFYLDT: "▽", MANGLER: "?"}

#: Values are compared after rounding to this many decimals, so that 3 × 0,68 equals 2,04 exactly.
_DECIMALER = 9


class ListeError(HelhedsanalyseError):
    """The list rules or history files are malformed, or a list year has no rules."""


# =========================================================================== the rules as data


@dataclass(frozen=True)
class Graense:
    """One threshold of one list: ``operator`` and ``vaerdi`` (or ``faktor_landsgennemsnit``)."""

    kriterium: str
    operator: str
    vaerdi: float | None = None
    faktor_landsgennemsnit: float | None = None
    gennemsnit_aar: int | None = None
    tekst: str = ""

    def graense(self, landsgennemsnit_domme: float | None) -> float | None:
        """The threshold in the criterion's unit (convictions: factor × national average)."""
        if self.faktor_landsgennemsnit is None:
            return self.vaerdi
        if not _finite(landsgennemsnit_domme):
            return None
        return round(self.faktor_landsgennemsnit * float(landsgennemsnit_domme), _DECIMALER)  # type: ignore[arg-type]

    @property
    def inklusiv(self) -> bool:
        return self.operator in (">=", "<=")

    @property
    def opad(self) -> bool:
        """True if high values meet the criterion (``>``/``>=``)."""
        return self.operator in (">", ">=")


@dataclass(frozen=True)
class Liste:
    """One list of a period: its conditions (all must hold) and its thresholds."""

    id: str
    navn: str
    vision: bool
    betingelser: tuple[dict[str, Any], ...]
    graenser: dict[str, Graense]

    @property
    def mindst(self) -> tuple[int, tuple[str, ...]] | None:
        """The ``m of K`` condition of the list, if it has one: (m, K criteria)."""
        for b in self.betingelser:
            if "mindst" in b:
                return int(b["mindst"]), tuple(b["af"])
        return None

    @property
    def i_traek(self) -> dict[str, Any] | None:
        for b in self.betingelser:
            if "i_traek" in b:
                return b["i_traek"]
        return None


@dataclass(frozen=True)
class Periode:
    """A set of rules in force for the lists of 1 December ``fra_aar``..``til_aar`` (None: still)."""

    id: str
    navn: str
    fra_aar: int
    til_aar: int | None
    regel_tekst: str
    kilder: tuple[str, ...]
    lister: tuple[Liste, ...]
    note: str = ""

    def liste(self, liste_id: str) -> Liste:
        for item in self.lister:
            if item.id == liste_id:
                return item
        raise KeyError(liste_id)

    @property
    def liste_ids(self) -> list[str]:
        return [item.id for item in self.lister]

    def gaelder(self, aar: int) -> bool:
        return self.fra_aar <= aar and (self.til_aar is None or aar <= self.til_aar)

    def hovedgraense(self, kriterium: str) -> tuple[Liste, Graense] | None:
        """The threshold of ``kriterium`` on the lists the vision names (udsat/ghetto ...), else any list."""
        for only_vision in (True, False):
            for item in self.lister:
                if (item.vision or not only_vision) and kriterium in item.graenser:
                    return item, item.graenser[kriterium]
        return None

    @property
    def hovedliste(self) -> Liste:
        """The first list the vision names with an ``m of K`` rule (ghettolisten, udsat)."""
        return next(item for item in self.lister if item.vision and item.mindst is not None)


@dataclass(frozen=True)
class Regler:
    """The criteria and the periods of rules (``data/lister/kriterier.yaml``)."""

    kriterier: dict[str, dict[str, Any]]
    perioder: tuple[Periode, ...]
    ghetto_lister: frozenset[str]
    vision_aar: int
    vision_tekst: str
    vision_kilde: str
    fil: str

    def periode_for(self, aar: int) -> Periode:
        for p in self.perioder:
            if p.gaelder(int(aar)):
                return p
        first = min(p.fra_aar for p in self.perioder)
        raise ListeError(
            f"Der er ingen regler for listen pr. 1. december {aar}: den første liste er fra {first} "
            f"(se {self.fil})."
        )

    @property
    def indikator_til_kriterium(self) -> dict[str, str]:
        return {v["indikator"]: k for k, v in self.kriterier.items()}

    def navn(self, kriterium: str) -> str:
        return self.kriterier[kriterium]["navn"]

    def kort(self, kriterium: str) -> str:
        return self.kriterier[kriterium].get("kort", kriterium)

    def liste_navn(self, liste_id: str, aar: int | None = None) -> str:
        """Danish name of a list (the one in force in ``aar`` if given)."""
        perioder = [self.periode_for(aar)] if aar is not None else list(reversed(self.perioder))
        for p in perioder:
            for item in p.lister:
                if item.id == liste_id:
                    return item.navn
        for p in self.perioder:
            for item in p.lister:
                if item.id == liste_id:
                    return item.navn
        return liste_id

    @property
    def vision_lister(self) -> frozenset[str]:
        return frozenset(item.id for p in self.perioder for item in p.lister if item.vision)


def load_rules(path: str | Path | None = None) -> Regler:
    """Read the list rules (default ``data/lister/kriterier.yaml``).

    Raises
    ------
    ListeError
        naming the file and the period, list or field that is malformed.
    """
    path = Path(path) if path is not None else LISTE_DIR / "kriterier.yaml"
    return _load_rules_cached(str(path.resolve()))


@lru_cache(maxsize=4)
def _load_rules_cached(path: str) -> Regler:
    fil = path
    try:
        with open(path, encoding="utf-8") as fh:
            raw = yaml.safe_load(fh)
    except FileNotFoundError:
        raise ListeError(f"{fil}: filen med listekriterierne findes ikke") from None
    except yaml.YAMLError as exc:
        raise ListeError(f"{fil}: ikke gyldig YAML: {exc}") from None
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ListeError(f"{fil}: filen skal indeholde en YAML-mapping")
    kriterier = raw.get("kriterier") or {}
    for k in KRITERIER:
        if k not in kriterier:
            problems.append(f"kriterier: '{k}' mangler")
    perioder: list[Periode] = []
    for i, p in enumerate(raw.get("perioder") or []):
        where = f"periode '{p.get('id', i + 1)}'"
        lister: list[Liste] = []
        seen: list[str] = []
        for item in p.get("lister") or []:
            lw = f"{where}, liste '{item.get('id')}'"
            graenser: dict[str, Graense] = {}
            for krit, g in (item.get("graenser") or {}).items():
                if krit not in kriterier:
                    problems.append(f"{lw}: ukendt kriterium '{krit}' i graenser")
                    continue
                op = g.get("operator")
                if op not in _OPERATORER:
                    problems.append(f"{lw}, graense '{krit}': operator skal være en af {', '.join(_OPERATORER)}")
                    continue
                if (g.get("vaerdi") is None) == (g.get("faktor_landsgennemsnit") is None):
                    problems.append(f"{lw}, graense '{krit}': angiv enten vaerdi eller faktor_landsgennemsnit")
                    continue
                graenser[krit] = Graense(
                    kriterium=krit,
                    operator=op,
                    vaerdi=None if g.get("vaerdi") is None else float(g["vaerdi"]),
                    faktor_landsgennemsnit=None if g.get("faktor_landsgennemsnit") is None else float(g["faktor_landsgennemsnit"]),
                    gennemsnit_aar=g.get("gennemsnit_aar"),
                    tekst=str(g.get("tekst") or ""),
                )
            betingelser = tuple(item.get("betingelser") or ())
            for b in betingelser:
                if "kriterium" in b and b["kriterium"] not in graenser:
                    problems.append(f"{lw}: betingelsen kriterium '{b['kriterium']}' har ingen grænse i graenser")
                if "mindst" in b:
                    bad = [k for k in b.get("af", []) if k not in graenser]
                    if bad:
                        problems.append(f"{lw}: kriterierne {bad} i 'mindst ... af' har ingen grænse i graenser")
                if "liste" in b and b["liste"] not in seen:
                    problems.append(f"{lw}: betingelsen liste '{b['liste']}' skal stå før listen selv")
                if "i_traek" in b and not isinstance(b["i_traek"].get("aar"), int):
                    problems.append(f"{lw}: i_traek skal have et helt antal år (aar)")
            if not betingelser:
                problems.append(f"{lw}: ingen betingelser")
            lister.append(Liste(id=str(item["id"]), navn=str(item["navn"]), vision=bool(item.get("vision", True)),
                                betingelser=betingelser, graenser=graenser))
            seen.append(str(item["id"]))
        perioder.append(
            Periode(
                id=str(p["id"]),
                navn=str(p.get("navn", p["id"])),
                fra_aar=int(p["fra_aar"]),
                til_aar=None if p.get("til_aar") is None else int(p["til_aar"]),
                regel_tekst=" ".join(str(p.get("regel_tekst", "")).split()),
                kilder=tuple(p.get("kilder") or ()),
                lister=tuple(lister),
                note=" ".join(str(p.get("note") or "").split()),
            )
        )
    if not perioder:
        problems.append("perioder: ingen perioder")
    if problems:
        raise ListeError(f"{fil}: listekriterierne er ikke gyldige:\n  " + "\n  ".join(problems))
    vision = raw.get("vision") or {}
    return Regler(
        kriterier={k: dict(v) for k, v in kriterier.items()},
        perioder=tuple(sorted(perioder, key=lambda p: p.fra_aar)),
        ghetto_lister=frozenset(raw.get("ghetto_lister") or ()),
        vision_aar=int(vision.get("aar", 2025)),
        vision_tekst=str(vision.get("tekst", "")),
        vision_kilde=str(vision.get("kilde", "")),
        fil=fil,
    )


# =========================================================================== classification


@dataclass(frozen=True)
class Kriterieresultat:
    """One criterion of one list in one year: value, threshold, distance and result.

    ``afstand`` is signed so that a positive number is on the side that counts toward the list (the
    criterion is met by that margin) and a negative number is the margin by which it is missed, in the
    criterion's unit (procentpoint for shares, residents for ``beboere``). ``resultat`` is ``opfyldt``,
    ``ikke_opfyldt`` or ``mangler``.
    """

    kriterium: str
    navn: str
    liste: str
    vaerdi: float | None
    operator: str
    graense: float | None
    afstand: float | None
    resultat: str
    tekst: str
    graense_tekst: str = ""
    gennemsnit_aar: int | None = None
    faktor_landsgennemsnit: float | None = None
    gange_landsgennemsnit: float | None = None

    @property
    def met(self) -> bool:
        return self.resultat == OPFYLDT

    @property
    def missed(self) -> bool:
        return self.resultat == IKKE_OPFYLDT

    @property
    def missing(self) -> bool:
        return self.resultat == MANGLER

    @property
    def relativ_afstand(self) -> float | None:
        """``afstand`` in percent of the threshold (comparable across criteria)."""
        if self.afstand is None or not self.graense:
            return None
        return 100.0 * self.afstand / abs(self.graense)


@dataclass(frozen=True)
class Klassifikation:
    """The result of :func:`classify` for one area and one list (1 December ``liste_aar``).

    ``lister`` maps every list of the period (mildest first) to True (on it), False (not on it) or None
    (cannot be decided from the values given). ``status`` is the strictest list the area is on,
    ``ikke_paa_liste``, or ``kan_ikke_afgoeres``; ``afgjort`` is False when a stricter list than
    ``status`` cannot be decided. ``mangler`` names the criteria whose missing value (or missing
    national average, for ``domme``) keeps a list undecided.
    """

    liste_aar: int
    periode: str
    periode_navn: str
    regel_tekst: str
    kriterier: tuple[Kriterieresultat, ...]
    lister: dict[str, bool | None]
    lister_alternativ: dict[str, bool | None]
    status: str
    status_tekst: str
    afgjort: bool
    mangler: tuple[str, ...]
    mangler_historik: tuple[int, ...]
    historik_brugt: tuple[int, ...]
    paa_sub_listen: bool | None
    antal_opfyldt: int
    antal_mangler: int
    antal_kraevet: int
    antal_af: int
    afgoerende: tuple[str, ...]
    forklaring: str
    usikkerhed: str = ""
    landsgennemsnit_domme: float | None = None

    def kriterium(self, kriterium: str, liste: str | None = None) -> Kriterieresultat | None:
        """The result of ``kriterium`` against the threshold of ``liste`` (default: the main list's)."""
        if liste is None:
            hoved = self.hovedkriterier
            return hoved.get(kriterium)
        for r in self.kriterier:
            if r.kriterium == kriterium and r.liste == liste:
                return r
        return None

    @property
    def hovedkriterier(self) -> dict[str, Kriterieresultat]:
        """One result per criterion: against the lists the vision names (udsat/ghetto), else any list."""
        rules = load_rules()
        periode = rules.periode_for(self.liste_aar)
        out: dict[str, Kriterieresultat] = {}
        for k in KRITERIER:
            hit = periode.hovedgraense(k)
            if hit is None:
                continue
            r = next((r for r in self.kriterier if r.kriterium == k and r.liste == hit[0].id), None)
            if r is not None:
                out[k] = r
        return out


def _finite(x: Any) -> bool:
    if x is None or isinstance(x, bool):
        return False
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _kleene_and(values: Iterable[bool | None]) -> bool | None:
    values = list(values)
    if any(v is False for v in values):
        return False
    if all(v is True for v in values):
        return True
    return None


def _kleene_or(values: Iterable[bool | None]) -> bool | None:
    values = list(values)
    if any(v is True for v in values):
        return True
    if all(v is False for v in values):
        return False
    return None


def _pct(x: float, decimaler: int = 1) -> str:
    return format_tal(x, decimaler) + " %"


def _decimaler(kriterium: str) -> int:
    return 0 if kriterium == "beboere" else 2 if kriterium == "domme" else 1


def format_kriterievaerdi(kriterium: str, x: float | None) -> str:
    """A criterion value in Danish: ``2.150``, ``46,5 %``, ``2,31 %``; missing: ``–``."""
    if not _finite(x):
        return "–"
    if kriterium == "beboere":
        return format_tal(x, 0)
    return _pct(float(x), _decimaler(kriterium))  # type: ignore[arg-type]


def format_graense(kriterium: str, x: float | None) -> str:
    """A threshold in Danish, without trailing zeros: ``1.000``, ``40 %``, ``2,04 %``."""
    if not _finite(x):
        return "–"
    if kriterium == "beboere":
        return format_tal(x, 0)
    return format_tal(round(float(x), 3)) + " %"  # type: ignore[arg-type]


def _enhed_forskel(kriterium: str) -> str:
    return " beboere" if kriterium == "beboere" else " procentpoint"


def _forskel(kriterium: str, d: float) -> str:
    """``+6,5`` / ``−3,0`` (value minus threshold)."""
    text = format_tal(abs(d), _decimaler(kriterium))
    if round(d, _DECIMALER) == 0:
        return "±0"
    return ("+" if d > 0 else MINUS) + text


def _judge(kriterium: str, navn: str, liste: Liste, g: Graense, vaerdi: Any,
           landsgennemsnit: float | None) -> Kriterieresultat:
    graense = g.graense(landsgennemsnit)
    gange = None
    if g.faktor_landsgennemsnit is not None and _finite(vaerdi) and _finite(landsgennemsnit) and float(landsgennemsnit) > 0:  # type: ignore[arg-type]
        gange = float(vaerdi) / float(landsgennemsnit)  # type: ignore[arg-type]
    tegn = _OP_TEGN[g.operator]
    if g.faktor_landsgennemsnit is not None:
        graense_tekst = f"{tegn} {format_tal(g.faktor_landsgennemsnit)} × landsgennemsnittet"
        if graense is not None:
            graense_tekst = (f"{tegn} {format_tal(g.faktor_landsgennemsnit)} × "
                             f"{format_graense(kriterium, landsgennemsnit)} = {format_graense(kriterium, graense)}")
    else:
        graense_tekst = f"{tegn} {format_graense(kriterium, graense)}"
    if not _finite(vaerdi):
        tekst = f"{navn.lower() if kriterium != 'beboere' else 'antal beboere'}: værdien mangler"
        return Kriterieresultat(kriterium, navn, liste.id, None, g.operator, graense, None, MANGLER,
                                _cap(tekst), graense_tekst, g.gennemsnit_aar, g.faktor_landsgennemsnit, None)
    v = float(vaerdi)
    if graense is None:
        tekst = (f"{format_kriterievaerdi(kriterium, v)}, men landsgennemsnittet for dømte mangler, så grænsen "
                 f"({graense_tekst}) kan ikke beregnes")
        return Kriterieresultat(kriterium, navn, liste.id, v, g.operator, None, None, MANGLER,
                                _cap(tekst), graense_tekst, g.gennemsnit_aar, g.faktor_landsgennemsnit, None)
    afstand = round((v - graense) if g.opad else (graense - v), _DECIMALER)
    met = afstand > 0 or (afstand == 0 and g.inklusiv)
    resultat = OPFYLDT if met else IKKE_OPFYLDT
    d = round(v - graense, _DECIMALER)
    vt = format_kriterievaerdi(kriterium, v)
    if gange is not None:
        vt += f" = {format_tal(gange, 2)} gange landsgennemsnittet"
    if d == 0:
        rel = "præcis på grænsen"
        if not met:
            rel += f", og kriteriet kræver {_OP_TEKST[g.operator]} {format_graense(kriterium, graense)}"
    else:
        rel = (f"{format_tal(abs(d), _decimaler(kriterium))}{_enhed_forskel(kriterium)} "
               f"{'over' if d > 0 else 'under'} grænsen")
    tekst = f"{kort_navn(kriterium)} {vt}, grænse {graense_tekst}: {_RESULTAT_TEKST[resultat]} ({rel})"
    return Kriterieresultat(kriterium, navn, liste.id, v, g.operator, graense, afstand, resultat, _cap(tekst),
                            graense_tekst, g.gennemsnit_aar, g.faktor_landsgennemsnit, gange)


def kort_navn(kriterium: str) -> str:
    """Short Danish name of a criterion for sentences: ``andelen uden for arbejdsmarkedet`` ..."""
    return {
        "beboere": "antal beboere",
        "ikke_vestlige": "andelen af ikke-vestlige indvandrere og efterkommere",
        "arbejdsmarked": "andelen uden for arbejdsmarked og uddannelse",
        "domme": "andelen af dømte",
        "uddannelse": "andelen med højst grunduddannelse",
        "indkomst": "indkomsten i procent af regionens",
    }.get(kriterium, kriterium)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _normalise_values(values: Mapping[str, Any] | None) -> dict[str, float | None]:
    rules = load_rules()
    alias = rules.indikator_til_kriterium
    out: dict[str, float | None] = {}
    for key, v in (values or {}).items():
        k = alias.get(key, key)
        if k not in rules.kriterier:
            raise ListeError(
                f"ukendt listekriterium '{key}'; gyldige: {', '.join(KRITERIER)} (eller indikatorerne "
                f"{', '.join(alias)})"
            )
        out[k] = float(v) if _finite(v) else None
    return out


def _history_flag(entry: Any, ghetto_lister: frozenset[str]) -> bool | None:
    """Was the area on a ghetto list (ghettoliste, ghetto, parallelsamfund ...) that year? None: unknown."""
    if entry is None:
        return None
    if isinstance(entry, bool):
        return entry
    if isinstance(entry, Klassifikation):
        return _kleene_or(v for k, v in entry.lister.items() if k in ghetto_lister) if any(
            k in ghetto_lister for k in entry.lister) else False
    if isinstance(entry, float) and math.isnan(entry):
        return None
    if isinstance(entry, str):
        s = entry.strip()
        if s in ghetto_lister:
            return True
        if s in (IKKE_PAA_LISTE, "udsat", "forebyggelse"):
            return False
        if s in (KAN_IKKE_AFGOERES, "ikke_fundet", "not found", ""):
            return None
        raise ListeError(
            f"ukendt listestatus i historikken: '{entry}'; brug en liste-id ({', '.join(sorted(ghetto_lister))}, "
            f"udsat, forebyggelse), '{IKKE_PAA_LISTE}', True/False eller None"
        )
    if isinstance(entry, Iterable):
        items = {str(x) for x in entry}
        return bool(items & ghetto_lister)
    raise ListeError(f"ukendt listestatus i historikken: {entry!r}")


@dataclass
class _Cond:
    value: bool | None
    tekst: str
    mangler: set[str] = field(default_factory=set)
    mangler_aar: list[int] = field(default_factory=list)
    brugt_aar: list[int] = field(default_factory=list)


def _eval_list(liste: Liste, results: dict[tuple[str, str], Kriterieresultat], membership: dict[str, bool | None],
               aar: int, history: Mapping[int, Any] | None, rules: Regler, n_aar: int | None) -> list[_Cond]:
    conds: list[_Cond] = []
    for b in liste.betingelser:
        if "kriterium" in b:
            r = results[(liste.id, b["kriterium"])]
            value = True if r.met else False if r.missed else None
            conds.append(_Cond(value, r.tekst, {r.kriterium} if r.missing else set()))
        elif "mindst" in b:
            m, af = int(b["mindst"]), list(b["af"])
            rs = [results[(liste.id, k)] for k in af]
            a = sum(r.met for r in rs)
            c = [r.kriterium for r in rs if r.missing]
            value = True if a >= m else False if a + len(c) < m else None
            tekst = f"{a} af {len(af)} kriterier opfyldt (mindst {m} kræves)"
            if value is None:
                tekst += f"; afhænger af {', '.join(kort_navn(k) for k in c)}, som mangler"
            conds.append(_Cond(value, tekst, set(c) if value is None else set()))
        elif "liste" in b:
            other = b["liste"]
            v = membership.get(other)
            navn = rules.liste_navn(other, aar).lower()
            tekst = (f"er {navn}" if v else f"er ikke {navn}" if v is False else f"det kan ikke afgøres, om det er {navn}")
            conds.append(_Cond(v, tekst))
        elif "i_traek" in b:
            n = int(n_aar or b["i_traek"]["aar"])
            years = list(range(aar - n + 1, aar))
            flags = {y: _history_flag((history or {}).get(y), rules.ghetto_lister) for y in years}
            false_years = [y for y, f in flags.items() if f is False]
            missing = [y for y, f in flags.items() if f is None]
            value = False if false_years else True if not missing else None
            span = f"{aar - n + 1}-{aar}"
            if value is True:
                tekst = f"på ghettolisten/parallelsamfundslisten i alle {n} år {span}"
            elif value is False:
                tekst = f"ikke på ghettolisten/parallelsamfundslisten i {_years_text(false_years)} (kræver {n} år i træk, {span})"
            else:
                tekst = f"listestatus mangler for {_years_text(missing)} (kræver {n} år i træk, {span})"
            conds.append(_Cond(value, tekst, mangler_aar=missing if value is None else [], brugt_aar=years))
    return conds


def _years_text(years: list[int]) -> str:
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    return ", ".join(str(y) for y in years[:-1]) + " og " + str(years[-1])


def classify(
    values: Mapping[str, float | None],
    list_date: int,
    landsgennemsnit_domme: float | None = None,
    history: Mapping[int, Any] | None = None,
) -> Klassifikation:
    """Classify one area for the list of 1 December ``list_date`` under the rules in force that year.

    Parameters
    ----------
    values : mapping
        Criterion values for that list, keyed by criterion id (``beboere``, ``ikke_vestlige``,
        ``arbejdsmarked``, ``domme``, ``uddannelse``, ``indkomst``) or by indicator id
        (``liste_beboere`` ...). Shares in percent (0-100); ``domme`` is the share of residents convicted
        (in percent), ``indkomst`` the area's gross income in percent of the region's. None/NaN: missing.
        Values are the ones the list uses (already averaged where the rule says so).
    list_date : int
        The year of the 1 December list.
    landsgennemsnit_domme : float, optional
        The national share convicted (percent), needed from 2018, when the conviction threshold is a
        multiple of it. Without it the conviction criterion is "mangler".
    history : mapping year -> status, optional
        The area's status on earlier lists, for the consecutive-years rule of hårde ghettoområder /
        omdannelsesområder: a list id (``ghettoliste``, ``ghetto``, ``haardt_ghetto``,
        ``parallelsamfund``, ``omdannelse``; ``udsat``/``forebyggelse``/``ikke_paa_liste`` count as not
        on a ghetto list), a set of list ids, True/False (on a ghetto list or not), a
        :class:`Klassifikation`, or None (unknown).

    Returns
    -------
    Klassifikation
        Per-criterion results (met/missed/missing, value, threshold, distance), the membership of each
        list, the status with a Danish explanation, and which values are missing if it cannot be decided.

    Raises
    ------
    ListeError
        for a year before the first list (2010), an unknown criterion id or an unknown history status.
    """
    rules = load_rules()
    aar = int(list_date)
    periode = rules.periode_for(aar)
    vals = _normalise_values(values)
    lg = float(landsgennemsnit_domme) if _finite(landsgennemsnit_domme) else None

    results: dict[tuple[str, str], Kriterieresultat] = {}
    for liste in periode.lister:
        for k, g in liste.graenser.items():
            results[(liste.id, k)] = _judge(k, rules.navn(k), liste, g, vals.get(k), lg)

    def memberships(alternativ: bool) -> tuple[dict[str, bool | None], dict[str, list[_Cond]]]:
        member: dict[str, bool | None] = {}
        conds_by: dict[str, list[_Cond]] = {}
        for liste in periode.lister:
            n = None
            if alternativ and liste.i_traek is not None:
                n = liste.i_traek.get("alternativ") or liste.i_traek["aar"]
            conds = _eval_list(liste, results, member, aar, history, rules, n)
            member[liste.id] = _kleene_and(c.value for c in conds)
            conds_by[liste.id] = conds
        return member, conds_by

    member, conds_by = memberships(False)
    member_alt, conds_alt = memberships(True)

    ids = periode.liste_ids
    on = [i for i in ids if member[i] is True]
    if on:
        status = on[-1]
        stricter = ids[ids.index(status) + 1:]
    else:
        status = IKKE_PAA_LISTE if all(member[i] is False for i in ids) else KAN_IKKE_AFGOERES
        stricter = ids
    undecided = [i for i in stricter if member[i] is None]
    afgjort = not undecided

    mangler: set[str] = set()
    mangler_aar: set[int] = set()
    brugt_aar: set[int] = set()
    for i in undecided:
        for c in conds_by[i]:
            mangler |= c.mangler
            mangler_aar |= set(c.mangler_aar)
    for conds in conds_by.values():
        for c in conds:
            brugt_aar |= set(c.brugt_aar)
    mangler_t = tuple(k for k in KRITERIER if k in mangler)

    hoved = periode.hovedliste
    m, af = hoved.mindst  # type: ignore[misc]
    rs = [results[(hoved.id, k)] for k in af]
    a = sum(r.met for r in rs)
    c_missing = sum(r.missing for r in rs)
    if a == m and c_missing == 0:
        afgoerende = tuple(r.kriterium for r in rs if r.met)
    elif a == m - 1 and c_missing == 0:
        afgoerende = tuple(r.kriterium for r in rs if r.missed)
    else:
        afgoerende = ()

    vision = [i for i in ids if periode.liste(i).vision]
    paa_sub = _kleene_or(member[i] for i in vision)

    status_tekst = _status_tekst(status, rules, aar)
    if not afgjort and status != KAN_IKKE_AFGOERES:
        status_tekst += " (" + ", ".join(f"om det er {rules.liste_navn(i, aar).lower()}" for i in undecided) + " kan ikke afgøres)"

    usikkerhed = ""
    diff = [i for i in ids if member[i] != member_alt[i]]
    if diff:
        parts = []
        for i in diff:
            item = periode.liste(i)
            n, alt = item.i_traek["aar"], item.i_traek.get("alternativ")  # type: ignore[index]
            parts.append(
                f"{item.navn}: efter {n}-års-læsningen {_ja_nej(member[i])}, efter {alt}-års-læsningen "
                f"{_ja_nej(member_alt[i])} ({next(c.tekst for c in conds_alt[i] if c.brugt_aar)})"
            )
        usikkerhed = ("Kilderne er uenige om, hvor mange år i træk der kræves (4 eller 5). " + "; ".join(parts) + ".")

    forklaring = _forklaring(periode, aar, rules, results, member, conds_by, status, status_tekst, afgjort,
                             mangler_t, sorted(mangler_aar), afgoerende, hoved, m, usikkerhed)
    return Klassifikation(
        liste_aar=aar,
        periode=periode.id,
        periode_navn=periode.navn,
        regel_tekst=periode.regel_tekst,
        kriterier=tuple(results.values()),
        lister=member,
        lister_alternativ=member_alt,
        status=status,
        status_tekst=status_tekst,
        afgjort=afgjort,
        mangler=mangler_t,
        mangler_historik=tuple(sorted(mangler_aar)),
        historik_brugt=tuple(sorted(brugt_aar)),
        paa_sub_listen=paa_sub,
        antal_opfyldt=a,
        antal_mangler=c_missing,
        antal_kraevet=m,
        antal_af=len(af),
        afgoerende=afgoerende,
        forklaring=forklaring,
        usikkerhed=usikkerhed,
        landsgennemsnit_domme=lg,
    )


def _eller(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " eller " + items[-1]


def _ja_nej(v: bool | None) -> str:
    return "ja" if v is True else "nej" if v is False else "kan ikke afgøres"


def _status_tekst(status: str, rules: Regler, aar: int) -> str:
    if status == IKKE_PAA_LISTE:
        return "Ikke på listen" if rules.periode_for(aar).fra_aar < 2018 else "Ikke på nogen liste"
    if status == KAN_IKKE_AFGOERES:
        return "Kan ikke afgøres"
    return rules.liste_navn(status, aar)


def _forklaring(periode: Periode, aar: int, rules: Regler, results: dict[tuple[str, str], Kriterieresultat],
                member: dict[str, bool | None], conds_by: dict[str, list[_Cond]], status: str, status_tekst: str,
                afgjort: bool, mangler: tuple[str, ...], mangler_aar: list[int], afgoerende: tuple[str, ...],
                hoved: Liste, m: int, usikkerhed: str) -> str:
    parts = [f"Listen pr. 1. december {aar} (regler {periode.id})."]
    for liste in periode.lister:
        v = member[liste.id]
        reasons = []
        for b, c in zip(liste.betingelser, conds_by[liste.id]):
            if "mindst" in b:
                # the count, then each criterion with its value, threshold and result
                rs = [results[(liste.id, k)] for k in b["af"]]
                a = sum(r.met for r in rs)
                bits = [_mangler_tekst(r) if r.missing else f"{_kort_resultat(r)} er {_RESULTAT_TEKST[r.resultat]}"
                        for r in rs]
                reasons.append(f"{a} af {len(rs)} kriterier er opfyldt, og mindst {b['mindst']} kræves: " + "; ".join(bits))
            elif "kriterium" in b:
                r = results[(liste.id, b["kriterium"])]
                reasons.append(_mangler_tekst(r) if r.missing else f"{_kort_resultat(r)} er {_RESULTAT_TEKST[r.resultat]}")
            else:
                reasons.append(c.tekst)
        parts.append(f"{liste.navn}: {_ja_nej(v)}. " + _cap("; ".join(reasons)) + ".")
    if status == KAN_IKKE_AFGOERES:
        parts.append("Status: kan ikke afgøres.")
    else:
        parts.append(f"Status: {status_tekst}.")
    if mangler and not afgjort:
        parts.append("For at afgøre status mangler: " + ", ".join(_mangler_navn(k, results) for k in mangler) + ".")
    if mangler_aar and not afgjort:
        parts.append(f"Listestatus mangler for {_years_text(mangler_aar)} (reglen om år i træk).")
    if afgoerende:
        names = _eller([kort_navn(k) for k in afgoerende])
        if member.get(hoved.id):
            parts.append(
                f"Præcis {m} kriterier er opfyldt, så hvert af dem er afgørende: holder {names} op med at være "
                f"opfyldt, er området ikke længere {hoved.navn.lower()}."
            )
        else:
            parts.append(f"Området mangler ét kriterium for at være {hoved.navn.lower()}: bliver {names} opfyldt, "
                         "kommer det på listen.")
    if usikkerhed:
        parts.append(usikkerhed)
    return " ".join(parts)


def _kort_resultat(r: Kriterieresultat) -> str:
    v = format_kriterievaerdi(r.kriterium, r.vaerdi)
    if r.gange_landsgennemsnit is not None:
        v += f" = {format_tal(r.gange_landsgennemsnit, 2)} gange landsgennemsnittet"
    d = "" if r.vaerdi is None or r.graense is None else f", {_forskel(r.kriterium, r.vaerdi - r.graense)}"
    return f"{kort_navn(r.kriterium)} {v} (grænse {r.graense_tekst}{d})"


def _mangler_tekst(r: Kriterieresultat) -> str:
    if r.vaerdi is not None and r.graense is None:
        return f"{kort_navn(r.kriterium)} {format_kriterievaerdi(r.kriterium, r.vaerdi)}, men landsgennemsnittet mangler"
    return f"{kort_navn(r.kriterium)} (ingen værdi)"


def _mangler_navn(k: str, results: dict[tuple[str, str], Kriterieresultat]) -> str:
    if k == "domme" and any(r.kriterium == "domme" and r.vaerdi is not None and r.missing for r in results.values()):
        return "landsgennemsnittet for dømte"
    return kort_navn(k)


def rullende_gennemsnit(serie: Mapping[int, float | None], aar: int, vindue: int) -> float | None:
    """The average of ``serie`` over the ``vindue`` years up to and including ``aar`` (None if any is missing).

    For evaluators who compute a criterion value themselves from yearly register figures: the two-year
    criteria from 2013 average the two latest years, the 2010-2012 ones four.

    >>> rullende_gennemsnit({2018: 44.0, 2019: 42.0}, 2019, 2)
    43.0
    >>> rullende_gennemsnit({2019: 42.0}, 2019, 2) is None
    True
    """
    years = range(aar - vindue + 1, aar + 1)
    vals = [serie.get(y) for y in years]
    if any(not _finite(v) for v in vals):
        return None
    return sum(float(v) for v in vals) / vindue  # type: ignore[arg-type]


# =========================================================================== recorded history


_HISTORIK_KOLONNER = ["omraade", "aar", "liste_dato", "officiel", "paa_lister", "ikke_paa_lister", "grundlag",
                      "liste_som_kilden", "status_som_kilden", "note", "fortolkning", "kilde", "referencefil_raekke"]
_GRUNDLAG = ("stated", "inferred", "not found")


def load_history(path: str | Path | None = None) -> pd.DataFrame:
    """The recorded list status of the areas (default ``data/lister/listestatus.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per area, year and source row, with columns ``omraade``, ``aar`` (int), ``liste_dato``,
        ``officiel`` (``ja`` or ``nej (...)``), ``paa_lister`` and ``ikke_paa_lister`` (lists of list ids),
        ``grundlag`` (``stated``, ``inferred`` or ``not found``, exactly as in the reference data),
        ``liste_som_kilden``, ``status_som_kilden``, ``note`` (the reference row's text), ``fortolkning``
        (Danish), ``kilde`` (URL) and ``referencefil_raekke`` (line in
        ``data/kilde/referencedata/listestatus_omraader.csv``).
    """
    path = Path(path) if path is not None else LISTE_DIR / "listestatus.csv"
    return _load_history_cached(str(path.resolve())).copy()


@lru_cache(maxsize=4)
def _load_history_cached(path: str) -> pd.DataFrame:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            lines = [line for line in fh if not line.startswith("#")]
    except FileNotFoundError:
        raise ListeError(f"{path}: filen med den registrerede listestatus findes ikke") from None
    reader = csv.DictReader(lines)
    if reader.fieldnames != _HISTORIK_KOLONNER:
        raise ListeError(f"{path}: kolonnerne skal være {', '.join(_HISTORIK_KOLONNER)}")
    rows = []
    problems = []
    known = {item.id for p in load_rules().perioder for item in p.lister}
    for i, r in enumerate(reader, start=2):
        if r["grundlag"] not in _GRUNDLAG:
            problems.append(f"række {i}: grundlag '{r['grundlag']}' skal være stated, inferred eller not found")
        paa = [x for x in r["paa_lister"].split(";") if x]
        ikke = [x for x in r["ikke_paa_lister"].split(";") if x]
        bad = [x for x in paa + ikke if x not in known]
        if bad:
            problems.append(f"række {i}: ukendte liste-id'er {bad}")
        rows.append({**r, "aar": int(r["aar"]), "paa_lister": paa, "ikke_paa_lister": ikke,
                     "referencefil_raekke": int(r["referencefil_raekke"])})
    if problems:
        raise ListeError(f"{path}: " + "; ".join(problems))
    return pd.DataFrame(rows, columns=_HISTORIK_KOLONNER)


def _history_entry(row: Mapping[str, Any], ghetto_lister: frozenset[str]) -> bool | None:
    """A recorded row as a flag for the consecutive-years rule (None: the row does not say)."""
    if row["grundlag"] == "not found":
        return None
    if set(row["paa_lister"]) & ghetto_lister:
        return True
    if set(row["ikke_paa_lister"]) & ghetto_lister:
        return False
    return None


def registreret_tekst(row: Mapping[str, Any] | None, rules: Regler | None = None) -> str:
    """A recorded row in Danish: ``Ghettoområde og hårdt ghettoområde``; ``ikke fundet``."""
    if row is None:
        return ""
    rules = rules or load_rules()
    if row["grundlag"] == "not found":
        return "ikke fundet"
    aar = int(row["aar"])

    def names(ids: list[str]) -> str:
        items = [rules.liste_navn(i, aar) for i in ids]
        items = [items[0]] + [x[:1].lower() + x[1:] for x in items[1:]] if items else items
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + (" og " if row["paa_lister"] == ids else " eller ") + items[-1]

    parts = []
    if row["paa_lister"]:
        parts.append(names(list(row["paa_lister"])))
    if row["ikke_paa_lister"]:
        text = names(list(row["ikke_paa_lister"]))
        parts.append("ikke " + text[:1].lower() + text[1:])
    text = _cap("; ".join(parts)) if parts else "Ingen liste nævnt"
    if row["grundlag"] == "inferred":
        text += " (udledt, 'inferred')"
    return text


def _compare(k: Klassifikation, row: Mapping[str, Any] | None) -> str:
    """``stemmer``, ``stemmer delvist``, ``stemmer ikke``, ``kan ikke sammenlignes`` or ``–`` (nothing recorded).

    Each list the recorded row names (on or off) is checked against the classifier's membership; a list
    the classifier cannot decide is not a disagreement, but makes the agreement partial.
    """
    if row is None or row["grundlag"] == "not found":
        return "–"
    checked, unknown, conflict = 0, 0, False
    for liste_id, expected in [(i, True) for i in row["paa_lister"]] + [(i, False) for i in row["ikke_paa_lister"]]:
        v = k.lister.get(liste_id)
        if v is None:
            unknown += 1
        elif v == expected:
            checked += 1
        else:
            conflict = True
    if conflict:
        return "stemmer ikke"
    if not checked:
        return "kan ikke sammenlignes"
    return "stemmer delvist" if unknown else "stemmer"


# =========================================================================== the table


_TABEL_KOLONNER_FOER = ["omraade", "omraade_navn", "liste_aar", "regelperiode"]
_TABEL_KOLONNER_EFTER = [
    "landsgennemsnit_domme", "antal_opfyldt", "antal_kraevet", "antal_af", "paa_lister", "forebyggelse", "status",
    "status_tekst", "afgjort", "paa_sub_listen", "mangler", "afgoerende", "forklaring", "registreret_status",
    "registreret_grundlag", "registreret_kilde", "registreret_note", "sammenligning", "illustrativ", "kilde_data",
]


def _tabel_kolonner() -> list[str]:
    crit = [f"{k}_{suffix}" for k in KRITERIER for suffix in ("vaerdi", "graense", "afstand", "resultat")]
    return _TABEL_KOLONNER_FOER + crit + _TABEL_KOLONNER_EFTER


@dataclass
class _Data:
    values: dict[tuple[str, int], dict[str, float]]
    landsgennemsnit: dict[int, float]
    illustrativ: dict[tuple[str, int], bool]
    kilder: dict[tuple[str, int], list[str]]
    skjult: dict[tuple[str, int], set[str]]


def _criterion_data(observations: pd.DataFrame | None, plan: Plan, rules: Regler,
                    graense: int = disk.GRAENSE) -> _Data:
    """The criterion values per (area, list year) and the national conviction average per year; ``skjult``:
    the values of sensitive indicators that diskretionering hides at threshold ``graense``
    (:func:`diskretionering.primaer`: a small tæller, given or værdi × nævner / 100, nævner or complement)."""
    from .indicators import yearly_values

    data = _Data({}, {}, {}, {}, {})
    if observations is None or len(observations) == 0:
        return data
    ind_to_k = rules.indikator_til_kriterium
    obs = observations[observations["indikator"].isin(ind_to_k)]
    if obs.empty:
        return data
    yv = yearly_values(obs, plan)
    yv = yv[yv["vaerdi"].notna() & ~yv["ufuldstaendig"].astype(bool)]
    for r in yv.to_dict("records"):
        k = ind_to_k[r["indikator"]]
        key = (r["omraade"], int(r["aar"]))
        if r["omraade"] == "danmark" and k == "domme":
            data.landsgennemsnit[int(r["aar"])] = float(r["vaerdi"])
            data.illustrativ[("danmark", int(r["aar"]))] = bool(r["illustrativ"])
            data.kilder.setdefault(("danmark", int(r["aar"])), []).append(_kildetekst(r))
            continue
        data.values.setdefault(key, {})[k] = float(r["vaerdi"])
        data.illustrativ[key] = data.illustrativ.get(key, False) or bool(r["illustrativ"])
        data.kilder.setdefault(key, []).append(_kildetekst(r))
        ind = plan.indikator.get(r["indikator"])
        if ind is not None and ind.foelsom and disk.primaer(ind.enhed, r.get("vaerdi"), r.get("taeller"), r.get("naevner"),
                                                            graense):
            data.skjult.setdefault(key, set()).add(k)
    return data


def _kildetekst(r: Mapping[str, Any]) -> str:
    fil = Path(str(r.get("fil") or "")).name
    raekke = r.get("raekke")
    where = f"{fil} række {int(raekke)}" if fil and _finite(raekke) else fil
    return where or str(r.get("kilde") or "")


def _resolve_areas(omraader: Iterable[str] | None, plan: Plan) -> list[str]:
    if not omraader:
        return list(OMRAADER)
    out = []
    for name in omraader:
        key = plan.sted_alias.get(normalise_name(name))
        if key == "samlet":
            out.extend(a for a in OMRAADER if a not in out)
            continue
        if key not in OMRAADER:
            raise ListeError(
                f"ukendt område '{name}'; gyldige: {', '.join(OMRAADER)} (eller samlet for alle fire)"
            )
        if key not in out:
            out.append(key)
    return out


def list_table(
    observations: pd.DataFrame | None = None,
    omraader: list[str] | None = None,
    plan: Plan | None = None,
    diskretionering_graense: int = disk.GRAENSE,
) -> pd.DataFrame:
    """One row per area × list year: criterion values, distances, the classifier's and the recorded status.

    Parameters
    ----------
    observations : pandas.DataFrame, optional
        Observations in the data contract with the list indicators (``liste_beboere``,
        ``liste_ikke_vestlige``, ``liste_uden_arbejde_uddannelse``, ``liste_doemte``,
        ``liste_kun_grundskole_30_59``, ``liste_indkomst_pct_af_region``); ``periode`` is the year of the
        1 December list. The national conviction average is the ``danmark`` row of ``liste_doemte``.
        Default: the shipped data (``data/eksempel``, illustrative).
    omraader : list of str, optional
        Area ids or names (default: the four areas; ``samlet`` means the four).
    plan : Plan, optional
    diskretionering_graense : int
        The threshold of diskretionering: ``attrs["skjult"]`` names the values it hides (the table itself
        holds every value; :func:`diskretioner_listetabel` makes it publishable).

    Returns
    -------
    pandas.DataFrame
        Sorted by area (plan order) and year. Years: 2017-2021 for every area, plus every year with
        criterion values or a recorded official status. Columns:

        * ``omraade``, ``omraade_navn``, ``liste_aar``, ``regelperiode`` (``2013-2017`` ...)
        * for each criterion ``k`` in ``beboere, ikke_vestlige, arbejdsmarked, domme, uddannelse,
          indkomst``: ``k_vaerdi``, ``k_graense`` (the threshold of the list the vision names: udsat /
          ghetto / parallelsamfund; convictions: factor × national average), ``k_afstand`` (positive: met
          by that margin; negative: missed by it), ``k_resultat`` (``opfyldt``, ``ikke_opfyldt``,
          ``mangler``, or empty when the criterion is not part of that period's rules)
        * ``landsgennemsnit_domme``; ``antal_opfyldt``/``antal_kraevet``/``antal_af`` of the main
          ``m of K`` rule
        * ``paa_lister`` (list ids the area is on, ``;``-separated), ``forebyggelse`` (True/False/None;
          None also before 2021)
        * ``status``, ``status_tekst``, ``afgjort``, ``paa_sub_listen`` (True/False/None: on a list the
          vision names), ``mangler`` (Danish names of the missing values), ``afgoerende``, ``forklaring``
        * ``registreret_status`` (Danish; ``ikke fundet`` where the reference says "not found"; empty where
          no source row exists), ``registreret_grundlag`` (``stated``, ``inferred``, ``not found`` or
          empty), ``registreret_kilde`` (URL), ``registreret_note``
        * ``sammenligning``: ``stemmer``, ``stemmer ikke``, ``kan ikke sammenlignes`` or ``–``
        * ``illustrativ`` (any value is illustrative), ``kilde_data`` (file and row of each value)
    """
    plan = plan or load_plan()
    rules = load_rules()
    if observations is None:
        from ..inputs.files import shipped_inputs

        observations = shipped_inputs(None, plan)[0]
    areas = _resolve_areas(omraader, plan)
    data = _criterion_data(observations, plan, rules, diskretionering_graense)
    hist = load_history()
    first_year = min(p.fra_aar for p in rules.perioder)
    rows: list[dict[str, Any]] = []
    for o in areas:
        h = hist[hist["omraade"] == o]
        official = h[h["officiel"] == "ja"]
        years = set(PLANAAR) | {y for (a, y) in data.values if a == o} | set(official["aar"])
        years = sorted(y for y in years if y >= first_year)
        recorded = {int(r["aar"]): r for r in official.to_dict("records")}
        proposals = {int(r["aar"]): r for r in h[h["officiel"] != "ja"].to_dict("records")}
        own: dict[int, Klassifikation] = {}

        def history_for() -> dict[int, Any]:
            out: dict[int, Any] = {}
            for y in range(first_year, max(years) + 1):
                rec = recorded.get(y)
                flag = _history_entry(rec, rules.ghetto_lister) if rec is not None else None
                if flag is not None and rec["grundlag"] == "stated":
                    out[y] = flag
                    continue
                if y in own:
                    f = _history_flag(own[y], rules.ghetto_lister)
                    if f is not None:
                        out[y] = f
                        continue
                if flag is not None:  # inferred
                    out[y] = flag
            return out

        for y in years:
            vals = data.values.get((o, y), {})
            lg = data.landsgennemsnit.get(y)
            k = classify(vals, y, lg, history=history_for())
            own[y] = k
            rec = recorded.get(y)
            row: dict[str, Any] = {
                "omraade": o,
                "omraade_navn": plan.omraade[o].navn,
                "liste_aar": y,
                "regelperiode": k.periode,
            }
            periode = rules.periode_for(y)
            for c in KRITERIER:
                r = k.kriterium(c)
                row[f"{c}_vaerdi"] = vals.get(c, math.nan)
                if r is None:
                    row[f"{c}_graense"] = math.nan
                    row[f"{c}_afstand"] = math.nan
                    row[f"{c}_resultat"] = ""
                else:
                    row[f"{c}_graense"] = r.graense if r.graense is not None else math.nan
                    row[f"{c}_afstand"] = r.afstand if r.afstand is not None else math.nan
                    row[f"{c}_resultat"] = r.resultat
            inferred = [yy for yy in k.historik_brugt
                        if yy in recorded and recorded[yy]["grundlag"] == "inferred" and yy not in own]
            forklaring = k.forklaring
            if inferred:
                forklaring += f" Historikken for {_years_text(inferred)} bygger på en udledt ('inferred') registrering."
            note = rec["fortolkning"] if rec is not None else ""
            if y in proposals:
                p = proposals[y]
                note = (note + " " if note else "") + (
                    f"{p['liste_dato']}: {registreret_tekst(p, rules).lower()} – {p['fortolkning']} Kilde: {p['kilde']}"
                )
            row.update(
                {
                    "landsgennemsnit_domme": lg if lg is not None else math.nan,
                    "antal_opfyldt": k.antal_opfyldt,
                    "antal_kraevet": k.antal_kraevet,
                    "antal_af": k.antal_af,
                    "paa_lister": ";".join(i for i, v in k.lister.items() if v),
                    "forebyggelse": k.lister.get("forebyggelse") if "forebyggelse" in periode.liste_ids else None,
                    "status": k.status,
                    "status_tekst": k.status_tekst,
                    "afgjort": k.afgjort,
                    "paa_sub_listen": k.paa_sub_listen,
                    "mangler": ", ".join(_mangler_navn(m, {(r.liste, r.kriterium): r for r in k.kriterier}) for m in k.mangler),
                    "afgoerende": ", ".join(k.afgoerende),
                    "forklaring": forklaring,
                    "registreret_status": registreret_tekst(rec, rules) if rec is not None else "",
                    "registreret_grundlag": rec["grundlag"] if rec is not None else "",
                    "registreret_kilde": rec["kilde"] if rec is not None else "",
                    "registreret_note": note,
                    "sammenligning": _compare(k, rec) if vals else "–",
                    "illustrativ": bool(data.illustrativ.get((o, y), False) or (lg is not None and data.illustrativ.get(("danmark", y), False))),
                    "kilde_data": "; ".join(data.kilder.get((o, y), [])),
                }
            )
            rows.append(row)
    frame = pd.DataFrame(rows, columns=_tabel_kolonner())
    frame.attrs["skjult"] = {f"{o}:{y}": sorted(s) for (o, y), s in data.skjult.items()}
    return frame


# =========================================================================== text output (CLI)


def diskretioner_listetabel(table: pd.DataFrame, graense: int = disk.GRAENSE) -> pd.DataFrame:
    """:func:`list_table` for publication (``helhedsanalyse lister`` without ``--uden-diskretionering``).

    Values of sensitive indicators whose persons are few (``attrs["skjult"]``) are left out with their
    distance to the threshold (NaN), the explanation is replaced, and the column ``diskretioneret`` names the
    criteria left out (``;``-separated). The results (met / not met) and the statuses stay as computed
    from the full figures.
    """
    skjult = table.attrs.get("skjult", {})
    out = _diskretioner(table, skjult, graense)
    marks = []
    for o, y in zip(out["omraade"], out["liste_aar"]):
        krit = skjult.get(f"{o}:{int(y)}", [])
        marks.append(";".join(krit))
        if krit:
            mask = (out["omraade"] == o) & (out["liste_aar"] == y)
            for k in krit:
                out.loc[mask, f"{k}_vaerdi"] = math.nan
    out["diskretioneret"] = marks
    out.attrs = dict(table.attrs)
    return out


def format_lister(table: pd.DataFrame, fmt: str = "table") -> str:
    """:func:`list_table` (or :func:`diskretioner_listetabel`) as text for the command line (``table``) or
    as CSV (``csv``; a text cell that Excel would read as a formula starts with an apostrophe)."""
    if fmt == "csv":
        return csv_tekst(table)
    rules = load_rules()
    lines: list[str] = []
    if "illustrativ" in table and table["illustrativ"].any():
        lines.append("ILLUSTRATIVE DATA: kriterieværdierne er opdigtede eksempeltal, ikke rigtige data.")
    lines.append("▲ opfyldt (tæller mod listen)  ▽ ikke opfyldt  ? mangler; tallet efter symbolet er værdi minus grænse.")
    headers = ["År", "Regler"] + [rules.kort(k) for k in KRITERIER] + ["Beregnet status", "Registreret status"]
    for o, g in table.groupby("omraade", sort=False):
        lines.append("")
        lines.append(f"{g['omraade_navn'].iloc[0]}")
        body = []
        for r in g.to_dict("records"):
            cells = [str(r["liste_aar"]), r["regelperiode"]]
            skjult = set(str(r.get("diskretioneret") or "").split(";"))
            for k in KRITERIER:
                cells.append(_celle_tekst(k, r, k in skjult))
            has = any(_finite(r[f"{k}_vaerdi"]) for k in KRITERIER)
            cells.append(r["status_tekst"] if has else "– (ingen kriterieværdier)")
            reg = r["registreret_status"] or "–"
            if r["registreret_grundlag"] == "not found":
                reg = "ikke fundet (not found)"
            cells.append(reg)
            body.append(cells)
        widths = [max(len(headers[i]), *(len(b[i]) for b in body)) for i in range(len(headers) - 1)]
        fmt_row = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells[:-1], widths)) + "  " + cells[-1]  # noqa: E731
        lines.append(fmt_row(headers))
        lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(headers[-1]))
        lines.extend(fmt_row(b) for b in body)
        records = g.to_dict("records")
        empty = [r["liste_aar"] for r in records if not any(_finite(r[f"{k}_vaerdi"]) for k in KRITERIER)]
        missing = [f"{r['liste_aar']}: {r['mangler']}" for r in records
                   if r["mangler"] and not r["afgjort"] and r["liste_aar"] not in empty]
        if missing:
            lines.append("Mangler for at afgøre status: " + "; ".join(missing))
        if len(empty) == len(records):
            lines.append("Ingen kriterieværdier i data for området: " + _ingen_data_tekst())
        elif empty:
            lines.append(f"Ingen kriterieværdier i data for {_aar_spaend([int(y) for y in empty])}.")
    return "\n".join(lines)


def _celle_tekst(k: str, r: Mapping[str, Any], skjult: bool = False) -> str:
    res = r[f"{k}_resultat"]
    if not res:
        return ""
    if skjult:  # diskretionering: the value and its distance are not shown; the result is
        return f"{disk.SKJULT} {_RESULTAT_SYMBOL[res] if res in _RESULTAT_SYMBOL else '?'}"
    v = r[f"{k}_vaerdi"]
    if not _finite(v):
        return "?"
    if res == MANGLER:
        return format_kriterievaerdi(k, v) + " ?"
    d = float(v) - float(r[f"{k}_graense"])
    return f"{format_kriterievaerdi(k, v)} {_RESULTAT_SYMBOL[res]}{_forskel(k, d)}"


def _ingen_data_tekst() -> str:
    rules = load_rules()
    return ("tilføj listekriterierne som observationer (indikatorerne "
            + ", ".join(v["indikator"] for v in rules.kriterier.values())
            + "; landsgennemsnittet for dømte som område 'danmark', indikator liste_doemte).")


# =========================================================================== the report section (HTML)


def _e(text: Any) -> str:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return html.escape(str(text), quote=True)


#: Badge of a list status: (symbol, background, text colour); Okabe-Ito, with words and symbols, darkened
#: (or with black text) where needed so that every pair meets WCAG AA (4,5:1), as the criterion statuses.
LISTE_STIL: dict[str, tuple[str, str, str]] = {
    IKKE_PAA_LISTE: ("○", "#006B4E", "#ffffff"),
    "forebyggelse": ("◔", "#F0E442", "#000000"),
    "ghettoliste": ("▲", "#E69F00", "#000000"),
    "udsat": ("▲", "#E69F00", "#000000"),
    "ghetto": ("■", "#D55E00", "#000000"),
    "parallelsamfund": ("■", "#D55E00", "#000000"),
    "haardt_ghetto": ("◆", "#CC79A7", "#000000"),
    "omdannelse": ("◆", "#CC79A7", "#000000"),
    KAN_IKKE_AFGOERES: ("?", "#DDDDDD", "#000000"),
}


def _badge(status: str, tekst: str) -> str:
    symbol, bg, fg = LISTE_STIL.get(status, ("?", "#DDDDDD", "#000000"))
    return (f'<span class="status lille" style="background:{bg};color:{fg}">{_e(symbol)} {_e(tekst)}</span>')


def _html_table(head: list[str], rows: list[list[str]], numeric: Iterable[int] = (), klasse: str = "",
                hoejre: Iterable[int] = (), lille: bool = False) -> str:
    """A table whose cells are already HTML (every text part escaped by the caller).

    ``numeric`` columns get the report's number style (right-aligned, no wrapping); ``hoejre`` columns
    are right-aligned but may wrap.
    """
    numeric, hoejre = set(numeric), set(hoejre)

    def attr(i: int) -> str:
        return ' class="tal"' if i in numeric else ' style="text-align:right"' if i in hoejre else ""

    th = "".join(f"<th{attr(i)}>{_e(h)}</th>" for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f"<td{attr(i)}>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows)
    cls = f' class="{klasse}"' if klasse else ""
    if lille:
        cls += ' style="font-size:.8rem"'
    return f"<table{cls}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _celle_html(k: str, r: Mapping[str, Any], skjult: bool) -> str:
    """One criterion cell: the value, then result symbol and value minus threshold (dømte: the threshold)."""
    res = r[f"{k}_resultat"]
    if not res:
        return '<span class="note">indgår ikke</span>'
    v = r[f"{k}_vaerdi"]
    if not _finite(v):
        return f'<span class="note">{_e("? mangler")}</span>'
    vt = "(diskretioneret)" if skjult else format_kriterievaerdi(k, v)
    if res == MANGLER:
        return f'{_e(vt)}<br><span class="note">{_e("? landsgennemsnit mangler")}</span>'
    d = float(v) - float(r[f"{k}_graense"])
    line = f"{_RESULTAT_SYMBOL[res]} {'' if skjult else _forskel(k, d)}".strip()
    if k == "domme":
        line += f" (grænse {format_graense(k, r[f'{k}_graense'])})"
    return f'{_e(vt)}<br><span class="note">{_e(line)}</span>'


def _kort_graense(g: Graense) -> str:
    """A threshold in a few characters: ``> 40 % (gns. 2 år)``, ``≥ 3 × landsgns.``, ``≥ 1.000``."""
    tegn = _OP_TEGN[g.operator]
    if g.faktor_landsgennemsnit is not None:
        text = f"{tegn} {format_tal(g.faktor_landsgennemsnit)} × landsgns."
    else:
        text = f"{tegn} {format_graense(g.kriterium, g.vaerdi)}"
        if g.kriterium == "domme":
            text += " af beboerne 18+"
    if g.gennemsnit_aar:
        text += f" (gns. {g.gennemsnit_aar} år)"
    return text


def _regel_tabel(rules: Regler) -> str:
    """The criteria by period: one row per criterion, one column per period (and forebyggelse)."""
    head = ["Kriterium"] + [f"{p.id.rstrip('-')}{'' if p.til_aar else ' og frem'}" for p in rules.perioder]
    forebyg = [(p, item) for p in rules.perioder for item in p.lister if not item.vision]
    head += [f"{item.navn.removesuffix('sområde')} (fra {p.fra_aar})" for p, item in forebyg]
    rows = []
    for k in KRITERIER:
        row = [_e(rules.kort(k))]
        for p in rules.perioder:
            hit = p.hovedgraense(k)
            if hit is None or not hit[0].vision:
                row.append('<span class="note">–</span>')
                continue
            liste, g = hit
            extra = "" if liste.id == p.hovedliste.id else f" ({liste.navn.lower()})"
            row.append(_e(_kort_graense(g) + extra))
        for p, item in forebyg:
            g = item.graenser.get(k)
            row.append(_e(_kort_graense(g)) if g else '<span class="note">–</span>')
        rows.append(row)
    krav = ["Krav"] + ["<br>".join(_e(f"{item.navn}: {_liste_regel_tekst(item, rules, p)}") for item in p.lister if item.vision)
                       for p in rules.perioder] + [_e(_liste_regel_tekst(item, rules, p)) for p, item in forebyg]
    rows.append([f"<strong>{c}</strong>" if i == 0 else c for i, c in enumerate(krav)])
    names = "; ".join(f"{rules.kort(k)}: {rules.navn(k).lower()}" for k in KRITERIER) + "; landsgns.: landsgennemsnittet"
    return _html_table(head, rows, klasse="listekriterier", lille=True) + f'<p class="note">{_e(names)}.</p>'


def _liste_regel_tekst(liste: Liste, rules: Regler, periode: Periode) -> str:
    """A list's conditions in words: ``mindst 1.000 beboere og mindst 3 af 5 kriterier``."""
    parts = []
    for b in liste.betingelser:
        if "kriterium" in b:
            g = liste.graenser[b["kriterium"]]
            if b["kriterium"] == "beboere":
                parts.append(g.tekst)
            else:
                parts.append(f"{kort_navn(b['kriterium'])} {g.tekst}")
        elif "mindst" in b:
            parts.append(f"mindst {b['mindst']} af {len(b['af'])} kriterier")
        elif "liste" in b:
            parts.append(rules.liste_navn(b["liste"], periode.fra_aar).lower())
        elif "i_traek" in b:
            t = b["i_traek"]
            parts.append(f"de seneste {t['aar']} år i træk, medregnet året (nogle kilder: {t.get('alternativ')} år)")
    return ", ".join(parts[:-1]) + " og " + parts[-1] if len(parts) > 1 else (parts[0] if parts else "")


def _afsnit_tabeller(g: pd.DataFrame, rules: Regler, skjult: dict[str, list[str]]) -> tuple[str, str, list[str]]:
    """(criteria table, status table, footnote sources) for one area's rows."""
    head = ["Liste", "Regler"] + [rules.kort(k) for k in KRITERIER]
    rows = []
    for r in g.to_dict("records"):
        hidden = set(skjult.get(f"{r['omraade']}:{r['liste_aar']}", []))
        rows.append([_e(r["liste_aar"]), _e(r["regelperiode"])] + [_celle_html(k, r, k in hidden) for k in KRITERIER])
    krit = _html_table(head, rows, hoejre=range(2, 2 + len(KRITERIER)))

    kilder: list[str] = []
    head2 = ["Liste", "Opfyldt", "Beregnet status", "Registreret status", "Grundlag", "Stemmer?", "Kilde"]
    rows2 = []
    for r in g.to_dict("records"):
        opf = (f"{r['antal_opfyldt']} af {r['antal_af']} (kræver {r['antal_kraevet']})"
               if any(_finite(r[f'{k}_vaerdi']) for k in KRITERIER) else "–")
        status = _badge(r["status"], r["status_tekst"]) if opf != "–" else '<span class="note">ingen kriterieværdier</span>'
        reg = r["registreret_status"]
        grund = {"stated": "oplyst i kilden", "inferred": "udledt ('inferred')", "not found": "ikke fundet ('not found')"}.get(
            r["registreret_grundlag"], "ingen kilde læst")
        refs = []
        for url in [u.strip() for u in str(r["registreret_kilde"] or "").split(" ; ") if u.strip()]:
            if url not in kilder:
                kilder.append(url)
            refs.append(f"[{kilder.index(url) + 1}]")
        rows2.append([_e(r["liste_aar"]), _e(opf), status, _e(reg or "–"), _e(grund), _e(r["sammenligning"]),
                      _e(" ".join(refs) or "–")])
    stat = _html_table(head2, rows2)
    return krit, stat, kilder


def _vision_tekst(g: pd.DataFrame, rules: Regler, navn: str, sidste_aar: int) -> str:
    """The distance to the vision for one area, in words."""
    with_vals = g[g.apply(lambda r: any(_finite(r[f"{k}_vaerdi"]) for k in KRITERIER), axis=1)]
    parts = []
    rec = g[(g["registreret_grundlag"] != "") & (g["liste_aar"] <= 2017)]
    if not rec.empty:
        r0 = rec.iloc[-1]
        if r0["registreret_grundlag"] == "not found":
            parts.append(f"{navn}s status på listen pr. 1. december {r0['liste_aar']}, da planen begyndte, er ikke "
                         "fundet i de læste kilder.")
        else:
            parts.append(f"Da planen begyndte, var {navn} registreret sådan på listen pr. 1. december "
                         f"{r0['liste_aar']}: {r0['registreret_status'][:1].lower() + r0['registreret_status'][1:]}.")
    if with_vals.empty:
        parts.append("Der er ingen værdier for listekriterierne i data, så afstanden til visionen kan ikke beregnes.")
        return " ".join(parts)
    r = with_vals.iloc[-1]
    aar = int(r["liste_aar"])
    on = r["paa_sub_listen"]
    hoved = rules.periode_for(aar).hovedliste
    if on is True:
        over = int(r["antal_opfyldt"]) - int(r["antal_kraevet"]) + 1
        parts.append(
            f"På den seneste liste med kriterieværdier i runden (1. december {aar}) er området beregnet som "
            f"{r['status_tekst'].lower()}: {r['antal_opfyldt']} af {r['antal_af']} kriterier er opfyldt, og "
            f"mindst {r['antal_kraevet']} kræves. For at nå visionen skal {over} "
            f"{'kriterium' if over == 1 else 'kriterier'} holde op med at være opfyldt"
            + (" (en andel af ikke-vestlige på højst 50 % fjerner kun ghetto-/parallelsamfundsstatus; området er "
               "da stadig et udsat boligområde, og det tæller også mod visionen)" if rules.periode_for(aar).fra_aar >= 2018 else "")
            + "."
        )
    elif on is False:
        mangler = int(r["antal_kraevet"]) - int(r["antal_opfyldt"])
        parts.append(
            f"På den seneste liste med kriterieværdier i runden (1. december {aar}) er området efter beregningen "
            f"ikke på nogen af de lister, visionen gælder (beregnet status: {r['status_tekst'].lower()}): "
            f"{r['antal_opfyldt']} af de {r['antal_af']} kriterier for {_ubestemt(hoved.navn)} er opfyldt, og "
            f"{r['antal_kraevet']} kræves. Området er {mangler} {'kriterium' if mangler == 1 else 'kriterier'} fra "
            "at komme på listen."
        )
        nearest = []
        for k in KRITERIER:
            if (r[f"{k}_resultat"] == IKKE_OPFYLDT and k != "beboere" and _finite(r[f"{k}_graense"])
                    and _finite(r[f"{k}_afstand"])):
                rel = 100 * float(r[f"{k}_afstand"]) / abs(float(r[f"{k}_graense"]))
                nearest.append((rel, k))
        if nearest:
            rel, k = max(nearest)
            d = float(r[f"{k}_vaerdi"]) - float(r[f"{k}_graense"])
            op = rules.periode_for(aar).hovedgraense(k)[1].operator  # type: ignore[index]
            parts.append(
                f"Tættest på grænsen er {kort_navn(k)}: {format_kriterievaerdi(k, r[f'{k}_vaerdi'])}, "
                f"{format_tal(abs(d), _decimaler(k))}{_enhed_forskel(k)} {'over' if d > 0 else 'under'} grænsen "
                f"(kriteriet er opfyldt ved {_OP_TEKST[op]} {format_graense(k, r[f'{k}_graense'])})."
            )
        if r["forebyggelse"] is True:
            parts.append("Området er beregnet som forebyggelsesområde; det er ikke en liste over særligt udsatte "
                         "boligområder og tæller ikke mod visionen, men viser, at området er tæt på.")
    else:
        parts.append(f"På den seneste liste med kriterieværdier (1. december {aar}) kan det ikke afgøres, om området "
                     f"er på listen: {r['mangler']} mangler.")
    if aar < sidste_aar:
        parts.append(f"Der er ingen kriterieværdier for listerne efter {aar} i runden.")
    parts.append(f"Visionen gælder listerne efter {rules.vision_aar}; runden viser listerne til og med {sidste_aar}.")
    return " ".join(parts)


def _aar_spaend(years: list[int]) -> str:
    """``[2017, 2018, 2019]`` -> ``2017-2019``; ``[2013, 2017]`` -> ``2013, 2017``."""
    years = sorted(years)
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years)


def _ubestemt(navn: str) -> str:
    """``Udsat boligområde`` -> ``et udsat boligområde``; ``På listen over ...`` -> ``listen over ...``."""
    low = navn[:1].lower() + navn[1:]
    if low.startswith("på "):
        return low[3:]
    return ("en " if low.split()[-1].endswith("liste") else "et ") + low


def _mangler_afsnit(g: pd.DataFrame, rules: Regler) -> str:
    """Which criterion values are missing, in words."""
    lines = []
    for r in g.to_dict("records"):
        used = [k for k in KRITERIER if r[f"{k}_resultat"]]
        missing = [k for k in used if not _finite(r[f"{k}_vaerdi"])]
        lg_missing = ("domme" in used and _finite(r["domme_vaerdi"]) and r["domme_resultat"] == MANGLER)
        if not missing and not lg_missing:
            continue
        if len(missing) == len(used):
            lines.append(f"{r['liste_aar']}: alle kriterieværdier mangler")
            continue
        bits = [kort_navn(k) for k in missing]
        if lg_missing:
            bits.append("landsgennemsnittet for dømte")
        suffix = "" if r["afgjort"] else " – derfor kan status ikke afgøres"
        lines.append(f"{r['liste_aar']}: {', '.join(bits)} mangler{suffix}")
    if not lines:
        return ""
    return ('<p class="note">Manglende kriterieværdier (de er ikke gættet): '
            + _e("; ".join(lines)) + ".</p>")


def _figur(table: pd.DataFrame, omraader: list[str], plan: Plan, rules: Regler, sidste_aar: int) -> str | None:
    """Distance to each threshold over the years (relative, % of the threshold), with the 2025 vision."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from ..report.plots import ILLUSTRATIV_TEKST, dansk_tal_formatter, figure_to_html, stabil

    crit = [k for k in KRITERIER if k != "beboere"]
    series: dict[str, dict[str, list[tuple[int, float]]]] = {}
    for o in omraader:
        g = table[(table["omraade"] == o) & (table["liste_aar"] <= sidste_aar)]
        s: dict[str, list[tuple[int, float]]] = {}
        for k in crit:
            pts = []
            for r in g.to_dict("records"):
                if (r[f"{k}_resultat"] in (OPFYLDT, IKKE_OPFYLDT) and _finite(r[f"{k}_afstand"])
                        and _finite(r[f"{k}_graense"]) and float(r[f"{k}_graense"])):
                    pts.append((int(r["liste_aar"]),
                                stabil(100 * float(r[f"{k}_afstand"]) / abs(float(r[f"{k}_graense"])))))
            if pts:
                s[k] = pts
        if s:
            series[o] = s
    if not series:
        return None
    shown = table[table["omraade"].isin(omraader) & (table["liste_aar"] <= sidste_aar)]
    illustrativ = bool(shown["illustrativ"].any())
    filer = sorted({part.strip().split(" række ")[0] for cell in shown["kilde_data"] for part in str(cell).split(";") if part.strip()})
    kilde_filer = ", ".join(filer) if filer else "ingen fil"
    stil = {
        "ikke_vestlige": ("#0072B2", "o", "-"),
        "arbejdsmarked": ("#D55E00", "s", "--"),
        "domme": ("#009E73", "^", "-."),
        "uddannelse": ("#CC79A7", "D", ":"),
        "indkomst": ("#E69F00", "v", (0, (5, 1, 1, 1))),
    }
    areas = list(series)
    n = len(areas)
    ncols = 1 if n == 1 else 2
    nrows = math.ceil(n / ncols)
    all_years = [y for s in series.values() for pts in s.values() for y, _ in pts]
    x0 = min(all_years) - 0.5
    x1 = rules.vision_aar + 0.6
    ys = [v for s in series.values() for pts in s.values() for _, v in pts]
    lim = max(10.0, max(abs(v) for v in ys) * 1.15)
    rc = {"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"], "font.size": 8.5,
          "axes.titlesize": 9.5, "axes.titleweight": "bold", "legend.fontsize": 8, "legend.frameon": False,
          "axes.unicode_minus": True, "svg.hashsalt": "helhedsanalyse", "axes.edgecolor": "#b0b0b0"}
    with matplotlib.rc_context(rc):
        hoejde = 3.0 if n == 1 else 2.3 * nrows + 0.5
        fod = 0.38
        fig = Figure(figsize=(7.2, hoejde + fod), dpi=110, layout="constrained")
        fig.get_layout_engine().set(h_pad=0.02, w_pad=0.04, hspace=0.02, wspace=0.02)  # type: ignore[union-attr]
        top, bottom = fig.subfigures(2, 1, height_ratios=[hoejde, fod])
        axes = top.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=True)
        for idx, o in enumerate(areas):
            ax = axes[idx // ncols][idx % ncols]
            ax.axhspan(0, lim, color="#fbe3d2", zorder=0, gid="opfyldt_zone")
            ax.axhline(0, color="#000000", lw=1.2, zorder=2, gid="graense")
            for skift in sorted({p.fra_aar for p in rules.perioder}):
                if x0 < skift < x1:
                    ax.axvline(skift - 0.5, color="#8C8C8C", lw=0.8, ls=(0, (1, 2)), zorder=1, gid="regelskift")
                    ax.text(skift - 0.4, -lim * 0.97, f"{'nye regler ' if n == 1 else ''}{skift}", fontsize=6.5,
                            color="#555555", va="bottom", in_layout=False)
            ax.axvline(rules.vision_aar, color="#0072B2", lw=1.6, ls=(0, (6, 3)), zorder=2, gid="vision")
            ax.text(rules.vision_aar - 0.15, lim * 0.95, f"Vision {rules.vision_aar}:\nikke på listen", ha="right",
                    va="top", fontsize=7, color="#0072B2", in_layout=False)
            for k, pts in series[o].items():
                farve, marker, ls = stil[k]
                ax.plot([p[0] for p in pts], [p[1] for p in pts], color=farve, marker=marker, ls=ls, lw=1.5, ms=4.5,
                        zorder=4, gid=f"kriterium:{k}")
            ax.set_xlim(x0, x1)
            ax.set_ylim(-lim, lim)
            ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(1 if n == 1 and x1 - x0 <= 12 else 2))
            ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p=None: f"{int(round(v))}"))
            ax.yaxis.set_major_formatter(dansk_tal_formatter())
            ax.grid(True, color="#e3e3e3", lw=0.6)
            ax.set_title(plan.omraade[o].navn if n > 1 else f"{plan.omraade[o].navn}: afstand til listernes grænser",
                         loc="left")
            if idx % ncols == 0:
                ax.set_ylabel("Afstand til grænsen\n(% af grænseværdien)", fontsize=8)
            if idx >= n - ncols:
                ax.set_xlabel("Liste pr. 1. december", fontsize=8)
                ax.tick_params(labelbottom=True)
            if illustrativ:
                ax.text(0.5, 0.5, ILLUSTRATIV_TEKST, transform=ax.transAxes, ha="center", va="center", rotation=14,
                        fontsize=12 if n > 1 else 18, fontweight="bold", color="#B00000", alpha=0.12, zorder=0,
                        gid="illustrativ_vandmaerke", in_layout=False, clip_on=True)
        for idx in range(n, nrows * ncols):
            axes[idx // ncols][idx % ncols].set_visible(False)
        handles = [Line2D([], [], color=stil[k][0], marker=stil[k][1], ls=stil[k][2], lw=1.5) for k in crit]
        labels = [rules.kort(k) for k in crit]
        handles.append(Patch(color="#fbe3d2"))
        labels.append("Over 0: kriteriet opfyldt (tæller mod listen)")
        leg = top.legend(handles, labels, loc="outside lower center", ncols=3)
        leg.set_gid("legende")
        foot = ("Grænser: data/lister/kriterier.yaml (grænserne for listen over udsatte boligområder/ghettoområder; "
                "dømte fra 2018: faktor × landsgennemsnittet). Værdier: listeindikatorerne i data (" + kilde_filer + ").")
        bottom.text(0.01, 0.5, textwrap.fill(foot, 150 if not illustrativ else 105), fontsize=6.3, color="#444444",
                    ha="left", va="center", gid="kilde")
        if illustrativ:
            bottom.text(0.99, 0.5, ILLUSTRATIV_TEKST, ha="right", va="center", fontsize=7.5, fontweight="bold",
                        color="#8a3a00", gid="illustrativ",
                        bbox={"boxstyle": "round,pad=0.25", "fc": "#fff3cd", "ec": "#b58100", "lw": 0.8})
    navne = ", ".join(plan.omraade[o].navn for o in areas)
    alt = (f"Afstand til listekriteriernes grænser pr. år for {navne}, i procent af grænseværdien; over 0 er "
           f"kriteriet opfyldt. Lodret linje: visionen {rules.vision_aar}."
           + (" ILLUSTRATIVE DATA." if illustrativ else ""))
    return figure_to_html(fig, alt)


def liste_afsnit(omraade: str, observations: pd.DataFrame | None, plan: Plan | None = None,
                 runde: str = "slut", diskretionering: bool = True,
                 diskretionering_graense: int = disk.GRAENSE) -> str:
    """The report section on the government's lists, as an HTML fragment (Danish, escaped text).

    For one area: the 2025 vision and the area's distance to it, the criterion values with their
    distance to each threshold year by year, the classifier's status beside the recorded status (with
    sources; "inferred" and "not found" kept), a figure of the distances with the vision marked, the
    criteria by period, and in words which criterion values are missing. For ``samlet``: a compact
    overview of all four areas (status per year, a figure with one panel per area) and the criteria.

    Only list years up to the round's last year (``midtvej`` 2018, ``slut`` 2021) are shown.
    ``observations`` None: the shipped data (``data/eksempel``). With ``diskretionering`` (the default) a
    value of a sensitive indicator whose persons are few (tæller, nævner or their difference below
    ``diskretionering_graense``) is shown as "(diskretioneret)", without its distance and explanation, as in
    every other section of the reports.
    """
    plan = plan or load_plan()
    rules = load_rules()
    if runde not in RUNDE_SIDSTE_AAR:
        raise ListeError(f"ukendt runde '{runde}'; gyldige: {', '.join(RUNDE_SIDSTE_AAR)}")
    sidste = RUNDE_SIDSTE_AAR[runde]
    samlet = omraade == "samlet"
    areas = list(OMRAADER) if samlet else _resolve_areas([omraade], plan)
    table = list_table(observations, areas, plan, diskretionering_graense)
    skjult = table.attrs.get("skjult", {}) if diskretionering else {}
    table = _diskretioner(table[table["liste_aar"] <= sidste].reset_index(drop=True), skjult, diskretionering_graense)
    out: list[str] = ['<div class="listeafsnit">']
    if table["illustrativ"].any():
        out.append('<div class="illustrativ">ILLUSTRATIVE DATA: kriterieværdierne i dette afsnit er opdigtede '
                   "eksempeltal (data/eksempel), ikke rigtige data. Den registrerede listestatus er derimod "
                   "hentet fra offentlige kilder.</div>")
    out.append(
        f"<p><strong>Visionen:</strong> {_e(rules.vision_tekst)} <span class=\"note\">({_e(rules.vision_kilde)})</span> "
        "Om et område er på listen, afgøres hvert år pr. 1. december af nogle få lovbestemte kriterier, hvis "
        "definitioner og grænser blev ændret i 2013, 2018 og 2021. Nedenfor står for hvert år, hvilke kriterier "
        "området opfylder, hvor langt det er fra hver grænse, hvad det betyder for listestatus efter de regler, "
        "der gjaldt det år, og hvilken status der er registreret i offentlige kilder.</p>"
    )
    if samlet:
        out.append(_samlet(table, plan, rules, sidste))
    else:
        o = areas[0]
        g = table[table["omraade"] == o]
        navn = plan.omraade[o].navn
        out.append("<h3>Afstand til visionen</h3>")
        out.append(f"<p>{_e(_vision_tekst(g, rules, navn, sidste))}</p>")
        krit, stat, kilder = _afsnit_tabeller(g, rules, skjult)
        out.append("<h3>Status år for år: beregnet og registreret</h3>")
        out.append(stat)
        if kilder:
            out.append('<p class="note">Kilder til den registrerede status: '
                       + " ".join(f"[{i + 1}] {_e(u)}" for i, u in enumerate(kilder)) + "</p>")
        out.append('<p class="note">Grundlag: "oplyst i kilden" – kilden siger det; "udledt (\'inferred\')" – ingen '
                   'kilde siger det direkte, det er sluttet af en anden oplysning (se noten i data/lister/listestatus.csv); '
                   '"ikke fundet (\'not found\')" – ingen læst kilde oplyser status, hvilket ikke betyder, at området '
                   "ikke var på en liste. Beregnet status bygger kun på kriterieværdierne i data.</p>")
        notes: dict[str, list[int]] = {}
        for r in g.to_dict("records"):
            if r["registreret_note"]:
                notes.setdefault(r["registreret_note"], []).append(int(r["liste_aar"]))
        if notes:
            out.append('<ul class="note">' + "".join(f"<li>{_e(_aar_spaend(ys))}: {_e(t)}</li>" for t, ys in notes.items())
                       + "</ul>")
        out.append("<h3>Kriterierne: værdi og afstand til grænsen</h3>")
        out.append('<p class="note">Hver celle: værdien, værdien minus grænsen (procentpoint; beboere i antal) og '
                   "om kriteriet er opfyldt (▲, tæller mod listen), ikke opfyldt (▽) eller mangler (?). Grænserne er "
                   "dem for listen over (særligt) udsatte boligområder/ghettoområder, der gjaldt det år.</p>")
        out.append(krit)
        out.append(_mangler_afsnit(g, rules))
        fig = _figur(table, [o], plan, rules, sidste)
        if fig:
            out.append(fig)
        else:
            out.append(f'<p class="note">Ingen figur: {_e(_ingen_data_tekst())}</p>')
        forkl = [(int(r["liste_aar"]), r["forklaring"]) for r in g.to_dict("records")
                 if any(_finite(r[f"{k}_vaerdi"]) for k in KRITERIER)]
        if forkl:
            out.append("<h3>Beregningen forklaret</h3>")
            out.append("<ul>" + "".join(f'<li class="forklaring">{_e(t)}</li>' for _, t in forkl) + "</ul>")
        if not any(_finite(v) for k in KRITERIER for v in g[f"{k}_vaerdi"]):
            out.append(f"<p>Der er ingen værdier for listekriterierne i data for {_e(navn)}: "
                       f"{_e(_ingen_data_tekst())} Den beregnede status kan derfor ikke vises; den registrerede "
                       "status står alene.</p>")
    out.append("<h3>Listekriterierne periode for periode</h3>")
    out.append(_regel_tabel(rules))
    out.append(
        '<p class="note">"mere end"/"mindre end" er skarpe grænser: en værdi præcis på grænsen opfylder ikke '
        'kriteriet; "mindst" (beboere, dømte fra 2018) medregner grænsen. Hårdt ghettoområde/omdannelsesområde: '
        "ghettoområde/parallelsamfund i hvert af de seneste 5 år, medregnet året selv; nogle offentlige kilder "
        "siger 4 år i træk, og hvor det giver et andet resultat, siger forklaringen det. Kilder og metode: "
        "data/lister/kriterier.yaml og docs/lister.md.</p>"
    )
    out.append("</div>")
    return "\n".join(part for part in out if part)


#: Short labels of the statuses for the overview of the four areas.
KORT_STATUS: dict[str, str] = {
    "ghettoliste": "På listen",
    "udsat": "Udsat",
    "ghetto": "Ghetto",
    "haardt_ghetto": "Hårdt ghetto",
    "forebyggelse": "Forebyggelse",
    "parallelsamfund": "Parallelsamfund",
    "omdannelse": "Omdannelse",
    IKKE_PAA_LISTE: "Ikke på liste",
    KAN_IKKE_AFGOERES: "Kan ikke afgøres",
}


def _kort_registreret(row: Mapping[str, Any] | None) -> str:
    """A recorded row in a few words: ``Ghetto + hårdt ghetto``, ``ikke parallelsamfund/omdannelse``."""
    if row is None:
        return "ingen kilde læst"
    if row["grundlag"] == "not found":
        return "ikke fundet"
    parts = []
    if row["paa_lister"]:
        names = [KORT_STATUS.get(i, i) for i in row["paa_lister"]]
        parts.append(" + ".join([names[0]] + [n.lower() for n in names[1:]]))
    if row["ikke_paa_lister"]:
        parts.append("ikke " + "/".join(KORT_STATUS.get(i, i).lower() for i in row["ikke_paa_lister"]))
    text = "; ".join(parts)
    return text + (" (udledt)" if row["grundlag"] == "inferred" else "")


def diskretion_forklaring(graense: int = disk.GRAENSE) -> str:
    """The sentence that replaces a list explanation built on a hidden value."""
    return ("Forklaringen med tal er udeladt, fordi den bygger på en andel, hvis tæller, nævner eller forskellen "
            f"mellem dem er under {graense} (diskretionering); status er beregnet på de fulde tal.")


#: The sentence with the default threshold.
DISKRETION_FORKLARING = diskretion_forklaring()


def _diskretioner(table: pd.DataFrame, skjult: Mapping[str, list[str]], graense: int = disk.GRAENSE) -> pd.DataFrame:
    """The table for publication: distances and explanations built on small sensitive counts left out."""
    if not skjult:
        return table
    table = table.copy()
    for key, krit in skjult.items():
        o, y = key.rsplit(":", 1)
        mask = (table["omraade"] == o) & (table["liste_aar"] == int(y))
        for k in krit:
            table.loc[mask, f"{k}_afstand"] = math.nan
        table.loc[mask, "forklaring"] = diskretion_forklaring(graense)
    return table


def _samlet(table: pd.DataFrame, plan: Plan, rules: Regler, sidste: int) -> str:
    years = sorted(set(table["liste_aar"]))
    years = [y for y in years if y >= 2017] or years
    hist = load_history()
    hist = hist[hist["officiel"] == "ja"]
    head = ["Område"] + [str(y) for y in years]
    rows = []
    for o, g in table.groupby("omraade", sort=False):
        by = {int(r["liste_aar"]): r for r in g.to_dict("records")}
        rec = {int(r["aar"]): r for r in hist[hist["omraade"] == o].to_dict("records")}
        row = [_e(plan.omraade[o].kortnavn or plan.omraade[o].navn)]
        for y in years:
            r = by.get(y)
            if r is None:
                row.append("–")
                continue
            has = any(_finite(r[f"{k}_vaerdi"]) for k in KRITERIER)
            label = KORT_STATUS.get(r["status"], r["status"])
            if not r["afgjort"] and r["status"] != KAN_IKKE_AFGOERES:
                label += " (?)"
            beregnet = _badge(r["status"], label) if has else '<span class="note">ingen værdier</span>'
            row.append(f"{beregnet}<br><span class=\"note\">{_e('Reg.: ' + _kort_registreret(rec.get(y)))}</span>")
        rows.append(row)
    out = ["<h3>Overblik: beregnet og registreret status</h3>", _html_table(head, rows)]
    out.append('<p class="note">Øverst den status, kriterieværdierne i data giver efter årets regler ("(?)": en '
               "strengere liste kan ikke afgøres, fx hårdt ghettoområde uden listestatus for de tidligere år); nederst "
               "(Reg.) den status, offentlige kilder registrerer (\"ikke fundet\": ingen læst kilde oplyser den; "
               "\"udledt\": sluttet, ikke oplyst). Hele beregningen for hvert område står i områderapporten.</p>")
    # distance to the vision, one line per area
    items = []
    for o, g in table.groupby("omraade", sort=False):
        items.append(f"<li><strong>{_e(plan.omraade[o].navn)}:</strong> "
                     f"{_e(_vision_tekst(g, rules, plan.omraade[o].navn, sidste))}</li>")
    out.append("<h3>Afstand til visionen</h3><ul>" + "".join(items) + "</ul>")
    miss = []
    for o, g in table.groupby("omraade", sort=False):
        text = _mangler_afsnit(g, rules)
        if text:
            inner = text.removeprefix('<p class="note">').removesuffix("</p>")
            miss.append(f"<li>{_e(plan.omraade[o].navn)}: {inner}</li>")
    if miss:
        out.append('<ul class="note">' + "".join(miss) + "</ul>")
    fig = _figur(table, list(OMRAADER), plan, rules, sidste)
    out.append(fig or f'<p class="note">Ingen figur: {_e(_ingen_data_tekst())}</p>')
    antal = _listeantal()
    if antal is not None:
        a = antal[antal["aar"] <= sidste]
        if not a.empty:
            rows = [[_e(r["aar"]), _e(r["udsatte_omraader"] or "–"), _e(r["ghetto_eller_parallelsamfund"] or "–"),
                     _e(r["haarde_ghetto_eller_omdannelse"] or "–"), _e(r["forebyggelse"] or "–")]
                    for r in a.to_dict("records")]
            out.append("<h3>Antal områder på de landsdækkende lister</h3>")
            out.append(_html_table(["Liste pr. 1. dec.", "Udsatte", "Ghetto/parallelsamfund", "Hårde ghetto/omdannelse",
                                    "Forebyggelse"], rows, numeric=range(1, 5)))
            out.append('<p class="note">Kilde: data/lister/listeantal.csv (BL; 2017: boligsocialnet.dk, én liste '
                       "efter de gamle kriterier).</p>")
    return "\n".join(out)


def _listeantal() -> pd.DataFrame | None:
    path = LISTE_DIR / "listeantal.csv"
    if not path.exists():
        return None
    frame = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    frame["aar"] = frame["aar"].astype(int)
    return frame
