"""What a run shows in the Prefect UI: a table of new developments, a table of fetch outcomes, the feed link.

The flow is async, so the artifact calls must be the awaited ``acreate_*`` forms: the plain names return
coroutines there and would silently create nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect.artifacts import acreate_link_artifact, acreate_markdown_artifact, acreate_table_artifact
from prefect.context import FlowRunContext

from factdiff.models import Diff
from sources.models import Article, Page

if TYPE_CHECKING:
    from flows.track_story import RunState


def fetch_row(url: str, outcome: str, page: Page | None, error: Exception | None) -> dict[str, Any]:
    return {
        "url": url,
        "outcome": outcome,
        "status": page.status if page is not None else getattr(error, "status", None),
        "error": f"{getattr(error, 'kind', type(error).__name__)}: {error}" if error is not None else "",
        "bytes": page.size if page is not None else 0,
    }


def development_row(diff: Diff, article: Article) -> dict[str, Any]:
    change = diff.change
    return {
        "label": diff.label,
        "evidence": diff.fact.sentence,
        "change": f"{change.slot}: {change.before} → {change.after}" if change else "",
        "source": article.url,
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def developments_markdown(slug: str, rows: list[dict[str, Any]]) -> str:
    lines = [f"# New developments in `{slug}`", ""]
    if not rows:
        return "\n".join([*lines, "No new developments in this run."])
    lines += ["| label | evidence | change | source |", "|---|---|---|---|"]
    lines += [
        f"| {r['label']} | {_cell(r['evidence'])} | {_cell(r['change'])} | [{_cell(r['source'])}]({r['source']}) |"
        for r in rows
    ]
    return "\n".join(lines)


async def publish_artifacts(slug: str, state: RunState, feed_path: Path) -> None:
    """Attach the run's report to the flow run; a no-op outside a flow run (e.g. plain unit tests)."""
    if FlowRunContext.get() is None:
        return
    key = slug.lower()
    await acreate_markdown_artifact(
        key=f"{key}-developments",
        markdown=developments_markdown(slug, state.new_developments),
        description="Developments first seen in this run",
    )
    await acreate_table_artifact(
        key=f"{key}-fetches",
        table=state.fetch_rows or [{"url": "", "outcome": "nothing fetched"}],
        description="Fetch outcome of every URL this run asked for",
    )
    await acreate_link_artifact(
        key=f"{key}-feed", link=feed_path.resolve().as_uri(), link_text=f"Atom feed of {slug}"
    )
