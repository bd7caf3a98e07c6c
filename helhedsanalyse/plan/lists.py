"""Regeringens lister as data: the statutory criteria, period by period (``data/lister/kriterier.yaml``).

Whether an area is on the government's list of (particularly) vulnerable housing areas is decided by a
handful of statutory criteria whose definitions and thresholds changed in 2013, 2018 and 2021. The file
holds per period the lists, their conditions, thresholds, averaging windows, the conviction threshold as
a multiple of the national average, and the consecutive-years rule for hårde ghettoområder /
omdannelsesområder. :func:`load_rules` reads it into the models below; the classifier is
:mod:`helhedsanalyse.compute.lists`.

>>> rules = load_rules()
>>> [p.id for p in rules.perioder]
['2010-2012', '2013-2017', '2018-2020', '2021-']
>>> g = rules.periode_for(2019).liste("udsat").graenser["domme"]
>>> g.operator, g.faktor_landsgennemsnit, g.graense(0.68)
('>=', 3.0, 2.04)
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import HelhedsanalyseError
from ..core.paths import DATA_DIR
from .model import _Model  # the plan's base: frozen, no unknown fields

__all__ = [
    "DECIMALER",
    "KRITERIER",
    "LISTE_DIR",
    "OPERATORER",
    "Graense",
    "Liste",
    "ListeError",
    "Periode",
    "Regler",
    "finite",
    "load_rules",
]

#: Where the rules and the recorded history live.
LISTE_DIR = DATA_DIR / "lister"

#: The criteria, in the order tables show them.
KRITERIER: tuple[str, ...] = ("beboere", "ikke_vestlige", "arbejdsmarked", "domme", "uddannelse", "indkomst")

#: The comparison operators a threshold may use.
OPERATORER: tuple[str, ...] = (">", ">=", "<", "<=")

#: Values are compared after rounding to this many decimals, so that 3 × 0,68 equals 2,04 exactly.
DECIMALER = 9


class ListeError(HelhedsanalyseError):
    """The list rules or history files are malformed, or a list year has no rules."""


def finite(x: Any) -> bool:
    """Whether ``x`` is a finite number (None, NaN, booleans and text are not).

    >>> finite(2.5), finite("2,5"), finite(float("nan")), finite(None), finite(True)
    (True, False, False, False, False)
    """
    if x is None or isinstance(x, bool):
        return False
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


class Graense(_Model):
    """One threshold of one list: ``operator`` and ``vaerdi`` (or ``faktor_landsgennemsnit``)."""

    kriterium: str
    operator: str
    vaerdi: float | None = None
    faktor_landsgennemsnit: float | None = None
    gennemsnit_aar: int | None = None
    tekst: str = ""

    def graense(self, landsgennemsnit_domme: float | None) -> float | None:
        """The threshold in the criterion's unit (convictions: factor × national average)."""
        if self.faktor_landsgennemsnit is None:
            return self.vaerdi
        if landsgennemsnit_domme is None or not finite(landsgennemsnit_domme):
            return None
        return round(self.faktor_landsgennemsnit * float(landsgennemsnit_domme), DECIMALER)

    @property
    def inklusiv(self) -> bool:
        return self.operator in (">=", "<=")

    @property
    def opad(self) -> bool:
        """True if high values meet the criterion (``>``/``>=``)."""
        return self.operator in (">", ">=")


class Liste(_Model):
    """One list of a period: its conditions (all must hold) and its thresholds."""

    id: str
    navn: str
    vision: bool
    betingelser: tuple[dict[str, Any], ...]
    graenser: dict[str, Graense]

    @property
    def mindst(self) -> tuple[int, tuple[str, ...]] | None:
        """The ``m of K`` condition of the list, if it has one: (m, K criteria)."""
        for b in self.betingelser:
            if "mindst" in b:
                return int(b["mindst"]), tuple(b["af"])
        return None

    @property
    def i_traek(self) -> dict[str, Any] | None:
        """The consecutive-years condition (``aar``, ``alternativ``, ``lister``), if the list has one."""
        for b in self.betingelser:
            if "i_traek" in b:
                return dict(b["i_traek"])
        return None


class Periode(_Model):
    """A set of rules in force for the lists of 1 December ``fra_aar``..``til_aar`` (None: still)."""

    id: str
    navn: str
    fra_aar: int
    til_aar: int | None
    regel_tekst: str
    kilder: tuple[str, ...]
    lister: tuple[Liste, ...]
    note: str = ""

    def liste(self, liste_id: str) -> Liste:
        for item in self.lister:
            if item.id == liste_id:
                return item
        raise KeyError(liste_id)

    @property
    def liste_ids(self) -> list[str]:
        return [item.id for item in self.lister]

    def gaelder(self, aar: int) -> bool:
        return self.fra_aar <= aar and (self.til_aar is None or aar <= self.til_aar)

    def hovedgraense(self, kriterium: str) -> tuple[Liste, Graense] | None:
        """The threshold of ``kriterium`` on the lists the vision names (udsat/ghetto ...), else any list."""
        for only_vision in (True, False):
            for item in self.lister:
                if (item.vision or not only_vision) and kriterium in item.graenser:
                    return item, item.graenser[kriterium]
        return None

    @property
    def hovedliste(self) -> Liste:
        """The first list the vision names with an ``m of K`` rule (ghettolisten, udsat)."""
        return next(item for item in self.lister if item.vision and item.mindst is not None)


class Regler(_Model):
    """The criteria and the periods of rules (``data/lister/kriterier.yaml``)."""

    kriterier: dict[str, dict[str, Any]]
    perioder: tuple[Periode, ...]
    ghetto_lister: frozenset[str]
    vision_aar: int
    vision_tekst: str
    vision_kilde: str
    fil: str

    def periode_for(self, aar: int) -> Periode:
        for p in self.perioder:
            if p.gaelder(int(aar)):
                return p
        first = min(p.fra_aar for p in self.perioder)
        raise ListeError(
            f"Der er ingen regler for listen pr. 1. december {aar}: den første liste er fra {first} "
            f"(se {self.fil})."
        )

    @property
    def indikator_til_kriterium(self) -> dict[str, str]:
        return {v["indikator"]: k for k, v in self.kriterier.items()}

    def navn(self, kriterium: str) -> str:
        return str(self.kriterier[kriterium]["navn"])

    def kort(self, kriterium: str) -> str:
        return str(self.kriterier[kriterium].get("kort", kriterium))

    def liste_navn(self, liste_id: str, aar: int | None = None) -> str:
        """Danish name of a list (the one in force in ``aar`` if given)."""
        perioder = [self.periode_for(aar)] if aar is not None else list(reversed(self.perioder))
        for p in [*perioder, *self.perioder]:
            for item in p.lister:
                if item.id == liste_id:
                    return item.navn
        return liste_id

    @property
    def vision_lister(self) -> frozenset[str]:
        return frozenset(item.id for p in self.perioder for item in p.lister if item.vision)


def load_rules(path: str | Path | None = None) -> Regler:
    """Read the list rules (default ``data/lister/kriterier.yaml``).

    Raises
    ------
    ListeError
        naming the file and the period, list or field that is malformed.
    """
    path = Path(path) if path is not None else LISTE_DIR / "kriterier.yaml"
    return _load_rules_cached(str(path.resolve()))


@lru_cache(maxsize=4)
def _load_rules_cached(fil: str) -> Regler:
    raw = _read_yaml(fil)
    problems: list[str] = []
    kriterier = raw.get("kriterier") or {}
    problems += [f"kriterier: '{k}' mangler" for k in KRITERIER if k not in kriterier]
    perioder = [_periode(p, i, kriterier, problems) for i, p in enumerate(raw.get("perioder") or [])]
    if not perioder:
        problems.append("perioder: ingen perioder")
    if problems:
        raise ListeError(f"{fil}: listekriterierne er ikke gyldige:\n  " + "\n  ".join(problems))
    vision = raw.get("vision") or {}
    return Regler(
        kriterier={k: dict(v) for k, v in kriterier.items()},
        perioder=tuple(sorted(perioder, key=lambda p: p.fra_aar)),
        ghetto_lister=frozenset(raw.get("ghetto_lister") or ()),
        vision_aar=int(vision.get("aar", 2025)),
        vision_tekst=str(vision.get("tekst", "")),
        vision_kilde=str(vision.get("kilde", "")),
        fil=fil,
    )


def _read_yaml(fil: str) -> dict[str, Any]:
    """The file's YAML mapping, or a :class:`ListeError` naming the file."""
    try:
        with open(fil, encoding="utf-8") as fh:
            raw = yaml.safe_load(fh)
    except FileNotFoundError:
        raise ListeError(f"{fil}: filen med listekriterierne findes ikke") from None
    except yaml.YAMLError as exc:
        raise ListeError(f"{fil}: ikke gyldig YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ListeError(f"{fil}: filen skal indeholde en YAML-mapping")
    return raw


def _periode(p: dict[str, Any], i: int, kriterier: dict[str, Any], problems: list[str]) -> Periode:
    """One period of the file; what is malformed is added to ``problems``."""
    where = f"periode '{p.get('id', i + 1)}'"
    lister: list[Liste] = []
    for item in p.get("lister") or []:
        lister.append(_liste(item, where, kriterier, [x.id for x in lister], problems))
    return Periode(
        id=str(p["id"]),
        navn=str(p.get("navn", p["id"])),
        fra_aar=int(p["fra_aar"]),
        til_aar=None if p.get("til_aar") is None else int(p["til_aar"]),
        regel_tekst=" ".join(str(p.get("regel_tekst", "")).split()),
        kilder=tuple(p.get("kilder") or ()),
        lister=tuple(lister),
        note=" ".join(str(p.get("note") or "").split()),
    )


def _liste(item: dict[str, Any], where: str, kriterier: dict[str, Any], seen: list[str],
           problems: list[str]) -> Liste:
    """One list of a period (``seen``: the ids of the lists before it)."""
    lw = f"{where}, liste '{item.get('id')}'"
    graenser: dict[str, Graense] = {}
    for krit, g in (item.get("graenser") or {}).items():
        graense = _graense(krit, g, lw, kriterier, problems)
        if graense is not None:
            graenser[krit] = graense
    betingelser = tuple(item.get("betingelser") or ())
    problems += _betingelse_problemer(betingelser, graenser, seen, lw)
    return Liste(id=str(item["id"]), navn=str(item["navn"]), vision=bool(item.get("vision", True)),
                 betingelser=betingelser, graenser=graenser)


def _graense(krit: str, g: dict[str, Any], lw: str, kriterier: dict[str, Any],
             problems: list[str]) -> Graense | None:
    """One threshold, or None (and a problem) when it is malformed."""
    if krit not in kriterier:
        problems.append(f"{lw}: ukendt kriterium '{krit}' i graenser")
        return None
    if g.get("operator") not in OPERATORER:
        problems.append(f"{lw}, graense '{krit}': operator skal være en af {', '.join(OPERATORER)}")
        return None
    if (g.get("vaerdi") is None) == (g.get("faktor_landsgennemsnit") is None):
        problems.append(f"{lw}, graense '{krit}': angiv enten vaerdi eller faktor_landsgennemsnit")
        return None
    return Graense(
        kriterium=krit,
        operator=g["operator"],
        vaerdi=None if g.get("vaerdi") is None else float(g["vaerdi"]),
        faktor_landsgennemsnit=None if g.get("faktor_landsgennemsnit") is None else float(g["faktor_landsgennemsnit"]),
        gennemsnit_aar=g.get("gennemsnit_aar"),
        tekst=str(g.get("tekst") or ""),
    )


def _betingelse_problemer(betingelser: tuple[dict[str, Any], ...], graenser: dict[str, Graense], seen: list[str],
                          lw: str) -> list[str]:
    """What is wrong with a list's conditions (a criterion without threshold, a list named before it exists)."""
    problems: list[str] = []
    for b in betingelser:
        if "kriterium" in b and b["kriterium"] not in graenser:
            problems.append(f"{lw}: betingelsen kriterium '{b['kriterium']}' har ingen grænse i graenser")
        if "mindst" in b:
            bad = [k for k in b.get("af", []) if k not in graenser]
            if bad:
                problems.append(f"{lw}: kriterierne {bad} i 'mindst ... af' har ingen grænse i graenser")
        if "liste" in b and b["liste"] not in seen:
            problems.append(f"{lw}: betingelsen liste '{b['liste']}' skal stå før listen selv")
        if "i_traek" in b and not isinstance(b["i_traek"].get("aar"), int):
            problems.append(f"{lw}: i_traek skal have et helt antal år (aar)")
    if not betingelser:
        problems.append(f"{lw}: ingen betingelser")
    return problems
