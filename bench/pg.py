"""A throw-away PostgreSQL server for the benchmarks, and a copy of a SQLite store into it.

The server is started the way ``tests/conftest.py`` does it: initdb and pg_ctl in a temp dir
(as the ``postgres`` account when run as root), listening only on a unix socket there, no
fsync. ``copy_store`` opens the target with ``Store`` (so its own migrations make the schema),
then copies every table the schema declares, in foreign-key order, through SQLAlchemy.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_USER = "postgres"
CHUNK = 5000


def _bindir() -> Path:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / "initdb").exists() and (d / "pg_ctl").exists():
            return d
    raise SystemExit("no PostgreSQL: install initdb/pg_ctl (or put them on PATH)")


def _as_db_user(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser"):
        return ["runuser", "-u", PG_USER, "--", *cmd]
    return ["su", PG_USER, "-c", " ".join(cmd)]


def _run(cmd: list[str]) -> None:
    done = subprocess.run(_as_db_user(cmd), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(shared_buffers: str = "512MB") -> Iterator[str]:
    """``postgresql://…`` of a fresh database on a private server, stopped afterwards."""
    bindir = _bindir()
    tmp = Path(tempfile.mkdtemp(prefix="storyline-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(tmp, PG_USER, PG_USER)
    data, port = tmp / "data", _free_port()
    pg_ctl = str(bindir / "pg_ctl")
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-U", PG_USER, "-A", "trust", "-N"])
        opts = (
            f"-p {port} -k {tmp} -c listen_addresses='' -c fsync=off -c full_page_writes=off "
            f"-c synchronous_commit=off -c shared_buffers={shared_buffers} -c max_connections=50"
        )
        _run([pg_ctl, "-D", str(data), "-l", str(tmp / "log"), "-o", opts, "-w", "start"])
        base = f"postgresql://{PG_USER}@/postgres?host={tmp}&port={port}"
        import psycopg

        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute('CREATE DATABASE "bench"')
        yield f"postgresql://{PG_USER}@/bench?host={tmp}&port={port}"
    finally:
        subprocess.run(
            _as_db_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def copy_store(sqlite_path: Path, pg_url: str) -> dict[str, float]:
    """Copy every schema table of the SQLite store into the PostgreSQL store at ``pg_url``;
    rows per table and the seconds it took."""
    import sqlalchemy as sa

    from storyline.store import Store, schema

    started = time.perf_counter()
    src = Store(sqlite_path)
    dst = Store(pg_url)  # migrations create the schema
    counts: dict[str, float] = {}
    src_tables = set(sa.inspect(src.engine).get_table_names())
    with src.engine.connect() as rconn, dst.engine.begin() as wconn:
        for table in schema.metadata.sorted_tables:
            if table.name in ("schema_migrations",) or table.name not in src_tables:
                continue
            src_cols = {c["name"] for c in sa.inspect(src.engine).get_columns(table.name)}
            cols = [c for c in table.c if c.name in src_cols and not c.computed]
            wconn.execute(table.delete())
            n = 0
            result = rconn.execution_options(yield_per=CHUNK).execute(sa.select(*cols))
            for part in result.partitions():
                wconn.execute(table.insert(), [dict(r._mapping) for r in part])
                n += len(part)
            counts[table.name] = n
            keys = list(table.primary_key.columns)
            if len(keys) == 1 and isinstance(keys[0].type, sa.Integer):
                # a serial key: its sequence must start past the copied rows (NULL if none)
                c = keys[0]
                wconn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{c.name}'), "
                    f"coalesce((SELECT max({c.name}) FROM {table.name}), 0) + 1, false)"
                )
    src.close()
    dst.close()
    counts["copy_seconds"] = round(time.perf_counter() - started, 1)
    return counts
