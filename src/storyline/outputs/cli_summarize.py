"""`storyline summarize`: timeline summarization to the K most important dates."""

from __future__ import annotations

from .cli import app  # noqa: F401  (commands register on the shared app)
