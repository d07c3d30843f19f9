"""Run the stories on a schedule from one long-running process, with no work pool and no worker.

``serve_stories`` registers one ``track-story`` deployment per configured story (named after its slug, hourly
by default) and a daily ``rebuild-feeds`` deployment, then executes their runs itself, one at a time.  It
still needs a Prefect API that runs the scheduler: a ``prefect server start`` (or Prefect Cloud) named by
``PREFECT_API_URL``.  Prefect's ephemeral in-process API has no scheduler, so serving against it would
register the schedules and never run them; ``serve_stories`` refuses that with a message instead.

The deployments have the same names as those in ``prefect.yaml``: serving replaces the work-pool
deployments of the same name on that server (and ``prefect deploy`` replaces them back).  Use one or the
other per server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storydiff.config import Config, load_config
from storydiff.errors import ConfigError

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

DEFAULT_STORY_CRON = "17 * * * *"  # as in prefect.yaml
DEFAULT_FEEDS_CRON = "45 3 * * *"
DEFAULT_RECHECK_CRON = "*/20 * * * *"  # cheap: only articles whose re-check is due
TIMEZONE = "UTC"


def build_deployments(
    config: Config,
    *,
    interval_cron: str = DEFAULT_STORY_CRON,
    feeds_cron: str = DEFAULT_FEEDS_CRON,
    recheck_cron: str = DEFAULT_RECHECK_CRON,
) -> list[RunnerDeployment]:
    """Per story a track-story and a recheck-articles deployment, plus rebuild-feeds; nothing is sent yet.

    Parameters carry the absolute config path, so runs do not depend on the directory serving them.
    ``RunnerDeployment.from_flow`` rather than ``flow.to_deployment``: the latter returns a coroutine when
    called from async code.  Entrypoints are module paths (``flows.track_story.track_story``): the
    installed package is found from any working directory.
    """
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.deployments.runner import RunnerDeployment
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    from flows.rebuild_feeds import rebuild_feeds
    from flows.track_story import recheck_articles, track_story

    config_path = str(config.path.resolve())
    # One writer per warehouse: a second run of the same deployment waits for the first (as prefect.yaml).
    single_writer = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)

    def deployment(
        flow: Any, name: str, description: str, cron: str, tag: str, **params: str
    ) -> RunnerDeployment:
        return RunnerDeployment.from_flow(
            flow,
            name=name,
            description=description,
            schedules=[Cron(cron, timezone=TIMEZONE)],
            parameters={**params, "config_path": config_path},
            concurrency_limit=single_writer,
            tags=["storydiff", tag, "served"],
            entrypoint_type=EntrypointType.MODULE_PATH,
        )

    deployments = [
        deployment(
            track_story,
            story.slug,
            f"Track {story.title!r}: fetch, diff, load the warehouse, publish the Atom feed.",
            interval_cron,
            "story",
            slug=story.slug,
        )
        for story in config.stories
    ]
    deployments += [
        deployment(
            recheck_articles,
            story.slug,
            f"Re-check {story.title!r}: known articles whose time has come, no discovery.",
            recheck_cron,
            "recheck",
            slug=story.slug,
        )
        for story in config.stories
    ]
    deployments.append(
        deployment(
            rebuild_feeds,
            "rebuild-feeds",
            "Re-render every story's feed, archives and timeline page from the warehouse.",
            feeds_cron,
            "feeds",
        )
    )
    return deployments


def serve_stories(config_path: str | None, *, interval_cron: str = DEFAULT_STORY_CRON) -> None:
    """Serve every configured story (and rebuild-feeds) until interrupted; runs execute one at a time.

    Stopping the process leaves the schedules active (``pause_on_shutdown=False``): runs that fall due
    while it is down wait as Late and start when it is back.
    """
    from prefect import serve
    from prefect.settings import PREFECT_API_URL

    config = load_config(config_path)
    if not PREFECT_API_URL.value():
        raise ConfigError(
            "storydiff serve needs a Prefect server to schedule runs: start one with "
            "`prefect server start` and set PREFECT_API_URL (e.g. http://127.0.0.1:4200/api); "
            "Prefect's in-process API has no scheduler"
        )
    serve(*build_deployments(config, interval_cron=interval_cron), limit=1, pause_on_shutdown=False)
