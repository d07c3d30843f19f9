"""Choosing what to fetch: a frontier of candidate URLs, ranked by relevance before anything is fetched.

Candidates come from links on fetched pages, RSS section feeds and news sitemaps.  A section feed lists
hundreds of unrelated items, so each candidate's title and summary are scored against the story first and
only the best ones, up to the run's budget of new articles, are fetched.  Articles the warehouse already
holds cost no budget: re-checking them is a conditional request.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from sources import canonical_url
from sources.models import Candidate


class Relevance(Protocol):
    def relevance(self, text: str) -> float: ...


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    depth: int
    score: float


@dataclass
class Frontier:
    """URLs waiting to be fetched, with the link depth at which each was found and the run's budget."""

    budget: int
    max_depth: int
    min_score: float = 0.05
    _pending: dict[str, tuple[Candidate, int]] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    _known: set[str] = field(default_factory=set)

    def mark_seen(self, url: str) -> None:
        self._seen.add(canonical_url(url))

    def mark_known(self, url: str) -> None:
        self._known.add(canonical_url(url))

    def offer(self, candidate: Candidate, depth: int) -> None:
        if depth > self.max_depth:
            return
        try:
            url = canonical_url(candidate.url)
        except ValueError:
            return
        if url in self._seen:
            return
        candidate = replace(candidate, url=url)
        held = self._pending.get(url)
        if held is None:
            self._pending[url] = (candidate, depth)
        else:  # keep the shallowest depth and the richest description
            best = (
                held[0]
                if len(held[0].title) + len(held[0].summary) >= len(candidate.title) + len(candidate.summary)
                else candidate
            )
            self._pending[url] = (best, min(depth, held[1]))

    def pending(self) -> list[tuple[Candidate, int]]:
        return list(self._pending.values())

    def next_wave(self, ranked: Sequence[Ranked]) -> list[tuple[Candidate, int]]:
        """Take every pending known article (a cheap re-check) and the best new ones the budget allows."""
        wave: list[tuple[Candidate, int]] = []
        for item in ranked:
            url = item.candidate.url
            if url in self._known:
                wave.append((item.candidate, item.depth))
            elif self.budget > 0 and item.score >= self.min_score:
                self.budget -= 1
                wave.append((item.candidate, item.depth))
        for candidate, _ in wave:
            self._pending.pop(candidate.url, None)
            self._seen.add(candidate.url)
        return wave

    def leftovers(self, ranked: Sequence[Ranked]) -> list[Ranked]:
        """Relevant candidates the budget did not reach: kept for the next run (the warehouse's frontier)."""
        return [r for r in ranked if r.candidate.url in self._pending and r.score >= self.min_score]


def rank_candidates(model: Relevance, pending: Iterable[tuple[Candidate, int]]) -> list[Ranked]:
    """Best first: relevance of title and summary (or the URL's slug words), then shallower depth, then URL."""
    ranked = [Ranked(c, d, model.relevance(_describe(c))) for c, d in pending]
    ranked.sort(key=lambda r: (-r.score, r.depth, r.candidate.url))
    return ranked


def _describe(candidate: Candidate) -> str:
    text = f"{candidate.title} {candidate.summary}".strip()
    if text:
        return text
    # No title (a bare sitemap entry or a link without text): CGTN slugs spell the headline.
    slug = candidate.url.rstrip("/").rsplit("/", 2)[-2] if "/" in candidate.url else candidate.url
    return slug.replace("-", " ")
