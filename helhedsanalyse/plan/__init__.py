"""The plan as data: areas, indsatsområder, activities, indicators and every succeskriterium.

The models and :func:`load_plan` are in :mod:`helhedsanalyse.plan.model`; this package exports them.
"""

from ..core.names import normalise_name
from ..core.paths import DATA_DIR, PACKAGE_ROOT, PLAN_DIR
from .model import (
                    KRITERIE_TYPER,
                    PLAN_FILES,
                    RUNDE_SIDSTE_AAR,
                    AarligAendring,
                    AendringIVindue,
                    Aktivitet,
                    AndelAfKohorte,
                    Baseline,
                    Budget,
                    Enhed,
                    FastMaal,
                    Forekomst,
                    Fundafsnit,
                    Geografi,
                    Helhedsevaluering,
                    Indikator,
                    Indsatsomraade,
                    Interval,
                    Kriterium,
                    Kvalitativ,
                    Maal,
                    Medarbejder,
                    MindstAntal,
                    Nulpunkt,
                    Omraade,
                    OverReference,
                    Plan,
                    Retning,
                    RetningMaal,
                    Runde,
                    load_plan,
)

__all__ = [
    "DATA_DIR", "KRITERIE_TYPER", "PACKAGE_ROOT", "PLAN_DIR", "PLAN_FILES", "RUNDE_SIDSTE_AAR", "AarligAendring",
    "AendringIVindue", "Aktivitet", "AndelAfKohorte", "Baseline", "Budget", "Enhed", "FastMaal", "Forekomst",
    "Fundafsnit", "Geografi", "Helhedsevaluering", "Indikator", "Indsatsomraade", "Interval", "Kriterium",
    "Kvalitativ", "Maal", "Medarbejder", "MindstAntal", "Nulpunkt", "Omraade", "OverReference", "Plan", "Retning",
    "RetningMaal", "Runde", "load_plan", "normalise_name",
]
