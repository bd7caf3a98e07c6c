"""The title block every report opens with (title, round, the illustrative warning) and the section "Om
rapporten" it ends with (plan, scope, round, the data used with their checksums, suppression rule, the tool's
version, date): the reader gets the answer
first and the metadata last."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .. import __version__
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
    """The section "Om rapporten": plan, what the report covers, round, the data used with each file's
    checksum and the data set's id (:attr:`BeregnetRunde.fingeraftryk`), the suppression rule
    ``diskretionering`` (:attr:`.skjul.Skjul.titeltekst`), the tool's version, date."""
    fp = beregnet.fingeraftryk
    kontrolsum = {f.navn: f.kort for f in fp.filer} if fp else {}
    names = sorted({Path(f).name for f in datafiler(beregnet, med_vurderinger=True)})
    return side(
        "om_rapporten.j2", omfang=omfang, plan=plan, runde_navn=RUNDE_NAVN[beregnet.runde],
        sidste_aar=sidste_aar(beregnet), filer=[(n, kontrolsum.get(n)) for n in names],
        datasaet=fp.id if fp else None, version=fp.version if fp else __version__,
        diskretionering=diskretionering, dato=dansk_dato(),
    )
