"""The spaCy component ``storyline_timexes``: sets ``doc._.timexes`` from the text and DCT.

The DCT comes from ``doc.user_data["dct"]`` (a ``datetime.date`` or an ISO string); the Doc's
own parse (when the pipeline has a parser or tagger) decides the tense of open expressions.

    nlp.add_pipe("storyline_timexes")
    doc = nlp.make_doc(text); doc.user_data["dct"] = "2025-04-16"; doc = nlp(doc)
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...registry import components
from .engine import find_timexes
from .model import Timex


def _timexes(doc: Doc) -> list[Timex] | None:
    rows = doc._.storyline_timexes
    return None if rows is None else [Timex(**row) for row in rows]


# The rows are plain dicts so Docs survive Doc.to_bytes (nlp.pipe with n_process > 1);
# doc._.timexes rebuilds the typed records from them.
if not Doc.has_extension("storyline_timexes"):
    Doc.set_extension("storyline_timexes", default=None)
if not Doc.has_extension("timexes"):
    Doc.set_extension("timexes", getter=_timexes)


@Language.component("storyline_timexes", assigns=["doc._.timexes", "doc._.storyline_timexes"])
def timexes_component(doc: Doc) -> Doc:
    """Find and normalize the time expressions of ``doc`` against its DCT."""
    parsed = doc if doc.has_annotation("DEP") or doc.has_annotation("TAG") else None
    found = find_timexes(doc.text, doc.user_data.get("dct"), doc=parsed)
    doc._.storyline_timexes = [_row(t) for t in found]
    return doc


def _row(t: Timex) -> dict[str, object]:
    return {name: getattr(t, name) for name in Timex.__slots__}  # type: ignore[attr-defined]


components.register("storyline.timexes.v1", func=find_timexes)
