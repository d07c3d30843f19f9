"""Date expressions of a fact, resolved against the article's publication time.

Dates decide whether two facts are about one occasion: "on Friday" in an article of 12 April is 11 April, so
talks held then are not the talks of 18 February, however alike the wording. Values are strings:
"2025-02-18" (a day), "2025-02" (a month), "2025" (a year), "~2025-02-12" (about that day, "last week"), or a
lower-case weekday name when no publication time is known.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_RE = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sep(?:tember|t?\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DATE_RE = re.compile(
    rf"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    rf"|\b(?P<m1>{_MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|\b(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_RE})(?:\s+(?P<y2>\d{{4}}))?"
    rf"|\b(?i:in|since|during|early|late|mid-|earlier|until|of)\s+(?:(?:early|late|mid-?)\s*)?(?P<m3>{_MONTH_RE})"
    rf"(?:\s+(?P<y3>\d{{4}}))?\b"
    rf"|\b(?P<rel>(?i:yesterday|today|last week|this week|last month|this month|earlier this month|"
    rf"earlier this week|last year|next week|next month))\b"
    rf"|\bin\s+(?P<y4>1[5-9]\d\d|20\d\d)\b"
    rf"|\b(?P<century>1[0-9]|[1-9])(?:st|nd|rd|th)[- ]century\b"
)


def _month(text: str) -> int:
    return _MONTHS[text.lower().rstrip(".")[:4] if text.lower().startswith("sept") else text.lower()[:3]]


_FUTURE = re.compile(
    r"\b(?:will|would|shall|is due|are due|(?:is|are) set to|(?:is|are) expected|plans? to|planned|"
    r"scheduled|next|upcoming|to be held)\b",
    re.I,
)
_PAST = re.compile(r"\b(?:was|were|had|did|met|held|took|said|began|came|went|\w{3,}ed)\b", re.I)


def _year_for(month: int, day: int | None, ref: date | None, past: bool = False) -> int | None:
    if ref is None:
        return None
    y = ref.year
    probe = date(y, month, min(day or 1, 28))
    # "in December" written in January is last year's December; "hosted ... in February" written in
    # January is last February, not the coming one
    if probe > ref + timedelta(days=7 if past else 60):
        y -= 1
    return y


def extract_dates(text: str, published_at: datetime | None = None) -> tuple[str, ...]:
    """Resolve the date expressions of ``text`` (see module doc for the value forms)."""
    ref = published_at.date() if published_at is not None else None
    past = bool(_PAST.search(text)) and not _FUTURE.search(text)
    out: list[str] = []
    for m in _DATE_RE.finditer(text):
        val: str | None = None
        if m.group("wd"):
            wd = m.group("wd").lower()
            if ref is None:
                val = wd
            else:
                back = (ref.weekday() - WEEKDAYS.index(wd)) % 7
                if re.search(r"\bnext\s+$", text[max(0, m.start() - 6) : m.start()], re.I):
                    val = (ref + timedelta(days=(7 - back) % 7 or 7)).isoformat()
                else:
                    val = (ref - timedelta(days=back)).isoformat()
        elif m.group("m1") or m.group("m2"):
            mon = _month(m.group("m1") or m.group("m2"))
            day = int(m.group("d1") or m.group("d2"))
            if not 1 <= day <= 31:
                continue
            ytxt = m.group("y1") or m.group("y2")
            year = int(ytxt) if ytxt else _year_for(mon, day, ref, past)
            if year is None:
                val = f"--{mon:02d}-{day:02d}"
            else:
                try:
                    val = date(year, mon, day).isoformat()
                except ValueError:
                    continue
        elif m.group("m3"):
            mon_txt = m.group("m3")
            if mon_txt.lower() == "may" and not re.match(r"(?i)in\s", m.group(0)):
                continue
            mon = _month(mon_txt)
            year = int(m.group("y3")) if m.group("y3") else _year_for(mon, None, ref, past)
            val = f"{year}-{mon:02d}" if year else f"--{mon:02d}"
        elif m.group("y4"):
            val = m.group("y4")
        elif m.group("century"):
            val = str(int(m.group("century")) * 100)  # "the 19th century": history, dated by its last year
        elif m.group("rel") and ref is not None:
            rel = m.group("rel").lower()
            if rel == "yesterday":
                val = (ref - timedelta(days=1)).isoformat()
            elif rel == "today":
                val = ref.isoformat()
            elif rel in ("last week",):
                val = "~" + (ref - timedelta(days=7)).isoformat()
            elif rel in ("this week", "earlier this week"):
                val = "~" + (ref - timedelta(days=2)).isoformat()
            elif rel == "next week":
                val = "~" + (ref + timedelta(days=7)).isoformat()
            elif rel in ("this month", "earlier this month"):
                val = f"{ref.year}-{ref.month:02d}"
            elif rel == "last month":
                prev = ref.replace(day=1) - timedelta(days=1)
                val = f"{prev.year}-{prev.month:02d}"
            elif rel == "next month":
                nxt = (ref.replace(day=28) + timedelta(days=5)).replace(day=1)
                val = f"{nxt.year}-{nxt.month:02d}"
            elif rel == "last year":
                val = str(ref.year - 1)
        if val and val not in out:
            out.append(val)
    return tuple(out)


def date_range(value: str) -> tuple[date, date] | None:
    """The days a date value may denote, or None for unresolved values (weekday names, yearless dates)."""
    approx = value.startswith("~")
    v = value.lstrip("~")
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", v):
            d = date.fromisoformat(v)
            pad = timedelta(days=4 if approx else 0)
            return d - pad, d + pad
        if re.fullmatch(r"\d{4}-\d\d", v):
            y, mo = int(v[:4]), int(v[5:])
            start = date(y, mo, 1)
            end = (start.replace(day=28) + timedelta(days=5)).replace(day=1) - timedelta(days=1)
            return start, end
        if re.fullmatch(r"\d{4}", v):
            return date(int(v), 1, 1), date(int(v), 12, 31)
    except ValueError:
        return None
    return None


def overlaps(a: str, b: str) -> bool | None:
    """Whether two date values can denote the same day (None when either is unresolved)."""
    ra, rb = date_range(a), date_range(b)
    if ra is None or rb is None:
        if a.lstrip("~") == b.lstrip("~"):
            return True
        return None
    return ra[0] <= rb[1] and rb[0] <= ra[1]
