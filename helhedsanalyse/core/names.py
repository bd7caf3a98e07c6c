"""Names as users write them: the matching key for areas, indicators and headers."""

from __future__ import annotations

import unicodedata


def normalise_name(text: str) -> str:
    """Key for matching names: Unicode NFC, case-folded, inner white space collapsed.

    >>> normalise_name("  Sydbyen   Nord ")
    'sydbyen nord'
    >>> normalise_name("Café") == normalise_name("CAFE\u0301")  # é written as e + combining accent
    True
    """
    text = unicodedata.normalize("NFC", str(text))
    return " ".join(text.split()).casefold()
