"""``helhedsanalyse render``: self-contained Danish HTML, an index, checks first, failures kept apart.

Uses the session's ``rendered`` set (conftest.py: both rounds, Motalavej and Ringparken) wherever a
rendered report is enough; only the failure test renders again (one notebook). Rendering the same set
twice: test_render_determinisme.py; interrupting a render: test_render_afbrydelse.py; the messages for a
report folder that cannot be written: test_render_fejl.py.
"""

from __future__ import annotations

import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

import helhedsanalyse.render.engine as render_mod
import helhedsanalyse.render.jobs as jobs_mod
from helhedsanalyse.core.errors import ParameterError
from helhedsanalyse.render import NOTEBOOKS, RenderError, render, write_index
from helhedsanalyse.render.saet import MANIFEST

REPO = Path(__file__).resolve().parents[1]

#: Tags whose src/href the browser fetches by itself (scripts, styles, fonts, images, frames, media).
RESOURCE_TAGS = {"script", "link", "img", "iframe", "frame", "source", "embed", "object", "video", "audio",
                 "track", "input", "image", "use", "picture"}
URL_ATTRS = {"src", "href", "srcset", "data", "poster", "xlink:href", "action", "formaction", "background",
             "manifest", "icon", "longdesc", "cite"}
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\");\s]+)", re.I)


class _Page(HTMLParser):
    """Every URL a page refers to (with the tag), every id, the <html lang>, inline CSS."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.css: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "html" and self.lang is None:
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for k, v in a.items():
            if k in URL_ATTRS:
                self.urls.append((tag, k, v.strip()))
            if k == "style":
                self.css.append(v)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.css.append(data)


def _parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def _all_html(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def _external_problems(path: Path, out: Path) -> list[str]:
    """Every reference of the page that is not data:, an in-page anchor or a report of the set.

    A round's status overview (``statusoversigt.html``) is a fragment the index embeds: its links are
    written as seen from the index, and the index drops those to reports the folder does not hold (the
    index itself is checked in full), so for the fragment a link must stay inside the folder and name a page.
    """
    fragment = path.name == "statusoversigt.html"
    page = _parse(path)
    problems = []
    for tag, attr, value in page.urls:
        where = f"<{tag} {attr}={value[:80]!r}>"
        parts = urlsplit(value)
        if value.startswith("data:"):
            continue
        if tag in RESOURCE_TAGS or attr != "href":
            problems.append(f"{where}: a resource must be embedded as a data: URI")
            continue
        # <a href> (and <area href>): an in-page anchor or a relative link to a report of the set.
        if value.startswith("#"):
            if unquote(value[1:]) not in page.ids and value[1:] not in page.ids:
                problems.append(f"{where}: anchor points to no element")
            continue
        if parts.scheme or parts.netloc or value.startswith("/"):
            problems.append(f"{where}: not a relative link inside the report folder")
            continue
        target = ((out if fragment else path.parent) / unquote(parts.path)).resolve()
        if not target.is_relative_to(out.resolve()) or target.suffix != ".html" or not (fragment or target.exists()):
            problems.append(f"{where}: links to {target}, which is not a report of the set")
    for css in page.css:
        for _, url in CSS_URL.findall(css):
            if not url.strip().startswith("data:") and not url.strip().startswith("#"):
                problems.append(f"CSS url({url[:80]}): a style may not load anything")
        for url in CSS_IMPORT.findall(css):
            problems.append(f"CSS @import {url[:80]}: a style may not load anything")
    for tag, a in page.tags:
        if tag == "base":
            problems.append("<base>: changes where relative links point")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
    return problems


# --------------------------------------------------------------------------- the rendered set


def test_rendered_folder_holds_only_the_reports(rendered, alle_rapporter):
    """Every planned report exists; no temporary or failure file is left behind."""
    missing = [f.rel for f in alle_rapporter if not (rendered / f.rel).is_file()]
    assert not missing, f"not rendered: {missing}"
    extra = sorted({p.relative_to(rendered).as_posix() for p in _all_html(rendered)}
                   - {f.rel for f in alle_rapporter} - {"index.html", "midtvej/statusoversigt.html",
                                                         "slut/statusoversigt.html"})
    assert not extra, f"unexpected pages: {extra}"
    # nothing raw (the round's computation lives in a private temporary folder) and no temporary file or lock;
    # the one hidden file is the folder's manifest (what each report was rendered from: test_render_saet.py)
    leftovers = [p.relative_to(rendered).as_posix() for p in rendered.rglob("*")
                 if p.is_file() and (p.suffix in (".tmp", ".ipynb", ".pkl", ".venter") or p.name.startswith("."))
                 and p.relative_to(rendered).as_posix() != MANIFEST]
    assert not leftovers, f"left behind: {leftovers}"
    assert sorted(p.suffix for p in rendered.rglob("*") if p.is_file() and p.name != MANIFEST) == \
        [".html"] * len(list(rendered.rglob("*.html")))


def test_no_code_cells_or_prompts(rendered, rapportfil):
    text = (rendered / rapportfil.rel).read_text(encoding="utf-8")
    for marker in ("jp-InputArea", "jp-InputPrompt", "jp-OutputPrompt", "input_area", "input_prompt",
                   "output_prompt", 'class="prompt', "In&nbsp;[", "In [", "Out[", "Out&nbsp;[",
                   'class="highlight', "hl-python", "hl-ipython3", "CodeMirror"):
        assert marker not in text, f"{rapportfil.rel} contains {marker!r} (code cell or prompt)"
    # Nothing of the notebooks' Python source reaches the page.
    for source in ("check_parameters(", "Rapport.load(", "r.titelblok(", "kriterie_afsnit(",
                   "from helhedsanalyse", "import helhedsanalyse", "from IPython", "display("):
        assert source not in text, f"{rapportfil.rel} shows Python source: {source!r}"
    # No error, warning or log output in the reader's page.
    for marker in ("output_error", "output_stderr", "output_stream", "output_text", "jp-RenderedText",
                   "Traceback", "Warning:"):
        assert marker not in text, f"{rapportfil.rel} contains {marker!r}"


def test_html_is_danish_and_self_contained(rendered, rapportfil):
    path = rendered / rapportfil.rel
    page = _parse(path)
    assert page.lang == "da", f'{rapportfil.rel}: <html lang="{page.lang}">'
    head = path.read_text(encoding="utf-8")[:400]
    assert head.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in head
    problems = _external_problems(path, rendered)
    assert not problems, f"{rapportfil.rel}:\n" + "\n".join(problems)


def test_every_html_in_the_set_is_self_contained(rendered):
    """The sweep: index.html, every report and the status fragments the index embeds."""
    files = _all_html(rendered)
    assert rendered / "index.html" in files
    problems = {p.relative_to(rendered).as_posix(): _external_problems(p, rendered) for p in files}
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, problems
    assert _parse(rendered / "index.html").lang == "da"


def test_resource_check_catches_external_references(tmp_path):
    """The check itself: each kind of external reference is reported."""
    (tmp_path / "slut").mkdir()
    (tmp_path / "slut" / "a.html").write_text("<html></html>", encoding="utf-8")
    page = tmp_path / "x.html"
    page.write_text(
        '<html lang="da"><head><link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script src="require.js"></script><style>@import "f.css"; body{background:url(bg.png)}'
        '@font-face{src:url("https://fonts.example/a.woff2")}</style></head><body>'
        '<img src="figur.png"><img src="data:image/png;base64,AAAA"><iframe src="//example.org"></iframe>'
        '<a href="slut/a.html">ok</a><a href="slut/mangler.html">x</a><a href="#ingen">x</a>'
        '<a href="/etc/passwd">x</a><a href="file:///tmp/x.html">x</a><div style="background:url(y.png)"></div>'
        "</body></html>", encoding="utf-8")
    problems = "\n".join(_external_problems(page, tmp_path))
    for needle in ("cdn.example", "require.js", "@import f.css", "url(bg.png)", "fonts.example", "figur.png",
                   "//example.org", "mangler.html", "#ingen", "/etc/passwd", "file:///tmp/x.html", "url(y.png)"):
        assert needle in problems, f"{needle} not caught:\n{problems}"
    assert "slut/a.html" not in problems and "AAAA" not in problems


def test_index_links_every_report(rendered, alle_rapporter):
    index = rendered / "index.html"
    page = _parse(index)
    text = index.read_text(encoding="utf-8")
    # the report lists (one per round) link every report exactly once; the main results, the readers' guide
    # and the grid link into the same reports again, and every link of the page resolves
    lists = "".join(re.findall(r'<ul class="rapportliste">(.*?)</ul>', text, flags=re.S))
    assert sorted(re.findall(r'href="([^"#]+)"', lists)) == sorted(f.rel for f in alle_rapporter), (
        "the report lists must link every report exactly once")
    links = [v for tag, attr, v in page.urls if tag == "a" and attr == "href" and not v.startswith("#")]
    for link in links:
        assert (rendered / unquote(link.split("#")[0])).is_file(), f"index links {link}, which does not exist"
    assert "Midtvejsevaluering (data til og med 2018)" in text and "Slutevaluering (data til og med 2021)" in text
    assert text.count('class="statusgitter"') == 2, "the status overview of each round"
    assert text.index("Slutevaluering (data") < text.index("Midtvejsevaluering (data"), "the final round first"


# --------------------------------------------------------------------------- checks before anything runs


@pytest.mark.parametrize(
    "kwargs, besked, gyldige",
    [
        ({"runder": ["start"]}, "Ukendt runde 'start'", "midtvej, slut"),
        ({"runder": ["slut", "start"]}, "Ukendt runde 'start'", "midtvej, slut"),
        ({"omraader": ["motalavj"]}, "Ukendt område 'motalavj'", "motalavej, ringparken, sydbyen, skaelskoer, samlet"),
        ({"notebooks": ["omraaderapporten"]}, "omraaderapporten", ", ".join(NOTEBOOKS)),
        ({"data": ["findes/ikke.csv"]}, "findes/ikke.csv", "Datafilen findes ikke"),
    ],
    ids=["runde", "runde-efter-gyldig", "omraade", "notebook", "data"],
)
def test_render_refuses_bad_parameters_before_any_kernel(tmp_path, monkeypatch, kwargs, besked, gyldige):
    import papermill

    def forbidden(*a, **k):
        raise AssertionError("computed or started a kernel before the parameters were checked")

    monkeypatch.setattr(papermill, "execute_notebook", forbidden)
    monkeypatch.setattr(render_mod, "prepare_round", forbidden)
    monkeypatch.setattr(render_mod, "execute_job", forbidden)
    out = tmp_path / "ud"
    args = {"runder": ["slut"], "omraader": ["motalavej"], "out_dir": out, "progress": False, **kwargs}
    start = time.monotonic()
    with pytest.raises(ParameterError) as err:
        render(**args)
    assert time.monotonic() - start < 10
    msg = str(err.value)
    assert besked in msg and gyldige in msg, msg
    assert "\n" not in msg and "Traceback" not in msg
    assert not out.exists() or not any(out.rglob("*")), "files were written before the check"


# --------------------------------------------------------------------------- a failed render


def _failing_copy(src: Path, dst: Path) -> int:
    """``src`` with a cell ``raise RuntimeError("testfejl")`` after the first status section."""
    nb = nbformat.read(src, as_version=4)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    at = code[3] + 1  # after parameters, check, title block and one section
    cell = nbformat.v4.new_code_cell('raise RuntimeError("testfejl")')
    cell.id = "testfejl"
    nb.cells.insert(at, cell)
    nbformat.write(nb, dst)
    return at


def test_failed_render_keeps_previous_report(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    src = REPO / "notebooks" / "bestyrelsesstatus.ipynb"
    shutil.copy(src, notebooks / src.name)
    monkeypatch.setattr(jobs_mod, "NOTEBOOK_DIR", notebooks)
    out = tmp_path / "ud"
    args = dict(runder=["slut"], notebooks=["bestyrelsesstatus"], out_dir=out, progress=False, workers=1)

    done = render(**args)
    report = out / "slut" / "bestyrelsesstatus.html"
    assert done == [report]
    before = report.read_bytes()
    index_before = (out / "index.html").read_text(encoding="utf-8")

    _failing_copy(src, notebooks / src.name)
    with pytest.raises(RenderError) as err:
        render(**args)
    msg = str(err.value)
    print(msg)

    kept = out / "slut" / "bestyrelsesstatus.fejl.ipynb"
    assert kept.is_file(), "the partly executed notebook is kept for the user to open"
    nb = nbformat.read(kept, as_version=4)
    failed = [c for c in nb.cells if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)]
    assert len(failed) == 1 and "testfejl" in failed[0].source
    cell_no = failed[0].execution_count
    assert cell_no is not None
    # One sentence naming the notebook, the cell and the error (and where the partial notebook is).
    assert "\n" not in msg.strip(), msg
    assert "bestyrelsesstatus.ipynb" in msg, msg
    assert re.search(rf"\bcelle {cell_no}\b", msg), f"the message does not name cell {cell_no}: {msg}"
    assert "RuntimeError: testfejl" in msg, msg
    assert str(kept) in msg and msg.rstrip().endswith(".")
    assert "Traceback" not in msg
    # The previous report is untouched, still linked, and no temporary file is left.
    assert report.read_bytes() == before, "the previous report was changed by the failed render"
    assert 'href="slut/bestyrelsesstatus.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert index_before.count("<li>") == (out / "index.html").read_text(encoding="utf-8").count("<li>")
    leftovers = [p.name for p in (out / "slut").iterdir() if p.name.endswith((".tmp",)) or
                 (p.name.startswith(".") and p.suffix == ".ipynb")]
    assert not leftovers, leftovers


# --------------------------------------------------------------------------- rendering twice


DATO = [
    (re.compile(r'(<dd class="dato">)[^<]*(</dd>)'), r"\1DATO\2"),  # the title block's date
    (re.compile(r"(Dannet )\d{2}\.\d{2}\.\d{4}"), r"\1DATO"),  # index.html
]


def _normalise(text: str) -> str:
    for pattern, repl in DATO:
        text = pattern.sub(repl, text)
    return text


# Rendering every report again and comparing the bytes: tests/test_render_determinisme.py.


def test_index_is_written_the_same_way_twice(rendered, tmp_path):
    copy = tmp_path / "kopi"
    shutil.copytree(rendered, copy)
    (copy / "index.html").unlink()
    write_index(copy)
    assert _normalise((copy / "index.html").read_text(encoding="utf-8")) == _normalise(
        (rendered / "index.html").read_text(encoding="utf-8"))


def test_index_lists_what_the_folder_holds(tmp_path):
    """The index is made from the files that are there: each notebook's reports in the notebooks' order,
    a failed page and the status overview not linked, the overview shown, a round without a folder left
    out, the illustrative-data banner when a report carries it; one page like the reports."""
    slut = tmp_path / "slut"
    slut.mkdir()
    for name in ("omraade_ringparken.html", "datatjek.html", "omraade_motalavej.html", "omraade_sydbyen.fejl.html"):
        (slut / name).write_text("<p>rapport</p>\n", encoding="utf-8")
    (slut / "statusoversigt.html").write_text('<div class="statusoversigt">oversigt</div>\n', encoding="utf-8")

    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', page) == [
        ("slut/datatjek.html", "Datatjek"),
        ("slut/omraade_motalavej.html", "Områderapport: Motalavej"),
        ("slut/omraade_ringparken.html", "Områderapport: Ringparken/Schackenborgvænge"),
    ]
    assert "<h2>Slutevaluering (data til og med 2021)</h2>\n" in page and "Midtvej" not in page
    assert '<div class="statusoversigt">oversigt</div>\n</section>\n</main>\n' in page
    assert page.startswith('<!DOCTYPE html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n')
    assert page.endswith("</main>\n</body>\n</html>\n")
    assert 'class="illustrativ"' not in page

    (slut / "datatjek.html").write_text('<div class="illustrativ">opdigtede tal</div>\n', encoding="utf-8")
    assert '<div class="illustrativ">ILLUSTRATIVE DATA: ' in write_index(tmp_path).read_text(encoding="utf-8")
