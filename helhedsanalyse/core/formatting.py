"""Danish number formatting for explanations and reports: 72,4 %; 1.250; 30,65; −10 %.

Thousands are separated by a full stop, decimals by a comma, and negative numbers carry a real minus
sign (U+2212), as in Danish typography. Trailing zeros after the decimal comma are dropped unless a
fixed number of decimals is asked for. A number and its unit are joined by a non-breaking space
(U+00A0, :data:`NBSP`), so that a line never breaks between "72,4" and "%" (the examples below show it
as ``\xa0``). Also here: counts with the right singular or plural noun (:func:`antal_tekst`) and a
period of the data contract in words (:func:`periode_tekst`: ``2021Q1-Q4`` -> ``1.-4. kvartal 2021``).

>>> format_tal(1250)
'1.250'
>>> format_tal(30.65)
'30,65'
>>> format_pct(72.4)
'72,4\xa0%'
>>> format_vaerdi(18.2, "pr_1000")
'18,2\xa0pr. 1000'
>>> format_aendring(-10)
'−10\xa0%'
>>> format_tal(None), format_tal(float("nan"), mangler="ukendt"), format_tal(-0.001), format_tal(2.5, 2)
('–', 'ukendt', '0', '2,50')
>>> format_vaerdi(72.449, "pct"), format_vaerdi(3, "uger"), format_vaerdi(None, "pct")
('72,4\xa0%', '3\xa0uger', '–')
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any, SupportsFloat

if TYPE_CHECKING:  # pandas is not imported here at run time: the bottom layer loads fast
    import pandas as pd

MINUS = "\u2212"

#: The non-breaking space between a number and its unit ("72,4 %", "1.250 kr.", "5 år").
NBSP = "\u00a0"

#: How each unit of the plan (``Indikator.enhed``) is written after a number.
ENHED_TEKST: dict[str, str] = {
    "pct": NBSP + "%",
    "antal": "",
    "pr_1000": NBSP + "pr. 1000",
    "fuldtidspersoner": NBSP + "fuldtidspersoner",
    "uger": NBSP + "uger",
    "dage": NBSP + "dage",
}


#: Units shown with at most one decimal (shares as the plan prints them: 72,4 %).
_EN_DECIMAL = {"pct"}


def _number(x: SupportsFloat | None) -> float | None:
    """``x`` as a float, or None where it is missing (None or NaN); something else that is no number raises.

    >>> _number(3), _number(None), _number(float("nan"))
    (3.0, None, None)
    """
    if x is None:
        return None
    value = float(x)
    return None if math.isnan(value) else value


def format_tal(x: float | int | None, decimaler: int | None = None, mangler: str = "–") -> str:
    """A number in Danish format.

    Parameters
    ----------
    x : number or None
        The number. ``None`` and NaN give ``mangler``.
    decimaler : int, optional
        Fixed number of decimals. Default: up to 2 decimals, trailing zeros dropped
        (``72.40`` -> ``"72,4"``, ``1250.0`` -> ``"1.250"``).
    mangler : str
        Text for a missing value.

    Returns
    -------
    str
        E.g. ``"1.250"``, ``"30,65"``, ``"−3,5"``.
    """
    value = _number(x)
    if value is None:
        return mangler
    if decimaler is None:
        text = f"{abs(value):,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{abs(value):,.{decimaler}f}"
    # Python writes 1,250.5 -> swap to 1.250,5
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if text in ("", "0,"):
        text = "0"
    negative = value < 0 and any(c not in "0,." for c in text)
    return (MINUS if negative else "") + text


def format_tal_kort(x: float | None) -> str:
    """A number for a message, as a user would type it: no thousands separator, at most six significant
    digits, a decimal comma, a hyphen for minus ("" for a missing value).

    >>> format_tal_kort(72.4), format_tal_kort(1250.0), format_tal_kort(1 / 3), format_tal_kort(-3.5)
    ('72,4', '1250', '0,333333', '-3,5')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.6g}".replace(".", ",")


def format_pct(x: float | None, decimaler: int | None = None) -> str:
    """A share in percent: ``72.4`` -> ``"72,4 %"`` (a non-breaking space before the sign)."""
    if _number(x) is None:
        return "–"
    return format_tal(x, decimaler) + NBSP + "%"


def format_aendring(pct: float | None, decimaler: int | None = None) -> str:
    """A relative change with its sign: ``-10`` -> ``"−10 %"``, ``8`` -> ``"+8 %"``."""
    value = _number(pct)
    if value is None:
        return "–"
    sign = "+" if value > 0 else ""
    return sign + format_tal(pct, decimaler) + NBSP + "%"


def format_vaerdi(x: float | None, enhed: str | None = None, decimaler: int | None = None) -> str:
    """A value with its unit: ``("pct", 72.4)`` -> ``"72,4 %"``, ``("pr_1000", 18.2)`` -> ``"18,2 pr. 1000"``."""
    value = _number(x)
    if value is None:
        return "–"
    if decimaler is None and enhed in _EN_DECIMAL:
        value = round(value, 1)
    return format_tal(value, decimaler) + ENHED_TEKST.get(enhed or "antal", "")


def format_forskel(x: float | None, enhed: str | None = None) -> str:
    """A difference with its sign, in the unit's own terms (procentpoint for shares).

    >>> format_forskel(4.26, "pct"), format_forskel(-3, "pr_1000"), format_forskel(12)
    ('+4,3\xa0procentpoint', '−3\xa0pr. 1000', '+12')
    """
    value = _number(x)
    if value is None:
        return "–"
    sign = "+" if value > 0 else ""
    suffix = NBSP + "procentpoint" if enhed == "pct" else ENHED_TEKST.get(enhed or "antal", "")
    if enhed in _EN_DECIMAL:
        value = round(value, 1)
    return sign + format_tal(value) + suffix


# --------------------------------------------------------------------------- words around numbers


def antal_tekst(n: int, ental: str, flertal: str) -> str:
    """A count with its noun in the right number: never "række(r)".

    >>> antal_tekst(1, "række", "rækker"), antal_tekst(3, "række", "rækker"), antal_tekst(0, "fil", "filer")
    ('1 række', '3 rækker', '0 filer')
    >>> antal_tekst(1250, "værdi", "værdier")
    '1.250 værdier'
    """
    return f"{format_tal(n)} {ental if n == 1 else flertal}"


#: A number followed by a plain space and a unit that must stay on its line.
_TAL_ENHED = re.compile(r"(?<=\d) (?=%|‰|procentpoint\b|kr\.|pr\. 1000\b|år\b|uger\b|dage\b|måneder\b)")


def fast_mellemrum(tekst: str) -> str:
    """``tekst`` with a non-breaking space between each number and its unit, for wording the program
    quotes rather than formats (the plan's "mindst 10 % fald om året"); other spaces are kept.

    >>> fast_mellemrum("mindst 10 % fald; 1.250 kr. og 4 procentpoint, 3 år; i 2018 års tal")
    'mindst 10\xa0% fald; 1.250\xa0kr. og 4\xa0procentpoint, 3\xa0år; i 2018 års tal'
    """
    return _TAL_ENHED.sub(NBSP, tekst)


_DELPERIODE = re.compile(r"(?P<aar>\d{4})(?P<slags>[QH])(?P<fra>[1-4])(?:-(?P=slags)?(?P<til>[1-4]))?")
_DELPERIODE_ORD = {"Q": "kvartal", "H": "halvår"}


def periode_tekst(periode: object) -> str:
    """A period of the data contract as a Danish reader writes it; a year or a span of years unchanged.

    >>> periode_tekst("2021Q1-Q4"), periode_tekst("2018Q4"), periode_tekst("2019H1"), periode_tekst("2019H1-H2")
    ('1.-4. kvartal 2021', '4. kvartal 2018', '1. halvår 2019', '1.-2. halvår 2019')
    >>> periode_tekst("2018"), periode_tekst(2018), periode_tekst("2017-2021"), periode_tekst(None)
    ('2018', '2018', '2017-2021', '')
    """
    if periode is None or (isinstance(periode, float) and math.isnan(periode)):
        return ""
    text = str(periode)
    m = _DELPERIODE.fullmatch(text.strip())
    if m is None:
        return text
    dele = f"{m['fra']}.-{m['til']}." if m["til"] and m["til"] != m["fra"] else f"{m['fra']}."
    return f"{dele} {_DELPERIODE_ORD[m['slags']]} {m['aar']}"


# --------------------------------------------------------------------------- CSV that Excel opens safely

#: A text cell starting with one of these is read by Excel (and LibreOffice) as a formula (OWASP, "CSV
#: Injection"): ``=HYPERLINK(...)``, ``+cmd``, ``-2+3``, ``@SUM(...)``, and a leading tab or carriage return.
FORMEL_TEGN = ("=", "+", "-", "@", "\t", "\r")

_RENT_TAL = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def csv_celle(x: object) -> object:
    """One cell for a CSV file: a text that Excel would read as a formula gets a leading apostrophe
    (the OWASP rule); numbers, and texts that are plain numbers ("-3", "+2,5"), stay as they are.

    >>> csv_celle('=HYPERLINK("http://x")'), csv_celle("-3"), csv_celle(-3.5), csv_celle("@SUM(A1)"), csv_celle("ok")
    ('\\'=HYPERLINK("http://x")', '-3', -3.5, "'@SUM(A1)", 'ok')
    """
    if isinstance(x, str) and x.startswith(FORMEL_TEGN) and not _RENT_TAL.fullmatch(x):
        return "'" + x
    return x


def csv_tekst(frame: pd.DataFrame, **kwargs: Any) -> str:
    """``frame.to_csv(index=False)`` with every text cell and column name passed through :func:`csv_celle`."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) in ("string", "str"):
            out[col] = out[col].map(csv_celle)
    out.columns = [csv_celle(c) if isinstance(c, str) else c for c in out.columns]
    return out.to_csv(index=False, **kwargs)
