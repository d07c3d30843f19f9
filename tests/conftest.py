"""Shared test fixtures: quiet Prefect settings, one temporary Prefect API for the integration tests, and the
recorded snapshot served over real HTTP on loopback."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Must be set before Prefect is imported anywhere: quiet, no telemetry, and a throw-away PREFECT_HOME so the
# tests never touch the user's ~/.prefect.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="storydiff-prefect-"))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("DO_NOT_TRACK", "1")

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "fixtures" / "snapshot"
SHARED_EVAL = REPO.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """A temporary Prefect API (SQLite in a temp dir), started once and only for tests that ask for it."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def snapshot_url() -> Iterator[str]:
    """The recorded snapshot's site/ folder served over real HTTP on 127.0.0.1."""
    from storydiff.demo import serve_directory

    with serve_directory(SNAPSHOT / "site") as url:
        yield url
