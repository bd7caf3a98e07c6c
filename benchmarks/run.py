"""Benchmark for issue #7: ``helhedsanalyse render`` against the plain papermill + nbconvert loop,
and the assessment on a generated national-scale dataset.

    make benchmark                      # = .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --del omraade assessment   # only some parts

Not part of the test run. Everything runs on this machine, in this one run, one thing at a time:

1. *Report set*: the whole report set of one round (``--runde``, default ``slut``) rendered by
   ``helhedsanalyse render`` (command line), against what a user would type by hand for the same jobs
   (``plan_jobs(runde)``, same parameters): for each notebook ``papermill NB OUT.ipynb -p ...`` and then
   ``jupyter nbconvert --to html --no-input OUT.ipynb``, one after another. The plain route has no
   ``beregning`` parameter, so each notebook computes the assessment itself.
2. *One area report*: the same for the area report of one area (``--omraade``, default motalavej);
   the median of ``--gentag`` runs of each route (default 3).
3. *Assessment*: ``status_table`` (indicators and the status of every criterion × area) on generated
   data (benchmarks/national.py): 45 criteria, 10 years, tæller and nævner, at ``--omraader`` areas
   (default 125 and 500), each in a fresh process, ``--gentag`` times per size; the median wall time
   and the highest peak memory (VmHWM: the interpreter, pandas, the data and the assessment).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))


def _exe(name: str) -> str:
    p = BIN / name
    return str(p) if p.exists() else name


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB"
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {ram} RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def plain_route(jobs, ud: Path) -> float:
    """papermill, then jupyter nbconvert --to html --no-input, per job, sequentially. Seconds."""
    ud.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for job in jobs:
        out = ud / f"{job.html.stem}.ipynb"
        cmd = [_exe("papermill"), str(job.notebook.relative_to(REPO)), str(out)]
        for k, v in job.parametre.items():
            cmd += ["-p", k, str(v)]
        _run(cmd)
        _run([_exe("jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)])
    elapsed = time.perf_counter() - t0
    missing = [j.html.stem for j in jobs if not (ud / f"{j.html.stem}.html").exists()]
    assert not missing, f"plain route wrote no HTML for {missing}"
    return elapsed


def render_route(args: list[str], ud: Path, expect: int) -> float:
    """``helhedsanalyse render ... --ud UD`` on the command line. Seconds."""
    t0 = time.perf_counter()
    _run([_exe("helhedsanalyse"), "render", *args, "--ud", str(ud)])
    elapsed = time.perf_counter() - t0
    n = len([p for p in ud.glob("*/*.html") if p.name != "statusoversigt.html"])
    assert n == expect, f"render wrote {n} reports, expected {expect}"
    return elapsed


def compare(label: str, plain: float, fast: float, target: float) -> None:
    ratio = fast / plain
    verdict = "met" if ratio <= target else "NOT met"
    print(f"{label}:\n  plain papermill + nbconvert loop {plain:7.1f} s\n  helhedsanalyse render           {fast:7.1f} s\n"
          f"  ratio {ratio:.0%} (target <= {target:.0%}: {verdict})", flush=True)


def bench_set(runde: str, tmp: Path) -> None:
    from helhedsanalyse.render import plan_jobs

    jobs = plan_jobs(runde, out_dir=tmp / "plan")
    print(f"\n[1] Report set of round '{runde}': {len(jobs)} notebooks", flush=True)
    plain = plain_route(jobs, tmp / "plain_set")
    fast = render_route(["--runde", runde], tmp / "render_set", len(jobs))
    compare("  full set", plain, fast, 0.40)


def bench_area(runde: str, omraade: str, gentag: int, tmp: Path) -> None:
    from helhedsanalyse.render import plan_jobs

    jobs = plan_jobs(runde, [omraade], ["omraade"], out_dir=tmp / "plan")
    print(f"\n[2] One area report ({omraade}, round '{runde}'), median of {gentag} runs each", flush=True)
    plains, fasts = [], []
    for i in range(gentag):
        plains.append(plain_route(jobs, tmp / f"plain_area_{i}"))
        fasts.append(render_route(["--runde", runde, "--omraade", omraade, "--notebook", "omraade"],
                                  tmp / f"render_area_{i}", 1))
    print(f"  runs plain  {', '.join(f'{x:.1f}' for x in plains)} s\n  runs render {', '.join(f'{x:.1f}' for x in fasts)} s")
    compare("  one area report", statistics.median(plains), statistics.median(fasts), 0.60)


def _assess_child(n_areas: int) -> None:
    """In a fresh process: generate, assess, print one JSON line."""
    from benchmarks.national import national_data, national_plan
    from helhedsanalyse.compute.assessment import status_table

    plan = national_plan(n_areas)
    data = national_data(plan)
    t0 = time.perf_counter()
    table = status_table(data, plan, "slut")
    elapsed = time.perf_counter() - t0
    assert len(table) == 45 * n_areas
    status = Path("/proc/self/status").read_text()
    hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    print(json.dumps({"areas": n_areas, "rows": len(data), "statuses": len(table), "seconds": elapsed,
                      "peak_mib": hwm / 1024}))


def bench_assessment(sizes: list[int], gentag: int) -> None:
    print("\n[3] Assessment (status_table: indicators + status of every criterion × area), 45 criteria, 10 years,"
          f" median of {gentag} fresh processes per size", flush=True)
    results = []
    for n in sizes:
        runs = []
        for _ in range(gentag):
            out = subprocess.run([sys.executable, __file__, "--_barn", str(n)], check=True, cwd=REPO,
                                 capture_output=True, text=True).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
        r = dict(runs[0])
        r["seconds"] = statistics.median(x["seconds"] for x in runs)
        r["peak_mib"] = max(x["peak_mib"] for x in runs)
        results.append(r)
        verdict = "met" if r["seconds"] < 5 and r["peak_mib"] < 1024 else "NOT met"
        print(f"  {r['areas']:4d} areas: {r['rows']:7d} rows -> {r['statuses']:6d} statuses in {r['seconds']:5.2f} s, "
              f"peak memory {r['peak_mib']:.0f} MiB (target < 5 s and < 1024 MiB: {verdict})", flush=True)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        rows, secs = b["rows"] / a["rows"], b["seconds"] / a["seconds"]
        print(f"  {rows:.1f}x the rows took {secs:.1f}x the time "
              f"({'the cost grows linearly, within 10 %' if secs <= rows * 1.1 else 'the cost grows MORE than linearly'})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--del", dest="dele", nargs="+", choices=["saet", "omraade", "assessment"],
                    default=["saet", "omraade", "assessment"], help="which parts to run (default: all)")
    ap.add_argument("--runde", default="slut")
    ap.add_argument("--omraade", default="motalavej")
    ap.add_argument("--gentag", type=int, default=3, help="runs of each route for the area report, and of each size")
    ap.add_argument("--omraader", type=int, nargs="+", default=[125, 500], help="sizes for the assessment")
    ap.add_argument("--_barn", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a._barn:
        _assess_child(a._barn)
        return
    print(f"Machine: {machine()}", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="helhedsanalyse-bench-"))
    try:
        # warm-up (not timed): one kernel start and one import of the package, so neither route pays
        # for a cold disk cache
        from helhedsanalyse.render import plan_jobs

        plain_route(plan_jobs(a.runde, [a.omraade], ["bestyrelsesstatus"], out_dir=tmp / "plan"), tmp / "warm")
        if "saet" in a.dele:
            bench_set(a.runde, tmp)
        if "omraade" in a.dele:
            bench_area(a.runde, a.omraade, a.gentag, tmp)
        if "assessment" in a.dele:
            bench_assessment(a.omraader, a.gentag)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
