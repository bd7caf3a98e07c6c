"""A report's criterion sections made on all cores: forked worker processes, results in input order.

Drawing and encoding the ~25 figures of an area report is most of the time a notebook runs
(matplotlib lays out and rasterises text on one core). :func:`fork_imap` hands the sections to
forked copies of the running process, which already hold the loaded data, and yields what each made,
in the order asked for, as soon as it is ready. The pages are the same bytes as made one by one in
this process (tests/test_parallel.py).

How many processes: the environment variable ``HELHEDSANALYSE_PROCESSER`` when set (``1``: all in
this process), else the cores this process may use. ``helhedsanalyse render`` sets it for its
kernels, so that notebooks rendered side by side do not each claim every core.
Outside Linux (no ``fork`` on Windows; fork is unsafe after system frameworks on macOS) everything
is made in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from .errors import ProcessCountError

T = TypeVar("T")
R = TypeVar("R")

#: Environment variable: how many processes may draw a notebook's figures.
MILJOEVARIABEL = "HELHEDSANALYSE_PROCESSER"

# the function the forked workers call; set just before they are forked (a closure need not be pickled)
_opgave: Callable[[Any], Any] | None = None


def kerner() -> int:
    """The cores this process may use (its CPU affinity on Linux, else the machine's cores)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def antal_processer() -> int:
    """Processes to use: ``HELHEDSANALYSE_PROCESSER`` if set to a whole number >= 1, else the usable cores.

    A value that is not a whole number raises :class:`~helhedsanalyse.core.errors.ProcessCountError`.
    """
    value = os.environ.get(MILJOEVARIABEL, "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            raise ProcessCountError(value, 4 * kerner(), kilde=MILJOEVARIABEL) from None
    return kerner()


def stop_with_parent(signum: int) -> bool:
    """Have the kernel send this process ``signum`` when its parent dies (Linux ``PR_SET_PDEATHSIG``).

    For worker processes: a worker whose parent is killed (``kill -9``) must stop, not go on working
    for nobody. True when it is set; False where the system has no such call (the caller then watches
    :func:`os.getppid` itself). The setting is cleared in the children the process forks or starts.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        return libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _kan_forke() -> bool:
    """Fork only on Linux: on macOS a forked copy of a process that has used system frameworks may
    crash, and Windows has no fork."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _fork_worker_start(parent: int) -> None:
    """In each forked worker, first: die with the kernel that forked it (no orphan keeps drawing)."""
    stop_with_parent(signal.SIGKILL)
    if os.getppid() != parent:  # the kernel died while this worker started
        os._exit(1)


def _kald(item: Any) -> tuple[Any, list[tuple[str, type[Warning], str, int]]]:
    """In a worker: the task's result and the warnings it raised (shown again by the parent)."""
    assert _opgave is not None
    with warnings.catch_warnings(record=True) as caught:
        result = _opgave(item)
    return result, [(str(w.message), w.category, w.filename, w.lineno) for w in caught]


def fork_map(func: Callable[[T], R], items: Iterable[T], processer: int | None = None) -> list[R]:
    """``[func(x) for x in items]``, computed by up to ``processer`` forked processes (see :func:`fork_imap`).

    >>> fork_map(abs, [-3, 2, -1], processer=2)
    [3, 2, 1]
    """
    return list(fork_imap(func, items, processer))


def fork_imap(func: Callable[[T], R], items: Iterable[T], processer: int | None = None) -> Iterator[R]:
    """``func(x)`` for each of ``items``, in order, computed by up to ``processer`` forked processes.

    Each result is yielded as soon as it and those before it are done, so the caller can show the
    first while the workers make the rest. ``func`` may be a closure over the loaded data: it is not
    pickled, the workers inherit it. Each item and each result is pickled (keep them small: keys in,
    HTML out). An exception in ``func`` is raised here. With one process, one item or no ``fork``,
    runs in this process.
    """
    global _opgave
    items = list(items)
    n = min(processer if processer is not None else antal_processer(), len(items))
    if n <= 1 or not _kan_forke():
        yield from (func(x) for x in items)
        return
    _opgave = func  # the workers are forked when the pool starts and keep their copy
    try:
        with warnings.catch_warnings():
            # Python >= 3.12 warns when a process with threads forks (a Jupyter kernel has some);
            # the workers only compute and return strings and bytes, they take none of those threads' locks.
            warnings.filterwarnings("ignore", message=r".*fork\(\) may lead to deadlocks", category=DeprecationWarning)
            pool = multiprocessing.get_context("fork").Pool(n, initializer=_fork_worker_start,
                                                            initargs=(os.getpid(),))
        with pool:
            for result, caught in pool.imap(_kald, items, chunksize=1):
                for message, category, filename, lineno in caught:
                    warnings.warn_explicit(message, category, filename, lineno)
                yield result
    finally:
        _opgave = None
