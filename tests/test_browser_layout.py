"""Every report fits its page and its colours can be read, measured in a real browser (#14: print and small
screens, accessible status colours).

Headless Chromium (tests/chromium.py) opens every report of both rounds of the session's rendered set
(tests/conftest.py) and the index, three times:

==========  ===========================================  ==================================================
visit       viewport                                     what must hold
==========  ===========================================  ==================================================
laptop      900 px window, screen                        no element reaches past the report column
paper       print style sheet (CSS media ``print``) at   no element reaches past the column: nothing is cut
            the width of an A4 page's text (210 mm less  off on paper (a table that loses a column, as the
            the side margins of the ``@page`` rule)      delivery table once lost "Stand")
phone       390 × 844 px, a phone (the page's            the page never scrolls sideways; no paragraph,
            ``<meta name="viewport">`` decides the       heading or list item is wider than the screen;
            layout width)                                figures scale; what is wider than the column (a
                                                         table) scrolls inside its own frame, which the
                                                         keyboard reaches and which has a name
==========  ===========================================  ==================================================

and on the laptop visit, every text against the ground it is drawn on -- every status badge in particular,
as the browser computes their ``color`` and ``background-color`` -- meets WCAG 2.1 AA, 4,5:1.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/chromium.py, whatever pytest's import mode
from chromium import Browser

from helhedsanalyse.report.style import REPORT_CSS

BAERBAR = 900  # px: a laptop window
TELEFON = (390, 844)  # px: a phone in portrait
AA = 4.5  # WCAG 2.1 success criterion 1.4.3 (Contrast, Minimum), normal text


def a4_tekstbredde_px(css: str = REPORT_CSS) -> int:
    """The width of an A4 page's text in CSS pixels (96 per inch): 210 mm less the ``@page`` side margins.

    >>> a4_tekstbredde_px("@page { size: A4; margin: 15mm 14mm 16mm; }")
    688
    >>> a4_tekstbredde_px("@page { size: A4; margin: 10mm; }")
    718
    """
    m = re.search(r"@page\s*{[^}]*\bsize:\s*A4\b[^}]*\bmargin:\s*([^;}]+)", css)
    assert m, "the style sheet has no '@page { size: A4; margin: ... }' rule"
    mm = [float(v.removesuffix("mm")) for v in m.group(1).split()]
    assert all(v.endswith("mm") for v in m.group(1).split()), f"@page margins not in mm: {m.group(1)}"
    right = mm[1] if len(mm) > 1 else mm[0]  # CSS shorthand: top, right, bottom, left
    left = mm[3] if len(mm) == 4 else right
    return round((210 - left - right) / 25.4 * 96)


# --------------------------------------------------------------------------- contrast (WCAG 2.1)


def _kanal(c: float) -> float:
    """One sRGB channel (0-255) linearised: https://www.w3.org/TR/WCAG21/#dfn-relative-luminance."""
    s = c / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def luminans(rgb: tuple[float, float, float]) -> float:
    """Relative luminance L = 0,2126 R + 0,7152 G + 0,0722 B of the linearised channels."""
    r, g, b = (_kanal(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def kontrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """(L1 + 0,05) / (L2 + 0,05), L1 the lighter (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).

    >>> round(kontrast((0, 0, 0), (255, 255, 255)), 1), round(kontrast((0x77,) * 3, (255, 255, 255)), 2)
    (21.0, 4.48)
    >>> round(kontrast((0x76,) * 3, (255, 255, 255)), 2)  # the grey that just passes AA on white
    4.54
    """
    la, lb = sorted((luminans(a), luminans(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(("forgrund", "baggrund", "bestaar"), [
    ((255, 255, 255), (0x00, 0x9E, 0x73), False),  # white on Okabe-Ito bluish green: 3,4:1 (#14)
    ((255, 255, 255), (0xD5, 0x5E, 0x00), False),  # white on Okabe-Ito vermilion: 3,9:1 (#14)
    ((0, 0, 0), (0xD5, 0x5E, 0x00), True),
    ((0x76, 0x76, 0x76), (255, 255, 255), True),
    ((0x77, 0x77, 0x77), (255, 255, 255), False),
])
def test_the_contrast_helper_knows_the_failing_pairs(forgrund, baggrund, bestaar):
    assert (kontrast(forgrund, baggrund) >= AA) is bestaar


# --------------------------------------------------------------------------- the browser visits

#: Evaluated in the page after ``load``: the report column, everything that reaches past it, the frames that
#: scroll, text blocks wider than the screen, figures, and the colours of every text (composited grounds).
MAAL = r"""
(() => {
  const main = document.querySelector('main');
  const ms = getComputedStyle(main), mb = main.getBoundingClientRect();
  const col = {left: mb.left + parseFloat(ms.paddingLeft), right: mb.right - parseFloat(ms.paddingRight)};
  const kort = (el) => (el.innerText || el.alt || '').replace(/\s+/g, ' ').trim().slice(0, 70);
  const navn = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const ramme = (el) => {  // the nearest ancestor (inside main) that scrolls sideways
    for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return p;
    }
    return null;
  };
  const spill = [];
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const over = Math.max(r.right - col.right, col.left - r.left);
    if (over > 1) spill.push({el: navn(el), over, i_ramme: !!ramme(el), tekst: kort(el)});
  }
  const rammer = Array.from(main.querySelectorAll('*')).filter(el => {
    const o = getComputedStyle(el).overflowX; return o === 'auto' || o === 'scroll';
  }).map(el => {
    const r = el.getBoundingClientRect();
    return {el: navn(el), over: Math.max(r.right - col.right, col.left - r.left),
            ruller: el.scrollWidth > el.clientWidth + 1, tabindex: el.tabIndex,
            navn: el.getAttribute('aria-label') || '', rolle: el.getAttribute('role') || '', tekst: kort(el)};
  });
  const blokke = Array.from(main.querySelectorAll('p, h1, h2, h3, h4, h5, h6, li, dt, dd, figcaption, blockquote'))
    .filter(el => !ramme(el)).map(el => {
      const r = el.getBoundingClientRect();
      return {el: navn(el), left: r.left, right: r.right, tekst: kort(el)};
    }).filter(b => b.right > innerWidth + 1 || b.left < -1);
  const billeder = Array.from(document.images).map(i => ({w: i.getBoundingClientRect().width, alt: i.alt}));
  // colours: the text colour over the composited ground (every ancestor's background-color, white canvas)
  const rgba = (s) => { const m = s.match(/[\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over_ = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3]));
  const grund = (el) => {
    const lag = [];
    for (let p = el; p; p = p.parentElement) {
      const c = rgba(getComputedStyle(p).backgroundColor);
      if (c[3] > 0) { lag.push(c); if (c[3] >= 1) break; }
    }
    let g = [255, 255, 255];
    for (const c of lag.reverse()) g = over_(c, g);
    return g;
  };
  const farve = (el) => ({fg: over_(rgba(getComputedStyle(el).color), grund(el)), bg: grund(el)});
  const par = {};
  for (const el of document.body.querySelectorAll('*')) {
    const eget = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!eget) continue;
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    if (s.visibility !== 'visible' || s.display === 'none' || r.width === 0) continue;
    const f = farve(el), key = f.fg.map(Math.round).join(',') + '/' + f.bg.map(Math.round).join(',');
    if (!par[key]) par[key] = {fg: f.fg, bg: f.bg, n: 0, el: navn(el), tekst: kort(el).slice(0, 40)};
    par[key].n += 1;
  }
  const maerker = Array.from(document.querySelectorAll('span.status, [style*="background"]')).map(el => ({
    el: navn(el), tekst: kort(el), ...farve(el)}));
  return JSON.stringify({
    innerWidth, scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
    kolonne: col.right - col.left, spill, rammer, blokke, billeder, farvepar: Object.values(par), maerker,
  });
})()
"""


@pytest.fixture(scope="module")
def browser(chromium_bin):
    with Browser(chromium_bin, width=BAERBAR, height=1000) as b:
        yield b


@pytest.fixture(scope="module")
def sider(rendered, alle_rapporter) -> list[str]:
    """Every page of the rendered set: the index and each report of both rounds."""
    return ["index.html", *(r.rel for r in alle_rapporter)]


def _besoeg(browser, rendered, sider, **visning) -> dict[str, dict]:
    return {side: browser.open(rendered / side, MAAL, **visning).resultat for side in sider}


@pytest.fixture(scope="module")
def baerbar(browser, rendered, sider) -> dict[str, dict]:
    return _besoeg(browser, rendered, sider, width=BAERBAR, height=1000)


@pytest.fixture(scope="module")
def papir(browser, rendered, sider) -> dict[str, dict]:
    return _besoeg(browser, rendered, sider, width=a4_tekstbredde_px(), height=1123, media="print")


@pytest.fixture(scope="module")
def telefon(browser, rendered, sider) -> dict[str, dict]:
    return _besoeg(browser, rendered, sider, width=TELEFON[0], height=TELEFON[1], mobile=True)


def _for_bredt(maalt: dict[str, dict], bredde: int) -> list[str]:
    """What reaches past the column (or scrolls in its frame, i.e. does not fit it) on each page."""
    problems = []
    for side, m in maalt.items():
        if m["scrollWidth"] > m["clientWidth"] + 1:
            problems.append(f"{side}: the page is {m['scrollWidth']} px wide in a {bredde} px window")
        problems += [f"{side}: <{s['el']}> reaches {s['over']:.0f} px past the {m['kolonne']:.0f} px column: "
                     f"{s['tekst']!r}" for s in m["spill"]][:5]
        problems += [f"{side}: <{r['el']}> scrolls: its content is wider than the column: {r['tekst']!r}"
                     for r in m["rammer"] if r["ruller"]][:5]
    return problems


def test_no_element_wider_than_its_column_at_900_px(baerbar):
    """Every page at 900 px: the page never scrolls sideways, no table, figure or box sticks out of the
    report column into the margin and no table needs its frame's scroll bar. No exceptions."""
    problems = _for_bredt(baerbar, BAERBAR)
    assert not problems, "\n".join(problems)


def test_no_element_wider_than_the_a4_page(papir):
    """Printed (the print style sheet at the text width of an A4 page), nothing is cut off: every table,
    the delivery table with all its nine columns included, fits the page."""
    assert a4_tekstbredde_px() < BAERBAR - 100, "the A4 check must be narrower than the laptop check"
    assert all(m["innerWidth"] == a4_tekstbredde_px() for m in papir.values())
    problems = _for_bredt(papir, a4_tekstbredde_px())
    assert not problems, "\n".join(problems)


def test_phone_never_scrolls_sideways_and_its_text_wraps(telefon):
    """At 390 px the page itself never scrolls sideways; text wraps inside the screen; figures scale to the
    column; a table wider than the column scrolls inside its own frame (reachable with the keyboard, named)."""
    problems = []
    for side, m in telefon.items():
        if m["innerWidth"] != TELEFON[0]:
            problems.append(f"{side}: laid out {m['innerWidth']} px wide on a {TELEFON[0]} px phone (meta viewport?)")
        if m["scrollWidth"] > m["clientWidth"] + 1:
            problems.append(f"{side}: the page is {m['scrollWidth']} px wide on a {TELEFON[0]} px phone")
        assert m["kolonne"] >= 300, f"{side}: the text column is only {m['kolonne']:.0f} px on a phone"
        problems += [f"{side}: <{b['el']}> is wider than the screen ({b['left']:.0f}..{b['right']:.0f} px): "
                     f"{b['tekst']!r}" for b in m["blokke"]][:5]
        problems += [f"{side}: <{s['el']}> reaches {s['over']:.0f} px past the column outside a scrolling frame: "
                     f"{s['tekst']!r}" for s in m["spill"] if not s["i_ramme"]][:5]
        problems += [f"{side}: figure {b['alt'][:40]!r} is {b['w']:.0f} px in a {m['kolonne']:.0f} px column"
                     for b in m["billeder"] if b["w"] > m["kolonne"] + 1]
        for r in m["rammer"]:
            if r["over"] > 1:
                problems.append(f"{side}: the frame <{r['el']}> itself reaches past the column: {r['tekst']!r}")
            if r["ruller"] and (r["tabindex"] < 0 or not r["navn"].strip() or r["rolle"] != "region"):
                problems.append(f"{side}: the scrolling frame <{r['el']}> cannot be reached with the keyboard or "
                                f"has no name (tabindex {r['tabindex']}, role {r['rolle']!r}, label {r['navn']!r})")
    assert not problems, "\n".join(problems)
    assert any(r["ruller"] for m in telefon.values() for r in m["rammer"]), (
        "no table scrolls in its frame on a phone: the check of the frames checked nothing")


def test_every_badge_meets_wcag_aa_as_the_browser_draws_it(baerbar):
    """Every status badge (``span.status``) and every element with a colour of its own (an inline
    background: list statuses), with the colours the browser computes, meets 4,5:1."""
    problems, badges = [], 0
    for side, m in baerbar.items():
        for b in m["maerker"]:
            badges += b["el"].startswith("span.status")
            k = kontrast(b["fg"], b["bg"])
            if k < AA:
                problems.append(f"{side}: <{b['el']}> {b['tekst']!r}: {k:.2f}:1 (text {b['fg']} on {b['bg']})")
    assert badges > 100, f"only {badges} status badges in the whole set: the probe found nothing to check"
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_text_meets_wcag_aa_on_its_ground(baerbar):
    """Every text of every page -- grid cells, notes, the illustrative-data banner, links, headings -- against
    the ground the browser composites under it meets 4,5:1."""
    problems: dict[tuple, str] = {}
    for side, m in baerbar.items():
        for p in m["farvepar"]:
            fg, bg = tuple(round(c) for c in p["fg"]), tuple(round(c) for c in p["bg"])
            k = kontrast(p["fg"], p["bg"])
            if k < AA and (fg, bg) not in problems:
                problems[fg, bg] = f"<{p['el']}> {p['tekst']!r}: {k:.2f}:1 (text {fg} on {bg}), first on {side}"
    assert len({(tuple(p["fg"]), tuple(p["bg"])) for m in baerbar.values() for p in m["farvepar"]}) > 5
    assert not problems, "\n".join(problems.values())
