"""Typed records of the fact engine: facts, the values they hold, and their diff against the baseline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Label = Literal["new", "changed", "restated", "unrelated"]
LABELS: tuple[Label, ...] = ("new", "changed", "restated", "unrelated")
DEVELOPMENT_LABELS: frozenset[str] = frozenset({"new", "changed"})


@dataclass(frozen=True)
class Quantity:
    """A number with its unit class, e.g. 4.5 hours -> Quantity(4.5, "hour", "four and a half hours")."""

    value: float
    unit: str  # normalised unit: "hour", "minute", "day", "percent", "vote", "usd", "" (bare count) ...
    text: str  # the words it was read from
    approx: bool = False  # "about", "nearly", "more than" ...
    bound: str = ""  # "min" for "more than"/"at least", "max" for "less than"/"up to", "" otherwise


@dataclass(frozen=True)
class Fact:
    """One claim: a sentence, or a clause of a sentence that carries several claims.

    ``sentence`` is the whole source sentence (the evidence shown to readers); ``text`` is the claim itself.
    """

    text: str
    sentence: str
    paragraph: int  # index of the paragraph in the article body
    position: int  # index of the fact in the article (0-based, dense)
    people: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[str, ...] = ()  # ISO dates or weekday names as resolved
    speaker: str | None = None  # who said it, for statements
    quote: str | None = None  # the quoted words, if any


@dataclass(frozen=True)
class Change:
    """What a ``changed`` fact changes: a typed before/after."""

    slot: str  # "number" | "person" | "role" | "status" | "place" | "stance" ...
    before: str
    after: str


@dataclass(frozen=True)
class Diff:
    """A fact compared with the baseline.

    ``baseline`` is the matched baseline fact (for changed/restated, and for the nearest one otherwise when
    useful for explanation); ``reason`` explains the decision in terms a reader can check: matched terms,
    compared values, the rule that fired.
    """

    fact: Fact
    label: Label
    score: float
    baseline: Fact | None = None
    change: Change | None = None
    reason: dict[str, object] = field(default_factory=dict)

    @property
    def is_development(self) -> bool:
        return self.label in DEVELOPMENT_LABELS
