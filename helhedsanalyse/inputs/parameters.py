"""The notebooks' parameters, checked against the plan before anything is computed.

A notebook gets its parameters from three places: its own parameters cell (edited in JupyterLab), and
papermill's ``-p NAME VALUE`` (the value's type guessed from its text: ``-p data data/eksempel`` is a
string, ``-p aar 2018`` an integer) or ``-y "data: [A, B]"`` (YAML). :func:`check_parameters` takes what
arrived by any of them and either returns the values the notebook computes with (``data`` always a list of
absolute paths) or raises one :class:`~helhedsanalyse.core.errors.ParameterError` that names every bad
parameter, one Danish line each, with the valid values.

A relative path (``data``, ``fund``) is read from the working directory of the process that checks it: in
a notebook that is the kernel's, which papermill starts in the folder papermill was run from (or
``--cwd``), and JupyterLab in the notebook's own folder (``notebooks/``: write ``../data/eksempel``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..core.errors import HelhedsanalyseError, ParameterError, ProblemsError
from ..plan import RUNDE_SIDSTE_AAR, load_plan
from ..plan.model import Plan
from .fund import check_fund


def plan_start_aar(plan: Plan) -> int:
    """The plan's first year (its ``periode``, "2017-2021").

    >>> plan_start_aar(load_plan())
    2017
    """
    return int(str(plan.periode).split("-")[0])


def data_stier(data: Any) -> list[str] | str:
    """``data`` as a list of path strings, in whichever form it came; a problem as a Danish sentence.

    >>> data_stier("data/eksempel"), data_stier(["a.csv", Path("b.xlsx")]), data_stier(""), data_stier(None)
    (['data/eksempel'], ['a.csv', 'b.xlsx'], [], [])
    >>> data_stier(2020)
    "Ugyldig værdi for data: 2020. Angiv en sti (fx 'data/eksempel') eller en liste af stier."
    """
    if data is None or data == "":
        return []
    if isinstance(data, (str, os.PathLike)):
        return [os.fspath(data)]
    if isinstance(data, (list, tuple)) and all(isinstance(p, (str, os.PathLike)) and os.fspath(p) for p in data):
        return [os.fspath(p) for p in data]
    return f"Ugyldig værdi for data: {data!r}. Angiv en sti (fx 'data/eksempel') eller en liste af stier."


def _sti(p: str) -> str:
    """How a path is named in a message: as given, and where it was looked for when it is relative."""
    return p if Path(p).is_absolute() else f"{p} (set fra {Path.cwd()})"


def omraade_id(navn: Any, plan: Plan) -> str:
    """The id of the area ``navn`` names: an id, or a name as the data files write it ('Ringparken',
    'Præstevangen og Parkvej'); else a :class:`ParameterError` with the closest id and the valid ones.
    The one check of an area for the notebooks and the command line."""
    if navn in plan.omraade:
        return str(navn)
    from .interpret import Resolver  # deferred: pandas loads only when a name must be resolved

    resolver = Resolver(plan)
    omraade = resolver.resolve(navn, "omraade")
    if omraade is None:
        close = resolver.suggest(navn, "omraade")
        hint = f" Mente du '{close}'?" if close else ""
        raise ParameterError(f"Ukendt område '{navn}'.{hint} Gyldige områder: {', '.join(plan.omraade_ids)} "
                             "(id eller navn).")
    return omraade


def check_parameters(parametre: dict[str, Any]) -> dict[str, Any]:
    """Check notebook parameters against the plan; raise :class:`ParameterError` naming every bad one.

    Known parameters: ``runde``, ``omraade`` (an id, or a name as in the data files), ``indsatsomraade``,
    ``data`` (a path or a list of paths: files or folders), ``diskretionering`` (bool),
    ``diskretionering_graense`` (int, at least 1), ``aar`` (the delivery measurement's year: 0 for the round's
    last year, or a year of the plan up to the round's last), ``fund`` (the evaluator's findings, a Markdown
    file of the round ``runde``), ``beregning`` (a path, set by ``helhedsanalyse render``). Each problem is
    one line of the error's message; the findings file's own problems follow its line, one each. Returns the
    parameters with ``omraade`` as its id, ``data`` as a list of absolute paths and ``fund`` as an absolute
    path. Values are only ever passed to papermill as JSON-able values, never pasted into code.

    >>> try:
    ...     check_parameters({"runde": "midtvej", "aar": 2021, "omraade": "x"})
    ... except ParameterError as e:
    ...     print(e)
    Ukendt område 'x'. Gyldige områder: motalavej, ringparken, sydbyen, skaelskoer, samlet (id eller navn).
    Ugyldigt år 2021 for runden 'midtvej'. Angiv 0 (rundens sidste år) eller et år fra 2017 til 2018.
    """
    plan = load_plan()
    out = dict(parametre)
    fejl: list[str] = []
    runde = out.get("runde")
    if "runde" in out and runde not in RUNDE_SIDSTE_AAR:
        fejl.append(f"Ukendt runde '{runde}'. Gyldige runder: {', '.join(RUNDE_SIDSTE_AAR)}.")
        runde = None
    if "omraade" in out:
        try:
            out["omraade"] = omraade_id(out["omraade"], plan)
        except ParameterError as exc:
            fejl.append(str(exc))
    if "indsatsomraade" in out and out["indsatsomraade"] not in plan.indsatsomraade:
        fejl.append(f"Ukendt indsatsområde '{out['indsatsomraade']}'. "
                    f"Gyldige indsatsområder: {', '.join(plan.indsatsomraade)}.")
    if "aar" in out:
        aar, start = out["aar"], plan_start_aar(plan)
        slut = RUNDE_SIDSTE_AAR.get(str(runde), max(RUNDE_SIDSTE_AAR.values()))
        if isinstance(aar, bool) or not isinstance(aar, int) or (aar != 0 and not start <= aar <= slut):
            hvor = f" for runden '{runde}'" if runde else ""
            fejl.append(f"Ugyldigt år {aar}{hvor}. Angiv 0 (rundens sidste år) eller et år fra {start} til {slut}.")
    if "data" in out:
        stier = data_stier(out["data"])
        if isinstance(stier, str):
            fejl.append(stier)
        else:
            missing = [_sti(p) for p in stier if not Path(p).exists()]
            if missing:
                fejl.append(f"Datafilen findes ikke: {', '.join(missing)}.")
            out["data"] = [str(Path(p).resolve()) for p in stier]
    if "diskretionering" in out and not isinstance(out["diskretionering"], bool):
        fejl.append(f"Ugyldig værdi for diskretionering '{out['diskretionering']}'. Angiv True (små antal "
                    f"skjules) eller False (intern arbejdskopi).")
    if "diskretionering_graense" in out:
        g = out["diskretionering_graense"]
        if isinstance(g, bool) or not isinstance(g, int) or g < 1:
            fejl.append(f"Ugyldig grænse for diskretionering '{g}'. "
                        f"Grænsen skal være et helt tal på mindst 1 (standard 5).")
    if "beregning" in out and not isinstance(out["beregning"], str):
        fejl.append(f"Ugyldig værdi for beregning '{out['beregning']}': den sættes af 'helhedsanalyse render'; "
                    f"lad den være tom.")
    fund = out.get("fund")
    if fund:
        if not isinstance(fund, (str, os.PathLike)):
            fejl.append(f"Ugyldig værdi for fund '{fund}'. Angiv stien til en Markdown-fil (fx 'fund.md').")
        elif not Path(fund).is_file():
            fejl.append(f"Fundfilen findes ikke: {_sti(os.fspath(fund))}.")
        else:
            try:
                check_fund(os.fspath(fund), runde, plan)
            except ProblemsError as e:
                fejl.append(f"Fundfilen {os.fspath(fund)} kan ikke bruges:")
                fejl.extend(f"  {p}" for p in e.problems)
            except HelhedsanalyseError as e:
                fejl.append(f"Fundfilen {os.fspath(fund)} kan ikke bruges: {e}")
            out["fund"] = str(Path(fund).resolve())
    if fejl:
        raise ParameterError("\n".join(fejl))
    return out
