"""How a development reads (titles, one-line summaries, HTML fragments), shared by the feed and the timeline.

Everything here treats article text as untrusted: it is cleaned of characters XML cannot carry, escaped, and
URLs are kept only when they are absolute http(s).  Output is a pure function of the data (no clock, no
locale), which is what makes the published bytes reproducible.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote, urlsplit, urlunsplit

from feeds.models import FeedEntry, FeedMeta, SourceRef

LABEL_NAMES = {"new": "New", "changed": "Changed"}

# Characters XML 1.0 cannot carry (C0 controls, U+FFFE/U+FFFF, lone surrogates), C1 controls (legal but
# never meaningful in news text), and the bidi embedding/override/isolate controls, which hostile text can
# use to make a title display differently from what it says ("Trojan Source").  Ordinary RTL text is kept.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_TRAILING_PUNCT = " ,;:.-–—"
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"


def clean_text(text: str | None) -> str:
    """Text that any XML document can carry: paired surrogates joined, everything XML-illegal dropped."""
    if not text:
        return ""
    if _SURROGATE.search(text):
        # A pair of surrogates (e.g. from a UTF-16 source decoded wrongly) becomes its real character; a
        # lone one cannot be encoded and is dropped by the decoder.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    return _UNWANTED.sub("", text)


def one_line(text: str | None) -> str:
    """Cleaned text with every run of whitespace (newlines included) collapsed to one space."""
    return " ".join(clean_text(text).split())


def shorten(text: str | None, width: int) -> str:
    """One line of at most ``width`` characters, cut at a word boundary when one is near, with an ellipsis."""
    line = one_line(text)
    if len(line) <= width:
        return line
    cut = line[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(_TRAILING_PUNCT) + "…"


def safe_url(url: str | None) -> str | None:
    """An absolute http(s) URL, percent-encoded where needed, or None (javascript:, data:, relative ...)."""
    text = clean_text(url).strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return None
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    netloc = f"{host}:{port}" if port is not None else host  # user:password@ is dropped on purpose
    return urlunsplit(
        (
            scheme,
            netloc,
            quote(parts.path, safe=_PATH_SAFE) or "/",
            quote(parts.query, safe=_QUERY_SAFE),
            quote(parts.fragment, safe=_QUERY_SAFE),
        )
    )


def to_utc(moment: datetime) -> datetime:
    """UTC, whole seconds.  Naive values are taken as UTC, which is what the warehouse stores."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def rfc3339(moment: datetime) -> str:
    """``2025-03-01T06:00:30Z``."""
    return to_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def human_time(moment: datetime) -> str:
    """``2025-03-01 06:00 UTC``: readable, and independent of the server's locale."""
    return to_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def label_term(entry: FeedEntry) -> str:
    """The label as a category term: lower case, one word."""
    return one_line(entry.label).lower().replace(" ", "-") or "unlabelled"


def label_name(entry: FeedEntry) -> str:
    term = label_term(entry)
    return LABEL_NAMES.get(term, term.capitalize())


def anchor(entry: FeedEntry) -> str:
    """A short HTML id derived from the entry id, so links to a development survive regeneration."""
    return "d-" + hashlib.sha256(entry.entry_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _has_change(entry: FeedEntry) -> bool:
    return label_term(entry) == "changed" and bool(one_line(entry.before) or one_line(entry.after))


def _before_after(entry: FeedEntry, width: int) -> str:
    before = shorten(entry.before, width) or "(nothing)"
    after = shorten(entry.after, width) or "(nothing)"
    return f"{before} → {after}"


_GENERIC_SLOTS = frozenset({"number", "text"})  # slot names that add nothing to "before → after"


def headline(entry: FeedEntry) -> str:
    """The development in one line, without its label: the warehouse's entry.title, else derived."""
    if one_line(entry.title):
        return shorten(entry.title, 200)
    evidence = one_line(entry.evidence)
    if _has_change(entry):
        # The sentence first (it says what happened), the typed change in brackets for a quick scan.
        change = _before_after(entry, 50)
        slot = one_line(entry.change_slot)
        if slot and slot not in _GENERIC_SLOTS:
            change = f"{shorten(slot, 30)}: {change}"
        return f"{shorten(evidence, 90)} ({change})" if evidence else change
    return shorten(evidence, 100) or "(no evidence text)"


def entry_title(entry: FeedEntry) -> str:
    """The entry title: the warehouse's own, else ``[Changed] slot: a → b — evidence`` or ``[New] ...``.

    The label is spelled out in derived titles because many readers show nothing but the title.
    """
    if one_line(entry.title):
        return headline(entry)
    return f"[{label_name(entry)}] {headline(entry)}"


def entry_summary(entry: FeedEntry) -> str:
    """A plain one-liner for notification UIs: before → after for a change, else the evidence."""
    if _has_change(entry):
        slot = shorten(entry.change_slot, 60)
        change = _before_after(entry, 120)
        return f"{slot}: {change}" if slot else change
    return shorten(entry.evidence, 300) or entry_title(entry)


def ordered_sources(entry: FeedEntry) -> list[SourceRef]:
    """Sources oldest first by when we saw them; ties broken by URL so the order never depends on input."""
    return sorted(entry.sources, key=lambda s: (to_utc(s.seen_at), s.url, s.title, s.outlet))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def corroboration(sources: Iterable[SourceRef]) -> str:
    """``Reported by 3 sources from 2 outlets``: how well-supported the development is."""
    refs = list(sources)
    outlets = {one_line(s.outlet).casefold() for s in refs if one_line(s.outlet)}
    text = f"Reported by {_plural(len(refs), 'source')}"
    if len(outlets) > 1 or (outlets and len(refs) > 1):
        text += f" from {_plural(len(outlets), 'outlet')}"
    return text


def _source_item(source: SourceRef) -> str:
    outlet = escape(one_line(source.outlet) or "Unknown outlet")
    title = escape(one_line(source.title) or "(untitled)")
    href = safe_url(source.url)
    link = f'<a href="{escape(href)}">{title}</a>' if href else title
    if source.published_at is not None:
        when, verb = source.published_at, "published"
    else:
        when, verb = source.seen_at, "seen"
    stamp = f'<time datetime="{rfc3339(when)}">{human_time(when)}</time>'
    return f"<li>{outlet}: {link}, {verb} {stamp}</li>"


def development_html(
    meta: FeedMeta, entry: FeedEntry, *, baseline_link: bool = True, quote_evidence: bool = True
) -> str:
    """The body of one development as an HTML fragment, every piece of text escaped.

    Only tags every reader keeps (p, strong, del, ins, a, ul/li, time, blockquote, br) and text labels
    ("Before:"/"After:"): readers such as Miniflux strip style and class, so colour cannot carry meaning.
    ``baseline_link`` adds a link to the baseline article: feed entries are read alone, the timeline page
    links it once in its header.  ``quote_evidence=False`` leaves out the evidence quote where a heading
    already shows the whole sentence.
    """
    parts: list[str] = []
    evidence = one_line(entry.evidence)
    if evidence and quote_evidence:
        parts.append(f"<blockquote><p>{escape(evidence)}</p></blockquote>")
    baseline = one_line(entry.baseline_fact)
    if _has_change(entry):
        slot = one_line(entry.change_slot)
        before = escape(one_line(entry.before)) or "(nothing)"
        after = escape(one_line(entry.after)) or "(nothing)"
        what = f"<strong>What changed:</strong> {escape(slot)}<br>" if slot else ""
        parts.append(f"<p>{what}Before: <del>{before}</del><br>After: <ins>{after}</ins></p>")
        if baseline:
            parts.append(f"<p><strong>The baseline said:</strong> {escape(baseline)}</p>")
    # A new development is only loosely related to its nearest baseline fact; naming one would mislead.
    baseline_href = safe_url(meta.baseline_url)
    baseline_title = escape(one_line(meta.baseline_title) or one_line(meta.title) or "baseline story")
    if baseline_href and baseline_link:
        parts.append(
            f'<p><strong>Baseline story:</strong> <a href="{escape(baseline_href)}">{baseline_title}</a></p>'
        )
    sources = ordered_sources(entry)
    if sources:
        parts.append(f"<p><strong>Sources</strong> — {corroboration(sources)}:</p>")
        parts.append("<ul>" + "".join(_source_item(s) for s in sources) + "</ul>")
    return "".join(parts)
