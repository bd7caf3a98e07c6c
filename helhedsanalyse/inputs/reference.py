"""Public reference series the reports compare against (``data/reference/*.csv``).

Same long format and the same validation as the baseline tables (:mod:`helhedsanalyse.baseline`):
the SUB average, Denmark, the police district and a few area figures from politiets tryghedsmåling, and
police-registered reports for Ringparken and Motalavej. Known gaps (no survey in 2020, figures the
sources do not give) are listed in ``data/reference/README.md``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..plan.model import DATA_DIR, Plan, load_plan
from .baseline import read_long_tables

REFERENCE_DIR = DATA_DIR / "reference"


def load_reference(directory: str | Path | None = None, plan: Plan | None = None) -> pd.DataFrame:
    """Read the reference series (default ``data/reference``) into one validated, tidy frame.

    The parameters, columns and problems are those of :func:`helhedsanalyse.inputs.baseline.load_baseline`;
    the default folder is :data:`REFERENCE_DIR`.
    """
    return read_long_tables(directory if directory is not None else REFERENCE_DIR, plan=plan)


def reference_series(
    indikator: str,
    geografi: str,
    directory: str | Path | None = None,
    plan: Plan | None = None,
) -> pd.DataFrame:
    """One reference series, e.g. ``reference_series("tryghed", "sub")``, sorted by year.

    Parameters
    ----------
    indikator : str
        Indicator id from the plan (``tryghed``, ``utryghed``, ``anmeldelser`` ...).
    geografi : str
        Area or geography id (``sub``, ``danmark``, ``politikreds``, ``motalavej`` ...).
    directory : str or Path, optional
        Folder with the reference CSV files (default: :data:`REFERENCE_DIR`).
    plan : Plan, optional
        The plan to validate ids against (default: :func:`load_plan`).

    Returns
    -------
    pandas.DataFrame
        The matching rows in the :func:`load_reference` format, sorted by ``aar`` and ``periode``, with a
        fresh index. Empty (with the same columns) when the series has no values. Years without a value
        (such as 2020, when no survey was run) are absent, not NaN.

    Raises
    ------
    ValueError
        If ``indikator`` or ``geografi`` is not an id of the plan.
    """
    plan = plan if plan is not None else load_plan()
    if indikator not in plan.indikator:
        raise ValueError(f"ukendt indikator '{indikator}'; se data/plan/indikatorer.yaml")
    if geografi not in plan.alle_steder:
        raise ValueError(f"ukendt geografi '{geografi}'; gyldige id'er: {', '.join(plan.alle_steder)}")
    df = load_reference(directory, plan=plan)
    out = df[(df["indikator"] == indikator) & (df["omraade"] == geografi) & (df["omraader"] == "")]
    return out.sort_values(["aar", "periode"], kind="stable").reset_index(drop=True)
