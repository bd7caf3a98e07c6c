"""The figures of the Danish HTML reports: one per criterion × area, and the quarterly delivery figure.

* :func:`criterion_figure` — an area's yearly values of a criterion's indicator against its
  baseline, its target (drawn per criterion kind, see below) and the reference geographies
  (SUB-gennemsnit, Danmark, Slagelse Kommune) where the data have them.
* :func:`leverance_figure` — the quarterly delivery measurement: year-to-date output per area in a
  year against the annual target of the indicator's ``mindst_antal`` criterion.
* :func:`figure_to_html` — a figure as a self-contained ``<img>`` (PNG as a base64 data URI), byte
  for byte the same for the same figure, so that a report renders identically twice.

How each target kind is drawn (``Maal.type``, parameters in :mod:`helhedsanalyse.plan`):

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
``kvalitativ``         no figure (``None``)
=====================  ==============================================================================

Every figure built on illustrative data carries a diagonal watermark and the footnote
"ILLUSTRATIVE DATA – ikke rigtige tal". The footnote also names the criterion, the indicator and the
file and row of the latest value, so that the figure can be traced to its source row.

Figures are made with :class:`matplotlib.figure.Figure` (no pyplot state, no backend needed, nothing
is shown) under a local :func:`matplotlib.rc_context`; the global rcParams are never changed.
Artists carry a ``gid`` (``omraade``, ``baseline``, ``maal``, ``maalsti``, ``reference:<geo>``,
``illustrativ`` ...) so that tests and callers can find them.
"""

from __future__ import annotations

import base64
import html
import io
import math
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from ..compute.indicators import kort_navn, samlet_omraader
from ..core.formatting import format_aendring, format_tal, format_vaerdi
from ..plan.model import RUNDE_SIDSTE_AAR, Indikator, Kriterium, Plan

__all__ = [
    "ILLUSTRATIV_TEKST",
    "criterion_figure",
    "leverance_figure",
    "figure_to_html",
    "figure_to_png",
    "akse_tekst",
    "dansk_tal_formatter",
]

#: The warning every figure built on illustrative data carries (DESIGN.md, "Reports").
ILLUSTRATIV_TEKST = "ILLUSTRATIVE DATA – ikke rigtige tal"

#: Figure size in inches: readable at A4 width (the report column is about 190 mm).
FIGURSTOERRELSE = (7.2, 3.4)
DPI = 110

# Okabe-Ito, safe for the common colour-vision deficiencies; lines also differ by dash and marker.
BLAA = "#0072B2"
ORANGE = "#D55E00"
GROEN = "#009E73"
GUL_ORANGE = "#E69F00"
LYSEBLAA = "#56B4E9"
LILLA = "#CC79A7"
SORT = "#000000"
GRAA = "#555555"
LYSEGRAA = "#8C8C8C"

#: Colours and dashes of the target parts, in the order of the criterion's parts.
MAAL_STIL: list[tuple[str, Any]] = [
    (ORANGE, (0, (6, 3))),
    (LILLA, (0, (9, 2, 2, 2))),
    (GUL_ORANGE, (0, (3, 2))),
    (LYSEBLAA, (0, (4, 2, 1, 2, 1, 2))),
]

#: Reference geographies drawn when the indicator has values for them: (legend name, colour, dash, marker).
REFERENCE_STIL: dict[str, tuple[str, str, Any, str]] = {
    "sub": ("SUB-gennemsnit", GROEN, (0, (5, 2, 1, 2)), "s"),
    "danmark": ("Danmark", GRAA, (0, (1, 1.5)), "^"),
    "slagelse_kommune": ("Slagelse Kommune", LYSEGRAA, (0, (3, 1.5)), "v"),
}

#: Line styles of the areas in :func:`leverance_figure`: (colour, marker).
OMRAADE_STIL: dict[str, tuple[str, str]] = {
    "motalavej": (GUL_ORANGE, "o"),
    "ringparken": (LYSEBLAA, "s"),
    "sydbyen": (GROEN, "^"),
    "skaelskoer": (LILLA, "D"),
    "samlet": (BLAA, "o"),
}

_OP_TEKST = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_OPGOERELSE_TEKST = {"hvert_aar": "hvert år", "gennemsnit_pr_aar": "i gennemsnit pr. år", "i_alt": "i alt"}
_ENHED_AKSE = {
    "antal": "Antal",
    "fuldtidspersoner": "Fuldtidspersoner",
    "uger": "Uger",
    "dage": "Dage",
}
_DELPERIODE_X = {"Q1": 1, "Q2": 2, "H1": 2, "Q3": 3, "Q4": 4, "H2": 4}
_KVARTAL_TEKST = {1: "1. kvartal", 2: "2. kvartal", 3: "3. kvartal", 4: "4. kvartal"}


# --------------------------------------------------------------------------- small helpers


#: seaborn's "whitegrid" axes style (``seaborn.axes_style("whitegrid")``, seaborn 0.13), written out so
#: that a report kernel does not import seaborn and, through it, scipy (about 0.8 s per notebook) for
#: one dict. ``image.cmap`` ("rocket", a colormap seaborn registers on import) is left out: the report
#: figures draw no images. The figures are byte-identical to those drawn with the seaborn call.
_WHITEGRID: dict[str, Any] = {
    "figure.facecolor": "white",
    "axes.labelcolor": ".15",
    "xtick.direction": "out",
    "ytick.direction": "out",
    "xtick.color": ".15",
    "ytick.color": ".15",
    "axes.axisbelow": True,
    "grid.linestyle": "-",
    "text.color": ".15",
    "font.family": ["sans-serif"],
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "xtick.top": False,
    "ytick.right": False,
    "axes.grid": True,
    "axes.facecolor": "white",
    "axes.edgecolor": ".8",
    "grid.color": ".8",
    "axes.spines.left": True,
    "axes.spines.bottom": True,
    "axes.spines.right": True,
    "axes.spines.top": True,
    "xtick.bottom": False,
    "ytick.left": False,
}


def _rc() -> dict[str, Any]:
    """rcParams of the report figures: seaborn's whitegrid look, the bundled DejaVu Sans font."""
    rc = dict(_WHITEGRID)
    rc.update(
        {
            "font.family": "sans-serif",
            # the font bundled with matplotlib: the same glyphs (æ, ø, å, −, ≤) on every machine
            "font.sans-serif": ["DejaVu Sans"],
            "font.size": 8.5,
            "axes.titlesize": 10,
            "axes.titleweight": "bold",
            "axes.labelsize": 9,
            "xtick.labelsize": 8.5,
            "ytick.labelsize": 8.5,
            "legend.fontsize": 8,
            "legend.frameon": False,
            "axes.unicode_minus": True,
            "axes.formatter.use_locale": False,
            "axes.edgecolor": "#b0b0b0",
            "grid.color": "#e3e3e3",
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "svg.hashsalt": "helhedsanalyse",
            "path.simplify": False,
        }
    )
    return rc


def _get(row: Mapping[str, Any] | pd.Series | None, key: str, default: Any = None) -> Any:
    if row is None:
        return default
    try:
        value = row.get(key, default)  # type: ignore[union-attr]
    except AttributeError:
        return default
    return default if _missing(value) else value


def _missing(x: Any) -> bool:
    if x is None or x is pd.NA:
        return True
    if isinstance(x, (list, tuple, dict, np.ndarray)):
        return False
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _num(x: Any) -> float:
    """A finite float or NaN."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return float("nan")
    return v if math.isfinite(v) else float("nan")


def _year(x: Any) -> int | None:
    v = _num(x)
    return int(round(v)) if math.isfinite(v) else None


def dansk_tal_formatter(decimaler: int | None = None) -> FuncFormatter:
    """A tick formatter in Danish number format: ``72,4``, ``1.250``, ``−3`` (see :func:`format_tal`)."""

    def _fmt(v: float, _pos: Any = None) -> str:
        if abs(v) < 1e-9:
            v = 0.0
        return format_tal(round(v, 6), decimaler)

    return FuncFormatter(_fmt)


def _aars_formatter() -> FuncFormatter:
    return FuncFormatter(lambda v, _pos=None: f"{int(round(v))}" if abs(v - round(v)) < 1e-6 else "")


def _taeller_naevner(beskrivelse: str | None) -> tuple[str | None, str | None]:
    """``"... tæller = afgørelser, nævner = beboere."`` -> ``("afgørelser", "beboere")``."""
    if not beskrivelse or "tæller =" not in beskrivelse:
        return None, None
    rest = beskrivelse.split("tæller =", 1)[1]
    taeller, _, naevner = rest.partition("nævner =")
    taeller = taeller.strip().rstrip(",").strip()
    naevner = naevner.strip().rstrip(".").strip() or None
    return (taeller or None), naevner


def akse_tekst(indikator: Indikator) -> str:
    """The y-axis label of an indicator, with its unit in Danish.

    >>> from helhedsanalyse.plan import load_plan
    >>> p = load_plan()
    >>> akse_tekst(p.indikator["tryghed"]), akse_tekst(p.indikator["kriminalitet"]), akse_tekst(p.indikator["fritidsjob"])
    ('Andel (%)', 'Afgørelser pr. 1000 beboere', 'Antal')
    """
    if indikator.enhed == "pct":
        return "Andel (%)"
    if indikator.enhed == "pr_1000":
        taeller, naevner = _taeller_naevner(indikator.beskrivelse)
        if taeller:
            return f"{taeller[:1].upper()}{taeller[1:]} pr. 1000 {naevner or 'beboere'}"
        return "Pr. 1000 beboere"
    return _ENHED_AKSE.get(indikator.enhed, "Værdi")


def _omraade_titel(plan: Plan, omraade: str) -> str:
    """``Motalavej (Korsør)``, ``Præstevangen og Parkvej (Skælskør)``, ``De fire boligområder samlet``."""
    try:
        navn = plan.stednavn(omraade)
    except KeyError:
        return omraade
    o = plan.omraade.get(omraade)
    if o is not None and o.by and o.by not in navn:
        return f"{navn} ({o.by})"
    return navn


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def _v(x: float, enhed: str | None) -> str:
    """A value with its unit, shares with one decimal: ``68,2 %``, ``18,25 pr. 1000``, ``54``."""
    return format_vaerdi(x, enhed)


def _kort_tal(x: float, enhed: str | None) -> str:
    """A value label for a point: ``68,2 %``, ``18,3``, ``1.250``."""
    if enhed == "pct":
        return format_tal(round(x, 1)) + " %"
    if abs(x) >= 100 or (enhed == "antal" and abs(x - round(x)) < 1e-9):
        return format_tal(round(x), 0)
    return format_tal(round(x, 1) if abs(x) >= 10 else round(x, 2))


def _small(v: float, undertryk_under: int | None, enhed: str | None) -> bool:
    """True if ``v`` is a small count that must not be shown (DESIGN.md: counts below 5 as "<5")."""
    return (
        undertryk_under is not None
        and enhed == "antal"
        and math.isfinite(v)
        and 0 < v < undertryk_under
    )


def _footer(sub: Any, parts: list[str], illustrativ: bool) -> None:
    """The source line at the bottom left and, for illustrative data, the warning at the bottom right."""
    text = _wrap(" ".join(p for p in parts if p), 100 if illustrativ else 150)
    sub.text(0.01, 0.5, text, ha="left", va="center", fontsize=6.5, color="#444444", gid="kilde")
    if illustrativ:
        sub.text(0.99, 0.5, ILLUSTRATIV_TEKST, ha="right", va="center", fontsize=7.5, fontweight="bold",
                 color="#8a3a00", gid="illustrativ",
                 bbox={"boxstyle": "round,pad=0.25", "fc": "#fff3cd", "ec": "#b58100", "lw": 0.8})


def _watermark(ax: Any) -> None:
    ax.text(0.5, 0.5, ILLUSTRATIV_TEKST, transform=ax.transAxes, ha="center", va="center", rotation=14,
            fontsize=20, fontweight="bold", color="#B00000", alpha=0.10, zorder=0, gid="illustrativ_vandmaerke")


#: Height of the footnote strip below the plot, in inches.
_FOD_HOEJDE = 0.3


def _new_figure(hoejde: float) -> tuple[Figure, Any, Any, Any]:
    """A figure of two sub-figures: the plot with its legend below it, and a footnote strip.

    Returns (figure, plot sub-figure, axes, footnote sub-figure).
    """
    fig = Figure(figsize=(FIGURSTOERRELSE[0], hoejde + _FOD_HOEJDE), dpi=DPI, layout="constrained")
    fig.get_layout_engine().set(h_pad=0.02, w_pad=0.04, hspace=0, wspace=0)  # type: ignore[union-attr]
    top, bottom = fig.subfigures(2, 1, height_ratios=[hoejde, _FOD_HOEJDE])
    ax = top.add_subplot()
    return fig, top, ax, bottom


def _set_height(fig: Figure, hoejde: float) -> None:
    """Give the plot ``hoejde`` inches and keep the footnote strip at its fixed height."""
    fig.set_figheight(hoejde + _FOD_HOEJDE)
    gs = fig.subfigs[0]._subplotspec.get_gridspec()
    gs.set_height_ratios([hoejde, _FOD_HOEJDE])


def _legend(fig: Any, handles: list[Any], labels: list[str]) -> None:
    """The legend below the axes (never over the data), in as many columns as fit."""
    if not handles:
        return
    longest = max(len(lab) for lab in labels)
    ncols = 3 if longest <= 38 else 2 if longest <= 58 else 1
    ncols = min(ncols, len(handles))
    leg = fig.legend(handles, labels, loc="outside lower center", ncols=ncols, handlelength=3.2,
                     columnspacing=1.4, borderaxespad=0.2)
    leg.set_gid("legende")


def _legend_rows(n: int, labels: Sequence[str]) -> int:
    if n == 0:
        return 0
    longest = max(len(lab) for lab in labels)
    ncols = 3 if longest <= 38 else 2 if longest <= 58 else 1
    return math.ceil(n / min(ncols, n))


def _y_limits(ax: Any, values: list[float], enhed: str | None, heltal: bool) -> None:
    """Zoom on the data and every line drawn; shares 0-100 only when the values are spread out."""
    vals = [v for v in values if math.isfinite(v)]
    if not vals:
        return
    lo, hi = min(vals), max(vals)
    if enhed == "pct":
        if hi - lo >= 50:
            ax.set_ylim(0, 100)
            return
        span = max(hi - lo, 4.0)
        pad = 0.12 * span
        mid = (lo + hi) / 2
        lo, hi = min(lo, mid - span / 2) - pad, max(hi, mid + span / 2) + pad
        lo, hi = max(lo, 0.0), min(hi, 100.0)
        ax.set_ylim(lo, hi)
        return
    if lo >= 0 and lo <= 0.5 * hi:
        ax.set_ylim(0, hi * 1.12 if hi > 0 else 1)
        return
    span = max(hi - lo, abs(hi) * 0.1, 1.0 if heltal else 1e-6)
    pad = 0.12 * span
    ax.set_ylim(lo - pad, hi + pad)


def _y_locator(ax: Any, heltal: bool) -> None:
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=heltal, steps=[1, 2, 2.5, 5, 10]))


def _free_corner(ax: Any, skip: int = 0) -> tuple[float, float, str, str]:
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
            xy = np.concatenate([a + t * (b - a) for a, b in zip(xy[:-1], xy[1:])])
        if len(xy):
            pts.append(to_axes.transform(xy))
    allpts = np.concatenate(pts) if pts else np.empty((0, 2))
    corners = [(0.99, 0.97, "right", "top"), (0.01, 0.97, "left", "top"),
               (0.99, 0.03, "right", "bottom"), (0.01, 0.03, "left", "bottom")]

    def crowd(c: tuple[float, float, str, str]) -> int:
        x, y, ha, va = c
        xs = (allpts[:, 0] >= 0.55) if ha == "right" else (allpts[:, 0] <= 0.45)
        ys = (allpts[:, 1] >= 0.72) if va == "top" else (allpts[:, 1] <= 0.28)
        return int((xs & ys).sum())

    ranked = sorted(corners, key=crowd)  # stable: upper right wins ties
    return ranked[min(skip, len(ranked) - 1)]


def _end_labels(ax: Any, labels: list[tuple[float, float, str, str, bool]]) -> None:
    """Value labels at the ends of the lines, never on top of each other.

    ``labels``: (x, y, text, colour, bold). Lines that end on the same value share one grey label;
    the others are moved apart vertically by at least 6 % of the y range. Call after the y limits.
    """
    groups: dict[str, list[tuple[float, float, str, str, bool]]] = {}
    for item in labels:
        groups.setdefault(item[2], []).append(item)
    merged = []
    for text, items in groups.items():
        if len(items) == 1:
            merged.append(items[0])
        else:
            bold = any(it[4] for it in items)
            merged.append((max(it[0] for it in items), items[0][1], text, BLAA if bold else GRAA, bold))
    merged.sort(key=lambda it: it[1])
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


def _x_axis(ax: Any, lo: int, hi: int, right_pad: float) -> None:
    ax.set_xlim(lo - 0.4, hi + right_pad)
    if hi - lo <= 14:
        ax.xaxis.set_major_locator(FixedLocator(list(range(lo, hi + 1))))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(_aars_formatter())
    ax.set_xlabel("År")


# --------------------------------------------------------------------------- criterion figure


def _dele(kriterium: Kriterium, omraade: str, status_row: Any) -> list[tuple[Any, dict[str, Any]]]:
    """The parts binding ``omraade`` paired with their result dicts from the status row (if any)."""
    maal = kriterium.maal_for(omraade)
    dele = _get(status_row, "dele", None)
    dele = list(dele) if isinstance(dele, (list, tuple)) else []
    if len(dele) != len(maal):
        dele = [{} for _ in maal]
    return [(m, dict(d) if isinstance(d, Mapping) else {}) for m, d in zip(maal, dele)]


def _baseline_of(d: Mapping[str, Any], status_row: Any) -> tuple[float, int | None]:
    b, b_aar = _num(d.get("baseline")), _year(d.get("baseline_aar"))
    if math.isfinite(b) and b_aar is not None:
        return b, b_aar
    b, b_aar = _num(_get(status_row, "baseline")), _year(_get(status_row, "baseline_aar"))
    if math.isfinite(b) and b_aar is not None:
        return b, b_aar
    return float("nan"), None


def stabil(x: float) -> float:
    """``x`` rounded to 12 significant digits, for drawing.

    A value computed twice from the same data can differ in its last bits (numpy sums in an order
    that depends on the memory alignment of the array, which differs between runs of a kernel); a
    line drawn from it can then shade one pixel one level differently. Rounded, the same data draw
    the same pixels (DESIGN.md: a report renders identically twice).
    """
    x = float(x)
    return float(f"{x:.12g}") if math.isfinite(x) else x


def _series(indikatorer: pd.DataFrame, sted: str, indikator: str, sidste_aar: int) -> pd.DataFrame:
    df = indikatorer[
        indikatorer["omraade"].astype(str).eq(sted)
        & indikatorer["indikator"].astype(str).eq(indikator)
    ].copy()
    if df.empty:
        return df
    df["aar"] = pd.to_numeric(df["aar"], errors="coerce")
    df["vaerdi"] = pd.to_numeric(df["vaerdi"], errors="coerce")
    df = df[df["aar"].notna() & df["aar"].le(sidste_aar) & df["vaerdi"].notna()]
    df["aar"] = df["aar"].astype(int)
    df["vaerdi"] = df["vaerdi"].map(stabil)
    for col in ("illustrativ", "ufuldstaendig", "tilnaermet"):
        df[col] = df[col].fillna(False).astype(bool) if col in df.columns else False
    return df.sort_values("aar", kind="stable").drop_duplicates("aar", keep="first")


def _source_text(row: pd.Series | None) -> str:
    if row is None:
        return ""
    fil = str(row.get("fil", "") or "")
    raekke = row.get("raekke")
    if fil and fil.lower() != "nan":
        where = Path(fil).name + (f", række {int(raekke)}" if not _missing(raekke) else "")
        return f"Seneste værdi ({int(row['aar'])}): {where}."
    kilde = str(row.get("kilde", "") or "")
    if kilde and kilde.lower() != "nan":
        return f"Seneste værdi ({int(row['aar'])}): {textwrap.shorten(kilde, 70, placeholder=' …')}."
    return ""


def criterion_figure(
    indikatorer: pd.DataFrame,
    kriterium: Kriterium,
    omraade: str,
    status_row: Mapping[str, Any] | pd.Series | None,
    plan: Plan,
    runde: str,
    *,
    undertryk_under: int | None = None,
) -> Figure | None:
    """The figure of one succeskriterium for one area: values, baseline, target and references.

    Parameters
    ----------
    indikatorer : pandas.DataFrame
        :func:`helhedsanalyse.indicators.compute_indicators` of the observations *and* the reference
        geographies (columns ``omraade, indikator, aar, vaerdi, illustrativ, ufuldstaendig, fil,
        raekke, kilde`` are used).
    kriterium : Kriterium
        The criterion (``plan.kriterium[id]``).
    omraade : str
        Area id (``motalavej`` ... ``samlet``).
    status_row : mapping or pandas.Series
        The criterion × area row of :func:`helhedsanalyse.assessment.status_table` (uses ``dele``,
        ``baseline``, ``baseline_aar``, ``maal``, ``illustrativ``); ``None`` draws the targets from the
        plan alone.
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
    T = RUNDE_SIDSTE_AAR[runde]
    slut = int(plan.evalueringsrunder.get("slut", RUNDE_SIDSTE_AAR["slut"]))
    area = _series(indikatorer, omraade, ind.id, T)
    if area.empty:
        return None
    parts = [(m, d) for m, d in _dele(kriterium, omraade, status_row) if m.type != "kvalitativ"]
    enhed = ind.enhed

    with matplotlib.rc_context(_rc()):
        fig, top, ax, bottom = _new_figure(FIGURSTOERRELSE[1])
        handles: list[Any] = []
        labels: list[str] = []
        ys: list[float] = []
        illustrativ = bool(_get(status_row, "illustrativ", False)) or bool(area["illustrativ"].any())
        illustrativ |= any(bool(d.get("illustrativ")) for _, d in parts)

        hidden_base: set[int] = set()

        def base(d: Mapping[str, Any]) -> tuple[float, int | None]:
            """The part's baseline, unless it is a small count that must not be shown."""
            b, b_aar = _baseline_of(d, status_row)
            if b_aar is not None and _small(b, undertryk_under, enhed):
                hidden_base.add(b_aar)
                return float("nan"), None
            return b, b_aar

        def add(h: Any, label: str) -> None:
            if label not in labels:
                handles.append(h)
                labels.append(label)

        # ---- x range: the data, the baselines and the targets' years, up to the plan's end
        years = [int(y) for y in area["aar"]]
        target_years: list[int] = []
        baselines: list[tuple[int, float]] = []
        for m, d in parts:
            b, b_aar = base(d)
            if b_aar is not None and (b_aar, b) not in baselines:
                baselines.append((b_aar, b))
            for attr in ("senest", "til_aar", "fra_aar", "nulpunkt_aar", "reference_aar"):
                y = getattr(m, attr, None)
                if isinstance(y, int):
                    target_years.append(y)
            if m.type == "aendring_i_vindue":
                target_years.append(m.fra_aar + m.inden_for_aar)
        x_lo = min(years + [y for y, _ in baselines] + target_years)
        x_hi = max(years + [min(y, max(slut, T)) for y in target_years] + [y for y, _ in baselines])
        x_lo = min(x_lo, max(years))

        # ---- targets per part
        drawn_refs: set[str] = set()
        notes: list[tuple[str, str]] = []  # direction texts, placed in a free corner at the end
        path_drawn = False
        for n, (m, d) in enumerate(parts):
            farve, dash = MAAL_STIL[n % len(MAAL_STIL)]
            b, b_aar = base(d)
            t = m.type
            if t == "fast_maal":
                op = _OP_TEKST[m.operator]
                (h,) = ax.plot([x_lo - 0.4, x_hi + 0.4], [m.maal, m.maal], color=farve, ls=dash, lw=1.7,
                               zorder=2, gid="maal")
                add(h, f"Mål: {op} {_v(m.maal, enhed)} i {m.senest}")
                ys.append(m.maal)
                if b_aar is not None and b_aar < m.senest:
                    ax.plot([b_aar, m.senest], [b, m.maal], color=farve, ls=(0, (1, 2)), lw=1.3, zorder=2,
                            gid="maalsti")
                    path_drawn = True
            elif t == "aarlig_aendring":
                if b_aar is None:
                    continue
                start = m.fra_aar if m.fra_vaerdi is not None or b_aar == m.fra_aar else b_aar
                xs = list(range(start, m.til_aar + 1))
                path = [b * (1 + m.pct / 100.0) ** (x - start) for x in xs]
                (h,) = ax.plot(xs, path, color=farve, ls=dash, lw=1.7, marker=".", ms=4, zorder=2, gid="maalsti")
                add(h, f"Målsti: {format_aendring(m.pct)} om året fra {start}")
                ys.extend(path)
                ax.annotate(_kort_tal(path[-1], enhed), (xs[-1], path[-1]), xytext=(5, -9),
                            textcoords="offset points", fontsize=7.5, color=farve, ha="left", va="center")
            elif t == "aendring_i_vindue":
                if b_aar is None:
                    continue
                w = m.fra_aar + m.inden_for_aar
                target = b * (1 + m.pct / 100.0)
                end = max(x_hi, w)
                xs = [b_aar, w] + ([end] if end > w else [])
                path = [b, target] + ([target] if end > w else [])
                (h,) = ax.plot(xs, path, color=farve, ls=dash, lw=1.7, zorder=2, gid="maalsti")
                add(h, f"Målsti: {format_aendring(m.pct)} inden for {m.inden_for_aar} år, derefter fastholdes "
                       f"({_kort_tal(target, enhed)})")
                ys.extend(path)
            elif t == "mindst_antal":
                start = min(m.fra_aar, x_hi)
                end = x_hi + 0.4
                if m.oevre is not None:
                    band = ax.fill_between([start, end], [m.mindst] * 2, [m.oevre] * 2, color=farve, alpha=0.12,
                                           lw=0, zorder=1, gid="maal_interval")
                    (h,) = ax.plot([start, end], [m.mindst, m.mindst], color=farve, ls=dash, lw=1.7, zorder=2,
                                   gid="maal")
                    add((band, h), f"Mål: {format_tal(m.mindst)}–{format_tal(m.oevre)} "
                                   f"{_OPGOERELSE_TEKST[m.opgoerelse]} fra {m.fra_aar}")
                    ys.append(m.oevre)
                else:
                    (h,) = ax.plot([start, end], [m.mindst, m.mindst], color=farve, ls=dash, lw=1.7, zorder=2,
                                   gid="maal")
                    add(h, f"Mål: mindst {_v(m.mindst, enhed)} {_OPGOERELSE_TEKST[m.opgoerelse]} fra {m.fra_aar}")
                ys.append(m.mindst)
                if m.opgoerelse == "gennemsnit_pr_aar":
                    w = area[area["aar"].ge(m.fra_aar) & ~area["ufuldstaendig"]]
                    if m.senest:
                        w = w[w["aar"].le(m.senest)]
                    if len(w):
                        avg = float(w["vaerdi"].mean())
                        (h2,) = ax.plot([int(w["aar"].min()), int(w["aar"].max())], [avg, avg], color=BLAA,
                                        ls=(0, (1, 1)), lw=1.4, alpha=0.8, zorder=2, gid="gennemsnit")
                        add(h2, f"Gennemsnit {int(w['aar'].min())}–{int(w['aar'].max())}: {_kort_tal(avg, enhed)} pr. år")
            elif t == "andel_af_kohorte":
                start = min(m.fra_aar, x_hi)
                (h,) = ax.plot([start, x_hi + 0.4], [m.mindst_pct, m.mindst_pct], color=farve, ls=dash, lw=1.7,
                               zorder=2, gid="maal")
                add(h, f"Mål: mindst {format_tal(m.mindst_pct)} % af kohorten fra {m.fra_aar}")
                ys.append(m.mindst_pct)
            elif t == "interval":
                start = x_lo - 0.4
                end = x_hi + 0.4
                band = ax.fill_between([start, end], [m.min] * 2, [m.max] * 2, color=farve, alpha=0.15, lw=0,
                                       zorder=1, gid="maal_interval")
                for y in (m.min, m.max):
                    (h,) = ax.plot([start, end], [y, y], color=farve, ls=dash, lw=1.2, zorder=2, gid="maal")
                dl = f" senest {m.senest}, derefter fastholdt" if m.senest else ""
                add((band, h), f"Mål: {format_tal(m.min)}–{format_tal(m.max)}{dl}")
                ys.extend([m.min, m.max])
                if m.senest and x_lo <= m.senest <= x_hi:
                    ax.axvline(m.senest, color=farve, lw=0.8, ls=(0, (1, 2)), zorder=1, gid="frist")
            elif t == "over_reference":
                ref = _series(indikatorer, m.reference, ind.id, T)
                ref = ref[ref["aar"].ge(x_lo - 1)]
                navn = REFERENCE_STIL.get(m.reference, (kort_navn(plan, m.reference),))[0]
                if len(ref):
                    (h,) = ax.plot(ref["aar"], ref["vaerdi"], color=farve, ls=dash, lw=1.8, marker="s", ms=4.5,
                                   zorder=3, gid=f"reference:{m.reference}")
                    add(h, f"Mål: over {navn}")
                    ys.extend(float(v) for v in ref["vaerdi"])
                    illustrativ |= bool(ref["illustrativ"].any())
                    drawn_refs.add(m.reference)
                if m.reference_vaerdi is not None and m.reference_aar is not None:
                    (h,) = ax.plot([m.reference_aar], [m.reference_vaerdi], ls="none", marker="*", ms=11,
                                   color=farve, mec="white", mew=0.6, zorder=4, gid="reference_planen")
                    add(h, f"Planens tal: {navn.split(' (')[0]} {_v(m.reference_vaerdi, enhed)} ({m.reference_aar})")
                    ys.append(m.reference_vaerdi)
            elif t == "nulpunkt":
                if b_aar is not None:
                    (h,) = ax.plot([b_aar, x_hi + 0.4], [b, b], color=GRAA, ls=(0, (1, 1.5)), lw=1.4, zorder=2,
                                   gid="nulpunkt")
                    add(h, f"Nulpunkt {b_aar}: {_v(b, enhed)}")
                    ys.append(b)
                if m.maal is not None:
                    op = "≥" if m.retning == "op" else "≤"
                    (h,) = ax.plot([m.nulpunkt_aar, x_hi + 0.4], [m.maal, m.maal], color=farve, ls=dash, lw=1.7,
                                   zorder=2, gid="maal")
                    add(h, f"Mål: {op} {_v(m.maal, enhed)}")
                    ys.append(m.maal)
                else:
                    word = "Skal stige" if m.retning == "op" else "Skal falde"
                    arrow = "↑" if m.retning == "op" else "↓"
                    notes.append((f"{arrow} {word} fra nulpunktet {m.nulpunkt_aar}\n(målet er ikke fastlagt)", farve))
            elif t == "retning":
                word = "Skal stige" if m.retning == "op" else "Skal falde"
                arrow = "↑" if m.retning == "op" else "↓"
                if b_aar is not None:
                    (h,) = ax.plot([b_aar, m.til_aar], [b, b], color=farve, ls=(0, (1, 1.5)), lw=1.5, zorder=2,
                                   gid="maal")
                    add(h, f"Udgangspunkt {b_aar}: {_v(b, enhed)} – {word.lower()} til {m.til_aar}")
                    ys.append(b)
                notes.append((f"{arrow} {word} {m.fra_aar}–{m.til_aar}", farve))
        if path_drawn:
            add(Line2D([], [], color=GRAA, ls=(0, (1, 2)), lw=1.3), "Lige linje fra baseline til målet")

        # ---- the area's values (complete years as a line; incomplete years hollow)
        navn = kort_navn(plan, omraade)
        full = area[~area["ufuldstaendig"]]
        shown = full
        hidden = pd.DataFrame()
        if undertryk_under is not None and enhed == "antal":
            small = full["vaerdi"].map(lambda v: _small(float(v), undertryk_under, enhed))
            shown, hidden = full[~small], full[small]
        (h,) = ax.plot(shown["aar"], shown["vaerdi"], color=BLAA, lw=2.2, marker="o", ms=5.5, zorder=5,
                       gid="omraade", clip_on=False)
        handles.insert(0, h)
        labels.insert(0, f"{navn} (figurens område)" if omraade != "samlet" else "De fire områder samlet")
        ys.extend(float(v) for v in shown["vaerdi"])
        incomplete = area[area["ufuldstaendig"]]
        if len(incomplete):
            (h,) = ax.plot(incomplete["aar"], incomplete["vaerdi"], ls="none", marker="o", ms=6, mfc="white",
                           mec=BLAA, mew=1.4, zorder=5, gid="ufuldstaendig")
            add(h, "Ufuldstændigt år (ikke brugt i vurderingen)")
            ys.extend(float(v) for v in incomplete["vaerdi"])
        for _, r in hidden.iterrows():
            ax.annotate(f"<{undertryk_under}", (int(r["aar"]), 0), xytext=(0, 3), textcoords="offset points",
                        xycoords=("data", "axes fraction"), ha="center", va="bottom", fontsize=7.5, color=BLAA,
                        gid="undertrykt")
        if len(shown):
            last = shown.iloc[-1]
            ax.annotate(_kort_tal(float(last["vaerdi"]), enhed), (int(last["aar"]), float(last["vaerdi"])),
                        xytext=(7, 5), textcoords="offset points", ha="left", va="bottom", fontsize=8.5,
                        fontweight="bold", color=BLAA, zorder=6, gid="vaerdi_etiket",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})

        # ---- baselines
        for b_aar, b in baselines:
            (h,) = ax.plot([b_aar], [b], ls="none", marker="D", ms=7.5, mfc="white", mec=SORT, mew=1.5, zorder=6,
                           gid="baseline", clip_on=False)
            add(h, f"Baseline ({b_aar}): {_v(b, enhed)}")
            ys.append(b)

        # ---- reference geographies
        for geo, (geo_navn, farve, dash, marker) in REFERENCE_STIL.items():
            if geo in drawn_refs or geo == omraade:
                continue
            ref = _series(indikatorer, geo, ind.id, T)
            ref = ref[ref["aar"].ge(x_lo) & ref["aar"].le(x_hi)]
            if ref.empty:
                continue
            (h,) = ax.plot(ref["aar"], ref["vaerdi"], color=farve, ls=dash, lw=1.5, marker=marker, ms=4, zorder=3,
                           gid=f"reference:{geo}", clip_on=False)
            add(h, geo_navn)
            ys.extend(float(v) for v in ref["vaerdi"])
            illustrativ |= bool(ref["illustrativ"].any())

        # ---- axes, titles, legend, footer
        last_year = int(shown["aar"].max()) if len(shown) else max(years)
        _x_axis(ax, x_lo, x_hi, 0.9 if last_year >= x_hi - 0.5 else 0.5)
        _y_limits(ax, ys, enhed, ind.heltal)
        _y_locator(ax, ind.heltal)
        ax.yaxis.set_major_formatter(dansk_tal_formatter())
        ax.set_ylabel(akse_tekst(ind))
        for n, (text, farve) in enumerate(notes):
            x, y, ha, va = _free_corner(ax, n)
            ax.text(x, y, text, transform=ax.transAxes, ha=ha, va=va, fontsize=8, color=farve, fontweight="bold",
                    gid="retning", zorder=7,
                    bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": farve, "lw": 0.8, "alpha": 0.92})
        title = _wrap(f"{ind.navn} – {_omraade_titel(plan, omraade)}", 80)
        ax.set_title(title, loc="left", pad=6)
        if illustrativ:
            _watermark(ax)
        src = area[~area["ufuldstaendig"]]
        src_row = src.iloc[-1] if len(src) else area.iloc[-1]
        footer = [f"Kriterium {kriterium.id}, indikator {ind.id}, runde {runde} (data til og med {T}).",
                  _source_text(src_row)]
        if len(hidden) or hidden_base:
            footer.append(f"<{undertryk_under}: små tal vises ikke"
                          + (" (heller ikke baseline og målsti fra den)." if hidden_base else "."))
        _legend(top, handles, labels)
        _footer(bottom, footer, illustrativ)
        rows = _legend_rows(len(handles), labels)
        _set_height(fig, FIGURSTOERRELSE[1] + 0.19 * max(rows - 1, 0))
    return fig


# --------------------------------------------------------------------------- delivery figure


def _quarterly(observations: pd.DataFrame, indikator: str, aar: int) -> pd.DataFrame:
    """The indicator's sub-year rows of ``aar``, one per (område, periode): real before illustrative."""
    df = observations[observations["indikator"].astype(str).eq(indikator)].copy()
    if df.empty:
        return df
    if "aar" not in df.columns:
        df["aar"] = df["periode"].astype(str).str[:4]
    if "delperiode" not in df.columns:
        df["delperiode"] = df["periode"].astype(str).str[4:]
    df["aar"] = pd.to_numeric(df["aar"], errors="coerce")
    df["delperiode"] = df["delperiode"].fillna("").astype(str).str.strip().str.upper()
    df["vaerdi"] = pd.to_numeric(df["vaerdi"], errors="coerce")
    df["illustrativ"] = df["illustrativ"].fillna(False).astype(bool) if "illustrativ" in df.columns else False
    df = df[df["aar"].eq(aar) & df["delperiode"].isin(list(_DELPERIODE_X)) & df["vaerdi"].notna()]
    if "periode" not in df.columns:
        df["periode"] = df["aar"].astype(int).astype(str) + df["delperiode"]
    df = df.assign(_pos=np.arange(len(df))).sort_values(["illustrativ", "_pos"], kind="stable")
    df = df.drop_duplicates(["omraade", "periode"], keep="first")
    df["x"] = df["delperiode"].map(_DELPERIODE_X).astype(int)
    return df.sort_values(["omraade", "x"], kind="stable")


def _year_to_date(values: pd.Series, how: str) -> pd.Series:
    if how == "sum":
        return values.cumsum()
    if how == "maks":
        return values.cummax()
    if how == "gennemsnit":
        return values.expanding().mean()
    return values  # "sidste": the stock at the end of each quarter


def leverance_figure(
    observations: pd.DataFrame,
    indikator: str,
    plan: Plan,
    aar: int,
    omraader: Sequence[str] | None = None,
    *,
    kriterium: str | None = None,
    undertryk_under: int | None = None,
) -> Figure | None:
    """The quarterly delivery measurement of one indicator in one year: year to date against the target.

    Parameters
    ----------
    observations : pandas.DataFrame
        The raw observations (data contract: columns ``omraade, indikator, periode, aar, delperiode,
        vaerdi, illustrativ``; ``fil``/``raekke`` if present). Only the quarterly and half-yearly rows
        (``delperiode`` Q1-Q4, H1/H2) of ``aar`` are used; whole-year rows are ignored. Duplicates of
        one (område, periode) keep real before illustrative data, then the first row.
    indikator : str
        Indicator id, e.g. ``"fritidsjob"``.
    plan : Plan
    aar : int
        The year, e.g. 2021.
    omraader : sequence of str, optional
        The areas to draw (default: the areas with data in the year, and ``samlet`` when the target
        binds it). ``samlet`` is taken from the data if given there, else summed per quarter over the
        member areas (:func:`helhedsanalyse.indicators.samlet_omraader`; only quarters that all members
        reported, for indicators whose ``samlet`` is ``sum``).
    kriterium : str, optional
        The criterion whose ``mindst_antal`` target is drawn (default: the first criterion of the
        indicator with a ``mindst_antal`` part; no target line if there is none).
    undertryk_under : int, optional
        Year-to-date values above 0 and below this number are not drawn (small counts), only
        labelled "<n".

    Returns
    -------
    matplotlib.figure.Figure or None
        x: the quarters (half-years at the 2nd and 4th quarter); y: the output year to date, in the
        indicator's ``aarsopgoerelse``: cumulative sum (``sum``), highest so far (``maks``), running
        mean (``gennemsnit``) or the quarter's own value (``sidste``, a stock). One line per area,
        ``samlet`` thick in blue; the annual target (``mindst``, and ``oevre`` as a band) as a dashed
        line, for ``sum`` indicators with the even pace towards it (target × quarter / 4) dotted.
        ``None`` when the indicator has no sub-year rows in ``aar``.
    """
    if indikator not in plan.indikator:
        raise ValueError(f"ukendt indikator '{indikator}'")
    ind = plan.indikator[indikator]
    how = ind.aarsopgoerelse
    q = _quarterly(observations, indikator, aar)
    if q.empty:
        return None

    # the target: a mindst_antal part of the chosen (or first) criterion of the indicator
    kandidater = [plan.kriterium[kriterium]] if kriterium else plan.kriterier_med(indikator)
    target = None
    krit_id = None
    for k in kandidater:
        for m in k.maal:
            if m.type == "mindst_antal":
                target, krit_id = m, k.id
                break
        if target is not None:
            break

    have = list(dict.fromkeys(q["omraade"].astype(str)))
    if omraader is None:
        order = [o for o in plan.omraade_ids if o in have]
        if target is not None and "samlet" in target.omraader and "samlet" not in order:
            order.append("samlet")
        omraader = order
    omraader = list(omraader)

    series: dict[str, pd.DataFrame] = {}
    missing_notes: list[str] = []
    for o in omraader:
        rows = q[q["omraade"].astype(str).eq(o)]
        if rows.empty and o == "samlet" and ind.samlet == "sum":
            members = samlet_omraader(plan, indikator)
            mq = q[q["omraade"].isin(members)]
            per_x = mq.groupby("x")
            complete = [x for x, g in per_x if set(g["omraade"]) >= set(members)]
            incomplete = sorted(set(mq["x"]) - set(complete))
            if incomplete:
                missing_notes.append(
                    "Samlet mangler for " + ", ".join(_KVARTAL_TEKST[x] for x in incomplete)
                    + " (ikke alle områder har indberettet)."
                )
            if complete:
                g = mq[mq["x"].isin(complete)].groupby("x", as_index=False).agg(
                    vaerdi=("vaerdi", "sum"), illustrativ=("illustrativ", "any"))
                g["omraade"] = "samlet"
                rows = g
        if rows.empty:
            continue
        rows = rows.sort_values("x").copy()
        quarters = "delperiode" in rows.columns and rows["delperiode"].astype(str).str.startswith("Q").any()
        expected = [1, 2, 3, 4] if quarters or "delperiode" not in rows.columns else [2, 4]
        gaps = [x for x in expected if x <= int(rows["x"].max()) and x not in set(rows["x"])]
        if gaps and "delperiode" in rows.columns:
            missing_notes.append(f"{kort_navn(plan, o)} mangler {', '.join(_KVARTAL_TEKST[x] for x in gaps)}.")
        rows["ytd"] = _year_to_date(rows["vaerdi"].reset_index(drop=True), how).to_numpy()
        series[o] = rows
    if not series:
        return None
    illustrativ = bool(q["illustrativ"].any())

    y_label = {
        "sum": f"{akse_tekst(ind)}, år til dato",
        "maks": f"Højeste {akse_tekst(ind).lower()} til dato",
        "gennemsnit": f"Gennemsnit ({akse_tekst(ind).lower()}) til dato",
        "sidste": f"{akse_tekst(ind)} ved kvartalets udgang",
    }[how]

    with matplotlib.rc_context(_rc()):
        fig, top, ax, bottom = _new_figure(FIGURSTOERRELSE[1])
        handles: list[Any] = []
        labels: list[str] = []
        ys: list[float] = [0.0]
        hidden_any = False
        end_labels: list[tuple[float, float, str, str, bool]] = []
        singles = [o for o in series if o != "samlet"]
        for o, rows in series.items():
            farve, marker = OMRAADE_STIL.get(o, (GRAA, "o"))
            samlet = o == "samlet"
            # areas side by side within a quarter, so that equal values do not hide each other
            dodge = 0.0 if samlet or len(singles) < 2 else (singles.index(o) - (len(singles) - 1) / 2) * 0.035
            small = rows["ytd"].map(lambda v: _small(float(v), undertryk_under, ind.enhed))
            vis, skjult = rows[~small], rows[small]
            (h,) = ax.plot(vis["x"] + dodge, vis["ytd"], color=farve, marker=marker, lw=2.6 if samlet else 1.6,
                           ms=6 if samlet else 4.5, zorder=5 if samlet else 4, gid=f"omraade:{o}", clip_on=False)
            handles.append(h)
            labels.append("De fire områder samlet" if samlet and len(series) > 1 else kort_navn(plan, o))
            ys.extend(float(v) for v in vis["ytd"])
            if len(vis):
                last = vis.iloc[-1]
                end_labels.append((float(last["x"]) + dodge, float(last["ytd"]),
                                   _kort_tal(float(last["ytd"]), ind.enhed), farve, samlet))
            for _, r in skjult.iterrows():
                hidden_any = True
                ax.annotate(f"<{undertryk_under}", (int(r["x"]), 0), xycoords=("data", "axes fraction"),
                            xytext=(0, 3), textcoords="offset points", ha="center", va="bottom", fontsize=7,
                            color=farve, gid="undertrykt")

        if target is not None:
            binds = "samlet" if target.omraader == ["samlet"] else "pr. område"
            hvor = " for samlet" if binds == "samlet" else " pr. område"
            if target.opgoerelse == "i_alt":
                txt = f"Mål{hvor}: mindst {format_tal(target.mindst)} i alt i planperioden"
            else:
                txt = f"Mål{hvor}: mindst {format_tal(target.mindst)} {_OPGOERELSE_TEKST[target.opgoerelse]}"
            farve, dash = MAAL_STIL[0]
            if target.oevre is not None:
                band = ax.fill_between([0.6, 4.4], [target.mindst] * 2, [target.oevre] * 2, color=farve, alpha=0.12,
                                       lw=0, zorder=1, gid="maal_interval")
                (h,) = ax.plot([0.6, 4.4], [target.mindst] * 2, color=farve, ls=dash, lw=1.7, zorder=2, gid="maal")
                handles.append((band, h))
                labels.append(txt + f" (højst {format_tal(target.oevre)})")
                ys.append(target.oevre)
            else:
                (h,) = ax.plot([0.6, 4.4], [target.mindst] * 2, color=farve, ls=dash, lw=1.7, zorder=2, gid="maal")
                handles.append(h)
                labels.append(txt)
            ys.append(target.mindst)
            if how == "sum" and target.opgoerelse != "i_alt":
                xs = [1, 2, 3, 4]
                (h,) = ax.plot(xs, [target.mindst * x / 4 for x in xs], color=farve, ls=(0, (1, 2)), lw=1.3,
                               marker=".", ms=4, zorder=2, gid="maalsti")
                handles.append(h)
                labels.append("Jævnt tempo mod målet (¼ pr. kvartal)")

        ax.set_xlim(0.6, 4.75)
        ax.xaxis.set_major_locator(FixedLocator([1, 2, 3, 4]))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p=None: _KVARTAL_TEKST.get(int(round(v)), "")))
        ax.set_xlabel(f"Kvartal {aar}")
        _y_limits(ax, ys, ind.enhed, ind.heltal)
        lo, hi = ax.get_ylim()
        ax.set_ylim(0 if lo > 0 and min(ys) >= 0 else lo, hi)
        _y_locator(ax, ind.heltal)
        _end_labels(ax, end_labels)
        ax.yaxis.set_major_formatter(dansk_tal_formatter())
        ax.set_ylabel(y_label)
        ax.set_title(_wrap(f"{ind.navn} {aar}: leverance år til dato", 80), loc="left", pad=6)
        if illustrativ:
            _watermark(ax)
        footer = [f"Indikator {indikator}" + (f", kriterium {krit_id}" if krit_id else "") + f", {aar}."]
        footer.extend(missing_notes)
        if hidden_any:
            footer.append(f"<{undertryk_under}: små tal vises ikke.")
        _legend(top, handles, labels)
        _footer(bottom, footer, illustrativ)
        rows_n = _legend_rows(len(handles), labels)
        _set_height(fig, FIGURSTOERRELSE[1] + 0.19 * max(rows_n - 1, 0))
    return fig


# --------------------------------------------------------------------------- HTML


#: Decimals the laid-out positions are rounded to (fractions of the (sub)figure: 1e-6 of 800 pixels is
#: under a thousandth of a pixel, far below what can be seen, far above the solver's last-bit noise).
LAYOUT_DECIMALER = 6


def freeze_layout(fig: Figure) -> None:
    """Lay the figure out once, round where every sub-figure and axes landed, and keep it there.

    The constrained layout (kiwisolver) places the same sub-figures and axes differently in the last
    bits from one run to the next (measured: the list figure of the helhedsevaluering, 4 of 30 times in
    one process, the sub-figure edges 1e-13 apart). Drawn, that shades a few pixels along a line one
    level differently (17 pixels, 1/255 each). Rounded to :data:`LAYOUT_DECIMALER` decimals and fixed, the
    same figure gives the same pixels (tests/test_render_determinisme.py). Costs nothing: savefig lays
    the figure out once either way.
    """
    engine = fig.get_layout_engine()
    if engine is None or not fig.axes:
        return
    engine.execute(fig)  # what drawing would do first; savefig's own drawing then lays out nothing more

    def subfigures(f: Any) -> Iterable[Any]:
        for sub in getattr(f, "subfigs", []):
            yield sub
            yield from subfigures(sub)

    for sub in subfigures(fig):
        box = sub.bbox_relative
        box.set_points(np.round(box.get_points(), LAYOUT_DECIMALER))
    for ax in fig.get_axes():
        pos = ax.get_position(original=False)
        ax.set_position([round(v, LAYOUT_DECIMALER) for v in pos.bounds], which="both")
    fig.set_layout_engine("none")


def figure_to_png(fig: Figure, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes: tight bounding box, no timestamp or software tag, the layout rounded
    (:func:`freeze_layout`): byte-stable."""
    freeze_layout(fig)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "helhedsanalyse"}):
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.08, facecolor="white",
                    metadata={"Software": None})
    return buf.getvalue()


def figure_to_html(fig: Figure, alt: str) -> str:
    """An ``<img>`` with the figure embedded as a base64 PNG data URI; closes the figure.

    No external resource is referenced, ``alt`` is HTML-escaped, the width is 100 % of the column,
    and the same figure gives the same bytes every time (DESIGN.md: reports render identically).
    """
    png = figure_to_png(fig)
    if "matplotlib.pyplot" in sys.modules:  # a figure made with pyplot: release it there too
        sys.modules["matplotlib.pyplot"].close(fig)
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(str(alt), quote=True)}" '
        f'style="width:100%;height:auto" class="figur">'
    )
