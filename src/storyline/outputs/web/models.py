"""Response models: the OpenAPI description of every endpoint.

Extracted items keep every field their kind has (``extra="allow"``); the models name the fields
every item of that shape is sure to carry.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    total: int | None = Field(
        None, description="Items in all pages; null where the store did not count them."
    )
    next_offset: int | None = Field(description="Offset of the next page; null on the last one.")
    next_url: str | None = Field(
        None, description="This request with the next page's offset; null on the last page."
    )


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
    """A passage of an article: ``start``/``end`` the cited phrase, ``sentence_start``/
    ``sentence_end`` its sentence (raw-text offsets)."""

    article_id: str
    start: int
    end: int
    text: str | None
    published: str | None = None
    sentence: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None


class TimelineEntry(BaseModel):
    """A story event (mentions merged across articles) or, before any event is extracted, an
    article; the story-event fields are null for articles."""

    id: str
    date: str | None
    type: str | None
    headline: str
    actors: list[str]
    place: str | None
    date_note: str | None = Field(None, description="How the date was found, when not plain.")
    score: float | None = Field(description="Importance (sources, citations, type, burst).")
    citations: list[Citation]
    date_precision: str | None = None
    date_lo: str | None = Field(None, description="First day the date may mean.")
    date_hi: str | None = Field(None, description="Last day the date may mean.")
    date_origin: str | None = None
    types: dict[str, int] | None = Field(None, description="Type → mentions of each type.")
    trigger: str | None = None
    patient: str | None = None
    sources: int | None = Field(None, description="Distinct outlets or agencies reporting it.")
    articles: int | None = Field(None, description="Articles reporting it.")
    first_reported: str | None = None
    last_reported: str | None = None
    headline_citation: Citation | None = None
    part: Literal["story", "background", "sidebar"] | None = Field(
        None,
        description="'story'; 'background': history the articles recall, or dated outside the "
        "story's period; 'sidebar': told without the story's own words. Null for articles.",
    )
    background: bool | None = Field(None, description="Its date, yet no fresh report of it.")
    sidebar: bool | None = Field(None, description="About another story.")
    repeats: str | None = Field(None, description="The better event told by the same sentences.")


class Period(BaseModel):
    from_: str = Field(alias="from", description="First day of the story's own period.")
    to: str = Field(description="Last day: the last dated article of the story's run.")


class Timeline(BaseModel):
    layer: str = Field(
        description="What the items are: 'timeline' (events merged across articles, by "
        "event date) or 'articles' (no events extracted: articles by publication date)."
    )
    items: list[TimelineEntry]
    limit: int
    offset: int
    total: int | None = Field(None, description="Entries in all pages.")
    next_offset: int | None = Field(description="Offset of the next page; null on the last one.")
    next_url: str | None = Field(
        None, description="This request with the next page's offset; null on the last page."
    )
    period: Period | None = Field(
        None,
        description="The story's own period: the run of dated articles holding most of them, "
        "from a week before the first; null when no article is dated.",
    )


class PointCitation(Open):
    """Where a figure was read: the figure's span, its sentence, the article's date."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: str | None = None
    published: str | None = None
    window: list[str] | None = Field(None, description="An undated article's inferred window.")
    outlet: str | None = None
    title: str | None = None


class SeriesPoint(Open):
    """One figure on a series: value (a range up to ``high``), qualifier, the days it
    describes (``lo``..``hi`` at ``precision``), source and citation."""

    value: float
    high: float | None = None
    qualifier: str | None = None
    shown: str = Field(description="The value as written for people: '130+', '~10', '60–70'.")
    unit: str | None = None
    as_of: str | None = None
    lo: str | None = None
    hi: str | None = None
    precision: str | None = None
    guess: str | None = Field(None, description="An undated article's best-guess day.")
    source: str | None = None
    citation: PointCitation
    article_id: str
    start: int
    end: int
    text: str
    conflict: bool = Field(False, description="Part of a conflict with another point.")
    revision: bool = Field(False, description="Revised by, or a revision of, another point.")


class Series(Open):
    """Figures of one counted thing (status, place, population) over time."""

    id: str
    label: str
    counted: str | None
    status: str | None
    unit: str | None
    place: str | None
    comparable: bool = Field(description="Whether its points may be compared.")
    points: list[SeriesPoint]


class Finding(BaseModel):
    """A disagreement between two points of a series, explained."""

    kind: str = Field(description="conflict, revision or change.")
    series_id: str
    series: str
    explanation: str
    support: int
    confidence: float = Field(
        0.0,
        description="0-1, from the evidence in ``reasons``; default listings hold those at or "
        "above ``storyline.story.conflicts.CONFIDENT`` (0.6), ``all=true`` the rest.",
    )
    reasons: list[str] = Field(
        default_factory=list,
        description="Why the two figures are one quantity, and the doubts that lower it.",
    )
    a: SeriesPoint
    b: SeriesPoint


class NegotiationStep(BaseModel):
    """An answer to a proposal, or a counter-proposal, with every passage that states it."""

    kind: Literal["answer", "counter"]
    response: str = Field(description="accepted, rejected, studying, conditional or countered.")
    responder: str | None
    date: str | None
    citations: list[Citation]


class Negotiation(BaseModel):
    """One proposal (plan, offer, demand) with its party and content, then the answers and
    counter-proposals that followed in time order, every step cited."""

    id: str
    plan: str | None
    proposer: str | None
    addressee: str | None
    via: list[str] = Field(description="Mediators the proposal went through.")
    form: str | None = Field(description="offer, demand, plan, ultimatum, concession…")
    date: str | None
    offer: str | None = Field(description="What is proposed.")
    in_exchange_for: str | None = Field(description="What is asked in return.")
    citation: Citation
    mentions: list[Citation] = Field(description="Every passage naming this proposal.")
    steps: list[NegotiationStep]


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
