"""The look of the report figures: size, colours, line styles and the matplotlib rcParams.

Figures are drawn under a local ``matplotlib.rc_context(rc())``; the global rcParams are never changed.
"""

from __future__ import annotations

from typing import Any

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

#: Line styles of the areas in the delivery figure: (colour, marker).
OMRAADE_STIL: dict[str, tuple[str, str]] = {
    "motalavej": (GUL_ORANGE, "o"),
    "ringparken": (LYSEBLAA, "s"),
    "sydbyen": (GROEN, "^"),
    "skaelskoer": (LILLA, "D"),
    "samlet": (BLAA, "o"),
}

#: The dotted line from a baseline straight to its target.
STI_STREG: Any = (0, (1, 2))

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


def rc() -> dict[str, Any]:
    """rcParams of the report figures: seaborn's whitegrid look, the bundled DejaVu Sans font.

    >>> rc()["font.sans-serif"], rc()["axes.grid"], rc()["savefig.dpi"]
    (['DejaVu Sans'], True, 110)
    """
    params = dict(_WHITEGRID)
    params.update(
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
    return params
