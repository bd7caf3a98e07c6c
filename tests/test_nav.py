"""Navigation between the reports without a browser (render/nav.py, report/anker.py, the grid's links, the index).

What a reader relies on: every report has a table of contents whose links lead to headings of the page; a grid
cell leads to the criterion's section in the area report of the same round, seen from where the grid is shown
(a report in the round's folder, or the index); a link is never shown to a page that is not there; the index
shows the final round first and tells each reader where to start.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from helhedsanalyse.render.index import rapporter_i, write_index
from helhedsanalyse.render.nav import Navigation, Overskrift, indholdsfortegnelse, uden_doede_lenker
from helhedsanalyse.render.page import notebook_to_html
from helhedsanalyse.report import Rapport
from helhedsanalyse.report.anker import kriterie_anker, kriterie_href


class _Elementer(HTMLParser):
    """Every element's tag and attributes, every id, and the text of each ``nav``."""

    def __init__(self, html: str):
        super().__init__()
        self.elementer: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elementer.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"])


def _links(html: str, klasse: str | None = None) -> list[str]:
    return [a["href"] for tag, a in _Elementer(html).elementer
            if tag == "a" and "href" in a and (klasse is None or klasse in (a.get("class") or "").split())]


# --------------------------------------------------------------------------- the table of contents

@pytest.mark.parametrize(("html", "toc", "ids_added"), [
    # (page, its table of contents (id, text), the ids the page gains)
    ('<h2 id="Overblik">Overblik<a class="anchor-link" href="#Overblik">¶</a></h2>',
     [("Overblik", "Overblik")], []),  # nbconvert's heading: its id kept, its "¶" not in the text
    ("<h2>Hovedresultater</h2>", [("afsnit-hovedresultater", "Hovedresultater")], ["afsnit-hovedresultater"]),
    ('<h2 class="x">Sådan  læses\n<em>statusserne</em></h2>',
     [("afsnit-saadan-laeses-statusserne", "Sådan læses statusserne")], ["afsnit-saadan-laeses-statusserne"]),
    ('<p id="afsnit-om-rapporten"></p><h2>Om rapporten</h2><h2>Om rapporten</h2>',  # taken ids are not reused
     [("afsnit-om-rapporten-2", "Om rapporten"), ("afsnit-om-rapporten-3", "Om rapporten")],
     ["afsnit-om-rapporten-2", "afsnit-om-rapporten-3"]),
    ("<h1>Titel</h1><h3>Et kriterium</h3><h2> </h2>", [], []),  # only h2 headings with words
    ("<p>ingen overskrifter</p>", [], []),
])
def test_the_table_of_contents_lists_the_h2_headings_and_every_entry_leads_to_one(html, toc, ids_added):
    page, found = indholdsfortegnelse(html)
    assert found == [Overskrift(i, t) for i, t in toc]
    before, after = _Elementer(html).ids, _Elementer(page).ids
    assert sorted(after) == sorted(before + ids_added)
    assert all(entry.id in after for entry in found)
    # only ids were added: without them the page is what it was
    assert re.sub(r' id="afsnit-[a-z0-9-]+"', "", page) == re.sub(r' id="afsnit-[a-z0-9-]+"', "", html)


def test_dead_links_lose_their_tags_and_keep_their_text():
    html = ('<td><a class="gittercelle" href="omraade_sydbyen.html#k-a-sydbyen" title="a">'
            '<span class="status">✔ Opfyldt</span></a></td>'
            '<td><a class="gittercelle" href="omraade_motalavej.html#k-a-motalavej">x</a></td>'
            '<a href="#Overblik">i siden</a><a href="https://example.org/x.html">ude</a><a href="data:,x">data</a>')
    nav = Navigation.af("slut/helhedsevaluering.html", {"slut/omraade_motalavej.html"})
    out = uden_doede_lenker(html, nav.findes)
    assert out == html.replace('<a class="gittercelle" href="omraade_sydbyen.html#k-a-sydbyen" title="a">', "", 1) \
                      .replace("</span></a></td>", "</span></td>", 1)
    assert _links(out) == ["omraade_motalavej.html#k-a-motalavej", "#Overblik", "https://example.org/x.html",
                           "data:,x"]


@pytest.mark.parametrize(("side", "filer", "indeks", "anden", "findes"), [
    # (page, pages of the folder, link to the index, the same report in the other round, links that lead somewhere)
    ("slut/omraade_motalavej.html", {"midtvej/omraade_motalavej.html"}, "../index.html",
     "../midtvej/omraade_motalavej.html", {"../midtvej/omraade_motalavej.html": True, "omraade_sydbyen.html": False}),
    ("midtvej/datatjek.html", {"slut/datatjek.html", "midtvej/datatjek.html"}, "../index.html",
     "../slut/datatjek.html", {"datatjek.html": True, "../slut/datatjek.html": True, "../index.html": True}),
    ("slut/datatjek.html", {"slut/datatjek.html", "midtvej/omraade_motalavej.html"}, "../index.html", None,
     {"../midtvej/datatjek.html": False, "../midtvej/omraade_motalavej.html": True}),
    ("index.html", {"slut/omraade_samlet.html"}, "index.html", None,
     {"slut/omraade_samlet.html": True, "midtvej/omraade_samlet.html": False, "omraade_samlet.html": False}),
])
def test_a_page_links_to_the_index_and_to_the_other_round_only_where_it_is(side, filer, indeks, anden, findes):
    nav = Navigation.af(side, filer)
    assert nav.indeks == indeks
    assert (nav.anden_runde[0] if nav.anden_runde else None) == anden
    if anden:
        assert nav.anden_runde[1] == ("Samme rapport i midtvejsevalueringen" if "midtvej" in anden
                                      else "Samme rapport i slutevalueringen")
    assert {href: nav.findes(href) for href in findes} == findes


def test_a_page_opens_with_its_navigation_bar(tmp_path):
    """notebook_to_html: the links to the index and the other round, then the table of contents; a grid link
    to an area report that is not there is left out."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Overblik"), nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", {"text/html": (
            '<h2>Hovedresultater</h2><table class="statusgitter"><tr>'
            '<td><a class="gittercelle" href="omraade_motalavej.html#k-tt_tryghed-motalavej">A</a></td>'
            '<td><a class="gittercelle" href="omraade_sydbyen.html#k-tt_tryghed-sydbyen">B</a></td></tr></table>')})]),
        nbformat.v4.new_markdown_cell("## Sådan læses statusserne")]
    nav = Navigation.af("slut/helhedsevaluering.html",
                        {"slut/helhedsevaluering.html", "slut/omraade_motalavej.html", "midtvej/helhedsevaluering.html"})
    page = notebook_to_html(nb, "Helhedsevaluering", nav)
    links = _links(page)
    assert links[:2] == ["../index.html", "../midtvej/helhedsevaluering.html"]
    assert ">Alle rapporter</a>" in page and ">Samme rapport i midtvejsevalueringen</a>" in page
    toc = [h for h in links if h.startswith("#") and "anchor-link" not in h]
    ids = _Elementer(page).ids
    assert toc[:3] == ["#Overblik", "#afsnit-hovedresultater", "#S%C3%A5dan-l%C3%A6ses-statusserne"]
    assert all(h[1:] in ids for h in toc[:3])
    assert '<nav class="indhold" aria-label="Indhold">' in page
    assert page.index('aria-label="Indhold"') < page.index("<h2")  # at the top of the page
    assert _links(page, "gittercelle") == ["omraade_motalavej.html#k-tt_tryghed-motalavej"]
    assert "<td>B</td>" in page

    alene = notebook_to_html(nb, "Helhedsevaluering", Navigation.af("slut/helhedsevaluering.html", set()))
    assert "midtvejsevalueringen" not in alene and _links(alene, "gittercelle") == []


# --------------------------------------------------------------------------- the grid's links and the anchors

@pytest.fixture(scope="module")
def rapport():
    return Rapport.load("slut")


def _gitterceller(html: str) -> list[tuple[str, str | None]]:
    """(criterion id, link or None) of each cell of a grid that shows a status."""
    out = []
    for row in re.findall(r"<tr><td class=\"kriterium\" title=\"[^\"]+\">.*?</tr>", html, flags=re.S):
        kid = re.search(r'<td class="kriterium" title="([^"]+)">', row).group(1)  # the id in the tooltip
        for cell in re.findall(r"<td(?: class=\"note\")?>.*?</td>", row.split("</td>", 1)[1], flags=re.S):
            if 'class="status' in cell:
                m = re.search(r'<a class="gittercelle" href="([^"]+)"', cell)
                out.append((kid, m.group(1) if m else None))
    return out


@pytest.mark.parametrize(("praefiks", "form"), [
    ("", "omraade_{o}.html#k-{k}-{o}"),  # from a report in the round's folder
    ("slut/", "slut/omraade_{o}.html#k-{k}-{o}"),  # from the index
    (None, None),  # no links
])
def test_every_grid_cell_links_to_its_criterion_in_the_area_report(rapport, praefiks, form):
    html = rapport.statusgitter(lenke_praefiks=praefiks).data
    cells = _gitterceller(html)
    status = rapport.status
    assert len(cells) == len(status), "one cell with a status per criterion × area"
    expected = sorted((k, form.format(k=k, o=o) if form else None) for k, o in zip(status["kriterium"],
                                                                                  status["omraade"], strict=True))
    assert sorted(cells, key=lambda c: (c[0], c[1] or "")) == sorted(expected, key=lambda c: (c[0], c[1] or ""))
    assert ("understreget status fører til kriteriets afsnit" in html) == (praefiks is not None)


@pytest.mark.parametrize(("kriterium", "omraade"), [("tt_tryghed", "motalavej"), ("tt_frivillige", "samlet")])
def test_a_criterion_section_carries_the_anchor_the_grid_links_to(rapport, kriterium, omraade):
    html = "".join(rapport._kriterie_dele(kriterium, omraade))
    fragment = kriterie_href(kriterium, omraade).split("#")[1]
    assert fragment == kriterie_anker(kriterium, omraade) == f"k-{kriterium}-{omraade}"
    assert _Elementer(html).ids == [fragment]
    assert f'omraade_{omraade}.html#{fragment}' in rapport.statusgitter().data


# --------------------------------------------------------------------------- the index

def _saet(folder: Path, filer: list[str], oversigt: dict[str, str]) -> None:
    for rel in filer:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text("<p>rapport</p>\n", encoding="utf-8")
    for runde, html in oversigt.items():
        (folder / runde / "statusoversigt.html").write_text(html, encoding="utf-8")


def _gitter(runde: str) -> str:
    return (f'<table class="statusgitter"><tr><td><a class="gittercelle" href="{runde}/omraade_motalavej.html#k-a-'
            f'motalavej">A</a></td><td><a class="gittercelle" href="{runde}/omraade_sydbyen.html#k-a-sydbyen">B</a>'
            "</td></tr></table>")


def test_the_index_shows_the_final_round_first_and_where_each_reader_starts(tmp_path):
    _saet(tmp_path, ["midtvej/bestyrelsesstatus.html", "midtvej/helhedsevaluering.html",
                     "midtvej/omraade_motalavej.html", "slut/helhedsevaluering.html", "slut/omraade_motalavej.html",
                     "slut/datatjek.html", "slut/datatjek.fejl.html"],
          {"midtvej": _gitter("midtvej"), "slut": _gitter("slut")})
    assert rapporter_i(tmp_path) == {"midtvej/bestyrelsesstatus.html", "midtvej/helhedsevaluering.html",
                                     "midtvej/omraade_motalavej.html", "slut/helhedsevaluering.html",
                                     "slut/omraade_motalavej.html", "slut/datatjek.html"}
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert page.index("<h2>Slutevaluering") < page.index("<h2>Midtvejsevaluering")
    assert page.index("Hvor skal jeg begynde?") < page.index("<h2>Slutevaluering")
    laesere = page[page.index("Hvor skal jeg begynde?"):page.index("</nav>")]
    # each reader's report, from the final round where it is there, else from the midway round (said so)
    assert re.findall(r"<li><strong>([^<]+)</strong>: <a href=\"([^\"]+)\">", laesere) == [
        ("Bestyrelsen", "midtvej/bestyrelsesstatus.html"),
        ("Landsbyggefonden og andre, der vurderer planen", "slut/helhedsevaluering.html"),
        ("Evaluator og studerende", "slut/datatjek.html")]
    assert "Status til bestyrelsen</a> (midtvejsevalueringen)" in laesere
    assert 'href="#runde-slut"' in laesere and 'id="runde-slut"' in page and 'id="runde-midtvej"' in page
    # the grids link only to area reports that are there
    assert _links(page, "gittercelle") == ["slut/omraade_motalavej.html#k-a-motalavej",
                                           "midtvej/omraade_motalavej.html#k-a-motalavej"]
    assert "<td>B</td>" in page


def test_a_reader_whose_report_is_missing_is_told_so(tmp_path):
    _saet(tmp_path, ["slut/omraade_motalavej.html"], {})
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert "Status til bestyrelsen (ikke dannet endnu)" in page and "#runde-" not in page
