"""Errors of the feeds package.

``FeedError`` means the data cannot be published as asked (duplicate or malformed entry ids, a slug unusable
as a file name, a bad page size).  The CLI reports it as one line because it comes from the ``feeds`` package.
"""

from __future__ import annotations


class FeedError(ValueError):
    """The feed cannot be rendered or published from this data."""
