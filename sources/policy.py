"""How politely and how defensively the Fetcher talks to the web: one frozen, validated record."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["DEFAULT_USER_AGENT", "FetchPolicy"]

DEFAULT_USER_AGENT = "storydiff/0.1 (+https://github.com/storydiff/storydiff; news change tracker)"


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners for every request. Durations are seconds; sizes are bytes.

    ``allowed_hosts`` empty means any host; entries are exact host names or ``*.example.com`` wildcards,
    which match any subdomain (not the bare domain). ``mirrors`` pairs a public URL prefix with a local one:
    URLs are judged as public URLs but fetched from the local prefix (see ``sources.mirrors``).
    """

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0  # connect / read / write / pool timeout of one network operation
    deadline: float = 60.0  # one whole request, streaming included
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 120.0
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0  # minimum gap between request starts to one host
    total_concurrency: int = 8
    respect_robots: bool = True
    robots_ttl: float = 86400.0
    allowed_hosts: tuple[str, ...] = ()
    allow_private: bool = False
    mirrors: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        ua = self.user_agent
        if not ua.strip() or any(c in ua for c in "\r\n\0"):
            raise ValueError("user_agent must be a non-empty single line")
        for name in ("timeout", "deadline"):
            _positive(name, getattr(self, name))
        for name in ("backoff_base", "backoff_max", "max_retry_after", "per_host_delay", "robots_ttl"):
            _non_negative(name, getattr(self, name))
        if self.backoff_max < self.backoff_base:
            raise ValueError("backoff_max must be >= backoff_base")
        for name in ("max_bytes", "per_host_concurrency", "total_concurrency"):
            if _int(name, getattr(self, name)) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)!r}")
        for name in ("max_redirects", "retries"):
            if _int(name, getattr(self, name)) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)!r}")
        # Accept lists from config files, but store tuples so the policy stays hashable.
        hosts = tuple(h.strip().lower().rstrip(".") for h in self.allowed_hosts)
        for host in hosts:
            _check_host_pattern(host)
        object.__setattr__(self, "allowed_hosts", hosts)
        mirrors = tuple((str(pub), str(loc)) for pub, loc in self.mirrors)
        for public, local in mirrors:
            _check_prefix("mirror public prefix", public)
            _check_prefix("mirror local prefix", local)
        object.__setattr__(self, "mirrors", mirrors)

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt groups are matched against ("storydiff")."""
        return self.user_agent.split("/", 1)[0].split()[0]


def _positive(name: str, value: float) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")


def _non_negative(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def _int(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {value!r}")
    return value


def _check_host_pattern(host: str) -> None:
    bare = host[2:] if host.startswith("*.") else host
    if not bare or "*" in bare or "/" in bare or ":" in bare or " " in bare:
        raise ValueError(f"allowed_hosts entry must be a host name or '*.domain', got {host!r}")


def _check_prefix(what: str, prefix: str) -> None:
    parts = urlsplit(prefix)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{what} must be an absolute http(s) URL, got {prefix!r}")
