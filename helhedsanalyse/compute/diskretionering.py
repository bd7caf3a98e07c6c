"""Diskretionering: which numbers a published report may not show, so that no person can be identified.

The rules (also in ``docs/metode.md``, "Diskretionering")
---------------------------------------------------------
Only *sensitive* indicators are suppressed (``foelsom: true`` in ``data/plan/indikatorer.yaml``: persons in
matters of crime, drugs, children, benefits and education), and only for the four areas and ``samlet``
(reference geographies are published aggregates). The threshold ``graense`` is 5 unless the report is
rendered with another one (``helhedsanalyse render --graense N``, notebook parameter
``diskretionering_graense``; ``helhedsanalyse status`` and ``lister`` take the same option).

1. **Primary suppression, on the count behind a number.** A count (unit ``antal``) above 0 and below the
   threshold is shown as ``<5``. A share or rate (``pct``, ``pr_1000``) is not shown at all, nor are its
   tæller and nævner, when the persons behind it are few: the tæller above 0 and below the threshold, the
   nævner above 0 and below it, or the complement nævner − tæller above 0 and below it (48 of 50 says that
   2 are not). The tæller is the one given in the data, or, when only the value and the nævner are given,
   the one the value implies: værdi × nævner / 100 (/ 1000 for rates) -- 10 % of 30 is 3 persons, and
   ``samlet`` adds exactly that 3 into its own tæller. A rate without a nævner uses the nævner ``samlet``
   borrows for it (the nearest year with one). Zero is shown: it identifies nobody.
2. **Secondary suppression.** Where a total is the sum of its parts, a suppressed cell could be recovered by
   subtraction if it were the only suppressed cell of its group. The groups are: ``samlet`` = the sum of the
   areas it is formed of (``samlet: sum``: counts; ``ratio``: tællere and nævnere), year by year; in the
   delivery table samlet = the sum of the areas in every quarter and in the year to date, and the year to
   date = the sum of its quarters (``aarsopgoerelse: sum``); and the delivery table's year to date *is* the
   area's yearly value in the value tables when the two are the same number, so the groups of both tables
   are solved as one. Whenever a group that shows its total has exactly one suppressed cell, one more cell is
   suppressed: the smallest part still shown that is not 0 (fewest counts; for shares the smallest tæller,
   then nævner; a 0 protects nothing, since a reader who can tell it is 0 can subtract the rest), or the
   total when no such part is left. This is repeated until no group has exactly one suppressed cell, and
   a final check solves all the sums of an indicator and year together (linear algebra) and hides one more
   neighbour of any cell still pinned down, until none is. Secondarily suppressed cells are shown as
   ``(diskretioneret)``, never as ``<5``, since their value may be large.
3. **Everything under one.** The rules are applied once to the whole data set (every sensitive indicator,
   area, year and quarter), independent of the round, so the area reports, both rounds (which share the
   years up to 2018) and the delivery tables of every year give the same cells and never together allow a
   subtraction.
4. **Texts.** Suppressed values are left out of figures; an explanation, uncertainty or projection
   sentence built on a suppressed number is replaced by a sentence saying so (in the reports and in
   ``helhedsanalyse status``, every format); numbers in the loader's notes and in the ``bemaerkning`` of a
   value that quote a suppressed value (or a sum with a suppressed part, "de øvrige giver 284") are
   replaced by ``(diskretioneret)``. The status itself is computed from the full figures.

:func:`primaer` decides rule 1 for one cell, :func:`sekundaer` applies rule 2 to any cells and groups,
:func:`marker_indikatorer` applies both to a data set (the yearly indicator table, and the delivery
table's quarters from the observations), :func:`diskretioner_status` makes the status table publishable,
and :func:`rens_bemaerkning` / :func:`rens_note` clean texts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from ..plan import RUNDE_SIDSTE_AAR
from .indicators import SKALA, samlet_omraader

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..plan.model import Indikator, Plan

__all__ = [
    "GRAENSE",
    "PRIMAER",
    "SEKUNDAER",
    "SKJULT",
    "Celle",
    "Gruppe",
    "bygger_paa_skjult",
    "diskretioner_status",
    "forklaring_udeladt",
    "leverance_indikatorer",
    "leverancetal",
    "lille",
    "marker",
    "marker_indikatorer",
    "primaer",
    "rens_bemaerkning",
    "rens_note",
    "rens_noter",
    "sekundaer",
    "skjulte_aar",
    "synlige_omraader",
    "taeller_bag",
    "tekst",
]

#: The default threshold: counts 1-4 are not shown.
GRAENSE = 5

PRIMAER = "primaer"
SEKUNDAER = "sekundaer"

#: How a suppressed value is shown where "<5" would say too much (secondary, shares, numbers in texts).
SKJULT = "(diskretioneret)"

#: Units that are plain counts (the value itself is the number of persons or events).
ANTAL_ENHEDER = frozenset({"antal"})

#: The delivery table's columns: the quarters, and the year to date.
KVARTALER = ("K1", "K2", "K3", "K4")
AAR_TIL_DATO = "ytd"


def _tal(x: Any) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return math.nan
    return v


def _finite(x: Any) -> bool:
    return math.isfinite(_tal(x))


def lille(x: Any, graense: int = GRAENSE) -> bool:
    """True for a finite number above 0 and below ``graense`` (a small count).

    Counts derived from a rounded share (9,7 % of 30 = 2,91) are small too; float noise around 0 is not
    (``round(x, 6)``).
    """
    v = _tal(x)
    return math.isfinite(v) and 0 < round(v, 6) < graense


def taeller_bag(enhed: str | None, vaerdi: Any = None, taeller: Any = None, naevner: Any = None) -> float:
    """The count behind a share or rate: the tæller given, else værdi × nævner / 100 (/ 1000); NaN if unknown.

    >>> taeller_bag("pct", 10.0, None, 30), taeller_bag("pct", 10.0, 4, 30), taeller_bag("antal", 3, None, 30)
    (3.0, 4.0, nan)
    """
    t = _tal(taeller)
    if math.isfinite(t):
        return t
    v, n = _tal(vaerdi), _tal(naevner)
    if enhed in SKALA and math.isfinite(v) and math.isfinite(n) and n > 0:
        return v * n / SKALA[enhed]
    return math.nan


def primaer(enhed: str | None, vaerdi: Any = None, taeller: Any = None, naevner: Any = None,
            graense: int = GRAENSE) -> bool:
    """Rule 1 for one cell: a small count, or a share or rate whose tæller (given or implied by the value and
    the nævner), nævner or complement (nævner − tæller) is small.

    >>> primaer("antal", 3), primaer("antal", 0), primaer("pct", 60.0, 3, 5), primaer("pct", 60.0, 30, 50)
    (True, False, True, False)
    >>> primaer("pct", 10.0, None, 30), primaer("pct", 96.0, 48, 50), primaer("pct", 100.0, 50, 50)
    (True, True, False)
    """
    if enhed in ANTAL_ENHEDER and lille(vaerdi, graense):
        return True
    t = taeller_bag(enhed, vaerdi, taeller, naevner)
    n = _tal(naevner)
    if lille(t, graense) or lille(n, graense):
        return True
    return enhed in SKALA and math.isfinite(t) and math.isfinite(n) and lille(n - t, graense)


@dataclass(frozen=True)
class Celle:
    """One published number: a count (``enhed`` antal) or a share/rate with the counts behind it."""

    enhed: str | None
    vaerdi: float
    taeller: float = math.nan
    naevner: float = math.nan

    def primaer(self, graense: int = GRAENSE) -> bool:
        return primaer(self.enhed, self.vaerdi, self.taeller, self.naevner, graense)

    @property
    def stoerrelse(self) -> tuple[float, ...]:
        """What "smallest" means for rule 2: the count; for shares the tæller, then the nævner."""
        if self.enhed in ANTAL_ENHEDER:
            return (self.vaerdi,)
        return (taeller_bag(self.enhed, self.vaerdi, self.taeller, self.naevner), _tal(self.naevner), self.vaerdi)


@dataclass(frozen=True)
class Gruppe:
    """A total and the parts it is the sum of (cell keys; cells that are not shown are left out)."""

    total: Hashable
    dele: tuple[Hashable, ...]


def _noegle(stoerrelse: Any) -> tuple[float, ...]:
    if isinstance(stoerrelse, tuple):
        vals = stoerrelse
    else:
        vals = (stoerrelse,)
    return tuple(v if math.isfinite(v) else math.inf for v in (_tal(x) for x in vals))


def sekundaer(undertrykt: Iterable[Hashable], stoerrelse: Mapping[Hashable, Any],
              grupper: Iterable[Gruppe]) -> set[Hashable]:
    """Rule 2: the cells to suppress in addition to ``undertrykt`` so that nothing can be subtracted back.

    Parameters
    ----------
    undertrykt : the primarily suppressed cells.
    stoerrelse : every *shown* cell (cells that are not in the report are not keys) -> its size, a number
        or a tuple compared in order (the smallest part is suppressed first; ties in the parts' order).
    grupper : the totals and their parts.

    Returns
    -------
    set
        The secondarily suppressed cells (never one of ``undertrykt``).

    >>> g = [Gruppe("samlet", ("a", "b", "c", "d"))]
    >>> sorted(sekundaer({"a"}, {"samlet": 40, "a": 3, "b": 12, "c": 9, "d": 16}, g))
    ['c']
    >>> sorted(sekundaer({"a", "b"}, {"samlet": 40, "a": 3, "b": 4, "c": 9, "d": 16}, g))
    []
    >>> sorted(sekundaer({"a"}, {"samlet": 3, "a": 3}, g))
    ['samlet']
    """
    primary = set(undertrykt)
    hidden = set(primary)
    grupper = [Gruppe(g.total, tuple(p for p in g.dele if p in stoerrelse)) for g in grupper if g.total in stoerrelse]
    grupper = [g for g in grupper if g.dele]
    order = {c: i for i, c in enumerate(stoerrelse)}

    def zero(c: Hashable) -> bool:
        return _noegle(stoerrelse[c])[0] == 0

    def smallest(cells: Iterable[Hashable]) -> Hashable:
        # a 0 is shown by rule 1 and protects nothing (a reader who learns it is 0 learns the rest): last
        return min(cells, key=lambda c: (zero(c), _noegle(stoerrelse[c]), order[c]))

    while True:
        changed = True
        while changed:  # the rule: no group with exactly one suppressed cell
            changed = False
            for g in grupper:
                if sum(c in hidden for c in (g.total, *g.dele)) != 1:
                    continue
                shown = [p for p in g.dele if p not in hidden]
                if shown and all(zero(p) for p in shown) and g.total not in hidden:
                    hidden.add(g.total)  # only zeros left: the total
                else:
                    hidden.add(smallest(shown) if shown else g.total)
                changed = True
        # The rule is enough for one total and its parts. Where groups cross (rows and columns), a pattern
        # can still pin a cell down through several sums; such a cell gets one more shown neighbour hidden.
        pinned = _bestemte(hidden, grupper)
        if not pinned:
            return hidden - primary
        cell = pinned[0]
        near = [c for g in grupper if cell in (g.total, *g.dele) for c in (g.total, *g.dele) if c not in hidden]
        if not near:
            near = [c for g in grupper if any(x in hidden for x in (g.total, *g.dele))
                    for c in (g.total, *g.dele) if c not in hidden]
        if not near:  # pragma: no cover - everything in reach is hidden already
            return hidden - primary
        hidden.add(smallest(near))


def _bestemte(hidden: set, grupper: Sequence[Gruppe]) -> list:
    """The hidden cells whose value follows exactly from the shown cells and the groups' sums.

    Each group says total - sum(parts) = 0; with the shown cells known, a hidden cell is determined when its
    unit vector lies in the row space of the equations restricted to the hidden cells.
    """
    import numpy as np

    cells = [c for c in dict.fromkeys(c for g in grupper for c in (g.total, *g.dele)) if c in hidden]
    if not cells:
        return []
    index = {c: i for i, c in enumerate(cells)}
    rows = []
    for g in grupper:
        row = np.zeros(len(cells))
        for c, sign in [(g.total, 1.0), *[(p, -1.0) for p in g.dele]]:
            if c in index:
                row[index[c]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return []
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    out = []
    for c, i in index.items():
        e = np.zeros(len(cells))
        e[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            out.append(c)
    return out


def marker(celler: Mapping[Hashable, Celle], grupper: Iterable[Gruppe], graense: int = GRAENSE) -> dict[Hashable, str]:
    """Rules 1 and 2 on one set of cells and the sums between them: ``key -> "primaer" | "sekundaer"``."""
    primary = {c for c, x in celler.items() if x.primaer(graense)}
    secondary = sekundaer(primary, {c: x.stoerrelse for c, x in celler.items()}, grupper)
    return {**{c: PRIMAER for c in primary}, **{c: SEKUNDAER for c in secondary}}


# --------------------------------------------------------------------------- the delivery table's numbers


def leverance_indikatorer(plan: Plan) -> list[str]:
    """The indicators of the delivery table: activity criteria measured quarterly with a yearly minimum."""
    out: list[str] = []
    for k in plan.kriterier:
        if (k.maalefrekvens == "kvartalsvis" and k.indikator and any(m.type == "mindst_antal" for m in k.maal)
                and k.indikator not in out):
            out.append(k.indikator)
    return out


def leverancetal(observations: pd.DataFrame, plan: Plan, indikator: str,
                 aar: int) -> tuple[dict[str, tuple[dict[str, float], float]], bool]:
    """The numbers of the delivery table for one indicator and year, exactly as it shows them.

    Returns per area (and ``samlet``) the quarters ``K1``-``K4`` of ``aar`` and the year to date, and
    whether samlet was given in the data (else it is the sum of the areas, for indicators whose samlet is
    ``sum``). The year to date is the sum of the quarters (``aarsopgoerelse: sum``), their maximum
    (``maks``) or the latest (``sidste``, ``gennemsnit``); without quarters the whole-year row.
    """
    obs = observations
    ind = plan.indikator[indikator]
    sel = obs[(obs["indikator"] == indikator) & (obs["aar"] == aar)]
    present = set(sel["omraade"])
    areas = [a for a in plan.omraade_ids if a != "samlet" and a in present]
    given = "samlet" in present
    delperiode = sel["delperiode"] if "delperiode" in sel else sel["periode"].astype(str).str[4:]
    per_area: dict[str, tuple[dict[str, float], float]] = {}
    for a in areas + (["samlet"] if given else []):
        mask = sel["omraade"] == a
        src, dp = sel[mask], delperiode[mask]
        q = {}
        for qi in range(1, 5):
            v = src[dp == f"Q{qi}"]["vaerdi"]
            q[f"K{qi}"] = float(v.sum()) if len(v) else math.nan
        whole = src[dp == ""]["vaerdi"]
        known = [v for v in q.values() if _finite(v)]
        if ind.aarsopgoerelse == "sum":
            ytd = sum(known) if known else (float(whole.sum()) if len(whole) else math.nan)
        elif ind.aarsopgoerelse == "maks":
            ytd = max(known + list(whole)) if (known or len(whole)) else math.nan
        else:  # sidste / gennemsnit: the latest figure of the year
            ytd = known[-1] if known else (float(whole.iloc[-1]) if len(whole) else math.nan)
        per_area[a] = (q, ytd)
    if per_area and "samlet" not in per_area and ind.samlet == "sum":
        # samlet is the sum of the areas (never given directly here)
        q = {f"K{qi}": math.fsum(per_area[a][0][f"K{qi}"] for a in areas if _finite(per_area[a][0][f"K{qi}"]))
             if any(_finite(per_area[a][0][f"K{qi}"]) for a in areas) else math.nan for qi in range(1, 5)}
        ytd = math.fsum(per_area[a][1] for a in areas if _finite(per_area[a][1]))
        per_area["samlet"] = (q, ytd)
    return per_area, given


# --------------------------------------------------------------------------- the data set


def _laante_naevnere(df: pd.DataFrame) -> dict[tuple[str, str, int], float]:
    """For cells of shares and rates without a nævner: the nævner samlet borrows (the nearest year's; the
    earlier one on a tie), as :func:`helhedsanalyse.indicators.add_samlet` does."""
    import numpy as np
    import pandas as pd

    n = pd.to_numeric(df["naevner"], errors="coerce")
    lacking = df[~(n > 0)]
    if lacking.empty:
        return {}
    have = df[n > 0]
    series = {k: g[["aar", "naevner"]].to_numpy(dtype=float) for k, g in have.groupby(["omraade", "indikator"])}
    out = {}
    for o, i, aar in zip(lacking["omraade"], lacking["indikator"], lacking["aar"], strict=True):
        arr = series.get((o, i))
        if arr is None or not len(arr):
            continue
        j = int(np.argmin(np.abs(arr[:, 0] - aar) + arr[:, 0] * 1e-9))
        out[(o, i, int(aar))] = float(arr[j, 1])
    return out


def marker_indikatorer(indikatorer: pd.DataFrame, plan: Plan, graense: int = GRAENSE,
                       observations: pd.DataFrame | None = None) -> dict[tuple, str]:
    """Rules 1 and 2 on a whole data set: the yearly values of the value tables and the quarters of the
    delivery tables, solved together per indicator and year.

    Parameters
    ----------
    indikatorer : :func:`helhedsanalyse.indicators.compute_indicators` (columns ``omraade, indikator, aar,
        vaerdi, taeller, naevner``).
    plan : the plan (which indicators are sensitive, their unit, how samlet is formed and of which areas).
    graense : the threshold.
    observations : the observations (data contract); gives the delivery table's quarters (every year with
        data, for the indicators of :func:`leverance_indikatorer`). None: the yearly values only.

    Returns
    -------
    dict
        ``(omraade, indikator, aar) -> "primaer" | "sekundaer"`` for every suppressed yearly value of the
        four areas and samlet, and ``(omraade, indikator, aar, "K1".."K4" | "ytd")`` for every suppressed
        cell of the delivery table (the year to date also under its yearly key when it is the same number);
        cells not in the dict are shown.
    """
    foelsomme = {i.id: i for i in plan.indikatorer if i.foelsom}
    celler, grupper = _vaerdi_celler(indikatorer, plan, foelsomme)
    aliases = _leverance_celler(observations, plan, foelsomme, celler, grupper)
    return _loes(celler, grupper, aliases, graense)


_Celler = dict[tuple[str, int], dict[Hashable, Celle]]
_Grupper = dict[tuple[str, int], list[Gruppe]]


def _vaerdi_celler(indikatorer: pd.DataFrame | None, plan: Plan, foelsomme: Mapping[str, Indikator]
                   ) -> tuple[_Celler, _Grupper]:
    """The value tables' yearly values of the sensitive indicators as cells, with samlet as the sum of its areas."""
    import pandas as pd

    steder = list(plan.omraade_ids)
    celler: _Celler = {}
    grupper: _Grupper = {}
    if indikatorer is not None and len(indikatorer):
        df = indikatorer[indikatorer["indikator"].isin(list(foelsomme)) & indikatorer["omraade"].isin(steder)]
        df = df.assign(vaerdi=pd.to_numeric(df["vaerdi"], errors="coerce"))
        df = df[df["vaerdi"].notna()]
        for col in ("taeller", "naevner"):
            if col not in df:
                df = df.assign(**{col: math.nan})
        laant = _laante_naevnere(df)
        for o, i, aar, v, t, n in zip(df["omraade"], df["indikator"], df["aar"], df["vaerdi"], df["taeller"],
                                      df["naevner"], strict=True):
            ind, aar = foelsomme[i], int(aar)
            n = _tal(n)
            if not n > 0 and ind.enhed in SKALA:
                n = laant.get((o, i, aar), math.nan)
            celler.setdefault((i, aar), {})[(o, i, aar)] = Celle(ind.enhed, float(v), _tal(t), n)
        for (i, aar), cs in celler.items():
            if foelsomme[i].samlet in ("sum", "ratio") and ("samlet", i, aar) in cs:
                parts = tuple((o, i, aar) for o in samlet_omraader(plan, i))
                grupper.setdefault((i, aar), []).append(Gruppe(("samlet", i, aar), parts))
    return celler, grupper


def _leverance_celler(observations: pd.DataFrame | None, plan: Plan, foelsomme: Mapping[str, Indikator],
                      celler: _Celler, grupper: _Grupper) -> dict[tuple, tuple]:
    """Add the delivery tables' quarters and year to date as cells; the year-to-date keys that are a yearly cell."""
    aliases: dict[tuple, tuple] = {}
    if observations is not None and len(observations):
        for i in leverance_indikatorer(plan):
            if i not in foelsomme:
                continue
            years = sorted({int(a) for a in observations.loc[observations["indikator"] == i, "aar"]})
            for aar in years:
                _leverance_aar(observations, plan, foelsomme[i], aar, celler.setdefault((i, aar), {}),
                               grupper.setdefault((i, aar), []), aliases)
    return aliases


def _leverance_aar(observations: pd.DataFrame, plan: Plan, ind: Indikator, aar: int, cs: dict[Hashable, Celle],
                   gs: list[Gruppe], aliases: dict[tuple, tuple]) -> None:
    """One indicator's delivery table of one year: its cells, and the sums that tie them together."""
    i = ind.id
    per_area, _ = leverancetal(observations, plan, i, aar)
    ytd_key: dict[str, tuple] = {}
    for a, (q, ytd) in per_area.items():
        for k, v in q.items():
            if _finite(v):
                cs[(a, i, aar, k)] = Celle("antal", float(v))
        if not _finite(ytd):
            continue
        yearly = (a, i, aar)
        if (ind.enhed in ANTAL_ENHEDER and yearly in cs
                and math.isclose(cs[yearly].vaerdi, ytd, rel_tol=1e-9, abs_tol=1e-9)):
            ytd_key[a] = yearly  # the same number as the value table's: one cell
            aliases[(a, i, aar, AAR_TIL_DATO)] = yearly
        else:
            ytd_key[a] = (a, i, aar, AAR_TIL_DATO)
            cs[ytd_key[a]] = Celle("antal", float(ytd))
    areas = [a for a in per_area if a != "samlet"]
    if "samlet" in per_area and ind.samlet == "sum":
        gs += [Gruppe(("samlet", i, aar, k), tuple((a, i, aar, k) for a in areas)) for k in KVARTALER]
        if "samlet" in ytd_key:
            gs.append(Gruppe(ytd_key["samlet"], tuple(ytd_key[a] for a in areas if a in ytd_key)))
    if ind.aarsopgoerelse == "sum":
        gs += [Gruppe(ytd_key[a], tuple((a, i, aar, k) for k in KVARTALER))
               for a, (q, _) in per_area.items() if a in ytd_key and any(_finite(q[k]) for k in KVARTALER)]


def _loes(celler: _Celler, grupper: _Grupper, aliases: dict[tuple, tuple], graense: int) -> dict[tuple, str]:
    """Rules 1 and 2 solved per indicator and year; a year to date shares its yearly cell's mark."""
    out: dict[tuple, str] = {}
    for comp, cs in celler.items():
        out.update(cast(dict[tuple, str], marker(cs, grupper.get(comp, []), graense)))  # the keys built above
    for alias, key in aliases.items():
        if key in out:
            out[alias] = out[key]
    return out


# --------------------------------------------------------------------------- texts


def tekst(graense: int = GRAENSE) -> str:
    """The rule in one Danish paragraph, for the report's title block (plain text; escape it for HTML)."""
    return (
        f"Til: antal under {graense} i følsomme indikatorer (personer i sager om kriminalitet, misbrug, børn, "
        f"uddannelse og ydelser) vises som <{graense}, og andele og rater vises ikke, når tælleren (opgivet eller "
        f"regnet af værdi og nævner), nævneren eller forskellen mellem dem er under {graense}. Kunne en skjult "
        "værdi regnes ud som samlet minus de andre områder (eller år til dato minus de andre kvartaler), skjules "
        "også den mindste af de andre værdier eller det samlede tal (sekundær diskretionering, vist som "
        "“(diskretioneret)”). Skjulte værdier udelades af figurer, forklaringer og noter; status er beregnet på "
        "de fulde tal."
    )


def forklaring_udeladt(graense: int = GRAENSE) -> str:
    """The sentence that replaces an explanation built on a suppressed number."""
    return ("Forklaringen med tal er udeladt, fordi den bygger på tal, der er diskretioneret "
            f"(antal under {graense}, eller skjult, så de ikke kan regnes ud); status er beregnet på de fulde tal.")


def synlige_omraader(skjult: Mapping[str, bool], omraader: Sequence[str]) -> list[str]:
    """The series a figure may draw: those without a hidden cell, and never exactly one area left out.

    ``skjult`` maps each series (area or ``samlet``) to whether any of its cells in the table is
    suppressed. A figure that draws samlet and all areas but one would show the missing area by
    subtraction, so then samlet is left out too.
    """
    vis = [o for o in omraader if not skjult.get(o, False)]
    areas = [o for o in omraader if o != "samlet"]
    missing = [o for o in areas if o not in vis]
    if len(missing) == 1 and "samlet" in vis:
        vis.remove("samlet")
    return vis


def skjulte_aar(maske: Mapping[tuple, str]) -> dict[tuple[str, str], set[int]]:
    """``(omraade, indikator) -> the years with a suppressed yearly value``."""
    out: dict[tuple[str, str], set[int]] = {}
    for key in maske:
        if len(key) == 3:
            out.setdefault((key[0], key[1]), set()).add(int(key[2]))
    return out


def bygger_paa_skjult(aar: Mapping[tuple[str, str], set[int]], plan: Plan, omraade: str, indikator: str,
                      sidste_aar: int) -> bool:
    """Does an explanation of ``omraade`` up to ``sidste_aar`` rest on a suppressed value?

    ``aar`` is :func:`skjulte_aar`. An area's explanation quotes the area's own values; samlet's also quotes
    the areas (a partial sum "Motalavej, Ringparken og Sydbyen giver 281", an area that misses its own
    target), so any suppressed area counts for samlet.
    """
    places = [omraade] + ([o for o in plan.omraade_ids if o != "samlet"] if omraade == "samlet" else [])
    return any(y <= sidste_aar for p in places for y in aar.get((p, indikator), ()))


# --------------------------------------------------------------------------- numbers in texts

#: A number in a text: 3, 1.250, 72,4, 0.75 (never part of a word: A2, 2018Q3, række(r)).
_TAL_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w]|[.,]\d)")
#: Row references in the loader's notes: "række 5", "rækker 2-4", "række 3 og 7".
_RAEKKE_RE = re.compile(r"\brække(?:r|rne)?\s+\d+(?:\s*(?:-|–|,|og)\s*\d+)*", re.IGNORECASE)


def _parse_tal(text: str) -> float:
    """A number as written in a text (Danish or English decimals, Danish thousands)."""
    if "," in text:
        return _tal(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return _tal(text.replace(".", ""))
    return _tal(text)


def _udskift_tal(tekst: str, skal_skjules: Callable[[str, float], bool], beskyt: Iterable[tuple[int, int]] = ()) -> str:
    spans = list(beskyt)

    def sub(m: re.Match[str]) -> str:
        if any(a <= m.start() and m.end() <= b for a, b in spans):
            return m.group(0)
        return SKJULT if skal_skjules(m.group(0), _parse_tal(m.group(0))) else m.group(0)

    out = _TAL_RE.sub(sub, tekst)
    return out.replace(f"({SKJULT})", SKJULT)


def _lig(x: float, vaerdier: Iterable[float]) -> bool:
    return any(math.isfinite(v) and abs(x - v) <= max(0.05, 1e-6 * abs(v)) for v in vaerdier)


def rens_note(tekst: str, vaerdier: Iterable[Any] = ()) -> str:
    """A loader note about rows whose values are suppressed, without those values.

    Every number in the note becomes ``(diskretioneret)`` except the row numbers ("række 5", "rækker 2-4")
    and a year (2010-2030) that is not one of ``vaerdier`` (the rows' own numbers).

    >>> rens_note("række 5: værdien 12 passer ikke med tæller/nævner (10); værdien er brugt", [12, 3, 30])
    'række 5: værdien (diskretioneret) passer ikke med tæller/nævner (diskretioneret); værdien er brugt'
    """
    vals = [v for v in (_tal(x) for x in vaerdier) if math.isfinite(v)]
    beskyt = [m.span() for m in _RAEKKE_RE.finditer(tekst)]

    def skjul(text: str, x: float) -> bool:
        year = re.fullmatch(r"20[1-3]\d", text) is not None and 2010 <= x <= 2030
        return not (year and not _lig(x, vals))

    return _udskift_tal(tekst, skjul, beskyt)


def _raekker(tekst: str) -> list[int]:
    """The row numbers a note refers to ("række 5", "rækker 2-4", "række 3 og 7")."""
    out: list[int] = []
    for m in _RAEKKE_RE.finditer(tekst):
        for a, b in re.findall(r"(\d+)(?:\s*[-–]\s*(\d+))?", m.group(0)):
            lo, hi = int(a), int(b) if b else int(a)
            out.extend(range(lo, min(hi, lo + 10_000) + 1))
    return out


def rens_noter(noter: Mapping[str, Sequence[str]], data: pd.DataFrame | None, maske: Mapping[tuple, str],
               plan: Plan, graense: int = GRAENSE) -> dict[str, list[str]]:
    """The loader's notes (file -> notes, as :func:`helhedsanalyse.observations.validate_files` gives them)
    without the values of suppressed rows: a note that names a row (``række N``) of a sensitive indicator
    whose value is suppressed (its yearly value or its quarter in the delivery table, or its own numbers are
    small) gets :func:`rens_note`. ``data`` is the loaded observations (columns ``fil, raekke, omraade,
    indikator, aar, delperiode, vaerdi, taeller, naevner``)."""
    from pathlib import Path

    foelsomme = {i.id: i for i in plan.indikatorer if i.foelsom}
    steder = set(plan.omraade_ids)
    skjulte: dict[tuple[str, int], list[float]] = {}
    if data is not None and len(data):
        cols = ["fil", "raekke", "omraade", "indikator", "aar", "delperiode", "vaerdi", "taeller", "naevner"]
        d = data.reindex(columns=cols)
        for fil, raekke, o, i, aar, dp, v, t, n in d.itertuples(index=False, name=None):
            if i not in foelsomme or o not in steder or not _finite(raekke) or not _finite(aar):
                continue
            aar, dp = int(aar), dp if isinstance(dp, str) else ""
            keys = [(o, i, aar)] + ([(o, i, aar, "K" + dp[1:])] if dp.startswith("Q") else [])
            if any(k in maske for k in keys) or primaer(foelsomme[i].enhed, v, t, n, graense):
                skjulte.setdefault((str(Path(str(fil))), int(raekke)), []).extend([_tal(v), _tal(t), _tal(n)])
    out: dict[str, list[str]] = {}
    for fil, ns in noter.items():
        key = str(Path(str(fil)))
        new = []
        for note in ns:
            hits = [skjulte[(key, r)] for r in _raekker(note) if (key, r) in skjulte]
            new.append(rens_note(note, [x for h in hits for x in h]) if hits else note)
        out[fil] = new
    return out


def rens_bemaerkning(tekst: str, omraade: str, indikator: str, aar: int, maske: Mapping[tuple, str],
                     plan: Plan, graense: int = GRAENSE, vaerdier: Iterable[Any] = ()) -> str:
    """The ``bemaerkning`` of a value (indicators.py) without suppressed numbers.

    * "(de øvrige giver X)" (samlet of an incomplete year) and "beregnet af områderne giver X" (samlet given
      in the data) are sums of areas: X is hidden when an area of that year is suppressed, or X is a small
      count itself;
    * "(værdi X)" (rows left out as duplicates) and "som opgivet (X)" are values of the cell itself: hidden
      when the cell is suppressed, or (counts) when X is small;
    * in a suppressed cell, any other number equal to the cell's own ``vaerdier`` (value, tæller, nævner).
    """
    if not isinstance(tekst, str) or not tekst:
        return tekst
    ind = plan.indikator.get(indikator)
    antal = ind is not None and ind.enhed in ANTAL_ENHEDER
    cell_hidden = (omraade, indikator, aar) in maske
    areas = [o for o in plan.omraade_ids if o != "samlet"]
    area_hidden = any((o, indikator, aar) in maske for o in areas)

    def replace_in(pattern: str, hide: Callable[[list[float]], bool]) -> None:
        nonlocal tekst

        def sub(m: re.Match[str]) -> str:
            inner = m.group(2)
            nums = [_parse_tal(x) for x in _TAL_RE.findall(inner)]
            if hide(nums):
                inner = _TAL_RE.sub(SKJULT, inner)
            return m.group(1) + inner + m.group(3)

        tekst = re.sub(pattern, sub, tekst)

    small = lambda nums: antal and any(lille(x, graense) for x in nums)  # noqa: E731
    replace_in(r"(\(de øvrige giver )([^)]*)(\))", lambda nums: area_hidden or cell_hidden or small(nums))
    replace_in(r"(beregnet af områderne giver )(\S+?)(\.?(?:\s|$))",
               lambda nums: area_hidden or cell_hidden or small(nums))
    replace_in(r"(\(værdi )([^)]*)(\))", lambda nums: cell_hidden or small(nums))
    replace_in(r"(som opgivet \()([^)]*)(\))", lambda nums: cell_hidden or small(nums))
    if cell_hidden:
        vals = [v for v in (_tal(x) for x in vaerdier) if math.isfinite(v)]
        vals += [round(v, 1) for v in vals]
        tekst = _udskift_tal(tekst, lambda text, x: _lig(x, vals))
    return tekst.replace(f"({SKJULT})", SKJULT)


# --------------------------------------------------------------------------- the status table

#: Keys of a part (``dele``) of a status row that carry no number from the data.
_DEL_BEHOLD = ("type", "maal", "status", "status_tekst", "frist", "aar", "periode", "baseline_aar", "reference",
               "reference_aar", "illustrativ", "tilnaermet", "foreloebig", "gaelder")
_AAR_BEHOLD = ("aar", "naaet", "periode", "foreloebig")


def diskretioner_status(status: pd.DataFrame, indikatorer: pd.DataFrame, plan: Plan, graense: int = GRAENSE,
                        maske: Mapping[tuple, str] | None = None,
                        observations: pd.DataFrame | None = None) -> pd.DataFrame:
    """The status table for publication (``helhedsanalyse status`` without ``--uden-diskretionering``).

    Rows of sensitive indicators whose value or baseline is suppressed lose them (NaN), and rows whose
    explanation rests on a suppressed number (:func:`bygger_paa_skjult`) get the sentence of
    :func:`forklaring_udeladt` instead of the explanation, no uncertainty or projection sentence, no interval,
    projected value or progress ratio (each gives the value back), and parts (``dele``) without numbers.
    The statuses are left as computed from the full figures.

    Returns
    -------
    pandas.DataFrame
        A copy of ``status`` plus the column ``diskretionering``: ``""`` (nothing left out), ``"<5"`` (the
        value is a count below the threshold), ``"(diskretioneret)"`` (the value is left out) or
        ``"forklaring udeladt"`` (the value is shown, the explanation is not).
    """
    if maske is None:
        maske = marker_indikatorer(indikatorer, plan, graense, observations)
    out = status.copy()
    if out.empty:
        out["diskretionering"] = []
        return out
    cols = {c: list(out[c]) for c in _STATUS_TALKOLONNER if c in out.columns}
    marks = _udelad_skjulte(out, cols, plan, graense, maske, _publicerede(indikatorer))
    for c, values in cols.items():
        out[c] = values if c not in _STATUS_FLYDETAL else [_tal(x) for x in values]
    out["diskretionering"] = marks
    return out


#: Columns of a status row that carry numbers from the data or sentences built on them.
_STATUS_TALKOLONNER = ("vaerdi", "baseline", "forklaring", "usikkerhed", "fremskrivning", "ki_nedre", "ki_oevre",
                       "fremskrivning_vaerdi", "fremskridt", "dele")
#: Those of them that are numbers.
_STATUS_FLYDETAL = ("vaerdi", "baseline", "ki_nedre", "ki_oevre", "fremskrivning_vaerdi", "fremskridt")


def _publicerede(indikatorer: pd.DataFrame | None) -> set[tuple[str, str, int]]:
    """The (område, indikator, år) that have a published yearly value."""
    if indikatorer is None or not len(indikatorer):
        return set()
    ok = indikatorer[indikatorer["vaerdi"].notna()]
    return {(o, i, int(y)) for o, i, y in zip(ok["omraade"], ok["indikator"], ok["aar"], strict=True)}


def _udelad_skjulte(out: pd.DataFrame, cols: dict[str, list[Any]], plan: Plan, graense: int,
                    maske: Mapping[tuple, str], published: set[tuple[str, str, int]]) -> list[str]:
    """Leave the suppressed numbers out of the rows of sensitive indicators; the mark of each row."""
    marks = [""] * len(out)
    aar = skjulte_aar(maske)
    areas = [o for o in plan.omraade_ids if o != "samlet"]
    tekst_udeladt = forklaring_udeladt(graense)
    for pos, r in enumerate(out.to_dict("records")):
        ind_id, o = r.get("indikator"), r.get("omraade")
        ind = plan.indikator.get(ind_id) if isinstance(ind_id, str) else None
        if ind is None or not ind.foelsom or not isinstance(o, str) or o not in plan.omraade_ids:
            continue
        antal = ind.enhed in ANTAL_ENHEDER
        runde = r.get("runde")
        T = RUNDE_SIDSTE_AAR[runde] if runde in RUNDE_SIDSTE_AAR else max(RUNDE_SIDSTE_AAR.values())
        hidden = _Skjul(o, ind.id, antal, graense, maske, published, areas)
        v, y = r.get("vaerdi"), _year(r.get("sidste_aar"))
        skjul_v = hidden(v, y)
        skjul_b = hidden(r.get("baseline"), _year(r.get("baseline_aar")))
        if not (skjul_v or skjul_b or bygger_paa_skjult(aar, plan, o, ind.id, T)):
            continue
        if skjul_v:
            marks[pos] = f"<{graense}" if antal and lille(v, graense) else SKJULT
            cols["vaerdi"][pos] = math.nan
        else:
            marks[pos] = "forklaring udeladt"
        if skjul_b and "baseline" in cols:
            cols["baseline"][pos] = math.nan
        _udelad_forklaring(cols, pos, hidden, tekst_udeladt)
    return marks


def _udelad_forklaring(cols: dict[str, list[Any]], pos: int, hidden: _Skjul, tekst_udeladt: str) -> None:
    """A row's explanation, interval, projection and parts without the numbers they rest on."""
    for c in ("ki_nedre", "ki_oevre", "fremskrivning_vaerdi", "fremskridt"):
        if c in cols:
            cols[c][pos] = math.nan
    for c in ("usikkerhed", "fremskrivning"):
        if c in cols:
            cols[c][pos] = ""
    if "forklaring" in cols:
        cols["forklaring"][pos] = tekst_udeladt
    if "dele" in cols and isinstance(cols["dele"][pos], (list, tuple)):
        cols["dele"][pos] = [_del_uden_tal(d, hidden, tekst_udeladt) if isinstance(d, dict) else d
                             for d in cols["dele"][pos]]


def _year(x: Any) -> int | None:
    return int(x) if _finite(x) else None


@dataclass(frozen=True)
class _Skjul:
    """Is a value of one status row's (område, indikator) of year ``y`` suppressed? ``skjul(v, y)``."""

    omraade: str
    indikator: str
    antal: bool
    graense: int
    maske: Mapping[tuple, str]
    published: set[tuple[str, str, int]]
    areas: list[str]

    def __call__(self, v: Any, y: int | None) -> bool:
        if not _finite(v):
            return False
        if self.antal and lille(v, self.graense):
            return True
        if y is None:
            return False
        o, ind_id = self.omraade, self.indikator
        if (o, ind_id, y) in self.maske:
            return True
        # samlet of an incomplete year: a partial sum of the areas, hidden with any of them
        return (o == "samlet" and (o, ind_id, y) not in self.published
                and any((a, ind_id, y) in self.maske for a in self.areas))


def _del_uden_tal(d: dict[str, Any], hidden: _Skjul, tekst_udeladt: str) -> dict[str, Any]:
    new = {k: d[k] for k in _DEL_BEHOLD if k in d}
    b, by = d.get("baseline"), d.get("baseline_aar")
    if "baseline" in d:
        new["baseline"] = math.nan if hidden(b, _year(by)) else b
    if isinstance(d.get("aar_for_aar"), list):
        new["aar_for_aar"] = [{k: e[k] for k in _AAR_BEHOLD if k in e} for e in d["aar_for_aar"] if isinstance(e, dict)]
    new["forklaring"] = tekst_udeladt
    return new
