"""Errors of the package: one base class, subclasses that carry what went wrong.

The command line turns every :class:`HelhedsanalyseError` into plain Danish sentences and exit code 1;
no traceback reaches the user.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one file.

    ``raekke`` is the row number as the user sees it in Excel (header row = 1), or None when the
    problem concerns the whole file or a column. ``kolonne`` is the column header as written in the file.
    """

    fil: str
    besked: str
    raekke: int | None = None
    kolonne: str | None = None
    vaerdi: object = None

    def __str__(self) -> str:
        where = [self.fil]
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


class ProblemsError(HelhedsanalyseError):
    """An error that carries a list of :class:`Problem` (all problems of a file, at once)."""

    def __init__(self, problems: list[Problem], summary: str | None = None):
        self.problems = list(problems)
        self.summary = summary or f"{len(self.problems)} problem(er) fundet"
        super().__init__(self.summary + "\n" + "\n".join(str(p) for p in self.problems))


class PlanError(ProblemsError):
    """The plan files (data/plan/*.yaml) are malformed: each problem names the criterion and field."""


class DataValidationError(ProblemsError):
    """An observation file does not follow the data contract."""


class FileReadError(HelhedsanalyseError):
    """A file cannot be read at all (missing, not CSV/Excel, unreadable)."""
