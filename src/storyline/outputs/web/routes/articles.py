"""Articles: the list (filters mirror `storyline articles`) and one article with its extraction."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from .. import data
from ..models import ArticleSummary, Extraction, Page
from .params import LOOKUP, SL, Dates, Limit, Offset, Text

router = APIRouter(tags=["articles"])

ArticleId = Annotated[str, Path(max_length=64, description="An article id or a unique prefix.")]


@router.get("/articles", response_model=Page[ArticleSummary])
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
) -> dict[str, Any]:
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
    return data.page((data.article_summary(a) for a in rows), limit, offset, skipped=True)


@router.get("/articles/{article_id}", response_model=Extraction, responses=LOOKUP)
def get_article(sl: SL, article_id: ArticleId) -> dict[str, Any]:
    """One article (raw text, clean text, date evidence, credits, sentences) and every item
    extracted from it, grouped by kind; 404 for an unknown id."""
    return sl.extraction(article_id)
