"""News sources: polite HTTP fetching, CGTN and generic article parsers, feed and sitemap discovery."""

from __future__ import annotations

from .discovery import candidates_from_links, parse_news_sitemap, parse_rss, sitemap_children
from .errors import (
    ContentTypeError,
    FetchError,
    HTTPStatusError,
    NetworkError,
    ParseError,
    RedirectError,
    RefusedError,
    RobotsDisallowed,
    SourceError,
    TimeoutError_,
    TooLargeError,
)
from .fetch import Fetcher
from .models import Article, Candidate, Link, Page
from .parse import parse_article
from .policy import FetchPolicy
from .robots_store import FileRobotsStore
from .urls import canonical_url, cgtn_news_id

__all__ = [
    "Article",
    "Candidate",
    "ContentTypeError",
    "FetchError",
    "FetchPolicy",
    "Fetcher",
    "FileRobotsStore",
    "HTTPStatusError",
    "Link",
    "NetworkError",
    "Page",
    "ParseError",
    "RedirectError",
    "RefusedError",
    "RobotsDisallowed",
    "SourceError",
    "TimeoutError_",
    "TooLargeError",
    "candidates_from_links",
    "canonical_url",
    "cgtn_news_id",
    "parse_article",
    "parse_news_sitemap",
    "parse_rss",
    "sitemap_children",
]
