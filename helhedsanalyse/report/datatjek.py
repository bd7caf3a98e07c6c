"""The data check: which years have data, what the round is missing, and how the data files were read."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .markup import Markup, kort, makro, tabel
from .skjul import Skjul
from .statusafsnit import flag, kriterie_titel, markeringer_tekst
from .titel import RUNDE_NAVN
from .udsnit import datafiler, sidste_aar


def datadaekning(skjul: Skjul) -> Markup:
    """Which years have data for each criterion × area, up to the round's last year."""
    plan, b = skjul.plan, skjul.beregnet
    ind = b.indikatorer
    have = ind[ind["vaerdi"].notna() & (ind["aar"] <= sidste_aar(b))]
    years = have.groupby(["omraade", "indikator"])["aar"].apply(lambda a: sorted({int(x) for x in a}))
    rows = []
    for r in b.status.to_dict("records"):
        k = plan.kriterium[r["kriterium"]]
        if k.kvalitativ:
            vurderet = flag(r, "evaluators_vurdering") or (isinstance(r.get("vurdering"), str) and r.get("vurdering"))
            aar = "evaluators vurdering" if vurderet else "afventer vurdering"
        else:
            ys = years.get((r["omraade"], k.indikator), [])
            aar = aar_interval(ys) if ys else "ingen"
        rows.append({"Kriterium": r["kriterium"], "Område": plan.kortnavn(r["omraade"]),
                     "Indikator": k.indikator or "(kvalitativ)", "År med data": aar,
                     "Status": r["status_tekst"] + markeringer_tekst(r)})
    return tabel(pd.DataFrame(rows), bryd_i=["Kriterium", "Område", "Indikator"], klasse="kompakt")


def mangler(skjul: Skjul) -> Markup:
    """What is missing for the round: every criterion × area whose status is 'mangler data', with why
    (the explanation as published: replaced where it quotes a suppressed number), and the qualitative
    criteria that wait for the evaluator's rating."""
    plan, status = skjul.plan, skjul.beregnet.status
    m = skjul.status_vist[skjul.status_vist["status"] == "mangler_data"]
    afventer = status[status["status"] == "afventer_vurdering"]
    vurdering = Markup("")
    if not afventer.empty:
        par = "; ".join(f"{kort(kriterie_titel(plan, r['kriterium']), 70)} ({plan.kortnavn(r['omraade'])})"
                        for r in afventer.to_dict("records"))
        vurdering = makro("datatjek.j2", "afventer", len(afventer), par)
    if m.empty:
        return makro("datatjek.j2", "ingen_mangler", RUNDE_NAVN[skjul.beregnet.runde].lower()) + vurdering
    frame = pd.DataFrame(
        [{"Kriterium": kort(kriterie_titel(plan, r["kriterium"]), 70), "Område": plan.kortnavn(r["omraade"]),
          "Hvad mangler": r["forklaring"]} for r in m.to_dict("records")]
    )
    return makro("datatjek.j2", "mangler", len(m), tabel(frame)) + vurdering


def valideringsnoter(skjul: Skjul) -> Markup:
    """The loader's interpretations and problems for the data files (nothing is modified); a note about a
    row that may quote a suppressed value is cleaned as the tables are."""
    files = datafiler(skjul.beregnet)
    if not files:
        return makro("datatjek.j2", "ingen_filer")
    rep = skjul.validering
    assert rep is not None  # there are files
    out = [makro("datatjek.j2", "problemer", rep.problems) if rep.problems
           else makro("datatjek.j2", "ingen_problemer", len(files))]
    noter = skjul.noter(rep.notes, rep.data)
    notes = [(Path(f).name, n) for f, ns in noter.items() for n in ns]
    if notes:
        out.append(tabel(pd.DataFrame(notes, columns=["Fil", "Fortolket under indlæsningen"])))
    return Markup("\n").join(out)


def aar_interval(years: list[int]) -> str:
    """The years as ranges.

    >>> aar_interval([2017, 2018, 2019, 2021])
    '2017-2019, 2021'
    """
    parts: list[str] = []
    start = prev = None
    for y in years:
        if start is None or prev is None:
            start = prev = y
        elif y == prev + 1:
            prev = y
        else:
            parts.append(f"{start}-{prev}" if prev != start else str(start))
            start = prev = y
    if start is not None:
        parts.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(parts)
