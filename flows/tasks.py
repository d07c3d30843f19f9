"""Thin Prefect tasks around the pure work of the other packages.

Each task does one step the Prefect UI should show by name ("fetch news.cgtn.com/…", "parse …"); the
logic lives in sources/, factdiff/, warehouse/ and feeds/ so it can be tested without Prefect.  Arguments
include live objects (the Fetcher, the story model), so every task opts out of input hashing and result
persistence (``NO_CACHE``); retries live inside the Fetcher, which knows which failures are worth retrying.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import task_run

import feeds
from factdiff import StoryModel
from factdiff.models import Diff
from feeds.models import FeedMeta
from sources import Fetcher, parse_article
from sources.errors import FetchError
from sources.models import Article, Page
from warehouse import SaveResult, Warehouse


def short_url(url: str, width: int = 60) -> str:
    """host/path, shortened in the middle: task names must fit the UI."""
    parts = urlsplit(url)
    text = f"{parts.hostname or ''}{parts.path}"
    return text if len(text) <= width else f"{text[: width // 2 - 1]}…{text[-(width // 2) :]}"


def _named(verb: str) -> str:
    params = task_run.parameters
    url = params.get("url") or getattr(params.get("article"), "url", "") or ""
    return f"{verb} {short_url(str(url))}"


def _fetch_name() -> str:
    return _named("fetch")


def _parse_name() -> str:
    return _named("parse")


def _diff_name() -> str:
    return _named("diff")


def _save_name() -> str:
    return _named("load")


@task(task_run_name=_fetch_name, cache_policy=NO_CACHE, persist_result=False)
async def fetch_page(
    fetcher: Fetcher,
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = "html",
) -> Page | FetchError:
    """Fetch one URL; a failure is returned, not raised, so one bad URL never fails the run."""
    try:
        return await fetcher.fetch(url, etag=etag, last_modified=last_modified, accept=accept)
    except FetchError as exc:
        return exc


@task(task_run_name=_parse_name, cache_policy=NO_CACHE, persist_result=False)
def parse_page(page: Page, url: str) -> Article:
    return parse_article(page.text, page.final_url or url)


@task(task_run_name=_diff_name, cache_policy=NO_CACHE, persist_result=False)
def diff_article(model: StoryModel, article: Article) -> list[Diff]:
    return model.diff(article.title, article.paragraphs, article.summary or "", article.published_at)


@task(task_run_name=_save_name, cache_policy=NO_CACHE, persist_result=False)
def save_article(
    warehouse: Warehouse,
    story: str,
    article: Article,
    page: Page,
    diffs: list[Diff],
    dev_keys: list[str | None],
    *,
    is_baseline: bool,
    engine_version: str,
    tag_authority: str,
    seen_at: datetime,
) -> SaveResult:
    """Load one article in its own transaction: a failure here rolls back this article only."""
    return warehouse.save_article(
        story,
        article,
        page,
        diffs,
        dev_keys,
        is_baseline=is_baseline,
        engine_version=engine_version,
        tag_authority=tag_authority,
        seen_at=seen_at,
    )


@task(name="publish feed", cache_policy=NO_CACHE, persist_result=False, retries=1, retry_delay_seconds=1)
def publish_feed(
    warehouse: Warehouse, story: str, meta: FeedMeta, out_dir: Path, page_size: int
) -> list[str]:
    """Render the story's Atom feed (with archives) and timeline page; files are replaced atomically."""
    entries = warehouse.feed_entries(story)
    written = feeds.publish_feed(meta, entries, out_dir, page_size=page_size)
    return [str(p) for p in written]
