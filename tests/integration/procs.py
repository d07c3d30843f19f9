"""Process helpers for the integration tests: start real processes in their own process group, wait for them,
and always stop them (SIGTERM to the group, then SIGKILL).

Why process groups: a Prefect worker runs each flow run in a child process, and a worker that does not own
its session can ignore the first SIGTERM (it turns SIGTERM into a SIGINT to itself, and SIGINT may be
ignored when the parent started it in the background).  Signalling the whole group reaches the worker, its
flow-run children and the server's uvicorn in one go.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PREFECT = str(BIN / "prefect")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prefect_env(home: Path, api_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment for a child process: isolated PREFECT_HOME, quiet, no telemetry, the given API."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_LOGGING_LEVEL="INFO",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PYTHONUNBUFFERED="1",
    )
    if api_url is not None:
        env["PREFECT_API_URL"] = api_url
    env.update(extra)
    return env


def tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class Proc:
    """A started process with its log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        return f"--- {self.name} (pid {self.pid}) log {self.log} ---\n{tail(self.log, lines)}"

    def wait(self, timeout: float) -> int:
        """Wait for a normal exit; raise with the log tail if it takes longer."""
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{self.name} still running after {timeout:g}s\n{self.log_tail()}") from None


def stop(proc: Proc, grace: float = 15.0) -> int | None:
    """SIGTERM the process group, wait ``grace`` seconds, then SIGKILL it; reap the leader."""
    if proc.popen.poll() is None:
        _signal_group(proc.pid, signal.SIGTERM)
        try:
            proc.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _signal_group(proc.pid, signal.SIGKILL)
            proc.popen.wait(timeout=10)
    # The leader is gone; children that outlived it (a flow run) still carry the group id.
    _signal_group(proc.pid, signal.SIGKILL)
    return proc.popen.returncode


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


@dataclass
class Processes:
    """Every process a test starts, stopped in reverse order by ``stop_all`` (call it from a finalizer)."""

    logs: Path
    started: list[Proc] = field(default_factory=list)

    def start(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cwd: Path = REPO,
        stdin: int | None = subprocess.DEVNULL,
    ) -> Proc:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = self.logs / f"{name}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env=dict(env),
                stdin=stdin,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: see the module docstring
            )
        proc = Proc(name, popen, log)
        self.started.append(proc)
        return proc

    def stop_all(self) -> None:
        while self.started:
            stop(self.started.pop())


@dataclass
class PrefectServer:
    """A running ``prefect server start`` and the registry of every process started against it."""

    api_url: str
    home: Path
    logs: Path
    processes: Processes
    started_in: float = 0.0  # seconds from `prefect server start` to a healthy API

    def env(self, **extra: str) -> dict[str, str]:
        return prefect_env(self.home, self.api_url, **extra)


def wait_until(
    check: Callable[[], bool], *, timeout: float, what: str, proc: Proc | None = None, every: float = 0.2
) -> float:
    """Poll ``check`` until it is true; fail early if ``proc`` dies; return the seconds waited."""
    start = time.monotonic()
    while True:
        if check():
            return time.monotonic() - start
        if proc is not None and not proc.alive():
            raise AssertionError(
                f"{proc.name} exited ({proc.popen.returncode}) before {what}\n{proc.log_tail()}"
            )
        if time.monotonic() - start > timeout:
            detail = f"\n{proc.log_tail()}" if proc is not None else ""
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}{detail}")
        time.sleep(every)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def run_cli(
    argv: Sequence[str], *, env: Mapping[str, str], cwd: Path = REPO, timeout: float = 120.0
) -> subprocess.CompletedProcess[str]:
    """Run a short command to completion in its own process group; raise with its output on failure."""
    popen = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = popen.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal_group(popen.pid, signal.SIGKILL)
        out, _ = popen.communicate()
        raise AssertionError(f"{' '.join(argv)} timed out after {timeout:g}s:\n{out}") from None
    if popen.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {popen.returncode}:\n{out}")
    return subprocess.CompletedProcess(list(argv), popen.returncode, out, None)
