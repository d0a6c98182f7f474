"""The web app (`storyline serve`): JSON API, OpenAPI description and the page."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
