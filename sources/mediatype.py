"""Which response media types a fetch accepts, and a sniffer for responses that do not say."""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Accept", "accept_header", "accepted_types", "media_type", "sniff_media_type"]

Accept = Literal["html", "xml"]

_HTML = ("text/html", "application/xhtml+xml")
_XML = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")

_XML_START = re.compile(rb"^(?:<\?xml\b|<(?:rss|feed|urlset|sitemapindex|rdf:RDF)\b)", re.I)
_HTML_START = re.compile(rb"^(?:<!doctype\s+html|<html\b|<head\b|<body\b|<meta\b|<title\b|<p\b|<div\b)", re.I)
_LEADING_NOISE = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s|<!--.*?-->)*", re.S)


def accepted_types(accept: str) -> frozenset[str]:
    if accept == "html":
        return frozenset(_HTML)
    if accept == "xml":
        return frozenset(_HTML + _XML)
    raise ValueError(f"accept must be 'html' or 'xml', got {accept!r}")


def accept_header(accept: str) -> str:
    if accept == "xml":
        return (
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
            "text/html;q=0.5"
        )
    return "text/html, application/xhtml+xml;q=0.9"


def media_type(content_type: str | None) -> str | None:
    """``"Text/HTML; charset=utf-8"`` -> ``"text/html"``; None for a missing or empty header."""
    if not content_type:
        return None
    value = content_type.split(";", 1)[0].strip().lower()
    return value or None


def sniff_media_type(body: bytes) -> str | None:
    """Guess from the first bytes: XML documents and feeds, or HTML; None when it is neither."""
    head = _LEADING_NOISE.sub(b"", body[:1024], count=1)
    if _XML_START.match(head):
        if re.search(rb"<(?:!doctype\s+)?html\b", body[:1024], re.I):
            return "application/xhtml+xml"
        return "application/xml"
    if _HTML_START.match(head):
        return "text/html"
    return None
