"""A real browser opens the reports: no console errors, the status overview is visible, figures load.

Headless Chromium (Debian's package; tests/chromium.py installs it when missing and we are root, as
on a fresh CI machine) opens index.html and the area report for Motalavej (slut) of the session's
rendered set, over the DevTools protocol. Screenshots are saved as reports/screenshot_index.png and
reports/screenshot_omraade_motalavej.png in the repository (reports/ is git-ignored).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/chromium.py, whatever pytest's import mode
from chromium import Browser

from helhedsanalyse.plan import load_plan

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "reports"
WIDTH, HEIGHT = 900, 2000

#: Evaluated in the page after ``load``; returns what the tests check, as JSON.
PROBE = r"""
(() => {
  const vis = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    const x = r.left + Math.min(r.width / 2, 40), y = r.top + Math.min(r.height / 2, 12);
    const hit = (y >= 0 && y < innerHeight) ? document.elementFromPoint(x, y) : null;
    return {w: r.width, h: r.height, top: r.top, left: r.left, right: r.right,
            display: s.display, visibility: s.visibility, opacity: s.opacity,
            hit: !!hit && (hit === el || el.contains(hit)), text: el.innerText.slice(0, 4000)};
  };
  // A font is installed when text set in it (with a generic fallback) measures differently.
  const ctx = document.createElement('canvas').getContext('2d');
  const width = (font) => { ctx.font = font; return ctx.measureText('Æblegrød på Skælskør 0123456789').width; };
  const installed = (name) => ['monospace', 'serif', 'sans-serif'].some(
      base => width(`40px "${name}", ${base}`) !== width(`40px ${base}`));
  const main = document.querySelector('main');
  return JSON.stringify({
    lang: document.documentElement.lang, title: document.title, ready: document.readyState,
    h1: Array.from(document.querySelectorAll('h1')).map(h => h.innerText),
    innerWidth, innerHeight,
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
    main: vis(main),
    statusgitter: Array.from(document.querySelectorAll('table.statusgitter')).map(vis),
    statusliste: Array.from(document.querySelectorAll('ul.statusliste')).map(vis),
    badges: Array.from(document.querySelectorAll('span.status')).slice(0, 50).map(vis),
    illustrativ: vis(document.querySelector('.illustrativ')),
    hovedresultater: vis(document.querySelector('section.hovedresultater')),
    imgs: Array.from(document.images).map(i => ({complete: i.complete, nw: i.naturalWidth, nh: i.naturalHeight,
             w: i.getBoundingClientRect().width, alt: i.alt, data: i.src.startsWith('data:image/png;base64,')})),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
    font: getComputedStyle(document.body).fontFamily,
    fontOk: ['DejaVu Sans', 'Liberation Sans'].some(installed),
    text: document.body.innerText.slice(0, 20000),
  });
})()
"""


@pytest.fixture(scope="module")
def browser(chromium_bin):
    with Browser(chromium_bin, width=WIDTH, height=HEIGHT) as b:
        yield b


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def _visible_on_first_screen(box, name: str, page) -> None:
    assert box is not None, f"{name} is missing"
    assert box["display"] != "none" and box["visibility"] == "visible" and float(box["opacity"]) > 0.5, f"{name}: {box}"
    assert box["w"] > 100 and box["h"] > 10, f"{name} has no size: {box}"
    assert 0 <= box["top"] < page["innerHeight"], f"{name} is not on the first screen (top {box['top']:.0f}px)"
    assert box["hit"], f"{name} is covered by another element"
    assert box["left"] >= 0 and box["right"] <= page["innerWidth"] + 1, f"{name} sticks out sideways: {box}"


def _no_errors_and_nothing_fetched(visit, folder: Path) -> None:
    assert not visit.fejl, "console errors:\n" + "\n".join(visit.fejl)
    assert not visit.advarsler, "console warnings:\n" + "\n".join(visit.advarsler)
    assert not visit.konsol, f"the page wrote to the console: {visit.konsol}"
    outside = [u for u in visit.forespoergsler if not (u.startswith("data:") or u == visit.url)]
    assert not outside, f"the page fetched something besides itself and data: URIs: {outside}"


def _common(page, visit) -> None:
    assert page["ready"] == "complete"
    assert page["lang"] == "da"
    assert page["scrollWidth"] <= page["clientWidth"] + 1, (
        f"the page is wider than the {WIDTH}px window ({page['scrollWidth']}px): readers must scroll sideways")
    _visible_on_first_screen(page["main"], "the report column", page)
    assert page["fontOk"], f"neither DejaVu Sans nor Liberation Sans is available (font-family {page['font']})"


def test_index_opens_without_errors_and_shows_the_status_overview(browser, rendered, alle_rapporter):
    shot = SCREENSHOTS / "screenshot_index.png"
    visit = browser.open(rendered / "index.html", PROBE, screenshot=shot)
    page = visit.resultat
    _no_errors_and_nothing_fetched(visit, rendered)
    _common(page, visit)
    assert page["h1"] and "evalueringsrapporter" in page["h1"][0]
    assert len(page["statusgitter"]) == 2, "one status overview per round"
    # the index answers first (the final round's main results), and the grid follows below them
    _visible_on_first_screen(page["hovedresultater"], "the final round's main results (section.hovedresultater)", page)
    assert "Af de" in page["hovedresultater"]["text"] and "Sammenlignet med midtvejsevalueringen" in page[
        "hovedresultater"]["text"], "the final round comes first"
    assert page["statusgitter"][0]["w"] > 100 and page["statusliste"][0]["w"] > 100
    overview = page["statusgitter"][0]["text"]
    assert "Succeskriterium" in overview and "Motalavej" in overview
    assert any(word in overview for word in ("Opfyldt", "På rette vej", "Mangler data", "Tilbagegang"))
    assert page["badges"] and all(b["w"] > 0 and b["h"] > 0 for b in page["badges"]), "status badges are drawn"
    # every report linked, and nothing else but the grid cells' links into the area reports (#k-…) and the
    # jumps to the rounds (#runde-…); the reader lines link to reports of the set too (issue 14)
    assert {href for href in page["links"] if "#" not in href} == {f.rel for f in alle_rapporter}
    assert all(href.startswith("#runde-") or "/omraade_" in href.split("#")[0]
               for href in page["links"] if "#" in href), page["links"]
    assert _png_size(shot) == (WIDTH, HEIGHT)


def test_area_report_opens_without_errors_with_status_and_figures(browser, rendered):
    shot = SCREENSHOTS / "screenshot_omraade_motalavej.png"
    visit = browser.open(rendered / "slut" / "omraade_motalavej.html", PROBE, screenshot=shot)
    page = visit.resultat
    _no_errors_and_nothing_fetched(visit, rendered)
    _common(page, visit)
    navn = load_plan().omraade["motalavej"].navn
    assert page["h1"] == [f"Områderapport: {navn}"]
    assert page["title"] == f"Områderapport: {navn}"
    _visible_on_first_screen(page["illustrativ"], "the illustrative-data warning", page)
    assert page["statusliste"], "the area's status overview (ul.statusliste) is missing"
    _visible_on_first_screen(page["statusliste"][0], "the status overview (ul.statusliste)", page)
    assert "Opfyldt" in page["statusliste"][0]["text"]
    assert "Slutevaluering" in page["text"] and "Midtvejsevaluering" not in page["text"]
    imgs = page["imgs"]
    assert imgs, "no figures"
    for i, img in enumerate(imgs):
        assert img["data"], f"figure {i} is not an embedded PNG"
        assert img["complete"] and img["nw"] > 0 and img["nh"] > 0, f"figure {i} did not load: {img}"
        assert 200 < img["w"] <= page["main"]["w"] + 1, f"figure {i} is {img['w']}px wide in a {page['main']['w']}px column"
        assert img["alt"].strip(), f"figure {i} has no alt text"
    assert _png_size(shot) == (WIDTH, HEIGHT)


A4_PT = (595.28, 841.89)  # 210 × 297 mm in PostScript points


@pytest.mark.parametrize("rapport", ["slut/omraade_motalavej.html", "slut/bestyrelsesstatus.html", "index.html"])
def test_reports_print_on_a4(browser, rendered, rapport):
    """Printed from the browser, a report comes out on A4 pages (Chromium's default is US Letter)."""
    import re

    pdf = browser.pdf(rendered / rapport)
    boxes = [tuple(float(x) for x in m.groups()) for m in re.finditer(
        rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)]
    assert boxes, "no page in the PDF"
    assert all(abs(w - A4_PT[0]) < 1.5 and abs(h - A4_PT[1]) < 1.5 for w, h in boxes), boxes


#: Where the "Hovedresultater" block lands on the first screen of a laptop.
FOERSTE_SKAERM = r"""
(() => {
  const el = document.querySelector('section.hovedresultater');
  if (!el) return JSON.stringify({found: false});
  const r = el.getBoundingClientRect();
  return JSON.stringify({found: true, top: r.top, height: r.height, innerHeight,
                         text: el.innerText.slice(0, 300)});
})()
"""


def test_every_report_opens_with_its_main_results(chromium_bin, rendered, alle_rapporter):
    """The reader came for the answer: on the first screen of a 1280×800 laptop, every report of both
    rounds shows its "Hovedresultater" block (the metadata is at the end, under "Om rapporten")."""
    problems = []
    with Browser(chromium_bin, width=1280, height=800) as laptop:
        for rapport in alle_rapporter:
            page = laptop.open(rendered / rapport.rel, FOERSTE_SKAERM).resultat
            if not page["found"]:
                problems.append(f"{rapport.rel}: no Hovedresultater block")
            elif not 0 <= page["top"] < page["innerHeight"] - 120:
                problems.append(f"{rapport.rel}: Hovedresultater starts {page['top']:.0f} px down, below the first "
                                f"screen ({page['innerHeight']} px)")
            elif "vurdering" not in page["text"]:
                problems.append(f"{rapport.rel}: the block does not open with the count: {page['text'][:80]!r}")
    assert not problems, "\n".join(problems)
