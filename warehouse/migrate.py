"""Numbered SQL migrations shipped as package data (``warehouse/migrations/NNNN_name.sql``).

Each pending migration runs in its own transaction together with its ``schema_version`` row, so a failure
leaves the file at the previous version, and re-running is a no-op. A file migrated by newer code is refused
rather than guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

from warehouse.db import Connection, transaction
from warehouse.errors import SchemaError, SchemaTooNew

_NAME = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")

_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """The shipped migrations in order; numbering must be dense from 1 so a missing file is caught early."""
    found: list[Migration] = []
    for entry in resources.files("warehouse").joinpath("migrations").iterdir():
        m = _NAME.fullmatch(entry.name)
        if m is None:
            continue
        found.append(Migration(int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda mig: mig.version)
    numbers = [mig.version for mig in found]
    if numbers != list(range(1, len(found) + 1)):
        raise SchemaError(f"migrations must be numbered 1..n without gaps or duplicates, found {numbers}")
    return found


def code_version() -> int:
    """The schema version this code expects (the highest shipped migration)."""
    return len(load_migrations())


def current_version(con: Connection) -> int:
    """The version recorded in the file; 0 for a file never migrated."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' AND schema_name = 'main'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def check_not_newer(db_version: int, code: int, path: str) -> None:
    if db_version > code:
        raise SchemaTooNew(
            f"warehouse {path} is at schema version {db_version}, but this code only knows versions up to "
            f"{code}: upgrade storydiff instead of opening it with older code"
        )


def apply_migrations(con: Connection, path: str) -> int:
    """Apply every pending migration in order and return the resulting version."""
    migrations = load_migrations()
    con.execute(_BOOTSTRAP)
    version = current_version(con)
    check_not_newer(version, len(migrations), path)
    for mig in migrations[version:]:
        with transaction(con):
            con.execute(mig.sql)
            con.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                [mig.version, mig.name, datetime.now(UTC)],
            )
        version = mig.version
    return version
