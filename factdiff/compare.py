"""Pairwise reading of a later fact against baseline facts: term coverage, the occasion test, typed changes.

Order matters and mirrors how an editor reads: is it the same occasion (date, place, "another round")? If not,
it is news however familiar the words. If it is, does one slot carry another value (number, person in a role,
status, place, alignment)? Only then does wording overlap decide "restated".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import date_range, overlaps
from .entities import Gazetteer, RoleMention
from .extract import FactInfo
from .lexicon import GOVERNMENT_FORMS, PLACE_TO_COUNTRY, ROLE_CLASSES
from .models import Change, Fact, Quantity
from .numbers import compatible
from .text import weight

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
    r"\b(?:left|leave|leaves|leaving|quit|quits|lost|vacated|vacate)\s+(?:his|her|the|their)\s+(?:post|job|position|office|role|"
    r"seat)\b|\b(?:resigned|resigns|resign|stepped down|steps down|step down|removed|ousted|fired|dismissed|sacked|"
    r"out as|be replaced|"
    r"departure|no longer serves?)\b",
    re.I,
)


@dataclass(frozen=True)
class Overlap:
    cov: float  # share of the later fact's term weight found in the baseline fact
    back: float  # share of the baseline fact's term weight found in the later fact
    shared: tuple[str, ...]

    @property
    def score(self) -> float:
        return 0.75 * self.cov + 0.25 * self.back


def overlap(fi: FactInfo, bi: FactInfo) -> Overlap:
    fw = {t: weight(t) for t in fi.term_set}
    bw = {t: weight(t) for t in bi.term_set}
    shared = fi.term_set & bi.term_set
    sw = sum(fw[t] for t in shared)
    cov = sw / sum(fw.values()) if fw else 0.0
    back = sw / sum(bw.values()) if bw else 0.0
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
_TAKE_OVER = re.compile(
    r"\b(?:(?:do|take over|took over|takes over|assume|assumed|fill|filled|hold|holds|handle)\s+"
    rf"(?:the\s+)?(?P<a>{_OFFICE})"
    rf"(?:['’]s)?\s+(?:job|role|post|duties|portfolio|position)"
    rf"|(?:as|be|become|became|named|appointed)\s+(?:the\s+)?(?:interim|acting|new)\s+(?P<b>{_OFFICE})"
    rf"|(?:take|took|takes)\s+over\s+as\s+(?:the\s+)?(?P<c>{_OFFICE}))\b",
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
    office = (m.group("a") or m.group("b") or m.group("c")).lower()
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
    return Change(
        "person",
        f"{gaz.full_names.get(holder, holder)} ({office})",
        f"{gaz.full_names.get(subject, subject)} ({office})",
    ), holder


def role_change(
    fact: Fact, fi: FactInfo, gaz: Gazetteer, known_people: set[str]
) -> tuple[Change, str] | None:
    """A baseline person in another office, or another person in a baseline office.

    Returns the change and the person key whose baseline office it concerns.
    """
    sentence_people = [p for p in fi.person_keys if p in known_people]
    removal = _REMOVAL_VERB.search(fact.text)
    taken = _takes_over(fact, fi, gaz, known_people)
    if taken is not None:
        return taken
    # (a) a baseline office held by someone else now
    for rm in fi.roles:
        if rm.person and rm.role_class in {r for (r, _c) in gaz.role_holders}:
            country = rm.country or gaz.person_country.get(rm.person)
            if country is None and len(fi.countries) == 1:
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
                return Change(
                    "person",
                    f"{gaz.full_names.get(holder, holder)} ({rm.role})",
                    f"{gaz.full_names.get(rm.person, rm.person)} ({rm.role})",
                ), holder
    for rm in fi.roles:
        # (b) a baseline office-holder leaving it ("X removed Y as ...": the office is Y's, after the verb)
        subject_side = rm.text and 0 <= fact.text.find(rm.text) < (removal.start() if removal else 0)
        if removal and _TRANSITIVE_REMOVAL.match(removal.group(0)) and subject_side:
            continue
        if removal and rm.cue not in PAST_CUES:
            for p in [rm.person] if rm.person else sentence_people:
                base = gaz.person_roles.get(p or "", [])
                hit = next((br for br in base if _role_equiv(rm, br)), None)
                if hit is not None and p is not None:
                    return Change("role", hit.role, f"{removal.group(0)} {rm.role}"), p
        person = rm.person
        if person is None and rm.cue and len(sentence_people) == 1:
            person = sentence_people[0]
        cue = rm.cue
        # (c) a known person, with an appointment or removal cue, in an office unlike the baseline's
        if person in gaz.person_roles and cue in APPOINT_CUES | REMOVAL_CUES:
            base_roles = gaz.person_roles[person]
            if cue in REMOVAL_CUES and any(_role_equiv(rm, br) for br in base_roles):
                br = next(br for br in base_roles if _role_equiv(rm, br))
                return Change("role", br.role, f"{cue} {rm.role}".strip()), person
            if cue in APPOINT_CUES and not any(_role_equiv(rm, br) for br in base_roles):
                br = base_roles[0]
                return Change("role", br.role, rm.role), person
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


def _actors(f: Fact, fi: FactInfo) -> set[str]:
    speaker = (f.speaker or "").split()[-1].lower() if f.speaker else ""
    return {p for p in fi.person_keys if p != speaker}


def status_change(f: Fact, fi: FactInfo, b: Fact, bi: FactInfo) -> Change | None:
    """planned -> cancelled -> happened for the same actors' one kind of event at one destination."""
    if not fi.status or not bi.status or (bi.status, fi.status) not in _TRANSITIONS:
        return None
    events = (fi.events & bi.events) - {"agree", "vote", "appoint"}
    if not events:
        return None
    b_actors = _actors(b, bi)
    if not b_actors or not b_actors <= set(fi.person_keys):
        return None
    targets_b = _targets(bi)
    targets_f = _targets(fi)
    if targets_b and not targets_b & targets_f:
        return None
    if fi.negated and fi.status == "happened":
        return None
    return Change("status", bi.status, fi.status)


def stance_change(fi: FactInfo, base: list[tuple[Fact, FactInfo]]) -> tuple[Change, Fact] | None:
    """The same side now aligned with another party ("aligned with Europe" -> "voted alongside Russia")."""
    for subj, partner in fi.alignments:
        if subj is None or partner == subj:
            continue
        partners = {bp for _b, bi in base for bs, bp in bi.alignments if bs == subj}
        if not partners or partner in partners:
            continue
        for b, bi in base:
            for bsubj, bpartner in bi.alignments:
                if bsubj == subj:
                    return Change("stance", f"aligned with {bpartner}", f"aligned with {partner}"), b
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
