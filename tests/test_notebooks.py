"""The six parameterised notebooks: their form, the papermill command line, and what they show.

(a) Each notebook is stored clean (no outputs, no execution counts) in what git commits (the index:
    a notebook saved with outputs in JupyterLab is cleaned by the nbstripout filter on ``git add``),
    its first code cell is tagged ``parameters`` and every parameter is a typed, commented line that
    papermill can list.
(b) ``papermill notebooks/omraaderapport.ipynb out.ipynb -p omraade motalavej -p runde slut`` works
    from the repository root with the installed kernel, exactly as an evaluator types it.
(c) An unknown area or round fails at once, in the parameter check cell, naming the valid values.
(d) Every notebook, executed for two areas and both rounds (the session's ``rendered`` set), shows
    what a reader checks: the Danish title, the round, the illustrative-data warning, statuses in
    words and, in the area reports, embedded figures.
"""

from __future__ import annotations

import ast
import base64
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import papermill
import pytest

from helhedsanalyse.core.status import STATUS_STIL
from helhedsanalyse.plan import RUNDE_SIDSTE_AAR, load_plan

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
RUNDE_NAVN = {"midtvej": "Midtvejsevaluering", "slut": "Slutevaluering"}

#: ``name: type = value  # comment`` -- papermill reads the type and shows the comment as help.
PARAMETER_LINE = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*): (?P<type>str|int|float|bool|list|dict) = (?P<value>\S.*?)  # (?P<help>\S.*)$"
)
PYTYPE = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict}


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _parameter_lines(nb) -> list[str]:
    return [line for line in _code_cells(nb)[0].source.splitlines() if line.strip()]


def test_there_are_six_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "bestyrelsesstatus.ipynb",
        "datatjek.ipynb",
        "helhedsevaluering.ipynb",
        "indsatsomraaderapport.ipynb",
        "leverancemaaling.ipynb",
        "omraaderapport.ipynb",
    ]


# --------------------------------------------------------------------------- (a) the stored notebooks


def _git(*args: str, cwd: Path = REPO, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, **kw)


def _stored(path: Path) -> str:
    """The notebook as git stores it: the staged blob (what the next commit holds; the last commit's
    when nothing is staged). Outside a git checkout (an unpacked source archive), the file itself."""
    if shutil.which("git") is None:
        return path.read_text(encoding="utf-8")
    repo = path.parents[1]  # notebooks/X.ipynb
    blob = _git("show", f":notebooks/{path.name}", cwd=repo)
    if blob.returncode != 0 and _git("rev-parse", "--is-inside-work-tree", cwd=repo).returncode != 0:
        return path.read_text(encoding="utf-8")
    assert blob.returncode == 0, f"{path.name} is not in git: {blob.stderr.decode()}"
    return blob.stdout.decode("utf-8")


def _stored_problems(text: str) -> list[str]:
    """What keeps a stored notebook from being clean: outputs, execution counts, papermill's run
    metadata, an injected parameters cell."""
    nb = nbformat.reads(text, as_version=4)
    problems = []
    for i, cell in enumerate(_code_cells(nb)):
        if cell.outputs:
            problems.append(f"code cell {i} is stored with outputs")
        if cell.execution_count is not None:
            problems.append(f"code cell {i} is stored with an execution count")
        if "papermill" in cell.metadata:
            problems.append(f"code cell {i} carries papermill run metadata")
        if "injected-parameters" in cell.metadata.get("tags", []):
            problems.append(f"code cell {i} is papermill's injected parameters cell")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean(path):
    stored = _stored(path)
    raw = json.loads(stored)
    assert (raw["nbformat"], raw["nbformat_minor"]) >= (4, 5)
    # Every cell has a fixed id: a missing id is filled in at random when the notebook is read, and
    # the id reaches the HTML (id="cell-id=..."), so the same data would not render the same page.
    missing = [i for i, c in enumerate(raw["cells"]) if not c.get("id")]
    assert not missing, f"{path.name}: cells {missing} have no id (nbformat.validator.normalize fixes it)"
    nb = nbformat.reads(stored, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "helhedsanalyse", "the notebooks run with the project's kernel"
    assert nb.metadata.kernelspec.display_name == "Python (helhedsanalyse)"
    from jupyter_client.kernelspec import KernelSpecManager

    assert nb.metadata.kernelspec.name in KernelSpecManager().find_kernel_specs(), (
        f"{path.name}: its kernel {nb.metadata.kernelspec.name!r} is not installed (make setup installs it)"
    )
    assert _stored_problems(stored) == [], f"{path.name}: {_stored_problems(stored)}"


def _with_outputs(path: Path) -> str:
    """The notebook as JupyterLab saves it after a run: outputs and execution counts in its code cells."""
    nb = nbformat.read(path, as_version=4)
    for n, cell in enumerate(_code_cells(nb), start=1):
        cell.execution_count = n
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="kørt\n"),
                        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})]
        cell.metadata["execution"] = {"iopub.status.idle": "2026-12-02T02:00:00.000Z"}
    return nbformat.writes(nb) + "\n"


def test_a_notebook_saved_with_outputs_is_committed_clean(tmp_path):
    """``make setup`` installs nbstripout as a git filter (Makefile, target git-filter): in a clone with
    the filter, a notebook saved with outputs is staged and committed without them, with the same cell
    ids and the same text as before it ran, and the working copy keeps its outputs."""
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("needs git and make")
    if _git("rev-parse", "--is-inside-work-tree").returncode != 0:
        pytest.skip("not a git checkout")
    clone = tmp_path / "klon"
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(clone)], check=True, timeout=120,
                   env=env, capture_output=True)
    # A fresh checkout's index is "racily clean" (written in the same second as the files): git would
    # pass every notebook through the filter once (seconds each). Refreshed a second later, before the
    # filter is there, only the notebook changed below goes through it, as in a clone in daily use.
    time.sleep(1.1)
    subprocess.run(["git", "update-index", "-q", "--really-refresh"], cwd=clone, env=env, timeout=60)
    for name in ("Makefile", ".gitattributes"):  # as they are in this checkout, committed or not
        shutil.copy(REPO / name, clone / name)
    # the Makefile's own rule, with the python that runs the tests in place of the clone's .venv
    subprocess.run(["make", "-s", "git-filter", f"BIN={Path(sys.executable).parent}"], cwd=clone, check=True,
                   timeout=60, env=env, capture_output=True)
    nb_path = clone / "notebooks" / "omraaderapport.ipynb"
    committed = nb_path.read_text(encoding="utf-8")
    nb_path.write_text(_with_outputs(nb_path), encoding="utf-8")
    assert _stored_problems(nb_path.read_text(encoding="utf-8")), "the saved notebook has outputs"

    def git(*args):
        proc = _git(*args, cwd=clone, env=env)
        assert proc.returncode == 0, proc.stderr.decode()
        return proc.stdout.decode("utf-8")

    # the text of the cells did not change: git sees no change (``git status`` may list it as modified
    # until it is added, since its size changed; git compares the content only then)
    assert git("diff", "--stat", "notebooks/omraaderapport.ipynb") == "", "a run alone must not change what git stores"
    git("add", "notebooks/omraaderapport.ipynb")
    assert git("status", "--porcelain", "notebooks/omraaderapport.ipynb") == ""
    staged = git("show", ":notebooks/omraaderapport.ipynb")
    assert _stored_problems(staged) == []
    assert staged == committed, "stripped, the notebook is byte for byte what was committed (ids kept)"
    # an edit is committed, without the outputs
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Min note", id="min-note"))
    nbformat.write(nb, nb_path)
    git("add", "notebooks/omraaderapport.ipynb")
    git("-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "note")
    head = git("show", "HEAD:notebooks/omraaderapport.ipynb")
    assert _stored_problems(head) == [] and '"id": "min-note"' in head
    assert [c["id"] for c in json.loads(head)["cells"]][:-1] == [c["id"] for c in json.loads(committed)["cells"]]
    assert _stored_problems(nb_path.read_text(encoding="utf-8")), "the working copy keeps its outputs"


def test_without_the_filter_a_staged_notebook_with_outputs_is_found(tmp_path):
    """The stored-clean check reads what is staged: outputs ``git add``-ed without the filter fail it."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env, timeout=60)
    nb_path = repo / "notebooks" / "omraaderapport.ipynb"
    nb_path.write_text(_with_outputs(REPO / "notebooks" / "omraaderapport.ipynb"), encoding="utf-8")
    subprocess.run(["git", "add", "notebooks"], cwd=repo, check=True, env=env, timeout=60)
    assert "code cell 0 is stored with outputs" in _stored_problems(_stored(nb_path))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_holds_typed_commented_parameters(path):
    nb = nbformat.read(path, as_version=4)
    first = _code_cells(nb)[0]
    assert "parameters" in first.metadata.get("tags", []), f"{path.name}: first code cell is not tagged 'parameters'"
    lines = _parameter_lines(nb)
    assert lines, f"{path.name}: the parameters cell is empty"
    names = []
    for line in lines:
        m = PARAMETER_LINE.match(line)
        assert m, f"{path.name}: parameter line is not 'name: type = value  # comment': {line!r}"
        value = ast.literal_eval(m["value"])
        assert isinstance(value, PYTYPE[m["type"]]), f"{path.name}: default of {m['name']} is not a {m['type']}"
        names.append(m["name"])
    assert "runde" in names, f"{path.name}: every notebook is rendered per round and takes 'runde'"
    assert len(names) == len(set(names)), f"{path.name}: a parameter is defined twice"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_lists_every_parameter_with_type_and_help(path):
    """What ``papermill --help-notebook`` shows. Papermill skips a line with more than one '='
    (also inside the comment), so such a parameter would be missing from the help."""
    nb = nbformat.read(path, as_version=4)
    expected = {m["name"]: m for m in map(PARAMETER_LINE.match, _parameter_lines(nb)) if m}
    listed = papermill.inspect_notebook(str(path))
    assert list(listed) == list(expected), (
        f"{path.name}: papermill --help-notebook lists {list(listed)}, the cell defines {list(expected)}"
    )
    for name, m in expected.items():
        assert listed[name]["inferred_type_name"] == m["type"], f"{path.name}: {name}"
        assert listed[name]["default"] == m["value"], f"{path.name}: {name}"
        assert listed[name]["help"] == m["help"], f"{path.name}: {name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_are_checked_in_the_cell_after_them(path):
    """The fail-fast design: the second code cell checks every checkable parameter first thing."""
    nb = nbformat.read(path, as_version=4)
    names = [PARAMETER_LINE.match(line)["name"] for line in _parameter_lines(nb) if PARAMETER_LINE.match(line)]
    check = _code_cells(nb)[1].source
    assert "check_parameters(" in check, f"{path.name}: the cell after the parameters does not check them"
    before_load = check.split("Rapport.load(")[0]
    for name in names:
        assert f'"{name}": {name}' in before_load, f"{path.name}: '{name}' is not checked before computing"
    # the notebook computes with the checked values (data as a list of paths), not the raw ones
    assert 'Rapport.load(runde, p["data"],' in check, f"{path.name}: the checked data is not used"


# --------------------------------------------------------------------------- the student's notebook

KUN_NOTEBOOK = "kun-notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_with_a_visible_title_and_the_parameters_explained(path):
    """What a student sees first in JupyterLab: a title, what the notebook is, each parameter and how to change
    it there and with papermill; Markdown, not an HTML comment, and left out of the report (tagged)."""
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and KUN_NOTEBOOK in first.metadata.get("tags", [])
    text = first.source
    assert text.startswith("# ") and "<!--" not in text
    names = [PARAMETER_LINE.match(line)["name"] for line in _parameter_lines(nb)]
    for name in names:
        assert f"| `{name}` |" in text, f"{path.name}: the introduction does not explain '{name}'"
    assert "JupyterLab" in text and f"papermill notebooks/{path.name} ud.ipynb" in text
    assert "-p data data/eksempel" in text and '-y "data: [' in text, "the working forms of data"
    assert 'data = "../data/eksempel"' in text, "a relative path in JupyterLab is read from notebooks/"
    # the rest of the report's text cells are the report's own headings: not notebook-only
    assert all(KUN_NOTEBOOK not in c.metadata.get("tags", []) for c in nb.cells[1:] if
               c.cell_type == "code" and "parameters" in c.metadata.get("tags", []))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_ends_with_udforsk_selv_on_the_internal_numbers(path):
    nb = nbformat.read(path, as_version=4)
    start = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## Udforsk selv"))
    rest = nb.cells[start:]
    assert all(KUN_NOTEBOOK in c.metadata.get("tags", []) for c in rest), "Udforsk selv is notebook-only"
    assert "diskretionering er ikke brugt her" in rest[0].source, "the text says the numbers are not suppressed"
    code = "\n".join(c.source for c in rest if c.cell_type == "code")
    assert "r.udforsk(" in code and "obs, ind, st" in code
    assert "pivot_table(" in code and "import seaborn" in code and 'st[st["status"]' in code
    # nothing before it is notebook-only except the introduction
    assert [i for i, c in enumerate(nb.cells[:start]) if KUN_NOTEBOOK in c.metadata.get("tags", [])] == [0]


def test_papermill_help_notebook_command_line(papermill_cmd):
    proc = subprocess.run(
        [*papermill_cmd, "--help-notebook", "notebooks/omraaderapport.ipynb"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("omraade", "runde", "data", "diskretionering"):
        assert re.search(rf"^\s*{name}: ", proc.stdout, re.M), f"'{name}' missing from --help-notebook:\n{proc.stdout}"
    assert "motalavej" in proc.stdout and "midtvej" in proc.stdout, "the help names the valid values"


# --------------------------------------------------------------------------- (b), (c) the command line


def _run_papermill(cmd, out: Path, *params: str, env=None):
    args = [*cmd, "notebooks/omraaderapport.ipynb", str(out)]
    for p in params:
        args += ["-p", *p.split("=", 1)]
    start = time.monotonic()
    proc = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=600, env=env)
    return proc, time.monotonic() - start


def _outputs_html(nb) -> str:
    parts = []
    for cell in _code_cells(nb):
        for o in cell.get("outputs", []):
            parts.append(o.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


def test_papermill_cli_renders_an_area_report(papermill_cmd, papermill_env, tmp_path):
    out = tmp_path / "out.ipynb"
    proc, _ = _run_papermill(papermill_cmd, out, "omraade=motalavej", "runde=slut", env=papermill_env)
    assert proc.returncode == 0, f"papermill failed:\n{proc.stderr[-4000:]}"
    nb = nbformat.read(out, as_version=4)
    for i, cell in enumerate(_code_cells(nb)):
        assert cell.metadata.papermill.status == "completed", f"code cell {i} did not complete"
        assert cell.execution_count is not None
        for o in cell.outputs:
            assert o.output_type != "error", f"code cell {i}: {o.get('ename')}: {o.get('evalue')}"
            assert not (o.output_type == "stream" and o.name == "stderr"), f"code cell {i} wrote to stderr: {o.text[:500]}"
        assert len(cell.outputs) <= 1, f"code cell {i} shows {len(cell.outputs)} outputs: one thing per cell"
    injected = [c for c in _code_cells(nb) if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'omraade = "motalavej"' in injected[0].source and 'runde = "slut"' in injected[0].source
    shown = html.unescape(_outputs_html(nb))
    assert f"<h1>Områderapport: {load_plan().omraade['motalavej'].navn}</h1>" in shown
    assert "Slutevaluering (data til og med 2021)" in shown
    assert "ILLUSTRATIVE DATA" in shown
    assert '<img src="data:image/png;base64,' in shown


@pytest.mark.parametrize(
    "param, besked, gyldige",
    [
        ("omraade=motalavj", "Ukendt område 'motalavj'", "Gyldige områder: " + ", ".join(load_plan().omraade_ids)),
        ("runde=start", "Ukendt runde 'start'", "Gyldige runder: " + ", ".join(RUNDE_SIDSTE_AAR)),
    ],
    ids=["ukendt-omraade", "ukendt-runde"],
)
def test_papermill_cli_fails_fast_on_unknown_value(papermill_cmd, papermill_env, tmp_path, param, besked, gyldige):
    out = tmp_path / "out.ipynb"
    other = "runde=slut" if param.startswith("omraade") else "omraade=motalavej"
    proc, elapsed = _run_papermill(papermill_cmd, out, param, other, env=papermill_env)
    assert proc.returncode != 0, "papermill accepted an unknown value"
    assert besked in proc.stderr and gyldige in proc.stderr, proc.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    code = _code_cells(nb)
    failed = [i for i, c in enumerate(code) if any(o.output_type == "error" for o in c.outputs)]
    assert len(failed) == 1, f"expected exactly one failed cell, got {failed}"
    i = failed[0]
    cell = code[i]
    error = next(o for o in cell.outputs if o.output_type == "error")
    assert error.ename == "ParameterError" and besked in error.evalue and gyldige in error.evalue
    # It failed in the check cell, the first cell after the parameters, before anything was computed.
    assert "check_parameters(" in cell.source
    assert all("parameters" in c.metadata.get("tags", []) or "injected-parameters" in c.metadata.get("tags", [])
               for c in code[:i]), "a cell ran before the check"
    for later in code[i + 1:]:
        assert later.execution_count is None and later.outputs == [], "a cell after the check cell ran"
        assert later.metadata.papermill.status == "pending"
    assert elapsed < 60, f"failing took {elapsed:.0f} s"


# --------------------------------------------------------------------------- (d) what the reports show


class _Text(HTMLParser):
    """The visible text of a page, the text of its <title>, <h1>s and the title block's fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.parts: list[str] = []
        self.title = ""
        self.h1: list[str] = []
        self.felter: dict[str, str] = {}
        self._dt = None
        self.imgs: list[dict] = []
        self.klasser: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.klasser.update((a.get("class") or "").split())
        if tag == "img":
            self.imgs.append(a)
        if tag not in ("img", "br", "meta", "link", "hr", "input"):
            self.stack.append(tag)
        if tag == "h1":
            self.h1.append("")

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        inside = self.stack[-1] if self.stack else ""
        if inside in ("style", "script"):
            return
        if inside == "title":
            self.title += data
            return
        if "h1" in self.stack and self.h1:
            self.h1[-1] += data
        if inside == "dt":
            self._dt = data.strip()
        elif inside == "dd" and self._dt:
            self.felter[self._dt] = self.felter.get(self._dt, "") + data
        self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _read(path: Path) -> _Text:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def _forventet_h1(rapportfil) -> str:
    plan = load_plan()
    par = rapportfil.parameter
    return {
        "datatjek": "Datatjek",
        "omraade": f"Områderapport: {plan.omraade[par.get('omraade', 'samlet')].navn}",
        "indsatsomraade": f"Indsatsområde: {plan.indsatsomraade[par.get('indsatsomraade', 'x')].navn}"
        if "indsatsomraade" in par else "",
        "helhedsevaluering": "Helhedsevaluering",
        "leverancemaaling": f"Leverancemåling {RUNDE_SIDSTE_AAR[rapportfil.runde]}",
        "bestyrelsesstatus": "Status til bestyrelsen",
    }[rapportfil.notebook]


def test_rendered_set_covers_every_notebook_for_both_rounds(rendered):
    from helhedsanalyse.render import NOTEBOOKS as SPECS

    for runde in ("midtvej", "slut"):
        for spec in SPECS.values():
            assert list((rendered / runde).glob(f"{spec.navn}*.html")), f"{spec.fil} not rendered for {runde}"
        assert (rendered / runde / "omraade_motalavej.html").exists()
        assert (rendered / runde / "omraade_ringparken.html").exists()


def test_report_shows_what_a_reader_checks(rendered, rapportfil):
    path = rendered / rapportfil.rel
    assert path.exists(), f"{rapportfil.rel} was not rendered"
    page = _read(path)
    text = page.text
    h1 = _forventet_h1(rapportfil)
    assert page.title.strip() == rapportfil.titel
    assert [t.strip() for t in page.h1] == [h1], f"headline: {page.h1}"
    runde = RUNDE_NAVN[rapportfil.runde]
    anden = RUNDE_NAVN["slut" if rapportfil.runde == "midtvej" else "midtvej"]
    assert page.felter.get("Runde", "").strip() == f"{runde} (data til og med {RUNDE_SIDSTE_AAR[rapportfil.runde]})"
    assert anden not in text, f"{rapportfil.rel} mentions the other round ({anden})"
    assert "Plan" in page.felter and "Én kommune – Én helhedsplan" in page.felter["Plan"]
    assert re.fullmatch(r"\d{1,2}\. [a-zæøå]+ \d{4}", page.felter.get("Dannet", "").strip()), "Danish date"
    # The illustrative-data warning, in its own box near the top.
    assert "illustrativ" in page.klasser
    assert "ILLUSTRATIVE DATA" in text and "må ikke bruges som evaluering" in text
    assert text.index("ILLUSTRATIVE DATA") < len(text) // 2 + 2000
    # Statuses in words (with symbol and colour); the delivery measurement shows its own standing.
    labels = [label for label, *_ in STATUS_STIL.values()]
    if rapportfil.notebook == "leverancemaaling":
        assert "Årsmål" in text and "År til dato" in text and "K1" in text
    else:
        if rapportfil.notebook != "datatjek":  # the data check lists statuses as plain words in a table
            assert "status" in page.klasser, "status badges"
        found = [label for label in labels if label in text]
        assert found, f"no status in words in {rapportfil.rel}"
        if rapportfil.notebook in ("omraade", "helhedsevaluering", "bestyrelsesstatus"):
            assert "Opfyldt" in text
    # Figures: embedded PNGs with alt text in the area and indsatsområde reports.
    if rapportfil.notebook in ("omraade", "indsatsomraade"):
        figs = [i for i in page.imgs if i.get("src", "").startswith("data:image/png;base64,")]
        assert figs, f"no embedded figure in {rapportfil.rel}"
        for img in figs:
            assert img.get("alt", "").strip(), "every figure has an alt text"
            png = base64.b64decode(img["src"].split(",", 1)[1], validate=True)
            assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert all(i.get("src", "").startswith("data:") for i in page.imgs)
    # Nothing for the student only: the notebook's introduction and Udforsk selv are left out.
    for student in ("Udforsk selv", "papermill", "JupyterLab", "Parametrene", "diskretionering er ikke brugt her"):
        assert student not in text, f"{rapportfil.rel} shows the notebook-only text {student!r}"
    # No error text or Python reached the reader.
    for bad in ("Traceback", "Error:", "Exception", "NaN", "nan %", "None"):
        assert bad not in text, f"{rapportfil.rel} shows {bad!r}"


def test_the_html_export_leaves_out_notebook_only_cells():
    """The render's page drops every cell tagged ``kun-notebook`` (introduction, Udforsk selv), keeps the rest."""
    from helhedsanalyse.render.page import KUN_NOTEBOOK as TAG
    from helhedsanalyse.render.page import notebook_to_html

    assert TAG == KUN_NOTEBOOK
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Kun til den studerende", metadata={"tags": [TAG]}),
                nbformat.v4.new_markdown_cell("## Til læseren"),
                nbformat.v4.new_code_cell("x", metadata={"tags": [TAG]}, outputs=[nbformat.v4.new_output(
                    "display_data", data={"text/html": "<p>Udforsk-tabel</p>"})])]
    page = notebook_to_html(nb, "Prøve")
    assert "Til læseren" in page
    assert "Kun til den studerende" not in page and "Udforsk-tabel" not in page
