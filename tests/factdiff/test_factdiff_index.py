"""The bounded-candidate BM25 index: right answers on small corpora, query cost independent of corpus size."""

from __future__ import annotations

from factdiff.index import BM25Index


def test_finds_the_document_with_the_rare_terms() -> None:
    idx = BM25Index()
    idx.add(["russia", "usa", "meet", "riyadh"])
    idx.add(["russia", "usa", "meet", "istanbul", "embassy"])
    idx.add(["nato", "spend", "defense"])
    assert idx.search(["istanbul", "embassy", "meet"], k=1)[0][0] == 1
    assert idx.search(["unknown"]) == []


def test_query_cost_is_bounded_whatever_the_corpus_size() -> None:
    """Count the postings a query may touch: bounded by the budget, not by the number of documents."""
    touched: list[int] = []
    for n in (100, 20_000):
        idx = BM25Index(postings_budget=400, per_term=128, rescore_top=32)
        for i in range(n):
            idx.add(["common", "talks", f"rare{i % 50}", f"doc{i}"])
        hits = idx.search(["common", "talks", "rare7"], k=5)
        assert hits
        walked = sum(min(len(idx.postings[t]), idx.per_term) for t in ("common", "talks", "rare7"))
        touched.append(min(walked, idx.budget))
    assert touched[1] <= 400
    assert touched[1] / touched[0] < 2.0
