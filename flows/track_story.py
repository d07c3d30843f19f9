"""The ``track-story`` flow (baseline → discovery → fetch → parse → diff → load → publish) and its lighter
sibling ``recheck-articles`` (baseline and due articles only, no discovery).

The flow only wires tasks together and keeps the run's bookkeeping.  Fetches run concurrently (the
Fetcher enforces per-host politeness); loads run one article at a time, each in its own transaction, so a
failed article is logged, recorded and skipped without touching the others.  With no Prefect server
configured the flow runs in-process on Prefect's ephemeral API.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from prefect import flow, get_run_logger

from factdiff import (
    ENGINE_VERSION,
    DevelopmentIndex,
    StoryModel,
    development_key,
    diff_versions,
    extract_facts,
)
from factdiff.models import Diff, Fact
from feeds.models import FeedMeta
from flows import reporting
from flows.discovery import Frontier, rank_candidates
from flows.locking import warehouse_lock
from flows.tasks import diff_article, fetch_page, parse_page, publish_feed, save_article
from sources import (
    Fetcher,
    FileRobotsStore,
    candidates_from_links,
    canonical_url,
    parse_news_sitemap,
    parse_rss,
)
from sources.errors import DuplicatePage, FetchError, SourceError
from sources.models import Article, Candidate, Page
from storydiff.config import Config, Story, load_config
from storydiff.errors import RunError
from warehouse import StoredVersion, Warehouse

FRONTIER_TTL = timedelta(days=14)  # a candidate not offered again for this long is no longer news


@dataclass
class RunState:
    """What one run has done so far; turned into the run's stats, log lines and artifacts."""

    run_id: str
    outcomes: Counter[str] = field(default_factory=Counter)
    fetch_rows: list[dict[str, Any]] = field(default_factory=list)
    new_developments: list[dict[str, Any]] = field(default_factory=list)
    versions: int = 0
    facts: int = 0
    new_sources: int = 0

    def stats(self) -> dict[str, Any]:
        return {
            "outcomes": dict(self.outcomes),
            "new_versions": self.versions,
            "new_facts": self.facts,
            "new_developments": len(self.new_developments),
            "new_sources": self.new_sources,
        }


@flow(name="track-story", flow_run_name="track-{slug}", validate_parameters=True)
async def track_story(
    slug: str, config_path: str | None = None, lock_wait: float = 30.0, as_of: datetime | None = None
) -> dict[str, Any]:
    """Fetch the story's baseline and related coverage, diff it fact by fact, load it and publish the feed.

    ``lock_wait``: how long to wait for another run that holds the warehouse before failing with a message.
    ``as_of``: the time the run records as "seen at" (default: now) — for replays and reproducible tests.
    """
    config = load_config(config_path)
    story = config.story(slug)
    with warehouse_lock(config.storage.database, wait=lock_wait, owner=f"track-story {slug}"):
        return await _track(config, story, as_of)


@flow(name="recheck-articles", flow_run_name="recheck-{slug}", validate_parameters=True)
async def recheck_articles(
    slug: str, config_path: str | None = None, lock_wait: float = 300.0, as_of: datetime | None = None
) -> dict[str, Any]:
    """Re-check the baseline and the known articles that are due, without discovering new ones.

    Scheduled often (every 20 minutes by default): an article is due often in its first hours and rarely
    after weeks, so most runs make a handful of conditional requests.  A silently edited article becomes a
    new version; an edited baseline becomes developments of its own.
    """
    config = load_config(config_path)
    story = config.story(slug)
    with warehouse_lock(config.storage.database, wait=lock_wait, owner=f"recheck-articles {slug}"):
        return await _track(config, story, as_of, discover=False)


async def _track(
    config: Config, story: Story, as_of: datetime | None, *, discover: bool = True
) -> dict[str, Any]:
    logger = get_run_logger()
    warehouse = Warehouse(config.storage.database)
    warehouse.migrate()
    warehouse.ensure_story(story.slug, story.title, canonical_url(story.baseline))
    state = RunState(run_id=warehouse.start_run(story.slug))
    status = "failed"
    try:
        policy = config.policy_for(story)
        robots = FileRobotsStore(config.storage.database.parent / "robots-cache", ttl=policy.robots_ttl)
        async with Fetcher(policy, robots_store=robots) as fetcher:
            tracker = _Tracker(config, story, warehouse, fetcher, state, as_of)
            await tracker.run(discover=discover)
        # "partial": the run did its job, but some URLs failed (see the fetches table for which and why).
        status = "partial" if state.outcomes.get("error") else "completed"
    finally:
        warehouse.finish_run(state.run_id, status, state.stats())
    feed_files = publish_feed(
        warehouse,
        story.slug,
        feed_meta(config, story, warehouse),
        config.storage.feeds_dir,
        config.feed.page_size,
    )
    if config.storage.read_snapshot is not None:
        warehouse.snapshot(config.storage.read_snapshot)
    summary = {
        "story": story.slug,
        "run_id": state.run_id,
        **state.stats(),
        "database": str(config.storage.database),
        "feed": str(config.storage.feed_path(story.slug)),
        "feed_files": feed_files,
    }
    logger.info("run %s: %s", state.run_id, state.stats())
    await reporting.publish_artifacts(story.slug, state, config.storage.feed_path(story.slug))
    return summary


class _Tracker:
    """One run over one story; holds the state that the steps share."""

    def __init__(
        self,
        config: Config,
        story: Story,
        warehouse: Warehouse,
        fetcher: Fetcher,
        state: RunState,
        as_of: datetime | None = None,
    ):
        self.config = config
        self.story = story
        self.warehouse = warehouse
        self.fetcher = fetcher
        self.state = state
        self.logger = get_run_logger()
        self.model: StoryModel | None = None
        self.devs = DevelopmentIndex(warehouse.known_developments(story.slug))
        seen = as_of.astimezone(UTC) if as_of is not None and as_of.tzinfo else as_of
        self.seen_at = (seen.replace(tzinfo=UTC) if seen is not None else datetime.now(UTC)).replace(
            microsecond=0
        )
        self.minted: set[str] = set()  # development keys first seen in this run
        self.claimed: set[str] = set(warehouse.article_urls(story.slug))  # article URLs held or loaded

    async def run(self, *, discover: bool = True) -> None:
        """The baseline, then waves of candidates best-first; ``discover=False`` only re-checks what is due."""
        baseline_url = canonical_url(self.story.baseline)
        frontier = Frontier(
            budget=self.story.discovery.max_new_articles if discover else 0,
            max_depth=self.story.discovery.link_depth,
        )
        frontier.mark_seen(baseline_url)
        baseline = await self._process([baseline_url], is_baseline=True)
        self.model = self._story_model(baseline_url)
        # Known articles are re-checked on a schedule that thins out with age (a conditional GET each);
        # until an article is due, finding its link again costs nothing.
        due = set(self.warehouse.due_for_check(self.story.slug, self.seen_at))
        for known in self.warehouse.article_urls(self.story.slug):
            if known in due:
                frontier.mark_known(known)
                frontier.offer(Candidate(url=known, via="recheck"), depth=frontier.max_depth)
            else:
                frontier.mark_seen(known)
        if discover:
            # Candidates earlier runs had no budget for compete with today's.
            for candidate, depth in self.warehouse.frontier(
                self.story.slug, not_before=self.seen_at - FRONTIER_TTL
            ):
                frontier.offer(candidate, depth=depth)
            if baseline_url in baseline:
                self._queue_links(frontier, baseline[baseline_url], depth=1)
            for candidate in await self._discover_from_feeds():
                frontier.offer(candidate, depth=1)
        fetched: list[str] = []
        while True:
            wave = frontier.next_wave(rank_candidates(self.model, frontier.pending()))
            if not wave:
                break
            fetched += [c.url for c, _ in wave]
            articles = await self._process([c.url for c, _ in wave], is_baseline=False)
            for candidate, depth in wave:
                article = articles.get(candidate.url)
                if article is not None and depth < frontier.max_depth and self._on_story(article):
                    self._queue_links(frontier, article, depth=depth + 1)
        if discover:
            waiting = frontier.leftovers(rank_candidates(self.model, frontier.pending()))
            self.warehouse.drop_frontier(self.story.slug, fetched)
            self.warehouse.save_frontier(
                self.story.slug,
                [(r.candidate, r.depth, r.score) for r in waiting],
                self.seen_at,
                forget_before=self.seen_at - FRONTIER_TTL,
            )

    # -- steps -----------------------------------------------------------------------------------------

    async def _process(self, urls: list[str], *, is_baseline: bool) -> dict[str, Article]:
        """Fetch URLs concurrently, then parse, diff and load them one by one; return what was parsed."""
        validators = [self.warehouse.conditional_headers(u) for u in urls]
        results = await asyncio.gather(
            *(
                fetch_page(self.fetcher, u, etag=e, last_modified=lm)
                for u, (e, lm) in zip(urls, validators, strict=True)
            )
        )
        parsed: dict[str, Article] = {}
        for url, result in zip(urls, results, strict=True):
            article = self._load_one(url, result, is_baseline=is_baseline)
            if article is not None:
                parsed[url] = article
        return parsed

    def _load_one(self, url: str, result: Page | FetchError, *, is_baseline: bool) -> Article | None:
        if isinstance(result, FetchError):
            self._record(url, outcome="error", error=result)
            self.logger.warning("skipped %s: %s (%s)", url, result, result.kind)
            return None
        page = result
        if page.not_modified:
            self._record(url, outcome="not_modified", page=page)
            return None
        if page.content_hash is not None and page.content_hash == self.warehouse.latest_content_hash(url):
            self._record(url, outcome="unchanged", page=page)
            return None
        try:
            article = self._claim(parse_page(page, url), url, is_baseline=is_baseline)
        except DuplicatePage as exc:
            self._record(url, outcome="skipped", page=page, error=exc)
            self.logger.info("skipped %s: %s", url, exc)
            return None
        except SourceError as exc:
            self._record(url, outcome="error", page=page, error=exc)
            self.logger.warning("skipped %s: %s", url, exc)
            return None
        try:
            previous = self.warehouse.latest_version(article.url)
            diffs, keys = self._diffs(article, is_baseline=is_baseline, previous=previous)
            result_ = save_article(
                self.warehouse,
                self.story.slug,
                article,
                page,
                diffs,
                keys,
                is_baseline=is_baseline,
                engine_version=ENGINE_VERSION,
                tag_authority=self.config.feed.tag_authority,
                seen_at=self.seen_at,
            )
        except Exception as exc:  # one article's failure must never end the run
            self._record(url, outcome="error", page=page, error=exc)
            self.logger.warning("failed to load %s: %s: %s", url, type(exc).__name__, exc)
            return None
        self._record(url, outcome="ok" if result_.new_version else "unchanged", page=page)
        if result_.new_version:
            self.state.versions += 1
            self.state.facts += result_.facts
            self.state.new_sources += result_.new_sources
            for diff, key in zip(diffs, keys, strict=True):
                if key is not None and key in self.minted:
                    self.minted.discard(key)  # report each development once, at its first fact
                    self.state.new_developments.append(reporting.development_row(diff, article))
        return article

    def _claim(self, article: Article, url: str, *, is_baseline: bool) -> Article:
        """Decide the URL an article is stored under.

        A page's canonical link merges copies of one article under one URL, but a page must never become a
        version of a *different* article we already hold (a syndicated copy, a bad template, an impostor):
        that is a duplicate, skipped.  The baseline is always stored under the configured URL.
        """
        if is_baseline:
            article = replace(article, url=url)
        elif article.url != url and article.url in self.claimed:
            raise DuplicatePage(f"its canonical URL is {article.url}, an article already held", url=url)
        self.claimed.add(article.url)
        return article

    def _diffs(
        self, article: Article, *, is_baseline: bool, previous: StoredVersion | None = None
    ) -> tuple[list[Diff], list[str | None]]:
        carried: dict[str, str] = {}
        if is_baseline:
            diffs = baseline_diffs(article, previous)
        else:
            assert self.model is not None
            diffs = diff_article(self.model, article)
            if previous is not None:
                carried = self._carried_keys(article, previous)
        keys: list[str | None] = []
        by_sentence: dict[tuple[str, str], str] = {}
        for d in diffs:
            if not d.is_development:
                keys.append(None)
                continue
            # Clauses of one sentence with one label are one development: one entry, one evidence sentence.
            same = (d.fact.sentence, d.label)
            if same not in by_sentence:
                key = carried.get(d.fact.sentence)
                if key is not None:
                    self.devs.add(key, d.fact)
                by_sentence[same] = key if key is not None else self._development_key(d)
            keys.append(by_sentence[same])
        return diffs, keys

    def _carried_keys(self, article: Article, previous: StoredVersion) -> dict[str, str]:
        """New sentence -> development key, for sentences a new version rewords from ones that reported a
        development: the feed entry is corrected (same id, ``updated`` moves) instead of duplicated."""
        reported = self.warehouse.article_developments(self.story.slug, article.url)
        if not reported:
            return {}
        carried: dict[str, str] = {}
        for rev in diff_versions(previous.paragraphs, article.paragraphs, article.published_at):
            old = rev.baseline.sentence if rev.baseline is not None else None
            if old in reported and rev.fact.sentence != old:
                carried[rev.fact.sentence] = reported[old]
        return carried

    def _development_key(self, diff: Diff) -> str:
        """The development a new/changed fact reports: a known one (another outlet said it first) or a new key."""
        key = self.devs.match(diff.fact)
        if key is None:
            key = development_key(self.story.slug, diff.fact)
            self.minted.add(key)
        self.devs.add(key, diff.fact)
        return key

    def _story_model(self, baseline_url: str) -> StoryModel:
        stored = self.warehouse.latest_version(baseline_url)
        if stored is None:
            raise RunError(
                f"the baseline {baseline_url} has never been fetched successfully; see the fetches table "
                f"(run {self.state.run_id}) for why"
            )
        return StoryModel.from_article(
            stored.title, stored.paragraphs, stored.summary or "", stored.published_at
        )

    async def _discover_from_feeds(self) -> list[Candidate]:
        """Candidates from the story's RSS feeds and news sitemaps (conditional GET: unchanged feeds cost a 304)."""
        disc = self.story.discovery
        sources = [(u, parse_rss) for u in disc.rss] + [(u, parse_news_sitemap) for u in disc.sitemaps]
        if not sources:
            return []
        validators = [self.warehouse.conditional_headers(u) for u, _ in sources]
        results = await asyncio.gather(
            *(
                fetch_page(self.fetcher, u, etag=e, last_modified=lm, accept="xml")
                for (u, _), (e, lm) in zip(sources, validators, strict=True)
            )
        )
        found: list[Candidate] = []
        for (url, parser), result in zip(sources, results, strict=True):
            if isinstance(result, FetchError):
                self._record(url, outcome="error", error=result)
                self.logger.warning("discovery source %s failed: %s", url, result)
                continue
            if result.not_modified:
                self._record(url, outcome="not_modified", page=result)
                continue
            try:
                items = parser(result.text, url)
            except SourceError as exc:
                self._record(url, outcome="error", page=result, error=exc)
                self.logger.warning("discovery source %s unreadable: %s", url, exc)
                continue
            self._record(url, outcome="ok", page=result)
            found.extend(items)
        return found

    def _queue_links(self, frontier: Frontier, article: Article, depth: int) -> None:
        if self.story.discovery.follow_links:
            for candidate in candidates_from_links(article):
                frontier.offer(candidate, depth=depth)

    def _on_story(self, article: Article) -> bool:
        """Follow links only from articles the engine found to be about the story."""
        assert self.model is not None
        return self.model.is_relevant(article.title, article.paragraphs)

    def _record(
        self, url: str, *, outcome: str, page: Page | None = None, error: Exception | None = None
    ) -> None:
        self.state.outcomes[outcome] += 1
        self.state.fetch_rows.append(reporting.fetch_row(url, outcome, page, error))
        self.warehouse.record_fetch(
            self.state.run_id, self.story.slug, url, page=page, error=error, outcome=outcome
        )


def baseline_diffs(article: Article, previous: StoredVersion | None) -> list[Diff]:
    """The baseline restates itself; only what a silent edit changed since the stored version is a development.

    A removed sentence has no fact in the new version, so it is stored as an extra fact of this version that
    carries the removed sentence (label ``changed``, slot ``removed``, after = "").
    """
    facts: list[Fact] = extract_facts(article.paragraphs, article.published_at)
    diffs = [
        Diff(fact=f, label="restated", score=1.0, baseline=f, reason={"rule": "baseline"}) for f in facts
    ]
    if previous is None:
        return diffs
    revisions = diff_versions(previous.paragraphs, article.paragraphs, article.published_at)
    removed = [d for d in revisions if d.change is not None and d.change.slot == "removed"]
    revised = {d.fact.sentence: d for d in revisions if d not in removed}
    note = {"rule": "baseline revision", "previous_version": previous.version}
    out: list[Diff] = []
    for diff in diffs:
        rev = revised.pop(diff.fact.sentence, None)
        out.append(diff if rev is None else replace(rev, fact=diff.fact, reason={**rev.reason, **note}))
    for i, d in enumerate(removed):
        out.append(replace(d, fact=replace(d.fact, position=len(facts) + i), reason={**d.reason, **note}))
    return out


def feed_meta(config: Config, story: Story, warehouse: Warehouse) -> FeedMeta:
    base = config.feed.base_url.rstrip("/")
    baseline_url = canonical_url(story.baseline)
    stored = warehouse.latest_version(baseline_url)
    return FeedMeta(
        slug=story.slug,
        title=story.title,
        feed_id=f"tag:{config.feed.tag_authority},2025:{story.slug}",
        baseline_url=baseline_url,
        baseline_title=stored.title if stored is not None else story.title,
        self_url=f"{base}/{story.slug}.atom" if base else None,
        html_url=f"{base}/{story.slug}.html" if base else None,
        subtitle=f"What has changed since: {stored.title if stored is not None else story.title}",
        categories=(story.slug,),
    )
