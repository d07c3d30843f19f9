"""make_server: a real HTTP poll, as a feed reader does it: 200, then 304 while nothing changed."""

from __future__ import annotations

import dataclasses
import http.client
import os
import threading
from collections.abc import Iterator
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import httpx
import pytest

from feeds import FeedEntry, FeedMeta, make_server, publish_feed

pytestmark = pytest.mark.integration  # a real server on a loopback port


@pytest.fixture
def site(meta: FeedMeta, entries: list[FeedEntry], tmp_path: Path) -> Iterator[tuple[str, Path]]:
    out = tmp_path / "public"
    publish_feed(meta, entries, out)
    server = make_server(out, max_age=600)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", out
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_poll_gets_200_then_304(site: tuple[str, Path]) -> None:
    base, out = site
    with httpx.Client(base_url=base) as client:
        first = client.get("/sample-quake.atom")
        assert first.status_code == 200
        assert first.headers["content-type"] == "application/atom+xml; charset=utf-8"
        assert first.headers["cache-control"] == "public, max-age=600"
        assert first.content == (out / "sample-quake.atom").read_bytes()
        etag = first.headers["etag"]
        assert etag.startswith('"') and not etag.startswith("W/")  # strong
        assert "Python" not in first.headers["server"]

        again = client.get("/sample-quake.atom", headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag

        by_date = client.get(
            "/sample-quake.atom", headers={"If-Modified-Since": first.headers["last-modified"]}
        )
        assert by_date.status_code == 304

        weak = client.get("/sample-quake.atom", headers={"If-None-Match": f'"other", W/{etag}'})
        assert weak.status_code == 304


def test_last_modified_is_the_file_mtime(site: tuple[str, Path]) -> None:
    base, out = site
    path = out / "sample-quake.atom"
    os.utime(path, (1_740_000_000, 1_740_000_000))
    with httpx.Client(base_url=base) as client:
        response = client.get("/sample-quake.atom")
        assert response.headers["last-modified"] == formatdate(1_740_000_000, usegmt=True)
        older = formatdate(1_739_999_999, usegmt=True)
        assert client.get("/sample-quake.atom", headers={"If-Modified-Since": older}).status_code == 200
        newer = formatdate(1_740_000_001, usegmt=True)
        assert client.get("/sample-quake.atom", headers={"If-Modified-Since": newer}).status_code == 304
        assert parsedate_to_datetime(response.headers["last-modified"]).timestamp() == 1_740_000_000


def test_if_none_match_takes_precedence(site: tuple[str, Path]) -> None:
    base, _ = site
    with httpx.Client(base_url=base) as client:
        first = client.get("/sample-quake.atom")
        headers = {"If-None-Match": '"stale"', "If-Modified-Since": first.headers["last-modified"]}
        assert client.get("/sample-quake.atom", headers=headers).status_code == 200


def test_republishing_the_same_data_keeps_the_validators(
    site: tuple[str, Path], meta: FeedMeta, entries: list[FeedEntry]
) -> None:
    base, out = site
    with httpx.Client(base_url=base) as client:
        first = client.get("/sample-quake.atom")
        publish_feed(meta, entries[::-1], out)  # same data, another order: nothing rewritten
        assert (
            client.get("/sample-quake.atom", headers={"If-None-Match": first.headers["etag"]}).status_code
            == 304
        )
        publish_feed(meta, [dataclasses.replace(entries[0], after="16"), *entries[1:]], out)
        changed = client.get("/sample-quake.atom", headers={"If-None-Match": first.headers["etag"]})
        assert changed.status_code == 200
        assert changed.headers["etag"] != first.headers["etag"]


def test_html_and_head(site: tuple[str, Path]) -> None:
    base, out = site
    with httpx.Client(base_url=base) as client:
        page = client.get("/sample-quake.html")
        assert page.status_code == 200
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert "default-src 'none'" in page.headers["content-security-policy"]
        head = client.head("/sample-quake.atom")
        assert head.status_code == 200
        assert head.content == b""
        assert int(head.headers["content-length"]) == (out / "sample-quake.atom").stat().st_size
        assert (
            client.head("/sample-quake.atom", headers={"If-None-Match": head.headers["etag"]}).status_code
            == 304
        )


def test_refuses_traversal_and_unknown_files(site: tuple[str, Path], tmp_path: Path) -> None:
    base, out = site
    (tmp_path / "secret.atom").write_text("secret")
    (out / "escape.atom").symlink_to(tmp_path / "secret.atom")
    (out / "notes.txt").write_text("not a feed")
    host, port = base.removeprefix("http://").split(":")
    for raw_path, status in [
        ("/../secret.atom", 403),
        ("/%2e%2e/secret.atom", 403),
        ("/sub/..%2f..%2fsecret.atom", 403),
        ("/..\\secret.atom", 403),
        ("/escape.atom", 403),
        ("/notes.txt", 404),
        ("/missing.atom", 404),
        ("/", 404),
        ("/.sample-quake.atom.tmp", 404),
    ]:
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        connection.request("GET", raw_path)  # http.client sends the path as is: no client-side normalising
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == status, raw_path
        assert b"secret" not in body
