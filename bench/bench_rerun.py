"""What a second run over unchanged sources costs, next to the first.

Serves the recorded snapshot on loopback (counting every answer), runs the real track-story flow twice into
a fresh warehouse and prints requests, conditional requests, body bytes and seconds per run, and the
second/first ratios.  A polite tracker's second run makes only conditional requests, downloads almost
nothing, parses nothing and writes no content rows.

    .venv/bin/python bench/bench_rerun.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import duckdb  # noqa: E402

from flows.track_story import track_story  # noqa: E402
from storydiff.demo import BUNDLED_SNAPSHOT, ServedLog, serve_directory, write_replay_config  # noqa: E402

SLUG = "us-russia-riyadh-2025"
CONTENT = ("article_versions", "facts", "diffs", "developments", "development_sources")


def content_rows(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CONTENT)  # type: ignore[index]


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="storydiff-bench-"))
    rows = []
    for run in (1, 2):
        served = ServedLog()
        with serve_directory(BUNDLED_SNAPSHOT / "site", served=served) as url:
            cfg = write_replay_config(out, url)
            start = time.perf_counter()
            summary = asyncio.run(track_story(SLUG, str(cfg)))
            seconds = time.perf_counter() - start
        rows.append((run, served, seconds, content_rows(out / "storydiff.duckdb"), summary))
    print(
        f"{'run':>3} {'requests':>9} {'conditional':>12} {'status 200/304':>15} {'bytes':>9} {'seconds':>8} rows"
    )
    for run, served, seconds, content, summary in rows:
        statuses = f"{served.statuses.get(200, 0)}/{served.statuses.get(304, 0)}"
        print(
            f"{run:>3} {served.requests:>9} {served.conditional:>12} {statuses:>15} {served.body_bytes:>9} "
            f"{seconds:>8.2f} {content}  outcomes={summary['outcomes']}"
        )
    (_, first, t1, _, _), (_, second, t2, _, _) = rows
    print(
        f"second/first: requests {second.requests / max(first.requests, 1):.2f}, "
        f"bytes {second.body_bytes / max(first.body_bytes, 1):.3f}, seconds {t2 / t1:.2f}; "
        f"content rows added by run 2: {rows[1][3] - rows[0][3]}"
    )


if __name__ == "__main__":
    main()
