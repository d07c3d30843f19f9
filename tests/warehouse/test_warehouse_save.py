from __future__ import annotations

import dataclasses
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

import warehouse
import warehouse.store as store_mod
from factdiff.models import Diff
from tests.warehouse.whfactories import (
    AUTH,
    BASE_SENTENCES,
    RESCUE,
    STORY,
    T0,
    article,
    baseline_facts,
    diff,
    fact,
    new_warehouse,
    page,
    save_baseline,
    save_update,
    update_article,
    update_diffs,
)
from warehouse import IntegrityError, SaveResult, Warehouse, WarehouseError, article_id, content_hash, fact_id


def _query(wh: Warehouse, sql: str, params: list[object] | None = None) -> list[tuple]:
    with wh.connect(read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_baseline_save_stores_article_version_and_facts(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    result = save_baseline(wh)
    aid = article_id(article().url)
    assert result == SaveResult(aid, 1, True, 2, 0, 0)
    assert tuple(wh.latest_version(article().url) or ()) == (1, BASE_SENTENCES)
    assert wh.baseline_facts(STORY) == baseline_facts()  # Quantity, tuples and speaker round-trip
    row = _query(
        wh,
        "SELECT content_hash, body, is_baseline, published_at, first_seen, next_check FROM "
        "article_versions JOIN articles USING (article_id)",
    )[0]
    assert row[0] == content_hash(article().title, BASE_SENTENCES)
    assert row[1] == "\n\n".join(BASE_SENTENCES)
    assert row[2] is True
    assert row[3] == T0 and row[4] == T0
    assert row[5] == T0 + timedelta(hours=1)  # brand-new article: hourly re-check
    ids = [r[0] for r in _query(wh, "SELECT fact_id FROM facts ORDER BY position")]
    assert ids == [fact_id(aid, 1, i, s) for i, s in enumerate(BASE_SENTENCES)]


def test_same_article_twice_writes_nothing_new(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    first = save_update(wh, seen_at=T0 + timedelta(hours=21))
    before = wh.counts(STORY)
    snapshot = _query(wh, "SELECT * FROM articles ORDER BY article_id")
    again = save_update(wh, seen_at=T0 + timedelta(hours=21))
    assert again == SaveResult(first.article_id, 1, False, 0, 0, 0)
    assert wh.counts(STORY) == before
    assert _query(wh, "SELECT * FROM articles ORDER BY article_id") == snapshot


def test_unchanged_body_is_not_a_new_version_but_refreshes_last_seen(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    later = T0 + timedelta(hours=3)
    result = save_baseline(wh, seen_at=later)
    assert (result.version, result.new_version) == (1, False)
    assert wh.counts(STORY)["article_versions"] == 1
    assert _query(wh, "SELECT first_seen, last_seen, last_checked FROM articles") == [(T0, later, later)]


def test_changed_body_is_version_two(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    revised = article(paragraphs=[*BASE_SENTENCES, "Aftershocks continued overnight."])
    facts = [*baseline_facts(), fact("Aftershocks continued overnight.", 2)]
    seen = T0 + timedelta(hours=2)
    result = wh.save_article(
        STORY,
        revised,
        page(revised, seen),
        [],
        [],
        is_baseline=True,
        engine_version="t1",
        tag_authority=AUTH,
        seen_at=seen,
        facts=facts,
    )
    assert (result.version, result.new_version, result.facts) == (2, True, 3)
    assert tuple(wh.latest_version(revised.url) or ()) == (2, tuple(revised.paragraphs))
    assert len(wh.baseline_facts(STORY)) == 3  # the newest version's facts only
    assert wh.counts(STORY)["facts"] == 5
    # a headline edit alone is a change readers see: new version too
    retitled = article(paragraphs=revised.paragraphs, title="Aftershocks follow earthquake")
    assert (
        wh.save_article(
            STORY,
            retitled,
            page(retitled, seen),
            [],
            [],
            is_baseline=True,
            engine_version="t1",
            tag_authority=AUTH,
            seen_at=seen,
            facts=facts,
        ).version
        == 3
    )


def test_diffs_are_stored_with_baseline_links(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    save_update(wh, seen_at=T0 + timedelta(hours=21), extra=["Markets were calm."])
    got = _query(
        wh,
        """
        SELECT d.label, d.baseline_sentence, b.text, d.change_slot, d.change_before, d.change_after,
               d.reason, d.engine_version, d.score
        FROM diffs d JOIN facts f USING (fact_id) LEFT JOIN facts b ON b.fact_id = d.baseline_fact_id
        ORDER BY f.position""",
    )
    assert [g[0] for g in got] == ["restated", "changed", "new", "unrelated"]
    assert got[1][1:6] == (BASE_SENTENCES[1], BASE_SENTENCES[1], "number", "12", "30")
    assert got[2][1:3] == (None, None)
    assert json.loads(got[1][6]) == {"rule": "test", "terms": ["quake"]}
    assert got[1][7] == "t1" and got[1][8] == pytest.approx(0.81)


def test_dev_keys_must_parallel_diffs(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    art = update_article()
    diffs, _ = update_diffs()
    with pytest.raises(ValueError, match="parallel"):
        wh.save_article(
            STORY,
            art,
            page(art),
            diffs,
            [None],
            is_baseline=False,
            engine_version="t1",
            tag_authority=AUTH,
            seen_at=T0,
        )


def test_unknown_story_is_refused(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    art = article()
    with pytest.raises(WarehouseError, match="ensure_story"):
        wh.save_article(
            "nope",
            art,
            page(art),
            [],
            [],
            is_baseline=True,
            engine_version="t1",
            tag_authority=AUTH,
            seen_at=T0,
        )


@pytest.mark.parametrize(
    "bad",
    [
        Diff(fact=fact(RESCUE, 0), label="new", score=float("nan")),  # CHECK isfinite(score)
        Diff(fact=fact("", 0), label="new", score=0.1),  # CHECK text <> ''
    ],
    ids=["nan-score", "empty-fact"],
)
def test_constraint_violation_rolls_back_only_that_article(tmp_path: Path, bad: Diff) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    before = wh.counts(STORY)
    art = update_article()
    with pytest.raises(IntegrityError):
        wh.save_article(
            STORY,
            art,
            page(art),
            [bad],
            ["k"],
            is_baseline=False,
            engine_version="t1",
            tag_authority=AUTH,
            seen_at=T0 + timedelta(hours=1),
        )
    assert wh.counts(STORY) == before  # no article row, version, fact, diff or development
    assert wh.latest_version(art.url) is None
    assert tuple(wh.latest_version(article().url) or ()) == (1, BASE_SENTENCES)
    # the same article saves fine once the input is sane: nothing half-written is in the way
    ok = save_update(wh, seen_at=T0 + timedelta(hours=1))
    assert (ok.version, ok.new_developments) == (1, 2)


def test_exception_mid_transaction_leaves_nothing_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    before = wh.counts(STORY)

    def boom(*args: object, **kwargs: object) -> tuple[int, int]:
        raise RuntimeError("injected after facts and diffs were inserted")

    monkeypatch.setattr(Warehouse, "_record_developments", staticmethod(boom))
    with pytest.raises(RuntimeError, match="injected"):
        save_update(wh, seen_at=T0 + timedelta(hours=1))
    assert wh.counts(STORY) == before
    monkeypatch.undo()
    assert save_update(wh, seen_at=T0 + timedelta(hours=1)).new_version is True


def test_facts_at_one_position_must_agree(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    art = article()
    with pytest.raises(ValueError, match="position 0"):
        wh.save_article(
            STORY,
            art,
            page(art),
            [diff(fact("x", 0), "new")],
            [None],
            is_baseline=False,
            engine_version="t1",
            tag_authority=AUTH,
            seen_at=T0,
            facts=[fact("y", 0)],
        )


def test_metadata_is_refreshed_without_erasing(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    save_baseline(wh)
    bare = article(paragraphs=[BASE_SENTENCES[0]], published_at=None)
    bare = type(bare)(url=bare.url, publisher="cgtn", title="New headline", paragraphs=bare.paragraphs)
    wh.save_article(
        STORY,
        bare,
        page(bare, T0 + timedelta(hours=1)),
        [],
        [],
        is_baseline=False,
        engine_version="t1",
        tag_authority=AUTH,
        seen_at=T0 + timedelta(hours=1),
    )
    row = _query(wh, "SELECT title, author, section, published_at, is_baseline FROM articles")[0]
    assert row == ("New headline", "Staff", "World", T0, True)


def test_only_db_module_imports_duckdb() -> None:
    package = Path(store_mod.__file__).parent
    pattern = re.compile(r"^\s*(import duckdb|from duckdb)", re.MULTILINE)
    importers = sorted(p.name for p in package.glob("*.py") if pattern.search(p.read_text()))
    assert importers == ["db.py"]


def test_stored_version_carries_what_the_story_model_needs(tmp_path: Path) -> None:
    wh = new_warehouse(tmp_path)
    assert wh.latest_version(article().url) is None
    art = dataclasses.replace(article(), summary="A strong quake hit the region.")
    wh.save_article(
        STORY,
        art,
        page(art),
        [],
        [],
        is_baseline=True,
        engine_version="t1",
        tag_authority=AUTH,
        seen_at=T0,
        facts=baseline_facts(),
    )
    stored = wh.latest_version(art.url)
    assert stored is not None
    version, paragraphs = stored
    assert (version, paragraphs) == (1, BASE_SENTENCES)
    assert (stored.title, stored.summary, stored.published_at) == (art.title, art.summary, T0)
    assert wh.article_urls(STORY) == [art.url]
    assert wh.article_urls("other") == []


def test_public_api_is_pinned() -> None:
    assert set(warehouse.__all__) == {
        "FETCH_OUTCOMES",
        "RUN_STATUSES",
        "FeedMetaParts",
        "IntegrityError",
        "SaveResult",
        "SchemaError",
        "SchemaTooNew",
        "StoredVersion",
        "Warehouse",
        "WarehouseBusy",
        "WarehouseError",
        "article_id",
        "code_version",
        "content_hash",
        "entry_id",
        "fact_id",
        "next_check_at",
        "outlet_name",
        "recheck_interval",
    }
    assert all(hasattr(warehouse, name) for name in warehouse.__all__)
