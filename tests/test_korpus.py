"""The corpus of broken and awkward input files (tests/korpus/), run through the command line.

Every file in ``tests/korpus/`` has its expected outcome in ``tests/korpus/forventet.yaml``: either it is
read (the number of rows, exactly the notes of what was interpreted, and the values) or it is refused
with exactly the lines the user gets, each naming the file, the row as seen in Excel, the column, the
value and what would be accepted. ``helhedsanalyse validate`` is run on every file, and
``helhedsanalyse render`` on every refused one (it must refuse with the same lines before any kernel
starts and write nothing). No command may change an input file, crash or print a traceback.

The 100.000-row file is written by the test itself (tmp_path), not committed.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import shutil
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import helhedsanalyse.render.engine as render_mod
from helhedsanalyse.cli import app
from helhedsanalyse.inputs.observations import validate_files
from helhedsanalyse.plan import PLAN_DIR, load_plan


def _antal(n: int, ental: str, flertal: str) -> str:
    """A count as the messages write it: "1 problem", "3 problemer", "100.000 rækker" (never "problem(er)")."""
    return f"{n:,}".replace(",", ".") + " " + (ental if n == 1 else flertal)

KORPUS = Path(__file__).parent / "korpus"
IKKE_DATA = {"lav_korpus.py", "forventet.yaml"}
TILFAELDE: list[dict] = yaml.safe_load((KORPUS / "forventet.yaml").read_text(encoding="utf-8"))["tilfaelde"]
DATAFILER = [t for t in TILFAELDE if t.get("kommando") != "plan"]
AFVISTE = [t for t in DATAFILER if t["udfald"] == "afvises"]
INDLAESTE = [t for t in DATAFILER if t["udfald"] == "indlæses"]

runner = CliRunner()


def sha256(path: Path) -> str:
    """The file's checksum; a data folder's: of every file in it, names included (nothing may change)."""
    if path.is_dir():
        return hashlib.sha256("".join(f"{p.name}:{sha256(p)};" for p in sorted(path.iterdir())).encode()).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ids(cases: list[dict]) -> list[str]:
    return [t["fil"] for t in cases]


@pytest.fixture
def i_korpus(monkeypatch):
    """Run in tests/korpus, so that the messages name the file as the user typed it."""
    monkeypatch.chdir(KORPUS)
    return KORPUS


# --------------------------------------------------------------------------- the corpus itself


def test_every_file_has_exactly_one_expected_outcome():
    files = sorted(p.name for p in KORPUS.iterdir()  # files, and data folders (mappe_*)
                   if (p.is_file() or p.is_dir() and p.name.startswith("mappe_")) and p.name not in IKKE_DATA)
    listed = [t["fil"] for t in TILFAELDE]
    assert len(listed) == len(set(listed)), "a file is listed twice in forventet.yaml"
    assert sorted(listed) == files, (
        f"not in forventet.yaml: {sorted(set(files) - set(listed))}; "
        f"listed but missing: {sorted(set(listed) - set(files))}"
    )
    assert len(files) >= 30
    for t in TILFAELDE:
        assert t["udfald"] in ("indlæses", "afvises"), t
        assert t.get("emne"), f"{t['fil']}: say what the case tries"
        if t["udfald"] == "afvises":
            assert t["beskeder"], t["fil"]
        else:
            assert t["raekker"] == len(t["data"]), t["fil"]


def test_corpus_covers_what_the_issue_lists():
    """The kinds of bad input the issue names each have at least one case."""
    names = " ".join(t["fil"] for t in TILFAELDE)
    for needle in ("blandet_skilletegn", "blandet_decimaltegn", "windows1252", "latin1", "bom", "nfd",
                   "mellemrum_og_store_bogstaver", "omraade_stavefejl", "indikator_stavefejl", "procent_med_tegn",
                   "procent_som_broek", "tusindtal", "excel_formler", "excel_flettet", "excel_skjult_ark", "tom.csv",
                   "kun_overskrifter", "dubletter_ens", "dubletter_modstridende", "perioder_ugyldige",
                   "aar_uden_for_planen", "plan_ukendt_indikator",
                   # issue 12, del A: Excel's and CSV's habits
                   "skabelon_procent", "excel_procent_paa_antal", "excel_aar_som_dato", "excel_skjulte_raekker",
                   "excel_filter", "excel_adgangskode", "gammelt_excel", "libreoffice", "mappe_med_laasefil",
                   "mappe_uden_data", "excel_celle_i_XFD1048576", "excel_celle_i_D1048576", "excel_zipbombe",
                   "csv_anfoerselstegn_aldrig_lukket", "csv_felt_over_graensen", "csv_for_mange_felter",
                   "csv_for_faa_felter"):
        assert needle in names, needle
    ugyldige = next(t for t in TILFAELDE if t["fil"] == "perioder_ugyldige.csv")
    for periode in ("'2018-Q3'", "'2018 K3'", "'18'"):
        assert any(periode in b for b in ugyldige["beskeder"]), periode


# --------------------------------------------------------------------------- helhedsanalyse validate


@pytest.mark.parametrize("t", AFVISTE, ids=_ids(AFVISTE))
def test_validate_refuses_with_the_exact_message(i_korpus, t):
    path = KORPUS / t["fil"]
    before = sha256(path)
    result = runner.invoke(app, ["validate", t["fil"]])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    n = len(t["beskeder"])
    assert lines == [f"{_antal(n, 'problem', 'problemer')} i 1 fil; intet er indlæst:", *t["beskeder"]], result.stdout
    for line in t["beskeder"]:
        assert line.startswith(t["fil"]), "every message names the file first"
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert sha256(path) == before, "validate changed the input file"


@pytest.mark.parametrize("t", INDLAESTE, ids=_ids(INDLAESTE))
def test_validate_reads_with_the_exact_notes(i_korpus, t):
    path = KORPUS / t["fil"]
    before = sha256(path)
    result = runner.invoke(app, ["validate", t["fil"]])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Alt i orden: 1 fil, {_antal(t['raekker'], 'række', 'rækker')} med data."
    if "Fortolket under indlæsningen:" in lines:
        notes = lines[lines.index("Fortolket under indlæsningen:") + 1 :]
    else:
        notes = []
    assert notes == [f"  {t['fil']}: {n}" for n in t["noter"]], result.stdout
    assert result.stderr == "" and "Traceback" not in result.output
    assert sha256(path) == before, "validate changed the input file"


@pytest.mark.parametrize("t", INDLAESTE, ids=_ids(INDLAESTE))
def test_what_is_read_is_what_the_file_means(i_korpus, t):
    """Nothing silently misread: area, indicator, period and value of every row, in file order."""
    report = validate_files([t["fil"]])
    assert report.ok, report.problems
    got = report.data[["omraade", "indikator", "periode", "vaerdi"]].values.tolist()
    assert len(got) == len(t["data"])
    for (o, i, p, v), (eo, ei, ep, ev) in zip(got, t["data"]):
        assert (o, i, p) == (eo, ei, ep)
        assert math.isclose(v, ev, rel_tol=1e-9, abs_tol=1e-9), (o, i, p, v, ev)


def test_all_files_at_once_report_every_problem(i_korpus):
    """One validate over the whole corpus: every refused file's lines, no crash, nothing changed."""
    files = [t["fil"] for t in DATAFILER]
    before = {f: sha256(KORPUS / f) for f in files}
    result = runner.invoke(app, ["validate", *files])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # duplicates across files are compared too (the corpus repeats motalavej/tryghed/2018 with other
    # values), so only check that every refused file's own lines are there
    for t in AFVISTE:
        for line in t["beskeder"]:
            if "samme område" in line:  # compared with the first such row of all the files now
                assert any(x.startswith(line.split(":")[0]) and "samme område" in x for x in lines), line
            else:
                assert line in lines, line
    files_named = {x.split(",")[0].split(":")[0] for x in lines[1:]}
    assert lines[0] == (f"{_antal(len(lines) - 1, 'problem', 'problemer')} i "
                        f"{_antal(len(files_named), 'fil', 'filer')}; intet er indlæst:")
    assert "Traceback" not in result.output
    assert {f: sha256(KORPUS / f) for f in files} == before


# --------------------------------------------------------------------------- helhedsanalyse render


@pytest.fixture
def ingen_kerne(monkeypatch):
    """Fail the test if a notebook kernel would start."""
    import papermill

    def forbidden(*a, **k):
        raise AssertionError("a kernel was started for data that should have been refused")

    monkeypatch.setattr(papermill, "execute_notebook", forbidden)
    monkeypatch.setattr(render_mod, "execute_job", forbidden)


@pytest.mark.parametrize("t", AFVISTE, ids=_ids(AFVISTE))
def test_render_refuses_with_the_same_lines_before_any_kernel(i_korpus, ingen_kerne, tmp_path, t):
    path = KORPUS / t["fil"]
    before = sha256(path)
    out = tmp_path / "rapporter"
    result = runner.invoke(app, ["render", "--data", t["fil"], "--runde", "slut", "--notebook", "bestyrelsesstatus",
                                 "--ud", str(out), "--processer", "1"])
    assert result.exit_code == 1, result.output
    err = result.stderr.splitlines()
    n = len(t["beskeder"])
    assert err[0].startswith(f"Fejl: {_antal(n, 'problem', 'problemer')} i 1 fil;") and err[0].endswith("intet er indlæst"), err[0]
    assert err[1:] == [f"  {b}" for b in t["beskeder"]]
    assert "Traceback" not in result.output
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*")), "a report was written"
    assert sha256(path) == before


# --------------------------------------------------------------------------- the plan


def test_plan_with_a_criterion_on_an_unknown_indicator(i_korpus, tmp_path):
    (t,) = [t for t in TILFAELDE if t.get("kommando") == "plan"]
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan)
    shutil.copy(KORPUS / t["fil"], plan / "kriterier.yaml")
    before = {p.name: sha256(p) for p in plan.iterdir()}
    result = runner.invoke(app, ["validate", "--plan", str(plan), "bom_utf8.csv"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [b.replace("{plan}", str(plan)) for b in t["beskeder"]]
    assert "Traceback" not in result.output
    assert {p.name: sha256(p) for p in plan.iterdir()} == before


# --------------------------------------------------------------------------- 100.000 rows


def _stor_fil(path: Path, fejl: dict[int, str] | None = None) -> int:
    """100.000 distinct rows (område × indikator × periode, semicolon and decimal comma); ``fejl`` replaces
    the område of the given Excel rows. Returns the number of data rows."""
    plan = load_plan()
    periods = [f"{y}{d}" for y in range(2010, 2031) for d in ("", "Q1", "Q2", "Q3", "Q4", "H1", "H2")]
    lines = ["område;indikator;periode;værdi;tæller;nævner;kilde;note"]
    combos = itertools.islice(itertools.product(plan.alle_steder, plan.indikatorer, periods), 100_000)
    for n, (sted, ind, per) in enumerate(combos):
        v = f"{1 + (n % 980) / 10:.1f}".replace(".", ",") if ind.enhed == "pct" else str(n % 50)
        lines.append(f"{sted};{ind.id};{per};{v};;;stor testfil;")
    for row, omraade in (fejl or {}).items():
        lines[row - 1] = omraade + lines[row - 1][lines[row - 1].index(";"):]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def test_100000_rows_validate_in_reasonable_time(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _stor_fil(tmp_path / "stor.csv") == 100_000
    start = time.monotonic()
    result = runner.invoke(app, ["validate", "stor.csv"])
    elapsed = time.monotonic() - start
    assert result.exit_code == 0, result.output[-2000:]
    assert result.stdout.splitlines()[0] == "Alt i orden: 1 fil, 100.000 rækker med data."
    assert elapsed < 30, f"validate took {elapsed:.1f} s for 100.000 rows"

    _stor_fil(tmp_path / "stor_fejl.csv", {50_001: "Motalvej", 100_001: "Ringparkn"})
    start = time.monotonic()
    result = runner.invoke(app, ["validate", "stor_fejl.csv"])
    elapsed = time.monotonic() - start
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "2 problemer i 1 fil; intet er indlæst:",
        "stor_fejl.csv, række 50001, kolonne 'område': værdien 'Motalvej': ukendt område; mente du 'motalavej'? "
        "Gyldige: motalavej, ringparken, sydbyen, skaelskoer, samlet, sub, danmark, slagelse_kommune, politikreds",
        "stor_fejl.csv, række 100001, kolonne 'område': værdien 'Ringparkn': ukendt område; mente du 'ringparken'? "
        "Gyldige: motalavej, ringparken, sydbyen, skaelskoer, samlet, sub, danmark, slagelse_kommune, politikreds",
    ]
    assert elapsed < 30, f"validate took {elapsed:.1f} s for 100.000 rows with problems"
