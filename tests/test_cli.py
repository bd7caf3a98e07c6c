"""The ``helhedsanalyse`` command: exit codes and Danish messages, never a traceback."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from helhedsanalyse.cli import app, main

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


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["template", "--help"]])
def test_help(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0
