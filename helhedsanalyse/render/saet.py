"""One report folder, one coherent set; a report whose inputs did not change is not rendered again.

The report folder keeps a small manifest (:data:`MANIFEST`, ``reports/.helhedsanalyse-manifest.json``,
written atomically) that says per report what it was rendered from: the data set (each data file's name
and checksum, :mod:`helhedsanalyse.inputs.fingeraftryk`), the findings file's checksum (the
helhedsevaluering's), the notebook's parameters (round, area, suppression and its threshold), and the
checksums of the notebook file, the plan's files and the package's own files, with the version. It lists
no value of any data file. From them one key per report (:func:`indgang`): a report whose key is the one
in the manifest, and whose file is there, is up to date.

What "uses" a data file: every report of a round is computed from the whole data set (the computed round,
:class:`~helhedsanalyse.compute.runde.BeregnetRunde`), and a report folder holds one data set; so a changed
data file makes every report of the folder out of date, and a changed findings file only the
helhedsevaluering of its round (the findings are text for that report, not data).

A render of part of the set with other data (other files, other contents, or another suppression setting)
renders what it was asked for and, with it, every other report of the folder that stands on other data
(:func:`afhaengige`): the folder is one set again, as ``quarto render`` of one file in a project renders
that file and brings the project's shared pages up to date rather than refuse. The render says so before
it starts.

This module is lean (no pandas, no kernels): ``helhedsanalyse render`` after no change answers from it.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.formatting import antal_tekst
from ..core.paths import DATA_DIR
from ..inputs.fingeraftryk import KORT, Fingeraftryk, sha256_fil, sha256_tekst
from ..inputs.folders import expand_data_paths
from ..inputs.fund import er_fundfil, fund_for_runder
from ..plan import RUNDE_SIDSTE_AAR
from .jobs import NOTEBOOKS, Job
from .output import atomic_write

#: The report folder's manifest: what each report was rendered from.
MANIFEST = ".helhedsanalyse-manifest.json"
#: The manifest's format; another number is read as no manifest (every report is rendered again).
FORMAT = 1
#: The shipped files besides the plan that every computation reads: the plan's baseline tables, the
#: references and the list rules (folders of ``data/``).
PLANMAPPER = ("plan", "baseline", "reference", "lister")
#: The parameters that make a set: reports with other values of these do not belong in one folder.
SAETPARAMETRE = ("diskretionering", "diskretionering_graense")


def _mappe_sum(root: Path, *, skip: tuple[str, ...] = ()) -> str:
    """One checksum of every file under ``root`` (relative path and contents; caches left out)."""
    dele = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if not p.is_file() or "__pycache__" in p.parts or p.suffix == ".pyc" or rel.startswith(skip):
            continue
        dele.append(f"{rel}\t{sha256_fil(p)}")
    return sha256_tekst(*dele)


@functools.cache
def kodens_kontrolsum() -> str:
    """The checksum of the package's own files (code, templates, styles): a changed line renders again."""
    return _mappe_sum(Path(__file__).resolve().parents[1], skip=("data/eksempel/",))


@functools.cache
def planens_kontrolsum() -> str:
    """The checksum of the plan's files and the shipped tables every computation reads (:data:`PLANMAPPER`)."""
    return sha256_tekst(*(f"{m}\t{_mappe_sum(DATA_DIR / m)}" for m in PLANMAPPER if (DATA_DIR / m).is_dir()))


def _fil_sum(path: str | Path) -> str:
    try:
        return sha256_fil(path)
    except OSError:
        return "0" * 64


def data_fund(data: list[str] | None, runder: Iterable[str]) -> dict[str, str]:
    """Round -> the evaluator's findings among the data files (default: the shipped illustrative data), for
    the rounds ``runder``; as :func:`helhedsanalyse.inputs.files.data_fund`, without loading pandas."""
    paths = [str(p) for p in data] if data else [str(DATA_DIR / "eksempel")]
    return fund_for_runder([f for f in expand_data_paths(paths).files if er_fundfil(f)], runder, angivet=False)


def indgang(job: Job, fp: Fingeraftryk) -> dict[str, Any]:
    """What the report of ``job`` is rendered from, as the manifest stores it, with its key (``noegle``).

    The data enter as the data set's id (the files' names and checksums), the findings file as its name and
    checksum; the key is the checksum of all of it, so any change to any input gives another key.
    """
    params = {k: v for k, v in sorted(job.parametre.items()) if k not in ("data", "fund", "beregning")}
    fund = job.parametre.get("fund")
    inputs: dict[str, Any] = {
        "notebook": job.spec.navn,
        "parametre": params,
        "datasaet": fp.id,
        "fund": {"navn": Path(fund).name, "sha256": _fil_sum(fund)[:KORT]} if fund else None,
        "notebook_sha256": _fil_sum(job.notebook)[:KORT],
        "plan_sha256": planens_kontrolsum()[:KORT],
        "kode_sha256": kodens_kontrolsum()[:KORT],
        "version": __version__,
    }
    return {**inputs, "noegle": sha256_tekst(json.dumps(inputs, sort_keys=True, ensure_ascii=False))[:2 * KORT]}


@dataclass
class Manifest:
    """The report folder's manifest: per report (its path in the folder, ``"slut/datatjek.html"``) what it
    was rendered from (:func:`indgang`, with the date), and the data sets they stand on."""

    rapporter: dict[str, dict[str, Any]] = field(default_factory=dict)
    datasaet: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the data set of the render that wrote last
    seneste: str | None = None

    @classmethod
    def laes(cls, out_dir: Path) -> Manifest:
        """The folder's manifest; an empty one when there is none or it cannot be read (every report is then
        rendered again, which is always safe)."""
        try:
            raw = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            return cls()
        return cls(dict(raw.get("rapporter") or {}), dict(raw.get("datasaet") or {}), raw.get("seneste"))

    def skriv(self, out_dir: Path) -> None:
        """Write the manifest atomically, with only the data sets its reports stand on."""
        brugt = {e.get("datasaet") for e in self.rapporter.values()}
        data = {"format": FORMAT, "program": f"helhedsanalyse {__version__}", "seneste": self.seneste,
                "datasaet": {k: v for k, v in sorted(self.datasaet.items()) if k in brugt},
                "rapporter": dict(sorted(self.rapporter.items()))}
        atomic_write(out_dir / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def opdateret(self, side: str, ny: Mapping[str, Any], out_dir: Path) -> bool:
        """Whether the report ``side`` is there and was rendered from exactly the inputs of ``ny``."""
        gammel = self.rapporter.get(side)
        return gammel is not None and gammel.get("noegle") == ny["noegle"] and (out_dir / side).is_file()

    def noter(self, side: str, ny: Mapping[str, Any], fp: Fingeraftryk) -> None:
        """Record that the report ``side`` was rendered now from the inputs ``ny``."""
        self.rapporter[side] = {**ny, "dannet": datetime.date.today().isoformat()}
        self.datasaet[fp.id] = fp.som_dict()
        self.seneste = fp.id

    def datasaet_for(self, side: str) -> str | None:
        """The id of the data set the report ``side`` stands on (None: not known, e.g. rendered by an older
        version)."""
        e = self.rapporter.get(side)
        return e.get("datasaet") if e else None


def saetnoegle(entry: Mapping[str, Any] | None) -> tuple[Any, ...] | None:
    """What must be the same for every report of a folder: the data set and the suppression settings.

    >>> saetnoegle({"datasaet": "abc", "parametre": {"runde": "slut", "diskretionering": True,
    ...            "diskretionering_graense": 5}})
    ('abc', True, 5)
    >>> saetnoegle(None) is None
    True
    """
    if not entry:
        return None
    params = entry.get("parametre") or {}
    return (entry.get("datasaet"), *(params.get(k) for k in SAETPARAMETRE))


def afhaengige(out_dir: Path, manifest: Manifest, noegle: tuple[Any, ...], planlagt: Iterable[str]) -> list[str]:
    """The reports of the folder, besides those planned (``planlagt``), that do not stand on the set
    ``noegle`` (:func:`saetnoegle`): other data, another suppression setting, or not known (a report the
    manifest does not list, e.g. one an older version rendered)."""
    planned = set(planlagt)
    out = []
    for runde in RUNDE_SIDSTE_AAR:
        folder = out_dir / runde
        if not folder.is_dir():
            continue
        for p in sorted(folder.glob("*.html")):
            side = f"{runde}/{p.name}"
            if side in planned or _notebook_af(p.stem) is None:
                continue
            if saetnoegle(manifest.rapporter.get(side)) != noegle:
                out.append(side)
    return out


def _notebook_af(stem: str) -> tuple[str, str | None] | None:
    """(notebook, area or indsatsområde) of a report's file name; None for a page that is no report.

    >>> _notebook_af("datatjek"), _notebook_af("omraade_motalavej"), _notebook_af("statusoversigt")
    (('datatjek', None), ('omraade', 'motalavej'), None)
    >>> _notebook_af("bestyrelsesstatus.fejl")
    """
    if stem in NOTEBOOKS and NOTEBOOKS[stem].pr == "runde":
        return stem, None
    for navn, spec in NOTEBOOKS.items():
        if spec.pr != "runde" and stem.startswith(f"{navn}_") and "." not in stem:
            return navn, stem.removeprefix(f"{navn}_")
    return None


def genplanlaeg(sider: Iterable[str]) -> dict[str, list[tuple[str, str | None]]]:
    """Round -> (notebook, area or indsatsområde) of the reports ``sider`` (paths in the report folder)."""
    out: dict[str, list[tuple[str, str | None]]] = {}
    for side in sider:
        runde, _, name = side.partition("/")
        what = _notebook_af(Path(name).stem)
        if what is not None:
            out.setdefault(runde, []).append(what)
    return out


class Resultat(list[Path]):
    """What a render did: the reports it wrote (the list itself, sorted), those that were up to date already
    (``opdaterede``), and how many of the written ones were rendered again because they stood on other data
    than the render's (``genskabte``)."""

    def __init__(self, dannet: Iterable[Path] = (), opdaterede: Iterable[Path] = (), genskabte: int = 0):
        super().__init__(sorted(dannet))
        self.opdaterede = sorted(opdaterede)
        self.genskabte = genskabte

    def opsummering(self, out_dir: Path) -> str:
        """The summary line, in Danish with the plurals right.

        >>> Resultat([Path("a"), Path("b")], [Path("c")]).opsummering(Path("r"))
        '2 rapporter dannet, 1 var allerede opdateret; oversigt: r/index.html'
        >>> Resultat([], [Path("a"), Path("b")]).opsummering(Path("r"))
        'Ingen rapporter dannet: alle 2 var allerede opdaterede (brug --alt for at danne dem igen); \
oversigt: r/index.html'
        >>> Resultat([Path("a")] * 3, [], genskabte=2).opsummering(Path("r"))
        '3 rapporter dannet, heraf 2, fordi de byggede på andre data; oversigt: r/index.html'
        """
        n, m = len(self), len(self.opdaterede)
        oversigt = f"oversigt: {out_dir / 'index.html'}"
        opdateret = "opdateret" if m == 1 else "opdaterede"
        if not n:
            if not m:
                return f"Ingen rapporter dannet; {oversigt}"
            alle = "" if m == 1 else f"alle {m} "
            dem = "den" if m == 1 else "dem"
            return f"Ingen rapporter dannet: {alle or 'rapporten '}var allerede {opdateret} " \
                   f"(brug --alt for at danne {dem} igen); {oversigt}"
        tekst = f"{antal_tekst(n, 'rapport', 'rapporter')} dannet"
        if self.genskabte:
            tekst += f", heraf {self.genskabte}, fordi {'den' if self.genskabte == 1 else 'de'} byggede på andre data"
        if m:
            tekst += f", {m} var allerede {opdateret}"
        return f"{tekst}; {oversigt}"


def besked_om_afhaengige(out_dir: Path, sider: list[str], manifest: Manifest, fp: Fingeraftryk) -> str:
    """What the render says before it starts when it renders other reports of the folder again."""
    gamle = sorted({manifest.datasaet_for(s) or "ukendt" for s in sider})
    return (f"{antal_tekst(len(sider), 'rapport', 'rapporter')} i {out_dir} bygger på andre data eller en anden "
            f"diskretionering (datasæt {', '.join(gamle)}) end denne kørsel (datasæt {fp.id}); "
            f"{'den dannes' if len(sider) == 1 else 'de dannes'} også, så alle rapporter i mappen bygger på de "
            f"samme data.")
