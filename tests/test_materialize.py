"""The materialized story: an ingest in batches (in two orders) leaves the story tables a
rebuild gives; reads from the tables equal the story computed in memory; stale stories are
rebuilt on read; a read-only store is answered in memory; SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.api import Storyline
from storyline.outputs.cli import app
from storyline.store import Store
from storyline.store import story as tables
from storyline.store.reads import figure_page
from storyline.story import materialize
from storyline.story.timeline import Filters, build_timeline

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))
TOPIC = ROOT.parent / "shared" / "data" / "timeline17" / "H1N1_reuters" / "articles.jsonl"
FALLBACK_TOPIC = ROOT / "tests" / "data" / "tls_topic" / "articles.jsonl"
TOPIC_ARTICLES = 6
Built = dict[str, tuple[Path, list[dict[str, str]]]]
"""Order → (its store, the partition signatures after each batch)."""


def _corpus(folder: Path) -> list[Path]:
    """One file per article: the example story and a few articles of a real topic (the
    invented test topic where the development data is not checked out)."""
    topic = TOPIC if TOPIC.exists() else FALLBACK_TOPIC
    lines = topic.read_text(encoding="utf-8").splitlines()[:TOPIC_ARTICLES]
    out = []
    for i, line in enumerate(lines):
        path = folder / f"topic-{i}.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        out.append(path)
    return [*EXAMPLES, *out]


def _batches(files: list[Path], order: str) -> list[list[Path]]:
    """Three batches then one single article, in date order or interleaved backwards."""
    if order == "backwards":
        files = files[::-1][::2] + files[::-1][1::2]
    *head, last = files
    size = -(-len(head) // 3)
    return [head[i : i + size] for i in range(0, len(head), size)] + [[last]]


def _canonical(store: Store) -> str:
    return json.dumps(tables.dump_story(store), sort_keys=True, default=str)


def _ingest_in_batches(db: str, files: list[Path], order: str) -> list[dict[str, str]]:
    """Ingest batch by batch (each ingest updates the story); the partition signatures
    after each batch."""
    after = []
    with Storyline(db) as sl:
        for batch in _batches(files, order):
            report = sl.ingest(batch)
            assert report.added and not report.failed
            state = tables.get_state(sl.store)
            assert state is not None and tables.is_current(sl.store)
            after.append({f"{k}:{f}": v for (k, f), v in tables.signatures(sl.store).items()})
    return after


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return _corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, corpus: list[Path]) -> Built:
    """A store per order, ingested in batches, with the signatures after each batch."""
    out = {}
    for order in ("forwards", "backwards"):
        db = tmp_path_factory.mktemp(order) / "story.db"
        out[order] = (db, _ingest_in_batches(str(db), corpus, order))
    return out


@pytest.mark.parametrize("order", ["forwards", "backwards"])
def test_batches_give_the_story_a_rebuild_gives(built: Built, order: str) -> None:
    with Store(built[order][0]) as store:
        incremental = _canonical(store)
        assert tables.is_current(store)
        report = materialize.rebuild(store)
        assert report.recomputed == report.partitions > 0
        assert _canonical(store) == incremental
        counts = tables.dump_story(store)
        assert counts["story_series"] and counts["story_events"] and counts["story_findings"]


def test_an_update_recomputes_only_what_changed(built: Built, tmp_path: Path) -> None:
    for _, history in built.values():
        before, after = history[-2], history[-1]  # the last batch is one article
        redone = {k for k in after if before.get(k) != after[k]}
        assert redone and len(redone) < len(after)
    db = tmp_path / "copy.db"
    shutil.copy(built["forwards"][0], db)
    with Store(db) as store:
        assert materialize.update(store).recomputed == 0  # nothing new: nothing redone


def test_entities_are_merged_from_the_new_mentions_only(built: Built, tmp_path: Path) -> None:
    """The stored entity groups are the start of the next merge while the mentions they were
    made from are unchanged; a rewritten entity mention makes it merge everything again, and
    either way the story is the one a rebuild gives."""
    db = tmp_path / "entities.db"
    shutil.copy(built["forwards"][0], db)
    with Store(db) as store:
        known = tables.signatures(store)
        assert tables.ENTITY_PARTITION in known
        ctx = materialize.load_context(store, known)
        assert ctx.merge is not None and not ctx.merge.full
        assert ctx.merge.groups == [] and ctx.merge.articles == []
        assert ctx.names == materialize.load_context(store).names  # as a full merge gives
        mention = next(store.iter_mentions(kind="entity"))
        data = {**mention["data"], "canonical": "Zebulon Quarrington"}
        store.update_mention_data(mention["article_id"], {mention["id"]: data})
        ctx = materialize.load_context(store, tables.signatures(store))
        assert ctx.merge is not None and ctx.merge.full
        assert ctx.names["zebulon quarrington"] == "Zebulon Quarrington"
        materialize.update(store)
        updated = _canonical(store)
        materialize.rebuild(store)
        assert _canonical(store) == updated


def test_the_source_entities_are_those_corpus_sources_merges(built: Built) -> None:
    from storyline.story.series import corpus_sources, flat
    from storyline.story.sources import SourceNames

    with Store(built["backwards"][0]) as store:
        ctx = materialize.load_context(store, tables.signatures(store))
        figures = [flat(r) for r in store.iter_mentions(kind="figure")]
        names = [f.get("source") or "" for f in figures]
        assert any(names) and ctx.sources
        expected = corpus_sources(figures, ctx.entities).canonical
        assert SourceNames(names, ctx.sources).canonical == expected


def _series_rows(parts: list[tables.PartitionRows]) -> list[dict[str, Any]]:
    rows = [r for p in parts for r in p.series]
    rows.sort(key=lambda r: (-r["n_points"], r["id"], r["family"]))
    return [r["data"] for r in rows]


def test_reads_equal_the_story_computed_in_memory(
    built: Built,
) -> None:
    with Storyline(built["forwards"][0]) as sl:
        parts, _, _ = materialize.compute(sl.store)
        series = _series_rows(parts)
        assert sl.series() == series
        assert sl.series(limit=2, offset=1) == series[1:3]
        one = series[0]["id"]
        assert sl.series(one) == [s for s in series if s["id"] == one or one in s["label"]]
        findings = [f for p in parts for f in p.findings]
        everything = sl.conflicts(all=True)
        assert len(everything) == len(findings)
        assert sorted(map(json.dumps, everything)) == sorted(
            json.dumps(f["data"]) for f in findings
        )
        default = sl.conflicts()
        assert default == [f for f in everything if f["confidence"] >= 0.6]
        events = sorted((e["data"] for p in parts for e in p.events), key=lambda e: e["id"])
        assert sl.story_events() == events
        assert sl.timeline(key=5) == build_timeline(events, key=5)
        assert sl.timeline(key=5, limit=2, offset=1) == build_timeline(events, key=5)[1:3]
        actor = next(a for e in events for a in e["actors"])
        kept = build_timeline(events, filters=Filters(actors=(actor.upper(),)))
        assert kept and sl.timeline(actor=actor.upper()) == kept
        typ = events[0]["type"]
        assert sl.timeline(type=typ) == build_timeline(events, filters=Filters(types=(typ,)))
        day = next(e["date_lo"] for e in events if e["date_lo"])
        ranged = build_timeline(events, filters=Filters(day[:7], day[:7]))
        assert ranged and sl.timeline(date_from=day[:7], date_to=day[:7]) == ranged


def test_a_stale_story_is_rebuilt_on_first_read(built: Built, tmp_path: Path) -> None:
    db = tmp_path / "stale.db"
    shutil.copy(built["backwards"][0], db)
    with Storyline(db) as sl:
        expected = sl.series()
        with sl.store.engine.begin() as conn:  # as if built with other lexicons
            conn.execute(tables.story_state.update().values(lexicons={"other.json": "0"}))
        assert not tables.is_current(sl.store)
        assert sl.series() == expected
        state = tables.get_state(sl.store)
        assert state is not None and state["mode"] == "rebuild" and tables.is_current(sl.store)
        # new mentions since the build: an update brings the story up to date
        with sl.store.engine.begin() as conn:
            conn.execute(tables.story_state.update().values(inputs="0:0:0:0"))
        assert not tables.is_current(sl.store)
        sl.timeline(key=3)
        state = tables.get_state(sl.store)
        assert state is not None and state["mode"] == "update" and tables.is_current(sl.store)


def test_an_older_store_without_a_story_is_built_on_read(built: Built, tmp_path: Path) -> None:
    db = tmp_path / "empty-story.db"
    shutil.copy(built["forwards"][0], db)
    with Store(db) as store:
        tables.clear_story(store)
        assert tables.get_state(store) is None
    with Storyline(db) as sl:
        assert sl.conflicts(all=True)
        assert tables.is_current(sl.store)


def test_a_read_only_store_is_answered_in_memory(built: Built, tmp_path: Path) -> None:
    db = tmp_path / "readonly.db"
    shutil.copy(built["forwards"][0], db)
    with Store(db) as store:
        tables.clear_story(store)
    with Storyline(db) as writable:
        expected = writable.series()
        tables.clear_story(writable.store)
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    with Storyline(url) as sl:
        got = sl.series()
        assert tables.get_state(sl.store) is None  # nothing written
        assert [s["id"] for s in got] == [s["id"] for s in expected]
        assert sl.timeline(key=3) and sl.conflicts(all=True)


def test_rebuild_command(built: Built, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    shutil.copy(built["forwards"][0], db)
    result = CliRunner().invoke(app, ["--db", str(db), "rebuild", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["mode"] == "rebuild" and out["series"] > 0 and out["events"] > 0
    assert out["recomputed"] == out["partitions"] and out["seconds"] >= 0


@pytest.mark.postgres
def test_batches_on_postgresql_give_the_story_a_rebuild_gives(
    pg_url: str, corpus: list[Path]
) -> None:
    _ingest_in_batches(pg_url, corpus, "backwards")
    with Store(pg_url) as store:
        incremental = _canonical(store)
        materialize.rebuild(store)
        assert _canonical(store) == incremental
    with Storyline(pg_url) as sl:
        series = sl.series()
        assert series and sl.series(series[0]["id"])[0]["id"] == series[0]["id"]
        assert sl.timeline(key=3)
        assert sl.conflicts(all=True)
        _figure_pages_are_the_facades(sl)


def _figure_pages_are_the_facades(sl: Storyline) -> None:
    """The web API's figure pages, ordered and counted in SQL, list what the facade does."""
    full = sl.figures()
    rows, total = figure_page(sl.store, limit=len(full) + 1)
    assert full and total == len(full)
    assert [(r["article_id"], r["start"]) for r in rows] == [
        (f["article_id"], f["start"]) for f in full
    ]
    assert [r["as_of_day"] for r in rows] == [f.get("as_of") for f in full]
    some, _ = figure_page(sl.store, limit=3, offset=2)
    assert [r["id"] for r in some] == [r["id"] for r in rows[2:6]]


def test_figure_pages_on_sqlite(built: Built) -> None:
    with Storyline(built["forwards"][0]) as sl:
        _figure_pages_are_the_facades(sl)


def test_reading_the_stored_story_loads_no_parser(built: Built) -> None:
    """timeline/series/conflicts read tables: neither spaCy nor scikit-learn is imported."""
    import subprocess
    import sys

    db = built["forwards"][0]
    code = (
        "import sys\nfrom storyline.outputs.cli import app\n"
        "for args in (['timeline', '--key', '15'], ['series'], ['conflicts']):\n"
        "    try:\n"
        f"        app(['--db', {str(db)!r}, *args])\n"
        "    except SystemExit as e:\n"
        "        assert not e.code, e.code\n"
        "print('LOADED', *[m for m in ('spacy', 'sklearn') if m in sys.modules], file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr.strip().splitlines()[-1] == "LOADED"
