"""Articles: the list (filters mirror `storyline articles`) and one article with its extraction."""

from __future__ import annotations

import hmac
import re
import shutil
import tempfile
import threading
from collections.abc import AsyncGenerator
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, cast

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from ....api import Storyline
from .. import data
from ..models import ArticleSummary, Extraction, IngestResult, Page, Problem
from .params import AS_CSV, LOOKUP, SL, Dates, Fmt, Limit, ListFormat, Offset, Text, listing

router = APIRouter(tags=["articles"])

ArticleId = Annotated[
    str, PathParam(max_length=64, description="An article id or a unique prefix.")
]


@router.get("/articles", response_model=Page[ArticleSummary], responses=AS_CSV)
def list_articles(
    sl: SL,
    dates: Dates,
    outlet: Text = None,
    q: Annotated[str | None, Query(max_length=200, description="Full-text query.")] = None,
    undated: Annotated[
        bool, Query(description="With from/to, also undated articles whose window overlaps.")
    ] = False,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Fmt = ListFormat.json,
    *,
    request: Request,
) -> dict[str, Any] | Response:
    """Stored articles by publication date (undated ones by their inferred window)."""
    rows = sl.articles(
        date_from=dates.date_from,
        date_to=dates.date_to,
        outlet=outlet or None,
        query=q or None,
        limit=limit + 1,
        offset=offset,
        include_undated=undated,
    )
    unfiltered = not (dates.date_from or dates.date_to or outlet or q)
    return listing(
        (data.article_item(a) for a in rows),
        limit,
        offset,
        request,
        format,
        skipped=True,
        total=sl.store.count_articles() if unfiltered else None,  # filtered: not counted
    )


@router.get("/articles/{article_id}", response_model=Extraction, responses=LOOKUP)
def get_article(sl: SL, article_id: ArticleId) -> dict[str, Any]:
    """One article (raw text, clean text, date evidence, credits, sentences) and every item
    extracted from it, grouped by kind; 404 for an unknown id."""
    return data.article_detail(sl.extraction(article_id))


# -- upload ----------------------------------------------------------------------------------

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                }
            }
        },
    }
}
UPLOAD_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": Problem, "description": "Not a multipart upload of files."},
    403: {"model": Problem, "description": "Uploads off, no or wrong token, or another origin."},
    413: {"model": Problem, "description": "Over the upload size limit."},
}
UNSAFE_NAME = re.compile(r"[^\w.-]+")
MAX_NAME = 100
_ingest_lock = threading.Lock()  # one ingest at a time; reads go on (SQLite WAL)


@router.post(
    "/ingest",
    response_model=IngestResult,
    responses=UPLOAD_ERRORS,
    openapi_extra=UPLOAD_BODY,
)
async def upload(request: Request, sl: SL) -> dict[str, Any]:
    """Ingest uploaded files (any format `storyline ingest` reads); bad files come back as
    error lines, the rest is stored. Only on a server started with uploads allowed, with its
    token (``Authorization: Bearer …`` or the cookie the page's link sets) and from its own
    origin; the body is read as it streams in and refused past the size limit."""
    guard: UploadGuard = request.app.state.upload
    guard.check(request)
    with tempfile.TemporaryDirectory(prefix="storyline-upload-") as tmp:
        await _save_parts(request, Path(tmp), guard.max_bytes)
        report = await run_in_threadpool(_ingest_locked, sl, tmp)
    result = report.as_dict()
    prefix = tmp + "/"
    result["errors"] = [e.replace(prefix, "") for e in cast("list[str]", result["errors"])]
    result["problems"] = [e.replace(prefix, "") for e in cast("list[str]", result["problems"])]
    return result


def _ingest_locked(sl: Storyline, folder: str) -> Any:
    with _ingest_lock:
        return sl.ingest([folder])


def safe_name(name: str | None, i: int) -> str:
    """A file name fit for the upload folder: no folders, no odd characters, not too long, its
    extension kept (it tells the reader the format)."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = UNSAFE_NAME.sub("_", stem)[:MAX_NAME].strip("._") or "upload"
    suffix = UNSAFE_NAME.sub("_", suffix)[:10]
    return f"{i:03d}-{stem}.{suffix}" if suffix else f"{i:03d}-{stem}"


async def _save_parts(request: Request, folder: Path, max_bytes: int) -> None:
    """Stream the multipart body to ``folder``: the total is counted as it arrives and the
    request refused (413) past ``max_bytes``; parts are spooled to disk, not held in memory."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise HTTPException(400, "expected a multipart/form-data upload of files")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise HTTPException(413, f"{int(length):,} bytes is over the upload limit of {max_bytes:,}")

    async def counted() -> AsyncGenerator[bytes, None]:
        seen = 0
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > max_bytes:
                raise HTTPException(413, f"over the upload limit of {max_bytes:,} bytes")
            yield chunk

    parser = MultiPartParser(request.headers, counted(), max_files=MAX_FILES, max_fields=10)
    try:
        form = await parser.parse()
    except MultiPartException as e:
        raise HTTPException(400, f"broken multipart upload: {e.message}") from None
    try:
        files = [v for k, v in form.multi_items() if k == "files" and isinstance(v, UploadFile)]
        if not files:
            raise HTTPException(400, "no files: expected one or more 'files' parts")
        for i, f in enumerate(files):
            with (folder / safe_name(f.filename, i)).open("wb") as out:
                shutil.copyfileobj(f.file, out, CHUNK)
    finally:
        await form.close()


CHUNK = 1 << 20
MAX_FILES = 1000


class UploadGuard:
    """Who may upload: nobody unless allowed; then only with the token, from our own origin."""

    COOKIE = "storyline_token"

    def __init__(self, *, allow: bool = False, token: str | None = None, max_bytes: int) -> None:
        self.allow = allow
        self.token = token or ""
        self.max_bytes = max_bytes

    def check(self, request: Request) -> None:
        if not self.allow or not self.token:
            raise HTTPException(403, "uploads are off; start the server with --allow-upload")
        if not self.same_origin(request):
            raise HTTPException(403, "upload from another origin refused")
        if not self.has_token(request):
            raise HTTPException(403, "upload needs the server's token (Authorization: Bearer …)")

    def has_token(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        given = auth[7:] if auth.lower().startswith("bearer ") else ""
        given = given or request.headers.get("x-storyline-token", "")
        given = given or request.cookies.get(self.COOKIE, "")
        return self.has_token_value(given)

    def has_token_value(self, given: str) -> bool:
        return bool(given and self.token) and hmac.compare_digest(
            given.encode(), self.token.encode()
        )

    @staticmethod
    def same_origin(request: Request) -> bool:
        # Browsers send Origin (and Sec-Fetch-Site) on a cross-site POST; a script elsewhere
        # cannot forge either. Clients without them (curl) must still show the token.
        site = request.headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return False
        origin = request.headers.get("origin")
        if origin is None:
            return True
        host = request.headers.get("host", "")
        return origin in (f"http://{host}", f"https://{host}")
