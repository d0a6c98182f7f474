"""Before timing reads: make sure the store's story tables are current, when it has them.

A storyline with story tables (``Storyline.rebuild``) rebuilds a stale story on the first read
(after a code change, or a store copied from an older build): that would land in the first
timed request. ``ensure_current`` does it beforehand and says how long it took.
"""

from __future__ import annotations

import importlib
import time
from typing import Any


def ensure_current(db: str) -> dict[str, Any]:
    """``{"story": "tables, current" | "tables, rebuilt" | "none", "rebuild_s": …}``."""
    from storyline.api import Storyline

    if not hasattr(Storyline, "rebuild"):
        return {"story": "none (recomputed per question)"}
    try:
        is_current = importlib.import_module("storyline.store.story").is_current
    except (ImportError, AttributeError):
        is_current = None
    with Storyline(db) as sl:
        if is_current is not None and is_current(sl.store):
            return {"story": "tables, current"}
        t0 = time.perf_counter()
        sl.rebuild()
        return {"story": "tables, rebuilt first", "rebuild_s": round(time.perf_counter() - t0, 1)}
