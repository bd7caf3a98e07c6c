"""inputs/parameters.py: the notebooks' parameters checked before anything is computed, in Danish."""

from __future__ import annotations

import pytest

from helhedsanalyse.core.errors import ParameterError
from helhedsanalyse.inputs.parameters import check_parameters


@pytest.mark.parametrize(
    ("parametre", "besked"),
    [
        ({"runde": "halvvejs"}, "Ukendt runde 'halvvejs'. Gyldige runder: midtvej, slut."),
        ({"omraade": "nørrebro"}, "Ukendt område 'nørrebro'. Gyldige områder: "),
        ({"indsatsomraade": "sport"}, "Ukendt indsatsområde 'sport'. Gyldige indsatsområder: "),
        ({"data": ["findes/ikke.csv"]}, "Datafilen findes ikke: findes/ikke.csv (set fra "),
        ({"data": "findes/ikke.csv"}, "Datafilen findes ikke: findes/ikke.csv (set fra "),
        ({"data": 7}, "Ugyldig værdi for data: 7. Angiv en sti"),
        ({"data": ["a.csv", 7]}, "Ugyldig værdi for data: ['a.csv', 7]. Angiv en sti"),
        ({"runde": "midtvej", "aar": 2019}, "Ugyldigt år 2019 for runden 'midtvej'. Angiv 0 (rundens sidste år) eller "
                                            "et år fra 2017 til 2018."),
        ({"runde": "slut", "aar": 2016}, "Ugyldigt år 2016 for runden 'slut'."),
        ({"runde": "slut", "aar": "2020"}, "Ugyldigt år 2020 for runden 'slut'."),
        ({"runde": "slut", "aar": True}, "Ugyldigt år True for runden 'slut'."),
        ({"fund": "findes_ikke.md"}, "Fundfilen findes ikke: findes_ikke.md (set fra "),
        ({"diskretionering": "nej"}, "Ugyldig værdi for diskretionering 'nej'. Angiv True"),
        ({"beregning": 3}, "Ugyldig værdi for beregning '3'"),
        ({"diskretionering_graense": 0}, "Ugyldig grænse for diskretionering '0'."),
        ({"diskretionering_graense": True}, "Ugyldig grænse for diskretionering 'True'."),
    ],
)
def test_a_bad_parameter_is_refused_with_the_valid_values(parametre, besked):
    with pytest.raises(ParameterError) as exc:
        check_parameters(parametre)
    assert str(exc.value).startswith(besked)


def test_good_parameters_come_back_with_data_paths_made_absolute(tmp_path):
    f = tmp_path / "tal.csv"
    f.write_text("", encoding="utf-8")
    out = check_parameters({"runde": "slut", "omraade": "ringparken", "data": str(f), "diskretionering_graense": 5})
    assert out == {"runde": "slut", "omraade": "ringparken", "data": [str(f.resolve())], "diskretionering_graense": 5}


@pytest.mark.parametrize(("navn", "omraade"), [
    ("Ringparken", "ringparken"), ("Præstevangen og Parkvej", "skaelskoer"), ("Skælskør", "skaelskoer"),
    ("motalavej", "motalavej"), ("samlet", "samlet")])
def test_an_area_is_named_by_id_or_by_its_name_in_the_data_files(navn, omraade):
    """The command line takes 'Ringparken' as the data files write it; a notebook parameter does too."""
    assert check_parameters({"omraade": navn})["omraade"] == omraade


def test_a_misspelt_area_gets_the_closest_id():
    with pytest.raises(ParameterError, match=r"^Ukendt område 'motalavj'\. Mente du 'motalavej'\? "):
        check_parameters({"omraade": "motalavj"})


@pytest.mark.parametrize(
    ("runde", "aar"), [("midtvej", 0), ("midtvej", 2017), ("midtvej", 2018), ("slut", 2018), ("slut", 2021)])
def test_a_year_within_the_round_or_zero_is_accepted(runde, aar):
    assert check_parameters({"runde": runde, "aar": aar})["aar"] == aar


@pytest.mark.parametrize("data", [[], "", None])
def test_no_data_means_the_shipped_example(data):
    assert check_parameters({"data": data})["data"] == []


def test_a_relative_path_is_read_from_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "tal.csv").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert check_parameters({"data": "d/tal.csv"})["data"] == [str(tmp_path / "d" / "tal.csv")]
    assert check_parameters({"data": ["d", "d/tal.csv"]})["data"] == [str(tmp_path / "d"), str(tmp_path / "d" / "tal.csv")]


def test_every_problem_is_named_at_once_one_line_each():
    with pytest.raises(ParameterError) as exc:
        check_parameters({"runde": "start", "omraade": "x", "diskretionering_graense": 0, "data": "nej.csv"})
    lines = str(exc.value).splitlines()
    assert [line.split(" ")[0:2] for line in lines] == [
        ["Ukendt", "runde"], ["Ukendt", "område"], ["Datafilen", "findes"], ["Ugyldig", "grænse"]]


def test_in_a_notebook_the_error_is_its_message_not_a_traceback(monkeypatch):
    """IPython shows what ``_render_traceback_`` returns; with HELHEDSANALYSE_DEBUG the whole traceback."""
    monkeypatch.delenv("HELHEDSANALYSE_DEBUG", raising=False)
    with pytest.raises(ParameterError) as exc:
        check_parameters({"runde": "start", "omraade": "x"})
    assert exc.value._render_traceback_() == str(exc.value).splitlines()
    assert len(exc.value._render_traceback_()) == 2
    monkeypatch.setenv("HELHEDSANALYSE_DEBUG", "1")
    assert not hasattr(exc.value, "_render_traceback_")
