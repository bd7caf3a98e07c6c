"""A headless Chromium for the browser test: find it, install it from Debian if missing, drive it.

``ensure_chromium()`` returns the path of ``chromium``. When it is missing and we run as root with
``apt-get`` (a fresh CI machine running ``.ci/run``), it installs Debian's ``chromium`` package
(plus ``fonts-dejavu-core``, the reports' first font, so that screenshots show real letters);
the apt output goes to a log file. When not root it raises :class:`ChromiumSkip`, which the test
turns into a skip with the reason; as root, a failed install is an error, never a skip.

:class:`Browser` starts Chromium headless with the DevTools protocol on 127.0.0.1 (a random port,
read from ``DevToolsActivePort``) and talks to it over a WebSocket (``websocket-client``, already
installed with jupyter_server). For a page it records console messages, uncaught exceptions, log
entries (e.g. "Failed to load resource") and every network request, evaluates a script and takes
a screenshot, at the browser's window size or at a viewport, phone emulation and CSS media type given for
the one visit (``open(..., width=390, mobile=True)``, ``open(..., media="print")``); ``pdf()`` prints.

Run as a script to install and print the path: ``python tests/chromium.py``.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

APT_PACKAGES = ["chromium", "fonts-dejavu-core"]
NAMES = ["chromium", "chromium-browser"]


class ChromiumSkip(Exception):
    """Chromium is missing and cannot be installed here (not root): the browser test is skipped."""


class ChromiumError(RuntimeError):
    """Chromium could not be installed or driven."""


def _find() -> str | None:
    env = os.environ.get("CHROMIUM")
    if env and Path(env).is_file() and os.access(env, os.X_OK):
        return env
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _tail(path: Path, n: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def ensure_chromium(log: Path | None = None) -> str:
    """The path of chromium; installs Debian's package first if it is missing and we are root."""
    found = _find()
    if found:
        return found
    if os.geteuid() != 0:
        raise ChromiumSkip(
            "Chromium is not installed and the tests do not run as root, so they cannot install it: "
            "run 'sudo apt-get install --no-install-recommends chromium' (Debian) to run the browser test."
        )
    if not shutil.which("apt-get"):
        raise ChromiumError("Chromium is not installed and this machine has no apt-get to install it from Debian.")
    log = Path(log or Path(tempfile.gettempdir()) / "helhedsanalyse-chromium-apt.log")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = [
        (["apt-get", "update"], 900),
        (["apt-get", "install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=600", *APT_PACKAGES],
         2400),
    ]
    with open(log, "a", encoding="utf-8") as fh:
        for cmd, timeout in steps:
            fh.write(f"$ {' '.join(cmd)}\n")
            fh.flush()
            try:
                proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      env=env, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise ChromiumError(f"'{' '.join(cmd)}' took more than {timeout} s; see {log}:\n{_tail(log)}") from None
            if proc.returncode != 0:
                raise ChromiumError(
                    f"'{' '.join(cmd)}' failed (exit {proc.returncode}); see {log}:\n{_tail(log)}"
                )
    found = _find()
    if not found:
        raise ChromiumError(f"apt-get installed {APT_PACKAGES} but no chromium is on PATH; see {log}")
    return found


# --------------------------------------------------------------------------- DevTools protocol


@dataclass
class Besoeg:
    """What happened when a page was opened."""

    url: str
    konsol: list[dict] = field(default_factory=list)  # Runtime.consoleAPICalled (type, text)
    undtagelser: list[str] = field(default_factory=list)  # Runtime.exceptionThrown
    log: list[dict] = field(default_factory=list)  # Log.entryAdded (level, source, text, url)
    forespoergsler: list[str] = field(default_factory=list)  # Network.requestWillBeSent URLs
    fejlede: list[str] = field(default_factory=list)  # Network.loadingFailed
    resultat: object = None  # the evaluated script's value
    screenshot: bytes = b""

    @property
    def fejl(self) -> list[str]:
        """Console errors in the widest sense: what a developer console would show in red."""
        out = [f"console.{m['type']}: {m['text']}" for m in self.konsol if m["type"] in ("error", "assert")]
        out += [f"uncaught: {t}" for t in self.undtagelser]
        out += [f"{e['source']} {e['level']}: {e['text']} {e.get('url', '')}".strip()
                for e in self.log if e["level"] == "error"]
        out += [f"failed to load: {u}" for u in self.fejlede]
        return out

    @property
    def advarsler(self) -> list[str]:
        out = [f"console.{m['type']}: {m['text']}" for m in self.konsol if m["type"] == "warning"]
        out += [f"{e['source']} {e['level']}: {e['text']}" for e in self.log if e["level"] == "warning"]
        return out


class Browser:
    """Headless Chromium driven over the DevTools protocol (no extra browser driver needed)."""

    def __init__(self, binary: str, width: int = 900, height: int = 2000, timeout: float = 60):
        self.binary = binary
        self.width, self.height, self.timeout = width, height, timeout
        self.profile = Path(tempfile.mkdtemp(prefix="helhedsanalyse-chromium-"))
        self.stderr_path = self.profile / "chromium-stderr.log"
        self.proc: subprocess.Popen | None = None
        self.ws = None
        self._id = 0
        self._events: list[dict] = []

    # ---------------------------------------------------------------- life cycle
    def start(self) -> Browser:
        args = [
            self.binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
            "--hide-scrollbars", "--force-device-scale-factor=1", f"--window-size={self.width},{self.height}",
            f"--user-data-dir={self.profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            "about:blank",
        ]
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self._stderr, stderr=self._stderr,
                                     start_new_session=True)
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while True:
            if port_file.exists():
                lines = port_file.read_text().split()
                if len(lines) >= 2:
                    break
            if self.proc.poll() is not None:
                raise ChromiumError(f"Chromium exited with {self.proc.returncode}:\n{_tail(self.stderr_path)}")
            if time.monotonic() > deadline:
                self.close()
                raise ChromiumError(f"Chromium did not open its DevTools port:\n{_tail(self.stderr_path)}")
            time.sleep(0.05)
        from websocket import create_connection

        self.ws = create_connection(f"ws://127.0.0.1:{lines[0]}{lines[1]}", timeout=self.timeout,
                                    suppress_origin=True)
        return self

    def close(self) -> None:
        if self.ws is not None:
            try:
                self._send_nowait("Browser.close")
            except Exception:  # noqa: BLE001 - closing anyway
                pass
            try:
                self.ws.close()
            except Exception:  # noqa: BLE001
                pass
            self.ws = None
        if self.proc is not None:
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:  # the process group of the Chromium we started (renderer, GPU and zygote children)
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=15)
            self.proc = None
            self._stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- protocol
    def _send_nowait(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        return self._id

    def _recv(self, deadline: float) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ChromiumError("Chromium did not answer in time")
        self.ws.settimeout(remaining)
        msg = json.loads(self.ws.recv())
        if "method" in msg:
            self._events.append(msg)
        return msg

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        wanted = self._send_nowait(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            msg = self._recv(deadline)
            if msg.get("id") == wanted:
                if "error" in msg:
                    raise ChromiumError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def wait_for(self, method: str, session: str) -> dict:
        deadline = time.monotonic() + self.timeout
        seen = 0
        while True:
            for ev in self._events[seen:]:
                if ev["method"] == method and ev.get("sessionId") == session:
                    return ev
            seen = len(self._events)
            self._recv(deadline)

    # ---------------------------------------------------------------- a page
    def open(self, path: Path, script: str, screenshot: Path | None = None, *, width: int | None = None,
             height: int | None = None, mobile: bool = False, media: str | None = None) -> Besoeg:
        """Open a local file, wait for ``load``, evaluate ``script`` (JSON-returning), screenshot it.

        ``width``/``height``: this visit's viewport (default: the browser's window); ``mobile``: emulate a
        phone (the page's ``<meta name="viewport">`` decides the layout width, as on a real phone);
        ``media``: the CSS media type to emulate, e.g. ``"print"`` (default: screen).
        """
        url = Path(path).resolve().as_uri()
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.send(f"{domain}.enable", session=session)
            self.send("Emulation.setDeviceMetricsOverride",
                      {"width": width or self.width, "height": height or self.height, "deviceScaleFactor": 1,
                       "mobile": mobile}, session=session)
            if media:
                self.send("Emulation.setEmulatedMedia", {"media": media}, session=session)
            self._events = [e for e in self._events if e.get("sessionId") != session]
            nav = self.send("Page.navigate", {"url": url}, session=session)
            if nav.get("errorText"):
                raise ChromiumError(f"could not open {url}: {nav['errorText']}")
            self.wait_for("Page.loadEventFired", session)
            value = self.send("Runtime.evaluate", {"expression": script, "returnByValue": True}, session=session)
            if "exceptionDetails" in value:
                raise ChromiumError(f"the test script failed: {value['exceptionDetails']}")
            shot = self.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
            besoeg = Besoeg(url, resultat=json.loads(value["result"]["value"]), screenshot=base64.b64decode(shot))
            if screenshot:
                Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
                Path(screenshot).write_bytes(besoeg.screenshot)
            urls: dict[str, str] = {}
            for ev in self._events:
                if ev.get("sessionId") != session:
                    continue
                p = ev["params"]
                if ev["method"] == "Runtime.consoleAPICalled":
                    text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                    besoeg.konsol.append({"type": p["type"], "text": text})
                elif ev["method"] == "Runtime.exceptionThrown":
                    d = p["exceptionDetails"]
                    besoeg.undtagelser.append(d.get("exception", {}).get("description") or d.get("text", ""))
                elif ev["method"] == "Log.entryAdded":
                    e = p["entry"]
                    besoeg.log.append({k: e.get(k, "") for k in ("level", "source", "text", "url")})
                elif ev["method"] == "Network.requestWillBeSent":
                    urls[p["requestId"]] = p["request"]["url"]
                    besoeg.forespoergsler.append(p["request"]["url"])
                elif ev["method"] == "Network.loadingFailed":
                    besoeg.fejlede.append(f"{urls.get(p['requestId'], '?')[:200]}: {p.get('errorText', '')}")
            return besoeg
        finally:
            self._events = [e for e in self._events if e.get("sessionId") != session]
            self.send("Target.closeTarget", {"targetId": target})

    def pdf(self, path: Path) -> bytes:
        """Print a local file to PDF as a reader's "Print" would (the page size the style sheet asks for)."""
        url = Path(path).resolve().as_uri()
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            self.send("Page.enable", session=session)
            self.send("Page.navigate", {"url": url}, session=session)
            self.wait_for("Page.loadEventFired", session)
            out = self.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, session=session)
            return base64.b64decode(out["data"])
        finally:
            self._events = [e for e in self._events if e.get("sessionId") != session]
            self.send("Target.closeTarget", {"targetId": target})


if __name__ == "__main__":
    import sys

    try:
        print(ensure_chromium())
    except ChromiumSkip as exc:
        print(f"skip: {exc}", file=sys.stderr)
        sys.exit(0)
    except ChromiumError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        sys.exit(1)
