"""Turn body bytes into text without mojibake.

Declared charsets are tried in order of authority (BOM, header, ``<meta>``, XML declaration), but each only if
it decodes the bytes strictly: news sites do declare UTF-8 on Windows-1252 pages, and trusting that would
store replacement characters. Undeclared or wrongly declared bodies go to detection.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

__all__ = ["declared_charsets", "decode_body", "decode_with_encoding", "header_charset"]

_SNIFF_BYTES = 2048
_META_RE = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.I)
_HEADER_RE = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# Browsers treat these labels as Windows-1252 (WHATWG Encoding); so do we, so that 0x80-0x9F are characters.
_AS_CP1252 = {"iso8859-1", "latin-1", "ascii", "cp1252"}


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER_RE.search(content_type)
    return m.group(1) if m else None


def _codec_name(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if name in _AS_CP1252:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return None  # an ASCII-compatible body cannot be UTF-16; the label is wrong (WHATWG does the same)
    return name


def declared_charsets(body: bytes, content_type: str | None) -> Iterator[str]:
    """Declared codec names in order of authority, duplicates and unknown labels skipped."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            yield name
            return  # a BOM is definitive
    head = body[:_SNIFF_BYTES]
    meta = _META_RE.search(head)
    decl = _XML_DECL_RE.search(head)
    labels = (
        header_charset(content_type),
        meta.group(1).decode("ascii") if meta else None,
        decl.group(1).decode("ascii") if decl else None,
    )
    seen: set[str] = set()
    for label in labels:
        codec = _codec_name(label) if label else None
        if codec and codec not in seen:
            seen.add(codec)
            yield codec


def _mostly_ascii(body: bytes, threshold: float = 0.9) -> bool:
    high = sum(1 for b in body if b >= 0x80)
    return bool(body) and high / len(body) <= 1 - threshold


def _mostly_utf8(body: bytes) -> bool:
    """Real UTF-8 with a few broken bytes (a bad splice, a truncated character): keep it UTF-8.

    Re-reading such a page in a legacy codec would garble every correct character to save a few wrong
    ones; a Windows-1252 page, by contrast, has almost no byte runs that happen to be valid UTF-8.
    """
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return good > 0 and good >= 3 * bad


def _detect(body: bytes) -> str:
    """UTF-8 if it decodes; Windows-1252 for mostly-ASCII text; otherwise ask charset_normalizer.

    Latin-script pages are mostly ASCII with a few legacy bytes (curly quotes, dashes, accents), which is
    exactly where statistical detectors guess wrong (cp775, cp1125, ...); Cyrillic, Greek or CJK legacy
    encodings put most letters above 0x7F and are left to the detector.
    """
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    if _mostly_utf8(body):
        return "utf-8"  # decoded with replacement characters for the few broken bytes
    if _mostly_ascii(body):
        try:
            body.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            return "cp1252"
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover - present in this environment, optional in general
        return "cp1252"
    matches = list(charset_normalizer.from_bytes(body))
    if not matches:
        return "cp1252"
    best = matches[0]
    # When Windows-1252 reads the bytes as cleanly as the detector's favourite, take the web's default.
    for match in matches:
        if match.encoding == "cp1252" and match.percent_chaos <= best.percent_chaos + 0.5:
            return "cp1252"
    return str(best.encoding)


def decode_with_encoding(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return ``(text, codec_name)``; never raises (last resort decodes with replacement characters)."""
    for name in declared_charsets(body, content_type):
        try:
            text = body.decode("utf-8-sig" if name == "utf-8" else name)
        except (UnicodeDecodeError, LookupError):
            continue
        if name == "utf-16":
            text = text.lstrip("\ufeff")
        return text, name
    name = _detect(body)
    try:
        return body.decode("utf-8-sig" if name == "utf-8" else name), name
    except (UnicodeDecodeError, LookupError):
        if name == "utf-8":
            return body.decode("utf-8-sig", errors="replace"), name
        return body.decode("cp1252", errors="replace"), "cp1252"


def decode_body(body: bytes, content_type: str | None = None) -> str:
    """Just the text of :func:`decode_with_encoding` (for callers that read local files)."""
    return decode_with_encoding(body, content_type)[0]
