"""The timeline page as a person sees it: the real flow's page for the recorded snapshot, in headless Chromium.

The page is built by a real run of ``track_story`` over the snapshot (served over HTTP on loopback, on a
temporary Prefect API), then opened from disk.  Most checks run with JavaScript off, because the page must
work without it; text is read as layout renders it (``innerText`` applies CSS: hidden text is absent, the
label badges are upper case).  A hostile page rendered straight from ``feeds.render_timeline`` is opened
with JavaScript *on*, to show that nothing in it runs.

Needs Debian's ``chromium`` (``apt-get install chromium``).  Without it the module is skipped, unless ``CI``
is set: CI installs it, so there a missing browser is a failure.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from feeds import FeedEntry, FeedMeta, SourceRef, render_timeline
from feeds.present import anchor, label_name, one_line, safe_url
from flows.track_story import track_story
from storydiff.config import load_config
from storydiff.demo import write_replay_config
from warehouse import Warehouse

pytestmark = pytest.mark.integration


def _load_browser() -> Any:
    """tests/browser.py, by path: putting tests/ on sys.path would let tests/feeds shadow the feeds package."""
    path = Path(__file__).resolve().parent / "browser.py"
    spec = importlib.util.spec_from_file_location("storydiff_test_browser", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


browser = _load_browser()
BrowserError, Session = browser.BrowserError, browser.Session
dump_dom, find_chromium, png_size, screenshot = (
    browser.dump_dom,
    browser.find_chromium,
    browser.png_size,
    browser.screenshot,
)

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "fixtures" / "snapshot"
SLUG = "us-russia-riyadh-2025"
DESKTOP = (1200, 1600)
PHONE = (390, 844)

# Per development, what is on screen: read in the page with DevTools evaluation (page scripts stay off).
DEVELOPMENTS_JS = """
JSON.stringify([...document.querySelectorAll('ol.timeline > li')].map(li => {
  const box = li.getBoundingClientRect();
  const text = sel => { const e = li.querySelector(sel); return e ? e.innerText : null; };
  return {
    id: li.id,
    height: box.height,
    width: box.width,
    label: text('.label'),
    heading: text('h2'),
    evidence: text('blockquote'),
    before: text('del'),
    after: text('ins'),
    text: li.innerText,
    links: [...li.querySelectorAll('a[href]')].map(a => ({
      href: a.getAttribute('href'), text: a.innerText, visible: a.getBoundingClientRect().width > 0
    })),
  };
}))
"""


def words(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser; session-scoped so that a skip happens before any flow runs."""
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed but CI is set: .ci/run must `apt-get install -y chromium`")
        pytest.skip("headless Chromium not found (apt-get install chromium, or set CHROMIUM=/path/to/binary)")
    return binary


@pytest.fixture(scope="module")
def timeline(
    chromium: str, prefect_api: None, snapshot_url: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """One real run over the snapshot; the timeline page it published and the entries behind it."""
    out = tmp_path_factory.mktemp("timeline")
    cfg = write_replay_config(out, snapshot_url)
    asyncio.run(track_story(SLUG, str(cfg)))
    page = out / "feeds" / f"{SLUG}.html"
    entries = Warehouse(out / "storydiff.duckdb").feed_entries(SLUG)
    assert page.is_file() and entries
    return {
        "page": page,
        "url": page.as_uri(),
        "entries": entries,
        "title": load_config(REPO / "stories.toml").story(SLUG).title,
    }


@pytest.fixture(scope="module")
def seen(chromium: str, timeline: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The page opened once with JavaScript off, at desktop size: what the checks below read."""
    with Session(chromium, scripts=False, width=DESKTOP[0], height=DESKTOP[1]) as session:
        session.open(timeline["url"])
        yield {
            "session": session,
            "developments": json.loads(session.evaluate(DEVELOPMENTS_JS)),
            "text": session.evaluate("document.body.innerText"),
            "title": session.evaluate("document.title"),
            "h1": session.evaluate("document.querySelector('h1').innerText"),
        }


def test_the_page_is_static_html(chromium: str, timeline: dict[str, Any]) -> None:
    """No script in the file, and the DOM a browser builds (JavaScript on) holds exactly the file's text."""
    source = timeline["page"].read_bytes()
    assert b"<script" not in source.lower()
    rendered = lxml.html.document_fromstring(dump_dom(chromium, timeline["url"]))
    original = lxml.html.document_fromstring(source)
    assert rendered.xpath("//script") == []
    assert words(rendered.body.text_content()) == words(original.body.text_content())
    assert len(rendered.xpath("//ol[@class='timeline']/li")) == len(timeline["entries"])


def test_the_header_names_the_story_and_links_the_feed(
    timeline: dict[str, Any], seen: dict[str, Any]
) -> None:
    assert seen["h1"] == timeline["title"]
    assert timeline["title"] in seen["title"]
    count = len(timeline["entries"])
    assert f"{count} developments since then, oldest first" in seen["text"]
    session = seen["session"]
    feed_href = session.evaluate(
        "[...document.querySelectorAll('header a')].find(a => a.innerText === 'Follow with the Atom feed')"
        ".getAttribute('href')"
    )
    assert (timeline["page"].parent / feed_href).is_file()  # the feed sits next to the page
    latest = session.evaluate(
        "[...document.querySelectorAll('header a')].find(a => a.innerText === 'Jump to the latest')"
        ".getAttribute('href')"
    )
    assert latest == "#" + seen["developments"][-1]["id"]


def test_every_development_shows_its_label_evidence_and_sources(
    timeline: dict[str, Any], seen: dict[str, Any]
) -> None:
    shown = {d["id"]: d for d in seen["developments"]}
    assert len(shown) == len(timeline["entries"])
    for entry in timeline["entries"]:
        item = shown[anchor(entry)]
        where = f"{entry.entry_id} ({item['heading']!r})"
        assert item["height"] > 0 and item["width"] > 0, where
        assert item["label"] == label_name(entry).upper(), where  # the badge is upper-cased by CSS
        # the whole evidence sentence is visible: quoted, or as the heading when it fits there whole
        evidence = one_line(entry.evidence)
        assert words(item["evidence"] or "") == evidence or words(item["heading"]).endswith(evidence), where
        links = {(link["href"], words(link["text"])) for link in item["links"] if link["visible"]}
        for source in entry.sources:
            href = safe_url(source.url)
            assert (href, one_line(source.title)) in links, f"{where}: source {source.url} not shown"
        assert "Reported by" in item["text"], where


def test_a_changed_development_shows_before_and_after(timeline: dict[str, Any], seen: dict[str, Any]) -> None:
    changed = [e for e in timeline["entries"] if e.label == "changed" and (e.before or e.after)]
    assert changed, "the snapshot must produce at least one changed development"
    shown = {d["id"]: d for d in seen["developments"]}
    for entry in changed:
        item = shown[anchor(entry)]
        assert item["label"] == "CHANGED"
        assert words(item["before"]) == (one_line(entry.before) or "(nothing)")
        assert words(item["after"]) == (one_line(entry.after) or "(nothing)")
        # Plain words say which is which, so the change reads without colour or strike-through.
        assert f"Before: {words(item['before'])}" in words(item["text"])
        assert f"After: {words(item['after'])}" in words(item["text"])
    session = seen["session"]
    style = session.evaluate(
        "(() => { const d = document.querySelector('del'), i = document.querySelector('ins');"
        " const s = e => getComputedStyle(e); return {del: s(d).textDecorationLine, ins: s(i).textDecorationLine,"
        " delColor: s(d).color, insColor: s(i).color, body: s(document.body).color}; })()"
    )
    assert "line-through" in style["del"]  # what was struck out looks struck out
    assert style["delColor"] != style["insColor"] != style["body"]


def test_nothing_runs_and_nothing_is_fetched(chromium: str, timeline: dict[str, Any]) -> None:
    """With JavaScript on: no script, no dialog, no console output, and the page asks for no other resource."""
    with Session(chromium, scripts=True) as session:
        session.open(timeline["url"])
        assert session.evaluate("document.scripts.length") == 0
        assert session.evaluate("performance.getEntriesByType('resource').length") == 0
        assert session.requests == [timeline["url"]]
        assert session.dialogs == [] and session.console == [] and session.exceptions == []


def test_in_page_links_work_without_javascript(chromium: str, timeline: dict[str, Any]) -> None:
    latest = anchor(max(timeline["entries"], key=lambda e: (e.published, e.entry_id)))
    with Session(chromium, scripts=False) as session:
        session.open(f"{timeline['url']}#{latest}")
        assert session.evaluate("window.scrollY") > 0
        top = session.evaluate(f"document.getElementById('{latest}').getBoundingClientRect().top")
        assert abs(top) < 5 or session.evaluate(
            "window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1"
        )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_page_fits_the_screen(chromium: str, timeline: dict[str, Any], size: tuple[int, int]) -> None:
    """No sideways scrolling at desktop or phone width, and body text at a readable size."""
    width, height = size
    with Session(chromium, scripts=False, width=width, height=height) as session:
        session.resize(width, height, mobile=width < 600)
        session.open(timeline["url"])
        scroll_width = session.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"page is {scroll_width}px wide in a {width}px window"
        font = session.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('blockquote p')).fontSize)"
        )
        assert font >= 14
        widest = session.evaluate(
            "Math.max(...[...document.querySelectorAll('li, a, blockquote')].map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= width + 0.5


def test_a_screenshot_shows_a_page(chromium: str, timeline: dict[str, Any], tmp_path: Path) -> None:
    png = screenshot(
        chromium, timeline["url"], tmp_path / "timeline.png", width=DESKTOP[0], height=DESKTOP[1]
    )
    data = png.read_bytes()
    assert png_size(data) == DESKTOP
    assert len(data) > 30_000, "the screenshot is (nearly) blank"


# -- hostile text, JavaScript on --------------------------------------------------------------------------------

HOSTILE_TITLE = 'Talks </title><script>alert("title")</script> \u202eevil\u202c'
HOSTILE_EVIDENCE = (
    "Diplomats met in Istanbul <script>alert('evidence')</script><img src=x onerror=alert('img')>"
    " ]]> <![CDATA[ \x01\x1b & < محادثات 🕊️"
)


def hostile_page(tmp: Path) -> Path:
    when = datetime(2025, 2, 28, 6, 0, tzinfo=UTC)
    meta = FeedMeta(
        slug="hostile",
        title=HOSTILE_TITLE,
        feed_id="tag:storydiff.dev,2025:hostile",
        baseline_url="javascript:alert('baseline')",
        baseline_title="<b onmouseover=alert('b')>baseline</b>",
        subtitle="<iframe src=javascript:alert('sub')></iframe>",
    )
    sources = (
        SourceRef("javascript:alert('source')", "<svg onload=alert('svg')>", "<i>Outlet</i>", when, when),
        SourceRef("https://example.org/a?x=<script>", "Real outlet's story", "Example", None, when),
    )
    entries = [
        FeedEntry("tag:storydiff.dev,2025:hostile/dev/1", "new", HOSTILE_EVIDENCE, when, when, sources),
        FeedEntry(
            "tag:storydiff.dev,2025:hostile/dev/2",
            "changed",
            "The meeting lasted <b>six</b> hours.",
            when,
            when,
            sources[1:],
            baseline_fact="It lasted <script>alert('baseline fact')</script> four hours.",
            change_slot="duration",
            before="<del>four</del> hours",
            after="six hours<script>alert('after')</script>",
            title="<img src=x onerror=alert('entry title')>",
        ),
    ]
    page = tmp / "hostile.html"
    page.write_bytes(render_timeline(meta, entries, feed_href="hostile.atom"))
    return page


def test_hostile_text_is_shown_and_never_runs(chromium: str, tmp_path: Path) -> None:
    page = hostile_page(tmp_path)
    with Session(chromium, scripts=True) as session:
        session.open(page.as_uri())
        assert session.dialogs == [] and session.console == [] and session.exceptions == []
        assert session.requests == [page.as_uri()]
        assert (
            session.evaluate("document.querySelectorAll('script, img, iframe, svg, object, embed').length")
            == 0
        )
        handlers = session.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
            ".filter(n => n.startsWith('on'))"
        )
        assert handlers == []
        hrefs = session.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        assert all(
            h.startswith(("https://", "http://", page.as_uri())) or h.endswith(".atom") for h in hrefs
        ), hrefs
        text = session.evaluate("document.body.innerText")
        assert "<script>alert('evidence')</script>" in text  # shown as text
        assert "]]> <![CDATA[" in text and "محادثات" in text and "🕊️" in text
        assert "\u202e" not in text and "\x1b" not in text and "\x01" not in text
        assert session.evaluate("document.title").startswith('Talks </title><script>alert("title")</script>')


def test_the_browser_helper_reports_a_missing_page(chromium: str, tmp_path: Path) -> None:
    """A load failure is an error, not an empty page that every check above would vacuously pass."""
    with Session(chromium, scripts=False) as session, pytest.raises(BrowserError):
        session.open((tmp_path / "missing.html").as_uri())
