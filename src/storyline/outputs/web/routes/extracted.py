"""What extraction found: entities, statements, figures, events, proposals and any stored kind.
Filters mirror the CLI commands of the same names."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam

from ....api import Storyline
from ....extract.kinds import KIND_GROUPS
from .. import data
from ..models import Entity, EntityProfile, Event, Figure, Mention, Page, Proposal, Statement
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
    Text,
    listing,
)

router = APIRouter(tags=["extraction"])

# An enum built from the kinds catalogue (OpenAPI lists them); mypy types only literal members.
Kind = StrEnum("Kind", {k: k for k in KIND_GROUPS})  # type: ignore[misc]
ArticleFilter = Annotated[
    str | None, Query(alias="article", max_length=64, description="Only this article (id/prefix).")
]
Search = Annotated[str | None, Query(max_length=200, description="Words the text must contain.")]


@router.get("/entities", response_model=Page[Entity], responses=AS_CSV)
def list_entities(
    sl: SL,
    label: Annotated[str | None, Query(max_length=40, description="PERSON, ORG, GPE…")] = None,
    q: Search = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    format: Fmt = ListFormat.json,
    *,
    request: Request,
) -> dict[str, Any] | Response:
    """People, organisations and places merged across articles, most mentioned first."""
    rows: Iterable[dict[str, Any]] = sl.entities(label=label or None)
    if q:
        rows = (e for e in rows if data.matches(e, q, ("canonical", "aliases", "titles")))
    return listing(rows, limit, offset, request, format)


@router.get("/entities/{name}", response_model=EntityProfile, responses=LOOKUP)
def get_entity(
    sl: SL, name: Annotated[str, PathParam(max_length=200, description="Canonical name or alias.")]
) -> dict[str, Any]:
    """Who an entity is, what they said over time and the figures they gave; 404 if unknown."""
    return data.entity_profile(sl, name)


@router.get("/statements", response_model=Page[Statement], responses=LOOKUP | AS_CSV)
def list_statements(
    sl: SL,
    dates: Dates,
    by: Annotated[str | None, Query(max_length=200, description="Speaker or alias.")] = None,
    direct: Annotated[
        bool | None, Query(description="true: direct quotes only; false: reported speech.")
    ] = None,
    article: ArticleFilter = None,
    q: Search = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Fmt = ListFormat.json,
    *,
    request: Request,
) -> dict[str, Any] | Response:
    """Direct quotes and reported speech with their speakers, dates and spans."""
    rows = data.statements(
        sl,
        by=by or None,
        direct=direct,
        article_id=article or None,
        query=q,
        date_from=dates.date_from,
        date_to=dates.date_to,
    )
    return listing(rows, limit, offset, request, format)


@router.get("/mentions", response_model=Page[Mention], responses=LOOKUP | AS_CSV)
def list_mentions(
    sl: SL,
    kind: Annotated[Kind | None, Query(description="Only this kind.")] = None,
    article: ArticleFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    format: Fmt = ListFormat.json,
    *,
    request: Request,
) -> dict[str, Any] | Response:
    """Every stored item of a kind (or all kinds), as extracted, in article order."""
    rows = sl.mentions(kind.value if kind else None, article_id=article or None)
    return listing(rows, limit, offset, request, format)


# -- figures, events, proposals ----------------------------------------------------------------


def _filtered(
    rows: Iterable[dict[str, Any]],
    *,
    article_id: str | None,
    q: str | None,
    text_fields: tuple[str, ...],
    date_field: str,
    dates: data.DateRangeLike,
    fields: dict[str, tuple[tuple[str, ...], str | None]],
) -> Iterator[dict[str, Any]]:
    """Rows kept by the shared filters; ``fields``: param → (row keys, needle) substring match."""
    for r in rows:
        if article_id and r["article_id"] != article_id:
            continue
        if q and not data.matches(r, q, text_fields):
            continue
        if not data.in_range(r.get(date_field), dates.date_from, dates.date_to):
            continue
        if all(needle is None or data.matches(r, needle, keys) for keys, needle in fields.values()):
            yield r


NO_RANGE = data.DateSpan(None, None)


def _resolve(sl: Storyline, article: str | None) -> str | None:
    return sl.store.resolve_id(article) if article else None


@router.get("/figures", response_model=Page[Figure], responses=LOOKUP | AS_CSV)
def list_figures(
    sl: SL,
    dates: Dates,
    counted: Annotated[
        str | None, Query(max_length=100, description="What is counted (hostages, killed…).")
    ] = None,
    status: Text = None,
    source: Annotated[str | None, Query(max_length=200, description="Who gave it.")] = None,
    article: ArticleFilter = None,
    q: Search = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    format: Fmt = ListFormat.json,
    *,
    request: Request,
) -> dict[str, Any] | Response:
    """Figures with qualifier, unit, what is counted, status, source and as-of date
    (``from``/``to`` filter on the as-of date), by as-of date."""
    items, total = data.figures_page(
        sl,
        article_id=_resolve(sl, article),
        q=q,
        dates=dates,
        fields={
            "counted": (("counted", "noun", "kind"), counted),
            "status": (("status",), status),
            "source": (("source",), source),
        },
        limit=limit,
        offset=offset,
    )
    return listing(items, limit, offset, request, format, skipped=True, total=total)


@router.get("/events", response_model=Page[Event], responses=LOOKUP | AS_CSV)
def list_events(
    sl: SL,
    dates: Dates,
    type: Annotated[str | None, Query(max_length=60, description="Event type.")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="Agent or patient.")] = None,
    article: ArticleFilter = None,
    q: Search = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    format: Fmt = ListFormat.json,
    *,
    request: Request,
) -> dict[str, Any] | Response:
    """Typed events with actors, date and place (``from``/``to`` on the event date)."""
    rows = _filtered(
        sl.events(
            type=type or None,
            actor=actor or None,
            date_from=dates.date_from,
            date_to=dates.date_to,
        ),
        article_id=_resolve(sl, article),
        q=q,
        text_fields=("text", "trigger", "agent", "patient", "place"),
        date_field="date",
        dates=NO_RANGE,  # the facade applied it
        fields={},
    )
    return listing(rows, limit, offset, request, format)


@router.get("/proposals", response_model=Page[Proposal], responses=LOOKUP | AS_CSV)
def list_proposals(
    sl: SL,
    dates: Dates,
    by: Annotated[str | None, Query(max_length=200, description="Proposer or responder.")] = None,
    article: ArticleFilter = None,
    q: Search = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    format: Fmt = ListFormat.json,
    *,
    request: Request,
) -> dict[str, Any] | Response:
    """Negotiation proposals: proposer, mediators, offer, what is asked, the answers."""
    rows = _filtered(
        sl.proposals(by=by or None),
        article_id=_resolve(sl, article),
        q=q,
        text_fields=("text", "offer", "in_exchange_for", "proposer", "responder"),
        date_field="date",
        dates=dates,
        fields={},
    )
    return listing(rows, limit, offset, request, format)
