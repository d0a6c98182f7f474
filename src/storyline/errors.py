"""Error catalogue: every message says what was expected, what arrived, and how to fix it.

Core code raises these; only the CLI edge turns them into exit codes and stderr lines.
"""

from __future__ import annotations

from .models import SourceRef


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""


class IngestError(StorylineError):
    """A document (or a line of one) that could not be read; the rest of the batch goes on."""

    def __init__(self, source: SourceRef, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class StoreError(StorylineError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(StorylineError):
    """An id or name that the store does not hold."""


class Messages:
    """The catalogue of user-facing reasons, formatted with ``.format(**fields)``."""

    EMPTY = "empty file (no text to ingest)"
    BINARY = "binary content ({kind}); expected text, JSON, CSV or HTML"
    TOO_LARGE = (
        "{size:,} bytes is over the size limit of {limit:,} bytes (raise it with --max-bytes)"
    )
    UNDECODABLE = "could not decode the bytes as text in any known encoding"
    BAD_HEADER_DATE = (
        "malformed header date {value!r}; expected ' date YYYY-MM-DD' on the first line"
    )
    BAD_JSON_LINE = "broken JSON line: {error}"
    BAD_JSON = "broken JSON: {error}"
    NOT_AN_OBJECT = "expected a JSON object with a text field, got {kind}"
    NO_TEXT_FIELD = "no text field; expected one of {fields}"
    NO_TEXT_COLUMN = "CSV has no text column; expected one of {fields}, found {found}"
    EMPTY_TEXT = "the text field is empty"
    NO_SUCH_PATH = "no such file or directory (nor a glob that matches anything)"
    BAD_META_DATE = "unreadable date {value!r} in field {field!r}; expected an ISO date"
    HTML_NO_TEXT = "HTML page has no main text that could be extracted"
    # ingest readers
    NO_BODY = "no article text after the header; expected ' date YYYY-MM-DD' then the text"
    TEXT_NOT_STRING = "the text field {field!r} holds {kind}; expected a string"
    NO_RECORDS = "the JSON array is empty; expected article objects with a text field"
    BAD_CSV = "broken CSV: {error}"
    HTML_BROKEN = "could not parse the HTML page: {error}"
    READ_FAILED = "could not read the file: {error}"
