"""Excel workbooks (.xlsx, .xlsm): the checks before anything is unpacked, and the one sheet's cells.

:func:`read_excel` reads the sheet named ``Data`` if there is one, else the first *visible* sheet, into a
:class:`~helhedsanalyse.inputs.table.RawTable`: the values Excel stored (a formula's stored result; a
formula without one is marked), which number cells are formatted as a percentage, the date formats,
merged ranges, hidden rows and columns and the filter. Refused with the fix: a password-protected
workbook (an encrypted OLE container, whatever its name), the old .xls format, an OpenDocument
spreadsheet, a zip file that is no workbook, and parts that unpack beyond
:data:`~helhedsanalyse.inputs.limits.MAX_EXCEL_UNPACKED_BYTES` (read from the zip directory before anything
is unpacked, so a zip bomb costs nothing).

This module relies on openpyxl's private API (``openpyxl.worksheet._reader.WorkSheetParser``, its tags
and ``parse_row``/``parse_cell``/``parse_formula``, ``ExcelReader``'s reading steps, the workbook's
``_date_formats``): an openpyxl upgrade may need this module checked (``tests/test_excel.py``).

>>> is_percent_format("0,0 %"), is_percent_format('0.0" %"'), is_year_format("åååå")
(True, False, True)
"""

from __future__ import annotations

import functools
import re
import types
import warnings
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..core.errors import FileReadError
from ..core.formatting import antal_tekst
from ..plan.model import normalise_name
from . import limits
from .table import FormulaWithoutResult, RawTable

__all__ = ["OLE_MAGIC", "is_percent_format", "is_year_format", "ole_problem", "read_excel"]

_DATA_SHEET = "data"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream in which an encrypted workbook (any Office version since 2007) keeps the real .xlsx; the
#: name is stored in UTF-16 in the container's directory.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

_EXCEL_SAVE_AS = "åbn den i Excel, og vælg Filer > Gem som > Excel-projektmappe (.xlsx), eller gem den som CSV"


def ole_problem(path: Path, fil: str) -> FileReadError:
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
    or parts that unpack to more than :data:`~helhedsanalyse.inputs.limits.MAX_EXCEL_UNPACKED_BYTES` (sizes from
    the zip directory)."""
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
    if unpacked > limits.MAX_EXCEL_UNPACKED_BYTES:
        packed = max(1, sum(i.compress_size for i in infos))
        if unpacked > 100 * packed:  # Excel's own files pack 5-20 times; a zip bomb a thousand times
            raise FileReadError(
                f"{fil}: filen fylder {limits.size_text(path.stat().st_size)}, men {limits.size_text(unpacked)}, når "
                f"den pakkes ud (pakket {limits.thousands_text(unpacked // packed)} gange sammen, hvor en Excel-fil "
                "pakkes 5-20 gange); den er ikke skrevet af Excel og læses ikke. Gem tallene i en ny "
                "Excel-projektmappe (.xlsx) eller som CSV"
            )
        raise FileReadError(
            f"{fil}: Excel-filen fylder {limits.size_text(unpacked)}, når den pakkes ud; helhedsanalyse læser højst "
            f"{limits.size_text(limits.MAX_EXCEL_UNPACKED_BYTES)} udpakket pr. fil (omkring "
            f"{limits.thousands_text(limits.MAX_ROWS)} rækker). Del tallene op i flere filer (fx én pr. år eller pr. "
            "område), og giv dem alle på én gang"
        )


def _safe_expat() -> bool:
    """Python's expat guards against entity expansion ("billion laughs") from version 2.4.1 on."""
    import pyexpat

    return tuple(pyexpat.version_info) >= (2, 4, 1)


_SAFE_EXPAT = _safe_expat()


def is_percent_format(fmt: str) -> bool:
    """A number format that shows the value × 100 with a %: '0%', '0.0%', '0,0 %' (not a quoted "%")."""
    return "%" in _format_codes(fmt)


def _format_codes(fmt: str) -> str:
    """The codes of a number format without quoted text, escaped characters and [colour]/[$-406] parts."""
    return re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", fmt or "")


def is_year_format(fmt: str) -> bool:
    """A date format that shows only the year ('yyyy', 'yy', 'åååå' in Danish Excel)."""
    codes = _format_codes(fmt).lower()
    return any(c in codes for c in "yå") and not any(c in codes for c in "mdhsjt")


@functools.cache
def _sheet_parser() -> type:
    """openpyxl's ``WorkSheetParser`` with values as Excel stored them (data_only), and whether a cell
    holds a formula.

    ``parse`` walks the sheet with the standard library's C iterparse where the expat in use guards
    against entity expansion (2.4.1 and later; ElementTree never fetches external entities):
    openpyxl takes defusedxml's pure-Python parser whenever defusedxml is installed (nbconvert
    installs it), which costs a third of the time of a large sheet. Rows, cells, formulas, merged
    cells, the filter and column widths are parsed by openpyxl's own methods. Built on first use, so that
    openpyxl is imported only when a workbook is read.
    """
    from openpyxl.worksheet._reader import COL_TAG, FILTER_TAG, FORMULA_TAG, MERGE_TAG, ROW_TAG, WorkSheetParser
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.merge import MergeCells

    class Parser(WorkSheetParser):
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

    return Parser


def _broken(fil: str, exc: Exception) -> FileReadError:
    return FileReadError(f"{fil}: filen kan ikke læses som Excel-fil (.xlsx): {exc}. Åbn den i Excel og gem den igen")


def read_excel(path: Path, fil: str) -> RawTable:
    """The cells of the workbook's data sheet (``fil`` names the file in messages).

    openpyxl's read-only mode is not used as such: ``load_workbook(read_only=True)`` parses every sheet
    whose XML has no ``<dimension>`` once just to size it, and its ``iter_rows`` fills every row and
    column up to the declared dimension (a formatted empty cell at XFD1048576 makes 17 billion cells).
    Here the workbook's parts are read as read-only mode reads them (``ExcelReader``: manifest, shared
    strings, workbook, styles), and the one sheet is parsed once by openpyxl's ``WorkSheetParser``: only the
    cells in the file are visited, and in the same pass it collects what read-only mode does not expose:
    merged cells, hidden rows and columns, the filter.
    """
    _check_workbook_zip(path, fil)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise FileReadError(f"{fil}: filen kan ikke læses ({exc.strerror or exc})") from None
    table = RawTable(rows=[], excel=True, notes=[])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation and styles it ignores
            reader = _open_workbook(fh, fil)
            target = _choose_sheet(reader, fil, table.notes)
            if "chartsheet" in target:  # a chart, no cells
                return table
            with reader.archive.open(target) as src:
                parser = _sheet_parser()(src, reader.shared_strings, data_only=True, epoch=reader.wb.epoch,
                                         date_formats=reader.wb._date_formats,
                                         timedelta_formats=reader.wb._timedelta_formats)
                n_formulas = _read_cells(parser, reader.wb, table, fil)
            _read_sheet_layout(parser, table)
    except FileReadError:
        raise
    except MemoryError:  # pragma: no cover - the limits keep it away
        raise FileReadError(f"{fil}: filen er for stor til at blive læst; del den op i flere filer") from None
    except Exception as exc:  # noqa: BLE001 - broken XML inside the zip and the like
        raise _broken(fil, exc) from None
    finally:
        fh.close()
    if n_formulas:
        table.notes.append(f"formler: Excels gemte resultat er brugt ({antal_tekst(n_formulas, 'celle', 'celler')})")
    return table


def _open_workbook(fh: Any, fil: str) -> Any:
    """openpyxl's ``ExcelReader`` with the manifest, shared strings, workbook and styles read.

    From an open file: openpyxl refuses a file name that does not end in .xlsx (an Excel file saved as
    'data.csv'), and a broken workbook can fail in many ways; each is one problem.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        reader = ExcelReader(fh, read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
    except Exception as exc:  # noqa: BLE001 - KeyError, ValueError, XML errors ...
        raise _broken(fil, exc) from None
    return reader


def _choose_sheet(reader: Any, fil: str, notes: list[str]) -> str:
    """The part of the sheet to read: 'Data' (even hidden), else the first visible sheet; noted."""
    try:
        sheets = [
            (sheet.name, sheet.state or "visible", rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files
        ]
    except Exception as exc:  # noqa: BLE001 - KeyError, ValueError, XML errors ...
        raise _broken(fil, exc) from None
    if not sheets:
        raise FileReadError(f"{fil}: Excel-filen har intet regneark med celler; gem tallene i arket 'Data'")
    by_name = {normalise_name(name): (name, state, target) for name, state, target in sheets}
    if _DATA_SHEET in by_name:
        title, state, target = by_name[_DATA_SHEET]
        if state != "visible":
            notes.append(f"arket '{title}' er skjult i Excel, men er læst (det hedder 'Data')")
        return target
    # A hidden sheet is never read in place of the sheet the user sees.
    visible = [s for s in sheets if s[1] == "visible"]
    title, state, target = (visible or sheets)[0]
    if len(sheets) > 1:
        notes.append(f"arket '{title}' er læst (det første synlige ark; intet ark hedder 'Data')")
    hidden = [name for name, st, _ in sheets if st != "visible" and name != title]
    if hidden:
        notes.append("skjulte ark er ikke læst: " + ", ".join(f"'{t}'" for t in hidden))
    return target


def _read_cells(parser: Any, wb: Any, table: RawTable, fil: str) -> int:
    """Append the rows that hold something to ``table``, with the percent and date formats of their
    cells; the number of formulas with a stored result."""
    from openpyxl.cell.read_only import ReadOnlyCell

    formats: dict[int, str] = {}
    sheet_like = types.SimpleNamespace(parent=wb)  # ReadOnlyCell looks the style up in its sheet's workbook

    def number_format(style_id: int) -> str:
        if style_id not in formats:
            # a stand-in for the sheet: ReadOnlyCell only reads its .parent
            cell = ReadOnlyCell(sheet_like, 1, 1, None, "n", style_id)  # type: ignore[arg-type]
            formats[style_id] = cell.number_format or ""
        return formats[style_id]

    n_formulas = 0
    for n, cells in parser.parse():
        filled = [c for c in cells if c["value"] is not None or "formula" in c]
        if not filled:
            continue
        if len(table.rows) >= limits.MAX_ROWS + 1:
            raise limits.too_many_rows(fil)
        row: list[Any] = [None] * max(c["column"] for c in filled)
        for c in filled:
            j = c["column"] - 1
            value = c["value"]
            if "formula" in c:
                if value is None:
                    formula = c["formula"]  # a str, or an array or data-table formula
                    value = FormulaWithoutResult(str(getattr(formula, "text", None) or formula))
                else:
                    n_formulas += 1
            if c["style_id"]:
                if c["data_type"] == "n" and isinstance(value, (int, float)):
                    if is_percent_format(number_format(c["style_id"])):
                        table.percent.add((n, j))
                elif c["data_type"] == "d":
                    table.dates[(n, j)] = number_format(c["style_id"])
            row[j] = value
        table.rows.append((n, row))
    return n_formulas


def _read_sheet_layout(parser: Any, table: RawTable) -> None:
    """What the parser collected beside the cells: merged ranges, the filter, hidden rows and columns."""
    from openpyxl.worksheet.cell_range import CellRange

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
