"""The report figures: what a reader checks in them, built from the shipped (illustrative) data.

Expected numbers come from the plan (data/plan/kriterier.yaml: kriminalitet "højst 20 i 2021" for the
four areas together, Motalavej "under 28" and "under 30" from 34,2 in 2015; tryghed over the SUB
average, 72,4 % in 2016; fraflytning −10 % a year from ultimo 2017; drop out −30 % within 2 years;
60 fritidsjob a year on average; 3-4 communities by 2018) and from the status table of the same data
(helhedsanalyse.compute.assessment.status_table), so that the figure and the table always agree.

Set HELHEDSANALYSE_FIGURMAPPE=/tmp/plots to keep one PNG per figure kind for looking at.
"""

from __future__ import annotations

import base64
import math
import os
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from helhedsanalyse.compute.assessment import status_table
from helhedsanalyse.compute.indicators import compute_indicators
from helhedsanalyse.core.formatting import format_vaerdi
from helhedsanalyse.inputs.contract import concat_observations
from helhedsanalyse.inputs.files import shipped_inputs
from helhedsanalyse.plan import load_plan
from helhedsanalyse.report.plots import (
    ILLUSTRATIV_TEKST,
    akse_tekst,
    criterion_figure,
    dansk_tal_formatter,
    figure_to_html,
    figure_to_png,
    leverance_figure,
)

PNG_SIGNATUR = b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def inputs(plan):
    """Observations, references and the indicator table exactly as the ``status`` command builds them."""
    observations, references, vurderinger = shipped_inputs(None, plan)
    indikatorer = compute_indicators(concat_observations([observations, references]), plan)
    return observations, references, vurderinger, indikatorer


@pytest.fixture(scope="module")
def status(plan, inputs):
    observations, references, vurderinger, _ = inputs
    return {
        runde: status_table(observations, plan, runde, references=references, vurderinger=vurderinger)
        for runde in ("midtvej", "slut")
    }


@pytest.fixture(scope="module")
def figur(plan, inputs, status):
    """Build the figure of (criterion, area, round); optionally keep a PNG of it."""
    indikatorer = inputs[3]

    def build(kriterium: str, omraade: str, runde: str = "slut") -> Figure | None:
        table = status[runde]
        row = table[(table["kriterium"] == kriterium) & (table["omraade"] == omraade)].iloc[0]
        fig = criterion_figure(indikatorer, plan.kriterium[kriterium], omraade, row, plan, runde)
        keep = os.environ.get("HELHEDSANALYSE_FIGURMAPPE")
        if fig is not None and keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            (Path(keep) / f"{runde}_{kriterium}_{omraade}.png").write_bytes(figure_to_png(fig))
        return fig

    return build


def row_of(status, kriterium, omraade, runde="slut"):
    t = status[runde]
    return t[(t["kriterium"] == kriterium) & (t["omraade"] == omraade)].iloc[0]


def ax_of(fig: Figure):
    return fig.axes[0]


def texts(fig: Figure) -> list[str]:
    """Every text in the figure: titles, labels, legend, annotations, footnotes."""
    fig.draw_without_rendering()
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def legend_texts(fig: Figure) -> list[str]:
    out = []
    for sub in [fig, *fig.subfigs]:
        for leg in sub.legends:
            out.extend(t.get_text().replace("\xa0", " ") for t in leg.get_texts())
    return out


def lines(fig: Figure, gid: str):
    return [ln for ln in ax_of(fig).get_lines() if ln.get_gid() == gid]


def horizontal_at(fig: Figure, gid: str, y: float) -> list:
    return [ln for ln in lines(fig, gid) if np.allclose(np.asarray(ln.get_ydata(), float), y)]


def assert_illustrative(fig: Figure) -> None:
    found = [t for t in fig.findobj(Text) if ILLUSTRATIV_TEKST in t.get_text()]
    gids = {t.get_gid() for t in found}
    assert "illustrativ" in gids, "the footnote warning is missing"
    assert "illustrativ_vandmaerke" in gids, "the watermark is missing"


def assert_danish_ticks(fig: Figure) -> None:
    fig.draw_without_rendering()
    labels = [t.get_text() for t in ax_of(fig).get_yticklabels() if t.get_text()]
    assert labels
    for lab in labels:
        # Danish: decimal comma, thousands point; a value below 1000 never has a point
        assert "." not in lab or lab.replace(".", "").replace("\u2212", "").isdigit(), lab


# --------------------------------------------------------------------------- number format and units


def test_tick_formatter_is_danish():
    fmt = dansk_tal_formatter()
    assert fmt(72.4, 0) == "72,4"
    assert fmt(1250, 0) == "1.250"
    assert fmt(-3.5, 0) == "\u22123,5"
    assert fmt(20.0, 0) == "20"


def test_axis_labels_carry_the_unit(plan):
    assert akse_tekst(plan.indikator["tryghed"]) == "Andel (%)"
    assert akse_tekst(plan.indikator["kriminalitet"]) == "Afgørelser pr. 1000 beboere"
    assert akse_tekst(plan.indikator["fritidsjob"]) == "Antal"
    assert akse_tekst(plan.indikator["ydelsesperiode_18_29"]) == "Uger"


# --------------------------------------------------------------------------- criterion figures


def test_kriminalitet_samlet_fast_maal(figur, status):
    fig = figur("kp_kriminalitet", "samlet")
    ax = ax_of(fig)
    assert ax.get_ylabel() == "Afgørelser pr. 1000 beboere"
    assert ax.get_xlabel() == "År"
    assert "Kriminalretlige afgørelser" in ax.get_title(loc="left")
    assert "samlet" in ax.get_title(loc="left")
    # the target: a horizontal line at 20 (plan: "til max 20 i 2021"), named in the legend
    assert horizontal_at(fig, "maal", 20.0)
    assert "Mål: ≤ 20 pr. 1000 i 2021" in legend_texts(fig)
    # the straight path from the baseline 30,65 (2016) to 20 in 2021
    (path,) = lines(fig, "maalsti")
    assert list(path.get_xdata()) == [2016, 2021]
    assert np.allclose(path.get_ydata(), [30.65, 20.0])
    # baseline marked and labelled
    (base,) = lines(fig, "baseline")
    assert list(base.get_xdata()) == [2016] and np.allclose(base.get_ydata(), [30.65])
    assert any(t.startswith("Baseline (2016): 30,65") for t in legend_texts(fig))
    # the area's values up to 2021, the last one labelled in Danish format (as in the status table)
    (area,) = lines(fig, "omraade")
    row = row_of(status, "kp_kriminalitet", "samlet")
    assert int(area.get_xdata()[-1]) == 2021
    assert math.isclose(float(area.get_ydata()[-1]), row["vaerdi"])
    assert "18,3" in [t.get_text() for t in ax.texts if t.get_gid() == "vaerdi_etiket"]
    # Slagelse Kommune as a reference line; the y axis shows the whole range down to 0
    assert "Slagelse Kommune" in legend_texts(fig)
    assert ax.get_ylim()[0] == 0
    assert_danish_ticks(fig)
    assert_illustrative(fig)


def test_kriminalitet_motalavej_two_targets(figur):
    fig = figur("kp_kriminalitet", "motalavej")
    # Motalavej: "under 28" (ghettokriteriet) and "under 30", each drawn and labelled
    assert horizontal_at(fig, "maal", 28.0) and horizontal_at(fig, "maal", 30.0)
    legend = legend_texts(fig)
    assert "Mål: < 28 pr. 1000 i 2021" in legend and "Mål: < 30 pr. 1000 i 2021" in legend
    colours = {ln.get_color() for ln in lines(fig, "maal")}
    assert len(colours) == 2
    # both paths start at Motalavej's own 2015 figure, 34,2
    for path in lines(fig, "maalsti"):
        assert path.get_xdata()[0] == 2015 and math.isclose(path.get_ydata()[0], 34.2)
    assert "Motalavej" in ax_of(fig).get_title(loc="left")
    assert_illustrative(fig)


def test_tryghed_motalavej_over_reference(figur, inputs):
    fig = figur("tt_tryghed", "motalavej")
    ax = ax_of(fig)
    assert ax.get_ylabel() == "Andel (%)"
    legend = legend_texts(fig)
    assert any("SUB" in t and t.startswith("Mål") for t in legend), legend
    assert "Danmark" in legend
    # the target line is the SUB series itself
    indikatorer = inputs[3]
    sub = indikatorer[(indikatorer["omraade"] == "sub") & (indikatorer["indikator"] == "tryghed")]
    (ref,) = lines(fig, "reference:sub")
    drawn = np.asarray(ref.get_ydata(), float)
    assert np.allclose(drawn[np.isfinite(drawn)], sub.sort_values("aar")["vaerdi"].to_numpy())
    # the plan's printed point: 72,4 % in 2016
    (point,) = lines(fig, "reference_planen")
    assert list(point.get_xdata()) == [2016] and np.allclose(point.get_ydata(), [72.4])
    assert any("72,4 %" in t for t in legend)
    # a share: the axis starts at 0 (#14: never cut), and Danmark (about 88 %) is inside
    lo, hi = ax.get_ylim()
    assert lo == 0 and hi > 89.1
    assert "68,2 %" in [t.get_text().replace("\xa0", " ") for t in ax.texts if t.get_gid() == "vaerdi_etiket"]
    assert_danish_ticks(fig)
    assert_illustrative(fig)


def test_tryghed_sydbyen_nulpunkt(figur, status):
    fig = figur("tt_tryghed", "sydbyen")
    row = row_of(status, "tt_tryghed", "sydbyen")
    # the zero point (the 2017 value) as a dotted line; no target fixed yet: "Skal stige"
    assert horizontal_at(fig, "nulpunkt", row["baseline"])
    assert any(t.startswith("Nulpunkt 2017") for t in legend_texts(fig))
    assert any("Skal stige" in t for t in texts(fig))
    assert {"SUB-gennemsnit", "Danmark"} <= set(legend_texts(fig))
    assert_illustrative(fig)


def test_fraflytning_ringparken_compound_path(figur, status):
    fig = figur("tt_fraflytning", "ringparken")
    row = row_of(status, "tt_fraflytning", "ringparken")
    (part,) = row["dele"]
    (path,) = lines(fig, "maalsti")
    years = np.asarray(path.get_xdata(), int)
    assert list(years) == [2017, 2018, 2019, 2020, 2021]
    # b · 0,9^(t − 2017) from ultimo 2017
    assert np.allclose(path.get_ydata(), part["baseline"] * 0.9 ** (years - 2017))
    # ... and it ends at the compounded 2021 figure the explanation names for comparison: the path is context,
    # each year is judged against the actual year before (the year-by-year requirements are in aar_for_aar)
    assert f"den sammensatte sti fra 2017 giver højst {format_vaerdi(path.get_ydata()[-1], row['enhed'])} i 2021" \
        in part["forklaring"]
    assert [y["aar"] for y in part["aar_for_aar"]] == [2018, 2019, 2020, 2021]
    assert "Målsti: \u221210 % om året fra 2017" in legend_texts(fig)
    assert_illustrative(fig)


def test_dropout_window_then_held(figur, status):
    fig = figur("ub_dropout", "samlet")
    row = row_of(status, "ub_dropout", "samlet")
    (path,) = lines(fig, "maalsti")
    # −30 % within 2 years of 2017: 39 -> 27,3 in 2019, then held to 2021
    assert list(path.get_xdata()) == [2017, 2019, 2021]
    assert np.allclose(path.get_ydata(), [39.0, 27.3, 27.3])
    assert math.isclose(path.get_ydata()[1], row["dele"][0]["maalvaerdi"])
    assert any("fastholdes" in t for t in legend_texts(fig))
    assert ax_of(fig).get_ylabel() == "Antal"
    assert_illustrative(fig)


def test_fritidsjob_mindst_antal(figur, status):
    fig = figur("kp_fritidsjob", "samlet")
    row = row_of(status, "kp_fritidsjob", "samlet")
    assert horizontal_at(fig, "maal", 60.0)
    assert "Mål: mindst 60 i gennemsnit pr. år fra 2018" in legend_texts(fig)
    # the achieved average 2018-2021 (54 in the status table) is drawn beside it
    assert horizontal_at(fig, "gennemsnit", row["vaerdi"])
    assert_illustrative(fig)


def test_communities_interval(figur):
    fig = figur("kp_communities", "samlet")
    assert horizontal_at(fig, "maal", 3.0) and horizontal_at(fig, "maal", 4.0)
    bands = [c for c in ax_of(fig).collections if isinstance(c, PolyCollection) and c.get_gid() == "maal_interval"]
    assert len(bands) == 1
    assert "Mål: 3–4 senest 2018, derefter fastholdt" in legend_texts(fig)
    assert_illustrative(fig)


def test_skolefravaer_sydbyen_direction(figur, status):
    fig = figur("ub_skolefravaer", "sydbyen")
    row = row_of(status, "ub_skolefravaer", "sydbyen")
    assert any("Skal falde" in t for t in texts(fig))
    assert horizontal_at(fig, "maal", row["baseline"])  # dotted line at the 2017 level
    assert ax_of(fig).get_ylabel() == "Andel (%)"
    assert_danish_ticks(fig)
    assert_illustrative(fig)


def test_midtvej_shows_no_later_years(figur):
    fig = figur("tt_fraflytning", "ringparken", "midtvej")
    (area,) = lines(fig, "omraade")
    assert max(area.get_xdata()) == 2018
    assert "midtvej" in " ".join(texts(fig))


def test_qualitative_and_missing_data_give_none(plan, inputs, status):
    indikatorer = inputs[3]
    row = row_of(status, "kp_beboerindflydelse", plan.kriterium["kp_beboerindflydelse"].omraader[0])
    assert criterion_figure(indikatorer, plan.kriterium["kp_beboerindflydelse"], row["omraade"], row, plan,
                            "slut") is None
    # no value at all for the area -> None (the report then says "Ingen data")
    without = indikatorer[~((indikatorer["omraade"] == "samlet") & (indikatorer["indikator"] == "kriminalitet"))]
    row = row_of(status, "kp_kriminalitet", "samlet")
    assert criterion_figure(without, plan.kriterium["kp_kriminalitet"], "samlet", row, plan, "slut") is None


def _real_rows(values: dict[int, float], omraade: str = "samlet", indikator: str = "kriminalitet") -> pd.DataFrame:
    return pd.DataFrame(
        {"omraade": omraade, "indikator": indikator, "aar": list(values), "vaerdi": list(values.values()),
         "illustrativ": False, "ufuldstaendig": False, "fil": "data/politi.csv", "raekke": range(2, 2 + len(values))}
    )


def test_real_data_has_no_illustrative_mark(plan):
    rows = _real_rows({2016: 30.65, 2018: 26.0, 2021: 19.5})
    fig = criterion_figure(rows, plan.kriterium["kp_kriminalitet"], "samlet", None, plan, "slut")
    assert fig is not None
    assert not [t for t in fig.findobj(Text) if ILLUSTRATIV_TEKST in t.get_text()]
    # without a status row the target still comes from the plan, and the source row is named
    assert horizontal_at(fig, "maal", 20.0)
    assert any("politi.csv, række 4" in t for t in texts(fig))


def test_illustrative_row_marks_the_figure(plan):
    rows = _real_rows({2016: 30.65, 2021: 19.5})
    rows.loc[1, "illustrativ"] = True
    fig = criterion_figure(rows, plan.kriterium["kp_kriminalitet"], "samlet", None, plan, "slut")
    assert_illustrative(fig)


def test_small_counts_are_suppressed(plan):
    rows = _real_rows({2018: 3, 2019: 4, 2020: 4, 2021: 4}, indikator="communities")
    fig = criterion_figure(rows, plan.kriterium["kp_communities"], "samlet", None, plan, "slut",
                           undertryk_under=5)
    (area,) = lines(fig, "omraade")
    assert len(area.get_xdata()) == 0
    assert [t.get_text() for t in ax_of(fig).texts if t.get_gid() == "undertrykt"] == ["<5"] * 4


def test_small_baseline_is_suppressed_with_its_path(plan):
    # drop out: a baseline of 4 in 2017 would be readable from the marker and from the path start
    rows = _real_rows({2017: 4, 2019: 12, 2021: 9}, indikator="dropout")
    row = {"baseline": 4.0, "baseline_aar": 2017, "illustrativ": False,
           "dele": [{"baseline": 4.0, "baseline_aar": 2017, "illustrativ": False}]}
    fig = criterion_figure(rows, plan.kriterium["ub_dropout"], "samlet", row, plan, "slut", undertryk_under=5)
    assert not lines(fig, "baseline") and not lines(fig, "maalsti")
    assert 4.0 not in np.concatenate([np.asarray(ln.get_ydata(), float) for ln in ax_of(fig).get_lines()])
    assert any("små tal vises ikke" in t for t in texts(fig))


def test_global_rcparams_untouched(figur):
    before = dict(matplotlib.rcParams)
    figur("tt_tryghed", "motalavej")
    after = dict(matplotlib.rcParams)
    assert {k for k in before if before[k] != after[k]} == set()


# --------------------------------------------------------------------------- delivery figure


def test_leverance_fritidsjob_year_to_date(plan, inputs):
    observations = inputs[0]
    fig = leverance_figure(observations, "fritidsjob", plan, 2021)
    keep = os.environ.get("HELHEDSANALYSE_FIGURMAPPE")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / "leverance_fritidsjob_2021.png").write_bytes(figure_to_png(fig))
    ax = ax_of(fig)
    q = observations[(observations["indikator"] == "fritidsjob") & (observations["aar"] == 2021)]
    per_q = q.groupby("delperiode")["vaerdi"].sum().reindex(["Q1", "Q2", "Q3", "Q4"])
    (samlet,) = lines(fig, "omraade:samlet")
    # samlet = the three areas' quarterly sum, cumulated over the year
    assert np.allclose(samlet.get_ydata(), per_q.cumsum().to_numpy())
    assert samlet.get_ydata()[-1] == 51  # = the yearly value of samlet 2021 in the indicator table
    mot = q[q["omraade"] == "motalavej"].sort_values("delperiode")["vaerdi"].cumsum().to_numpy()
    assert np.allclose(lines(fig, "omraade:motalavej")[0].get_ydata(), mot)
    # the annual target of kp_fritidsjob: at least 60
    assert horizontal_at(fig, "maal", 60.0)
    assert any(t.startswith("Mål for samlet: mindst 60") for t in legend_texts(fig))
    fig.draw_without_rendering()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1. kvartal", "2. kvartal", "3. kvartal", "4. kvartal"]
    assert ax.get_ylabel() == "Antal, år til dato"
    assert_illustrative(fig)


def test_leverance_per_area_target_and_no_data(plan, inputs):
    observations = inputs[0]
    fig = leverance_figure(observations, "tryghedsvandringer", plan, 2020)
    assert any(t.startswith("Mål pr. område: mindst 1") for t in legend_texts(fig))
    assert not lines(fig, "omraade:samlet")
    assert leverance_figure(observations, "fritidsjob", plan, 2016) is None


# --------------------------------------------------------------------------- HTML


def test_figure_to_html_is_self_contained_and_escaped(figur):
    fig = figur("kp_kriminalitet", "samlet")
    out = figure_to_html(fig, 'Kriminalitet <samlet> & "mål"')
    assert out.startswith('<img src="data:image/png;base64,')
    assert 'alt="Kriminalitet &lt;samlet&gt; &amp; &quot;mål&quot;"' in out
    assert "width:100%" in out
    assert "http" not in out
    data = out.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(data).startswith(PNG_SIGNATUR)


def test_figure_to_html_is_byte_stable(figur):
    first = figure_to_html(figur("tt_tryghed", "motalavej"), "Tryghed")
    second = figure_to_html(figur("tt_tryghed", "motalavej"), "Tryghed")
    assert first == second
    png = base64.b64decode(first.split("base64,", 1)[1].split('"', 1)[0])
    assert b"Software" not in png and b"matplotlib" not in png.lower()


def test_values_that_differ_in_their_last_bits_draw_the_same_figure():
    """A sum taken in another order (another memory alignment in another kernel run) can differ in
    the last bits; the figure must not (a report renders identically twice)."""
    from helhedsanalyse.report.plots import stabil

    assert 0.1 + 0.2 != 0.3 and stabil(0.1 + 0.2) == stabil(0.3)
    assert stabil(72.4) == 72.4 and stabil(-1 / 3) == -0.333333333333
    assert math.isnan(stabil(float("nan")))


# --------------------------------------------------------------------------- intervals, missing years, share axes (#14)


@pytest.fixture(scope="module")
def rapport():
    from helhedsanalyse.report import Rapport

    return Rapport.load("slut")


def _published_figure(rapport, kriterium: str, omraade: str) -> Figure:
    """The criterion figure as a report draws it: with the published intervals (report/kriterier.py)."""
    from helhedsanalyse.report.kriterier import med_intervaller

    k = rapport.plan.kriterium[kriterium]
    row = rapport.status[(rapport.status["kriterium"] == kriterium) & (rapport.status["omraade"] == omraade)].iloc[0]
    indikatorer = med_intervaller(rapport.skjul, rapport.indikatorer, omraade, str(k.indikator))
    fig = criterion_figure(indikatorer, k, omraade, row, rapport.plan, "slut")
    assert fig is not None
    return fig


def _interval_bars(fig: Figure) -> dict[int, tuple[float, float]]:
    """The vertical error bars of the figure: year -> (lower, upper)."""
    from matplotlib.collections import LineCollection

    out = {}
    for coll in ax_of(fig).collections:
        if isinstance(coll, LineCollection) and coll.get_gid() == "sikkerhedsinterval":
            for seg in coll.get_segments():
                (x0, y0), (x1, y1) = seg[0], seg[-1]
                assert x0 == x1, "an interval is a vertical bar at its year"
                out[int(round(x0))] = (min(y0, y1), max(y0, y1))
    return out


def test_a_survey_share_with_respondents_is_drawn_with_its_interval(rapport):
    from statsmodels.stats.proportion import proportion_confint

    fig = _published_figure(rapport, "tt_tryghed", "motalavej")
    bars = _interval_bars(fig)
    s = rapport.serie("motalavej", "tryghed")
    with_n = s[s["naevner"].gt(0)]
    assert set(bars) == {int(a) for a in with_n["aar"]}, "a bar for every year with respondents, none without"
    for _, r in with_n.iterrows():
        lo, hi = proportion_confint(int(r["taeller"]), int(r["naevner"]), method="wilson")
        assert np.allclose(bars[int(r["aar"])], (lo * 100, hi * 100))
    assert "95 %-sikkerhedsinterval" in legend_texts(fig)


def test_a_rate_per_1000_is_drawn_with_its_poisson_interval_and_a_register_share_without(rapport):
    from statsmodels.stats.rates import confint_poisson

    bars = _interval_bars(_published_figure(rapport, "kp_kriminalitet", "sydbyen"))
    lo, hi = confint_poisson(39, 1316, method="exact-c")
    assert np.allclose(bars[2016], (lo * 1000, hi * 1000))
    # fraflytning counts every move (no sample), sundhedspleje a whole cohort: no interval is drawn
    for k, o in [("tt_fraflytning", "ringparken"), ("ff_sundhedspleje_6mdr", "ringparken")]:
        fig = _published_figure(rapport, k, o)
        assert not _interval_bars(fig) and "95 %-sikkerhedsinterval" not in legend_texts(fig)


def _segments(line) -> list[tuple[float, float]]:
    """The (from, to) years of every drawn segment of a line (a NaN breaks it)."""
    xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
    return [(a[0], b[0]) for a, b in zip(xy[:-1], xy[1:], strict=True) if np.isfinite(a).all() and np.isfinite(b).all()]


def test_no_line_is_drawn_across_a_missing_year(rapport):
    fig = _published_figure(rapport, "tt_tryghed", "motalavej")  # 2015-2019 and 2021: 2020 is missing
    (area,) = lines(fig, "omraade")
    segs = _segments(area)
    assert segs and all(b - a <= 1 for a, b in segs), segs
    assert (2019.0, 2021.0) not in segs
    # the points stay: every year with a value is still drawn
    ys = np.asarray(area.get_ydata(), float)
    drawn = {int(x) for x, y in zip(area.get_xdata(), ys, strict=True) if np.isfinite(y)}
    assert drawn == {int(a) for a in rapport.serie("motalavej", "tryghed")["aar"]}
    # the reference lines too (SUB has 2016, 2018, 2019, 2021)
    for ln in ax_of(fig).get_lines():
        if (ln.get_gid() or "").startswith("reference:") and len(ln.get_xdata()) > 1:
            assert all(b - a <= 1 for a, b in _segments(ln)), ln.get_gid()


@pytest.mark.parametrize("kriterium, omraade", [("tt_tryghed", "motalavej"), ("ub_skolefravaer", "sydbyen"),
                                                ("tt_fraflytning", "ringparken"), ("ff_sundhedspleje_6mdr", "samlet")])
def test_the_axis_of_a_share_starts_at_0(rapport, kriterium, omraade):
    ax = ax_of(_published_figure(rapport, kriterium, omraade))
    assert ax.get_ylabel() == "Andel (%)"
    lo, hi = ax.get_ylim()
    assert lo == 0 and hi <= 100
