"""Browser assets from npm, copied into the package so the page and report work offline.

``make setup`` runs ``npm ci`` (versions pinned by package-lock.json) and then
``python -m storyline.outputs.web.assets node_modules``, which copies the built scripts below
into ``static/vendor/`` (package data; ignored by git).
"""

from __future__ import annotations

import shutil
import sys
from importlib.resources import files
from pathlib import Path

STATIC_DIR = Path(str(files(__package__) / "static"))
"""The page (``index.html``), its scripts and styles: package data served under ``/static``."""
VENDOR_DIR = STATIC_DIR / "vendor"

VENDOR_FILES = {
    "vega.min.js": "vega/build/vega.min.js",
    "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
}
"""File name in static/vendor → its path under node_modules."""


def vendor(node_modules: Path, dest: Path) -> list[Path]:
    """Copy the scripts into ``dest``; ``FileNotFoundError`` naming the first one missing."""
    dest.mkdir(parents=True, exist_ok=True)
    copied = []
    for name, rel in VENDOR_FILES.items():
        src = node_modules / rel
        if not src.is_file():
            raise FileNotFoundError(f"{src}: missing; run `npm ci` at the repository root first")
        copied.append(Path(shutil.copyfile(src, dest / name)))
    return copied


def charts_installed() -> bool:
    """Whether ``make setup`` copied the chart scripts from npm into ``static/vendor``."""
    return all((VENDOR_DIR / name).is_file() for name in VENDOR_FILES)


def main(argv: list[str]) -> int:
    node_modules = Path(argv[0] if argv else "node_modules")
    try:
        copied = vendor(node_modules, VENDOR_DIR)
    except FileNotFoundError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    print(f"copied {len(copied)} scripts into {VENDOR_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
