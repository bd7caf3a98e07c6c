"""The data fingerprint: which data files a round is computed from, each with its checksum.

One report set stands on one set of data; the fingerprint names it. It is the data files (observations
and the evaluator's ratings, as the one folder expansion finds them; the evaluator's findings are text for
the helhedsevaluering, not data) with the SHA-256 checksum of each, and one short id for the whole set.
The same files with the same contents give the same id wherever they lie. Nothing here reads a value
of a file: no raw number leaves it.

This module is lean on purpose (no pandas): ``helhedsanalyse render`` asks it whether anything changed
before it loads the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..core.paths import DATA_DIR
from .folders import expand_data_paths
from .fund import er_fundfil

#: How many hexadecimal digits of a checksum are shown (48 bits: two different files never meet by chance).
KORT = 12


def sha256_fil(path: str | Path) -> str:
    """The SHA-256 checksum of a file's bytes, in hexadecimal.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(delete=False) as fh:
    ...     _ = fh.write(b"abc")
    >>> sha256_fil(fh.name)[:KORT]
    'ba7816bf8f01'
    >>> os.unlink(fh.name)
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_tekst(*dele: str) -> str:
    """The SHA-256 checksum of text parts (each ended by a newline), in hexadecimal.

    >>> sha256_tekst("a", "b") == sha256_tekst("a\\nb")
    True
    """
    return hashlib.sha256("".join(f"{d}\n" for d in dele).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Datafil:
    """One data file: its name, the path it was read from, and its checksum (SHA-256, hexadecimal)."""

    navn: str
    sti: str
    sha256: str

    @property
    def kort(self) -> str:
        """The checksum as shown to a reader (:data:`KORT` digits)."""
        return self.sha256[:KORT]


@dataclass(frozen=True)
class Fingeraftryk:
    """The data a round is computed from: the files with their checksums, and the tool's version."""

    filer: tuple[Datafil, ...]
    version: str = __version__

    @property
    def id(self) -> str:
        """The data set's short id: the checksum of the sorted (name, checksum) pairs. Where the files lie
        and the order they were given in do not change it; a changed byte in any file does.

        >>> a = Fingeraftryk((Datafil("a.csv", "x/a.csv", "1" * 64), Datafil("b.csv", "x/b.csv", "2" * 64)))
        >>> b = Fingeraftryk((Datafil("b.csv", "y/b.csv", "2" * 64), Datafil("a.csv", "y/a.csv", "1" * 64)))
        >>> a.id == b.id, len(a.id)
        (True, 12)
        >>> a.id == Fingeraftryk((Datafil("a.csv", "x/a.csv", "3" * 64),)).id
        False
        """
        return sha256_tekst(*sorted(f"{f.navn}\t{f.sha256}" for f in self.filer))[:KORT]

    def som_dict(self) -> dict[str, object]:
        """The fingerprint as plain data (for the report folder's manifest): names and checksums only."""
        return {"id": self.id, "version": self.version,
                "filer": [{"navn": f.navn, "sha256": f.kort} for f in self.filer]}


def datafiler_af(data: Iterable[str | Path] | None) -> list[str]:
    """The data files ``data`` stands for (default: the shipped illustrative data), without the
    evaluator's findings: the files a round's computation reads."""
    paths = [str(p) for p in data] if data else [str(DATA_DIR / "eksempel")]
    return [f for f in expand_data_paths(paths).files if not er_fundfil(f)]


def fingeraftryk(filer: Iterable[str | Path]) -> Fingeraftryk:
    """The fingerprint of the data files ``filer`` (findings files among them left out). A file that
    cannot be read counts by its name alone (the reader that needs it says what is wrong)."""
    out = []
    for f in filer:
        if er_fundfil(f):
            continue
        try:
            sha = sha256_fil(f)
        except OSError:
            sha = "0" * 64
        out.append(Datafil(Path(f).name, str(f), sha))
    return Fingeraftryk(tuple(out))
