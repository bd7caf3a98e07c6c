"""Sections and figures made from a computed round (:class:`~helhedsanalyse.compute.runde.BeregnetRunde`).

The notebooks use :class:`Rapport` (``from helhedsanalyse.report import Rapport``).
"""

from .markup import badge
from .rapport import Rapport
from .statusafsnit import markeringer, statusforklaring
from .titel import ILLUSTRATIV_TEKST, dansk_dato

__all__ = ["ILLUSTRATIV_TEKST", "Rapport", "badge", "dansk_dato", "markeringer", "statusforklaring"]
