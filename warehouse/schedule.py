"""When to fetch an article again: often while a story is breaking, rarely once it has settled.

Articles are edited most in their first hours (corrections, updated tolls, added reactions), so re-checks thin
out with age: hourly for 6 hours, every 6 hours up to 2 days, daily up to 2 weeks, then weekly.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# (age below which the interval applies, interval), in increasing age
RECHECK_STEPS: tuple[tuple[timedelta, timedelta], ...] = (
    (timedelta(hours=6), timedelta(hours=1)),
    (timedelta(days=2), timedelta(hours=6)),
    (timedelta(weeks=2), timedelta(days=1)),
)
FINAL_INTERVAL = timedelta(weeks=1)


def as_utc(value: datetime) -> datetime:
    """Aware UTC datetime; naive input is taken to be UTC already (as the sources package produces)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def recheck_interval(age: timedelta) -> timedelta:
    """The wait before the next check of an article of this age (negative ages count as brand new)."""
    for limit, interval in RECHECK_STEPS:
        if age < limit:
            return interval
    return FINAL_INTERVAL


def next_check_at(born: datetime | None, now: datetime) -> datetime:
    """Next check time of an article published (or, failing that, first seen) at ``born``, checked ``now``.

    Pure: same inputs, same answer. ``born=None`` (unknown age) is treated as brand new.
    """
    now = as_utc(now)
    age = now - as_utc(born) if born is not None else timedelta(0)
    return now + recheck_interval(age)
