"""The lists shown (helhedsanalyse.report.lists): the report section, its suppression and the command line."""

from __future__ import annotations

import doctest
import re

import pandas as pd
import pytest
from listedata import empty_obs, obs  # shared test helper
from typer.testing import CliRunner

from helhedsanalyse.cli import app
from helhedsanalyse.compute.lists import list_table
from helhedsanalyse.plan import load_plan
from helhedsanalyse.plan.lists import ListeError
from helhedsanalyse.report import lists
from helhedsanalyse.report.lists import liste_afsnit, vist_listetabel
from helhedsanalyse.report.visning import Visning

runner = CliRunner()


@pytest.fixture(scope="module")
def plan():
    return load_plan()


# =========================================================================== the section


@pytest.mark.parametrize("omraade", ["ringparken", "motalavej"])
def test_section_shows_recorded_statuses_2017_2021(omraade, plan):
    html_ = liste_afsnit(omraade, None, plan, "slut")
    assert html_.count("<table") >= 3 and 'src="data:image/png;base64,' in html_
    status_table = html_.split("Status år for år")[1].split("</table>")[0]
    for y in range(2017, 2022):
        assert f"<td>{y}</td>" in status_table
    assert "Ghettoområde og hårdt ghettoområde" in status_table
    assert "Ghettoområde og hårdt ghettoområde (udledt)" in status_table  # 2020
    assert "inferred" not in status_table and "not found" not in status_table
    assert "Ikke parallelsamfund eller omdannelsesområde" in status_table  # 2021
    assert "<td>2022</td>" not in status_table  # after the round's last year
    assert "Visionen:" in html_ and "efter 2025" in html_
    assert "ILLUSTRATIVE DATA" in html_
    assert "4\u00a0år" in html_ or "4&nbsp;år" in html_  # the disagreement on the number of years is named


def test_section_without_values_says_what_is_missing(plan):
    html_ = liste_afsnit("ringparken", empty_obs(), plan, "midtvej")
    assert "data:image/png" not in html_ and "Ingen figur" in html_
    assert "Der er ingen værdier for listekriterierne i data" in html_
    assert "liste_uden_arbejde_uddannelse" in html_  # names the indicators to add
    status_table = html_.split("Status år for år")[1].split("</table>")[0]
    assert "<td>2018</td>" in status_table and "<td>2019</td>" not in status_table
    assert "ILLUSTRATIVE DATA" not in html_


def test_section_names_missing_values_in_words(plan):
    html_ = liste_afsnit("skaelskoer", None, plan, "slut")
    assert "2019: andelen med højst grunduddannelse, indkomsten i procent af regionens mangler – derfor kan status " \
           "ikke afgøres" in html_
    assert "ikke fundet" in html_


def test_samlet_section(plan):
    html_ = liste_afsnit("samlet", None, plan, "slut")
    for navn in ("Motalavej", "Ringparken/Schackenborgvænge", "Sydbyen", "Præstevangen og Parkvej"):
        assert navn in html_
    assert "Overblik" in html_ and "Antal områder på de landsdækkende lister" in html_
    assert 'src="data:image/png;base64,' in html_
    # text from the data is escaped: no raw angle brackets from the history or the rules
    assert "<script" not in html_


def test_section_refuses_unknown_round_and_area(plan):
    with pytest.raises(ListeError, match="ukendt runde"):
        liste_afsnit("ringparken", None, plan, "halvvejs")
    with pytest.raises(ListeError, match="ukendt område"):
        liste_afsnit("nørrebro", None, plan, "slut")


# =========================================================================== command line


def test_cli_lister():
    result = runner.invoke(app, ["lister", "--omraade", "ringparken"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Ringparken/Schackenborgvænge" in out and "Motalavej" not in out
    assert re.search(r"^2020 .*Ghettoområde og hårdt ghettoområde \(udledt\)$", out, re.M)
    assert re.search(r"^2022 .*ikke fundet$", out, re.M)
    assert "ILLUSTRATIVE DATA" in out


def test_cli_lister_csv_and_errors(tmp_path):
    result = runner.invoke(app, ["lister", "--format", "csv", "--omraade", "sydbyen"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("omraade,omraade_navn,liste_aar,regelperiode,beboere_vaerdi")
    result = runner.invoke(app, ["lister", "--omraade", "atlantis"])
    assert result.exit_code == 1 and "ukendt område 'atlantis'" in result.output.lower() and "Traceback" not in result.output
    result = runner.invoke(app, ["lister", "--format", "xml"])
    assert result.exit_code == 1
    # data without list values: the statuses are recorded only, and the output says which values to add
    f = tmp_path / "obs.csv"
    f.write_text("omraade,indikator,periode,vaerdi\nmotalavej,tryghed,2018,70\n", encoding="utf-8")
    result = runner.invoke(app, ["lister", "--data", str(f), "--omraade", "motalavej"])
    assert result.exit_code == 0, result.output
    assert "Ingen kriterieværdier i data for området" in result.stdout


def test_small_sensitive_counts_are_not_shown_but_still_classify(plan):
    # convictions given as 3 of 2000 residents (a count under 5): the cell hides the value (diskretionering)
    rows = obs([("motalavej", "liste_beboere", 2019, 2000), ("motalavej", "liste_ikke_vestlige", 2019, 60)])
    small = pd.DataFrame([{"omraade": "motalavej", "indikator": "liste_doemte", "periode": "2019", "vaerdi": None,
                           "taeller": 3, "naevner": 2000, "kilde": "test", "note": ""}])
    html_ = liste_afsnit("motalavej", pd.concat([rows, small], ignore_index=True), plan, "slut")
    crit_table = html_.split("Kriterierne: værdi og afstand til grænsen")[1].split("</table>")[0]
    assert "(diskretioneret)" in crit_table and "0,15" not in html_ and "udeladt" in html_
    t = list_table(pd.concat([rows, small], ignore_index=True), ["motalavej"], plan).set_index("liste_aar")
    assert t.loc[2019, "domme_vaerdi"] == pytest.approx(0.15)  # 3 / 2000 × 100


@pytest.mark.parametrize("visning,vist", [(Visning(), False), (Visning(graense=2), True),
                                           (Visning(diskretionering=False), True)])
def test_section_hides_what_the_settings_hide(plan, visning, vist):
    """Convictions 3 of 2000: hidden at the default threshold 5, shown at 2 and with suppression off."""
    rows = obs([("motalavej", "liste_beboere", 2019, 2000), ("motalavej", "liste_ikke_vestlige", 2019, 60)])
    small = pd.DataFrame([{"omraade": "motalavej", "indikator": "liste_doemte", "periode": "2019", "vaerdi": None,
                           "taeller": 3, "naevner": 2000, "kilde": "test", "note": ""}])
    data = pd.concat([rows, small], ignore_index=True)
    html_ = liste_afsnit("motalavej", data, plan, "slut", visning)
    crit_table = html_.split("Kriterierne: værdi og afstand til grænsen")[1].split("</table>")[0]
    assert ("0,15\u00a0%" in crit_table) is vist and ("(diskretioneret)" in crit_table) is not vist
    shown = vist_listetabel(list_table(data, ["motalavej"], plan, visning.graense), visning).set_index("liste_aar")
    assert bool(shown.loc[2019, "domme_vaerdi"] == pytest.approx(0.15)) is vist


def test_module_doctests():
    result = doctest.testmod(lists, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 3
