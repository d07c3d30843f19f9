"""Sentence and clause splitting, and the filter that drops units that are not facts.

Rules instead of a model: news English has few sentence shapes, and a rule splitter is ~100x faster than a
parser. The hard parts are periods that do not end a sentence (U.S., Feb. 18, Mr., St. Petersburg, 4.5, p.m.)
and quotes that hold several sentences.
"""

from __future__ import annotations

import re

from .lexicon import SENTENCE_STARTERS
from .text import clean

# Abbreviations after which a period never ends a sentence (titles, "No. 1", "St. Petersburg", "vs.").
_NEVER_END = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "sen",
        "rep",
        "gov",
        "pres",
        "rev",
        "st",
        "mt",
        "no",
        "nos",
        "vs",
        "fig",
        "jr",
        "sr",
        "messrs",
        "adm",
        "cmdr",
        "gov's",
        "sen's",
        "est",
        "approx",
        "dept",
        "univ",
        "inc",
        "ltd",
        "co",
        "corp",
        "ft",
    ]
)
# Abbreviations that usually do not end a sentence but may ("... talks with the U.S. The meeting ...").
_MAYBE_END = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
        "d.c",
        "hrs",
        "hr",
        "mins",
        "min",
        "etc",
        "al",
    ]
)
# Words that start a new sentence often enough to overrule a _MAYBE_END abbreviation.
_STARTERS = SENTENCE_STARTERS

_BOUNDARY = re.compile(r"([.!?]+)([\"')\]]*)(\s+)(?=[\"'(\[]?[A-Z0-9])")

_NON_FACT = re.compile(
    r"^(read more|related|share|subscribe|sign up|follow us|copyright|source\(s\)|by continuing to browse|"
    r"cookie|choose your language|advertisement|click here|watch|video|photo|file photo|editor)\b",
    re.I,
)
_CREDIT = re.compile(
    r"[/(]\s*(?:vcg|xinhua|afp|reuters|ap|cfp|getty images|getty|cgtn|epa|tass|cnsphoto|ic)\s*\)?\s*$", re.I
)


def _ends_sentence(text: str, dot_index: int, next_word: str) -> bool:
    """Decide whether the period at ``dot_index`` closes the sentence, looking at the word before it."""
    start = dot_index
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot_index].lower().rstrip(".")
    if not word:
        return True
    if len(word) == 1 and text[start].isupper():
        return False  # an initial: "Donald J. Trump"
    if word in _NEVER_END:
        return False
    if word in _MAYBE_END or ("." in word and len(word) <= 5):
        return next_word in _STARTERS
    return True


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside straight double quotes; an unbalanced quote disables quote-awareness (bad markup)."""
    idx = [m.start() for m in re.finditer('"', text)]
    if len(idx) % 2:
        return []
    return [(idx[i], idx[i + 1]) for i in range(0, len(idx), 2)]


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences."""
    text = clean(paragraph)
    if not text:
        return []
    quotes = _quote_spans(text)
    out: list[str] = []
    last = 0
    for m in _BOUNDARY.finditer(text):
        punct_end = m.end(1)
        dot = m.start(1)
        if any(a < dot < b for a, b in quotes) and not m.group(2).startswith('"'):
            continue
        rest = text[m.end() :]
        next_word = re.match(r"[\"'(\[]?([A-Za-z0-9]+)", rest)
        nw = next_word.group(1) if next_word else ""
        if text[dot] == "." and m.group(1) == "." and not _ends_sentence(text, dot, nw):
            continue
        if text[dot] == "." and dot > 0 and text[dot - 1].isdigit() and nw[:1].isdigit():
            continue
        end = punct_end + len(m.group(2))
        piece = text[last:end].strip()
        if piece:
            out.append(piece)
        last = m.end()
    tail = text[last:].strip()
    if tail:
        out.append(tail)
    return out


def is_fact_sentence(sentence: str) -> bool:
    """False for page furniture: headings, reader questions, captions with a photo credit, link lists."""
    s = sentence.strip()
    if len(s.split()) < 4:
        return False
    if _NON_FACT.match(s) or _CREDIT.search(s):
        return False
    if s.endswith(("?", '?"')):
        return False
    return bool(re.search(r"[.!][\"')\]]*$|[\"'][.!]?$", s))


_FINITE = re.compile(
    r"\b(?:is|are|was|were|will|would|has|have|had|can|could|said|says|agreed|met|held|invited|called|"
    r"canceled|cancelled|named|appointed|lasted|took|left|signed|voted|passed|adopted|announced|added|"
    r"stressed|accused|urged|warned|rejected|refused|ended|began|plans|planned|wants|wanted|told|spoke|"
    r"made|gave|went|came|sent|won|lost|flew|wrote|thought|said|met|held|kept|led|brought|sought|struck|"
    r"does|did|must|should|may|might|shall|"
    r"[a-z]{3,}ed)\b"
)
_CLAUSE_CUT = re.compile(r"(?:,\s+(?:and|but|while|whereas)\s+|;\s+)")


def split_clauses(sentence: str) -> list[str]:
    """Cut a sentence into clause-level claims where coordinated clauses each carry their own verb.

    Only cuts at ", and"/", but"/", while"/";" outside quotes, and only when both sides have a finite verb and at
    least four words, so "Russia and the U.S. agreed ..." or lists of names are never cut. Each piece is a
    verbatim substring of the sentence.
    """
    quotes = _quote_spans(sentence)
    pieces: list[str] = []
    last = 0
    for m in _CLAUSE_CUT.finditer(sentence):
        if any(a < m.start() < b for a, b in quotes):
            continue
        left = sentence[last : m.start()]
        right_rest = sentence[m.end() :]
        nxt = _CLAUSE_CUT.search(right_rest)
        right = right_rest[: nxt.start()] if nxt else right_rest
        if (
            len(left.split()) >= 4
            and len(right.split()) >= 4
            and _FINITE.search(left)
            and _FINITE.search(right)
            # the right side should start a clause (subject then verb), not continue the left verb's object
            and not re.match(r"(?:that|to|for|with|in|on|at|from|by)\b", right)
        ):
            pieces.append(left.strip())
            last = m.end()
    pieces.append(sentence[last:].strip())
    return [p for p in pieces if p]
