"""Data files → tables: the one reader behind ``validate``, ``status``, ``render`` and ``lister``.

A folder stands for its data files (:func:`helhedsanalyse.inputs.folders.expand_data_paths`); files whose
name begins with ``vurdering`` are the evaluator's ratings, Markdown files (in a folder: ``fund*.md``) the
evaluator's findings (:mod:`helhedsanalyse.inputs.fund`), the rest observations. Every problem of every
file is collected before anything is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.errors import DataValidationError, FileReadError, Problem
from ..core.formatting import antal_tekst
from ..core.paths import DATA_DIR
from ..plan import Plan, load_plan
from .baseline import load_baseline
from .contract import concat_observations, empty_observations
from .folders import expand_data_paths
from .fund import Fund, er_fundfil, fund_for_runder, laes_fund
from .observations import ValidationReport, validate_files
from .reference import load_reference
from .vurderinger import load_vurderinger


def _is_vurderinger_file(path: str | Path) -> bool:
    return Path(path).name.lower().startswith("vurdering")


@dataclass
class LaesteFiler:
    """What :func:`read_data_files` found: the observations' report (with the folder notes), the
    evaluator's assessments, their files, the evaluator's findings, and every problem of every file
    (folders, data, assessments, findings)."""

    report: Any
    vurderinger: pd.DataFrame | None
    vur_files: list[str]
    problems: list[Any]
    fund: list[Fund] = field(default_factory=list)


def read_data_files(paths: list[str], plan: Plan) -> LaesteFiler:
    """Expand ``paths`` (one folder expansion for validate, status and render: an empty folder is refused),
    read the observations and the evaluator's assessments (files named ``vurdering*``), and collect every
    problem at once instead of stopping at the first file."""
    expanded = expand_data_paths(paths)
    fund_files = [f for f in expanded.files if er_fundfil(f)]
    vur_files = [f for f in expanded.files if _is_vurderinger_file(f) and f not in fund_files]
    obs_files = [f for f in expanded.files if not _is_vurderinger_file(f) and f not in fund_files]
    report = validate_files(obs_files, plan) if obs_files else ValidationReport([], empty_observations())
    report.notes = {**{f: list(n) for f, n in expanded.notes.items()}, **report.notes}
    problems = list(expanded.problems) + list(report.problems)
    vurderinger = None
    if vur_files:
        try:
            vurderinger = load_vurderinger(vur_files, plan)
        except DataValidationError as exc:
            problems.extend(exc.problems)
        except FileReadError as exc:
            problems.append(Problem(", ".join(vur_files), str(exc)))
    fund = [laes_fund(f, plan) for f in fund_files]
    problems.extend(p for f in fund for p in f.problems)
    return LaesteFiler(report, vurderinger, vur_files, problems, fund)


def data_fund(data: list[str] | None, runder: list[str], plan: Plan | None = None) -> dict[str, str]:
    """Round -> the evaluator's findings among the data files ``data`` (default: the shipped illustrative
    data, ``data/eksempel/fund_*_ILLUSTRATIV.md``), for the rounds ``runder``; a round without one is left
    out, and so is a findings file of a round not in ``runder``. Raises
    :class:`~helhedsanalyse.inputs.fund.FundError` for a findings file with problems."""
    paths = [str(p) for p in data] if data else [str(DATA_DIR / "eksempel")]
    files = [f for f in expand_data_paths(paths).files if er_fundfil(f)]
    return fund_for_runder(files, runder, plan, angivet=False)


def shipped_inputs(
    data: list[str] | None = None, plan: Plan | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """Observations, references and evaluator's assessments for :func:`status_table`.

    Parameters
    ----------
    data : list of str, optional
        Files or folders of observations (CSV/Excel). Files whose name starts with ``vurdering`` are
        read as the evaluator's assessments. Default: everything in ``data/eksempel/`` (the
        illustrative follow-up data and ``vurderinger_ILLUSTRATIV.csv``).
    plan : Plan, optional

    Returns
    -------
    (observations, references, vurderinger)
        The observations include the plan's own baseline tables (``load_baseline()``) and the
        references are ``load_reference()``, where those modules are available.
    """
    plan = plan or load_plan()
    read = read_data_files([str(p) for p in data] if data else [str(DATA_DIR / "eksempel")], plan)
    if read.problems:  # every problem of every file at once, as validate gives them
        n_files = len({p.fil for p in read.problems})
        raise DataValidationError(read.problems,
                                  summary=f"{antal_tekst(len(read.problems), 'problem', 'problemer')}"
                                          f" i {antal_tekst(n_files, 'fil', 'filer')}; intet er indlæst")
    vurderinger = read.vurderinger
    frames = [read.report.data] if read.report.files else []
    frames.append(load_baseline(plan=plan))
    references = load_reference(plan=plan)
    observations = concat_observations(frames)
    return observations, references, vurderinger
