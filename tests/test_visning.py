"""report/visning.py: the display settings, the one carrier of the suppression policy."""

from __future__ import annotations

import pytest

from helhedsanalyse.report.visning import Visning


@pytest.mark.parametrize(
    ("visning", "antal", "skjult"),
    [
        (Visning(), 4, True),  # below the default threshold 5
        (Visning(), 5, False),  # at the threshold: shown
        (Visning(), 0, False),  # nobody is no person to protect
        (Visning(graense=10), 7, True),  # --graense 10 hides 7 (the list section ignored this before #12)
        (Visning(diskretionering=False, graense=10), 7, False),  # --uden-diskretionering: internal copy
        (Visning(), 2.91, True),  # a count derived from a rounded share is a count too
        (Visning(), float("nan"), False),
    ],
)
def test_which_counts_are_hidden(visning: Visning, antal: float, skjult: bool):
    assert visning.skjuler(antal) is skjult


def test_the_readers_sentence_names_the_threshold_and_is_empty_when_nothing_is_hidden():
    assert "antal under 10" in Visning(graense=10).tekst
    assert Visning(diskretionering=False).tekst == ""
