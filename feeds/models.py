"""What the feed renderer needs to know about a story and its developments.

Plain data, read from the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SourceRef:
    """One article that reports a development."""

    url: str
    title: str
    outlet: str  # "CGTN", or the host name
    published_at: datetime | None  # the article's own time, UTC
    seen_at: datetime  # when storydiff first saw this article report the development, UTC


@dataclass(frozen=True)
class FeedEntry:
    """One development: a new or changed fact, merged across the outlets that report it."""

    entry_id: str  # stable tag: URI, minted once when the development was first seen
    label: str  # "new" | "changed"
    evidence: str  # the evidence sentence, as the first source printed it
    published: datetime  # first seen, UTC
    updated: datetime  # last real change of the entry (a new source, a correction), UTC
    sources: tuple[SourceRef, ...]  # oldest first; at least one
    baseline_fact: str | None = None  # the baseline sentence this development changes or follows
    change_slot: str | None = None  # for "changed": what changed ("number", "person", "status" ...)
    before: str | None = None
    after: str | None = None
    title: str = ""  # a one-line statement of the development; the renderer derives one when empty


@dataclass(frozen=True)
class FeedMeta:
    """The story a feed belongs to."""

    slug: str
    title: str
    feed_id: str  # tag: URI of the feed itself
    baseline_url: str
    baseline_title: str
    self_url: str | None = None  # where the feed is served, for rel="self"
    html_url: str | None = None  # the timeline page, for rel="alternate" type="text/html"
    author: str = "storydiff"
    subtitle: str = ""
    categories: tuple[str, ...] = field(default_factory=tuple)
