"""URL identity: one canonical spelling per article, and CGTN's article-URL pattern.

Feeds, sitemaps and in-page links spell the same article differently (tracking parameters, fragments, host
case, default ports), so everything that keys on a URL goes through :func:`canonical_url` first.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

__all__ = [
    "CGTN_ARTICLE_RE",
    "CGTN_HOSTS",
    "canonical_url",
    "cgtn_news_id",
    "is_cgtn_article_url",
    "is_cgtn_host",
    "registrable_domain",
]

_DEFAULT_PORTS = {"http": 80, "https": 443}

# Exact parameter names (compared lowercased) that only identify a campaign or a click, never the content.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "spm",
        "scm",
        "ref_src",
        "mkt_tok",
        "oly_enc_id",
        "oly_anon_id",
        "vero_id",
    }
)
_TRACKING_PREFIXES = ("utm_",)

# Second-level labels under which registrations happen one level deeper (a small, offline stand-in for the
# Public Suffix List: enough for news sites, and wrong only in the safe direction of "different site").
_MULTI_LABEL_SUFFIXES = frozenset(
    {
        "co.uk",
        "org.uk",
        "ac.uk",
        "gov.uk",
        "com.cn",
        "net.cn",
        "org.cn",
        "gov.cn",
        "edu.cn",
        "com.au",
        "net.au",
        "org.au",
        "co.jp",
        "ne.jp",
        "or.jp",
        "co.kr",
        "or.kr",
        "com.br",
        "com.hk",
        "com.sg",
        "com.tw",
        "co.in",
        "co.nz",
        "co.za",
        "com.tr",
        "com.ua",
        "com.mx",
        "com.ar",
        "com.sa",
        "co.il",
    }
)

CGTN_HOSTS = frozenset({"news.cgtn.com", "newsaf.cgtn.com", "newseu.cgtn.com", "newsus.cgtn.com"})

CGTN_ARTICLE_RE = re.compile(
    r"^https?://(?P<host>(?:news|newsaf|newseu|newsus)\.cgtn\.com)(?::\d+)?/news/"
    r"(?:(?P<date>\d{4}-\d{2}-\d{2})/(?P<slug>[A-Za-z0-9-]+?)-(?P<id>[A-Za-z0-9]{8,14})"
    r"|(?P<hexid>[0-9a-f]{16,}))"
    r"/(?:index|p|share_amp|share_p)\.html$"
)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def _normalise(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"bad port in URL: {url!r}") from exc
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query = urlencode(sorted(pairs), quote_via=quote, safe="/:@!$'()*,;")
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def registrable_domain(host: str) -> str:
    """The site a host belongs to ("news.cgtn.com" -> "cgtn.com"); IP literals are their own site."""
    host = host.lower().strip("[]").rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host
    labels = host.split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in _MULTI_LABEL_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def canonical_url(url: str, canonical_href: str | None = None) -> str:
    """Return the one spelling of ``url`` used as an identity key.

    Lowercases scheme and host, drops the default port, the fragment, userinfo and tracking parameters,
    and sorts the remaining query. A page's own ``<link rel=canonical>`` wins when it is an absolute http(s)
    URL on the same registrable site; a canonical pointing elsewhere is ignored because a page must not be
    able to claim another site's identity. Raises ValueError for anything but an absolute http(s) URL.
    """
    own = _normalise(url)
    if canonical_href:
        try:
            claimed = _normalise(canonical_href)
        except ValueError:
            return own
        own_host = urlsplit(own).hostname or ""
        claimed_host = urlsplit(claimed).hostname or ""
        if registrable_domain(own_host) == registrable_domain(claimed_host):
            return claimed
    return own


def _match(url: str) -> re.Match[str] | None:
    try:
        normal = _normalise(url)
    except ValueError:
        return None
    return CGTN_ARTICLE_RE.match(urlunsplit(urlsplit(normal)._replace(query="")))


def cgtn_news_id(url: str) -> str | None:
    """CGTN's own article id from an article URL (the 8-14 character tail of the slug, or a legacy hex id)."""
    m = _match(url)
    if m is None:
        return None
    return m.group("id") or m.group("hexid")


def is_cgtn_article_url(url: str) -> bool:
    return _match(url) is not None


def is_cgtn_host(host: str) -> bool:
    """True for the hosts serving CGTN pages (the four news hosts and www/apex cgtn.com)."""
    host = host.lower().rstrip(".")
    return host in CGTN_HOSTS or host in ("cgtn.com", "www.cgtn.com")
