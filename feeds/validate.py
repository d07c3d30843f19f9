"""Offline Atom validation: the RFC 4287 RELAX NG schema plus the rules the schema cannot express.

There is no Atom validator on PyPI and the W3C one cannot be installed from it, so this is the check CI runs
on every feed we write.  The RELAX NG grammar (``schema/atom.rng``, transcribed from RFC 4287 Appendix B)
checks structure and cardinality; the rule checks add the schema's Schematron annotations (author,
alternate-or-content), RFC 3339 dates *with* a zone (``xsd:dateTime`` accepts none), absolute-IRI and tag:
URI ids, unique ids, one alternate link per (type, hreflang), a self link, and valid content types —
which also catches feedgen's ``type="CDATA"`` and, via duplicate alternates, its dropped link rels (#135).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from importlib.resources import files

from lxml import etree

from feeds.iri import iri_problem

ATOM_NS = "http://www.w3.org/2005/Atom"
_A = f"{{{ATOM_NS}}}"
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(?:\s*;.*)?")
_TEXT_TYPES = {"text", "html", "xhtml"}
# No DTDs, entities or network: a feed under test may be hostile.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@lru_cache(maxsize=1)
def _schema() -> etree.RelaxNG:
    source = files("feeds").joinpath("schema/atom.rng").read_bytes()
    return etree.RelaxNG(etree.fromstring(source, _PARSER))


def validate_atom(data: bytes) -> list[str]:
    """Every problem found in the Atom feed document ``data``; an empty list means it is valid."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    if root.tag != f"{_A}feed":
        namespace = etree.QName(root).namespace
        if etree.QName(root).localname == "feed" and namespace != ATOM_NS:
            return [f"namespace is {namespace!r}, must be exactly {ATOM_NS!r}"]
        return [f"root element is {root.tag!r}, not atom:feed"]
    schema = _schema()
    problems = []
    if not schema.validate(root):
        problems += [f"schema: line {e.line}: {e.message}" for e in schema.error_log]
    problems += _rule_problems(root)
    return problems


def _where(index: int | None) -> str:
    return "feed" if index is None else f"entry {index}"


def _rule_problems(feed: etree._Element) -> list[str]:
    problems: list[str] = []
    entries = feed.findall(f"{_A}entry")
    problems += _common(feed, None)
    if not any(link.get("rel") == "self" for link in feed.findall(f"{_A}link")):
        problems.append("feed: no link rel='self'")
    feed_has_author = feed.find(f"{_A}author") is not None
    seen_ids: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):
        problems += _common(entry, index)
        entry_id = (entry.findtext(f"{_A}id") or "").strip()
        if entry_id in seen_ids:
            problems.append(f"entry {index}: id {entry_id!r} repeats entry {seen_ids[entry_id]}")
        elif entry_id:
            seen_ids[entry_id] = index
        has_author = entry.find(f"{_A}author") is not None or entry.find(f"{_A}source/{_A}author") is not None
        if not (feed_has_author or has_author):
            problems.append(f"entry {index}: no author, and the feed has none")
        if entry.find(f"{_A}content") is None and not any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{_A}link")
        ):
            problems.append(f"entry {index}: neither content nor a link rel='alternate'")
        for published in entry.findall(f"{_A}published"):
            problems += _date_problem(published, f"entry {index}")
        problems += _content_problems(entry, index)
    return problems


def _common(element: etree._Element, index: int | None) -> list[str]:
    """Checks that apply to the feed and to each entry alike."""
    where = _where(index)
    problems: list[str] = []
    ids = element.findall(f"{_A}id")
    if not ids:
        problems.append(f"{where}: no id")
    for id_element in ids:
        value = id_element.text or ""
        problem = iri_problem(value)
        if problem:
            problems.append(f"{where}: id {value!r} {problem}")
    titles = element.findall(f"{_A}title")
    if not titles:
        problems.append(f"{where}: no title")
    elif not "".join(titles[0].itertext()).strip():
        problems.append(f"{where}: empty title")
    updated = element.findall(f"{_A}updated")
    if not updated:
        problems.append(f"{where}: no updated")
    for date_element in updated:
        problems += _date_problem(date_element, where)
    for name in ("title", "subtitle", "summary", "rights"):
        for text_element in element.findall(f"{_A}{name}"):
            kind = text_element.get("type", "text")
            if kind not in _TEXT_TYPES:
                problems.append(f"{where}: {name} type {kind!r} is not text, html or xhtml")
    alternates: dict[tuple[str | None, str | None], int] = {}
    for link in element.findall(f"{_A}link"):
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            alternates[key] = alternates.get(key, 0) + 1
    for (kind, lang), count in sorted(alternates.items(), key=str):
        if count > 1:
            problems.append(f"{where}: {count} alternate links with type={kind!r} hreflang={lang!r}")
    return problems


def _date_problem(element: etree._Element, where: str) -> list[str]:
    name = etree.QName(element).localname
    text = (element.text or "").strip()
    if not _RFC3339.fullmatch(text):
        return [f"{where}: {name} {text!r} is not an RFC 3339 date-time with a time zone"]
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return [f"{where}: {name} {text!r} is not a real date-time"]
    return []


def _content_problems(entry: etree._Element, index: int) -> list[str]:
    problems: list[str] = []
    where = f"entry {index}"
    for content in entry.findall(f"{_A}content"):
        kind = content.get("type", "text")
        if kind not in _TEXT_TYPES and not _MEDIA_TYPE.fullmatch(kind):
            problems.append(f"{where}: content type {kind!r} is neither text/html/xhtml nor a MIME type")
            continue
        if content.get("src") is not None:
            if len(content) or (content.text or "").strip():
                problems.append(f"{where}: content with src must be empty")
            if entry.find(f"{_A}summary") is None:
                problems.append(f"{where}: content with src needs a summary")
        elif kind not in _TEXT_TYPES and not _is_text_or_xml(kind) and entry.find(f"{_A}summary") is None:
            problems.append(f"{where}: base64 content ({kind}) needs a summary")
    return problems


def _is_text_or_xml(media_type: str) -> bool:
    base = media_type.split(";", 1)[0].strip().lower()
    return base.startswith("text/") or base.endswith(("/xml", "+xml"))
