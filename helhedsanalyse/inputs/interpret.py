"""Interpreting one observation file: from its cells to rows of the data contract, with every problem and
a note of everything interpreted.

:func:`interpret_file` goes through the phases in order, each a function here:

1. the header row (:func:`find_header`) and the columns it names (:func:`_map_columns`);
2. merged Excel cells below the header (:func:`_merged_cells`);
3. the data rows: structure, comments, formulas without a result, unfilled rows (:func:`_data_rows`);
4. the file's decimal mark (:func:`_decimal_mark`);
5. each row's values: names, the period, the numbers and a value computed from tæller/nævner
   (:func:`_read_row`);
6. the contract's column rules (:mod:`helhedsanalyse.inputs.schema`), and the tidy table (:func:`_tidy`).

>>> Notes().as_list(), ranges_text([3, 4, 5, 9, 12, 13]), rows_text([2, 3, 4]), show(2018.0)
([], 'række 3-5, 9, 12-13', 'række 2-4', '2018')
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..core.errors import Problem
from ..core.formatting import antal_tekst, format_tal_kort
from ..core.numbers import NOT_A_NUMBER, clean_number_text, decimal_kind, parse_number
from ..plan.model import Plan, normalise_name
from .contract import (
    DANISH_NAMES,
    HEADER_NAMES,
    SILENT_COLUMNS,
    empty_observations,
    header_key,
    header_score,
    parse_period,
)
from .csvfile import csv_structure
from .excel import is_year_format
from .reading import read_table
from .schema import schema_problems
from .table import FormulaWithoutResult, RawTable, excel_column, is_blank, is_comment

__all__ = ["FileResult", "Notes", "Resolver", "find_header", "interpret_file"]

_NUMBER_COLUMNS = ("vaerdi", "taeller", "naevner")
_FACTOR = {"pct": 100.0, "pr_1000": 1000.0}


# --------------------------------------------------------------------------- names, notes, results


@dataclass
class Resolver:
    """Matches area and indicator names against the plan and suggests the closest valid id."""

    plan: Plan

    def __post_init__(self) -> None:
        self.steder = _with_transliteration(self.plan.sted_alias)
        self.indikatorer = _with_transliteration(self.plan.indikator_alias)

    def resolve(self, value: Any, kind: Literal["omraade", "indikator"]) -> str | None:
        """The id ``value`` names (by id, name or alias; æ/ø/å may be written ae/oe/aa), or None."""
        table = self.steder if kind == "omraade" else self.indikatorer
        key = normalise_name(str(value))
        return table.get(key) or table.get(_transliterate(key))

    def suggest(self, value: Any, kind: Literal["omraade", "indikator"]) -> str | None:
        """The closest valid id to an unknown ``value``, or None."""
        table = self.steder if kind == "omraade" else self.indikatorer
        key = _transliterate(normalise_name(str(value)))
        close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.6)
        if not close and kind == "indikator":
            # 'tryghed_2018' or 'andel trygge i %': try the parts
            for part in re.split(r"[\s_\-/]+", key):
                close = difflib.get_close_matches(part, list(table), n=1, cutoff=0.8)
                if close:
                    break
        return table[close[0]] if close else None


_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})


def _transliterate(key: str) -> str:
    return key.translate(_TRANSLIT)


def _with_transliteration(alias: dict[str, str]) -> dict[str, str]:
    out = dict(alias)
    for key, value in alias.items():
        out.setdefault(_transliterate(key), value)
    return out


@dataclass
class FileResult:
    """One file interpreted: its valid rows in the contract, its notes and its problems."""

    fil: str
    frame: pd.DataFrame
    notes: list[str]
    problems: list[Problem]


class Notes:
    """Notes of one file, each said once; repeated interpretations are counted."""

    def __init__(self) -> None:
        self._items: dict[str, int] = {}

    def add(self, text: str) -> None:
        self._items[text] = self._items.get(text, 0) + 1

    def extend(self, texts: Iterable[str]) -> None:
        for t in texts:
            self.add(t)

    def counted(self, text: str, n: int, ental: str, flertal: str) -> None:
        """``text`` with ``{antal}`` filled in ("1 celle", "3 celler"), when ``n`` is not 0."""
        if n:
            self._items[text.format(antal=antal_tekst(n, ental, flertal))] = 1

    def as_list(self) -> list[str]:
        return list(self._items)


@dataclass
class _File:
    """One file being interpreted: its table, its columns and what was found so far."""

    fil: str
    table: RawTable
    plan: Plan
    resolver: Resolver
    notes: Notes = field(default_factory=Notes)
    problems: list[Problem] = field(default_factory=list)
    header_index: int = 0
    header_row: int = 0
    #: canonical column -> its index, and how the file writes it (the contract's name where it has none).
    columns: dict[str, int] = field(default_factory=dict)
    header_text: dict[str, str] = field(default_factory=dict)
    decimal: str | None = None
    #: what was interpreted, counted for the notes.
    counts: Counter[str] = field(default_factory=Counter)
    valid_places: str = ""

    def __post_init__(self) -> None:
        self.valid_places = ", ".join(self.plan.alle_steder)

    def done(self) -> FileResult:
        return FileResult(self.fil, empty_observations(), self.notes.as_list(), self.problems)


def interpret_file(path: Path, fil: str, plan: Plan, resolver: Resolver) -> FileResult:
    """Read one observation file and interpret it (the phases in the module docstring)."""
    table = read_table(path, fil)
    f = _File(fil, table, plan, resolver)
    f.notes.extend(table.notes)
    f.problems.extend(table.problems)
    if not table.rows or all(all(is_blank(c) for c in cells) for _, cells in table.rows):
        f.problems.append(Problem(fil, "filen er tom; den skal have en overskriftsrække og mindst én række data"))
        return f.done()
    if not _header(f) or not _map_columns(f):
        return f.done()
    cell_problems = _merged_cells(f)
    data_rows = _data_rows(f, cell_problems)
    if table.excel:
        _note_hidden(table, data_rows, f.columns, f.header_text, f.notes)
    f.decimal = _decimal_mark(f, data_rows)
    records = [_read_row(f, n, record) for n, record in data_rows]
    _note_counts(f)
    if not records:
        return f.done()
    work = pd.DataFrame.from_records(records)
    work.index = pd.Index(work["raekke"].astype(int), name="raekke")
    f.problems.extend(schema_problems(work, fil, f.header_text))
    _mark_hidden(table, f.problems)
    frame = _tidy(work, f)
    f.problems.sort(key=lambda p: (p.raekke if p.raekke is not None else -1))
    return FileResult(fil, frame, f.notes.as_list(), f.problems)


# --------------------------------------------------------------------------- 1. header and columns


def find_header(table: RawTable) -> tuple[int, list[Any]] | None:
    """Index into ``table.rows`` of the header row, and its cells.

    The header is the first non-empty row, after any leading comment rows, provided it holds at least two
    known column names. Otherwise it is the first row whose first filled cell is ``omraade``/``område``
    (the rows above are an instructions block); else a first row with one known name; else None.
    """
    candidates: Iterator[int] = (
        i for i, (_, cells) in enumerate(table.rows) if any(not is_blank(c) for c in cells) and not is_comment(cells)
    )
    first = next(candidates, None)  # lazily: the header is near the top, the file may have 250.000 rows
    if first is None:
        return None
    candidates = itertools.chain([first], candidates)
    first_score = header_score(table.rows[first][1])
    if first_score >= 2:
        return first, table.rows[first][1]
    for i in candidates:
        cells = table.rows[i][1]
        first_filled = next((c for c in cells if not is_blank(c)), None)
        if HEADER_NAMES.get(header_key(first_filled)) == "omraade":
            return i, cells
    if first_score == 1:
        return first, table.rows[first][1]
    return None


def _header(f: _File) -> bool:
    """Find the header row and note the rows skipped above it; False (with the problem) without one."""
    found = find_header(f.table)
    if found is None:
        f.problems.append(
            Problem(
                f.fil,
                "fandt ingen overskriftsrække. Første række (efter eventuelle kommentarlinjer, der begynder med "
                "'#') skal være overskrifterne område, indikator, periode, værdi, tæller, nævner, kilde, note. "
                "Står der en vejledning over overskrifterne, skal overskriftsrækken begynde med 'område'",
            )
        )
        return False
    f.header_index = found[0]
    f.header_row = f.table.rows[f.header_index][0]
    above = f.table.rows[: f.header_index]
    skipped_above = [n for n, cells in above if any(not is_blank(c) for c in cells) and not is_comment(cells)]
    comments_above = [n for n, cells in above if is_comment(cells)]
    if comments_above:
        f.notes.add(f"kommentarlinjer sprunget over ({rows_text(comments_above)})")
    if skipped_above:
        f.notes.add(f"overskriftsrækken er række {f.header_row}; rækkerne over den ({rows_text(skipped_above)}) er "
                    "sprunget over")
    return True


def _map_columns(f: _File) -> bool:
    """The contract's columns in the header; False when a column is missing or twice (problems added)."""
    header_cells = f.table.rows[f.header_index][1]
    for j, cell in enumerate(header_cells):
        if is_blank(cell):
            _note_unnamed_column(f, j)
            continue
        key = header_key(cell)
        canonical = HEADER_NAMES.get(key)
        written = unicodedata.normalize("NFC", str(cell).replace("\ufeff", "").strip())
        if canonical is None:
            if key not in SILENT_COLUMNS:
                f.notes.add(f"ukendt kolonne '{written}' ignoreret")
        elif canonical in f.columns:
            f.problems.append(
                Problem(f.fil, f"kolonnen står to gange (som '{f.header_text[canonical]}' og '{written}'); slet den "
                        "ene", raekke=f.header_row, kolonne=written)
            )
        else:
            f.columns[canonical] = j
            f.header_text[canonical] = written
    _check_required(f, header_cells)
    if f.problems:
        return False
    for col in DANISH_NAMES:
        f.header_text.setdefault(col, DANISH_NAMES[col])
    return True


def _note_unnamed_column(f: _File, j: int) -> None:
    """A column without a header is ignored; noted when it holds something."""
    if any(j < len(cells) and not is_blank(cells[j]) for _, cells in f.table.rows[f.header_index + 1 :]):
        label = f"kolonne {excel_column(j)}" if f.table.excel else f"kolonne nr. {j + 1}"
        f.notes.add(f"{label} har ingen overskrift og er ignoreret")


def _check_required(f: _File, header_cells: list[Any]) -> None:
    """område, indikator, periode and værdi (or both tæller and nævner) must be columns."""
    required = ["omraade", "indikator", "periode"]
    if "vaerdi" not in f.columns and not ("taeller" in f.columns and "naevner" in f.columns):
        required.append("vaerdi")
    missing = [c for c in required if c not in f.columns]
    found_names = ", ".join(str(c).strip() for c in header_cells if not is_blank(c)) or "(ingen)"
    for col in missing:
        f.problems.append(
            Problem(
                f.fil,
                "påkrævet kolonne mangler; filen skal have kolonnerne område, indikator, periode og værdi "
                "(værdi kan udelades, når tæller og nævner er med). "
                f"Overskriftsrækken (række {f.header_row}) har: {found_names}",
                kolonne=DANISH_NAMES[col],
            )
        )


# --------------------------------------------------------------------------- 2. merged cells


def _merged_cells(f: _File) -> dict[int, list[Problem]]:
    """Merged Excel cells below the header: a name or period merged over several rows applies to each of
    them (filled in, with a note); a number merged over several rows, or a cell merged over several
    columns, is a problem of its rows (returned by row)."""
    cell_problems: dict[int, list[Problem]] = {}
    by_index = {j: col for col, j in f.columns.items()}
    by_row = dict(f.table.rows)
    last_row = f.table.rows[-1][0] if f.table.rows else 0
    for r0, c0, r1, c1, coord in f.table.merged:
        if r0 <= f.header_row or r0 not in by_row:
            continue
        cols = [by_index[j] for j in range(c0, c1 + 1) if j in by_index]
        if c1 > c0:
            if cols:
                cell_problems.setdefault(r0, []).append(
                    Problem(f.fil, f"cellen er flettet over flere kolonner ({coord}); ophæv fletningen, så hver "
                            "kolonne har sin egen værdi", raekke=r0, kolonne=f.header_text[cols[0]])
                )
            continue
        if not cols or r1 == r0:
            continue
        col, top = cols[0], by_row[r0]
        value = top[c0] if c0 < len(top) else None
        below = [n for n in range(r0 + 1, min(r1, last_row) + 1) if n in by_row]
        if col in _NUMBER_COLUMNS:
            for n in below:
                cell_problems.setdefault(n, []).append(
                    Problem(f.fil, f"cellen er en del af den flettede celle {coord}, og tallet står kun i række {r0}; "
                            "et tal gælder kun én række – ophæv fletningen og skriv tallet i hver række",
                            raekke=n, kolonne=f.header_text[col])
                )
        elif not is_blank(value):
            for n in below:
                if c0 < len(by_row[n]):
                    by_row[n][c0] = value
            f.notes.add(f"flettet celle {coord} ({f.header_text[col]}): '{show(value)}' gælder for række {r0}-{r1}")
    return cell_problems


# --------------------------------------------------------------------------- 3. data rows


def _data_rows(f: _File, cell_problems: dict[int, list[Problem]]) -> list[tuple[int, dict[str, Any]]]:
    """(row, column -> cell) of the rows to read; the others skipped with a note or a problem."""
    structure = _structure(f)
    data_rows: list[tuple[int, dict[str, Any]]] = []
    n_unfilled = 0
    for n, cells in f.table.rows[f.header_index + 1 :]:
        if n in structure:
            f.problems.append(structure[n])
        elif all(is_blank(c) for c in cells):
            continue
        elif is_comment(cells):
            f.notes.add("rækker, der begynder med '#', er sprunget over som kommentarer")
        elif n in cell_problems:
            f.problems.extend(cell_problems[n])
        else:
            record = {col: (cells[j] if j < len(cells) else None) for col, j in f.columns.items()}
            formulas = [(col, c) for col, c in record.items() if isinstance(c, FormulaWithoutResult)]
            for col, c in formulas:
                f.problems.append(
                    Problem(f.fil, "cellen har en formel, men filen gemmer ikke formlens resultat (den er skrevet af "
                            "et program og ikke gemt i Excel); åbn filen i Excel og gem den igen, eller skriv tallet "
                            "i stedet for formlen", raekke=n, kolonne=f.header_text[col], vaerdi=c.formula)
                )
            if formulas:
                continue
            if all(is_blank(record.get(c)) for c in _NUMBER_COLUMNS):
                n_unfilled += 1
                continue
            data_rows.append((n, record))
    f.notes.counted("{antal} uden værdi, tæller og nævner er sprunget over", n_unfilled, "række", "rækker")
    return data_rows


def _structure(f: _File) -> dict[int, Problem]:
    """CSV rows whose fields do not line up with the header (:func:`~.csvfile.csv_structure`)."""
    if f.table.excel:
        return {}
    label = {j: f.header_text[col] for col, j in f.columns.items()}
    structure, structure_notes = csv_structure(
        f.table, f.fil, f.header_index, lambda j: label.get(j, f"nr. {j + 1}"),
        {j for col, j in f.columns.items() if col not in ("kilde", "note")},
    )
    f.notes.extend(structure_notes)
    return structure


# --------------------------------------------------------------------------- 4. decimal mark


def _decimal_mark(f: _File, data_rows: list[tuple[int, dict[str, Any]]]) -> str | None:
    """The file's decimal mark, from the text cells of the number columns; a file mixing both is a problem."""
    kinds: dict[str, tuple[int, str]] = {}
    for n, record in data_rows:
        for col in _NUMBER_COLUMNS:
            cell = record.get(col)
            if isinstance(cell, str):
                kind = decimal_kind(clean_number_text(cell).rstrip("%").rstrip())
                if kind and kind not in kinds:
                    kinds[kind] = (n, cell.strip())
    if len(kinds) == 2:
        (nk, vk), (np_, vp) = kinds["komma"], kinds["punktum"]
        f.problems.append(
            Problem(
                f.fil,
                f"filen blander decimalkomma (fx række {nk}: '{vk}') og decimalpunktum (fx række {np_}: '{vp}'); "
                "brug det samme decimaltegn i hele filen",
            )
        )
        return None
    if not kinds:
        return None
    decimal = next(iter(kinds))
    if decimal == "komma":
        f.notes.add("decimalkomma fortolket")
    return decimal


# --------------------------------------------------------------------------- 5. one row's values


def _read_row(f: _File, n: int, record: dict[str, Any]) -> dict[str, Any]:
    """One row interpreted: the contract's values, the cells as written (``*_tekst``) for messages, and
    ``fejl`` when the row has a problem (added to the file's problems)."""
    row_problems: list[Problem] = []
    out: dict[str, Any] = {"raekke": n}
    for col in ("omraade", "indikator"):
        out[col] = _name(f, n, col, record.get(col), row_problems)
    _period(f, n, record.get("periode"), out)
    ind = f.plan.indikator.get(out["indikator"]) if out["indikator"] else None
    enhed = ind.enhed if ind else None
    with_percent = _numbers(f, n, record, enhed, out, row_problems)
    _derived_value(f, n, enhed, with_percent, out, row_problems)
    out["enhed"] = enhed
    out["heltal"] = bool(ind.heltal) if ind else False
    out["kilde"] = "" if is_blank(record.get("kilde")) else str(record.get("kilde")).strip()
    out["note"] = "" if is_blank(record.get("note")) else str(record.get("note")).strip()
    out["fejl"] = bool(row_problems)
    f.problems.extend(row_problems)
    return out


def _name(f: _File, n: int, col: Literal["omraade", "indikator"], cell: Any, row_problems: list[Problem]) -> str | None:
    """The area or indicator id a cell names, or None with a problem (and a suggestion)."""
    written, valid_places = f.header_text[col], f.valid_places
    if is_blank(cell):
        what = "området" if col == "omraade" else "indikatoren"
        accepted = f"gyldige: {valid_places}" if col == "omraade" else "angiv et indikator-id fra planen"
        row_problems.append(Problem(f.fil, f"{what} mangler; {accepted}", raekke=n, kolonne=written))
        return None
    resolved = f.resolver.resolve(cell, col)
    if resolved is None:
        suggestion = f.resolver.suggest(cell, col)
        hint = f"; mente du '{suggestion}'?" if suggestion else ""
        if col == "omraade":
            msg = f"ukendt område{hint} Gyldige: {valid_places}"
        else:
            msg = (
                f"ukendt indikator{hint} Gyldige er indikatorernes id'er og navne i planen "
                "(data/plan/indikatorer.yaml; listen står også på arket 'Vejledning' i skabelonen)"
            )
        if not hint:
            msg = msg.replace(" Gyldige", "; gyldige", 1)
        row_problems.append(Problem(f.fil, msg, raekke=n, kolonne=written, vaerdi=show(cell)))
        return None
    if str(cell) != resolved:
        f.notes.add(f"'{show(cell)}' tolket som '{resolved}'")
    return resolved


def _period(f: _File, n: int, cell: Any, out: dict[str, Any]) -> None:
    """periode, aar, delperiode (the form is checked by the schema). A date cell that Excel shows as a year
    is that year; any other date is refused (the schema's message says it is a date)."""
    out["periode_dato"] = False
    if isinstance(cell, (dt.datetime, dt.date)):
        if is_year_format(f.table.dates.get((n, f.columns["periode"]), "")):
            cell = cell.year
            f.counts["year_dates"] += 1
        else:
            out["periode_dato"] = True
    parsed = parse_period(cell)
    out["periode_tekst"] = "" if is_blank(cell) else show(cell)
    if parsed is None:
        out["periode"], out["aar"], out["delperiode"] = None, np.nan, ""
    else:
        out["periode"], out["aar"], out["delperiode"] = parsed
        if isinstance(cell, str) and cell.strip() != parsed[0]:
            f.notes.add(f"periode '{cell.strip()}' tolket som '{parsed[0]}'")


def _numbers(
    f: _File, n: int, record: dict[str, Any], enhed: str | None, out: dict[str, Any], row_problems: list[Problem]
) -> set[str]:
    """vaerdi, taeller, naevner (NaN when empty or wrong); the columns written with a percent sign."""
    with_percent: set[str] = set()
    for col in _NUMBER_COLUMNS:
        cell = record.get(col)
        out[f"{col}_tekst"] = "" if is_blank(cell) else show(cell)
        out[col] = np.nan
        if is_blank(cell):
            continue
        if (n, f.columns[col]) in f.table.percent and isinstance(cell, (int, float)) and not isinstance(cell, bool):
            _excel_percent(f, n, col, cell, enhed, out, row_problems, with_percent)
            continue
        num = parse_number(cell, f.decimal, is_text_cell=f.table.excel and isinstance(cell, str))
        if num.error:
            if num.error == NOT_A_NUMBER or "tvetydigt" in num.error:
                row_problems.append(Problem(f.fil, num.error, raekke=n, kolonne=f.header_text[col], vaerdi=show(cell)))
            continue
        if num.percent:
            if enhed is not None and enhed != "pct":
                row_problems.append(
                    Problem(f.fil, f"procenttegn, men indikatoren '{out['indikator']}' har enheden {enhed}; skriv "
                            "tallet uden %", raekke=n, kolonne=f.header_text[col], vaerdi=show(cell))
                )
                continue
            f.counts["percent"] += 1
            with_percent.add(col)
        f.counts["text_numbers"] += num.text
        f.counts["thousands"] += num.thousands
        out[col] = num.value
    return with_percent


def _excel_percent(
    f: _File, n: int, col: str, cell: float, enhed: str | None, out: dict[str, Any], row_problems: list[Problem],
    with_percent: set[str],
) -> None:
    """A number cell formatted as a percentage: Excel stores '72,4 %' typed into a cell as 0,724."""
    shown = f"{format_tal_kort(round(cell * 100, 10))} %"
    out[f"{col}_tekst"] = shown
    if enhed is None:  # the unknown indicator is reported on its own
        return
    if col == "vaerdi" and enhed == "pct":
        out[col] = round(cell * 100, 10)
        f.counts["excel_percent"] += 1
        with_percent.add(col)
        return
    what = (
        f"indikatoren '{out['indikator']}' har enheden {enhed}" if col == "vaerdi"
        else f"{'tælleren' if col == 'taeller' else 'nævneren'} er et antal"
    )
    row_problems.append(
        Problem(
            f.fil,
            f"cellen er formateret som procent i Excel, men {what}; formatér cellen som Tal (ikke "
            "Procent), og skriv tallet igen",
            raekke=n,
            kolonne=f.header_text[col],
            vaerdi=shown,
        )
    )


def _derived_value(
    f: _File, n: int, enhed: str | None, with_percent: set[str], out: dict[str, Any], row_problems: list[Problem]
) -> None:
    """The value computed from tæller/nævner when it is left empty; a share written as a fraction (0,724 for
    72,4 %) refused; a value that does not match its tæller/nævner noted."""
    v, t, nv = out["vaerdi"], out["taeller"], out["naevner"]
    out["beregnet"] = False
    if math.isnan(v) and not out["vaerdi_tekst"]:
        if not math.isnan(t) and not math.isnan(nv):
            if nv > 0 and enhed is not None:
                out["vaerdi"] = _FACTOR.get(enhed, 1.0) * t / nv
                out["beregnet"] = True
                f.counts["computed"] += 1
        elif (out["taeller_tekst"] or out["naevner_tekst"]) and not (out["taeller_tekst"] and out["naevner_tekst"]):
            mangler = "nævneren" if math.isnan(nv) else "tælleren"
            row_problems.append(
                Problem(f.fil, f"værdien mangler og kan ikke beregnes, fordi {mangler} mangler; angiv værdien eller "
                        "både tæller og nævner", raekke=n, kolonne=f.header_text["vaerdi"])
            )
    elif (
        enhed == "pct" and 0 < v < 1 and "vaerdi" not in with_percent
        and not (not math.isnan(t) and not math.isnan(nv) and nv > 0 and abs(100 * t / nv - v) <= 0.05)
    ):
        # 0,724 for a share in per cent is almost always the fraction 72,4 %: refused, not guessed
        row_problems.append(
            Problem(
                f.fil,
                f"værdien ligger mellem 0 og 1, men indikatoren '{out['indikator']}' har enheden pct (0-100): "
                f"er det en brøk? Skriv {format_tal_kort(round(100 * v, 6))} for {format_tal_kort(round(100 * v, 6))} "
                f"%, eller skriv '{out['vaerdi_tekst']} %' med procenttegn, hvis andelen virkelig er under 1 %",
                raekke=n,
                kolonne=f.header_text["vaerdi"],
                vaerdi=out["vaerdi_tekst"],
            )
        )
    elif not math.isnan(v) and not math.isnan(t) and not math.isnan(nv) and nv > 0 and enhed is not None:
        computed = _FACTOR.get(enhed, 1.0) * t / nv
        if abs(computed - v) > max(0.05, 0.01 * abs(computed)):
            f.notes.add(
                f"række {n}: værdien {format_tal_kort(v)} passer ikke med tæller/nævner "
                f"({format_tal_kort(round(computed, 2))}); værdien er brugt"
            )


def _note_counts(f: _File) -> None:
    """The counted interpretations of the whole file, as notes."""
    if f.table.excel:
        f.notes.counted("tal gemt som tekst fortolket ({antal})", f.counts["text_numbers"], "celle", "celler")
        f.notes.counted(
            "celler formateret som procent i Excel er læst som procenttal (Excel gemmer 72,4 % som 0,724) "
            "({antal})",
            f.counts["excel_percent"], "celle", "celler",
        )
        f.notes.counted(
            f"datoer, som Excel viser som et år, er læst som året (kolonne '{f.header_text['periode']}', "
            "{antal})",
            f.counts["year_dates"], "celle", "celler",
        )
    f.notes.counted("procenttegn fjernet ({antal})", f.counts["percent"], "celle", "celler")
    f.notes.counted("tusindtalsseparator fortolket ({antal})", f.counts["thousands"], "celle", "celler")
    f.notes.counted("værdi beregnet af tæller og nævner ({antal})", f.counts["computed"], "række", "rækker")


# --------------------------------------------------------------------------- 6. the tidy table


def _mark_hidden(table: RawTable, problems: list[Problem]) -> None:
    """A problem in a row the user cannot see says where it is."""
    if not table.hidden_rows:
        return
    problems[:] = [
        replace(p, besked=p.besked + (" (rækken er skjult af et filter i Excel)" if p.raekke in table.filtered_rows
                                      else " (rækken er skjult i Excel)"))
        if p.raekke in table.hidden_rows else p
        for p in problems
    ]


def _tidy(work: pd.DataFrame, f: _File) -> pd.DataFrame:
    """The rows without problems, in the contract's columns and types."""
    bad_rows = {p.raekke for p in f.problems if p.raekke is not None}
    work = work[~work["fejl"] & ~work.index.isin(list(bad_rows))]
    illustrativ_fil = "illustrativ" in normalise_name(Path(f.fil).name)
    frame = pd.DataFrame(
        {
            "omraade": work["omraade"].astype(str),
            "indikator": work["indikator"].astype(str),
            "periode": work["periode"].astype(str),
            "aar": work["aar"].astype("int64"),
            "delperiode": work["delperiode"].astype(str),
            "vaerdi": work["vaerdi"].astype(float),
            "taeller": work["taeller"].astype(float),
            "naevner": work["naevner"].astype(float),
            "kilde": work["kilde"].astype(str),
            "note": work["note"].astype(str),
            "illustrativ": [
                illustrativ_fil or "illustrativ" in normalise_name(k) or "illustrativ" in normalise_name(nt)
                for k, nt in zip(work["kilde"], work["note"], strict=True)
            ],
            "fil": f.fil,
            "raekke": work["raekke"].astype("int64"),
        }
    ).reset_index(drop=True)
    frame["illustrativ"] = frame["illustrativ"].astype(bool)
    if frame["illustrativ"].any():
        f.notes.add("data er markeret som illustrative (ikke rigtige data)")
    return frame


# --------------------------------------------------------------------------- rows and cells in messages


def _note_hidden(
    table: RawTable, data_rows: list[tuple[int, dict[str, Any]]], columns: dict[str, int], header_text: dict[str, str],
    notes: Notes,
) -> None:
    """Rows and columns hidden in Excel (by hand or by a filter) are read like the others, and named.

    A filter is a way of looking at the sheet, not of deleting rows: the rows it hides are data the
    evaluator typed in, so they are read; the note names them so that nobody wonders where a figure came
    from. A row that should not count is deleted or commented out with '#'.
    """
    read = [n for n, _ in data_rows]
    filtered = [n for n in read if n in table.filtered_rows]
    hidden = [n for n in read if n in table.hidden_rows and n not in table.filtered_rows]
    fix = "slet rækkerne, eller sæt '#' foran området, hvis de ikke skal med"
    if filtered:
        notes.add(f"{ranges_text(filtered)} er skjult af et filter i Excel, men er læst med "
                  f"({antal_tekst(len(filtered), 'række', 'rækker')}); {fix}")
    if hidden:
        notes.add(f"{ranges_text(hidden)} er skjult i Excel, men er læst med "
                  f"({antal_tekst(len(hidden), 'række', 'rækker')}); {fix}")
    for col, j in sorted(columns.items(), key=lambda item: item[1]):
        if j in table.hidden_columns and any(not is_blank(record.get(col)) for _, record in data_rows):
            notes.add(f"kolonnen '{header_text[col]}' ({excel_column(j)}) er skjult i Excel, men er læst")


def ranges_text(rows: Sequence[int], limit: int = 8) -> str:
    """'række 3-5, 9, 12-14' (runs of consecutive rows; after ``limit`` runs: '...')."""
    runs: list[list[int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    parts = [f"{a}-{b}" if b > a else str(a) for a, b in runs]
    if len(parts) > limit:
        parts = parts[:limit] + ["..."]
    return "række " + ", ".join(parts)


def show(cell: Any) -> str:
    """A cell as the user typed it (numbers without a trailing .0, a date without a time of midnight)."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    if isinstance(cell, str):
        return unicodedata.normalize("NFC", cell.strip())
    return str(cell)


def rows_text(rows: Sequence[int]) -> str:
    """'række 3', 'række 3-5' (consecutive) or 'række 3, 7, 9'."""
    if len(rows) == 1:
        return f"række {rows[0]}"
    if list(rows) == list(range(rows[0], rows[-1] + 1)):
        return f"række {rows[0]}-{rows[-1]}"
    return "række " + ", ".join(str(r) for r in rows)

