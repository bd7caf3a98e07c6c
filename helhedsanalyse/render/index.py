"""``index.html``: every report the report folder holds, linked, with each round's status overview.

The index is written from what is in the folder, not from what a render meant to make, so it is right
however a render ends; the render rewrites it after every report. The page is the template
``side/index.html.j2`` (:mod:`helhedsanalyse.report.templating`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..plan import RUNDE_SIDSTE_AAR, load_plan
from ..report.rapport import ILLUSTRATIV_TEKST, dansk_dato
from ..report.templating import Markup
from .jobs import NOTEBOOKS, REPORT_DIR, NotebookSpec
from .output import atomic_write
from .page import page

#: The status overview a render writes into each round's folder (not a report: not linked).
OVERSIGT = "statusoversigt.html"


@dataclass(frozen=True)
class _Runde:
    """One round's part of the index: its links (href, label) and its status overview, if written."""

    navn: str
    sidste_aar: int
    links: list[tuple[str, str]]
    oversigt: Markup | None


def write_index(out_dir: Path | None = None) -> Path:
    """Write ``reports/index.html`` linking every rendered report, with the status overview."""
    out_dir = Path(out_dir or REPORT_DIR)
    plan = load_plan()
    runder = [_round(out_dir / runde, runde, plan) for runde in RUNDE_SIDSTE_AAR if (out_dir / runde).is_dir()]
    illustrativ = ILLUSTRATIV_TEKST if _illustrative_set(out_dir) else None
    text = page("side/index.html.j2", plan=plan, dato=dansk_dato(),
                illustrativ=illustrativ, runder=runder)
    index = out_dir / "index.html"
    atomic_write(index, text)
    return index


def _round(folder: Path, runde: str, plan: Any) -> _Runde:
    """The index's part for the round in ``folder``."""
    links = [(f"{runde}/{path.name}", _label(spec, path, plan))
             for spec in NOTEBOOKS.values() for path in _reports_of(folder, spec)]
    overview = folder / OVERSIGT
    oversigt = Markup(overview.read_text(encoding="utf-8")) if overview.exists() else None
    return _Runde(runde, RUNDE_SIDSTE_AAR[runde], links, oversigt)


def _reports_of(folder: Path, spec: NotebookSpec) -> list[Path]:
    """The reports of the notebook ``spec`` in a round's folder, in file name order (failed ones not)."""
    pattern = f"{spec.navn}*.html" if spec.pr == "runde" else f"{spec.navn}_*.html"
    return [p for p in sorted(folder.glob(pattern)) if not p.name.endswith(".fejl.html")]


def _label(spec: NotebookSpec, path: Path, plan: Any) -> str:
    """The link text of a report: the notebook's title and the area or indsatsområde it is about.

    >>> plan = load_plan()
    >>> _label(NOTEBOOKS["omraade"], Path("omraade_motalavej.html"), plan)
    'Områderapport: Motalavej'
    >>> _label(NOTEBOOKS["omraade"], Path("omraade_ukendt.html"), plan)
    'omraade_ukendt'
    """
    if spec.pr == "omraade":
        area = path.stem.removeprefix("omraade_")
        return f"{spec.titel}: {plan.omraade[area].navn}" if area in plan.omraade else path.stem
    if spec.pr == "indsatsomraade":
        io = path.stem.removeprefix("indsatsomraade_")
        return f"{spec.titel}: {plan.indsatsomraade[io].navn}" if io in plan.indsatsomraade else path.stem
    return spec.titel


def reports_in(out_dir: Path) -> bool:
    """Whether the report folder holds any report (a status overview alone is none)."""
    return any(p.suffix == ".html" and p.name != OVERSIGT
               for runde in RUNDE_SIDSTE_AAR if (out_dir / runde).is_dir() for p in (out_dir / runde).iterdir())


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
