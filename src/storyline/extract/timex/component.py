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

if not Doc.has_extension("timexes"):
    Doc.set_extension("timexes", default=None)


@Language.component("storyline_timexes", assigns=["doc._.timexes"])
def timexes_component(doc: Doc) -> Doc:
    """Find and normalize the time expressions of ``doc`` against its DCT."""
    parsed = doc if doc.has_annotation("DEP") or doc.has_annotation("TAG") else None
    doc._.timexes = find_timexes(doc.text, doc.user_data.get("dct"), doc=parsed)
    return doc


components.register("storyline.timexes.v1", func=find_timexes)
