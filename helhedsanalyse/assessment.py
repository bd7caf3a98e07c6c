"""Assessment: one status per succeskriterium × område × evalueringsrunde, with the numbers behind it.

Every criterion kind of the plan (``Maal.type``) has one small rule below, registered in
:data:`REGLER`. A rule judges one target part (``maal``) for one area and returns a :class:`Del`: a
status, the progress ratio and a short Danish explanation with the numbers. :func:`status_table`
runs every rule for every criterion × area of the plan; where several parts bind one criterion ×
area (kriminalitet: samlet ≤ 20, every area under 28, the area thresholds) the worst status decides
and every part is kept in the ``dele`` column. The exact rules and formulas are in ``docs/metode.md``.

The status scale (Open SDG / Eurostat progress scheme):

* ``opfyldt`` - the target is met in the last year used;
* otherwise ``fremskridt`` = (change achieved since the baseline) / (change the target requires by
  then), direction-adjusted; for a target with a deadline the change required by then is the linear
  path from the baseline to the target, read at the last year used:
  ``>= 0.95`` ``paa_rette_vej``, ``0.6-0.95`` ``moderat_fremgang``, ``0-0.6`` ``begraenset_fremgang``,
  ``< 0`` ``tilbagegang``;
* ``mangler_data`` - the data (or the baseline) needed is missing; missing data never becomes
  another status;
* ``kvalitativ`` - judged by the evaluator (:mod:`helhedsanalyse.vurderinger`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from .formatting import format_aendring, format_forskel, format_tal, format_vaerdi
from .indicators import and_list, compute_indicators, concat_observations, kort_navn
from .plan import RUNDE_SIDSTE_AAR, Indikator, Kriterium, Plan, load_plan

# --------------------------------------------------------------------------- the status scale

#: Status ids with their Danish labels, best first.
STATUS_TEKST: dict[str, str] = {
    "opfyldt": "Opfyldt",
    "paa_rette_vej": "På rette vej",
    "moderat_fremgang": "Moderat fremgang",
    "begraenset_fremgang": "Begrænset fremgang",
    "tilbagegang": "Tilbagegang",
    "mangler_data": "Mangler data",
    "kvalitativ": "Kvalitativ vurdering",
}

#: The statuses that rate progress, best first (the evaluator's ratings use the first five).
VURDERINGER = ["opfyldt", "paa_rette_vej", "moderat_fremgang", "begraenset_fremgang", "tilbagegang"]

#: Order used when several parts bind one criterion × area: the last one present decides.
#: ``mangler_data`` ranks worst: a criterion with a part that cannot be judged is not judged as a whole.
STATUS_ORDEN = [*VURDERINGER, "mangler_data"]

#: Lower bounds of the progress ratio (Open SDG / Eurostat): on track, moderate, limited.
GRAENSER = {"paa_rette_vej": 0.95, "moderat_fremgang": 0.6, "begraenset_fremgang": 0.0}

_TOL = 1e-9


def status_for_fremskridt(fremskridt: float) -> str:
    """The status of a progress ratio: >= 0.95 on track, 0.6-0.95 moderate, 0-0.6 limited, < 0 away."""
    if fremskridt is None or not math.isfinite(fremskridt):
        return "mangler_data"
    if fremskridt >= GRAENSER["paa_rette_vej"] - _TOL:
        return "paa_rette_vej"
    if fremskridt >= GRAENSER["moderat_fremgang"] - _TOL:
        return "moderat_fremgang"
    if fremskridt >= GRAENSER["begraenset_fremgang"] - _TOL:
        return "begraenset_fremgang"
    return "tilbagegang"


def worst_status(statuses: list[str]) -> str:
    """The worst of ``statuses`` in :data:`STATUS_ORDEN` (``mangler_data`` if the list is empty)."""
    ranked = [s for s in statuses if s in STATUS_ORDEN]
    if not ranked:
        return "kvalitativ" if "kvalitativ" in statuses else "mangler_data"
    return max(ranked, key=STATUS_ORDEN.index)


# --------------------------------------------------------------------------- series lookup


class Serie:
    """The yearly values of one (område, indikator), as numpy views of the indicator table."""

    __slots__ = ("omraade", "indikator", "aar", "vaerdi", "usable", "periode", "illustrativ", "tilnaermet",
                 "bemaerkning", "taeller", "naevner")

    def __init__(self, omraade: str, indikator: str, arrays: dict[str, np.ndarray], lo: int, hi: int):
        self.omraade = omraade
        self.indikator = indikator
        for name in ("aar", "vaerdi", "usable", "periode", "illustrativ", "tilnaermet", "bemaerkning", "taeller", "naevner"):
            setattr(self, name, arrays[name][lo:hi])

    def latest(self, until: int, after: int | None = None, since: int | None = None) -> int | None:
        """Index of the latest usable year <= ``until`` (and > ``after``, >= ``since``), or None."""
        for i in range(int(np.searchsorted(self.aar, until, side="right")) - 1, -1, -1):
            y = self.aar[i]
            if (after is not None and y <= after) or (since is not None and y < since):
                return None
            if self.usable[i]:
                return i
        return None

    def at(self, year: int) -> int | None:
        """Index of the usable value of exactly ``year``, or None."""
        i = int(np.searchsorted(self.aar, year))
        if i < len(self.aar) and self.aar[i] == year and self.usable[i]:
            return i
        return None

    def window(self, lo: int, hi: int) -> list[int]:
        """Indices of the usable years in [lo, hi]."""
        a = int(np.searchsorted(self.aar, lo))
        b = int(np.searchsorted(self.aar, hi, side="right"))
        return [i for i in range(a, b) if self.usable[i]]

    def unusable_between(self, lo: int, hi: int) -> list[int]:
        """Indices of rows in (lo, hi] that exist but cannot be used (incomplete year, no value)."""
        a = int(np.searchsorted(self.aar, lo, side="right"))
        b = int(np.searchsorted(self.aar, hi, side="right"))
        return [i for i in range(a, b) if not self.usable[i]]


class SerieStore:
    """All series of an indicator table, grouped once: ``store[(omraade, indikator)] -> Serie``."""

    def __init__(self, indicators: pd.DataFrame):
        df = indicators.sort_values(["omraade", "indikator", "aar"], kind="stable").reset_index(drop=True)
        usable = df["vaerdi"].notna().to_numpy() & ~df["ufuldstaendig"].astype(bool).to_numpy()
        self.arrays = {
            "aar": df["aar"].to_numpy(dtype=int),
            "vaerdi": df["vaerdi"].to_numpy(dtype=float),
            "usable": usable,
            "periode": df["periode"].astype(str).to_numpy(dtype=object),
            "illustrativ": df["illustrativ"].astype(bool).to_numpy(),
            "tilnaermet": df["tilnaermet"].astype(bool).to_numpy(),
            "bemaerkning": df["bemaerkning"].fillna("").astype(str).to_numpy(dtype=object),
            "taeller": df["taeller"].to_numpy(dtype=float),
            "naevner": df["naevner"].to_numpy(dtype=float),
        }
        keys = list(zip(df["omraade"].tolist(), df["indikator"].tolist()))
        self.bounds: dict[tuple[str, str], tuple[int, int]] = {}
        start = 0
        for i in range(1, len(keys) + 1):
            if i == len(keys) or keys[i] != keys[start]:
                self.bounds[keys[start]] = (start, i)
                start = i
        self._cache: dict[tuple[str, str], Serie] = {}

    def get(self, omraade: str, indikator: str | None) -> Serie | None:
        key = (omraade, indikator)
        if key not in self.bounds:
            return None
        if key not in self._cache:
            lo, hi = self.bounds[key]
            self._cache[key] = Serie(omraade, indikator, self.arrays, lo, hi)  # type: ignore[arg-type]
        return self._cache[key]


# --------------------------------------------------------------------------- one part's result


@dataclass
class Del:
    """The result of one target part for one criterion × area."""

    type: str
    maal: str
    status: str | None  # None: the part does not apply yet in this round
    fremskridt: float = float("nan")
    aar: int | None = None
    periode: str | None = None
    vaerdi: float = float("nan")
    baseline: float = float("nan")
    baseline_aar: int | None = None
    maalvaerdi: float = float("nan")
    krav: float = float("nan")
    reference: float = float("nan")
    reference_aar: int | None = None
    forklaring: str = ""
    illustrativ: bool = False
    tilnaermet: bool = False
    aar_for_aar: list[dict[str, Any]] = field(default_factory=list)

    @property
    def gaelder(self) -> bool:
        return self.status is not None

    def as_dict(self) -> dict[str, Any]:
        d = {f: getattr(self, f) for f in _DEL_FELTER}
        d["aar_for_aar"] = [dict(x) for x in self.aar_for_aar]
        d["status_tekst"] = STATUS_TEKST.get(self.status, "Gælder ikke endnu") if self.status else "Gælder ikke endnu"
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
    def slutaar(self) -> int:
        """The plan's last year (the deadline of targets without one)."""
        return int(self.plan.evalueringsrunder.get("slut", RUNDE_SIDSTE_AAR["slut"]))

    def v(self, x: float, decimaler: int | None = None) -> str:
        return format_vaerdi(x, self.enhed, decimaler)

    def reference(self, geo: str, year: int) -> tuple[float, int | None, bool]:
        """The geography's value of ``year`` or the latest earlier one: (value, year, illustrative)."""
        s = self.store.get(geo, self.indikator.id if self.indikator else None)
        if s is None:
            return float("nan"), None, False
        i = s.latest(year)
        if i is None:
            return float("nan"), None, False
        return float(s.vaerdi[i]), int(s.aar[i]), bool(s.illustrativ[i])


Regel = Callable[[Any, Kontekst], Del]

# --------------------------------------------------------------------------- shared pieces

_OP_TEKST = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_OP_ORD = {"<": "under", "<=": "højst", ">": "over", ">=": "mindst"}


def _compare(v: float, op: str, target: float) -> bool:
    return {"<": v < target, "<=": v <= target, ">": v > target, ">=": v >= target}[op]


def _sign(retning: str) -> int:
    return 1 if retning == "op" else -1


def judge_progress(baseline: float, vaerdi: float, krav: float, retning: str) -> tuple[str, float]:
    """Status and progress ratio for a target that is not met.

    ``fremskridt = d·(vaerdi − baseline) / d·(krav − baseline)`` with d = +1 for targets that go up and
    −1 for targets that go down. If the target requires no change in its direction by then (the
    baseline was already at or beyond ``krav``), the ratio is undefined: moving away from the baseline
    is ``tilbagegang``, otherwise ``begraenset_fremgang``.
    """
    d = _sign(retning)
    required = d * (krav - baseline)
    achieved = d * (vaerdi - baseline)
    if not (math.isfinite(required) and math.isfinite(achieved)):
        return "mangler_data", float("nan")
    if required <= _TOL:
        return ("tilbagegang" if achieved < -_TOL else "begraenset_fremgang"), float("nan")
    r = achieved / required
    return status_for_fremskridt(r), r


def linear_path(b: float, b_aar: int, target: float, deadline: int, aar: int) -> float:
    """The value on the straight line from (b_aar, b) to (deadline, target), read at ``aar``."""
    if deadline <= b_aar:
        return target
    frac = min(1.0, max(0.0, (aar - b_aar) / (deadline - b_aar)))
    return b + (target - b) * frac


def _year_in(text: str | None) -> int | None:
    if not text:
        return None
    m = re.search(r"(19|20)\d{2}", text)
    return int(m.group(0)) if m else None


@dataclass
class _Baseline:
    vaerdi: float
    aar: int | None
    kilde: str  # "planen", "antaget" (an assumed zero point, see Baseline.antaget) or "data"
    mangler: str = ""  # why there is none
    illustrativ: bool = False
    tilnaermet: bool = False

    @property
    def ok(self) -> bool:
        return self.aar is not None and math.isfinite(self.vaerdi)

    def tekst(self, ctx: Kontekst) -> str:
        if self.kilde == "antaget":
            return f"{ctx.v(self.vaerdi)} ({self.aar}, antaget nulpunkt: aktiviteten starter med planen)"
        return f"{ctx.v(self.vaerdi)} ({self.aar})"


def resolve_baseline(maal: Any, ctx: Kontekst, data_aar: int | None = None, plan_values: bool = True) -> _Baseline:
    """The baseline of one part for one area.

    In this order: the part's own ``fra_vaerdi``/``fra_aar``; a sibling part of the same kind binding
    the same area with ``fra_vaerdi`` (kriminalitet: the area's own 2015 figure also starts the
    "under 28" part); the criterion's ``baseline.pr_omraade``; its ``baseline.vaerdi``; and finally
    the observed value of the zero-point year in the data (``data_aar``, else the year in
    ``baseline.nulpunkt``, else ``baseline.aar``). ``plan_values=False`` skips the plan's printed
    values (used for cohort shares, whose printed baseline is the size of the cohort).
    """
    k = ctx.kriterium
    if plan_values:
        fra = getattr(maal, "fra_vaerdi", None)
        if fra is not None and getattr(maal, "fra_aar", None) is not None:
            return _Baseline(float(fra), int(maal.fra_aar), "planen")
        for other in k.maal_for(ctx.omraade):
            if other is maal or other.type != maal.type:
                continue
            if getattr(other, "fra_vaerdi", None) is not None and getattr(other, "fra_aar", None) is not None:
                return _Baseline(float(other.fra_vaerdi), int(other.fra_aar), "planen")
        if k.baseline.pr_omraade and ctx.omraade in k.baseline.pr_omraade and k.baseline.aar is not None:
            return _Baseline(float(k.baseline.pr_omraade[ctx.omraade]), int(k.baseline.aar), "planen")
        if k.baseline.vaerdi is not None and k.baseline.aar is not None:
            observed = ctx.serie.at(int(k.baseline.aar)) if (k.baseline.antaget and ctx.serie is not None) else None
            if observed is None:
                kilde = "antaget" if k.baseline.antaget else "planen"
                return _Baseline(float(k.baseline.vaerdi), int(k.baseline.aar), kilde)
            s = ctx.serie
            return _Baseline(float(s.vaerdi[observed]), int(s.aar[observed]), "data",
                             illustrativ=bool(s.illustrativ[observed]), tilnaermet=bool(s.tilnaermet[observed]))
    year = data_aar if data_aar is not None else _year_in(k.baseline.nulpunkt) or k.baseline.aar
    label = k.baseline.nulpunkt or (f"nulpunkt {year}" if year else "baseline")
    if year is None:
        return _Baseline(float("nan"), None, "", mangler="Planen angiver ingen baseline, og der er intet nulpunktsår.")
    s = ctx.serie
    i = s.at(year) if s is not None else None
    if i is None:
        return _Baseline(
            float("nan"), None, "", mangler=f"Baseline ({label}) mangler i data: der er intet tal for {ctx.navn} i {year}."
        )
    return _Baseline(float(s.vaerdi[i]), int(s.aar[i]), "data", illustrativ=bool(s.illustrativ[i]),
                     tilnaermet=bool(s.tilnaermet[i]))


def _show_baseline(d: Del, b: _Baseline, t: int) -> _Baseline:
    """Record a usable baseline (before year ``t``) on the part; return it unchanged."""
    if b.ok and b.aar < t:
        d.baseline, d.baseline_aar = b.vaerdi, b.aar
        d.illustrativ |= b.illustrativ
        d.tilnaermet |= b.tilnaermet
    return b


def _no_value(maal_txt: str, typ: str, ctx: Kontekst, until: int, after: int | None = None) -> Del:
    extra = ""
    s = ctx.serie
    if s is not None:
        bad = s.unusable_between(after if after is not None else -10_000, until)
        if bad:
            j = bad[-1]
            extra = f" {ctx.navn} {int(s.aar[j])} er ikke brugt: {s.bemaerkning[j]}"
    navn = ctx.indikator.navn.lower() if ctx.indikator else "indikatoren"
    when = f"efter {after} og til og med {until}" if after is not None else f"til og med {until}"
    return Del(typ, maal_txt, "mangler_data", forklaring=f"Ingen tal for {ctx.navn} ({navn}) {when}.{extra}".strip())


def _value(ctx: Kontekst, i: int) -> tuple[float, int, str, bool, bool]:
    s = ctx.serie
    assert s is not None
    return float(s.vaerdi[i]), int(s.aar[i]), str(s.periode[i]), bool(s.illustrativ[i]), bool(s.tilnaermet[i])


def _skipped_note(ctx: Kontekst, used_year: int, until: int) -> str:
    """Name a later year that exists but could not be used (e.g. incomplete samlet)."""
    s = ctx.serie
    if s is None:
        return ""
    bad = s.unusable_between(used_year, until)
    if not bad:
        return ""
    j = bad[-1]
    return f" ({int(s.aar[j])} er ikke brugt: {s.bemaerkning[j]})"


def _progress_text(ctx: Kontekst, b: _Baseline, v: float, t: int, krav: float, r: float, status: str,
                   path: str = "") -> str:
    achieved = v - b.vaerdi
    needed = krav - b.vaerdi
    if not math.isfinite(r):
        return (
            f"Udgangspunktet {b.tekst(ctx)} lå allerede på den rigtige side af målet; ændringen siden er "
            f"{format_forskel(achieved, ctx.enhed)}: {STATUS_TEKST[status].lower()}."
        )
    ratio = f"fremskridt {format_tal(r)}" if math.isfinite(r) else "fremskridt kan ikke beregnes"
    return (
        f"Fra {b.tekst(ctx)} kræver målet {ctx.v(krav)} i {t}{path}, en ændring på "
        f"{format_forskel(needed, ctx.enhed)}; opnået {format_forskel(achieved, ctx.enhed)}: {ratio}: "
        f"{STATUS_TEKST[status].lower()}."
    )


# --------------------------------------------------------------------------- target texts


def maal_tekst(maal: Any, indikator: Indikator | None = None, plan: Plan | None = None) -> str:
    """A short Danish text of one target part, e.g. ``"≤ 20 i 2021"``, ``"−10 % om året fra 2017"``."""
    enhed = indikator.enhed if indikator else None
    t = maal.type
    if t == "over_reference":
        ref = kort_navn(plan, maal.reference) if plan else maal.reference
        if maal.reference_vaerdi is not None:
            return f"≥ {ref} (planen: {format_vaerdi(maal.reference_vaerdi, enhed)} i {maal.reference_aar})"
        return f"≥ {ref}"
    if t == "fast_maal":
        return f"{_OP_TEKST[maal.operator]} {format_vaerdi(maal.maal, enhed)} i {maal.senest}"
    if t == "aarlig_aendring":
        start = f"{format_vaerdi(maal.fra_vaerdi, enhed)} i {maal.fra_aar}" if maal.fra_vaerdi is not None else str(maal.fra_aar)
        return f"{format_aendring(maal.pct)} om året fra {start}"
    if t == "aendring_i_vindue":
        return f"{format_aendring(maal.pct)} inden for {maal.inden_for_aar} år fra {maal.fra_aar}, derefter fastholdt"
    if t == "retning":
        return f"{'stiger' if maal.retning == 'op' else 'falder'} {maal.fra_aar}-{maal.til_aar}"
    if t == "mindst_antal":
        span = f" ({format_tal(maal.mindst)}-{format_tal(maal.oevre)})" if maal.oevre is not None else ""
        how = {"hvert_aar": "hvert år", "gennemsnit_pr_aar": "i gennemsnit pr. år", "i_alt": "i alt"}[maal.opgoerelse]
        dl = f" senest {maal.senest}" if maal.senest else ""
        return f"mindst {format_tal(maal.mindst)}{span} {how} fra {maal.fra_aar}{dl}"
    if t == "andel_af_kohorte":
        return f"≥ {format_tal(maal.mindst_pct)} % af {maal.kohorte} fra {maal.fra_aar}"
    if t == "interval":
        dl = f" senest {maal.senest}, derefter fastholdt" if maal.senest else ""
        return f"{format_tal(maal.min)}-{format_tal(maal.max)}{dl}"
    if t == "nulpunkt":
        if maal.maal is None:
            return f"fastlægges ud fra nulpunktet {maal.nulpunkt_aar} (endnu ikke fastlagt)"
        op = "≥" if maal.retning == "op" else "≤"
        return f"{op} {format_vaerdi(maal.maal, enhed)} (fastlagt ud fra nulpunktet {maal.nulpunkt_aar})"
    if t == "kvalitativ":
        return f"kvalitativ: {maal.metode}"
    return t


# --------------------------------------------------------------------------- the rules


def rule_over_reference(m: Any, ctx: Kontekst) -> Del:
    """value >= the reference geography's value (same year, else the latest earlier; else the plan's)."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    T = ctx.sidste_aar
    i = ctx.serie.latest(T) if ctx.serie else None
    if i is None:
        return _no_value(txt, m.type, ctx, T)
    v, t, periode, ill, approx = _value(ctx, i)
    ref, ref_aar, ref_ill = ctx.reference(m.reference, t)
    ref_src = ""
    if m.reference_vaerdi is not None and m.reference_aar is not None and m.reference_aar <= t:
        if ref_aar is None or m.reference_aar > ref_aar:
            ref, ref_aar, ref_ill, ref_src = float(m.reference_vaerdi), int(m.reference_aar), False, ", planens tal"
    refnavn = kort_navn(ctx.plan, m.reference)
    d = Del(m.type, txt, None, aar=t, periode=periode, vaerdi=v, illustrativ=ill or ref_ill, tilnaermet=approx)
    if ref_aar is None:
        d.status = "mangler_data"
        d.forklaring = f"{ctx.navn} {ctx.v(v)} i {t}; der er ingen værdi for {refnavn} til og med {t}."
        return d
    d.reference, d.reference_aar, d.maalvaerdi = ref, ref_aar, ref
    head = f"{ctx.navn} {ctx.v(v)} i {t}"
    ref_txt = f"{refnavn} {ctx.v(ref)} ({ref_aar}{ref_src})"
    b = _show_baseline(d, resolve_baseline(m, ctx), t)
    if v >= ref - _TOL:
        d.status = "opfyldt"
        d.forklaring = f"{head} ≥ {ref_txt}: opfyldt."
        return d
    if not b.ok or b.aar >= t:
        d.status = "mangler_data"
        why = b.mangler or f"Der er ingen måling efter baseline ({b.aar})."
        d.forklaring = f"{head} < {ref_txt}. {why}"
        return d
    d.krav = linear_path(b.vaerdi, b.aar, ref, ctx.slutaar, t)
    d.status, d.fremskridt = judge_progress(b.vaerdi, v, d.krav, "op")
    path = f" (lige linje mod {ref_txt} i {ctx.slutaar})" if t < ctx.slutaar else ""
    d.forklaring = f"{head} < {ref_txt}. " + _progress_text(ctx, b, v, t, d.krav, d.fremskridt, d.status, path)
    return d


def rule_fast_maal(m: Any, ctx: Kontekst) -> Del:
    """value ``operator`` ``maal`` by ``senest``; before it, progress along the straight line to it."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    until = min(ctx.sidste_aar, m.senest)
    i = ctx.serie.latest(until) if ctx.serie else None
    if i is None:
        return _no_value(txt, m.type, ctx, until)
    v, t, periode, ill, approx = _value(ctx, i)
    d = Del(m.type, txt, None, aar=t, periode=periode, vaerdi=v, maalvaerdi=m.maal, illustrativ=ill, tilnaermet=approx)
    head = f"{ctx.navn} {ctx.v(v)} i {t}"
    skipped = _skipped_note(ctx, t, until)
    op = _OP_TEKST[m.operator]
    b = _show_baseline(d, resolve_baseline(m, ctx), t)
    if _compare(v, m.operator, m.maal):
        d.status = "opfyldt"
        d.forklaring = f"{head} {op} målet {format_tal(m.maal)}: opfyldt.{skipped}"
        return d
    retning = "ned" if m.operator in ("<", "<=") else "op"
    notmet = f"{head} er ikke {_OP_ORD[m.operator]} {format_tal(m.maal)} (målet: {op} {format_tal(m.maal)} i {m.senest}).{skipped}"
    if not b.ok or b.aar >= t:
        d.status = "mangler_data"
        why = b.mangler or f"Der er ingen måling efter baseline ({b.aar}), så fremskridtet kan ikke beregnes."
        d.forklaring = f"{notmet} {why}"
        return d
    d.krav = linear_path(b.vaerdi, b.aar, m.maal, m.senest, t)
    d.status, d.fremskridt = judge_progress(b.vaerdi, v, d.krav, retning)
    path = f" (lige linje mod {format_tal(m.maal)} i {m.senest})" if t < m.senest else ""
    d.forklaring = f"{notmet} " + _progress_text(ctx, b, v, t, d.krav, d.fremskridt, d.status, path)
    return d


def _relative_baseline(m: Any, ctx: Kontekst) -> _Baseline:
    """Baseline of a relative target: the part's fra_vaerdi, the criterion's value for fra_aar, or data."""
    fra = getattr(m, "fra_vaerdi", None)
    if fra is not None:
        return _Baseline(float(fra), int(m.fra_aar), "planen")
    k = ctx.kriterium
    if k.baseline.aar == m.fra_aar:
        val = k.baseline.for_omraade(ctx.omraade)
        if val is not None:
            return _Baseline(float(val), int(m.fra_aar), "planen")
    return resolve_baseline(m, ctx, data_aar=m.fra_aar, plan_values=False)


def rule_aarlig_aendring(m: Any, ctx: Kontekst) -> Del:
    """A change of ``pct`` % a year from ``fra_aar``: judged on the compound path, every year shown."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    F, T = int(m.fra_aar), min(ctx.sidste_aar, int(m.til_aar))
    if ctx.sidste_aar <= F:
        return Del(m.type, txt, None, forklaring=f"Delmålet gælder først fra {F + 1}.")
    b = _relative_baseline(m, ctx)
    if not b.ok:
        return Del(m.type, txt, "mangler_data", forklaring=b.mangler)
    if b.vaerdi == 0:
        return Del(
            m.type, txt, "mangler_data", baseline=0.0, baseline_aar=b.aar, illustrativ=b.illustrativ,
            forklaring=(
                f"Udgangspunktet er 0 i {b.aar}: en ændring på {format_aendring(m.pct)} om året kan ikke "
                "beregnes ud fra 0 (relativ ændring er udefineret)."
            ),
        )
    i = ctx.serie.latest(T, after=F) if ctx.serie else None
    if i is None:
        return _no_value(txt, m.type, ctx, T, after=F)
    v, t, periode, ill, approx = _value(ctx, i)
    factor = 1.0 + m.pct / 100.0
    path_t = b.vaerdi * factor ** (t - F)
    retning = "op" if m.pct > 0 else "ned"
    dsign = _sign(retning)
    d = Del(m.type, txt, None, aar=t, periode=periode, vaerdi=v, baseline=b.vaerdi, baseline_aar=b.aar,
            maalvaerdi=path_t, krav=path_t, illustrativ=ill or b.illustrativ, tilnaermet=approx or b.tilnaermet)

    # year by year, against the previous available year
    s = ctx.serie
    assert s is not None
    prev_y, prev_v = F, b.vaerdi
    missed, undefined, shown = [], [], []
    for j in s.window(F + 1, t):
        y, val = int(s.aar[j]), float(s.vaerdi[j])
        d.illustrativ |= bool(s.illustrativ[j])
        d.tilnaermet |= bool(s.tilnaermet[j])
        required = (factor ** (y - prev_y) - 1.0) * 100.0
        if prev_v == 0:
            change = float("nan")
            undefined.append(y)
            ok = None
        else:
            change = (val / prev_v - 1.0) * 100.0
            ok = dsign * (change - required) >= -_TOL
            if not ok:
                missed.append(y)
        d.aar_for_aar.append({"aar": y, "vaerdi": val, "fra_aar": prev_y, "aendring_pct": change,
                              "krav_pct": required, "naaet": ok})
        gap = f" (fra {prev_y})" if y - prev_y > 1 else ""
        shown.append(f"{y} {format_aendring(change, 1) if math.isfinite(change) else 'udefineret (fra 0)'}{gap}")
        prev_y, prev_v = y, val
    missing_years = [y for y in range(F + 1, t + 1) if s.at(y) is None]

    head = (
        f"{ctx.navn} {ctx.v(v)} i {t}; målet er {format_aendring(m.pct)} om året fra {b.tekst(ctx)}, "
        f"dvs. {'højst' if retning == 'ned' else 'mindst'} {ctx.v(path_t)} i {t} (sammensat)."
    )
    years = f" Ændring fra året før: {', '.join(shown)}." if shown else ""
    if missed:
        years += f" Den årlige ændring på {format_aendring(m.pct)} blev ikke nået i {and_list([str(y) for y in missed])}."
    if undefined:
        years += f" Ændringen i {and_list([str(y) for y in undefined])} er udefineret (året før var 0)."
    if missing_years:
        years += f" Intet tal for {and_list([str(y) for y in missing_years])}."
    if dsign * (v - path_t) >= -_TOL:
        d.status = "opfyldt"
        d.forklaring = f"{head}{years} Den sammensatte sti er nået: opfyldt."
        return d
    d.status, d.fremskridt = judge_progress(b.vaerdi, v, path_t, retning)
    ratio = f"fremskridt {format_tal(d.fremskridt)}" if math.isfinite(d.fremskridt) else "fremskridt kan ikke beregnes"
    d.forklaring = (
        f"{head}{years} Opnået {format_forskel(v - b.vaerdi, ctx.enhed)} af krævet "
        f"{format_forskel(path_t - b.vaerdi, ctx.enhed)}: {ratio}: {STATUS_TEKST[d.status].lower()}."
    )
    return d


def rule_aendring_i_vindue(m: Any, ctx: Kontekst) -> Del:
    """A change of ``pct`` % within ``inden_for_aar`` years of ``fra_aar``, then held."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    F, W, T = int(m.fra_aar), int(m.fra_aar) + int(m.inden_for_aar), ctx.sidste_aar
    if T <= F:
        return Del(m.type, txt, None, forklaring=f"Delmålet gælder først fra {F + 1}.")
    b = _relative_baseline(m, ctx)
    if not b.ok:
        return Del(m.type, txt, "mangler_data", forklaring=b.mangler)
    if b.vaerdi == 0:
        return Del(m.type, txt, "mangler_data", baseline=0.0, baseline_aar=b.aar, illustrativ=b.illustrativ,
                   forklaring=f"Udgangspunktet er 0 i {b.aar}: en ændring på {format_aendring(m.pct)} kan ikke "
                              "beregnes ud fra 0 (relativ ændring er udefineret).")
    i = ctx.serie.latest(T, after=F) if ctx.serie else None
    if i is None:
        return _no_value(txt, m.type, ctx, T, after=F)
    v, t, periode, ill, approx = _value(ctx, i)
    target = b.vaerdi * (1.0 + m.pct / 100.0)
    retning = "op" if m.pct > 0 else "ned"
    dsign = _sign(retning)
    d = Del(m.type, txt, None, aar=t, periode=periode, vaerdi=v, baseline=b.vaerdi, baseline_aar=b.aar,
            maalvaerdi=target, illustrativ=ill or b.illustrativ, tilnaermet=approx or b.tilnaermet)
    s = ctx.serie
    assert s is not None
    lapses = [int(s.aar[j]) for j in s.window(W, t) if dsign * (s.vaerdi[j] - target) < -_TOL]
    head = (
        f"{ctx.navn} {ctx.v(v)} i {t}; målet er {format_aendring(m.pct)} fra {b.tekst(ctx)} til "
        f"{ctx.v(target)} senest {W} og derefter fastholdt."
    )
    lapse_txt = f" Niveauet var ikke nået/fastholdt i {and_list([str(y) for y in lapses])}." if lapses else ""
    if dsign * (v - target) >= -_TOL:
        d.status, d.krav = "opfyldt", target
        held = " og fastholdt" if t > W else ""
        d.forklaring = f"{head} Målet er nået{held}: opfyldt.{lapse_txt}"
        return d
    d.krav = linear_path(b.vaerdi, b.aar, target, W, t)
    d.status, d.fremskridt = judge_progress(b.vaerdi, v, d.krav, retning)
    path = f" (lige linje mod {ctx.v(target)} i {W})" if t < W else ""
    d.forklaring = f"{head}{lapse_txt} " + _progress_text(ctx, b, v, t, d.krav, d.fremskridt, d.status, path)
    return d


def rule_retning(m: Any, ctx: Kontekst) -> Del:
    """Moves in ``retning`` between ``fra_aar`` and ``til_aar``: better than the baseline is met."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    F, T = int(m.fra_aar), min(ctx.sidste_aar, int(m.til_aar))
    if ctx.sidste_aar <= F:
        return Del(m.type, txt, None, forklaring=f"Delmålet gælder først fra {F + 1}.")
    b = resolve_baseline(m, ctx, data_aar=F)
    if not b.ok:
        return Del(m.type, txt, "mangler_data", forklaring=b.mangler)
    i = ctx.serie.latest(T, after=b.aar) if ctx.serie else None
    if i is None:
        return _no_value(txt, m.type, ctx, T, after=b.aar)
    v, t, periode, ill, approx = _value(ctx, i)
    dsign = _sign(m.retning)
    d = Del(m.type, txt, None, aar=t, periode=periode, vaerdi=v, baseline=b.vaerdi, baseline_aar=b.aar,
            illustrativ=ill or b.illustrativ, tilnaermet=approx or b.tilnaermet)
    word = "stige" if m.retning == "op" else "falde"
    head = f"{ctx.navn} {ctx.v(v)} i {t} mod {b.tekst(ctx)}; målet er at {word} {F}-{m.til_aar}"
    diff = dsign * (v - b.vaerdi)
    if diff > _TOL:
        d.status = "opfyldt"
        d.forklaring = f"{head}: ændring {format_forskel(v - b.vaerdi, ctx.enhed)} i den rigtige retning: opfyldt."
    elif diff >= -_TOL:
        d.status = "begraenset_fremgang"
        d.forklaring = f"{head}: uændret: begrænset fremgang."
    else:
        d.status = "tilbagegang"
        d.forklaring = f"{head}: ændring {format_forskel(v - b.vaerdi, ctx.enhed)} i den forkerte retning: tilbagegang."
    return d


def _aarsopgoerelse(ctx: Kontekst) -> str:
    return ctx.indikator.aarsopgoerelse if ctx.indikator else "sum"


def rule_mindst_antal(m: Any, ctx: Kontekst) -> Del:
    """At least ``mindst`` every year (last year decides), on average per year, or in total."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    F = int(m.fra_aar)
    until = min(ctx.sidste_aar, int(m.senest)) if m.senest else ctx.sidste_aar
    if until < F:
        return Del(m.type, txt, None, forklaring=f"Delmålet gælder først fra {F}.")
    s = ctx.serie
    window = s.window(F, until) if s is not None else []
    if not window:
        return _no_value(txt, m.type, ctx, until, after=F - 1)
    last = window[-1]
    v_last, t, periode, ill, approx = _value(ctx, last)
    assert s is not None
    ill = ill or bool(s.illustrativ[window].any())
    approx = approx or bool(s.tilnaermet[window].any())
    years = [int(s.aar[j]) for j in window]
    missing = [y for y in range(F, t + 1) if y not in years]
    stock = _aarsopgoerelse(ctx) in ("sidste", "maks")
    d = Del(m.type, txt, None, aar=t, periode=periode, maalvaerdi=m.mindst, illustrativ=ill, tilnaermet=approx)
    mindst = format_tal(m.mindst)
    if m.opgoerelse == "hvert_aar":
        v = v_last
        short = [str(y) for y, j in zip(years, window) if s.vaerdi[j] < m.mindst]
        head = f"{ctx.navn} {ctx.v(v)} i {t}; målet er mindst {mindst} hvert år fra {F}."
        extra = f" Under {mindst} i {and_list(short)}." if short else ""
    elif m.opgoerelse == "gennemsnit_pr_aar":
        v = float(np.mean(s.vaerdi[window]))
        span = f"{years[0]}-{t}" if len(years) > 1 else str(t)
        head = f"{ctx.navn} i gennemsnit {ctx.v(v)} pr. år {span} ({len(years)} år); målet er mindst {mindst} i gennemsnit pr. år."
        extra = ""
    else:  # i_alt
        if stock:
            v = v_last
            head = f"{ctx.navn} {ctx.v(v)} i {t} (en bestand: seneste opgørelse); målet er mindst {mindst} i alt."
        else:
            v = float(np.sum(s.vaerdi[window]))
            head = f"{ctx.navn} i alt {ctx.v(v)} {years[0]}-{t}; målet er mindst {mindst} i alt."
        extra = ""
    d.vaerdi = v
    if missing:
        extra += f" Intet tal for {and_list([str(y) for y in missing])}."
    # progress is measured from the zero point
    if m.opgoerelse == "i_alt" and not stock:
        b = _Baseline(0.0, F - 1, "data")  # nothing has been counted before the start
    else:
        b = resolve_baseline(m, ctx, data_aar=_year_in(ctx.kriterium.baseline.nulpunkt) or F - 1)
    b = _show_baseline(d, b, t)
    if v >= m.mindst - _TOL:
        d.status = "opfyldt"
        d.forklaring = f"{head}{extra} Opfyldt."
        return d
    if m.opgoerelse == "i_alt" and not stock and missing:
        d.status = "mangler_data"
        d.forklaring = f"{head}{extra} Summen kan ikke afgøres, når år mangler."
        return d
    if not b.ok or b.aar >= t:
        d.status = "mangler_data"
        why = b.mangler or f"Der er ingen måling efter baseline ({b.aar}), så fremskridtet kan ikke beregnes."
        d.forklaring = f"{head}{extra} Ikke nået. {why}"
        return d
    if m.opgoerelse == "i_alt":
        deadline = int(m.senest) if m.senest else ctx.slutaar
        d.krav = linear_path(b.vaerdi, b.aar, m.mindst, deadline, t)
        path = f" (lige linje mod {mindst} i {deadline})" if t < deadline else ""
    else:
        d.krav, path = float(m.mindst), ""
    d.status, d.fremskridt = judge_progress(b.vaerdi, v, d.krav, "op")
    d.forklaring = f"{head}{extra} Ikke nået. " + _progress_text(ctx, b, v, t, d.krav, d.fremskridt, d.status, path)
    return d


def rule_andel_af_kohorte(m: Any, ctx: Kontekst) -> Del:
    """At least ``mindst_pct`` % of the cohort (taeller/naevner) in the last year from ``fra_aar``."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    F, T = int(m.fra_aar), ctx.sidste_aar
    if T < F:
        return Del(m.type, txt, None, forklaring=f"Delmålet gælder først fra {F}.")
    i = ctx.serie.latest(T, since=F) if ctx.serie else None
    if i is None:
        return _no_value(txt, m.type, ctx, T, after=F - 1)
    v, t, periode, ill, approx = _value(ctx, i)
    s = ctx.serie
    assert s is not None
    d = Del(m.type, txt, None, aar=t, periode=periode, vaerdi=v, maalvaerdi=m.mindst_pct, krav=m.mindst_pct,
            illustrativ=ill, tilnaermet=approx)
    counts = ""
    if math.isfinite(s.taeller[i]) and math.isfinite(s.naevner[i]):
        counts = f" ({format_tal(s.taeller[i])} af {format_tal(s.naevner[i])})"
    head = f"{ctx.navn} {ctx.v(v)}{counts} i {t}; målet er mindst {format_tal(m.mindst_pct)} %."
    # the plan's printed baseline of a cohort criterion is the cohort's size, not a share
    nul = _year_in(ctx.kriterium.baseline.nulpunkt)
    if nul is not None:
        b = resolve_baseline(m, ctx, data_aar=nul, plan_values=False)
    else:
        first = s.window(F, t - 1)
        b = (
            _Baseline(float(s.vaerdi[first[0]]), int(s.aar[first[0]]), "data", illustrativ=bool(s.illustrativ[first[0]]))
            if first
            else _Baseline(float("nan"), None, "", mangler="Der er ingen tidligere opgørelse at måle fremskridt fra.")
        )
    b = _show_baseline(d, b, t)
    if v >= m.mindst_pct - _TOL:
        d.status = "opfyldt"
        d.forklaring = f"{head} Opfyldt."
        return d
    if not b.ok or b.aar >= t:
        d.status = "mangler_data"
        why = b.mangler or f"Der er ingen måling efter baseline ({b.aar}), så fremskridtet kan ikke beregnes."
        d.forklaring = f"{head} Ikke nået. {why}"
        return d
    d.status, d.fremskridt = judge_progress(b.vaerdi, v, m.mindst_pct, "op")
    d.forklaring = f"{head} Ikke nået. " + _progress_text(ctx, b, v, t, m.mindst_pct, d.fremskridt, d.status)
    return d


def _distance(x: float, lo: float, hi: float) -> float:
    return max(lo - x, x - hi, 0.0)


def rule_interval(m: Any, ctx: Kontekst) -> Del:
    """Within [``min``, ``max``] by ``senest`` and held after; progress = reduction of the distance."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    T = ctx.sidste_aar
    deadline = int(m.senest) if m.senest else ctx.slutaar
    i = ctx.serie.latest(T) if ctx.serie else None
    if i is None:
        return _no_value(txt, m.type, ctx, T)
    v, t, periode, ill, approx = _value(ctx, i)
    d = Del(m.type, txt, None, aar=t, periode=periode, vaerdi=v, illustrativ=ill, tilnaermet=approx)
    rng = f"{format_tal(m.min)}-{format_tal(m.max)}"
    head = f"{ctx.navn} {ctx.v(v)} i {t}; målet er {rng} senest {deadline}" + (", derefter fastholdt." if m.senest else ".")
    b = _show_baseline(d, resolve_baseline(m, ctx), t)
    if m.min - _TOL <= v <= m.max + _TOL:
        d.status = "opfyldt"
        d.forklaring = f"{head} Inden for intervallet: opfyldt."
        return d
    if not b.ok or b.aar >= t:
        d.status = "mangler_data"
        why = b.mangler or f"Der er ingen måling efter baseline ({b.aar}), så fremskridtet kan ikke beregnes."
        d.forklaring = f"{head} Uden for intervallet. {why}"
        return d
    dist_b, dist_v = _distance(b.vaerdi, m.min, m.max), _distance(v, m.min, m.max)
    frac = 1.0 if deadline <= b.aar else min(1.0, max(0.0, (t - b.aar) / (deadline - b.aar)))
    required = dist_b * frac
    if required <= _TOL:
        d.status = "tilbagegang" if dist_v > dist_b + _TOL else "begraenset_fremgang"
        d.forklaring = f"{head} Uden for intervallet; udgangspunktet {b.tekst(ctx)} lå inden for: {STATUS_TEKST[d.status].lower()}."
        return d
    d.fremskridt = (dist_b - dist_v) / required
    d.status = status_for_fremskridt(d.fremskridt)
    d.forklaring = (
        f"{head} Uden for intervallet. Afstanden til intervallet var {format_tal(dist_b)} i {b.aar} og er "
        f"{format_tal(dist_v)} i {t}; målet kræver en reduktion på {format_tal(required)} til {t}: "
        f"fremskridt {format_tal(d.fremskridt)}: {STATUS_TEKST[d.status].lower()}."
    )
    return d


def rule_nulpunkt(m: Any, ctx: Kontekst) -> Del:
    """Target fixed later from the zero point: while ``maal`` is null, the direction since the zero point."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    N, T = int(m.nulpunkt_aar), ctx.sidste_aar
    if T <= N:
        return Del(m.type, txt, None, forklaring=f"Delmålet gælder først efter nulpunktet {N}.")
    b = resolve_baseline(m, ctx, data_aar=N, plan_values=False)
    if not b.ok:
        return Del(m.type, txt, "mangler_data", forklaring=f"Nulpunktet {N} mangler i data: der er intet tal for {ctx.navn} i {N}.")
    i = ctx.serie.latest(T, after=N) if ctx.serie else None
    if i is None:
        return _no_value(txt, m.type, ctx, T, after=N)
    v, t, periode, ill, approx = _value(ctx, i)
    d = Del(m.type, txt, None, aar=t, periode=periode, vaerdi=v, baseline=b.vaerdi, baseline_aar=b.aar,
            illustrativ=ill or b.illustrativ, tilnaermet=approx or b.tilnaermet)
    head = f"{ctx.navn} {ctx.v(v)} i {t} mod nulpunktet {b.tekst(ctx)}"
    dsign = _sign(m.retning)
    if m.maal is None:
        diff = dsign * (v - b.vaerdi)
        d.status = "paa_rette_vej" if diff > _TOL else ("begraenset_fremgang" if diff >= -_TOL else "tilbagegang")
        word = {"paa_rette_vej": "i den rigtige retning", "begraenset_fremgang": "uændret",
                "tilbagegang": "i den forkerte retning"}[d.status]
        d.forklaring = (
            f"Målet er endnu ikke fastlagt (planen fastlægger det ud fra nulpunktet {N}); indtil da vurderes "
            f"retningen. {head}: {word} ({format_forskel(v - b.vaerdi, ctx.enhed)}): "
            f"{STATUS_TEKST[d.status].lower()}."
        )
        return d
    op = ">=" if m.retning == "op" else "<="
    d.maalvaerdi = float(m.maal)
    if _compare(v, op, m.maal):
        d.status = "opfyldt"
        d.forklaring = f"{head} {_OP_TEKST[op]} målet {format_tal(m.maal)}: opfyldt."
        return d
    d.krav = linear_path(b.vaerdi, b.aar, float(m.maal), ctx.slutaar, t)
    d.status, d.fremskridt = judge_progress(b.vaerdi, v, d.krav, m.retning)
    path = f" (lige linje mod {format_tal(m.maal)} i {ctx.slutaar})" if t < ctx.slutaar else ""
    d.forklaring = f"{head}; målet er {_OP_TEKST[op]} {format_tal(m.maal)}. " + _progress_text(
        ctx, b, v, t, d.krav, d.fremskridt, d.status, path
    )
    return d


def rule_kvalitativ(m: Any, ctx: Kontekst) -> Del:
    """Judged by the evaluator: status ``kvalitativ``; the rating and justification are shown."""
    txt = maal_tekst(m, ctx.indikator, ctx.plan)
    vur = ctx.vurdering
    if not vur:
        return Del(m.type, txt, "kvalitativ", forklaring="Afventer evaluators vurdering.")
    rating = STATUS_TEKST.get(str(vur.get("vurdering")), str(vur.get("vurdering")))
    kilde = f" (kilde: {vur['kilde']})" if vur.get("kilde") else ""
    return Del(m.type, txt, "kvalitativ", illustrativ=bool(vur.get("illustrativ", False)),
               forklaring=f"Evaluators vurdering: {rating}. {vur.get('begrundelse', '')}{kilde}".strip())


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

# --------------------------------------------------------------------------- the status table

REFERENCE_GEOGRAFIER = ("sub", "danmark", "slagelse_kommune")

STATUS_KOLONNER = [
    "kriterium",
    "indsatsomraade",
    "aktivitet",
    "omraade",
    "omraade_navn",
    "runde",
    "type",
    "indikator",
    "enhed",
    "sidste_aar",
    "sidste_periode",
    "vaerdi",
    "baseline",
    "baseline_aar",
    "maal",
    "sub",
    "sub_aar",
    "danmark",
    "danmark_aar",
    "slagelse_kommune",
    "slagelse_kommune_aar",
    "status",
    "status_tekst",
    "fremskridt",
    "forklaring",
    "dele",
    "tilnaermet",
    "illustrativ",
    "vurdering",
    "begrundelse",
]


def _vurdering_index(vurderinger: pd.DataFrame | None, runde: str) -> dict[tuple[str, str], dict[str, Any]]:
    if vurderinger is None or len(vurderinger) == 0:
        return {}
    v = vurderinger[vurderinger["runde"].astype(str).eq(runde)]
    return {(r["kriterium"], r["omraade"]): r for r in v.to_dict("records")}


def assess(
    kriterium: Kriterium,
    omraade: str,
    store: SerieStore,
    plan: Plan,
    runde: str = "slut",
    vurdering: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One row of :func:`status_table`: every part of ``kriterium`` for ``omraade``, worst decides."""
    T = RUNDE_SIDSTE_AAR[runde]
    indikator = plan.indikator.get(kriterium.indikator) if kriterium.indikator else None
    ctx = Kontekst(plan, kriterium, omraade, indikator, runde, T,
                   store.get(omraade, kriterium.indikator) if indikator else None, store, vurdering)
    parts = [REGLER[m.type](m, ctx) for m in kriterium.maal_for(omraade)]
    active = [p for p in parts if p.gaelder]
    status = worst_status([p.status for p in active])  # type: ignore[misc]
    if not active:
        forklaring = "Intet delmål gælder endnu i denne runde. " + " ".join(p.forklaring for p in parts)
    elif len(parts) == 1:
        forklaring = parts[0].forklaring
    else:
        items = []
        for n, p in enumerate(parts, 1):
            lab = "" if p.status else "gælder ikke endnu: "
            items.append(f"({n}) {p.maal} – {lab}{p.forklaring}")
        forklaring = f"{len(parts)} delmål; det dårligste afgør: {STATUS_TEKST[status].lower()}. " + " ".join(items)
    deciding = next((p for p in active if p.status == status), None)
    with_value = [p for p in active if p.aar is not None]
    main = max(with_value, key=lambda p: p.aar) if with_value else None
    with_base = next((p for p in active if p.baseline_aar is not None), None)
    year_for_refs = main.aar if main else T
    row: dict[str, Any] = {
        "kriterium": kriterium.id,
        "indsatsomraade": kriterium.indsatsomraade,
        "aktivitet": kriterium.aktivitet,
        "omraade": omraade,
        "omraade_navn": plan.stednavn(omraade),
        "runde": runde,
        "type": "+".join(dict.fromkeys(m.type for m in kriterium.maal_for(omraade))),
        "indikator": kriterium.indikator,
        "enhed": indikator.enhed if indikator else None,
        "sidste_aar": main.aar if main else None,
        "sidste_periode": main.periode if main else None,
        "vaerdi": main.vaerdi if main else float("nan"),
        "baseline": with_base.baseline if with_base else float("nan"),
        "baseline_aar": with_base.baseline_aar if with_base else None,
        "maal": "; ".join(p.maal for p in parts),
        "status": status,
        "status_tekst": STATUS_TEKST[status],
        "fremskridt": deciding.fremskridt if deciding else float("nan"),
        "forklaring": forklaring,
        "dele": [p.as_dict() for p in parts],
        "tilnaermet": any(p.tilnaermet for p in active),
        "illustrativ": any(p.illustrativ for p in parts),
        "vurdering": (vurdering or {}).get("vurdering"),
        "begrundelse": (vurdering or {}).get("begrundelse"),
    }
    for geo in REFERENCE_GEOGRAFIER:
        val, aar, ill = ctx.reference(geo, year_for_refs) if indikator else (float("nan"), None, False)
        row[geo], row[f"{geo}_aar"] = val, aar
        row["illustrativ"] = row["illustrativ"] or ill
    return row


def status_table(
    observations: pd.DataFrame,
    plan: Plan | None = None,
    runde: str = "slut",
    references: pd.DataFrame | None = None,
    vurderinger: pd.DataFrame | None = None,
    kriterier: list[str] | None = None,
    indikatorer: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The status of every succeskriterium × område for an evaluation round.

    Parameters
    ----------
    observations : pandas.DataFrame
        Validated observations in the data contract (follow-up data, and the plan's baseline tables if
        wanted: ``helhedsanalyse.baseline.load_baseline()``). Reference geographies may be included.
    plan : Plan, optional
        The plan (default: the shipped plan).
    runde : {"midtvej", "slut"}
        The evaluation round; it fixes the last year used (``RUNDE_SIDSTE_AAR``: 2018 or 2021).
    references : pandas.DataFrame, optional
        Reference series (``helhedsanalyse.reference.load_reference()``): rows for ``sub``, ``danmark``,
        ``slagelse_kommune`` ... in the same columns. Stacked under ``observations``.
    vurderinger : pandas.DataFrame, optional
        The evaluator's assessments of the qualitative criteria
        (:func:`helhedsanalyse.vurderinger.load_vurderinger`).
    kriterier : list of str, optional
        Only these criterion ids (default: all).
    indikatorer : pandas.DataFrame, optional
        ``compute_indicators`` of ``observations`` and ``references`` stacked, when already computed
        (a report needs them too); default: computed here.

    Returns
    -------
    pandas.DataFrame
        One row per criterion × area the plan names (a criterion that does not cover an area has no
        row for it), in plan order, with columns:

        * ``kriterium``, ``indsatsomraade``, ``aktivitet``: ids from the plan
        * ``omraade``, ``omraade_navn``: area id and name
        * ``runde``: the round
        * ``type``: the criterion kind(s) of the parts binding the area, joined by ``+``
        * ``indikator``, ``enhed``: indicator id and unit (None for qualitative criteria)
        * ``sidste_aar``, ``sidste_periode``: the last year (and period label) of the value used
        * ``vaerdi``: the value of that year (for averages and totals: the average or total)
        * ``baseline``, ``baseline_aar``: the baseline used (the plan's value, or the observed
          zero point)
        * ``maal``: the target in words, e.g. ``"≤ 20 i 2021"``; parts joined by ``;``
        * ``sub``, ``sub_aar``, ``danmark``, ``danmark_aar``, ``slagelse_kommune``,
          ``slagelse_kommune_aar``: the reference values of the same year, or the latest earlier one,
          with their years (NaN/None where there is none)
        * ``status``: ``opfyldt``, ``paa_rette_vej``, ``moderat_fremgang``, ``begraenset_fremgang``,
          ``tilbagegang``, ``mangler_data`` or ``kvalitativ``
        * ``status_tekst``: the Danish label (Opfyldt, På rette vej, ...)
        * ``fremskridt``: the progress ratio of the deciding part (NaN where not computed: met
          targets, direction-only criteria, missing data)
        * ``forklaring``: how the status was reached, in Danish, with the numbers
        * ``dele``: list of dicts, one per target part (type, maal, status, status_tekst, fremskridt,
          aar, periode, vaerdi, baseline, baseline_aar, maalvaerdi, krav, reference, reference_aar,
          forklaring, illustrativ, tilnaermet, aar_for_aar)
        * ``tilnaermet``: True if a value used is an approximate samlet (only rates were known)
        * ``illustrativ``: True if any value used comes from illustrative data
        * ``vurdering``, ``begrundelse``: the evaluator's rating and justification (qualitative
          criteria), else None
    """
    if runde not in RUNDE_SIDSTE_AAR:
        raise ValueError(f"ukendt runde '{runde}'; gyldige: {', '.join(RUNDE_SIDSTE_AAR)}")
    plan = plan or load_plan()
    if indikatorer is None:
        indikatorer = compute_indicators(concat_observations([observations, references]), plan)
    store = SerieStore(indikatorer)
    vur = _vurdering_index(vurderinger, runde)
    rows = []
    for k in plan.kriterier:
        if kriterier is not None and k.id not in kriterier:
            continue
        for omraade in k.omraader:
            rows.append(assess(k, omraade, store, plan, runde, vur.get((k.id, omraade))))
    out = pd.DataFrame(rows, columns=STATUS_KOLONNER)
    for col in ("sidste_aar", "baseline_aar", "sub_aar", "danmark_aar", "slagelse_kommune_aar"):
        out[col] = out[col].astype("Int64")
    for col in ("vaerdi", "baseline", "sub", "danmark", "slagelse_kommune", "fremskridt"):
        out[col] = out[col].astype(float)
    return out


# --------------------------------------------------------------------------- comparisons

SAMMENLIGNING_KOLONNER = [
    "omraade",
    "indikator",
    "enhed",
    "aar",
    "vaerdi",
    "baseline_aar",
    "baseline",
    "forskel_baseline",
    "sub_aar",
    "sub",
    "forskel_sub",
    "danmark_aar",
    "danmark",
    "forskel_danmark",
    "slagelse_kommune_aar",
    "slagelse_kommune",
    "forskel_slagelse_kommune",
    "forskel_enhed",
    "illustrativ",
]


def comparisons(
    observations: pd.DataFrame, plan: Plan | None = None, runde: str = "slut", baseline_aar: int = 2017,
    indikatorer: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each area's latest value compared with its baseline, the SUB average, Denmark and Slagelse Kommune.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations in the data contract, including the reference geographies' rows (stack
        ``load_reference()`` and ``load_baseline()`` under the follow-up data).
    plan : Plan, optional
        The plan (default: the shipped plan).
    runde : {"midtvej", "slut"}
        Fixes the last year used (2018 or 2021).
    baseline_aar : int
        The baseline is the area's latest value in or before this year (default 2017, the plan's
        first year and the zero point of most criteria).
    indikatorer : pandas.DataFrame, optional
        ``compute_indicators`` of exactly these observations, when already computed (a report has
        them); default: computed here.

    Returns
    -------
    pandas.DataFrame
        One row per area (the four areas and ``samlet``) and indicator with a value up to the round's
        last year and at least one comparison, with columns:

        * ``omraade``, ``indikator``, ``enhed``
        * ``aar``, ``vaerdi``: the latest value up to the round's last year
        * ``baseline_aar``, ``baseline``: the latest value in or before ``baseline_aar`` (if earlier
          than ``aar``)
        * ``sub_aar``, ``sub``, ``danmark_aar``, ``danmark``, ``slagelse_kommune_aar``,
          ``slagelse_kommune``: the reference value of the same year, or the latest earlier one
        * ``forskel_baseline``, ``forskel_sub``, ``forskel_danmark``, ``forskel_slagelse_kommune``:
          the difference in procentpoint for shares (enhed ``pct``), the ratio value/reference for
          rates (``pr_1000``), the plain difference for other units
        * ``forskel_enhed``: ``"procentpoint"``, ``"forhold"`` or ``"forskel"``
        * ``illustrativ``: True if any value in the row is illustrative
    """
    plan = plan or load_plan()
    T = RUNDE_SIDSTE_AAR[runde]
    ind = compute_indicators(concat_observations([observations]), plan) if indikatorer is None else indikatorer
    ind = ind[ind["vaerdi"].notna() & ~ind["ufuldstaendig"].astype(bool) & ind["aar"].le(T)]
    ind = ind.sort_values(["aar"], kind="stable")
    areas = ind[ind["omraade"].isin(plan.omraade_ids)]
    latest = areas.groupby(["omraade", "indikator"], sort=True).tail(1).sort_values(["omraade", "indikator"])
    out = latest[["omraade", "indikator", "enhed", "aar", "vaerdi", "illustrativ"]].reset_index(drop=True)

    def _asof(frame: pd.DataFrame, left: pd.DataFrame, key: str, by: list[str], prefix: str) -> pd.DataFrame:
        """Left rows with ``frame``'s latest value in a year <= ``left[key]`` (columns ``prefix``...)."""
        right = frame[[*by, "aar", "vaerdi", "illustrativ"]].rename(
            columns={"aar": f"{prefix}_aar", "vaerdi": prefix, "illustrativ": f"{prefix}_ill"}
        )
        right[f"{prefix}_aar"] = right[f"{prefix}_aar"].astype("int64")
        return pd.merge_asof(left.sort_values(key), right.sort_values(f"{prefix}_aar"), left_on=key,
                             right_on=f"{prefix}_aar", by=by, direction="backward")

    # the baseline: the latest value in or before baseline_aar, and before the value's own year
    out["_base_key"] = np.minimum(out["aar"] - 1, baseline_aar).astype("int64")
    out = _asof(areas, out, "_base_key", ["omraade", "indikator"], "baseline")
    # the references: the same year, else the latest earlier one
    out["_key_aar"] = out["aar"].astype("int64")
    for geo in REFERENCE_GEOGRAFIER:
        out = _asof(ind[ind["omraade"].eq(geo)], out, "_key_aar", ["indikator"], geo)
    out = out.sort_values(["omraade", "indikator"]).reset_index(drop=True)

    pct = out["enhed"].eq("pct")
    rate = out["enhed"].eq("pr_1000")
    out["forskel_enhed"] = np.where(pct, "procentpoint", np.where(rate, "forhold", "forskel"))
    for col in ("baseline", *REFERENCE_GEOGRAFIER):
        diff = out["vaerdi"] - out[col]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = out["vaerdi"] / out[col].where(out[col] != 0)
        out[f"forskel_{col}"] = np.where(rate, ratio, diff)
    ill_cols = ["illustrativ"] + [f"{c}_ill" for c in ("baseline", *REFERENCE_GEOGRAFIER)]
    out["illustrativ"] = out[ill_cols].fillna(False).astype(bool).any(axis=1)
    any_cmp = out[[f"forskel_{c}" for c in ("baseline", *REFERENCE_GEOGRAFIER)]].notna().any(axis=1)
    out = out[any_cmp]
    for col in ("aar", "baseline_aar", "sub_aar", "danmark_aar", "slagelse_kommune_aar"):
        out[col] = out[col].astype("Int64")
    return out[SAMMENLIGNING_KOLONNER].reset_index(drop=True)


# --------------------------------------------------------------------------- inputs and output for the CLI

#: Columns shown by ``helhedsanalyse status --format table``.
TABEL_KOLONNER = ["kriterium", "omraade", "sidste_periode", "vaerdi", "maal", "status_tekst"]


def _is_vurderinger_file(path) -> bool:
    from pathlib import Path

    return Path(path).name.lower().startswith("vurdering")


def shipped_inputs(
    data: list[str] | None = None, plan: Plan | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """Observations, references and evaluator's assessments for :func:`status_table`.

    Parameters
    ----------
    data : list of str, optional
        Files or folders of observations (CSV/Excel). Files whose name starts with ``vurdering`` are
        read as the evaluator's assessments. Default: everything in ``data/eksempel/`` (the
        illustrative follow-up data and ``vurderinger_ILLUSTRATIV.csv``).
    plan : Plan, optional

    Returns
    -------
    (observations, references, vurderinger)
        The observations include the plan's own baseline tables (``load_baseline()``) and the
        references are ``load_reference()``, where those modules are available.
    """
    from pathlib import Path

    from .plan import DATA_DIR
    from .vurderinger import load_vurderinger

    plan = plan or load_plan()
    paths = [Path(p) for p in data] if data else [DATA_DIR / "eksempel"]
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.suffix.lower() in (".csv", ".xlsx", ".xlsm")))
        else:
            files.append(p)
    vur_files = [f for f in files if _is_vurderinger_file(f)]
    obs_files = [f for f in files if not _is_vurderinger_file(f)]
    frames = []
    if obs_files:
        from .observations import load_observations

        frames.append(load_observations([str(f) for f in obs_files], plan))
    try:
        from .baseline import load_baseline

        frames.append(load_baseline(plan=plan))
    except ImportError:  # pragma: no cover - the baseline module is optional
        pass
    references = None
    try:
        from .reference import load_reference

        references = load_reference(plan=plan)
    except ImportError:  # pragma: no cover
        pass
    observations = concat_observations(frames)
    vurderinger = load_vurderinger([str(f) for f in vur_files], plan) if vur_files else None
    return observations, references, vurderinger


def _json_safe(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_json_safe(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, np.generic):
        return _json_safe(x.item())
    return x


def format_status(table: pd.DataFrame, fmt: str = "table") -> str:
    """The status table as text: ``table`` (readable in a terminal), ``csv`` or ``json``."""
    if fmt == "json":
        records = table.astype(object).where(table.notna(), None).to_dict("records")
        return json.dumps(_json_safe(records), ensure_ascii=False, indent=1, default=str)
    if fmt == "csv":
        out = table.copy()
        out["dele"] = out["dele"].map(lambda d: json.dumps(_json_safe(d), ensure_ascii=False))
        return out.to_csv(index=False)
    if fmt != "table":
        raise ValueError(f"ukendt format '{fmt}'; gyldige: table, csv, json")
    show = table[TABEL_KOLONNER].copy()
    show["vaerdi"] = [format_vaerdi(v, e) for v, e in zip(table["vaerdi"], table["enhed"])]
    show["sidste_periode"] = show["sidste_periode"].fillna("–")
    show.columns = ["Kriterium", "Område", "Periode", "Værdi", "Mål", "Status"]
    show["Mål"] = show["Mål"].map(lambda s: s if len(s) <= 48 else s[:47] + "…")
    lines = []
    if bool(table["illustrativ"].any()):
        lines.append("BEMÆRK: bygger på ILLUSTRATIVE DATA (ikke rigtige tal).")
    counts = table["status_tekst"].value_counts()
    lines.append("; ".join(f"{label}: {n}" for label, n in counts.items()))
    lines.append(show.to_string(index=False))
    return "\n".join(lines)
