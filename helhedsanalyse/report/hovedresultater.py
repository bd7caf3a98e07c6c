"""What a reader came for, first: the "Hovedresultater" block and the "Målopfyldelse" section.

Both are made from the round's status table only (labels, never values), so they need no suppression of
their own: a label is published for every criterion × area, whatever numbers behind it are hidden.
``status_midtvej`` (round ``slut``) is the midway round computed from the same data
(:attr:`.BeregnetRunde.status_midtvej`): what changed between the two evaluations.

Links point into the report set of the same round folder (``omraade_{id}.html``,
``indsatsomraade_{id}.html``, ``datatjek.html``, and a criterion's section ``#k-{kriterium}-{omraade}``);
``sti`` is put in front of them when the block is shown outside the round folder (the index).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..core.status import STATUS_STIL, STATUS_TEKST, STATUSSER
from ..plan.model import Plan
from .anker import kriterie_href
from .markup import Markup, badge, kort, side
from .skjul import Skjul
from .statusafsnit import flag, kriterie_titel
from .udsnit import datafiler, sidste_aar

#: status id -> (singular, plural) after "er" in the count sentence.
UDSAGN: dict[str, tuple[str, str]] = {
    "opfyldt": ("opfyldt", "opfyldt"),
    "delvist_opfyldt": ("delvist opfyldt", "delvist opfyldt"),
    "ikke_opfyldt": ("ikke opfyldt", "ikke opfyldt"),
    "paa_rette_vej": ("på rette vej", "på rette vej"),
    "moderat_fremgang": ("i for langsom fremgang", "i for langsom fremgang"),  # no comma inside a list item
    "begraenset_fremgang": ("i begrænset fremgang", "i begrænset fremgang"),
    "tilbagegang": ("i tilbagegang", "i tilbagegang"),
    "ikke_aktuel": ("ikke aktuel endnu", "ikke aktuelle endnu"),
}

#: How far a status says the target is reached, so a final verdict can be set beside the midway label:
#: met ~ on track, partly met ~ too slow, not met ~ moving away. Statuses without a result are absent.
NIVEAU: dict[str, int] = {
    "opfyldt": 3, "paa_rette_vej": 3,
    "delvist_opfyldt": 2, "moderat_fremgang": 2,
    "begraenset_fremgang": 1,
    "ikke_opfyldt": 0, "tilbagegang": 0,
}

#: The statuses listed as "ikke nået" per area: in the final round the verdicts that miss; midway also
#: the targets moving the wrong way or far too slowly (tests/tilfaelde/hovedresultater.yaml).
IKKE_NAAET: dict[str, tuple[str, ...]] = {
    "slut": ("ikke_opfyldt", "delvist_opfyldt"),
    "midtvej": ("ikke_opfyldt", "delvist_opfyldt", "tilbagegang", "begraenset_fremgang"),
}

#: What counts as reached in a round's totals: the verdict "opfyldt"; midway also "på rette vej".
GODE: dict[str, tuple[str, ...]] = {"slut": ("opfyldt",), "midtvej": ("opfyldt", "paa_rette_vej")}

BEDRE, DAARLIGERE, UAENDRET, USAMMENLIGNELIG = "bedre", "dårligere", "uændret", "kan ikke sammenlignes"


def antal(n: int, ental: str, flertal: str) -> str:
    """``n`` with the noun in the right number.

    >>> antal(1, "vurdering", "vurderinger"), antal(3, "vurdering", "vurderinger")
    ('1 vurdering', '3 vurderinger')
    """
    return f"{n} {ental if n == 1 else flertal}"


def opremsning(dele: list[str]) -> str:
    """Parts joined as Danish lists them: commas, "og" before the last.

    >>> opremsning(["a"]), opremsning(["a", "b"]), opremsning(["a", "b", "c"])
    ('a', 'a og b', 'a, b og c')
    """
    return dele[0] if len(dele) == 1 else ", ".join(dele[:-1]) + " og " + dele[-1]


def optaelling(status: pd.DataFrame) -> dict[str, int]:
    """How many rows have each status, in the legend's order (absent statuses left out).

    >>> optaelling(pd.DataFrame({"status": ["ikke_opfyldt", "opfyldt", "opfyldt"]}))
    {'opfyldt': 2, 'ikke_opfyldt': 1}
    """
    counts = status["status"].value_counts() if len(status) else pd.Series(dtype=int)
    order = [*STATUSSER, *(s for s in counts.index if s not in STATUSSER)]
    return {str(s): int(counts[s]) for s in order if s in counts}


def optaellingssaetning(antal_pr_status: dict[str, int]) -> str:
    """The count in full Danish sentences: the results first, then what cannot be judged.

    >>> optaellingssaetning({"opfyldt": 2, "ikke_opfyldt": 1, "mangler_data": 1})
    'Af de 4 vurderinger (succeskriterium × område) er 2 opfyldt og 1 ikke opfyldt. For 1 mangler der data.'
    """
    total = sum(antal_pr_status.values())
    if total == 0:
        return "Der er ingen vurderinger i denne rapport."
    udsagn = [(n, UDSAGN.get(s, (STATUS_TEKST.get(s, s).lower(),) * 2)) for s, n in antal_pr_status.items()
              if s not in ("mangler_data", "afventer_vurdering")]
    saetninger = []
    if total == 1 and udsagn:
        saetninger.append(f"Den ene vurdering (succeskriterium × område) er {udsagn[0][1][0]}.")
    elif udsagn:
        dele = [f"{n} {ental if n == 1 else flertal}" for n, (ental, flertal) in udsagn]
        saetninger.append(f"Af de {total} vurderinger (succeskriterium × område) er {opremsning(dele)}.")
    mangler, afventer = antal_pr_status.get("mangler_data", 0), antal_pr_status.get("afventer_vurdering", 0)
    if udsagn:
        rest = ([f"for {mangler} mangler der data"] if mangler else []) + (
            [f"{afventer} afventer evaluators vurdering"] if afventer else [])
        if rest:
            text = ", og ".join(rest) if mangler else (
                f"desuden afventer {antal(afventer, 'kvalitativt kriterium', 'kvalitative kriterier')} evaluators "
                "vurdering")
            saetninger.append(text[0].upper() + text[1:] + ".")
    elif total == 1:
        saetninger.append("For den ene vurdering (succeskriterium × område) mangler der data." if mangler else
                          "Den ene vurdering (succeskriterium × område) afventer evaluators vurdering.")
    else:
        hvad = ([f"mangler der data for {mangler}"] if mangler else []) + (
            [f"{afventer} afventer evaluators vurdering" if mangler else f"afventer {afventer} evaluators vurdering"]
            if afventer else [])
        saetninger.append(f"Af de {total} vurderinger (succeskriterium × område) {', og '.join(hvad)}.")
    return " ".join(saetninger)


def kort_optaelling(antal_pr_status: dict[str, int], runde: str) -> str:
    """One line for an area or indsatsområde: how many met (final round) or met or on track (midway) of all,
    then what missed and what cannot be judged.

    >>> kort_optaelling({"opfyldt": 16, "delvist_opfyldt": 3, "ikke_opfyldt": 5, "mangler_data": 2}, "slut")
    '16 af 26 opfyldt; 3 delvist opfyldt, 5 ikke opfyldt, 2 mangler data'
    >>> kort_optaelling({"opfyldt": 1, "paa_rette_vej": 4, "tilbagegang": 2}, "midtvej")
    '5 af 7 opfyldt eller på rette vej; 2 i tilbagegang'
    """
    total = sum(antal_pr_status.values())
    gode = GODE["midtvej" if runde == "midtvej" else "slut"]
    ord_ = "opfyldt eller på rette vej" if runde == "midtvej" else "opfyldt"
    naaet = sum(antal_pr_status.get(s, 0) for s in gode)
    rest = []
    for s, n in antal_pr_status.items():
        if s in gode:
            continue
        if s == "mangler_data":
            rest.append(f"{n} mangler data")
        elif s == "afventer_vurdering":
            rest.append(f"{n} afventer vurdering")
        else:
            ental, flertal = UDSAGN.get(s, (STATUS_TEKST.get(s, s).lower(),) * 2)
            rest.append(f"{n} {ental if n == 1 else flertal}")
    return f"{naaet} af {total} {ord_}" + (f"; {', '.join(rest)}" if rest else "")


def aendring(midtvej: str | None, slut: str | None) -> str:
    """How a final status compares with the midway status of the same criterion × area
    (``bedre``, ``dårligere``, ``uændret`` or ``kan ikke sammenlignes``).

    >>> aendring("paa_rette_vej", "ikke_opfyldt"), aendring("tilbagegang", "opfyldt"), aendring(None, "opfyldt")
    ('dårligere', 'bedre', 'kan ikke sammenlignes')
    """
    if midtvej not in NIVEAU or slut not in NIVEAU:
        return USAMMENLIGNELIG
    forskel = NIVEAU[str(slut)] - NIVEAU[str(midtvej)]
    return BEDRE if forskel > 0 else DAARLIGERE if forskel < 0 else UAENDRET


# --------------------------------------------------------------------------- the pieces with links


@dataclass(frozen=True)
class Links:
    """Where the block's links point: the report set of one round folder, seen from ``sti``."""

    sti: str = ""

    def omraade(self, omraade: str) -> str:
        return f"{self.sti}omraade_{omraade}.html"

    def indsatsomraade(self, io: str) -> str:
        return f"{self.sti}indsatsomraade_{io}.html"

    def kriterium(self, kriterium: str, omraade: str) -> str:
        return kriterie_href(kriterium, omraade, self.sti)

    def datatjek(self) -> str:
        return f"{self.sti}datatjek.html"


def _midtvej_for(status_midtvej: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    if status_midtvej is None or status_midtvej.empty:
        return {}
    return {(str(k), str(o)): str(s) for k, o, s in
            zip(status_midtvej["kriterium"], status_midtvej["omraade"], status_midtvej["status"], strict=True)}


def _punkt(plan: Plan, r: Mapping[Any, Any], links: Links, midtvej: dict[tuple[str, str], str]) -> dict[str, Any]:
    """One criterion × area as a list item: title (linked to its section), area, status, midway status."""
    kid, omr = str(r["kriterium"]), str(r["omraade"])
    foer = midtvej.get((kid, omr))
    # a qualitative criterion's title is the plan's sentence: its full stop would stand before the colon
    return {"titel": kort(kriterie_titel(plan, kid), 70).rstrip("."), "href": links.kriterium(kid, omr),
            "omraade": plan.omraade[omr].navn, "kid": kid,
            "status": badge(r["status"], lille=True), "midtvej": badge(foer, lille=True) if foer else None}


def bevaegelser(plan: Plan, status: pd.DataFrame, status_midtvej: pd.DataFrame | None, links: Links,
                hoejst: int = 3) -> dict[str, Any] | None:
    """What changed between the rounds (round ``slut`` with its midway statuses): how many criteria × areas
    ended better, worse or as midway pointed, and the ones that moved most (largest change of level)."""
    midtvej = _midtvej_for(status_midtvej)
    if not midtvej:
        return None
    poster: dict[str, list[tuple[int, dict[str, Any]]]] = {BEDRE: [], DAARLIGERE: [], UAENDRET: [],
                                                           USAMMENLIGNELIG: []}
    for r in status.to_dict("records"):
        foer = midtvej.get((str(r["kriterium"]), str(r["omraade"])))
        art = aendring(foer, r["status"])
        skridt = abs(NIVEAU.get(str(r["status"]), 0) - NIVEAU.get(str(foer), 0)) if art in (BEDRE, DAARLIGERE) else 0
        poster[art].append((skridt, _punkt(plan, r, links, midtvej)))
    stoerst = {art: [p for _, p in sorted(poster[art], key=lambda sp: -sp[0])[:hoejst]] for art in (BEDRE, DAARLIGERE)}
    return {"bedre": len(poster[BEDRE]), "daarligere": len(poster[DAARLIGERE]), "uaendret": len(poster[UAENDRET]),
            "usammenlignelig": len(poster[USAMMENLIGNELIG]), "stoerst_bedre": stoerst[BEDRE],
            "stoerst_daarligere": stoerst[DAARLIGERE],
            "saetning": _bevaegelsessaetning(len(poster[BEDRE]), len(poster[DAARLIGERE]), len(poster[UAENDRET]),
                                             len(poster[USAMMENLIGNELIG]))}


def _bevaegelsessaetning(bedre: int, daarligere: int, uaendret: int, usammenlignelig: int) -> str:
    """The change between the rounds in one sentence.

    >>> for del_ in _bevaegelsessaetning(5, 2, 80, 1).split("; "):
    ...     print(del_)
    Sammenlignet med midtvejsevalueringen endte 5 bedre, end midtvejsstatus pegede på, 2 dårligere og 80 som ventet
    1 kan ikke sammenlignes (ingen status i den ene runde).
    """
    dele = [f"{bedre} bedre, end midtvejsstatus pegede på", f"{daarligere} dårligere", f"{uaendret} som ventet"]
    tekst = f"Sammenlignet med midtvejsevalueringen endte {opremsning(dele)}"
    if usammenlignelig:
        tekst += f"; {usammenlignelig} kan ikke sammenlignes (ingen status i den ene runde)"
    return tekst + "."


def _midtvej_bevaegelser(plan: Plan, status: pd.DataFrame, links: Links, hoejst: int = 4) -> dict[str, Any]:
    """Midway, the first round: the criteria × areas moving away from their target, furthest first
    (by the progress ratio), and how many are on track."""
    tilbage = status[status["status"] == "tilbagegang"]
    if "fremskridt" in tilbage.columns:
        tilbage = tilbage.assign(_f=pd.to_numeric(tilbage["fremskridt"], errors="coerce")).sort_values(
            "_f", kind="stable", na_position="last")
    return {"tilbagegang": len(tilbage), "paa_rette_vej": int((status["status"] == "paa_rette_vej").sum()),
            "punkter": [_punkt(plan, r, links, {}) for r in tilbage.head(hoejst).to_dict("records")]}


def _mangler(plan: Plan, status: pd.DataFrame, links: Links, hoejst: int = 6) -> dict[str, Any] | None:
    """What is missing: the criteria × areas without the data their assessment needs, named (the count of
    qualitative criteria awaiting the evaluator is in the count sentence already)."""
    mangler = status[status["status"] == "mangler_data"]
    if mangler.empty:
        return None
    punkter = [_punkt(plan, r, links, {}) for r in mangler.head(hoejst).to_dict("records")]
    return {"antal": len(mangler), "punkter": punkter, "flere": max(0, len(mangler) - hoejst),
            "datatjek": links.datatjek()}


def hovedresultater(plan: Plan, status: pd.DataFrame, runde: str, status_midtvej: pd.DataFrame | None = None,
                    omraade: str | None = None, indsatsomraade: str | None = None, sti: str = "",
                    rapporter: frozenset[str] | None = None) -> Markup:
    """The "Hovedresultater" block: the count in sentences, per area and per indsatsområde (when the report
    covers more than one), what moved most, what is missing; every number linked to where it is shown.

    ``status`` is the report's scope already (an area's or an indsatsområde's rows, or all).
    """
    links = Links(sti)
    omraader = [] if omraade else [
        {"navn": o.navn, "href": links.omraade(o.id),
         "tekst": kort_optaelling(optaelling(status[status["omraade"] == o.id]), runde)}
        for o in plan.omraader if (status["omraade"] == o.id).any()]
    indsatsomraader = [] if indsatsomraade else [
        {"navn": io.navn, "href": links.indsatsomraade(io.id),
         "tekst": kort_optaelling(optaelling(status[status["indsatsomraade"] == io.id]), runde)}
        for io in plan.indsatsomraader if (status["indsatsomraade"] == io.id).any()]
    if status_midtvej is not None and omraade:
        status_midtvej = status_midtvej[status_midtvej["omraade"] == omraade]
    if status_midtvej is not None and indsatsomraade:
        status_midtvej = status_midtvej[status_midtvej["indsatsomraade"] == indsatsomraade]
    return side(
        "hovedresultater.j2", saetning=optaellingssaetning(optaelling(status)), runde=runde, et_omraade=bool(omraade),
        omraader=omraader, indsatsomraader=indsatsomraader,
        bevaegelser=bevaegelser(plan, status, status_midtvej, links) if runde == "slut" else None,
        midtvej=_midtvej_bevaegelser(plan, status, links) if runde == "midtvej" else None,
        mangler=_mangler(plan, status, links),
    )


# --------------------------------------------------------------------------- målopfyldelse


def symbol(status: str) -> Markup:
    """A status as its symbol in its colour, the word as the tooltip and for screen readers (grid cells)."""
    label, tegn, bg, fg = STATUS_STIL[status]
    return side("statussymbol.j2", tegn=tegn, label=label, stil=f"background:{bg};color:{fg}")


def maalopfyldelse(plan: Plan, status: pd.DataFrame, runde: str, status_midtvej: pd.DataFrame | None = None,
                   sti: str = "") -> Markup:
    """Målopfyldelse område for område: areas × indsatsområder with the count per status, and per area the
    criteria not met; in the final round each beside its midway status, and a table of what changed."""
    links = Links(sti)
    midtvej = _midtvej_for(status_midtvej)
    ios = [io for io in plan.indsatsomraader if (status["indsatsomraade"] == io.id).any()]

    def celle(rows: pd.DataFrame) -> list[tuple[Markup, int]]:
        return [(symbol(s), n) for s, n in optaelling(rows).items() if s in STATUS_STIL]

    raekker, ikke_naaet = [], []
    for o in plan.omraader:
        egne = status[status["omraade"] == o.id]
        if egne.empty:
            continue
        raekker.append({"navn": o.kortnavn or o.navn, "href": links.omraade(o.id),
                        "celler": [celle(egne[egne["indsatsomraade"] == io.id]) for io in ios],
                        "i_alt": f"{int(egne['status'].isin(GODE[runde]).sum())} af {len(egne)}"})
        mangler = egne[egne["status"].isin(IKKE_NAAET[runde])]
        mangler = mangler.assign(_r=mangler["status"].map(IKKE_NAAET[runde].index)).sort_values("_r", kind="stable")
        ikke_naaet.append({"navn": o.navn, "id": o.id,
                           "punkter": [_punkt(plan, r, links, midtvej) for r in mangler.to_dict("records")]})
    brugte = sorted({s for s in status["status"] if s in STATUS_STIL}, key=STATUSSER.index)
    return side(
        "maalopfyldelse.j2", runde=runde, indsatsomraader=[io.navn for io in ios], raekker=raekker,
        noegle=[(symbol(s), STATUS_TEKST[s]) for s in brugte], ikke_naaet=ikke_naaet,
        ikke_naaet_ord=opremsning([STATUS_TEKST[s].lower() for s in IKKE_NAAET[runde]]).replace(" og ", " eller "),
        overgange=overgange(status, status_midtvej) if midtvej else None,
    )


def overgange(status: pd.DataFrame, status_midtvej: pd.DataFrame | None) -> dict[str, Any]:
    """The statuses of the final round against those of the midway round: rows midway, columns final, counts."""
    midtvej = _midtvej_for(status_midtvej)
    par = pd.DataFrame({"midtvej": [midtvej.get((str(k), str(o)), "mangler_data")
                                    for k, o in zip(status["kriterium"], status["omraade"], strict=True)],
                        "slut": list(status["status"])})
    tabel = pd.crosstab(par["midtvej"], par["slut"]).astype(int)
    raekker_ids = [s for s in STATUSSER if s in tabel.index]
    kolonner_ids = [s for s in STATUSSER if s in tabel.columns]
    return {"kolonner": [badge(s, lille=True) for s in kolonner_ids],
            "raekker": [(badge(m, lille=True), [(int(tabel[s][m]), aendring(m, s)) for s in kolonner_ids])
                        for m in raekker_ids]}


# --------------------------------------------------------------------------- the data check's main results


def datagrundlag(skjul: Skjul) -> Markup:
    """The data check's "Hovedresultater": what the round rests on (files, problems, interpretations), how
    many criteria × areas have the round's own year, how many are provisional, what is missing."""
    b = skjul.beregnet
    status = b.status
    files = datafiler(b)
    rep = skjul.validering
    noter = sum(len(n) for n in rep.notes.values()) if rep else 0
    kvantitative = status[status["status"] != "afventer_vurdering"]
    aar = pd.to_numeric(kvantitative["sidste_aar"], errors="coerce") if "sidste_aar" in kvantitative else pd.Series([])
    return side(
        "datagrundlag.j2", filer=len(files), problemer=len(rep.problems) if rep else 0, noter=noter,
        total=len(status), kvantitative=len(kvantitative), rundens_aar=sidste_aar(b),
        med_rundens_aar=int((aar == sidste_aar(b)).sum()),
        foreloebige=int(sum(flag(r, "foreloebig") for r in status.to_dict("records"))),
        mangler=_mangler(skjul.plan, status, Links()),
        mangler_antal=int((status["status"] == "mangler_data").sum()),
        afventer=int((status["status"] == "afventer_vurdering").sum()),
    )
