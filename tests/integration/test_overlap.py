"""Two runs of one story at the same time, in real processes, and an analyst reading while a writer writes.

How the overlap is made certain rather than left to timing: the snapshot is served behind a gate that holds
every request.  Run A (a subprocess) takes the warehouse lock and then waits at the gate for its first page,
so it is provably mid-run while we start the competitors:

* a run with a small ``lock_wait`` must fail at once with ``WarehouseLocked``'s message naming A;
* run B (another subprocess, generous ``lock_wait``) must wait for A rather than run beside it.

Then the gate opens; both finish; the warehouse must look exactly like after a single run.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import procs
import pytest

from flows.locking import WarehouseLocked, lock_path
from flows.track_story import track_story
from storydiff.config import load_config
from warehouse import Warehouse

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_api")]

SLUG = "us-russia-riyadh-2025"
CONTENT_TABLES = ("articles", "article_versions", "facts", "diffs", "developments", "development_sources")

# A story run in its own process, on the same Prefect API as this pytest process; prints JSON events.
RUN_FLOW = r"""
import asyncio, json, sys, time
from flows.locking import WarehouseLocked
from flows.track_story import track_story

slug, config_path, lock_wait = sys.argv[1], sys.argv[2], float(sys.argv[3])
def event(name, **data):
    print(json.dumps({"event": name, "t": time.time(), **data}, default=str), flush=True)
event("calling")
try:
    summary = asyncio.run(track_story(slug, config_path, lock_wait=lock_wait))
except WarehouseLocked as exc:
    event("locked", message=str(exc))
    sys.exit(3)
event("done", summary=summary)
"""

# Holds a read-write DuckDB connection on a file until stdin closes: a writer in the middle of a load.
HOLD_WRITER = r"""
import sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("BEGIN TRANSACTION")
con.execute("SELECT count(*) FROM runs").fetchall()
print("holding", flush=True)
sys.stdin.read()
con.execute("ROLLBACK")
con.close()
"""


def counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
            for t in (*CONTENT_TABLES, "runs")
        }


def events(proc: procs.Proc) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for line in proc.log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith('{"event"'):
            item = json.loads(line)
            found[item["event"]] = item
    return found


def running_story_runs(since: datetime) -> int:
    """Flow runs of the story in state Running that started after ``since``, on this session's API."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterName,
        FlowRunFilterStartTime,
        FlowRunFilterState,
        FlowRunFilterStateName,
    )

    running = FlowRunFilter(
        name=FlowRunFilterName(any_=[f"track-{SLUG}"]),
        state=FlowRunFilterState(name=FlowRunFilterStateName(any_=["Running"])),
        start_time=FlowRunFilterStartTime(after_=since),
    )
    with get_client(sync_client=True) as client:
        return len(client.read_flow_runs(flow_run_filter=running))


@pytest.fixture(scope="module")
def api_url() -> str:
    """The URL of the session's temporary Prefect API (tests/conftest.py), for child processes."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    assert url, "the prefect_api fixture must be active"
    return str(url)


@pytest.fixture
def processes(tmp_path: Path) -> Any:
    registry = procs.Processes(logs=tmp_path / "logs")
    try:
        yield registry
    finally:
        registry.stop_all()


@pytest.fixture(scope="module")
def single_run(snapshot_url: str, make_demo_config: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One ordinary run into its own warehouse: the reference for "intact" (and a warehouse to read)."""
    cfg = make_demo_config(tmp_path_factory.mktemp("single"), snapshot_url)
    summary = asyncio.run(track_story(SLUG, str(cfg)))
    return load_config(cfg), summary


def test_an_overlapping_run_waits_or_fails_cleanly_and_the_data_stays_intact(
    gated_snapshot: Any,
    make_demo_config: Any,
    processes: procs.Processes,
    api_url: str,
    tmp_path: Path,
    single_run: Any,
) -> None:
    test_start = datetime.now(UTC)
    # Fetch timeout raised from the demo's 10 s so requests can sit at the closed gate for a while.
    cfg = make_demo_config(tmp_path / "data", gated_snapshot.url, fetch_timeout=90.0)
    config = load_config(cfg)
    env = procs.prefect_env(tmp_path / "prefect-home", api_url, PREFECT_LOGGING_LEVEL="WARNING")
    python = sys.executable

    run_a = processes.start("run-a", [python, "-c", RUN_FLOW, SLUG, str(cfg), "60"], env=env)
    procs.wait_until(lambda: bool(gated_snapshot.seen), timeout=90, what="run A's first request", proc=run_a)
    # A is past the lock and stuck at the gate: it holds the warehouse now, and the lock file says so.
    holder = json.loads(lock_path(config.storage.database).read_text())
    assert holder["pid"] == run_a.pid and holder["owner"] == f"track-story {SLUG}"

    # 1) a run that will not wait long fails with a message saying who holds the warehouse.
    start = time.monotonic()
    with pytest.raises(WarehouseLocked) as failed:
        asyncio.run(track_story(SLUG, str(cfg), lock_wait=0.5))
    message = str(failed.value)
    assert f"pid {run_a.pid} (track-story {SLUG})" in message, message
    assert "gave up after waiting 0.5s" in message and str(lock_path(config.storage.database)) in message
    failed_after = time.monotonic() - start

    # 2) a run that may wait: another process, started while A still holds the warehouse.
    run_b = processes.start("run-b", [python, "-c", RUN_FLOW, SLUG, str(cfg), "120"], env=env)
    # Wait until the API shows B's flow run Running beside A's: B's flow body has begun, and its first step
    # is to take the lock — so from here on B is waiting (or, if the lock were broken, fetching beside A).
    procs.wait_until(
        lambda: running_story_runs(since=test_start) >= 2,
        timeout=60,
        what="run B's flow to start",
        proc=run_b,
    )
    time.sleep(0.5)
    assert run_a.alive() and run_b.alive()
    assert json.loads(lock_path(config.storage.database).read_text())["pid"] == run_a.pid
    b_called = events(run_b)["calling"]["t"]

    gated_snapshot.gate.set()
    assert run_a.wait(timeout=120) == 0, run_a.log_tail()
    assert run_b.wait(timeout=120) == 0, run_b.log_tail()
    a, b = events(run_a)["done"], events(run_b)["done"]

    # B was called while A ran, yet its warehouse run began only after A's had finished.
    assert b_called < a["t"]
    with duckdb.connect(str(config.storage.database), read_only=True) as con:
        runs = {
            r[0]: (r[1], r[2], r[3])
            for r in con.execute("SELECT run_id, started_at, finished_at, status FROM runs").fetchall()
        }
        dup_keys = con.execute(
            "SELECT story, dev_key FROM developments GROUP BY ALL HAVING count(*) > 1"
        ).fetchall()
        dup_entries = con.execute(
            "SELECT entry_id FROM developments GROUP BY entry_id HAVING count(*) > 1"
        ).fetchall()
    assert set(runs) == {a["summary"]["run_id"], b["summary"]["run_id"]}  # the failed run left no trace
    a_start, a_end, _ = runs[a["summary"]["run_id"]]
    b_start, b_end, _ = runs[b["summary"]["run_id"]]
    assert a_end is not None and b_end is not None
    assert b_start >= a_end, f"runs overlapped: A {a_start}..{a_end}, B {b_start}..{b_end}"

    # A did the work; B found everything already known; together they equal one ordinary run.
    assert a["summary"]["new_developments"] > 0
    assert b["summary"]["new_developments"] == 0
    assert set(b["summary"]["outcomes"]) <= {"not_modified", "unchanged"}, b["summary"]["outcomes"]
    after = counts(config.storage.database)
    assert after["developments"] == a["summary"]["new_developments"]
    assert after["article_versions"] == a["summary"]["new_versions"]
    assert after["facts"] == a["summary"]["new_facts"]
    ref_config, _ = single_run
    reference = counts(ref_config.storage.database)
    assert {t: after[t] for t in CONTENT_TABLES} == {t: reference[t] for t in CONTENT_TABLES}
    assert after["runs"] == 2
    assert dup_keys == [] and dup_entries == []
    print(
        f"\nlocked run failed after {failed_after:.2f}s; "
        f"B waited ~{(b_start - a_start).total_seconds():.2f}s after A began; "
        f"A {(a_end - a_start).total_seconds():.2f}s, B {(b_end - b_start).total_seconds():.2f}s"
    )


def test_analysts_read_the_snapshot_while_a_writer_holds_the_warehouse(
    single_run: Any, processes: procs.Processes, tmp_path: Path
) -> None:
    config, _ = single_run
    main, snapshot = config.storage.database, config.storage.read_snapshot
    assert snapshot is not None and snapshot.exists()
    expected = counts(main)

    writer = processes.start(
        "writer",
        [sys.executable, "-c", HOLD_WRITER, str(main)],
        env=procs.prefect_env(tmp_path),
        stdin=subprocess.PIPE,
    )
    procs.wait_until(lambda: "holding" in procs.tail(writer.log), timeout=30, what="the writer", proc=writer)

    # The main file is locked for every other process, read-only or not ...
    with pytest.raises(duckdb.IOException, match="lock"):
        duckdb.connect(str(main), read_only=True)
    # ... but the published snapshot is a separate file: analysts query it as usual.
    with duckdb.connect(str(snapshot), read_only=True) as con:
        got = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*CONTENT_TABLES, "runs")}  # type: ignore[index]
        entries = con.execute("SELECT count(DISTINCT entry_id) FROM developments").fetchone()[0]  # type: ignore[index]
    assert got == expected
    assert entries == expected["developments"] > 0

    assert writer.popen.stdin is not None
    writer.popen.stdin.close()
    assert writer.wait(timeout=30) == 0, writer.log_tail()

    # A reader holding the snapshot open does not stop the next run from publishing a new one (atomic rename).
    with duckdb.connect(str(snapshot), read_only=True) as reader:
        Warehouse(main).snapshot(snapshot)
        assert reader.execute("SELECT count(*) FROM runs").fetchone()[0] == expected["runs"]  # type: ignore[index]
    with duckdb.connect(str(snapshot), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM developments").fetchone()[0] == expected["developments"]  # type: ignore[index]
