"""Choose the parser for a page and run it: the single entry point from HTML text to an Article."""

from __future__ import annotations

from typing import Protocol
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from .cgtn import CGTN_PARSERS
from .generic import GenericParser
from .models import Article
from .urls import is_cgtn_host

__all__ = ["ArticleParser", "parse_article", "parser_for"]


class ArticleParser(Protocol):
    version: str

    def parse(self) -> Article: ...


def _soup(html: str) -> BeautifulSoup:
    # lxml recovers from truncated and malformed markup the way browsers do, and is the fastest builder.
    return BeautifulSoup(html, "lxml")


def parser_for(soup: BeautifulSoup, url: str) -> ArticleParser:
    """CGTN's current parser for CGTN hosts, or for other origins (a local file, a mirror) whose markup is
    CGTN's (``#cmsMainContent``); the generic parser otherwise."""
    host = urlsplit(url).hostname if "://" in url else None
    if (host and is_cgtn_host(host)) or soup.find(id="cmsMainContent") is not None:
        return CGTN_PARSERS[-1](soup, url)
    return GenericParser(soup, url)


def parse_article(html: str, url: str) -> Article:
    """Parse one article page. Pure: no I/O. ``url`` is where the page came from (an http(s) URL or a path).

    Raises ``ParseError`` when the page holds no article body (a video-only item, an index or error page).
    """
    return parser_for(_soup(html), url).parse()
