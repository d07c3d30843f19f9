"""A small BM25 inverted index over fact terms, so matching a fact costs O(postings of its terms), not O(facts).

Own implementation (about 60 lines) rather than a dependency: the corpora are tiny (a baseline has tens of facts)
or grow append-only (known developments), and a postings budget keeps query cost flat as the index grows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence


class BM25Index:
    """Append-only BM25 over term lists; doc ids are dense ints in insertion order."""

    def __init__(
        self, k1: float = 1.2, b: float = 0.6, postings_budget: int = 4000, rescore_top: int = 100
    ) -> None:
        self.k1 = k1
        self.b = b
        self.budget = postings_budget
        self.rescore_top = rescore_top
        self.postings: dict[str, list[tuple[int, int]]] = {}
        self.lengths: list[int] = []
        self.total_len = 0

    def __len__(self) -> int:
        return len(self.lengths)

    def add(self, terms: Sequence[str]) -> int:
        doc = len(self.lengths)
        for t, tf in Counter(terms).items():
            self.postings.setdefault(t, []).append((doc, tf))
        self.lengths.append(len(terms))
        self.total_len += len(terms)
        return doc

    def idf(self, t: str) -> float:
        n = len(self.lengths)
        df = len(self.postings.get(t, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, terms: Iterable[str], k: int = 5) -> list[tuple[int, float]]:
        """Top-k docs by BM25. Terms are visited rarest first; once the postings budget is spent, commoner terms
        only re-score the best docs already found, so a query never walks a huge posting list and its cost is
        bounded whatever the index size (recall is traded only for terms common to thousands of docs)."""
        n = len(self.lengths)
        if not n:
            return []
        avg = self.total_len / n
        q = sorted(set(terms), key=lambda t: len(self.postings.get(t, ())))
        scores: dict[int, float] = {}
        visited = 0
        rescore: list[int] | None = None
        k1, b = self.k1, self.b
        lengths = self.lengths
        for t in q:
            plist = self.postings.get(t)
            if not plist:
                continue
            idf = self.idf(t)
            room = self.budget - visited
            if room <= 0:
                # budget spent: commoner terms only re-score the best candidates found so far
                if rescore is None:
                    rescore = [
                        d for d, _ in sorted(scores.items(), key=lambda kv: -kv[1])[: self.rescore_top]
                    ]
                for doc in rescore:
                    tf = _tf(plist, doc)
                    if tf:
                        scores[doc] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[doc] / avg))
                continue
            # a posting list longer than the room left is cut to its most recent entries
            take = plist if len(plist) <= room else plist[-room:]
            visited += len(take)
            for doc, tf in take:
                s = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[doc] / avg))
                scores[doc] = scores.get(doc, 0.0) + s
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]


def _tf(plist: list[tuple[int, int]], doc: int) -> int:
    """Term frequency of ``doc`` in a posting list sorted by doc id (binary search)."""
    lo, hi = 0, len(plist)
    while lo < hi:
        mid = (lo + hi) // 2
        if plist[mid][0] < doc:
            lo = mid + 1
        else:
            hi = mid
    return plist[lo][1] if lo < len(plist) and plist[lo][0] == doc else 0
