"""Public-to-local URL mapping, so a recorded snapshot of real URLs can be replayed from a local server.

Policy (allowed hosts, robots, private addresses) is always judged on the public URL; only the bytes come
from the local prefix. Redirects from the local server are mapped back so callers only ever see public URLs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MirrorMap"]


@dataclass(frozen=True)
class MirrorMap:
    pairs: tuple[tuple[str, str], ...] = ()

    def to_local(self, public_url: str) -> str:
        """The URL actually requested; unchanged when no public prefix matches (longest prefix wins)."""
        return _swap(public_url, ((pub, loc) for pub, loc in self.pairs))

    def to_public(self, local_url: str) -> str:
        """Undo :meth:`to_local` for URLs under a local prefix (e.g. a redirect ``Location``)."""
        return _swap(local_url, ((loc, pub) for pub, loc in self.pairs))

    def __bool__(self) -> bool:
        return bool(self.pairs)


def _swap(url: str, pairs: Iterable[tuple[str, str]]) -> str:
    best: tuple[str, str] | None = None
    for src, dst in pairs:
        if url.startswith(src) and (best is None or len(src) > len(best[0])):
            best = (src, dst)
    if best is None:
        return url
    return best[1] + url[len(best[0]) :]
