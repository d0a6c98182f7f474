"""The web app (`storyline serve`): JSON API, OpenAPI description and the page."""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # Lazy: the exports and the report use ``web.data`` without loading FastAPI.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
