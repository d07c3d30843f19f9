"""Which URLs the Fetcher may request at all: scheme, userinfo, host allow-list, and no private addresses.

Checked for the first URL and for every redirect hop, so a public page cannot bounce the fetcher into the
local network (SSRF) or onto a host the operator did not allow.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from .errors import RefusedError
from .policy import FetchPolicy

__all__ = ["Resolver", "check_address", "check_url", "host_allowed", "is_public_ip", "system_resolver"]

Resolver = Callable[[str], Awaitable[list[str]]]


def host_allowed(host: str, patterns: tuple[str, ...]) -> bool:
    """An empty pattern list allows every host; ``*.example.com`` matches subdomains of example.com."""
    if not patterns:
        return True
    host = host.lower().rstrip(".")
    for pattern in patterns:
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]):
                return True
        elif host == pattern:
            return True
    return False


def is_public_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable unicast only; loopback, private, link-local, reserved, CGNAT, multicast are not."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def check_url(url: str, policy: FetchPolicy) -> str:
    """Refuse what can be judged from the URL alone; return the lowercased host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise RefusedError(f"malformed URL: {exc}", url=url) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise RefusedError(f"scheme {parts.scheme!r} is not http(s)", url=url)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise RefusedError("URLs with credentials (userinfo) are refused", url=url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise RefusedError("URL has no host", url=url)
    if not host_allowed(host, policy.allowed_hosts):
        raise RefusedError(f"host {host!r} is not in allowed_hosts", url=url)
    ip = _ip_literal(host)
    if ip is not None and not policy.allow_private and not is_public_ip(ip):
        raise RefusedError(f"address {ip} is private, loopback, link-local or reserved", url=url)
    return host


async def system_resolver(host: str) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def check_address(url: str, host: str, policy: FetchPolicy, resolver: Resolver) -> None:
    """Refuse a host name that resolves to a non-public address.

    A name that does not resolve is let through: the request will fail on its own, and a mirrored public host
    (never contacted) must not need DNS. The check is advisory against DNS rebinding between this lookup and
    the connection; it stops the common case of names pointing into the local network.
    """
    if policy.allow_private or _ip_literal(host) is not None:
        return
    try:
        addresses = await resolver(host)
    except (OSError, UnicodeError):
        return
    for address in addresses:
        ip = _ip_literal(address)
        if ip is not None and not is_public_ip(ip):
            raise RefusedError(f"host {host!r} resolves to non-public address {ip}", url=url)
