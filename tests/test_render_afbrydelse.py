"""A render that is interrupted, killed or started twice: nothing leaks, nothing is left running, every
report is whole (issue 12).

Each test runs a real ``helhedsanalyse render`` of a few notebooks in a subprocess, into a report folder
under ``tmp_path``, with ``TMPDIR`` (the render's private folder) under ``tmp_path`` too and a marker in
the environment that every process of the render inherits (workers, kernels, the kernels' figure
workers). Afterwards no process may carry the marker or name the folder, the report folder holds only
whole HTML pages (no stored computation, no temporary file), ``index.html`` lists them, the private
folder is gone, and nothing is written any more.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helhedsanalyse.render.saet import MANIFEST

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc: Linux")

REPO = Path(__file__).resolve().parents[1]
#: five reports of round slut: two side by side at a time, so a signal finds kernels at work
ARGS = ["render", "--runde", "slut", "--notebook", "bestyrelsesstatus", "--notebook", "datatjek",
        "--notebook", "omraade", "--omraade", "motalavej", "--omraade", "ringparken",
        "--notebook", "leverancemaaling", "--processer", "2"]
I_ALT = 5


def _command() -> list[str]:
    exe = Path(sys.executable).parent / "helhedsanalyse"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "helhedsanalyse"]


class Render:
    """A ``helhedsanalyse render`` in a subprocess, in its own session (as a terminal's foreground job)."""

    def __init__(self, tmp_path: Path, args: list[str] = ARGS, ud: Path | None = None):
        self.ud = ud or tmp_path / "ud"
        self.tmpdir = tmp_path / "tmp"
        self.tmpdir.mkdir(exist_ok=True)
        self.marker = uuid.uuid4().hex
        self.env = {**os.environ, "TMPDIR": str(self.tmpdir), "HELHEDSANALYSE_TESTMAERKE": self.marker}
        self.env.pop("HELHEDSANALYSE_PROCESSER", None)
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [*_command(), *args, "--ud", str(self.ud)], cwd=REPO, env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
            # Ctrl-C as in a terminal, even when the test run itself ignores SIGINT (a background job)
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )

    def reports(self) -> list[Path]:
        return sorted(p for p in self.ud.glob("*/*.html") if p.name != "statusoversigt.html")

    def wait_for(self, what, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while not what():
            assert self.proc.poll() is None, f"the render ended before the test could stop it:\n{self.output()}"
            assert time.monotonic() < deadline, "timed out waiting for the render"
            time.sleep(0.2)

    def kernels_running(self) -> bool:
        return any("ipykernel" in " ".join(cmd) for _, cmd in processes_of(self.marker, self.tmpdir))

    def finish(self, timeout: float = 120.0) -> tuple[int, str, str]:
        out, err = self.proc.communicate(timeout=timeout)
        self._out = (self.proc.returncode, out.decode("utf-8"), err.decode("utf-8"))
        return self._out

    def output(self) -> str:
        try:
            out, err = self.proc.communicate(timeout=1)
            return out.decode() + err.decode()
        except subprocess.TimeoutExpired:
            return "(still running)"

    def kill_all(self) -> None:
        """Test cleanup only: whatever carries the marker is killed (nothing should)."""
        for pid, _ in processes_of(self.marker, self.tmpdir):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def processes_of(marker: str, folder: Path) -> list[tuple[int, list[str]]]:
    """Processes that carry the marker in their environment or name ``folder`` on their command line."""
    found = []
    try:
        import psutil
    except ImportError:  # pragma: no cover
        psutil = None
    if psutil is not None:
        for p in psutil.process_iter(["pid", "cmdline"]):
            try:
                cmd = p.info["cmdline"] or []
                if p.status() == psutil.STATUS_ZOMBIE:
                    continue
                if p.environ().get("HELHEDSANALYSE_TESTMAERKE") == marker or str(folder) in " ".join(cmd):
                    found.append((p.pid, cmd))
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return found
    for d in Path("/proc").iterdir():  # pragma: no cover - without psutil
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().decode("utf-8", "replace").split("\0")
            env = (d / "environ").read_bytes()
            state = (d / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state == "Z":
            continue
        if f"HELHEDSANALYSE_TESTMAERKE={marker}".encode() in env.split(b"\0") or str(folder) in " ".join(cmd):
            found.append((int(d.name), cmd))
    return found


def wait_for_no_processes(r: Render, timeout: float = 20.0) -> list[tuple[int, list[str]]]:
    deadline = time.monotonic() + timeout
    while (left := processes_of(r.marker, r.tmpdir)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


class _Whole(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.closed_html = False

    def handle_starttag(self, tag, attrs):
        if tag in ("html", "head", "body", "main"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in ("html", "head", "body", "main") and self.open and self.open[-1] == tag:
            self.open.pop()
            self.closed_html |= tag == "html"


def assert_whole(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n"), f"{path} is not whole"
    p = _Whole()
    p.feed(text)
    p.close()
    assert p.closed_html and not p.open, f"{path}: unclosed {p.open}"


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def assert_clean_after(r: Render, lock_may_remain: bool = False) -> list[Path]:
    """No process left, no raw or temporary file, every page whole, the index lists what is there,
    the private folder is gone, and nothing changes any more. Returns the reports."""
    left = wait_for_no_processes(r)
    assert not left, f"processes left running: {left}"
    manifest = r.ud / MANIFEST  # what each report was rendered from (test_render_saet.py): whole JSON, or none
    if manifest.exists():
        assert isinstance(json.loads(manifest.read_text(encoding="utf-8")), dict)
    files = sorted(p for p in r.ud.rglob("*") if p.is_file() and p != manifest)
    names = [p.relative_to(r.ud).as_posix() for p in files]
    assert not [n for n in names if n.endswith((".pkl", ".venter", ".tmp", ".ipynb", ".json", ".log"))], names
    hidden = [p for p in files if p.name.startswith(".")]
    if lock_may_remain:  # SIGKILL leaves the lock file of the dead render; it holds nothing but its pid
        assert all(p.name == ".render.laas" and p.read_text().strip().isdigit() for p in hidden), hidden
    else:
        assert not hidden, f"hidden files left in the report folder: {hidden}"
    assert all(p.suffix == ".html" for p in files if not p.name.startswith(".")), names
    for p in files:
        if p.suffix == ".html" and p.name != "statusoversigt.html":
            assert_whole(p)
    reports = r.reports()
    if reports:
        index = r.ud / "index.html"
        assert index.is_file(), "reports exist but index.html does not"
        text = index.read_text(encoding="utf-8")
        for p in reports:
            assert f'href="{p.relative_to(r.ud).as_posix()}"' in text, f"index.html does not list {p.name}"
    assert not list(r.tmpdir.glob("helhedsanalyse-*")), "the private folder was not removed"
    before = snapshot(r.ud)
    time.sleep(3)
    assert snapshot(r.ud) == before, "files were written after the render stopped"
    return reports


@pytest.fixture
def render_in(tmp_path):
    started: list[Render] = []

    def start(**kw) -> Render:
        r = Render(tmp_path, **kw)
        started.append(r)
        return r

    yield start
    for r in started:
        if r.proc.poll() is None:
            r.proc.kill()
        r.kill_all()


# --------------------------------------------------------------------------- Ctrl-C, SIGTERM, kill -9


def test_ctrl_c_stops_workers_and_kernels_and_says_so_in_one_line(render_in):
    """Ctrl-C in a terminal: SIGINT to the whole foreground process group, once a report is done and
    other kernels are at work. Exit 130, one Danish line, nothing running, nothing raw, pages whole."""
    r = render_in()
    r.wait_for(lambda: r.reports() and r.kernels_running())
    os.killpg(r.proc.pid, signal.SIGINT)
    t = time.monotonic()
    code, out, err = r.finish()
    stopped_in = time.monotonic() - t
    reports = assert_clean_after(r)
    assert code == 130, (code, out, err)
    assert out == ""
    n = len(reports)
    assert 1 <= n < I_ALT
    assert err.splitlines() == [
        f"Afbrudt (Ctrl-C): {n} af {I_ALT} rapporter nåede at blive færdige i {r.ud} "
        f"(oversigt: {r.ud / 'index.html'}); ingen flere skrives. Kør kommandoen igen for at danne resten."
    ], err
    assert stopped_in < 15, f"took {stopped_in:.1f} s to stop"


def test_sigterm_before_any_report_stops_everything(render_in):
    """SIGTERM to the main process alone (as a service manager sends it), while the kernels start."""
    r = render_in()
    r.wait_for(r.kernels_running)
    r.proc.send_signal(signal.SIGTERM)
    code, out, err = r.finish()
    reports = assert_clean_after(r)
    assert code == 143, (code, out, err)
    if not reports:
        assert err.splitlines() == [
            f"Afbrudt (stopsignal), før nogen rapport blev færdig; ingen ny rapport er skrevet i {r.ud}. "
            "Kør kommandoen igen for at danne rapporterne."
        ], err
    else:  # a slow signal on a busy machine: a report got done first
        assert len(err.splitlines()) == 1 and err.startswith(f"Afbrudt (stopsignal): {len(reports)} af {I_ALT}")


def test_kill_9_of_the_main_process_stops_the_workers_and_their_kernels(render_in):
    """The main process killed outside a terminal (only it gets the signal): its workers notice, kill
    their kernels and stop; no report is written after, none is half written; the index is there."""
    r = render_in()
    r.wait_for(lambda: r.reports() and r.kernels_running())
    workers = [pid for pid, cmd in processes_of(r.marker, r.tmpdir) if pid != r.proc.pid]
    assert len(workers) >= 3, workers  # two workers and at least one kernel
    r.proc.kill()
    r.proc.wait(timeout=10)
    reports = assert_clean_after(r, lock_may_remain=True)
    assert reports


# --------------------------------------------------------------------------- one folder, one render


def test_a_second_render_into_the_same_folder_is_refused_and_the_first_goes_on(render_in, tmp_path):
    from typer.testing import CliRunner

    from helhedsanalyse.cli import app

    first = render_in(args=["render", "--runde", "slut", "--notebook", "bestyrelsesstatus", "--notebook",
                            "datatjek", "--processer", "2"])
    lock = first.ud / ".render.laas"
    first.wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.proc.pid))
    result = CliRunner().invoke(app, ["render", "--runde", "midtvej", "--notebook", "bestyrelsesstatus",
                                      "--ud", str(first.ud)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fejl: Mappen {first.ud} bruges allerede af en anden kørsel af 'helhedsanalyse render' "
        f"(proces {first.proc.pid}). Vent, til den er færdig, og kør så igen, eller skriv rapporterne i en "
        "anden mappe med --ud.\n")
    assert not (first.ud / "midtvej").exists(), "the refused render wrote something"
    assert lock.read_text().strip() == str(first.proc.pid), "the refused render touched the first one's lock"
    code, out, err = first.finish(timeout=300)
    assert code == 0, err
    assert out.strip() == f"2 rapporter dannet; oversigt: {first.ud / 'index.html'}"
    assert err == ""
    assert [p.name for p in first.reports()] == ["bestyrelsesstatus.html", "datatjek.html"]
    assert_clean_after(first)
