"""The notebooks' kernels: started early, run through papermill, killed with what they forked.

A kernel takes about half a second to be ready, so :func:`start_kernel` launches it before papermill is
imported and the notebook prepared, and :func:`papermill_engine` names a papermill engine that runs the
notebook on that kernel and shuts it down afterwards. :func:`kill_kernels` kills every kernel a render
(or one of its workers) started, whatever state it is in.

Internal API of papermill, nbclient and jupyter_client this module relies on (check it when upgrading;
the versions are pinned in ``pyproject.toml``):

- ``papermill.clientwrap.PapermillNotebookClient(nb_man, km=None, **kw)`` and its ``execute()``;
- ``papermill.engines.NBClientEngine.execute_managed_notebook(nb_man, kernel_name, log_output,
  stdout_file, stderr_file, start_timeout, execution_timeout, km, **kwargs)`` (a classmethod) and
  ``papermill.engines.papermill_engines.register(name, engine)``; papermill passes ``km`` (a keyword
  argument of ``execute_notebook``) through to the engine;
- ``nbclient.NotebookClient.owns_km``: whether the client shuts its kernel down when done;
- ``jupyter_client``'s ``AsyncKernelManager.provisioner.process`` (the local provisioner's
  ``subprocess.Popen``), ``has_kernel``, ``start_kernel(**kw)`` passing ``stdout``/``stderr``/``cwd``
  to the process, and the ``connection_file``, ``transport`` and ``ip`` settings.
"""

from __future__ import annotations

import functools
import os
import secrets
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.paths import PACKAGE_ROOT

KERNEL_NAME = "python3"

#: Start kernels before papermill is ready for them. Not on Windows: there papermill changes the
#: asyncio event loop policy when it runs, after a loop made here would exist; it starts the kernel.
EARLY_KERNEL = os.name == "posix"

#: Longest path of a Unix socket (108 bytes on Linux, 104 on macOS), with room for the port suffix.
_IPC_MAKS = 96

#: The kernels this process runs: what a stopping worker kills.
kernel_pids: set[int] = set()


def skip_iri_checker() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax`` (about 1 s: it builds a grammar on import).

    papermill and nbformat import jsonschema, which loads the optional ``rfc3987_syntax`` package for
    its "iri" format checker. Notebook validation never checks formats, so nothing here uses it;
    without this every render worker pays for it once. jsonschema treats the package as optional
    (``ImportError`` is expected and ignored).
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: "not installed"


def _kernel_options(privat: Path) -> tuple[dict[str, Any], Path | None]:
    """The kernel manager's settings for a kernel whose files live in ``privat``, and its log file
    (None: the kernel writes to the terminal, ``HELHEDSANALYSE_DEBUG=1``)."""
    navn = f"kerne-{os.getpid()}-{secrets.token_hex(3)}"
    opts: dict[str, Any] = {"connection_file": str(privat / f"{navn}.json")}
    if len(str(privat / navn)) <= _IPC_MAKS:
        opts.update(transport="ipc", ip=str(privat / navn))
    log = None if os.environ.get("HELHEDSANALYSE_DEBUG") else privat / f"{navn}.log"
    return opts, log


def start_kernel(privat: Path | None = None) -> Any:
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
        settings, log = _kernel_options(privat)
        opts.update(settings)
        if log is not None:
            kw["stdout"] = kw["stderr"] = open(log, "ab")  # noqa: SIM115 - the kernel's, closed below
    km = AsyncKernelManager(**opts)
    try:
        run_sync(km.start_kernel)(cwd=str(PACKAGE_ROOT), **kw)
    except BaseException:  # interrupted while it starts: a kernel launched must not live on
        kill_kernel_of(km)
        raise
    finally:
        if "stderr" in kw:
            kw["stderr"].close()  # the kernel has its own copy
    process = getattr(km.provisioner, "process", None)
    if process is not None:
        kernel_pids.add(process.pid)
    return km


def kill_kernel_of(km: Any, wait: float | None = None) -> bool:
    """Kill the kernel of the manager ``km`` and what it forked, waiting up to ``wait`` seconds for it
    to end. False when it has no running process."""
    process = getattr(km.provisioner, "process", None) if km is not None else None
    if process is None:
        return False
    kill_kernel_group(process.pid)
    if wait is not None:
        try:
            process.wait(timeout=wait)
        except Exception:  # noqa: BLE001 - it was killed; only its exit status is not collected
            pass
    return True


def shut_down(km: Any) -> None:
    """Shut down the kernel of ``km`` now, if it still runs (papermill stopped before it took it over)."""
    if km is not None and km.has_kernel:
        from jupyter_core.utils import run_sync

        run_sync(km.shutdown_kernel)(now=True)


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


def kill_kernels(privat: str | Path | None = None, children_of: int | None = None) -> None:
    """Kill the kernels this process started, its child processes (``children_of``: a kernel still being
    launched) and every process whose command line names the private folder (kernels get their
    connection file there), each with what it forked. Called when a render stops or its worker does."""
    for pid in list(kernel_pids):
        kill_kernel_group(pid)
    if children_of is None and privat is None:
        return
    needle = str(privat).encode() if privat else None
    me = os.getpid()
    for pid, ppid, cmdline in _linux_processes():
        if pid != me and ((children_of is not None and ppid == children_of) or (needle and needle in cmdline)):
            kill_kernel_group(pid)


def kill_kernel_group(pid: int) -> None:
    """Kill a kernel and what it forked (its figure workers): it leads its own process group."""
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@functools.cache
def papermill_engine() -> str:
    """papermill's nbclient engine, run on a kernel that is already started (:func:`start_kernel`).

    papermill passes ``km`` on to nbclient, which then uses that kernel, but leaves it (and its
    client's channels) running, since it did not start it. This engine's client takes it over and
    shuts both down when the notebook is done, as papermill does with a kernel it starts itself.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class Client(PapermillNotebookClient):
        def __init__(self, nb_man: Any, km: Any = None, **kw: Any):
            super().__init__(nb_man, km=km, **kw)
            self.owns_km = True

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                     stdout_file: Any = None, stderr_file: Any = None, start_timeout: int = 60,
                                     execution_timeout: int | None = None, km: Any = None, **kwargs: Any) -> Any:
            return Client(nb_man, km=km, kernel_name=kernel_name, timeout=execution_timeout,
                          startup_timeout=start_timeout, log=logger, log_output=log_output,
                          stdout_file=stdout_file, stderr_file=stderr_file).execute()

    papermill_engines.register("helhedsanalyse", Engine)
    return "helhedsanalyse"
