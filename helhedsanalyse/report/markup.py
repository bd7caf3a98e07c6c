"""The report's HTML pieces: rendering its templates (``templates/rapport/``), tables, badges, short names.

Every section renders through :func:`side` and :func:`makro`, the report's door to the one template
environment (:mod:`.templating`): values are escaped by the templates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..core.formatting import fast_mellemrum
from ..core.status import STATUS_STIL, STATUS_TEKST
from .templating import Markup, escape, render_macro, render_template

__all__ = ["Markup", "badge", "bryd", "endelig", "kort", "makro", "side", "tabel", "tekst"]

def side(template: str, **context: Any) -> Markup:
    """The report template ``templates/rapport/<template>`` rendered with ``context``."""
    return render_template(f"rapport/{template}", **context)


def makro(template: str, navn: str, *args: Any, **kwargs: Any) -> Markup:
    """One macro of a report template (``dele.j2``: badge, markering, tabel)."""
    return render_macro(f"rapport/{template}", navn, *args, **kwargs)


def endelig(x: Any) -> bool:
    """Whether ``x`` is a finite number.

    >>> endelig(3), endelig("2,5"), endelig(float("nan")), endelig(None)
    (True, False, False, False)
    """
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def tekst(v: Any) -> str:
    """A cell's text: None and NaN are empty.

    >>> tekst(None), tekst(float("nan")), tekst(12)
    ('', '', '12')
    """
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v)


def badge(status: str | None, lille: bool = False) -> Markup:
    """A status in words, with its symbol and colour-blind-safe colour (``lille``: for grids).

    >>> str(badge("opfyldt"))
    '<span class="status" style="background:#006B4E;color:#ffffff">✔ Opfyldt</span>'
    >>> str(badge(None, lille=True))
    '<span class="status lille" style="background:#eeeeee;color:#000">Gælder ikke endnu</span>'
    """
    cls = "status lille" if lille else "status"
    if not status or not isinstance(status, str):
        return makro("dele.j2", "badge", cls, "background:#eeeeee;color:#000", "Gælder ikke endnu")
    if status not in STATUS_STIL:  # an id outside the scale is shown as written, never hidden
        return makro("dele.j2", "badge", cls, "background:#eeeeee;color:#000", STATUS_TEKST.get(status, status))
    label, symbol, bg, fg = STATUS_STIL[status]
    return makro("dele.j2", "badge", cls, f"background:{bg};color:{fg}", f"{symbol} {label}")


def bryd(escaped: str) -> Markup:
    """Allow a line break after ``/`` and after ``_`` that ends a part of four letters or more
    (Ringparken/|Schackenborgvænge, kp_tryghed_|vurderes_|styrket), and start a new line at each
    newline, so that a column of long names and ids can be narrower than its longest word.

    >>> str(bryd(escape("kp_tryghed_vurderes\\nA/B")))
    'kp_tryghed_<wbr>vurderes<br>A/<wbr>B'
    """
    if not isinstance(escaped, Markup):  # plain text: a number keeps its unit (as in every template)
        escaped = fast_mellemrum(escaped)
    out = re.sub(r"(?<=[^\W_]{4})_", "_<wbr>", str(escape(escaped)).replace("/", "/<wbr>"))
    return Markup(out.replace("\n", "<br>"))


def tabel(frame: pd.DataFrame, numeric: Iterable[str] = (), klasse: str = "", bryd_i: Iterable[str] = ()) -> Markup:
    """An HTML table of already formatted (string) cells; every cell is escaped.

    ``bryd_i``: columns whose long names and ids may break after ``/`` and ``_`` (:func:`bryd`).

    The table sits in a frame that scrolls sideways where the table is wider than the column (a phone),
    reachable with the keyboard and named after the columns (``templates/ramme.j2``).

    >>> html = str(tabel(pd.DataFrame({"År": ["2019"], "Kilde": ["a<b"]}), ["År"]))
    >>> print(html.replace("><", ">\\n<"))
    <div class="tabelramme" role="region" tabindex="0" aria-label="Tabel: År, Kilde">
    <table>
    <thead>
    <tr>
    <th class="tal">År</th>
    <th>Kilde</th>
    </tr>
    </thead>
    <tbody>
    <tr>
    <td class="tal">2019</td>
    <td>a&lt;b</td>
    </tr>
    </tbody>
    </table>
    </div>
    """
    numeric, brydes = set(numeric), set(bryd_i)
    kolonner = [(tekst(c), c in numeric) for c in frame.columns]
    raekker = [
        [(c in numeric, bryd(tekst(v)) if c in brydes and c not in numeric else tekst(v))
         for c, v in zip(frame.columns, rec, strict=True)]
        for rec in frame.itertuples(index=False)
    ]
    return makro("dele.j2", "tabel", kolonner, raekker, klasse)


def kort(text: str, n: int = 90) -> str:
    """``text`` on one line, cut at a word to at most ``n`` characters.

    >>> kort("Flere unge   i  uddannelse", 12)
    'Flere unge …'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + " …"
