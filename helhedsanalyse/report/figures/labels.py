"""The texts on a figure: Danish numbers on axes and points, the y-axis label, area titles."""

from __future__ import annotations

import textwrap
from typing import Any

from matplotlib.ticker import FuncFormatter

from ...core.formatting import NBSP, format_tal, format_vaerdi
from ...plan.model import Indikator, Plan

_ENHED_AKSE = {
    "antal": "Antal",
    "fuldtidspersoner": "Fuldtidspersoner",
    "uger": "Uger",
    "dage": "Dage",
}


def dansk_tal_formatter(decimaler: int | None = None) -> FuncFormatter:
    """A tick formatter in Danish number format: ``72,4``, ``1.250``, ``−3`` (see :func:`format_tal`).

    >>> fmt = dansk_tal_formatter()
    >>> fmt(72.4), fmt(1250), fmt(-3.5), fmt(1e-12)
    ('72,4', '1.250', '−3,5', '0')
    """

    def _fmt(v: float, _pos: Any = None) -> str:
        if abs(v) < 1e-9:
            v = 0.0
        return format_tal(round(v, 6), decimaler)

    return FuncFormatter(_fmt)


def aars_formatter() -> FuncFormatter:
    """A tick formatter for years: whole years only, no thousands point.

    >>> fmt = aars_formatter()
    >>> fmt(2021.0), fmt(2020.5)
    ('2021', '')
    """
    return FuncFormatter(lambda v, _pos=None: f"{int(round(v))}" if abs(v - round(v)) < 1e-6 else "")


def _taeller_naevner(beskrivelse: str | None) -> tuple[str | None, str | None]:
    """The numerator and denominator an indicator's description names.

    >>> _taeller_naevner("Afgørelser, tæller = afgørelser, nævner = beboere.")
    ('afgørelser', 'beboere')
    """
    if not beskrivelse or "tæller =" not in beskrivelse:
        return None, None
    rest = beskrivelse.split("tæller =", 1)[1]
    taeller, _, naevner = rest.partition("nævner =")
    taeller = taeller.strip().rstrip(",").strip()
    naevner = naevner.strip().rstrip(".").strip()
    return (taeller or None), (naevner or None)


def akse_tekst(indikator: Indikator) -> str:
    """The y-axis label of an indicator, with its unit in Danish.

    >>> from helhedsanalyse.plan import load_plan
    >>> ind = load_plan().indikator
    >>> akse_tekst(ind["tryghed"]), akse_tekst(ind["kriminalitet"]), akse_tekst(ind["fritidsjob"])
    ('Andel (%)', 'Afgørelser pr. 1000 beboere', 'Antal')
    """
    if indikator.enhed == "pct":
        return "Andel (%)"
    if indikator.enhed == "pr_1000":
        taeller, naevner = _taeller_naevner(indikator.beskrivelse)
        if taeller:
            return f"{taeller[:1].upper()}{taeller[1:]} pr. 1000 {naevner or 'beboere'}"
        return "Pr. 1000 beboere"
    return _ENHED_AKSE.get(indikator.enhed, "Værdi")


def omraade_titel(plan: Plan, omraade: str) -> str:
    """The plan's full name, as in the section's heading: ``Præstevangen og Parkvej``, ``De fire
    boligområder samlet`` (one name per area: never a third form such as "Præstevangen og Parkvej (Skælskør)")."""
    try:
        return plan.stednavn(omraade)
    except KeyError:
        return omraade


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters, words kept whole.

    >>> wrap("Kriminalretlige afgørelser – De fire boligområder samlet", 30)
    'Kriminalretlige afgørelser –\\nDe fire boligområder samlet'
    """
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def vaerdi(x: float, enhed: str | None) -> str:
    """A value with its unit, shares with one decimal (:func:`format_vaerdi`).

    >>> vaerdi(68.24, "pct"), vaerdi(54, "antal")
    ('68,2\xa0%', '54')
    """
    return format_vaerdi(x, enhed)


def kort_tal(x: float, enhed: str | None) -> str:
    """A value label for a point.

    >>> kort_tal(68.24, "pct"), kort_tal(18.25, "pr_1000"), kort_tal(1250.4, "antal"), kort_tal(2.345, None)
    ('68,2\xa0%', '18,2', '1.250', '2,35')
    """
    if enhed == "pct":
        return format_tal(round(x, 1)) + NBSP + "%"
    if abs(x) >= 100 or (enhed == "antal" and abs(x - round(x)) < 1e-9):
        return format_tal(round(x), 0)
    return format_tal(round(x, 1) if abs(x) >= 10 else round(x, 2))
