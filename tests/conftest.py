"""Shared fixtures for the report tests (test_notebooks, test_render, test_browser).

Rendering the notebooks is the slow part of the suite, so it is done once per test session: the
``rendered`` fixture renders ONE report set -- both rounds, two areas -- which runs every notebook
(datatjek, områderapport × 2 areas, indsatsområderapport × 4, helhedsevaluering, leverancemåling,
bestyrelsesstatus) for both rounds. Every test that needs rendered reports reuses it.

A test that takes the argument ``rapportfil`` is run once per report of that set (see
:func:`pytest_generate_tests`); the list comes from :func:`helhedsanalyse.render.plan_jobs`, so it
grows with the notebooks without editing the tests.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: The report set rendered once per session.
RUNDER = ("midtvej", "slut")
OMRAADER = ("motalavej", "ringparken")


@dataclass(frozen=True)
class Rapportfil:
    """One report of the rendered set: where it lands and what it should say."""

    runde: str
    notebook: str  # NotebookSpec.navn: datatjek, omraade, indsatsomraade, ...
    rel: str  # path relative to the report folder, e.g. "slut/omraade_motalavej.html"
    titel: str  # the <title> render gives it
    parametre: tuple[tuple[str, object], ...]

    def __str__(self) -> str:  # the test id
        return self.rel

    @property
    def parameter(self) -> dict:
        return dict(self.parametre)


def rapportfiler() -> list[Rapportfil]:
    """Every report the ``rendered`` fixture writes (index.html not included)."""
    from helhedsanalyse.render import plan_jobs

    out = []
    base = Path("/ud")
    for runde in RUNDER:
        for job in plan_jobs(runde, OMRAADER, out_dir=base):
            params = tuple(sorted((k, v) for k, v in job.parametre.items() if not isinstance(v, list)))
            out.append(Rapportfil(runde, job.spec.navn, job.html.relative_to(base).as_posix(), job.titel, params))
    return out


def pytest_generate_tests(metafunc):
    if "rapportfil" in metafunc.fixturenames:
        filer = rapportfiler()
        metafunc.parametrize("rapportfil", filer, ids=[f.rel for f in filer])


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    """Render the report set once (both rounds, Motalavej and Ringparken) and return its folder."""
    from helhedsanalyse.render import render

    reuse = os.environ.get("HELHEDSANALYSE_TEST_RENDERED")
    if reuse:  # debugging aid: reuse a set rendered earlier with the same arguments
        return Path(reuse)
    out = tmp_path_factory.mktemp("reports")
    render(runder=list(RUNDER), omraader=list(OMRAADER), out_dir=out, progress=False)
    return out


@pytest.fixture(scope="session")
def alle_rapporter() -> list[Rapportfil]:
    """The reports of the ``rendered`` set."""
    return rapportfiler()


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def papermill_cmd() -> list[str]:
    """The papermill command line of the installed environment (``.venv/bin/papermill``)."""
    import sys

    exe = Path(sys.executable).parent / "papermill"
    if exe.exists() and os.access(exe, os.X_OK):
        return [str(exe)]
    return [sys.executable, "-m", "papermill"]


@pytest.fixture(scope="session")
def papermill_env(tmp_path_factory) -> dict[str, str]:
    """The environment for papermill as a user types it: the notebooks name the project kernel
    ``helhedsanalyse`` (installed by the set-up); where it is not installed, a kernel of that name for this
    Python is put on ``JUPYTER_PATH``, so that papermill without ``-k`` finds it."""
    import json
    import sys

    from jupyter_client.kernelspec import KernelSpecManager

    env = dict(os.environ)
    if "helhedsanalyse" not in KernelSpecManager().find_kernel_specs():
        kernels = tmp_path_factory.mktemp("jupyter") / "kernels" / "helhedsanalyse"
        kernels.mkdir(parents=True)
        (kernels / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python (helhedsanalyse)", "language": "python"}), encoding="utf-8")
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(kernels.parent.parent), env.get("JUPYTER_PATH")]))
    return env


@pytest.fixture(scope="session")
def chromium_bin() -> str:
    """Headless Chromium for the browser tests (tests/chromium.py finds or installs it), or a skip that
    says why there is none."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/chromium.py, whatever pytest's import mode
    from chromium import ChromiumSkip, ensure_chromium

    try:
        return ensure_chromium()
    except ChromiumSkip as exc:
        pytest.skip(str(exc))
