"""Fallback parser for non-CGTN news pages: JSON-LD first, then Open Graph, then the page's paragraphs.

Structured data is preferred because publishers keep it stable for search engines while their markup churns;
paragraph heuristics only decide when nothing structured is present.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from .errors import ParseError
from .htmlmeta import canonical_href, html_language, meta_content, page_url
from .models import Article, Link
from .textclean import body_paragraphs, clean_text, is_boilerplate, is_caption, node_text
from .urls import canonical_url, registrable_domain

__all__ = ["GenericParser", "looks_like_article_path", "parse_iso_datetime"]

_ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "report",
    }
)
_DATE_IN_PATH = re.compile(r"/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)")


def parse_iso_datetime(value: object) -> datetime | None:
    """ISO 8601 (``Z`` or offset) -> aware UTC; naive values are taken as UTC; None if unparseable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def looks_like_article_path(path: str) -> bool:
    """A dated path, a long hyphenated slug or a long numeric id: article URLs, not section pages."""
    segments = [s for s in path.split("/") if s]
    if not segments:
        return False
    last = re.sub(r"\.(?:s?html?|php|aspx?)$", "", segments[-1])
    return bool(
        _DATE_IN_PATH.search(path)
        or last.count("-") >= 3
        or (len(segments) >= 2 and re.search(r"\d{5,}", last))
    )


def _walk_json_ld(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk_json_ld(item)
    elif isinstance(node, dict):
        yield node
        if "@graph" in node:
            yield from _walk_json_ld(node["@graph"])


def _is_article(node: dict[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds)


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [clean_text(value)] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


class GenericParser:
    """Any news page: fields from JSON-LD NewsArticle/Article, then ``og:``/``article:`` meta, then markup."""

    version = "V1"
    min_body_chars = 100
    min_loose_paragraph_chars = 40  # outside <article>, shorter <p> are usually navigation or furniture

    def __init__(self, soup: BeautifulSoup, url: str) -> None:
        self.soup = soup
        self.url = url
        self._ld = self._json_ld()
        self._read_more: list[Tag] = []

    def _json_ld(self) -> dict[str, Any]:
        for script in self.soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
            try:
                data = json.loads(script.string or script.get_text() or "null")
            except ValueError:
                continue
            for node in _walk_json_ld(data):
                if _is_article(node):
                    return node
        return {}

    def _ld_text(self, key: str) -> str | None:
        value = self._ld.get(key)
        return clean_text(value) or None if isinstance(value, str) else None

    # -- fields -------------------------------------------------------------------------------------------

    def title(self) -> str:
        if found := self._ld_text("headline") or meta_content(self.soup, "og:title"):
            return found
        for tag_name in ("h1", "title"):
            tag = self.soup.find(tag_name)
            if isinstance(tag, Tag) and (text := node_text(tag)):
                return text
        return ""

    def published_at(self) -> datetime | None:
        return parse_iso_datetime(self._ld.get("datePublished")) or parse_iso_datetime(
            meta_content(self.soup, "article:published_time")
        )

    def author(self) -> str | None:
        names = _names(self._ld.get("author"))
        return ", ".join(dict.fromkeys(names)) if names else meta_content(self.soup, "author")

    def section(self) -> str | None:
        section = self._ld.get("articleSection")
        if isinstance(section, list):
            section = section[0] if section else None
        return (clean_text(section) or None if isinstance(section, str) else None) or meta_content(
            self.soup, "article:section"
        )

    def summary(self) -> str | None:
        return (
            self._ld_text("description")
            or meta_content(self.soup, "og:description")
            or meta_content(self.soup, "description")
        )

    def canonical(self) -> str:
        return page_url(self.url, canonical_href(self.soup))

    def paragraphs(self) -> tuple[str, ...]:
        body = self._ld.get("articleBody")
        if isinstance(body, str):
            lines = [clean_text(line) for line in re.split(r"\n\s*\n|\n", body)]
            kept = tuple(dict.fromkeys(t for t in lines if t and not is_caption(t) and not is_boilerplate(t)))
            if sum(map(len, kept)) >= self.min_body_chars:
                return kept
        article = self.soup.find("article")
        if isinstance(article, Tag):
            kept, self._read_more = body_paragraphs(article.find_all("p"))
            if kept:
                return kept
        scope = self.soup.find("main") or self.soup.body or self.soup
        loose = [p for p in scope.find_all("p") if len(node_text(p)) >= self.min_loose_paragraph_chars]
        kept, self._read_more = body_paragraphs(loose)
        return kept

    def links(self) -> tuple[Link, ...]:
        """Same-site anchors whose path looks like an article; the page itself excluded."""
        own = self.canonical()
        own_site = registrable_domain(urlsplit(own).hostname or "") if "://" in own else ""
        found: dict[str, Link] = {}
        for anchor in [*self._read_more, *self.soup.find_all("a", href=True)]:
            href = str(anchor.get("href", "")).strip()
            if not href or href.startswith(("#", "javascript:", "mailto:")):
                continue
            try:
                url = canonical_url(urljoin(self.url, href))
            except ValueError:
                continue
            parts = urlsplit(url)
            if url == own or registrable_domain(parts.hostname or "") != own_site:
                continue
            if not looks_like_article_path(parts.path):
                continue
            title = node_text(anchor) or clean_text(str(anchor.get("title", "")))
            if url not in found or (not found[url].title and title):
                found[url] = Link(url=url, title=title)
        return tuple(found.values())

    def publisher(self) -> str:
        host = urlsplit(self.url).hostname if "://" in self.url else None
        return (host or "").lower() or "unknown"

    def parse(self) -> Article:
        paragraphs = self.paragraphs()
        if sum(len(p) for p in paragraphs) < self.min_body_chars:
            raise ParseError("no article body found (generic parser)", url=self.url)
        return Article(
            url=self.canonical(),
            publisher=self.publisher(),
            title=self.title(),
            paragraphs=paragraphs,
            section=self.section(),
            author=self.author(),
            published_at=self.published_at(),
            summary=self.summary(),
            language=html_language(self.soup),
            links=self.links(),
        )
