"""The real flow against a misbehaving site: every failure is a row and a log line, never the end of the run,
and no other article loses data.  Then the publisher silently edits the baseline: the edit is a development.

The server replays the recorded snapshot and adds, linked from the baseline's related-news list, pages that
fail in every way a real site does.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.track_story import track_story
from storydiff.demo import write_replay_config

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_api")]

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "fixtures" / "snapshot"
SITE = SNAPSHOT / "site"
SLUG = "us-russia-riyadh-2025"
BASELINE_PATH = "/news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/p.html"
FIGURE = "four and a half hours"
ISTANBUL_PATH = (
    "/news.cgtn.com/news/2025-02-28/"
    "Russia-U-S-hold-first-round-of-embassy-talks-in-Istanbul-1BAj4cVq2Hs/p.html"
)
ISTANBUL_BEFORE = "spent more than six hours in talks in Istanbul"
ISTANBUL_AFTER = "spent nearly seven hours in talks in Istanbul"

# path (under news.cgtn.com) -> what goes wrong; titles carry story words so discovery ranks them high.
FAULTS = {
    "missing": "404 on every request",
    "broken": "500 on every request",
    "flaky": "503 once, then the page",
    "limited": "429 with Retry-After: 1, then the page",
    "hanging": "answers nothing until the client gives up",
    "truncated": "Content-Length larger than the body",
    "huge": "a 50 MB body",
    "pdf": "application/pdf",
    "loop": "redirects to itself",
    "away": "redirects to a host the story does not allow",
    "blocked": "disallowed by robots.txt",
    "mojibake": "Windows-1252 bytes declared as UTF-8",
    "impostor": "a page whose canonical link claims to be the baseline",
}


def fault_url(name: str) -> str:
    day = len(name) % 9 + 1
    news_id = "1Fault" + name[:5].ljust(5, "x")
    return f"https://news.cgtn.com/news/2025-03-0{day}/Russia-U-S-talks-on-Ukraine-{name}-{news_id}/p.html"


class Site:
    """Mutable state shared with the handler: the baseline edit switch and a request log."""

    def __init__(self) -> None:
        self.edited = False
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    def hit(self, key: str) -> int:
        with self.lock:
            self.hits[key] = self.hits.get(key, 0) + 1
            return self.hits[key]


def page_html(name: str, title: str, body: str) -> bytes:
    """A CGTN page built from the baseline's template with another body, at ``fault_url(name)``."""
    baseline = (SITE / BASELINE_PATH.lstrip("/")).read_text(encoding="utf-8")
    start, end = baseline.index('<div id="cmsMainContent"'), baseline.index('<div class="sourceTextDiv"')
    html = baseline[:start] + f'<div id="cmsMainContent"><div class="text  en"><p>{body}</p></div></div>\n'
    html = (html + baseline[end:]).replace("U.S., Russia agree to improve ties", title)
    if name != "impostor":
        html = html.replace(
            "https://news.cgtn.com" + BASELINE_PATH.removeprefix("/news.cgtn.com"), fault_url(name)
        )
    return html.encode("utf-8")


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def send(
            self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str
        ):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(headers.pop("length", len(body))))
            for k, v in headers.items():
                self.send_header(k.replace("_", "-"), v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path == "/news.cgtn.com/robots.txt":
                return self.send(200, b"User-agent: *\nDisallow: /news/*-blocked-*\n", "text/plain")
            for name in FAULTS:
                if f"-{name}-" in path:
                    return self.fault(name)
            file = SITE / path.lstrip("/")
            if not file.is_file():
                return self.send(404, b"not found")
            data = file.read_bytes()
            if path == BASELINE_PATH:
                data = self.baseline(data)
            if path == ISTANBUL_PATH and site.edited:  # the outlet corrects a figure in a follow-up
                data = data.replace(ISTANBUL_BEFORE.encode(), ISTANBUL_AFTER.encode())
            ctype = "application/xml" if path.endswith(".xml") else "text/html; charset=utf-8"
            if path.endswith(".txt"):
                ctype = "text/plain"
            return self.send(200, data, ctype)

        def baseline(self, data: bytes) -> bytes:
            links = "".join(
                f'<li><a href="{fault_url(n)}" data-action="Related_Click">Russia U.S. talks on Ukraine: '
                f"Lavrov and Rubio meet again in Riyadh ({n})</a></li>"
                for n in FAULTS
            )
            marker = "<h4>Related Stories</h4><ul>"
            html = data.decode("utf-8").replace(marker, marker + links, 1)
            assert links in html, "the snapshot's baseline must have a related-news list"
            if site.edited:  # a silent correction of a figure, and a sentence added at the end
                assert FIGURE in html
                html = html.replace(FIGURE, "nearly five hours", 1)
            return html.encode("utf-8")

        def fault(self, name: str) -> None:
            n = site.hit(name)
            body = page_html(
                name, f"Talks {name}", "Russian and U.S. officials met again in Riyadh on Ukraine. " * 3
            )
            if name == "missing":
                return self.send(404, b"gone")
            if name == "broken":
                return self.send(500, b"oops")
            if name == "flaky" and n == 1:
                return self.send(503, b"busy")
            if name == "limited" and n == 1:
                return self.send(429, b"slow down", Retry_After="1")
            if name == "hanging":
                time.sleep(6)
                return self.send(200, body)
            if name == "truncated":
                return self.send(200, body[:200], length=len(body))
            if name == "huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(50 * 1024 * 1024))
                self.end_headers()
                try:
                    for _ in range(800):
                        self.wfile.write(b"<p>" + b"x" * 65530 + b"</p>")
                except OSError:
                    pass
                return None
            if name == "pdf":
                return self.send(200, b"%PDF-1.4", "application/pdf")
            if name == "loop":
                return self.send(302, b"", Location=fault_url("loop"))
            if name == "away":
                return self.send(302, b"", Location="https://elsewhere.example.org/story.html")
            if name == "mojibake":
                text = (
                    "Russian and U.S. officials met again in Riyadh \u2014 \u201cconstructive\u201d talks. "
                    * 3
                )
                return self.send(
                    200, page_html(name, "Talks mojibake", text).decode().encode("cp1252", "replace")
                )
            return self.send(200, body)

    return Handler


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    out = tmp_path_factory.mktemp("faults")
    cfg = write_replay_config(
        out,
        f"http://127.0.0.1:{server.server_address[1]}",
        fetch={"deadline": 3.0, "timeout": 2.0, "max_bytes": 2 * 1024 * 1024, "backoff_max": 2.0},
        max_new_articles=60,
    )
    first = asyncio.run(track_story(SLUG, str(cfg)))
    site.edited = True
    # a week later: every known article is due for a re-check
    second = asyncio.run(track_story(SLUG, str(cfg), as_of=datetime.now(UTC) + timedelta(days=8)))
    yield {"first": first, "second": second, "db": out / "storydiff.duckdb", "site": site, "out": out}
    server.shutdown()
    server.server_close()


def rows(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_every_fault_is_a_row_with_its_kind(faulty: dict[str, Any]) -> None:
    got = {
        name: rows(
            faulty["db"],
            "SELECT outcome, error_kind, attempts FROM fetches WHERE url = ? ORDER BY fetched_at LIMIT 1",
            fault_url(name),
        )
        for name in FAULTS
    }
    kinds = {name: (r[0][0], r[0][1]) if r else None for name, r in got.items()}
    assert kinds["missing"] == ("error", "http_status")
    assert kinds["broken"] == ("error", "http_status")
    assert got["broken"][0][2] >= 2  # a 5xx is retried
    assert got["missing"][0][2] == 1  # a 404 is not
    assert kinds["flaky"] == ("ok", None)
    assert kinds["limited"] == ("ok", None)
    assert kinds["hanging"] == ("error", "timeout")
    assert kinds["truncated"] in {("error", "network"), ("error", "parse")}
    assert kinds["huge"] == ("error", "too_large")
    assert kinds["pdf"] == ("error", "content_type")
    assert kinds["loop"] == ("error", "redirect")
    assert kinds["away"] == ("error", "redirect")
    assert kinds["blocked"] == ("skipped", "robots") or kinds["blocked"] == ("error", "robots")
    assert faulty["site"].hits.get("blocked", 0) == 0  # never fetched
    assert kinds["mojibake"] == ("ok", None)
    assert kinds["impostor"] == ("skipped", "duplicate")


def test_the_run_completed_and_good_articles_are_intact(faulty: dict[str, Any]) -> None:
    # both runs did their job; "partial" says that some URLs failed (the fetches table says which and why)
    assert rows(faulty["db"], "SELECT status FROM runs ORDER BY started_at") == [
        ("partial",),
        ("partial",),
    ]
    loaded = {r[0] for r in rows(faulty["db"], "SELECT url FROM articles")}
    assert "https://news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/p.html" in loaded
    assert sum("1Fault" not in u for u in loaded) >= 9  # the snapshot's follow-ups all loaded
    assert fault_url("flaky") in loaded and fault_url("limited") in loaded
    assert fault_url("missing") not in loaded and fault_url("huge") not in loaded


def test_wrong_declared_charset_is_decoded_without_mojibake(faulty: dict[str, Any]) -> None:
    [(body,)] = rows(
        faulty["db"],
        "SELECT v.body FROM article_versions v JOIN articles a USING (article_id) WHERE a.url = ?",
        fault_url("mojibake"),
    )
    assert "\u201cconstructive\u201d" in body and "\u2014" in body
    assert "\ufffd" not in body and "â€" not in body


def test_a_silent_edit_of_the_baseline_is_a_development(faulty: dict[str, Any]) -> None:
    versions = rows(
        faulty["db"],
        "SELECT v.version, v.body LIKE '%nearly five hours%' FROM article_versions v "
        "JOIN articles a USING (article_id) WHERE a.is_baseline ORDER BY v.version",
    )
    assert versions == [(1, False), (2, True)]  # the impostor never became a version of the baseline
    edits = rows(
        faulty["db"],
        "SELECT label, change_before, change_after, evidence FROM developments "
        "WHERE change_after LIKE '%five hours%' OR evidence LIKE '%nearly five hours%'",
    )
    assert edits, "the corrected figure must be a development"
    label, before, after, evidence = edits[0]
    assert label == "changed"
    assert "four and a half" in (before or "") and "five" in (after or "")
    assert "nearly five hours" in evidence
    assert faulty["second"]["new_developments"] >= 1


def test_a_corrected_follow_up_corrects_its_feed_entry(faulty: dict[str, Any]) -> None:
    """The outlet silently corrects a figure in a follow-up: the development keeps its id, shows the new
    sentence, and its ``updated`` moves; no second entry appears."""
    found = rows(
        faulty["db"],
        "SELECT entry_id, evidence, first_seen, updated FROM developments "
        "WHERE evidence LIKE '%hours in talks in Istanbul%'",
    )
    assert len(found) == 1, found
    _entry_id, evidence, first_seen, updated = found[0]
    assert ISTANBUL_AFTER in evidence
    assert updated > first_seen
    versions = rows(
        faulty["db"],
        "SELECT count(*) FROM article_versions v JOIN articles a USING (article_id) WHERE a.url = ?",
        "https://news.cgtn.com" + ISTANBUL_PATH.removeprefix("/news.cgtn.com"),
    )
    assert versions == [(2,)]
