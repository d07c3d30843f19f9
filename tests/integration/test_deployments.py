"""storydiff as it runs in production: ``prefect.yaml`` deployed to a real Prefect server, a process work
pool, a worker that runs the story deployment from this checkout — and the warehouse, feed and artifacts
it leaves.

The only difference from production is the configuration the deployments point at: a copy of
``prefect.yaml`` whose ``config_path`` parameters name a stories file that mirrors the public URLs onto the
recorded snapshot, served on loopback by this pytest process (the worker's flow-run subprocess reaches it
over loopback like any site).

Also here: a unit test of ``storydiff.serve.build_deployments`` (no server).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import feedparser
import procs
import pytest
import yaml
from procs import PrefectServer

from storydiff.config import load_config

REPO = procs.REPO
SLUG = "us-russia-riyadh-2025"
POOL = "storydiff"
RUN_TIMEOUT = 180.0  # trigger -> terminal state; a warm run takes about 5-10 s here


# -- unit: storydiff serve --------------------------------------------------------------------------------


def test_build_deployments_one_per_story_plus_rebuild_feeds(tmp_path: Path) -> None:
    from storydiff.serve import build_deployments

    text = (REPO / "stories.toml").read_text(encoding="utf-8")
    text += "\n".join(
        [
            "",
            "[[stories]]",
            'slug = "second-story"',
            'title = "A second story"',
            'baseline = "https://news.cgtn.com/news/2025-03-01/news-x/p.html"',
            "",
        ]
    )
    cfg = tmp_path / "stories.toml"
    cfg.write_text(text, encoding="utf-8")
    config = load_config(cfg)

    deployments = build_deployments(config, interval_cron="5 */2 * * *")

    slugs = ["us-russia-riyadh-2025", "second-story"]
    assert [d.name for d in deployments] == [*slugs, *slugs, "rebuild-feeds"]
    assert [d.flow_name for d in deployments] == [
        "track-story",
        "track-story",
        "recheck-articles",
        "recheck-articles",
        "rebuild-feeds",
    ]
    assert [d.entrypoint for d in deployments] == [
        "flows.track_story.track_story",
        "flows.track_story.track_story",
        "flows.track_story.recheck_articles",
        "flows.track_story.recheck_articles",
        "flows.rebuild_feeds.rebuild_feeds",
    ]
    config_path = str(cfg.resolve())
    assert deployments[0].parameters == {"slug": "us-russia-riyadh-2025", "config_path": config_path}
    assert deployments[1].parameters == {"slug": "second-story", "config_path": config_path}
    assert deployments[3].parameters == {"slug": "second-story", "config_path": config_path}
    assert deployments[4].parameters == {"config_path": config_path}
    crons = [[(s.schedule.cron, s.schedule.timezone) for s in d.schedules or []] for d in deployments]
    assert crons == [
        [("5 */2 * * *", "UTC")],
        [("5 */2 * * *", "UTC")],
        [("*/20 * * * *", "UTC")],
        [("*/20 * * * *", "UTC")],
        [("45 3 * * *", "UTC")],
    ]
    for d in deployments:
        assert d.concurrency_limit == 1
        assert d.concurrency_options is not None
        assert d.concurrency_options.collision_strategy == "ENQUEUE"


def test_serve_stories_refuses_the_ephemeral_api(tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from storydiff.errors import ConfigError
    from storydiff.serve import serve_stories

    with (
        temporary_settings(updates={PREFECT_API_URL: None}),
        pytest.raises(ConfigError, match="prefect server"),
    ):
        serve_stories(str(REPO / "stories.toml"))


# -- integration: prefect.yaml on a real server and worker --------------------------------------------------


@dataclass
class Deployed:
    server: PrefectServer
    spec: dict[str, Any]
    config: Path
    out: Path
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def client_for(server: PrefectServer) -> Iterator[Any]:
    """A sync Prefect client on the test server (whatever API this pytest process otherwise uses)."""
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with (
        temporary_settings(updates={PREFECT_API_URL: server.api_url}),
        get_client(sync_client=True) as client,
    ):
        yield client


def timed(timings: dict[str, float], key: str, start: float) -> None:
    timings[key] = round(time.monotonic() - start, 2)


@pytest.fixture(scope="module")
def deployed(
    prefect_server: PrefectServer,
    snapshot_url: str,
    make_demo_config: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Deployed:
    """Work pool, ``prefect deploy --all`` from a copy of prefect.yaml, and a worker; returns once ready."""
    out = tmp_path_factory.mktemp("deployed")
    config = make_demo_config(out / "data", snapshot_url)
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    for d in spec["deployments"]:  # the only change: the stories file the runs read
        assert "config_path" in d["parameters"], d["name"]
        d["parameters"]["config_path"] = str(config)
    prefect_file = out / "prefect.yaml"
    prefect_file.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    result = Deployed(server=prefect_server, spec=spec, config=config, out=out)
    t = result.timings
    t["server start (to /api/health)"] = round(prefect_server.started_in, 2)

    start = time.monotonic()
    procs.run_cli([procs.PREFECT, "work-pool", "create", POOL, "--type", "process"], env=prefect_server.env())
    timed(t, "work-pool create", start)

    # From the repository root, as the prefect.yaml header says; `{{ $PWD }}` is read from the environment,
    # which a subprocess started with cwd= does not update, so set it as a shell would.
    start = time.monotonic()
    deploy = procs.run_cli(
        [procs.PREFECT, "--no-prompt", "deploy", "--all", "--prefect-file", str(prefect_file)],
        env=prefect_server.env(PWD=str(REPO)),
        cwd=REPO,
    )
    timed(t, "deploy --all", start)
    (prefect_server.logs / "deploy.log").write_text(deploy.stdout, encoding="utf-8")

    start = time.monotonic()
    worker = prefect_server.processes.start(
        "worker",
        [procs.PREFECT, "worker", "start", "--pool", POOL, "--limit", "1", "--name", "storydiff-test-worker"],
        env=prefect_server.env(PREFECT_WORKER_QUERY_SECONDS="1"),
        cwd=REPO,  # prefect.toml is read from the worker's working directory
    )
    procs.wait_until(
        lambda: "started" in procs.tail(worker.log, 200),
        timeout=60,
        what="the worker to start",
        proc=worker,
    )
    timed(t, "worker start", start)
    return result


def _deployments_by_name(server: PrefectServer) -> dict[str, Any]:
    """Deployments on the server keyed by ``flow-name/deployment-name``."""
    with client_for(server) as client:
        flows = {f.id: f.name for f in client.read_flows()}
        return {f"{flows[d.flow_id]}/{d.name}": d for d in client.read_deployments()}


@pytest.mark.integration
def test_every_deployment_in_prefect_yaml_is_created(deployed: Deployed) -> None:
    created = {key.split("/", 1)[1]: dep for key, dep in _deployments_by_name(deployed.server).items()}
    wanted = {d["name"]: d for d in deployed.spec["deployments"]}
    assert set(created) == set(wanted)
    for name, spec in wanted.items():
        dep = created[name]
        assert dep.entrypoint == spec["entrypoint"]
        assert dep.work_pool_name == POOL
        assert dep.parameters["config_path"] == str(deployed.config)
        assert dep.pull_steps == [
            {"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}
        ], "the pull step must send the worker to the repository root"
        assert [(s.schedule.cron, s.schedule.timezone, s.active) for s in dep.schedules] == [
            (s["cron"], s["timezone"], s["active"]) for s in spec["schedules"]
        ]
        # A deployment concurrency limit is stored as a global concurrency limit named after the deployment.
        assert dep.global_concurrency_limit is not None
        assert dep.global_concurrency_limit.limit == spec["concurrency_limit"]["limit"] == 1
        assert dep.concurrency_options.collision_strategy == spec["concurrency_limit"]["collision_strategy"]


@pytest.fixture(scope="module")
def story_run(deployed: Deployed) -> Any:
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    start = time.monotonic()
    with temporary_settings(updates={PREFECT_API_URL: deployed.server.api_url}):
        flow_run = run_deployment(
            f"track-story/{SLUG}", timeout=RUN_TIMEOUT, poll_interval=1, as_subflow=False
        )
    timed(deployed.timings, "story run (trigger -> terminal)", start)
    if flow_run.start_time and flow_run.created:
        deployed.timings["created -> started"] = round(
            (flow_run.start_time - flow_run.created).total_seconds(), 2
        )
    if flow_run.start_time and flow_run.end_time:
        deployed.timings["flow run duration"] = round(
            (flow_run.end_time - flow_run.start_time).total_seconds(), 2
        )
    print("\ntimings (s):", deployed.timings)
    return flow_run


def _worker_log(deployed: Deployed) -> str:
    return procs.tail(deployed.server.logs / "worker.log", 80)


@pytest.mark.integration
def test_worker_runs_the_story_deployment_to_completion(deployed: Deployed, story_run: Any) -> None:
    assert story_run.state is not None
    assert story_run.state.is_completed(), f"{story_run.state!r}\n{_worker_log(deployed)}"
    assert story_run.name == f"track-{SLUG}"
    assert story_run.parameters["config_path"] == str(deployed.config)


@pytest.mark.integration
def test_the_run_loaded_the_warehouse_and_wrote_the_feed(deployed: Deployed, story_run: Any) -> None:
    assert story_run.state.is_completed(), _worker_log(deployed)
    config = load_config(deployed.config)
    with duckdb.connect(str(config.storage.database), read_only=True) as con:
        counts = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
            for t in ("runs", "articles", "developments", "fetches")
        }
        dupes = con.execute(
            "SELECT entry_id FROM developments GROUP BY entry_id HAVING count(*) > 1"
        ).fetchall()
    assert counts["runs"] == 1, counts
    assert counts["articles"] >= 9, counts
    assert counts["developments"] >= 10, counts
    assert counts["fetches"] >= counts["articles"], counts
    assert dupes == []

    feed = feedparser.parse(config.storage.feed_path(SLUG).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == counts["developments"] > 0


@pytest.mark.integration
def test_the_run_published_its_artifacts(deployed: Deployed, story_run: Any) -> None:
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    assert story_run.state.is_completed(), _worker_log(deployed)
    with client_for(deployed.server) as client:
        artifacts = client.read_artifacts(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[story_run.id]))
        )
    by_key = {a.key: a for a in artifacts}
    assert {f"{SLUG}-developments", f"{SLUG}-fetches", f"{SLUG}-feed"} <= set(by_key), sorted(by_key)
    developments = by_key[f"{SLUG}-developments"]
    assert developments.type == "markdown"
    assert f"# New developments in `{SLUG}`" in developments.data
    assert "| label | evidence | change | source |" in developments.data  # a table, not "no new developments"
    fetches = by_key[f"{SLUG}-fetches"]
    assert fetches.type == "table"
    assert "not_modified" in fetches.data or "ok" in fetches.data
    feed_uri = load_config(deployed.config).storage.feed_path(SLUG).resolve().as_uri()
    assert feed_uri in by_key[f"{SLUG}-feed"].data


@pytest.mark.integration
def test_rebuild_feeds_deployment_rewrites_the_same_bytes(deployed: Deployed, story_run: Any) -> None:
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    assert story_run.state.is_completed(), _worker_log(deployed)
    feed = load_config(deployed.config).storage.feed_path(SLUG)
    before = feed.read_bytes()
    start = time.monotonic()
    with temporary_settings(updates={PREFECT_API_URL: deployed.server.api_url}):
        flow_run = run_deployment(
            "rebuild-feeds/rebuild-feeds", timeout=RUN_TIMEOUT, poll_interval=1, as_subflow=False
        )
    timed(deployed.timings, "rebuild-feeds run (trigger -> terminal)", start)
    print("\ntimings (s):", deployed.timings)
    assert flow_run.state is not None and flow_run.state.is_completed(), (
        f"{flow_run.state!r}\n{_worker_log(deployed)}"
    )
    assert feed.read_bytes() == before


# -- integration: storydiff.serve on a real server ------------------------------------------------------


SERVE = "import sys\nfrom storydiff.serve import serve_stories\nserve_stories(sys.argv[1])\n"


@pytest.mark.integration
def test_serve_stories_runs_a_story_and_leaves_the_schedules_on(
    own_prefect_server: PrefectServer, snapshot_url: str, make_demo_config: Any, tmp_path: Path
) -> None:
    """``serve_stories`` from a directory outside the checkout: deployments registered, a run executed by
    the serving process, schedules still active after SIGTERM (``pause_on_shutdown=False``)."""
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = own_prefect_server
    config = make_demo_config(tmp_path / "data", snapshot_url)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    served = server.processes.start(
        "serve",
        [sys.executable, "-c", SERVE, str(config)],
        env=server.env(PREFECT_RUNNER_POLL_FREQUENCY="1"),
        cwd=elsewhere,  # module entrypoints: the flows are found without the checkout as working directory
    )
    procs.wait_until(
        lambda: {f"track-story/{SLUG}", "rebuild-feeds/rebuild-feeds"} <= set(_deployments_by_name(server)),
        timeout=60,
        what="serve to register its deployments",
        proc=served,
    )
    start = time.monotonic()
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        flow_run = run_deployment(
            f"track-story/{SLUG}", timeout=RUN_TIMEOUT, poll_interval=1, as_subflow=False
        )
    took = time.monotonic() - start
    assert flow_run.state is not None and flow_run.state.is_completed(), (
        f"{flow_run.state!r}\n{served.log_tail(80)}"
    )
    feed = feedparser.parse(load_config(config).storage.feed_path(SLUG).read_bytes())
    assert len(feed.entries) > 0

    assert procs.stop(served) is not None
    assert "graceful shutdown" in procs.tail(served.log, 20), served.log_tail()
    for name, dep in _deployments_by_name(server).items():
        assert not dep.paused, name
        assert [s.active for s in dep.schedules] == [True], name
    print(f"\nserved run: trigger -> Completed {took:.2f}s")
