"""Raw observation frames for the list tests (as a user's file would give them, before the loader)."""

from __future__ import annotations

import pandas as pd


def empty_obs() -> pd.DataFrame:
    """No observations at all: the lists can only show the recorded statuses."""
    return pd.DataFrame(columns=["omraade", "indikator", "periode", "vaerdi", "taeller", "naevner", "kilde", "note"])


def obs(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    """Observations (område, indikator, periode, værdi) with a test source."""
    return pd.DataFrame(
        [{"omraade": o, "indikator": i, "periode": str(p), "vaerdi": v, "kilde": "test", "note": ""} for o, i, p, v in rows]
    )
