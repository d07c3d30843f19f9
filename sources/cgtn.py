"""CGTN article pages (news/newsaf/newseu/newsus.cgtn.com), parsed from their real markup.

One class per markup generation, selectors as class attributes and one method per field, so that a future
redesign becomes ``CGTNParserV2`` next to this one instead of edits to it. See
``/work/shared/notes/cgtn-markup.md`` for the evidence behind each selector.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, Tag

from .errors import ParseError
from .htmlmeta import canonical_href, html_language, meta_content, page_url
from .models import Article, Link
from .textclean import body_paragraphs, clean_text, inline_text, node_text
from .urls import canonical_url, cgtn_news_id, is_cgtn_article_url

__all__ = ["BEIJING", "CGTN_PARSERS", "CGTNParserV1", "parse_cgtn_date"]

BEIJING = ZoneInfo("Asia/Shanghai")

_DATE_RE = re.compile(r"(\d{1,2}):(\d{2}),\s*(\d{1,2})-([A-Za-z]{3,4})\.?-(\d{4})")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}  # not calendar.month_abbr: locale-dependent
_NEWS_ID_RE = re.compile(r"""var\s+newsId\s*=\s*['"]([A-Za-z0-9]{6,40})['"]""")


def parse_cgtn_date(text: str) -> datetime | None:
    """``"Updated 13:22, 19-Feb-2025"`` (Beijing time) -> aware UTC datetime; None when it does not parse."""
    m = _DATE_RE.search(text)
    if m is None:
        return None
    hour, minute, day, month_name, year = m.groups()
    month = _MONTHS.get(month_name[:3].lower())
    if month is None:
        return None
    try:
        local = datetime(int(year), month, int(day), int(hour), int(minute), tzinfo=BEIJING)
    except ValueError:
        return None
    return local.astimezone(UTC)


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    return list(value) if isinstance(value, list) else (str(value).split() if value else [])


class CGTNParserV1:
    """CGTN article markup as of 2020-2025 (both the ``index.html`` and the ``p.html`` generations)."""

    version = "V1"
    publisher = "cgtn"
    default_author = "CGTN"
    title_suffix = " - CGTN"
    min_body_chars = 100  # below this a page is a video or photo item, not an article

    title_selector = "div.news-title"
    section_selector = ".news-section-date span.section, span.section"
    date_selector = ".news-section-date span.date, span.date"
    author_selector = "div.news-author-name"
    main_selector = "#cmsMainContent"
    text_block_classes = ("text", "en")  # raw attribute is "text  en"
    source_class = "sourceTextDiv"  # div.sourceTextDiv ends the body
    related_selector = "a[data-action=Related_Click][href], [class*=related] a[href]"

    def __init__(self, soup: BeautifulSoup, url: str) -> None:
        self.soup = soup
        self.url = url
        self._read_more: list[Link] = []

    # -- fields -------------------------------------------------------------------------------------------

    def title(self) -> str:
        node = self.soup.select_one(self.title_selector)
        if node is not None and (text := inline_text(node)):
            return text
        if og := meta_content(self.soup, "og:title"):
            return og
        tag = self.soup.find("title")
        text = clean_text(tag.get_text()) if tag else ""
        return text.removesuffix(self.title_suffix).strip()

    def section(self) -> str | None:
        node = self.soup.select_one(self.section_selector)
        return (node_text(node) or None) if node is not None else None

    def published_at(self) -> datetime | None:
        node = self.soup.select_one(self.date_selector)
        return parse_cgtn_date(node_text(node)) if node is not None else None

    def author(self) -> str:
        node = self.soup.select_one(self.author_selector)
        text = node_text(node) if node is not None else ""
        text = re.split(r"\bUpdated\b", text, maxsplit=1)[0].strip(" ,")
        return text or self.default_author

    def summary(self) -> str | None:
        return meta_content(self.soup, "og:description") or meta_content(self.soup, "description") or None

    def canonical(self) -> str:
        return page_url(self.url, canonical_href(self.soup))

    def publisher_id(self) -> str | None:
        found = cgtn_news_id(self.url) or cgtn_news_id(canonical_href(self.soup) or "")
        if found:
            return found
        for script in self.soup.find_all("script"):
            m = _NEWS_ID_RE.search(script.get_text())
            if m:
                return m.group(1)
        return None

    def paragraphs(self) -> tuple[str, ...]:
        """Body prose only; remembers in-body "Read more" links for :meth:`links`."""
        kept, anchors = body_paragraphs(self._body_candidates())
        self._read_more = [link for a in anchors if (link := self._link(a))]
        return kept

    def links(self) -> tuple[Link, ...]:
        """Read-more links, then any anchor to a CGTN article or in a related-stories list; self excluded."""
        own = self.canonical()
        own_id = self.publisher_id()
        found: dict[str, Link] = {}
        candidates = list(self._read_more)
        related = {id(a) for a in self.soup.select(self.related_selector)}
        for anchor in self.soup.find_all("a", href=True):
            link = self._link(anchor)
            if link and (is_cgtn_article_url(link.url) or id(anchor) in related):
                candidates.append(link)
        for link in candidates:
            if link.url == own or (own_id and cgtn_news_id(link.url) == own_id):
                continue
            if link.url not in found or (not found[link.url].title and link.title):
                found[link.url] = link
        return tuple(found.values())

    def parse(self) -> Article:
        paragraphs = self.paragraphs()
        if sum(len(p) for p in paragraphs) < self.min_body_chars:
            raise ParseError(f"no article body found (CGTN {self.version}; video or empty?)", url=self.url)
        return Article(
            url=self.canonical(),
            publisher=self.publisher,
            title=self.title(),
            paragraphs=paragraphs,
            publisher_id=self.publisher_id(),
            section=self.section(),
            author=self.author(),
            published_at=self.published_at(),
            summary=self.summary(),
            language=html_language(self.soup),
            links=self.links(),
        )

    # -- helpers ------------------------------------------------------------------------------------------

    def _body_candidates(self) -> list[Tag]:
        main = self.soup.select_one(self.main_selector)
        if main is None:
            return []
        ordered: list[Tag] = []
        for node in main.descendants:
            if not isinstance(node, Tag):
                continue
            if self._is_source(node):
                break
            if node.name == "p" and not self._in_caption(node, main):
                ordered.append(node)
        in_blocks = [p for p in ordered if self._in_text_block(p, main)]
        return in_blocks or ordered

    def _is_source(self, node: Tag) -> bool:
        return node.name == "div" and self.source_class in _classes(node)

    def _in_text_block(self, p: Tag, main: Tag) -> bool:
        for parent in p.parents:
            if parent is main:
                return False
            classes = _classes(parent)
            if parent.name == "div" and all(c in classes for c in self.text_block_classes):
                return True
        return False

    def _in_caption(self, p: Tag, main: Tag) -> bool:
        for parent in p.parents:
            if parent is main:
                return False
            if any(c.startswith("cmsImage") or "caption" in c.lower() for c in _classes(parent)):
                return True
        return False

    def _link(self, anchor: Tag) -> Link | None:
        href = str(anchor.get("href", "")).strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            return None
        try:
            url = canonical_url(urljoin(self.url, href))
        except ValueError:
            return None
        title = node_text(anchor) or clean_text(str(anchor.get("title", "")))
        return Link(url=url, title=title)


CGTN_PARSERS: tuple[type[CGTNParserV1], ...] = (CGTNParserV1,)  # oldest first; the last one is current
