"""Reading values for drawing: a missing value, a finite number, a year, a stable float, a small count."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def missing(x: Any) -> bool:
    """True for ``None``, ``pd.NA`` and NaN; a list, tuple, dict or array is never missing.

    >>> missing(None), missing(float("nan")), missing(pd.NA), missing(0), missing([])
    (True, True, True, False, False)
    """
    if x is None or x is pd.NA:
        return True
    if isinstance(x, (list, tuple, dict, np.ndarray)):
        return False
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def get(row: Mapping[str, Any] | pd.Series | None, key: str, default: Any = None) -> Any:
    """``row[key]``, or ``default`` when there is no row, no such key or the value is missing.

    >>> get({"baseline": 30.65}, "baseline"), get({"baseline": float("nan")}, "baseline", 0), get(None, "x", 1)
    (30.65, 0, 1)
    """
    if row is None:
        return default
    try:
        value = row.get(key, default)
    except AttributeError:
        return default
    return default if missing(value) else value


def num(x: Any) -> float:
    """A finite float or NaN.

    >>> num("2.5"), num(None), num(float("inf"))
    (2.5, nan, nan)
    """
    try:
        v = float(x)
    except (TypeError, ValueError):
        return float("nan")
    return v if math.isfinite(v) else float("nan")


def year(x: Any) -> int | None:
    """A year as an int, or ``None``.

    >>> year(2017.0), year("2018"), year(None)
    (2017, 2018, None)
    """
    v = num(x)
    return int(round(v)) if math.isfinite(v) else None


def stabil(x: float) -> float:
    """``x`` rounded to 12 significant digits, for drawing.

    A value computed twice from the same data can differ in its last bits (numpy sums in an order
    that depends on the memory alignment of the array, which differs between runs of a kernel); a
    line drawn from it can then shade one pixel one level differently. Rounded, the same data draw
    the same pixels (DESIGN.md: a report renders identically twice).

    >>> stabil(0.1 + 0.2) == stabil(0.3), stabil(-1 / 3)
    (True, -0.333333333333)
    """
    x = float(x)
    return float(f"{x:.12g}") if math.isfinite(x) else x


def small(v: float, undertryk_under: int | None, enhed: str | None) -> bool:
    """True if ``v`` is a small count that must not be shown (DESIGN.md: counts below 5 as "<5").

    >>> small(3, 5, "antal"), small(0, 5, "antal"), small(3, 5, "pct"), small(3, None, "antal")
    (True, False, False, False)
    """
    return (
        undertryk_under is not None
        and enhed == "antal"
        and math.isfinite(v)
        and 0 < v < undertryk_under
    )


def indicator_series(indikatorer: pd.DataFrame, sted: str, indikator: str, sidste_aar: int) -> pd.DataFrame:
    """One place's yearly values of an indicator up to ``sidste_aar``, one row per year, for drawing.

    Columns as in ``indikatorer``; ``aar`` as int, ``vaerdi`` :func:`stabil`, and the flags
    ``illustrativ``, ``ufuldstaendig``, ``tilnaermet`` as bool (False where the column is missing).
    Of two rows of one year the first is kept.

    >>> rows = pd.DataFrame({"omraade": "samlet", "indikator": "kriminalitet", "aar": [2021, 2016, 2022],
    ...                      "vaerdi": [0.1 + 0.2, 30.65, 17.0]})
    >>> indicator_series(rows, "samlet", "kriminalitet", 2021)[["aar", "vaerdi", "illustrativ"]].to_dict("list")
    {'aar': [2016, 2021], 'vaerdi': [30.65, 0.3], 'illustrativ': [False, False]}
    """
    df = indikatorer[
        indikatorer["omraade"].astype(str).eq(sted)
        & indikatorer["indikator"].astype(str).eq(indikator)
    ].copy()
    if df.empty:
        return df
    df["aar"] = pd.to_numeric(df["aar"], errors="coerce")
    df["vaerdi"] = pd.to_numeric(df["vaerdi"], errors="coerce")
    df = df[df["aar"].notna() & df["aar"].le(sidste_aar) & df["vaerdi"].notna()]
    df["aar"] = df["aar"].astype(int)
    df["vaerdi"] = df["vaerdi"].map(stabil)
    for col in ("illustrativ", "ufuldstaendig", "tilnaermet"):
        df[col] = df[col].fillna(False).astype(bool) if col in df.columns else False
    return df.sort_values("aar", kind="stable").drop_duplicates("aar", keep="first")


def split_small(
    frame: pd.DataFrame, column: str, undertryk_under: int | None, enhed: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``frame`` that may be shown, and those whose ``column`` is a :func:`small` count.

    >>> shown, hidden = split_small(pd.DataFrame({"v": [3, 12, 0]}), "v", 5, "antal")
    >>> list(shown["v"]), list(hidden["v"])
    ([12, 0], [3])
    """
    if undertryk_under is None or enhed != "antal":
        return frame, frame.iloc[0:0]
    mask = frame[column].map(lambda v: small(float(v), undertryk_under, enhed))
    return frame[~mask], frame[mask]


def uden_huller(aar: Any, vaerdi: Any) -> tuple[list[float], list[float]]:
    """The points of a yearly line with a gap (NaN) where a year is missing, so that no line is drawn across
    it; every point stays.

    >>> uden_huller([2017, 2018, 2021], [1.0, 2.0, 3.0])
    ([2017.0, 2018.0, 2019.0, 2021.0], [1.0, 2.0, nan, 3.0])
    """
    xs: list[float] = []
    ys: list[float] = []
    for x, y in zip(aar, vaerdi, strict=True):
        if xs and float(x) - xs[-1] > 1:
            xs.append(xs[-1] + 1)
            ys.append(float("nan"))
        xs.append(float(x))
        ys.append(float(y))
    return xs, ys
