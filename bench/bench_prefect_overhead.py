"""What Prefect costs a storydiff run: the same story over the recorded snapshot, into fresh warehouses,

  (a) flow   ``track_story(...)``: a flow run, every fetch/parse/diff/load/publish step a task run;
  (b) fn     ``track_story.fn(...)``: no flow run, but the tasks are still called as tasks, so each one is
             still a (standalone) task run reported to the API — not "without Prefect";
  (c) plain  ``track_story.fn(...)`` with every task replaced by its ``.fn``: the same code with no
             Prefect engine at all (run logger disabled, artifacts skipped outside a flow run).

plus, separately, the start of Prefect's ephemeral API (what the first run in a process pays when no
``PREFECT_API_URL`` is set).  Modes are interleaved per repetition; one untimed warm-up run each.

    .venv/bin/python bench/bench_prefect_overhead.py [--reps 3] [--warmup 1]
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Before Prefect is imported: quiet, no telemetry, and (unless the caller chose one) a throw-away home.
FRESH_HOME = "PREFECT_HOME" not in os.environ
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="storydiff-bench-prefect-"))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("DO_NOT_TRACK", "1")

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "fixtures" / "snapshot"
SLUG = "us-russia-riyadh-2025"
TASKS = ("fetch_page", "parse_page", "diff_article", "save_article", "publish_feed")


def start_api() -> tuple[float, str]:
    """Seconds until the API answers (starts the ephemeral server when no PREFECT_API_URL is set)."""
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()

    async def ping() -> None:
        async with get_client() as client:
            error = await client.api_healthcheck()
            if error is not None:
                raise error

    start = time.perf_counter()
    asyncio.run(ping())
    took = time.perf_counter() - start
    if url:
        return took, f"PREFECT_API_URL={url} (already running; this is one health check)"
    home = (
        "fresh PREFECT_HOME: includes creating and migrating its SQLite DB" if FRESH_HOME else "existing home"
    )
    return took, f"ephemeral API subprocess ({home})"


@contextmanager
def plain_tasks(calls: Counter[str]) -> Iterator[None]:
    """Replace the flow module's tasks by their plain functions (counting calls) for the duration."""
    import flows.track_story as module

    saved = {name: getattr(module, name) for name in TASKS}
    for name, task in saved.items():
        setattr(module, name, _counting(task.fn, name, calls))
    try:
        yield
    finally:
        for name, task in saved.items():
            setattr(module, name, task)


def _counting(fn: Callable[..., Any], name: str, calls: Counter[str]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(fn):

        async def acounted(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return await fn(*args, **kwargs)

        return acounted

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return fn(*args, **kwargs)

    return counted


def run_once(mode: str, base_url: str, calls: Counter[str]) -> tuple[float, dict[str, Any]]:
    from prefect.logging import disable_run_logger

    from flows.track_story import track_story
    from storydiff.demo import write_replay_config

    out = Path(tempfile.mkdtemp(prefix=f"storydiff-bench-{mode}-"))
    cfg = write_replay_config(out, base_url, snapshot=SNAPSHOT)
    start = time.perf_counter()
    if mode == "flow":
        summary = asyncio.run(track_story(SLUG, str(cfg)))
    elif mode == "fn":
        with disable_run_logger():
            summary = asyncio.run(track_story.fn(SLUG, str(cfg)))
    else:
        with disable_run_logger(), plain_tasks(calls):
            summary = asyncio.run(track_story.fn(SLUG, str(cfg)))
    return time.perf_counter() - start, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reps", type=int, default=3, help="timed runs per mode (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs per mode first (default 1)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    import flows.track_story  # noqa: F401 - the import cost of prefect + storydiff, measured here
    from storydiff.demo import serve_directory

    import_s = time.perf_counter() - start
    api_s, api_what = start_api()
    print(f"import flows.track_story (prefect + storydiff): {import_s:.2f} s")
    print(f"Prefect API ready:                              {api_s:.2f} s  [{api_what}]")

    modes = ("flow", "fn", "plain")
    times: dict[str, list[float]] = {m: [] for m in modes}
    calls: Counter[str] = Counter()
    with serve_directory(SNAPSHOT / "site") as base_url:
        for rep in range(args.warmup + args.reps):
            for mode in modes:
                calls.clear()
                took, summary = run_once(mode, base_url, calls)
                if rep >= args.warmup:
                    times[mode].append(took)
                if mode == "plain":
                    task_calls = sum(calls.values())
    per_task = ", ".join(f"{k} {v}" for k, v in sorted(calls.items()))
    print(
        f"run: one story over the snapshot into a fresh warehouse; {summary['new_developments']} "
        f"developments, {task_calls} task calls per run ({per_task})"
    )
    labels = {
        "flow": "(a) flow run, steps as task runs",
        "fn": "(b) track_story.fn, steps as task runs",
        "plain": "(c) track_story.fn, steps as plain .fn",
    }
    print(f"{'mode':<42}{'runs':>5}{'mean s':>9}{'min s':>8}{'max s':>8}")
    for mode in modes:
        t = times[mode]
        print(f"{labels[mode]:<42}{len(t):>5}{statistics.mean(t):>9.2f}{min(t):>8.2f}{max(t):>8.2f}")
    a, b, c = (statistics.mean(times[m]) for m in modes)
    print(f"ratio (a)/(c) = {a / c:.2f}   (b)/(c) = {b / c:.2f}   (a)/(b) = {a / b:.2f}")
    print(
        f"Prefect per run: {a - c:.2f} s over plain code = {(a - c) / max(task_calls, 1) * 1000:.1f} ms per "
        f"task run (flow overhead included); the ephemeral API start above comes on top once per process"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
