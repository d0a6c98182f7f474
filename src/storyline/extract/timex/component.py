"""The spaCy component ``storyline_timexes``: sets ``doc._.storyline_timexes`` from the text
and DCT.

The DCT comes from ``doc.user_data["dct"]`` (a ``datetime.date`` or an ISO string); the Doc's
own parse (when the pipeline has a parser or tagger) decides the tense of open expressions.

    nlp.add_pipe("storyline_timexes")
    doc = nlp.make_doc(text); doc.user_data["dct"] = "2025-04-16"; doc = nlp(doc)
    timexes_of(doc)  # typed records
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.language import Language
from spacy.tokens import Doc

from ...lexicons import overrides, using
from ..extensions import attr
from .engine import find_timexes
from .model import Timex

TIMEXES = "storyline_timexes"
LEXICONS = {
    "timex": "timex.json",
    "tense": "timex_tense.json",
    "calendar": "months_weekdays.json",
}
"""Config key → the packaged lexicon it replaces."""


def timexes_of(doc: Doc) -> list[Timex] | None:
    """The typed records of ``doc._.storyline_timexes`` (None: the component did not run)."""
    rows = doc._.storyline_timexes
    return None if rows is None else [Timex(**row) for row in rows]


class TimexFinder:
    """Finds and normalizes the time expressions of a Doc against its DCT."""

    def __init__(self, name: str = TIMEXES, lexicons: Mapping[str, str] | None = None) -> None:
        self.name = name
        self.lexicons = dict(lexicons or {})

    def __call__(self, doc: Doc) -> Doc:
        parsed = doc if doc.has_annotation("DEP") or doc.has_annotation("TAG") else None
        with using(self.lexicons):
            found = find_timexes(doc.text, doc.user_data.get("dct"), doc=parsed)
        # plain dicts, so Docs survive Doc.to_bytes (nlp.pipe with n_process > 1)
        doc._.storyline_timexes = [_row(t) for t in found]
        return doc


def _row(t: Timex) -> dict[str, object]:
    return {name: getattr(t, name) for name in Timex.__slots__}


# the parse is optional (it only sharpens the tense of open expressions): nothing required
@Language.factory(TIMEXES, default_config={"lexicons": LEXICONS}, assigns=[attr("timexes")])
def make_timexes(nlp: Language, name: str, *, lexicons: dict[str, str]) -> TimexFinder:
    """The ``storyline_timexes`` component; ``lexicons`` may replace any packaged file."""
    return TimexFinder(name, overrides(LEXICONS, lexicons))
