"""The documentation says what the code does: commands, settings, views and deployments are all documented,
and everything documented exists."""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import duckdb
import yaml

from sources import FetchPolicy
from storydiff.cli import build_parser
from warehouse import Warehouse

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    commands = set(sub.choices)  # type: ignore[arg-type]
    assert commands >= {"run", "demo", "diff", "feed", "sql", "serve-feeds", "serve"}
    for command in commands:
        assert f"storydiff {command}" in README, f"`storydiff {command}` is not documented in README.md"


def test_every_fetch_setting_is_in_the_politeness_table() -> None:
    section = README[README.index("## Fetching politely") : README.index("## Querying the warehouse")]
    table = "\n".join(line for line in section.splitlines() if line.startswith("| `"))
    documented = set(re.findall(r"`([a-z_]+)`", table))
    for f in dataclasses.fields(FetchPolicy):
        if f.name != "allowed_hosts":  # a per-story setting, documented under Configuration
            assert f.name in documented, f"FetchPolicy.{f.name} is missing from the README's politeness table"


def test_every_warehouse_view_and_table_is_documented(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    Warehouse(db).migrate()
    with duckdb.connect(str(db), read_only=True) as con:
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    doc = (REPO / "warehouse" / "README.md").read_text(encoding="utf-8")
    for name in names - {"schema_version"}:
        assert name in doc, f"{name} is not documented in warehouse/README.md"
    for view in ("v_developments", "v_story_timeline"):
        assert view in names and view in README


def test_every_deployment_points_at_a_real_flow() -> None:
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    for dep in spec["deployments"]:
        path, name = dep["entrypoint"].split(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, name)
        assert set(dep.get("parameters", {})) <= set(flow.parameters.properties), dep["name"]
        assert f"{flow.name}/{dep['name']}" in README or dep["name"] in README
