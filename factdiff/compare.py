"""Pairwise reading of a later fact against baseline facts: term coverage, the occasion test, typed changes.

Order matters and mirrors how an editor reads: is it the same occasion (date, place, "another round")? If not,
it is news however familiar the words. If it is, does one slot carry another value (number, person in a role,
status, place, alignment)? Only then does wording overlap decide "restated".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .dates import date_range, overlaps
from .entities import Gazetteer, RoleMention
from .extract import FactInfo, status_phrase
from .lexicon import (
    COUNTRY_DISPLAY,
    GOVERNMENT_FORMS,
    PLACE_TO_COUNTRY,
    RENAMED_TITLES,
    ROLE_CLASSES,
    TITLE_HEADS,
    is_city,
)
from .models import Change, Fact, Quantity
from .numbers import compatible
from .text import content_terms, weight

APPOINT_CUES = frozenset(
    {
        "named",
        "appointed",
        "nominated",
        "tapped",
        "picked",
        "chosen",
        "promoted",
        "became",
        "becomes",
        "replaced",
        "replacing",
        "succeeded",
        "succeeding",
        "new",
        "interim",
        "acting",
        "now",
        "reassigned",
        "moved",
    }
)
REMOVAL_CUES = frozenset(
    {"former", "removed", "ousted", "fired", "dismissed", "resigned", "stepped down", "demoted"}
)
PAST_CUES = frozenset({"previously", "formerly"})
_REMOVAL_VERB = re.compile(
    r"\b(?:left|leave|leaves|leaving|quit|quits|lost|vacated|vacate)\s+(?:his|her|the|their)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:post|job|position|office|role|"
    r"seat)\b|\b(?:resigned|resigns|resign|stepped down|steps down|step down|removed|ousted|fired|dismissed|sacked|"
    r"out as|be replaced|"
    r"departure|no longer serves?)\b",
    re.I,
)


_REMOVED = re.compile(r"^(?:removed|ousted|fired|dismissed|sacked|demoted)$", re.I)
_LEAVING = re.compile(
    r"^(?:leave|leaves|leaving|step down|steps down|resign|resigns|be replaced|departure)$", re.I
)


def _removal_phrase(verb: str) -> str:
    """A removal verb as a short after-value: "removed from the post", "leaving the post", "left the post"."""
    v = re.sub(r"\s+(?:his|her|the|their)\s+\w+$", "", verb.lower()).strip()
    if _REMOVED.match(v):
        return "removed from the post"
    if _LEAVING.match(v):
        return "leaving the post"
    return "left the post"


def _who(gaz: Gazetteer, key: str) -> str:
    return gaz.full_names.get(key, key.title())


def _in_office(gaz: Gazetteer, holder: str, role: str, person: str, acting: bool) -> tuple[Change, str]:
    """Another person in a baseline office: the change "Holder (role)" -> "Person" or "Person (acting)"."""
    after = f"{_who(gaz, person)} (acting)" if acting else _who(gaz, person)
    return Change("person", f"{_who(gaz, holder)} ({role})", after), holder


def _holder_role(gaz: Gazetteer, key: str, role_cls: str, fallback: str) -> str:
    """The office as the baseline words it for its holder ("national security adviser")."""
    return next((r.role for r in gaz.person_roles.get(key, []) if r.role_class == role_cls), fallback)


@dataclass(frozen=True)
class Overlap:
    cov: float  # share of the later fact's term weight found in the baseline fact
    back: float  # share of the baseline fact's term weight found in the later fact
    shared: tuple[str, ...]

    @property
    def score(self) -> float:
        return 0.75 * self.cov + 0.25 * self.back


def descriptor_weight(t: str, fi: FactInfo) -> float:
    """A term's weight, light for the words describing a person (titles, first names): the person's key
    carries who it is."""
    w = weight(t)
    if (t in fi.title_terms or t in fi.name_terms) and t not in fi.person_keys and t not in fi.role_people:
        return min(w, 0.3)
    return w


def overlap(fi: FactInfo, bi: FactInfo) -> Overlap:
    shared = fi.term_set & bi.term_set
    # a title or first name on one side only is no claim of its own; on both sides it confirms the person
    fw = {t: weight(t) if t in shared else descriptor_weight(t, fi) for t in fi.term_set}
    bw = {t: weight(t) if t in shared else descriptor_weight(t, bi) for t in bi.term_set}
    sw = math.fsum(fw[t] for t in shared)
    cov = sw / math.fsum(fw.values()) if fw else 0.0
    back = sw / math.fsum(bw.values()) if bw else 0.0
    return Overlap(cov, back, tuple(sorted(shared)))


def _role_equiv(a: RoleMention, b: RoleMention) -> bool:
    if a.role_class == b.role_class:
        return True
    ra, rb = a.role, b.role
    # "envoy for middle east" ~ "special envoy for middle east"; "special envoy" ~ "special envoy for X"
    return ra.endswith(rb) or rb.endswith(ra) or rb.startswith(ra) or ra.startswith(rb)


# an office by its full title, or by its field alone ("the national security post")
_OFFICE_FIELDS = {" ".join(k.split()[:-1]): k for k in ROLE_CLASSES if len(k.split()) >= 3}
_OFFICE = "|".join(sorted((re.escape(k) for k in [*ROLE_CLASSES, *_OFFICE_FIELDS]), key=len, reverse=True))
# doing an office's work: "take on the role of ...", "look after the White House national security portfolio",
# "running the National Security Council", "stepped in as ..."
_DUTY_VERB = (
    r"(?:do|does|doing|did|take over|took over|takes over|taking over|take on|took on|takes on|taking on|"
    r"assume|assumed|assumes|assuming|fill|filled|hold|holds|held|holding|handle|handled|handles|handling|"
    r"carry out|carries out|carried out|perform|performs|performed|run|runs|ran|running|look after|looks after|"
    r"looked after|looking after|oversee|oversees|oversaw|overseeing|cover|covers|covered|covering)"
)
_TAKE_OVER = re.compile(
    rf"\b(?:{_DUTY_VERB}\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){{0,2}}(?P<a>{_OFFICE})"
    rf"(?:['’]s)?\s+(?:job|role|post|duties|portfolio|position|council|brief)"
    rf"|{_DUTY_VERB}\s+(?:the\s+)?(?:job|role|post|duties|position|office|portfolio)\s+of\s+(?:the\s+)?(?P<d>{_OFFICE})"
    rf"|(?:as|be|become|became|named|appointed)\s+(?:the\s+)?(?:interim|acting|new)\s+(?P<b>{_OFFICE})"
    rf"|(?:(?:take|took|takes)\s+over|(?:step|steps|stepped|stand|stands|stood|fill|fills|filled)\s+in)\s+as\s+"
    rf"(?:the\s+)?(?P<c>{_OFFICE}))\b",
    re.I,
)
_LEAVE_OFFICE = re.compile(
    rf"\b(?P<v>left|leave|leaves|leaving|quit|quits|vacated|vacate|resign(?:ed|s)? from)\s+(?:the\s+)?"
    rf"(?P<o>{_OFFICE})(?:['’]s)?\s+(?:job|role|post|position|office)\b",
    re.I,
)
_QUIT_POST = re.compile(
    r"\b(?:(?:left|quit|vacated|lost)\s+(?:his|her|their)|no longer (?:in|holds?|holding)\s+(?:his|her|their|the))\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:post|job|position|office)\b",
    re.I,
)
_UNTIL = re.compile(
    rf"\b(?:was|were|served as|had been)\s+(?:the\s+)?(?:(?:U\.S\.|[A-Z][\w.]*)\s+)?(?P<o>{_OFFICE})\s+until\b",
    re.I,
)
_TRANSITIVE_REMOVAL = re.compile(r"^(?:removed|ousted|fired|dismissed|sacked)$", re.I)


def _takes_over(
    fact: Fact, fi: FactInfo, gaz: Gazetteer, known_people: set[str]
) -> tuple[Change, str] | None:
    """A known person doing a baseline office "on an interim basis" / "as acting ..." / "taking over as ..."."""
    m = _TAKE_OVER.search(fact.text)
    if m is None:
        return None
    office = (m.group("a") or m.group("b") or m.group("c") or m.group("d")).lower()
    office = _OFFICE_FIELDS.get(office, office)
    cls = ROLE_CLASSES.get(office, office)
    subject = next(
        (p for p in fi.person_keys if p in known_people and fact.text.find(p.title()) < m.start()), None
    )
    if subject is None:
        return None
    holder = gaz.holder(cls, gaz.person_country.get(subject))
    if holder is None or holder == subject:
        return None
    role = _holder_role(gaz, holder, cls, office)
    return _in_office(gaz, holder, role, subject, bool(_ACTING.search(fact.text)))


_ACTING = re.compile(
    r"\b(?:interim|acting|temporar\w*|until|in the meantime|for the time being|for now|stand-in|caretaker)\b",
    re.I,
)
_RENAME_CUE = re.compile(
    r"\b(?:titled?|titles|styled?|styles|styling|renamed|rebranded|(?:new|second|old) name|"
    r"now (?:also )?(?:called|known as))\b",
    re.I,
)
_OFFICE_RE = re.compile(rf"\b(?:{_OFFICE})\b", re.I)
_TITLE_CUE = re.compile(
    r"\b(?:title|titled|styled|renamed|retitled|redesignated|now|formally|officially|became|become)\b[^.;]*$",
    re.I,
)


def _retitled(fact: Fact, fi: FactInfo, gaz: Gazetteer, known_people: set[str]) -> tuple[Change, str] | None:
    """A known person's office under a new official title ("Secretary of War" for "defense secretary"): a title
    of the renamed-titles lexicon, or any other wording of the office next to a cue ("styled", "the title")."""
    cue = _RENAME_CUE.search(fact.text)
    for m in _OFFICE_RE.finditer(fact.text):
        office = m.group(0).lower()
        if not cue and office not in RENAMED_TITLES:
            continue
        cls = ROLE_CLASSES.get(_OFFICE_FIELDS.get(office, office), office)
        field = set(office.split()) - TITLE_HEADS - {"of", "the", "for"}
        for p in fi.person_keys:
            if p not in known_people:
                continue
            br = next((r for r in gaz.person_roles.get(p, []) if r.role_class == cls), None)
            if br is not None and field and not field & set(br.role.split()):
                return Change("role", f"{_who(gaz, p)}, {br.role}", office), p
    return None


_MOVE_VERB = re.compile(
    r"\b(?:nominat(?:e|es|ed|ing)|appoint(?:s|ed|ing)?|confirm(?:s|ed|ing)?|nam(?:e|es|ed|ing)|tap(?:s|ped|ping)?|"
    r"pick(?:s|ed|ing)?|chose|chosen|choos(?:e|es|ing)|install(?:s|ed|ing)?|sworn in|swore in)\b",
    re.I,
)


def _moved(fact: Fact, fi: FactInfo, gaz: Gazetteer, known_people: set[str]) -> tuple[Change, str] | None:
    """A baseline person put into another office: "Trump will nominate Waltz as UN ambassador", "Waltz was
    confirmed by the Senate as ambassador"."""
    for verb in _MOVE_VERB.finditer(fact.text):
        for rm in fi.roles:
            at = fact.text.find(rm.text) if rm.text else -1
            if at <= verb.end():
                continue
            between = fact.text[verb.end() : at]
            predicated = rm.cue == "as" or re.search(
                r"\bto (?:be|become|serve as)\s+(?:the\s+)?(?:next\s+|new\s+)?$", between
            )
            if not predicated or len(between) > 80 or re.search(r"\bthat\b", between):
                continue
            if not re.search(r"\b(?:as|be|become)\b", between):
                continue
            named = [p for p in known_people if re.search(rf"\b{re.escape(p)}\b", between, re.I)]
            if rm.person in known_people:
                person: str | None = rm.person
            elif len(named) == 1:
                person = named[0]  # the object: "nominate Mike Waltz as ..."
            else:
                before = fact.text[: verb.start()]
                passive = re.search(
                    r"\b(?:was|were|is|be|been|being|has been|had been)\s+(?:\w+\s+)?$", before
                )
                earlier = [
                    (m.start(), p)
                    for p in fi.person_keys
                    if p in known_people
                    for m in re.finditer(rf"\b{re.escape(p)}\b", before, re.I)
                ]
                person = max(earlier)[1] if passive and earlier else None
            base_roles = gaz.person_roles.get(person or "", [])
            if (
                person is None
                or not base_roles
                or any(_role_equiv(rm, br) or br.role_class == rm.role_class for br in base_roles)
            ):
                continue
            return Change("role", f"{_who(gaz, person)}, {base_roles[0].role}", rm.role), person
    return None


def _office_left(
    fact: Fact, gaz: Gazetteer, people: list[str], office: str, at: int, after: str
) -> tuple[Change, str] | None:
    """The person named before ``at`` who held ``office`` in the baseline, no longer in it."""
    office = office.lower()
    cls = ROLE_CLASSES.get(_OFFICE_FIELDS.get(office, office), office)
    for p in people:
        hit = next((br for br in gaz.person_roles.get(p, []) if br.role_class == cls), None)
        if hit is not None and fact.text.lower().find(p) < at:
            return Change("role", f"{_who(gaz, p)}, {hit.role}", after), p
    return None


def role_change(
    fact: Fact, fi: FactInfo, gaz: Gazetteer, known_people: set[str]
) -> tuple[Change, str] | None:
    """A baseline person in another office, or another person in a baseline office.

    Returns the change and the person key whose baseline office it concerns.
    """
    sentence_people = [p for p in fi.person_keys if p in known_people]
    removal = _REMOVAL_VERB.search(fact.text)
    taken = (
        _takes_over(fact, fi, gaz, known_people)
        or _retitled(fact, fi, gaz, known_people)
        or _moved(fact, fi, gaz, known_people)
    )
    if taken is not None:
        return taken
    # (a) a baseline office held by someone else now
    for rm in fi.roles:
        if rm.person and rm.role_class in {r for (r, _c) in gaz.role_holders}:
            if any(_role_equiv(rm, br) for br in gaz.person_roles.get(rm.person, [])):
                continue  # the baseline's own holder of this office
            country = rm.country or gaz.person_country.get(rm.person)
            if country is None and len(fi.countries) == 1 and rm.person not in known_people:
                country = next(iter(fi.countries))
            if country is None:
                continue  # an office named without its country ("Foreign Minister X") is not comparable
            holder = gaz.holder(rm.role_class, country)
            if holder and holder != rm.person and rm.cue not in PAST_CUES and rm.cue != "former":
                if rm.country is None and gaz.person_country.get(rm.person) not in (
                    None,
                    gaz.person_country.get(holder),
                ):
                    continue
                role = _holder_role(gaz, holder, rm.role_class, rm.role)
                return _in_office(gaz, holder, role, rm.person, rm.cue in ("acting", "interim"))
    until = _UNTIL.search(fact.text)
    if until is not None:
        # "Waltz was national security adviser until May": the office held no longer
        held = _office_left(fact, gaz, sentence_people, until.group("o"), until.start("o"), "left the post")
        if held is not None:
            return held
    quit_post = _QUIT_POST.search(fact.text)
    if quit_post is not None and not fi.roles:
        # "Waltz has since left his White House post": the subject's one baseline office, though unnamed
        before = fact.text[: quit_post.start()]
        named = [
            (m.start(), p)
            for p in sentence_people
            for m in re.finditer(rf"\b{re.escape(p)}\b", before, re.I)
            if len(gaz.person_roles.get(p, [])) == 1
        ]
        if named:
            who = max(named)[1]
            br = gaz.person_roles[who][0]
            return Change("role", f"{_who(gaz, who)}, {br.role}", _removal_phrase(quit_post.group(0))), who
    left = _LEAVE_OFFICE.search(fact.text)
    if left is not None:
        # (b0) "will leave the national security adviser's post": the office named as the post's owner
        gone = _office_left(
            fact, gaz, sentence_people, left.group("o"), left.start(), _removal_phrase(left.group("v"))
        )
        if gone is not None:
            return gone
    for rm in fi.roles:
        # (b) a baseline office-holder leaving it ("X removed Y as ...": the office is Y's, after the verb)
        subject_side = rm.text and 0 <= fact.text.find(rm.text) < (removal.start() if removal else 0)
        if removal and _TRANSITIVE_REMOVAL.match(removal.group(0)) and subject_side:
            continue
        after_verb = bool(rm.text) and fact.text.find(rm.text) > (
            removal.start() if removal else len(fact.text)
        )
        if removal and rm.cue not in PAST_CUES and (after_verb or rm.cue in REMOVAL_CUES):
            for p in [rm.person] if rm.person else sentence_people:
                base = gaz.person_roles.get(p or "", [])
                hit = next((br for br in base if _role_equiv(rm, br)), None)
                if hit is not None and p is not None:
                    return Change("role", f"{_who(gaz, p)}, {hit.role}", _removal_phrase(removal.group(0))), p
        person = rm.person
        if person is None and rm.cue and len(sentence_people) == 1:
            person = sentence_people[0]
        cue = rm.cue
        at = fact.text.find(rm.text) if rm.text else -1
        titled = [person] if person is not None else []
        if person is None and at > 0 and _TITLE_CUE.search(fact.text[max(0, at - 70) : at]):
            # "X, whom Trump first sent as his envoy, now carries the title of ...": the title is the subject's,
            # or that of the person the "whose title" clause hangs on; whoever held a title of its kind
            titled = [p for p in sentence_people if p in gaz.person_roles]
        # (c0) a known person under a title of the same kind with another remit, without any cue
        # ("Witkoff, special envoy for peace missions" against "special envoy for the Middle East")
        if cue not in PAST_CUES | REMOVAL_CUES and " for " in rm.role:
            head, remit = rm.role.split(" for ", 1)
            for who in titled:
                for br in gaz.person_roles.get(who, []):
                    b_head, _s, b_remit = br.role.partition(" for ")
                    if b_remit and b_head.split()[-1] == head.split()[-1] and b_remit != remit:
                        return Change("role", f"{_who(gaz, who)}, {br.role}", rm.role), who
        # (c) a known person, with an appointment or removal cue, in an office unlike the baseline's
        if person in gaz.person_roles and cue in APPOINT_CUES | REMOVAL_CUES:
            base_roles = gaz.person_roles[person]
            if cue in REMOVAL_CUES and any(_role_equiv(rm, br) for br in base_roles):
                br = next(br for br in base_roles if _role_equiv(rm, br))
                after = f"former {rm.role}" if cue == "former" else _removal_phrase(cue)
                return Change("role", f"{_who(gaz, person)}, {br.role}", after), person
            if cue in APPOINT_CUES and not any(_role_equiv(rm, br) for br in base_roles):
                br = base_roles[0]
                return Change("role", f"{_who(gaz, person)}, {br.role}", rm.role), person
    return None


_TRANSITIONS = {
    ("cancelled", "happened"),
    ("cancelled", "planned"),
    ("planned", "cancelled"),
    ("planned", "happened"),
}


_METONYMS = GOVERNMENT_FORMS - {"washington", "moscow", "kyiv", "beijing"}


def _targets(fi: FactInfo) -> set[str]:
    """Where an event is (to be) held: places named in the fact, as countries; metonyms such as "Kremlin" are
    speakers, not destinations."""
    return {PLACE_TO_COUNTRY.get(p) or p for p in fi.places if p not in _METONYMS}


_OWN_EVENT = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:visit|trip|journey|tour|call|meeting|talks|summit|arrival|attendance)\b"
)


def _actors(f: Fact, fi: FactInfo, *, with_speaker: bool = False) -> set[str]:
    """People who take part: not the speaker, not someone named only as an owner ("Trump's envoy")."""
    speaker = (f.speaker or "").split()[-1].lower() if f.speaker and not with_speaker else ""
    low = f.text.lower()
    out = set()
    for p in fi.person_keys:
        if p == speaker:
            continue
        spots = [m.end() for m in re.finditer(rf"\b{re.escape(p)}\b", low)]
        # "Trump's envoy" names an owner; "Zelensky's postponed visit" names who travels
        if spots and all(low[e : e + 2] in ("'s", "’s") and not _OWN_EVENT.match(low, e + 2) for e in spots):
            continue
        out.add(p)
    return out


def status_change(
    f: Fact, fi: FactInfo, b: Fact, bi: FactInfo, parties: frozenset[str] = frozenset()
) -> Change | None:
    """planned -> cancelled -> happened for the same actors' one kind of event at one destination.

    ``parties``: the countries of the story's sides (a "third country" is none of them)."""
    status = fi.core_status
    if (bi.status, "happened") in _TRANSITIONS and "happened" in fi.statuses:
        status = "happened"  # "who went ahead with the trip ..., said it would ...": the override counts
    # a meeting the baseline left without a venue, now set for a party's own soil ("would meet Putin in Alaska")
    # "their next meeting", "a follow-up summit": another meeting than the one the baseline planned
    later_meeting = bool(_LATER_MEETING.search(f.text))
    venue_set = (
        bi.status == "planned"
        and status == "planned"
        and bool(_VAGUE_VENUE.search(b.text))
        and not fi.other_occasion
        and not later_meeting
    )
    if not status or not bi.status or ((bi.status, status) not in _TRANSITIONS and not venue_set):
        return None
    if later_meeting and bool(_VAGUE_VENUE.search(b.text)):
        return None  # the baseline's open plan is not the "next meeting" the fact speaks of
    events = (fi.core_events & bi.events) - {"agree", "vote", "appoint"}
    if not events and "visit" in bi.events and "meet" in fi.core_events and status == "happened":
        # "held talks with the crown prince in Jeddah": the trip to Saudi Arabia was made
        events = frozenset({"visit"})
    if not events:
        return None
    b_actors = _actors(b, bi)
    if not b_actors or not b_actors <= _actors(f, fi, with_speaker=True):
        return None
    targets_b = _targets(bi)
    targets_f = _targets(fi)
    if targets_b and not targets_b & targets_f:
        return None
    if status == "cancelled" and not targets_b and targets_f - set(bi.countries):
        return None  # a plan with a venue of its own that the baseline's open plan never named: another plan
    if fi.negated and status == "happened":
        return None
    if status in ("happened", "planned") and bi.status == "planned":
        vague = None if later_meeting else _VAGUE_VENUE.search(b.text)
        # only where the event is held counts as its venue, not a place named as a party or a modifier
        # ("his U.S. counterpart", "Russia and Ukraine would start negotiations")
        where = place_phrase(f.text, fi) if fi.event_places or _SOIL.search(f.text) else ""
        if vague and where:
            # a "third country" named as one of the parties' own: the venue changed; named as another
            # country, the plan only got its venue (a detail, not a change)
            home = {c for c in (*_targets(bi), *parties) if c}
            if "third" in vague.group(0).lower() and home and not targets_f & home:
                return None
            return Change("place", vague.group(0), where)
        if venue_set:
            return None
    return Change("status", status_phrase(b.text, bi.status), status_phrase(f.text, status))


_LATER_MEETING = re.compile(
    r"\b(?:next|later|future|subsequent|follow-up|second)\s+(?:\w+\s+)?(?:meeting|summit|talks)\b", re.I
)
# a venue the baseline leaves open: "in a third country", "at a neutral venue"
_VAGUE_VENUE = re.compile(
    r"\b(?:an?|some)\s+(?:third|neutral|other)\s+(?:country|countries|venue|location|ground)\b", re.I
)


_SOIL = re.compile(r"\b(U\.S\.|[A-Z][a-z]+)\s+(soil|territory|ground)\b")


def place_phrase(text: str, fi: FactInfo) -> str:
    """Where a fact's event is, as readers know it: "Anchorage, Alaska (U.S.)"."""
    low = text.lower()
    places = [p for p in fi.event_places or fi.places if p not in _METONYMS and p in low]
    if not places:
        soil = _SOIL.search(text)
        country = PLACE_TO_COUNTRY.get(soil.group(1).lower()) if soil else None
        return f"{COUNTRY_DISPLAY.get(country, country)} {soil.group(2).lower()}" if soil and country else ""
    places.sort(key=low.find)
    shown = []
    for p in places:
        i = low.find(p)
        shown.append(text[i : i + len(p)] if i >= 0 else p.title())
    # a neighbour place of the same country written right after ("Anchorage, Alaska")
    first = places[0]
    countries = {PLACE_TO_COUNTRY.get(p) for p in places}
    for other in fi.places:
        if other not in places and PLACE_TO_COUNTRY.get(other) in countries and is_city(other):
            j = low.find(other)
            if 0 <= j - (low.find(first) + len(first)) <= 2:
                shown.append(text[j : j + len(other)])
    country = next((PLACE_TO_COUNTRY[p] for p in places if PLACE_TO_COUNTRY.get(p)), None)
    out = ", ".join(dict.fromkeys(shown))
    if country and all(is_city(p) for p in places):
        out += f" ({COUNTRY_DISPLAY.get(country, country)})"
    return out


def stance_change(
    fi: FactInfo, base: list[tuple[Fact, FactInfo]], parties: set[str] | None = None
) -> tuple[Change, Fact] | None:
    """The same side now aligned with another party ("aligned with Europe" -> "voted alongside Russia").

    ``parties``: the story's principal countries; siding with a bystander ("stood with the host") is no
    change of camp."""
    for subj, partner in fi.alignments:
        if subj is None or partner == subj or (parties is not None and partner not in parties):
            continue
        partners = {bp for _b, bi in base for bs, bp in bi.alignments if bs == subj}
        if not partners or partner in partners:
            continue
        for b, bi in base:
            for bsubj, bpartner in bi.alignments:
                if bsubj == subj:
                    before = COUNTRY_DISPLAY.get(bpartner, bpartner)
                    after = COUNTRY_DISPLAY.get(partner, partner)
                    return Change("stance", f"aligned with {before}", f"aligned with {after}"), b
    return None


_WITHDRAWN = re.compile(
    r"\b(?:paus|halt|suspend|freez|froze|cut(?:s|ting)? off|stopp?|end)\w*\s+(?:all\s+|its\s+|further\s+)?"
    r"(?:[\w.-]+\s+){0,2}?(?:aid|assistance|support|arms deliveries|weapons deliveries|intelligence sharing)\b"
    r"(?P<rest>[^.;]*)",
    re.I,
)


_ON_HOLD = re.compile(
    r"\bput(?:s|ting)?\s+(?:all\s+)?(?:of\s+)?(?:its\s+|the\s+)?(?:[\w.-]+\s+){0,2}?(?:aid|assistance|support|"
    r"arms deliveries|weapons deliveries|intelligence sharing)\b(?P<rest>[^.;]*?)\bon hold\b",
    re.I,
)


def _countries_named(text: str) -> set[str]:
    low = f" {text.lower()} "
    return {c for p, c in PLACE_TO_COUNTRY.items() if c and re.search(rf"[^\w.]{re.escape(p)}(?![\w])", low)}


def support_withdrawn(f: Fact, fi: FactInfo, base: list[tuple[Fact, FactInfo]]) -> tuple[Change, Fact] | None:
    """A side that the baseline says backed a party ("aligned with Europe in supporting Ukraine with military
    aid") now halting that backing ("Washington paused military aid to Kyiv")."""
    m = _WITHDRAWN.search(f.text) or _ON_HOLD.search(f.text)
    if m is None or fi.negated:
        return None
    before_verb = f.text[: m.start()]
    if re.search(r"\b(?:lift|end|resum|revers|restor|undo)\w*\s+(?:its\s+|the\s+|a\s+)?$", before_verb, re.I):
        return None  # "lift its pause on ...": the backing resumes
    target = _countries_named(m.group(0))
    subjects = _countries_named(before_verb)
    for b, bi in base:
        for subj, _partner in bi.alignments:
            if subj is None or "support" not in b.text.lower():
                continue
            helped = {c for c in bi.countries if c != subj}
            names_subject = subj in subjects
            hit = sorted(c for c in helped & target if c)
            if names_subject and hit:
                what = m.group(0)[: len(m.group(0)) - len(m.group("rest"))].strip()
                return Change("stance", f"supporting {COUNTRY_DISPLAY.get(hit[0], hit[0])}", what), b
    return None


def number_change(f: Fact, b: Fact, known: list[Quantity] | None = None) -> Change | None:
    """A figure of ``f`` that contradicts the same kind of figure in ``b`` (and no other baseline figure)."""
    for q in f.quantities:
        if known and any(k.unit == q.unit and compatible(q, k) for k in known):
            continue
        for bq in b.quantities:
            if q.unit == bq.unit and q.unit and not compatible(q, bq):
                return Change("number", bq.text, q.text)
    return None


def quantities_match(f: Fact, b: Fact) -> bool:
    return any(q.unit == bq.unit and compatible(q, bq) for q in f.quantities for bq in b.quantities)


def date_after(value: str, day_limit: object) -> bool:
    rng = date_range(value)
    return bool(rng and rng[0] > day_limit)  # type: ignore[operator]


def dates_conflict(f: Fact, b: Fact) -> bool:
    """Both facts carry resolved dates and none of them can be the same day."""
    if not f.dates or not b.dates:
        return False
    results = [overlaps(a, c) for a in f.dates for c in b.dates]
    known = [r for r in results if r is not None]
    return bool(known) and not any(known)


_RATHER = re.compile(
    r"(?:\brather than|\binstead of|,\s+not)\s+(?:(?:in|at|on)\s+)?(?:an?\s+|the\s+)?(?P<y>[^,.;]{3,50})",
    re.I,
)


def contrast_change(f: Fact, fi: FactInfo, base: list[tuple[Fact, FactInfo]]) -> tuple[Change, Fact] | None:
    """A place set against the baseline's ("on U.S. soil rather than in a neutral country")."""
    for m in _RATHER.finditer(f.text):
        # the contrasted thing alone, not the clause that attributes it ("..., as the Kremlin had said")
        y = re.split(r"\s+(?:as|which|that|where|like|when)\s+", m.group("y"), maxsplit=1)[0]
        y_terms = {t for t in content_terms(y) if weight(t) >= 1}
        where = place_phrase(f.text[: m.start()], fi)
        if not y_terms or not where:
            continue
        # the baseline's open venue ("a third country") first: it is what a named venue is set against
        for b, bi in sorted(base, key=lambda bb: _VAGUE_VENUE.search(bb[0].text) is None):
            hit = y_terms & bi.term_set
            if fi.core_events and not (fi.core_events & bi.events - {"agree", "vote"}):
                continue
            if len(hit) * 2 < len(y_terms) or not (fi.core_events or _VAGUE_VENUE.search(b.text)):
                continue
            vague = _VAGUE_VENUE.search(b.text)
            named = [p for p in (*bi.event_places, *bi.places) if set(content_terms(p)) & y_terms]
            before = vague.group(0) if vague else (named[0].title() if named else "")
            if before and before.lower() not in where.lower():
                return Change("place", before, where), b
    return None


_FILLED = re.compile(
    r"\b(?:role|post|job|position|office|duties|portfolio)\s+(?:will|would|is to|is going to|was|has|had|is)?\s*"
    r"(?:be|been)?\s*(?:filled|held|taken over|handled|assumed|done|covered)\s+(?:\w+\s+){0,4}?by\b",
    re.I,
)


_FILLS = re.compile(
    rf"\b{_DUTY_VERB}\s+(?:the|his|her)\s+(?:[\w'’-]+\s+){{0,2}}?(?:role|post|job|position|duties|portfolio)\b",
    re.I,
)


def filled_by(
    fact: Fact, fi: FactInfo, gaz: Gazetteer, office: tuple[str, str] | None
) -> tuple[Change, str] | None:
    """ "the role will be filled by X": another person in the office the article has just spoken of."""
    if office is None:
        return None
    holder, role = office
    m = _FILLED.search(fact.text)
    if m is not None:
        after_text = fact.text[m.end() :].lower()
        subject = next((p for p in fi.person_keys if p in after_text and p != holder), None)
    else:
        # the active voice: "Rubio will take on the adviser's duties", "Rubio would fill the post in the interim"
        m = _FILLS.search(fact.text)
        if m is None:
            return None
        before_text = fact.text[: m.start()].lower()
        subject = next((p for p in fi.person_keys if p in before_text and p != holder), None)
    if subject is None:
        return None
    return _in_office(gaz, holder, role, subject, bool(_ACTING.search(fact.text)))
