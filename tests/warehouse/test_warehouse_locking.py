"""DuckDB admits one writer process, and while it is connected other processes cannot even read: the
warehouse must fail fast and clearly (WarehouseBusy) instead of hanging, and never hold the lock itself."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.warehouse.whfactories import STORY, new_warehouse
from warehouse import Warehouse, WarehouseBusy

HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("SELECT 1")
print("locked", flush=True)
hold = float(sys.argv[2])
if hold < 0:
    sys.stdin.read()
else:
    time.sleep(hold)
con.close()
"""


def _hold(path: Path, seconds: float = -1) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), str(seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


@pytest.fixture
def held(tmp_path: Path) -> Iterator[Warehouse]:
    """A migrated warehouse whose file another process holds read-write until the test ends."""
    new_warehouse(tmp_path)
    proc = _hold(tmp_path / "wh.duckdb")
    try:
        yield Warehouse(tmp_path / "wh.duckdb", busy_timeout=0.5)
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)


def test_writer_gets_busy_quickly(held: Warehouse) -> None:
    start = time.monotonic()
    with pytest.raises(WarehouseBusy, match="another process holds the DuckDB file lock") as info:
        held.start_run(STORY)
    elapsed = time.monotonic() - start
    assert 0.5 <= elapsed < 3.0
    assert info.value.waited >= 0.5 and "wh.duckdb" in str(info.value)


def test_reader_is_busy_too(held: Warehouse) -> None:
    with pytest.raises(WarehouseBusy):
        held.counts(STORY)
    with pytest.raises(WarehouseBusy):
        held.conditional_headers("https://x.example/")


def test_retry_succeeds_when_the_lock_is_released_in_time(tmp_path: Path) -> None:
    new_warehouse(tmp_path)
    proc = _hold(tmp_path / "wh.duckdb", seconds=0.6)
    try:
        wh = Warehouse(tmp_path / "wh.duckdb", busy_timeout=10)
        start = time.monotonic()
        assert wh.counts(STORY)["stories"] == 1
        assert time.monotonic() - start < 5
    finally:
        proc.wait(timeout=10)


def test_no_connection_is_held_between_calls(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    wh.start_run(STORY)
    # another process can take the write lock right after our calls return
    proc = _hold(tmp_path / "wh.duckdb", seconds=0)
    assert proc.wait(timeout=10) == 0


def test_threads_of_one_process_do_not_trip_over_connection_modes(tmp_path: Path) -> None:
    """In one process DuckDB refuses a read-only and a read-write connection to one file at once."""
    wh = new_warehouse(tmp_path)
    wh.busy_timeout = 5
    with wh.connect():  # a writer is connected in this process: a read opens read-write and shares it
        assert wh.counts(STORY)["stories"] == 1
    done = threading.Event()

    def hold_reader() -> None:
        with wh.connect(read_only=True):
            done.wait(10)

    reader = threading.Thread(target=hold_reader)
    reader.start()
    try:
        time.sleep(0.1)
        threading.Timer(0.4, done.set).start()
        start = time.monotonic()
        assert wh.start_run(STORY)  # waits for the reader to close, then writes
        assert 0.2 < time.monotonic() - start < 5
    finally:
        done.set()
        reader.join()
