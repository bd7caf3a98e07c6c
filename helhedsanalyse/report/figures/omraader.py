"""The figure that compares the areas on one criterion: one line per area over the years, with the targets.

Each area has its own colour and marker (Okabe-Ito, :data:`~.theme.OMRAADE_STIL`) and its status in the
legend ("Motalavej – opfyldt"), under the plan's name of the area, as in the table under the figure. The
targets are drawn in black and grey so that they never read as an area: a level the plan sets (fixed target,
minimum, share of a cohort, interval, a set zero-point target) as a horizontal line named with the areas it
binds; a reference geography that is the target (over the SUB average) as its series. Targets without a level
(a direction, a yearly change from each area's own starting point) are said in words beside the figure. A
line breaks where a year is missing; values the report hides are not in ``indikatorer`` and are not drawn.

Artists carry a ``gid``: ``omraade:<id>``, ``maal``, ``maal_interval``, ``reference:<geo>`` and those of
:mod:`.canvas`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from ...compute.indicators import kort_navn
from ...core.formatting import format_tal
from ...core.status import STATUS_TEKST
from ...plan.model import RUNDE_SIDSTE_AAR, Kriterium, Plan
from .canvas import Legend, end_labels, finish, new_canvas, y_limits, y_locator, year_axis
from .labels import akse_tekst, dansk_tal_formatter, kort_tal, vaerdi, wrap
from .targets import OPGOERELSE_TEKST
from .theme import FIGURSTOERRELSE, GRAA, OMRAADE_STIL, REFERENCE_STIL, SORT, rc
from .values import indicator_series, uden_huller

_OP_TEKST = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}

#: The dashes of the target levels, in the order they are drawn (all black or grey: never an area's colour).
_MAAL_STREG: list[Any] = [(0, (6, 3)), (0, (2, 2)), (0, (9, 2, 2, 2)), (0, (4, 1, 1, 1, 1, 1))]


@dataclass
class _Tegning:
    """What the phases of the figure share (the interface :func:`.canvas.end_labels` and friends expect)."""

    ax: Any
    legend: Legend = field(default_factory=Legend)
    ys: list[float] = field(default_factory=list)


def maal_niveauer(kriterium: Kriterium, omraader: list[str], enhed: str) -> list[tuple[float, float | None, str,
                                                                                        list[str]]]:
    """The target levels of the criterion for ``omraader``: (level, upper level or None, text, areas bound).

    The same level and text for several areas is one entry.

    >>> from helhedsanalyse.plan import load_plan
    >>> k = load_plan().kriterium["kp_kriminalitet"]
    >>> [(y, t.replace("\xa0", " "), a) for y, _, t, a in maal_niveauer(k, ["motalavej", "skaelskoer"], "pr_1000")]
    [(28.0, '< 28 pr. 1000 i 2021', ['motalavej', 'skaelskoer']), (30.0, '< 30 pr. 1000 i 2021', ['motalavej']), \
(19.0, '< 19 pr. 1000 i 2021', ['skaelskoer'])]
    """
    out: dict[tuple[float, float | None, str], list[str]] = {}
    for m in kriterium.maal:
        level: tuple[float, float | None, str] | None = None
        if m.type == "fast_maal":
            level = (m.maal, None, f"{_OP_TEKST[m.operator]} {vaerdi(m.maal, enhed)} i {m.senest}")
        elif m.type == "mindst_antal" and m.opgoerelse != "i_alt":
            til = f"–{format_tal(m.oevre)}" if m.oevre is not None else ""
            level = (m.mindst, m.oevre, f"mindst {format_tal(m.mindst)}{til} {OPGOERELSE_TEKST[m.opgoerelse]}")
        elif m.type == "andel_af_kohorte":
            level = (m.mindst_pct, None, f"mindst {format_tal(m.mindst_pct)} %")
        elif m.type == "interval":
            level = (m.min, m.max, f"{format_tal(m.min)}–{format_tal(m.max)}")
        elif m.type == "nulpunkt" and m.maal is not None:
            level = (m.maal, None, vaerdi(m.maal, enhed))
        if level is None:
            continue
        for o in m.omraader:
            if o in omraader and o not in out.setdefault(level, []):
                out[level].append(o)
    return [(y, top, text, areas) for (y, top, text), areas in out.items() if areas]


def maal_referencer(kriterium: Kriterium, omraader: list[str]) -> list[tuple[str, list[str]]]:
    """The reference geographies that are a target of ``omraader`` ("over the SUB average"), with the areas."""
    out: dict[str, list[str]] = {}
    for m in kriterium.maal:
        if m.type == "over_reference":
            for o in m.omraader:
                if o in omraader and o not in out.setdefault(m.reference, []):
                    out[m.reference].append(o)
    return [(geo, areas) for geo, areas in out.items() if areas]


def _navn(plan: Plan, omraade: str) -> str:
    """The area's name as in the plan (the same as in the table under the figure)."""
    return plan.omraade[omraade].navn if omraade in plan.omraade else kort_navn(plan, omraade)


def _hvem(plan: Plan, areas: list[str], alle: list[str]) -> str:
    """Whom a target binds, for a legend: "alle områder" or the short names."""
    if set(areas) == set(alle):
        return "alle områder"
    names = [_navn(plan, a) for a in alle if a in areas]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def area_comparison_figure(
    indikatorer: pd.DataFrame,
    kriterium: Kriterium,
    plan: Plan,
    runde: str,
    omraader: list[str],
    status: Mapping[str, str] | None = None,
) -> Figure | None:
    """One criterion in several areas: a line per area over the years, the target levels and references.

    Parameters
    ----------
    indikatorer : pandas.DataFrame
        The indicator table *without* the values the report hides (the caller leaves them out) and with the
        reference geographies.
    kriterium : Kriterium
    plan : Plan
    runde : {"midtvej", "slut"}
        Values after the round's last year are not drawn.
    omraader : list of str
        The areas to compare, in the plan's order.
    status : mapping, optional
        Area -> status id, shown in words in the legend.

    Returns
    -------
    matplotlib.figure.Figure or None
        None when fewer than two of ``omraader`` have a value to draw.
    """
    if kriterium.kvalitativ or not kriterium.indikator or kriterium.indikator not in plan.indikator:
        return None
    ind = plan.indikator[kriterium.indikator]
    sidste_aar = RUNDE_SIDSTE_AAR[runde]
    series = {o: indicator_series(indikatorer, o, ind.id, sidste_aar) for o in omraader}
    series = {o: s for o, s in series.items() if not s.empty}
    if len(series) < 2:
        return None
    drawn = list(series)
    years = [int(y) for s in series.values() for y in s["aar"]]
    x_lo, x_hi = min(years), max(years)
    illustrativ = any(bool(s["illustrativ"].any()) for s in series.values())
    status = status or {}

    with matplotlib.rc_context(rc()):
        canvas = new_canvas(FIGURSTOERRELSE[1])
        d = _Tegning(canvas.ax)
        labels = []
        for o, s in series.items():
            farve, marker = OMRAADE_STIL.get(o, (GRAA, "o"))
            (h,) = d.ax.plot(*uden_huller(s["aar"], s["vaerdi"]), color=farve, marker=marker, lw=2, ms=5.5, zorder=5,
                             gid=f"omraade:{o}", clip_on=False)
            ord_ = STATUS_TEKST.get(status.get(o, ""), "")
            d.legend.add(h, f"{_navn(plan, o)} – {ord_.lower()}" if ord_ else _navn(plan, o))
            d.ys.extend(float(v) for v in s["vaerdi"])
            last = s.iloc[-1]
            labels.append((float(last["aar"]), float(last["vaerdi"]), kort_tal(float(last["vaerdi"]), ind.enhed),
                           farve, False))
        for n, (y, top, text, areas) in enumerate(maal_niveauer(kriterium, drawn, ind.enhed)):
            farve = SORT if n == 0 else GRAA
            x = [x_lo - 0.4, x_hi + 0.4]
            (h,) = d.ax.plot(x, [y, y], color=farve, ls=_MAAL_STREG[n % len(_MAAL_STREG)], lw=1.5, zorder=3,
                             gid="maal")
            handle: Any = h
            if top is not None:
                band = d.ax.fill_between(x, [y, y], [top, top], color=farve, alpha=0.08, lw=0, zorder=1,
                                         gid="maal_interval")
                handle = (band, h)
                d.ys.append(top)
            d.legend.add(handle, f"Mål for {_hvem(plan, areas, drawn)}: {text}")
            d.ys.append(y)
        for geo, areas in maal_referencer(kriterium, drawn):
            ref = indicator_series(indikatorer, geo, ind.id, sidste_aar)
            ref = ref[ref["aar"].ge(x_lo) & ref["aar"].le(x_hi)]
            if ref.empty:
                continue
            navn = REFERENCE_STIL.get(geo, (kort_navn(plan, geo),))[0]
            (h,) = d.ax.plot(*uden_huller(ref["aar"], ref["vaerdi"]), color=SORT, ls=(0, (5, 2, 1, 2)), lw=1.5,
                             marker="s", ms=3.5, mfc="white", zorder=3, gid=f"reference:{geo}", clip_on=False)
            d.legend.add(h, f"Mål for {_hvem(plan, areas, drawn)}: over {navn}")
            d.ys.extend(float(v) for v in ref["vaerdi"])
            illustrativ |= bool(ref["illustrativ"].any())
        year_axis(d.ax, x_lo, x_hi, 0.9)
        y_limits(d.ax, d.ys, ind.enhed, ind.heltal)
        y_locator(d.ax, ind.heltal)
        d.ax.yaxis.set_major_formatter(dansk_tal_formatter())
        d.ax.set_ylabel(akse_tekst(ind))
        d.ax.set_title(wrap(f"{ind.navn} – områderne sammenlignet", 80), loc="left", pad=6)
        end_labels(d.ax, labels)
        footer = [f"Kriterium {kriterium.id}, indikator {ind.id}, runde {runde} (data til og med {sidste_aar})."]
        finish(canvas, d.legend, footer, illustrativ)
    return canvas.fig
