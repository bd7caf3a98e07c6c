"""Parallel rendering gives the same bytes as serial rendering, apart from the date line (issue #7).

Kept cheap: three notebooks of one round (three jobs, so two workers really run two kernels at once),
rendered once with ``workers=1`` and once with ``workers=2``; one area report with its figures drawn
in two forked processes inside the kernel against one; and :func:`helhedsanalyse.core.parallel.fork_map`.
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


# ------------------------------------------------------------------ figures drawn on all cores


def test_one_area_report_drawn_on_two_cores_is_byte_identical_to_one_core(tmp_path, monkeypatch):
    """One report alone: its kernel draws the figures in two forked processes (HELHEDSANALYSE_PROCESSER
    set by render to the cores it leaves the kernel). The page is the one drawn on one core."""
    from helhedsanalyse.core.parallel import MILJOEVARIABEL

    def one(out: Path) -> str:
        render(runder=["slut"], omraader=["motalavej"], notebooks=["omraade"], out_dir=out, workers=2, progress=False)
        return (out / "slut" / "omraade_motalavej.html").read_text(encoding="utf-8")

    monkeypatch.delenv(MILJOEVARIABEL, raising=False)
    parallel = one(tmp_path / "to_kerner")
    monkeypatch.setenv(MILJOEVARIABEL, "1")
    serial = one(tmp_path / "en_kerne")
    assert parallel.count('class="figur"') >= 20, "the area report should have its criterion figures"
    assert _normalise(parallel) == _normalise(serial)


def test_render_leaves_each_kernel_its_share_of_the_cores(monkeypatch, tmp_path):
    """The variable the kernels read: all cores for one report, one each when reports run side by side,
    the user's own value untouched, and nothing left behind in the environment afterwards."""
    import os

    import helhedsanalyse.render.engine as render_mod
    from helhedsanalyse.core.parallel import MILJOEVARIABEL

    seen: list[str | None] = []
    monkeypatch.setattr(render_mod, "_render_jobs", lambda jobs, *a, **k: seen.append(os.environ.get(MILJOEVARIABEL)) or [])
    monkeypatch.setattr("helhedsanalyse.core.parallel.antal_processer", lambda: 2)
    monkeypatch.delenv(MILJOEVARIABEL, raising=False)
    render(runder=["slut"], omraader=["motalavej"], notebooks=["omraade"], out_dir=tmp_path, workers=2, progress=False)
    render(runder=["slut"], omraader=["motalavej", "sydbyen"], notebooks=["omraade"], out_dir=tmp_path, workers=2,
           progress=False)
    render(runder=["slut"], omraader=["motalavej"], notebooks=["omraade"], out_dir=tmp_path, workers=1, progress=False)
    assert seen == ["2", "1", "2"]
    assert MILJOEVARIABEL not in os.environ
    monkeypatch.setenv(MILJOEVARIABEL, "3")
    render(runder=["slut"], omraader=["motalavej", "sydbyen"], notebooks=["omraade"], out_dir=tmp_path, workers=2,
           progress=False)
    assert seen[-1] == "3" and os.environ[MILJOEVARIABEL] == "3"


def test_succeskriterier_gives_the_sections_kriterie_afsnit_gives_one_by_one(monkeypatch):
    """One output for the cell (the notebook shows one thing per cell), the same sections in the same order
    on any number of processes."""
    from helhedsanalyse.core.parallel import MILJOEVARIABEL
    from helhedsanalyse.report import Rapport

    r = Rapport.load("midtvej")
    io = "kriminalpraevention"
    one_by_one = [r.kriterie_afsnit(row.kriterium, row.omraade).data
                  for row in r.rows(indsatsomraade=io).itertuples()]
    for processer in ("1", "2"):
        monkeypatch.setenv(MILJOEVARIABEL, processer)
        assert r.succeskriterier(indsatsomraade=io).data == "".join(one_by_one), f"{processer} process(es)"
    assert sum('class="figur"' in s for s in one_by_one) >= 5
    # each section is one whole block: it opens and closes its div
    assert all(s.count("<div") == s.count("</div>") for s in one_by_one)


# ------------------------------------------------------------------ fork_map


def _square_or_fail(x: int) -> int:
    if x == 13:
        raise ValueError("13 er ikke tilladt")
    return x * x


def test_fork_map_keeps_the_order_and_uses_other_processes():
    import os

    from helhedsanalyse.core.parallel import fork_map

    assert fork_map(_square_or_fail, range(10), processer=2) == [x * x for x in range(10)]
    pids = set(fork_map(lambda _: os.getpid(), range(8), processer=2))
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    # a closure over local data works: it is inherited, not pickled
    data = {"a": 1, "b": 2}
    assert fork_map(lambda k: data[k], ["b", "a"], processer=2) == [2, 1]
    # one process, or one item: in this process
    assert fork_map(lambda _: os.getpid(), range(3), processer=1) == [os.getpid()] * 3
    assert fork_map(lambda _: os.getpid(), [0], processer=2) == [os.getpid()]
    assert fork_map(_square_or_fail, [], processer=2) == []


def test_fork_map_stays_in_this_process_outside_linux(monkeypatch):
    import os
    import sys

    from helhedsanalyse.core.parallel import fork_map

    monkeypatch.setattr(sys, "platform", "darwin")
    assert fork_map(lambda _: os.getpid(), range(4), processer=2) == [os.getpid()] * 4


def test_fork_map_raises_the_workers_error_and_shows_its_warnings():
    import warnings

    import pytest

    from helhedsanalyse.core.parallel import fork_map

    with pytest.raises(ValueError, match="13 er ikke tilladt"):
        fork_map(_square_or_fail, [1, 13, 2], processer=2)

    def warn(x: int) -> int:
        warnings.warn(f"advarsel {x}", UserWarning, stacklevel=1)
        return x

    with pytest.warns(UserWarning) as caught:
        assert fork_map(warn, [1, 2], processer=2) == [1, 2]
    assert sorted(str(w.message) for w in caught) == ["advarsel 1", "advarsel 2"]


def test_processes_from_the_environment(monkeypatch):
    import pytest

    from helhedsanalyse.core.errors import ProcessCountError
    from helhedsanalyse.core.parallel import MILJOEVARIABEL, antal_processer

    monkeypatch.setenv(MILJOEVARIABEL, "3")
    assert antal_processer() == 3
    monkeypatch.setenv(MILJOEVARIABEL, "0")
    assert antal_processer() == 1
    monkeypatch.setenv(MILJOEVARIABEL, "to")
    with pytest.raises(ProcessCountError, match="HELHEDSANALYSE_PROCESSER='to' er ikke et helt tal"):
        antal_processer()
    monkeypatch.delenv(MILJOEVARIABEL)
    assert antal_processer() >= 1


def test_fork_workers_die_with_the_process_that_forked_them():
    """A kernel killed while its forked figure workers draw: they die with it (PR_SET_PDEATHSIG), none
    is left drawing for nobody."""
    import subprocess
    import sys
    import time

    import pytest

    if not sys.platform.startswith("linux"):
        pytest.skip("fork workers only on Linux")
    code = ("import os, time\nfrom helhedsanalyse.core.parallel import fork_map\nprint(os.getpid(), flush=True)\n"
            "fork_map(lambda x: time.sleep(120), range(2), processer=2)\n")
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    p.stdout.readline()

    def children() -> list[int]:
        out = []
        for d in Path("/proc").iterdir():
            try:
                stat = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if stat[1] == str(p.pid) and stat[0] != "Z":
                out.append(int(d.name))
        return out

    deadline = time.monotonic() + 60
    while len(kids := children()) < 2:
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.1)
    p.kill()
    p.wait()
    def running(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    alive = kids
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [k for k in kids if running(k)]
    assert not alive, f"fork workers outlived their parent: {alive}"


# ------------------------------------------------------------------ the stored computation of a round


def test_a_notebook_waits_for_the_computation_render_is_making(tmp_path, monkeypatch):
    """render computes a round's assessment while the kernels start; a notebook that asks for it first
    waits for it (no second computation), and computes it itself only when render gives up."""
    import threading
    import time

    import helhedsanalyse.compute.runde as runde_mod
    import helhedsanalyse.report.rapport as report_mod
    from helhedsanalyse.compute.runde import save_computation, venter_markering
    from helhedsanalyse.report import Rapport

    stored = tmp_path / "slut" / ".beregning.pkl"
    marker = venter_markering(stored)
    marker.parent.mkdir(parents=True)
    marker.touch()
    computed: list[str] = []
    real_compute = runde_mod.compute
    counting = lambda *a, **k: computed.append("x") or real_compute(*a, **k)  # noqa: E731
    monkeypatch.setattr(runde_mod, "compute", counting)  # render's side (save_computation)
    monkeypatch.setattr(report_mod, "compute", counting)  # the notebook's side (Rapport.load)

    def render_side() -> None:
        time.sleep(0.5)
        save_computation("slut", stored)
        marker.unlink()

    t = threading.Thread(target=render_side)
    t.start()
    r = Rapport.load("slut", beregning=str(stored))
    t.join()
    assert computed == ["x"], "only render's computation, none in the notebook"
    assert len(r.status) > 100

    # render stopped (the marker is gone) without a stored computation: the notebook computes it
    stored.unlink()
    computed.clear()
    r = Rapport.load("slut", beregning=str(stored))
    assert computed == ["x"] and len(r.status) > 100


# ------------------------------------------------------------------ the kernel started early


def test_the_early_kernel_is_shut_down_however_the_job_ends(tmp_path, monkeypatch):
    """render starts each notebook's kernel before papermill is ready for it; whether the notebook
    runs, fails in a cell, or papermill stops before it uses the kernel, no kernel is left running."""
    import papermill
    import pytest

    import helhedsanalyse.render.engine as render_mod
    import helhedsanalyse.render.kernels as kernels_mod
    from helhedsanalyse.render import RenderError, plan_jobs

    started = []
    real_start = kernels_mod.start_kernel
    monkeypatch.setattr(kernels_mod, "start_kernel", lambda *a: started.append(real_start(*a)) or started[-1])
    job = plan_jobs("midtvej", notebooks=["bestyrelsesstatus"], out_dir=tmp_path)[0]

    render_mod.execute_job(job)  # runs
    assert job.html.exists()
    # fails in a cell: an unknown area stops the parameter check
    bad = plan_jobs("midtvej", ["motalavej"], ["omraade"], out_dir=tmp_path)[0]
    bad.parametre["omraade"] = "atlantis"
    with pytest.raises(RenderError, match="atlantis"):
        render_mod.execute_job(bad)

    def refuse(*a, **k):
        raise RuntimeError("papermill stopped before the kernel was used")

    monkeypatch.setattr(papermill, "execute_notebook", refuse)
    with pytest.raises(RuntimeError, match="before the kernel"):
        render_mod.execute_job(job)
    assert len(started) == 3
    assert not any(km.has_kernel for km in started), "a kernel was left running"
    assert not kernels_mod.kernel_pids, "a kernel is still counted as running"
    assert [p.name for p in (tmp_path / "midtvej").iterdir()] and not [
        p for p in (tmp_path / "midtvej").iterdir() if p.suffix in (".tmp", ".pkl") or p.name.startswith(".")
    ], "the running notebook is kept in a private folder, never beside the report"


def test_without_an_early_kernel_papermill_starts_its_own(tmp_path, monkeypatch):
    """Off POSIX (Windows) render leaves the kernel to papermill, as before; the report is the same."""
    import helhedsanalyse.render.engine as render_mod
    import helhedsanalyse.render.kernels as kernels_mod
    from helhedsanalyse.render import plan_jobs

    monkeypatch.setattr(kernels_mod, "EARLY_KERNEL", False)
    monkeypatch.setattr(kernels_mod, "start_kernel", lambda *a: (_ for _ in ()).throw(AssertionError("not on Windows")))
    job = plan_jobs("midtvej", notebooks=["bestyrelsesstatus"], out_dir=tmp_path)[0]
    render_mod.execute_job(job)
    assert 'class="hovedresultater"' in job.html.read_text(encoding="utf-8")  # the board status ran to its answer
