"""What a report hides (docs/metode.md, "Diskretionering"), decided in one place for every section.

:class:`Skjul` is made once per report from the computed round, the plan and the display settings
(:class:`~.visning.Visning`). Every value table, figure input, comparison, delivery table, explanation, data
note and the list section ask it whether a number is shown and how; nothing else decides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from ..compute import diskretionering as disk
from ..compute.runde import BeregnetRunde
from ..compute.trends import vaerdi_interval
from ..core.formatting import format_tal, format_vaerdi
from ..inputs.observations import ValidationReport, validate_files
from ..plan.model import Kriterium, Plan
from .markup import endelig
from .udsnit import datafiler, serie
from .visning import Visning

#: How a secondarily suppressed value (or a share on a small tæller/nævner) is shown.
SKJULT = disk.SKJULT

#: Per area: the quarters K1-K4 of a year and the year to date (:func:`diskretionering.leverancetal`).
Leverancetal = dict[str, tuple[dict[str, float], float]]


@dataclass(frozen=True)
class Skjul:
    """The suppression policy of one report, applied to the round it shows.

    With ``visning.diskretionering`` off nothing is hidden and every value is shown as computed.
    """

    plan: Plan
    beregnet: BeregnetRunde
    visning: Visning

    # ---------------------------------------------------------------- the policy
    @property
    def graense(self) -> int:
        """Counts above 0 and below this are hidden."""
        return self.visning.graense

    def foelsom(self, indikator: str | None) -> bool:
        """Whether the values of ``indikator`` may be hidden in this report (sensitive, suppression on)."""
        return bool(self.visning.diskretionering and indikator and self.plan.indikator[indikator].foelsom)

    def undertryk_under(self, indikator: str | None) -> int | None:
        """The threshold a figure of ``indikator`` leaves small counts out under (None: draws everything)."""
        return self.graense if self.foelsom(indikator) else None

    @property
    def titeltekst(self) -> str:
        """The title block's line on the rule."""
        return self.visning.tekst or "Fra (intern arbejdskopi; må ikke offentliggøres)."

    @cached_property
    def validering(self) -> ValidationReport | None:
        """The loader's report on the round's data files (problems, interpretations), read once per report
        for the data check's main results and its notes; None without data files."""
        files = datafiler(self.beregnet)
        return validate_files(files, self.plan) if files else None

    @cached_property
    def maske(self) -> dict[tuple, str]:
        """Every suppressed (område, indikator, år) of the report: ``"primaer"`` or ``"sekundaer"``; and every
        suppressed cell (område, indikator, år, "K1".."K4"|"ytd") of the delivery tables.

        Computed once over all sensitive indicators, areas, years and quarters
        (:func:`diskretionering.marker_indikatorer`), independent of the round, so that no two reports of the
        set together allow a subtraction. Empty when diskretionering is off.
        """
        if not self.visning.diskretionering:
            return {}
        return disk.marker_indikatorer(self.beregnet.indikatorer, self.plan, self.graense,
                                       observations=self.beregnet.observations)

    @cached_property
    def status_vist(self) -> pd.DataFrame:
        """The status table as the reports show it: with diskretionering, explanations, uncertainty and
        projection sentences that rest on a suppressed number are replaced
        (:func:`diskretionering.diskretioner_status`); the statuses are the full figures' own."""
        if not self.visning.diskretionering:
            return self.beregnet.status
        return disk.diskretioner_status(self.beregnet.status, self.beregnet.indikatorer, self.plan, self.graense,
                                        maske=self.maske)

    # ---------------------------------------------------------------- values of the value tables and figures
    def skjult(self, omraade: str, indikator: str) -> pd.Series:
        """Which of the area's yearly values diskretionering hides (primary or secondary suppression)."""
        s = serie(self.beregnet, omraade, indikator)
        if not self.foelsom(indikator):
            return pd.Series(False, index=s.index)
        enhed, maske, g = self.plan.indikator[indikator].enhed, self.maske, self.graense
        hidden = [
            (omraade, indikator, int(aar)) in maske or disk.primaer(enhed, v, t, n, g)
            for aar, v, t, n in zip(s["aar"], s["vaerdi"], s["taeller"], s["naevner"], strict=True)
        ]
        return pd.Series(hidden, index=s.index, dtype=bool)

    def vaerdi_skjult(self, omraade: str, indikator: str, v: Any, aar: Any, enhed: str,
                      delsum: frozenset[int] | None = None) -> bool:
        """Whether the value ``v`` of ``aar`` is hidden: a small count, or a suppressed (område, indikator, år).

        ``delsum``: for samlet, the years samlet was given in; another year's samlet is a partial sum of the
        areas and is hidden with any of them.
        """
        if not (self.foelsom(indikator) and endelig(v)):
            return False
        if enhed == "antal" and disk.lille(v, self.graense):
            return True
        if not endelig(aar):
            return False
        y = int(float(aar))
        if (omraade, indikator, y) in self.maske:
            return True
        areas = [o for o in self.plan.omraade_ids if o != "samlet"]
        return delsum is not None and y not in delsum and any((a, indikator, y) in self.maske for a in areas)

    def uden_skjulte(self, rowd: dict, omraade: str, indikator: str) -> dict:
        """A status row for the figure without suppressed values (the latest value, baselines of every part)."""
        if not self.foelsom(indikator):
            return rowd
        enhed = self.plan.indikator[indikator].enhed
        delsum = None
        if omraade == "samlet":
            s = serie(self.beregnet, "samlet", indikator)
            delsum = frozenset(int(a) for a, v in zip(s["aar"], s["vaerdi"], strict=True) if endelig(v))

        def hidden(v: Any, aar: Any) -> bool:
            return self.vaerdi_skjult(omraade, indikator, v, aar, enhed, delsum)

        out = dict(rowd)
        if hidden(out.get("vaerdi"), out.get("sidste_aar")):
            out["vaerdi"] = math.nan
        if hidden(out.get("baseline"), out.get("baseline_aar")):
            out["baseline"] = math.nan
        dele = out.get("dele")
        if isinstance(dele, (list, tuple)):
            new = []
            for d in dele:
                d = dict(d) if isinstance(d, dict) else d
                if isinstance(d, dict):
                    if hidden(d.get("baseline"), d.get("baseline_aar")):
                        d["baseline"] = math.nan
                    if hidden(d.get("vaerdi"), d.get("aar")):
                        d["vaerdi"] = math.nan
                new.append(d)
            out["dele"] = new
        return out

    def vis(self, vaerdi: Any, enhed: str, taeller: Any = None, naevner: Any = None, foelsom: bool = True,
            status: str | None = None, decimaler: int | None = None) -> str:
        """A value for publication (diskretionering on, sensitive indicator): a count below the threshold
        is ``<5``; a share on a small tæller or nævner, or a secondarily suppressed value, is hidden.
        ``decimaler``: a fixed number of decimals (one per column of a table)."""
        if self.visning.diskretionering and foelsom:
            g = self.graense
            if status == disk.SEKUNDAER:
                return SKJULT
            if enhed == "antal" and disk.lille(vaerdi, g):
                return f"<{g}"
            if status == disk.PRIMAER or disk.lille(taeller, g) or disk.lille(naevner, g):
                return SKJULT
        return format_vaerdi(vaerdi, enhed, decimaler)

    def brok(self, taeller: Any, naevner: Any, foelsom: bool = True, status: str | None = None) -> str:
        """``tæller / nævner`` for publication (``<5`` or hidden as :meth:`vis`; empty without both)."""
        if not (endelig(taeller) and endelig(naevner)):
            return ""
        if self.visning.diskretionering and foelsom:
            g = self.graense
            if status == disk.SEKUNDAER:
                return SKJULT
            if status == disk.PRIMAER or disk.lille(taeller, g) or disk.lille(naevner, g):
                return f"<{g}" if (disk.lille(taeller, g) or disk.lille(naevner, g)) else SKJULT
        return f"{format_tal(taeller)} / {format_tal(naevner)}"

    def interval(self, omraade: str, indikator: str, aar: Any, vaerdi: Any, taeller: Any,
                 naevner: Any) -> tuple[float, float] | None:
        """The 95 % interval of one yearly value as published, or None.

        None where the plan gives the indicator no interval (``usikkerhed: ingen``: counts, and shares of a
        whole cohort or staff, which are no samples), where tæller and nævner are not known, and wherever the
        value or its tæller/nævner is hidden: an interval is computed from them and would give them away.
        """
        ind = self.plan.indikator[indikator]
        if ind.usikkerhed == "ingen":
            return None
        if self.foelsom(indikator):
            if not endelig(aar) or (omraade, indikator, int(float(aar))) in self.maske:
                return None
            if disk.primaer(ind.enhed, vaerdi, taeller, naevner, self.graense):
                return None
        lo, hi = vaerdi_interval(ind.usikkerhed, taeller, naevner)
        return (lo, hi) if endelig(lo) and endelig(hi) else None

    # ---------------------------------------------------------------- notes that may quote a hidden value
    def bemaerkning(self, note: Any, omraade: str, indikator: str, aar: int, tal: list[Any]) -> Any:
        """A data row's note as published: a note may quote a suppressed value, or a sum with a suppressed
        part ("de øvrige giver 284")."""
        if not (self.foelsom(indikator) and isinstance(note, str)):
            return note
        return disk.rens_bemaerkning(note, omraade, indikator, aar, self.maske, self.plan, self.graense, tal)

    def noter(self, noter: dict[str, list[str]], data: pd.DataFrame) -> dict[str, list[str]]:
        """The loader's notes as published: a note about a row may quote its value."""
        if not self.visning.diskretionering:
            return noter
        return disk.rens_noter(noter, data, self.maske, self.plan, self.graense)

    # ---------------------------------------------------------------- the delivery tables and figures
    def leverancetal(self, k: Kriterium, aar: int) -> tuple[Leverancetal, bool]:
        """Per area (and samlet): the quarters K1-K4 of ``aar`` and the year to date; and whether samlet
        was given in the data (else it is the sum of the areas, for indicators whose samlet is ``sum``);
        :func:`diskretionering.leverancetal`, so that the suppression sees exactly these numbers."""
        # a delivery criterion is quantitative: the plan gives it an indicator
        return disk.leverancetal(self.beregnet.observations, self.plan, str(k.indikator), aar)

    def leverance_maske(self, k: Kriterium, per_area: Leverancetal, aar: int) -> dict[tuple[str, str], str]:
        """Suppressed cells of one activity's rows in the delivery table: ``(område, "K1".."K4"|"ytd")``.

        Read from :attr:`maske`, which solves the delivery table of every year together with the value
        tables (:func:`diskretionering.marker_indikatorer`): primary for counts above 0 and below the
        threshold; secondary where samlet is the sum of the areas in every column (indicators whose samlet is
        ``sum``), the year to date the sum of the quarters in every row (``aarsopgoerelse: sum``), and the
        year to date the area's yearly value in the value tables.
        """
        if not self.foelsom(k.indikator):
            return {}
        out = {}
        for a in per_area:
            for key in (*disk.KVARTALER, disk.AAR_TIL_DATO):
                status = self.maske.get((a, k.indikator, aar, key))
                if status:
                    out[(a, key)] = status
        return out

    def leverance_omraader(self, k: Kriterium, aar: int) -> tuple[list[str] | None, list[str]]:
        """The areas a delivery figure shows (None: all) and those it leaves out.

        An area (or samlet) with a suppressed cell in the delivery table is left out, and samlet too when
        exactly one area would be missing (it could be subtracted).
        """
        if not self.foelsom(k.indikator):
            return None, []
        per_area, given = self.leverancetal(k, aar)
        maske = self.leverance_maske(k, per_area, aar)
        if not maske:
            return None, []
        binds_samlet = any(m.type == "mindst_antal" and "samlet" in m.omraader for m in k.maal)
        order = [a for a in self.plan.omraade_ids if a in per_area and a != "samlet"]
        if given or (binds_samlet and "samlet" in per_area):
            order.append("samlet")
        skjult = {a: any(c[0] == a for c in maske) for a in order}
        omraader = disk.synlige_omraader(skjult, order)
        return omraader, [a for a in order if a not in omraader]
