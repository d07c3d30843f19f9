"""The only module that imports duckdb: short-lived connections, lock retries, error translation.

DuckDB lets one process write a file, and while that process is connected, other processes cannot even open
it read-only. So nothing here keeps a connection: every call opens one, does its work in one transaction and
closes it, which keeps the lock window as small as the work itself.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse.errors import IntegrityError, SchemaError, WarehouseBusy, WarehouseError

Connection = duckdb.DuckDBPyConnection

DEFAULT_BUSY_TIMEOUT = 10.0  # seconds spent retrying a locked file before WarehouseBusy
_FIRST_DELAY = 0.05
_MAX_DELAY = 1.0


def _is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def translate(exc: duckdb.Error) -> WarehouseError:
    """Map a duckdb exception to the warehouse hierarchy (the caller chains the original)."""
    if isinstance(exc, duckdb.ConstraintException):
        return IntegrityError(str(exc))
    return WarehouseError(f"{type(exc).__name__}: {exc}")


def _is_config_clash(exc: BaseException) -> bool:
    """DuckDB refuses, in one process, a read-only and a read-write connection to one file at once."""
    return isinstance(exc, duckdb.ConnectionException) and "different configuration" in str(exc)


def _open(path: str, read_only: bool, busy_timeout: float) -> Connection:
    """Open ``path``, retrying with exponential backoff while the file is busy.

    Busy means another process holds the file lock, or (for a writer) another thread of this process holds a
    read-only connection. A reader that meets a read-write connection of this process simply opens read-write
    too: it shares that in-process database instance, so threads never fail on each other's configuration.
    """
    start = time.monotonic()
    delay = _FIRST_DELAY
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            if read_only and _is_config_clash(exc):
                read_only = False
                continue
            if not (_is_lock_error(exc) or _is_config_clash(exc)):
                raise translate(exc) from exc
            waited = time.monotonic() - start
            remaining = busy_timeout - waited
            if remaining <= 0:
                raise WarehouseBusy(path, waited, str(exc)) from exc
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, _MAX_DELAY)


@contextmanager
def connect(
    path: str | Path,
    *,
    read_only: bool = False,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    create: bool = False,
) -> Iterator[Connection]:
    """A short-lived connection in UTC; closed on exit, duckdb errors re-raised as WarehouseError.

    Only ``create=True`` (migrations) may create the file, so a mistyped path fails instead of leaving an
    empty database behind.
    """
    path = str(path)
    if not create and not Path(path).exists():
        raise SchemaError(f"no warehouse at {path}: call Warehouse.migrate() first")
    con = _open(path, read_only, busy_timeout)
    try:
        con.execute("SET TimeZone = 'UTC'")
        yield con
    except duckdb.Error as exc:
        raise translate(exc) from exc
    finally:
        con.close()


@contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """BEGIN … COMMIT, or ROLLBACK on any exception so nothing partial is left behind."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def rows(con: Connection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Run a query and return its rows as dicts, timestamps as aware UTC datetimes."""
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description or ()]
    return [{n: utc(v) for n, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def utc(value: Any) -> Any:
    """DuckDB hands TIMESTAMPTZ back as ZoneInfo('UTC'); normalise to ``datetime.UTC`` for stable equality."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value
