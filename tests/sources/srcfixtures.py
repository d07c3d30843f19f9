"""Helpers for the sources tests: a scriptable HTTP server on 127.0.0.1 and a fast, recording sleep.

The server is real HTTP (ThreadingHTTPServer in a thread) so the Fetcher is exercised through httpx, h11 and
sockets; each route is a small function that writes the response, including deliberately broken ones.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sources.policy import FetchPolicy

T = TypeVar("T")
Route = Callable[["Handler"], None]


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]


class Handler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.0"  # the connection close ends a body that has no Content-Length

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.record(self)
        route = self.server.routes.get(urlsplit(self.path).path)
        try:
            if route is None:
                self.send_body(404, b"not found", "text/plain")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on purpose (size cap, deadline)
        finally:
            self.server.leave()

    def send_body(
        self,
        status: int = 200,
        body: bytes | str = b"",
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        content_length: int | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data) if content_length is None else content_length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_body(status, b"", None, {"Location": location})


@dataclass
class Counter:
    value: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.release = threading.Event()  # set at teardown so hanging handlers return
        self._lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str) -> Callable[[Route], Route]:
        def register(fn: Route) -> Route:
            self.routes[path] = fn
            return fn

        return register

    def record(self, handler: Handler) -> None:
        with self._lock:
            self.requests.append(Request(handler.command, handler.path, dict(handler.headers.items())))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if urlsplit(r.path).path == path)


class RecordingSleep:
    """Stands in for asyncio.sleep: records the requested delays and yields control without waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.calls.append(delay)
        await asyncio.sleep(0)


def fast_policy(**overrides: Any) -> FetchPolicy:
    """A policy for loopback tests: private addresses allowed, no politeness delay, real limits otherwise."""
    values: dict[str, Any] = {"allow_private": True, "per_host_delay": 0.0, "timeout": 5.0, "deadline": 10.0}
    values.update(overrides)
    return FetchPolicy(**values)
