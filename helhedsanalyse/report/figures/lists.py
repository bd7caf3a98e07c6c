"""The list section's figure: each area's distance to the list thresholds over the years, with the vision."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Any

import matplotlib
import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ...compute.lists import IKKE_OPFYLDT, OPFYLDT, records
from ...plan.lists import Regler, finite
from ...plan.model import Plan
from ..plots import ILLUSTRATIV_TEKST, dansk_tal_formatter, figure_to_html, stabil
from .values import uden_huller


@dataclass(frozen=True)
class _Layout:
    """The figure's grid and axes: ``n`` panels in ``nrows`` × ``ncols``, x from ``x0`` to ``x1``, y ±``lim``."""

    n: int
    ncols: int
    nrows: int
    x0: float
    x1: float
    lim: float

    @classmethod
    def of(cls, series: dict[str, dict[str, list[tuple[int, float]]]], vision_aar: int) -> _Layout:
        n = len(series)
        ncols = 1 if n == 1 else 2
        all_years = [y for s in series.values() for pts in s.values() for y, _ in pts]
        ys = [v for s in series.values() for pts in s.values() for _, v in pts]
        return cls(n, ncols, math.ceil(n / ncols), min(all_years) - 0.5, vision_aar + 0.6,
                   max(10.0, max(abs(v) for v in ys) * 1.15))


_RC = {"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"], "font.size": 8.5,
       "axes.titlesize": 9.5, "axes.titleweight": "bold", "legend.fontsize": 8, "legend.frameon": False,
       "axes.unicode_minus": True, "svg.hashsalt": "helhedsanalyse", "axes.edgecolor": "#b0b0b0"}


def list_figure(table: pd.DataFrame, omraader: list[str], plan: Plan, rules: Regler, sidste_aar: int) -> str | None:
    """Distance to each threshold over the years (relative, % of the threshold), with the 2025 vision."""
    series = {o: s for o in omraader if (s := _figur_serie(table, o, sidste_aar))}
    if not series:
        return None
    shown = table[table["omraade"].isin(omraader) & (table["liste_aar"] <= sidste_aar)]
    illustrativ = bool(shown["illustrativ"].any())
    filer = sorted({part.strip().split(" række ")[0] for cell in shown["kilde_data"]
                    for part in str(cell).split(";") if part.strip()})
    layout = _Layout.of(series, rules.vision_aar)
    with matplotlib.rc_context(_RC):
        hoejde = 3.0 if layout.n == 1 else 2.3 * layout.nrows + 0.5
        fod = 0.38
        fig = Figure(figsize=(7.2, hoejde + fod), dpi=110, layout="constrained")
        engine = fig.get_layout_engine()
        if isinstance(engine, ConstrainedLayoutEngine):  # always, with layout="constrained"
            engine.set(h_pad=0.02, w_pad=0.04, hspace=0.02, wspace=0.02)
        top, bottom = fig.subfigures(2, 1, height_ratios=[hoejde, fod])
        axes = top.subplots(layout.nrows, layout.ncols, squeeze=False, sharex=True, sharey=True)
        for idx, o in enumerate(series):
            _panel(axes[idx // layout.ncols][idx % layout.ncols], idx, series[o], plan.omraade[o].navn, layout,
                   rules, illustrativ)
        for idx in range(layout.n, layout.nrows * layout.ncols):
            axes[idx // layout.ncols][idx % layout.ncols].set_visible(False)
        _legende_og_fod(top, bottom, rules, ", ".join(filer) if filer else "ingen fil", illustrativ)
    navne = ", ".join(plan.omraade[o].navn for o in series)
    alt = (f"Afstand til listekriteriernes grænser pr. år for {navne}, i procent af grænseværdien; over 0 er "
           f"kriteriet opfyldt. Lodret linje: visionen {rules.vision_aar}."
           + (" ILLUSTRATIVE DATA." if illustrativ else ""))
    return figure_to_html(fig, alt)


def _figur_serie(table: pd.DataFrame, o: str, sidste_aar: int) -> dict[str, list[tuple[int, float]]]:
    """Per criterion (not residents): (list year, distance in % of the threshold) where it is met or missed."""
    g = table[(table["omraade"] == o) & (table["liste_aar"] <= sidste_aar)]
    s: dict[str, list[tuple[int, float]]] = {}
    for k in _KURVE:
        pts = []
        for r in records(g):
            if (r[f"{k}_resultat"] in (OPFYLDT, IKKE_OPFYLDT) and finite(r[f"{k}_afstand"])
                    and finite(r[f"{k}_graense"]) and float(r[f"{k}_graense"])):
                pts.append((int(r["liste_aar"]),
                            stabil(100 * float(r[f"{k}_afstand"]) / abs(float(r[f"{k}_graense"])))))
        if pts:
            s[k] = pts
    return s


def _panel(ax: Axes, idx: int, serie: dict[str, list[tuple[int, float]]], navn: str, layout: _Layout,
           rules: Regler, illustrativ: bool) -> None:
    """One area's panel: the met zone, the threshold, rule changes, the vision and one curve per criterion."""
    n, lim = layout.n, layout.lim
    ax.axhspan(0, lim, color="#fbe3d2", zorder=0, gid="opfyldt_zone")
    ax.axhline(0, color="#000000", lw=1.2, zorder=2, gid="graense")
    for skift in sorted({p.fra_aar for p in rules.perioder}):
        if layout.x0 < skift < layout.x1:
            ax.axvline(skift - 0.5, color="#8C8C8C", lw=0.8, ls=(0, (1, 2)), zorder=1, gid="regelskift")
            ax.text(skift - 0.4, -lim * 0.97, f"{'nye regler ' if n == 1 else ''}{skift}", fontsize=6.5,
                    color="#555555", va="bottom", in_layout=False)
    ax.axvline(rules.vision_aar, color="#0072B2", lw=1.6, ls=(0, (6, 3)), zorder=2, gid="vision")
    ax.text(rules.vision_aar - 0.15, lim * 0.95, f"Vision {rules.vision_aar}:\nikke på listen", ha="right",
            va="top", fontsize=7, color="#0072B2", in_layout=False)
    for k, pts in serie.items():
        farve, marker, ls = _KURVE[k]
        ax.plot(*uden_huller([p[0] for p in pts], [p[1] for p in pts]), color=farve, marker=marker, ls=ls, lw=1.5,
                ms=4.5, zorder=4, gid=f"kriterium:{k}")  # no line across a year without a value
    ax.set_xlim(layout.x0, layout.x1)
    ax.set_ylim(-lim, lim)
    ax.xaxis.set_major_locator(ticker.MultipleLocator(1 if n == 1 and layout.x1 - layout.x0 <= 12 else 2))
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p=None: f"{int(round(v))}"))
    ax.yaxis.set_major_formatter(dansk_tal_formatter())
    ax.grid(True, color="#e3e3e3", lw=0.6)
    ax.set_title(navn if n > 1 else f"{navn}: afstand til listernes grænser", loc="left")
    if idx % layout.ncols == 0:
        ax.set_ylabel("Afstand til grænsen\n(% af grænseværdien)", fontsize=8)
    if idx >= n - layout.ncols:
        ax.set_xlabel("Liste pr. 1. december", fontsize=8)
        ax.tick_params(labelbottom=True)
    if illustrativ:
        ax.text(0.5, 0.5, ILLUSTRATIV_TEKST, transform=ax.transAxes, ha="center", va="center", rotation=14,
                fontsize=12 if n > 1 else 18, fontweight="bold", color="#B00000", alpha=0.12, zorder=0,
                gid="illustrativ_vandmaerke", in_layout=False, clip_on=True)


def _legende_og_fod(top: SubFigure, bottom: SubFigure, rules: Regler, kilde_filer: str, illustrativ: bool) -> None:
    """The legend under the panels and the source line (with the illustrative mark) at the foot."""
    crit = list(_KURVE)
    handles: list[Any] = [Line2D([], [], color=_KURVE[k][0], marker=_KURVE[k][1], ls=_KURVE[k][2], lw=1.5)
                          for k in crit]
    labels = [rules.kort(k) for k in crit]
    handles.append(Patch(color="#fbe3d2"))
    labels.append("Over 0: kriteriet opfyldt (tæller mod listen)")
    leg = top.legend(handles, labels, loc="outside lower center", ncols=3)
    leg.set_gid("legende")
    foot = ("Grænser: lovens grænser for listen over udsatte boligområder/ghettoområder ("
            "dømte fra 2018: faktor × landsgennemsnittet). Værdier: listeindikatorerne i data (" + kilde_filer + ").")
    bottom.text(0.01, 0.5, textwrap.fill(foot, 150 if not illustrativ else 105), fontsize=6.3, color="#444444",
                ha="left", va="center", gid="kilde")
    if illustrativ:
        bottom.text(0.99, 0.5, ILLUSTRATIV_TEKST, ha="right", va="center", fontsize=7.5, fontweight="bold",
                    color="#8a3a00", gid="illustrativ",
                    bbox={"boxstyle": "round,pad=0.25", "fc": "#fff3cd", "ec": "#b58100", "lw": 0.8})


#: Colour, marker and line style of each criterion in the figure (Okabe-Ito).
_KURVE: dict[str, tuple[str, str, Any]] = {
    "ikke_vestlige": ("#0072B2", "o", "-"),
    "arbejdsmarked": ("#D55E00", "s", "--"),
    "domme": ("#009E73", "^", "-."),
    "uddannelse": ("#CC79A7", "D", ":"),
    "indkomst": ("#E69F00", "v", (0, (5, 1, 1, 1))),
}
