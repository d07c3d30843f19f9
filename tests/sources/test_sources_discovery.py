"""Feeds, sitemaps and links as fetch candidates; hostile or broken XML."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import sources
from sources import (
    Article,
    Candidate,
    Link,
    ParseError,
    candidates_from_links,
    parse_news_sitemap,
    parse_rss,
    sitemap_children,
)

FEED = "https://www.cgtn.com/subscribe/rss/section/world.xml"
A1 = "https://news.cgtn.com/news/2025-02-28/Russian-and-U-S-diplomats-meet-in-Istanbul-1IsTaNbUl01/p.html"
A2 = "https://news.cgtn.com/news/2025-03-12/Ukraine-agrees-to-30-day-ceasefire-1BFP1Uhm8Mw/p.html"

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>CGTN World</title><link>https://www.cgtn.com/world</link>
<item>
  <title><![CDATA[Russian & U.S. diplomats meet in <Istanbul>]]></title>
  <link>{A1}?UTM_Source=cgtn&amp;UTM_Medium=rss&amp;UTM_Campaign=World</link>
  <description><![CDATA[<p>The first round of embassy talks lasted <b>six</b> hours.</p>]]></description>
  <pubDate>Fri, 28 Feb 2025 04:10:00 +0800</pubDate>
</item>
<item>
  <title>Ukraine agrees to 30-day ceasefire</title>
  <guid isPermaLink="true">{A2}#top</guid>
  <dc:date>2025-03-12T09:41:00+08:00</dc:date>
</item>
<item><title>Same story again</title><link>{A1}?utm_source=other</link></item>
<item><title>No link at all</title></item>
<item><title>Relative</title><link>/news/2025-03-18/x-1AbCdEfGhIj/p.html</link><pubDate>garbage</pubDate></item>
</channel></rss>
"""


def test_rss_items_become_candidates() -> None:
    items = parse_rss(RSS, FEED)
    assert [c.url for c in items] == [A1, A2, "https://www.cgtn.com/news/2025-03-18/x-1AbCdEfGhIj/p.html"]
    first = items[0]
    assert first == Candidate(
        url=A1,
        title="Russian & U.S. diplomats meet in <Istanbul>",
        summary="The first round of embassy talks lasted six hours.",
        published_at=datetime(2025, 2, 27, 20, 10, tzinfo=UTC),
        via="rss",
        source_url=FEED,
    )
    assert items[1].published_at == datetime(2025, 3, 12, 1, 41, tzinfo=UTC)
    assert items[2].published_at is None


def test_rss_accepts_bytes_with_other_declared_encoding() -> None:
    xml = '<?xml version="1.0" encoding="windows-1251"?><rss><channel><item><title>Лавров</title>'
    xml += f"<link>{A1}</link></item></channel></rss>"
    assert parse_rss(xml.encode("cp1251"), FEED)[0].title == "Лавров"
    assert parse_rss(xml, FEED)[0].title == "Лавров"  # already-decoded text with a declaration


def test_atom_feed() -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
      <entry><title type="html">Talks &amp;lt;b&amp;gt;resume&amp;lt;/b&amp;gt;</title>
        <link rel="related" href="https://wire.example/other"/><link href="{A2}?utm_medium=atom"/>
        <published>2025-03-12T01:41:00Z</published><summary>Kyiv backs a truce.</summary></entry>
      <entry><title>Updated only</title><link rel="alternate" href="https://wire.example/world/2"/>
        <updated>2025-03-13T00:00:00+00:00</updated></entry>
    </feed>"""
    items = parse_rss(atom, "https://wire.example/atom.xml")
    assert [c.url for c in items] == [A2, "https://wire.example/world/2"]
    assert items[0].title == "Talks resume" and items[0].summary == "Kyiv backs a truce."
    assert items[0].published_at == datetime(2025, 3, 12, 1, 41, tzinfo=UTC)
    assert items[1].published_at == datetime(2025, 3, 13, tzinfo=UTC)


SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>{A1}?utm_source=sitemap</loc>
    <news:news><news:publication><news:name>CGTN</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-02-28T04:10:00+08:00</news:publication_date>
      <news:title>Russian and U.S. diplomats meet in Istanbul</news:title></news:news></url>
  <url><loc>{A2}</loc><lastmod>2025-03-12</lastmod></url>
  <url><loc>   </loc></url>
</urlset>"""


def test_news_sitemap() -> None:
    items = parse_news_sitemap(SITEMAP, "https://www.cgtn.com/sitemap_news.xml")
    assert items == [
        Candidate(
            url=A1,
            title="Russian and U.S. diplomats meet in Istanbul",
            published_at=datetime(2025, 2, 27, 20, 10, tzinfo=UTC),
            via="sitemap",
            source_url="https://www.cgtn.com/sitemap_news.xml",
        ),
        Candidate(
            url=A2,
            published_at=datetime(2025, 3, 12, tzinfo=UTC),
            via="sitemap",
            source_url="https://www.cgtn.com/sitemap_news.xml",
        ),
    ]
    assert sitemap_children(SITEMAP) == []


def test_sitemap_index() -> None:
    index = """<?xml version="1.0" encoding="UTF-8"?>
    <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://www.cgtn.com/sitemap_news.xml</loc></sitemap>
      <sitemap><loc>https://www.cgtn.com/sitemap_archived_2025_4.xml</loc><lastmod>2025-04-30</lastmod></sitemap>
      <sitemap><loc>https://www.cgtn.com/sitemap_news.xml</loc></sitemap>
    </sitemapindex>"""
    assert sitemap_children(index, "https://www.cgtn.com/sitemap.xml") == [
        "https://www.cgtn.com/sitemap_news.xml",
        "https://www.cgtn.com/sitemap_archived_2025_4.xml",
    ]
    assert parse_news_sitemap(index, "https://www.cgtn.com/sitemap.xml") == []


@pytest.mark.parametrize(
    "xml",
    [
        "",
        "<rss><channel><item><title>unclosed</channel></rss>",
        "<html><body>not a feed</body></html>",
        "just text",
        '<?xml version="1.0"?><rss><channel><item><title>a &bogus; entity</title></item></channel></rss>',
    ],
)
def test_malformed_or_wrong_xml_is_a_parse_error(xml: str) -> None:
    with pytest.raises(ParseError):
        parse_rss(xml, FEED)


def test_sitemap_wrong_root_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not a sitemap"):
        parse_news_sitemap(RSS, "https://www.cgtn.com/sitemap_news.xml")


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = f"""<?xml version="1.0"?>
    <!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>
    <rss><channel><item><title>&leak;</title><link>{A1}</link></item></channel></rss>"""
    try:
        items = parse_rss(xxe, FEED)
    except ParseError:
        return
    assert all("TOP-SECRET" not in c.title for c in items)


def test_billion_laughs_does_not_expand() -> None:
    lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    lol += "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    lol += f"]><rss><channel><item><title>&lol9;</title><link>{A1}</link></item></channel></rss>"
    try:
        items = parse_rss(lol, FEED)
    except ParseError:
        return
    assert all(len(c.title) < 1000 for c in items)


def test_candidates_from_links() -> None:
    article = Article(
        url=A1,
        publisher="cgtn",
        title="t",
        paragraphs=("p",),
        links=(Link(A2, "Ceasefire"), Link(A2, "dup"), Link("https://news.cgtn.com/x", "")),
    )
    assert candidates_from_links(article) == [
        Candidate(url=A2, title="Ceasefire", via="link", source_url=A1),
        Candidate(url="https://news.cgtn.com/x", title="", via="link", source_url=A1),
    ]


def test_public_api_is_pinned() -> None:
    assert sorted(sources.__all__) == [
        "Article", "Candidate", "ContentTypeError", "FetchError", "FetchPolicy", "Fetcher", "FileRobotsStore",
        "HTTPStatusError",
        "Link", "NetworkError", "Page", "ParseError", "RedirectError", "RefusedError", "RobotsDisallowed",
        "SourceError", "TimeoutError_", "TooLargeError", "candidates_from_links", "canonical_url",
        "cgtn_news_id", "parse_article", "parse_news_sitemap", "parse_rss", "sitemap_children",
    ]  # fmt: skip
    for name in sources.__all__:
        assert getattr(sources, name) is not None
