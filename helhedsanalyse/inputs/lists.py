"""The recorded list status of the areas and the national list counts (``data/lister/*.csv``).

``listestatus.csv`` is transcribed from ``data/kilde/referencedata/listestatus_omraader.csv``; its
``grundlag`` keeps "stated", "inferred" and "not found" exactly as the reference data says them.
``listeantal.csv`` holds the number of areas on each national list per year.

>>> h = load_history()
>>> sorted(set(h["grundlag"]))
['inferred', 'not found', 'stated']
>>> row = h[(h["omraade"] == "ringparken") & (h["aar"] == 2019)].iloc[0]
>>> row["paa_lister"], row["grundlag"]
(['ghetto', 'haardt_ghetto'], 'stated')
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..plan.lists import LISTE_DIR, ListeError, load_rules

__all__ = ["GRUNDLAG", "HISTORIK_KOLONNER", "load_history", "load_listeantal"]

#: The columns of ``listestatus.csv``, in this order.
HISTORIK_KOLONNER = ["omraade", "aar", "liste_dato", "officiel", "paa_lister", "ikke_paa_lister", "grundlag",
                     "liste_som_kilden", "status_som_kilden", "note", "fortolkning", "kilde", "referencefil_raekke"]
#: The basis of a recorded status, as the reference data words it.
GRUNDLAG = ("stated", "inferred", "not found")


def load_history(path: str | Path | None = None) -> pd.DataFrame:
    """The recorded list status of the areas (default ``data/lister/listestatus.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per area, year and source row, with columns ``omraade``, ``aar`` (int), ``liste_dato``,
        ``officiel`` (``ja`` or ``nej (...)``), ``paa_lister`` and ``ikke_paa_lister`` (lists of list ids),
        ``grundlag`` (``stated``, ``inferred`` or ``not found``, exactly as in the reference data),
        ``liste_som_kilden``, ``status_som_kilden``, ``note`` (the reference row's text), ``fortolkning``
        (Danish), ``kilde`` (URL) and ``referencefil_raekke`` (line in
        ``data/kilde/referencedata/listestatus_omraader.csv``).

    Raises
    ------
    ListeError
        for a missing file, other columns, an unknown ``grundlag`` or an unknown list id.
    """
    path = Path(path) if path is not None else LISTE_DIR / "listestatus.csv"
    return _load_history_cached(str(path.resolve())).copy()


@lru_cache(maxsize=4)
def _load_history_cached(path: str) -> pd.DataFrame:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            lines = [line for line in fh if not line.startswith("#")]
    except FileNotFoundError:
        raise ListeError(f"{path}: filen med den registrerede listestatus findes ikke") from None
    reader = csv.DictReader(lines)
    if reader.fieldnames != HISTORIK_KOLONNER:
        raise ListeError(f"{path}: kolonnerne skal være {', '.join(HISTORIK_KOLONNER)}")
    rows = []
    problems = []
    known = {item.id for p in load_rules().perioder for item in p.lister}
    for i, r in enumerate(reader, start=2):
        if r["grundlag"] not in GRUNDLAG:
            problems.append(f"række {i}: grundlag '{r['grundlag']}' skal være stated, inferred eller not found")
        paa = [x for x in r["paa_lister"].split(";") if x]
        ikke = [x for x in r["ikke_paa_lister"].split(";") if x]
        bad = [x for x in paa + ikke if x not in known]
        if bad:
            problems.append(f"række {i}: ukendte liste-id'er {bad}")
        rows.append({**r, "aar": int(r["aar"]), "paa_lister": paa, "ikke_paa_lister": ikke,
                     "referencefil_raekke": int(r["referencefil_raekke"])})
    if problems:
        raise ListeError(f"{path}: " + "; ".join(problems))
    return pd.DataFrame(rows, columns=HISTORIK_KOLONNER)


def load_listeantal(path: str | Path | None = None) -> pd.DataFrame | None:
    """The number of areas on each national list per year (default ``data/lister/listeantal.csv``).

    Returns
    -------
    pandas.DataFrame or None
        Columns ``aar`` (int), ``udsatte_omraader``, ``ghetto_eller_parallelsamfund``,
        ``haarde_ghetto_eller_omdannelse``, ``forebyggelse`` (text; empty where the list did not exist),
        ``note`` and ``kilde`` (the source). None when the file does not exist.
    """
    path = Path(path) if path is not None else LISTE_DIR / "listeantal.csv"
    if not path.exists():
        return None
    frame = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    frame["aar"] = frame["aar"].astype(int)
    return frame
