"""The unit of work that can run anywhere: prepared, dated articles in, their records out.

Everything here is plain picklable data and a pure function of it, so the same batch gives the
same records in the ingesting process, in a worker process, or on a Dask worker on another
machine. What needs the store (reading, dedupe, dating against the corpus window, writes,
near-duplicate links) stays with the driver (:class:`storyline.ingest.pipeline.Ingestor`).

The input is an :class:`ArticleRecord` whose ``sentences`` and ``mentions`` are still empty;
the output is the same record with them filled, or one :class:`Failed` for an article whose
parse or extraction failed (the rest of the batch is unaffected).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import groupby
from typing import TYPE_CHECKING, Any

from ..errors import Messages, StorylineError
from ..models import ArticleRecord, CleanView, DateResolution, Mention, OffsetMap, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PIECE_CHARS = 100_000
"""Longer clean texts go through the pipeline in pieces of at most this many characters (cut
at a paragraph, line or sentence end), each mapped back to raw offsets: spaCy refuses texts
over ``nlp.max_length`` and its parser's memory grows with the length of a text."""
CUTS = ("\n\n", "\n", ". ", " ")


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """Which pipeline a worker loads: a model name (or path) every worker can resolve, and
    whether extraction runs (without it, a blank pipeline only splits sentences)."""

    model: str | None = None
    extract: bool = True


@dataclass(frozen=True, slots=True)
class Failed:
    """An article the worker could not parse or extract from; ``reason`` is the whole line."""

    id: str
    reason: str


Outcome = ArticleRecord | Failed


def run_batch(
    articles: Sequence[ArticleRecord], spec: PipelineSpec, batch_size: int
) -> list[Outcome]:
    """The task a worker runs: :func:`process` with the worker's own cached pipeline."""
    nlp = pipeline(spec)
    # A Language object is not made to run two batches at once: a worker with several threads
    # runs its batches one after another (start workers with one thread each to use the cores).
    with _lock(spec):
        return process(nlp, articles, extract=spec.extract, batch_size=batch_size)


def describe(spec: PipelineSpec) -> dict[str, Any]:
    """The versions a worker's pipeline records in the store's provenance (and a warm-up:
    the pipeline stays loaded for the batches that follow)."""
    from ..store import provenance

    if not spec.extract:
        return {**provenance.versions(), "model": None, "model_version": None}
    try:
        meta = pipeline(spec).meta
    except StorylineError as exc:  # ours do not survive pickling back to the driver; the text does
        raise RuntimeError(str(exc)) from None
    return provenance.versions(f"{meta['lang']}_{meta['name']}", meta.get("version"))


@cache
def pipeline(spec: PipelineSpec) -> Language:
    """The pipeline of ``spec``, loaded once per process."""
    if spec.extract:
        from ..extract.nlp import DEFAULT_MODEL, load_pipeline

        return load_pipeline(spec.model or DEFAULT_MODEL)
    from ..extract.segment import blank_pipeline

    return blank_pipeline()


@cache
def _lock(spec: PipelineSpec) -> threading.Lock:
    return threading.Lock()


def process(
    nlp: Language, articles: Sequence[ArticleRecord], *, extract: bool, batch_size: int
) -> list[Outcome]:
    """Parse ``articles`` with ``nlp`` in batches and fill their sentences (and mentions when
    ``extract``); one result per article, in order. A component that fails on one text makes
    the rest go through one by one, so only that article is lost."""
    limit = min(PIECE_CHARS, nlp.max_length)
    jobs = [
        (k, piece_view(a.clean, s, e))
        for k, a in enumerate(articles)
        for s, e in piece_bounds(a.clean.text, limit)
    ]
    out: list[Outcome | None] = [None] * len(articles)
    docs = nlp.pipe(
        (_make_doc(nlp, view, articles[k].dates) for k, view in jobs), batch_size=batch_size
    )
    try:
        for k, group in groupby(zip(jobs, docs, strict=True), key=lambda jd: jd[0][0]):
            out[k] = _filled(articles[k], [(view, d) for (_, view), d in group], extract)
    except Exception:  # a component failed on one text: parse the rest one by one
        for k, a in enumerate(articles):
            if out[k] is None:
                out[k] = _alone(nlp, a, [v for j, v in jobs if j == k], extract)
    return [o for o in out if o is not None]


def _alone(nlp: Language, a: ArticleRecord, views: list[CleanView], extract: bool) -> Outcome:
    try:
        parsed = [(view, nlp(_make_doc(nlp, view, a.dates))) for view in views]
    except Exception as exc:
        return Failed(a.id, Messages.EXTRACT_FAILED.format(error=describe_exception(exc)))
    return _filled(a, parsed, extract)


def _filled(a: ArticleRecord, parsed: list[tuple[CleanView, Doc]], extract: bool) -> Outcome:
    try:
        return _record(a, parsed, extract)
    except Exception as exc:  # collecting one article's rows failed: that article only
        return Failed(a.id, Messages.EXTRACT_FAILED.format(error=describe_exception(exc)))


def _make_doc(nlp: Language, view: CleanView, dates: DateResolution) -> Doc:
    # Components read the publication date (the anchor of relative time expressions)
    # from user_data, so it is set before the pipeline runs.
    doc = nlp.make_doc(view.text)
    # An undated article gets no anchor: "on Sunday" stays an unresolved weekday rather
    # than a confident wrong date (the story step re-anchors it once it is placed).
    doc.user_data["dct"] = dates.published
    return doc


def _record(a: ArticleRecord, parsed: list[tuple[CleanView, Doc]], extract: bool) -> ArticleRecord:
    from ..extract.collect import mentions_from_doc
    from ..extract.segment import doc_sentences

    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    for view, nlp_doc in parsed:  # pieces of one text: each view maps to raw offsets
        sentences.extend(doc_sentences(nlp_doc, view))
        if extract:
            mentions.extend(
                mentions_from_doc(nlp_doc, view, a.doc.text, published=a.dates.published)
            )
    return replace(a, sentences=sentences, mentions=mentions)


def piece_bounds(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` pieces covering ``text``, each at most ``limit`` characters, cut just
    after a paragraph break, else a line break, a sentence end, a space (else anywhere)."""
    bounds, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = next((window.rfind(c) + len(c) for c in CUTS if window.rfind(c) > limit // 2), limit)
        bounds.append((start, start + cut))
        start += cut
    bounds.append((start, len(text)))
    return bounds


def piece_view(clean: CleanView, start: int, end: int) -> CleanView:
    """The clean view of ``clean.text[start:end]``, its offsets still mapping to raw offsets."""
    if (start, end) == (0, len(clean.text)):
        return clean
    runs, rewrites = clean.offsets.runs, clean.offsets.rewrites
    if not runs and not rewrites:  # the identity map
        return CleanView(clean.text[start:end], OffsetMap([(0, start, end - start)]))
    cut_runs = [
        (max(cs, start) - start, rs + max(cs, start) - cs, min(cs + n, end) - max(cs, start))
        for cs, rs, n in runs
        if cs < end and cs + n > start
    ]
    cut_rewrites = [
        (cs - start, ce - start, rs, r_end)
        for cs, ce, rs, r_end in rewrites
        if cs >= start and ce <= end
    ]
    return CleanView(clean.text[start:end], OffsetMap(cut_runs, cut_rewrites))


def describe_exception(exc: BaseException) -> str:
    """One line for an unexpected failure: its kind and the first line of its message."""
    first = str(exc).strip().split("\n", 1)[0][:300]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
