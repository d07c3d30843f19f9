"""Typed records that leave the sources package: fetched pages, parsed articles, discovery candidates.

Everything here is plain, immutable data so that Prefect tasks can pass it around and tests can compare it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Page:
    """One successful HTTP exchange: a 200 with a decoded body, or a 304 (``not_modified``) with none."""

    url: str  # the URL that was asked for (after mirror mapping is undone: the public URL)
    final_url: str  # the public URL after redirects
    status: int
    text: str  # decoded body; "" for a 304
    content_type: str | None
    encoding: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None  # sha256 hex of the raw body bytes; None for a 304
    size: int  # raw body bytes read
    fetched_at: datetime  # UTC
    attempts: int = 1
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class Link:
    url: str
    title: str


@dataclass(frozen=True)
class Article:
    """A parsed news article. ``paragraphs`` hold body text only: no captions, banners or "Read more" blocks."""

    url: str  # canonical URL
    publisher: str  # "cgtn", or the host name for the generic parser
    title: str
    paragraphs: tuple[str, ...]
    publisher_id: str | None = None  # e.g. CGTN's 11-character news id
    section: str | None = None
    author: str | None = None
    published_at: datetime | None = None  # UTC; for CGTN the time shown on the page
    summary: str | None = None
    language: str = "en"
    links: tuple[Link, ...] = field(default_factory=tuple)  # related-article links found on the page

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Candidate:
    """A URL that discovery proposes to fetch, with what was known about it before fetching."""

    url: str
    title: str = ""
    summary: str = ""
    published_at: datetime | None = None
    via: str = "link"  # "link" | "rss" | "sitemap"
    source_url: str = ""  # the page or feed it was found on
