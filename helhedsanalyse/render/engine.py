"""Render the notebooks into self-contained Danish HTML reports.

:func:`render` checks every job's parameters before any kernel starts (:mod:`.jobs`), runs the jobs in
parallel over the machine's cores (papermill, on kernels started early: :mod:`.kernels`; worker
processes: :mod:`.workers`), converts each executed notebook to HTML in-process (:mod:`.page`), writes
it atomically (a failed render leaves the previous report in place: :mod:`.output`) and rewrites
``reports/index.html`` after every report (:mod:`.index`).

Nothing leaks, nothing is lost (issue 12): a render holds its report folder's lock
(:class:`~.output.OutputLock`); the round's computation, the running notebooks and the kernels' files
live in a private temporary folder (:func:`~.output.private_folder`); Ctrl-C or SIGTERM stops the
workers and their kernels and raises :class:`~helhedsanalyse.errors.RenderInterrupted`; workers whose
main process dies stop by themselves (:func:`~.workers.worker_start`); a folder that cannot be written
gives an :class:`~helhedsanalyse.errors.OutputError` with the path and the fix.

papermill is called through ``papermill.execute_notebook(..., engine_name=..., km=...)``: the engine
registered by :func:`~.kernels.papermill_engine` receives the early kernel's manager as ``km`` (the
internal API this relies on is listed in :mod:`.kernels`). ``PapermillExecutionError``'s ``ename``,
``evalue``, ``exec_count`` and ``cell_index`` make the message of a failed notebook.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from ..core.errors import HelhedsanalyseError, OutputError, ParameterError, ProcessCountError, RenderInterrupted
from ..core.parallel import MILJOEVARIABEL, antal_processer, kerner
from ..core.paths import PACKAGE_ROOT
from ..inputs.fingeraftryk import Fingeraftryk, datafiler_af, fingeraftryk
from ..inputs.fund import fund_for_runder
from . import kernels
from .index import OVERSIGT, rapporter_i, reports_in, write_index
from .jobs import NOTEBOOKS, REPORT_DIR, Job, RenderError, plan_jobs
from .kernels import KERNEL_NAME, kill_kernel_of, papermill_engine, shut_down, skip_iri_checker
from .nav import Navigation
from .output import (
    OutputLock,
    atomic_write,
    identity,
    prepare_output_dir,
    private_folder,
    remove_leftovers,
    writing,
)
from .page import KUN_NOTEBOOK, notebook_to_html, warm_exporter
from .saet import (
    Manifest,
    Resultat,
    afhaengige,
    besked_om_afhaengige,
    data_fund,
    genplanlaeg,
    indgang,
)
from .signals import hold_stop_signals, stop_signals
from .workers import stop_workers, worker_start

__all__ = ["check_workers", "execute_job", "prepare_round", "render"]


# ------------------------------------------------------------------ one job


def execute_job(job: Job) -> Path:
    """Execute one job with papermill and write its HTML atomically. Returns the HTML path.

    The running notebook lives in the job's private folder (``job.privat``; without one, a private
    temporary folder of its own), never in the report folder. Interrupted (Ctrl-C), its kernel and what
    the kernel forked are killed at once.
    """
    skip_iri_checker()
    own = job.privat is None
    privat = Path(tempfile.mkdtemp(prefix="helhedsanalyse-")) if job.privat is None else job.privat
    km = None
    try:
        km = kernels.start_kernel(privat) if kernels.EARLY_KERNEL else None
        return _execute_on(job, km, privat)
    except (KeyboardInterrupt, SystemExit):
        if kill_kernel_of(km, wait=5):
            km = None
        raise
    finally:
        shut_down(km)  # papermill stopped before it took the kernel over
        kernels.kernel_pids.clear()  # one job at a time per process: its kernel is gone now
        if own:
            shutil.rmtree(privat, ignore_errors=True)


def _execute_on(job: Job, km: Any, privat: Path) -> Path:
    """Run the job's notebook (on the kernel of ``km`` when there is one) in ``privat``, write its page."""
    import nbformat

    threading.Thread(target=warm_exporter, daemon=True).start()
    fd, tmp_nb = tempfile.mkstemp(prefix=f"{job.html.stem}.", suffix=".ipynb", dir=privat)
    os.close(fd)
    try:
        _papermill(job, tmp_nb, km, privat)
        nb = nbformat.read(tmp_nb, as_version=4)
        # the page links to the pages of the folder and to those this render writes (render/nav.py)
        nav = Navigation.af(job.side, job.saet | rapporter_i(job.html.parent.parent))
        atomic_write(job.html, notebook_to_html(nb, job.titel, nav))
    finally:
        if os.path.exists(tmp_nb):
            os.unlink(tmp_nb)
    return job.html


def _uden_kun_notebook(path: Path) -> Any:
    """The notebook without its cells for the student only (:data:`KUN_NOTEBOOK`: the introduction, "Udforsk
    selv"): the report leaves them out anyway, so a render does not spend a second running them."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if KUN_NOTEBOOK not in c.metadata.get("tags", [])]
    return nb


def _papermill(job: Job, tmp_nb: str, km: Any, privat: Path) -> None:
    """Execute the job's notebook into ``tmp_nb``; a failing cell raises :class:`RenderError`, with the
    partly run notebook kept beside the report."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    try:
        with writing(privat, midlertidig=True):  # papermill writes the running notebook after every cell
            pm.execute_notebook(
                _uden_kun_notebook(job.notebook),
                tmp_nb,
                parameters=job.parametre,
                kernel_name=KERNEL_NAME,
                **({"engine_name": papermill_engine(), "km": km} if km is not None else {}),
                progress_bar=False,
                cwd=str(PACKAGE_ROOT),
                log_output=False,
            )
    except PapermillExecutionError as exc:
        kept = job.html.with_suffix(".fejl.ipynb")
        atomic_write(kept, Path(tmp_nb).read_text(encoding="utf-8"))
        os.unlink(tmp_nb)
        line = (exc.evalue or "").strip().splitlines()[-1:] or [""]
        raise RenderError(
            job.spec.fil,
            f"{job.titel} ({job.spec.fil}) fejlede i celle {exc.exec_count or exc.cell_index}: "
            f"{exc.ename}: {line[0]} – den delvist kørte notebook er gemt i {kept}, "
            f"og den tidligere rapport er bevaret.",
            delvis=str(kept),
        ) from None


def _run(job: Job) -> tuple[str, str | None]:
    """One job in a worker: (its HTML path, None) or (path, the Danish message of its failure).

    An :class:`~helhedsanalyse.errors.OutputError` (full drive, no permission) is raised: it stops the
    whole render, since every other report would meet it too."""
    try:
        execute_job(job)
        return str(job.html), None
    except OutputError:
        raise
    except HelhedsanalyseError as exc:
        return str(job.html), str(exc)


# ------------------------------------------------------------------ render


def check_workers(workers: int | None) -> int:
    """The number of notebooks to run side by side: ``None`` or 0 is one per core; otherwise a whole number
    from 1 to 4 per core, else :class:`~helhedsanalyse.errors.ProcessCountError`.

    >>> check_workers(1), check_workers(None) == kerner()
    (1, True)
    >>> check_workers(True)  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ProcessCountError: ...
    """
    maks = 4 * kerner()
    if workers is None or (workers == 0 and not isinstance(workers, bool)):
        return kerner()
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= maks:
        raise ProcessCountError(workers, maks)
    return workers


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
    fund: list[str] | None = None,
    alt: bool = False,
) -> Resultat:
    """Render the report set for the given rounds and write ``index.html``; a report whose inputs did not
    change since it was rendered is not rendered again (``alt``: render every one all the same).

    ``fund``: the evaluator's findings (Markdown files), each shown in the helhedsevaluering of the round it
    declares (a file of a round not rendered is refused); without it, the findings among the data files
    (the shipped illustrative ones when ``data`` is not given).

    The report folder is one set (:mod:`.saet`): its manifest says what each report was rendered from. A
    report whose data set, parameters, findings file, notebook, plan and package are those it was rendered
    from is up to date; every other report of the folder that stands on other data (or another suppression
    setting) than this render is rendered with it, so that the folder never mixes data sets (said on
    stderr before it starts when ``progress``). Returns the reports written (a :class:`~.saet.Resultat`:
    a sorted list, with the reports that were up to date and a summary line).

    Every parameter is checked before anything is written or any kernel starts. The render holds the
    report folder's lock (:class:`OutputLock`); what it computes lives in a private temporary folder
    (:func:`private_folder`), never in the report folder. ``index.html`` is rewritten after every report,
    so it lists whatever is there however the render ends.

    Raises :class:`RenderError` after all jobs have run if any failed (every failure listed), an
    :class:`~helhedsanalyse.errors.OutputError` when the reports cannot be written (the render stops),
    and :class:`~helhedsanalyse.errors.RenderInterrupted` (a KeyboardInterrupt) on Ctrl-C or SIGTERM,
    after the workers and their kernels are stopped.
    """
    out_dir = Path(out_dir or REPORT_DIR)
    runder = list(runder)
    workers = check_workers(workers)
    antal_processer()  # HELHEDSANALYSE_PROCESSER is checked here, not in every kernel
    # Check every parameter before anything is computed or any kernel starts.
    fund_runde = fund_for_runder(fund, runder) if fund else data_fund(data, runder)
    planned = {runde: plan_jobs(runde, omraader, notebooks, out_dir, data, diskretionering, diskretionering_graense,
                                fund_runde.get(runde))
               for runde in runder}
    # One folder, one set; what is up to date is not rendered again (render/saet.py).
    fp = fingeraftryk(datafiler_af(data))
    manifest = Manifest.laes(out_dir)
    andre = afhaengige(out_dir, manifest, (fp.id, diskretionering, diskretionering_graense),
                       [job.side for round_jobs in planned.values() for job in round_jobs])
    for runde, round_jobs in _andre_jobs(andre, out_dir, data, diskretionering, diskretionering_graense,
                                         fund_runde).items():
        planned.setdefault(runde, []).extend(round_jobs)
    runder = [r for r in planned if planned[r]]
    entries = {job.side: indgang(job, fp) for round_jobs in planned.values() for job in round_jobs}
    opdaterede = [job.html for round_jobs in planned.values() for job in round_jobs
                  if not alt and manifest.opdateret(job.side, entries[job.side], out_dir)]
    planned = {runde: [job for job in round_jobs if job.html not in opdaterede]
               for runde, round_jobs in planned.items()}
    runder = [r for r in runder if planned[r]]
    genskabt = [job.side for round_jobs in planned.values() for job in round_jobs if job.side in andre]
    if not runder:
        if reports_in(out_dir) and not (out_dir / "index.html").is_file():
            write_index(out_dir)
        return Resultat([], opdaterede)
    if genskabt and progress:
        print(besked_om_afhaengige(out_dir, genskabt, manifest, fp), file=sys.stderr)
    n_jobs = sum(len(j) for j in planned.values())
    done: list[Path] = []
    before: dict[Path, tuple[int, int] | None] = {}
    with stop_signals():
        try:
            prepare_output_dir(out_dir)
            with OutputLock(out_dir), private_folder() as privat:
                remove_leftovers(out_dir)
                before.update((job.html, identity(job.html)) for round_jobs in planned.values() for job in round_jobs)
                # The assessment is computed once per round; every notebook of the round reads it (``beregning``).
                stored = {runde: privat / f"beregning-{runde}.pkl" for runde in runder}
                saet = frozenset(job.side for round_jobs in planned.values() for job in round_jobs)
                jobs = [Job(job.spec, {**job.parametre, "beregning": str(stored[runde])}, job.html, job.titel, privat,
                            saet)
                        for runde, round_jobs in planned.items() for job in round_jobs]
                with _figure_processes(workers, len(jobs)):
                    written = _render_jobs(jobs, runder, out_dir, stored, data, diskretionering, workers, progress,
                                           done, _Noter(out_dir, Manifest.laes(out_dir), entries, fp),
                                           graense=diskretionering_graense)
                return Resultat(written, opdaterede, len(genskabt))
        except KeyboardInterrupt as exc:
            if isinstance(exc, RenderInterrupted):
                raise
            # the reports this render wrote (a worker may have finished one the moment it was stopped)
            new = sum(1 for path, ident in before.items() if identity(path) not in (None, ident))
            raise RenderInterrupted(out_dir, max(new, len(done)), n_jobs,
                                    int(getattr(exc, "signum", signal.SIGINT))) from None


def _andre_jobs(andre: list[str], out_dir: Path, data: list[str] | None, diskretionering: bool, graense: int,
                fund_runde: dict[str, str]) -> dict[str, list[Job]]:
    """The jobs that render the reports ``andre`` (paths in the report folder) again with this render's data
    and settings: each round's findings as this render has them (given, or among the data files). A report
    whose area the plan does not know is left (the index lists it as standing on other data)."""
    out: dict[str, list[Job]] = {}
    hvad = genplanlaeg(andre)
    fund_andre = data_fund(data, [r for r in hvad if r not in fund_runde])
    for runde, reports in hvad.items():
        for navn in dict.fromkeys(n for n, _ in reports):
            areas = [a for n, a in reports if n == navn and a is not None] if NOTEBOOKS[navn].pr == "omraade" else None
            try:
                jobs = plan_jobs(runde, areas, [navn], out_dir, data, diskretionering, graense,
                                 fund_runde.get(runde) or fund_andre.get(runde))
            except ParameterError:
                continue
            out.setdefault(runde, []).extend(job for job in jobs if job.side in andre)
    return out


class _Noter:
    """Records each report written in the folder's manifest (what it was rendered from), in the main
    process, before the index that reads it is rewritten."""

    def __init__(self, out_dir: Path, manifest: Manifest, entries: dict[str, dict[str, Any]], fp: Fingeraftryk):
        self.out_dir, self.manifest, self.entries, self.fp = out_dir, manifest, entries, fp

    def __call__(self, path: Path) -> None:
        side = f"{path.parent.name}/{path.name}"
        if side in self.entries:
            self.manifest.noter(side, self.entries[side], self.fp)
            self.manifest.skriv(self.out_dir)


@contextlib.contextmanager
def _figure_processes(workers: int, n_jobs: int) -> Iterator[None]:
    """Each kernel draws its figures on the cores the render leaves it (:mod:`helhedsanalyse.core.parallel`):
    one report alone gets them all, reports side by side one each. The user's own setting wins."""
    if os.environ.get(MILJOEVARIABEL) is not None:
        yield
        return
    os.environ[MILJOEVARIABEL] = str(max(1, antal_processer() // max(1, min(workers, n_jobs))))
    try:
        yield
    finally:
        os.environ.pop(MILJOEVARIABEL, None)


class _Progress:
    """What a render has done so far: the reports written (``done``), the failures, the progress bar."""

    def __init__(self, total: int, progress: bool, out_dir: Path, done: list[Path],
                 noter: Callable[[Path], None] | None = None):
        self.out_dir, self.done, self.noter = out_dir, done, noter
        self.failures: list[str] = []
        self.bar: Any = None
        if progress:
            from tqdm import tqdm

            # disable=None: no bar when stderr is no terminal
            self.bar = tqdm(total=total, desc="Rapporter", unit="rapport", disable=None)

    def finished(self, path: str, err: str | None) -> None:
        """One job is done: its report is listed in the index, or its failure kept for the end."""
        if err:
            self.failures.append(err)
        else:
            self.done.append(Path(path))
            if self.noter:
                self.noter(Path(path))  # the manifest first: the index says which data each report stands on
            write_index(self.out_dir)  # every report the folder holds is listed, however the render ends
        if self.bar:
            self.bar.update()

    def close(self, leave: bool = True) -> None:
        """Close the progress bar (``leave=False``: the render stopped; the bar is wiped)."""
        if self.bar:
            if not leave:
                self.bar.leave = False
            self.bar.close()
            self.bar = None


def _render_jobs(jobs: list[Job], runder: list[str], out_dir: Path, stored: dict[str, Path], data: list[str] | None,
                 diskretionering: bool, workers: int, progress: bool, done: list[Path],
                 noter: Callable[[Path], None] | None = None, graense: int = 5) -> list[Path]:
    """Compute the rounds and run the jobs (one by one, or side by side in ``workers`` processes)."""
    # With the user's own data files the assessment is computed before any kernel starts, so that a
    # data error stops the render with the validator's message and no report. With the shipped data
    # (already valid) and several workers it is computed while the workers start (below).
    overlap = workers > 1 and not data
    tracker = _Progress(len(jobs), progress, out_dir, done, noter)
    try:
        if not overlap:
            for runde in runder:
                prepare_round(runde, out_dir, data, diskretionering, stored[runde], graense)
        if reports_in(out_dir):
            write_index(out_dir)
        if workers == 1:
            for job in jobs:
                tracker.finished(*_run(job))
        else:
            _run_in_pool(jobs, runder if overlap else [], out_dir, stored, data, diskretionering, workers,
                         tracker.finished, graense)
    except BaseException:
        hold_stop_signals()
        tracker.close(leave=False)
        try:
            if reports_in(out_dir):
                write_index(out_dir)
        except Exception:  # noqa: BLE001 - the error that stopped the render is the one to report
            pass
        raise
    tracker.close()
    write_index(out_dir)
    if tracker.failures:
        raise RenderError("flere", "\n".join(tracker.failures))
    return sorted(done)


def _run_in_pool(jobs: list[Job], overlapping: list[str], out_dir: Path, stored: dict[str, Path],
                 data: list[str] | None, diskretionering: bool, workers: int,
                 finished: Callable[[str, str | None], None], graense: int = 5) -> None:
    """Run the jobs in worker processes, computing the ``overlapping`` rounds while they start."""
    # While the workers start their kernels (seconds), this process computes each round's
    # assessment. It is written atomically; a notebook that gets there first waits for it while
    # the marker says it is being made (Rapport.load), and computes it itself if the marker goes
    # away without it -- the reports are the same either way.
    from ..compute.runde import venter_markering  # deferred: pandas loads only when something is rendered

    markers = [venter_markering(stored[runde]) for runde in overlapping]
    for marker in markers:
        marker.touch()
    privat = next(iter(stored.values())).parent
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=worker_start,
                             initargs=(str(privat), str(out_dir))) as pool:
        try:
            futures = [pool.submit(_run, job) for job in jobs]
            try:
                for runde, marker in zip(overlapping, markers, strict=True):
                    prepare_round(runde, out_dir, data, diskretionering, stored[runde], graense)
                    marker.unlink(missing_ok=True)
            finally:
                for marker in markers:
                    marker.unlink(missing_ok=True)
            for fut in as_completed(futures):
                finished(*fut.result())
        except BaseException:
            hold_stop_signals()
            stop_workers(pool)
            raise


def prepare_round(runde: str, out_dir: Path, data: list[str] | None, diskretionering: bool,
                  stored: Path | None = None, graense: int = 5) -> Path:
    """Compute the round's assessment once, store it for the notebooks at ``stored`` (in the render's
    private folder) with the suppression mask the reports share (:func:`~..report.afsnitslager.gem_maske`),
    and write the round's status overview (suppressed as the reports are, with the render's threshold
    ``graense``) into the report folder."""
    from ..compute.runde import save_computation  # deferred: pandas loads only when something is rendered
    from ..report.afsnitslager import gem_maske  # deferred: as the report sections
    from ..report.rapport import Rapport  # deferred: the report sections load only when something is rendered
    from ..report.templating import Markup, render_template  # deferred: as the sections

    if stored is None:
        raise ValueError("prepare_round needs the private path to store the computation at")
    with writing(stored.parent, midlertidig=True):
        save_computation(runde, stored, data)
    r = Rapport.load(runde, data, diskretionering, str(stored), graense)
    if diskretionering:
        with writing(stored.parent, midlertidig=True):
            gem_maske(str(stored), r.visning, r.skjul.maske)
    overview = render_template("side/statusoversigt.html.j2",
                               hovedresultater=Markup(r.hovedresultater(sti=f"{runde}/").data),
                               optaelling=Markup(r.statusoptaelling().data),
                               gitter=Markup(r.statusgitter(lenke_praefiks=f"{runde}/").data),  # seen from index.html
                               forklaring=Markup(r.statusforklaring(kort=True).data))
    atomic_write(out_dir / runde / OVERSIGT, f"{overview}\n")  # the environment drops a template's last newline
    return stored
