"""robots.txt per origin (scheme, host, port), matched with protego (Google-style ``*`` and ``$`` wildcards).

Status handling follows RFC 9309 and common crawler practice: 404/410 (and other 4xx) mean no rules, 401/403
mean keep out, and a server error, 429 or network failure means "unknown": disallow for now, but remember that
only briefly so that the next run tries again. The parsing half is pure; :class:`RobotsCache` adds loading,
expiry and one in-flight load per origin.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

__all__ = [
    "ERROR_TTL",
    "MIN_TTL",
    "RobotsCache",
    "RobotsResponse",
    "RobotsRules",
    "origin_of",
    "robots_url",
    "rules_from_error",
    "rules_from_response",
]

ERROR_TTL = 60.0  # how long a temporary failure is remembered
MIN_TTL = 60.0  # floor for Cache-Control max-age, so a max-age=0 does not double every request
_MAX_AGE_RE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}

Mode = Literal["rules", "allow_all", "disallow_all"]


@dataclass(frozen=True)
class RobotsResponse:
    """What the loader got for ``/robots.txt`` after following redirects."""

    status: int
    text: str = ""
    cache_control: str | None = None


@dataclass(frozen=True)
class RobotsRules:
    mode: Mode
    reason: str
    expires_at: float
    parser: Protego | None = None

    def allowed(self, url: str, agent: str) -> bool:
        if self.mode == "allow_all":
            return True
        if self.mode == "disallow_all" or self.parser is None:
            return False
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


def origin_of(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    return scheme, host, parts.port or _DEFAULT_PORTS.get(scheme, 0)


def robots_url(url: str) -> str:
    scheme, host, port = origin_of(url)
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, "/robots.txt", "", ""))


def _ttl(cache_control: str | None, ttl: float) -> float:
    m = _MAX_AGE_RE.search(cache_control or "")
    if m:
        return min(ttl, max(MIN_TTL, float(m.group(1))))
    return ttl


def rules_from_response(response: RobotsResponse, *, now: float, ttl: float) -> RobotsRules:
    """Pure: turn a robots.txt response into rules valid until ``now`` + the effective TTL."""
    status = response.status
    expires = now + _ttl(response.cache_control, ttl)
    if 200 <= status < 300:
        return RobotsRules("rules", f"robots.txt {status}", expires, Protego.parse(response.text))
    if status in (401, 403):
        return RobotsRules("disallow_all", f"robots.txt answered {status}", expires)
    if status == 429 or status >= 500:
        return rules_from_error(f"robots.txt answered {status}", now=now)
    # 404, 410, other 4xx, or a redirect chain that never ended: no usable rules, crawl freely.
    return RobotsRules("allow_all", f"robots.txt answered {status}", expires)


def rules_from_error(reason: str, *, now: float) -> RobotsRules:
    return RobotsRules("disallow_all", f"{reason}; treated as a temporary disallow", now + ERROR_TTL)


RobotsLoader = Callable[[str], Awaitable[RobotsResponse]]


class RobotsCache:
    """Rules per origin, loaded on first use through ``loader(robots_url)``.

    The loader raises ``OSError``-like or ``sources.errors.FetchError`` exceptions on network failure; any
    exception becomes a temporary disallow.
    """

    def __init__(self, loader: RobotsLoader, *, ttl: float, clock: Callable[[], float]) -> None:
        self._loader = loader
        self._ttl = ttl
        self._clock = clock
        self._rules: dict[tuple[str, str, int], RobotsRules] = {}
        self._locks: dict[tuple[str, str, int], asyncio.Lock] = {}

    def cached(self, url: str) -> RobotsRules | None:
        rules = self._rules.get(origin_of(url))
        if rules is None or rules.expires_at <= self._clock():
            return None
        return rules

    async def rules_for(self, url: str) -> RobotsRules:
        key = origin_of(url)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            rules = self.cached(url)
            if rules is None:
                rules = await self._load(robots_url(url))
                self._rules[key] = rules
            return rules

    async def _load(self, url: str) -> RobotsRules:
        try:
            response = await self._loader(url)
        except Exception as exc:  # any failure to learn the rules is the same "unknown"
            return rules_from_error(
                f"robots.txt unreachable ({type(exc).__name__}: {exc})", now=self._clock()
            )
        return rules_from_response(response, now=self._clock(), ttl=self._ttl)
