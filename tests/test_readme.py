"""The README, as a newcomer follows it: every command in its ```sh blocks runs, every name in it is real.

- Every command line of every ```sh block is classified (:func:`_classify`): a ``helhedsanalyse`` or
  ``papermill`` command is run from a scratch folder that holds the checkout's ``data/``, ``notebooks/``
  and ``docs/`` (links) and the user's own files the README names (:data:`EGNE_FILER`), so nothing lands in
  the checkout; ``render`` is narrowed to one small report unless the line narrows it itself; a synopsis
  (``[--runde midtvej|slut]``) is not run but its options are checked. What is not run says why
  (:data:`IKKE_KOERT`: the network, a server, minutes of set-up); a line of an unknown program fails
  the test until it is run or given a reason here.
- Every ``helhedsanalyse`` command and option the README names exists (``--help``), and every option of
  every command is mentioned in the README.
- Every notebook parameter a ``papermill -p``/``-y`` line sets is in that notebook's parameters cell.
- Every environment variable the package reads (``HELHEDSANALYSE_*``) is described.
- Every path in backticks under a folder of the checkout exists (the generated ones are listed here).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from helhedsanalyse.cli import app
from helhedsanalyse.render.saet import MANIFEST

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: programs (or program and first argument) whose README lines are not run, and why
IKKE_KOERT = {
    "make": "sets up .venv from PyPI (the network) and renders or tests everything (minutes); `make test` runs "
            "this test",
    "conda": "creates a conda environment from the network",
    "python3": "creates a virtual environment and installs from the network",
    "pip": "installs from the network",
    "uv": "installs from the network",
    "git": "changes the checkout",
    "cd": "changes to the user's own folder (its command is an example of an installed package)",
    "jupyter lab": "starts JupyterLab, a server that runs until stopped",
    "/usr/bin/time": "a measurement of minutes on a 150,000-row file (benchmarks/README.md)",
    "python benchmarks/stor_datafil.py": "writes a 40 MB file for the measurement below it (benchmarks/README.md)",
    "nbstripout": "changes the git configuration of the checkout",
}
#: the user's own files the README's examples name, made from the shipped data in the scratch folder
EGNE_FILER = {"mine_tal.xlsx": ROOT / "data" / "eksempel" / "leverancer_ILLUSTRATIV.xlsx"}
#: paths in the README that are made by the tools, not kept in the checkout
GENEREREDE = {"reports/", "reports/datagrundlag.txt", ".venv", ".venv/", "helhedsanalyse/data/",
              "helhedsanalyse/notebooks/", "reports/index.html", f"reports/{MANIFEST}"}
#: options of other programs than helhedsanalyse that the README names
ANDRE_TILVALG = {"--nbval-lax", "--nbval-current-env", "--doctest-modules", "--no-deps", "--note", "--to", "--no-input",
                 "--no-install-recommends", "--user", "--name", "--display-name", "--sys-prefix", "--cwd", "--help-notebook",
                 "--compile-bytecode"}


def _sh_lines() -> list[str]:
    """Every command line of the README's ```sh blocks (continuations joined, comments removed)."""
    lines: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```", README, re.M | re.S):
        for raw in block.replace("\\\n", " ").splitlines():
            line = re.split(r"\s+#\s", " " + raw, maxsplit=1)[0].strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def _program(word: str) -> str:
    """``.venv/bin/helhedsanalyse`` and ``~/helhed/bin/helhedsanalyse`` are ``helhedsanalyse``."""
    return word.rsplit("/bin/", 1)[-1] if "/bin/" in word and not word.startswith("/usr/") else word


def _classify(line: str) -> tuple[str, str]:
    """('run' | 'synopsis' | 'skip', reason)."""
    words = line.split()
    program = _program(words[0])
    if program in ("helhedsanalyse", "papermill"):
        if re.search(r"\[--|\bFIL \.\.\.|\w\|\w", line):
            return "synopsis", "a synopsis of the options"
        return "run", ""
    for key in (" ".join([program, *words[1:2]]), program):
        if key in IKKE_KOERT:
            return "skip", IKKE_KOERT[key]
    return "unknown", f"README command of an unknown program: {line!r}; run it here or give the reason in IKKE_KOERT"


SH = _sh_lines()


def test_the_readme_has_commands_to_run():
    kinds = [_classify(line)[0] for line in SH]
    assert kinds.count("run") >= 5 and "unknown" not in kinds, [(line, _classify(line)) for line in SH]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme")
    for name in ("data", "notebooks", "docs"):
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    for name, source in EGNE_FILER.items():
        (folder / name).write_bytes(source.read_bytes())
    return folder


def _argv(line: str) -> list[str]:
    words = shlex.split(line)
    program = _program(words[0])
    if program == "papermill":
        return [sys.executable, "-m", "papermill", *words[1:], "--no-progress-bar"]
    args = words[1:]
    if args and args[0] == "render":  # one small report, unless the line chooses its own
        if "--notebook" not in args:
            args += ["--notebook", "datatjek"]
        if "--runde" not in args:
            args += ["--runde", "slut"]
    return [sys.executable, "-m", "helhedsanalyse", *args]


@pytest.mark.parametrize("line", [line for line in SH if _classify(line)[0] == "run"])
def test_readme_command_runs(scratch, line):
    """In the README's order, in one scratch folder: a line may use a file an earlier line wrote."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(_argv(line), cwd=scratch, env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=600, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{line}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stdout + proc.stderr


# --------------------------------------------------------------------------- names


def _commands() -> dict[str, set[str]]:
    """Every command of the CLI and its options (the root's under '')."""
    group = typer.main.get_command(app)
    out = {"": {o for p in group.params for o in p.opts if o.startswith("--")}}
    for name, cmd in group.commands.items():
        out[name] = {o for p in cmd.params for o in [*p.opts, *p.secondary_opts] if o.startswith("--")}
    return out


COMMANDS = _commands()


def test_every_command_and_option_the_readme_names_exists():
    wrong = []
    # in the text: `helhedsanalyse render --fund FIL` (a code span that is a command)
    for m in re.finditer(r"`(?:\S*/bin/)?helhedsanalyse ([a-z]\w*)([^`]*)`", README):
        if m.group(1) not in COMMANDS:
            wrong.append(f"command '{m.group(1)}'")
        else:
            wrong += [f"{m.group(1)} {o}" for o in re.findall(r"(--[\w-]+)", m.group(2))
                      if o not in COMMANDS[m.group(1)] | COMMANDS[""]]
    for line in SH:
        first = line.split()[1:2]
        if _program(line.split()[0]) == "helhedsanalyse" and first and first[0] not in set(COMMANDS) | COMMANDS[""]:
            wrong.append(f"command '{first[0]}'")
        words = line.split()
        if _program(words[0]) == "helhedsanalyse" and len(words) > 1:
            known = COMMANDS.get(words[1], set()) | COMMANDS[""]
            wrong += [f"{words[1]} {o}" for o in re.findall(r"(--[\w-]+)", line) if o not in known]
    everything = set().union(*COMMANDS.values()) | ANDRE_TILVALG | {"--help"}
    wrong += [f"option {o}" for o in sorted(set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", README))) if o not in everything]
    assert not wrong, f"the README names what the CLI does not have: {wrong}"


def test_every_command_and_option_is_in_the_readme():
    missing = [f"{cmd or 'helhedsanalyse'} {opt}" for cmd, opts in COMMANDS.items() for opt in sorted(opts)
               if opt != "--help" and not re.search(rf"{re.escape(opt)}(?![\w-])", README)]
    missing += [f"command {cmd}" for cmd in COMMANDS if cmd and not re.search(rf"\b{cmd}\b", README)]
    assert not missing, f"not described in the README: {missing}"


def _parameters(notebook: Path) -> set[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"{notebook.name} has {len(cells)} parameters cells"
    return set(re.findall(r"^(\w+)\s*(?::[^=]*)?=", "".join(cells[0]["source"]), re.M))


def test_every_notebook_parameter_the_readme_sets_exists():
    seen, wrong = 0, []
    for line in SH:
        words = shlex.split(line)
        if _program(words[0]) != "papermill":
            continue
        notebook = ROOT / words[1]
        assert notebook.is_file(), line
        params = _parameters(notebook)
        names = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-p", "--parameters", "-r", "--parameters_raw")]
        for i, w in enumerate(words[:-1]):
            if w in ("-y", "--parameters_yaml"):
                names += re.findall(r"(?:^|[{,\n]\s*)(\w+)\s*:", words[i + 1])
        seen += len(names)
        wrong += [f"{notebook.name}: {n}" for n in names if n not in params]
    assert seen, "no papermill line with a parameter in the README"
    assert not wrong, f"parameters the notebooks do not have: {wrong}"


def test_every_environment_variable_the_package_reads_is_described():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "helhedsanalyse").rglob("*.py"))
    variables = set(re.findall(r"\bHELHEDSANALYSE_[A-Z_]+\b", source))
    assert variables, "no HELHEDSANALYSE_* variable found: is the pattern still right?"
    missing = sorted(v for v in variables if v not in README)
    assert not missing, f"environment variables the README does not describe: {missing}"


TOPMAPPER = {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")}


def test_every_path_the_readme_names_exists():
    named = {m.strip() for m in re.findall(r"`([^`\s]+)`", README)}
    named |= {w for line in SH for w in line.split() if "/" in w and not w.startswith(("-", "/", "~", "."))}
    paths = {p.rstrip(".,;:]\"'") for p in named if "/" in p and p.split("/")[0] in TOPMAPPER | {"reports"}}
    missing = sorted(p for p in paths if p not in GENEREREDE and not p.startswith("helhedsanalyse.")
                     and "<" not in p and "{" not in p
                     and not (list(ROOT.glob(p.rstrip("/"))) if "*" in p else (ROOT / p).exists()))
    assert paths, "no path found in the README"
    assert not missing, f"paths in the README that are not in the checkout: {missing}"
