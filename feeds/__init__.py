"""Publishing a story's developments: the Atom feed with RFC 5005 archives, a timeline page, a validator and
a small conditional-GET server.  ``feeds.atom`` is the only module that touches feedgen."""

from __future__ import annotations

from feeds.atom import ArchiveLinks, publish_feed, render_feed, write_atomic
from feeds.errors import FeedError
from feeds.models import FeedEntry, FeedMeta, SourceRef
from feeds.serve import make_server
from feeds.timeline import render_timeline
from feeds.validate import validate_atom

__all__ = [
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
