"""Excel workbooks (helhedsanalyse.inputs.excel). The module uses openpyxl's private sheet parser: these
tests are the first to fail when an openpyxl upgrade changes it."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from helhedsanalyse.core.errors import FileReadError
from helhedsanalyse.inputs.excel import is_percent_format, is_year_format, read_excel
from helhedsanalyse.inputs.table import FormulaWithoutResult


def test_percent_and_year_formats():
    assert all(is_percent_format(f) for f in ("0%", "0.0%", "0.0 %", "[$-406]0.0%", "#,##0.00%;[Red]-#,##0.00%"))
    assert not any(is_percent_format(f) for f in ("General", "0.0", '0.0" %"', "0.0\\%", "@", ""))
    assert all(is_year_format(f) for f in ("yyyy", "yy", "[$-406]yyyy", "åååå"))
    assert not any(is_year_format(f) for f in ("yyyy-mm", "mmm-yy", "dd-mm-yyyy", "d/m/yyyy h:mm", "General"))


def test_cells_formats_merged_hidden_and_the_filter(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Noter"
    data = wb.create_sheet("Data")
    data.append(["område", "indikator", "periode", "værdi"])
    data.append(["motalavej", "tryghed", dt.datetime(2018, 1, 1), 0.724])
    data.append([None, "tryghed", "2019", "=1+1"])
    data["D2"].number_format = "0.0%"
    data["C2"].number_format = "yyyy"
    data.merge_cells("A2:A3")
    data.row_dimensions[3].hidden = True
    data.column_dimensions["B"].hidden = True
    data.auto_filter.ref = "A1:D3"
    data.auto_filter.add_filter_column(0, ["motalavej"])
    path = tmp_path / "d.xlsx"
    wb.save(path)
    table = read_excel(path, "d.xlsx")
    assert [n for n, _ in table.rows] == [1, 2, 3]
    assert table.percent == {(2, 3)} and table.dates == {(2, 2): "yyyy"}
    assert table.merged == [(2, 0, 3, 0, "A2:A3")]
    assert table.hidden_rows == {3} and table.filtered_rows == {3} and table.hidden_columns == {1}
    assert isinstance(table.rows[2][1][3], FormulaWithoutResult)  # openpyxl stores no result
    assert table.notes == []  # the sheet named Data is read, nothing else to say


def test_the_first_visible_sheet_without_a_data_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Skjult"
    wb.active.append(["skjult"])
    wb.active.sheet_state = "hidden"
    wb.create_sheet("Tal").append(["område", "indikator"])
    path = tmp_path / "d.xlsx"
    wb.save(path)
    table = read_excel(path, "d.xlsx")
    assert table.rows == [(1, ["område", "indikator"])]
    assert table.notes == ["arket 'Tal' er læst (det første synlige ark; intet ark hedder 'Data')",
                           "skjulte ark er ikke læst: 'Skjult'"]


def test_a_zip_that_is_no_workbook(tmp_path):
    import zipfile

    path = tmp_path / "d.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("noget.txt", "x")
    with pytest.raises(FileReadError, match="er en zip-fil, men ikke en Excel-projektmappe"):
        read_excel(path, "d.xlsx")
