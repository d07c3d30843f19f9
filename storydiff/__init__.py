"""storydiff: follow one news story and publish, fact by fact, what changed since it first broke."""

__version__ = "0.1.0"
