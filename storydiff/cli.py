"""The ``storydiff`` command line.

    storydiff run [SLUG ...]                     track the configured stories on the live web
    storydiff demo                               replay the recorded snapshot from a local server, same flow
    storydiff diff BASELINE ARTICLE ... [--format jsonl|text]   diff articles against a baseline, no warehouse
    storydiff feed SLUG                          print a story's published Atom feed
    storydiff serve-feeds [--port N]             serve the feeds over HTTP (ETag, Last-Modified, 304)
    storydiff serve                              run every story's schedule in this process (no work pool)
    storydiff sql "SELECT ..." [--format table|csv|json]   query the warehouse (its read-only copy)

Every failure ends with one line on stderr (``storydiff: error: …``) and a non-zero exit status:
2 for a usage or configuration mistake, 1 for anything else.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sources.errors import SourceError
from storydiff import __version__
from storydiff.errors import ConfigError, StorydiffError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storydiff", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--version", action="version", version=f"storydiff {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show Prefect's task-by-task log lines")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="track the configured stories (live web)")
    run.add_argument("slugs", nargs="*", metavar="SLUG", help="stories to run (default: all configured)")
    run.add_argument("--config", help="stories file (default: $STORYDIFF_CONFIG or ./stories.toml)")

    demo = sub.add_parser("demo", help="run the flow against the recorded snapshot served on a local port")
    demo.add_argument(
        "--snapshot", type=Path, help="snapshot folder holding site/<host>/... (default: the bundled one)"
    )
    demo.add_argument(
        "--out", type=Path, default=Path("data/demo"), help="where the demo warehouse and feed go"
    )
    demo.add_argument("--config", help="stories file to take the story from (default: ./stories.toml)")
    demo.add_argument(
        "--port", type=int, default=0, help="local port for the snapshot server (default: any free)"
    )

    diff = sub.add_parser("diff", help="diff articles (paths or URLs) against a baseline article")
    diff.add_argument("baseline", help="baseline article: a path or an http(s) URL")
    diff.add_argument("articles", nargs="+", metavar="ARTICLE", help="later articles: paths or URLs")
    diff.add_argument("--format", choices=("jsonl", "text"), default="text")
    diff.add_argument("--allow-private", action="store_true", help="allow URLs on loopback/private addresses")

    feed = sub.add_parser("feed", help="print a story's Atom feed")
    feed.add_argument("slug", metavar="SLUG")
    feed.add_argument("--config", help="stories file (default: $STORYDIFF_CONFIG or ./stories.toml)")

    serve_feeds = sub.add_parser(
        "serve-feeds", help="serve the feeds directory over HTTP with conditional GET"
    )
    serve_feeds.add_argument("--config", help="stories file (default: $STORYDIFF_CONFIG or ./stories.toml)")
    serve_feeds.add_argument("--dir", type=Path, help="directory to serve (default: storage.feeds_dir)")
    serve_feeds.add_argument("--host", default="127.0.0.1")
    serve_feeds.add_argument("--port", type=int, default=8080)
    serve_feeds.add_argument(
        "--max-age", type=int, default=300, help="poll interval suggested to readers (s)"
    )

    sql = sub.add_parser(
        "sql", help="run SQL against the warehouse's read-only copy (safe while a run writes)"
    )
    sql.add_argument("query", metavar="SQL")
    sql.add_argument("--config", help="stories file (default: $STORYDIFF_CONFIG or ./stories.toml)")
    sql.add_argument(
        "--db", type=Path, help="database file (default: storage.read_snapshot, else storage.database)"
    )
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")

    serve = sub.add_parser(
        "serve", help="run every story's schedule in this process (Prefect serve; needs a Prefect server)"
    )
    serve.add_argument("--config", help="stories file (default: $STORYDIFF_CONFIG or ./stories.toml)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Prefect reads its settings when first imported: quiet by default, the run summary says what happened.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if args.verbose else "WARNING")
    try:
        return _dispatch(args)
    except ConfigError as exc:
        return _fail(exc, status=2)
    except (StorydiffError, SourceError, OSError) as exc:
        return _fail(exc, status=1)
    except KeyboardInterrupt:
        print("storydiff: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the warehouse's and the engine's own errors, or a bug: still one line
        if type(exc).__module__.split(".")[0] in {"warehouse", "feeds", "factdiff"}:
            return _fail(exc, status=1)
        raise


def _fail(exc: BaseException, *, status: int) -> int:
    message = " ".join(str(exc).split()) or type(exc).__name__
    print(f"storydiff: error: {message}", file=sys.stderr)
    return status


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        from storydiff.commands import run_stories

        return run_stories(args.slugs, args.config)
    if args.command == "demo":
        from storydiff.commands import run_demo

        return run_demo(snapshot=args.snapshot, out=args.out, config_path=args.config, port=args.port)
    if args.command == "diff":
        from storydiff.commands import diff_files

        return diff_files(args.baseline, args.articles, fmt=args.format, allow_private=args.allow_private)
    if args.command == "feed":
        from storydiff.commands import print_feed

        return print_feed(args.slug, args.config)
    if args.command == "serve-feeds":
        from storydiff.commands import serve_feeds

        return serve_feeds(args.config, args.dir, args.host, args.port, args.max_age)
    if args.command == "sql":
        from storydiff.commands import run_sql

        return run_sql(args.query, args.config, args.db, args.format)
    if args.command == "serve":
        from storydiff.serve import serve_stories

        serve_stories(args.config)
        return 0
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
