"""The cells of one data file as read, before they are interpreted (:class:`RawTable`), and what every
reader and the interpreter ask of a row.

>>> is_blank("  "), is_comment([None, "# en kommentar", 3]), excel_column(27)
(True, True, 'AB')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import Problem


@dataclass
class RawTable:
    """The cells of one file: (row as seen in Excel, cells) for every row that holds something.

    CSV: every line, in order. Excel: only the rows with a value, in order (empty rows and the declared
    size of the sheet play no part, so a formatted empty cell at XFD1048576 costs nothing).
    """

    rows: list[tuple[int, list[Any]]]
    excel: bool
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    separator: str | None = None
    #: Excel: merged ranges as (first row, first column index, last row, last column index, "A2:A4").
    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    #: Excel: (row, column index) of number cells formatted as a percentage (Excel stores 72,4 % as 0,724).
    percent: set[tuple[int, int]] = field(default_factory=set)
    #: Excel: (row, column index) -> number format of date cells ("yyyy", "dd-mm-yyyy").
    dates: dict[tuple[int, int], str] = field(default_factory=dict)
    #: Excel: rows hidden in Excel, and those of them hidden by a filter.
    hidden_rows: set[int] = field(default_factory=set)
    filtered_rows: set[int] = field(default_factory=set)
    #: Excel: column indexes hidden in Excel.
    hidden_columns: set[int] = field(default_factory=set)
    #: CSV: (row, column index, first line, last line) of quoted fields that run over several lines.
    multiline: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: CSV: the same for a field whose quote is never closed (it runs to the end of the file).
    unclosed: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class FormulaWithoutResult:
    """An Excel cell holding a formula whose result the file does not store (never calculated by Excel)."""

    formula: str

    def __str__(self) -> str:
        return self.formula


def is_blank(cell: Any) -> bool:
    """An empty cell: None, NaN, or only white space."""
    return cell is None or (isinstance(cell, str) and cell.strip() == "") or (
        isinstance(cell, float) and math.isnan(cell)
    )


def is_comment(cells: list[Any]) -> bool:
    """A comment row: its first filled cell starts with ``#``."""
    for cell in cells:
        if not is_blank(cell):
            return isinstance(cell, str) and cell.lstrip().startswith("#")
    return False


def excel_column(i: int) -> str:
    """The letter of the column with index ``i`` (0 -> A), as Excel names it."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)
