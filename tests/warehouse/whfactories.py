"""Builders for warehouse tests: real seam dataclasses, a fixed clock, a migrated warehouse in tmp_path."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from factdiff.models import Change, Diff, Fact, Label, Quantity
from sources.models import Article, Page
from warehouse import SaveResult, Warehouse

T0 = datetime(2025, 3, 1, 6, 0, tzinfo=UTC)
STORY = "quake"
AUTH = "storydiff.example.org"
BASELINE_URL = "https://news.cgtn.com/news/2025-03-01/quake-baseline/index.html"
OTHER_URL = "https://news.cgtn.com/news/2025-03-01/quake-update/index.html"
THIRD_URL = "https://www.example.com/world/quake-rescue"

BASE_SENTENCES = (
    "A magnitude 6.1 earthquake struck the region on Saturday.",
    "At least 12 people were killed, officials said.",
)


class Clock:
    """A settable clock so run timestamps are deterministic."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **kw: float) -> datetime:
        self.now += timedelta(**kw)
        return self.now


def new_warehouse(tmp_path: Path, name: str = "wh.duckdb", *, clock: Clock | None = None) -> Warehouse:
    wh = Warehouse(tmp_path / name, busy_timeout=2.0, clock=clock or Clock())
    wh.migrate()
    wh.ensure_story(STORY, "Earthquake in the region", BASELINE_URL)
    return wh


def article(
    url: str = BASELINE_URL,
    paragraphs: Sequence[str] = BASE_SENTENCES,
    *,
    title: str = "Earthquake strikes the region",
    publisher: str = "cgtn",
    published_at: datetime | None = T0,
) -> Article:
    return Article(
        url=url,
        publisher=publisher,
        title=title,
        paragraphs=tuple(paragraphs),
        publisher_id="abc123def45",
        section="World",
        author="Staff",
        published_at=published_at,
    )


def page(art: Article, fetched_at: datetime = T0, *, etag: str | None = '"v1"') -> Page:
    body = (art.title + "\n" + art.body).encode()
    return Page(
        url=art.url,
        final_url=art.url,
        status=200,
        text=body.decode(),
        content_type="text/html",
        encoding="utf-8",
        etag=etag,
        last_modified="Sat, 01 Mar 2025 06:00:00 GMT",
        content_hash=hashlib.sha256(body).hexdigest(),
        size=len(body),
        fetched_at=fetched_at,
    )


def fact(text: str, position: int, paragraph: int | None = None, **kw: Any) -> Fact:
    return Fact(
        text=text,
        sentence=text,
        paragraph=position if paragraph is None else paragraph,
        position=position,
        **kw,
    )


def baseline_facts() -> list[Fact]:
    return [
        fact(
            BASE_SENTENCES[0],
            0,
            places=("the region",),
            dates=("2025-03-01",),
            quantities=(Quantity(6.1, "magnitude", "magnitude 6.1"),),
        ),
        fact(
            BASE_SENTENCES[1],
            1,
            quantities=(Quantity(12, "", "At least 12", approx=True),),
            speaker="officials",
        ),
    ]


def diff(
    f: Fact, label: Label, *, baseline: Fact | None = None, change: Change | None = None, score: float = 0.5
) -> Diff:
    return Diff(
        fact=f,
        label=label,
        score=score,
        baseline=baseline,
        change=change,
        reason={"rule": "test", "terms": ("quake",)},
    )


def save_baseline(wh: Warehouse, seen_at: datetime = T0) -> SaveResult:
    art = article()
    return wh.save_article(
        STORY,
        art,
        page(art, seen_at),
        [],
        [],
        is_baseline=True,
        engine_version="t1",
        tag_authority=AUTH,
        seen_at=seen_at,
        facts=baseline_facts(),
    )


TOLL_CHANGED = "At least 30 people were killed, officials said."
RESCUE = "Rescue teams from three countries arrived on Sunday."


def update_article(url: str = OTHER_URL, publisher: str = "cgtn", extra: Sequence[str] = ()) -> Article:
    return article(
        url,
        [BASE_SENTENCES[0], TOLL_CHANGED, RESCUE, *extra],
        title="Quake toll rises",
        publisher=publisher,
        published_at=T0 + timedelta(hours=20),
    )


def update_diffs(extra: Sequence[str] = ()) -> tuple[list[Diff], list[str | None]]:
    """Diffs of ``update_article``: restated, changed (toll), new (rescue), then unrelated extras."""
    base = baseline_facts()
    diffs = [
        diff(fact(BASE_SENTENCES[0], 0), "restated", baseline=base[0], score=0.98),
        diff(
            fact(TOLL_CHANGED, 1, quantities=(Quantity(30, "", "At least 30", approx=True),)),
            "changed",
            baseline=base[1],
            change=Change("number", "12", "30"),
            score=0.81,
        ),
        diff(fact(RESCUE, 2, places=("Sunday",)), "new", score=0.2),
    ]
    keys: list[str | None] = [None, "toll", "rescue-teams"]
    for i, text in enumerate(extra, start=3):
        diffs.append(diff(fact(text, i), "unrelated", score=0.01))
        keys.append(None)
    return diffs, keys


def save_update(
    wh: Warehouse,
    url: str = OTHER_URL,
    publisher: str = "cgtn",
    *,
    seen_at: datetime,
    extra: Sequence[str] = (),
    tag_authority: str = AUTH,
) -> SaveResult:
    art = update_article(url, publisher, extra)
    diffs, keys = update_diffs(extra)
    return wh.save_article(
        STORY,
        art,
        page(art, seen_at),
        diffs,
        keys,
        is_baseline=False,
        engine_version="t1",
        tag_authority=tag_authority,
        seen_at=seen_at,
    )
