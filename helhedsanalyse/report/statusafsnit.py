"""The status sections: the legend, the counts, the overview grid, the board's points of attention.

Each function takes the plan, the status table as published (:attr:`.skjul.Skjul.status_vist` where it shows
explanations) and returns HTML made from ``templates/rapport/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..core.formatting import periode_tekst
from ..core.status import FREMSKRIDT, STATUS_STIL, STATUS_TEKST, STATUSSER, VAERST_FOERST, VERDIKTER
from ..plan.model import RUNDE_SIDSTE_AAR, Plan
from .anker import kriterie_href
from .markup import Markup, badge, bryd, kort, makro, side
from .udsnit import rows

# --------------------------------------------------------------------------- the status table's extra columns
# foreloebig, evaluators_vurdering, usikkerhed and fremskrivning come with the rule engine of the new status
# scale; a status table without them (an older engine, a stored computation) reads as False / "".


def flag(row: Any, col: str) -> bool:
    """A boolean column of a status row; absent, None or NA is False.

    >>> flag({"foreloebig": True}, "foreloebig"), flag({"foreloebig": None}, "foreloebig"), flag({}, "x")
    (True, False, False)
    """
    v = row.get(col) if hasattr(row, "get") else None
    if v is None or v is pd.NA:
        return False
    try:
        if pd.isna(v):
            return False
    except (TypeError, ValueError):
        pass
    return bool(v)


def saetning(row: Any, col: str) -> str:
    """A sentence column of a status row; absent, None or NA is ``""``."""
    v = row.get(col) if hasattr(row, "get") else None
    return v.strip() if isinstance(v, str) else ""


def antal_sande(frame: pd.DataFrame, col: str) -> int:
    """How many rows of ``frame`` have ``col`` True (0 when the column is absent)."""
    if col not in frame.columns or frame.empty:
        return 0
    return int(sum(flag({col: v}, col) for v in frame[col]))


#: The markers shown next to a status badge: column -> (word, what it means, for the title attribute).
MARKERINGER: dict[str, tuple[str, str]] = {
    "foreloebig": ("foreløbig", "Rundens år mangler i et register, der udkommer med forsinkelse; status bygger på "
                                "året før og kan ændre sig."),
    "evaluators_vurdering": ("evaluators vurdering", "Status er evaluators vurdering af et kvalitativt kriterium."),
}


def _markering(col: str, lille: bool = False) -> Markup:
    ord_, forklaring = MARKERINGER[col]
    return makro("dele.j2", "markering", "markering lille" if lille else "markering", ord_, forklaring)


def markeringer(row: Any, lille: bool = False) -> Markup:
    """The "foreløbig" and "evaluators vurdering" markers of a status row, as HTML (``""`` when none).

    >>> str(markeringer({"foreloebig": True}))[:60]
    '<span class="markering" title="Rundens år mangler i et regis'
    """
    return Markup("".join(_markering(col, lille) for col in MARKERINGER if flag(row, col)))


def markeringer_tekst(row: Any) -> str:
    """The markers in words for a plain-text cell.

    >>> markeringer_tekst({"foreloebig": True, "evaluators_vurdering": True})
    ' (foreløbig; evaluators vurdering)'
    """
    words = [ord_ for col, (ord_, _) in MARKERINGER.items() if flag(row, col)]
    return f" ({'; '.join(words)})" if words else ""


def status_saetninger(row: Any) -> list[tuple[str, str]]:
    """The uncertainty and projection sentences of a status row that are not empty: (label, sentence).

    The label is ``""`` when the sentence's first words name it ("Ingen fremskrivning til 2021: ..."); a sentence
    that begins with it ("Fremskrivning: den lineære tendens ...") is given without it.

    >>> status_saetninger({"fremskrivning": "Fremskrivning: når målet.", "usikkerhed": "Ingen usikkerhed her"})
    [('', 'Ingen usikkerhed her'), ('Fremskrivning', 'når målet.')]
    """
    out = []
    for col, label in (("usikkerhed", "Statistisk usikkerhed"), ("fremskrivning", "Fremskrivning")):
        text = saetning(row, col)
        if not text:
            continue
        if text.lower().startswith(label.lower() + ":"):
            text = text[len(label) + 1:].strip()
        elif label.split()[-1].lower() in " ".join(text.lower().split()[:3]):
            label = ""
        out.append((label, text))
    return out


def saetninger_html(row: Any, element: str = "p", klasse: str = "forklaring") -> Markup:
    """:func:`status_saetninger` as HTML, one ``element`` each, the label in bold."""
    return side("saetninger.j2", saetninger=status_saetninger(row), element=element, klasse=klasse)


def status_med_markeringer(row: Any, lille: bool = False) -> Markup:
    """A status badge with its markers."""
    return badge(row["status"], lille=lille) + markeringer(row, lille=lille)


# --------------------------------------------------------------------------- the status legend

#: status id -> what it means, in plain Danish (the legend "Sådan læses statusserne").
STATUS_BETYDNING: dict[str, str] = {
    "opfyldt": "målet er nået, som planen formulerer det, i alle de år, målet gælder.",
    "delvist_opfyldt": ("målet er nået i nogle af årene, men ikke i alle (forklaringen siger fx “3 af 4 år”), "
                        "eller det blev nået efter fristen, eller det blev nået, men ikke fastholdt."),
    "ikke_opfyldt": ("målet er ikke nået ved fristen, heller ikke når der kun mangler lidt; forklaringen siger, "
                     "hvor langt der var igen."),
    "paa_rette_vej": ("mindst 0,95 af den fremgang, målet kræver på dette tidspunkt, eller målet er allerede "
                      "nået (før fristen kaldes et mål aldrig opfyldt)."),
    "moderat_fremgang": ("fra 0,6 op til 0,95: udviklingen går den rigtige vej, men ikke hurtigt nok til at nå "
                         "målet til tiden."),
    "begraenset_fremgang": "fra 0 op til 0,6: kun lidt af den fremgang, målet kræver, eller ingen ændring.",
    "tilbagegang": "under 0: udviklingen går den forkerte vej, væk fra målet.",
    "mangler_data": ("de tal, vurderingen kræver, findes ikke; forklaringen nævner de seneste tal, der findes. "
                     "Tal, der findes, men ikke når målet, giver aldrig “mangler data”."),
    "ikke_aktuel": ("ingen del af kriteriet har frist i rundens år eller før, så der er intet at vurdere endnu "
                    "(kan kun forekomme før planens sidste år)."),
    "afventer_vurdering": ("et kvalitativt kriterium (interviews, fokusgrupper, samarbejdsudvalgenes evaluering), "
                           "som evaluator endnu ikke har vurderet."),
}

#: status id -> the one-line meaning of the short legend (board status, index page).
STATUS_BETYDNING_KORT: dict[str, str] = {
    "opfyldt": "efter fristen: målet er nået i alle de år, det gælder",
    "delvist_opfyldt": "efter fristen: nået i nogle år, for sent eller ikke fastholdt",
    "ikke_opfyldt": "efter fristen: målet er ikke nået",
    "paa_rette_vej": "før fristen: fremgangen er stor nok til at nå målet (eller det er allerede nået)",
    "moderat_fremgang": "før fristen: den rigtige vej, men for langsomt",
    "begraenset_fremgang": "før fristen: kun lidt fremgang eller ingen ændring",
    "tilbagegang": "før fristen: udviklingen går den forkerte vej",
    "mangler_data": "de tal, vurderingen kræver, findes ikke",
    "ikke_aktuel": "intet af kriteriet har frist endnu",
    "afventer_vurdering": "kvalitativt kriterium, som evaluator endnu ikke har vurderet",
}


def statusforklaring(runde: str | None = None, kort: bool = False) -> Markup:
    """The legend "Sådan læses statusserne" as HTML: every status of the scale in plain Danish, with its
    badge, the markers shown beside a status, and (with ``runde``) which kind of status the round gives.

    ``kort``: one line per status (the board status and the index page).
    """
    rest = [s for s in STATUSSER if s not in VERDIKTER and s not in FREMSKRIDT]

    def noegle(ids: Iterable[str], betydning: dict[str, str]) -> list[tuple[Markup, str]]:
        return [(badge(st), betydning[st]) for st in ids]

    return side(
        "statusforklaring.j2", kort=kort, runde=runde, aar=RUNDE_SIDSTE_AAR.get(runde) if runde else None,
        alle=noegle(STATUSSER, STATUS_BETYDNING_KORT),
        verdikter=noegle(VERDIKTER, STATUS_BETYDNING), fremskridt=noegle(FREMSKRIDT, STATUS_BETYDNING),
        rest=noegle(rest, STATUS_BETYDNING),
        symboler={navn: " ".join(STATUS_STIL[s][1] for s in ids)
                  for navn, ids in (("verdikter", VERDIKTER), ("fremskridt", FREMSKRIDT), ("rest", rest))},
        vaerst_foerst=[STATUS_TEKST[s].lower() for s in VAERST_FOERST],
        foreloebig=_markering("foreloebig"), evaluators=_markering("evaluators_vurdering"),
    )


# --------------------------------------------------------------------------- counts and the grid


def _antal_pr_status(status: pd.DataFrame) -> list[tuple[Markup, int]]:
    """(badge, count) of every status in ``status``, in the legend's order (unknown ids last)."""
    counts = status["status"].value_counts()
    order = [*STATUSSER, *(st for st in counts.index if st not in STATUSSER)]
    return [(badge(st), int(counts[st])) for st in order if st in counts]


def statusoptaelling(status: pd.DataFrame) -> Markup:
    """How many criteria × areas of ``status`` have each status, in words and colour."""
    return side("statusoptaelling.j2", total=len(status), antal_pr_status=_antal_pr_status(status),
                foreloebige=antal_sande(status, "foreloebig"), vurderede=antal_sande(status, "evaluators_vurdering"))


def kriterie_titel(plan: Plan, kid: str) -> str:
    """A criterion's title: its indicator's name, or (qualitative) its own wording."""
    k = plan.kriterium[kid]
    return plan.indikator[k.indikator].navn if k.indikator else k.tekst


def statusgitter(plan: Plan, status: pd.DataFrame, lenke_praefiks: str | None = None) -> Markup:
    """The status overview: criteria (rows) × areas (columns), status in words, symbol and colour.

    ``lenke_praefiks``: each cell links to the criterion's section in the round's area report
    (:func:`.anker.kriterie_href`), with this path to the round's folder (``""`` from a report in it,
    ``"slut/"`` from the index); ``None``: no links.
    """
    areas = [a for a in plan.omraade_ids if a in set(status["omraade"])]
    indsatsomraader = []
    for io in plan.indsatsomraader:
        sub = status[status["indsatsomraade"] == io.id]
        if sub.empty:
            continue
        kriterier = []
        for kid, group in sub.groupby("kriterium", sort=False):
            by_area = {r["omraade"]: r for r in group.to_dict("records")}
            celler = [(status_med_markeringer(by_area[a], lille=True),
                       None if lenke_praefiks is None else kriterie_href(str(kid), a, lenke_praefiks))
                      if a in by_area else None for a in areas]
            kriterier.append({"id": kid, "titel": kort(kriterie_titel(plan, str(kid))), "celler": celler})
        indsatsomraader.append({"navn": io.navn, "kriterier": kriterier})
    return side("statusgitter.j2", omraader=[plan.omraade[a].kortnavn or plan.omraade[a].navn for a in areas],
                indsatsomraader=indsatsomraader, lenker=lenke_praefiks is not None)


# --------------------------------------------------------------------------- the board status

#: The statuses the board is pointed to, worst first: verdicts that miss, and progress that is too small.
OPMAERKSOMHED = ("ikke_opfyldt", "delvist_opfyldt", "tilbagegang", "begraenset_fremgang")


def opmaerksomhedspunkter(plan: Plan, status_vist: pd.DataFrame) -> Markup:
    """Criteria × areas that missed their target or are moving away from or far from it, for the board:
    worst first, each status with its markers and its uncertainty and projection sentences (as published)."""
    bad = status_vist[status_vist["status"].isin(OPMAERKSOMHED)]
    bad = bad.assign(_rang=bad["status"].map(OPMAERKSOMHED.index)).sort_values("_rang", kind="stable")
    punkter = []
    for r in bad.to_dict("records"):
        navn = kriterie_titel(plan, r["kriterium"])
        seneste = r.get("sidste_periode")
        punkter.append({"navn": kort(navn, 60), "omraade": bryd(plan.kortnavn(r["omraade"])),
                        "status": status_med_markeringer(r) + saetninger_html(r, "div", "note"),
                        "seneste": periode_tekst(seneste) if isinstance(seneste, str) and seneste else "–"})
    return side("opmaerksomhedspunkter.j2", punkter=punkter)


def indsatsomraade_oversigt(plan: Plan, status: pd.DataFrame) -> Markup:
    """Status counts per indsatsområde (one line each)."""
    raekker = [(io.navn, _antal_pr_status(rows(status, indsatsomraade=io.id))) for io in plan.indsatsomraader]
    return side("indsatsomraade_oversigt.j2", raekker=raekker)
