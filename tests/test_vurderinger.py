"""The evaluator's assessments of the qualitative criteria: reading, validation, use in the status table.

The accepted ratings depend on the round (helhedsanalyse.core.status): at slut only the verdicts (opfyldt,
delvist_opfyldt, ikke_opfyldt), at midtvej also the four progress labels.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helhedsanalyse.compute.assessment import status_table
from helhedsanalyse.core.errors import DataValidationError
from helhedsanalyse.core.status import FREMSKRIDT, STATUS_TEKST, VERDIKTER, VURDERINGER_MIDTVEJ, VURDERINGER_SLUT
from helhedsanalyse.inputs.vurderinger import VURDERING_KOLONNER, load_vurderinger, vurderinger_from_frame
from helhedsanalyse.plan import DATA_DIR, load_plan

SHIPPED = DATA_DIR / "eksempel" / "vurderinger_ILLUSTRATIV.csv"
HEADER = "kriterium,omraade,runde,vurdering,begrundelse,kilde,note\n"


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def write(tmp_path: Path, text: str, name: str = "vurderinger.csv", encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding=encoding)
    return p


def test_valid_file(tmp_path, plan):
    p = write(tmp_path, HEADER
              + "kp_beboerindflydelse,Motalavej,slut,Delvist opfyldt,Beboerne er hørt,Interview,\n"
              + "kp_sunde_faellesskaber,ringparken,midtvej,moderat_fremgang,Flere unge i foreninger,,\n"
              + "kp_sunde_faellesskaber,motalavej,midtvej,På rette vej,Flere unge i foreninger,,\n"
              + "kp_relation_unge_beboere,ringparken,slut,IKKE  opfyldt,Flere konflikter,,\n")
    v = load_vurderinger(p, plan)
    assert list(v.columns) == VURDERING_KOLONNER
    assert v["omraade"].tolist() == ["motalavej", "ringparken", "motalavej", "ringparken"]  # names resolve to ids
    # Danish labels (any case and spacing) resolve to ids
    assert v["vurdering"].tolist() == ["delvist_opfyldt", "moderat_fremgang", "paa_rette_vej", "ikke_opfyldt"]
    assert v["vurdering_tekst"].tolist() == ["Delvist opfyldt", "Fremgang, men for langsom", "På rette vej", "Ikke opfyldt"]
    assert v["raekke"].tolist() == [2, 3, 4, 5]
    assert not v["illustrativ"].any()


def test_accepted_ratings_come_from_the_status_vocabulary():
    assert VURDERINGER_SLUT == VERDIKTER == ("opfyldt", "delvist_opfyldt", "ikke_opfyldt")
    assert set(VURDERINGER_MIDTVEJ) == set(VERDIKTER) | set(FREMSKRIDT)


@pytest.mark.parametrize("runde, accepted", [("slut", VURDERINGER_SLUT), ("midtvej", VURDERINGER_MIDTVEJ)])
def test_every_accepted_rating_by_id_and_label(plan, runde, accepted):
    for rating in accepted:
        for skrevet in (rating, STATUS_TEKST[rating], STATUS_TEKST[rating].upper()):
            df = pd.DataFrame([{"kriterium": "kp_beboerindflydelse", "omraade": "motalavej", "runde": runde,
                                "vurdering": skrevet, "begrundelse": "Begrundet"}])
            assert vurderinger_from_frame(df, plan).iloc[0]["vurdering"] == rating, skrevet


@pytest.mark.parametrize("skrevet", ["paa_rette_vej", "På rette vej", "moderat_fremgang", "Moderat fremgang",
                                     "Fremgang, men for langsom", "begraenset_fremgang", "tilbagegang"])
def test_progress_label_is_refused_at_slut(tmp_path, plan, skrevet):
    p = write(tmp_path, HEADER + f'kp_beboerindflydelse,motalavej,slut,"{skrevet}",Beboerne er hørt,,\n')
    with pytest.raises(DataValidationError) as err:
        load_vurderinger(p, plan)
    [problem] = err.value.problems
    assert (problem.fil, problem.raekke, problem.kolonne, problem.vaerdi) == (str(p), 2, "vurdering", skrevet)
    text = str(problem)
    assert text.startswith(f"{p}, række 2, kolonne 'vurdering': værdien '{skrevet}': ")
    assert "kan kun bruges ved midtvejsevalueringen" in text
    assert text.endswith("gyldige i runden slut (slutevalueringen, data til og med 2021): opfyldt, delvist_opfyldt, "
                         "ikke_opfyldt (eller 'Opfyldt', 'Delvist opfyldt', 'Ikke opfyldt')")


@pytest.mark.parametrize("skrevet, forventet", [
    ("afventer_vurdering", "'Afventer vurdering' er ikke en vurdering: udelad rækken"),
    ("Mangler data", "'Mangler data' er en status, reglerne giver, ikke en vurdering evaluator kan give"),
    ("ikke_aktuel", "'Ikke aktuel endnu' er en status, reglerne giver"),
    ("kvalitativ", "ugyldig vurdering"),  # the old status id is no rating
])
def test_statuses_that_are_not_ratings_are_refused(tmp_path, plan, skrevet, forventet):
    p = write(tmp_path, HEADER + f"kp_beboerindflydelse,motalavej,midtvej,{skrevet},Beboerne er hørt,,\n")
    with pytest.raises(DataValidationError) as err:
        load_vurderinger(p, plan)
    [problem] = err.value.problems
    assert problem.kolonne == "vurdering" and problem.vaerdi == skrevet
    assert forventet in problem.besked
    assert "gyldige i runden midtvej (midtvejsevalueringen, data til og med 2018): opfyldt, delvist_opfyldt, " \
           "ikke_opfyldt, paa_rette_vej, moderat_fremgang, begraenset_fremgang, tilbagegang" in problem.besked


def test_missing_rating_names_what_the_round_accepts(tmp_path, plan):
    p = write(tmp_path, HEADER + "kp_beboerindflydelse,motalavej,slut,,Beboerne er hørt,,\n")
    with pytest.raises(DataValidationError) as err:
        load_vurderinger(p, plan)
    [problem] = err.value.problems
    assert problem.kolonne == "vurdering"
    assert problem.besked.startswith("vurderingen mangler; gyldige i runden slut")


def test_bad_round_and_rating_both_reported(tmp_path, plan):
    p = write(tmp_path, HEADER + "kp_beboerindflydelse,motalavej,primo,opfyld,Beboerne er hørt,,\n"
              + "kp_beboerindflydelse,ringparken,primo,paa_rette_vej,Beboerne er hørt,,\n")
    with pytest.raises(DataValidationError) as err:
        load_vurderinger(p, plan)
    by = {(pr.raekke, pr.kolonne): pr for pr in err.value.problems}
    # an unknown round: a rating accepted in some round is not reported again, an unknown one is
    assert sorted(by) == [(2, "runde"), (2, "vurdering"), (3, "runde")]
    assert "i runden midtvej også paa_rette_vej" in by[(2, "vurdering")].besked
    assert "mente du 'opfyldt'" in by[(2, "vurdering")].besked


def test_semicolon_danish_headers_and_bom(tmp_path, plan):
    text = "\ufeffkriterium;område;runde;vurdering;begrundelse\nkp_tryghed_vurderes_styrket;Skælskør;slut;opfyldt;Trygheden er styrket\n"
    v = load_vurderinger(write(tmp_path, text), plan)
    assert v.iloc[0]["omraade"] == "skaelskoer" and v.iloc[0]["vurdering"] == "opfyldt"


def test_excel(tmp_path, plan):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["kriterium", "omraade", "runde", "vurdering", "begrundelse"])
    ws.append(["kp_relation_unge_beboere", "motalavej", "slut", "ikke_opfyldt", "Flere konflikter"])
    ws.append(["kp_relation_unge_beboere", "ringparken", "slut", "tilbagegang", "Flere konflikter"])
    p = tmp_path / "vurderinger.xlsx"
    wb.save(p)
    with pytest.raises(DataValidationError) as err:
        load_vurderinger(p, plan)
    [problem] = err.value.problems  # a progress label at slut, named with its Excel row
    assert (problem.raekke, problem.kolonne, problem.vaerdi) == (3, "vurdering", "tilbagegang")
    wb.active.delete_rows(3)
    wb.save(p)
    v = load_vurderinger(p, plan)
    assert v.iloc[0]["vurdering"] == "ikke_opfyldt" and v.iloc[0]["raekke"] == 2


def test_every_problem_reported_at_once(tmp_path, plan):
    p = write(tmp_path, HEADER
              + "kp_beboerindflydelze,motalavej,slut,opfyldt,tekst,,\n"        # 2: unknown criterion
              + "kp_beboerindflydelse,Nørrebro,slut,opfyldt,tekst,,\n"          # 3: unknown area
              + "kp_kriminalitet,samlet,slut,opfyldt,tekst,,\n"                 # 4: quantitative criterion
              + "kp_beboerindflydelse,sydbyen,slut,opfyldt,,,\n"                # 5: no justification
              + "kp_beboerindflydelse,ringparken,slut,fremragende,tekst,,\n"     # 6: bad rating
              + "kp_relation_unge_beboere,sydbyen,slut,opfyldt,tekst,,\n"        # 7: area not covered
              + "kp_beboerindflydelse,motalavej,primo,opfyldt,tekst,,\n"         # 8: bad round
              + "kp_beboerindflydelse,skaelskoer,slut,opfyldt,tekst,,\n"         # 9: ok
              + "kp_beboerindflydelse,Skælskør,slut,ikke_opfyldt,tekst,,\n")     # 10: duplicate of row 9
    with pytest.raises(DataValidationError) as err:
        load_vurderinger(p, plan)
    problems = err.value.problems
    by_row = {pr.raekke: pr for pr in problems}
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7, 8, 10]
    assert all(pr.fil == str(p) for pr in problems)
    assert by_row[2].kolonne == "kriterium" and by_row[2].vaerdi == "kp_beboerindflydelze"
    assert "mente du 'kp_beboerindflydelse'" in by_row[2].besked
    assert by_row[3].kolonne == "omraade" and by_row[3].vaerdi == "Nørrebro"
    assert "kvantitativt" in by_row[4].besked
    assert by_row[5].kolonne == "begrundelse" and "mangler" in by_row[5].besked
    assert by_row[6].kolonne == "vurdering" and by_row[6].vaerdi == "fremragende"
    assert "gyldige i runden slut" in by_row[6].besked and "delvist_opfyldt" in by_row[6].besked
    assert "paa_rette_vej" not in by_row[6].besked  # not accepted at slut
    assert "gælder ikke for dette område" in by_row[7].besked
    assert by_row[8].kolonne == "runde"
    assert "række 9" in by_row[10].besked


def test_missing_column(tmp_path, plan):
    p = write(tmp_path, "kriterium,omraade,runde,vurdering\nkp_beboerindflydelse,motalavej,slut,opfyldt\n")
    with pytest.raises(DataValidationError) as err:
        load_vurderinger(p, plan)
    assert [pr.kolonne for pr in err.value.problems] == ["begrundelse"]


def test_missing_file_is_a_problem(tmp_path, plan):
    with pytest.raises(DataValidationError) as err:
        load_vurderinger(tmp_path / "findes_ikke.csv", plan)
    assert "findes ikke" in str(err.value)


def test_from_frame(plan):
    df = pd.DataFrame([{"kriterium": "kp_sunde_faellesskaber", "omraade": "motalavej", "runde": "slut",
                        "vurdering": "opfyldt", "begrundelse": "ok"}])
    assert vurderinger_from_frame(df, plan).iloc[0]["vurdering"] == "opfyldt"
    with pytest.raises(DataValidationError):
        vurderinger_from_frame(df.assign(begrundelse=""), plan)


def test_shipped_illustrative_file(plan):
    v = load_vurderinger(SHIPPED, plan)
    assert len(v) > 0 and v["illustrativ"].all()
    raw = pd.read_csv(SHIPPED)
    assert (raw["kilde"].str.contains("ILLUSTRATIV") & raw["note"].str.contains("ILLUSTRATIV")).all()
    assert raw["begrundelse"].str.startswith("ILLUSTRATIV").all()
    # every row is accepted in its round: verdicts at slut
    assert set(v[v["runde"] == "slut"]["vurdering"]) <= set(VURDERINGER_SLUT)
    assert set(v[v["runde"] == "midtvej"]["vurdering"]) <= set(VURDERINGER_MIDTVEJ)


def test_used_in_status_table(plan):
    v = load_vurderinger(SHIPPED, plan)
    table = status_table(pd.DataFrame(columns=["omraade", "indikator", "periode"]), plan, "slut", vurderinger=v)
    q = table[table["kriterium"] == "kp_beboerindflydelse"].set_index("omraade")
    # once judged, the evaluator's rating is the status, and a column says it is the evaluator's judgement
    assert q.loc["motalavej", "status"] == "opfyldt" and q.loc["motalavej", "vurdering"] == "opfyldt"
    assert q.loc["ringparken", "status"] == "delvist_opfyldt"  # slut rows of the shipped file
    assert bool(q.loc["motalavej", "evaluators_vurdering"]) is True
    assert bool(q.loc["motalavej", "illustrativ"]) is True
    assert q.loc["motalavej", "begrundelse"].startswith("ILLUSTRATIV")
    # not judged: afventer_vurdering, not the evaluator's judgement
    assert q.loc["skaelskoer", "status"] == "afventer_vurdering"
    assert q.loc["skaelskoer", "status_tekst"] == "Afventer vurdering"
    assert bool(q.loc["skaelskoer", "evaluators_vurdering"]) is False
    assert "endnu ikke vurderet" in q.loc["skaelskoer", "forklaring"]
    assert pd.isna(q.loc["skaelskoer", "vurdering"])
    assert "kvalitativ" not in set(table["status"])
