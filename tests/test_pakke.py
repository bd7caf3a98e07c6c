"""The package as a user installs it: the wheel carries the plan, the data, the notebooks and templates.

(a) ``pyproject.toml`` lists every sub-package of ``helhedsanalyse`` (the list is explicit, because the
    checkout's ``data/`` and ``notebooks/`` are mapped into the package).
(b) The wheel, built from a copy of the checkout, holds every file of ``data/plan``, ``data/baseline``,
    ``data/reference``, ``data/lister``, ``data/eksempel``, every notebook and every report template.
(c) Installed into a fresh virtual environment outside the checkout, run from an empty folder without
    PYTHONPATH, ``helhedsanalyse status`` and ``helhedsanalyse render`` work and say exactly what the
    checkout says: the same status CSV, the same report HTML byte for byte.

The new environment gets its dependencies from the running one (a ``.pth`` file naming its
site-packages, ``JUPYTER_PATH`` naming its nbconvert templates and kernel spec), so nothing is
downloaded but, where the running environment cannot build a wheel itself, setuptools.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import helhedsanalyse
from helhedsanalyse.render import render

REPO = Path(__file__).resolve().parents[1]
#: What the wheel is built from; everything else in the checkout (tests, kilde, scripts) stays out.
SOURCES = ("pyproject.toml", "README.md", "helhedsanalyse", "data", "notebooks")
#: Checkout folder -> the folder inside the wheel that must hold every one of its files.
SHIPPED = {
    **{f"data/{d}": f"helhedsanalyse/data/{d}" for d in ("plan", "baseline", "reference", "lister", "eksempel")},
    "notebooks": "helhedsanalyse/notebooks",
    "helhedsanalyse/report/templates": "helhedsanalyse/report/templates",
}


def test_pyproject_lists_every_subpackage():
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    code = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "helhedsanalyse").rglob("__init__.py")}
    assert set(config["packages"]) == code | set(config["package-dir"])


# --------------------------------------------------------------------------- building and installing


def _can_build_offline() -> bool:
    """Whether this environment's setuptools builds a wheel by itself (70.1 on, or with ``wheel``)."""
    try:
        setuptools = tuple(int(p) for p in importlib.metadata.version("setuptools").split(".")[:2])
    except importlib.metadata.PackageNotFoundError:
        return False
    return setuptools >= (70, 1) or _installed("wheel")


def _installed(name: str) -> bool:
    try:
        importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _build_wheel(tmp: Path) -> Path:
    src = tmp / "kilde"
    src.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(REPO / name, src / name)
    isolation = ["--no-build-isolation"] if _can_build_offline() else []
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", *isolation,
                    "--wheel-dir", str(tmp / "dist"), str(src)], check=True)
    (wheel,) = (tmp / "dist").glob("helhedsanalyse-*.whl")
    return wheel


def _venv_with(wheel: Path, tmp: Path) -> Path:
    """A fresh virtual environment with the wheel installed; its dependencies are the running ones."""
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, env=_without_checkout())
    # after the install: pip would otherwise find the running environment's (editable) helhedsanalyse
    outer = [sysconfig.get_path("purelib"), *site.getsitepackages()]
    Path(purelib, "afhaengigheder.pth").write_text("\n".join(dict.fromkeys(outer)) + "\n", encoding="utf-8")
    return venv


def _without_checkout() -> dict[str, str]:
    """The environment without anything that points Python at the checkout or the running environment."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel, venv, an empty working folder outside the checkout, the environment to run in)."""
    tmp = tmp_path_factory.mktemp("pakke")
    wheel = _build_wheel(tmp)
    venv = _venv_with(wheel, tmp)
    work = tmp / "arbejde"
    work.mkdir()
    env = _without_checkout()
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")  # nbconvert's templates, the kernel spec
    return wheel, venv, work, env


def _run(installed, *args: str) -> subprocess.CompletedProcess:
    _, venv, work, env = installed
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], cwd=work, env=env, check=True,
                          capture_output=True, text=True)


# --------------------------------------------------------------------------- (b) the wheel's contents


def test_wheel_ships_data_notebooks_and_templates(installed):
    wheel = installed[0]
    inside = set(zipfile.ZipFile(wheel).namelist())
    for folder, target in SHIPPED.items():
        files = [p for p in (REPO / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        assert files, folder
        missing = [p.relative_to(REPO).as_posix() for p in files
                   if f"{target}/{p.relative_to(REPO / folder).as_posix()}" not in inside]
        assert not missing, f"not in the wheel: {missing}"
    assert not [n for n in inside if n.startswith(("tests/", "data/", "notebooks/", "helhedsanalyse/data/kilde"))]


# --------------------------------------------------------------------------- (c) installed, outside the checkout


def test_installed_package_is_the_wheel(installed):
    wheel, venv, _, _ = installed
    out = _run(installed, "python", "-c", "import helhedsanalyse as h, helhedsanalyse.core.paths as p; "
               "print(h.__file__, h.__version__, p.CHECKOUT, p.DATA_DIR, p.NOTEBOOK_DIR, sep='\\n')").stdout.split()
    module, version, checkout, data_dir, notebook_dir = out
    assert Path(module).is_relative_to(venv), module
    assert version == wheel.name.split("-")[1]
    assert checkout == "False"
    assert Path(data_dir).is_relative_to(venv) and Path(notebook_dir).is_relative_to(venv)


def test_installed_status_matches_checkout(installed):
    out = _run(installed, "helhedsanalyse", "status", "--runde", "slut", "--format", "csv").stdout
    here = subprocess.run([sys.executable, "-m", "helhedsanalyse", "status", "--runde", "slut", "--format", "csv"],
                          cwd=REPO, check=True, capture_output=True, text=True).stdout
    assert out.count("\n") > 100
    assert out == here


def test_installed_render_matches_checkout(installed, tmp_path):
    work = installed[2]
    _run(installed, "helhedsanalyse", "render", "--data", str(REPO / "data" / "eksempel"), "--ud", "rapporter",
         "--runde", "slut", "--notebook", "bestyrelsesstatus")
    report = work / "rapporter" / "slut" / "bestyrelsesstatus.html"
    assert report.is_file()
    render(runder=["slut"], notebooks=["bestyrelsesstatus"], out_dir=tmp_path, progress=False, workers=1,
           data=[str(REPO / "data" / "eksempel")])
    assert report.read_bytes() == (tmp_path / "slut" / "bestyrelsesstatus.html").read_bytes()
    assert helhedsanalyse.__file__.startswith(str(REPO))  # the comparison ran the checkout's code
