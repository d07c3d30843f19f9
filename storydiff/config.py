"""Reading and checking ``stories.toml``.

The config is the only place a story is described, so a mistake in it must be reported precisely: every
error names the file, the key (``stories[0].discovery.rss``) and the problem.  Loading is pure apart from
reading the file; paths are resolved against the config file's directory so a run does not depend on the
working directory.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from sources import FetchPolicy
from storydiff.errors import ConfigError

ENV_VAR = "STORYDIFF_CONFIG"
DEFAULT_NAME = "stories.toml"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
# FetchPolicy fields that are set per story, never from [fetch].
_STORY_FETCH_KEYS = {"allowed_hosts"}


@dataclass(frozen=True)
class Discovery:
    follow_links: bool = True
    link_depth: int = 2
    rss: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    max_new_articles: int = 30


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    baseline: str
    allowed_hosts: tuple[str, ...]
    discovery: Discovery = field(default_factory=Discovery)


@dataclass(frozen=True)
class Storage:
    database: Path
    feeds_dir: Path
    read_snapshot: Path | None

    def feed_path(self, slug: str) -> Path:
        return self.feeds_dir / f"{slug}.atom"


@dataclass(frozen=True)
class FeedSettings:
    tag_authority: str = "storydiff.dev"
    base_url: str = ""
    page_size: int = 50


@dataclass(frozen=True)
class Config:
    path: Path
    storage: Storage
    feed: FeedSettings
    fetch: FetchPolicy  # without allowed_hosts: see policy_for()
    stories: tuple[Story, ...]

    def story(self, slug: str) -> Story:
        for story in self.stories:
            if story.slug == slug:
                return story
        known = ", ".join(s.slug for s in self.stories) or "none"
        raise ConfigError(f"{self.path}: no story with slug {slug!r} (configured: {known})")

    def policy_for(self, story: Story) -> FetchPolicy:
        """The fetch policy of one story: the global [fetch] settings plus the story's allowed hosts."""
        return dataclasses.replace(self.fetch, allowed_hosts=story.allowed_hosts)


def default_config_path() -> Path:
    return Path(os.environ.get(ENV_VAR) or DEFAULT_NAME)


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read and validate a stories file; raise ConfigError naming file, key and problem."""
    cfg_path = Path(path) if path is not None else default_config_path()
    try:
        raw = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{cfg_path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{cfg_path}: cannot read config file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{cfg_path}: not valid TOML: {exc}") from None
    return parse_config(raw, cfg_path)


def parse_config(raw: Mapping[str, Any], path: Path) -> Config:
    """Validate an already-decoded config mapping (separate from I/O so tests can feed dicts)."""
    r = _Reader(path)
    r.only(raw, "", {"storage", "feed", "fetch", "stories"})
    base = path.resolve().parent
    storage_raw = r.table(raw, "storage")
    r.only(storage_raw, "storage", {"database", "feeds_dir", "read_snapshot"})
    snapshot = r.string(storage_raw, "storage", "read_snapshot", "")
    storage = Storage(
        database=_resolve(base, r.string(storage_raw, "storage", "database", "data/storydiff.duckdb")),
        feeds_dir=_resolve(base, r.string(storage_raw, "storage", "feeds_dir", "data/feeds")),
        read_snapshot=_resolve(base, snapshot) if snapshot else None,
    )
    feed_raw = r.table(raw, "feed")
    r.only(feed_raw, "feed", {"tag_authority", "base_url", "page_size"})
    authority = r.string(feed_raw, "feed", "tag_authority", "storydiff.dev")
    if not re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}|[^@\s]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", authority):
        r.fail("feed.tag_authority", f"must be a domain name or an e-mail address, got {authority!r}")
    base_url = r.string(feed_raw, "feed", "base_url", "")
    if base_url:
        r.url(base_url, "feed.base_url")
    feed = FeedSettings(
        tag_authority=authority,
        base_url=base_url,
        page_size=r.integer(feed_raw, "feed", "page_size", 50, minimum=1),
    )
    fetch = _fetch_policy(r, r.table(raw, "fetch"))
    stories_raw = raw.get("stories")
    if not isinstance(stories_raw, list) or not stories_raw:
        r.fail("stories", "at least one [[stories]] entry is required")
    stories = tuple(_story(r, item, f"stories[{i}]") for i, item in enumerate(stories_raw))
    seen: set[str] = set()
    for i, story in enumerate(stories):
        if story.slug in seen:
            r.fail(f"stories[{i}].slug", f"duplicate slug {story.slug!r}")
        seen.add(story.slug)
    return Config(path=path, storage=storage, feed=feed, fetch=fetch, stories=stories)


def _story(r: _Reader, item: object, key: str) -> Story:
    if not isinstance(item, dict):
        r.fail(key, "must be a table")
    r.only(item, key, {"slug", "title", "baseline", "allowed_hosts", "discovery"})
    slug = r.string(item, key, "slug")
    if not SLUG_RE.fullmatch(slug):
        r.fail(f"{key}.slug", f"must be lowercase letters, digits and dashes, got {slug!r}")
    baseline = r.url(r.string(item, key, "baseline"), f"{key}.baseline")
    hosts = r.strings(item, key, "allowed_hosts", None)
    if not hosts:
        hosts = (urlsplit(baseline).hostname or "",)
    disc_raw = r.table(item, "discovery", prefix=key)
    dkey = f"{key}.discovery"
    r.only(disc_raw, dkey, {"follow_links", "link_depth", "rss", "sitemaps", "max_new_articles"})
    discovery = Discovery(
        follow_links=r.boolean(disc_raw, dkey, "follow_links", True),
        link_depth=r.integer(disc_raw, dkey, "link_depth", 2, minimum=0),
        rss=tuple(r.url(u, f"{dkey}.rss") for u in r.strings(disc_raw, dkey, "rss", ())),
        sitemaps=tuple(r.url(u, f"{dkey}.sitemaps") for u in r.strings(disc_raw, dkey, "sitemaps", ())),
        max_new_articles=r.integer(disc_raw, dkey, "max_new_articles", 30, minimum=0),
    )
    return Story(
        slug=slug,
        title=r.string(item, key, "title"),
        baseline=baseline,
        allowed_hosts=tuple(h.lower() for h in hosts),
        discovery=discovery,
    )


def _fetch_policy(r: _Reader, raw: Mapping[str, Any]) -> FetchPolicy:
    names = (
        {f.name: f for f in dataclasses.fields(FetchPolicy)} if dataclasses.is_dataclass(FetchPolicy) else {}
    )
    allowed = set(names) - _STORY_FETCH_KEYS
    r.only(raw, "fetch", allowed)
    defaults = FetchPolicy()
    values: dict[str, Any] = {}
    value: Any
    for name, value in raw.items():
        if name == "mirrors":
            values[name] = _mirrors(r, value)
            continue
        default = getattr(defaults, name)
        expected: type | tuple[type, ...] = (int, float) if isinstance(default, float) else type(default)
        if isinstance(value, bool) and not isinstance(default, bool):
            r.fail(f"fetch.{name}", f"must be a {type(default).__name__}, got a boolean")
        if not isinstance(value, expected):
            r.fail(f"fetch.{name}", f"must be a {type(default).__name__}, got {type(value).__name__}")
        values[name] = (
            float(value) if isinstance(default, float) and isinstance(value, int | float) else value
        )
    try:
        return dataclasses.replace(defaults, **values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{r.path}: [fetch]: {exc}") from None


def _mirrors(r: _Reader, value: object) -> tuple[tuple[str, str], ...]:
    """``[[public_prefix, local_prefix], ...]``: replay public URLs from another server (a recorded snapshot)."""
    if not isinstance(value, list):
        r.fail("fetch.mirrors", "must be a list of [public_prefix, local_prefix] pairs")
    pairs: list[tuple[str, str]] = []
    for i, pair in enumerate(value):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            r.fail(f"fetch.mirrors[{i}]", "must be a pair of URL prefixes [public, local]")
        pairs.append((r.url(pair[0], f"fetch.mirrors[{i}]"), r.url(pair[1], f"fetch.mirrors[{i}]")))
    return tuple(pairs)


def _resolve(base: Path, value: str) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else base / p


class _Reader:
    """Typed access to the decoded TOML that turns every mistake into a ConfigError with the key path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> NoReturn:
        raise ConfigError(f"{self.path}: {key}: {problem}")

    def only(self, table: Mapping[str, Any], key: str, allowed: set[str]) -> None:
        for name in table:
            if name not in allowed:
                where = f"{key}.{name}" if key else name
                self.fail(where, f"unknown key (expected one of: {', '.join(sorted(allowed))})")

    def table(self, raw: Mapping[str, Any], name: str, prefix: str = "") -> Mapping[str, Any]:
        value = raw.get(name, {})
        if not isinstance(value, dict):
            self.fail(f"{prefix}.{name}" if prefix else name, "must be a table")
        return value

    def string(self, raw: Mapping[str, Any], key: str, name: str, default: str | None = None) -> str:
        value = raw.get(name, default)
        if value is None:
            self.fail(f"{key}.{name}", "is required")
        if not isinstance(value, str) or (default is None and not value.strip()):
            self.fail(f"{key}.{name}", f"must be a non-empty string, got {value!r}")
        return value

    def strings(self, raw: Mapping[str, Any], key: str, name: str, default: Any) -> tuple[str, ...]:
        value = raw.get(name, default)
        if value is None:
            return ()
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v for v in value):
            self.fail(f"{key}.{name}", "must be a list of non-empty strings")
        return tuple(value)

    def integer(self, raw: Mapping[str, Any], key: str, name: str, default: int, *, minimum: int) -> int:
        value = raw.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"{key}.{name}", f"must be an integer, got {value!r}")
        if value < minimum:
            self.fail(f"{key}.{name}", f"must be at least {minimum}, got {value}")
        return value

    def boolean(self, raw: Mapping[str, Any], key: str, name: str, default: bool) -> bool:
        value = raw.get(name, default)
        if not isinstance(value, bool):
            self.fail(f"{key}.{name}", f"must be true or false, got {value!r}")
        return value

    def url(self, value: str, key: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.fail(key, f"must be an absolute http(s) URL, got {value!r}")
        return value
