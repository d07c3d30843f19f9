"""Byte-for-byte golden files: any change to the published bytes must be deliberate.

A feedgen upgrade or a formatting change shows up here first.  Regenerate with ``UPDATE_GOLDEN=1 pytest``
and review the diff before committing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from feeds import ArchiveLinks, FeedEntry, FeedMeta, render_feed, validate_atom

GOLDEN = Path(__file__).parent / "golden"


def _check(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"{path} missing: run with UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"{name} differs from the golden file (UPDATE_GOLDEN=1 to accept)"


def _archive_links() -> ArchiveLinks:
    base = "https://feeds.example.org/stories/sample-quake"
    return ArchiveLinks(
        self_url=f"{base}-archive-2.atom",
        current=f"{base}.atom",
        prev_archive=f"{base}-archive-1.atom",
        next_archive=f"{base}-archive-3.atom",
        is_archive=True,
    )


def test_golden_feed(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    data = render_feed(meta, entries)
    assert validate_atom(data) == []
    _check("sample.atom", data)


def test_golden_empty_feed(meta: FeedMeta) -> None:
    data = render_feed(meta, [])
    assert validate_atom(data) == []
    _check("empty.atom", data)


def test_golden_archive_document(meta: FeedMeta, numbered: Callable[..., list[FeedEntry]]) -> None:
    data = render_feed(meta, numbered(3, start=3), archive_links=_archive_links())
    assert validate_atom(data) == []
    _check("archive.atom", data)
