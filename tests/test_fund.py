"""Evaluators fund: the findings file (inputs/fund.py), its template, its checks in validate and render, and
its section in the helhedsevaluering (report/fund.py).

The expected outcome of each kind of file is a table: ``tests/tilfaelde/fund.yaml``.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import helhedsanalyse.render.engine as render_mod
from helhedsanalyse.cli import app
from helhedsanalyse.core.paths import DATA_DIR
from helhedsanalyse.inputs.files import data_fund
from helhedsanalyse.inputs.fund import fund_skabelon, laes_fund
from helhedsanalyse.plan import load_plan
from helhedsanalyse.render import plan_jobs
from helhedsanalyse.report.fund import evaluators_fund

TABEL = Path(__file__).parent / "tilfaelde" / "fund.yaml"
TILFAELDE: list[dict] = yaml.safe_load(TABEL.read_text(encoding="utf-8"))["tilfaelde"]
#: A 1 × 1 PNG.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c636000"
                    "0002000154a24f5d0000000049454e44ae426082")
PLAN = load_plan()
AFSNIT = PLAN.helhedsevaluering.fundafsnit
runner = CliRunner()


def _skriv(mappe: Path, t: dict) -> Path:
    """The case's file in ``mappe`` (with diagram.png beside it)."""
    (mappe / "diagram.png").write_bytes(PNG)
    path = mappe / t["fil"]
    if "hex" in t:
        path.write_bytes(bytes.fromhex(t["hex"]))
    elif "fyld" in t:
        path.write_bytes(b"Runde: slut\n## Anbefalinger\n" + b"x" * t["fyld"])
    else:
        path.write_bytes(t["indhold"].encode(t.get("kodning", "utf-8")))
    return path


@pytest.fixture
def i_mappe(tmp_path, monkeypatch):
    """Run in an empty folder, so that the messages name the file as the user typed it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _tekst(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --------------------------------------------------------------------------- the table of cases


def test_the_table_covers_what_the_issue_lists():
    emner = " ".join(t["fil"] for t in TILFAELDE)
    for needle in ("overskrift_ukendt", "afsnit_to_gange", "runde_mangler", "runde_ukendt", "vejledning_uaendret",
                   "windows1252", "for_stor", "billede_fra_nettet", "word_dokument"):
        assert needle in emner, needle
    for t in TILFAELDE:
        assert t.get("emne"), f"{t['fil']}: say what the case tries"
        assert t["skrevet"] == [a.id for a in AFSNIT if a.id in t["skrevet"]], "the plan's order"


@pytest.mark.parametrize("t", TILFAELDE, ids=[t["fil"] for t in TILFAELDE])
def test_each_case_reads_as_the_table_says(i_mappe, t):
    fund = laes_fund(_skriv(i_mappe, t).name, PLAN)
    assert fund.runde == t["runde"]
    assert list(fund.afsnit) == t["skrevet"]
    assert [str(p) for p in fund.problems] == t["problemer"]
    mangler = [p for p in fund.bemaerkninger if "' mangler og vises som 'ikke skrevet endnu'" in p.besked]
    assert [p.besked.split("'")[1] for p in mangler] == [a.overskrift for a in AFSNIT if a.id in t["mangler"]]
    assert [str(p) for p in fund.bemaerkninger if p not in mangler] == t["bemaerkninger"]
    for line in t["problemer"] + t["bemaerkninger"]:
        assert line.startswith(t["fil"]), "every message names the file first"


def test_a_missing_section_says_what_to_do(i_mappe):
    (t,) = [t for t in TILFAELDE if t["fil"] == "runde_mangler.md"]
    fund = laes_fund(_skriv(i_mappe, t).name, PLAN)
    assert str(fund.bemaerkninger[0]) == (
        "runde_mangler.md: afsnittet 'Sådan er evalueringen gennemført' mangler og vises som 'ikke skrevet endnu'; "
        "tilføj '## Sådan er evalueringen gennemført', når det er skrevet")


def test_guidance_is_never_part_of_a_section(i_mappe):
    (t,) = [t for t in TILFAELDE if t["fil"] == "vejledning_ved_tekst.md"]
    fund = laes_fund(_skriv(i_mappe, t).name, PLAN)
    assert fund.afsnit == {"anbefalinger": "Mere af det, der virker."}


# --------------------------------------------------------------------------- helhedsanalyse validate


def test_validate_reports_every_problem_of_every_file_at_once(i_mappe):
    files = [_skriv(i_mappe, t).name for t in TILFAELDE]
    result = runner.invoke(app, ["validate", *files])
    assert result.exit_code == 1, result.output
    expected = [line for t in TILFAELDE for line in t["problemer"]]
    n_files = len([t for t in TILFAELDE if t["problemer"]])
    assert result.stdout.splitlines() == [f"{_antal(len(expected), 'problem', 'problemer')} i "
                                          f"{_antal(n_files, 'fil', 'filer')}; intet er indlæst:",
                                          *expected]
    assert "Traceback" not in result.output


def test_validate_a_usable_file_shows_its_round_and_notes(i_mappe):
    (t,) = [t for t in TILFAELDE if t["fil"] == "vejledning_ved_tekst.md"]
    _skriv(i_mappe, t)
    result = runner.invoke(app, ["validate", t["fil"]])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Alt i orden: 1 fil med evaluators fund.",
                         f"Evaluators fund i {t['fil']}: runde slut, 1 af {len(AFSNIT)} afsnit skrevet."]
    assert [x.strip() for x in lines[2:]][-1] == t["bemaerkninger"][0]
    assert len(lines) == 2 + len(t["mangler"]) + len(t["bemaerkninger"])


def test_validate_a_data_folder_checks_the_findings_in_it(i_mappe):
    """A folder stands for its data files and its findings (fund*.md); another Markdown file is left out."""
    shutil_copy = (DATA_DIR / "eksempel" / "kommune_ILLUSTRATIV.csv").read_bytes()
    (i_mappe / "data").mkdir()
    (i_mappe / "data" / "kommune.csv").write_bytes(shutil_copy)
    (i_mappe / "data" / "fund_slut.md").write_text("Runde: slut\n\n## Anbefalnger\nx\n", encoding="utf-8")
    (i_mappe / "data" / "LæsMig.md").write_text("# Noter\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "data"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "1 problem i 1 fil; intet er indlæst:"
    assert result.stdout.splitlines()[1].startswith(
        "data/fund_slut.md, linje 3: overskriften 'Anbefalnger' er ikke et af helhedsevalueringens afsnit; "
        "mente du 'Anbefalinger'?")


# --------------------------------------------------------------------------- the template


@pytest.mark.parametrize("runde", ["midtvej", "slut"])
def test_template_round_trip(i_mappe, runde):
    """The untouched template is a usable file of its round whose every section is "not written yet" (only
    its guidance): a half-written file renders. Replacing one guidance with text writes that section."""
    result = runner.invoke(app, ["template", "fund.md", "--runde", runde])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Skabelonen til evaluators fund (runde {runde}) er skrevet til fund.md ({len(AFSNIT)} afsnit: planens "
        "spørgsmål til helhedsevalueringen).",
        "Skriv fundene under overskrifterne, og kontrollér filen med: helhedsanalyse validate fund.md",
        "Vis dem i helhedsevalueringen med: helhedsanalyse render --fund fund.md"]
    text = Path("fund.md").read_text(encoding="utf-8")
    for a in AFSNIT:
        assert f"## {a.overskrift}\n" in text and a.spoergsmaal in text and a.planens_ord in text
    fund = laes_fund("fund.md", PLAN)
    assert (fund.problems, fund.runde, fund.afsnit) == ((), runde, {})
    assert [p.besked for p in fund.bemaerkninger] == [
        f"afsnittet '{a.overskrift}' er ikke skrevet endnu (kun vejledningen står der) og vises som 'ikke skrevet "
        "endnu'; erstat vejledningen med jeres fund" for a in AFSNIT]
    assert runner.invoke(app, ["validate", "fund.md"]).exit_code == 0

    organisering = next(a for a in AFSNIT if a.id == "organisering")
    start = text.index(f"## {organisering.overskrift}\n")
    slut = text.index("\n## ", start + 1)
    Path("fund.md").write_text(text[:start] + f"## {organisering.overskrift}\n\nDen fungerer godt.\n" + text[slut:],
                               encoding="utf-8")
    fund = laes_fund("fund.md", PLAN)
    assert fund.afsnit == {"organisering": "Den fungerer godt."} and not fund.problems
    assert len(fund.bemaerkninger) == len(AFSNIT) - 1


def test_template_messages(i_mappe):
    Path("fund.md").write_text("mit udkast", encoding="utf-8")
    result = runner.invoke(app, ["template", "fund.md"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Fejl: fund.md findes allerede og overskrives ikke")
    assert Path("fund.md").read_text(encoding="utf-8") == "mit udkast"
    result = runner.invoke(app, ["template", "ny.md", "--runde", "2021"])
    assert (result.exit_code, result.stderr.strip()) == (1, "Fejl: Ukendt runde '2021'. Gyldige runder: midtvej, slut.")
    result = runner.invoke(app, ["template", "ny.docx"])
    assert (result.exit_code, result.stderr.strip()) == (
        1, "Fejl: ny.docx: giv filen endelsen .xlsx (dataskabelonen i Excel) eller .md (skabelonen til evaluators "
           "fund)")
    assert not Path("ny.md").exists() and not Path("ny.docx").exists()


def test_template_is_the_plans_questions_in_order():
    text = fund_skabelon(PLAN, "slut")
    assert re.findall(r"^## (.*)$", text, re.M) == [a.overskrift for a in AFSNIT]


# --------------------------------------------------------------------------- helhedsanalyse render


@pytest.fixture
def ingen_kerne(monkeypatch):
    """Fail the test if a notebook kernel would start."""
    import papermill

    def forbidden(*a, **k):
        raise AssertionError("a kernel was started for a findings file that should have been refused")

    monkeypatch.setattr(papermill, "execute_notebook", forbidden)
    monkeypatch.setattr(render_mod, "execute_job", forbidden)


def _fund(path: Path, runde: str, tekst: str = "Mere af det, der virker.") -> Path:
    path.write_text(f"Runde: {runde}\n\n## Anbefalinger\n{tekst}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("filer, runder, beskeder", [
    (["overskrift_stavefejl.md"], ["slut"], None),  # the case table's problem lines
    (["midtvej.md"], ["slut"], [
        "midtvej.md: filen er evaluators fund til runden 'midtvej', som ikke dannes nu (kun slut); tilføj --runde "
        "midtvej, eller udelad filen"]),
    (["slut.md", "slut2.md"], ["slut"], ["slut2.md: slut.md er også evaluators fund til runden 'slut'; giv én fil "
                                         "pr. runde"]),
    (["findes_ikke.md"], ["midtvej", "slut"], ["findes_ikke.md: filen findes ikke"]),
])
def test_render_refuses_a_findings_file_before_any_kernel(i_mappe, ingen_kerne, filer, runder, beskeder):
    _fund(i_mappe / "midtvej.md", "midtvej")
    _fund(i_mappe / "slut.md", "slut")
    _fund(i_mappe / "slut2.md", "slut")
    (t,) = [t for t in TILFAELDE if t["fil"] == "overskrift_stavefejl.md"]
    _skriv(i_mappe, t)
    beskeder = beskeder or t["problemer"]
    args = ["render", "--notebook", "helhedsevaluering", "--ud", "ud", "--processer", "1"]
    for f in filer:
        args += ["--fund", f]
    for r in runder:
        args += ["--runde", r]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"Fejl: {_antal(len(beskeder), 'problem', 'problemer')} i 1 fil; intet er indlæst",  # as validate and every input
        *[f"  {b}" for b in beskeder]]
    assert not Path("ud").exists() or not any(p.is_file() for p in Path("ud").rglob("*"))


def test_render_refuses_findings_in_a_data_folder_with_the_lines_validate_gives(i_mappe, ingen_kerne):
    (i_mappe / "data").mkdir()
    (i_mappe / "data" / "kommune.csv").write_bytes((DATA_DIR / "eksempel" / "kommune_ILLUSTRATIV.csv").read_bytes())
    (i_mappe / "data" / "fund_slut.md").write_text("## Anbefalinger\nx\n", encoding="utf-8")
    validate = runner.invoke(app, ["validate", "data"])
    assert validate.exit_code == 1
    result = runner.invoke(app, ["render", "--data", "data", "--notebook", "bestyrelsesstatus", "--ud", "ud",
                                 "--processer", "1"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"Fejl: {validate.stdout.splitlines()[0].rstrip(':')}",
                                          *[f"  {x}" for x in validate.stdout.splitlines()[1:]]]
    assert result.stderr.splitlines()[1] == (
        "  data/fund_slut.md: filen siger ikke, hvilken runde fundene hører til; skriv linjen 'Runde: midtvej' "
        "eller 'Runde: slut' øverst i filen (før det første afsnit)")


def test_render_routes_each_file_to_its_round_and_only_to_the_helhedsevaluering(i_mappe):
    midtvej, slut = _fund(i_mappe / "a.md", "midtvej"), _fund(i_mappe / "b.md", "slut")
    from helhedsanalyse.inputs.fund import fund_for_runder

    route = fund_for_runder([str(slut), str(midtvej)], ["midtvej", "slut"])
    assert route == {"midtvej": str(midtvej), "slut": str(slut)}
    jobs = plan_jobs("slut", ["motalavej"], ["omraade", "helhedsevaluering", "bestyrelsesstatus"], Path("ud"),
                     fund=route["slut"])
    assert [j.parametre.get("fund") for j in jobs] == [None, str(slut.resolve()), None]


def test_the_shipped_data_bring_their_illustrative_findings(tmp_path):
    """Without --data and --fund the render shows the shipped ILLUSTRATIV findings, one file per round; with
    the user's own data (and no findings among them) none."""
    shipped = data_fund(None, ["midtvej", "slut"])
    assert {r: Path(f).name for r, f in shipped.items()} == {
        "midtvej": "fund_midtvej_ILLUSTRATIV.md", "slut": "fund_slut_ILLUSTRATIV.md"}
    for runde, f in shipped.items():
        fund = laes_fund(f, PLAN)
        assert fund.ok and fund.runde == runde and list(fund.afsnit) == [a.id for a in AFSNIT]
        assert not fund.bemaerkninger
        assert "ILLUSTRATIV" in fund.afsnit[AFSNIT[0].id], "the text says it is illustrative"
    assert data_fund(None, ["slut"]) == {"slut": shipped["slut"]}
    own = tmp_path / "data.csv"
    own.write_bytes((DATA_DIR / "eksempel" / "kommune_ILLUSTRATIV.csv").read_bytes())
    assert data_fund([str(own)], ["midtvej", "slut"]) == {}


# --------------------------------------------------------------------------- the report section


def test_report_shows_the_sections_in_the_plans_order_and_says_which_are_not_written(tmp_path):
    path = tmp_path / "fund.md"
    path.write_text("Runde: slut\n\n## Anbefalinger\nMere af **det**, der virker.\n\n### Konkret\n- lektiecaféer\n\n"
                    "## Den nye organisering: én helhedsplan for fire områder\n> Vejledning: Hvordan fungerer den?\n"
                    "\nDen fungerer.\n", encoding="utf-8")
    html = str(evaluators_fund(PLAN, "slut", str(path)))
    assert re.findall(r"<h3>(.*?)</h3>", html) == [a.overskrift for a in AFSNIT]
    assert "<p>Mere af <strong>det</strong>, der virker.</p>" in html
    assert "<h4>Konkret</h4>" in html, "the evaluator's ### sits below the section's heading"
    text = _tekst(html)
    assert text.count("Afsnittet er ikke skrevet endnu.") == len(AFSNIT) - 2
    assert "Den fungerer." in text and "Vejledning" not in text
    for word in ("parameter", "fund.md", "helhedsanalyse", "--fund", "Markdown", ".md"):
        assert word not in text, word


def test_report_without_findings_says_so_and_lists_the_questions():
    html = str(evaluators_fund(PLAN, "midtvej", ""))
    text = _tekst(html)
    assert text.startswith("Evaluators fund er ikke skrevet endnu.")
    assert re.findall(r"<li><strong>(.*?)\.</strong>", html) == [unescape(a.overskrift) for a in AFSNIT]
    for a in AFSNIT:
        assert a.spoergsmaal in text
    for word in ("parameter", "fund.md", "helhedsanalyse", "--fund", "Markdown", "notebook"):
        assert word not in text, word


def test_report_refuses_a_file_of_the_other_round(tmp_path):
    from helhedsanalyse.inputs.fund import FundError

    with pytest.raises(FundError) as err:
        evaluators_fund(PLAN, "slut", str(_fund(tmp_path / "m.md", "midtvej")))
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'm.md'}: filen er evaluators fund til runden 'midtvej', men rapporten er for runden 'slut'"]


def test_rendered_helhedsevaluering_shows_the_findings_given_with_fund(i_mappe):
    """One real render of the helhedsevaluering with --fund: the text is in the report, the other sections
    say "ikke skrevet endnu". The findings file and the data folder are named relative to the current
    folder, as a user types them; the notebooks, which run in another folder, read them all the same."""
    _fund(i_mappe / "fund.md", "slut", "Lektiecaféerne *virker* i alle fire områder.")
    (i_mappe / "tal").mkdir()
    shutil.copy(DATA_DIR / "eksempel" / "politi_ILLUSTRATIV.csv", i_mappe / "tal")
    result = runner.invoke(app, ["render", "--runde", "slut", "--notebook", "helhedsevaluering", "--ud", "ud",
                                 "--fund", "fund.md", "--data", "tal", "--processer", "1"])
    assert result.exit_code == 0, result.output
    page = (i_mappe / "ud" / "slut" / "helhedsevaluering.html").read_text(encoding="utf-8")
    assert "Lektiecaféerne <em>virker</em> i alle fire områder." in page
    text = _tekst(page[page.index('id="Evaluators-fund"'):])
    assert text.count("Afsnittet er ikke skrevet endnu.") == len(AFSNIT) - 1
    assert "ILLUSTRATIV tekst" not in page, "--fund replaces the shipped findings"
    assert "politi_ILLUSTRATIV.csv" in page and "leverancer_ILLUSTRATIV.xlsx" not in page, "the data of tal/ only"


def _antal(n: int, ental: str, flertal: str) -> str:
    """A count as the messages write it (the test's own copy: "1 problem", "3 problemer")."""
    return f"{n} {ental if n == 1 else flertal}"
