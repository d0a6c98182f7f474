"""store stage: articles and extracted mentions in SQLite (default) or PostgreSQL."""

from __future__ import annotations

from .db import Store
from .filters import AnyOf, Match, Where
from .migrations import MIGRATIONS, latest_version, migration

__all__ = ["MIGRATIONS", "AnyOf", "Match", "Store", "Where", "latest_version", "migration"]
