"""Plain text (``.txt``, ``.md`` or any text nothing else recognises): the whole file."""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import IngestError, Messages
from ...models import RawDoc, SourceRef
from .base import reader_format


@reader_format("text", extensions=(".txt", ".text", ".md", ".markdown"), trust_extension=False)
def read_text(text: str, source: SourceRef, *, encoding: str) -> Iterator[RawDoc | IngestError]:
    """One document, the whole text, body from offset 0."""
    if not text.strip():
        yield IngestError(source, Messages.EMPTY)
        return
    yield RawDoc(text=text, source=source, format="text", encoding=encoding)
