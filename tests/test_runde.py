"""compute/runde.py: one computed round, made once by render and read by every notebook of the round."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from helhedsanalyse.compute.runde import BeregnetRunde, compute, load_computation, save_computation
from helhedsanalyse.report import Rapport


@pytest.fixture(scope="module")
def slut() -> BeregnetRunde:
    return compute("slut")


def test_a_computed_round_is_frozen_and_names_what_it_was_made_from(slut: BeregnetRunde):
    assert slut.runde == "slut"
    assert any(Path(f).name == "politi_ILLUSTRATIV.csv" for f in slut.filer)
    assert set(slut.status["omraade"]) >= {"motalavej", "ringparken", "sydbyen", "skaelskoer", "samlet"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        slut.runde = "midtvej"  # type: ignore[misc]


def test_stored_and_read_back_it_gives_the_same_report(tmp_path: Path, slut: BeregnetRunde):
    path = save_computation("slut", tmp_path / "slut" / ".beregning.pkl")
    again = load_computation(path)
    pd.testing.assert_frame_equal(again.status, slut.status)
    pd.testing.assert_frame_equal(again.indikatorer, slut.indikatorer)
    fra_fil = Rapport.load("slut", beregning=str(path))
    direkte = Rapport.load("slut")
    assert fra_fil.statusgitter().data == direkte.statusgitter().data


def test_a_file_that_holds_something_else_is_refused(tmp_path: Path):
    import pickle

    path = tmp_path / "andet.pkl"
    path.write_bytes(pickle.dumps({"status": None}))
    with pytest.raises(TypeError):
        load_computation(path)
