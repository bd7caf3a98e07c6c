"""A generated national-scale dataset for the assessment benchmark (issue #7).

``national_plan(n_areas)`` is the shipped plan with ``n_areas`` extra areas, every one bound by the
first 45 succeskriterier; ``national_data(plan, areas)`` gives every indicator those criteria use,
in every area and the reference geographies, for 10 years (2012-2021), with tæller and nævner for
shares and rates. Seeded: the same call gives the same frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helhedsanalyse.plan import Plan, load_plan

KOLONNER = ["omraade", "indikator", "periode", "aar", "delperiode", "vaerdi", "taeller", "naevner", "kilde",
            "note", "illustrativ", "fil", "raekke"]
AAR = list(range(2012, 2022))  # 10 years
REFERENCER = ["sub", "danmark", "slagelse_kommune"]


def national_plan(n_areas: int, n_criteria: int = 45, plan: Plan | None = None) -> Plan:
    """The shipped plan with ``n_areas`` areas ``omr_000`` ..., each bound by the first ``n_criteria`` criteria."""
    raw = (plan or load_plan()).model_dump()
    new = [f"omr_{i:04d}" for i in range(n_areas)]
    raw["omraader"] = raw["omraader"] + [{"id": o, "navn": f"Område {i}", "aliaser": []} for i, o in enumerate(new)]
    kept = []
    for k in raw["kriterier"][:n_criteria]:
        k["omraader"] = new
        for m in k["maal"]:
            m["omraader"] = new
        kept.append(k)
    raw["kriterier"] = kept
    return Plan.model_validate(raw)


def national_data(plan: Plan, seed: int = 7) -> pd.DataFrame:
    """Observations in the data contract for every indicator the plan's criteria use (see module doc)."""
    rng = np.random.default_rng(seed)
    areas = [o.id for o in plan.omraader if o.id.startswith("omr_")]
    used = sorted({k.indikator for k in plan.kriterier if k.indikator})
    frames = []
    for ind_id in used:
        ind = plan.indikator[ind_id]
        places = areas + REFERENCER
        if ind.samlet == "ingen" or any("samlet" in k.omraader and len(k.omraader) == 1
                                        for k in plan.kriterier_med(ind_id)):
            places = places + ["samlet"]
        omr = np.repeat(places, len(AAR))
        aar = np.tile(AAR, len(places))
        n = len(omr)
        taeller = np.full(n, np.nan)
        naevner = np.full(n, np.nan)
        if ind_id == "hjemmeside_besoegende":
            vaerdi = 10000.0 + 900.0 * (aar - 2018)
        elif ind.enhed in ("pct", "pr_1000"):
            naevner = rng.integers(80, 400, n).astype(float)
            share = rng.uniform(0.2, 0.8, n) if ind.enhed == "pct" else rng.uniform(0.01, 0.04, n)
            taeller = np.round(naevner * share)
            vaerdi = (100 if ind.enhed == "pct" else 1000) * taeller / naevner
        else:
            vaerdi = rng.integers(5, 100, n).astype(float)
        frames.append(pd.DataFrame({"omraade": omr, "indikator": ind_id, "periode": aar.astype(str), "aar": aar,
                                    "delperiode": "", "vaerdi": vaerdi, "taeller": taeller, "naevner": naevner}))
    out = pd.concat(frames, ignore_index=True)
    out["kilde"] = "genereret"
    out["note"] = ""
    out["illustrativ"] = False
    out["fil"] = "national.csv"
    out["raekke"] = np.arange(len(out)) + 2
    return out[KOLONNER]
