"""Cross-outlet dedup of developments and diffs of article versions."""

from __future__ import annotations

from datetime import datetime

from factdiff import DevelopmentIndex, development_key, diff_versions, extract_facts
from factdiff.models import Fact

PUB = datetime(2025, 2, 28, 4, 0)


def fact(text: str, published: datetime = PUB) -> Fact:
    (f,) = extract_facts([text], published)
    return f


def test_development_key_is_stable_and_normalised() -> None:
    a = fact("Russian and U.S. delegations met in Istanbul on Thursday.")
    b = fact("Russian and U.S.  delegations met in  Istanbul on Thursday !")
    assert development_key("s", a) == development_key("s", b)
    assert development_key("s", a) != development_key("other-story", a)
    assert development_key("s", a).startswith("dev_")


def test_two_outlets_one_development_merge() -> None:
    idx = DevelopmentIndex(
        [
            (
                "k-istanbul",
                fact(
                    "Russian and U.S. delegations met in Istanbul on Thursday for "
                    "more than six hours of talks on embassy operations."
                ),
            )
        ]
    )
    idx.add("k-nato", fact("NATO leaders agreed in The Hague to raise defense spending to 5 percent of GDP."))
    other_outlet = fact(
        "U.S. and Russian diplomats held six hours of talks on their embassies in Istanbul on Thursday."
    )
    assert idx.match(other_outlet) == "k-istanbul"


def test_different_developments_stay_apart() -> None:
    idx = DevelopmentIndex(
        [
            (
                "k-1",
                fact(
                    "Russian and U.S. delegations met in Istanbul on Thursday for more than "
                    "six hours of talks on embassy operations."
                ),
            )
        ]
    )
    second_round = fact(
        "Russian and U.S. delegations met in Istanbul on April 10 for talks on embassy operations.",
        datetime(2025, 4, 11),
    )
    other_city = fact(
        "Russian and U.S. delegations met in Riyadh on Thursday for talks on embassy operations."
    )
    unrelated = fact("NATO leaders agreed to raise defense spending to 5 percent of GDP.")
    assert idx.match(second_round) is None
    assert idx.match(other_city) is None
    assert idx.match(unrelated) is None


def test_exact_repeat_matches_and_index_grows() -> None:
    f = fact("Trump and Putin spoke for two hours on March 18.", datetime(2025, 3, 19))
    idx = DevelopmentIndex()
    assert idx.match(f) is None
    idx.add(development_key("s", f), f)
    assert idx.match(f) == development_key("s", f)
    assert len(idx) == 1


def test_figures_that_disagree_are_not_one_development() -> None:
    idx = DevelopmentIndex([("k", fact("The Security Council adopted the U.S. text by 10 votes to zero."))])
    assert idx.match(fact("The Security Council adopted the U.S. text by 12 votes to zero.")) is None


def test_versions_number_addition_and_removal() -> None:
    old = [
        "The talks lasted four and a half hours. Lavrov called them useful.",
        "Zelensky was visiting Türkiye.",
    ]
    new = [
        "The talks lasted nearly five hours. Lavrov called them useful.",
        "Zelensky was visiting Türkiye. He canceled a planned trip to Saudi Arabia.",
    ]
    diffs = diff_versions(old, new)
    by_rule = {d.reason["rule"]: d for d in diffs}
    assert set(by_rule) == {"figure edited", "added sentence"}
    fig = by_rule["figure edited"]
    assert fig.label == "changed" and fig.change is not None
    assert (fig.change.before, fig.change.after) == ("four and a half hours", "nearly five hours")
    assert by_rule["added sentence"].label == "new"
    removed = diff_versions(new, old)
    rm = [d for d in removed if d.change is not None and d.change.slot == "removed"]
    assert len(rm) == 1 and rm[0].change is not None and rm[0].change.after == ""
    assert diff_versions(old, old) == []


def test_a_repeat_is_not_merged_into_the_first_time_but_two_reports_of_the_repeat_are() -> None:
    first = fact("Diplomat Anna Kerr headed the American team at the embassy talks in Istanbul.")
    idx = DevelopmentIndex([("k-round-1", first)])
    repeat = fact("Diplomat Anna Kerr again headed the American team at the embassy talks in Istanbul.")
    assert idx.match(repeat) is None
    idx.add("k-round-2", repeat)
    assert (
        idx.match(fact("Anna Kerr again led the American team at the Istanbul embassy talks.")) == "k-round-2"
    )
    # the first time, told again by a later article without a repeat marker, still joins the first entry
    assert idx.match(fact("Anna Kerr headed the American team at the Istanbul embassy talks.")) == "k-round-1"
