"""Cross-outlet dedup: does a new or changed fact report a development that is already known?

Two outlets word one development differently ("delegations met in Istanbul on Thursday for more than six
hours" / "U.S. and Russian diplomats held six hours of talks in Istanbul"), so identity is decided on
normalised terms weighted by rarity, vetoed by conflicting slots (another date, another figure, another place).
Candidates come from a BM25 index with IDF-pruned postings and a bounded candidate set, so a lookup costs the
same with a hundred or a hundred thousand known developments.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import overlaps
from .extract import tells_of_another_occasion
from .index import BM25Index
from .lexicon import PLACE_TO_COUNTRY, is_city
from .models import Fact, Quantity
from .numbers import compatible
from .text import clean, content_terms

MATCH_MIN = 0.5  # rarity-weighted Dice from which two facts are one development


def normalise_claim(text: str) -> str:
    """Lower case, no punctuation, single spaces: the form a development key is hashed from."""
    t = clean(text).lower()
    t = re.sub(r"[^\w\s%$.]", " ", t)
    t = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def development_key(story_slug: str, fact: Fact) -> str:
    """Stable content hash of a fact's normalised claim within a story (same text -> same key, every run)."""
    digest = hashlib.sha1(f"{story_slug}\x1f{normalise_claim(fact.text)}".encode()).hexdigest()
    return f"dev_{digest[:16]}"


def _q_terms(qs: Iterable[Quantity]) -> list[str]:
    return [f"q:{q.unit}:{q.value:g}" for q in qs if q.unit]


@dataclass
class _Known:
    key: str
    terms: frozenset[str]
    quantities: tuple[Quantity, ...]
    dates: tuple[str, ...]
    places: frozenset[str]
    norm: str
    repeat: bool  # tells of a repeat ("again", "a second round")


class DevelopmentIndex:
    """Known developments of one story, ``(key, Fact)``; ``match`` finds the one a new fact reports, if any."""

    def __init__(self, known: Iterable[tuple[str, Fact]] = ()) -> None:
        self._index = BM25Index()
        self._docs: list[_Known] = []
        self._by_norm: dict[str, str] = {}
        for key, fact in known:
            self.add(key, fact)

    def __len__(self) -> int:
        return len(self._docs)

    @staticmethod
    def _terms(fact: Fact) -> list[str]:
        terms = content_terms(fact.text)
        terms += [p.split()[-1].lower() for p in fact.people]
        terms += _q_terms(fact.quantities)
        return terms

    def add(self, key: str, fact: Fact) -> None:
        terms = self._terms(fact)
        norm = normalise_claim(fact.text)
        self._docs.append(
            _Known(
                key,
                frozenset(terms),
                fact.quantities,
                fact.dates,
                frozenset(p.lower() for p in fact.places if PLACE_TO_COUNTRY.get(p.lower()) != ""),
                norm,
                tells_of_another_occasion(fact.sentence or fact.text),
            )
        )
        self._index.add(terms)
        self._by_norm.setdefault(norm, key)

    def match(self, fact: Fact) -> str | None:
        """Key of the known development this fact reports, or None when it is a development of its own."""
        norm = normalise_claim(fact.text)
        if norm in self._by_norm:
            return self._by_norm[norm]
        terms = self._terms(fact)
        tset = frozenset(terms)
        best: tuple[float, str] | None = None
        for doc, _s in self._index.search(terms, k=8):
            known = self._docs[doc]
            if self._conflict(fact, known):
                continue
            sim = self._similarity(tset, known.terms)
            if sim >= MATCH_MIN and (best is None or sim > best[0]):
                best = (sim, known.key)
        return best[1] if best else None

    def _similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        idf = self._index.idf
        shared = math.fsum(idf(t) for t in a & b)
        total = math.fsum(idf(t) for t in a) + math.fsum(idf(t) for t in b)
        return 2 * shared / total if total else 0.0

    @staticmethod
    def _conflict(fact: Fact, known: _Known) -> bool:
        # "Darchiev led the Russian side, while Coulter again headed the U.S. team" (either clause) is not the
        # first round's "Coulter headed the American team, while Darchiev led the Russian side"
        if tells_of_another_occasion(fact.sentence or fact.text) and not known.repeat:
            return True
        for q in fact.quantities:
            for kq in known.quantities:
                if q.unit and q.unit == kq.unit and not compatible(q, kq):
                    return True
        results = [overlaps(a, b) for a in fact.dates for b in known.dates]
        decided = [r for r in results if r is not None]
        if decided and not any(decided):
            return True
        cities = {p.lower() for p in fact.places if is_city(p)}
        kc = {p for p in known.places if is_city(p)}
        return bool(cities and kc and not (cities & kc))
