"""The Python API: one facade that the CLI, the web app and the tests all build the same way.

>>> from storyline import Storyline
>>> sl = Storyline("story.db")
>>> report = sl.ingest(["articles/"])
>>> for row in sl.articles(outlet="Reuters"): ...
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from spacy.language import Language

from .ingest.pipeline import DEFAULT_MAX_BYTES, Event, Ingestor, IngestReport
from .store import Store

DEFAULT_DB = "storyline.db"
DB_ENV = "STORYLINE_DB"


def default_db() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB


class Storyline:
    """A story store plus the pipeline that fills it.

    ``db`` is a SQLite path (created on first use), ``":memory:"``, or a
    ``postgresql://`` URL.
    """

    def __init__(self, db: str | Path | None = None, *, nlp: Language | None = None) -> None:
        self.db = str(db) if db is not None else default_db()
        self.store = Store(self.db)
        self._nlp = nlp

    def __enter__(self) -> Storyline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- ingest ----------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        stdin: BinaryIO | None = None,
        on_event: Event | None = None,
    ) -> IngestReport:
        """Read, clean, date, dedupe and store every article under ``paths``."""
        ingestor = Ingestor(self.store, nlp=self._nlp, max_bytes=max_bytes)
        return ingestor.ingest([str(p) for p in paths], stdin=stdin, on_event=on_event)

    # -- read ------------------------------------------------------------------------------

    def articles(
        self,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        outlet: str | None = None,
        query: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        include_undated: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Stored articles by publication date; with a date range, undated articles whose
        inferred window overlaps it come too when ``include_undated``."""
        return self.store.iter_articles(
            date_from=date_from,
            date_to=date_to,
            outlet=outlet,
            query=query,
            limit=limit,
            offset=offset,
            include_undated=include_undated,
        )

    def article(self, id_or_prefix: str) -> dict[str, Any]:
        return self.store.get_article(id_or_prefix)

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        return self.store.search(query, limit=limit)
