"""Changes said in other words, and the readings they rest on (engine 3.0), on sentences written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from factdiff import StoryModel
from factdiff.dates import extract_dates
from factdiff.entities import extract_entities
from factdiff.models import Diff
from factdiff.numbers import parse_quantities

BASELINE = [
    "Senior Russian and U.S. officials held four and a half hours of talks in Riyadh on Tuesday.",
    "Secretary of State Marco Rubio, National Security Adviser Mike Waltz and Steve Witkoff, the special envoy "
    "for the Middle East, attended for the United States.",
    "Under President Joe Biden, the United States had aligned with Europe in supporting Ukraine with military aid "
    "and sanctions on Russia.",
    "About a week before the talks, Trump and Putin held a phone call that lasted about 90 minutes. "
    "According to Kremlin spokesman Dmitry Peskov, the leaders agreed to arrange a working meeting in a third "
    "country soon.",
]
PUBLISHED = datetime(2025, 2, 18, 18, 0, tzinfo=UTC)
CONTEXT = "Russian and U.S. officials have held several rounds of talks on Ukraine since February."


@pytest.fixture(scope="module")
def model() -> StoryModel:
    return StoryModel.from_article("U.S., Russia hold talks in Riyadh", BASELINE, "", PUBLISHED)


def diff(model: StoryModel, sentence: str, days: int = 60, context: str = CONTEXT) -> Diff:
    """The diff of ``sentence``, second in a short on-topic article published ``days`` after the baseline."""
    diffs = model.diff(
        "U.S. and Russia on Ukraine", [context, sentence], "", PUBLISHED + timedelta(days=days)
    )
    return diffs[-1]


@pytest.mark.parametrize(
    ("sentence", "after"),
    [
        ("Trump said on Thursday he would nominate Waltz as U.N. ambassador.", "ambassador"),
        ("Waltz was confirmed by the Senate last week as ambassador to the United Nations.", "ambassador"),
        (
            "Witkoff, who now carries the title of special envoy for peace missions, flew to Moscow.",
            "peace missions",
        ),
        (
            "Witkoff, whose formal title changed in March to special envoy for peace missions, met Putin.",
            "peace",
        ),
    ],
)
def test_a_baseline_person_in_another_office(model: StoryModel, sentence: str, after: str) -> None:
    d = diff(model, sentence)
    assert d.label == "changed", d.reason
    assert d.change is not None and d.change.slot == "role" and after in d.change.after


def test_an_office_not_unlike_the_old_one_is_no_move(model: StoryModel) -> None:
    d = diff(model, "Rubio confirmed that Witkoff would travel as envoy.")
    assert d.label != "changed", d.reason


def test_a_third_country_meeting_set_on_a_partys_soil_is_a_changed_venue(model: StoryModel) -> None:
    d = diff(model, "Trump said on Friday he would meet Putin in Alaska on August 15.", days=170)
    assert d.label == "changed", d.reason
    assert d.change is not None and d.change.slot == "place" and "Alaska" in d.change.after


def test_a_third_country_named_is_a_detail_not_a_change(model: StoryModel) -> None:
    d = diff(model, "Trump said he would meet Putin in Budapest within two weeks.", days=240)
    assert d.label == "new", d.reason


@pytest.mark.parametrize(
    "sentence",
    [
        "Washington paused military aid and intelligence sharing with Kyiv on Monday.",
        "The United States halted all military assistance to Ukraine after the Oval Office row.",
    ],
)
def test_backing_withdrawn_is_a_changed_stance(model: StoryModel, sentence: str) -> None:
    d = diff(model, sentence, days=14)
    assert d.label == "changed", d.reason
    assert d.change is not None and d.change.slot == "stance" and d.change.before == "supporting Ukraine"


def test_backing_resumed_is_not_a_withdrawal(model: StoryModel) -> None:
    d = diff(model, "Washington said it would lift its pause on intelligence sharing with Kyiv.", days=21)
    assert d.reason.get("rule") != "support withdrawn", d.reason


def test_number_words_are_read_longest_first() -> None:
    assert [q.value for q in parse_quantities("the call went on for roughly ninety minutes")] == [1.5]
    assert [q.value for q in parse_quantities("fourteen hours of talks")] == [14.0]
    assert [q.value for q in parse_quantities("sixty-five abstentions")] == [65.0]


def test_relative_and_abbreviated_dates_resolve() -> None:
    ref = datetime(2025, 3, 25, tzinfo=UTC)
    assert extract_dates("Last month's meeting in the same city", ref) == ("2025-02",)
    assert extract_dates("Their first call, on Feb. 12, was long", ref) == ("2025-02-12",)


def test_a_recap_dated_by_an_abbreviation_is_restated(model: StoryModel) -> None:
    d = diff(model, "Their first call, on Feb. 12, lasted an hour and a half.", days=35)
    assert d.label == "restated", d.reason


def test_a_dotted_abbreviation_is_never_a_person() -> None:
    ents = extract_entities("He met the U.N. chief in New York.")
    assert "u.n" not in ents.person_keys and "U.N." in ents.organisations


SAUDI_BASELINE = [
    "Ukrainian President Volodymyr Zelensky, who was visiting Türkiye, said talks should not be held behind "
    "Ukraine's back.",
    "He canceled a planned visit to Saudi Arabia.",
    "Secretary of State Marco Rubio and National Security Adviser Mike Waltz attended for the United States.",
]


SAUDI_CONTEXT = "Zelensky, Rubio and Waltz have met several times since February to discuss ending the war."


@pytest.fixture(scope="module")
def saudi() -> StoryModel:
    return StoryModel.from_article("Zelensky cancels Saudi trip", SAUDI_BASELINE, "", PUBLISHED)


def test_a_cancelled_visit_made_after_all_shows_as_a_meeting_there(saudi: StoryModel) -> None:
    d = diff(
        saudi,
        "Zelensky held talks with Saudi Crown Prince Mohammed bin Salman in Jeddah on Monday.",
        20,
        SAUDI_CONTEXT,
    )
    assert d.label == "changed", d.reason
    assert d.change is not None and d.change.slot == "status" and d.change.before == "canceled"


def test_a_meeting_elsewhere_is_not_the_cancelled_visit(saudi: StoryModel) -> None:
    d = diff(
        saudi,
        "Zelensky held talks with French President Emmanuel Macron in Paris on Monday.",
        20,
        SAUDI_CONTEXT,
    )
    assert d.label != "changed", d.reason


def test_leaving_an_unnamed_post_is_leaving_the_baseline_office(saudi: StoryModel) -> None:
    d = diff(
        saudi,
        "Waltz has since left his White House post and now represents the country at the UN.",
        90,
        SAUDI_CONTEXT,
    )
    assert d.label == "changed", d.reason
    assert d.change is not None and "national security adviser" in d.change.before


def test_doing_another_persons_job_on_an_interim_basis(saudi: StoryModel) -> None:
    d = diff(
        saudi,
        "Rubio has been doing the national security adviser's job on an interim basis since May.",
        90,
        SAUDI_CONTEXT,
    )
    assert d.label == "changed", d.reason
    assert d.change is not None and d.change.slot == "person" and "Rubio" in d.change.after


def test_aid_put_on_hold_is_backing_withdrawn(model: StoryModel) -> None:
    d = diff(model, "The United States has put all of its military assistance to Ukraine on hold.", 14)
    assert d.label == "changed", d.reason
    assert d.change is not None and d.change.slot == "stance"


def test_a_century_is_history() -> None:
    assert extract_dates("It was the seat of Ottoman sultans in the 19th century.") == ("1900",)
