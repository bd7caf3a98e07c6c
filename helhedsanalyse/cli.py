"""The ``helhedsanalyse`` command.

Subcommands (more are added by other modules with ``@app.command()``):

``helhedsanalyse validate FIL...``
    Check observation files (CSV or Excel, or folders of them). Prints a summary and exits 0, or every
    problem, one per line, and exits 1.
``helhedsanalyse template UD.xlsx`` / ``helhedsanalyse template UD.md --runde slut``
    Write the data-entry workbook, or the template of the evaluator's findings.

Every :class:`~helhedsanalyse.errors.HelhedsanalyseError` becomes plain Danish sentences on stderr and exit
code 1; no traceback reaches the user (set ``HELHEDSANALYSE_DEBUG=1`` to see one for an unexpected error).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from .core.errors import HelhedsanalyseError, ProblemsError, write_error
from .core.formatting import antal_tekst

__all__ = ["app", "main"]


def _echo_error(exc: HelhedsanalyseError) -> None:
    """An error as plain sentences on stderr: the summary, then one problem per line."""
    if isinstance(exc, ProblemsError):
        typer.echo(f"Fejl: {exc.summary}", err=True)
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
    else:
        typer.echo(f"Fejl: {exc}", err=True)


class _Group(TyperGroup):
    """Turns a HelhedsanalyseError raised by any subcommand into a message and its exit code (1); a full
    drive or a folder that may not be written into the same (the path and the fix, never "a bug");
    Ctrl-C into one line and exit code 130 (SIGTERM while rendering: 143)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except HelhedsanalyseError as exc:
            _echo_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            err = write_error(exc, rapport=False)
            if err is None:
                raise
            _echo_error(err)
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt as exc:
            typer.echo(getattr(exc, "besked", None) or "Afbrudt.", err=True)
            raise typer.Exit(getattr(exc, "exit_code", 130)) from None


app = typer.Typer(
    cls=_Group,
    name="helhedsanalyse",
    help="Evaluering af den boligsociale helhedsplan 'Én kommune – Én helhedsplan' (2017-2021).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Evaluering af den boligsociale helhedsplan 'Én kommune – Én helhedsplan' (2017-2021)."""


def _list(items: list[str], limit: int = 12) -> str:
    """Items for one line of a message, the rest counted.

    >>> _list(["a", "b", "c"], limit=2)
    'a, b ... (+1)'
    """
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" ... (+{len(items) - limit})"


@app.command()
def validate(
    filer: list[str] = typer.Argument(
        ..., metavar="FIL", help="CSV- eller Excel-filer (eller mapper med dem) og evaluators fund (.md)."),
    plan_dir: Path | None = typer.Option(None, "--plan", help="Mappe med planfilerne (standard: data/plan)."),
) -> None:
    """Kontrollér datafiler: viser et resumé, eller hvert problem på sin egen linje (exit-kode 1).

    Filer, hvis navn begynder med 'vurdering', er evaluators kvalitative vurderinger og kontrolleres
    som sådanne; Markdown-filer (.md; i en mappe: dem, hvis navn begynder med 'fund') er evaluators fund
    og kontrolleres mod helhedsevalueringens afsnit; alle andre er observationer.
    """
    from .inputs.files import read_data_files  # deferred: pandas and the rest load only for the command that needs them
    from .inputs.observations import criteria_with_data, summarise
    from .plan import load_plan

    plan = load_plan(plan_dir)
    read = read_data_files(filer, plan)  # the same expansion and reading as status and render
    report, vurderinger, vur_files, problems = read.report, read.vurderinger, read.vur_files, read.problems
    if problems:
        n_files = len({p.fil for p in problems})
        typer.echo(f"{antal_tekst(len(problems), 'problem', 'problemer')} i {antal_tekst(n_files, 'fil', 'filer')}; "
                   "intet er indlæst:")
        for problem in problems:
            typer.echo(str(problem))
        raise typer.Exit(1)
    if read.fund and not report.files and vurderinger is None:  # findings only
        typer.echo(f"Alt i orden: {antal_tekst(len(read.fund), 'fil', 'filer')} med evaluators fund.")
        _echo_fund(read.fund, len(plan.helhedsevaluering.fundafsnit))
        return

    data = report.data
    s = summarise(data)
    typer.echo(f"Alt i orden: {antal_tekst(len(report.files), 'fil', 'filer')}, "
               f"{antal_tekst(s['raekker'], 'række', 'rækker')} med data.")
    typer.echo(f"Områder ({len(s['omraader'])}): {_list(s['omraader'])}")
    typer.echo(f"Indikatorer ({len(s['indikatorer'])}): {_list(s['indikatorer'])}")
    if s["perioder"]:
        typer.echo(f"Perioder ({len(s['perioder'])}): {s['perioder'][0]}-{s['perioder'][-1]}: {_list(s['perioder'])}")
    else:
        typer.echo("Perioder: ingen")
    quantitative = [k for k in plan.kriterier if not k.kvalitativ and k.indikator]
    with_data = criteria_with_data(data, plan)
    typer.echo(f"Succeskriterier med data: {len(with_data)} af {len(quantitative)} kvantitative.")
    for k, areas in with_data:
        typer.echo(f"  {k.id} ({k.indikator}): {', '.join(areas)}")
    if vurderinger is not None:
        typer.echo(
            f"Evaluators vurderinger: {len(vurderinger)} i {antal_tekst(len(vur_files), 'fil', 'filer')} "
            f"({', '.join(sorted(set(vurderinger['kriterium'])))})."
        )
    if s["illustrative"]:
        typer.echo(f"Bemærk: {s['illustrative']} rækker er markeret som illustrative (ikke rigtige data).")
    notes = [(fil, n) for fil, ns in report.notes.items() for n in ns]
    if notes:
        typer.echo("Fortolket under indlæsningen:")
        for fil, note in notes:
            typer.echo(f"  {fil}: {note}")
    _echo_fund(read.fund, len(plan.helhedsevaluering.fundafsnit))


def _echo_fund(fund: list[Any], n_afsnit: int) -> None:
    """One line per findings file (its round, how many sections are written), then its notes."""
    for f in fund:
        typer.echo(f"Evaluators fund i {f.fil}: runde {f.runde}, {len(f.afsnit)} af {n_afsnit} afsnit skrevet.")
        for note in f.bemaerkninger:
            typer.echo(f"  {note}")


@app.command()
def template(
    ud: Path = typer.Argument(
        ..., metavar="UD.xlsx|UD.md",
        help="Excel-filen (.xlsx) til dataindtastning, eller Markdown-filen (.md) til evaluators fund."),
    fra: int = typer.Option(2017, "--fra", help="Første år i Excel-skabelonen."),
    til: int = typer.Option(2021, "--til", help="Sidste år i Excel-skabelonen."),
    runde: str = typer.Option("slut", "--runde", help="Runden, evaluators fund er til: midtvej eller slut (kun .md)."),
    overskriv: bool = typer.Option(False, "--overskriv", help="Overskriv filen, hvis den findes."),
    plan_dir: Path | None = typer.Option(None, "--plan", help="Mappe med planfilerne (standard: data/plan)."),
) -> None:
    """Skriv en skabelon: til dataindtastning (UD.xlsx, én række pr. område, indikator og år) eller til
    evaluators fund (UD.md, ét afsnit pr. spørgsmål, planen stiller til helhedsevalueringen)."""
    from .inputs.template import (  # deferred: pandas and the rest load only for the command that needs them
        TemplateError,
        template_rows,
        write_fund_template,
        write_template,
    )
    from .plan import RUNDE_SIDSTE_AAR, load_plan

    if ud.suffix.lower() in (".md", ".markdown"):
        if runde not in RUNDE_SIDSTE_AAR:
            raise TemplateError(f"Ukendt runde '{runde}'. Gyldige runder: {', '.join(RUNDE_SIDSTE_AAR)}.")
        plan = load_plan(plan_dir)
        write_fund_template(ud, runde, plan, overwrite=overskriv)
        typer.echo(f"Skabelonen til evaluators fund (runde {runde}) er skrevet til {ud} "
                   f"({len(plan.helhedsevaluering.fundafsnit)} afsnit: planens spørgsmål til helhedsevalueringen).")
        typer.echo(f"Skriv fundene under overskrifterne, og kontrollér filen med: helhedsanalyse validate {ud}")
        typer.echo(f"Vis dem i helhedsevalueringen med: helhedsanalyse render --fund {ud}")
        return
    if til < fra:
        raise TemplateError(f"--til ({til}) ligger før --fra ({fra})")
    plan = load_plan(plan_dir)
    years = range(fra, til + 1)
    write_template(ud, plan, years, overwrite=overskriv)
    typer.echo(f"Skabelonen er skrevet til {ud} ({len(template_rows(plan, years))} rækker, {fra}-{til}).")
    typer.echo(f"Udfyld arket 'Data', og kontrollér filen med: helhedsanalyse validate {ud}")


@app.command()
def status(
    runde: str = typer.Option("slut", "--runde",
                              help="Evalueringsrunde: midtvej (data til 2018) eller slut (til 2021)."),
    data: list[str] | None = typer.Option(
        None, "--data", help="Datafiler eller mapper (standard: data/eksempel); filer, hvis navn begynder med "
                             "'vurdering', er evaluators vurderinger."),
    fmt: str = typer.Option("table", "--format", help="table, csv eller json."),
    plan_dir: Path | None = typer.Option(None, "--plan", help="Mappe med planfilerne (standard: data/plan)."),
    kort: bool = typer.Option(False, "--kort", help="Tabellen uden forklaringer (én linje pr. kriterium og område)."),
    uden_diskretionering: bool = typer.Option(
        False, "--uden-diskretionering",
        help="Vis også små antal og forklaringerne bag dem (intern arbejdskopi; må ikke offentliggøres)."
    ),
    graense: int = typer.Option(5, "--graense", help="Diskretionering: antal under N vises som <N (standard 5)."),
) -> None:
    """Vis status for hvert succeskriterium og område i en evalueringsrunde.

    Som rapporterne er udskriften diskretioneret i alle formater: værdier og forklaringer, der bygger på
    få personer, er udeladt (docs/metode.md, "Diskretionering"); status er beregnet på de fulde tal.
    """
    from .compute.runde import compute  # deferred: pandas and the rest load only for the command that needs them
    from .inputs.parameters import check_parameters
    from .plan import RUNDE_SIDSTE_AAR, load_plan
    from .report.skjul import Skjul
    from .report.text import format_status
    from .report.visning import Visning

    if runde not in RUNDE_SIDSTE_AAR or fmt not in ("table", "csv", "json"):
        typer.echo("Fejl: --runde skal være midtvej eller slut, og --format table, csv eller json.", err=True)
        raise typer.Exit(1)
    check_parameters({"diskretionering_graense": graense})
    plan = load_plan(plan_dir)
    beregnet = compute(runde, data, plan)
    # suppressed as the reports are: the same decision (report.skjul.Skjul) from the same settings
    table = Skjul(plan, beregnet, Visning(diskretionering=not uden_diskretionering, graense=graense)).status_vist
    typer.echo(format_status(table, fmt, forklaring=not kort))


@app.command()
def render(
    runde: list[str] | None = typer.Option(None, "--runde", help="midtvej og/eller slut (standard: begge)."),
    omraade: list[str] | None = typer.Option(None, "--omraade", help="Kun disse områder (områderapporterne)."),
    notebook: list[str] | None = typer.Option(
        None, "--notebook", help="Kun disse notebooks: datatjek, omraade, indsatsomraade, helhedsevaluering, "
                                 "leverancemaaling, bestyrelsesstatus."
    ),
    data: list[str] | None = typer.Option(None, "--data", help="Datafiler eller mapper (standard: data/eksempel)."),
    fund: list[str] | None = typer.Option(
        None, "--fund", help="Evaluators fund (Markdown-fil, se 'helhedsanalyse template fund.md'), vist i "
                             "helhedsevalueringen for den runde, filen angiver; én fil pr. runde. Standard: fund*.md "
                             "blandt datafilerne (uden --data: de medfølgende ILLUSTRATIVE)."),
    ud: Path = typer.Option(Path("reports"), "--ud", help="Mappe til rapporterne (standard: reports)."),
    uden_diskretionering: bool = typer.Option(
        False, "--uden-diskretionering", help="Vis også små antal (intern arbejdskopi; må ikke offentliggøres)."
    ),
    processer: int = typer.Option(
        0, "--processer",
        help="Antal samtidige notebooks (standard: antal kerner). De kerner, der er tilovers, tegner figurerne "
             "i hver notebook (miljøvariablen HELHEDSANALYSE_PROCESSER sætter antallet pr. notebook).",
    ),
    graense: int = typer.Option(5, "--graense", help="Diskretionering: antal under N vises som <N (standard 5)."),
    alt: bool = typer.Option(False, "--alt", help="Dan alle rapporterne igen, også dem, hvis data, parametre, "
                                                  "plan, notebook og programversion er uændrede."),
) -> None:
    """Dan rapporterne (HTML) for en eller begge runder og skriv reports/index.html.

    En rapport, hvis grundlag er uændret siden sidst, dannes ikke igen (brug --alt)."""
    from .render import (
        render as render_reports,  # deferred: pandas and the rest load only for the command that needs them
    )

    runder = runde or ["midtvej", "slut"]
    done = render_reports(
        runder=runder,
        omraader=omraade or None,
        notebooks=notebook or None,
        out_dir=ud,
        data=data or None,
        diskretionering=not uden_diskretionering,
        workers=processer or None,
        diskretionering_graense=graense,
        fund=fund or None,
        alt=alt,
    )
    typer.echo(done.opsummering(ud))


@app.command()
def lister(
    omraade: list[str] | None = typer.Option(None, "--omraade", help="Kun disse områder (standard: alle fire)."),
    data: list[str] | None = typer.Option(None, "--data", help="Datafiler eller mapper (standard: data/eksempel)."),
    fmt: str = typer.Option("table", "--format", help="table eller csv."),
    plan_dir: Path | None = typer.Option(None, "--plan", help="Mappe med planfilerne (standard: data/plan)."),
    uden_diskretionering: bool = typer.Option(
        False, "--uden-diskretionering",
        help="Vis også værdier, der bygger på få personer (intern arbejdskopi; må ikke offentliggøres)."
    ),
    graense: int = typer.Option(
        5, "--graense", help="Diskretionering: andele med tæller eller nævner under N vises ikke (standard 5)."),
) -> None:
    """Vis listekriterierne, afstanden til grænserne og listestatus (beregnet og registreret) pr. område og år.

    Som rapporterne er udskriften diskretioneret: en følsom værdi, der bygger på få personer, vises som
    '(diskretioneret)' (docs/metode.md, "Diskretionering").
    """
    from .compute.lists import list_table  # deferred: pandas and the rest load only for the command that needs them
    from .inputs.files import shipped_inputs
    from .inputs.parameters import check_parameters
    from .plan import load_plan
    from .report.lists import format_lister, vist_listetabel
    from .report.visning import Visning

    if fmt not in ("table", "csv"):
        typer.echo("Fejl: --format skal være table eller csv.", err=True)
        raise typer.Exit(1)
    check_parameters({"diskretionering_graense": graense})
    visning = Visning(diskretionering=not uden_diskretionering, graense=graense)
    plan = load_plan(plan_dir)
    observations = shipped_inputs(data, plan)[0]
    table = list_table(observations, omraade or None, plan, visning.graense)
    typer.echo(format_lister(vist_listetabel(table, visning), fmt))


def _printable_streams() -> None:
    """Never fail on printing 'æøå' to a terminal or pipe that is not UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover
                pass


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``helhedsanalyse`` console script; returns the exit code."""
    _printable_streams()
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="helhedsanalyse", standalone_mode=True)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        typer.echo(str(exc.code), err=True)
        return 1
    except HelhedsanalyseError as exc:
        _echo_error(exc)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        typer.echo(getattr(exc, "besked", None) or "Afbrudt.", err=True)
        return getattr(exc, "exit_code", 130)
    except Exception as exc:  # noqa: BLE001 - the user never sees a traceback
        if os.environ.get("HELHEDSANALYSE_DEBUG"):
            raise
        typer.echo(
            f"Uventet fejl: {type(exc).__name__}: {exc}. Dette er en fejl i helhedsanalyse, ikke i dine data; "
            "kør igen med HELHEDSANALYSE_DEBUG=1 for detaljer, og send dem til den, der vedligeholder værktøjet.",
            err=True,
        )
        return 1
    return 0
