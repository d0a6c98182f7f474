"""store stage: articles and extracted mentions in SQLite (default) or PostgreSQL."""

from __future__ import annotations

from .db import Store
from .migrations import MIGRATIONS, latest_version, migration

__all__ = ["MIGRATIONS", "Store", "latest_version", "migration"]
