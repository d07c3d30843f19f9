"""Headless Chromium for the tests and ``scripts/screenshots.py``: what a person's browser makes of a page.

Two ways in, both bounded by timeouts and both leaving nothing running:

- one-shot command lines (``--dump-dom``, ``--screenshot``), exactly as an operator would type them;
- a ``Session`` speaking the DevTools protocol over ``--remote-debugging-pipe`` (NUL-terminated JSON on file
  descriptors 3 and 4): no websocket library, no open port.  It reads what layout makes of the page
  (``innerText`` honours CSS), which requests the page made, and whether any dialog or console message
  appeared, i.e. whether any script ran.

Debian's ``chromium`` package provides the browser (``apt-get install chromium``); ``CHROMIUM`` overrides the
binary.  Running as root in a container needs ``--no-sandbox``, which is why it is always passed: the pages
under test are local files we generated.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
    "--font-render-hinting=none",
)
NO_SCRIPT = "--blink-settings=scriptEnabled=false"
DEFAULT_TIMEOUT = 60.0


class BrowserError(RuntimeError):
    pass


def find_chromium() -> str | None:
    """The Chromium binary: ``$CHROMIUM``, else the first of chromium / chromium-browser / google-chrome on PATH."""
    override = os.environ.get("CHROMIUM")
    if override:
        return shutil.which(override) or (override if Path(override).is_file() else None)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the browser we started and every process it spawned (its own process group), then reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def run(binary: str, args: list[str], *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Run Chromium once with a throw-away profile; its stdout.  Raises BrowserError on failure or timeout."""
    with tempfile.TemporaryDirectory(prefix="storydiff-chromium-") as profile:
        err = Path(profile) / "stderr.log"
        out = Path(profile) / "stdout.log"
        with err.open("wb") as err_file, out.open("wb") as out_file:
            process = subprocess.Popen(
                [binary, *FLAGS, f"--user-data-dir={profile}/data", *args],
                stdin=subprocess.DEVNULL,
                stdout=out_file,
                stderr=err_file,
                start_new_session=True,
            )
            try:
                code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _stop(process)
                raise BrowserError(f"chromium {args[-1]} timed out after {timeout}s:\n{_tail(err)}") from None
            finally:
                _stop(process)  # the browser's helpers, if any outlived it
        if code != 0:
            raise BrowserError(f"chromium exited with {code}:\n{_tail(err)}")
        return out.read_bytes()


def dump_dom(binary: str, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The DOM after load, serialised (``--dump-dom``).

    Only with JavaScript on: headless Chromium (156) implements ``--dump-dom`` and ``--screenshot`` with script
    and silently prints or writes nothing under ``--blink-settings=scriptEnabled=false``.  Use a
    ``Session(scripts=False)`` to see a page without JavaScript.
    """
    dom = run(binary, ["--dump-dom", url], timeout=timeout).decode("utf-8")
    if not dom.strip():
        raise BrowserError(f"chromium --dump-dom printed nothing for {url}")
    return dom


def screenshot(
    binary: str,
    url: str,
    png: Path,
    *,
    width: int = 1200,
    height: int = 1600,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """A PNG of the first ``width`` x ``height`` pixels of the page (``--screenshot``; JavaScript on, see
    ``dump_dom``)."""
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    run(binary, [f"--screenshot={png}", f"--window-size={width},{height}", url], timeout=timeout)
    if not png.is_file():
        raise BrowserError(f"chromium wrote no screenshot to {png}")
    return png


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise BrowserError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _high_fd(fd: int) -> int:
    """Move ``fd`` to a number >= 10 so the shell can map it to 3/4 without clobbering it."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Session:
    """One headless Chromium and one tab, driven over the DevTools protocol.

    ``scripts=False`` disables JavaScript for the page (the DevTools' own ``evaluate`` still works, which is
    how the tests read the rendered page).  Events are kept: ``requests`` (every URL the page asked for),
    ``dialogs`` (alert/confirm/prompt, dismissed at once), ``console`` and ``exceptions``.
    """

    def __init__(
        self,
        binary: str,
        *,
        scripts: bool = False,
        width: int = 1200,
        height: int = 1600,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.timeout = timeout
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.exceptions: list[str] = []
        self._events: list[str] = []  # event names since the last wait_for()
        self._buffer = b""
        self._next_id = 0
        self._session: str | None = None
        self._profile = tempfile.TemporaryDirectory(prefix="storydiff-chromium-")
        self._stderr = Path(self._profile.name) / "stderr.log"
        commands_read, commands_write = (_high_fd(fd) for fd in os.pipe())
        replies_read, replies_write = (_high_fd(fd) for fd in os.pipe())
        args = [
            binary,
            *FLAGS,
            f"--user-data-dir={self._profile.name}/data",
            f"--window-size={width},{height}",
            "--remote-debugging-pipe",
            *([] if scripts else [NO_SCRIPT]),
            "about:blank",
        ]
        # Chromium reads commands on fd 3 and writes replies on fd 4; bash maps our pipe ends onto them.
        script = f'exec "$@" 3<&{commands_read} 4>&{replies_write} {commands_read}<&- {replies_write}>&-'
        self._write = commands_write
        self._read = replies_read
        try:
            with self._stderr.open("wb") as err:
                self._process = subprocess.Popen(
                    ["bash", "-c", script, "chromium", *args],
                    pass_fds=(commands_read, replies_write),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                    start_new_session=True,
                )
        except BaseException:
            for fd in (commands_read, commands_write, replies_read, replies_write):
                os.close(fd)
            self._profile.cleanup()
            raise
        os.close(commands_read)
        os.close(replies_write)
        try:
            target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})[
                "sessionId"
            ]
            self.call("Page.enable")
            self.call("Network.enable")
            self.call("Runtime.enable")
            self.call("Emulation.setScriptExecutionDisabled", {"value": not scripts})
            self.call(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
        except BaseException:
            self.close()
            raise

    # -- protocol ---------------------------------------------------------------------------------------------

    def _send(self, method: str, params: dict[str, Any] | None, session: str | None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode("utf-8") + b"\0")
        return self._next_id

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"no answer from chromium in {self.timeout}s:\n{_tail(self._stderr)}")
            ready, _, _ = select.select([self._read], [], [], left)
            if ready:
                chunk = os.read(self._read, 1 << 16)
                if not chunk:
                    raise BrowserError(f"chromium closed the DevTools pipe:\n{_tail(self._stderr)}")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self._event(message["method"], message.get("params", {}))
        return message

    def _event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(params.get("message", ""))
            self._send("Page.handleJavaScriptDialog", {"accept": False}, self._session)
        elif method == "Runtime.consoleAPICalled":
            self.console.append(
                " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            )
        elif method == "Runtime.exceptionThrown":
            self.exceptions.append(json.dumps(params.get("exceptionDetails", {}))[:500])
        self._events.append(method)

    def _call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})

    def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """A DevTools command in the tab; its result."""
        return self._call(method, params, self._session)

    def wait_for(self, event: str) -> None:
        """Read until ``event`` has been seen since the last call of ``wait_for``."""
        deadline = time.monotonic() + self.timeout
        while event not in self._events:
            self._receive(deadline)
        self._events.clear()

    # -- page -------------------------------------------------------------------------------------------------

    def open(self, url: str) -> None:
        """Navigate and wait for the load event (styles applied, layout done)."""
        self._events.clear()
        result = self.call("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise BrowserError(f"{url}: {result['errorText']}")
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The JSON value of ``expression`` in the page (DevTools evaluation works with page scripts off)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def resize(self, width: int, height: int, *, mobile: bool = False) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )

    def screenshot(self, *, full_page: bool = False, clip: dict[str, float] | None = None) -> bytes:
        """A PNG of the viewport, of the whole page, or of ``clip`` (page coordinates: x, y, width, height)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page and clip is None:
            width, height = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            clip = {"x": 0, "y": 0, "width": width, "height": height}
        if clip is not None:
            params["clip"] = {**clip, "scale": 1}
            params["captureBeyondViewport"] = True
        return base64.b64decode(self.call("Page.captureScreenshot", params)["data"])

    # -- lifetime ---------------------------------------------------------------------------------------------

    def close(self) -> None:
        try:
            if self._process.poll() is None:
                try:
                    self._send("Browser.close", None, None)
                    self._process.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    pass
        finally:
            _stop(self._process)
            for fd in (self._write, self._read):
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._profile.cleanup()

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
