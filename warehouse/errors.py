"""The error hierarchy of the warehouse package, so callers never need to import duckdb.

WarehouseError            anything the warehouse refuses or fails to do
├── WarehouseBusy         another process holds the DuckDB file lock (after bounded retries)
├── SchemaError           the file's schema is not the one this code expects
│   └── SchemaTooNew      the file was migrated by newer code than this
└── IntegrityError        a write broke a constraint (PK, UNIQUE, CHECK, NOT NULL, FK); rolled back
"""

from __future__ import annotations


class WarehouseError(Exception):
    """Base class; the original duckdb exception, if any, is chained as ``__cause__``."""


class WarehouseBusy(WarehouseError):
    """The DuckDB file is locked by another process (DuckDB allows one writer process, and while it is
    connected even read-only readers in other processes are refused), or a writer waited too long for a
    read-only connection of another thread of this process to close."""

    def __init__(self, path: str, waited: float, detail: str = "") -> None:
        message = (
            f"warehouse {path} is busy: another process holds the DuckDB file lock, or another thread holds "
            f"a read-only connection (gave up after {waited:.1f} s)"
        )
        if detail:
            message += f"; duckdb said: {detail}"
        super().__init__(message)
        self.path = path
        self.waited = waited


class SchemaError(WarehouseError):
    """The schema version of the file does not match the migrations shipped with this code."""


class SchemaTooNew(SchemaError):
    """The file was migrated by a newer storydiff; refusing to touch it rather than guessing."""


class IntegrityError(WarehouseError):
    """A constraint was violated; the transaction was rolled back."""
