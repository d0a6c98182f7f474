"""The store's tables, declared once with portable SQLAlchemy Core types.

Every span (``start``/``end``) is a character offset into ``articles.raw_text``, the verbatim text.
Child rows reference ``articles.id`` (the hash of the normalized text) and go when it goes
(ON DELETE CASCADE). Full-text search is dialect-specific and lives in :mod:`.search`.

Migration 1 creates these tables as declared here. A later migration that changes a table must
change this file too, and first freeze migration 1 by copying the v1 definitions into it.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

NO_LINE = -1
"""``article_sources.line`` for a source without a line: NULLs would defeat the unique key."""

UNDATED_SORT = "9999-12-31"
"""``articles.sort_date`` of an article with no date and no window: it sorts last."""


def _article_fk() -> sa.ForeignKey:
    return sa.ForeignKey("articles.id", ondelete="CASCADE")


def _span_check(name: str) -> sa.CheckConstraint:
    # A span must lie forwards in the text; a negative or reversed span is a bug upstream.
    return sa.CheckConstraint('start >= 0 AND start <= "end"', name=f"ck_{name}_span")


articles = sa.Table(
    "articles",
    metadata,
    # An integer key for the full-text index (FTS5 rowids must be stable integers).
    sa.Column("rowno", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.Text, nullable=False, unique=True),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("minhash", sa.LargeBinary),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    # The raw document.
    sa.Column("raw_text", sa.Text, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("encoding", sa.Text, nullable=False),
    sa.Column("body_start", sa.Integer, nullable=False),
    sa.Column("header_date", sa.Text),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("problems", sa.JSON, nullable=False),
    sa.Column("original", sa.Text),
    # The clean view and how its offsets map back to the raw text.
    sa.Column("clean_text", sa.Text, nullable=False),
    sa.Column("offset_runs", sa.JSON, nullable=False),
    sa.Column("offset_rewrites", sa.JSON, nullable=False),
    # The dateline, when there is one.
    sa.Column("dateline_place", sa.Text),
    sa.Column("dateline_date_text", sa.Text),
    sa.Column("dateline_month", sa.Integer),
    sa.Column("dateline_day", sa.Integer),
    sa.Column("dateline_year", sa.Integer),
    sa.Column("dateline_agency", sa.Text),
    sa.Column("dateline_start", sa.Integer),
    sa.Column("dateline_end", sa.Integer),
    # The date resolution; its candidates are in article_dates.
    sa.Column("published", sa.Text),
    sa.Column("date_origin", sa.Text),
    sa.Column("date_precision", sa.Text),
    sa.Column("date_earliest", sa.Text),
    sa.Column("date_latest", sa.Text),
    sa.Column("date_conflict", sa.Boolean, nullable=False),
    sa.Column("date_confidence", sa.Float),
    sa.Column("date_evidence", sa.JSON, nullable=False),
    # Derived from the resolution so that date filters and ordering are plain index lookups:
    # the day window [date_lo, date_hi] the article may belong to (ISO days, NULL = open).
    sa.Column("date_lo", sa.Text),
    sa.Column("date_hi", sa.Text),
    sa.Column("sort_date", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.Text, nullable=False),
)
sa.Index("ix_articles_sort", articles.c.sort_date, articles.c.id)
sa.Index("ix_articles_date_lo", articles.c.date_lo)
sa.Index("ix_articles_date_hi", articles.c.date_hi)
sa.Index("ix_articles_content_hash", articles.c.content_hash)
sa.Index("ix_articles_outlet_lower", sa.func.lower(articles.c.outlet))

article_dates = sa.Table(
    "article_dates",
    metadata,
    sa.Column("article_id", sa.Text, _article_fk(), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("precision", sa.Text, nullable=False),
    sa.Column("text", sa.Text),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("note", sa.Text),
)

credits = sa.Table(
    "credits",
    metadata,
    sa.Column("article_id", sa.Text, _article_fk(), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("text", sa.Text),
    sa.Column("in_lexicon", sa.Boolean, nullable=False),
)
sa.Index("ix_credits_name_lower", sa.func.lower(credits.c.name))

sentences = sa.Table(
    "sentences",
    metadata,
    sa.Column("article_id", sa.Text, _article_fk(), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    _span_check("sentences"),
)

dropped = sa.Table(
    "dropped",
    metadata,
    sa.Column("article_id", sa.Text, _article_fk(), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    _span_check("dropped"),
)

article_sources = sa.Table(
    "article_sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.Text, _article_fk(), nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("line", sa.Integer, nullable=False),
    sa.Column("added_at", sa.Text, nullable=False),
    sa.UniqueConstraint("article_id", "path", "line", name="uq_article_sources"),
)
sa.Index("ix_article_sources_path", article_sources.c.path)

duplicates = sa.Table(
    "duplicates",
    metadata,
    sa.Column("article_id", sa.Text, _article_fk(), primary_key=True),
    sa.Column("duplicate_of", sa.Text, _article_fk(), primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("similarity", sa.Float, nullable=False),
    sa.CheckConstraint("article_id <> duplicate_of", name="ck_duplicates_not_self"),
)
sa.Index("ix_duplicates_duplicate_of", duplicates.c.duplicate_of)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.Text, _article_fk(), nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("sentence_idx", sa.Integer),
    sa.Column("data", sa.JSON, nullable=False),
    _span_check("mentions"),
)
sa.Index("ix_mentions_article_kind", mentions.c.article_id, mentions.c.kind)
sa.Index("ix_mentions_kind", mentions.c.kind)

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", sa.Text, nullable=False),
)

ingest_runs = sa.Table(
    "ingest_runs",
    metadata,
    # Provenance: what produced the store, one row per ingest run (migration 4).
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.Text, nullable=False),
    sa.Column("finished_at", sa.Text),  # NULL: the run is going on, or was stopped
    sa.Column("storyline", sa.Text),
    sa.Column("python", sa.Text),
    sa.Column("spacy", sa.Text),
    sa.Column("model", sa.Text),
    sa.Column("model_version", sa.Text),
    sa.Column("lexicons", sa.JSON, nullable=False),  # file name -> SHA-256 prefix
    sa.Column("articles_added", sa.Integer),
    sa.Column("errors", sa.Integer),
)

V1_TABLES = (
    "articles",
    "article_dates",
    "credits",
    "sentences",
    "dropped",
    "article_sources",
    "duplicates",
    "mentions",
)
"""The tables migration 1 creates; later ones come with their own migration."""
ARTICLE_TABLES = V1_TABLES
"""The tables an ingest writes rows of for each article (what a copy of a store must copy)."""

# -- the materialized story (migration 5): rows ``story.materialize`` computes from the mentions;
# every ``data`` column holds the full row the readers return, the other columns are for filters.

story_state = sa.Table(
    "story_state",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),  # one row: 'story'
    sa.Column("storyline", sa.Text),
    sa.Column("format", sa.Integer, nullable=False),
    sa.Column("lexicons", sa.JSON, nullable=False),
    sa.Column("inputs", sa.Text, nullable=False),  # counts of what it was built from
    sa.Column("built_at", sa.Text, nullable=False),
    sa.Column("mode", sa.Text, nullable=False),  # rebuild | update
)

story_partitions = sa.Table(
    "story_partitions",
    metadata,
    # Each part of the story is computed from its own inputs; their digest says when to redo it.
    sa.Column("kind", sa.Text, primary_key=True),  # series | events
    sa.Column("family", sa.Text, primary_key=True),
    sa.Column("signature", sa.Text, nullable=False),
)

story_names = sa.Table(
    "story_names",
    metadata,
    # Folded entity name or alias -> the story entity's canonical name (actor filters).
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("canonical", sa.Text, nullable=False),
)

story_series = sa.Table(
    "story_series",
    metadata,
    sa.Column("family", sa.Text, primary_key=True),
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("counted", sa.Text),
    sa.Column("status", sa.Text),
    sa.Column("unit", sa.Text),
    sa.Column("place", sa.Text),
    sa.Column("population", sa.Text),
    sa.Column("period", sa.Text),
    sa.Column("n_points", sa.Integer, nullable=False),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("first_date", sa.Text),
    sa.Column("last_date", sa.Text),
    sa.Column("needle", sa.Text, nullable=False),  # casefolded id, label, counted, status
    sa.Column("data", sa.JSON, nullable=False),
)
sa.Index("ix_story_series_order", story_series.c.n_points, story_series.c.id)
sa.Index("ix_story_series_id", story_series.c.id)

story_findings = sa.Table(
    "story_findings",
    metadata,
    sa.Column("family", sa.Text, primary_key=True),
    sa.Column("series_id", sa.Text, primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),  # order within its series
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("kind_order", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("confident", sa.Boolean, nullable=False),  # at or above the default floor
    sa.Column("a_day", sa.Text, nullable=False),
    sa.Column("b_day", sa.Text, nullable=False),
    sa.Column("series_points", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
)
sa.Index("ix_story_findings_kind", story_findings.c.kind_order, story_findings.c.confident)

story_events = sa.Table(
    "story_events",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("family", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("types", sa.Text, nullable=False),  # '|attack|capture|', casefolded
    sa.Column("date", sa.Text),
    sa.Column("date_start", sa.Text),
    sa.Column("date_end", sa.Text),
    sa.Column("precision", sa.Text),
    sa.Column("importance", sa.Float, nullable=False),
    sa.Column("background", sa.Boolean, nullable=False),
    sa.Column("sidebar", sa.Boolean, nullable=False),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("n_articles", sa.Integer, nullable=False),
    sa.Column("headline", sa.Text),
    sa.Column("data", sa.JSON, nullable=False),
)
sa.Index("ix_story_events_family", story_events.c.family)
sa.Index("ix_story_events_dates", story_events.c.date_start, story_events.c.date_end)
sa.Index("ix_story_events_type", story_events.c.type)

story_event_actors = sa.Table(
    "story_event_actors",
    metadata,
    sa.Column(
        "event_id",
        sa.Text,
        sa.ForeignKey("story_events.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("actor", sa.Text, primary_key=True),  # casefolded
)
sa.Index("ix_story_event_actors_actor", story_event_actors.c.actor)

STORY_TABLES = (
    "story_state",
    "story_partitions",
    "story_names",
    "story_series",
    "story_findings",
    "story_events",
    "story_event_actors",
)
"""The tables migration 5 creates."""
