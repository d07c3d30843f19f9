"""Screenshots for the README: the timeline page and the feed as a reader shows it, in headless Chromium.

    .venv/bin/python scripts/screenshots.py                      # replays the snapshot (as `storydiff demo`)
    .venv/bin/python scripts/screenshots.py --feeds-dir data/demo/feeds   # reuse a demo run's output

Writes into ``docs/screenshots/`` (``--out``):

- ``timeline.png``: the top of the story's timeline page at 1200 px, as a browser shows it without JavaScript;
- ``timeline-change.png``: the first "changed" development of the page, with its before/after;
- ``feed-reader.png``: the Atom feed in a minimal two-pane reader page built here from the feed itself (entry
  titles on the left, the first changed entry's content on the right, with no style of ours inside the
  content, as Miniflux or NetNewsWire show it).

Needs Debian's ``chromium`` (``apt-get install chromium``; ``CHROMIUM`` names another binary).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import html
import importlib.util
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
SLUG = "us-russia-riyadh-2025"
ATOM = "{http://www.w3.org/2005/Atom}"
AS_OF = "2025-08-20T12:00:00+00:00"  # after the snapshot's last article


def load_browser() -> Any:
    """tests/browser.py, the headless-Chromium helper the tests use, loaded by path."""
    path = REPO / "tests" / "browser.py"
    spec = importlib.util.spec_from_file_location("storydiff_test_browser", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_demo(out: Path, as_of: datetime) -> Path:
    """The recorded snapshot through the real flow, as ``storydiff demo`` runs it, but "seen" at ``as_of``.

    A fixed time keeps the pictures free of the machine's clock (and the same on every run).  Prefect runs on
    its ephemeral API with a throw-away home under ``out``.
    """
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(out / "prefect-home"))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    from flows.track_story import track_story
    from storydiff.config import load_config
    from storydiff.demo import BUNDLED_SNAPSHOT, serve_directory, write_replay_config

    site = BUNDLED_SNAPSHOT / "site"
    config = load_config(REPO / "stories.toml")
    print(f"replaying the snapshot through the flow into {out} (seen at {as_of:%Y-%m-%d %H:%M} UTC) ...")
    with serve_directory(site) as base_url:
        cfg = write_replay_config(out, base_url, config=config)
        asyncio.run(track_story(SLUG, str(cfg), as_of=as_of))
    return out / "feeds"


def anchor(entry_id: str) -> str:
    """The timeline page's HTML id for an entry (as ``feeds.present.anchor`` makes it)."""
    return "d-" + hashlib.sha256(entry_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def reader_page(feed: bytes, *, opened_anchor: str | None = None, listed: int = 14) -> str:
    """A minimal feed reader's screen for ``feed``: titles on the left, one entry's content on the right.

    The content is the feed's own (sanitised, ``type="html"``) markup, put in the page as is: what a reader
    shows.  The entry opened is the one whose timeline anchor is ``opened_anchor``, else the first changed
    one, else the newest.
    """
    root = etree.fromstring(feed, etree.XMLParser(resolve_entities=False, no_network=True))
    entries = root.findall(f"{ATOM}entry")
    if not entries:
        raise SystemExit("the feed has no entries")

    def label(entry: etree._Element) -> str:
        terms = [c.get("term") for c in entry.findall(f"{ATOM}category") if c.get("label")]
        return terms[0] if terms and terms[0] else ""

    by_anchor = {anchor(e.findtext(f"{ATOM}id") or ""): e for e in entries}
    first_changed = next((e for e in entries if label(e) == "changed"), entries[0])
    opened = by_anchor.get(opened_anchor or "", first_changed)
    shown = entries[:listed]
    if opened not in shown:
        shown = [opened, *shown[: listed - 1]]
    items = []
    for entry in shown:
        css = "item open" if entry is opened else "item"
        items.append(
            f'<li class="{css}"><span class="title">{html.escape(entry.findtext(f"{ATOM}title") or "")}</span>'
            f'<span class="meta">{html.escape((entry.findtext(f"{ATOM}published") or "")[:10])}</span></li>'
        )
    link = opened.find(f"{ATOM}link[@rel='alternate']")
    source = html.escape(link.get("href", "")) if link is not None else ""
    title = html.escape(root.findtext(f"{ATOM}title") or "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} — feed reader</title>
<style>
body {{ margin: 0; font: 15px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; }}
header {{ padding: .6rem 1rem; background: #24292f; color: #fff; font-weight: 600; }}
.panes {{ display: grid; grid-template-columns: 24rem 1fr; height: calc(100vh - 2.6rem); }}
.list {{ list-style: none; margin: 0; padding: 0; overflow: hidden; border-right: 1px solid #d0d7de;
  background: #fff; }}
.item {{ padding: .55rem .9rem; border-bottom: 1px solid #eaeef2; }}
.item .title {{ display: block; font-weight: 600; }}
.item .meta {{ color: #656d76; font-size: .8rem; }}
.open {{ background: #ddf4ff; border-left: 4px solid #0969da; }}
article {{ padding: 1.2rem 2rem; overflow: hidden; background: #fff; margin: 1rem; border-radius: 6px;
  border: 1px solid #d0d7de; }}
article h1 {{ font-size: 1.3rem; margin: 0 0 .3rem; }}
article .source {{ color: #656d76; font-size: .85rem; margin-bottom: 1rem; }}
</style></head>
<body><header>{title}</header>
<div class="panes"><ul class="list">{"".join(items)}</ul>
<article><h1>{html.escape(opened.findtext(f"{ATOM}title") or "")}</h1>
<div class="source">{source}</div>
<div class="content">{opened.findtext(f"{ATOM}content") or ""}</div></article></div>
</body></html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots", help="where the PNGs go")
    parser.add_argument(
        "--feeds-dir", type=Path, help="a demo run's feeds/ folder (default: run the demo now)"
    )
    parser.add_argument("--slug", default=SLUG)
    parser.add_argument(
        "--as-of", default=AS_OF, help="the demo run's 'seen at' time (ISO 8601, UTC if no zone)"
    )
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1600)
    args = parser.parse_args(argv)

    browser = load_browser()
    chromium = browser.find_chromium()
    if chromium is None:
        print("headless Chromium not found: apt-get install chromium (or set CHROMIUM)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="storydiff-screenshots-") as tmp:
        as_of = datetime.fromisoformat(args.as_of)
        as_of = as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
        feeds_dir = args.feeds_dir or run_demo(Path(tmp) / "demo", as_of)
        page = (feeds_dir / f"{args.slug}.html").resolve()
        feed = feeds_dir / f"{args.slug}.atom"
        if not page.is_file() or not feed.is_file():
            print(f"{feeds_dir}: no {page.name} / {feed.name}", file=sys.stderr)
            return 1
        written = []
        with browser.Session(chromium, scripts=False, width=args.width, height=args.height) as session:
            session.open(page.as_uri())
            written.append(args.out / "timeline.png")
            written[-1].write_bytes(session.screenshot())
            box = session.evaluate(
                "(() => { const d = document.querySelector('ol.timeline > li del');"
                " if (!d) return null; const r = d.closest('li').getBoundingClientRect();"
                " return {id: d.closest('li').id, x: r.left, y: r.top + window.scrollY, width: r.width,"
                " height: r.height}; })()"
            )
            if box is not None:
                margin = 24
                clip = {
                    "x": max(0, box["x"] - margin),
                    "y": max(0, box["y"] - margin),
                    "width": box["width"] + 2 * margin,
                    "height": box["height"] + 2 * margin,
                }
                written.append(args.out / "timeline-change.png")
                written[-1].write_bytes(session.screenshot(clip=clip))
            reader = Path(tmp) / "reader.html"
            opened = box["id"] if box is not None else None  # the same development as timeline-change.png
            reader.write_text(reader_page(feed.read_bytes(), opened_anchor=opened), encoding="utf-8")
            session.resize(args.width, 900)
            session.open(reader.as_uri())
            written.append(args.out / "feed-reader.png")
            written[-1].write_bytes(session.screenshot())
            if session.requests and any(not r.startswith("file:") for r in session.requests):
                print(f"warning: the pages asked for {session.requests}", file=sys.stderr)
    for path in written:
        size = browser.png_size(path.read_bytes())
        print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path} ({size[0]}x{size[1]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
