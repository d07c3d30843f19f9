"""End to end: the real flow, on a real Prefect API, against the recorded snapshot served over real HTTP,
into a real DuckDB file — then the same run again, which must add nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import feedparser
import pytest
import yaml

from flows.track_story import track_story
from storydiff.demo import write_replay_config

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_api")]

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "fixtures" / "snapshot"
SLUG = "us-russia-riyadh-2025"
CONTENT_TABLES = ("articles", "article_versions", "facts", "diffs", "developments", "development_sources")


def counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = (*CONTENT_TABLES, "fetches", "runs")
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # type: ignore[index]


def gold() -> dict[str, Any]:
    return yaml.safe_load((SNAPSHOT / "story.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tracked(snapshot_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the flow twice over the snapshot; keep what each run left behind."""
    out = tmp_path_factory.mktemp("e2e")
    cfg = write_replay_config(out, snapshot_url)
    feed = out / "feeds" / f"{SLUG}.atom"
    db = out / "storydiff.duckdb"
    first = asyncio.run(track_story(SLUG, str(cfg)))
    after_first = counts(db)
    feed_first = feed.read_bytes()
    second = asyncio.run(track_story(SLUG, str(cfg)))
    return {
        "first": first,
        "second": second,
        "db": db,
        "feed": feed,
        "feed_first": feed_first,
        "counts_first": after_first,
        "counts_second": counts(db),
    }


def test_first_run_loads_every_table(tracked: dict[str, Any]) -> None:
    c = tracked["counts_first"]
    story = gold()
    assert c["articles"] >= 1 + 8, c  # the baseline and at least eight follow-ups were found and loaded
    assert c["article_versions"] == c["articles"]
    assert c["facts"] > 50 and c["diffs"] >= c["facts"] - 60  # baseline facts are stored; later ones diffed
    assert c["developments"] >= 10
    assert c["development_sources"] >= c["developments"]
    assert c["runs"] == 1 and c["fetches"] >= c["articles"]
    with duckdb.connect(str(tracked["db"]), read_only=True) as con:
        assert con.execute("SELECT DISTINCT status FROM runs").fetchall() == [("completed",)]
    assert tracked["first"]["new_developments"] == c["developments"]
    assert len(story["articles"]) >= 9


def test_feed_has_an_entry_per_development_with_stable_ids(tracked: dict[str, Any]) -> None:
    parsed = feedparser.parse(tracked["feed_first"])
    assert not parsed.bozo, parsed.get("bozo_exception")
    entries = parsed.entries
    with duckdb.connect(str(tracked["db"]), read_only=True) as con:
        ids = {r[0] for r in con.execute("SELECT entry_id FROM developments").fetchall()}
    assert len(entries) == len(ids)
    assert {e.id for e in entries} == ids
    assert all(e.id.startswith("tag:") for e in entries)
    # Every entry links to the article that reported it, under its public URL.
    assert all(e.link.startswith("https://") for e in entries)
    follow_ups = {e.link for e in entries}
    assert len(follow_ups) >= 6


def test_no_development_comes_from_an_off_topic_article(tracked: dict[str, Any]) -> None:
    off_topic = [
        a["url"]
        for a in gold()["articles"]
        if all(item["label"] == "unrelated" for para in a["paragraphs"] for item in para)
    ]
    assert off_topic, "the snapshot must hold off-topic articles"
    with duckdb.connect(str(tracked["db"]), read_only=True) as con:
        urls = {r[0] for r in con.execute("SELECT DISTINCT url FROM development_sources").fetchall()}
        loaded = {r[0] for r in con.execute("SELECT url FROM articles").fetchall()}
    assert not urls & set(off_topic)
    assert loaded  # sanity: something was loaded


def test_second_run_adds_nothing_and_keeps_the_feed_bytes(tracked: dict[str, Any]) -> None:
    first, second = tracked["counts_first"], tracked["counts_second"]
    for table in CONTENT_TABLES:
        assert second[table] == first[table], table
    assert second["runs"] == first["runs"] + 1
    assert second["fetches"] > first["fetches"]  # the fetch log may grow
    assert tracked["feed"].read_bytes() == tracked["feed_first"]
    outcomes = tracked["second"]["outcomes"]
    assert set(outcomes) <= {"not_modified", "unchanged"}, outcomes
    assert tracked["second"]["new_developments"] == 0


def test_recheck_asks_only_for_articles_that_are_due(snapshot_url: str, tmp_path: Path) -> None:
    """recheck-articles discovers nothing; it re-asks (conditionally) for the known articles that are due."""
    from flows.track_story import recheck_articles

    cfg = write_replay_config(tmp_path, snapshot_url)
    now = datetime.now(UTC).replace(microsecond=0)
    asyncio.run(track_story(SLUG, str(cfg), as_of=now))
    known = counts(tmp_path / "storydiff.duckdb")["articles"]
    soon = asyncio.run(recheck_articles(SLUG, str(cfg), as_of=now + timedelta(minutes=5)))
    assert soon["outcomes"] == {"not_modified": 1}  # only the baseline: nothing else is due yet
    # Weeks later every article is due (the snapshot's articles are old: weekly checks).
    later = asyncio.run(recheck_articles(SLUG, str(cfg), as_of=now + timedelta(days=8)))
    assert later["outcomes"] == {"not_modified": known}
    assert counts(tmp_path / "storydiff.duckdb")["articles"] == known  # nothing new was discovered


def test_the_demo_command_replays_the_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's main command, as a user runs it: serve the bundled snapshot, run the flow, say where."""
    from storydiff.cli import main

    assert main(["demo", "--out", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    feed = tmp_path / "demo" / "feeds" / f"{SLUG}.atom"
    assert f"feed:             {feed}" in out and "warehouse:" in out and "storydiff sql" in out
    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo and len(parsed.entries) >= 10
    assert (tmp_path / "demo" / "storydiff-read.duckdb").exists()  # the analysts' read-only copy


def test_candidates_over_budget_wait_for_the_next_run(snapshot_url: str, tmp_path: Path) -> None:
    """A run with a small budget keeps the rest in the frontier; the next run fetches them even though every
    feed and page it already knows answers 304."""
    cfg = write_replay_config(tmp_path, snapshot_url, max_new_articles=4)
    db = tmp_path / "storydiff.duckdb"
    first = asyncio.run(track_story(SLUG, str(cfg)))
    assert first["new_versions"] == 1 + 4  # the baseline and the four best candidates
    with duckdb.connect(str(db), read_only=True) as con:
        waiting = con.execute("SELECT count(*) FROM frontier").fetchone()[0]  # type: ignore[index]
    assert waiting > 0
    second = asyncio.run(track_story(SLUG, str(cfg)))
    assert second["outcomes"].get("ok") == 4  # four more, all from the frontier
    assert counts(db)["articles"] == 1 + 8
