"""People, organisations, places and role mentions of a sentence; the story gazetteer learned from the baseline.

Capitalised runs are read with general lexicons (lexicon.py) and split into a title part and a name part, so
"Foreign Minister Sergei Lavrov", "Lavrov" and "Russia's top diplomat" resolve to one person once the
baseline has taught the gazetteer who holds which office.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .lexicon import (
    CAP_STOP,
    COUNTRY_DISPLAY,
    DEMONYMS,
    GOVERNMENT_FORMS,
    KINGDOMS,
    ORG_HEADS,
    PLACE_TO_COUNTRY,
    ROLE_CLASSES,
    TITLE_HEADS,
    TITLE_MODIFIERS_DROP,
    TITLE_WORDS,
)

_TOK = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-zÀ-ÿ]+(?:[.'’-][A-Za-zÀ-ÿ]+)*\.?|\d[\d.,]*|[,;:()\"]")
_CONNECT = frozenset({"bin", "al", "de", "van", "von", "der", "la", "du", "da", "el", "ibn"})
_ACRONYM_ORGS = frozenset(
    {
        "NATO",
        "UN",
        "EU",
        "OPEC",
        "IAEA",
        "WHO",
        "IMF",
        "WTO",
        "OSCE",
        "ICC",
        "BRICS",
        "G7",
        "G20",
        "CIA",
        "FBI",
        "FSB",
        "SCO",
        "ASEAN",
        "UNGA",
    }
)


@dataclass(frozen=True)
class RoleMention:
    """A role phrase in a sentence and whom it is bound to (None: a description such as "Russia's top diplomat")."""

    role: str  # normalised role phrase, e.g. "special envoy for middle east"
    role_class: str  # ROLE_CLASSES value or the phrase's head with qualifier
    country: str | None
    person: str | None  # person key (surname, lower case)
    cue: str = ""  # appointment/removal cue in front of the role ("named", "previously", "former", ...)
    text: str = ""


@dataclass
class Entities:
    people: list[str] = field(default_factory=list)  # display names
    person_keys: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # country keys of places, demonyms, metonyms
    roles: list[RoleMention] = field(default_factory=list)
    person_country: dict[str, str] = field(default_factory=dict)


# "the kingdom", "the Gulf kingdom": the story's one monarchy (see Gazetteer.kingdom); not "the United Kingdom"
KINGDOM_REF = re.compile(
    r"\b(?<!United )(?:the|[Tt]he)\s+(?:(?:Gulf|desert|oil-rich|conservative)\s+)?kingdom\b"
)


def person_key(name: str) -> str:
    parts = [p for p in re.split(r"\s+", name.strip()) if p]
    if not parts:
        return ""
    last = parts[-1].lower().rstrip(".")
    return re.sub(r"['’]s?$", "", last)


def _is_cap(tok: str) -> bool:
    return bool(tok) and (tok[0].isupper() or tok[:1] in "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ")


def normalise_role(words: Iterable[str]) -> str:
    out = []
    for w in words:
        lw = w.lower().strip(",.")
        if (
            lw in TITLE_MODIFIERS_DROP
            or lw.endswith(("'s", "’s"))
            or lw in PLACE_TO_COUNTRY
            or lw in DEMONYMS
        ):
            continue
        out.append(lw)
    return " ".join(out)


def role_class(role: str) -> str:
    core = role.split(" for ")[0].split(" of the ")[0].strip()
    for phrase, cls in sorted(ROLE_CLASSES.items(), key=lambda kv: -len(kv[0])):
        if core == phrase:
            return cls
    # keep compound offices distinct: "deputy assistant secretary of state" is not "secretary of state"
    return role


class Gazetteer:
    """People of the story as the baseline names them, their countries and offices; built at run time."""

    def __init__(self) -> None:
        self.full_names: dict[str, str] = {}  # key -> display full name
        self.person_country: dict[str, str] = {}
        self.person_roles: dict[str, list[RoleMention]] = {}
        self.role_holders: dict[tuple[str, str | None], str] = {}  # (role_class, country) -> person key
        self.noun_country: dict[str, str] = {}  # "administration" -> "usa" (learned "U.S. administration")
        self.group: tuple[str, ...] = ()  # whom "the two leaders" stands for in the baseline (display names)
        self.place_countries: set[str] = set()  # countries of the places the baseline names (not demonyms)
        self.kingdom: str | None = None  # the one monarchy among them: what "the kingdom" stands for

    def learn(self, ents: Entities, text: str) -> None:
        for place in ents.places:
            low = place.lower()
            if low not in DEMONYMS and PLACE_TO_COUNTRY.get(low):
                self.place_countries.add(PLACE_TO_COUNTRY[low])
        for name, key in zip(ents.people, ents.person_keys, strict=True):
            if " " in name or key not in self.full_names:
                self.full_names[key] = name if " " in name else self.full_names.get(key, name)
        for key, c in ents.person_country.items():
            self.person_country.setdefault(key, c)
        for rm in ents.roles:
            if rm.person:
                self.person_roles.setdefault(rm.person, []).append(rm)
                if rm.cue not in ("former", "previously", "formerly"):
                    self.role_holders.setdefault((rm.role_class, rm.country), rm.person)
                    if rm.country is None and rm.person in self.person_country:
                        self.role_holders.setdefault(
                            (rm.role_class, self.person_country[rm.person]), rm.person
                        )
        rep = re.search(
            r"\b(?:represented by|comprised|consisted of|included|was led by|were led by|headed by|"
            r"made up of|delegation of)\b",
            text,
        )
        if rep and ents.countries:
            first = ents.countries[0]
            for key in ents.person_keys:
                self.person_country.setdefault(key, first)
        side = re.search(
            r"\b(?:attended|spoke|negotiated|signed)\s+for\s+(?:the\s+)?([A-Z][\w.]*(?:\s+[A-Z]\w*)?)", text
        )
        if side:
            side_c = PLACE_TO_COUNTRY.get(side.group(1).lower().replace("the ", "").rstrip("."))
            if side_c is None and side.group(1).lower() == "united states":
                side_c = "usa"
            for key in ents.person_keys:
                if side_c:
                    self.person_country.setdefault(key, side_c)
        for m in re.finditer(
            r"\b(U\.S\.|[A-Z][a-z]+)\s+(administration|government|leadership|officials|"
            r"delegation|president|forces|military)\b",
            text,
        ):
            noun_c = PLACE_TO_COUNTRY.get(m.group(1).lower())
            if noun_c:
                self.noun_country.setdefault(m.group(2).lower(), noun_c)

    def finish(self) -> None:
        kingdoms = self.place_countries & KINGDOMS
        self.kingdom = next(iter(kingdoms)) if len(kingdoms) == 1 else None
        for key, roles in self.person_roles.items():
            for rm in roles:
                if rm.country is None and key in self.person_country:
                    self.role_holders.setdefault((rm.role_class, self.person_country[key]), key)

    def holders(self, role_cls: str, countries: Iterable[str] = ()) -> list[str]:
        """Every person holding one office in some country ("the two top diplomats"), optionally only those of
        the named countries; empty when the office has fewer than two or more than three holders."""
        wanted = set(countries)
        found = [
            p
            for (r, c), p in self.role_holders.items()
            if r == role_cls and c is not None and (not wanted or c in wanted)
        ]
        found = list(dict.fromkeys(found))
        return found if 2 <= len(found) <= 3 else []

    def holder(self, role_cls: str, country: str | None) -> str | None:
        found = self._holder(role_cls, country)
        return found if found is not None else self._holder_by_words(role_cls, country)

    def _holder_by_words(self, role_cls: str, country: str | None) -> str | None:
        """A shortened title for the one office whose title holds all its words ("the presidential aide" for a
        "presidential foreign policy adviser"); an aide is an adviser. None unless exactly one person fits."""
        words = _role_words(role_cls)
        if not words or "adviser" not in words:
            return None
        cands = {
            p
            for (r, c), p in self.role_holders.items()
            if words <= _role_words(r)
            and (country is None or c in (None, country))
            and (country is None or self.person_country.get(p) in (None, country))
        }
        return next(iter(cands)) if len(cands) == 1 else None

    def _holder(self, role_cls: str, country: str | None) -> str | None:
        if role_cls == "leader" and country is not None:
            # "the Ukrainian leader": the head of state, else of government
            return self.role_holders.get(("president", country)) or self.role_holders.get(
                ("prime_minister", country)
            )
        if (role_cls, country) in self.role_holders:
            return self.role_holders[(role_cls, country)]
        if country is None:
            cands = {p for (r, _c), p in self.role_holders.items() if r == role_cls}
            return next(iter(cands)) if len(cands) == 1 else None
        anyone = self.role_holders.get((role_cls, None))
        return anyone if anyone is not None and self.person_country.get(anyone) in (None, country) else None


_ROLE_WORD = {
    "aide": "adviser",
    "aides": "adviser",
    "advisor": "adviser",
    "advisers": "adviser",
    "nsa": "adviser",
}


def _role_words(role: str) -> frozenset[str]:
    """The words of a role title, an aide counted as an adviser ("presidential aide" -> presidential, adviser)."""
    return frozenset(
        _ROLE_WORD.get(w, w) for w in re.split(r"[\s_]+", role.lower()) if w and w not in ("for", "of", "the")
    )


_ROLE_QUAL = re.compile(
    r"\s+(?:for|of)\s+((?:the\s+)?[A-Za-z][\w'’-]*(?:\s+(?!in\b|on\b|at\b|who\b|and\b|since\b|"
    r"until\b|was\b|is\b|has\b|had\b|said\b|to\b)[A-Za-z][\w'’-]*){0,5})"
)


def extract_entities(sentence: str, gaz: Gazetteer | None = None) -> Entities:
    """People, organisations, places, countries and role mentions of one sentence."""
    ents = Entities()
    toks = [(m.group(0), m.start(), m.end()) for m in _TOK.finditer(sentence)]
    n = len(toks)
    i = 0
    known = gaz.full_names if gaz else {}
    while i < n:
        tok = toks[i][0]
        if not _is_cap(tok):
            i += 1
            continue
        j = i
        run: list[int] = []
        while j < n:
            t = toks[j][0]
            if (
                _is_cap(t)
                or (t.lower() in _CONNECT and j + 1 < n and _is_cap(toks[j + 1][0]) and run)
                or (
                    t == "of"
                    and run
                    and toks[j - 1][0].lower()
                    in (
                        "secretary",
                        "minister",
                        "chief",
                        "department",
                        "ministry",
                        "bank",
                        "council",
                        "assembly",
                        "republic",
                        "union",
                        "house",
                    )
                    and j + 1 < n
                    and _is_cap(toks[j + 1][0])
                )
            ):
                run.append(j)
                j += 1
            else:
                break
        _read_run(sentence, toks, run, ents, known, sentence_start=(i == 0 or toks[i - 1][0] in ('"', "(")))
        i = j if j > i else i + 1
    _read_roles(sentence, ents, gaz)
    if gaz is not None and gaz.kingdom and KINGDOM_REF.search(sentence):
        _add_place(ents, COUNTRY_DISPLAY.get(gaz.kingdom, gaz.kingdom))
    # dedupe, keep order
    ents.people = list(dict.fromkeys(ents.people))
    ents.person_keys = list(dict.fromkeys(ents.person_keys))
    ents.organisations = list(dict.fromkeys(ents.organisations))
    ents.places = list(dict.fromkeys(ents.places))
    ents.countries = list(dict.fromkeys(ents.countries))
    return ents


def _read_run(
    sentence: str,
    toks: list[tuple[str, int, int]],
    run: list[int],
    ents: Entities,
    known: dict[str, str],
    *,
    sentence_start: bool,
) -> None:
    if not run:
        return
    while (
        run
        and toks[run[0]][0] in CAP_STOP
        and " ".join(toks[k][0] for k in run).lower() not in PLACE_TO_COUNTRY
    ):
        run = run[1:]
    if not run:
        return
    words = [
        toks[k][0].rstrip(".") if not re.fullmatch(r"(?:[A-Z]\.){2,}", toks[k][0]) else toks[k][0]
        for k in run
    ]
    words = [re.sub(r"['’]s$", "", w) for w in words]
    start_char = toks[run[0]][1]
    text = re.sub(r"['’]s$", "", sentence[start_char : toks[run[-1]][2]].rstrip(".,"))
    low = text.lower()
    prev = sentence[:start_char].rstrip().split(" ")[-1].lower() if start_char else ""
    # whole-run place ("The Hague", "St. Petersburg", "Saudi Arabia")
    if low in PLACE_TO_COUNTRY:
        _add_place(ents, text)
        return
    lowers = [w.lower() for w in words]
    if any(w in ORG_HEADS for w in lowers) or any(w in _ACRONYM_ORGS for w in words):
        org = re.sub(r"^(?:The|A)\s+", "", text)
        # a leading country/demonym of an org names its country ("Russian Foreign Ministry")
        for w in lowers:
            if w in PLACE_TO_COUNTRY:
                ents.countries.append(PLACE_TO_COUNTRY[w])
        if low in GOVERNMENT_FORMS or org.lower() in PLACE_TO_COUNTRY:
            ents.countries.append(PLACE_TO_COUNTRY.get(org.lower(), ""))
        ents.organisations.append(org)
        return
    # split: title/country prefix, then the name
    k = 0
    country: str | None = None
    while k < len(words):
        w = lowers[k]
        if w in PLACE_TO_COUNTRY and k + 1 < len(words):
            country = PLACE_TO_COUNTRY[w]
            ents.countries.append(country)
            k += 1
        elif w in TITLE_WORDS or w == "of" or w in CAP_STOP_LOWER:
            k += 1
        else:
            break
    name_words = words[k:]
    # places inside the run (a run may be "Paris" or "Ukraine" after a stop word)
    if not name_words:
        last = lowers[-1]
        if last in PLACE_TO_COUNTRY:
            _add_place(ents, words[-1])
        return
    name = " ".join(name_words)
    nl = name.lower()
    if nl in PLACE_TO_COUNTRY:
        _add_place(ents, name)
        return
    if all(w.lower() in PLACE_TO_COUNTRY for w in name_words):
        for w in name_words:
            _add_place(ents, w)
        return
    if nl in _LANGUAGES:
        return
    if prev in ("in", "at", "to", "from") and k == 0 and name_words[0] not in CAP_STOP:
        key0 = person_key(name)
        if key0 not in known:
            _add_place(ents, name)
            return
    if name_words[0] in CAP_STOP or name_words[-1].lower() in VENUE_HEADS:
        return
    if "-" in name and all(person_key(part) in known for part in name.split("-")):
        for part in name.split("-"):  # "Trump-Putin call": two known people
            ents.people.append(known[person_key(part)])
            ents.person_keys.append(person_key(part))
        return
    if re.fullmatch(r"(?:[A-Z]\.){2,}[A-Z]?", name):
        ents.organisations.append(name)  # "U.N.", "E.U.": an abbreviation, never a person
        return
    if len(name_words) == 1:
        key = person_key(name)
        has_title = k > 0 or _title_before(sentence, start_char)
        if not (has_title or key in known or (not sentence_start and len(name) > 2)):
            return
        if name.isupper() and len(name) <= 3 and not has_title:
            return
    key = person_key(name)
    display = known.get(key, name) if len(name_words) == 1 else name
    ents.people.append(display)
    ents.person_keys.append(key)
    if country:
        ents.person_country[key] = country


VENUE_HEADS = frozenset(
    {
        "palace",
        "hotel",
        "base",
        "airport",
        "square",
        "hall",
        "building",
        "stadium",
        "residence",
        "center",
        "centre",
        "club",
        "castle",
        "villa",
        "tower",
        "bridge",
        "port",
        "station",
        "cup",
        "games",
        "bazaar",
        "market",
        "museum",
        "park",
        "street",
        "avenue",
        "island",
        "islands",
        "sea",
        "ocean",
        "river",
        "lake",
    }
)
CAP_STOP_LOWER = frozenset({"mr", "mrs", "ms", "dr", "sen", "gen", "rep", "gov"})


# "said in English": a language after "in" is no place
_LANGUAGES = frozenset(
    {
        "english",
        "russian",
        "ukrainian",
        "french",
        "german",
        "arabic",
        "chinese",
        "spanish",
        "turkish",
        "italian",
    }
)


def _title_before(sentence: str, start: int) -> bool:
    before = sentence[:start].rstrip().split(" ")
    return bool(before) and before[-1].lower().strip(",") in TITLE_HEADS


def _add_place(ents: Entities, name: str) -> None:
    ents.places.append(name)
    c = PLACE_TO_COUNTRY.get(name.lower())
    if c:
        ents.countries.append(c)


_ROLE_HEAD_RE = re.compile(
    r"\b(" + "|".join(sorted(TITLE_HEADS, key=len, reverse=True)) + r")\b(?!['’])", re.I
)
_CUE_RE = re.compile(
    r"\b(named|appointed|nominated|tapped|picked|chosen|promoted|became|becomes|previously|formerly|"
    r"former|replaced|replacing|succeeded|succeeding|removed|ousted|fired|dismissed|resigned|"
    r"stepped down|demoted|reassigned|moved|new|interim|acting|now|as)\b",
    re.I,
)


# words between a cue and its role that keep the cue ("now Trump's nominee for", "now the title of")
_CUE_GAP = re.compile(
    r"(?:the\s+|a\s+)?(?:(?:next|new|future)\b\s*)?(?:[A-Z][\w.]*['’]s\s+|(?:[A-Z]\.){2,}[A-Z]?\.?\s*)?"
    r"(?:(?:nominee|pick|choice|candidate)\s+(?:for|as)(?:\s+the)?)?",
)
_NOMINEE = re.compile(r"\b(?:nominee|pick|choice|candidate)\s+(?:for|as)(?:\s+the)?\s*$", re.I)


def _read_roles(sentence: str, ents: Entities, gaz: Gazetteer | None) -> None:
    """Role phrases and the person each is bound to (title before name, apposition after name, cue + role)."""
    name_spans: list[tuple[int, int, str]] = []
    for name, key in zip(ents.people, ents.person_keys, strict=True):
        for m in re.finditer(re.escape(name.split()[-1]), sentence):
            name_spans.append((m.start(), m.end(), key))
        if " " in name:
            for m in re.finditer(re.escape(name), sentence):
                name_spans.append((m.start(), m.end(), key))
    for m in _ROLE_HEAD_RE.finditer(sentence):
        head_start, head_end = m.start(), m.end()
        # extend left over title words / country forms / possessives
        left = head_start
        words_left: list[str] = []
        country: str | None = None
        pre = sentence[:head_start]
        for w in reversed(re.findall(r"[\w.'’-]+", pre)[-6:]):
            lw = w.lower()
            if lw in TITLE_WORDS or lw in ("of",):
                words_left.insert(0, w)
                left = pre.rfind(w, 0, left)
            elif lw.rstrip("'’s") in PLACE_TO_COUNTRY or lw in PLACE_TO_COUNTRY:
                country = PLACE_TO_COUNTRY.get(lw) or PLACE_TO_COUNTRY.get(lw.rstrip("'’s").rstrip("'’"))
                left = pre.rfind(w, 0, left)
                break
            elif lw.endswith(("'s", "’s")):
                owner = lw[:-2]
                country = PLACE_TO_COUNTRY.get(owner)
                if country is None and gaz is not None and owner in gaz.person_country:
                    country = gaz.person_country[owner]
                left = pre.rfind(w, 0, left)
                break
            else:
                break
        if words_left and words_left[0].lower() == "of":
            words_left = words_left[1:]
        # a head that is itself part of a longer title to its right ("Secretary of State", "Vice President")
        right = head_end
        tail = sentence[head_end:]
        mm = re.match(r"\s+of\s+(State|Defense|Staff|Foreign Affairs|the Treasury|War)\b", tail)
        qual = ""
        if mm:
            right = head_end + mm.end()
            tail = sentence[right:]
        if _ROLE_HEAD_RE.match(tail.lstrip()) and tail[:1] == " ":
            continue  # "vice president": let the last head of the chain read it
        q = _ROLE_QUAL.match(tail)
        if q and not re.match(r"\s+of\s+(?:the\s+)?(?:talks|conflict|war|state|country|it|them)\b", tail):
            qual_words = [w for w in q.group(1).split() if w.lower() != "the"]
            # stop the qualifier before a date or place preposition already handled by the regex
            qual = " ".join(qual_words)
            right += q.end()
        role_words = [*words_left, sentence[head_start:head_end]]
        if mm:
            role_words.append(mm.group(0).strip())
        phrase = normalise_role(" ".join(role_words).split())
        raw = " ".join(w.lower() for w in role_words)
        special = ROLE_CLASSES.get(raw) if " " in raw else None
        if qual:
            prep = "for" if q is not None and " for " in q.group(0) else "of"
            phrase = f"{phrase} {prep} {qual.lower()}"
        phrase = re.sub(r"\s+", " ", phrase).strip()
        generic_head = phrase in ("leader", "head", "chief", "general")
        if not phrase or (generic_head and not special and not (phrase == "leader" and country)):
            continue
        cls = special or role_class(phrase)
        cue_m = None
        before_txt = sentence[max(0, left - 40) : left]
        cues = list(_CUE_RE.finditer(before_txt))
        if cues and (
            before_txt[cues[-1].end() :].strip().lower() in ("", "the", "a", "as", "as the", "is", "was")
            or _CUE_GAP.fullmatch(before_txt[cues[-1].end() :].strip())
        ):
            cue_m = cues[-1]
        inner = sentence[left:head_start].lower()
        cue = cue_m.group(1).lower() if cue_m else ""
        if not cue and _NOMINEE.search(before_txt):
            cue = "nominated"  # "Trump's nominee for ambassador"
        for c in ("former", "interim", "acting", "new"):
            if re.search(rf"\b{c}\b", inner):
                cue = c
        person = _bind(sentence, left, right, name_spans)
        if person and country is None and person in ents.person_country:
            country = ents.person_country[person]
        if person and country and person not in ents.person_country:
            ents.person_country[person] = country
        ents.roles.append(
            RoleMention(
                role=phrase,
                role_class=cls,
                country=country,
                person=person,
                cue=cue,
                text=sentence[left:right],
            )
        )


_APPOSITION_GAP = re.compile(
    r",\s*(?:the\s+|a\s+|[A-Z]\w+'s\s+)?|\s+as\s+(?:the\s+)?|"
    # "X, whose title is now ...", "X, now Trump's nominee for ..."
    r",\s*whose\s+(?:new\s+|official\s+)?(?:title|job|post|role|position)\s+(?:is|was|has become)\s+"
    r"(?:now\s+)?(?:the\s+)?|"
    r",\s*(?:now\s+)?(?:the\s+|[A-Z]\w+['’]s\s+)?(?:nominee|pick|choice|candidate)\s+(?:for|as)\s+(?:the\s+)?|"
    r"\s*,?\s*(?:who\s+)?(?:now\s+)?(?:(?:has|had)\s+(?:carried|held|borne|had)|carries|holds|has|bears|took|takes|"
    r"was given|got)\s+the\s+(?:new\s+|formal\s+|official\s+)?title(?:\s+of)?\s*|"
    # "X, whose formal title changed this year to ..."
    r",\s*whose\s+(?:new\s+|formal\s+|official\s+)?(?:title|job|post|role|position)\s+(?:was\s+)?"
    r"(?:changed|switched)\s+(?:\w+\s+){0,3}?to\s+(?:the\s+)?|"
    r"\s*,?\s*(?:who\s+)?(?:has|have|had|will|would|is|was)?\s*(?:also\s+)?(?:been\s+)?(?:now\s+)?"
    r"(?:serv(?:e|es|ed|ing)|act(?:s|ed|ing)?|doubl(?:e|es|ed|ing)|stand(?:s|ing)?\s+in|fill(?:s|ed|ing)?\s+in)"
    r"\s+as\s+(?:the\s+)?|"
    r"\s+(?:has|have|had)\s+also\s+been\s+|"
    r"\s*,?\s*(?:who\s+)?(?:was|is|has(?: also)? been|"
    r"had(?: also)? been|will be|took office as|was sworn in as|sworn in as)?\s*"
    r"(?:named|appointed|nominated|previously|formerly|also|now|promoted to|moved to be)?\s*"
    r"(?:as\s+)?(?:the\s+)?(?:[A-Z]\w+'s\s+)?"
)


def _bind(sentence: str, left: int, right: int, spans: list[tuple[int, int, str]]) -> str | None:
    """The person a role phrase at [left, right) describes."""
    after = sentence[right:]
    for s, _e, key in spans:  # Title Name
        if 0 <= s - right <= 2 and sentence[right:s].strip() == "":
            return key
    m = re.match(r"\s*,?\s*", after)
    _ = m
    before = sentence[:left]
    # Name, (the|a)? ROLE   |   Name, who was named ROLE   |   Name was named/is ROLE
    best: tuple[int, str] | None = None
    for _s, e, key in spans:
        if e <= left:
            gap = sentence[e:left]
            if _APPOSITION_GAP.fullmatch(gap) and len(gap) < 60 and (best is None or e > best[0]):
                best = (e, key)
    if best:
        return best[1]
    _ = before
    return None


def country_of_subject(text: str, gaz: Gazetteer | None) -> str | None:
    """The country a clause's subject stands for: "The United States", "Washington", "the Biden administration"."""
    m = re.match(r"\s*(?:The\s+|the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)(?:\s+(\w+))?", text)
    if not m:
        return None
    head = m.group(1).lower()
    for w in [head, *head.split()]:
        if w in PLACE_TO_COUNTRY:
            return PLACE_TO_COUNTRY[w]
    noun = (m.group(2) or "").lower()
    if gaz is not None:
        if noun in gaz.noun_country:
            return gaz.noun_country[noun]
        key = person_key(head)
        if key in gaz.person_country:
            return gaz.person_country[key]
    return None
