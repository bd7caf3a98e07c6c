"""Parallel rendering gives the same bytes as serial rendering, apart from the date line (issue #7).

Kept cheap: three notebooks of one round (three jobs, so two workers really run two kernels at once),
rendered once with ``workers=1`` and once with ``workers=2``.
"""

from __future__ import annotations

import re
from pathlib import Path

from helhedsanalyse.render import render

NOTEBOOKS = ["datatjek", "bestyrelsesstatus", "helhedsevaluering"]

#: The date a report or the index was made: ``<dd class="dato">…</dd>``, ``<span class="dato">…</span>``.
DATO = re.compile(r'(<(dd|span) class="dato">)[^<]*(</\2>)')


def _normalise(text: str) -> str:
    return DATO.sub(r"\1DATO\3", text)


def _render(out: Path, workers: int) -> dict[str, str]:
    render(runder=["midtvej"], notebooks=NOTEBOOKS, out_dir=out, workers=workers, progress=False)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


def test_parallel_render_is_byte_identical_to_serial(tmp_path):
    serial = _render(tmp_path / "serial", workers=1)
    parallel = _render(tmp_path / "parallel", workers=2)
    assert sorted(serial) == sorted(parallel) == [
        "index.html", "midtvej/bestyrelsesstatus.html", "midtvej/datatjek.html",
        "midtvej/helhedsevaluering.html", "midtvej/statusoversigt.html",
    ]
    for name in serial:
        assert DATO.search(serial[name]) or name == "midtvej/statusoversigt.html", f"{name}: no date line found"
        assert _normalise(serial[name]) == _normalise(parallel[name]), f"{name} differs between serial and parallel"
        # nothing but the date line may differ: the rest is the same byte for byte
        assert serial[name].encode("utf-8").count(b"\n") == parallel[name].encode("utf-8").count(b"\n")
