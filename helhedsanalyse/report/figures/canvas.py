"""One figure's frame: the plot with its legend below it, a footnote strip, the watermark, the axes.

Every report figure is a :class:`Canvas` made by :func:`new_canvas`, drawn on, and closed by
:func:`finish` (watermark, legend, footnote, final height). Artists carry a ``gid`` (``legende``,
``kilde``, ``illustrativ``, ``illustrativ_vandmaerke``, ``vaerdi_etiket``, ``undertrykt``) so that
tests and callers can find them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.gridspec import GridSpec
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FixedLocator, MaxNLocator

from .labels import aars_formatter, wrap
from .theme import BLAA, DPI, FIGURSTOERRELSE, GRAA, ILLUSTRATIV_TEKST

#: Height of the footnote strip below the plot, in inches.
_FOD_HOEJDE = 0.3

#: A value label at the end of a line: (x, y, text, colour, bold).
EndLabel = tuple[float, float, str, str, bool]


@dataclass(frozen=True)
class Canvas:
    """A figure of two sub-figures: the plot (``top``, with ``ax``) and the footnote strip (``bottom``),
    one above the other in ``grid``."""

    fig: Figure
    grid: GridSpec
    top: SubFigure
    ax: Axes
    bottom: SubFigure


@dataclass
class Legend:
    """The legend entries of a figure, in the order they are shown."""

    handles: list[Any] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def add(self, handle: Any, label: str) -> None:
        """An entry, unless one with the same text is there already."""
        if label not in self.labels:
            self.append(handle, label)

    def append(self, handle: Any, label: str) -> None:
        """An entry at the end."""
        self.handles.append(handle)
        self.labels.append(label)

    def insert_first(self, handle: Any, label: str) -> None:
        """An entry before all others."""
        self.handles.insert(0, handle)
        self.labels.insert(0, label)

    def insert(self, position: int, handle: Any, label: str) -> None:
        """An entry at ``position``, unless one with the same text is there already."""
        if label not in self.labels:
            self.handles.insert(position, handle)
            self.labels.insert(position, label)


def new_canvas(hoejde: float) -> Canvas:
    """A figure with ``hoejde`` inches for the plot and its legend, and the footnote strip below."""
    fig = Figure(figsize=(FIGURSTOERRELSE[0], hoejde + _FOD_HOEJDE), dpi=DPI, layout="constrained")
    engine = fig.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)
    engine.set(h_pad=0.02, w_pad=0.04, hspace=0, wspace=0)
    # the grid Figure.subfigures(2, 1, height_ratios=...) would make, kept for :func:`_set_height`
    grid = GridSpec(2, 1, figure=fig, height_ratios=[hoejde, _FOD_HOEJDE], left=0, right=1, bottom=0, top=1)
    top, bottom = fig.add_subfigure(grid[0, 0]), fig.add_subfigure(grid[1, 0])
    return Canvas(fig, grid, top, top.add_subplot(), bottom)


def _set_height(canvas: Canvas, hoejde: float) -> None:
    """Give the plot ``hoejde`` inches and keep the footnote strip at its fixed height."""
    canvas.fig.set_figheight(hoejde + _FOD_HOEJDE)
    canvas.grid.set_height_ratios([hoejde, _FOD_HOEJDE])


def _legend_columns(labels: Sequence[str]) -> int:
    """Three columns for short entries, two for longer ones, one for the longest.

    >>> _legend_columns(["Danmark", "SUB-gennemsnit"]), _legend_columns(["x" * 50]), _legend_columns(["x" * 60])
    (2, 1, 1)
    """
    longest = max(len(lab) for lab in labels)
    ncols = 3 if longest <= 38 else 2 if longest <= 58 else 1
    return min(ncols, len(labels))


def _draw_legend(fig: SubFigure, legend: Legend) -> None:
    """The legend below the axes (never over the data), in as many columns as fit."""
    if not legend.handles:
        return
    leg = fig.legend(legend.handles, legend.labels, loc="outside lower center", ncols=_legend_columns(legend.labels),
                     handlelength=3.2, columnspacing=1.4, borderaxespad=0.2)
    leg.set_gid("legende")


def _legend_rows(legend: Legend) -> int:
    """How many rows the legend takes.

    >>> _legend_rows(Legend([1, 2, 3, 4], ["a", "b", "c", "d"])), _legend_rows(Legend())
    (2, 0)
    """
    if not legend.handles:
        return 0
    return math.ceil(len(legend.handles) / _legend_columns(legend.labels))


def _footer(sub: SubFigure, parts: list[str], illustrativ: bool) -> None:
    """The source line at the bottom left and, for illustrative data, the warning at the bottom right."""
    text = wrap(" ".join(p for p in parts if p), 100 if illustrativ else 150)
    sub.text(0.01, 0.5, text, ha="left", va="center", fontsize=6.5, color="#444444", gid="kilde")
    if illustrativ:
        sub.text(0.99, 0.5, ILLUSTRATIV_TEKST, ha="right", va="center", fontsize=7.5, fontweight="bold",
                 color="#8a3a00", gid="illustrativ",
                 bbox={"boxstyle": "round,pad=0.25", "fc": "#fff3cd", "ec": "#b58100", "lw": 0.8})


def _watermark(ax: Axes) -> None:
    ax.text(0.5, 0.5, ILLUSTRATIV_TEKST, transform=ax.transAxes, ha="center", va="center", rotation=14,
            fontsize=20, fontweight="bold", color="#B00000", alpha=0.10, zorder=0, gid="illustrativ_vandmaerke")


def finish(canvas: Canvas, legend: Legend, footer: list[str], illustrativ: bool) -> None:
    """Watermark (illustrative data), legend, footnote, and the height the legend's rows need."""
    if illustrativ:
        _watermark(canvas.ax)
    _draw_legend(canvas.top, legend)
    _footer(canvas.bottom, footer, illustrativ)
    _set_height(canvas, FIGURSTOERRELSE[1] + 0.19 * max(_legend_rows(legend) - 1, 0))


def small_count_note(undertryk_under: int | None, also: str = "") -> str:
    """The footnote saying that small counts are not shown.

    >>> small_count_note(5), small_count_note(5, " (heller ikke baseline og målsti fra den)")
    ('<5: små tal vises ikke.', '<5: små tal vises ikke (heller ikke baseline og målsti fra den).')
    """
    return f"<{undertryk_under}: små tal vises ikke{also}."


def mark_suppressed(ax: Axes, x: int, undertryk_under: int | None, farve: str, fontsize: float) -> None:
    """"<n" at the foot of the axes where a small count is left out."""
    ax.annotate(f"<{undertryk_under}", (x, 0), xycoords=("data", "axes fraction"), xytext=(0, 3),
                textcoords="offset points", ha="center", va="bottom", fontsize=fontsize, color=farve,
                gid="undertrykt")


def y_limits(ax: Axes, values: list[float], enhed: str | None, heltal: bool) -> None:
    """The y range: shares always from 0 (a share's axis is never cut), up to a little above the highest
    value and at most 100; other units zoom on the data and every line drawn, from 0 when the values are
    spread out."""
    vals = [v for v in values if math.isfinite(v)]
    if not vals:
        return
    lo, hi = min(vals), max(vals)
    if enhed == "pct":
        ax.set_ylim(0, 100 if hi >= 80 else max(hi * 1.15, 5.0))
        return
    if lo >= 0 and lo <= 0.5 * hi:
        ax.set_ylim(0, hi * 1.12 if hi > 0 else 1)
        return
    span = max(hi - lo, abs(hi) * 0.1, 1.0 if heltal else 1e-6)
    pad = 0.12 * span
    ax.set_ylim(lo - pad, hi + pad)


#: The legend text of the error bars.
INTERVAL_TEKST = "95\u00a0%-sikkerhedsinterval"


def draw_intervals(d: Any, rows: Any, farve: str, position: int | None = None) -> None:
    """The published 95 % intervals of ``rows`` (columns ``aar``, ``ci_lav``, ``ci_hoej``) as error bars in
    ``farve``, named once in the legend of ``d`` (a drawing with ``ax``, ``legend`` and ``ys``), at
    ``position`` (default: last)."""
    if "ci_lav" not in rows or "ci_hoej" not in rows:
        return
    ok = rows[np.isfinite(rows["ci_lav"].astype(float)) & np.isfinite(rows["ci_hoej"].astype(float))]
    if ok.empty:
        return
    x = ok["aar"].astype(float).to_numpy()
    lo, hi = ok["ci_lav"].astype(float).to_numpy(), ok["ci_hoej"].astype(float).to_numpy()
    mid = (lo + hi) / 2
    bars = d.ax.errorbar(x, mid, yerr=[mid - lo, hi - mid], fmt="none", ecolor=farve, elinewidth=1.1, capsize=3,
                         capthick=1.1, alpha=0.7, zorder=4, clip_on=False)
    for child in bars.get_children():
        child.set_gid("sikkerhedsinterval")
    if position is None:
        d.legend.add(bars, INTERVAL_TEKST)
    else:
        d.legend.insert(position, bars, INTERVAL_TEKST)
    d.ys.extend([*lo.tolist(), *hi.tolist()])


def y_locator(ax: Axes, heltal: bool) -> None:
    """At most six round ticks on the y axis, whole numbers only for whole-number indicators."""
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=heltal, steps=[1, 2, 2.5, 5, 10]))


def year_axis(ax: Axes, lo: int, hi: int, right_pad: float) -> None:
    """The x axis of years ``lo``..``hi``, every year ticked when there are few."""
    ax.set_xlim(lo - 0.4, hi + right_pad)
    if hi - lo <= 14:
        ax.xaxis.set_major_locator(FixedLocator(list(range(lo, hi + 1))))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(aars_formatter())
    ax.set_xlabel("År")


_CORNERS = [(0.99, 0.97, "right", "top"), (0.01, 0.97, "left", "top"),
            (0.99, 0.03, "right", "bottom"), (0.01, 0.03, "left", "bottom")]


def free_corner(ax: Axes, skip: int = 0) -> tuple[float, float, str, str]:
    """The corner of the axes with the fewest drawn points and line segments (for a text box).

    Returns (x, y, ha, va) in axes coordinates; ``skip`` passes over the best corners already used.
    """
    to_axes = ax.transData + ax.transAxes.inverted()
    pts: list[np.ndarray] = []
    for line in ax.get_lines():
        xy = np.asarray(line.get_xydata(), dtype=float)
        if line.get_transform() != ax.transData or len(xy) == 0:
            continue
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) > 1:  # sample along the segments, not only the vertices
            t = np.linspace(0, 1, 12)[:, None]
            xy = np.concatenate([a + t * (b - a) for a, b in zip(xy[:-1], xy[1:], strict=True)])
        if len(xy):
            pts.append(to_axes.transform(xy))
    allpts = np.concatenate(pts) if pts else np.empty((0, 2))

    def crowd(c: tuple[float, float, str, str]) -> int:
        x, y, ha, va = c
        xs = (allpts[:, 0] >= 0.55) if ha == "right" else (allpts[:, 0] <= 0.45)
        ys = (allpts[:, 1] >= 0.72) if va == "top" else (allpts[:, 1] <= 0.28)
        return int((xs & ys).sum())

    ranked = sorted(_CORNERS, key=crowd)  # stable: upper right wins ties
    return ranked[min(skip, len(ranked) - 1)]


def _merge_equal(labels: list[EndLabel]) -> list[EndLabel]:
    """Lines that end on the same value share one label: grey, or blue and bold if one of them is bold.

    >>> _merge_equal([(4, 10, "10", "#a", False), (4.1, 10, "10", "#b", False), (4, 3, "3", "#c", True)])
    [(4.1, 10, '10', '#555555', False), (4, 3, '3', '#c', True)]
    """
    groups: dict[str, list[EndLabel]] = {}
    for item in labels:
        groups.setdefault(item[2], []).append(item)
    merged = []
    for text, items in groups.items():
        if len(items) == 1:
            merged.append(items[0])
        else:
            bold = any(it[4] for it in items)
            merged.append((max(it[0] for it in items), items[0][1], text, BLAA if bold else GRAA, bold))
    return merged


def end_labels(ax: Axes, labels: list[EndLabel]) -> None:
    """Value labels at the ends of the lines, never on top of each other.

    Lines that end on the same value share one grey label; the others are moved apart vertically by at
    least 6 % of the y range. Call after the y limits.
    """
    merged = sorted(_merge_equal(labels), key=lambda it: it[1])
    lo, hi = ax.get_ylim()
    gap = 0.06 * (hi - lo)
    placed: list[float] = []
    for x, y, text, farve, bold in merged:
        ty = max(y, placed[-1] + gap) if placed else y
        placed.append(ty)
        ax.annotate(text, (x, y), xytext=(x, ty), textcoords="data", ha="left", va="center",
                    fontsize=8.5 if bold else 7.5, fontweight="bold" if bold else "normal", color=farve,
                    gid="vaerdi_etiket", annotation_clip=False,
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    for ann in ax.texts:
        if ann.get_gid() == "vaerdi_etiket" and hasattr(ann, "xyann"):
            x, ty = ann.xyann
            ann.xyann = (x + 0.09, ty)
