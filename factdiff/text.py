"""Word-level normalisation shared by every stage: tokens, a light stemmer, stop and generic words, synonyms.

Matching across outlets needs "met"/"meeting"/"talks" and "Russian"/"Russia" to meet on one term; a full
morphological analyser is not needed for that and would cost the throughput budget, so this is a small
rule stemmer plus lexicons of general English (nothing here names a person or an article of the story).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from .lexicon import CAPITALS

_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def clean(text: str) -> str:
    """NFKC, straight quotes, single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


STOPWORDS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "without",
        "within",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "above",
        "below",
        "after",
        "before",
        "during",
        "since",
        "until",
        "between",
        "among",
        "than",
        "then",
        "as",
        "if",
        "whether",
        "while",
        "because",
        "though",
        "although",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "it's",
        "they",
        "them",
        "their",
        "theirs",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "i",
        "me",
        "my",
        "mine",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "never",
        "any",
        "all",
        "some",
        "each",
        "every",
        "both",
        "either",
        "neither",
        "other",
        "another",
        "such",
        "own",
        "same",
        "more",
        "most",
        "less",
        "least",
        "very",
        "too",
        "also",
        "just",
        "only",
        "even",
        "still",
        "again",
        "further",
        "once",
        "up",
        "down",
        "out",
        "off",
        "one's",
        "s",
        "t",
        "don't",
        "didn't",
        "doesn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "won't",
        "can't",
        "couldn't",
        "wouldn't",
        "shouldn't",
        "hasn't",
        "haven't",
        "hadn't",
        "mr",
        "mrs",
        "ms",
    ]
)
# Kept apart from STOPWORDS on purpose: negations and "again"/"another" change meaning and are read by compare.py.

# Words that carry little of a claim's identity (reporting verbs, hedges, time fillers). They still count, lightly.
GENERIC: frozenset[str] = frozenset(
    [
        "say",
        "said",
        "says",
        "tell",
        "told",
        "add",
        "added",
        "note",
        "noted",
        "state",
        "stated",
        "stress",
        "stressed",
        "describe",
        "described",
        "call",
        "called",
        "report",
        "reported",
        "write",
        "wrote",
        "post",
        "posted",
        "claim",
        "claimed",
        "insist",
        "insisted",
        "complain",
        "complained",
        "according",
        "later",
        "earlier",
        "recently",
        "repeatedly",
        "long",
        "already",
        "now",
        "today",
        "yesterday",
        "time",
        "times",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "hour",
        "hours",
        "minute",
        "minutes",
        "come",
        "came",
        "go",
        "went",
        "take",
        "took",
        "make",
        "made",
        "get",
        "got",
        "hold",
        "held",
        "put",
        "give",
        "gave",
        "keep",
        "kept",
        "use",
        "used",
        "see",
        "saw",
        "show",
        "showed",
        "way",
        "thing",
        "things",
        "part",
        "parts",
        "lot",
        "lots",
        "many",
        "much",
        "several",
        "few",
        "first",
        "second",
        "third",
        "last",
        "next",
        "new",
        "old",
        "latest",
        "former",
        "previous",
        "current",
        "senior",
        "high",
        "top",
        "main",
        "major",
        "key",
        "would",
        "could",
        "sign",
        "signs",
        "argue",
        "argued",
        "contend",
        "contended",
        "maintain",
        "maintained",
        "reporter",
        "reporters",
        "list",
        "listed",
        "remain",
        "remained",
        "expect",
        "expected",
        "likely",
        "part",
        "side",
        "sides",
        "both",
        "two",
        "account",
        "basis",
        "also",
        "statement",
        "readout",
        "reach",
        "reached",
        "able",
        "along",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "lengthy",
        "highly",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)

# Frequent content words of news English that tell nothing of what a story is about (used to find the story's
# distinctive words); general English, none of them names a story's subject.
_COMMON = """want try raise start leave continue place nothing non ago future change work end plan soon toward
    discuss visit invite arrange learn lay serious longer mutual develop topic point issue matter
    need help hope seek allow include remain become begin bring call show mean offer open run set move
    follow return pay turn ask build hold decide consider create expect fail live lose meet send sign stay
    well good great big small large able clear full early late long real right wrong sure whole public
    political national international official government country state people man woman world group level
    number area case week month year day time way thing part side place member office
    """
COMMON_WORDS: frozenset[str] = frozenset(_COMMON.split())

# Irregular verb forms and spellings folded before suffix stripping.
_IRREGULAR: dict[str, str] = {
    "met": "meet",
    "aide": "adviser",
    "aides": "adviser",
    "advisor": "adviser",
    "advisors": "adviser",
    "meets": "meet",
    "held": "hold",
    "said": "say",
    "says": "say",
    "told": "tell",
    "left": "leave",
    "took": "take",
    "taken": "take",
    "spoke": "speak",
    "spoken": "speak",
    "led": "lead",
    "came": "come",
    "made": "make",
    "began": "begin",
    "begun": "begin",
    "went": "go",
    "gone": "go",
    "gave": "give",
    "given": "give",
    "sent": "send",
    "won": "win",
    "lost": "lose",
    "brought": "bring",
    "thought": "think",
    "sought": "seek",
    "struck": "strike",
    "wrote": "write",
    "written": "write",
    "ran": "run",
    "chose": "choose",
    "chosen": "choose",
    "flew": "fly",
    "flown": "fly",
    "according": "according",
    "agreed": "agree",
    "agreeing": "agree",
    "agrees": "agree",
    "news": "news",
    "talks": "talk",
    "ties": "tie",
    "leaders": "leader",
    "leadership": "leader",
    "countries": "country",
    "defence": "defense",
    "cancelled": "cancel",
    "canceled": "cancel",
    "cancelling": "cancel",
    "canceling": "cancel",
    "cancels": "cancel",
    "us": "us",
    "was": "was",
    "has": "has",
    "is": "is",
    "this": "this",
    "its": "its",
    "allies": "ally",
    "ally": "ally",
    "allied": "ally",
    "europe": "europe",
    "european": "europe",
    "europeans": "europe",
    "russian": "russia",
    "russians": "russia",
    "ukrainian": "ukraine",
    "ukrainians": "ukraine",
    "american": "usa",
    "americans": "usa",
    "america": "usa",
    "saudi": "saudi",
    "dutch": "netherlands",
    "british": "britain",
    "french": "france",
    "german": "germany",
    "chinese": "china",
    "turkish": "turkiye",
    "turkey": "turkiye",
    "türkiye": "turkiye",
    "israeli": "israel",
    "iranian": "iran",
    "polish": "poland",
    "italian": "italy",
    "japanese": "japan",
    "indian": "india",
}

# Synonym classes: a stem on the left is matched as the class on the right.
SYNONYMS: dict[str, str] = {
    "talk": "meet",
    "meet": "meet",
    "negotiation": "meet",
    "summit": "meet",
    "session": "meet",
    "round": "meet",
    "conversation": "call",
    "phone": "call",
    "spoke": "call",
    "speak": "call",
    "agreement": "agree",
    "deal": "agree",
    "accord": "agree",
    "pact": "agree",
    "tie": "relation",
    "relationship": "relation",
    "relation": "relation",
    "nation": "country",
    "state": "state",
    "war": "conflict",
    "fight": "conflict",
    "fighting": "conflict",
    "conflict": "conflict",
    "leader": "leader",
    "head": "leader",
    "chief": "leader",
    "trip": "visit",
    "travel": "visit",
    "visit": "visit",
    "scrap": "cancel",
    "cancel": "cancel",
    "postpone": "cancel",
    "shelve": "cancel",
    "exclude": "exclude",
    "sideline": "exclude",
    "shut": "exclude",
    "appoint": "appoint",
    "nominate": "appoint",
    "name": "appoint",
    "end": "end",
    "halt": "end",
    "stop": "end",
    "troop": "troop",
    "force": "troop",
    "soldier": "troop",
    "official": "official",
    "diplomat": "official",
    "envoy": "envoy",
    "emissary": "envoy",
    "representative": "envoy",
    "spend": "spend",
    "spending": "spend",
    "budget": "spend",
    "outlay": "spend",
    "usa": "usa",
    "washington": "usa",
    "moscow": "russia",
    "kremlin": "russia",
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "riyadh": "riyadh",
    "arabia": "saudi",
    "discuss": "discuss",
    "address": "discuss",
    "debate": "discuss",
    "ceasefire": "ceasefire",
    "truce": "ceasefire",
    "weapon": "weapon",
    "arm": "weapon",
    "sanction": "sanction",
    "penalty": "sanction",
    "aid": "aid",
    "assistance": "aid",
    "support": "support",
    "back": "support",
    "useful": "useful",
    "productive": "useful",
    "constructive": "useful",
    "positive": "useful",
    "fruitful": "useful",
    "upbeat": "useful",
    "optimistic": "useful",
    "settlement": "agree",
    "commerce": "trade",
    "commit": "agree",
    "undertake": "agree",
    "crisis": "emergency",
    "restate": "reaffirm",
    "reiterate": "reaffirm",
    "renew": "reaffirm",
    "dialogue": "meet",
    "one-sided": "unilateral",
    # general paraphrase classes of news English (both sides of a comparison pass through them)
    "discussion": "meet",
    "consultation": "consult",
    "gather": "meet",
    "convene": "meet",
    "area": "point",
    "item": "point",
    "issue": "topic",
    "question": "topic",
    "matter": "topic",
    "subject": "topic",
    "deploy": "send",
    "deployment": "send",
    "dispatch": "send",
    "station": "send",
    "unacceptable": "accept",
    "recognize": "accept",
    "recognise": "accept",
    "reject": "accept",
    "tolerate": "accept",
    "lopsided": "imbalance",
    "imbalanced": "imbalance",
    "unbalanced": "imbalance",
    "uneven": "imbalance",
    "foster": "encourage",
    "promote": "encourage",
    "breed": "encourage",
    "dependence": "depend",
    "dependency": "depend",
    "reliance": "depend",
    "invest": "spend",
    "military": "defense",
    "militaries": "defense",
    "armed": "defense",
    "ally": "country",
    "partner": "country",
    "learn": "learn",
    "discover": "learn",
    "media": "media",
    "press": "media",
    "news": "media",
    "create": "create",
    "establish": "create",
    "launch": "create",
    "form": "create",
    "set-up": "create",
    "designate": "appoint",
    "delegation": "team",
    "team": "team",
    "negotiator": "team",
    "groundwork": "foundation",
    "pledge": "agree",
    "vow": "agree",
    "promise": "agree",
    "power": "country",
    "high-level": "senior",
    "top-level": "senior",
    "ask": "invite",
    "urge": "invite",
    "fly": "visit",
    "flown": "visit",
    "journey": "visit",
    "exclusion": "exclude",
    "excluded": "exclude",
    "editorial": "editorial",
    "improve": "improve",
    "mend": "improve",
    "repair": "improve",
    "reset": "improve",
    "restore": "improve",
    "thaw": "improve",
    "obstacle": "obstacle",
    "barrier": "obstacle",
    "hurdle": "obstacle",
    "impediment": "obstacle",
    "irritant": "irritant",
    "grievance": "irritant",
    "friction": "irritant",
    "problem": "irritant",
    "dispute": "irritant",
    "mechanism": "mechanism",
    "channel": "mechanism",
    "framework": "mechanism",
    "thing": "point",
    "principle": "point",
    "aspect": "point",
    "element": "point",
    "concern": "topic",
    "lengthy": "long",
    "mission": "embassy",
    "embassy": "embassy",
    "diplomatic": "embassy",
    "consulate": "embassy",
    "economic": "economy",
    "economy": "economy",
    "commercial": "trade",
    "business": "trade",
    "trade": "trade",
    "investment": "investment",
    "sustainable": "durable",
    "enduring": "durable",
    "durable": "durable",
    "quickly": "soon",
    "swiftly": "soon",
    "possible": "soon",
    "regular": "regular",
    "contact": "call",
    "touch": "call",
    "represent": "attend",
    "lead": "attend",
    "telephone": "call",
    "talked": "meet",
}

_TOKEN = re.compile(r"[A-Za-zÀ-ÿ]+(?:\.[A-Za-z]\.?)+|[A-Za-zÀ-ÿ]+(?:['-][A-Za-zÀ-ÿ]+)*|\d+(?:[.,]\d+)*")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Fold a lower-cased word to a crude stem; consistent rather than linguistically right."""
    w = word.lower().strip("'.-")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in ("u.s", "u.s.", "us.", "u.s.a", "usa"):
        return "usa"
    if len(w) <= 3:
        return w
    if (w.endswith("ies") and len(w) > 4) or (w.endswith("ied") and len(w) > 4):
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "sz":
            w = w[:-1]
    elif w.endswith("es") and len(w) > 4 and w[-3] in "sxz":
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    if w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


@lru_cache(maxsize=65536)
def term(word: str) -> str:
    """Stem, then map through the synonym classes (stem of the synonym key is tried too)."""
    s = stem(word)
    if s in SYNONYMS:
        return SYNONYMS[s]
    return s


_SYN_STEMS: dict[str, str] = {}


def _init_syn() -> None:
    for k, v in list(SYNONYMS.items()):
        _SYN_STEMS[stem(k)] = v
    for v in set(SYNONYMS.values()):
        _SYN_STEMS.setdefault(stem(v), v)
    SYNONYMS.update({k: v for k, v in _SYN_STEMS.items() if k not in SYNONYMS})


_init_syn()

_PHRASES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\b(?:the )?United States(?: of America)?\b", re.I), "U.S."),
    (re.compile(r"\bSaudi Arabia\b"), "Saudi"),
    (re.compile(r"\bcall(?:s|ed|ing)? off\b", re.I), "cancel"),
    (re.compile(r"\bcall(?:s|ed|ing)? (?:it|the \w+) off\b", re.I), "cancel"),
    (re.compile(r"\bput(?:s|ting)? (?:off|back|on hold)\b|\bput (?:it|the \w+) off\b", re.I), "cancel"),
    (re.compile(r"\bdropp(?:ed|ing|s)? (?:(?:its|his|her|their) )?plans? (?:for|of|to)\b", re.I), "cancel"),
    (re.compile(r"\bleft out\b", re.I), "excluded"),
    # a state: "working normally", "operate normally", "function normally" (again)
    (
        re.compile(
            r"\b(?:work(?:s|ed|ing)?|operat(?:e|es|ed|ing)|function(?:s|ed|ing)?|run(?:s|ning)?)\s+normally\b",
            re.I,
        ),
        "function normally",
    ),
    # a principle in other words: "guiding principle", "mantra", "slogan", "watchword" for a motto
    (
        re.compile(
            r"\b(?:guiding|core|founding|basic|governing)\s+principles?\b|"
            r"\bprinciples?(?=\s+(?:had been|was|is|has been)\s+that\b)|"
            r"\b(?:mottos?|mantras?|slogans?|maxims?|watchwords?|credos?|rallying cr(?:y|ies))\b",
            re.I,
        ),
        "motto",
    ),
    # "nothing (should be decided) about X without X", "no decision on X (would be taken) without Y"
    (
        re.compile(
            r"\b(?:nothing|no decisions?)\s+(?:[a-z]+\s+){0,3}?(?:about|on|over|concerning)\s+([A-Z][\w.]*)\s+"
            r"(?:[a-z]+\s+){0,3}?without\s+([A-Z][\w.]*)",
        ),
        r"nothing about \1 without \2",
    ),
    (re.compile(r"\bphone call\b|\btelephone call\b|\bphone conversation\b", re.I), "call"),
    (re.compile(r"\bheld talks\b", re.I), "talks"),
    (re.compile(r"\b(?:sat|sit|sits|sitting) (?:down\b|(?:across|opposite) (?:from|to)\b)", re.I), "met"),
    (
        re.compile(
            r"\b(?:talk(?:s|ed)?|spoke|speak(?:s|ing)?)\s+(?:by|on the|over the)\s+(?:tele)?phone\b", re.I
        ),
        "call",
    ),
    (
        re.compile(
            r"\b(?:a\s+)?third countr(?:y|ies)\b|\bneutral (?:country|venue|ground)\b|"
            r"\boutside (?:of )?(?:their|the two|both) (?:own )?countries\b",
            re.I,
        ),
        "thirdcountry",
    ),
    (
        re.compile(
            r"\b(?:shut|left|frozen|cut) out\b|\bsidelined\b|\bno seat at the table\b|"
            r"\bnot (?:at|invited to) the table\b|"
            r"\bnot (?:invited|included|present)\b|\bexcluded\b|\bkept out\b",
            re.I,
        ),
        "excluded",
    ),
    (re.compile(r"\b(?:had|has|have|with|given)?\s*no (?:seat|place) at\b", re.I), " excluded at"),
    (
        re.compile(
            r"\bwithout\s+(?:any\s+)?((?:[A-Z][\w-]*\s+)?(?:(?:or|and|nor)\s+)?[A-Z][\w-]*)\s+"
            r"(?:participants|participation|involvement|representatives|representation|input|presence)\b"
        ),
        r"\1 excluded",
    ),
    (re.compile(r"\bwithout (?:the )?(?:participation|involvement|presence) of\b", re.I), "excluding"),
    (re.compile(r"\b(?:at|on|across|around) the (?:negotiating )?table\b", re.I), "at the talks"),
    (re.compile(r"\bover (?:its|their|his|her) heads?\b", re.I), "without it"),
    (re.compile(r"\bfound out\b|\bheard (?:about|of)\b|\blearn(?:ed|t) of\b", re.I), "learned"),
    (re.compile(r"\bset up\b|\bestablish(?:ed)?\b", re.I), "create"),
    (re.compile(r"\b(?:could|would|will|can)(?:\s+not|n't)\s+accept\b", re.I), "unacceptable"),
    (re.compile(r"\bmade (?:the|a|his|her) trip\b|\btraveled\b|\btravelled\b", re.I), "visited"),
    (re.compile(r"\bface-to-face\b|\bin-person\b|\bin person\b", re.I), "working"),
    (re.compile(r"\bbehind (?:\w+(?:'s)?\s+)?back\b", re.I), "behind-back"),
    (re.compile(r"\b(?:pay|paying|spend|spending) (?:their|its) (?:fair )?share\b", re.I), "spend enough"),
    (re.compile(r"\bU\.N\.", re.I), "UN"),
    (re.compile(r"\bnegotiating (?:team|delegation)(s?)\b", re.I), r"team\1"),
    # "the French capital" is Paris, unless the name follows ("the Saudi capital Riyadh")
    (
        re.compile(r"\b[Tt]he (" + "|".join(re.escape(k) for k in CAPITALS) + r") capital\b(?!\s+[A-Z])"),
        lambda m: CAPITALS[m.group(1)],
    ),
    (
        re.compile(
            r"\b(?:smooth|ease|normali[sz]e|facilitate|restore)\s+the\s+(?:work|operations?|functioning|staffing)\s+of\b|"
            r"\b(?:work|operate)\s+(?:normally|smoothly)\b",
            re.I,
        ),
        "function normally",
    ),
    (
        re.compile(
            r"\b(?:carry|carries|carrying|shoulder|bear|pay|take on)\s+(?:more of|a (?:bigger|greater|larger|"
            r"fairer) share of|more of)?\s*the\s+(?:cost|burden)s?\s+of\s+(their|its)\s+own\s+"
            r"(?:security|defen[cs]e)\b",
            re.I,
        ),
        r"spend enough on \1 own defense",
    ),
    (re.compile(r"\bon the sidelines? of\b", re.I), "during"),
    (
        re.compile(
            r"\b(?:put|puts|putting) (?:off|on hold)\b|\b(?:put|puts|putting) (?:it|the \w+) off\b", re.I
        ),
        "postponed",
    ),
    (
        re.compile(
            r"\b(?:did|does|do|will|would|could)(?:\s+not|n't)\s+(?:take part|attend|participate)\b|"
            r"\b(?:took|take|takes|had|has|have) no part\b",
            re.I,
        ),
        "excluded",
    ),
    (
        re.compile(
            r"\b[Nn]either\b([^.;]{1,60}?)\b(?:took part|attended|participated|"
            r"w(?:as|ere) (?:present|invited|included|represented)|had (?:a )?seats?)\b"
        ),
        r"\1 excluded",
    ),
    # absence is exclusion: "no Ukrainian official took part", "with no one from Kyiv in the room",
    # "without European representatives present"
    (
        re.compile(
            r"\b(?:[Nn]o|[Ww]ithout(?: any)?)\s+((?:one\s+from\s+)?(?:[\w-]+\s+){0,5}?)(?:took part|attended|"
            r"participated|w(?:as|ere) (?:present|invited|included)|had (?:a )?(?:seat|place)s?|present|"
            r"in the room)\b"
        ),
        r"\1 excluded",
    ),
    (re.compile(r"\bsign(?:s|ed|ing)?\s+(?:up|on)\s+to\b", re.I), "accept"),
    (re.compile(r"\bin (?:its|their|his|her) absence\b", re.I), "without it"),
    # "back in February" is a time, not backing
    (re.compile(r"\bback (?:in|then|when|at|on|during)\b", re.I), "earlier"),
    (re.compile(r"\b(?:with )?(?:due )?regard (?:for|to)\b", re.I), "taking into account"),
    (re.compile(r"\b(?:on )?(?:the|a) day before\b", re.I), "on the eve of"),
    (
        re.compile(
            r"\b(?:return(?:ed|s|ing)?|came back) to (?:the White House|office|power)\b|\binaugurat(?:ed|ion)\b",
            re.I,
        ),
        "took office",
    ),
    (re.compile(r"\b(?:t[ao]ok|take|taking|takes) part\b|\bparticipat(?:e|ed|es|ing)\b", re.I), "attended"),
]


def tokens(text: str) -> list[str]:
    """Surface tokens (words, dotted abbreviations such as U.S., numbers)."""
    return _TOKEN.findall(text)


def content_terms(text: str) -> list[str]:
    """Normalised content terms of a text, in order, stopwords removed (duplicates kept)."""
    t = text
    for pat, rep in _PHRASES:
        t = pat.sub(rep, t)
    out: list[str] = []
    for tok in tokens(t):
        low = tok.lower()
        if low in STOPWORDS and low != "us":
            continue
        if low == "us" and tok != "US":
            continue
        tm = term(low)
        if tm and tm not in STOPWORDS:
            out.append(tm)
    return out


_GENERIC_TERMS: set[str] = set()


def weight(t: str) -> float:
    """How much a term counts toward a claim's identity."""
    if not _GENERIC_TERMS:
        _GENERIC_TERMS.update(GENERIC, (term(w) for w in GENERIC))
    if t in _GENERIC_TERMS:
        return 0.3
    if t[:1].isdigit():
        return 1.5
    return 1.0


_FRAME = re.compile(
    r"(?:^|[,;]\s*|\s)(?:when|after|before|since|during|where|at which|in which|from which)\s+[^,;]*"
    r"|(?:^|,\s*)(?:meeting|speaking|talking|writing|visiting)\s+[^,;]*,"
    r"|\b(?:at|in|during|after|since)\s+(?:the|their|its|that|this|his|her)\s+(?:[\w.'’-]+\s+){0,2}?"
    r"(?:talks|meeting|summit|call|table)\b"
    # its own place or time ("in Riyadh last month"), not the claim after it ("... to stay in touch")
    r"(?:\s+(?:in|on|of|with|between|last|this|earlier)\b(?:\s+(?!to\b|and\b|that\b)[\w.'’-]+){1,3})*",
    re.I,
)


_RELATIVE = re.compile(r",\s*(?:which|who)\s+[^,;]*,")


def strip_frames(text: str) -> str:
    """The text without its framing phrases; the whole text when little else would be left."""
    rest = _FRAME.sub(" ", text)
    return rest if len(rest.split()) >= 4 else text


def frame_terms(text: str) -> frozenset[str]:
    """Terms found only in framing phrases ("when officials met in Riyadh", "at the talks in February"): they
    place a claim in time and count less when choosing which baseline fact the claim restates."""
    spans = [m.group(0) for pat in (_FRAME, _RELATIVE) for m in pat.finditer(text)]
    if not spans:
        return frozenset()
    rest = _RELATIVE.sub(" ", _FRAME.sub(" ", text))
    inside = {t for sp in spans for t in content_terms(sp)}
    return frozenset(inside - set(content_terms(rest)))
