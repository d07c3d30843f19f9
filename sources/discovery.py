"""Discovery: turn RSS/Atom feeds, news sitemaps and an article's links into fetch candidates.

XML comes from the network, so it is parsed with entity expansion, DTD loading and network access off
(no XXE, no billion laughs) and matched by local name, so namespace variants of the same format all work.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml import etree

from .errors import ParseError
from .generic import parse_iso_datetime
from .models import Article, Candidate
from .textclean import clean_text
from .urls import canonical_url

__all__ = ["candidates_from_links", "parse_news_sitemap", "parse_rss", "sitemap_children"]

_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_TAG_RE = re.compile(r"<[^>]+>")
# Titles are plain text that sometimes carries inline HTML; only strip tags that are certainly markup, so a
# title such as "Talks on <Istanbul> format" keeps its words.
_INLINE_TAG_RE = re.compile(r"</?(?:a|b|i|u|em|strong|span|font|sup|sub|small|code|q|br|p|div)\b[^>]*>", re.I)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def _root(xml: str | bytes, source: str) -> etree._Element:
    # lxml refuses str input that carries an encoding declaration; the text is already decoded, so drop it.
    data = _XML_DECL_RE.sub("", xml, count=1) if isinstance(xml, str) else xml
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed XML: {exc}", url=source) from exc
    if root is None:
        raise ParseError("empty XML document", url=source)
    return root


def _local(el: etree._Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    return (c for c in el if _local(c) == name)


def _child_text(el: etree._Element, *names: str) -> str:
    for name in names:
        for child in _children(el, name):
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return ""


def _plain(text: str, tags: re.Pattern[str] = _TAG_RE) -> str:
    """Feed titles and summaries are often (escaped) HTML; keep the words."""
    return clean_text(html.unescape(tags.sub(" ", html.unescape(text))))


def _title(text: str) -> str:
    return _plain(text, _INLINE_TAG_RE)


def _date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    parsed = parse_iso_datetime(value)
    if parsed is not None:
        return parsed
    try:
        rfc822 = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return (rfc822 if rfc822.tzinfo else rfc822.replace(tzinfo=UTC)).astimezone(UTC)


def _url(href: str, base: str) -> str | None:
    if not href.strip():
        return None
    try:
        return canonical_url(urljoin(base, href.strip()))
    except ValueError:
        return None


def _unique(candidates: Iterable[Candidate]) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for c in candidates:
        seen.setdefault(c.url, c)
    return list(seen.values())


def _atom_link(entry: etree._Element) -> str:
    fallback = ""
    for link in _children(entry, "link"):
        rel = (link.get("rel") or "alternate").lower()
        href = link.get("href") or ""
        if rel == "alternate" and href:
            return href
        fallback = fallback or href
    return fallback


def _rss_link(item: etree._Element) -> str:
    link = _child_text(item, "link")
    if link:
        return link
    for guid in _children(item, "guid"):
        if (guid.get("isPermaLink") or "true").lower() == "true" and (guid.text or "").strip():
            return guid.text or ""
    for link_el in _children(item, "link"):  # Atom-style <atom:link href> inside RSS
        if link_el.get("href"):
            return link_el.get("href") or ""
    return ""


def parse_rss(xml: str | bytes, feed_url: str) -> list[Candidate]:
    """Items of an RSS 2.0 / RSS 1.0 / Atom feed, canonical URLs, first occurrence wins."""
    root = _root(xml, feed_url)
    kind = _local(root)
    if kind == "feed":
        entries = [e for e in root.iter() if _local(e) == "entry"]
    elif kind in ("rss", "rdf"):
        entries = [e for e in root.iter() if _local(e) == "item"]
    else:
        raise ParseError(f"not an RSS or Atom feed (root element <{kind}>)", url=feed_url)
    found: list[Candidate] = []
    for entry in entries:
        link = _atom_link(entry) if kind == "feed" else _rss_link(entry)
        url = _url(link, feed_url)
        if url is None:
            continue
        found.append(
            Candidate(
                url=url,
                title=_title(_child_text(entry, "title")),
                summary=_plain(_child_text(entry, "description", "summary", "content", "encoded")),
                published_at=_date(_child_text(entry, "pubdate", "published", "date", "updated")),
                via="rss",
                source_url=feed_url,
            )
        )
    return _unique(found)


def parse_news_sitemap(xml: str | bytes, sitemap_url: str) -> list[Candidate]:
    """``<url>`` entries of a (Google News) sitemap; ``[]`` for a sitemap index (see sitemap_children)."""
    root = _root(xml, sitemap_url)
    if _local(root) == "sitemapindex":
        return []
    if _local(root) != "urlset":
        raise ParseError(f"not a sitemap (root element <{_local(root)}>)", url=sitemap_url)
    found: list[Candidate] = []
    for entry in _children(root, "url"):
        url = _url(_child_text(entry, "loc"), sitemap_url)
        if url is None:
            continue
        news = next(_children(entry, "news"), None)
        title = _child_text(news, "title") if news is not None else ""
        published = _child_text(news, "publication_date") if news is not None else ""
        found.append(
            Candidate(
                url=url,
                title=_title(title),
                published_at=_date(published or _child_text(entry, "lastmod")),
                via="sitemap",
                source_url=sitemap_url,
            )
        )
    return _unique(found)


def sitemap_children(xml: str | bytes, sitemap_url: str = "") -> list[str]:
    """Child sitemap URLs of a sitemap index (``[]`` for a plain urlset)."""
    root = _root(xml, sitemap_url)
    if _local(root) != "sitemapindex":
        return []
    urls = (_url(_child_text(s, "loc"), sitemap_url) for s in _children(root, "sitemap"))
    return list(dict.fromkeys(u for u in urls if u))


def candidates_from_links(article: Article) -> list[Candidate]:
    """Related-article links of a parsed article, as candidates found on that article."""
    return _unique(
        Candidate(url=ln.url, title=ln.title, via="link", source_url=article.url) for ln in article.links
    )
