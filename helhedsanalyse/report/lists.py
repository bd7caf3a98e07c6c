"""Regeringens lister shown: the report section (HTML), its figure, and the command line's text and CSV.

The numbers come from :func:`helhedsanalyse.compute.lists.list_table`; what is hidden is decided by the
display settings (:class:`~helhedsanalyse.report.visning.Visning`) in :func:`skjulte_vaerdier` and
:func:`vist_listetabel`. The HTML and the reader's fixed text are in ``templates/lister/``.

>>> print(format_lister(list_table(omraader=["ringparken"])).splitlines()[0])
ILLUSTRATIVE DATA: kriterieværdierne er opdigtede eksempeltal, ikke rigtige data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..compute import diskretionering as disk
from ..compute.lists import (
    IKKE_OPFYLDT,
    IKKE_PAA_LISTE,
    KAN_IKKE_AFGOERES,
    MANGLER,
    OMRAADER,
    OP_TEGN,
    OP_TEKST,
    RESULTAT_SYMBOL,
    decimaler,
    diskretioner,
    diskretioner_listetabel,
    enhed_forskel,
    format_graense,
    format_kriterievaerdi,
    forskel_tekst,
    kort_navn,
    list_table,
    records,
    resolve_areas,
)
from ..core.formatting import NBSP, csv_tekst, format_tal
from ..inputs.lists import load_history, load_listeantal
from ..plan.lists import KRITERIER, Graense, Liste, ListeError, Periode, Regler, finite, load_rules
from ..plan.model import RUNDE_SIDSTE_AAR, Plan, load_plan
from .templating import Markup, render_macro, render_template
from .visning import Visning

__all__ = ["KORT_STATUS", "LISTE_STIL", "format_lister", "liste_afsnit", "skjulte_vaerdier", "vist_listetabel"]

_DELE = "lister/dele.html.j2"

#: Badge of a list status: (symbol, background, text colour); Okabe-Ito, with words and symbols, darkened
#: (or with black text) where needed so that every pair meets WCAG AA (4,5:1), as the criterion statuses.
LISTE_STIL: dict[str, tuple[str, str, str]] = {
    IKKE_PAA_LISTE: ("○", "#006B4E", "#ffffff"),
    "forebyggelse": ("◔", "#F0E442", "#000000"),
    "ghettoliste": ("▲", "#E69F00", "#000000"),
    "udsat": ("▲", "#E69F00", "#000000"),
    "ghetto": ("■", "#D55E00", "#000000"),
    "parallelsamfund": ("■", "#D55E00", "#000000"),
    "haardt_ghetto": ("◆", "#CC79A7", "#000000"),
    "omdannelse": ("◆", "#CC79A7", "#000000"),
    KAN_IKKE_AFGOERES: ("?", "#DDDDDD", "#000000"),
}

#: Short labels of the statuses for the overview of the four areas.
KORT_STATUS: dict[str, str] = {
    "ghettoliste": "På listen",
    "udsat": "Udsat",
    "ghetto": "Ghetto",
    "haardt_ghetto": "Hårdt ghetto",
    "forebyggelse": "Forebyggelse",
    "parallelsamfund": "Parallelsamfund",
    "omdannelse": "Omdannelse",
    IKKE_PAA_LISTE: "Ikke på liste",
    KAN_IKKE_AFGOERES: "Kan ikke afgøres",
}



# =========================================================================== what is shown


def vist_listetabel(table: pd.DataFrame, visning: Visning) -> pd.DataFrame:
    """:func:`list_table` as the settings let it be shown (``helhedsanalyse lister``): publishable unless
    suppression is off (:func:`~helhedsanalyse.compute.lists.diskretioner_listetabel`)."""
    return diskretioner_listetabel(table, visning.graense) if visning.diskretionering else table


def skjulte_vaerdier(table: pd.DataFrame, visning: Visning) -> dict[str, list[str]]:
    """The criterion values the list section hides, ``{"omraade:aar": [kriterium, ...]}``: the sensitive
    values on few persons (``table.attrs["skjult"]``, computed at ``visning.graense``), or none when
    suppression is off."""
    return dict(table.attrs.get("skjult", {})) if visning.diskretionering else {}


# =========================================================================== text output (CLI)


def format_lister(table: pd.DataFrame, fmt: str = "table") -> str:
    """:func:`list_table` (or :func:`vist_listetabel`) as text for the command line (``table``) or
    as CSV (``csv``; a text cell that Excel would read as a formula starts with an apostrophe)."""
    if fmt == "csv":
        return csv_tekst(table)
    rules = load_rules()
    lines: list[str] = []
    if "illustrativ" in table and table["illustrativ"].any():
        lines.append("ILLUSTRATIVE DATA: kriterieværdierne er opdigtede eksempeltal, ikke rigtige data.")
    lines.append("▲ opfyldt (tæller mod listen)  ▽ ikke opfyldt  ? mangler; "
                 "tallet efter symbolet er værdi minus grænse.")
    headers = ["År", "Regler"] + [rules.kort(k) for k in KRITERIER] + ["Beregnet status", "Registreret status"]
    for _, g in table.groupby("omraade", sort=False):
        lines.append("")
        lines.append(f"{g['omraade_navn'].iloc[0]}")
        lines.extend(_tekst_tabel(headers, [_tekst_raekke(r) for r in records(g)]))
        lines.extend(_tekst_mangler(records(g)))
    return "\n".join(lines)


def _tekst_raekke(r: Mapping[str, Any]) -> list[str]:
    """One list year of one area as the text table's cells."""
    cells = [str(r["liste_aar"]), r["regelperiode"]]
    skjult = set(str(r.get("diskretioneret") or "").split(";"))
    cells += [_celle_tekst(k, r, k in skjult) for k in KRITERIER]
    cells.append(r["status_tekst"] if _har_vaerdier(r) else "– (ingen kriterieværdier)")
    reg = r["registreret_status"] or "–"
    if r["registreret_grundlag"] == "not found":
        reg = "ikke fundet"
    cells.append(reg)
    return cells


def _tekst_tabel(headers: list[str], body: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; the last column is not padded."""
    widths = [max(len(headers[i]), *(len(b[i]) for b in body)) for i in range(len(headers) - 1)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells[:-1], widths, strict=True)) + "  " + cells[-1]

    return [line(headers), "  ".join("-" * w for w in widths) + "  " + "-" * len(headers[-1]),
            *(line(b) for b in body)]


def _tekst_mangler(records: list[dict[str, Any]]) -> list[str]:
    """The lines under an area's table: what is missing to decide, and the years without values."""
    lines = []
    empty = [r["liste_aar"] for r in records if not _har_vaerdier(r)]
    missing = [f"{r['liste_aar']}: {r['mangler']}" for r in records
               if r["mangler"] and not r["afgjort"] and r["liste_aar"] not in empty]
    if missing:
        lines.append("Mangler for at afgøre status: " + "; ".join(missing))
    if len(empty) == len(records):
        lines.append("Ingen kriterieværdier i data for området: " + _ingen_data_tekst())
    elif empty:
        lines.append(f"Ingen kriterieværdier i data for {_aar_spaend([int(y) for y in empty])}.")
    return lines


def _celle_tekst(k: str, r: Mapping[str, Any], skjult: bool = False) -> str:
    res = r[f"{k}_resultat"]
    if not res:
        return ""
    if skjult:  # diskretionering: the value and its distance are not shown; the result is
        return f"{disk.SKJULT} {RESULTAT_SYMBOL.get(res, '?')}"
    v = r[f"{k}_vaerdi"]
    if not finite(v):
        return "?"
    if res == MANGLER:
        return format_kriterievaerdi(k, v) + " ?"
    d = float(v) - float(r[f"{k}_graense"])
    return f"{format_kriterievaerdi(k, v)} {RESULTAT_SYMBOL[res]}{forskel_tekst(k, d)}"


def _har_vaerdier(r: Mapping[str, Any]) -> bool:
    """Whether a row of the table has any criterion value."""
    return any(finite(r[f"{k}_vaerdi"]) for k in KRITERIER)


def _ingen_data_tekst() -> str:
    rules = load_rules()
    return ("tilføj listekriterierne som observationer (indikatorerne "
            + ", ".join(v["indikator"] for v in rules.kriterier.values())
            + "; landsgennemsnittet for dømte som område 'danmark', indikator liste_doemte).")


def _aar_spaend(years: list[int]) -> str:
    """Years as a span when they follow each other.

    >>> _aar_spaend([2019, 2017, 2018]), _aar_spaend([2013, 2017])
    ('2017-2019', '2013, 2017')
    """
    years = sorted(years)
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years)


# =========================================================================== the report section (HTML)


def liste_afsnit(omraade: str, observations: pd.DataFrame | None, plan: Plan | None = None,
                 runde: str = "slut", visning: Visning | None = None) -> str:
    """The report section on the government's lists, as an HTML fragment (Danish, escaped text).

    For one area: the 2025 vision and the area's distance to it, the criterion values with their
    distance to each threshold year by year, the classifier's status beside the recorded status (with
    sources; "inferred" and "not found" kept), a figure of the distances with the vision marked, the
    criteria by period, and in words which criterion values are missing. For ``samlet``: a compact
    overview of all four areas (status per year, a figure with one panel per area) and the criteria.

    Only list years up to the round's last year (``midtvej`` 2018, ``slut`` 2021) are shown.
    ``observations`` None: the shipped data (``data/eksempel``). ``visning`` (default: suppression on at
    the default threshold) decides what is hidden: a value of a sensitive indicator whose persons are few
    (tæller, nævner or their difference below the threshold) is shown as "(diskretioneret)", without its
    distance and explanation, as in every other section of the reports.
    """
    visning = visning or Visning()
    plan = plan or load_plan()
    rules = load_rules()
    if runde not in RUNDE_SIDSTE_AAR:
        raise ListeError(f"ukendt runde '{runde}'; gyldige: {', '.join(RUNDE_SIDSTE_AAR)}")
    sidste = RUNDE_SIDSTE_AAR[runde]
    samlet = omraade == "samlet"
    areas = list(OMRAADER) if samlet else resolve_areas([omraade], plan)
    table = list_table(observations, areas, plan, visning.graense)
    skjult = skjulte_vaerdier(table, visning)
    table = diskretioner(table[table["liste_aar"] <= sidste].reset_index(drop=True), skjult, visning.graense)
    context = _samlet(table, plan, rules, sidste) if samlet else _omraade(table, areas[0], plan, rules, sidste, skjult)
    return str(render_template("lister/afsnit.html.j2", samlet=samlet, illustrativ=bool(table["illustrativ"].any()),
                               rules=rules, regler=_regel_tabel(rules), ingen_data=_ingen_data_tekst(), **context))


def _omraade(table: pd.DataFrame, o: str, plan: Plan, rules: Regler, sidste: int,
             skjult: Mapping[str, list[str]]) -> dict[str, Any]:
    """What the section of one area shows (the template ``lister/omraade.html.j2``)."""
    g = table[table["omraade"] == o]
    rows = records(g)
    navn = plan.omraade[o].navn
    status, kilder = _status_tabel(rows)
    noter: dict[str, list[int]] = {}
    for r in rows:
        if r["registreret_note"]:
            noter.setdefault(r["registreret_note"], []).append(int(r["liste_aar"]))
    fig = _figure(table, [o], plan, rules, sidste)
    return {
        "navn": navn,
        "vision": _vision_tekst(g, rules, navn, sidste),
        "status": status,
        "kilder": kilder,
        "noter": [(_aar_spaend(ys), t) for t, ys in noter.items()],
        "kriterier": _kriterie_tabel(rows, rules, skjult),
        "mangler": _mangler_linjer(rows),
        "figur": Markup(fig) if fig else None,
        "forklaringer": [r["forklaring"] for r in rows if _har_vaerdier(r)],
        "har_vaerdier": any(finite(v) for k in KRITERIER for v in g[f"{k}_vaerdi"]),
    }


@dataclass(frozen=True)
class _Tabel:
    """A table for the template: header texts and rows of cells (text, or markup from a macro)."""

    head: list[str]
    rows: list[list[Any]]
    hoejre: Iterable[int] = ()


def _kriterie_tabel(records: list[dict[str, Any]], rules: Regler, skjult: Mapping[str, list[str]]) -> _Tabel:
    """The criteria table: one row per list year, one cell per criterion."""
    head = ["Liste", "Regler"] + [rules.kort(k) for k in KRITERIER]
    rows = []
    for r in records:
        hidden = set(skjult.get(f"{r['omraade']}:{r['liste_aar']}", []))
        rows.append([r["liste_aar"], r["regelperiode"]] + [_celle_html(k, r, k in hidden) for k in KRITERIER])
    return _Tabel(head, rows, hoejre=range(2, 2 + len(KRITERIER)))


def _celle_html(k: str, r: Mapping[str, Any], skjult: bool) -> Markup:
    """One criterion cell: the value, then result symbol and value minus threshold (dømte: the threshold)."""
    res = r[f"{k}_resultat"]
    if not res:
        return render_macro(_DELE, "kriteriecelle", "indgaar_ikke")
    v = r[f"{k}_vaerdi"]
    if not finite(v):
        return render_macro(_DELE, "kriteriecelle", "mangler")
    vt = disk.SKJULT if skjult else format_kriterievaerdi(k, v)
    if res == MANGLER:
        return render_macro(_DELE, "kriteriecelle", "landsgennemsnit_mangler", vt)
    d = float(v) - float(r[f"{k}_graense"])
    line = f"{RESULTAT_SYMBOL[res]} {'' if skjult else forskel_tekst(k, d)}".strip()
    if k == "domme":
        line += f" (grænse {format_graense(k, r[f'{k}_graense'])})"
    return render_macro(_DELE, "kriteriecelle", "vaerdi", vt, line)


def _status_tabel(records: list[dict[str, Any]]) -> tuple[_Tabel, list[str]]:
    """The status table (computed beside recorded, with numbered sources) and the sources' URLs."""
    kilder: list[str] = []
    head = ["Liste", "Opfyldt", "Beregnet status", "Registreret status", "Grundlag", "Stemmer?", "Kilde"]
    rows = []
    for r in records:
        har = _har_vaerdier(r)
        opf = f"{r['antal_opfyldt']} af {r['antal_af']} (kræver {r['antal_kraevet']})" if har else "–"
        status = _badge(r["status"], r["status_tekst"]) if har else render_macro(_DELE, "note", "ingen kriterieværdier")
        refs = []
        for url in [u.strip() for u in str(r["registreret_kilde"] or "").split(" ; ") if u.strip()]:
            if url not in kilder:
                kilder.append(url)
            refs.append(f"[{kilder.index(url) + 1}]")
        rows.append([r["liste_aar"], opf, status, r["registreret_status"] or "–",
                     render_macro(_DELE, "grundlag", r["registreret_grundlag"]), r["sammenligning"],
                     " ".join(refs) or "–"])
    return _Tabel(head, rows), kilder


def _badge(status: str, tekst: str) -> Markup:
    symbol, bg, fg = LISTE_STIL.get(status, ("?", "#DDDDDD", "#000000"))
    return render_macro(_DELE, "badge", symbol, bg, fg, tekst)


def _mangler_linjer(records: list[dict[str, Any]]) -> list[str]:
    """Which criterion values are missing, one phrase per list year (none: empty)."""
    lines = []
    for r in records:
        used = [k for k in KRITERIER if r[f"{k}_resultat"]]
        missing = [k for k in used if not finite(r[f"{k}_vaerdi"])]
        lg_missing = ("domme" in used and finite(r["domme_vaerdi"]) and r["domme_resultat"] == MANGLER)
        if not missing and not lg_missing:
            continue
        if len(missing) == len(used):
            lines.append(f"{r['liste_aar']}: alle kriterieværdier mangler")
            continue
        bits = [kort_navn(k) for k in missing]
        if lg_missing:
            bits.append("landsgennemsnittet for dømte")
        suffix = "" if r["afgjort"] else " – derfor kan status ikke afgøres"
        lines.append(f"{r['liste_aar']}: {', '.join(bits)} mangler{suffix}")
    return lines


# --------------------------------------------------------------------------- the criteria by period


def _regel_tabel(rules: Regler) -> dict[str, Any]:
    """The criteria by period: one row per criterion, one column per period (and forebyggelse)."""
    head = ["Kriterium"] + [f"{p.id.rstrip('-')}{'' if p.til_aar else ' og frem'}" for p in rules.perioder]
    forebyg = [(p, item) for p in rules.perioder for item in p.lister if not item.vision]
    head += [f"{item.navn.removesuffix('sområde')} (fra {p.fra_aar})" for p, item in forebyg]
    streg = render_macro(_DELE, "note", "–")
    rows: list[list[Any]] = []
    for k in KRITERIER:
        row: list[Any] = [rules.kort(k)]
        for p in rules.perioder:
            hit = p.hovedgraense(k)
            if hit is None or not hit[0].vision:
                row.append(streg)
                continue
            liste, g = hit
            extra = "" if liste.id == p.hovedliste.id else f" ({liste.navn.lower()})"
            row.append(_kort_graense(g) + extra)
        for _, item in forebyg:
            fg = item.graenser.get(k)
            row.append(_kort_graense(fg) if fg else streg)
        rows.append(row)
    krav: list[Any] = [render_macro(_DELE, "fed", "Krav")]
    krav += [render_macro(_DELE, "linjer", [f"{item.navn}: {_liste_regel_tekst(item, rules, p)}"
                                            for item in p.lister if item.vision]) for p in rules.perioder]
    krav += [_liste_regel_tekst(item, rules, p) for p, item in forebyg]
    rows.append(krav)
    navne = "; ".join([*(f"{rules.kort(k)}: {rules.navn(k).lower()}" for k in KRITERIER),
                       "landsgns.: landsgennemsnittet"])
    return {"head": head, "rows": rows, "navne": navne}


def _kort_graense(g: Graense) -> str:
    """A threshold in a few characters: ``> 40 % (gns. 2 år)``, ``≥ 3 × landsgns.``, ``≥ 1.000``."""
    tegn = OP_TEGN[g.operator]
    if g.faktor_landsgennemsnit is not None:
        text = f"{tegn} {format_tal(g.faktor_landsgennemsnit)} × landsgns."
    else:
        text = f"{tegn} {format_graense(g.kriterium, g.vaerdi)}"
        if g.kriterium == "domme":
            text += " af beboerne 18+"
    if g.gennemsnit_aar:
        text += f" (gns. {g.gennemsnit_aar}{NBSP}år)"
    return text


def _liste_regel_tekst(liste: Liste, rules: Regler, periode: Periode) -> str:
    """A list's conditions in words: ``mindst 1.000 beboere og mindst 3 af 5 kriterier``."""
    parts = []
    for b in liste.betingelser:
        if "kriterium" in b:
            g = liste.graenser[b["kriterium"]]
            if b["kriterium"] == "beboere":
                parts.append(g.tekst)
            else:
                parts.append(f"{kort_navn(b['kriterium'])} {g.tekst}")
        elif "mindst" in b:
            parts.append(f"mindst {b['mindst']} af {len(b['af'])} kriterier")
        elif "liste" in b:
            parts.append(rules.liste_navn(b["liste"], periode.fra_aar).lower())
        elif "i_traek" in b:
            t = b["i_traek"]
            parts.append(f"de seneste {t['aar']} år i træk, medregnet året (nogle kilder: {t.get('alternativ')} år)")
    return ", ".join(parts[:-1]) + " og " + parts[-1] if len(parts) > 1 else (parts[0] if parts else "")


# --------------------------------------------------------------------------- the distance to the vision


def _vision_tekst(g: pd.DataFrame, rules: Regler, navn: str, sidste_aar: int) -> str:
    """The distance to the vision for one area, in words."""
    with_vals = g[g.apply(lambda r: any(finite(r[f"{k}_vaerdi"]) for k in KRITERIER), axis=1)]
    parts = _vision_start(g, navn)
    if with_vals.empty:
        parts.append("Der er ingen værdier for listekriterierne i data, så afstanden til visionen kan ikke beregnes.")
        return " ".join(parts)
    r = with_vals.iloc[-1]
    aar = int(r["liste_aar"])
    on = r["paa_sub_listen"]
    if on is True:
        parts.append(_vision_paa(r, aar, rules))
    elif on is False:
        parts.extend(_vision_ikke_paa(r, aar, rules))
    else:
        parts.append(f"På den seneste liste med kriterieværdier (1. december {aar}) kan det ikke afgøres, om området "
                     f"er på listen: {r['mangler']} mangler.")
    if aar < sidste_aar:
        parts.append(f"Der er ingen kriterieværdier for listerne efter {aar} i runden.")
    parts.append(f"Visionen gælder listerne efter {rules.vision_aar}; runden viser listerne til og med {sidste_aar}.")
    return " ".join(parts)


def _vision_start(g: pd.DataFrame, navn: str) -> list[str]:
    """The recorded status when the plan began (the last recorded list up to 2017), if any."""
    rec = g[(g["registreret_grundlag"] != "") & (g["liste_aar"] <= 2017)]
    if rec.empty:
        return []
    r0 = rec.iloc[-1]
    if r0["registreret_grundlag"] == "not found":
        return [f"{navn}s status på listen pr. 1. december {r0['liste_aar']}, da planen begyndte, er ikke "
                "fundet i de læste kilder."]
    return [f"Da planen begyndte, var {navn} registreret sådan på listen pr. 1. december "
            f"{r0['liste_aar']}: {r0['registreret_status'][:1].lower() + r0['registreret_status'][1:]}."]


def _vision_paa(r: pd.Series, aar: int, rules: Regler) -> str:
    """On a list the vision names: how many criteria must stop being met."""
    over = int(r["antal_opfyldt"]) - int(r["antal_kraevet"]) + 1
    udsat = (" (en andel af ikke-vestlige på højst 50{NBSP}% fjerner kun ghetto-/parallelsamfundsstatus; området er "
             "da stadig et udsat boligområde, og det tæller også mod visionen)")
    return (
        f"På den seneste liste med kriterieværdier i runden (1. december {aar}) er området beregnet som "
        f"{r['status_tekst'].lower()}: {r['antal_opfyldt']} af {r['antal_af']} kriterier er opfyldt, og "
        f"mindst {r['antal_kraevet']} kræves. For at nå visionen skal {over} "
        f"{'kriterium' if over == 1 else 'kriterier'} holde op med at være opfyldt"
        + (udsat if rules.periode_for(aar).fra_aar >= 2018 else "")
        + "."
    )


def _vision_ikke_paa(r: pd.Series, aar: int, rules: Regler) -> list[str]:
    """On none of the vision's lists: how many criteria from it, and the one nearest its threshold."""
    hoved = rules.periode_for(aar).hovedliste
    mangler = int(r["antal_kraevet"]) - int(r["antal_opfyldt"])
    parts = [
        f"På den seneste liste med kriterieværdier i runden (1. december {aar}) er området efter beregningen "
        f"ikke på nogen af de lister, visionen gælder (beregnet status: {r['status_tekst'].lower()}): "
        f"{r['antal_opfyldt']} af de {r['antal_af']} kriterier for {_ubestemt(hoved.navn)} er opfyldt, og "
        f"{r['antal_kraevet']} kræves. Området er {mangler} {'kriterium' if mangler == 1 else 'kriterier'} fra "
        "at komme på listen."
    ]
    nearest = []
    for k in KRITERIER:
        if (r[f"{k}_resultat"] == IKKE_OPFYLDT and k != "beboere" and finite(r[f"{k}_graense"])
                and finite(r[f"{k}_afstand"])):
            nearest.append((100 * float(r[f"{k}_afstand"]) / abs(float(r[f"{k}_graense"])), k))
    if nearest:
        _, k = max(nearest)
        d = float(r[f"{k}_vaerdi"]) - float(r[f"{k}_graense"])
        hit = rules.periode_for(aar).hovedgraense(k)
        op = hit[1].operator if hit is not None else ">"
        parts.append(
            f"Tættest på grænsen er {kort_navn(k)}: {format_kriterievaerdi(k, r[f'{k}_vaerdi'])}, "
            f"{format_tal(abs(d), decimaler(k))}{enhed_forskel(k)} {'over' if d > 0 else 'under'} grænsen "
            f"(kriteriet er opfyldt ved {OP_TEKST[op]} {format_graense(k, r[f'{k}_graense'])})."
        )
    if r["forebyggelse"] is True:
        parts.append("Området er beregnet som forebyggelsesområde; det er ikke en liste over særligt udsatte "
                     "boligområder og tæller ikke mod visionen, men viser, at området er tæt på.")
    return parts


def _ubestemt(navn: str) -> str:
    """A list's name with its indefinite article.

    >>> _ubestemt("Udsat boligområde"), _ubestemt("På listen over særligt udsatte boligområder")
    ('et udsat boligområde', 'listen over særligt udsatte boligområder')
    """
    low = navn[:1].lower() + navn[1:]
    if low.startswith("på "):
        return low[3:]
    return ("en " if low.split()[-1].endswith("liste") else "et ") + low


# --------------------------------------------------------------------------- samlet: the four areas


def _samlet(table: pd.DataFrame, plan: Plan, rules: Regler, sidste: int) -> dict[str, Any]:
    """What the section of samlet shows (the template ``lister/samlet.html.j2``)."""
    grupper = [(str(o), g) for o, g in table.groupby("omraade", sort=False)]
    mangler = [(plan.omraade[o].navn, _mangler_linjer(records(g))) for o, g in grupper]
    fig = _figure(table, list(OMRAADER), plan, rules, sidste)
    return {
        "overblik": _overblik(table, grupper, plan),
        "visioner": [(plan.omraade[o].navn, _vision_tekst(g, rules, plan.omraade[o].navn, sidste)) for o, g in grupper],
        "mangler": [(navn, linjer) for navn, linjer in mangler if linjer],
        "figur": Markup(fig) if fig else None,
        "antal": _antal_raekker(sidste),
    }


def _overblik(table: pd.DataFrame, grupper: list[tuple[str, pd.DataFrame]], plan: Plan) -> _Tabel:
    """One row per area, one column per list year from 2017: computed status over the recorded one."""
    years = sorted(set(table["liste_aar"]))
    years = [y for y in years if y >= 2017] or years
    hist = load_history()
    hist = hist[hist["officiel"] == "ja"]
    rows = []
    for o, g in grupper:
        by = {int(r["liste_aar"]): r for r in records(g)}
        rec = {int(r["aar"]): r for r in records(hist[hist["omraade"] == o])}
        row: list[Any] = [plan.omraade[o].kortnavn or plan.omraade[o].navn]
        for y in years:
            r = by.get(y)
            if r is None:
                row.append("–")
                continue
            label = KORT_STATUS.get(r["status"], r["status"])
            if not r["afgjort"] and r["status"] != KAN_IKKE_AFGOERES:
                label += " (?)"
            badge = _badge(r["status"], label) if _har_vaerdier(r) else None
            row.append(render_macro(_DELE, "samlet_celle", badge, _kort_registreret(rec.get(y))))
        rows.append(row)
    return _Tabel(["Område"] + [str(y) for y in years], rows)


def _kort_registreret(row: Mapping[str, Any] | None) -> str:
    """A recorded row in a few words: ``Ghetto + hårdt ghetto``, ``ikke parallelsamfund/omdannelse``."""
    if row is None:
        return "ingen kilde læst"
    if row["grundlag"] == "not found":
        return "ikke fundet"
    parts = []
    if row["paa_lister"]:
        names = [KORT_STATUS.get(i, i) for i in row["paa_lister"]]
        parts.append(" + ".join([names[0]] + [n.lower() for n in names[1:]]))
    if row["ikke_paa_lister"]:
        parts.append("ikke " + "/".join(KORT_STATUS.get(i, i).lower() for i in row["ikke_paa_lister"]))
    text = "; ".join(parts)
    return text + (" (udledt)" if row["grundlag"] == "inferred" else "")


def _antal_raekker(sidste: int) -> list[list[Any]]:
    """The national counts per list year up to ``sidste`` (none: empty)."""
    antal = load_listeantal()
    if antal is None:
        return []
    a = antal[antal["aar"] <= sidste]
    return [[r["aar"], r["udsatte_omraader"] or "–", r["ghetto_eller_parallelsamfund"] or "–",
             r["haarde_ghetto_eller_omdannelse"] or "–", r["forebyggelse"] or "–"] for r in records(a)]


# =========================================================================== the figure



def _figure(table: pd.DataFrame, omraader: list[str], plan: Plan, rules: Regler, sidste_aar: int) -> str | None:
    """The distances figure (:func:`helhedsanalyse.report.figures.lists.list_figure`)."""
    from .figures.lists import list_figure  # deferred: matplotlib loads for the report section, not for `lister`

    return list_figure(table, omraader, plan, rules, sidste_aar)
