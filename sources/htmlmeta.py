"""Page-level metadata shared by the parsers: ``<meta>`` values, the canonical link, the language."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from .textclean import clean_text
from .urls import canonical_url

__all__ = ["canonical_href", "html_language", "meta_content", "page_url"]


def meta_content(soup: BeautifulSoup, key: str) -> str | None:
    """Cleaned content of ``<meta property|name|itemprop=key>`` (key case-insensitive); None if empty."""
    key = key.lower()
    for tag in soup.find_all("meta"):
        names = (tag.get("property"), tag.get("name"), tag.get("itemprop"))
        if any(isinstance(n, str) and n.strip().lower() == key for n in names):
            value = clean_text(str(tag.get("content") or ""))
            if value:
                return value
    return None


def canonical_href(soup: BeautifulSoup) -> str | None:
    for tag in soup.find_all("link", href=True):
        rel = tag.get("rel")
        rels = rel if isinstance(rel, list) else str(rel or "").split()
        if "canonical" in (r.lower() for r in rels):
            return str(tag["href"]).strip() or None
    return None


def html_language(soup: BeautifulSoup, default: str = "en") -> str:
    html = soup.find("html")
    lang = html.get("lang") if isinstance(html, Tag) else None
    return str(lang).strip().lower() if isinstance(lang, str) and lang.strip() else default


def page_url(url: str, canonical: str | None) -> str:
    """Canonical form of an http(s) page URL; other inputs (a file path) are returned unchanged."""
    try:
        return canonical_url(url, canonical)
    except ValueError:
        return url
