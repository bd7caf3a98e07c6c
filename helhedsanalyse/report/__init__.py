"""Sections and figures made from a computed round (:class:`~helhedsanalyse.compute.runde.BeregnetRunde`).

The notebooks use :class:`Rapport` (``from helhedsanalyse.report import Rapport``).
"""

from .rapport import ILLUSTRATIV_TEKST, Rapport, badge, dansk_dato, markeringer, statusforklaring

__all__ = ["ILLUSTRATIV_TEKST", "Rapport", "badge", "dansk_dato", "markeringer", "statusforklaring"]
