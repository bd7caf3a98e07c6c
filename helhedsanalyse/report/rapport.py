"""What the notebooks show: one computed round, the display settings, and the report's sections as HTML.

A notebook makes one :class:`Rapport` with :meth:`Rapport.load` and shows its sections, one call per
cell. Everything here returns ``IPython.display.HTML`` (or writes it with ``display``), so that a
notebook stays thin: it chooses parameters and calls these methods. The sections themselves live in
their own modules and receive the computed round, the plan and the one suppression object
(:class:`~.skjul.Skjul`); their HTML comes from the templates in ``templates/rapport/``, which escape all
text that comes from data files (sources, notes, names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display

from ..compute import diskretionering as disk
from ..compute.runde import BeregnetRunde, compute, load_computation, vent_paa_beregning
from ..inputs.parameters import check_parameters
from ..plan.model import Kriterium, Plan, load_plan
from . import (
    afsnitslager,
    datatjek,
    kriterier,
    leverancer,
    omraadesammenligning,
    plandele,
    sammenligning,
    statusafsnit,
    udsnit,
)
from . import fund as fund_afsnit
from . import hovedresultater as hovedresultat_afsnit
from . import titel as titel_afsnit
from .afsnitslager import laes_maske, lager_for
from .lists import liste_afsnit
from .markup import badge, side
from .skjul import Skjul
from .statusafsnit import markeringer, statusforklaring
from .titel import ILLUSTRATIV_TEKST, dansk_dato
from .udforsk import Udforsk, udforsk
from .visning import Visning

__all__ = ["ILLUSTRATIV_TEKST", "Rapport", "badge", "dansk_dato", "markeringer", "statusforklaring"]


def _html(markup: str) -> HTML:
    """A section for the notebook's output: plain text HTML (``.data`` a ``str``, so that a caller adding a
    string to it adds markup, as it always did, and not escaped text as it would to a ``Markup``)."""
    return HTML(str(markup))


@dataclass
class Rapport:
    """One report: the computed round (:attr:`beregnet`), the plan, and how it is shown (:attr:`visning`)."""

    plan: Plan
    beregnet: BeregnetRunde
    visning: Visning = field(default_factory=Visning)
    #: where the reports of one render share their criterion sections (:mod:`.afsnitslager`); None: not shared
    afsnitslager: Path | None = None
    #: what the report covers, as its title block says it (:meth:`titelblok` sets it; :meth:`om_rapporten` repeats it)
    omfang: str = ""

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(
        cls,
        runde: str,
        data: str | list[str] | None = None,
        diskretionering: bool = True,
        beregning: str = "",
        diskretionering_graense: int = disk.GRAENSE,
    ) -> Rapport:
        """Check the parameters, read the data and assess every criterion for the round.

        ``data``: a file or folder, or a list of them (empty: the shipped illustrative data); a relative path
        is read from the working directory (:mod:`helhedsanalyse.inputs.parameters`).
        ``beregning`` is the path of a precomputed assessment (written by ``helhedsanalyse render``
        once per round, so that each notebook does not compute it again); empty: compute here.
        ``diskretionering_graense``: counts above 0 and below it are suppressed (default 5).
        """
        data = check_parameters({"runde": runde, "diskretionering": diskretionering, "data": data,
                                 "diskretionering_graense": diskretionering_graense})["data"] or None
        visning = Visning(diskretionering=diskretionering, graense=int(diskretionering_graense))
        if beregning and vent_paa_beregning(Path(beregning)):
            r = cls(plan=load_plan(), beregnet=load_computation(beregning), visning=visning,
                    afsnitslager=lager_for(beregning))
            maske = laes_maske(beregning, visning)
            if maske is not None:  # the mask render computed with the round (a cached_property of Skjul)
                r.skjul.__dict__["maske"] = maske
            return r
        return cls(plan=load_plan(), beregnet=compute(runde, data), visning=visning)

    # ---------------------------------------------------------------- the round and its suppression
    @property
    def skjul(self) -> Skjul:
        """What this report hides: made once for the round, the plan and the display settings shown."""
        cached = self.__dict__.get("_skjul")
        if (cached is None or cached.plan is not self.plan or cached.beregnet is not self.beregnet
                or cached.visning != self.visning):
            cached = self.__dict__["_skjul"] = Skjul(self.plan, self.beregnet, self.visning)
        return cached

    @property
    def runde(self) -> str:
        return self.beregnet.runde

    @property
    def observations(self) -> pd.DataFrame:
        return self.beregnet.observations

    @property
    def references(self) -> pd.DataFrame | None:
        return self.beregnet.references

    @property
    def vurderinger(self) -> pd.DataFrame | None:
        return self.beregnet.vurderinger

    @property
    def indikatorer(self) -> pd.DataFrame:
        return self.beregnet.indikatorer

    @property
    def status(self) -> pd.DataFrame:
        return self.beregnet.status

    @property
    def filer(self) -> list[str]:
        return self.beregnet.filer

    @property
    def diskretionering(self) -> bool:
        return self.visning.diskretionering

    @property
    def diskretionering_graense(self) -> int:
        return self.visning.graense

    @property
    def sidste_aar(self) -> int:
        return udsnit.sidste_aar(self.beregnet)

    @property
    def illustrativ(self) -> bool:
        return udsnit.illustrativ(self.beregnet)

    @property
    def maske(self) -> dict[tuple, str]:
        """Every suppressed cell of the report (:attr:`.Skjul.maske`)."""
        return self.skjul.maske

    @property
    def status_vist(self) -> pd.DataFrame:
        """The status table as published (:attr:`.Skjul.status_vist`)."""
        return self.skjul.status_vist

    def skjult(self, omraade: str, indikator: str) -> pd.Series:
        """Which of the area's yearly values diskretionering hides (:meth:`.Skjul.skjult`)."""
        return self.skjul.skjult(omraade, indikator)

    def rows(self, omraade: str | None = None, indsatsomraade: str | None = None) -> pd.DataFrame:
        return udsnit.rows(self.status, omraade, indsatsomraade)

    def serie(self, omraade: str, indikator: str) -> pd.DataFrame:
        return udsnit.serie(self.beregnet, omraade, indikator)

    # ---------------------------------------------------------------- status
    #: The statuses the board is pointed to, worst first (:data:`.statusafsnit.OPMAERKSOMHED`).
    OPMAERKSOMHED = statusafsnit.OPMAERKSOMHED

    def titelblok(self, titel: str, omfang: str) -> HTML:
        """Title block: title, round and what the report covers; the illustrative warning. The metadata
        (data files, suppression rule, date) is in :meth:`om_rapporten`, at the end."""
        self.omfang = omfang
        return _html(titel_afsnit.titelblok(self.beregnet, self.plan, titel, omfang))

    def om_rapporten(self, omfang: str | None = None) -> HTML:
        """The section "Om rapporten": plan, scope (the one given to :meth:`titelblok` unless ``omfang``),
        round, data files, the suppression rule, date."""
        omfang = omfang or self.omfang or "Alle succeskriterier"
        return _html(titel_afsnit.om_rapporten(self.beregnet, self.plan, self.skjul.titeltekst, omfang))

    # ---------------------------------------------------------------- the answer first
    def hovedresultater(self, omraade: str | None = None, indsatsomraade: str | None = None,
                        kriterier: list[str] | None = None, sti: str = "") -> HTML:
        """The "Hovedresultater" block: the status count in sentences, area by area and indsatsområde by
        indsatsområde, what changed since midway (final round) or moves away from its target (midway), and
        what is missing; for one area, one indsatsområde or a list of criteria when given. ``sti``: the round
        folder seen from the page that shows it (``"slut/"`` from the index)."""
        status = self.rows(omraade, indsatsomraade)
        midtvej = self.beregnet.status_midtvej
        if kriterier is not None:
            status = status[status["kriterium"].isin(kriterier)]
            midtvej = midtvej[midtvej["kriterium"].isin(kriterier)] if midtvej is not None else None
        return _html(hovedresultat_afsnit.hovedresultater(self.plan, status, self.runde, midtvej, omraade,
                                                          indsatsomraade, sti=sti))

    def datagrundlag(self) -> HTML:
        """The data check's main results: files read, problems, the round's year present, what is missing."""
        return _html(hovedresultat_afsnit.datagrundlag(self.skjul))

    def maalopfyldelse(self) -> HTML:
        """Målopfyldelse område for område: areas × indsatsområder with the count per status, the criteria
        not met per area, and (final round) each beside its midway status and a table of what changed."""
        return _html(hovedresultat_afsnit.maalopfyldelse(self.plan, self.status, self.runde,
                                                         self.beregnet.status_midtvej))

    def statusoptaelling(self, omraade: str | None = None, indsatsomraade: str | None = None) -> HTML:
        """How many criteria × areas have each status, in words and colour."""
        return _html(statusafsnit.statusoptaelling(self.rows(omraade, indsatsomraade)))

    def statusforklaring(self, kort: bool = False) -> HTML:
        """The legend "Sådan læses statusserne": every status in plain Danish (:func:`statusforklaring`)."""
        return _html(statusforklaring(self.runde, kort=kort))

    def statusgitter(self, indsatsomraade: str | None = None, lenke_praefiks: str | None = "") -> HTML:
        """The status overview: criteria (rows) × areas (columns), status in words, symbol and colour; each
        cell links to the criterion's section in the area report of the round's folder (``lenke_praefiks``:
        the folder's path from the page, ``""`` from a report in it; ``None``: no links)."""
        return _html(statusafsnit.statusgitter(self.plan, self.rows(indsatsomraade=indsatsomraade), lenke_praefiks))

    def opmaerksomhedspunkter(self) -> HTML:
        """Criteria × areas that missed their target or are moving away from or far from it, for the board."""
        return _html(statusafsnit.opmaerksomhedspunkter(self.plan, self.skjul.status_vist))

    def indsatsomraade_oversigt(self) -> HTML:
        """Status counts per indsatsområde (one line each)."""
        return _html(statusafsnit.indsatsomraade_oversigt(self.plan, self.status))

    # ---------------------------------------------------------------- criteria
    def succeskriterier(self, omraade: str | None = None, indsatsomraade: str | None = None) -> HTML:
        """Every criterion section of the area (or indsatsområde), in the status table's order, as one output.

        The same sections as :meth:`kriterie_afsnit` row by row; they are made on all cores first
        (:mod:`helhedsanalyse.core.parallel`), about half the time on two cores. In a render the reports of a
        round share them (:mod:`.afsnitslager`): a section another report made already is read, not drawn.
        """
        from . import plots  # noqa: F401 # deferred: matplotlib imported once here, not again in every worker

        rows = self.rows(omraade, indsatsomraade)
        par = list(zip(rows["kriterium"], rows["omraade"], strict=True))
        skjul = self.skjul
        if self.diskretionering:
            _ = (skjul.maske, skjul.status_vist)  # computed once here, not again in every worker
        return _html("".join(afsnitslager.afsnit(self.afsnitslager, self.visning, par,
                                                 lambda ko: "".join(kriterier.kriterie_dele(skjul, *ko)))))

    def kriterie_afsnit(self, kriterium: str, omraade: str) -> HTML:
        """One criterion for one area: plan wording, target, status with explanation, figure, values."""
        return _html("".join(self._kriterie_dele(kriterium, omraade)))

    def _kriterie_dele(self, kriterium: str, omraade: str) -> list[str]:
        """The HTML of :meth:`kriterie_afsnit`, as the parts it displays one after another."""
        return kriterier.kriterie_dele(self.skjul, kriterium, omraade)

    def vaerditabel(self, omraade: str, indikator: str) -> str:
        """The yearly values behind a figure, with their sources (every figure traces to its rows)."""
        return str(kriterier.vaerditabel(self.skjul, omraade, indikator))

    def omraadesammenligning(self, indsatsomraade: str) -> HTML:
        """The areas compared: for each criterion of the indsatsområde measured in more than one area, one
        figure with the areas side by side against the target, and each area's target, value and status."""
        return _html(omraadesammenligning.omraadesammenligning(self.skjul, indsatsomraade))

    def sammenligning(self, omraade: str) -> HTML:
        """The area against its baseline, the SUB average, Denmark and Slagelse Kommune."""
        return _html(sammenligning.sammenligning(self.skjul, omraade))

    def sammenligning_omraaderne(self) -> HTML:
        """:meth:`sammenligning` for every area of the plan, each under its name, as one output."""
        omraader = [(self.plan.omraade[o].navn, sammenligning.sammenligning(self.skjul, o))
                    for o in self.plan.omraade_ids]
        return _html(side("sammenligning_omraader.j2", omraader=omraader))

    def listeafsnit(self, omraade: str) -> HTML:
        """The statutory list criteria, distances to thresholds over the years and the list status,
        with the plan's 2025 vision (``samlet``: all four areas in one overview)."""
        return _html(liste_afsnit(omraade, self.observations, self.plan, self.runde, self.visning))

    # ---------------------------------------------------------------- the plan's resources and activities
    def ressourcer(self, indsatsomraade: str | None = None) -> HTML:
        """Budget (thousand kr., as printed) and staff of one or all indsatsområder."""
        return _html(plandele.ressourcer(self.plan, indsatsomraade))

    def aktiviteter(self, indsatsomraade: str) -> HTML:
        """An indsatsområde's purpose and activities."""
        return _html(plandele.aktiviteter(self.plan, indsatsomraade))

    # ---------------------------------------------------------------- data check
    def datadaekning(self) -> HTML:
        """Which years have data for each criterion × area, up to the round's last year."""
        return _html(datatjek.datadaekning(self.skjul))

    def mangler(self) -> HTML:
        """What is missing for the round: every criterion × area whose status is 'mangler data', with why."""
        return _html(datatjek.mangler(self.skjul))

    def valideringsnoter(self) -> HTML:
        """The loader's interpretations and problems for the data files (nothing is modified)."""
        return _html(datatjek.valideringsnoter(self.skjul))

    # ---------------------------------------------------------------- deliveries
    def leverance_kriterier(self) -> list[Kriterium]:
        """The activity criteria measured quarterly with a yearly minimum (the delivery measurement)."""
        return leverancer.leverance_kriterier(self.plan)

    def leverancer(self, aar: int | None = None) -> HTML:
        """Activity outputs per quarter and area in ``aar`` against the yearly target, year to date."""
        return _html(leverancer.leverancer(self.skjul, aar))

    def leverance_figurer(self, aar: int | None = None) -> HTML:
        """One figure per delivery criterion: output year to date per area against the yearly target."""
        return _html("".join(leverancer.leverance_figurer(self.skjul, aar)))

    # ---------------------------------------------------------------- for a student: the numbers themselves
    def udforsk(self, omraade: str | None = None, indsatsomraade: str | None = None,
                kriterier: list[str] | None = None) -> Udforsk:
        """The round's observations, indicators and statuses as pandas DataFrames for the report's scope
        (:func:`.udforsk.udforsk`): the internal numbers, diskretionering NOT applied."""
        return udforsk(self.beregnet, self.plan, omraade, indsatsomraade, kriterier)

    # ---------------------------------------------------------------- evaluator's findings
    def evaluators_fund(self, fund: str = "") -> None:
        """The evaluator's findings (the Markdown file ``fund`` of this round) section by section in the plan's
        order, or, without a file, the plan's questions that the evaluation answers."""
        display(_html(fund_afsnit.evaluators_fund(self.plan, self.runde, fund)))
