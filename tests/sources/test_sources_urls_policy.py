"""URL identity (canonical_url, CGTN ids) and FetchPolicy validation."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from sources import FetchPolicy, canonical_url, cgtn_news_id
from sources.urls import is_cgtn_article_url, registrable_domain

ART = "https://news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/p.html"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://News.CGTN.com:443/news/a.html#top", "https://news.cgtn.com/news/a.html"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        (ART + "?utm_source=rss&UTM_Medium=feed&UTM_Campaign=World", ART),
        (ART + "?UTM_Source=cgtn&fbclid=abc&gclid=1&spm=C96370.PPDB2vhvSivD&msclkid=z", ART),
        ("https://e.com/search?q=b&a=2&utm_term=x", "https://e.com/search?a=2&q=b"),
        ("https://user:pw@e.com/a", "https://e.com/a"),
        ("https://e.com/a?q=hello%20world&x=", "https://e.com/a?q=hello%20world&x="),
        ("https://[2001:db8::1]:443/a", "https://[2001:db8::1]/a"),
    ],
)
def test_canonical_url(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected
    assert canonical_url(expected) == expected  # idempotent


@pytest.mark.parametrize("bad", ["/relative/path", "ftp://e.com/x", "mailto:a@b.c", "", "http://"])
def test_canonical_url_rejects_non_http(bad: str) -> None:
    with pytest.raises(ValueError):
        canonical_url(bad)


def test_canonical_link_preferred_only_on_the_same_site() -> None:
    page = "https://newseu.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/share_amp.html?utm_source=x"
    assert canonical_url(page, ART + "?utm_medium=y") == ART
    assert canonical_url(page, "https://evil.example/hijack") == canonical_url(page)
    assert canonical_url(page, "/news/relative.html") == canonical_url(page)
    assert canonical_url(page, "javascript:void(0)") == canonical_url(page)
    assert (
        canonical_url("https://www.bbc.co.uk/news/1", "https://bbc.co.uk/news/1")
        == "https://bbc.co.uk/news/1"
    )
    assert canonical_url("https://a.co.uk/1", "https://b.co.uk/1") == "https://a.co.uk/1"


def test_registrable_domain() -> None:
    assert registrable_domain("news.cgtn.com") == "cgtn.com"
    assert registrable_domain("www.xinhua.com.cn") == "xinhua.com.cn"
    assert registrable_domain("127.0.0.1") == "127.0.0.1"


@pytest.mark.parametrize(
    ("url", "news_id"),
    [
        (ART, "1B6QoQPl8EE"),
        ("https://newsaf.cgtn.com/news/2026-07-17/Some-story-1OPKUEx6JPi/share_amp.html", "1OPKUEx6JPi"),
        (
            "https://newseu.cgtn.com/news/2025-01-02/UAE-MoUs-with-Chinese-banks--1MOK7m4n3zO/p.html",
            "1MOK7m4n3zO",
        ),
        (
            "http://NEWSUS.cgtn.com/news/2021-03-09/Up-and-Out-of-Poverty-Ep-1-YuOUaOzGQU/index.html?x=1",
            "YuOUaOzGQU",
        ),
        (
            "https://news.cgtn.com/news/3d3d514d3055444e32457a6333566d54/share_p.html",
            "3d3d514d3055444e32457a6333566d54",
        ),
        ("https://www.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/p.html", None),
        ("https://news.cgtn.com/news/2025-02-19/", None),
        ("https://news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/amp.html", None),
        ("not a url", None),
    ],
)
def test_cgtn_news_id(url: str, news_id: str | None) -> None:
    assert cgtn_news_id(url) == news_id
    assert is_cgtn_article_url(url) == (news_id is not None)


def test_policy_defaults() -> None:
    p = FetchPolicy()
    assert p.user_agent == "storydiff/0.1 (+https://github.com/storydiff/storydiff; news change tracker)"
    assert (p.timeout, p.deadline, p.max_bytes, p.max_redirects) == (20.0, 60.0, 10 * 1024 * 1024, 5)
    assert (p.retries, p.backoff_base, p.backoff_max, p.max_retry_after) == (3, 1.0, 60.0, 120.0)
    assert (p.per_host_concurrency, p.per_host_delay, p.total_concurrency) == (2, 1.0, 8)
    assert (p.respect_robots, p.robots_ttl, p.allowed_hosts, p.allow_private, p.mirrors) == (
        True,
        86400.0,
        (),
        False,
        (),
    )
    assert p.robots_agent == "storydiff"
    hash(p)


def test_policy_normalises_config_values() -> None:
    config: dict[str, Any] = {  # as read from TOML: lists, not tuples
        "allowed_hosts": ["News.CGTN.com.", "*.Xinhua.net"],
        "mirrors": [["https://a.com/", "http://127.0.0.1:1/a/"]],
    }
    p = FetchPolicy(**config)
    assert p.allowed_hosts == ("news.cgtn.com", "*.xinhua.net")
    assert p.mirrors == (("https://a.com/", "http://127.0.0.1:1/a/"),)
    assert dataclasses.replace(p, allowed_hosts=("x.org",)).allowed_hosts == ("x.org",)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timeout", 0, "timeout"),
        ("deadline", -1.0, "deadline"),
        ("deadline", float("inf"), "deadline"),
        ("max_bytes", 0, "max_bytes"),
        ("max_bytes", 1.5, "max_bytes"),
        ("retries", -1, "retries"),
        ("max_redirects", True, "max_redirects"),
        ("per_host_concurrency", 0, "per_host_concurrency"),
        ("total_concurrency", 0, "total_concurrency"),
        ("per_host_delay", -0.1, "per_host_delay"),
        ("backoff_max", 0.5, "backoff_max"),
        ("user_agent", "", "user_agent"),
        ("user_agent", "bot\r\nX-Evil: 1", "user_agent"),
        ("allowed_hosts", ("https://cgtn.com/",), "allowed_hosts"),
        ("allowed_hosts", ("news.*.com",), "allowed_hosts"),
        ("mirrors", (("news.cgtn.com", "http://127.0.0.1/"),), "mirror public prefix"),
        ("mirrors", (("https://news.cgtn.com/", "/local"),), "mirror local prefix"),
    ],
)
def test_policy_validation(field: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FetchPolicy(**{field: value})  # type: ignore[arg-type]
