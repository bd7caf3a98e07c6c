"""The evaluator's findings: the sections of a findings file as safe HTML, in the plan's order.

The file's format, its reading and its checks are in :mod:`helhedsanalyse.inputs.fund`; the sections
are the plan's questions (``data/plan/helhedsevaluering.yaml``).
"""

from __future__ import annotations

import re
from pathlib import Path

import mistune
from mistune.renderers.html import HTMLRenderer
from mistune.util import striptags

from ..inputs.fund import billede as _billede
from ..inputs.fund import check_fund
from ..plan import Plan
from .markup import Markup, makro

#: Where a link in the evaluator's Markdown may point (an image is never fetched: see :func:`markdown_sikker`).
_SIKRE_SKEMAER = ("http://", "https://", "mailto:", "#")
_DATA_URI = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*")


def evaluators_fund(plan: Plan, runde: str, fund: str = "") -> Markup:
    """The evaluator's findings (the Markdown file ``fund`` of the round ``runde``), section by section in the
    plan's order: a section not written yet says so; without a file, the questions the evaluation answers.

    The file is checked first (:func:`~helhedsanalyse.inputs.fund.check_fund`: a problem raises
    :class:`~helhedsanalyse.inputs.fund.FundError`); its images come only from files beside it, embedded.
    """
    afsnit = plan.helhedsevaluering.fundafsnit
    if not fund:
        return makro("fund.j2", "spoergsmaal", afsnit)
    laest = check_fund(fund, runde, plan)
    html = {a.id: markdown_sikker(laest.afsnit[a.id], laest.sti.parent, overskrift_niveau=1)
            for a in afsnit if a.id in laest.afsnit}
    return makro("fund.j2", "fund", [(a, html.get(a.id)) for a in afsnit])


class _Renderer(HTMLRenderer):
    """Mistune's HTML with images only from files beside the Markdown file, embedded."""

    def __init__(self, folder: Path | None, overskrift_niveau: int = 0) -> None:
        super().__init__(escape=True)
        self.folder = folder
        self.niveau = overskrift_niveau

    def heading(self, text: str, level: int, **attrs: object) -> str:
        return super().heading(text, min(6, level + self.niveau), **attrs)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        alt = striptags(text)
        src, why = _billede(url, self.folder)
        if src is None:
            return str(makro("fund.j2", "udeladt_billede", Markup(alt), url, why))  # alt: mistune escaped it
        attrs: dict[str, object] = {"src": src, "alt": alt}
        if title:
            attrs["title"] = title
        return "<img" + self.render_attrs(attrs) + " />"


def _sikker_adresse(m: re.Match[str]) -> str:
    """An ``href``/``src`` attribute kept when it points somewhere safe, else ``#``."""
    url = Markup(m.group(2)).unescape().strip()
    ok = _DATA_URI.fullmatch(url) is not None if m.group(1) == "src" else url.lower().startswith(_SIKRE_SKEMAER)
    return f'{m.group(1)}="{m.group(2) if ok else "#"}"'


def markdown_sikker(text: str, mappe: str | Path | None = None, overskrift_niveau: int = 0) -> Markup:
    """Markdown from a data file as safe HTML.

    Raw HTML is escaped; links may only point to http(s), mailto or in-page anchors (``javascript:`` and
    other schemes become ``#``). An image is shown only from a file beside the Markdown file (``mappe``, or a
    folder under it; png, jpeg, gif or webp, at most 5 MB), embedded as a data URI, so the report stays one
    file that opens offline and never fetches anything. Any other image (``http(s)://``, another scheme, a
    file elsewhere) is left out with a visible Danish note saying why. ``overskrift_niveau`` moves the
    Markdown's headings down (1: ``###`` becomes ``<h4>``), below the report's own.

    >>> str(markdown_sikker("[a](ftp://x) <b>x</b>"))
    '<p><a href="#">a</a> &lt;b&gt;x&lt;/b&gt;</p>\\n'
    """
    md = mistune.create_markdown(escape=True, renderer=_Renderer(Path(mappe) if mappe is not None else None,
                                                                    overskrift_niveau))
    return Markup(re.sub(r'\b(href|src)="([^"]*)"', _sikker_adresse, str(md(text))))
