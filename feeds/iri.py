"""Syntax checks for identifiers: Atom ids must be absolute IRIs and ours are RFC 4151 ``tag:`` URIs.

Shared by the renderer (refuse to publish a bad id) and the validator (report one).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# Characters an IRI may not contain literally: whitespace, controls, and the RFC 3987 excluded set.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|\\^`]')

# RFC 4151 section 2.1:
#   tagURI = "tag:" taggingEntity ":" specific [ "#" fragment ]
#   taggingEntity = authorityName "," date
#   authorityName = DNSname / emailAddress
#   specific = *( pchar / "/" / "?" )   ; pchar as in RFC 3986
_DNS_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
_DNS_NAME = rf"{_DNS_LABEL}(?:\.{_DNS_LABEL})*"
_EMAIL = rf"[A-Za-z0-9\-._]+@{_DNS_NAME}"
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
_TAG = re.compile(
    rf"tag:(?P<authority>{_DNS_NAME}|{_EMAIL}),"
    r"(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)"
    rf":(?:{_PCHAR}|[/?])*(?:#(?:{_PCHAR}|[/?])*)?"
)


def is_tag_uri(value: str) -> bool:
    """True for a syntactically valid RFC 4151 tag URI with a real calendar date."""
    match = _TAG.fullmatch(value)
    if match is None:
        return False
    year, _, rest = match["date"].partition("-")
    month, _, day = rest.partition("-")
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def iri_problem(value: str) -> str | None:
    """Why ``value`` is not an absolute IRI usable as an atom:id, or None when it is one."""
    if not value:
        return "is empty"
    if value != value.strip() or _IRI_FORBIDDEN.search(value):
        return "contains whitespace or characters an IRI may not contain"
    if not _SCHEME.match(value):
        return "is not an absolute IRI (no scheme)"
    scheme = value.split(":", 1)[0].lower()
    if scheme == "tag":
        return None if is_tag_uri(value) else "is not a valid RFC 4151 tag: URI"
    if scheme in {"http", "https"}:
        try:
            host = urlsplit(value).hostname
        except ValueError:
            host = None
        return None if host else "is an http(s) IRI without a host"
    return None
