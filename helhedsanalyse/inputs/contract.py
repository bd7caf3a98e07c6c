"""The data contract as a table: the observation columns, and stacking observation tables into one."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

#: The columns of the observation contract (``helhedsanalyse.observations.load_observations``).
OBSERVATION_KOLONNER = [
    "omraade",
    "indikator",
    "periode",
    "aar",
    "delperiode",
    "vaerdi",
    "taeller",
    "naevner",
    "kilde",
    "note",
    "illustrativ",
    "fil",
    "raekke",
]


def normalise_observations(observations: pd.DataFrame) -> pd.DataFrame:
    """Observations with every contract column present and typed (a copy).

    Missing ``aar``/``delperiode`` are derived from ``periode``; a missing ``vaerdi`` is computed from
    ``taeller``/``naevner`` where the unit allows it. Extra columns (e.g. ``omraader`` from the baseline
    tables) are kept.
    """
    df = observations.copy()
    if "periode" in df.columns:
        df["periode"] = df["periode"].astype(str).str.strip()
    for col in OBSERVATION_KOLONNER:
        if col not in df.columns:
            if col == "aar":
                df[col] = df["periode"].str[:4].astype(int)
            elif col == "delperiode":
                df[col] = df["periode"].str[4:]
            elif col in ("vaerdi", "taeller", "naevner"):
                df[col] = np.nan
            elif col == "illustrativ":
                df[col] = False
            elif col == "raekke":
                df[col] = pd.array([pd.NA] * len(df), dtype="Int64")
            else:
                df[col] = ""
    for col in ("vaerdi", "taeller", "naevner"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    aar = pd.to_numeric(df["aar"], errors="coerce")
    df["aar"] = aar.fillna(pd.to_numeric(df["periode"].str[:4], errors="coerce")).astype(int)
    delperiode = df["delperiode"].astype(object).where(df["delperiode"].notna(), df["periode"].str[4:])
    df["delperiode"] = delperiode.fillna("").astype(str)
    df["illustrativ"] = df["illustrativ"].fillna(False).astype(bool)
    for col in ("kilde", "note", "fil"):
        df[col] = df[col].fillna("").astype(str)
    return df


def concat_observations(frames: Iterable[pd.DataFrame | None]) -> pd.DataFrame:
    """Stack observation tables (e.g. follow-up data, baselines and references) into one.

    Keeps the contract columns and ``omraader`` (partial aggregates in the baseline tables); rows keep
    their order, so that for duplicates the earlier table wins after real-before-illustrative.
    """
    keep = [*OBSERVATION_KOLONNER, "omraader"]
    parts = []
    for f in frames:
        if f is None or len(f) == 0:
            continue
        f = normalise_observations(f)
        parts.append(f[[c for c in keep if c in f.columns]])
    if not parts:
        return normalise_observations(pd.DataFrame(columns=OBSERVATION_KOLONNER))
    return pd.concat(parts, ignore_index=True)
