"""The report folder and the render's private folder: made, locked, written whole, cleaned.

A render holds its report folder's lock (:class:`OutputLock`) for its whole life; the round's computation,
the running notebooks and the kernels' files live in a private temporary folder (:func:`private_folder`);
every file is written whole or not at all (:func:`atomic_write`: a failed render leaves the previous
report in place); a folder that cannot be written gives an :class:`~helhedsanalyse.errors.OutputError`
with the path and the fix (:func:`writing`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.errors import OutputIsFileError, OutputLockedError, write_error
from ..plan import RUNDE_SIDSTE_AAR
from .kernels import kill_kernels
from .signals import signals_held

_UMASK = os.umask(0)
os.umask(_UMASK)

#: The lock file a render holds (``fcntl.flock``) in its report folder for as long as it runs.
LAASFIL = ".render.laas"

#: Temporary files this process is writing: what a stopping worker removes.
tmp_files: set[str] = set()
#: set in a worker that is stopping: the thread that stops it; no other thread writes anything more
stopping: list[int] = []


@contextlib.contextmanager
def writing(path: str | Path, **kw: Any) -> Iterator[None]:
    """An :class:`OSError` raised inside becomes the :class:`~helhedsanalyse.errors.OutputError` that names
    ``path`` and the fix (a full drive, no permission), when it is one of those; others pass unchanged.
    ``kw`` goes to :func:`~helhedsanalyse.errors.write_error` (``midlertidig=True``: a temporary folder).

    >>> with writing("/ingen/steder"):  # doctest: +IGNORE_EXCEPTION_DETAIL
    ...     raise OSError(28, "No space left on device")
    Traceback (most recent call last):
    DiskFullError: ...
    """
    try:
        yield
    except OSError as exc:
        err = write_error(exc, path, **kw)
        if err is None:
            raise
        raise err from None


def _nearest_existing(path: Path) -> Path:
    """The path itself or its nearest parent that exists."""
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
    except OSError:
        with writing(_nearest_existing(out_dir)):  # named after the failure: mkdir may have made some parents
            raise
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
        fd = self._locked_file(fcntl)
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError as exc:
            os.close(fd)
            raise (write_error(exc, self.path) or exc) from None
        self.fd = fd
        return self

    def _locked_file(self, fcntl: Any) -> int:
        """The lock file, open and locked by this process; refused when another render holds it."""
        while True:
            with writing(self.out_dir):
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pid = os.read(fd, 32).decode("ascii", "replace").strip()
                os.close(fd)
                raise OutputLockedError(self.out_dir, pid=int(pid) if pid.isdigit() else None) from None
            except OSError:  # a file system without locks (some network drives): render unlocked
                return fd
            try:  # the render that held it may have removed the file just before: lock the file that is there
                if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                    return fd
            except FileNotFoundError:
                pass
            os.close(fd)

    def __exit__(self, *exc: object) -> None:
        if self.fd is None:
            return
        with signals_held():
            try:
                self.path.unlink(missing_ok=True)  # while still holding it (see the inode check above)
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


@contextlib.contextmanager
def private_folder() -> Iterator[Path]:
    """A private temporary folder (mode 0700, under ``TMPDIR``) for what a render computes and nobody
    else may read: the round's assessment with every tæller and nævner unsuppressed, the notebooks as
    they run, the kernels' connection files and sockets. Removed however the render ends."""
    with writing(tempfile.gettempdir(), midlertidig=True):
        path = Path(tempfile.mkdtemp(prefix="helhedsanalyse-"))
    try:
        yield path
    finally:
        with signals_held():  # a Ctrl-C now must not leave the folder half removed
            kill_kernels(path)  # none should be left; one left would write its connection file there again
            shutil.rmtree(path, ignore_errors=True)


def remove_leftovers(out_dir: Path) -> None:
    """Remove what older versions or a killed render left in the report folder: the stored computation
    (raw figures) and temporary files. Only under the folder's lock, so no render is writing them."""
    for runde in RUNDE_SIDSTE_AAR:
        folder = out_dir / runde
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if p.name.startswith(".") and (p.name.startswith(".beregning.pkl") or p.name.endswith((".tmp", ".ipynb"))):
                p.unlink(missing_ok=True)
    for pattern in (".index.html.*.tmp", ".helhedsanalyse-manifest.json.*.tmp"):  # render/saet.py's MANIFEST
        for p in out_dir.glob(pattern):
            p.unlink(missing_ok=True)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, then a rename.

    A full drive or a folder that may not be written raises an :class:`~helhedsanalyse.errors.OutputError`
    (the previous file stays as it was).
    """
    if stopping and stopping[0] != threading.get_ident():  # a worker that is stopping writes nothing more
        raise KeyboardInterrupt
    data = text.encode("utf-8")
    tmp = str(path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    tmp_files.add(tmp)  # before it exists: a worker stopped in between removes it
    try:
        with writing(path):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(tmp, "xb") as fh:
                    fh.write(data)
                os.chmod(tmp, 0o666 & ~_UMASK)  # reports are to be read by others
                os.replace(tmp, path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
    finally:
        tmp_files.discard(tmp)


def identity(path: Path) -> tuple[int, int] | None:
    """The file's (device, inode): every atomic write of a report gives it a new one. None: no file.

    >>> identity(Path("/ingen/fil")) is None
    True
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino
