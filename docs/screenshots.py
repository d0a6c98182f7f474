"""Take the README's screenshots of the page over a story store.

    storyline --db demo.db ingest examples/articles
    python docs/screenshots.py demo.db docs/

Serves the store on a free port, opens the timeline (key events, the first one expanded) and
the largest figure series (a conflict point hovered) in Debian's chromium at 1280x800, and
writes screenshot-timeline.png and screenshot-series.png, quantized to stay small.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

import uvicorn
from PIL import Image
from playwright.sync_api import Page, sync_playwright

from storyline.outputs.web import create_app

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 800}
COLOURS = 256


def serve(db: str) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def open_view(pg: Page, url: str, ready: str) -> None:
    pg.goto(url)
    pg.wait_for_selector(f"body[data-ready='{ready}']", timeout=30_000)
    pg.wait_for_selector(".chart svg", timeout=30_000)


def timeline(pg: Page, base: str, out: Path) -> None:
    open_view(pg, f"{base}/#/timeline?key=1", "timeline")
    pg.locator("#timeline-list > li").first.locator(".headline").click()  # its citations
    pg.mouse.move(0, 0)
    pg.evaluate("window.scrollTo(0, 0)")
    save(pg, out)


def series(pg: Page, base: str, out: Path) -> None:
    first = pg.request.get(f"{base}/api/series?min_points=2&limit=1").json()["items"][0]
    open_view(pg, f"{base}/#/series/{first['id']}", "series")
    flagged = pg.locator("g.mark-symbol.role-mark path[aria-label*='marked: conflict']")
    point = flagged.first if flagged.count() else pg.locator("g.mark-symbol.role-mark path").first
    point.hover(force=True)
    pg.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
    save(pg, out)


def save(pg: Page, out: Path) -> None:
    time.sleep(0.5)  # let the chart's transitions settle
    pg.screenshot(path=out)
    Image.open(out).convert("RGB").quantize(COLOURS).save(out, optimize=True)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


def main(db: str, folder: str) -> None:
    dest = Path(folder)
    server, base = serve(db)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-background-networking"],
            )
            pg = browser.new_page(viewport=VIEWPORT)
            timeline(pg, base, dest / "screenshot-timeline.png")
            series(pg, base, dest / "screenshot-series.png")
            browser.close()
    finally:
        server.should_exit = True


if __name__ == "__main__":
    main(*sys.argv[1:3])
