"""The ``rebuild-feeds`` flow: re-render every story's feed files from the warehouse, fetching nothing.

Useful after changing feed settings (page size, base URL) or upgrading the renderer; output is
deterministic, so unchanged feeds keep their bytes and their mtime.
"""

from __future__ import annotations

from typing import Any

from prefect import flow

from flows.locking import warehouse_lock
from flows.tasks import publish_feed
from flows.track_story import feed_meta
from storydiff.config import load_config
from warehouse import Warehouse


@flow(name="rebuild-feeds")
def rebuild_feeds(config_path: str | None = None, wait: float = 600.0) -> dict[str, Any]:
    config = load_config(config_path)
    warehouse = Warehouse(config.storage.database)
    written: dict[str, list[str]] = {}
    with warehouse_lock(config.storage.database, wait=wait, owner="rebuild-feeds"):
        warehouse.migrate()
        for story in config.stories:
            meta = feed_meta(config, story, warehouse)
            written[story.slug] = publish_feed(
                warehouse, story.slug, meta, config.storage.feeds_dir, config.feed.page_size
            )
    return written
