"""The frame of every report figure: legend entries, legend rows and height, line-end labels, free corners."""

from __future__ import annotations

import matplotlib
import pytest

from helhedsanalyse.report.figures.canvas import (
    Legend,
    end_labels,
    finish,
    free_corner,
    new_canvas,
    year_axis,
)
from helhedsanalyse.report.figures.theme import FIGURSTOERRELSE, ILLUSTRATIV_TEKST, rc


@pytest.fixture
def canvas():
    with matplotlib.rc_context(rc()):
        yield new_canvas(FIGURSTOERRELSE[1])


def test_legend_keeps_one_entry_per_text_and_the_area_first():
    legend = Legend()
    legend.add("a", "Mål: ≤ 20")
    legend.add("b", "Mål: ≤ 20")
    legend.append("c", "Danmark")
    legend.insert_first("d", "Motalavej (figurens område)")
    assert legend.labels == ["Motalavej (figurens område)", "Mål: ≤ 20", "Danmark"]
    assert legend.handles == ["d", "a", "c"]


@pytest.mark.parametrize("entries, extra_rows", [(3, 0), (4, 1), (7, 2)])
def test_the_figure_grows_by_the_legends_rows(canvas, entries, extra_rows):
    (h,) = canvas.ax.plot([0, 1], [0, 1])
    legend = Legend([h] * entries, [f"Linje {n}" for n in range(entries)])
    finish(canvas, legend, ["Kilde."], illustrativ=False)
    assert canvas.fig.get_figheight() == pytest.approx(FIGURSTOERRELSE[1] + 0.19 * extra_rows + 0.3)
    assert [leg.get_gid() for leg in canvas.top.legends] == ["legende"]


def test_illustrative_figures_carry_watermark_and_footnote(canvas):
    finish(canvas, Legend(), ["Kilde."], illustrativ=True)
    gids = {t.get_gid() for t in canvas.fig.findobj(matplotlib.text.Text) if t.get_text() == ILLUSTRATIV_TEKST}
    assert gids == {"illustrativ", "illustrativ_vandmaerke"}


def test_end_labels_never_overlap_and_equal_ends_share_one(canvas):
    canvas.ax.set_ylim(0, 100)
    end_labels(canvas.ax, [(4, 50, "50", "#111111", False), (4, 51, "51", "#222222", False),
                           (4, 10, "10", "#333333", False), (4.1, 10, "10", "#444444", True)])
    placed = sorted(t.xyann[1] for t in canvas.ax.texts if t.get_gid() == "vaerdi_etiket")
    assert len(placed) == 3
    assert all(b - a >= 6 - 1e-9 for a, b in zip(placed, placed[1:], strict=False))


def test_free_corner_avoids_the_lines(canvas):
    year_axis(canvas.ax, 2015, 2021, 0.5)
    canvas.ax.set_ylim(0, 10)
    canvas.ax.plot([2015, 2021], [9.5, 9.5])  # along the top
    x, y, ha, va = free_corner(canvas.ax)
    assert va == "bottom"
    assert free_corner(canvas.ax, skip=1)[3] == "bottom"
