"""A render says what the user needs and nothing else (issue 15): one Danish progress bar, a summary line,
and none of the frameworks' English log lines (ipykernel's "[IPKernelApp] WARNING ... eavesdropping",
"KeyboardInterrupt caught in kernel", jupyter_client's or papermill's logging), whichever way the kernel
talks to the render (Unix sockets in a short private folder; TCP when the temporary folder's path is too
long for a socket)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: What the frameworks write when they log: "[IPKernelApp] WARNING | ...", "ERROR | ...", "WARNING:papermill...".
FRAMEWORK_LOG = re.compile(r"\[\w*App\]|\b(?:WARNING|ERROR|CRITICAL|INFO|DEBUG)\b\s*[|:]|Traceback|eavesdropping|"
                           r"KeyboardInterrupt")


@pytest.mark.parametrize("tmpdir_length", ["kort", "lang"])
def test_a_render_prints_only_its_summary(tmp_path, tmpdir_length):
    tmp = tmp_path / "t"
    if tmpdir_length == "lang":  # too long for a Unix socket path: the kernel talks over TCP
        tmp = tmp / ("x" * 100)
    tmp.mkdir(parents=True)
    ud = tmp_path / "rapporter"
    env = {k: v for k, v in os.environ.items() if k != "HELHEDSANALYSE_DEBUG"}
    env["TMPDIR"] = str(tmp)
    proc = subprocess.run(
        [sys.executable, "-m", "helhedsanalyse", "render", "--runde", "slut", "--notebook", "datatjek", "--ud", str(ud)],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert not FRAMEWORK_LOG.search(output), f"framework log lines in the render's output:\n{output}"
    assert proc.stdout.strip().splitlines() == [f"1 rapport dannet; oversigt: {ud / 'index.html'}"]
    assert proc.stderr.strip() == "", "no terminal: no progress bar, nothing else"


def test_a_kernel_of_the_environment_logs_errors_only(tmp_path):
    """``make setup`` configures the kernels of .venv (papermill, JupyterLab, nbval) to log errors only:
    papermill's own kernel, over TCP, does not warn about eavesdropping on every run."""
    config = Path(sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.json"
    if not config.exists():
        pytest.skip(f"not an environment made by `make setup` ({config} is missing)")
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('hej')")])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "in.ipynb")
    proc = subprocess.run([sys.executable, "-m", "papermill", "--no-progress-bar", str(tmp_path / "in.ipynb"),
                           str(tmp_path / "ud.ipynb")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "[IPKernelApp]" not in proc.stderr and "eavesdropping" not in proc.stderr, proc.stderr
