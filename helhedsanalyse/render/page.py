"""One report page: an executed notebook as self-contained HTML, without code or prompts.

nbconvert's HTML exporter (basic template) makes the notebook's HTML; the page shell around it is the
template ``side/rapport.html.j2`` (:mod:`helhedsanalyse.report.templating`), with the reports' CSS inline,
the navigation bar (index, other round) and the table of contents (:mod:`.nav`).
"""

from __future__ import annotations

import threading
from typing import Any

from ..report.style import REPORT_CSS
from ..report.templating import Markup, render_template
from .nav import Navigation, indholdsfortegnelse, uden_doede_lenker

#: The tag of a notebook's cells that are for the student in JupyterLab, not for the report's reader.
KUN_NOTEBOOK = "kun-notebook"

_exporter: Any = None
_exporter_laas = threading.Lock()


def _html_exporter() -> Any:
    """nbconvert's HTML exporter (basic template, no code, no prompts, no :data:`KUN_NOTEBOOK` cells), made
    once per process.

    Importing nbconvert and compiling its templates takes about 0.3 s; the render has it done on a
    thread while the kernel runs (:func:`warm_exporter`), so the conversion afterwards starts at once.
    """
    global _exporter
    with _exporter_laas:
        if _exporter is None:
            import nbformat
            from nbconvert import HTMLExporter
            from traitlets.config import Config

            # cells tagged KUN_NOTEBOOK (a notebook's introduction for the student, "Udforsk selv") stay out
            exporter = HTMLExporter(template_name="basic", config=Config(
                {"TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": {KUN_NOTEBOOK}}}))
            exporter.exclude_input = True
            exporter.exclude_input_prompt = True
            exporter.exclude_output_prompt = True
            exporter.from_notebook_node(nbformat.v4.new_notebook())  # loads and compiles the templates
            _exporter = exporter
    return _exporter


def warm_exporter() -> None:
    """Make the HTML exporter now (on a thread while a notebook runs); an error is reported later."""
    try:
        _html_exporter()
    except Exception:  # noqa: BLE001 - notebook_to_html makes it again and reports the error there
        pass


def page(template: str, **context: Any) -> str:
    """A whole HTML page: ``template`` (an extension of the page shell ``side/side.html.j2``) with the
    reports' CSS and ``context``.

    >>> tom = {"indhold": [], "indeks": None, "anden_runde": None}
    >>> print(page("side/rapport.html.j2", titel="Prøve & test", notebook=Markup("<p>hej</p>"),
    ...            **tom).split("<style>")[0])
    <!DOCTYPE html>
    <html lang="da">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Prøve &amp; test</title>
    <BLANKLINE>
    >>> page("side/rapport.html.j2", titel="x", notebook=Markup("<p>hej</p>"), **tom).split("</style>")[1]
    '\\n</head>\\n<body>\\n<main class="rapport">\\n<p>hej</p>\\n</main>\\n</body>\\n</html>\\n'
    """
    html = render_template(template, css=Markup(REPORT_CSS), **context)
    return str(html) + "\n"  # the environment drops a template's last newline; a file ends with one


def notebook_to_html(nb: Any, titel: str, nav: Navigation | None = None) -> str:
    """Convert an executed notebook to one self-contained HTML page: no code, no prompts.

    The page opens with a table of contents of its ``h2`` headings (:func:`.nav.indholdsfortegnelse`) and,
    with ``nav`` (where the page is in the report folder and which pages are there), links to the index and
    to the same report in the other round; a link to a page that is not there is left out
    (:func:`.nav.uden_doede_lenker`), its text kept.
    """
    exporter = _html_exporter()
    # papermill gives its injected-parameters cell a new random id on every run, and the template
    # writes cell ids into the page: fixed ids keep two renders of the same data identical.
    for i, cell in enumerate(nb.cells):
        cell.id = f"celle-{i + 1}"
    body, _ = exporter.from_notebook_node(nb)
    if nav is not None:
        body = uden_doede_lenker(body, nav.findes)
    body, indhold = indholdsfortegnelse(body)
    return page("side/rapport.html.j2", titel=titel, notebook=Markup(body), indhold=indhold,
                indeks=nav.indeks if nav else None, anden_runde=nav.anden_runde if nav else None)
