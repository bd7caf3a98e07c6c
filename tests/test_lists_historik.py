"""The recorded list status (helhedsanalyse.inputs.lists): transcribed from the reference data.

Source: data/kilde/referencedata/listestatus_omraader.csv (transcribed into data/lister/listestatus.csv;
``test_history_matches_reference_file`` pins it); "inferred" and "not found" are kept exactly.
"""

from __future__ import annotations

import csv
import doctest

import pytest

from helhedsanalyse.inputs import lists
from helhedsanalyse.inputs.lists import load_history, load_listeantal
from helhedsanalyse.plan import DATA_DIR
from helhedsanalyse.plan.lists import ListeError

REF = DATA_DIR / "kilde" / "referencedata"


# =========================================================================== recorded history


def test_history_matches_reference_file():
    ref = list(csv.reader(open(REF / "listestatus_omraader.csv", encoding="utf-8")))
    h = load_history()
    for r in h.to_dict("records"):
        src = ref[r["referencefil_raekke"] - 1]
        assert src[1:] == [src[1], r["liste_som_kilden"], r["status_som_kilden"], r["note"], r["kilde"]], r
    # every reference row is transcribed
    assert set(h["referencefil_raekke"]) == set(range(5, len(ref) + 1))
    # "inferred" and "not found" kept exactly
    assert set(h[h["status_som_kilden"].str.contains("inferred")]["grundlag"]) == {"inferred"}
    assert set(h[h["status_som_kilden"] == "NOT FOUND"]["grundlag"]) == {"not found"}


def test_history_ringparken_and_motalavej_2017_2021():
    h = load_history()
    h = h[h["officiel"] == "ja"]
    for o in ("ringparken", "motalavej"):
        g = h[(h["omraade"] == o) & h["aar"].between(2017, 2021)].set_index("aar")
        assert list(g.index) == [2017, 2018, 2019, 2020, 2021]
        assert g.loc[2017, "paa_lister"] == ["ghettoliste"]
        assert g.loc[2018, "paa_lister"] == ["ghetto", "haardt_ghetto"]
        assert g.loc[2020, "grundlag"] == "inferred"
        assert g.loc[2021, "ikke_paa_lister"] == ["parallelsamfund", "omdannelse"]
    sydbyen = load_history().query("omraade == 'sydbyen'")
    assert list(sydbyen["aar"]) == list(range(2017, 2023)) and set(sydbyen["grundlag"]) == {"not found"}



def test_malformed_history_is_refused(tmp_path):
    bad = tmp_path / "listestatus.csv"
    text = (lists.LISTE_DIR / "listestatus.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace(",inferred,", ",gaettet,", 1), encoding="utf-8")
    with pytest.raises(ListeError, match="grundlag 'gaettet' skal være stated, inferred eller not found"):
        load_history(bad)
    with pytest.raises(ListeError, match="findes ikke"):
        load_history(tmp_path / "mangler.csv")


def test_listeantal():
    antal = load_listeantal()
    assert antal is not None and antal["aar"].min() == 2017
    assert antal.set_index("aar").loc[2017, "udsatte_omraader"] == "22"
    assert load_listeantal(DATA_DIR / "findes_ikke.csv") is None


def test_module_doctests():
    result = doctest.testmod(lists, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 2
