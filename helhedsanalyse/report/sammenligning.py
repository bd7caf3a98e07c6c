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
    return side("sammenligning.j2", tabel=tabel(frame))


def _raekke(skjul: Skjul, omraade: str, r: dict) -> dict[str, str]:
    """One indicator's row; a suppressed value is not shown, nor its differences from the references (they
    would give it back)."""
    enh, kind, indikator = r["enhed"], r.get("forskel_enhed"), r["indikator"]
    skjul_v = skjul.vaerdi_skjult(omraade, indikator, r["vaerdi"], r["aar"], enh)
    skjul_b = skjul.vaerdi_skjult(omraade, indikator, r.get("baseline"), r.get("baseline_aar"), enh)
    rec = {
        "Indikator": skjul.plan.indikator[indikator].navn,
        "Værdi": f"{SKJULT} ({int(r['aar'])})" if skjul_v else med_aar(r["vaerdi"], r["aar"], enh),
        "Baseline": (f"{SKJULT} ({int(float(r['baseline_aar']))})" if skjul_b
                     else med_aar(r.get("baseline"), r.get("baseline_aar"), enh)),
    }
    for geo, label in REFERENCER.items():
        forskel = None if skjul_v else r.get(f"forskel_{geo}")
        rec[label] = ref_celle(r.get(geo), r.get(f"{geo}_aar"), forskel, kind, enh)
    return rec


def med_aar(v: Any, aar: Any, enhed: str) -> str:
    """A value with its year in brackets (``–`` when there is none).

    >>> med_aar(12.0, 2019, "antal"), med_aar(None, 2019, "antal")
    ('12 (2019)', '–')
    """
    if not endelig(v):
        return "–"
    return f"{format_vaerdi(v, enhed)} ({int(aar)})" if endelig(aar) else format_vaerdi(v, enhed)


def ref_celle(v: Any, aar: Any, forskel: Any, kind: Any, enhed: str) -> str:
    """A reference value with its year and the area's difference from it."""
    if not endelig(v):
        return "–"
    text = med_aar(v, aar, enhed)
    if endelig(forskel):
        text += f"; området {_forskel(forskel, kind, enhed)}"
    return text


def _forskel(v: Any, kind: Any, enhed: str) -> str:
    if not endelig(v):
        return "–"
    if kind == "forhold":
        return f"{format_tal(v)} gange"
    return format_forskel(v, enhed)
