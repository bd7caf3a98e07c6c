"""The render's worker processes: each runs one notebook at a time, and stops cleanly however the render ends.

Ctrl-C (and a terminal's hangup) reaches every process of the terminal's process group; the main
process stops the workers (SIGTERM, :func:`stop_workers`), so a worker ignores SIGINT and SIGHUP, and on
SIGTERM kills its kernel, removes its temporary file and exits. When the main process dies without
stopping them (``kill -9``), the system sends :data:`FORAELDER_DOED` (Linux ``PR_SET_PDEATHSIG``);
elsewhere, and as a second guard, a thread sees the parent change. An orphaned worker also removes the
private folder and writes the index from the reports that are there.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..core.parallel import stop_with_parent
from .index import reports_in, write_index
from .kernels import kill_kernels
from .output import LAASFIL, stopping, tmp_files
from .signals import STOPSIGNALER

#: What a render worker knows to stop cleanly: its parent, the private folder, the report folder.
_worker: dict[str, Any] = {}

#: The signal a render worker gets when the main process dies (Linux): one nobody else sends. The
#: parent's pid may still be the worker's parent when it arrives (the dying process has threads left).
FORAELDER_DOED = getattr(signal, "SIGRTMIN", None)


def worker_start(privat: str, out_dir: str) -> None:
    """Initializer of each render worker process: how it stops (see the module's description)."""
    _worker.update(parent=os.getppid(), privat=privat, out_dir=out_dir)
    for s in STOPSIGNALER:
        if s != signal.SIGTERM:
            signal.signal(s, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_stop)
    if FORAELDER_DOED is not None:
        signal.signal(FORAELDER_DOED, _worker_orphaned)
        stop_with_parent(FORAELDER_DOED)
    threading.Thread(target=_watch_parent, name="helhedsanalyse-foraelder", daemon=True).start()
    if os.getppid() != _worker["parent"]:
        _worker_stop(orphaned=True)


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
    if me in stopping:  # a second signal while this thread is stopping the worker: go on stopping
        return
    stopping.append(me)  # atomic: the first thread to get here stops the worker
    if stopping[0] != me:  # the other path (signal or watchdog) is ending the process
        while True:
            time.sleep(1)
    try:
        kill_kernels(_worker.get("privat"), children_of=os.getpid())
        _remove_tmp_files()
        if orphaned or os.getppid() != _worker.get("parent"):  # nobody else will clean up
            if _worker.get("privat"):
                kill_kernels(_worker["privat"])
                shutil.rmtree(_worker["privat"], ignore_errors=True)
            _orphan_index(Path(_worker["out_dir"]))
    finally:
        os._exit(1)


def _remove_tmp_files() -> None:
    for tmp in list(tmp_files):
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _orphan_index(out_dir: Path) -> None:
    """The index from the reports that are there, written by each orphaned worker in turn (``lockf``,
    which is per process, on the folder's lock file): the last one written sees every report."""
    try:
        import fcntl

        fd = os.open(out_dir / LAASFIL, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX)
            if reports_in(out_dir):
                write_index(out_dir)
        finally:
            os.close(fd)
    except BaseException:  # noqa: BLE001 - a dying worker says nothing
        pass


def stop_workers(pool: ProcessPoolExecutor, timeout: float = 10.0) -> None:
    """Stop every worker of ``pool`` and the kernels they run: SIGTERM, then SIGKILL after ``timeout``.

    The executor names no public way to its processes; this reads its internal ``_processes``
    (pid -> :class:`multiprocessing.Process`), and stops none when that is gone.
    """
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
