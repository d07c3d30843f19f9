"""The timeline page: what a person reading it should see, with no script and nothing unescaped."""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

from bs4 import BeautifulSoup

from feeds import FeedEntry, FeedMeta, SourceRef, render_timeline


def _page(meta: FeedMeta, entries: list[FeedEntry]) -> BeautifulSoup:
    return BeautifulSoup(render_timeline(meta, entries, feed_href=meta.self_url), "html.parser")


def test_page_shows_every_development_oldest_first(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    page = _page(meta, entries)
    assert page.title.get_text() == "Earthquake in a coastal county — developments"
    assert page.h1.get_text() == meta.title
    feed_link = page.find("link", rel="alternate")
    assert feed_link["type"] == "application/atom+xml" and feed_link["href"] == meta.self_url
    header = page.header.get_text(" ")
    assert "4 developments since then, oldest first" in header
    assert page.header.find("a", href=meta.baseline_url).get_text() == meta.baseline_title

    items = page.select("ol.timeline > li")
    labels = [li.h2.find("span", class_="label").get_text() for li in items]
    assert labels == ["Changed", "New", "New", "Changed"]  # the last two were first seen in the same second
    headings = [li.h2.get_text() for li in items]
    assert headings[0].startswith("Changed Rescuers said")  # label badge, no "[Changed]"
    assert headings[0].endswith("(death toll: 12 → 15)")
    assert headings[1].startswith("New The provincial government pledged")
    assert headings[3] == "Changed Haixia bridge reopened after safety checks"

    toll = items[0]
    assert toll.blockquote.get_text() == entries[0].evidence
    assert toll.find("del").get_text() == "12" and toll.find("ins").get_text() == "15"
    assert "The baseline said: At least 12 people were killed" in toll.get_text(" ").replace("  ", " ")
    assert "Reported by 2 sources from 2 outlets" in toll.get_text(" ")
    assert "Baseline story" not in toll.get_text()  # linked once, in the header
    sources = toll.find("ul").find_all("li")
    assert [li.a["href"] for li in sources] == [
        "https://news.cgtn.com/news/2025-03-01/Death-toll-rises-to-15/index.html",
        "https://www.example.com/world/quake-toll",
    ]
    # when the earliest source reported it, then when storydiff first saw it
    when = [t["datetime"] for t in toll.find("p", class_="when").find_all("time")]
    assert when == ["2025-03-01T06:05:00Z", "2025-03-01T06:10:30Z"]
    # Stable anchors, and the header's "latest" link points at the last development.
    assert page.header.find("a", string="Jump to the latest")["href"] == f"#{items[-1]['id']}"
    assert _page(meta, entries[::-1]).select("ol.timeline > li")[0]["id"] == toll["id"]


def test_no_script_and_hostile_text_escaped(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)> \u202eevil\x00 ]]> 📈 שלום"
    bad_source = SourceRef(
        url="javascript:alert(3)", title=evil, outlet=evil, published_at=None, seen_at=entries[0].published
    )
    hostile = dataclasses.replace(
        entries[0], evidence=evil, before=evil, after=evil, baseline_fact=evil, sources=(bad_source,)
    )
    raw = render_timeline(dataclasses.replace(meta, title=evil, subtitle=evil), [hostile])
    page = BeautifulSoup(raw, "html.parser")
    assert page.find_all(["script", "img", "iframe", "object"]) == []
    assert all(not attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs)
    assert all(a["href"].startswith(("https://", "#", "sample-quake.atom")) for a in page.find_all("a"))
    assert b"javascript:" not in raw and b"\x00" not in raw and "\u202e".encode() not in raw
    assert (
        page.blockquote.get_text() == "<script>alert(1)</script><img src=x onerror=alert(2)> evil ]]> 📈 שלום"
    )


def test_deterministic_and_empty(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    expected = render_timeline(meta, entries)
    shuffled = entries[:]
    random.Random(5005).shuffle(shuffled)
    assert render_timeline(meta, shuffled) == expected
    empty = BeautifulSoup(render_timeline(meta, []), "html.parser")
    assert "No developments yet" in empty.main.get_text()
    assert empty.find("link", rel="alternate")["href"] == "sample-quake.atom"


def test_backlog_seen_at_once_reads_in_article_order(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    """A first run sees many developments in the same second: the page orders those by article time."""
    late, early = entries[0], entries[1]
    same_second = late.published
    late = dataclasses.replace(
        late, entry_id="tag:storydiff.dev,2025:sample-quake/dev/a", published=same_second
    )
    early_source = dataclasses.replace(early.sources[0], published_at=same_second - timedelta(days=3))
    early = dataclasses.replace(
        early,
        entry_id="tag:storydiff.dev,2025:sample-quake/dev/b",
        published=same_second,
        sources=(early_source,),
    )
    items = _page(meta, [late, early]).select("ol.timeline > li")
    assert [li.blockquote.get_text() for li in items] == [early.evidence, late.evidence]
