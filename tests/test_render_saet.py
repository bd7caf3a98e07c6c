"""One report folder, one coherent set, rendered incrementally (issue 15, items 4 and 5; render/saet.py).

What a user checks: which reports a render writes after a change (the table ``CASES``: the decision alone,
with the notebooks replaced by a stand-in that writes each page and records it as a render does), that a
second render with no change takes under 3 seconds and rewrites nothing, that a partial render with other
data renders the reports of the folder that stood on the old data with it (and says so), and that every
report's "Om rapporten" and the index name the data set, each data file's checksum and the version.
The real renders are a small subset: one round, the data check and the board status.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import helhedsanalyse
import helhedsanalyse.render.engine as render_mod
import helhedsanalyse.render.jobs as jobs_mod
from helhedsanalyse.core.paths import DATA_DIR, NOTEBOOK_DIR
from helhedsanalyse.render import render
from helhedsanalyse.render.saet import MANIFEST

REPO = Path(__file__).resolve().parents[1]
SUBSET = {"runder": ["slut"], "notebooks": ["datatjek", "bestyrelsesstatus"]}
SUBSET_CLI = ["--runde", "slut", "--notebook", "datatjek", "--notebook", "bestyrelsesstatus"]


def _checksums(folder: Path) -> dict[str, str]:
    """Each data file of a folder (not the findings) with its SHA-256, computed here, not by the package."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.suffix in (".csv", ".xlsx")}


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _change(path: Path) -> None:
    """Change one count in a CSV file (the file stays valid)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    head = lines[0].split(",")
    col = head.index("taeller")
    for i, line in enumerate(lines[1:], 1):
        cells = line.split(",")
        if cells[col].strip().isdigit():
            cells[col] = str(int(cells[col]) + 1)
            lines[i] = ",".join(cells)
            break
    path.write_text("".join(lines), encoding="utf-8")


# --------------------------------------------------------------------------- which reports a render writes

#: The set of the table's cases: two rounds, three notebooks (the helhedsevaluering shows the findings).
ALLE = {f"{r}/{n}.html" for r in ("midtvej", "slut") for n in ("datatjek", "bestyrelsesstatus", "helhedsevaluering")}


def _fake_render_jobs(jobs, runder, out_dir, stored, data, diskretionering, workers, progress, done, noter=None,
                      graense=5):
    """Stands in for running the notebooks: writes each page and records it as a render does."""
    for job in jobs:
        job.html.parent.mkdir(parents=True, exist_ok=True)
        job.html.write_text(f"<p>{job.side}</p>", encoding="utf-8")
        done.append(job.html)
        if noter:
            noter(job.html)
    return sorted(done)


def _data_changed(d, nb):
    _change(d / "politi_ILLUSTRATIV.csv")


def _fund_changed(d, nb):
    with open(d / "fund_slut_ILLUSTRATIV.md", "a", encoding="utf-8") as fh:
        fh.write("\nEn sætning mere.\n")


def _notebook_changed(d, nb):
    path = nb / "datatjek.ipynb"
    path.write_text(path.read_text(encoding="utf-8").replace("Datatjek", "Datatjekket", 1), encoding="utf-8")


def _report_deleted(d, nb, out):
    (out / "midtvej" / "bestyrelsesstatus.html").unlink()


DELVIS = {"runder": ["slut"], "notebooks": ["datatjek"]}

#: (case, what changes before the second render, the second render's arguments, the reports it writes, the
#: reports it finds up to date; None: all the others of the set)
CASES = [
    ("no change", None, {}, set(), None),
    ("--alt", None, {"alt": True}, ALLE, None),
    ("a changed threshold", None, {"diskretionering_graense": 3}, ALLE, None),
    ("without suppression", None, {"diskretionering": False}, ALLE, None),
    ("one changed data file", _data_changed, {}, ALLE, None),  # both rounds are computed from every data file
    ("the final round's findings changed", _fund_changed, {}, {"slut/helhedsevaluering.html"}, None),
    ("the data check's notebook changed", _notebook_changed, {}, {"midtvej/datatjek.html", "slut/datatjek.html"}, None),
    ("the same data in another folder", "move", {}, set(), None),
    ("part of the set, same data", None, DELVIS, set(), {"slut/datatjek.html"}),
    ("part of the set, other data", _data_changed, DELVIS, ALLE, None),  # the folder stays one set
    ("a report deleted", _report_deleted, {}, {"midtvej/bestyrelsesstatus.html"}, None),
]


@pytest.mark.parametrize(("case", "change", "args", "expected", "uptodate"), CASES, ids=[c[0] for c in CASES])
def test_a_render_writes_the_reports_whose_inputs_changed(tmp_path, monkeypatch, case, change, args, expected,
                                                          uptodate):
    monkeypatch.setattr(render_mod, "_render_jobs", _fake_render_jobs)
    nb = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, nb)
    monkeypatch.setattr(jobs_mod, "NOTEBOOK_DIR", nb)
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "eksempel", data)
    out = tmp_path / "ud"
    base = {"runder": ["midtvej", "slut"], "notebooks": ["datatjek", "bestyrelsesstatus", "helhedsevaluering"],
            "out_dir": out, "data": [str(data)], "progress": False, "workers": 1}
    first = render(**base)
    assert {p.relative_to(out).as_posix() for p in first} == ALLE
    if change == "move":
        data = data.rename(tmp_path / "andet sted")
    elif change is _report_deleted:
        change(data, nb, out)
    elif change:
        change(data, nb)
    second = render(**{**base, "data": [str(data)], **args})
    assert {p.relative_to(out).as_posix() for p in second} == expected, case
    assert {p.relative_to(out).as_posix() for p in second.opdaterede} == (ALLE - expected if uptodate is None
                                                                          else uptodate), case


def test_a_render_with_other_data_says_which_reports_it_renders_as_well(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(render_mod, "_render_jobs", _fake_render_jobs)
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "eksempel", data)
    out = tmp_path / "ud"
    render(runder=["slut"], notebooks=["datatjek", "bestyrelsesstatus"], out_dir=out, progress=False)
    _change(data / "politi_ILLUSTRATIV.csv")
    done = render(runder=["slut"], notebooks=["datatjek"], out_dir=out, data=[str(data)], progress=True)
    err = capsys.readouterr().err
    assert re.search(r"1 rapport i .* bygger på andre data .*datasæt [0-9a-f]{12}\) end denne kørsel "
                     r"\(datasæt [0-9a-f]{12}\); den dannes også, så alle rapporter i mappen bygger på de samme data\.",
                     err), err
    assert done.opsummering(out) == f"2 rapporter dannet, heraf 1, fordi den byggede på andre data; oversigt: " \
                                    f"{out / 'index.html'}"


# --------------------------------------------------------------------------- real renders of a small subset


@pytest.fixture(scope="module")
def saet(tmp_path_factory) -> tuple[Path, Path]:
    """The subset rendered from a copy of the example data: (report folder, data folder)."""
    root = tmp_path_factory.mktemp("saet")
    data = root / "data"
    shutil.copytree(DATA_DIR / "eksempel", data)
    out = root / "ud"
    done = render(**SUBSET, data=[str(data)], out_dir=out, progress=False)
    assert len(done) == 2
    return out, data


def _set_id(sums: dict[str, str]) -> str:
    """The data set's id as documented: the checksum of the sorted "name<TAB>checksum" lines, 12 digits."""
    return hashlib.sha256("".join(f"{n}\t{s}\n" for n, s in sorted(sums.items())).encode()).hexdigest()[:12]


def test_every_report_and_the_index_name_the_data_set_the_checksums_and_the_version(saet):
    out, data = saet
    sums = _checksums(data)
    set_id = _set_id(sums)
    pages = {"slut/datatjek.html": "Om rapporten", "slut/bestyrelsesstatus.html": "Om rapporten",
             "index.html": "Datagrundlag"}
    for rel, heading in pages.items():
        text = (out / rel).read_text(encoding="utf-8")
        about = text[text.rindex(heading):]
        assert f'<code class="datasaet">{set_id}</code>' in about, rel
        for name, s in sums.items():
            assert f'{name} (kontrolsum <code class="kontrolsum">{s[:12]}</code>)' in about, (rel, name)
        assert f"helhedsanalyse {helhedsanalyse.__version__}" in about, rel
        assert "fund_" not in about, "the findings are not data"
    assert "Alle 2 rapporter bygger på de samme data" in (out / "index.html").read_text(encoding="utf-8")


def test_the_manifest_says_what_each_report_stands_on_and_no_number_of_the_data(saet):
    import json

    out, data = saet
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    set_id = _set_id(_checksums(data))
    assert sorted(manifest["rapporter"]) == ["slut/bestyrelsesstatus.html", "slut/datatjek.html"]
    assert {e["datasaet"] for e in manifest["rapporter"].values()} == {set_id} == set(manifest["datasaet"])
    text = (out / MANIFEST).read_text(encoding="utf-8")
    politi = (data / "politi_ILLUSTRATIV.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    assert f'"{politi[4]}"' not in text and f": {politi[4]}," not in text, "a raw count in the manifest"


def test_a_second_render_with_no_change_takes_under_3_seconds_and_rewrites_nothing(saet):
    out, data = saet
    before = _mtimes(out)
    code = ("import sys; from helhedsanalyse.cli import main\ncode = 0\n"
            "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
            "print('LOADED', sorted(m for m in ('matplotlib', 'IPython', 'pandas', 'papermill', 'jupyter_client')"
            " if m in sys.modules))\nsys.exit(code)")
    args = [sys.executable, "-c", code, "render", *SUBSET_CLI, "--data", str(data), "--ud", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.monotonic()
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=out.parent)
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert f"Ingen rapporter dannet: alle 2 var allerede opdaterede (brug --alt for at danne dem igen); " \
           f"oversigt: {out / 'index.html'}" in result.stdout
    assert "LOADED []" in result.stdout, "the check loaded a heavy module"
    assert elapsed < 3, f"{elapsed:.1f} s"
    assert _mtimes(out) == before, "a file was rewritten"


def test_a_partial_render_with_other_data_leaves_one_set(saet, tmp_path):
    out0, data0 = saet
    out, data = tmp_path / "ud", tmp_path / "mine"
    shutil.copytree(out0, out)
    shutil.copytree(data0, data)
    _change(data / "politi_ILLUSTRATIV.csv")
    done = render(runder=["slut"], notebooks=["datatjek"], data=[str(data)], out_dir=out, progress=False)
    assert sorted(p.name for p in done) == ["bestyrelsesstatus.html", "datatjek.html"] and done.genskabte == 1
    new_id, old_id = _set_id(_checksums(data)), _set_id(_checksums(data0))
    assert new_id != old_id
    for rel in ("slut/datatjek.html", "slut/bestyrelsesstatus.html", "index.html"):
        text = (out / rel).read_text(encoding="utf-8")
        assert f'<code class="datasaet">{new_id}</code>' in text and old_id not in text, rel
    assert "Bemærk" not in (out / "index.html").read_text(encoding="utf-8")


def test_reports_an_older_version_rendered_are_rendered_with_the_set(tmp_path, monkeypatch):
    """A report the manifest does not know (rendered before there was one) stands on unknown data."""
    monkeypatch.setattr(render_mod, "_render_jobs", _fake_render_jobs)
    out = tmp_path / "ud"
    (out / "midtvej").mkdir(parents=True)
    (out / "midtvej" / "datatjek.html").write_text("<p>gammel</p>", encoding="utf-8")
    (out / "midtvej" / "statusoversigt.html").write_text("<p>oversigt</p>", encoding="utf-8")
    done = render(runder=["slut"], notebooks=["datatjek"], out_dir=out, progress=False)
    assert [p.relative_to(out).as_posix() for p in done] == ["midtvej/datatjek.html", "slut/datatjek.html"]
    assert done.genskabte == 1


def test_render_alt_on_the_command_line_renders_everything_and_the_last_line_says_so(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from helhedsanalyse.cli import app

    monkeypatch.setattr(render_mod, "_render_jobs", _fake_render_jobs)
    out = tmp_path / "ud"
    common = ["--ud", str(out), "--processer", "1"]
    oversigt = f"oversigt: {out / 'index.html'}"
    cases = [  # (arguments, the last line)
        (SUBSET_CLI, f"2 rapporter dannet; {oversigt}"),
        (SUBSET_CLI, f"Ingen rapporter dannet: alle 2 var allerede opdaterede (brug --alt for at danne dem igen); "
                     f"{oversigt}"),
        ([*SUBSET_CLI, "--alt"], f"2 rapporter dannet; {oversigt}"),
        (["--runde", "slut", "--notebook", "datatjek", "--graense", "3"],
         f"2 rapporter dannet, heraf 1, fordi den byggede på andre data; {oversigt}"),
    ]
    for args, line in cases:
        result = CliRunner().invoke(app, ["render", *args, *common])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip().splitlines()[-1] == line, args
