"""The target marks of the criterion figure: one drawing function per target kind of the plan.

Expected marks per kind from the table in helhedsanalyse/report/figures/targets.py (and the plan's
kinds, helhedsanalyse.plan.model.KRITERIE_TYPER).
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

from helhedsanalyse.plan import load_plan
from helhedsanalyse.plan.model import KRITERIE_TYPER
from helhedsanalyse.report.figures.canvas import new_canvas
from helhedsanalyse.report.figures.targets import TARGET_MARKS, CriterionDrawing, Part, draw_targets
from helhedsanalyse.report.figures.theme import MAAL_STIL, rc


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def test_every_kind_of_the_plan_has_a_drawing_function():
    assert set(TARGET_MARKS) == set(KRITERIE_TYPER)


def _drawing(plan, indikator: str, area: dict[int, float] | None = None) -> CriterionDrawing:
    values = area or {2016: 30.0, 2018: 25.0, 2021: 19.0}
    frame = pd.DataFrame({"aar": list(values), "vaerdi": list(values.values()), "illustrativ": False,
                          "ufuldstaendig": False})
    with matplotlib.rc_context(rc()):
        canvas = new_canvas(3.4)
    return CriterionDrawing(canvas.ax, plan, pd.DataFrame(columns=["omraade", "indikator", "aar", "vaerdi"]),
                            plan.indikator[indikator], 2021, frame, 2015, 2021)


def _first_part(plan, kind: str):
    """(indicator, target) of the first criterion in the plan with a part of ``kind``."""
    for k in plan.kriterium.values():
        for m in k.maal:
            if m.type == kind and k.indikator:
                return k.indikator, m
    pytest.skip(f"no criterion of kind {kind} in the plan")


# kind -> the gids its marks carry when a baseline (30 in 2016) is given
MARKS = {
    "fast_maal": {"maal", "maalsti"},
    "aarlig_aendring": {"maalsti"},
    "aendring_i_vindue": {"maalsti"},
    "mindst_antal": {"maal"},
    "andel_af_kohorte": {"maal"},
    "interval": {"maal"},
    "nulpunkt": {"nulpunkt"},
    "retning": {"maal"},
}


@pytest.mark.parametrize("kind", sorted(MARKS))
def test_each_kind_draws_its_marks_in_the_parts_colour(plan, kind):
    indikator, maal = _first_part(plan, kind)
    d = _drawing(plan, indikator)
    farve, dash = MAAL_STIL[1]
    draw_targets(d, [Part(maal, farve, dash, 30.0, 2016)])
    gids = {ln.get_gid() for ln in d.ax.get_lines()}
    assert MARKS[kind] <= gids, gids
    assert d.legend.labels, "every kind names its target in the legend"
    assert d.ys and all(math.isfinite(y) for y in d.ys)
    own = [ln for ln in d.ax.get_lines() if ln.get_gid() in {"maal", "maalsti"}]
    assert not own or any(ln.get_color() == farve for ln in own)


@pytest.mark.parametrize("kind", ["aarlig_aendring", "aendring_i_vindue"])
def test_a_path_needs_a_baseline(plan, kind):
    indikator, maal = _first_part(plan, kind)
    d = _drawing(plan, indikator)
    draw_targets(d, [Part(maal, *MAAL_STIL[0], float("nan"), None)])
    assert not d.ax.get_lines() and not d.legend.labels


def test_a_qualitative_part_draws_nothing(plan):
    maal = next(m for k in plan.kriterium.values() for m in k.maal if m.type == "kvalitativ")
    d = _drawing(plan, "kriminalitet")
    draw_targets(d, [Part(maal, *MAAL_STIL[0], 30.0, 2016)])
    assert not d.ax.get_lines() and not d.legend.labels and not d.notes


def test_over_reference_draws_the_reference_series_as_the_target(plan):
    indikator, maal = _first_part(plan, "over_reference")
    d = _drawing(plan, indikator)
    d.indikatorer = pd.DataFrame({"omraade": maal.reference, "indikator": indikator, "aar": [2016, 2018, 2022],
                                  "vaerdi": [70.0, 71.0, 72.0], "illustrativ": [False, True, False]})
    draw_targets(d, [Part(maal, *MAAL_STIL[0], 30.0, 2016)])
    (line,) = [ln for ln in d.ax.get_lines() if ln.get_gid() == f"reference:{maal.reference}"]
    points = [(x, y) for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True) if y == y]
    assert [x for x, _ in points] == [2016, 2018]  # not after the round's last year
    assert np.isnan(line.get_ydata()).sum() == 1, "no line across the missing 2017 (#14)"
    assert d.drawn_refs == {maal.reference} and d.illustrativ
    assert d.legend.labels[0].startswith("Mål: over ")


def test_straight_paths_get_one_legend_entry(plan):
    indikator, maal = _first_part(plan, "fast_maal")
    d = _drawing(plan, indikator)
    draw_targets(d, [Part(maal, *MAAL_STIL[0], 30.0, 2016), Part(maal, *MAAL_STIL[1], 30.0, 2016)])
    assert d.legend.labels.count("Lige linje fra baseline til målet") == 1
