"""Hard cases of the diff, on baselines and follow-ups written for these tests (real facts, own words)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from factdiff import StoryModel, extract_facts
from factdiff.models import Diff

TZ8 = timezone(timedelta(hours=8))

RIYADH_TITLE = "Moscow and Washington agree in Riyadh to mend ties and work toward ending the Ukraine war"
RIYADH_SUMMARY = (
    "Senior U.S. and Russian officials held talks in Saudi Arabia on ending the conflict in Ukraine."
)
RIYADH = [
    "Top Russian and American officials talked for four and a half hours in Riyadh, Saudi Arabia, on Tuesday. "
    "Moscow was represented by Foreign Minister Sergei Lavrov and Kremlin aide Yuri Ushakov. "
    "The U.S. team included Secretary of State Marco Rubio, National Security Adviser Mike Waltz and Steve "
    "Witkoff, the special envoy for the Middle East.",
    'Witkoff called the meeting "positive, upbeat, constructive."',
    "According to the State Department, the sides agreed on three points. "
    "Each side will appoint a high-level team to work on ending the Ukraine conflict.",
    "Under President Joe Biden, the United States had aligned with Europe in backing Ukraine with weapons.",
    "About a week earlier, Trump and Putin spoke by phone for about 90 minutes, and Putin invited Trump to Moscow. "
    "The two presidents agreed to prepare a working meeting in a third country, Kremlin spokesman Dmitry "
    "Peskov said.",
    "Ukrainian President Volodymyr Zelensky said talks should not happen behind Ukraine's back. "
    "He called off a planned trip to Saudi Arabia.",
    "Europe and Ukraine were left out of the talks.",
]
BASE_PUB = datetime(2025, 2, 19, 2, 0, tzinfo=TZ8)
CONTEXT = "Russian and U.S. officials met in Riyadh this week to discuss ending the Ukraine conflict."


@pytest.fixture(scope="module")
def riyadh() -> StoryModel:
    return StoryModel.from_article(RIYADH_TITLE, RIYADH, RIYADH_SUMMARY, BASE_PUB)


def one(model: StoryModel, sentence: str, published: datetime | None = None, context: str = CONTEXT) -> Diff:
    """Diff one sentence inside a short on-topic article; return the sentence's own Diff."""
    pub = published or datetime(2025, 2, 21, 10, 0, tzinfo=TZ8)
    diffs = model.diff("U.S. and Russia on Ukraine", [context, sentence], "", pub)
    mine = [d for d in diffs if d.fact.paragraph == 1]
    order = {"changed": 3, "new": 2, "restated": 1, "unrelated": 0}
    return max(mine, key=lambda d: order[d.label])


# -- different occasion with familiar parts -> new -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Trump and Putin spoke for about an hour and a half on March 18.",  # same length, another call
        "Russian and U.S. officials met again in Riyadh on March 24 for talks on a Black Sea truce.",  # same city
        "Witkoff met Putin in St. Petersburg on April 11 for about four and a half hours.",  # same figure
        "Russian and U.S. diplomats held a second round of talks on embassy work.",
        "Delegations met in Istanbul on Thursday for more than six hours.",  # another length, another city
    ],
)
def test_another_occasion_is_new(riyadh: StoryModel, sentence: str) -> None:
    d = one(riyadh, sentence, datetime(2025, 4, 12, 9, 0, tzinfo=TZ8))
    assert d.label == "new", d.reason


def test_follow_up_talks_inherit_their_occasion(riyadh: StoryModel) -> None:
    diffs = riyadh.diff(
        "Istanbul round",
        [
            "Russian and U.S. delegations met in Istanbul on Thursday on embassy work.",
            "The talks lasted four and a half hours.",
        ],
        "",
        datetime(2025, 2, 28, 4, 0, tzinfo=TZ8),
    )
    assert [d.label for d in diffs] == ["new", "new"]
    assert diffs[1].reason["rule"] == "different occasion"


# -- the same fact in other words -> restated, linked ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        (
            "The Riyadh meeting between the two delegations lasted four and a half hours.",
            "four and a half hours",
        ),
        ("A four-and-a-half-hour meeting was held there.", "four and a half hours"),  # passive, no names
        (
            "Russia's top diplomat Sergei Lavrov led the Russian side with Ushakov.",
            "Sergei Lavrov",
        ),  # title alias
        ("Rubio, Waltz and Witkoff made up the American delegation.", "Marco Rubio"),
        ("Witkoff described the talks as positive, upbeat and constructive.", "positive, upbeat"),
        ("The U.S. State Department said the sides agreed on three points.", "three points"),
        ("Neither Ukraine nor Europe took part in the talks.", "left out of the talks"),
        ("Zelensky postponed his planned trip to Saudi Arabia.", "planned trip"),
        ("Trump and Putin spoke on the phone for an hour and a half about a week before.", "90 minutes"),
        ("Putin asked Trump to visit Moscow.", "invited Trump to Moscow"),
    ],
)
def test_paraphrase_is_restated(riyadh: StoryModel, sentence: str, phrase: str) -> None:
    d = one(riyadh, sentence)
    assert d.label == "restated", d.reason
    assert d.baseline is not None and phrase in d.baseline.sentence


def test_split_sentence_restates_both_halves(riyadh: StoryModel) -> None:
    diffs = riyadh.diff(
        "Call recap",
        [
            CONTEXT,
            "Trump and Putin talked by phone for about 90 minutes. Putin also invited Trump to Moscow.",
        ],
        "",
        datetime(2025, 2, 20, tzinfo=TZ8),
    )
    assert [d.label for d in diffs if d.fact.paragraph == 1] == ["restated", "restated"]


# -- typed changes ---------------------------------------------------------------------------------------


def test_number_change(riyadh: StoryModel) -> None:
    d = one(riyadh, "Officials later said the Riyadh talks had lasted nearly six hours.")
    assert d.label == "changed"
    assert d.change is not None and d.change.slot == "number"
    assert d.change.before == "four and a half hours" and "six hours" in d.change.after


def test_correction_of_a_count(riyadh: StoryModel) -> None:
    d = one(riyadh, "The State Department's readout later listed four points, not three.")
    assert d.label == "changed" and d.change is not None and d.change.slot == "number"


def test_person_in_role_change(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "Trump named Rubio acting national security adviser, replacing Waltz.",
        datetime(2025, 5, 2, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None
    assert d.change.slot == "person" and "Waltz" in d.change.before and "Rubio" in d.change.after
    assert d.baseline is not None and "National Security Adviser Mike Waltz" in d.baseline.sentence


def test_removal_from_a_role(riyadh: StoryModel) -> None:
    d = one(riyadh, "Mike Waltz left his post as national security adviser on May 1.", datetime(2025, 5, 2))
    assert d.label == "changed" and d.change is not None and d.change.slot == "role"


def test_new_title_for_a_baseline_person(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "Witkoff, who was named special envoy for peace missions in March, flew to Moscow.",
        datetime(2025, 4, 12, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None
    assert d.change.slot == "role" and "middle east" in d.change.before and "peace missions" in d.change.after


def test_a_different_office_with_a_shared_word_is_not_a_change(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "The U.S. side was led by Deputy Assistant Secretary of State Sonata Coulter.",
        datetime(2025, 2, 28, tzinfo=TZ8),
    )
    assert d.label == "new"


def test_status_change(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "Zelensky traveled to Jeddah on March 10 and met the Saudi crown prince.",  # called off -> happened
        datetime(2025, 8, 16, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None and d.change.slot == "status", d.reason
    assert (d.change.before, d.change.after) == ("called off", "traveled"), d.change


def test_planned_venue_replaced_is_a_place_change(riyadh: StoryModel) -> None:
    """planned "in a third country" -> held in Alaska: shown as the place that changed."""
    d = one(
        riyadh,
        "Trump and Putin met on U.S. soil in Anchorage, Alaska, on August 15.",
        datetime(2025, 8, 16, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None and d.change.slot == "place", d.reason
    assert (d.change.before, d.change.after) == ("a third country", "Anchorage, Alaska (U.S.)"), d.change
    assert d.baseline is not None and "third country" in d.baseline.sentence


def test_status_of_another_event_is_not_a_change(riyadh: StoryModel) -> None:
    d = one(riyadh, "A joint news conference scheduled for the afternoon was canceled.")
    assert d.label == "new"


def test_stance_reversal(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "The United States voted against the resolution alongside Russia.",
        datetime(2025, 2, 25, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None and d.change.slot == "stance"
    assert d.baseline is not None and "aligned with Europe" in d.baseline.sentence


def test_same_stance_is_not_a_change(riyadh: StoryModel) -> None:
    d = one(riyadh, "Britain said it stood with Europe in backing Ukraine.")
    assert d.label != "changed"


# -- relevance ---------------------------------------------------------------------------------------------


def test_article_sharing_only_a_city_is_unrelated(riyadh: StoryModel) -> None:
    diffs = riyadh.diff(
        "Esports tournament opens in Riyadh",
        [
            "The Esports World Cup opened in Riyadh on Monday with teams from 40 countries.",
            "Saudi organisers said prize money had reached a record $70 million.",
        ],
        "",
        datetime(2025, 7, 8, tzinfo=TZ8),
    )
    assert {d.label for d in diffs} == {"unrelated"}


def test_article_sharing_only_a_name_is_unrelated(riyadh: StoryModel) -> None:
    diffs = riyadh.diff(
        "Rubio announces foreign aid cuts",
        [
            "Secretary of State Marco Rubio said on Monday that 83 percent of USAID programs would be cancelled.",
            "Rubio has overseen the review since Trump took office in January.",
        ],
        "",
        datetime(2025, 3, 11, tzinfo=TZ8),
    )
    assert {d.label for d in diffs} == {"unrelated"}


def test_off_topic_article_is_unrelated(riyadh: StoryModel) -> None:
    diffs = riyadh.diff(
        "Cold snap",
        ["A cold wave brought heavy snow to the north on Thursday."],
        "",
        datetime(2025, 2, 20, tzinfo=TZ8),
    )
    assert [d.label for d in diffs] == ["unrelated"]
    assert riyadh.relevance("Cold wave brings snow") < riyadh.relevance("Russia, U.S. hold Ukraine talks")


def test_every_diff_explains_itself(riyadh: StoryModel) -> None:
    diffs = riyadh.diff(
        "x",
        [CONTEXT, "Witkoff called the meeting positive and constructive."],
        "",
        datetime(2025, 2, 20, tzinfo=TZ8),
    )
    for d in diffs:
        assert "rule" in d.reason and isinstance(d.score, float)
        if d.label in ("changed", "restated"):
            assert d.baseline is not None


def test_determinism_and_idempotence(riyadh: StoryModel) -> None:
    article = [
        CONTEXT,
        "Trump and Putin spoke for two hours on March 18, and they agreed on an energy truce.",
    ]
    a = riyadh.diff("t", article, "", datetime(2025, 3, 19))
    b = riyadh.diff("t", article, "", datetime(2025, 3, 19))
    again = StoryModel.from_article(RIYADH_TITLE, RIYADH, RIYADH_SUMMARY, BASE_PUB).diff(
        "t", article, "", datetime(2025, 3, 19)
    )
    assert a == b == again


def test_facts_keep_their_whole_sentence() -> None:
    facts = extract_facts(["Putin met Witkoff on Friday, and the two agreed to talk again next week."])
    assert len(facts) == 2
    assert {f.sentence for f in facts} == {
        "Putin met Witkoff on Friday, and the two agreed to talk again next week."
    }
    assert [f.position for f in facts] == [0, 1]


# -- another story: the U.S.-China trade talks of 2025 (generality) ------------------------------------------

TRADE = [
    "U.S. and Chinese officials held two days of trade talks in Geneva on May 10 and 11. "
    "Treasury Secretary Scott Bessent and Trade Representative Jamieson Greer met Vice Premier He Lifeng.",
    "The two countries agreed to cut tariffs for 90 days, with U.S. duties on Chinese goods falling to 30 percent.",
]


@pytest.fixture(scope="module")
def trade() -> StoryModel:
    return StoryModel.from_article(
        "U.S., China agree to cut tariffs after Geneva talks",
        TRADE,
        "A 90-day truce in the U.S.-China tariff war.",
        datetime(2025, 5, 12),
    )


def test_other_story_another_city_is_new(trade: StoryModel) -> None:
    diffs = trade.diff(
        "London talks",
        ["U.S. and Chinese negotiators met in London on June 9 to discuss tariffs."],
        "",
        datetime(2025, 6, 10),
    )
    assert [d.label for d in diffs] == ["new"]


def test_other_story_restated_and_changed(trade: StoryModel) -> None:
    diffs = trade.diff(
        "Tariff truce",
        [
            "The U.S. and China agreed in Geneva to reduce tariffs for 90 days.",
            "The U.S. and China later extended the tariff truce, which will now last 180 days.",
        ],
        "",
        datetime(2025, 8, 12),
    )
    assert diffs[0].label == "restated"
    assert diffs[1].label in ("changed", "new")


# -- factdiff 2.0: role descriptions, recaps with framing, asides inside on-topic articles ------------------


def test_role_description_resolves_to_the_baseline_person(riyadh: StoryModel) -> None:
    d = one(riyadh, "Russia's top diplomat and a Kremlin aide represented Moscow.")
    assert d.label == "restated", d.reason
    assert d.baseline is not None and "Lavrov" in d.baseline.sentence
    assert "lavrov" in d.reason["anchors"][0]  # type: ignore[index]


def test_recap_with_framing_links_to_the_recapped_fact(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "Kyiv had no seat at the table when Russian and American officials met in Riyadh last month.",
        datetime(2025, 3, 12, tzinfo=TZ8),
    )
    assert d.label == "restated", d.reason
    assert d.baseline is not None and "left out of the talks" in d.baseline.sentence


def test_a_place_the_baseline_knows_in_a_recap_is_not_another_occasion(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "European leaders had gathered for emergency talks, a day before the Riyadh meeting, and Zelensky "
        "said he had found out about the Riyadh talks from the news.",
    )
    assert d.reason.get("rule") != "different occasion"


@pytest.mark.parametrize(
    "aside",
    [
        "Heavy snow closed several roads near Moscow on Tuesday.",
        "Istanbul's Grand Bazaar draws millions of tourists every year.",
        "Anchorage is the largest city in Alaska.",
    ],
)
def test_an_aside_inside_an_on_topic_article_is_unrelated(riyadh: StoryModel, aside: str) -> None:
    diffs = riyadh.diff(
        "Russia and U.S. talk again",
        [CONTEXT + " " + aside],
        "",
        datetime(2025, 3, 19, tzinfo=TZ8),
    )
    assert diffs[0].label != "unrelated"
    assert diffs[-1].label == "unrelated" and diffs[-1].reason["rule"].startswith("aside")


def test_a_follow_up_sentence_on_the_article_topic_stays_on_topic(riyadh: StoryModel) -> None:
    diffs = riyadh.diff(
        "NATO spending",
        [
            CONTEXT,
            "NATO leaders agreed in The Hague to raise defense spending to 5 percent of GDP by 2035.",
            "Washington has long complained that European allies spend too little on defense. "
            "Spain secured an exemption from the new spending target.",
        ],
        "",
        datetime(2025, 6, 26, tzinfo=TZ8),
    )
    assert diffs[-1].label == "new", diffs[-1].reason


def test_interim_holder_of_a_baseline_office_is_a_person_change(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "Secretary of State Marco Rubio will do the national security adviser's job on an interim basis.",
        datetime(2025, 5, 2, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None and d.change.slot == "person", d.reason
    assert "Waltz" in d.change.before and "Rubio" in d.change.after


def test_removal_concerns_the_object_not_the_subject(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "U.S. President Donald Trump on Thursday removed Mike Waltz as national security adviser.",
        datetime(2025, 5, 2, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None and d.change.slot == "role"
    assert "security adviser" in d.change.before


def test_a_third_country_is_not_another_occasion(riyadh: StoryModel) -> None:
    d = one(
        riyadh, "Peskov said the two presidents had agreed to organise a meeting in a third country soon."
    )
    assert d.label == "restated", d.reason


def test_an_article_older_than_the_baseline_reports_no_development(riyadh: StoryModel) -> None:
    """A 2022 Black Sea grain-deal report shares the countries and the sea, but predates the story."""
    old = datetime(2022, 7, 22, 20, 0, tzinfo=TZ8)
    paragraphs = [
        "Russia and Ukraine signed separate deals with Türkiye and the UN in Istanbul on Friday to let grain "
        "ships leave Black Sea ports.",
        "Europe and Ukraine were left out of the talks.",  # a sentence the baseline also holds
    ]
    diffs = riyadh.diff("Grain deals signed in Istanbul", paragraphs, "", old)
    assert diffs[0].label == "unrelated"
    assert diffs[0].reason["rule"] == "article predates the baseline"
    assert all(d.label in ("unrelated", "restated") for d in diffs)
    # the same sentences published after the baseline are developments again
    later = riyadh.diff("Grain deals signed in Istanbul", paragraphs, "", datetime(2025, 3, 1, tzinfo=TZ8))
    assert later[0].label == "new"


# -- engine 2.1: recaps, comparisons, offices filled "by", rendering -----------------------------------------


def test_a_recap_dated_to_the_baseline_is_a_restatement_linked_by_its_claim(riyadh: StoryModel) -> None:
    """The date and place only point back at the baseline; the claim (negotiating teams) picks the fact."""
    d = one(
        riyadh,
        "At their meeting in the Saudi capital on Tuesday, the sides agreed that each would name senior "
        "negotiators to work toward ending the war.",
        datetime(2025, 2, 21, tzinfo=TZ8),
    )
    assert d.label == "restated", d.reason
    assert d.reason.get("recap"), d.reason
    assert d.baseline is not None and "high-level team" in d.baseline.sentence, d.baseline


def test_a_venue_set_against_the_planned_one_is_a_place_change(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "The summit took place on American soil, near Anchorage, rather than in a neutral third country.",
        datetime(2025, 8, 16, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None and d.change.slot == "place", d.reason
    assert "third country" in d.change.before and "Anchorage" in d.change.after


def test_an_office_filled_by_someone_else_follows_the_article(riyadh: StoryModel) -> None:
    diffs = riyadh.diff(
        "Waltz out",
        [
            CONTEXT,
            "Mike Waltz is leaving his job as national security adviser. "
            "The post will be filled for now by Marco Rubio.",
        ],
        "",
        datetime(2025, 5, 2, tzinfo=TZ8),
    )
    first, second = (d for d in diffs if d.fact.paragraph == 1)
    assert first.change is not None and (first.change.slot, first.change.after) == (
        "role",
        "leaving the post",
    )
    assert second.label == "changed" and second.change is not None, second.reason
    assert (
        second.change.slot == "person" and "Waltz" in second.change.before and "Rubio" in second.change.after
    )


def test_removal_names_the_office_left_not_the_speakers(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "U.S. President Donald Trump said on Thursday that Mike Waltz would step down as national security adviser.",
        datetime(2025, 5, 2, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None and d.change.slot == "role"
    assert "Waltz" in d.change.before and "security adviser" in d.change.before
    assert d.change.after == "leaving the post"


def test_siding_with_a_bystander_is_not_a_change_of_camp(riyadh: StoryModel) -> None:
    d = one(riyadh, "The United States stood with Saudi Arabia as host of the talks.")
    assert d.label != "changed" or (d.change is not None and d.change.slot != "stance"), d.change


def test_the_baselines_own_office_holder_is_not_a_person_change(riyadh: StoryModel) -> None:
    d = one(
        riyadh, "Secretary of State Marco Rubio said Russia must show it wants peace.", datetime(2025, 3, 2)
    )
    assert d.change is None or d.change.slot != "person", d.change


def test_a_status_in_a_subordinate_clause_is_not_the_facts(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "Trump and Putin spoke by phone for two hours on Monday, three days after delegations met in Istanbul.",
        datetime(2025, 5, 20, tzinfo=TZ8),
    )
    assert d.label == "new", d.reason


def test_hours_and_minutes_are_one_duration() -> None:
    from factdiff.numbers import parse_quantities

    (q,) = parse_quantities("The talks lasted about two hours and 45 minutes.")
    assert (q.value, q.unit) == (2.75, "hour")


# -- engine 2.2: role plurals, the claim's own words, stance in other words, history --------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "The two top diplomats",
        "Both foreign ministers",
        "The Russian and U.S. foreign ministers",
        "Russia's and America's top diplomats",
    ],
)
def test_an_office_in_the_plural_stands_for_its_holders(riyadh: StoryModel, phrase: str) -> None:
    from factdiff.extract import extract_facts_with_info

    ((_f, info),) = extract_facts_with_info([f"{phrase} spoke again on Friday."], None, riyadh.gaz)
    assert set(info.role_people) == {"lavrov", "rubio"}, info.role_people


def test_an_office_in_the_plural_without_a_determiner_is_no_pair(riyadh: StoryModel) -> None:
    from factdiff.extract import extract_facts_with_info

    ((_f, info),) = extract_facts_with_info(["NATO defense ministers met in Brussels."], None, riyadh.gaz)
    assert not info.role_people


def test_a_recap_by_role_plural_links_to_the_claim_not_the_attendance(riyadh: StoryModel) -> None:
    d = one(riyadh, "The two top diplomats agreed that each side would name a senior team to end the war.")
    assert d.label == "restated", d.reason
    assert d.baseline is not None and "high-level team" in d.baseline.sentence, d.baseline


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(
            "Zelensky attended the summit.",  # a name and an event shared, the claim (attending) is not
            marks=pytest.mark.xfail(
                strict=True,
                reason="known miss of the wording model (P(restated) 0.54): three content words, two of them "
                "shared; the hand rules read it right (reason['hand'] == 'new')",
            ),
        ),
        "He left the summit early to speak with Trump by phone.",
        "Saudi Arabia, which hosted the Riyadh talks, abstained.",  # a background clause restated, a new act
        pytest.param(
            "Zelensky met Trump on the sidelines of the summit.",  # who met whom: not the baseline's people
            marks=pytest.mark.xfail(
                strict=True,
                reason="known miss of the wording model since its threshold went to 0.45 (P(restated) 0.48): "
                "the threshold trades it for more restatements found; the hand rules read it right",
            ),
        ),
    ],
)
def test_a_new_act_by_familiar_people_is_new(riyadh: StoryModel, sentence: str) -> None:
    d = one(riyadh, sentence, datetime(2025, 3, 3, 9, 0, tzinfo=TZ8))
    assert d.label == "new", d.reason


@pytest.mark.xfail(
    strict=True,
    reason="known miss of the wording model: a baseline speaker's verdict with the recap in a relative clause "
    "reads as a fresh statement (speaker weighs toward new); the hand rules read it right (reason['hand'])",
)
def test_a_claim_in_a_relative_clause_frame_is_restated_by_its_main_clause(riyadh: StoryModel) -> None:
    d = one(riyadh, "Witkoff, who sat in on the talks alongside Rubio and Waltz, called them positive.")
    assert d.label == "restated", d.reason
    assert d.baseline is not None and "positive, upbeat" in d.baseline.sentence


def test_voting_with_the_other_camp_is_a_stance_change(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "Washington broke ranks with its European allies on Monday by voting with Moscow against the text.",
        datetime(2025, 2, 25, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None and d.change.slot == "stance", d.reason


def test_history_long_before_the_story_is_unrelated(riyadh: StoryModel) -> None:
    d = one(riyadh, "Russia sold Alaska to the United States in 1867.", datetime(2025, 8, 16, tzinfo=TZ8))
    assert d.label == "unrelated", d.reason


def test_a_seat_of_government_is_not_another_venue(riyadh: StoryModel) -> None:
    d = one(riyadh, "Washington has changed course on Moscow since Trump returned to the White House.")
    assert d.reason.get("rule") != "different occasion", d.reason


# -- engine 2.5 ----------------------------------------------------------------------------------------------


def test_side_named_before_side_is_a_stance_reversal(riyadh: StoryModel) -> None:
    d = one(
        riyadh,
        "At the U.N., Washington broke with its European partners and voted on Moscow's side.",
        datetime(2025, 2, 25, tzinfo=TZ8),
    )
    assert d.label == "changed" and d.change is not None and d.change.slot == "stance"


@pytest.mark.parametrize(
    "aside",
    [
        "Finland holds the rotating chair of the Organization for Security and Co-operation in Europe this year.",
        "Journalists were asked to apply for accreditation through the media ministry.",
    ],
)
def test_standing_descriptions_and_other_gatherings_are_asides(riyadh: StoryModel, aside: str) -> None:
    diffs = riyadh.diff(
        "Russia and U.S. talk again", [CONTEXT + " " + aside], "", datetime(2025, 3, 19, tzinfo=TZ8)
    )
    assert diffs[0].label != "unrelated"
    assert diffs[-1].label == "unrelated" and diffs[-1].reason["rule"].startswith("aside")
