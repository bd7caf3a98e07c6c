"""The jobs of a render: which notebook is rendered with which parameters into which file.

One *job* is one notebook with one set of parameters (e.g. the area report for Motalavej, round
``slut``). :func:`plan_jobs` makes the jobs of a round and checks every job's parameters, so that a
render refuses a wrong parameter before any kernel starts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import HelhedsanalyseError, ParameterError
from ..core.paths import NOTEBOOK_DIR, REPORT_DIR
from ..inputs.parameters import check_parameters
from ..plan import load_plan


@dataclass(frozen=True)
class NotebookSpec:
    """A notebook of the report set: its file, Danish title and what it is rendered per."""

    navn: str
    fil: str
    titel: str
    pr: str  # "runde" (once per round), "omraade" (per area incl. samlet), "indsatsomraade"


NOTEBOOKS: dict[str, NotebookSpec] = {
    spec.navn: spec
    for spec in [
        NotebookSpec("datatjek", "datatjek.ipynb", "Datatjek", "runde"),
        NotebookSpec("omraade", "omraaderapport.ipynb", "Områderapport", "omraade"),
        NotebookSpec("indsatsomraade", "indsatsomraaderapport.ipynb", "Indsatsområderapport", "indsatsomraade"),
        NotebookSpec("helhedsevaluering", "helhedsevaluering.ipynb", "Helhedsevaluering", "runde"),
        NotebookSpec("leverancemaaling", "leverancemaaling.ipynb", "Leverancemåling", "runde"),
        NotebookSpec("bestyrelsesstatus", "bestyrelsesstatus.ipynb", "Status til bestyrelsen", "runde"),
    ]
}


class RenderError(HelhedsanalyseError):
    """A notebook failed; the message names the notebook, the cell and the error in one sentence."""

    def __init__(self, notebook: str, besked: str, delvis: str | None = None):
        self.notebook = notebook
        self.delvis = delvis
        super().__init__(besked)


@dataclass(frozen=True)
class Job:
    """One notebook run with one set of parameters, written to ``html`` under the title ``titel``."""

    spec: NotebookSpec
    parametre: dict[str, Any] = field(hash=False)
    html: Path
    titel: str
    #: the render's private folder (running notebook, kernel files); None: one of its own
    privat: Path | None = field(default=None, compare=False)
    #: every page the render writes, as a path in the report folder ("slut/datatjek.html"): what the
    #: page may link to besides the pages already there (render/nav.py)
    saet: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def side(self) -> str:
        """The page's path in the report folder.

        >>> plan_jobs("slut", ["motalavej"], ["omraade"], Path("ud"))[0].side
        'slut/omraade_motalavej.html'
        """
        return f"{self.html.parent.name}/{self.html.name}"

    @property
    def notebook(self) -> Path:
        """The notebook file the job runs."""
        return NOTEBOOK_DIR / self.spec.fil


def plan_jobs(
    runde: str,
    omraader: Iterable[str] | None = None,
    notebooks: Iterable[str] | None = None,
    out_dir: Path | None = None,
    data: list[str] | None = None,
    diskretionering: bool = True,
    diskretionering_graense: int = 5,
    fund: str | None = None,
) -> list[Job]:
    """The jobs of a round: every notebook, per area / indsatsområde where it is rendered per one.

    ``fund`` (the evaluator's findings of this round, a Markdown file) goes to the helhedsevaluering; it is
    checked here with every other parameter, so that a problem in it stops the render before any kernel.

    >>> [job.html.as_posix() for job in plan_jobs("slut", ["motalavej"], ["omraade", "datatjek"], Path("ud"))]
    ['ud/slut/omraade_motalavej.html', 'ud/slut/datatjek.html']
    >>> plan_jobs("slut", ["motalavej"], ["omraade"])[0].titel
    'Områderapport: Motalavej'
    """
    plan = load_plan()
    out_dir = Path(out_dir or REPORT_DIR)
    chosen = list(notebooks) if notebooks else list(NOTEBOOKS)
    unknown = [n for n in chosen if n not in NOTEBOOKS]
    if unknown:
        raise ParameterError(f"Ukendt notebook {unknown}. Gyldige: {', '.join(NOTEBOOKS)}.")
    areas = list(omraader) if omraader else plan.omraade_ids
    base: dict[str, Any] = {"runde": runde, "diskretionering": diskretionering,
                            "diskretionering_graense": diskretionering_graense}
    if data:
        base["data"] = list(data)
    jobs: list[Job] = []
    for name in chosen:
        spec = NOTEBOOKS[name]
        if spec.pr == "omraade":
            for area in areas:
                params = check_parameters({**base, "omraade": area})
                jobs.append(Job(spec, params, out_dir / runde / f"omraade_{area}.html",
                                f"{spec.titel}: {plan.omraade[area].navn}" if area in plan.omraade else area))
        elif spec.pr == "indsatsomraade":
            for io in plan.indsatsomraader:
                params = check_parameters({**base, "indsatsomraade": io.id})
                jobs.append(Job(spec, params, out_dir / runde / f"indsatsomraade_{io.id}.html",
                                f"{spec.titel}: {io.navn}"))
        else:
            params = check_parameters({**base, "fund": fund} if fund and name == "helhedsevaluering" else dict(base))
            jobs.append(Job(spec, params, out_dir / runde / f"{name}.html", spec.titel))
    return jobs


def dump_parameters(job: Job) -> str:
    """The job's parameters as JSON (for logs and tests).

    >>> dump_parameters(Job(NOTEBOOKS["datatjek"], {"runde": "slut", "data": ["x.csv"]}, Path("d.html"), "Datatjek"))
    '{"data": ["x.csv"], "runde": "slut"}'
    """
    return json.dumps(job.parametre, ensure_ascii=False, sort_keys=True)
