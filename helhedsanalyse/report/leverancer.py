"""The delivery measurement: activity outputs per quarter and area against the yearly target.

The delivery table has nine columns and must fit an A4 page and a 900 px window: a secondarily suppressed
cell (:data:`.skjul.SKJULT`, "(diskretioneret)", one word that cannot wrap) is shown as the short
:data:`SKJULT_KORT`, explained once in a note below the table.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..core.formatting import NBSP, format_tal
from ..plan.model import Kriterium, MindstAntal, Plan
from .markup import Markup, endelig, makro, tabel
from .skjul import SKJULT, Skjul
from .udsnit import sidste_aar

KVARTALER = ["K1", "K2", "K3", "K4"]

#: How the delivery table shows a cell that :class:`.Skjul` hides as :data:`.skjul.SKJULT` (a secondarily
#: suppressed quarter or year to date): a short word, so that the table fits the page.
SKJULT_KORT = "skjult"


def _kort(vist: str) -> str:
    """A delivery cell as published, with the short mark for a hidden one (``<5`` stays as it is).

    >>> _kort("(diskretioneret)"), _kort("<5"), _kort("12")
    ('skjult', '<5', '12')
    """
    return SKJULT_KORT if vist == SKJULT else vist


def leverance_kriterier(plan: Plan) -> list[Kriterium]:
    """The activity criteria measured quarterly with a yearly minimum (the delivery measurement)."""
    return [
        k for k in plan.kriterier
        if k.maalefrekvens == "kvartalsvis" and any(m.type == "mindst_antal" for m in k.maal)
    ]


def _aarsmaal(k: Kriterium) -> MindstAntal:
    return next(m for m in k.maal if isinstance(m, MindstAntal))


def leverancer(skjul: Skjul, aar: int | None = None) -> Markup:
    """Activity outputs per quarter and area in ``aar`` (default: the round's last year) against the yearly
    target, year to date; cells diskretionering hides are shown as ``<5`` or hidden."""
    aar = aar or sidste_aar(skjul.beregnet)
    rows: list[dict[str, str]] = []
    for k in leverance_kriterier(skjul.plan):
        rows.extend(_raekker(skjul, k, aar))
    frame = pd.DataFrame(rows)
    tal = [*KVARTALER, "År til dato"]
    skjulte = any(rec.get(c) == SKJULT_KORT for rec in rows for c in tal)
    return makro("leverancer.j2", "tabel", aar, tabel(frame, [*tal, "Årsmål"], klasse="kompakt leverancer",
                                                       bryd_i=["Aktivitet", "Område"]),
                 skjult=SKJULT_KORT if skjulte else None, graense=skjul.graense)


def _raekker(skjul: Skjul, k: Kriterium, aar: int) -> list[dict[str, str]]:
    """One activity's rows of the delivery table: one per area (and samlet)."""
    m = _aarsmaal(k)
    ind = skjul.plan.indikator[str(k.indikator)]
    per_area, _ = skjul.leverancetal(k, aar)
    if not per_area:
        return [{"Aktivitet": ind.navn, "Område": "–", "K1": "", "K2": "", "K3": "", "K4": "",
                 "År til dato": "ingen data", "Årsmål": format_tal(m.mindst), "Stand": "mangler data"}]
    maske = skjul.leverance_maske(k, per_area, aar)
    out = []
    for i, (a, (q, ytd)) in enumerate(per_area.items()):
        rec = {"Aktivitet": "" if i else ind.navn, "Område": skjul.plan.omraade[a].navn}
        for key, v in q.items():
            vist = skjul.vis(v, "antal", foelsom=ind.foelsom, status=maske.get((a, key))) if endelig(v) else ""
            rec[key] = _kort(vist)
        ytd_status = maske.get((a, "ytd"))
        rec["År til dato"] = (_kort(skjul.vis(ytd, "antal", foelsom=ind.foelsom, status=ytd_status)) if endelig(ytd)
                              else "–")
        judged = a in k.omraader
        rec["Årsmål"] = format_tal(m.mindst) if judged else ""
        rec["Stand"] = _stand(ytd, m.mindst, bool(ytd_status)) if judged else ""
        out.append(rec)
    return out


def _stand(ytd: Any, mindst: float, skjult: bool) -> str:
    """How far the year to date is towards the yearly target; when it is hidden only reached or not (the
    share of the target would give it back).

    >>> _stand(30, 40, False), _stand(30, 40, True), _stand(50, 40, False), _stand(None, 40, False)
    ('75\xa0% af årsmålet', 'ikke nået', 'nået', '–')
    """
    if skjult:
        return "nået" if ytd >= mindst else "ikke nået"
    if endelig(ytd) and ytd >= mindst:
        return "nået"
    return f"{format_tal(100 * ytd / mindst, 0)}{NBSP}% af årsmålet" if endelig(ytd) and mindst else "–"


def leverance_figurer(skjul: Skjul, aar: int | None = None) -> list[str]:
    """One figure per delivery criterion, as the parts a notebook displays: a heading, the output year to date
    per area against the yearly target, and the areas left out of it.

    With diskretionering, an area (or samlet) with a suppressed cell in the delivery table is left out
    of the figure, and samlet too when exactly one area would be missing (:meth:`.Skjul.leverance_omraader`).
    """
    from . import plots  # deferred: matplotlib is imported only by the sections that draw

    aar = aar or sidste_aar(skjul.beregnet)
    dele: list[str] = []
    for k in leverance_kriterier(skjul.plan):
        ind = skjul.plan.indikator[str(k.indikator)]
        omraader, udeladt = skjul.leverance_omraader(k, aar)
        fig = None
        if omraader is None or omraader:
            fig = plots.leverance_figure(skjul.beregnet.observations, str(k.indikator), skjul.plan, aar, kriterium=k.id,
                                         omraader=omraader, undertryk_under=skjul.undertryk_under(k.indikator))
        if fig is None and not udeladt:
            continue
        dele.append(str(makro("leverancer.j2", "overskrift", ind.navn)))
        if fig is not None:
            dele.append(plots.figure_to_html(fig, f"{ind.navn} {aar}: leverancer år til dato mod årsmålet"))
        if udeladt:
            dele.append(str(makro("leverancer.j2", "udeladt", [skjul.plan.omraade[a].navn for a in udeladt])))
    return dele
