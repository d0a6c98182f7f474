"""Fixtures for the web, API and export tests (registered in conftest.py).

``story_db`` (session): a SQLite store with the example corpus ingested through the real
pipeline. ``web_server`` (session): uvicorn serving ``create_app(story_db)`` on a free port of
127.0.0.1, in a thread. ``browser`` (session): Debian's chromium driven by Playwright; skipped
when /usr/bin/chromium is absent, except on CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
CHROMIUM = Path("/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from storyline.api import Storyline

    db = str(tmp_path_factory.mktemp("web") / "story.db")
    with Storyline(db) as sl:
        report = sl.ingest([EXAMPLES])
    assert len(report.added) > 20, "the example corpus should give a story"
    return db


class Server:
    """A real uvicorn server in a thread; ``url`` is its base URL."""

    def __init__(self, db: str | Path, **app_args: Any) -> None:
        import uvicorn

        from storyline.outputs.web import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(db, **app_args), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"uvicorn did not start on {self.url}")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def web_server(story_db: str) -> Iterator[Server]:
    with Server(story_db) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield b
        b.close()
