"""The evaluator's assessments of the qualitative succeskriterier.

Some criteria are judged by the evaluator from interviews, focus groups or the housing organisations'
yearly evaluation (``type: kvalitativ`` in ``data/plan/kriterier.yaml``). The evaluator writes the
assessments in a CSV or Excel file with one row per criterion × area × round:

==============  ========  ==========================================================================
column          required  meaning
==============  ========  ==========================================================================
``kriterium``   yes       criterion id from the plan (must be a qualitative criterion)
``omraade``     yes       area id or name (``område`` is accepted as header); must be one the
                          criterion covers
``runde``       yes       ``midtvej`` or ``slut``
``vurdering``   yes       round ``slut``: a verdict, ``opfyldt``, ``delvist_opfyldt`` or
                          ``ikke_opfyldt``; round ``midtvej``: a verdict or a progress label,
                          ``paa_rette_vej``, ``moderat_fremgang``, ``begraenset_fremgang`` or
                          ``tilbagegang`` (the Danish labels, e.g. "Delvist opfyldt", "Ikke
                          opfyldt", "På rette vej", are accepted too)
``begrundelse`` yes       the justification, in words
``kilde``       no        what the assessment rests on (interviews, focus group ...)
``note``        no        free text
==============  ========  ==========================================================================

The accepted ratings of each round are :data:`helhedsanalyse.status.VURDERINGER_SLUT` and
:data:`~helhedsanalyse.status.VURDERINGER_MIDTVEJ`: at the end of the plan every deadline has passed, so
only a verdict can be given. Once judged, the rating is the criterion's status in the status table (with
``evaluators_vurdering`` True); a criterion without a row is ``afventer_vurdering``.

Files are validated like observation files: every problem names the file, the row as seen in
Excel, the column and the value, and all problems are reported at once
(:class:`~helhedsanalyse.errors.DataValidationError`). Rows whose file name, ``kilde`` or ``note``
says "illustrativ" are marked illustrative.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.errors import DataValidationError, FileReadError, Problem
from ..core.formatting import antal_tekst
from ..core.status import STATUS_TEKST, STATUSSER, VURDERINGER_MIDTVEJ, VURDERINGER_SLUT
from ..plan.model import RUNDE_SIDSTE_AAR, Kriterium, Plan, load_plan, normalise_name
from .csvfile import csv_structure
from .reading import read_table

#: Columns of :func:`load_vurderinger`.
VURDERING_KOLONNER = [
    "kriterium",
    "omraade",
    "runde",
    "vurdering",
    "vurdering_tekst",
    "begrundelse",
    "kilde",
    "note",
    "illustrativ",
    "fil",
    "raekke",
]

REQUIRED = ("kriterium", "omraade", "runde", "vurdering", "begrundelse")
OPTIONAL = ("kilde", "note")

_HEADERS = {
    "kriterium": "kriterium",
    "kriterie": "kriterium",
    "succeskriterium": "kriterium",
    "omraade": "omraade",
    "område": "omraade",
    "omrade": "omraade",
    "runde": "runde",
    "evalueringsrunde": "runde",
    "vurdering": "vurdering",
    "status": "vurdering",
    "begrundelse": "begrundelse",
    "kilde": "kilde",
    "note": "note",
    "bemærkning": "note",
}

#: The ratings the evaluator may give in each round (:mod:`helhedsanalyse.status`).
VURDERINGER: dict[str, tuple[str, ...]] = {"midtvej": VURDERINGER_MIDTVEJ, "slut": VURDERINGER_SLUT}

#: Every rating accepted in some round, in the order of the scale.
_ALLE_VURDERINGER: tuple[str, ...] = tuple(dict.fromkeys([*VURDERINGER_SLUT, *VURDERINGER_MIDTVEJ]))

#: id, Danish label or id with spaces (any case, spacing, Unicode form) -> status id. Covers every status
#: id, so that a status that is no rating ('mangler_data', 'afventer_vurdering') gets its own message.
_RATING_ALIAS: dict[str, str] = {}
for _id in STATUSSER:
    _RATING_ALIAS[normalise_name(_id)] = _id
    _RATING_ALIAS[normalise_name(STATUS_TEKST[_id])] = _id
    _RATING_ALIAS[normalise_name(_id.replace("_", " "))] = _id
_RATING_ALIAS[normalise_name("paa rette vej")] = "paa_rette_vej"
_RATING_ALIAS[normalise_name("begrænset fremgang")] = "begraenset_fremgang"
_RATING_ALIAS[normalise_name("moderat fremgang")] = "moderat_fremgang"  # the label before "Fremgang, men for langsom"
_RATING_ALIAS[normalise_name("ikke aktuel")] = "ikke_aktuel"

_RUNDE_ALIAS = {"midtvej": "midtvej", "midtvejs": "midtvej", "midtvejsevaluering": "midtvej",
                "slut": "slut", "slutevaluering": "slut"}

#: Round -> how it is named in a message.
_RUNDE_TEKST = {"midtvej": f"midtvej (midtvejsevalueringen, data til og med {RUNDE_SIDSTE_AAR['midtvej']})",
                "slut": f"slut (slutevalueringen, data til og med {RUNDE_SIDSTE_AAR['slut']})"}


def _gyldige(ids: Iterable[str]) -> str:
    """``opfyldt, delvist_opfyldt, ikke_opfyldt (eller 'Opfyldt', 'Delvist opfyldt', 'Ikke opfyldt')``."""
    ids = list(ids)
    return ", ".join(ids) + " (eller " + ", ".join(f"'{STATUS_TEKST[v]}'" for v in ids) + ")"


def _vurdering_problem(raw: str, rating: str | None, runde: str | None) -> str | None:
    """The message for a rating not accepted in its round (``raw`` as written, ``rating`` the status id it
    names, or None), or None when it is accepted.

    ``runde`` None (a missing or bad round, reported on its own): a rating accepted in some round passes.
    """
    accepted = VURDERINGER[runde] if runde else _ALLE_VURDERINGER
    if rating in accepted:
        return None
    if runde:
        gyldige = f"gyldige i runden {_RUNDE_TEKST[runde]}: {_gyldige(accepted)}"
    else:
        gyldige = (f"gyldige i runden slut: {_gyldige(VURDERINGER_SLUT)}; i runden midtvej også "
                   + ", ".join(v for v in VURDERINGER_MIDTVEJ if v not in VURDERINGER_SLUT))
    if not raw:
        return "vurderingen mangler; " + gyldige
    if rating is None:
        return "ugyldig vurdering; " + gyldige + _suggest(raw, accepted)
    if rating in VURDERINGER_MIDTVEJ:  # a progress label at slut
        return (f"'{STATUS_TEKST[rating]}' beskriver fremskridtet før en frist og kan kun bruges ved "
                "midtvejsevalueringen; ved slutevalueringen er alle frister nået, og vurderingen skal være en dom; "
                + gyldige)
    if rating == "afventer_vurdering":
        return ("'Afventer vurdering' er ikke en vurdering: udelad rækken, indtil kriteriet er vurderet "
                "(så står det som afventer vurdering); " + gyldige)
    return f"'{STATUS_TEKST[rating]}' er en status, reglerne giver, ikke en vurdering evaluator kan give; " + gyldige


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, float) and cell != cell) or str(cell).strip() == ""


def _text(cell: Any) -> str:
    return "" if _blank(cell) else str(cell).strip()


def _read_rows(path: Path, fil: str, problems: list[Problem]) -> list[tuple[int, list[Any]]]:
    """(row as seen in Excel, cells) for every row of a CSV or Excel file.

    The observation reader does the reading (BOMs, Windows-1252, separators, Excel's stored results,
    password-protected and oversized workbooks, the size limits); the rows of a CSV file whose fields do
    not line up with the header (a quote never closed, more or fewer fields than the header) are
    problems here too, and left out.
    """
    table = read_table(path, fil)
    rows = table.rows
    if table.excel or not rows:
        return rows
    header_index = next((i for i, (_, cells) in enumerate(rows) if not _skip(cells)), None)
    if header_index is None:
        return rows
    header_cells = rows[header_index][1]
    names = {j: str(c).strip() for j, c in enumerate(header_cells) if not _blank(c)}
    important = {j for j, c in enumerate(header_cells)
                 if not _blank(c) and _HEADERS.get(normalise_name(str(c).replace("\ufeff", ""))) in REQUIRED}
    structure, _notes = csv_structure(table, fil, header_index, lambda j: names.get(j, f"nr. {j + 1}"), important)
    problems.extend(structure.values())
    return [(n, cells) for n, cells in rows if n not in structure]


def _skip(cells: list[Any]) -> bool:
    """A blank row, or a comment row (first filled cell starts with '#')."""
    filled = [c for c in cells if not _blank(c)]
    return not filled or (isinstance(filled[0], str) and filled[0].lstrip().startswith("#"))


def _suggest(value: str, valid: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(valid), n=1, cutoff=0.5)
    return f"; mente du '{close[0]}'?" if close else ""


#: Records a problem of one row: bad(column, value as written, message).
_Bad = Callable[[str, Any, str], None]


def _validate_records(
    records: list[tuple[int, dict[str, Any]]], fil: str, headers: dict[str, str], plan: Plan,
    seen: dict[tuple[str, str, str], tuple[str, int]], problems: list[Problem],
) -> list[dict[str, Any]]:
    """The valid assessments of one file; every problem of its rows appended to ``problems``. ``seen``
    holds the (criterion, area, round) already assessed, in this file or an earlier one."""
    out = []
    illustrativ_fil = "illustrativ" in normalise_name(Path(fil).name)
    for raekke, rec in records:
        n0 = len(problems)

        def bad(col: str, value: Any, msg: str, raekke: int = raekke) -> None:
            problems.append(Problem(fil, msg, raekke=raekke, kolonne=headers.get(col, col), vaerdi=value))

        k = _criterion(rec, plan, bad)
        area = _area(rec, plan, k, bad)
        raw_runde = _text(rec.get("runde"))
        runde = _RUNDE_ALIAS.get(normalise_name(raw_runde))
        if runde is None:
            bad("runde", raw_runde, "ugyldig runde; skriv " + " eller ".join(RUNDE_SIDSTE_AAR))
        raw_rating = _text(rec.get("vurdering"))
        rating = _RATING_ALIAS.get(normalise_name(raw_rating)) if raw_rating else None
        msg = _vurdering_problem(raw_rating, rating, runde)
        if msg is not None:
            bad("vurdering", raw_rating, msg)
            rating = None
        begrundelse = _text(rec.get("begrundelse"))
        if not begrundelse:
            bad("begrundelse", "", "begrundelsen mangler; en vurdering skal begrundes")
        if len(problems) > n0 or k is None or area is None or runde is None or rating is None:
            continue
        key = (k.id, area, runde)
        if key in seen:
            first_fil, first_row = seen[key]
            where = f"række {first_row}" if first_fil == fil else f"{first_fil}, række {first_row}"
            problems.append(Problem(
                fil, f"kriterium {k.id}, område {area}, runde {runde} er allerede vurderet ({where})", raekke=raekke
            ))
            continue
        seen[key] = (fil, raekke)
        kilde, note = _text(rec.get("kilde")), _text(rec.get("note"))
        out.append({
            "kriterium": k.id,
            "omraade": area,
            "runde": runde,
            "vurdering": rating,
            "vurdering_tekst": STATUS_TEKST[rating],
            "begrundelse": begrundelse,
            "kilde": kilde,
            "note": note,
            "illustrativ": (illustrativ_fil or "illustrativ" in normalise_name(kilde)
                            or "illustrativ" in normalise_name(note)),
            "fil": fil,
            "raekke": raekke,
        })
    return out


def _criterion(rec: dict[str, Any], plan: Plan, bad: _Bad) -> Kriterium | None:
    """The qualitative criterion the row names, or None (with the problem)."""
    quality = {k.id: k for k in plan.kriterier if k.kvalitativ}
    all_ids = {k.id for k in plan.kriterier}
    kid = _text(rec.get("kriterium"))
    if not kid:
        bad("kriterium", "", "kriteriet mangler; skriv et kriterie-id fra planen (fx kp_beboerindflydelse)")
    elif kid not in all_ids:
        bad("kriterium", kid, "ukendt kriterium" + (_suggest(kid, quality) or _suggest(kid, all_ids)))
    elif kid not in quality:
        bad("kriterium", kid, "kriteriet er kvantitativt og vurderes ud fra data, ikke af evaluator; "
            f"kvalitative kriterier: {', '.join(sorted(quality))}")
    else:
        return quality[kid]
    return None


def _area(rec: dict[str, Any], plan: Plan, k: Kriterium | None, bad: _Bad) -> str | None:
    """The area id the row names, one the criterion covers, or None (with the problem)."""
    areas = {o.id for o in plan.omraader}
    raw_area = _text(rec.get("omraade"))
    area = plan.sted_alias.get(normalise_name(raw_area)) if raw_area else None
    if not raw_area:
        bad("omraade", "", "området mangler")
    elif area not in areas:
        bad("omraade", raw_area, "ukendt område; gyldige: " + ", ".join(sorted(areas)) + _suggest(raw_area, areas))
    elif k is not None and area not in k.omraader:
        bad("omraade", raw_area,
            f"kriteriet {k.id} gælder ikke for dette område (gælder for: {', '.join(k.omraader)})")
    else:
        return area
    return None


def _records_from_rows(rows: list[tuple[int, list[Any]]], fil: str, problems: list[Problem]):
    body = [(n, cells) for n, cells in rows if not _skip(cells)]
    if not body:
        problems.append(Problem(fil, "filen indeholder ingen rækker"))
        return [], {}
    header_row, header_cells = body[0]
    cols: dict[int, str] = {}
    headers: dict[str, str] = {}
    for j, cell in enumerate(header_cells):
        key = _HEADERS.get(normalise_name(str(cell).replace("\ufeff", ""))) if not _blank(cell) else None
        if key and key not in headers:
            cols[j] = key
            headers[key] = str(cell).strip()
    missing = [c for c in REQUIRED if c not in headers]
    for c in missing:
        problems.append(Problem(fil, f"kolonnen '{c}' mangler (påkrævede kolonner: {', '.join(REQUIRED)})",
                                raekke=header_row, kolonne=c))
    if missing:
        return [], headers
    records = []
    for n, cells in body[1:]:
        records.append((n, {cols[j]: cells[j] for j in cols if j < len(cells)}))
    return records, headers


def vurderinger_from_frame(frame: pd.DataFrame, plan: Plan | None = None, fil: str = "<tabel>") -> pd.DataFrame:
    """Validate assessments given as a DataFrame (e.g. built in a notebook); see :func:`load_vurderinger`."""
    plan = plan or load_plan()
    problems: list[Problem] = []
    header = [str(c) for c in frame.columns]
    rows = [(1, header)] + [(i + 2, list(r)) for i, r in enumerate(frame.itertuples(index=False))]
    records, headers = _records_from_rows(rows, fil, problems)
    out = _validate_records(records, fil, headers, plan, {}, problems) if records else []
    if problems:
        raise DataValidationError(problems, summary=f"{antal_tekst(len(problems), 'problem', 'problemer')}"
                                               " i evaluators vurderinger")
    return pd.DataFrame(out, columns=VURDERING_KOLONNER)


def load_vurderinger(paths: str | Path | Iterable[str | Path], plan: Plan | None = None) -> pd.DataFrame:
    """Read and validate the evaluator's assessments from CSV or Excel files.

    Parameters
    ----------
    paths : str, Path or several
        One file or several (CSV or .xlsx).
    plan : Plan, optional
        The plan (default: the shipped plan).

    Returns
    -------
    pandas.DataFrame
        One row per assessment with columns ``kriterium``, ``omraade`` (area id), ``runde``
        (``midtvej``/``slut``), ``vurdering`` (status id), ``vurdering_tekst`` (Danish label),
        ``begrundelse``, ``kilde``, ``note``, ``illustrativ`` (bool), ``fil`` and ``raekke`` (the row as
        seen in Excel).

    Raises
    ------
    DataValidationError
        with every problem of every file: unknown criterion or area, a quantitative criterion, an area
        the criterion does not cover, a bad round, a rating not accepted in its round (at slut only a
        verdict), a missing justification, a criterion × area × round assessed twice, a missing column.
    FileReadError
        a file is missing or cannot be read.
    """
    plan = plan or load_plan()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], tuple[str, int]] = {}
    out: list[dict[str, Any]] = []
    for p in paths:
        fil = str(p)
        try:
            rows = _read_rows(Path(p), fil, problems)
        except FileReadError as exc:
            problems.append(Problem(fil, str(exc).removeprefix(f"{fil}: ")))
            continue
        records, headers = _records_from_rows(rows, fil, problems)
        out.extend(_validate_records(records, fil, headers, plan, seen, problems))
    if problems:
        n_files = len({p.fil for p in problems})
        raise DataValidationError(
            problems, summary=f"{antal_tekst(len(problems), 'problem', 'problemer')}"
            f" i {antal_tekst(n_files, 'fil', 'filer')} med vurderinger; intet er indlæst"
        )
    return pd.DataFrame(out, columns=VURDERING_KOLONNER)
