"""store stage: articles and extracted mentions in SQLite (default) or PostgreSQL.

Its names load on first use, so that ``storyline.store.provenance`` (standard library only, read
by ``storyline --version``) does not pull in SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .db import Store
    from .filters import AnyOf, Match, Where
    from .migrations import MIGRATIONS, latest_version, migration
    from .schema import ARTICLE_TABLES
    from .story import PartitionRows, StoryNotWritable

__all__ = [
    "ARTICLE_TABLES",
    "MIGRATIONS",
    "AnyOf",
    "Match",
    "PartitionRows",
    "Store",
    "StoryNotWritable",
    "Where",
    "latest_version",
    "migration",
]

_HOME = {
    "ARTICLE_TABLES": "schema",
    "Store": "db",
    "AnyOf": "filters",
    "Match": "filters",
    "Where": "filters",
    "MIGRATIONS": "migrations",
    "latest_version": "migrations",
    "migration": "migrations",
    "PartitionRows": "story",  # the materialized story's tables: reads and writes
    "StoryNotWritable": "story",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value
