"""PDF beside each HTML report, printed by headless Chromium with the reports' print style sheet (A4).

``helhedsanalyse render --pdf`` calls :func:`write_pdfs` with the HTML files the render wrote. Chromium is
the print engine the reports are tested with (``tests/test_browser.py``); nothing is installed here:
without it :func:`find_chromium` returns None and the command says in one line how to get it.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.errors import HelhedsanalyseError

__all__ = ["CHROMIUM_NAVNE", "PdfError", "SAADAN_FAAS_CHROMIUM", "find_chromium", "pdf_path", "write_pdfs"]

#: the program names Chromium goes by on Debian/Ubuntu and elsewhere, in the order they are tried
CHROMIUM_NAVNE = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: the one line the command prints when there is no Chromium
SAADAN_FAAS_CHROMIUM = (
    "PDF er ikke skrevet: det kræver Chromium (headless), som ikke er installeret. "
    "Installér det med 'sudo apt install chromium' (Debian/Ubuntu), og kør igen med --pdf."
)

#: seconds Chromium may take to answer one step (open, print) before the PDF is given up
TIDSGRAENSE = 120


class PdfError(HelhedsanalyseError):
    """Chromium could not print a report: the message names the report and Chromium's last words."""


def find_chromium() -> str | None:
    """The path of a Chromium on PATH, or None."""
    for name in CHROMIUM_NAVNE:
        path = shutil.which(name)
        if path:
            return path
    return None


def pdf_path(html: Path) -> Path:
    """Where the PDF of a report goes: beside it, same name.

    >>> pdf_path(Path("reports/slut/omraade_motalavej.html")).as_posix()
    'reports/slut/omraade_motalavej.pdf'
    """
    return Path(html).with_suffix(".pdf")


def write_pdfs(html_files: Iterable[Path], chromium: str | None = None) -> list[Path]:
    """Print each HTML report to a PDF beside it (A4, from the reports' ``@page`` rule); the PDFs written.

    One headless Chromium prints them all, one after another, as a reader's "Print" with background
    graphics would (``Page.printToPDF`` over ``--remote-debugging-pipe``: the status badges keep their
    colours, and no Python dependency is needed to talk to it). A PDF newer than its report is kept (a
    render that skipped an unchanged report leaves its PDF too). Each PDF is written under a temporary
    name and renamed, so a reader never opens half a file. Raises :class:`PdfError` when Chromium cannot
    start or fails on a report.
    """
    chromium = chromium or find_chromium()
    if chromium is None:
        raise PdfError(SAADAN_FAAS_CHROMIUM)
    todo = [Path(h) for h in html_files if not _up_to_date(Path(h))]
    if not todo:
        return []
    written: list[Path] = []
    with _Chromium(chromium) as browser:
        for html in todo:
            target = pdf_path(html)
            tmp = target.with_name(f".{target.stem}.{os.getpid()}.pdf.tmp")
            try:
                tmp.write_bytes(browser.print_pdf(html))
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
            written.append(target)
    return written


def _up_to_date(html: Path) -> bool:
    pdf = pdf_path(html)
    try:
        return pdf.stat().st_mtime >= html.stat().st_mtime
    except OSError:
        return False


class _Chromium:
    """A headless Chromium driven through the DevTools protocol on a pipe (fd 3: commands, fd 4: answers)."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.profile = tempfile.mkdtemp(prefix="helhedsanalyse-pdf-")
        self._id = 0
        self._buffer = b""

    def __enter__(self) -> _Chromium:
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()
        args = [
            self.binary, "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--mute-audio", f"--user-data-dir={self.profile}",
            "--remote-debugging-pipe", "about:blank",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to start as root with its sandbox

        def pipes() -> None:  # in the child, before exec: the pipe ends where Chromium expects them
            import fcntl  # POSIX only, as the pipe is

            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_child, from_child)]  # free of 3 and 4
            os.dup2(high[0], 3)  # dup2 to another number makes it inheritable
            os.dup2(high[1], 4)

        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, preexec_fn=pipes, close_fds=False,
                                     start_new_session=True)
        os.close(to_child)
        os.close(from_child)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._send("Browser.close")
        except (OSError, PdfError):
            pass
        for fd in (self._write, self._read):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=15)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._write, json.dumps(msg).encode() + b"\0")
        return self._id

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._read], [], [], remaining)[0]:
                raise PdfError(f"Chromium svarede ikke inden for {TIDSGRAENSE} s.")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise PdfError(f"Chromium stoppede uventet (kode {self.proc.poll()}).")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             event: str | None = None) -> dict[str, Any]:
        """Send a command and return its result (or, with ``event``, wait for that event of the session)."""
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + TIDSGRAENSE
        result: dict[str, Any] | None = None
        seen_event = event is None
        while result is None or not seen_event:
            msg = self._message(deadline)
            if msg.get("id") == wanted:
                if "error" in msg:
                    raise PdfError(f"Chromium: {method}: {msg['error'].get('message', msg['error'])}")
                result = msg.get("result", {})
            elif event and msg.get("method") == event and msg.get("sessionId") == session:
                seen_event = True
        return result

    def print_pdf(self, html: Path) -> bytes:
        """One report printed on the page size its style sheet asks for (A4), with background graphics."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            self.call("Page.enable", session=session)
            nav = self.call("Page.navigate", {"url": html.resolve().as_uri()}, session=session,
                            event="Page.loadEventFired")
            if nav.get("errorText"):
                raise PdfError(f"{html}: Chromium kunne ikke åbne rapporten ({nav['errorText']}).")
            out = self.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True,
                                                "displayHeaderFooter": False}, session=session)
            return base64.b64decode(out["data"])
        finally:
            self.call("Target.closeTarget", {"targetId": target})
