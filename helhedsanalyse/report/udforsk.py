"""The round's tidy tables for a student to explore with pandas ("Udforsk selv" at the end of a notebook).

:func:`udforsk` gives three long tables (one row per observation, per indicator and year, per criterion and
area) for the report's scope, with the Danish names beside the ids so that a filter or a plot reads well.
They are the computed round's *internal* numbers: diskretionering is not applied, small counts are there.
The notebooks say so above the tables, and the "Udforsk selv" cells are left out of the published reports
(tagged ``kun-notebook``, dropped by the HTML export).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ..compute.runde import BeregnetRunde
from ..plan.model import Plan

#: Columns of each table, in this order (those a round has).
OBSERVATION_KOLONNER = ["omraade", "omraade_navn", "indikator", "indikator_navn", "aar", "periode", "delperiode",
                        "vaerdi", "taeller", "naevner", "kilde", "fil", "raekke"]
INDIKATOR_KOLONNER = ["omraade", "omraade_navn", "indikator", "indikator_navn", "enhed", "aar", "vaerdi",
                      "taeller", "naevner", "aendring", "aendring_pct", "kilde"]
STATUS_KOLONNER = ["kriterium", "indsatsomraade", "omraade", "omraade_navn", "indikator", "indikator_navn", "maal",
                   "baseline_aar", "baseline", "sidste_aar", "vaerdi", "status", "status_tekst", "forklaring"]

#: Places that are not one of the plan's areas but are compared with them (references).
REFERENCE_NAVNE = {"danmark": "Danmark", "sub": "SUB-gennemsnit", "slagelse_kommune": "Slagelse Kommune",
                   "politikreds": "Politikredsen"}


@dataclass(frozen=True)
class Udforsk:
    """Three tidy tables of one round for the report's scope (internal numbers, not suppressed)."""

    #: one row per observation read from the data files (area, indicator, period, value, count, file, row)
    observationer: pd.DataFrame
    #: one row per area, indicator and year: the yearly figure the rules judge
    indikatorer: pd.DataFrame
    #: one row per criterion and area: target, last value, status and its explanation
    status: pd.DataFrame


def _navne(frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """``frame`` with ``omraade_navn`` and ``indikator_navn`` beside the ids."""
    out = frame.copy()
    omraader = {**REFERENCE_NAVNE, **{o: plan.omraade[o].navn for o in plan.omraade}}
    out["omraade_navn"] = out["omraade"].map(lambda o: omraader.get(o, o))
    out["indikator_navn"] = out["indikator"].map(
        lambda i: plan.indikator[i].navn if isinstance(i, str) and i in plan.indikator else i)
    return out


def _kolonner(frame: pd.DataFrame, kolonner: Iterable[str]) -> pd.DataFrame:
    return frame[[c for c in kolonner if c in frame.columns]].reset_index(drop=True)


def udforsk(beregnet: BeregnetRunde, plan: Plan, omraade: str | None = None, indsatsomraade: str | None = None,
            kriterier: list[str] | None = None) -> Udforsk:
    """The round's observations, indicators and statuses for one area (``samlet`` or None: every area and the
    references), one indsatsområde and/or a list of criteria.

    >>> from helhedsanalyse.compute.runde import compute
    >>> from helhedsanalyse.plan import load_plan
    >>> u = udforsk(compute("midtvej"), load_plan(), omraade="ringparken", indsatsomraade="tryghed_trivsel")
    >>> sorted(u.status["omraade"].unique()), sorted(u.indikatorer["omraade"].unique())
    (['ringparken'], ['ringparken'])
    >>> set(u.indikatorer["indikator"]) <= set(u.status["indikator"].dropna())
    True
    """
    status = beregnet.status
    if omraade and omraade != "samlet":
        status = status[status["omraade"] == omraade]
    if indsatsomraade:
        status = status[status["indsatsomraade"] == indsatsomraade]
    if kriterier is not None:
        status = status[status["kriterium"].isin(kriterier)]
    obs, ind = beregnet.observations, beregnet.indikatorer
    if omraade and omraade != "samlet":
        obs, ind = obs[obs["omraade"] == omraade], ind[ind["omraade"] == omraade]
    if indsatsomraade or kriterier is not None:
        indikatorer = set(status["indikator"].dropna())
        obs, ind = obs[obs["indikator"].isin(indikatorer)], ind[ind["indikator"].isin(indikatorer)]
    return Udforsk(
        observationer=_kolonner(_navne(obs, plan).sort_values(["omraade", "indikator", "periode"]),
                                OBSERVATION_KOLONNER),
        indikatorer=_kolonner(_navne(ind, plan).sort_values(["omraade", "indikator", "aar"]), INDIKATOR_KOLONNER),
        status=_kolonner(_navne(status, plan), STATUS_KOLONNER),
    )
