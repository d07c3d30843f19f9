from __future__ import annotations

import dataclasses
import json
import pickle
from datetime import timedelta
from pathlib import Path

import pytest

from sources.errors import HTTPStatusError, RobotsDisallowed, TimeoutError_
from tests.warehouse.whfactories import (
    BASELINE_URL,
    STORY,
    T0,
    Clock,
    article,
    new_warehouse,
    page,
    save_baseline,
)
from warehouse import Warehouse, WarehouseError

URL = BASELINE_URL


def _fetches(wh: Warehouse) -> list[tuple]:
    with wh.connect(read_only=True) as con:
        return con.execute(
            "SELECT outcome, status, etag, content_hash, bytes, attempts, error_kind, error FROM fetches "
            "ORDER BY fetch_id"
        ).fetchall()


def test_runs_start_and_finish(tmp_path: Path) -> None:
    clock = Clock()
    wh = new_warehouse(tmp_path, clock=clock)
    run_id = wh.start_run(STORY)
    clock.tick(minutes=2)
    wh.finish_run(run_id, "partial", {"fetched": 3, "errors": ["timeout"], "at": T0})
    with wh.connect(read_only=True) as con:
        row = con.execute("SELECT story, started_at, finished_at, status, stats FROM runs").fetchone()
    assert row is not None
    assert row[:4] == (STORY, T0, T0 + timedelta(minutes=2), "partial")
    assert json.loads(row[4]) == {"at": "2025-03-01T06:00:00+00:00", "errors": ["timeout"], "fetched": 3}
    with pytest.raises(ValueError, match="status"):
        wh.finish_run(run_id, "done", {})
    with pytest.raises(WarehouseError, match="no run"):
        wh.finish_run("missing", "completed", {})


def test_record_fetch_outcomes_and_errors(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    run_id = wh.start_run(STORY)
    art = article()
    ok = page(art)
    wh.record_fetch(run_id, STORY, URL, page=ok, outcome="ok")
    not_modified = dataclasses.replace(ok, status=304, text="", content_hash=None, size=0)
    wh.record_fetch(run_id, STORY, URL, page=not_modified, outcome="not_modified")
    wh.record_fetch(
        run_id, STORY, URL, error=TimeoutError_("read timed out", url=URL, attempts=3), outcome="error"
    )
    wh.record_fetch(run_id, STORY, URL, error=HTTPStatusError("gone", url=URL, status=410), outcome="error")
    robots = RobotsDisallowed("robots.txt")
    wh.record_fetch(run_id, STORY, "https://x.example/p", error=robots, outcome="skipped")
    wh.record_fetch(run_id, STORY, "https://x.example/q", error=ValueError("odd"), outcome="error")
    assert _fetches(wh) == [
        ("ok", 200, '"v1"', ok.content_hash, ok.size, 1, None, None),
        ("not_modified", 304, '"v1"', None, 0, 1, None, None),
        ("error", None, None, None, None, 3, "timeout", "read timed out"),
        ("error", 410, None, None, None, 1, "http_status", "gone"),
        ("skipped", None, None, None, None, 1, "robots", "robots.txt"),
        ("error", None, None, None, None, 1, "ValueError", "odd"),
    ]
    with pytest.raises(ValueError, match="outcome"):
        wh.record_fetch(run_id, STORY, URL, page=ok, outcome="fine")
    with pytest.raises(ValueError, match="exception"):
        wh.record_fetch(run_id, STORY, URL, outcome="error")
    with pytest.raises(ValueError, match="page"):
        wh.record_fetch(run_id, STORY, URL, outcome="ok")


def test_conditional_headers_follow_the_latest_representation(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    run_id = wh.start_run(STORY)
    assert wh.conditional_headers(URL) == (None, None)
    assert wh.latest_content_hash(URL) is None
    first = page(article(), etag='"v1"')
    wh.record_fetch(run_id, STORY, URL, page=first, outcome="ok")
    assert wh.conditional_headers(URL) == ('"v1"', "Sat, 01 Mar 2025 06:00:00 GMT")
    wh.record_fetch(run_id, STORY, URL, error=TimeoutError_("slow"), outcome="error")
    assert wh.conditional_headers(URL) == ('"v1"', "Sat, 01 Mar 2025 06:00:00 GMT")  # errors don't count
    # a new body without validators: the old etag belongs to an older representation, never replay it
    second = dataclasses.replace(page(article(title="Edited")), etag=None, last_modified=None)
    wh.record_fetch(run_id, STORY, URL, page=second, outcome="ok")
    assert wh.conditional_headers(URL) == (None, None)
    assert wh.latest_content_hash(URL) == second.content_hash
    third = page(article(title="Edited again"), etag='"v3"')
    wh.record_fetch(run_id, STORY, URL, page=third, outcome="ok")
    wh.record_fetch(
        run_id,
        STORY,
        URL,
        page=dataclasses.replace(third, status=304, content_hash=None),
        outcome="not_modified",
    )
    assert wh.conditional_headers(URL)[0] == '"v3"'
    assert wh.latest_content_hash(URL) == third.content_hash  # a 304 has no body hash


def test_fetches_advance_the_article_schedule(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)  # published T0, checked T0 -> next check T0+1h
    run_id = wh.start_run(STORY)
    assert wh.due_for_check(STORY, T0 + timedelta(minutes=30)) == []
    assert wh.due_for_check(STORY, T0 + timedelta(hours=1)) == [URL]
    later = T0 + timedelta(days=3)
    wh.record_fetch(
        run_id,
        STORY,
        URL,
        page=dataclasses.replace(page(article(), later), status=304),
        outcome="not_modified",
    )
    wh.record_fetch(run_id, STORY, URL, error=RobotsDisallowed("no"), outcome="skipped")  # no effect
    with wh.connect(read_only=True) as con:
        row = con.execute("SELECT last_seen, last_checked, next_check FROM articles").fetchone()
    assert row == (later, later, later + timedelta(days=1))
    assert wh.due_for_check(STORY, later + timedelta(hours=23)) == []


def test_a_body_that_failed_to_parse_is_not_unchanged(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    run_id = wh.start_run(STORY)
    good = page(article())
    wh.record_fetch(run_id, STORY, URL, page=good, outcome="ok")
    broken = page(article(title="Half a page"), etag='"v2"')
    wh.record_fetch(run_id, STORY, URL, page=broken, error=ValueError("no body"), outcome="error")
    assert wh.latest_content_hash(URL) == good.content_hash  # so the broken body is parsed again next run
    assert wh.conditional_headers(URL)[0] == '"v1"'  # and the server will resend it (its etag is "v2")


def test_ensure_story_is_idempotent_and_updates_title(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    wh.start_run(STORY)
    assert wh.ensure_story(STORY, "Earthquake: the aftermath", URL) is False
    assert wh.feed_meta_parts(STORY).title == "Earthquake: the aftermath"
    assert wh.ensure_story("other", "Other", "https://x.example/") is True
    assert wh.counts(STORY)["stories"] == 1 and wh.counts("other")["stories"] == 1


def test_warehouse_pickles_for_task_arguments(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    clone = pickle.loads(pickle.dumps(wh))
    assert clone.path == wh.path and clone.busy_timeout == wh.busy_timeout
