"""Reference series (data/reference) against data/kilde/referencedata/tryghedsmaalinger.csv and the plan."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from helhedsanalyse.core.errors import DataValidationError
from helhedsanalyse.inputs.baseline import KOLONNER, load_baseline, parse_dansk_tal
from helhedsanalyse.inputs.reference import REFERENCE_DIR, load_reference, reference_series
from helhedsanalyse.plan import DATA_DIR, load_plan

SOURCE = DATA_DIR / "kilde" / "referencedata" / "tryghedsmaalinger.csv"


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def ref(plan):
    return load_reference(plan=plan)


def series(indikator, geografi, plan):
    s = reference_series(indikator, geografi, plan=plan)
    return list(zip(s.aar, s.vaerdi))


def test_shared_format(ref):
    assert list(ref.columns) == [*KOLONNER, "aar", "tabel", "raekke"]
    for path in REFERENCE_DIR.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            assert tuple(next(csv.reader(fh))) == KOLONNER
    assert len(ref) == 19
    assert ref.kilde.str.len().gt(0).all()


def test_sub_series(plan):
    # 2016 from the plan (l. 285: "for alle SUB-områderne gennemsnitligt 72,4%"); 2018/2019 Kristeligt Dagblad;
    # 2021 Café Exit ("kun 70 %", rounded)
    assert series("tryghed", "sub", plan) == [(2016, 72.4), (2018, 68.4), (2019, 70.9), (2021, 70.0)]
    assert series("utryghed", "sub", plan) == [(2021, 19.0)]


def test_danmark_series(plan):
    # 2016 from the plan (l. 283: "Tilsvarende er tallet for Danmark 89,1%"); 2019 Kristeligt Dagblad; 2021 ft.dk
    assert series("tryghed", "danmark", plan) == [(2016, 89.1), (2019, 85.6), (2021, 88.1)]
    assert series("utryghed", "danmark", plan) == [(2021, 7.4)]


def test_politikreds_and_motalavej(plan):
    assert series("tryghed", "politikreds", plan) == [(2015, 89.4), (2016, 88.6), (2017, 83.7), (2022, 88.0)]
    assert reference_series("tryghed", "politikreds", plan=plan).set_index("aar").loc[2022, "kvalifikator"] == "ca."
    mota = reference_series("tryghed", "motalavej", plan=plan)
    assert list(zip(mota.aar, mota.vaerdi)) == [(2015, 70.2), (2016, 58.3)]
    assert mota.note.str.contains("udledt").all(), "the years are inferred from context and must say so"


def test_anmeldelser(plan):
    assert series("anmeldelser", "ringparken", plan) == [(2013, 123.0), (2017, 113.0)]
    assert series("anmeldelser", "motalavej", plan) == [(2013, 89.0), (2017, 73.0)]


def test_2020_is_absent(ref):
    # the source: "Denmark,2020,any,NO SURVEY ('Der foreligger ikke tal for 2020')" - a gap, not a value
    assert 2020 not in set(ref.aar)
    assert "2020" in (REFERENCE_DIR / "README.md").read_text(encoding="utf-8")


def test_rounded_2021_sub_figure_is_qualified(plan):
    s = reference_series("tryghed", "sub", plan=plan).set_index("aar")
    assert s.loc[2021, "kvalifikator"] == "ca."
    assert s.loc[2021, "trykt"] == "70 %"
    assert "afrundet" in s.loc[2021, "note"]
    # the other SUB figures are stated plainly
    assert (s.drop(index=2021).kvalifikator == "").all()


def test_series_sorted_and_indexed(plan):
    s = reference_series("tryghed", "politikreds", plan=plan)
    assert list(s.aar) == sorted(s.aar)
    assert list(s.index) == list(range(len(s)))
    assert reference_series("tryghed", "slagelse_kommune", plan=plan).empty


def test_unknown_ids_are_rejected(plan):
    with pytest.raises(ValueError, match="ukendt indikator"):
        reference_series("tryk", "sub", plan=plan)
    with pytest.raises(ValueError, match="ukendt geografi"):
        reference_series("tryghed", "norge", plan=plan)


def test_plan_figures_agree_with_the_baseline(ref, plan):
    # the 2016 reference values taken from the plan are the same figures as in data/baseline
    bl = load_baseline(plan=plan)
    for geo in ["sub", "danmark", "motalavej"]:
        b = bl[(bl.omraade == geo) & (bl.indikator == "tryghed") & (bl.periode == "2016")].vaerdi.item()
        r = ref[(ref.omraade == geo) & (ref.indikator == "tryghed") & (ref.periode == "2016")].vaerdi.item()
        assert b == r


GEO = {
    "All SUB areas (saerligt udsatte boligomraader)": "sub",
    "All SUB areas": "sub",
    "Denmark": "danmark",
    "Sydsjaellands og Lolland-Falsters politikreds": "politikreds",
    "Motalavej": "motalavej",
    "Ringparken": "ringparken",
}
MEASURE = {"tryg i nabolaget": "tryghed", "utryg i nabolaget": "utryghed", "anmeldelser (count)": "anmeldelser"}


def _source_values() -> dict[tuple[str, str, int], str]:
    lines = [ln for ln in SOURCE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    out = {}
    for rec in csv.DictReader(lines):
        geo, ind = GEO.get(rec["geography"]), MEASURE.get(rec["measure"])
        if geo and ind:
            out[(geo, ind, int(rec["survey_year"]))] = rec["value_pct"]
    return out


def test_every_non_plan_value_is_in_the_source(ref):
    src = _source_values()
    from_source = ref[~ref.kilde.str.startswith("Helhedsplanen")]
    assert len(from_source) == 17
    for _, r in from_source.iterrows():
        printed = src[(r.omraade, r.indikator, r.aar)]
        # "70 (rounded; 'kun 70 %')", "88 (approx; 'hele 88 procent')": the number comes first
        assert float(printed.split()[0]) == r.vaerdi
        assert parse_dansk_tal(r.trykt) == r.vaerdi


def test_non_values_in_the_source_are_not_rows(ref):
    src = _source_values()
    gaps = {k for k, val in src.items() if not val.split()[0].replace(".", "").isdigit()}
    # "INCREASED (number cut off)", "no number ...", "NO SURVEY" are gaps, listed in the README
    assert ("motalavej", "tryghed", 2017) in gaps and ("ringparken", "tryghed", 2015) in gaps
    keys = set(zip(ref.omraade, ref.indikator, ref.aar))
    assert not (gaps & keys)
    readme = (REFERENCE_DIR / "README.md").read_text(encoding="utf-8")
    for word in ["Motalavej 2017", "Ringparken 2015", "2019", "tillid til politiet", "omraader"]:
        assert word in readme


def test_broken_reference_file_is_reported_like_baseline(tmp_path, plan):
    d = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, d)
    p = d / "politiets_tryghedsmaaling.csv"
    with p.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[2]["omraade"] = "Sverige"
    rows[3]["trykt"] = "71 %"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(KOLONNER), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(DataValidationError) as info:
        load_reference(d, plan=plan)
    where = {(Path(x.fil).name, x.raekke, x.kolonne) for x in info.value.problems}
    assert where == {("politiets_tryghedsmaaling.csv", 4, "omraade"), ("politiets_tryghedsmaaling.csv", 5, "trykt")}
