"""The case table (tests/tilfaelde/vurderinger.csv): every row is a criterion, a round, a small data set and
the status a careful evaluator would give, argued from the plan's wording (see tests/tilfaelde/README.md).

Each row runs through ``status_table`` exactly as the CLI and the reports do, with only the row's own
data (and the plan's baseline tables where ``med_baseline`` is ``ja``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from observationsdata import obs

from helhedsanalyse.compute.assessment import status_table
from helhedsanalyse.core.status import STATUSSER
from helhedsanalyse.inputs.baseline import load_baseline
from helhedsanalyse.inputs.contract import concat_observations
from helhedsanalyse.plan import load_plan

TABEL = Path(__file__).parent / "tilfaelde" / "vurderinger.csv"
KOLONNER = ["nr", "kriterium", "omraade", "runde", "data", "med_baseline", "vurdering", "status", "foreloebig",
            "forklaring_indeholder", "grund", "planens_ord"]


def read_cases() -> list[dict[str, str]]:
    with TABEL.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows


def parse_data(text: str) -> list[dict]:
    """The data mini-language of tests/tilfaelde/README.md -> observation rows."""
    rows: list[dict] = []
    for series in filter(None, (s.strip() for s in text.split("|"))):
        head, _, entries = series.partition(":")
        omraade, indikator = (x.strip() for x in head.split("/"))
        for entry in filter(None, (e.strip() for e in entries.split(";"))):
            periode, _, value = (x.strip() for x in entry.partition("="))
            row: dict = {"omraade": omraade, "indikator": indikator, "periode": periode}
            m = re.fullmatch(r"(?:([-\d.]+)@)?([-\d.]+)/([-\d.]+)", value)
            if m:
                if m.group(1):
                    row["vaerdi"] = float(m.group(1))
                row["taeller"], row["naevner"] = float(m.group(2)), float(m.group(3))
            else:
                row["vaerdi"] = float(value)
            rows.append(row)
    return rows


CASES = read_cases()
PLAN = load_plan()


def test_the_table_is_well_formed():
    assert list(CASES[0]) == KOLONNER
    assert len(CASES) >= 60
    assert len({c["nr"] for c in CASES}) == len(CASES)
    for c in CASES:
        assert c["kriterium"] in PLAN.kriterium, c["nr"]
        assert c["omraade"] in PLAN.kriterium[c["kriterium"]].omraader, c["nr"]
        assert c["runde"] in ("midtvej", "slut"), c["nr"]
        assert c["status"] in STATUSSER, c["nr"]
        assert c["grund"].strip(), f"{c['nr']}: a case needs its reason"
        parse_data(c["data"])


def test_the_table_covers_every_status_and_kind():
    assert {c["status"] for c in CASES} == set(STATUSSER)
    kinds = {m.type for c in CASES for m in PLAN.kriterium[c["kriterium"]].maal}
    assert kinds == {m.type for k in PLAN.kriterier for m in k.maal}


@pytest.mark.parametrize("case", CASES, ids=[f"{c['nr']}-{c['kriterium']}-{c['omraade']}-{c['runde']}" for c in CASES])
def test_case(case):
    frames = [obs(parse_data(case["data"]))] if case["data"].strip() else []
    if case["med_baseline"].strip() == "ja":
        frames.append(load_baseline(plan=PLAN))
    observations = concat_observations(frames) if frames else obs([])
    vurderinger = None
    if case["vurdering"].strip():
        vurderinger = pd.DataFrame([{"kriterium": case["kriterium"], "omraade": case["omraade"], "runde": case["runde"],
                                     "vurdering": case["vurdering"].strip(), "begrundelse": "Testvurdering."}])
    table = status_table(observations, PLAN, case["runde"], vurderinger=vurderinger, kriterier=[case["kriterium"]])
    row = table[table["omraade"] == case["omraade"]].iloc[0]
    why = f"\n{case['grund']}\nPlanen: {case['planens_ord']}\nForklaring: {row['forklaring']}"
    assert row["status"] == case["status"], why
    if case["foreloebig"].strip() in ("ja", "nej"):
        assert bool(row["foreloebig"]) == (case["foreloebig"].strip() == "ja"), why
    for phrase in filter(None, (p.strip() for p in case["forklaring_indeholder"].split("&&"))):
        assert phrase.lower() in row["forklaring"].lower(), f"'{phrase}' mangler i forklaringen" + why
