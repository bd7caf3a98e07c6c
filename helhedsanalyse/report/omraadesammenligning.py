"""The areas compared: for each criterion of an indsatsområde measured in more than one area, one figure with
the areas side by side against the target, and a short table of each area's target, latest value and status.

What the report hides is left out of the figure and the table alike (:class:`~.skjul.Skjul`): a hidden value is
not drawn, and the table shows it as the value tables do.
"""

from __future__ import annotations

from typing import Any

from ..core.parallel import fork_imap
from ..plan.model import Kriterium
from . import kriterier
from .anker import kriterie_anker
from .markup import Markup, badge, bryd, side
from .skjul import Skjul
from .udsnit import serie


def _omraader(skjul: Skjul, k: Kriterium) -> list[str]:
    """The four areas (not samlet) the criterion binds, in the plan's order, that have a value to show."""
    plan, ind = skjul.plan, str(k.indikator)
    out = []
    for o in plan.omraade_ids:
        if o == "samlet" or o not in k.omraader:
            continue
        s = serie(skjul.beregnet, o, ind)
        shown = s[~skjul.skjult(o, ind)] if not s.empty else s
        if not shown.empty and shown["vaerdi"].notna().any():
            out.append(o)
    return out


def sammenlignelige(skjul: Skjul, indsatsomraade: str) -> list[tuple[Kriterium, list[str]]]:
    """The quantitative criteria of the indsatsområde measured in more than one area, with those areas."""
    out = []
    for k in skjul.plan.kriterier:
        if k.indsatsomraade != indsatsomraade or k.kvalitativ or not k.indikator:
            continue
        omraader = _omraader(skjul, k)
        if len(omraader) > 1:
            out.append((k, omraader))
    return out


def _seneste(skjul: Skjul, o: str, indikator: str) -> str:
    """The area's latest value as the value tables publish it (hidden where they hide it), with its year."""
    ind = skjul.plan.indikator[indikator]
    s = serie(skjul.beregnet, o, indikator)
    s = s[s["vaerdi"].notna()]
    if s.empty:
        return "–"
    r = s.iloc[-1]
    aar = int(r["aar"])
    status = skjul.maske.get((o, indikator, aar)) if ind.foelsom else None
    dec = kriterier.decimaler(ind.enhed, ind.heltal, s["vaerdi"])
    vist = skjul.vis(r["vaerdi"], ind.enhed, r.get("taeller"), r.get("naevner"), ind.foelsom, status, dec)
    return f"{vist} ({aar})"


def _figur(skjul: Skjul, k: Kriterium, omraader: list[str]) -> dict[str, Any]:
    """One criterion's figure, table rows and the number of values left out (small and picklable: a worker
    makes it)."""
    from . import plots  # deferred: matplotlib is imported only by the sections that draw
    from .figures.omraader import area_comparison_figure  # deferred: as above

    plan, b, indikator = skjul.plan, skjul.beregnet, str(k.indikator)
    indikatorer = b.indikatorer
    udeladt = 0
    status_rows = b.status[(b.status["kriterium"] == k.id)].set_index("omraade")
    for o in omraader:
        hidden = skjul.skjult(o, indikator)
        if hidden.any():
            indikatorer = indikatorer.drop(index=hidden[hidden].index)
            udeladt += int(hidden.sum())
    status = {o: str(status_rows.loc[o, "status"]) for o in omraader if o in status_rows.index}
    fig = area_comparison_figure(indikatorer, k, plan, b.runde, omraader, status)
    ind = plan.indikator[indikator]
    raekker = []
    seneste = []
    for o in omraader:
        row = status_rows.loc[o] if o in status_rows.index else None
        vaerdi = _seneste(skjul, o, indikator)
        seneste.append(f"{plan.omraade[o].navn} {vaerdi}")
        raekker.append({
            "anker": kriterie_anker(k.id, o), "omraade": bryd(plan.omraade[o].navn),
            "maal": str(row["maal"]) if row is not None else "", "vaerdi": vaerdi,
            "status": badge(str(row["status"])) if row is not None else badge(None),
        })
    alt = (f"{ind.navn}: områderne sammenlignet år for år med målet. Seneste værdier: "
           + "; ".join(seneste) + ".")
    figur = Markup(plots.figure_to_html(fig, alt)) if fig is not None else None
    return {"titel": ind.navn, "kriterium": k.tekst, "figur": figur, "raekker": raekker, "udeladt": udeladt,
            "graense": skjul.graense}


def omraadesammenligning(skjul: Skjul, indsatsomraade: str) -> Markup:
    """Every criterion of the indsatsområde measured in more than one area: one figure with the areas side by
    side against the target, and a table of target, latest value and status per area."""
    kriterier = sammenlignelige(skjul, indsatsomraade)
    alle = [k for k in skjul.plan.kriterier if k.indsatsomraade == indsatsomraade]
    if skjul.visning.diskretionering:
        _ = skjul.maske  # computed once here, not again in every worker
    # the figures drawn on all cores (as the criterion sections are): about half the time on two
    blokke = list(fork_imap(lambda ko: _figur(skjul, *ko), kriterier))
    return side("omraadesammenligning.j2", blokke=blokke, oevrige=len(alle) - len(blokke))
