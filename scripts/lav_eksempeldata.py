"""Generate the ILLUSTRATIVE follow-up data in data/eksempel/ (2017-2021).

The figures are made up. They exist so that every notebook and report runs end to end on a fresh
clone. Every row says so (kilde and note), and so does every file name. Run:

    python scripts/lav_eksempeldata.py            # writes data/eksempel/*_ILLUSTRATIV.*

The generator is seeded: the same script gives the same files, byte for byte.

How the figures are made (so that a reader can tell a pattern in a report from an artefact):
- levels start near the plan's own 2015/2016 figures where the plan has them (kriminalitet,
  tryghed, fraflytning ~22 %, brande), elsewhere at plausible levels;
- each area gets its own drift (some improve, some do not) plus binomial/Poisson noise from the
  stated numerators and denominators, so statuses in the reports vary;
- activity outputs are quarterly, per area, for 2018Q1-2021Q4 (the delivery measurement);
- the files come in the habits of their senders: semicolon and decimal comma from the housing
  organisations, comma and decimal point from the police and the municipality, Excel for the
  quarterly deliveries.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "eksempel"
SEED = 20171001  # the delaftaler start 1 October 2017
YEARS = [2017, 2018, 2019, 2020, 2021]
AREAS = ["motalavej", "ringparken", "sydbyen", "skaelskoer"]
KILDE = "ILLUSTRATIVE DATA (ikke rigtige tal)"
NOTE = "ILLUSTRATIV – genereret af scripts/lav_eksempeldata.py"
HEADER = ["omraade", "indikator", "periode", "vaerdi", "taeller", "naevner", "kilde", "note"]

# Illustrative sizes of the areas (residents, homes, survey respondents); not the real figures.
RESIDENTS = {"motalavej": 1150, "ringparken": 2600, "sydbyen": 1300, "skaelskoer": 950}
HOMES = {"motalavej": 520, "ringparken": 1150, "sydbyen": 600, "skaelskoer": 430}
RESPONDENTS = {"motalavej": 180, "ringparken": 320, "sydbyen": 190, "skaelskoer": 150}


class Rows:
    def __init__(self, sender: str):
        self.sender = sender
        self.rows: list[dict] = []

    def add(self, omraade, indikator, periode, vaerdi=None, taeller=None, naevner=None):
        self.rows.append(
            {
                "omraade": omraade,
                "indikator": indikator,
                "periode": str(periode),
                "vaerdi": vaerdi,
                "taeller": taeller,
                "naevner": naevner,
                "kilde": f"{KILDE} – {self.sender}",
                "note": NOTE,
            }
        )


def _fmt(value, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, np.integer)) or float(value).is_integer():
        return str(int(value))
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal)


def write_csv(rows: Rows, name: str, sep: str, decimal: str) -> Path:
    path = OUT / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=sep, lineterminator="\n")
        writer.writerow(HEADER)
        for r in rows.rows:
            writer.writerow([_fmt(r[c], decimal) if c in ("vaerdi", "taeller", "naevner") else r[c] for c in HEADER])
    return path


def write_xlsx(rows: Rows, name: str) -> Path:
    path = OUT / name
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["område", "indikator", "periode", "værdi", "tæller", "nævner", "kilde", "note"])
    for r in rows.rows:
        ws.append([r[c] if r[c] is not None else None for c in HEADER])
    # openpyxl stamps the creation time; fix it so the file is reproducible.
    import datetime as _dt

    stamp = _dt.datetime(2022, 1, 1)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.save(path)
    _fix_zip_times(path)
    return path


def _fix_zip_times(path: Path) -> None:
    """Rewrite the .xlsx (a zip file) with fixed entry times, so the file is the same on every run."""
    import zipfile

    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == "docProps/core.xml":  # openpyxl stamps 'modified' with the clock
                data = re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", rb"<dcterms:modified\1>2022-01-01T00:00:00Z<", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2022, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            zout.writestr(fixed, data)


def binom_share(rng, n: int, p: float) -> tuple[int, int]:
    p = min(max(p, 0.001), 0.999)
    return int(rng.binomial(n, p)), n


def main() -> list[Path]:
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*ILLUSTRATIV*"):
        if old.suffix in (".csv", ".xlsx") and not old.name.startswith(("vurderinger", "lister")):  # hand-made files
            old.unlink()
    written: list[Path] = []

    # ---------------------------------------------------------------- police safety survey (yearly)
    survey = Rows("politiets tryghedsmåling")
    start = {"motalavej": 0.60, "ringparken": 0.72, "sydbyen": 0.75, "skaelskoer": 0.79}
    drift = {"motalavej": 0.030, "ringparken": 0.008, "sydbyen": 0.004, "skaelskoer": -0.004}
    for area in AREAS:
        for i, year in enumerate(YEARS):
            if year == 2020:  # no survey was run in 2020 (shared/referencedata); keep the gap
                continue
            n = RESPONDENTS[area] + int(rng.integers(-15, 16))
            t, n = binom_share(rng, n, start[area] + drift[area] * i)
            survey.add(area, "tryghed", year, taeller=t, naevner=n)
            u, _ = binom_share(rng, n, (1 - start[area] - drift[area] * i) * 0.55)
            survey.add(area, "utryghed", year, taeller=u, naevner=n)
    written.append(write_csv(survey, "tryghedsmaaling_ILLUSTRATIV.csv", ",", "."))

    # ---------------------------------------------------------------- housing organisations
    bolig = Rows("boligorganisationernes administration")
    move = {"motalavej": 0.24, "ringparken": 0.22, "sydbyen": 0.21, "skaelskoer": 0.19}
    move_drift = {"motalavej": 0.86, "ringparken": 0.93, "sydbyen": 0.97, "skaelskoer": 1.01}
    for area in AREAS:
        p = move[area]
        for year in YEARS:
            t, n = binom_share(rng, HOMES[area], p)
            bolig.add(area, "fraflytning", year, taeller=t, naevner=n)
            p *= move_drift[area]
    written.append(write_csv(bolig, "boligorganisationer_ILLUSTRATIV.csv", ";", ","))

    # ---------------------------------------------------------------- police statistics
    politi = Rows("Sydsjællands og Lolland-Falsters Politi / BL-tal")
    crime = {"motalavej": 0.0335, "ringparken": 0.0300, "sydbyen": 0.0330, "skaelskoer": 0.0215}
    crime_drift = {"motalavej": 0.90, "ringparken": 0.91, "sydbyen": 0.95, "skaelskoer": 0.99}
    vandal = {"motalavej": 40, "ringparken": 60, "sydbyen": 18, "skaelskoer": 9}
    vandal_drift = {"motalavej": 0.82, "ringparken": 0.88, "sydbyen": 0.95, "skaelskoer": 1.0}
    for area in AREAS:
        rate, lam = crime[area], vandal[area]
        for year in [2016, *YEARS]:
            pop = RESIDENTS[area] + int(rng.integers(-30, 31))
            politi.add(area, "kriminalitet", year, taeller=int(rng.poisson(rate * pop)), naevner=pop)
            if year >= 2017:
                politi.add(area, "haervaerk", year, vaerdi=int(rng.poisson(lam)))
            rate *= crime_drift[area]
            lam *= vandal_drift[area] if year >= 2017 else 1
    for year in [2016, *YEARS]:
        politi.add("slagelse_kommune", "kriminalitet", year, vaerdi=round(11.4 - 0.2 * (year - 2016) + rng.normal(0, 0.3), 1))
    for area, base, d in [("motalavej", 75, 0.9), ("ringparken", 110, 0.93)]:
        for i, year in enumerate(YEARS):
            politi.add(area, "anmeldelser", year, vaerdi=int(rng.poisson(base * d**i)))
            politi.add(area, "unge_kriminelle_massivt", year, vaerdi=int(rng.poisson(12 * d**i)))
            politi.add(area, "domfaeldelser_15_25", year, vaerdi=int(rng.poisson(14 * d**i)))
            n = int(rng.integers(15, 26))
            t, n = binom_share(rng, n, 0.45 * d**i)
            politi.add(area, "tilbagefald_15_25", year, taeller=t, naevner=n)
    written.append(write_csv(politi, "politi_ILLUSTRATIV.csv", ",", "."))

    # ---------------------------------------------------------------- fire service
    brand = Rows("Slagelse Brand og Redning")
    for area, lam in [("motalavej", 8.0), ("ringparken", 12.0), ("sydbyen", 0.4), ("skaelskoer", 0.2)]:
        for year in YEARS:
            brand.add(area, "brande", year, vaerdi=int(rng.poisson(lam)))
            lam *= 0.85
    written.append(write_csv(brand, "brand_og_redning_ILLUSTRATIV.csv", ";", ","))

    # ---------------------------------------------------------------- municipality (education, jobs, health)
    kommune = Rows("Slagelse Kommune (Jobcenter, UU, Center for Skole, Sundhedstjenesten)")
    youth = {"motalavej": 260, "ringparken": 520, "sydbyen": 250, "skaelskoer": 170}
    pupils = {"motalavej": 95, "ringparken": 210, "sydbyen": 100, "skaelskoer": 70}
    for area in AREAS:
        for i, year in enumerate(YEARS):
            t, n = binom_share(rng, youth[area], 0.41 - 0.012 * i + (0.01 if area == "motalavej" else 0))
            kommune.add(area, "grundskole_18_29", year, taeller=t, naevner=n)
            t, n = binom_share(rng, youth[area], 0.30 - 0.010 * i)
            kommune.add(area, "ydelse_18_29", year, taeller=t, naevner=n)
            t, n = binom_share(rng, max(20, youth[area] // 5), 0.18 + 0.01 * i)
            kommune.add(area, "ungdomsuddannelse_18plus", year, taeller=t, naevner=n)
            days = pupils[area] * 200
            t, n = binom_share(rng, days, 0.085 - 0.002 * i * (1 if area != "sydbyen" else -1))
            kommune.add(area, "skolefravaer", year, taeller=t, naevner=n)
            t, n = binom_share(rng, max(12, pupils[area] // 4), 0.55 + 0.02 * i)
            kommune.add(area, "uddannelsesparate", year, taeller=t, naevner=n)
    for i, year in enumerate(YEARS):
        kommune.add("samlet", "ydelsesperiode_18_29", year, vaerdi=round(38 - 1.5 * i + rng.normal(0, 1.0), 1))
        for ind, p in [("hash_debut", 0.16 * 0.9**i), ("hash_rygere", 0.12 * 0.93**i)]:
            t, n = binom_share(rng, 600 + int(rng.integers(-20, 21)), p)
            kommune.add("samlet", ind, year, taeller=t, naevner=n)
        kommune.add("samlet", "misbrugsbehandling_foraeldre", year, vaerdi=int(rng.poisson(6 + i)))
    kommune.add("samlet", "familier_positiv_udvikling", 2020, vaerdi=17)
    for area, zero_year_olds in [("motalavej", 30), ("ringparken", 31)]:
        for year in YEARS[1:]:
            n = zero_year_olds + int(rng.integers(-3, 4))
            t6, _ = binom_share(rng, n, 0.86 if area == "ringparken" else 0.80)
            t18, _ = binom_share(rng, n, 0.74)
            kommune.add(area, "sundhedspleje_6mdr", year, taeller=t6, naevner=n)
            kommune.add(area, "sundhedspleje_18mdr", year, taeller=t18, naevner=n)
            moms = int(rng.integers(9, 13))
            t, _ = binom_share(rng, moms, 0.8)
            kommune.add(area, "moedregruppe_fremmoede", year, taeller=t, naevner=moms)
            t, _ = binom_share(rng, moms, 0.85)
            kommune.add(area, "moedre_positiv_udvikling", year, taeller=t, naevner=moms)
    for year in YEARS:
        for q in range(1, 5):
            # drop-out lists are reported four times a year; the year's figure is the last one
            kommune.add("samlet", "dropout", f"{year}Q{q}", vaerdi=int(rng.poisson(40 * (0.84 ** (year - 2017)))))
    written.append(write_csv(kommune, "kommune_ILLUSTRATIV.csv", ",", "."))

    # ---------------------------------------------------------------- quarterly deliveries (Excel)
    lev = Rows("kompetencecentrets leverancemåling")
    per_area_quarterly = {
        # indicator: (areas, yearly mean per area)
        "fritidsjob": (["motalavej", "ringparken", "sydbyen"], {"motalavej": 18, "ringparken": 26, "sydbyen": 12}),
        "tryghedsvandringer": (AREAS, {a: 1.3 for a in AREAS}),
        "temaaftener_brand": (AREAS, {"motalavej": 3, "ringparken": 3, "sydbyen": 1.5, "skaelskoer": 1}),
        "stoerre_aktiviteter": (AREAS, {a: 0.6 for a in AREAS}),
        "positive_historier": (AREAS, {"motalavej": 2, "ringparken": 2, "sydbyen": 1, "skaelskoer": 1}),
        "borgere_tvaergaaende": (AREAS, {"motalavej": 80, "ringparken": 110, "sydbyen": 50, "skaelskoer": 40}),
        "boern_foreningsliv": (AREAS, {"motalavej": 16, "ringparken": 22, "sydbyen": 10, "skaelskoer": 8}),
        "virksomhedspraktik": (AREAS, {"motalavej": 22, "ringparken": 34, "sydbyen": 12, "skaelskoer": 7}),
        "selvforsoergelse": (AREAS, {"motalavej": 15, "ringparken": 24, "sydbyen": 10, "skaelskoer": 6}),
        "moedregruppeforloeb": (["motalavej", "ringparken"], {"motalavej": 2, "ringparken": 2}),
        "negativ_omtale": (AREAS, {"motalavej": 14, "ringparken": 11, "sydbyen": 5, "skaelskoer": 2}),
    }
    for ind, (areas, mean) in per_area_quarterly.items():
        for area in areas:
            for year in YEARS:
                if year == 2017 and ind != "negativ_omtale":
                    continue  # the activities start with the delaftaler; 2017 is the zero point
                trend = 0.92 ** (year - 2017) if ind == "negativ_omtale" else 1.0
                for q in range(1, 5):
                    lev.add(area, ind, f"{year}Q{q}", vaerdi=int(rng.poisson(mean[area] * trend / 4)))
    # levels measured once a year (people, groups): per area where the plan names areas
    for year in YEARS[1:]:
        i = year - 2018
        for area in AREAS:
            lev.add(area, "frivillige", year, vaerdi=int(rng.poisson(13 + 2 * i)))
            lev.add(area, "beboere_gode_historie", year, vaerdi=int(rng.poisson(4 + i)))
            lev.add(area, "aktive_foraeldre", year, vaerdi=int(rng.poisson(7 + i)))
            lev.add(area, "arbejdsgrupper", year, vaerdi=min(2, 1 + i // 2))
            lev.add(area, "foraeldregrupper", year, vaerdi=1)
            t, n = binom_share(rng, 12, 0.5 + 0.12 * i)
            lev.add(area, "ejendomsfunktionaerer_kursus", year, taeller=t, naevner=n)
        for area in ["motalavej", "ringparken", "sydbyen"]:
            lev.add(area, "frivillige_fritidsjob", year, vaerdi=int(rng.poisson(7 + i)))
            lev.add(area, "frivilligkorps", year, vaerdi=1 if (area != "sydbyen" or year >= 2019) else 0)
            jobs = int(rng.integers(12, 25))
            t, _ = binom_share(rng, jobs, 0.55)
            lev.add(area, "fritidsjob_fastholdt", year, taeller=t, naevner=jobs)
        for area in ["motalavej", "ringparken"]:
            lev.add(area, "henvendelser_unge", year, vaerdi=int(rng.poisson(60 + 8 * i)))
        if year == 2018:  # the clubs counted contacts before the plan, too: the 2017 zero point
            for area in ["motalavej", "ringparken"]:
                lev.add(area, "henvendelser_unge", 2017, vaerdi=int(rng.poisson(55)))
        lev.add("samlet", "communities", year, vaerdi=3 if year == 2018 else 4)
        lev.add("samlet", "unge_pr_community", year, vaerdi=int(rng.integers(9, 14)))
        lev.add("samlet", "community_deltagere", year, vaerdi=int(rng.poisson(65)))
        lev.add("samlet", "hjemmeside_besoegende", year, vaerdi=int(10400 * 1.06**i + rng.normal(0, 200)))
    written.append(write_xlsx(lev, "leverancer_ILLUSTRATIV.xlsx"))
    return written


if __name__ == "__main__":
    for path in main():
        print(f"skrev {path.relative_to(ROOT)}")
