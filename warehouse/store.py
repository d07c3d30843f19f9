"""The Warehouse: every read and write storydiff makes to its DuckDB file.

No connection outlives a method call (see ``warehouse.db``); each write method is one transaction, so a
failure rolls back exactly that call: one run row, one fetch row, or one article with its version, facts,
diffs and developments.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from factdiff.models import DEVELOPMENT_LABELS, Diff, Fact, Quantity
from feeds.models import FeedEntry, FeedMeta, SourceRef
from sources.models import Article, Candidate, Page
from warehouse import db, ids
from warehouse.db import Connection, rows, transaction
from warehouse.errors import SchemaError, WarehouseError
from warehouse.migrate import apply_migrations, check_not_newer, code_version, current_version
from warehouse.schedule import as_utc, next_check_at

# final run states; a run is 'running' from start_run until finish_run
RUN_STATUSES: tuple[str, ...] = ("completed", "partial", "failed", "cancelled")
FETCH_OUTCOMES: tuple[str, ...] = ("ok", "not_modified", "unchanged", "error", "skipped")
_SUCCESS = ("ok", "not_modified", "unchanged")
_OUTLETS = {"cgtn": "CGTN"}  # display names for publishers the parsers know; others show their host name

TABLES: tuple[str, ...] = (
    "stories",
    "runs",
    "fetches",
    "articles",
    "article_versions",
    "facts",
    "diffs",
    "developments",
    "development_sources",
    "frontier",
)


@dataclasses.dataclass(frozen=True)
class SaveResult:
    """What ``save_article`` did. ``new_sources`` counts sources attached to developments that already
    existed (the article that creates a development is its first source and is not counted again)."""

    article_id: str
    version: int
    new_version: bool
    facts: int
    new_developments: int
    new_sources: int


@dataclasses.dataclass(frozen=True)
class StoredVersion:
    """The newest stored version of an article: enough to rebuild the story model without re-fetching.

    Unpacks as ``(version, paragraphs)``.
    """

    version: int
    paragraphs: tuple[str, ...]
    title: str
    summary: str | None
    published_at: datetime | None
    content_hash: str
    fetched_at: datetime

    def __iter__(self) -> Iterator[Any]:
        return iter((self.version, self.paragraphs))


@dataclasses.dataclass(frozen=True)
class FeedMetaParts:
    """What the feed needs to know about a story, read from the warehouse; ``updated`` is the latest
    development ``updated`` (None before the first development), so the feed's own date is deterministic."""

    slug: str
    title: str
    baseline_url: str
    baseline_title: str
    created_at: datetime
    updated: datetime | None

    def to_feed_meta(self, feed_id: str, **extra: Any) -> FeedMeta:
        """Build the ``FeedMeta``; ``extra`` passes self_url, html_url, subtitle … through."""
        return FeedMeta(
            slug=self.slug,
            title=self.title,
            feed_id=feed_id,
            baseline_url=self.baseline_url,
            baseline_title=self.baseline_title,
            **extra,
        )


def outlet_name(publisher: str) -> str:
    """How a publisher is named to readers: "CGTN" for the CGTN parser, otherwise the host name as given."""
    return _OUTLETS.get(publisher.lower(), publisher)


def _json(value: object) -> str:
    """Canonical JSON (sorted keys), tolerant of tuples, sets, dataclasses and datetimes in diff reasons."""

    def default(obj: object) -> object:
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return dataclasses.asdict(obj)
        if isinstance(obj, set | frozenset):
            return sorted(obj, key=str)
        if isinstance(obj, datetime):
            return as_utc(obj).isoformat()
        return str(obj)

    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=default)


def _fact_from_row(row: Mapping[str, Any]) -> Fact:
    return Fact(
        text=row["text"],
        sentence=row["sentence"],
        paragraph=row["paragraph"],
        position=row["position"],
        people=tuple(json.loads(row["people"])),
        organisations=tuple(json.loads(row["organisations"])),
        places=tuple(json.loads(row["places"])),
        quantities=tuple(Quantity(**q) for q in json.loads(row["quantities"])),
        dates=tuple(json.loads(row["dates"])),
        speaker=row["speaker"],
        quote=row["quote"],
    )


def _merge_facts(diffs: Sequence[Diff], extra: Sequence[Fact]) -> list[Fact]:
    """The facts to store: the diffs' plus any extra (e.g. a baseline's own facts), one per position."""
    by_position: dict[int, Fact] = {}
    for fact in [d.fact for d in diffs] + list(extra):
        other = by_position.setdefault(fact.position, fact)
        if other != fact:
            raise ValueError(f"two facts at position {fact.position}: {other.text!r} / {fact.text!r}")
    return [by_position[p] for p in sorted(by_position)]


_FACT_COLUMNS = (
    "f.fact_id, f.text, f.sentence, f.paragraph, f.position, f.people, f.organisations, f.places, "
    "f.quantities, f.dates, f.speaker, f.quote"
)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Warehouse:
    """The storydiff DuckDB file. Holds no connection between calls; safe to create once per flow run.

    ``busy_timeout`` bounds how long a call retries (with backoff) while another process holds the file lock
    before raising ``WarehouseBusy``. ``clock`` is injectable so tests get deterministic run timestamps.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout: float = db.DEFAULT_BUSY_TIMEOUT,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._clock = clock or _utcnow  # a module function, so a Warehouse pickles (Prefect task arguments)
        self._schema_checked = False

    def __repr__(self) -> str:
        return f"Warehouse({str(self.path)!r})"

    def _now(self) -> datetime:
        return as_utc(self._clock())

    # -- connections and schema -------------------------------------------------------------------------

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[Connection]:
        """A short-lived connection to a migrated file (checked once per instance); closed on exit."""
        with db.connect(self.path, read_only=read_only, busy_timeout=self.busy_timeout) as con:
            if not self._schema_checked:
                have, want = current_version(con), code_version()
                check_not_newer(have, want, str(self.path))
                if have < want:
                    raise SchemaError(
                        f"warehouse {self.path} is at schema version {have}, this code needs {want}: "
                        "call Warehouse.migrate() first"
                    )
                self._schema_checked = True
            yield con

    def migrate(self) -> int:
        """Create or upgrade the schema; returns the version. A no-op when already current."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with db.connect(self.path, busy_timeout=self.busy_timeout, create=True) as con:
            version = apply_migrations(con, str(self.path))
        self._schema_checked = True
        return version

    # -- stories and runs ---------------------------------------------------------------------------------

    def ensure_story(self, slug: str, title: str, baseline_url: str) -> bool:
        """Create the story, or bring its title and baseline URL up to date; True when it was created."""
        with self.connect() as con, transaction(con):
            exists = con.execute("SELECT 1 FROM stories WHERE slug = ?", [slug]).fetchone() is not None
            con.execute(
                """
                INSERT INTO stories (slug, title, baseline_url, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (slug) DO UPDATE SET title = excluded.title, baseline_url = excluded.baseline_url
                """,
                [slug, title, baseline_url, self._now()],
            )
        return not exists

    def start_run(self, story: str) -> str:
        """Open a run in state 'running'; returns its uuid."""
        run_id = str(uuid.uuid4())
        with self.connect() as con, transaction(con):
            con.execute(
                "INSERT INTO runs (run_id, story, started_at, status) VALUES (?, ?, ?, 'running')",
                [run_id, story, self._now()],
            )
        return run_id

    def finish_run(self, run_id: str, status: str, stats: Mapping[str, Any]) -> None:
        """Close a run with a final status (one of RUN_STATUSES) and the flow's stats as JSON."""
        if status not in RUN_STATUSES:
            raise ValueError(f"run status must be one of {RUN_STATUSES}, not {status!r}")
        with self.connect() as con, transaction(con):
            if con.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone() is None:
                raise WarehouseError(f"no run {run_id!r}")
            # no RETURNING here: DuckDB runs UPDATE … RETURNING as delete+insert, which the fetches FK refuses
            con.execute(
                "UPDATE runs SET finished_at = greatest(?, started_at), status = ?, stats = ? "
                "WHERE run_id = ?",
                [self._now(), status, _json(dict(stats)), run_id],
            )

    # -- fetch log and HTTP validators --------------------------------------------------------------------

    def record_fetch(
        self,
        run_id: str,
        story: str,
        url: str,
        *,
        page: Page | None = None,
        error: Exception | None = None,
        outcome: str,
    ) -> None:
        """Append one fetch to the log and advance the article's check schedule (unless skipped)."""
        if outcome not in FETCH_OUTCOMES:
            raise ValueError(f"fetch outcome must be one of {FETCH_OUTCOMES}, not {outcome!r}")
        if outcome == "error" and error is None:
            raise ValueError("outcome 'error' needs the exception (error=...)")
        if outcome in ("ok", "unchanged", "not_modified") and page is None:
            raise ValueError(f"outcome {outcome!r} needs the page (page=...)")
        fetched_at = as_utc(page.fetched_at) if page is not None else self._now()
        status = page.status if page is not None else getattr(error, "status", None)
        attempts = page.attempts if page is not None else int(getattr(error, "attempts", 1) or 1)
        error_kind = getattr(error, "kind", type(error).__name__) if error is not None else None
        with self.connect() as con, transaction(con):
            con.execute(
                """
                INSERT INTO fetches (run_id, story, url, final_url, status, etag, last_modified, content_hash,
                                     bytes, attempts, outcome, error_kind, error, fetched_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    run_id,
                    story,
                    url,
                    page.final_url if page else None,
                    status,
                    page.etag if page else None,
                    page.last_modified if page else None,
                    page.content_hash if page else None,
                    page.size if page else None,
                    attempts,
                    outcome,
                    error_kind,
                    str(error) if error is not None else None,
                    fetched_at,
                ],
            )
            if outcome != "skipped":
                self._touch_article(con, {url, page.final_url if page else url}, fetched_at, outcome)

    @staticmethod
    def _touch_article(con: Connection, urls: set[str], at: datetime, outcome: str) -> None:
        """A fetch of a known article moves last_checked (and last_seen when it answered) and next_check."""
        for row in rows(
            con,
            f"SELECT article_id, published_at, first_seen, last_checked FROM articles "
            f"WHERE url IN ({', '.join('?' * len(urls))})",
            sorted(urls),
        ):
            checked = max(row["last_checked"], at)
            con.execute(
                """
                UPDATE articles SET last_checked = ?, next_check = ?,
                       last_seen = CASE WHEN ? THEN greatest(last_seen, ?) ELSE last_seen END
                WHERE article_id = ?
                """,
                [
                    checked,
                    next_check_at(row["published_at"] or row["first_seen"], checked),
                    outcome in _SUCCESS,
                    at,
                    row["article_id"],
                ],
            )

    def conditional_headers(self, url: str) -> tuple[str | None, str | None]:
        """(etag, last_modified) to send as If-None-Match / If-Modified-Since on the next fetch of ``url``.

        Taken from the newest successful response at or after the newest full body, so validators of an
        older representation are never replayed; (None, None) when there is nothing to validate against.
        """
        with self.connect(read_only=True) as con:
            row = con.execute(
                """
                SELECT etag, last_modified FROM fetches
                WHERE url = ? AND outcome IN ('ok', 'unchanged', 'not_modified')
                  AND (etag IS NOT NULL OR last_modified IS NOT NULL)
                  AND fetch_id >= coalesce((SELECT max(fetch_id) FROM fetches
                                            WHERE url = ? AND outcome IN ('ok', 'unchanged')), 0)
                ORDER BY fetch_id DESC LIMIT 1
                """,
                [url, url],
            ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def latest_content_hash(self, url: str) -> str | None:
        """sha256 of the raw body last fetched *and processed* from ``url`` (requested or final URL).

        Only 'ok'/'unchanged' fetches count: a body that failed to parse or load is not "already handled",
        so it is parsed again next time instead of being skipped as unchanged forever.
        """
        with self.connect(read_only=True) as con:
            row = con.execute(
                "SELECT content_hash FROM fetches WHERE (url = ? OR final_url = ?) "
                "AND outcome IN ('ok', 'unchanged') AND content_hash IS NOT NULL "
                "ORDER BY fetch_id DESC LIMIT 1",
                [url, url],
            ).fetchone()
        return row[0] if row else None

    def latest_version(self, article_url: str) -> StoredVersion | None:
        """The newest stored version of an article (unpacks as ``(version, paragraphs)``), or None."""
        with self.connect(read_only=True) as con:
            found = rows(
                con,
                """
                SELECT v.version, v.paragraphs, v.title, v.summary, a.published_at, v.content_hash,
                       v.fetched_at
                FROM article_versions AS v JOIN articles AS a ON a.article_id = v.article_id
                WHERE v.article_id = ? ORDER BY v.version DESC LIMIT 1
                """,
                [ids.article_id(article_url)],
            )
        if not found:
            return None
        r = found[0]
        return StoredVersion(
            version=int(r["version"]),
            paragraphs=tuple(json.loads(r["paragraphs"])),
            title=r["title"],
            summary=r["summary"],
            published_at=r["published_at"],
            content_hash=r["content_hash"],
            fetched_at=r["fetched_at"],
        )

    def article_urls(self, story: str) -> list[str]:
        """Every stored article URL of the story (discovery marks them known rather than fetching again)."""
        with self.connect(read_only=True) as con:
            found = con.execute("SELECT url FROM articles WHERE story = ? ORDER BY url", [story]).fetchall()
        return [r[0] for r in found]

    def save_frontier(
        self,
        story: str,
        waiting: Sequence[tuple[Candidate, int, float]],
        seen_at: datetime,
        *,
        forget_before: datetime | None = None,
    ) -> int:
        """Keep candidates a run had no budget for (candidate, link depth, relevance); returns rows written.

        Candidates last offered before ``forget_before`` are deleted: old news by then.
        """
        at = as_utc(seen_at)
        with self.connect() as con, transaction(con):
            if forget_before is not None:
                con.execute(
                    "DELETE FROM frontier WHERE story = ? AND last_seen < ?", [story, as_utc(forget_before)]
                )
            for cand, depth, score in waiting:
                con.execute(
                    "INSERT INTO frontier (story, url, title, summary, via, source_url, depth, score, "
                    "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (story, url) DO UPDATE SET depth = least(frontier.depth, excluded.depth), "
                    "score = greatest(frontier.score, excluded.score), last_seen = excluded.last_seen, "
                    "title = CASE WHEN excluded.title <> '' THEN excluded.title ELSE frontier.title END, "
                    "summary = CASE WHEN excluded.summary <> '' THEN excluded.summary ELSE frontier.summary END",
                    [
                        story,
                        cand.url,
                        cand.title,
                        cand.summary,
                        cand.via,
                        cand.source_url,
                        depth,
                        score,
                        at,
                        at,
                    ],
                )
        return len(waiting)

    def frontier(self, story: str, *, not_before: datetime | None = None) -> list[tuple[Candidate, int]]:
        """Waiting candidates (last offered at or after ``not_before``), best score first."""
        since = as_utc(not_before) if not_before is not None else datetime(1970, 1, 1, tzinfo=UTC)
        with self.connect(read_only=True) as con:
            found = con.execute(
                "SELECT url, title, summary, via, source_url, depth FROM frontier "
                "WHERE story = ? AND last_seen >= ? ORDER BY score DESC, url",
                [story, since],
            ).fetchall()
        return [
            (Candidate(url=u, title=t, summary=s, via=v, source_url=src), int(d))
            for u, t, s, v, src, d in found
        ]

    def drop_frontier(self, story: str, urls: Sequence[str]) -> None:
        """Forget candidates that have now been fetched (or were found to be known articles)."""
        if not urls:
            return
        with self.connect() as con, transaction(con):
            con.executemany("DELETE FROM frontier WHERE story = ? AND url = ?", [[story, u] for u in urls])

    def due_for_check(self, story: str, now: datetime) -> list[str]:
        """URLs of the story's articles whose next_check has come, oldest due first."""
        with self.connect(read_only=True) as con:
            found = con.execute(
                "SELECT url FROM articles WHERE story = ? AND next_check <= ? ORDER BY next_check, url",
                [story, as_utc(now)],
            ).fetchall()
        return [r[0] for r in found]

    # -- articles, facts, diffs, developments -------------------------------------------------------------

    def save_article(
        self,
        story: str,
        article: Article,
        page: Page,
        diffs: Sequence[Diff],
        dev_keys: Sequence[str | None],
        *,
        is_baseline: bool,
        engine_version: str,
        tag_authority: str,
        seen_at: datetime,
        facts: Sequence[Fact] = (),
    ) -> SaveResult:
        """Store one parsed article in one transaction.

        Upserts the article row; if its title+body hash is already stored, stops there (new_version=False).
        Otherwise adds the next version, its facts (those of ``diffs`` plus ``facts``, for a baseline that is
        not diffed), the diffs, and for each development diff with a ``dev_keys[i]``: creates the development
        (minting its tag: entry id once) or attaches this article as a further source, bumping ``updated``.
        Any failure rolls back the whole article and nothing else.
        """
        if len(dev_keys) != len(diffs):
            raise ValueError(f"dev_keys ({len(dev_keys)}) must parallel diffs ({len(diffs)})")
        seen_at = as_utc(seen_at)
        fetched_at = as_utc(page.fetched_at)
        aid = ids.article_id(article.url)
        chash = ids.content_hash(article.title, article.paragraphs)
        all_facts = _merge_facts(diffs, facts)
        with self.connect() as con, transaction(con):
            if con.execute("SELECT 1 FROM stories WHERE slug = ?", [story]).fetchone() is None:
                raise WarehouseError(f"unknown story {story!r}: call ensure_story() first")
            self._upsert_article(con, story, aid, article, is_baseline, seen_at, fetched_at)
            known = con.execute(
                "SELECT version FROM article_versions WHERE article_id = ? AND content_hash = ?", [aid, chash]
            ).fetchone()
            if known is not None:
                return SaveResult(aid, int(known[0]), False, 0, 0, 0)
            version_row = con.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM article_versions WHERE article_id = ?", [aid]
            ).fetchone()
            version = int(version_row[0]) if version_row else 1
            con.execute(
                "INSERT INTO article_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    aid,
                    version,
                    chash,
                    page.content_hash,
                    article.title,
                    article.summary,
                    article.body,
                    _json(list(article.paragraphs)),
                    fetched_at,
                ],
            )
            fact_ids = self._insert_facts(con, aid, version, all_facts)
            self._insert_diffs(con, story, diffs, fact_ids, engine_version)
            created, attached = self._record_developments(
                con, story, article, aid, diffs, dev_keys, fact_ids, tag_authority, seen_at
            )
        return SaveResult(aid, version, True, len(all_facts), created, attached)

    @staticmethod
    def _upsert_article(
        con: Connection,
        story: str,
        aid: str,
        article: Article,
        is_baseline: bool,
        seen_at: datetime,
        fetched_at: datetime,
    ) -> None:
        """Insert or refresh the article row. The story it was first found for is kept; metadata the latest
        parse lacks is not erased; first_seen only moves back, last_* only forward: replays are no-ops."""
        published = as_utc(article.published_at) if article.published_at else None
        existing = con.execute(
            "SELECT published_at, first_seen, last_checked FROM articles WHERE article_id = ?", [aid]
        ).fetchone()
        first_seen = min(seen_at, db.utc(existing[1])) if existing else seen_at
        last_checked = max(fetched_at, db.utc(existing[2])) if existing else fetched_at
        born = published or (db.utc(existing[0]) if existing and existing[0] else None) or first_seen
        con.execute(
            """
            INSERT INTO articles (article_id, story, url, publisher, publisher_id, title, section, author,
                                  published_at, is_baseline, first_seen, last_seen, last_checked, next_check)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (article_id) DO UPDATE SET
                publisher    = excluded.publisher,
                publisher_id = coalesce(excluded.publisher_id, articles.publisher_id),
                title        = excluded.title,
                section      = coalesce(excluded.section, articles.section),
                author       = coalesce(excluded.author, articles.author),
                published_at = coalesce(excluded.published_at, articles.published_at),
                is_baseline  = articles.is_baseline OR excluded.is_baseline,
                first_seen   = least(articles.first_seen, excluded.first_seen),
                last_seen    = greatest(articles.last_seen, excluded.last_seen),
                last_checked = greatest(articles.last_checked, excluded.last_checked),
                next_check   = excluded.next_check
            """,
            [
                aid,
                story,
                article.url,
                article.publisher,
                article.publisher_id,
                article.title,
                article.section,
                article.author,
                published,
                is_baseline,
                first_seen,
                seen_at,
                last_checked,
                next_check_at(born, last_checked),
            ],
        )

    @staticmethod
    def _insert_facts(con: Connection, aid: str, version: int, facts: Sequence[Fact]) -> dict[int, str]:
        """Insert the facts of one version; returns fact_id by position."""
        fact_ids = {f.position: ids.fact_id(aid, version, f.position, f.text) for f in facts}
        if facts:
            con.executemany(
                "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        fact_ids[f.position],
                        aid,
                        version,
                        f.position,
                        f.paragraph,
                        f.text,
                        f.sentence,
                        _json(list(f.people)),
                        _json(list(f.organisations)),
                        _json(list(f.places)),
                        _json([dataclasses.asdict(q) for q in f.quantities]),
                        _json(list(f.dates)),
                        f.speaker,
                        f.quote,
                    ]
                    for f in facts
                ],
            )
        return fact_ids

    @staticmethod
    def _baseline_fact_id(con: Connection, story: str, fact: Fact) -> str | None:
        """Find the stored baseline fact a diff points at (the engine hands us the Fact, not its id)."""
        row = con.execute(
            """
            SELECT f.fact_id FROM facts AS f JOIN articles AS a ON a.article_id = f.article_id
            WHERE a.story = ? AND a.is_baseline AND f.text = ? AND f.sentence = ?
            ORDER BY (f.position = ?) DESC, f.version DESC LIMIT 1
            """,
            [story, fact.text, fact.sentence, fact.position],
        ).fetchone()
        return row[0] if row else None

    def _insert_diffs(
        self, con: Connection, story: str, diffs: Sequence[Diff], fact_ids: Mapping[int, str], engine: str
    ) -> None:
        params = []
        for d in diffs:
            baseline_id = self._baseline_fact_id(con, story, d.baseline) if d.baseline else None
            params.append(
                [
                    fact_ids[d.fact.position],
                    story,
                    d.label,
                    baseline_id,
                    d.baseline.sentence if d.baseline else None,
                    float(d.score),
                    d.change.slot if d.change else None,
                    d.change.before if d.change else None,
                    d.change.after if d.change else None,
                    _json(d.reason),
                    engine,
                ]
            )
        if params:
            con.executemany("INSERT INTO diffs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params)

    @staticmethod
    def _record_developments(
        con: Connection,
        story: str,
        article: Article,
        aid: str,
        diffs: Sequence[Diff],
        dev_keys: Sequence[str | None],
        fact_ids: Mapping[int, str],
        tag_authority: str,
        seen_at: datetime,
    ) -> tuple[int, int]:
        """Create developments or attach this article to existing ones; returns (created, attached).

        A correction (the first source's new version words the development differently) rewrites the
        development's evidence and change and moves its ``updated``; it counts as neither.
        """
        created = attached = 0
        published = as_utc(article.published_at) if article.published_at else None
        for diff, key in zip(diffs, dev_keys, strict=True):
            if key is None or diff.label not in DEVELOPMENT_LABELS:
                continue  # only new/changed facts with a key are developments
            fid = fact_ids[diff.fact.position]
            exists = con.execute(
                "SELECT 1 FROM developments WHERE story = ? AND dev_key = ?", [story, key]
            ).fetchone()
            if exists is None:
                con.execute(
                    "INSERT INTO developments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        story,
                        key,
                        ids.entry_id(tag_authority, story, key),
                        diff.label,
                        diff.fact.sentence,
                        diff.baseline.sentence if diff.baseline else None,
                        diff.change.slot if diff.change else None,
                        diff.change.before if diff.change else None,
                        diff.change.after if diff.change else None,
                        fid,
                        seen_at,
                        seen_at,
                    ],
                )
                created += 1
            has_source = con.execute(
                "SELECT 1 FROM development_sources WHERE story = ? AND dev_key = ? AND article_id = ?",
                [story, key, aid],
            ).fetchone()
            if has_source is not None:
                # A later version of an article already counted: not a new source, but if this article
                # stated the development first and now words it differently, that is a correction.
                _correct_development(con, story, key, aid, diff, fid, seen_at)
                continue
            con.execute(
                "INSERT INTO development_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    story,
                    key,
                    aid,
                    fid,
                    article.url,
                    outlet_name(article.publisher),
                    article.title,
                    published,
                    seen_at,
                ],
            )
            if exists is not None:
                con.execute(
                    "UPDATE developments SET updated = greatest(updated, ?) WHERE story = ? AND dev_key = ?",
                    [seen_at, story, key],
                )
                attached += 1
        return created, attached

    # -- reads for the engine and the feed ------------------------------------------------------------------

    def baseline_facts(self, story: str) -> list[Fact]:
        """The facts of the newest stored version of the story's baseline article, in article order."""
        with self.connect(read_only=True) as con:
            found = rows(
                con,
                f"""
                SELECT {_FACT_COLUMNS} FROM facts AS f JOIN articles AS a ON a.article_id = f.article_id
                WHERE a.story = ? AND a.is_baseline
                  AND f.version = (SELECT max(version) FROM article_versions AS v
                                   WHERE v.article_id = f.article_id)
                ORDER BY a.first_seen, f.position
                """,
                [story],
            )
        return [_fact_from_row(r) for r in found]

    def article_developments(self, story: str, article_url: str) -> dict[str, str]:
        """Evidence sentence -> dev_key for the developments this article reported first.

        When a new version of the article rewords one of those sentences (a corrected figure), the flow
        gives the new sentence the same key, so the feed entry is corrected instead of duplicated.
        """
        aid = ids.article_id(article_url)
        with self.connect(read_only=True) as con:
            found = con.execute(
                "SELECT d.evidence, d.dev_key FROM developments AS d JOIN facts AS f ON f.fact_id = d.first_fact_id "
                "WHERE d.story = ? AND f.article_id = ? ORDER BY d.first_seen, d.dev_key",
                [story, aid],
            ).fetchall()
        return {sentence: key for sentence, key in found}

    def known_developments(self, story: str) -> list[tuple[str, Fact]]:
        """(dev_key, first fact) of every development of the story, oldest first: the engine's dedup index."""
        with self.connect(read_only=True) as con:
            found = rows(
                con,
                f"""
                SELECT d.dev_key, {_FACT_COLUMNS} FROM developments AS d
                JOIN facts AS f ON f.fact_id = d.first_fact_id
                WHERE d.story = ? ORDER BY d.first_seen, d.dev_key
                """,
                [story],
            )
        return [(r["dev_key"], _fact_from_row(r)) for r in found]

    def feed_entries(self, story: str) -> list[FeedEntry]:
        """Every development of the story as a FeedEntry, oldest first; each entry's sources oldest first."""
        with self.connect(read_only=True) as con:
            found = rows(
                con,
                """
                SELECT d.dev_key, d.entry_id, d.label, d.evidence, d.baseline_sentence, d.change_slot,
                       d.change_before, d.change_after, d.first_seen, d.updated,
                       s.url, s.title, s.outlet, s.published_at, s.seen_at
                FROM developments AS d
                JOIN development_sources AS s ON s.story = d.story AND s.dev_key = d.dev_key
                WHERE d.story = ?
                ORDER BY d.first_seen, d.dev_key, s.seen_at, s.published_at NULLS LAST, s.article_id
                """,
                [story],
            )
        grouped: dict[str, list[dict[str, Any]]] = {}
        for r in found:
            grouped.setdefault(r["dev_key"], []).append(r)
        entries = []
        for group in grouped.values():
            head = group[0]
            entries.append(
                FeedEntry(
                    entry_id=head["entry_id"],
                    label=head["label"],
                    evidence=head["evidence"],
                    published=head["first_seen"],
                    updated=head["updated"],
                    sources=tuple(
                        SourceRef(r["url"], r["title"], r["outlet"], r["published_at"], r["seen_at"])
                        for r in group
                    ),
                    baseline_fact=head["baseline_sentence"],
                    change_slot=head["change_slot"],
                    before=head["change_before"],
                    after=head["change_after"],
                )
            )
        return entries

    def feed_meta_parts(self, story: str) -> FeedMetaParts:
        """Story title, baseline URL and title (the stored baseline article's, else the story's)."""
        with self.connect(read_only=True) as con:
            found = rows(
                con,
                """
                SELECT s.slug, s.title, s.baseline_url, s.created_at,
                       (SELECT a.title FROM articles AS a WHERE a.story = s.slug AND a.is_baseline
                        ORDER BY a.first_seen LIMIT 1) AS baseline_title,
                       (SELECT max(d.updated) FROM developments AS d WHERE d.story = s.slug) AS updated
                FROM stories AS s WHERE s.slug = ?
                """,
                [story],
            )
        if not found:
            raise WarehouseError(f"unknown story {story!r}")
        r = found[0]
        return FeedMetaParts(
            r["slug"],
            r["title"],
            r["baseline_url"],
            r["baseline_title"] or r["title"],
            r["created_at"],
            r["updated"],
        )

    def counts(self, story: str) -> dict[str, int]:
        """Rows per table belonging to ``story`` (facts/versions via their article), for tests and the CLI."""
        by_article = "article_id IN (SELECT article_id FROM articles WHERE story = $story)"
        where = {
            "stories": "slug = $story",
            "article_versions": by_article,
            "facts": by_article,
        }
        with self.connect(read_only=True) as con:
            result = {}
            for table in TABLES:
                condition = where.get(table, "story = $story")
                sql = f"SELECT count(*) FROM {table} WHERE {condition}"
                row = con.execute(sql, {"story": story}).fetchone()
                result[table] = int(row[0]) if row else 0
        return result

    # -- publishing a copy for analysts -------------------------------------------------------------------

    def snapshot(
        self, dest: str | Path, *, method: Literal["copy_database", "file"] = "copy_database"
    ) -> Path:
        """Publish a consistent read-only copy at ``dest`` (temp file + atomic ``os.replace``).

        ``copy_database`` (default) copies every table, view and comment inside one transaction, so it is
        consistent even if something else wrote just before; it rewrites the data (compact, but costs CPU).
        ``file`` checkpoints, closes, then copies the bytes: faster for big files, but only consistent when
        no other process writes in between (true for the single writer at the end of its run).
        See warehouse/README.md.
        """
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            if method == "copy_database":
                alias = f"snap_{uuid.uuid4().hex[:8]}"
                quoted = str(tmp).replace("'", "''")
                with self.connect() as con:
                    source = con.execute("SELECT current_database()").fetchone()
                    con.execute(f"ATTACH '{quoted}' AS {alias}")
                    try:
                        con.execute(f'COPY FROM DATABASE "{source[0] if source else "main"}" TO {alias}')
                        con.execute(f"CHECKPOINT {alias}")
                    finally:
                        con.execute(f"DETACH {alias}")
            elif method == "file":
                with self.connect() as con:
                    con.execute("CHECKPOINT")
                # the connection is closed here: copying while holding it would be unsafe, because closing
                # our own copy descriptor would release DuckDB's POSIX lock on the file
                shutil.copyfile(self.path, tmp)
            else:
                raise ValueError(f"unknown snapshot method {method!r}")
            os.replace(tmp, dest)
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                with suppress(FileNotFoundError):
                    leftover.unlink()
        return dest


def _correct_development(
    con: Connection, story: str, key: str, aid: str, diff: Diff, fid: str, seen_at: datetime
) -> bool:
    """Rewrite a development in place when its first source's new version words it differently.

    ``first_fact_id`` keeps pointing at the fact that first reported it (DuckDB cannot update a column
    with an index on a row another table references); the evidence, label and change are the new ones.
    """
    first = con.execute(
        "SELECT f.article_id, d.evidence, f.version < (SELECT version FROM facts WHERE fact_id = ?) "
        "FROM developments AS d JOIN facts AS f ON f.fact_id = d.first_fact_id "
        "WHERE d.story = ? AND d.dev_key = ?",
        [fid, story, key],
    ).fetchone()
    # Only a later version of the first source corrects it; two facts of one version are one development.
    if first is None or first[0] != aid or first[1] == diff.fact.sentence or not first[2]:
        return False
    change = diff.change
    con.execute(
        "UPDATE developments SET evidence = ?, label = ?, baseline_sentence = ?, change_slot = ?, "
        "change_before = ?, change_after = ?, updated = greatest(updated, ?) "
        "WHERE story = ? AND dev_key = ?",
        [
            diff.fact.sentence,
            diff.label,
            diff.baseline.sentence if diff.baseline else None,
            change.slot if change else None,
            change.before if change else None,
            change.after if change else None,
            seen_at,
            story,
            key,
        ],
    )
    con.execute(
        "UPDATE development_sources SET fact_id = ? WHERE story = ? AND dev_key = ? AND article_id = ?",
        [fid, story, key, aid],
    )
    return True
