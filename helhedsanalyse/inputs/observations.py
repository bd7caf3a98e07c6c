"""Observations: read the evaluator's CSV and Excel files into one tidy, validated table.

The data contract is in ``DESIGN.md`` ("The data contract"): one row per (område, indikator, periode) with
the value in the indicator's unit, optionally the numerator and denominator behind it, a source and a note.

:func:`load_observations` returns the tidy table or raises :class:`~helhedsanalyse.errors.DataValidationError`
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
* **Limits.** At most :data:`MAX_ROWS` rows per file, a CSV file of at most :data:`MAX_CSV_BYTES`, a workbook
  whose parts unpack to at most :data:`MAX_EXCEL_UNPACKED_BYTES` (read from the zip directory before
  anything is unpacked, so a zip bomb costs nothing); beyond them the file is refused with the limit.
* **CSV structure.** A quote that never closes, a quoted field that holds what looks like rows, a field
  longer than an Excel cell (32.767 characters), a row with more fields than the header, and a row with
  fewer fields where a value may have moved to the wrong column are each refused with the row; a row
  that only leaves out empty fields at the end is read (noted). See :func:`_csv_structure`.
* **Folders.** :func:`expand_data_paths` is the one expansion of files and folders for every command.
* **Header row.** The header is the first non-empty row, after any leading comment rows (rows whose first
  cell starts with ``#``), provided it holds at least two known column names. Otherwise the header is the
  first row whose first filled cell is ``omraade``/``område``: the rows above it are an instructions block
  and are skipped (the data-entry template from :mod:`helhedsanalyse.template` uses this). Without such a
  row the file is refused. Rows starting with ``#`` below the header are comments, too.
* **Columns.** ``omraade``/``område``, ``indikator``, ``periode``, ``vaerdi``/``værdi`` (required; may be
  absent when ``taeller`` and ``naevner`` are both present), ``taeller``/``tæller``,
  ``naevner``/``nævner``, ``kilde``, ``note``. Case, white space and Unicode form (NFC/NFD) are ignored.
  The baseline columns in :data:`SILENT_COLUMNS` are accepted silently; other columns are ignored with a
  note.
* **Rows.** Empty rows, and rows with neither ``vaerdi`` nor ``taeller``/``naevner`` (e.g. rows of the
  template nobody filled in), are skipped. Identical rows are kept once, with a note.
* **Values.** Areas and indicators by id, name or alias (:attr:`Plan.sted_alias`,
  :attr:`Plan.indikator_alias`); periods ``2018``, ``2018Q3`` (or Danish ``2018K3``), ``2019H1``; numbers
  with decimal comma or point, stored as text in Excel, with a trailing ``%`` for a share. A share between
  0 and 1 without ``%`` where the unit is per cent (``0,724`` for 72,4 %) is refused, unless tæller/nævner
  confirm it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import itertools
import math
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ..core.errors import DataValidationError, FileReadError, Problem
from ..plan.model import normalise_name

if TYPE_CHECKING:  # pragma: no cover
    from ..plan.model import Kriterium, Plan

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
    "validate_files",
]

#: The columns of the tidy table, in this order.
OBSERVATION_COLUMNS: tuple[str, ...] = (
    "omraade",
    "indikator",
    "periode",
    "aar",
    "delperiode",
    "vaerdi",
    "taeller",
    "naevner",
    "kilde",
    "note",
    "illustrativ",
    "fil",
    "raekke",
)

#: Header spellings (after :func:`normalise_name`) -> canonical column.
HEADER_NAMES: dict[str, str] = {
    "omraade": "omraade",
    "område": "omraade",
    "omrade": "omraade",
    "indikator": "indikator",
    "periode": "periode",
    "vaerdi": "vaerdi",
    "værdi": "vaerdi",
    "taeller": "taeller",
    "tæller": "taeller",
    "naevner": "naevner",
    "nævner": "naevner",
    "kilde": "kilde",
    "note": "note",
}

#: Columns of the contract, and how messages name them when the file does not have them.
DANISH_NAMES: dict[str, str] = {
    "omraade": "område",
    "indikator": "indikator",
    "periode": "periode",
    "vaerdi": "værdi",
    "taeller": "tæller",
    "naevner": "nævner",
    "kilde": "kilde",
    "note": "note",
}

#: Extra columns accepted without a note: the baseline files' columns (data/baseline/README.md) and the
#: template's information columns.
SILENT_COLUMNS: frozenset[str] = frozenset(
    {"trykt", "kvalifikator", "afsnit", "enhed_note", "omraader", "enhed", "indikatornavn", "omraadenavn"}
)

#: Units whose values cannot be negative.
NON_NEGATIVE_UNITS: frozenset[str] = frozenset({"antal", "fuldtidspersoner", "uger", "dage", "pr_1000"})

#: Units for which the numerator is part of the denominator (taeller <= naevner).
FRACTION_UNITS: frozenset[str] = frozenset({"pct", "pr_1000"})

#: Accepted years. The plan's own data run 2011-2021.
AAR_MIN, AAR_MAX = 2010, 2030

PERIOD_FORMS = "et år (fx 2018), et kvartal (2018Q3 eller 2018K3) eller et halvår (2019H1)"
_PERIOD_RE = re.compile(r"^(\d{4})(?:([QK])([1-4])|(H)([12]))?$")

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
#: What a data folder is read for: CSV text and Excel workbooks, and the formats that are refused with the
#: fix (so that a file saved in the wrong format in a data folder is named, not silently left out).
DATA_SUFFIXES = (".csv", ".txt", ".tsv", *EXCEL_SUFFIXES)
REFUSED_SUFFIXES = {
    ".xls": "i det gamle Excel-format (.xls)",
    ".ods": "et OpenDocument-regneark (.ods, fx fra LibreOffice)",
    ".numbers": "et Numbers-regneark (.numbers)",
}
_DATA_SHEET = "data"

#: Limits of one file (README, "What the package accepts"): beyond them a file is refused with a message
#: instead of being read slowly or filling the memory. The shipped plan allows 100.548 distinct rows (9 places
#: × 76 indicators × 147 periods), so a valid file has at most that many; the limits leave room for
#: comments, template rows and repeated rows. Measured on the 2-core machine: a CSV file at both limits
#: validates in about 9 s and 0,5 GB, an Excel file of 150.000 rows in about 13 s (README, "Limits").
MAX_ROWS = 150_000
MAX_CSV_BYTES = 40_000_000
#: An .xlsx is a zip file: the sizes its directory declares for the unpacked parts are checked before
#: anything is unpacked (a "zip bomb" of 1 MB can unpack to many GB).
MAX_EXCEL_UNPACKED_BYTES = 150_000_000
#: A cell in Excel holds at most this many characters; a longer CSV field cannot be what the user sees.
EXCEL_CELL_CHARS = 32_767

# --------------------------------------------------------------------------- numbers

_INT_RE = re.compile(r"^[+-]?\d+$")
_THOUSANDS_DOT_RE = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")  # 1.250: Danish thousands or 1,25?
_THOUSANDS_COMMA_RE = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+$")  # 1,250: English thousands or 1,25?
_DEC_COMMA_RE = re.compile(r"^[+-]?(\d+|[1-9]\d{0,2}(\.\d{3})+)?,\d+$")
_DEC_POINT_RE = re.compile(r"^[+-]?(\d+|[1-9]\d{0,2}(,\d{3})+)?\.\d+$")
_SPACE_GROUPS_RE = re.compile(r"^[+-]?[1-9]\d{0,2}( \d{3})+([.,]\d+)?$")

NOT_A_NUMBER = "ikke et tal; skriv et tal som 72,4 eller 72.4, eller lad feltet stå tomt"


def _clean_number_text(text: str) -> str:
    text = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    for space in ("\u00a0", "\u202f", "\u2009"):
        text = text.replace(space, " ")
    if _SPACE_GROUPS_RE.match(text):
        text = text.replace(" ", "")
    return text


def _decimal_kind(text: str) -> str | None:
    """'komma' or 'punktum' when ``text`` shows the decimal mark unambiguously, else None."""
    if _THOUSANDS_DOT_RE.match(text) or _THOUSANDS_COMMA_RE.match(text):
        return None
    if _DEC_COMMA_RE.match(text):
        return "komma"
    if _DEC_POINT_RE.match(text):
        return "punktum"
    return None


@dataclass
class _Number:
    value: float | None = None
    percent: bool = False
    text: bool = False  # a number stored as text (Excel)
    thousands: bool = False
    error: str | None = None


def _parse_number(cell: Any, decimal: str | None, is_text_cell: bool) -> _Number:
    """Parse one cell. ``decimal`` is the file's decimal mark ('komma', 'punktum' or None if unknown)."""
    if isinstance(cell, bool):
        return _Number(error=NOT_A_NUMBER)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if isinstance(cell, float) and not math.isfinite(cell):
            return _Number(error=NOT_A_NUMBER)
        return _Number(value=float(cell))
    if not isinstance(cell, str):
        return _Number(error=NOT_A_NUMBER)
    text = _clean_number_text(cell)
    out = _Number(text=is_text_cell)
    if text.endswith("%"):
        out.percent = True
        text = text[:-1].rstrip()
    if _INT_RE.match(text):
        out.value = float(text)
        return out
    if _THOUSANDS_DOT_RE.match(text) or _THOUSANDS_COMMA_RE.match(text):
        dot = "." in text
        if decimal is None:
            out.error = (
                f"tvetydigt tal: '{cell.strip()}' kan både være et decimaltal og et tal med tusindtalsseparator; "
                "skriv det uden tusindtalsseparator (fx 1250 eller 1,25)"
            )
            return out
        grouping = (decimal == "komma") == dot
        if grouping:
            out.thousands = True
            out.value = float(text.replace(".", "").replace(",", ""))
        else:
            out.value = float(text.replace(",", "."))
        return out
    if _DEC_COMMA_RE.match(text):
        out.value = float(text.replace(".", "").replace(",", "."))
        out.thousands = "." in text
        return out
    if _DEC_POINT_RE.match(text):
        out.value = float(text.replace(",", ""))
        out.thousands = "," in text
        return out
    out.error = NOT_A_NUMBER
    return out


def _fmt(x: float) -> str:
    """A number the Danish way, for messages: 72,4; 1250; 0,333."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.6g}".replace(".", ",")


# --------------------------------------------------------------------------- periods


def parse_period(value: Any) -> tuple[str, int, str] | None:
    """``(periode, aar, delperiode)`` for a period cell, or None if it is not a period.

    >>> parse_period("2018K3")
    ('2018Q3', 2018, 'Q3')
    >>> parse_period(2019.0)
    ('2019', 2019, '')
    >>> parse_period("2018-3") is None
    True
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(value).strip().upper()
    m = _PERIOD_RE.match(text)
    if not m:
        return None
    aar = int(m.group(1))
    if m.group(2):
        delperiode = f"Q{m.group(3)}"
    elif m.group(4):
        delperiode = f"H{m.group(5)}"
    else:
        delperiode = ""
    return f"{aar}{delperiode}", aar, delperiode


# --------------------------------------------------------------------------- reading the raw table


@dataclass
class _Table:
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
class _FormulaWithoutResult:
    """An Excel cell holding a formula whose result the file does not store (never calculated by Excel)."""

    formula: str

    def __str__(self) -> str:
        return self.formula


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "") or (
        isinstance(cell, float) and math.isnan(cell)
    )


def _is_comment(cells: list[Any]) -> bool:
    for cell in cells:
        if not _is_blank(cell):
            return isinstance(cell, str) and cell.lstrip().startswith("#")
    return False


#: æ ø å Æ Ø Å é as UTF-8 bytes.
_UTF8_DANISH = tuple(c.encode("utf-8") for c in "æøåÆØÅé")


def _decode(raw: bytes, fil: str) -> tuple[str, list[str]]:
    notes: list[str] = []
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileReadError(f"{fil}: filen er ikke en tekstfil (CSV) og ikke en Excel-fil (.xlsx); gem den som CSV eller .xlsx")
    if raw.startswith(codecs.BOM_UTF8):
        notes.append("BOM fjernet")
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), ["læst som UTF-16 (Unicode-tekst fra Excel)", "BOM fjernet"]
        except UnicodeDecodeError as exc:
            raise FileReadError(f"{fil}: filen kan ikke læses som UTF-16-tekst ({exc.reason})") from None
    try:
        return raw.decode("utf-8"), notes
    except UnicodeDecodeError:
        # Not UTF-8 as a whole, but with Danish letters in UTF-8 in it (rows pasted from another file):
        # read as Windows-1252 they would become 'Ã¦', 'Ã¸', 'Ã¥' in names, sources and notes.
        utf8 = [raw.find(seq) for seq in _UTF8_DANISH if raw.find(seq) >= 0]
        if utf8:
            row = raw[: min(utf8)].count(b"\n") + 1
            raise FileReadError(
                f"{fil}: filen blander to tegnsæt: noget er gemt som UTF-8 (fx række {row}) og noget som "
                "Windows-1252, så æ, ø og å ikke kan læses sikkert; åbn filen og gem den igen som 'CSV UTF-8'"
            ) from None
        notes.append("filen er ikke UTF-8; læst som Windows-1252 (Excels danske CSV-format)")
        return raw.decode("cp1252", errors="replace"), notes


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _header_score(cells: list[str]) -> int:
    return sum(1 for c in cells if _header_key(c) in HEADER_NAMES)


def _header_key(cell: Any) -> str:
    if cell is None:
        return ""
    text = str(cell).replace("\ufeff", "").strip().strip('"').strip()
    return normalise_name(text)


def _mb(n_bytes: int) -> str:
    """A size in MB, the Danish way (1.229 MB; 0,3 MB)."""
    mb = n_bytes / 1_000_000
    return f"{mb:,.0f}".replace(",", ".") + " MB" if mb >= 10 else f"{mb:.1f}".replace(".", ",") + " MB"


def _thousands(n: int) -> str:
    """250.000"""
    return f"{n:,}".replace(",", ".")


def _too_many_rows(fil: str) -> FileReadError:
    return FileReadError(
        f"{fil}: filen har over {_thousands(MAX_ROWS)} rækker; helhedsanalyse læser højst {_thousands(MAX_ROWS)} "
        "rækker pr. fil. Del den op i flere filer (fx én pr. år eller pr. område) og giv dem alle på én gang"
    )


class _FieldLimit:
    """Lift the csv module's field limit (131.072 characters) while a file is read: a longer field is
    reported with its row (:func:`_structure_problems`), never as a crash of the reader."""

    def __enter__(self) -> None:
        self.old = csv.field_size_limit()
        csv.field_size_limit(max(self.old, MAX_CSV_BYTES + 1))

    def __exit__(self, *exc: object) -> None:
        csv.field_size_limit(self.old)


def _read_csv(path: Path, fil: str) -> _Table:
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise FileReadError(
                f"{fil}: filen fylder {_mb(size)}; helhedsanalyse læser højst {_mb(MAX_CSV_BYTES)} pr. CSV-fil "
                f"(omkring {_thousands(MAX_ROWS)} rækker). Del den op i flere filer (fx én pr. år eller pr. område) "
                "og giv dem alle på én gang"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise FileReadError(f"{fil}: filen kan ikke læses ({exc.strerror or exc})") from None
    text, notes = _decode(raw, fil)
    del raw
    # Only CR, LF and CRLF end a line in CSV: str.splitlines would also break at U+2028, U+0085, form
    # feed ... (pasted into a note from Word or a web page), which shifts every row number after it.
    lines = _LINE_BREAK.split(text)
    del text
    if lines and lines[-1] == "":
        lines.pop()
    # Leading comment and blank lines are taken out before the CSV parser sees them: a stray quote in a
    # comment must not swallow the data.
    skip = 0
    while skip < len(lines) and (not lines[skip].strip() or lines[skip].lstrip().startswith("#")):
        skip += 1
    if skip == len(lines):
        return _Table(rows=[], excel=False, notes=notes)
    with _FieldLimit():
        # The separator is the one that splits the header (or, above an instructions block, some row) into
        # known column names; ties go to the one that splits most of the first rows into several cells.
        sample = [line for line in lines[skip : skip + 30] if line.strip() and not line.lstrip().startswith("#")]
        best: tuple[int, int, str] | None = None
        for sep in (";", ",", "\t"):
            split = list(csv.reader(sample, delimiter=sep))
            score = (max(_header_score(c) for c in split), sum(len(c) > 1 for c in split), sep)
            if best is None or score[:2] > best[:2]:
                best = score
        assert best is not None
        sep = best[2]
        if sep != ",":
            notes.append({";": "skilletegn: semikolon", "\t": "skilletegn: tabulator"}[sep])
        rows: list[tuple[int, list[Any]]] = [(i + 1, [lines[i]]) for i in range(skip)]
        table = _Table(rows=rows, excel=False, notes=notes, separator=sep)
        # Rows are counted as Excel counts them (a quoted line break stays inside its cell); the lines of the
        # file (line_num) are kept for a quoted field that runs over several lines.
        reader = csv.reader(io.StringIO("\n".join(lines[skip:]), newline=""), delimiter=sep)
        last_line = first_line = skip
        try:
            for n, cells in enumerate(reader, start=skip + 1):
                if n > MAX_ROWS + 1:
                    raise _too_many_rows(fil)
                rows.append((n, cells))
                first_line, last_line = last_line + 1, skip + reader.line_num
                if last_line > first_line:
                    j = next((j for j, c in enumerate(cells) if "\n" in c), len(cells) - 1)
                    table.multiline.append((n, j, first_line, last_line))
        except csv.Error as exc:  # pragma: no cover - the csv module is very lenient
            raise FileReadError(f"{fil}: filen kan ikke læses som CSV ({exc})") from None
        # A quote that opens a field and never closes swallows the rest of the file into that field: the
        # lenient reader gives it as the last row; a strict reader of that row alone says so.
        if len(rows) > skip:
            try:
                next(csv.reader(io.StringIO("\n".join(lines[first_line - 1 :]), newline=""), delimiter=sep,
                                strict=True))
            except csv.Error as exc:
                if "unexpected end of data" in str(exc):
                    n, cells = rows[-1]
                    j = next((j for j, c in enumerate(cells) if "\n" in c), len(cells) - 1)
                    table.unclosed = (n, j, first_line, last_line)
            except StopIteration:  # pragma: no cover - there is a row
                pass
    return table


#: An OLE compound file (the container of .xls, .doc, and of a password-protected .xlsx).
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream in which an encrypted workbook (any Office version since 2007) keeps the real .xlsx; the
#: name is stored in UTF-16 in the container's directory.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

_EXCEL_SAVE_AS = "åbn den i Excel, og vælg Filer > Gem som > Excel-projektmappe (.xlsx), eller gem den som CSV"


def _ole_problem(path: Path, fil: str) -> FileReadError:
    """The message for an OLE compound file: a password-protected workbook, else the old .xls format."""
    try:
        with path.open("rb") as fh:
            encrypted = _ENCRYPTED_STREAM in fh.read(16 * 1024 * 1024)
    except OSError as exc:  # pragma: no cover - it was just opened
        return FileReadError(f"{fil}: filen kan ikke læses ({exc.strerror or exc})")
    if encrypted:
        return FileReadError(
            f"{fil}: Excel-filen er beskyttet med en adgangskode (krypteret) og kan ikke læses. Åbn den i Excel, "
            "vælg Filer > Oplysninger > Beskyt projektmappe > Krypter med adgangskode, slet adgangskoden, og gem "
            "filen igen"
        )
    if path.suffix.lower() == ".xls":
        return FileReadError(f"{fil}: filen er i det gamle Excel-format (.xls), som ikke kan læses; {_EXCEL_SAVE_AS}")
    return FileReadError(
        f"{fil}: filen er i det gamle Excel-format (.xls) eller en anden ældre Office-fil, selv om navnet ender på "
        f"'{path.suffix}', og kan ikke læses; {_EXCEL_SAVE_AS}"
    )


def _check_workbook_zip(path: Path, fil: str) -> None:
    """Refuse a workbook before anything in it is unpacked: not a zip file, an OpenDocument spreadsheet,
    or parts that unpack to more than :data:`MAX_EXCEL_UNPACKED_BYTES` (sizes from the zip directory)."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            mimetype = next((i for i in infos if i.filename == "mimetype"), None)
            if mimetype is not None and mimetype.file_size < 200:
                if z.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
                    raise FileReadError(
                        f"{fil}: filen er et OpenDocument-regneark (.ods, fx fra LibreOffice), selv om navnet "
                        f"ender på '{path.suffix}', og kan ikke læses; gem den som Excel-projektmappe (.xlsx) eller CSV"
                    )
    except zipfile.BadZipFile:
        raise FileReadError(
            f"{fil}: filen er ikke en gyldig Excel-fil (.xlsx): den er i stykker eller ikke en Excel-fil. Åbn den i "
            "Excel og gem den igen som Excel-projektmappe (.xlsx), eller gem den som CSV"
        ) from None
    except OSError as exc:
        raise FileReadError(f"{fil}: filen kan ikke læses ({exc.strerror or exc})") from None
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        raise FileReadError(
            f"{fil}: filen er en zip-fil, men ikke en Excel-projektmappe (.xlsx); gem tallene som .xlsx eller CSV"
        )
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_EXCEL_UNPACKED_BYTES:
        packed = max(1, sum(i.compress_size for i in infos))
        if unpacked > 100 * packed:  # Excel's own files pack 5-20 times; a zip bomb a thousand times
            raise FileReadError(
                f"{fil}: filen fylder {_mb(path.stat().st_size)}, men {_mb(unpacked)}, når den pakkes ud (pakket "
                f"{_thousands(unpacked // packed)} gange sammen, hvor en Excel-fil pakkes 5-20 gange); den er ikke "
                "skrevet af Excel og læses ikke. Gem tallene i en ny Excel-projektmappe (.xlsx) eller som CSV"
            )
        raise FileReadError(
            f"{fil}: Excel-filen fylder {_mb(unpacked)}, når den pakkes ud; helhedsanalyse læser højst "
            f"{_mb(MAX_EXCEL_UNPACKED_BYTES)} udpakket pr. fil (omkring {_thousands(MAX_ROWS)} rækker). Del tallene op "
            "i flere filer (fx én pr. år eller pr. område), og giv dem alle på én gang"
        )


def _safe_expat() -> bool:
    """Python's expat guards against entity expansion ("billion laughs") from version 2.4.1 on."""
    import pyexpat

    return tuple(pyexpat.version_info) >= (2, 4, 1)


_SAFE_EXPAT = _safe_expat()


def _is_percent_format(fmt: str) -> bool:
    """A number format that shows the value × 100 with a %: '0%', '0.0%', '0,0 %' (not a quoted "%")."""
    return "%" in _format_codes(fmt)


def _format_codes(fmt: str) -> str:
    """The codes of a number format without quoted text, escaped characters and [colour]/[$-406] parts."""
    return re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", fmt or "")


def _is_year_format(fmt: str) -> bool:
    """A date format that shows only the year ('yyyy', 'yy', 'åååå' in Danish Excel)."""
    codes = _format_codes(fmt).lower()
    return any(c in codes for c in "yå") and not any(c in codes for c in "mdhsjt")


def _read_excel(path: Path, fil: str) -> _Table:
    """Stream the sheet with openpyxl's own workbook reader and sheet parser.

    openpyxl's read-only mode is not used as such: ``load_workbook(read_only=True)`` parses every sheet
    whose XML has no ``<dimension>`` once just to size it, and its ``iter_rows`` fills every row and
    column up to the declared dimension (a formatted empty cell at XFD1048576 makes 17 billion cells).
    Here the workbook's parts are read as read-only mode reads them (``ExcelReader``: manifest, shared
    strings, workbook, styles), and the one sheet is parsed once by openpyxl's ``WorkSheetParser``: only the
    cells in the file are visited, and in the same pass it collects what read-only mode does not expose:
    merged cells, hidden rows and columns, the filter.
    """
    import types
    import warnings
    from xml.etree import ElementTree

    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._reader import COL_TAG, FILTER_TAG, FORMULA_TAG, MERGE_TAG, ROW_TAG, WorkSheetParser
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.merge import MergeCells

    _check_workbook_zip(path, fil)

    class _Parser(WorkSheetParser):
        """Values as Excel stored them (data_only), and whether a cell holds a formula.

        ``parse`` walks the sheet with the standard library's C iterparse where the expat in use guards
        against entity expansion (2.4.1 and later; ElementTree never fetches external entities):
        openpyxl takes defusedxml's pure-Python parser whenever defusedxml is installed (nbconvert
        installs it), which costs a third of the time of a large sheet. Rows, cells, formulas, merged
        cells, the filter and column widths are parsed by openpyxl's own methods.
        """

        def parse(self):  # noqa: ANN202
            if not _SAFE_EXPAT:
                yield from super().parse()
                return
            for _, element in ElementTree.iterparse(self.source):
                tag = element.tag
                if tag == ROW_TAG:
                    row = self.parse_row(element)
                    element.clear()
                    yield row
                elif tag == COL_TAG:
                    self.parse_column_dimensions(element)
                    element.clear()
                elif tag == MERGE_TAG:
                    self.merged_cells = MergeCells.from_tree(element)
                    element.clear()
                elif tag == FILTER_TAG:
                    self.auto_filter = AutoFilter.from_tree(element)
                    element.clear()

        def parse_cell(self, element):  # noqa: ANN001, ANN202 - openpyxl's signature
            cell = super().parse_cell(element)
            if element.find(FORMULA_TAG) is not None:
                cell["formula"] = self.parse_formula(element)
            return cell

    def broken(exc: Exception) -> FileReadError:
        return FileReadError(f"{fil}: filen kan ikke læses som Excel-fil (.xlsx): {exc}. Åbn den i Excel og gem den igen")

    try:
        fh = path.open("rb")
    except OSError as exc:
        raise FileReadError(f"{fil}: filen kan ikke læses ({exc.strerror or exc})") from None
    notes: list[str] = []
    table = _Table(rows=[], excel=True, notes=notes)
    n_formulas = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation and styles it ignores
            # from an open file: openpyxl refuses a file name that does not end in .xlsx (an Excel file
            # saved as 'data.csv'), and a broken workbook can fail in many ways; each is one problem
            try:
                reader = ExcelReader(fh, read_only=True, data_only=True)
                reader.read_manifest()
                reader.read_strings()
                reader.read_workbook()
                apply_stylesheet(reader.archive, reader.wb)
                wb = reader.wb
                sheets = [
                    (sheet.name, sheet.state or "visible", rel.target)
                    for sheet, rel in reader.parser.find_sheets()
                    if rel.target in reader.valid_files
                ]
            except Exception as exc:  # noqa: BLE001 - KeyError, ValueError, XML errors ...
                raise broken(exc) from None
            if not sheets:
                raise FileReadError(f"{fil}: Excel-filen har intet regneark med celler; gem tallene i arket 'Data'")
            by_name = {normalise_name(name): (name, state, target) for name, state, target in sheets}
            visible = [s for s in sheets if s[1] == "visible"]
            if _DATA_SHEET in by_name:
                title, state, target = by_name[_DATA_SHEET]
                if state != "visible":
                    notes.append(f"arket '{title}' er skjult i Excel, men er læst (det hedder 'Data')")
            else:
                # A hidden sheet is never read in place of the sheet the user sees.
                title, state, target = (visible or sheets)[0]
                if len(sheets) > 1:
                    notes.append(f"arket '{title}' er læst (det første synlige ark; intet ark hedder 'Data')")
                hidden = [name for name, st, _ in sheets if st != "visible" and name != title]
                if hidden:
                    notes.append("skjulte ark er ikke læst: " + ", ".join(f"'{t}'" for t in hidden))
            if "chartsheet" in target:  # a chart, no cells
                return table

            formats: dict[int, str] = {}
            sheet_like = types.SimpleNamespace(parent=wb)  # ReadOnlyCell looks the style up in its sheet's workbook

            def number_format(style_id: int) -> str:
                if style_id not in formats:
                    formats[style_id] = ReadOnlyCell(sheet_like, 1, 1, None, "n", style_id).number_format or ""
                return formats[style_id]

            with reader.archive.open(target) as src:
                parser = _Parser(src, reader.shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
                for n, cells in parser.parse():
                    filled = [c for c in cells if c["value"] is not None or "formula" in c]
                    if not filled:
                        continue
                    if len(table.rows) >= MAX_ROWS + 1:
                        raise _too_many_rows(fil)
                    row: list[Any] = [None] * max(c["column"] for c in filled)
                    for c in filled:
                        j = c["column"] - 1
                        value = c["value"]
                        if "formula" in c:
                            if value is None:
                                formula = c["formula"]  # a str, or an array or data-table formula
                                value = _FormulaWithoutResult(str(getattr(formula, "text", None) or formula))
                            else:
                                n_formulas += 1
                        if c["style_id"]:
                            if c["data_type"] == "n" and isinstance(value, (int, float)):
                                if _is_percent_format(number_format(c["style_id"])):
                                    table.percent.add((n, j))
                            elif c["data_type"] == "d":
                                table.dates[(n, j)] = number_format(c["style_id"])
                        row[j] = value
                    table.rows.append((n, row))
            # what the parser collected beside the cells: merged ranges, the filter, hidden rows and columns
            for m in (parser.merged_cells.mergeCell if parser.merged_cells else []):
                r = CellRange(m.ref)
                table.merged.append((r.min_row, r.min_col - 1, r.max_row, r.max_col - 1, r.coord))
            table.merged.sort()
            table.hidden_rows = {
                int(r) for r, attrs in parser.row_dimensions.items()
                if str(attrs.get("hidden", "")).lower() in ("1", "true")
            }
            auto_filter = getattr(parser, "auto_filter", None)
            if auto_filter and auto_filter.filterColumn and table.hidden_rows:
                fr = CellRange(auto_filter.ref)
                table.filtered_rows = {r for r in table.hidden_rows if fr.min_row < r <= fr.max_row}
            for attrs in parser.column_dimensions.values():
                if str(attrs.get("hidden", "")).lower() in ("1", "true"):
                    first, last = int(attrs.get("min", 0)), int(attrs.get("max", 0))
                    table.hidden_columns.update(range(first - 1, min(last, 16384)))
    except FileReadError:
        raise
    except MemoryError:  # pragma: no cover - the limits above keep it away
        raise FileReadError(f"{fil}: filen er for stor til at blive læst; del den op i flere filer") from None
    except Exception as exc:  # noqa: BLE001 - broken XML inside the zip and the like
        raise broken(exc) from None
    finally:
        fh.close()
    if n_formulas:
        notes.append(f"formler: Excels gemte resultat er brugt ({n_formulas} celle(r))")
    return table


def _read_table(path: Path, fil: str) -> _Table:
    """The cells of a CSV or Excel file, told apart by their content (a workbook may be called .csv)."""
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
    if magic == _OLE_MAGIC:  # .xls, or a password-protected workbook whatever its name
        raise _ole_problem(path, fil)
    if suffix in REFUSED_SUFFIXES:
        raise FileReadError(f"{fil}: filen er {REFUSED_SUFFIXES[suffix]}, som ikke kan læses; gem den som "
                            "Excel-projektmappe (.xlsx) eller CSV")
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, fil)
    if magic.startswith(b"PK\x03\x04"):
        table = _read_excel(path, fil)
        table.notes.insert(0, f"filen er en Excel-fil, selv om navnet ender på '{path.suffix}'; læst som Excel")
        return table
    return _read_csv(path, fil)


# --------------------------------------------------------------------------- interpreting one file


@dataclass
class _Resolver:
    """Matches area and indicator names against the plan and suggests the closest valid id."""

    plan: Plan

    def __post_init__(self) -> None:
        self.steder = _with_transliteration(self.plan.sted_alias)
        self.indikatorer = _with_transliteration(self.plan.indikator_alias)

    def resolve(self, value: Any, kind: Literal["omraade", "indikator"]) -> str | None:
        table = self.steder if kind == "omraade" else self.indikatorer
        key = normalise_name(str(value))
        return table.get(key) or table.get(_transliterate(key))

    def suggest(self, value: Any, kind: Literal["omraade", "indikator"]) -> str | None:
        table = self.steder if kind == "omraade" else self.indikatorer
        key = _transliterate(normalise_name(str(value)))
        close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.6)
        if not close and kind == "indikator":
            # 'tryghed_2018' or 'andel trygge i %': try the parts
            for part in re.split(r"[\s_\-/]+", key):
                close = difflib.get_close_matches(part, list(table), n=1, cutoff=0.8)
                if close:
                    break
        return table[close[0]] if close else None


_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})


def _transliterate(key: str) -> str:
    return key.translate(_TRANSLIT)


def _with_transliteration(alias: dict[str, str]) -> dict[str, str]:
    out = dict(alias)
    for key, value in alias.items():
        out.setdefault(_transliterate(key), value)
    return out


@dataclass
class _FileResult:
    fil: str
    frame: pd.DataFrame  # valid rows, in the contract, plus a display column for messages
    notes: list[str]
    problems: list[Problem]


class _Notes:
    """Notes of one file, each said once; repeated interpretations are counted."""

    def __init__(self) -> None:
        self._items: dict[str, int] = {}

    def add(self, text: str) -> None:
        self._items[text] = self._items.get(text, 0) + 1

    def extend(self, texts: Iterable[str]) -> None:
        for t in texts:
            self.add(t)

    def counted(self, text: str, n: int) -> None:
        if n:
            self._items[text.format(n=n)] = 1

    def as_list(self) -> list[str]:
        return list(self._items)


def _find_header(table: _Table) -> tuple[int, list[Any]] | None:
    """Index into ``table.rows`` of the header row (see the module docstring for the rule)."""
    candidates = (
        i for i, (_, cells) in enumerate(table.rows) if any(not _is_blank(c) for c in cells) and not _is_comment(cells)
    )
    first = next(candidates, None)  # lazily: the header is near the top, the file may have 250.000 rows
    if first is None:
        return None
    candidates = itertools.chain([first], candidates)
    first_score = _header_score(table.rows[first][1])
    if first_score >= 2:
        return first, table.rows[first][1]
    for i in candidates:
        cells = table.rows[i][1]
        first_filled = next((c for c in cells if not _is_blank(c)), None)
        if HEADER_NAMES.get(_header_key(first_filled)) == "omraade":
            return i, cells
    if first_score == 1:
        return first, table.rows[first][1]
    return None


def _excel_column(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def _short_row(n_fields: int, width: int, sep: str, lacking: str = "") -> str:
    sep_text = {"\t": "tabulator"}.get(sep, sep)
    return (
        f"rækken har {n_fields} felter, men overskriften har {width}" + (f" (rækken mangler {lacking})" if lacking else "")
        + "; er et skilletegn faldet ud? Så står værdierne i de forkerte kolonner. Hver række skal have et felt for "
        f"hver kolonne; et tomt felt er to skilletegn i træk ('{sep_text}{sep_text}')"
    )


def _csv_structure(
    table: _Table, fil: str, header_index: int, column: Any, important: set[int]
) -> tuple[dict[int, Problem], list[str]]:
    """Rows of a CSV file whose fields do not line up with the header: row -> its problem, and notes.

    * a quote that opens a field and is never closed (the rest of the file would be that one cell);
    * a quoted field over several lines that holds something like rows (a quote closed much later);
    * a field longer than an Excel cell can hold (:data:`EXCEL_CELL_CHARS`);
    * more fields than the header (with a filled extra field);
    * one field holding the other separator (a row with another separator than the header);
    * fewer fields than the header: refused when a column the row lacks is one of the ``important``
      ones (numbers, names, periods) and has a value in another row: a lost separator moves the values
      to the wrong columns. Otherwise (only free-text columns such as kilde and note, or columns empty in
      the whole file: a program that leaves out empty fields at the end) read with them empty, noted.

    ``column(j)`` names the column with index j in a message. Also used for the evaluator's
    assessments (:mod:`helhedsanalyse.vurderinger`).
    """
    out: dict[int, Problem] = {}
    notes: list[str] = []
    header_n, header_cells = table.rows[header_index]
    named = [j for j, c in enumerate(header_cells) if not _is_blank(c)]
    width = named[-1] + 1 if named else len(header_cells)
    full_width = len(header_cells)
    sep = table.separator or ","
    if table.unclosed is not None:
        n, j, first, last = table.unclosed
        if n > header_n:
            more = last - first
            swallowed = (
                f", så resten af filen ({more} linje(r) efter denne) bliver til én celle, og rækkerne dér forsvinder"
                if more else ""
            )
            out[n] = Problem(
                fil,
                f"feltet begynder med et anførselstegn (\"), som aldrig afsluttes{swallowed}; slet anførselstegnet, "
                "eller sæt et afsluttende \" efter feltets tekst",
                raekke=n, kolonne=column(j),
            )
    rows_by_n = None
    for n, j, first, last in table.multiline:
        if n in out or n <= header_n:
            continue
        if rows_by_n is None:
            rows_by_n = {r: c for r, c in table.rows}
        text = rows_by_n[n][j] if j < len(rows_by_n[n]) else ""
        inner = text.split("\n")[1:]
        rowlike = next((line for line in inner if line.count(sep) >= max(width - 1, 2)), None)
        if rowlike is not None:
            shown = rowlike if len(rowlike) <= 60 else rowlike[:57] + "..."
            out[n] = Problem(
                fil,
                f"feltet står i anførselstegn over linje {first}-{last} i filen og indeholder noget, der ligner "
                f"rækker ('{shown}'); er et anførselstegn ikke afsluttet? Ret anførselstegnene, så hver række "
                "står på sin egen linje",
                raekke=n, kolonne=column(j),
            )
    missing_filled: set[int] | None = None
    n_short = 0
    for n, cells in table.rows[header_index + 1 :]:
        if len(cells) == full_width and n not in out and max(map(len, cells), default=0) <= EXCEL_CELL_CHARS:
            continue  # the common case, at once
        if n in out:
            continue
        if not cells or all(_is_blank(c) for c in cells) or _is_comment(cells):
            continue
        long = next((j for j, c in enumerate(cells) if isinstance(c, str) and len(c) > EXCEL_CELL_CHARS), None)
        if long is not None:
            out[n] = Problem(
                fil,
                f"feltet har {_thousands(len(cells[long]))} tegn, men en celle i Excel kan højst rumme "
                f"{_thousands(EXCEL_CELL_CHARS)} tegn; er et anførselstegn ikke afsluttet, eller er der indsat noget "
                "andet end tal og korte tekster?",
                raekke=n, kolonne=column(long),
            )
            continue
        extra = [c for c in cells[full_width:] if not _is_blank(c)]
        if extra:
            digits = [isinstance(c, str) and c.strip().isdigit() for c in cells]
            if sep == "," and any(a and b for a, b in zip(digits, digits[1:])):
                hint = ("; bruger rækken decimalkomma i en kommasepareret fil? Sæt tallet i anførselstegn "
                        "(\"72,4\") eller brug semikolon som skilletegn")
            else:
                name = {",": "et komma", ";": "et semikolon", "\t": "en tabulator"}.get(sep, f"'{sep}'")
                hint = (f"; står der {name} i en tekst (fx en note eller en begrundelse)? Sæt så teksten i "
                        f"anførselstegn (\"ny{sep} bedre metode\")")
            out[n] = Problem(fil, f"rækken har {len(cells)} felter, men overskriften har {full_width}{hint}", raekke=n)
            continue
        if len(cells) == 1 and width > 1:
            other = "," if sep == ";" else ";"
            if other in cells[0]:
                out[n] = Problem(
                    fil,
                    f"rækken bruger '{other}' som skilletegn, men overskriften bruger '{sep}'; brug det samme "
                    "skilletegn i hele filen",
                    raekke=n,
                )
                continue
        if 1 < len(cells) < width:
            # A row that ends with an empty field was written with its empty fields: one is missing
            # inside it. One that stops after a value may just leave out the empty fields at the end,
            # unless a column it lacks holds numbers or names in other rows.
            if _is_blank(cells[-1]):
                out[n] = Problem(fil, _short_row(len(cells), width, sep), raekke=n)
                continue
            if missing_filled is None:  # the columns with a value in some row
                missing_filled = set()
                for _, other_cells in table.rows[header_index + 1 :]:
                    if not _is_comment(other_cells):
                        missing_filled.update(
                            j for j, c in enumerate(other_cells[:width]) if not _is_blank(c) and j in named
                        )
            lacking = [j for j in named if j >= len(cells) and j in missing_filled and j in important]
            if lacking:
                names = ", ".join(f"'{column(j)}'" for j in lacking)
                what = f"{'kolonnen' if len(lacking) == 1 else 'kolonnerne'} {names}, som er udfyldt i andre rækker"
                out[n] = Problem(fil, _short_row(len(cells), width, sep, what), raekke=n)
                continue
            n_short += 1
    if n_short:
        notes.append(
            f"{n_short} række(r) har færre felter end overskriften; de manglende felter til sidst er læst som "
            "tomme"
        )
    return out, notes


def _interpret(path: Path, fil: str, plan: Plan, resolver: _Resolver) -> _FileResult:
    table = _read_table(path, fil)
    notes = _Notes()
    notes.extend(table.notes)
    problems: list[Problem] = list(table.problems)

    def done() -> _FileResult:
        return _FileResult(fil, _empty_work(), notes.as_list(), problems)

    if not table.rows or all(all(_is_blank(c) for c in cells) for _, cells in table.rows):
        problems.append(Problem(fil, "filen er tom; den skal have en overskriftsrække og mindst én række data"))
        return done()

    found = _find_header(table)
    if found is None:
        problems.append(
            Problem(
                fil,
                "fandt ingen overskriftsrække. Første række (efter eventuelle kommentarlinjer, der begynder med "
                "'#') skal være overskrifterne område, indikator, periode, værdi, tæller, nævner, kilde, note. "
                "Står der en vejledning over overskrifterne, skal overskriftsrækken begynde med 'område'",
            )
        )
        return done()
    header_index, header_cells = found
    header_row = table.rows[header_index][0]
    skipped_above = [
        n for n, cells in table.rows[:header_index] if any(not _is_blank(c) for c in cells) and not _is_comment(cells)
    ]
    comments_above = [n for n, cells in table.rows[:header_index] if _is_comment(cells)]
    if comments_above:
        notes.add(f"kommentarlinjer sprunget over ({_rows_text(comments_above)})")
    if skipped_above:
        notes.add(f"overskriftsrækken er række {header_row}; rækkerne over den ({_rows_text(skipped_above)}) er sprunget over")

    # ---- columns
    columns: dict[str, int] = {}
    header_text: dict[str, str] = {}
    for j, cell in enumerate(header_cells):
        if _is_blank(cell):
            has_data = any(
                j < len(cells) and not _is_blank(cells[j]) for _, cells in table.rows[header_index + 1 :]
            )
            if has_data:
                label = f"kolonne {_excel_column(j)}" if table.excel else f"kolonne nr. {j + 1}"
                notes.add(f"{label} har ingen overskrift og er ignoreret")
            continue
        key = _header_key(cell)
        canonical = HEADER_NAMES.get(key)
        written = unicodedata.normalize("NFC", str(cell).replace("\ufeff", "").strip())
        if canonical is None:
            if key not in SILENT_COLUMNS:
                notes.add(f"ukendt kolonne '{written}' ignoreret")
            continue
        if canonical in columns:
            problems.append(
                Problem(
                    fil,
                    f"kolonnen står to gange (som '{header_text[canonical]}' og '{written}'); slet den ene",
                    raekke=header_row,
                    kolonne=written,
                )
            )
            continue
        columns[canonical] = j
        header_text[canonical] = written
    required = ["omraade", "indikator", "periode"]
    if "vaerdi" not in columns and not ("taeller" in columns and "naevner" in columns):
        required.append("vaerdi")
    missing = [c for c in required if c not in columns]
    if missing:
        found_names = ", ".join(str(c).strip() for c in header_cells if not _is_blank(c)) or "(ingen)"
        for col in missing:
            problems.append(
                Problem(
                    fil,
                    "påkrævet kolonne mangler; filen skal have kolonnerne område, indikator, periode og værdi "
                    "(værdi kan udelades, når tæller og nævner er med). "
                    f"Overskriftsrækken (række {header_row}) har: {found_names}",
                    kolonne=DANISH_NAMES[col],
                )
            )
    if problems:
        return done()
    for col in DANISH_NAMES:
        header_text.setdefault(col, DANISH_NAMES[col])

    # ---- merged cells (Excel) below the header: a name or period merged over several rows applies to
    # each of them (filled in, with a note); a number merged over several rows is refused.
    cell_problems: dict[int, list[Problem]] = {}
    by_index = {j: col for col, j in columns.items()}
    by_row = {n: cells for n, cells in table.rows}
    last_row = table.rows[-1][0] if table.rows else 0
    for r0, c0, r1, c1, coord in table.merged:
        if r0 <= header_row or r0 not in by_row:
            continue
        top = by_row[r0]
        value = top[c0] if c0 < len(top) else None
        cols = [by_index[j] for j in range(c0, c1 + 1) if j in by_index]
        if c1 > c0:
            if cols:
                cell_problems.setdefault(r0, []).append(
                    Problem(fil, f"cellen er flettet over flere kolonner ({coord}); ophæv fletningen, så hver "
                            "kolonne har sin egen værdi", raekke=r0, kolonne=header_text[cols[0]])
                )
            continue
        if not cols or r1 == r0:
            continue
        col = cols[0]
        if col in ("vaerdi", "taeller", "naevner"):
            for n in range(r0 + 1, min(r1, last_row) + 1):
                if n not in by_row:
                    continue
                cell_problems.setdefault(n, []).append(
                    Problem(fil, f"cellen er en del af den flettede celle {coord}, og tallet står kun i række {r0}; "
                            "et tal gælder kun én række – ophæv fletningen og skriv tallet i hver række",
                            raekke=n, kolonne=header_text[col])
                )
        elif not _is_blank(value):
            for n in range(r0 + 1, min(r1, last_row) + 1):
                cells = by_row.get(n, [])
                if c0 < len(cells):
                    cells[c0] = value
            notes.add(f"flettet celle {coord} ({header_text[col]}): '{_show(value)}' gælder for række {r0}-{r1}")

    # ---- rows
    if not table.excel:
        label = {j: header_text[col] for col, j in columns.items()}
        structure, structure_notes = _csv_structure(
            table, fil, header_index, lambda j: label.get(j, f"nr. {j + 1}"),
            {j for col, j in columns.items() if col not in ("kilde", "note")},
        )
        notes.extend(structure_notes)
    else:
        structure = {}
    data_rows: list[tuple[int, dict[str, Any]]] = []
    n_unfilled = 0
    for n, cells in table.rows[header_index + 1 :]:
        if n in structure:
            problems.append(structure[n])
            continue
        if all(_is_blank(c) for c in cells):
            continue
        if _is_comment(cells):
            notes.add("rækker, der begynder med '#', er sprunget over som kommentarer")
            continue
        if n in cell_problems:
            problems.extend(cell_problems[n])
            continue
        record = {col: (cells[j] if j < len(cells) else None) for col, j in columns.items()}
        formulas = [(col, c) for col, c in record.items() if isinstance(c, _FormulaWithoutResult)]
        if formulas:
            for col, c in formulas:
                problems.append(
                    Problem(fil, "cellen har en formel, men filen gemmer ikke formlens resultat (den er skrevet af et "
                            "program og ikke gemt i Excel); åbn filen i Excel og gem den igen, eller skriv tallet "
                            "i stedet for formlen", raekke=n, kolonne=header_text[col], vaerdi=c.formula)
                )
            continue
        if all(_is_blank(record.get(c)) for c in ("vaerdi", "taeller", "naevner")):
            n_unfilled += 1
            continue
        data_rows.append((n, record))
    notes.counted("{n} række(r) uden værdi, tæller og nævner er sprunget over", n_unfilled)
    if table.excel:
        _note_hidden(table, data_rows, columns, header_text, notes)

    # ---- decimal mark, from the text cells of the number columns
    kinds: dict[str, tuple[int, str]] = {}
    for n, record in data_rows:
        for col in ("vaerdi", "taeller", "naevner"):
            cell = record.get(col)
            if isinstance(cell, str):
                kind = _decimal_kind(_clean_number_text(cell).rstrip("%").rstrip())
                if kind and kind not in kinds:
                    kinds[kind] = (n, cell.strip())
    decimal: str | None = None
    if len(kinds) == 2:
        (nk, vk), (np_, vp) = kinds["komma"], kinds["punktum"]
        problems.append(
            Problem(
                fil,
                f"filen blander decimalkomma (fx række {nk}: '{vk}') og decimalpunktum (fx række {np_}: '{vp}'); "
                "brug det samme decimaltegn i hele filen",
            )
        )
    elif kinds:
        decimal = next(iter(kinds))
        if decimal == "komma":
            notes.add("decimalkomma fortolket")

    # ---- cell by cell
    records: list[dict[str, Any]] = []
    n_text_numbers = n_percent = n_thousands = n_computed = n_excel_percent = n_year_dates = 0
    valid_places = ", ".join(plan.alle_steder)
    for n, record in data_rows:
        row_problems: list[Problem] = []
        out: dict[str, Any] = {"raekke": n}

        # område / indikator
        for col in ("omraade", "indikator"):
            cell = record.get(col)
            written = header_text[col]
            if _is_blank(cell):
                what = "området" if col == "omraade" else "indikatoren"
                accepted = f"gyldige: {valid_places}" if col == "omraade" else "angiv et indikator-id fra planen"
                row_problems.append(Problem(fil, f"{what} mangler; {accepted}", raekke=n, kolonne=written))
                out[col] = None
                continue
            resolved = resolver.resolve(cell, col)
            if resolved is None:
                suggestion = resolver.suggest(cell, col)
                hint = f"; mente du '{suggestion}'?" if suggestion else ""
                if col == "omraade":
                    msg = f"ukendt område{hint} Gyldige: {valid_places}"
                else:
                    msg = (
                        f"ukendt indikator{hint} Gyldige er indikatorernes id'er og navne i planen "
                        "(data/plan/indikatorer.yaml; listen står også på arket 'Vejledning' i skabelonen)"
                    )
                if not hint:
                    msg = msg.replace(" Gyldige", "; gyldige", 1)
                row_problems.append(Problem(fil, msg, raekke=n, kolonne=written, vaerdi=_show(cell)))
                out[col] = None
                continue
            if str(cell) != resolved:
                notes.add(f"'{_show(cell)}' tolket som '{resolved}'")
            out[col] = resolved

        # periode (the form is checked by the schema below). A date cell that Excel shows as a year is
        # that year; any other date is refused (the schema's message says it is a date).
        cell = record.get("periode")
        out["periode_dato"] = False
        if isinstance(cell, (dt.datetime, dt.date)):
            if _is_year_format(table.dates.get((n, columns["periode"]), "")):
                cell = cell.year
                n_year_dates += 1
            else:
                out["periode_dato"] = True
        parsed = parse_period(cell)
        out["periode_tekst"] = "" if _is_blank(cell) else _show(cell)
        if parsed is None:
            out["periode"], out["aar"], out["delperiode"] = None, np.nan, ""
        else:
            out["periode"], out["aar"], out["delperiode"] = parsed
            if isinstance(cell, str) and cell.strip() != parsed[0]:
                notes.add(f"periode '{cell.strip()}' tolket som '{parsed[0]}'")

        # numbers
        ind = plan.indikator.get(out["indikator"]) if out["indikator"] else None
        enhed = ind.enhed if ind else None
        with_percent: set[str] = set()
        for col in ("vaerdi", "taeller", "naevner"):
            cell = record.get(col)
            out[f"{col}_tekst"] = "" if _is_blank(cell) else _show(cell)
            if _is_blank(cell):
                out[col] = np.nan
                continue
            if (n, columns[col]) in table.percent and isinstance(cell, (int, float)) and not isinstance(cell, bool):
                # Excel stores '72,4 %' typed into a cell as 0,724 with a percent format
                shown = f"{_fmt(round(cell * 100, 10))} %"
                out[f"{col}_tekst"] = shown
                out[col] = np.nan
                if enhed is None:  # the unknown indicator is reported on its own
                    continue
                if col == "vaerdi" and enhed == "pct":
                    out[col] = round(cell * 100, 10)
                    n_excel_percent += 1
                    with_percent.add(col)
                    continue
                what = (
                    f"indikatoren '{out['indikator']}' har enheden {enhed}" if col == "vaerdi"
                    else f"{'tælleren' if col == 'taeller' else 'nævneren'} er et antal"
                )
                row_problems.append(
                    Problem(
                        fil,
                        f"cellen er formateret som procent i Excel, men {what}; formatér cellen som Tal (ikke "
                        "Procent), og skriv tallet igen",
                        raekke=n,
                        kolonne=header_text[col],
                        vaerdi=shown,
                    )
                )
                continue
            num = _parse_number(cell, decimal, is_text_cell=table.excel and isinstance(cell, str))
            if num.error:
                if num.error == NOT_A_NUMBER or "tvetydigt" in num.error:
                    row_problems.append(Problem(fil, num.error, raekke=n, kolonne=header_text[col], vaerdi=_show(cell)))
                out[col] = np.nan
                continue
            if num.percent:
                if enhed is not None and enhed != "pct":
                    row_problems.append(
                        Problem(
                            fil,
                            f"procenttegn, men indikatoren '{out['indikator']}' har enheden {enhed}; skriv tallet uden %",
                            raekke=n,
                            kolonne=header_text[col],
                            vaerdi=_show(cell),
                        )
                    )
                    out[col] = np.nan
                    continue
                n_percent += 1
                with_percent.add(col)
            n_text_numbers += num.text
            n_thousands += num.thousands
            out[col] = num.value

        # value from taeller/naevner
        v, t, nv = out["vaerdi"], out["taeller"], out["naevner"]
        out["beregnet"] = False
        if math.isnan(v) and not out["vaerdi_tekst"]:
            if not math.isnan(t) and not math.isnan(nv):
                if nv > 0 and enhed is not None:
                    factor = {"pct": 100.0, "pr_1000": 1000.0}.get(enhed, 1.0)
                    out["vaerdi"] = factor * t / nv
                    out["beregnet"] = True
                    n_computed += 1
            elif out["taeller_tekst"] or out["naevner_tekst"]:
                mangler = "nævneren" if math.isnan(nv) else "tælleren"
                if not (out["taeller_tekst"] and out["naevner_tekst"]):
                    row_problems.append(
                        Problem(
                            fil,
                            f"værdien mangler og kan ikke beregnes, fordi {mangler} mangler; "
                            "angiv værdien eller både tæller og nævner",
                            raekke=n,
                            kolonne=header_text["vaerdi"],
                        )
                    )
        elif (
            enhed == "pct" and 0 < v < 1 and "vaerdi" not in with_percent
            and not (not math.isnan(t) and not math.isnan(nv) and nv > 0 and abs(100 * t / nv - v) <= 0.05)
        ):
            # 0,724 for a share in per cent is almost always the fraction 72,4 %: refused, not guessed
            row_problems.append(
                Problem(
                    fil,
                    f"værdien ligger mellem 0 og 1, men indikatoren '{out['indikator']}' har enheden pct (0-100): "
                    f"er det en brøk? Skriv {_fmt(round(100 * v, 6))} for {_fmt(round(100 * v, 6))} %, eller skriv "
                    f"'{out['vaerdi_tekst']} %' med procenttegn, hvis andelen virkelig er under 1 %",
                    raekke=n,
                    kolonne=header_text["vaerdi"],
                    vaerdi=out["vaerdi_tekst"],
                )
            )
        elif not math.isnan(v) and not math.isnan(t) and not math.isnan(nv) and nv > 0 and enhed is not None:
            factor = {"pct": 100.0, "pr_1000": 1000.0}.get(enhed, 1.0)
            computed = factor * t / nv
            if abs(computed - v) > max(0.05, 0.01 * abs(computed)):
                notes.add(
                    f"række {n}: værdien {_fmt(v)} passer ikke med tæller/nævner ({_fmt(round(computed, 2))}); "
                    "værdien er brugt"
                )

        out["enhed"] = enhed
        out["heltal"] = bool(ind.heltal) if ind else False
        out["kilde"] = "" if _is_blank(record.get("kilde")) else str(record.get("kilde")).strip()
        out["note"] = "" if _is_blank(record.get("note")) else str(record.get("note")).strip()
        out["fejl"] = bool(row_problems)
        problems.extend(row_problems)
        records.append(out)

    if table.excel:
        notes.counted("tal gemt som tekst fortolket ({n} celle(r))", n_text_numbers)
        notes.counted(
            "celler formateret som procent i Excel er læst som procenttal (Excel gemmer 72,4 % som 0,724) "
            "({n} celle(r))",
            n_excel_percent,
        )
        notes.counted(
            f"datoer, som Excel viser som et år, er læst som året (kolonne '{header_text['periode']}', "
            "{n} celle(r))",
            n_year_dates,
        )
    notes.counted("procenttegn fjernet ({n} celle(r))", n_percent)
    notes.counted("tusindtalsseparator fortolket ({n} celle(r))", n_thousands)
    notes.counted("værdi beregnet af tæller og nævner ({n} række(r))", n_computed)

    if not records:
        return done()
    work = pd.DataFrame.from_records(records)
    work.index = pd.Index(work["raekke"].astype(int), name="raekke")
    problems.extend(_schema_problems(work, fil, header_text))

    if table.hidden_rows:  # a problem in a row the user cannot see says where it is
        problems[:] = [
            replace(p, besked=p.besked + (" (rækken er skjult af et filter i Excel)" if p.raekke in table.filtered_rows
                                          else " (rækken er skjult i Excel)"))
            if p.raekke in table.hidden_rows else p
            for p in problems
        ]
    bad_rows = {p.raekke for p in problems if p.raekke is not None}
    work = work[~work["fejl"] & ~work.index.isin(list(bad_rows))]
    illustrativ_fil = "illustrativ" in normalise_name(Path(fil).name)
    frame = pd.DataFrame(
        {
            "omraade": work["omraade"].astype(str),
            "indikator": work["indikator"].astype(str),
            "periode": work["periode"].astype(str),
            "aar": work["aar"].astype("int64"),
            "delperiode": work["delperiode"].astype(str),
            "vaerdi": work["vaerdi"].astype(float),
            "taeller": work["taeller"].astype(float),
            "naevner": work["naevner"].astype(float),
            "kilde": work["kilde"].astype(str),
            "note": work["note"].astype(str),
            "illustrativ": [
                illustrativ_fil or "illustrativ" in normalise_name(k) or "illustrativ" in normalise_name(nt)
                for k, nt in zip(work["kilde"], work["note"])
            ],
            "fil": fil,
            "raekke": work["raekke"].astype("int64"),
        }
    ).reset_index(drop=True)
    frame["illustrativ"] = frame["illustrativ"].astype(bool)
    if frame["illustrativ"].any():
        notes.add("data er markeret som illustrative (ikke rigtige data)")
    problems.sort(key=lambda p: (p.raekke if p.raekke is not None else -1))
    return _FileResult(fil, frame, notes.as_list(), problems)


def _note_hidden(
    table: _Table, data_rows: list[tuple[int, dict[str, Any]]], columns: dict[str, int], header_text: dict[str, str],
    notes: _Notes,
) -> None:
    """Rows and columns hidden in Excel (by hand or by a filter) are read like the others, and named.

    A filter is a way of looking at the sheet, not of deleting rows: the rows it hides are data the
    evaluator typed in, so they are read; the note names them so that nobody wonders where a figure came
    from. A row that should not count is deleted or commented out with '#'.
    """
    read = [n for n, _ in data_rows]
    filtered = [n for n in read if n in table.filtered_rows]
    hidden = [n for n in read if n in table.hidden_rows and n not in table.filtered_rows]
    fix = "slet rækkerne, eller sæt '#' foran området, hvis de ikke skal med"
    if filtered:
        notes.add(f"{_ranges_text(filtered)} er skjult af et filter i Excel, men er læst med ({len(filtered)} "
                  f"række(r)); {fix}")
    if hidden:
        notes.add(f"{_ranges_text(hidden)} er skjult i Excel, men er læst med ({len(hidden)} række(r)); {fix}")
    for col, j in sorted(columns.items(), key=lambda item: item[1]):
        if j in table.hidden_columns and any(not _is_blank(record.get(col)) for _, record in data_rows):
            notes.add(f"kolonnen '{header_text[col]}' ({_excel_column(j)}) er skjult i Excel, men er læst")


def _ranges_text(rows: Sequence[int], limit: int = 8) -> str:
    """'række 3-5, 9, 12-14' (runs of consecutive rows; after ``limit`` runs: '...')."""
    runs: list[list[int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    parts = [f"{a}-{b}" if b > a else str(a) for a, b in runs]
    if len(parts) > limit:
        parts = parts[:limit] + ["..."]
    return "række " + ", ".join(parts)


def _show(cell: Any) -> str:
    """A cell as the user typed it (numbers without a trailing .0, a date without a time of midnight)."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    if isinstance(cell, str):
        return unicodedata.normalize("NFC", cell.strip())
    return str(cell)


def _rows_text(rows: Sequence[int]) -> str:
    if len(rows) == 1:
        return f"række {rows[0]}"
    if list(rows) == list(range(rows[0], rows[-1] + 1)):
        return f"række {rows[0]}-{rows[-1]}"
    return "række " + ", ".join(str(r) for r in rows)


def _empty_work() -> pd.DataFrame:
    return empty_observations()


# --------------------------------------------------------------------------- the schema (pandera)


def _schema():
    """Column-level rules of the contract as a pandera schema over the interpreted rows.

    The index is the row as seen in Excel, so pandera's failure cases point at the user's rows.
    """
    import pandera.pandas as pa

    def by_unit(df: pd.DataFrame, units: Iterable[str], bad) -> pd.Series:
        mask = df["enhed"].isin(list(units)) & df["vaerdi"].notna()
        return ~(mask & bad(df["vaerdi"]))

    return pa.DataFrameSchema(
        {
            "periode_tekst": pa.Column(
                None,
                pa.Check(
                    lambda s: s.str.strip().str.upper().str.fullmatch(_PERIOD_RE.pattern).fillna(False),
                    name="periode_form",
                ),
            ),
            "aar": pa.Column(
                None, pa.Check(lambda s: s.between(AAR_MIN, AAR_MAX), name="aar_interval", ignore_na=True), nullable=True
            ),
            "taeller": pa.Column(None, pa.Check(lambda s: s >= 0, name="taeller_ikke_negativ", ignore_na=True), nullable=True),
            "naevner": pa.Column(None, pa.Check(lambda s: s > 0, name="naevner_positiv", ignore_na=True), nullable=True),
        },
        checks=[
            pa.Check(lambda df: by_unit(df, ["pct"], lambda v: (v < 0) | (v > 100)), name="pct_interval"),
            pa.Check(lambda df: by_unit(df, NON_NEGATIVE_UNITS, lambda v: v < 0), name="ikke_negativ"),
            pa.Check(
                lambda df: ~(df["heltal"] & df["vaerdi"].notna() & (df["vaerdi"] != df["vaerdi"].round())),
                name="heltal",
            ),
            pa.Check(
                lambda df: ~(
                    df["enhed"].isin(list(FRACTION_UNITS)) & (df["taeller"] > df["naevner"]) & (df["naevner"] > 0)
                ),
                name="taeller_over_naevner",
            ),
        ],
        strict=False,
    )


def _schema_problems(work: pd.DataFrame, fil: str, header_text: dict[str, str]) -> list[Problem]:
    import pandera.pandas as pa

    checked = work.copy()
    checked["enhed"] = checked["enhed"].astype(object)
    checked["heltal"] = checked["heltal"].astype(bool)
    for col in ("aar", "vaerdi", "taeller", "naevner"):
        checked[col] = pd.to_numeric(checked[col], errors="coerce").astype(float)
    checked["periode_tekst"] = checked["periode_tekst"].astype(str)
    try:
        _schema().validate(checked, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        failures = exc.failure_cases
    problems: list[Problem] = []
    seen: set[tuple[str, int]] = set()
    pairs = [
        (str(check), int(index))
        for check, index in zip(failures["check"], failures["index"])
        if index is not None and not (isinstance(index, float) and math.isnan(index))
    ]
    fraction_failed = {
        index for check, index in pairs if check in ("taeller_over_naevner", "taeller_ikke_negativ", "naevner_positiv")
    }
    for check, index in pairs:
        key = (check, index)
        if key in seen:
            continue
        seen.add(key)
        if check in ("pct_interval", "ikke_negativ", "heltal") and index in fraction_failed and checked.loc[index, "beregnet"]:
            continue  # a value computed from a faulty taeller/naevner: the fraction's problem is enough
        row = checked.loc[index]
        problem = _translate(check, row, index, fil, header_text)
        if problem is not None:
            problems.append(problem)
    return problems


def _translate(check: str, row: pd.Series, n: int, fil: str, header_text: dict[str, str]) -> Problem | None:
    """One pandera failure case -> one Problem in the user's words."""
    ind = row["indikator"]
    enhed = row["enhed"]

    def value_col() -> tuple[str, str, str]:
        """(column, value as written, ' (beregnet af tæller og nævner)')."""
        if row["beregnet"]:
            return header_text["taeller"], row["taeller_tekst"], f" (beregnet af tæller og nævner: {_fmt(row['vaerdi'])})"
        return header_text["vaerdi"], row["vaerdi_tekst"], ""

    if check == "periode_form":
        if not row["periode_tekst"]:
            return Problem(fil, f"perioden mangler; brug {PERIOD_FORMS}", raekke=n, kolonne=header_text["periode"])
        if row.get("periode_dato"):
            return Problem(
                fil,
                f"cellen er en dato i Excel, ikke en periode; skriv {PERIOD_FORMS} i en celle formateret som Tekst, "
                "så Excel ikke gør det til en dato (en dato, som Excel viser som et år med talformatet åååå, læses "
                "som året)",
                raekke=n, kolonne=header_text["periode"], vaerdi=row["periode_tekst"],
            )
        return Problem(
            fil, f"ugyldig periode; brug {PERIOD_FORMS}", raekke=n, kolonne=header_text["periode"], vaerdi=row["periode_tekst"]
        )
    if check == "aar_interval":
        return Problem(
            fil,
            f"året {int(row['aar'])} ligger uden for de gyldige år {AAR_MIN}-{AAR_MAX} (planens data dækker 2011-2021)",
            raekke=n,
            kolonne=header_text["periode"],
            vaerdi=row["periode_tekst"],
        )
    if check == "taeller_ikke_negativ":
        return Problem(fil, "tælleren kan ikke være negativ", raekke=n, kolonne=header_text["taeller"], vaerdi=row["taeller_tekst"])
    if check == "naevner_positiv":
        return Problem(
            fil, "nævneren skal være større end 0", raekke=n, kolonne=header_text["naevner"], vaerdi=row["naevner_tekst"]
        )
    if check == "pct_interval":
        col, text, how = value_col()
        return Problem(
            fil,
            f"en andel i procent skal ligge mellem 0 og 100{how} (indikatoren '{ind}' har enheden pct)",
            raekke=n,
            kolonne=col,
            vaerdi=text,
        )
    if check == "ikke_negativ":
        col, text, how = value_col()
        return Problem(
            fil,
            f"kan ikke være negativ{how}; indikatoren '{ind}' har enheden {enhed}, så værdien skal være 0 eller derover",
            raekke=n,
            kolonne=col,
            vaerdi=text,
        )
    if check == "heltal":
        col, text, how = value_col()
        return Problem(
            fil,
            f"skal være et helt tal{how}; indikatoren '{ind}' tæller hele enheder ({enhed})",
            raekke=n,
            kolonne=col,
            vaerdi=text,
        )
    if check == "taeller_over_naevner":
        return Problem(
            fil,
            f"tælleren er større end nævneren ({row['naevner_tekst']}); tælleren skal være en del af nævneren",
            raekke=n,
            kolonne=header_text["taeller"],
            vaerdi=row["taeller_tekst"],
        )
    return Problem(fil, f"fejl i kontrollen '{check}'", raekke=n)  # pragma: no cover - every check is named above


# --------------------------------------------------------------------------- duplicates


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
            notes.setdefault(fil[pos], []).append(f"række {raekke[pos]} er magen til {where} og er kun taget med én gang")
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
                    f"({periode[pos]}) som {where}, men en anden værdi ({_fmt(vaerdi[pos])} mod "
                    f"{_fmt(vaerdi[f])}); der må kun være én række pr. område, indikator og periode – "
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


def empty_observations() -> pd.DataFrame:
    """An empty tidy table with the contract's columns and types."""
    return pd.DataFrame(
        {
            "omraade": pd.Series([], dtype=str),
            "indikator": pd.Series([], dtype=str),
            "periode": pd.Series([], dtype=str),
            "aar": pd.Series([], dtype="int64"),
            "delperiode": pd.Series([], dtype=str),
            "vaerdi": pd.Series([], dtype=float),
            "taeller": pd.Series([], dtype=float),
            "naevner": pd.Series([], dtype=float),
            "kilde": pd.Series([], dtype=str),
            "note": pd.Series([], dtype=str),
            "illustrativ": pd.Series([], dtype=bool),
            "fil": pd.Series([], dtype=str),
            "raekke": pd.Series([], dtype="int64"),
        }
    )


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
                summary=f"{len(self.problems)} problem(er) i {n_files} fil(er); intet er indlæst",
            )


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
    out). Left out, with a note: Excel's lock files (``~$navn.xlsx``, which Excel keeps beside an open
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
            found, skipped, locks = [], [], []
            for f in sorted(path.iterdir(), key=lambda f: f.name):
                if not f.is_file() or f.name.startswith("."):
                    continue
                if f.name.startswith("~$"):
                    locks.append(f.name)
                elif f.suffix.lower() in DATA_SUFFIXES or f.suffix.lower() in REFUSED_SUFFIXES:
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
        from ..plan.model import load_plan

        plan = load_plan()
    resolver = _Resolver(plan)
    expanded = expand_data_paths(paths)
    files = expanded.files
    problems: list[Problem] = list(expanded.problems)
    notes: dict[str, list[str]] = {p: list(n) for p, n in expanded.notes.items()}
    frames: list[pd.DataFrame] = []
    for fil in files:
        path = Path(fil)
        try:
            result = _interpret(path, fil, plan, resolver)
        except FileReadError as exc:
            message = str(exc)
            prefix = f"{fil}: "
            problems.append(Problem(fil, message[len(prefix):] if message.startswith(prefix) else message))
            continue
        except MemoryError:
            problems.append(Problem(fil, "filen er for stor til at blive læst; del den op i flere filer"))
            continue
        except Exception as exc:  # noqa: BLE001 - one file's unexpected error must not hide the others' problems
            if os.environ.get("HELHEDSANALYSE_DEBUG"):
                raise
            problems.append(Problem(
                fil, f"filen kunne ikke læses på grund af en fejl i helhedsanalyse ({type(exc).__name__}: {exc}); de "
                     "andre filer er kontrolleret. Send filen til den, der vedligeholder værktøjet",
            ))
            continue
        notes[fil] = result.notes
        problems.extend(result.problems)
        frames.append(result.frame)
    frames = [f for f in frames if not f.empty]
    data = pd.concat(frames, ignore_index=True) if frames else empty_observations()
    data, dup_problems, dup_notes = _duplicates(data, on_conflict)
    for fil, extra in dup_notes.items():
        notes.setdefault(fil, []).extend(extra)
    problems.extend(dup_problems)
    order = {fil: i for i, fil in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.fil, len(order)), p.raekke if p.raekke is not None else -1))
    data = data.reset_index(drop=True)[list(OBSERVATION_COLUMNS)]
    return ValidationReport(files=files, data=data, problems=problems, notes=notes)


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
        from ..plan.model import load_plan

        plan = load_plan()
    fil = str(path)
    result = _interpret(Path(path), fil, plan, _Resolver(plan))
    data, dup_problems, dup_notes = _duplicates(result.frame, on_conflict)
    problems = sorted(result.problems + dup_problems, key=lambda p: p.raekke if p.raekke is not None else -1)
    if problems:
        raise DataValidationError(problems, summary=f"{len(problems)} problem(er) i {fil}; intet er indlæst")
    notes = result.notes + dup_notes.get(fil, [])
    return data.reset_index(drop=True)[list(OBSERVATION_COLUMNS)], notes


def criteria_with_data(frame: pd.DataFrame, plan: Plan | None = None) -> list[tuple[Kriterium, list[str]]]:
    """The quantitative criteria that have data: (criterion, its areas with at least one row), plan order.

    A criterion has data when ``frame`` has at least one row with its indicator for one of its areas.
    ``samlet`` has data when it is given directly, or when one of the four areas has data for an
    indicator that is aggregated (``Indikator.samlet`` is ``sum`` or ``ratio``): samlet is then
    recomputed from the areas.
    """
    if plan is None:
        from ..plan.model import load_plan

        plan = load_plan()
    present = set(zip(frame["omraade"], frame["indikator"]))
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
