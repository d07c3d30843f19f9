"""Readings added in engine 3.5: absence as exclusion, links by the people a recap names, asides set abroad,
offices taken on or left in other words, spans that start long ago, venues that are only modifiers, and months
read by tense. Sentences written for these tests (real facts, own words)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from factdiff import StoryModel
from factdiff.dates import extract_dates
from factdiff.models import Diff
from factdiff.text import content_terms

from .test_factdiff_diff import BASE_PUB, CONTEXT, RIYADH, RIYADH_SUMMARY, RIYADH_TITLE

TZ8 = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def riyadh() -> StoryModel:
    return StoryModel.from_article(RIYADH_TITLE, RIYADH, RIYADH_SUMMARY, BASE_PUB)


def diffs(
    model: StoryModel,
    sentence: str,
    title: str = "U.S. and Russia on Ukraine",
    days: int = 40,
    context: str = CONTEXT,
) -> list[Diff]:
    """All diffs of ``sentence``, second after ``context`` in a short article published ``days`` after the
    baseline."""
    out = model.diff(title, [context, sentence], "", BASE_PUB + timedelta(days=days))
    return [d for d in out if d.fact.paragraph == 1]


def strongest(model: StoryModel, sentence: str, **kw: object) -> Diff:
    order = {"changed": 3, "new": 2, "restated": 1, "unrelated": 0}
    return max(diffs(model, sentence, **kw), key=lambda d: order[d.label])  # type: ignore[arg-type]


# -- absence is exclusion ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "No Ukrainian diplomat took part in the session in Riyadh.",
        "The talks went ahead with no one from Kyiv or the European Union in the room.",
        "Washington and Moscow met without any European envoys present.",
        "Neither Kyiv nor Brussels was invited to the Saudi capital.",
        "Ukraine had no place at the table in Riyadh.",
    ],
)
def test_absence_reads_as_exclusion(sentence: str) -> None:
    assert "exclude" in content_terms(sentence)


def test_no_without_an_absence_verb_is_not_exclusion() -> None:
    assert "exclude" not in content_terms("No date was given for the next round of talks.")
    assert "exclude" not in content_terms("The sides parted without a joint statement.")


def test_an_absence_recap_links_to_the_exclusion_not_the_meeting(riyadh: StoryModel) -> None:
    d = strongest(
        riyadh, "Last month's meeting in Riyadh went ahead with no Ukrainian or European official present."
    )
    assert d.label == "restated", d.reason
    assert d.baseline is not None and "left out" in d.baseline.sentence


# -- a recap links to the fact that holds most of its people ---------------------------------------------


def test_a_roster_recap_links_to_the_fuller_roster(riyadh: StoryModel) -> None:
    d = strongest(
        riyadh, "Rubio, Waltz and Witkoff made up the American side at the Riyadh meeting last month."
    )
    assert d.label == "restated", d.reason
    assert d.baseline is not None and "Waltz" in d.baseline.sentence, d.baseline


# -- an aside set abroad -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "aside",
    [
        "Putin is due in Beijing next week for a state visit to China.",
        "Rubio will fly on to Tokyo for trade meetings with Japanese officials.",
    ],
)
def test_one_story_person_abroad_on_other_business_is_an_aside(riyadh: StoryModel, aside: str) -> None:
    d = strongest(riyadh, aside)
    assert d.label == "unrelated" and d.reason["rule"].startswith("aside"), d.reason


def test_the_articles_own_event_placed_abroad_stays_on_topic(riyadh: StoryModel) -> None:
    d = strongest(riyadh, "Trump said Hungary could host the summit.")
    assert d.label != "unrelated", d.reason


def test_a_country_the_headline_names_is_not_abroad(riyadh: StoryModel) -> None:
    d = strongest(riyadh, "Rubio arrived in Malaysia on Thursday.", title="Rubio and Lavrov meet in Malaysia")
    assert d.label != "unrelated", d.reason


# -- offices taken on or left, in other words ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "after"),
    [
        ("Rubio will take on the role of national security adviser for now.", "Rubio (acting)"),
        ("Rubio has been looking after the White House national security portfolio since May.", "Rubio"),
        ("Rubio stepped in as national security adviser.", "Rubio"),
    ],
)
def test_another_person_doing_a_baseline_office(riyadh: StoryModel, sentence: str, after: str) -> None:
    d = strongest(riyadh, sentence)
    assert d.label == "changed", d.reason
    assert d.change is not None and d.change.slot == "person" and after in d.change.after
    assert "Waltz" in d.change.before


@pytest.mark.parametrize(
    ("sentence", "after"),
    [
        ("Waltz served as national security adviser until May.", "left the post"),
        ("Waltz is no longer in his White House job.", "left the post"),
        ("Trump said he would nominate Waltz to be the next ambassador to the United Nations.", "ambassador"),
        ("Witkoff has been styled special envoy for peace missions since March.", "peace missions"),
    ],
)
def test_a_baseline_person_out_of_or_into_another_office(
    riyadh: StoryModel, sentence: str, after: str
) -> None:
    d = strongest(riyadh, sentence)
    assert d.label == "changed", d.reason
    assert d.change is not None and d.change.slot == "role" and after in d.change.after, d.change


def test_meeting_an_office_holder_is_no_office_change(riyadh: StoryModel) -> None:
    d = strongest(riyadh, "Rubio met National Security Adviser Mike Waltz at the White House on Monday.")
    assert d.label != "changed", d.reason


# -- spans, venues and months -------------------------------------------------------------------------------


def test_a_span_since_a_year_long_ago_is_not_history(riyadh: StoryModel) -> None:
    d = strongest(
        riyadh,
        "Dmitriev became the most senior Russian official to visit Washington since fighting escalated in 2022.",
    )
    assert d.label == "new", d.reason


def test_a_place_that_only_describes_a_person_is_no_venue(riyadh: StoryModel) -> None:
    d = strongest(
        riyadh, "Putin said he would gladly meet his U.S. counterpart but that it needed preparation."
    )
    assert d.label != "changed", d.reason


def test_a_month_in_a_past_tense_sentence_is_the_last_one() -> None:
    january = datetime(2026, 1, 10, tzinfo=TZ8)
    assert extract_dates("London hosted a summit in February.", january) == ("2025-02",)
    assert extract_dates("London will host a summit in February.", january) == ("2026-02",)


def test_an_article_about_a_story_persons_new_title_is_on_topic(riyadh: StoryModel) -> None:
    d = strongest(
        riyadh,
        "Witkoff has been styled special envoy for peace missions since March.",
        title="Envoy gets a wider brief",
        days=80,
        context="The new brief covers talks on several conflicts.",
    )
    assert d.label == "changed", d.reason


def test_a_language_and_a_next_meeting_are_no_venue_change(riyadh: StoryModel) -> None:
    d = strongest(
        riyadh,
        "Putin spoke of the understanding he had reached with Trump and proposed, in English, holding their next "
        "meeting in Moscow.",
    )
    assert d.label != "changed", d.reason


# -- engine 3.7 ----------------------------------------------------------------------------------------------


def test_a_topic_shift_with_one_story_word_is_an_aside(riyadh: StoryModel) -> None:
    d = strongest(riyadh, "Separately, German carmakers said sales improved in the spring.")
    assert d.label == "unrelated" and d.reason["rule"].startswith("aside"), d.reason


def test_a_compound_count_of_something_else_is_no_number_change(riyadh: StoryModel) -> None:
    d = strongest(riyadh, "Zelensky said the sides had agreed on most of a 20-point framework.")
    assert d.label != "changed", d.reason


def test_someone_taking_on_the_duties_of_the_office_just_spoken_of(riyadh: StoryModel) -> None:
    d = strongest(
        riyadh,
        "Rubio will take on the adviser's duties in the meantime.",
        title="Waltz out as national security adviser",
        days=70,
        context="Trump said Waltz would leave the national security adviser's post.",
    )
    assert d.label == "changed", d.reason
    assert d.change is not None and "Rubio" in d.change.after and "Waltz" in d.change.before
