"""The title block every report opens with (title, round, the illustrative warning) and the section "Om
rapporten" it ends with (plan, scope, round, data used, suppression rule, date): the reader gets the answer
first and the metadata last."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..compute.runde import BeregnetRunde
from ..plan.model import Plan
from .markup import Markup, side
from .udsnit import datafiler, illustrativ, sidste_aar

MAANEDER = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]

RUNDE_NAVN = {"midtvej": "Midtvejsevaluering", "slut": "Slutevaluering"}

ILLUSTRATIV_TEKST = (
    "ILLUSTRATIVE DATA: Denne rapport bygger på opdigtede eksempeltal, ikke på rigtige "
    "målinger. Tallene viser, hvordan rapporten ser ud, og må ikke bruges som evaluering."
)


def dansk_dato(d: date | None = None) -> str:
    """A date as Danish readers write it (today when None).

    >>> dansk_dato(date(2026, 11, 26))
    '26. november 2026'
    """
    d = d or date.today()
    return f"{d.day}. {MAANEDER[d.month - 1]} {d.year}"


def titelblok(beregnet: BeregnetRunde, plan: Plan, titel: str, omfang: str) -> Markup:
    """Title block: the title, one line with round, scope and plan, and the illustrative warning."""
    return side(
        "titelblok.j2", titel=titel, omfang=omfang, plan=plan, runde_navn=RUNDE_NAVN[beregnet.runde],
        sidste_aar=sidste_aar(beregnet), illustrativ=ILLUSTRATIV_TEKST if illustrativ(beregnet) else "",
    )


def om_rapporten(beregnet: BeregnetRunde, plan: Plan, diskretionering: str, omfang: str) -> Markup:
    """The section "Om rapporten": plan, what the report covers, round, data used, the suppression rule
    ``diskretionering`` (:attr:`.skjul.Skjul.titeltekst`), date."""
    files = sorted({Path(f).name for f in datafiler(beregnet, med_vurderinger=True)})
    return side(
        "om_rapporten.j2", omfang=omfang, plan=plan, runde_navn=RUNDE_NAVN[beregnet.runde],
        sidste_aar=sidste_aar(beregnet), data_tekst=", ".join(files) if files else "ingen opfølgningsdata",
        diskretionering=diskretionering, dato=dansk_dato(),
    )
