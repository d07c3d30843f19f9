"""Fixtures for the tests that run storydiff the way it runs in production: a real ``prefect server``, a
real work pool and worker, real processes competing for the warehouse.

Everything started here runs in its own process group and is stopped in a finalizer, pass or fail.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import procs` from the test modules

import procs

from storydiff.demo import _QuietHandler, _Server, write_replay_config

REPO = procs.REPO
SNAPSHOT = REPO / "tests" / "fixtures" / "snapshot"
SLUG = "us-russia-riyadh-2025"
SERVER_START_TIMEOUT = 120.0


def write_demo_config(out: Path, base_url: str, *, fetch_timeout: float | None = None) -> Path:
    """A stories file for the snapshot replay (as `storydiff demo` writes it), into ``out``."""
    fetch = {"timeout": fetch_timeout} if fetch_timeout is not None else None
    return write_replay_config(out, base_url, snapshot=SNAPSHOT, fetch=fetch)


@pytest.fixture(scope="session")
def make_demo_config() -> Any:
    """``write_demo_config`` for the test modules (they cannot import this conftest)."""
    return write_demo_config


@contextmanager
def running_prefect_server(root: Path) -> Iterator[procs.PrefectServer]:
    """``prefect server start`` on a free loopback port with its own PREFECT_HOME (SQLite) under ``root``.

    The scheduler service is off: deployments keep their (active) cron schedules, but no scheduled run can
    appear in the middle of a test and compete with the run the test triggers.  Every process registered in
    ``server.processes`` (the server, workers, serve processes) is stopped on exit, pass or fail.
    """
    home = root / "prefect-home"
    home.mkdir(parents=True)
    port = procs.free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    processes = procs.Processes(logs=root / "logs")
    try:
        server = processes.start(
            "server",
            [procs.PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--analytics-off"],
            env=procs.prefect_env(
                home,
                PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false",
                PREFECT_UI_ENABLED="false",
            ),
            cwd=root,
        )
        started_in = procs.wait_until(
            lambda: procs.http_ok(f"{api_url}/health"),
            timeout=SERVER_START_TIMEOUT,
            what="the Prefect server's /api/health",
            proc=server,
        )
        yield procs.PrefectServer(
            api_url=api_url, home=home, logs=root / "logs", processes=processes, started_in=started_in
        )
    finally:
        processes.stop_all()


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[procs.PrefectServer]:
    """A Prefect server shared by the tests of one module (pytest keeps its logs in the last few basetemps)."""
    with running_prefect_server(tmp_path_factory.mktemp("prefect-server")) as server:
        yield server


@pytest.fixture
def own_prefect_server(tmp_path: Path) -> Iterator[procs.PrefectServer]:
    """A Prefect server for one test (when it would disturb what other tests see on the shared one)."""
    with running_prefect_server(tmp_path / "prefect-server") as server:
        yield server


class GatedHandler(_QuietHandler):
    """Serves the snapshot, but holds every request until the gate opens: a source that hangs on demand."""

    gate: threading.Event
    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.gate.wait(timeout=60)
        super().do_GET()


@dataclass
class GatedSnapshot:
    url: str
    gate: threading.Event
    seen: list[str]


@pytest.fixture
def gated_snapshot() -> Iterator[GatedSnapshot]:
    """The snapshot on loopback behind a gate that starts closed; ``gate.set()`` lets requests through."""
    import functools

    gate = threading.Event()
    seen: list[str] = []
    handler: Any = functools.partial(
        type("Gated", (GatedHandler,), {"gate": gate, "seen": seen}), directory=str(SNAPSHOT / "site")
    )
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="gated-snapshot", daemon=True)
    thread.start()
    try:
        yield GatedSnapshot(f"http://127.0.0.1:{server.server_address[1]}", gate, seen)
    finally:
        gate.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
