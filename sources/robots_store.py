"""robots.txt kept between runs, so an hourly tracker does not re-download it every hour.

The in-memory :class:`~sources.robots.RobotsCache` lives as long as one Fetcher (one run).  A
``FileRobotsStore`` keeps each origin's last good answer on disk with the wall-clock time it was fetched;
the next run uses it while it is fresh (the policy's ``robots_ttl``, or a shorter Cache-Control max-age)
and asks the server again only after that.  Failures (429, 5xx, network errors) are never stored: they
must be retried on the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from .robots import RobotsResponse, _ttl, origin_of

__all__ = ["FileRobotsStore", "RobotsStore"]


class RobotsStore(Protocol):
    def load(self, robots_url: str) -> RobotsResponse | None: ...

    def save(self, robots_url: str, response: RobotsResponse) -> None: ...


class FileRobotsStore:
    """One small JSON file per origin in ``directory``; writes are atomic (temp file + rename)."""

    def __init__(self, directory: Path, *, ttl: float, clock: Callable[[], float] = time.time) -> None:
        self.directory = Path(directory)
        self.ttl = ttl
        self.clock = clock

    def _path(self, robots_url: str) -> Path:
        scheme, host, port = origin_of(robots_url)
        digest = hashlib.sha256(f"{scheme}://{host}:{port}".encode()).hexdigest()[:16]
        return self.directory / f"{host}-{port}-{digest}.json"

    def load(self, robots_url: str) -> RobotsResponse | None:
        try:
            raw = json.loads(self._path(robots_url).read_text(encoding="utf-8"))
            response = RobotsResponse(int(raw["status"]), str(raw["text"]), raw.get("cache_control"))
            fetched_at = float(raw["fetched_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable: ask the server
        if self.clock() - fetched_at >= _ttl(response.cache_control, self.ttl):
            return None
        return response

    def save(self, robots_url: str, response: RobotsResponse) -> None:
        if response.status == 429 or response.status >= 500:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        record = {
            "url": robots_url,
            "status": response.status,
            "text": response.text,
            "cache_control": response.cache_control,
            "fetched_at": self.clock(),
        }
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".robots-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(record, fh)
            os.replace(tmp, self._path(robots_url))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
