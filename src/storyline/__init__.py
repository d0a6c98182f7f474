"""storyline: a sourced, time-aware picture of an evolving news story."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Storyline", "__version__"]


def __getattr__(name: str) -> object:
    # Lazy, so `import storyline` (e.g. for --version) does not load spaCy and SQLAlchemy.
    if name == "Storyline":
        from .api import Storyline

        return Storyline
    raise AttributeError(name)
