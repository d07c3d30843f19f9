"""render_feed: what readers see (via feedparser), determinism, and safety with hostile article text."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from feeds import FeedEntry, FeedError, FeedMeta, SourceRef, render_feed, validate_atom
from feeds.atom import LABEL_SCHEME, STORY_SCHEME

ATOM = "{http://www.w3.org/2005/Atom}"
REPO = Path(__file__).resolve().parents[2]


def _parse(data: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(data, sanitize_html=False)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def test_feedparser_round_trip(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    parsed = _parse(render_feed(meta, entries))
    assert parsed.version == "atom10"
    assert parsed.feed.id == meta.feed_id
    assert parsed.feed.title == meta.title
    assert parsed.feed.generator == "storydiff"
    assert {(link.rel, link.href) for link in parsed.feed.links} == {
        ("self", meta.self_url),
        ("alternate", meta.html_url),
        ("related", meta.baseline_url),
    }
    assert [e.id for e in parsed.entries] == [
        "tag:storydiff.dev,2025:sample-quake/dev/aftershock/77aa01be3c52",  # tie on published: id order
        "tag:storydiff.dev,2025:sample-quake/dev/bridge/0b7d4e19c2f3",
        "tag:storydiff.dev,2025:sample-quake/dev/aid/91c0d2e5aa10",
        "tag:storydiff.dev,2025:sample-quake/dev/death-toll/3f2a9c1b7e44",
    ]
    toll = parsed.entries[3]
    assert toll.title.startswith("[Changed] Rescuers said")  # the sentence first, the typed change after
    assert toll.title.endswith("(death toll: 12 → 15)")
    assert toll.summary == "death toll: 12 → 15"
    assert toll.published == "2025-03-01T06:10:30+00:00"
    assert toll.updated == "2025-03-01T08:00:30+00:00"
    assert toll.content[0].type == "text/html"
    assert {(t.term, t.scheme) for t in toll.tags} == {
        ("changed", LABEL_SCHEME),
        ("sample-quake", STORY_SCHEME),
    }
    assert (
        parsed.entries[1].title == "Haixia bridge reopened after safety checks"
    )  # the warehouse's own title


def test_entry_link_rels_survive(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    """feedgen 1.0.0 drops rel/type/title from entry links (#135); the workaround must put them back."""
    data = render_feed(meta, entries)
    toll = _parse(data).entries[3]
    assert [(link.rel, link.type, link.href) for link in toll.links] == [
        ("alternate", "text/html", "https://news.cgtn.com/news/2025-03-01/Death-toll-rises-to-15/index.html"),
        ("related", "text/html", meta.baseline_url),
        ("related", "text/html", "https://www.example.com/world/quake-toll"),
    ]
    assert toll.link == "https://news.cgtn.com/news/2025-03-01/Death-toll-rises-to-15/index.html"
    assert toll.links[0].title == "Death toll from coastal quake rises to 15"
    # And in the raw XML, where feedparser's defaults cannot hide a missing rel:
    root = etree.fromstring(data)
    for entry in root.iter(f"{ATOM}entry"):
        links = entry.findall(f"{ATOM}link")
        assert all(link.get("rel") in {"alternate", "related"} for link in links)
        assert sum(link.get("rel") == "alternate" for link in links) == 1


def test_content_shows_the_development(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    toll = _parse(render_feed(meta, entries)).entries[3]
    html = BeautifulSoup(toll.content[0].value, "html.parser")
    assert html.blockquote.get_text() == entries[0].evidence
    assert html.find("del").get_text() == "12"
    assert html.find("ins").get_text() == "15"
    text = html.get_text(" ")
    assert "Before:" in text and "After:" in text
    assert "At least 12 people were killed" in text
    assert "Reported by 2 sources from 2 outlets" in text
    items = html.find_all("li")
    assert [li.get_text(" ").split(":")[0] for li in items] == ["CGTN", "example.com"]  # oldest source first
    assert items[0].a["href"].startswith("https://news.cgtn.com/")
    assert items[0].time["datetime"] == "2025-03-01T06:05:00Z"  # +08:00 converted, microseconds dropped
    assert {tag.name for tag in html.find_all(True)} <= {
        "p", "strong", "em", "del", "ins", "a", "ul", "li", "time", "blockquote", "br"
    }  # fmt: skip
    aid = BeautifulSoup(_parse(render_feed(meta, entries)).entries[2].content[0].value, "html.parser")
    # a new development names no "nearest" baseline fact: that link is too loose to show a reader
    assert "Hundreds of homes were damaged" not in aid.get_text(" ")


def test_same_bytes_whatever_the_input_order(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    expected = render_feed(meta, entries)
    rng = random.Random(4287)
    for _ in range(10):
        shuffled = entries[:]
        rng.shuffle(shuffled)
        assert render_feed(meta, shuffled) == expected
    reversed_sources = [dataclasses.replace(e, sources=tuple(reversed(e.sources))) for e in entries]
    assert render_feed(meta, reversed_sources) == expected


def test_same_bytes_across_processes(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    """No set or dict iteration order leaks into the output: different hash seeds give the same bytes."""
    conftest = str(Path(__file__).parent / "conftest.py")
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('feeds_conftest', {conftest!r})\n"
        "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)\n"
        "from feeds import render_feed\n"
        "sys.stdout.buffer.write(render_feed(mod.build_meta(), mod.build_entries()[::-1]))\n"
    )
    assert importlib.util.find_spec("feeds") is not None
    expected = render_feed(meta, entries)
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, check=True
        )
        assert out.stdout == expected


def test_no_library_version_in_output(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    data = render_feed(meta, entries)
    assert b"python-feedgen" not in data and b"lkiesow" not in data
    assert b'<generator uri="https://storydiff.dev/" version="1">storydiff</generator>' in data


def test_feed_updated_is_newest_entry_and_epoch_when_empty(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    assert _parse(render_feed(meta, entries)).feed.updated == "2025-03-01T09:05:30+00:00"
    assert _parse(render_feed(meta, [])).feed.updated == "1970-01-01T00:00:00+00:00"


def test_limit_keeps_the_newest(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    parsed = _parse(render_feed(meta, entries, limit=2))
    assert [e.id.split("/")[-2] for e in parsed.entries] == ["aftershock", "bridge"]
    with pytest.raises(FeedError):
        render_feed(meta, entries, limit=-1)


def test_refuses_duplicate_and_malformed_ids(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    with pytest.raises(FeedError, match="duplicate"):
        render_feed(meta, [*entries, entries[0]])
    with pytest.raises(FeedError, match="not an absolute IRI"):
        render_feed(meta, [dataclasses.replace(entries[0], entry_id="cgtn-123")])
    with pytest.raises(FeedError, match="tag: URI"):
        render_feed(meta, [dataclasses.replace(entries[0], entry_id="tag:storydiff.dev,2025-13:x")])
    with pytest.raises(FeedError, match="feed id"):
        render_feed(dataclasses.replace(meta, feed_id="sample-quake"), entries)


def test_derived_titles(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    long_new = dataclasses.replace(
        entries[1], entry_id="tag:storydiff.dev,2025:sample-quake/dev/long", evidence="word " * 80
    )
    changed_without_slot = dataclasses.replace(
        entries[0], entry_id="tag:storydiff.dev,2025:sample-quake/dev/noslot", change_slot=None
    )
    multiline = dataclasses.replace(
        entries[1], entry_id="tag:storydiff.dev,2025:sample-quake/dev/lines", evidence="Line one.\nLine\ttwo."
    )
    titles = {
        e.id.rsplit("/", 1)[-1]: e.title
        for e in _parse(render_feed(meta, [long_new, changed_without_slot, multiline])).entries
    }
    assert titles["long"].startswith("[New] word word")
    assert titles["long"].endswith("word…") and len(titles["long"]) <= len("[New] ") + 100
    assert titles["noslot"].startswith("[Changed] Rescuers") and titles["noslot"].endswith("(12 → 15)")
    assert titles["lines"] == "[New] Line one. Line two."


def test_naive_datetimes_are_taken_as_utc(meta: FeedMeta, entries: list[FeedEntry]) -> None:
    aware = entries[1]
    naive = dataclasses.replace(
        aware,
        published=aware.published.replace(tzinfo=None),
        updated=aware.updated.replace(tzinfo=None) + timedelta(microseconds=7),
    )
    assert render_feed(meta, [naive]) == render_feed(meta, [aware])


HOSTILE = (
    "Officials <script>alert('x')</script> said <img src=x onerror=alert(1)> "
    "\x00\x0b\x0c\x1b\x7f\ufffe lone \ud800 surrogate, paired \ud83d\udcc8, "
    "RTL שלום עולם مرحبا \u202etxt.exe\u202c, CDATA end ]]> & &amp; &#x3c;, emoji 📈👩‍👩‍👧 关税"
)

CLEANED = (
    "Officials <script>alert('x')</script> said <img src=x onerror=alert(1)> lone surrogate, paired 📈, "
    "RTL שלום עולם مرحبا txt.exe, CDATA end ]]> & &amp; &#x3c;, emoji 📈👩‍👩‍👧 关税"
)


@pytest.fixture
def hostile(meta: FeedMeta, entries: list[FeedEntry]) -> tuple[FeedMeta, FeedEntry]:
    evil_source = SourceRef(
        url="javascript:alert(document.cookie)",
        title=HOSTILE,
        outlet="<b onmouseover=alert(1)>evil</b>",
        published_at=None,
        seen_at=entries[0].published,
    )
    data_source = dataclasses.replace(evil_source, url=" data:text/html,<script>alert(1)</script>")
    sneaky_source = dataclasses.replace(evil_source, url="java\tscript:alert(1)")
    relative = dataclasses.replace(evil_source, url="/relative/path")
    good = dataclasses.replace(evil_source, url='https://example.com/a b?q="x"&y=<z>#frag ment')
    entry = dataclasses.replace(
        entries[0],
        evidence=HOSTILE,
        before="12 <i>",
        after="15 \x08]]>",
        change_slot="toll \u202e",
        baseline_fact=HOSTILE,
        sources=(evil_source, data_source, sneaky_source, relative, good),
    )
    hostile_meta = dataclasses.replace(
        meta, title=f"Story {HOSTILE}", subtitle=HOSTILE, baseline_title=HOSTILE
    )
    return hostile_meta, entry


def test_hostile_text_gives_a_valid_safe_feed(hostile: tuple[FeedMeta, FeedEntry]) -> None:
    hostile_meta, entry = hostile
    data = render_feed(hostile_meta, [entry])
    assert validate_atom(data) == []
    parsed = _parse(data)  # bozo == 0: well-formed, correctly encoded
    (parsed_entry,) = parsed.entries
    # Text round-trips minus what XML cannot carry and the bidi override; RTL scripts and emoji stay, a
    # surrogate pair is joined into its character, and markup-looking text stays text.
    assert parsed.feed.subtitle == CLEANED
    assert parsed.feed.title == f"Story {CLEANED}"
    assert parsed_entry.summary == "toll: 12 <i> → 15 ]]>"
    assert parsed_entry.title.startswith("[Changed] Officials <script>")
    assert parsed_entry.title.endswith("(toll: 12 <i> → 15 ]]>)")
    # The HTML content: no script, no event handler, only http(s) links.
    html = BeautifulSoup(parsed_entry.content[0].value, "html.parser")
    assert html.find_all(["script", "img", "b", "i"]) == []
    for tag in html.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")]
    hrefs = [a["href"] for a in html.find_all("a")]
    assert hrefs and all(href.startswith("https://") for href in hrefs)
    assert "https://example.com/a%20b?q=%22x%22&y=%3Cz%3E#frag%20ment" in hrefs
    assert html.blockquote.get_text() == CLEANED  # shown as text, harmless
    # Entry links: the javascript:, data:, tab-split and relative URLs are gone.
    assert [link.href for link in parsed_entry.links] == [
        "https://example.com/a%20b?q=%22x%22&y=%3Cz%3E#frag%20ment",
        hostile_meta.baseline_url,
    ]
    raw = data.decode("utf-8")
    assert "javascript:" not in raw and "data:text" not in raw and "<script" not in raw


def test_hostile_text_is_safe_even_for_readers_that_do_not_sanitise(
    hostile: tuple[FeedMeta, FeedEntry],
) -> None:
    """feedparser sanitises by default; many readers do not, so check the raw escaped HTML ourselves."""
    hostile_meta, entry = hostile
    root = etree.fromstring(render_feed(hostile_meta, [entry]))
    content = root.find(f"{ATOM}entry/{ATOM}content").text
    soup = BeautifulSoup(content, "html.parser")
    assert soup.find_all("script") == [] and soup.find_all("img") == []
    assert all(not attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs)
