"""Full-text search over article title + clean text, one implementation per SQL dialect.

SQLite: an FTS5 table with external content (``articles``) keyed by ``articles.rowno``, porter
stemming so that "hostage" finds "hostages". PostgreSQL: a generated ``tsvector`` column
(``to_tsvector('english', …)``) with a GIN index, queried with ``plainto_tsquery``. Both take
the user's words as plain words (AND-ed), never as query syntax, so a stray quote or dash
cannot break a query.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import articles

SNIPPET_WORDS = 16
"""About how many words of context a search snippet shows."""

Filter = sa.ColumnElement[bool] | sa.TextClause
"""A WHERE clause."""

_WORD = re.compile(r"\w+", re.UNICODE)


class TextIndex(Protocol):
    """What the store needs from a dialect's full-text search."""

    def create(self, conn: Connection) -> None:
        """Create the index (run by the migration that introduces it)."""

    def add(self, conn: Connection, rowno: int, title: str | None, text: str) -> None:
        """Index one article, in the caller's transaction."""

    def matches(self, query: str) -> Filter:
        """A WHERE clause over ``articles`` true for the articles that match ``query``."""

    def search(
        self, conn: Connection, query: str, limit: int, mark: tuple[str, str]
    ) -> list[dict[str, Any]]:
        """Best matches first: id, title, published, snippet (matches wrapped in ``mark``)."""


def fts5_query(query: str) -> str:
    """The user's words as an FTS5 query of quoted terms (implicit AND), no operators."""
    return " ".join(f'"{w}"' for w in _WORD.findall(query))


class SqliteTextIndex:
    """FTS5 with external content: the text is stored once, in ``articles``."""

    table = "articles_fts"

    def create(self, conn: Connection) -> None:
        # content="articles" spelled the way sqlite-utils writes it: sqlite-utils and datasette
        # find a table's external-content index by that text (``detect_fts``).
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {self.table} USING fts5(title, clean_text, "
            "content=\"articles\", content_rowid='rowno', tokenize='porter unicode61')"
        )
        # Keep the index right when an article row is deleted (external content needs the
        # old values to remove its terms).
        conn.exec_driver_sql(
            f"CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
            f"INSERT INTO {self.table}({self.table}, rowid, title, clean_text) "
            "VALUES ('delete', old.rowno, old.title, old.clean_text); END"
        )

    def add(self, conn: Connection, rowno: int, title: str | None, text: str) -> None:
        conn.execute(
            sa.text(f"INSERT INTO {self.table}(rowid, title, clean_text) VALUES (:r, :t, :c)"),
            # NULL as stored: the same value a 'rebuild' from articles indexes
            {"r": rowno, "t": title, "c": text},
        )

    def rebuild(self, conn: Connection) -> None:
        """Re-index every article from ``articles`` (the external content)."""
        conn.exec_driver_sql(f"INSERT INTO {self.table}({self.table}) VALUES ('rebuild')")

    def matches(self, query: str) -> Filter:
        hits = sa.text(
            f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH :fts_q"
        ).bindparams(fts_q=fts5_query(query) or '""')
        return articles.c.rowno.in_(hits.columns(sa.column("rowid", sa.Integer)))

    def search(
        self, conn: Connection, query: str, limit: int, mark: tuple[str, str]
    ) -> list[dict[str, Any]]:
        q = fts5_query(query)
        if not q:
            return []
        sql = sa.text(
            "SELECT a.id, a.title, a.published, "
            f"snippet({self.table}, -1, :m0, :m1, '…', :n) AS snippet "
            f"FROM {self.table} JOIN articles a ON a.rowno = {self.table}.rowid "
            f"WHERE {self.table} MATCH :q ORDER BY rank, a.id LIMIT :lim"
        )
        params = {"q": q, "m0": mark[0], "m1": mark[1], "n": SNIPPET_WORDS, "lim": limit}
        return [dict(r._mapping) for r in conn.execute(sql, params)]


class PostgresTextIndex:
    """A stored, generated ``tsvector`` column with a GIN index: matching uses the index and
    ranking reads the stored vector instead of re-parsing every matching article."""

    document = "to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || clean_text)"
    tsquery = "plainto_tsquery('english'::regconfig, :fts_q)"

    def create(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            f"ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({self.document}) "
            "STORED"
        )
        conn.exec_driver_sql("CREATE INDEX ix_articles_fts ON articles USING GIN (tsv)")

    def add(self, conn: Connection, rowno: int, title: str | None, text: str) -> None:
        # The generated column follows the row by itself.
        return None

    def matches(self, query: str) -> Filter:
        return sa.text(f"articles.tsv @@ {self.tsquery}").bindparams(fts_q=query)

    def search(
        self, conn: Connection, query: str, limit: int, mark: tuple[str, str]
    ) -> list[dict[str, Any]]:
        # Rank and cut first, then build headlines only for the hits (ts_headline is costly).
        sql = sa.text(
            "WITH q AS (SELECT " + self.tsquery + " AS tsq), "
            "hits AS (SELECT a.id, a.title, a.published, a.clean_text, "
            "ts_rank(a.tsv, q.tsq) AS score FROM articles a, q "
            "WHERE a.tsv @@ q.tsq ORDER BY score DESC, a.id LIMIT :lim) "
            "SELECT hits.id, hits.title, hits.published, "
            "ts_headline('english'::regconfig, hits.clean_text, q.tsq, :opts) AS snippet "
            "FROM hits, q ORDER BY hits.score DESC, hits.id"
        )
        opts = (
            f'StartSel="{mark[0]}", StopSel="{mark[1]}", '
            f"MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}"
        )
        params = {"fts_q": query, "lim": limit, "opts": opts}
        return [dict(r._mapping) for r in conn.execute(sql, params)]


text_indexes: dict[str, TextIndex] = {
    "sqlite": SqliteTextIndex(),
    "postgresql": PostgresTextIndex(),
}
"""Full-text search by SQLAlchemy dialect name."""
