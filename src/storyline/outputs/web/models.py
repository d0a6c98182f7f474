"""Response models: the OpenAPI description of every endpoint.

Extracted items keep every field their kind has (``extra="allow"``); the models name the fields
every item of that shape is sure to carry.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last one.")


class Mention(Open):
    """One extracted item: its article, kind and character span in the raw text."""

    article_id: str
    kind: str
    start: int
    end: int
    text: str
    sentence: int | None = None


class ArticleSummary(Open):
    id: str
    title: str
    published: str | None
    date_origin: str | None
    date_precision: str | None
    date_earliest: str | None
    date_latest: str | None
    date_conflict: bool
    outlets: list[str]
    chars: int


class Article(Open):
    """A stored article: raw text verbatim, clean text, dates with evidence, credits."""

    id: str
    raw_text: str
    body_start: int | None = None
    published: str | None = None


class Extraction(Open):
    """An article and every item extracted from it, grouped by kind."""

    article: Article
    timexes: list[Mention] = []
    entities: list[Mention] = []
    statements: list[Mention] = []
    figures: list[Mention] = []
    events: list[Mention] = []
    proposals: list[Mention] = []


class Entity(Open):
    canonical: str
    label: str
    aliases: list[str]
    titles: list[str]
    mentions: int
    articles: int


class EntityProfile(BaseModel):
    entity: Entity
    statements: list[Mention]
    figures: list[Mention]


class Citation(BaseModel):
    article_id: str
    start: int
    end: int
    text: str | None
    published: str | None = None


class TimelineEntry(BaseModel):
    id: str
    date: str | None
    type: str | None
    headline: str
    actors: list[str]
    place: str | None
    date_note: str | None = Field(None, description="How the date was found, when not plain.")
    score: float | None
    citations: list[Citation]


class Timeline(BaseModel):
    layer: str = Field(
        description="What the entries are: 'timeline' (events merged across articles), "
        "'events' (event mentions) or 'articles' (no events extracted yet)."
    )
    entries: list[TimelineEntry]


class SnippetPart(BaseModel):
    text: str
    match: bool


class ArticleHit(BaseModel):
    id: str
    title: str | None
    published: str | None
    snippet: list[SnippetPart]


class SearchResult(BaseModel):
    query: str
    articles: list[ArticleHit]
    statements: list[Mention]


class Overview(BaseModel):
    """What the store holds and which parts of the story are available."""

    db: str
    articles: int
    mentions: dict[str, int]
    first_date: str | None
    last_date: str | None
    available: dict[str, bool]
    charts: bool = Field(description="Whether the chart scripts (npm assets) are installed.")


class IngestResult(Open):
    added: int
    errors: list[str]


class Problem(BaseModel):
    detail: Any
