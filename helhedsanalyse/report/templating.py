"""HTML from Jinja2 templates (``helhedsanalyse/report/templates/``), escaped automatically.

The one escaping mechanism of the package's HTML: a template escapes every value it is given, unless the
value is already :class:`markupsafe.Markup` (HTML made by another template, or a figure). Python passes
data; the page shell, the sections and the Danish reader text live in the templates.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..core.formatting import antal_tekst, fast_mellemrum

__all__ = ["Markup", "escape", "render_template", "render_macro"]


def _finalize(value: Any) -> Any:
    """Every plain text a template prints keeps a number and its unit on one line ("10 %" with a
    non-breaking space, :func:`~helhedsanalyse.core.formatting.fast_mellemrum`): the plan's own wording
    is quoted as written, the program's numbers are formatted so already. Markup (HTML made by another
    template, a figure) is left as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return fast_mellemrum(value)
    return value


@cache
def environment() -> jinja2.Environment:
    """The package's template environment (made once per process)."""
    env = jinja2.Environment(
        finalize=_finalize,
        loader=jinja2.PackageLoader("helhedsanalyse.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a missing value is an error, never an empty string in a report
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    # {{ n | antal("værdi", "værdier") }}: "1 værdi", "3 værdier" -- never "værdi(er)"
    env.filters["antal"] = antal_tekst
    return env


def render_template(name: str, **context: Any) -> Markup:
    """The template ``name`` rendered with ``context``, as markup safe to put into another template."""
    return Markup(environment().get_template(name).render(**context))


def render_macro(template: str, macro: str, *args: Any, **kwargs: Any) -> Markup:
    """One macro of a macro file (a template holding only macros, e.g. a table or a badge), called with ``args``."""
    module = environment().get_template(template).module
    return Markup(getattr(module, macro)(*args, **kwargs))
