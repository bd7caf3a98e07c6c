"""The notebooks' parameters as a user passes them: papermill's ``-p`` and ``-y``, the default, and an edit of
the parameters cell in JupyterLab; every bad value stops the notebook with one Danish message and exit code 1.

The bad values are a table, ``tests/tilfaelde/notebookparametre.yaml``: notebook, papermill arguments, the
message's lines. Each case runs papermill from the repository's folder, as the README shows it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
FEJL = yaml.safe_load((REPO / "tests" / "tilfaelde" / "notebookparametre.yaml").read_text(encoding="utf-8"))["fejl"]
EKSEMPEL = sorted(p.name for p in (REPO / "data" / "eksempel").iterdir() if p.suffix in (".csv", ".xlsx"))


def _papermill(cmd, env, out: Path, notebook: str, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([*cmd, str(REPO / "notebooks" / f"{notebook}.ipynb"), str(out), *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _code(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def _html(nb) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for c in _code(nb) for o in c.get("outputs", []))


# --------------------------------------------------------------------------- every bad value: one message


@pytest.mark.parametrize("case", FEJL, ids=[c["navn"] for c in FEJL])
def test_a_bad_parameter_stops_the_notebook_with_one_danish_message(papermill_cmd, papermill_env, tmp_path, case):
    out = tmp_path / "ud.ipynb"
    proc = _papermill(papermill_cmd, papermill_env, out, case["notebook"], *case["args"])
    besked = [line.replace("{repo}", str(REPO)) for line in case["besked"]]
    assert proc.returncode == 1, f"exit code {proc.returncode}:\n{proc.stderr[-3000:]}"
    # papermill's output: the message right after the cell it stopped in, and no traceback of the notebook
    shown = proc.stderr.split('Exception encountered at "In [')[-1].splitlines()[1:]
    assert [line for line in shown if line.strip()] == besked, proc.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    code = _code(nb)
    failed = [i for i, c in enumerate(code) if any(o.output_type == "error" for o in c.outputs)]
    assert len(failed) == 1, f"cells with an error: {failed}"
    cell = code[failed[0]]
    assert "check_parameters(" in cell.source, "it stopped in the check, the cell after the parameters"
    error = next(o for o in cell.outputs if o.output_type == "error")
    # what JupyterLab shows under the cell: the message, not a traceback
    assert error.ename == "ParameterError" and error.traceback == besked
    for later in code[failed[0] + 1:]:
        assert later.execution_count is None, "a cell after the check ran"


# --------------------------------------------------------------------------- every form of data


def _files_shown(nb) -> set[str]:
    """The data files the report says it read (its "Om rapporten" lists them by name)."""
    html = _html(nb)
    return {name for name in EKSEMPEL if name in html}


def _ran_clean(nb):
    for i, cell in enumerate(_code(nb)):
        for o in cell.outputs:
            assert o.output_type != "error", f"code cell {i}: {o.get('ename')}: {o.get('evalue')}"
        assert cell.execution_count is not None, f"code cell {i} did not run"


@pytest.mark.parametrize(
    ("navn", "args", "cwd", "filer"),
    [
        ("standard", [], REPO, EKSEMPEL),
        ("-p en mappe", ["-p", "data", "data/eksempel"], REPO, EKSEMPEL),
        ("-p en fil", ["-p", "data", "data/eksempel/politi_ILLUSTRATIV.csv"], REPO, ["politi_ILLUSTRATIV.csv"]),
        ("-y en liste", ["-y", "data: [data/eksempel/politi_ILLUSTRATIV.csv, data/eksempel/leverancer_ILLUSTRATIV.xlsx]"],
         REPO, ["leverancer_ILLUSTRATIV.xlsx", "politi_ILLUSTRATIV.csv"]),
        ("-p fra en anden mappe", ["-p", "data", "../data/eksempel"], REPO / "notebooks", EKSEMPEL),
        ("--cwd", ["--cwd", "notebooks", "-p", "data", "../data/eksempel/politi_ILLUSTRATIV.csv"], REPO,
         ["politi_ILLUSTRATIV.csv"]),
    ],
    ids=lambda v: v if isinstance(v, str) and not v.startswith("/") else "",
)
def test_papermill_reads_the_data_given_in_every_form(papermill_cmd, papermill_env, tmp_path, navn, args, cwd, filer):
    """A relative path is read from the folder papermill runs in (or ``--cwd``)."""
    out = tmp_path / "ud.ipynb"
    proc = _papermill(papermill_cmd, papermill_env, out, "datatjek", *args, cwd=cwd)
    assert proc.returncode == 0, proc.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    _ran_clean(nb)
    assert sorted(_files_shown(nb)) == sorted(filer)


def test_jupyterlab_edit_of_data_reads_from_the_notebooks_folder(tmp_path):
    """In JupyterLab the kernel runs in the notebook's folder: ``data = "../data/eksempel/politi_ILLUSTRATIV.csv"``
    typed in the parameters cell reads that file, and the Udforsk selv cells show their tables and figure."""
    from nbclient import NotebookClient

    nb = nbformat.read(REPO / "notebooks" / "datatjek.ipynb", as_version=4)
    par = _code(nb)[0]
    par.source = re.sub(r"^data: list = \[\].*$", 'data = "../data/eksempel/politi_ILLUSTRATIV.csv"', par.source,
                        flags=re.M)
    assert "../data/eksempel" in par.source
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(REPO / "notebooks")}},
                   timeout=600).execute()
    _ran_clean(nb)
    assert _files_shown(nb) == {"politi_ILLUSTRATIV.csv"}
    udforsk = [c for c in _code(nb) if "kun-notebook" in c.metadata.get("tags", [])]
    assert len(udforsk) >= 3
    outputs = [o for c in udforsk for o in c.outputs]
    assert sum("<table" in o.get("data", {}).get("text/html", "") for o in outputs) >= 3, "three DataFrames"
    assert any("image/png" in o.get("data", {}) for o in outputs), "the seaborn figure"


def test_an_area_named_as_in_the_data_files_gives_that_area_report(papermill_cmd, papermill_env, tmp_path):
    """``-p omraade Ringparken`` (the name as the data files and ``helhedsanalyse render --omraade`` write it)
    gives the report for ringparken, titled with the plan's name for the area."""
    out = tmp_path / "ud.ipynb"
    proc = _papermill(papermill_cmd, papermill_env, out, "omraaderapport", "-p", "omraade", "Ringparken",
                      "-p", "runde", "midtvej")
    assert proc.returncode == 0, proc.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    _ran_clean(nb)
    assert "<h1>Områderapport: Ringparken/Schackenborgvænge</h1>" in _html(nb)
    omraader = re.findall(r'id="k-[a-z_]+-([a-z]+)"', _html(nb))  # the criteria's anchors: k-{kriterium}-{omraade}
    assert omraader and set(omraader) == {"ringparken"}
