"""What the notebooks show: the report's data, computed once, and its sections as HTML.

A notebook makes one :class:`Rapport` with :meth:`Rapport.load` and shows its sections, one call per
cell. Everything here returns ``IPython.display.HTML`` (or writes it with ``display``), so that a
notebook stays thin: it chooses parameters and calls these functions. All text that comes from data
files (sources, notes, names) is escaped before it reaches the page.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML, display

from ..compute import diskretionering as disk
from ..compute.runde import compute, load_computation, vent_paa_beregning
from ..core.formatting import format_forskel, format_tal, format_vaerdi
from ..core.status import FREMSKRIDT, STATUS_STIL, STATUS_TEKST, VAERST_FOERST, VERDIKTER
from ..core.status import STATUSSER as STATUS_ORDEN  # the legend order
from ..inputs.parameters import check_parameters
from ..plan.model import RUNDE_SIDSTE_AAR, Plan, load_plan
from .lists import liste_afsnit
from .visning import Visning

MAANEDER = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]

#: The rule of the title block, with the default threshold (HTML-escaped); see :func:`diskretionering.tekst`.
DISKRETIONERING_TEKST = html.escape(disk.tekst(disk.GRAENSE))

#: How a secondarily suppressed value (or a share on a small tæller/nævner) is shown.
SKJULT = disk.SKJULT

RUNDE_NAVN = {"midtvej": "Midtvejsevaluering", "slut": "Slutevaluering"}

ILLUSTRATIV_TEKST = (
    "ILLUSTRATIVE DATA: Denne rapport bygger på opdigtede eksempeltal (data/eksempel), ikke på rigtige "
    "målinger. Tallene viser, hvordan rapporten ser ud, og må ikke bruges som evaluering."
)


def dansk_dato(d: date | None = None) -> str:
    """``26. november 2026``."""
    d = d or date.today()
    return f"{d.day}. {MAANEDER[d.month - 1]} {d.year}"


def e(text: Any) -> str:
    """Escape any value for HTML (None and NaN become an empty string)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return html.escape(str(text), quote=True)


def badge(status: str | None, lille: bool = False) -> str:
    """A status in words, with its symbol and colour-blind-safe colour (``lille``: for grids)."""
    cls = "status lille" if lille else "status"
    if not status or not isinstance(status, str):
        return f'<span class="{cls}" style="background:#eeeeee;color:#000">Gælder ikke endnu</span>'
    if status not in STATUS_STIL:  # an id outside the scale is shown as written, never hidden
        return f'<span class="{cls}" style="background:#eeeeee;color:#000">{e(STATUS_TEKST.get(status, status))}</span>'
    label, symbol, bg, fg = STATUS_STIL[status]
    return f'<span class="{cls}" style="background:{bg};color:{fg}">{symbol} {label}</span>'


# --------------------------------------------------------------------------- the status table's extra columns
# foreloebig, evaluators_vurdering, usikkerhed and fremskrivning come with the rule engine of the new status
# scale; a status table without them (an older engine, a stored computation) reads as False / "".


def _flag(row: Any, col: str) -> bool:
    """A boolean column of a status row; absent, None or NA is False."""
    v = row.get(col) if hasattr(row, "get") else None
    if v is None or v is pd.NA:
        return False
    try:
        if pd.isna(v):
            return False
    except (TypeError, ValueError):
        pass
    return bool(v)


def _saetning(row: Any, col: str) -> str:
    """A sentence column of a status row; absent, None or NA is ``""``."""
    v = row.get(col) if hasattr(row, "get") else None
    return v.strip() if isinstance(v, str) else ""


def _antal_sande(frame: pd.DataFrame, col: str) -> int:
    """How many rows of ``frame`` have ``col`` True (0 when the column is absent)."""
    if col not in frame.columns or frame.empty:
        return 0
    return int(sum(_flag({col: v}, col) for v in frame[col]))


#: The markers shown next to a status badge: column -> (word, what it means, for the title attribute).
MARKERINGER: dict[str, tuple[str, str]] = {
    "foreloebig": ("foreløbig", "Rundens år mangler i et register, der udkommer med forsinkelse; status bygger på "
                                "året før og kan ændre sig."),
    "evaluators_vurdering": ("evaluators vurdering", "Status er evaluators vurdering af et kvalitativt kriterium."),
}


def markeringer(row: Any, lille: bool = False) -> str:
    """The "foreløbig" and "evaluators vurdering" markers of a status row, as HTML (``""`` when none)."""
    cls = "markering lille" if lille else "markering"
    return "".join(f'<span class="{cls}" title="{e(forklaring)}">{e(ord_)}</span>'
                   for col, (ord_, forklaring) in MARKERINGER.items() if _flag(row, col))


def _markeringer_tekst(row: Any) -> str:
    """The markers in words for a plain-text cell: ``" (foreløbig; evaluators vurdering)"``."""
    words = [ord_ for col, (ord_, _) in MARKERINGER.items() if _flag(row, col)]
    return f" ({'; '.join(words)})" if words else ""


def _status_saetninger(row: Any) -> list[tuple[str, str]]:
    """The uncertainty and projection sentences of a status row that are not empty: (label, sentence).

    The label is ``""`` when the sentence's first words name it ("Ingen fremskrivning til 2021: ..."); a sentence
    that begins with it ("Fremskrivning: den lineære tendens ...") is given without it.
    """
    out = []
    for col, label in (("usikkerhed", "Statistisk usikkerhed"), ("fremskrivning", "Fremskrivning")):
        text = _saetning(row, col)
        if not text:
            continue
        if text.lower().startswith(label.lower() + ":"):
            text = text[len(label) + 1:].strip()
        elif label.split()[-1].lower() in " ".join(text.lower().split()[:3]):
            label = ""
        out.append((label, text))
    return out


def _saetninger_html(row: Any, element: str = "p", klasse: str = "forklaring") -> str:
    """:func:`_status_saetninger` as HTML, one ``element`` each, the label in bold."""
    return "".join(
        f'<{element} class="{klasse}">' + (f"<strong>{e(label)}:</strong> " if label else "") + f"{e(text)}</{element}>"
        for label, text in _status_saetninger(row)
    )


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


def _noegle(ids: Iterable[str], betydning: dict[str, str], kort: bool = False) -> str:
    cls = "statusnoegle kort" if kort else "statusnoegle"
    return (f'<ul class="{cls}">'
            + "".join(f"<li>{badge(st)} – {e(betydning[st])}</li>" for st in ids)
            + "</ul>")


def _markering_eksempel(col: str) -> str:
    ord_, forklaring = MARKERINGER[col]
    return f'<span class="markering" title="{e(forklaring)}">{e(ord_)}</span>'


def statusforklaring(runde: str | None = None, kort: bool = False) -> str:
    """The legend "Sådan læses statusserne" as HTML: every status of the scale in plain Danish, with its
    badge, the markers shown beside a status, and (with ``runde``) which kind of status the round gives.

    ``kort``: one line per status (the board status and the index page).
    """
    aar = RUNDE_SIDSTE_AAR.get(runde) if runde else None
    rest = [s for s in STATUS_ORDEN if s not in VERDIKTER and s not in FREMSKRIDT]
    if kort:
        return (
            '<div class="statusforklaring kort">'
            + _noegle(STATUS_ORDEN, STATUS_BETYDNING_KORT, kort=True)
            + f'<p class="note">{_markering_eksempel("foreloebig")} ved en status: rundens år mangler i et register, '
            "der udkommer med forsinkelse, og status bygger på året før. "
            f'{_markering_eksempel("evaluators_vurdering")}: status er evaluators vurdering af et kvalitativt '
            "kriterium.</p></div>"
        )

    def symboler(ids: Iterable[str]) -> str:
        return " ".join(STATUS_STIL[s][1] for s in ids)

    parts = [
        '<div class="statusforklaring">',
        "<p>Hvert succeskriterium vurderes for hvert område, det gælder, ud fra planens egen formulering og "
        + (f"rundens data (til og med {aar})" if aar else "rundens data")
        + ". Status står altid med ord, symbol og farve, og forklaringen under den viser tallene bag.</p>",
        f"<p><strong>Når fristen er nået, får målet en dom</strong> ({symboler(VERDIKTER)}):</p>",
        _noegle(VERDIKTER, STATUS_BETYDNING),
        f"<p><strong>Før fristen vises fremskridtet med en pil</strong> ({symboler(FREMSKRIDT)}). Det gælder kun "
        "et mål med én frist, der ligger efter rundens år. Fremskridtet er den ændring, der er opnået siden "
        "baseline, delt med den ændring, målet kræver til samme tid, når man går i lige linje fra baseline til "
        "målet ved fristen (grænserne er de samme, som opfølgningen på FN’s verdensmål, Open SDG, bruger):</p>",
        _noegle(FREMSKRIDT, STATUS_BETYDNING),
        f"<p><strong>Uden dom og uden pil</strong> ({symboler(rest)}):</p>",
        _noegle(rest, STATUS_BETYDNING),
        "<p><strong>Ved siden af status kan der stå:</strong></p><ul>",
        f"<li>{_markering_eksempel('foreloebig')} – tallet for rundens år findes endnu ikke i et register, der "
        "udkommer med forsinkelse (fx kriminalitet fra Danmarks Statistik); status bygger på året før og kan "
        "ændre sig, når tallet kommer.</li>",
        f"<li>{_markering_eksempel('evaluators_vurdering')} – status er evaluators vurdering af et kvalitativt "
        "kriterium (en dom, eller før planens sidste år også en pil), med evaluators begrundelse.</li>",
        "<li><strong>Statistisk usikkerhed</strong> – hvor et tal bygger på en stikprøve (fx tryghedsmålingen) "
        "eller på få hændelser, siger en sætning, om forskellen ligger inden for den statistiske usikkerhed "
        "(95 %-interval). Status afgøres af selve tallet.</li>",
        "<li><strong>Fremskrivning</strong> – i en evaluering før fristen siger en sætning, om udviklingen når "
        "målet ved fristen, hvis den fortsætter som hidtil (det kræver mindst tre målinger).</li></ul>",
        "<p>Hvor flere mål binder samme kriterium og område (fx kriminalitet), afgør det dårligste, og hvert "
        "delmål vises. Fra dårligst til bedst: "
        + "; ".join(STATUS_TEKST[s].lower() for s in VAERST_FOERST)
        + ". Den præcise regel for hver type kriterium står i metodebeskrivelsen (docs/metode.md).</p>",
    ]
    if runde == "slut":
        parts.append(f'<p class="note">I denne runde (data til og med {aar}) er alle planens frister nået: '
                     "kriterierne får en dom, og pilene bruges ikke.</p>")
    elif runde == "midtvej":
        parts.append(f'<p class="note">I denne runde (data til og med {aar}) får mål med frist senest {aar} '
                     f"– og de årlige mål for hvert år til og med {aar} – en dom; mål med en senere frist får "
                     "en pil.</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _bryd(escaped: str) -> str:
    """Allow a line break after ``/`` and after ``_`` that ends a part of four letters or more
    (Ringparken/|Schackenborgvænge, kp_tryghed_|vurderes_|styrket), and start a new line at each
    newline, so that a column of long names and ids can be narrower than its longest word."""
    out = re.sub(r"(?<=[^\W_]{4})_", "_<wbr>", escaped.replace("/", "/<wbr>"))
    return out.replace("\n", "<br>")


def _table(frame: pd.DataFrame, numeric: Iterable[str] = (), klasse: str = "", bryd: Iterable[str] = ()) -> str:
    """An HTML table of already formatted (string) cells; every cell is escaped.

    ``bryd``: columns whose long names and ids may break after ``/`` and ``_`` (:func:`_bryd`).
    """
    numeric, bryd = set(numeric), set(bryd)
    head = "".join(f'<th class="tal">{e(c)}</th>' if c in numeric else f"<th>{e(c)}</th>" for c in frame.columns)
    rows = []
    for rec in frame.itertuples(index=False):
        cells = "".join(
            f'<td class="tal">{e(v)}</td>' if c in numeric else f"<td>{_bryd(e(v)) if c in bryd else e(v)}</td>"
            for c, v in zip(frame.columns, rec)
        )
        rows.append(f"<tr>{cells}</tr>")
    cls = f' class="{klasse}"' if klasse else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


# --------------------------------------------------------------------------- the report's data


@dataclass
class Rapport:
    """The data behind one report: observations, indicators and the status table of a round."""

    plan: Plan
    runde: str
    observations: pd.DataFrame
    references: pd.DataFrame | None
    vurderinger: pd.DataFrame | None
    indikatorer: pd.DataFrame
    status: pd.DataFrame
    filer: list[str]
    diskretionering: bool = True
    noter: dict[str, list[str]] = field(default_factory=dict)
    #: Counts above 0 and below this are suppressed when ``diskretionering`` is on (docs/metode.md).
    diskretionering_graense: int = disk.GRAENSE

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(
        cls,
        runde: str,
        data: list[str] | None = None,
        diskretionering: bool = True,
        beregning: str = "",
        diskretionering_graense: int = disk.GRAENSE,
    ) -> Rapport:
        """Check the parameters, read the data and assess every criterion for the round.

        ``beregning`` is the path of a precomputed assessment (written by ``helhedsanalyse render``
        once per round, so that each notebook does not compute it again); empty: compute here.
        ``diskretionering_graense``: counts above 0 and below it are suppressed (default 5).
        """
        check_parameters({"runde": runde, "diskretionering_graense": diskretionering_graense,
                          **({"data": data} if data else {})})
        opts = {"diskretionering": diskretionering, "diskretionering_graense": int(diskretionering_graense)}
        if beregning and vent_paa_beregning(Path(beregning)):
            return cls(plan=load_plan(), **opts, **load_computation(beregning).felter())
        return cls(plan=load_plan(), **opts, **compute(runde, data).felter())

    # ---------------------------------------------------------------- helpers
    @property
    def sidste_aar(self) -> int:
        return RUNDE_SIDSTE_AAR[self.runde]

    @property
    def illustrativ(self) -> bool:
        ill = self.observations.get("illustrativ")
        return bool(ill is not None and ill.astype(bool).any())

    def rows(self, omraade: str | None = None, indsatsomraade: str | None = None) -> pd.DataFrame:
        s = self.status
        if omraade is not None:
            s = s[s["omraade"] == omraade]
        if indsatsomraade is not None:
            s = s[s["indsatsomraade"] == indsatsomraade]
        return s

    def serie(self, omraade: str, indikator: str) -> pd.DataFrame:
        i = self.indikatorer
        sel = i[(i["omraade"] == omraade) & (i["indikator"] == indikator) & (i["aar"] <= self.sidste_aar)]
        return sel.sort_values("aar")

    # ---------------------------------------------------------------- sections
    def titelblok(self, titel: str, omfang: str) -> HTML:
        """Title block: plan, what the report covers, round, data used, date; the illustrative warning."""
        files = sorted({Path(f).name for f in self.filer})
        data_text = ", ".join(files) if files else "ingen opfølgningsdata"
        parts = [
            f"<h1>{e(titel)}</h1>",
            '<div class="titelblok"><dl>',
            f"<dt>Plan</dt><dd>{e(self.plan.navn)} – boligsocial helhedsplan for Skælskør, Korsør og Slagelse "
            f"{e(self.plan.periode)}</dd>",
            f"<dt>Omfatter</dt><dd>{e(omfang)}</dd>",
            f"<dt>Runde</dt><dd>{e(RUNDE_NAVN[self.runde])} (data til og med {self.sidste_aar})</dd>",
            f"<dt>Data</dt><dd>{e(data_text)}; planens egne baselinetal og offentlige referencetal "
            "(data/baseline, data/reference)</dd>",
            f"<dt>Diskretionering</dt><dd>{e(disk.tekst(self.diskretionering_graense)) if self.diskretionering else 'Fra (intern arbejdskopi; må ikke offentliggøres).'}</dd>",
            f'<dt>Dannet</dt><dd class="dato">{dansk_dato()}</dd>',
            "</dl></div>",
        ]
        if self.illustrativ:
            parts.append(f'<div class="illustrativ">{e(ILLUSTRATIV_TEKST)}</div>')
        return HTML("\n".join(parts))

    def statusoptaelling(self, omraade: str | None = None, indsatsomraade: str | None = None) -> HTML:
        """How many criteria × areas have each status, in words and colour."""
        s = self.rows(omraade, indsatsomraade)
        counts = s["status"].value_counts()
        order = [*STATUS_ORDEN, *(st for st in counts.index if st not in STATUS_ORDEN)]
        items = [f"<li>{badge(st)} {int(counts[st])}</li>" for st in order if st in counts]
        total = len(s)
        heraf = []
        n = _antal_sande(s, "foreloebig")
        if n:
            heraf.append(f"{n} {'er foreløbig' if n == 1 else 'er foreløbige'} (rundens år mangler i et register, "
                         "der udkommer med forsinkelse; status bygger på året før)")
        n = _antal_sande(s, "evaluators_vurdering")
        if n:
            heraf.append(f"{n} {'er evaluators vurdering' if n == 1 else 'er evaluators vurderinger'} af "
                         "kvalitative kriterier")
        note = f'<p class="note">Heraf {" og ".join(heraf)}.</p>' if heraf else ""
        return HTML(
            f"<p>{total} vurderinger (succeskriterium × område) i alt:</p>"
            f'<ul class="statusliste" style="list-style:none;padding-left:0">{"".join(items)}</ul>' + note
        )

    def statusforklaring(self, kort: bool = False) -> HTML:
        """The legend "Sådan læses statusserne": every status in plain Danish (:func:`statusforklaring`)."""
        return HTML(statusforklaring(self.runde, kort=kort))

    def statusgitter(self, indsatsomraade: str | None = None) -> HTML:
        """The status overview: criteria (rows) × areas (columns), status in words, symbol and colour."""
        s = self.rows(indsatsomraade=indsatsomraade)
        areas = [a for a in self.plan.omraade_ids if a in set(s["omraade"])]
        head = "".join(f"<th>{e(self.plan.omraade[a].kortnavn or self.plan.omraade[a].navn)}</th>" for a in areas)
        body = []
        for io in self.plan.indsatsomraader:
            sub = s[s["indsatsomraade"] == io.id]
            if sub.empty:
                continue
            body.append(f'<tr><th colspan="{len(areas) + 1}">{e(io.navn)}</th></tr>')
            for kid, group in sub.groupby("kriterium", sort=False):
                k = self.plan.kriterium[kid]
                by_area = {r["omraade"]: r for r in group.to_dict("records")}
                cells = []
                for a in areas:
                    r = by_area.get(a)
                    cells.append(f"<td>{badge(r['status'], lille=True)}{markeringer(r, lille=True)}</td>"
                                 if r else '<td class="note">–</td>')
                title = self.plan.indikator[k.indikator].navn if k.indikator else k.tekst
                body.append(
                    f'<tr><td class="kriterium">{e(_kort(title))}<br><span class="note">{e(kid)}</span></td>{"".join(cells)}</tr>'
                )
        return HTML(
            f'<table class="statusgitter"><thead><tr><th>Succeskriterium</th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
            '<p class="note">– : kriteriet gælder ikke for området. '
            "“foreløbig”: rundens år mangler i et register, der udkommer med forsinkelse, og status bygger på året "
            "før. “evaluators vurdering”: status er evaluators vurdering af et kvalitativt kriterium.</p>"
        )

    def succeskriterier(self, omraade: str | None = None, indsatsomraade: str | None = None) -> None:
        """Every criterion section of the area (or indsatsområde), in the status table's order.

        The same pages as :meth:`kriterie_afsnit` row by row; the sections (figure, table, text) are
        made on all cores first (:mod:`helhedsanalyse.parallel`), about half the time on two cores.
        """
        from ..core.parallel import fork_imap
        from . import plots  # noqa: F401 - matplotlib imported once here, not again in every worker

        rows = self.rows(omraade, indsatsomraade)
        par = list(zip(rows["kriterium"], rows["omraade"]))
        if self.diskretionering:
            self.maske, self.status_vist  # computed once here, not again in every worker
        for dele in fork_imap(lambda ko: self._kriterie_dele(*ko), par):
            for del_ in dele:
                display(HTML(del_))

    def kriterie_afsnit(self, kriterium: str, omraade: str) -> None:
        """One criterion for one area: plan wording, target, status with explanation, figure, values."""
        for del_ in self._kriterie_dele(kriterium, omraade):
            display(HTML(del_))

    def _kriterie_dele(self, kriterium: str, omraade: str) -> list[str]:
        """The HTML of :meth:`kriterie_afsnit`, as the parts it displays one after another."""
        from . import plots

        k = self.plan.kriterium[kriterium]
        row = self.rows(omraade).set_index("kriterium").loc[kriterium]
        rowd = row.to_dict()
        rowd["kriterium"] = kriterium
        title = self.plan.indikator[k.indikator].navn if k.indikator else _kort(k.tekst)
        hidden = self.skjult(omraade, k.indikator) if k.indikator else pd.Series(dtype=bool)
        # the explanation and its sentences as published: replaced where they rest on a suppressed number
        vist = self.status_vist
        vist = vist[(vist["omraade"] == omraade) & (vist["kriterium"] == kriterium)].iloc[0]
        forklaring = vist["forklaring"]
        out = [
            '<div class="kriterieblok">',
            f"<h3>{e(title)} – {e(self.plan.omraade[omraade].navn)}</h3>",
            f'<p><strong>Status:</strong> {badge(row["status"])}{markeringer(row)} &nbsp; '
            f'<strong>Mål:</strong> {e(row["maal"])}</p>',
            f'<p class="forklaring">{e(forklaring)}</p>',
        ]
        saetninger = _saetninger_html(vist)  # intervals and projected values: left out with the numbers
        if saetninger:
            out.append(saetninger)
        out.append(f'<p class="note">Planens ord: “{e(k.tekst)}” Datakilde i planen: {e(k.datakilde.rstrip("."))}.</p>')
        if k.fortolkning:
            out.append(f'<p class="note">Fortolkning: {e(k.fortolkning)}</p>')
        if k.kvalitativ:
            vurdering = row.get("vurdering")
            begrundelse = _saetning(row, "begrundelse")
            if isinstance(vurdering, str) and vurdering and vurdering != row["status"]:
                # a status table where the rating is not the status yet (before the new scale)
                out.append(f"<p><strong>Evaluators vurdering:</strong> {badge(vurdering)} {e(begrundelse)}</p>")
            elif begrundelse and begrundelse not in str(forklaring):
                out.append(f"<p><strong>Evaluators begrundelse:</strong> {e(begrundelse)}</p>")
            out.append("</div>")
            return ["\n".join(out)]
        dele = ["\n".join(out)]
        indikatorer = self.indikatorer
        if hidden.any():
            # suppressed values are left out of the figure, and the note under it says so
            indikatorer = indikatorer.drop(index=hidden[hidden].index)
        foelsom = bool(self.diskretionering and k.indikator and self.plan.indikator[k.indikator].foelsom)
        if foelsom:
            rowd = self._uden_skjulte(rowd, omraade, k.indikator)
        suppress = self.diskretionering_graense if foelsom else None
        fig = plots.criterion_figure(indikatorer, k, omraade, rowd, self.plan, self.runde, undertryk_under=suppress)
        if fig is None:
            return dele + ['<p class="note">Ingen data at vise i en figur for dette område.</p></div>']
        alt = f"{title} – {self.plan.omraade[omraade].navn}: udvikling mod mål og referencer"
        dele.append(plots.figure_to_html(fig, alt))
        if hidden.any():
            dele.append(f'<p class="note">{int(hidden.sum())} værdi(er) er udeladt af figuren (diskretionering: '
                        f"under {self.diskretionering_graense}, eller skjult, så de ikke kan regnes ud af de andre)."
                        "</p>")
        dele.append(self.vaerditabel(omraade, k.indikator) + "</div>")
        return dele

    def vaerditabel(self, omraade: str, indikator: str) -> str:
        """The yearly values behind a figure, with their sources (every figure traces to its rows)."""
        enhed = self.plan.indikator[indikator].enhed
        foelsom = self.plan.indikator[indikator].foelsom
        s = self.serie(omraade, indikator)
        if s.empty:
            return '<p class="note">Ingen værdier.</p>'
        refs = self.indikatorer[
            self.indikatorer["omraade"].isin(["sub", "danmark", "slagelse_kommune"])
            & (self.indikatorer["indikator"] == indikator)
        ]
        rows = []
        for r in s.to_dict("records"):
            status = self.maske.get((omraade, indikator, int(r["aar"]))) if foelsom else None
            rec = {
                "År": str(int(r["aar"])),
                "Værdi": self._vis(r["vaerdi"], enhed, r.get("taeller"), r.get("naevner"), foelsom, status),
                "Tæller/nævner": self._brok(r.get("taeller"), r.get("naevner"), foelsom, status),
            }
            for geo, label in (("sub", "SUB"), ("danmark", "Danmark"), ("slagelse_kommune", "Slagelse Kommune")):
                m = refs[(refs["omraade"] == geo) & (refs["aar"] == r["aar"])]
                if not refs[refs["omraade"] == geo].empty:
                    rec[label] = format_vaerdi(m["vaerdi"].iloc[0], enhed) if len(m) else "–"
            note = r.get("bemaerkning")
            if self.diskretionering and foelsom and isinstance(note, str):
                # a note may quote a suppressed value, or a sum with a suppressed part ("de øvrige giver 284")
                note = disk.rens_bemaerkning(note, omraade, indikator, int(r["aar"]), self.maske, self.plan,
                                             self.diskretionering_graense,
                                             [r.get("vaerdi"), r.get("taeller"), r.get("naevner")])
            rec["Kilde"] = (str(r.get("kilde") or "") + (f" ({note})" if isinstance(note, str) and note else "")).strip()
            rows.append(rec)
        frame = pd.DataFrame(rows)
        if not frame["Tæller/nævner"].astype(bool).any():
            frame = frame.drop(columns="Tæller/nævner")
        numeric = [c for c in frame.columns if c not in ("Kilde",)]
        return _table(frame, numeric, bryd=["Kilde"])

    @property
    def maske(self) -> dict[tuple[str, str, int], str]:
        """Every suppressed (område, indikator, år) of the report: ``"primaer"`` or ``"sekundaer"``; and every
        suppressed cell (område, indikator, år, "K1".."K4"|"ytd") of the delivery tables.

        Computed once over all sensitive indicators, areas, years and quarters
        (:func:`diskretionering.marker_indikatorer`), independent of the round, so that no two reports of the
        set together allow a subtraction. Empty when diskretionering is off.
        """
        key = (self.diskretionering, self.diskretionering_graense, id(self.indikatorer))
        cached = self.__dict__.get("_maske")
        if cached is None or cached[0] != key:
            value = (disk.marker_indikatorer(self.indikatorer, self.plan, self.diskretionering_graense,
                                             observations=self.observations)
                     if self.diskretionering else {})
            self.__dict__["_maske"] = cached = (key, value)
        return cached[1]

    @property
    def status_vist(self) -> pd.DataFrame:
        """The status table as the reports show it: with diskretionering, explanations, uncertainty and
        projection sentences that rest on a suppressed number are replaced
        (:func:`diskretionering.diskretioner_status`); the statuses are the full figures' own."""
        if not self.diskretionering:
            return self.status
        key = (self.diskretionering_graense, id(self.status), id(self.indikatorer))
        cached = self.__dict__.get("_status_vist")
        if cached is None or cached[0] != key:
            value = disk.diskretioner_status(self.status, self.indikatorer, self.plan, self.diskretionering_graense,
                                             maske=self.maske)
            self.__dict__["_status_vist"] = cached = (key, value)
        return cached[1]

    def skjult(self, omraade: str, indikator: str) -> pd.Series:
        """Which of the area's yearly values diskretionering hides (primary or secondary suppression)."""
        s = self.serie(omraade, indikator)
        ind = self.plan.indikator[indikator]
        if not (self.diskretionering and ind.foelsom):
            return pd.Series(False, index=s.index)
        maske = self.maske
        g = self.diskretionering_graense
        hidden = [
            (omraade, indikator, int(aar)) in maske or disk.primaer(ind.enhed, v, t, n, g)
            for aar, v, t, n in zip(s["aar"], s["vaerdi"], s["taeller"], s["naevner"])
        ]
        return pd.Series(hidden, index=s.index, dtype=bool)

    def _uden_skjulte(self, rowd: dict, omraade: str, indikator: str) -> dict:
        """A status row for the figure without suppressed values (the latest value, baselines of every part)."""
        maske = self.maske
        ind = self.plan.indikator[indikator]
        g = self.diskretionering_graense

        areas = [o for o in self.plan.omraade_ids if o != "samlet"]
        samlet = self.serie("samlet", indikator) if omraade == "samlet" else None
        samlet_aar = {int(a) for a, v in zip(samlet["aar"], samlet["vaerdi"]) if _finite(v)} if samlet is not None else set()

        def hidden(v: Any, aar: Any) -> bool:
            if not _finite(v):
                return False
            if ind.enhed == "antal" and disk.lille(v, g):
                return True
            if not _finite(aar):
                return False
            y = int(float(aar))
            if (omraade, indikator, y) in maske:
                return True
            # samlet of an incomplete year is a partial sum of the areas: hidden with any of them
            return omraade == "samlet" and y not in samlet_aar and any((a, indikator, y) in maske for a in areas)

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

    def _vis(self, vaerdi: float, enhed: str, taeller: Any = None, naevner: Any = None, foelsom: bool = True,
             status: str | None = None) -> str:
        """A value for publication (diskretionering on, sensitive indicator): a count below the threshold
        is ``<5``; a share on a small tæller or nævner, or a secondarily suppressed value, is hidden."""
        if self.diskretionering and foelsom:
            g = self.diskretionering_graense
            if status == disk.SEKUNDAER:
                return SKJULT
            if enhed == "antal" and disk.lille(vaerdi, g):
                return f"<{g}"
            if status == disk.PRIMAER or disk.lille(taeller, g) or disk.lille(naevner, g):
                return SKJULT
        return format_vaerdi(vaerdi, enhed)

    def _brok(self, taeller: Any, naevner: Any, foelsom: bool = True, status: str | None = None) -> str:
        if not (_finite(taeller) and _finite(naevner)):
            return ""
        if self.diskretionering and foelsom:
            g = self.diskretionering_graense
            if status == disk.SEKUNDAER:
                return SKJULT
            if status == disk.PRIMAER or disk.lille(taeller, g) or disk.lille(naevner, g):
                return f"<{g}" if (disk.lille(taeller, g) or disk.lille(naevner, g)) else SKJULT
        return f"{format_tal(taeller)} / {format_tal(naevner)}"

    def sammenligning(self, omraade: str) -> HTML:
        """The area against its baseline, the SUB average, Denmark and Slagelse Kommune."""
        from ..compute.assessment import comparisons

        c = comparisons(self.observations, self.plan, self.runde, indikatorer=self.indikatorer)
        c = c[c["omraade"] == omraade]
        c = c[c[["sub", "danmark", "slagelse_kommune"]].notna().any(axis=1)]
        if c.empty:
            return HTML('<p class="note">Ingen referencetal for områdets indikatorer.</p>')
        rows = []
        for r in c.to_dict("records"):
            enh = r["enhed"]
            kind = r.get("forskel_enhed")
            ind = self.plan.indikator[r["indikator"]]
            foelsom = self.diskretionering and ind.foelsom
            maske, g = self.maske, self.diskretionering_graense

            def hidden(v: Any, aar: Any) -> bool:
                if not (foelsom and _finite(v)):
                    return False
                return (enh == "antal" and disk.lille(v, g)) or (
                    _finite(aar) and (omraade, r["indikator"], int(float(aar))) in maske)

            skjul_v = hidden(r["vaerdi"], r["aar"])
            skjul_b = hidden(r.get("baseline"), r.get("baseline_aar"))
            # a suppressed value is not shown, nor its differences from the references (they would give it back)
            forskel = {geo: (None if skjul_v else r.get(f"forskel_{geo}")) for geo in ("sub", "danmark", "slagelse_kommune")}
            rows.append(
                {
                    "Indikator": ind.navn,
                    "Værdi": f"{SKJULT} ({int(r['aar'])})" if skjul_v else _med_aar(r["vaerdi"], r["aar"], enh),
                    "Baseline": (f"{SKJULT} ({int(float(r['baseline_aar']))})" if skjul_b
                                 else _med_aar(r.get("baseline"), r.get("baseline_aar"), enh)),
                    "SUB": _ref_celle(r.get("sub"), r.get("sub_aar"), forskel["sub"], kind, enh),
                    "Danmark": _ref_celle(r.get("danmark"), r.get("danmark_aar"), forskel["danmark"], kind, enh),
                    "Slagelse Kommune": _ref_celle(
                        r.get("slagelse_kommune"), r.get("slagelse_kommune_aar"), forskel["slagelse_kommune"], kind, enh
                    ),
                }
            )
        frame = pd.DataFrame(rows)
        note = (
            '<p class="note">Ved hvert referencetal står områdets forskel fra det: i procentpoint for andele '
            "og som forhold (område/reference) for rater pr. 1000. Referencetallet er fra samme år som "
            "områdets værdi eller det seneste år før.</p>"
        )
        return HTML(_table(frame) + note)

    def ressourcer(self, indsatsomraade: str | None = None) -> HTML:
        """Budget (thousand kr., as printed) and staff of one or all indsatsområder."""
        ios = [self.plan.indsatsomraade[indsatsomraade]] if indsatsomraade else self.plan.indsatsomraader
        budget = pd.DataFrame(
            [
                {
                    "Indsatsområde": io.navn,
                    "Landsbyggefonden": format_tal(io.budget.landsbyggefonden),
                    "Lokal medfinansiering": format_tal(io.budget.lokal_medfinansiering),
                    "I alt": format_tal(io.budget.samlet),
                    "Årsværk": format_tal(sum(m.aarsvaerk for m in io.medarbejdere), 2),
                }
                for io in ios
            ]
        )
        out = ["<h3>Budget (hele tusinde kr., som i planen) og medarbejderressourcer</h3>",
               _table(budget, ["Landsbyggefonden", "Lokal medfinansiering", "I alt", "Årsværk"])]
        if indsatsomraade is None:
            b = self.plan.budget
            fordelt = sum(io.budget.samlet for io in self.plan.indsatsomraader)
            out.append(
                f"<p>Planens samlede budget er {format_tal(b.samlet)} (Landsbyggefonden {format_tal(b.landsbyggefonden)}, "
                f"lokal medfinansiering {format_tal(b.lokal_medfinansiering)}). De fire delaftaler udgør "
                f"{format_tal(fordelt)}; {format_tal(b.samlet - fordelt)} er ikke fordelt på indsatsområder i planen.</p>"
            )
        for io in ios:
            staff = pd.DataFrame(
                [{"Stilling": m.stilling, "Årsværk": format_tal(m.aarsvaerk, 3).rstrip("0").rstrip(","),
                  "Note": m.note or ""} for m in io.medarbejdere]
            )
            out.append(f"<h4>Medarbejdere: {e(io.navn)}</h4>" + _table(staff, ["Årsværk"]))
            if io.ressource_note:
                out.append(f'<p class="note">{e(io.ressource_note)}</p>')
        return HTML("\n".join(out))

    def aktiviteter(self, indsatsomraade: str) -> HTML:
        io = self.plan.indsatsomraade[indsatsomraade]
        frame = pd.DataFrame(
            [
                {
                    "Aktivitet": a.navn,
                    "Områder": ", ".join(self.plan.omraade[o].navn for o in a.omraader),
                    "Succeskriterier": "\n".join(k.id for k in self.plan.kriterier if k.aktivitet == a.id),
                    "Note": a.beskrivelse or "",
                }
                for a in io.aktiviteter
            ]
        )
        return HTML(f"<p>{e(io.formaal)}</p>" + _table(frame, bryd=["Områder", "Succeskriterier", "Note"]))


    def listeafsnit(self, omraade: str) -> HTML:
        """The statutory list criteria, distances to thresholds over the years and the list status,
        with the plan's 2025 vision (``samlet``: all four areas in one overview)."""
        visning = Visning(self.diskretionering, self.diskretionering_graense)
        return HTML(liste_afsnit(omraade, self.observations, self.plan, self.runde, visning))

    # ---------------------------------------------------------------- data check
    def datadaekning(self) -> HTML:
        """Which years have data for each criterion × area, up to the round's last year."""
        rows = []
        ind = self.indikatorer
        have = ind[ind["vaerdi"].notna() & (ind["aar"] <= self.sidste_aar)]
        years = have.groupby(["omraade", "indikator"])["aar"].apply(lambda a: sorted({int(x) for x in a}))
        for r in self.status.to_dict("records"):
            k = self.plan.kriterium[r["kriterium"]]
            if k.kvalitativ:
                vurderet = _flag(r, "evaluators_vurdering") or (isinstance(r.get("vurdering"), str) and r.get("vurdering"))
                aar = "evaluators vurdering" if vurderet else "afventer vurdering"
            else:
                ys = years.get((r["omraade"], k.indikator), [])
                aar = _aar_interval(ys) if ys else "ingen"
            rows.append({"Kriterium": r["kriterium"], "Område": self.plan.omraade[r["omraade"]].navn,
                         "Indikator": k.indikator or "(kvalitativ)", "År med data": aar,
                         "Status": r["status_tekst"] + _markeringer_tekst(r)})
        return HTML(_table(pd.DataFrame(rows), bryd=["Kriterium", "Område", "Indikator"]))

    def mangler(self) -> HTML:
        """What is missing for the round: every criterion × area whose status is 'mangler data', with why
        (the explanation as published: replaced where it quotes a suppressed number)."""
        m = self.status_vist[self.status_vist["status"] == "mangler_data"]
        afventer = self.status[self.status["status"] == "afventer_vurdering"]
        if afventer.empty:
            vurdering = ""
        else:
            par = ", ".join(f"{r['kriterium']} ({self.plan.omraade[r['omraade']].navn})" for r in afventer.to_dict("records"))
            n = len(afventer)
            vurdering = (f"<p>{n} {'kvalitativt kriterium afventer' if n == 1 else 'kvalitative kriterier afventer'} "
                         "evaluators vurdering (en række for hvert kriterium og område i filen med evaluators "
                         f"vurderinger): {e(par)}.</p>")
        if m.empty:
            return HTML(f"<p>Der mangler ingen data for runden ({RUNDE_NAVN[self.runde].lower()}): "
                        "alle kvantitative kriterier kan vurderes.</p>" + vurdering)
        frame = pd.DataFrame(
            [{"Kriterium": r["kriterium"], "Område": self.plan.omraade[r["omraade"]].navn,
              "Hvad mangler": r["forklaring"]} for r in m.to_dict("records")]
        )
        return HTML(f"<p>{len(m)} vurdering(er) mangler data:</p>" + _table(frame) + vurdering)

    def valideringsnoter(self) -> HTML:
        """The loader's interpretations and problems for the data files (nothing is modified)."""
        from ..inputs.files import _is_vurderinger_file
        from ..inputs.observations import validate_files

        files = [f for f in self.filer if not _is_vurderinger_file(f)]
        if not files:
            return HTML("<p>Ingen datafiler.</p>")
        rep = validate_files(files, self.plan)
        out = []
        if rep.problems:
            out.append(f"<p><strong>{len(rep.problems)} problem(er):</strong></p><ul>"
                       + "".join(f"<li>{e(p)}</li>" for p in rep.problems) + "</ul>")
        else:
            out.append(f"<p>Alle {len(files)} datafiler følger dataformatet; ingen problemer.</p>")
        noter = rep.notes
        if self.diskretionering:  # a note about a row may quote its value ("værdien 12 passer ikke med ...")
            noter = disk.rens_noter(noter, rep.data, self.maske, self.plan, self.diskretionering_graense)
        notes = [(Path(f).name, n) for f, ns in noter.items() for n in ns]
        if notes:
            out.append(_table(pd.DataFrame(notes, columns=["Fil", "Fortolket under indlæsningen"])))
        return HTML("\n".join(out))

    # ---------------------------------------------------------------- deliveries
    def leverance_kriterier(self) -> list:
        """The activity criteria measured quarterly with a yearly minimum (the delivery measurement)."""
        return [
            k for k in self.plan.kriterier
            if k.maalefrekvens == "kvartalsvis" and any(m.type == "mindst_antal" for m in k.maal)
        ]

    def _leverance_tal(self, k, aar: int) -> tuple[dict[str, tuple[dict[str, float], float]], bool]:
        """Per area (and samlet): the quarters K1-K4 of ``aar`` and the year to date; and whether samlet
        was given in the data (else it is the sum of the areas, for indicators whose samlet is ``sum``);
        :func:`diskretionering.leverancetal`, so that the suppression sees exactly these numbers."""
        return disk.leverancetal(self.observations, self.plan, k.indikator, aar)

    def _leverance_maske(self, k, per_area: dict[str, tuple[dict[str, float], float]],
                         aar: int) -> dict[tuple[str, str], str]:
        """Suppressed cells of one activity's rows in the delivery table: ``(område, "K1".."K4"|"ytd")``.

        Read from :attr:`maske`, which solves the delivery table of every year together with the value
        tables (:func:`diskretionering.marker_indikatorer`): primary for counts above 0 and below the
        threshold; secondary where samlet is the sum of the areas in every column (indicators whose samlet is
        ``sum``), the year to date the sum of the quarters in every row (``aarsopgoerelse: sum``), and the
        year to date the area's yearly value in the value tables.
        """
        ind = self.plan.indikator[k.indikator]
        if not (self.diskretionering and ind.foelsom):
            return {}
        maske = self.maske
        out = {}
        for a in per_area:
            for key in (*disk.KVARTALER, disk.AAR_TIL_DATO):
                status = maske.get((a, k.indikator, aar, key))
                if status:
                    out[(a, key)] = status
        return out

    def leverancer(self, aar: int | None = None) -> HTML:
        """Activity outputs per quarter and area in ``aar`` against the yearly target, year to date."""
        aar = aar or self.sidste_aar
        rows = []
        for k in self.leverance_kriterier():
            m = next(m for m in k.maal if m.type == "mindst_antal")
            ind = self.plan.indikator[k.indikator]
            foelsom = ind.foelsom
            per_area, _ = self._leverance_tal(k, aar)
            if not per_area:
                rows.append({"Aktivitet": ind.navn, "Område": "–", "K1": "", "K2": "", "K3": "", "K4": "",
                             "År til dato": "ingen data", "Årsmål": format_tal(m.mindst), "Stand": "mangler data"})
                continue
            maske = self._leverance_maske(k, per_area, aar)
            first = True
            for a, (q, ytd) in per_area.items():
                rec = {"Aktivitet": ind.navn if first else "", "Område": self.plan.omraade[a].navn}
                first = False
                for key, v in q.items():
                    rec[key] = self._vis(v, "antal", foelsom=foelsom, status=maske.get((a, key))) if _finite(v) else ""
                ytd_status = maske.get((a, "ytd"))
                rec["År til dato"] = self._vis(ytd, "antal", foelsom=foelsom, status=ytd_status) if _finite(ytd) else "–"
                judged = a in k.omraader
                rec["Årsmål"] = format_tal(m.mindst) if judged else ""
                if judged and ytd_status:
                    # the share of the target would give the suppressed year to date back
                    rec["Stand"] = "nået" if ytd >= m.mindst else "ikke nået"
                elif judged:
                    rec["Stand"] = ("nået" if _finite(ytd) and ytd >= m.mindst else
                                    f"{format_tal(100 * ytd / m.mindst, 0)} % af årsmålet" if _finite(ytd) and m.mindst else "–")
                else:
                    rec["Stand"] = ""
                rows.append(rec)
        frame = pd.DataFrame(rows)
        return HTML(
            f"<p>Leverancer i {aar} pr. kvartal (K1-K4) og område, år til dato mod årsmålet. "
            "Mål, der gælder de fire områder samlet, vurderes på rækken 'De fire boligområder samlet'.</p>"
            + _table(frame, ["K1", "K2", "K3", "K4", "År til dato", "Årsmål"], klasse="kompakt", bryd=["Aktivitet", "Område"])
        )

    def leverance_figurer(self, aar: int | None = None) -> None:
        """One figure per delivery criterion: output year to date per area against the yearly target.

        With diskretionering, an area (or samlet) with a suppressed cell in the delivery table is left out
        of the figure, and samlet too when exactly one area would be missing (it could be subtracted).
        """
        from . import plots

        aar = aar or self.sidste_aar
        for k in self.leverance_kriterier():
            ind = self.plan.indikator[k.indikator]
            foelsom = self.diskretionering and ind.foelsom
            suppress = self.diskretionering_graense if foelsom else None
            omraader = None
            udeladt: list[str] = []
            if foelsom:
                per_area, given = self._leverance_tal(k, aar)
                maske = self._leverance_maske(k, per_area, aar)
                if maske:
                    binds_samlet = any(m.type == "mindst_antal" and "samlet" in m.omraader for m in k.maal)
                    order = [a for a in self.plan.omraade_ids if a in per_area and a != "samlet"]
                    if given or (binds_samlet and "samlet" in per_area):
                        order.append("samlet")
                    skjult = {a: any(c[0] == a for c in maske) for a in order}
                    omraader = disk.synlige_omraader(skjult, order)
                    udeladt = [a for a in order if a not in omraader]
            fig = None
            if omraader is None or omraader:
                fig = plots.leverance_figure(self.observations, k.indikator, self.plan, aar, kriterium=k.id,
                                             omraader=omraader, undertryk_under=suppress)
            if fig is None and not udeladt:
                continue
            display(HTML(f"<h3>{e(ind.navn)}</h3>"))
            if fig is not None:
                display(HTML(plots.figure_to_html(fig, f"{ind.navn} {aar}: leverancer år til dato mod årsmålet")))
            if udeladt:
                navne = ", ".join(self.plan.omraade[a].navn for a in udeladt)
                display(HTML(f'<p class="note">Udeladt af figuren (diskretionering): {e(navne)}.</p>'))

    # ---------------------------------------------------------------- board status
    #: The statuses the board is pointed to, worst first: verdicts that miss, and progress that is too small.
    OPMAERKSOMHED = ("ikke_opfyldt", "delvist_opfyldt", "tilbagegang", "begraenset_fremgang")

    def opmaerksomhedspunkter(self) -> HTML:
        """Criteria × areas that missed their target or are moving away from or far from it, for the board:
        worst first, each status with its markers and its uncertainty and projection sentences."""
        status = self.status_vist  # the sentences as published: left out where they rest on a suppressed number
        bad = status[status["status"].isin(self.OPMAERKSOMHED)]
        if bad.empty:
            return HTML("<p>Der er ingen opmærksomhedspunkter: intet kriterium har status ikke opfyldt, delvist "
                        "opfyldt, tilbagegang eller begrænset fremgang.</p>")
        bad = bad.assign(_rang=bad["status"].map(self.OPMAERKSOMHED.index)).sort_values("_rang", kind="stable")
        body = []
        for r in bad.to_dict("records"):
            navn = self.plan.indikator[r["indikator"]].navn if isinstance(r["indikator"], str) else r["kriterium"]
            saetninger = _saetninger_html(r, "div", "note")
            seneste = r.get("sidste_periode")
            body.append(
                f"<tr><td>{e(_kort(navn, 60))}</td><td>{e(self.plan.omraade[r['omraade']].navn)}</td>"
                f"<td>{badge(r['status'])}{markeringer(r)}{saetninger}</td>"
                f"<td>{e(seneste) if isinstance(seneste, str) and seneste else '–'}</td></tr>"
            )
        return HTML("<table><thead><tr><th>Kriterium</th><th>Område</th><th>Status</th><th>Seneste</th></tr>"
                    f"</thead><tbody>{''.join(body)}</tbody></table>")

    def indsatsomraade_oversigt(self) -> HTML:
        """Status counts per indsatsområde (one line each)."""
        rows = []
        for io in self.plan.indsatsomraader:
            s = self.rows(indsatsomraade=io.id)
            counts = s["status"].value_counts()
            rows.append("<tr><td>" + e(io.navn) + "</td><td>"
                        + " ".join(f"{badge(st)}&nbsp;{int(counts[st])}"
                                   for st in [*STATUS_ORDEN, *(x for x in counts.index if x not in STATUS_ORDEN)]
                                   if st in counts)
                        + "</td></tr>")
        return HTML("<table><thead><tr><th>Indsatsområde</th><th>Status (antal kriterier × områder)</th></tr></thead>"
                    f"<tbody>{''.join(rows)}</tbody></table>")

    # ---------------------------------------------------------------- evaluator's findings
    def evaluators_fund(self, fund: str = "") -> None:
        """The evaluator's written findings on the organisation (Markdown file), or the questions."""
        if fund:
            # images only from files beside the Markdown file, embedded; never fetched from the network
            display(HTML(markdown_sikker(Path(fund).read_text(encoding="utf-8"), Path(fund).parent)))
            return
        display(HTML(
            '<p class="note">Evaluators skriftlige fund er endnu ikke indført (parameteren <code>fund</code> '
            "peger på en Markdown-fil). Afsnittene besvarer planens spørgsmål til helhedsevalueringen:</p>"
            "<ol><li>Hvordan fungerer den nye organisering af helhedsplanen (én helhedsplan for fire områder)?</li>"
            "<li>Er der strukturelle udfordringer i samarbejdet i modellen, som vanskeliggør indsatsen?</li>"
            "<li>Hvilke metoder, samarbejdsrelationer og praksisser understøtter hensigten og bør der arbejdes "
            "mere med?</li></ol>"
        ))


# --------------------------------------------------------------------------- small helpers


def _finite(x: Any) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


#: Where a link in the evaluator's Markdown may point (an image is never fetched: see :func:`markdown_sikker`).
_SIKRE_SKEMAER = ("http://", "https://", "mailto:", "#")

#: Images the findings may show, by file ending: (MIME type, how the file starts). No SVG (it is a document).
BILLEDTYPER: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
}
#: The largest image embedded (bytes): a report is sent by e-mail.
MAKS_BILLEDE = 5 * 1024 * 1024
_DATA_URI = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*")


def _billede(url: str, mappe: Path | None) -> tuple[str | None, str]:
    """(a data URI, "") for an image file beside the Markdown file, else (None, why not, in Danish)."""
    import base64
    from urllib.parse import unquote

    url = (url or "").strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", url) or url.startswith(("//", "\\\\")):
        return None, ("rapporten henter aldrig billeder fra nettet eller andre adresser; læg billedfilen ved siden "
                      "af Markdown-filen og skriv dens navn")
    if mappe is None:
        return None, "billeder vises kun fra filer ved siden af Markdown-filen"
    base = Path(mappe).resolve()
    path = (base / unquote(url.split("#", 1)[0].split("?", 1)[0])).resolve()
    if path != base and base not in path.parents:
        return None, "billedfilen ligger ikke ved siden af Markdown-filen (eller i en mappe under den)"
    if not path.is_file():
        return None, "billedfilen findes ikke ved siden af Markdown-filen"
    kind = BILLEDTYPER.get(path.suffix.lower())
    if kind is None:
        return None, f"kun {', '.join(sorted({k.lstrip('.') for k in BILLEDTYPER}))}-billeder vises"
    if path.stat().st_size > MAKS_BILLEDE:
        return None, f"billedfilen er større end {MAKS_BILLEDE // (1024 * 1024)} MB"
    data = path.read_bytes()
    if not data.startswith(kind[1]):
        return None, f"filen er ikke et {path.suffix.lower().lstrip('.')}-billede"
    return f"data:{kind[0]};base64,{base64.b64encode(data).decode('ascii')}", ""


def markdown_sikker(text: str, mappe: str | Path | None = None) -> str:
    """Markdown from a data file as safe HTML.

    Raw HTML is escaped; links may only point to http(s), mailto or in-page anchors (``javascript:`` and
    other schemes become ``#``). An image is shown only from a file beside the Markdown file (``mappe``, or a
    folder under it; png, jpeg, gif or webp, at most 5 MB), embedded as a data URI, so the report stays one
    file that opens offline and never fetches anything. Any other image (``http(s)://``, another scheme, a
    file elsewhere) is left out with a visible Danish note saying why.
    """
    import mistune
    from mistune.renderers.html import HTMLRenderer
    from mistune.util import striptags

    folder = Path(mappe) if mappe is not None else None

    class _Renderer(HTMLRenderer):
        def image(self, text: str, url: str, title: str | None = None) -> str:
            alt = striptags(text)
            src, why = _billede(url, folder)
            if src is None:
                what = f"Billedet “{alt}”" if alt.strip() else "Et billede"
                return (f'<span class="note billede-udeladt">[{what} ({e(url)}) er udeladt: {e(why)}.]</span>')
            attrs: dict[str, object] = {"src": src, "alt": alt}
            if title:
                attrs["title"] = title
            return "<img" + self.render_attrs(attrs) + " />"

    md = mistune.create_markdown(escape=True, renderer=_Renderer(escape=True))
    out = md(text)

    def _check(m: re.Match[str]) -> str:
        url = html.unescape(m.group(2)).strip()
        if m.group(1) == "src":
            ok = _DATA_URI.fullmatch(url) is not None
        else:
            ok = url.lower().startswith(_SIKRE_SKEMAER)
        return f'{m.group(1)}="{m.group(2) if ok else "#"}"'

    return re.sub(r'\b(href|src)="([^"]*)"', _check, out)


def _aar_interval(years: list[int]) -> str:
    """``[2017, 2018, 2019, 2021]`` -> ``"2017-2019, 2021"``."""
    parts, start, prev = [], None, None
    for y in years:
        if start is None:
            start = prev = y
        elif y == prev + 1:
            prev = y
        else:
            parts.append(f"{start}-{prev}" if prev != start else str(start))
            start = prev = y
    if start is not None:
        parts.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(parts)


def _kort(text: str, n: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + " …"


def _med_aar(v: Any, aar: Any, enhed: str) -> str:
    if not _finite(v):
        return "–"
    return f"{format_vaerdi(v, enhed)} ({int(aar)})" if _finite(aar) else format_vaerdi(v, enhed)


def _ref_celle(v: Any, aar: Any, forskel: Any, kind: Any, enhed: str) -> str:
    """A reference value with its year and the area's difference from it."""
    if not _finite(v):
        return "–"
    text = _med_aar(v, aar, enhed)
    if _finite(forskel):
        text += f"; området {_forskel(forskel, kind, enhed)}"
    return text


def _forskel(v: Any, kind: Any, enhed: str) -> str:
    if not _finite(v):
        return "–"
    if kind == "forhold":
        return f"{format_tal(v)} gange"
    return format_forskel(v, enhed)
