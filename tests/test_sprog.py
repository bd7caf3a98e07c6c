"""Plain Danish for readers (#14, item 6): no English words, no "(r)" plurals, no repository paths,
parameter names or raw ids, quarters in words, Danish quotes, a non-breaking space between a number and
its unit -- checked against the visible text of every rendered report of both rounds.

The rules are data: :data:`SPROGFEJL` (pattern, why it is wrong, what to write instead) and
:func:`synlig_tekst` (the text a reader sees) are module-level so that a browser test reading
``innerText`` can reuse them. The formatting helpers the reports use are tested here as tables of cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment

from helhedsanalyse.core.formatting import (
    NBSP,
    antal_tekst,
    fast_mellemrum,
    format_aendring,
    format_forskel,
    format_pct,
    format_vaerdi,
    periode_tekst,
)
from helhedsanalyse.plan import load_plan
from helhedsanalyse.report.templating import render_macro


@dataclass(frozen=True)
class Sprogfejl:
    """One thing a Danish reader should never meet in a report."""

    navn: str
    moenster: str  # a regular expression over the visible text
    hvorfor: str  # why it is wrong
    i_stedet: str  # what to write instead
    #: Reports (file name stems) where it may stay: the data check names the user's columns and ids.
    undtagen: tuple[str, ...] = ()
    flags: int = 0

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.moenster, self.flags)


#: Everything the check looks for. Ids of criteria and indicators may stay in the data check (it is the
#: evaluator's tool for fixing the data files) and in tooltips (``title`` attributes are not visible text).
SPROGFEJL: tuple[Sprogfejl, ...] = (
    Sprogfejl("engelske listekoder", r"\b(?:inferred|stated|not found)\b",
              "the reference file's English codes for how a list status is known",
              "“udledt”, “oplyst i kilden”, “ikke fundet”", flags=re.IGNORECASE),
    Sprogfejl("engelske ord",
              r"\b(?:the|and|of|not|found|is|are|with|from|none|null|nan|true|false|error|warning|missing"
              r"|unknown|see|only|value|values)\b",
              "English function words or program values (None, NaN, True) in a Danish report",
              "the Danish word, or leave the value out (–)", flags=re.IGNORECASE),
    Sprogfejl("programflertal", r"\w\((?:e|r|er|n|ne|erne)\)",
              "a program's plural (“række(r)”, “værdi(er)”): the count is known when the text is written",
              "the right form for the count: “1 række”, “3 rækker” (core.formatting.antal_tekst, "
              "the template filter `antal`)"),
    Sprogfejl("kvartalskode", r"\b\d{4}[QH][1-4](?:-[QH]?[1-4])?\b",
              "the data contract's period code (“2021Q1-Q4”) is not Danish",
              "“1.-4. kvartal 2021”, “4. kvartal 2018”, “1. halvår 2019” (core.formatting.periode_tekst)"),
    Sprogfejl("sti i projektet", r"(?<![\w/.:-])(?:data|docs|notebooks|helhedsanalyse|tests)/[\w./-]+",
              "a path inside the program's folder means nothing to a board member reading the report",
              "name the document in words (“metodebeskrivelsen, som følger med programmet”) or leave it out"),
    Sprogfejl("programfil", r"\b[\w-]+\.(?:py|yaml|yml|md|ipynb|j2|toml)\b",
              "a program or configuration file name", "name the document in words, or leave it out"),
    Sprogfejl("id eller parameternavn", r"\b[a-zæøå]+(?:_[a-zæøå0-9]+)+\b(?![\w.-]*\.(?:csv|xlsx|xlsm|xls)\b)",
              "a criterion id (“kp_brande”), an indicator id or a notebook parameter (“diskretionering_graense”) "
              "as reader text", "the criterion's title, the indicator's name, the setting in words; the id may "
              "stay in a tooltip (title attribute) and in the data check", undtagen=("datatjek",)),
    Sprogfejl("lige citationstegn", r"(?<!\w)'[^'\n]{1,80}'(?!\w)",
              "straight ASCII quotes (“'(diskretioneret)'”) are typewriter style",
              "Danish quotes “…” (or »…«)"),
    Sprogfejl("tal og enhed brudt", r"\d [%‰]|\d (?:kr\.|procentpoint|pr\. 1000\b|år\b|uger\b|dage\b)",
              "a plain space lets the line break between a number and its unit",
              f"a non-breaking space (U+00A0): “72,4{NBSP}%”, “1.250{NBSP}kr.” (core.formatting.NBSP)"),
    Sprogfejl("områdets tredje navn", r"Præstevangen og Parkvej \(Skælskør\)|Motalavej \(Korsør\)",
              "an area has two names: the plan's full name in headings, one short name in tables",
              "“Præstevangen og Parkvej” (Omraade.navn) or “Skælskør” (Omraade.kortnavn)"),
)

#: Addresses of sources are shown as they are (they are references, not prose).
_URL = re.compile(r"https?://\S+|www\.\S+")


def synlig_tekst(html: str) -> str:
    """The text a reader sees in a report: no styles, scripts, page title, comments or tooltips (SVG
    ``<title>``, ``title`` attributes); block elements on their own lines."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["style", "script", "head", "title"]):
        tag.decompose()
    for tag in soup.select("a.anchor-link"):  # the pilcrow nbconvert puts after each heading
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(["p", "div", "td", "th", "li", "tr", "br", "dt", "dd", "caption", "figcaption",
                              "h1", "h2", "h3", "h4", "h5", "h6", "section", "table", "text", "summary"]):
        tag.insert_before("\n")
        tag.append("\n")
    return soup.get_text("")


def sprogfejl(tekst: str, rapport: str = "") -> list[tuple[Sprogfejl, str]]:
    """Every rule of :data:`SPROGFEJL` that ``tekst`` breaks, each with the first hit in its context
    (``rapport``: the report's file name, for the exceptions). Web addresses of sources are left out."""
    tekst = _URL.sub(" ", tekst)
    stem = Path(rapport).stem
    out = []
    for fejl in SPROGFEJL:
        if stem in fejl.undtagen:
            continue
        m = fejl.regex.search(tekst)
        if m:
            out.append((fejl, tekst[max(0, m.start() - 60):m.end() + 30].replace("\n", " | ")))
    return out


# --------------------------------------------------------------------------- the rules catch what they should


@pytest.mark.parametrize(("tekst", "rammer"), [
    ("Ringparken: ikke fundet ('not found')", {"engelske listekoder", "engelske ord", "lige citationstegn"}),
    ("Ghettoområde (udledt, 'inferred')", {"engelske listekoder", "lige citationstegn"}),
    ("3 række(r) mere for 2018 er ikke brugt", {"programflertal"}),
    ("1 værdi(er) er udeladt af figuren", {"programflertal"}),
    ("Temaaftener 2021Q1-Q4", {"kvartalskode"}),
    ("Årstal = seneste opgørelse (2018Q4).", {"kvartalskode"}),
    ("eksempeltal (data/eksempel), ikke rigtige", {"sti i projektet"}),
    ("metodebeskrivelsen (docs/metode.md).", {"sti i projektet", "programfil"}),
    ("det strategiske krav er kriteriet kp_brande.", {"id eller parameternavn"}),
    ("sæt diskretionering_graense til 5", {"id eller parameternavn"}),
    ("vist som '(diskretioneret)'", {"lige citationstegn"}),
    ("Andel: 72,4 % i 2018", {"tal og enhed brudt"}),
    ("Budget 1.250 kr. om året", {"tal og enhed brudt"}),
    ("Nået i 3 af 4 år", {"tal og enhed brudt"}),
    ("Præstevangen og Parkvej (Skælskør)", {"områdets tredje navn"}),
    # what a report should say instead
    (f"Ringparken: ikke fundet; Ghettoområde (udledt). 3 rækker, 1 værdi. 1.-4. kvartal 2021. "
     f"72,4{NBSP}% og 1.250{NBSP}kr.; vist som “(diskretioneret)”. Præstevangen og Parkvej; Skælskør. "
     f"Datafil: tryghed_2018.csv. Kilde: https://www.example.dk/the_list_of_areas.html", set()),
])
def test_each_rule_catches_its_leftover_and_passes_the_danish(tekst, rammer):
    assert {f.navn for f, _ in sprogfejl(tekst)} == rammer


def test_ids_may_stay_in_the_data_check_only():
    assert {f.navn for f, _ in sprogfejl("kp_brande", "slut/datatjek.html")} == set()
    assert {f.navn for f, _ in sprogfejl("kp_brande", "slut/omraade_motalavej.html")} == {"id eller parameternavn"}


def test_visible_text_leaves_out_tooltips_styles_and_addresses():
    html = ('<html><head><title>x_y</title><style>.a_b{}</style></head><body>'
            '<td class="kriterium" title="kp_brande">Påsatte brande</td>'
            '<svg><title>tt_tryghed</title><text>Andel</text></svg>'
            '<p>Kilde: <a href="https://x.dk/a_b">https://x.dk/the_list</a></p></body></html>')
    tekst = synlig_tekst(html)
    assert "Påsatte brande" in tekst and "Andel" in tekst and "kp_brande" not in tekst
    assert sprogfejl(tekst) == []


# --------------------------------------------------------------------------- every report of both rounds


def test_reports_are_written_in_plain_danish(rendered, alle_rapporter):
    """Every report of the rendered set (both rounds) and the index: no rule of SPROGFEJL broken."""
    fund = []
    for rapport in [*alle_rapporter, None]:
        rel = rapport.rel if rapport else "index.html"
        tekst = synlig_tekst((rendered / rel).read_text(encoding="utf-8"))
        fund += [f"{rel}: {fejl.navn} – {fejl.hvorfor}; skriv i stedet {fejl.i_stedet}:\n    …{udsnit}…"
                 for fejl, udsnit in sprogfejl(tekst, rel)]
    assert not fund, "\n".join(fund)


# --------------------------------------------------------------------------- the helpers the reports use


@pytest.mark.parametrize(("vaerdi", "forventet"), [
    (lambda: format_pct(72.4), "72,4\u00a0%"),
    (lambda: format_aendring(-10), "\u221210\u00a0%"),
    (lambda: format_vaerdi(18.2, "pr_1000"), "18,2\u00a0pr. 1000"),
    (lambda: format_vaerdi(3, "uger"), "3\u00a0uger"),
    (lambda: format_vaerdi(1250, "antal"), "1.250"),
    (lambda: format_forskel(4.26, "pct"), "+4,3\u00a0procentpoint"),
    (lambda: format_pct(None), "–"),
])
def test_a_number_and_its_unit_do_not_break_apart(vaerdi, forventet):
    assert vaerdi() == forventet


@pytest.mark.parametrize(("tekst", "forventet"), [
    ("mindst 10 % fald om året", "mindst 10\u00a0% fald om året"),
    ("1.250 kr. årligt", "1.250\u00a0kr. årligt"),
    ("+4,3 procentpoint", "+4,3\u00a0procentpoint"),
    ("18,2 pr. 1000 beboere", "18,2\u00a0pr. 1000 beboere"),
    ("nået i 2 af 4 år; 2018 års tal", "nået i 2 af 4\u00a0år; 2018 års tal"),
    ("i 2018 og 2019", "i 2018 og 2019"),  # only a number and its unit
    ("100% og 95 %-intervallet", "100% og 95\u00a0%-intervallet"),
])
def test_quoted_wording_keeps_number_and_unit_together(tekst, forventet):
    assert fast_mellemrum(tekst) == forventet


def test_templates_keep_number_and_unit_together_in_plain_text_only():
    from helhedsanalyse.report.templating import Markup, environment

    t = environment().from_string("{{ a }}|{{ b }}")
    assert t.render(a="mindst 10 % fald", b=Markup("<b>10 %</b>")) == "mindst 10\u00a0% fald|<b>10 %</b>"


@pytest.mark.parametrize(("n", "ental", "flertal", "forventet"), [
    (0, "række", "rækker", "0 rækker"),
    (1, "række", "rækker", "1 række"),
    (2, "række", "rækker", "2 rækker"),
    (1, "værdi", "værdier", "1 værdi"),
    (1250, "celle", "celler", "1.250 celler"),
    (1, "problem", "problemer", "1 problem"),
])
def test_a_count_has_the_right_singular_or_plural(n, ental, flertal, forventet):
    assert antal_tekst(n, ental, flertal) == forventet


def test_the_template_filter_writes_the_same_count():
    assert "1 vurdering mangler data" in render_macro("rapport/datatjek.j2", "mangler", 1, "")
    assert "3 vurderinger mangler data" in render_macro("rapport/datatjek.j2", "mangler", 3, "")
    assert "1 problem:" in render_macro("rapport/datatjek.j2", "problemer", ["x"])


@pytest.mark.parametrize(("periode", "forventet"), [
    ("2021Q1-Q4", "1.-4. kvartal 2021"),
    ("2018Q1-Q3", "1.-3. kvartal 2018"),
    ("2018Q4", "4. kvartal 2018"),
    ("2019H1", "1. halvår 2019"),
    ("2019H1-H2", "1.-2. halvår 2019"),
    ("2018", "2018"),
    (2018, "2018"),
    ("2017-2021", "2017-2021"),
    (None, ""),
])
def test_a_period_is_written_in_words(periode, forventet):
    assert periode_tekst(periode) == forventet


def test_every_area_has_one_short_name_and_one_full_name():
    plan = load_plan()
    for o in plan.omraader:
        assert o.kortnavn, f"{o.id}: kortnavn mangler i data/plan/omraader.yaml"
        assert plan.stednavn(o.id) == o.navn and plan.kortnavn(o.id) == o.kortnavn
    assert plan.kortnavn("skaelskoer") == "Skælskør"
    assert plan.stednavn("skaelskoer") == "Præstevangen og Parkvej"
