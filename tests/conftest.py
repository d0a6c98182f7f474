"""Shared fixtures: a throw-away PostgreSQL server for the store tests.

``pg_server`` (session): the base URL of a server. ``STORYLINE_TEST_PG_URL`` names one to use;
otherwise, when initdb/pg_ctl are installed (PATH or /usr/lib/postgresql/*/bin), a server is
started in a temp dir, listening only on a unix socket there, and stopped at session end;
otherwise the tests that need it are skipped. ``pg_url`` (function): a fresh database on it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ENV = "STORYLINE_TEST_PG_URL"
PG_USER = "postgres"


def _pg_bindir() -> Path | None:
    """Where initdb and pg_ctl live, newest version first."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / "initdb").exists() and (d / "pg_ctl").exists():
            return d
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_db_user(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: drop to the postgres account.
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser"):
        return ["runuser", "-u", PG_USER, "--", *cmd]
    return ["su", PG_USER, "-c", " ".join(cmd)]


def _run(cmd: list[str]) -> None:
    done = subprocess.run(_as_db_user(cmd), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """``postgresql://…`` of a server the tests may create databases on."""
    if os.environ.get(PG_ENV):
        yield os.environ[PG_ENV]
        return
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip(f"no PostgreSQL: set {PG_ENV} or install initdb/pg_ctl")
    tmp = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    if os.geteuid() == 0:
        shutil.chown(tmp, PG_USER, PG_USER)
    data, port = tmp / "data", _free_port()
    pg_ctl = str(bindir / "pg_ctl")
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-U", PG_USER, "-A", "trust", "-N"])
        # No TCP, no fsync: a private, disposable server.
        opts = f"-p {port} -k {tmp} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        _run([pg_ctl, "-D", str(data), "-l", str(tmp / "log"), "-o", opts, "-w", "start"])
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.skip(f"could not start a PostgreSQL server: {e}")
    try:
        yield f"postgresql://{PG_USER}@/postgres?host={tmp}&port={port}"
    finally:
        subprocess.run(
            _as_db_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def _with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database for one test, dropped afterwards."""
    psycopg = pytest.importorskip("psycopg")
    name = f"storyline_test_{uuid.uuid4().hex[:12]}"
    admin = _with_database(pg_server, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(pg_server, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Web, API and export tests: a store with the example corpus, a live server, a browser.
from web_fixtures import browser, story_db, web_server  # noqa: E402, F401
