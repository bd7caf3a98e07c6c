"""Interpreting one file's cells (helhedsanalyse.inputs.interpret): the header rule, names, notes.

The whole interpretation, with every message, is pinned through ``validate_files`` in
tests/test_observations.py and the corpus (tests/korpus).
"""

from __future__ import annotations

import pytest

from helhedsanalyse.inputs.interpret import Notes, Resolver, find_header, ranges_text, rows_text
from helhedsanalyse.inputs.table import RawTable
from helhedsanalyse.plan import load_plan


@pytest.fixture(scope="module")
def resolver():
    return Resolver(load_plan())


def table(*rows):
    return RawTable(rows=[(i + 1, list(r)) for i, r in enumerate(rows)], excel=False)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ((["omraade", "indikator", "periode"],), 0),  # two or more known names
        ((["# kommentar"], ["område", "indikator"]), 1),  # after comment rows
        ((["Indberetning 2018"], ["Udfyld én række"], [None, "område", "værdi"]), 2),  # below an instructions block
        ((["vaerdi", "x"], ["y"]), 0),  # one known name, nothing better
        ((["a", "b"], ["c"]), None),
        ((["#"], [None]), None),
    ],
)
def test_find_header(rows, expected):
    found = find_header(table(*rows))
    assert (found[0] if found else None) == expected


def test_names_by_id_name_alias_and_transliteration(resolver):
    assert resolver.resolve("Ringparken", "omraade") == "ringparken"
    assert resolver.resolve("praestevangen og parkvej", "omraade") == resolver.resolve("Præstevangen og Parkvej", "omraade")
    assert resolver.resolve("nowhere", "omraade") is None
    assert resolver.suggest("Motalvej", "omraade") == "motalavej"
    assert resolver.suggest("tryghed_2018", "indikator") == "tryghed"


def test_notes_are_said_once_and_counts_only_when_not_zero():
    notes = Notes()
    notes.extend(["a", "b", "a"])
    notes.counted("{antal}", 0, "række", "rækker")
    notes.counted("{antal}", 3, "række", "rækker")
    notes.counted("({antal})", 1, "celle", "celler")
    assert notes.as_list() == ["a", "b", "3 rækker", "(1 celle)"]


def test_rows_in_messages():
    assert ranges_text(list(range(1, 30, 2)), limit=3) == "række 1, 3, 5, ..."
    assert rows_text([7]) == "række 7" and rows_text([2, 5]) == "række 2, 5"
