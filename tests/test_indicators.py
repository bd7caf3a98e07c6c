"""Indicators: yearly values, samlet from tæller/nævner, rates per 1000 and year-on-year changes.

Expected numbers are computed by hand in the comments; the rules are those of DESIGN.md ("The data
contract": samlet is recomputed from tæller/nævner, never by averaging rates) and of the brief of
issue #3 (aarsopgoerelse, whole-year row wins, incomplete samlet, approximate samlet).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helhedsanalyse.compute.indicators import (
    add_rates_and_changes,
    add_samlet,
    compute_indicators,
    samlet_omraader,
    yearly_values,
)
from helhedsanalyse.plan import load_plan

AREAS = ["motalavej", "ringparken", "sydbyen", "skaelskoer"]


from observationsdata import obs  # noqa: E402  (shared test helper)


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def row(df: pd.DataFrame, omraade: str, indikator: str, aar: int) -> pd.Series:
    sel = df[(df["omraade"] == omraade) & (df["indikator"] == indikator) & (df["aar"] == aar)]
    assert len(sel) == 1, sel
    return sel.iloc[0]


# --------------------------------------------------------------------------- yearly values


def test_quarters_summed_for_counts(plan):
    # haervaerk has aarsopgoerelse: sum (data/plan/indikatorer.yaml): 3 + 4 + 5 + 1 = 13
    df = obs([{"omraade": "ringparken", "indikator": "haervaerk", "periode": f"2018Q{q}", "vaerdi": v}
              for q, v in zip(range(1, 5), [3, 4, 5, 1])])
    y = yearly_values(df, plan)
    r = row(y, "ringparken", "haervaerk", 2018)
    assert r["vaerdi"] == 13
    assert r["periode"] == "2018Q1-Q4"
    assert r["delperioder"] == 4
    assert not r["ufuldstaendig"]


def test_three_quarters_of_a_sum_is_incomplete(plan):
    # 3 + 4 + 5 = 12 over three quarters: not a year's count
    df = obs([{"omraade": "motalavej", "indikator": "haervaerk", "periode": f"2018Q{q}", "vaerdi": v}
              for q, v in zip(range(1, 4), [3, 4, 5])])
    r = row(yearly_values(df, plan), "motalavej", "haervaerk", 2018)
    assert r["vaerdi"] == 12
    assert r["ufuldstaendig"]
    assert "kun 3 kvartaler af 4" in r["bemaerkning"]


def test_sidste_and_maks(plan):
    # dropout: aarsopgoerelse sidste -> the Q4 figure (9); frivillige: maks -> the highest (14, in Q2)
    df = obs(
        [{"omraade": "samlet", "indikator": "dropout", "periode": f"2019Q{q}", "vaerdi": v}
         for q, v in zip(range(1, 5), [12, 11, 10, 9])]
        + [{"omraade": "samlet", "indikator": "frivillige", "periode": f"2019Q{q}", "vaerdi": v}
           for q, v in zip(range(1, 5), [10, 14, 12, 13])]
    )
    y = yearly_values(df, plan)
    assert row(y, "samlet", "dropout", 2019)["vaerdi"] == 9
    assert row(y, "samlet", "dropout", 2019)["periode"] == "2019Q4"
    assert row(y, "samlet", "frivillige", 2019)["vaerdi"] == 14
    assert row(y, "samlet", "frivillige", 2019)["periode"] == "2019Q2"


def test_half_years_summed(plan):
    # fritidsjob: sum; H1 25 + H2 30 = 55
    df = obs([{"omraade": "samlet", "indikator": "fritidsjob", "periode": "2019H1", "vaerdi": 25},
              {"omraade": "samlet", "indikator": "fritidsjob", "periode": "2019H2", "vaerdi": 30}])
    r = row(yearly_values(df, plan), "samlet", "fritidsjob", 2019)
    assert r["vaerdi"] == 55 and not r["ufuldstaendig"]


def test_whole_year_row_wins_over_quarters_and_says_so(plan):
    df = obs([{"omraade": "samlet", "indikator": "fritidsjob", "periode": "2019", "vaerdi": 60},
              {"omraade": "samlet", "indikator": "fritidsjob", "periode": "2019Q1", "vaerdi": 10},
              {"omraade": "samlet", "indikator": "fritidsjob", "periode": "2019Q2", "vaerdi": 10}])
    r = row(yearly_values(df, plan), "samlet", "fritidsjob", 2019)
    assert r["vaerdi"] == 60
    assert r["delperioder"] == 0
    assert "Årstallet er brugt; 2 kvartals-/halvårstal for 2019 er ikke brugt." in r["bemaerkning"]


def test_duplicate_real_data_wins_over_illustrative(plan):
    df = obs([{"omraade": "samlet", "indikator": "brande", "periode": "2016", "vaerdi": 30, "illustrativ": True},
              {"omraade": "samlet", "indikator": "brande", "periode": "2016", "vaerdi": 28}])
    r = row(yearly_values(df, plan), "samlet", "brande", 2016)
    assert r["vaerdi"] == 28 and not r["illustrativ"]
    assert "værdi 30" in r["bemaerkning"]


# --------------------------------------------------------------------------- samlet


def test_samlet_from_numerators_not_mean_of_rates(plan):
    # tryghed, samlet: ratio. (111 + 150 + 80 + 90) / (182 + 200 + 100 + 120) = 431 / 602 = 71,5947 %
    # the mean of the four rates would be (60,989 + 75 + 80 + 75) / 4 = 72,747 %
    tn = {"motalavej": (111, 182), "ringparken": (150, 200), "sydbyen": (80, 100), "skaelskoer": (90, 120)}
    df = obs([{"omraade": o, "indikator": "tryghed", "periode": "2018", "taeller": t, "naevner": n,
               "vaerdi": 100 * t / n} for o, (t, n) in tn.items()])
    r = row(compute_indicators(df, plan), "samlet", "tryghed", 2018)
    assert r["vaerdi"] == pytest.approx(100 * 431 / 602)
    assert r["taeller"] == 431 and r["naevner"] == 602
    assert r["beregnet"] and not r["tilnaermet"] and not r["ufuldstaendig"]


def test_samlet_sum_of_counts(plan):
    # haervaerk, samlet: sum. 10 + 20 + 5 + 7 = 42
    df = obs([{"omraade": o, "indikator": "haervaerk", "periode": "2019", "vaerdi": v}
              for o, v in zip(AREAS, [10, 20, 5, 7])])
    assert row(compute_indicators(df, plan), "samlet", "haervaerk", 2019)["vaerdi"] == 42


def test_samlet_missing_area_is_incomplete_not_sum_of_three(plan):
    df = obs([{"omraade": o, "indikator": "haervaerk", "periode": "2019", "vaerdi": v}
              for o, v in zip(["motalavej", "ringparken", "skaelskoer"], [10, 20, 7])])
    r = row(compute_indicators(df, plan), "samlet", "haervaerk", 2019)
    assert math.isnan(r["vaerdi"])
    assert r["ufuldstaendig"]
    assert "mangler Sydbyen" in r["bemaerkning"]
    assert "de øvrige giver 37" in r["bemaerkning"]  # 10 + 20 + 7, shown but not used


def test_samlet_members_follow_the_activity(plan):
    # fritidsjob is not run in Skælskør (kp_fritidsjob, fortolkning): samlet = the three other areas
    assert samlet_omraader(plan, "fritidsjob") == ["motalavej", "ringparken", "sydbyen"]
    assert samlet_omraader(plan, "sundhedspleje_6mdr") == ["motalavej", "ringparken"]
    assert samlet_omraader(plan, "tryghed") == AREAS
    df = obs([{"omraade": o, "indikator": "fritidsjob", "periode": "2019", "vaerdi": v}
              for o, v in zip(["motalavej", "ringparken", "sydbyen"], [20, 25, 15])])
    r = row(compute_indicators(df, plan), "samlet", "fritidsjob", 2019)
    assert r["vaerdi"] == 60 and not r["ufuldstaendig"]


def test_samlet_from_rates_only_is_approximate(plan):
    # kriminalitet rates without tæller/nævner in any year: unweighted mean, flagged.
    # (34,2 + 22,3 + 34,7 + 31,4) / 4 = 30,65 - the plan's own "30,65" is exactly this mean of the
    # 2015 rates (data/plan/kriterier.yaml, kp_kriminalitet, baseline note).
    df = obs([{"omraade": o, "indikator": "kriminalitet", "periode": "2015", "vaerdi": v}
              for o, v in zip(["motalavej", "skaelskoer", "sydbyen", "ringparken"], [34.2, 22.3, 34.7, 31.4])])
    r = row(compute_indicators(df, plan), "samlet", "kriminalitet", 2015)
    assert r["vaerdi"] == pytest.approx(30.65)
    assert r["tilnaermet"]
    assert "uvægtet gennemsnit" in r["bemaerkning"]


def test_samlet_borrows_denominator_from_nearest_year(plan):
    # Sydbyen 2019 has only a rate (30 pr. 1000); its 2018 nævner (1000) is borrowed:
    # (20 + 30 + 30 + 10) / (1000 + 1500 + 1000 + 500) * 1000 = 90 / 4000 * 1000 = 22,5
    rows = [
        {"omraade": "motalavej", "indikator": "kriminalitet", "periode": "2019", "taeller": 20, "naevner": 1000, "vaerdi": 20},
        {"omraade": "ringparken", "indikator": "kriminalitet", "periode": "2019", "taeller": 30, "naevner": 1500, "vaerdi": 20},
        {"omraade": "skaelskoer", "indikator": "kriminalitet", "periode": "2019", "taeller": 10, "naevner": 500, "vaerdi": 20},
        {"omraade": "sydbyen", "indikator": "kriminalitet", "periode": "2019", "vaerdi": 30},
        {"omraade": "sydbyen", "indikator": "kriminalitet", "periode": "2018", "taeller": 28, "naevner": 1000, "vaerdi": 28},
    ]
    r = row(compute_indicators(obs(rows), plan), "samlet", "kriminalitet", 2019)
    assert r["vaerdi"] == pytest.approx(22.5)
    assert r["tilnaermet"]
    assert "Sydbyen (2018)" in r["bemaerkning"]


def test_given_samlet_is_used_as_given_and_compared(plan):
    rows = [{"omraade": o, "indikator": "haervaerk", "periode": "2019", "vaerdi": v}
            for o, v in zip(AREAS, [10, 20, 5, 7])]
    rows.append({"omraade": "samlet", "indikator": "haervaerk", "periode": "2019", "vaerdi": 45})
    r = row(compute_indicators(obs(rows), plan), "samlet", "haervaerk", 2019)
    assert r["vaerdi"] == 45 and not r["beregnet"]
    assert r["samlet_beregnet"] == 42
    assert "beregnet af områderne giver 42" in r["bemaerkning"]


def test_no_samlet_for_indicators_that_are_not_aggregated(plan):
    # hjemmeside_besoegende: samlet: ingen
    df = obs([{"omraade": "motalavej", "indikator": "hjemmeside_besoegende", "periode": "2019", "vaerdi": 100}])
    out = compute_indicators(df, plan)
    assert not (out["omraade"] == "samlet").any()


# --------------------------------------------------------------------------- rates and changes


def test_rate_per_1000_and_changes_with_missing_middle_year(plan):
    # anmeldelser is a count; with nævner = residents: 45 / 1500 * 1000 = 30 pr. 1000.
    rows = [
        {"omraade": "motalavej", "indikator": "anmeldelser", "periode": "2017", "vaerdi": 45, "naevner": 1500},
        {"omraade": "motalavej", "indikator": "anmeldelser", "periode": "2019", "vaerdi": 36, "naevner": 1500},
        {"omraade": "motalavej", "indikator": "anmeldelser", "periode": "2020", "vaerdi": 0, "naevner": 1500},
        {"omraade": "motalavej", "indikator": "anmeldelser", "periode": "2021", "vaerdi": 3, "naevner": 1500},
    ]
    out = compute_indicators(obs(rows), plan)
    r17 = row(out, "motalavej", "anmeldelser", 2017)
    assert r17["pr_1000"] == pytest.approx(30)
    r19 = row(out, "motalavej", "anmeldelser", 2019)
    assert r19["forrige_aar"] == 2017  # 2018 is missing: the change is against 2017, and says so
    assert r19["aendring"] == -9
    assert r19["aendring_pct"] == pytest.approx(-20)  # 36/45 - 1
    r21 = row(out, "motalavej", "anmeldelser", 2021)
    assert r21["aendring"] == 3
    assert math.isnan(r21["aendring_pct"])  # from 0: a relative change is undefined


def test_incomplete_year_is_skipped_in_changes(plan):
    rows = [{"omraade": "samlet", "indikator": "fritidsjob", "periode": "2018", "vaerdi": 50},
            {"omraade": "samlet", "indikator": "fritidsjob", "periode": "2019Q1", "vaerdi": 10},
            {"omraade": "samlet", "indikator": "fritidsjob", "periode": "2020", "vaerdi": 70}]
    out = compute_indicators(obs(rows), plan)
    assert row(out, "samlet", "fritidsjob", 2019)["ufuldstaendig"]
    assert row(out, "samlet", "fritidsjob", 2020)["forrige_aar"] == 2018


def test_empty_observations(plan):
    out = compute_indicators(pd.DataFrame(columns=["omraade", "indikator", "periode"]), plan)
    assert len(out) == 0


def test_add_samlet_and_rates_compose(plan):
    df = obs([{"omraade": o, "indikator": "haervaerk", "periode": "2019", "vaerdi": 1} for o in AREAS])
    y = add_rates_and_changes(add_samlet(yearly_values(df, plan), plan), plan)
    assert set(y["omraade"]) == set(AREAS) | {"samlet"}
    assert {"pr_1000", "forrige_aar", "aendring", "aendring_pct", "samlet_beregnet"} <= set(y.columns)
