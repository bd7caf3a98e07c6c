"""Regeringens lister: which statutory criteria each area meets, year by year, and its list status.

The plan's vision is that none of the four areas is on the government's list of particularly
vulnerable housing areas after 2025; Ringparken and Motalavej were on it when the plan began. The rules
(:mod:`helhedsanalyse.plan.lists`) and the recorded history (:mod:`helhedsanalyse.inputs.lists`) are
read elsewhere; this module computes

* :func:`classify`: one area's criterion values for one list (1 December of a year) -> which criteria are
  met, by how much each is met or missed, and the status under the rules in force, or which values are
  missing when it cannot be decided;
* :func:`list_table`: one row per area × list year, classifier result beside the recorded status;
* :func:`diskretioner_listetabel`: that table for publication (values on few persons left out).

The report section and the command line's text are in :mod:`helhedsanalyse.report.lists`.

Criterion ids (keys of ``values``; the indicator ids in ``data/plan/indikatorer.yaml`` are accepted too):

=================  =============================================  ==============================
criterion          what                                           indicator
=================  =============================================  ==============================
``beboere``        residents (at least 1.000 from 2013)            ``liste_beboere``
``ikke_vestlige``  % immigrants and descendants, non-Western       ``liste_ikke_vestlige``
``arbejdsmarked``  % 18-64 outside labour market and education     ``liste_uden_arbejde_uddannelse``
``domme``          % residents convicted (straffelov, våbenlov,    ``liste_doemte``
                   lov om euforiserende stoffer)
``uddannelse``     % 30-59 with only basic education               ``liste_kun_grundskole_30_59``
``indkomst``       gross income 15-64 in % of the region's         ``liste_indkomst_pct_af_region``
=================  =============================================  ==============================

Values are the criterion values as used for the list of that year (already averaged over the window the
rule names). A threshold is met as the sources word it: "mere end"/"overstiger" is strict (``>``),
"mindst" is inclusive (``>=``), "mindre end" is strict (``<``); a value exactly at a strict threshold does
not meet it. The method is written down in ``docs/lister.md``.

>>> k = classify({"beboere": 2100, "arbejdsmarked": 45.2, "domme": 2.31, "uddannelse": 57.1,
...               "indkomst": 54.2, "ikke_vestlige": 56.4}, 2019, landsgennemsnit_domme=0.68)
>>> k.status, k.antal_opfyldt, k.antal_kraevet
('ghetto', 3, 2)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pandas as pd

from ..core.formatting import MINUS, NBSP, format_tal
from ..inputs.files import shipped_inputs
from ..inputs.lists import load_history
from ..plan.lists import DECIMALER, KRITERIER, Graense, Liste, ListeError, Periode, Regler, finite, load_rules
from ..plan.model import Plan, load_plan, normalise_name
from . import diskretionering as disk
from .indicators import yearly_values

__all__ = [
    "IKKE_OPFYLDT",
    "IKKE_PAA_LISTE",
    "KAN_IKKE_AFGOERES",
    "MANGLER",
    "OMRAADER",
    "OPFYLDT",
    "OP_TEGN",
    "OP_TEKST",
    "RESULTAT_SYMBOL",
    "Klassifikation",
    "Kriterieresultat",
    "aar_tekst",
    "classify",
    "decimaler",
    "diskretion_forklaring",
    "diskretioner",
    "diskretioner_listetabel",
    "enhed_forskel",
    "format_graense",
    "format_kriterievaerdi",
    "forskel_tekst",
    "kort_navn",
    "list_table",
    "records",
    "registreret_tekst",
    "resolve_areas",
    "rullende_gennemsnit",
]

#: The four areas (``samlet`` is not a list area: the lists classify each area on its own).
OMRAADER: tuple[str, ...] = ("motalavej", "ringparken", "sydbyen", "skaelskoer")

#: The years of the plan; every area gets a row for each of them in :func:`list_table`.
PLANAAR: tuple[int, ...] = (2017, 2018, 2019, 2020, 2021)

#: The operators in words (``mindst``) and as signs (``≥``).
OP_TEKST = {">": "mere end", ">=": "mindst", "<": "mindre end", "<=": "højst"}
OP_TEGN = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}

#: Status ids that are not list ids.
IKKE_PAA_LISTE = "ikke_paa_liste"
KAN_IKKE_AFGOERES = "kan_ikke_afgoeres"

#: Results of one criterion.
OPFYLDT, IKKE_OPFYLDT, MANGLER = "opfyldt", "ikke_opfyldt", "mangler"
_RESULTAT_TEKST = {OPFYLDT: "opfyldt", IKKE_OPFYLDT: "ikke opfyldt", MANGLER: "mangler"}
RESULTAT_SYMBOL = {OPFYLDT: "▲", IKKE_OPFYLDT: "▽", MANGLER: "?"}


# =========================================================================== classification


@dataclass(frozen=True)
class Kriterieresultat:
    """One criterion of one list in one year: value, threshold, distance and result.

    ``afstand`` is signed so that a positive number is on the side that counts toward the list (the
    criterion is met by that margin) and a negative number is the margin by which it is missed, in the
    criterion's unit (procentpoint for shares, residents for ``beboere``). ``resultat`` is ``opfyldt``,
    ``ikke_opfyldt`` or ``mangler``.
    """

    kriterium: str
    navn: str
    liste: str
    vaerdi: float | None
    operator: str
    graense: float | None
    afstand: float | None
    resultat: str
    tekst: str
    graense_tekst: str = ""
    gennemsnit_aar: int | None = None
    faktor_landsgennemsnit: float | None = None
    gange_landsgennemsnit: float | None = None

    @property
    def met(self) -> bool:
        return self.resultat == OPFYLDT

    @property
    def missed(self) -> bool:
        return self.resultat == IKKE_OPFYLDT

    @property
    def missing(self) -> bool:
        return self.resultat == MANGLER

    @property
    def relativ_afstand(self) -> float | None:
        """``afstand`` in percent of the threshold (comparable across criteria)."""
        if self.afstand is None or not self.graense:
            return None
        return 100.0 * self.afstand / abs(self.graense)


@dataclass(frozen=True)
class Klassifikation:
    """The result of :func:`classify` for one area and one list (1 December ``liste_aar``).

    ``lister`` maps every list of the period (mildest first) to True (on it), False (not on it) or None
    (cannot be decided from the values given). ``status`` is the strictest list the area is on,
    ``ikke_paa_liste``, or ``kan_ikke_afgoeres``; ``afgjort`` is False when a stricter list than
    ``status`` cannot be decided. ``mangler`` names the criteria whose missing value (or missing
    national average, for ``domme``) keeps a list undecided.
    """

    liste_aar: int
    periode: str
    periode_navn: str
    regel_tekst: str
    kriterier: tuple[Kriterieresultat, ...]
    lister: dict[str, bool | None]
    lister_alternativ: dict[str, bool | None]
    status: str
    status_tekst: str
    afgjort: bool
    mangler: tuple[str, ...]
    mangler_historik: tuple[int, ...]
    historik_brugt: tuple[int, ...]
    paa_sub_listen: bool | None
    antal_opfyldt: int
    antal_mangler: int
    antal_kraevet: int
    antal_af: int
    afgoerende: tuple[str, ...]
    forklaring: str
    usikkerhed: str = ""
    landsgennemsnit_domme: float | None = None

    def kriterium(self, kriterium: str, liste: str | None = None) -> Kriterieresultat | None:
        """The result of ``kriterium`` against the threshold of ``liste`` (default: the main list's)."""
        if liste is None:
            hoved = self.hovedkriterier
            return hoved.get(kriterium)
        for r in self.kriterier:
            if r.kriterium == kriterium and r.liste == liste:
                return r
        return None

    @property
    def hovedkriterier(self) -> dict[str, Kriterieresultat]:
        """One result per criterion: against the lists the vision names (udsat/ghetto), else any list."""
        rules = load_rules()
        periode = rules.periode_for(self.liste_aar)
        out: dict[str, Kriterieresultat] = {}
        for k in KRITERIER:
            hit = periode.hovedgraense(k)
            if hit is None:
                continue
            r = next((r for r in self.kriterier if r.kriterium == k and r.liste == hit[0].id), None)
            if r is not None:
                out[k] = r
        return out


def _kleene_and(values: Iterable[bool | None]) -> bool | None:
    values = list(values)
    if any(v is False for v in values):
        return False
    if all(v is True for v in values):
        return True
    return None


def _kleene_or(values: Iterable[bool | None]) -> bool | None:
    values = list(values)
    if any(v is True for v in values):
        return True
    if all(v is False for v in values):
        return False
    return None


def decimaler(kriterium: str) -> int:
    """How many decimals a criterion's values are shown with (residents 0, convictions 2, shares 1)."""
    return 0 if kriterium == "beboere" else 2 if kriterium == "domme" else 1


def format_kriterievaerdi(kriterium: str, x: float | None) -> str:
    """A criterion value in Danish: ``2.150``, ``46,5 %``, ``2,31 %``; missing: ``–``.

    >>> format_kriterievaerdi("beboere", 2150), format_kriterievaerdi("arbejdsmarked", 46.54)
    ('2.150', '46,5\xa0%')
    >>> format_kriterievaerdi("domme", 2.314), format_kriterievaerdi("indkomst", None)
    ('2,31\xa0%', '–')
    """
    if x is None or not finite(x):
        return "–"
    if kriterium == "beboere":
        return format_tal(x, 0)
    return format_tal(float(x), decimaler(kriterium)) + NBSP + "%"


def format_graense(kriterium: str, x: float | None) -> str:
    """A threshold in Danish, without trailing zeros: ``1.000``, ``40 %``, ``2,04 %``.

    >>> format_graense("beboere", 1000.0), format_graense("ikke_vestlige", 40.0), format_graense("domme", 2.04)
    ('1.000', '40\xa0%', '2,04\xa0%')
    """
    if x is None or not finite(x):
        return "–"
    if kriterium == "beboere":
        return format_tal(x, 0)
    return format_tal(round(float(x), 3)) + NBSP + "%"


def enhed_forskel(kriterium: str) -> str:
    """The unit of a difference, with its leading non-breaking space: `` beboere`` or `` procentpoint``."""
    return NBSP + ("beboere" if kriterium == "beboere" else "procentpoint")


def forskel_tekst(kriterium: str, d: float) -> str:
    """Value minus threshold with its sign.

    >>> forskel_tekst("arbejdsmarked", 6.5), forskel_tekst("ikke_vestlige", -3.0), forskel_tekst("domme", 0.0)
    ('+6,5', '−3,0', '±0')
    """
    text = format_tal(abs(d), decimaler(kriterium))
    if round(d, DECIMALER) == 0:
        return "±0"
    return ("+" if d > 0 else MINUS) + text


def _judge(kriterium: str, navn: str, liste: Liste, g: Graense, vaerdi: Any,
           landsgennemsnit: float | None) -> Kriterieresultat:
    """One criterion value against one threshold (met, missed, or missing) with a Danish sentence."""
    graense = g.graense(landsgennemsnit)
    graense_tekst = _graense_tekst(kriterium, g, graense, landsgennemsnit)

    def result(v: float | None, afstand: float | None, resultat: str, tekst: str,
               gange: float | None = None) -> Kriterieresultat:
        return Kriterieresultat(kriterium, navn, liste.id, v, g.operator, graense,
                                afstand, resultat, _cap(tekst), graense_tekst, g.gennemsnit_aar,
                                g.faktor_landsgennemsnit, gange)

    if vaerdi is None or not finite(vaerdi):
        hvad = navn.lower() if kriterium != "beboere" else "antal beboere"
        return result(None, None, MANGLER, f"{hvad}: værdien mangler")
    v = float(vaerdi)
    if graense is None:
        return result(v, None, MANGLER, f"{format_kriterievaerdi(kriterium, v)}, men landsgennemsnittet for dømte "
                                        f"mangler, så grænsen ({graense_tekst}) kan ikke beregnes")
    gange = None
    if g.faktor_landsgennemsnit is not None and landsgennemsnit is not None and landsgennemsnit > 0:
        gange = v / landsgennemsnit
    afstand = round((v - graense) if g.opad else (graense - v), DECIMALER)
    resultat = OPFYLDT if afstand > 0 or (afstand == 0 and g.inklusiv) else IKKE_OPFYLDT
    vt = format_kriterievaerdi(kriterium, v)
    if gange is not None:
        vt += f" = {format_tal(gange, 2)} gange landsgennemsnittet"
    rel = _relation(kriterium, g, v, graense, resultat == OPFYLDT)
    return result(v, afstand, resultat,
                  f"{kort_navn(kriterium)} {vt}, grænse {graense_tekst}: {_RESULTAT_TEKST[resultat]} ({rel})", gange)


def _graense_tekst(kriterium: str, g: Graense, graense: float | None, landsgennemsnit: float | None) -> str:
    """``> 40 %``; convictions ``≥ 3 × 0,68 % = 2,04 %`` (``≥ 3 × landsgennemsnittet`` without the average)."""
    tegn = OP_TEGN[g.operator]
    if g.faktor_landsgennemsnit is None:
        return f"{tegn} {format_graense(kriterium, graense)}"
    if graense is None:
        return f"{tegn} {format_tal(g.faktor_landsgennemsnit)} × landsgennemsnittet"
    return (f"{tegn} {format_tal(g.faktor_landsgennemsnit)} × "
            f"{format_graense(kriterium, landsgennemsnit)} = {format_graense(kriterium, graense)}")


def _relation(kriterium: str, g: Graense, v: float, graense: float, met: bool) -> str:
    """How far a value is from its threshold, in words: ``3,2 procentpoint over grænsen``."""
    d = round(v - graense, DECIMALER)
    if d == 0:
        rel = "præcis på grænsen"
        if not met:
            rel += f", og kriteriet kræver {OP_TEKST[g.operator]} {format_graense(kriterium, graense)}"
        return rel
    side = "over" if d > 0 else "under"
    return f"{format_tal(abs(d), decimaler(kriterium))}{enhed_forskel(kriterium)} {side} grænsen"


def kort_navn(kriterium: str) -> str:
    """Short Danish name of a criterion for sentences: ``andelen uden for arbejdsmarkedet`` ..."""
    return {
        "beboere": "antal beboere",
        "ikke_vestlige": "andelen af ikke-vestlige indvandrere og efterkommere",
        "arbejdsmarked": "andelen uden for arbejdsmarked og uddannelse",
        "domme": "andelen af dømte",
        "uddannelse": "andelen med højst grunduddannelse",
        "indkomst": "indkomsten i procent af regionens",
    }.get(kriterium, kriterium)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _normalise_values(values: Mapping[str, Any] | None) -> dict[str, float | None]:
    rules = load_rules()
    alias = rules.indikator_til_kriterium
    out: dict[str, float | None] = {}
    for key, v in (values or {}).items():
        k = alias.get(key, key)
        if k not in rules.kriterier:
            raise ListeError(
                f"ukendt listekriterium '{key}'; gyldige: {', '.join(KRITERIER)} (eller indikatorerne "
                f"{', '.join(alias)})"
            )
        out[k] = float(v) if finite(v) else None
    return out


def _history_flag(entry: Any, ghetto_lister: frozenset[str]) -> bool | None:
    """Was the area on a ghetto list (ghettoliste, ghetto, parallelsamfund ...) that year? None: unknown."""
    if entry is None:
        return None
    if isinstance(entry, bool):
        return entry
    if isinstance(entry, Klassifikation):
        return _kleene_or(v for k, v in entry.lister.items() if k in ghetto_lister) if any(
            k in ghetto_lister for k in entry.lister) else False
    if isinstance(entry, float) and math.isnan(entry):
        return None
    if isinstance(entry, str):
        s = entry.strip()
        if s in ghetto_lister:
            return True
        if s in (IKKE_PAA_LISTE, "udsat", "forebyggelse"):
            return False
        if s in (KAN_IKKE_AFGOERES, "ikke_fundet", "not found", ""):
            return None
        raise ListeError(
            f"ukendt listestatus i historikken: '{entry}'; brug en liste-id ({', '.join(sorted(ghetto_lister))}, "
            f"udsat, forebyggelse), '{IKKE_PAA_LISTE}', True/False eller None"
        )
    if isinstance(entry, Iterable):
        items = {str(x) for x in entry}
        return bool(items & ghetto_lister)
    raise ListeError(f"ukendt listestatus i historikken: {entry!r}")


@dataclass
class _Cond:
    value: bool | None
    tekst: str
    mangler: set[str] = field(default_factory=set)
    mangler_aar: list[int] = field(default_factory=list)
    brugt_aar: list[int] = field(default_factory=list)


def _eval_list(liste: Liste, results: dict[tuple[str, str], Kriterieresultat], membership: dict[str, bool | None],
               aar: int, history: Mapping[int, Any] | None, rules: Regler, n_aar: int | None) -> list[_Cond]:
    """Each condition of ``liste``: holds, fails or undecided (None), with a Danish reason."""
    conds: list[_Cond] = []
    for b in liste.betingelser:
        if "kriterium" in b:
            r = results[(liste.id, b["kriterium"])]
            value = True if r.met else False if r.missed else None
            conds.append(_Cond(value, r.tekst, {r.kriterium} if r.missing else set()))
        elif "mindst" in b:
            conds.append(_cond_mindst(int(b["mindst"]), [results[(liste.id, k)] for k in b["af"]]))
        elif "liste" in b:
            v = membership.get(b["liste"])
            navn = rules.liste_navn(b["liste"], aar).lower()
            tekst = (f"er {navn}" if v else f"er ikke {navn}" if v is False
                     else f"det kan ikke afgøres, om det er {navn}")
            conds.append(_Cond(v, tekst))
        elif "i_traek" in b:
            n = int(n_aar or b["i_traek"]["aar"])
            flags = {y: _history_flag((history or {}).get(y), rules.ghetto_lister) for y in range(aar - n + 1, aar)}
            conds.append(_cond_i_traek(flags, aar, n))
    return conds


def _cond_mindst(m: int, rs: list[Kriterieresultat]) -> _Cond:
    """At least ``m`` of the criteria ``rs`` met: undecided while the missing ones could tip it."""
    a = sum(r.met for r in rs)
    c = [r.kriterium for r in rs if r.missing]
    value = True if a >= m else False if a + len(c) < m else None
    tekst = f"{a} af {len(rs)} kriterier opfyldt (mindst {m} kræves)"
    if value is None:
        tekst += f"; afhænger af {', '.join(kort_navn(k) for k in c)}, som mangler"
    return _Cond(value, tekst, set(c) if value is None else set())


def _cond_i_traek(flags: dict[int, bool | None], aar: int, n: int) -> _Cond:
    """On a ghetto list in each of the ``n`` years up to ``aar`` (``flags``: the years before ``aar``)."""
    false_years = [y for y, f in flags.items() if f is False]
    missing = [y for y, f in flags.items() if f is None]
    value = False if false_years else True if not missing else None
    span = f"{aar - n + 1}-{aar}"
    if value is True:
        tekst = f"på ghettolisten/parallelsamfundslisten i alle {n} år {span}"
    elif value is False:
        tekst = f"ikke på ghettolisten/parallelsamfundslisten i {aar_tekst(false_years)} (kræver {n} år i træk, {span})"
    else:
        tekst = f"listestatus mangler for {aar_tekst(missing)} (kræver {n} år i træk, {span})"
    return _Cond(value, tekst, mangler_aar=missing if value is None else [], brugt_aar=list(flags))


def aar_tekst(years: list[int]) -> str:
    """Years in a Danish sentence.

    >>> aar_tekst([2019]), aar_tekst([2017, 2018, 2020])
    ('2019', '2017, 2018 og 2020')
    """
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    return ", ".join(str(y) for y in years[:-1]) + " og " + str(years[-1])


def classify(
    values: Mapping[str, float | None],
    list_date: int,
    landsgennemsnit_domme: float | None = None,
    history: Mapping[int, Any] | None = None,
) -> Klassifikation:
    """Classify one area for the list of 1 December ``list_date`` under the rules in force that year.

    Parameters
    ----------
    values : mapping
        Criterion values for that list, keyed by criterion id (``beboere``, ``ikke_vestlige``,
        ``arbejdsmarked``, ``domme``, ``uddannelse``, ``indkomst``) or by indicator id
        (``liste_beboere`` ...). Shares in percent (0-100); ``domme`` is the share of residents convicted
        (in percent), ``indkomst`` the area's gross income in percent of the region's. None/NaN: missing.
        Values are the ones the list uses (already averaged where the rule says so).
    list_date : int
        The year of the 1 December list.
    landsgennemsnit_domme : float, optional
        The national share convicted (percent), needed from 2018, when the conviction threshold is a
        multiple of it. Without it the conviction criterion is "mangler".
    history : mapping year -> status, optional
        The area's status on earlier lists, for the consecutive-years rule of hårde ghettoområder /
        omdannelsesområder: a list id (``ghettoliste``, ``ghetto``, ``haardt_ghetto``,
        ``parallelsamfund``, ``omdannelse``; ``udsat``/``forebyggelse``/``ikke_paa_liste`` count as not
        on a ghetto list), a set of list ids, True/False (on a ghetto list or not), a
        :class:`Klassifikation`, or None (unknown).

    Returns
    -------
    Klassifikation
        Per-criterion results (met/missed/missing, value, threshold, distance), the membership of each
        list, the status with a Danish explanation, and which values are missing if it cannot be decided.

    Raises
    ------
    ListeError
        for a year before the first list (2010), an unknown criterion id or an unknown history status.
    """
    rules = load_rules()
    aar = int(list_date)
    periode = rules.periode_for(aar)
    vals = _normalise_values(values)
    lg = float(landsgennemsnit_domme) if landsgennemsnit_domme is not None and finite(landsgennemsnit_domme) else None
    results = {(liste.id, k): _judge(k, rules.navn(k), liste, g, vals.get(k), lg)
               for liste in periode.lister for k, g in liste.graenser.items()}
    member, conds_by = _memberships(periode, results, aar, history, rules, alternativ=False)
    member_alt, conds_alt = _memberships(periode, results, aar, history, rules, alternativ=True)
    status, undecided = _status(periode.liste_ids, member)
    mangler, mangler_aar, brugt_aar = _missing(undecided, conds_by)
    hoved = _Hovedregel.of(periode.hovedliste, results)
    status_tekst = _status_tekst(status, rules, aar)
    if undecided and status != KAN_IKKE_AFGOERES:
        hvilke = ", ".join(f"om det er {rules.liste_navn(i, aar).lower()}" for i in undecided)
        status_tekst += f" ({hvilke} kan ikke afgøres)"
    usikkerhed = _usikkerhed(periode, member, member_alt, conds_alt)
    forklaring = _forklaring(periode, aar, rules, results, member, conds_by, status, status_tekst, not undecided,
                             mangler, mangler_aar, hoved, usikkerhed)
    return Klassifikation(
        liste_aar=aar,
        periode=periode.id,
        periode_navn=periode.navn,
        regel_tekst=periode.regel_tekst,
        kriterier=tuple(results.values()),
        lister=member,
        lister_alternativ=member_alt,
        status=status,
        status_tekst=status_tekst,
        afgjort=not undecided,
        mangler=mangler,
        mangler_historik=mangler_aar,
        historik_brugt=brugt_aar,
        paa_sub_listen=_kleene_or(member[i] for i in periode.liste_ids if periode.liste(i).vision),
        antal_opfyldt=hoved.opfyldt,
        antal_mangler=hoved.mangler,
        antal_kraevet=hoved.kraevet,
        antal_af=len(hoved.af),
        afgoerende=hoved.afgoerende,
        forklaring=forklaring,
        usikkerhed=usikkerhed,
        landsgennemsnit_domme=lg,
    )


def _memberships(periode: Periode, results: dict[tuple[str, str], Kriterieresultat], aar: int,
                 history: Mapping[int, Any] | None, rules: Regler,
                 alternativ: bool) -> tuple[dict[str, bool | None], dict[str, list[_Cond]]]:
    """Each list of the period (mildest first): on it or not (None: undecided), and its conditions.

    ``alternativ``: read the consecutive-years rule with the number of years other sources give.
    """
    member: dict[str, bool | None] = {}
    conds_by: dict[str, list[_Cond]] = {}
    for liste in periode.lister:
        n = None
        if alternativ and liste.i_traek is not None:
            n = liste.i_traek.get("alternativ") or liste.i_traek["aar"]
        conds = _eval_list(liste, results, member, aar, history, rules, n)
        member[liste.id] = _kleene_and(c.value for c in conds)
        conds_by[liste.id] = conds
    return member, conds_by


def _status(ids: list[str], member: dict[str, bool | None]) -> tuple[str, list[str]]:
    """The strictest list the area is on (or not on any, or undecided), and the stricter lists undecided."""
    on = [i for i in ids if member[i] is True]
    if on:
        status = on[-1]
        stricter = ids[ids.index(status) + 1:]
    else:
        status = IKKE_PAA_LISTE if all(member[i] is False for i in ids) else KAN_IKKE_AFGOERES
        stricter = ids
    return status, [i for i in stricter if member[i] is None]


def _missing(undecided: list[str], conds_by: dict[str, list[_Cond]]
             ) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """The criteria and history years whose absence keeps a list undecided, and the history years used."""
    mangler: set[str] = set()
    mangler_aar: set[int] = set()
    for i in undecided:
        for c in conds_by[i]:
            mangler |= c.mangler
            mangler_aar |= set(c.mangler_aar)
    brugt_aar = {y for conds in conds_by.values() for c in conds for y in c.brugt_aar}
    return tuple(k for k in KRITERIER if k in mangler), tuple(sorted(mangler_aar)), tuple(sorted(brugt_aar))


@dataclass(frozen=True)
class _Hovedregel:
    """The ``m of K`` rule of the main list: how many are met and missing, and which criteria decide."""

    liste: Liste
    kraevet: int
    af: tuple[str, ...]
    opfyldt: int
    mangler: int
    afgoerende: tuple[str, ...]

    @classmethod
    def of(cls, hoved: Liste, results: dict[tuple[str, str], Kriterieresultat]) -> _Hovedregel:
        m, af = hoved.mindst  # type: ignore[misc]  # the main list has an m-of-K rule by definition
        rs = [results[(hoved.id, k)] for k in af]
        a = sum(r.met for r in rs)
        c_missing = sum(r.missing for r in rs)
        if a == m and c_missing == 0:
            afgoerende = tuple(r.kriterium for r in rs if r.met)
        elif a == m - 1 and c_missing == 0:
            afgoerende = tuple(r.kriterium for r in rs if r.missed)
        else:
            afgoerende = ()
        return cls(hoved, m, af, a, c_missing, afgoerende)


def _usikkerhed(periode: Periode, member: dict[str, bool | None], member_alt: dict[str, bool | None],
                conds_alt: dict[str, list[_Cond]]) -> str:
    """Where the 4- and the 5-year reading of the consecutive-years rule disagree, in words (else empty)."""
    diff = [i for i in periode.liste_ids if member[i] != member_alt[i]]
    if not diff:
        return ""
    parts = []
    for i in diff:
        item = periode.liste(i)
        i_traek = item.i_traek or {}  # only a list with the consecutive-years rule can differ
        n, alt = i_traek.get("aar"), i_traek.get("alternativ")
        parts.append(
            f"{item.navn}: efter {n}-års-læsningen {_ja_nej(member[i])}, efter {alt}-års-læsningen "
            f"{_ja_nej(member_alt[i])} ({next(c.tekst for c in conds_alt[i] if c.brugt_aar)})"
        )
    return "Kilderne er uenige om, hvor mange år i træk der kræves (4 eller 5). " + "; ".join(parts) + "."


def _eller(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " eller " + items[-1]


def _ja_nej(v: bool | None) -> str:
    return "ja" if v is True else "nej" if v is False else "kan ikke afgøres"


def _status_tekst(status: str, rules: Regler, aar: int) -> str:
    if status == IKKE_PAA_LISTE:
        return "Ikke på listen" if rules.periode_for(aar).fra_aar < 2018 else "Ikke på nogen liste"
    if status == KAN_IKKE_AFGOERES:
        return "Kan ikke afgøres"
    return rules.liste_navn(status, aar)


def _forklaring(periode: Periode, aar: int, rules: Regler, results: dict[tuple[str, str], Kriterieresultat],
                member: dict[str, bool | None], conds_by: dict[str, list[_Cond]], status: str, status_tekst: str,
                afgjort: bool, mangler: tuple[str, ...], mangler_aar: tuple[int, ...], hoved: _Hovedregel,
                usikkerhed: str) -> str:
    """The classification in Danish sentences: each list with its reasons, the status, what is missing."""
    parts = [f"Listen pr. 1. december {aar} (regler {periode.id})."]
    for liste in periode.lister:
        parts.append(f"{liste.navn}: {_ja_nej(member[liste.id])}. "
                     + _cap("; ".join(_grunde(liste, results, conds_by[liste.id]))) + ".")
    parts.append("Status: kan ikke afgøres." if status == KAN_IKKE_AFGOERES else f"Status: {status_tekst}.")
    if mangler and not afgjort:
        parts.append("For at afgøre status mangler: " + ", ".join(_mangler_navn(k, results) for k in mangler) + ".")
    if mangler_aar and not afgjort:
        parts.append(f"Listestatus mangler for {aar_tekst(list(mangler_aar))} (reglen om år i træk).")
    if hoved.afgoerende:
        parts.append(_afgoerende_tekst(hoved, bool(member.get(hoved.liste.id))))
    if usikkerhed:
        parts.append(usikkerhed)
    return " ".join(parts)


def _grunde(liste: Liste, results: dict[tuple[str, str], Kriterieresultat], conds: list[_Cond]) -> list[str]:
    """Why a list holds or not: one reason per condition (a count names each criterion's value and result)."""
    reasons = []
    for b, c in zip(liste.betingelser, conds, strict=True):
        if "mindst" in b:
            rs = [results[(liste.id, k)] for k in b["af"]]
            a = sum(r.met for r in rs)
            bits = [_resultat_tekst(r) for r in rs]
            reasons.append(f"{a} af {len(rs)} kriterier er opfyldt, og mindst {b['mindst']} kræves: " + "; ".join(bits))
        elif "kriterium" in b:
            reasons.append(_resultat_tekst(results[(liste.id, b["kriterium"])]))
        else:
            reasons.append(c.tekst)
    return reasons


def _resultat_tekst(r: Kriterieresultat) -> str:
    return _mangler_tekst(r) if r.missing else f"{_kort_resultat(r)} er {_RESULTAT_TEKST[r.resultat]}"


def _afgoerende_tekst(hoved: _Hovedregel, paa: bool) -> str:
    """The criteria that decide: exactly enough are met (each decides), or one more would put it on."""
    names = _eller([kort_navn(k) for k in hoved.afgoerende])
    navn = hoved.liste.navn.lower()
    if paa:
        return (f"Præcis {hoved.kraevet} kriterier er opfyldt, så hvert af dem er afgørende: holder {names} op med at "
                f"være opfyldt, er området ikke længere {navn}.")
    return f"Området mangler ét kriterium for at være {navn}: bliver {names} opfyldt, kommer det på listen."


def _kort_resultat(r: Kriterieresultat) -> str:
    v = format_kriterievaerdi(r.kriterium, r.vaerdi)
    if r.gange_landsgennemsnit is not None:
        v += f" = {format_tal(r.gange_landsgennemsnit, 2)} gange landsgennemsnittet"
    d = "" if r.vaerdi is None or r.graense is None else f", {forskel_tekst(r.kriterium, r.vaerdi - r.graense)}"
    return f"{kort_navn(r.kriterium)} {v} (grænse {r.graense_tekst}{d})"


def _mangler_tekst(r: Kriterieresultat) -> str:
    if r.vaerdi is not None and r.graense is None:
        vaerdi = format_kriterievaerdi(r.kriterium, r.vaerdi)
        return f"{kort_navn(r.kriterium)} {vaerdi}, men landsgennemsnittet mangler"
    return f"{kort_navn(r.kriterium)} (ingen værdi)"


def _mangler_navn(k: str, results: dict[tuple[str, str], Kriterieresultat]) -> str:
    if k == "domme" and any(r.kriterium == "domme" and r.vaerdi is not None and r.missing for r in results.values()):
        return "landsgennemsnittet for dømte"
    return kort_navn(k)


def rullende_gennemsnit(serie: Mapping[int, float | None], aar: int, vindue: int) -> float | None:
    """The average of ``serie`` over the ``vindue`` years up to and including ``aar`` (None if any is missing).

    For evaluators who compute a criterion value themselves from yearly register figures: the two-year
    criteria from 2013 average the two latest years, the 2010-2012 ones four.

    >>> rullende_gennemsnit({2018: 44.0, 2019: 42.0}, 2019, 2)
    43.0
    >>> rullende_gennemsnit({2019: 42.0}, 2019, 2) is None
    True
    """
    years = range(aar - vindue + 1, aar + 1)
    vals = [serie.get(y) for y in years]
    present = [float(v) for v in vals if v is not None and finite(v)]
    if len(present) < len(vals):
        return None
    return sum(present) / vindue


def _history_entry(row: Mapping[str, Any], ghetto_lister: frozenset[str]) -> bool | None:
    """A recorded row as a flag for the consecutive-years rule (None: the row does not say)."""
    if row["grundlag"] == "not found":
        return None
    if set(row["paa_lister"]) & ghetto_lister:
        return True
    if set(row["ikke_paa_lister"]) & ghetto_lister:
        return False
    return None


def registreret_tekst(row: Mapping[str, Any] | None, rules: Regler | None = None) -> str:
    """A recorded row in Danish: ``Ghettoområde og hårdt ghettoområde``; ``ikke fundet``."""
    if row is None:
        return ""
    rules = rules or load_rules()
    if row["grundlag"] == "not found":
        return "ikke fundet"
    aar = int(row["aar"])
    parts = []
    if row["paa_lister"]:
        parts.append(_navne(list(row["paa_lister"]), rules, aar, " og "))
    if row["ikke_paa_lister"]:
        ids = list(row["ikke_paa_lister"])
        text = _navne(ids, rules, aar, " og " if row["paa_lister"] == ids else " eller ")
        parts.append("ikke " + text[:1].lower() + text[1:])
    text = _cap("; ".join(parts)) if parts else "Ingen liste nævnt"
    if row["grundlag"] == "inferred":
        text += " (udledt)"
    return text


def _navne(ids: list[str], rules: Regler, aar: int, bindeord: str) -> str:
    """The lists' names in one phrase: ``Ghettoområde og hårdt ghettoområde``."""
    items = [rules.liste_navn(i, aar) for i in ids]
    items = [items[0]] + [x[:1].lower() + x[1:] for x in items[1:]]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + bindeord + items[-1]


def _compare(k: Klassifikation, row: Mapping[str, Any] | None) -> str:
    """``stemmer``, ``stemmer delvist``, ``stemmer ikke``, ``kan ikke sammenlignes`` or ``–`` (nothing recorded).

    Each list the recorded row names (on or off) is checked against the classifier's membership; a list
    the classifier cannot decide is not a disagreement, but makes the agreement partial.
    """
    if row is None or row["grundlag"] == "not found":
        return "–"
    checked, unknown, conflict = 0, 0, False
    for liste_id, expected in [(i, True) for i in row["paa_lister"]] + [(i, False) for i in row["ikke_paa_lister"]]:
        v = k.lister.get(liste_id)
        if v is None:
            unknown += 1
        elif v == expected:
            checked += 1
        else:
            conflict = True
    if conflict:
        return "stemmer ikke"
    if not checked:
        return "kan ikke sammenlignes"
    return "stemmer delvist" if unknown else "stemmer"


# =========================================================================== the table


_TABEL_KOLONNER_FOER = ["omraade", "omraade_navn", "liste_aar", "regelperiode"]
_TABEL_KOLONNER_EFTER = [
    "landsgennemsnit_domme", "antal_opfyldt", "antal_kraevet", "antal_af", "paa_lister", "forebyggelse", "status",
    "status_tekst", "afgjort", "paa_sub_listen", "mangler", "afgoerende", "forklaring", "registreret_status",
    "registreret_grundlag", "registreret_kilde", "registreret_note", "sammenligning", "illustrativ", "kilde_data",
]


def _tabel_kolonner() -> list[str]:
    crit = [f"{k}_{suffix}" for k in KRITERIER for suffix in ("vaerdi", "graense", "afstand", "resultat")]
    return _TABEL_KOLONNER_FOER + crit + _TABEL_KOLONNER_EFTER


@dataclass
class _Data:
    values: dict[tuple[str, int], dict[str, float]]
    landsgennemsnit: dict[int, float]
    illustrativ: dict[tuple[str, int], bool]
    kilder: dict[tuple[str, int], list[str]]
    skjult: dict[tuple[str, int], set[str]]


def _criterion_data(observations: pd.DataFrame | None, plan: Plan, rules: Regler,
                    graense: int = disk.GRAENSE) -> _Data:
    """The criterion values per (area, list year) and the national conviction average per year; ``skjult``:
    the values of sensitive indicators that diskretionering hides at threshold ``graense``
    (:func:`diskretionering.primaer`: a small tæller, given or værdi × nævner / 100, nævner or complement)."""
    data = _Data({}, {}, {}, {}, {})
    if observations is None or len(observations) == 0:
        return data
    ind_to_k = rules.indikator_til_kriterium
    obs = observations[observations["indikator"].isin(ind_to_k)]
    if obs.empty:
        return data
    yv = yearly_values(obs, plan)
    yv = yv[yv["vaerdi"].notna() & ~yv["ufuldstaendig"].astype(bool)]
    for r in records(yv):
        k = ind_to_k[r["indikator"]]
        key = (r["omraade"], int(r["aar"]))
        if r["omraade"] == "danmark" and k == "domme":
            data.landsgennemsnit[int(r["aar"])] = float(r["vaerdi"])
            data.illustrativ[("danmark", int(r["aar"]))] = bool(r["illustrativ"])
            data.kilder.setdefault(("danmark", int(r["aar"])), []).append(_kildetekst(r))
            continue
        data.values.setdefault(key, {})[k] = float(r["vaerdi"])
        data.illustrativ[key] = data.illustrativ.get(key, False) or bool(r["illustrativ"])
        data.kilder.setdefault(key, []).append(_kildetekst(r))
        ind = plan.indikator.get(r["indikator"])
        if ind is not None and ind.foelsom and disk.primaer(ind.enhed, r.get("vaerdi"), r.get("taeller"),
                                                            r.get("naevner"), graense):
            data.skjult.setdefault(key, set()).add(k)
    return data


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dictionaries keyed by column name."""
    return cast("list[dict[str, Any]]", frame.to_dict("records"))


def _kildetekst(r: Mapping[str, Any]) -> str:
    fil = Path(str(r.get("fil") or "")).name
    raekke = r.get("raekke")
    where = f"{fil} række {int(raekke)}" if fil and raekke is not None and finite(raekke) else fil
    return where or str(r.get("kilde") or "")


def resolve_areas(omraader: Iterable[str] | None, plan: Plan) -> list[str]:
    if not omraader:
        return list(OMRAADER)
    out: list[str] = []
    for name in omraader:
        key = plan.sted_alias.get(normalise_name(name))
        if key == "samlet":
            out.extend(a for a in OMRAADER if a not in out)
            continue
        if key not in OMRAADER:
            raise ListeError(
                f"ukendt område '{name}'; gyldige: {', '.join(OMRAADER)} (eller samlet for alle fire)"
            )
        if key not in out:
            out.append(key)
    return out


def list_table(
    observations: pd.DataFrame | None = None,
    omraader: list[str] | None = None,
    plan: Plan | None = None,
    diskretionering_graense: int = disk.GRAENSE,
) -> pd.DataFrame:
    """One row per area × list year: criterion values, distances, the classifier's and the recorded status.

    Parameters
    ----------
    observations : pandas.DataFrame, optional
        Observations in the data contract with the list indicators (``liste_beboere``,
        ``liste_ikke_vestlige``, ``liste_uden_arbejde_uddannelse``, ``liste_doemte``,
        ``liste_kun_grundskole_30_59``, ``liste_indkomst_pct_af_region``); ``periode`` is the year of the
        1 December list. The national conviction average is the ``danmark`` row of ``liste_doemte``.
        Default: the shipped data (``data/eksempel``, illustrative).
    omraader : list of str, optional
        Area ids or names (default: the four areas; ``samlet`` means the four).
    plan : Plan, optional
    diskretionering_graense : int
        The threshold of diskretionering: ``attrs["skjult"]`` names the values it hides (the table itself
        holds every value; :func:`diskretioner_listetabel` makes it publishable).

    Returns
    -------
    pandas.DataFrame
        Sorted by area (plan order) and year. Years: 2017-2021 for every area, plus every year with
        criterion values or a recorded official status. Columns:

        * ``omraade``, ``omraade_navn``, ``liste_aar``, ``regelperiode`` (``2013-2017`` ...)
        * for each criterion ``k`` in ``beboere, ikke_vestlige, arbejdsmarked, domme, uddannelse,
          indkomst``: ``k_vaerdi``, ``k_graense`` (the threshold of the list the vision names: udsat /
          ghetto / parallelsamfund; convictions: factor × national average), ``k_afstand`` (positive: met
          by that margin; negative: missed by it), ``k_resultat`` (``opfyldt``, ``ikke_opfyldt``,
          ``mangler``, or empty when the criterion is not part of that period's rules)
        * ``landsgennemsnit_domme``; ``antal_opfyldt``/``antal_kraevet``/``antal_af`` of the main
          ``m of K`` rule
        * ``paa_lister`` (list ids the area is on, ``;``-separated), ``forebyggelse`` (True/False/None;
          None also before 2021)
        * ``status``, ``status_tekst``, ``afgjort``, ``paa_sub_listen`` (True/False/None: on a list the
          vision names), ``mangler`` (Danish names of the missing values), ``afgoerende``, ``forklaring``
        * ``registreret_status`` (Danish; ``ikke fundet`` where the reference says "not found"; empty where
          no source row exists), ``registreret_grundlag`` (``stated``, ``inferred``, ``not found`` or
          empty), ``registreret_kilde`` (URL), ``registreret_note``
        * ``sammenligning``: ``stemmer``, ``stemmer ikke``, ``kan ikke sammenlignes`` or ``–``
        * ``illustrativ`` (any value is illustrative), ``kilde_data`` (file and row of each value)
    """
    plan = plan or load_plan()
    rules = load_rules()
    if observations is None:
        observations = shipped_inputs(None, plan)[0]
    areas = resolve_areas(omraader, plan)
    data = _criterion_data(observations, plan, rules, diskretionering_graense)
    hist = load_history()
    rows = [row for o in areas for row in _area_rows(o, data, hist[hist["omraade"] == o], plan, rules)]
    frame = pd.DataFrame(rows, columns=_tabel_kolonner())
    frame.attrs["skjult"] = {f"{o}:{y}": sorted(s) for (o, y), s in data.skjult.items()}
    return frame


def _area_rows(o: str, data: _Data, h: pd.DataFrame, plan: Plan, rules: Regler) -> list[dict[str, Any]]:
    """The rows of one area (``h``: its recorded history), oldest list first.

    Each year is classified with the history before it: a stated recorded status first, then this
    classifier's own result for that year, then an inferred recorded status.
    """
    first_year = min(p.fra_aar for p in rules.perioder)
    official = h[h["officiel"] == "ja"]
    years = sorted(y for y in set(PLANAAR) | {y for (a, y) in data.values if a == o} | set(official["aar"])
                   if y >= first_year)
    recorded = {int(r["aar"]): r for r in records(official)}
    proposals = {int(r["aar"]): r for r in records(h[h["officiel"] != "ja"])}
    own: dict[int, Klassifikation] = {}
    rows = []
    for y in years:
        history = _history_for(range(first_year, max(years) + 1), recorded, own, rules.ghetto_lister)
        own[y] = classify(data.values.get((o, y), {}), y, data.landsgennemsnit.get(y), history=history)
        rows.append(_row(o, y, own, data, recorded, proposals, plan, rules))
    return rows


def _history_for(years: Iterable[int], recorded: Mapping[int, Mapping[str, Any]],
                 own: Mapping[int, Klassifikation], ghetto_lister: frozenset[str]) -> dict[int, Any]:
    """On a ghetto list or not, per year: stated record, else own classification, else inferred record."""
    out: dict[int, Any] = {}
    for y in years:
        rec = recorded.get(y)
        flag = _history_entry(rec, ghetto_lister) if rec is not None else None
        if flag is not None and rec is not None and rec["grundlag"] == "stated":
            out[y] = flag
            continue
        if y in own:
            f = _history_flag(own[y], ghetto_lister)
            if f is not None:
                out[y] = f
                continue
        if flag is not None:  # inferred
            out[y] = flag
    return out


def _row(o: str, y: int, own: Mapping[int, Klassifikation], data: _Data, recorded: Mapping[int, Mapping[str, Any]],
         proposals: Mapping[int, Mapping[str, Any]], plan: Plan, rules: Regler) -> dict[str, Any]:
    """One row of :func:`list_table`: area ``o`` on the list of ``y`` (classified in ``own[y]``)."""
    k = own[y]
    vals = data.values.get((o, y), {})
    lg = data.landsgennemsnit.get(y)
    rec = recorded.get(y)
    row: dict[str, Any] = {"omraade": o, "omraade_navn": plan.omraade[o].navn, "liste_aar": y,
                           "regelperiode": k.periode}
    row.update(_kriterie_celler(k, vals))
    row.update(
        {
            "landsgennemsnit_domme": lg if lg is not None else math.nan,
            "antal_opfyldt": k.antal_opfyldt,
            "antal_kraevet": k.antal_kraevet,
            "antal_af": k.antal_af,
            "paa_lister": ";".join(i for i, v in k.lister.items() if v),
            "forebyggelse": k.lister.get("forebyggelse") if "forebyggelse" in rules.periode_for(y).liste_ids else None,
            "status": k.status,
            "status_tekst": k.status_tekst,
            "afgjort": k.afgjort,
            "paa_sub_listen": k.paa_sub_listen,
            "mangler": ", ".join(_mangler_navn(m, {(r.liste, r.kriterium): r for r in k.kriterier}) for m in k.mangler),
            "afgoerende": ", ".join(k.afgoerende),
            "forklaring": k.forklaring + _inferred_tekst(k, recorded, own),
            "registreret_status": registreret_tekst(rec, rules) if rec is not None else "",
            "registreret_grundlag": rec["grundlag"] if rec is not None else "",
            "registreret_kilde": rec["kilde"] if rec is not None else "",
            "registreret_note": _registreret_note(rec, proposals.get(y), rules),
            "sammenligning": _compare(k, rec) if vals else "–",
            "illustrativ": bool(data.illustrativ.get((o, y), False)
                                or (lg is not None and data.illustrativ.get(("danmark", y), False))),
            "kilde_data": "; ".join(data.kilder.get((o, y), [])),
        }
    )
    return row


def _kriterie_celler(k: Klassifikation, vals: Mapping[str, float]) -> dict[str, Any]:
    """``{k}_vaerdi``, ``{k}_graense``, ``{k}_afstand``, ``{k}_resultat`` for every criterion."""
    row: dict[str, Any] = {}
    for c in KRITERIER:
        r = k.kriterium(c)
        row[f"{c}_vaerdi"] = vals.get(c, math.nan)
        row[f"{c}_graense"] = math.nan if r is None or r.graense is None else r.graense
        row[f"{c}_afstand"] = math.nan if r is None or r.afstand is None else r.afstand
        row[f"{c}_resultat"] = "" if r is None else r.resultat
    return row


def _inferred_tekst(k: Klassifikation, recorded: Mapping[int, Mapping[str, Any]],
                    own: Mapping[int, Klassifikation]) -> str:
    """The sentence naming the years whose history rests on an inferred record (else empty)."""
    inferred = [yy for yy in k.historik_brugt
                if yy in recorded and recorded[yy]["grundlag"] == "inferred" and yy not in own]
    if not inferred:
        return ""
    return f" Historikken for {aar_tekst(inferred)} bygger på en udledt registrering."


def _registreret_note(rec: Mapping[str, Any] | None, proposal: Mapping[str, Any] | None, rules: Regler) -> str:
    """The recorded row's interpretation, and an unofficial (proposed) list of the same year with its source."""
    note = rec["fortolkning"] if rec is not None else ""
    if proposal is not None:
        p = proposal
        note = (note + " " if note else "") + (
            f"{p['liste_dato']}: {registreret_tekst(p, rules).lower()} – {p['fortolkning']} Kilde: {p['kilde']}"
        )
    return str(note)


def diskretioner_listetabel(table: pd.DataFrame, graense: int = disk.GRAENSE) -> pd.DataFrame:
    """:func:`list_table` for publication (``helhedsanalyse lister`` without ``--uden-diskretionering``).

    Values of sensitive indicators whose persons are few (``attrs["skjult"]``) are left out with their
    distance to the threshold (NaN), the explanation is replaced, and the column ``diskretioneret`` names the
    criteria left out (``;``-separated). The results (met / not met) and the statuses stay as computed
    from the full figures.
    """
    skjult = table.attrs.get("skjult", {})
    out = diskretioner(table, skjult, graense)
    marks = []
    for o, y in zip(out["omraade"], out["liste_aar"], strict=True):
        krit = skjult.get(f"{o}:{int(y)}", [])
        marks.append(";".join(krit))
        if krit:
            mask = (out["omraade"] == o) & (out["liste_aar"] == y)
            for k in krit:
                out.loc[mask, f"{k}_vaerdi"] = math.nan
    out["diskretioneret"] = marks
    out.attrs = dict(table.attrs)
    return out




def diskretion_forklaring(graense: int = disk.GRAENSE) -> str:
    """The sentence that replaces a list explanation built on a hidden value."""
    return ("Forklaringen med tal er udeladt, fordi den bygger på en andel, hvis tæller, nævner eller forskellen "
            f"mellem dem er under {graense} (diskretionering); status er beregnet på de fulde tal.")


#: The sentence with the default threshold.
DISKRETION_FORKLARING = diskretion_forklaring()


def diskretioner(table: pd.DataFrame, skjult: Mapping[str, list[str]], graense: int = disk.GRAENSE) -> pd.DataFrame:
    """The table for publication: distances and explanations built on small sensitive counts left out."""
    if not skjult:
        return table
    table = table.copy()
    for key, krit in skjult.items():
        o, y = key.rsplit(":", 1)
        mask = (table["omraade"] == o) & (table["liste_aar"] == int(y))
        for k in krit:
            table.loc[mask, f"{k}_afstand"] = math.nan
        table.loc[mask, "forklaring"] = diskretion_forklaring(graense)
    return table

