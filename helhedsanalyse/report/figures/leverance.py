"""The quarterly delivery figure: year-to-date output per area in a year against the annual target.

Drawn in phases: the indicator's sub-year rows (:func:`_quarterly`), the target (the criterion's
``mindst_antal`` part, :func:`_delivery_target`), the areas to draw, their year-to-date series with
notes on missing quarters (:func:`_year_to_date_series`), the lines, the target marks, the quarter axes
and the frame (:func:`.canvas.finish`). Artists carry a ``gid``: ``omraade:<id>``, ``maal``,
``maal_interval``, ``maalsti``, ``vaerdi_etiket``, ``undertrykt``.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from ...compute.indicators import kort_navn, samlet_omraader
from ...core.formatting import format_tal
from ...plan.model import Indikator, MindstAntal, Plan
from .canvas import (
    EndLabel,
    Legend,
    end_labels,
    finish,
    mark_suppressed,
    new_canvas,
    small_count_note,
    y_limits,
    y_locator,
)
from .labels import akse_tekst, dansk_tal_formatter, kort_tal, wrap
from .targets import OPGOERELSE_TEKST, mindst_marks
from .theme import FIGURSTOERRELSE, GRAA, MAAL_STIL, OMRAADE_STIL, STI_STREG, rc
from .values import split_small

_DELPERIODE_X = {"Q1": 1, "Q2": 2, "H1": 2, "Q3": 3, "Q4": 4, "H2": 4}
_KVARTAL_TEKST = {1: "1. kvartal", 2: "2. kvartal", 3: "3. kvartal", 4: "4. kvartal"}
#: The x range of the quarters, and of the target line across them.
_MAAL_X = (0.6, 4.4)


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
        member areas (:func:`helhedsanalyse.compute.indicators.samlet_omraader`; only quarters that all
        members reported, for indicators whose ``samlet`` is ``sum``).
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
    q = _quarterly(observations, indikator, aar)
    if q.empty:
        return None
    target, krit_id = _delivery_target(plan, indikator, kriterium)
    if omraader is None:
        omraader = _default_areas(plan, q, target)
    series, missing_notes = _year_to_date_series(q, list(omraader), plan, ind)
    if not series:
        return None

    with matplotlib.rc_context(rc()):
        canvas = new_canvas(FIGURSTOERRELSE[1])
        legend = Legend()
        ys: list[float] = [0.0]
        labels, hidden_any = _draw_areas(canvas.ax, legend, ys, series, plan, ind, undertryk_under)
        if target is not None:
            _draw_target(canvas.ax, legend, ys, target, ind.aarsopgoerelse)
        _quarter_axes(canvas.ax, ys, labels, ind, aar)
        footer = [f"Indikator {indikator}" + (f", kriterium {krit_id}" if krit_id else "") + f", {aar}."]
        footer.extend(missing_notes)
        if hidden_any:
            footer.append(small_count_note(undertryk_under))
        finish(canvas, legend, footer, bool(q["illustrativ"].any()))
    return canvas.fig


# --------------------------------------------------------------------------- the data


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


def _delivery_target(plan: Plan, indikator: str, kriterium: str | None) -> tuple[MindstAntal | None, str | None]:
    """The ``mindst_antal`` part of the chosen criterion (else of the indicator's first with one), and its id.

    >>> from helhedsanalyse.plan import load_plan
    >>> target, krit_id = _delivery_target(load_plan(), "fritidsjob", None)
    >>> krit_id, target.mindst, target.opgoerelse
    ('kp_fritidsjob', 60.0, 'gennemsnit_pr_aar')
    """
    kandidater = [plan.kriterium[kriterium]] if kriterium else plan.kriterier_med(indikator)
    for k in kandidater:
        for m in k.maal:
            if m.type == "mindst_antal":
                return m, k.id
    return None, None


def _default_areas(plan: Plan, q: pd.DataFrame, target: MindstAntal | None) -> list[str]:
    """The areas with data, in the plan's order, and ``samlet`` when the target binds it."""
    have = list(dict.fromkeys(q["omraade"].astype(str)))
    order = [o for o in plan.omraade_ids if o in have]
    if target is not None and "samlet" in target.omraader and "samlet" not in order:
        order.append("samlet")
    return order


def _year_to_date(values: pd.Series, how: str) -> pd.Series:
    """The values to date: summed, highest so far, running mean, or each quarter's own (a stock).

    >>> v = pd.Series([3, 1, 4])
    >>> [list(_year_to_date(v, how)) for how in ("sum", "maks", "gennemsnit", "sidste")]
    [[3, 4, 8], [3, 3, 4], [3.0, 2.0, 2.6666666666666665], [3, 1, 4]]
    """
    if how == "sum":
        return values.cumsum()
    if how == "maks":
        return values.cummax()
    if how == "gennemsnit":
        return values.expanding().mean()
    return values  # "sidste": the stock at the end of each quarter


def _samlet_sum(q: pd.DataFrame, plan: Plan, indikator: str, notes: list[str]) -> pd.DataFrame:
    """``samlet`` summed per quarter over its member areas, for the quarters all of them reported."""
    members = samlet_omraader(plan, indikator)
    mq = q[q["omraade"].isin(members)]
    complete = [x for x, g in mq.groupby("x") if set(g["omraade"]) >= set(members)]
    incomplete = sorted(set(mq["x"]) - set(complete))
    if incomplete:
        notes.append("Samlet mangler for " + ", ".join(_KVARTAL_TEKST[x] for x in incomplete)
                     + " (ikke alle områder har indberettet).")
    if not complete:
        return q.iloc[0:0]
    g = mq[mq["x"].isin(complete)].groupby("x", as_index=False).agg(
        vaerdi=("vaerdi", "sum"), illustrativ=("illustrativ", "any"))
    g["omraade"] = "samlet"
    return g


def _year_to_date_series(
    q: pd.DataFrame, omraader: list[str], plan: Plan, ind: Indikator
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Each area's rows with the column ``ytd``, and the notes on quarters that are missing."""
    series: dict[str, pd.DataFrame] = {}
    notes: list[str] = []
    for o in omraader:
        rows = q[q["omraade"].astype(str).eq(o)]
        if rows.empty and o == "samlet" and ind.samlet == "sum":
            rows = _samlet_sum(q, plan, ind.id, notes)
        if rows.empty:
            continue
        rows = rows.sort_values("x").copy()
        quarters = "delperiode" in rows.columns and rows["delperiode"].astype(str).str.startswith("Q").any()
        expected = [1, 2, 3, 4] if quarters or "delperiode" not in rows.columns else [2, 4]
        gaps = [x for x in expected if x <= int(rows["x"].max()) and x not in set(rows["x"])]
        if gaps and "delperiode" in rows.columns:
            notes.append(f"{kort_navn(plan, o)} mangler {', '.join(_KVARTAL_TEKST[x] for x in gaps)}.")
        rows["ytd"] = _year_to_date(rows["vaerdi"].reset_index(drop=True), ind.aarsopgoerelse).to_numpy()
        series[o] = rows
    return series, notes


# --------------------------------------------------------------------------- drawing


def _draw_areas(
    ax: Axes, legend: Legend, ys: list[float], series: dict[str, pd.DataFrame], plan: Plan, ind: Indikator,
    undertryk_under: int | None,
) -> tuple[list[EndLabel], bool]:
    """One line per area (``samlet`` thick); the value labels for the line ends, and whether a small
    count was left out."""
    hidden_any = False
    labels: list[EndLabel] = []
    singles = [o for o in series if o != "samlet"]
    for o, rows in series.items():
        farve, marker = OMRAADE_STIL.get(o, (GRAA, "o"))
        samlet = o == "samlet"
        # areas side by side within a quarter, so that equal values do not hide each other
        dodge = 0.0 if samlet or len(singles) < 2 else (singles.index(o) - (len(singles) - 1) / 2) * 0.035
        vis, skjult = split_small(rows, "ytd", undertryk_under, ind.enhed)
        (h,) = ax.plot(vis["x"] + dodge, vis["ytd"], color=farve, marker=marker, lw=2.6 if samlet else 1.6,
                       ms=6 if samlet else 4.5, zorder=5 if samlet else 4, gid=f"omraade:{o}", clip_on=False)
        legend.append(h, "De fire områder samlet" if samlet and len(series) > 1 else kort_navn(plan, o))
        ys.extend(float(v) for v in vis["ytd"])
        if len(vis):
            last = vis.iloc[-1]
            labels.append((float(last["x"]) + dodge, float(last["ytd"]), kort_tal(float(last["ytd"]), ind.enhed),
                           farve, samlet))
        for _, r in skjult.iterrows():
            hidden_any = True
            mark_suppressed(ax, int(r["x"]), undertryk_under, farve, 7)
    return labels, hidden_any


def _draw_target(ax: Axes, legend: Legend, ys: list[float], target: MindstAntal, how: str) -> None:
    """The annual target across the year (``oevre`` as a band) and, for sums, the even pace towards it."""
    hvor = " for samlet" if target.omraader == ["samlet"] else " pr. område"
    if target.opgoerelse == "i_alt":
        txt = f"Mål{hvor}: mindst {format_tal(target.mindst)} i alt i planperioden"
    else:
        txt = f"Mål{hvor}: mindst {format_tal(target.mindst)} {OPGOERELSE_TEKST[target.opgoerelse]}"
    farve, dash = MAAL_STIL[0]
    h = mindst_marks(ax, _MAAL_X, target.mindst, target.oevre, farve, dash)
    if target.oevre is not None:
        legend.append(h, txt + f" (højst {format_tal(target.oevre)})")
        ys.append(target.oevre)
    else:
        legend.append(h, txt)
    ys.append(target.mindst)
    if how == "sum" and target.opgoerelse != "i_alt":
        xs = [1, 2, 3, 4]
        (h,) = ax.plot(xs, [target.mindst * x / 4 for x in xs], color=farve, ls=STI_STREG, lw=1.3, marker=".", ms=4,
                       zorder=2, gid="maalsti")
        legend.append(h, "Jævnt tempo mod målet (¼ pr. kvartal)")


def _quarter_axes(ax: Axes, ys: list[float], labels: list[EndLabel], ind: Indikator, aar: int) -> None:
    """The quarters, the y range from 0 with Danish ticks, the line-end labels, the unit and the title."""
    ax.set_xlim(0.6, 4.75)
    ax.xaxis.set_major_locator(FixedLocator([1, 2, 3, 4]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p=None: _KVARTAL_TEKST.get(int(round(v)), "")))
    ax.set_xlabel(f"Kvartal {aar}")
    y_limits(ax, ys, ind.enhed, ind.heltal)
    lo, hi = ax.get_ylim()
    ax.set_ylim(0 if lo > 0 and min(ys) >= 0 else lo, hi)
    y_locator(ax, ind.heltal)
    end_labels(ax, labels)
    ax.yaxis.set_major_formatter(dansk_tal_formatter())
    ax.set_ylabel(_y_label(ind))
    ax.set_title(wrap(f"{ind.navn} {aar}: leverance år til dato", 80), loc="left", pad=6)


def _y_label(ind: Indikator) -> str:
    """The y-axis label: the unit and how the year to date is reckoned.

    >>> from helhedsanalyse.plan import load_plan
    >>> _y_label(load_plan().indikator["fritidsjob"])
    'Antal, år til dato'
    """
    akse = akse_tekst(ind)
    return {
        "sum": f"{akse}, år til dato",
        "maks": f"Højeste {akse.lower()} til dato",
        "gennemsnit": f"Gennemsnit ({akse.lower()}) til dato",
        "sidste": f"{akse} ved kvartalets udgang",
    }[ind.aarsopgoerelse]
