"""The ingest flow: paths → RawDocs → prepared, dated articles → NLP batch → store.

This module is the driver: it reads, prepares, dedupes, dates and writes; the NLP batch
(:mod:`.work`) runs wherever the executor says (:mod:`.executors`: this process, worker
processes, a Dask cluster), a bounded number of batches at a time, written in reading order.

Each article is stored in its own transaction, so an error or Ctrl-C never leaves half an
article behind, and one bad file never stops the batch: its error is reported and the rest goes in.
The story steps that follow an ingest (placing undated articles) are the facade's to run
(``Storyline.ingest``): ingest knows nothing of the story layer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .. import dates as calendar
from ..errors import IngestError, Messages
from ..models import (
    ArticleRecord,
    CleanView,
    Credit,
    Dateline,
    DateResolution,
    RawDoc,
)
from ..store import Store
from ..store.db import stored_document
from . import DEFAULT_MAX_BYTES, dedupe
from .clean import clean_text
from .credits import find_credits, find_dateline
from .dating import resolve_dates
from .discover import iter_sources
from .executors import Executor, Pending, get_executor
from .readers import read_source
from .work import PIECE_CHARS, Failed, PipelineSpec, describe_exception, piece_bounds, piece_view

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "BATCH_SIZE",
    "DEFAULT_MAX_BYTES",
    "PIECE_CHARS",
    "IngestReport",
    "Ingestor",
    "Prepared",
    "piece_bounds",
    "piece_view",
    "prepare",
]

BATCH_SIZE = 32
"""Articles per unit of work (one task for a worker, one ``nlp.pipe`` run)."""


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


@dataclass(slots=True)
class _InFlight:
    """A submitted batch, waiting to be written in its turn."""

    pending: Pending | None  # None: nothing to parse, only copies to record
    fresh: list[tuple[Prepared, DateResolution]]
    copies: list[Prepared]
    window: tuple[str, str] | None
    """The day window of its dated articles: later batches are dated as if it were stored."""


class Ingestor:
    """Runs the ingest flow against one store; reusable across calls.

    The parse runs where ``executor`` says (``local``, ``processes``, ``dask``; see
    :mod:`storyline.ingest.executors`); everything that needs the store stays here, and batches
    are written in the order they were read, whichever worker finishes first, so every executor
    stores the same thing. ``nlp`` is used by the local executor; workers load ``model``.
    """

    def __init__(
        self,
        store: Store,
        *,
        nlp: Language | None = None,
        model: str | None = None,
        extract: bool = True,
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int = BATCH_SIZE,
        executor: str = "local",
        workers: int | None = None,
        scheduler: str | None = None,
        near_dup_threshold: float = dedupe.NEAR_DUP_THRESHOLD,
    ) -> None:
        self.store = store
        self.extract = extract
        self.nlp = nlp
        self.spec = PipelineSpec(model=model, extract=extract)
        self.max_bytes = max_bytes
        self.batch_size = batch_size
        self.make_executor = get_executor(executor)  # an unknown name fails before any work
        self.workers = workers
        self.scheduler = scheduler
        self.index = dedupe.NearDuplicateIndex(near_dup_threshold)
        self.index.load(store.minhashes())
        self._undated: list[Prepared] = []
        self._added: dict[str, dedupe.MinHash] = {}
        self._in_flight: deque[_InFlight] = deque()
        self._in_flight_ids: set[str] = set()

    def ingest(
        self,
        args: Iterable[str],
        *,
        stdin: BinaryIO | None = None,
        on_event: Event | None = None,
    ) -> IngestReport:
        report = IngestReport()
        emit = on_event or (lambda kind, payload: None)
        executor: Executor = self.make_executor(
            spec=self.spec,
            batch_size=self.batch_size,
            nlp=self.nlp,
            workers=self.workers,
            scheduler=self.scheduler,
        )
        try:
            # the versions of the pipeline that parses (a worker's, when workers parse)
            run_id = self.store.start_run(executor.versions())
            self._run(args, report, emit, stdin, executor)
        finally:
            self._in_flight.clear()
            self._in_flight_ids.clear()
            executor.close()
        added = len(report.added)
        self.store.finish_run(run_id, articles_added=added, errors=len(report.errors))
        return report

    def _run(
        self,
        args: Iterable[str],
        report: IngestReport,
        emit: Event,
        stdin: BinaryIO | None,
        executor: Executor,
    ) -> None:
        batch: list[Prepared] = []
        for doc in self._documents(args, report, emit, stdin):
            if self._known_verbatim(doc, report):
                continue
            try:
                batch.append(prepare(doc))
            except Exception as exc:  # a bug on one odd document must not sink the batch
                reason = Messages.PREPARE_FAILED.format(error=describe_exception(exc))
                self._error(report, emit, IngestError(doc.source, reason))
                continue
            if len(batch) >= self.batch_size:
                self._submit(batch, report, emit, executor)
                batch = []
        if batch:
            self._submit(batch, report, emit, executor)
        while self._in_flight:
            self._write(self._in_flight.popleft(), report, emit)
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
        if window is None:
            return
        # An article an earlier run dated from the corpus window (or one a kill stopped
        # before this step) holds the window of the corpus as it was then. Dating it again
        # against today's corpus says so in its evidence (which names the window); a later
        # placement on the story keeps that evidence, so an article whose evidence is
        # unchanged is left alone and reruns converge.
        inferred = [
            row["id"]
            for row in self.store.iter_article_columns(("id", "date_origin"))
            if row["date_origin"] == "inferred" and row["id"] not in todo
        ]
        for aid in inferred:
            a = self.store.get_article(aid)
            doc = stored_document(a)
            clean = clean_text(doc)
            res = resolve_dates(doc, clean, find_dateline(doc, clean), corpus_window=window)
            if not set(res.evidence) <= set(a.get("date_evidence") or []):
                self.store.update_dates(aid, res)
                report.redated.append(aid)

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

    def _submit(
        self, batch: list[Prepared], report: IngestReport, emit: Event, executor: Executor
    ) -> None:
        # Bounded: the oldest batch is written before another goes out, so memory stays flat.
        while len(self._in_flight) >= executor.in_flight:
            self._write(self._in_flight.popleft(), report, emit)
        fresh: list[Prepared] = []
        copies: list[Prepared] = []
        for p in batch:
            if p.id in self._in_flight_ids:
                copies.append(p)  # its first copy is written first; record this one after it
            elif self.store.has_article(p.id):
                self._add_copy(p, report)
            else:
                self._in_flight_ids.add(p.id)
                fresh.append(p)
        if not fresh:
            self._in_flight.append(_InFlight(None, [], copies, None))
            return
        window = self._corpus_window()
        dated = [
            (p, resolve_dates(p.doc, p.clean, p.dateline, corpus_window=window)) for p in fresh
        ]
        pending = executor.submit([_unfilled(p, d) for p, d in dated])
        self._in_flight.append(_InFlight(pending, dated, copies, _window_of(dated)))

    def _corpus_window(self) -> tuple[str, str] | None:
        """The store's window widened by the batches still in flight: a batch is dated as if
        every batch read before it were stored already, as when batches go one at a time."""
        windows = [w for w in (b.window for b in self._in_flight) if w is not None]
        stored = self.store.corpus_window()
        if stored is not None:
            windows.append(stored)
        if not windows:
            return None
        return min(lo for lo, _ in windows), max(hi for _, hi in windows)

    def _write(self, batch: _InFlight, report: IngestReport, emit: Event) -> None:
        if batch.pending is not None:
            try:
                outcomes = batch.pending.result()
            except Exception as exc:  # the worker died or could not be reached: its batch only
                reason = Messages.WORKER_FAILED.format(error=describe_exception(exc))
                outcomes = [Failed(p.id, reason) for p, _ in batch.fresh]
            for (p, _), outcome in zip(batch.fresh, outcomes, strict=True):
                self._in_flight_ids.discard(p.id)
                if isinstance(outcome, Failed):
                    self._error(report, emit, IngestError(p.doc.source, outcome.reason))
                    continue
                try:
                    self._store(outcome, p, report, emit)
                except Exception as exc:  # one article's failure is reported, the batch goes on
                    reason = Messages.STORE_FAILED.format(error=describe_exception(exc))
                    self._error(report, emit, IngestError(p.doc.source, reason))
        for p in batch.copies:
            if self.store.has_article(p.id):
                self._add_copy(p, report)

    def _add_copy(self, p: Prepared, report: IngestReport) -> None:
        # Same normalized text: remember where else it was found, store nothing new.
        if self.store.add_source(p.id, p.doc.source):
            report.exact_duplicates.append((p.id, str(p.doc.source)))
        else:
            report.unchanged += 1

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


def _unfilled(p: Prepared, dates: DateResolution) -> ArticleRecord:
    """The plain data a worker needs (its sentences and mentions still to find)."""
    return ArticleRecord(
        id=p.id,
        doc=p.doc,
        clean=p.clean,
        dates=dates,
        dateline=p.dateline,
        credits=p.credits,
        sentences=[],
        content_hash=p.content_hash,
        minhash=dedupe.minhash_bytes(p.minhash),
        title=p.doc.meta.get("title"),
        url=p.doc.meta.get("url"),
        outlet=p.doc.meta.get("outlet"),
    )


def _window_of(dated: list[tuple[Prepared, DateResolution]]) -> tuple[str, str] | None:
    """The day window of the dated articles, as the store's ``corpus_window`` computes it."""
    days: list[str] = []
    for _, res in dated:
        if res.published:
            try:
                days.extend(calendar.day_bounds(calendar.truncate(res.published, res.precision)))
            except calendar.DateError:
                continue  # the store refuses it too: it widens nothing
    return (min(days), max(days)) if days else None
