"""Observations: read the evaluator's CSV and Excel files into one tidy, validated table.

The data contract is in ``DESIGN.md`` ("The data contract"): one row per (område, indikator, periode) with
the value in the indicator's unit, optionally the numerator and denominator behind it, a source and a note.

:func:`load_observations` returns the tidy table or raises :class:`~helhedsanalyse.core.errors.DataValidationError`
with *every* problem of *every* file. :func:`validate_files` returns the same problems in a
:class:`ValidationReport` instead of raising. :func:`read_observation_file` reads one file and also returns
notes of what was interpreted. The user's files are only read, never written.

What a file may look like
-------------------------
* **Format.** ``.xlsx``/``.xlsm`` (the sheet named ``Data`` if there is one, else the first *visible* sheet:
  a hidden sheet is never read in place of the one the user sees; a workbook saved under a ``.csv`` name
  is read as Excel, with a note) or CSV text (any other extension). CSV: UTF-8 with or without BOM
  (Windows-1252 and UTF-16 are read too, with a note; a file mixing UTF-8 and Windows-1252 is refused);
  only CR, LF and CRLF end a line; the separator (``,``, ``;`` or tab) is taken from the header line; the
  decimal mark (``72,4`` or ``72.4``) from the numbers themselves. A file that mixes decimal comma and
  decimal point is refused.
* **Excel cells.** A formula counts with the result Excel stored (noted); a formula without a stored result
  is refused (it would look empty). A text cell merged over several rows (an area name, a period) applies
  to each row (noted); a number merged over several rows is refused. Number formats count as Excel shows
  them: a cell formatted as a percentage (Excel stores "72,4 %" as 0,724) is that percentage where the
  indicator's unit is pct (noted) and refused elsewhere; a date in ``periode`` that Excel shows as a year
  (format ``yyyy``) is that year (noted), any other date is refused. Rows hidden in Excel, by hand or by a
  filter, and hidden columns are read like the others and named in a note (a filter is a view, not a
  deletion). Only the cells that hold something are read: a sheet's declared size plays no part.
* **Not read, with the fix.** A password-protected workbook (an encrypted OLE container, whatever its
  name), the old ``.xls`` format, OpenDocument ``.ods`` and Numbers files, a zip file that is no workbook.
* **Limits** (:mod:`helhedsanalyse.inputs.limits`). At most ``MAX_ROWS`` rows per file, a CSV file of at
  most ``MAX_CSV_BYTES``, a workbook whose parts unpack to at most ``MAX_EXCEL_UNPACKED_BYTES`` (read from
  the zip directory before anything is unpacked, so a zip bomb costs nothing); beyond them the file is
  refused with the limit.
* **CSV structure.** A quote that never closes, a quoted field that holds what looks like rows, a field
  longer than an Excel cell (32.767 characters), a row with more fields than the header, and a row with
  fewer fields where a value may have moved to the wrong column are each refused with the row; a row
  that only leaves out empty fields at the end is read (noted). See
  :func:`~helhedsanalyse.inputs.csvfile.csv_structure`.
* **Folders.** :func:`~helhedsanalyse.inputs.folders.expand_data_paths` is the one expansion of files and
  folders for every command.
* **Header row.** The header is the first non-empty row, after any leading comment rows (rows whose first
  cell starts with ``#``), provided it holds at least two known column names. Otherwise the header is the
  first row whose first filled cell is ``omraade``/``område``: the rows above it are an instructions block
  and are skipped (the data-entry template from :mod:`helhedsanalyse.inputs.template` uses this). Without such a
  row the file is refused. Rows starting with ``#`` below the header are comments, too.
* **Columns.** ``omraade``/``område``, ``indikator``, ``periode``, ``vaerdi``/``værdi`` (required; may be
  absent when ``taeller`` and ``naevner`` are both present), ``taeller``/``tæller``,
  ``naevner``/``nævner``, ``kilde``, ``note``. Case, white space and Unicode form (NFC/NFD) are ignored.
  The baseline columns in :data:`~helhedsanalyse.inputs.contract.SILENT_COLUMNS` are accepted silently;
  other columns are ignored with a note.
* **Rows.** Empty rows, and rows with neither ``vaerdi`` nor ``taeller``/``naevner`` (e.g. rows of the
  template nobody filled in), are skipped. Identical rows are kept once, with a note.
* **Values.** Areas and indicators by id, name or alias (:attr:`Plan.sted_alias`,
  :attr:`Plan.indikator_alias`); periods ``2018``, ``2018Q3`` (or Danish ``2018K3``), ``2019H1``; numbers
  with decimal comma or point, stored as text in Excel, with a trailing ``%`` for a share. A share between
  0 and 1 without ``%`` where the unit is per cent (``0,724`` for 72,4 %) is refused, unless tæller/nævner
  confirm it.

Where each phase lives
----------------------
:mod:`~helhedsanalyse.inputs.folders` (files and folders), :mod:`~helhedsanalyse.inputs.reading` (CSV or
Excel, by content), :mod:`~helhedsanalyse.inputs.csvfile`, :mod:`~helhedsanalyse.inputs.excel`,
:mod:`~helhedsanalyse.inputs.interpret` (one file's cells -> rows of the contract),
:mod:`~helhedsanalyse.inputs.schema` (the column rules), :mod:`helhedsanalyse.core.numbers` (numbers);
here: the rows of all files together (repeated rows) and the public functions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..core.errors import DataValidationError, FileReadError, Problem
from ..core.formatting import antal_tekst, format_tal_kort
from ..plan.model import Kriterium, Plan, load_plan
from .contract import OBSERVATION_KOLONNER, empty_observations, parse_period
from .folders import DataPaths, expand_data_paths
from .interpret import FileResult, Resolver, interpret_file

__all__ = [
    "OBSERVATION_COLUMNS",
    "DataPaths",
    "ValidationReport",
    "criteria_with_data",
    "empty_observations",
    "expand_data_paths",
    "load_observations",
    "parse_period",
    "read_observation_file",
    "summarise",
    "validate_files",
]

#: The columns of the tidy table, in this order (the contract's :data:`~.contract.OBSERVATION_KOLONNER`).
OBSERVATION_COLUMNS: tuple[str, ...] = tuple(OBSERVATION_KOLONNER)


# --------------------------------------------------------------------------- repeated rows


def _duplicates(
    frame: pd.DataFrame, on_conflict: Literal["error", "keep"]
) -> tuple[pd.DataFrame, list[Problem], dict[str, list[str]]]:
    """Identical rows are kept once (with a note); rows with the same key and different values are problems.

    Each later row is compared with the first row of its (område, indikator, periode), in file order;
    vectorised, so that a file of many repeated rows costs no more than one of distinct rows.
    """
    problems: list[Problem] = []
    notes: dict[str, list[str]] = {}
    if frame.empty:
        return frame, problems, notes
    keys = ["omraade", "indikator", "periode"]
    later = frame.duplicated(keys, keep="first").to_numpy()
    if not later.any():
        return frame, problems, notes
    group = frame.groupby(keys, sort=False).ngroup().to_numpy()
    _, first_pos = np.unique(group, return_index=True)  # the first row of group g is at first_pos[g]
    ref = first_pos[group]
    values = frame[["vaerdi", "taeller", "naevner"]].to_numpy(dtype=float)
    a, b = values, values[ref]
    same_cell = (np.isnan(a) & np.isnan(b)) | np.isclose(a, b, rtol=1e-9, atol=1e-9)
    same = same_cell.all(axis=1)
    fil = frame["fil"].to_numpy()
    raekke = frame["raekke"].to_numpy()
    omraade, indikator, periode = (frame[k].to_numpy() for k in keys)
    vaerdi = values[:, 0]
    drop: list[int] = []
    index = frame.index.to_numpy()
    for pos in np.flatnonzero(later):
        f = ref[pos]
        where = f"række {raekke[f]}" if fil[pos] == fil[f] else f"{fil[f]}, række {raekke[f]}"
        if same[pos]:
            notes.setdefault(fil[pos], []).append(
                f"række {raekke[pos]} er magen til {where} og er kun taget med én gang"
            )
            drop.append(index[pos])
        elif on_conflict == "keep":
            notes.setdefault(fil[pos], []).append(
                f"række {raekke[pos]}: samme område, indikator og periode som {where}, men en anden værdi; "
                "begge er beholdt"
            )
        else:
            problems.append(
                Problem(
                    fil[pos],
                    f"samme område ({omraade[pos]}), indikator ({indikator[pos]}) og periode "
                    f"({periode[pos]}) som {where}, men en anden værdi ({format_tal_kort(vaerdi[pos])} mod "
                    f"{format_tal_kort(vaerdi[f])}); der må kun være én række pr. område, indikator og periode – "
                    "ret eller slet den forkerte",
                    raekke=int(raekke[pos]),
                    vaerdi=None,
                )
            )
            drop.append(index[pos])
    if drop:
        frame = frame.drop(index=drop)
    return frame, problems, notes


# --------------------------------------------------------------------------- public functions


@dataclass
class ValidationReport:
    """What :func:`validate_files` found.

    Attributes
    ----------
    files : the files read, as given (directories expanded).
    data : the valid rows as a tidy table (columns :data:`OBSERVATION_COLUMNS`); rows with problems left out.
    problems : every problem of every file, in file and row order.
    notes : per file, what was interpreted ("decimalkomma fortolket", "'Ringparken' tolket som 'ringparken'").
    """

    files: list[str]
    data: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def raise_for_problems(self) -> None:
        """Raise :class:`DataValidationError` with every problem, if there are any."""
        if self.problems:
            n_files = len({p.fil for p in self.problems})
            raise DataValidationError(
                self.problems,
                summary=f"{antal_tekst(len(self.problems), 'problem', 'problemer')}"
                        f" i {antal_tekst(n_files, 'fil', 'filer')}; intet er indlæst",
            )


def validate_files(
    paths: str | Path | Iterable[str | Path],
    plan: Plan | None = None,
    *,
    on_conflict: Literal["error", "keep"] = "error",
) -> ValidationReport:
    """Read and check every file; never raises for bad content or unreadable files.

    Parameters
    ----------
    paths : CSV or Excel files, or folders (every ``.csv``/``.xlsx`` in them).
    plan : the plan (default :func:`~helhedsanalyse.plan.load_plan`).
    on_conflict : ``"error"`` (default): two rows for the same område, indikator and periode with different
        values are a problem; ``"keep"``: both rows are kept, with a note (for transcribed sources that
        print two figures for the same thing, such as the plan's own baseline).

    Returns
    -------
    ValidationReport
        ``data`` has the columns of :func:`load_observations`; ``problems`` every problem at once.
    """
    if plan is None:
        plan = load_plan()
    resolver = Resolver(plan)
    expanded = expand_data_paths(paths)
    files = expanded.files
    problems: list[Problem] = list(expanded.problems)
    notes: dict[str, list[str]] = {p: list(n) for p, n in expanded.notes.items()}
    frames: list[pd.DataFrame] = []
    for fil in files:
        result = _interpret_or_problem(fil, plan, resolver)
        if isinstance(result, Problem):
            problems.append(result)
            continue
        notes[fil] = result.notes
        problems.extend(result.problems)
        if not result.frame.empty:
            frames.append(result.frame)
    data = pd.concat(frames, ignore_index=True) if frames else empty_observations()
    data, dup_problems, dup_notes = _duplicates(data, on_conflict)
    for fil, extra in dup_notes.items():
        notes.setdefault(fil, []).extend(extra)
    problems.extend(dup_problems)
    order = {fil: i for i, fil in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.fil, len(order)), p.raekke if p.raekke is not None else -1))
    data = data.reset_index(drop=True)[OBSERVATION_KOLONNER]
    return ValidationReport(files=files, data=data, problems=problems, notes=notes)


def _interpret_or_problem(fil: str, plan: Plan, resolver: Resolver) -> FileResult | Problem:
    """One file interpreted, or the one problem that it cannot be read (an unexpected error included: one
    file's error must not hide the other files' problems; ``HELHEDSANALYSE_DEBUG`` raises it)."""
    try:
        return interpret_file(Path(fil), fil, plan, resolver)
    except FileReadError as exc:
        message = str(exc)
        prefix = f"{fil}: "
        return Problem(fil, message[len(prefix):] if message.startswith(prefix) else message)
    except MemoryError:
        return Problem(fil, "filen er for stor til at blive læst; del den op i flere filer")
    except Exception as exc:  # noqa: BLE001 - one file's unexpected error must not hide the others' problems
        if os.environ.get("HELHEDSANALYSE_DEBUG"):
            raise
        return Problem(
            fil, f"filen kunne ikke læses på grund af en fejl i helhedsanalyse ({type(exc).__name__}: {exc}); de "
                 "andre filer er kontrolleret. Send filen til den, der vedligeholder værktøjet",
        )


def load_observations(
    paths: str | Path | Iterable[str | Path],
    plan: Plan | None = None,
    *,
    on_conflict: Literal["error", "keep"] = "error",
) -> pd.DataFrame:
    """Load observation files (CSV or Excel) into one tidy table.

    Parameters
    ----------
    paths : one path or several; folders are read file by file (``.csv``, ``.xlsx``).
    plan : the plan (default :func:`~helhedsanalyse.plan.load_plan`).
    on_conflict : see :func:`validate_files`.

    Returns
    -------
    pandas.DataFrame
        One row per (område, indikator, periode), columns in this order:

        ``omraade`` (str) area or reference geography id (``motalavej`` ... ``samlet``, ``sub``,
        ``danmark``, ``slagelse_kommune``, ``politikreds``);
        ``indikator`` (str) indicator id;
        ``periode`` (str) ``"2018"``, ``"2018Q3"`` or ``"2019H1"``;
        ``aar`` (int); ``delperiode`` (str) ``""``, ``"Q1"``-``"Q4"``, ``"H1"``/``"H2"``;
        ``vaerdi`` (float) in the indicator's unit, computed from taeller/naevner when left empty
        (pct: 100·t/n, pr_1000: 1000·t/n, other units: t/n);
        ``taeller``, ``naevner`` (float, NaN when absent); ``kilde``, ``note`` (str, "" when absent);
        ``illustrativ`` (bool) the file name, kilde or note says "illustrativ";
        ``fil`` (str) the path as given; ``raekke`` (int) the row as seen in Excel.

    Raises
    ------
    DataValidationError
        with every problem of every file (a file that cannot be read is one problem, too).
    """
    report = validate_files(paths, plan, on_conflict=on_conflict)
    report.raise_for_problems()
    return report.data


def read_observation_file(
    path: str | Path,
    plan: Plan | None = None,
    *,
    on_conflict: Literal["error", "keep"] = "error",
) -> tuple[pd.DataFrame, list[str]]:
    """Read one file: the tidy table (as :func:`load_observations`) and notes of what was interpreted.

    Raises
    ------
    FileReadError
        the file is missing or is neither CSV nor Excel.
    DataValidationError
        with every problem in the file.
    """
    if plan is None:
        plan = load_plan()
    fil = str(path)
    result = interpret_file(Path(path), fil, plan, Resolver(plan))
    data, dup_problems, dup_notes = _duplicates(result.frame, on_conflict)
    problems = sorted(result.problems + dup_problems, key=lambda p: p.raekke if p.raekke is not None else -1)
    if problems:
        raise DataValidationError(problems, summary=f"{antal_tekst(len(problems), 'problem', 'problemer')}"
                                               f" i {fil}; intet er indlæst")
    notes = result.notes + dup_notes.get(fil, [])
    return data.reset_index(drop=True)[OBSERVATION_KOLONNER], notes


def criteria_with_data(frame: pd.DataFrame, plan: Plan | None = None) -> list[tuple[Kriterium, list[str]]]:
    """The quantitative criteria that have data: (criterion, its areas with at least one row), plan order.

    A criterion has data when ``frame`` has at least one row with its indicator for one of its areas.
    ``samlet`` has data when it is given directly, or when one of the four areas has data for an
    indicator that is aggregated (``Indikator.samlet`` is ``sum`` or ``ratio``): samlet is then
    recomputed from the areas.
    """
    if plan is None:
        plan = load_plan()
    present = set(zip(frame["omraade"], frame["indikator"], strict=True))
    four = [o for o in plan.omraade_ids if o != "samlet"]
    for ind in set(frame["indikator"]):
        if ind in plan.indikator and plan.indikator[ind].samlet != "ingen" and any((o, ind) in present for o in four):
            present.add(("samlet", ind))
    out = []
    for k in plan.kriterier:
        if k.kvalitativ or k.indikator is None:
            continue
        areas = [o for o in k.omraader if (o, k.indikator) in present]
        if areas:
            out.append((k, areas))
    return out


def summarise(frame: pd.DataFrame) -> dict[str, Any]:
    """Counts for a summary: rows, areas, indicators, periods (each sorted), illustrative rows."""
    return {
        "raekker": int(len(frame)),
        "omraader": sorted(set(frame["omraade"])),
        "indikatorer": sorted(set(frame["indikator"])),
        "perioder": sorted(set(frame["periode"]), key=lambda p: (p[:4], p[4:])),
        "illustrative": int(frame["illustrativ"].sum()) if len(frame) else 0,
    }
