"""The status palette and how the reports show a status: contrast, vocabulary, legend, markers.

* Every badge colour pair (text on background) meets WCAG 2.1 AA for normal text, 4,5:1.
* The palette and the legend order live in ``helhedsanalyse.core.status`` only (one vocabulary).
* The legend "Sådan læses statusserne" explains every status of the scale in Danish.
* The markers ("foreløbig", "evaluators vurdering") and the uncertainty and projection sentences are
  shown when the status table has them, and a status table without those columns still renders.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from helhedsanalyse.core import status as vokabular
from helhedsanalyse.report import Rapport, badge, markeringer, statusforklaring, style
from helhedsanalyse.report.lists import LISTE_STIL


def _kanal(c: int) -> float:
    """One sRGB channel (0-255) linearised, as in WCAG 2.1's definition of relative luminance:
    https://www.w3.org/TR/WCAG21/#dfn-relative-luminance (c/12,92 up to 0,03928, else ((c+0,055)/1,055)^2,4)."""
    s = c / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def relativ_luminans(farve: str) -> float:
    """L = 0,2126 R + 0,7152 G + 0,0722 B of the linearised channels (WCAG 2.1, relative luminance)."""
    h = farve.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _kanal(r) + 0.7152 * _kanal(g) + 0.0722 * _kanal(b)


def kontrast(a: str, b: str) -> float:
    """(L1 + 0,05) / (L2 + 0,05), L1 the lighter: https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio.
    Success criterion 1.4.3 (Contrast, Minimum, level AA) asks at least 4,5:1 for normal text."""
    la, lb = sorted((relativ_luminans(a), relativ_luminans(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_on_known_pairs():
    assert kontrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert kontrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert kontrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # ... and the just-passing one


@pytest.mark.parametrize("status", list(vokabular.STATUS_STIL))
def test_every_status_badge_meets_wcag_aa(status):
    label, symbol, bg, fg = vokabular.STATUS_STIL[status]
    assert kontrast(fg, bg) >= 4.5, f"{status}: {fg} on {bg} is {kontrast(fg, bg):.2f}:1"


@pytest.mark.parametrize("status", list(LISTE_STIL))
def test_every_list_status_badge_meets_wcag_aa(status):
    symbol, bg, fg = LISTE_STIL[status]
    assert kontrast(fg, bg) >= 4.5, f"{status}: {fg} on {bg} is {kontrast(fg, bg):.2f}:1"


def test_the_palette_and_the_legend_order_live_in_the_status_vocabulary_only():
    assert not hasattr(style, "STATUS_STIL") and not hasattr(style, "STATUS_ORDEN")
    assert set(vokabular.STATUS_STIL) == set(vokabular.STATUSSER) == set(vokabular.STATUS_TEKST)
    assert len(vokabular.STATUSSER) == 10 and "kvalitativ" not in vokabular.STATUSSER
    # verdicts and progress labels are told apart by symbol, not only by colour
    symbols = [vokabular.STATUS_STIL[s][1] for s in vokabular.STATUSSER]
    assert len(set(symbols)) == len(symbols)
    assert [vokabular.STATUS_STIL[s][0] for s in vokabular.STATUSSER] == [vokabular.STATUS_TEKST[s] for s in vokabular.STATUSSER]


@pytest.mark.parametrize("status", list(vokabular.STATUSSER))
def test_badge_of_every_status_in_words_symbol_and_colour(status):
    label, symbol, bg, fg = vokabular.STATUS_STIL[status]
    html = badge(status)
    assert f"{symbol} {label}" in html and bg in html and fg in html


def test_badge_of_an_id_outside_the_scale_shows_it_in_words():
    assert "kvalitativ" in badge("kvalitativ")
    assert "Gælder ikke endnu" in badge(None)


@pytest.mark.parametrize("runde", ["midtvej", "slut", None])
def test_legend_explains_every_status(runde):
    html = statusforklaring(runde)
    for status in vokabular.STATUSSER:
        label, symbol, *_ = vokabular.STATUS_STIL[status]
        assert f"{symbol} {label}</span> – " in html, status
    text = re.sub(r"<[^>]+>", "", html)
    for word in ("foreløbig", "evaluators vurdering", "Statistisk usikkerhed", "Fremskrivning", "metodebeskrivelsen"):
        assert word in text
    # a report names only its own round (tests/test_notebooks.py)
    assert "Midtvejsevaluering" not in text and "Slutevaluering" not in text
    short = statusforklaring(runde, kort=True)
    assert all(vokabular.STATUS_STIL[s][0] in short for s in vokabular.STATUSSER)


def test_markers_read_with_a_default():
    assert markeringer({}) == ""
    assert markeringer({"foreloebig": pd.NA, "evaluators_vurdering": None}) == ""
    both = markeringer({"foreloebig": True, "evaluators_vurdering": True})
    assert ">foreløbig<" in both and ">evaluators vurdering<" in both


@pytest.fixture(scope="module")
def rapport():
    return Rapport.load("slut")


def _med_status(monkeypatch, rapport, status: pd.DataFrame) -> None:
    """The report shows ``status`` as its computed round's status table (for this test)."""
    monkeypatch.setattr(rapport, "beregnet", dataclasses.replace(rapport.beregnet, status=status))


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_criterion_section_shows_markers_and_sentences(rapport, monkeypatch):
    s = rapport.status.copy()
    i = s.index[(s["kriterium"] == "tt_tryghed") & (s["omraade"] == "motalavej")][0]
    s.loc[i, "foreloebig"] = True
    s.loc[i, "usikkerhed"] = "Forskellen ligger inden for den statistiske usikkerhed."
    s.loc[i, "fremskrivning"] = "Fremskrivning: i det tempo nås målet i 2021."
    _med_status(monkeypatch, rapport, s)
    html = "".join(rapport._kriterie_dele("tt_tryghed", "motalavej"))
    text = _tekst(html)
    assert re.search(r'class="status"[^>]*>[^<]+</span><span class="markering"[^>]*>foreløbig</span>', html)
    assert "Statistisk usikkerhed: Forskellen ligger inden for den statistiske usikkerhed." in text
    assert "Fremskrivning: i det tempo nås målet i 2021." in text and "Fremskrivning: Fremskrivning" not in text


def test_evaluators_judgement_is_marked(rapport):
    q = rapport.status[rapport.status["evaluators_vurdering"].astype(bool)]
    assert not q.empty
    r = q.iloc[0]
    html = "".join(rapport._kriterie_dele(r["kriterium"], r["omraade"]))
    assert ">evaluators vurdering</span>" in html
    assert badge(r["status"]) in html


def test_sections_work_without_the_new_columns(rapport, monkeypatch):
    nye = ["foreloebig", "evaluators_vurdering", "frist", "kraevet_aar", "aar_naaet", "aar_vurderet", "ki_nedre",
           "ki_oevre", "ki_metode", "usikkerhed", "fremskrivning", "fremskrivning_vaerdi", "fremskrivning_naar_maalet"]
    _med_status(monkeypatch, rapport, rapport.status.drop(columns=[c for c in nye if c in rapport.status]))
    parts = [rapport.statusoptaelling().data, rapport.statusgitter().data, rapport.opmaerksomhedspunkter().data,
             rapport.indsatsomraade_oversigt().data, rapport.datadaekning().data, rapport.mangler().data,
             *rapport._kriterie_dele("tt_tryghed", "motalavej")]
    text = _tekst("".join(parts))
    assert "Opfyldt" in text and 'class="markering' not in "".join(parts)
    for bad in ("None", "nan", "<NA>"):
        assert bad not in text


def test_board_points_to_verdicts_that_miss_worst_first(rapport):
    html = rapport.opmaerksomhedspunkter().data
    shown = [st for st in re.findall(r'class="status"[^>]*>\S+ ([^<]+)</span>', html)]
    assert shown, "the example data have criteria that are not met"
    rang = [vokabular.STATUS_TEKST[s] for s in Rapport.OPMAERKSOMHED]
    assert set(shown) <= set(rang)
    assert [rang.index(x) for x in shown] == sorted(rang.index(x) for x in shown)


def test_status_count_names_the_markers(rapport, monkeypatch):
    s = rapport.status.copy()
    s["foreloebig"] = False
    s.loc[s.index[:2], "foreloebig"] = True
    _med_status(monkeypatch, rapport, s)
    text = _tekst(rapport.statusoptaelling().data)
    n = int(s["evaluators_vurdering"].sum())
    assert "Heraf 2 er foreløbige" in text and f"{n} er evaluators vurderinger" in text
