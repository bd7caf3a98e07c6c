"""What the reports of one render share: the criterion sections and the suppression mask
(``helhedsanalyse render`` only).

An area report and an indsatsområde report of the same round show the same criterion × area sections, each
with its figure; drawing the figures is most of a report's time. ``render`` gives every notebook the path of
the round's computed assessment in its private folder (``beregning``); beside it, in ``<beregning>-afsnit/``,
each section is kept the first time a report makes it, and the next report of the round reads it instead of
drawing it again. A section depends only on the round's assessment, the plan and the display settings
(:class:`~.skjul.Skjul`): the file name carries the criterion, the area and the settings, and the folder
belongs to one round of one render (the private folder is removed when the render ends), so a kept section
is the section the report would have made. Likewise the suppression mask (:attr:`.skjul.Skjul.maske`,
the same for every report of the round and setting): ``render`` computes it once with the round and every
report reads it (:func:`gem_maske`, :func:`laes_maske`). A notebook run without ``beregning`` (JupyterLab,
papermill) keeps and reads nothing.
"""

from __future__ import annotations

import os
import pickle
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from ..core.parallel import fork_imap
from .visning import Visning


def lager_for(beregning: str) -> Path | None:
    """The folder of kept sections for the computed round at ``beregning`` (None without one)."""
    return Path(f"{beregning}-afsnit") if beregning else None


def _fil(lager: Path, visning: Visning, kriterium: str, omraade: str) -> Path:
    skjult = f"graense{visning.graense}" if visning.diskretionering else "alt"
    return lager / f"{kriterium}__{omraade}__{skjult}.html"


def afsnit(lager: Path | None, visning: Visning, par: Iterable[tuple[str, str]],
           lav: Callable[[tuple[str, str]], str]) -> list[str]:
    """The section of each (kriterium, omraade) of ``par``, in order: read from ``lager`` when a report of
    this render made it already, else made by ``lav`` (on all cores, :func:`fork_imap`) and kept there."""
    par = list(par)
    if lager is None:
        return list(fork_imap(lav, par))
    filer = [_fil(lager, visning, k, o) for k, o in par]
    ud: list[str | None] = []
    for f in filer:
        try:
            ud.append(f.read_text(encoding="utf-8"))
        except FileNotFoundError:
            ud.append(None)
    mangler = [i for i, html in enumerate(ud) if html is None]
    lager.mkdir(mode=0o700, exist_ok=True)
    for i, html in zip(mangler, fork_imap(lav, [par[i] for i in mangler]), strict=True):
        ud[i] = html
        _gem(filer[i], html)
    return [html for html in ud if html is not None]


def _gem(fil: Path, html: str) -> None:
    """Whole or not at all (another report of the render may read it at the same moment)."""
    tmp = fil.with_name(f".{fil.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, fil)
    finally:
        tmp.unlink(missing_ok=True)


def _maskefil(beregning: str, visning: Visning) -> Path:
    return Path(f"{beregning}-maske-graense{visning.graense}.pkl")


def gem_maske(beregning: str, visning: Visning, maske: dict[tuple, str]) -> None:
    """Keep the round's suppression mask for the reports of the render (beside the computed round)."""
    fil = _maskefil(beregning, visning)
    tmp = fil.with_name(f".{fil.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(pickle.dumps(maske, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, fil)
    finally:
        tmp.unlink(missing_ok=True)


def laes_maske(beregning: str, visning: Visning) -> dict[tuple, str] | None:
    """The mask :func:`gem_maske` kept for this round and threshold, or None (the report computes it)."""
    if not (beregning and visning.diskretionering):
        return None
    try:
        with open(_maskefil(beregning, visning), "rb") as fh:
            maske = pickle.load(fh)  # noqa: S301 - written by this render, in its 0700 private folder
    except FileNotFoundError:
        return None
    return maske if isinstance(maske, dict) else None
