"""The data contract (DESIGN.md, "The data contract"): the observation columns, how a file may name
them, the periods, and stacking observation tables into one.

>>> HEADER_NAMES[header_key(" Værdi ")], parse_period("2019h1")
('vaerdi', ('2019H1', 2019, 'H1'))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..plan.model import normalise_name

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

#: The type of each column of the tidy table (:func:`empty_observations`).
OBSERVATION_DTYPES: dict[str, str | type] = {
    "omraade": str,
    "indikator": str,
    "periode": str,
    "aar": "int64",
    "delperiode": str,
    "vaerdi": float,
    "taeller": float,
    "naevner": float,
    "kilde": str,
    "note": str,
    "illustrativ": bool,
    "fil": str,
    "raekke": "int64",
}


def empty_observations() -> pd.DataFrame:
    """An empty tidy table with the contract's columns and types.

    >>> list(empty_observations().columns) == OBSERVATION_KOLONNER
    True
    """
    return pd.DataFrame({col: pd.Series([], dtype=OBSERVATION_DTYPES[col]) for col in OBSERVATION_KOLONNER})


#: Header spellings (after :func:`normalise_name`) -> canonical column.
HEADER_NAMES: dict[str, str] = {
    "omraade": "omraade",
    "område": "omraade",
    "omrade": "omraade",
    "indikator": "indikator",
    "periode": "periode",
    "vaerdi": "vaerdi",
    "værdi": "vaerdi",
    "taeller": "taeller",
    "tæller": "taeller",
    "naevner": "naevner",
    "nævner": "naevner",
    "kilde": "kilde",
    "note": "note",
}

#: Columns of the contract, and how messages name them when the file does not have them.
DANISH_NAMES: dict[str, str] = {
    "omraade": "område",
    "indikator": "indikator",
    "periode": "periode",
    "vaerdi": "værdi",
    "taeller": "tæller",
    "naevner": "nævner",
    "kilde": "kilde",
    "note": "note",
}

#: Extra columns accepted without a note: the baseline files' columns (data/baseline/README.md) and the
#: template's information columns.
SILENT_COLUMNS: frozenset[str] = frozenset(
    {"trykt", "kvalifikator", "afsnit", "enhed_note", "omraader", "enhed", "indikatornavn", "omraadenavn"}
)

#: Units whose values cannot be negative.
NON_NEGATIVE_UNITS: frozenset[str] = frozenset({"antal", "fuldtidspersoner", "uger", "dage", "pr_1000"})

#: Units for which the numerator is part of the denominator (taeller <= naevner).
FRACTION_UNITS: frozenset[str] = frozenset({"pct", "pr_1000"})

#: Accepted years. The plan's own data run 2011-2021.
AAR_MIN, AAR_MAX = 2010, 2030

#: The period forms, as messages name them.
PERIOD_FORMS = "et år (fx 2018), et kvartal (2018Q3 eller 2018K3) eller et halvår (2019H1)"
PERIOD_RE = re.compile(r"^(\d{4})(?:([QK])([1-4])|(H)([12]))?$")


def parse_period(value: Any) -> tuple[str, int, str] | None:
    """``(periode, aar, delperiode)`` for a period cell, or None if it is not a period.

    >>> parse_period("2018K3")
    ('2018Q3', 2018, 'Q3')
    >>> parse_period(2019.0)
    ('2019', 2019, '')
    >>> parse_period("2018-3") is None
    True
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(value).strip().upper()
    m = PERIOD_RE.match(text)
    if not m:
        return None
    aar = int(m.group(1))
    if m.group(2):
        delperiode = f"Q{m.group(3)}"
    elif m.group(4):
        delperiode = f"H{m.group(5)}"
    else:
        delperiode = ""
    return f"{aar}{delperiode}", aar, delperiode


def header_score(cells: list[Any]) -> int:
    """How many cells of a row are known column names (a header has at least two)."""
    return sum(1 for c in cells if header_key(c) in HEADER_NAMES)


def header_key(cell: Any) -> str:
    """A header cell as looked up in :data:`HEADER_NAMES` (BOM, quotes, case and Unicode form ignored)."""
    if cell is None:
        return ""
    text = str(cell).replace("\ufeff", "").strip().strip('"').strip()
    return normalise_name(text)


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
