"""The story's Atom feed (RFC 4287) and its RFC 5005 archives.  The only module that imports feedgen.

feedgen 1.0.0 is pinned and wrapped here because of its defects: it drops every entry ``<link>`` attribute but
``href`` (lkiesow/python-feedgen#135, fixed by ``_LinkFixedEntry``), writes ``type="CDATA"`` literally (never
used here), and defaults to ``now()`` timestamps, a versioned generator and prepending entries (all overridden
so the same data always gives the same bytes).  Replacing feedgen means rewriting this one file.

Reader behaviour shapes the design: Miniflux, FreshRSS and Thunderbird key entries on atom:id and mostly
ignore later edits, so every development is its own entry with the id the warehouse minted when it was first
seen; ``published`` is that first sighting and ``updated`` moves only for real changes (a new source).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import nh3
from feedgen.entry import FeedEntry as _FeedgenEntry
from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from feeds.errors import FeedError
from feeds.iri import iri_problem
from feeds.models import FeedEntry, FeedMeta
from feeds.present import (
    development_html,
    entry_summary,
    entry_title,
    label_name,
    label_term,
    one_line,
    ordered_sources,
    safe_url,
    to_utc,
)
from feeds.timeline import render_timeline

ATOM_NS = "http://www.w3.org/2005/Atom"
HISTORY_NS = "http://purl.org/syndication/history/1.0"  # RFC 5005
ATOM_MEDIA_TYPE = "application/atom+xml"
LABEL_SCHEME = "https://storydiff.dev/ns/label"
STORY_SCHEME = "https://storydiff.dev/ns/story"
# Fixed, so a feedgen upgrade or a storydiff release never changes the bytes of an unchanged feed.
GENERATOR_NAME = "storydiff"
GENERATOR_URI = "https://storydiff.dev/"
GENERATOR_VERSION = "1"
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)

_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_HTML_TAGS = {"p", "strong", "em", "del", "ins", "a", "ul", "li", "time", "blockquote", "br"}
_HTML_ATTRIBUTES = {"a": {"href"}, "time": {"datetime"}}
_LINK_ATTRIBUTES = ("rel", "type", "hreflang", "title", "length")


@dataclass(frozen=True)
class ArchiveLinks:
    """RFC 5005 links of one document of an archived feed; the default is a plain, unpaged feed."""

    self_url: str | None = None  # overrides meta.self_url: every archive document has its own address
    current: str | None = None  # the subscription document (archive documents only)
    prev_archive: str | None = None  # the next older archive document
    next_archive: str | None = None  # the next newer archive document
    is_archive: bool = False  # adds <fh:archive/>: this document's entry set is final


class _LinkFixedEntry(_FeedgenEntry):
    """feedgen's entry with the #135 fix: copy rel/type/hreflang/title/length back onto each ``<link>``.

    Without it a ``rel="related"`` link is read as a second ``alternate``, which RFC 4287 forbids.
    """

    def atom_entry(self, extensions: bool = True) -> Any:
        element = super().atom_entry(extensions)
        written = [child for child in element if child.tag == "link"]
        wanted = self.link() or []
        if len(written) != len(wanted):
            raise FeedError(f"feedgen wrote {len(written)} entry links for {len(wanted)}")
        for link_element, data in zip(written, wanted, strict=True):
            for attribute in _LINK_ATTRIBUTES:
                if data.get(attribute):
                    link_element.set(attribute, str(data[attribute]))
        return element


class _HistoryExtension(BaseExtension):
    """The RFC 5005 ``fh`` namespace, for the ``<fh:archive/>`` marker of archive documents."""

    def __init__(self) -> None:
        self.is_archive = False

    def extend_ns(self) -> dict[str, str]:
        return {"fh": HISTORY_NS}

    def extend_atom(self, feed: Any) -> Any:
        if self.is_archive:
            etree.SubElement(feed, f"{{{HISTORY_NS}}}archive")
        return feed


def sanitize_html(fragment: str) -> str:
    """A strict allow-list clean (nh3): the fragment is built escaped already, so this is a second wall."""
    return nh3.clean(
        fragment,
        tags=_HTML_TAGS,
        attributes=_HTML_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def newest_first(entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """Entries by first sighting, newest first, ties by id: the feed's order, whatever the input order."""
    _check_ids(entries)
    return sorted(entries, key=lambda e: (-int(to_utc(e.published).timestamp()), e.entry_id))


def oldest_first(entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """Entries in first-seen order, ties by id: the order that fixes archive blocks."""
    _check_ids(entries)
    return sorted(entries, key=lambda e: (to_utc(e.published), e.entry_id))


def _check_ids(entries: Sequence[FeedEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        problem = iri_problem(entry.entry_id)
        if problem:
            raise FeedError(f"entry id {entry.entry_id!r} {problem}")
        if entry.entry_id in seen:
            raise FeedError(f"duplicate entry id {entry.entry_id!r}")
        seen.add(entry.entry_id)


def _entry_updated(entry: FeedEntry) -> datetime:
    """Never earlier than ``published``: an entry cannot change before it first appeared."""
    return max(to_utc(entry.updated), to_utc(entry.published))


def render_feed(
    meta: FeedMeta,
    entries: Sequence[FeedEntry],
    *,
    limit: int | None = None,
    archive_links: ArchiveLinks | None = None,
) -> bytes:
    """The Atom document (UTF-8 bytes) for ``entries``, newest first, at most ``limit`` of them.

    The bytes depend only on the data: entries are sorted here, times are UTC whole seconds, and the feed's
    ``updated`` is the newest entry's (a fixed epoch for an empty feed), never the clock.
    """
    if limit is not None and limit < 0:
        raise FeedError(f"limit must be >= 0, got {limit}")
    problem = iri_problem(meta.feed_id)
    if problem:
        raise FeedError(f"feed id {meta.feed_id!r} {problem}")
    ordered = newest_first(entries)
    if limit is not None:
        ordered = ordered[:limit]
    links = archive_links or ArchiveLinks()

    feed = FeedGenerator()
    if links.is_archive:
        feed.register_extension("fh", _HistoryExtension, None, atom=True, rss=False)
        feed.fh.is_archive = True
    feed.id(meta.feed_id)
    feed.title(one_line(meta.title) or meta.slug)
    feed.updated(max((_entry_updated(e) for e in ordered), default=EMPTY_FEED_UPDATED))
    feed.author(name=one_line(meta.author) or GENERATOR_NAME)
    feed.generator(GENERATOR_NAME, version=GENERATOR_VERSION, uri=GENERATOR_URI)
    if one_line(meta.subtitle):
        feed.subtitle(one_line(meta.subtitle))
    for link in _feed_links(meta, links):
        feed.link(link)
    for term in dict.fromkeys(one_line(c) for c in meta.categories):
        if term:
            feed.category(term=term)
    for entry in ordered:
        _fill_entry(feed.add_entry(_LinkFixedEntry(), order="append"), meta, entry)
    data: bytes = feed.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return data


def _feed_links(meta: FeedMeta, links: ArchiveLinks) -> list[dict[str, str]]:
    result: list[dict[str, str]] = []
    self_url = links.self_url or meta.self_url
    if self_url:
        result.append({"rel": "self", "type": ATOM_MEDIA_TYPE, "href": self_url})
    html = safe_url(meta.html_url)
    baseline = safe_url(meta.baseline_url)
    if html or baseline:
        result.append({"rel": "alternate", "type": "text/html", "href": html or baseline or ""})
    if html and baseline:
        title = one_line(meta.baseline_title)
        related = {"rel": "related", "type": "text/html", "href": baseline}
        result.append({**related, "title": title} if title else related)
    for rel, href in (
        ("current", links.current),
        ("prev-archive", links.prev_archive),
        ("next-archive", links.next_archive),
    ):
        if href:
            result.append({"rel": rel, "type": ATOM_MEDIA_TYPE, "href": href})
    return result


def _entry_links(meta: FeedMeta, entry: FeedEntry) -> list[dict[str, str]]:
    """``alternate``: the first source that reported it; ``related``: the baseline, then the other sources."""
    links: list[dict[str, str]] = []
    used: set[str] = set()

    def add(rel: str, url: str | None, title: str) -> None:
        href = safe_url(url)
        if href is None or href in used:
            return
        used.add(href)
        link = {"rel": rel, "type": "text/html", "href": href}
        links.append({**link, "title": title} if title else link)

    sources = [s for s in ordered_sources(entry) if safe_url(s.url)]
    if sources:
        add("alternate", sources[0].url, one_line(sources[0].title))
    add("related", meta.baseline_url, one_line(meta.baseline_title))
    for source in sources[1:]:
        add("related", source.url, one_line(source.title))
    return links


def _fill_entry(target: Any, meta: FeedMeta, entry: FeedEntry) -> None:
    target.id(entry.entry_id)
    target.title(entry_title(entry))
    target.published(to_utc(entry.published))
    target.updated(_entry_updated(entry))
    target.content(sanitize_html(development_html(meta, entry)), type="html")
    target.summary(entry_summary(entry), type="text")
    links = _entry_links(meta, entry)
    if links:
        target.link(links)
    target.category(
        [
            {"term": label_term(entry), "scheme": LABEL_SCHEME, "label": label_name(entry)},
            {"term": meta.slug, "scheme": STORY_SCHEME},
        ]
    )


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically; False, and the file (and its mtime) untouched, if unchanged.

    Leaving identical files alone keeps ETag/Last-Modified stable on any static host, so polling readers get
    304s; the temp file in the same directory plus ``os.replace`` means a reader never sees half a feed.
    """
    try:
        if path.read_bytes() == data:
            return False
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)
    return True


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def archive_name(slug: str, number: int) -> str:
    return f"{slug}-archive-{number}.atom"


def publish_feed(
    meta: FeedMeta, entries: Sequence[FeedEntry], out_dir: Path, *, page_size: int = 50
) -> list[Path]:
    """Write the story's subscription feed, its RFC 5005 archives and its timeline page into ``out_dir``.

    Entries are cut, in first-seen order, into fixed blocks of ``page_size``: block n is archive document
    ``<slug>-archive-<n>.atom`` (1 = oldest) and the subscription document ``<slug>.atom`` holds the rest —
    the last full block plus the partial one, i.e. between ``page_size`` and ``2*page_size - 1`` entries once
    there are that many.  So an archive's entry set never changes once written, and new entries only ever
    touch the subscription document.  The one exception: an archive gains its ``next-archive`` link (once)
    when the next archive appears, because a link to a document that does not exist yet would be worse.

    Files are written only when their bytes change, archives before the subscription document so it never
    points at a missing archive; archives beyond the current count (left by a warehouse rebuild) are removed.
    Returns every document of the story: subscription, archives oldest first, timeline page.
    """
    if page_size < 1:
        raise FeedError(f"page_size must be >= 1, got {page_size}")
    if not _SLUG.fullmatch(meta.slug):
        raise FeedError(f"story slug {meta.slug!r} cannot be used in a file name")
    chronological = oldest_first(entries)
    archives = max(0, len(chronological) // page_size - 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    subscription_name = f"{meta.slug}.atom"

    def href(name: str) -> str:
        return urljoin(meta.self_url, name) if meta.self_url else name

    archive_paths: list[Path] = []
    for number in range(1, archives + 1):
        name = archive_name(meta.slug, number)
        links = ArchiveLinks(
            self_url=href(name),
            current=href(subscription_name),
            prev_archive=href(archive_name(meta.slug, number - 1)) if number > 1 else None,
            next_archive=href(archive_name(meta.slug, number + 1)) if number < archives else None,
            is_archive=True,
        )
        block = chronological[(number - 1) * page_size : number * page_size]
        path = out_dir / name
        write_atomic(path, render_feed(meta, block, archive_links=links))
        archive_paths.append(path)

    subscription_links = ArchiveLinks(
        self_url=meta.self_url or subscription_name,
        prev_archive=href(archive_name(meta.slug, archives)) if archives else None,
    )
    subscription = out_dir / subscription_name
    write_atomic(
        subscription,
        render_feed(meta, chronological[archives * page_size :], archive_links=subscription_links),
    )
    _remove_stale_archives(out_dir, meta.slug, archives)

    timeline = out_dir / f"{meta.slug}.html"
    write_atomic(timeline, render_timeline(meta, entries, feed_href=meta.self_url or subscription_name))
    return [subscription, *archive_paths, timeline]


def _remove_stale_archives(out_dir: Path, slug: str, keep: int) -> None:
    pattern = re.compile(rf"{re.escape(slug)}-archive-([1-9][0-9]*)\.atom")
    for path in out_dir.iterdir():
        match = pattern.fullmatch(path.name)
        if match and int(match.group(1)) > keep:
            path.unlink(missing_ok=True)
