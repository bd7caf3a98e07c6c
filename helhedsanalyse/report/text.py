"""The status table as text for the terminal and for other programs: ``helhedsanalyse status --format``."""

from __future__ import annotations

import json
import math
import textwrap
from typing import Any

import numpy as np
import pandas as pd

from ..core.formatting import csv_tekst, format_vaerdi
from ..core.status import STATUS_TEKST, STATUSSER

#: Columns shown by ``helhedsanalyse status --format table``.
TABEL_KOLONNER = ["kriterium", "omraade", "sidste_periode", "vaerdi", "maal", "status_tekst"]


def _json_safe(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_json_safe(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, np.generic):
        return _json_safe(x.item())
    return x


def format_status(table: pd.DataFrame, fmt: str = "table", forklaring: bool = True, bredde: int = 100) -> str:
    """The status table as text: ``table`` (readable in a terminal), ``csv`` or ``json``.

    ``table`` gives one line per criterion × area (criterion, area, period, value, target, status, and
    the markers foreløbig / evaluators vurdering), followed by the explanation, the uncertainty and the
    projection wrapped at ``bredde`` characters unless ``forklaring`` is False. A table made publishable
    by :func:`helhedsanalyse.diskretionering.diskretioner_status` (column ``diskretionering``) shows a
    suppressed value as its mark (``<5``, ``(diskretioneret)``). ``csv``: a text cell that Excel would read
    as a formula starts with an apostrophe (:func:`helhedsanalyse.formatting.csv_celle`).
    """
    if fmt == "json":
        records = table.astype(object).where(table.notna(), None).to_dict("records")
        return json.dumps(_json_safe(records), ensure_ascii=False, indent=1, default=str)
    if fmt == "csv":
        out = table.copy()
        out["dele"] = out["dele"].map(lambda d: json.dumps(_json_safe(d), ensure_ascii=False))
        return csv_tekst(out)
    if fmt != "table":
        raise ValueError(f"ukendt format '{fmt}'; gyldige: table, csv, json")
    show = _tabel(table)
    lines = _indledning(table)
    if not forklaring:
        lines.append(show.to_string(index=False))
        return "\n".join(lines)
    rendered = show.to_string(index=False).split("\n")
    lines.append(rendered[0])
    wrap = textwrap.TextWrapper(width=bredde, initial_indent="    ", subsequent_indent="    ")
    for text_line, (_, r) in zip(rendered[1:], table.iterrows(), strict=False):
        lines.append(text_line)
        for extra in (r["forklaring"], r.get("usikkerhed", ""), r.get("fremskrivning", "")):
            if isinstance(extra, str) and extra:
                lines.extend(wrap.wrap(extra))
    return "\n".join(lines)


def _tabel(table: pd.DataFrame) -> pd.DataFrame:
    """The columns of the text table: value (or its suppression mark), period, status with markers, target."""
    show = table[TABEL_KOLONNER].copy()
    show["vaerdi"] = [format_vaerdi(v, e) for v, e in zip(table["vaerdi"], table["enhed"], strict=True)]
    if "diskretionering" in table:  # a suppressed value is shown as its mark
        show["vaerdi"] = [m if isinstance(m, str) and m[:1] in ("<", "(") else v
                          for v, m in zip(show["vaerdi"], table["diskretionering"], strict=True)]
    show["sidste_periode"] = show["sidste_periode"].fillna("–")
    ingen = [False] * len(table)
    marks = [" (foreløbig)" if fo else (" (evaluators vurdering)" if ev else "")
             for fo, ev in zip(table.get("foreloebig", ingen), table.get("evaluators_vurdering", ingen), strict=True)]
    show["status_tekst"] = show["status_tekst"] + marks
    show.columns = ["Kriterium", "Område", "Periode", "Værdi", "Mål", "Status"]
    show["Mål"] = show["Mål"].map(lambda s: s if len(s) <= 48 else s[:47] + "…")
    return show


def _indledning(table: pd.DataFrame) -> list[str]:
    """The lines above the text table: the illustrative warning, the suppression rule, the counts."""
    lines = []
    if bool(table["illustrativ"].any()):
        lines.append("BEMÆRK: bygger på ILLUSTRATIVE DATA (ikke rigtige tal).")
    if "diskretionering" in table:
        lines.append("Diskretionering: værdier og forklaringer, der bygger på få personer, er udeladt "
                     "(docs/metode.md); --uden-diskretionering giver en intern arbejdskopi, der ikke må "
                     "offentliggøres.")
    counts = table["status"].value_counts()
    lines.append("; ".join(f"{STATUS_TEKST[s]}: {int(counts[s])}" for s in STATUSSER if s in counts))
    return lines
