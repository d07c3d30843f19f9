"""Golden-file tests for the article parsers (fundus style).

Each ``pages/<name>.html`` has a ``pages/<name>.json`` holding the URL it stands for, the Content-Type it is
served with, the expected decoding, the parser class, and the expected Article *per parser version*. A new
markup generation (``CGTNParserV2``) adds a key instead of rewriting history. After a deliberate change, run
``STORYDIFF_REGEN_GOLDEN=1 pytest tests/sources/test_sources_golden.py`` and review the JSON diff.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sources.charset import decode_with_encoding
from sources.errors import ParseError
from sources.models import Article
from sources.parse import parser_for

PAGES = Path(__file__).parent / "pages"
GOLDEN = sorted(PAGES.glob("*.json"))


def article_dict(article: Article) -> dict[str, Any]:
    data = asdict(article)
    data["paragraphs"] = list(article.paragraphs)
    data["published_at"] = article.published_at.isoformat() if article.published_at else None
    data["links"] = [asdict(link) for link in article.links]
    return data


def outcome(html_bytes: bytes, spec: dict[str, Any]) -> tuple[str, str, str, dict[str, Any]]:
    text, encoding = decode_with_encoding(html_bytes, spec.get("content_type"))
    parser = parser_for(BeautifulSoup(text, "lxml"), spec["url"])
    try:
        result = article_dict(parser.parse())
    except ParseError as exc:
        result = {"error": exc.kind}
    return encoding, type(parser).__name__, parser.version, result


def test_every_page_has_a_golden_file() -> None:
    pages = {p.stem for p in PAGES.glob("*.html")}
    assert pages == {p.stem for p in GOLDEN}


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: p.stem)
def test_page_matches_golden(golden: Path) -> None:
    spec = json.loads(golden.read_text(encoding="utf-8"))
    encoding, parser_name, version, result = outcome(golden.with_suffix(".html").read_bytes(), spec)
    if os.environ.get("STORYDIFF_REGEN_GOLDEN"):
        spec.update(encoding=encoding, parser=parser_name)
        spec.setdefault("expected", {})[version] = result
        golden.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert encoding == spec["encoding"]
    assert parser_name == spec["parser"]
    assert result == spec["expected"][version]
