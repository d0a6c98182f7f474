"""The web app: a JSON API over the ``Storyline`` facade, and the page that reads it.

``create_app(db)`` builds the app; ``storyline serve`` runs it with uvicorn. The page is static
(``static/``): plain JS that calls ``/api/*``; its chart scripts come from npm (``make setup``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from ... import __version__, dates
from ...api import Storyline
from ...errors import NotFoundError, StoreError, StorylineError
from .assets import STATIC_DIR, VENDOR_DIR, charts_installed
from .routes import articles, extracted, story

__all__ = ["STATIC_DIR", "VENDOR_DIR", "charts_installed", "create_app"]


MAX_UPLOAD_BYTES = 50_000_000
"""Default limit of one upload request (all its files), enforced while the body streams in."""


def create_app(
    db: str | Path | Storyline,
    *,
    allow_upload: bool = False,
    token: str | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    cors: Sequence[str] = (),
) -> FastAPI:
    """The app over the store at ``db`` (a path, URL, or an open ``Storyline``).

    Read-only unless ``allow_upload``; then ``POST /api/ingest`` takes uploads that carry
    ``token`` and come from the app's own origin (``routes.articles.UploadGuard``). ``cors``:
    origins whose pages may read the API (GET only, no credentials); none by default."""
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
    app.state.upload = articles.UploadGuard(
        allow=allow_upload, token=token, max_bytes=max_upload_bytes
    )
    app.include_router(articles.router, prefix="/api")
    app.include_router(extracted.router, prefix="/api")
    app.include_router(story.router, prefix="/api")
    _add_error_handlers(app)
    if cors:
        # Reading only: uploads keep their same-origin guard whatever the CORS origins.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors),
            allow_methods=["GET"],
            allow_credentials=False,
            expose_headers=["Link", "X-Total-Count"],
        )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index(request: Request) -> FileResponse:
        page = FileResponse(STATIC_DIR / "index.html")
        guard: articles.UploadGuard = app.state.upload
        given = request.query_params.get("token", "")
        if guard.allow and given and guard.has_token_value(given):
            # the link the server printed: the page's own uploads then carry the token; a
            # SameSite=Strict cookie is never sent by another site's request
            page.set_cookie(guard.COOKIE, given, httponly=True, samesite="strict")
        return page

    return app


ERROR_STATUS: tuple[tuple[type[StorylineError], int], ...] = (
    (NotFoundError, 404),  # an id or name the store does not hold
    (dates.DateError, 400),  # bad date input, even where the store raises it (StoreDateError)
    (StoreError, 500),  # the store cannot be read or written: our side, not the request
    (StorylineError, 400),  # any other error raised on purpose: bad input (DateError, …)
)
"""Domain error → HTTP status. Starlette takes the first class of the error's MRO that has a
handler, so a ``StoreDateError`` (a ``DateError`` first, then a ``StoreError``) is a 400."""


def _add_error_handlers(app: FastAPI) -> None:
    # Core code raises domain errors; only this edge turns them into HTTP statuses.
    for error, status in ERROR_STATUS:
        app.add_exception_handler(error, _handler(status))


def _handler(status: int) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def handle(_req: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status)

    return handle
