"""Deterministic ids and hashes: the same inputs always give the same keys, so a rebuild mints no new ids."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

TAG_DATE = "2025"  # the constant date of every tag: URI we mint (RFC 4151); never change it


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(obj: object) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def article_id(url: str) -> str:
    """First 16 hex of sha256 of the canonical URL (canonicalising is the sources package's job)."""
    return _sha256(url)[:16]


def fact_id(article_id: str, version: int, position: int, text: str) -> str:
    """Deterministic fact key: which article version, where in it, and what it says."""
    return _sha256(_canonical([article_id, version, position, text]))[:16]


def content_hash(title: str, paragraphs: Sequence[str]) -> str:
    """Hash of what a reader sees (headline + body), so page chrome changing does not make a new version."""
    return _sha256(_canonical({"title": title, "paragraphs": list(paragraphs)}))


def entry_id(tag_authority: str, story: str, dev_key: str) -> str:
    """The Atom id of a development; called once, at first sight, and then read back from the table."""
    return f"tag:{tag_authority},{TAG_DATE}:{story}/dev/{dev_key}"
