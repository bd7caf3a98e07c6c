"""Statistics: statsmodels results reproduced by independent computations.

* Wilson interval: the closed form (Wilson 1927; e.g. Agresti & Coull 1998, eq. 2):
  (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n).
* Two-sample z-test with pooled variance: z = (p1 − p0) / sqrt(p̄(1−p̄)(1/n1 + 1/n0)).
* One-sample score test: z = (p − p0) / sqrt(p0(1−p0)/n).
* Poisson GLM with two periods is saturated: exp(β) = (y2/n2) / (y1/n1) exactly.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from helhedsanalyse.compute.indicators import compute_indicators
from helhedsanalyse.compute.trends import (
    add_wilson_intervals,
    compare_share_with_baseline,
    compare_share_with_reference,
    fit_rate_model,
    rate_trend,
    share_trend,
    trend_table,
    wilson_interval,
)
from helhedsanalyse.plan import load_plan

Z = norm.ppf(0.975)


def wilson_closed_form(t: float, n: float) -> tuple[float, float]:
    p = t / n
    centre = p + Z**2 / (2 * n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    denom = 1 + Z**2 / n
    return 100 * (centre - half) / denom, 100 * (centre + half) / denom


@pytest.mark.parametrize("t, n", [(130, 200), (111, 182), (0, 25), (25, 25), (52, 61)])
def test_wilson_matches_closed_form(t, n):
    lo, hi = wilson_interval(t, n)
    elo, ehi = wilson_closed_form(t, n)
    assert lo == pytest.approx(elo, abs=1e-9) and hi == pytest.approx(ehi, abs=1e-9)


def test_wilson_vectorised_and_missing_denominator():
    lo, hi = wilson_interval([130, 5], [200, np.nan])
    assert lo[0] == pytest.approx(wilson_closed_form(130, 200)[0])
    assert math.isnan(lo[1]) and math.isnan(hi[1])


def test_add_wilson_intervals_only_for_shares_with_denominator():
    plan = load_plan()
    df = pd.DataFrame([
        {"omraade": "motalavej", "indikator": "tryghed", "periode": "2018", "taeller": 111, "naevner": 182, "vaerdi": 100 * 111 / 182},
        {"omraade": "ringparken", "indikator": "tryghed", "periode": "2018", "vaerdi": 70.0},
        {"omraade": "motalavej", "indikator": "haervaerk", "periode": "2018", "vaerdi": 12.0},
    ])
    out = add_wilson_intervals(compute_indicators(df, plan), plan)
    m = out[(out["omraade"] == "motalavej") & (out["indikator"] == "tryghed")].iloc[0]
    assert m["ci_lav"] == pytest.approx(wilson_closed_form(111, 182)[0])
    assert out.loc[out["indikator"] == "haervaerk", "ci_lav"].isna().all()
    r = out[(out["omraade"] == "ringparken") & (out["indikator"] == "tryghed")].iloc[0]
    assert math.isnan(r["ci_lav"])


def test_share_against_baseline_pooled_z():
    # 140/200 = 0,70 now, 120/200 = 0,60 at baseline; pooled 0,65:
    # z = 0,10 / sqrt(0,65 · 0,35 · (2/200)) = 2,0966; p = 2(1 − Φ(z)) = 0,0360
    res = compare_share_with_baseline(140, 200, 120, 200)
    z = 0.10 / math.sqrt(0.65 * 0.35 * 2 / 200)
    assert res.statistik == pytest.approx(z)
    assert res.p_vaerdi == pytest.approx(2 * (1 - norm.cdf(z)))
    assert res.estimat == pytest.approx(10.0)
    assert res.ci_lav < 10 < res.ci_hoej
    assert "Ændring 10,0\u00a0procentpoint fra baseline" in res.tekst


def test_share_against_reference_score_test():
    # 130/200 = 0,65 against the SUB average 72,4 %: z = (0,65 − 0,724) / sqrt(0,724 · 0,276 / 200)
    res = compare_share_with_reference(130, 200, 72.4)
    z = (0.65 - 0.724) / math.sqrt(0.724 * 0.276 / 200)
    assert res.statistik == pytest.approx(z)
    assert res.p_vaerdi == pytest.approx(2 * norm.cdf(z))
    assert res.estimat == pytest.approx(65 - 72.4)


def test_tests_need_denominators():
    assert "nævner" in compare_share_with_baseline(10, float("nan"), 5, 20).tekst
    assert "nævner" in compare_share_with_reference(10, 0, 50).tekst


def test_poisson_two_periods_equals_hand_rate_ratio():
    # exp(β) == (y2/n2) / (y1/n1) = (24/1450) / (30/1500) = 0,82759
    res = fit_rate_model([2017, 2018], [30, 24], [1500, 1450])
    assert math.exp(res.params[1]) == pytest.approx((24 / 1450) / (30 / 1500), rel=1e-9)


def test_poisson_without_exposure_two_periods():
    res = fit_rate_model([2019, 2020], [10, 15])
    assert math.exp(res.params[1]) == pytest.approx(1.5, rel=1e-9)


def test_too_few_points_says_so_in_words():
    r = rate_trend([2017, 2018], [30, 24], [1500, 1450])
    assert r.model is None and math.isnan(r.aarlig_aendring)
    assert r.tekst == "For få målepunkter (2) til en trendtest; der kræves mindst 3."
    assert share_trend([2017], [10], [20]).tekst == "For få målepunkter (1) til en trendtest; der kræves mindst 3."


def test_poisson_trend_with_offset():
    years = [2017, 2018, 2019, 2020, 2021]
    counts = [30, 27, 24, 22, 20]
    pop = [1500, 1500, 1500, 1500, 1500]
    r = rate_trend(years, counts, pop)
    assert r.model == "poisson"
    assert r.dispersion < 1.5
    assert -20 < r.aarlig_aendring < 0
    assert r.ci_lav < r.aarlig_aendring < r.ci_hoej
    assert "Poisson-model med befolkningen som eksponering" in r.tekst
    # the same rates with a population twice as large are the same change (offset, not counts)
    r2 = rate_trend(years, [2 * c for c in counts], [2 * p for p in pop])
    assert r2.aarlig_aendring == pytest.approx(r.aarlig_aendring, rel=1e-6)


def test_overdispersion_switches_to_negative_binomial():
    r = rate_trend([2015, 2016, 2017, 2018, 2019, 2020, 2021], [30, 80, 12, 90, 8, 70, 15])
    assert r.dispersion > 1.5
    assert r.model in ("negativ_binomial", "kvasi-poisson")
    assert "overspredte" in r.tekst and "1,5" in r.tekst


def test_share_trend_binomial():
    r = share_trend([2017, 2018, 2019, 2020], [60, 65, 70, 72], [100, 100, 100, 100])
    assert r.model == "binomial" and r.aarlig_aendring > 0


def test_trend_table():
    plan = load_plan()
    rows = [{"omraade": "motalavej", "indikator": "haervaerk", "periode": str(y), "vaerdi": v}
            for y, v in zip(range(2017, 2022), [40, 35, 33, 30, 25])]
    rows += [{"omraade": "motalavej", "indikator": "tryghed", "periode": str(y), "taeller": t, "naevner": 180,
              "vaerdi": 100 * t / 180} for y, t in zip(range(2017, 2019), [100, 110])]
    ind = compute_indicators(pd.DataFrame(rows), plan)
    tt = trend_table(ind, plan, "slut", omraader=["motalavej"])
    h = tt[tt["indikator"] == "haervaerk"].iloc[0]
    assert h["model"] == "poisson" and h["n_punkter"] == 5 and h["aarlig_aendring"] < 0
    t = tt[tt["indikator"] == "tryghed"].iloc[0]
    assert t["tekst"].startswith("For få målepunkter (2)")
    midt = trend_table(ind, plan, "midtvej", omraader=["motalavej"])
    assert midt.loc[midt["indikator"] == "haervaerk", "til_aar"].iloc[0] == 2018


# --------------------------------------------------------------------------- closed forms against statsmodels


@pytest.mark.parametrize("t, n", [(7, 10), (0, 12), (12, 12), (111, 182), (1, 3)])
def test_wilson_closed_form_equals_statsmodels(t, n):
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = wilson_interval(t, n)
    ref = proportion_confint(t, n, method="wilson")
    assert lo == pytest.approx(ref[0] * 100, abs=1e-9) and hi == pytest.approx(ref[1] * 100, abs=1e-9)


@pytest.mark.parametrize("k, n", [(56, 2000), (0, 500), (3, 1000), (173, 6050)])
def test_poisson_interval_equals_statsmodels_exact(k, n):
    from statsmodels.stats.rates import confint_poisson

    from helhedsanalyse.compute.trends import poisson_rate_interval

    lo, hi = poisson_rate_interval(k, n)
    ref = confint_poisson(k, n, method="exact-c")
    assert lo == pytest.approx(float(ref[0]) * 1000, rel=1e-9, abs=1e-12)
    assert hi == pytest.approx(float(ref[1]) * 1000, rel=1e-9)


def test_projection_equals_statsmodels_ols_prediction():
    import statsmodels.api as sm

    from helhedsanalyse.compute.trends import linear_projection

    aar, y = [2013, 2015, 2016, 2017, 2018], [36.0, 33.5, 34.1, 30.2, 29.0]
    fit = linear_projection(aar, y, 2021)
    X = sm.add_constant(np.asarray(aar, float))
    ref = sm.OLS(np.asarray(y), X).fit().get_prediction(np.array([[1.0, 2021.0]])).summary_frame(alpha=0.05)
    assert fit.vaerdi == pytest.approx(ref["mean"].iloc[0])
    assert fit.nedre == pytest.approx(ref["obs_ci_lower"].iloc[0])
    assert fit.oevre == pytest.approx(ref["obs_ci_upper"].iloc[0])


def test_the_status_table_does_not_import_statsmodels():
    # the intervals and the projection are closed formulas: a render's critical path stays free of
    # the ~1 s import of statsmodels / scipy.stats
    import subprocess
    import sys

    code = ("import sys\nfrom helhedsanalyse.compute.assessment import status_table\n"
            "from helhedsanalyse.inputs.files import shipped_inputs\n"
            "o, r, v = shipped_inputs()\nstatus_table(o, None, 'midtvej', references=r, vurderinger=v)\n"
            "print('statsmodels' in sys.modules, 'scipy.stats' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
