"""`storyline events` and `storyline proposals`: typed events and negotiation offers."""

from __future__ import annotations

from .cli import app  # noqa: F401  (commands register on the shared app)
