"""The figure of one succeskriterium for one area: values, baseline, target marks and references.

The figure is drawn in phases: the target parts with their baselines (:func:`_parts`), the years shown
(:func:`_x_range`), the target marks (:func:`.targets.draw_targets`, one function per target kind), the
area's values, the baselines, the reference geographies (SUB-gennemsnit, Danmark, Slagelse Kommune)
where the data have them, the axes with the direction notes, and the frame (:func:`.canvas.finish`).
Every figure built on illustrative data carries a watermark and the footnote
"ILLUSTRATIVE DATA – ikke rigtige tal"; the footnote also names the criterion, the indicator and the
file and row of the latest value, so that the figure can be traced to its source row.

A value with a published 95 % interval (``ci_lav``/``ci_hoej``, survey shares and rates per 1000) has
it drawn as an error bar; the line of a series breaks where a year is missing (the points stay).

Artists carry a ``gid``: ``omraade``, ``sikkerhedsinterval``, ``ufuldstaendig``, ``baseline``, ``vaerdi_etiket``,
``undertrykt``, ``retning``, ``reference:<geo>`` and those of :mod:`.targets`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from ...compute.indicators import kort_navn
from ...plan.model import RUNDE_SIDSTE_AAR, Kriterium, Plan
from .canvas import (
    draw_intervals,
    finish,
    free_corner,
    mark_suppressed,
    new_canvas,
    small_count_note,
    y_limits,
    y_locator,
    year_axis,
)
from .labels import akse_tekst, dansk_tal_formatter, kort_tal, omraade_titel, vaerdi, wrap
from .targets import CriterionDrawing, Part, draw_targets
from .theme import BLAA, FIGURSTOERRELSE, MAAL_STIL, REFERENCE_STIL, SORT, rc
from .values import get, indicator_series, missing, num, small, split_small, uden_huller, year

StatusRow = Mapping[str, Any] | pd.Series | None

#: The target attributes that name a year the x axis must show.
_TARGET_YEARS = ("senest", "til_aar", "fra_aar", "nulpunkt_aar", "reference_aar")


def criterion_figure(
    indikatorer: pd.DataFrame,
    kriterium: Kriterium,
    omraade: str,
    status_row: StatusRow,
    plan: Plan,
    runde: str,
    *,
    undertryk_under: int | None = None,
) -> Figure | None:
    """The figure of one succeskriterium for one area: values, baseline, target and references.

    Parameters
    ----------
    indikatorer : pandas.DataFrame
        :func:`helhedsanalyse.compute.indicators.compute_indicators` of the observations *and* the
        reference geographies (columns ``omraade, indikator, aar, vaerdi, illustrativ, ufuldstaendig,
        fil, raekke, kilde`` are used).
    kriterium : Kriterium
        The criterion (``plan.kriterium[id]``).
    omraade : str
        Area id (``motalavej`` ... ``samlet``).
    status_row : mapping or pandas.Series
        The criterion × area row of :func:`helhedsanalyse.compute.assessment.status_table` (uses
        ``dele``, ``baseline``, ``baseline_aar``, ``maal``, ``illustrativ``); ``None`` draws the
        targets from the plan alone.
    plan : Plan
    runde : {"midtvej", "slut"}
        Values after the round's last year (:data:`RUNDE_SIDSTE_AAR`) are not drawn.
    undertryk_under : int, optional
        For count indicators (enhed ``antal``): values above 0 and below this number are not drawn
        but shown as "<n" (small counts that could identify people); such a baseline is not drawn
        either, nor the target path that starts from it.

    Returns
    -------
    matplotlib.figure.Figure or None
        ``None`` for a qualitative criterion, or when the area has no value of the indicator up to
        the round's last year (the caller then says "Ingen data" in words).
    """
    if kriterium.kvalitativ or not kriterium.indikator or kriterium.indikator not in plan.indikator:
        return None
    if runde not in RUNDE_SIDSTE_AAR:
        raise ValueError(f"ukendt runde '{runde}'; gyldige: {', '.join(RUNDE_SIDSTE_AAR)}")
    ind = plan.indikator[kriterium.indikator]
    sidste_aar = RUNDE_SIDSTE_AAR[runde]
    area = indicator_series(indikatorer, omraade, ind.id, sidste_aar)
    if area.empty:
        return None
    dele = [(m, d) for m, d in _dele(kriterium, omraade, status_row) if m.type != "kvalitativ"]
    parts, hidden_base = _parts(dele, status_row, undertryk_under, ind.enhed)
    slut = int(plan.evalueringsrunder.get("slut", RUNDE_SIDSTE_AAR["slut"]))

    with matplotlib.rc_context(rc()):
        canvas = new_canvas(FIGURSTOERRELSE[1])
        d = CriterionDrawing(canvas.ax, plan, indikatorer, ind, sidste_aar, area,
                             *_x_range(area, parts, max(slut, sidste_aar)))
        d.illustrativ = (bool(get(status_row, "illustrativ", False)) or bool(area["illustrativ"].any())
                         or any(bool(r.get("illustrativ")) for _, r in dele))
        draw_targets(d, parts)
        shown, hidden = _draw_area(d, omraade, undertryk_under)
        _draw_baselines(d, parts)
        _draw_references(d, omraade)
        _axes(d, shown, omraade)
        footer = [f"Kriterium {kriterium.id}, indikator {ind.id}, runde {runde} (data til og med {sidste_aar}).",
                  _source_text(area)]
        if len(hidden) or hidden_base:
            footer.append(small_count_note(undertryk_under,
                                           " (heller ikke baseline og målsti fra den)" if hidden_base else ""))
        finish(canvas, d.legend, footer, d.illustrativ)
    return canvas.fig


# --------------------------------------------------------------------------- the parts and the years


def _dele(kriterium: Kriterium, omraade: str, status_row: StatusRow) -> list[tuple[Any, dict[str, Any]]]:
    """The parts binding ``omraade`` paired with their result dicts from the status row (if any)."""
    maal = kriterium.maal_for(omraade)
    dele = get(status_row, "dele", None)
    dele = list(dele) if isinstance(dele, (list, tuple)) else []
    if len(dele) != len(maal):
        dele = [{} for _ in maal]
    return [(m, dict(d) if isinstance(d, Mapping) else {}) for m, d in zip(maal, dele, strict=True)]


def _baseline_of(d: Mapping[str, Any], status_row: StatusRow) -> tuple[float, int | None]:
    """The part's baseline (value, year), else the row's, else (NaN, None).

    >>> _baseline_of({"baseline": 39.0, "baseline_aar": 2017}, None)
    (39.0, 2017)
    >>> _baseline_of({}, {"baseline": 30.65, "baseline_aar": 2016.0}), _baseline_of({}, None)
    ((30.65, 2016), (nan, None))
    """
    b, b_aar = num(d.get("baseline")), year(d.get("baseline_aar"))
    if math.isfinite(b) and b_aar is not None:
        return b, b_aar
    b, b_aar = num(get(status_row, "baseline")), year(get(status_row, "baseline_aar"))
    if math.isfinite(b) and b_aar is not None:
        return b, b_aar
    return float("nan"), None


def _parts(
    dele: list[tuple[Any, dict[str, Any]]], status_row: StatusRow, undertryk_under: int | None, enhed: str
) -> tuple[list[Part], set[int]]:
    """The parts with their colours and shown baselines, and the years of the baselines left out as small."""
    parts: list[Part] = []
    hidden_base: set[int] = set()
    for n, (m, d) in enumerate(dele):
        farve, dash = MAAL_STIL[n % len(MAAL_STIL)]
        b, b_aar = _baseline_of(d, status_row)
        if b_aar is not None and small(b, undertryk_under, enhed):
            hidden_base.add(b_aar)
            b, b_aar = float("nan"), None
        parts.append(Part(m, farve, dash, b, b_aar))
    return parts, hidden_base


def _baselines(parts: list[Part]) -> list[tuple[int, float]]:
    """The shown baselines (year, value), each once, in the order of the parts."""
    out: list[tuple[int, float]] = []
    for p in parts:
        if p.baseline_aar is not None and (p.baseline_aar, p.baseline) not in out:
            out.append((p.baseline_aar, p.baseline))
    return out


def _x_range(area: pd.DataFrame, parts: list[Part], plan_slut: int) -> tuple[int, int]:
    """The first and last year shown: the data, the baselines and the targets' years up to ``plan_slut``."""
    years = [int(y) for y in area["aar"]]
    base_years = [y for y, _ in _baselines(parts)]
    target_years: list[int] = []
    for p in parts:
        for attr in _TARGET_YEARS:
            y = getattr(p.maal, attr, None)
            if isinstance(y, int):
                target_years.append(y)
        if p.maal.type == "aendring_i_vindue":
            target_years.append(p.maal.fra_aar + p.maal.inden_for_aar)
    x_lo = min(years + base_years + target_years)
    x_hi = max(years + [min(y, plan_slut) for y in target_years] + base_years)
    return min(x_lo, max(years)), x_hi


# --------------------------------------------------------------------------- the area, baselines, references


def _draw_area(d: CriterionDrawing, omraade: str, undertryk_under: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The area's values: complete years as the thick line, incomplete years hollow, small counts "<n".

    Returns the complete years drawn and those left out as small counts.
    """
    ax, area = d.ax, d.area
    shown, hidden = split_small(area[~area["ufuldstaendig"]], "vaerdi", undertryk_under, d.enhed)
    (h,) = ax.plot(*uden_huller(shown["aar"], shown["vaerdi"]), color=BLAA, lw=2.2, marker="o", ms=5.5, zorder=5,
                   gid="omraade", clip_on=False)
    navn = kort_navn(d.plan, omraade)
    d.legend.insert_first(h, f"{navn} (figurens område)" if omraade != "samlet" else "De fire områder samlet")
    d.ys.extend(float(v) for v in shown["vaerdi"])
    draw_intervals(d, shown, BLAA, position=1)
    incomplete = area[area["ufuldstaendig"]]
    if len(incomplete):
        (h,) = ax.plot(incomplete["aar"], incomplete["vaerdi"], ls="none", marker="o", ms=6, mfc="white", mec=BLAA,
                       mew=1.4, zorder=5, gid="ufuldstaendig")
        d.legend.add(h, "Ufuldstændigt år (ikke brugt i vurderingen)")
        d.ys.extend(float(v) for v in incomplete["vaerdi"])
    for _, r in hidden.iterrows():
        mark_suppressed(ax, int(r["aar"]), undertryk_under, BLAA, 7.5)
    if len(shown):
        last = shown.iloc[-1]
        ax.annotate(kort_tal(float(last["vaerdi"]), d.enhed), (int(last["aar"]), float(last["vaerdi"])),
                    xytext=(7, 5), textcoords="offset points", ha="left", va="bottom", fontsize=8.5,
                    fontweight="bold", color=BLAA, zorder=6, gid="vaerdi_etiket",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
    return shown, hidden


def _draw_baselines(d: CriterionDrawing, parts: list[Part]) -> None:
    """Each shown baseline as a hollow diamond, named with its year and value in the legend."""
    for b_aar, b in _baselines(parts):
        (h,) = d.ax.plot([b_aar], [b], ls="none", marker="D", ms=7.5, mfc="white", mec=SORT, mew=1.5, zorder=6,
                         gid="baseline", clip_on=False)
        d.legend.add(h, f"Baseline ({b_aar}): {vaerdi(b, d.enhed)}")
        d.ys.append(b)


def _draw_references(d: CriterionDrawing, omraade: str) -> None:
    """The reference geographies with values in the years shown, unless drawn as the target already."""
    for geo, (geo_navn, farve, dash, marker) in REFERENCE_STIL.items():
        if geo in d.drawn_refs or geo == omraade:
            continue
        ref = d.reference(geo)
        ref = ref[ref["aar"].ge(d.x_lo) & ref["aar"].le(d.x_hi)]
        if ref.empty:
            continue
        (h,) = d.ax.plot(*uden_huller(ref["aar"], ref["vaerdi"]), color=farve, ls=dash, lw=1.5, marker=marker, ms=4,
                         zorder=3, gid=f"reference:{geo}", clip_on=False)
        d.legend.add(h, geo_navn)
        d.take(ref)


# --------------------------------------------------------------------------- axes, notes, title, source


def _axes(d: CriterionDrawing, shown: pd.DataFrame, omraade: str) -> None:
    """Years, y range and ticks in Danish, the unit, the direction notes in free corners, the title."""
    ax, ind = d.ax, d.indikator
    last_year = int(shown["aar"].max()) if len(shown) else int(d.area["aar"].max())
    year_axis(ax, d.x_lo, d.x_hi, 0.9 if last_year >= d.x_hi - 0.5 else 0.5)
    y_limits(ax, d.ys, d.enhed, ind.heltal)
    y_locator(ax, ind.heltal)
    ax.yaxis.set_major_formatter(dansk_tal_formatter())
    ax.set_ylabel(akse_tekst(ind))
    for n, (text, farve) in enumerate(d.notes):  # after the limits: the free corners depend on them
        x, y, ha, va = free_corner(ax, n)
        ax.text(x, y, text, transform=ax.transAxes, ha=ha, va=va, fontsize=8, color=farve, fontweight="bold",
                gid="retning", zorder=7,
                bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": farve, "lw": 0.8, "alpha": 0.92})
    ax.set_title(wrap(f"{ind.navn} – {omraade_titel(d.plan, omraade)}", 80), loc="left", pad=6)


def _source_text(area: pd.DataFrame) -> str:
    """Where the latest complete value (else the latest value) comes from: file and row, or the source.

    >>> rows = pd.DataFrame({"aar": [2020, 2021], "ufuldstaendig": [False, True],
    ...                      "fil": ["data/politi.csv"] * 2, "raekke": [3, 4]})
    >>> _source_text(rows)
    'Seneste værdi (2020): politi.csv, række 3.'
    """
    complete = area[~area["ufuldstaendig"]]
    row = complete.iloc[-1] if len(complete) else area.iloc[-1]
    fil = str(row.get("fil", "") or "")
    raekke = row.get("raekke")
    if fil and fil.lower() != "nan":
        where = Path(fil).name + (f", række {int(raekke)}" if raekke is not None and not missing(raekke) else "")
        return f"Seneste værdi ({int(row['aar'])}): {where}."
    kilde = str(row.get("kilde", "") or "")
    if kilde and kilde.lower() != "nan":
        return f"Seneste værdi ({int(row['aar'])}): {textwrap.shorten(kilde, 70, placeholder=' …')}."
    return ""
