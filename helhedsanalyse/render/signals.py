"""Ctrl-C, SIGTERM and SIGHUP in the render's main process.

While a render runs, SIGTERM and SIGHUP (the terminal closed) stop it the way Ctrl-C does: a
:class:`KeyboardInterrupt` that carries the signal (:class:`Stopsignal`), so that the render stops its
workers and kernels and says so in one line. While it cleans up, the signals are held
(:func:`signals_held`, :func:`hold_stop_signals`): a second Ctrl-C must not break off the cleaning up.
Outside the main thread Python cannot set signal handlers; there all of this does nothing.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

#: The signals that stop a render (SIGHUP only where the system has it).
STOPSIGNALER = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


class Stopsignal(KeyboardInterrupt):
    """SIGTERM (or SIGHUP: the terminal closed) while rendering: stopped as Ctrl-C is.

    >>> Stopsignal(signal.SIGTERM).signum == signal.SIGTERM
    True
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_stopsignal(signum: int, frame: Any) -> None:
    raise Stopsignal(signum)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def restore_signals(saved: dict[Any, Any]) -> None:
    """Put back the handlers ``signal.getsignal`` returned (None: set outside Python, left as it is)."""
    for s, handler in saved.items():
        if handler is not None:
            signal.signal(s, handler)


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """While rendering, SIGTERM and SIGHUP stop the render as Ctrl-C does (main thread only; a signal
    that is ignored, e.g. SIGHUP under ``nohup``, stays ignored). The handlers are restored afterwards."""
    if not _in_main_thread():
        yield
        return
    saved = {s: signal.getsignal(s) for s in STOPSIGNALER}
    for s in STOPSIGNALER:
        if s != signal.SIGINT and saved[s] == signal.SIG_DFL:
            signal.signal(s, _on_stopsignal)
    try:
        yield
    finally:
        restore_signals(saved)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and the stop signals are ignored for the duration (main thread only), then restored.

    >>> with signals_held():
    ...     signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    True
    >>> signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    False
    """
    if not _in_main_thread():
        yield
        return
    saved = {s: signal.getsignal(s) for s in STOPSIGNALER}
    hold_stop_signals()
    try:
        yield
    finally:
        restore_signals(saved)


def hold_stop_signals() -> None:
    """While stopping: a second Ctrl-C must not break off the cleaning up (it takes at most seconds)."""
    if _in_main_thread():
        for s in STOPSIGNALER:
            if signal.getsignal(s) not in (signal.SIG_IGN, None):
                signal.signal(s, signal.SIG_IGN)
