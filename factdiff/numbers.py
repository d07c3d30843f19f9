"""Quantities with units: "four and a half hours", "an hour and a half", "90 minutes", "30-day", "5 percent",
"93 votes in favor, 18 against and 65 abstentions", "$3 billion", "more than six hours".

A ~150-line reader limited to the unit classes news facts use is safer than a general quantity library (which
reads "a U.S." as a mass unit and "an hour and a half" as two quantities). Durations are normalised to hours
(minute, hour) or days (day, week) so that "90 minutes" and "an hour and a half" compare equal.
"""

from __future__ import annotations

import re

from .models import Quantity

_SMALL = {
    "zero": 0,
    "no": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
    "dozen": 12,
    "half": 0.5,
}
_SCALE = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}

# longest first: "nine" must not take the start of "ninety" (nor "four" of "fourteen")
_WORD = (
    "(?:"
    + "|".join(
        sorted(
            [w for w in _SMALL if w not in ("a", "an", "half", "no")] + list(_SCALE), key=len, reverse=True
        )
    )
    + ")"
)
_NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|{_WORD}(?:[- ]{_WORD})*|an?(?= (?:hour|half|day|week|month|year|minute)))"
_HALF = r"(?:[- ]and[- ]a[- ]half)"
_QUAL = (
    r"(?:(?:about|around|roughly|nearly|almost|approximately|some|more than|over|at least|less than|"
    r"fewer than|under|up to|just over|just under|close to|well over|upwards of|an estimated)\s+)"
)
_UNIT = (
    r"(?:percent|per cent|percentage points?|%|hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?|months?|"
    r"years?|votes?|abstentions?|billion|million|trillion|dollars?|euros?|yuan|rubles?|kilometers?|km|"
    r"miles?|people|troops|soldiers|points?|countries|nations|rounds?|calls?|meetings?|prisoners?|"
    r"times|members?|ships?|drones?|missiles?|civilians?|delegates?|officials?|sanctions?)"
)
_Q = re.compile(
    rf"(?P<qual>{_QUAL})?(?P<cur>[$€£])?(?P<num>{_NUM})(?P<half1>{_HALF})?"
    rf"(?:(?P<sep>[\s-]+)(?P<mult>billion|million|trillion|thousand)\b)?"
    rf"(?:(?:[\s-]*)(?P<unit>{_UNIT})(?![A-Za-z]))?(?P<half2>{_HALF})?"
    rf"(?P<against>\s+(?:votes?\s+)?(?:in favou?r|against))?",
    re.I,
)

_UNIT_NORM = {
    "percent": ("percent", 1.0),
    "per cent": ("percent", 1.0),
    "%": ("percent", 1.0),
    "percentage point": ("percentage point", 1.0),
    "hour": ("hour", 1.0),
    "hr": ("hour", 1.0),
    "minute": ("hour", 1 / 60),
    "min": ("hour", 1 / 60),
    "second": ("hour", 1 / 3600),
    "day": ("day", 1.0),
    "week": ("day", 7.0),
    "month": ("month", 1.0),
    "year": ("year", 1.0),
    "dollar": ("usd", 1.0),
    "euro": ("eur", 1.0),
    "yuan": ("cny", 1.0),
    "ruble": ("rub", 1.0),
    "kilometer": ("km", 1.0),
    "km": ("km", 1.0),
    "mile": ("km", 1.609),
    "vote": ("vote", 1.0),
    "abstention": ("abstention", 1.0),
    "people": ("people", 1.0),
    "troops": ("troops", 1.0),
    "soldier": ("troops", 1.0),
    "country": ("country", 1.0),
    "countries": ("country", 1.0),
    "nation": ("country", 1.0),
    "nations": ("country", 1.0),
    "times": ("times", 1.0),
}
_CUR = {"$": "usd", "€": "eur", "£": "gbp"}
_APPROX_MIN = {"more than", "over", "at least", "just over", "well over", "upwards of"}
_APPROX_MAX = {"less than", "fewer than", "under", "up to", "just under"}


MEASURE_UNITS: frozenset[str] = frozenset(u for u, _f in _UNIT_NORM.values()) | set(_CUR.values())


def word_number(text: str) -> float | None:
    """Value of a number written in digits or words ("four", "twenty-five", "two hundred", "1,200", "4.5")."""
    t = text.lower().replace(",", "").strip()
    try:
        return float(t)
    except ValueError:
        pass
    total = 0.0
    current = 0.0
    seen = False
    for w in re.split(r"[- ]+", t):
        if not w or w == "and":
            continue
        if w in _SMALL:
            current += _SMALL[w]
            seen = True
        elif w in _SCALE:
            current = (current or 1) * _SCALE[w]
            if _SCALE[w] >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _unit_key(unit: str) -> str:
    u = unit.lower()
    if u in _UNIT_NORM:
        return u
    if u.endswith("s") and u[:-1] in _UNIT_NORM:
        return u[:-1]
    return u.rstrip("s") if u not in ("times", "people", "troops") else u


def _is_date_number(text: str, m: re.Match[str]) -> bool:
    """Years (2035), days of month (February 18) and clock times are not quantities."""
    num = m.group("num")
    if m.group("unit") or m.group("cur"):
        return False
    if re.fullmatch(r"(1[89]|20|21)\d\d", num):
        return True
    before = text[max(0, m.start() - 12) : m.start()].lower()
    return bool(re.search(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+$", before)) or bool(
        re.match(r"\s*(?:a\.m\.|p\.m\.|GMT|:)", text[m.end() :])
    )


_AND_MINUTES = re.compile(rf"\s+and\s+(\d+|{_WORD}(?:[- ]{_WORD})?)\s+minutes?\b", re.I)


def parse_quantities(text: str) -> tuple[Quantity, ...]:
    """All quantities of a text, in order. Bare small counts without a unit are skipped (too ambiguous)."""
    out: list[Quantity] = []
    skip_to = 0
    for m in _Q.finditer(text):
        num = m.group("num")
        if not num or not m.group(0).strip() or m.start() < skip_to:
            continue
        if num.lower() in ("a", "an") and not (m.group("unit") or m.group("half1") or m.group("half2")):
            continue
        if _is_date_number(text, m):
            continue
        start = m.start("num")
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".:/"):
            continue  # inside a word, a decimal or a time
        value = word_number(num)
        if value is None:
            continue
        if m.group("half1") or m.group("half2"):
            value += 0.5
        if m.group("mult"):
            value *= _SCALE[m.group("mult").lower()]
        unit_raw = (m.group("unit") or "").lower()
        unit = ""
        if unit_raw in ("billion", "million", "trillion"):
            value *= _SCALE[unit_raw]
            unit_raw = ""
            rest = re.match(r"\s+(dollars?|euros?|yuan|rubles?)\b", text[m.end() :], re.I)
            if rest:
                unit_raw = rest.group(1).lower()
        if unit_raw:
            key = _unit_key(unit_raw)
            unit, factor = _UNIT_NORM.get(key, (key, 1.0))
            value *= factor
        if m.group("cur"):
            unit = _CUR[m.group("cur")]
        against = (m.group("against") or "").strip().lower()
        if against:
            unit = "vote_against" if against.endswith("against") else "vote_for"
        elif unit == "vote":
            tail = text[m.end() : m.end() + 16].lower()
            if re.match(r"\s+to\s+", tail):
                unit = "vote_for"
        if not unit:
            # "18 against", "10 votes to zero": the number after "to" in a vote tally counts against.
            if re.search(r"votes?\s+to\s*$", text[max(0, m.start() - 12) : m.start()].lower()):
                unit = "vote_against"
            else:
                # a counted noun, maybe after one adjective: "three main points", "300 prisoners"
                noun = re.match(r"[\s-]+(?:[a-z]+[\s-]+)?([a-z]{3,}s)\b", text[m.end() :])
                if noun is None or noun.group(1) in ("was", "has", "is", "its", "this", "thus", "plus"):
                    continue
                from .text import term

                unit = term(noun.group(1))
                if value < 3:
                    continue  # "two sides", "two delegations": who, not how many
        if re.match(r"\s+(?:before|after|ago|earlier|later|from now)\b", text[m.end() :]):
            continue  # "a week before the talks", "three years ago": a time reference, not a measured figure
        qual = (m.group("qual") or "").strip().lower()
        approx = bool(qual)
        text_span = m.group(0).strip()
        if m.group("against"):
            text_span = text_span
        bound = "min" if qual in _APPROX_MIN else "max" if qual in _APPROX_MAX else ""
        if unit == "hour" and value >= 1:
            # "two hours and 45 minutes": one duration
            mins = _AND_MINUTES.match(text, m.end())
            mv = word_number(mins.group(1)) if mins else None
            if mins and mv is not None:
                value += mv / 60
                text_span = f"{text_span}{mins.group(0)}"
                skip_to = mins.end()
        out.append(Quantity(value=round(value, 4), unit=unit, text=text_span, approx=approx, bound=bound))
    return tuple(out)


def compatible(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities of one unit can describe the same value ("about 90 minutes" ~ "an hour and a half";
    "more than six hours" is not compatible with 4.5 hours)."""
    if a.unit != b.unit:
        return True
    lo_a, hi_a = _range(a)
    lo_b, hi_b = _range(b)
    return lo_a <= hi_b and lo_b <= hi_a


def _range(q: Quantity) -> tuple[float, float]:
    v = q.value
    if q.bound == "min":
        return v, v * 1.6 + 1
    if q.bound == "max":
        return v * 0.6, v
    if q.approx:
        return v * 0.93, v * 1.07
    return v * 0.999, v * 1.001
