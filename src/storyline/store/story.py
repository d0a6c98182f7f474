"""The materialized story's tables: reads with SQL filters and the writes of one partition.

``story.materialize`` computes the rows (plain dicts); this module only stores and reads them.
A partition (a kind and a family: the series of one counted thing, the events of one type
family) is replaced whole, with the digest of the inputs it was computed from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..errors import Messages, StoreError
from .schema import (
    articles,
    duplicates,
    mentions,
    metadata,
    story_event_actors,
    story_events,
    story_findings,
    story_names,
    story_partitions,
    story_series,
    story_state,
)

if TYPE_CHECKING:
    from .db import Store

STATE_KEY = "story"

FORMAT = 1
"""The shape of the stored story rows; a story stored with another is rebuilt on first read."""


# The story entities before their corpus-wide folds (migration 7): one row per (type group,
# folded name) as the mentions made it, so an update counts in only the new mentions.
story_entity_groups = sa.Table(
    "story_entity_groups",
    metadata,
    sa.Column("grp", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),  # first seen: the merge's iteration order
    sa.Column("canonical", sa.Text, nullable=False),
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),  # labels, aliases, titles: [name, count] pairs
)

story_entity_articles = sa.Table(
    "story_entity_articles",
    metadata,
    # which articles name a group: an acronym with several expansions takes the one seen
    # beside it, asked for here instead of holding every group's articles in memory
    sa.Column("grp", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("article_id", sa.Text, primary_key=True),
    sa.Index("ix_story_entity_articles_article", "article_id"),
)

ENTITY_TABLES = ("story_entity_groups", "story_entity_articles")
"""The tables migration 7 creates."""

ENTITY_PARTITION = ("entities", "")
"""The ``story_partitions`` key whose signature says which entity mentions the groups hold."""


@dataclass(slots=True)
class EntityRows:
    """What an entity merge writes: the groups it made or changed, the (group, article) pairs
    it found, the signature of the mentions counted in; ``full`` replaces every stored row."""

    signature: str
    groups: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    full: bool = False


class StoryNotWritable(StoreError):
    """The story tables cannot be written (a read-only file or role): readers compute the
    story in memory instead."""


@contextmanager
def _story_write(store: Store) -> Iterator[sa.Connection]:
    try:
        with store._write("story") as conn:
            if store.dialect == "postgresql":
                # two writers replacing one partition: the second waits, then sees the first's
                # rows (SQLite's write transactions are BEGIN IMMEDIATE already)
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('storyline.story'))"))
            yield conn
    except (OperationalError, ProgrammingError) as e:
        url = store.safe_url()
        raise StoryNotWritable(Messages.STORY_READ_ONLY.format(url=url, error=e.orig)) from e


@dataclass(slots=True)
class PartitionRows:
    """The rows of one recomputed partition, ready to write."""

    kind: str  # 'series' or 'events'
    family: str
    signature: str
    series: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)


def inputs_fingerprint(store: Store) -> str:
    """What the story was computed from, cheaply: article, mention and duplicate counts and
    the last mention id (a new ingest changes one of them)."""
    with store.engine.connect() as conn:
        n_articles = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar()
        n_mentions, last = conn.execute(
            sa.select(sa.func.count(), sa.func.max(mentions.c.id))
        ).one()
        n_dups = conn.execute(sa.select(sa.func.count()).select_from(duplicates)).scalar()
    return f"{n_articles}:{n_mentions}:{last or 0}:{n_dups}"


def get_state(store: Store) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        q = sa.select(story_state).where(story_state.c.key == STATE_KEY)
        row = conn.execute(q).mappings().first()
        return dict(row) if row else None


def build_state(store: Store, mode: str) -> dict[str, Any]:
    """The state row of a story built now: this version, these lexicons, these inputs."""
    from .provenance import lexicon_hashes, version_of

    return {
        "storyline": version_of("storyline"),
        "format": FORMAT,
        "lexicons": lexicon_hashes(),
        "inputs": inputs_fingerprint(store),
        "built_at": datetime.now(UTC).isoformat(),
        "mode": mode,
    }


def same_build(store: Store) -> bool:
    """Whether the stored story was built by this version with these lexicons (only its
    inputs may have moved on since: an update brings it up to date)."""
    from .provenance import lexicon_hashes, version_of

    state = get_state(store)
    return bool(
        state
        and state["format"] == FORMAT
        and state["storyline"] == version_of("storyline")
        and state["lexicons"] == lexicon_hashes()
    )


def is_current(store: Store) -> bool:
    """Whether the stored story is the story of the store as it is now (cheap: no story
    code is imported)."""
    if not same_build(store):
        return False
    state = get_state(store)
    return state is not None and state["inputs"] == inputs_fingerprint(store)


def story_stamp(store: Store) -> str:
    """What changes whenever a read of the story could answer differently: the story's
    state row (its build and inputs) and the store's article count, last mention id and
    near-duplicate count. Cheap (a key lookup, a max on the key, two counts of small tables),
    so a reader may keep answers while it stays the same."""
    with store.engine.connect() as conn:
        state = conn.execute(
            sa.select(story_state.c.built_at, story_state.c.inputs).where(
                story_state.c.key == STATE_KEY
            )
        ).first()
        n_articles = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar()
        last = conn.execute(sa.select(sa.func.max(mentions.c.id))).scalar()
        n_dups = conn.execute(sa.select(sa.func.count()).select_from(duplicates)).scalar()
    built = f"{state[0]}|{state[1]}" if state else "-"
    return f"{built}|{n_articles}:{last or 0}:{n_dups}"


def signatures(store: Store) -> dict[tuple[str, str], str]:
    """(kind, family) → the digest of the inputs its stored rows were computed from."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(story_partitions)).mappings()
        return {(r["kind"], r["family"]): r["signature"] for r in rows}


def write_story(
    store: Store,
    parts: Sequence[PartitionRows],
    removed: Iterable[tuple[str, str]],
    names: Mapping[str, str],
    state: Mapping[str, Any],
    entities: EntityRows | None = None,
) -> None:
    """Replace the given partitions, drop the ``removed`` ones, the entity groups, the name
    map and the state row, in one transaction: a reader sees the story before or after,
    never half of it."""
    gone = [(p.kind, p.family) for p in parts] + list(removed)
    with _story_write(store) as conn:
        if entities is not None:
            _write_entities(conn, entities)
        for kind, family in gone:
            _delete_partition(conn, kind, family)
        for p in parts:
            conn.execute(
                story_partitions.insert(),
                {"kind": p.kind, "family": p.family, "signature": p.signature},
            )
            for table, rows in (
                (story_series, p.series),
                (story_findings, p.findings),
                (story_events, p.events),
                (story_event_actors, p.actors),
            ):
                if rows:
                    conn.execute(table.insert(), rows)
        conn.execute(story_names.delete())
        if names:
            rows = [{"name": k, "canonical": v} for k, v in names.items()]
            for i in range(0, len(rows), 5000):
                conn.execute(story_names.insert(), rows[i : i + 5000])
        conn.execute(story_state.delete())
        conn.execute(story_state.insert(), {**state, "key": STATE_KEY})


def _write_entities(conn: sa.Connection, rows: EntityRows) -> None:
    g, a, p = story_entity_groups, story_entity_articles, story_partitions
    if rows.full:
        conn.execute(a.delete())
        conn.execute(g.delete())
    elif rows.groups:
        key = (g.c.grp == sa.bindparam("k_grp")) & (g.c.name == sa.bindparam("k_name"))
        conn.execute(
            g.delete().where(key), [{"k_grp": r["grp"], "k_name": r["name"]} for r in rows.groups]
        )
    # A pair another writer stored since this merge read the store is already there: skip it.
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    for insert, items in (
        (g.insert(), rows.groups),
        (dialect.insert(a).on_conflict_do_nothing(), rows.articles),
    ):
        for i in range(0, len(items), 5000):
            conn.execute(insert, items[i : i + 5000])
    kind, family = ENTITY_PARTITION
    conn.execute(p.delete().where((p.c.kind == kind) & (p.c.family == family)))
    conn.execute(p.insert(), {"kind": kind, "family": family, "signature": rows.signature})


def read_entity_groups(store: Store) -> list[dict[str, Any]]:
    """The stored entity groups in the order they were first seen."""
    g = story_entity_groups
    with store.engine.connect() as conn:
        q = sa.select(g).order_by(g.c.seq)
        return [dict(r) for r in conn.execute(q).mappings()]


def entity_articles_known(store: Store, article_ids: Iterable[str]) -> set[tuple[str, str, str]]:
    """The stored (group, name, article) pairs of these articles."""
    ids = sorted(set(article_ids))
    a = story_entity_articles
    out: set[tuple[str, str, str]] = set()
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            q = sa.select(a.c.grp, a.c.name, a.c.article_id).where(
                a.c.article_id.in_(ids[i : i + 500])
            )
            out.update((r[0], r[1], r[2]) for r in conn.execute(q))
    return out


def entities_share_article(store: Store, one: tuple[str, str], other: tuple[str, str]) -> bool:
    """Whether two stored entity groups were named in one article."""
    a, b = story_entity_articles.alias("a"), story_entity_articles.alias("b")
    q = (
        sa.select(a.c.article_id)
        .join(b, a.c.article_id == b.c.article_id)
        .where(a.c.grp == one[0], a.c.name == one[1], b.c.grp == other[0], b.c.name == other[1])
        .limit(1)
    )
    with store.engine.connect() as conn:
        return conn.execute(q).first() is not None


def entity_named_in(store: Store, group: tuple[str, str], article_ids: Iterable[str]) -> bool:
    """Whether a stored entity group was named in one of these articles."""
    ids = sorted(set(article_ids))
    a = story_entity_articles
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            q = sa.select(a.c.article_id).where(
                a.c.grp == group[0], a.c.name == group[1], a.c.article_id.in_(ids[i : i + 500])
            )
            if conn.execute(q.limit(1)).first() is not None:
                return True
    return False


def _delete_partition(conn: sa.Connection, kind: str, family: str) -> None:
    keys = (story_partitions.c.kind == kind) & (story_partitions.c.family == family)
    conn.execute(story_partitions.delete().where(keys))
    if kind == "series":
        conn.execute(story_findings.delete().where(story_findings.c.family == family))
        conn.execute(story_series.delete().where(story_series.c.family == family))
    else:
        ids = sa.select(story_events.c.id).where(story_events.c.family == family)
        conn.execute(story_event_actors.delete().where(story_event_actors.c.event_id.in_(ids)))
        conn.execute(story_events.delete().where(story_events.c.family == family))


def clear_story(store: Store) -> None:
    """Empty every story table (a rebuild starts from nothing)."""
    with _story_write(store) as conn:
        for table in (
            story_event_actors,
            story_events,
            story_findings,
            story_series,
            story_partitions,
            story_names,
            story_state,
            story_entity_articles,
            story_entity_groups,
        ):
            conn.execute(table.delete())


# -- reads -----------------------------------------------------------------------------------


def _contains(store: Store, column: sa.ColumnElement[Any], needle: str) -> sa.ColumnElement[bool]:
    """Plain substring test (no LIKE wildcards) on both dialects."""
    if store.dialect == "postgresql":
        return sa.func.strpos(column, needle) > 0
    return sa.func.instr(column, needle) > 0


def _page(q: sa.Select[Any], limit: int | None, offset: int) -> sa.Select[Any]:
    if offset:
        q = q.offset(offset)
    return q.limit(limit) if limit is not None else q


def read_series(
    store: Store, needle: str | None = None, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """Stored series, most points first: ``needle`` is a series id, or a part of its label,
    counted thing, status or id (case-insensitive)."""
    q = sa.select(story_series.c.data)
    if needle:
        n = needle.casefold().strip()
        q = q.where((story_series.c.id == n) | _contains(store, story_series.c.needle, n))
    q = q.order_by(story_series.c.n_points.desc(), story_series.c.id, story_series.c.family)
    with store.engine.connect() as conn:
        return [r[0] for r in conn.execute(_page(q, limit, offset))]


def read_findings(
    store: Store,
    kind: str | None = None,
    *,
    needle: str | None = None,
    confident: bool = False,
    min_confidence: float | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored findings in the order ``story.conflicts.find_conflicts`` gives them:
    ``confident`` keeps those at or above the default floor (``story.conflicts.CONFIDENT``),
    ``min_confidence`` those at or above another."""
    f, s = story_findings, story_series
    q = sa.select(f.c.data)
    if kind is not None:
        q = q.where(f.c.kind == kind)
    if confident:
        q = q.where(f.c.confident.is_(True))
    if min_confidence is not None:
        q = q.where(f.c.confidence >= min_confidence)
    if needle:
        n = needle.casefold().strip()
        chosen = sa.select(s.c.family, s.c.id).where(
            (s.c.id == n) | _contains(store, s.c.needle, n)
        )
        q = q.where(sa.tuple_(f.c.family, f.c.series_id).in_(chosen))
    q = q.order_by(
        f.c.kind_order, f.c.series_id, f.c.a_day, f.c.b_day, f.c.series_points.desc(), f.c.family
    ).order_by(f.c.seq)
    with store.engine.connect() as conn:
        return [r[0] for r in conn.execute(_page(q, limit, offset))]


def read_events(
    store: Store,
    *,
    first_day: str | None = None,
    last_day: str | None = None,
    types: Sequence[str] = (),
    actors: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Stored story events by id, narrowed in SQL: overlapping [first_day, last_day] (ISO
    days), of one of ``types`` (casefolded), with an actor holding one of ``actors``
    (casefolded substrings). The caller applies its exact filters after."""
    e, a = story_events, story_event_actors
    q = sa.select(e.c.data)
    if first_day:
        q = q.where(e.c.date_end >= first_day)
    if last_day:
        q = q.where(e.c.date_start <= last_day)
    if types:
        q = q.where(sa.or_(*(_contains(store, e.c.types, f"|{t}|") for t in types)))
    if actors:
        hit = sa.select(a.c.event_id).where(
            sa.or_(*(_contains(store, a.c.actor, n) for n in actors))
        )
        q = q.where(e.c.id.in_(hit))
    with store.engine.connect() as conn:
        return [r[0] for r in conn.execute(q.order_by(e.c.id))]


def read_names(store: Store, folded: Iterable[str]) -> dict[str, str]:
    """Folded name or alias → canonical name, for the names asked for."""
    wanted = sorted(set(folded))
    if not wanted:
        return {}
    with store.engine.connect() as conn:
        q = sa.select(story_names).where(story_names.c.name.in_(wanted))
        return {r["name"]: r["canonical"] for r in conn.execute(q).mappings()}


def dump_story(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every story table's rows in key order (tests compare an update with a rebuild)."""
    order = {
        "story_partitions": ("kind", "family"),
        "story_names": ("name",),
        "story_series": ("family", "id"),
        "story_findings": ("family", "series_id", "seq"),
        "story_events": ("id",),
        "story_event_actors": ("event_id", "actor"),
        "story_entity_groups": ("grp", "name"),
        "story_entity_articles": ("grp", "name", "article_id"),
    }
    tables = {
        t.name: t
        for t in (
            story_partitions,
            story_names,
            story_series,
            story_findings,
            story_events,
            story_event_actors,
            story_entity_groups,
            story_entity_articles,
        )
    }
    out = {}
    with store.engine.connect() as conn:
        for name, keys in order.items():
            t = tables[name]
            q = sa.select(t).order_by(*(t.c[k] for k in keys))
            out[name] = [dict(r) for r in conn.execute(q).mappings()]
    return out
