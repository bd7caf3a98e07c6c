"""Limits of one data file (README, "What the package accepts"), and the messages that name them.

Beyond a limit a file is refused with a message instead of being read slowly or filling the memory. The
shipped plan allows 100.548 distinct rows (9 places × 76 indicators × 147 periods), so a valid file has at
most that many; the limits leave room for comments, template rows and repeated rows. Measured on the 2-core
machine: a CSV file at both limits validates in about 9 s and 0,5 GB, an Excel file of 150.000 rows in
about 13 s (README, "Limits").

The readers look the limits up on this module when they read (``limits.MAX_ROWS``), so a test may lower
them with ``monkeypatch.setattr(limits, "MAX_ROWS", 5)``.

>>> size_text(1_229_000_000), size_text(300_000), thousands_text(150_000)
('1.229 MB', '0,3 MB', '150.000')
"""

from __future__ import annotations

from ..core.errors import FileReadError

MAX_ROWS = 150_000
MAX_CSV_BYTES = 40_000_000
#: An .xlsx is a zip file: the sizes its directory declares for the unpacked parts are checked before
#: anything is unpacked (a "zip bomb" of 1 MB can unpack to many GB).
MAX_EXCEL_UNPACKED_BYTES = 150_000_000
#: A cell in Excel holds at most this many characters; a longer CSV field cannot be what the user sees.
EXCEL_CELL_CHARS = 32_767


def size_text(n_bytes: int) -> str:
    """A size in MB, the Danish way (1.229 MB; 0,3 MB)."""
    mb = n_bytes / 1_000_000
    return f"{mb:,.0f}".replace(",", ".") + " MB" if mb >= 10 else f"{mb:.1f}".replace(".", ",") + " MB"


def thousands_text(n: int) -> str:
    """A whole number with Danish thousands separators: 250.000."""
    return f"{n:,}".replace(",", ".")


def too_many_rows(fil: str) -> FileReadError:
    """The refusal of a file with more than :data:`MAX_ROWS` rows."""
    return FileReadError(
        f"{fil}: filen har over {thousands_text(MAX_ROWS)} rækker; helhedsanalyse læser højst "
        f"{thousands_text(MAX_ROWS)} rækker pr. fil. Del den op i flere filer (fx én pr. år eller pr. område) og "
        "giv dem alle på én gang"
    )
