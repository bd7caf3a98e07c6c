"""Indicators: the yearly values the criteria are judged on, computed from the validated observations.

The observations (one row per area, indicator and period; see ``DESIGN.md``) become one value per
(område, indikator, år):

* **Year from sub-year rows.** Quarterly or half-yearly rows make the year's value by the indicator's
  ``aarsopgoerelse``: ``sum`` (counts over the year), ``sidste`` (the latest period: a stock at year
  end), ``maks`` (the highest period) or ``gennemsnit`` (the mean). A row for the whole year wins over
  sub-year rows of the same year, and the ``bemaerkning`` column says so. A ``sum`` over fewer
  periods than the year has (e.g. three quarters) is marked ``ufuldstaendig``: it is not a year's count.
* **Duplicates.** If one (område, indikator, periode) appears more than once, real data wins over
  illustrative data, then rows that cover the place as a whole (empty ``omraader`` column) over rows
  for part of it, then the first row; the ``bemaerkning`` column names the rows left out.
* **Samlet.** ``samlet`` is recomputed from the member areas' numerators and denominators (indicator
  ``samlet: ratio``) or counts (``samlet: sum``), never by averaging their rates. Member areas are
  those of the activity behind the indicator's criteria (fritidsjob: Motalavej, Ringparken and
  Sydbyen; sundhedsplejebesøg: Motalavej and Ringparken), else the four areas. If an area lacks a
  denominator, its denominator from the nearest year is borrowed, and failing that the rates are
  averaged unweighted: the result is then marked ``tilnaermet`` and ``bemaerkning`` says why. If a
  member area is missing in a year, samlet is not computed for that year: ``vaerdi`` is NaN,
  ``ufuldstaendig`` is True and ``bemaerkning`` names the missing areas (it is never silently the
  sum of three). A samlet row given directly in the data is used as given; the recomputed value is
  shown beside it (``samlet_beregnet``) and a difference is named in ``bemaerkning``.
* **Rates and changes.** ``pr_1000`` is the rate per 1000 residents (the value itself for ``pr_1000``
  indicators, count / naevner × 1000 for counts with a population as denominator). Year-on-year
  changes are taken against the previous *available* year (``forrige_aar`` says which).
"""

from __future__ import annotations

import math
from typing import cast

import numpy as np
import pandas as pd

from ..core.formatting import antal_tekst, format_tal, periode_tekst
from ..inputs.contract import normalise_observations
from ..plan.model import Plan, load_plan

#: Multiplier from taeller/naevner to the unit: shares in percent, rates per 1000.
SKALA: dict[str, float] = {"pct": 100.0, "pr_1000": 1000.0}

#: Columns of :func:`yearly_values`.
AARS_KOLONNER = [
    "omraade",
    "indikator",
    "aar",
    "periode",
    "vaerdi",
    "taeller",
    "naevner",
    "delperioder",
    "kilde",
    "illustrativ",
    "fil",
    "raekke",
    "beregnet",
    "tilnaermet",
    "ufuldstaendig",
    "bemaerkning",
]

_DELPERIODE_ORDEN = {"": 9, "Q1": 1, "Q2": 2, "H1": 2, "Q3": 3, "Q4": 4, "H2": 4}
_DELPERIODE_NAVN = {"Q": "kvartaler", "H": "halvår"}


# --------------------------------------------------------------------------- helpers


def scale_for(enhed: str) -> float:
    """The multiplier from taeller/naevner to the unit (100 for pct, 1000 for pr_1000, else 1).

    >>> scale_for("pct"), scale_for("pr_1000"), scale_for("antal")
    (100.0, 1000.0, 1.0)
    """
    return SKALA.get(enhed, 1.0)


def _fill_vaerdi(df: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    need = df["vaerdi"].isna() & df["taeller"].notna() & df["naevner"].gt(0)
    if need.any():
        scale = df.loc[need, "indikator"].map(
            lambda i: scale_for(plan.indikator[i].enhed) if i in plan.indikator else 1.0)
        df.loc[need, "vaerdi"] = df.loc[need, "taeller"] / df.loc[need, "naevner"] * scale
    return df


def _priority(df: pd.DataFrame) -> pd.DataFrame:
    """Sort so that the preferred row of a duplicate comes first (real before illustrative ...)."""
    df = df.assign(_pos=np.arange(len(df)))
    partial = df["omraader"].fillna("").astype(str).str.strip().ne("") if "omraader" in df.columns else False
    df = df.assign(_partial=partial)
    return df.sort_values(["illustrativ", "_partial", "_pos"], kind="stable")


def _dedupe(df: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """First row per key (after :func:`_priority`), and a note per kept row naming the dropped ones."""
    dup = df.duplicated(keys, keep="first")
    kept = df[~dup]
    notes = pd.Series("", index=kept.index, dtype=object)
    if dup.any():
        dropped = df[dup]
        first_index = kept.reset_index().set_index(keys)["index"]
        for key, grp in dropped.groupby(keys, sort=False):
            idx = first_index.loc[key]  # type: ignore[index]  # pandas-stubs: a MultiIndex Series takes tuple labels
            values = ", ".join(format_tal(v) for v in grp["vaerdi"])
            notes.loc[idx] = (
                f"{antal_tekst(len(grp), 'række', 'rækker')} mere for {periode_tekst(grp['periode'].iloc[0])} er ikke "
                f"brugt ({'værdi' if len(grp) == 1 else 'værdier'} {values})."
            )
    return kept, notes


# --------------------------------------------------------------------------- yearly values


def yearly_values(observations: pd.DataFrame, plan: Plan | None = None) -> pd.DataFrame:
    """One value per (område, indikator, år) from validated observations.

    Parameters
    ----------
    observations : pandas.DataFrame
        Tidy observations in the data contract (columns ``omraade, indikator, periode, aar, delperiode,
        vaerdi, taeller, naevner, kilde, note, illustrativ, fil, raekke``; extra columns are ignored).
    plan : Plan, optional
        The plan (default: the shipped plan); gives each indicator's ``aarsopgoerelse`` and unit.

    Returns
    -------
    pandas.DataFrame
        One row per (omraade, indikator, aar), sorted by them, with columns:

        * ``omraade``, ``indikator``, ``aar``
        * ``periode``: the period(s) behind the value (``"2018"``, ``"2018Q4"``, ``"2018Q1-Q4"``)
        * ``vaerdi``: the year's value in the indicator's unit
        * ``taeller``, ``naevner``: numerator and denominator behind it (NaN if unknown)
        * ``delperioder``: number of quarterly/half-yearly rows used (0 for a whole-year row)
        * ``kilde``, ``illustrativ``, ``fil``, ``raekke``: source of the (first) row used;
          ``illustrativ`` is True if any row used is illustrative
        * ``beregnet``: False here (True for samlet rows computed by :func:`add_samlet`)
        * ``tilnaermet``: False here (True for approximate samlet rows)
        * ``ufuldstaendig``: True if the year is incomplete (a ``sum`` over too few periods)
        * ``bemaerkning``: how the value was formed where that is not obvious (Danish)
    """
    plan = plan or load_plan()
    df = _fill_vaerdi(normalise_observations(observations), plan)
    if df.empty:
        return pd.DataFrame(columns=AARS_KOLONNER)
    df = _priority(df)
    out_whole = _whole_year_rows(df[df["delperiode"].eq("")])
    sub = _drop_overridden_sub_year(df[df["delperiode"].ne("")], out_whole)
    return _assemble_yearly(out_whole, sub, plan)


_AARS_NOEGLER = ["omraade", "indikator", "aar"]


def _whole_year_rows(whole: pd.DataFrame) -> pd.DataFrame:
    """The rows given for a whole year, one per period, noting the duplicates left out."""
    whole, whole_notes = _dedupe(whole, ["omraade", "indikator", "periode"])
    out_whole = whole[["omraade", "indikator", "aar", "periode", "vaerdi", "taeller", "naevner", "kilde", "illustrativ",
                       "fil", "raekke"]].copy()
    out_whole["delperioder"] = 0
    out_whole["ufuldstaendig"] = False
    out_whole["bemaerkning"] = whole_notes.reindex(out_whole.index).fillna("")
    return out_whole


def _drop_overridden_sub_year(sub: pd.DataFrame, out_whole: pd.DataFrame) -> pd.DataFrame:
    """The sub-year rows of years without a whole-year row; the whole-year row notes those it replaces."""
    keys = _AARS_NOEGLER
    if sub.empty:
        return sub
    whole_keys = pd.MultiIndex.from_frame(out_whole[keys])
    overridden = pd.MultiIndex.from_frame(sub[keys]).isin(whole_keys)
    if not overridden.any():
        return sub
    n = sub[overridden].groupby(keys).size()
    for key, count in n.items():
        omraade, indikator, aar = cast(tuple[str, str, int], key)
        mask = (out_whole["omraade"].eq(omraade) & out_whole["indikator"].eq(indikator)
                & out_whole["aar"].eq(aar))
        idx = out_whole.index[mask][0]
        note = f"Årstallet er brugt; {count} kvartals-/halvårstal for {aar} er ikke brugt."
        out_whole.loc[idx, "bemaerkning"] = (out_whole.loc[idx, "bemaerkning"] + " " + note).strip()
    return sub[~overridden]


def _assemble_yearly(out_whole: pd.DataFrame, sub: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Whole-year and aggregated sub-year values as one sorted table with the yearly columns."""
    frames = [out_whole]
    if not sub.empty:
        frames.append(_aggregate_sub_year(sub, plan))
    nonempty = [f for f in frames if not f.empty]
    out = pd.concat(nonempty, ignore_index=True) if nonempty else out_whole
    out["beregnet"] = False
    out["tilnaermet"] = False
    out["delperioder"] = out["delperioder"].astype(int)
    out["ufuldstaendig"] = out["ufuldstaendig"].astype(bool)
    out["illustrativ"] = out["illustrativ"].astype(bool)
    out = out.sort_values(_AARS_NOEGLER, kind="stable").reset_index(drop=True)
    return out[AARS_KOLONNER]


def _aggregate_sub_year(sub: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Quarterly/half-yearly rows -> one row per (omraade, indikator, aar), vectorised."""
    a = _sub_year_summary(sub, plan)
    out = _sub_year_values(a)
    out["bemaerkning"] = _sub_year_notes(a, out)
    return out


def _sub_year_summary(sub: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Per year: the counts, sums, means, first, last and highest period the year's value can come from."""
    sub, notes = _dedupe(sub, ["omraade", "indikator", "periode"])
    ind = plan.indikator
    sub = sub.assign(
        _orden=sub["delperiode"].map(_DELPERIODE_ORDEN).fillna(5),
        _slags=sub["delperiode"].str[:1],
        _note=notes.reindex(sub.index).fillna(""),
        _metode=sub["indikator"].map(lambda i: ind[i].aarsopgoerelse if i in ind else "sidste"),
        _enhed=sub["indikator"].map(lambda i: ind[i].enhed if i in ind else "antal"),
    ).sort_values(["omraade", "indikator", "aar", "_orden"], kind="stable")
    keys = _AARS_NOEGLER
    g = sub.groupby(keys, sort=False)
    first = sub.drop_duplicates(keys, keep="first").set_index(keys)
    last = sub.drop_duplicates(keys, keep="last").set_index(keys)
    top = (
        sub.sort_values([*keys, "vaerdi"], na_position="first", kind="stable")
        .drop_duplicates(keys, keep="last")
        .set_index(keys)
    )
    a = pd.DataFrame(
        {
            "n": g.size(),
            "slags": g["_slags"].agg(lambda s: "".join(sorted(set(s)))),
            "vaerdi_sum": g["vaerdi"].sum(min_count=1),
            "vaerdi_mean": g["vaerdi"].mean(),
            "taeller_sum": g["taeller"].sum(min_count=1),
            "taeller_n": g["taeller"].count(),
            "taeller_mean": g["taeller"].mean(),
            "naevner_mean": g["naevner"].mean(),
            "illustrativ": g["illustrativ"].any(),
            "noter": g["_note"].agg(lambda s: " ".join(x for x in s if x)),
        }
    )
    a = a.join(first[["kilde", "fil", "raekke", "_metode", "_enhed"]]).join(
        first[["delperiode"]].rename(columns={"delperiode": "forste"})
    )
    a = a.join(last[["delperiode", "vaerdi", "taeller", "naevner"]].add_prefix("last_"))
    a = a.join(top[["delperiode", "vaerdi", "taeller", "naevner"]].add_prefix("top_"))
    return a.reset_index()


def _method_masks(a: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Which years are made by ``sum``, ``gennemsnit`` and ``maks`` (the rest by ``sidste``)."""
    metode = a["_metode"]
    return metode.eq("sum"), metode.eq("gennemsnit"), metode.eq("maks")


def _sub_year_values(a: pd.DataFrame) -> pd.DataFrame:
    """The year's period label, value, numerator and denominator by each indicator's method."""
    aar_txt = a["aar"].astype(str)
    n = a["n"].astype(int)
    expected = a["slags"].map({"Q": 4, "H": 2})
    label = np.where(n > 1, aar_txt + a["forste"] + "-" + a["last_delperiode"], aar_txt + a["forste"])

    is_sum, is_mean, is_max = _method_masks(a)
    scale = a["_enhed"].map(lambda e: SKALA.get(e, np.nan))
    t_sum = a["taeller_sum"].where(a["taeller_n"].eq(n))
    ratio_sum = t_sum / a["last_naevner"].where(a["last_naevner"] > 0) * scale
    sum_value = ratio_sum.where(ratio_sum.notna(), a["vaerdi_sum"])

    out = pd.DataFrame({"omraade": a["omraade"], "indikator": a["indikator"], "aar": a["aar"]})
    out["periode"] = np.select(
        [is_sum | is_mean, is_max], [label, aar_txt + a["top_delperiode"]], aar_txt + a["last_delperiode"]
    )
    out["vaerdi"] = np.select(
        [is_sum, is_mean, is_max], [sum_value, a["vaerdi_mean"], a["top_vaerdi"]], a["last_vaerdi"]
    )
    out["taeller"] = np.select(
        [is_sum, is_mean, is_max], [t_sum, a["taeller_mean"], a["top_taeller"]], a["last_taeller"]
    )
    out["naevner"] = np.select(
        [is_sum, is_mean, is_max], [a["last_naevner"], a["naevner_mean"], a["top_naevner"]], a["last_naevner"]
    )
    out["delperioder"] = n
    for col in ("kilde", "fil", "raekke", "illustrativ"):
        out[col] = a[col]
    out["ufuldstaendig"] = is_sum & (expected.isna() | (n < expected.fillna(0)))
    return out


def _sub_year_notes(a: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """The Danish note on how each year's value was made from its quarters or half-years."""
    n = a["n"].astype(int)
    navn = a["slags"].map(_DELPERIODE_NAVN).fillna("kvartaler/halvår")
    expected = a["slags"].map({"Q": 4, "H": 2})
    is_sum, is_mean, is_max = _method_masks(a)
    n_txt = n.astype(str)
    periode_txt = out["periode"].map(periode_tekst)  # "4. kvartal 2018", not "2018Q4"
    method_note = np.select(
        [is_sum, is_mean, is_max],
        [
            "Årstal = summen af " + n_txt + " " + navn + ".",
            "Årstal = gennemsnittet af " + n_txt + " " + navn + ".",
            "Årstal = det højeste af " + n_txt + " " + navn + " (" + periode_txt + ").",
        ],
        np.where(
            (n > 1) | ~a["last_delperiode"].isin(["Q4", "H2"]),
            "Årstal = seneste opgørelse (" + periode_txt + ").",
            "",
        ),
    )
    mixed = np.where(expected.isna(), "Kvartals- og halvårstal er blandet i samme år.", "")
    exp_txt = expected.map(lambda x: f" af {int(x)}" if pd.notna(x) else "")
    incomplete_note = np.where(
        out["ufuldstaendig"],
        "Året er ufuldstændigt: kun " + n_txt + " " + navn + exp_txt + "; summen er ikke et helt års tal.",
        "",
    )
    joined: pd.Series = a["noter"] + " " + mixed + " " + pd.Series(method_note, index=a.index) + " " + incomplete_note
    return joined.str.replace(r"\s+", " ", regex=True).str.strip()


# --------------------------------------------------------------------------- samlet


def samlet_omraader(plan: Plan, indikator: str) -> list[str]:
    """The areas whose values make ``samlet`` for ``indikator``.

    The areas a criterion using the indicator declares (``Kriterium.samlet_af``: fritidsjob the three
    areas without Skælskør; sundhedsplejebesøg Motalavej and Ringparken); else the areas of the
    activities behind the indicator's criteria. If any criterion using the indicator has
    no activity (a strategic criterion), or no criterion uses it, all areas except ``samlet``.
    """
    alle = [o for o in plan.omraade_ids if o != "samlet"]
    kriterier = plan.kriterier_med(indikator)
    declared = {a for k in kriterier if k.samlet_af for a in k.samlet_af}
    if declared:  # the plan data name the areas (Kriterium.samlet_af)
        return [o for o in alle if o in declared]
    if not kriterier or any(k.aktivitet is None for k in kriterier):
        return alle
    members: set[str] = set()
    for k in kriterier:
        if k.aktivitet is not None:
            members.update(plan.aktivitet[k.aktivitet].omraader)
    return [o for o in alle if o in members]


def add_samlet(yearly: pd.DataFrame, plan: Plan | None = None) -> pd.DataFrame:
    """Add (or check) ``samlet`` rows recomputed from the member areas.

    Parameters
    ----------
    yearly : pandas.DataFrame
        Output of :func:`yearly_values`.
    plan : Plan, optional
        The plan (default: the shipped plan).

    Returns
    -------
    pandas.DataFrame
        ``yearly`` with samlet rows added for every (indikator, aar) where a member area has a value and
        no samlet row was given, plus the column ``samlet_beregnet`` (the recomputed value, on given and
        computed samlet rows). Computed rows have ``beregnet`` True, ``tilnaermet`` True where a
        denominator had to be borrowed or rates averaged, and ``ufuldstaendig`` True (with ``vaerdi``
        NaN) where a member area is missing. ``bemaerkning`` explains each case.
    """
    plan = plan or load_plan()
    yearly = yearly.copy()
    yearly["samlet_beregnet"] = np.nan
    if yearly.empty:
        return yearly
    members = _samlet_members(yearly, plan)
    if not members:
        return yearly
    areas = _member_values(yearly, members)
    if areas.empty:
        return yearly
    comp = _computed_samlet(areas, members, plan)
    given_keys = _check_given_samlet(yearly, comp)
    return _add_computed_samlet(yearly, comp, given_keys)


def _samlet_members(yearly: pd.DataFrame, plan: Plan) -> dict[str, list[str]]:
    """The member areas per indicator that has a samlet."""
    return {
        ind: samlet_omraader(plan, ind)
        for ind in yearly["indikator"].unique()
        if ind in plan.indikator and plan.indikator[ind].samlet != "ingen"
    }


def _member_values(yearly: pd.DataFrame, members: dict[str, list[str]]) -> pd.DataFrame:
    """The member areas' rows that have a value."""
    pairs = pd.MultiIndex.from_tuples([(o, i) for i, areas in members.items() for o in areas])
    in_members = pd.MultiIndex.from_arrays([yearly["omraade"], yearly["indikator"]]).isin(pairs)
    return yearly[in_members & yearly["vaerdi"].notna().to_numpy()]


def _computed_samlet(areas: pd.DataFrame, members: dict[str, list[str]], plan: Plan) -> pd.DataFrame:
    """One recomputed samlet row per (indikator, aar) from the member areas' values."""
    # nearest-year denominator per (omraade, indikator), for borrowing (built only when needed)
    naevner_by_series = _LazySeries(areas)
    computed = []
    for key, grp in areas.groupby(["indikator", "aar"], sort=False):
        ind, aar = cast(tuple[str, int], key)
        computed.append(_samlet_row(grp, ind, aar, members[ind], naevner_by_series, plan))
    return pd.DataFrame(computed)


def _samlet_row(
    grp: pd.DataFrame, ind: str, aar: int, expected: list[str], naevner_by_series: _LazySeries, plan: Plan
) -> dict[str, object]:
    """The samlet row of one indicator and year, or why it cannot be computed."""
    indikator = plan.indikator[ind]
    present = grp["omraade"].tolist()
    present_set = set(present)
    missing = [o for o in expected if o not in present_set]
    row: dict[str, object] = {
        "omraade": "samlet",
        "indikator": ind,
        "aar": aar,
        "periode": _common_period(grp["periode"], aar),
        "delperioder": int(grp["delperioder"].max()),
        "kilde": "Beregnet af " + and_list([kort_navn(plan, o) for o in present]),
        "illustrativ": bool(grp["illustrativ"].any()),
        "fil": "",
        "raekke": pd.NA,
        "beregnet": True,
        "tilnaermet": False,
        "ufuldstaendig": False,
    }
    notes = []
    value, taeller, naevner, approx_note = _combine(grp, indikator.samlet, indikator.enhed, naevner_by_series, plan)
    if approx_note:
        row["tilnaermet"] = True
        notes.append(approx_note)
    incomplete = grp[grp["ufuldstaendig"]]
    if missing or not incomplete.empty:
        row["ufuldstaendig"] = True
        notes.insert(0, _samlet_missing_note(plan, aar, missing, incomplete, value))
        row.update(vaerdi=np.nan, taeller=np.nan, naevner=np.nan, samlet_beregnet=np.nan)
    else:
        row.update(vaerdi=value, taeller=taeller, naevner=naevner, samlet_beregnet=value)
        how = "sum" if indikator.samlet == "sum" else "tæller/nævner"
        notes.insert(0, f"Samlet beregnet af {len(present)} områder ({how}).")
    row["bemaerkning"] = " ".join(notes)
    return row


def _samlet_missing_note(
    plan: Plan, aar: int, missing: list[str], incomplete: pd.DataFrame, value: float
) -> str:
    """Why samlet cannot be computed for a year: the missing areas and those with an incomplete year."""
    parts = []
    if missing:
        parts.append("mangler " + and_list([kort_navn(plan, o) for o in missing]))
    if not incomplete.empty:
        parts.append(
            "ufuldstændigt år for " + and_list([kort_navn(plan, o) for o in incomplete["omraade"]])
        )
    return f"Samlet {aar} kan ikke beregnes: {' og '.join(parts)} (de øvrige giver {format_tal(value)})."


def _check_given_samlet(yearly: pd.DataFrame, comp: pd.DataFrame) -> set[tuple[str, int]]:
    """Note on each given samlet row where the areas give another value; the (indikator, aar) given."""
    given_mask = yearly["omraade"].eq("samlet")
    given = yearly.loc[given_mask, ["indikator", "aar"]].reset_index()
    check = given.merge(comp[["indikator", "aar", "samlet_beregnet"]], on=["indikator", "aar"], how="inner")
    if not check.empty:
        idx = check["index"].to_numpy()
        yearly.loc[idx, "samlet_beregnet"] = check["samlet_beregnet"].to_numpy()
        given_values = yearly.loc[idx, "vaerdi"].to_numpy(dtype=float, na_value=np.nan)
        for i, b, g in zip(idx, check["samlet_beregnet"], given_values, strict=True):
            if pd.notna(b) and pd.notna(g) and not math.isclose(g, b, rel_tol=0.005, abs_tol=0.05):
                note = f"Samlet er brugt som opgivet ({format_tal(g)}); beregnet af områderne giver {format_tal(b)}."
                yearly.at[i, "bemaerkning"] = (str(yearly.at[i, "bemaerkning"]) + " " + note).strip()
    return set(zip(given["indikator"], given["aar"], strict=True))


def _add_computed_samlet(yearly: pd.DataFrame, comp: pd.DataFrame, given_keys: set[tuple[str, int]]) -> pd.DataFrame:
    """``yearly`` with the computed samlet rows where none was given, sorted."""
    has_given = pd.Series([k in given_keys for k in zip(comp["indikator"], comp["aar"], strict=True)], index=comp.index)
    add = comp[~has_given]
    if add.empty:
        return yearly
    out = pd.concat([yearly, add[yearly.columns]], ignore_index=True)
    return out.sort_values(["omraade", "indikator", "aar"], kind="stable").reset_index(drop=True)


def kort_navn(plan: Plan, sted: str) -> str:
    """A short Danish name for explanations: the area's one short name (:meth:`Plan.kortnavn`).

    >>> plan = load_plan()
    >>> [kort_navn(plan, s) for s in ("samlet", "sub", "danmark", "sydbyen", "skaelskoer")]
    ['Samlet', 'SUB-gennemsnittet', 'Danmark', 'Sydbyen', 'Skælskør']
    >>> kort_navn(plan, "ringparken")
    'Ringparken'
    """
    if sted == "sub":
        return "SUB-gennemsnittet"
    return plan.kortnavn(sted)


def and_list(items: list[str]) -> str:
    """Items joined the Danish way, without a comma before *og*.

    >>> and_list(["Motalavej", "Ringparken", "Sydbyen"]), and_list(["Skælskør"]), and_list([])
    ('Motalavej, Ringparken og Sydbyen', 'Skælskør', '')
    """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


class _LazySeries:
    """``{(omraade, indikator): array of (aar, naevner)}``, grouped on first use."""

    def __init__(self, areas: pd.DataFrame):
        self._areas = areas
        self._data: dict[tuple[str, str], np.ndarray] | None = None

    def get(self, key: tuple[str, str]) -> np.ndarray | None:
        if self._data is None:
            with_n = self._areas[self._areas["naevner"].gt(0)]
            groups = with_n.groupby(["omraade", "indikator"])
            self._data = {cast(tuple[str, str], k): g[["aar", "naevner"]].to_numpy() for k, g in groups}
        return self._data.get(key)


def _common_period(perioder: pd.Series, aar: int) -> str:
    values = set(perioder.tolist())
    return values.pop() if len(values) == 1 else str(aar)


def _combine(
    grp: pd.DataFrame, how: str, enhed: str, naevner_by_series: _LazySeries, plan: Plan
) -> tuple[float, float, float, str]:
    """Combine the member areas of one (indikator, aar): value, taeller, naevner, approximation note."""
    if how == "sum":
        taeller = grp["taeller"].sum() if grp["taeller"].notna().all() else np.nan
        naevner = grp["naevner"].sum() if grp["naevner"].notna().all() else np.nan
        return float(grp["vaerdi"].sum()), taeller, naevner, ""
    scale = scale_for(enhed)
    if grp["taeller"].notna().all() and grp["naevner"].gt(0).all():
        t, n = grp["taeller"].sum(), grp["naevner"].sum()
        return float(t / n * scale), float(t), float(n), ""
    if grp["naevner"].gt(0).all():
        # taeller from rate × naevner: exact up to the rounding of the rates
        t = (grp["vaerdi"] * grp["naevner"] / scale).sum()
        n = grp["naevner"].sum()
        return float(t / n * scale), float(t), float(n), ""
    # some area has only a rate: borrow its denominator from the nearest year, or average unweighted
    weights = []
    borrowed = []
    for _, r in grp.iterrows():
        if r["naevner"] > 0:
            weights.append(r["naevner"])
            continue
        arr = naevner_by_series.get((r["omraade"], r["indikator"]))
        if arr is None or len(arr) == 0:
            weights.append(np.nan)
            continue
        j = int(np.argmin(np.abs(arr[:, 0] - r["aar"]) + arr[:, 0] * 1e-9))
        weights.append(arr[j, 1])
        borrowed.append(f"{kort_navn(plan, r['omraade'])} ({int(arr[j, 0])})")
    w = np.array(weights, dtype=float)
    v = grp["vaerdi"].to_numpy(dtype=float)
    if np.isfinite(w).all():
        value = float((v * w).sum() / w.sum())
        note = (
            "Tilnærmet: kun raten er kendt for nogle områder; deres nævner er lånt fra nærmeste år: "
            + ", ".join(borrowed)
            + "."
        )
        return value, float((v * w).sum() / scale), float(w.sum()), note
    only_rate = [kort_navn(plan, o) for o, n in zip(grp["omraade"], grp["naevner"], strict=True) if not n > 0]
    note = (
        "Tilnærmet: kun raten er kendt for "
        + and_list(only_rate)
        + " (ingen nævner i noget år); samlet er et uvægtet gennemsnit af områdernes rater."
    )
    return float(v.mean()), np.nan, np.nan, note


# --------------------------------------------------------------------------- rates and changes


def add_rates_and_changes(yearly: pd.DataFrame, plan: Plan | None = None) -> pd.DataFrame:
    """Add the rate per 1000 residents and the change from the previous available year.

    Returns
    -------
    pandas.DataFrame
        ``yearly`` plus columns ``enhed``, ``pr_1000`` (value per 1000 residents: the value for
        ``pr_1000`` indicators, count / naevner × 1000 for counts with a population denominator, else
        NaN), ``forrige_aar`` and ``forrige_vaerdi`` (the previous year with a usable value: not NaN and
        not ``ufuldstaendig``), ``aendring`` (value − previous, in the unit: procentpoint for shares) and
        ``aendring_pct`` (relative change in %, NaN when the previous value is 0: undefined).
    """
    plan = plan or load_plan()
    df = yearly.copy()
    df["enhed"] = df["indikator"].map(lambda i: plan.indikator[i].enhed if i in plan.indikator else "")
    rate = np.where(df["enhed"].eq("pr_1000"), df["vaerdi"], np.nan)
    counts = df["enhed"].eq("antal") & df["naevner"].gt(0)
    rate = np.where(counts, df["vaerdi"] / df["naevner"] * 1000.0, rate)
    df["pr_1000"] = rate.astype(float)
    usable = df["vaerdi"].notna() & ~df["ufuldstaendig"].astype(bool)
    df = df.sort_values(["omraade", "indikator", "aar"], kind="stable")
    u = df[usable.reindex(df.index)]
    prev = u.groupby(["omraade", "indikator"], sort=False)[["aar", "vaerdi"]].shift(1)
    df["forrige_aar"] = prev["aar"].reindex(df.index).astype("Int64")
    df["forrige_vaerdi"] = prev["vaerdi"].reindex(df.index)
    df["aendring"] = df["vaerdi"] - df["forrige_vaerdi"]
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = (df["vaerdi"] / df["forrige_vaerdi"] - 1.0) * 100.0
    df["aendring_pct"] = rel.where(df["forrige_vaerdi"].ne(0))
    return df.reset_index(drop=True)


def compute_indicators(observations: pd.DataFrame, plan: Plan | None = None) -> pd.DataFrame:
    """Yearly values, samlet, rates per 1000 and year-on-year changes in one table.

    Parameters
    ----------
    observations : pandas.DataFrame
        Validated observations (the data contract); reference geographies may be included.
    plan : Plan, optional
        The plan (default: the shipped plan).

    Returns
    -------
    pandas.DataFrame
        One row per (omraade, indikator, aar) with the columns of :func:`yearly_values`
        (``omraade, indikator, aar, periode, vaerdi, taeller, naevner, delperioder, kilde, illustrativ,
        fil, raekke, beregnet, tilnaermet, ufuldstaendig, bemaerkning``), ``samlet_beregnet`` from
        :func:`add_samlet`, and ``enhed, pr_1000, forrige_aar, forrige_vaerdi, aendring, aendring_pct``
        from :func:`add_rates_and_changes`.
    """
    plan = plan or load_plan()
    yearly = yearly_values(observations, plan)
    yearly = add_samlet(yearly, plan)
    return add_rates_and_changes(yearly, plan)

