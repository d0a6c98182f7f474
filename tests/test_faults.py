"""Hostile input and interrupted runs: one bad document never costs another, nothing is
silently corrupted, and runs converge (a killed run is repaired by the next; concurrent runs
link the near-duplicates that span them). Real files, real stores, real subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.api import Storyline
from storyline.errors import StoreError
from storyline.ingest.pipeline import piece_bounds, piece_view, prepare
from storyline.models import RawDoc, SourceRef

GOOD = {
    "text": "The mayor of Lyon said on Friday that the river rose two metres.",
    "date": "2024-05-03",
}


def _good_line(i: int = 0) -> str:
    return json.dumps({**GOOD, "text": f"{GOOD['text']} Report number {i} on the flood."})


def _ingest(db: Path, *paths: Path) -> object:
    with Storyline(db, extract=False) as sl:
        return sl.ingest(paths)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("deep.json", "[" * 10_000 + "]" * 10_000, "nested deeper"),
        ("deep.jsonl", "[" * 10_000 + "]" * 10_000 + "\n" + _good_line(9) + "\n", "nested deeper"),
        (
            "surrogate.jsonl",
            '{"text": "bad \\ud800 here, said the mayor on Monday"}\n',
            "surrogate",
        ),
        ("nul.jsonl", '{"text": "a NUL \\u0000 here, said the mayor on Monday"}\n', "NUL"),
        ("impossible.jsonl", json.dumps({**GOOD, "date": "2024-02-30"}) + "\n", "2024-02-30"),
        ("epoch.jsonl", json.dumps({**GOOD, "date": "0001-01-01"}) + "\n", "0001-01-01"),
        ("far.jsonl", json.dumps({**GOOD, "date": "99999-01-01"}) + "\n", "99999-01-01"),
    ],
)
def test_a_bad_document_is_one_error_line_and_the_rest_is_stored(
    tmp_path: Path, name: str, content: str, reason: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text(content, encoding="utf-8", errors="surrogatepass")
    (folder / "good.jsonl").write_text(_good_line() + "\n", encoding="utf-8")
    report = _ingest(tmp_path / "s.db", folder)
    lines = [str(e) for e in [*report.errors, *report.problems]]
    assert any(name in line and reason in line for line in lines), lines
    assert any(line.count(": ") >= 1 and "\n" not in line for line in lines)
    assert len(report.added) >= 1  # good.jsonl at least
    with Storyline(tmp_path / "s.db", extract=False) as sl:
        for a in sl.articles():
            assert a["published"] is None or "0001" not in a["published"]


def test_impossible_metadata_dates_do_not_set_the_corpus_window(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    rows = [
        {**GOOD, "text": f"Story {i} of rain in Nice.", "date": d}
        for i, d in enumerate(["0001-01-01", "2024-02-30", "2024-05-03"])
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with Storyline(tmp_path / "s.db", extract=False) as sl:
        report = sl.ingest([src])
        assert len(report.problems) == 2
        assert sl.store.corpus_window() == ("2024-05-03", "2024-05-03")


def test_a_stray_byte_in_utf8_is_replaced_and_reported_not_decoded_as_cp1252(
    tmp_path: Path,
) -> None:
    src = tmp_path / "z.txt"
    src.write_bytes(
        "Zürich council met on Monday \xff to vote.".encode().replace(b"\xc3\xbf", b"\xff")
    )
    report = _ingest(tmp_path / "s.db", src)
    assert any("not UTF-8" in str(p) for p in report.problems)
    with Storyline(tmp_path / "s.db", extract=False) as sl:
        (a,) = list(sl.articles())
        stored = sl.store.get_article(a["id"])["raw_text"]
    assert "Zürich" in stored and "\ufffd" in stored and "Ð" not in stored


def test_a_real_legacy_file_still_decodes_as_its_code_page(tmp_path: Path) -> None:
    src = tmp_path / "w.txt"
    src.write_bytes("Zürich council met on Monday to vote on the café budget.".encode("cp1252"))
    report = _ingest(tmp_path / "s.db", src)
    assert not report.problems and len(report.added) == 1


def test_symlink_loop_and_missing_paths_are_errors_not_crashes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "loop1").symlink_to("loop2")
    (folder / "loop2").symlink_to("loop1")
    (folder / "good.jsonl").write_text(_good_line() + "\n", encoding="utf-8")
    report = _ingest(tmp_path / "s.db", folder)
    assert len(report.added) == 1
    assert sum("symbolic links" in str(e) for e in report.errors) == 2


COUNT = """
import json, sys
from storyline.api import Storyline
with Storyline(sys.argv[1], extract=False) as sl:
    report = sl.ingest(sys.argv[2:])
print(json.dumps({"added": len(report.added), "errors": [str(e) for e in report.errors]}))
"""

NO_DAC = "-dac_override,-dac_read_search"
"""The capabilities that let root read past file permissions: without them root is refused
an unreadable folder like anyone else."""


def _ingest_unprivileged(db: Path, *paths: Path) -> dict[str, object]:
    """Ingest in a subprocess that file permissions apply to: as root (CI), the same process
    with the capabilities that bypass them dropped (``setpriv``), so the error is real."""
    cmd = [sys.executable, "-c", COUNT, str(db), *map(str, paths)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root without setpriv (util-linux) reads unreadable folders")
        cmd = [setpriv, f"--inh-caps={NO_DAC}", f"--bounding-set={NO_DAC}", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_file_in_an_unreadable_folder_is_an_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("text", encoding="utf-8")
    good = tmp_path / "good.jsonl"
    good.write_text(_good_line() + "\n", encoding="utf-8")
    locked.chmod(0)
    try:
        report = _ingest_unprivileged(tmp_path / "s.db", locked / "a.txt", good)
    finally:
        locked.chmod(0o755)
    assert report["added"] == 1
    (error,) = report["errors"]  # type: ignore[misc]
    assert "a.txt" in error and "\n" not in error


def test_text_over_spacys_limit_is_processed_in_pieces_with_offsets_intact(
    tmp_path: Path,
) -> None:
    paragraph = "The council met on Monday in Lyon. The river rose again. " * 30
    text = "\n\n".join(f"{i}. {paragraph}" for i in range(700))
    assert len(text) > 1_000_000
    src = tmp_path / "long.jsonl"
    src.write_text(json.dumps({"text": text, "date": "2024-05-01"}) + "\n" + _good_line() + "\n")
    report = _ingest(tmp_path / "s.db", src)
    assert len(report.added) == 2 and not report.errors
    with Storyline(tmp_path / "s.db", extract=False) as sl:
        long_id = max(sl.articles(), key=lambda a: len(sl.store.get_article(a["id"])["raw_text"]))
        art = sl.store.get_article(long_id["id"])
        sents = list(sl.store.iter_sentences(article_ids=[long_id["id"]]))
    raw = art["raw_text"]
    assert sents[-1]["end"] > 1_000_000
    for s in sents:
        assert raw[s["start"] : s["end"]] == s["text"]


def test_piece_views_map_back_to_raw_offsets() -> None:
    raw = "Intro -LRB- x -RRB- line.\n\n" + "Word " * 50 + "\n" + "More text here. " * 20
    p = prepare(RawDoc(text=raw, source=SourceRef("x"), format="text"))
    bounds = piece_bounds(p.clean.text, 60)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(p.clean.text)
    assert all(b - a <= 60 for a, b in bounds)
    for a, b in bounds:
        view = piece_view(p.clean, a, b)
        for i in range(len(view.text)):
            assert view.offsets.to_raw(i) == p.clean.offsets.to_raw(a + i)


# -- interrupted and concurrent runs ------------------------------------------------------------

RUN = """
import sys
from storyline.api import Storyline
with Storyline(sys.argv[1], extract=False) as sl:
    sl.ingest(sys.argv[2:])
"""


def _corpus(folder: Path, n: int, *, dated_every: int = 3) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        row = {"text": f"Article {i}: the council of town {i} met about the dam and the flood."}
        if i % dated_every == 0:
            row["date"] = f"2024-05-{1 + i % 28:02d}"
        (folder / f"{i:03d}.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")


def _unresolved(db: Path) -> int:
    with sqlite3.connect(db) as c:
        return int(
            c.execute(
                "SELECT count(*) FROM articles WHERE published IS NULL AND date_origin IS NULL"
            ).fetchone()[0]
        )


def test_a_run_killed_before_its_end_of_run_dating_is_repaired_by_the_next(
    tmp_path: Path,
) -> None:
    corpus, db = tmp_path / "c", tmp_path / "s.db"
    _corpus(corpus, 30)
    # kill -9 in the end-of-run step: after every article is stored, before any is re-dated
    hook = RUN.replace(
        "with Storyline",
        "import os, signal\nfrom storyline.ingest import pipeline\n"
        "pipeline.Ingestor._redate_undated = "
        "lambda self, report: os.kill(os.getpid(), signal.SIGKILL)\nwith Storyline",
    )
    proc = subprocess.run([sys.executable, "-c", hook, str(db), str(corpus)], check=False)
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 30
    assert _unresolved(db) > 0  # the damage the kill leaves
    report = _ingest(db, corpus)  # a rerun: nothing new, and yet it repairs
    assert not report.added and report.redated
    assert _unresolved(db) == 0
    again = _ingest(db, corpus)
    assert not again.redated  # converged: nothing left to do


def test_two_concurrent_ingests_link_near_duplicates_that_span_them(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Storyline(db, extract=False).close()
    base = "The dam on the river burst on Tuesday and flooded the lower town, officials said. "
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for i in range(12):
        body = base * 4 + f"Update {i}: rescuers searched the valley."
        (a / f"{i}.jsonl").write_text(json.dumps({"text": body}) + "\n")
        (b / f"{i}.jsonl").write_text(json.dumps({"text": body + " More later."}) + "\n")
    procs = [
        subprocess.Popen([sys.executable, "-c", RUN, str(db), str(folder)]) for folder in (a, b)
    ]
    deadline = time.monotonic() + 300
    for p in procs:
        assert p.wait(timeout=max(1, deadline - time.monotonic())) == 0
    with sqlite3.connect(db) as c:
        n = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        linked = c.execute("SELECT count(*) FROM duplicates").fetchone()[0]
        ids = {r[0] for r in c.execute("SELECT article_id FROM duplicates")} | {
            r[0] for r in c.execute("SELECT duplicate_of FROM duplicates")
        }
    assert n == 24
    assert len(ids) == 24 and linked >= 23  # every article is in some near-duplicate link


def test_a_store_not_ours_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT)")
        c.execute("INSERT INTO articles (title) VALUES ('theirs')")
    with pytest.raises(StoreError, match="not a storyline store"):
        Storyline(other, extract=False)
    with sqlite3.connect(other) as c:
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"articles"}
        c.execute("DELETE FROM articles")  # their DELETE still works: no trigger of ours


def _dates(db: Path) -> dict[str, tuple[object, ...]]:
    with sqlite3.connect(db) as c:
        q = "SELECT id, published, date_origin, date_precision, date_lo, date_hi FROM articles"
        return {r[0]: tuple(r[1:]) for r in c.execute(q)}


def test_a_window_inferred_before_a_kill_converges_to_a_clean_runs(tmp_path: Path) -> None:
    """An undated article stored mid-run gets the window of the corpus read so far; a kill -9
    before the end-of-run dating leaves that narrower window. The next run, which stores the
    later dated articles, must leave every article dated as one clean run does."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    n = 120  # several batches: undated articles of later batches are stored with a window
    for i in range(n):
        row = {"text": f"Article {i}: the council of town {i} met about the dam and the flood."}
        if i % 3 == 0:  # dated articles run forward in time, so the window grows as it reads
            row["date"] = f"2024-{3 + i // 30:02d}-{1 + i % 28:02d}"
        (corpus / f"{i:03d}.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    clean = tmp_path / "clean.db"
    _ingest(clean, corpus)
    killed = tmp_path / "killed.db"
    stop_after = n // 2  # past the first batches, well before the last dated article
    hook = RUN.replace(
        "with Storyline",
        "import os, signal\nfrom storyline.ingest import pipeline\n"
        "_store = pipeline.Ingestor._store\n"
        "def _store_then_die(self, record, p, report, emit):\n"
        "    _store(self, record, p, report, emit)\n"
        f"    if len(report.added) >= {stop_after}:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "pipeline.Ingestor._store = _store_then_die\nwith Storyline",
    )
    proc = subprocess.run([sys.executable, "-c", hook, str(killed), str(corpus)], check=False)
    assert proc.returncode == -signal.SIGKILL
    stale = _dates(killed)
    assert len(stale) == stop_after
    # the damage: an undated article carries the window of the half corpus read before the kill
    assert any(d[0] is None and d[1] == "inferred" for d in stale.values())
    _ingest(killed, corpus)
    assert _dates(killed) == _dates(clean)
    again = _ingest(killed, corpus)
    assert not again.redated  # converged: nothing left to do


def test_undated_articles_of_an_earlier_run_follow_the_corpus_and_placement_converges(
    tmp_path: Path,
) -> None:
    """Two runs (the second widening the corpus) leave every article dated as one run over
    both does, with extraction and the story's placement on; a rerun then re-dates nothing."""
    said = [
        "The mayor said on Tuesday that {n} people were evacuated after the river flooded.",
        "Officials said {n} homes were damaged and rescuers searched the valley on Monday.",
    ]
    for name, month, extra in (("a", 5, ""), ("b", 6, " More rain fell.")):
        folder = tmp_path / name
        folder.mkdir()
        for i in range(12):
            row = {"text": said[i % 2].format(n=month * 100 + i) + extra}
            if i % 3 == 0:
                row["date"] = f"2024-{month:02d}-{1 + i:02d}"
            (folder / f"{i:02d}.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    with Storyline(tmp_path / "two.db") as sl:
        sl.ingest([a])
        second = sl.ingest([b])
        assert len(second.redated) > len(second.undated)  # the first run's undated too
        assert not sl.ingest([a, b]).redated
    with Storyline(tmp_path / "one.db") as sl:
        sl.ingest([a, b])
    assert _dates(tmp_path / "two.db") == _dates(tmp_path / "one.db")
