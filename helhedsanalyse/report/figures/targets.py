"""The target marks of a criterion figure: one drawing function per target kind (``Maal.type``).

:data:`TARGET_MARKS` maps each kind of the plan (:data:`~helhedsanalyse.plan.model.KRITERIE_TYPER`) to
the function that draws it; a new kind of target is drawn by adding one function and one entry.
Parameters of each kind in :mod:`helhedsanalyse.plan.model`.

=====================  ==============================================================================
``fast_maal``          horizontal target line ("Mål: ≤ 20 pr. 1000 i 2021") and the straight line from
                       the baseline to (``senest``, ``maal``)
``aarlig_aendring``    the compound target path b·(1 + pct/100)^(t − fra_aar) up to ``til_aar``
``aendring_i_vindue``  path to b·(1 + pct/100) at fra_aar + inden_for_aar, then flat ("fastholdes")
``mindst_antal``       horizontal line at ``mindst`` from ``fra_aar``; ``oevre`` as a light band; for
                       ``gennemsnit_pr_aar`` also the achieved average
``andel_af_kohorte``   horizontal line at ``mindst_pct`` from ``fra_aar``
``interval``           shaded band [``min``, ``max``] with its edges
``over_reference``     the reference geography's series as the target line, and the plan's printed
                       reference point (``reference_vaerdi`` in ``reference_aar``)
``nulpunkt``           the zero-point value as a dotted line ("Nulpunkt 2017"), the target if set,
                       else "Skal stige"/"Skal falde"
``retning``            dotted line at the baseline and the text "Skal falde"/"Skal stige"
``kvalitativ``         nothing (a qualitative criterion has no figure)
=====================  ==============================================================================

Artists carry a ``gid``: ``maal``, ``maalsti``, ``maal_interval``, ``gennemsnit``, ``frist``,
``nulpunkt``, ``reference:<geo>``, ``reference_planen``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ...compute.indicators import kort_navn
from ...core.formatting import NBSP, format_aendring, format_tal
from ...plan.model import (
    AarligAendring,
    AendringIVindue,
    AndelAfKohorte,
    FastMaal,
    Indikator,
    Interval,
    MindstAntal,
    Nulpunkt,
    OverReference,
    Plan,
    RetningMaal,
)
from .canvas import Legend
from .labels import kort_tal, vaerdi
from .theme import BLAA, GRAA, REFERENCE_STIL, STI_STREG
from .values import indicator_series, uden_huller

_OP_TEKST = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}

#: How a count target is reckoned, in words.
OPGOERELSE_TEKST = {"hvert_aar": "hvert år", "gennemsnit_pr_aar": "i gennemsnit pr. år", "i_alt": "i alt"}


@dataclass(frozen=True)
class Part:
    """One target part of the criterion for the area, with its style and its shown baseline.

    ``baseline_aar`` is ``None`` (and ``baseline`` NaN) when the part has no baseline or it is a small
    count that must not be shown.
    """

    maal: Any
    farve: str
    dash: Any
    baseline: float
    baseline_aar: int | None


@dataclass
class CriterionDrawing:
    """What the phases of one criterion figure share: the axes, the data, and what has been drawn.

    ``ys`` collects every value drawn (for the y limits), ``notes`` the direction texts placed in a
    free corner at the end, ``drawn_refs`` the reference geographies already drawn as a target.
    """

    ax: Axes
    plan: Plan
    indikatorer: pd.DataFrame
    indikator: Indikator
    sidste_aar: int
    area: pd.DataFrame
    x_lo: int
    x_hi: int
    illustrativ: bool = False
    legend: Legend = field(default_factory=Legend)
    ys: list[float] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    drawn_refs: set[str] = field(default_factory=set)
    path_drawn: bool = False

    @property
    def enhed(self) -> str:
        return self.indikator.enhed

    def reference(self, geo: str) -> pd.DataFrame:
        """The reference geography's values of the indicator up to the round's last year."""
        return indicator_series(self.indikatorer, geo, self.indikator.id, self.sidste_aar)

    def take(self, frame: pd.DataFrame) -> None:
        """Count the drawn rows' values in the y limits, and their illustrative mark in the figure's."""
        self.ys.extend(float(v) for v in frame["vaerdi"])
        self.illustrativ |= bool(frame["illustrativ"].any())


# --------------------------------------------------------------------------- marks shared with the delivery figure


def target_line(ax: Axes, x: tuple[float, float], y: float, farve: str, dash: Any, lw: float = 1.7) -> Line2D:
    """A horizontal target line from ``x[0]`` to ``x[1]``."""
    (h,) = ax.plot(list(x), [y, y], color=farve, ls=dash, lw=lw, zorder=2, gid="maal")
    return h


def mindst_marks(ax: Axes, x: tuple[float, float], mindst: float, oevre: float | None, farve: str, dash: Any) -> Any:
    """The line at ``mindst`` and, with an upper limit, the band up to ``oevre``; the legend handle."""
    if oevre is None:
        return target_line(ax, x, mindst, farve, dash)
    band = ax.fill_between(list(x), [mindst] * 2, [oevre] * 2, color=farve, alpha=0.12, lw=0, zorder=1,
                           gid="maal_interval")
    return (band, target_line(ax, x, mindst, farve, dash))


def _direction(retning: str) -> tuple[str, str]:
    """The words and the arrow of a direction.

    >>> _direction("op"), _direction("ned")
    (('Skal stige', '↑'), ('Skal falde', '↓'))
    """
    return ("Skal stige", "↑") if retning == "op" else ("Skal falde", "↓")


# --------------------------------------------------------------------------- one function per target kind


def _fast_maal(d: CriterionDrawing, m: FastMaal, p: Part) -> None:
    h = target_line(d.ax, (d.x_lo - 0.4, d.x_hi + 0.4), m.maal, p.farve, p.dash)
    d.legend.add(h, f"Mål: {_OP_TEKST[m.operator]} {vaerdi(m.maal, d.enhed)} i {m.senest}")
    d.ys.append(m.maal)
    if p.baseline_aar is not None and p.baseline_aar < m.senest:
        d.ax.plot([p.baseline_aar, m.senest], [p.baseline, m.maal], color=p.farve, ls=STI_STREG, lw=1.3, zorder=2,
                  gid="maalsti")
        d.path_drawn = True


def _aarlig_aendring(d: CriterionDrawing, m: AarligAendring, p: Part) -> None:
    if p.baseline_aar is None:
        return
    start = m.fra_aar if m.fra_vaerdi is not None or p.baseline_aar == m.fra_aar else p.baseline_aar
    xs = list(range(start, m.til_aar + 1))
    path = [p.baseline * (1 + m.pct / 100.0) ** (x - start) for x in xs]
    (h,) = d.ax.plot(xs, path, color=p.farve, ls=p.dash, lw=1.7, marker=".", ms=4, zorder=2, gid="maalsti")
    d.legend.add(h, f"Målsti: {format_aendring(m.pct)} om året fra {start}")
    d.ys.extend(path)
    d.ax.annotate(kort_tal(path[-1], d.enhed), (xs[-1], path[-1]), xytext=(5, -9), textcoords="offset points",
                  fontsize=7.5, color=p.farve, ha="left", va="center")


def _aendring_i_vindue(d: CriterionDrawing, m: AendringIVindue, p: Part) -> None:
    if p.baseline_aar is None:
        return
    w = m.fra_aar + m.inden_for_aar
    target = p.baseline * (1 + m.pct / 100.0)
    end = max(d.x_hi, w)
    xs = [p.baseline_aar, w] + ([end] if end > w else [])
    path = [p.baseline, target] + ([target] if end > w else [])
    (h,) = d.ax.plot(xs, path, color=p.farve, ls=p.dash, lw=1.7, zorder=2, gid="maalsti")
    d.legend.add(h, f"Målsti: {format_aendring(m.pct)} inden for {m.inden_for_aar} år, derefter fastholdes "
                    f"({kort_tal(target, d.enhed)})")
    d.ys.extend(path)


def _mindst_antal(d: CriterionDrawing, m: MindstAntal, p: Part) -> None:
    h = mindst_marks(d.ax, (min(m.fra_aar, d.x_hi), d.x_hi + 0.4), m.mindst, m.oevre, p.farve, p.dash)
    if m.oevre is not None:
        d.legend.add(h, f"Mål: {format_tal(m.mindst)}–{format_tal(m.oevre)} "
                        f"{OPGOERELSE_TEKST[m.opgoerelse]} fra {m.fra_aar}")
        d.ys.append(m.oevre)
    else:
        d.legend.add(h, f"Mål: mindst {vaerdi(m.mindst, d.enhed)} {OPGOERELSE_TEKST[m.opgoerelse]} fra {m.fra_aar}")
    d.ys.append(m.mindst)
    if m.opgoerelse == "gennemsnit_pr_aar":
        _achieved_average(d, m)


def _achieved_average(d: CriterionDrawing, m: MindstAntal) -> None:
    """The area's average of the complete years from ``fra_aar`` (to ``senest``), beside the target."""
    w = d.area[d.area["aar"].ge(m.fra_aar) & ~d.area["ufuldstaendig"]]
    if m.senest:
        w = w[w["aar"].le(m.senest)]
    if not len(w):
        return
    avg = float(w["vaerdi"].mean())
    fra, til = int(w["aar"].min()), int(w["aar"].max())
    (h,) = d.ax.plot([fra, til], [avg, avg], color=BLAA, ls=(0, (1, 1)), lw=1.4, alpha=0.8, zorder=2,
                     gid="gennemsnit")
    d.legend.add(h, f"Gennemsnit {fra}–{til}: {kort_tal(avg, d.enhed)} pr. år")


def _andel_af_kohorte(d: CriterionDrawing, m: AndelAfKohorte, p: Part) -> None:
    h = target_line(d.ax, (min(m.fra_aar, d.x_hi), d.x_hi + 0.4), m.mindst_pct, p.farve, p.dash)
    d.legend.add(h, f"Mål: mindst {format_tal(m.mindst_pct)}{NBSP}% af kohorten fra {m.fra_aar}")
    d.ys.append(m.mindst_pct)


def _interval(d: CriterionDrawing, m: Interval, p: Part) -> None:
    x = (d.x_lo - 0.4, d.x_hi + 0.4)
    band = d.ax.fill_between(list(x), [m.min] * 2, [m.max] * 2, color=p.farve, alpha=0.15, lw=0, zorder=1,
                             gid="maal_interval")
    for y in (m.min, m.max):
        h = target_line(d.ax, x, y, p.farve, p.dash, lw=1.2)
    dl = f" senest {m.senest}, derefter fastholdt" if m.senest else ""
    d.legend.add((band, h), f"Mål: {format_tal(m.min)}–{format_tal(m.max)}{dl}")
    d.ys.extend([m.min, m.max])
    if m.senest and d.x_lo <= m.senest <= d.x_hi:
        d.ax.axvline(m.senest, color=p.farve, lw=0.8, ls=STI_STREG, zorder=1, gid="frist")


def _over_reference(d: CriterionDrawing, m: OverReference, p: Part) -> None:
    ref = d.reference(m.reference)
    ref = ref[ref["aar"].ge(d.x_lo - 1)]
    navn = REFERENCE_STIL.get(m.reference, (kort_navn(d.plan, m.reference),))[0]
    if len(ref):
        (h,) = d.ax.plot(*uden_huller(ref["aar"], ref["vaerdi"]), color=p.farve, ls=p.dash, lw=1.8, marker="s",
                         ms=4.5, zorder=3, gid=f"reference:{m.reference}")
        d.legend.add(h, f"Mål: over {navn}")
        d.take(ref)
        d.drawn_refs.add(m.reference)
    if m.reference_vaerdi is not None and m.reference_aar is not None:
        (h,) = d.ax.plot([m.reference_aar], [m.reference_vaerdi], ls="none", marker="*", ms=11, color=p.farve,
                         mec="white", mew=0.6, zorder=4, gid="reference_planen")
        d.legend.add(h, f"Planens tal: {navn.split(' (')[0]} {vaerdi(m.reference_vaerdi, d.enhed)} "
                        f"({m.reference_aar})")
        d.ys.append(m.reference_vaerdi)


def _nulpunkt(d: CriterionDrawing, m: Nulpunkt, p: Part) -> None:
    if p.baseline_aar is not None:
        (h,) = d.ax.plot([p.baseline_aar, d.x_hi + 0.4], [p.baseline, p.baseline], color=GRAA, ls=(0, (1, 1.5)),
                         lw=1.4, zorder=2, gid="nulpunkt")
        d.legend.add(h, f"Nulpunkt {p.baseline_aar}: {vaerdi(p.baseline, d.enhed)}")
        d.ys.append(p.baseline)
    if m.maal is not None:
        h = target_line(d.ax, (m.nulpunkt_aar, d.x_hi + 0.4), m.maal, p.farve, p.dash)
        d.legend.add(h, f"Mål: {'≥' if m.retning == 'op' else '≤'} {vaerdi(m.maal, d.enhed)}")
        d.ys.append(m.maal)
    else:
        word, arrow = _direction(m.retning)
        d.notes.append((f"{arrow} {word} fra nulpunktet {m.nulpunkt_aar}\n(målet er ikke fastlagt)", p.farve))


def _retning(d: CriterionDrawing, m: RetningMaal, p: Part) -> None:
    word, arrow = _direction(m.retning)
    if p.baseline_aar is not None:
        (h,) = d.ax.plot([p.baseline_aar, m.til_aar], [p.baseline, p.baseline], color=p.farve, ls=(0, (1, 1.5)),
                         lw=1.5, zorder=2, gid="maal")
        d.legend.add(h, f"Udgangspunkt {p.baseline_aar}: {vaerdi(p.baseline, d.enhed)} – {word.lower()} "
                        f"til {m.til_aar}")
        d.ys.append(p.baseline)
    d.notes.append((f"{arrow} {word} {m.fra_aar}–{m.til_aar}", p.farve))


def _kvalitativ(d: CriterionDrawing, m: Any, p: Part) -> None:
    """A qualitative part is judged by the evaluators, not drawn."""


#: The function drawing each kind of target (``Maal.type``) into a criterion figure.
TARGET_MARKS: dict[str, Callable[[CriterionDrawing, Any, Part], None]] = {
    "over_reference": _over_reference,
    "fast_maal": _fast_maal,
    "aarlig_aendring": _aarlig_aendring,
    "aendring_i_vindue": _aendring_i_vindue,
    "retning": _retning,
    "mindst_antal": _mindst_antal,
    "andel_af_kohorte": _andel_af_kohorte,
    "interval": _interval,
    "nulpunkt": _nulpunkt,
    "kvalitativ": _kvalitativ,
}


def draw_targets(d: CriterionDrawing, parts: list[Part]) -> None:
    """Every part's target marks, in the criterion's order, and the legend entry of the straight paths."""
    for p in parts:
        TARGET_MARKS[p.maal.type](d, p.maal, p)
    if d.path_drawn:
        d.legend.add(Line2D([], [], color=GRAA, ls=STI_STREG, lw=1.3), "Lige linje fra baseline til målet")
