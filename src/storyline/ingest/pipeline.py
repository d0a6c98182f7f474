"""The ingest flow: paths → RawDocs → prepared articles → NLP batch → store.

Each article is stored in its own transaction, so an error or Ctrl-C never leaves half an
article behind, and one bad file never stops the batch: its error is reported and the rest goes in.
The story steps that follow an ingest (placing undated articles) are the facade's to run
(``Storyline.ingest``): ingest knows nothing of the story layer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import BinaryIO

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import IngestError, Messages
from ..extract.collect import mentions_from_doc
from ..extract.nlp import load_pipeline
from ..extract.segment import blank_pipeline, doc_sentences
from ..models import (
    ArticleRecord,
    CleanView,
    Credit,
    Dateline,
    DateResolution,
    Mention,
    OffsetMap,
    RawDoc,
    Sentence,
)
from ..store import Store, provenance
from . import dedupe
from .clean import clean_text
from .credits import find_credits, find_dateline
from .dating import resolve_dates
from .discover import iter_sources
from .readers import read_source

DEFAULT_MAX_BYTES = 5_000_000
BATCH_SIZE = 32
PIECE_CHARS = 100_000
"""Longer clean texts go through the pipeline in pieces of at most this many characters (cut
at a paragraph, line or sentence end), each mapped back to raw offsets: spaCy refuses texts
over ``nlp.max_length`` and its parser's memory grows with the length of a text."""
CUTS = ("\n\n", "\n", ". ", " ")


@dataclass(slots=True)
class Prepared:
    """An article after the text-only steps, waiting for its NLP batch."""

    doc: RawDoc
    clean: CleanView
    dateline: Dateline | None
    credits: list[Credit]
    id: str
    content_hash: str
    minhash: dedupe.MinHash


@dataclass(slots=True)
class IngestReport:
    """What a run did: counts for the summary, every error for stderr."""

    sources: int = 0
    documents: int = 0
    added: list[str] = field(default_factory=list)
    unchanged: int = 0
    exact_duplicates: list[tuple[str, str]] = field(default_factory=list)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    problems: list[IngestError] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    date_conflicts: list[str] = field(default_factory=list)
    redated: list[str] = field(default_factory=list)
    """Articles dated again at the end of the run (this run's undated ones, and any an earlier
    run stored but was stopped before dating)."""

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.problems)

    def as_dict(self) -> dict[str, object]:
        return {
            "sources": self.sources,
            "documents": self.documents,
            "added": len(self.added),
            "unchanged": self.unchanged,
            "exact_duplicates": len(self.exact_duplicates),
            "near_duplicates": [
                {"article": a, "duplicate_of": b, "similarity": s}
                for a, b, s in self.near_duplicates
            ],
            "undated": self.undated,
            "date_conflicts": self.date_conflicts,
            "errors": [str(e) for e in self.errors],
            "problems": [str(e) for e in self.problems],
        }


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


def prepare(doc: RawDoc) -> Prepared:
    """Text-only steps: clean view, dateline, credits, identity, MinHash signature."""
    clean = clean_text(doc)
    dateline = find_dateline(doc, clean)
    credits = find_credits(doc, clean, dateline)
    return Prepared(
        doc=doc,
        clean=clean,
        dateline=dateline,
        credits=credits,
        id=dedupe.article_id(clean.text),
        content_hash=dedupe.content_hash(doc.text),
        minhash=dedupe.minhash(clean.text),
    )


Event = Callable[[str, object], None]
"""Progress callback: ``("source", path)``, ``("article", id)``, ``("error", IngestError)``."""


class Ingestor:
    """Runs the ingest flow against one store; reusable across calls."""

    def __init__(
        self,
        store: Store,
        *,
        nlp: Language | None = None,
        extract: bool = True,
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int = BATCH_SIZE,
        n_process: int = 1,
        near_dup_threshold: float = dedupe.NEAR_DUP_THRESHOLD,
    ) -> None:
        self.store = store
        self.extract = extract
        if nlp is None:
            nlp = load_pipeline() if extract else blank_pipeline()
        self.nlp = nlp
        self.max_bytes = max_bytes
        self.batch_size = batch_size
        self.n_process = n_process
        # Worker processes start per flush: give each flush enough documents to be worth it.
        self.flush_size = batch_size if n_process == 1 else batch_size * n_process * 8
        self.index = dedupe.NearDuplicateIndex(near_dup_threshold)
        self.index.load(store.minhashes())
        self._undated: list[Prepared] = []
        self._added: dict[str, dedupe.MinHash] = {}

    def ingest(
        self,
        args: Iterable[str],
        *,
        stdin: BinaryIO | None = None,
        on_event: Event | None = None,
    ) -> IngestReport:
        report = IngestReport()
        emit = on_event or (lambda kind, payload: None)
        run_id = self.store.start_run(self._versions())
        self._run(args, report, emit, stdin)
        added = len(report.added)
        self.store.finish_run(run_id, articles_added=added, errors=len(report.errors))
        return report

    def _versions(self) -> dict[str, object]:
        """What shapes this run's extraction: the pipeline actually loaded, not the default."""
        if not self.extract:
            return {**provenance.versions(), "model": None, "model_version": None}
        meta = self.nlp.meta
        return provenance.versions(f"{meta['lang']}_{meta['name']}", meta.get("version"))

    def _run(
        self, args: Iterable[str], report: IngestReport, emit: Event, stdin: BinaryIO | None
    ) -> None:
        batch: list[Prepared] = []
        for doc in self._documents(args, report, emit, stdin):
            if self._known_verbatim(doc, report):
                continue
            try:
                batch.append(prepare(doc))
            except Exception as exc:  # a bug on one odd document must not sink the batch
                reason = Messages.PREPARE_FAILED.format(error=_describe(exc))
                self._error(report, emit, IngestError(doc.source, reason))
                continue
            if len(batch) >= self.flush_size:
                self._flush(batch, report, emit)
                batch = []
        if batch:
            self._flush(batch, report, emit)
        self._link_concurrent(report)
        self._redate_undated(report)

    def _known_verbatim(self, doc: RawDoc, report: IngestReport) -> bool:
        """Byte-identical text already stored: record the source, skip all the work."""
        known = self.store.id_for_content(dedupe.content_hash(doc.text))
        if known is None:
            return False
        if self.store.add_source(known, doc.source):
            report.exact_duplicates.append((known, str(doc.source)))
        else:
            report.unchanged += 1
        return True

    def _redate_undated(self, report: IngestReport) -> None:
        """Undated articles stored early in a run saw a smaller corpus: date them again, and
        any that an earlier run stored but was stopped (kill -9) before dating. Idempotent:
        dating depends only on the article and the corpus window, so a rerun converges."""
        window = self.store.corpus_window()
        todo = {p.id: (p.doc, p.clean, p.dateline) for p in self._undated}
        if window is not None:
            for aid, doc in self.store.unresolved_documents():
                if aid not in todo:
                    clean = clean_text(doc)
                    todo[aid] = (doc, clean, find_dateline(doc, clean))
        for aid, (doc, clean, dateline) in todo.items():
            self.store.update_dates(aid, resolve_dates(doc, clean, dateline, corpus_window=window))
            report.redated.append(aid)
        self._undated.clear()

    def _link_concurrent(self, report: IngestReport) -> None:
        """Near-duplicates between this run's articles and those another process stored while
        it ran (absent from the index loaded at the start): linked once, whichever run ends
        last finds the pair."""
        if not self._added:
            return
        others = dedupe.NearDuplicateIndex(self.index.threshold)
        others.load((k, m) for k, m in self.store.minhashes() if k not in self.index)
        if not len(others):
            return
        for aid, m in self._added.items():
            for other, similarity in others.query(m):
                if other != aid and self.store.link_duplicate(aid, other, "near", similarity):
                    report.near_duplicates.append((aid, other, similarity))
        self.index.load((k, m) for k, m in self.store.minhashes() if k not in self.index)
        self._added.clear()

    # -- steps ---------------------------------------------------------------------------

    def _documents(
        self,
        args: Iterable[str],
        report: IngestReport,
        emit: Event,
        stdin: BinaryIO | None,
    ) -> Iterator[RawDoc]:
        for src in iter_sources(list(args)):
            if isinstance(src, IngestError):
                self._error(report, emit, src)
                continue
            report.sources += 1
            emit("source", src)
            for item in read_source(Path(src), max_bytes=self.max_bytes, stdin=stdin):
                if isinstance(item, IngestError):
                    self._error(report, emit, item)
                    continue
                report.documents += 1
                for problem in item.problems:
                    err = IngestError(item.source, problem)
                    report.problems.append(err)
                    emit("problem", err)
                yield item

    def _flush(self, batch: list[Prepared], report: IngestReport, emit: Event) -> None:
        fresh: list[Prepared] = []
        copies: list[Prepared] = []
        seen: set[str] = set()
        for p in batch:
            if p.id in seen:
                copies.append(p)  # its first copy is stored below; record this one after it
            elif self.store.has_article(p.id):
                self._add_copy(p, report)
            else:
                seen.add(p.id)
                fresh.append(p)
        self._store_fresh(fresh, report, emit)
        for p in copies:
            if self.store.has_article(p.id):
                self._add_copy(p, report)

    def _add_copy(self, p: Prepared, report: IngestReport) -> None:
        # Same normalized text: remember where else it was found, store nothing new.
        if self.store.add_source(p.id, p.doc.source):
            report.exact_duplicates.append((p.id, str(p.doc.source)))
        else:
            report.unchanged += 1

    def _store_fresh(self, fresh: list[Prepared], report: IngestReport, emit: Event) -> None:
        if not fresh:
            return
        window = self.store.corpus_window()
        dated = [
            (p, resolve_dates(p.doc, p.clean, p.dateline, corpus_window=window)) for p in fresh
        ]
        limit = min(PIECE_CHARS, self.nlp.max_length)
        jobs = [
            (k, piece_view(p.clean, a, b))
            for k, (p, _) in enumerate(dated)
            for a, b in piece_bounds(p.clean.text, limit)
        ]
        docs = self.nlp.pipe(
            (self._make_doc(view, dated[k][1]) for k, view in jobs),
            batch_size=self.batch_size,
            n_process=self.n_process,
        )
        done: set[int] = set()
        try:
            for k, group in groupby(zip(jobs, docs, strict=True), key=lambda jd: jd[0][0]):
                parsed = [(view, nlp_doc) for (_, view), nlp_doc in group]
                p, dates = dated[k]
                self._store_parsed(p, dates, parsed, report, emit)
                done.add(k)
        except Exception:  # a component failed on one text: parse the rest one by one
            for k, (p, dates) in enumerate(dated):
                if k not in done:
                    self._store_alone(p, dates, [v for j, v in jobs if j == k], report, emit)

    def _store_alone(
        self,
        p: Prepared,
        dates: DateResolution,
        views: list[CleanView],
        report: IngestReport,
        emit: Event,
    ) -> None:
        try:
            parsed = [(view, self.nlp(self._make_doc(view, dates))) for view in views]
        except Exception as exc:
            reason = Messages.EXTRACT_FAILED.format(error=_describe(exc))
            self._error(report, emit, IngestError(p.doc.source, reason))
            return
        self._store_parsed(p, dates, parsed, report, emit)

    def _store_parsed(
        self,
        p: Prepared,
        dates: DateResolution,
        parsed: list[tuple[CleanView, Doc]],
        report: IngestReport,
        emit: Event,
    ) -> None:
        try:
            self._store(self._record(p, dates, parsed), p, report, emit)
        except Exception as exc:  # one article's failure is reported, the batch goes on
            reason = Messages.STORE_FAILED.format(error=_describe(exc))
            self._error(report, emit, IngestError(p.doc.source, reason))

    def _make_doc(self, view: CleanView, dates: DateResolution) -> Doc:
        # Components read the publication date (the anchor of relative time expressions)
        # from user_data, so it is set before the pipeline runs.
        doc = self.nlp.make_doc(view.text)
        # An undated article gets no anchor: "on Sunday" stays an unresolved weekday rather
        # than a confident wrong date (the story step re-anchors it once it is placed).
        doc.user_data["dct"] = dates.published
        return doc

    def _record(
        self, p: Prepared, dates: DateResolution, parsed: list[tuple[CleanView, Doc]]
    ) -> ArticleRecord:
        sentences: list[Sentence] = []
        mentions: list[Mention] = []
        for view, nlp_doc in parsed:  # pieces of one text: each view maps to raw offsets
            sentences.extend(doc_sentences(nlp_doc, view))
            if self.extract:
                mentions.extend(
                    mentions_from_doc(nlp_doc, view, p.doc.text, published=dates.published)
                )
        return ArticleRecord(
            id=p.id,
            doc=p.doc,
            clean=p.clean,
            dates=dates,
            dateline=p.dateline,
            credits=p.credits,
            sentences=sentences,
            content_hash=p.content_hash,
            minhash=dedupe.minhash_bytes(p.minhash),
            title=p.doc.meta.get("title"),
            url=p.doc.meta.get("url"),
            outlet=p.doc.meta.get("outlet"),
            mentions=mentions,
        )

    def _store(self, record: ArticleRecord, p: Prepared, report: IngestReport, emit: Event) -> None:
        near = self.index.query(p.minhash)
        if not self.store.add_article(record):
            report.unchanged += 1
            return
        self.index.add(record.id, p.minhash)
        self._added[record.id] = p.minhash
        for other, similarity in near:
            if self.store.link_duplicate(record.id, other, "near", similarity):
                report.near_duplicates.append((record.id, other, similarity))
        report.added.append(record.id)
        if record.dates.published is None:
            report.undated.append(record.id)
            self._undated.append(p)
        if record.dates.conflict:
            report.date_conflicts.append(record.id)
        emit("article", record.id)

    @staticmethod
    def _error(report: IngestReport, emit: Event, err: IngestError) -> None:
        report.errors.append(err)
        emit("error", err)


def _describe(exc: BaseException) -> str:
    """One line for an unexpected failure: its kind and the first line of its message."""
    first = str(exc).strip().split("\n", 1)[0][:300]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
