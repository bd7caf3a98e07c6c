"""The plan's own parts in the reports: budget, staff and activities of the indsatsområder."""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_tal
from ..plan.model import Indsatsomraade, Plan
from .markup import Markup, kort, side, tabel
from .statusafsnit import kriterie_titel


def _budget(ios: list[Indsatsomraade]) -> Markup:
    frame = pd.DataFrame([
        {
            "Indsatsområde": io.navn,
            "Landsbyggefonden": format_tal(io.budget.landsbyggefonden),
            "Lokal medfinansiering": format_tal(io.budget.lokal_medfinansiering),
            "I alt": format_tal(io.budget.samlet),
            "Årsværk": format_tal(sum(m.aarsvaerk for m in io.medarbejdere), 2),
        }
        for io in ios
    ])
    return tabel(frame, ["Landsbyggefonden", "Lokal medfinansiering", "I alt", "Årsværk"])


def _medarbejdere(io: Indsatsomraade) -> Markup:
    frame = pd.DataFrame([{"Stilling": m.stilling, "Årsværk": format_tal(m.aarsvaerk, 3).rstrip("0").rstrip(","),
                           "Note": m.note or ""} for m in io.medarbejdere])
    return tabel(frame, ["Årsværk"])


def ressourcer(plan: Plan, indsatsomraade: str | None = None) -> Markup:
    """Budget (thousand kr., as printed) and staff of one or all indsatsområder; for all, the plan's total
    budget and the part not distributed to indsatsområder."""
    ios = [plan.indsatsomraade[indsatsomraade]] if indsatsomraade else plan.indsatsomraader
    samlet = None
    if indsatsomraade is None:
        b = plan.budget
        fordelt = sum(io.budget.samlet for io in plan.indsatsomraader)
        samlet = {"i_alt": format_tal(b.samlet), "landsbyggefonden": format_tal(b.landsbyggefonden),
                  "lokal": format_tal(b.lokal_medfinansiering), "fordelt": format_tal(fordelt),
                  "ufordelt": format_tal(b.samlet - fordelt)}
    return side("ressourcer.j2", budget=_budget(ios), samlet=samlet, indsatsomraader=[
        {"navn": io.navn, "tabel": _medarbejdere(io), "note": io.ressource_note or ""} for io in ios])


def aktiviteter(plan: Plan, indsatsomraade: str) -> Markup:
    """An indsatsområde's purpose and its activities: areas (short names), the criteria that measure them
    (by title, not id), notes."""
    io = plan.indsatsomraade[indsatsomraade]
    frame = pd.DataFrame([
        {
            "Aktivitet": a.navn,
            "Områder": ", ".join(plan.kortnavn(o) for o in a.omraader),
            "Succeskriterier": "\n".join(kort(kriterie_titel(plan, k.id), 70)
                                         for k in plan.kriterier if k.aktivitet == a.id),
            "Note": a.beskrivelse or "",
        }
        for a in io.aktiviteter
    ])
    return side("aktiviteter.j2", formaal=io.formaal, tabel=tabel(frame, bryd_i=["Områder", "Succeskriterier", "Note"]))
