"""The web app: a JSON API over the ``Storyline`` facade, and the page that reads it.

``create_app(db)`` builds the app; ``storyline serve`` runs it with uvicorn. The page is static
(``static/``): plain JS that calls ``/api/*``; its chart scripts come from npm (``make setup``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from ... import __version__
from ...api import Storyline
from ...errors import NotFoundError, StorylineError
from .routes import articles, extracted, story

STATIC_DIR = Path(str(files(__package__) / "static"))
VENDOR_DIR = STATIC_DIR / "vendor"


def create_app(db: str | Path | Storyline) -> FastAPI:
    """The app over the store at ``db`` (a path, URL, or an open ``Storyline``)."""
    sl = db if isinstance(db, Storyline) else Storyline(db)
    owned = not isinstance(db, Storyline)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            sl.close()

    app = FastAPI(
        title="storyline",
        version=__version__,
        description="A sourced, time-aware picture of one news story: articles, what was "
        "extracted from them (with character spans into the raw text), and the story built "
        "from them. Every item cites its article and span.",
        lifespan=lifespan,
    )
    app.state.sl = sl
    app.include_router(articles.router, prefix="/api")
    app.include_router(extracted.router, prefix="/api")
    app.include_router(story.router, prefix="/api")
    _add_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    return app


def _add_error_handlers(app: FastAPI) -> None:
    # Core code raises domain errors; only this edge turns them into HTTP statuses.
    @app.exception_handler(NotFoundError)
    async def not_found(_req: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(StorylineError)
    async def bad_request(_req: Request, exc: StorylineError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)


def charts_installed() -> bool:
    """Whether ``make setup`` copied the chart scripts from npm into ``static/vendor``."""
    from .assets import VENDOR_FILES

    return all((VENDOR_DIR / name).is_file() for name in VENDOR_FILES)
