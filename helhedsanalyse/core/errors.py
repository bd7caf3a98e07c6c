"""Errors of the package: one base class, subclasses that carry what went wrong.

The command line turns every :class:`HelhedsanalyseError` into plain Danish sentences and exit code 1;
no traceback reaches the user.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from .formatting import antal_tekst


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one file.

    ``raekke`` is the row number as the user sees it in Excel (header row = 1), or None when the
    problem concerns the whole file or a column. ``kolonne`` is the column header as written in the file.
    ``linje`` is the line of a text file (the evaluator's findings in Markdown), as an editor numbers it.

    >>> str(Problem("data.xlsx", "værdien mangler", raekke=4, kolonne="vaerdi"))
    "data.xlsx, række 4, kolonne 'vaerdi': værdien mangler"
    >>> str(Problem("fund.md", "ukendt afsnit", linje=7))
    'fund.md, linje 7: ukendt afsnit'
    """

    fil: str
    besked: str
    raekke: int | None = None
    kolonne: str | None = None
    vaerdi: object = None
    linje: int | None = None

    def __str__(self) -> str:
        where = [self.fil]
        if self.linje is not None:
            where.append(f"linje {self.linje}")
        if self.raekke is not None:
            where.append(f"række {self.raekke}")
        if self.kolonne:
            where.append(f"kolonne '{self.kolonne}'")
        text = ", ".join(where)
        if self.vaerdi is not None and self.vaerdi != "":
            return f"{text}: værdien '{self.vaerdi}': {self.besked}"
        return f"{text}: {self.besked}"


class HelhedsanalyseError(Exception):
    """Base class of every error the package raises on purpose."""

    #: the command line's exit code for it
    exit_code = 1

    @property
    def _render_traceback_(self) -> Any:
        """How IPython shows the error in a notebook: its Danish message, no traceback.

        IPython asks an exception for ``_render_traceback_`` before it formats a traceback (the lines it
        returns are the cell's error output, and papermill prints them under "Exception encountered").
        With ``HELHEDSANALYSE_DEBUG`` set the attribute is absent and IPython shows the whole traceback.

        >>> ParameterError("Ukendt runde 'start'.")._render_traceback_()
        ["Ukendt runde 'start'."]
        """
        if os.environ.get("HELHEDSANALYSE_DEBUG"):
            raise AttributeError("_render_traceback_")
        return lambda: str(self).splitlines() or [type(self).__name__]


class ProblemsError(HelhedsanalyseError):
    """An error that carries a list of :class:`Problem` (all problems of a file, at once)."""

    def __init__(self, problems: list[Problem], summary: str | None = None):
        self.problems = list(problems)
        self.summary = summary or f"{antal_tekst(len(self.problems), 'problem', 'problemer')} fundet"
        super().__init__(self.summary + "\n" + "\n".join(str(p) for p in self.problems))


class PlanError(ProblemsError):
    """The plan files (data/plan/*.yaml) are malformed: each problem names the criterion and field."""


class DataValidationError(ProblemsError):
    """An observation file does not follow the data contract."""


class FileReadError(HelhedsanalyseError):
    """A file cannot be read at all (missing, not CSV/Excel, unreadable)."""


class ParameterError(HelhedsanalyseError):
    """A parameter (a notebook's, an option's or an environment variable's) is not valid; raised before
    anything is computed or written, with the valid values."""


class ProcessCountError(ParameterError):
    """``--processer`` (or ``HELHEDSANALYSE_PROCESSER``) is not a number of processes this machine can use."""

    def __init__(self, vaerdi: object, maks: int, kilde: str = "--processer"):
        self.vaerdi, self.maks, self.kilde = vaerdi, maks, kilde
        super().__init__(
            f"Ugyldigt antal processer: {kilde} {vaerdi}. Angiv et helt tal fra 1 til {maks} "
            f"(højst 4 pr. kerne på denne maskine), eller 0 for alle kerner (standard)."
            if kilde == "--processer" else
            f"Ugyldigt antal processer: {kilde}={vaerdi!r} er ikke et helt tal; brug fx {kilde}=2 "
            f"(eller 1 for én proces), eller fjern variablen."
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.vaerdi, self.maks, self.kilde))


class OutputError(HelhedsanalyseError):
    """The reports cannot be written where they are to go: the user's or the machine's problem, not a
    bug. ``sti`` is the folder or file concerned; the message says what to do."""

    def __init__(self, sti: object, **felter: object):
        self.sti = str(sti)
        self.felter = dict(felter)
        for navn, vaerdi in felter.items():
            setattr(self, navn, vaerdi)
        super().__init__(self._besked())

    def _besked(self) -> str:  # pragma: no cover - every subclass has its own
        return f"{self.sti} kan ikke skrives."

    def __reduce__(self) -> tuple[Any, ...]:  # raised in a render worker, re-raised in the main process
        return (_remake, (type(self), self.sti, self.felter))


def _remake(cls: type, sti: str, felter: dict) -> OutputError:
    return cls(sti, **felter)


class OutputIsFileError(OutputError):
    """``--ud`` (or a folder on the way to it) is an existing file. ``fil``: the file in the way."""

    def _besked(self) -> str:
        fil = getattr(self, "fil", self.sti)
        if fil == self.sti:
            return (f"Rapportmappen {self.sti} er en fil, ikke en mappe. Angiv en mappe med --ud (den oprettes, "
                    f"hvis den ikke findes), eller flyt filen.")
        return (f"Rapportmappen {self.sti} kan ikke oprettes, fordi {fil} er en fil, ikke en mappe. Angiv en "
                f"anden mappe med --ud, eller flyt filen.")


class NoWriteAccessError(OutputError):
    """No permission to write ``sti`` (or it lies on a read-only drive: ``skrivebeskyttet``).
    ``rapport=False``: not the reports, any file a command wanted (the message does not name ``--ud``)."""

    def _besked(self) -> str:
        if not getattr(self, "rapport", True):
            if getattr(self, "skrivebeskyttet", False):
                return f"{self.sti} ligger på et skrivebeskyttet drev. Vælg en placering på et andet drev."
            return (f"Ingen adgang til {self.sti} (manglende rettigheder). Vælg en anden placering, eller få "
                    f"rettighederne ændret.")
        if getattr(self, "skrivebeskyttet", False):
            return (f"{self.sti} ligger på et skrivebeskyttet drev, så rapporterne kan ikke skrives der. "
                    f"Vælg en mappe på et andet drev med --ud (fx --ud ~/rapporter).")
        return (f"Ingen skriveadgang til {self.sti}, så rapporterne kan ikke skrives der. Vælg en mappe, du kan "
                f"skrive i, med --ud (fx --ud ~/rapporter), eller få skriveadgang til mappen.")


class DiskFullError(OutputError):
    """The drive is full. ``midlertidig``: the private temporary folder (``TMPDIR``), not the report folder."""

    def _besked(self) -> str:
        if not getattr(self, "rapport", True):
            return (f"Der er ikke mere plads på drevet: {self.sti} kunne ikke skrives. "
                    "Frigør plads, og kør kommandoen igen.")
        if getattr(self, "midlertidig", False):
            return (f"Der er ikke mere plads i den midlertidige mappe: {self.sti} kunne ikke skrives. Frigør plads "
                    f"på drevet, eller peg miljøvariablen TMPDIR på en mappe med plads, og kør kommandoen igen.")
        return (f"Der er ikke mere plads på drevet: {self.sti} kunne ikke skrives. Frigør plads (eller vælg en "
                f"mappe på et andet drev med --ud), og kør kommandoen igen; rapporter, der lå der i forvejen, "
                f"er bevaret.")


class OutputLockedError(OutputError):
    """Another render is writing into the same folder (it holds the folder's lock). ``pid``: its process."""

    def _besked(self) -> str:
        pid = getattr(self, "pid", None)
        hvem = f" (proces {pid})" if pid else ""
        return (f"Mappen {self.sti} bruges allerede af en anden kørsel af 'helhedsanalyse render'{hvem}. "
                f"Vent, til den er færdig, og kør så igen, eller skriv rapporterne i en anden mappe med --ud.")


#: errno values that are the user's or the machine's problem when writing, never a bug.
_SKRIVEFEJL = {"ENOSPC": DiskFullError, "EDQUOT": DiskFullError, "EACCES": NoWriteAccessError,
               "EPERM": NoWriteAccessError, "EROFS": NoWriteAccessError}


def write_error(exc: OSError, sti: object = None, midlertidig: bool = False,
                rapport: bool = True) -> OutputError | None:
    """The :class:`OutputError` for an ``OSError`` raised while writing ``sti`` (default: the error's own
    file name), or None when the error is not one of full drive, no permission, read-only drive.
    ``midlertidig``: ``sti`` is in the private temporary folder; ``rapport=False``: not a report (the
    message then names no option of ``render``).

    >>> import errno
    >>> type(write_error(OSError(errno.ENOSPC, "No space left", "ud/rapport.html"))).__name__
    'DiskFullError'
    >>> write_error(OSError(errno.ENOENT, "No such file", "ud/rapport.html")) is None
    True
    """
    import errno as _errno

    navn = _errno.errorcode.get(exc.errno or 0, "")
    cls = _SKRIVEFEJL.get(navn)
    sti = sti if sti is not None else exc.filename
    if cls is None or sti is None:
        return None
    ekstra = {} if rapport else {"rapport": False}
    if cls is DiskFullError:
        return DiskFullError(sti, midlertidig=midlertidig, **ekstra)
    return NoWriteAccessError(sti, skrivebeskyttet=navn == "EROFS", **ekstra)


class RenderInterrupted(KeyboardInterrupt):
    """A render stopped by Ctrl-C (SIGINT) or SIGTERM, after its workers and kernels were stopped.

    A KeyboardInterrupt, not a :class:`HelhedsanalyseError`: an interruption is nobody's error, and
    ``except Exception`` must not swallow it (in a notebook or a test run it stops as Ctrl-C does).
    ``faerdige`` reports were written whole (of ``i_alt``) before it stopped; ``exit_code`` is 128 + the
    signal (130 for Ctrl-C). The command line prints ``besked`` as its one line.
    """

    def __init__(self, sti: object, faerdige: int, i_alt: int, signum: int = 2):
        self.sti, self.faerdige, self.i_alt, self.signum = str(sti), faerdige, i_alt, signum
        self.exit_code = 128 + signum
        super().__init__(self.besked)

    @property
    def besked(self) -> str:
        hvorfor = "Afbrudt (Ctrl-C)" if self.signum == 2 else "Afbrudt (stopsignal)"
        if self.faerdige:
            return (f"{hvorfor}: {self.faerdige} af {self.i_alt} rapporter nåede at blive færdige i {self.sti} "
                    f"(oversigt: {os.path.join(self.sti, 'index.html')}); ingen flere skrives. "
                    "Kør kommandoen igen for at danne resten.")
        return (f"{hvorfor}, før nogen rapport blev færdig; ingen ny rapport er skrevet i {self.sti}. "
                "Kør kommandoen igen for at danne rapporterne.")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.sti, self.faerdige, self.i_alt, self.signum))
