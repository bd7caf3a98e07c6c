"""One data file's cells, whatever its kind: CSV and Excel told apart by their content.

A workbook may be called ``.csv`` (read as Excel, with a note); an OLE container is the old ``.xls`` format
or a password-protected workbook whatever its name; ``.xls``, ``.ods`` and ``.numbers`` are refused with the
fix.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import FileReadError
from .csvfile import read_csv
from .excel import OLE_MAGIC, ole_problem, read_excel
from .folders import EXCEL_SUFFIXES, REFUSED_SUFFIXES
from .table import RawTable

__all__ = ["read_table"]


def read_table(path: Path, fil: str) -> RawTable:
    """The cells of a CSV or Excel file, told apart by their content (a workbook may be called .csv).

    Raises :class:`~helhedsanalyse.core.errors.FileReadError` (its message begins with ``fil``) for a file
    that is missing, unreadable, of a refused kind or beyond the limits.
    """
    if not path.exists():
        raise FileReadError(f"{fil}: filen findes ikke")
    if path.is_dir():
        raise FileReadError(f"{fil}: er en mappe, ikke en fil")
    try:
        with path.open("rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise FileReadError(f"{fil}: filen kan ikke læses ({exc.strerror or exc})") from None
    suffix = path.suffix.lower()
    if magic == OLE_MAGIC:  # .xls, or a password-protected workbook whatever its name
        raise ole_problem(path, fil)
    if suffix in REFUSED_SUFFIXES:
        raise FileReadError(f"{fil}: filen er {REFUSED_SUFFIXES[suffix]}, som ikke kan læses; gem den som "
                            "Excel-projektmappe (.xlsx) eller CSV")
    if suffix in EXCEL_SUFFIXES:
        return read_excel(path, fil)
    if magic.startswith(b"PK\x03\x04"):
        table = read_excel(path, fil)
        table.notes.insert(0, f"filen er en Excel-fil, selv om navnet ender på '{path.suffix}'; læst som Excel")
        return table
    return read_csv(path, fil)
