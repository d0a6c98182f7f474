"""JSON Lines (one article object a line) and JSON (an array of article objects, or one).

A broken line is reported with its line number and the other lines still come through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ...errors import IngestError, Messages
from ...models import RawDoc, SourceRef
from .base import first_line, reader_format
from .records import kind_of, record_to_doc

NON_BLANK = re.compile(r"\S")


def _is_object(line: str) -> bool:
    if not line.startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def sniff_jsonl(text: str) -> bool:
    """True when the first line is a whole JSON object and more lines follow it."""
    first = NON_BLANK.search(text)
    end = text.find("\n", first.start()) if first else -1
    more = end != -1 and NON_BLANK.search(text, end) is not None
    return more and first is not None and _is_object(text[first.start() : end].strip())


def sniff_json(text: str) -> bool:
    """True when the content opens like a JSON array or object."""
    return first_line(text)[:1] in ("[", "{")


def _decode_error(err: json.JSONDecodeError) -> str:
    return f"{err.msg} at column {err.colno}"


def _record(item: object, source: SourceRef, fmt: str, encoding: str) -> RawDoc | IngestError:
    if not isinstance(item, dict):
        return IngestError(source, Messages.NOT_AN_OBJECT.format(kind=kind_of(item)))
    return record_to_doc(item, source, fmt=fmt, encoding=encoding)


@reader_format("jsonl", extensions=(".jsonl", ".ndjson"), sniff=sniff_jsonl, priority=30)
def read_jsonl(text: str, source: SourceRef, *, encoding: str) -> Iterator[RawDoc | IngestError]:
    """A document per non-blank line; SourceRef.line is the 1-based line number."""
    # split on "\n" only: str.splitlines() would also break on U+2028 inside JSON strings
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        here = SourceRef(source.path, number)
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            yield IngestError(here, Messages.BAD_JSON_LINE.format(error=_decode_error(err)))
            continue
        except RecursionError:  # nesting deeper than Python's stack: this line only
            yield IngestError(here, Messages.TOO_DEEP)
            continue
        yield _record(item, here, "jsonl", encoding)


@reader_format("json", extensions=(".json",), trust_extension=False, sniff=sniff_json, priority=40)
def read_json(text: str, source: SourceRef, *, encoding: str) -> Iterator[RawDoc | IngestError]:
    """A document per object of a top-level array (line = index + 1), or the one object."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield IngestError(
            SourceRef(source.path, err.lineno), Messages.BAD_JSON.format(error=_decode_error(err))
        )
        return
    except RecursionError:
        yield IngestError(source, Messages.TOO_DEEP)
        return
    if isinstance(data, list):
        if not data:
            yield IngestError(source, Messages.NO_RECORDS)
        for i, item in enumerate(data):
            yield _record(item, SourceRef(source.path, i + 1), "json", encoding)
        return
    yield _record(data, source, "json", encoding)
