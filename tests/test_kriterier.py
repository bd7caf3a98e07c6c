"""The value table under each criterion figure (report/kriterier.py): the 95 % interval column and one number
of decimals per column (#14, item 7).

Expected intervals come from statsmodels itself (``proportion_confint(method="wilson")`` for survey shares,
``confint_poisson(method="exact-c")`` for rates per 1000 with the population as exposure), not from the
library's own formulas. DESIGN.md "Explanations": whole-cohort and whole-staff shares are no samples and get
no interval; a value the report hides gets none either (the interval would give it back).

| case                                 | indicator (usikkerhed)          | expected interval cell              |
|--------------------------------------|---------------------------------|-------------------------------------|
| survey share with respondents        | tryghed (wilson), 111 / 182     | Wilson interval, "53,7–67,8 %"       |
| survey share without respondents     | tryghed 2015 (no tæller/nævner) | "–"                                 |
| whole-cohort share                   | sundhedspleje_6mdr (ingen)      | no interval column at all           |
| rate per 1000 with the population    | kriminalitet (poisson), 39/1316 | exact Poisson × 1000, "21,1–40,5"   |
| a suppressed share                   | tryghed 3 / 40 (small tæller)   | "–" (value hidden)                  |
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

from helhedsanalyse.core.formatting import format_tal, format_vaerdi
from helhedsanalyse.report import Rapport
from helhedsanalyse.report.kriterier import INTERVAL_KOLONNE

SKJULT = ("<", "(diskretioneret)")


class _Table(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            # ASCII white space only: the non-breaking space between a number and its unit stays
            self.rows[-1].append(re.sub(r"[ \t\r\n]+", " ", "".join(self.cell)).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def rows_of(html: str) -> dict[str, dict[str, str]]:
    """The value table as {year: {column: cell text}}."""
    p = _Table()
    p.feed(html)
    header, *body = [r for r in p.rows if r]
    return {r[0]: dict(zip(header, r, strict=True)) for r in body}


def expected(lo: float, hi: float, enhed: str) -> str:
    """The interval as a table shows it: one decimal, an en dash, a share's percent sign as its values have it
    (a rate's unit stands in the value column beside it)."""
    return f"{format_tal(lo, 1)}\u2013{format_vaerdi(hi, enhed, 1) if enhed == 'pct' else format_tal(hi, 1)}"


@pytest.fixture(scope="module")
def r():
    return Rapport.load("slut")


def test_a_survey_share_with_respondents_has_its_wilson_interval(r):
    table = rows_of(r.vaerditabel("motalavej", "tryghed"))
    row = table["2017"]
    assert row["Tæller/nævner"] == "111 / 182"
    lo, hi = proportion_confint(111, 182, method="wilson")
    assert row[INTERVAL_KOLONNE] == expected(lo * 100, hi * 100, "pct")
    assert row[INTERVAL_KOLONNE].startswith("53,7\u201367,8")
    # a year with only the share (no respondents known) has no interval, said with a dash
    assert table["2015"][INTERVAL_KOLONNE] == "–"


def test_a_rate_per_1000_has_its_exact_poisson_interval_with_the_population_as_exposure(r):
    row = rows_of(r.vaerditabel("sydbyen", "kriminalitet"))["2016"]
    assert row["Tæller/nævner"] == "39 / 1.316"
    lo, hi = confint_poisson(39, 1316, method="exact-c")
    assert row[INTERVAL_KOLONNE] == expected(lo * 1000, hi * 1000, "pr_1000")


def test_a_whole_cohort_share_is_no_sample_and_gets_no_interval(r):
    table = rows_of(r.vaerditabel("ringparken", "sundhedspleje_6mdr"))
    assert table and all("/" in row["Tæller/nævner"] for row in table.values()), "tæller/nævner are known"
    assert all(INTERVAL_KOLONNE not in row for row in table.values())


def test_one_number_of_decimals_per_column(r):
    for omraade, indikator in [("motalavej", "tryghed"), ("sydbyen", "kriminalitet"), ("samlet", "kriminalitet")]:
        table = rows_of(r.vaerditabel(omraade, indikator))
        for column in ("Værdi", INTERVAL_KOLONNE, "SUB", "Danmark", "Slagelse Kommune"):
            cells = [row[column] for row in table.values() if column in row and row[column] not in ("–", "")]
            decimals = {len(m) for c in cells for m in re.findall(r",(\d+)", c)}
            assert len(decimals) <= 1, (omraade, indikator, column, cells)


def _skriv(path: Path, rows: list[tuple]) -> Path:
    lines = ["omraade;indikator;periode;vaerdi;taeller;naevner;kilde;note"]
    lines += [";".join("" if c is None else str(c) for c in row) + ";test;" for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_suppressed_share_gets_no_interval(tmp_path):
    data = _skriv(tmp_path / "smaa.csv", [
        ("motalavej", "tryghed", 2019, None, 3, 40), ("ringparken", "tryghed", 2019, None, 120, 180),
        ("sydbyen", "tryghed", 2019, None, 100, 150), ("skaelskoer", "tryghed", 2019, None, 60, 90),
    ])
    r = Rapport.load("slut", [str(data)])
    tables = {o: rows_of(r.vaerditabel(o, "tryghed"))["2019"] for o in ("motalavej", "ringparken", "sydbyen",
                                                                         "skaelskoer")}
    assert tables["motalavej"]["Værdi"].startswith(SKJULT)
    shown = 0
    for o, row in tables.items():
        if row["Værdi"].startswith(SKJULT):
            assert row.get(INTERVAL_KOLONNE, "–") == "–", o
        else:
            t, n = (int(x) for x in row["Tæller/nævner"].split(" / "))
            lo, hi = proportion_confint(t, n, method="wilson")
            assert row[INTERVAL_KOLONNE] == expected(lo * 100, hi * 100, "pct")
            shown += 1
    assert shown >= 2
    # nor in the figure: the value is not drawn, and no interval stands in for it
    from helhedsanalyse.report.kriterier import med_intervaller

    with_ci = med_intervaller(r.skjul, r.indikatorer, "motalavej", "tryghed")
    sel = with_ci[(with_ci["omraade"] == "motalavej") & (with_ci["indikator"] == "tryghed")]
    assert sel["ci_lav"].isna().all() and sel["ci_hoej"].isna().all()
    # without suppression (an internal working copy) the same value has its interval
    off = Rapport.load("slut", [str(data)], diskretionering=False)
    lo, hi = proportion_confint(3, 40, method="wilson")
    assert rows_of(off.vaerditabel("motalavej", "tryghed"))["2019"][INTERVAL_KOLONNE] == expected(lo * 100, hi * 100, "pct")
