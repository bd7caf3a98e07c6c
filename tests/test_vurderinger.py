"""The evaluator's assessments of the qualitative criteria: reading, validation, use in the status table."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helhedsanalyse.assessment import status_table
from helhedsanalyse.errors import DataValidationError
from helhedsanalyse.plan import DATA_DIR, load_plan
from helhedsanalyse.vurderinger import VURDERING_KOLONNER, load_vurderinger, vurderinger_from_frame

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
              + "kp_beboerindflydelse,Motalavej,slut,På rette vej,Beboerne er hørt,Interview,\n"
              + "kp_sunde_faellesskaber,ringparken,midtvej,moderat_fremgang,Flere unge i foreninger,,\n")
    v = load_vurderinger(p, plan)
    assert list(v.columns) == VURDERING_KOLONNER
    assert v["omraade"].tolist() == ["motalavej", "ringparken"]  # names resolve to ids
    assert v["vurdering"].tolist() == ["paa_rette_vej", "moderat_fremgang"]  # labels resolve to ids
    assert v["raekke"].tolist() == [2, 3]
    assert not v["illustrativ"].any()


def test_semicolon_danish_headers_and_bom(tmp_path, plan):
    text = "\ufeffkriterium;område;runde;vurdering;begrundelse\nkp_tryghed_vurderes_styrket;Skælskør;slut;opfyldt;Trygheden er styrket\n"
    v = load_vurderinger(write(tmp_path, text), plan)
    assert v.iloc[0]["omraade"] == "skaelskoer" and v.iloc[0]["vurdering"] == "opfyldt"


def test_excel(tmp_path, plan):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["kriterium", "omraade", "runde", "vurdering", "begrundelse"])
    ws.append(["kp_relation_unge_beboere", "motalavej", "slut", "tilbagegang", "Flere konflikter"])
    p = tmp_path / "vurderinger.xlsx"
    wb.save(p)
    v = load_vurderinger(p, plan)
    assert v.iloc[0]["vurdering"] == "tilbagegang" and v.iloc[0]["raekke"] == 2


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
              + "kp_beboerindflydelse,Skælskør,slut,tilbagegang,tekst,,\n")      # 10: duplicate of row 9
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
    assert "paa_rette_vej" in by_row[6].besked
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


def test_used_in_status_table(plan):
    v = load_vurderinger(SHIPPED, plan)
    table = status_table(pd.DataFrame(columns=["omraade", "indikator", "periode"]), plan, "slut", vurderinger=v)
    q = table[table["kriterium"] == "kp_beboerindflydelse"].set_index("omraade")
    assert (q["status"] == "kvalitativ").all()
    assert q.loc["motalavej", "vurdering"] == "opfyldt"  # slut row of the shipped file
    assert bool(q.loc["motalavej", "illustrativ"]) is True
    assert q.loc["motalavej", "begrundelse"].startswith("ILLUSTRATIV")
    assert q.loc["skaelskoer", "forklaring"] == "Afventer evaluators vurdering."
    assert pd.isna(q.loc["skaelskoer", "vurdering"])
