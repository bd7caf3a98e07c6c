"""Rendering the reports: the jobs of a round, running the notebooks, the HTML pages and the index.

Modules: :mod:`.jobs` (which notebook with which parameters into which file), :mod:`.engine` (the
render: one job, the rounds, the worker pool), :mod:`.kernels` (the notebooks' kernels and papermill),
:mod:`.workers` (the worker processes and how they stop), :mod:`.signals` (Ctrl-C and SIGTERM in the
main process), :mod:`.output` (the report folder, its lock, the private folder, atomic writes),
:mod:`.page` (a notebook as an HTML page), :mod:`.index` (``index.html``) and :mod:`.saet` (one set per
report folder: its manifest, what is up to date).

The notebooks use :func:`check_parameters` (``from helhedsanalyse.render import check_parameters``).
"""

from ..inputs.parameters import check_parameters
from .engine import render
from .index import write_index
from .jobs import NOTEBOOK_DIR, NOTEBOOKS, REPORT_DIR, Job, NotebookSpec, RenderError, plan_jobs
from .output import OutputLock
from .page import notebook_to_html
from .saet import MANIFEST, Resultat

__all__ = ["MANIFEST", "NOTEBOOK_DIR", "NOTEBOOKS", "REPORT_DIR", "Job", "NotebookSpec", "OutputLock", "RenderError",
           "Resultat", "check_parameters", "notebook_to_html", "plan_jobs", "render", "write_index"]
