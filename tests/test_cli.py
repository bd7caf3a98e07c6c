"""The ``helhedsanalyse`` command: exit codes and Danish messages, never a traceback."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import helhedsanalyse
from helhedsanalyse.cli import app, main
from helhedsanalyse.render.pdf import find_chromium
from helhedsanalyse.render.saet import Resultat

FILER = Path(__file__).parent / "filer"
runner = CliRunner()


def test_validate_good_files_prints_summary_and_exits_0():
    files = [str(FILER / "observationer_komma.csv"), str(FILER / "observationer_semikolon.csv")]
    result = runner.invoke(app, ["validate", *files])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Alt i orden: 2 filer, 11 rækker med data." in out
    assert "Områder (6): motalavej, ringparken, samlet, skaelskoer, sub, sydbyen" in out
    assert "Indikatorer (6):" in out
    assert "Perioder (5): 2017-2019H1" in out
    assert "Succeskriterier med data: 6 af" in out
    assert "  tt_tryghed (tryghed): motalavej, ringparken, skaelskoer" in out
    assert "'Præstevangen og Parkvej' tolket som 'skaelskoer'" in out
    assert result.stderr == ""


def test_validate_bad_file_prints_every_problem_and_exits_1():
    path = FILER / "fejl_semikolon.csv"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "6 problemer i 1 fil; intet er indlæst:"
    assert [line.split(":")[0] for line in lines[1:]] == [
        f"{path}, række {r}, kolonne '{c}'"
        for r, c in [(2, "område"), (3, "indikator"), (4, "værdi"), (5, "værdi"), (6, "tæller"), (7, "periode")]
    ]
    assert "mente du 'ringparken'?" in lines[1]
    assert "Traceback" not in result.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_validate_missing_file():
    result = runner.invoke(app, ["validate", "findes_ikke.csv"])
    assert result.exit_code == 1
    assert "findes_ikke.csv: filen findes ikke" in result.stdout


def test_template_command(tmp_path):
    target = tmp_path / "skabelon.xlsx"
    result = runner.invoke(app, ["template", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Skabelonen er skrevet til {target}" in result.stdout
    assert openpyxl.load_workbook(target).sheetnames == ["Data", "Vejledning", "Lister"]
    # the untouched template validates
    result = runner.invoke(app, ["validate", str(target)])
    assert result.exit_code == 0, result.output
    assert "0 rækker med data" in result.stdout
    # never overwritten without --overskriv: a Danish sentence on stderr, exit 1
    before = target.read_bytes()
    result = runner.invoke(app, ["template", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Fejl: {target} findes allerede og overskrives ikke")
    assert target.read_bytes() == before
    assert runner.invoke(app, ["template", str(target), "--overskriv", "--fra", "2018", "--til", "2019"]).exit_code == 0


def test_helhedsanalyse_error_from_any_command_is_a_message(tmp_path):
    result = runner.invoke(app, ["validate", "--plan", str(tmp_path), str(FILER / "observationer_komma.csv")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Fejl: ")
    assert "planfilen findes ikke" in result.stderr
    assert "Traceback" not in result.output


def test_main_returns_exit_codes(capsys, tmp_path):
    assert main(["validate", str(FILER / "observationer_komma.csv")]) == 0
    assert "Alt i orden" in capsys.readouterr().out
    assert main(["validate", str(FILER / "fejl_semikolon.csv")]) == 1
    assert main(["template", str(tmp_path / "s.xlsx"), "--fra", "2020", "--til", "2019"]) == 1
    assert capsys.readouterr().err.strip() == "Fejl: --til (2019) ligger før --fra (2020)"
    assert main(["validate"]) == 2  # usage error: click's convention


def test_unexpected_error_has_no_traceback(capsys, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("noget gik galt")

    monkeypatch.setattr("helhedsanalyse.inputs.files.validate_files", boom)
    monkeypatch.delenv("HELHEDSANALYSE_DEBUG", raising=False)
    assert main(["validate", str(FILER / "observationer_komma.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Uventet fejl: RuntimeError: noget gik galt.")
    assert "Traceback" not in err


def test_python_dash_m(tmp_path):
    bad = tmp_path / "data.csv"
    bad.write_text("område;indikator;periode;værdi\nRingpark;tryghed;2018;72,4\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "helhedsanalyse", "validate", str(bad)], capture_output=True, text=True, encoding="utf-8"
    )
    assert proc.returncode == 1
    assert f"{bad}, række 2, kolonne 'område': værdien 'Ringpark': ukendt område; mente du 'ringparken'?" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_app_is_importable_for_more_commands():
    import typer

    from helhedsanalyse.cli import app as same

    assert isinstance(same, typer.Typer)
    assert {"validate", "template"} <= set(typer.main.get_command(same).commands)




# --------------------------------------------------------------------------- conventions: version, Danish help

def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"helhedsanalyse {helhedsanalyse.__version__}\n"
    assert re.fullmatch(r"helhedsanalyse \d+\.\d+\.\d+\S*\n", result.stdout) or "+" in result.stdout


#: words of the framework (typer, click, rich, pydantic) that must never reach the user untranslated
ENGELSK = ["Usage", "Options", "Arguments", "Commands", "Show this", "Missing", "No such", "Invalid", "Error",
           "Try ", "for help", "Possible", "Did you mean", "unexpected", "requires", "does not take", "default",
           "required", "Input should", "[OPTIONS]", "COMMAND", "TEXT", "INTEGER", "PATH", "BOOLEAN", "{", "╭"]
KOMMANDOER = ["validate", "template", "status", "render", "lister"]
#: plain Danish metavars: every option that takes a value shows one of these
METAVARS = {"FIL", "MAPPE", "OMRÅDE", "NAVN", "RUNDE", "FORMAT", "N", "ÅR"}

BRUGSFEJL = [  # (arguments, what the Danish sentence says)
    (["render", "--bad"], "Fejl: ukendt tilvalg --bad"),
    (["status", "--graense", "fem"], "Fejl: ugyldig værdi for --graense: skal være et helt tal."),
    (["validate"], "Fejl: argumentet FIL mangler."),
    (["render", "--data"], "Fejl: tilvalget --data skal have en værdi."),
    (["rendr"], "Fejl: ukendt kommando 'rendr' (mente du 'render'?)."),
    (["status", "ekstra"], "Fejl: uventet argument: ekstra."),
    (["lister", "--uden-diskretionering=ja"], "Fejl: tilvalget --uden-diskretionering tager ingen værdi."),
    (["template"], "Fejl: argumentet UD.xlsx|UD.md mangler."),
    ([], "Brug: helhedsanalyse [TILVALG] KOMMANDO [ARGUMENTER]..."),
]


def _engelsk(text: str) -> list[str]:
    """The framework's words in ``text``, and its type metavars such as <list[str]>, <int>, <path>."""
    return [w for w in ENGELSK if w in text] + re.findall(r"<[a-z]+[\[>]", text)


@pytest.mark.parametrize("args", [["--help"], *[[c, "--help"] for c in KOMMANDOER]])
def test_help_is_danish_throughout(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"Brug: helhedsanalyse {args[0] + ' ' if len(args) > 1 else ''}[TILVALG]")
    assert "Tilvalg:" in out and "--help  " in out and "Vis denne hjælp og afslut." in out
    assert not _engelsk(out), f"English in the help of {args}: {_engelsk(out)}\n{out}"
    for line in out.splitlines():  # every option that takes a value names it in plain Danish
        m = re.match(r"  (--[\w-]+)(?: ([^ ]+))?  ", line)
        if m and m.group(2):
            assert m.group(2) in METAVARS, line


def test_dash_h_is_help_as_in_other_tools():
    assert runner.invoke(app, ["render", "-h"]).stdout == runner.invoke(app, ["render", "--help"]).stdout
    assert "  -h, --help  " in runner.invoke(app, ["-h"]).stdout


def test_every_command_is_in_the_root_help():
    out = runner.invoke(app, ["--help"]).stdout
    assert "Kommandoer:" in out
    assert all(re.search(rf"^  {c}  ", out, re.M) for c in KOMMANDOER), out


@pytest.mark.parametrize("args,besked", BRUGSFEJL)
def test_usage_errors_are_danish(args, besked):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert besked in result.stderr, result.stderr
    assert not _engelsk(result.stderr), f"English in the usage error of {args}: {_engelsk(result.stderr)}"
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- one set of names

def test_render_refuses_an_unknown_area_or_notebook_before_anything(tmp_path):
    result = runner.invoke(app, ["render", "--omraade", "Ringpark", "--ud", str(tmp_path / "ud")])
    assert result.exit_code == 1
    assert "Ukendt område 'Ringpark'. Mente du 'ringparken'?" in result.stderr
    result = runner.invoke(app, ["render", "--notebook", "omraadrapport", "--ud", str(tmp_path / "ud")])
    assert result.exit_code == 1
    assert "Ukendt notebook 'omraadrapport'. Gyldige: datatjek, omraaderapport, indsatsomraaderapport" in result.stderr
    assert not (tmp_path / "ud").exists()


@pytest.mark.parametrize("navn", ["Ringparken", "ringparken", "RINGPARKEN OG SCHACKENBORGVÆNGE"])
def test_area_names_as_lister_accepts_them(monkeypatch, navn):
    """render, like lister (and the data files), takes an area's id or its name."""
    seen = {}
    monkeypatch.setattr("helhedsanalyse.render.render", lambda **kw: seen.update(kw) or Resultat())
    result = runner.invoke(app, ["render", "--omraade", navn, "--notebook", "omraaderapport"])
    assert result.exit_code == 0, result.output
    assert seen["omraader"] == ["ringparken"] and seen["notebooks"] == ["omraade"]
    assert runner.invoke(app, ["lister", "--omraade", navn, "--format", "csv"]).stdout.splitlines()[1].startswith(
        "ringparken,")


# --------------------------------------------------------------------------- the settings file

def _toml(folder: Path, text: str, name: str = "helhedsanalyse.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


DATA = FILER / "observationer_komma.csv"

DAARLIGE_INDSTILLINGER = [  # (file content, what the message must say besides the file's name)
    ("data = [\n", "er ikke gyldig TOML (ved filens slutning)"),
    ("data = data/2021\n", "er ikke gyldig TOML (linje 1, kolonne 8). Skriv én nøgle pr. linje"),
    ("date = \"x\"\n", "ukendt nøgle 'date'. Gyldige nøgler: data ("),
    ("graense = \"fem\"\n", "nøglen 'graense' er \"fem\"; den skal være et helt tal på mindst 1"),
    ("graense = 0\n", "nøglen 'graense' er 0; den skal være et helt tal på mindst 1"),
    ("data = 5\n", "nøglen 'data' er 5; den skal være en sti eller en liste af stier"),
    ("data = []\n", "nøglen 'data' er []; den skal være en sti eller en liste af stier"),
    ("fund = [1]\n", "nøglen 'fund' er [1]; den skal være en sti eller en liste af stier til evaluators fund"),
    ("ud = true\n", "nøglen 'ud' er true; den skal være en mappe til rapporterne"),
]


@pytest.mark.parametrize("text,besked", DAARLIGE_INDSTILLINGER)
def test_a_bad_settings_file_is_named_with_key_and_what_is_accepted(tmp_path, monkeypatch, text, besked):
    monkeypatch.chdir(tmp_path)
    _toml(tmp_path, text)
    result = runner.invoke(app, ["status", "--format", "csv"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Fejl: helhedsanalyse.toml: "), result.stderr
    assert besked in result.stderr, result.stderr


def test_settings_in_pyproject_are_named_with_their_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _toml(tmp_path, "[project]\nname = \"x\"\n[tool.helhedsanalyse]\ngraense = -1\n", "pyproject.toml")
    result = runner.invoke(app, ["lister"])
    assert result.exit_code == 1
    assert "Fejl: pyproject.toml, [tool.helhedsanalyse]: nøglen 'graense' er -1" in result.stderr


def test_settings_file_gives_data_and_threshold_and_options_override_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA, tmp_path / "tal.csv")
    given = runner.invoke(app, ["status", "--format", "csv", "--data", "tal.csv", "--graense", "3"]).stdout
    shipped = runner.invoke(app, ["status", "--format", "csv", "--graense", "3"]).stdout
    assert given != shipped
    _toml(tmp_path, "data = \"tal.csv\"\ngraense = 3\n")
    assert runner.invoke(app, ["status", "--format", "csv"]).stdout == given
    # an option on the command line wins over the file, key by key
    assert runner.invoke(app, ["status", "--format", "csv", "--data", str(DATA.parent / "observationer_semikolon.csv"),
                               "--graense", "3"]).stdout != given
    (tmp_path / "helhedsanalyse.toml").unlink()
    _toml(tmp_path, "[tool.helhedsanalyse]\ndata = [\"tal.csv\"]\ngraense = 3\n", "pyproject.toml")
    assert runner.invoke(app, ["status", "--format", "csv"]).stdout == given


def test_render_takes_data_folder_findings_and_threshold_from_the_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _toml(tmp_path, "data = [\"tal\"]\nud = \"rapporter\"\nfund = \"fund.md\"\ngraense = 7\n")
    seen = {}
    monkeypatch.setattr("helhedsanalyse.render.render", lambda **kw: seen.update(kw) or Resultat())
    assert runner.invoke(app, ["render"]).exit_code == 0
    # paths as the settings file names them (relative to its folder, the current one): a message names a
    # file as the user wrote it; the notebooks get them absolute (check_parameters)
    assert (seen["data"], seen["out_dir"], seen["fund"], seen["diskretionering_graense"]) == (
        ["tal"], Path("rapporter"), ["fund.md"], 7)
    assert runner.invoke(app, ["render", "--ud", "andet", "--graense", "5", "--data", "x"]).exit_code == 0
    assert (seen["data"], seen["out_dir"], seen["diskretionering_graense"]) == (["x"], Path("andet"), 5)


# --------------------------------------------------------------------------- render --pdf

def test_pdf_without_chromium_says_how_to_get_it_and_keeps_exit_0(tmp_path, monkeypatch):
    html = tmp_path / "slut" / "datatjek.html"
    html.parent.mkdir()
    html.write_text("<html></html>", encoding="utf-8")
    monkeypatch.setattr("helhedsanalyse.render.render", lambda **kw: Resultat([html]))
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on it
    result = runner.invoke(app, ["render", "--pdf", "--ud", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [
        "PDF er ikke skrevet: det kræver Chromium (headless), som ikke er installeret. "
        "Installér det med 'sudo apt install chromium' (Debian/Ubuntu), og kør igen med --pdf."]
    assert not list(tmp_path.rglob("*.pdf"))


A4_PT = (595.28, 841.89)  # 210 × 297 mm in PostScript points


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed (apt install chromium)")
def test_render_pdf_writes_an_a4_pdf_beside_the_report(tmp_path):
    ud = tmp_path / "ud"
    result = runner.invoke(app, ["render", "--runde", "slut", "--notebook", "bestyrelsesstatus", "--ud", str(ud),
                                 "--pdf", "--processer", "1"])
    assert result.exit_code == 0, result.output
    pdf = ud / "slut" / "bestyrelsesstatus.pdf"
    assert "1 PDF-fil (A4) skrevet ved siden af rapporterne." in result.stdout
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = [tuple(float(x) for x in m.groups()) for m in re.finditer(
        rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)]
    assert boxes, "no page in the PDF"
    assert all(abs(w - A4_PT[0]) < 1.5 and abs(h - A4_PT[1]) < 1.5 for w, h in boxes), boxes
    assert not (ud / "index.pdf").exists() and not list(ud.rglob("*.tmp"))
    # a second --pdf with nothing new keeps the PDF (it is newer than its report)
    from helhedsanalyse.render.pdf import write_pdfs

    assert write_pdfs([ud / "slut" / "bestyrelsesstatus.html"]) == []
