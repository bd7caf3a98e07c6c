"""The ``helhedsanalyse`` command.

Subcommands (more are added by other modules with ``@app.command(cls=Kommando)``):

``helhedsanalyse validate FIL...``
    Check observation files (CSV or Excel, or folders of them). Prints a summary and exits 0, or every
    problem, one per line, and exits 1.
``helhedsanalyse template UD.xlsx`` / ``helhedsanalyse template UD.md --runde slut``
    Write the data-entry workbook, or the template of the evaluator's findings.
``helhedsanalyse status`` / ``render`` / ``lister``
    The statuses, the reports (``--pdf``: and a PDF beside each), the list criteria.

Everything the user reads is Danish, the framework's own words too: typer (0.2x) vendors click with its
help and usage-error texts written in English and not marked for translation, so :class:`Kommando` and
:class:`Gruppe` write the help themselves (``Brug:``, ``Tilvalg``, plain metavars such as FIL, MAPPE, ID,
N set on every parameter) and turn click's usage errors into Danish sentences (:func:`brugsfejl`), exit
code 2 as click's. ``--version`` prints ``helhedsanalyse X.Y.Z``.

Settings: ``helhedsanalyse.toml`` (or ``[tool.helhedsanalyse]`` in ``pyproject.toml``) in the current folder
gives ``data``, ``ud``, ``fund`` and ``graense`` (:mod:`helhedsanalyse.inputs.settings`); an option on the
command line overrides the file's key.

Every :class:`~helhedsanalyse.errors.HelhedsanalyseError` becomes plain Danish sentences on stderr and exit
code 1; no traceback reaches the user (set ``HELHEDSANALYSE_DEBUG=1`` to see one for an unexpected error).
"""

from __future__ import annotations

import contextlib
import inspect
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer >= 0.2x vendors click
    from typer._click import exceptions as _click_fejl
except ImportError:  # pragma: no cover - older typer on click itself
    from click import exceptions as _click_fejl  # type: ignore[no-redef]

from . import __version__
from .core.errors import HelhedsanalyseError, ParameterError, ProblemsError, write_error
from .core.formatting import antal_tekst
from .inputs.settings import Indstillinger, load_settings

__all__ = ["Gruppe", "Kommando", "app", "brugsfejl", "main"]


def _echo_error(exc: HelhedsanalyseError) -> None:
    """An error as plain sentences on stderr: the summary, then one problem per line."""
    if isinstance(exc, ProblemsError):
        typer.echo(f"Fejl: {exc.summary}", err=True)
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
    else:
        typer.echo(f"Fejl: {exc}", err=True)


# --------------------------------------------------------------------------- Danish help and usage errors

HJAELP = "Vis denne hjælp og afslut."
TILVALG_METAVAR = "[TILVALG]"


def _skriv_brug(cmd: Any, ctx: Any, formatter: Any) -> None:
    formatter.write_usage(ctx.command_path, " ".join(_brugsdele(cmd, ctx)), prefix="Brug: ")


def _brugsdele(cmd: Any, ctx: Any) -> list[str]:
    """The usage line after the command's name: ``[TILVALG]``, then each argument as ``FIL...``/``[FIL]``."""
    pieces = [cmd.options_metavar] if cmd.options_metavar else []
    for p in cmd.get_params(ctx):
        if p.param_type_name == "argument":
            name = (p.metavar or p.name.upper()) + ("..." if p.nargs != 1 else "")
            pieces.append(name if p.required else f"[{name}]")
    if getattr(cmd, "subcommand_metavar", None):
        pieces.append(cmd.subcommand_metavar)
    return pieces


def _skriv_tekst(cmd: Any, formatter: Any) -> None:
    text = inspect.cleandoc(cmd.help or "").partition("\f")[0]
    if text:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)


def _parameter_raekker(ctx: Any, params: list[Any]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """The help's sections: (heading, [(names and metavar, help)]) for arguments, then options."""
    arguments = [(p.metavar or p.name.upper(), p.help or "") for p in params
                 if p.param_type_name == "argument" and not getattr(p, "hidden", False)]
    options = []
    for p in params:
        if p.param_type_name != "option" or getattr(p, "hidden", False):
            continue
        names = ", ".join(sorted(p.opts, key=lambda o: (o.startswith("--"), o)))  # -h, --help (click keeps a set)
        if p.secondary_opts:
            names += " / " + ", ".join(p.secondary_opts)
        if not p.is_flag:
            names += f" {p.metavar or 'VÆRDI'}"
        options.append((names, p.help or ""))
    if arguments:
        yield "Argumenter", arguments
    if options:
        yield "Tilvalg", options


def _dansk_hjaelpetilvalg(option: Any) -> Any:
    if option is not None:
        option.help = HJAELP
    return option


class _DanskHjaelp:
    """What the command and its subcommands share: the Danish help option, usage line and help text
    (description, then the arguments and options under Danish headings)."""

    def get_help_option(self, ctx: Any) -> Any:
        return _dansk_hjaelpetilvalg(super().get_help_option(ctx))  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _skriv_brug(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _skriv_brug(self, ctx, formatter)
        _skriv_tekst(self, formatter)
        for heading, rows in _parameter_raekker(ctx, self.get_params(ctx)):  # type: ignore[attr-defined]
            with formatter.section(heading):
                formatter.write_dl(rows)


class Kommando(_DanskHjaelp, TyperCommand):
    """A subcommand whose help is Danish throughout (usage line, headings, the help option)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = TILVALG_METAVAR
        super().__init__(*args, **kwargs)


def brugsfejl(exc: Exception) -> str:
    """A usage error of the command line (click's) as one Danish sentence.

    >>> brugsfejl(_click_fejl.NoSuchOption("--bad", possibilities=["--data"]))
    'ukendt tilvalg --bad (mente du --data?)'
    >>> brugsfejl(_click_fejl.BadOptionUsage("--data", "Option '--data' requires an argument."))
    'tilvalget --data skal have en værdi'
    >>> brugsfejl(_click_fejl.UsageError("Got unexpected extra argument(s) (x y)"))
    'uventede argumenter: x y'
    """
    message = str(getattr(exc, "message", "") or exc)
    if isinstance(exc, _click_fejl.NoSuchOption):
        hint = f" (mente du {' eller '.join(sorted(exc.possibilities))}?)" if exc.possibilities else ""
        return f"ukendt tilvalg {exc.option_name}{hint}"
    if isinstance(exc, _click_fejl.MissingParameter):
        param = exc.param
        if param is not None and param.param_type_name == "argument":
            return f"argumentet {param.metavar or param.name.upper()} mangler"
        name = "/".join(param.opts) if param is not None else "?"
        return f"tilvalget {name} mangler"
    if isinstance(exc, _click_fejl.BadParameter):
        param = exc.param
        where = "/".join(param.opts) if param is not None and param.opts else (
            (param.metavar or "") if param is not None else "")
        return f"ugyldig værdi for {where}: {_grund(message)}"
    if isinstance(exc, _click_fejl.BadOptionUsage):
        if "requires" in message:
            return f"tilvalget {exc.option_name} skal have en værdi"
        if "does not take a value" in message:
            return f"tilvalget {exc.option_name} tager ingen værdi"
        return f"tilvalget {exc.option_name} er brugt forkert"
    if m := re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", message):
        many = " " in m.group(1)
        return f"uventede argumenter: {m.group(1)}" if many else f"uventet argument: {m.group(1)}"
    if m := re.match(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", message):
        hint = f" (mente du {m.group(2)}?)" if m.group(2) else ""
        return f"ukendt kommando '{m.group(1)}'{hint}"
    if message.startswith("Missing command"):
        return "kommandoen mangler"
    return f"forkert brug ({message})"


def _grund(message: str) -> str:
    """Why a value was refused (typer's message comes from pydantic, in English), in Danish.

    >>> _grund("Input should be a valid integer, unable to parse string as an integer")
    'skal være et helt tal'
    """
    lower = message.lower()
    if "integer" in lower:
        return "skal være et helt tal"
    if "number" in lower or "float" in lower:
        return "skal være et tal"
    if "boolean" in lower or "bool" in lower:
        return "skal være ja eller nej"
    return "ikke tilladt her"


def _vis_brugsfejl(exc: Any) -> None:
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            typer.echo(f"Prøv '{ctx.command_path} --help' for hjælp.", err=True)
        typer.echo("", err=True)
    typer.echo(f"Fejl: {brugsfejl(exc)}.", err=True)


@contextlib.contextmanager
def _danske_brugsfejl() -> Iterator[None]:
    """A usage error of the command or a subcommand as Danish sentences and click's exit code (2); no
    arguments where some are needed: the help, exit code 2."""
    try:
        yield
    except _click_fejl.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help(), err=True)
        raise typer.Exit(2) from None
    except _click_fejl.UsageError as exc:
        _vis_brugsfejl(exc)
        raise typer.Exit(exc.exit_code) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"helhedsanalyse {__version__}")
        raise typer.Exit()


class Gruppe(_DanskHjaelp, TyperGroup):
    """The command: Danish help and usage errors; turns a HelhedsanalyseError raised by any subcommand
    into a message and its exit code (1); a full drive or a folder that may not be written into the same
    (the path and the fix, never "a bug"); Ctrl-C into one line and exit code 130 (SIGTERM while
    rendering: 143)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = TILVALG_METAVAR
        kwargs["subcommand_metavar"] = "KOMMANDO [ARGUMENTER]..."
        super().__init__(*args, **kwargs)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        super().format_help(ctx, formatter)
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            width = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("Kommandoer"):
                formatter.write_dl([(name, cmd.get_short_help_str(width)) for name, cmd in commands])

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _danske_brugsfejl():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        try:
            with _danske_brugsfejl():
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
    cls=Gruppe,
    name="helhedsanalyse",
    help="Evaluering af den boligsociale helhedsplan 'Én kommune – Én helhedsplan' (2017-2021).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Vis versionen (helhedsanalyse X.Y.Z) og afslut."),
) -> None:
    """Evaluering af den boligsociale helhedsplan 'Én kommune – Én helhedsplan' (2017-2021).

    Indstillinger: helhedsanalyse.toml (eller [tool.helhedsanalyse] i pyproject.toml) i den aktuelle mappe
    kan angive data, ud, fund og graense; tilvalg på kommandolinjen går forud.
    """


def _indstillinger() -> Indstillinger:
    """The settings file of the current folder (empty when there is none)."""
    return load_settings()


def _notebook_navne(names: list[str] | None) -> list[str] | None:
    """Notebook names as the files in notebooks/ (omraaderapport), or the old short names (omraade).

    >>> _notebook_navne(["omraaderapport", "datatjek", "indsatsomraade", "helhedsevaluering.ipynb"])
    ['omraade', 'datatjek', 'indsatsomraade', 'helhedsevaluering']
    """
    from .render.jobs import NOTEBOOKS  # deferred: the render stage loads the plan, not needed for --help

    if not names:
        return None
    by_file = {Path(spec.fil).stem: key for key, spec in NOTEBOOKS.items()}
    out = []
    for name in names:
        stem = Path(name).name.removesuffix(".ipynb")
        key = by_file.get(stem) or (stem if stem in NOTEBOOKS else None)
        if key is None:
            raise ParameterError(f"Ukendt notebook '{name}'. Gyldige: {', '.join(by_file)} (filerne i notebooks/).")
        out.append(key)
    return out


def _omraade_ids(names: list[str] | None) -> list[str] | None:
    """Area ids from ids or names as in the data files ('Ringparken', 'Præstevangen og Parkvej', 'skaelskor');
    an unknown name is refused with the closest valid id (:func:`~.inputs.parameters.omraade_id`)."""
    from .inputs.parameters import omraade_id  # deferred: the plan loads only for the command that needs it
    from .plan import load_plan  # deferred: as above

    if not names:
        return None
    plan = load_plan()
    return list(dict.fromkeys(omraade_id(name, plan) for name in names))


def _list(items: list[str], limit: int = 12) -> str:
    """Items for one line of a message, the rest counted.

    >>> _list(["a", "b", "c"], limit=2)
    'a, b ... (+1)'
    """
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" ... (+{len(items) - limit})"


@app.command(cls=Kommando, short_help="Kontrollér datafiler og evaluators fund.")
def validate(
    filer: list[str] = typer.Argument(
        ..., metavar="FIL", help="CSV- eller Excel-filer (eller mapper med dem) og evaluators fund (.md)."),
    plan_dir: Path | None = typer.Option(None, "--plan", metavar="MAPPE",
                                         help="Mappe med planfilerne (standard: data/plan)."),
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


@app.command(cls=Kommando, short_help="Skriv en skabelon til dataindtastning (.xlsx) eller evaluators fund (.md).")
def template(
    ud: Path = typer.Argument(
        ..., metavar="UD.xlsx|UD.md",
        help="Excel-filen (.xlsx) til dataindtastning, eller Markdown-filen (.md) til evaluators fund."),
    fra: int = typer.Option(2017, "--fra", metavar="ÅR", help="Første år i Excel-skabelonen (standard 2017)."),
    til: int = typer.Option(2021, "--til", metavar="ÅR", help="Sidste år i Excel-skabelonen (standard 2021)."),
    runde: str = typer.Option("slut", "--runde", metavar="RUNDE",
                              help="Runden, evaluators fund er til: midtvej eller slut (kun .md; standard slut)."),
    overskriv: bool = typer.Option(False, "--overskriv", help="Overskriv filen, hvis den findes."),
    plan_dir: Path | None = typer.Option(None, "--plan", metavar="MAPPE",
                                         help="Mappe med planfilerne (standard: data/plan)."),
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


@app.command(cls=Kommando, short_help="Vis status for hvert succeskriterium og område i en runde.")
def status(
    runde: str = typer.Option("slut", "--runde", metavar="RUNDE",
                              help="Evalueringsrunde: midtvej (data til 2018) eller slut (til 2021; standard)."),
    data: list[str] | None = typer.Option(
        None, "--data", metavar="FIL",
        help="En datafil eller mappe; gentag tilvalget for flere (standard: data i helhedsanalyse.toml, ellers "
             "data/eksempel). Filer, hvis navn begynder med 'vurdering', er evaluators vurderinger."),
    fmt: str = typer.Option("table", "--format", metavar="FORMAT", help="table (standard), csv eller json."),
    plan_dir: Path | None = typer.Option(None, "--plan", metavar="MAPPE",
                                         help="Mappe med planfilerne (standard: data/plan)."),
    kort: bool = typer.Option(False, "--kort", help="Tabellen uden forklaringer (én linje pr. kriterium og område)."),
    uden_diskretionering: bool = typer.Option(
        False, "--uden-diskretionering",
        help="Vis også små antal og forklaringerne bag dem (intern arbejdskopi; må ikke offentliggøres)."
    ),
    graense: int | None = typer.Option(
        None, "--graense", metavar="N",
        help="Diskretionering: antal under N vises som <N (standard: graense i helhedsanalyse.toml, ellers 5)."),
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
    settings = _indstillinger()
    data = data or settings.data
    graense = graense if graense is not None else (settings.graense or 5)
    check_parameters({"diskretionering_graense": graense})
    plan = load_plan(plan_dir)
    beregnet = compute(runde, data, plan)
    # suppressed as the reports are: the same decision (report.skjul.Skjul) from the same settings
    table = Skjul(plan, beregnet, Visning(diskretionering=not uden_diskretionering, graense=graense)).status_vist
    typer.echo(format_status(table, fmt, forklaring=not kort))


@app.command(cls=Kommando, short_help="Dan rapporterne (HTML; med --pdf også PDF) og oversigten index.html.")
def render(
    runde: list[str] | None = typer.Option(
        None, "--runde", metavar="RUNDE", help="midtvej eller slut; gentag for begge (standard: begge)."),
    omraade: list[str] | None = typer.Option(
        None, "--omraade", metavar="OMRÅDE",
        help="Kun områderapporterne for dette område (id eller navn, fx ringparken eller 'Ringparken'); gentag "
             "for flere (standard: alle)."),
    notebook: list[str] | None = typer.Option(
        None, "--notebook", metavar="NAVN",
        help="Kun denne notebook (navnet på filen i notebooks/): datatjek, omraaderapport, indsatsomraaderapport, "
             "helhedsevaluering, leverancemaaling, bestyrelsesstatus; gentag for flere (standard: alle)."),
    data: list[str] | None = typer.Option(
        None, "--data", metavar="FIL",
        help="En datafil eller mappe; gentag tilvalget for flere (standard: data i helhedsanalyse.toml, ellers "
             "data/eksempel)."),
    fund: list[str] | None = typer.Option(
        None, "--fund", metavar="FIL",
        help="Evaluators fund (Markdown-fil, se 'helhedsanalyse template fund.md'), vist i helhedsevalueringen "
             "for den runde, filen angiver; én fil pr. runde, gentag tilvalget for begge. Standard: fund i "
             "helhedsanalyse.toml, ellers fund*.md blandt datafilerne (uden data: de medfølgende ILLUSTRATIVE)."),
    ud: Path | None = typer.Option(
        None, "--ud", metavar="MAPPE",
        help="Mappe til rapporterne (standard: ud i helhedsanalyse.toml, ellers reports)."),
    uden_diskretionering: bool = typer.Option(
        False, "--uden-diskretionering", help="Vis også små antal (intern arbejdskopi; må ikke offentliggøres)."
    ),
    processer: int = typer.Option(
        0, "--processer", metavar="N",
        help="Antal samtidige notebooks (standard 0: antal kerner). De kerner, der er tilovers, tegner figurerne "
             "i hver notebook (miljøvariablen HELHEDSANALYSE_PROCESSER sætter antallet pr. notebook).",
    ),
    graense: int | None = typer.Option(
        None, "--graense", metavar="N",
        help="Diskretionering: antal under N vises som <N (standard: graense i helhedsanalyse.toml, ellers 5)."),
    alt: bool = typer.Option(False, "--alt", help="Dan alle rapporterne igen, også dem, hvis data, parametre, "
                                                  "plan, notebook og programversion er uændrede."),
    pdf: bool = typer.Option(
        False, "--pdf",
        help="Skriv også en PDF (A4) ved siden af hver rapport; kræver Chromium (sudo apt install chromium)."),
) -> None:
    """Dan rapporterne (HTML) for en eller begge runder og skriv oversigten index.html.

    Uden tilvalg: alle rapporter for begge runder af data, fund, mappe og grænse fra helhedsanalyse.toml i
    den aktuelle mappe, eller af de medfølgende ILLUSTRATIVE data til reports/. En rapport, hvis grundlag er
    uændret siden sidst, dannes ikke igen (brug --alt).
    """
    from .render import (
        render as render_reports,  # deferred: pandas and the rest load only for the command that needs them
    )

    settings = _indstillinger()
    out_dir = ud or settings.ud or Path("reports")
    runder = runde or ["midtvej", "slut"]
    done = render_reports(
        runder=runder,
        omraader=_omraade_ids(omraade),
        notebooks=_notebook_navne(notebook),
        out_dir=out_dir,
        data=data or settings.data,
        diskretionering=not uden_diskretionering,
        workers=processer or None,
        diskretionering_graense=graense if graense is not None else (settings.graense or 5),
        fund=fund or settings.fund,  # as typed, so that a message names it so (the jobs get it absolute)
        alt=alt,
    )
    typer.echo(done.opsummering(out_dir))
    if pdf:
        _skriv_pdf([*done, *done.opdaterede])


def _skriv_pdf(html_files: list[Path]) -> None:
    """A PDF beside each report, or one line saying how to get Chromium (the HTML part stays a success)."""
    from .render.pdf import (  # deferred: only for --pdf
        SAADAN_FAAS_CHROMIUM,
        find_chromium,
        write_pdfs,
    )

    chromium = find_chromium()
    if chromium is None:
        typer.echo(SAADAN_FAAS_CHROMIUM, err=True)
        return
    reports = [h for h in html_files if h.name != "index.html"]
    written = write_pdfs(reports, chromium)
    kept = len(reports) - len(written)
    typer.echo(f"{antal_tekst(len(written), 'PDF-fil', 'PDF-filer')} (A4) skrevet ved siden af rapporterne"
               + (f"; {kept} var allerede opdateret." if kept else "."))


@app.command(cls=Kommando, short_help="Vis listekriterierne og listestatus pr. område og år.")
def lister(
    omraade: list[str] | None = typer.Option(
        None, "--omraade", metavar="OMRÅDE",
        help="Kun dette område (id eller navn); gentag for flere (standard: alle fire)."),
    data: list[str] | None = typer.Option(
        None, "--data", metavar="FIL",
        help="En datafil eller mappe; gentag tilvalget for flere (standard: data i helhedsanalyse.toml, ellers "
             "data/eksempel)."),
    fmt: str = typer.Option("table", "--format", metavar="FORMAT", help="table (standard) eller csv."),
    plan_dir: Path | None = typer.Option(None, "--plan", metavar="MAPPE",
                                         help="Mappe med planfilerne (standard: data/plan)."),
    uden_diskretionering: bool = typer.Option(
        False, "--uden-diskretionering",
        help="Vis også værdier, der bygger på få personer (intern arbejdskopi; må ikke offentliggøres)."
    ),
    graense: int | None = typer.Option(
        None, "--graense", metavar="N",
        help="Diskretionering: andele med tæller eller nævner under N vises ikke (standard: graense i "
             "helhedsanalyse.toml, ellers 5)."),
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
    settings = _indstillinger()
    graense = graense if graense is not None else (settings.graense or 5)
    check_parameters({"diskretionering_graense": graense})
    visning = Visning(diskretionering=not uden_diskretionering, graense=graense)
    plan = load_plan(plan_dir)
    observations = shipped_inputs(data or settings.data, plan)[0]
    table = list_table(observations, _omraade_ids(omraade), plan, visning.graense)
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
