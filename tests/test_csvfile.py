"""CSV files: decoding, the separator, rows as Excel counts them, structure (helhedsanalyse.inputs.csvfile).

The messages as a user sees them are pinned through ``validate`` in tests/test_observations.py and the
corpus (tests/korpus); here the reader's own results.
"""

from __future__ import annotations

import codecs

import pytest

from helhedsanalyse.core.errors import FileReadError
from helhedsanalyse.inputs.csvfile import csv_structure, read_csv, read_csv_text

HEADER = "omraade,indikator,periode,vaerdi,kilde,note"


def structure(text: str):
    table = read_csv_text(text, "d.csv")
    names = {0: "omraade", 1: "indikator", 2: "periode", 3: "vaerdi", 4: "kilde", 5: "note"}
    return csv_structure(table, "d.csv", 0, lambda j: names.get(j, f"nr. {j + 1}"), {0, 1, 2, 3})


@pytest.mark.parametrize(("line", "sep"), [("a;b;c", ";"), ("omraade,indikator,periode", ","), ("a\tb", "\t")])
def test_the_separator_is_the_one_of_the_header(line, sep):
    assert read_csv_text(f"{line}\n", "d.csv").separator == sep


def test_comment_lines_above_keep_their_row_and_a_quoted_line_break_is_one_row():
    table = read_csv_text(f'# kommentar "\n{HEADER}\nmotalavej,tryghed,2018,70,"to\nlinjer",x\n', "d.csv")
    assert [n for n, _ in table.rows] == [1, 2, 3]
    assert table.multiline == [(3, 4, 3, 4)] and table.unclosed is None


def test_an_unclosed_quote_is_found():
    table = read_csv_text(f'{HEADER}\nmotalavej,tryghed,2018,70,"aldrig lukket\nringparken,tryghed,2018,60\n', "d.csv")
    assert table.unclosed == (2, 4, 2, 3)
    problems, _ = csv_structure(table, "d.csv", 0, str, {0, 1, 2, 3})
    assert problems[2].besked.startswith('feltet begynder med et anførselstegn ("), som aldrig afsluttes, så resten')


def test_rows_that_do_not_line_up_with_the_header():
    problems, notes = structure(
        f"{HEADER}\n"
        "motalavej,tryghed,2018Q1,70,kilde,note,ekstra\n"  # 2: more fields
        "motalavej;tryghed;2018;70\n"  # 3: another separator
        "motalavej,tryghed,2018,\n"  # 4: ends with an empty field, one missing inside
        "motalavej,tryghed,2018,70\n"  # 5: leaves out kilde and note at the end: read, noted
        "motalavej,tryghed,2019\n"  # 6: lacks vaerdi, which other rows fill
    )
    assert sorted(problems) == [2, 3, 4, 6]
    assert problems[2].besked.startswith("rækken har 7 felter, men overskriften har 6; står der et komma i en tekst")
    assert problems[3].besked.startswith("rækken bruger ';' som skilletegn, men overskriften bruger ','")
    assert "(rækken mangler kolonnen 'vaerdi', som er udfyldt i andre rækker)" in problems[6].besked
    assert notes == ["1 række har færre felter end overskriften; de manglende felter til sidst er læst som tomme"]


def test_encodings(tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes(codecs.BOM_UTF8 + f"{HEADER}\nmotalavej,tryghed,2018,70\n".encode())
    assert read_csv(path, "d.csv").notes == ["BOM fjernet"]
    path.write_bytes(f"{HEADER}\nPræstevangen,tryghed,2018,70\n".encode("cp1252"))
    table = read_csv(path, "d.csv")
    assert table.rows[1][1][0] == "Præstevangen" and table.notes == [
        "filen er ikke UTF-8; læst som Windows-1252 (Excels danske CSV-format)"]
    path.write_bytes("æ\n".encode() + "ø\n".encode("cp1252"))
    with pytest.raises(FileReadError, match="filen blander to tegnsæt"):
        read_csv(path, "d.csv")
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(FileReadError, match="ikke en tekstfil"):
        read_csv(path, "d.csv")
