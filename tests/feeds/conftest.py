"""Fixed feed data for the feeds tests: one story, a handful of developments of every shape.

The data are plain functions as well as fixtures so a subprocess (the PYTHONHASHSEED test) can load them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from feeds.models import FeedEntry, FeedMeta, SourceRef

BEIJING = timezone(timedelta(hours=8))
T0 = datetime(2025, 3, 1, 6, 0, 30, tzinfo=UTC)
BASELINE_URL = "https://news.cgtn.com/news/2025-03-01/Earthquake-strikes-coastal-county/index.html"


def build_meta(self_url: str | None = "https://feeds.example.org/stories/sample-quake.atom") -> FeedMeta:
    return FeedMeta(
        slug="sample-quake",
        title="Earthquake in a coastal county",
        feed_id="tag:storydiff.dev,2025:sample-quake",
        baseline_url=BASELINE_URL,
        baseline_title="Earthquake strikes coastal county",
        self_url=self_url,
        html_url=self_url.replace(".atom", ".html") if self_url else None,
        subtitle="What has changed since: Earthquake strikes coastal county",
        categories=("sample-quake", "disaster"),
    )


def build_entries() -> list[FeedEntry]:
    cgtn = SourceRef(
        url="https://news.cgtn.com/news/2025-03-01/Death-toll-rises-to-15/index.html",
        title="Death toll from coastal quake rises to 15",
        outlet="CGTN",
        published_at=datetime(2025, 3, 1, 14, 5, 0, 999, tzinfo=BEIJING),  # 06:05 UTC, microseconds dropped
        seen_at=T0 + timedelta(minutes=10),
    )
    wire = SourceRef(
        url="https://www.example.com/world/quake-toll",
        title="Quake toll climbs as rescuers search rubble",
        outlet="example.com",
        published_at=None,
        seen_at=T0 + timedelta(hours=2),
    )
    other = SourceRef(
        url="https://example.org/asia/quake-bridge",
        title="Coastal bridge reopens after quake",
        outlet="example.org",
        published_at=T0 + timedelta(hours=3),
        seen_at=T0 + timedelta(hours=3, minutes=5),
    )
    return [
        FeedEntry(
            entry_id="tag:storydiff.dev,2025:sample-quake/dev/death-toll/3f2a9c1b7e44",
            label="changed",
            evidence="Rescuers said on Saturday evening that 15 people had died, up from 12 reported before.",
            published=T0 + timedelta(minutes=10),
            updated=T0 + timedelta(hours=2),  # a second outlet confirmed it later
            sources=(wire, cgtn),  # deliberately not oldest first: the renderer orders them
            baseline_fact="At least 12 people were killed, local authorities said.",
            change_slot="death toll",
            before="12",
            after="15",
        ),
        FeedEntry(
            entry_id="tag:storydiff.dev,2025:sample-quake/dev/aid/91c0d2e5aa10",
            label="new",
            evidence=(
                "The provincial government pledged 50 million yuan in emergency aid for families whose homes "
                "were destroyed, and said temporary shelters would open in three townships by Monday."
            ),
            published=T0 + timedelta(hours=1),
            updated=T0 + timedelta(hours=1),
            sources=(cgtn,),
            baseline_fact="Hundreds of homes were damaged in the quake.",
        ),
        FeedEntry(
            entry_id="tag:storydiff.dev,2025:sample-quake/dev/bridge/0b7d4e19c2f3",
            label="changed",
            evidence="Traffic resumed on the Haixia bridge on Sunday morning after engineers found it safe.",
            published=T0 + timedelta(hours=3, minutes=5),
            updated=T0 + timedelta(hours=3, minutes=5),
            sources=(other,),
            baseline_fact="The Haixia bridge was closed for inspection.",
            change_slot="status",
            before="closed for inspection",
            after="reopened",
            title="Haixia bridge reopened after safety checks",
        ),
        FeedEntry(  # same first-seen second as the bridge entry: the id breaks the tie
            entry_id="tag:storydiff.dev,2025:sample-quake/dev/aftershock/77aa01be3c52",
            label="new",
            evidence="A magnitude 4.8 aftershock struck at dawn on Sunday; no new casualties were reported.",
            published=T0 + timedelta(hours=3, minutes=5, microseconds=500),
            updated=T0 + timedelta(hours=3, minutes=5),
            sources=(other, wire),
        ),
    ]


def build_numbered(count: int, *, start: int = 0) -> list[FeedEntry]:
    """``count`` simple developments, one a minute, for paging tests."""
    entries = []
    for number in range(start, start + count):
        seen = T0 + timedelta(minutes=number)
        source = SourceRef(
            url=f"https://news.cgtn.com/news/2025-03-01/update-{number}/index.html",
            title=f"Quake update {number}",
            outlet="CGTN",
            published_at=seen,
            seen_at=seen,
        )
        entries.append(
            FeedEntry(
                entry_id=f"tag:storydiff.dev,2025:sample-quake/dev/n{number:04d}",
                label="new",
                evidence=f"Development number {number} was reported.",
                published=seen,
                updated=seen,
                sources=(source,),
            )
        )
    return entries


@pytest.fixture
def meta() -> FeedMeta:
    return build_meta()


@pytest.fixture
def entries() -> list[FeedEntry]:
    return build_entries()


@pytest.fixture
def numbered() -> Callable[..., list[FeedEntry]]:
    return build_numbered
