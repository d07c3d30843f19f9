"""From paragraphs to facts: sentences, clause-level claims, and what each claim holds (people, places,
quantities, dates, speaker, event kind, status, stance).

``Fact`` is the public record; ``FactInfo`` is the richer reading the comparison needs, computed once per fact
and kept next to it (it is derived data, so it is not part of the stored model).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .dates import extract_dates
from .entities import KINGDOM_REF, Entities, Gazetteer, RoleMention, country_of_subject, extract_entities
from .lexicon import DEMONYMS, KINGDOMS, PLACE_TO_COUNTRY, ROLE_CLASSES
from .models import Fact, Quantity
from .numbers import parse_quantities
from .split import is_fact_sentence, split_clauses, split_sentences
from .text import content_terms, frame_terms, strip_frames

# Event kinds read from verbs and nouns; general news vocabulary.
EVENT_PATTERNS: dict[str, re.Pattern[str]] = {
    "meet": re.compile(
        r"\b(?:talks|talked|talking|meeting|meetings|met|meet|meets|summit|negotiations|negotiated|round of|"
        r"consultations|sat down|hosted)\b",
        re.I,
    ),
    "call": re.compile(
        r"\b(?:phone call|call|calls|phoned|telephone|spoke by phone|spoke|speak|phone)\b", re.I
    ),
    "visit": re.compile(
        r"\b(?:visit|visits|visited|visiting|trip|travel|travelled|traveled|made the trip|"
        r"arrived|tour|flew to|flown to|went to|landed in|journey|journeyed|making the trip)\b",
        re.I,
    ),
    "vote": re.compile(r"\b(?:vote|voted|votes|resolution|adopted|abstained|abstentions)\b", re.I),
    "appoint": re.compile(
        r"\b(?:named|appointed|nominated|removed|replaced|fired|dismissed|resigned|"
        r"stepped down|ousted)\b",
        re.I,
    ),
    "agree": re.compile(r"\b(?:agreed|agree|agreement|deal|accord|signed|sign)\b", re.I),
    "ceasefire": re.compile(r"\b(?:ceasefire|truce|halt|pause)\b", re.I),
}
STATUS_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "cancelled",
        re.compile(
            r"\b(?:cancel(?:l?ed|s|l?ing)?|called off|call off|calls off|calling off|postpon(?:ed|es|ing)|"
            r"scrap(?:ped|s|ping)|suspended|shel(?:ved|ves|ving)|put on hold|"
            r"put(?:s|ting)? (?:off|back)|put (?:it|the \w+) off|dropp(?:ed|ing) (?:its |his |her |their )?plans?|"
            r"dropp(?:ed|ing) (?:a|the|his|her|its|their) (?:planned )?(?:visit|trip|meeting|stop))\b",
            re.I,
        ),
    ),
    (
        "planned",
        re.compile(
            r"\b(?:planned|plans? to|planning to|scheduled|will|would|expected to|to arrange|to prepare|"
            r"to organi[sz]e|agreed to|decided to|hopes? to|intends? to|is to|are to|invited|proposed|"
            r"upcoming|soon)\b",
            re.I,
        ),
    ),
    (
        "happened",
        re.compile(
            r"\b(?:held|met|took place|visited|made the trip|making the trip|arrived|traveled|"
            r"(?:made|making) (?:the|his|her|their|a|that) (?:\w+ )?(?:trip|journey|visit)|"
            r"travelled|flew to|flown to|"
            r"went to|landed in|lasted|spoke|ended|concluded|went ahead)\b",
            re.I,
        ),
    ),
]
_NEG = re.compile(r"\b(?:not|no|never|n't|without|no longer|refused|rejected|denied)\b", re.I)
_OTHER_OCCASION = re.compile(
    r"\b(?:another(?! countr)|"
    r"(?:second|third|fourth|fifth)\s+(?:[a-z]+\s+)?(?:round|meeting|call|summit|session|visit|trip|"
    r"conversation|talks|phone call|set of talks|time)\b|"
    # "again" but not a state restored ("working normally again")
    r"(?<!normally )(?<!normal )(?<!running )(?<!working )again|"
    r"next round|new round|follow-up|this time|the same (?:\w+ ){0,2}(?:as|that|who|he|she|they)|"
    r"latest round|further talks|subsequent|renewed|fresh|later talks|second round|"
    r"next meeting)\b",
    re.I,
)


def tells_of_another_occasion(text: str) -> bool:
    """ "again", "a second round", "the next meeting": the fact reports a repeat of an earlier event."""
    return bool(_OTHER_OCCASION.search(text))


_DEFINITE_EVENT = re.compile(
    r"^(?:[A-Z][a-z]+,\s+|[A-Z][\w.'’ -]{0,40}?\s(?:said|says|called|described|told reporters)\s(?:that\s)?)?"
    r"(?:The|the|That|that|This|this|Those|those|These|these)\s+(?:(?!said\b|says\b)[a-z][\w-]*\s+){0,2}?"
    r"(talks|meeting|call|summit|visit|negotiations|session|conversation|"
    r"discussions?|vote)\b"
)
_ALIGN = re.compile(
    r"\b(?:aligned with|alongside|sided with|siding with|sides with|joined|joining|together with|in line with|"
    r"backed|backing|supported|supporting|teamed up with|vot(?:ed|ing|es) with|stood with|standing with|"
    r"lin(?:ed|es|ing) up with|lin(?:ed|es|ing) up behind|took the side of|taking the side of)\s+"
    r"(?:the\s+)?"
    r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)"
)
# the partner before "side": "voted on Moscow's side", "came down on Russia's side"
_ON_SIDE = re.compile(r"\b(?:on|to)\s+([A-Z][\w.-]*)['’]s\s+side\b")
_SPEECH = re.compile(
    r"\b(?:said|says|told|stated|added|stressed|noted|wrote|posted|announced|claimed|insisted|"
    r"warned|described|called)\b"
)
_PRONOUN = re.compile(r"^(?:He|She)\b")
_GROUP_REF = re.compile(r"\b(?:[Tt]he|[Bb]oth)\s+(?:two\s+)?(?:leaders|presidents|men)\b")
# an office in the plural for its holders on each side: "the two top diplomats", "both foreign ministers",
# "the Russian and U.S. foreign ministers", "the two countries' national security advisers"
_PLURAL_ROLE = re.compile(
    r"(?:\b(?:[Tt]he\s+two|[Bb]oth|[Tt]he)\s+|(?=[A-Z][\w.]*['’]s\s+and\s))"
    r"(?:(?P<c1>[A-Z][\w.]*?)(?:['’]s)?\s+and\s+(?P<c2>[A-Z][\w.]*?)(?:['’]s)?\s+|"
    r"(?:two\s+)?(?:countries|nations|sides)['’]\s+)?(?P<role>(?:top|chief)\s+diplomats|diplomats|"
    r"foreign\s+ministers|secretaries\s+of\s+state|defen[cs]e\s+(?:ministers|secretaries|chiefs)|"
    r"(?:national\s+)?security\s+advis[eo]rs|special\s+envoys|envoys|spokesm[ae]n|spokespeople)\b"
)
_PLURAL_CLASS = {
    "diplomats": "foreign_minister",
    "top diplomats": "foreign_minister",
    "chief diplomats": "foreign_minister",
    "foreign ministers": "foreign_minister",
    "secretaries of state": "foreign_minister",
    "spokesmen": "spokesperson",
    "spokespeople": "spokesperson",
}


def _leaders(last_people: list[str], gaz: Gazetteer | None) -> list[str]:
    """Whom "the two leaders" stands for: the people just named, less those the baseline gives another
    office; else the pair the baseline itself calls "the leaders"."""
    if gaz is None:
        return last_people if len(last_people) >= 2 else []
    other = {k for k, roles in gaz.person_roles.items() if all(r.role_class != "president" for r in roles)}
    named = [p for p in last_people if p.split()[-1].lower() not in other]
    return named if len(named) >= 2 else list(gaz.group)


def plural_role_people(text: str, gaz: Gazetteer) -> list[str]:
    """People an office in the plural stands for, learned from the baseline's holders of that office."""
    out: list[str] = []
    for m in _PLURAL_ROLE.finditer(text):
        words = re.sub(r"\s+", " ", m.group("role").lower())
        if words in ("diplomats", "envoys") and not re.match(r"(?i)the two|both", m.group(0)):
            continue
        cls = _PLURAL_CLASS.get(words)
        if cls is None:
            singular = re.sub(r"ies$", "y", words.split(" of ")[0])
            singular = singular[:-1] if singular.endswith("s") else singular
            singular = singular.replace("defence", "defense").replace("advisor", "adviser")
            cls = ROLE_CLASSES.get(singular, singular)
        named = [PLACE_TO_COUNTRY.get((m.group(k) or "").lower().rstrip(".")) for k in ("c1", "c2")]
        countries = [c for c in named if c]
        for p in gaz.holders(cls, countries if len(countries) == 2 else ()):
            if p not in out:
                out.append(p)
    return out


@dataclass
class FactInfo:
    """Derived reading of a fact used by comparison (not stored)."""

    terms: list[str]
    term_set: frozenset[str]
    person_keys: tuple[str, ...]
    places: tuple[str, ...]  # lower-case place names
    countries: frozenset[str]
    orgs: tuple[str, ...]
    events: frozenset[str]
    status: str  # "cancelled" | "planned" | "happened" | ""
    negated: bool
    other_occasion: bool
    definite_event: str  # "talks" when the subject is "The talks" (an event named earlier)
    roles: tuple[RoleMention, ...]
    alignments: tuple[tuple[str | None, str], ...]  # (subject country, partner country/bloc)
    subject_country: str | None
    inherited: dict[str, object] = field(default_factory=dict)  # occasion read from earlier facts
    role_people: tuple[str, ...] = ()  # people a role description stands for ("Russia's top diplomat")
    event_places: tuple[str, ...] = ()  # where the fact's event is: places after in/at/to, not modifiers
    ref_places: tuple[str, ...] = ()  # places naming an event ("the Riyadh talks")
    event_dates: tuple[str, ...] = ()  # dates of the event, not of the statement ("said on Friday")
    anaphoric: bool = False  # opens with a pronoun or a definite noun phrase that points back
    frame: frozenset[str] = frozenset()  # terms only in framing phrases ("when they met in Riyadh")
    core_events: frozenset[str] = frozenset()  # event kinds of the main clause (framing phrases left out)
    core_status: str = ""  # status of the main clause
    statuses: frozenset[str] = frozenset()  # every status the main clause words, background ones included
    name_terms: frozenset[str] = frozenset()  # terms of people's names (first names included)
    title_terms: frozenset[str] = frozenset()  # terms of role phrases ("foreign policy aide")


_BACKGROUND = re.compile(r"(?:\b(?:that|which|who)\b[^,.;]{0,40}|\bhad\s+(?:been\s+)?|\bearlier\s+)$", re.I)


def _status(text: str) -> str:
    """The status the clause asserts; a status in a background relative clause ("the trip that he had called
    off") yields to the main clause's ("making the trip")."""
    found: list[str] = []
    for name, pat in STATUS_PATTERNS:
        for m in pat.finditer(text):
            if not _BACKGROUND.search(text[: m.start()]):
                found.append(name)
                break
    if found:
        return found[0]
    for name, pat in STATUS_PATTERNS:
        if pat.search(text):
            return name
    return ""


_TELLING = frozenset(
    {
        "making the trip",
        "made the trip",
        "made the journey",
        "put off",
        "shelved",
        "went ahead",
        "visited",
        "traveled",
        "travelled",
        "flew to",
        "called off",
        "cancel",
        "canceled",
        "cancelled",
        "scrapped",
        "postponed",
    }
)
_STATUS_WORDS = {
    "went ahead": "went ahead",
    "flown to": "flew to",
    "making the trip": "made the trip",
    "call off": "called off",
    "calls off": "called off",
    "will": "planned",
    "would": "planned",
    "soon": "planned",
}


def status_phrase(text: str, status: str) -> str:
    """The words that give a clause its status ("called off", "made the trip"), for showing a change."""
    for name, pat in STATUS_PATTERNS:
        if name != status:
            continue
        found = list(pat.finditer(text))
        # the most telling words first: a trip made over a meeting held during it
        found.sort(key=lambda m: (m.group(0).lower() not in _TELLING, m.start()))
        if found:
            w = found[0].group(0).lower()
            return _STATUS_WORDS.get(w, w)
    return status


def _speaker(text: str, ents: Entities) -> tuple[str | None, str | None]:
    quote_m = re.search(r'"([^"]{3,})"', text)
    quote = quote_m.group(1).strip(" ,.") if quote_m else None
    speaker: str | None = None
    m = re.search(r"\b[Aa]ccording to ((?:[A-Z][\w.'’-]*\s*|spokesman\s+|spokeswoman\s+)+)", text)
    if m:
        speaker = m.group(1).strip(" ,")
    else:
        sm = _SPEECH.search(text)
        if sm:
            subject = text[: sm.start()]
            names = [p for p in ents.people if p.split()[-1] in subject]
            if names:
                speaker = names[-1]
            elif ents.organisations and any(o in subject for o in ents.organisations):
                speaker = next(o for o in ents.organisations if o in subject)
            else:
                sub = re.match(r"\s*(?:The\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)", subject)
                if sub and len(subject.split()) <= 6:
                    speaker = sub.group(1)
            if quote is None:
                rest = text[sm.end() :]
                rm = re.match(r"\s*(?:that\s+)?(.{12,})", rest)
                if rm and sm.group(0) in (
                    "said",
                    "says",
                    "stated",
                    "added",
                    "stressed",
                    "noted",
                    "warned",
                    "insisted",
                    "announced",
                    "claimed",
                ):
                    quote = rm.group(1).rstrip(". ")
    return speaker, quote


_SIDE = re.compile(r"\b(?:the\s+)?(United States|U\.S\.|[A-Z][a-z]+)(?:\s+(administration|government))?\b")


def _side_before(text: str, gaz: Gazetteer | None) -> str | None:
    """The country named last before an alignment verb ("Under Biden, the United States had aligned with")."""
    side = None
    for m in _SIDE.finditer(text):
        c = PLACE_TO_COUNTRY.get(m.group(1).lower())
        if c:
            side = c
        elif m.group(2) and gaz is not None and m.group(2) in gaz.noun_country:
            side = gaz.noun_country[m.group(2)]
    return side


_LOCATIVE = re.compile(
    r"\b(?i:in|at|near|outside|inside)\s+(?i:the\s+)?(?:[\w.'’-]+\s+){0,3}$|"
    r"\b(?i:to|visit(?:ed|ing|s)?|toured?)\s+(?i:the\s+)?(?:[A-Z][\w.'’-]*\s+)?$"
)
_EVENT_NOUN_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:talks|meeting|meetings|summit|negotiations|consultations|round|format|process|deal|"
    r"agreement|accord|declaration|statement|discussions)\b",
    re.I,
)
SPEECH_DATE = re.compile(
    r"\b(?:said|says|told|wrote|posted|added|stated|announced|confirmed|reported|noted)\b[^,.;]{0,30}?"
    r"\b(?:on|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|[A-Z][a-z]+\s+\d{1,2})\b"
    r"|\b(?:on|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*,?\s+"
    r"(?:said|told|wrote|announced)\b"
)
_ANAPHOR = re.compile(
    r"^(?:He|She|They|It|His|Her|Their|Its|This|That|These|Those|The (?:two|latter|former|same)|Both|"
    r"(?:The|That|This)\s+(?:talks|meeting|call|summit|visit|negotiations|session|conversation|discussions|"
    r"vote|resolution|text|deal|agreement|decision|move|plan|proposal|statement|delegations?|sides|"
    r"leaders|presidents|officials|ministers))\b"
)


def _places_in_role(text: str, places: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split places into where-the-event-is (after in/at/to) and event modifiers ("the Riyadh talks")."""
    where: list[str] = []
    named: list[str] = []
    low = text.lower()
    for p in places:
        pl = p.lower()
        if pl in DEMONYMS or PLACE_TO_COUNTRY.get(pl) == "":
            continue
        i = low.find(pl)
        size = len(p)
        if i < 0 and PLACE_TO_COUNTRY.get(pl) in KINGDOMS:
            km = KINGDOM_REF.search(text)  # the place stands for "the kingdom"
            i, size = (km.start(), km.end() - km.start()) if km else (-1, 0)
        if i < 0:
            continue
        after = text[i + size :]
        if _EVENT_NOUN_AFTER.match(after):
            named.append(pl)
        elif _LOCATIVE.search(text[max(0, i - 40) : i]) and not after.startswith(("'s", "’s")):
            where.append(pl)
    return tuple(where), tuple(named)


def analyse(
    fact: Fact,
    gaz: Gazetteer | None = None,
    ents: Entities | None = None,
    event_dates: tuple[str, ...] | None = None,
) -> FactInfo:
    """Read a fact's kind, status, stance and normalised terms."""
    text = fact.text
    if ents is None:
        ents = extract_entities(text, gaz)
    terms = content_terms(text)
    role_people: list[str] = []
    if gaz is not None:
        for rm in ents.roles:
            if rm.person is None and rm.cue not in ("former", "previously", "formerly"):
                holder = gaz.holder(rm.role_class, rm.country)
                if holder and holder not in role_people:
                    role_people.append(holder)
                    if holder not in terms:
                        terms.append(holder)
        for holder in plural_role_people(text, gaz):
            if holder not in role_people:
                role_people.append(holder)
                if holder not in terms:
                    terms.append(holder)
    for p in fact.people:
        k = p.split()[-1].lower()
        if k not in terms:
            terms.append(k)
    if fact.quantities:
        qwords = set(content_terms(" ".join(q.text for q in fact.quantities)))
        terms = [t for t in terms if t not in qwords]
    terms += [f"q:{q.unit}:{q.value:g}" for q in fact.quantities if q.unit]
    events = frozenset(k for k, pat in EVENT_PATTERNS.items() if pat.search(text))
    aligns: list[tuple[str | None, str]] = []
    subj = country_of_subject(text, gaz)
    for m in (*_ALIGN.finditer(text), *_ON_SIDE.finditer(text)):
        partner = m.group(1).lower().rstrip(".,;:'’")
        pc = PLACE_TO_COUNTRY.get(partner) or PLACE_TO_COUNTRY.get(partner.split()[0])
        if pc:
            aligns.append((_side_before(text[: m.start()], gaz) or subj, pc))
    dm = _DEFINITE_EVENT.search(text)
    where, named = _places_in_role(text, ents.places)
    core = strip_frames(text)
    core_events = frozenset(k for k, pat in EVENT_PATTERNS.items() if pat.search(core))
    return FactInfo(
        terms=terms,
        term_set=frozenset(terms),
        person_keys=tuple(dict.fromkeys([*ents.person_keys, *(p.split()[-1].lower() for p in fact.people)])),
        places=tuple(p.lower() for p in ents.places),
        countries=frozenset(c for c in ents.countries if c),
        orgs=tuple(ents.organisations),
        events=events,
        status=_status(text),
        negated=bool(_NEG.search(text)),
        other_occasion=bool(_OTHER_OCCASION.search(text)),
        definite_event=dm.group(1).lower() if dm else "",
        roles=tuple(ents.roles),
        alignments=tuple(aligns),
        subject_country=subj,
        role_people=tuple(role_people),
        event_places=where,
        ref_places=named,
        event_dates=fact.dates if event_dates is None else event_dates,
        anaphoric=bool(_ANAPHOR.match(text)),
        frame=frame_terms(text),
        core_events=core_events,
        core_status=_status(core),
        statuses=frozenset(name for name, pat in STATUS_PATTERNS if pat.search(core)),
        name_terms=frozenset(t for p in ents.people for t in content_terms(p)),
        title_terms=frozenset(t for rm in ents.roles for t in content_terms(rm.text)) - set(role_people),
    )


def extract_facts_with_info(
    paragraphs: Sequence[str],
    published_at: datetime | None = None,
    gaz: Gazetteer | None = None,
    *,
    learn: bool = False,
) -> list[tuple[Fact, FactInfo]]:
    """Facts of an article body, each with its derived reading. ``learn`` feeds the gazetteer (baseline)."""
    out: list[tuple[Fact, FactInfo]] = []
    last_person: str | None = None
    last_people: list[str] = []
    pos = 0
    for p_idx, para in enumerate(paragraphs):
        for sent in split_sentences(para):
            if not is_fact_sentence(sent):
                continue
            sent_ents = extract_entities(sent, gaz)
            if learn and gaz is not None:
                gaz.learn(sent_ents, sent)
            clauses = split_clauses(sent)
            for clause in clauses:
                ents = sent_ents if len(clauses) == 1 else extract_entities(clause, gaz)
                people = list(ents.people)
                if _PRONOUN.match(clause) and last_person and last_person not in people:
                    people.insert(0, last_person)
                elif _GROUP_REF.search(clause):
                    group = _leaders(last_people, gaz)
                    if learn and gaz is not None and len(last_people) >= 2 and not gaz.group:
                        gaz.group = tuple(last_people)
                    people[:0] = [p for p in group if p not in people]
                speaker, quote = _speaker(clause, ents)
                quantities: tuple[Quantity, ...] = parse_quantities(clause)
                fact = Fact(
                    text=clause,
                    sentence=sent,
                    paragraph=p_idx,
                    position=pos,
                    people=tuple(people),
                    organisations=tuple(ents.organisations),
                    places=tuple(ents.places),
                    quantities=quantities,
                    dates=extract_dates(clause, published_at),
                    speaker=speaker,
                    quote=quote,
                )
                ev_dates = extract_dates(SPEECH_DATE.sub(" ", clause), published_at)
                out.append((fact, analyse(fact, gaz, ents, ev_dates)))
                pos += 1
                if people:
                    last_person = people[0]
                named = [p for p in ents.people if p != speaker]
                if len(named) >= 2:
                    last_people = named
    if learn and gaz is not None:
        gaz.finish()
    return out


def extract_facts(
    paragraphs: Sequence[str], published_at: datetime | None = None, gazetteer: Gazetteer | None = None
) -> list[Fact]:
    """Clause-level facts of an article body, in article order; each keeps its whole source sentence."""
    return [f for f, _ in extract_facts_with_info(paragraphs, published_at, gazetteer)]
