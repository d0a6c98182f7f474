"""The :class:`Store`: articles and what was extracted from them, in SQLite or PostgreSQL.

Rows come back as plain JSON-able dicts. Reads that can grow with the corpus are generators
that fetch in keyset-paginated batches, so memory stays flat and no read transaction is held
open while the caller works on a row (it may write to the store in the meantime).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import StaticPool

from .. import dates
from ..errors import Messages, NotFoundError, StoreError, StorylineError
from ..models import ArticleRecord, DateResolution, Mention, RawDoc, SourceRef
from . import migrations, reads, rows
from .filters import Where
from .schema import (
    article_dates,
    article_sources,
    articles,
    credits,
    dropped,
    duplicates,
    ingest_runs,
    mentions,
    sentences,
)
from .search import Filter, text_indexes

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another process's write to finish before giving up."""

DEFAULT_MARK = ("**", "**")
"""How search snippets mark the matched words (Markdown bold reads well in a terminal too)."""

_CHILD_TABLES = {t.name: t for t in (article_dates, credits, sentences, dropped)}

_insert_ignore = {
    "sqlite": lambda t: sqlite.insert(t).on_conflict_do_nothing(),
    "postgresql": lambda t: postgresql.insert(t).on_conflict_do_nothing(),
}
"""INSERT that skips rows whose key already exists, by dialect name."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def engine_url(url: str | Path) -> tuple[str, dict[str, Any]]:
    """The SQLAlchemy URL for a path, ``:memory:``, ``sqlite:///…`` or ``postgresql://…``,
    and the engine options it needs."""
    s = str(url)
    if s in (":memory:", "sqlite://", "sqlite:///:memory:"):
        # One shared connection, else every connection would see its own empty database.
        return "sqlite://", {
            "poolclass": StaticPool,
            "connect_args": {"check_same_thread": False},
        }
    for scheme in ("postgresql://", "postgres://"):
        if s.startswith(scheme):
            return "postgresql+psycopg://" + s[len(scheme) :], {"pool_pre_ping": True}
    if s.startswith(("postgresql+", "sqlite:")):
        return s, {}
    if "://" in s:
        raise StoreError(Messages.BAD_DB_URL.format(url=s))
    path = Path(s).expanduser()
    if path.is_file() and not os.access(path, os.W_OK):
        # a store we may not write is opened for reading (SQLite would refuse it otherwise)
        return f"sqlite:///file:{quote(str(path.absolute()))}?mode=ro&uri=true", {}
    return f"sqlite:///{path}", {}


def _readonly(dbapi_conn: Any) -> bool:
    try:
        row = dbapi_conn.execute("PRAGMA query_only").fetchone()  # cheap: no write attempted
        return bool(row and row[0]) or _file_readonly(dbapi_conn)
    except Exception:
        return False


def _file_readonly(dbapi_conn: Any) -> bool:
    rows = dbapi_conn.execute("PRAGMA database_list").fetchall()
    path = next((r[2] for r in rows if r[1] == "main"), "")
    return bool(path) and not os.access(path, os.W_OK)


def _ours_or_empty(dbapi_conn: Any) -> bool:
    """A file marked as ours, one of ours from before the mark, or one with no tables yet."""
    if dbapi_conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID:
        return True
    names = {r[0] for r in dbapi_conn.execute("SELECT name FROM sqlite_master")}
    return not names or "schema_migrations" in names


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below): pysqlite's implicit transactions skip DDL, which
        # would make migrations non-atomic.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        # a read-only file, or another application's file we are about to refuse, keeps the
        # journal it has
        if not _readonly(dbapi_conn) and _ours_or_empty(dbapi_conn):
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL, much faster
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so busy_timeout applies instead of a deadlock
        # between two read-then-write transactions.
        write = conn.get_execution_options().get("storyline_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _bound(value: str | date | None, side: int) -> str | None:
    """The first (side 0) or last (side 1) ISO day of a range bound (``dates.parse_bound``)."""
    if value is None:
        return None
    iso = value.isoformat() if isinstance(value, date) else value
    try:
        v = dates.parse_bound(iso)
    except dates.DateError as e:
        raise rows.StoreDateError(e.text, e.why) from None
    day = v.last if side else v.first
    return day.isoformat() if day else None


def stored_document(row: Mapping[str, Any]) -> RawDoc:
    """A stored article (its ``raw_text``, format, encoding, … columns) as the raw document
    it was read from, to clean and date it again."""
    return RawDoc(
        text=row["raw_text"],
        source=SourceRef("<store>"),
        format=row["format"],
        encoding=row["encoding"],
        body_start=row["body_start"],
        header_date=row["header_date"],
        meta=dict(row["meta"] or {}),
        original=row["original"],
    )


class Store:
    """Articles, their sources, sentences, duplicates and extracted mentions.

    ``url``: a file path (SQLite, the default), ``":memory:"``, ``sqlite:///PATH`` or
    ``postgresql://USER@HOST/DB``. Opening a store migrates it to the current schema.
    """

    def __init__(self, url: str | Path = "storyline.db", *, batch_size: int = 200) -> None:
        self.url = str(url)
        self.batch_size = batch_size
        sa_url, options = engine_url(url)
        self.engine = sa.create_engine(sa_url, **options)
        self.dialect: str = self.engine.dialect.name
        if self.dialect == "sqlite":
            _sqlite_events(self.engine)
        self._fts = text_indexes[self.dialect]
        self._insert_ignore = _insert_ignore[self.dialect]
        try:
            self.migrate()
        except DBAPIError as e:
            self.engine.dispose()
            url = self.safe_url()
            raise StoreError(Messages.CANNOT_OPEN.format(url=url, error=e.orig)) from e
        except BaseException:
            self.engine.dispose()
            raise

    # -- lifecycle ---------------------------------------------------------------------------

    def safe_url(self) -> str:
        """The store's URL with any password hidden, fit to show."""
        return sa.make_url(engine_url(self.url)[0]).render_as_string(hide_password=True)

    def migrate(self) -> int:
        """Apply pending migrations; return the schema version."""
        return migrations.migrate(self.engine, self.safe_url())

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return migrations.current_version(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self, what: str) -> Iterator[Connection]:
        """One write transaction: committed on success, rolled back on any exception
        (KeyboardInterrupt included). A broken constraint becomes a StoreError naming ``what``.
        """
        try:
            with self.engine.connect() as conn:
                conn.execution_options(storyline_write=True)
                with conn.begin():
                    yield conn
        except IntegrityError as e:
            raise StoreError(Messages.CONSTRAINT.format(what=what, error=e.orig)) from e

    # -- provenance: one row per ingest run --------------------------------------------------

    def start_run(self, versions: Mapping[str, Any]) -> int:
        """Record that an ingest run starts with these versions (``store.provenance.versions``);
        return the run's id for :meth:`finish_run`."""
        known = {c.name for c in ingest_runs.c} - {"id", "started_at", "finished_at"}
        row = {k: v for k, v in versions.items() if k in known}
        row.setdefault("lexicons", {})
        with self._write("ingest run") as conn:
            q = ingest_runs.insert().returning(ingest_runs.c.id)
            return int(conn.execute(q, {**row, "started_at": _now()}).scalar_one())

    def finish_run(self, run_id: int, *, articles_added: int, errors: int = 0) -> None:
        """Record that the run ended, and what it added."""
        values = {"finished_at": _now(), "articles_added": articles_added, "errors": errors}
        with self._write(f"ingest run {run_id}") as conn:
            conn.execute(ingest_runs.update().where(ingest_runs.c.id == run_id).values(values))

    def runs(self) -> list[dict[str, Any]]:
        """Every ingest run, oldest first (a run with no ``finished_at`` was stopped)."""
        with self.engine.connect() as conn:
            q = sa.select(ingest_runs).order_by(ingest_runs.c.id)
            return [dict(r) for r in conn.execute(q).mappings()]

    def latest_run(self) -> dict[str, Any] | None:
        """The last ingest run, or None before the first."""
        with self.engine.connect() as conn:
            q = sa.select(ingest_runs).order_by(ingest_runs.c.id.desc()).limit(1)
            row = conn.execute(q).mappings().first()
            return dict(row) if row else None

    # -- articles ----------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return _exists(conn, article_id)

    def id_for_content(self, content_hash: str) -> str | None:
        """The id of an article whose raw text has this SHA-256, if one is stored."""
        with self.engine.connect() as conn:
            q = sa.select(articles.c.id).where(articles.c.content_hash == content_hash).limit(1)
            return conn.execute(q).scalar()

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())

    def add_article(self, rec: ArticleRecord) -> bool:
        """Store a whole article in one transaction; False (only its source is recorded) when
        the id is already stored."""
        what = f"{rec.doc.source}: article {rec.id[:12]}"
        try:
            with self._write(what) as conn:
                inserted = not _exists(conn, rec.id)
                if inserted:
                    self._insert_article(conn, rec)
                self._add_source(conn, rec.id, rec.doc.source)
            return inserted
        except StoreError:
            if not self.has_article(rec.id):
                raise
            # Another process stored the same article between our check and our insert.
            self.add_source(rec.id, rec.doc.source)
            return False

    def _insert_article(self, conn: Connection, rec: ArticleRecord) -> None:
        row = rows.article_row(rec, _now())
        rowno = conn.execute(articles.insert().returning(articles.c.rowno), row).scalar_one()
        for name, child in rows.child_rows(rec).items():
            if child:
                conn.execute(_CHILD_TABLES[name].insert(), child)
        self._fts.add(conn, rowno, rec.title, rec.clean.text)
        if rec.mentions:
            starts = [s.start for s in rec.sentences]
            ends = [s.end for s in rec.sentences]
            conn.execute(mentions.insert(), rows.mention_rows(rec.id, rec.mentions, starts, ends))

    def add_source(self, article_id: str, source: SourceRef) -> bool:
        """Record that ``source`` holds the article; False when that was already known."""
        with self._write(f"source {source} of article {article_id[:12]}") as conn:
            self._require(conn, article_id)
            return self._add_source(conn, article_id, source)

    def _add_source(self, conn: Connection, article_id: str, source: SourceRef) -> bool:
        row = rows.source_row(article_id, source, _now())
        # RETURNING yields no row when the insert was skipped (rowcount is not portable here).
        stmt = self._insert_ignore(article_sources).returning(article_sources.c.id)
        return conn.execute(stmt, row).first() is not None

    def link_duplicate(self, article_id: str, other_id: str, kind: str, similarity: float) -> bool:
        """Record that ``article_id`` duplicates ``other_id`` (idempotent); False when the pair
        was already linked, in either direction (two concurrent ingests may both find it)."""
        d = duplicates.c
        with self._write(f"duplicate link {article_id[:12]} → {other_id[:12]}") as conn:
            self._require(conn, article_id)
            self._require(conn, other_id)
            linked = sa.select(d.article_id).where(
                sa.or_(
                    sa.and_(d.article_id == article_id, d.duplicate_of == other_id),
                    sa.and_(d.article_id == other_id, d.duplicate_of == article_id),
                )
            )
            if conn.execute(linked.limit(1)).first() is not None:
                return False
            conn.execute(
                self._insert_ignore(duplicates),
                {
                    "article_id": article_id,
                    "duplicate_of": other_id,
                    "kind": kind,
                    "similarity": float(similarity),
                },
            )
        return True

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        """(id, minhash) of every article that has one, streamed in id order."""
        q = sa.select(articles.c.id, articles.c.minhash).where(articles.c.minhash.is_not(None))
        for row in self._keyset(q, (articles.c.id,), ("id",)):
            yield row["id"], bytes(row["minhash"])

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one article whose id starts with ``prefix``."""
        prefix = prefix.strip()
        if not prefix:
            raise NotFoundError(Messages.EMPTY_ID)
        q = (
            sa.select(articles.c.id)
            .where(articles.c.id.startswith(prefix, autoescape=True))
            .order_by(articles.c.id)
            .limit(3)
        )
        with self.engine.connect() as conn:
            if _exists(conn, prefix):
                return prefix
            found = list(conn.execute(q).scalars())
        if not found:
            raise NotFoundError(Messages.NO_ARTICLE_PREFIX.format(prefix=prefix))
        if len(found) > 1:
            some = ", ".join(found[:2])
            raise StorylineError(Messages.AMBIGUOUS_ID.format(prefix=prefix, some=some))
        return found[0]

    def get_article(self, id_or_prefix: str) -> dict[str, Any]:
        """An article with its date candidates, credits, duplicates (both directions),
        sources, dropped boilerplate and sentences."""
        aid = self.resolve_id(id_or_prefix)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(articles).where(articles.c.id == aid)).mappings().one()
            out = rows.article_dict(row)
            _add_outlets_and_path(conn, [out])
            for key, table in (
                ("dates", article_dates),
                ("credits", credits),
                ("dropped", dropped),
                ("sentences", sentences),
            ):
                out[key] = [rows.plain(r) for r in _children(conn, table, aid)]
            out["sources"] = [
                rows.source_dict(r)
                for r in conn.execute(
                    sa.select(article_sources)
                    .where(article_sources.c.article_id == aid)
                    .order_by(article_sources.c.id)
                ).mappings()
            ]
            out["duplicates"] = _duplicates_of(conn, aid)
        return out

    def iter_articles(
        self,
        *,
        date_from: str | date | None = None,
        date_to: str | date | None = None,
        outlet: str | None = None,
        query: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        include_undated: bool = True,
    ) -> Iterator[dict[str, Any]]:
        """Articles (their own fields, no child lists) by date then id, streamed.

        ``date_from``/``date_to`` (ISO day, month or year, inclusive) keep the articles whose
        date, or for undated ones whose inferred window, overlaps the range
        (``include_undated=False`` keeps only dated ones in a date range). ``outlet`` keeps
        those crediting it or published by it (case-insensitive). ``query``: full-text search.
        """
        q = sa.select(articles).where(*self._filters(date_from, date_to, outlet, query))
        if not include_undated and (date_from or date_to):
            q = q.where(articles.c.published.is_not(None))
        yield from self._keyset(
            q.offset(offset),
            (articles.c.sort_date, articles.c.id),
            ("sort_date", "id"),
            limit=limit,
            convert=rows.article_dict,
            enrich=_add_outlets_and_path,
        )

    def _filters(
        self,
        date_from: str | date | None,
        date_to: str | date | None,
        outlet: str | None,
        query: str | None,
    ) -> list[Filter]:
        where: list[Filter] = []
        lo, hi = _bound(date_from, 0), _bound(date_to, 1)
        if lo or hi:
            # An article with no date and no window cannot be placed in any range.
            where.append(sa.or_(articles.c.date_lo.is_not(None), articles.c.date_hi.is_not(None)))
        if lo:
            where.append(sa.or_(articles.c.date_hi.is_(None), articles.c.date_hi >= lo))
        if hi:
            where.append(sa.or_(articles.c.date_lo.is_(None), articles.c.date_lo <= hi))
        if outlet:
            name = outlet.strip().lower()
            credited = (
                sa.select(credits.c.article_id)
                .where(credits.c.article_id == articles.c.id, sa.func.lower(credits.c.name) == name)
                .exists()
            )
            where.append(sa.or_(sa.func.lower(articles.c.outlet) == name, credited))
        if query:
            where.append(self._fts.matches(query))
        return where

    def search(
        self, query: str, limit: int = 20, *, mark: tuple[str, str] = DEFAULT_MARK
    ) -> list[dict[str, Any]]:
        """Best full-text matches: id, title, published and a snippet with matches marked."""
        if not query.strip():
            return []
        with self.engine.connect() as conn:
            return self._fts.search(conn, query, limit, mark)

    def unresolved_documents(self) -> Iterator[tuple[str, RawDoc]]:
        """(id, raw document) of every article whose dating never finished: no date and no
        origin, i.e. stored before its run's end-of-run dating (which a kill may have cut)."""
        a = articles.c
        q = sa.select(
            a.id,
            a.raw_text,
            a.format,
            a.encoding,
            a.body_start,
            a.header_date,
            a.meta,
            a.original,
        ).where(a.published.is_(None), a.date_origin.is_(None))
        for row in self._keyset(q, (a.id,), ("id",)):
            yield row["id"], stored_document(row)

    def corpus_window(self) -> tuple[str, str] | None:
        """(earliest, latest) ISO day of the dated articles; None when none is dated."""
        q = sa.select(sa.func.min(articles.c.date_lo), sa.func.max(articles.c.date_hi)).where(
            articles.c.published.is_not(None)
        )
        with self.engine.connect() as conn:
            lo, hi = conn.execute(q).one()
        return (lo, hi) if lo and hi else None

    def update_dates(self, article_id: str, res: DateResolution) -> None:
        """Replace an article's date resolution and candidates (later steps refine them)."""
        values = rows.resolution_row(res)
        with self._write(f"dates of article {article_id[:12]}") as conn:
            self._require(conn, article_id)
            conn.execute(articles.update().where(articles.c.id == article_id).values(values))
            conn.execute(article_dates.delete().where(article_dates.c.article_id == article_id))
            cands = rows.candidate_rows(article_id, res)
            if cands:
                conn.execute(article_dates.insert(), cands)

    # -- mentions ----------------------------------------------------------------------------

    def add_mentions(
        self, article_id: str, items: Sequence[Mention], *, replace_kinds: bool = True
    ) -> None:
        """Store extracted items of an article; by default they replace the article's earlier
        items of the same kinds, so re-running an extraction step does not pile up copies."""
        with self._write(f"mentions of article {article_id[:12]}") as conn:
            self._require(conn, article_id)
            kinds = {m.kind for m in items}
            if replace_kinds and kinds:
                conn.execute(
                    mentions.delete().where(
                        mentions.c.article_id == article_id, mentions.c.kind.in_(sorted(kinds))
                    )
                )
            if not items:
                return
            spans = conn.execute(
                sa.select(sentences.c.start, sentences.c.end)
                .where(sentences.c.article_id == article_id)
                .order_by(sentences.c.start)
            ).all()
            new = rows.mention_rows(
                article_id, items, [s.start for s in spans], [s.end for s in spans]
            )
            conn.execute(mentions.insert(), new)

    def update_mention_data(self, article_id: str, changes: Mapping[int, dict[str, Any]]) -> None:
        """Replace the data of some mentions of one article (mention id → new data) in one
        transaction; their spans, text and everything else of the article stay as they are."""
        if not changes:
            return
        with self._write(f"mentions of article {article_id[:12]}") as conn:
            self._require(conn, article_id)
            for mention_id, data in changes.items():
                done = conn.execute(
                    mentions.update()
                    .where(mentions.c.id == mention_id, mentions.c.article_id == article_id)
                    .values(data=data)
                )
                if done.rowcount != 1:
                    raise NotFoundError(
                        Messages.NO_MENTION.format(mention_id=mention_id, article_id=article_id)
                    )

    def iter_mentions(
        self,
        *,
        article_id: str | None = None,
        kind: str | None = None,
        where: Sequence[Where] = (),
        published_within: reads.Within | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, Any]]:
        """Stored mentions in insertion order, streamed.

        ``where``: conditions on the JSON ``data`` (:mod:`.filters`), all of which must hold.
        ``published_within``: (earliest, latest) ISO day; only mentions of dated articles
        published inside it. ``limit``/``offset`` page through the mentions that match.
        """
        q, keys, names = reads.mention_rows(article_id, kind, where, published_within)
        if all(w.exact_in_sql for w in where):
            yield from self._keyset(q.offset(offset), keys, names, limit=limit)
            return
        # Some condition is only approximated in SQL: check it exactly, then page.
        kept = (
            r for r in self._keyset(q, keys, names) if all(w.test(r["data"] or {}) for w in where)
        )
        yield from islice(kept, offset, None if limit is None else offset + limit)

    def count_mentions(self) -> dict[str, int]:
        """Stored mentions per kind, by kind."""
        with self.engine.connect() as conn:
            return {kind: int(n) for kind, n in conn.execute(reads.mention_counts())}

    # -- reads for the story layer -------------------------------------------------------------

    def iter_article_columns(
        self, columns: Sequence[str], *, published_within: reads.Within | None = None
    ) -> Iterator[dict[str, Any]]:
        """Just ``columns`` of every article (those published inside ``published_within``
        when given), in the order they were stored, streamed."""
        q, keys, names = reads.article_columns(columns, published_within)
        yield from self._keyset(q, keys, names, convert=lambda r: {c: r[c] for c in columns})

    def iter_duplicates(self) -> Iterator[dict[str, Any]]:
        """Every near-duplicate link: article_id, duplicate_of, kind, similarity."""
        yield from self._keyset(*reads.duplicate_links())

    def iter_date_candidates(
        self, *, note_startswith: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Date candidates of every article, by article and index, streamed; with
        ``note_startswith``, only those whose note starts so."""
        yield from self._keyset(*reads.date_candidates(note_startswith))

    def iter_sentences(
        self,
        *,
        article_ids: Iterable[str] | None = None,
        published_within: reads.Within | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Sentences (article_id, idx, start, end, text) by article and index, streamed: of
        ``article_ids``, or of the articles published inside ``published_within``, or all."""
        if article_ids is None:
            yield from self._keyset(*reads.sentence_rows(None, published_within))
            return
        for chunk in reads.chunks(article_ids):
            yield from self._keyset(*reads.sentence_rows(chunk, published_within))

    def sentences_by_key(
        self, keys: Iterable[tuple[str, int | None]]
    ) -> dict[tuple[str, int], dict[str, Any]]:
        """(article id, sentence index) → the sentence row, for the keys that name one."""
        wanted = set(keys)
        return {
            (s["article_id"], s["idx"]): s
            for s in self.iter_sentences(article_ids={a for a, _ in wanted})
            if (s["article_id"], s["idx"]) in wanted
        }

    # -- helpers -----------------------------------------------------------------------------

    def _require(self, conn: Connection, article_id: str) -> None:
        if not _exists(conn, article_id):
            raise NotFoundError(Messages.NO_ARTICLE.format(id=article_id))

    def _keyset(
        self,
        q: sa.Select[Any],
        keys: tuple[sa.ColumnElement[Any], ...],
        names: tuple[str, ...],
        *,
        limit: int | None = None,
        convert: Callable[[Any], dict[str, Any]] = dict,
        enrich: Callable[[Connection, list[dict[str, Any]]], None] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Run ``q`` in batches ordered by ``keys``, each batch a short transaction of its own.

        Later batches start after the last row seen (keyset pagination), so the cost of a
        batch does not grow with the position and nothing is held open between batches.
        ``enrich`` adds to a batch's dicts with a query per batch, not per row.
        """
        left = limit
        after: tuple[Any, ...] | None = None
        while left is None or left > 0:
            size = self.batch_size if left is None else min(self.batch_size, left)
            page = q.order_by(*keys).limit(size)
            if after is not None:
                page = page.offset(None).where(sa.tuple_(*keys) > sa.tuple_(*after))
            with self.engine.connect() as conn:
                batch = conn.execute(page).mappings().all()
                out = [convert(row) for row in batch]
                if enrich is not None and out:
                    enrich(conn, out)
            yield from out
            if len(batch) < size:
                return
            after = tuple(batch[-1][n] for n in names)
            if left is not None:
                left -= len(batch)


def _exists(conn: Connection, article_id: str) -> bool:
    q = sa.select(articles.c.rowno).where(articles.c.id == article_id)
    return conn.execute(q).first() is not None


def _add_outlets_and_path(conn: Connection, batch: list[dict[str, Any]]) -> None:
    """Give each article dict ``outlets`` (its outlet, then the names it credits, each once)
    and the ``path``/``line`` where it was first found."""
    by_id = {a["id"]: a for a in batch}
    for a in batch:
        a["outlets"] = [a["outlet"]] if a.get("outlet") else []
        a["path"] = a["line"] = None
    names = conn.execute(
        sa.select(credits.c.article_id, credits.c.name)
        .where(credits.c.article_id.in_(list(by_id)))
        .order_by(credits.c.article_id, credits.c.idx)
    )
    for aid, name in names:
        outlets = by_id[aid]["outlets"]
        if name.lower() not in {o.lower() for o in outlets}:
            outlets.append(name)
    first = (
        sa.select(article_sources.c.article_id, sa.func.min(article_sources.c.id).label("first"))
        .where(article_sources.c.article_id.in_(list(by_id)))
        .group_by(article_sources.c.article_id)
        .subquery()
    )
    sources = conn.execute(
        sa.select(article_sources).join(first, article_sources.c.id == first.c.first)
    ).mappings()
    for r in sources:
        src = rows.source_dict(r)
        by_id[r["article_id"]].update(path=src["path"], line=src["line"])


def _children(conn: Connection, table: sa.Table, article_id: str) -> Iterator[Any]:
    q = sa.select(table).where(table.c.article_id == article_id).order_by(table.c.idx)
    return iter(conn.execute(q).mappings())


def _duplicates_of(conn: Connection, article_id: str) -> list[dict[str, Any]]:
    """Links in both directions: ``direction`` is "duplicate_of" when this article is the
    copy, "duplicated_by" when the other one is."""
    d = duplicates.c
    out = []
    for r in conn.execute(sa.select(duplicates).where(d.article_id == article_id)).mappings():
        out.append(
            {
                "other": r["duplicate_of"],
                "direction": "duplicate_of",
                "kind": r["kind"],
                "similarity": r["similarity"],
            }
        )
    for r in conn.execute(sa.select(duplicates).where(d.duplicate_of == article_id)).mappings():
        out.append(
            {
                "other": r["article_id"],
                "direction": "duplicated_by",
                "kind": r["kind"],
                "similarity": r["similarity"],
            }
        )
    return out
