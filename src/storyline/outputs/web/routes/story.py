"""The story: overview, timeline, search, and ingest by upload."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, UploadFile

from .. import data
from ..models import IngestResult, Overview, SearchResult, Timeline
from .params import SL, Dates, Limit

router = APIRouter(tags=["story"])
_ingest_lock = threading.Lock()  # one ingest at a time; reads go on (SQLite WAL)


@router.get("/overview", response_model=Overview)
def get_overview(sl: SL) -> dict[str, Any]:
    """What the store holds, and which parts of the story are available."""
    from ..app import charts_installed

    return data.overview(sl) | {"charts": charts_installed()}


@router.get("/timeline", response_model=Timeline)
def get_timeline(
    sl: SL,
    dates: Dates,
    actor: Annotated[str | None, Query(max_length=200, description="Actor (substring).")] = None,
    type: Annotated[str | None, Query(max_length=60, description="Event type.")] = None,
) -> dict[str, Any]:
    """The story by event date, each entry with its citations. ``layer`` says what the entries
    are: merged story events, event mentions, or (before any event is extracted) articles."""
    return data.timeline(
        sl, actor=actor, type=type, date_from=dates.date_from, date_to=dates.date_to
    )


@router.get("/search", response_model=SearchResult)
def search(
    sl: SL,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find.")],
    limit: Limit = 20,
) -> dict[str, Any]:
    """Articles (full-text, ranked, with a snippet) and statements matching every word."""
    return data.search(sl, q, limit=limit)


@router.post("/ingest", response_model=IngestResult)
def ingest(sl: SL, files: list[UploadFile]) -> dict[str, Any]:
    """Ingest uploaded files (any format `storyline ingest` reads); bad files come back as
    error lines, the rest is stored."""
    with tempfile.TemporaryDirectory(prefix="storyline-upload-") as tmp, _ingest_lock:
        for i, f in enumerate(files):
            # Keep the name (its extension tells the reader the format), never its folders.
            name = Path(f.filename or "").name or f"upload-{i}.txt"
            (Path(tmp) / f"{i:03d}-{name}").write_bytes(f.file.read())
        report = sl.ingest([tmp])
    result = report.as_dict()
    prefix = tmp + "/"
    result["errors"] = [e.replace(prefix, "") for e in result["errors"]]  # type: ignore[union-attr]
    return result
