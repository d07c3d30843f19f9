"""Replaying a recorded snapshot: a local HTTP server over ``site/<host>/<path>`` and a config that maps the
public URLs onto it.

A snapshot keeps every page under its real host and path, so the flow fetches, stores and links the real
public URLs while the bytes come from loopback.  This is how the demo and the end-to-end tests run the
real flow with no web access.
"""

from __future__ import annotations

import functools
import json
import threading
import tomllib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from storydiff.config import Config, Story, load_config
from storydiff.errors import ConfigError

BUNDLED_SNAPSHOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "snapshot"


@dataclass
class ServedLog:
    """What the snapshot server answered: for benchmarks and tests of a polite second run."""

    requests: int = 0
    conditional: int = 0  # requests that carried If-None-Match or If-Modified-Since
    body_bytes: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class _QuietHandler(SimpleHTTPRequestHandler):
    served: ServedLog | None = None

    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **SimpleHTTPRequestHandler.extensions_map,
        ".xml": "application/xml",
        ".atom": "application/atom+xml",
        ".txt": "text/plain",
        ".html": "text/html; charset=utf-8",
    }

    def log_message(self, format: str, *args: object) -> None:
        return

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.served is not None:
            with self.served.lock:
                self.served.requests += 1
                self.served.statuses[int(code)] += 1
                if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                    self.served.conditional += 1

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        outputfile.write(data)
        if self.served is not None:
            with self.served.lock:
                self.served.body_bytes += len(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


@contextmanager
def serve_directory(root: Path, port: int = 0, served: ServedLog | None = None) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 in a background thread; yield its base URL (no trailing slash).

    With ``served``, every answer is counted there (requests, conditional requests, body bytes, statuses).
    """
    handler_cls = type("_Handler", (_QuietHandler,), {"served": served})
    handler = functools.partial(handler_cls, directory=str(root))
    server = _Server(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, name="snapshot-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def snapshot_hosts(site: Path) -> list[str]:
    if not site.is_dir():
        raise ConfigError(f"{site}: snapshot has no site/ folder (expected site/<host>/<path>)")
    hosts = sorted(p.name for p in site.iterdir() if p.is_dir() and "." in p.name)
    if not hosts:
        raise ConfigError(f"{site}: no host folders in the snapshot")
    return hosts


def replay_sources(root: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Extra (rss, sitemaps) a snapshot declares in ``replay.toml``: feeds that exist only in the snapshot."""
    path = root / "replay.toml"
    if not path.exists():
        return (), ()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8")).get("discovery", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    rss, sitemaps = raw.get("rss", []), raw.get("sitemaps", [])
    for key, value in (("discovery.rss", rss), ("discovery.sitemaps", sitemaps)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: {key}: must be a list of URLs")
    return tuple(rss), tuple(sitemaps)


def demo_config_text(
    config: Config,
    stories: list[Story],
    hosts: list[str],
    base_url: str,
    out: Path,
    extra: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    fetch: dict[str, float | int | bool] | None = None,
    max_new_articles: int | None = None,
) -> str:
    """A stories file for the replay: the given stories, demo storage, and mirrors onto the local server.

    ``extra`` holds the snapshot's own (rss, sitemaps) from replay.toml; ``fetch`` overrides the replay's
    [fetch] settings (tests shorten deadlines).  TOML basic strings accept JSON string escapes, so values
    are written with json.dumps.
    """
    q = json.dumps
    out = out.resolve()
    fetch_settings: dict[str, float | int | bool] = {
        "allow_private": True,  # the snapshot server is on loopback
        "per_host_delay": 0.0,
        "per_host_concurrency": 4,
        "timeout": 10.0,
        "retries": 1,
        "backoff_base": 0.1,
        **(fetch or {}),
    }
    lines = [
        "# Written by `storydiff demo`: the configured stories, replayed from a local snapshot server.",
        "[storage]",
        f"database = {q(str(out / 'storydiff.duckdb'))}",
        f"feeds_dir = {q(str(out / 'feeds'))}",
        f"read_snapshot = {q(str(out / 'storydiff-read.duckdb'))}",
        "",
        "[feed]",
        f"tag_authority = {q(config.feed.tag_authority)}",
        f"page_size = {config.feed.page_size}",
        "",
        "[fetch]",
        *(f"{k} = {q(v)}" for k, v in fetch_settings.items()),
        "mirrors = [",
        *(f"  [{q(f'https://{h}/')}, {q(f'{base_url}/{h}/')}]," for h in hosts),
        *(f"  [{q(f'http://{h}/')}, {q(f'{base_url}/{h}/')}]," for h in hosts),
        "]",
    ]
    for story in stories:
        allowed = sorted({*story.allowed_hosts, *hosts})
        d = story.discovery
        lines += [
            "",
            "[[stories]]",
            f"slug = {q(story.slug)}",
            f"title = {q(story.title)}",
            f"baseline = {q(story.baseline)}",
            f"allowed_hosts = {q(allowed)}",
            "[stories.discovery]",
            f"follow_links = {q(d.follow_links)}",
            f"link_depth = {d.link_depth}",
            f"rss = {q([*d.rss, *(u for u in extra[0] if u not in d.rss)])}",
            f"sitemaps = {q([*d.sitemaps, *(u for u in extra[1] if u not in d.sitemaps)])}",
            f"max_new_articles = {d.max_new_articles if max_new_articles is None else max_new_articles}",
        ]
    return "\n".join(lines) + "\n"


REPO_CONFIG = Path(__file__).resolve().parent.parent / "stories.toml"


def write_replay_config(
    out: Path,
    base_url: str,
    *,
    snapshot: Path = BUNDLED_SNAPSHOT,
    config: Config | None = None,
    stories: list[Story] | None = None,
    fetch: dict[str, float | int | bool] | None = None,
    max_new_articles: int | None = None,
    extra_sources: bool = True,
) -> Path:
    """Write ``out/stories.toml`` replaying ``snapshot`` from ``base_url``: the demo's, the tests' and the
    benchmarks' one way to point the real flow at a recorded snapshot.  Returns the file's path.

    ``config`` defaults to the repository's stories.toml and ``stories`` to those of its stories whose
    baseline is in the snapshot.  ``extra_sources=False`` leaves out the snapshot's own feeds (replay.toml).
    """
    config = config if config is not None else load_config(REPO_CONFIG)
    hosts = snapshot_hosts(snapshot / "site")
    if stories is None:
        stories = [s for s in config.stories if (urlsplit(s.baseline).hostname or "") in hosts]
    if not stories:
        raise ConfigError(f"{config.path}: no configured story has its baseline in the snapshot {snapshot}")
    text = demo_config_text(
        config,
        stories,
        hosts,
        base_url,
        out,
        replay_sources(snapshot) if extra_sources else ((), ()),
        fetch=fetch,
        max_new_articles=max_new_articles,
    )
    out.mkdir(parents=True, exist_ok=True)
    path = out.resolve() / "stories.toml"
    path.write_text(text, encoding="utf-8")
    return path
