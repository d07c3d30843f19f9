from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from factdiff.models import Change, Diff
from feeds.models import FeedEntry, SourceRef
from tests.warehouse.whfactories import (
    AUTH,
    BASE_SENTENCES,
    BASELINE_URL,
    OTHER_URL,
    RESCUE,
    STORY,
    T0,
    THIRD_URL,
    TOLL_CHANGED,
    article,
    diff,
    fact,
    new_warehouse,
    page,
    save_baseline,
    save_update,
    update_diffs,
)
from warehouse import Warehouse, article_id, entry_id

SEEN1 = T0 + timedelta(hours=21)
SEEN2 = T0 + timedelta(hours=30)
TOLL_ID = f"tag:{AUTH},2025:{STORY}/dev/toll"
RESCUE_ID = f"tag:{AUTH},2025:{STORY}/dev/rescue-teams"


def _entry_ids(wh: Warehouse) -> dict[str, str]:
    return {e.evidence: e.entry_id for e in wh.feed_entries(STORY)}


def test_development_created_once_with_minted_tag_id(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    result = save_update(wh, seen_at=SEEN1)
    assert (result.new_developments, result.new_sources) == (2, 0)
    assert _entry_ids(wh) == {TOLL_CHANGED: TOLL_ID, RESCUE: RESCUE_ID}
    assert entry_id(AUTH, STORY, "toll") == TOLL_ID
    assert save_update(wh, seen_at=SEEN1).new_developments == 0
    assert wh.counts(STORY)["developments"] == 2


def test_entry_id_survives_rerun_authority_change_and_rebuild(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    save_update(wh, seen_at=SEEN1)
    first = _entry_ids(wh)
    # a later run with a different tag authority must not re-mint the stored id
    save_update(wh, THIRD_URL, "www.example.com", seen_at=SEEN2, tag_authority="other.example")
    assert _entry_ids(wh) == first
    # a rebuild from the same inputs into a fresh file mints the very same ids
    rebuilt = new_warehouse(tmp_path, "rebuilt.duckdb")
    save_baseline(rebuilt)
    save_update(rebuilt, seen_at=SEEN1)
    save_update(rebuilt, THIRD_URL, "www.example.com", seen_at=SEEN2)
    assert _entry_ids(rebuilt) == first
    assert rebuilt.feed_entries(STORY) == wh.feed_entries(STORY)


def test_second_outlet_attaches_as_source_and_bumps_updated(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    save_update(wh, seen_at=SEEN1)
    result = save_update(wh, THIRD_URL, "www.example.com", seen_at=SEEN2)
    assert (result.new_developments, result.new_sources) == (0, 2)
    entries = {e.entry_id: e for e in wh.feed_entries(STORY)}
    toll = entries[TOLL_ID]
    assert toll == FeedEntry(
        entry_id=TOLL_ID,
        label="changed",
        evidence=TOLL_CHANGED,
        published=SEEN1,
        updated=SEEN2,
        sources=(
            SourceRef(OTHER_URL, "Quake toll rises", "CGTN", T0 + timedelta(hours=20), SEEN1),
            SourceRef(THIRD_URL, "Quake toll rises", "www.example.com", T0 + timedelta(hours=20), SEEN2),
        ),
        baseline_fact=BASE_SENTENCES[1],
        change_slot="number",
        before="12",
        after="30",
    )
    assert entries[RESCUE_ID].baseline_fact is None and len(entries[RESCUE_ID].sources) == 2
    with wh.connect(read_only=True) as con:
        counts = con.execute(
            "SELECT dev_key, source_count, outlet_count FROM v_developments ORDER BY dev_key"
        ).fetchall()
    assert counts == [("rescue-teams", 2, 2), ("toll", 2, 2)]


def test_revisited_source_does_not_bump_updated(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    save_update(wh, seen_at=SEEN1)
    # the same outlet's article, edited (new version) but still reporting the toll: not a new source
    result = save_update(wh, seen_at=SEEN2, extra=["Schools stayed closed."])
    assert (result.version, result.new_version) == (2, True)
    assert (result.new_sources, result.new_developments) == (0, 0)
    toll = next(e for e in wh.feed_entries(STORY) if e.entry_id == TOLL_ID)
    assert toll.updated == SEEN1 and len(toll.sources) == 1


def test_non_developments_and_missing_keys_make_no_development(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    art = article(OTHER_URL, [BASE_SENTENCES[0], RESCUE])
    diffs = [diff(fact(BASE_SENTENCES[0], 0), "restated"), diff(fact(RESCUE, 1), "new")]
    result = wh.save_article(
        STORY,
        art,
        page(art, SEEN1),
        diffs,
        ["restated-key", None],
        is_baseline=False,
        engine_version="t1",
        tag_authority=AUTH,
        seen_at=SEEN1,
    )
    assert (result.facts, result.new_developments) == (2, 0)
    assert wh.feed_entries(STORY) == []


def test_known_developments_rebuilds_first_facts(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    save_update(wh, seen_at=SEEN1)
    save_update(wh, THIRD_URL, "www.example.com", seen_at=SEEN2)
    diffs, keys = update_diffs()
    expected = {k: d.fact for d, k in zip(diffs, keys, strict=True) if k is not None}
    known = wh.known_developments(STORY)
    assert dict(known) == expected
    assert sorted(k for k, _ in known) == ["rescue-teams", "toll"]


def test_two_facts_of_one_article_with_the_same_key_count_once(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    art = article(OTHER_URL, ["The toll rose to 30.", "Thirty people are now known to have died."])
    change = Change("number", "12", "30")
    diffs: list[Diff] = [diff(fact(s, i), "changed", change=change) for i, s in enumerate(art.paragraphs)]
    result = wh.save_article(
        STORY,
        art,
        page(art, SEEN1),
        diffs,
        ["toll", "toll"],
        is_baseline=False,
        engine_version="t1",
        tag_authority=AUTH,
        seen_at=SEEN1,
    )
    assert (result.new_developments, result.new_sources) == (1, 0)
    (entry,) = wh.feed_entries(STORY)
    assert entry.evidence == "The toll rose to 30." and len(entry.sources) == 1


def test_feed_meta_parts(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    parts = wh.feed_meta_parts(STORY)
    assert (parts.title, parts.baseline_url, parts.baseline_title, parts.updated) == (
        "Earthquake in the region",
        BASELINE_URL,
        "Earthquake in the region",
        None,
    )
    save_baseline(wh)
    save_update(wh, seen_at=SEEN1)
    parts = wh.feed_meta_parts(STORY)
    assert parts.baseline_title == "Earthquake strikes the region" and parts.updated == SEEN1
    meta = parts.to_feed_meta(f"tag:{AUTH},2025:{STORY}", self_url="https://x/feed.atom")
    assert (meta.slug, meta.feed_id, meta.self_url) == (
        STORY,
        f"tag:{AUTH},2025:{STORY}",
        "https://x/feed.atom",
    )
    assert article_id(BASELINE_URL) != article_id(OTHER_URL)
