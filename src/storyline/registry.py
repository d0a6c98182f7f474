"""Registries of swappable functions, named with versions the way spaCy names its own.

A behaviour change gets a new name (``storyline.reader.jsonl.v2``) so old configs keep working.
"""

from __future__ import annotations

import catalogue

readers = catalogue.create("storyline", "readers", entry_points=False)
"""Document readers by format name: ``fn(data: bytes, source: SourceRef, **opts)``."""

components = catalogue.create("storyline", "components", entry_points=False)
"""Plain-function steps of ingest (cleaning, credits, dating) by versioned name.

spaCy components are not listed here: they are spaCy factories (``Language.factory``, in
``spacy.registry.factories``), found by their pipe name and configured by their own config."""

executors = catalogue.create("storyline", "executors", entry_points=False)
"""Where ingest runs the parse, by name (``local``, ``processes``, ``dask``):
``fn(*, spec, batch_size, nlp=None, workers=None, scheduler=None)`` (``ingest.executors``)."""
