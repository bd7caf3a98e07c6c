"""Render the notebooks into self-contained Danish HTML reports.

One *job* is one notebook with one set of parameters (e.g. the area report for Motalavej, round
``slut``). :func:`render` checks every job's parameters before any kernel starts, runs the jobs in
parallel over the machine's cores (papermill), converts each executed notebook to HTML in-process
(nbconvert, no code cells, no prompts), writes it atomically (temporary file, then rename: a failed
render leaves the previous report in place) and finally writes ``reports/index.html``.
"""

from __future__ import annotations

import functools
import html
import json
import os
import sys
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from .errors import HelhedsanalyseError
from .plan import PACKAGE_ROOT, RUNDE_SIDSTE_AAR, load_plan

NOTEBOOK_DIR = PACKAGE_ROOT / "notebooks"
REPORT_DIR = PACKAGE_ROOT / "reports"
KERNEL_NAME = "python3"

_UMASK = os.umask(0)
os.umask(_UMASK)


@dataclass(frozen=True)
class NotebookSpec:
    """A notebook of the report set: its file, Danish title and what it is rendered per."""

    navn: str
    fil: str
    titel: str
    pr: str  # "runde" (once per round), "omraade" (per area incl. samlet), "indsatsomraade"


NOTEBOOKS: dict[str, NotebookSpec] = {
    spec.navn: spec
    for spec in [
        NotebookSpec("datatjek", "datatjek.ipynb", "Datatjek", "runde"),
        NotebookSpec("omraade", "omraaderapport.ipynb", "Områderapport", "omraade"),
        NotebookSpec("indsatsomraade", "indsatsomraaderapport.ipynb", "Indsatsområderapport", "indsatsomraade"),
        NotebookSpec("helhedsevaluering", "helhedsevaluering.ipynb", "Helhedsevaluering", "runde"),
        NotebookSpec("leverancemaaling", "leverancemaaling.ipynb", "Leverancemåling", "runde"),
        NotebookSpec("bestyrelsesstatus", "bestyrelsesstatus.ipynb", "Status til bestyrelsen", "runde"),
    ]
}


class RenderError(HelhedsanalyseError):
    """A notebook failed; the message names the notebook, the cell and the error in one sentence."""

    def __init__(self, notebook: str, besked: str, delvis: str | None = None):
        self.notebook = notebook
        self.delvis = delvis
        super().__init__(besked)


class ParameterError(HelhedsanalyseError):
    """A parameter given to a notebook is not valid; raised before any kernel starts."""


@dataclass(frozen=True)
class Job:
    spec: NotebookSpec
    parametre: dict[str, Any] = field(hash=False)
    html: Path
    titel: str

    @property
    def notebook(self) -> Path:
        return NOTEBOOK_DIR / self.spec.fil


# --------------------------------------------------------------------------- parameters


def check_parameters(parametre: dict[str, Any]) -> dict[str, Any]:
    """Check notebook parameters against the plan; raise :class:`ParameterError` with the valid values.

    Known parameters: ``runde``, ``omraade``, ``indsatsomraade``, ``data`` (list of paths),
    ``diskretionering`` (bool), ``diskretionering_graense`` (int, at least 1). Values are only ever passed
    to papermill as JSON-able values, never pasted into code.
    """
    plan = load_plan()
    out = dict(parametre)
    if "runde" in out and out["runde"] not in RUNDE_SIDSTE_AAR:
        raise ParameterError(
            f"Ukendt runde '{out['runde']}'. Gyldige runder: {', '.join(RUNDE_SIDSTE_AAR)}."
        )
    if "omraade" in out and out["omraade"] not in plan.omraade:
        raise ParameterError(
            f"Ukendt område '{out['omraade']}'. Gyldige områder: {', '.join(plan.omraade_ids)}."
        )
    if "indsatsomraade" in out and out["indsatsomraade"] not in plan.indsatsomraade:
        raise ParameterError(
            f"Ukendt indsatsområde '{out['indsatsomraade']}'. "
            f"Gyldige indsatsområder: {', '.join(plan.indsatsomraade)}."
        )
    if "data" in out:
        paths = out["data"]
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        missing = [str(p) for p in paths if not Path(p).exists()]
        if missing:
            raise ParameterError(f"Datafilen findes ikke: {', '.join(missing)}.")
        out["data"] = [str(Path(p).resolve()) for p in paths]
    if "diskretionering_graense" in out:
        g = out["diskretionering_graense"]
        if isinstance(g, bool) or not isinstance(g, int) or g < 1:
            raise ParameterError(
                f"Ugyldig grænse for diskretionering '{g}'. Grænsen skal være et helt tal på mindst 1 (standard 5)."
            )
    return out


# --------------------------------------------------------------------------- jobs


def plan_jobs(
    runde: str,
    omraader: Iterable[str] | None = None,
    notebooks: Iterable[str] | None = None,
    out_dir: Path | None = None,
    data: list[str] | None = None,
    diskretionering: bool = True,
    diskretionering_graense: int = 5,
) -> list[Job]:
    """The jobs of a round: every notebook, per area / indsatsområde where it is rendered per one."""
    plan = load_plan()
    out_dir = Path(out_dir or REPORT_DIR)
    chosen = list(notebooks) if notebooks else list(NOTEBOOKS)
    unknown = [n for n in chosen if n not in NOTEBOOKS]
    if unknown:
        raise ParameterError(f"Ukendt notebook {unknown}. Gyldige: {', '.join(NOTEBOOKS)}.")
    areas = list(omraader) if omraader else plan.omraade_ids
    base = {"runde": runde, "diskretionering": diskretionering, "diskretionering_graense": diskretionering_graense}
    if data:
        base["data"] = list(data)
    jobs: list[Job] = []
    for name in chosen:
        spec = NOTEBOOKS[name]
        if spec.pr == "omraade":
            for area in areas:
                params = check_parameters({**base, "omraade": area})
                jobs.append(Job(spec, params, out_dir / runde / f"omraade_{area}.html",
                                f"{spec.titel}: {plan.omraade[area].navn}" if area in plan.omraade else area))
        elif spec.pr == "indsatsomraade":
            for io in plan.indsatsomraader:
                params = check_parameters({**base, "indsatsomraade": io.id})
                jobs.append(Job(spec, params, out_dir / runde / f"indsatsomraade_{io.id}.html",
                                f"{spec.titel}: {io.navn}"))
        else:
            params = check_parameters(dict(base))
            jobs.append(Job(spec, params, out_dir / runde / f"{name}.html", spec.titel))
    return jobs


# --------------------------------------------------------------------------- execution


def venter_markering(path: Path) -> Path:
    """The file that says the stored computation ``path`` is being made (see ``Rapport.load``)."""
    return path.with_name(path.name + ".venter")


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; reports are to be read by others
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


_exporter = None
_exporter_laas = threading.Lock()


def _html_exporter():
    """nbconvert's HTML exporter (basic template, no code, no prompts), made once per process.

    Importing nbconvert and compiling its templates takes about 0.3 s; :func:`execute_job` has it done
    on a thread while the kernel runs, so the conversion afterwards starts at once.
    """
    global _exporter
    with _exporter_laas:
        if _exporter is None:
            import nbformat
            from nbconvert import HTMLExporter

            exporter = HTMLExporter(template_name="basic")
            exporter.exclude_input = True
            exporter.exclude_input_prompt = True
            exporter.exclude_output_prompt = True
            exporter.from_notebook_node(nbformat.v4.new_notebook())  # loads and compiles the templates
            _exporter = exporter
    return _exporter


def _warm_exporter() -> None:
    try:
        _html_exporter()
    except Exception:  # noqa: BLE001 - notebook_to_html makes it again and reports the error there
        pass


def notebook_to_html(nb, titel: str) -> str:
    """Convert an executed notebook to one self-contained HTML page: no code, no prompts."""
    exporter = _html_exporter()
    # papermill gives its injected-parameters cell a new random id on every run, and the template
    # writes cell ids into the page: fixed ids keep two renders of the same data identical.
    for i, cell in enumerate(nb.cells):
        cell.id = f"celle-{i + 1}"
    body, _ = exporter.from_notebook_node(nb)
    from .style import REPORT_CSS  # the report style sheet, inlined

    return (
        "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(titel)}</title>\n<style>\n{REPORT_CSS}\n</style>\n</head>\n"
        f"<body>\n<main class=\"rapport\">\n{body}\n</main>\n</body>\n</html>\n"
    )


def _skip_iri_checker() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax`` (about 1 s: it builds a grammar on import).

    papermill and nbformat import jsonschema, which loads the optional ``rfc3987_syntax`` package for
    its "iri" format checker. Notebook validation never checks formats, so nothing here uses it;
    without this every render worker pays for it once. jsonschema treats the package as optional
    (``ImportError`` is expected and ignored).
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


#: Start kernels before papermill is ready for them. Not on Windows: there papermill changes the
#: asyncio event loop policy when it runs, after a loop made here would exist; it starts the kernel.
_EARLY_KERNEL = os.name == "posix"


def _start_kernel():
    """Launch the notebook's kernel at once (it takes about half a second to be ready), so that it
    starts while papermill is imported and the notebook prepared. Returns its kernel manager."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name=KERNEL_NAME)
    run_sync(km.start_kernel)(cwd=str(PACKAGE_ROOT))
    return km


@functools.cache
def _papermill_engine() -> str:
    """papermill's nbclient engine, run on a kernel that is already started (:func:`_start_kernel`).

    papermill passes ``km`` on to nbclient, which then uses that kernel, but leaves it (and its
    client's channels) running, since it did not start it. This engine's client takes it over and
    shuts both down when the notebook is done, as papermill does with a kernel it starts itself.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class Client(PapermillNotebookClient):
        def __init__(self, nb_man, km=None, **kw):
            super().__init__(nb_man, km=km, **kw)
            self.owns_km = True

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, km=None,
                                     **kwargs):
            return Client(nb_man, km=km, kernel_name=kernel_name, timeout=execution_timeout,
                          startup_timeout=start_timeout, log=logger, log_output=log_output,
                          stdout_file=stdout_file, stderr_file=stderr_file).execute()

    papermill_engines.register("helhedsanalyse", Engine)
    return "helhedsanalyse"


def execute_job(job: Job) -> Path:
    """Execute one job with papermill and write its HTML atomically. Returns the HTML path."""
    _skip_iri_checker()
    km = _start_kernel() if _EARLY_KERNEL else None
    try:
        return _execute_on(job, km)
    finally:
        if km is not None and km.has_kernel:  # papermill stopped before it took the kernel over
            from jupyter_core.utils import run_sync

            run_sync(km.shutdown_kernel)(now=True)


def _execute_on(job: Job, km) -> Path:
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    threading.Thread(target=_warm_exporter, daemon=True).start()
    job.html.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_nb = tempfile.mkstemp(prefix=f".{job.html.stem}.", suffix=".ipynb", dir=job.html.parent)
    os.close(fd)
    try:
        pm.execute_notebook(
            str(job.notebook),
            tmp_nb,
            parameters=job.parametre,
            kernel_name=KERNEL_NAME,
            **({"engine_name": _papermill_engine(), "km": km} if km is not None else {}),
            progress_bar=False,
            cwd=str(PACKAGE_ROOT),
            log_output=False,
        )
    except PapermillExecutionError as exc:
        kept = job.html.with_suffix(".fejl.ipynb")
        os.replace(tmp_nb, kept)
        line = (exc.evalue or "").strip().splitlines()[-1:] or [""]
        raise RenderError(
            job.spec.fil,
            f"{job.titel} ({job.spec.fil}) fejlede i celle {exc.exec_count or exc.cell_index}: "
            f"{exc.ename}: {line[0]} – den delvist kørte notebook er gemt i {kept}, "
            f"og den tidligere rapport er bevaret.",
            delvis=str(kept),
        ) from None
    except BaseException:
        if os.path.exists(tmp_nb):
            os.unlink(tmp_nb)
        raise
    try:
        nb = nbformat.read(tmp_nb, as_version=4)
        _atomic_write(job.html, notebook_to_html(nb, job.titel))
    finally:
        os.unlink(tmp_nb)
    return job.html


def _run(job: Job) -> tuple[str, str | None]:
    try:
        execute_job(job)
        return str(job.html), None
    except HelhedsanalyseError as exc:
        return str(job.html), str(exc)


def render(
    runder: Iterable[str] = ("midtvej", "slut"),
    omraader: Iterable[str] | None = None,
    notebooks: Iterable[str] | None = None,
    out_dir: Path | None = None,
    data: list[str] | None = None,
    diskretionering: bool = True,
    workers: int | None = None,
    progress: bool = True,
    diskretionering_graense: int = 5,
) -> list[Path]:
    """Render the report set for the given rounds and write ``index.html``.

    Raises :class:`RenderError` after all jobs have run if any failed (every failure listed).
    """
    out_dir = Path(out_dir or REPORT_DIR)
    runder = list(runder)
    # Check every parameter before anything is computed or any kernel starts.
    planned = {runde: plan_jobs(runde, omraader, notebooks, out_dir, data, diskretionering, diskretionering_graense)
               for runde in runder}
    # The assessment is computed once per round; every notebook of the round reads it (``beregning``).
    jobs: list[Job] = []
    for runde, round_jobs in planned.items():
        stored = out_dir / runde / ".beregning.pkl"
        stored.unlink(missing_ok=True)  # never let a notebook read a stale one
        venter_markering(stored).unlink(missing_ok=True)
        for job in round_jobs:
            jobs.append(Job(job.spec, {**job.parametre, "beregning": str(stored)}, job.html, job.titel))
    workers = workers or max(1, os.cpu_count() or 1)
    # Each kernel draws its figures on the cores the render leaves it (helhedsanalyse.parallel):
    # one report alone gets them all, reports side by side one each. The user's own setting wins.
    from .parallel import MILJOEVARIABEL, antal_processer

    figure_env = os.environ.get(MILJOEVARIABEL)
    if figure_env is None:
        os.environ[MILJOEVARIABEL] = str(max(1, antal_processer() // max(1, min(workers, len(jobs)))))
    try:
        return _render_jobs(jobs, runder, out_dir, data, diskretionering, workers, progress)
    finally:
        if figure_env is None:
            os.environ.pop(MILJOEVARIABEL, None)


def _render_jobs(jobs: list[Job], runder: list[str], out_dir: Path, data: list[str] | None,
                 diskretionering: bool, workers: int, progress: bool) -> list[Path]:
    # With the user's own data files the assessment is computed before any kernel starts, so that a
    # data error stops the render with the validator's message and no report. With the shipped data
    # (already valid) and several workers it is computed while the workers start (below).
    overlap = workers > 1 and not data
    if not overlap:
        for runde in runder:
            prepare_round(runde, out_dir, data, diskretionering)
    failures: list[str] = []
    done: list[Path] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), desc="Rapporter", unit="rapport")
    if workers == 1:
        results = (_run(job) for job in jobs)
        for path, err in results:
            (failures.append(err) if err else done.append(Path(path)))
            if bar:
                bar.update()
    else:
        # While the workers start their kernels (seconds), this process computes each round's
        # assessment. It is written atomically; a notebook that gets there first waits for it while
        # the marker says it is being made (Rapport.load), and computes it itself if the marker goes
        # away without it -- the reports are the same either way.
        markers = [venter_markering(out_dir / runde / ".beregning.pkl") for runde in (runder if overlap else ())]
        for marker in markers:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_run, job) for job in jobs]
            try:
                for runde, marker in zip(runder, markers):
                    prepare_round(runde, out_dir, data, diskretionering)
                    marker.unlink(missing_ok=True)
            except BaseException:
                for marker in markers:
                    marker.unlink(missing_ok=True)
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            for fut in as_completed(futures):
                path, err = fut.result()
                (failures.append(err) if err else done.append(Path(path)))
                if bar:
                    bar.update()
    if bar:
        bar.close()
    for runde in runder:  # the stored computation is an intermediate, not part of the report set
        (out_dir / runde / ".beregning.pkl").unlink(missing_ok=True)
    write_index(out_dir)
    if failures:
        raise RenderError("flere", "\n".join(failures))
    return sorted(done)


def prepare_round(runde: str, out_dir: Path, data: list[str] | None, diskretionering: bool) -> Path:
    """Compute the round's assessment once, store it for the notebooks, write the status overview."""
    from .report import Rapport, save_computation

    stored = save_computation(runde, out_dir / runde / ".beregning.pkl", data)
    r = Rapport.load(runde, data, diskretionering, str(stored))
    overview = (r.statusoptaelling().data + r.statusgitter().data
                + "<h4>Sådan læses statusserne</h4>" + r.statusforklaring(kort=True).data)
    _atomic_write(out_dir / runde / "statusoversigt.html", f'<div class="statusoversigt">{overview}</div>\n')
    return stored


# --------------------------------------------------------------------------- index


def write_index(out_dir: Path | None = None) -> Path:
    """Write ``reports/index.html`` linking every rendered report, with the status overview."""
    from .report import ILLUSTRATIV_TEKST, dansk_dato
    from .style import REPORT_CSS

    out_dir = Path(out_dir or REPORT_DIR)
    plan = load_plan()
    parts = [
        "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(plan.navn)} – rapporter</title>\n<style>\n{REPORT_CSS}\n</style>\n</head>\n<body>\n"
        "<main class=\"rapport\">\n"
        f"<h1>{html.escape(plan.navn)} – evalueringsrapporter</h1>\n"
        f"<p class=\"undertitel\">Boligsocial helhedsplan for Skælskør, Korsør og Slagelse {html.escape(plan.periode)}. "
        f"Dannet <span class=\"dato\">{dansk_dato()}</span>.</p>\n"
    ]
    if _illustrative_set(out_dir):
        parts.append(f"<div class=\"illustrativ\">{html.escape(ILLUSTRATIV_TEKST)}</div>\n")
    for runde in RUNDE_SIDSTE_AAR:
        folder = out_dir / runde
        if not folder.is_dir():
            continue
        overview = folder / "statusoversigt.html"
        parts.append(f"<h2>{'Midtvejsevaluering' if runde == 'midtvej' else 'Slutevaluering'} "
                     f"(data til og med {RUNDE_SIDSTE_AAR[runde]})</h2>\n")
        parts.append("<ul class=\"rapportliste\">\n")
        for spec in NOTEBOOKS.values():
            for path in sorted(folder.glob(f"{spec.navn}*.html")) if spec.pr == "runde" else sorted(
                folder.glob(f"{spec.navn}_*.html")
            ):
                if path.name.endswith(".fejl.html"):
                    continue
                label = _label(spec, path, plan)
                parts.append(
                    f"<li><a href=\"{html.escape(runde + '/' + path.name)}\">{html.escape(label)}</a></li>\n"
                )
        parts.append("</ul>\n")
        if overview.exists():
            parts.append("<h3>Statusoversigt</h3>\n" + overview.read_text(encoding="utf-8"))
    parts.append("</main>\n</body>\n</html>\n")
    index = out_dir / "index.html"
    _atomic_write(index, "".join(parts))
    return index


def _illustrative_set(out_dir: Path) -> bool:
    """True when any rendered report of the set says it is built on illustrative data."""
    marker = 'class="illustrativ"'
    return any(marker in p.read_text(encoding="utf-8") for p in out_dir.glob("*/*.html"))


def _label(spec: NotebookSpec, path: Path, plan) -> str:
    if spec.pr == "omraade":
        area = path.stem.removeprefix("omraade_")
        return f"{spec.titel}: {plan.omraade[area].navn}" if area in plan.omraade else path.stem
    if spec.pr == "indsatsomraade":
        io = path.stem.removeprefix("indsatsomraade_")
        return f"{spec.titel}: {plan.indsatsomraade[io].navn}" if io in plan.indsatsomraade else path.stem
    return spec.titel


def dump_parameters(job: Job) -> str:
    """The job's parameters as JSON (for logs and tests)."""
    return json.dumps(job.parametre, ensure_ascii=False, sort_keys=True)
