"""The report layer's contract: Rapport over one computed round, one suppression object, templates for HTML.

The suppression rule is docs/metode.md, "Diskretionering": a count above 0 and below the threshold is shown as
``<5``; a share on a small tæller or nævner, and a secondarily suppressed value, as ``(diskretioneret)``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from helhedsanalyse.compute import diskretionering as disk
from helhedsanalyse.compute.runde import BeregnetRunde
from helhedsanalyse.plan import load_plan
from helhedsanalyse.report import Rapport
from helhedsanalyse.report.markup import badge, tabel
from helhedsanalyse.report.skjul import SKJULT, Skjul
from helhedsanalyse.report.statusafsnit import statusoptaelling
from helhedsanalyse.report.templating import environment
from helhedsanalyse.report.visning import Visning

PLAN = load_plan()
SKABELONER = Path(__file__).resolve().parent.parent / "helhedsanalyse" / "report" / "templates" / "rapport"


def _runde(status: pd.DataFrame | None = None) -> BeregnetRunde:
    tom = pd.DataFrame(columns=["omraade", "indikator", "aar", "vaerdi", "taeller", "naevner"])
    return BeregnetRunde(runde="slut", observations=pd.DataFrame(), references=None, vurderinger=None,
                         indikatorer=tom, status=status if status is not None else pd.DataFrame(), filer=[])


@pytest.mark.parametrize(("visning", "args", "vist"), [
    # (display settings, (value, unit, tæller, nævner, sensitive, mask status), shown)
    (Visning(), (3, "antal"), "<5"),
    (Visning(graense=10), (7, "antal"), "<10"),
    (Visning(diskretionering=False, graense=10), (7, "antal"), "7"),
    (Visning(), (12, "antal", None, None, False), "12"),  # not a sensitive indicator
    (Visning(), (12, "antal", None, None, True, disk.SEKUNDAER), SKJULT),
    (Visning(), (7.5, "pct", 3, 40), SKJULT),  # a share on a small tæller
    (Visning(), (30.0, "pct", 12, 40), "30\u00a0%"),
])
def test_a_value_is_shown_as_the_display_settings_say(visning, args, vist):
    assert Skjul(PLAN, _runde(), visning).vis(*args) == vist


def test_a_fraction_is_hidden_with_its_small_part():
    skjul = Skjul(PLAN, _runde(), Visning())
    assert skjul.brok(3, 40) == "<5"
    assert skjul.brok(12, 40, status=disk.PRIMAER) == SKJULT
    assert skjul.brok(12, 40) == "12 / 40"
    assert skjul.brok(None, 40) == ""
    assert Skjul(PLAN, _runde(), Visning(diskretionering=False)).brok(3, 40) == "3 / 40"


def test_without_suppression_nothing_is_hidden_and_the_title_block_says_so():
    status = pd.DataFrame({"forklaring": ["3 af 40"]})
    skjul = Skjul(PLAN, _runde(status), Visning(diskretionering=False))
    assert skjul.maske == {} and skjul.status_vist is status
    assert skjul.undertryk_under("dropout") is None
    assert skjul.titeltekst.startswith("Fra (intern arbejdskopi")
    paa = Skjul(PLAN, _runde(status), Visning(graense=10))
    assert paa.undertryk_under("dropout") == 10 and "under 10" in paa.titeltekst


def test_rapport_reads_its_round_and_makes_its_suppression_once():
    r = Rapport(plan=PLAN, beregnet=_runde(pd.DataFrame({"status": ["opfyldt"]})), visning=Visning(graense=7))
    assert r.status is r.beregnet.status and r.runde == "slut" and r.filer == []
    assert (r.diskretionering, r.diskretionering_graense) == (True, 7)
    with pytest.raises(AttributeError):
        r.status = pd.DataFrame()  # type: ignore[misc]  # read-only: the round is computed once
    assert r.skjul is r.skjul
    first = r.skjul
    r.beregnet = dataclasses.replace(r.beregnet, status=pd.DataFrame({"status": ["ikke_opfyldt"]}))
    assert r.skjul is not first and r.skjul.beregnet is r.beregnet


def test_every_report_template_compiles():
    names = sorted(p.name for p in SKABELONER.glob("*.j2"))
    assert "dele.j2" in names and len(names) >= 10
    for name in names:
        environment().get_template(f"rapport/{name}")


def test_templates_escape_data_quotes_included():
    # one escaping mechanism for all HTML (markupsafe through the templates), quotes as its entities
    html = str(tabel(pd.DataFrame({"Kilde": ['Flere unge i "sunde" communities\' <b>']})))
    assert "&#34;sunde&#34; communities&#39; &lt;b&gt;" in html
    assert '"sunde"' not in html and "<b>" not in html


def test_status_count_from_its_template():
    status = pd.DataFrame({"status": ["opfyldt", "opfyldt", "ikke_opfyldt"], "foreloebig": [True, False, False]})
    html = str(statusoptaelling(status))
    assert html.startswith("<p>3 vurderinger (succeskriterium × område) i alt:</p>")
    assert f"<li>{badge('opfyldt')} 2</li>" in html
    assert html.endswith('<p class="note">Heraf 1 er foreløbig (rundens år mangler i et register, der udkommer '
                         "med forsinkelse; status bygger på året før).</p>")


def test_a_section_is_plain_html_that_a_caller_can_add_markup_to():
    """render's index adds a heading between sections (``.data + "<h4>..."``): it must stay markup."""
    r = Rapport(plan=PLAN, beregnet=_runde(pd.DataFrame({"status": ["opfyldt"]})))
    data = r.statusoptaelling().data
    assert type(data) is str
    assert (data + "<h4>x</h4>").endswith("<h4>x</h4>")
