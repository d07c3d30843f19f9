"""Article parsing beyond the golden files: what must never reach the body, parser choice, dates, and the
evaluation kit's rendered pages."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sources import ParseError, parse_article
from sources.cgtn import parse_cgtn_date

PAGES = Path(__file__).parent / "pages"
BASELINE_URL = "https://news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/p.html"
SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"


def page(name: str) -> str:
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


def test_baseline_body_has_no_furniture() -> None:
    article = parse_article(page("cgtn_p_baseline"), BASELINE_URL + "?utm_source=rss")
    body = article.body
    for furniture in (
        "/VCG",
        "cookies",
        "CHOOSE YOUR LANGUAGE",
        "Translating",
        "Azure",
        "Read more",
        "Serious discussion",
        "Three points agreed",
        "Trump and Putin agree to start talks",
        "Source(s)",
        "hotline",
        "互联网",
    ):
        assert furniture not in body, furniture
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("Russia and the United States agreed on Tuesday")
    assert "“serious”" in article.paragraphs[2]  # entities decoded, NFC text
    assert article.url == BASELINE_URL and article.publisher_id == "1B6QoQPl8EE"
    assert article.published_at == datetime(2025, 2, 19, 5, 22, tzinfo=UTC)  # 13:22 Beijing


def test_baseline_related_links() -> None:
    links = parse_article(page("cgtn_p_baseline"), BASELINE_URL).links
    assert [link.url for link in links] == [
        "https://news.cgtn.com/news/2025-02-13/Trump-and-Putin-hold-phone-call-1AyTzXcVbNm/p.html",
        "https://news.cgtn.com/news/2025-02-28/Russian-and-U-S-diplomats-meet-in-Istanbul-1IsTaNbUl01/p.html",
        "https://newseu.cgtn.com/news/2025-02-17/European-leaders-meet-in-Paris-on-Ukraine-1PaRiSmEeT0/index.html",
    ]
    assert links[0].title == "Trump and Putin agree to start talks in a long phone call"
    assert BASELINE_URL not in {link.url for link in links}  # never itself


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:48, 18-Feb-2025", datetime(2025, 2, 18, 13, 48, tzinfo=UTC)),
        ("Updated 13:22, 19-Feb-2025", datetime(2025, 2, 19, 5, 22, tzinfo=UTC)),
        ("  Updated  02:05,  01-Jan-2025 ", datetime(2024, 12, 31, 18, 5, tzinfo=UTC)),
        ("20:01, 24-FEB-2022", datetime(2022, 2, 24, 12, 1, tzinfo=UTC)),
        ("09:00, 30-Feb-2025", None),
        ("18-Feb-2025", None),
        ("", None),
    ],
)
def test_cgtn_dates_are_beijing_time(text: str, expected: datetime | None) -> None:
    assert parse_cgtn_date(text) == expected


def test_cgtn_markup_recognised_on_any_origin(tmp_path: Path) -> None:
    """A saved page or a local server: no CGTN host, but CGTN markup -> the CGTN parser."""
    path = tmp_path / "baseline.html"
    path.write_text(page("cgtn_p_baseline"), encoding="utf-8")
    for where in (str(path), "http://127.0.0.1:8000/baseline.html"):
        article = parse_article(page("cgtn_p_baseline"), where)
        assert article.publisher == "cgtn" and len(article.paragraphs) == 5
        assert article.publisher_id == "1B6QoQPl8EE"  # from the canonical link
    assert parse_article(page("cgtn_p_baseline"), str(path)).url == str(path)  # a file keeps its path


def test_news_id_from_script_when_urls_have_none() -> None:
    html = page("cgtn_p_baseline").replace('<link rel="canonical"', '<link rel="alternate"')
    assert parse_article(html, "http://127.0.0.1:8000/x.html").publisher_id == "1B6QoQPl8EE"


def test_video_page_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="no article body found") as info:
        parse_article(page("cgtn_video"), "https://news.cgtn.com/news/2025-02-18/Lavrov-1B5VidEoXyZ/p.html")
    assert info.value.kind == "parse"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body><p>Short.</p></body></html>",
        "<html><body><nav><a href='/a'>World</a></nav></body></html>",
        "not html at all",
    ],
)
def test_pages_without_body_raise(html: str) -> None:
    with pytest.raises(ParseError):
        parse_article(html, "https://www.example.org/world/2025/03/12/x")


def test_generic_falls_back_to_loose_paragraphs() -> None:
    html = """<html><head><meta property="og:title" content="Talks end in Riyadh"></head><body>
    <div class="nav"><p>Home</p><p>World</p></div>
    <div class="content"><p>Russian and U.S. officials ended talks in Riyadh after about twelve hours.</p>
    <p>The delegations discussed a ceasefire at sea and a halt to strikes on energy sites.</p>
    <p>Photo shows the hotel where the talks took place. /Reuters</p></div></body></html>"""
    article = parse_article(
        html, "https://www.example.org/world/2025/03/24/talks-end-in-riyadh-after-12-hours"
    )
    assert article.title == "Talks end in Riyadh" and article.publisher == "www.example.org"
    assert len(article.paragraphs) == 2 and article.published_at is None


def test_generic_json_ld_article_body_wins() -> None:
    body = (
        "First paragraph of the story, long enough to count as prose.\\n\\n"
        "Second paragraph, equally plain and long."
    )
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "H", '
        f'"articleBody": "{body}", "author": "Desk", "datePublished": "2025-03-24"}}</script></head>'
        "<body><article><p>Markup text that should not be used because JSON-LD has the body.</p></article>"
        "</body></html>"
    )
    article = parse_article(html, "https://www.example.org/world/2025/03/24/h")
    assert article.paragraphs == (
        "First paragraph of the story, long enough to count as prose.",
        "Second paragraph, equally plain and long.",
    )
    assert article.author == "Desk" and article.published_at == datetime(2025, 3, 24, tzinfo=UTC)


@pytest.mark.skipif(not (SHARED_EVAL / "render.py").exists(), reason="shared eval kit not present")
def test_eval_kit_pages_parse_to_their_gold_paragraphs(tmp_path: Path) -> None:
    """The evaluation kit renders CGTN-style pages from gold sentences: we must read back exactly those."""
    import yaml

    gold = SHARED_EVAL / "dev" / "story.yaml"
    base = "http://127.0.0.1:8000"
    subprocess.run(
        [sys.executable, str(SHARED_EVAL / "render.py"), str(gold), str(tmp_path), "--base-url", base],
        check=True,
        capture_output=True,
    )
    story = yaml.safe_load(gold.read_text(encoding="utf-8"))
    for doc in [story["baseline"], *story["articles"]]:
        expected = [
            " ".join(s["text"] if isinstance(s, dict) else s for s in para) for para in doc["paragraphs"]
        ]
        url = f"{base}/{doc['id']}.html"
        article = parse_article((tmp_path / f"{doc['id']}.html").read_text(encoding="utf-8"), url)
        assert list(article.paragraphs) == expected, doc["id"]
        assert article.title == doc["title"]
        assert article.published_at == datetime.fromisoformat(doc["published"]).astimezone(UTC)
        related = {f"{base}/{r}.html" for r in doc.get("related", [])}
        assert {link.url for link in article.links} == related, doc["id"]
