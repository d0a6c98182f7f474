"""A view per extraction kind: the mentions of one kind with their JSON fields as typed columns,
so that datasette, sqlite-utils or plain SQL read them as tables (``SELECT … FROM figures``).

Each view has the mention's own columns (``id``, ``article_id``, ``start``, ``end``, ``text``,
``sentence``, as ``Storyline.mentions`` names them) and then its kind's fields. A field's type is
one of ``text``, ``real``, ``bool`` (0/1 on SQLite, boolean on PostgreSQL) or ``json`` (lists,
kept as JSON). A field missing from a row reads NULL.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

TEXT, REAL, BOOL, JSON = "text", "real", "bool", "json"


def _texts(*names: str) -> dict[str, str]:
    return dict.fromkeys(names, TEXT)


VIEWS: dict[str, tuple[str, dict[str, str]]] = {
    "timex": (
        "timexes",
        _texts(
            "type",
            "value",
            "granularity",
            "anchor",
            "interval_begin",
            "interval_end",
            "signal",
            "rule",
            "tense",
        ),
    ),
    "entity": (
        "entities",
        {
            **_texts("label", "canonical", "title", "part_of", "role"),
            "nominal": BOOL,
            "aliases": JSON,
        },
    ),
    "statement": (
        "statements",
        {
            "direct": BOOL,
            **_texts(
                "act",
                "speaker",
                "speaker_label",
                "cue",
                "resolved_from",
                "date",
                "date_from",
                "cites",
                "via",
            ),
            "speaker_aliases": JSON,
        },
    ),
    "figure": (
        "figures",
        {
            "value": REAL,
            "high": REAL,
            **_texts(
                "qualifier",
                "unit",
                "counted",
                "noun",
                "quantity",
                "status",
                "subject",
                "source",
                "source_from",
                "as_of",
                "as_of_from",
                "period",
                "period_start",
                "period_end",
                "period_cue",
                "modality",
                "place",
                "place_level",
                "population",
                "certainty",
            ),
            "other_time": BOOL,
        },
    ),
    "event": (
        "events",
        {
            **_texts(
                "type",
                "trigger",
                "agent",
                "agent_label",
                "patient",
                "patient_label",
                "date",
                "date_from",
                "place",
                "modality",
            ),
            "negated": BOOL,
            "running": BOOL,
        },
    ),
    "proposal": (
        "proposals",
        {
            **_texts(
                "form",
                "cue",
                "proposer",
                "offer",
                "in_exchange_for",
                "response",
                "responder",
                "date",
                "date_from",
                "condition",
                "plan",
                "plan_noun",
                "addressee",
            ),
            "via": JSON,
            "reference": BOOL,
            "background": BOOL,
        },
    ),
}
"""Stored kind → (view name, {field: type})."""

_SQLITE = {
    TEXT: "json_extract(data, '$.{k}')",
    REAL: "CAST(json_extract(data, '$.{k}') AS REAL)",
    BOOL: "CAST(json_extract(data, '$.{k}') AS INTEGER)",
    JSON: "json_extract(data, '$.{k}')",
}
_POSTGRES = {
    TEXT: "data->>'{k}'",
    REAL: "(data->>'{k}')::double precision",
    BOOL: "(data->>'{k}')::boolean",
    JSON: "data->'{k}'",
}
_FIELD_SQL = {"sqlite": _SQLITE, "postgresql": _POSTGRES}


def view_sql(dialect: str, kind: str) -> str:
    """``CREATE VIEW`` of one kind's view in this dialect."""
    name, fields = VIEWS[kind]
    exprs = _FIELD_SQL[dialect]
    cols = [
        "id",
        "article_id",
        "start",
        '"end"',
        "text",
        "sentence_idx AS sentence",
        *(f'{exprs[t].format(k=k)} AS "{k}"' for k, t in fields.items()),
    ]
    return f"CREATE VIEW {name} AS SELECT {', '.join(cols)} FROM mentions WHERE kind = '{kind}'"


def create(conn: Connection) -> None:
    """Create every kind's view (run by the migration that introduces them)."""
    for kind in VIEWS:
        conn.exec_driver_sql(view_sql(conn.dialect.name, kind))


def recreate(conn: Connection, kind: str) -> None:
    """Drop one kind's view and create it with today's columns (a migration's job)."""
    conn.exec_driver_sql(f"DROP VIEW IF EXISTS {VIEWS[kind][0]}")
    conn.exec_driver_sql(view_sql(conn.dialect.name, kind))
