"""Names as users write them: the matching key for areas, indicators and headers."""

from __future__ import annotations

import unicodedata


def normalise_name(text: str) -> str:
    """Key for matching names: Unicode NFC, case-folded, inner white space collapsed."""
    text = unicodedata.normalize("NFC", str(text))
    return " ".join(text.split()).casefold()
