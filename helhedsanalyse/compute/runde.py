"""One computed round: the data read, the indicators and the status of every criterion, made once.

:func:`compute` reads the data and assesses every criterion of a round; the result is a frozen
:class:`BeregnetRunde`, the one thing the report layer receives. ``helhedsanalyse render`` computes each
round once (:func:`save_computation`) and the notebooks of the round read it (:func:`load_computation`).
The round carries its data fingerprint (:attr:`BeregnetRunde.fingeraftryk`: the files read, each with its
checksum, and the tool's version), which every report shows in "Om rapporten".
"""

from __future__ import annotations

import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.paths import DATA_DIR
from ..inputs.contract import concat_observations
from ..inputs.files import shipped_inputs
from ..inputs.fingeraftryk import Fingeraftryk, fingeraftryk
from ..inputs.observations import expand_data_paths
from ..plan import Plan, load_plan
from .assessment import status_table
from .indicators import compute_indicators


@dataclass(frozen=True)
class BeregnetRunde:
    """A round computed from one set of data files: what every report section and figure is made from."""

    runde: str
    #: the observations read, with the plan's baseline tables and the references
    observations: pd.DataFrame
    references: pd.DataFrame | None
    #: the evaluator's ratings (files named ``vurdering*``), if any
    vurderinger: pd.DataFrame | None
    indikatorer: pd.DataFrame
    #: one row per criterion × area (:func:`helhedsanalyse.compute.assessment.status_table`)
    status: pd.DataFrame
    #: the data files read, as the one folder expansion found them
    filer: list[str]
    #: round ``slut`` only: the midway statuses from the same data (what changed between the rounds)
    status_midtvej: pd.DataFrame | None = None
    #: the data files read with their checksums and the tool's version (:mod:`helhedsanalyse.inputs.fingeraftryk`):
    #: what "Om rapporten" and the report folder's manifest name as the data the reports stand on
    fingeraftryk: Fingeraftryk | None = None

    def felter(self) -> dict[str, object]:
        """The fields as a dict (shallow: the tables themselves, not copies)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def compute(runde: str, data: list[str] | None = None, plan: Plan | None = None) -> BeregnetRunde:
    """Read the data and assess every criterion for ``runde``."""
    plan = plan or load_plan()
    observations, references, vurderinger = shipped_inputs(data, plan)
    allobs = concat_observations([observations, references])
    indikatorer = compute_indicators(allobs, plan)
    status = status_table(observations, plan, runde, references=references, vurderinger=vurderinger,
                          indikatorer=indikatorer)
    files = list(data) if data else [str(DATA_DIR / "eksempel")]
    shown = expand_data_paths(files).files  # the files shipped_inputs read (the one shared expansion)
    midtvej = None
    if runde == "slut":  # the midway round from the same data, the final reports' comparison (a tenth of a second)
        midtvej = status_table(observations, plan, "midtvej", references=references, vurderinger=vurderinger,
                               indikatorer=indikatorer)
    return BeregnetRunde(runde=runde, observations=allobs, references=references, vurderinger=vurderinger,
                         indikatorer=indikatorer, status=status, filer=shown, status_midtvej=midtvej,
                         fingeraftryk=fingeraftryk(shown))


def venter_markering(path: Path) -> Path:
    """The file that says the stored computation ``path`` is being made (see ``Rapport.load``)."""
    return path.with_name(path.name + ".venter")


def vent_paa_beregning(path: Path, timeout: float = 300.0) -> bool:
    """True when the stored computation is there, waiting for it while render says it is being made.

    ``helhedsanalyse render`` computes a round's assessment while the kernels start; a notebook that
    gets here first waits for it rather than computing the same again (which would also slow the
    computation it waits for). Without the marker, or when it goes away without a result: False,
    and the notebook computes the assessment itself.
    """
    marker = venter_markering(path)
    deadline = time.monotonic() + timeout
    while not path.exists() and marker.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return path.exists()


def save_computation(runde: str, path: Path, data: list[str] | None = None) -> Path:
    """Compute once and store for the notebooks of a round (:func:`load_computation`)."""
    stored = compute(runde, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    # atomically: notebooks may already be running and look for it (helhedsanalyse.render.render)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            pickle.dump(stored, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def load_computation(path: str | Path) -> BeregnetRunde:
    """The round stored by :func:`save_computation` (a file in render's private folder, never user input)."""
    with open(path, "rb") as fh:
        stored = pickle.load(fh)  # noqa: S301 - written by this process's own render, in a 0700 folder
    if not isinstance(stored, BeregnetRunde):
        raise TypeError(f"{path} holds no computed round")
    return stored
