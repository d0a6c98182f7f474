"""The server lets no one in: read-only by default; uploads only when allowed, with the token,
from the app's own origin; the body streamed and refused past the limit; odd names and bad
files are 4xx or error lines, never a 500, and never cost the good file beside them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from storyline.api import Storyline
from storyline.outputs.web import create_app
from storyline.outputs.web.routes.articles import safe_name

TOKEN = "s3cret-token"
GOOD = b" date 2031-05-02\nThe river rose two metres overnight, the mayor said on Friday.\n"


@pytest.fixture
def upload_client(tmp_path: Path) -> Iterator[TestClient]:
    with Storyline(tmp_path / "s.db", extract=False) as sl:
        app = create_app(sl, allow_upload=True, token=TOKEN, max_upload_bytes=200_000)
        with TestClient(app, base_url="http://127.0.0.1:8000") as c:
            yield c


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_read_only_by_default(tmp_path: Path) -> None:
    with Storyline(tmp_path / "s.db", extract=False) as sl, TestClient(create_app(sl)) as c:
        r = c.post("/api/ingest", files=_files(("a.txt", GOOD)), headers=AUTH)
        assert r.status_code == 403 and "--allow-upload" in r.json()["detail"]
        assert sl.store.count_articles() == 0


def test_upload_needs_the_token(upload_client: TestClient) -> None:
    assert upload_client.post("/api/ingest", files=_files(("a.txt", GOOD))).status_code == 403
    bad = {"Authorization": "Bearer wrong"}
    assert (
        upload_client.post("/api/ingest", files=_files(("a.txt", GOOD)), headers=bad).status_code
        == 403
    )
    r = upload_client.post("/api/ingest", files=_files(("a.txt", GOOD)), headers=AUTH)
    assert r.status_code == 200 and r.json()["added"] == 1


def test_cross_site_upload_is_refused_even_with_the_cookie(upload_client: TestClient) -> None:
    page = upload_client.get("/", params={"token": TOKEN})
    assert page.status_code == 200 and "storyline_token" in page.headers.get("set-cookie", "")
    assert "samesite=strict" in page.headers["set-cookie"].lower()
    evil = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
    r = upload_client.post("/api/ingest", files=_files(("a.txt", GOOD)), headers=evil | AUTH)
    assert r.status_code == 403 and "origin" in r.json()["detail"]
    same = {"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin"}
    r = upload_client.post("/api/ingest", files=_files(("a.txt", GOOD)), headers=same)
    assert r.status_code == 200, r.text  # the page's own upload: the cookie carries the token


def test_an_upload_over_the_limit_is_refused_while_streaming(upload_client: TestClient) -> None:
    big = b"x" * 300_000

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold on the stream
        boundary = b"--b0undary"
        yield (
            boundary + b'\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
        )
        for i in range(0, len(big), 10_000):
            yield big[i : i + 10_000]
        yield b"\r\n" + boundary + b"--\r\n"

    headers = AUTH | {"Content-Type": "multipart/form-data; boundary=b0undary"}
    r = upload_client.post("/api/ingest", content=chunks(), headers=headers)
    assert r.status_code == 413
    r = upload_client.post("/api/ingest", files=_files(("a.txt", big)), headers=AUTH)
    assert r.status_code == 413


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("n" * 300 + ".txt", GOOD),
        ("nul\x00name.txt", GOOD),
        ("../../etc/passwd", GOOD),
        ("deep.json", b"[" * 10_000 + b"]" * 10_000),
        ("surrogate.jsonl", b'{"text": "bad \\ud800 here, the mayor said on Monday"}\n'),
        ("x.bin", b"\0\1\2"),
    ],
)
def test_odd_uploads_are_never_a_500_and_never_drop_the_good_file(
    upload_client: TestClient, name: str, data: bytes
) -> None:
    files = _files((name, data), ("good.txt", GOOD))
    r = upload_client.post("/api/ingest", files=files, headers=AUTH)
    assert r.status_code < 500, r.text
    if r.status_code == 200:
        report = r.json()
        assert report["added"] >= 1
        assert all("storyline-upload" not in e for e in report["errors"])


def test_safe_names_keep_the_extension_and_nothing_else() -> None:
    assert safe_name("../../a b.jsonl", 3) == "003-a_b.jsonl"
    assert safe_name("x\x00y.txt", 0) == "000-x_y.txt"
    assert len(safe_name("n" * 300 + ".csv", 0)) < 120
    assert safe_name(None, 1) == "001-upload"


def test_serve_warns_beyond_loopback_and_prints_the_token(tmp_path: Path) -> None:
    code = (
        "import sys, uvicorn\n"
        "uvicorn.run = lambda *a, **k: None\n"
        "from storyline.outputs.cli import app\n"
        "sys.argv = ['storyline', '--db', sys.argv[1], 'serve', '--host', '0.0.0.0', "
        "'--allow-upload']\n"
        "app()\n"
    )
    env = {"STORYLINE_TOKEN": "tok-from-env", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "s.db")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "warning: serving on 0.0.0.0" in proc.stderr, proc.stderr
    assert "tok-from-env" in proc.stdout


def test_upload_over_real_http(tmp_path: Path) -> None:
    import threading
    import time

    import uvicorn

    from web_fixtures import free_port

    port = free_port()
    with Storyline(tmp_path / "s.db", extract=False) as sl:
        app = create_app(sl, allow_upload=True, token=TOKEN)
        server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            url = f"http://127.0.0.1:{port}/api/ingest"
            files = _files(("a.jsonl", json.dumps({"text": "Rain fell on Paris today."}).encode()))
            assert httpx.post(url, files=files, headers=AUTH, timeout=60).status_code == 200
            evil = {"Origin": "http://evil.example"} | AUTH
            assert httpx.post(url, files=files, headers=evil, timeout=60).status_code == 403
        finally:
            server.should_exit = True
            thread.join(timeout=10)
