"""The criterion sections: plan wording, target, status with explanation, figure and the values behind it."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..core.formatting import format_tal, format_vaerdi
from ..plan.model import Kriterium
from .anker import kriterie_anker
from .markup import Markup, badge, endelig, kort, makro, side, tabel, tekst
from .skjul import Skjul
from .statusafsnit import saetning, saetninger_html, status_med_markeringer
from .udsnit import rows, serie

#: The references of a value table: area id -> column.
REFERENCER = (("sub", "SUB"), ("danmark", "Danmark"), ("slagelse_kommune", "Slagelse Kommune"))


def _vurdering(k: Kriterium, row: pd.Series, forklaring: Any) -> dict[str, Any]:
    """The evaluator's rating and reasons of a qualitative criterion, where the explanation does not say them."""
    if not k.kvalitativ:
        return {"vurdering": "", "begrundelse": ""}
    vurdering = row.get("vurdering")
    begrundelse = saetning(row, "begrundelse")
    if isinstance(vurdering, str) and vurdering and vurdering != row["status"]:
        # a status table where the rating is not the status yet (before the new scale)
        return {"vurdering": badge(vurdering), "begrundelse": begrundelse}
    shown = begrundelse and begrundelse not in str(forklaring)
    return {"vurdering": "", "begrundelse": begrundelse if shown else ""}


def _aabning(skjul: Skjul, k: Kriterium, omraade: str, row: pd.Series, titel: str) -> Markup:
    """The section's text before its figure (with ``</div>`` for a qualitative criterion, which has none)."""
    # the explanation and its sentences as published: replaced where they rest on a suppressed number
    alle = skjul.status_vist
    vist = alle[(alle["omraade"] == omraade) & (alle["kriterium"] == k.id)].iloc[0]
    return side(
        "kriterieblok.j2", anker=kriterie_anker(k.id, omraade), titel=titel, omraade=skjul.plan.omraade[omraade].navn,
        status=status_med_markeringer(row), maal=tekst(row["maal"]), forklaring=tekst(vist["forklaring"]),
        saetninger=saetninger_html(vist),  # intervals and projected values: left out with the numbers
        tekst=k.tekst, datakilde=k.datakilde.rstrip("."), fortolkning=k.fortolkning or "",
        kvalitativ=k.kvalitativ, **_vurdering(k, row, vist["forklaring"]),
    )


def kriterie_dele(skjul: Skjul, kriterium: str, omraade: str) -> list[str]:
    """One criterion for one area as the parts a notebook displays one after another: the text, the figure,
    the note on values left out of it, and the value table."""
    plan = skjul.plan
    k = plan.kriterium[kriterium]
    row = rows(skjul.beregnet.status, omraade).set_index("kriterium").loc[[kriterium]].iloc[0]
    title = plan.indikator[k.indikator].navn if k.indikator else kort(k.tekst)
    dele = [str(_aabning(skjul, k, omraade, row, title))]
    if k.kvalitativ:
        return dele
    return dele + _figur_dele(skjul, k, omraade, row, title)


def _figur_dele(skjul: Skjul, k: Kriterium, omraade: str, row: pd.Series, title: str) -> list[str]:
    """The figure of a quantitative criterion (without suppressed values), its note and its value table."""
    from . import plots  # deferred: matplotlib is imported only by the sections that draw

    indikator = str(k.indikator)
    hidden = skjul.skjult(omraade, indikator)
    indikatorer = skjul.beregnet.indikatorer
    if hidden.any():
        # suppressed values are left out of the figure, and the note under it says so
        indikatorer = indikatorer.drop(index=hidden[hidden].index)
    rowd: dict[str, Any] = {**{str(c): v for c, v in row.items()}, "kriterium": k.id}
    rowd = skjul.uden_skjulte(rowd, omraade, indikator)
    indikatorer = med_intervaller(skjul, indikatorer, omraade, indikator)
    fig = plots.criterion_figure(indikatorer, k, omraade, rowd, skjul.plan, skjul.beregnet.runde,
                                 undertryk_under=skjul.undertryk_under(indikator))
    if fig is None:
        return [str(makro("kriterie.j2", "ingen_figur"))]
    alt = f"{title} – {skjul.plan.omraade[omraade].navn}: udvikling mod mål og referencer"
    dele = [plots.figure_to_html(fig, alt)]
    if hidden.any():
        dele.append(str(makro("kriterie.j2", "udeladt", int(hidden.sum()), skjul.graense)))
    dele.append(str(vaerditabel(skjul, omraade, indikator)) + "</div>")
    return dele


#: The column of a value table that holds the 95 % interval (only for indicators the plan gives one); short,
#: since a number column's header does not wrap (the figure's legend above it names it in full,
#: "95 %-sikkerhedsinterval").
INTERVAL_KOLONNE = "95\u00a0%-interval"


def decimaler(enhed: str, heltal: bool, values: Any = ()) -> int:
    """The one number of decimals of a column of ``enhed``: shares and rates per 1000 one, whole numbers none,
    anything else one where a value needs it.

    >>> decimaler("pct", False), decimaler("pr_1000", False), decimaler("antal", True), decimaler("uger", False, [32.2])
    (1, 1, 0, 1)
    """
    if enhed in ("pct", "pr_1000"):
        return 1
    if heltal:
        return 0
    vals = [float(v) for v in values if endelig(v)]
    return 0 if all(abs(v - round(v)) < 1e-9 for v in vals) else 1


def interval_tekst(lo: float, hi: float, enhed: str) -> str:
    """An interval as a value table shows it: a share with its percent sign (``68,1–76,3 %``), a rate as the
    bare numbers (``21,2–36,4``: its unit stands beside it in the value column, and a number column does not
    wrap).

    >>> interval_tekst(68.12, 76.31, "pct").replace("\xa0", " "), interval_tekst(21.2, 36.4, "pr_1000")
    ('68,1–76,3 %', '21,2–36,4')
    """
    return f"{format_tal(lo, 1)}\u2013{format_vaerdi(hi, enhed, 1) if enhed == 'pct' else format_tal(hi, 1)}"


def med_intervaller(skjul: Skjul, indikatorer: pd.DataFrame, omraade: str, indikator: str) -> pd.DataFrame:
    """``indikatorer`` with the area's published 95 % intervals in ``ci_lav``/``ci_hoej`` (NaN elsewhere),
    for the figure to draw: the same intervals as the value table, none where a value is hidden."""
    out = indikatorer.copy()
    out["ci_lav"], out["ci_hoej"] = float("nan"), float("nan")
    if skjul.plan.indikator[indikator].usikkerhed == "ingen":
        return out
    sel = out.index[(out["omraade"] == omraade) & (out["indikator"] == indikator)]
    for i in sel:
        r = out.loc[i]
        ci = skjul.interval(omraade, indikator, r["aar"], r["vaerdi"], r.get("taeller"), r.get("naevner"))
        if ci is not None:
            out.loc[i, ["ci_lav", "ci_hoej"]] = ci
    return out


def vaerditabel(skjul: Skjul, omraade: str, indikator: str) -> Markup:
    """The yearly values behind a figure, with their sources (every figure traces to its rows), and the 95 %
    interval of each value where the plan gives one and the value is shown."""
    s = serie(skjul.beregnet, omraade, indikator)
    if s.empty:
        return makro("kriterie.j2", "ingen_vaerdier")
    i = skjul.beregnet.indikatorer
    refs = i[i["omraade"].isin([geo for geo, _ in REFERENCER]) & (i["indikator"] == indikator)]
    ind = skjul.plan.indikator[indikator]
    dec = decimaler(ind.enhed, ind.heltal, [*s["vaerdi"], *refs["vaerdi"]])
    frame = pd.DataFrame([_vaerdi_raekke(skjul, omraade, indikator, r, refs, dec) for r in s.to_dict("records")])
    if not frame["Tæller/nævner"].astype(bool).any():
        frame = frame.drop(columns="Tæller/nævner")
    if not frame[INTERVAL_KOLONNE].ne("–").any():
        frame = frame.drop(columns=INTERVAL_KOLONNE)
    numeric = [c for c in frame.columns if c not in ("Kilde",)]
    return tabel(frame, numeric, bryd_i=["Kilde"])


def _vaerdi_raekke(skjul: Skjul, omraade: str, indikator: str, r: dict, refs: pd.DataFrame,
                   dec: int) -> dict[str, str]:
    """One year of a value table: the value, tæller/nævner and the interval as published, the references,
    the source."""
    ind = skjul.plan.indikator[indikator]
    aar = int(r["aar"])
    status = skjul.maske.get((omraade, indikator, aar)) if ind.foelsom else None
    ci = skjul.interval(omraade, indikator, aar, r["vaerdi"], r.get("taeller"), r.get("naevner"))
    rec = {
        "År": str(aar),
        "Værdi": skjul.vis(r["vaerdi"], ind.enhed, r.get("taeller"), r.get("naevner"), ind.foelsom, status, dec),
        "Tæller/nævner": skjul.brok(r.get("taeller"), r.get("naevner"), ind.foelsom, status),
        INTERVAL_KOLONNE: interval_tekst(*ci, ind.enhed) if ci is not None else "–",
    }
    for geo, label in REFERENCER:
        m = refs[(refs["omraade"] == geo) & (refs["aar"] == r["aar"])]
        if not refs[refs["omraade"] == geo].empty:
            rec[label] = format_vaerdi(m["vaerdi"].iloc[0], ind.enhed, dec) if len(m) else "–"
    note = skjul.bemaerkning(r.get("bemaerkning"), omraade, indikator, aar,
                             [r.get("vaerdi"), r.get("taeller"), r.get("naevner")])
    rec["Kilde"] = (str(r.get("kilde") or "") + (f" ({note})" if isinstance(note, str) and note else "")).strip()
    return rec
