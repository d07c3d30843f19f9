"""The Fetcher's pure helpers: retry timing, robots rules, charsets, media types, address policy, mirrors,
politeness scheduling and paragraph furniture."""

from __future__ import annotations

import asyncio
import ipaddress
from datetime import UTC, datetime

import pytest

from sources.charset import declared_charsets, decode_body, decode_with_encoding
from sources.errors import RefusedError
from sources.mediatype import accepted_types, media_type, sniff_media_type
from sources.mirrors import MirrorMap
from sources.netpolicy import check_address, check_url, host_allowed, is_public_ip
from sources.policy import FetchPolicy
from sources.politeness import Politeness
from sources.retry import backoff_delay, is_retryable_status, parse_retry_after
from sources.robots import ERROR_TTL, MIN_TTL, RobotsCache, RobotsResponse, robots_url, rules_from_response
from sources.textclean import is_boilerplate, is_caption, is_read_more, looks_like_subheading

# -- retry -----------------------------------------------------------------------------------------


def test_retry_after_forms() -> None:
    now = datetime(2025, 2, 18, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Tue, 18 Feb 2025 12:01:30 GMT", now) == 90.0
    assert parse_retry_after("Tue, 18 Feb 2025 11:00:00 GMT", now) == 0.0  # in the past: retry now
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("-5", now) is None
    assert parse_retry_after(None) is None and parse_retry_after("  ") is None


def test_backoff_full_jitter_is_bounded() -> None:
    assert [backoff_delay(a, 1.0, 60.0, lambda: 1.0) for a in (1, 2, 3, 7, 8)] == [1.0, 2.0, 4.0, 60.0, 60.0]
    assert backoff_delay(3, 1.0, 60.0, lambda: 0.0) == 0.0
    assert backoff_delay(2, 0.5, 60.0, lambda: 0.5) == 0.5


def test_retryable_statuses() -> None:
    assert [s for s in (200, 304, 400, 403, 404, 408, 429, 500, 502, 503, 504) if is_retryable_status(s)] == [
        429,
        500,
        502,
        503,
        504,
    ]


# -- robots (pure) ---------------------------------------------------------------------------------

ROBOTS = "User-agent: *\nDisallow: /*.do*\nDisallow: /*shareUrl*\nAllow: /news/\nCrawl-delay: 4\n"


def test_robots_rules_with_wildcards() -> None:
    rules = rules_from_response(RobotsResponse(200, ROBOTS), now=0.0, ttl=86400.0)
    assert rules.allowed("https://www.cgtn.com/news/2025-02-19/x/p.html", "storydiff")
    assert not rules.allowed("https://www.cgtn.com/subscribe/rss/section/world.do", "storydiff")
    assert not rules.allowed("https://www.cgtn.com/a?contents.0.shareBody.shareUrl=1", "storydiff")
    assert rules.crawl_delay("storydiff") == 4.0
    assert rules.expires_at == 86400.0


def test_robots_cache_control_shortens_but_never_below_floor() -> None:
    short = rules_from_response(RobotsResponse(200, ROBOTS, "public, max-age=3600"), now=10.0, ttl=86400.0)
    assert short.expires_at == 3610.0
    zero = rules_from_response(RobotsResponse(200, ROBOTS, "max-age=0"), now=10.0, ttl=86400.0)
    assert zero.expires_at == 10.0 + MIN_TTL
    longer = rules_from_response(RobotsResponse(200, ROBOTS, "max-age=999999"), now=0.0, ttl=100.0)
    assert longer.expires_at == 100.0


@pytest.mark.parametrize(
    ("status", "mode"), [(404, "allow_all"), (410, "allow_all"), (401, "disallow_all"), (403, "disallow_all")]
)
def test_robots_status_modes(status: int, mode: str) -> None:
    assert rules_from_response(RobotsResponse(status), now=0.0, ttl=86400.0).mode == mode


def test_robots_server_error_is_short_lived_disallow() -> None:
    rules = rules_from_response(RobotsResponse(503), now=5.0, ttl=86400.0)
    assert rules.mode == "disallow_all" and rules.expires_at == 5.0 + ERROR_TTL
    assert "temporary" in rules.reason


def test_robots_url_per_origin() -> None:
    assert robots_url("https://News.cgtn.com:443/news/a.html?x=1") == "https://news.cgtn.com/robots.txt"
    assert robots_url("http://127.0.0.1:8123/a") == "http://127.0.0.1:8123/robots.txt"


def test_robots_cache_loads_once_per_origin_and_expires() -> None:
    now = [0.0]
    loads: list[str] = []

    async def loader(url: str) -> RobotsResponse:
        loads.append(url)
        await asyncio.sleep(0)
        return RobotsResponse(200, "User-agent: *\nDisallow: /private\n")

    async def go() -> None:
        cache = RobotsCache(loader, ttl=100.0, clock=lambda: now[0])
        results = await asyncio.gather(*(cache.rules_for(f"https://a.com/{i}") for i in range(5)))
        assert all(r.allowed("https://a.com/x", "storydiff") for r in results)
        await cache.rules_for("https://b.com/")
        now[0] = 150.0
        assert cache.cached("https://a.com/") is None
        await cache.rules_for("https://a.com/")

    asyncio.run(go())
    assert loads == ["https://a.com/robots.txt", "https://b.com/robots.txt", "https://a.com/robots.txt"]


def test_robots_cache_loader_failure_disallows() -> None:
    async def loader(url: str) -> RobotsResponse:
        raise OSError("connection refused")

    rules = asyncio.run(RobotsCache(loader, ttl=100.0, clock=lambda: 0.0).rules_for("https://a.com/"))
    assert rules.mode == "disallow_all" and rules.expires_at == ERROR_TTL


# -- charset ---------------------------------------------------------------------------------------


def test_charset_declaration_order() -> None:
    body = b'<?xml version="1.0" encoding="iso-8859-15"?><html><head><meta charset="koi8-r">'
    assert list(declared_charsets(body, "text/html; charset=windows-1251")) == [
        "cp1251",
        "koi8-r",
        "iso8859-15",
    ]
    assert list(declared_charsets(b"\xef\xbb\xbf<html>", "text/html; charset=cp1251")) == ["utf-8"]


def test_latin1_label_means_windows_1252() -> None:
    text, enc = decode_with_encoding("“quoted”".encode("cp1252"), "text/html; charset=ISO-8859-1")
    assert (text, enc) == ("“quoted”", "cp1252")


def test_http_equiv_meta_and_xml_declaration() -> None:
    meta = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    assert decode_with_encoding(meta + "新闻".encode("gb2312"), None) == (meta.decode() + "新闻", "gb2312")
    xml = '<?xml version="1.0" encoding="windows-1251"?><rss><title>Лавров</title></rss>'
    assert decode_with_encoding(xml.encode("cp1251"), "application/xml")[1] == "cp1251"


def test_undeclared_bodies_are_detected() -> None:
    assert decode_with_encoding("Zelenskyy’s – café".encode(), None) == ("Zelenskyy’s – café", "utf-8")
    western = ("<p>" + "Plain English prose about the talks. " * 20 + "It’s “fine” – café.</p>").encode(
        "cp1252"
    )
    assert decode_with_encoding(western, None)[1] == "cp1252"
    cyrillic = (
        "<p>" + "Министр иностранных дел России Сергей Лавров провёл переговоры. " * 10 + "</p>"
    ).encode("cp1251")
    text, enc = decode_with_encoding(cyrillic, None)
    assert "Сергей Лавров" in text and enc == "cp1251"


def test_decode_body_returns_text_only() -> None:
    page = "<html><body><p>Talks in Istanbul, Türkiye’s largest city, lasted five hours.</p></body></html>"
    assert decode_body(page.encode("cp1252"), "text/html; charset=utf-8") == page


def test_bogus_utf16_meta_is_ignored() -> None:
    body = b'<html><head><meta charset="utf-16"></head><body>ok</body></html>'
    assert decode_with_encoding(body, None)[1] == "utf-8"


# -- media types -----------------------------------------------------------------------------------


def test_media_types() -> None:
    assert media_type("Text/HTML; charset=UTF-8") == "text/html"
    assert media_type("") is None and media_type(None) is None
    assert "application/rss+xml" in accepted_types("xml") and "text/html" in accepted_types("xml")
    assert "application/xml" not in accepted_types("html")


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "text/html"),
        (b"<!-- c --><html lang=en>", "text/html"),
        (b'<?xml version="1.0"?><rss version="2.0">', "application/xml"),
        (b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>", "application/xml"),
        (
            b'<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">',
            "application/xhtml+xml",
        ),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_sniffing(body: bytes, kind: str | None) -> None:
    assert sniff_media_type(body) == kind


# -- address policy --------------------------------------------------------------------------------


def test_host_patterns() -> None:
    patterns = ("*.cgtn.com", "xinhuanet.com")
    assert host_allowed("news.cgtn.com", patterns) and host_allowed("a.b.cgtn.com", patterns)
    assert not host_allowed("cgtn.com", patterns) and not host_allowed("evilcgtn.com", patterns)
    assert host_allowed("XINHUANET.com.", patterns) and not host_allowed("www.xinhuanet.com", patterns)
    assert host_allowed("anything.example", ())


@pytest.mark.parametrize(
    ("ip", "public"),
    [
        ("8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("2606:4700:4700::1111", True),
    ],
)
def test_public_ip(ip: str, public: bool) -> None:
    assert is_public_ip(ipaddress.ip_address(ip)) is public


def test_check_address_uses_resolver() -> None:
    policy = FetchPolicy()

    async def to(addresses: list[str]) -> None:
        async def resolver(host: str) -> list[str]:
            return addresses

        await check_address("http://x.test/", "x.test", policy, resolver)

    asyncio.run(to(["93.184.215.14"]))
    with pytest.raises(RefusedError, match="non-public"):
        asyncio.run(to(["93.184.215.14", "10.0.0.7"]))

    async def unresolvable(host: str) -> list[str]:
        raise OSError("no such host")

    asyncio.run(
        check_address("http://x.test/", "x.test", policy, unresolvable)
    )  # let the request fail itself


def test_check_url_refusals() -> None:
    policy = FetchPolicy()
    assert check_url("https://News.cgtn.com/a", policy) == "news.cgtn.com"
    for url, why in [
        ("https://u@news.cgtn.com/", "userinfo"),
        ("gopher://x/", "scheme"),
        ("http:///nohost", "no host"),
        ("http://x.com:99999/", "malformed"),
        ("http://127.0.0.1/", "private"),
    ]:
        with pytest.raises(RefusedError, match=why):
            check_url(url, policy)


# -- mirrors ---------------------------------------------------------------------------------------


def test_mirror_mapping_both_ways_longest_prefix() -> None:
    m = MirrorMap(
        (
            ("https://news.cgtn.com/", "http://127.0.0.1:1/n/"),
            ("https://news.cgtn.com/news/", "http://127.0.0.1:1/deep/"),
        )
    )
    assert m.to_local("https://news.cgtn.com/robots.txt") == "http://127.0.0.1:1/n/robots.txt"
    assert m.to_local("https://news.cgtn.com/news/a/p.html") == "http://127.0.0.1:1/deep/a/p.html"
    assert m.to_public("http://127.0.0.1:1/n/x") == "https://news.cgtn.com/x"
    assert m.to_local("https://other.com/") == "https://other.com/" and not MirrorMap()


# -- politeness ------------------------------------------------------------------------------------


def test_politeness_spaces_starts_per_host_only() -> None:
    slept: list[float] = []

    async def sleep(d: float) -> None:
        slept.append(d)

    async def go() -> None:
        gate = Politeness(total=4, per_host=2, clock=lambda: 50.0, sleep=sleep)
        for host in ("a", "a", "b", "a"):
            async with gate.slot(host, 2.0):
                pass

    asyncio.run(go())
    assert slept == [2.0, 4.0]  # a@50, a@52, b@50 (no wait), a@54


def test_politeness_limits_concurrency() -> None:
    active = 0
    peak: dict[str, int] = {"a": 0, "total": 0}
    per_host: dict[str, int] = {}

    async def worker(gate: Politeness, host: str) -> None:
        nonlocal active
        async with gate.slot(host, 0.0):
            active += 1
            per_host[host] = per_host.get(host, 0) + 1
            peak["total"] = max(peak["total"], active)
            peak["a"] = max(peak["a"], per_host.get("a", 0))
            for _ in range(3):
                await asyncio.sleep(0)
            active -= 1
            per_host[host] -= 1

    async def go() -> None:
        gate = Politeness(total=3, per_host=2, clock=lambda: 0.0, sleep=asyncio.sleep)
        await asyncio.gather(*(worker(gate, h) for h in "aaaaabbbbcccc"))

    asyncio.run(go())
    assert peak["a"] == 2 and peak["total"] == 3


# -- furniture -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Delegations meet in Riyadh, Saudi Arabia, February 18, 2025. /VCG",
        "Sergei Lavrov arrives. /Xinhua",
        "A view of the city. /CFP",
        "The meeting room /Reuters",
        "Protesters gather. / AFP",
        "Photo taken in Kyiv. /AP",
        "A screenshot of the video./CGTN",
    ],
)
def test_captions(text: str) -> None:
    assert is_caption(text)


@pytest.mark.parametrize(
    "text",
    [
        "The talks ended after four and a half hours.",
        "He spoke to the AP.",
        "Prices rose 3/4 of a point on the year.",
        "The council voted 10/AP-style rules aside, it passed.",
    ],
)
def test_not_captions(text: str) -> None:
    assert not is_caption(text)


def test_banners_and_teasers() -> None:
    for text in [
        "By continuing to browse our site you agree to our use of cookies, revised Privacy Policy.",
        "CHOOSE YOUR LANGUAGE",
        "Translating...",
        "Content is automatically generated by Microsoft Azure Translator Text API",
        "Editor's note: CGTN's First Voice provides instant commentary on breaking stories.",
        "(If you want to contribute and have specific expertise, please contact us at opinions@cgtn.com.)",
    ]:
        assert is_boilerplate(text), text
    assert not is_boilerplate("Lavrov said the talks were very useful.")
    assert (
        is_read_more("Read more:")
        and is_read_more("Read more: Trump and Putin talk")
        and is_read_more("READ MORE")
    )
    assert not is_read_more("Readers wanted more detail.")
    assert looks_like_subheading("Serious discussion") and not looks_like_subheading("It was serious.")
    assert not looks_like_subheading("“We will not accept it,” he said.")
    assert not looks_like_subheading("Rubio: “It was a first step.”")  # ends inside a quote: a sentence


def test_utf8_with_a_few_broken_bytes_stays_utf8() -> None:
    """A real UTF-8 page with one bad byte run keeps every correct character; only the bad bytes are replaced."""
    from sources.charset import decode_with_encoding

    good = "Zelensky met the crown prince — «talks were constructive», said Kyiv. Привет. ".encode()
    body = good * 5 + b"\xed\xa0\x80 broken" + good
    text, codec = decode_with_encoding(body, "text/html; charset=utf-8")
    assert codec == "utf-8"
    assert text.count("«talks were constructive»") == 6 and "Привет" in text
    assert "\ufffd" in text  # the broken run is visible as replacement characters, not silently dropped
    cp1252 = "Curly \u201cquotes\u201d and an em dash \u2014 only.".encode("cp1252")
    assert decode_with_encoding(cp1252, "text/html; charset=utf-8") == (
        "Curly \u201cquotes\u201d and an em dash \u2014 only.",
        "cp1252",
    )
