"""A small HTTP server for the published files, with the conditional-GET behaviour feed readers rely on.

Readers poll; a strong ETag (content hash) and Last-Modified (file mtime) let them get a body-less 304 when
nothing changed, and Cache-Control max-age tells them how often polling is worth it (Miniflux schedules from
it).  Because the publisher rewrites a file only when its bytes change, both validators stay stable.  Meant
for local use and tests; a static host (nginx, Caddy, S3) gives the same headers in production.
"""

from __future__ import annotations

import hashlib
import logging
import os
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".atom": "application/atom+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
# The timeline page has no script and no external resources; say so, in case escaping ever failed.
_HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


class _Refused(Exception):
    def __init__(self, status: HTTPStatus) -> None:
        super().__init__(status.phrase)
        self.status = status


def etag_for(data: bytes) -> str:
    """A strong ETag: the same bytes always give the same tag, on any machine."""
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x"."""
    candidates = [part.strip() for part in header.split(",")]
    return any(c == "*" or c.removeprefix("W/") == etag for c in candidates)


def _not_modified_since(header: str, mtime: int) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:  # an obsolete date format without a zone: HTTP dates are GMT
        return False
    return mtime <= int(since.timestamp())


class FeedRequestHandler(BaseHTTPRequestHandler):
    """GET and HEAD for ``*.atom`` and ``*.html`` directly inside ``root`` or below it; nothing else."""

    root: ClassVar[Path]
    max_age: ClassVar[int]
    server_version = "storydiff"

    def version_string(self) -> str:
        return self.server_version  # no Python version in the Server header

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s - " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def _resolve(self) -> Path:
        name = unquote(urlsplit(self.path).path)
        if "\x00" in name or "\\" in name:
            raise _Refused(HTTPStatus.FORBIDDEN)
        parts = [part for part in name.split("/") if part]
        if any(part in {".", ".."} for part in parts):
            raise _Refused(HTTPStatus.FORBIDDEN)
        if not parts or parts[-1].startswith("."):
            raise _Refused(HTTPStatus.NOT_FOUND)
        path = self.root.joinpath(*parts).resolve()
        if not path.is_relative_to(self.root):  # a symlink pointing out of the directory
            raise _Refused(HTTPStatus.FORBIDDEN)
        if path.suffix not in CONTENT_TYPES or not path.is_file():
            raise _Refused(HTTPStatus.NOT_FOUND)
        return path

    def _serve(self, *, with_body: bool) -> None:
        try:
            path = self._resolve()
            with path.open("rb") as handle:  # bytes and mtime from the same open file: no torn read
                data = handle.read()
                mtime = int(os.fstat(handle.fileno()).st_mtime)
        except _Refused as refused:
            self.send_error(refused.status)
            return
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        etag = etag_for(data)
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_none_match is not None:  # takes precedence over If-Modified-Since (RFC 9110 13.2.2)
            not_modified = _etag_matches(if_none_match, etag)
        else:
            not_modified = if_modified_since is not None and _not_modified_since(if_modified_since, mtime)
        self.send_response(HTTPStatus.NOT_MODIFIED if not_modified else HTTPStatus.OK)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.send_header("Cache-Control", f"public, max-age={self.max_age}")
        if not not_modified:
            self.send_header("Content-Type", CONTENT_TYPES[path.suffix])
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
            if path.suffix == ".html":
                self.send_header("Content-Security-Policy", _HTML_POLICY)
        self.end_headers()
        if with_body and not not_modified:
            self.wfile.write(data)


def make_server(
    directory: Path, host: str = "127.0.0.1", port: int = 0, *, max_age: int = 300
) -> ThreadingHTTPServer:
    """A server (not yet started: call ``serve_forever``) for the feed files in ``directory``.

    ``port=0`` picks a free port (``server.server_address[1]``); ``max_age`` is the poll interval, in seconds,
    suggested to readers.
    """
    handler = type(
        "BoundFeedRequestHandler",
        (FeedRequestHandler,),
        {"root": Path(directory).resolve(), "max_age": max_age},
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
