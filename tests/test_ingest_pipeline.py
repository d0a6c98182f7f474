"""The whole ingest flow through the Python API, on a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storyline import Storyline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "articles"


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside the project)")
    return path


@pytest.fixture
def sl(tmp_path: Path) -> Storyline:
    # Ingest behaviour without the spaCy model; extraction has its own tests.
    with Storyline(tmp_path / "story.db", extract=False) as s:
        yield s


def by_path(sl: Storyline, name: str) -> dict:
    for row in sl.articles():
        full = sl.article(row["id"])
        if any(name in (src.get("path") or "") for src in full["sources"]):
            return full
    raise AssertionError(f"no article from {name}")


def test_seeds_are_dated_with_evidence(sl: Storyline) -> None:
    report = sl.ingest([shared("seeds")])
    assert len(report.added) == 3 and not report.errors

    a000 = by_path(sl, "000_")
    assert a000["published"] == "2025-04-16"
    assert a000["date_origin"] == "header"
    assert a000["date_conflict"]
    assert {c["origin"] for c in a000["dates"]} >= {"header", "dateline"}
    assert "2025-04-17" in {c["value"] for c in a000["dates"]}
    assert a000["dateline_place"] == "Jerusalem"
    names = {c["name"] for c in a000["credits"]}
    assert {"IANS", "Xinhua", "Kan TV"} <= names

    a001 = by_path(sl, "001_")
    assert a001["published"] == "2023-11-14" and not a001["date_conflict"]
    assert {"NHK", "CNN", "CBS News"} <= {c["name"] for c in a001["credits"]}
    assert "Follow us on" not in a001["clean_text"]

    a002 = by_path(sl, "002_")
    assert a002["published"] is None
    assert a002["date_evidence"], "an undated article must carry its evidence"
    assert a002["date_origin"] in (None, "inferred")
    assert {"Reuters", "AFP"} <= {c["name"] for c in a002["credits"]}
    assert "Also Read" not in a002["clean_text"]


def test_offsets_point_into_the_verbatim_raw_text(sl: Storyline) -> None:
    sl.ingest([shared("seeds")])
    for row in sl.articles():
        a = sl.article(row["id"])
        path = Path(a["sources"][0]["path"])
        assert a["raw_text"] == path.read_text(encoding="utf-8")
        for s in a["sentences"]:
            raw = a["raw_text"][s["start"] : s["end"]]
            # The sentence text is the clean view of exactly that raw span.
            assert raw.split()[0][:1] == s["text"].split()[0][:1]
            assert raw.split()[-1][-1:] == s["text"].split()[-1][-1:]


def test_reingest_is_a_noop(sl: Storyline) -> None:
    first = sl.ingest([shared("seeds")])
    second = sl.ingest([shared("seeds")])
    assert len(first.added) == 3
    assert second.added == [] and second.unchanged == 3
    assert sl.store.count_articles() == 3


def test_timeline17_topics(sl: Storyline) -> None:
    files = sorted(str(p) for p in shared("data", "timeline17").glob("*/articles.jsonl"))
    report = sl.ingest([shared("seeds"), *files])
    lines = sum(len(Path(f).read_text().splitlines()) for f in files)
    # Every line is accounted for: stored, an exact copy of a stored one, or a reported error.
    assert len(report.added) + len(report.exact_duplicates) + len(report.errors) == lines + 3
    assert all("empty" in e.reason for e in report.errors)
    from_jsonl = [a for a in sl.articles() if a["path"].endswith("articles.jsonl")]
    assert len(from_jsonl) == len(report.added) - 3
    assert all(a["published"] and a["date_origin"] == "metadata" for a in from_jsonl)
    again = sl.ingest([shared("seeds"), *files])
    assert again.added == []
    assert sl.store.count_articles() == len(report.added)


def test_exact_copy_in_another_file_is_linked_not_stored(sl: Storyline, tmp_path: Path) -> None:
    text = "PORT AVEL, May 3 (Harbor Wire) - The river rose two metres overnight, officials said."
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text + "\n\n")
    report = sl.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert len(report.added) == 1 and len(report.exact_duplicates) == 1
    art = sl.article(report.added[0])
    assert {Path(s["path"]).name for s in art["sources"]} == {"a.txt", "b.txt"}


def test_reprinted_wire_copy_is_linked_as_near_duplicate(sl: Storyline, tmp_path: Path) -> None:
    body = " ".join(
        f"Rescue teams in Tessin reached shaft {i} on Monday and found {i * 3} workers alive, "
        f"the mining authority said in its update number {i}."
        for i in range(1, 12)
    )
    (tmp_path / "wire.txt").write_text("TESSIN (Harbor Wire) - " + body)
    reprint = body.replace("found 6 workers", "found 7 workers")
    (tmp_path / "reprint.txt").write_text("Coastline Daily reprints Harbor Wire: " + reprint)
    report = sl.ingest([tmp_path])
    assert len(report.added) == 2
    assert len(report.near_duplicates) == 1
    a, b, sim = report.near_duplicates[0]
    assert sim >= 0.7
    dups = sl.article(a)["duplicates"]
    assert dups and dups[0]["kind"] == "near"


def test_bad_input_never_aborts_the_batch(sl: Storyline, tmp_path: Path) -> None:
    good = " date 2025-01-02 A good article about the river, officials said."
    (tmp_path / "good.txt").write_text(good)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"text": "First line article.", "date": "2025-01-01"})
        + "\n{broken\n"
        + json.dumps({"text": "Third line article.", "date": "2025-01-03"})
        + "\n"
    )
    report = sl.ingest([tmp_path])
    assert len(report.added) == 3
    messages = [str(e) for e in report.errors]
    assert any("empty.txt" in m for m in messages)
    assert any("blob.bin" in m for m in messages)
    assert any("lines.jsonl:2" in m for m in messages)
    assert report.failed


def test_each_article_is_one_transaction(tmp_path: Path) -> None:
    db = tmp_path / "story.db"
    with Storyline(db, extract=False) as sl:
        sl.ingest([shared("seeds")])
    # What was committed is complete: every article has its sentences and its FTS row.
    con = sqlite3.connect(db)
    ids = [r[0] for r in con.execute("select id from articles")]
    assert len(ids) == 3
    for i in ids:
        (n,) = con.execute("select count(*) from sentences where article_id=?", (i,)).fetchone()
        assert n > 3


@pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/ not present")
def test_examples_corpus(sl: Storyline) -> None:
    report = sl.ingest([EXAMPLES])
    assert len(report.added) >= 30
    assert report.errors, "the broken files in examples/articles/broken must be reported"
    assert all("broken" in str(e.source) for e in report.errors + report.problems)
    assert report.near_duplicates, "the reprinted wire story must be linked"
    assert report.exact_duplicates, "the exact copy must be linked"
    assert report.undated and report.date_conflicts


@pytest.mark.postgres
def test_seeds_into_postgresql_with_extraction(pg_url: str) -> None:
    with Storyline(pg_url) as sl:
        report = sl.ingest([shared("seeds")])
        assert len(report.added) == 3 and not report.errors
        assert [a["published"] for a in sl.articles() if a["published"]] == [
            "2023-11-14",
            "2025-04-16",
        ]
        assert len(list(sl.articles(query="Haniyeh"))) == 1
        quotes = list(sl.statements(by="Netanyahu"))
        assert quotes and all(q["text"] for q in quotes)
        assert sl.ingest([shared("seeds")]).added == []


def test_worker_processes_extract_the_same_as_one(tmp_path: Path) -> None:
    def extracted(db: Path, n_process: int) -> list[tuple]:
        with Storyline(db) as s:
            s.ingest([shared("seeds")], n_process=n_process)
            return sorted(
                (m["article_id"], m["kind"], m["start"], m["end"], m.get("value"))
                for m in s.mentions()
            )

    one = extracted(tmp_path / "one.db", 1)
    two = extracted(tmp_path / "two.db", 2)
    assert one and one == two
    assert {"timex", "entity", "statement"} <= {kind for _, kind, *_ in one}
