"""The user's and the machine's mistakes around ``helhedsanalyse render`` get a Danish message naming the
path and the fix, exit code 1, no traceback (issue 12); "fejl i helhedsanalyse" is kept for real bugs.

Each case is the exact text the user reads on stderr. A report folder that is a file, one that may not be
written, a full drive (a write monkeypatched to fail with ENOSPC, in the report folder and in the private
temporary folder), an impossible ``--processer``, a folder another render is writing into. None of them
writes anything into the report folder or leaves the private folder behind.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

import helhedsanalyse.render.engine as render_mod
import helhedsanalyse.render.output as output_mod
from helhedsanalyse.cli import app, main
from helhedsanalyse.core.errors import NoWriteAccessError, OutputLockedError, ProcessCountError
from helhedsanalyse.core.parallel import MILJOEVARIABEL, kerner
from helhedsanalyse.render import OutputLock, render

runner = CliRunner()
EN = ["render", "--runde", "slut", "--notebook", "bestyrelsesstatus"]


@pytest.fixture(autouse=True)
def privat_tmp(tmp_path, monkeypatch):
    """The render's private folder goes under tmp_path: each test checks it is gone afterwards."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert not list(folder.glob("helhedsanalyse-*")), "the private folder was left behind"


@pytest.fixture
def no_kernel(monkeypatch):
    def forbidden(*a, **k):
        raise AssertionError("a kernel was started or the round computed")

    monkeypatch.setattr(render_mod, "prepare_round", forbidden)
    monkeypatch.setattr(render_mod, "execute_job", forbidden)


def _render(*args: str):
    result = runner.invoke(app, [*EN, *args])
    assert "Traceback" not in result.output and "fejl i helhedsanalyse" not in result.output, result.output
    return result


# --------------------------------------------------------------------------- the report folder


def test_ud_that_is_a_file(tmp_path, no_kernel):
    fil = tmp_path / "rapporter"
    fil.write_text("min fil\n")
    result = _render("--ud", str(fil))
    assert result.exit_code == 1
    assert result.stderr == (f"Fejl: Rapportmappen {fil} er en fil, ikke en mappe. Angiv en mappe med --ud (den "
                             "oprettes, hvis den ikke findes), eller flyt filen.\n")
    assert fil.read_text() == "min fil\n"


def test_ud_below_a_file(tmp_path, no_kernel):
    fil = tmp_path / "rapporter"
    fil.write_text("min fil\n")
    result = _render("--ud", str(fil / "slut"))
    assert result.exit_code == 1
    assert result.stderr == (f"Fejl: Rapportmappen {fil / 'slut'} kan ikke oprettes, fordi {fil} er en fil, ikke "
                             "en mappe. Angiv en anden mappe med --ud, eller flyt filen.\n")


def _read_only(monkeypatch, folder: Path, code: int = errno.EACCES) -> None:
    """``folder`` may not be written (simulated: the tests run as root, who may write anywhere)."""
    real_mkdir, real_open = Path.mkdir, os.open

    def mkdir(self, *a, **k):
        if Path(self).is_relative_to(folder) and not Path(self).exists():
            raise OSError(code, os.strerror(code), str(self))
        return real_mkdir(self, *a, **k)

    def os_open(path, flags, *a, **k):
        if Path(path).is_relative_to(folder) and flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", os_open)


def test_ud_in_a_read_only_folder(tmp_path, monkeypatch, no_kernel):
    skrivebeskyttet = tmp_path / "faelles"
    skrivebeskyttet.mkdir()
    _read_only(monkeypatch, skrivebeskyttet)
    result = _render("--ud", str(skrivebeskyttet / "rapporter"))
    assert result.exit_code == 1
    assert result.stderr == (f"Fejl: Ingen skriveadgang til {skrivebeskyttet}, så rapporterne kan ikke skrives der. "
                             "Vælg en mappe, du kan skrive i, med --ud (fx --ud ~/rapporter), eller få skriveadgang "
                             "til mappen.\n")


def test_ud_that_exists_but_may_not_be_written(tmp_path, monkeypatch, no_kernel):
    ud = tmp_path / "rapporter"
    ud.mkdir()
    _read_only(monkeypatch, ud)
    result = _render("--ud", str(ud))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Fejl: Ingen skriveadgang til {ud}, så rapporterne kan ikke skrives der.")
    assert not any(ud.iterdir())


def test_ud_on_a_read_only_drive(tmp_path, monkeypatch, no_kernel):
    drev = tmp_path / "usb"
    drev.mkdir()
    _read_only(monkeypatch, drev, errno.EROFS)
    result = _render("--ud", str(drev / "rapporter"))
    assert result.exit_code == 1
    assert result.stderr == (f"Fejl: {drev} ligger på et skrivebeskyttet drev, så rapporterne kan ikke skrives der. "
                             "Vælg en mappe på et andet drev med --ud (fx --ud ~/rapporter).\n")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write into any folder")
def test_ud_in_a_folder_without_write_permission_for_real(tmp_path, no_kernel):
    faelles = tmp_path / "faelles"
    faelles.mkdir(mode=0o555)
    try:
        result = _render("--ud", str(faelles / "rapporter"))
    finally:
        faelles.chmod(0o755)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Fejl: Ingen skriveadgang til {faelles}, så rapporterne kan ikke skrives der.")


# --------------------------------------------------------------------------- a full drive


class _FullDrive:
    """``open`` in helhedsanalyse.render.output (where reports are written): writing a file whose name contains ``navn`` fails with ENOSPC."""

    def __init__(self, navn: str):
        self.navn = navn

    def __call__(self, path, mode="r", *a, **k):
        fh = open(path, mode, *a, **k)
        if self.navn in str(path) and "x" in mode:
            class Full:
                def __enter__(self_):
                    return self_

                def __exit__(self_, *exc):
                    fh.close()

                def write(self_, data):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            return Full()
        return fh


def test_full_drive_while_writing_a_report_stops_the_render_and_keeps_the_previous_one(tmp_path, monkeypatch):
    """A report's write fails (in a render worker): the render stops with the path and the fix, the
    report from before is untouched, no temporary file is left, the index lists what is there."""
    ud = tmp_path / "rapporter"
    (ud / "slut").mkdir(parents=True)
    gammel = ud / "slut" / "bestyrelsesstatus.html"
    gammel.write_text("<!DOCTYPE html>\n<html lang=\"da\"><body>forrige rapport</body></html>\n", encoding="utf-8")
    monkeypatch.setattr(output_mod, "open", _FullDrive("bestyrelsesstatus.html"), raising=False)
    result = _render("--ud", str(ud), "--processer", "2")  # in a forked worker: the error crosses processes
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Fejl: Der er ikke mere plads på drevet: {gammel} kunne ikke skrives. Frigør plads (eller vælg en mappe på "
        "et andet drev med --ud), og kør kommandoen igen; rapporter, der lå der i forvejen, er bevaret.\n")
    assert gammel.read_text(encoding="utf-8").endswith("forrige rapport</body></html>\n")
    assert sorted(p.name for p in (ud / "slut").iterdir()) == ["bestyrelsesstatus.html", "statusoversigt.html"]
    assert 'href="slut/bestyrelsesstatus.html"' in (ud / "index.html").read_text(encoding="utf-8")
    assert not [p for p in ud.rglob(".*")], "temporary or lock files left"


def test_full_drive_before_any_report(tmp_path, monkeypatch):
    """The first write into the report folder (the round's status overview) fails: nothing else starts."""
    ud = tmp_path / "rapporter"
    monkeypatch.setattr(output_mod, "open", _FullDrive("statusoversigt"), raising=False)
    monkeypatch.setattr(render_mod, "execute_job", lambda job: pytest.fail("a notebook ran"))
    result = _render("--ud", str(ud), "--processer", "1")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Fejl: Der er ikke mere plads på drevet: {ud / 'slut' / 'statusoversigt.html'} kunne ikke skrives. Frigør "
        "plads (eller vælg en mappe på et andet drev med --ud), og kør kommandoen igen; rapporter, der lå der i "
        "forvejen, er bevaret.\n")
    assert not [p for p in ud.rglob("*") if p.is_file()]


def test_full_temporary_drive(tmp_path, monkeypatch, privat_tmp):
    """The round's computation cannot be stored in the private folder: the fix is TMPDIR, not --ud."""
    import pickle

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pickle, "dump", full)
    monkeypatch.setattr(render_mod, "execute_job", lambda job: pytest.fail("a notebook ran"))
    result = _render("--ud", str(tmp_path / "rapporter"), "--processer", "1")
    assert result.exit_code == 1, result.output
    privat = result.stderr.split("mappe: ")[1].split(" kunne")[0]
    assert Path(privat).parent == privat_tmp and Path(privat).name.startswith("helhedsanalyse-")
    assert result.stderr == (
        f"Fejl: Der er ikke mere plads i den midlertidige mappe: {privat} kunne ikke skrives. Frigør plads på "
        "drevet, eller peg miljøvariablen TMPDIR på en mappe med plads, og kør kommandoen igen.\n")


def test_full_drive_in_another_command_names_the_file_not_render(tmp_path, monkeypatch):
    """The same translation for any command (here the Excel template), without render's advice."""
    import helhedsanalyse.inputs.template as template_mod

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "skabelon.xlsx"))

    monkeypatch.setattr(template_mod, "write_template", full)
    result = runner.invoke(app, ["template", str(tmp_path / "skabelon.xlsx")])
    assert result.exit_code == 1
    assert result.stderr == (f"Fejl: Der er ikke mere plads på drevet: {tmp_path / 'skabelon.xlsx'} kunne ikke "
                             "skrives. Frigør plads, og kør kommandoen igen.\n")


# --------------------------------------------------------------------------- --processer


@pytest.mark.parametrize("vaerdi", ["-3", "-1", str(4 * kerner() + 1), "100000"])
def test_impossible_number_of_processes(tmp_path, vaerdi, no_kernel):
    result = _render("--ud", str(tmp_path / "rapporter"), "--processer", vaerdi)
    assert result.exit_code == 1
    assert result.stderr == (f"Fejl: Ugyldigt antal processer: --processer {vaerdi}. Angiv et helt tal fra 1 til "
                             f"{4 * kerner()} (højst 4 pr. kerne på denne maskine), eller 0 for alle kerner "
                             "(standard).\n")
    assert not (tmp_path / "rapporter").exists()


def test_processes_zero_is_every_core_and_the_top_of_the_range_is_accepted(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(render_mod, "_render_jobs", lambda jobs, runder, out, stored, data, disk, workers, *a, **k: seen.append(workers) or [])
    for vaerdi in ("0", "1", str(4 * kerner())):
        result = _render("--ud", str(tmp_path / "rapporter"), "--processer", vaerdi)
        assert result.exit_code == 0, result.output
    assert seen == [kerner(), 1, 4 * kerner()]


def test_processes_from_the_environment_that_is_not_a_number(tmp_path, monkeypatch, no_kernel):
    monkeypatch.setenv(MILJOEVARIABEL, "alle")
    result = _render("--ud", str(tmp_path / "rapporter"))
    assert result.exit_code == 1
    assert result.stderr == (f"Fejl: Ugyldigt antal processer: {MILJOEVARIABEL}='alle' er ikke et helt tal; brug fx "
                             f"{MILJOEVARIABEL}=2 (eller 1 for én proces), eller fjern variablen.\n")


def test_process_count_error_carries_its_fields():
    with pytest.raises(ProcessCountError) as err:
        render(runder=["slut"], workers=-3, progress=False)
    assert (err.value.vaerdi, err.value.maks, err.value.kilde) == (-3, 4 * kerner(), "--processer")


# --------------------------------------------------------------------------- the folder's lock


def _holder(path: Path) -> subprocess.Popen:
    """Another process that holds the folder's lock as a render does."""
    code = textwrap.dedent(f"""
        import fcntl, os, sys, time
        fd = os.open({str(path)!r}, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"%d\\n" % os.getpid())
        print("holder", flush=True)
        time.sleep(120)
    """)
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert p.stdout.readline().strip() == b"holder"
    return p


def test_a_folder_another_render_holds_is_refused(tmp_path, no_kernel):
    ud = tmp_path / "rapporter"
    ud.mkdir()
    holder = _holder(ud / ".render.laas")
    try:
        result = _render("--ud", str(ud))
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert result.stderr == (f"Fejl: Mappen {ud} bruges allerede af en anden kørsel af 'helhedsanalyse render' "
                             f"(proces {holder.pid}). Vent, til den er færdig, og kør så igen, eller skriv "
                             "rapporterne i en anden mappe med --ud.\n")
    assert [p.name for p in ud.iterdir()] == [".render.laas"], "the refused render wrote something"


def test_the_lock_of_a_dead_render_does_not_block(tmp_path):
    ud = tmp_path / "rapporter"
    ud.mkdir()
    holder = _holder(ud / ".render.laas")
    with pytest.raises(OutputLockedError) as err:
        OutputLock(ud).__enter__()
    assert err.value.pid == holder.pid and err.value.sti == str(ud)
    holder.kill()  # kill -9: the lock file stays, with the dead process's pid in it
    holder.wait()
    assert (ud / ".render.laas").read_text().strip() == str(holder.pid)
    with OutputLock(ud) as lock:
        assert (ud / ".render.laas").read_text().strip() == str(os.getpid())
        with pytest.raises(OutputLockedError):  # a second render in this very process is refused too
            OutputLock(ud).__enter__()
        assert lock.fd is not None
    assert not (ud / ".render.laas").exists(), "the lock file is removed when the render ends"


# --------------------------------------------------------------------------- real bugs stay bugs


def test_an_unexpected_error_is_still_called_a_bug(tmp_path, monkeypatch, capsys):
    def bug(*a, **k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(render_mod, "plan_jobs", bug)
    monkeypatch.delenv("HELHEDSANALYSE_DEBUG", raising=False)
    assert main([*EN, "--ud", str(tmp_path / "rapporter")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Uventet fejl: ZeroDivisionError: division by zero. Dette er en fejl i helhedsanalyse, "
                          "ikke i dine data;")


def test_an_os_error_that_is_not_the_users_is_not_translated(tmp_path, monkeypatch, capsys):
    """Only a full drive and missing permissions are the machine's or the user's; other OS errors are bugs."""
    def other(*a, **k):
        raise OSError(errno.EBADF, os.strerror(errno.EBADF), "x")

    monkeypatch.setattr(render_mod, "plan_jobs", other)
    assert main([*EN, "--ud", str(tmp_path / "rapporter")]) == 1
    assert "Dette er en fejl i helhedsanalyse" in capsys.readouterr().err


def test_no_write_access_error_survives_a_process_boundary():
    import pickle

    err = NoWriteAccessError("/a/b", skrivebeskyttet=True)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is NoWriteAccessError and str(again) == str(err) and again.skrivebeskyttet
