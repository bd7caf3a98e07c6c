"""The look of the reports: one inlined style sheet.

Status colours follow the Okabe-Ito palette (safe for the common colour-vision deficiencies), darkened
where white text needs it so that every pair meets WCAG AA (4,5:1); every status is also shown in words
and with a symbol, so colour is never the only carrier of meaning. The palette (``STATUS_STIL``) and the
legend order (``STATUSSER``) live in :mod:`helhedsanalyse.core.status` with the rest of the vocabulary.

Every table sits in a frame (``.tabelramme``, ``templates/ramme.j2``): on a phone a table wider than the
column scrolls inside it and the page never scrolls sideways; printed, the frame never clips. Every page fits
the column at 900 px, at the text width of an A4 page and on a 390 px phone (``tests/test_browser_layout.py``).
"""

from __future__ import annotations

__all__ = ["REPORT_CSS"]

REPORT_CSS = """
:root { --tekst: #1b1b1b; --svag: #5a5a5a; --linje: #d0d0d0; --flade: #f5f5f2; }
html { font-size: 15px; }
body { margin: 0; color: var(--tekst); background: #fff;
       font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; line-height: 1.45; }
main.rapport { max-width: 190mm; margin: 0 auto; padding: 12mm 10mm 20mm; overflow-wrap: break-word; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; line-height: 1.2; }
h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--linje); padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
p, li { max-width: 75ch; }
.undertitel { color: var(--svag); margin-top: 0; }
.titelblok { border-left: 6px solid #0072B2; background: var(--flade); padding: .8rem 1rem; margin-bottom: 1.2rem; }
.titelblok dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .15rem 1rem; margin: .5rem 0 0; }
.titelblok dt { font-weight: bold; }
.titelblok dd { margin: 0; }
.illustrativ { background: #fff3cd; border: 2px solid #b58100; color: #4d3700; padding: .6rem .9rem;
               font-weight: bold; margin: .8rem 0; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--linje); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--flade); }
td.tal, th.tal { text-align: right; font-variant-numeric: tabular-nums; }
td.tal { white-space: nowrap; }
.tabelramme { max-width: 100%; overflow-x: auto; }
.tabelramme:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
table.kompakt { font-size: .8rem; }
table.kompakt th, table.kompakt td { padding: .25rem .3rem; }
.status { display: inline-block; padding: .1rem .45rem; border-radius: .3rem; font-weight: bold;
          font-size: .85rem; white-space: nowrap; }
.status.lille { font-size: .72rem; white-space: normal; padding: .05rem .3rem; }
.markering { display: inline-block; border: 1px solid var(--svag); color: var(--tekst); border-radius: .3rem;
             padding: 0 .35rem; font-size: .8rem; white-space: nowrap; margin-left: .25rem; }
.markering.lille { font-size: .68rem; margin: .1rem 0 0; white-space: normal; }
.statusnoegle { list-style: none; padding-left: 0; }
.statusnoegle li { margin: .3rem 0; }
.statusnoegle.kort li { margin: .15rem 0; }
.statusgitter { font-size: .82rem; width: 100%; }
.statusgitter th, .statusgitter td { padding: .25rem .3rem; }
.statusgitter td { text-align: center; }
.statusgitter td.kriterium { text-align: left; }
.forklaring { color: var(--svag); font-size: .9rem; }
.kriterieblok { page-break-inside: avoid; margin-bottom: 1.6rem; }
img { max-width: 100%; height: auto; }
a.anchor-link { display: none; }
.rapportliste li { margin: .15rem 0; }
.laesere ul { margin-top: 0; }
.laesere p { margin-bottom: .3rem; }
@media (min-width: 700px) { .rapportliste { columns: 2; column-gap: 2rem; } .rapportliste li { break-inside: avoid; } }
.navigation { font-size: .85rem; border-bottom: 1px solid var(--linje); padding-bottom: .35rem; margin: -.5rem 0 1rem; }
.navigation nav { margin: .1rem 0; }
.navigation ol { display: inline; margin: 0; padding: 0; }
.navigation li { display: inline; }
.navigation li + li::before { content: " · "; color: var(--svag); }
.indhold-titel { font-weight: bold; }
a.gittercelle .status { text-decoration: underline; text-underline-offset: 2px; }
a.gittercelle:hover .status, a.gittercelle:focus .status { outline: 2px solid var(--tekst); outline-offset: 1px; }
.note { color: var(--svag); font-size: .85rem; }
.jp-OutputArea-output pre, pre { white-space: pre-wrap; }
.hovedresultater .hovedtal { font-size: 1.05rem; }
.resultatliste { margin: .2rem 0 .8rem; padding-left: 1.3rem; }
.resultatliste li { margin: .15rem 0; }
.maalopfyldelse { font-size: .85rem; width: 100%; }
.maalopfyldelse td .antal { white-space: nowrap; display: inline-block; margin: 0 .2rem .15rem 0; }
.status.symbol { min-width: 1.1em; text-align: center; }
@media screen and (max-width: 40rem) {
  main.rapport { padding: 1rem .75rem 2rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.2rem; }
  .titelblok { padding: .6rem .7rem; }
  .titelblok dl { grid-template-columns: minmax(0, 1fr); }
  .titelblok dd { margin-bottom: .3rem; }
  .tabelramme td:not(.tal) { min-width: 11rem; }  /* a table scrolls in its frame rather than crush its text */
  .tabelramme .statusgitter td:not(.kriterium) { min-width: 0; }
}
@page { size: A4; margin: 15mm 14mm 16mm; }
@media print {
  main.rapport { max-width: none; padding: 0; }
  .tabelramme { overflow: visible; }
  .statusgitter td.kriterium .note { overflow-wrap: anywhere; }  /* a long id may break: the grid fits A4 */
  .navigation .rapporter { display: none; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, img, figure { break-inside: avoid; page-break-inside: avoid; }
}
"""
