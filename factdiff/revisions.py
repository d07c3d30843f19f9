"""Diff of two versions of one article (a silent edit of the baseline or of a later article).

Returns only what changed, as Diffs:
- a sentence whose figures changed -> ``changed`` with ``Change("number", old figure, new figure)``;
- a sentence reworded with another person, place or status word -> ``changed`` with slot "text"
  (before/after = old/new sentence);
- an added sentence -> ``new``;
- a removed sentence -> ``changed`` with ``Change("removed", before=old sentence, after="")``; its ``fact`` is the
  old version's fact (there is no new one).
Unchanged and purely stylistic edits (same terms and figures) give nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from difflib import SequenceMatcher

from .extract import extract_facts
from .models import Change, Diff, Fact
from .numbers import compatible
from .text import content_terms

PAIR_MIN = 0.6  # character similarity from which an old and a new sentence are versions of one sentence


def _sentences(facts: list[Fact]) -> list[Fact]:
    seen: dict[str, Fact] = {}
    for f in facts:
        seen.setdefault(f.sentence, f)
    return list(seen.values())


def diff_versions(
    old_paragraphs: Sequence[str], new_paragraphs: Sequence[str], published_at: datetime | None = None
) -> list[Diff]:
    """Developments between two versions of an article, in the new version's order, removals last."""
    old = _sentences(extract_facts(old_paragraphs, published_at))
    new = _sentences(extract_facts(new_paragraphs, published_at))
    old_by_text = {f.sentence: f for f in old}
    used: set[str] = set()
    out: list[Diff] = []
    for f in new:
        if f.sentence in old_by_text:
            used.add(f.sentence)
            continue
        best: tuple[float, Fact] | None = None
        for o in old:
            if o.sentence in used:
                continue
            r = SequenceMatcher(None, o.sentence, f.sentence, autojunk=False).ratio()
            if r >= PAIR_MIN and (best is None or r > best[0]):
                best = (r, o)
        if best is None:
            out.append(Diff(fact=f, label="new", score=1.0, reason={"rule": "added sentence"}))
            continue
        ratio, o = best
        used.add(o.sentence)
        changed_q = [
            (oq, q)
            for q in f.quantities
            for oq in o.quantities
            if q.unit == oq.unit and not compatible(q, oq)
        ]
        change: Change | None = None
        if changed_q:
            oq, q = changed_q[0]
            change, rule = Change("number", oq.text, q.text), "figure edited"
        elif set(content_terms(o.sentence)) != set(content_terms(f.sentence)) or len(o.quantities) != len(
            f.quantities
        ):
            change, rule = Change("text", o.sentence, f.sentence), "sentence edited"
        if change is not None:
            out.append(
                Diff(
                    fact=f,
                    label="changed",
                    score=ratio,
                    baseline=o,
                    change=change,
                    reason={"rule": rule, "similarity": round(ratio, 3)},
                )
            )
    for o in old:
        if o.sentence not in used:
            out.append(
                Diff(
                    fact=o,
                    label="changed",
                    score=1.0,
                    baseline=o,
                    change=Change("removed", o.sentence, ""),
                    reason={"rule": "removed sentence"},
                )
            )
    return out
