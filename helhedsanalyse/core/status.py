"""The status vocabulary: the ids a status table holds, their Danish labels, symbols, colours and rank.

This is the bottom layer every other module (rules, evaluator's assessments, reports, CLI) takes the
scale from; it imports nothing of the package. The meaning of each id is in ``DESIGN.md``
("Assessment") and ``docs/metode.md``:

==========================  ==========================  ======================================================
id                          label                       when
==========================  ==========================  ======================================================
``opfyldt``                 Opfyldt                     at or after the deadline, met in every year covered
``delvist_opfyldt``         Delvist opfyldt             at or after the deadline: some years met, some missed;
                                                        reached after the deadline; reached, not held
``ikke_opfyldt``            Ikke opfyldt                at or after the deadline, not met
``paa_rette_vej``           På rette vej                before the deadline: progress ratio >= 0,95
``moderat_fremgang``        Fremgang, men for langsom   before the deadline: 0,6 <= ratio < 0,95
``begraenset_fremgang``     Begrænset fremgang          before the deadline: 0 <= ratio < 0,6
``tilbagegang``             Tilbagegang                 before the deadline: ratio < 0
``mangler_data``            Mangler data                the numbers the judgement needs do not exist
``ikke_aktuel``             Ikke aktuel endnu           no part of the criterion falls due by the round's year
``afventer_vurdering``      Afventer vurdering          a qualitative criterion not yet judged by the evaluator
==========================  ==========================  ======================================================

Verdicts (the first three) and progress labels (the next four) carry different symbols as well as
colours; every colour pair meets WCAG AA (4,5:1) for its text.
"""

from __future__ import annotations

#: The verdicts: at or after a target's deadline.
VERDIKTER: tuple[str, ...] = ("opfyldt", "delvist_opfyldt", "ikke_opfyldt")

#: The progress labels: only before a single deadline that lies after the round's year.
FREMSKRIDT: tuple[str, ...] = ("paa_rette_vej", "moderat_fremgang", "begraenset_fremgang", "tilbagegang")

#: Every status id, in the order of legends and counts (verdicts, progress, the rest).
STATUSSER: tuple[str, ...] = (*VERDIKTER, *FREMSKRIDT, "mangler_data", "ikke_aktuel", "afventer_vurdering")

#: status id -> Danish label.
STATUS_TEKST: dict[str, str] = {
    "opfyldt": "Opfyldt",
    "delvist_opfyldt": "Delvist opfyldt",
    "ikke_opfyldt": "Ikke opfyldt",
    "paa_rette_vej": "På rette vej",
    "moderat_fremgang": "Fremgang, men for langsom",
    "begraenset_fremgang": "Begrænset fremgang",
    "tilbagegang": "Tilbagegang",
    "mangler_data": "Mangler data",
    "ikke_aktuel": "Ikke aktuel endnu",
    "afventer_vurdering": "Afventer vurdering",
}

#: status id -> (Danish label, symbol, background colour, text colour). Okabe-Ito based, darkened
#: where white text needs it; verdicts ✔ ◐ ✖, progress arrows ↗ → ↘ ↓.
STATUS_STIL: dict[str, tuple[str, str, str, str]] = {
    "opfyldt": (STATUS_TEKST["opfyldt"], "✔", "#006B4E", "#ffffff"),
    "delvist_opfyldt": (STATUS_TEKST["delvist_opfyldt"], "◐", "#9ED9C4", "#000000"),
    "ikke_opfyldt": (STATUS_TEKST["ikke_opfyldt"], "✖", "#8C1C13", "#ffffff"),
    "paa_rette_vej": (STATUS_TEKST["paa_rette_vej"], "↗", "#56B4E9", "#000000"),
    "moderat_fremgang": (STATUS_TEKST["moderat_fremgang"], "→", "#F0E442", "#000000"),
    "begraenset_fremgang": (STATUS_TEKST["begraenset_fremgang"], "↘", "#E69F00", "#000000"),
    "tilbagegang": (STATUS_TEKST["tilbagegang"], "↓", "#D55E00", "#000000"),
    "mangler_data": (STATUS_TEKST["mangler_data"], "?", "#DDDDDD", "#000000"),
    "ikke_aktuel": (STATUS_TEKST["ikke_aktuel"], "…", "#F2F2F2", "#000000"),
    "afventer_vurdering": (STATUS_TEKST["afventer_vurdering"], "◆", "#CC79A7", "#000000"),
}

#: Worst first: where several parts bind one criterion × area, the first of these present decides.
#: ``ikke_aktuel`` parts are left out before ranking; ``afventer_vurdering`` is never combined.
VAERST_FOERST: tuple[str, ...] = (
    "ikke_opfyldt",
    "delvist_opfyldt",
    "tilbagegang",
    "begraenset_fremgang",
    "moderat_fremgang",
    "mangler_data",
    "paa_rette_vej",
    "opfyldt",
)

#: The ratings an evaluator may give a qualitative criterion: the verdicts in every round, and the
#: progress labels at midtvej (a yearly criterion judged before the plan's end).
VURDERINGER_SLUT: tuple[str, ...] = VERDIKTER
VURDERINGER_MIDTVEJ: tuple[str, ...] = (*VERDIKTER, *FREMSKRIDT)

#: Lower bounds of the progress ratio (Open SDG): on track, moderate, limited; below 0 tilbagegang.
GRAENSER: dict[str, float] = {"paa_rette_vej": 0.95, "moderat_fremgang": 0.6, "begraenset_fremgang": 0.0}

_TOL = 1e-9


def status_for_fremskridt(fremskridt: float | None) -> str:
    """The progress label of a ratio: >= 0,95 på rette vej, 0,6-0,95 moderat, 0-0,6 begrænset, < 0 tilbagegang.

    >>> status_for_fremskridt(0.95), status_for_fremskridt(0.6), status_for_fremskridt(-0.1)
    ('paa_rette_vej', 'moderat_fremgang', 'tilbagegang')
    """
    if fremskridt is None or fremskridt != fremskridt or fremskridt in (float("inf"), float("-inf")):
        return "mangler_data"
    if fremskridt >= GRAENSER["paa_rette_vej"] - _TOL:
        return "paa_rette_vej"
    if fremskridt >= GRAENSER["moderat_fremgang"] - _TOL:
        return "moderat_fremgang"
    if fremskridt >= GRAENSER["begraenset_fremgang"] - _TOL:
        return "begraenset_fremgang"
    return "tilbagegang"


def worst_status(statuses: list[str | None]) -> str:
    """The worst of ``statuses`` (``VAERST_FOERST``); parts not yet due (None, ``ikke_aktuel``) are left out.

    With nothing due, ``ikke_aktuel``; a list of only ``afventer_vurdering`` stays so.

    >>> worst_status(["opfyldt", "mangler_data", "ikke_aktuel"])
    'mangler_data'
    >>> worst_status(["ikke_aktuel", None])
    'ikke_aktuel'
    """
    ranked = [s for s in statuses if s in VAERST_FOERST]
    if ranked:
        return min(ranked, key=VAERST_FOERST.index)
    if "afventer_vurdering" in statuses:
        return "afventer_vurdering"
    return "ikke_aktuel"
