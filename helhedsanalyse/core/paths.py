"""Where the project's files are: the plan, the shipped data, the notebooks and the default report folder.

Resolved in this one place, two ways. Run from a checkout (``git clone``, ``pip install -e .``), they are
the checkout's own folders, the ones the README names and students open in JupyterLab: ``data/`` and
``notebooks/`` beside the package. Installed from the wheel (``pip install .``), the same folders are
the package data that the wheel ships inside ``helhedsanalyse/`` (``pyproject.toml`` maps them there).

>>> sorted(p.name for p in PLAN_DIR.glob("*.yaml"))[1:3]
['indikatorer.yaml', 'indsatsomraader.yaml']
>>> (NOTEBOOK_DIR / "bestyrelsesstatus.ipynb").is_file()
True
>>> (DATA_DIR / "eksempel").is_dir()
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The folder holding the ``helhedsanalyse`` package: the checkout's root when run from a checkout,
#: else the installation's ``site-packages``. The report kernels start here.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent


def _is_checkout(root: Path) -> bool:
    """Whether ``root`` is the project's checkout (its ``pyproject.toml`` beside ``data/plan``).

    >>> _is_checkout(PACKAGE_ROOT / "helhedsanalyse")
    False
    """
    return (root / "pyproject.toml").is_file() and (root / "data" / "plan").is_dir()


def _installed(folder: str) -> Path:
    """A folder of the installed package's data (``helhedsanalyse/<folder>`` in ``site-packages``)."""
    found = resources.files("helhedsanalyse") / folder
    if not isinstance(found, Path):  # a zip import: the kernels and readers need real files
        raise RuntimeError(f"helhedsanalyse er installeret uden mapper på disken; {folder}/ kan ikke læses.")
    return found


#: True when the package runs from the project's checkout, False when installed from the wheel.
CHECKOUT = _is_checkout(PACKAGE_ROOT)
#: The project's data: the plan, its baseline tables, references, list rules and the example data.
DATA_DIR = PACKAGE_ROOT / "data" if CHECKOUT else _installed("data")
#: The plan as YAML files (one per concept).
PLAN_DIR = DATA_DIR / "plan"
#: The parameterised report notebooks.
NOTEBOOK_DIR = PACKAGE_ROOT / "notebooks" if CHECKOUT else _installed("notebooks")
#: Where reports go unless told otherwise: the checkout's ``reports/``; installed, ``reports/`` in the
#: current folder (as the command line's ``--ud`` default), never inside ``site-packages``.
REPORT_DIR = PACKAGE_ROOT / "reports" if CHECKOUT else Path("reports")
