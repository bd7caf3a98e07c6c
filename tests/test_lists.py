"""The government's lists computed (helhedsanalyse.compute.lists): the classifier and the table.

The rules are tested in test_lists_regler.py, the recorded history in test_lists_historik.py, the report
section and the command line in test_lists_afsnit.py. Every classification below is worked out by hand in
the comment next to it, from the thresholds in data/kilde/referencedata/listekriterier_efter_periode.csv.
"""

from __future__ import annotations

import csv
import doctest

import pytest
from listedata import empty_obs, obs  # shared test helper

from helhedsanalyse.compute import lists
from helhedsanalyse.compute.lists import classify, list_table, rullende_gennemsnit
from helhedsanalyse.inputs.observations import load_observations
from helhedsanalyse.plan import DATA_DIR, load_plan
from helhedsanalyse.plan.lists import KRITERIER, ListeError


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def udsat_2019(**kw):
    """Values for the 1 Dec 2019 list: 3 of 4 criteria (arbejdsmarked, domme, indkomst), ghetto."""
    v = {"beboere": 2100, "ikke_vestlige": 56.4, "arbejdsmarked": 45.2, "domme": 2.31, "uddannelse": 57.1,
         "indkomst": 54.2}
    v.update(kw)
    return v


# =========================================================================== each period's rules


def test_2010_2012_two_of_three():
    # non-western 55 > 50 and labour 45 > 40: 2 of 3 -> on the list; no population condition in 2010-12
    k = classify({"ikke_vestlige": 55, "arbejdsmarked": 45, "domme": 2.0, "beboere": 500}, 2011)
    assert k.periode == "2010-2012" and k.status == "ghettoliste" and k.afgjort
    assert (k.antal_opfyldt, k.antal_kraevet, k.antal_af) == (2, 2, 3)
    assert k.paa_sub_listen is True
    # only non-western: 1 of 3 -> not on it
    k = classify({"ikke_vestlige": 55, "arbejdsmarked": 35, "domme": 2.0}, 2010)
    assert k.status == "ikke_paa_liste" and k.paa_sub_listen is False
    # education and income are not criteria before 2013: they are ignored
    k = classify({"ikke_vestlige": 55, "arbejdsmarked": 35, "domme": 2.0, "uddannelse": 90, "indkomst": 20}, 2012)
    assert k.status == "ikke_paa_liste"
    assert {r.kriterium for r in k.kriterier} == {"ikke_vestlige", "arbejdsmarked", "domme"}


def test_2013_2017_residents_and_three_of_five():
    base = {"beboere": 1500, "ikke_vestlige": 45, "arbejdsmarked": 44, "domme": 2.9, "uddannelse": 55, "indkomst": 60}
    # labour 44 > 40, convictions 2.9 > 2.7, education 55 > 50: 3 of 5 -> on the list
    k = classify(base, 2017)
    assert k.status == "ghettoliste" and k.antal_opfyldt == 3 and k.antal_kraevet == 3
    assert k.status_tekst == "På listen over særligt udsatte boligområder (ghettolisten)"
    # 999 residents: the population condition fails, whatever the criteria
    assert classify({**base, "beboere": 999}, 2017).status == "ikke_paa_liste"
    # two of five -> not on it
    assert classify({**base, "uddannelse": 49}, 2015).status == "ikke_paa_liste"
    # the conviction threshold is the absolute 2.7 % (no national average needed before 2018)
    r = classify(base, 2013).kriterium("domme")
    assert r.graense == 2.7 and r.met and r.afstand == pytest.approx(0.2)


def test_2018_2020_udsat_ghetto_and_conviction_threshold_from_national_average():
    # 1 Dec 2019: 3 x 0.68 = 2.04; 2.31 >= 2.04 -> met; labour 45.2 > 40, income 54.2 < 55 -> 3 of 4
    k = classify(udsat_2019(), 2019, landsgennemsnit_domme=0.68)
    assert k.lister["udsat"] is True and k.lister["ghetto"] is True
    assert k.status == "ghetto" and not k.afgjort  # hard ghetto needs the history
    d = k.kriterium("domme")
    assert d.graense == pytest.approx(2.04) and d.met and d.afstand == pytest.approx(0.27)
    assert d.gange_landsgennemsnit == pytest.approx(2.31 / 0.68)
    # distances: positive = met by that margin, negative = missed by it
    assert k.kriterium("arbejdsmarked").afstand == pytest.approx(5.2)
    assert k.kriterium("uddannelse").afstand == pytest.approx(-2.9) and k.kriterium("uddannelse").missed
    assert k.kriterium("indkomst").afstand == pytest.approx(0.8) and k.kriterium("indkomst").met
    # non-western 45 % -> udsat, not ghetto
    k = classify(udsat_2019(ikke_vestlige=45), 2019, 0.68)
    assert k.status == "udsat" and k.lister["ghetto"] is False and k.lister["haardt_ghetto"] is False and k.afgjort
    assert k.status_tekst == "Udsat boligområde"
    # only one of four -> on no list
    k = classify(udsat_2019(arbejdsmarked=39, indkomst=56), 2020, 0.66)
    assert k.status == "ikke_paa_liste" and k.paa_sub_listen is False


def test_from_2021_forebyggelse_and_parallelsamfund():
    # 1 Dec 2021, national average 0.64: udsat needs 3 x = 1.92, forebyggelse 2 x = 1.28
    v = {"beboere": 2080, "ikke_vestlige": 54.6, "arbejdsmarked": 41.0, "domme": 1.62, "uddannelse": 54.0,
         "indkomst": 56.3}
    k = classify(v, 2021, 0.64)
    # udsat: only labour 41 > 40 -> 1 of 4 -> no; forebyggelse: non-western 54.6 > 30, labour 41 > 30,
    # convictions 1.62 >= 1.28, income 56.3 < 65 -> 3 of 4 -> yes
    assert k.lister == {"forebyggelse": True, "udsat": False, "parallelsamfund": False, "omdannelse": False}
    assert k.status == "forebyggelse" and k.afgjort
    assert k.paa_sub_listen is False  # forebyggelse is not a list the vision names
    assert k.kriterium("domme", "forebyggelse").graense == pytest.approx(1.28)
    assert k.kriterium("domme").graense == pytest.approx(1.92)  # the main (udsat) threshold
    # non-western 30 % exactly: not more than 30 % -> not a forebyggelsesområde
    assert classify({**v, "ikke_vestlige": 30.0}, 2021, 0.64).status == "ikke_paa_liste"
    # with convictions at 2.0 >= 1.92 -> 2 of 4 -> udsat and, with 54.6 > 50, parallelsamfund
    k = classify({**v, "domme": 2.0}, 2022, 0.64, history={2018: True, 2019: True, 2020: True, 2021: False})
    assert k.status == "parallelsamfund" and k.lister["omdannelse"] is False and k.afgjort
    assert k.status_tekst == "Parallelsamfund"


# =========================================================================== exactly at a threshold


def test_exactly_at_threshold_follows_the_wording():
    # "mere end 40 %": 40.0 does not meet it; "mindre end 55 %": 55.0 does not meet it
    k = classify(udsat_2019(arbejdsmarked=40.0, indkomst=55.0), 2019, 0.68)
    a, i = k.kriterium("arbejdsmarked"), k.kriterium("indkomst")
    assert a.afstand == 0 and a.missed and "præcis på grænsen" in a.tekst
    assert i.afstand == 0 and i.missed
    # "mindst 3 gange landsgennemsnittet": 3 x 0.68 = 2.04 exactly meets it (float noise rounded away)
    d = classify(udsat_2019(domme=2.04), 2019, 0.68).kriterium("domme")
    assert d.afstand == 0 and d.met
    # "mindst 1.000 beboere": 1000 meets it
    assert classify(udsat_2019(beboere=1000), 2019, 0.68).kriterium("beboere").met
    # "mere end 50 %" ikke-vestlige: 50.0 -> udsat, not ghetto
    assert classify(udsat_2019(ikke_vestlige=50.0), 2019, 0.68).status == "udsat"
    # 2013-2017: convictions "mere end 2,70 %": 2.7 does not meet it
    assert classify({"domme": 2.7}, 2016).kriterium("domme").missed


# =========================================================================== one criterion decides


def test_one_criterion_decides():
    # labour 45.2 and convictions 2.31 (>= 2.04) met, education and income missed: exactly 2 of 4
    v = udsat_2019(indkomst=56.0)
    k = classify(v, 2019, 0.68)
    assert k.lister["udsat"] is True and k.antal_opfyldt == 2
    assert set(k.afgoerende) == {"arbejdsmarked", "domme"}
    assert "hvert af dem er afgørende" in k.forklaring
    # convictions one hundredth under the threshold: 1 of 4 -> off every list
    k2 = classify({**v, "domme": 2.03}, 2019, 0.68)
    assert k2.status == "ikke_paa_liste" and k2.paa_sub_listen is False
    # ... and the explanation names what would put it back on
    assert set(k2.afgoerende) == {"domme", "uddannelse", "indkomst"}
    assert "mangler ét kriterium" in k2.forklaring


# =========================================================================== missing values


def test_missing_criterion_too_few_values_says_which():
    # 2019: convictions met (2.31 >= 2.04); labour 35 missed; education and income missing:
    # 1 met + 2 missing could still reach 2 of 4 -> cannot be decided
    k = classify({"beboere": 1500, "ikke_vestlige": 20, "arbejdsmarked": 35, "domme": 2.31}, 2019, 0.68)
    assert k.status == "kan_ikke_afgoeres" and not k.afgjort and k.lister["udsat"] is None
    assert k.mangler == ("uddannelse", "indkomst")
    assert "For at afgøre status mangler: andelen med højst grunduddannelse, indkomsten i procent af regionens" in k.forklaring
    assert k.kriterium("uddannelse").missing and k.kriterium("uddannelse").vaerdi is None
    # non-western 20 % decides the ghetto list even so
    assert k.lister["ghetto"] is False and k.paa_sub_listen is None


def test_missing_value_that_cannot_change_the_result():
    # labour and convictions missed, education missed, income missing: 0 met + 1 missing < 2 -> decided: off
    k = classify({"beboere": 1430, "ikke_vestlige": 37.8, "arbejdsmarked": 38.8, "domme": 1.7, "uddannelse": 51.5},
                 2020, 0.66)
    assert k.status == "ikke_paa_liste" and k.afgjort and k.mangler == ()
    assert k.kriterium("indkomst").missing


def test_missing_national_average_makes_the_conviction_criterion_missing():
    # labour 35 and education 57,1 missed, income 54,2 met, convictions unknown: 1 met + 1 missing of 2
    k = classify(udsat_2019(arbejdsmarked=35), 2019)  # no landsgennemsnit_domme
    d = k.kriterium("domme")
    assert d.missing and d.vaerdi == 2.31 and d.graense is None and "landsgennemsnittet" in d.tekst
    assert k.status == "kan_ikke_afgoeres" and k.mangler == ("domme",)
    assert "landsgennemsnittet for dømte" in k.forklaring


def test_no_values_at_all():
    k = classify({}, 2019)
    assert k.status == "kan_ikke_afgoeres" and k.mangler == KRITERIER and k.paa_sub_listen is None


def test_indicator_ids_are_accepted_and_unknown_keys_refused():
    k = classify({"liste_uden_arbejde_uddannelse": 45, "liste_doemte": 2.9, "liste_beboere": 1200,
                  "liste_ikke_vestlige": 10, "liste_kun_grundskole_30_59": 40, "liste_indkomst_pct_af_region": 60}, 2016)
    assert k.antal_opfyldt == 2 and k.status == "ikke_paa_liste"
    with pytest.raises(ListeError, match="ukendt listekriterium 'ledighed'"):
        classify({"ledighed": 3}, 2019)
    with pytest.raises(ListeError, match="ingen regler"):
        classify({}, 2005)


# =========================================================================== consecutive years


def test_hard_ghetto_needs_five_consecutive_years_and_names_the_disagreement():
    v = udsat_2019()
    # ghetto every year 2015-2019 (2015-2017 on the old ghettolist): hard ghetto under both readings
    k = classify(v, 2019, 0.68, history={2015: "ghettoliste", 2016: "ghettoliste", 2017: "ghettoliste", 2018: "ghetto"})
    assert k.status == "haardt_ghetto" and k.afgjort and k.usikkerhed == ""
    assert k.historik_brugt == (2015, 2016, 2017, 2018)
    # off the list in 2015: 5 years fail, 4 years (2016-2019) hold -> the readings differ, the text says so
    k = classify(v, 2019, 0.68, history={2015: "ikke_paa_liste", 2016: True, 2017: True, 2018: {"ghetto", "haardt_ghetto"}})
    assert k.lister["haardt_ghetto"] is False and k.lister_alternativ["haardt_ghetto"] is True
    assert k.status == "ghetto"
    assert "4 eller 5" in k.usikkerhed and "efter 4-års-læsningen ja" in k.usikkerhed
    # 2016 unknown: cannot be decided, and the missing year is named
    k = classify(v, 2019, 0.68, history={2015: True, 2017: True, 2018: True})
    assert k.lister["haardt_ghetto"] is None and k.mangler_historik == (2016,)
    assert "Listestatus mangler for 2016" in k.forklaring
    # udsat (not ghetto) in 2017 breaks the run
    k = classify(v, 2019, 0.68, history={2015: True, 2016: True, 2017: "udsat", 2018: True})
    assert k.lister["haardt_ghetto"] is False and k.lister_alternativ["haardt_ghetto"] is False
    # not a ghetto this year: never hard ghetto, whatever the history
    k = classify(udsat_2019(ikke_vestlige=40), 2019, 0.68, history={y: True for y in range(2010, 2019)})
    assert k.lister["haardt_ghetto"] is False


def test_omdannelse_from_2021_and_classifications_as_history():
    v = {**udsat_2019(), "domme": 2.0}
    hist = {y: classify(v, y, 0.64, history={2014: True, 2015: True, 2016: True, 2017: True}) for y in (2018, 2019, 2020)}
    assert all(h.lister.get("ghetto") for h in hist.values())
    k = classify(v, 2021, 0.64, history={2017: "ghettoliste", **hist})
    assert k.status == "omdannelse" and k.status_tekst == "Omdannelsesområde" and k.lister["forebyggelse"] is True
    with pytest.raises(ListeError, match="ukendt listestatus"):
        classify(v, 2021, 0.64, history={2020: "ghetto-ish"})


def test_rullende_gennemsnit():
    assert rullende_gennemsnit({2016: 44.0, 2017: 42.0}, 2017, 2) == 43.0
    assert rullende_gennemsnit({2014: 40.0, 2015: 41.0, 2016: 42.0, 2017: 45.0}, 2017, 4) == 42.0
    assert rullende_gennemsnit({2017: 42.0}, 2017, 2) is None


def test_module_doctests():
    result = doctest.testmod(lists, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 3


# =========================================================================== the table


def test_list_table_keeps_not_found_and_inferred(plan):
    t = list_table(empty_obs(), plan=plan)
    assert list(t.columns[:4]) == ["omraade", "omraade_navn", "liste_aar", "regelperiode"]
    for k in KRITERIER:
        assert {f"{k}_vaerdi", f"{k}_graense", f"{k}_afstand", f"{k}_resultat"} <= set(t.columns)
    r = t.set_index(["omraade", "liste_aar"])
    # Ringparken 2022: "not found" stays not found
    assert r.loc[("ringparken", 2022), "registreret_status"] == "ikke fundet"
    assert r.loc[("ringparken", 2022), "registreret_grundlag"] == "not found"
    for y in range(2017, 2022):
        assert r.loc[("sydbyen", y), "registreret_grundlag"] == "not found"
        assert r.loc[("skaelskoer", y), "registreret_status"] == "ikke fundet"
    # 2020 stays inferred
    assert r.loc[("motalavej", 2020), "registreret_grundlag"] == "inferred"
    assert r.loc[("motalavej", 2020), "registreret_status"].endswith("(udledt)")  # Danish, not 'inferred'
    assert "inferred" not in r.loc[("motalavej", 2020), "registreret_status"]
    assert r.loc[("motalavej", 2018), "registreret_status"] == "Ghettoområde og hårdt ghettoområde"
    # without criterion values nothing is classified, and nothing is compared
    assert set(t["status"]) == {"kan_ikke_afgoeres"} and set(t["sammenligning"]) == {"–"}
    # the March 2018 proposal is a note, not the 2018 status
    assert "foreslåede kriterier" in r.loc[("ringparken", 2018), "registreret_note"]
    # every plan year for every area, plus the recorded years (2013, 2022, 2023)
    assert sorted(set(t[t["omraade"] == "motalavej"]["liste_aar"])) == [2013, 2017, 2018, 2019, 2020, 2021, 2022, 2023]


def test_list_table_classifies_observations_and_compares(plan):
    rows = [("ringparken", "liste_beboere", 2019, 2110), ("ringparken", "liste_ikke_vestlige", 2019, 55.8),
            ("ringparken", "liste_uden_arbejde_uddannelse", 2019, 43.8), ("ringparken", "liste_doemte", 2019, 2.15),
            ("ringparken", "liste_kun_grundskole_30_59", 2019, 56.0),
            ("ringparken", "liste_indkomst_pct_af_region", 2019, 54.2), ("danmark", "liste_doemte", 2019, 0.68)]
    t = list_table(obs(rows), ["Ringparken"], plan).set_index("liste_aar")
    r = t.loc[2019]
    assert r["status"] == "ghetto" and r["landsgennemsnit_domme"] == 0.68
    assert r["domme_graense"] == pytest.approx(2.04) and r["domme_resultat"] == "opfyldt"
    assert r["uddannelse_afstand"] == pytest.approx(-4.0)
    # recorded: ghetto and hard ghetto (stated). The classifier agrees on ghetto; hard ghetto needs 2015-2016,
    # which no source row gives -> partial agreement
    assert r["sammenligning"] == "stemmer delvist"
    assert "2015 og 2016" in r["forklaring"]
    with pytest.raises(ListeError, match="ukendt område 'Korsør Nord'"):
        list_table(obs(rows), ["Korsør Nord"], plan)


def test_list_table_on_shipped_illustrative_data(plan):
    t = list_table(None, plan=plan).set_index(["omraade", "liste_aar"])
    assert t.loc[("ringparken", 2017), "status"] == "ghettoliste"
    assert t.loc[("ringparken", 2017), "sammenligning"] == "stemmer"
    assert t.loc[("ringparken", 2021), "status"] == "forebyggelse"
    assert t.loc[("ringparken", 2021), "sammenligning"] == "stemmer"  # off parallelsamfund and omdannelse
    assert t.loc[("ringparken", 2020), "indkomst_resultat"] == "ikke_opfyldt"  # 55,0: exactly at "< 55"
    assert t.loc[("skaelskoer", 2019), "status"] == "kan_ikke_afgoeres"
    assert "indkomsten" in t.loc[("skaelskoer", 2019), "mangler"]
    assert bool(t.loc[("ringparken", 2019), "illustrativ"])
    assert "lister_ILLUSTRATIV.csv række" in t.loc[("ringparken", 2019), "kilde_data"]


def test_illustrative_file_is_marked_and_loads(plan):
    path = DATA_DIR / "eksempel" / "lister_ILLUSTRATIV.csv"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all("ILLUSTRATIV" in r["kilde"] and "ILLUSTRATIV" in r["note"] for r in rows)
    o = load_observations([str(path)], plan)
    assert o["illustrativ"].all()
    assert set(o["omraade"]) == {"motalavej", "ringparken", "sydbyen", "skaelskoer", "danmark"}
    assert set(o["aar"]) == {2017, 2018, 2019, 2020, 2021}
