"""`storyline export`: every format parses, spans point into the raw text, the HTML report
draws its charts in a real browser."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline import dates
from storyline.api import Storyline
from storyline.extract.kinds import KIND_GROUPS
from storyline.outputs import tidy
from storyline.outputs.cli import app
from storyline.outputs.export import KINDS, TL_HEADLINE, _tl_date, _tl_headline, _tl_span
from storyline.outputs.web import data, report


def run_export(db: str, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--db", db, "export", *args])
    return result


@pytest.fixture(scope="module")
def story(story_db: str) -> dict[str, Any]:
    """What the store holds, to compare the exports with."""
    with Storyline(story_db) as sl:
        return {
            "articles": {a["id"]: a["raw_text"] for a in sl.articles()},
            "statements": sum(1 for _ in sl.mentions("statement")),
            "timexes": sum(1 for _ in sl.mentions("timex")),
        }


def test_json_has_every_kind_with_spans_into_the_raw_text(
    story_db: str, story: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "story.json"
    result = run_export(story_db, "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert set(doc) == set(KINDS)
    assert {a["id"] for a in doc["articles"]} == set(story["articles"])
    assert len(doc["statements"]) == story["statements"]
    for s in doc["statements"]:
        assert story["articles"][s["article_id"]][s["start"] : s["end"]] == s["text"]


def test_jsonl_one_record_per_line_with_its_kind(
    story_db: str, story: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "story.jsonl"
    assert run_export(story_db, "-f", "jsonl", "-o", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    kinds = [r["kind"] for r in rows]
    assert kinds.count("article") == len(story["articles"])
    assert kinds.count("timex") == story["timexes"]


def test_csv_folder_one_file_per_kind(story_db: str, story: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = run_export(story_db, "-f", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in out.glob("*.csv")) == sorted(KINDS)
    with (out / "statements.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == story["statements"]
    assert {"article_id", "start", "end", "text", "speaker"} <= set(rows[0])
    r = rows[0]
    assert story["articles"][r["article_id"]][int(r["start"]) : int(r["end"])] == r["text"]
    json.loads(r["speaker_span"])  # nested values are JSON in a cell
    with (out / "articles.csv").open(newline="") as f:
        assert len(list(csv.DictReader(f))) == len(story["articles"])


def test_parquet_reads_back_with_pyarrow(
    story_db: str, story: dict[str, Any], tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "pq"
    assert run_export(story_db, "-f", "parquet", "-o", str(out)).exit_code == 0
    table = pq.read_table(out / "statements.parquet")
    assert table.num_rows == story["statements"]
    assert str(table.schema.field("start").type) == "int64"
    one = tmp_path / "timexes.parquet"
    assert run_export(story_db, "-f", "parquet", "--kind", "timex", "-o", str(one)).exit_code == 0
    assert pq.read_table(one).num_rows == story["timexes"]


def test_timelinejs_matches_its_schema(story_db: str, tmp_path: Path) -> None:
    out = tmp_path / "timeline.json"
    assert run_export(story_db, "-f", "timelinejs", "-o", str(out)).exit_code == 0
    doc = json.loads(out.read_text())
    assert doc["title"]["text"]["headline"]
    ids = set()
    for e in doc["events"]:
        for d in (e["start_date"], e.get("end_date")):
            if d is None:
                continue
            assert d["year"].isdigit() and len(d["year"]) == 4
            assert all(d[k].isdigit() for k in d if k in ("month", "day"))
        assert e["text"]["headline"] and "text" in e["text"]
        assert len(html.unescape(e["text"]["headline"])) <= TL_HEADLINE  # cut at a word
        assert not e["text"]["headline"].endswith(" …")
        assert e["group"]  # the event's family
        ids.add(e["unique_id"])
    assert len(ids) == len(doc["events"])
    assert len({e["group"] for e in doc["events"]}) <= 6  # a handful of rows, not one per type
    # one slide per dated event of the story's own period; history and sidebars left out, so
    # it opens on the story; an imprecise date (a week) spans its days, shown as a reader says it
    with Storyline(story_db) as sl:
        tl = data.timeline(sl)
    story = [e for e in tl["entries"] if e["date"] and e["part"] == "story"]
    assert len(doc["events"]) == len(story) > 10
    assert tl["period"] and all(
        "-".join(s["start_date"].values()) >= tl["period"]["from"][:4] for s in doc["events"]
    )
    for e, slide in zip(story, doc["events"], strict=True):
        if "end_date" in slide:
            assert slide["display_date"] == dates.label(e["date"]) != e["date"]
            start = "-".join(slide["start_date"].values())
            end = "-".join(slide["end_date"].values())
            assert (start, end) == (e["date_lo"], e["date_hi"])
        cut = slide["text"]["headline"]
        if cut.endswith("…"):  # the whole sentence is in the slide
            assert html.escape(e["headline"]) in slide["text"]["text"]
    cited = doc["events"][0]["text"]["text"]
    assert "<small>(" in cited and "<i>" in cited  # outlet, title and day, not only an id


def test_tl_headline_cuts_at_a_word() -> None:
    long = (
        "The government said on Tuesday that the talks would resume next week in the capital " * 3
    )
    cut = _tl_headline(long)
    assert len(cut) <= TL_HEADLINE and cut.endswith("…")
    assert long.startswith(cut[:-1]) and long[len(cut) - 1] == " "
    assert _tl_headline("Short one.") == "Short one."


def test_timelinejs_dates_of_any_precision() -> None:
    assert _tl_date("2026-04-29T10:00") == {"year": "2026", "month": "04", "day": "29"}
    assert _tl_date("2026-04") == {"year": "2026", "month": "04"}
    assert _tl_date("2026") == {"year": "2026"}
    # storyline.dates: a quarter starts on its first day (it used to be left out), a month
    # the calendar lacks is left out (it used to pass as month "13")
    assert _tl_date("2026-Q2") == {"year": "2026", "month": "04", "day": "01"}
    for value in ("2026-13", "XXXX-04-29", "PRESENT_REF", None):
        assert _tl_date(value) is None
    quarter = {"date": "2026-Q2", "date_lo": "2026-04-01", "date_hi": "2026-06-30"}
    assert _tl_span(quarter) == {
        "start_date": {"year": "2026", "month": "04", "day": "01"},
        "end_date": {"year": "2026", "month": "06", "day": "30"},
        "display_date": "April–June 2026",
    }
    month = {"date": "2026-04", "date_lo": "2026-04-01", "date_hi": "2026-04-30"}
    assert _tl_span(month) == {"start_date": {"year": "2026", "month": "04"}}


def test_markdown_report(story_db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    assert run_export(story_db, "-f", "md", "-o", str(out)).exit_code == 0
    md = out.read_text()
    for heading in (
        "# Story report",
        "## Key events",
        "## Timeline",
        "## Figure series",
        "## Conflicts and revisions",
        "## Who said what",
        "## Articles",
    ):
        assert heading in md
    assert md.count("\n- **2026-") > 10
    with Storyline(story_db) as sl:
        series = [s for s in sl.series() if len(s["points"]) > 1]
        conflicts = sl.conflicts("conflict")
    for s in series:
        assert f"### {s['label']}" in md
    # each conflict is listed with both citations, and its points are flagged in their table
    block = md.split("## Conflicts and revisions")[1].split("\n## ")[0]
    assert block.count("- **conflict**") == len(conflicts) > 0
    for f in conflicts:
        for p in (f["a"], f["b"]):
            assert f"{p['article_id'][:10]}:{p['start']}-{p['end']}" in block
    assert md.count("⚠ conflict") >= 2 * len(conflicts)


def test_html_report_is_one_file_with_charts_drawn(
    story_db: str, browser: Any, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    assert run_export(story_db, "-f", "html", "-o", str(out)).exit_code == 0
    html = out.read_text()
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']https?:""", html), "loads something from the web"
    page = browser.new_page()
    page.route(
        "**/*",
        lambda route: route.abort() if route.request.url.startswith("http") else route.continue_(),
    )  # fully offline: nothing may load from elsewhere
    page.goto(out.as_uri())
    charts = page.locator(".chart svg")
    assert charts.count() >= 2 + min(report.TOP_SERIES, 2)  # articles, speakers, series
    assert page.locator("h2", has_text="Figure series").count() == 1
    assert page.locator("h2", has_text="Key events").count() == 1
    assert page.locator("li .tag.conflict").count() >= 1
    box = charts.first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    assert page.locator(".chart svg path").count() > 10  # bars and axes were drawn
    page.screenshot(path=tmp_path / "report.png", full_page=True)
    page.close()


def test_bad_arguments_get_one_clear_line(story_db: str, tmp_path: Path) -> None:
    r = run_export(story_db, "-f", "csv", "--kind", "bogus", "-o", str(tmp_path / "x.csv"))
    assert r.exit_code == 1 and "unknown kind 'bogus'" in r.output
    r = run_export(story_db, "-f", "md", "--kind", "statement", "-o", str(tmp_path / "x.md"))
    assert r.exit_code == 1 and "--kind does not apply" in r.output
    (tmp_path / "file").write_text("x")
    r = run_export(story_db, "-f", "csv", "-o", str(tmp_path / "file"))
    assert r.exit_code == 1 and "is a file" in r.output
    r = run_export(story_db, "-f", "yaml", "-o", str(tmp_path / "x"))
    assert r.exit_code == 2


def test_markdown_report_is_inert(tmp_path: Path) -> None:
    """Stored HTML, links and markup from an article come out as text, never as live HTML."""
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    record = {
        "title": f"Flood {hostile}",
        "date": "2024-05-02",
        "text": f'The mayor said: "{hostile} 40 people were evacuated on Tuesday."\n',
    }
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "story.md"
    with Storyline(tmp_path / "h.db") as sl:
        sl.ingest([corpus])
    args = ["--db", str(tmp_path / "h.db"), "export", "--format", "md", "-o", str(out)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in text  # the title is there, as text
    for live in ("<script", "<img", "[x](javascript"):
        assert live not in text


# -- fixed columns, dates that are dates, texts, provenance (issue 17) ---------------------------

STORED = ("articles", "timexes", "entities", "statements", "figures", "events", "proposals")


def _csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    csv.field_size_limit(1 << 30)  # raw texts of --with-text
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _date_columns(cols: list[tidy.Column]) -> list[str]:
    return [name for name, kind in cols if kind == "date"]


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("empty") / "empty.db")
    Storyline(db).close()
    return db


def test_every_kind_has_fixed_columns_whatever_the_corpus(
    story_db: str, empty_store: str, tmp_path: Path
) -> None:
    for db, out in ((story_db, tmp_path / "full"), (empty_store, tmp_path / "empty")):
        assert run_export(db, "-f", "csv", "-o", str(out)).exit_code == 0
    for table in STORED:
        want = [name for name, _ in tidy.columns_of(table)]
        assert _csv_rows(tmp_path / "full" / f"{table}.csv")[0] == want
        assert _csv_rows(tmp_path / "empty" / f"{table}.csv")[0] == want
    # nothing the store holds is left out: every field of every stored row has its column
    with Storyline(story_db) as sl:
        for kind, group in KIND_GROUPS.items():
            declared = {name for name, _ in tidy.columns_of(group)}
            declared |= {source for source, *_ in tidy.WINDOWS[group]}
            for m in sl.mentions(kind):
                assert set(m) <= declared, (group, set(m) - declared)


def test_the_typed_views_and_the_exports_name_the_same_fields() -> None:
    from storyline.store.views import VIEWS

    for _, (view, fields) in VIEWS.items():
        declared = {name for name, _ in tidy.columns_of(view)}
        declared |= {source for source, *_ in tidy.WINDOWS[view]}
        assert set(fields) <= declared, (view, set(fields) - declared)


def test_every_date_is_a_window_of_iso_days(story_db: str, tmp_path: Path) -> None:
    from datetime import date

    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "csv"
    assert run_export(story_db, "-f", "csv", "-o", str(out)).exit_code == 0
    seen_wide = 0
    for table in STORED:
        cols = tidy.columns_of(table)
        _, rows = _csv_rows(out / f"{table}.csv")
        for row in rows:
            for name in _date_columns(cols):
                if row[name]:
                    date.fromisoformat(row[name])  # an ISO day, never "2026-W10"
            for timex, first, last in (
                (t, f, e) for _, t, f, e in tidy.WINDOWS.get(table, []) if f and e
            ):
                window = dates.interval(row[timex])
                got = (row[first] or None, row[last] or None)
                want = (window[0].isoformat(), window[1].isoformat()) if window else (None, None)
                assert got == want, (table, row[timex], got)
                seen_wide += bool(window and window[0] != window[1])
        if table == "articles":
            for row in rows:
                assert row["published_start"] <= row["published_end"]
                if row["published_timex"]:
                    assert dates.overlaps(
                        row["published_timex"], row["published_start"], row["published_end"]
                    )
    assert seen_wide > 0  # a week, a month or a year became its first and last day
    pq_out = tmp_path / "pq"
    assert run_export(story_db, "-f", "parquet", "-o", str(pq_out)).exit_code == 0
    for table in STORED:
        schema = pq.read_schema(pq_out / f"{table}.parquet")
        types = dict(tidy.columns_of(table))
        for name, kind in types.items():
            field = schema.field(name).type
            if kind == "date":
                assert field == pa.date32(), (table, name)
            elif kind == "span":
                assert field == pa.list_(pa.int64()), (table, name)
            elif kind == "list":
                assert field == pa.list_(pa.string()), (table, name)
    spans = pq.read_table(pq_out / "statements.parquet").column("speaker_span").to_pylist()
    assert any(s and len(s) == 2 and s[0] < s[1] for s in spans)


def test_with_text_every_span_resolves_outside_storyline(story_db: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "csv"
    assert run_export(story_db, "-f", "csv", "--with-text", "-o", str(out)).exit_code == 0
    header, articles = _csv_rows(out / "articles.csv")
    assert header == [name for name, _ in tidy.columns_of("articles", with_text=True)]
    raw = {a["id"]: a["raw_text"] for a in articles}
    checked = 0
    for table in STORED[1:]:
        header, rows = _csv_rows(out / f"{table}.csv")
        assert header == [name for name, _ in tidy.columns_of(table, with_text=True)]
        for r in rows:
            start, end, first = int(r["start"]), int(r["end"]), int(r["sentence_start"])
            assert raw[r["article_id"]][start:end] == r["text"]
            assert r["sentence_text"][start - first : end - first] == r["text"]
            assert raw[r["article_id"]][first:].startswith(r["sentence_text"])
            checked += 1
    assert checked > 100
    one = tmp_path / "statements.parquet"
    args = ["-f", "parquet", "-k", "statements", "--with-text", "-o", str(one)]
    assert run_export(story_db, *args).exit_code == 0
    for r in pq.read_table(one).to_pylist():
        first = r["sentence_start"]
        assert r["sentence_text"][r["start"] - first : r["end"] - first] == r["text"]
    refused = run_export(story_db, "-f", "md", "--with-text", "-o", str(tmp_path / "x.md"))
    assert refused.exit_code == 1 and "--with-text does not apply" in refused.output


def test_provenance_travels_with_every_export(story_db: str, tmp_path: Path) -> None:
    from datetime import datetime
    from importlib import metadata

    import pyarrow.parquet as pq

    out = tmp_path / "csv"
    result = run_export(story_db, "-f", "csv", "-k", "figures", "-o", str(out / "f.csv"))
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "f.meta.json").read_text(encoding="utf-8"))
    assert meta["exported_with"]["spacy"] == metadata.version("spacy")
    assert meta["exported_with"]["model_version"]
    assert meta["exported_with"]["lexicons"]
    assert meta["store"].endswith("story.db") and meta["schema_version"] > 0
    assert datetime.fromisoformat(meta["exported_at"]).tzinfo is not None
    assert meta["options"] == {
        "kind": "figures",
        "with_text": False,
        "from": None,
        "to": None,
        "key": None,
    }
    (run,) = meta["ingest_runs"]  # the run that built the store, with its versions
    assert run["spacy"] == metadata.version("spacy") and run["articles_added"] > 20
    assert meta["columns"]["figures"]["as_of_start"] == "date"
    folder = tmp_path / "pq"
    assert run_export(story_db, "-f", "parquet", "-o", str(folder)).exit_code == 0
    assert json.loads((folder / "meta.json").read_text())["tables"] == list(KINDS)
    inside = pq.read_schema(folder / "series.parquet").metadata[b"storyline"]
    assert json.loads(inside)["table"] == "series"
    assert json.loads(inside)["exported_with"]["storyline"] == metadata.version("storyline")


def test_from_to_and_key_choose_the_rows_and_are_recorded(story_db: str, tmp_path: Path) -> None:
    full, part = tmp_path / "full", tmp_path / "part"
    assert run_export(story_db, "-f", "csv", "-o", str(full)).exit_code == 0
    days = sorted(r["published_start"] for r in _csv_rows(full / "articles.csv")[1])
    lo, hi = days[len(days) // 4], days[len(days) // 2]
    args = ["-f", "csv", "--from", lo, "--to", hi, "--key", "3", "-o", str(part)]
    result = run_export(story_db, *args)
    assert result.exit_code == 0, result.output

    def inside(start: str, end: str) -> bool:
        return bool(start) and start <= hi and end >= lo

    articles = _csv_rows(part / "articles.csv")[1]
    assert 0 < len(articles) < len(days)
    assert all(inside(a["published_start"], a["published_end"]) for a in articles)
    kept = {a["id"] for a in articles}
    for table in STORED[1:]:
        rows = _csv_rows(part / f"{table}.csv")[1]
        assert {r["article_id"] for r in rows} <= kept  # what those articles said
        every = _csv_rows(full / f"{table}.csv")[1]
        assert len(rows) == sum(r["article_id"] in kept for r in every)
    points = _csv_rows(part / "series.csv")[1]
    assert points and all(inside(p["as_of_start"], p["as_of_end"]) for p in points)
    assert len(points) < len(_csv_rows(full / "series.csv")[1])
    events = _csv_rows(part / "timeline.csv")[1]
    assert 0 < len(events) <= 3 and all(inside(e["date_start"], e["date_end"]) for e in events)
    cited = {c["event_id"] for c in _csv_rows(part / "citations.csv")[1]}
    assert cited == {e["event_id"] for e in events}
    meta = json.loads((part / "meta.json").read_text(encoding="utf-8"))
    assert meta["options"] == {"kind": None, "with_text": False, "from": lo, "to": hi, "key": 3}
    refused = run_export(story_db, "-f", "csv", "-k", "figures", "--key", "3", "-o", "-")
    assert refused.exit_code == 1 and "--key applies to the timeline" in refused.output
    refused = run_export(story_db, "-f", "html", "--from", lo, "-o", str(tmp_path / "r.html"))
    assert refused.exit_code == 1 and "do not apply" in refused.output
