"""Property-based tests (hypothesis) of the loader, the assessment and the suppression rules.

* Any table the loader accepts gives a status table without an exception, with one row per
  succeskriterium × area and a status from the scale.
* A table written in any accepted way (comma, semicolon or tab; decimal point or comma; UTF-8, UTF-8 with
  BOM or Windows-1252; CSV or Excel; ids, names or aliases in any case, spacing and Unicode form) is read
  back to exactly the values that were written.
* Shuffling the rows, or renaming areas and indicators to another accepted alias, changes neither the
  data nor the status table.
* Whatever is in a file, the loader returns problems or data; it never raises.
* Diskretionering: after primary and secondary suppression no suppressed cell can be computed from
  what is shown (checked with linear algebra over the table's sums), for one total and for the
  delivery table's rows and columns.
"""

from __future__ import annotations

import csv
import io
import math
import random
import unicodedata
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helhedsanalyse import diskretionering as disk
from helhedsanalyse.assessment import status_table
from helhedsanalyse.indicators import concat_observations
from helhedsanalyse.observations import validate_files
from helhedsanalyse.plan import load_plan
from helhedsanalyse.status import STATUSSER as STATUS_SKALA

PLAN = load_plan()
STATUSSER = set(STATUS_SKALA)  # the scale of helhedsanalyse.status: every id a status table may hold
HEADERS = {
    "omraade": ["omraade", "område", "OMRÅDE", "Område "],
    "indikator": ["indikator", "Indikator"],
    "periode": ["periode", "Periode"],
    "vaerdi": ["vaerdi", "værdi", "Værdi"],
    "taeller": ["taeller", "tæller"],
    "naevner": ["naevner", "nævner"],
    "kilde": ["kilde"],
    "note": ["note"],
}
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def grundlag():
    """The plan's baseline tables and the reference series, as status_table gets them from shipped_inputs."""
    from helhedsanalyse.baseline import load_baseline
    from helhedsanalyse.reference import load_reference

    return load_baseline(plan=PLAN), load_reference(plan=PLAN)


# --------------------------------------------------------------------------- strategies


def _names(item) -> list[str]:
    return [item.id, item.navn, *item.aliaser]


def _variant(draw, text: str) -> str:
    """An accepted way of writing a name: other case, extra spaces, decomposed Unicode."""
    how = draw(st.sampled_from(["som", "store", "små", "titel", "mellemrum", "nfd"]))
    if how == "store":
        return text.upper()
    if how == "små":
        return text.lower()
    if how == "titel":
        return text.title()
    if how == "mellemrum":
        return "  " + text.replace(" ", "   ") + " "
    if how == "nfd":
        return unicodedata.normalize("NFD", text)
    return text


STEDER = [*PLAN.omraader, *PLAN.geografier]


@st.composite
def raekker(draw, min_size=1, max_size=25):
    """Rows of a valid table: (sted, indikator, (aar, delperiode), vaerdi, taeller, naevner), unique keys."""
    perioder = st.tuples(st.integers(2011, 2021), st.sampled_from(["", "Q1", "Q2", "Q3", "Q4", "H1", "H2"]))
    keys = draw(st.lists(
        st.tuples(st.sampled_from([s.id for s in STEDER]), st.sampled_from([i.id for i in PLAN.indikatorer]), perioder),
        min_size=min_size, max_size=max_size, unique=True,
    ))
    out = []
    for sted, ind_id, periode in keys:
        ind = PLAN.indikator[ind_id]
        fraction = ind.enhed in ("pct", "pr_1000") and draw(st.booleans())
        if fraction:
            n = draw(st.integers(1, 3000))
            t = draw(st.integers(0, n))
            out.append((sted, ind_id, periode, None, t, n))
            continue
        if ind.heltal:
            v = float(draw(st.integers(0, 5000)))
        elif ind.enhed == "pct":
            v = draw(st.sampled_from([0.0, 100.0]) | st.integers(10, 1000).map(lambda x: x / 10))
        else:
            v = draw(st.integers(0, 100000).map(lambda x: x / 100))
        out.append((sted, ind_id, periode, v, None, None))
    return out


@st.composite
def dialekter(draw):
    fmt = draw(st.sampled_from(["csv", "csv", "csv", "xlsx"]))
    return {
        "format": fmt,
        "sep": draw(st.sampled_from([",", ";", "\t"])),
        "decimal": draw(st.sampled_from([".", ","])),
        "kodning": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])),
        "headers": {k: draw(st.sampled_from(v)) for k, v in HEADERS.items()},
    }


def _tal(v: float | None, decimal: str) -> str:
    if v is None:
        return ""
    text = repr(float(v))
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", decimal)


def skriv(path: Path, rows, dialekt, navne) -> Path:
    """Write ``rows`` in ``dialekt``; ``navne`` gives the written area and indicator name of each row."""
    h = dialekt["headers"]
    header = [h[c] for c in ("omraade", "indikator", "periode", "vaerdi", "taeller", "naevner", "kilde", "note")]
    body = []
    for (sted, ind, (aar, dp), v, t, n), (sted_navn, ind_navn, periode_tekst) in zip(rows, navne):
        body.append([sted_navn, ind_navn, periode_tekst, _tal(v, dialekt["decimal"]), _tal(t, "."), _tal(n, "."),
                     "egenskabstest", ""])
    if dialekt["format"] == "xlsx":
        path = path.with_suffix(".xlsx")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Data"
        ws.append(header)
        for r in body:
            ws.append([c if c != "" else None for c in r])
        wb.save(path)
        return path
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=dialekt["sep"], lineterminator="\n")
    w.writerow(header)
    w.writerows(body)
    text = buf.getvalue()
    kodning = dialekt["kodning"]
    try:
        data = text.encode(kodning)
    except UnicodeEncodeError:  # NFD or a character Windows-1252 does not have
        data = text.encode("utf-8")
    path = path.with_suffix(".csv")
    path.write_bytes(data)
    return path


@st.composite
def navne_for(draw, rows):
    out = []
    for sted, ind, (aar, dp), *_ in rows:
        sted_item = next(s for s in STEDER if s.id == sted)
        sted_navn = _variant(draw, draw(st.sampled_from(_names(sted_item))))
        ind_navn = _variant(draw, draw(st.sampled_from(_names(PLAN.indikator[ind]))))
        if dp.startswith("Q") and draw(st.booleans()):
            dp_text = "K" + dp[1]
        else:
            dp_text = dp
        periode = f"{aar}{dp_text}"
        if draw(st.booleans()):
            periode = periode.lower()
        out.append((sted_navn, ind_navn, periode))
    return out


def _forventet(rows) -> dict[tuple[str, str, str], float]:
    out = {}
    for sted, ind, (aar, dp), v, t, n in rows:
        if v is None:
            factor = {"pct": 100.0, "pr_1000": 1000.0}.get(PLAN.indikator[ind].enhed, 1.0)
            v = factor * t / n
        out[(sted, ind, f"{aar}{dp}")] = v
    return out


def _indlaest(data: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    return {(o, i, p): float(v) for o, i, p, v in data[["omraade", "indikator", "periode", "vaerdi"]].values.tolist()}


def _status(data: pd.DataFrame, grundlag, runde: str) -> pd.DataFrame:
    baseline, reference = grundlag
    obs = concat_observations([data, baseline])
    return status_table(obs, PLAN, runde, references=reference)


def _sammenlignelig(status: pd.DataFrame) -> pd.DataFrame:
    cols = ["kriterium", "omraade", "status", "sidste_periode", "vaerdi", "baseline", "forklaring"]
    return status[cols].sort_values(["kriterium", "omraade"]).reset_index(drop=True)


# --------------------------------------------------------------------------- the loader and the assessment


@settings(max_examples=40, **SETTINGS)
@given(data=st.data())
def test_written_in_any_accepted_way_reads_back_exactly(tmp_path_factory, data):
    rows = data.draw(raekker())
    dialekt = data.draw(dialekter())
    navne = data.draw(navne_for(rows))
    path = skriv(tmp_path_factory.mktemp("e") / "data", rows, dialekt, navne)
    report = validate_files([path], PLAN)
    assert report.ok, [str(p) for p in report.problems]
    got, expected = _indlaest(report.data), _forventet(rows)
    assert got.keys() == expected.keys()
    for key, v in expected.items():
        assert math.isclose(got[key], v, rel_tol=1e-9, abs_tol=1e-9), (key, got[key], v)


@settings(max_examples=25, **SETTINGS)
@given(data=st.data(), runde=st.sampled_from(["midtvej", "slut"]))
def test_accepted_table_gives_a_status_table(tmp_path_factory, grundlag, data, runde):
    rows = data.draw(raekker())
    path = skriv(tmp_path_factory.mktemp("s") / "data", rows, data.draw(dialekter()), data.draw(navne_for(rows)))
    report = validate_files([path], PLAN)
    assume(report.ok)
    status = _status(report.data, grundlag, runde)
    tom = _status(report.data.iloc[0:0], grundlag, runde)
    assert sorted(zip(status["kriterium"], status["omraade"])) == sorted(zip(tom["kriterium"], tom["omraade"]))
    assert set(status["status"]) <= STATUSSER
    assert status["forklaring"].map(lambda x: isinstance(x, str) and x != "").all()


@settings(max_examples=20, **SETTINGS)
@given(data=st.data(), runde=st.sampled_from(["midtvej", "slut"]), seed=st.integers(0, 2**32 - 1))
def test_shuffling_rows_and_renaming_to_aliases_changes_nothing(tmp_path_factory, grundlag, data, runde, seed):
    rows = data.draw(raekker(min_size=2))
    folder = tmp_path_factory.mktemp("p")
    first = skriv(folder / "a", rows, data.draw(dialekter()), data.draw(navne_for(rows)))
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)
    second = skriv(folder / "b", shuffled, data.draw(dialekter()), data.draw(navne_for(shuffled)))
    a, b = validate_files([first], PLAN), validate_files([second], PLAN)
    assert a.ok and b.ok
    cols = ["omraade", "indikator", "periode", "aar", "delperiode", "vaerdi", "taeller", "naevner", "kilde", "note"]
    da = a.data[cols].sort_values(["omraade", "indikator", "periode"]).reset_index(drop=True)
    db = b.data[cols].sort_values(["omraade", "indikator", "periode"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(da, db)
    pd.testing.assert_frame_equal(_sammenlignelig(_status(a.data, grundlag, runde)),
                                  _sammenlignelig(_status(b.data, grundlag, runde)))


CELLER = st.sampled_from([
    "motalavej", "Ringparken", "samlet", "sub", "Motalvej", "", " ", "tryghed", "fraflytning", "brande", "trygheden",
    "2018", "2018Q3", "2018K3", "2019h1", "2018-3", "18", "2035", "72,4", "72.4", "1.250", "1,250", "72,4 %", "-3",
    "0.5", "abc", "=A1", "#", "\"", "ø", "\u00a0", "1e3", "nan", "inf", "TRUE", "1 250", "to\nlinjer", "a\u2028b",
    "\x0c", "\x85", "\r",
]) | st.text(max_size=6)


@settings(max_examples=60, **SETTINGS)
@given(
    header=st.permutations(["omraade", "indikator", "periode", "vaerdi", "taeller", "naevner"]).map(list),
    width=st.integers(3, 6),
    body=st.lists(st.lists(CELLER, min_size=0, max_size=7), max_size=8),
    sep=st.sampled_from([",", ";", "\t"]),
    runde=st.sampled_from(["midtvej", "slut"]),
)
def test_whatever_is_in_a_file_the_loader_never_crashes(tmp_path_factory, grundlag, header, width, body, sep, runde):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow(header[:width])
    w.writerows(body)
    path = tmp_path_factory.mktemp("f") / "fuzz.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    report = validate_files([path], PLAN)  # must not raise
    for p in report.problems:
        assert p.fil == str(path) and p.besked
        assert p.raekke is None or 1 <= p.raekke <= len(body) + 1
    if report.ok:
        status = _status(report.data, grundlag, runde)
        assert set(status["status"]) <= STATUSSER


@settings(max_examples=60, **SETTINGS)
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("b") / "bytes.csv"
    path.write_bytes(raw)
    report = validate_files([path], PLAN)
    assert all(p.fil == str(path) for p in report.problems)


# --------------------------------------------------------------------------- diskretionering


def _bestemte(values: dict, hidden: set, sums: list[tuple[object, list]]) -> list:
    """The hidden cells whose value follows from the shown cells and the sums (exactly, by linear algebra)."""
    hidden = sorted(hidden, key=str)
    if not hidden:
        return []
    index = {c: i for i, c in enumerate(hidden)}
    rows = []
    for total, parts in sums:
        cells = [total, *parts]
        if not any(c in index for c in cells) or not all(c in values for c in cells):
            continue
        row = np.zeros(len(hidden))
        for c, sign in [(total, 1.0), *[(p, -1.0) for p in parts]]:
            if c in index:
                row[index[c]] += sign
        rows.append(row)
    if not rows:
        return []
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    out = []
    for c, i in index.items():
        e = np.zeros(len(hidden))
        e[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            out.append(c)
    return out


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.integers(0, 30), min_size=1, max_size=4), graense=st.integers(2, 10))
def test_no_suppressed_area_can_be_subtracted_from_samlet(parts, graense):
    names = ["motalavej", "ringparken", "sydbyen", "skaelskoer"][: len(parts)]
    values = dict(zip(names, parts))
    values["samlet"] = sum(parts)
    primary = {c for c, v in values.items() if disk.lille(v, graense)}
    secondary = disk.sekundaer(primary, values, [disk.Gruppe("samlet", tuple(names))])
    assert not (primary & secondary)
    hidden = primary | secondary
    assert _bestemte(values, hidden, [("samlet", names)]) == []
    if not primary:
        assert not secondary
    # the rule as written: never exactly one suppressed cell among samlet and its areas
    assert sum(c in hidden for c in values) != 1


@settings(max_examples=300, deadline=None)
@given(
    grid=st.lists(st.lists(st.one_of(st.just(None), st.integers(0, 12)), min_size=4, max_size=4), min_size=1, max_size=4),
    graense=st.integers(2, 6),
)
def test_no_suppressed_cell_of_the_delivery_table_can_be_computed(grid, graense):
    """Rows: areas (+ samlet = their sum); columns: K1-K4 (+ year to date = their sum)."""
    areas = [f"o{i}" for i in range(len(grid))]
    cols = ["K1", "K2", "K3", "K4"]
    values: dict = {}
    for a, row in zip(areas, grid):
        for k, v in zip(cols, row):
            if v is not None:
                values[(a, k)] = v
        if any(v is not None for v in row):
            values[(a, "ytd")] = sum(v for v in row if v is not None)
    for k in [*cols, "ytd"]:
        present = [values[(a, k)] for a in areas if (a, k) in values]
        if present:
            values[("samlet", k)] = sum(present)
    assume(values)
    groups = [disk.Gruppe(("samlet", k), tuple((a, k) for a in areas)) for k in [*cols, "ytd"]]
    groups += [disk.Gruppe((a, "ytd"), tuple((a, k) for k in cols)) for a in [*areas, "samlet"]]
    primary = {c for c, v in values.items() if disk.lille(v, graense)}
    hidden = primary | disk.sekundaer(primary, values, groups)
    sums = [(g.total, [p for p in g.dele if p in values]) for g in groups if g.total in values]
    assert _bestemte(values, hidden, sums) == [], (values, sorted(hidden, key=str))
