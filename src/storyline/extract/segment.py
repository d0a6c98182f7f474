"""Sentence segmentation: the cheapest spaCy pipeline, and sentences mapped to raw offsets.

Ingest needs sentences even when no model runs (``--no-extract``): a blank English pipeline
with the rule-based sentencizer does that in a fraction of a parse. When the full model runs,
its parser's sentences are used instead, so the text is never segmented twice.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..models import CleanView, Sentence

PARAGRAPHS = "storyline_paragraphs"


NEWLINES = re.compile(r"\n[\s]*")


@Language.component(PARAGRAPHS, assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: headlines, captions and PTB one-sentence lines."""
    # Jump from line break to line break instead of visiting every token in Python.
    starts = doc.to_array("IDX")
    for m in NEWLINES.finditer(doc.text):
        i = int(np.searchsorted(starts, m.end(), side="left"))
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
    return doc


@cache
def blank_pipeline(lang: str = "en") -> Language:
    """Tokenizer + paragraph rule + sentencizer: sentences without a statistical model."""
    nlp = spacy.blank(lang)
    nlp.add_pipe(PARAGRAPHS)
    nlp.add_pipe("sentencizer")
    return nlp


def doc_sentences(doc: Doc, clean: CleanView) -> list[Sentence]:
    """The doc's sentences as raw-text spans (whitespace trimmed, empty ones dropped)."""
    out: list[Sentence] = []
    text = clean.text
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        raw_start, raw_end = clean.offsets.span_to_raw(start, end)
        out.append(Sentence(raw_start, raw_end, text[start:end]))
    return out
