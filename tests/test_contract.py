"""The data contract: columns, header names and periods (helhedsanalyse.inputs.contract)."""

from __future__ import annotations

import pytest

from helhedsanalyse.inputs.contract import (
    HEADER_NAMES,
    OBSERVATION_KOLONNER,
    empty_observations,
    header_key,
    header_score,
    parse_period,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2018", ("2018", 2018, "")),
        (2018, ("2018", 2018, "")),
        (2018.0, ("2018", 2018, "")),
        ("2018Q3", ("2018Q3", 2018, "Q3")),
        ("2018K3", ("2018Q3", 2018, "Q3")),
        (" 2018q1 ", ("2018Q1", 2018, "Q1")),
        ("2019H1", ("2019H1", 2019, "H1")),
        ("2019h2", ("2019H2", 2019, "H2")),
    ],
)
def test_parse_period_accepted_forms(cell, expected):
    assert parse_period(cell) == expected


@pytest.mark.parametrize("cell", ["2018-3", "18", "2018Q5", "2018H3", "Q3 2018", "2018 Q3", "", "2018.5", 2018.5, None])
def test_parse_period_rejects(cell):
    assert parse_period(cell) is None


def test_header_names_ignore_case_bom_quotes_and_unicode_form():
    assert [HEADER_NAMES.get(header_key(c)) for c in ("\ufeffOmråde", ' "Værdi" ', "TÆLLER", "naevner", "x", None)] == [
        "omraade", "vaerdi", "taeller", "naevner", None, None]
    assert header_score(["område", "indikator", "noget"]) == 2


def test_empty_observations_has_the_contract_columns_and_types():
    empty = empty_observations()
    assert list(empty.columns) == OBSERVATION_KOLONNER
    assert str(empty["aar"].dtype) == "int64" and str(empty["illustrativ"].dtype) == "bool"
    assert str(empty["vaerdi"].dtype) == "float64" and empty.empty
