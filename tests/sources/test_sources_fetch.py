"""The Fetcher against a real HTTP server on loopback: every fault a user can meet, and what they get back."""

from __future__ import annotations

import asyncio
import hashlib
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from sources import Fetcher, FetchPolicy, FileRobotsStore, Page, parse_article
from sources.errors import (
    ContentTypeError,
    HTTPStatusError,
    NetworkError,
    RedirectError,
    RefusedError,
    RobotsDisallowed,
    TimeoutError_,
    TooLargeError,
)
from tests.sources.srcfixtures import FaultServer, Handler, RecordingSleep, Route, fast_policy, run

HTML = "<!doctype html><html><head><title>t</title></head><body><p>Hello, world.</p></body></html>"


def fetch(url: str, policy: FetchPolicy, sleep: RecordingSleep, **kw: object) -> Page:
    async def go() -> Page:
        async with Fetcher(policy, sleep=sleep, rng=lambda: 1.0) as f:
            return await f.fetch(url, **kw)  # type: ignore[arg-type]

    return run(go())


def html_route(server: FaultServer, path: str, body: str = HTML, **kw: object) -> None:
    server.routes[path] = lambda h: h.send_body(200, body, **kw)  # type: ignore[arg-type]


# -- success ---------------------------------------------------------------------------------------


def test_plain_page_fields(server: FaultServer, sleep: RecordingSleep) -> None:
    html_route(server, "/a.html", headers={"ETag": '"v1"', "Last-Modified": "Tue, 18 Feb 2025 13:48:00 GMT"})
    page = fetch(server.url("/a.html"), fast_policy(), sleep)
    assert (page.status, page.text, page.content_type, page.encoding) == (200, HTML, "text/html", "utf-8")
    assert page.url == page.final_url == server.url("/a.html")
    assert page.content_hash == hashlib.sha256(HTML.encode()).hexdigest()
    assert page.size == len(HTML.encode())
    assert (page.etag, page.last_modified) == ('"v1"', "Tue, 18 Feb 2025 13:48:00 GMT")
    assert page.attempts == 1 and not page.not_modified
    assert page.fetched_at.tzinfo is not None and page.fetched_at.utcoffset() == timedelta(0)
    sent = next(r for r in server.requests if r.path == "/a.html").headers
    assert sent["User-Agent"].startswith("storydiff/0.1 (+https://github.com/storydiff/storydiff")
    assert sent["Accept"].startswith("text/html")
    assert sleep.calls == []


def test_conditional_get_returns_304_page(server: FaultServer, sleep: RecordingSleep) -> None:
    lm = "Wed, 19 Feb 2025 05:22:00 GMT"

    def conditional(h: Handler) -> None:
        if h.headers.get("If-None-Match") == '"v1"' or h.headers.get("If-Modified-Since") == lm:
            h.send_body(304, b"", None, {"ETag": '"v1"'}, content_length=0)
        else:
            h.send_body(200, HTML, headers={"ETag": '"v1"', "Last-Modified": lm})

    server.routes["/c.html"] = conditional
    first = fetch(server.url("/c.html"), fast_policy(), sleep)
    again = fetch(
        server.url("/c.html"), fast_policy(), sleep, etag=first.etag, last_modified=first.last_modified
    )
    by_date = fetch(server.url("/c.html"), fast_policy(), sleep, last_modified=lm)
    assert first.status == 200 and first.etag == '"v1"'
    for page in (again, by_date):
        assert page.not_modified and page.status == 304
        assert (page.text, page.content_hash, page.size, page.encoding) == ("", None, 0, None)
    assert again.etag == '"v1"'


def test_missing_content_type_is_sniffed(server: FaultServer, sleep: RecordingSleep) -> None:
    html_route(server, "/bare", content_type=None)
    page = fetch(server.url("/bare"), fast_policy(), sleep)
    assert page.content_type == "text/html" and page.text == HTML


def test_feed_accepted_only_with_accept_xml(server: FaultServer, sleep: RecordingSleep) -> None:
    rss = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel></channel></rss>'
    html_route(server, "/world.xml", rss, content_type="application/rss+xml")
    page = fetch(server.url("/world.xml"), fast_policy(), sleep, accept="xml")
    assert page.content_type == "application/rss+xml" and page.text == rss
    with pytest.raises(ContentTypeError):
        fetch(server.url("/world.xml"), fast_policy(), sleep)


def test_non_html_content_type_refused(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/doc.pdf"] = lambda h: h.send_body(200, b"%PDF-1.7 ...", "application/pdf")
    with pytest.raises(ContentTypeError) as info:
        fetch(server.url("/doc.pdf"), fast_policy(), sleep)
    assert info.value.kind == "content_type" and info.value.attempts == 1


def test_unsniffable_body_without_content_type_refused(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/blob"] = lambda h: h.send_body(200, b"\x00\x01binary", None)
    with pytest.raises(ContentTypeError):
        fetch(server.url("/blob"), fast_policy(), sleep)


def test_wrong_declared_charset_falls_back_to_detection(server: FaultServer, sleep: RecordingSleep) -> None:
    text = (
        "<html><body><p>Russia’s envoy met U.S. officials in Türkiye – talks lasted hours.</p></body></html>"
    )
    server.routes["/cp1252"] = lambda h: h.send_body(200, text.encode("cp1252"), "text/html; charset=utf-8")
    page = fetch(server.url("/cp1252"), fast_policy(), sleep)
    assert page.encoding == "cp1252"
    assert page.text == text and "\ufffd" not in page.text


def test_meta_charset_used_when_header_has_none(server: FaultServer, sleep: RecordingSleep) -> None:
    text = '<html><head><meta charset="windows-1251"></head><body><p>Лавров и Рубио.</p></body></html>'
    server.routes["/ru"] = lambda h: h.send_body(200, text.encode("cp1251"), "text/html")
    page = fetch(server.url("/ru"), fast_policy(), sleep)
    assert page.encoding == "cp1251" and "Лавров и Рубио." in page.text


# -- retries ---------------------------------------------------------------------------------------


def fail_then_ok(server: FaultServer, path: str, failures: int, status: int, headers: dict[str, str]) -> None:
    def route(h: Handler) -> None:
        if server.hits(path) <= failures:
            h.send_body(status, b"busy", "text/plain", headers)
        else:
            h.send_body(200, HTML)

    server.routes[path] = route


def test_429_with_retry_after_seconds(server: FaultServer, sleep: RecordingSleep) -> None:
    fail_then_ok(server, "/r", 1, 429, {"Retry-After": "7"})
    page = fetch(server.url("/r"), fast_policy(), sleep)
    assert page.status == 200 and page.attempts == 2
    assert sleep.calls == [7.0]


def test_429_with_retry_after_http_date(server: FaultServer, sleep: RecordingSleep) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    fail_then_ok(server, "/r", 1, 429, {"Retry-After": when})
    page = fetch(server.url("/r"), fast_policy(), sleep)
    assert page.attempts == 2
    assert len(sleep.calls) == 1 and 0 < sleep.calls[0] <= 30.0


def test_retry_after_beyond_cap_gives_up_without_sleeping(server: FaultServer, sleep: RecordingSleep) -> None:
    fail_then_ok(server, "/r", 1, 503, {"Retry-After": "3600"})
    with pytest.raises(HTTPStatusError) as info:
        fetch(server.url("/r"), fast_policy(), sleep)
    assert (info.value.status, info.value.attempts, info.value.kind) == (503, 1, "http_status")
    assert sleep.calls == [] and server.hits("/r") == 1


def test_503_then_200_uses_exponential_backoff(server: FaultServer, sleep: RecordingSleep) -> None:
    fail_then_ok(server, "/r", 2, 503, {})
    page = fetch(server.url("/r"), fast_policy(backoff_base=0.5), sleep)
    assert page.attempts == 3
    assert sleep.calls == [0.5, 1.0]  # rng pinned to 1.0: the top of the full-jitter range


def test_persistent_5xx_exhausts_retries(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/down"] = lambda h: h.send_body(502, b"bad gateway", "text/plain")
    with pytest.raises(HTTPStatusError) as info:
        fetch(server.url("/down"), fast_policy(retries=3, backoff_base=1.0, backoff_max=3.0), sleep)
    assert (info.value.status, info.value.attempts) == (502, 4)
    assert server.hits("/down") == 4
    assert sleep.calls == [1.0, 2.0, 3.0]  # capped by backoff_max


def test_404_is_not_retried(server: FaultServer, sleep: RecordingSleep) -> None:
    with pytest.raises(HTTPStatusError) as info:
        fetch(server.url("/missing"), fast_policy(), sleep)
    assert (info.value.status, info.value.attempts) == (404, 1)
    assert server.hits("/missing") == 1 and sleep.calls == []


def test_hanging_response_hits_the_deadline(server: FaultServer, sleep: RecordingSleep) -> None:
    def hang(h: Handler) -> None:
        server.release.wait(30)

    server.routes["/hang"] = hang
    with pytest.raises(TimeoutError_) as info:
        fetch(server.url("/hang"), fast_policy(deadline=0.3, retries=1, backoff_base=0.0), sleep)
    assert info.value.kind == "timeout" and info.value.attempts == 2
    assert server.hits("/hang") == 2


def test_hanging_body_hits_the_deadline(server: FaultServer, sleep: RecordingSleep) -> None:
    def slow_body(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        h.wfile.write(b"<html><body><p>first bytes")
        h.wfile.flush()
        server.release.wait(30)

    server.routes["/slow"] = slow_body
    with pytest.raises(TimeoutError_):
        fetch(server.url("/slow"), fast_policy(deadline=0.3, retries=0), sleep)


def test_truncated_body_is_retried_then_network_error(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/cut"] = lambda h: h.send_body(200, b"<html><body>" + b"x" * 500, content_length=1000)
    with pytest.raises(NetworkError) as info:
        fetch(server.url("/cut"), fast_policy(retries=2, backoff_base=0.01), sleep)
    assert info.value.kind == "network" and info.value.attempts == 3
    assert server.hits("/cut") == 3


def test_truncated_once_then_complete(server: FaultServer, sleep: RecordingSleep) -> None:
    def route(h: Handler) -> None:
        if server.hits("/flaky") == 1:
            h.send_body(200, HTML[:20], content_length=len(HTML))
        else:
            h.send_body(200, HTML)

    server.routes["/flaky"] = route
    page = fetch(server.url("/flaky"), fast_policy(backoff_base=0.01), sleep)
    assert page.text == HTML and page.attempts == 2


def test_connection_refused_is_network_error(sleep: RecordingSleep) -> None:
    srv = FaultServer()
    url = srv.url("/x")
    srv.server_close()  # nothing listens on that port any more
    with pytest.raises(NetworkError) as info:
        fetch(url, fast_policy(retries=1, backoff_base=0.0, respect_robots=False), sleep)
    assert info.value.attempts == 2


# -- size cap --------------------------------------------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def stream_body(h: Handler, declare_length: bool) -> None:
    """Send 50 MB in 64 KiB chunks (never held in memory at once) until done or the client hangs up."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    if declare_length:
        h.send_header("Content-Length", str(FIFTY_MB))
    h.end_headers()
    chunk = b"<p>" + b"a" * (64 * 1024 - 3)
    for _ in range(FIFTY_MB // len(chunk)):
        h.wfile.write(chunk)


def test_declared_oversize_rejected_before_reading(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/big"] = lambda h: stream_body(h, declare_length=True)
    with pytest.raises(TooLargeError) as info:
        fetch(server.url("/big"), fast_policy(), sleep)
    assert info.value.kind == "too_large" and info.value.attempts == 1
    assert "Content-Length" in str(info.value)


def test_streamed_oversize_stops_at_the_cap(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/big"] = lambda h: stream_body(h, declare_length=False)
    with pytest.raises(TooLargeError) as info:
        fetch(server.url("/big"), fast_policy(), sleep)  # default cap: 10 MiB
    assert info.value.attempts == 1 and server.hits("/big") == 1
    assert "10485760-byte cap" in str(info.value)


# -- redirects -------------------------------------------------------------------------------------


def test_redirect_followed_and_final_url_reported(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/old"] = lambda h: h.redirect("/new#frag", 301)
    html_route(server, "/new")
    page = fetch(server.url("/old"), fast_policy(), sleep)
    assert page.url == server.url("/old") and page.final_url == server.url("/new")


def test_redirect_loop(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/a"] = lambda h: h.redirect("/b")
    server.routes["/b"] = lambda h: h.redirect(server.url("/a"))
    with pytest.raises(RedirectError, match="loop") as info:
        fetch(server.url("/a"), fast_policy(), sleep)
    assert info.value.kind == "redirect"
    assert server.hits("/a") == 1 and server.hits("/b") == 1


def chain(server: FaultServer, length: int) -> None:
    def hop(i: int) -> Route:
        return lambda h: h.redirect(f"/hop{i + 1}", 307)

    for i in range(length):
        server.routes[f"/hop{i}"] = hop(i)
    html_route(server, f"/hop{length}")


def test_redirect_chain_up_to_the_limit_is_followed(server: FaultServer, sleep: RecordingSleep) -> None:
    chain(server, 3)
    page = fetch(server.url("/hop0"), fast_policy(max_redirects=3), sleep)
    assert page.final_url == server.url("/hop3")


def test_too_many_redirects(server: FaultServer, sleep: RecordingSleep) -> None:
    chain(server, 4)
    with pytest.raises(RedirectError, match="more than 3 redirects"):
        fetch(server.url("/hop0"), fast_policy(max_redirects=3), sleep)
    assert server.hits("/hop4") == 0


def test_redirect_to_disallowed_host_is_refused(server: FaultServer, sleep: RecordingSleep) -> None:
    port = server.server_address[1]
    server.routes["/out"] = lambda h: h.redirect(f"http://localhost:{port}/elsewhere")
    html_route(server, "/elsewhere")
    with pytest.raises(RedirectError, match="not in allowed_hosts") as info:
        fetch(server.url("/out"), fast_policy(allowed_hosts=("127.0.0.1",)), sleep)
    assert isinstance(info.value.__cause__, RefusedError)
    assert server.hits("/elsewhere") == 0


def test_redirect_without_location(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/nowhere"] = lambda h: h.send_body(302, b"", None)
    with pytest.raises(RedirectError, match="without a Location"):
        fetch(server.url("/nowhere"), fast_policy(), sleep)


# -- refusals --------------------------------------------------------------------------------------


def test_userinfo_url_refused_without_request(server: FaultServer, sleep: RecordingSleep) -> None:
    port = server.server_address[1]
    with pytest.raises(RefusedError, match="userinfo") as info:
        fetch(f"http://user:secret@127.0.0.1:{port}/a", fast_policy(), sleep)
    assert info.value.kind == "refused"
    assert server.requests == []


@pytest.mark.parametrize("url", ["ftp://example.com/a.html", "file:///etc/passwd", "javascript:alert(1)"])
def test_non_http_schemes_refused(url: str, sleep: RecordingSleep) -> None:
    with pytest.raises(RefusedError, match="scheme"):
        fetch(url, fast_policy(), sleep)


def test_private_address_refused_unless_allowed(server: FaultServer, sleep: RecordingSleep) -> None:
    html_route(server, "/a")
    strict = fast_policy(allow_private=False)
    with pytest.raises(RefusedError, match="private"):
        fetch(server.url("/a"), strict, sleep)
    port = server.server_address[1]
    with pytest.raises(RefusedError, match="resolves to non-public"):
        fetch(f"http://localhost:{port}/a", strict, sleep)  # a name pointing at loopback
    for literal in ("http://10.1.2.3/", "http://169.254.169.254/latest/meta-data", "http://[::1]/"):
        with pytest.raises(RefusedError):
            fetch(literal, strict, sleep)
    assert server.requests == []
    assert fetch(server.url("/a"), fast_policy(allow_private=True), sleep).status == 200


def test_host_not_in_allowed_hosts(server: FaultServer, sleep: RecordingSleep) -> None:
    with pytest.raises(RefusedError, match="allowed_hosts"):
        fetch(server.url("/a"), fast_policy(allowed_hosts=("*.cgtn.com",)), sleep)
    assert server.requests == []


def test_fetcher_must_be_opened(sleep: RecordingSleep) -> None:
    async def go() -> None:
        await Fetcher(fast_policy(respect_robots=False)).fetch("http://127.0.0.1:9/")

    with pytest.raises(RuntimeError, match="async with"):
        run(go())


def test_unknown_accept_value(sleep: RecordingSleep) -> None:
    with pytest.raises(ValueError, match="accept"):
        fetch("http://127.0.0.1:9/", fast_policy(), sleep, accept="json")


# -- robots.txt ------------------------------------------------------------------------------------

ROBOTS = """User-agent: *
Disallow: /*.do$
Disallow: /private/*/secret
Crawl-delay: 3
"""


def test_robots_wildcards_disallow_without_fetching(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/robots.txt"] = lambda h: h.send_body(200, ROBOTS, "text/plain")
    for path in ("/list.do", "/private/x/secret", "/ok.html", "/list.do", "/private/x/y/secret"):
        html_route(server, path)
    policy = fast_policy()
    for path in ("/list.do", "/private/x/secret", "/private/x/y/secret"):
        with pytest.raises(RobotsDisallowed) as info:
            fetch(server.url(path), policy, sleep)
        assert info.value.kind == "robots" and isinstance(info.value, RefusedError)
        assert server.hits(path) == 0
    assert fetch(server.url("/ok.html"), policy, sleep).status == 200
    assert fetch(server.url("/list.do?page=2"), policy, sleep).status == 200  # `$` anchors the whole URL


def test_robots_fetched_once_and_crawl_delay_spaces_starts(
    server: FaultServer, sleep: RecordingSleep
) -> None:
    server.routes["/robots.txt"] = lambda h: h.send_body(200, ROBOTS, "text/plain")
    html_route(server, "/a")
    html_route(server, "/b")
    frozen_clock = lambda: 1000.0  # noqa: E731 - time stands still, so every gap is slept in full

    async def go() -> None:
        async with Fetcher(fast_policy(per_host_delay=1.0), sleep=sleep, clock=frozen_clock) as f:
            await f.fetch(server.url("/a"))
            await f.fetch(server.url("/b"))
            await f.fetch(server.url("/a"))

    run(go())
    assert server.hits("/robots.txt") == 1
    # robots.txt starts at t=1000 (gap 1 s: Crawl-delay not known yet), then /a at 1001, /b at 1004, ...
    assert sleep.calls == [1.0, 4.0, 7.0]


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(404, True), (410, True), (401, False), (403, False), (500, False), (503, False), (429, False)],
)
def test_robots_status(server: FaultServer, sleep: RecordingSleep, status: int, allowed: bool) -> None:
    server.routes["/robots.txt"] = lambda h: h.send_body(status, b"", "text/plain")
    html_route(server, "/a")
    if allowed:
        assert fetch(server.url("/a"), fast_policy(), sleep).status == 200
    else:
        with pytest.raises(RobotsDisallowed):
            fetch(server.url("/a"), fast_policy(), sleep)
        assert server.hits("/a") == 0


def test_robots_unreachable_is_a_temporary_disallow(sleep: RecordingSleep) -> None:
    srv = FaultServer()
    url = srv.url("/a")
    srv.server_close()
    with pytest.raises(RobotsDisallowed, match="temporary"):
        fetch(url, fast_policy(), sleep)


def test_robots_ignored_when_policy_says_so(server: FaultServer, sleep: RecordingSleep) -> None:
    server.routes["/robots.txt"] = lambda h: h.send_body(200, "User-agent: *\nDisallow: /\n", "text/plain")
    html_route(server, "/a")
    assert fetch(server.url("/a"), fast_policy(respect_robots=False), sleep).status == 200
    assert server.hits("/robots.txt") == 0


def test_robots_group_for_our_agent_wins(server: FaultServer, sleep: RecordingSleep) -> None:
    robots = "User-agent: *\nDisallow: /\n\nUser-agent: storydiff\nAllow: /\n"
    server.routes["/robots.txt"] = lambda h: h.send_body(200, robots, "text/plain")
    html_route(server, "/a")
    assert fetch(server.url("/a"), fast_policy(), sleep).status == 200


# -- politeness ------------------------------------------------------------------------------------


def test_per_host_concurrency_is_enforced(server: FaultServer, sleep: RecordingSleep) -> None:
    def slow(h: Handler) -> None:
        time.sleep(0.05)  # makes overlap likely if the fetcher allowed it; the assertion is not timed
        h.send_body(200, HTML)

    server.routes["/s"] = slow

    async def go() -> list[Page]:
        async with Fetcher(fast_policy(per_host_concurrency=1, respect_robots=False), sleep=sleep) as f:
            return await asyncio.gather(*(f.fetch(server.url(f"/s?i={i}")) for i in range(6)))

    pages = run(go())
    assert [p.status for p in pages] == [200] * 6
    assert server.max_in_flight == 1


# -- mirrors ---------------------------------------------------------------------------------------

PUBLIC = "https://news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/p.html"
ARTICLE_HTML = """<!doctype html><html lang="en"><head><title>U.S., Russia agree - CGTN</title></head><body>
<div class="news-title">U.S., Russia agree to improve ties</div>
<div id="cmsMainContent"><div class="text  en"><p>Russia and the United States agreed in Riyadh to work
toward ending the conflict in Ukraine and to restore the work of their embassies, officials said after
the talks.</p></div></div>
<a href="http://127.0.0.1:1/elsewhere">x</a></body></html>"""


async def public_dns(host: str) -> list[str]:
    return ["93.184.215.14"]  # pretend the public host resolves to a public address (the machine is offline)


def test_mirror_maps_requests_robots_and_redirects(server: FaultServer, sleep: RecordingSleep) -> None:
    local = server.url("/news.cgtn.com/")
    old = "/news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/index.html"
    new = "/news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/p.html"
    robots = "User-agent: *\nDisallow: /*.do\n"
    server.routes["/news.cgtn.com/robots.txt"] = lambda h: h.send_body(200, robots, "text/plain")
    server.routes[old] = lambda h: h.redirect(server.url(new))  # an absolute *local* Location
    html_route(server, new, ARTICLE_HTML)
    policy = fast_policy(
        allow_private=False,  # judged on the public URL; the mirror target is trusted configuration
        allowed_hosts=("*.cgtn.com",),
        mirrors=(("https://news.cgtn.com/", local),),
    )

    async def go() -> Page:
        async with Fetcher(policy, sleep=sleep, resolver=public_dns) as f:
            with pytest.raises(RobotsDisallowed):
                await f.fetch("https://news.cgtn.com/feed.do")  # public robots rules, read through the mirror
            with pytest.raises(RefusedError):
                await f.fetch("https://www.example.org/news/")  # not allowed, whatever the mirror
            return await f.fetch("https://news.cgtn.com" + old.removeprefix("/news.cgtn.com"))

    page = run(go())
    assert page.url == "https://news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/index.html"
    assert page.final_url == PUBLIC
    assert server.hits("/news.cgtn.com/robots.txt") == 1
    assert server.hits("/robots.txt") == 0 and server.hits("/news.cgtn.com/feed.do") == 0
    article = parse_article(page.text, page.final_url)
    assert article.url == PUBLIC and article.publisher_id == "1B6QoQPl8EE"


def test_mock_transport_edge_case_bad_retry_after_falls_back_to_backoff(sleep: RecordingSleep) -> None:
    """A garbage Retry-After is ignored (backoff is used): easier to script with a MockTransport."""
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        if len(calls) == 1:
            return httpx.Response(503, headers={"Retry-After": "soon-ish"})
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=HTML.encode())

    async def go() -> Page:
        policy = fast_policy(respect_robots=False, backoff_base=2.0)
        transport = httpx.MockTransport(handler)
        async with Fetcher(policy, sleep=sleep, rng=lambda: 0.25, transport=transport) as f:
            return await f.fetch("http://127.0.0.1:9/x")

    page = run(go())
    assert page.attempts == 2 and sleep.calls == [0.5]


def test_robots_store_spares_the_next_run_a_request(
    server: FaultServer, sleep: RecordingSleep, tmp_path: Path
) -> None:
    """A second Fetcher (the next run) uses the stored robots.txt while it is fresh; a stale one is re-read."""
    server.routes["/robots.txt"] = lambda h: h.send_body(200, ROBOTS, "text/plain")
    html_route(server, "/a")
    now = [1_000_000.0]
    store = FileRobotsStore(tmp_path, ttl=3600.0, clock=lambda: now[0])

    async def one_run() -> None:
        async with Fetcher(fast_policy(), sleep=sleep, robots_store=store) as f:
            await f.fetch(server.url("/a"))
            with pytest.raises(RobotsDisallowed):
                await f.fetch(server.url("/list.do"))

    run(one_run())
    run(one_run())
    assert server.hits("/robots.txt") == 1
    now[0] += 3600.0  # the stored copy expires
    run(one_run())
    assert server.hits("/robots.txt") == 2


def test_robots_store_never_keeps_a_failure(
    server: FaultServer, sleep: RecordingSleep, tmp_path: Path
) -> None:
    server.routes["/robots.txt"] = lambda h: h.send_body(503, b"", "text/plain")
    store = FileRobotsStore(tmp_path, ttl=3600.0)
    assert store.load(server.url("/robots.txt")) is None
    html_route(server, "/a")
    with pytest.raises(RobotsDisallowed):
        run(_fetch_with_store(server.url("/a"), store, sleep))
    assert store.load(server.url("/robots.txt")) is None
    assert list(tmp_path.glob("*.json")) == []


async def _fetch_with_store(url: str, store: FileRobotsStore, sleep: RecordingSleep) -> Page:
    async with Fetcher(fast_policy(), sleep=sleep, robots_store=store) as f:
        return await f.fetch(url)
