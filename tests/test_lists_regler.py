"""The list rules as data (helhedsanalyse.plan.lists): periods, lists, thresholds, malformed files.

Source of the expected thresholds: data/kilde/referencedata/listekriterier_efter_periode.csv (transcribed
into data/lister/kriterier.yaml; ``test_thresholds_match_reference_file`` pins the transcription to it).
"""

from __future__ import annotations

import csv
import doctest

import pytest

from helhedsanalyse.plan import DATA_DIR, lists
from helhedsanalyse.plan.lists import ListeError, load_rules

REF = DATA_DIR / "kilde" / "referencedata"


# =========================================================================== rules as data


def test_periods_and_lists():
    rules = load_rules()
    assert [(p.id, p.fra_aar, p.til_aar) for p in rules.perioder] == [
        ("2010-2012", 2010, 2012), ("2013-2017", 2013, 2017), ("2018-2020", 2018, 2020), ("2021-", 2021, None)]
    assert [p.liste_ids for p in rules.perioder] == [
        ["ghettoliste"], ["ghettoliste"], ["udsat", "ghetto", "haardt_ghetto"],
        ["forebyggelse", "udsat", "parallelsamfund", "omdannelse"]]
    assert rules.periode_for(2017).id == "2013-2017"
    assert rules.periode_for(2018).id == "2018-2020"
    assert rules.periode_for(2030).id == "2021-"
    with pytest.raises(ListeError, match="ingen regler for listen pr. 1. december 2009"):
        rules.periode_for(2009)
    # the vision's lists: every list but forebyggelse
    assert rules.vision_lister == {"ghettoliste", "udsat", "ghetto", "haardt_ghetto", "parallelsamfund", "omdannelse"}
    assert rules.vision_aar == 2025


def test_thresholds_match_reference_file():
    """Every threshold, operator and averaging window as in listekriterier_efter_periode.csv."""
    rows = [r for r in csv.reader(line for line in open(REF / "listekriterier_efter_periode.csv", encoding="utf-8")
                                  if not line.startswith("#"))][1:]
    text = "\n".join(",".join(r) for r in rows)
    rules = load_rules()
    g = {(p.id, item.id): item.graenser for p in rules.perioder for item in p.lister}
    # 2010-2012: >=2 of 3; >50 %, >40 % (4-year average), >270 per 10000 (2.7 %, 4-year average)
    assert "2010-2012,ghettoliste,>=2 of 3" in text and "4-year average" in text
    p10 = g[("2010-2012", "ghettoliste")]
    assert (p10["ikke_vestlige"].operator, p10["ikke_vestlige"].vaerdi) == (">", 50)
    assert (p10["arbejdsmarked"].operator, p10["arbejdsmarked"].vaerdi, p10["arbejdsmarked"].gennemsnit_aar) == (">", 40, 4)
    assert (p10["domme"].operator, p10["domme"].vaerdi, p10["domme"].gennemsnit_aar) == (">", 2.7, 4)
    assert "beboere" not in p10  # the reference names no population condition for 2010-12
    # 2013-2017: >=1000 and >=3 of 5; >40 % (2 yr), >50 %, >2.70 % (2 yr), >50 %, <55 %
    assert ">=1000 residents and >=3 of 5" in text
    p13 = g[("2013-2017", "ghettoliste")]
    assert {k: (x.operator, x.vaerdi, x.gennemsnit_aar) for k, x in p13.items()} == {
        "beboere": (">=", 1000, None), "ikke_vestlige": (">", 50, None), "arbejdsmarked": (">", 40, 2),
        "domme": (">", 2.7, 2), "uddannelse": (">", 50, None), "indkomst": ("<", 55, None)}
    # from 1 Dec 2018: udsat >=1000 and >=2 of 4; >40 % (2 yr), >=3x national average (2 yr), >60 %, <55 %
    assert ">=3x national average,2-year average" in text
    for pid in ("2018-2020", "2021-"):
        u = g[(pid, "udsat")]
        assert {k: (x.operator, x.vaerdi, x.faktor_landsgennemsnit, x.gennemsnit_aar) for k, x in u.items()} == {
            "beboere": (">=", 1000, None, None), "arbejdsmarked": (">", 40, None, 2),
            "domme": (">=", None, 3, 2), "uddannelse": (">", 60, None, None), "indkomst": ("<", 55, None, None)}
    assert g[("2018-2020", "ghetto")]["ikke_vestlige"].vaerdi == 50
    assert g[("2021-", "parallelsamfund")]["ikke_vestlige"].vaerdi == 50
    # from 1 Dec 2021, forebyggelse: >=1000, non-western >30 %, >=2 of 4: >30 %, >=2x, >60 %, <65 %
    assert ">=1000 residents AND non-western >30% AND >=2 of 4" in text
    f = g[("2021-", "forebyggelse")]
    assert {k: (x.operator, x.vaerdi, x.faktor_landsgennemsnit) for k, x in f.items()} == {
        "beboere": (">=", 1000, None), "ikke_vestlige": (">", 30, None), "arbejdsmarked": (">", 30, None),
        "domme": (">=", None, 2), "uddannelse": (">", 60, None), "indkomst": ("<", 65, None)}
    # consecutive years: 5 ('de seneste 5 aar') with 4 ('fire aar i traek') as the alternative
    assert "'de seneste 5 aar'" in text and "'fire aar i traek'" in text
    for p in rules.perioder[2:]:
        t = p.lister[-1].i_traek
        assert (t["aar"], t["alternativ"]) == (5, 4)


def test_malformed_rules_file_is_refused(tmp_path):
    bad = tmp_path / "kriterier.yaml"
    text = (lists.LISTE_DIR / "kriterier.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace('operator: ">", vaerdi: 60', 'operator: "=>", vaerdi: 60', 1), encoding="utf-8")
    with pytest.raises(ListeError, match="operator skal være en af"):
        load_rules(bad)
    with pytest.raises(ListeError, match="findes ikke"):
        load_rules(tmp_path / "mangler.yaml")



def test_module_doctests():
    result = doctest.testmod(lists, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 3
