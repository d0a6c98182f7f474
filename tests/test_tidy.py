"""Tidy story tables (issue 17): `series`/`conflicts --format csv` and the `series` and
`findings` exports, read back with the csv module (dates parsed) and pyarrow (types checked)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.api import Storyline
from storyline.outputs import tidy
from storyline.outputs.cli import app
from test_conflicts import ARTICLES, DATES

runner = CliRunner()
EVENT_TABLES = ("timeline", "citations")


@pytest.fixture(scope="module")
def quake_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("quake")
    for name, text in ARTICLES.items():
        (folder / name).write_text(f" date {DATES[name]}\n{text}", encoding="utf-8")
    db = str(folder / "quake.db")
    with Storyline(db) as sl:
        sl.ingest([folder])
    return db


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("empty") / "empty.db")
    Storyline(db).close()
    return db


def cli(db: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def day(cell: str) -> date | None:
    return date.fromisoformat(cell) if cell else None


def test_series_csv_is_long_form_with_real_dates(quake_db: str) -> None:
    header, rows = read_csv(cli(quake_db, "series", "--format", "csv"))
    assert header == tidy.names("series")
    nested = json.loads(cli(quake_db, "series", "--format", "json"))
    assert len(rows) == sum(len(s["points"]) for s in nested)  # one row per point
    for row in rows:
        start, end = day(row["as_of_start"]), day(row["as_of_end"])
        assert start is not None and end is not None and start <= end
        float(row["value"])
        assert row["conflict"] in ("True", "False") and row["revision"] in ("True", "False")
    toll = [r for r in rows if r["series_id"] == "killed-karvena"]
    assert [r["series_label"] for r in toll][0] == "people killed in Karvena"
    assert any(r["conflict"] == "True" for r in toll)
    raw = {a["id"]: a["raw_text"] for a in Storyline(quake_db).articles()}
    for r in toll:  # every span resolves in the article's raw text
        assert raw[r["article_id"]][int(r["start"]) : int(r["end"])] == r["text"]


def test_conflicts_csv_is_flat(quake_db: str) -> None:
    header, rows = read_csv(cli(quake_db, "conflicts", "--format", "csv"))
    assert header == tidy.names("findings")
    assert {"a_value", "b_value", "a_source", "b_as_of_start", "reasons"} <= set(header)
    nested = json.loads(cli(quake_db, "conflicts", "--format", "json"))
    assert len(rows) == len(nested) > 0
    for row, f in zip(rows, nested, strict=True):
        assert row["kind"] == f["kind"] and float(row["confidence"]) == f["confidence"]
        assert row["reasons"] == "; ".join(f["reasons"])
        assert float(row["a_value"]) == f["a"]["value"]
        assert float(row["b_value"]) == f["b"]["value"]
        assert day(row["a_as_of_start"]) and day(row["b_as_of_end"])
        assert not any(c.startswith(("{", "[")) for c in row.values())  # no JSON cells


def test_export_writes_the_story_tables(quake_db: str, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    cli(quake_db, "export", "-f", "csv", "-o", str(out))
    for table in tidy.TABLES:
        with (out / f"{table}.csv").open(newline="", encoding="utf-8") as f:
            header, rows = read_csv(f.read())
        # running tolls only ("has killed 120"): no happening for the timeline tables
        assert header == tidy.names(table) and (rows or table in EVENT_TABLES)
    cli(quake_db, "export", "-f", "json", "-o", str(tmp_path / "s.json"))
    doc = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert set(tidy.TABLES) <= set(doc)
    assert list(doc["findings"][0]) == tidy.names("findings")


def test_export_to_stdout(quake_db: str, tmp_path: Path) -> None:
    file = tmp_path / "series.csv"
    cli(quake_db, "export", "-f", "csv", "-k", "series", "-o", str(file))
    result = runner.invoke(
        app, ["--db", quake_db, "export", "-f", "csv", "-k", "series", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == file.read_text(encoding="utf-8")
    assert not Path("-").exists()
    lines = cli(quake_db, "export", "-f", "jsonl", "-k", "findings", "-o", "-").splitlines()
    assert all(json.loads(line)["kind"] in ("conflict", "revision", "change") for line in lines)
    refused = runner.invoke(app, ["--db", quake_db, "export", "-f", "csv", "-o", "-"])
    assert refused.exit_code == 1 and "needs --kind" in refused.stderr


def _parquet(db: str, table: str, path: Path) -> Any:
    import pyarrow.parquet as pq

    cli(db, "export", "-f", "parquet", "-k", table, "-o", str(path))
    return pq.read_table(path)


def test_parquet_story_tables_are_typed_the_same_for_any_corpus(
    quake_db: str, empty_db: str, tmp_path: Path
) -> None:
    import pyarrow as pa

    for table in tidy.TABLES:
        full = _parquet(quake_db, table, tmp_path / f"{table}.parquet")
        empty = _parquet(empty_db, table, tmp_path / f"{table}-empty.parquet")
        assert (full.num_rows > 0 or table in EVENT_TABLES) and empty.num_rows == 0
        assert full.schema == empty.schema
        assert full.column_names == tidy.names(table)
    series = _parquet(quake_db, "series", tmp_path / "s.parquet")
    assert series.schema.field("as_of_start").type == pa.date32()
    assert series.schema.field("published").type == pa.date32()
    assert series.schema.field("value").type == pa.float64()
    assert series.schema.field("start").type == pa.int64()
    assert series.schema.field("conflict").type == pa.bool_()
    assert all(isinstance(d, date) for d in series.column("as_of_start").to_pylist())


def test_csv_columns_do_not_depend_on_the_corpus(empty_db: str) -> None:
    assert read_csv(cli(empty_db, "series", "-f", "csv"))[0] == tidy.names("series")
    assert read_csv(cli(empty_db, "conflicts", "-f", "csv"))[0] == tidy.names("findings")


def test_timeline_citations_and_entities_tables(story_db: str, tmp_path: Path) -> None:
    out = tmp_path / "story"
    cli(story_db, "export", "-f", "csv", "-o", str(out))
    tables = {}
    for table in ("timeline", "citations", "story_entities"):
        with (out / f"{table}.csv").open(newline="", encoding="utf-8") as f:
            tables[table] = read_csv(f.read())[1]
    events = tables["timeline"]
    with Storyline(story_db) as sl:
        assert events and [e["event_id"] for e in events] == [e["id"] for e in sl.timeline()]
        assert len(tables["story_entities"]) == len(sl.entities())
    for e in events:
        if e["date_start"]:
            assert date.fromisoformat(e["date_start"]) <= date.fromisoformat(e["date_end"])
        assert e["part"] in ("story", "background", "sidebar")
    cited = tables["citations"]
    assert {c["event_id"] for c in cited} == {e["event_id"] for e in events}
    for e in events:
        assert sum(1 for c in cited if c["event_id"] == e["event_id"]) == int(e["citations"])
    import pyarrow as pa

    typed = _parquet(story_db, "timeline", tmp_path / "timeline.parquet")
    assert typed.schema.field("date_start").type == pa.date32()
    assert typed.schema.field("score").type == pa.float64()
