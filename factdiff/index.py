"""A small BM25 inverted index over fact terms whose lookup cost depends on the query, not on the corpus.

Own implementation rather than a dependency: the corpora are tiny (a baseline has tens of facts) or grow
append-only (known developments). Two bounds keep a lookup nearly flat from a hundred to a hundred thousand
documents:

- *IDF-pruned postings*: a term is walked only up to ``per_term`` postings (its most recent ones); a term
  common to more documents than that is too weak to find candidates and only re-scores them;
- *bounded candidates*: at most ``budget`` postings are visited per query, rarest terms first, and only the
  best ``rescore_top`` candidates are re-scored with every query term (a set lookup per candidate).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence


class BM25Index:
    """Append-only BM25 over term lists; doc ids are dense ints in insertion order."""

    def __init__(
        self,
        k1: float = 1.2,
        b: float = 0.6,
        postings_budget: int = 400,
        rescore_top: int = 32,
        per_term: int = 128,
    ) -> None:
        self.k1 = k1
        self.b = b
        self.budget = postings_budget
        self.rescore_top = rescore_top
        self.per_term = per_term
        self.postings: dict[str, list[int]] = {}
        self.tfs: list[dict[str, int]] = []
        self.lengths: list[int] = []
        self.total_len = 0

    def __len__(self) -> int:
        return len(self.lengths)

    def add(self, terms: Sequence[str]) -> int:
        doc = len(self.lengths)
        tf = dict(Counter(terms))
        for t in tf:
            self.postings.setdefault(t, []).append(doc)
        self.tfs.append(tf)
        self.lengths.append(len(terms))
        self.total_len += len(terms)
        return doc

    def idf(self, t: str) -> float:
        n = len(self.lengths)
        df = len(self.postings.get(t, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _bm25(self, doc: int, t: str, idf: float, avg: float) -> float:
        tf = self.tfs[doc].get(t, 0)
        if not tf:
            return 0.0
        return idf * tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * self.lengths[doc] / avg))

    def search(self, terms: Iterable[str], k: int = 5) -> list[tuple[int, float]]:
        """Top-k docs by BM25 among a bounded candidate set (see the module docstring)."""
        n = len(self.lengths)
        if not n:
            return []
        avg = self.total_len / n
        q = sorted({t for t in terms if t in self.postings}, key=lambda t: (len(self.postings[t]), t))
        idfs = {t: self.idf(t) for t in q}
        hits: dict[int, float] = {}
        room = self.budget
        for t in q:
            if room <= 0:
                break
            plist = self.postings[t]
            take = plist[-min(self.per_term, room) :]
            room -= len(take)
            w = idfs[t]
            for doc in take:
                hits[doc] = hits.get(doc, 0.0) + w
        if not hits:
            return []
        # candidates: docs with the most IDF mass among the walked terms, newest first on ties
        cands = sorted(hits, key=lambda d: (-hits[d], -d))[: self.rescore_top]
        scored = [(d, math.fsum(self._bm25(d, t, idfs[t], avg) for t in q)) for d in cands]
        scored.sort(key=lambda kv: (-kv[1], kv[0]))
        return scored[:k]
