"""storyline: a sourced, time-aware picture of an evolving news story."""

from __future__ import annotations

__version__ = "0.1.0"
