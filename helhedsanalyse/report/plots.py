"""The figures of the Danish HTML reports, and their output as a byte-stable PNG in an ``<img>``.

* :func:`criterion_figure` — an area's yearly values of a criterion's indicator against its
  baseline, its target (drawn per target kind, :data:`~.figures.targets.TARGET_MARKS`) and the
  reference geographies (SUB-gennemsnit, Danmark, Slagelse Kommune) where the data have them.
* :func:`leverance_figure` — the quarterly delivery measurement: year-to-date output per area in a
  year against the annual target of the indicator's ``mindst_antal`` criterion.
* :func:`figure_to_html` — a figure as a self-contained ``<img>`` (PNG as a base64 data URI), byte
  for byte the same for the same figure, so that a report renders identically twice.

The figures are drawn in :mod:`helhedsanalyse.report.figures` (look, labels, frame, target marks, the
two figures); this module is where callers find them. Figures are made with
:class:`matplotlib.figure.Figure` (no pyplot state, no backend needed, nothing is shown) under a local
:func:`matplotlib.rc_context`; the global rcParams are never changed. Artists carry a ``gid``
(``omraade``, ``baseline``, ``maal``, ``maalsti``, ``reference:<geo>``, ``illustrativ`` ...) so that
tests and callers can find them.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from collections.abc import Iterable
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from .figures.criterion import criterion_figure
from .figures.labels import akse_tekst, dansk_tal_formatter
from .figures.leverance import leverance_figure
from .figures.theme import (
    BLAA,
    DPI,
    FIGURSTOERRELSE,
    GRAA,
    GROEN,
    GUL_ORANGE,
    ILLUSTRATIV_TEKST,
    LILLA,
    LYSEBLAA,
    LYSEGRAA,
    MAAL_STIL,
    OMRAADE_STIL,
    ORANGE,
    REFERENCE_STIL,
    SORT,
)
from .figures.values import stabil

__all__ = [
    "ILLUSTRATIV_TEKST",
    "criterion_figure",
    "leverance_figure",
    "figure_to_html",
    "figure_to_png",
    "freeze_layout",
    "akse_tekst",
    "dansk_tal_formatter",
    "stabil",
    "LAYOUT_DECIMALER",
    "FIGURSTOERRELSE",
    "DPI",
    "MAAL_STIL",
    "REFERENCE_STIL",
    "OMRAADE_STIL",
    "BLAA",
    "ORANGE",
    "GROEN",
    "GUL_ORANGE",
    "LYSEBLAA",
    "LILLA",
    "SORT",
    "GRAA",
    "LYSEGRAA",
]


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
        x0, y0, width, height = (round(v, LAYOUT_DECIMALER) for v in pos.bounds)
        ax.set_position((x0, y0, width, height), which="both")
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
