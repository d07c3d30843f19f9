"""The public surface of the feeds package, pinned so changes to it are deliberate."""

from __future__ import annotations

import ast
from pathlib import Path

import feeds

FEEDS = Path(feeds.__file__).parent


def test_public_names() -> None:
    assert feeds.__all__ == [
        "ArchiveLinks",
        "FeedEntry",
        "FeedError",
        "FeedMeta",
        "SourceRef",
        "make_server",
        "publish_feed",
        "render_feed",
        "render_timeline",
        "validate_atom",
        "write_atomic",
    ]
    assert all(hasattr(feeds, name) for name in feeds.__all__)


def test_errors_come_from_the_feeds_package() -> None:
    """The CLI prints errors of the feeds package as one line, keyed on the module name."""
    assert feeds.FeedError.__module__.split(".")[0] == "feeds"
    assert issubclass(feeds.FeedError, ValueError)


def test_only_atom_imports_feedgen() -> None:
    importers = set()
    for path in FEEDS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            if any(name.split(".")[0] == "feedgen" for name in names):
                importers.add(path.name)
    assert importers == {"atom.py"}


def test_schema_ships_with_the_package() -> None:
    assert (FEEDS / "schema" / "atom.rng").is_file()
    assert (FEEDS / "schema" / "atom.rnc").is_file()
