"""Versioned schema migrations: named, decorated functions applied in order.

Each migration runs in its own transaction together with the row that records its version, so
a failure leaves the store at the previous version with no half-applied DDL (SQLite DDL is
transactional here because the store issues BEGIN itself). A migration receives an alembic
:class:`~alembic.operations.Operations` bound to the connection: ``op.add_column(...)`` for
ALTERs, ``op.get_bind()`` for anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from ..errors import Messages, StoreError
from . import schema, views
from .search import SqliteTextIndex, text_indexes

MigrationFn = Callable[[Operations], None]


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    fn: MigrationFn


MIGRATIONS: dict[int, Migration] = {}
"""Every known migration by version; versions are 1, 2, 3… with no gaps."""


def migration(version: int, name: str) -> Callable[[MigrationFn], MigrationFn]:
    """Register ``fn`` as the migration to schema ``version``."""

    def register(fn: MigrationFn) -> MigrationFn:
        if version in MIGRATIONS:
            raise ValueError(f"migration {version} is already registered")
        MIGRATIONS[version] = Migration(version, name, fn)
        return fn

    return register


def unregister(version: int) -> None:
    """Forget a migration (tests register throw-away ones)."""
    MIGRATIONS.pop(version, None)


def latest_version() -> int:
    return max(MIGRATIONS, default=0)


def current_version(conn: Connection) -> int:
    """The store's schema version; 0 for an empty database."""
    if not sa.inspect(conn).has_table(schema.schema_migrations.name):
        return 0
    v = conn.execute(sa.select(sa.func.max(schema.schema_migrations.c.version))).scalar()
    return int(v or 0)


def _lock(conn: Connection) -> None:
    # Two processes opening a fresh PostgreSQL store at once must not both migrate it.
    # SQLite needs nothing: the store's write transactions are BEGIN IMMEDIATE.
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('storyline.migrate'))"))


def _check_not_newer(version: int, url: str) -> None:
    if version > latest_version():
        latest = latest_version()
        raise StoreError(Messages.SCHEMA_TOO_NEW.format(url=url, version=version, latest=latest))


APPLICATION_ID = 0x53544C59
"""``PRAGMA application_id`` of a storyline SQLite file ("STLY"), as ``file(1)`` reads it."""
META_TABLE = "storyline_meta"
"""On PostgreSQL, where there is no application id, this table says the database is ours."""
APPLICATION = "storyline"


def _sqlite_app_id(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA application_id").scalar() or 0)


def _owner(conn: Connection) -> str:
    """``"ours"``, ``"empty"``, ``"unmarked"`` (a store made before the mark) or ``"foreign"``
    with the tables that make it so."""
    tables = {t for t in sa.inspect(conn).get_table_names() if not t.startswith("sqlite_")}
    if conn.dialect.name == "sqlite":
        app = _sqlite_app_id(conn)
        if app:
            return "ours" if app == APPLICATION_ID else "foreign"
    elif META_TABLE in tables:
        q = sa.text(f"SELECT value FROM {META_TABLE} WHERE key = 'application'")
        return "ours" if conn.execute(q).scalar() == APPLICATION else "foreign"
    if not tables:
        return "empty"
    return "unmarked" if _is_unmarked_store(conn, tables) else "foreign"


def _is_unmarked_store(conn: Connection, tables: set[str]) -> bool:
    # a store made by a storyline from before the mark: our first migration and our articles
    if not {schema.schema_migrations.name, schema.articles.name} <= tables:
        return False
    cols = {c["name"] for c in sa.inspect(conn).get_columns(schema.articles.name)}
    if not {"raw_text", "clean_text", "offset_runs", "content_hash"} <= cols:
        return False
    m = schema.schema_migrations.c
    first = conn.execute(sa.select(m.name).where(m.version == 1)).scalar()
    return first == MIGRATIONS[1].name


def _mark(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        return
    conn.execute(
        sa.text(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
    )
    conn.execute(
        sa.text(f"INSERT INTO {META_TABLE} VALUES ('application', :app) ON CONFLICT DO NOTHING"),
        {"app": APPLICATION},
    )


def claim(engine: Engine, url: str) -> None:
    """Make sure the database is ours: mark an empty one (or one made before the mark),
    refuse one that holds another application's data rather than migrate into it."""
    with engine.connect() as conn:
        owner = _owner(conn)
        conn.rollback()
    if owner == "ours":
        return  # nothing to write: a read-only store still opens
    if owner == "foreign":
        raise StoreError(Messages.NOT_OURS.format(url=url))
    try:
        _claim_unmarked(engine, url)
    except DBAPIError:
        if owner != "unmarked":
            raise
        # a read-only store from before the mark: read it as it is


def _claim_unmarked(engine: Engine, url: str) -> None:
    with engine.connect() as conn:
        conn.execution_options(storyline_write=True)
        with conn.begin():
            _lock(conn)
            owner = _owner(conn)  # again, under the lock: another process may have marked it
            if owner == "foreign":
                raise StoreError(Messages.NOT_OURS.format(url=url))
            if owner != "ours":
                _mark(conn)


def migrate(engine: Engine, url: str) -> int:
    """Claim the database, apply the pending migrations in order; return the version."""
    claim(engine, url)
    with engine.connect() as conn:
        version = current_version(conn)
    _check_not_newer(version, url)
    for v in sorted(MIGRATIONS):
        if v > version:
            _apply(engine, MIGRATIONS[v], url)
    with engine.connect() as conn:
        return current_version(conn)


def _apply(engine: Engine, m: Migration, url: str) -> None:
    with engine.connect() as conn:
        conn.execution_options(storyline_write=True)
        with conn.begin():
            _lock(conn)
            schema.schema_migrations.create(conn, checkfirst=True)
            if current_version(conn) >= m.version:
                return  # another process applied it while we waited for the lock
            try:
                m.fn(Operations(MigrationContext.configure(conn)))
            except Exception as e:
                raise StoreError(
                    Messages.MIGRATION_FAILED.format(
                        url=url, version=m.version, name=m.name, error=e, before=m.version - 1
                    )
                ) from e
            conn.execute(
                schema.schema_migrations.insert().values(
                    version=m.version, name=m.name, applied_at=datetime.now(UTC).isoformat()
                )
            )


@migration(1, "initial schema")
def initial_schema(op: Operations) -> None:
    conn = op.get_bind()
    tables = [t for t in schema.metadata.sorted_tables if t.name in schema.V1_TABLES]
    schema.metadata.create_all(conn, tables=tables)
    if conn.dialect.name == "sqlite":
        _fts5_v1(conn)  # frozen as migration 1 made it; migration 2 redeclares it
    else:
        text_indexes[conn.dialect.name].create(conn)


def _fts5_v1(conn: Connection) -> None:
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, clean_text, "
        "content='articles', content_rowid='rowno', tokenize='porter unicode61')"
    )
    conn.exec_driver_sql(
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, clean_text) "
        "VALUES ('delete', old.rowno, old.title, old.clean_text); END"
    )


@migration(2, "full-text index declared for sqlite-utils and datasette")
def fts_declared(op: Operations) -> None:
    """SQLite: recreate the FTS5 index as ``content="articles"``, the text sqlite-utils and
    datasette look for, and re-index the stored articles. PostgreSQL: nothing to do."""
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("DROP TRIGGER articles_fts_delete")
    conn.exec_driver_sql("DROP TABLE articles_fts")
    fts = SqliteTextIndex()
    fts.create(conn)
    fts.rebuild(conn)


@migration(3, "a view per extraction kind")
def kind_views(op: Operations) -> None:
    # A later change to a view's columns drops and recreates it in a migration of its own.
    views.create(op.get_bind())


@migration(4, "ingest runs (provenance)")
def ingest_runs(op: Operations) -> None:
    schema.ingest_runs.create(op.get_bind())


@migration(5, "the materialized story")
def story_tables(op: Operations) -> None:
    # Empty tables: the story is built on first read (or by ``storyline rebuild``).
    conn = op.get_bind()
    tables = [t for t in schema.metadata.sorted_tables if t.name in schema.STORY_TABLES]
    schema.metadata.create_all(conn, tables=tables)


@migration(6, "statements view: the relayed source (cites) and the relay (via)")
def statement_relays(op: Operations) -> None:
    views.recreate(op.get_bind(), "statement")


@migration(7, "story entities merged incrementally")
def story_entity_tables(op: Operations) -> None:
    # Empty: the next story update finds no entity signature and merges every mention once.
    # Spelled out here (as ``store.story`` declares them): a migration is frozen as it ran.
    op.create_table(
        "story_entity_groups",
        sa.Column("grp", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("canonical", sa.Text, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "story_entity_articles",
        sa.Column("grp", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("article_id", sa.Text, primary_key=True),
    )
    op.create_index("ix_story_entity_articles_article", "story_entity_articles", ["article_id"])
