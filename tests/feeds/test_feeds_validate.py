"""validate_atom: generated feeds pass; each deliberately broken one fails, and says why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from feeds import FeedEntry, FeedMeta, publish_feed, render_feed, validate_atom

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def good(meta: FeedMeta, entries: list[FeedEntry]) -> bytes:
    return render_feed(meta, entries)


def _edit(data: bytes, change: Callable[[etree._Element], None]) -> bytes:
    root = etree.fromstring(data)
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _first_entry(root: etree._Element) -> etree._Element:
    return root.find(f"{ATOM}entry")


def test_generated_feeds_are_valid(
    good: bytes,
    meta: FeedMeta,
    entries: list[FeedEntry],
    numbered: Callable[..., list[FeedEntry]],
    tmp_path: Path,
) -> None:
    assert validate_atom(good) == []
    assert validate_atom(render_feed(meta, [])) == []
    for path in publish_feed(meta, numbered(11), tmp_path, page_size=3):
        if path.suffix == ".atom":
            assert validate_atom(path.read_bytes()) == [], path.name


def test_schema_file_is_the_transcribed_rfc_grammar() -> None:
    schema_dir = Path(__file__).resolve().parents[2] / "feeds" / "schema"
    rng = (schema_dir / "atom.rng").read_text(encoding="utf-8")
    rnc = (schema_dir / "atom.rnc").read_text(encoding="utf-8")
    for text in (rng, rnc):
        assert "RFC 4287" in text and "Simplified BSD License" in text  # the IETF attribution stays
    grammar = etree.fromstring(rng.encode("utf-8"))
    assert "local" not in grammar.nsmap  # rnc2rng's empty prefix binding, which libxml2 rejects, is gone
    etree.RelaxNG(grammar)  # compiles


def test_wrong_namespace(good: bytes) -> None:
    broken = good.replace(b'xmlns="http://www.w3.org/2005/Atom"', b'xmlns="https://www.w3.org/2005/Atom"')
    (problem,) = validate_atom(broken)
    assert "namespace" in problem and "https://www.w3.org/2005/Atom" in problem


def test_missing_entry_id(good: bytes) -> None:
    def drop_id(root: etree._Element) -> None:
        entry = _first_entry(root)
        entry.remove(entry.find(f"{ATOM}id"))

    problems = validate_atom(_edit(good, drop_id))
    assert "entry 1: no id" in problems
    assert any(p.startswith("schema:") for p in problems)


def test_missing_feed_id(good: bytes) -> None:
    problems = validate_atom(_edit(good, lambda root: root.remove(root.find(f"{ATOM}id"))))
    assert "feed: no id" in problems


def test_date_without_zone_is_caught_although_the_schema_accepts_it(good: bytes) -> None:
    def drop_zone(root: etree._Element) -> None:
        updated = _first_entry(root).find(f"{ATOM}updated")
        updated.text = updated.text.removesuffix("+00:00")

    problems = validate_atom(_edit(good, drop_zone))
    assert problems == [
        "entry 1: updated '2025-03-01T09:05:30' is not an RFC 3339 date-time with a time zone"
    ]


def test_rfc2822_date(good: bytes) -> None:
    def rfc2822(root: etree._Element) -> None:
        _first_entry(root).find(f"{ATOM}published").text = "Sat, 01 Mar 2025 09:05:30 +0000"

    problems = validate_atom(_edit(good, rfc2822))
    assert any("published" in p and "RFC 3339" in p for p in problems)
    assert any(p.startswith("schema:") for p in problems)


def test_duplicate_alternate_links_as_feedgen_135_writes_them(good: bytes) -> None:
    """Without the workaround every entry link loses its rel and so defaults to alternate."""

    def strip_rels(root: etree._Element) -> None:
        for link in _first_entry(root).findall(f"{ATOM}link"):
            for attribute in ("rel", "type", "title"):
                link.attrib.pop(attribute, None)

    problems = validate_atom(_edit(good, strip_rels))
    assert problems == ["entry 1: 3 alternate links with type=None hreflang=None"]


def test_two_feed_alternates_of_one_type(good: bytes) -> None:
    def add_alternate(root: etree._Element) -> None:
        etree.SubElement(root, f"{ATOM}link", rel="alternate", type="text/html", href="https://example.com/")

    problems = validate_atom(_edit(good, add_alternate))
    assert any(p.startswith("feed: 2 alternate links with type='text/html'") for p in problems)


def test_cdata_content_type(good: bytes) -> None:
    def cdata(root: etree._Element) -> None:
        _first_entry(root).find(f"{ATOM}content").set("type", "CDATA")

    problems = validate_atom(_edit(good, cdata))
    assert "entry 1: content type 'CDATA' is neither text/html/xhtml nor a MIME type" in problems
    assert any(p.startswith("schema:") for p in problems)


def test_missing_self_link(good: bytes) -> None:
    def drop_self(root: etree._Element) -> None:
        for link in root.findall(f"{ATOM}link"):
            if link.get("rel") == "self":
                root.remove(link)

    assert validate_atom(_edit(good, drop_self)) == ["feed: no link rel='self'"]


def test_no_author_anywhere(good: bytes) -> None:
    problems = validate_atom(_edit(good, lambda root: root.remove(root.find(f"{ATOM}author"))))
    assert problems == [f"entry {n}: no author, and the feed has none" for n in range(1, 5)]


def test_duplicate_entry_ids(good: bytes) -> None:
    def copy_id(root: etree._Element) -> None:
        entries = root.findall(f"{ATOM}entry")
        entries[1].find(f"{ATOM}id").text = entries[0].find(f"{ATOM}id").text

    problems = validate_atom(_edit(good, copy_id))
    assert any("repeats entry 1" in p for p in problems)


@pytest.mark.parametrize(
    ("bad_id", "why"),
    [
        ("cgtn-123", "no scheme"),
        ("tag:storydiff.dev:sample", "tag: URI"),  # no date
        ("tag:storydiff.dev,2025-02-30:sample", "tag: URI"),  # no such day
        ("tag:storydiff.dev,2025:a b", "whitespace"),
        ("https:///no-host", "without a host"),
    ],
)
def test_bad_ids(good: bytes, bad_id: str, why: str) -> None:
    def set_id(root: etree._Element) -> None:
        _first_entry(root).find(f"{ATOM}id").text = bad_id

    (problem,) = validate_atom(_edit(good, set_id))
    assert problem.startswith("entry 1: id") and why in problem


def test_entry_without_content_or_alternate(good: bytes) -> None:
    def strip(root: etree._Element) -> None:
        entry = _first_entry(root)
        entry.remove(entry.find(f"{ATOM}content"))
        for link in entry.findall(f"{ATOM}link"):
            if link.get("rel") == "alternate":
                entry.remove(link)

    assert validate_atom(_edit(good, strip)) == ["entry 1: neither content nor a link rel='alternate'"]


def test_missing_and_empty_titles(good: bytes) -> None:
    def titles(root: etree._Element) -> None:
        entries = root.findall(f"{ATOM}entry")
        entries[0].remove(entries[0].find(f"{ATOM}title"))
        entries[1].find(f"{ATOM}title").text = "  "

    problems = validate_atom(_edit(good, titles))
    assert "entry 1: no title" in problems and "entry 2: empty title" in problems


def test_not_xml_and_not_atom() -> None:
    assert validate_atom(b"<feed")[0].startswith("not well-formed XML")
    assert validate_atom(b"<rss version='2.0'/>") == ["root element is 'rss', not atom:feed"]


def test_entities_are_not_resolved() -> None:
    """A feed under test may be hostile: no external entities (file or network), no expansion."""
    doc = (
        b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><id>&x;</id></feed>'
    )
    problems = validate_atom(doc)
    assert "feed: id '' is empty" in problems
    assert "root:" not in " ".join(problems)
