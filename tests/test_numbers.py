"""The one number parser of every input (helhedsanalyse.core.numbers)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helhedsanalyse.core.numbers import NOT_A_NUMBER, clean_number_text, decimal_kind, parse_dansk_tal, parse_number

# (cell, the file's decimal mark, value, percent, thousands): how a cell reads with a known or unknown mark.
READ = [
    ("72,4", "komma", 72.4, False, False),
    ("72.4", "punktum", 72.4, False, False),
    ("72,4", None, 72.4, False, False),  # the text shows its mark
    ("1.234,5", "komma", 1234.5, False, True),
    ("1,234.5", "punktum", 1234.5, False, True),
    ("1.250", "komma", 1250.0, False, True),
    ("1.250", "punktum", 1.25, False, False),
    ("1,250", "komma", 1.25, False, False),
    ("1,250", "punktum", 1250.0, False, True),
    ("100 %", None, 100.0, True, False),
    ("72,4%", "komma", 72.4, True, False),
    ("\u22123", None, -3.0, False, False),
    ("\u20133", None, -3.0, False, False),
    ("1\u00a0250,5", "komma", 1250.5, False, False),
    ("1 250", None, 1250.0, False, False),
    (" 7 ", None, 7.0, False, False),
    (",5", "komma", 0.5, False, False),
    (3, None, 3.0, False, False),
    (2.5, None, 2.5, False, False),
]


@pytest.mark.parametrize(("cell", "decimal", "value", "percent", "thousands"), READ)
def test_parse_number(cell, decimal, value, percent, thousands):
    n = parse_number(cell, decimal)
    assert (n.value, n.percent, n.thousands, n.error) == (pytest.approx(value), percent, thousands, None)


@pytest.mark.parametrize("cell", ["", "abc", "72 pct", "1,2,3", "1e5", True, math.nan, math.inf, None, "%"])
def test_not_a_number(cell):
    assert parse_number(cell, "komma").error == NOT_A_NUMBER


def test_an_ambiguous_number_without_the_files_decimal_mark():
    n = parse_number(" 1.250 ", None)
    assert n.value is None and n.error is not None
    assert n.error.startswith("tvetydigt tal: '1.250' kan både være et decimaltal og et tal med tusindtalsseparator")


def test_a_number_stored_as_text_is_marked():
    assert parse_number("7", None, is_text_cell=True).text and not parse_number("7", None).text


def test_decimal_kind_and_cleaning():
    assert [decimal_kind(t) for t in ("72,4", "72.4", "1.250", "1,250", "7", "1.234,5")] == [
        "komma", "punktum", None, None, None, "komma"]
    assert clean_number_text("\u2212 1 250") == "- 1 250"  # spaces of digit groups only after a digit
    assert clean_number_text("\u22121 250") == "-1250"


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False), st.booleans())
def test_numbers_round_trip_in_both_decimal_marks(value, danish):
    text = f"{value:f}"
    mark = "komma" if danish else "punktum"
    if danish:
        text = text.replace(".", ",")
    parsed = parse_number(text, mark, is_text_cell=False)
    assert parsed.error is None
    assert parsed.value == pytest.approx(float(value))


def test_printed_figures_are_read_by_the_same_parser():
    """parse_dansk_tal is parse_number with the decimal comma, on the Danish forms only (the baseline's
    cases are in tests/test_baseline.py)."""
    for text in ("58,3", "1.250", "12.345,6", "1.3", "-2,5"):
        assert parse_dansk_tal(text) == parse_number(text, "komma").value
    with pytest.raises(ValueError, match="er ikke et tal"):
        parse_dansk_tal("1,234.5")  # an English thousands separator is no printed Danish figure
    # a leading zero group is no thousands group: '0.250' is 0,25 (before #13 the baseline read it as 250)
    assert parse_dansk_tal("0.250") == 0.25
