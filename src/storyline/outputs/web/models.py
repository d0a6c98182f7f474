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


Span = list[int] | None
"""[start, end] character offsets into the article's raw text."""


class Timex(Mention):
    """A time expression with its TIMEX3 value (resolved against the publication date)."""

    type: str | None = Field(None, description="DATE, TIME, DURATION or SET.")
    value: str | None = Field(None, description="TIMEX3 value: '2026-03-02', '2026-W10', 'P3D'.")
    granularity: str | None = None
    anchor: str | None = Field(None, description="What the value was resolved against.")
    rule: str | None = None
    tense: str | None = None
    mod: str | None = None
    signal: str | None = None
    duration: str | None = None
    interval_begin: str | None = None
    interval_end: str | None = None


class EntityMention(Mention):
    """A person, organisation or place, with the canonical name it was merged under."""

    label: str | None = Field(None, description="PERSON, ORG, GPE…")
    canonical: str | None = None
    title: str | None = None
    aliases: list[str] = []
    part_of: str | None = None
    role: str | None = None
    nominal: bool | None = None


class Statement(Mention):
    """A quote or reported speech (or belief, intention, evidence) with its speaker and act."""

    direct: bool | None = Field(None, description="A direct quote (else reported speech).")
    act: str | None = Field(None, description="say, believe, intend, deny, accuse, evidence…")
    speaker: str | None = None
    speaker_span: Span = None
    speaker_label: str | None = None
    speaker_aliases: list[str] = []
    cue: str | None = Field(None, description="The reporting verb or phrase.")
    cue_span: Span = None
    resolved_from: str | None = None
    date: str | None = Field(None, description="When it was said (TIMEX3 value).")
    date_from: str | None = Field(None, description="Where the date came from.")
    cites: str | None = None
    via: str | None = None


class Figure(Mention):
    """A number about the world: value, unit, what is counted, its source and as-of date."""

    value: float | None = None
    high: float | None = Field(None, description="Top of a range ('60 to 70').")
    qualifier: str | None = Field(None, description="exact, about, at least, more than…")
    unit: str | None = None
    counted: str | None = None
    noun: str | None = None
    quantity: str | None = None
    status: str | None = Field(None, description="killed, injured, missing…")
    subject: str | None = None
    source: str | None = None
    source_span: Span = None
    source_from: str | None = None
    as_of: str | None = Field(None, description="The day or period it describes (TIMEX3).")
    as_of_from: str | None = None
    as_of_span: Span = None
    period: str | None = Field(None, description="cumulative, interval, rate…")
    period_start: str | None = None
    period_end: str | None = None
    period_cue: str | None = None
    modality: str | None = None
    place: str | None = None
    place_level: str | None = None
    population: str | None = None
    certainty: str | None = None
    other_time: bool | None = None


class Event(Mention):
    """A typed event mention: trigger, who did it to whom, when and where."""

    type: str | None = None
    trigger: str | None = None
    trigger_span: Span = None
    agent: str | None = None
    agent_span: Span = None
    agent_label: str | None = None
    patient: str | None = None
    patient_span: Span = None
    patient_label: str | None = None
    date: str | None = Field(None, description="When it happened (TIMEX3 value).")
    date_from: str | None = None
    date_span: Span = None
    place: str | None = None
    place_span: Span = None
    negated: bool | None = None
    modality: str | None = None
    running: bool | None = None
    sentence_span: Span = None


class Proposal(Mention):
    """A proposal (plan, offer, demand) or an answer to one, with its parties."""

    form: str | None = Field(None, description="offer, demand, plan, ultimatum, concession…")
    cue: str | None = None
    cue_span: Span = None
    proposer: str | None = None
    proposer_span: Span = None
    addressee: str | None = None
    via: list[str] | None = None
    offer: str | None = None
    offer_span: Span = None
    in_exchange_for: str | None = None
    exchange_span: Span = None
    response: str | None = None
    response_span: Span = None
    responder: str | None = None
    responder_span: Span = None
    date: str | None = None
    date_from: str | None = None
    condition: str | None = None
    plan: str | None = None
    plan_noun: str | None = None
    reference: bool | None = None
    background: bool | None = None


class ArticleSummary(Open):
    id: str
    title: str
    published: str | None
    date_origin: str | None
    date_precision: str | None
    published_start: str | None = Field(
        description="First day the publication date may be (ISO; an undated article's window)."
    )
    published_end: str | None = Field(description="Last day the publication date may be (ISO).")
    date_conflict: bool
    outlets: list[str]
    chars: int


class Article(Open):
    """A stored article: raw text verbatim, clean text, dates with evidence, credits."""

    id: str
    raw_text: str
    body_start: int | None = None
    published: str | None = None
    published_start: str | None = Field(
        None, description="First day the publication date may be (ISO)."
    )
    published_end: str | None = Field(None, description="Last day it may be (ISO).")


class Extraction(Open):
    """An article and every item extracted from it, grouped by kind."""

    article: Article
    timexes: list[Timex] = []
    entities: list[EntityMention] = []
    statements: list[Statement] = []
    figures: list[Figure] = []
    events: list[Event] = []
    proposals: list[Proposal] = []


class Entity(Open):
    canonical: str
    label: str
    aliases: list[str]
    titles: list[str]
    mentions: int
    articles: int


class EntityProfile(BaseModel):
    entity: Entity
    statements: list[Statement]
    figures: list[Figure]


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
    date_label: str | None = Field(
        None, description="The date as a reader says it: 'week of 2 March 2026', not '2026-W10'."
    )
    date_start: str | None = Field(None, description="First day the date may mean (ISO).")
    date_end: str | None = Field(None, description="Last day the date may mean (ISO).")
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
    published_start: str | None = Field(
        None, description="An undated article's inferred window: its first day (ISO)."
    )
    published_end: str | None = Field(None, description="The window's last day (ISO).")
    outlet: str | None = None
    title: str | None = None


class SeriesPoint(Open):
    """One figure on a series: value (a range up to ``high``), qualifier, the days it
    describes (``as_of_start``..``as_of_end`` at ``precision``), source and citation."""

    value: float
    high: float | None = None
    qualifier: str | None = None
    shown: str = Field(description="The value as written for people: '130+', '~10', '60–70'.")
    unit: str | None = None
    as_of: str | None = None
    as_of_label: str | None = Field(None, description="``as_of`` as a reader says it.")
    as_of_start: str | None = Field(None, description="First day ``as_of`` may mean (ISO).")
    as_of_end: str | None = Field(None, description="Last day ``as_of`` may mean (ISO).")
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
    statements: list[Statement]


class Overview(BaseModel):
    """What the store holds and which parts of the story are available."""

    db: str = Field(description="The store's file or database name (no folder, no host).")
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
