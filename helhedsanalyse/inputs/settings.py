"""The project settings file: ``helhedsanalyse.toml`` (or ``[tool.helhedsanalyse]`` in ``pyproject.toml``).

The evaluator keeps the paths of the real data, the report folder, the findings files and the suppression
threshold in one file in the folder they work in, so that ``helhedsanalyse render`` with no options renders
their own data (as Quarto reads ``_quarto.yml`` and ruff ``[tool.ruff]``). Options on the command line
override the file, key by key. Only the current folder is looked in; ``helhedsanalyse.toml`` wins over
``pyproject.toml``. Relative paths are relative to the folder of the file.

Keys (all optional)::

    data = ["data/2021", "vurderinger.xlsx"]   # or one path: data = "data/2021"
    ud = "rapporter"
    fund = ["fund_midtvej.md", "fund_slut.md"] # or one path
    graense = 5

Every problem (a file that is not TOML, an unknown key, a value of the wrong kind) raises
:class:`SettingsError` naming the file, the key and what is accepted.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import HelhedsanalyseError

__all__ = ["FILNAVN", "NOEGLER", "Indstillinger", "SettingsError", "find_settings", "load_settings", "read_settings"]

FILNAVN = "helhedsanalyse.toml"

#: every key of the settings file and what it accepts (the messages quote it)
NOEGLER: dict[str, str] = {
    "data": "en sti eller en liste af stier til datafiler eller mapper, fx data = [\"data/2021\", \"mine_tal.xlsx\"]",
    "ud": "en mappe til rapporterne, fx ud = \"rapporter\"",
    "fund": "en sti eller en liste af stier til evaluators fund (.md), fx fund = [\"fund_slut.md\"]",
    "graense": "et helt tal på mindst 1, fx graense = 5",
}


class SettingsError(HelhedsanalyseError):
    """The settings file cannot be used: the message names the file, the key and what is accepted."""


@dataclass(frozen=True)
class Indstillinger:
    """The settings read from a file; ``None`` where the file does not say (the command's default applies)."""

    fil: Path | None = None
    data: list[str] | None = None
    ud: Path | None = None
    fund: list[str] | None = None
    graense: int | None = None


def find_settings(folder: Path | None = None) -> tuple[Path, str | None] | None:
    """The settings file of ``folder`` (default: the current folder) and its table, or None.

    ``helhedsanalyse.toml`` (the whole file) wins; else ``pyproject.toml`` when it has a
    ``[tool.helhedsanalyse]`` table (the table's dotted name is returned).
    """
    folder = Path() if folder is None else Path(folder)  # relative: messages name "helhedsanalyse.toml"
    own = folder / FILNAVN
    if own.is_file():
        return own, None
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and "tool" in (doc := _parse(pyproject)) and isinstance(doc["tool"], dict) \
            and "helhedsanalyse" in doc["tool"]:
        return pyproject, "tool.helhedsanalyse"
    return None


def load_settings(folder: Path | None = None) -> Indstillinger:
    """The settings of ``folder`` (default: the current folder); empty settings when there is no file."""
    found = find_settings(folder)
    if found is None:
        return Indstillinger()
    return read_settings(*found)


def read_settings(fil: Path, tabel: str | None = None) -> Indstillinger:
    """Read and check one settings file (``tabel``: the dotted table in it, e.g. ``tool.helhedsanalyse``).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / FILNAVN).write_text('data = "tal"\\ngraense = 3\\n', encoding="utf-8")
    >>> s = read_settings(d / FILNAVN)
    >>> s.data == [str(d / "tal")], s.graense, s.ud
    (True, 3, None)
    >>> _ = (d / FILNAVN).write_text('graense = "fem"\\n', encoding="utf-8")
    >>> read_settings(d / FILNAVN)
    Traceback (most recent call last):
    ...
    helhedsanalyse.inputs.settings.SettingsError: ... nøglen 'graense' er "fem"; den skal være et helt tal ...
    """
    fil = Path(fil)
    doc: Any = _parse(fil)
    where = f"{fil}"
    for part in (tabel.split(".") if tabel else []):
        doc = doc.get(part) if isinstance(doc, dict) else None
        where = f"{fil}, [{tabel}]"
    if not isinstance(doc, dict):
        raise SettingsError(f"{where}: skal være en tabel med nøglerne {', '.join(NOEGLER)}.")
    unknown = [k for k in doc if k not in NOEGLER]
    if unknown:
        raise SettingsError(
            f"{where}: ukendt nøgle '{unknown[0]}'. Gyldige nøgler: "
            + "; ".join(f"{k} ({v})" for k, v in NOEGLER.items()) + "."
        )
    base = fil.parent

    def bad(key: str) -> SettingsError:
        return SettingsError(f"{where}: nøglen '{key}' er {_toml_repr(doc[key])}; den skal være {NOEGLER[key]}.")

    def paths(key: str) -> list[str] | None:
        if key not in doc:
            return None
        value = doc[key]
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(p, str) and p.strip() for p in items):
            raise bad(key)
        return [str(base / Path(p).expanduser()) for p in items]

    ud = None
    if "ud" in doc:
        if not isinstance(doc["ud"], str) or not doc["ud"].strip():
            raise bad("ud")
        ud = base / Path(doc["ud"]).expanduser()
    graense = doc.get("graense")
    if graense is not None and (isinstance(graense, bool) or not isinstance(graense, int) or graense < 1):
        raise bad("graense")
    return Indstillinger(fil=fil, data=paths("data"), ud=ud, fund=paths("fund"), graense=graense)


def _toml_repr(value: Any) -> str:
    """A value as it was written in the file (near enough for a message).

    >>> _toml_repr("fem"), _toml_repr(True), _toml_repr([1, "a"])
    ('"fem"', 'true', '[1, "a"]')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_repr(v) for v in value) + "]"
    return str(value)


def _parse(fil: Path) -> dict[str, Any]:
    """The file as TOML; a Danish :class:`SettingsError` with line and column when it is not."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10: tomli, a dependency there
        import tomli as tomllib
    try:
        with open(fil, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise SettingsError(f"{fil}: indstillingsfilen kan ikke læses ({exc.strerror}).") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{fil}: indstillingsfilen er ikke UTF-8-tekst.") from None
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        place = (f" (linje {at.group(1)}, kolonne {at.group(2)})" if at
                 else " (ved filens slutning)" if "end of document" in str(exc) else "")
        raise SettingsError(
            f"{fil}: er ikke gyldig TOML{place}. Skriv én nøgle pr. linje som nøgle = værdi, tekst i "
            "anførselstegn og lister i [ ], fx data = [\"data/2021\"]."
        ) from None
