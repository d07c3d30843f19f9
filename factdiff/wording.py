"""The learned part of the restated-or-new decision: a small logistic model over wording evidence.

Hand thresholds on one coverage figure at a time were tuned sentence by sentence and held up worse on coverage
they had never seen. This model weighs the same kinds of evidence together (how much of the fact the matched
baseline fact holds and the other way round, what the fact adds, whether it recalls the baseline's occasion,
where it sits in the article) with weights fitted on the labelled tuning sets by ``python -m
factdiff.train`` (see ``factdiff.logistic``).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from functools import lru_cache

from .logistic import LogisticModel, load


@dataclass(frozen=True)
class WordingEvidence:
    """What the engine measured about a fact and the baseline fact it was linked to (all in 0..1 or counts)."""

    cov: float  # share of the fact's term weight the baseline fact holds
    back: float  # share of the baseline fact's term weight the fact holds
    cov_main: float  # as ``cov``, framing phrases left out
    novel: float  # share of the fact's term weight the story never uses
    novel_main: float  # as ``novel``, framing phrases left out
    claim_cov: float  # share of the claim's own words (no people, places, titles) the baseline fact holds
    claim_size: int  # number of the claim's own words
    pair_cov: float  # share of the fact's term weight held by the linked fact and a neighbour together
    link: float  # fused link score of the best baseline fact
    margin: float  # its lead over the second-best baseline fact
    shared_people: int  # story people (named or described) the fact shares with the baseline fact
    story_people: int  # story people the fact names
    novel_people: int  # people the story does not know
    novel_figures: int  # figures no baseline fact holds
    recap: bool  # points back at the baseline's occasion (its date, or its city with a past marker)
    past: bool  # a past marker: "had", "at the time", "earlier", "then"
    framed: bool  # carries a framing phrase ("when they met in Riyadh")
    speaker: bool  # a statement with a speaker
    modal: bool  # would / will / could
    same_figure: bool  # holds the linked baseline fact's figure
    pluperfect: bool  # "had agreed", "had been": told as background
    quoted: bool  # carries quoted words
    unclaimed: bool  # the claim's own words are not the linked fact's (an act or a meeting of its own)
    habitual: bool  # "has long said", "has repeatedly insisted": a standing position, not a fresh statement
    back_reference: bool  # "that meeting", "at the time", "back in": points at an earlier occasion
    position: float  # 0 for the article's first fact, 1 for its last
    own_event: bool  # the article reports an event of its own, well after the baseline
    length: int  # content terms in the fact

    def vector(self) -> list[float]:
        """The model's inputs, in ``FEATURE_NAMES`` order: flags as 0/1, counts capped, lengths logged, and two
        hinges below which a restatement is rare (so a linear weight can bend there)."""
        v: dict[str, float] = {k: float(x) for k, x in asdict(self).items()}
        v.update(
            cov_shortfall=max(0.0, 0.3 - self.cov),
            link_shortfall=max(0.0, 0.35 - min(self.link, 1.5)),
            claim_size=min(self.claim_size, 8) / 8,
            link=min(self.link, 1.5),
            margin=min(self.margin, 1.0),
            shared_people=min(self.shared_people, 3) / 3,
            story_people=min(self.story_people, 3) / 3,
            novel_people=float(min(self.novel_people, 2)),
            novel_figures=float(min(self.novel_figures, 2)),
            length=math.log1p(self.length) / 3,
            # a short act whose claim the baseline fact lacks ("Zelensky attended the summit"): few words, so
            # coverage figures run high by chance
            unclaimed_short=float(self.unclaimed and self.length <= 6),
        )
        return [v[name] for name in FEATURE_NAMES]


FEATURE_NAMES: tuple[str, ...] = (
    "cov",
    "cov_shortfall",
    "link_shortfall",
    *(f.name for f in fields(WordingEvidence) if f.name != "cov"),
    "unclaimed_short",
)


@lru_cache(maxsize=1)
def default_model() -> LogisticModel | None:
    """The fitted weights shipped with the package (``weights/wording.json``); None before the first fit."""
    return load("wording", FEATURE_NAMES)
