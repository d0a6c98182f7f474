"""`storyline timeline`, `series`, `conflicts`: the story reconciled across articles."""

from __future__ import annotations

from .cli import app  # noqa: F401  (commands register on the shared app)
