"""``index.html``: every report the report folder holds, linked, with each round's status overview.

The index is written from what is in the folder, not from what a render meant to make, so it is right
however a render ends; it says which data the reports stand on (the folder's manifest, :mod:`.saet`) and
links only reports of one data set; the render rewrites it after every report. The final round comes first; above the
rounds, one line per reader says where to start. A status overview's cells link to the criterion's
section in the round's area report where that report is there (:func:`.nav.uden_doede_lenker`). The page is
the template ``side/index.html.j2`` (:mod:`helhedsanalyse.report.templating`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..plan import RUNDE_SIDSTE_AAR, load_plan
from ..report.templating import Markup
from .jobs import NOTEBOOKS, REPORT_DIR, NotebookSpec
from .nav import RUNDE_NAVN, Navigation, uden_doede_lenker
from .output import atomic_write
from .page import page
from .saet import MANIFEST, Manifest

#: The status overview a render writes into each round's folder (not a report: not linked).
OVERSIGT = "statusoversigt.html"


@dataclass(frozen=True)
class _Runde:
    """One round's part of the index: its links (href, label) and its status overview, if written."""

    navn: str
    sidste_aar: int
    links: list[tuple[str, str]]
    oversigt: Markup | None


#: Where each reader starts: (who, the report's file in a round's folder, its name in the sentence, the rest).
LAESERE: tuple[tuple[str, str, str, str], ...] = (
    ("Bestyrelsen", "bestyrelsesstatus.html", "Status til bestyrelsen",
     " – kort status og det, der kræver opmærksomhed."),
    ("Landsbyggefonden og andre, der vurderer planen", "helhedsevaluering.html", "Helhedsevalueringen",
     " – alle succeskriterier i alle områder, ressourcerne og organiseringen."),
    ("Evaluator og studerende", "datatjek.html", "Datatjekket",
     " – hvilke data der findes, og hvad der mangler – og derefter områderapporterne."),
)


def write_index(out_dir: Path | None = None) -> Path:
    """Write ``reports/index.html`` linking every rendered report, with the status overview and the data
    they stand on (:func:`_datagrundlag`): a report that stands on other data than the last render's is
    not linked but named apart, so that the index never mixes data sets."""
    from ..report.titel import ILLUSTRATIV_TEKST, dansk_dato  # deferred: pandas loads only when writing the index

    out_dir = Path(out_dir or REPORT_DIR)
    plan = load_plan()
    datagrundlag, andre = _datagrundlag(out_dir, rapporter_i(out_dir))
    filer = rapporter_i(out_dir) - {side for side, _ in andre}
    nyeste_foerst = sorted(RUNDE_SIDSTE_AAR, key=RUNDE_SIDSTE_AAR.__getitem__, reverse=True)
    runder = [_round(out_dir / runde, runde, plan, filer) for runde in nyeste_foerst if (out_dir / runde).is_dir()]
    laesere = _laesere(filer, [r.navn for r in runder]) if runder else []
    illustrativ = ILLUSTRATIV_TEKST if _illustrative_set(out_dir) else None
    text = page("side/index.html.j2", plan=plan, dato=dansk_dato(), illustrativ=illustrativ, runder=runder,
                laesere=laesere, datagrundlag=datagrundlag, andre=andre)
    index = out_dir / "index.html"
    atomic_write(index, text)
    return index


def _laesere(filer: frozenset[str], runder: list[str]) -> list[dict[str, str | None]]:
    """Where each reader starts: who, the link to the report (of the first of ``runder`` that has it; None:
    not there), its name, the round's name when it is not the first round, the rest of the sentence.

    >>> [(x["hvem"], x["href"], x["runde"]) for x in _laesere(frozenset({"midtvej/datatjek.html",
    ...  "slut/datatjek.html", "midtvej/helhedsevaluering.html"}), ["slut", "midtvej"])]
    [('Bestyrelsen', None, ''), ('Landsbyggefonden og andre, der vurderer planen', \
'midtvej/helhedsevaluering.html', 'midtvejsevalueringen'), ('Evaluator og studerende', 'slut/datatjek.html', '')]
    """
    out = []
    for hvem, fil, navn, resten in LAESERE:
        runde = next((r for r in runder if f"{r}/{fil}" in filer), None)
        out.append({"hvem": hvem, "href": f"{runde}/{fil}" if runde else None, "navn": navn, "resten": resten,
                    "runde": RUNDE_NAVN.get(runde, runde) if runde and runde != runder[0] else ""})
    return out


def _datagrundlag(out_dir: Path, filer: frozenset[str]) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """The data the folder's reports stand on, from its manifest (:mod:`.saet`): the last render's data set
    (its id, files with checksums, the tool's version, how many reports stand on it), and the reports that
    stand on another or an unknown one, as (path, data set id or "ukendt"). (None, []) without a manifest.
    """
    if not (out_dir / MANIFEST).is_file():
        return None, []
    manifest = Manifest.laes(out_dir)
    nu = manifest.seneste
    andre = sorted((side, manifest.datasaet_for(side) or "ukendt") for side in filer
                   if manifest.datasaet_for(side) != nu)
    saet = manifest.datasaet.get(nu or "")
    if not saet:
        return None, andre
    return {"id": nu, "filer": [(f["navn"], f["sha256"]) for f in saet.get("filer", [])],
            "version": saet.get("version", ""), "antal": len(filer) - len(andre)}, andre


def _round(folder: Path, runde: str, plan: Any, filer: frozenset[str]) -> _Runde:
    """The index's part for the round in ``folder`` (only the reports in ``filer``); the overview's links to
    reports not in ``filer`` left out."""
    links = [(f"{runde}/{path.name}", _label(spec, path, plan))
             for spec in NOTEBOOKS.values() for path in _reports_of(folder, spec) if f"{runde}/{path.name}" in filer]
    overview = folder / OVERSIGT
    oversigt = None
    if overview.exists():
        oversigt = Markup(uden_doede_lenker(overview.read_text(encoding="utf-8"),
                                            Navigation.af("index.html", filer).findes))
    return _Runde(runde, RUNDE_SIDSTE_AAR[runde], links, oversigt)


def rapporter_i(out_dir: Path) -> frozenset[str]:
    """Every report of the report folder, as its path there (``"slut/datatjek.html"``): the pages a page of
    the folder may link to (a failed page and the status overview are none)."""
    return frozenset(f"{runde}/{p.name}" for runde in RUNDE_SIDSTE_AAR if (out_dir / runde).is_dir()
                     for p in (out_dir / runde).glob("*.html")
                     if p.name != OVERSIGT and not p.name.endswith(".fejl.html"))


def _reports_of(folder: Path, spec: NotebookSpec) -> list[Path]:
    """The reports of the notebook ``spec`` in a round's folder, in file name order (failed ones not)."""
    pattern = f"{spec.navn}*.html" if spec.pr == "runde" else f"{spec.navn}_*.html"
    return [p for p in sorted(folder.glob(pattern)) if not p.name.endswith(".fejl.html")]


def _label(spec: NotebookSpec, path: Path, plan: Any) -> str:
    """The link text of a report: the notebook's title and the area or indsatsområde it is about.

    >>> plan = load_plan()
    >>> _label(NOTEBOOKS["omraade"], Path("omraade_motalavej.html"), plan)
    'Områderapport: Motalavej'
    >>> _label(NOTEBOOKS["omraade"], Path("omraade_ukendt.html"), plan)
    'omraade_ukendt'
    """
    if spec.pr == "omraade":
        area = path.stem.removeprefix("omraade_")
        return f"{spec.titel}: {plan.omraade[area].navn}" if area in plan.omraade else path.stem
    if spec.pr == "indsatsomraade":
        io = path.stem.removeprefix("indsatsomraade_")
        return f"{spec.titel}: {plan.indsatsomraade[io].navn}" if io in plan.indsatsomraade else path.stem
    return spec.titel


def reports_in(out_dir: Path) -> bool:
    """Whether the report folder holds any report (a status overview alone is none)."""
    return any(p.suffix == ".html" and p.name != OVERSIGT
               for runde in RUNDE_SIDSTE_AAR if (out_dir / runde).is_dir() for p in (out_dir / runde).iterdir())


def _illustrative_set(out_dir: Path) -> bool:
    """True when any rendered report of the set says it is built on illustrative data."""
    return any(_says_illustrative(p) for p in out_dir.glob("*/*.html"))


_illustrative_cache: dict[tuple[str, int, int, int], bool] = {}


def _says_illustrative(path: Path) -> bool:
    """Whether the page carries the illustrative-data banner; each version of a file is read once (the
    index is rewritten after every report)."""
    try:
        st = path.stat()
    except OSError:
        return False
    key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    if key not in _illustrative_cache:
        if len(_illustrative_cache) > 10_000:
            _illustrative_cache.clear()
        try:
            _illustrative_cache[key] = 'class="illustrativ"' in path.read_text(encoding="utf-8")
        except OSError:
            return False
    return _illustrative_cache[key]
