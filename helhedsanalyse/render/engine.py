"""Render the notebooks into self-contained Danish HTML reports.

One *job* is one notebook with one set of parameters (e.g. the area report for Motalavej, round
``slut``). :func:`render` checks every job's parameters before any kernel starts, runs the jobs in
parallel over the machine's cores (papermill), converts each executed notebook to HTML in-process
(nbconvert, no code cells, no prompts), writes it atomically (temporary file, then rename: a failed
render leaves the previous report in place) and finally writes ``reports/index.html``.

Nothing leaks, nothing is lost (issue 12): a render holds its report folder's lock
(:class:`OutputLock`); the round's computation, the running notebooks and the kernels' files live in a
private temporary folder (:func:`private_folder`); Ctrl-C or SIGTERM stops the workers and their kernels
and raises :class:`~helhedsanalyse.errors.RenderInterrupted`; workers whose main process dies stop by
themselves (:func:`_worker_start`); the index is rewritten after every report; a folder that cannot be
written gives an :class:`~helhedsanalyse.errors.OutputError` with the path and the fix.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..compute.runde import save_computation, venter_markering
from ..core.errors import (
    HelhedsanalyseError,
    OutputError,
    OutputIsFileError,
    OutputLockedError,
    ParameterError,
    ProcessCountError,
    RenderInterrupted,
    write_error,
)
from ..core.parallel import MILJOEVARIABEL, antal_processer, kerner, stop_with_parent
from ..core.paths import NOTEBOOK_DIR, PACKAGE_ROOT, REPORT_DIR
from ..inputs.parameters import check_parameters
from ..plan import RUNDE_SIDSTE_AAR, load_plan
from ..report.rapport import ILLUSTRATIV_TEKST, Rapport, dansk_dato
from ..report.style import REPORT_CSS

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


@dataclass(frozen=True)
class Job:
    spec: NotebookSpec
    parametre: dict[str, Any] = field(hash=False)
    html: Path
    titel: str
    #: the render's private folder (running notebook, kernel files); None: one of its own
    privat: Path | None = field(default=None, compare=False)

    @property
    def notebook(self) -> Path:
        return NOTEBOOK_DIR / self.spec.fil


# --------------------------------------------------------------------------- parameters


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


# --------------------------------------------------------------------------- the report folder

#: The lock file a render holds (``fcntl.flock``) in its report folder for as long as it runs.
LAASFIL = ".render.laas"


def _nearest_existing(path: Path) -> Path:
    for p in (path, *path.parents):
        if os.path.lexists(p):
            return p
    return path


def prepare_output_dir(out_dir: Path) -> Path:
    """Create the report folder (with its parents). A file in its place, a folder that may not be written
    and a full drive give an :class:`~helhedsanalyse.errors.OutputError` naming the path and the fix."""
    out_dir = Path(out_dir)
    if os.path.lexists(out_dir) and not out_dir.is_dir():
        raise OutputIsFileError(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputIsFileError(out_dir, fil=str(_nearest_existing(out_dir))) from None
    except OSError as exc:
        err = write_error(exc, _nearest_existing(out_dir))
        if err is None:
            raise
        raise err from None
    return out_dir


class OutputLock:
    """The report folder's lock, held for a render's whole life: a second render into the same folder is
    refused (:class:`~helhedsanalyse.errors.OutputLockedError`) instead of mixing its reports with this one's.

    ``fcntl.flock`` on ``<folder>/.render.laas``: the system releases it when the process (and the workers
    it forked, which share it) are gone, so the lock of a render that was killed never blocks the next one.
    The file holds the pid of the render for the message, and is removed when the render ends.
    Where there is no ``fcntl`` (Windows), renders are not locked.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / LAASFIL
        self.fd: int | None = None

    def __enter__(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return self
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                err = write_error(exc, self.out_dir)
                if err is None:
                    raise
                raise err from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pid = os.read(fd, 32).decode("ascii", "replace").strip()
                os.close(fd)
                raise OutputLockedError(self.out_dir, pid=int(pid) if pid.isdigit() else None) from None
            except OSError:  # a file system without locks (some network drives): render unlocked
                break
            try:  # the render that held it may have removed the file just before: lock the file that is there
                if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                    break
            except FileNotFoundError:
                pass
            os.close(fd)
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError as exc:
            os.close(fd)
            raise (write_error(exc, self.path) or exc) from None
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is None:
            return
        with _signals_held():
            try:
                self.path.unlink(missing_ok=True)  # while still holding it (see the inode check above)
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


@contextlib.contextmanager
def private_folder():
    """A private temporary folder (mode 0700, under ``TMPDIR``) for what a render computes and nobody
    else may read: the round's assessment with every tæller and nævner unsuppressed, the notebooks as
    they run, the kernels' connection files and sockets. Removed however the render ends."""
    try:
        path = Path(tempfile.mkdtemp(prefix="helhedsanalyse-"))
    except OSError as exc:
        err = write_error(exc, tempfile.gettempdir(), midlertidig=True)
        if err is None:
            raise
        raise err from None
    try:
        yield path
    finally:
        with _signals_held():  # a Ctrl-C now must not leave the folder half removed
            _kill_kernels(path)  # none should be left; one left would write its connection file there again
            shutil.rmtree(path, ignore_errors=True)


def _remove_leftovers(out_dir: Path) -> None:
    """Remove what older versions or a killed render left in the report folder: the stored computation
    (raw figures) and temporary files. Only under the folder's lock, so no render is writing them."""
    for runde in RUNDE_SIDSTE_AAR:
        folder = out_dir / runde
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if p.name.startswith(".") and (p.name.startswith(".beregning.pkl") or p.name.endswith((".tmp", ".ipynb"))):
                p.unlink(missing_ok=True)
    for p in out_dir.glob(".index.html.*.tmp"):
        p.unlink(missing_ok=True)


# --------------------------------------------------------------------------- execution


#: Temporary files this process is writing, and the kernels it runs: what a stopping worker removes.
_tmp_files: set[str] = set()
_kernel_pids: set[int] = set()
#: set in a worker that is stopping: the thread that stops it; no other thread writes anything more
_stopping: list[int] = []


def _atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, then a rename.

    A full drive or a folder that may not be written raises an :class:`~helhedsanalyse.errors.OutputError`
    (the previous file stays as it was)."""
    if _stopping and _stopping[0] != threading.get_ident():  # a worker that is stopping writes nothing more
        raise KeyboardInterrupt
    data = text.encode("utf-8")
    tmp = str(path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    _tmp_files.add(tmp)  # before it exists: a worker stopped in between removes it
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # reports are to be read by others
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError) and (err := write_error(exc, path)) is not None:
            raise err from None
        raise
    finally:
        _tmp_files.discard(tmp)


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

#: Longest path of a Unix socket (108 bytes on Linux, 104 on macOS), with room for the port suffix.
_IPC_MAKS = 96


def _start_kernel(privat: Path | None = None):
    """Launch the notebook's kernel at once (it takes about half a second to be ready), so that it
    starts while papermill is imported and the notebook prepared. Returns its kernel manager.

    With a private folder (``render``), the kernel talks over Unix sockets in it (mode 0700: no other
    user on the machine can listen to the reports being made, as they could on a TCP port), keeps its
    connection file there, and writes its log there instead of the user's terminal
    (``HELHEDSANALYSE_DEBUG=1``: to the terminal).
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    kw: dict[str, Any] = {}
    opts: dict[str, Any] = {"kernel_name": KERNEL_NAME}
    if privat is not None:
        navn = f"kerne-{os.getpid()}-{secrets.token_hex(3)}"
        opts["connection_file"] = str(privat / f"{navn}.json")
        if len(str(privat / navn)) <= _IPC_MAKS:
            opts.update(transport="ipc", ip=str(privat / navn))
        if not os.environ.get("HELHEDSANALYSE_DEBUG"):
            kw["stdout"] = kw["stderr"] = open(privat / f"{navn}.log", "ab")  # noqa: SIM115 - the kernel's
    km = AsyncKernelManager(**opts)
    try:
        run_sync(km.start_kernel)(cwd=str(PACKAGE_ROOT), **kw)
    except BaseException:  # interrupted while it starts: a kernel launched must not live on
        process = getattr(km.provisioner, "process", None)
        if process is not None:
            _kill_kernel_group(process.pid)
        raise
    finally:
        if "stderr" in kw:
            kw["stderr"].close()  # the kernel has its own copy
    process = getattr(km.provisioner, "process", None)
    if process is not None:
        _kernel_pids.add(process.pid)
    return km


def _linux_processes() -> Iterator[tuple[int, int, bytes]]:
    """(pid, parent pid, command line) of every process (Linux ``/proc``); nothing elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                cmdline = fh.read()
        except (OSError, ValueError, IndexError):
            continue
        yield int(name), ppid, cmdline


def _kill_kernels(privat: str | Path | None = None, children_of: int | None = None) -> None:
    """Kill the kernels this process started, its child processes (``children_of``: a kernel still being
    launched) and every process whose command line names the private folder (kernels get their
    connection file there), each with what it forked. Called when a render stops or its worker does."""
    for pid in list(_kernel_pids):
        _kill_kernel_group(pid)
    if children_of is None and privat is None:
        return
    needle = str(privat).encode() if privat else None
    me = os.getpid()
    for pid, ppid, cmdline in _linux_processes():
        if pid != me and ((children_of is not None and ppid == children_of) or (needle and needle in cmdline)):
            _kill_kernel_group(pid)


def _kill_kernel_group(pid: int) -> None:
    """Kill a kernel and what it forked (its figure workers): it leads its own process group."""
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


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
    """Execute one job with papermill and write its HTML atomically. Returns the HTML path.

    The running notebook lives in the job's private folder (``job.privat``; without one, a private
    temporary folder of its own), never in the report folder. Interrupted (Ctrl-C), its kernel and what
    the kernel forked are killed at once.
    """
    _skip_iri_checker()
    own = job.privat is None
    privat = Path(tempfile.mkdtemp(prefix="helhedsanalyse-")) if own else job.privat
    km = None
    try:
        km = _start_kernel(privat) if _EARLY_KERNEL else None
        return _execute_on(job, km, privat)
    except (KeyboardInterrupt, SystemExit):
        process = getattr(km.provisioner, "process", None) if km is not None else None
        if process is not None:
            _kill_kernel_group(process.pid)
            try:
                process.wait(timeout=5)
            except Exception:  # noqa: BLE001 - it was killed; only its exit status is not collected
                pass
            km = None
        raise
    finally:
        if km is not None and km.has_kernel:  # papermill stopped before it took the kernel over
            from jupyter_core.utils import run_sync

            run_sync(km.shutdown_kernel)(now=True)
        _kernel_pids.clear()  # one job at a time per process: its kernel is gone now
        if own:
            shutil.rmtree(privat, ignore_errors=True)


def _execute_on(job: Job, km, privat: Path) -> Path:
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    threading.Thread(target=_warm_exporter, daemon=True).start()
    fd, tmp_nb = tempfile.mkstemp(prefix=f"{job.html.stem}.", suffix=".ipynb", dir=privat)
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
        _atomic_write(kept, Path(tmp_nb).read_text(encoding="utf-8"))
        os.unlink(tmp_nb)
        line = (exc.evalue or "").strip().splitlines()[-1:] or [""]
        raise RenderError(
            job.spec.fil,
            f"{job.titel} ({job.spec.fil}) fejlede i celle {exc.exec_count or exc.cell_index}: "
            f"{exc.ename}: {line[0]} – den delvist kørte notebook er gemt i {kept}, "
            f"og den tidligere rapport er bevaret.",
            delvis=str(kept),
        ) from None
    except OSError as exc:  # papermill writes the running notebook after every cell
        err = write_error(exc, privat, midlertidig=True)
        if err is None:
            raise
        raise err from None
    try:
        nb = nbformat.read(tmp_nb, as_version=4)
        _atomic_write(job.html, notebook_to_html(nb, job.titel))
    finally:
        if os.path.exists(tmp_nb):
            os.unlink(tmp_nb)
    return job.html


# ------------------------------------------------------------------ render workers


#: What a render worker knows to stop cleanly: its parent, the private folder, the report folder.
_worker: dict[str, Any] = {}


def _worker_start(privat: str, out_dir: str) -> None:
    """Initializer of each render worker process.

    Ctrl-C (and a terminal's hangup) reaches every process of the terminal's process group; the main
    process stops the workers (SIGTERM), so a worker ignores SIGINT and SIGHUP, and on SIGTERM kills its
    kernel, removes its temporary file and exits (:func:`_worker_stop`). When the main process dies
    without stopping them (``kill -9``), the system sends :data:`FORAELDER_DOED` (Linux
    ``PR_SET_PDEATHSIG``); elsewhere, and as a second guard, a thread sees the parent change. An
    orphaned worker also removes the private folder and writes the index from the reports that are there.
    """

    _worker.update(parent=os.getppid(), privat=privat, out_dir=out_dir)
    for s in _STOPSIGNALER:
        if s != signal.SIGTERM:
            signal.signal(s, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_stop)
    if FORAELDER_DOED is not None:
        signal.signal(FORAELDER_DOED, _worker_orphaned)
        stop_with_parent(FORAELDER_DOED)
    threading.Thread(target=_watch_parent, name="helhedsanalyse-foraelder", daemon=True).start()
    if os.getppid() != _worker["parent"]:
        _worker_stop(orphaned=True)


#: The signal a render worker gets when the main process dies (Linux): one nobody else sends. The
#: parent's pid may still be the worker's parent when it arrives (the dying process has threads left).
FORAELDER_DOED = getattr(signal, "SIGRTMIN", None)


def _worker_orphaned(signum: int, frame: Any) -> None:
    _worker_stop(orphaned=True)


def _watch_parent() -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != _worker["parent"]:
            _worker_stop(orphaned=True)


def _worker_stop(signum: int | None = None, frame: Any = None, orphaned: bool = False) -> None:
    """Stop this render worker now: kill its kernel, remove its temporary file, exit. Nothing more is
    written. Orphaned (the main process is dead): also remove the private folder, write the index."""
    me = threading.get_ident()
    if me in _stopping:  # a second signal while this thread is stopping the worker: go on stopping
        return
    _stopping.append(me)  # atomic: the first thread to get here stops the worker
    if _stopping[0] != me:  # the other path (signal or watchdog) is ending the process
        while True:
            time.sleep(1)
    try:
        _kill_kernels(_worker.get("privat"), children_of=os.getpid())
        for tmp in list(_tmp_files):
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if orphaned or os.getppid() != _worker.get("parent"):  # nobody else will clean up
            if _worker.get("privat"):
                _kill_kernels(_worker["privat"])
                shutil.rmtree(_worker["privat"], ignore_errors=True)
            _orphan_index(Path(_worker["out_dir"]))
    finally:
        os._exit(1)


def _orphan_index(out_dir: Path) -> None:
    """The index from the reports that are there, written by each orphaned worker in turn (``lockf``,
    which is per process, on the folder's lock file): the last one written sees every report."""
    try:
        import fcntl

        fd = os.open(out_dir / LAASFIL, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX)
            if _reports_in(out_dir):
                write_index(out_dir)
        finally:
            os.close(fd)
    except BaseException:  # noqa: BLE001 - a dying worker says nothing
        pass


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


def _stop_workers(pool: ProcessPoolExecutor, timeout: float = 10.0) -> None:
    """Stop every worker of ``pool`` and the kernels they run: SIGTERM, then SIGKILL after ``timeout``."""
    from multiprocessing.connection import wait

    procs = list((getattr(pool, "_processes", None) or {}).values())
    for p in procs:
        try:
            p.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    pending = {p.sentinel: p for p in procs if p.pid is not None}
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for s in wait(list(pending), timeout=max(0.0, deadline - time.monotonic())):
            pending.pop(s, None)
    for p in pending.values():  # did not stop in time
        try:
            os.kill(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    pool.shutdown(wait=True, cancel_futures=True)


# ------------------------------------------------------------------ signals of the main process


class _Stopsignal(KeyboardInterrupt):
    """SIGTERM (or SIGHUP: the terminal closed) while rendering: stopped as Ctrl-C is."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _restore_signals(saved: dict[Any, Any]) -> None:
    """Put back the handlers ``signal.getsignal`` returned (None: set outside Python, left as it is)."""
    for s, handler in saved.items():
        if handler is not None:
            signal.signal(s, handler)


def _on_stopsignal(signum: int, frame: Any) -> None:
    raise _Stopsignal(signum)


_STOPSIGNALER = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


@contextlib.contextmanager
def _stop_signals():
    """While rendering, SIGTERM and SIGHUP stop the render as Ctrl-C does (main thread only; a signal
    that is ignored, e.g. SIGHUP under ``nohup``, stays ignored). The handlers are restored afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.getsignal(s) for s in _STOPSIGNALER}
    for s in _STOPSIGNALER:
        if s != signal.SIGINT and saved[s] == signal.SIG_DFL:
            signal.signal(s, _on_stopsignal)
    try:
        yield
    finally:
        _restore_signals(saved)


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C and the stop signals are ignored for the duration (main thread only), then restored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.getsignal(s) for s in _STOPSIGNALER}
    _hold_stop_signals()
    try:
        yield
    finally:
        _restore_signals(saved)


def _hold_stop_signals() -> None:
    """While stopping: a second Ctrl-C must not break off the cleaning up (it takes at most seconds)."""
    if threading.current_thread() is threading.main_thread():
        for s in _STOPSIGNALER:
            if signal.getsignal(s) not in (signal.SIG_IGN, None):
                signal.signal(s, signal.SIG_IGN)


# ------------------------------------------------------------------ render


def check_workers(workers: int | None) -> int:
    """The number of notebooks to run side by side: ``None`` or 0 is one per core; otherwise a whole number
    from 1 to 4 per core, else :class:`~helhedsanalyse.errors.ProcessCountError`."""

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
) -> list[Path]:
    """Render the report set for the given rounds and write ``index.html``.

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
    planned = {runde: plan_jobs(runde, omraader, notebooks, out_dir, data, diskretionering, diskretionering_graense)
               for runde in runder}
    n_jobs = sum(len(j) for j in planned.values())
    done: list[Path] = []
    before: dict[Path, tuple[int, int] | None] = {}
    with _stop_signals():
        try:
            prepare_output_dir(out_dir)
            with OutputLock(out_dir), private_folder() as privat:
                _remove_leftovers(out_dir)
                before.update((job.html, _identity(job.html)) for round_jobs in planned.values() for job in round_jobs)
                # The assessment is computed once per round; every notebook of the round reads it (``beregning``).
                stored = {runde: privat / f"beregning-{runde}.pkl" for runde in runder}
                jobs = [Job(job.spec, {**job.parametre, "beregning": str(stored[runde])}, job.html, job.titel, privat)
                        for runde, round_jobs in planned.items() for job in round_jobs]
                # Each kernel draws its figures on the cores the render leaves it (helhedsanalyse.parallel):
                # one report alone gets them all, reports side by side one each. The user's own setting wins.
                figure_env = os.environ.get(MILJOEVARIABEL)
                if figure_env is None:
                    os.environ[MILJOEVARIABEL] = str(max(1, antal_processer() // max(1, min(workers, len(jobs)))))
                try:
                    return _render_jobs(jobs, runder, out_dir, stored, data, diskretionering, workers, progress, done)
                finally:
                    if figure_env is None:
                        os.environ.pop(MILJOEVARIABEL, None)
        except KeyboardInterrupt as exc:
            if isinstance(exc, RenderInterrupted):
                raise
            # the reports this render wrote (a worker may have finished one the moment it was stopped)
            new = sum(1 for path, ident in before.items() if _identity(path) not in (None, ident))
            raise RenderInterrupted(out_dir, max(new, len(done)), n_jobs,
                                    int(getattr(exc, "signum", signal.SIGINT))) from None


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's (device, inode): every atomic write of a report gives it a new one."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _reports_in(out_dir: Path) -> bool:
    return any(p.suffix == ".html" and p.name != "statusoversigt.html"
               for runde in RUNDE_SIDSTE_AAR if (out_dir / runde).is_dir() for p in (out_dir / runde).iterdir())


def _render_jobs(jobs: list[Job], runder: list[str], out_dir: Path, stored: dict[str, Path], data: list[str] | None,
                 diskretionering: bool, workers: int, progress: bool, done: list[Path]) -> list[Path]:
    # With the user's own data files the assessment is computed before any kernel starts, so that a
    # data error stops the render with the validator's message and no report. With the shipped data
    # (already valid) and several workers it is computed while the workers start (below).
    overlap = workers > 1 and not data
    failures: list[str] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), desc="Rapporter", unit="rapport", disable=None)  # not when stderr is no terminal

    def finished(path: str, err: str | None) -> None:
        if err:
            failures.append(err)
        else:
            done.append(Path(path))
            write_index(out_dir)  # every report the folder holds is listed, however the render ends
        if bar:
            bar.update()

    try:
        if not overlap:
            for runde in runder:
                prepare_round(runde, out_dir, data, diskretionering, stored[runde])
        if _reports_in(out_dir):
            write_index(out_dir)
        if workers == 1:
            for job in jobs:
                finished(*_run(job))
        else:
            # While the workers start their kernels (seconds), this process computes each round's
            # assessment. It is written atomically; a notebook that gets there first waits for it while
            # the marker says it is being made (Rapport.load), and computes it itself if the marker goes
            # away without it -- the reports are the same either way.
            markers = [venter_markering(stored[runde]) for runde in (runder if overlap else ())]
            for marker in markers:
                marker.touch()
            privat = next(iter(stored.values())).parent
            with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=_worker_start,
                                     initargs=(str(privat), str(out_dir))) as pool:
                try:
                    futures = [pool.submit(_run, job) for job in jobs]
                    try:
                        for runde, marker in zip(runder, markers):
                            prepare_round(runde, out_dir, data, diskretionering, stored[runde])
                            marker.unlink(missing_ok=True)
                    finally:
                        for marker in markers:
                            marker.unlink(missing_ok=True)
                    for fut in as_completed(futures):
                        finished(*fut.result())
                except BaseException:
                    _hold_stop_signals()
                    _stop_workers(pool)
                    raise
    except BaseException:
        _hold_stop_signals()
        if bar:
            bar.leave = False
            bar.close()
            bar = None
        try:
            if _reports_in(out_dir):
                write_index(out_dir)
        except Exception:  # noqa: BLE001 - the error that stopped the render is the one to report
            pass
        raise
    if bar:
        bar.close()
    write_index(out_dir)
    if failures:
        raise RenderError("flere", "\n".join(failures))
    return sorted(done)


def prepare_round(runde: str, out_dir: Path, data: list[str] | None, diskretionering: bool,
                  stored: Path | None = None) -> Path:
    """Compute the round's assessment once, store it for the notebooks at ``stored`` (in the render's
    private folder), and write the round's status overview (suppressed as the reports are) into the
    report folder."""

    if stored is None:
        raise ValueError("prepare_round needs the private path to store the computation at")
    try:
        save_computation(runde, stored, data)
    except OSError as exc:
        err = write_error(exc, stored.parent, midlertidig=True)
        if err is None:
            raise
        raise err from None
    r = Rapport.load(runde, data, diskretionering, str(stored))
    overview = (r.statusoptaelling().data + r.statusgitter().data
                + "<h4>Sådan læses statusserne</h4>" + r.statusforklaring(kort=True).data)
    _atomic_write(out_dir / runde / "statusoversigt.html", f'<div class="statusoversigt">{overview}</div>\n')
    return stored


# --------------------------------------------------------------------------- index


def write_index(out_dir: Path | None = None) -> Path:
    """Write ``reports/index.html`` linking every rendered report, with the status overview."""

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
    return any(_says_illustrative(p) for p in out_dir.glob("*/*.html"))


_illustrative_cache: dict[tuple[str, int, int, int], bool] = {}


def _says_illustrative(path: Path) -> bool:
    """Whether the page carries the illustrative-data banner; each version of a file is read once (the
    index is rewritten after every report)."""
    try:
        st = path.stat()
    except OSError:
        return False
    key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    if key not in _illustrative_cache:
        if len(_illustrative_cache) > 10_000:
            _illustrative_cache.clear()
        try:
            _illustrative_cache[key] = 'class="illustrativ"' in path.read_text(encoding="utf-8")
        except OSError:
            return False
    return _illustrative_cache[key]


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
