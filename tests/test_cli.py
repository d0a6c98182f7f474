"""The command line, run the way a user runs it: CliRunner in-process, and one real subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from storyline import dates
from storyline.outputs.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

runner = CliRunner()


def needs_seeds() -> None:
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is absent")


def run(db: Path, *args: str, input: str | bytes | None = None):
    return runner.invoke(app, ["--db", str(db), *args], input=input)


def test_every_command_has_help() -> None:
    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"command {name!r} has no help"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output


def test_ingest_then_list_and_show(tmp_path: Path) -> None:
    needs_seeds()
    db = tmp_path / "s.db"
    result = run(db, "ingest", str(SEEDS))
    assert result.exit_code == 0, result.output
    assert "new articles stored" in result.output

    listed = run(db, "articles", "--format", "json")
    rows = json.loads(listed.stdout)
    assert len(rows) == 3
    assert [r["published"] for r in rows if r["published"]] == ["2023-11-14", "2025-04-16"]

    as_csv = run(db, "articles", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(table) == 3 and "date_origin" in table[0]

    first = rows[-1]["id"]
    shown = run(db, "show", first[:6], "--format", "json")
    assert shown.exit_code == 0, shown.output
    article = json.loads(shown.stdout)["article"]
    assert article["id"] == first and article["raw_text"]

    text = run(db, "show", first[:6])
    assert text.exit_code == 0 and "date sources disagree" in text.stdout


def test_filters(tmp_path: Path) -> None:
    needs_seeds()
    db = tmp_path / "s.db"
    run(db, "ingest", str(SEEDS))
    by_date = json.loads(run(db, "articles", "--from", "2025-01-01", "-f", "json").stdout)
    assert [r["published"] for r in by_date] == ["2025-04-16"]
    by_outlet = json.loads(run(db, "articles", "--outlet", "nhk", "-f", "json").stdout)
    assert len(by_outlet) == 1 and by_outlet[0]["published"] == "2023-11-14"
    by_text = json.loads(run(db, "articles", "--search", "Haniyeh", "-f", "json").stdout)
    assert len(by_text) == 1 and by_text[0]["published"] is None


def empty_store(db: Path) -> Path:
    """A new, empty store: read commands refuse a path where none exists."""
    from storyline.store import Store

    Store(db).close()
    return db


def test_unknown_id_is_a_clear_error(tmp_path: Path) -> None:
    db = empty_store(tmp_path / "s.db")
    result = run(db, "show", "ffffffff")
    assert result.exit_code == 1
    assert "ffffffff" in result.stderr


def test_bad_files_get_one_line_each_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("The council met on Tuesday and approved the budget, it said.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "big.txt").write_text("word " * 400)
    db = tmp_path / "s.db"
    result = run(db, "--quiet", "ingest", str(tmp_path / "*.txt"), "--max-bytes", "1000")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.txt" in e for e in errors) and any("big.txt" in e for e in errors)
    # The core says what is wrong; the command line adds which of its options fixes it.
    assert any("big.txt" in e and "(raise it with --max-bytes)" in e for e in errors)
    assert len(json.loads(run(db, "articles", "-f", "json").stdout)) == 1


@pytest.mark.parametrize("command", ["articles", "figures", "events", "timeline", "summarize"])
@pytest.mark.parametrize("bad", ["2026-13", "2026-02-30", "yesterday"])
def test_every_date_option_refuses_a_bad_date_in_one_line(
    tmp_path: Path, command: str, bad: str
) -> None:
    for flag in ("--from", "--to"):
        result = run(tmp_path / "s.db", command, flag, bad)
        assert result.exit_code == 1, result.output
        assert result.stderr == (
            f"Error: Invalid value for '{flag}': unreadable date {bad!r}; {dates.EXPECTED}\n"
        )


def test_user_errors_are_one_line_and_exit_1(tmp_path: Path) -> None:
    db = empty_store(tmp_path / "s.db")
    unwritable = tmp_path / "missing" / "folder" / "x.png"
    for args, needle in [
        (["show", "ffffffff"], "no article with an id starting with 'ffffffff'"),
        (["plot", "nothing", "-o", str(unwritable)], "no series matches 'nothing'"),
        (["eval", "tls", str(tmp_path / "nowhere")], "nowhere: not a folder"),
        (["eval", "extract", "--gold", str(tmp_path / "none.json")], "No such file"),
    ]:
        result = run(db, *args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, args
        assert needle in result.stderr, (args, result.stderr)


def test_a_missing_model_names_the_option(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council met on Tuesday, it said.")
    result = run(tmp_path / "s.db", "ingest", "--model", "no_such_model", str(tmp_path / "a.txt"))
    assert result.exit_code == 1
    assert "no installed spaCy pipeline named 'no_such_model'" in result.stderr
    assert "--model" in result.stderr


def test_stdin(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = "Floodwater reached the old bridge, the mayor said."
    doc = json.dumps({"text": text, "date": "2024-02-03"})
    result = run(db, "ingest", "-", input=doc + "\n")
    assert result.exit_code == 0, result.output
    rows = json.loads(run(db, "articles", "-f", "json").stdout)
    assert rows[0]["published"] == "2024-02-03"


def test_db_from_environment(tmp_path: Path) -> None:
    needs_seeds()
    db = tmp_path / "env.db"
    result = runner.invoke(app, ["ingest", str(SEEDS)], env={"STORYLINE_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_python_dash_m_runs_the_real_program(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "storyline", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("storyline ")


def test_ctrl_c_leaves_no_half_stored_article(tmp_path: Path) -> None:
    import signal
    import sqlite3
    import time

    corpus = tmp_path / "many.jsonl"
    with corpus.open("w") as fh:
        for i in range(3000):
            text = " ".join(
                f"Report {i} sentence {j} says the river rose {j} metres." for j in range(30)
            )
            fh.write(json.dumps({"id": str(i), "date": "2024-01-01", "text": text}) + "\n")
    db = tmp_path / "s.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [
        sys.executable,
        "-m",
        "storyline",
        "--db",
        str(db),
        "ingest",
        "--no-extract",
        str(corpus),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    stored = con.execute("select count(*) from articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 50:
                break
    assert proc.poll() is None, "ingest ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"interrupted" in err
    con = sqlite3.connect(db)
    n = con.execute("select count(*) from articles").fetchone()[0]
    assert 50 <= n < 3000
    half = con.execute(
        "select count(*) from articles a where not exists "
        "(select 1 from sentences s where s.article_id = a.id)"
    ).fetchone()[0]
    assert half == 0


# -- CLI habits (issue 17) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["articles"],
        ["show", "ffff"],
        ["figures", "-f", "csv"],
        ["series"],
        ["conflicts"],
        ["timeline"],
        ["export", "-f", "json", "-o", "out.json"],
    ],
)
def test_read_commands_refuse_a_missing_store(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "typo.db"
    result = run(db, *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: no store at ") and result.stderr.count("\n") == 1
    assert str(db) in result.stderr
    assert not db.exists()  # nothing created on the way


def test_ingest_creates_the_store(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = run(db, "-q", "ingest", "--no-extract", "-", input="The river rose, it said.\n")
    assert result.exit_code == 0, result.output
    assert db.exists()


@pytest.mark.parametrize(
    ("command", "bad"), [("ingest", "csv"), ("ingest", "jsonl"), ("show", "csv")]
)
def test_formats_a_command_cannot_write_are_refused(tmp_path: Path, command: str, bad: str) -> None:
    db = tmp_path / "s.db"
    result = run(db, command, "-f", bad, "x")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Error: Invalid value for '--format': {command} writes table, json, not {bad}\n"
    )
    assert not db.exists()


def test_version_names_spacy_and_the_model() -> None:
    from importlib.metadata import version

    from storyline import __version__
    from storyline.outputs.cli.info import MODEL_PACKAGE

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    line = result.stdout.strip()
    assert line.startswith(f"storyline {__version__} (")
    assert f"spaCy {version('spacy')}" in line
    assert f"{MODEL_PACKAGE} {version(MODEL_PACKAGE)}" in line


def test_the_model_named_is_the_default_one() -> None:
    from storyline.extract.nlp import DEFAULT_MODEL
    from storyline.outputs.cli.info import MODEL_PACKAGE

    assert MODEL_PACKAGE == DEFAULT_MODEL


def test_info(tmp_path: Path) -> None:
    from storyline.store import latest_version

    missing = tmp_path / "none.db"
    facts = json.loads(run(missing, "info", "-f", "json").stdout)
    assert facts["spacy"] and facts["model_version"] and facts["python"]
    assert facts["schema_version"] is None and facts["schema_latest"] == latest_version()
    assert not missing.exists()  # info never creates a store
    lexicons = facts["lexicons"]
    assert "events.json" in lexicons and all(len(h) == 12 for h in lexicons.values())

    db = empty_store(tmp_path / "s.db")
    facts = json.loads(run(db, "info", "-f", "json").stdout)
    assert facts["schema_version"] == latest_version()
    table = run(db, "info")
    assert table.exit_code == 0 and "schema_version" in table.stdout
    assert run(db, "info", "-f", "csv").exit_code == 1


def test_shell_completion_is_offered() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`storyline articles -f jsonl | head -1`: exit 0, nothing on stderr."""
    corpus = tmp_path / "many.jsonl"
    with corpus.open("w") as fh:
        for i in range(400):  # well past a pipe's 64 KiB buffer
            text = f"Report {i}: the river rose {i} metres near the old bridge, the mayor said."
            fh.write(json.dumps({"id": str(i), "date": "2024-01-02", "text": text}) + "\n")
    db = tmp_path / "s.db"
    assert run(db, "-q", "ingest", "--no-extract", str(corpus)).exit_code == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for fmt in ("jsonl", "table"):
        cmd = [sys.executable, "-m", "storyline", "--db", str(db), "articles", "-f", fmt]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline()
        proc.stdout.close()  # what `head -1` does
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 0, err
        assert err == b"", err


def test_articles_table_shows_an_inferred_window_as_text(tmp_path: Path) -> None:
    """The table prints cells as text: its own date notes carry no markup to leak."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "undated.txt").write_text("Rescuers reached the trapped miners on Tuesday.\n")
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["--db", db, "ingest", "--no-extract", str(corpus)]).exit_code == 0
    table = runner.invoke(app, ["--db", db, "articles"])
    assert table.exit_code == 0, table.output
    assert "~" in table.output and "[italic]" not in table.output
    listed = runner.invoke(app, ["--db", db, "articles", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert rows and not rows[0]["published"]  # undated: no day, the window in its own columns
    assert rows[0]["published_start"] <= rows[0]["published_end"]  # the API's and exports' names


def test_datasette_metadata_describes_the_store_datasette_opens(tmp_path: Path) -> None:
    """``info --datasette`` is a metadata.json that datasette loads: every table, view and
    column it describes exists, search over the articles works, bookkeeping is hidden."""
    import asyncio
    import sqlite3
    from concurrent.futures import ThreadPoolExecutor

    from storyline.api import Storyline

    datasette_app = pytest.importorskip("datasette.app")
    corpus = tmp_path / "a.jsonl"
    rows = [
        {"text": "The dam on the Vesle burst on Tuesday, officials said.", "date": "2024-05-02"},
        {"text": "Rescuers searched the valley for a second day.", "date": "2024-05-03"},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "flood.db"
    with Storyline(db, extract=False) as sl:
        sl.ingest([corpus])
    result = run(db, "info", "--datasette")
    assert result.exit_code == 0, result.output
    meta = json.loads(result.stdout)
    tables = meta["databases"]["flood"]["tables"]
    with sqlite3.connect(db) as c:
        real = {
            name: {r[1] for r in c.execute(f"PRAGMA table_info('{name}')")}
            for (name,) in c.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            )
        }
    for name, spec in tables.items():
        assert name in real, name
        assert set(spec.get("columns", {})) <= real[name], (name, set(spec["columns"]) - real[name])
    assert {"figures", "statements", "articles", "ingest_runs"} <= set(tables)

    async def browse() -> dict[str, object]:
        ds = datasette_app.Datasette([str(db)], metadata=meta)
        await ds.invoke_startup()
        found = (await ds.client.get("/flood/articles.json?_search=dam&_shape=objects")).json()
        page = (await ds.client.get("/flood/figures")).text
        index = (await ds.client.get("/flood.json")).json()
        return {"found": found, "page": page, "index": index}

    # A thread of its own: an earlier test (a sync Playwright or TestClient) may have left an
    # event loop running in this one, where asyncio.run refuses to start.
    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(asyncio.run, browse()).result()
    assert [r["raw_text"] for r in seen["found"]["rows"]] == [rows[0]["text"]]  # type: ignore[index]
    assert tables["figures"]["description"] in seen["page"]  # type: ignore[operator]
    listed = {t["name"]: t for t in seen["index"]["tables"]}  # type: ignore[index]
    assert listed["articles"]["fts_table"] == "articles_fts"
    assert listed["schema_migrations"]["hidden"]
    missing = run(tmp_path / "none.db", "info", "--datasette")
    assert missing.exit_code == 1 and not (tmp_path / "none.db").exists()
    pg = runner.invoke(app, ["--db", "postgresql://u@h/x", "info", "--datasette"])
    assert pg.exit_code == 1 and "datasette opens SQLite files" in pg.output
