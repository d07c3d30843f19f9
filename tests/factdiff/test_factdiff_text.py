"""Splitting, quantities and dates on sentences written for these tests."""

from datetime import datetime, timedelta, timezone

import pytest

from factdiff.dates import extract_dates
from factdiff.numbers import compatible, parse_quantities
from factdiff.split import is_fact_sentence, split_clauses, split_sentences

TZ8 = timezone(timedelta(hours=8))


def test_abbreviations_decimals_and_quotes_do_not_split() -> None:
    para = (
        "U.S. Secretary of State Marco Rubio arrived on Feb. 17 with Mr. Witkoff. The talks lasted 4.5 hours and "
        "ended at 3 p.m. local time. Gen. Keith Kellogg, the envoy, met Sen. Graham in St. Petersburg. "
        '"We had a good meeting. We will meet again," Lavrov said. Then he left.'
    )
    assert split_sentences(para) == [
        "U.S. Secretary of State Marco Rubio arrived on Feb. 17 with Mr. Witkoff.",
        "The talks lasted 4.5 hours and ended at 3 p.m. local time.",
        "Gen. Keith Kellogg, the envoy, met Sen. Graham in St. Petersburg.",
        '"We had a good meeting. We will meet again," Lavrov said.',
        "Then he left.",
    ]


def test_sentence_ending_in_abbreviation_splits_before_a_new_sentence() -> None:
    assert split_sentences("Kyiv was not invited by the U.S. The meeting ended early.") == [
        "Kyiv was not invited by the U.S.",
        "The meeting ended early.",
    ]


@pytest.mark.parametrize(
    "unit",
    [
        "Serious discussion",
        "What happens next for Ukraine?",
        "Delegations arrive at the palace in Riyadh. /VCG",
        "Read more: Putin and Trump talk by phone",
        "By continuing to browse our site you agree to our use of cookies.",
    ],
)
def test_page_furniture_is_not_a_fact(unit: str) -> None:
    assert not is_fact_sentence(unit)


def test_a_plain_news_sentence_is_a_fact() -> None:
    assert is_fact_sentence("The delegations met for six hours in Istanbul on Thursday.")


def test_clause_split_keeps_verbatim_pieces() -> None:
    s = "Darchiev met Coulter in Istanbul on Thursday, and the two sides agreed to meet again in the spring."
    pieces = split_clauses(s)
    assert pieces == [
        "Darchiev met Coulter in Istanbul on Thursday",
        "the two sides agreed to meet again in the spring.",
    ]
    assert all(p in s for p in pieces)


def test_clause_split_leaves_coordinated_names_alone() -> None:
    s = "Lavrov and Rubio agreed to keep in contact, and to remove obstacles to trade."
    assert split_clauses(s) == [s]


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("talks lasted four and a half hours", 4.5, "hour", False),
        ("they spoke for an hour and a half", 1.5, "hour", False),
        ("a call of about 90 minutes", 1.5, "hour", True),
        ("a 30-day ceasefire on energy sites", 30.0, "day", False),
        ("spending of 5 percent of GDP", 5.0, "percent", False),
        ("a rise of 2.5%", 2.5, "percent", False),
        ("more than six hours of talks", 6.0, "hour", True),
        ("a four-and-a-half-hour meeting", 4.5, "hour", False),
        ("the sides reached agreement on three main points", 3.0, "point", False),
        ("$3 billion in aid", 3_000_000_000.0, "usd", False),
    ],
)
def test_quantities(text: str, value: float, unit: str, approx: bool) -> None:
    qs = [q for q in parse_quantities(text) if q.unit == unit]
    assert qs, parse_quantities(text)
    assert qs[0].value == pytest.approx(value)
    assert qs[0].approx is approx


def test_vote_tallies() -> None:
    qs = parse_quantities("adopted with 93 votes in favor, 18 against and 65 abstentions")
    assert [(q.value, q.unit) for q in qs] == [(93, "vote_for"), (18, "vote_against"), (65, "abstention")]
    qs = parse_quantities("passed by 10 votes to zero with five abstentions")
    assert [(q.value, q.unit) for q in qs] == [(10, "vote_for"), (0, "vote_against"), (5, "abstention")]


def test_years_dates_and_time_references_are_not_figures() -> None:
    assert parse_quantities("by 2035, on February 18 at 3 p.m.") == ()
    assert parse_quantities("a week before the talks, three years ago") == ()
    assert parse_quantities("the two sides met") == ()


def test_compatibility_of_figures() -> None:
    (a,) = parse_quantities("about 90 minutes")
    (b,) = parse_quantities("an hour and a half")
    (c,) = parse_quantities("more than two hours")
    (d,) = parse_quantities("four and a half hours")
    (e,) = parse_quantities("more than six hours")
    assert compatible(a, b)
    assert not compatible(b, c)
    assert not compatible(d, e)


def test_dates_resolve_against_publication_time() -> None:
    pub = datetime(2025, 2, 28, 4, 10, tzinfo=TZ8)  # a Friday, Beijing time
    assert extract_dates("They met in Istanbul on Thursday.", pub) == ("2025-02-27",)
    assert extract_dates("The call took place on March 18.", datetime(2025, 3, 20, tzinfo=TZ8)) == (
        "2025-03-18",
    )
    assert extract_dates("In February, the two agreed in Riyadh.", datetime(2025, 4, 12, tzinfo=TZ8)) == (
        "2025-02",
    )
    assert extract_dates("Ministers met last week.", pub) == ("~2025-02-21",)
    assert extract_dates("Talks were held on Tuesday.") == ("tuesday",)
    # December written in January is last year's December
    assert extract_dates("on Dec. 30", datetime(2025, 1, 3)) == ("2024-12-30",)


def test_is_city_tells_capitals_from_countries() -> None:
    from factdiff.lexicon import DEMONYMS, is_city

    # the third form of a three-form entry ("Hungary", "Hungarian", "Budapest") is a city, not the country
    for city in (
        "budapest",
        "Budapest",
        "Paris",
        "Riyadh",
        "Helsinki",
        "Tbilisi",
        "Sochi",
        "Tehran",
        "Washington",
    ):
        assert is_city(city), city
    for country in ("Hungary", "hungarian", "France", "U.S.", "USA", "EU", "Turkey", "Saudi Arabia", "Japan"):
        assert not is_city(country), country
    # cities that end like a demonym ("-i", "-an") are not demonyms
    assert {"helsinki", "tehran", "sochi", "dubai"}.isdisjoint(DEMONYMS)
    assert {"hungarian", "danish", "saudis", "finnish"} <= DEMONYMS


def test_a_time_is_not_backing_and_a_duration_is_not_durability() -> None:
    from factdiff.text import content_terms

    assert "support" not in content_terms("Back in February, Lavrov said the talks were useful.")
    assert "support" in content_terms("Washington will back Kyiv with more aid.")
    # "lasted" (a length of time) must not read as "lasting" (durable)
    assert "durable" not in content_terms("The call lasted about 90 minutes.")
    assert "durable" in content_terms("They want a sustainable settlement.")
