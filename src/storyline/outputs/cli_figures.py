"""`storyline figures`: quantitative claims with their source and as-of date."""

from __future__ import annotations

from .cli import app  # noqa: F401  (commands register on the shared app)
