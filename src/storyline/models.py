"""Typed records passed between the pipeline stages.

ingest → extract → store → story → outputs. Every offset in these records is a character
offset into ``RawDoc.text`` (the verbatim text), so every fact can be traced to its source.
"""

from __future__ import annotations

from bisect import bisect_right
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
    to one; between runs the clean view was rewritten (e.g. ``-LRB-`` → ``(``). ``rewrites``
    records each rewritten stretch as ``(clean_start, clean_end, raw_start, raw_end)`` so a
    rewritten character maps to the exact raw token it came from (deleted raw text, e.g. a
    dropped line or a PTB space, has no clean characters and so appears in neither list).
    """

    runs: list[tuple[int, int, int]] = field(default_factory=list)
    rewrites: list[tuple[int, int, int, int]] = field(default_factory=list)

    def _run_at(self, i: int) -> tuple[int, int, int] | None:
        k = bisect_right(self.runs, (i, _BIG, _BIG)) - 1
        if k >= 0:
            cs, rs, n = self.runs[k]
            if i < cs + n:
                return cs, rs, n
        return None

    def _rewrite_at(self, i: int) -> tuple[int, int, int, int] | None:
        k = bisect_right(self.rewrites, (i, _BIG, _BIG, _BIG)) - 1
        if k >= 0 and i < self.rewrites[k][1]:
            return self.rewrites[k]
        return None

    def is_rewritten(self, i: int) -> bool:
        """True when clean offset ``i`` is part of a rewritten token (not a verbatim character)."""
        return self._run_at(i) is None and self._rewrite_at(i) is not None

    def to_raw(self, i: int) -> int:
        """Raw offset of clean offset ``i`` (an offset inside a rewritten token maps to its start).

        ``i`` equal to the clean length maps just past the last mapped raw character.
        """
        if not self.runs and not self.rewrites:
            return i
        run = self._run_at(i)
        if run is not None:
            return run[1] + (i - run[0])
        rw = self._rewrite_at(i)
        if rw is not None:
            return rw[2]
        return self._raw_end_before(i)

    def _raw_end_before(self, i: int) -> int:
        """Raw end of the last mapped character before clean offset ``i`` (0 when none)."""
        end = 0
        k = bisect_right(self.runs, (i, _BIG, _BIG)) - 1
        if k >= 0:
            cs, rs, n = self.runs[k]
            end = rs + min(n, i - cs)
        j = bisect_right(self.rewrites, (i, _BIG, _BIG, _BIG)) - 1
        if j >= 0 and self.rewrites[j][1] <= i:
            end = max(end, self.rewrites[j][3])
        return end

    def to_raw_end(self, i: int) -> int:
        """Raw offset just past the raw character(s) that clean offset ``i`` came from."""
        run = self._run_at(i)
        if run is not None:
            return run[1] + (i - run[0]) + 1
        rw = self._rewrite_at(i)
        if rw is not None:
            return rw[3]
        return self.to_raw(i)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw span covering the clean span ``[start, end)`` (whole tokens when rewritten)."""
        if end <= start:
            r = self.to_raw(start)
            return r, r
        return self.to_raw(start), self.to_raw_end(end - 1)

    def from_raw(self, r: int) -> int | None:
        """Clean offset of raw offset ``r``, or None when that raw character was dropped."""
        # Runs and rewrites are monotone on the raw side too, so bisect by raw start.
        k = bisect_right(self.runs, r, key=lambda run: run[1]) - 1
        if k >= 0:
            cs, rs, n = self.runs[k]
            if r < rs + n:
                return cs + (r - rs)
        j = bisect_right(self.rewrites, r, key=lambda rw: rw[2]) - 1
        if j >= 0 and r < self.rewrites[j][3]:
            return self.rewrites[j][0]
        return None


_BIG = 1 << 62


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
    year: int | None = None
    """The year when the dateline writes one (e.g. Reuters' 'Tue May 12, 2009 8:56 am EDT')."""


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
    mentions: list[Mention] = field(default_factory=list)
    """Extracted items (timexes, entities, statements…), stored in the same transaction."""
