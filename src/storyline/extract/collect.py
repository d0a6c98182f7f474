"""From a parsed Doc of the clean view to stored mentions with raw-text offsets.

Each extraction component leaves JSON-able rows on the Doc; a collector per kind (registered,
not an if-chain) turns them into ``Mention``s whose spans point into the verbatim raw text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import catalogue
from spacy.tokens import Doc

from ..models import CleanView, Mention
from .kinds import KIND_GROUPS as KIND_GROUPS  # its old home; callers may import it here
from .nlp import doc_record

collectors = catalogue.create("storyline", "collectors", entry_points=False)
"""Kind name → ``fn(record: dict) -> Iterable[dict]`` giving rows with clean-view offsets."""

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@collectors.register("timex")
def _timexes(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    return record.get("timexes") or []


@collectors.register("entity")
def _entities(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for row in record.get("entities") or []:
        row = dict(row)
        row["start"], row["end"] = row.pop("start_char"), row.pop("end_char")
        row.pop("cluster", None)  # token-level bookkeeping of the component
        yield row


def _char_rows(group: str) -> Callable[[dict[str, Any]], Iterable[dict[str, Any]]]:
    """A collector for a group whose rows carry ``start_char``/``end_char``."""

    def collect(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
        for row in record.get(group) or []:
            row = dict(row)
            row["start"], row["end"] = row.pop("start_char"), row.pop("end_char")
            yield row

    return collect


for _kind in ("statement", "figure", "event", "proposal"):
    collectors.register(_kind, func=_char_rows(KIND_GROUPS[_kind]))


def mentions_from_doc(
    doc: Doc,
    clean: CleanView,
    raw: str,
    *,
    published: str | None = None,
    kinds: Iterable[str] | None = None,
) -> list[Mention]:
    """Every extracted item of ``doc`` (parsed from ``clean.text``) as raw-offset mentions."""
    record = doc_record(doc)
    out: list[Mention] = []
    for kind in kinds or collectors.get_all():
        collect: Callable[[dict[str, Any]], Iterable[dict[str, Any]]] = collectors.get(kind)
        for row in collect(record):
            out.append(_to_raw(kind, dict(row), clean, raw))
    statements = [m for m in out if m.kind == "statement"]
    if statements:
        date_statements(statements, [m for m in out if m.kind == "timex"], doc, clean, published)
    return out


def _to_raw(kind: str, row: dict[str, Any], clean: CleanView, raw: str) -> Mention:
    start, end = clean.offsets.span_to_raw(row.pop("start"), row.pop("end"))
    row.pop("text", None)
    for key, value in row.items():
        # every "<name>_span" field is a [start, end] pair into the clean view
        if key.endswith("_span") and value:
            row[key] = list(clean.offsets.span_to_raw(*value))
    return Mention(kind=kind, start=start, end=end, text=raw[start:end], data=row)


def date_statements(
    statements: list[Mention],
    timexes: list[Mention],
    doc: Doc,
    clean: CleanView,
    published: str | None,
) -> None:
    """A statement is dated by a day-level time expression in its sentence outside the quote
    ("the office said on Wednesday"), else by the publication date."""
    sentence_of = _sentence_finder(doc, clean)
    # A calendar day, not one end of an interval ("since March 18") nor an unanchored weekday.
    dated = [
        t
        for t in timexes
        if t.data.get("type") == "DATE"
        and DAY.fullmatch(str(t.data.get("value")))
        and not t.data.get("signal")
    ]
    for st in statements:
        cue = st.data.get("cue_span") or [st.start, st.end]
        sent = sentence_of(cue[0])
        best = None
        for t in dated:
            inside_quote = st.start <= t.start < st.end and st.data.get("direct")
            in_sentence = sent is not None and sent[0] <= t.start < sent[1]
            closer = best is None or abs(t.start - cue[0]) < abs(best.start - cue[0])
            if in_sentence and not inside_quote and closer:
                best = t
        if best is not None:
            st.data["date"] = best.data["value"]
            st.data["date_from"] = "timex"
        elif published:
            st.data["date"] = published
            st.data["date_from"] = "publication"


def _sentence_finder(doc: Doc, clean: CleanView) -> Callable[[int], tuple[int, int] | None]:
    spans = [clean.offsets.span_to_raw(s.start_char, s.end_char) for s in doc.sents]

    def find(raw_offset: int) -> tuple[int, int] | None:
        for start, end in spans:
            if start <= raw_offset < end:
                return start, end
        return None

    return find
