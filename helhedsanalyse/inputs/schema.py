"""The contract's column rules over one file's interpreted rows, as a pandera schema, and each failure
translated into a problem in the user's words (file, the row as seen in Excel, column, value).

The rules: the period's form and year (:data:`~helhedsanalyse.inputs.contract.AAR_MIN`-``AAR_MAX``), a
share in per cent between 0 and 100, no negative value in a unit that cannot be negative, whole numbers
where the indicator counts whole units, tæller not negative and not above nævner, nævner above 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from ..core.errors import Problem
from ..core.formatting import format_tal_kort
from .contract import AAR_MAX, AAR_MIN, FRACTION_UNITS, NON_NEGATIVE_UNITS, PERIOD_FORMS, PERIOD_RE

__all__ = ["schema_problems"]


def _schema() -> Any:
    """Column-level rules of the contract as a pandera schema over the interpreted rows.

    The index is the row as seen in Excel, so pandera's failure cases point at the user's rows.
    """
    import pandera.pandas as pa

    def by_unit(df: pd.DataFrame, units: Iterable[str], bad: Callable[[pd.Series], pd.Series]) -> pd.Series:
        mask = df["enhed"].isin(list(units)) & df["vaerdi"].notna()
        return ~(mask & bad(df["vaerdi"]))

    return pa.DataFrameSchema(
        {
            "periode_tekst": pa.Column(
                None,
                pa.Check(
                    lambda s: s.str.strip().str.upper().str.fullmatch(PERIOD_RE.pattern).fillna(False),
                    name="periode_form",
                ),
            ),
            "aar": pa.Column(None, pa.Check(lambda s: s.between(AAR_MIN, AAR_MAX), name="aar_interval", ignore_na=True),
                             nullable=True),
            "taeller": pa.Column(None, pa.Check(lambda s: s >= 0, name="taeller_ikke_negativ", ignore_na=True),
                                 nullable=True),
            "naevner": pa.Column(None, pa.Check(lambda s: s > 0, name="naevner_positiv", ignore_na=True),
                                 nullable=True),
        },
        checks=[
            pa.Check(lambda df: by_unit(df, ["pct"], lambda v: (v < 0) | (v > 100)), name="pct_interval"),
            pa.Check(lambda df: by_unit(df, NON_NEGATIVE_UNITS, lambda v: v < 0), name="ikke_negativ"),
            pa.Check(
                lambda df: ~(df["heltal"] & df["vaerdi"].notna() & (df["vaerdi"] != df["vaerdi"].round())),
                name="heltal",
            ),
            pa.Check(
                lambda df: ~(
                    df["enhed"].isin(list(FRACTION_UNITS)) & (df["taeller"] > df["naevner"]) & (df["naevner"] > 0)
                ),
                name="taeller_over_naevner",
            ),
        ],
        strict=False,
    )


def schema_problems(work: pd.DataFrame, fil: str, header_text: dict[str, str]) -> list[Problem]:
    """Every failure of the contract's column rules in ``work`` (index: the row as seen in Excel).

    A value computed from a faulty tæller/nævner is not reported beside the fraction's own problem.
    """
    import pandera.pandas as pa

    checked = work.copy()
    checked["enhed"] = checked["enhed"].astype(object)
    checked["heltal"] = checked["heltal"].astype(bool)
    for col in ("aar", "vaerdi", "taeller", "naevner"):
        checked[col] = pd.to_numeric(checked[col], errors="coerce").astype(float)
    checked["periode_tekst"] = checked["periode_tekst"].astype(str)
    try:
        _schema().validate(checked, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        failures = exc.failure_cases
    problems: list[Problem] = []
    seen: set[tuple[str, int]] = set()
    pairs = [
        (str(check), int(index))
        for check, index in zip(failures["check"], failures["index"], strict=True)
        if index is not None and not (isinstance(index, float) and math.isnan(index))
    ]
    fraction_failed = {
        index for check, index in pairs if check in ("taeller_over_naevner", "taeller_ikke_negativ", "naevner_positiv")
    }
    for check, index in pairs:
        key = (check, index)
        if key in seen:
            continue
        seen.add(key)
        if check in _VALUE_MESSAGES and index in fraction_failed and checked.loc[index, "beregnet"]:
            continue  # a value computed from a faulty taeller/naevner: the fraction's problem is enough
        row: pd.Series = checked.loc[index]  # type: ignore[assignment]  # the index is unique: one row
        problem = _translate(check, row, index, fil, header_text)
        if problem is not None:
            problems.append(problem)
    return problems


def _translate(check: str, row: pd.Series, n: int, fil: str, header_text: dict[str, str]) -> Problem | None:
    """One pandera failure case -> one Problem in the user's words: (column, message, value as written)."""
    if check == "periode_form":
        kolonne, besked, vaerdi = header_text["periode"], _period_message(row), row["periode_tekst"] or None
    elif check in _ROW_MESSAGES:
        col, message = _ROW_MESSAGES[check]  # the year is written in the periode column
        shown = "periode" if col == "aar" else col
        kolonne, besked, vaerdi = header_text[shown], message(row), row[f"{shown}_tekst"]
    elif check in _VALUE_MESSAGES:
        # the value's rules; a value computed from tæller/nævner is shown in the tæller column
        computed = bool(row["beregnet"])
        kolonne = header_text["taeller" if computed else "vaerdi"]
        vaerdi = row["taeller_tekst" if computed else "vaerdi_tekst"]
        how = f" (beregnet af tæller og nævner: {format_tal_kort(row['vaerdi'])})" if computed else ""
        besked = _VALUE_MESSAGES[check](row, how)
    else:  # pragma: no cover - every check is named above
        return Problem(fil, f"fejl i kontrollen '{check}'", raekke=n)
    return Problem(fil, besked, raekke=n, kolonne=kolonne, vaerdi=vaerdi)


def _period_message(row: pd.Series) -> str:
    if not row["periode_tekst"]:
        return f"perioden mangler; brug {PERIOD_FORMS}"
    if row.get("periode_dato"):
        return (
            f"cellen er en dato i Excel, ikke en periode; skriv {PERIOD_FORMS} i en celle formateret som Tekst, "
            "så Excel ikke gør det til en dato (en dato, som Excel viser som et år med talformatet åååå, læses "
            "som året)"
        )
    return f"ugyldig periode; brug {PERIOD_FORMS}"


#: check -> (the column it is about, its message).
_ROW_MESSAGES: dict[str, tuple[str, Callable[[pd.Series], str]]] = {
    "aar_interval": ("aar", lambda row: f"året {int(row['aar'])} ligger uden for de gyldige år {AAR_MIN}-{AAR_MAX} "
                                        "(planens data dækker 2011-2021)"),
    "taeller_ikke_negativ": ("taeller", lambda row: "tælleren kan ikke være negativ"),
    "naevner_positiv": ("naevner", lambda row: "nævneren skal være større end 0"),
    "taeller_over_naevner": ("taeller", lambda row: f"tælleren er større end nævneren ({row['naevner_tekst']}); "
                                                    "tælleren skal være en del af nævneren"),
}

#: check of the value -> its message, given how the value came about (' (beregnet af tæller og nævner: 72,4)').
_VALUE_MESSAGES: dict[str, Callable[[pd.Series, str], str]] = {
    "pct_interval": lambda row, how: (f"en andel i procent skal ligge mellem 0 og 100{how} (indikatoren "
                                      f"'{row['indikator']}' har enheden pct)"),
    "ikke_negativ": lambda row, how: (f"kan ikke være negativ{how}; indikatoren '{row['indikator']}' har enheden "
                                      f"{row['enhed']}, så værdien skal være 0 eller derover"),
    "heltal": lambda row, how: (f"skal være et helt tal{how}; indikatoren '{row['indikator']}' tæller hele enheder "
                                f"({row['enhed']})"),
}
