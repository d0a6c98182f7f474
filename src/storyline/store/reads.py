"""Queries behind the Store's read methods for the story layer and the web app: sentences,
duplicate links, article columns, date candidates and mentions, each with the key its rows
are streamed in (keyset pagination, see ``Store._keyset``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, Protocol

import sqlalchemy as sa

from ..errors import Messages, StoreError
from .filters import Where, sql_clauses
from .rows import INTERNAL_COLUMNS
from .schema import article_dates, articles, duplicates, mentions, sentences
from .search import Filter


class Store(Protocol):
    """What the executing reads below need of ``store.Store`` (``db`` imports this module)."""

    engine: sa.Engine
    dialect: str


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


# -- one page of figures (the web API) ---------------------------------------------------------

FIGURE_SCAN_BATCH = 500
"""Rows fetched at a time while a page is filtered in Python (stops once the page is full)."""


def _article_day() -> sa.ColumnElement[Any]:
    """The article's publication day; an undated article whose window is one day counts on
    that day (as ``Storyline.figures`` and ``story.materialize.article_days``)."""
    a = articles.c
    return sa.case(
        (sa.func.coalesce(a.published, "") != "", sa.func.substr(a.published, 1, 10)),
        (
            (sa.func.coalesce(a.date_earliest, "") != "") & (a.date_earliest == a.date_latest),
            sa.func.substr(a.date_earliest, 1, 10),
        ),
        else_=None,
    )


def figure_as_of() -> sa.ColumnElement[Any]:
    """A figure's as-of date: its own, else its article's day when it runs from the
    publication."""
    data = mentions.c.data
    own = data["as_of"].as_string()
    return sa.case(
        (own.is_not(None), own),
        (data["as_of_from"].as_string() == "publication", _article_day()),
        else_=None,
    )


def figure_page(
    store: Store,
    *,
    article_id: str | None = None,
    where: Sequence[Where] = (),
    keep: Callable[[dict[str, Any]], bool] | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int | None]:
    """Figures by as-of date (none last), article and offset, as ``Storyline.figures`` orders
    them, each row with ``as_of_day`` (the as-of date used): the ``limit`` rows at ``offset``
    and one more when more follow, and the number of all that match (None: uncounted).

    ``where`` runs in SQL (with its exact check after); ``keep(row)``, a check SQL cannot
    make, is applied while the rows stream, ordered, until the page is full: the cost grows
    with ``offset + limit``, not with the store. Only SQL-exact filters are counted."""
    m = mentions.c
    as_of = figure_as_of().label("as_of_day")
    day: sa.ColumnElement[Any] = sa.func.coalesce(as_of, "9999")
    article: sa.ColumnElement[Any] = m.article_id
    if store.dialect == "postgresql":  # byte order, as Python compares the strings
        day, article = day.collate("C"), article.collate("C")
    order = (day, article, m.start, m.id)
    q = (
        sa.select(mentions, as_of)
        .select_from(mentions.join(articles, articles.c.id == m.article_id))
        .where(m.kind == "figure", *sql_clauses(where, m.data))
    )
    if article_id is not None:
        q = q.where(m.article_id == article_id)
    q = q.order_by(*order)
    exact = all(w.exact_in_sql for w in where) and keep is None
    with store.engine.connect() as conn:
        if exact:
            rows = [dict(r) for r in conn.execute(q.limit(limit + 1).offset(offset)).mappings()]
            count = sa.select(sa.func.count()).select_from(
                q.with_only_columns(m.id).order_by(None).subquery()
            )
            total = int(conn.execute(count).scalar() or 0)
            return rows, total
        wanted, seen, out = offset + limit + 1, 0, []
        result = conn.execution_options(yield_per=FIGURE_SCAN_BATCH).execute(q).mappings()
        for r in result:
            row = dict(r)
            if not all(w.test(row["data"] or {}) for w in where):
                continue
            if keep is not None and not keep(row):
                continue
            seen += 1
            if seen > offset:
                out.append(row)
            if seen >= wanted:
                break
        result.close()
    return out, (None if len(out) > limit else seen)


def article_heads(store: Store, ids: Iterable[str], chars: int = 400) -> dict[str, str]:
    """Article id → the start of its clean text (what names an untitled article in a list),
    without loading whole rows."""
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for chunk in chunks(ids):
            q = sa.select(articles.c.id, sa.func.substr(articles.c.clean_text, 1, chars)).where(
                articles.c.id.in_(chunk)
            )
            out.update((r[0], r[1] or "") for r in conn.execute(q))
    return out


def mentions_with_words(
    store: Store, kind: str, words: Sequence[str], fields: Sequence[str], *, batch: int = 200
) -> Iterator[dict[str, Any]]:
    """Mentions of ``kind`` in storage order whose text or one of the data ``fields`` holds
    each of ``words`` (case-insensitive; SQL narrows, the caller decides exactly): a search
    reads the few rows that can match instead of every mention. SQL folds ASCII case only, so
    a word with other letters is left to the caller, and a text matched only through Unicode
    folding into ASCII ("ß" as "ss") is not found."""
    m = mentions.c
    q = sa.select(mentions).where(m.kind == kind)
    for w in words:
        needle = w.casefold()
        if not needle.isascii():
            continue
        columns = [m.text, *(m.data[f].as_string() for f in fields)]
        q = q.where(sa.or_(*(sa.func.lower(c).contains(needle, autoescape=True) for c in columns)))
    after = 0
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(q.where(m.id > after).order_by(m.id).limit(batch)).mappings()
            page = [dict(r) for r in rows]
        yield from page
        if len(page) < batch:
            return
        after = page[-1]["id"]
