"""The data-entry template: an Excel workbook the evaluator fills in and loads without further editing.

:func:`write_template` writes three sheets:

``Data``
    A short instructions block (rows 1-2), the header row (row 4: område, indikator, periode, værdi,
    tæller, nævner, kilde, note, and two information columns indikatornavn and enhed that the loader
    ignores), then one row for every (område, indikator, år) the plan's quantitative succeskriterier need
    (:func:`template_rows`). Område and indikator have drop-down lists. The header row begins with
    ``område``, which is how :mod:`helhedsanalyse.inputs.observations` finds it below the instructions block.
``Vejledning``
    How to fill in the sheet, the areas, and one row per indicator: id, name, unit, the criteria that use
    it, data source and frequency.
``Lister`` (hidden)
    The lists behind the drop-downs.

Rows left without værdi, tæller and nævner are skipped when the file is loaded, so a half-filled template
is valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.errors import HelhedsanalyseError
from ..plan.model import Plan, load_plan
from .fund import FUND_SUFFIXES, fund_skabelon

__all__ = ["HEADERS", "TemplateError", "template_rows", "write_fund_template", "write_template"]

#: The header row of the Data sheet. The first eight are the data contract; the last two are information.
HEADERS: tuple[str, ...] = (
    "område",
    "indikator",
    "periode",
    "værdi",
    "tæller",
    "nævner",
    "kilde",
    "note",
    "indikatornavn",
    "enhed",
)
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
#: Rows below the pre-filled ones that still have drop-down lists, for quarters and half-years.
EXTRA_ROWS = 300

ENHED_TEKST: dict[str, str] = {
    "pct": "procent (0-100)",
    "antal": "antal",
    "pr_1000": "pr. 1000 beboere",
    "fuldtidspersoner": "fuldtidspersoner",
    "uger": "uger",
    "dage": "dage",
}

FREKVENS_TEKST: dict[str, str] = {
    "kvartalsvis": "kvartalsvis",
    "halvaarlig": "halvårlig",
    "aarlig": "årlig",
    "4_gange_aarligt": "4 gange om året",
    "efter_forloeb": "efter hvert forløb",
    "engang": "én gang",
}


class TemplateError(HelhedsanalyseError):
    """The template cannot be written (the file exists, or the folder is missing or read-only)."""


def template_rows(plan: Plan | None = None, years: Iterable[int] = range(2017, 2022)) -> list[tuple[str, str, int]]:
    """(område, indikator, år) for every row of the template, in plan order, without duplicates.

    The pairs are every quantitative criterion's ``omraader`` × ``indikator``, plus the reference geography
    of an ``over_reference`` target (tryghed needs the SUB average); each pair once, for every year.
    """
    if plan is None:
        plan = load_plan()
    pairs: dict[tuple[str, str], None] = {}
    for k in plan.kriterier:
        if k.kvalitativ or k.indikator is None:
            continue
        for omraade in k.omraader:
            pairs.setdefault((omraade, k.indikator), None)
        for m in k.maal:
            if m.type == "over_reference":
                pairs.setdefault((m.reference, k.indikator), None)
    years = list(years)
    return [(omraade, indikator, aar) for (omraade, indikator) in pairs for aar in years]


def write_template(
    path: str | Path,
    plan: Plan | None = None,
    years: Iterable[int] = range(2017, 2022),
    *,
    overwrite: bool = False,
) -> Path:
    """Write the data-entry workbook to ``path`` (``.xlsx``) and return the path.

    An existing file is never replaced unless ``overwrite`` is true (it may be a filled-in template).

    Raises
    ------
    TemplateError
        the file exists (and ``overwrite`` is false), the folder does not exist, or it cannot be written.
    """
    from openpyxl import Workbook

    if plan is None:
        plan = load_plan()
    path = Path(path)
    _check_target(path, overwrite)
    years = list(years)
    wb = Workbook()
    last_list = _data_sheet(wb.active, plan, template_rows(plan, years))
    _lists_sheet(wb, plan)
    _drop_downs(wb.active, plan, last_list)
    guide = wb.create_sheet("Vejledning", index=1)
    _guide_steps(guide, plan, years)
    _guide_areas(guide, plan)
    _guide_indicators(guide, plan)
    wb.properties.title = f"Dataskabelon – {plan.navn}"
    try:
        wb.save(path)
    except OSError as exc:
        raise TemplateError(f"{path}: skabelonen kan ikke gemmes ({exc.strerror or exc})") from None
    return path


def write_fund_template(path: str | Path, runde: str, plan: Plan | None = None, *, overwrite: bool = False) -> Path:
    """Write the template of the evaluator's findings for the round ``runde`` to ``path`` (``.md``, UTF-8):
    :func:`helhedsanalyse.inputs.fund.fund_skabelon`. An existing file is never replaced unless ``overwrite``.
    """
    if plan is None:
        plan = load_plan()
    path = Path(path)
    _check_target(path, overwrite, FUND_SUFFIXES)
    try:
        path.write_text(fund_skabelon(plan, runde), encoding="utf-8")
    except OSError as exc:
        raise TemplateError(f"{path}: skabelonen kan ikke gemmes ({exc.strerror or exc})") from None
    return path


def _check_target(path: Path, overwrite: bool, suffixes: tuple[str, ...] = (".xlsx",)) -> None:
    """An .xlsx (or .md) name in an existing folder, not replacing a file unless asked to."""
    if path.suffix.lower() not in suffixes:
        raise TemplateError(f"{path}: giv filen endelsen .xlsx (dataskabelonen i Excel) eller .md (skabelonen til "
                            "evaluators fund)")
    if path.exists() and not overwrite:
        raise TemplateError(
            f"{path} findes allerede og overskrives ikke (den kan være en udfyldt skabelon). "
            "Vælg et andet filnavn, eller brug --overskriv"
        )
    if not path.parent.exists():
        raise TemplateError(f"{path}: mappen {path.parent} findes ikke")


def _fills() -> tuple[Any, Any]:
    """The header's fill, and the information columns' fill."""
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor="DDEBF7"), PatternFill("solid", fgColor="F2F2F2")


def _data_sheet(ws: Any, plan: Plan, rows: list[tuple[str, str, int]]) -> int:
    """The Data sheet: instructions, header and the pre-filled rows; the last row with drop-down lists."""
    from openpyxl.styles import Font

    header_fill, info_fill = _fills()
    ws.title = "Data"
    ws["A1"] = f"Dataskabelon – {plan.navn} ({plan.periode})"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = (
        "Udfyld værdi – eller tæller og nævner – i de rækker, der er tal til. Rækker uden tal springes over. "
        "Tilføj selv rækker for kvartaler (2018Q3) og halvår (2019H1). Se arket 'Vejledning'."
    )
    for j, header in enumerate(HEADERS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=header)
        cell.font = Font(bold=True)
        cell.fill = header_fill if j <= 8 else info_fill
    for i, (omraade, indikator, aar) in enumerate(rows):
        r = FIRST_DATA_ROW + i
        ind = plan.indikator[indikator]
        ws.cell(row=r, column=1, value=omraade)
        ws.cell(row=r, column=2, value=indikator)
        ws.cell(row=r, column=3, value=aar)
        ws.cell(row=r, column=9, value=ind.navn).fill = info_fill
        ws.cell(row=r, column=10, value=ENHED_TEKST.get(ind.enhed, ind.enhed)).fill = info_fill
    last = FIRST_DATA_ROW + len(rows) - 1
    for col, width in zip("ABCDEFGHIJ", (16, 30, 10, 10, 10, 10, 32, 32, 60, 18), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:J{max(last, FIRST_DATA_ROW)}"
    return last + EXTRA_ROWS


def _lists_sheet(wb: Any, plan: Plan) -> None:
    """The hidden sheet 'Lister' with the lists behind the drop-downs."""
    lists = wb.create_sheet("Lister")
    lists.append(["område-id", "områdenavn", None, "indikator-id", "indikatornavn", "enhed"])
    steder = plan.alle_steder
    indikatorer = plan.indikatorer
    for i in range(max(len(steder), len(indikatorer))):
        row: list[object] = [None] * 6
        if i < len(steder):
            row[0], row[1] = steder[i], plan.stednavn(steder[i])
        if i < len(indikatorer):
            ind = indikatorer[i]
            row[3], row[4], row[5] = ind.id, ind.navn, ENHED_TEKST.get(ind.enhed, ind.enhed)
        lists.append(row)
    lists.sheet_state = "hidden"


def _drop_downs(ws: Any, plan: Plan, last_list: int) -> None:
    """Drop-down lists for område and indikator, and a prompt for periode, down to ``last_list``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    def choice(column: str, n: int, what: str, error: str, prompt: str) -> Any:
        return DataValidation(
            type="list", formula1=f"=Lister!${column}$2:${column}${n + 1}", allow_blank=True, showErrorMessage=True,
            errorStyle="warning", errorTitle=f"Ukendt {what.lower()}", error=error, showInputMessage=True,
            promptTitle=what, prompt=prompt,
        )

    dv_area = choice("A", len(plan.alle_steder), "Område",
                     "Vælg et område-id fra listen (navne som 'Ringparken' forstås også).", "Vælg området fra listen.")
    dv_ind = choice("D", len(plan.indikatorer), "Indikator", "Vælg et indikator-id fra listen; se arket 'Vejledning'.",
                    "Vælg indikatoren fra listen; se arket 'Vejledning'.")
    dv_period = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle="Periode",
        prompt="År (2018), kvartal (2018Q3 eller 2018K3) eller halvår (2019H1).",
    )
    dv_area.add(f"A{FIRST_DATA_ROW}:A{last_list}")
    dv_ind.add(f"B{FIRST_DATA_ROW}:B{last_list}")
    dv_period.add(f"C{FIRST_DATA_ROW}:C{last_list}")
    for dv in (dv_area, dv_ind, dv_period):
        ws.add_data_validation(dv)


def _guide_steps(guide: Any, plan: Plan, years: list[int]) -> None:
    """The Vejledning sheet's title and numbered steps."""
    from openpyxl.styles import Alignment, Font

    for col, width in zip("ABCDEF", (28, 60, 18, 40, 60, 16), strict=True):
        guide.column_dimensions[col].width = width
    guide.append([f"Vejledning – {plan.navn} ({plan.periode})"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([])
    first_year, last_year = (min(years), max(years)) if years else (2017, 2021)
    steps = [
        "Arket 'Data' har én række pr. område, indikator og periode. Rækkerne for planens kvantitative "
        f"succeskriterier {first_year}-{last_year} er skrevet ind på forhånd.",
        "område: vælg fra listen. Id'erne står nedenfor; navne som 'Ringparken' eller 'Præstevangen og Parkvej' "
        "forstås også. 'samlet' er de fire områder under ét; sub, danmark, slagelse_kommune og politikreds er "
        "referencetal.",
        "indikator: vælg fra listen. Tabellen nedenfor viser enhed, succeskriterier og datakilde for hver indikator.",
        "periode: et år (2018), et kvartal (2018Q3 eller 2018K3) eller et halvår (2019H1). "
        "Tilføj selv rækker for kvartaler og halvår.",
        "værdi: i indikatorens enhed. Procent skrives 0-100 (72,4 – ikke 0,724). Decimalkomma og -punktum "
        "forstås begge, men brug det samme i hele filen.",
        "tæller og nævner: for andele og rater, hvis du har dem (fx trygge og svarpersoner, afgørelser og "
        "beboere). Så kan værdi stå tom; den beregnes. 'samlet' beregnes af de fire områders tæller og nævner.",
        "kilde og note: hvor tallet kommer fra. Skriv 'illustrativ' i note, hvis tallet ikke er rigtigt.",
        "Rækker uden værdi, tæller og nævner springes over. Der må kun være én række pr. område, indikator og "
        "periode.",
        f"Overskriftsrækken (række {HEADER_ROW}) skal blive stående og begynde med 'område'; rækkerne over den "
        "læses ikke. Kolonnerne indikatornavn og enhed er kun til information.",
        "Kontrollér filen med kommandoen:  helhedsanalyse validate FILNAVN.xlsx",
    ]
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, step in enumerate(steps, start=1):
        guide.append([f"{i}.", step])
        guide.cell(row=guide.max_row, column=2).alignment = wrap


def _guide_table(guide: Any, title: str, header: list[str]) -> None:
    """A blank row, a bold title and a bold header row on the Vejledning sheet."""
    from openpyxl.styles import Font

    guide.append([])
    guide.append([title])
    guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
    guide.append(header)
    for c in guide[guide.max_row]:
        c.font = Font(bold=True)


def _guide_areas(guide: Any, plan: Plan) -> None:
    """The areas and reference geographies: id and name."""
    _guide_table(guide, "Områder", ["id", "navn"])
    for sted in plan.alle_steder:
        guide.append([sted, plan.stednavn(sted)])


def _guide_indicators(guide: Any, plan: Plan) -> None:
    """One row per indicator: id, name, unit, the criteria that use it, data source and frequency."""
    from openpyxl.styles import Alignment

    _guide_table(guide, "Indikatorer", ["id", "navn", "enhed", "succeskriterier", "datakilde", "målefrekvens"])
    wrap = Alignment(wrap_text=True, vertical="top")
    for ind in plan.indikatorer:
        kriterier = plan.kriterier_med(ind.id)
        kilder = list(dict.fromkeys(" ".join(k.datakilde.split()) for k in kriterier))
        frekvenser = list(dict.fromkeys(FREKVENS_TEKST.get(k.maalefrekvens, k.maalefrekvens) for k in kriterier))
        enhed = ENHED_TEKST.get(ind.enhed, ind.enhed) + (", hele tal" if ind.heltal else "")
        guide.append(
            [
                ind.id,
                ind.navn,
                enhed,
                ", ".join(k.id for k in kriterier) or "(baseline/reference)",
                "; ".join(kilder),
                ", ".join(frekvenser),
            ]
        )
        for col in (2, 4, 5):
            guide.cell(row=guide.max_row, column=col).alignment = wrap
