"""The "Hovedresultater" block and "Målopfyldelse område for område": the answer a board reads first.

The expected sentences and comparisons are data in ``tests/tilfaelde/hovedresultater.yaml``, each with why.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helhedsanalyse.compute.runde import compute
from helhedsanalyse.plan import load_plan
from helhedsanalyse.report import Rapport
from helhedsanalyse.report.hovedresultater import (
    IKKE_NAAET,
    aendring,
    hovedresultater,
    maalopfyldelse,
    optaellingssaetning,
)

TILFAELDE = yaml.safe_load((Path(__file__).parent / "tilfaelde" / "hovedresultater.yaml").read_text("utf-8"))


class _Tekst(HTMLParser):
    """Visible text and the links of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.dele: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        self.dele.append(data)


def _laes(html: str) -> _Tekst:
    p = _Tekst()
    p.feed(html)
    return p


def _tekst(html: str) -> str:
    return " ".join("".join(_laes(html).dele).split())


@pytest.mark.parametrize("tilfaelde", TILFAELDE["optaelling"], ids=lambda t: t["navn"])
def test_the_count_reads_as_sentences(tilfaelde):
    assert optaellingssaetning(tilfaelde["statusser"]) == " ".join(tilfaelde["forventet"].split()), tilfaelde["hvorfor"]


@pytest.mark.parametrize("tilfaelde", TILFAELDE["aendring"], ids=lambda t: f"{t['midtvej']}->{t['slut']}")
def test_a_final_status_beside_its_midway_status(tilfaelde):
    assert aendring(tilfaelde["midtvej"], tilfaelde["slut"]) == tilfaelde["forventet"], tilfaelde["hvorfor"]


def test_the_not_met_statuses_per_round_are_the_table_s():
    assert {r: list(v) for r, v in IKKE_NAAET.items()} == {r: TILFAELDE["ikke_naaet"][r] for r in ("slut", "midtvej")}


@pytest.fixture(scope="module")
def slut():
    return compute("slut")


@pytest.fixture(scope="module")
def midtvej():
    return compute("midtvej")


def test_the_final_round_carries_the_midway_statuses_of_the_same_data(slut, midtvej):
    """The comparison in the final reports is the midway report's own statuses, row for row."""
    assert midtvej.status_midtvej is None
    a = slut.status_midtvej[["kriterium", "omraade", "status"]].reset_index(drop=True)
    b = midtvej.status[["kriterium", "omraade", "status"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_the_block_counts_what_the_status_table_holds(slut):
    plan = load_plan()
    html = str(hovedresultater(plan, slut.status, "slut", slut.status_midtvej))
    text = _tekst(html)
    counts = slut.status["status"].value_counts()
    assert f"Af de {len(slut.status)} vurderinger" in text
    assert f"er {counts['opfyldt']} opfyldt" in text
    # one line per area and per indsatsområde, each linked to its report
    links = _laes(html).links
    for o in plan.omraader:
        n = int((slut.status["omraade"] == o.id).sum())
        m = int(((slut.status["omraade"] == o.id) & (slut.status["status"] == "opfyldt")).sum())
        assert f"{o.navn}: {m} af {n} opfyldt" in text
        assert f"omraade_{o.id}.html" in links
    for io in plan.indsatsomraader:
        assert f"indsatsomraade_{io.id}.html" in links
    # what changed since midway, in numbers that add up
    found = re.search(r"endte (\d+) bedre, end midtvejsstatus pegede på, (\d+) dårligere og (\d+) som ventet; "
                      r"(\d+) kan ikke sammenlignes", text)
    assert found and sum(map(int, found.groups())) == len(slut.status)
    # every criterion named links to its section in the area report
    for link in links:
        assert re.fullmatch(r"(omraade|indsatsomraade)_[a-z_]+\.html(#k-[a-z0-9_]+-[a-z]+)?|datatjek\.html", link), link


def test_an_area_block_covers_that_area_only(slut):
    plan = load_plan()
    egne = slut.status[slut.status["omraade"] == "sydbyen"]
    text = _tekst(str(hovedresultater(plan, egne, "slut", slut.status_midtvej, omraade="sydbyen")))
    assert f"Af de {len(egne)} vurderinger" in text
    assert "Motalavej" not in text and "Område for område" not in text
    assert "(Sydbyen)" not in text, "an area's own report does not repeat its name after every criterion"


def test_midway_names_what_moves_away_from_its_target(midtvej):
    plan = load_plan()
    text = _tekst(str(hovedresultater(plan, midtvej.status, "midtvej")))
    n = int((midtvej.status["status"] == "tilbagegang").sum())
    assert n > 0, "the illustrative data have criteria moving the wrong way midway"
    assert f"{n} vurderinger går den forkerte vej" in text
    assert "Sammenlignet med midtvejsevalueringen" not in text


def test_missing_data_are_named_and_point_to_the_data_check():
    plan = load_plan()
    status = pd.DataFrame({"kriterium": ["tt_tryghed", "tt_tryghed"], "omraade": ["motalavej", "sydbyen"],
                           "indsatsomraade": ["tryghed_trivsel"] * 2, "status": ["opfyldt", "mangler_data"]})
    html = str(hovedresultater(plan, status, "slut"))
    text = _tekst(html)
    assert "For 1 mangler der data." in text
    assert "For 1 vurdering mangler de tal, vurderingen kræver" in text and "(Sydbyen)" in text
    assert "datatjek.html" in _laes(html).links


def test_maalopfyldelse_is_areas_by_indsatsomraader_with_what_is_not_met(slut):
    plan = load_plan()
    html = str(maalopfyldelse(plan, slut.status, "slut", slut.status_midtvej))
    table = html.split('<table class="maalopfyldelse">')[1].split("</table>")[0]
    header = _tekst(table.split("</thead>")[0])
    assert all(io.navn in header for io in plan.indsatsomraader)
    rows = table.split("</thead>")[1].split("</tr>")[:-1]
    assert len(rows) == len(plan.omraader)
    # each cell's counts add up to the area's criteria in that indsatsområde
    for o, row in zip(plan.omraader, rows, strict=True):
        cells = re.findall(r"<td>(.*?)</td>", row)
        for io, cell in zip(plan.indsatsomraader, cells, strict=True):
            n = int(((slut.status["omraade"] == o.id) & (slut.status["indsatsomraade"] == io.id)).sum())
            assert sum(int(x) for x in re.findall(r"&nbsp;(\d+)", cell)) == n, (o.id, io.id)
        egne = slut.status[slut.status["omraade"] == o.id]
        assert f'<td class="tal">{int((egne["status"] == "opfyldt").sum())} af {len(egne)}</td>' in row
    text = _tekst(html)
    for o in plan.omraader:
        egne = slut.status[(slut.status["omraade"] == o.id) & slut.status["status"].isin(IKKE_NAAET["slut"])]
        assert f"{len(egne)} vurderinger er ikke opfyldt eller delvist opfyldt" in text or len(egne) < 2
    # the final round shows the midway status beside each, and a table of what changed
    assert "midtvej:" in text and "Fra midtvej til slut" in text


def test_midway_maalopfyldelse_has_no_comparison(midtvej):
    text = _tekst(str(maalopfyldelse(load_plan(), midtvej.status, "midtvej", midtvej.status_midtvej)))
    assert "Fra midtvej til slut" not in text and "midtvej:" not in text
    assert "tilbagegang" in text  # midway the targets moving the wrong way are listed as not reached


def test_the_report_opens_with_the_answer_and_ends_with_its_metadata():
    r = Rapport.load("slut")
    top = r.titelblok("Status til bestyrelsen", "Kortfattet status").data
    assert "<h1>" in top and "Diskretionering" not in top and ".csv" not in top, "metadata belongs at the end"
    end = r.om_rapporten().data
    assert "Kortfattet status" in end, "Om rapporten names the scope given to the title block"
    assert "Diskretionering" in end and ".csv" in end and 'class="dato"' in end


def test_the_data_check_opens_with_what_the_round_rests_on():
    r = Rapport.load("slut")
    text = _tekst(r.datagrundlag().data)
    filer = [f for f in r.filer if not Path(f).name.startswith(("vurdering", "fund"))]  # data, not findings
    assert f"Runden bygger på {len(filer)} datafiler" in text
    kvantitative = r.status[r.status["status"] != "afventer_vurdering"]
    med = int((pd.to_numeric(kvantitative["sidste_aar"], errors="coerce") == 2021).sum())
    assert f"Af de {len(kvantitative)} kvantitative vurderinger (succeskriterium × område) har {med} tal for " \
           "rundens sidste år, 2021" in text
    assert "Der mangler ingen tal" in text or "mangler de tal, vurderingen kræver" in text
