"""The plan's own baseline tables (``data/baseline/*.csv``) and the figures the plan derives from them.

Every baseline file is a long table with one shared header (:data:`KOLONNER`), one row per printed figure:
the value in the indicator's unit (``vaerdi``), the figure exactly as printed in the plan (``trykt``), the
plan's hedge word (``kvalifikator``: "ca.", "knap" ...), the section of the plan (``afsnit``) and the original
source the plan names (``kilde``). ``omraader`` lists the areas of a row that is the sum of some, not all,
of the four areas (``omraade`` is then ``samlet``), e.g. ``motalavej;ringparken``.

:func:`load_baseline` reads and validates every file at once; :func:`read_long_tables` is the shared
reader (also used for ``data/reference`` by :mod:`helhedsanalyse.reference`).

The plan's derived figures are computed, not transcribed: :func:`andel_18_29` (Tabel 1's share row),
:func:`behovsbesoeg_maal` (52 and 46 extra visits from 61 0-year-olds) and :func:`moedregruppe_daekning`
(12 mothers per area, more than 1/3).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pandas as pd

from ..core.errors import DataValidationError, FileReadError, Problem
from ..core.formatting import antal_tekst
from ..core.numbers import parse_dansk_tal
from ..plan.model import DATA_DIR, Plan, load_plan

__all__ = [
    "BASELINE_DIR",
    "KOLONNER",
    "andel_18_29",
    "behovsbesoeg_maal",
    "load_baseline",
    "moedregruppe_daekning",
    "parse_dansk_tal",
    "read_long_tables",
]

BASELINE_DIR = DATA_DIR / "baseline"

#: The header of every baseline and reference file, in this order.
KOLONNER: tuple[str, ...] = (
    "omraade",
    "indikator",
    "periode",
    "vaerdi",
    "taeller",
    "naevner",
    "enhed_note",
    "trykt",
    "kvalifikator",
    "afsnit",
    "kilde",
    "note",
    "omraader",
)

#: The columns :func:`read_long_tables` adds: the year, the file stem and the row as seen in a spreadsheet.
EKSTRA_KOLONNER: tuple[str, ...] = ("aar", "tabel", "raekke")

#: The plan's hedge words (empty = the figure is stated plainly).
KVALIFIKATORER: frozenset[str] = frozenset(
    {"", "ca.", "knap", "tæt ved", "omkring", "over", "lidt over", "et godt stykke over"}
)

_PERIODE = re.compile(r"^(\d{4})(Q[1-4]|H[12])?$")


# --------------------------------------------------------------------------- numbers


def _float(text: str) -> float:
    """Parse a machine-written number (decimal point, no thousands separator)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


# --------------------------------------------------------------------------- reading and validation


def _suggest(value: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(value, valid, n=1, cutoff=0.5)
    return f"; mente du '{close[0]}'?" if close else ""


#: Records a problem of one row: bad(column, message).
_Bad = Callable[[str, str], None]


def _check_row(
    rec: dict[str, str], fil: str, raekke: int, plan: Plan, problems: list[Problem]
) -> dict[str, object] | None:
    """Validate one row; append its problems; return the typed row if it is usable."""
    n_before = len(problems)

    def bad(kolonne: str, besked: str) -> None:
        problems.append(Problem(fil, besked, raekke=raekke, kolonne=kolonne, vaerdi=rec.get(kolonne, "")))

    _check_ids(rec, plan, bad)
    m = _PERIODE.match(rec["periode"])
    if not m:
        bad("periode", "ugyldig periode; skriv et år (2016), et kvartal (2018Q3) eller et halvår (2019H1)")
    vaerdi, tal = _check_numbers(rec, bad)
    _check_printed(rec, vaerdi, bad)
    _check_words(rec, bad)
    _check_omraader(rec, plan, bad)
    indikator = rec["indikator"]
    if vaerdi is not None and indikator in plan.indikator and plan.indikator[indikator].enhed == "pct":
        if not 0 <= vaerdi <= 100:
            bad("vaerdi", f"indikatoren '{indikator}' er en procentandel; værdien skal ligge mellem 0 og 100")
    if len(problems) > n_before:
        return None
    out: dict[str, object] = {k: rec[k] for k in KOLONNER}
    out.update(vaerdi=vaerdi, taeller=tal["taeller"], naevner=tal["naevner"], aar=int(m.group(1)) if m else None)
    return out


def _check_ids(rec: dict[str, str], plan: Plan, bad: _Bad) -> None:
    """omraade and indikator are ids of the plan."""
    steder = plan.alle_steder
    omraade = rec["omraade"]
    if not omraade:
        bad("omraade", "feltet er tomt; angiv et område- eller geografi-id")
    elif omraade not in steder:
        bad("omraade", f"ukendt område/geografi; gyldige id'er: {', '.join(steder)}" + _suggest(omraade, steder))
    indikator = rec["indikator"]
    indikatorer = [i.id for i in plan.indikatorer]
    if not indikator:
        bad("indikator", "feltet er tomt; angiv et indikator-id fra data/plan/indikatorer.yaml")
    elif indikator not in plan.indikator:
        bad("indikator", "ukendt indikator; se data/plan/indikatorer.yaml" + _suggest(indikator, indikatorer))


def _check_numbers(rec: dict[str, str], bad: _Bad) -> tuple[float | None, dict[str, float | None]]:
    """vaerdi (required), taeller and naevner (together or not at all), machine-written."""
    vaerdi: float | None = None
    if not rec["vaerdi"]:
        bad("vaerdi", "feltet er tomt; angiv tallet med decimalpunktum (fx 19.88)")
    else:
        try:
            vaerdi = _float(rec["vaerdi"])
        except ValueError:
            bad("vaerdi", "er ikke et tal; skriv tallet med decimalpunktum og uden tusindtalsseparator (fx 1250.5)")
    tal: dict[str, float | None] = {}
    for kol in ("taeller", "naevner"):
        tal[kol] = None
        if rec[kol]:
            try:
                tal[kol] = _float(rec[kol])
            except ValueError:
                bad(kol, "er ikke et tal; skriv tallet med decimalpunktum (fx 47.1)")
    if bool(rec["taeller"]) != bool(rec["naevner"]):
        mangler = "naevner" if rec["taeller"] else "taeller"
        bad(mangler, "taeller og naevner skal udfyldes sammen (eller begge stå tomme)")
    if tal["naevner"] is not None and tal["naevner"] <= 0:
        bad("naevner", "naevneren skal være større end 0")
    return vaerdi, tal


def _check_printed(rec: dict[str, str], vaerdi: float | None, bad: _Bad) -> None:
    """trykt is the figure as printed, and says the same number as vaerdi."""
    trykt = rec["trykt"]
    if not trykt:
        bad("trykt", "feltet er tomt; angiv tallet præcis som det står i kilden (fx '58,3 %')")
        return
    try:
        tryktvaerdi = parse_dansk_tal(trykt)
    except ValueError as exc:
        bad("trykt", str(exc))
        return
    if vaerdi is not None and not _close(tryktvaerdi, vaerdi):
        bad("trykt", f"det trykte tal svarer til {tryktvaerdi:g}, men vaerdi er {vaerdi:g}")


def _check_words(rec: dict[str, str], bad: _Bad) -> None:
    """A known hedge word, and a source."""
    if rec["kvalifikator"] not in KVALIFIKATORER:
        gyldige = ", ".join(f"'{k}'" for k in sorted(KVALIFIKATORER) if k)
        bad("kvalifikator", f"ukendt kvalifikator; gyldige: {gyldige} eller tom")
    if not rec["kilde"]:
        bad("kilde", "feltet er tomt; angiv den oprindelige kilde, som planen (eller referencen) nævner")


def _check_omraader(rec: dict[str, str], plan: Plan, bad: _Bad) -> None:
    """omraader: two or more different areas of the four, on a row whose omraade is samlet."""
    omraader = rec["omraader"]
    if not omraader:
        return
    dele = [d.strip() for d in omraader.split(";")]
    fire = [o for o in plan.omraade_ids if o != "samlet"]
    ukendte = [d for d in dele if d not in fire]
    if ukendte:
        bad("omraader", f"ukendte områder {ukendte}; angiv to eller flere af {', '.join(fire)} adskilt af ';'")
    elif len(set(dele)) < 2 or len(set(dele)) != len(dele):
        bad("omraader", "angiv mindst to forskellige områder adskilt af ';' (ét område hører i kolonnen omraade)")
    if rec["omraade"] and rec["omraade"] != "samlet":
        bad("omraade", "når kolonnen omraader er udfyldt, skal omraade være 'samlet'")


def read_long_tables(directory: str | Path, plan: Plan | None = None) -> pd.DataFrame:
    """Read and validate every ``*.csv`` in ``directory`` (baseline or reference format).

    Parameters
    ----------
    directory : str or Path
        Folder with UTF-8 CSV files, all with the header :data:`KOLONNER`.
    plan : Plan, optional
        The plan whose area, geography and indicator ids are valid (default: :func:`load_plan`).

    Returns
    -------
    pandas.DataFrame
        One row per file row: the columns :data:`KOLONNER` (text columns as ``str``, ``""`` when empty;
        ``vaerdi``, ``taeller``, ``naevner`` as float, NaN when empty), then ``aar`` (int, from ``periode``),
        ``tabel`` (the file stem) and ``raekke`` (the row as seen in a spreadsheet, header = 1).

    Raises
    ------
    FileReadError
        If the folder does not exist or holds no CSV file.
    DataValidationError
        With every problem of every file at once, each naming file, row, column and value.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FileReadError(f"Mappen {directory} findes ikke")
    files = sorted(directory.glob("*.csv"))
    if not files:
        raise FileReadError(f"Mappen {directory} indeholder ingen CSV-filer")
    plan = plan if plan is not None else load_plan()
    problems: list[Problem] = []
    rows: list[dict[str, object]] = []
    for path in files:
        rows.extend(_read_long_table(path, plan, problems))
    _check_repeated(rows, problems)
    if problems:
        raise DataValidationError(
            problems, summary=f"Datafilerne i {directory} er ikke gyldige ("
                                f"{antal_tekst(len(problems), 'problem', 'problemer')})"
        )
    df = pd.DataFrame(rows, columns=[*KOLONNER, *EKSTRA_KOLONNER])
    for kol in ("vaerdi", "taeller", "naevner"):
        df[kol] = df[kol].astype(float)
    df["aar"] = df["aar"].astype(int)
    df["raekke"] = df["raekke"].astype(int)
    return df.sort_values(["tabel", "raekke"], kind="stable").reset_index(drop=True)


def _read_long_table(path: Path, plan: Plan, problems: list[Problem]) -> list[dict[str, object]]:
    """The usable rows of one file (with ``tabel``, ``raekke`` and ``_fil``); its problems appended."""
    fil = str(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.append(Problem(fil, f"filen kan ikke læses som UTF-8 CSV: {exc}"))
        return []
    header = [str(c) for c in raw.columns]
    missing = [c for c in KOLONNER if c not in header]
    extra = [c for c in header if c not in KOLONNER]
    for c in missing:
        problems.append(Problem(fil, "kolonnen mangler", raekke=1, kolonne=c))
    for c in extra:
        problems.append(Problem(fil, f"ukendt kolonne; tilladte kolonner: {', '.join(KOLONNER)}", raekke=1, kolonne=c))
    if missing or extra:
        return []
    if tuple(header) != KOLONNER:
        problems.append(
            Problem(fil, f"kolonnerne står i forkert rækkefølge; skal være: {','.join(KOLONNER)}", raekke=1)
        )
    rows = []
    for i, cells in enumerate(raw.to_dict(orient="records")):
        rec = {str(k): v.strip() if isinstance(v, str) else "" for k, v in cells.items()}
        typed = _check_row(rec, fil, i + 2, plan, problems)
        if typed is not None:
            typed.update(tabel=path.stem, raekke=i + 2, _fil=fil)
            rows.append(typed)
    return rows


def _check_repeated(rows: list[dict[str, object]], problems: list[Problem]) -> None:
    """A figure (omraade, indikator, periode, omraader, afsnit) written twice is a problem of the later row."""
    seen: dict[tuple[str, ...], dict[str, object]] = {}
    for r in rows:
        key = tuple(str(r[k]) for k in ("omraade", "indikator", "periode", "omraader", "afsnit"))
        if key not in seen:
            seen[key] = r
            continue
        first = seen[key]
        problems.append(
            Problem(
                str(r["_fil"]),
                f"samme omraade, indikator, periode, omraader og afsnit som {first['tabel']}.csv række "
                f"{first['raekke']}; skriv tallet én gang",
                raekke=int(r["raekke"]),  # type: ignore[call-overload]  # an int, set by _read_long_table
                kolonne="omraade",
                vaerdi=r["omraade"],
            )
        )


def load_baseline(directory: str | Path | None = None, plan: Plan | None = None) -> pd.DataFrame:
    """Read the plan's baseline tables (default ``data/baseline``) into one validated, tidy frame.

    Parameters
    ----------
    directory : str or Path, optional
        Folder with the baseline CSV files (default: :data:`BASELINE_DIR`).
    plan : Plan, optional
        The plan to validate ids against (default: :func:`load_plan`).

    Returns
    -------
    pandas.DataFrame
        See :func:`read_long_tables`. Rows with ``omraader`` filled are sums of some of the four areas
        only: filter ``omraader == ""`` to get genuine ``samlet`` values.

    Raises
    ------
    DataValidationError
        If a file breaks the format; every problem names file, row, column and value.
    """
    return read_long_tables(directory if directory is not None else BASELINE_DIR, plan=plan)


# --------------------------------------------------------------------------- derived figures


def andel_18_29(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The 18-29-year-olds' share of the full-time persons without employment (18-64), per area and year.

    Recomputes the plan's row "18-29 åriges % - del af det samlede antal" (Tabel 1, BL 2016 - tabel 10)
    from the two printed counts.

    Parameters
    ----------
    df : pandas.DataFrame, optional
        A frame in the baseline format holding ``uden_beskaeftigelse_18_29`` and
        ``uden_beskaeftigelse_18_64`` rows (default: :func:`load_baseline`).

    Returns
    -------
    pandas.DataFrame
        Columns ``omraade``, ``periode``, ``aar``, ``taeller`` (18-29), ``naevner`` (18-64) and ``andel``
        (percent, unrounded), one row per area and period where both counts exist, sorted by area and year.
    """
    if df is None:
        df = load_baseline()
    sub = df[df["indikator"].isin(["uden_beskaeftigelse_18_29", "uden_beskaeftigelse_18_64"])]
    if "omraader" in sub.columns:
        sub = sub[sub["omraader"].fillna("") == ""]
    wide = sub.pivot_table(index=["omraade", "periode"], columns="indikator", values="vaerdi", aggfunc="first")
    cols = ["omraade", "periode", "aar", "taeller", "naevner", "andel"]
    if wide.empty or {"uden_beskaeftigelse_18_29", "uden_beskaeftigelse_18_64"} - set(wide.columns):
        return pd.DataFrame(columns=cols)
    wide = wide.dropna(subset=["uden_beskaeftigelse_18_29", "uden_beskaeftigelse_18_64"]).reset_index()
    out = pd.DataFrame(
        {
            "omraade": wide["omraade"],
            "periode": wide["periode"].astype(str),
            "aar": wide["periode"].astype(str).str[:4].astype(int),
            "taeller": wide["uden_beskaeftigelse_18_29"].astype(float),
            "naevner": wide["uden_beskaeftigelse_18_64"].astype(float),
        }
    )
    out["andel"] = 100.0 * out["taeller"] / out["naevner"]
    return out.sort_values(["omraade", "aar", "periode"]).reset_index(drop=True)[cols]


def behovsbesoeg_maal(antal_0aarige: int, mindst_pct: float) -> int:
    """The smallest whole number of extra visits that reaches at least ``mindst_pct`` % of the 0-year-olds.

    The plan: 61 0-year-olds (Ringparken and Motalavej, ultimo 2016) and at least 85 % with an extra visit
    at 6 months -> "minimum 52"; at least 75 % at 1½ years -> "minimum 46"; "Minimum 98 ekstra behovsbesøg
    i alt".

    Parameters
    ----------
    antal_0aarige : int
        The number of 0-year-olds counted (``boern_0_aar``).
    mindst_pct : float
        The required share in percent (0-100).

    Returns
    -------
    int
        ``ceil(antal_0aarige * mindst_pct / 100)``, computed exactly (no floating-point rounding).

    Raises
    ------
    ValueError
        If the count is negative or not whole, or the share is outside 0-100.

    Examples
    --------
    >>> behovsbesoeg_maal(61, 85), behovsbesoeg_maal(61, 75)
    (52, 46)
    """
    if isinstance(antal_0aarige, bool) or int(antal_0aarige) != antal_0aarige or antal_0aarige < 0:
        raise ValueError(f"antallet af 0-årige skal være et ikke-negativt heltal, ikke {antal_0aarige!r}")
    if not 0 <= mindst_pct <= 100:
        raise ValueError(f"andelen skal ligge mellem 0 og 100 %, ikke {mindst_pct!r}")
    return math.ceil(Fraction(int(antal_0aarige)) * Fraction(str(mindst_pct)) / 100)


@dataclass(frozen=True)
class MoedregruppeDaekning:
    """How many mothers the mødregrupper reach in one area per year, and the share of all mothers."""

    moedre: int
    grundlag: int
    andel: float
    over_en_tredjedel: bool


def moedregruppe_daekning(
    antal_boern_0_1: int, forloeb_pr_aar: int = 2, max_moedre_pr_forloeb: int = 6
) -> MoedregruppeDaekning:
    """The yearly reach of the boligsociale mødregrupper in one area.

    The plan: 2 forløb a year in each of the two areas, max. 6 mothers each, "vil det svare til at 12 mødre
    i hvert af de to områder årligt bliver omfattet af aktiviteten. Hvormed aktiviteten favner over 1/3 af
    alle mødrene i områderne", with 31 (Ringparken) and 30 (Motalavej) children aged 0-1 in 2016.

    Parameters
    ----------
    antal_boern_0_1 : int
        Children aged 0-1 in the area (``boern_0_1``); as in the plan, one mother per child.
    forloeb_pr_aar : int, default 2
        Mødregruppeforløb per area and year.
    max_moedre_pr_forloeb : int, default 6
        Mothers per forløb at most.

    Returns
    -------
    MoedregruppeDaekning
        ``moedre`` = forløb x mothers (12), ``grundlag`` = the number of mothers, ``andel`` = moedre/grundlag
        (0-1), and ``over_en_tredjedel``, decided exactly (12/31 and 12/30 are both > 1/3).

    Raises
    ------
    ValueError
        If a count is not a positive whole number.
    """
    for navn, v in (("antal_boern_0_1", antal_boern_0_1), ("forloeb_pr_aar", forloeb_pr_aar),
                    ("max_moedre_pr_forloeb", max_moedre_pr_forloeb)):
        if isinstance(v, bool) or int(v) != v or v <= 0:
            raise ValueError(f"{navn} skal være et positivt heltal, ikke {v!r}")
    moedre = int(forloeb_pr_aar) * int(max_moedre_pr_forloeb)
    andel = Fraction(moedre, int(antal_boern_0_1))
    return MoedregruppeDaekning(
        moedre=moedre, grundlag=int(antal_boern_0_1), andel=float(andel), over_en_tredjedel=andel > Fraction(1, 3)
    )
