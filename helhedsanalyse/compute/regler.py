"""The rules: how one target part of a succeskriterium is judged for one area in one round.

Every criterion kind of the plan (``Maal.type``) has one rule, registered in :data:`REGLER`. A rule
returns a :class:`Del`: a status from :mod:`helhedsanalyse.status`, the year-by-year judgements behind
it, the progress ratio where one applies, and a Danish explanation with the numbers. The meaning of
every status and the reading of the plan's wording are in ``DESIGN.md`` ("Assessment") and
``docs/metode.md``; the expected behaviour is pinned in ``tests/tilfaelde/vurderinger.csv``.

The rules fall in four shapes:

* **every year** (``hvert år``, ``årligt``, ``X % om året``, each cohort, ``igennem hele perioden``):
  each judged year is its own deadline; :func:`verdict_from_years` turns the years into a verdict
  (``opfyldt`` all met, ``delvist_opfyldt`` some met and some missed, ``ikke_opfyldt`` none met,
  ``mangler_data`` none missed but some missing, ``ikke_aktuel`` none due yet);
* **one deadline** (``max 20 i 2021``, ``20 familier i 2020``, ``inden for 2 år og fastholdes``):
  before the deadline the progress ratio on the straight line from the baseline to the target; at or
  after it a verdict on the deadline year (and every later year where the target must be held);
* **direction only** (``reduceres i perioden 2017-2021``): the required year against the nulpunkt;
* **an average over the period** (``i gennemsnit pr. år``): every year present, then the average.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from ..core.formatting import NBSP, format_aendring, format_forskel, format_tal, format_vaerdi
from ..core.status import STATUS_TEKST, status_for_fremskridt, worst_status
from ..plan.model import RUNDE_SIDSTE_AAR, Indikator, Kriterium, Plan
from .indicators import SKALA, and_list, kort_navn, samlet_omraader

#: Relative tolerance of every comparison with a target (DESIGN.md: "a relative tolerance of 1e-9").
TOL = 1e-9

#: The plan's last year: the deadline of targets without one of their own.
SLUTAAR = RUNDE_SIDSTE_AAR["slut"]

#: Share of an annual count target that applies to 2021 for activities under the delaftaler
#: (1.10.2017-30.9.2021: 2021 has three quarters).
DELAFTALE_2021_ANDEL = 0.75

_OP_TEKST = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_OP_ORD = {"<": "under", "<=": "højst", ">": "over", ">=": "mindst"}


# --------------------------------------------------------------------------- comparisons


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOL * max(abs(a), abs(b), 1.0)


def compare(v: float, op: str, target: float) -> bool:
    """``v op target`` with the relative tolerance :data:`TOL`: "under"/"over" strict, "max"/"mindst" inclusive.

    >>> compare(28.000000000000004, "<", 28), compare(20.0, "<=", 20), compare(84.99999999999999, ">=", 85)
    (False, True, True)
    """
    if op == "<":
        return v < target and not _close(v, target)
    if op == "<=":
        return v < target or _close(v, target)
    if op == ">":
        return v > target and not _close(v, target)
    if op == ">=":
        return v > target or _close(v, target)
    raise ValueError(op)


def linear_path(b: float, b_aar: int, target: float, deadline: int, aar: int) -> float:
    """The value on the straight line from (b_aar, b) to (deadline, target), read at ``aar``.

    Before the baseline year the line starts at ``b``; after the deadline it stays at ``target``.

    >>> linear_path(20, 2015, 10, 2021, 2018), linear_path(20, 2015, 10, 2021, 2025)
    (15.0, 10.0)
    """
    if deadline <= b_aar:
        return target
    frac = min(1.0, max(0.0, (aar - b_aar) / (deadline - b_aar)))
    return b + (target - b) * frac


def judge_progress(baseline: float, vaerdi: float, krav: float, retning: str) -> tuple[str, float]:
    """Progress label and ratio ``r = d·(vaerdi − baseline) / d·(krav − baseline)`` (d = +1 up, −1 down).

    If the target requires no change by then (the baseline is already at or past ``krav``), the ratio
    is undefined: moving the wrong way is ``tilbagegang``, otherwise ``begraenset_fremgang``.

    From 20 down to 16 where the path requires 15 by now: 4 of 5, a ratio of 0,8.

    >>> judge_progress(20, 16, 15, "ned")
    ('moderat_fremgang', 0.8)
    >>> judge_progress(10, 9, 10, "op")
    ('tilbagegang', nan)
    """
    d = 1 if retning == "op" else -1
    required = d * (krav - baseline)
    achieved = d * (vaerdi - baseline)
    if not (math.isfinite(required) and math.isfinite(achieved)):
        return "mangler_data", float("nan")
    if required <= TOL:
        return ("tilbagegang" if achieved < -TOL else "begraenset_fremgang"), float("nan")
    r = achieved / required
    return status_for_fremskridt(r), r


def verdict_from_years(naaet: list[bool | None]) -> str:
    """The verdict of a target judged year by year (each year its own deadline).

    >>> verdict_from_years([True, True]), verdict_from_years([False, True, None]), verdict_from_years([False, None])
    ('opfyldt', 'delvist_opfyldt', 'ikke_opfyldt')
    >>> verdict_from_years([True, None]), verdict_from_years([])
    ('mangler_data', 'ikke_aktuel')
    """
    if not naaet:
        return "ikke_aktuel"
    met, missed = any(x is True for x in naaet), any(x is False for x in naaet)
    if missed:
        return "delvist_opfyldt" if met else "ikke_opfyldt"
    if any(x is None for x in naaet):
        return "mangler_data"
    return "opfyldt"


def ratio_text(r: float) -> str:
    """A progress ratio in words.

    >>> ratio_text(1.7)
    '1,7 gange den fremgang, målet kræver'
    >>> ratio_text(0.4), ratio_text(-0.2)
    ('40\xa0% af den fremgang, målet kræver', 'en udvikling væk fra målet')
    """
    if not math.isfinite(r):
        return "fremskridtet kan ikke beregnes"
    if r < 0:
        return "en udvikling væk fra målet"
    if r >= 1.0:
        return f"{format_tal(r, 1)} gange den fremgang, målet kræver"
    return f"{format_tal(r * 100, 0)}{NBSP}% af den fremgang, målet kræver"


# --------------------------------------------------------------------------- series lookup


@dataclass(frozen=True, eq=False)
class Serie:
    """The yearly values of one (område, indikator), as numpy views of the indicator table, sorted by year."""

    omraade: str
    indikator: str
    aar: np.ndarray
    vaerdi: np.ndarray
    #: a whole year's figure: a value, and not an incomplete year
    usable: np.ndarray
    ufuldstaendig: np.ndarray
    periode: np.ndarray
    delperioder: np.ndarray
    illustrativ: np.ndarray
    tilnaermet: np.ndarray
    bemaerkning: np.ndarray
    taeller: np.ndarray
    naevner: np.ndarray

    @classmethod
    def of_rows(cls, omraade: str, indikator: str, arrays: dict[str, np.ndarray], lo: int, hi: int) -> Serie:
        """The series of rows ``lo:hi`` of the store's column ``arrays``."""
        return cls(omraade, indikator, **{name: arrays[name][lo:hi] for name in SERIE_FELTER})

    def row(self, year: int) -> int | None:
        """Index of the row of exactly ``year`` (usable or not), or None."""
        i = int(np.searchsorted(self.aar, year))
        return i if i < len(self.aar) and self.aar[i] == year else None

    def at(self, year: int) -> int | None:
        """Index of the usable value of exactly ``year``, or None."""
        i = self.row(year)
        return i if i is not None and self.usable[i] else None

    def latest(self, until: int, since: int | None = None) -> int | None:
        """Index of the latest usable year <= ``until`` (and >= ``since``), or None."""
        for i in range(int(np.searchsorted(self.aar, until, side="right")) - 1, -1, -1):
            if since is not None and self.aar[i] < since:
                return None
            if self.usable[i]:
                return i
        return None

    def window(self, lo: int, hi: int) -> list[int]:
        """Indices of the usable years in [lo, hi]."""
        a = int(np.searchsorted(self.aar, lo))
        b = int(np.searchsorted(self.aar, hi, side="right"))
        return [i for i in range(a, b) if self.usable[i]]


#: The per-year columns of a :class:`Serie`.
SERIE_FELTER = tuple(f.name for f in fields(Serie) if f.name not in ("omraade", "indikator"))


class SerieStore:
    """All series of an indicator table, grouped once: ``store.get(omraade, indikator) -> Serie``."""

    def __init__(self, indicators: pd.DataFrame):
        df = indicators.sort_values(["omraade", "indikator", "aar"], kind="stable").reset_index(drop=True)
        incomplete = df["ufuldstaendig"].astype(bool).to_numpy()
        delper = df["delperioder"] if "delperioder" in df.columns else None
        self.arrays = {
            "aar": df["aar"].to_numpy(dtype=int),
            "vaerdi": df["vaerdi"].to_numpy(dtype=float),
            "usable": df["vaerdi"].notna().to_numpy() & ~incomplete,
            "ufuldstaendig": incomplete,
            "periode": df["periode"].astype(str).to_numpy(dtype=object),
            "delperioder": (delper.fillna(0).to_numpy(dtype=float) if delper is not None
                            else np.zeros(len(df))),
            "illustrativ": df["illustrativ"].astype(bool).to_numpy(),
            "tilnaermet": df["tilnaermet"].astype(bool).to_numpy(),
            "bemaerkning": df["bemaerkning"].fillna("").astype(str).to_numpy(dtype=object),
            "taeller": df["taeller"].to_numpy(dtype=float),
            "naevner": df["naevner"].to_numpy(dtype=float),
        }
        keys = list(zip(df["omraade"].tolist(), df["indikator"].tolist(), strict=True))
        self.bounds: dict[tuple[str, str], tuple[int, int]] = {}
        start = 0
        for i in range(1, len(keys) + 1):
            if i == len(keys) or keys[i] != keys[start]:
                self.bounds[keys[start]] = (start, i)
                start = i
        self._cache: dict[tuple[str, str], Serie] = {}
        #: (omraade, indikator, aar) of values the source gives as rounded ("ca. 70 %"; kvalifikator "ca.")
        self.afrundet: set[tuple[str, str, int]] = set()

    def get(self, omraade: str, indikator: str | None) -> Serie | None:
        if indikator is None:
            return None
        key = (omraade, indikator)
        if key not in self.bounds:
            return None
        if key not in self._cache:
            lo, hi = self.bounds[key]
            self._cache[key] = Serie.of_rows(omraade, indikator, self.arrays, lo, hi)
        return self._cache[key]


# --------------------------------------------------------------------------- what the data say about a year


@dataclass
class Maaling:
    """What the data say about one year of one series.

    ``tilstand``: ``hel`` (a whole year's figure), ``delvis`` (an incomplete year: a missing quarter,
    a missing area of samlet; ``vaerdi`` is then the partial figure) or ``mangler`` (no figure).
    """

    aar: int
    tilstand: str
    vaerdi: float = float("nan")
    periode: str = ""
    taeller: float = float("nan")
    naevner: float = float("nan")
    note: str = ""
    illustrativ: bool = False
    tilnaermet: bool = False
    #: samlet of a share or rate with an area missing: the reported areas' own values
    omraade_vaerdier: dict[str, float] = field(default_factory=dict)
    #: the figure stands in for a later required year (publication delay): foreløbig
    foreloebig: bool = False
    #: how many quarters/half-years made the year's figure (0: a yearly row)
    delperioder: int = 0

    @property
    def hel(self) -> bool:
        return self.tilstand == "hel"


# --------------------------------------------------------------------------- one part's result


@dataclass
class Del:
    """The result of one target part for one criterion × area."""

    type: str
    maal: str
    status: str
    fremskridt: float = float("nan")
    aar: int | None = None
    periode: str | None = None
    vaerdi: float = float("nan")
    taeller: float = float("nan")
    naevner: float = float("nan")
    baseline: float = float("nan")
    baseline_aar: int | None = None
    maalvaerdi: float = float("nan")
    krav: float = float("nan")
    reference: float = float("nan")
    reference_aar: int | None = None
    frist: int | None = None
    forklaring: str = ""
    illustrativ: bool = False
    tilnaermet: bool = False
    foreloebig: bool = False
    #: judged year by year (every year its own deadline): "x af y år" applies
    aarsvis: bool = False
    #: the comparison the value is judged against, for the uncertainty sentence: (operator, value, words)
    sammenligning: tuple[str, float, str] | None = None
    #: for a projection before the deadline: (retning, target value, deadline) or None
    fremskriv: tuple[str, float, int] | None = None
    aar_for_aar: list[dict[str, Any]] = field(default_factory=list)

    @property
    def gaelder(self) -> bool:
        return self.status != "ikke_aktuel"

    @property
    def domme(self) -> list[bool | None]:
        return [y["naaet"] for y in self.aar_for_aar]

    def as_dict(self) -> dict[str, Any]:
        d = {f: getattr(self, f) for f in _DEL_FELTER if f not in ("sammenligning", "fremskriv", "aarsvis")}
        d["aar_for_aar"] = [dict(x) for x in self.aar_for_aar]
        d["status_tekst"] = STATUS_TEKST[self.status]
        return d


_DEL_FELTER = [f.name for f in fields(Del)]


@dataclass
class Kontekst:
    """What a rule needs: the criterion, the area, the round and the series."""

    plan: Plan
    kriterium: Kriterium
    omraade: str
    indikator: Indikator | None
    runde: str
    sidste_aar: int
    serie: Serie | None
    store: SerieStore
    vurdering: dict[str, Any] | None = None

    @property
    def navn(self) -> str:
        return kort_navn(self.plan, self.omraade)

    @property
    def enhed(self) -> str | None:
        return self.indikator.enhed if self.indikator else None

    @property
    def indikator_navn(self) -> str:
        return self.indikator.navn if self.indikator else "Kriteriet"

    @property
    def forsinkelse(self) -> int:
        return self.indikator.forsinkelse_aar if self.indikator else 0

    @property
    def er_antal(self) -> bool:
        """A count summed over the year (or over the areas): partial figures only grow."""
        ind = self.indikator
        if ind is None or ind.enhed in SKALA:
            return False
        if self.omraade == "samlet":
            return ind.samlet == "sum"
        return ind.aarsopgoerelse == "sum"

    def v(self, x: float, decimaler: int | None = None) -> str:
        return format_vaerdi(x, self.enhed, decimaler)

    def head(self) -> str:
        """``"Kriminalretlige afgørelser pr. 1000 beboere, Sydbyen"``."""
        return f"{self.indikator_navn}, {self.navn}"

    def reference(self, geo: str, year: int) -> tuple[float, int | None, bool]:
        """The geography's value of ``year`` or the latest earlier one: (value, year, illustrative)."""
        s = self.store.get(geo, self.indikator_id)
        i = s.latest(year) if s is not None else None
        if s is None or i is None:
            return float("nan"), None, False
        return float(s.vaerdi[i]), int(s.aar[i]), bool(s.illustrativ[i])

    @property
    def indikator_id(self) -> str | None:
        return self.indikator.id if self.indikator else None

    # ---- years
    def maaling(self, year: int, omraade: str | None = None) -> Maaling:
        """What the data say about ``year`` of this criterion's indicator in ``omraade`` (default: the row's)."""
        omraade = omraade or self.omraade
        s = self.serie if omraade == self.omraade else self.store.get(omraade, self.indikator_id)
        i = s.row(year) if s is not None else None
        if s is not None and i is not None and (s.usable[i] or _delaftale_2021(self.kriterium, s, i)):
            return _whole_year(s, i, year)
        if omraade == "samlet" and self.indikator is not None and self.indikator.samlet != "ingen":
            m = _samlet_from_areas(self, self.indikator, year)
            if m is not None:
                return m
        if s is not None and i is not None and np.isfinite(s.vaerdi[i]):  # an incomplete sub-year sum
            return Maaling(year, "delvis", float(s.vaerdi[i]), str(s.periode[i]), float(s.taeller[i]),
                           float(s.naevner[i]), str(s.bemaerkning[i]), bool(s.illustrativ[i]), bool(s.tilnaermet[i]))
        return Maaling(year, "mangler")

    def kraevet(self, year: int) -> Maaling:
        """The figure for a required ``year``; if absent, the year a publication delay earlier (foreløbig)."""
        m = self.maaling(year)
        if m.tilstand != "mangler" or self.forsinkelse == 0:
            return m
        earlier = self.maaling(year - self.forsinkelse)
        if earlier.hel:
            earlier.foreloebig = True
            earlier.note = (f"Tallet for {year} er ikke offentliggjort endnu (kilden offentliggør med "
                            f"{self.forsinkelse} års forsinkelse); {earlier.aar} står i stedet: foreløbig.")
            return earlier
        return m

    def seneste(self, before: int, since: int | None = None) -> Maaling | None:
        """The latest whole year before ``before`` (context for a missing year), or None."""
        s = self.serie
        i = s.latest(before - 1, since) if s is not None else None
        return self.maaling(int(s.aar[i])) if s is not None and i is not None else None


def _delaftale_2021(kriterium: Kriterium, s: Serie, i: int) -> bool:
    """A 2021 activity count under the delaftaler with Q1-Q3: complete (the plan ends 30.9.2021)."""
    return bool(kriterium.delaftale and int(s.aar[i]) == SLUTAAR and bool(s.ufuldstaendig[i])
                and np.isfinite(s.vaerdi[i]) and s.delperioder[i] >= 3 and "Q" in str(s.periode[i]))


def _whole_year(s: Serie, i: int, year: int) -> Maaling:
    """The whole year's figure of row ``i`` (a delaftale 2021 of three quarters says so in its note)."""
    note = "" if s.usable[i] else f"{year} er 1.-3. kvartal: delaftalerne løber til 30.9.{year}."
    return Maaling(year, "hel", float(s.vaerdi[i]), str(s.periode[i]), float(s.taeller[i]), float(s.naevner[i]),
                   note, bool(s.illustrativ[i]), bool(s.tilnaermet[i]), delperioder=int(s.delperioder[i]))


def _samlet_from_areas(ctx: Kontekst, ind: Indikator, year: int) -> Maaling | None:
    """Samlet of ``year`` from the covered areas, when they are there in full or in part."""
    members = ctx.kriterium.samlet_af or samlet_omraader(ctx.plan, ind.id)
    parts = {o: ctx.maaling(year, o) for o in members}
    present = {o: m for o, m in parts.items() if m.tilstand != "mangler"}
    if not present:
        return None
    missing = [o for o in members if o not in present]
    partial = [o for o, m in present.items() if not m.hel]
    value, t, n = _pooled(ind, list(present.values()))
    ill = any(m.illustrativ for m in present.values())
    if not missing and not partial:
        # the indicator table had no usable samlet row (e.g. delaftale 2021 with Q1-Q3 in every area)
        return Maaling(year, "hel", value, str(year), t, n, "Samlet beregnet af områderne.", ill,
                       not math.isfinite(t) and ind.samlet == "ratio",
                       delperioder=max(m.delperioder for m in present.values()))
    bits = []
    if missing:
        bits.append("intet tal for " + and_list([kort_navn(ctx.plan, o) for o in missing]))
    if partial:
        bits.append("ufuldstændigt år for " + and_list([kort_navn(ctx.plan, o) for o in partial]))
    covered = and_list([kort_navn(ctx.plan, o) for o in present])
    note = f"Samlet {year} er ufuldstændigt: {' og '.join(bits)}; {covered} giver {ctx.v(value)}."
    return Maaling(year, "delvis", value, str(year), t, n, note, ill,
                   omraade_vaerdier={o: m.vaerdi for o, m in present.items()})


def _pooled(ind: Indikator, present: list[Maaling]) -> tuple[float, float, float]:
    """(value, tæller, nævner) of areas added up: a sum, a ratio of the summed counts, else the mean value."""
    if ind.samlet == "sum":
        return float(sum(m.vaerdi for m in present)), float("nan"), float("nan")
    ts = [m.taeller for m in present]
    ns = [m.naevner for m in present]
    if all(math.isfinite(x) for x in ts + ns) and sum(ns) > 0:
        t, n = float(sum(ts)), float(sum(ns))
        return t / n * SKALA.get(ind.enhed, 1.0), t, n
    return float(np.mean([m.vaerdi for m in present])), float("nan"), float("nan")


Regel = Callable[[Any, Kontekst], Del]


# --------------------------------------------------------------------------- baselines


@dataclass
class _Baseline:
    vaerdi: float
    aar: int | None
    kilde: str  # "planen", "antaget" (an assumed zero point, see Baseline.antaget) or "data"
    mangler: str = ""
    illustrativ: bool = False

    @property
    def ok(self) -> bool:
        return self.brugbart_aar is not None

    @property
    def brugbart_aar(self) -> int | None:
        """The baseline's year when it has one and a finite value, else None."""
        return self.aar if self.aar is not None and math.isfinite(self.vaerdi) else None

    def tekst(self, ctx: Kontekst) -> str:
        if self.kilde == "antaget":
            return f"{ctx.v(self.vaerdi)} i {self.aar} (antaget nulpunkt: aktiviteten starter med planen)"
        if self.kilde == "planen":
            return f"{ctx.v(self.vaerdi)} i {self.aar} (planens tal)"
        return f"{ctx.v(self.vaerdi)} i {self.aar}"


def _year_in(text: str | None) -> int | None:
    m = re.search(r"(19|20)\d{2}", text or "")
    return int(m.group(0)) if m else None


def resolve_baseline(maal: Any, ctx: Kontekst, data_aar: int | None = None, plan_values: bool = True) -> _Baseline:
    """The baseline x_0 of one part for one area.

    In this order: the part's own ``fra_vaerdi``/``fra_aar``; a sibling part of the same kind binding
    the same area with ``fra_vaerdi`` (kriminalitet: the area's 2015 figure also starts "under 28");
    the criterion's ``baseline.pr_omraade``; its ``baseline.vaerdi`` (an assumed zero point gives way
    to an observed value of its year); finally the observed value of the nulpunkt year in the data
    (``data_aar``, else the year in ``baseline.nulpunkt``, else ``baseline.aar``).
    """
    k = ctx.kriterium
    if plan_values:
        for other in [maal, *[o for o in k.maal_for(ctx.omraade) if o is not maal and o.type == maal.type]]:
            if getattr(other, "fra_vaerdi", None) is not None and getattr(other, "fra_aar", None) is not None:
                return _Baseline(float(other.fra_vaerdi), int(other.fra_aar), "planen")
        if k.baseline.pr_omraade and ctx.omraade in k.baseline.pr_omraade and k.baseline.aar is not None:
            return _Baseline(float(k.baseline.pr_omraade[ctx.omraade]), int(k.baseline.aar), "planen")
        if k.baseline.vaerdi is not None and k.baseline.aar is not None:
            m = ctx.maaling(int(k.baseline.aar)) if k.baseline.antaget else None
            if m is not None and m.hel:
                return _Baseline(m.vaerdi, m.aar, "data", illustrativ=m.illustrativ)
            kilde = "antaget" if k.baseline.antaget else "planen"
            return _Baseline(float(k.baseline.vaerdi), int(k.baseline.aar), kilde)
    year = data_aar if data_aar is not None else _year_in(k.baseline.nulpunkt) or k.baseline.aar
    if year is None:
        return _Baseline(float("nan"), None, "",
                         mangler="Planen angiver intet udgangspunkt, og der er intet nulpunktsår.")
    m = ctx.maaling(int(year))
    if not m.hel:
        label = k.baseline.nulpunkt or f"nulpunkt {year}"
        return _Baseline(float("nan"), None, "",
                         mangler=f"Udgangspunktet ({label}) mangler: der er intet tal for {ctx.navn} i {year}.")
    return _Baseline(m.vaerdi, m.aar, "data", illustrativ=m.illustrativ)


# --------------------------------------------------------------------------- target texts


def maal_tekst(maal: Any, indikator: Indikator | None = None, plan: Plan | None = None) -> str:
    """A short Danish text of one target part, e.g. ``"≤ 20 pr. 1000 i 2021"``, ``"−10 % om året fra 2017"``."""
    enhed = indikator.enhed if indikator else None
    t = maal.type
    if t == "over_reference":
        ref = kort_navn(plan, maal.reference) if plan else maal.reference
        if maal.reference_vaerdi is not None:
            return f"> {ref} (planen: {format_vaerdi(maal.reference_vaerdi, enhed)} i {maal.reference_aar}) i {SLUTAAR}"
        return f"> {ref} i {SLUTAAR}"
    if t == "fast_maal":
        held = ", derefter fastholdt" if maal.derefter else ""
        return f"{_OP_TEKST[maal.operator]} {format_vaerdi(maal.maal, enhed)} i {maal.senest}{held}"
    if t == "aarlig_aendring":
        start = (f"{format_vaerdi(maal.fra_vaerdi, enhed)} i {maal.fra_aar}" if maal.fra_vaerdi is not None
                 else str(maal.fra_aar))
        return f"{format_aendring(maal.pct)} om året {maal.foerste}-{maal.til_aar} (fra {start}), hvert år mod året før"
    if t == "aendring_i_vindue":
        return f"{format_aendring(maal.pct)} fra {maal.fra_aar} inden for {maal.inden_for_aar} år, derefter fastholdt"
    if t == "retning":
        return f"{'stiger' if maal.retning == 'op' else 'falder'} {maal.fra_aar}-{maal.til_aar}"
    if t == "mindst_antal":
        span = f"-{format_tal(maal.oevre)}" if maal.oevre is not None else ""
        how = {"hvert_aar": "hvert år", "gennemsnit_pr_aar": "i gennemsnit pr. år", "i_alt": "i alt"}[maal.opgoerelse]
        dl = f" senest {maal.senest}" if maal.senest else (f" senest {SLUTAAR}" if maal.opgoerelse == "i_alt" else "")
        return f"mindst {format_tal(maal.mindst)}{span} {how} fra {maal.fra_aar}{dl}"
    if t == "andel_af_kohorte":
        how = {"hvert_aar": f"hvert år fra {maal.fra_aar}",
               "kohorter": "i kohorterne " + and_list([str(k) for k in (maal.kohorter or [])]),
               "frist": f"senest {maal.senest}", "gennemsnit": f"under ét {maal.fra_aar}-{SLUTAAR}"}[maal.opgoerelse]
        return f"≥ {format_tal(maal.mindst_pct)}{NBSP}% af {maal.kohorte} {how}"
    if t == "interval":
        dl = f" senest {maal.senest}, derefter fastholdt" if maal.senest else ""
        return f"{format_tal(maal.min)}-{format_tal(maal.max)}{dl}"
    if t == "nulpunkt":
        if maal.maal is None:
            word = "stiger" if maal.retning == "op" else "falder"
            return f"{word} fra nulpunktet {maal.nulpunkt_aar} (målet er ikke fastlagt)"
        op = "≥" if maal.retning == "op" else "≤"
        return f"{op} {format_vaerdi(maal.maal, enhed)} i {SLUTAAR} (fastlagt ud fra nulpunktet {maal.nulpunkt_aar})"
    if t == "kvalitativ":
        return f"kvalitativ: {maal.metode}"
    return t


# --------------------------------------------------------------------------- shared pieces of the rules


def _krav_tekst(ctx: Kontekst, krav: float, mindst: bool) -> str:
    """A requirement in words: a count as the whole number that meets it.

    højst 25,2 -> 25, mindst 11.571,1 -> 11.572; a share or rate as it is.
    """
    if ctx.enhed in (None, "antal") and ctx.indikator is not None and not float(krav).is_integer():
        whole = math.ceil(krav - TOL * max(1.0, abs(krav))) if mindst else math.floor(krav + TOL * max(1.0, abs(krav)))
        return format_tal(whole, 0)
    return ctx.v(krav)


def _years_text(years: list[int]) -> str:
    return and_list([str(y) for y in years])


def _year_entry(aar: int, naaet: bool | None, vaerdi: float, krav: float, tekst: str, **extra: Any) -> dict[str, Any]:
    return {"aar": aar, "naaet": naaet, "vaerdi": vaerdi, "krav": krav, "tekst": tekst, **extra}


def _level_judgement(ctx: Kontekst, m: Maaling, op: str, target: float) -> bool | None:
    """Is the level target met in the year of ``m``? None when the data cannot say."""
    if m.hel:
        return compare(m.vaerdi, op, target)
    if m.tilstand != "delvis":
        return None
    if ctx.er_antal:  # counts only grow as the missing pieces come in
        if op in (">=", ">") and compare(m.vaerdi, op, target):
            return True
        if op in ("<=", "<") and not compare(m.vaerdi, op, target):
            return False
        return None
    if m.omraade_vaerdier and all(not compare(v, op, target) for v in m.omraade_vaerdier.values()):
        return False  # every reported area on the wrong side
    return None


def _year_summary(entries: list[dict[str, Any]], noun: str = "år") -> str:
    """``"Nået i 1 af 4 år (2021); ikke nået i 2018, 2019 og 2020; intet tal for ..."``."""
    met = [e["aar"] for e in entries if e["naaet"] is True]
    missed = [e["aar"] for e in entries if e["naaet"] is False]
    unknown = [e["aar"] for e in entries if e["naaet"] is None]
    if met:
        bits = [f"Nået i {len(met)} af {len(entries)} {noun}" + (f" ({_years_text(met)})" if missed or unknown else "")]
        if missed:
            bits.append(f"ikke nået i {_years_text(missed)}")
    elif missed:
        bits = [f"Ikke nået i {_years_text(missed)} (0 af {len(entries)} {noun} nået)"]
    else:
        bits = [f"0 af {len(entries)} {noun} kan afgøres"]
    if unknown:
        bits.append(f"kan ikke afgøres for {_years_text(unknown)}")
    return "; ".join(bits) + "."


def _finish_years(d: Del, ctx: Kontekst, intro: str, noun: str = "år") -> Del:
    """Status and explanation of a part judged year by year."""
    d.status = verdict_from_years(d.domme)
    d.aarsvis = True
    if d.status == "ikke_aktuel":
        d.forklaring = f"{intro} Intet år er til vurdering endnu."
        return d
    lines = " ".join(e["tekst"] for e in d.aar_for_aar)
    scope = ""
    if d.frist is not None and d.aar_for_aar and ctx.sidste_aar <= d.aar_for_aar[-1]["aar"] < d.frist:
        scope = f" (vurderet til og med {ctx.sidste_aar}; målet gælder til og med {d.frist})"
    d.forklaring = f"{intro} {lines} {_year_summary(d.aar_for_aar, noun)} {STATUS_TEKST[d.status]}{scope}."
    last = next((e for e in reversed(d.aar_for_aar) if math.isfinite(e.get("vaerdi", float("nan")))), None)
    if last is not None:
        d.aar, d.vaerdi, d.periode = last["aar"], last["vaerdi"], last.get("periode") or str(last["aar"])
        d.taeller, d.naevner = last.get("taeller", float("nan")), last.get("naevner", float("nan"))
    return d


def _missing_text(ctx: Kontekst, year: int, m: Maaling) -> str:
    """``"Intet tal for Sydbyen i 2021."`` or the incomplete year's partial figure."""
    if m.tilstand == "delvis":
        return f"{year} er ufuldstændigt: {m.note}".strip()
    return f"Intet tal for {ctx.navn} i {year}."


def _value_text(ctx: Kontekst, m: Maaling) -> str:
    counts = ""
    if ctx.enhed in SKALA and math.isfinite(m.taeller) and math.isfinite(m.naevner):
        counts = f" ({format_tal(m.taeller, 0)} af {format_tal(m.naevner, 0)})"
    v = format_tal(m.vaerdi, 0) if ctx.enhed in (None, "antal") and float(m.vaerdi).is_integer() else ctx.v(m.vaerdi)
    return f"{v}{counts}"


def _mark(d: Del, m: Maaling) -> None:
    d.illustrativ |= m.illustrativ
    d.tilnaermet |= m.tilnaermet
    d.foreloebig |= m.foreloebig


def _progress_before_deadline(d: Del, ctx: Kontekst, m: Maaling, b: _Baseline, target: float, deadline: int,
                              retning: str, target_txt: str) -> Del:
    """Before a single deadline: paa_rette_vej if already met, else the progress ratio on the straight line."""
    d.aar, d.vaerdi, d.periode, d.taeller, d.naevner = m.aar, m.vaerdi, m.periode, m.taeller, m.naevner
    _mark(d, m)
    d.fremskriv = (retning, target, deadline)
    head = f"{ctx.head()}: {_value_text(ctx, m)} i {m.aar}; målet er {target_txt} i {deadline}."
    op = ">=" if retning == "op" else "<="
    if compare(m.vaerdi, op, target) and (d.sammenligning is None or compare(m.vaerdi, *d.sammenligning[:2])):
        d.status = "paa_rette_vej"
        d.forklaring = f"{head} Målet er allerede nået, men fristen er {deadline}: på rette vej."
        return d
    b_aar = b.brugbart_aar
    if b_aar is not None:
        d.baseline, d.baseline_aar = b.vaerdi, b_aar
        d.illustrativ |= b.illustrativ
    if b_aar is None or b_aar >= m.aar:
        d.status = "mangler_data"
        why = b.mangler or f"Der er ingen måling efter udgangspunktet ({b.aar})."
        d.forklaring = f"{head} Fremskridtet kan ikke beregnes: {why}"
        return d
    d.krav = linear_path(b.vaerdi, b_aar, target, deadline, m.aar)
    d.status, d.fremskridt = judge_progress(b.vaerdi, m.vaerdi, d.krav, retning)
    if math.isfinite(d.fremskridt):
        how = (f"Fra {b.tekst(ctx)} skulle en lige linje mod målet give {ctx.v(d.krav)} i {m.aar}, en ændring på "
               f"{format_forskel(d.krav - b.vaerdi, ctx.enhed)}; "
               f"opnået er {format_forskel(m.vaerdi - b.vaerdi, ctx.enhed)}, "
               f"dvs. {ratio_text(d.fremskridt)}")
    else:
        how = (f"Udgangspunktet {b.tekst(ctx)} lå allerede på den rigtige side af stien; ændringen siden er "
               f"{format_forskel(m.vaerdi - b.vaerdi, ctx.enhed)}")
    d.forklaring = f"{head} {how}: {STATUS_TEKST[d.status].lower()}."
    return d


def _missing_required(d: Del, ctx: Kontekst, year: int, m: Maaling,
                      judge_latest: Callable[[Maaling], str] | None = None) -> Del:
    """mangler_data for a missing required year, with the latest reading and what it would indicate."""
    d.status = "mangler_data"
    text = _missing_text(ctx, year, m)
    if m.tilstand == "delvis":
        d.aar, d.vaerdi, d.periode = year, m.vaerdi, m.periode
    latest = ctx.seneste(year)
    if latest is not None and latest.hel:
        hint = f" – {judge_latest(latest)}" if judge_latest else ""
        text += f" Seneste tal {latest.aar}: {_value_text(ctx, latest)}{hint}; ældre tal afgør ikke status."
    d.forklaring = f"{ctx.head()}: målet: {d.maal}. {text} Mangler data."
    return d


def _distance_text(ctx: Kontekst, v: float, op: str, target: float) -> str:
    gap = abs(v - target)
    if _close(v, target):
        return f"præcis {ctx.v(target)}, men målet er {_OP_ORD[op]} {ctx.v(target)}"
    if ctx.enhed in (None, "antal") and float(v).is_integer() and float(target).is_integer():
        if op in (">", ">="):
            return f"{format_tal(v, 0)} af {format_tal(target, 0)}"
        return f"{format_tal(gap, 0)} for mange"
    diff = format_forskel(abs(v - target), ctx.enhed).lstrip("+")
    return f"{diff} {'under' if v < target else 'over'} målet"


# --------------------------------------------------------------------------- the rules


def _deadline_rule(m: Any, ctx: Kontekst, *, op: str, target: float, deadline: int, target_txt: str,
                   baseline: Callable[[], _Baseline], fastholdes: bool = False, engang: bool = False,
                   sammenligning: tuple[str, float, str] | None = None) -> Del:
    """A level target with one deadline (optionally held every later year)."""
    d = Del(m.type, maal_tekst(m, ctx.indikator, ctx.plan), "mangler_data", maalvaerdi=target,
            frist=SLUTAAR if fastholdes else deadline,  # a held target covers every year to the plan's end
            sammenligning=sammenligning or (op, target, f"målet {ctx.v(target)}"))
    if ctx.sidste_aar < deadline:
        return _before_deadline(d, ctx, op=op, target=target, deadline=deadline, target_txt=target_txt,
                                baseline=baseline, engang=engang)
    b = baseline()
    b_aar = b.brugbart_aar
    if b_aar is not None and b_aar < deadline:
        d.baseline, d.baseline_aar = b.vaerdi, b_aar
    _judge_deadline_years(d, ctx, op, target, deadline, fastholdes)
    d.aarsvis = fastholdes
    first = d.aar_for_aar[0]
    head = f"{ctx.head()}: målet er {target_txt} i {deadline}" + (", derefter fastholdt" if fastholdes else "") + "."
    # a held target shows every year from the deadline; a plain one its deadline year and later values only
    values = " ".join(e["tekst"] for e in d.aar_for_aar
                      if fastholdes or e is first or math.isfinite(e["vaerdi"]))
    _show_deciding_year(d, fastholdes)
    d.status, tail = _deadline_verdict(d.aar_for_aar, ctx, op, target, deadline, fastholdes)
    d.forklaring = f"{head} {values} {tail}: {STATUS_TEKST[d.status].lower()}."
    return d


def _before_deadline(d: Del, ctx: Kontekst, *, op: str, target: float, deadline: int, target_txt: str,
                     baseline: Callable[[], _Baseline], engang: bool) -> Del:
    """Before the deadline: progress on the straight line (a one-off count is not due yet)."""
    T = ctx.sidste_aar
    retning = "ned" if op in ("<", "<=") else "op"
    if engang:
        d.status = "ikke_aktuel"
        d.forklaring = (f"{ctx.head()}: målet er {target_txt} i {deadline}, en enkelt opgørelse; den falder efter "
                        f"denne runde ({T}).")
        return d
    cur = ctx.kraevet(T)
    if not cur.hel:
        def hint(x: Maaling) -> str:
            tmp = Del(d.type, d.maal, "mangler_data", sammenligning=d.sammenligning)
            tmp = _progress_before_deadline(tmp, ctx, x, baseline(), target, deadline, retning, target_txt)
            return STATUS_TEKST[tmp.status].lower()
        return _missing_required(d, ctx, T, cur, hint)
    d = _progress_before_deadline(d, ctx, cur, baseline(), target, deadline, retning, target_txt)
    if cur.foreloebig:
        d.forklaring += " " + cur.note
    return d


def _judge_deadline_years(d: Del, ctx: Kontekst, op: str, target: float, deadline: int, fastholdes: bool) -> None:
    """Every year from the deadline to the round's year, each against the level (later years show a late arrival)."""
    T = ctx.sidste_aar
    required = T if fastholdes else deadline  # the year a publication delay may stand in for
    for y in range(deadline, T + 1):
        cur = ctx.kraevet(y) if y == required else ctx.maaling(y)
        ok = _level_judgement(ctx, cur, op, target)
        _mark(d, cur)
        if cur.tilstand == "mangler":
            txt = f"{y}: intet tal."
        else:
            partial = " (ufuldstændigt år)" if not cur.hel else ""
            txt = f"{cur.aar if cur.foreloebig else y}: {_value_text(ctx, cur)}{partial}."
            if cur.foreloebig:
                txt += f" ({cur.note})"
            elif cur.tilstand == "delvis" and cur.note:
                txt += f" ({cur.note})"
        d.aar_for_aar.append(_year_entry(y, ok, cur.vaerdi, target, txt, periode=cur.periode, taeller=cur.taeller,
                                         naevner=cur.naevner, foreloebig=cur.foreloebig))


def _show_deciding_year(d: Del, fastholdes: bool) -> None:
    """The year whose value the row shows: a held target's latest value, else the deadline year's (or the latest)."""
    first = d.aar_for_aar[0]
    with_value = [e for e in d.aar_for_aar if math.isfinite(e["vaerdi"])]
    if fastholdes:  # the latest year shows whether the level is held
        src = with_value[-1] if with_value else first
    else:
        src = first if math.isfinite(first["vaerdi"]) else (with_value[-1] if with_value else first)
    d.aar, d.vaerdi, d.periode = src["aar"], src["vaerdi"], src.get("periode")
    d.taeller, d.naevner = src.get("taeller", float("nan")), src.get("naevner", float("nan"))


def _deadline_verdict(entries: list[dict[str, Any]], ctx: Kontekst, op: str, target: float, deadline: int,
                      fastholdes: bool) -> tuple[str, str]:
    """(status, closing words) of a level target from its deadline year and the years after it."""
    first, later = entries[0], entries[1:]
    late_met = [e["aar"] for e in later if e["naaet"] is True]
    later_missed = [e["aar"] for e in later if e["naaet"] is False]
    later_unknown = [e["aar"] for e in later if e["naaet"] is None]
    if first["naaet"] is True:
        if fastholdes and later_missed:
            return "delvist_opfyldt", f"Nået i {deadline}, ikke fastholdt i {_years_text(later_missed)}"
        if fastholdes and later_unknown:
            return "mangler_data", (f"Nået i {deadline}; om det er fastholdt, kan ikke afgøres for "
                                    f"{_years_text(later_unknown)}")
        return "opfyldt", f"Nået i {deadline}" + (" og fastholdt" if fastholdes and later else "")
    if first["naaet"] is False:
        if late_met:
            held = f"; ikke fastholdt i {_years_text(later_missed)}" if fastholdes and later_missed else ""
            return "delvist_opfyldt", f"Nået i {late_met[0]}, fristen var {deadline}{held}"
        dist = _distance_text(ctx, first["vaerdi"], op, target) if math.isfinite(first["vaerdi"]) else ""
        return "ikke_opfyldt", f"Ikke nået i {deadline}" + (f" ({dist})" if dist else "")
    if late_met:
        return "mangler_data", f"Tallet for friståret {deadline} mangler; målet var nået i {late_met[0]}"
    if later_missed and fastholdes:
        return "ikke_opfyldt", (f"Tallet for friståret {deadline} mangler, og målet er ikke nået i "
                                f"{_years_text(later_missed)}")
    tail = _missing_text(ctx, deadline, ctx.kraevet(deadline)).rstrip(".")
    latest = ctx.seneste(deadline)
    if latest is not None:
        tail += f". Seneste tal {latest.aar}: {_value_text(ctx, latest)}; ældre tal afgør ikke status"
    return "mangler_data", tail


def rule_fast_maal(m: Any, ctx: Kontekst) -> Del:
    """``value operator maal`` by ``senest`` (held after it with ``derefter: fastholdes``)."""
    op = m.operator
    txt = f"{_OP_ORD[op]} {ctx.v(m.maal)}"
    return _deadline_rule(m, ctx, op=op, target=float(m.maal), deadline=int(m.senest), target_txt=txt,
                          baseline=lambda: resolve_baseline(m, ctx), fastholdes=m.derefter == "fastholdes",
                          engang=ctx.kriterium.maalefrekvens == "engang")


def rule_over_reference(m: Any, ctx: Kontekst) -> Del:
    """Strictly above the reference geography's value of the same year (else the latest earlier) by 2021."""
    T = ctx.sidste_aar
    year = min(T, SLUTAAR)
    cur = ctx.kraevet(year)
    ref_year = cur.aar if cur.tilstand != "mangler" else year
    ref, ref_aar, ref_ill = ctx.reference(m.reference, ref_year)
    src = ""
    if m.reference_vaerdi is not None and m.reference_aar is not None and m.reference_aar <= ref_year:
        if ref_aar is None or m.reference_aar > ref_aar:
            ref, ref_aar, ref_ill, src = float(m.reference_vaerdi), int(m.reference_aar), False, ", planens tal"
    refnavn = kort_navn(ctx.plan, m.reference)
    if ref_aar is None:
        d = Del(m.type, maal_tekst(m, ctx.indikator, ctx.plan), "mangler_data", frist=SLUTAAR)
        d.forklaring = (f"{ctx.head()}: målet er over {refnavn}; der er ingen værdi for {refnavn} til og med "
                        f"{ref_year}. Mangler data.")
        return d
    rounded = ctx.indikator is not None and (m.reference, ctx.indikator.id, ref_aar) in ctx.store.afrundet
    ref_txt = (f"{refnavn} (ca. {ctx.v(ref)} i {ref_aar}{src}; kilden giver et afrundet tal)" if rounded
               else f"{refnavn} ({ctx.v(ref)} i {ref_aar}{src})")
    d = _deadline_rule(m, ctx, op=">", target=ref, deadline=SLUTAAR, target_txt=f"over {ref_txt}",
                       baseline=lambda: resolve_baseline(m, ctx), sammenligning=(">", ref, f"{refnavn} ({ctx.v(ref)})"))
    d.reference, d.reference_aar = ref, ref_aar
    d.illustrativ |= ref_ill
    return d


def rule_nulpunkt(m: Any, ctx: Kontekst) -> Del:
    """A target fixed later from the nulpunkt: while ``maal`` is empty, the direction since the nulpunkt."""
    if m.maal is None:
        return _direction(m, ctx, retning=m.retning, fra=int(m.nulpunkt_aar), til=SLUTAAR,
                          note=f"Planen fastlægger målet ud fra nulpunktet {m.nulpunkt_aar} uden at angive det; "
                               "indtil det er skrevet ind, vurderes retningen.")
    op = ">=" if m.retning == "op" else "<="
    return _deadline_rule(m, ctx, op=op, target=float(m.maal), deadline=SLUTAAR,
                          target_txt=f"{_OP_ORD[op]} {ctx.v(m.maal)}",
                          baseline=lambda: resolve_baseline(m, ctx, data_aar=int(m.nulpunkt_aar), plan_values=False))


def _direction(m: Any, ctx: Kontekst, retning: str, fra: int, til: int, note: str = "") -> Del:
    T = ctx.sidste_aar
    word = "stige" if retning == "op" else "falde"
    d = Del(m.type, maal_tekst(m, ctx.indikator, ctx.plan), "mangler_data", frist=til)
    intro = f"{ctx.head()}: målet er at {word} fra {fra} til {til}." + (f" {note}" if note else "")
    if T <= fra:
        d.status = "ikke_aktuel"
        d.forklaring = f"{intro} Intet år efter nulpunktet er til vurdering endnu."
        return d
    b = resolve_baseline(m, ctx, data_aar=fra, plan_values=False)
    year = min(T, til)
    cur = ctx.kraevet(year)
    if not b.ok:
        d.forklaring = f"{intro} {b.mangler} Uden nulpunkt kan retningen ikke vurderes. Mangler data."
        if cur.hel:
            d.aar, d.vaerdi, d.periode = cur.aar, cur.vaerdi, cur.periode
        return d
    d.baseline, d.baseline_aar = b.vaerdi, b.aar
    d.illustrativ |= b.illustrativ
    sign = 1 if retning == "op" else -1

    def side(x: Maaling) -> str:
        diff = sign * (x.vaerdi - b.vaerdi)
        if _close(x.vaerdi, b.vaerdi):
            return "same"
        return "right" if diff > 0 else "wrong"

    before = T < til
    labels = ({"right": "paa_rette_vej", "same": "begraenset_fremgang", "wrong": "tilbagegang"} if before
              else {"right": "opfyldt", "same": "ikke_opfyldt", "wrong": "ikke_opfyldt"})
    if not cur.hel:
        partial_side = None
        if cur.tilstand == "delvis" and cur.omraade_vaerdier:
            sides = {side(Maaling(year, "hel", v)) for v in cur.omraade_vaerdier.values()}
            if sides == {"wrong"}:
                partial_side = "wrong"
        if partial_side is None:
            return _missing_required(d, ctx, year, cur, lambda x: STATUS_TEKST[labels[side(x)]].lower())
        d.status = labels["wrong"]
        d.aar, d.vaerdi, d.periode = year, cur.vaerdi, cur.periode
        d.forklaring = (f"{intro} Nulpunktet er {b.tekst(ctx)}. {cur.note} Alle indberettede områder ligger på den "
                        f"forkerte side af nulpunktet: {STATUS_TEKST[d.status].lower()}.")
        return d
    _mark(d, cur)
    d.aar, d.vaerdi, d.periode, d.taeller, d.naevner = cur.aar, cur.vaerdi, cur.periode, cur.taeller, cur.naevner
    s = side(cur)
    d.status = labels[s]
    d.sammenligning = (">" if retning == "op" else "<", b.vaerdi, f"nulpunktet {ctx.v(b.vaerdi)}")
    if before:
        d.fremskriv = (retning, b.vaerdi, til)
    what = {"right": "i den rigtige retning", "same": "uændret", "wrong": "i den forkerte retning"}[s]
    d.forklaring = (f"{intro} {_value_text(ctx, cur)} i {cur.aar} mod nulpunktet {b.tekst(ctx)}: "
                    f"{format_forskel(cur.vaerdi - b.vaerdi, ctx.enhed)}, {what}"
                    + (f" (fristen er {til})" if before else "") + f": {STATUS_TEKST[d.status].lower()}.")
    if cur.foreloebig:
        d.forklaring += " " + cur.note
    return d


def rule_retning(m: Any, ctx: Kontekst) -> Del:
    """Moves in ``retning`` between ``fra_aar`` and ``til_aar`` (no amount): any change the right way meets it."""
    return _direction(m, ctx, retning=m.retning, fra=int(m.fra_aar), til=int(m.til_aar))


def rule_aarlig_aendring(m: Any, ctx: Kontekst) -> Del:
    """A change of ``pct`` % every year, each year's actual figure against the actual figure of the year before."""
    F, first, last = int(m.fra_aar), m.foerste, min(ctx.sidste_aar, int(m.til_aar))
    factor = 1.0 + m.pct / 100.0
    up = m.pct > 0
    d = Del(m.type, maal_tekst(m, ctx.indikator, ctx.plan), "ikke_aktuel", frist=int(m.til_aar))
    word = "mindst" if up else "højst"
    intro = (f"{ctx.head()}: målet er {format_aendring(m.pct)} om året fra {first} til {m.til_aar}, hvert år mod "
             f"det faktiske tal året før.")
    # the known actual figures: the plan's printed start value, then the data
    known: dict[int, Maaling] = {}
    if m.fra_vaerdi is not None:
        known[F] = Maaling(F, "hel", float(m.fra_vaerdi), str(F), note="planens tal")
    for y in range(F, last + 1):
        if y in known:
            continue
        cur = ctx.maaling(y)
        known[y] = cur
    base = known.get(F)
    if base is not None and base.hel:
        d.baseline, d.baseline_aar = base.vaerdi, F
    for y in range(first, last + 1):
        cur = known[y]
        _mark(d, cur)
        prev_year = max((p for p in range(F, y) if known.get(p) is not None and known[p].hel), default=None)
        if cur.tilstand == "mangler":
            d.aar_for_aar.append(_year_entry(y, None, float("nan"), float("nan"), f"{y}: intet tal."))
            continue
        if prev_year is None:
            d.aar_for_aar.append(_year_entry(y, None, cur.vaerdi, float("nan"),
                                             f"{y}: {_value_text(ctx, cur)}, men intet tal for {y - 1} at måle "
                                             "ændringen fra.",
                                             periode=cur.periode))
            continue
        pv = known[prev_year].vaerdi
        n = y - prev_year
        allowed = pv * factor ** n
        gap = (f" over {n} år fra {prev_year} (sammensat krav {format_aendring((factor ** n - 1) * 100, 1)})"
               if n > 1 else "")
        if pv == 0:  # a zero baseline: judged on levels
            ok_full = (cur.vaerdi > 0) if up else _close(cur.vaerdi, 0.0)
            change = "fra 0 til " + _value_text(ctx, cur)
            # a partial count above 0 already shows growth (up) or a value that is no longer 0 (down)
            ok: bool | None = ok_full if cur.hel else (up if cur.vaerdi > 0 else None)
            krav_txt = "stigning fra 0" if up else "0 skal forblive 0"
        else:
            ok = compare(cur.vaerdi, ">=" if up else "<=", allowed) if cur.hel else None
            if not cur.hel and ctx.er_antal and not up and not compare(cur.vaerdi, "<=", allowed):
                ok = False  # a partial count already above the allowed figure
            if not cur.hel and ctx.er_antal and up and compare(cur.vaerdi, ">=", allowed):
                ok = True
            change = format_aendring((cur.vaerdi / pv - 1) * 100, 1)
            krav_txt = f"{word} {_krav_tekst(ctx, allowed, up)}"
        if n > 1 and ok is not False and ok is not None:
            ok = None  # across a gap only a miss can be established; the missing year's own change is unknown
        res = {True: "nået", False: "ikke nået", None: "kan ikke afgøres"}[ok]
        partial = f" (ufuldstændigt år: {cur.note})" if not cur.hel else ""
        d.aar_for_aar.append(_year_entry(
            y, ok, cur.vaerdi, allowed,
            f"{y}: {_value_text(ctx, cur)}{partial}, {change} fra {ctx.v(pv)} i {prev_year}{gap}; "
            f"krav {krav_txt}: {res}.",
            periode=cur.periode, taeller=cur.taeller, naevner=cur.naevner, fra_aar=prev_year))
    if not d.aar_for_aar:
        d.forklaring = f"{intro} Første år, der vurderes, er {first}; det falder efter denne runde."
        return d
    if base is None or not base.hel:
        intro += f" Intet tal for udgangsåret {F}."
    elif m.fra_vaerdi is not None:
        intro += f" Udgangspunktet er planens tal {ctx.v(m.fra_vaerdi)} i {F}."
    if base is not None and base.hel and base.vaerdi != 0 and last > F:
        path = base.vaerdi * factor ** (last - F)
        intro += (f" (Til sammenligning: den sammensatte sti fra {F} giver {word} {_krav_tekst(ctx, path, up)} "
                  f"i {last}; den afgør ikke.)")
    return _finish_years(d, ctx, intro)


def rule_aendring_i_vindue(m: Any, ctx: Kontekst) -> Del:
    """A change of ``pct`` % from ``fra_aar`` within ``inden_for_aar`` years, then held every later year."""
    F, W = int(m.fra_aar), int(m.fra_aar) + int(m.inden_for_aar)
    b = resolve_baseline(m, ctx, data_aar=F, plan_values=False)
    d0 = Del(m.type, maal_tekst(m, ctx.indikator, ctx.plan), "mangler_data", frist=W)
    if not b.ok:
        if ctx.sidste_aar <= F:
            d0.status = "ikke_aktuel"
        d0.forklaring = (f"{ctx.head()}: målet er {format_aendring(m.pct)} fra {F} inden for {m.inden_for_aar} år. "
                         f"{b.mangler} Mangler data.")
        return d0
    target = b.vaerdi * (1.0 + m.pct / 100.0)
    op = ">=" if m.pct > 0 else "<="
    txt = f"{_OP_ORD[op]} {_krav_tekst(ctx, target, op == '>=')} ({format_aendring(m.pct)} fra {b.tekst(ctx)})"
    d = _deadline_rule(m, ctx, op=op, target=target, deadline=W, target_txt=txt, baseline=lambda: b, fastholdes=True)
    return d


def rule_interval(m: Any, ctx: Kontekst) -> Del:
    """Within [min, max] by ``senest`` and held after (more than max is over-delivery, noted)."""
    deadline = int(m.senest) if m.senest else SLUTAAR
    txt = f"{format_tal(m.min)}-{format_tal(m.max)}"
    d = _deadline_rule(m, ctx, op=">=", target=float(m.min), deadline=deadline, target_txt=f"mindst {txt}",
                       baseline=lambda: resolve_baseline(m, ctx), fastholdes=m.senest is not None)
    over = [e["aar"] for e in d.aar_for_aar if math.isfinite(e["vaerdi"]) and e["vaerdi"] > m.max + TOL]
    if over:
        d.forklaring += f" Over intervallets øvre ende ({format_tal(m.max)}) i {_years_text(over)}: mere end planlagt."
    return d


def _tre_kvartaler(ctx: Kontekst, y: int, cur: Maaling | None) -> bool:
    """2021 of a delaftale activity count (1.10.2017-30.9.2021): judged on three quarters, unless all four are given."""
    ind = ctx.indikator
    if not (ctx.kriterium.delaftale and y == SLUTAAR and ind is not None and ind.aarsopgoerelse == "sum"):
        return False
    return cur is None or cur.delperioder != 4


def _aarskrav(m: Any, ctx: Kontekst, y: int, cur: Maaling | None = None) -> tuple[float, str]:
    """The count a year must reach: the annual figure, or 3/4 of it in 2021 for a delaftale activity count."""
    if _tre_kvartaler(ctx, y, cur):
        return m.mindst * DELAFTALE_2021_ANDEL, f" (¾ af {format_tal(m.mindst)}: delaftalerne slutter 30.9.{SLUTAAR})"
    return float(m.mindst), ""


def rule_mindst_antal(m: Any, ctx: Kontekst) -> Del:
    """At least ``mindst`` every year, on average per year, or in total (a range: the lower bound)."""
    F, T = int(m.fra_aar), ctx.sidste_aar
    rng = f"-{format_tal(m.oevre)}" if m.oevre is not None else ""
    if m.opgoerelse == "i_alt":
        deadline = int(m.senest) if m.senest else SLUTAAR
        stock = ctx.indikator is not None and ctx.indikator.aarsopgoerelse in ("sidste", "maks")
        if not stock:
            return _total_rule(m, ctx, deadline)
        return _deadline_rule(m, ctx, op=">=", target=float(m.mindst), deadline=deadline,
                              target_txt=f"mindst {format_tal(m.mindst)}{rng} i alt",
                              baseline=lambda: resolve_baseline(m, ctx, data_aar=F - 1))
    if m.opgoerelse == "gennemsnit_pr_aar":
        return _average_rule(m, ctx, float(m.mindst), share=False)
    d = Del(m.type, maal_tekst(m, ctx.indikator, ctx.plan), "ikke_aktuel", frist=SLUTAAR)
    for y in range(F, min(T, SLUTAAR) + 1):
        cur = ctx.maaling(y)
        krav, note = _aarskrav(m, ctx, y, cur)
        _mark(d, cur)
        ok = _level_judgement(ctx, cur, ">=", krav)
        if cur.tilstand == "mangler":
            txt = f"{y}: intet tal."
        else:
            above = m.oevre is not None and cur.hel and cur.vaerdi > m.oevre + TOL
            over = f", over den øvre ende {format_tal(m.oevre)}" if above else ""
            part = "" if cur.hel else f" (ufuldstændigt år: {cur.note})"
            res = {True: "nået", False: "ikke nået", None: "kan ikke afgøres"}[ok]
            txt = f"{y}: {_value_text(ctx, cur)}{part} mod mindst {_krav_tekst(ctx, krav, True)}{note}{over}: {res}."
        d.aar_for_aar.append(_year_entry(y, ok, cur.vaerdi, krav, txt, periode=cur.periode))
    intro = f"{ctx.head()}: målet er mindst {format_tal(m.mindst)}{rng} hvert år fra {F}."
    return _finish_years(d, ctx, intro)


def _total_rule(m: Any, ctx: Kontekst, deadline: int) -> Del:
    """A flow counted in total over fra_aar..deadline: single deadline, progress from 0 before it."""
    F, T = int(m.fra_aar), ctx.sidste_aar
    d = Del(m.type, maal_tekst(m, ctx.indikator, ctx.plan), "mangler_data", maalvaerdi=m.mindst, frist=deadline)
    until = min(T, deadline)
    years = {y: ctx.maaling(y) for y in range(F, until + 1)}
    for cur in years.values():
        _mark(d, cur)
    total = float(sum(x.vaerdi for x in years.values() if x.tilstand != "mangler"))
    missing = [y for y, x in years.items() if not x.hel]
    d.aar, d.vaerdi, d.periode = until, total, f"{F}-{until}"
    head = (f"{ctx.head()}: i alt {format_tal(total)} i {F}-{until}; målet er mindst {format_tal(m.mindst)} i alt "
            f"senest {deadline}.")
    miss = f" Intet eller ufuldstændigt tal for {_years_text(missing)}." if missing else ""
    if compare(total, ">=", m.mindst):
        d.status = "opfyldt" if T >= deadline else "paa_rette_vej"
        d.forklaring = f"{head}{miss} Målet er nået" + (
            ": opfyldt." if T >= deadline else f", men fristen er {deadline}: på rette vej.")
        return d
    if missing:
        d.forklaring = f"{head}{miss} Summen kan ikke afgøres, når år mangler. Mangler data."
        return d
    if T >= deadline:
        d.status = "ikke_opfyldt"
        d.forklaring = f"{head} Ikke nået ({_distance_text(ctx, total, '>=', m.mindst)}): ikke opfyldt."
        return d
    d.krav = linear_path(0.0, F - 1, float(m.mindst), deadline, until)
    d.status, d.fremskridt = judge_progress(0.0, total, d.krav, "op")
    d.fremskriv = ("op", float(m.mindst), deadline)
    d.forklaring = (f"{head} En lige linje fra 0 i {F - 1} kræver {format_tal(d.krav)} til og med {until}; "
                    f"opnået er {format_tal(total)}, dvs. {ratio_text(d.fremskridt)}: "
                    f"{STATUS_TEKST[d.status].lower()}.")
    return d


def _average_rule(m: Any, ctx: Kontekst, target: float, share: bool) -> Del:
    """An average over the judged years fra_aar..2021 (a count per year, or a share pooled over the years)."""
    F, T = int(m.fra_aar), ctx.sidste_aar
    d = Del(m.type, maal_tekst(m, ctx.indikator, ctx.plan), "mangler_data", maalvaerdi=target, frist=SLUTAAR)
    unit = ctx.v(target) if share else format_tal(target)
    if T < SLUTAAR:  # midtvej: the round's year against the target, as a progress ratio from 0
        cur = ctx.maaling(T)
        if not cur.hel:
            return _missing_required(d, ctx, T, cur)
        _mark(d, cur)
        d.aar, d.vaerdi, d.periode, d.taeller, d.naevner = cur.aar, cur.vaerdi, cur.periode, cur.taeller, cur.naevner
        d.sammenligning = (">=", target, f"målet {unit}")
        d.fremskriv = ("op", target, SLUTAAR)
        d.baseline, d.baseline_aar, d.krav = 0.0, F - 1, target
        head = (f"{ctx.head()}: {_value_text(ctx, cur)} i {T}; målet er mindst {unit} i gennemsnit pr. år "
                f"{F}-{SLUTAAR}, vurderet i {SLUTAAR}.")
        if compare(cur.vaerdi, ">=", target):
            d.status = "paa_rette_vej"
            d.forklaring = f"{head} {T} når allerede målets niveau, men fristen er {SLUTAAR}: på rette vej."
            return d
        d.status, d.fremskridt = judge_progress(0.0, cur.vaerdi, target, "op")
        d.forklaring = (f"{head} Målt fra 0, før aktiviteten startede, gav {T} {ratio_text(d.fremskridt)} hvert år: "
                        f"{STATUS_TEKST[d.status].lower()}.")
        return d
    years = {y: ctx.maaling(y) for y in range(F, SLUTAAR + 1)}
    weights = {y: (DELAFTALE_2021_ANDEL if (not share and _tre_kvartaler(ctx, y, x)) else 1.0)
               for y, x in years.items()}
    for cur in years.values():
        _mark(d, cur)
    missing = [y for y, x in years.items() if not x.hel]
    shown = "; ".join(f"{y}: {_value_text(ctx, x)}" if x.tilstand != "mangler" else f"{y}: intet tal"
                      for y, x in years.items())
    present = {y: x for y, x in years.items() if x.hel}
    if share:
        ts = [x.taeller for x in present.values()]
        ns = [x.naevner for x in present.values()]
        pooled = bool(present) and all(math.isfinite(v) for v in ts + ns) and sum(ns) > 0
        if pooled:
            value = sum(ts) / sum(ns) * 100.0
        else:
            value = float(np.mean([x.vaerdi for x in present.values()])) if present else float("nan")
        how = "under ét (fastholdte job / formidlede job)" if pooled else "som gennemsnit af årene"
    else:
        total = sum(x.vaerdi for x in present.values())
        value = total / sum(weights[y] for y in present) if present else float("nan")
        how = "pr. år" + (" (2021 tæller som ¾ år: delaftalerne slutter 30.9.2021)" if weights[SLUTAAR] < 1 else "")
    d.aar, d.vaerdi, d.periode = SLUTAAR, value, f"{F}-{SLUTAAR}"
    head = f"{ctx.head()}: {shown}. Målet er mindst {unit} i gennemsnit {F}-{SLUTAAR}."
    if missing:
        if not share and present:
            total = sum(x.vaerdi for x in present.values())
            need = target * sum(weights.values())
            if compare(total, ">=", need):
                d.status = "opfyldt"
                d.forklaring = (f"{head} Intet tal for {_years_text(missing)}, men de øvrige år giver allerede "
                                f"{format_tal(total)} af de {format_tal(need)}, perioden kræver: opfyldt.")
                return d
        d.forklaring = (f"{head} Gennemsnittet kræver alle år; intet eller ufuldstændigt tal for "
                        f"{_years_text(missing)}. Mangler data.")
        return d
    d.status = "opfyldt" if compare(value, ">=", target) else "ikke_opfyldt"
    d.forklaring = (f"{head} Gennemsnit {how}: {ctx.v(value) if share else format_tal(value, 1)}: "
                    f"{STATUS_TEKST[d.status].lower()}.")
    return d


def rule_andel_af_kohorte(m: Any, ctx: Kontekst) -> Del:
    """At least ``mindst_pct`` % of a cohort: every year, the named cohorts, by a deadline, or pooled."""
    target = float(m.mindst_pct)
    if m.opgoerelse == "frist":
        return _deadline_rule(m, ctx, op=">=", target=target, deadline=int(m.senest),
                              target_txt=f"mindst {ctx.v(target)}", baseline=lambda: resolve_baseline(m, ctx))
    if m.opgoerelse == "gennemsnit":
        return _average_rule(m, ctx, target, share=True)
    T = ctx.sidste_aar
    if m.opgoerelse == "kohorter":
        years = [k for k in (m.kohorter or []) if k <= T]
    else:
        years = list(range(int(m.fra_aar), min(T, SLUTAAR) + 1))
    last = max(m.kohorter) if m.opgoerelse == "kohorter" else SLUTAAR
    d = Del(m.type, maal_tekst(m, ctx.indikator, ctx.plan), "ikke_aktuel", frist=last)
    for y in years:
        cur = ctx.maaling(y)
        _mark(d, cur)
        ok = _level_judgement(ctx, cur, ">=", target)
        if cur.tilstand == "mangler":
            txt = f"{y}: intet tal."
        else:
            part = "" if cur.hel else f" (ufuldstændigt: {cur.note})"
            res = {True: "nået", False: "ikke nået", None: "kan ikke afgøres"}[ok]
            txt = f"{y}: {_value_text(ctx, cur)}{part}: {res}."
        d.aar_for_aar.append(_year_entry(y, ok, cur.vaerdi, target, txt, periode=cur.periode, taeller=cur.taeller,
                                         naevner=cur.naevner))
    noun = "kohorter" if m.opgoerelse == "kohorter" else "år"
    which = (f"kohorterne {_years_text(m.kohorter)}, hver i sit kohorteår" if m.opgoerelse == "kohorter"
             else f"hvert år fra {m.fra_aar}")
    intro = f"{ctx.head()}: målet er mindst {ctx.v(target)} af {m.kohorte}, {which}."
    d = _finish_years(d, ctx, intro, noun=noun)
    d.sammenligning = (">=", target, f"målet {ctx.v(target)}")
    if d.status == "ikke_aktuel" and m.opgoerelse == "kohorter":
        d.forklaring = f"{intro} Den første kohorte ({min(m.kohorter)}) falder efter denne runde."
    return d


def rule_kvalitativ(m: Any, ctx: Kontekst) -> Del:
    """Judged by the evaluator: ``afventer_vurdering`` until then; the rating is the status once given."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    vur = ctx.vurdering
    if not vur:
        return Del(m.type, txt, "afventer_vurdering", forklaring=(
            f"Kvalitativt kriterium ({m.metode.lower()}); evaluator har endnu ikke vurderet {ctx.navn} i denne runde."))
    rating = str(vur.get("vurdering"))
    kilde = f" (kilde: {vur['kilde']})" if vur.get("kilde") else ""
    return Del(m.type, txt, rating, illustrativ=bool(vur.get("illustrativ", False)),
               forklaring=(f"Evaluators vurdering: {STATUS_TEKST.get(rating, rating).lower()}. "
                           f"{vur.get('begrundelse', '')}{kilde}").strip())


#: One rule per criterion kind (``Maal.type``).
REGLER: dict[str, Regel] = {
    "over_reference": rule_over_reference,
    "fast_maal": rule_fast_maal,
    "aarlig_aendring": rule_aarlig_aendring,
    "aendring_i_vindue": rule_aendring_i_vindue,
    "retning": rule_retning,
    "mindst_antal": rule_mindst_antal,
    "andel_af_kohorte": rule_andel_af_kohorte,
    "interval": rule_interval,
    "nulpunkt": rule_nulpunkt,
    "kvalitativ": rule_kvalitativ,
}


def combine_year_by_year(parts: list[Del], ctx: Kontekst) -> Del:
    """Parts that bind different years as one target judged year by year (the website: 2018 level, then growth)."""
    entries: dict[int, dict[str, Any]] = {}
    for p in parts:
        for e in p.aar_for_aar:
            if p.type == "fast_maal" and p.frist is not None and e["aar"] != p.frist:
                continue  # the level part binds its deadline year only
            entries[e["aar"]] = e
    d = Del("+".join(p.type for p in parts), "; ".join(p.maal for p in parts), "ikke_aktuel",
            frist=max((p.frist for p in parts if p.frist), default=None))
    d.aar_for_aar = [entries[y] for y in sorted(entries)]
    for p in parts:
        d.illustrativ |= p.illustrativ
        d.tilnaermet |= p.tilnaermet
        d.foreloebig |= p.foreloebig
    intro = f"{ctx.head()}: ét mål, der vurderes år for år: " + "; ".join(p.maal for p in parts) + "."
    return _finish_years(d, ctx, intro)


def worst(parts: list[Del]) -> str:
    return worst_status([p.status for p in parts])
