"""`storyline serve`, `export`, `plot`: the web app, shareable files and charts."""

from __future__ import annotations

from .cli import app  # noqa: F401  (commands register on the shared app)
