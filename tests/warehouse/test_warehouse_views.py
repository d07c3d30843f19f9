"""The analyst views, queried the way an analyst would: on a published snapshot, with plain duckdb."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from sources.errors import TimeoutError_
from tests.warehouse.whfactories import (
    BASELINE_URL,
    OTHER_URL,
    RESCUE,
    STORY,
    T0,
    THIRD_URL,
    TOLL_CHANGED,
    Clock,
    article,
    new_warehouse,
    page,
    save_baseline,
    save_update,
)
from warehouse import Warehouse

SEEN1 = T0 + timedelta(hours=21)
SEEN2 = T0 + timedelta(hours=30)


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """Baseline, a CGTN update (changed toll + new rescue), a second outlet, a CGTN revision, two runs.

    Built once for the module; tests only read it (and publish snapshots of it).
    """
    clock = Clock()
    wh = new_warehouse(tmp_path_factory.mktemp("views"), clock=clock)
    run1 = wh.start_run(STORY)
    wh.record_fetch(run1, STORY, BASELINE_URL, page=page(article()), outcome="ok")
    save_baseline(wh)
    clock.tick(minutes=1)
    wh.finish_run(run1, "completed", {"articles": 1})
    clock.now = SEEN1
    run2 = wh.start_run(STORY)
    not_modified = dataclasses.replace(page(article(), SEEN1), status=304, content_hash=None)
    wh.record_fetch(run2, STORY, BASELINE_URL, page=not_modified, outcome="not_modified")
    wh.record_fetch(run2, STORY, OTHER_URL, page=page(article(OTHER_URL), SEEN1), outcome="ok")
    wh.record_fetch(run2, STORY, THIRD_URL, error=TimeoutError_("slow", attempts=3), outcome="error")
    save_update(wh, seen_at=SEEN1)
    clock.tick(minutes=1)
    wh.finish_run(run2, "partial", {})
    save_update(wh, THIRD_URL, "www.example.com", seen_at=SEEN2)
    save_update(wh, seen_at=SEEN2 + timedelta(hours=1), extra=["Schools stayed closed."])  # CGTN revises
    return wh


def _snapshot_query(wh: Warehouse, tmp_path: Path, sql: str) -> list[tuple]:
    snap = wh.snapshot(tmp_path / "published" / "storydiff_read.duckdb")
    con = duckdb.connect(str(snap), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_v_developments(populated: Warehouse, tmp_path: Path) -> None:
    got = _snapshot_query(
        populated,
        tmp_path,
        """
        SELECT dev_key, label, evidence, before, after, source_count, outlet_count, outlets, first_url,
               first_seen, last_seen, updated
        FROM v_developments WHERE story = 'quake' ORDER BY dev_key""",
    )
    assert got == [
        (
            "rescue-teams",
            "new",
            RESCUE,
            None,
            None,
            2,
            2,
            ["CGTN", "www.example.com"],
            OTHER_URL,
            SEEN1,
            SEEN2,
            SEEN2,
        ),
        (
            "toll",
            "changed",
            TOLL_CHANGED,
            "12",
            "30",
            2,
            2,
            ["CGTN", "www.example.com"],
            OTHER_URL,
            SEEN1,
            SEEN2,
            SEEN2,
        ),
    ]


def test_v_story_timeline(populated: Warehouse, tmp_path: Path) -> None:
    sql = "SELECT occurred_at, event, url, dev_key FROM v_story_timeline WHERE story = 'quake'"
    got = _snapshot_query(populated, tmp_path, sql)
    published = T0 + timedelta(hours=20)
    assert got == [
        (T0, "baseline_published", BASELINE_URL, None),
        (T0, "article_first_seen", BASELINE_URL, None),
        (published, "article_published", OTHER_URL, None),
        (published, "article_published", THIRD_URL, None),
        (SEEN1, "article_first_seen", OTHER_URL, None),
        (SEEN1, "development", OTHER_URL, "rescue-teams"),
        (SEEN1, "development", OTHER_URL, "toll"),
        (SEEN2, "article_first_seen", THIRD_URL, None),
        (SEEN2, "development_corroborated", THIRD_URL, "rescue-teams"),
        (SEEN2, "development_corroborated", THIRD_URL, "toll"),
        (SEEN2 + timedelta(hours=1), "article_revised", OTHER_URL, None),
    ]


def test_v_fetch_outcomes(populated: Warehouse, tmp_path: Path) -> None:
    got = _snapshot_query(
        populated,
        tmp_path,
        """
        SELECT run_status, fetches, ok, not_modified, unchanged, errors, skipped, attempts, error_kinds
        FROM v_fetch_outcomes ORDER BY started_at""",
    )
    assert got == [
        ("completed", 1, 1, 0, 0, 0, 0, 1, []),
        ("partial", 3, 1, 1, 0, 1, 0, 5, ["timeout"]),
    ]


def test_views_are_documented(populated: Warehouse, tmp_path: Path) -> None:
    sql = "SELECT view_name, comment FROM duckdb_views() WHERE view_name LIKE 'v\\_%' ESCAPE '\\'"
    got = _snapshot_query(populated, tmp_path, sql)
    comments = dict(got)
    assert set(comments) == {"v_developments", "v_story_timeline", "v_fetch_outcomes"}
    assert all(comments.values())
    readme = (Path(__file__).parents[2] / "warehouse" / "README.md").read_text()
    assert all(name in readme for name in comments)


@pytest.mark.parametrize("method", ["copy_database", "file"])
def test_snapshot_is_a_complete_readonly_copy(populated: Warehouse, tmp_path: Path, method: str) -> None:
    dest = tmp_path / "pub" / "read.duckdb"
    dest.parent.mkdir()
    dest.write_text("an older snapshot")  # replaced atomically
    assert populated.snapshot(dest, method=method) == dest  # type: ignore[arg-type]
    assert sorted(p.name for p in dest.parent.iterdir()) == ["read.duckdb"]  # no temp or WAL left over
    copy = Warehouse(dest)
    assert copy.counts(STORY) == populated.counts(STORY)
    assert copy.feed_entries(STORY) == populated.feed_entries(STORY)
    assert copy.migrate() > 0  # a valid warehouse at the current version
    # the live file is unlocked and writable again after publishing
    with populated.connect() as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (2,)


def test_frontier_keeps_the_best_description_and_forgets_old_news(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from sources.models import Candidate
    from warehouse import Warehouse

    wh = Warehouse(tmp_path / "f.duckdb")
    wh.migrate()
    wh.ensure_story("s", "A story", "https://news.cgtn.com/a/p.html")
    t0 = datetime(2025, 3, 1, tzinfo=UTC)
    a = Candidate(url="https://news.cgtn.com/b/p.html", title="Talks in Istanbul", via="rss")
    b = Candidate(url="https://news.cgtn.com/c/p.html", title="", via="sitemap")
    assert wh.save_frontier("s", [(a, 1, 0.9), (b, 2, 0.2)], t0) == 2
    # offered again: shallower depth and a title win; the better score is kept
    wh.save_frontier("s", [(Candidate(url=b.url, title="Black Sea deal", via="link"), 1, 0.1)], t0)
    waiting = wh.frontier("s")
    assert [(c.url, c.title, d) for c, d in waiting] == [(a.url, a.title, 1), (b.url, "Black Sea deal", 1)]
    wh.drop_frontier("s", [a.url])
    assert [c.url for c, _ in wh.frontier("s")] == [b.url]
    # two weeks on, a run that does not offer it again forgets it
    wh.save_frontier("s", [], t0 + timedelta(days=15), forget_before=t0 + timedelta(days=1))
    assert wh.frontier("s") == []
