"""The storydiff warehouse: one DuckDB file holding stories, runs, fetches, articles and their versions,
facts, diffs and developments, behind short-lived connections (DuckDB admits one writer process at a time)."""

from warehouse.errors import IntegrityError, SchemaError, SchemaTooNew, WarehouseBusy, WarehouseError
from warehouse.ids import article_id, content_hash, entry_id, fact_id
from warehouse.migrate import code_version
from warehouse.schedule import next_check_at, recheck_interval
from warehouse.store import (
    FETCH_OUTCOMES,
    RUN_STATUSES,
    FeedMetaParts,
    SaveResult,
    StoredVersion,
    Warehouse,
    outlet_name,
)

__all__ = [
    "FETCH_OUTCOMES",
    "RUN_STATUSES",
    "FeedMetaParts",
    "IntegrityError",
    "SaveResult",
    "SchemaError",
    "SchemaTooNew",
    "StoredVersion",
    "Warehouse",
    "WarehouseBusy",
    "WarehouseError",
    "article_id",
    "code_version",
    "content_hash",
    "entry_id",
    "fact_id",
    "next_check_at",
    "outlet_name",
    "recheck_interval",
]
