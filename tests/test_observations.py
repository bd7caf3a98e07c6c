"""Observations: reading CSV and Excel files in the data contract (DESIGN.md, "The data contract", "Bad input").

Every problem test asserts what a user checks in the message: the file, the row as seen in Excel, the column
as written in the file, and the value.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import math
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helhedsanalyse.core.errors import DataValidationError, FileReadError, Problem
from helhedsanalyse.inputs.observations import (
    OBSERVATION_COLUMNS,
    criteria_with_data,
    empty_observations,
    load_observations,
    read_observation_file,
    validate_files,
)
from helhedsanalyse.plan import load_plan

FILER = Path(__file__).parent / "filer"
HEADER = ["omraade", "indikator", "periode", "vaerdi", "taeller", "naevner", "kilde", "note"]


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def write_csv(path: Path, rows: list[list[object]], sep: str = ",", header=HEADER, bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=sep, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def where(problems: list[Problem]) -> list[tuple[int | None, str | None, object]]:
    return [(p.raekke, p.kolonne, p.vaerdi) for p in problems]


# --------------------------------------------------------------------------- valid files


def test_comma_dialect_with_decimal_point(plan):
    path = FILER / "observationer_komma.csv"
    df, notes = read_observation_file(path, plan)
    assert list(df.columns) == list(OBSERVATION_COLUMNS)
    assert len(df) == 6
    first = df.iloc[0]
    assert (first.omraade, first.indikator, first.periode, first.aar, first.delperiode) == (
        "motalavej",
        "tryghed",
        "2018",
        2018,
        "",
    )
    assert first.vaerdi == 61.5 and math.isnan(first.taeller) and math.isnan(first.naevner)
    assert first.kilde == "Politiets tryghedsmåling" and first.note == ""
    assert first.fil == str(path) and first.raekke == 2
    assert not first.illustrativ
    # value from taeller/naevner by the indicator's unit: pct 100*t/n, pr_1000 1000*t/n, uger t/n
    by_ind = df.set_index(["omraade", "indikator"])
    assert by_ind.loc[("ringparken", "tryghed"), "vaerdi"] == pytest.approx(75.0)
    assert by_ind.loc[("samlet", "kriminalitet"), "vaerdi"] == pytest.approx(22.5)
    assert by_ind.loc[("samlet", "ydelsesperiode_18_29"), "vaerdi"] == pytest.approx(13.0)
    assert by_ind.loc[("samlet", "ydelsesperiode_18_29"), "periode"] == "2019H1"
    assert by_ind.loc[("samlet", "brande"), ["periode", "aar", "delperiode"]].tolist() == ["2018Q3", 2018, "Q3"]
    assert by_ind.loc[("sub", "tryghed"), "note"] == "SUB-gennemsnit, landsplan"
    assert "værdi beregnet af tæller og nævner (3 rækker)" in notes


def test_dtypes_of_the_tidy_frame(plan):
    df = load_observations([FILER / "observationer_komma.csv"], plan)
    assert df["aar"].dtype == "int64" and df["raekke"].dtype == "int64"
    assert df["illustrativ"].dtype == bool
    for col in ("vaerdi", "taeller", "naevner"):
        assert df[col].dtype == "float64"
    for col in ("omraade", "indikator", "periode", "delperiode", "kilde", "note", "fil"):
        assert pd.api.types.is_string_dtype(df[col])
    empty = empty_observations()
    assert list(empty.columns) == list(OBSERVATION_COLUMNS)
    assert dict(empty.dtypes) == dict(df.dtypes)


def test_semicolon_dialect_bom_decimal_comma_nfd_and_names(plan):
    path = FILER / "observationer_semikolon.csv"
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    assert unicodedata.normalize("NFD", "Præstevangen") in path.read_text(encoding="utf-8-sig")
    df, notes = read_observation_file(path, plan)
    assert df["omraade"].tolist() == ["ringparken", "ringparken", "skaelskoer", "sydbyen", "skaelskoer"]
    assert df["indikator"].tolist() == ["tryghed", "tryghed", "fraflytning", "haervaerk", "tryghed"]
    assert df["periode"].tolist() == ["2017", "2019", "2018Q3", "2018", "2019"]
    assert df["vaerdi"].tolist() == pytest.approx([72.4, 74.0, 18.5, 12.0, 75.0])
    assert df["raekke"].tolist() == [2, 3, 4, 5, 6]
    for note in (
        "BOM fjernet",
        "skilletegn: semikolon",
        "decimalkomma fortolket",
        "'Ringparken' tolket som 'ringparken'",
        "'RINGPARKEN' tolket som 'ringparken'",
        "'Præstevangen og Parkvej' tolket som 'skaelskoer'",
        "'Fraflytningsprocent' tolket som 'fraflytning'",
        "periode '2018K3' tolket som '2018Q3'",
        "procenttegn fjernet (1 celle)",
    ):
        assert note in notes


@pytest.mark.parametrize(
    "name",
    [
        "Ringparken ",
        "  ringparken",
        "RINGPARKEN",
        "Ringparken/Schackenborgvænge",
        unicodedata.normalize("NFD", "ringparken/schackenborgvænge"),
        "Ringparken  og   Schackenborgvænge",
    ],
)
def test_area_names_ignore_case_spacing_and_unicode_form(tmp_path, plan, name):
    path = write_csv(tmp_path / "d.csv", [[name, "tryghed", "2018", "70", "", "", "", ""]])
    assert load_observations(path, plan)["omraade"].tolist() == ["ringparken"]


def test_danish_headers_in_nfd_and_other_casing(tmp_path, plan):
    header = [unicodedata.normalize("NFD", h) for h in ["OMRÅDE", " Indikator ", "periode", "Værdi", "Tæller", "NÆVNER"]]
    path = write_csv(tmp_path / "d.csv", [["skaelskoer", "tryghed", "2018", "", "30", "40"]], sep=";", header=header)
    df = load_observations(path, plan)
    assert df["vaerdi"].tolist() == [75.0]
    assert df["kilde"].tolist() == [""] and df["note"].tolist() == [""]


# --------------------------------------------------------------------------- every rule, both CSV dialects

#: (row as written, with {d} for the decimal mark) -> (Excel row, column, value, words of the message)
BROKEN = [
    (["Ringpark", "tryghed", "2018", "72{d}4"], (2, "omraade", "Ringpark", "ukendt område; mente du 'ringparken'?")),
    (["motalavej", "trygghed", "2018", "70"], (3, "indikator", "trygghed", "ukendt indikator; mente du 'tryghed'?")),
    (["motalavej", "tryghed", "2018", "ca. 70"], (4, "vaerdi", "ca. 70", "ikke et tal")),
    (["motalavej", "tryghed", "2019", "105"], (5, "vaerdi", "105", "mellem 0 og 100")),
    (["motalavej", "brande", "2018", "-3"], (6, "vaerdi", "-3", "kan ikke være negativ")),
    (["motalavej", "brande", "2019", "2{d}5"], (7, "vaerdi", "2{d}5", "skal være et helt tal")),
    (["sydbyen", "fraflytning", "2018", "", "12", "10"], (8, "taeller", "12", "tælleren er større end nævneren (10)")),
    (["sydbyen", "fraflytning", "2019", "", "3", "0"], (9, "naevner", "0", "nævneren skal være større end 0")),
    (["sydbyen", "tryghed", "2018-3", "70"], (10, "periode", "2018-3", "ugyldig periode; brug et år (fx 2018)")),
    (["sydbyen", "tryghed", "2035", "70"], (11, "periode", "2035", "uden for de gyldige år 2010-2030")),
    (["skaelskoer", "tryghed", "2018", "70"], None),
    (["skaelskoer", "tryghed", "2018", "71"], (13, None, None, "samme område (skaelskoer), indikator (tryghed) og periode (2018) som række 12")),
    (["skaelskoer", "tryghed", "2019", "", "5", ""], (14, "vaerdi", None, "fordi nævneren mangler")),
    (["skaelskoer", "haervaerk", "2019", "4%"], (15, "vaerdi", "4%", "procenttegn, men indikatoren 'haervaerk' har enheden antal")),
    (["skaelskoer", "kriminalitet", "2019", "-1"], (16, "vaerdi", "-1", "kan ikke være negativ")),
    (["skaelskoer", "fraflytning", "2019", "", "-2", "40"], (17, "taeller", "-2", "tælleren kan ikke være negativ")),
    (["", "tryghed", "2020", "50"], (18, "omraade", None, "området mangler; gyldige: motalavej")),
    (["samlet", "tryghed", "", "50"], (19, "periode", None, "perioden mangler")),
]


@pytest.mark.parametrize(("sep", "decimal"), [(",", "."), (";", ",")], ids=["komma-punktum", "semikolon-komma"])
def test_every_rule_reported_at_once_with_file_row_column_value(tmp_path, plan, sep, decimal):
    rows = [[c.replace("{d}", decimal) for c in row] + [""] * (6 - len(row)) + ["", ""] for row, _ in BROKEN]
    path = write_csv(tmp_path / "data.csv", rows, sep=sep)
    report = validate_files([path], plan)
    expected = [e for _, e in BROKEN if e is not None]
    assert where(report.problems) == [
        (row, col, value.replace("{d}", decimal) if value else value) for row, col, value, _ in expected
    ]
    for problem, (_, _, _, words) in zip(report.problems, expected):
        assert problem.fil == str(path)
        assert words in problem.besked, (problem, words)
    # the only valid row is kept (the first of the conflicting pair)
    assert report.data[["omraade", "indikator", "periode", "raekke"]].values.tolist() == [
        ["skaelskoer", "tryghed", "2018", 12]
    ]
    with pytest.raises(DataValidationError) as info:
        load_observations([path], plan)
    assert where(info.value.problems) == where(report.problems)


def test_message_reads_like_the_design(tmp_path, plan):
    path = write_csv(tmp_path / "data.csv", [["Ringpark", "tryghed", "2018", "70"]])
    (problem,) = validate_files([path], plan).problems
    assert str(problem) == (
        f"{path}, række 2, kolonne 'omraade': værdien 'Ringpark': ukendt område; mente du 'ringparken'? "
        "Gyldige: motalavej, ringparken, sydbyen, skaelskoer, samlet, sub, danmark, slagelse_kommune, politikreds"
    )


def test_column_is_named_as_written_in_the_file(tmp_path, plan):
    header = ["område", "indikator", "periode", "værdi"]
    path = write_csv(tmp_path / "d.csv", [["Ringpark", "tryghed", "2018", "x"]], sep=";", header=header)
    assert where(validate_files(path, plan).problems) == [(2, "område", "Ringpark"), (2, "værdi", "x")]


def test_unknown_value_without_close_match_lists_valid_ids(tmp_path, plan):
    path = write_csv(tmp_path / "d.csv", [["Vollsmose", "tryghed", "2018", "70"]])
    (problem,) = validate_files(path, plan).problems
    assert problem.besked.startswith("ukendt område; gyldige: motalavej, ringparken")
    assert "mente du" not in problem.besked


# --------------------------------------------------------------------------- file-level problems


def test_required_column_missing(tmp_path, plan):
    path = write_csv(tmp_path / "d.csv", [["motalavej", "2018", "70"]], header=["omraade", "periode", "vaerdi"])
    (problem,) = validate_files(path, plan).problems
    assert (problem.fil, problem.raekke, problem.kolonne) == (str(path), None, "indikator")
    assert "påkrævet kolonne mangler" in problem.besked and "omraade, periode, vaerdi" in problem.besked


def test_vaerdi_may_be_absent_when_taeller_and_naevner_are_there(tmp_path, plan):
    header = ["omraade", "indikator", "periode", "taeller", "naevner"]
    path = write_csv(tmp_path / "d.csv", [["motalavej", "tryghed", "2018", "30", "40"]], header=header)
    assert load_observations(path, plan)["vaerdi"].tolist() == [75.0]
    path = write_csv(tmp_path / "e.csv", [["motalavej", "tryghed", "2018", "30"]], header=header[:4])
    assert [p.kolonne for p in validate_files(path, plan).problems] == ["værdi"]


def test_mixed_decimal_marks_are_refused(tmp_path, plan):
    rows = [["motalavej", "tryghed", "2018", "72,4"], ["motalavej", "tryghed", "2019", "72.4"]]
    path = write_csv(tmp_path / "d.csv", [r + ["", "", "", ""] for r in rows], sep=";")
    (problem,) = validate_files(path, plan).problems
    assert problem.raekke is None
    assert "blander decimalkomma (fx række 2: '72,4') og decimalpunktum (fx række 3: '72.4')" in problem.besked


def test_thousands_separator(tmp_path, plan):
    rows = [["samlet", "hjemmeside_besoegende", "2018", "1.250"], ["samlet", "tryghed", "2018", "72,4"]]
    path = write_csv(tmp_path / "d.csv", rows, sep=";", header=HEADER[:4])
    df, notes = read_observation_file(path, plan)
    assert df["vaerdi"].tolist() == [1250.0, 72.4]
    assert "tusindtalsseparator fortolket (1 celle)" in notes
    # without a decimal mark elsewhere in the file, 1.250 is ambiguous: refused, not guessed
    path = write_csv(tmp_path / "e.csv", rows[:1], sep=";", header=HEADER[:4])
    (problem,) = validate_files(path, plan).problems
    assert (problem.raekke, problem.kolonne, problem.vaerdi) == (2, "vaerdi", "1.250")
    assert "tvetydigt tal" in problem.besked


def test_unquoted_decimal_comma_in_a_comma_file(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_text("omraade,indikator,periode,vaerdi\nmotalavej,tryghed,2018,72,4\n", encoding="utf-8")
    (problem,) = validate_files(path, plan).problems
    assert problem.raekke == 2
    assert "rækken har 5 felter, men overskriften har 4" in problem.besked and "anførselstegn" in problem.besked


def test_row_with_other_separator(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_text("omraade;indikator;periode;vaerdi\nmotalavej,tryghed,2018,72\n", encoding="utf-8")
    (problem,) = validate_files(path, plan).problems
    assert problem.raekke == 2 and "bruger ',' som skilletegn" in problem.besked


def test_no_header_row(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_text("motalavej,tryghed,2018,72\n", encoding="utf-8")
    (problem,) = validate_files(path, plan).problems
    assert problem.raekke is None and "fandt ingen overskriftsrække" in problem.besked


def test_empty_file_and_header_only(tmp_path, plan):
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"")
    (problem,) = validate_files(empty, plan).problems
    assert "filen er tom" in problem.besked
    header_only = write_csv(tmp_path / "h.csv", [])
    df, _ = read_observation_file(header_only, plan)
    assert df.empty and list(df.columns) == list(OBSERVATION_COLUMNS)


def test_comment_lines_above_the_header_keep_row_numbers(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_text(
        '# Indberetning 2018, "kladde\n# kilde: egne tal\nomraade,indikator,periode,vaerdi\n'
        "motalavej,tryghed,2018,70\n# motalavej,tryghed,2019,71\nmotalavej,tryghed,2020,x\n",
        encoding="utf-8",
    )
    report = validate_files(path, plan)
    assert where(report.problems) == [(6, "vaerdi", "x")]
    assert report.data["raekke"].tolist() == [4]
    assert "kommentarlinjer sprunget over (række 1-2)" in report.notes[str(path)]


def test_quoted_newline_counts_as_one_row(tmp_path, plan):
    rows = [["motalavej", "tryghed", "2018", "70", "", "", "", "to\nlinjer"], ["motalavej", "tryghed", "2019", "x"]]
    path = write_csv(tmp_path / "d.csv", rows)
    assert where(validate_files(path, plan).problems) == [(3, "vaerdi", "x")]


def test_windows_1252_is_read_with_a_note(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_bytes("område;indikator;periode;værdi\nPræstevangen;tryghed;2018;70,5\n".encode("cp1252"))
    df, notes = read_observation_file(path, plan)
    assert df["omraade"].tolist() == ["skaelskoer"] and df["vaerdi"].tolist() == [70.5]
    assert any("Windows-1252" in n for n in notes)


def test_unknown_columns_are_noted_and_baseline_columns_silent(tmp_path, plan):
    header = HEADER[:4] + ["trykt", "kvalifikator", "afsnit", "enhed_note", "omraader", "ansvarlig"]
    path = write_csv(tmp_path / "d.csv", [["samlet", "tryghed", "2016", "22", "22%", "", "x", "y", "", "Bo"]], header=header)
    df, notes = read_observation_file(path, plan)
    assert len(df) == 1
    assert [n for n in notes if "kolonne" in n] == ["ukendt kolonne 'ansvarlig' ignoreret"]


def test_value_and_fraction_that_disagree_is_noted(tmp_path, plan):
    path = write_csv(tmp_path / "d.csv", [["motalavej", "tryghed", "2018", "80", "30", "40", "", ""]])
    df, notes = read_observation_file(path, plan)
    assert df["vaerdi"].tolist() == [80.0]
    assert "række 2: værdien 80 passer ikke med tæller/nævner (75); værdien er brugt" in notes


def test_percent_sign_on_a_share(tmp_path, plan):
    path = write_csv(tmp_path / "d.csv", [["motalavej", "tryghed", "2018", "58,3 %"]], sep=";", header=HEADER[:4])
    df, notes = read_observation_file(path, plan)
    assert df["vaerdi"].tolist() == [58.3]
    assert "procenttegn fjernet (1 celle)" in notes


def test_rows_without_any_value_are_skipped(tmp_path, plan):
    rows = [["motalavej", "tryghed", "2018", "", "", "", "kilde", ""], ["", "", "", "", "", "", "", ""]]
    df, notes = read_observation_file(write_csv(tmp_path / "d.csv", rows), plan)
    assert df.empty
    assert "1 række uden værdi, tæller og nævner er sprunget over" in notes


# --------------------------------------------------------------------------- duplicates and several files


def test_identical_rows_are_kept_once(tmp_path, plan):
    rows = [["motalavej", "tryghed", "2018", "70"], ["Motalavej", "Tryghed", "2018", "70.0"]]
    df, notes = read_observation_file(write_csv(tmp_path / "d.csv", rows, header=HEADER[:4]), plan)
    assert df["raekke"].tolist() == [2]
    assert "række 3 er magen til række 2 og er kun taget med én gang" in notes


def test_conflict_across_files_names_both(tmp_path, plan):
    a = write_csv(tmp_path / "a.csv", [["motalavej", "tryghed", "2018", "70"]], header=HEADER[:4])
    b = write_csv(tmp_path / "b.csv", [["motalavej", "tryghed", "2017", "69"], ["motalavej", "tryghed", "2018", "71"]], header=HEADER[:4])
    (problem,) = validate_files([a, b], plan).problems
    assert (problem.fil, problem.raekke) == (str(b), 3)
    assert f"som {a}, række 2" in problem.besked and "(71 mod 70)" in problem.besked
    report = validate_files([a, b], plan, on_conflict="keep")
    assert report.ok and len(report.data) == 3


def test_all_problems_of_all_files_at_once(tmp_path, plan):
    a = write_csv(tmp_path / "a.csv", [["Ringpark", "tryghed", "2018", "70"], ["motalavej", "tryghed", "20188", "70"]], header=HEADER[:4])
    b = write_csv(tmp_path / "b.csv", [["motalavej", "brande", "2018", "-1"]], sep=";", header=HEADER[:4])
    missing = tmp_path / "findes_ikke.csv"
    with pytest.raises(DataValidationError) as info:
        load_observations([a, b, missing], plan)
    assert [(p.fil, p.raekke) for p in info.value.problems] == [
        (str(a), 2),
        (str(a), 3),
        (str(b), 2),
        (str(missing), None),
    ]
    assert "filen findes ikke" in info.value.problems[-1].besked
    assert "4 problemer i 3 filer" in str(info.value)


def test_folder_is_read_file_by_file(tmp_path, plan):
    write_csv(tmp_path / "a.csv", [["motalavej", "tryghed", "2018", "70"]], header=HEADER[:4])
    write_csv(tmp_path / "b.csv", [["motalavej", "tryghed", "2019", "71"]], header=HEADER[:4])
    (tmp_path / "readme.md").write_text("ikke data")
    df = load_observations(tmp_path, plan)
    assert df["fil"].tolist() == [str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]


def test_illustrative_flag(tmp_path, plan):
    plain = write_csv(tmp_path / "data.csv", [
        ["motalavej", "tryghed", "2018", "70", "", "", "Illustrative tal", ""],
        ["motalavej", "tryghed", "2019", "70", "", "", "", "ILLUSTRATIV"],
        ["motalavej", "tryghed", "2020", "70", "", "", "politiet", ""],
    ])
    assert load_observations(plain, plan)["illustrativ"].tolist() == [True, True, False]
    named = write_csv(tmp_path / "eksempel_illustrativ.csv", [["motalavej", "tryghed", "2018", "70"]], header=HEADER[:4])
    assert load_observations(named, plan)["illustrativ"].tolist() == [True]


# --------------------------------------------------------------------------- Excel


def write_excel(path: Path, rows: list[list[object]], sheet: str = "Data") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


EXCEL_ROWS = [
    ["Indberetning af boligsociale data 2018", None, None],
    ["Udfyld én række pr. område, indikator og periode.", None, None],
    ["Område", "Indikator", "Periode", "Værdi", "Tæller", "Nævner", "Kilde", "Note"],
    ["Ringparken", "tryghed", 2018, "72,4", None, None, "politiet", None],
    ["motalavej", "Kriminalitet", "2018", 41.2, None, None, None, None],
    [None, None, None, None, None, None, None, None],
    ["samlet", "fritidsjob", "2018K3", "15", None, None, None, None],
    ["sydbyen", "tryghed", "2018", None, "30", "40", None, None],
    ["   ", None, None, None],
    ["", "", "", ""],
    ["  ", None, None, None],
]


def test_excel_header_lower_down_trailing_empty_rows_numbers_as_text(tmp_path, plan):
    path = write_excel(tmp_path / "indberetning.xlsx", EXCEL_ROWS)
    df, notes = read_observation_file(path, plan)
    assert df[["omraade", "indikator", "periode", "vaerdi", "raekke"]].values.tolist() == [
        ["ringparken", "tryghed", "2018", 72.4, 4],
        ["motalavej", "kriminalitet", "2018", 41.2, 5],
        ["samlet", "fritidsjob", "2018Q3", 15.0, 7],
        ["sydbyen", "tryghed", "2018", 75.0, 8],
    ]
    assert "overskriftsrækken er række 3; rækkerne over den (række 1-2) er sprunget over" in notes
    assert "tal gemt som tekst fortolket (4 celler)" in notes
    assert "decimalkomma fortolket" in notes


def test_excel_problems_name_the_excel_row(tmp_path, plan):
    rows = [r[:] for r in EXCEL_ROWS]
    rows[3][3] = "72,4x"
    rows[6][2] = "2018 kvartal 3"
    path = write_excel(tmp_path / "indberetning.xlsx", rows)
    assert where(validate_files(path, plan).problems) == [(4, "Værdi", "72,4x"), (7, "Periode", "2018 kvartal 3")]


def test_excel_header_lower_down_must_be_marked(tmp_path, plan):
    rows = [["Vejledning"], ["indikator", "område", "periode", "værdi"], ["tryghed", "motalavej", 2018, 70]]
    path = write_excel(tmp_path / "d.xlsx", rows)
    (problem,) = validate_files(path, plan).problems
    assert "fandt ingen overskriftsrække" in problem.besked
    # a header in row 1 may have the columns in any order
    path = write_excel(tmp_path / "e.xlsx", rows[1:])
    assert load_observations(path, plan)["omraade"].tolist() == ["motalavej"]


def test_excel_reads_the_data_sheet_else_the_first(tmp_path, plan):
    wb = openpyxl.Workbook()
    wb.active.title = "Forside"
    wb.active["A1"] = "Forside"
    ws = wb.create_sheet("Data")
    ws.append(["omraade", "indikator", "periode", "vaerdi"])
    ws.append(["sydbyen", "tryghed", 2018, True])
    wb.save(tmp_path / "d.xlsx")
    assert where(validate_files(tmp_path / "d.xlsx", plan).problems) == [(2, "vaerdi", "True")]


# --------------------------------------------------------------------------- unreadable files, immutability


def test_unreadable_files(tmp_path, plan):
    xls = tmp_path / "gammel.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    broken = tmp_path / "i_stykker.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    binary = tmp_path / "billede.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for path, words in [
        (tmp_path / "mangler.csv", "filen findes ikke"),
        (xls, "gamle Excel-format (.xls)"),
        (broken, "ikke en gyldig Excel-fil (.xlsx)"),
        (binary, "ikke en tekstfil"),
    ]:
        with pytest.raises(FileReadError) as info:
            read_observation_file(path, plan)
        assert words in str(info.value) and str(path) in str(info.value)
        (problem,) = validate_files(path, plan).problems
        assert problem.fil == str(path) and words in problem.besked


def test_files_are_never_modified(tmp_path, plan):
    csv_path = write_csv(tmp_path / "d.csv", [["Ringpark", "tryghed", "2018", "72,4"]], sep=";", bom=True, header=HEADER[:4])
    xlsx_path = write_excel(tmp_path / "d.xlsx", EXCEL_ROWS)
    before = {p: (sha256(p), p.stat().st_mtime_ns) for p in (csv_path, xlsx_path)}
    validate_files([csv_path, xlsx_path], plan)
    with pytest.raises(DataValidationError):
        load_observations([csv_path, xlsx_path], plan)
    read_observation_file(xlsx_path, plan)
    assert {p: (sha256(p), p.stat().st_mtime_ns) for p in before} == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["d.csv", "d.xlsx"]


# --------------------------------------------------------------------------- helpers


def test_criteria_with_data(plan):
    df = load_observations(FILER / "observationer_komma.csv", plan)
    found = {k.id: areas for k, areas in criteria_with_data(df, plan)}
    assert found["tt_tryghed"] == ["motalavej", "ringparken"]
    assert found["kp_kriminalitet"] == ["samlet"]
    assert "tt_fraflytning" not in found


def test_csv_with_an_instructions_block_above_the_header(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_text(
        "Indberetning 2018\nUdfyld én række pr. område\n\nområde;indikator;periode;værdi\nmotalavej;tryghed;2018;70,5\n",
        encoding="utf-8",
    )
    df, notes = read_observation_file(path, plan)
    assert df[["vaerdi", "raekke"]].values.tolist() == [[70.5, 5]]
    assert "overskriftsrækken er række 4; rækkerne over den (række 1-2) er sprunget over" in notes


def test_tab_separated_and_utf16_from_excel(tmp_path, plan):
    path = tmp_path / "unicode.txt"
    path.write_bytes("område\tindikator\tperiode\tværdi\nSydbyen\ttryghed\t2018\t66,1\n".encode("utf-16"))
    df, notes = read_observation_file(path, plan)
    assert df[["omraade", "vaerdi"]].values.tolist() == [["sydbyen", 66.1]]
    assert "skilletegn: tabulator" in notes


# --------------------------------------------------------------------------- Excel and CSV habits, limits (issue 12, del A)

KORPUS = Path(__file__).parent / "korpus"


def _validate_in_subprocess(path: Path, limit_bytes: int = 1 << 30, timeout: float = 10.0):
    """Run ``helhedsanalyse validate FILE`` in a child with its address space limited (RLIMIT_AS) and a time
    bound; return (exit code, stdout, seconds, peak resident memory of the child in bytes)."""
    import resource
    import subprocess
    import sys
    import time

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "helhedsanalyse", "validate", path.name], cwd=path.parent,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, preexec_fn=limit)
    elapsed = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kB on Linux
    assert "Traceback" not in proc.stderr and "Uventet fejl" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout, elapsed, peak if peak > before * 1024 else None


@pytest.mark.parametrize("name", ["excel_celle_i_XFD1048576.xlsx", "excel_celle_i_D1048576.xlsx"])
def test_a_formatted_cell_at_the_last_row_costs_nothing(name):
    """One formatted empty cell at XFD1048576 made 17 billion cells (past 16 GB), at D1048576 1,2 GB and 23 s:
    only the cells that hold something are read, whatever the sheet's declared dimension."""
    import zipfile

    with zipfile.ZipFile(KORPUS / name) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b'1048576" />' in xml[: xml.index(b"<sheetData>")]  # the declared dimension ends at the last row
    assert f'<c r="{name[len("excel_celle_i_"):-5]}"'.encode() in xml
    code, out, elapsed, peak = _validate_in_subprocess(KORPUS / name)
    assert code == 0, out
    assert out.splitlines()[0] == "Alt i orden: 1 fil, 2 rækker med data."
    assert elapsed < 10
    assert peak is None or peak < 1 << 30


def test_a_zip_bomb_is_refused_before_anything_is_unpacked():
    """1,1 MB that unpacks to 1,1 GB: refused from the sizes in the zip directory (under 1 GiB of address
    space and in seconds); unpacked, the one cell alone would need more than the limit."""
    import zipfile

    path = KORPUS / "excel_zipbombe.xlsx"
    with zipfile.ZipFile(path) as z:
        assert sum(i.file_size for i in z.infolist()) > 1 << 30 > 500 * path.stat().st_size
    code, out, elapsed, peak = _validate_in_subprocess(path)
    assert code == 1
    assert "1.153 MB, når den pakkes ud" in out and "ikke skrevet af Excel" in out
    assert elapsed < 10
    assert peak is None or peak < 1 << 30


def test_sizes_beyond_the_limits_are_refused_with_the_limit(tmp_path, plan, monkeypatch):
    from helhedsanalyse.inputs import limits

    rows = [["motalavej", "tryghed", str(2010 + i), "61.5"] for i in range(6)]
    path = write_csv(tmp_path / "stor.csv", rows, header=HEADER[:4])
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    (problem,) = validate_files(path, plan).problems
    assert problem.besked.startswith("filen har over 5 rækker; helhedsanalyse læser højst 5 rækker pr. fil. Del den op")
    book = tmp_path / "stor.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(HEADER[:4])
    for r in rows:
        wb.active.append(r)
    wb.save(book)
    (problem,) = validate_files(book, plan).problems
    assert problem.besked.startswith("filen har over 5 rækker")
    monkeypatch.setattr(limits, "MAX_ROWS", 150_000)
    monkeypatch.setattr(limits, "MAX_CSV_BYTES", 100)
    (problem,) = validate_files(path, plan).problems
    assert problem.besked.startswith("filen fylder 0,0 MB; helhedsanalyse læser højst 0,0 MB pr. CSV-fil")
    monkeypatch.setattr(limits, "MAX_EXCEL_UNPACKED_BYTES", 1000)
    (problem,) = validate_files(book, plan).problems
    assert "når den pakkes ud; helhedsanalyse læser højst" in problem.besked and "Del tallene op" in problem.besked


def test_percent_cells_in_the_template(tmp_path, plan):
    """'100 %' and '72,4 %' typed into the template are 100 and 72,4, not 1 % and a refused fraction."""
    from helhedsanalyse.inputs.template import write_template

    path = write_template(tmp_path / "skabelon.xlsx", plan, years=[2019])
    wb = openpyxl.load_workbook(path)
    ws = wb["Data"]
    done = 0
    for row in ws.iter_rows(min_row=5):
        if (row[0].value, row[1].value) in (("motalavej", "tryghed"), ("ringparken", "tryghed")):
            row[3].value, row[3].number_format = (1, "0%") if row[0].value == "motalavej" else (0.724, "0.0%")
            done += 1
    assert done == 2
    wb.save(path)
    df, notes = read_observation_file(path, plan)
    assert df[["omraade", "vaerdi"]].values.tolist() == [["motalavej", 100.0], ["ringparken", 72.4]]
    assert "celler formateret som procent i Excel er læst som procenttal (Excel gemmer 72,4 % som 0,724) (2 celler)" in notes


def test_a_problem_in_a_hidden_row_says_the_row_is_hidden(tmp_path, plan):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER[:4])
    ws.append(["motalavej", "tryghed", 2018, 61.5])
    ws.append(["Motalvej", "tryghed", 2019, 63])
    ws.row_dimensions[3].hidden = True
    wb.save(tmp_path / "d.xlsx")
    (problem,) = validate_files(tmp_path / "d.xlsx", plan).problems
    assert problem.raekke == 3 and problem.besked.endswith("(rækken er skjult i Excel)")


def test_csv_structure_problems_and_the_other_files_are_reported_together(plan, monkeypatch):
    """A field over the csv module's limit no longer crashes the run: every file's problems come at once."""
    monkeypatch.chdir(KORPUS)
    files = ["csv_felt_over_graensen.csv", "csv_anfoerselstegn_aldrig_lukket.csv", "excel_adgangskode.xlsx",
             "mappe_uden_data"]
    report = validate_files(files, plan)
    assert [(p.fil, p.raekke) for p in report.problems] == [
        ("csv_felt_over_graensen.csv", 3), ("csv_felt_over_graensen.csv", 4),
        ("csv_anfoerselstegn_aldrig_lukket.csv", 3), ("excel_adgangskode.xlsx", None), ("mappe_uden_data", None),
    ]
    import csv as csv_module

    assert csv_module.field_size_limit() == 131_072, "the csv module's limit is given back"


def test_an_unclosed_quote_on_the_last_line(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_text("omraade,indikator,periode,vaerdi,note\nmotalavej,tryghed,2018,61.5,\"ikke lukket", encoding="utf-8")
    (problem,) = validate_files(path, plan).problems
    assert (problem.raekke, problem.kolonne) == (2, "note")
    assert problem.besked.startswith("feltet begynder med et anførselstegn (\"), som aldrig afsluttes; slet")


def test_rows_with_fewer_fields(tmp_path, plan):
    ok = tmp_path / "ok.csv"
    ok.write_text(f"{','.join(HEADER)}\nmotalavej,tryghed,2018,61.5\nmotalavej,tryghed,2019,63,,,politiet\n", encoding="utf-8")
    df, notes = read_observation_file(ok, plan)
    assert len(df) == 2 and "2 rækker har færre felter end overskriften; de manglende felter til sidst er læst som tomme" in notes
    # naevner is filled in another row and missing here: tæller would be read as the value
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{','.join(HEADER)}\nmotalavej,tryghed,2018,,120,195,politiet\nmotalavej,tryghed,2019,130,200\n",
                   encoding="utf-8")
    (problem,) = validate_files(bad, plan).problems
    assert problem.raekke == 3 and "(rækken mangler kolonnen 'naevner', som er udfyldt i andre rækker)" in problem.besked


def test_one_file_that_breaks_the_reader_does_not_hide_the_others(tmp_path, plan, monkeypatch):
    from helhedsanalyse.inputs import observations

    good = write_csv(tmp_path / "a.csv", [["Motalvej", "tryghed", "2018", "61.5"]], header=HEADER[:4])
    odd = write_csv(tmp_path / "b.csv", [["motalavej", "tryghed", "2018", "61.5"]], header=HEADER[:4])
    real = observations.interpret_file

    def sometimes(path, fil, *args):
        if fil == str(odd):
            raise ValueError("noget uventet")
        return real(path, fil, *args)

    monkeypatch.setattr(observations, "interpret_file", sometimes)
    monkeypatch.delenv("HELHEDSANALYSE_DEBUG", raising=False)
    problems = validate_files([good, odd], plan).problems
    assert [p.fil for p in problems] == [str(good), str(odd)]
    assert "fejl i helhedsanalyse (ValueError: noget uventet); de andre filer er kontrolleret" in problems[1].besked


# --------------------------------------------------------------------------- one folder expansion for every command


def test_an_empty_folder_is_refused_by_every_command_the_same_way(tmp_path, monkeypatch):
    """validate refused it; status and render read it as 'no data' and render replaced good reports."""
    from typer.testing import CliRunner

    import helhedsanalyse.render.engine as render_mod
    from helhedsanalyse.cli import app

    def forbidden(*a, **k):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(render_mod, "execute_job", forbidden)
    tom = tmp_path / "tom"
    tom.mkdir()
    ud = tmp_path / "rapporter"
    (ud / "slut").mkdir(parents=True)
    (ud / "slut" / "bestyrelsesstatus.html").write_text("<p>den gode rapport</p>", encoding="utf-8")
    line = f"{tom}: mappen indeholder ingen datafiler (CSV eller Excel .xlsx). Læg tallene i mappen, eller giv filerne direkte"
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(tom)])
    assert result.exit_code == 1 and result.stdout.splitlines() == ["1 problem i 1 fil; intet er indlæst:", line]
    for args in (["status", "--data", str(tom)], ["lister", "--data", str(tom)],
                 ["render", "--data", str(tom), "--runde", "slut", "--notebook", "bestyrelsesstatus", "--ud", str(ud),
                  "--processer", "1"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.splitlines() == ["Fejl: 1 problem i 1 fil; intet er indlæst", f"  {line}"], args
    assert (ud / "slut" / "bestyrelsesstatus.html").read_text(encoding="utf-8") == "<p>den gode rapport</p>"
