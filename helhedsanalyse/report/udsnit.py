"""The parts of a computed round a section shows: the status rows of an area or indsatsområde, a series."""

from __future__ import annotations

import pandas as pd

from ..compute.runde import BeregnetRunde
from ..inputs.files import _is_vurderinger_file
from ..inputs.fund import er_fundfil
from ..plan.model import RUNDE_SIDSTE_AAR


def sidste_aar(beregnet: BeregnetRunde) -> int:
    """The last year of the round's data (``slut``: 2025)."""
    return RUNDE_SIDSTE_AAR[beregnet.runde]


def datafiler(beregnet: BeregnetRunde, med_vurderinger: bool = False) -> list[str]:
    """The round's data files: observations (and with ``med_vurderinger`` the evaluator's ratings), not the
    evaluator's findings, which are text for the helhedsevaluering, not data.

    >>> b = BeregnetRunde("slut", pd.DataFrame(), None, None, pd.DataFrame(), pd.DataFrame(),
    ...                   ["d/politi.csv", "d/vurderinger.csv", "d/fund_slut.md"])
    >>> datafiler(b), datafiler(b, med_vurderinger=True)
    (['d/politi.csv'], ['d/politi.csv', 'd/vurderinger.csv'])
    """
    return [f for f in beregnet.filer
            if not er_fundfil(f) and (med_vurderinger or not _is_vurderinger_file(f))]


def illustrativ(beregnet: BeregnetRunde) -> bool:
    """Whether the round rests on the illustrative example data."""
    ill = beregnet.observations.get("illustrativ")
    return bool(ill is not None and ill.astype(bool).any())


def rows(status: pd.DataFrame, omraade: str | None = None, indsatsomraade: str | None = None) -> pd.DataFrame:
    """The rows of a status table for one area and/or indsatsområde (all when None).

    >>> s = pd.DataFrame({"omraade": ["a", "b"], "indsatsomraade": ["x", "x"]})
    >>> len(rows(s)), len(rows(s, "a")), len(rows(s, indsatsomraade="y"))
    (2, 1, 0)
    """
    if omraade is not None:
        status = status[status["omraade"] == omraade]
    if indsatsomraade is not None:
        status = status[status["indsatsomraade"] == indsatsomraade]
    return status


def serie(beregnet: BeregnetRunde, omraade: str, indikator: str) -> pd.DataFrame:
    """The yearly values of one indicator in one area up to the round's last year, oldest first."""
    i = beregnet.indikatorer
    sel = i[(i["omraade"] == omraade) & (i["indikator"] == indikator) & (i["aar"] <= sidste_aar(beregnet))]
    return sel.sort_values("aar")
