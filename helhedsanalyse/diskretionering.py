"""Diskretionering: which numbers a published report may not show, so that no person can be identified.

The rules (also in ``docs/metode.md``, "Diskretionering")
---------------------------------------------------------
Only *sensitive* indicators are suppressed (``foelsom: true`` in ``data/plan/indikatorer.yaml``: persons in
matters of crime, drugs, children, benefits and education), and only for the four areas and ``samlet``
(reference geographies are published aggregates). The threshold ``graense`` is 5 unless the report is
rendered with another one (``helhedsanalyse render --graense N``, notebook parameter
``diskretionering_graense``).

1. **Primary suppression.** A count (unit ``antal``) above 0 and below the threshold is shown as ``<5``.
   A share or rate (``pct``, ``pr_1000``, ...) whose numerator (tæller) or denominator (nævner) is above 0
   and below the threshold is not shown at all, nor are its tæller and nævner. Zero is shown: it
   identifies nobody.
2. **Secondary suppression.** Where a total is the sum of its parts -- ``samlet`` is the sum of the four
   areas for indicators whose ``samlet`` is ``sum`` (counts) or ``ratio`` (tællere and nævnere add up), and
   in the delivery table a year to date is the sum of its quarters -- a suppressed cell could be recovered
   by subtraction (e.g. samlet minus the other three areas) if it were the only suppressed cell of its
   group. So whenever a group (a total and its parts) that shows its total has exactly one suppressed
   cell, one more cell is suppressed: the smallest part still shown (fewest counts; for shares the
   smallest tæller, then nævner), or the total when no part is left. This is repeated until no group has
   exactly one suppressed cell; a cell can belong to several groups (rows and columns of the delivery
   table), so one suppression can call for another. Where groups cross, a cell can in rare patterns still
   be pinned down through several sums although no group has exactly one suppressed cell; a final check
   solves the table's sums (linear algebra) and hides one more neighbour of any such cell until none is
   left. Secondarily suppressed cells are shown as ``(diskretioneret)``, never as ``<5``, since their
   value may be large.
3. Suppressed values are left out of figures, and an explanation built on them is replaced by a
   sentence saying so; the status itself is computed from the full figures.

:func:`primaer` decides rule 1 for one cell, :func:`sekundaer` applies rule 2 to any cells and groups,
and :func:`marker_indikatorer` applies both to the yearly indicator table of a report, for every
sensitive indicator, area and year at once (so that the area reports, which each show one area, never
together allow a subtraction).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Hashable, Iterable, Mapping, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .plan import Plan

__all__ = [
    "GRAENSE",
    "PRIMAER",
    "SEKUNDAER",
    "Gruppe",
    "lille",
    "marker_indikatorer",
    "primaer",
    "sekundaer",
    "synlige_omraader",
    "tekst",
]

#: The default threshold: counts 1-4 are not shown.
GRAENSE = 5

PRIMAER = "primaer"
SEKUNDAER = "sekundaer"

#: Units that are plain counts (the value itself is the number of persons or events).
ANTAL_ENHEDER = frozenset({"antal"})


def _tal(x: Any) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return math.nan
    return v


def lille(x: Any, graense: int = GRAENSE) -> bool:
    """True for a finite number above 0 and below ``graense`` (a small count)."""
    v = _tal(x)
    return math.isfinite(v) and 0 < v < graense


def primaer(enhed: str | None, vaerdi: Any = None, taeller: Any = None, naevner: Any = None,
            graense: int = GRAENSE) -> bool:
    """Rule 1 for one cell: a small count, or a share or rate built on a small tæller or nævner.

    >>> primaer("antal", 3), primaer("antal", 0), primaer("pct", 60.0, 3, 5), primaer("pct", 60.0, 30, 50)
    (True, False, True, False)
    """
    if enhed in ANTAL_ENHEDER and lille(vaerdi, graense):
        return True
    return lille(taeller, graense) or lille(naevner, graense)


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

    def smallest(cells: Iterable[Hashable]) -> Hashable:
        return min(cells, key=lambda c: (_noegle(stoerrelse[c]), order[c]))

    while True:
        changed = True
        while changed:  # the rule: no group with exactly one suppressed cell
            changed = False
            for g in grupper:
                if sum(c in hidden for c in (g.total, *g.dele)) != 1:
                    continue
                shown = [p for p in g.dele if p not in hidden]
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


def marker_indikatorer(indikatorer: "pd.DataFrame", plan: "Plan", graense: int = GRAENSE) -> dict[tuple[str, str, int], str]:
    """Rules 1 and 2 on the yearly indicator table of a report.

    Parameters
    ----------
    indikatorer : :func:`helhedsanalyse.indicators.compute_indicators` (columns ``omraade, indikator, aar,
        vaerdi, taeller, naevner``).
    plan : the plan (which indicators are sensitive, their unit and how samlet is formed).
    graense : the threshold.

    Returns
    -------
    dict
        ``(omraade, indikator, aar) -> "primaer" | "sekundaer"`` for every suppressed cell of the four
        areas and samlet; cells not in the dict are shown.
    """
    import pandas as pd

    if indikatorer is None or len(indikatorer) == 0:
        return {}
    foelsomme = {i.id: i for i in plan.indikatorer if i.foelsom}
    areas = [o for o in plan.omraade_ids if o != "samlet"]
    steder = set(plan.omraade_ids)
    df = indikatorer[indikatorer["indikator"].isin(list(foelsomme)) & indikatorer["omraade"].isin(list(steder))]
    df = df[pd.to_numeric(df["vaerdi"], errors="coerce").notna()]
    out: dict[tuple[str, str, int], str] = {}
    for (ind_id, aar), group in df.groupby(["indikator", "aar"], sort=True):
        ind = foelsomme[ind_id]
        aar = int(aar)
        taeller = group["taeller"] if "taeller" in group else pd.Series(math.nan, index=group.index)
        naevner = group["naevner"] if "naevner" in group else pd.Series(math.nan, index=group.index)
        size: dict[str, Any] = {}
        primary: set[str] = set()
        for o, v, t, n in zip(group["omraade"], group["vaerdi"], taeller, naevner):
            size[o] = (_tal(v),) if ind.enhed in ANTAL_ENHEDER else (_tal(t), _tal(n), _tal(v))
            if primaer(ind.enhed, v, t, n, graense):
                primary.add(o)
        grupper = [Gruppe("samlet", tuple(areas))] if ind.samlet in ("sum", "ratio") else []
        secondary = sekundaer(primary, size, grupper)
        for o in primary:
            out[(o, ind_id, aar)] = PRIMAER
        for o in secondary:
            out[(o, ind_id, aar)] = SEKUNDAER
    return out


def tekst(graense: int = GRAENSE) -> str:
    """The rule in one Danish paragraph, for the report's title block (plain text; escape it for HTML)."""
    return (
        f"Til: antal under {graense} i følsomme indikatorer (personer i sager om kriminalitet, misbrug, børn, "
        f"uddannelse og ydelser) vises som <{graense}, og andele og rater med tæller eller nævner under "
        f"{graense} vises ikke. Kunne en skjult værdi regnes ud som samlet minus de andre områder (eller år "
        "til dato minus de andre kvartaler), skjules også den mindste af de andre værdier eller det samlede "
        "tal (sekundær diskretionering, vist som '(diskretioneret)'). Skjulte værdier udelades af figurer "
        "og forklaringer; status er beregnet på de fulde tal."
    )


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
