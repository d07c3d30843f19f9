"""One run at a time per warehouse, across processes.

DuckDB allows one writing process per file, and two overlapping runs of a story would also race to mint
the same developments.  Prefect's deployment concurrency limit queues scheduled runs, but a run started by
hand (`storydiff run`, a second worker, `storydiff serve`) bypasses it, so every flow also takes an
advisory lock file next to the database.  The second run waits up to ``wait`` seconds and then fails with a
message that says who holds the lock — it never corrupts data and never deadlocks (the OS drops the lock
when the holder dies).
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from storydiff.errors import RunError


class WarehouseLocked(RunError):
    """Another run holds the warehouse."""


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@contextmanager
def warehouse_lock(
    database: Path, *, wait: float = 0.0, poll: float = 0.2, owner: str = ""
) -> Iterator[None]:
    """Hold the warehouse's run lock for the duration of the block."""
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseLocked(_busy_message(path, wait)) from None
                time.sleep(poll)
        info = {"pid": os.getpid(), "since": datetime.now(UTC).isoformat(timespec="seconds"), "owner": owner}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _busy_message(path: Path, wait: float) -> str:
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        info = {}
    who = f"pid {info.get('pid', '?')} ({info.get('owner') or 'a run'}) since {info.get('since', '?')}"
    return f"the warehouse is busy: {who} holds {path}; gave up after waiting {wait:g}s"
