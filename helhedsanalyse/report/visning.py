"""How a computed round is shown: the display settings every section and figure receives.

The one carrier of the suppression policy (docs/metode.md, "Diskretionering"): whether counts based on
few persons are hidden, and the threshold. Tables, figures, explanations and the list section all ask
this object, never a module constant or a parameter of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compute import diskretionering as disk


@dataclass(frozen=True)
class Visning:
    """Display settings of one report.

    >>> Visning().diskretionering, Visning().graense
    (True, 5)
    >>> Visning(graense=10).skjuler(7), Visning(diskretionering=False, graense=10).skjuler(7)
    (True, False)
    """

    #: hide counts above 0 and below ``graense`` (off only for an internal working copy)
    diskretionering: bool = True
    #: counts above 0 and below this are hidden
    graense: int = disk.GRAENSE

    def skjuler(self, antal: object) -> bool:
        """Whether a count of ``antal`` persons is hidden under these settings."""
        return self.diskretionering and disk.lille(antal, self.graense)

    @property
    def tekst(self) -> str:
        """The reader's sentence on the rule (empty when nothing is hidden)."""
        return disk.tekst(self.graense) if self.diskretionering else ""
