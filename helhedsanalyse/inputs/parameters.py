"""The notebooks' parameters, checked against the plan before anything is computed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..core.errors import ParameterError
from ..plan import RUNDE_SIDSTE_AAR, load_plan
from .fund import check_fund


def check_parameters(parametre: dict[str, Any]) -> dict[str, Any]:
    """Check notebook parameters against the plan; raise :class:`ParameterError` with the valid values.

    Known parameters: ``runde``, ``omraade``, ``indsatsomraade``, ``data`` (list of paths),
    ``diskretionering`` (bool), ``diskretionering_graense`` (int, at least 1), ``fund`` (the evaluator's
    findings, a Markdown file of the round ``runde``: every problem of it raises
    :class:`~helhedsanalyse.inputs.fund.FundError`). Values are only ever passed to papermill as JSON-able
    values, never pasted into code.
    """
    plan = load_plan()
    out = dict(parametre)
    if "runde" in out and out["runde"] not in RUNDE_SIDSTE_AAR:
        raise ParameterError(
            f"Ukendt runde '{out['runde']}'. Gyldige runder: {', '.join(RUNDE_SIDSTE_AAR)}."
        )
    if "omraade" in out and out["omraade"] not in plan.omraade:
        raise ParameterError(
            f"Ukendt område '{out['omraade']}'. Gyldige områder: {', '.join(plan.omraade_ids)}."
        )
    if "indsatsomraade" in out and out["indsatsomraade"] not in plan.indsatsomraade:
        raise ParameterError(
            f"Ukendt indsatsområde '{out['indsatsomraade']}'. "
            f"Gyldige indsatsområder: {', '.join(plan.indsatsomraade)}."
        )
    if "data" in out:
        paths = out["data"]
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        missing = [str(p) for p in paths if not Path(p).exists()]
        if missing:
            raise ParameterError(f"Datafilen findes ikke: {', '.join(missing)}.")
        out["data"] = [str(Path(p).resolve()) for p in paths]
    if out.get("fund"):
        check_fund(out["fund"], out.get("runde"), plan)
        out["fund"] = str(Path(out["fund"]).resolve())
    if "diskretionering_graense" in out:
        g = out["diskretionering_graense"]
        if isinstance(g, bool) or not isinstance(g, int) or g < 1:
            raise ParameterError(
                f"Ugyldig grænse for diskretionering '{g}'. Grænsen skal være et helt tal på mindst 1 (standard 5)."
            )
    return out
