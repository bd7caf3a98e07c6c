"""Same data, same code, same bytes: every report of both rounds, rendered again and again (issue 12).

The whole report set of both rounds (every area, every indsatsområde, 26 reports and the index) is
rendered twice here, and the session's set (``rendered``: both rounds, two areas) is a third rendering
of the reports it shares with them. Apart from the date a report was made, every page must be the same
byte for byte: the tables, the texts, and every pixel of every figure (an earlier test found the list
figure of the helhedsevaluering differing in 17 pixels between two of three renders).
A difference is reported with the figure it is in and how many pixels differ.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from helhedsanalyse.render import render

#: The only thing allowed to differ: the date a report or the index was made.
DATO = re.compile(r'(<(dd|span) class="dato">)[^<]*(</\2>)')
IMG = re.compile(r"<img\b[^>]*>")
SRC = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
ALT = re.compile(r'alt="([^"]*)"')


def _images(page: str) -> list[tuple[str, str]]:
    """(base64 PNG, alt text) of every embedded figure, in order (the attributes in any order)."""
    out = []
    for tag in IMG.findall(page):
        src, alt = SRC.search(tag), ALT.search(tag)
        if src:
            out.append((src.group(1), alt.group(1) if alt else ""))
    return out


def _normalise(text: str) -> str:
    return DATO.sub(r"\1DATO\3", text)


def _pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): _normalise(p.read_text(encoding="utf-8")) for p in sorted(out.rglob("*.html"))}


#: The opening and closing tags of a link (in-page jumps ``#…`` keep their opening tag).
LENKE = re.compile(r'<a (?:class="gittercelle" )?href="(?!#)[^"]*"[^>]*>|</a>')


def _uden_lenker(page: str) -> str:
    """The page with its links to other pages taken out (their text kept), for comparing two sets.

    >>> _uden_lenker('<a href="omraade_x.html#k-a-x" title="a">A</a>, <a class="gittercelle" href="y.html">B</a>')
    'A, B'
    """
    return LENKE.sub("", page)


def _pixels(png: bytes):
    import matplotlib.image

    return matplotlib.image.imread(io.BytesIO(png), format="png")


def _describe(name: str, a: str, b: str) -> str:
    """Where two renderings of a page differ: the figures (alt text, differing pixels) or the first line."""
    imgs_a, imgs_b = _images(a), _images(b)
    figures = []
    if len(imgs_a) == len(imgs_b):
        for (data_a, alt), (data_b, _) in zip(imgs_a, imgs_b):
            if data_a != data_b:
                pa, pb = _pixels(base64.b64decode(data_a)), _pixels(base64.b64decode(data_b))
                if pa.shape != pb.shape:
                    figures.append(f"  figure {alt[:90]!r}: size {pa.shape} against {pb.shape}")
                else:
                    n = int((abs(pa - pb).max(axis=-1) > 0).sum())
                    figures.append(f"  figure {alt[:90]!r}: {n} pixels differ")
    rest_a, rest_b = IMG.sub("<img>", a), IMG.sub("<img>", b)
    text = ""
    if rest_a != rest_b:
        la, lb = rest_a.splitlines(), rest_b.splitlines()
        i = next((i for i, (x, y) in enumerate(zip(la, lb)) if x != y), min(len(la), len(lb)))
        text = f"\n  first differing line {i + 1}:\n  - {la[i][:300] if i < len(la) else ''}\n  + {lb[i][:300] if i < len(lb) else ''}"
    return f"{name}:" + ("\n" + "\n".join(figures) if figures else "") + text


def test_every_report_of_both_rounds_renders_byte_identical(tmp_path, rendered):
    sets = []
    for i in (1, 2):
        out = tmp_path / f"gang{i}"
        render(runder=["midtvej", "slut"], out_dir=out, progress=False)
        sets.append(_pages(out))
    first, second = sets
    assert len([n for n in first if n.count("/") == 1 and "statusoversigt" not in n]) == 26, sorted(first)
    assert sorted(first) == sorted(second)
    session = _pages(rendered)
    shared = sorted(set(session) & set(first) - {"index.html"})  # the session set has two areas, so its own index
    assert len(shared) >= 20, shared
    differences = [_describe(n, first[n], second[n]) for n in first if first[n] != second[n]]
    # the session set holds two of the five area reports, and a link to a report a set does not hold is written
    # as plain text (render/nav.py): against the full set, its pages are compared without their links
    differences += [_describe(f"{n} (session set)", _uden_lenker(session[n]), _uden_lenker(first[n]))
                    for n in shared if _uden_lenker(session[n]) != _uden_lenker(first[n])]
    assert not differences, "rendering again gave other bytes:\n" + "\n".join(differences)


# --------------------------------------------------------------------------- the layout, rounded


def _figure():
    """A figure laid out as the report figures are: constrained layout, a plot and a footnote sub-figure,
    four panels, a legend outside, dashed lines."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.2, 5.0), dpi=110, layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[4.6, 0.4])
    axes = top.subplots(2, 2, squeeze=False, sharex=True, sharey=True)
    for i, ax in enumerate(axes.flat):
        ax.plot([2013, 2016, 2021], [1.3 + i, 2.7, 3.1 - i / 3], ls="--", marker="s", lw=1.5)
        ax.plot([2013, 2021], [0.2 * i, 2.9], ls=":", lw=1.5)
        ax.set_title(f"Område {i + 1}", loc="left")
    top.legend(["a", "b"], loc="outside lower center", ncols=2)
    bottom.text(0.01, 0.5, "Kilde: testdata", fontsize=6.3)
    return fig


def test_figures_are_byte_identical_whatever_last_bits_the_layout_solver_gives(monkeypatch):
    """The constrained layout solver may place sub-figures and axes differently in the last bits from one
    run to the next (found by the test above: 17 pixels of the list figure). figure_to_png rounds what it
    laid out (plots.freeze_layout): two solutions that differ by up to 4e-7 (0.0003 pixel) within one
    rounding step give the same bytes; unrounded, the same two give other pixels."""
    import numpy as np
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    import helhedsanalyse.report.plots as plots

    real_execute = ConstrainedLayoutEngine.execute
    shift = {"by": 0.0}

    def noisy_execute(self, fig):
        real_execute(self, fig)
        d = plots.LAYOUT_DECIMALER
        for sub in fig.subfigs:
            box = sub.bbox_relative
            box.set_points(np.round(box.get_points(), d) + shift["by"])
        for ax in fig.get_axes():
            ax._set_position([round(v, d) + shift["by"] for v in ax.get_position().bounds], which="both")

    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", noisy_execute)

    def png(by: float) -> bytes:
        shift["by"] = by
        return plots.figure_to_png(_figure())

    assert png(4e-7) == png(-4e-7) == png(0.0)
    monkeypatch.setattr(plots, "freeze_layout", lambda fig: None)
    assert png(4e-7) != png(-4e-7), "the shift is too small to show: the test would prove nothing"
