"""The error hierarchy of the sources package.

SourceError
├── FetchError               a URL could not be fetched; ``kind`` is the short name stored in the warehouse
│   ├── RefusedError         refused before any request: host not allowed, private address, bad scheme,
│   │   │                    userinfo in the URL
│   │   └── RobotsDisallowed robots.txt forbids the URL
│   ├── HTTPStatusError      the server answered 4xx/5xx (after retries for 429/5xx)
│   ├── TimeoutError_        connect/read timeout or the per-request deadline (after retries)
│   ├── NetworkError         connection refused/reset, truncated body (after retries)
│   ├── TooLargeError        the body exceeded the size cap
│   ├── ContentTypeError     not HTML/XML
│   └── RedirectError        redirect loop, too many redirects, or a redirect to a refused URL
└── ParseError               the page was fetched but holds no article we can read
"""

from __future__ import annotations


class SourceError(Exception):
    kind = "source"

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message)
        self.url = url


class FetchError(SourceError):
    kind = "fetch"

    def __init__(self, message: str, *, url: str = "", attempts: int = 1, status: int | None = None) -> None:
        super().__init__(message, url=url)
        self.attempts = attempts
        self.status = status


class RefusedError(FetchError):
    kind = "refused"


class RobotsDisallowed(RefusedError):
    kind = "robots"


class HTTPStatusError(FetchError):
    kind = "http_status"


class TimeoutError_(FetchError):
    kind = "timeout"


class NetworkError(FetchError):
    kind = "network"


class TooLargeError(FetchError):
    kind = "too_large"


class ContentTypeError(FetchError):
    kind = "content_type"


class RedirectError(FetchError):
    kind = "redirect"


class ParseError(SourceError):
    kind = "parse"


class DuplicatePage(ParseError):
    """A page whose canonical URL is another article we already hold: a copy, never a new version of it."""

    kind = "duplicate"
