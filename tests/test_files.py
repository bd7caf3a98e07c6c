"""inputs/files.py: the one reader behind validate, status, render and lister.

The bug behind issue #13: with Excel's lock file (``~$navn.xlsx``, there whenever the workbook is open)
in the data folder, ``validate`` said all was well while ``status`` and ``render`` failed with "File is
not a zip file". Every command now reads the folder through the same expansion.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helhedsanalyse.cli import app
from helhedsanalyse.compute.runde import compute
from helhedsanalyse.core.errors import DataValidationError
from helhedsanalyse.inputs.files import read_data_files, shipped_inputs
from helhedsanalyse.plan import load_plan

EKSEMPEL = Path(__file__).resolve().parents[1] / "data" / "eksempel"


@pytest.fixture
def mappe_med_laasefil(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(EKSEMPEL, data)
    (data / "~$leverancer_ILLUSTRATIV.xlsx").write_bytes(b"\x05Birte  ")  # what Excel leaves beside an open file
    return data


def test_a_lock_file_is_left_out_by_validate_status_render_and_lister_alike(mappe_med_laasefil: Path):
    runner = CliRunner()
    validate = runner.invoke(app, ["validate", str(mappe_med_laasefil)])
    assert validate.exit_code == 0, validate.output
    assert "Excels låsefil '~$leverancer_ILLUSTRATIV.xlsx' er sprunget over" in validate.output
    for args in (["status", "--format", "csv"], ["lister", "--format", "csv"]):
        out = runner.invoke(app, [*args, "--data", str(mappe_med_laasefil)])
        assert out.exit_code == 0, out.output
        assert "zip" not in out.output
    # render's computation of a round reads the same files as validate did
    beregnet = compute("slut", [str(mappe_med_laasefil)])
    assert sorted(Path(f).name for f in beregnet.filer) == sorted(
        p.name for p in EKSEMPEL.iterdir() if not p.name.startswith(("~$", ".")))


def test_the_same_files_give_the_same_status_with_or_without_the_lock_file(mappe_med_laasefil: Path):
    med = compute("slut", [str(mappe_med_laasefil)]).status
    uden = compute("slut", [str(EKSEMPEL)]).status
    assert med[["kriterium", "omraade", "status"]].equals(uden[["kriterium", "omraade", "status"]])


def test_every_problem_of_every_file_is_collected_before_anything_is_refused(tmp_path: Path):
    (tmp_path / "a.csv").write_text("område;indikator;periode;værdi\nRingpark;tryghed;2018;72,4\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("område;indikator;periode;værdi\nringparken;tryhed;2018;70\n", encoding="utf-8")
    (tmp_path / "vurderinger.csv").write_text("kriterium;område;runde;status\nukendt;ringparken;slut;opfyldt\n",
                                              encoding="utf-8")
    read = read_data_files([str(tmp_path)], load_plan())
    assert {Path(p.fil).name for p in read.problems} >= {"a.csv", "b.csv", "vurderinger.csv"}
    with pytest.raises(DataValidationError) as exc:
        shipped_inputs([str(tmp_path)])
    assert "intet er indlæst" in exc.value.summary
