"""Write a large data file to measure `helhedsanalyse validate` (README, "What the package accepts").

    .venv/bin/python benchmarks/stor_datafil.py csv 150000 /tmp/stor.csv [--note 200]
    .venv/bin/python benchmarks/stor_datafil.py xlsx 100000 /tmp/stor.xlsx      # needs xlsxwriter
    /usr/bin/time -f "%e s, %M KB" .venv/bin/helhedsanalyse validate /tmp/stor.csv

Rows are område × indikator × periode of the shipped plan in turn (9 × 76 × 147 = 100.548 distinct rows;
a longer file repeats them with the same values, as identical rows, read once with a note). ``--note N``
adds a note of N characters to every row. The workbook is written as Excel writes one (shared strings,
a declared dimension) with xlsxwriter, which is not a dependency of the package (``pip install xlsxwriter``).
"""

from __future__ import annotations

import argparse
import itertools
from typing import Iterator

from helhedsanalyse.plan import load_plan

HEADER = ["område", "indikator", "periode", "værdi", "tæller", "nævner", "kilde", "note"]


def rows(n: int, note: int = 0) -> Iterator[list]:
    plan = load_plan()
    periods = [f"{y}{d}" for y in range(2010, 2031) for d in ("", "Q1", "Q2", "Q3", "Q4", "H1", "H2")]
    keys = list(itertools.product(plan.alle_steder, plan.indikatorer, periods))
    for k in range(n):
        sted, ind, per = keys[k % len(keys)]
        m = k % len(keys)
        v = 1 + (m % 980) / 10 if ind.enhed == "pct" else m % 50
        text = (f"note {m} " + "målt af boligsocialt sekretariat " * (note // 30 + 1))[:note] if note else ""
        yield [sted, ind.id, per, v, None, None, "stor testfil", text]


def write_csv(path: str, n: int, note: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(";".join(HEADER) + "\n")
        for r in rows(n, note):
            r[3] = f"{r[3]:g}".replace(".", ",")
            fh.write(";".join("" if c is None else str(c) for c in r) + "\n")


def write_xlsx(path: str, n: int, note: int) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, HEADER)
    for i, r in enumerate(rows(n, note), start=1):
        ws.write_row(i, 0, r[:4])
        ws.write_string(i, 6, r[6])
        if r[7]:
            ws.write_string(i, 7, r[7])
    wb.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("format", choices=["csv", "xlsx"])
    ap.add_argument("rows", type=int)
    ap.add_argument("path")
    ap.add_argument("--note", type=int, default=0, help="characters of note per row")
    a = ap.parse_args()
    (write_csv if a.format == "csv" else write_xlsx)(a.path, a.rows, a.note)


if __name__ == "__main__":
    main()
