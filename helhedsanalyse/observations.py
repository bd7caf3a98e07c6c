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
  to each row (noted); a number merged over several rows is refused.
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
import difflib
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Literal, Sequence

import numpy as np
import pandas as pd

from .errors import DataValidationError, FileReadError, Problem
from .plan import normalise_name

if TYPE_CHECKING:  # pragma: no cover
    from .plan import Kriterium, Plan

__all__ = [
    "OBSERVATION_COLUMNS",
    "ValidationReport",
    "criteria_with_data",
    "empty_observations",
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
_DATA_SHEET = "data"

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
    """The cells of one file: (row as seen in Excel, cells) for every row."""

    rows: list[tuple[int, list[Any]]]
    excel: bool
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    separator: str | None = None
    #: Excel: merged ranges as (first row, first column index, last row, last column index, "A2:A4").
    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)


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


def _read_csv(path: Path, fil: str) -> _Table:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileReadError(f"{fil}: filen kan ikke læses ({exc.strerror or exc})") from None
    text, notes = _decode(raw, fil)
    # Only CR, LF and CRLF end a line in CSV: str.splitlines would also break at U+2028, U+0085, form
    # feed ... (pasted into a note from Word or a web page), which shifts every row number after it.
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    # Leading comment and blank lines are taken out before the CSV parser sees them: a stray quote in a
    # comment must not swallow the data.
    skip = 0
    while skip < len(lines) and (not lines[skip].strip() or lines[skip].lstrip().startswith("#")):
        skip += 1
    if skip == len(lines):
        return _Table(rows=[], excel=False, notes=notes)
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
    body = "\n".join(lines[skip:])
    rows: list[tuple[int, list[Any]]] = [(i + 1, [lines[i]]) for i in range(skip)]
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=sep)
    try:
        for n, cells in enumerate(reader, start=skip + 1):
            rows.append((n, cells))
    except csv.Error as exc:  # pragma: no cover - the csv module is very lenient
        raise FileReadError(f"{fil}: filen kan ikke læses som CSV ({exc})") from None
    return _Table(rows=rows, excel=False, notes=notes, separator=sep)


def _read_excel(path: Path, fil: str) -> _Table:
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation and styles it ignores
            # read from the bytes: openpyxl refuses a file name that does not end in .xlsx (an Excel file
            # saved as 'data.csv'), and a broken workbook can fail in many ways; each is one problem
            wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), data_only=True)
    except OSError as exc:
        raise FileReadError(f"{fil}: filen kan ikke læses ({exc.strerror or exc})") from None
    except Exception as exc:  # noqa: BLE001 - zipfile.BadZipFile, KeyError, ValueError, XML errors ...
        raise FileReadError(f"{fil}: filen kan ikke læses som Excel-fil (.xlsx): {exc}") from None
    try:
        notes: list[str] = []
        sheets = {normalise_name(ws.title): ws for ws in wb.worksheets}
        visible = [w for w in wb.worksheets if w.sheet_state == "visible"]
        if _DATA_SHEET in sheets:
            ws = sheets[_DATA_SHEET]
            if ws.sheet_state != "visible":
                notes.append(f"arket '{ws.title}' er skjult i Excel, men er læst (det hedder 'Data')")
        else:
            # A hidden sheet is never read in place of the sheet the user sees.
            ws = (visible or wb.worksheets)[0]
            if len(wb.worksheets) > 1:
                notes.append(f"arket '{ws.title}' er læst (det første synlige ark; intet ark hedder 'Data')")
            hidden = [w.title for w in wb.worksheets if w.sheet_state != "visible" and w is not ws]
            if hidden:
                notes.append("skjulte ark er ikke læst: " + ", ".join(f"'{t}'" for t in hidden))
        rows = [
            (i, list(cells))
            for i, cells in enumerate(ws.iter_rows(min_row=1, max_row=max(ws.max_row, 1), values_only=True), start=1)
        ]
        merged = [(r.min_row, r.min_col - 1, r.max_row, r.max_col - 1, r.coord) for r in ws.merged_cells.ranges]
        title = ws.title
    finally:
        wb.close()
    n_formulas = _mark_formulas(path, title, rows)
    if n_formulas:
        notes.append(f"formler: Excels gemte resultat er brugt ({n_formulas} celle(r))")
    return _Table(rows=rows, excel=True, notes=notes, merged=sorted(merged))


def _mark_formulas(path: Path, title: str, rows: list[tuple[int, list[Any]]]) -> int:
    """Find formula cells; a formula without a stored result becomes a :class:`_FormulaWithoutResult`.

    ``load_workbook(data_only=True)`` gives a formula's result as Excel stored it, and None when the file
    has none (written by a program and never opened in Excel): such a cell would look empty. The
    workbook is only read a second time when its sheets contain formulas at all. Returns the number of
    formula cells with a stored result.
    """
    import warnings

    import openpyxl

    try:
        with zipfile.ZipFile(path) as z:
            has = any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    except (zipfile.BadZipFile, OSError, KeyError):  # pragma: no cover - it was just read
        return 0
    if not has:
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), data_only=False)
    with_result = 0
    try:
        ws = wb[title]
        for i, cells in enumerate(ws.iter_rows(min_row=1, max_row=max(ws.max_row, 1), values_only=True), start=1):
            for j, cell in enumerate(cells):
                if isinstance(cell, str) and cell.startswith("=") and i <= len(rows) and j < len(rows[i - 1][1]):
                    if rows[i - 1][1][j] is None:
                        rows[i - 1][1][j] = _FormulaWithoutResult(cell)
                    else:
                        with_result += 1
    finally:
        wb.close()
    return with_result


def _read_table(path: Path, fil: str) -> _Table:
    if not path.exists():
        raise FileReadError(f"{fil}: filen findes ikke")
    if path.is_dir():
        raise FileReadError(f"{fil}: er en mappe, ikke en fil")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FileReadError(f"{fil}: det gamle Excel-format (.xls) kan ikke læses; gem filen som .xlsx eller CSV")
    if suffix in (".ods", ".numbers"):
        raise FileReadError(f"{fil}: formatet {suffix} kan ikke læses; gem filen som .xlsx eller CSV")
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, fil)
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise FileReadError(f"{fil}: filen kan ikke læses ({exc.strerror or exc})") from None
    if magic == b"PK\x03\x04":
        table = _read_excel(path, fil)
        table.notes.insert(0, f"filen er en Excel-fil, selv om navnet ender på '{path.suffix}'; læst som Excel")
        return table
    return _read_csv(path, fil)


# --------------------------------------------------------------------------- interpreting one file


@dataclass
class _Resolver:
    """Matches area and indicator names against the plan and suggests the closest valid id."""

    plan: "Plan"

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
    candidates = [i for i, (_, cells) in enumerate(table.rows) if any(not _is_blank(c) for c in cells)]
    candidates = [i for i in candidates if not _is_comment(table.rows[i][1])]
    if not candidates:
        return None
    first = candidates[0]
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


def _interpret(path: Path, fil: str, plan: "Plan", resolver: _Resolver) -> _FileResult:
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
    for r0, c0, r1, c1, coord in table.merged:
        if r0 <= header_row or r0 > len(table.rows):
            continue
        top = table.rows[r0 - 1][1]
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
            for n in range(r0 + 1, min(r1, len(table.rows)) + 1):
                cell_problems.setdefault(n, []).append(
                    Problem(fil, f"cellen er en del af den flettede celle {coord}, og tallet står kun i række {r0}; "
                            "et tal gælder kun én række – ophæv fletningen og skriv tallet i hver række",
                            raekke=n, kolonne=header_text[col])
                )
        elif not _is_blank(value):
            for n in range(r0 + 1, min(r1, len(table.rows)) + 1):
                cells = table.rows[n - 1][1]
                if c0 < len(cells):
                    cells[c0] = value
            notes.add(f"flettet celle {coord} ({header_text[col]}): '{_show(value)}' gælder for række {r0}-{r1}")

    # ---- rows
    width = len(header_cells)
    data_rows: list[tuple[int, dict[str, Any]]] = []
    n_unfilled = 0
    for n, cells in table.rows[header_index + 1 :]:
        if all(_is_blank(c) for c in cells):
            continue
        if _is_comment(cells):
            notes.add("rækker, der begynder med '#', er sprunget over som kommentarer")
            continue
        if n in cell_problems:
            problems.extend(cell_problems[n])
            continue
        if not table.excel:
            extra = [c for c in cells[width:] if not _is_blank(c)]
            if extra:
                hint = (
                    "; bruger rækken decimalkomma i en kommasepareret fil? Sæt tallet i anførselstegn "
                    "(\"72,4\") eller brug semikolon som skilletegn"
                    if table.separator == ","
                    else ""
                )
                problems.append(
                    Problem(
                        fil,
                        f"rækken har {len(cells)} felter, men overskriften har {width}{hint}",
                        raekke=n,
                    )
                )
                continue
            if len(cells) == 1 and width > 1:
                other = "," if table.separator == ";" else ";"
                if other in cells[0]:
                    problems.append(
                        Problem(
                            fil,
                            f"rækken bruger '{other}' som skilletegn, men overskriften bruger "
                            f"'{table.separator}'; brug det samme skilletegn i hele filen",
                            raekke=n,
                        )
                    )
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
    n_text_numbers = n_percent = n_thousands = n_computed = 0
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

        # periode (the form is checked by the schema below)
        cell = record.get("periode")
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
    notes.counted("procenttegn fjernet ({n} celle(r))", n_percent)
    notes.counted("tusindtalsseparator fortolket ({n} celle(r))", n_thousands)
    notes.counted("værdi beregnet af tæller og nævner ({n} række(r))", n_computed)

    if not records:
        return done()
    work = pd.DataFrame.from_records(records)
    work.index = pd.Index(work["raekke"].astype(int), name="raekke")
    problems.extend(_schema_problems(work, fil, header_text))

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


def _show(cell: Any) -> str:
    """A cell as the user typed it (numbers without a trailing .0)."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
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


def _same(a: float, b: float) -> bool:
    if math.isnan(a) and math.isnan(b):
        return True
    if math.isnan(a) or math.isnan(b):
        return False
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _duplicates(
    frame: pd.DataFrame, on_conflict: Literal["error", "keep"]
) -> tuple[pd.DataFrame, list[Problem], dict[str, list[str]]]:
    """Identical rows are kept once (with a note); rows with the same key and different values are problems."""
    problems: list[Problem] = []
    notes: dict[str, list[str]] = {}
    if frame.empty:
        return frame, problems, notes
    drop: list[int] = []
    keys = ["omraade", "indikator", "periode"]
    dup = frame[frame.duplicated(keys, keep=False)]
    for _, group in dup.groupby(keys, sort=False):
        first = group.iloc[0]
        for pos, row in group.iloc[1:].iterrows():
            where = f"række {first['raekke']}" if row["fil"] == first["fil"] else f"{first['fil']}, række {first['raekke']}"
            if all(_same(float(row[c]), float(first[c])) for c in ("vaerdi", "taeller", "naevner")):
                notes.setdefault(row["fil"], []).append(
                    f"række {row['raekke']} er magen til {where} og er kun taget med én gang"
                )
                drop.append(pos)
            elif on_conflict == "keep":
                notes.setdefault(row["fil"], []).append(
                    f"række {row['raekke']}: samme område, indikator og periode som {where}, men en anden værdi; "
                    "begge er beholdt"
                )
            else:
                problems.append(
                    Problem(
                        row["fil"],
                        f"samme område ({row['omraade']}), indikator ({row['indikator']}) og periode "
                        f"({row['periode']}) som {where}, men en anden værdi ({_fmt(row['vaerdi'])} mod "
                        f"{_fmt(first['vaerdi'])}); der må kun være én række pr. område, indikator og periode – "
                        "ret eller slet den forkerte",
                        raekke=int(row["raekke"]),
                        vaerdi=None,
                    )
                )
                drop.append(pos)
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


def _expand(paths: str | Path | Iterable[str | Path]) -> list[str]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                f for f in path.iterdir()
                if f.is_file() and f.suffix.lower() in (".csv", ".txt", ".tsv", *EXCEL_SUFFIXES)
                and not f.name.startswith(("~$", "."))
            )
            out.extend(str(f) for f in found)
            if not found:
                out.append(str(p))  # reported as a problem: no data files in the folder
        else:
            out.append(str(p))
    return out


def validate_files(
    paths: str | Path | Iterable[str | Path],
    plan: "Plan | None" = None,
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
        from .plan import load_plan

        plan = load_plan()
    resolver = _Resolver(plan)
    files = _expand(paths)
    problems: list[Problem] = []
    notes: dict[str, list[str]] = {}
    frames: list[pd.DataFrame] = []
    for fil in files:
        path = Path(fil)
        if path.is_dir():
            problems.append(Problem(fil, "mappen indeholder ingen CSV- eller Excel-filer"))
            continue
        try:
            result = _interpret(path, fil, plan, resolver)
        except FileReadError as exc:
            message = str(exc)
            prefix = f"{fil}: "
            problems.append(Problem(fil, message[len(prefix):] if message.startswith(prefix) else message))
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
    plan: "Plan | None" = None,
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
    plan: "Plan | None" = None,
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
        from .plan import load_plan

        plan = load_plan()
    fil = str(path)
    result = _interpret(Path(path), fil, plan, _Resolver(plan))
    data, dup_problems, dup_notes = _duplicates(result.frame, on_conflict)
    problems = sorted(result.problems + dup_problems, key=lambda p: p.raekke if p.raekke is not None else -1)
    if problems:
        raise DataValidationError(problems, summary=f"{len(problems)} problem(er) i {fil}; intet er indlæst")
    notes = result.notes + dup_notes.get(fil, [])
    return data.reset_index(drop=True)[list(OBSERVATION_COLUMNS)], notes


def criteria_with_data(frame: pd.DataFrame, plan: "Plan | None" = None) -> list[tuple["Kriterium", list[str]]]:
    """The quantitative criteria that have data: (criterion, its areas with at least one row), plan order.

    A criterion has data when ``frame`` has at least one row with its indicator for one of its areas.
    ``samlet`` has data when it is given directly, or when one of the four areas has data for an
    indicator that is aggregated (``Indikator.samlet`` is ``sum`` or ``ratio``): samlet is then
    recomputed from the areas.
    """
    if plan is None:
        from .plan import load_plan

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
