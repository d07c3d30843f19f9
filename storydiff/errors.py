"""Errors the command line reports as one clear line.

    StorydiffError
    ├── ConfigError     the stories file is missing, malformed, or names an unknown story
    └── RunError        a run could not do its job (e.g. the baseline was never fetched)

Errors of the packages below (sources.SourceError, warehouse.WarehouseError) are reported the same way.
"""

from __future__ import annotations


class StorydiffError(Exception):
    """Base class of errors that end a command with a message instead of a traceback."""


class ConfigError(StorydiffError):
    pass


class RunError(StorydiffError):
    pass
