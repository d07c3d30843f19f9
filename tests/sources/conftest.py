"""Fixtures for the sources tests; the helpers themselves live in srcfixtures.py (importable by tests)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tests.sources.srcfixtures import FaultServer, RecordingSleep


@pytest.fixture
def server() -> Iterator[FaultServer]:
    """A fresh loopback server per test, so request logs and routes never leak between tests."""
    srv = FaultServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.release.set()
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()
