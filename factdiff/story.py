"""The story model built from the baseline article, and the diff of a later article against it.

Relevance is decided per article (an article that shares one name or one city with the story is not about it);
then each fact is read against candidate baseline facts retrieved from a BM25 index: occasion first, typed
changes next, wording overlap last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .compare import (
    Overlap,
    dates_conflict,
    number_change,
    overlap,
    quantities_match,
    role_change,
    stance_change,
    status_change,
)
from .dates import date_range
from .entities import Gazetteer
from .extract import FactInfo, extract_facts_with_info
from .index import BM25Index
from .lexicon import PLACE_TO_COUNTRY
from .models import Change, Diff, Fact, Label
from .numbers import compatible
from .text import content_terms, weight

_CORRECTION = re.compile(
    r"\b(?:not|instead of|rather than|correct(?:ed|ion|s)?|revised|actually|in fact)\b", re.I
)
RESTATED_MIN = 0.55  # overlap score from which a fact with nothing new is a restatement
STRONG_MIN = 0.6  # overlap score of a sentence that shows an article is about the story


@dataclass
class _Occasion:
    dates: tuple[str, ...]
    places: tuple[str, ...]
    after_baseline: bool
    new_place: bool


class StoryModel:
    """What the baseline article says: its facts, people and offices, places, terms and an index over them."""

    def __init__(
        self,
        title: str,
        summary: str,
        published_at: datetime | None,
        items: list[tuple[Fact, FactInfo]],
        gaz: Gazetteer,
    ) -> None:
        self.title = title
        self.summary = summary
        self.published_at = published_at
        self.items = items
        self.gaz = gaz
        self.index = BM25Index()
        for _f, info in items:
            self.index.add(info.terms)
        self.vocab: set[str] = set(content_terms(f"{title} {summary}"))
        self.places: set[str] = set()
        self.countries: set[str] = set()
        self.people: set[str] = set(gaz.full_names)
        for _f, info in items:
            self.vocab.update(info.term_set)
            self.places.update(info.places)
            self.countries.update(info.countries)
        head = extract_facts_with_info([title, summary], published_at, gaz)
        self.title_countries: set[str] = set()
        # topic words of the headline and summary, without names and places (those are counted as clusters)
        self.title_terms: set[str] = {
            t
            for t in content_terms(f"{title} {summary}")
            if weight(t) >= 1
            and not t[:1].isdigit()
            and t not in PLACE_TO_COUNTRY
            and t not in set(PLACE_TO_COUNTRY.values())
        }
        for _f, info in head:
            self.title_countries.update(info.countries)
            self.countries.update(info.countries)
            self.places.update(info.places)
        self.countries.discard("")
        self.term_df: dict[str, int] = {}
        for _f, info in items:
            for t in info.term_set:
                self.term_df[t] = self.term_df.get(t, 0) + 1
        self.base_day: date | None = published_at.date() if published_at else None
        self.quantities = [(q, f) for f, _ in items for q in f.quantities]
        self._with_quantities = [(f, i) for f, i in items if f.quantities]
        self._with_status = [(f, i) for f, i in items if i.status and i.events]

    # -- construction -------------------------------------------------------------------------------

    @classmethod
    def from_article(
        cls, title: str, paragraphs: Sequence[str], summary: str = "", published_at: datetime | None = None
    ) -> StoryModel:
        gaz = Gazetteer()
        # two passes: offices and countries named late in the article must be known when reading early facts
        extract_facts_with_info(list(paragraphs), published_at, gaz, learn=True)
        items = extract_facts_with_info(list(paragraphs), published_at, gaz)
        return cls(title, summary, published_at, items, gaz)

    @property
    def facts(self) -> list[Fact]:
        return [f for f, _ in self.items]

    # -- relevance ------------------------------------------------------------------------------------

    def relevance(self, text: str) -> float:
        """0..1: how much a short text (a headline and summary) is about the story; for ranking candidates."""
        terms = set(content_terms(text))
        if not terms:
            return 0.0
        hits = [t for t in terms if t in self.vocab]
        w = sum(1.0 / (1 + 0.0 * self.term_df.get(t, 0)) * (0.3 if weight(t) < 1 else 1.0) for t in hits)
        countries = {PLACE_TO_COUNTRY.get(t) for t in terms} & self.title_countries
        return round(min(1.0, (w / max(3.0, len(terms) * 0.8)) * 0.7 + 0.15 * len(countries)), 4)

    def _article_clusters(
        self, items: list[tuple[Fact, FactInfo]], head: list[tuple[Fact, FactInfo]]
    ) -> set[str]:
        clusters: set[str] = set()
        for f, info in [*items, *head]:
            clusters.update(c for c in info.countries if c in self.countries)
            for p in info.person_keys:
                c = self.gaz.person_country.get(p)
                if c and p in self.people:
                    clusters.add(c)
            _ = f
        return clusters

    def _relevance_detail(
        self, title: str, summary: str, items: list[tuple[Fact, FactInfo]], published_at: datetime | None
    ) -> dict[str, object]:
        head = extract_facts_with_info([title, summary], published_at, self.gaz)
        clusters = self._article_clusters(items, head)
        strong = 0
        for _f, info in items:
            best = self._candidates(info, 3)
            if (
                best
                and best[0][1].score >= STRONG_MIN
                and len([t for t in best[0][1].shared if weight(t) >= 1]) >= 3
            ):
                strong += 1
        title_clusters = clusters & self.title_countries
        topical = (
            set(content_terms(f"{title} {summary} " + " ".join(f.text for f, _ in items))) & self.title_terms
        )
        relevant = (
            (strong >= 1 and len(clusters) >= 2)
            or (len(title_clusters) >= 2 and len(clusters) >= 3)
            or (len(title_clusters) >= 2 and len(topical) >= 2)
            or strong >= 2
        )
        return {
            "relevant": relevant,
            "clusters": sorted(clusters),
            "strong_matches": strong,
            "topical_terms": sorted(topical),
        }

    def is_relevant(
        self, title: str, paragraphs: Sequence[str], summary: str = "", published_at: datetime | None = None
    ) -> bool:
        items = extract_facts_with_info(list(paragraphs), published_at, self.gaz)
        return bool(self._relevance_detail(title, summary, items, published_at)["relevant"])

    # -- matching -------------------------------------------------------------------------------------

    def _candidates(self, info: FactInfo, k: int = 5) -> list[tuple[int, Overlap]]:
        hits = self.index.search(info.terms, k)
        out = []
        for doc, _s in hits:
            out.append((doc, overlap(info, self.items[doc][1])))
        out.sort(key=lambda x: -x[1].score)
        return out

    def diff(
        self, title: str, paragraphs: Sequence[str], summary: str = "", published_at: datetime | None = None
    ) -> list[Diff]:
        """One Diff per fact of the later article, in article order."""
        items = extract_facts_with_info(list(paragraphs), published_at, self.gaz)
        rel = self._relevance_detail(title, summary, items, published_at)
        if not rel["relevant"]:
            return [
                Diff(
                    fact=f,
                    label="unrelated",
                    score=0.0,
                    reason={"rule": "article not about the story", **rel},
                )
                for f, _ in items
            ]
        diffs: list[Diff] = []
        occasions: dict[str, _Occasion] = {}
        for f, info in items:
            occ = self._occasion(f, info, occasions)
            diffs.append(self._decide(f, info, occ))
        return diffs

    def _occasion(self, f: Fact, info: FactInfo, seen: dict[str, _Occasion]) -> _Occasion | None:
        """The occasion a fact reports: its own date/place, or that of the event it refers back to."""
        new_places = tuple(
            p for p in info.places if p not in self.places and PLACE_TO_COUNTRY.get(p, "?") != ""
        )
        after = any(self._after_baseline(d) for d in f.dates)
        if info.events and (f.dates or info.places):
            occ = _Occasion(f.dates, info.places, after, bool(new_places))
            for ev in info.events:
                seen[ev] = occ
            if "meet" in info.events:
                seen.setdefault("talks", occ)
            return occ
        if info.definite_event:
            ev = {
                "talks": "meet",
                "meeting": "meet",
                "summit": "meet",
                "negotiations": "meet",
                "discussions": "meet",
                "session": "meet",
                "conversation": "call",
            }.get(info.definite_event, info.definite_event)
            prior = seen.get(ev)
            if prior is not None:
                return _Occasion(prior.dates, prior.places, prior.after_baseline, prior.new_place)
        return None

    def _after_baseline(self, d: str) -> bool:
        if self.base_day is None:
            return False
        rng = date_range(d)
        return bool(rng and rng[0] > self.base_day)

    def _decide(self, f: Fact, info: FactInfo, occ: _Occasion | None) -> Diff:
        cands = self._candidates(info, 5)
        best_doc, best = cands[0] if cands else (None, None)
        base_fact = self.items[best_doc][0] if best_doc is not None else None
        reason: dict[str, object] = {}
        if best is not None:
            reason["matched_terms"] = list(best.shared)
            reason["overlap"] = round(best.score, 3)

        def out(
            label: Label,
            score: float,
            rule: str,
            baseline: Fact | None = base_fact,
            change: Change | None = None,
        ) -> Diff:
            reason["rule"] = rule
            return Diff(
                fact=f,
                label=label,
                score=round(score, 4),
                baseline=baseline,
                change=change,
                reason=dict(reason),
            )

        # (1) typed changes that hold across occasions: offices, statuses of planned things, alignment
        rc = role_change(f, info, self.gaz, self.people)
        if rc is not None:
            change, person = rc
            link = self._fact_with_role(person, change.before) or base_fact
            reason["compared"] = {"before": change.before, "after": change.after}
            return out("changed", 0.9, f"{change.slot} change", link, change)
        sc = stance_change(info, self.items)
        if sc is not None:
            change, link = sc
            reason["compared"] = {"before": change.before, "after": change.after}
            return out("changed", 0.8, "stance change", link, change)
        top = best.score if best is not None else 0.0
        for bf, bi in self._with_status:
            stc = status_change(f, info, bf, bi)
            st_score = overlap(info, bi).score if stc is not None else 0.0
            # a closer restatement of another baseline fact wins over a status reading
            if stc is not None and st_score >= 0.2 and not (top >= RESTATED_MIN and top > st_score + 0.1):
                reason["compared"] = {"before": stc.before, "after": stc.after}
                return out("changed", 0.8, "status change", bf, stc)

        # (2) another occasion: later date, new place, "another round", or an event named earlier in the article
        if occ is not None and (occ.after_baseline or occ.new_place):
            reason["occasion"] = {"dates": list(occ.dates), "places": list(occ.places)}
            return out("new", 0.8, "different occasion", base_fact)
        if info.other_occasion and info.events:
            return out("new", 0.75, "another occasion", base_fact)

        # (3) same occasion, another value: the figure of a baseline fact about the same kind of event
        if f.quantities:
            known_q = [q for q, _ in self.quantities]
            best_nc: tuple[float, Fact, Change] | None = None
            for bf, bi in self._with_quantities:
                if bf.paragraph < 0 or dates_conflict(f, bf):
                    continue
                ov = overlap(info, bi)
                corrected = bool(_CORRECTION.search(f.text))
                if not (info.events & bi.events) and ov.cov < (0.15 if corrected else 0.3):
                    continue
                if ov.cov < (0.15 if corrected else 0.2):
                    continue
                nc = number_change(f, bf, known_q)
                if nc is not None and (best_nc is None or ov.score > best_nc[0]):
                    best_nc = (ov.score, bf, nc)
            if best_nc is not None:
                _s, bf, nc = best_nc
                reason["compared"] = {"before": nc.before, "after": nc.after}
                return out("changed", 0.75, "number change", bf, nc)

        # (4) something the baseline does not hold: a person, a figure, a date of its own
        novel_people = [p for p in info.person_keys if p not in self.people]
        if novel_people:
            reason["new_people"] = novel_people
            return out("new", 0.7, "new person", base_fact)
        novel_q = [
            q.text
            for q in f.quantities
            if not any(q.unit == bq.unit and compatible(q, bq) for bq, _ in self.quantities)
        ]
        if novel_q:
            reason["new_figures"] = novel_q
            return out("new", 0.7, "new figure", base_fact)
        if best is None or base_fact is None:
            return out("new", 0.6, "no baseline match", None)
        if dates_conflict(f, base_fact):
            return out("new", 0.7, "date differs", base_fact)

        # (5) wording
        score = best.score
        novel = [t for t in info.term_set if t not in self.vocab]
        nov_w = sum(weight(t) for t in novel) / max(1e-9, sum(weight(t) for t in info.term_set))
        reason["novel_terms"] = sorted(novel)
        same_figure = (
            quantities_match(f, base_fact)
            and best_doc is not None
            and bool(info.events & self.items[best_doc][1].events)
        )
        if score >= RESTATED_MIN or (score >= 0.4 and nov_w <= 0.15) or (same_figure and score >= 0.35):
            if f.quantities and base_fact.quantities and not quantities_match(f, base_fact):
                return out("new", 0.6, "figures differ", base_fact)
            return out("restated", score, "restated", base_fact)
        return out("new", 1 - score, "not in baseline", base_fact)

    def _fact_with_role(self, person: str, role: str) -> Fact | None:
        words = [w for w in role.split() if len(w) > 3]
        best = None
        for f, info in self.items:
            if person in info.person_keys:
                hit = sum(1 for w in words if w in f.sentence.lower())
                if best is None or hit > best[0]:
                    best = (hit, f)
        return best[1] if best else None
