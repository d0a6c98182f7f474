"""The web app over ``$STORYLINE_DB`` as a uvicorn factory, for ``bench_api.py --workers N``
(uvicorn starts several worker processes only from an import string; each opens the store)."""

from __future__ import annotations

import os
from typing import Any


def app() -> Any:
    from storyline.outputs.web import create_app

    return create_app(os.environ["STORYLINE_DB"])
