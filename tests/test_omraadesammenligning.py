"""The areas compared in each indsatsområde report (report/omraadesammenligning.py, figures/omraader.py; #14,
item 9): one figure per criterion measured in more than one area, the areas side by side against the target,
and nothing drawn that the report hides."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from helhedsanalyse.report import Rapport
from helhedsanalyse.report.plots import ILLUSTRATIV_TEKST


@pytest.fixture(scope="module")
def r():
    return Rapport.load("slut")


@pytest.fixture
def figures(monkeypatch):
    """Every figure a section draws, in this process (one process, so that the figures can be looked at)."""
    import helhedsanalyse.report.plots as plots

    monkeypatch.setenv("HELHEDSANALYSE_PROCESSER", "1")
    drawn: list[Figure] = []
    real = plots.figure_to_html

    def keep(fig, alt):
        drawn.append(fig)
        return real(fig, alt)

    monkeypatch.setattr(plots, "figure_to_html", keep)
    return drawn


def _measured_in(r, kriterium) -> list[str]:
    """The four areas (not samlet) the criterion binds that have a value the report shows, read from the
    series and the suppression (an area whose every value is hidden has nothing to compare)."""
    k = r.plan.kriterium[kriterium]
    ind = str(k.indikator)
    return [o for o in r.plan.omraade_ids
            if o != "samlet" and o in k.omraader
            and r.serie(o, ind)["vaerdi"][~r.skjult(o, ind)].notna().any()]


@pytest.mark.parametrize("io", ["tryghed_trivsel", "kriminalpraevention", "uddannelse_beskaeftigelse",
                                "forebyggelse_foraeldreansvar"])
def test_one_figure_per_criterion_measured_in_more_than_one_area(r, io, figures):
    expected = [k for k in r.plan.kriterier
                if k.indsatsomraade == io and not k.kvalitativ and len(_measured_in(r, k.id)) > 1]
    html = r.omraadesammenligning(io).data
    assert html.count("<img ") == len(expected) == len(figures) > 0
    titles = re.findall(r"<h3>(.*?)</h3>", html)
    assert titles == [r.plan.indikator[str(k.indikator)].navn for k in expected]
    for k, fig in zip(expected, figures, strict=True):
        ax = fig.axes[0]
        areas = {str(ln.get_gid()).split(":", 1)[1] for ln in ax.get_lines()
                 if str(ln.get_gid()).startswith("omraade:")}
        assert areas == set(_measured_in(r, k.id)), k.id
        # the illustrative-data label, as in every figure
        assert any(ILLUSTRATIV_TEKST in t.get_text() for t in fig.findobj(Text))
    # Danish alt text on every figure, and the figure stays in the text column
    for alt in re.findall(r'<img [^>]*alt="([^"]*)"', html):
        assert "områderne sammenlignet" in alt
    assert all('style="width:100%;height:auto"' in tag for tag in re.findall(r"<img [^>]*>", html))


def test_the_target_is_marked_and_every_area_has_its_status(r, figures):
    r.omraadesammenligning("kriminalpraevention")
    fig = figures[0]  # kp_kriminalitet: < 28 for all four areas, < 30 or < 19 each
    legend = [t.get_text().replace("\xa0", " ") for sub in [fig, *fig.subfigs] for leg in sub.legends
              for t in leg.get_texts()]
    assert "Mål for alle områder: < 28 pr. 1000 i 2021" in legend
    assert f"Mål for {r.plan.omraade['skaelskoer'].navn}: < 19 pr. 1000 i 2021" in legend
    levels = {round(float(ln.get_ydata()[0]), 6) for ln in fig.axes[0].get_lines() if ln.get_gid() == "maal"}
    assert levels == {28.0, 30.0, 19.0}
    status = r.status[r.status["kriterium"] == "kp_kriminalitet"].set_index("omraade")["status"]
    assert f"Motalavej – {status['motalavej'].replace('_', ' ')}" in legend


def _skriv(path: Path, rows: list[tuple]) -> Path:
    lines = ["omraade;indikator;periode;vaerdi;taeller;naevner;kilde;note"]
    lines += [";".join("" if c is None else str(c) for c in row) + ";test;" for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_suppressed_values_are_not_drawn(tmp_path, figures):
    data = _skriv(tmp_path / "smaa.csv", [
        *[(o, "tryghed", 2018, None, t, n) for o, t, n in
          [("motalavej", 30, 50), ("ringparken", 120, 180), ("sydbyen", 100, 150), ("skaelskoer", 60, 90)]],
        *[(o, "tryghed", 2019, None, t, n) for o, t, n in
          [("motalavej", 3, 40), ("ringparken", 121, 180), ("sydbyen", 101, 150), ("skaelskoer", 61, 90)]],
    ])
    r = Rapport.load("slut", [str(data)])
    hidden = {o: r.skjult(o, "tryghed") for o in ("motalavej", "ringparken", "sydbyen", "skaelskoer")}
    assert hidden["motalavej"].any(), "the small tæller (3) is suppressed"
    html = r.omraadesammenligning("tryghed_trivsel").data
    (fig,) = figures
    for o, mask in hidden.items():
        s = r.serie(o, "tryghed")
        (line,) = [ln for ln in fig.axes[0].get_lines() if ln.get_gid() == f"omraade:{o}"]
        ys = np.asarray(line.get_ydata(), float)
        drawn = {int(x) for x, y in zip(line.get_xdata(), ys, strict=True) if np.isfinite(y)}
        assert drawn == {int(a) for a in s.loc[~mask, "aar"]}, o
        for v in s.loc[mask, "vaerdi"]:
            assert not np.isclose(ys[np.isfinite(ys)], v).any(), (o, v)
    n_hidden = sum(int(m.sum()) for m in hidden.values())
    assert f"{n_hidden} værdi" in html and "udeladt af figuren" in html
    # nor in the table under it: the hidden value is not written
    assert "7,5 %" not in html
    assert re.search(r"Motalavej</a></td><td>[^<]*</td><td class=\"tal\">\(diskretioneret\)", html)
