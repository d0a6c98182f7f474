"""Typed records passed between the pipeline stages.

ingest → extract → store → story → outputs. Every offset in these records is a character
offset into ``RawDoc.text`` (the verbatim text), so every fact can be traced to its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["day", "month", "year"]
DateOrigin = Literal["header", "metadata", "dateline", "inferred"]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a document came from: a file path and, for JSONL/CSV/JSON arrays, its line/row."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(slots=True)
class RawDoc:
    """One article as a reader found it, before any cleaning.

    ``text`` is the verbatim text that every offset refers to: for the seed format the whole
    file (header included), for JSONL/CSV the text field, for HTML the main text that
    trafilatura extracted (the page itself is kept in ``original``).
    """

    text: str
    source: SourceRef
    format: str
    encoding: str = "utf-8"
    body_start: int = 0
    header_date: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    original: str | None = None
    problems: list[str] = field(default_factory=list)
    """Non-fatal problems (e.g. a malformed header date): reported, the article still stored."""


@dataclass(frozen=True, slots=True)
class Dropped:
    """A stretch of raw text left out of the clean view, and why."""

    start: int
    end: int
    reason: str
    text: str


@dataclass(slots=True)
class OffsetMap:
    """Maps clean-view offsets back to raw offsets.

    Stored as runs ``(clean_start, raw_start, length)``: inside a run characters correspond one
    to one; between runs the clean view was rewritten (e.g. ``-LRB-`` → ``(``).
    """

    runs: list[tuple[int, int, int]] = field(default_factory=list)

    def to_raw(self, i: int) -> int:
        """Raw offset of clean offset ``i`` (an offset inside a rewritten token maps to its start)."""
        lo, hi = 0, len(self.runs) - 1
        best = 0
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.runs[mid][0] <= i:
                best = mid
                lo = mid + 1
            else:
                hi = mid - 1
        if not self.runs:
            return i
        cs, rs, n = self.runs[best]
        if i < cs + n:
            return rs + (i - cs)
        # i falls in a rewritten gap after this run: map to the end of the run's raw side,
        # or to the start of the next run's raw side when i is exactly there.
        if best + 1 < len(self.runs) and i >= self.runs[best + 1][0]:
            return self.runs[best + 1][1]
        return rs + n

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw span covering the clean span ``[start, end)``."""
        if end <= start:
            r = self.to_raw(start)
            return r, r
        return self.to_raw(start), self.to_raw(end - 1) + 1


@dataclass(slots=True)
class CleanView:
    """The readable text of an article: boilerplate dropped, PTB tokens detokenized."""

    text: str
    offsets: OffsetMap
    dropped: list[Dropped] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Dateline:
    """'Jerusalem, April 17 (IANS) –': place, the date as written, and the agency."""

    place: str | None
    date_text: str | None
    month: int | None
    day: int | None
    agency: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Credit:
    """An outlet or agency the text credits. ``role``: dateline | cited | metadata | byline."""

    name: str
    kind: Literal["agency", "outlet", "unknown"]
    role: str
    start: int | None
    end: int | None
    text: str | None
    in_lexicon: bool = True


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """One piece of evidence for the publication date."""

    origin: DateOrigin
    value: str
    precision: Precision
    text: str | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None


@dataclass(slots=True)
class DateResolution:
    """The publication date chosen, its window, and every candidate that was considered."""

    published: str | None
    origin: DateOrigin | None
    precision: Precision | None
    earliest: str | None
    latest: str | None
    conflict: bool
    candidates: list[DateCandidate] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention:
    """An extracted item keyed by article id + character span (raw offsets).

    ``kind`` is timex | entity | statement | figure | event | proposal …; ``data`` carries the
    kind's own fields as JSON-able values.
    """

    kind: str
    start: int
    end: int
    text: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ArticleRecord:
    """Everything ingest knows about one article, ready for the store."""

    id: str
    doc: RawDoc
    clean: CleanView
    dates: DateResolution
    dateline: Dateline | None
    credits: list[Credit]
    sentences: list[Sentence]
    content_hash: str
    minhash: bytes | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
