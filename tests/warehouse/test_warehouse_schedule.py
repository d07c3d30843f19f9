from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from warehouse import next_check_at, recheck_interval

H = timedelta(hours=1)
NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("age", "interval"),
    [
        (timedelta(0), H),
        (5 * H + timedelta(minutes=59), H),
        (6 * H, 6 * H),
        (47 * H, 6 * H),
        (timedelta(days=2), timedelta(days=1)),
        (timedelta(days=13, hours=23), timedelta(days=1)),
        (timedelta(weeks=2), timedelta(weeks=1)),
        (timedelta(days=400), timedelta(weeks=1)),
        (-3 * H, H),  # published "in the future" (clock skew): treat as brand new
    ],
)
def test_recheck_interval_thins_with_age(age: timedelta, interval: timedelta) -> None:
    assert recheck_interval(age) == interval


def test_intervals_never_shrink_as_articles_age() -> None:
    ages = [timedelta(minutes=m) for m in range(0, 60 * 24 * 30, 30)]
    intervals = [recheck_interval(a) for a in ages]
    assert intervals == sorted(intervals)


def test_next_check_at_is_pure_and_utc() -> None:
    born = NOW - timedelta(hours=3)
    assert next_check_at(born, NOW) == NOW + H
    assert next_check_at(born, NOW) == next_check_at(born, NOW)
    assert next_check_at(NOW - timedelta(days=1), NOW) == NOW + 6 * H
    assert next_check_at(NOW - timedelta(days=3), NOW) == NOW + timedelta(days=1)
    assert next_check_at(NOW - timedelta(days=30), NOW) == NOW + timedelta(weeks=1)
    assert next_check_at(None, NOW) == NOW + H
    result = next_check_at(born.replace(tzinfo=None), NOW.replace(tzinfo=None))  # naive = UTC
    assert result == NOW + H and result.tzinfo == UTC
    cet = NOW.astimezone(ZoneInfo("Europe/Berlin"))
    assert next_check_at(born, cet) == NOW + H
