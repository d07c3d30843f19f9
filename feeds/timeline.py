"""The story's timeline page: every development on one HTML page, for people who do not use a feed reader.

Oldest first, so the page reads as the story unfolded since it broke; a "latest" link at the top jumps to the
end.  No JavaScript, no external resources, a small inline stylesheet; all article text escaped.  Like the
feed, the bytes depend only on the data, so an unchanged page keeps its ETag.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from feeds.errors import FeedError
from feeds.models import FeedEntry, FeedMeta
from feeds.present import (
    anchor,
    development_html,
    headline,
    human_time,
    label_name,
    label_term,
    one_line,
    rfc3339,
    safe_url,
    to_utc,
)

_STYLE = """\
:root { color-scheme: light dark; --muted: #5f6368; --rule: #d0d4d9; --del: #b3261e; --ins: #146c2e; }
@media (prefers-color-scheme: dark) {
  :root { --muted: #a8adb3; --rule: #3c4043; --del: #f2b8b5; --ins: #a8dab5; }
}
body { font: 1rem/1.55 system-ui, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem; }
header, footer { color: var(--muted); }
header h1 { color: CanvasText; margin-bottom: .25rem; }
ol.timeline { list-style: none; padding: 0; }
ol.timeline > li { border-left: 3px solid var(--rule); padding: 0 0 1.25rem 1rem; }
h2 { font-size: 1.1rem; margin: 0 0 .25rem; }
.label { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; border: 1px solid; \
border-radius: .25rem; padding: 0 .3rem; margin-right: .4rem; }
.label-changed { color: var(--del); }
.label-new { color: var(--ins); }
.when { color: var(--muted); font-size: .9rem; margin: 0; }
time { white-space: nowrap; }
blockquote { margin: .5rem 0; padding-left: .75rem; border-left: 3px solid var(--rule); font-style: italic; }
del { color: var(--del); }
ins { color: var(--ins); text-decoration: none; font-weight: 600; }
"""


def _story_order(entry: FeedEntry) -> tuple[datetime, datetime, str]:
    """First seen, then when the earliest source says it happened, then id.

    A first run sees a whole backlog in the same second; ordering those by article time keeps the page a
    timeline.  (The feed cannot do this: a new source could move an entry, and archive blocks must not move.)
    """
    seen = to_utc(entry.published)
    reported = [to_utc(s.published_at or s.seen_at) for s in entry.sources]
    return seen, min(reported, default=seen), entry.entry_id


def _development(number: int, meta: FeedMeta, entry: FeedEntry) -> str:
    term = label_term(entry)
    first_seen = to_utc(entry.published)
    heading = headline(entry)
    reported = [to_utc(s.published_at) for s in entry.sources if s.published_at is not None]
    when = (
        f'reported <time datetime="{rfc3339(min(reported))}">{human_time(min(reported))}</time> · '
        if reported
        else ""
    )
    return (
        f'<li id="{anchor(entry)}">\n<article>\n'
        f'<h2><span class="label label-{escape(term)}">{escape(label_name(entry))}</span> '
        f"{escape(heading)}</h2>\n"
        f'<p class="when">#{number} · {when}first seen <time datetime="{rfc3339(first_seen)}">'
        f'{human_time(first_seen)}</time> · <a href="#{anchor(entry)}">link</a></p>\n'
        f"{development_html(meta, entry, baseline_link=False, quote_evidence=heading != one_line(entry.evidence))}\n"
        "</article>\n</li>\n"
    )


def render_timeline(meta: FeedMeta, entries: Sequence[FeedEntry], *, feed_href: str | None = None) -> bytes:
    """The HTML page (UTF-8 bytes) listing ``entries`` oldest first, linking the feed at ``feed_href``."""
    ids = [e.entry_id for e in entries]
    if len(set(ids)) != len(ids):
        raise FeedError("duplicate entry ids")
    ordered = sorted(entries, key=_story_order)
    title = one_line(meta.title) or meta.slug
    feed = escape(feed_href or f"{meta.slug}.atom")
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="storydiff">',
        f"<title>{escape(title)} — developments</title>",
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" href="{feed}">',
        f"<style>\n{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
    ]
    subtitle = one_line(meta.subtitle)
    if subtitle:
        head.append(f"<p>{escape(subtitle)}</p>")
    baseline = safe_url(meta.baseline_url)
    baseline_title = escape(one_line(meta.baseline_title) or title)
    if baseline:
        head.append(f'<p>The story broke with <a href="{escape(baseline)}">{baseline_title}</a>.</p>')
    count = len(ordered)
    summary = f"{count} development{'' if count == 1 else 's'} since then, oldest first"
    nav = f'<a href="{feed}">Follow with the Atom feed</a>'
    if ordered:
        nav += f' · <a href="#{anchor(ordered[-1])}">Jump to the latest</a>'
    head += [f"<p>{summary}. {nav}.</p>", "</header>", "<main>"]

    body: list[str] = []
    if ordered:
        body.append('<ol class="timeline">\n')
        body.extend(_development(number, meta, entry) for number, entry in enumerate(ordered, start=1))
        body.append("</ol>\n")
    else:
        body.append("<p>No developments yet: nothing has changed since the story broke.</p>\n")

    foot = ["</main>", "<footer>"]
    if ordered:
        latest = max(to_utc(e.updated) for e in ordered)
        foot.append(f'<p>Last change <time datetime="{rfc3339(latest)}">{human_time(latest)}</time>.</p>')
    foot += ["<p>Generated by storydiff.</p>", "</footer>", "</body>", "</html>", ""]
    page = "\n".join(head) + "\n" + "".join(body) + "\n".join(foot)
    return page.encode("utf-8")
