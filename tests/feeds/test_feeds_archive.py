"""publish_feed: RFC 5005 archives that stay put as the story grows, and a link chain readers can walk."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from feeds import FeedEntry, FeedError, FeedMeta, publish_feed, validate_atom

ATOM = "{http://www.w3.org/2005/Atom}"
FH_ARCHIVE = "{http://purl.org/syndication/history/1.0}archive"
BASE = "https://feeds.example.org/stories/"
PAGE = 3

Numbered = Callable[..., list[FeedEntry]]


def _doc(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes())


def _links(root: etree._Element) -> dict[str, str]:
    return {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}


def _ids(root: etree._Element) -> list[str]:
    return [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]


def _local(href: str, out: Path) -> Path:
    assert href.startswith(BASE)
    return out / href.removeprefix(BASE)


def _snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.glob("*-archive-*.atom"))}


def _age(out: Path) -> None:
    """Push every file's mtime into the past, so an untouched file is distinguishable from a rewritten one."""
    for path in out.iterdir():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))


def test_small_story_has_no_archives(meta: FeedMeta, numbered: Numbered, tmp_path: Path) -> None:
    paths = publish_feed(meta, numbered(PAGE * 2 - 1), tmp_path, page_size=PAGE)
    assert [p.name for p in paths] == ["sample-quake.atom", "sample-quake.html"]
    root = _doc(paths[0])
    assert len(_ids(root)) == PAGE * 2 - 1
    assert "prev-archive" not in _links(root)
    assert root.find(FH_ARCHIVE) is None


def test_completed_archives_keep_their_bytes(meta: FeedMeta, numbered: Numbered, tmp_path: Path) -> None:
    publish_feed(meta, numbered(2 * PAGE), tmp_path, page_size=PAGE)  # archive 1 appears
    assert list(_snapshot(tmp_path)) == ["sample-quake-archive-1.atom"]
    _age(tmp_path)
    before = _snapshot(tmp_path)
    for total in range(2 * PAGE + 1, 3 * PAGE):  # more entries, no new archive yet
        publish_feed(meta, numbered(total), tmp_path, page_size=PAGE)
        assert _snapshot(tmp_path) == before  # same bytes *and* same mtime: not even rewritten

    publish_feed(meta, numbered(3 * PAGE), tmp_path, page_size=PAGE)  # archive 2 appears
    after = _snapshot(tmp_path)
    assert list(after) == ["sample-quake-archive-1.atom", "sample-quake-archive-2.atom"]
    # Archive 1 changed exactly once, to gain its next-archive link; its entries did not move.
    old = etree.fromstring(before["sample-quake-archive-1.atom"][0])
    new = etree.fromstring(after["sample-quake-archive-1.atom"][0])
    assert _ids(old) == _ids(new)
    assert "next-archive" not in _links(old)
    assert _links(new)["next-archive"] == BASE + "sample-quake-archive-2.atom"

    _age(tmp_path)
    frozen = _snapshot(tmp_path)
    for total in range(3 * PAGE + 1, 4 * PAGE):
        publish_feed(meta, numbered(total), tmp_path, page_size=PAGE)
        assert _snapshot(tmp_path) == frozen
    publish_feed(meta, numbered(5 * PAGE), tmp_path, page_size=PAGE)  # archives 3 and 4 appear
    grown = _snapshot(tmp_path)
    assert grown["sample-quake-archive-1.atom"] == frozen["sample-quake-archive-1.atom"]


def test_archives_hold_fixed_blocks_in_first_seen_order(
    meta: FeedMeta, numbered: Numbered, tmp_path: Path
) -> None:
    entries = numbered(4 * PAGE + 2)
    paths = publish_feed(meta, entries[::-1], tmp_path, page_size=PAGE)  # input order does not matter
    subscription, *archives, timeline = paths
    assert timeline.name == "sample-quake.html"
    assert [p.name for p in archives] == [f"sample-quake-archive-{n}.atom" for n in (1, 2, 3)]
    ids = [e.entry_id for e in entries]
    for number, path in enumerate(archives, start=1):
        assert sorted(_ids(_doc(path))) == ids[(number - 1) * PAGE : number * PAGE]
    current = _ids(_doc(subscription))
    assert PAGE <= len(current) <= 2 * PAGE - 1
    assert sorted(current) == ids[3 * PAGE :]
    assert current == sorted(current, reverse=True)  # newest first within each document


def test_links_form_a_chain(meta: FeedMeta, numbered: Numbered, tmp_path: Path) -> None:
    entries = numbered(5 * PAGE + 1)
    subscription = publish_feed(meta, entries, tmp_path, page_size=PAGE)[0]
    root = _doc(subscription)
    assert root.find(FH_ARCHIVE) is None
    assert _links(root)["self"] == meta.self_url

    seen: list[str] = list(_ids(root))
    walked: list[str] = []
    href = _links(root).get("prev-archive")
    while href:  # walk back from the subscription document, as an RFC 5005 client does
        path = _local(href, tmp_path)
        archive = _doc(path)
        assert validate_atom(path.read_bytes()) == []
        assert archive.find(FH_ARCHIVE) is not None
        links = _links(archive)
        assert links["self"] == href
        assert links["current"] == meta.self_url
        if walked:
            assert links["next-archive"] == walked[-1]
        else:
            assert "next-archive" not in links  # the newest archive: nothing newer to point at yet
        walked.append(href)
        seen += _ids(archive)
        href = links.get("prev-archive")
    assert [h.rsplit("-", 1)[-1] for h in walked] == ["4.atom", "3.atom", "2.atom", "1.atom"]
    assert sorted(seen) == sorted(e.entry_id for e in entries)  # every entry exactly once


def test_feedparser_sees_the_archive_links(meta: FeedMeta, numbered: Numbered, tmp_path: Path) -> None:
    _, first, second, _ = publish_feed(meta, numbered(3 * PAGE), tmp_path, page_size=PAGE)
    parsed = feedparser.parse(second.read_bytes())
    assert parsed.bozo == 0
    rels = {link.rel: link.href for link in parsed.feed.links}
    assert rels["prev-archive"] == BASE + first.name
    assert rels["current"] == meta.self_url
    assert rels["self"] == BASE + second.name


def test_relative_links_without_a_base_url(meta: FeedMeta, numbered: Numbered, tmp_path: Path) -> None:
    local = dataclasses.replace(meta, self_url=None, html_url=None)
    subscription, archive, _ = publish_feed(local, numbered(2 * PAGE), tmp_path, page_size=PAGE)
    assert _links(_doc(subscription)) == {
        "self": "sample-quake.atom",
        "alternate": meta.baseline_url,
        "prev-archive": "sample-quake-archive-1.atom",
    }
    assert _links(_doc(archive))["current"] == "sample-quake.atom"
    assert validate_atom(subscription.read_bytes()) == []


def test_stale_archives_are_removed(meta: FeedMeta, numbered: Numbered, tmp_path: Path) -> None:
    publish_feed(meta, numbered(4 * PAGE), tmp_path, page_size=PAGE)
    assert len(list(tmp_path.glob("*-archive-*.atom"))) == 3
    (tmp_path / "other-story-archive-9.atom").write_bytes(b"not ours")
    publish_feed(meta, numbered(2 * PAGE), tmp_path, page_size=PAGE)  # e.g. after a warehouse rebuild
    assert sorted(p.name for p in tmp_path.glob("*-archive-*.atom")) == [
        "other-story-archive-9.atom",
        "sample-quake-archive-1.atom",
    ]


def test_bad_arguments(meta: FeedMeta, numbered: Numbered, tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="page_size"):
        publish_feed(meta, numbered(3), tmp_path, page_size=0)
    with pytest.raises(FeedError, match="slug"):
        publish_feed(dataclasses.replace(meta, slug="../escape"), numbered(3), tmp_path)
    assert list(tmp_path.iterdir()) == []
