"""The comparison section: an area's latest value against its baseline, the SUB average, Denmark and
Slagelse Kommune, with the area's difference from each reference."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..compute.assessment import comparisons
from ..core.formatting import format_forskel, format_tal, format_vaerdi
from .markup import Markup, endelig, side, tabel
from .skjul import SKJULT, Skjul

#: The reference geographies: id -> column.
REFERENCER = {"sub": "SUB", "danmark": "Danmark", "slagelse_kommune": "Slagelse Kommune"}


def sammenligning(skjul: Skjul, omraade: str) -> Markup:
    """The area against its baseline, the SUB average, Denmark and Slagelse Kommune."""
    b = skjul.beregnet
    c = comparisons(b.observations, skjul.plan, b.runde, indikatorer=b.indikatorer)
    c = c[c["omraade"] == omraade]
    c = c[c[list(REFERENCER)].notna().any(axis=1)]
    if c.empty:
        return side("sammenligning.j2", tabel=None)
    frame = pd.DataFrame([_raekke(skjul, omraade, r) for r in c.to_dict("records")])
    # the difference goes on its own line under each reference value, so that the table fits an A4 page
    return side("sammenligning.j2", tabel=tabel(frame, klasse="kompakt", bryd_i=list(REFERENCER.values())))


def _raekke(skjul: Skjul, omraade: str, r: dict) -> dict[str, str]:
    """One indicator's row; a suppressed value is not shown, nor its differences from the references (they
    would give it back)."""
    enh, kind, indikator = r["enhed"], r.get("forskel_enhed"), r["indikator"]
    dec = 1 if enh in ("pct", "pr_1000") else None  # one number of decimals for shares and rates
    skjul_v = skjul.vaerdi_skjult(omraade, indikator, r["vaerdi"], r["aar"], enh)
    skjul_b = skjul.vaerdi_skjult(omraade, indikator, r.get("baseline"), r.get("baseline_aar"), enh)
    rec = {
        "Indikator": skjul.plan.indikator[indikator].navn,
        "Værdi": f"{SKJULT} ({int(r['aar'])})" if skjul_v else med_aar(r["vaerdi"], r["aar"], enh, dec),
        "Baseline": (f"{SKJULT} ({int(float(r['baseline_aar']))})" if skjul_b
                     else med_aar(r.get("baseline"), r.get("baseline_aar"), enh, dec)),
    }
    for geo, label in REFERENCER.items():
        forskel = None if skjul_v else r.get(f"forskel_{geo}")
        rec[label] = ref_celle(r.get(geo), r.get(f"{geo}_aar"), forskel, kind, enh, dec)
    return rec


def med_aar(v: Any, aar: Any, enhed: str, decimaler: int | None = None) -> str:
    r"""A value with its year in brackets (``–`` when there is none).

    >>> med_aar(12.0, 2019, "antal"), med_aar(None, 2019, "antal"), med_aar(14, 2016, "pct", 1)
    ('12 (2019)', '–', '14,0\xa0% (2016)')
    """
    if not endelig(v):
        return "–"
    vaerdi = format_vaerdi(v, enhed, decimaler)
    return f"{vaerdi} ({int(aar)})" if endelig(aar) else vaerdi


def ref_celle(v: Any, aar: Any, forskel: Any, kind: Any, enhed: str, decimaler: int | None = None) -> str:
    r"""A reference value with its year and, on the next line, the area's difference from it.

    >>> ref_celle(20, 2016, 21.46, "procentpoint", "pct", 1).replace("\xa0", " ")
    '20,0 % (2016)\nområdet +21,5 procentpoint'
    """
    if not endelig(v):
        return "–"
    text = med_aar(v, aar, enhed, decimaler)
    if endelig(forskel):
        text += f"\nområdet {_forskel(forskel, kind, enhed)}"
    return text


def _forskel(v: Any, kind: Any, enhed: str) -> str:
    if not endelig(v):
        return "–"
    if kind == "forhold":
        return f"{format_tal(v)} gange"
    return format_forskel(v, enhed)
