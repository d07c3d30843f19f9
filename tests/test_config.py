"""The stories file: the checked-in one loads, and every kind of mistake names file, key and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff.config import load_config
from storydiff.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent

VALID = """
[storage]
database = "db/x.duckdb"
feeds_dir = "out"

[[stories]]
slug = "a-story"
title = "A story"
baseline = "https://news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/p.html"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stories.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_checked_in_config_describes_the_riyadh_story() -> None:
    config = load_config(REPO / "stories.toml")
    story = config.story("us-russia-riyadh-2025")
    assert story.baseline == "https://news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/p.html"
    assert "https://www.cgtn.com/subscribe/rss/section/world.xml" in story.discovery.rss
    assert story.discovery.sitemaps
    assert "news.cgtn.com" in story.allowed_hosts
    assert config.storage.database == REPO / "data" / "storydiff.duckdb"
    assert config.storage.feed_path(story.slug) == REPO / "data" / "feeds" / "us-russia-riyadh-2025.atom"
    policy = config.policy_for(story)
    assert policy.allowed_hosts == story.allowed_hosts
    assert policy.per_host_delay == 4.0


def test_paths_resolve_against_the_config_file_and_defaults_fill_in(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID))
    assert config.storage.database == tmp_path / "db" / "x.duckdb"
    story = config.story("a-story")
    assert story.allowed_hosts == ("news.cgtn.com",)  # defaults to the baseline's host
    assert story.discovery.follow_links is True
    assert config.feed.page_size == 50


def test_a_second_story_is_only_a_new_entry(tmp_path: Path) -> None:
    text = VALID + (
        '\n[[stories]]\nslug = "other"\ntitle = "Other"\nbaseline = "https://example.org/a.html"\n'
        '[stories.discovery]\nrss = ["https://example.org/rss.xml"]\n'
    )
    config = load_config(write(tmp_path, text))
    assert [s.slug for s in config.stories] == ["a-story", "other"]
    assert config.story("other").discovery.rss == ("https://example.org/rss.xml",)


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        (VALID.replace('slug = "a-story"', 'slug = "A Story"'), "stories[0].slug", "lowercase"),
        (VALID.replace("https://news.cgtn.com", "ftp://news.cgtn.com"), "stories[0].baseline", "http(s) URL"),
        (VALID.replace('title = "A story"\n', ""), "stories[0].title", "is required"),
        (VALID + '\n[fetch]\ntimeout = "fast"\n', "fetch.timeout", "must be a float"),
        (VALID + "\n[fetch]\ntimeot = 3\n", "fetch.timeot", "unknown key"),
        (VALID + "\n[feed]\npage_size = 0\n", "feed.page_size", "at least 1"),
        (VALID + '\n[feed]\ntag_authority = "not a domain"\n', "feed.tag_authority", "domain name"),
        (VALID.replace("[[stories]]", "[[storys]]"), "storys", "unknown key"),
        (VALID + VALID.split("\n", 5)[-1], "stories[1].slug", "duplicate slug"),
    ],
)
def test_broken_config_names_file_key_and_problem(tmp_path: Path, text: str, key: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert str(path) in message
    assert key in message
    assert problem in message


def test_not_toml_and_missing_file_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[storage\n"))
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_unknown_story_lists_the_configured_ones(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID))
    with pytest.raises(ConfigError, match="configured: a-story"):
        config.story("missing")


def test_mirrors_are_pairs_of_url_prefixes(tmp_path: Path) -> None:
    ok = VALID + '\n[fetch]\nmirrors = [["https://news.cgtn.com/", "http://127.0.0.1:9/news.cgtn.com/"]]\n'
    config = load_config(write(tmp_path, ok))
    assert config.fetch.mirrors == (("https://news.cgtn.com/", "http://127.0.0.1:9/news.cgtn.com/"),)
    bad = VALID + '\n[fetch]\nmirrors = [["https://news.cgtn.com/"]]\n'
    with pytest.raises(ConfigError, match=r"fetch\.mirrors\[0\]"):
        load_config(write(tmp_path, bad))
