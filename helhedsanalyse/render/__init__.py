"""Rendering the reports: the jobs of a round, running the notebooks, the HTML pages and the index.

The notebooks use :func:`check_parameters` (``from helhedsanalyse.render import check_parameters``).
"""

from ..inputs.parameters import check_parameters
from .engine import (
                     NOTEBOOK_DIR,
                     NOTEBOOKS,
                     REPORT_DIR,
                     Job,
                     NotebookSpec,
                     OutputLock,
                     RenderError,
                     notebook_to_html,
                     plan_jobs,
                     render,
                     write_index,
)

__all__ = ["NOTEBOOK_DIR", "NOTEBOOKS", "REPORT_DIR", "Job", "NotebookSpec", "OutputLock", "RenderError",
           "check_parameters", "notebook_to_html", "plan_jobs", "render", "write_index"]
