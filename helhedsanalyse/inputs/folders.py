"""Data folders: the one expansion of the files and folders a user gives, for every command.

>>> sorted(REFUSED_SUFFIXES), DATA_SUFFIXES
(['.numbers', '.ods', '.xls'], ('.csv', '.txt', '.tsv', '.xlsx', '.xlsm'))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem
from .fund import er_fundfil

__all__ = ["DATA_SUFFIXES", "EXCEL_SUFFIXES", "REFUSED_SUFFIXES", "DataPaths", "expand_data_paths"]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
#: What a data folder is read for: CSV text and Excel workbooks, and the formats that are refused with the
#: fix (so that a file saved in the wrong format in a data folder is named, not silently left out).
DATA_SUFFIXES = (".csv", ".txt", ".tsv", *EXCEL_SUFFIXES)
REFUSED_SUFFIXES = {
    ".xls": "i det gamle Excel-format (.xls)",
    ".ods": "et OpenDocument-regneark (.ods, fx fra LibreOffice)",
    ".numbers": "et Numbers-regneark (.numbers)",
}


@dataclass
class DataPaths:
    """The data files that paths given by the user stand for (:func:`expand_data_paths`).

    Attributes
    ----------
    files : every data file, in the order given, a folder's files sorted by name; paths that do not exist
        are kept (reading them gives the problem "filen findes ikke").
    notes : per path as given, what was left out (Excel's lock files, files of other kinds in a folder).
    problems : a folder without any data file, or no data file at all.
    """

    files: list[str]
    notes: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _lock_file_note(name: str) -> str:
    owner = name[2:]
    return (f"Excels låsefil '{name}' er sprunget over: den findes, mens '{owner}' er åben i Excel, så ændringer, "
            f"der ikke er gemt i '{owner}', er ikke med")


def expand_data_paths(paths: str | Path | Iterable[str | Path]) -> DataPaths:
    """The data files of ``paths`` (files or folders): the one expansion used by ``validate``, ``status``,
    ``render`` and ``lister``.

    A folder stands for its files whose names end in ``.csv``, ``.txt``, ``.tsv``, ``.xlsx`` or ``.xlsm``,
    and also ``.xls``, ``.ods`` and ``.numbers`` (refused when read, with the fix, rather than silently left
    out), and the evaluator's findings (``fund*.md``: :func:`helhedsanalyse.inputs.fund.er_fundfil`). Left
    out, with a note: Excel's lock files (``~$navn.xlsx``, which Excel keeps beside an open
    workbook) and other files; left out silently: hidden files (``.DS_Store``) and sub-folders. A folder
    without any data file is a problem (every command refuses it the same way), and so is a list of paths
    that comes to no data file at all.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out = DataPaths(files=[])
    given = [str(p) for p in paths]
    for p in given:
        path = Path(p)
        if path.is_dir():
            _expand_folder(p, path, out)
        elif path.name.startswith("~$") and path.is_file():
            out.notes.setdefault(p, []).append(_lock_file_note(path.name))
        else:
            out.files.append(p)
    if not out.files and not out.problems:
        out.problems.append(Problem(
            ", ".join(given) or "(ingen filer)",
            "ingen datafiler at læse; giv CSV- eller Excel-filer (.xlsx) eller mapper med dem",
        ))
    return out


def _expand_folder(p: str, path: Path, out: DataPaths) -> None:
    """Add the data files of the folder ``p`` to ``out``, with the notes and problems of the folder."""
    found, skipped, locks = [], [], []
    for f in sorted(path.iterdir(), key=lambda f: f.name):
        if not f.is_file() or f.name.startswith("."):
            continue
        if f.name.startswith("~$"):
            locks.append(f.name)
        elif f.suffix.lower() in DATA_SUFFIXES or f.suffix.lower() in REFUSED_SUFFIXES or er_fundfil(f, i_mappe=True):
            found.append(str(f))
        else:
            skipped.append(f.name)
    out.files.extend(found)
    for name in locks:
        out.notes.setdefault(p, []).append(_lock_file_note(name))
    if skipped and found:
        out.notes.setdefault(p, []).append(
            "andre filer i mappen er ikke læst: " + ", ".join(f"'{n}'" for n in skipped[:10])
            + (f" (+{len(skipped) - 10})" if len(skipped) > 10 else "")
        )
    if not found:
        what = f"; kun {', '.join(repr(n) for n in (locks + skipped)[:5])}" if locks or skipped else ""
        out.problems.append(Problem(
            p, f"mappen indeholder ingen datafiler (CSV eller Excel .xlsx){what}. Læg tallene i mappen, "
               "eller giv filerne direkte",
        ))
