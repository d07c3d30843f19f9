"""The story model built from the baseline article, and the diff of a later article against it.

Relevance is decided per article (an article that shares one name or one city with the story is not about it),
then per sentence (an aside with no story person, organisation, figure, topic word or anaphoric link is
unrelated). Each fact is linked to the baseline fact with the best fused score (rarity-weighted overlap both
ways, framing phrases discounted, people named or described by role, event kind), then read in order: typed
changes (office, stance, status), another occasion (date, place, "this time"), a changed figure, something
the story does not hold, and last wording (coverage of the fact, of the baseline fact, unexplained terms).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta

from .compare import (
    Overlap,
    contrast_change,
    dates_conflict,
    filled_by,
    number_change,
    overlap,
    quantities_match,
    role_change,
    stance_change,
    status_change,
    support_withdrawn,
)
from .dates import date_range
from .entities import Gazetteer
from .extract import EVENT_PATTERNS, FactInfo, extract_facts_with_info
from .index import BM25Index
from .lexicon import COUNTRY_DISPLAY, GOVERNMENT_FORMS, PLACE_TO_COUNTRY, TITLE_HEADS, is_city
from .models import Change, Diff, Fact, Label
from .numbers import MEASURE_UNITS, compatible
from .text import COMMON_WORDS, content_terms, weight
from .wording import WordingEvidence
from .wording import default_model as wording_model

_CORRECTION = re.compile(
    r"\b(?:not|instead of|rather than|correct(?:ed|ion|s)?|revised|actually|in fact)\b", re.I
)
_GEO_NOUNS = frozenset(
    {
        "capital",
        "city",
        "port",
        "town",
        "region",
        "province",
        "country",
        "countries",
        "area",
        "village",
        "street",
    }
)
_MODAL = re.compile(r"\b(?:would|will|could|might|may)\b(?!\s+(?:not\s+)?(?:accept|continue)\b)", re.I)
_ANCHORED = re.compile(
    r"^(?:The|This|That|It|Their|His|Her|Its)\s+(?:[\w-]+\s+){0,2}(?:came|comes|followed|happened|took place)\s+"
    r"(?:just\s+|only\s+)?(?:[\w-]+\s+){0,3}(?:after|before|since)\b"
)
_MONTH_TERMS = frozenset(
    content_terms(
        "January February March April May June July August September October November December "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    )
)
_PLUPERFECT = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:been|\w+(?:ed|en|ne|wn|de|t|d))\b", re.I)
_HABITUAL = re.compile(
    r"\b(?:has|have)\s+(?:long|repeatedly|often|consistently|always|previously)\b|\b(?:long|repeatedly)\s+"
    r"(?:said|insisted|argued|maintained|held|complained|warned|accused|called)\b|"
    r"\b(?:has|have)\s+(?:said|insisted|argued|maintained|stressed|warned|made (?:no secret|clear))\b",
    re.I,
)
_BACK_REFERENCE = re.compile(
    r"\b(?:that|those|the earlier|the previous|the first|the February)\s+(?:earlier\s+|previous\s+|first\s+)?"
    r"(?:meeting|talks|call|exchange|"
    r"conversation|session|round|encounter|gathering)\b|\bat the time\b|\bback (?:in|then)\b|\bat that\b|"
    r"\bthat day\b|\bthen\b",
    re.I,
)
_CONTRAST = re.compile(r"\bthis time\b|\bthe same (?:\w+ ){0,2}(?:as|that|who|he|she|they)\b", re.I)
# words of titles that are not a story's subject ("presidential foreign policy adviser")
_TITLE_QUALIFIERS = (
    "vice",
    "prime",
    "deputy",
    "assistant",
    "special",
    "presidential",
    "national",
    "foreign",
    "policy",
)
RESTATED_MIN = 0.55  # overlap score from which a fact with nothing new is a restatement
CLAIM_BONUS = 0.25  # weight of the claim's own words in the link score
STRONG_MIN = 0.6  # overlap score of a sentence that shows an article is about the story


@dataclass
class _Occasion:
    dates: tuple[str, ...]
    places: tuple[str, ...]
    after_baseline: bool
    new_place: bool


def _utc(moment: datetime) -> datetime:
    """Naive times are taken as UTC, so naive and aware times can be compared."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


HISTORY_BEFORE = timedelta(days=366)  # a fact dated only before this, ahead of the baseline, is history
PREDATES_MARGIN = timedelta(days=1)  # tolerance for time zones and "updated" times on the baseline
OWN_EVENT_AFTER = timedelta(days=10)  # an article this long after the baseline reports events of its own


def _as_background(d: Diff) -> Diff:
    """A fact of an article older than the baseline: a restatement stays one; anything else is background."""
    if d.label in ("restated", "unrelated"):
        return d
    return replace(
        d, label="unrelated", change=None, reason={**d.reason, "rule": "article predates the baseline"}
    )


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
        self.orgs: set[str] = {o.lower() for _f, i in items for o in i.orgs}
        self.units: set[str] = {q.unit for f, _i in items for q in f.quantities if q.unit}
        self.place_terms: set[str] = {t for p in PLACE_TO_COUNTRY for t in content_terms(p)}
        # topic words: what the baseline is about, without names, places, figures and geography nouns
        people_terms = set(self.people) | {w.lower() for n in gaz.full_names.values() for w in n.split()}
        self.people_terms: frozenset[str] = frozenset(
            people_terms | {t for n in gaz.full_names.values() for t in content_terms(n)}
        )
        self.topic_terms: set[str] = {
            t
            for t in self.vocab
            if weight(t) >= 1
            and not t[:1].isdigit()
            and not t.startswith("q:")
            and t not in self.place_terms
            and t not in people_terms
            and t not in _GEO_NOUNS
        }
        # the story's own words: topic words less frequent words, titles, names and kinds of event
        common = {t for w in COMMON_WORDS for t in content_terms(w)}
        titles = {t for w in (*TITLE_HEADS, *_TITLE_QUALIFIERS) for t in content_terms(w)}
        names = {t for n in gaz.full_names.values() for t in content_terms(n)}
        org_words = {t for o in self.orgs for t in content_terms(o)}
        self.key_terms: frozenset[str] = frozenset(
            self.topic_terms - common - titles - names - org_words - self._EVENT_TERMS - set(EVENT_PATTERNS)
        )
        self.quantities = [(q, f) for f, _ in items for q in f.quantities]
        self._with_quantities = [(f, i) for f, i in items if f.quantities]
        # the baseline's own occasion: its dates and where its events took place (for recaps)
        self.base_dates: set[str] = {d for f, _i in items for d in f.dates if date_range(d)}
        if self.base_day is not None:
            self.base_dates.add(self.base_day.isoformat())
        # the story's own days: a week and a half up to the baseline (the run-up it recounts) and its dates
        self._base_window: list[tuple[date, date]] = [
            (r[0] - timedelta(days=10), r[1]) for r in (date_range(d) for d in self.base_dates) if r
        ]
        self.occasion_terms: set[str] = {
            t
            for _f, i in items
            if i.core_events & {"meet", "call", "visit"}
            for p in i.event_places
            if is_city(p) and p not in GOVERNMENT_FORMS
            for t in content_terms(p)
        }
        # the sides of the story: its people's countries and the camps the baseline aligns them with
        self.parties: set[str] = set(gaz.person_country.values()) | {
            c for _f, i in items for pair in i.alignments for c in pair if c
        }
        self._party_set: frozenset[str] = frozenset(c for c in self.parties if c)
        # every place the baseline names ("riyadh", "paris", "türkiye")
        self._story_places: frozenset[str] = frozenset(
            p for _f, i in items for p in (*i.places, *i.event_places)
        )
        self._unit_df: dict[str, int] = {}
        for f, _i in items:
            for u in {q.unit for q in f.quantities if q.unit}:
                self._unit_df[u] = self._unit_df.get(u, 0) + 1
        self._with_status = [(f, i) for f, i in items if i.status and i.events]
        self._claims: dict[int, tuple[FactInfo, frozenset[str]]] = {}
        # the story's sides as terms ("russia", "usa") and the words for who took part ("officials")
        self.actor_terms: frozenset[str] = frozenset(
            {t for c in self.parties for t in content_terms(c)}
            | (self._EVENT_TERMS - {"meet", "call", "visit"})
        )

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
        w = math.fsum(
            1.0 / (1 + 0.0 * self.term_df.get(t, 0)) * (0.3 if weight(t) < 1 else 1.0) for t in hits
        )
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
        self, title: str, summary: str, items: list[tuple[Fact, FactInfo]], head: list[tuple[Fact, FactInfo]]
    ) -> dict[str, object]:
        """Whether an article is about the story; ``head``: the facts of its title and summary."""
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
        story_people = {
            p for _f, i in [*items, *head] for p in (*i.person_keys, *i.role_people) if p in self.people
        }
        relevant = (
            (strong >= 1 and len(clusters) >= 2)
            or len(story_people) >= 3
            or (len(story_people) >= 2 and len(title_clusters) >= 2)
            or (len(title_clusters) >= 2 and len(clusters) >= 3)
            or (len(title_clusters) >= 2 and len(topical) >= 2)
            or strong >= 2
        )
        # the story is between sides (its people's countries): an article that names only one of them is
        # about another matter, unless it restates the story, recalls its occasion or moves one of its people
        sides = clusters & (self.parties if len(self.parties) >= 2 else self.parties | self.title_countries)
        if len(sides) <= 1 and not strong:
            moves = self._moves_a_story_person(items)
            if not moves and not self._recalls_the_occasion(items):
                return {
                    "relevant": False,
                    "clusters": sorted(clusters),
                    "sides": sorted(sides),
                    "strong_matches": 0,
                }
            relevant = relevant or moves
        else:
            # a baseline office changing hands, or a baseline person's title changing, is the story's news
            relevant = relevant or self._moves_a_story_person(items)
        return {
            "relevant": relevant,
            "clusters": sorted(clusters),
            "strong_matches": strong,
            "story_people": sorted(story_people),
            "topical_terms": sorted(topical),
        }

    def _recalls_the_occasion(self, items: list[tuple[Fact, FactInfo]]) -> bool:
        """Whether an article recalls the baseline's occasion ("at the Riyadh talks in February ...")."""
        for f, info in items:
            recap = self._recap(f, info) if info.term_set & self.occasion_terms else frozenset()
            if recap and any(ov.score >= 0.35 for _d, ov in self._candidates(info, 1, recap)):
                return True
        return False

    def _moves_a_story_person(self, items: list[tuple[Fact, FactInfo]]) -> bool:
        """Whether an article moves a story person to another office or title, or puts another in theirs."""
        return any(role_change(f, info, self.gaz, self.people) is not None for f, info in items)

    def is_relevant(
        self, title: str, paragraphs: Sequence[str], summary: str = "", published_at: datetime | None = None
    ) -> bool:
        items = extract_facts_with_info(list(paragraphs), published_at, self.gaz)
        head = extract_facts_with_info([title, summary], published_at, self.gaz)
        return bool(self._relevance_detail(title, summary, items, head)["relevant"])

    # -- matching ---------------------------------------------------------------------------------------

    def _idf(self, t: str) -> float:
        n = len(self.items)
        return math.log(1 + (n + 1) / (self.term_df.get(t, 0) + 1))

    def _link_score(
        self, info: FactInfo, bi: FactInfo, ov: Overlap, recap: frozenset[str] = frozenset()
    ) -> float:
        """Fused score used to pick the baseline fact a later fact is about: rarity-weighted term overlap in
        both directions, plus agreement on people (named or described by role) and on the kind of event."""
        shared = info.term_set & bi.term_set
        if not shared:
            return 0.0
        # framing phrases, recap words and the titles of people place the claim; the story's sides and
        # the words for who took part are shared by most of its facts
        frame = info.frame | recap | info.title_terms | bi.title_terms

        def idf(t: str) -> float:
            return self._idf(t) * (0.35 if t in frame else 0.6 if t in self.actor_terms else 1.0)

        sw = math.fsum(weight(t) * idf(t) for t in shared)
        fw = math.fsum(weight(t) * idf(t) for t in info.term_set) or 1.0
        bw = math.fsum(weight(t) * idf(t) for t in bi.term_set) or 1.0
        people = (set(info.person_keys) | set(info.role_people)) & (set(bi.person_keys) | set(bi.role_people))
        score = 0.6 * sw / fw + 0.4 * sw / bw
        claim = self._claim_terms(info)
        if claim:
            # the claim's own words pick the fact; names, titles and the occasion only frame it
            cw = math.fsum(idf(t) for t in claim)
            score += CLAIM_BONUS * math.fsum(idf(t) for t in claim if t in bi.term_set) / cw
        if people:
            # more so the more of the fact's people it holds: a roster recap belongs with the fuller roster
            mine = set(info.person_keys) | set(info.role_people)
            score += 0.12 + 0.1 * len(people) / len(mine)
        if info.events & bi.events:
            score += 0.04
        return score

    def _candidates(
        self, info: FactInfo, k: int = 5, recap: frozenset[str] = frozenset()
    ) -> list[tuple[int, Overlap]]:
        """Baseline facts ranked by the fused link score (the baseline is small: every fact is scored).

        ``recap``: terms that only point back at the baseline's occasion ("in Riyadh in February"); they count
        as little as framing phrases, so the claim itself picks the baseline fact."""
        scored = []
        for doc, (_f, bi) in enumerate(self.items):
            ov = overlap(info, bi)
            if not ov.shared:
                continue
            scored.append((self._link_score(info, bi, ov, recap), doc, ov))
        scored.sort(key=lambda x: (-x[0], x[1]))
        return [(doc, ov) for _s, doc, ov in scored[:k]]

    def diff(
        self, title: str, paragraphs: Sequence[str], summary: str = "", published_at: datetime | None = None
    ) -> list[Diff]:
        """One Diff per fact of the later article, in article order."""
        items = extract_facts_with_info(list(paragraphs), published_at, self.gaz)
        head = extract_facts_with_info([title, summary], published_at, self.gaz)
        rel = self._relevance_detail(title, summary, items, head)
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
        ctx: dict[str, tuple[str, str]] = {}  # the office the article last spoke of: (holder key, role)
        prev: tuple[Fact, FactInfo, bool] | None = None
        article_terms: set[str] = set()
        head_terms = frozenset(
            t
            for t in content_terms(f"{title} {summary}")
            if weight(t) >= 1 and t not in self.place_terms and t not in self.people_terms
        )
        # the story's people the headline is about ("Waltz out as ..."): their affairs are the article's topic
        # an article about an event of its own (a later call, a summit): its headline names a kind of event and
        # it appeared well after the baseline, so "the talks lasted ..." is that event's figure
        own_event = (
            published_at is not None
            and self.published_at is not None
            and _utc(published_at) - _utc(self.published_at) > OWN_EVENT_AFTER
            and any(EVENT_PATTERNS[k].search(f"{title} {summary}") for k in ("meet", "call", "visit"))
        )
        head_people = frozenset(t for t in content_terms(f"{title} {summary}") if t in self.people)
        head_places = frozenset(c for _f, i in head for c in (*i.countries, *i.places))
        for f, info in items:
            recap = self._recap(f, info)
            cands = self._candidates(info, 5, recap)
            anchors = self._anchors(f, info, cands, prev, article_terms)
            if not anchors:
                diffs.append(
                    Diff(fact=f, label="unrelated", score=0.0, reason={"rule": "aside: no story anchor"})
                )
                prev = (f, info, False)
                continue
            if self._aside(f, info, anchors, head_terms, head_people) or self._abroad(
                f, info, anchors, head_places, head_terms
            ):
                diffs.append(
                    Diff(
                        fact=f,
                        label="unrelated",
                        score=0.0,
                        reason={"rule": "aside: another matter", "anchors": anchors},
                    )
                )
                prev = (f, info, False)
                continue
            if self._long_before(f) and not self._predates_baseline(published_at):
                diffs.append(
                    Diff(fact=f, label="unrelated", score=0.0, reason={"rule": "history before the story"})
                )
                prev = (f, info, False)
                continue
            occ = self._occasion(f, info, occasions, cands)
            # where the fact sits: background comes late in wire copy; a short item has no such shape
            pos = f.position / (len(items) - 1) if len(items) >= 4 else 0.5
            d = self._decide(f, info, occ, cands, ctx, recap, own_event, pos)
            d.reason["anchors"] = anchors
            article_terms.update(
                t
                for t in info.term_set
                if weight(t) >= 1 and t not in self.place_terms and not t[:1].isdigit()
            )
            diffs.append(d)
            prev = (f, info, True)
        if self._predates_baseline(published_at):
            diffs = [_as_background(d) for d in diffs]
        return diffs

    _PAST = re.compile(r"\b(?:had|at the time|earlier|first|then|last month)\b", re.I)

    def _recap(self, f: Fact, info: FactInfo) -> frozenset[str]:
        """The terms by which a fact points back at the baseline's own occasion (a date of the baseline, or its
        place with a past-tense marker); empty when it does not."""
        dated = [r for r in (date_range(d) for d in f.dates) if r]
        later = any(self.base_day is not None and r[0] > self.base_day for r in dated)
        same_day = any(lo <= r[1] and r[0] <= hi for r in dated for lo, hi in self._base_window)
        place = info.term_set & self.occasion_terms
        if not (same_day and not later) and not (place and self._PAST.search(f.text)):
            return frozenset()
        date_terms = {t for t in info.term_set if t in _MONTH_TERMS}
        terms = place | date_terms | (info.term_set & _GEO_NOUNS)
        # dated by an abbreviation or a relative phrase ("on Feb. 12", "last month"): still a pointer back
        return frozenset(terms or {"<baseline date>"})

    _SINCE = re.compile(r"\bsince\b[^.;]{0,60}?\b(?:1[89]|20)\d\d\b")

    def _long_before(self, f: Fact) -> bool:
        """A fact dated only more than a year before the baseline is history ("sold Alaska in 1867"); a date
        after "since" starts a span that reaches the present ("the first such visit since 2022")."""
        ranges = [date_range(d) for d in f.dates]
        if self.base_day is None or not ranges or not all(ranges) or self._SINCE.search(f.text):
            return False
        return all(r is not None and r[1] < self.base_day - HISTORY_BEFORE for r in ranges)

    def _predates_baseline(self, published_at: datetime | None) -> bool:
        """An article published before the story broke cannot report what changed since it broke."""
        if published_at is None or self.published_at is None:
            return False
        return _utc(published_at) < _utc(self.published_at) - PREDATES_MARGIN

    # -- sentence-level topic gate ---------------------------------------------------------------------

    _SHIFT = re.compile(
        r"^(?:Separately|Meanwhile|Elsewhere|In other news|In a separate \w+|On another front|In an unrelated \w+)\b"
        r"|^[^,]{2,40},\s+meanwhile,",
    )
    _FIRM = ("organisation:", "figure:", "countries:", "baseline match", "anaphora", "speaker:")

    # standing descriptions of an institution or a venue, not events of the story
    _BACKGROUND = re.compile(
        r"\brotating (?:chair|chairmanship|presidency)\b|\bchairmanship\b|"
        r"\bpress (?:pass(?:es)?|credentials|accreditation)\b|\baccreditation\b|"
        r"\b(?:was|were) (?:known as|called)\b|\bcarried the name\b|\b(?:founded|established) in \d{4}\b|"
        r"\b\d{1,2}(?:st|nd|rd|th)-century\b|\b(?:was|were) (?:restored|renovated|rebuilt)\b|"
        r"\bnow (?:operates|serves) as\b"
    )

    # another affair of a story person: criticism, a scandal, a leak, an inquiry ("had faced criticism since
    # March, when ... a group chat")
    _AFFAIR = re.compile(
        r"\b(?:critici[sz](?:ed|m|ing)|under (?:fire|pressure|scrutiny)|scandal|controvers(?:y|ies)|"
        r"leak(?:ed|s)?|investigat(?:ion|ions|ed|ing)|inquiry|probe|inspector general|ethics|"
        r"(?:group|signal) chat|chat group|messaging app|lawsuit|indict(?:ed|ment)|impeach\w*|resignation calls?)\b",
        re.I,
    )
    _WEAK = ("person:", "terms:", "cohesion:", "article topic:")

    _REFERS = re.compile(
        r"^(?:The|This|That|Their|Its)\s+(?:\w+\s+)?(?:round|talks|meeting|session|call|summit|visit|trip)\b|"
        r"\b(?:those|these)\s+[a-z]+",
    )

    def _aside(
        self,
        f: Fact,
        info: FactInfo,
        anchors: list[str],
        head: frozenset[str],
        head_people: frozenset[str] = frozenset(),
    ) -> bool:
        """An aside inside an on-topic article: a sentence held to the story only by a person's name or by
        common words. With a topic-shift marker ("Separately, ...") a story person is not enough; without
        a story person, the sentence needs a firm anchor (a story organisation, figure, both sides, a baseline
        match, a reference back) or one of the story's own words."""
        firm = any(a.startswith(self._FIRM) for a in anchors)
        person = any(a.startswith("person:") for a in anchors)
        if not firm and not person and self._BACKGROUND.search(f.text):
            return True  # a standing description: a venue's past, a rotating chair, press passes
        if (
            all(a.startswith(self._WEAK) for a in anchors)
            and self._AFFAIR.search(f.text)
            and not set(info.person_keys) & head_people
        ):
            return True  # another affair of a story person the article is not about: criticism, a leak
        shifted = bool(self._SHIFT.search(f.text))
        held = person or any(a in ("baseline match", "anaphora") for a in anchors)
        if shifted and not held and len(info.term_set & self.key_terms) < 2:
            return (
                True  # "Separately, ...": the topic moves on, and no story person or baseline fact holds it
            )
        if firm or info.term_set & self.key_terms:
            return False
        if info.definite_event or self._REFERS.search(f.text) or head & info.term_set:
            return False  # "The first round ...", "those banks", the article's own headline topic
        if shifted:
            return True
        return all(a.startswith(("terms:", "article topic:")) for a in anchors)

    _THE_EVENT = re.compile(r"\bthe (?:meeting|negotiations|talks|summit|participants)\b")

    def _abroad(
        self, f: Fact, info: FactInfo, anchors: list[str], head: frozenset[str], topic: frozenset[str]
    ) -> bool:
        """An aside set elsewhere: one story person at most, in a country neither the story nor the article's
        headline names, nothing of the story's places and no tie to the headline's topic or the sentence before
        ("Putin is due in New Delhi for a state visit")."""
        if (
            any(a.startswith(self._FIRM) for a in anchors)
            or (self._claim_terms(info) - info.name_terms) & topic
        ):
            return False  # tied to the headline's topic
        people = {p for p in (*info.person_keys, *info.role_people) if p in self.people}
        if len(people) != 1 or info.term_set & self.key_terms or info.definite_event or info.anaphoric:
            return False
        if self._THE_EVENT.search(f.text):
            return False  # "the Vatican could host the negotiations": the article's own event, placed abroad
        here = set(info.countries) | set(info.places)
        if here & (self.countries | self.places) or here & head:
            return False
        return bool(set(info.countries) - self.countries - head)

    def _anchors(
        self,
        f: Fact,
        info: FactInfo,
        cands: list[tuple[int, Overlap]],
        prev: tuple[Fact, FactInfo, bool] | None,
        article_terms: set[str],
    ) -> list[str]:
        """Why a sentence of an on-topic article is itself about the story (empty: an aside)."""
        out: list[str] = []
        people = [p for p in (*info.person_keys, *info.role_people) if p in self.people]
        if people:
            out.append("person:" + ",".join(sorted(set(people))))
        speaker = (f.speaker or "").lower()
        seats = [g for g in GOVERNMENT_FORMS if g in speaker and PLACE_TO_COUNTRY.get(g) in self.parties]
        if seats:
            out.append("speaker:" + ",".join(sorted(seats)))
        orgs = [o for o in info.orgs if o.lower() in self.orgs]
        if orgs:
            out.append("organisation:" + ",".join(orgs))
        units = {q.unit for q in f.quantities if q.unit} & self.units
        if units:
            out.append("figure:" + ",".join(sorted(units)))
        core = info.countries & self.title_countries
        if len(core) >= 2:
            out.append("countries:" + ",".join(sorted(core)))
        topical = sorted(t for t in info.term_set if t in self.topic_terms)
        if topical:
            out.append("terms:" + ",".join(topical[:6]))
        if info.events - {"visit"}:
            out.append("event:" + ",".join(sorted(info.events - {"visit"})))
        if cands and cands[0][1].cov >= 0.5:
            out.append("baseline match")
        if prev is not None and prev[2] and f.paragraph == prev[0].paragraph:
            if info.anaphoric:
                out.append("anaphora")
            else:
                cohesive = [
                    t
                    for t in info.term_set & prev[1].term_set
                    if weight(t) >= 1 and t not in self.place_terms
                ]
                if cohesive:
                    out.append("cohesion:" + ",".join(sorted(cohesive)[:4]))
        elif (
            prev is not None and prev[2] and info.anaphoric and re.match(r"(?:He|She|They|His|Her)\b", f.text)
        ):
            out.append("anaphora")
        if not out:
            # the article's own topic: a noun of an earlier on-topic fact that the baseline does not use
            chain = sorted(
                t
                for t in info.term_set & article_terms
                if weight(t) >= 1
                and t not in self.vocab
                and t not in _GEO_NOUNS
                and t not in self.place_terms
                and t not in info.person_keys
                and t not in info.name_terms
            )
            if chain:
                out.append("article topic:" + ",".join(chain[:4]))
        return out

    # -- occasion ----------------------------------------------------------------------------------------

    def _occasion(
        self, f: Fact, info: FactInfo, seen: dict[str, _Occasion], cands: list[tuple[int, Overlap]]
    ) -> _Occasion | None:
        """The occasion a fact reports: its own date/place, or that of the event it refers back to."""
        after = any(self._after_baseline(d) for d in info.event_dates)
        base_info = self.items[cands[0][0]][1] if cands else None
        close = bool(cands) and cands[0][1].cov >= 0.65
        said = f.speaker is not None
        # a fact set at its match's own city recounts that occasion; another story place it names is an aside
        anchored = base_info is not None and any(
            p in base_info.event_places and is_city(p) and p not in GOVERNMENT_FORMS
            for p in info.event_places
        )
        new_places = tuple(
            p
            for p in info.event_places
            if not (anchored and p in self.places) and not self._known_place(p, base_info, close, said)
        )
        if info.events and (info.event_dates or info.event_places or info.other_occasion):
            occ = _Occasion(info.event_dates, info.event_places, after, bool(new_places))
            for ev in info.events:
                seen[ev] = occ
            if "meet" in info.events:
                seen.setdefault("talks", occ)
            return occ
        if info.definite_event:
            # the kinds of event a definite noun can point back to, the likelier first ("the conversation" is
            # a call, else talks; "the discussion" talks, else a call)
            kinds = {
                "talks": ("meet", "call"),
                "meeting": ("meet",),
                "summit": ("meet",),
                "negotiations": ("meet",),
                "discussions": ("meet", "call"),
                "discussion": ("meet", "call"),
                "session": ("meet",),
                "conversation": ("call", "meet"),
            }.get(info.definite_event, (info.definite_event,))
            prior = next((seen[k] for k in kinds if k in seen), None)
            if prior is not None:
                return _Occasion(prior.dates, prior.places, prior.after_baseline, prior.new_place)
        if after or new_places:
            return _Occasion(info.event_dates, info.event_places, after, bool(new_places))
        return None

    def _known_place(self, place: str, bi: FactInfo | None, close: bool, statement: bool = False) -> bool:
        """Whether an event place fits the baseline. Another city than the matched fact's is another occasion,
        and so is a city the baseline never names; another place the baseline never names is one too, unless
        the fact otherwise closely restates the match."""
        country = PLACE_TO_COUNTRY.get(place)
        b_places = (set(bi.places) | set(bi.event_places)) if bi is not None else set()
        if place in b_places or (place in GOVERNMENT_FORMS and country in self.parties):
            return True  # "returned to the White House": a seat of government, not a venue
        b_cities = {p for p in b_places if is_city(p) and p not in GOVERNMENT_FORMS}
        if is_city(place) and b_cities:
            return False
        if place in self.places:
            return True
        if is_city(place) and place not in GOVERNMENT_FORMS and self.occasion_terms and not statement:
            return False  # an act in a city the story never names, where the story happened in another
        if bi is not None and country and country in bi.countries:
            return True
        return close

    def _after_baseline(self, d: str) -> bool:
        if self.base_day is None:
            return False
        rng = date_range(d)
        return bool(rng and rng[0] > self.base_day)

    def _decide(
        self,
        f: Fact,
        info: FactInfo,
        occ: _Occasion | None,
        cands: list[tuple[int, Overlap]],
        ctx: dict[str, tuple[str, str]] | None = None,
        recap: frozenset[str] = frozenset(),
        own_event: bool = False,
        position: float = 0.0,
    ) -> Diff:
        best_doc, best = cands[0] if cands else (None, None)
        base_fact = self.items[best_doc][0] if best_doc is not None else None
        base_info = self.items[best_doc][1] if best_doc is not None else None
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
        ctx = {} if ctx is None else ctx
        rc = role_change(f, info, self.gaz, self.people) or filled_by(f, info, self.gaz, ctx.get("office"))
        if rc is not None:
            change, person = rc
            base_role = next(iter(self.gaz.person_roles.get(person, [])), None)
            if base_role is not None:
                ctx["office"] = (person, base_role.role)
            link = self._fact_with_role(person, change.before) or base_fact
            reason["compared"] = {"before": change.before, "after": change.after}
            return out("changed", 0.9, f"{change.slot} change", link, change)
        sc = stance_change(info, self.items, self.parties)
        if sc is not None:
            change, link = sc
            reason["compared"] = {"before": change.before, "after": change.after}
            return out("changed", 0.8, "stance change", link, change)
        sw = support_withdrawn(f, info, self.items)
        if sw is not None:
            change, link = sw
            reason["compared"] = {"before": change.before, "after": change.after}
            return out("changed", 0.8, "support withdrawn", link, change)
        cc = contrast_change(f, info, self.items)
        if cc is not None:
            change, link = cc
            reason["compared"] = {"before": change.before, "after": change.after}
            return out("changed", 0.8, "place set against the baseline's", link, change)
        top = best.score if best is not None else 0.0
        for bf, bi in self._with_status:
            stc = status_change(f, info, bf, bi, self._party_set)
            st_score = overlap(info, bi).score if stc is not None else 0.0
            # a closer restatement of another baseline fact wins over a status reading, not over a venue the
            # baseline left open ("a third country") being named
            closer = top >= RESTATED_MIN and top > st_score + 0.1 and (stc is None or stc.slot != "place")
            if stc is not None and st_score >= 0.2 and not closer:
                reason["compared"] = {"before": stc.before, "after": stc.after}
                rule = "status change" if stc.slot == "status" else "planned venue replaced"
                return out("changed", 0.8, rule, bf, stc)

        # (1b) "The vote came a week after <a baseline fact>": the claim is the recalled fact
        if _ANCHORED.match(f.text) and best is not None and best.back >= 0.6 and not info.other_occasion:
            return out("restated", best.score, "restated as a time anchor", base_fact)

        # (2) another occasion: later date, new place, "another round", or an event named earlier in the article
        # a new place alone does not make another occasion of a fact dated back to the baseline's own days
        # ("The road to Anchorage began in Riyadh in February, ...")
        if occ is not None and (occ.after_baseline or (occ.new_place and not recap)):
            reason["occasion"] = {"dates": list(occ.dates), "places": list(occ.places)}
            return out("new", 0.8, "different occasion", base_fact)
        if info.other_occasion and (info.events or _CONTRAST.search(f.text)):
            return out("new", 0.75, "another occasion", base_fact)
        named = [
            p
            for p in info.ref_places
            if p not in self.places
            and PLACE_TO_COUNTRY.get(p)
            and p != COUNTRY_DISPLAY.get(PLACE_TO_COUNTRY[p], "").lower()
        ]
        if named and info.events:
            # "the Budapest meeting": an event named by a place the story never holds is another occasion
            reason["occasion"] = {"named": named}
            return out("new", 0.75, "another occasion", base_fact)

        # (3) same occasion, another value: the figure of a baseline fact about the same kind of event
        # only the baseline's own occasion can change its figure: "the talks lasted ..." in an article about an
        # event of its own, with no pointer back to the baseline's occasion, is that event's figure
        borrowed = (
            own_event
            and bool(info.definite_event or info.anaphoric)
            and not recap
            and not info.term_set & self.occasion_terms
            and not _CORRECTION.search(f.text)
        )
        if f.quantities and not borrowed:
            known_q = [q for q, _ in self.quantities]
            best_nc: tuple[float, Fact, Change] | None = None
            for bf, bi in self._with_quantities:
                if bf.paragraph < 0 or dates_conflict(f, bf):
                    continue
                ov = overlap(info, bi)
                corrected = bool(_CORRECTION.search(f.text))
                # a counted thing only one baseline fact counts ("three points" / "four principles") is a slot
                # ... unless written as a compound that describes something else ("a 28-point plan")
                slot_unit = any(
                    q.unit == bq.unit
                    and q.unit not in MEASURE_UNITS
                    and self._unit_df.get(q.unit) == 1
                    and not re.fullmatch(r"[\w.]+-\w+", q.text)
                    for q in f.quantities
                    for bq in bf.quantities
                ) and (not info.core_events or bool(info.core_events & bi.core_events))
                if not slot_unit:
                    if not (info.core_events & bi.core_events) and ov.cov < (0.15 if corrected else 0.3):
                        continue
                    if ov.cov < (0.15 if corrected else 0.2):
                        continue
                # "a 20-point plan" counts the plan's points: a count of something else than "three points"
                counts_other = all(
                    q.unit not in MEASURE_UNITS and re.fullmatch(r"[\w.]+-\w+", q.text) for q in f.quantities
                )
                if counts_other and not corrected:
                    continue
                nc = number_change(f, bf, known_q)
                if nc is not None and (best_nc is None or ov.score > best_nc[0]):
                    best_nc = (ov.score, bf, nc)
            if best_nc is not None:
                _s, bf, nc = best_nc
                reason["compared"] = {"before": nc.before, "after": nc.after}
                return out("changed", 0.75, "number change", bf, nc)

        if best is None or best_doc is None or base_fact is None or base_info is None:
            return out("new", 0.6, "no baseline match", None)
        cov, back = best.cov, best.back
        novel = [t for t in info.term_set if t not in self.vocab and t not in base_info.term_set]
        total_w = math.fsum(weight(t) for t in info.term_set) or 1.0
        nov_w = math.fsum(weight(t) for t in novel) / total_w
        reason["coverage"] = {"fact": round(cov, 3), "baseline": round(back, 3), "novel": round(nov_w, 3)}
        close = cov >= 0.6 and back >= 0.5

        # (4) something the baseline does not hold: a person, a figure, a date of its own
        novel_people = [p for p in info.person_keys if p not in self.people and p not in self.vocab]
        evidence = self._evidence(
            f, info, cands, recap, own_event, position, novel, nov_w, len(novel_people), best_doc
        )
        reason["evidence"] = {
            k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(evidence).items()
        }

        def by_hand() -> Diff:
            if novel_people and not close and not (recap and back >= 0.5):
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
            if dates_conflict(f, base_fact):
                return out("new", 0.7, "date differs", base_fact)

            # (5) wording: the fact is mostly the matched baseline fact, and adds nothing the story does not hold
            reason["novel_terms"] = sorted(novel)
            # the figures both readings share were measured once, for the wording model's evidence
            same_figure, cov_main, nov_main = evidence.same_figure, evidence.cov_main, evidence.novel_main
            reason["coverage"]["main"] = round(cov_main, 3)  # type: ignore[index]
            shared_people = (set(info.person_keys) | set(info.role_people)) & (
                set(base_info.person_keys) | set(base_info.role_people)
            )
            recap_restated = bool(recap) and (
                (cov_main >= 0.4 and nov_w <= 0.35)
                or (cov >= 0.3 and len(shared_people) >= 2)
                or (back >= 0.5 and cov >= 0.35)
            )
            if recap:
                reason["recap"] = sorted(recap)
            claim = self._claim_cover(info, base_info)
            reason["coverage"]["claim"] = claim  # type: ignore[index]
            restated = (
                not (info.frame and cov_main < 0.2 and not recap)
                and not evidence.unclaimed
                and (
                    recap_restated
                    or cov >= RESTATED_MIN
                    or (cov_main >= 0.55 and nov_w <= 0.2 and bool(info.frame))
                    or (cov_main >= 0.75 and nov_main <= 0.1 and back >= 0.5 and bool(info.frame))
                    or (back >= 0.5 and nov_w <= 0.2 and cov >= 0.3)
                    or (cov >= 0.4 and nov_w <= 0.15)
                    or (cov >= 0.5 and back >= 0.4 and nov_w <= 0.3)
                    or (same_figure and cov >= 0.35)
                    # a recap by its people ("the two top diplomats agreed to ..."): both named, the claim held
                    or (len(shared_people) >= 2 and cov >= 0.4 and claim is not None and claim[0] >= 0.5)
                )
            )
            if restated:
                if f.quantities and base_fact.quantities and not quantities_match(f, base_fact):
                    return out("new", 0.6, "figures differ", base_fact)
                return out("restated", best.score, "restated", base_fact)
            pair = self._pair_recap(f, info, best_doc, recap) if best_doc is not None else None
            if pair is not None:
                reason["pair"] = pair[1]
                return out("restated", best.score, "restated across two baseline facts", pair[0])
            roster = self._roster_recap(f, info, recap)
            if roster is not None:
                reason["roster"] = sorted(set(info.person_keys) | set(info.role_people))
                return out("restated", best.score, "recap of who attended", roster)
            return out("new", 1 - best.score, "not in baseline", base_fact)

        return self._weigh(by_hand(), evidence, f, info, cands, recap)

    wording_mode = "model"  # "hand" | "model" | "either": how the wording model takes part (see _weigh)

    def _weigh(
        self,
        hand: Diff,
        evidence: WordingEvidence,
        f: Fact,
        info: FactInfo,
        cands: list[tuple[int, Overlap]],
        recap: frozenset[str],
    ) -> Diff:
        """The learned model's say on a fact the wording decides (``factdiff.wording``): restated or new.
        The hand rules' label is kept in the reason, for comparison."""
        hand.reason["hand"] = hand.label
        if self.wording_mode == "hand" or hand.label not in ("new", "restated"):
            return hand
        model = wording_model()
        if model is None:
            return hand
        p = model.probability(evidence.vector())
        hand.reason["p_restated"] = round(p, 3)
        says = p >= model.threshold
        restated = says if self.wording_mode == "model" else says or hand.label == "restated"
        if not restated:
            if hand.label == "new":
                return hand
            return replace(
                hand, label="new", reason={**hand.reason, "rule": "not in baseline (wording model)"}
            )
        if hand.label == "restated":
            return hand
        return replace(
            hand,
            label="restated",
            baseline=hand.baseline or self.items[cands[0][0]][0],
            reason={**hand.reason, "rule": "restated (wording model)"},
        )

    def _unclaimed(
        self, f: Fact, info: FactInfo, bi: FactInfo, recap: frozenset[str], same_figure: bool
    ) -> bool:
        """A fact whose claim the linked baseline fact does not hold, however many names and words they share."""
        if recap or same_figure:
            return False
        claim = self._claim_cover(info, bi)
        people = (set(info.person_keys) | set(info.role_people)) & self.people
        b_people = set(bi.person_keys) | set(bi.role_people)
        return (
            # an act, not a statement, none of whose own words the baseline fact holds
            (
                claim is not None
                and claim[0] == 0
                and (claim[1] <= 2 or bool(info.frame))
                and f.speaker is None
            )
            # a statement about a meeting that would or will happen, whose own words the baseline lacks
            # ("a summit would need thorough preparation" against "agreed to arrange a meeting soon")
            or (
                claim is not None
                and f.speaker is not None
                and claim[1] >= 2
                and claim[0] < 0.6
                and bool(info.term_set & {"meet", "call", "visit"})
                and bool(_MODAL.search(f.text))
            )
            # a claim that is only who met whom: the baseline fact must hold the same people
            or (
                claim is None
                and bool(info.core_events & self._EVENT_TERMS)
                and len(people) >= 2
                and not people <= b_people
            )
        )

    def _evidence(
        self,
        f: Fact,
        info: FactInfo,
        cands: list[tuple[int, Overlap]],
        recap: frozenset[str],
        own_event: bool,
        position: float,
        novel: list[str],
        nov_w: float,
        novel_people: int,
        doc: int,
    ) -> WordingEvidence:
        """The wording evidence for the restated-or-new decision (see ``factdiff.wording``)."""
        bf, bi = self.items[doc]
        best = cands[0][1]
        links = [self._link_score(info, self.items[d][1], ov, recap) for d, ov in cands[:2]]
        main = [t for t in info.term_set if t not in info.frame]
        main_w = math.fsum(weight(t) for t in main) or 1.0
        claim = self._claim_cover(info, bi)
        total = math.fsum(weight(t) for t in info.term_set - recap) or 1.0
        pair = best.cov
        for nb in (doc - 1, doc + 1):
            if 0 <= nb < len(self.items) and self.items[nb][0].paragraph == bf.paragraph:
                union = bi.term_set | self.items[nb][1].term_set
                pair = max(pair, math.fsum(weight(t) for t in info.term_set - recap if t in union) / total)
        mine = set(info.person_keys) | set(info.role_people)
        same = quantities_match(f, bf) and bool(f.quantities) and bool(info.events & bi.events)
        novel_q = [
            q
            for q in f.quantities
            if not any(q.unit == bq.unit and compatible(q, bq) for bq, _ in self.quantities)
        ]
        return WordingEvidence(
            cov=best.cov,
            back=best.back,
            cov_main=math.fsum(weight(t) for t in main if t in bi.term_set) / main_w,
            novel=nov_w,
            novel_main=math.fsum(weight(t) for t in main if t in novel and weight(t) >= 1) / main_w,
            claim_cov=claim[0] if claim is not None else 1.0,
            claim_size=claim[1] if claim is not None else 0,
            pair_cov=pair,
            link=links[0],
            margin=links[0] - links[1] if len(links) > 1 else links[0],
            shared_people=len(mine & (set(bi.person_keys) | set(bi.role_people))),
            story_people=len(mine & self.people),
            novel_people=novel_people,
            novel_figures=len(novel_q),
            recap=bool(recap),
            past=bool(self._PAST.search(f.text)),
            framed=bool(info.frame),
            speaker=f.speaker is not None,
            modal=bool(_MODAL.search(f.text)),
            same_figure=same,
            pluperfect=bool(_PLUPERFECT.search(f.text)),
            quoted=f.quote is not None,
            unclaimed=self._unclaimed(f, info, bi, recap, same),
            habitual=bool(_HABITUAL.search(f.text)),
            back_reference=bool(_BACK_REFERENCE.search(f.text)),
            position=position,
            own_event=own_event,
            length=len(info.term_set),
        )

    def _pair_recap(
        self, f: Fact, info: FactInfo, doc: int, recap: frozenset[str]
    ) -> tuple[Fact, float] | None:
        """A recap of two neighbouring baseline facts at once ("Waltz was one of the three Americans who sat
        down with Lavrov and Ushakov"): covered by their union, with people from both; linked to the fact that
        holds the recap's subject (its first-named person)."""
        if f.quantities or not (recap or len(info.person_keys) >= 2):
            return None
        bf, bi = self.items[doc]
        people = set(info.person_keys) | set(info.role_people)
        total = math.fsum(weight(t) for t in info.term_set - recap) or 1.0
        for nb in (doc - 1, doc + 1):
            if not 0 <= nb < len(self.items) or self.items[nb][0].paragraph != bf.paragraph:
                continue
            nf, ni = self.items[nb]
            union = bi.term_set | ni.term_set
            covered = math.fsum(weight(t) for t in info.term_set - recap if t in union) / total
            mine = people & (set(bi.person_keys) | set(bi.role_people))
            theirs = people & (set(ni.person_keys) | set(ni.role_people))
            claim = self._claim_terms(info)
            if covered >= 0.7 and mine and theirs and len(claim - union) <= len(claim) / 2:
                subject = next((p for p in info.person_keys if p in people), None)
                link = nf if subject in theirs and subject not in mine else bf
                return link, round(covered, 3)
        return None

    def _roster_recap(self, f: Fact, info: FactInfo, recap: frozenset[str]) -> Fact | None:
        """A recap of who sat at the baseline's meeting ("Waltz was among the officials who met Lavrov and
        Ushakov"): only the story's people who attended it (by one baseline fact or two neighbouring ones), a
        meeting and no claim of its own; linked to the fact that holds the recap's subject."""
        people = [p for p in dict.fromkeys([*info.person_keys, *info.role_people])]
        past = bool(recap) or bool(self._PAST.search(f.text))
        if f.quantities or f.speaker is not None or len(people) < (2 if past else 3):
            return None
        if (
            not set(people) <= self.people
            or not (info.core_events <= {"meet"})
            or "meet" not in info.term_set
        ):
            return None
        for i, (bf, bi) in enumerate(self.items):
            if "meet" not in bi.core_events and "attend" not in bi.term_set:
                continue
            group = [(bf, bi)]
            if i + 1 < len(self.items) and self.items[i + 1][0].paragraph == bf.paragraph:
                group.append(self.items[i + 1])
            held = [set(gi.person_keys) | set(gi.role_people) for _gf, gi in group]
            if not set(people) <= set().union(*held):
                continue
            union = set().union(*(gi.term_set for _gf, gi in group))
            claim = self._claim_terms(info) - union - recap
            if len(claim) > 1:
                continue
            return next((gf for (gf, _gi), h in zip(group, held, strict=True) if people[0] in h), bf)
        return None

    # the kind of event and the words for who took part: not the claim itself
    _EVENT_TERMS = frozenset(
        {
            "meet",
            "call",
            "visit",
            "official",
            "government",
            "administration",
            "team",
            "leader",
            "president",
            "minister",
            "sid",
            "country",
            "party",
            "envoy",
        }
    )

    def _claim_terms(self, info: FactInfo) -> frozenset[str]:
        """The claim's own words: its main clause without people and the words describing them (titles),
        places, countries, figures and the kind of event ("Zelensky attended the summit" -> {attend})."""
        cached = self._claims.get(id(info))
        if cached is not None and cached[0] is info:
            return cached[1]
        people = set(info.person_keys) | set(info.role_people) | info.name_terms | info.title_terms
        claim = frozenset(
            t
            for t in info.term_set - info.frame
            if weight(t) >= 1
            and t not in people
            and t not in self.place_terms
            and t not in self._EVENT_TERMS
            and not t.startswith("q:")
        )
        self._claims[id(info)] = (info, claim)
        return claim

    def _claim_cover(self, info: FactInfo, bi: FactInfo) -> tuple[float, int] | None:
        """Share of the claim's own words (see ``_claim_terms``) that the baseline fact holds, and their
        number: "Zelensky attended the summit" shares only a name and an event with "Zelensky ... learned about
        the talks from media reports". None when the claim has no words of its own."""
        claim = self._claim_terms(info)
        if not claim:
            return None
        return round(sum(1 for t in claim if t in bi.term_set) / len(claim), 3), len(claim)

    def _fact_with_role(self, person: str, role: str) -> Fact | None:
        words = [w for w in role.split() if len(w) > 3]
        best = None
        for f, info in self.items:
            if person in info.person_keys:
                hit = sum(1 for w in words if w in f.sentence.lower())
                if best is None or hit > best[0]:
                    best = (hit, f)
        return best[1] if best else None
