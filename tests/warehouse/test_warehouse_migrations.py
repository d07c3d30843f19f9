from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import warehouse.migrate as migrate_mod
from tests.warehouse.whfactories import new_warehouse
from warehouse import SchemaError, SchemaTooNew, Warehouse, WarehouseError, code_version
from warehouse.migrate import Migration, load_migrations

EXPECTED_TABLES = {
    "schema_version",
    "stories",
    "runs",
    "fetches",
    "articles",
    "article_versions",
    "facts",
    "diffs",
    "developments",
    "development_sources",
    "frontier",
}
EXPECTED_VIEWS = {"v_developments", "v_story_timeline", "v_fetch_outcomes"}


def _catalog(path: Path) -> tuple[set[str], set[str], list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        sql = "SELECT view_name FROM duckdb_views() WHERE NOT internal"
        views = {r[0] for r in con.execute(sql).fetchall()}
        sql = "SELECT version, name, applied_at FROM schema_version ORDER BY version"
        versions = con.execute(sql).fetchall()
    finally:
        con.close()
    return tables, views, versions


def test_migrations_are_package_data_numbered_densely() -> None:
    migs = load_migrations()
    assert [m.version for m in migs] == list(range(1, len(migs) + 1))
    assert migs[0].name == "initial" and "CREATE TABLE stories" in migs[0].sql
    assert code_version() == len(migs) >= 2


def test_fresh_migrate_creates_schema(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "sub" / "fresh.duckdb")
    assert wh.migrate() == code_version()
    tables, views, versions = _catalog(wh.path)
    assert tables >= EXPECTED_TABLES
    assert views >= EXPECTED_VIEWS
    assert [v[:2] for v in versions] == [(1, "initial"), (2, "analyst_views"), (3, "frontier")]
    assert all(v[2].tzinfo is not None for v in versions)


def test_rerun_is_a_no_op(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.migrate()
    before = _catalog(wh.path)
    assert Warehouse(wh.path).migrate() == code_version()
    assert _catalog(wh.path) == before


def test_newer_database_is_refused(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.migrate()
    con = duckdb.connect(str(wh.path))
    con.execute("INSERT INTO schema_version VALUES (99, 'from_the_future', now())")
    con.close()
    with pytest.raises(SchemaTooNew, match="version 99"):
        Warehouse(wh.path).migrate()
    with pytest.raises(SchemaTooNew):
        Warehouse(wh.path).counts("x")


def test_unmigrated_file_gives_a_clear_error(tmp_path: Path) -> None:
    duckdb.connect(str(tmp_path / "empty.duckdb")).close()
    with pytest.raises(SchemaError, match=r"migrate\(\)"):
        Warehouse(tmp_path / "empty.duckdb").start_run("x")
    with pytest.raises(SchemaError, match=r"migrate\(\)"):
        Warehouse(tmp_path / "missing.duckdb").counts("x")


def test_failing_migration_rolls_back_to_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wh = new_warehouse(tmp_path)
    current = code_version()
    broken = Migration(current + 1, "broken", "CREATE TABLE half_done (a INTEGER); SELECT * FROM nope;")
    real = load_migrations()
    monkeypatch.setattr(migrate_mod, "load_migrations", lambda: [*real, broken])
    with pytest.raises(WarehouseError, match="nope"):
        Warehouse(wh.path).migrate()
    tables, _, versions = _catalog(wh.path)
    assert "half_done" not in tables
    assert versions[-1][0] == current


def test_reads_and_writes_never_create_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SchemaError):
        Warehouse(tmp_path / "typo.duckdb").start_run("x")
    assert not (tmp_path / "typo.duckdb").exists()
