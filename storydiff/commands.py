"""What each ``storydiff`` command does; cli.py only parses arguments and reports errors."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from storydiff.config import default_config_path, load_config
from storydiff.errors import RunError


def run_stories(slugs: Sequence[str], config_path: str | None) -> int:
    """Run the track-story flow for each story, one after the other (one warehouse writer at a time)."""
    from flows.track_story import track_story

    config = load_config(config_path)
    chosen = [config.story(s) for s in slugs] if slugs else list(config.stories)
    path = str(config.path.resolve())
    failed = 0
    for story in chosen:
        try:
            summary = asyncio.run(track_story(story.slug, path))
        except RunError as exc:
            print(f"storydiff: {story.slug}: {exc}", file=sys.stderr)
            failed += 1
            continue
        _print_summary(summary)
    return 1 if failed else 0


def run_demo(*, snapshot: Path | None, out: Path, config_path: str | None, port: int) -> int:
    """Serve the recorded snapshot on loopback and run the same flow against it, into ``out``."""
    from flows.track_story import track_story
    from storydiff.demo import BUNDLED_SNAPSHOT, serve_directory, write_replay_config

    root = (snapshot or BUNDLED_SNAPSHOT).resolve()
    config = load_config(config_path or _find_config())
    with serve_directory(root / "site", port) as base_url:
        print(f"serving the recorded snapshot {root / 'site'} at {base_url}")
        demo_cfg = write_replay_config(out, base_url, snapshot=root, config=config)
        for story in load_config(demo_cfg).stories:
            summary = asyncio.run(track_story(story.slug, str(demo_cfg)))
            _print_summary(summary)
    print(f"demo config: {demo_cfg}")
    print(f'query it:    storydiff sql --config {demo_cfg} "SELECT label, evidence FROM v_developments"')
    return 0


def _find_config() -> str:
    """./stories.toml if present, else the repository's own (the demo must work from any directory)."""
    path = default_config_path()
    if path.exists():
        return str(path)
    repo = Path(__file__).resolve().parent.parent / "stories.toml"
    return str(repo)


def _print_summary(summary: dict[str, Any]) -> None:
    outcomes = (
        ", ".join(f"{k} {v}" for k, v in sorted(summary.get("outcomes", {}).items())) or "nothing fetched"
    )
    print(f"story {summary['story']} (run {summary['run_id']})")
    print(f"  fetches:          {outcomes}")
    print(f"  new versions:     {summary['new_versions']}  (facts {summary['new_facts']})")
    print(f"  new developments: {summary['new_developments']}  (further sources {summary['new_sources']})")
    print(f"  warehouse:        {summary['database']}")
    print(f"  feed:             {summary['feed']}")


def diff_files(baseline: str, articles: Sequence[str], *, fmt: str, allow_private: bool) -> int:
    """Diff later articles against a baseline, printing one record per fact; touches no warehouse."""
    from factdiff import StoryModel
    from sources import parse_article

    base = parse_article(_read(baseline, allow_private), baseline)
    model = StoryModel.from_article(base.title, base.paragraphs, base.summary or "", base.published_at)
    out = sys.stdout
    for ref in articles:
        art = parse_article(_read(ref, allow_private), ref)
        for diff in model.diff(art.title, art.paragraphs, art.summary or "", art.published_at):
            record = {
                "article": ref,
                "sentence": diff.fact.sentence,
                "fact": diff.fact.text,
                "label": diff.label,
                "baseline": diff.baseline.sentence if diff.baseline is not None else None,
                "score": round(diff.score, 4),
                "change": (
                    {"slot": diff.change.slot, "before": diff.change.before, "after": diff.change.after}
                    if diff.change
                    else None
                ),
                "reason": diff.reason,
            }
            if fmt == "jsonl":
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            else:
                out.write(_text_line(record))
    return 0


def _text_line(record: dict[str, Any]) -> str:
    line = f"{record['label']:>9}  {record['sentence']}\n"
    if record["change"]:
        c = record["change"]
        line += f"{'':>11}{c['slot']}: {c['before']} → {c['after']}\n"
    if record["baseline"] and record["label"] in ("changed", "restated"):
        line += f"{'':>11}baseline: {record['baseline']}\n"
    return line


def _read(ref: str, allow_private: bool) -> str:
    """A local file (bytes decoded like a fetched page) or an http(s) URL fetched with the default policy."""
    from sources import Fetcher, FetchPolicy
    from sources.charset import decode_body

    if urlsplit(ref).scheme in ("http", "https"):

        async def get() -> str:
            async with Fetcher(FetchPolicy(allow_private=allow_private, per_host_delay=0.0)) as f:
                return (await f.fetch(ref)).text

        return asyncio.run(get())
    path = Path(ref)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RunError(f"{ref}: no such file") from None
    return decode_body(data, None)


def print_feed(slug: str, config_path: str | None) -> int:
    config = load_config(config_path)
    config.story(slug)
    path = config.storage.feed_path(slug)
    if not path.exists():
        raise RunError(f"no feed for {slug} yet at {path}: run `storydiff run {slug}` first")
    sys.stdout.buffer.write(path.read_bytes())
    sys.stdout.flush()
    return 0


def serve_feeds(config_path: str | None, directory: Path | None, host: str, port: int, max_age: int) -> int:
    """Serve the feed files until interrupted; they are also plain static files any web server can serve."""
    from feeds import make_server

    root = directory if directory is not None else load_config(config_path).storage.feeds_dir
    if not root.is_dir():
        raise RunError(f"{root}: no feeds directory yet: run a story first")
    server = make_server(root, host, port, max_age=max_age)
    print(f"serving {root} at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def run_sql(query: str, config_path: str | None, db: Path | None, fmt: str) -> int:
    """Run one SQL statement read-only and print the result; analysts get the same views as in DuckDB."""
    import csv

    import duckdb

    if db is None:
        storage = load_config(config_path).storage
        snapshot = storage.read_snapshot
        db = snapshot if snapshot is not None and snapshot.exists() else storage.database
    if not db.exists():
        raise RunError(f"{db}: no warehouse yet: run a story first")
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            cur = con.execute(query)
            columns = [d[0] for d in cur.description or []]
            rows = cur.fetchall()
    except duckdb.Error as exc:
        raise RunError(f"{db}: {exc}") from None
    out = sys.stdout
    if fmt == "json":
        for row in rows:
            out.write(
                json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=str) + "\n"
            )
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        out.write(_table(columns, rows))
    return 0


def _table(columns: list[str], rows: list[tuple[Any, ...]], width: int = 60) -> str:
    def cell(value: Any) -> str:
        text = "" if value is None else " ".join(str(value).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
