"""PDF beside each HTML report, printed by headless Chromium with the reports' print style sheet (A4).

``helhedsanalyse render --pdf`` calls :func:`write_pdfs` with the HTML files the render wrote. Chromium is
the print engine the reports are tested with (``tests/test_browser.py``); nothing is installed here:
without it :func:`find_chromium` returns None and the command says in one line how to get it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..core.errors import HelhedsanalyseError

__all__ = ["CHROMIUM_NAVNE", "PdfError", "SAADAN_FAAS_CHROMIUM", "find_chromium", "pdf_path", "write_pdfs"]

#: the program names Chromium goes by on Debian/Ubuntu and elsewhere, in the order they are tried
CHROMIUM_NAVNE = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: the one line the command prints when there is no Chromium
SAADAN_FAAS_CHROMIUM = (
    "PDF er ikke skrevet: det kræver Chromium (headless), som ikke er installeret. "
    "Installér det med 'sudo apt install chromium' (Debian/Ubuntu), og kør igen med --pdf."
)

#: seconds one report may take to print before Chromium is stopped
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


def write_pdfs(html_files: Iterable[Path], chromium: str | None = None, processer: int = 2) -> list[Path]:
    """Print each HTML report to a PDF beside it (A4, from the reports' ``@page`` rule); the PDFs written.

    A PDF newer than its report is kept (a render that skipped an unchanged report leaves its PDF too).
    ``processer`` Chromiums print at a time. Each PDF is written under a temporary name and renamed, so a
    reader never opens half a file. Raises :class:`PdfError` when Chromium fails on a report, after the
    others are printed.
    """
    chromium = chromium or find_chromium()
    if chromium is None:
        raise PdfError(SAADAN_FAAS_CHROMIUM)
    todo = [Path(h) for h in html_files if not _up_to_date(Path(h))]
    with ThreadPoolExecutor(max_workers=max(1, processer)) as pool:
        results = list(pool.map(lambda h: _print(chromium, h), todo))
    failed = [msg for msg in results if isinstance(msg, str)]
    if failed:
        raise PdfError(f"{len(failed)} PDF-fil(er) kunne ikke skrives: " + " ".join(failed))
    return [r for r in results if isinstance(r, Path)]


def _up_to_date(html: Path) -> bool:
    pdf = pdf_path(html)
    try:
        return pdf.stat().st_mtime >= html.stat().st_mtime
    except OSError:
        return False


def _print(chromium: str, html: Path) -> Path | str:
    """One report printed; the PDF's path, or the reason it failed (one sentence)."""
    target = pdf_path(html)
    profile = tempfile.mkdtemp(prefix="helhedsanalyse-pdf-")
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.pdf.tmp")
    args = [
        chromium, "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
        "--no-pdf-header-footer", f"--print-to-pdf={tmp}", html.resolve().as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # Chromium refuses to start as root with its sandbox
    try:
        proc = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=TIDSGRAENSE, check=False)
        if proc.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
            last = proc.stdout.decode("utf-8", "replace").strip().splitlines()[-1:] or ["intet output"]
            return f"{html}: Chromium sluttede med kode {proc.returncode} ({last[0][:200]})."
        os.replace(tmp, target)
        return target
    except subprocess.TimeoutExpired:
        return f"{html}: Chromium blev ikke færdig på {TIDSGRAENSE} s."
    finally:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(profile, ignore_errors=True)
