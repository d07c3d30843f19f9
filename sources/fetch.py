"""The Fetcher: polite, defensive HTTP GETs that return a :class:`~sources.models.Page` or raise a FetchError.

Each URL (and each redirect hop) is first *admitted* (scheme, userinfo, allowed hosts, private addresses,
robots.txt), then requested with retries. Redirects are followed by hand so that every hop is admitted.
Politeness, robots and mirror mapping live in their own modules; this one only wires them together.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from .charset import decode_with_encoding
from .errors import (
    ContentTypeError,
    FetchError,
    HTTPStatusError,
    NetworkError,
    RedirectError,
    RefusedError,
    RobotsDisallowed,
    TimeoutError_,
    TooLargeError,
)
from .mediatype import accept_header, accepted_types, media_type, sniff_media_type
from .mirrors import MirrorMap
from .models import Page
from .netpolicy import Resolver, check_address, check_url, system_resolver
from .policy import FetchPolicy
from .politeness import Politeness
from .retry import backoff_delay, is_retryable_status, parse_retry_after
from .robots import RobotsCache, RobotsResponse
from .robots_store import RobotsStore

__all__ = ["ROBOTS_MAX_BYTES", "Fetcher"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB; the rest is ignored

Sleep = Callable[[float], Awaitable[object]]


@dataclass(frozen=True)
class _Exchange:
    """One HTTP response as far as it was read: the body only for 2xx."""

    status: int
    headers: httpx.Headers
    body: bytes
    local_url: str


class Fetcher:
    """Fetch pages under a :class:`FetchPolicy`.

    Use as ``async with Fetcher(policy) as f: page = await f.fetch(url)``. ``sleep``, ``clock``, ``rng``,
    ``resolver`` and ``transport`` are injectable so tests run fast and offline; ``robots_store`` keeps
    robots.txt between runs (see :mod:`sources.robots_store`).
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
        resolver: Resolver = system_resolver,
        transport: httpx.AsyncBaseTransport | None = None,
        robots_store: RobotsStore | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._robots_store = robots_store
        self._sleep = sleep
        self._clock = clock
        self._rng = rng
        self._resolver = resolver
        self._transport = transport
        self._mirror = MirrorMap(self.policy.mirrors)
        self._politeness = Politeness(
            total=self.policy.total_concurrency,
            per_host=self.policy.per_host_concurrency,
            clock=clock,
            sleep=sleep,
        )
        self._robots = RobotsCache(self._load_robots, ttl=self.policy.robots_ttl, clock=clock)
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        self._client = httpx.AsyncClient(
            transport=self._transport,
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={"User-Agent": self.policy.user_agent},
            trust_env=False,
        )
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- public -------------------------------------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "html",
    ) -> Page:
        """GET ``url`` (a public URL). A 304 to the conditional headers returns a Page with status 304.

        ``accept`` is "html" (HTML/XHTML only) or "xml" (feeds and sitemaps as well); anything else is a
        ValueError. ``Page.attempts`` counts the tries of the hop that produced the page (1 = no retry); the
        per-request deadline applies to each try, streaming included.
        """
        types = accepted_types(accept)
        started = self._clock()
        headers = {"Accept": accept_header(accept)}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, seen, hops = url, {url}, 0
        while True:
            try:
                await self._admit(current)
            except RefusedError as exc:
                if hops == 0:
                    raise
                raise RedirectError(f"redirect to a refused URL {current}: {exc}", url=url) from exc
            exchange, attempts = await self._with_retries(url, current, headers, types)
            if exchange.status not in REDIRECT_STATUSES:
                return self._page(url, current, exchange, attempts, started, types, etag)
            target = self._redirect_target(url, exchange, attempts)
            hops += 1
            if target in seen:
                raise RedirectError(
                    f"redirect loop at {target}", url=url, attempts=attempts, status=exchange.status
                )
            if hops > self.policy.max_redirects:
                raise RedirectError(
                    f"more than {self.policy.max_redirects} redirects",
                    url=url,
                    attempts=attempts,
                    status=exchange.status,
                )
            seen.add(target)
            current = target

    # -- admission ----------------------------------------------------------------------------------------

    async def _admit(self, public_url: str) -> None:
        host = check_url(public_url, self.policy)
        await check_address(public_url, host, self.policy, self._resolver)
        if self.policy.respect_robots:
            rules = await self._robots.rules_for(public_url)
            if not rules.allowed(public_url, self.policy.robots_agent):
                raise RobotsDisallowed(f"robots.txt disallows {public_url} ({rules.reason})", url=public_url)

    async def _load_robots(self, robots_public_url: str) -> RobotsResponse:
        """Robots loader for the cache: the stored copy while fresh, else one request (no retries)."""
        if self._robots_store is not None:
            stored = self._robots_store.load(robots_public_url)
            if stored is not None:
                return stored
        response = await self._request_robots(robots_public_url)
        if self._robots_store is not None:
            self._robots_store.save(robots_public_url, response)
        return response

    async def _request_robots(self, robots_public_url: str) -> RobotsResponse:
        """Redirects followed within policy, oversize truncated."""
        current = robots_public_url
        headers = {"Accept": "text/plain, */*;q=0.1"}
        for _ in range(self.policy.max_redirects + 1):
            host = check_url(current, self.policy)
            await check_address(current, host, self.policy, self._resolver)
            exchange = await self._attempt(current, headers, None, max_bytes=ROBOTS_MAX_BYTES, truncate=True)
            location = exchange.headers.get("location")
            if exchange.status not in REDIRECT_STATUSES or not location:
                text, _ = decode_with_encoding(exchange.body, exchange.headers.get("content-type"))
                return RobotsResponse(exchange.status, text, exchange.headers.get("cache-control"))
            current = self._public_location(exchange, location)
        return RobotsResponse(exchange.status)

    # -- requests -----------------------------------------------------------------------------------------

    async def _with_retries(
        self, asked: str, public_url: str, headers: dict[str, str], types: frozenset[str]
    ) -> tuple[_Exchange, int]:
        policy = self.policy
        attempt = 0
        while True:
            attempt += 1
            retry_after: float | None = None
            try:
                exchange = await self._attempt(public_url, headers, types, max_bytes=policy.max_bytes)
            except (TimeoutError_, NetworkError) as exc:
                error: FetchError = exc
            except FetchError as exc:
                exc.url, exc.attempts = asked, attempt
                raise
            else:
                status = exchange.status
                if not is_retryable_status(status):
                    if status >= 400 or (
                        300 <= status < 400 and status not in REDIRECT_STATUSES and status != 304
                    ):
                        raise HTTPStatusError(
                            f"HTTP {status} for {public_url}", url=asked, attempts=attempt, status=status
                        )
                    return exchange, attempt
                error = HTTPStatusError(f"HTTP {status} for {public_url}", status=status)
                retry_after = parse_retry_after(exchange.headers.get("retry-after"))
                if retry_after is not None and retry_after > policy.max_retry_after:
                    raise HTTPStatusError(
                        f"HTTP {status} for {public_url}: Retry-After {retry_after:.0f}s exceeds the "
                        f"{policy.max_retry_after:.0f}s cap",
                        url=asked,
                        attempts=attempt,
                        status=status,
                    )
            if attempt > policy.retries:
                error.url, error.attempts = asked, attempt
                raise error
            if retry_after is None:
                retry_after = backoff_delay(attempt, policy.backoff_base, policy.backoff_max, self._rng)
            await self._sleep(retry_after)

    def _gap(self, public_url: str) -> float:
        gap = self.policy.per_host_delay
        rules = self._robots.cached(public_url) if self.policy.respect_robots else None
        delay = rules.crawl_delay(self.policy.robots_agent) if rules is not None else None
        return max(gap, delay or 0.0)

    async def _attempt(
        self,
        public_url: str,
        headers: dict[str, str],
        types: frozenset[str] | None,
        *,
        max_bytes: int,
        truncate: bool = False,
    ) -> _Exchange:
        """One request under politeness and the deadline; transient failures: TimeoutError_, NetworkError."""
        if self._client is None:
            raise RuntimeError("Fetcher is not open; use `async with Fetcher(policy) as fetcher:`")
        client = self._client
        local_url = self._mirror.to_local(public_url)
        host_key = urlsplit(public_url).netloc.lower()
        async with self._politeness.slot(host_key, self._gap(public_url)):
            try:
                async with asyncio.timeout(self.policy.deadline):
                    async with client.stream("GET", local_url, headers=headers) as response:
                        body = b""
                        if 200 <= response.status_code < 300:
                            if types is not None:
                                _check_declared_type(public_url, response, types)
                            body = await _read_capped(public_url, response, max_bytes, truncate)
                        return _Exchange(response.status_code, response.headers, body, local_url)
            except TimeoutError as exc:
                raise TimeoutError_(
                    f"deadline of {self.policy.deadline:g}s exceeded", url=public_url
                ) from exc
            except httpx.TimeoutException as exc:
                raise TimeoutError_(f"{type(exc).__name__}: {exc}", url=public_url) from exc
            except httpx.RemoteProtocolError as exc:
                raise NetworkError(
                    f"connection closed mid-response (truncated?): {exc}", url=public_url
                ) from exc
            except httpx.TransportError as exc:
                raise NetworkError(f"{type(exc).__name__}: {exc}", url=public_url) from exc

    # -- responses ----------------------------------------------------------------------------------------

    def _public_location(self, exchange: _Exchange, location: str) -> str:
        absolute = urljoin(exchange.local_url, location.strip())
        return urldefrag(self._mirror.to_public(absolute))[0]

    def _redirect_target(self, asked: str, exchange: _Exchange, attempts: int) -> str:
        location = exchange.headers.get("location")
        if not location or not location.strip():
            raise RedirectError(
                f"HTTP {exchange.status} without a Location header",
                url=asked,
                attempts=attempts,
                status=exchange.status,
            )
        return self._public_location(exchange, location)

    def _page(
        self,
        asked: str,
        final: str,
        exchange: _Exchange,
        attempts: int,
        started: float,
        types: frozenset[str],
        sent_etag: str | None,
    ) -> Page:
        headers = exchange.headers
        etag = headers.get("etag") or (sent_etag if exchange.status == 304 else None)
        fetched_at = datetime.now(UTC)
        elapsed = max(0.0, self._clock() - started)
        if exchange.status == 304:
            return Page(
                url=asked,
                final_url=final,
                status=304,
                text="",
                content_type=None,
                encoding=None,
                etag=etag,
                last_modified=headers.get("last-modified"),
                content_hash=None,
                size=0,
                fetched_at=fetched_at,
                attempts=attempts,
                elapsed=elapsed,
            )
        body = exchange.body
        declared = headers.get("content-type")
        kind = media_type(declared) or sniff_media_type(body)
        if kind is None or kind not in types:
            raise ContentTypeError(
                f"content type {kind or 'unknown'} is not accepted",
                url=asked,
                attempts=attempts,
                status=exchange.status,
            )
        text, encoding = decode_with_encoding(body, declared)
        return Page(
            url=asked,
            final_url=final,
            status=exchange.status,
            text=text,
            content_type=kind,
            encoding=encoding,
            etag=etag,
            last_modified=headers.get("last-modified"),
            content_hash=hashlib.sha256(body).hexdigest(),
            size=len(body),
            fetched_at=fetched_at,
            attempts=attempts,
            elapsed=elapsed,
        )


def _check_declared_type(url: str, response: httpx.Response, types: frozenset[str]) -> None:
    kind = media_type(response.headers.get("content-type"))
    if kind is not None and kind not in types:
        raise ContentTypeError(f"content type {kind} is not accepted", url=url, status=response.status_code)


async def _read_capped(url: str, response: httpx.Response, max_bytes: int, truncate: bool) -> bytes:
    declared = response.headers.get("content-length", "")
    if not truncate and declared.strip().isdigit() and int(declared) > max_bytes:
        raise TooLargeError(
            f"Content-Length {declared} exceeds the {max_bytes}-byte cap",
            url=url,
            status=response.status_code,
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            if truncate:
                chunks.append(chunk[: max_bytes - (size - len(chunk))])
                break
            raise TooLargeError(
                f"body exceeds the {max_bytes}-byte cap", url=url, status=response.status_code
            )
        chunks.append(chunk)
    return b"".join(chunks)
