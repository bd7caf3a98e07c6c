"""Reading numbers as people write them: the one number parser of every input.

A cell may hold a number (Excel), or a text with a decimal comma or point, thousands separators, a
leading minus (also U+2212 and the en dash) and a trailing ``%``. :func:`parse_number` reads one cell
given the file's decimal mark (``"komma"``, ``"punktum"`` or ``None`` when the file does not show it);
:func:`decimal_kind` tells which mark a text shows. :func:`parse_dansk_tal` reads a figure as printed
in a Danish document (the plan's baseline tables) with the same rules, the decimal mark being the comma.

>>> parse_number("72,4", "komma").value
72.4
>>> parse_number("1.234,5", "komma").value, parse_number("1,234.5", "punktum").value
(1234.5, 1234.5)
>>> n = parse_number("100 %", None)
>>> n.value, n.percent
(100.0, True)
>>> parse_number("\u22123", None).value
-3.0
>>> parse_number("", None).error == NOT_A_NUMBER
True
>>> parse_number("1.250", None).error.startswith("tvetydigt tal")
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["NOT_A_NUMBER", "ParsedNumber", "clean_number_text", "decimal_kind", "parse_dansk_tal", "parse_number"]

#: The decimal mark of a file: ``"komma"`` (72,4), ``"punktum"`` (72.4), or None when unknown.
DecimalMark = Literal["komma", "punktum"]

_INT_RE = re.compile(r"^[+-]?\d+$")
_THOUSANDS_DOT_RE = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")  # 1.250: Danish thousands or 1,25?
_THOUSANDS_COMMA_RE = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+$")  # 1,250: English thousands or 1,25?
_DEC_COMMA_RE = re.compile(r"^[+-]?(\d+|[1-9]\d{0,2}(\.\d{3})+)?,\d+$")
_DEC_POINT_RE = re.compile(r"^[+-]?(\d+|[1-9]\d{0,2}(,\d{3})+)?\.\d+$")
_SPACE_GROUPS_RE = re.compile(r"^[+-]?[1-9]\d{0,2}( \d{3})+([.,]\d+)?$")

#: The problem of a cell that is no number, in the user's words.
NOT_A_NUMBER = "ikke et tal; skriv et tal som 72,4 eller 72.4, eller lad feltet stå tomt"


def clean_number_text(text: str) -> str:
    """The text with minus signs made ``-`` and the spaces of digit groups removed.

    >>> clean_number_text(" \u22121\u00a0250,5 ")
    '-1250,5'
    """
    text = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    for space in ("\u00a0", "\u202f", "\u2009"):
        text = text.replace(space, " ")
    if _SPACE_GROUPS_RE.match(text):
        text = text.replace(" ", "")
    return text


def decimal_kind(text: str) -> DecimalMark | None:
    """``"komma"`` or ``"punktum"`` when ``text`` shows the decimal mark unambiguously, else None.

    >>> decimal_kind("72,4"), decimal_kind("1,234.5"), decimal_kind("1.250"), decimal_kind("7")
    ('komma', 'punktum', None, None)
    """
    if _THOUSANDS_DOT_RE.match(text) or _THOUSANDS_COMMA_RE.match(text):
        return None
    if _DEC_COMMA_RE.match(text):
        return "komma"
    if _DEC_POINT_RE.match(text):
        return "punktum"
    return None


@dataclass
class ParsedNumber:
    """One cell read as a number: the value, or the problem (``error``), and what was interpreted."""

    value: float | None = None
    percent: bool = False  # a trailing % was removed
    text: bool = False  # a number stored as text (Excel)
    thousands: bool = False  # a thousands separator was read
    error: str | None = None


def parse_number(cell: Any, decimal: DecimalMark | str | None, is_text_cell: bool = False) -> ParsedNumber:
    """Read one cell; ``decimal`` is the file's decimal mark (None: unknown, so "1.250" is ambiguous).

    Numbers (not booleans, not NaN or infinity) are taken as they are. A text is cleaned
    (:func:`clean_number_text`), a trailing ``%`` is noted in ``percent``, and the number is read with the
    file's decimal mark where the text alone does not show it.

    >>> parse_number("1.250", "komma").value, parse_number("1.250", "punktum").value
    (1250.0, 1.25)
    >>> parse_number(True, None).error == NOT_A_NUMBER
    True
    """
    if isinstance(cell, bool):
        return ParsedNumber(error=NOT_A_NUMBER)
    if isinstance(cell, (int, float)):
        if isinstance(cell, float) and not math.isfinite(cell):
            return ParsedNumber(error=NOT_A_NUMBER)
        return ParsedNumber(value=float(cell))
    if not isinstance(cell, str):
        return ParsedNumber(error=NOT_A_NUMBER)
    text = clean_number_text(cell)
    out = ParsedNumber(text=is_text_cell)
    if text.endswith("%"):
        out.percent = True
        text = text[:-1].rstrip()
    if _INT_RE.match(text):
        out.value = float(text)
    elif _THOUSANDS_DOT_RE.match(text) or _THOUSANDS_COMMA_RE.match(text):
        _read_grouped(text, cell, decimal, out)
    elif _DEC_COMMA_RE.match(text):
        out.value = float(text.replace(".", "").replace(",", "."))
        out.thousands = "." in text
    elif _DEC_POINT_RE.match(text):
        out.value = float(text.replace(",", ""))
        out.thousands = "," in text
    else:
        out.error = NOT_A_NUMBER
    return out


def _read_grouped(text: str, cell: str, decimal: str | None, out: ParsedNumber) -> None:
    """'1.250' or '1,250': thousands or decimals, decided by the file's decimal mark."""
    if decimal is None:
        out.error = (
            f"tvetydigt tal: '{cell.strip()}' kan både være et decimaltal og et tal med tusindtalsseparator; "
            "skriv det uden tusindtalsseparator (fx 1250 eller 1,25)"
        )
        return
    if (decimal == "komma") == ("." in text):
        out.thousands = True
        out.value = float(text.replace(".", "").replace(",", ""))
    else:
        out.value = float(text.replace(",", "."))


_UNIT_WORDS = re.compile(r"\s*(%|pct\.?|procent)\s*$", re.IGNORECASE)
_DANISH_FORM = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$|^[+-]?\d+\.\d+$")


def parse_dansk_tal(text: str | float | int) -> float:
    """Read a figure as printed in a Danish document.

    Parameters
    ----------
    text : str or number
        The printed figure, e.g. ``"58,3 %"``, ``"19,88%"``, ``"1.250"``, ``"236,9"``, ``"88 procent"``.
        A trailing ``%``, ``pct.`` or ``procent`` is ignored; so is white space (also inside the number,
        as in ``"1 250"``).

    Returns
    -------
    float
        The number.

    Raises
    ------
    ValueError
        If the text is not a number.

    Notes
    -----
    :func:`parse_number` with the decimal comma: a dot followed by exactly three digits is a thousands
    separator (``"1.250"`` -> 1250, ``"12.345,6"`` -> 12345.6); any other single dot is read as a decimal
    point, because the plan (and the reference sources) sometimes print one: ``"1.3 %"`` -> 1.3. Only the
    Danish forms are accepted (not ``"1,234.5"``).

    Examples
    --------
    >>> parse_dansk_tal("58,3 %"), parse_dansk_tal("1.250"), parse_dansk_tal("19,88%"), parse_dansk_tal("\u22123")
    (58.3, 1250.0, 19.88, -3.0)
    """
    if isinstance(text, bool):
        raise ValueError(f"'{text}' er ikke et tal")
    if isinstance(text, float) and not math.isfinite(text):
        raise ValueError(f"'{text}' er ikke et endeligt tal")
    if isinstance(text, (int, float)):
        return float(text)
    raw = str(text)
    s = raw.replace("\u00a0", " ").replace("\u2212", "-").strip()
    s = re.sub(r"\s+", "", _UNIT_WORDS.sub("", s).strip())
    number = parse_number(s, "komma")
    if number.value is None or not _DANISH_FORM.match(s):
        raise ValueError(f"'{raw}' er ikke et tal (forventet fx '58,3 %', '1.250' eller '236,9')")
    return number.value
