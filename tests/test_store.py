"""The store, run against every backend: a SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from storyline.dates import DateError
from storyline.errors import NotFoundError, StoreError, StorylineError
from storyline.models import (
    ArticleRecord,
    CleanView,
    Credit,
    DateCandidate,
    Dateline,
    DateResolution,
    Dropped,
    Mention,
    OffsetMap,
    RawDoc,
    Sentence,
    SourceRef,
)
from storyline.store import AnyOf, Match, Store, latest_version, migration
from storyline.store.migrations import MIGRATIONS, unregister

SHARED = Path(__file__).resolve().parents[2] / "shared"


# -- helpers -------------------------------------------------------------------------------------


def sentence_spans(text: str, start: int = 0) -> list[Sentence]:
    """Naive sentences of ``text[start:]`` with offsets into the whole text."""
    return [
        Sentence(m.start() + start, m.end() + start, m.group())
        for m in re.finditer(r"[^.!?\s][^.!?]*[.!?]?", text[start:])
    ]


def make_record(
    text: str,
    *,
    article_id: str | None = None,
    published: str | None = None,
    precision: str | None = "day",
    earliest: str | None = None,
    latest: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    credits: tuple[str, ...] = (),
    source: SourceRef | None = None,
    sentences: list[Sentence] | None = None,
    minhash: bytes | None = None,
    body_start: int = 0,
) -> ArticleRecord:
    """An ArticleRecord built by hand; the id is the hash of the whitespace-normalized text."""
    norm = " ".join(text.split())
    digest = hashlib.sha256(norm.encode()).hexdigest()
    cands = [DateCandidate("header", published, "day", text=None)] if published else []
    res = DateResolution(
        published=published,
        origin="header" if published else ("inferred" if earliest or latest else None),
        precision=precision if published else None,
        earliest=earliest,
        latest=latest,
        conflict=False,
        candidates=cands,
        evidence=["test evidence"],
        confidence=0.9 if published else None,
    )
    body = text[body_start:]
    return ArticleRecord(
        id=article_id or digest,
        doc=RawDoc(
            text=text,
            source=source or SourceRef(f"{digest[:8]}.txt"),
            format="text",
            body_start=body_start,
            meta={"outlet": outlet} if outlet else {},
        ),
        clean=CleanView(body, OffsetMap([(0, body_start, len(body))])),
        dates=res,
        dateline=None,
        credits=[Credit(c, "agency", "cited", None, None, None) for c in credits],
        sentences=sentences if sentences is not None else sentence_spans(text, body_start),
        content_hash=digest,
        minhash=minhash,
        title=title,
        outlet=outlet,
    )


def ids(rows: Any) -> list[str]:
    return [r["id"] for r in rows]


def count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s


def _add_note_column(op: Any) -> None:
    op.add_column("articles", sa.Column("note", sa.Text))


SHIPPED = latest_version()
"""The newest migration that ships; tests register a throw-away one after it."""
NEXT = SHIPPED + 1


@pytest.fixture
def register_v2() -> Iterator[Any]:
    """Registers a test-only migration after the shipped ones when called; it is forgotten
    after the test."""

    def register(fn: Any = _add_note_column, name: str = "test: add articles.note") -> None:
        migration(NEXT, name)(fn)

    yield register
    unregister(NEXT)


# -- opening and migrating -----------------------------------------------------------------------


def test_fresh_store_is_at_latest_version(store: Store) -> None:
    assert store.schema_version() == latest_version() == SHIPPED
    tables = set(sa.inspect(store.engine).get_table_names())
    assert {"articles", "sentences", "mentions", "duplicates", "article_sources"} <= tables
    assert store.migrate() == SHIPPED  # nothing pending: a no-op


def test_opening_older_store_migrates_it(db_url: str, register_v2: Any) -> None:
    with Store(db_url) as s:
        s.add_article(make_record("Before the upgrade. One article."))
        assert s.schema_version() == SHIPPED
    register_v2()
    with Store(db_url) as s:
        assert s.schema_version() == NEXT
        cols = {c["name"] for c in sa.inspect(s.engine).get_columns("articles")}
        assert "note" in cols
        assert s.count_articles() == 1
        with s.engine.connect() as conn:
            names = conn.execute(sa.text("SELECT name FROM schema_migrations ORDER BY version"))
            shipped = [MIGRATIONS[v].name for v in range(1, NEXT)]
            assert list(names.scalars()) == [*shipped, "test: add articles.note"]
            assert shipped[0] == "initial schema"


def test_newer_store_is_refused(db_url: str, register_v2: Any) -> None:
    register_v2()
    with Store(db_url) as s:
        assert s.schema_version() == NEXT
    unregister(NEXT)
    with pytest.raises(StoreError, match=f"schema version {NEXT}.*only up to {SHIPPED}"):
        Store(db_url)


def test_failed_migration_leaves_previous_version(db_url: str, register_v2: Any) -> None:
    with Store(db_url):
        pass

    def half_done(op: Any) -> None:
        op.add_column("articles", sa.Column("half", sa.Text))
        raise RuntimeError("boom")

    register_v2(half_done, "test: half-done")
    with pytest.raises(StoreError, match=rf"migration {NEXT} \(test: half-done\) failed: boom"):
        Store(db_url)
    unregister(NEXT)
    with Store(db_url) as s:
        assert s.schema_version() == SHIPPED
        cols = {c["name"] for c in sa.inspect(s.engine).get_columns("articles")}
        assert "half" not in cols  # the ALTER went with the rolled-back transaction


def test_unopenable_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(tmp_path / "no" / "such" / "dir" / "s.db")


def test_unsupported_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="unsupported database URL 'mysql://x/y'"):
        Store("mysql://x/y")


def test_memory_store_works() -> None:
    with Store(":memory:") as s:
        assert s.add_article(make_record("In memory. Still a store."))
        assert s.count_articles() == 1


def test_sqlite_connection_settings(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as s, s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


# -- articles ------------------------------------------------------------------------------------


def test_article_round_trip(store: Store) -> None:
    text = " date 2025-04-16 Jerusalem, April 17 (IANS) Talks stalled. Follow us on X.\n"
    body_start = text.index("Jerusalem")
    rec = make_record(
        text,
        published="2025-04-16",
        title="Talks stalled",
        credits=("IANS",),
        body_start=body_start,
        minhash=b"\x00\x01\xff",
        source=SourceRef("seeds/a.jsonl", 3),
    )
    rec.doc.original = "<html><p>Talks stalled.</p></html>"
    rec.doc.problems.append("a warning")
    rec.dateline = Dateline(
        "Jerusalem", "April 17", 4, 17, "IANS", body_start, body_start + 26, year=2025
    )
    rec.clean.offsets.rewrites.append((3, 4, 3, 8))
    boiler = text.index("Follow us on X.")
    rec.clean.dropped.append(Dropped(boiler, boiler + 15, "boilerplate", "Follow us on X."))
    rec.dates.conflict = True
    assert store.add_article(rec) is True

    got = store.get_article(rec.id)
    json.dumps(got)  # plain, JSON-able values only
    assert got["raw_text"] == text  # verbatim, header and trailing newline included
    assert got["clean_text"] == text[body_start:]
    assert got["offset_runs"] == [[0, body_start, len(text) - body_start]]
    assert got["offset_rewrites"] == [[3, 4, 3, 8]]
    assert got["dateline_year"] == 2025
    assert got["body_start"] == body_start
    assert got["original"].startswith("<html>")
    assert got["problems"] == ["a warning"]
    assert (got["dateline_place"], got["dateline_agency"], got["dateline_day"]) == (
        "Jerusalem",
        "IANS",
        17,
    )
    assert got["published"] == "2025-04-16" and got["date_conflict"] is True
    assert got["date_evidence"] == ["test evidence"]
    assert got["dates"] == [
        {
            "idx": 0,
            "origin": "header",
            "value": "2025-04-16",
            "precision": "day",
            "text": None,
            "start": None,
            "end": None,
            "note": None,
        }
    ]
    assert [c["name"] for c in got["credits"]] == ["IANS"]
    assert got["credits"][0]["in_lexicon"] is True
    assert got["dropped"][0]["reason"] == "boilerplate"
    assert got["sources"] == [
        {"path": "seeds/a.jsonl", "line": 3, "added_at": got["sources"][0]["added_at"]}
    ]
    for s in got["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
    assert (got["path"], got["line"], got["outlets"]) == ("seeds/a.jsonl", 3, ["IANS"])
    assert [s["idx"] for s in got["sentences"]] == list(range(len(got["sentences"])))
    assert "minhash" not in got and "rowno" not in got
    assert list(store.minhashes()) == [(rec.id, b"\x00\x01\xff")]


def test_reingesting_is_a_noop_that_records_the_source(store: Store) -> None:
    text = "Hostages were released on Sunday. Officials confirmed it."
    first = make_record(text, source=SourceRef("a.txt"))
    assert store.add_article(first) is True
    assert store.add_article(first) is False
    # The same text reprinted elsewhere, with different whitespace: same id, one more source.
    again = make_record(text.replace(" ", "  "), source=SourceRef("feed.jsonl", 7))
    assert again.id == first.id
    assert store.add_article(again) is False
    assert store.add_article(again) is False
    assert store.add_source(first.id, SourceRef("a.txt")) is False  # already known
    assert store.add_source(first.id, SourceRef("feed.jsonl", 8)) is True

    got = store.get_article(first.id)
    assert [(s["path"], s["line"]) for s in got["sources"]] == [
        ("a.txt", None),
        ("feed.jsonl", 7),
        ("feed.jsonl", 8),
    ]
    assert store.count_articles() == 1
    assert len(got["sentences"]) == 2
    assert got["raw_text"] == text  # the first copy's raw text is kept


def test_prefix_ids(store: Store) -> None:
    store.add_article(make_record("First text.", article_id="abc123" + "0" * 58))
    store.add_article(make_record("Second text.", article_id="abc456" + "0" * 58))
    assert store.resolve_id("abc1") == "abc123" + "0" * 58
    assert store.get_article("abc45")["clean_text"] == "Second text."
    with pytest.raises(StorylineError, match="ambiguous"):
        store.resolve_id("abc")
    with pytest.raises(NotFoundError, match="'zz'"):
        store.resolve_id("zz")
    with pytest.raises(NotFoundError):
        store.resolve_id("a%")  # LIKE wildcards are matched literally
    assert store.has_article("abc123" + "0" * 58)
    assert not store.has_article("abc123")


# -- filters and search --------------------------------------------------------------------------


@pytest.fixture
def dated(store: Store) -> dict[str, str]:
    recs = {
        "april16": make_record("Talks resumed in Cairo.", published="2025-04-16"),
        "april20": make_record("A strike hit the port.", published="2025-04-20"),
        "window": make_record(
            "The hostages remain held.", earliest="2025-04-10", latest="2025-04-18"
        ),
        "nodate": make_record("Nothing places this one in time."),
        "may": make_record("Aid convoys arrived.", published="2025-05", precision="month"),
        "after": make_record("Hostage families protested.", earliest="2025-06-01"),
    }
    for r in recs.values():
        assert store.add_article(r)
    return {k: r.id for k, r in recs.items()}


def test_iter_articles_orders_by_date_then_undated(store: Store, dated: dict[str, str]) -> None:
    order = ids(store.iter_articles())
    assert order == [dated[k] for k in ("window", "april16", "april20", "may", "after", "nodate")]


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        ("2025-04-17", "2025-04-19", ["window"]),  # only the undated window overlaps
        ("2025-04-16", "2025-04-16", ["window", "april16"]),
        ("2025-05-10", "2025-05-10", ["may"]),  # inside the month of a month-precision date
        (None, "2025-04", ["window", "april16", "april20"]),  # a month as the upper bound
        ("2025-05", None, ["may", "after"]),
        ("2025-07-01", None, ["after"]),  # an open-ended window still overlaps
    ],
)
def test_date_filter(
    store: Store,
    dated: dict[str, str],
    date_from: str | None,
    date_to: str | None,
    expected: list[str],
) -> None:
    got = ids(store.iter_articles(date_from=date_from, date_to=date_to))
    assert got == [dated[k] for k in expected]


def test_corpus_window_spans_dated_articles_only(store: Store) -> None:
    assert store.corpus_window() is None
    store.add_article(make_record("Undated, with a wide window.", earliest="2020-01-01"))
    assert store.corpus_window() is None
    store.add_article(make_record("Dated in April.", published="2025-04-16"))
    store.add_article(make_record("Dated by month.", published="2025-06", precision="month"))
    assert store.corpus_window() == ("2025-04-16", "2025-06-30")


def test_undated_can_be_left_out(store: Store, dated: dict[str, str]) -> None:
    got = ids(store.iter_articles(date_from="2025-04-16", include_undated=False))
    assert got == [dated[k] for k in ("april16", "april20", "may")]


def test_bad_date_filter_is_a_clear_error(store: Store) -> None:
    with pytest.raises(StoreError, match="unreadable date '17 April'"):
        list(store.iter_articles(date_from="17 April"))
    # a DateError too: bad input, not a broken store
    with pytest.raises(DateError, match="unreadable date '2025-13'"):
        list(store.iter_articles(date_to="2025-13"))
    with pytest.raises(StoreError, match="unreadable date '19'"):
        list(store.iter_articles(date_to="19"))  # a century is no range bound


def test_week_filter_spans_its_seven_days(store: Store, dated: dict[str, str]) -> None:
    # 2025-W16 runs from Monday April 14 to Sunday April 20 (it used to mean its Monday only)
    got = ids(store.iter_articles(date_from="2025-W16", date_to="2025-W16", include_undated=False))
    assert got == [dated["april16"], dated["april20"]]


def test_outlet_filter(store: Store) -> None:
    a = make_record("Wire copy about talks.", credits=("Reuters", "AFP"))
    b = make_record("A report from the paper.", outlet="The Guardian")
    c = make_record("No credits at all.")
    for r in (a, b, c):
        store.add_article(r)
    assert ids(store.iter_articles(outlet="reuters")) == [a.id]
    assert ids(store.iter_articles(outlet="THE GUARDIAN ")) == [b.id]
    assert ids(store.iter_articles(outlet="AP")) == []
    listed = {r["id"]: r for r in store.iter_articles()}
    assert listed[a.id]["outlets"] == ["Reuters", "AFP"]
    assert listed[b.id]["outlets"] == ["The Guardian"]
    assert listed[c.id]["outlets"] == []
    assert listed[a.id]["path"] == a.doc.source.path


def test_full_text_query_filter(store: Store, dated: dict[str, str]) -> None:
    # Stemming: "hostage" finds "hostages" and "Hostage".
    assert set(ids(store.iter_articles(query="hostage"))) == {dated["window"], dated["after"]}
    assert ids(store.iter_articles(query="hostage", date_to="2025-04-30")) == [dated["window"]]
    assert ids(store.iter_articles(query="hostages remain")) == [dated["window"]]
    assert ids(store.iter_articles(query="earthquake")) == []
    # Query syntax characters are words, not operators.
    assert ids(store.iter_articles(query='"talks -- cairo*')) == [dated["april16"]]


def test_search_snippets(store: Store) -> None:
    a = make_record(
        "Negotiators met in Doha. The ceasefire proposal was studied by Hamas.",
        title="Ceasefire talks",
    )
    b = make_record("The army said a ceasefire was not on the table.", title="Army statement")
    store.add_article(a)
    store.add_article(b)
    hits = store.search("ceasefire proposal")
    assert [h["id"] for h in hits] == [a.id]
    assert hits[0]["title"] == "Ceasefire talks"
    assert "**proposal**" in hits[0]["snippet"]
    assert {h["id"] for h in store.search("ceasefire", limit=5)} == {a.id, b.id}
    assert len(store.search("ceasefire", limit=1)) == 1
    assert "<b>said</b>" in store.search("said", mark=("<b>", "</b>"))[0]["snippet"]
    assert store.search("  ") == []
    assert store.search("(") == []


def _search_results(store: Store) -> list[Any]:
    return [
        (store.search(q, limit=10), ids(store.iter_articles(query=q)))
        for q in ("ceasefire", "ceasefire proposal", "said", "hostages", "Doha talks")
    ]


def _add_search_articles(store: Store) -> None:
    store.add_article(
        make_record(
            "Negotiators met in Doha. The ceasefire proposal was studied by Hamas.",
            title="Ceasefire talks",
        )
    )
    store.add_article(make_record("The army said a ceasefire was not on the table.", title=None))
    store.add_article(make_record("Hostages were freed. Talks went on.", title="Hostages"))


def test_sqlite_utils_and_datasette_find_the_full_text_index(tmp_path: Path) -> None:
    sqlite_utils = pytest.importorskip("sqlite_utils")
    path = tmp_path / "s.db"
    with Store(path) as s:
        _add_search_articles(s)
        ours = s.search("ceasefire", limit=10)
    db = sqlite_utils.Database(path)
    assert db["articles"].detect_fts() == "articles_fts"
    found = [r["id"] for r in db["articles"].search("ceasefire", columns=["id"])]
    assert sorted(found) == sorted(h["id"] for h in ours)
    db.close()


def test_upgrading_the_full_text_index_keeps_search_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    for v in range(2, SHIPPED + 1):  # a store as migration 1 left it
        monkeypatch.delitem(MIGRATIONS, v)
    with Store(path) as s:
        assert s.schema_version() == 1
        _add_search_articles(s)
        before = _search_results(s)
    monkeypatch.undo()
    with Store(path) as s:
        assert s.schema_version() == SHIPPED
        assert _search_results(s) == before
        with s.engine.connect() as conn:  # the rebuilt index agrees with its content
            conn.exec_driver_sql(
                "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"
            )
        gone = s.search("hostages")[0]["id"]
        with s._write("test") as conn:  # the delete trigger still follows the articles
            conn.execute(sa.text("DELETE FROM articles WHERE id = :i"), {"i": gone})
        assert s.search("hostages") == []


# -- duplicates, mentions, dates -----------------------------------------------------------------


def test_duplicates_both_ways(store: Store) -> None:
    a, b = make_record("Original wire story."), make_record("Original wire story, reprinted.")
    store.add_article(a)
    store.add_article(b)
    store.link_duplicate(b.id, a.id, "near", 0.91)
    store.link_duplicate(b.id, a.id, "near", 0.91)  # idempotent
    assert store.get_article(b.id)["duplicates"] == [
        {"other": a.id, "direction": "duplicate_of", "kind": "near", "similarity": 0.91}
    ]
    assert store.get_article(a.id)["duplicates"] == [
        {"other": b.id, "direction": "duplicated_by", "kind": "near", "similarity": 0.91}
    ]
    assert count(store, "duplicates") == 1
    with pytest.raises(NotFoundError):
        store.add_source("f" * 64, SourceRef("x.txt"))
    with pytest.raises(NotFoundError):
        store.link_duplicate(b.id, "f" * 64, "exact", 1.0)


def test_mentions_replace_by_kind(store: Store) -> None:
    text = "59 hostages are held. Officials said 58 on Monday."
    rec = make_record(text)
    store.add_article(rec)
    m59 = Mention("figure", 0, 2, "59", {"value": 59, "status": "held"})
    m58 = Mention("figure", text.index("58"), text.index("58") + 2, "58", {"value": 58})
    monday = Mention(
        "timex", text.index("Monday"), text.index("Monday") + 6, "Monday", {"value": "2025-04-14"}
    )
    store.add_mentions(rec.id, [m59, m58, monday])
    got = list(store.iter_mentions(article_id=rec.id))
    assert [(m["kind"], m["text"], m["sentence_idx"]) for m in got] == [
        ("figure", "59", 0),
        ("figure", "58", 1),
        ("timex", "Monday", 1),
    ]
    assert got[0]["data"] == {"value": 59, "status": "held"}

    store.add_mentions(rec.id, [m58])  # re-running the figure step replaces its figures
    assert [m["text"] for m in store.iter_mentions(kind="figure")] == ["58"]
    assert [m["text"] for m in store.iter_mentions(kind="timex")] == ["Monday"]
    store.add_mentions(rec.id, [m59], replace_kinds=False)
    assert sorted(m["text"] for m in store.iter_mentions(kind="figure")) == ["58", "59"]
    with pytest.raises(NotFoundError):
        store.add_mentions("0" * 64, [m59])
    with pytest.raises(StoreError):
        store.add_mentions(rec.id, [Mention("figure", 5, 2, "x")])  # a reversed span
    assert len(list(store.iter_mentions(article_id=rec.id))) == 3  # the failed call left nothing


def test_update_dates(store: Store) -> None:
    rec = make_record("A figure places this article in late April.")
    store.add_article(rec)
    assert ids(store.iter_articles(date_from="2025-04-20", date_to="2025-04-30")) == []
    store.update_dates(
        rec.id,
        DateResolution(
            published=None,
            origin="inferred",
            precision=None,
            earliest="2025-04-22",
            latest="2025-04-28",
            conflict=False,
            candidates=[DateCandidate("inferred", "2025-04-25", "day", note="figure series")],
            evidence=["59 hostages sits between dated articles"],
            confidence=0.6,
        ),
    )
    assert ids(store.iter_articles(date_from="2025-04-20", date_to="2025-04-30")) == [rec.id]
    got = store.get_article(rec.id)
    assert (got["date_earliest"], got["date_latest"], got["date_confidence"]) == (
        "2025-04-22",
        "2025-04-28",
        0.6,
    )
    assert [d["note"] for d in got["dates"]] == ["figure series"]
    with pytest.raises(NotFoundError):
        store.update_dates("0" * 64, rec.dates)


# -- reads for the story layer -------------------------------------------------------------------


def test_story_reads(store: Store) -> None:
    a = make_record("Wire story. Second sentence.", published="2025-04-10", title="A")
    b = make_record("Wire story, reprinted. Again.", published="2025-05-02", title="B")
    c = make_record("Undated article here.", earliest="2025-04-01", latest="2025-04-30")
    for r in (a, b, c):
        store.add_article(r)
    store.link_duplicate(b.id, a.id, "near", 0.9)
    store.update_dates(
        c.id,
        replace(
            c.dates,
            candidates=[
                DateCandidate("inferred", "2025-04-20", "day", note="best guess from series"),
                DateCandidate("inferred", "2025-04-21", "day", note="other"),
            ],
        ),
    )
    cols = list(store.iter_article_columns(["id", "title", "offset_runs"]))
    assert cols == [
        {"id": a.id, "title": "A", "offset_runs": [[0, 0, len(a.clean.text)]]},
        {"id": b.id, "title": "B", "offset_runs": [[0, 0, len(b.clean.text)]]},
        {"id": c.id, "title": None, "offset_runs": [[0, 0, len(c.clean.text)]]},
    ]
    within = list(store.iter_article_columns(["id"], published_within=("2025-04-01", "2025-04-30")))
    assert within == [{"id": a.id}]  # dated and inside; the undated window does not count
    with pytest.raises(StoreError, match="no article column 'minhash'"):
        list(store.iter_article_columns(["minhash"]))
    assert [(d["article_id"], d["duplicate_of"], d["kind"]) for d in store.iter_duplicates()] == [
        (b.id, a.id, "near")
    ]
    guesses = list(store.iter_date_candidates(note_startswith="best guess"))
    assert [(g["article_id"], g["value"]) for g in guesses] == [(c.id, "2025-04-20")]
    assert len(list(store.iter_date_candidates())) == 4
    sents = store.sentences_by_key({(a.id, 1), (b.id, 0), (c.id, None), (c.id, 9)})
    assert {k: v["text"] for k, v in sents.items()} == {
        (a.id, 1): "Second sentence.",
        (b.id, 0): "Wire story, reprinted.",
    }
    assert (sents[(a.id, 1)]["start"], sents[(a.id, 1)]["end"]) == (12, 28)
    assert [(s["article_id"], s["idx"]) for s in store.iter_sentences(article_ids=[a.id])] == [
        (a.id, 0),
        (a.id, 1),
    ]
    may = list(store.iter_sentences(published_within=("2025-05-01", None)))
    assert [s["text"] for s in may] == ["Wire story, reprinted.", "Again."]
    assert len(list(store.iter_sentences())) == 5
    store.add_mentions(a.id, [Mention("timex", 0, 4, "Wire"), Mention("entity", 5, 10, "story")])
    store.add_mentions(b.id, [Mention("timex", 0, 4, "Wire")])
    assert store.count_mentions() == {"entity": 1, "timex": 2}
    april = store.iter_mentions(kind="timex", published_within=("2025-04-01", "2025-04-30"))
    assert [m["article_id"] for m in april] == [a.id]
    assert store.safe_url().startswith(("sqlite:///", "postgresql+psycopg://"))


def test_safe_url_hides_the_password() -> None:
    with Store(":memory:") as s:
        assert s.safe_url() == "sqlite://"
    s = Store.__new__(Store)
    s.url = "postgresql://ann:secret@db.example/news"
    assert s.safe_url() == "postgresql+psycopg://ann:***@db.example/news"


SPEAKERS = ["Benjamin Netanyahu", "Straße Office", "ÅSA Ström", None, "50% Group", "Dr_Who"]


@pytest.fixture
def said(store: Store) -> str:
    """Statements with speakers, aliases and direct flags that test the filters' edges."""
    rec = make_record("One statement sentence here for all the test mentions.")
    store.add_article(rec)
    items = []
    for i, speaker in enumerate(SPEAKERS):
        data: dict[str, Any] = {"speaker": speaker, "direct": i % 2 == 0}
        if i == 0:
            data["speaker_aliases"] = ["Bibi", "Netanyahu"]
        if i == 3:
            data["speaker_aliases"] = ['Yoav "the" Gallant', "Señor X"]
        items.append(Mention("statement", i, i + 3, "one", data))
    items.append(Mention("figure", 0, 3, "One", {"counted": "Hostages", "source": "Hamas"}))
    items.append(Mention("figure", 1, 3, "ne", {"noun": "hostage", "unit": None}))
    items.append(Mention("figure", 2, 3, "e", {"noun": "hostel", "source": "The BBC"}))
    items.append(Mention("figure", 2, 4, "e ", {"unit": "Ss", "source": 7}))
    store.add_mentions(rec.id, items)
    return rec.id


def speakers(store: Store, *where: Any, **kw: Any) -> list[Any]:
    rows = store.iter_mentions(kind="statement", where=list(where), **kw)
    return [m["data"]["speaker"] for m in rows]


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("netanyahu", ["Benjamin Netanyahu"]),
        ("bibi", ["Benjamin Netanyahu"]),
        ("STRASSE", ["Straße Office"]),  # casefold: ß is ss
        ("åsa STRÖM", ["ÅSA Ström"]),
        ('"THE"', [None]),  # a quote inside a JSON string
        ("señor", [None]),
        ("%", ["50% Group"]),  # LIKE wildcards are literal
        ("_", ["Dr_Who"]),
        ("o", ["Straße Office", None, "50% Group", "Dr_Who"]),  # ö is not o
        ("zzz", []),
    ],
)
def test_icontains_matches_like_casefold(
    store: Store, said: str, needle: str, expected: list[Any]
) -> None:
    either = AnyOf(
        Match("speaker", "icontains", needle), Match("speaker_aliases", "any_icontains", needle)
    )
    assert speakers(store, either) == expected


def test_filters_combine_and_page(store: Store, said: str) -> None:
    direct = Match("direct", "truthy", True)
    assert speakers(store, direct) == ["Benjamin Netanyahu", "ÅSA Ström", "50% Group"]
    assert speakers(store, Match("direct", "truthy", False)) == [
        "Straße Office",
        None,
        "Dr_Who",
    ]
    has_r = Match("speaker", "icontains", "R")
    assert speakers(store, has_r) == ["Straße Office", "ÅSA Ström", "50% Group", "Dr_Who"]
    assert speakers(store, direct, has_r) == ["ÅSA Ström", "50% Group"]
    assert speakers(store, has_r, offset=1, limit=2) == ["ÅSA Ström", "50% Group"]
    assert speakers(store, Match("speaker", "exact", "Dr_Who")) == ["Dr_Who"]
    assert speakers(store, offset=4) == ["50% Group", "Dr_Who"]
    assert speakers(store, limit=1) == ["Benjamin Netanyahu"]
    assert speakers(store, Match("speaker", "exact", "Dr_Who"), offset=1) == []


@pytest.mark.parametrize(
    ("kind", "texts"),
    [
        ("hostage", ["One", "ne"]),
        ("HOSTAGES", ["One", "ne"]),
        ("hostel", ["e"]),
        ("s", ["e "]),  # trailing s's folded away: "" = ""
        ("host", []),
    ],
)
def test_isingular(store: Store, said: str, kind: str, texts: list[str]) -> None:
    names = ("counted", "quantity", "noun", "unit")
    rows = store.iter_mentions(
        kind="figure", where=[AnyOf(*(Match(n, "isingular", kind) for n in names))]
    )
    assert [m["text"] for m in rows] == texts


def test_icontains_skips_non_text(store: Store, said: str) -> None:
    rows = store.iter_mentions(kind="figure", where=[Match("source", "icontains", "bbc")])
    assert [m["text"] for m in rows] == ["e"]


# -- atomicity and streaming ---------------------------------------------------------------------


def test_failed_article_leaves_nothing(store: Store) -> None:
    good = make_record("An earlier article stays intact.", credits=("AP",))
    store.add_article(good)
    bad = make_record(
        "Zanzibar crumpet article.",
        credits=("AFP",),
        sentences=[Sentence(0, 5, "Zanzi"), Sentence(9, 3, "reversed")],
    )
    with pytest.raises(StoreError, match="breaks a constraint"):
        store.add_article(bad)
    assert not store.has_article(bad.id)
    assert store.count_articles() == 1
    assert store.search("zanzibar") == [] and ids(store.iter_articles(query="crumpet")) == []
    for table, n in (
        ("credits", 1),
        ("article_sources", 1),
        ("sentences", 1),
        ("article_dates", 0),
    ):
        assert count(store, table) == n, table
    assert store.get_article(good.id)["credits"][0]["name"] == "AP"


class _InterruptingList(list[Sentence]):
    """Sentences whose iteration is cut by Ctrl-C, after the article row went in."""

    def __iter__(self) -> Iterator[Sentence]:
        yield from self[:1]
        raise KeyboardInterrupt


def test_ctrl_c_mid_article_leaves_nothing(store: Store) -> None:
    text = "Interrupted article. It has two sentences."
    rec = make_record(text)
    spans = rec.sentences
    rec.sentences = _InterruptingList(spans)
    with pytest.raises(KeyboardInterrupt):
        store.add_article(rec)
    assert not store.has_article(rec.id)
    assert count(store, "article_sources") == 0
    rec.sentences = spans
    assert store.add_article(rec) is True  # nothing left locked or half-written


def test_iteration_is_streamed_in_batches(db_url: str) -> None:
    with Store(db_url, batch_size=2) as store:
        recs = [make_record(f"Article number {i}.", published=f"2025-01-0{i}") for i in range(1, 8)]
        for r in recs:
            store.add_article(r)
        it = store.iter_articles()
        assert inspect.isgenerator(it)
        # Writing while iterating: no read transaction is held between batches.
        for row in it:
            store.add_mentions(row["id"], [Mention("entity", 0, 7, "Article")])
        assert len(list(store.iter_mentions(kind="entity"))) == 7
        assert ids(store.iter_articles(offset=1, limit=3)) == [r.id for r in recs[1:4]]
        assert ids(store.iter_articles(offset=5)) == [r.id for r in recs[5:]]
        assert ids(store.iter_articles(limit=0)) == []
        assert inspect.isgenerator(store.minhashes())
        assert inspect.isgenerator(store.iter_mentions())


# -- real articles -------------------------------------------------------------------------------


def test_seed_articles_round_trip(store: Store) -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"shared data not found at {seeds}")
    stored = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rec = make_record(text, source=SourceRef(str(path)))
        assert store.add_article(rec)
        stored.append(rec)
        assert store.get_article(rec.id[:10])["raw_text"] == text
    assert store.count_articles() == len(stored) == 3
    hits = store.search("Netanyahu hostages")
    assert hits and all("**" in h["snippet"] for h in hits)
    assert {h["id"] for h in hits} <= {r.id for r in stored}


# -- ownership -----------------------------------------------------------------------------------


def test_a_store_is_marked_as_ours(db_url: str) -> None:
    from storyline.store.migrations import APPLICATION_ID, META_TABLE

    with Store(db_url) as s, s.engine.connect() as conn:
        if s.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        else:
            q = sa.text(f"SELECT value FROM {META_TABLE} WHERE key = 'application'")
            assert conn.execute(q).scalar() == "storyline"
    with Store(db_url) as s:  # and opens again
        assert s.schema_version() == latest_version()


def test_a_database_of_another_application_is_refused_untouched(db_url: str) -> None:
    engine = sa.create_engine(
        db_url.replace("postgresql://", "postgresql+psycopg://")
        if db_url.startswith("postgresql")
        else f"sqlite:///{db_url}"
    )
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT)"))
        conn.execute(sa.text("CREATE TABLE users (id INTEGER PRIMARY KEY)"))
    with pytest.raises(StoreError, match="not a storyline store"):
        Store(db_url)
    assert set(sa.inspect(engine).get_table_names()) == {"articles", "users"}
    engine.dispose()


def test_a_sqlite_file_with_another_application_id_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as c:
        c.execute("PRAGMA application_id = 1234")
        c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a storyline store"):
        Store(path)
    with sqlite3.connect(path) as c:  # refused untouched: not even its journal mode changed
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_store_made_before_the_mark_is_adopted(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    with Store(path) as s:
        s.add_article(make_record("Stored before the mark existed. One article."))
    with sqlite3.connect(path) as c:
        c.execute("PRAGMA application_id = 0")
    with Store(path) as s:
        assert s.count_articles() == 1


def test_a_read_only_store_file_opens_for_reading(tmp_path: Path) -> None:
    import subprocess

    path = tmp_path / "ro.db"
    with Store(path) as s:
        s.add_article(make_record("A store on read-only media. One article."))
    path.chmod(0o444)
    immutable = False
    if os.geteuid() == 0:  # root writes through file modes: make it immutable instead
        immutable = subprocess.run(["chattr", "+i", str(path)], check=False).returncode == 0
        if not immutable:
            pytest.skip("root, and chattr +i is not allowed here")
    try:
        with Store(path) as s:
            assert s.count_articles() == 1
            assert len(list(s.iter_articles())) == 1
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o644)
