"""The data-entry template: written from the plan, filled in as a user would, loaded as is."""

from __future__ import annotations

import hashlib

import openpyxl
import pytest

from helhedsanalyse.core.errors import HelhedsanalyseError
from helhedsanalyse.inputs.observations import load_observations, read_observation_file, validate_files
from helhedsanalyse.inputs.template import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    HEADERS,
    TemplateError,
    template_rows,
    write_template,
)
from helhedsanalyse.plan import load_plan


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def skabelon(tmp_path_factory, plan):
    return write_template(tmp_path_factory.mktemp("skabelon") / "skabelon.xlsx", plan)


def test_rows_cover_every_quantitative_criterion(plan):
    rows = template_rows(plan)
    assert len(rows) == len(set(rows)), "no duplicates"
    keys = {(o, i) for o, i, _ in rows}
    for k in plan.kriterier:
        if k.kvalitativ:
            continue
        for omraade in k.omraader:
            assert {(omraade, k.indikator, aar) for aar in range(2017, 2022)} <= set(rows), k.id
    assert ("sub", "tryghed") in keys  # tt_tryghed: over the SUB average
    assert not any(i is None for _, i in keys)
    assert {aar for _, _, aar in rows} == set(range(2017, 2022))
    assert len(template_rows(plan, [2018])) * 5 == len(rows)


def test_sheets_headers_lists_and_layout(skabelon, plan):
    wb = openpyxl.load_workbook(skabelon)
    assert wb.sheetnames == ["Data", "Vejledning", "Lister"]
    ws = wb["Data"]
    assert [c.value for c in ws[HEADER_ROW]] == list(HEADERS)
    assert HEADERS[:8] == ("område", "indikator", "periode", "værdi", "tæller", "nævner", "kilde", "note")
    rows = template_rows(plan)
    assert ws.max_row == FIRST_DATA_ROW + len(rows) - 1
    first = [c.value for c in ws[FIRST_DATA_ROW]]
    assert first[:3] == list(rows[0]) and first[3:8] == [None] * 5
    assert ws.freeze_panes == f"A{FIRST_DATA_ROW}"
    assert ws.column_dimensions["B"].width >= 20
    # drop-down lists for område and indikator, from the hidden Lister sheet
    lists = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists == {
        f"=Lister!$A$2:$A${len(plan.alle_steder) + 1}": f"A{FIRST_DATA_ROW}:A{ws.max_row + 300}",
        f"=Lister!$D$2:$D${len(plan.indikatorer) + 1}": f"B{FIRST_DATA_ROW}:B{ws.max_row + 300}",
    }
    assert wb["Lister"].sheet_state == "hidden"
    assert [c.value for c in wb["Lister"]["A"][1:] if c.value] == plan.alle_steder
    assert [c.value for c in wb["Lister"]["D"][1:] if c.value] == [i.id for i in plan.indikatorer]


def test_instructions_sheet_has_one_row_per_indicator(skabelon, plan):
    ws = openpyxl.load_workbook(skabelon)["Vejledning"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows.index(["id", "navn", "enhed", "succeskriterier", "datakilde", "målefrekvens"])
    table = rows[header + 1 :]
    assert [r[0] for r in table] == [i.id for i in plan.indikatorer]
    tryghed = table[0]
    assert tryghed[1] == plan.indikator["tryghed"].navn
    assert tryghed[2] == "procent (0-100)"
    assert "tt_tryghed" in tryghed[3]
    assert "Politiets tryghedsmåling" in tryghed[4]
    text = " ".join(str(r[1]) for r in rows if r and r[1])
    assert "2018Q3" in text and "helhedsanalyse validate" in text


def test_untouched_template_loads_without_problems(skabelon, plan):
    before = hashlib.sha256(skabelon.read_bytes()).hexdigest()
    df, notes = read_observation_file(skabelon, plan)
    assert df.empty
    assert f"{len(template_rows(plan))} rækker uden værdi, tæller og nævner er sprunget over" in notes
    assert hashlib.sha256(skabelon.read_bytes()).hexdigest() == before


def test_filled_template_loads_without_editing(skabelon, tmp_path, plan):
    wb = openpyxl.load_workbook(skabelon)
    ws = wb["Data"]
    rows = template_rows(plan)
    row_of = {key: FIRST_DATA_ROW + i for i, key in enumerate(rows)}
    r1 = row_of[("motalavej", "tryghed", 2018)]
    r2 = row_of[("ringparken", "tryghed", 2019)]
    r3 = row_of[("samlet", "kriminalitet", 2018)]
    ws.cell(row=r1, column=4, value=61.5)
    ws.cell(row=r1, column=7, value="Politiets tryghedsmåling")
    ws.cell(row=r2, column=4, value="74,2")  # typed as text with a decimal comma
    ws.cell(row=r3, column=5, value=45)
    ws.cell(row=r3, column=6, value=2000)
    extra = ws.max_row + 1  # a quarter added below the pre-filled rows
    for col, value in enumerate(["samlet", "fritidsjob", "2018K3", 17], start=1):
        ws.cell(row=extra, column=col, value=value)
    filled = tmp_path / "udfyldt.xlsx"
    wb.save(filled)

    df = load_observations(filled, plan)
    assert df[["omraade", "indikator", "periode", "vaerdi", "raekke"]].values.tolist() == [
        ["motalavej", "tryghed", "2018", 61.5, r1],
        ["ringparken", "tryghed", "2019", 74.2, r2],
        ["samlet", "kriminalitet", "2018", 22.5, r3],
        ["samlet", "fritidsjob", "2018Q3", 17.0, extra],
    ]
    assert df["kilde"].tolist()[0] == "Politiets tryghedsmåling"


def test_error_in_a_filled_template_points_at_its_excel_row(skabelon, tmp_path, plan):
    wb = openpyxl.load_workbook(skabelon)
    ws = wb["Data"]
    ws.cell(row=FIRST_DATA_ROW + 2, column=4, value="72,4 %x")
    ws.cell(row=FIRST_DATA_ROW + 3, column=1, value="Ringpark")
    ws.cell(row=FIRST_DATA_ROW + 3, column=4, value=70)
    filled = tmp_path / "fejl.xlsx"
    wb.save(filled)
    problems = validate_files(filled, plan).problems
    assert [(p.raekke, p.kolonne, p.vaerdi) for p in problems] == [
        (FIRST_DATA_ROW + 2, "værdi", "72,4 %x"),
        (FIRST_DATA_ROW + 3, "område", "Ringpark"),
    ]


def test_existing_file_is_not_overwritten(skabelon, tmp_path, plan):
    target = tmp_path / "min.xlsx"
    target.write_bytes(b"mine data")
    with pytest.raises(TemplateError, match="findes allerede"):
        write_template(target, plan)
    assert target.read_bytes() == b"mine data"
    write_template(target, plan, overwrite=True)
    assert openpyxl.load_workbook(target).sheetnames[0] == "Data"


def test_bad_targets(tmp_path, plan):
    assert issubclass(TemplateError, HelhedsanalyseError)
    with pytest.raises(TemplateError, match="findes ikke"):
        write_template(tmp_path / "ingen" / "s.xlsx", plan)
    with pytest.raises(TemplateError, match=r"\.xlsx"):
        write_template(tmp_path / "s.csv", plan)


def test_other_years(tmp_path, plan):
    path = write_template(tmp_path / "s.xlsx", plan, years=[2022])
    ws = openpyxl.load_workbook(path)["Data"]
    assert {ws.cell(row=r, column=3).value for r in range(FIRST_DATA_ROW, ws.max_row + 1)} == {2022}
