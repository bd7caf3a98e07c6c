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
        ({"data": ["findes/ikke.csv"]}, "Datafilen findes ikke: findes/ikke.csv."),
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
