"""Observation frames for unit tests, built by hand so tests do not depend on the loader."""

from __future__ import annotations

import numpy as np
import pandas as pd


def obs(rows: list[dict]) -> pd.DataFrame:
    """A small observation frame in the data contract; every column not given gets its default."""
    out = []
    for i, r in enumerate(rows):
        periode = str(r["periode"])
        out.append(
            {
                "omraade": r["omraade"],
                "indikator": r["indikator"],
                "periode": periode,
                "aar": int(periode[:4]),
                "delperiode": periode[4:],
                "vaerdi": float(r.get("vaerdi", np.nan)),
                "taeller": float(r.get("taeller", np.nan)),
                "naevner": float(r.get("naevner", np.nan)),
                "kilde": r.get("kilde", "test"),
                "note": r.get("note", ""),
                "illustrativ": bool(r.get("illustrativ", False)),
                "fil": r.get("fil", "test.csv"),
                "raekke": i + 2,
            }
        )
    return pd.DataFrame(out)
