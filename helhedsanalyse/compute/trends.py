"""Statistics for the indicators, with statsmodels: intervals, tests and trends.

* :func:`wilson_interval` - 95 % Wilson interval of a survey share when the number of respondents
  (``naevner``) is known (``statsmodels.stats.proportion.proportion_confint(method="wilson")``).
* :func:`compare_share_with_baseline` - a share against its baseline (two independent samples:
  pooled z-test, Newcombe interval of the difference).
* :func:`compare_share_with_reference` - a share against a fixed reference value (one-sample score
  test, e.g. the SUB average 72,4 %).
* :func:`rate_trend` - the annual change of a count or a rate per 1000: a Poisson GLM of the counts
  with log(population) as offset where the population (``naevner``) is known; annual change =
  rate ratio − 1 with its 95 % interval. When the data are over-dispersed (Pearson χ²/df > 1.5) a
  negative binomial model is used instead, and the result says so.
* :func:`share_trend` - the annual change in the odds of a share (binomial GLM).
* :func:`trend_table` - every area's and indicator's trend in one table.

With fewer than three points there is no trend test; the result says so in words
("For få målepunkter (2) til en trendtest; der kræves mindst 3.").

These numbers describe four small areas over a few years: denominators are small, intervals wide,
and a change is not an effect of the plan (no counterfactual). See ``docs/metode.md``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass
from types import ModuleType
from typing import Any, overload

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import special

# statsmodels (and with it scipy.stats, about 1 s to import) is imported where a test or model needs it;
# the intervals and the projection the status table needs every time are closed formulas, checked
# against statsmodels in tests/test_trends.py.
from ..core.formatting import NBSP, format_aendring, format_tal
from ..plan.model import RUNDE_SIDSTE_AAR, Plan, load_plan


def _sm() -> ModuleType:
    """``statsmodels.api``, imported on first use: it takes about 1,5 s, and the status table needs only
    the lighter modules (intervals, OLS)."""
    import statsmodels.api as sm

    return sm

#: Minimum number of yearly points for a trend test.
MIN_PUNKTER = 3
#: Pearson χ²/df above which a Poisson model is replaced by a negative binomial one.
OVERSPREDNING = 1.5


def _p_text(p: float) -> str:
    if not math.isfinite(p):
        return "p kan ikke beregnes"
    return "p < 0,001" if p < 0.001 else f"p = {format_tal(p, 3)}"


# --------------------------------------------------------------------------- shares


@overload
def wilson_interval(taeller: float, naevner: float, alpha: float = 0.05) -> tuple[float, float]: ...
@overload
def wilson_interval(taeller: np.ndarray, naevner: np.ndarray, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]: ...
def wilson_interval(taeller: float | np.ndarray, naevner: float | np.ndarray,
                    alpha: float = 0.05) -> tuple[float, float] | tuple[np.ndarray, np.ndarray]:
    """Wilson interval of the share taeller/naevner, in percent.

    Parameters
    ----------
    taeller, naevner : number or array-like
        Number with the property (e.g. respondents who feel safe) and number of respondents.
    alpha : float
        1 − confidence level (0.05 for a 95 % interval).

    Returns
    -------
    (lav, hoej) : tuple of float or of numpy arrays
        Lower and upper limit in percent (0-100); NaN where ``naevner`` is missing or 0.

    Examples
    --------
    70 of 100 respondents (R: ``prop.test(70, 100, correct = FALSE)$conf.int``: 0,6042-0,7811):

    >>> lav, hoej = wilson_interval(70, 100)
    >>> round(lav, 2), round(hoej, 2)
    (60.42, 78.11)
    >>> wilson_interval([7, 0], [10, 0])[0].round(2).tolist()
    [39.68, nan]
    """
    t = np.asarray(taeller, dtype=float)
    n = np.asarray(naevner, dtype=float)
    ok = np.isfinite(t) & np.isfinite(n) & (n > 0)
    lo = np.full(np.broadcast(t, n).shape, np.nan)
    hi = lo.copy()
    if np.any(ok):
        tb, nb = np.broadcast_arrays(t, n)
        # Wilson (1927): (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n); the same as
        # statsmodels.stats.proportion.proportion_confint(method="wilson")
        z = float(special.ndtri(1.0 - alpha / 2.0))
        tk, nk = tb[ok], nb[ok]
        p = tk / nk
        denom = 1.0 + z * z / nk
        center = (p + z * z / (2.0 * nk)) / denom
        half = z * np.sqrt(p * (1.0 - p) / nk + z * z / (4.0 * nk * nk)) / denom
        lo[ok], hi[ok] = (center - half) * 100.0, (center + half) * 100.0
    if lo.ndim == 0:
        return float(lo), float(hi)
    return lo, hi


def add_wilson_intervals(indicators: pd.DataFrame, plan: Plan | None = None, alpha: float = 0.05) -> pd.DataFrame:
    """Add ``ci_lav`` and ``ci_hoej`` (Wilson, percent) to share rows (enhed ``pct``) with a known naevner.

    Returns
    -------
    pandas.DataFrame
        ``indicators`` plus ``ci_lav`` and ``ci_hoej`` (NaN where the unit is not ``pct`` or
        ``taeller``/``naevner`` are unknown).
    """
    plan = plan or load_plan()
    df = indicators.copy()
    enhed = df["enhed"] if "enhed" in df.columns else df["indikator"].map(
        lambda i: plan.indikator[i].enhed if i in plan.indikator else "")
    pct = enhed.eq("pct").to_numpy()
    t = np.where(pct, df["taeller"].to_numpy(dtype=float), np.nan)
    n = np.where(pct, df["naevner"].to_numpy(dtype=float), np.nan)
    lo, hi = wilson_interval(t, n, alpha)
    df["ci_lav"], df["ci_hoej"] = lo, hi
    return df


@dataclass
class Testresultat:
    """The result of a test, with a Danish sentence (``tekst``)."""

    metode: str
    estimat: float
    ci_lav: float
    ci_hoej: float
    statistik: float
    p_vaerdi: float
    tekst: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def compare_share_with_baseline(taeller: float, naevner: float, taeller0: float, naevner0: float,
                                alpha: float = 0.05) -> Testresultat:
    """A share against its baseline: two independent samples.

    The estimate is the difference in procentpoint (now − baseline); the interval is Newcombe's
    (``confint_proportions_2indep(method="newcomb")``), the p-value from the pooled two-sample z-test
    (``proportions_ztest``).
    """
    if not (naevner > 0 and naevner0 > 0):
        nan = float("nan")
        return Testresultat("z-test for to andele", nan, nan, nan, nan, nan,
                            "Testen kræver antal svarpersoner (nævner) i begge år.")
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    stat, p = proportions_ztest([taeller, taeller0], [naevner, naevner0])
    lo, hi = confint_proportions_2indep(taeller, naevner, taeller0, naevner0, method="newcomb", compare="diff",
                                        alpha=alpha)
    diff = (taeller / naevner - taeller0 / naevner0) * 100.0
    level = format_tal((1 - alpha) * 100)
    tekst = (
        f"Ændring {format_tal(diff, 1)}{NBSP}procentpoint fra baseline ({level}{NBSP}%-interval "
        f"{format_tal(lo * 100, 1)} til {format_tal(hi * 100, 1)}; {_p_text(float(p))}; "
        f"{format_tal(naevner)} og {format_tal(naevner0)} svarpersoner)."
    )
    return _resultat("z-test for to andele", (diff, lo * 100, hi * 100), stat, p, alpha, tekst,
                     "Ændringen kan skyldes tilfældig variation.")


def compare_share_with_reference(taeller: float, naevner: float, reference_pct: float,
                                 alpha: float = 0.05) -> Testresultat:
    """A share against a fixed reference value (one-sample score test; Wilson interval of the share).

    The reference (e.g. the SUB average) is treated as a known value, not as a sample.
    """
    if not naevner > 0:
        nan = float("nan")
        return Testresultat("z-test mod en referenceværdi", nan, nan, nan, nan, nan,
                            "Testen kræver antal svarpersoner (nævner).")
    p0 = reference_pct / 100.0
    from statsmodels.stats.proportion import proportions_ztest

    stat, p = proportions_ztest(taeller, naevner, value=p0, prop_var=p0)
    lo, hi = wilson_interval(taeller, naevner, alpha)
    share = taeller / naevner * 100.0
    level = format_tal((1 - alpha) * 100)
    tekst = (
        f"Andelen {format_tal(share, 1)}{NBSP}% ({level}{NBSP}%-interval "
        f"{format_tal(lo, 1)}-{format_tal(hi, 1)}{NBSP}%, "
        f"{format_tal(naevner)} svarpersoner) mod referencen {format_tal(reference_pct, 1)}{NBSP}%: "
        f"forskel {format_tal(share - reference_pct, 1)}{NBSP}procentpoint; {_p_text(float(p))}."
    )
    return _resultat("z-test mod en referenceværdi", (share - reference_pct, lo - reference_pct, hi - reference_pct),
                     stat, p, alpha, tekst, "Forskellen kan skyldes tilfældig variation.")


def _resultat(navn: str, effekt: tuple[float, float, float], stat: Any, p: Any, alpha: float, tekst: str,
              forbehold: str) -> Testresultat:
    """The test's result; a difference that is not significant at ``alpha`` gets the reservation in words."""
    if float(p) >= alpha:
        tekst += " " + forbehold
    return Testresultat(navn, float(effekt[0]), float(effekt[1]), float(effekt[2]), float(stat), float(p), tekst)


# --------------------------------------------------------------------------- trends


@dataclass
class Trendresultat:
    """An annual trend: ``aarlig_aendring`` in percent (rate ratio − 1, or odds ratio − 1)."""

    n_punkter: int
    model: str | None
    aarlig_aendring: float = float("nan")
    ci_lav: float = float("nan")
    ci_hoej: float = float("nan")
    p_vaerdi: float = float("nan")
    dispersion: float = float("nan")
    tekst: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _too_few(n: int) -> Trendresultat:
    return Trendresultat(n, None, tekst=f"For få målepunkter ({n}) til en trendtest; der kræves mindst {MIN_PUNKTER}.")


def _clean(aar: ArrayLike, y: ArrayLike,
           n: ArrayLike | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The finite points sorted by year; the denominators only where every kept point has a positive one."""
    x = np.asarray(aar, dtype=float)
    v = np.asarray(y, dtype=float)
    keep = np.isfinite(x) & np.isfinite(v)
    w = np.asarray(n, dtype=float) if n is not None else None
    if w is not None:
        if np.all(np.isfinite(w[keep]) & (w[keep] > 0)):
            keep &= np.isfinite(w)
        else:
            w = None
    order = np.argsort(x[keep])
    return x[keep][order], v[keep][order], (w[keep][order] if w is not None else None)


def fit_rate_model(aar: ArrayLike, antal: ArrayLike, eksponering: ArrayLike | None = None, model: str = "poisson",
                   alpha_nb: float | None = None) -> Any:
    """Fit log(E[antal]) = a + b·(aar − første år) [+ log(eksponering)] with statsmodels.

    Parameters
    ----------
    aar, antal : array-like
        Years and counts.
    eksponering : array-like, optional
        The population behind each count (offset log(eksponering)); without it the counts are modelled
        as they are.
    model : {"poisson", "negativ_binomial"}
        The GLM family. For the negative binomial, ``alpha_nb`` is the dispersion parameter; if None it is
        estimated by maximum likelihood (``statsmodels.discrete.discrete_model.NegativeBinomial``).

    Returns
    -------
    statsmodels results
        ``params[1]`` is the log rate ratio per year: exp(b) − 1 is the annual change. With two points
        the model is saturated and exp(b) is exactly (y2/n2)/(y1/n1).
    """
    x, y, n = _clean(aar, antal, eksponering)
    X = _sm().add_constant(x - x.min(), has_constant="add")
    offset = np.log(n) if n is not None else None
    if model == "poisson":
        with warnings.catch_warnings():
            # two points make a saturated model: statsmodels warns about the zero residual df
            warnings.simplefilter("ignore")
            return _sm().GLM(y, X, family=_sm().families.Poisson(), offset=offset).fit()
    if alpha_nb is None:
        from statsmodels.discrete.discrete_model import NegativeBinomial

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = NegativeBinomial(y, X, offset=offset).fit(disp=0, maxiter=200)
        alpha_nb = float(nb.params[-1])
        if not (math.isfinite(alpha_nb) and alpha_nb > 0):
            raise RuntimeError("alpha kunne ikke estimeres")
    return _sm().GLM(y, X, family=_sm().families.NegativeBinomial(alpha=alpha_nb), offset=offset).fit()


def rate_trend(aar: ArrayLike, antal: ArrayLike, eksponering: ArrayLike | None = None,
               alpha: float = 0.05) -> Trendresultat:
    """Annual change of a count (or a rate per 1000 when the population is given as ``eksponering``).

    A Poisson GLM with log(population) as offset; if Pearson χ²/df > 1.5 (over-dispersion) a negative
    binomial GLM (dispersion by maximum likelihood) is used, and failing that a quasi-Poisson model
    (standard errors scaled by √(χ²/df)). Fewer than three points: no test, and the text says so.

    Returns
    -------
    Trendresultat
        ``n_punkter``; ``model`` ("poisson", "negativ_binomial", "kvasi-poisson" or None);
        ``aarlig_aendring``, ``ci_lav``, ``ci_hoej`` in percent per year (rate ratio − 1);
        ``p_vaerdi`` (Wald test of no trend); ``dispersion`` (Pearson χ²/df of the Poisson model);
        ``tekst``: a Danish sentence.
    """
    aar_c, y, n = _clean(aar, antal, eksponering)
    k = len(y)
    if k < MIN_PUNKTER:
        return _too_few(k)
    if np.any(y < 0):
        return Trendresultat(k, None, tekst="Antal kan ikke være negative; ingen trendtest.")
    pois = fit_rate_model(aar_c, y, n, "poisson")
    df_resid = max(float(pois.df_resid), 1.0)
    dispersion = float(pois.pearson_chi2) / df_resid
    res, name, note = pois, "poisson", ""
    expo = "med befolkningen som eksponering" if n is not None else "af antallet"
    if dispersion > OVERSPREDNING:
        try:
            res, name = fit_rate_model(aar_c, y, n, "negativ_binomial"), "negativ_binomial"
            note = (f" Data er overspredte (Pearson χ²/df = {format_tal(dispersion)} > {format_tal(OVERSPREDNING)}); "
                    "derfor en negativ binomial model.")
        except Exception:  # noqa: BLE001 - too few points to estimate the dispersion
            res = _sm().GLM(y, _sm().add_constant(aar_c - aar_c.min(), has_constant="add"),
                            family=_sm().families.Poisson(),
                            offset=np.log(n) if n is not None else None).fit(scale="X2")
            name = "kvasi-poisson"
            note = (f" Data er overspredte (Pearson χ²/df = {format_tal(dispersion)} > {format_tal(OVERSPREDNING)}); "
                    "en negativ binomial model kunne ikke estimeres, så standardfejlene er skaleret (kvasi-Poisson).")
    change, c_lo, c_hi, p = _aarlig_aendring(res, alpha)
    model_txt = {"poisson": "Poisson-model", "negativ_binomial": "negativ binomial model",
                 "kvasi-poisson": "kvasi-Poisson-model"}[name]
    tekst = _trend_tekst("Årlig ændring", (change, c_lo, c_hi, p), alpha, f"{model_txt} {expo}; {k} år", note)
    return Trendresultat(k, name, change, c_lo, c_hi, p, dispersion, tekst)


def _aarlig_aendring(res: Any, alpha: float) -> tuple[float, float, float, float]:
    """The yearly change in percent of a log-linear model's slope, with its interval and p-value."""
    b = float(res.params[1])
    lo, hi = (float(x) for x in np.asarray(res.conf_int(alpha=alpha))[1])
    return (math.exp(b) - 1) * 100, (math.exp(lo) - 1) * 100, (math.exp(hi) - 1) * 100, float(res.pvalues[1])


def _trend_tekst(hvad: str, aendring: tuple[float, float, float, float], alpha: float, model: str,
                 note: str = "") -> str:
    """The trend in one Danish sentence: the change, its interval, the model, the p-value."""
    change, c_lo, c_hi, p = aendring
    tekst = (f"{hvad} {format_aendring(change, 1)} ({format_tal((1 - alpha) * 100)}{NBSP}%-interval "
             f"{format_aendring(c_lo, 1)} til {format_aendring(c_hi, 1)}; {model}; {_p_text(p)}).{note}")
    return tekst + (" Udviklingen kan skyldes tilfældig variation." if p >= alpha else "")


def share_trend(aar: ArrayLike, taeller: ArrayLike, naevner: ArrayLike, alpha: float = 0.05) -> Trendresultat:
    """Annual change in the odds of a share (binomial GLM of taeller out of naevner; odds ratio − 1)."""
    aar_c, t, n = _clean(aar, taeller, naevner)
    k = len(t)
    if n is None:
        return Trendresultat(k, None, tekst="Trendtesten for en andel kræver antal svarpersoner (nævner).")
    if k < MIN_PUNKTER:
        return _too_few(k)
    X = _sm().add_constant(aar_c - aar_c.min(), has_constant="add")
    res = _sm().GLM(np.column_stack([t, n - t]), X, family=_sm().families.Binomial()).fit()
    change, c_lo, c_hi, p = _aarlig_aendring(res, alpha)
    tekst = _trend_tekst("Årlig ændring i odds", (change, c_lo, c_hi, p), alpha, f"binomial model; {k} år")
    dispersion = float(res.pearson_chi2) / max(float(res.df_resid), 1.0)
    return Trendresultat(k, "binomial", change, c_lo, c_hi, p, dispersion, tekst)


TREND_KOLONNER = ["omraade", "indikator", "enhed", "fra_aar", "til_aar", "n_punkter", "model", "aarlig_aendring",
                  "ci_lav", "ci_hoej", "p_vaerdi", "dispersion", "tekst"]


def trend_table(indicators: pd.DataFrame, plan: Plan | None = None, runde: str = "slut",
                fra_aar: int | None = None, omraader: list[str] | None = None) -> pd.DataFrame:
    """Trends of every (område, indikator) series up to the round's last year.

    Counts (enhed ``antal``): Poisson/negative binomial of the yearly counts (population offset where
    ``naevner`` is known). Rates per 1000 with taeller/naevner: the same model of taeller with naevner
    as exposure. Shares with taeller/naevner: binomial model. Other series get a row saying why there
    is no model.

    Parameters
    ----------
    indicators : pandas.DataFrame
        Output of :func:`helhedsanalyse.indicators.compute_indicators`.
    plan : Plan, optional
    runde : {"midtvej", "slut"}
        Last year used (2018 or 2021).
    fra_aar : int, optional
        First year used (default: all years).
    omraader : list of str, optional
        Areas (default: the four areas and samlet).

    Returns
    -------
    pandas.DataFrame
        One row per (omraade, indikator) with columns ``omraade, indikator, enhed, fra_aar, til_aar,
        n_punkter, model, aarlig_aendring, ci_lav, ci_hoej, p_vaerdi, dispersion, tekst`` (see
        :class:`Trendresultat`).
    """
    plan = plan or load_plan()
    T = RUNDE_SIDSTE_AAR[runde]
    omraader = omraader or plan.omraade_ids
    df = indicators[indicators["omraade"].isin(omraader) & indicators["aar"].le(T) & indicators["vaerdi"].notna()]
    if "ufuldstaendig" in df.columns:
        df = df[~df["ufuldstaendig"].astype(bool)]
    if fra_aar is not None:
        df = df[df["aar"].ge(fra_aar)]
    rows = []
    for (o, ind), g in df.groupby(["omraade", "indikator"], sort=True):
        enhed = plan.indikator[ind].enhed if ind in plan.indikator else ""
        g = g.sort_values("aar")
        has_tn = g["taeller"].notna().all() and g["naevner"].gt(0).all()
        if enhed == "antal":
            r = rate_trend(g["aar"], g["vaerdi"], g["naevner"] if g["naevner"].gt(0).all() else None)
        elif enhed == "pr_1000" and has_tn:
            r = rate_trend(g["aar"], g["taeller"], g["naevner"])
        elif enhed == "pct" and has_tn:
            r = share_trend(g["aar"], g["taeller"], g["naevner"])
        else:
            r = Trendresultat(len(g), None, tekst="Ingen trendmodel: tæller og nævner kendes ikke"
                              if enhed in ("pct", "pr_1000") else f"Ingen trendmodel for enheden '{enhed}'.")
            if r.tekst and not r.tekst.endswith("."):
                r.tekst += "."
        rows.append({"omraade": o, "indikator": ind, "enhed": enhed, "fra_aar": int(g["aar"].min()),
                     "til_aar": int(g["aar"].max()), **r.as_dict()})
    return pd.DataFrame(rows, columns=TREND_KOLONNER)


# --------------------------------------------------------------------------- rates and projections


def poisson_rate_interval(antal: float, eksponering: float, skala: float = 1000.0,
                          alpha: float = 0.05) -> tuple[float, float]:
    """Exact (Garwood) Poisson interval of the rate ``antal / eksponering × skala``.

    The limits are the gamma quantiles G(α/2; k) and G(1 − α/2; k + 1) (0 for k = 0), as
    ``statsmodels.stats.rates.confint_poisson(method="exact-c")``; e.g. 56 afgørelser among 2000
    beboere: 28 pr. 1000 with the interval 21,2-36,4 (R: ``poisson.test(56, 2000)$conf.int * 1000``).

    >>> [round(x, 1) for x in poisson_rate_interval(56, 2000)]
    [21.2, 36.4]
    >>> poisson_rate_interval(0, 2000)[0], poisson_rate_interval(3, 0)
    (0.0, (nan, nan))
    """
    if not (math.isfinite(antal) and math.isfinite(eksponering) and eksponering > 0 and antal >= 0):
        return float("nan"), float("nan")
    lo = float(special.gammaincinv(antal, alpha / 2.0)) if antal > 0 else 0.0
    hi = float(special.gammaincinv(antal + 1.0, 1.0 - alpha / 2.0))
    return lo / eksponering * skala, hi / eksponering * skala


def vaerdi_interval(usikkerhed: str, taeller: Any, naevner: Any) -> tuple[float, float]:
    """The 95 % interval of one yearly value, as the plan's ``Indikator.usikkerhed`` says to compute it.

    ``wilson``: a survey share taeller/naevner in percent (:func:`wilson_interval`); ``poisson``: a rate
    per 1000 of a whole count of taeller among naevner (:func:`poisson_rate_interval`); ``ingen`` (a count,
    or a share of a whole cohort or staff, which is no sample): no interval. (NaN, NaN) where there is
    none: no method, no positive naevner, or a tæller that is no whole count for a Poisson rate (a count
    recomputed from a rate is not an observed count).

    >>> [round(x, 1) for x in vaerdi_interval("wilson", 70, 100)]
    [60.4, 78.1]
    >>> [round(x, 1) for x in vaerdi_interval("poisson", 56, 2000)]
    [21.2, 36.4]
    >>> vaerdi_interval("ingen", 70, 100), vaerdi_interval("poisson", 229.41, 5988), vaerdi_interval("wilson", 7, None)
    ((nan, nan), (nan, nan), (nan, nan))
    """
    nan = (float("nan"), float("nan"))
    try:
        t, n = float(taeller), float(naevner)
    except (TypeError, ValueError):
        return nan
    if not (math.isfinite(t) and math.isfinite(n) and n > 0 and 0 <= t):
        return nan
    if usikkerhed == "wilson" and t <= n:
        return wilson_interval(t, n)
    if usikkerhed == "poisson" and abs(t - round(t)) < 1e-9:
        return poisson_rate_interval(round(t), n, 1000.0)
    return nan


@dataclass
class Fremskrivning:
    """A linear trend read at a later year, with its 95 % prediction interval."""

    aar: int
    vaerdi: float
    nedre: float
    oevre: float
    punkter: int


def linear_projection(aar: ArrayLike, y: ArrayLike, til_aar: int, alpha: float = 0.05) -> Fremskrivning:
    """The straight line (least squares) through (aar, y), read at ``til_aar``, with its prediction interval.

    ŷ = a + b·x; the interval is ŷ ± t(1 − α/2; n − 2) · s · sqrt(1 + 1/n + (x − x̄)² / Sxx), the same as
    ``statsmodels`` OLS ``get_prediction(...).summary_frame()["obs_ci_lower"/"obs_ci_upper"]``. Needs at
    least :data:`MIN_PUNKTER` points (``ValueError`` otherwise).

    >>> f = linear_projection([2016, 2017, 2018, 2019], [10, 12, 13, 15], 2021)
    >>> round(f.vaerdi, 1), round(f.nedre, 1), round(f.oevre, 1), f.punkter
    (18.1, 15.5, 20.7, 4)
    """
    x = np.asarray(aar, dtype=float)
    v = np.asarray(y, dtype=float)
    n = len(x)
    if n < MIN_PUNKTER:
        raise ValueError(f"en fremskrivning kræver mindst {MIN_PUNKTER} punkter")
    xm, ym = x.mean(), v.mean()
    sxx = float(((x - xm) ** 2).sum())
    b = float(((x - xm) * (v - ym)).sum() / sxx)
    a = ym - b * xm
    pred = a + b * til_aar
    resid = v - (a + b * x)
    s2 = float((resid ** 2).sum() / (n - 2))
    t = float(special.stdtrit(n - 2, 1.0 - alpha / 2.0))
    half = t * math.sqrt(s2 * (1.0 + 1.0 / n + (til_aar - xm) ** 2 / sxx))
    return Fremskrivning(int(til_aar), float(pred), float(pred - half), float(pred + half), int(n))
