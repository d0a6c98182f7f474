"""The story: overview, timeline, figure series and conflicts, search (uploads: articles.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam

from .. import data
from ..assets import charts_installed
from ..models import (
    Finding,
    Negotiation,
    Overview,
    Page,
    Problem,
    SearchResult,
    Series,
    Timeline,
)
from .params import (
    AS_CSV,
    DEFAULT_LIMIT,
    LOOKUP,
    SL,
    Dates,
    Fmt,
    Limit,
    ListFormat,
    Offset,
    listing,
)

router = APIRouter(tags=["story"])


@router.get("/overview", response_model=Overview)
def get_overview(sl: SL) -> dict[str, Any]:
    """What the store holds, and which parts of the story are available."""
    return data.overview(sl) | {"charts": charts_installed()}


class FindingKind(StrEnum):
    conflict = "conflict"
    revision = "revision"
    change = "change"


SeriesName = Annotated[
    str | None,
    Query(max_length=200, description="A series id, or a word of its label, counted or status."),
]
KEY_MAX = 1000


@router.get(
    "/timeline",
    response_model=Timeline,
    response_model_by_alias=True,
    responses={400: {"model": Problem, "description": "An event type no extractor gives."}},
)
def get_timeline(
    sl: SL,
    dates: Dates,
    actor: Annotated[
        str | None, Query(max_length=200, description="An actor's name or alias (substring).")
    ] = None,
    type: Annotated[
        str | None, Query(max_length=200, description="Event type; several comma-separated.")
    ] = None,
    key: Annotated[
        int | None, Query(ge=1, le=KEY_MAX, description="Only the N most important events.")
    ] = None,
    min_score: Annotated[
        float | None, Query(ge=0, le=1e6, description="Only events scoring at least this.")
    ] = None,
    story: Annotated[
        bool,
        Query(
            description="Only the story: events of its period, neither background nor "
            "sidebar; ``key`` is then cut among them."
        ),
    ] = False,
    limit: Annotated[int, Query(ge=1, le=KEY_MAX, description="At most this many.")] = KEY_MAX,
    offset: Offset = 0,
    *,
    request: Request,
) -> dict[str, Any]:
    """The story by event date: events merged across articles, each with its importance
    score, its ``part`` of the story and every citation (filters as `storyline timeline`;
    ``from``/``to`` overlap the event date). Before any event is extracted, ``layer`` is
    'articles'."""
    args = (actor, type, dates.date_from, dates.date_to, key, min_score, story)
    tl = data.cached(
        sl,
        "timeline",
        args,
        lambda: data.timeline(
            sl,
            actor=actor,
            type=type,
            date_from=dates.date_from,
            date_to=dates.date_to,
            key=key,
            min_score=min_score,
            story=story,
        ),
    )
    head = {k: v for k, v in tl.items() if k != "entries"}
    found = data.page(tl["entries"], limit, offset, request=request)
    return head | found | {"items": [data.public_entry(e) for e in found["items"]]}


@router.get("/series", response_model=Page[Series], responses=AS_CSV)
def list_series(
    sl: SL,
    name: SeriesName = None,
    min_points: Annotated[
        int, Query(ge=1, le=10_000, description="Only series with this many points or more.")
    ] = 1,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    format: Fmt = ListFormat.json,
    *,
    request: Request,
) -> dict[str, Any] | Response:
    """Figures grouped into series (as `storyline series`), each with its points in time
    order; a point in a (default) conflict or revision is flagged. The series that matter
    come first: those with a finding, then comparable ones by independent sources and
    points."""

    def ordered() -> list[dict[str, Any]]:
        return sorted(data.series(sl, name, min_points=min_points), key=_mattering)

    rows = data.cached(sl, "series", (name, min_points), ordered)
    return listing(rows, limit, offset, request, format, shape=data.public_series)


def _mattering(s: dict[str, Any]) -> tuple[bool, bool, int, int]:
    flagged = any(p.get("conflict") or p.get("revision") for p in s["points"])
    return (not flagged, not s["comparable"], -int(s.get("sources") or 0), -len(s["points"]))


@router.get("/series/{series_id}", response_model=Series, responses=LOOKUP)
def get_series(
    sl: SL, series_id: Annotated[str, PathParam(max_length=200, description="A series id.")]
) -> dict[str, Any]:
    """One series with its points; 404 for an unknown id."""
    return data.public_series(data.one_series(sl, series_id))


@router.get("/conflicts", response_model=Page[Finding], responses=AS_CSV)
def list_conflicts(
    sl: SL,
    kind: Annotated[FindingKind | None, Query(description="Only this kind of finding.")] = None,
    series: SeriesName = None,
    all: Annotated[
        bool, Query(description="Also the findings under the confidence threshold.")
    ] = False,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    format: Fmt = ListFormat.json,
    *,
    request: Request,
) -> dict[str, Any] | Response:
    """Disagreements between asserted figures of one frame (as `storyline conflicts`):
    conflicts (same thing, same time, incompatible values), revisions and real changes, each
    with both points cited, a confidence and its reasons; only confident ones unless ``all``."""
    found = kind.value if kind else None
    rows = data.cached(
        sl,
        "conflicts",
        (found, series, all),
        lambda: sl.conflicts(found, series=series or None, all=all),
    )
    return listing(rows, limit, offset, request, format, shape=data.public_finding)


@router.get("/negotiations", response_model=Page[Negotiation], responses=AS_CSV)
def list_negotiations(
    sl: SL,
    dates: Dates,
    party: Annotated[
        str | None,
        Query(
            max_length=200, description="A proposer, addressee, mediator or responder (substring)."
        ),
    ] = None,
    answered: Annotated[
        bool, Query(description="Only the proposals that got an answer or a counter.")
    ] = False,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    format: Fmt = ListFormat.json,
    *,
    request: Request,
) -> dict[str, Any] | Response:
    """Negotiation threads (as `storyline negotiations`), by date of the first proposal:
    each proposal with its party, content and what is asked in return, then the answers and
    counter-proposals that followed, every step cited."""
    rows = [
        n
        for n in sl.negotiations()
        if data.in_range(n.get("date"), dates.date_from, dates.date_to)
        and (not answered or n["steps"])
        and (not party or _involves(n, party))
    ]
    return listing(rows, limit, offset, request, format)


def _involves(n: dict[str, Any], party: str) -> bool:
    needle = party.casefold()
    names = [n.get("proposer"), n.get("addressee"), *n.get("via", [])]
    names += [s.get("responder") for s in n["steps"]]
    return any(needle in name.casefold() for name in names if name)


@router.get("/search", response_model=SearchResult)
def search(
    sl: SL,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find.")],
    limit: Limit = 20,
) -> dict[str, Any]:
    """Articles (full-text, ranked, with a snippet) and statements matching every word."""
    return data.search(sl, q, limit=limit)
