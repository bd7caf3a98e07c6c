"""Sections and figures made from a computed round (:class:`~helhedsanalyse.compute.runde.BeregnetRunde`).

The notebooks use :class:`Rapport` (``from helhedsanalyse.report import Rapport``). The names below are
loaded on first use, so that a command needing one module of the layer (``status`` its text output,
``lister`` the list view) does not load IPython and every section with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .markup import badge
    from .rapport import Rapport
    from .statusafsnit import markeringer, statusforklaring
    from .titel import ILLUSTRATIV_TEKST, dansk_dato

_HJEM = {"Rapport": "rapport", "badge": "markup", "markeringer": "statusafsnit", "statusforklaring": "statusafsnit",
         "ILLUSTRATIV_TEKST": "titel", "dansk_dato": "titel"}

__all__ = ["ILLUSTRATIV_TEKST", "Rapport", "badge", "dansk_dato", "markeringer", "statusforklaring"]


def __getattr__(name: str) -> Any:
    """``Rapport`` and the other public names, imported from their module when first asked for."""
    if name not in _HJEM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HJEM[name]}"), name)
