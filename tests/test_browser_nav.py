"""A real browser follows the reports' navigation (issue 14, "Navigation"): in every report of both rounds of the
session's rendered set (tests/conftest.py: both rounds, Motalavej and Ringparken) and in the index.

Headless Chromium (tests/chromium.py) opens each page at 1280×800 and reads the links as the browser resolves
them; where a link leads into another page, that page is read with an HTML parser for the id the link names.
- every report has a table of contents (``nav`` "Indhold") whose links lead to elements of the page, and it sits
  at the top of the page, in a bar no taller than a few lines;
- every report links to ``index.html``, and to the same report in the other round exactly when that report is
  part of the set;
- every link of a status grid (in the reports and the index) leads to an existing file and to an element with
  the fragment's id in it; a grid cell has a link exactly when its area's report of the round is in the set.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/chromium.py, whatever pytest's import mode
from chromium import Browser

from helhedsanalyse.plan import load_plan

WIDTH, HEIGHT = 1280, 800
#: The navigation bar at the top of a report may take this much of the first screen (px).
NAV_HOEJDE = 160

#: What the tests read in a page: the navigation bar, the table of contents, the grids' cells and links.
PROBE = r"""
(() => {
  const target = (hash) => {
    const raw = hash.slice(1);
    let dec = raw; try { dec = decodeURIComponent(raw); } catch (e) {}
    return !!(document.getElementById(raw) || document.getElementById(dec));
  };
  const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
                        return {top: r.top, bottom: r.bottom, w: r.width, h: r.height}; };
  const toc = document.querySelector('nav[aria-label="Indhold"]');
  const bar = document.querySelector('nav.rapporter');
  const grids = Array.from(document.querySelectorAll('table.statusgitter')).map(t => ({
    heads: Array.from(t.querySelectorAll('thead th')).slice(1).map(th => th.innerText.trim()),
    rows: Array.from(t.querySelectorAll('tbody tr')).filter(tr => tr.querySelector('td.kriterium')).map(tr =>
      Array.from(tr.querySelectorAll('td')).slice(1).map(td => ({
        status: !!td.querySelector('.status'),
        href: td.querySelector('a[href]') ? td.querySelector('a[href]').href : null,
      }))),
  }));
  return JSON.stringify({
    url: location.href,
    toc: toc ? Array.from(toc.querySelectorAll('a[href]')).map(a => ({href: a.getAttribute('href'),
                                                                     text: a.innerText, ok: target(a.hash)})) : null,
    tocBox: box(toc), barBox: box(document.querySelector('.navigation')), h1: box(document.querySelector('h1')),
    bar: bar ? Array.from(bar.querySelectorAll('a[href]')).map(a => ({text: a.innerText, href: a.href})) : null,
    grids,
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  });
})()
"""


@pytest.fixture(scope="module")
def browser(chromium_bin):
    with Browser(chromium_bin, width=WIDTH, height=HEIGHT) as b:
        yield b


class _Ids(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


_ids_cache: dict[Path, set[str]] = {}


def _ids(path: Path) -> set[str]:
    if path not in _ids_cache:
        _ids_cache[path] = _Ids(path.read_text(encoding="utf-8")).ids
    return _ids_cache[path]


def _file(url: str) -> Path:
    parts = urlsplit(url)
    assert parts.scheme == "file", f"a link leaves the report folder: {url}"
    return Path(url2pathname(parts.path)).resolve()


def _leads_to_an_element(url: str) -> str | None:
    """What is wrong with the link ``url`` (a file URL with a fragment), or None when it leads to an element."""
    path = _file(url)
    if not path.is_file():
        return f"{url}: no such file"
    fragment = urlsplit(url).fragment
    if not fragment:
        return f"{url}: no fragment"
    if fragment not in _ids(path) and unquote(fragment) not in _ids(path):
        return f"{url}: no element with id {fragment!r} in {path.name}"
    return None


def _grid_problems(page: dict, rendered: Path, runder: list[str]) -> list[str]:
    """Every link of the page's grids (the grid of round ``runder[i]`` the i-th) leads to an element of the area
    report of its round; a cell has a link exactly when that report is in the set."""
    plan = load_plan()
    area_of = {(o.kortnavn or o.navn): oid for oid, o in plan.omraade.items()}
    problems = []
    assert len(page["grids"]) == len(runder), (len(page["grids"]), runder)
    for grid, runde in zip(page["grids"], runder, strict=True):
        for row in grid["rows"]:
            for head, cell in zip(grid["heads"], row, strict=True):
                if not cell["status"]:
                    continue
                report = rendered / runde / f"omraade_{area_of[head]}.html"
                if cell["href"] is None:
                    if report.exists():
                        problems.append(f"{page['url']}: a {head} cell has no link, but {report.name} is there")
                    continue
                if _file(cell["href"]) != report.resolve():
                    problems.append(f"{page['url']}: a {head} cell links to {cell['href']}, not to {report}")
                problem = _leads_to_an_element(cell["href"])
                if problem:
                    problems.append(problem)
    return problems


def test_every_report_has_a_table_of_contents_and_links_to_the_index_and_the_other_round(browser, rendered,
                                                                                         rapportfil):
    visit = browser.open(rendered / rapportfil.rel, PROBE)
    page = visit.resultat
    assert not visit.fejl, "console errors:\n" + "\n".join(visit.fejl)

    # the table of contents: the page's sections, each link to an element of the page
    assert page["toc"] is not None, "no <nav aria-label='Indhold'>"
    assert page["toc"], "the table of contents is empty"
    assert all(a["href"].startswith("#") and a["ok"] and a["text"].strip() for a in page["toc"]), page["toc"]
    # at the top, above the title, in a bar that leaves the first screen to the report
    assert page["barBox"]["top"] >= 0 and page["barBox"]["bottom"] <= page["h1"]["top"]
    assert page["barBox"]["h"] <= NAV_HOEJDE, f"the navigation bar is {page['barBox']['h']:.0f} px high"

    # the links to the index and to the same report in the other round
    bar = {a["text"]: _file(a["href"]) for a in page["bar"]}
    assert bar.get("Alle rapporter") == (rendered / "index.html").resolve() and (rendered / "index.html").is_file()
    anden = "slut" if rapportfil.runde == "midtvej" else "midtvej"
    other = rendered / anden / Path(rapportfil.rel).name
    word = {"midtvej": "midtvejsevalueringen", "slut": "slutevalueringen"}[anden]
    if other.exists():
        assert bar.get(f"Samme rapport i {word}") == other.resolve(), page["bar"]
    else:
        assert len(bar) == 1, f"{other} is not in the set, but the page links to it: {page['bar']}"

    problems = _grid_problems(page, rendered, [rapportfil.runde] * len(page["grids"]))
    assert not problems, "\n".join(problems)
    # no link of the page leads to a file that is not there
    dead = [u for u in page["links"] if u.startswith("file:") and not _file(u).is_file()]
    assert not dead, dead


def test_the_index_links_grid_cells_into_the_area_reports_and_starts_with_the_final_round(browser, rendered,
                                                                                            alle_rapporter):
    visit = browser.open(rendered / "index.html", PROBE)
    page = visit.resultat
    assert len(page["grids"]) == 2, "one status overview per round"
    problems = _grid_problems(page, rendered, ["slut", "midtvej"])  # the final round first
    assert not problems, "\n".join(problems)
    links = [_file(u) for u in page["links"] if u.startswith("file:")]
    assert all(p.is_file() for p in links), [p for p in links if not p.is_file()]
    assert {(rendered / f.rel).resolve() for f in alle_rapporter} <= set(links), "every report is linked"
    linked = sum(1 for g in page["grids"] for row in g["rows"] for c in row if c["href"])
    assert linked > 0, "no grid cell links into an area report"
