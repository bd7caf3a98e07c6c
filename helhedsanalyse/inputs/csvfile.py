"""CSV text files: decoding, the separator, the rows as Excel would count them, and the structure checks.

:func:`read_csv` reads a file into a :class:`~helhedsanalyse.inputs.table.RawTable` (UTF-8 with or without
BOM; Windows-1252 and UTF-16 with a note; a file mixing UTF-8 and Windows-1252 is refused; only CR, LF and
CRLF end a line; the separator ``,``, ``;`` or tab taken from the header line). :func:`csv_structure`
finds the rows whose fields do not line up with the header; it serves the observations and the evaluator's
assessments (:mod:`helhedsanalyse.inputs.vurderinger`) alike.

>>> table = read_csv_text("område;indikator;periode;værdi\\nmotalavej;tryghed;2018;70,5\\n", "d.csv")
>>> table.separator, table.rows[1]
(';', (2, ['motalavej', 'tryghed', '2018', '70,5']))
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import FileReadError, Problem
from ..core.formatting import antal_tekst
from . import limits
from .contract import header_score
from .table import RawTable, is_blank, is_comment

__all__ = ["csv_structure", "read_csv", "read_csv_text"]

#: æ ø å Æ Ø Å é as UTF-8 bytes.
_UTF8_DANISH = tuple(c.encode("utf-8") for c in "æøåÆØÅé")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

_SEPARATOR_NOTES = {";": "skilletegn: semikolon", "\t": "skilletegn: tabulator"}


# --------------------------------------------------------------------------- reading


def _decode(raw: bytes, fil: str) -> tuple[str, list[str]]:
    """The text of a file, and notes of how it was decoded."""
    notes: list[str] = []
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileReadError(
            f"{fil}: filen er ikke en tekstfil (CSV) og ikke en Excel-fil (.xlsx); gem den som CSV eller .xlsx"
        )
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


class _FieldLimit:
    """Lift the csv module's field limit (131.072 characters) while a file is read: a longer field is
    reported with its row (:func:`csv_structure`), never as a crash of the reader."""

    def __enter__(self) -> None:
        self.old = csv.field_size_limit()
        csv.field_size_limit(max(self.old, limits.MAX_CSV_BYTES + 1))

    def __exit__(self, *exc: object) -> None:
        csv.field_size_limit(self.old)


def _read_bytes(path: Path, fil: str) -> bytes:
    """The file's bytes, refused beyond :data:`~helhedsanalyse.inputs.limits.MAX_CSV_BYTES`."""
    try:
        size = path.stat().st_size
        if size > limits.MAX_CSV_BYTES:
            raise FileReadError(
                f"{fil}: filen fylder {limits.size_text(size)}; helhedsanalyse læser højst "
                f"{limits.size_text(limits.MAX_CSV_BYTES)} pr. CSV-fil (omkring "
                f"{limits.thousands_text(limits.MAX_ROWS)} rækker). Del den op i flere filer (fx én pr. år eller pr. "
                "område) og giv dem alle på én gang"
            )
        return path.read_bytes()
    except OSError as exc:
        raise FileReadError(f"{fil}: filen kan ikke læses ({exc.strerror or exc})") from None


def read_csv(path: Path, fil: str) -> RawTable:
    """The rows of a CSV file (``fil`` names it in messages)."""
    raw = _read_bytes(path, fil)
    text, notes = _decode(raw, fil)
    del raw
    return read_csv_text(text, fil, notes)


def read_csv_text(text: str, fil: str, notes: list[str] | None = None) -> RawTable:
    """The rows of a CSV file's text; ``notes`` are those of its decoding."""
    notes = [] if notes is None else notes
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
        return RawTable(rows=[], excel=False, notes=notes)
    with _FieldLimit():
        sep = _separator(lines[skip : skip + 30])
        if sep != ",":
            notes.append(_SEPARATOR_NOTES[sep])
        rows: list[tuple[int, list[Any]]] = [(i + 1, [lines[i]]) for i in range(skip)]
        table = RawTable(rows=rows, excel=False, notes=notes, separator=sep)
        first_line, last_line = _parse_rows(lines, skip, table, fil)
        if len(rows) > skip:
            _find_unclosed(lines, first_line, last_line, table)
    return table


def _separator(first_lines: list[str]) -> str:
    """The separator that splits the header (or, above an instructions block, some row) into known column
    names; ties go to the one that splits most of the first rows into several cells."""
    sample = [line for line in first_lines if line.strip() and not line.lstrip().startswith("#")]
    best: tuple[int, int, str] | None = None
    for sep in (";", ",", "\t"):
        split = list(csv.reader(sample, delimiter=sep))
        score = (max(header_score(c) for c in split), sum(len(c) > 1 for c in split), sep)
        if best is None or score[:2] > best[:2]:
            best = score
    assert best is not None
    return best[2]


def _parse_rows(lines: list[str], skip: int, table: RawTable, fil: str) -> tuple[int, int]:
    """Append the rows after the ``skip`` leading lines to ``table``; the file lines of the last row.

    Rows are counted as Excel counts them (a quoted line break stays inside its cell); the lines of the
    file (line_num) are kept for a quoted field that runs over several lines.
    """
    sep = table.separator or ","
    reader = csv.reader(io.StringIO("\n".join(lines[skip:]), newline=""), delimiter=sep)
    last_line = first_line = skip
    try:
        for n, cells in enumerate(reader, start=skip + 1):
            if n > limits.MAX_ROWS + 1:
                raise limits.too_many_rows(fil)
            table.rows.append((n, cells))
            first_line, last_line = last_line + 1, skip + reader.line_num
            if last_line > first_line:
                j = next((j for j, c in enumerate(cells) if "\n" in c), len(cells) - 1)
                table.multiline.append((n, j, first_line, last_line))
    except csv.Error as exc:  # pragma: no cover - the csv module is very lenient
        raise FileReadError(f"{fil}: filen kan ikke læses som CSV ({exc})") from None
    return first_line, last_line


def _find_unclosed(lines: list[str], first_line: int, last_line: int, table: RawTable) -> None:
    """A quote that opens a field and never closes swallows the rest of the file into that field: the
    lenient reader gives it as the last row; a strict reader of that row alone says so."""
    try:
        next(csv.reader(io.StringIO("\n".join(lines[first_line - 1 :]), newline=""), delimiter=table.separator or ",",
                        strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            n, cells = table.rows[-1]
            j = next((j for j, c in enumerate(cells) if "\n" in c), len(cells) - 1)
            table.unclosed = (n, j, first_line, last_line)
    except StopIteration:  # pragma: no cover - there is a row
        pass


# --------------------------------------------------------------------------- structure


@dataclass
class _Header:
    """What the structure checks need of the header row."""

    n: int  # its row
    index: int  # its index in ``table.rows``
    named: list[int]  # indexes of the columns with a name
    width: int  # up to the last named column
    full_width: int  # every field of the header row
    sep: str
    column: Callable[[int], str]
    important: set[int]


def csv_structure(
    table: RawTable, fil: str, header_index: int, column: Callable[[int], str], important: set[int]
) -> tuple[dict[int, Problem], list[str]]:
    """Rows of a CSV file whose fields do not line up with the header: row -> its problem, and notes.

    * a quote that opens a field and is never closed (the rest of the file would be that one cell);
    * a quoted field over several lines that holds something like rows (a quote closed much later);
    * a field longer than an Excel cell can hold (:data:`~helhedsanalyse.inputs.limits.EXCEL_CELL_CHARS`);
    * more fields than the header (with a filled extra field);
    * one field holding the other separator (a row with another separator than the header);
    * fewer fields than the header: refused when a column the row lacks is one of the ``important``
      ones (numbers, names, periods) and has a value in another row: a lost separator moves the values
      to the wrong columns. Otherwise (only free-text columns such as kilde and note, or columns empty in
      the whole file: a program that leaves out empty fields at the end) read with them empty, noted.

    ``column(j)`` names the column with index j in a message. Also used for the evaluator's
    assessments (:mod:`helhedsanalyse.inputs.vurderinger`).
    """
    header_n, header_cells = table.rows[header_index]
    named = [j for j, c in enumerate(header_cells) if not is_blank(c)]
    header = _Header(header_n, header_index, named, named[-1] + 1 if named else len(header_cells), len(header_cells),
                     table.separator or ",", column, important)
    out = _unclosed_problem(table, fil, header)
    out.update(_multiline_problems(table, fil, header, skip=set(out)))
    filled: set[int] | None = None
    n_short = 0
    for n, cells in table.rows[header_index + 1 :]:
        longest = max(map(len, cells), default=0)
        if len(cells) == header.full_width and n not in out and longest <= limits.EXCEL_CELL_CHARS:
            continue  # the common case, at once
        if n in out or not cells or all(is_blank(c) for c in cells) or is_comment(cells):
            continue
        problem = _field_problem(n, cells, fil, header)
        if problem is None and 1 < len(cells) < header.width and not is_blank(cells[-1]):
            if filled is None:
                filled = _filled_columns(table, header)
            problem = _lacking_problem(n, cells, fil, header, filled)
            n_short += problem is None
        if problem is not None:
            out[n] = problem
    notes = []
    if n_short:
        notes.append(
            f"{antal_tekst(n_short, 'række', 'rækker')} har færre felter end overskriften; "
            "de manglende felter til sidst er læst som "
            "tomme"
        )
    return out, notes


def _unclosed_problem(table: RawTable, fil: str, header: _Header) -> dict[int, Problem]:
    """A quote that opens a field below the header and is never closed: its row -> the problem."""
    if table.unclosed is None:
        return {}
    n, j, first, last = table.unclosed
    if n <= header.n:
        return {}
    more = last - first
    swallowed = (
        f", så resten af filen ({antal_tekst(more, 'linje', 'linjer')} efter denne) bliver til én celle, "
        "og rækkerne dér forsvinder"
        if more else ""
    )
    return {n: Problem(
        fil,
        f"feltet begynder med et anførselstegn (\"), som aldrig afsluttes{swallowed}; slet anførselstegnet, "
        "eller sæt et afsluttende \" efter feltets tekst",
        raekke=n, kolonne=header.column(j),
    )}


def _multiline_problems(table: RawTable, fil: str, header: _Header, skip: set[int]) -> dict[int, Problem]:
    """Quoted fields over several lines that hold something like rows (a quote closed much later)."""
    out: dict[int, Problem] = {}
    rows_by_n = None
    for n, j, first, last in table.multiline:
        if n in skip or n in out or n <= header.n:
            continue
        if rows_by_n is None:
            rows_by_n = dict(table.rows)
        text = rows_by_n[n][j] if j < len(rows_by_n[n]) else ""
        inner = text.split("\n")[1:]
        rowlike = next((line for line in inner if line.count(header.sep) >= max(header.width - 1, 2)), None)
        if rowlike is not None:
            shown = rowlike if len(rowlike) <= 60 else rowlike[:57] + "..."
            out[n] = Problem(
                fil,
                f"feltet står i anførselstegn over linje {first}-{last} i filen og indeholder noget, der ligner "
                f"rækker ('{shown}'); er et anførselstegn ikke afsluttet? Ret anførselstegnene, så hver række "
                "står på sin egen linje",
                raekke=n, kolonne=header.column(j),
            )
    return out


def _field_problem(n: int, cells: list[Any], fil: str, header: _Header) -> Problem | None:
    """A field too long for a cell, more fields than the header, another separator, or a short row that
    ends with an empty field (an empty field written, so one is missing inside the row)."""
    sep = header.sep
    long = next((j for j, c in enumerate(cells) if isinstance(c, str) and len(c) > limits.EXCEL_CELL_CHARS), None)
    if long is not None:
        return Problem(
            fil,
            f"feltet har {limits.thousands_text(len(cells[long]))} tegn, men en celle i Excel kan højst rumme "
            f"{limits.thousands_text(limits.EXCEL_CELL_CHARS)} tegn; er et anførselstegn ikke afsluttet, eller er der "
            "indsat noget andet end tal og korte tekster?",
            raekke=n, kolonne=header.column(long),
        )
    if any(not is_blank(c) for c in cells[header.full_width:]):
        return Problem(fil, f"rækken har {len(cells)} felter, men overskriften har {header.full_width}"
                       f"{_extra_fields_hint(cells, sep)}", raekke=n)
    if len(cells) == 1 and header.width > 1:
        other = "," if sep == ";" else ";"
        if other in cells[0]:
            return Problem(
                fil,
                f"rækken bruger '{other}' som skilletegn, men overskriften bruger '{sep}'; brug det samme "
                "skilletegn i hele filen",
                raekke=n,
            )
    if 1 < len(cells) < header.width and is_blank(cells[-1]):
        return Problem(fil, _short_row(len(cells), header.width, sep), raekke=n)
    return None


def _extra_fields_hint(cells: list[Any], sep: str) -> str:
    """Why a row may have more fields than the header: a decimal comma, or the separator in a text."""
    digits = [isinstance(c, str) and c.strip().isdigit() for c in cells]
    if sep == "," and any(a and b for a, b in zip(digits, digits[1:], strict=False)):
        return ("; bruger rækken decimalkomma i en kommasepareret fil? Sæt tallet i anførselstegn "
                "(\"72,4\") eller brug semikolon som skilletegn")
    name = {",": "et komma", ";": "et semikolon", "\t": "en tabulator"}.get(sep, f"'{sep}'")
    return (f"; står der {name} i en tekst (fx en note eller en begrundelse)? Sæt så teksten i "
            f"anførselstegn (\"ny{sep} bedre metode\")")


def _filled_columns(table: RawTable, header: _Header) -> set[int]:
    """The named columns with a value in some row below the header."""
    filled: set[int] = set()
    for _, cells in table.rows[header.index + 1 :]:
        if not is_comment(cells):
            filled.update(j for j, c in enumerate(cells[: header.width]) if not is_blank(c) and j in header.named)
    return filled


def _lacking_problem(n: int, cells: list[Any], fil: str, header: _Header, filled: set[int]) -> Problem | None:
    """A row that stops after a value may just leave out the empty fields at the end, unless a column it
    lacks holds numbers or names in other rows."""
    lacking = [j for j in header.named if j >= len(cells) and j in filled and j in header.important]
    if not lacking:
        return None
    names = ", ".join(f"'{header.column(j)}'" for j in lacking)
    what = f"{'kolonnen' if len(lacking) == 1 else 'kolonnerne'} {names}, som er udfyldt i andre rækker"
    return Problem(fil, _short_row(len(cells), header.width, header.sep, what), raekke=n)


def _short_row(n_fields: int, width: int, sep: str, lacking: str = "") -> str:
    sep_text = {"\t": "tabulator"}.get(sep, sep)
    return (
        f"rækken har {n_fields} felter, men overskriften har {width}"
        + (f" (rækken mangler {lacking})" if lacking else "")
        + "; er et skilletegn faldet ud? Så står værdierne i de forkerte kolonner. Hver række skal have et felt for "
        f"hver kolonne; et tomt felt er to skilletegn i træk ('{sep_text}{sep_text}')"
    )
