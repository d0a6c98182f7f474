"""Queries behind the Store's read methods for the story layer and the web app: sentences,
duplicate links, article columns, date candidates and mentions, each with the key its rows
are streamed in (keyset pagination, see ``Store._keyset``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from ..errors import Messages, StoreError
from .filters import Where, sql_clauses
from .rows import INTERNAL_COLUMNS
from .schema import article_dates, articles, duplicates, mentions, sentences
from .search import Filter

Keyed = tuple[sa.Select[Any], tuple[sa.ColumnElement[Any], ...], tuple[str, ...]]
"""A query, the columns it is ordered and paged by, and their names in its rows."""

Within = tuple[str | date | None, str | date | None]
"""(earliest, latest) ISO day, inclusive; None leaves that side open."""

IN_CHUNK = 500
"""Ids per ``IN (…)`` list: well under SQLite's limit on bound parameters."""


def published_within(within: Within | None) -> list[Filter]:
    """Dated articles whose day window lies inside ``within``."""
    lo, hi = within or (None, None)
    where: list[Filter] = []
    if lo or hi:
        where.append(articles.c.published.is_not(None))
    if lo:
        where.append(articles.c.date_lo >= _iso(lo))
    if hi:
        where.append(articles.c.date_hi <= _iso(hi))
    return where


def article_columns(columns: Sequence[str], within: Within | None) -> Keyed:
    """Some columns of every article (storage order)."""
    unknown = [c for c in columns if c not in articles.c or c in INTERNAL_COLUMNS]
    if unknown:
        known = sorted(c.name for c in articles.c if c.name not in INTERNAL_COLUMNS)
        raise StoreError(Messages.NO_COLUMN.format(name=unknown[0], known=", ".join(known)))
    q = sa.select(articles.c.rowno, *(articles.c[c] for c in columns))
    return q.where(*published_within(within)), (articles.c.rowno,), ("rowno",)


def duplicate_links() -> Keyed:
    d = duplicates.c
    return sa.select(duplicates), (d.article_id, d.duplicate_of), ("article_id", "duplicate_of")


def date_candidates(note_startswith: str | None) -> Keyed:
    c = article_dates.c
    q = sa.select(article_dates)
    if note_startswith is not None:
        q = q.where(c.note.startswith(note_startswith, autoescape=True))
    return q, (c.article_id, c.idx), ("article_id", "idx")


def sentence_rows(article_ids: Sequence[str] | None, within: Within | None) -> Keyed:
    s = sentences.c
    q = sa.select(sentences)
    if article_ids is not None:
        q = q.where(s.article_id.in_(article_ids))
    if within is not None:
        q = q.join(articles, articles.c.id == s.article_id).where(*published_within(within))
    return q, (s.article_id, s.idx), ("article_id", "idx")


def mention_rows(
    article_id: str | None, kind: str | None, where: Iterable[Where], within: Within | None
) -> Keyed:
    m = mentions.c
    q = sa.select(mentions).where(*sql_clauses(where, m.data))
    if article_id is not None:
        q = q.where(m.article_id == article_id)
    if kind is not None:
        q = q.where(m.kind == kind)
    if within is not None:
        q = q.join(articles, articles.c.id == m.article_id).where(*published_within(within))
    return q, (m.id,), ("id",)


def mention_counts() -> sa.Select[Any]:
    return (
        sa.select(mentions.c.kind, sa.func.count())
        .group_by(mentions.c.kind)
        .order_by(mentions.c.kind)
    )


def chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    """Sorted distinct ids, ``IN_CHUNK`` at a time."""
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), IN_CHUNK):
        yield ordered[i : i + IN_CHUNK]


def _iso(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else value
