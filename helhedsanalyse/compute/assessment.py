"""Assessment: one status per succeskriterium × område × evalueringsrunde, with the numbers behind it.

:func:`status_table` runs the rule of every target part (:mod:`helhedsanalyse.regler`) for every
criterion × area of the plan and one round. Where several parts bind one row (kriminalitet: each
area under 28 and under its own threshold) the worst part decides (:func:`helhedsanalyse.status.worst_status`)
and every part is kept in ``dele``; parts that bind different years of one target (the website) are
judged as one target year by year. Beside the status, each row carries the statistical uncertainty
of the value (Wilson for survey shares, Poisson for rates per 1000; :mod:`helhedsanalyse.trends`)
and, before a deadline, a projection of the trend to it. The status scale is in
:mod:`helhedsanalyse.status`, the rules and formulas in ``docs/metode.md``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..core.formatting import format_tal, format_vaerdi
from ..core.status import STATUS_TEKST, worst_status
from ..inputs.contract import concat_observations
from ..plan.model import RUNDE_SIDSTE_AAR, Kriterium, Plan, load_plan
from .indicators import compute_indicators, kort_navn
from .regler import REGLER, Del, Kontekst, SerieStore, combine_year_by_year, compare
from .trends import MIN_PUNKTER, linear_projection, poisson_rate_interval, wilson_interval

# --------------------------------------------------------------------------- the status table

REFERENCE_GEOGRAFIER = ("sub", "danmark", "slagelse_kommune")

STATUS_KOLONNER = [
    "kriterium",
    "indsatsomraade",
    "aktivitet",
    "omraade",
    "omraade_navn",
    "runde",
    "type",
    "indikator",
    "enhed",
    "sidste_aar",
    "sidste_periode",
    "vaerdi",
    "baseline",
    "baseline_aar",
    "maal",
    "frist",
    "kraevet_aar",
    "sub",
    "sub_aar",
    "danmark",
    "danmark_aar",
    "slagelse_kommune",
    "slagelse_kommune_aar",
    "status",
    "status_tekst",
    "foreloebig",
    "evaluators_vurdering",
    "aar_naaet",
    "aar_vurderet",
    "fremskridt",
    "forklaring",
    "ki_nedre",
    "ki_oevre",
    "ki_metode",
    "usikkerhed",
    "fremskrivning",
    "fremskrivning_vaerdi",
    "fremskrivning_naar_maalet",
    "dele",
    "tilnaermet",
    "illustrativ",
    "vurdering",
    "begrundelse",
]


def _vurdering_index(vurderinger: pd.DataFrame | None, runde: str) -> dict[tuple[str, str], dict[str, Any]]:
    if vurderinger is None or len(vurderinger) == 0:
        return {}
    v = vurderinger[vurderinger["runde"].astype(str).eq(runde)]
    return {(r["kriterium"], r["omraade"]): {str(k): x for k, x in r.items()} for r in v.to_dict("records")}


def _rounded_values(frames: list[pd.DataFrame | None]) -> set[tuple[str, str, int]]:
    """(omraade, indikator, aar) of rows whose source gives a rounded figure (``kvalifikator`` "ca.").

    >>> rows = pd.DataFrame({"omraade": ["sub", "danmark"], "indikator": ["tryghed", "tryghed"],
    ...                      "periode": ["2019", "2020-Q1"], "kvalifikator": ["ca.", None]})
    >>> _rounded_values([rows, None])
    {('sub', 'tryghed', 2019)}
    """
    out: set[tuple[str, str, int]] = set()
    for f in frames:
        if f is None or "kvalifikator" not in f.columns or f.empty:
            continue
        hit = f[f["kvalifikator"].fillna("").astype(str).str.strip().str.lower().str.startswith("ca")]
        for o, i, p in zip(hit["omraade"], hit["indikator"], hit["periode"].astype(str), strict=True):
            out.add((str(o), str(i), int(p[:4])))
    return out


# --------------------------------------------------------------------------- uncertainty and projection


def uncertainty(ctx: Kontekst, d: Del) -> tuple[float, float, str | None, str]:
    """The 95 % interval of the value a part used, and a Danish sentence on what it means.

    Survey shares (``Indikator.usikkerhed == "wilson"``) with tæller/nævner get the Wilson interval,
    rates per 1000 (``"poisson"``) with tæller (afgørelser) and nævner (beboere) the exact Poisson
    interval. Where the interval contains the value the part is judged against (target, reference,
    nulpunkt), the difference is within the statistical uncertainty, and the sentence says so.
    """
    ind = ctx.indikator
    none = (float("nan"), float("nan"), None, "")
    if ind is None or ind.usikkerhed == "ingen" or d.aar is None:
        return none
    t, n = d.taeller, d.naevner
    if not (math.isfinite(t) and math.isfinite(n) and n > 0):
        return none
    if ind.usikkerhed == "wilson":
        lo, hi = wilson_interval(t, n)
        basis = f"{format_tal(n, 0)} svar"
    else:
        lo, hi = poisson_rate_interval(t, n, 1000.0)
        basis = f"{format_tal(t, 0)} afgørelser blandt {format_tal(n, 0)} beboere"
    span = f"95\u00a0%-sikkerhedsintervallet for {d.aar} er {format_tal(lo, 1)}\u2013{ctx.v(hi, 1)} ({basis})"
    if d.sammenligning is None:
        return lo, hi, ind.usikkerhed, span + "."
    _, value, words = d.sammenligning
    if lo - 1e-9 <= value <= hi + 1e-9:
        text = f"{span}; {words} ligger inden for, så forskellen ligger inden for den statistiske usikkerhed."
    else:
        side = "over" if lo > value else "under"
        text = f"{span} og ligger helt {side} {words}: forskellen er større end den statistiske usikkerhed."
    return lo, hi, ind.usikkerhed, text


def projection(ctx: Kontekst, d: Del) -> tuple[str, float, bool | None]:
    """Before a deadline: does the linear trend of the data reach the target by it? (text, value, reaches).

    A straight line (OLS, statsmodels) through every whole year up to the round's year; no projection
    on fewer than three points, and the text says why.
    """
    if d.fremskriv is None or ctx.serie is None:
        return "", float("nan"), None
    retning, target, deadline = d.fremskriv
    s = ctx.serie
    idx = s.window(-10_000, ctx.sidste_aar)
    years = [int(s.aar[i]) for i in idx]
    if len(idx) < MIN_PUNKTER:
        have = f"kun {len(idx)} måling" + ("er" if len(idx) != 1 else "")
        have += f" ({', '.join(map(str, years))})" if years else ""
        return (f"Ingen fremskrivning til {deadline}: {have}; en tendens kræver mindst {MIN_PUNKTER} målinger.",
                float("nan"), None)
    fit = linear_projection(years, [float(s.vaerdi[i]) for i in idx], deadline)
    # a share lies in 0-100 %, a count or rate is never negative: the line and its interval are cut there
    lo_lim, hi_lim = 0.0, (100.0 if ctx.enhed == "pct" else math.inf)
    fit.vaerdi, fit.nedre, fit.oevre = (min(max(x, lo_lim), hi_lim) for x in (fit.vaerdi, fit.nedre, fit.oevre))
    op = ">=" if retning == "op" else "<="
    if d.sammenligning is not None and d.sammenligning[1] == target:
        op = d.sammenligning[0]
    reaches = compare(fit.vaerdi, op, target)
    word = {">": "over", "<": "under", ">=": "mindst", "<=": "højst"}[op]
    if deciding_is_direction(d):
        verdict = f"ligger {deadline} i det tempo {'' if reaches else 'ikke '}{word} nulpunktet {ctx.v(target)}"
    else:
        verdict = f"i det tempo nås målet ({word} {ctx.v(target)}) {'' if reaches else 'ikke '}i {deadline}"
    text = (f"Fremskrivning: den lineære tendens i {years[0]}-{years[-1]} ({len(idx)} målinger) giver "
            f"{ctx.v(fit.vaerdi, 1)} i "
            f"{deadline} (95\u00a0%-prognoseinterval {format_tal(fit.nedre, 1)}-{ctx.v(fit.oevre, 1)}); {verdict}.")
    return text, fit.vaerdi, reaches


def deciding_is_direction(d: Del) -> bool:
    """A direction-only part (its projection is judged against the nulpunkt, not a target level)."""
    return d.type in ("retning", "nulpunkt") and d.sammenligning is not None and "nulpunkt" in d.sammenligning[2]


# --------------------------------------------------------------------------- one row


def _area_misses(kriterium: Kriterium, store: SerieStore, plan: Plan, runde: str, year: int) -> list[str]:
    """For a samlet row: the areas whose value in ``year`` misses their own level targets (kriminalitet)."""
    out = []
    ind = plan.indikator.get(kriterium.indikator) if kriterium.indikator else None
    for o in kriterium.omraader:
        if o == "samlet":
            continue
        s = store.get(o, kriterium.indikator)
        i = s.at(year) if s is not None else None
        if s is None or i is None:
            continue
        v = float(s.vaerdi[i])
        missed = [m for m in kriterium.maal_for(o) if m.type == "fast_maal" and not compare(v, m.operator, m.maal)]
        if missed:
            limits = " og ".join(f"{'under' if m.operator == '<' else 'højst' if m.operator == '<=' else 'mindst'} "
                                 f"{format_tal(m.maal)}" for m in missed)
            out.append(f"{kort_navn(plan, o)} ({format_vaerdi(v, ind.enhed if ind else None)}, skal være {limits})")
    return out


def _explanation(ctx: Kontekst, parts: list[Del], status: str) -> str:
    """The part's explanation; with several parts, each numbered after one sentence on the worst."""
    if len(parts) == 1:
        return parts[0].forklaring
    items = []
    prefix = f"{ctx.head()}: "
    for n, p in enumerate(parts, 1):
        text = p.forklaring[len(prefix):] if p.forklaring.startswith(prefix) else p.forklaring
        items.append(f"({n}) {text[:1].upper()}{text[1:]}")
    return (f"{ctx.head()}: {len(parts)} delmål binder området; det dårligste afgør: "
            f"{STATUS_TEKST[status].lower()}. " + " ".join(items))


def _areas_note(ctx: Kontekst, deciding: Del) -> str:
    """For samlet of a criterion with level targets per area: which areas miss their own (or "" elsewhere)."""
    k = ctx.kriterium
    areas = [o for o in k.omraader if o != "samlet"]
    if ctx.omraade != "samlet" or not areas or deciding.aar is None \
            or not any(m.type == "fast_maal" for o in areas for m in k.maal_for(o)):
        return ""
    misses = _area_misses(k, ctx.store, ctx.plan, ctx.runde, deciding.aar)
    if not misses:
        return f" Alle områder med tal for {deciding.aar} ligger, hvor deres eget mål kræver."
    before = deciding.frist is not None and deciding.aar < deciding.frist
    lead = (f" Områder, der i {deciding.aar} endnu ikke ligger, hvor deres eget mål for {deciding.frist} kræver: "
            if before else f" Områder, der ikke når deres eget mål i {deciding.aar}: ")
    return lead + "; ".join(misses) + "."


def assess(
    kriterium: Kriterium,
    omraade: str,
    store: SerieStore,
    plan: Plan,
    runde: str = "slut",
    vurdering: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One row of :func:`status_table`: every part of ``kriterium`` for ``omraade``, worst decides."""
    T = RUNDE_SIDSTE_AAR[runde]
    indikator = plan.indikator.get(kriterium.indikator) if kriterium.indikator else None
    ctx = Kontekst(plan, kriterium, omraade, indikator, runde, T,
                   store.get(omraade, kriterium.indikator) if indikator else None, store, vurdering)
    parts = [REGLER[m.type](m, ctx) for m in kriterium.maal_for(omraade)]
    if kriterium.et_maal_aar_for_aar and len(parts) > 1:
        parts = [combine_year_by_year(parts, ctx)]
    active = [p for p in parts if p.gaelder]
    status = worst_status([p.status for p in parts])
    deciding = next((p for p in active if p.status == status), parts[0])
    forklaring = _explanation(ctx, parts, status) + _areas_note(ctx, deciding)
    lo, hi, ki_metode, usikkerhed = uncertainty(ctx, deciding)
    fremskrivning, fremskrivning_vaerdi, naar = (projection(ctx, deciding) if T < RUNDE_SIDSTE_AAR["slut"]
                                                 else ("", float("nan"), None))
    year_by_year = deciding.aarsvis and bool(deciding.aar_for_aar)
    dated = [(p.aar, p) for p in active if p.aar is not None]
    main = deciding if deciding.aar is not None else max(dated, key=lambda x: x[0], default=(None, None))[1]
    with_base = next((p for p in active if p.baseline_aar is not None), None)
    year_for_refs = main.aar if main is not None and main.aar is not None else T
    frist = max((p.frist for p in parts if p.frist), default=None)
    row: dict[str, Any] = {
        "kriterium": kriterium.id,
        "indsatsomraade": kriterium.indsatsomraade,
        "aktivitet": kriterium.aktivitet,
        "omraade": omraade,
        "omraade_navn": plan.stednavn(omraade),
        "runde": runde,
        "type": "+".join(dict.fromkeys(m.type for m in kriterium.maal_for(omraade))),
        "indikator": kriterium.indikator,
        "enhed": indikator.enhed if indikator else None,
        "sidste_aar": main.aar if main else None,
        "sidste_periode": main.periode if main else None,
        "vaerdi": main.vaerdi if main else float("nan"),
        "baseline": with_base.baseline if with_base else float("nan"),
        "baseline_aar": with_base.baseline_aar if with_base else None,
        "maal": "; ".join(p.maal for p in parts),
        "frist": frist,
        "kraevet_aar": min(T, frist) if frist else None,
        "status": status,
        "status_tekst": STATUS_TEKST[status],
        "foreloebig": any(p.foreloebig for p in active),
        "evaluators_vurdering": bool(kriterium.kvalitativ and vurdering),
        "aar_naaet": sum(1 for e in deciding.aar_for_aar if e["naaet"] is True) if year_by_year else None,
        "aar_vurderet": len(deciding.aar_for_aar) if year_by_year else None,
        "fremskridt": deciding.fremskridt,
        "forklaring": forklaring,
        "ki_nedre": lo,
        "ki_oevre": hi,
        "ki_metode": ki_metode,
        "usikkerhed": usikkerhed,
        "fremskrivning": fremskrivning,
        "fremskrivning_vaerdi": fremskrivning_vaerdi,
        "fremskrivning_naar_maalet": naar,
        "dele": [p.as_dict() for p in parts],
        "tilnaermet": any(p.tilnaermet for p in active),
        "illustrativ": any(p.illustrativ for p in parts),
        "vurdering": (vurdering or {}).get("vurdering"),
        "begrundelse": (vurdering or {}).get("begrundelse"),
    }
    for geo in REFERENCE_GEOGRAFIER:
        val, aar, ill = ctx.reference(geo, year_for_refs) if indikator else (float("nan"), None, False)
        row[geo], row[f"{geo}_aar"] = val, aar
        row["illustrativ"] = row["illustrativ"] or ill
    return row

def status_table(
    observations: pd.DataFrame,
    plan: Plan | None = None,
    runde: str = "slut",
    references: pd.DataFrame | None = None,
    vurderinger: pd.DataFrame | None = None,
    kriterier: list[str] | None = None,
    indikatorer: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The status of every succeskriterium × område for an evaluation round.

    Parameters
    ----------
    observations : pandas.DataFrame
        Validated observations in the data contract (follow-up data, and the plan's baseline tables if
        wanted: ``helhedsanalyse.baseline.load_baseline()``). Reference geographies may be included.
    plan : Plan, optional
        The plan (default: the shipped plan).
    runde : {"midtvej", "slut"}
        The evaluation round; it fixes the last year used (``RUNDE_SIDSTE_AAR``: 2018 or 2021).
    references : pandas.DataFrame, optional
        Reference series (``helhedsanalyse.reference.load_reference()``): rows for ``sub``, ``danmark``,
        ``slagelse_kommune`` ... in the same columns. Stacked under ``observations``.
    vurderinger : pandas.DataFrame, optional
        The evaluator's assessments of the qualitative criteria
        (:func:`helhedsanalyse.vurderinger.load_vurderinger`).
    kriterier : list of str, optional
        Only these criterion ids (default: all).
    indikatorer : pandas.DataFrame, optional
        ``compute_indicators`` of ``observations`` and ``references`` stacked, when already computed
        (a report needs them too); default: computed here.

    Returns
    -------
    pandas.DataFrame
        One row per criterion × area the plan names (a criterion that does not cover an area has no
        row for it), in plan order, with columns:

        * ``kriterium``, ``indsatsomraade``, ``aktivitet``: ids from the plan
        * ``omraade``, ``omraade_navn``: area id and name
        * ``runde``: the round
        * ``type``: the criterion kind(s) of the parts binding the area, joined by ``+``
        * ``indikator``, ``enhed``: indicator id and unit (None for qualitative criteria)
        * ``sidste_aar``, ``sidste_periode``: the last year (and period label) of the value used
        * ``vaerdi``: the value of that year (for averages and totals: the average or total)
        * ``baseline``, ``baseline_aar``: the baseline used (the plan's value, or the observed
          zero point)
        * ``maal``: the target in words, e.g. ``"≤ 20 i 2021"``; parts joined by ``;``
        * ``sub``, ``sub_aar``, ``danmark``, ``danmark_aar``, ``slagelse_kommune``,
          ``slagelse_kommune_aar``: the reference values of the same year, or the latest earlier one,
          with their years (NaN/None where there is none)
        * ``frist``: the last year the criterion covers (its deadline); ``kraevet_aar``: the year this
          round's data must reach (the earlier of the round's year and ``frist``)
        * ``status``: one id of :data:`helhedsanalyse.status.STATUSSER` (``opfyldt``,
          ``delvist_opfyldt``, ``ikke_opfyldt``, ``paa_rette_vej``, ``moderat_fremgang``,
          ``begraenset_fremgang``, ``tilbagegang``, ``mangler_data``, ``ikke_aktuel``,
          ``afventer_vurdering``); ``status_tekst`` its Danish label
        * ``foreloebig``: True when a delayed register year stood in for the required year
        * ``evaluators_vurdering``: True when the status is the evaluator's rating of a qualitative criterion
        * ``aar_naaet``, ``aar_vurderet``: for targets judged year by year, "x af y år" (NA otherwise)
        * ``fremskridt``: the progress ratio of the deciding part (NaN where not computed)
        * ``forklaring``: how the status was reached, in Danish, with the numbers
        * ``ki_nedre``, ``ki_oevre``, ``ki_metode``: the 95 % interval of the value used (``wilson``
          for survey shares, ``poisson`` for rates per 1000; NaN/None where not a sample or no
          tæller/nævner); ``usikkerhed``: the Danish sentence on it ("" where none)
        * ``fremskrivning``, ``fremskrivning_vaerdi``, ``fremskrivning_naar_maalet``: before a
          deadline (midtvej), the linear trend to the deadline and whether it reaches the target
          ("" / NaN / None where there is none; the text says why)
        * ``dele``: list of dicts, one per target part (type, maal, status, status_tekst, fremskridt,
          aar, periode, vaerdi, baseline, baseline_aar, maalvaerdi, krav, frist, forklaring,
          illustrativ, tilnaermet, foreloebig, aar_for_aar)
        * ``tilnaermet``: True if a value used is an approximate samlet (only rates were known)
        * ``illustrativ``: True if any value used comes from illustrative data
        * ``vurdering``, ``begrundelse``: the evaluator's rating and justification (qualitative
          criteria), else None
    """
    if runde not in RUNDE_SIDSTE_AAR:
        raise ValueError(f"ukendt runde '{runde}'; gyldige: {', '.join(RUNDE_SIDSTE_AAR)}")
    plan = plan or load_plan()
    store = _serie_store(observations, references, indikatorer, plan)
    rows = _assessed_rows(plan, store, runde, _vurdering_index(vurderinger, runde), kriterier)
    return _typed_status(pd.DataFrame(rows, columns=STATUS_KOLONNER))


def _serie_store(
    observations: pd.DataFrame, references: pd.DataFrame | None, indikatorer: pd.DataFrame | None, plan: Plan
) -> SerieStore:
    """The series the criteria are judged on, knowing which values the data give rounded."""
    if indikatorer is None:
        indikatorer = compute_indicators(concat_observations([observations, references]), plan)
    store = SerieStore(indikatorer)
    store.afrundet = _rounded_values([observations, references])
    return store


def _assessed_rows(
    plan: Plan, store: SerieStore, runde: str, vur: dict[tuple[str, str], dict[str, Any]], kriterier: list[str] | None
) -> list[dict[str, Any]]:
    """One assessed row per criterion × area, in plan order (only the criteria asked for)."""
    rows = []
    for k in plan.kriterier:
        if kriterier is not None and k.id not in kriterier:
            continue
        for omraade in k.omraader:
            rows.append(assess(k, omraade, store, plan, runde, vur.get((k.id, omraade))))
    return rows


def _typed_status(out: pd.DataFrame) -> pd.DataFrame:
    """The status table with years as nullable integers, values as floats and flags as booleans."""
    for col in ("sidste_aar", "baseline_aar", "sub_aar", "danmark_aar", "slagelse_kommune_aar", "frist", "kraevet_aar",
                "aar_naaet", "aar_vurderet"):
        out[col] = out[col].astype("Int64")
    for col in ("vaerdi", "baseline", "sub", "danmark", "slagelse_kommune", "fremskridt", "ki_nedre", "ki_oevre",
                "fremskrivning_vaerdi"):
        out[col] = out[col].astype(float)
    for col in ("foreloebig", "evaluators_vurdering", "tilnaermet", "illustrativ"):
        out[col] = out[col].astype(bool)
    return out


# --------------------------------------------------------------------------- comparisons

SAMMENLIGNING_KOLONNER = [
    "omraade",
    "indikator",
    "enhed",
    "aar",
    "vaerdi",
    "baseline_aar",
    "baseline",
    "forskel_baseline",
    "sub_aar",
    "sub",
    "forskel_sub",
    "danmark_aar",
    "danmark",
    "forskel_danmark",
    "slagelse_kommune_aar",
    "slagelse_kommune",
    "forskel_slagelse_kommune",
    "forskel_enhed",
    "illustrativ",
]


def comparisons(
    observations: pd.DataFrame, plan: Plan | None = None, runde: str = "slut", baseline_aar: int = 2017,
    indikatorer: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each area's latest value compared with its baseline, the SUB average, Denmark and Slagelse Kommune.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations in the data contract, including the reference geographies' rows (stack
        ``load_reference()`` and ``load_baseline()`` under the follow-up data).
    plan : Plan, optional
        The plan (default: the shipped plan).
    runde : {"midtvej", "slut"}
        Fixes the last year used (2018 or 2021).
    baseline_aar : int
        The baseline is the area's latest value in or before this year (default 2017, the plan's
        first year and the zero point of most criteria).
    indikatorer : pandas.DataFrame, optional
        ``compute_indicators`` of exactly these observations, when already computed (a report has
        them); default: computed here.

    Returns
    -------
    pandas.DataFrame
        One row per area (the four areas and ``samlet``) and indicator with a value up to the round's
        last year and at least one comparison, with columns:

        * ``omraade``, ``indikator``, ``enhed``
        * ``aar``, ``vaerdi``: the latest value up to the round's last year
        * ``baseline_aar``, ``baseline``: the latest value in or before ``baseline_aar`` (if earlier
          than ``aar``)
        * ``sub_aar``, ``sub``, ``danmark_aar``, ``danmark``, ``slagelse_kommune_aar``,
          ``slagelse_kommune``: the reference value of the same year, or the latest earlier one
        * ``forskel_baseline``, ``forskel_sub``, ``forskel_danmark``, ``forskel_slagelse_kommune``:
          the difference in procentpoint for shares (enhed ``pct``), the ratio value/reference for
          rates (``pr_1000``), the plain difference for other units
        * ``forskel_enhed``: ``"procentpoint"``, ``"forhold"`` or ``"forskel"``
        * ``illustrativ``: True if any value in the row is illustrative
    """
    plan = plan or load_plan()
    ind = compute_indicators(concat_observations([observations]), plan) if indikatorer is None else indikatorer
    ind = _usable_values(ind, RUNDE_SIDSTE_AAR[runde])
    areas = ind[ind["omraade"].isin(plan.omraade_ids)]
    out = _latest_per_area(areas)
    out = _with_baseline_and_references(out, areas, ind, baseline_aar)
    out = _with_differences(out)
    return _compared_only(out)


def _usable_values(ind: pd.DataFrame, T: int) -> pd.DataFrame:
    """The complete yearly values up to the round's last year, oldest first."""
    ind = ind[ind["vaerdi"].notna() & ~ind["ufuldstaendig"].astype(bool) & ind["aar"].le(T)]
    return ind.sort_values(["aar"], kind="stable")


def _latest_per_area(areas: pd.DataFrame) -> pd.DataFrame:
    """Each area's latest value per indicator."""
    latest = areas.groupby(["omraade", "indikator"], sort=True).tail(1).sort_values(["omraade", "indikator"])
    return latest[["omraade", "indikator", "enhed", "aar", "vaerdi", "illustrativ"]].reset_index(drop=True)


def _asof(frame: pd.DataFrame, left: pd.DataFrame, key: str, by: list[str], prefix: str) -> pd.DataFrame:
    """Left rows with ``frame``'s latest value in a year <= ``left[key]`` (columns ``prefix``...)."""
    right = frame[[*by, "aar", "vaerdi", "illustrativ"]].rename(
        columns={"aar": f"{prefix}_aar", "vaerdi": prefix, "illustrativ": f"{prefix}_ill"}
    )
    right[f"{prefix}_aar"] = right[f"{prefix}_aar"].astype("int64")
    return pd.merge_asof(left.sort_values(key), right.sort_values(f"{prefix}_aar"), left_on=key,
                         right_on=f"{prefix}_aar", by=by, direction="backward")


def _with_baseline_and_references(
    out: pd.DataFrame, areas: pd.DataFrame, ind: pd.DataFrame, baseline_aar: int
) -> pd.DataFrame:
    """Beside each latest value: the area's baseline and the reference geographies' values."""
    # the baseline: the latest value in or before baseline_aar, and before the value's own year
    out["_base_key"] = np.minimum(out["aar"] - 1, baseline_aar).astype("int64")
    out = _asof(areas, out, "_base_key", ["omraade", "indikator"], "baseline")
    # the references: the same year, else the latest earlier one
    out["_key_aar"] = out["aar"].astype("int64")
    for geo in REFERENCE_GEOGRAFIER:
        out = _asof(ind[ind["omraade"].eq(geo)], out, "_key_aar", ["indikator"], geo)
    return out.sort_values(["omraade", "indikator"]).reset_index(drop=True)


def _with_differences(out: pd.DataFrame) -> pd.DataFrame:
    """The differences to baseline and references in the unit's way (procentpoint, ratio or plain)."""
    pct = out["enhed"].eq("pct")
    rate = out["enhed"].eq("pr_1000")
    out["forskel_enhed"] = np.where(pct, "procentpoint", np.where(rate, "forhold", "forskel"))
    for col in ("baseline", *REFERENCE_GEOGRAFIER):
        diff = out["vaerdi"] - out[col]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = out["vaerdi"] / out[col].where(out[col] != 0)
        out[f"forskel_{col}"] = np.where(rate, ratio, diff)
    ill_cols = ["illustrativ"] + [f"{c}_ill" for c in ("baseline", *REFERENCE_GEOGRAFIER)]
    out["illustrativ"] = out[ill_cols].fillna(False).astype(bool).any(axis=1)
    return out


def _compared_only(out: pd.DataFrame) -> pd.DataFrame:
    """The rows with at least one comparison, in the columns of :data:`SAMMENLIGNING_KOLONNER`."""
    any_cmp = out[[f"forskel_{c}" for c in ("baseline", *REFERENCE_GEOGRAFIER)]].notna().any(axis=1)
    out = out[any_cmp]
    for col in ("aar", "baseline_aar", "sub_aar", "danmark_aar", "slagelse_kommune_aar"):
        out[col] = out[col].astype("Int64")
    return out[SAMMENLIGNING_KOLONNER].reset_index(drop=True)
