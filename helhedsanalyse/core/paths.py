"""Where the project's files are: the checkout (notebooks, example data) and the data shipped with the plan."""

from __future__ import annotations

from pathlib import Path

#: The folder holding the ``helhedsanalyse`` package (the checkout's root when run from a checkout).
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent
#: The project's data: the plan, its baseline tables, references, list rules and the example data.
DATA_DIR = PACKAGE_ROOT / "data"
#: The plan as YAML files (one per concept).
PLAN_DIR = DATA_DIR / "plan"
