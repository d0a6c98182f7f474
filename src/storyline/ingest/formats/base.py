"""What a document format is: its reader, the file extensions it owns, how to recognise it.

Each format module declares itself with :func:`reader_format`, which registers the reader in
``storyline.registry.readers`` under a versioned name and records how to detect it, so format
detection is a table walk instead of an if-chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from ...errors import IngestError
from ...models import RawDoc, SourceRef
from ...registry import readers


class Reader(Protocol):
    """A reader turns the decoded text of one source into documents or per-record errors."""

    def __call__(
        self, text: str, source: SourceRef, *, encoding: str
    ) -> Iterator[RawDoc | IngestError]: ...


Sniffer = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class Format:
    """A document format as detection sees it.

    ``extensions`` with ``trust_extension`` decide the format outright (``.csv`` is CSV even if
    it looks odd); weak extensions (``.txt``, ``.json``) only give the fallback when no sniffer
    recognises the content. Sniffers run in ``priority`` order, lowest first.
    """

    name: str
    registry_name: str
    extensions: tuple[str, ...]
    trust_extension: bool
    sniff: Sniffer | None
    priority: int


FORMATS: dict[str, Format] = {}
"""Formats by short name (``"seed"``, ``"jsonl"`` …), filled as format modules are imported."""


def reader_format(
    name: str,
    *,
    version: int = 1,
    extensions: tuple[str, ...] = (),
    trust_extension: bool = True,
    sniff: Sniffer | None = None,
    priority: int = 100,
) -> Callable[[Reader], Reader]:
    """Register a reader as ``storyline.reader.<name>.v<version>`` and declare its format."""
    registry_name = f"storyline.reader.{name}.v{version}"

    def decorate(fn: Reader) -> Reader:
        readers.register(registry_name, func=fn)
        FORMATS[name] = Format(
            name=name,
            registry_name=registry_name,
            extensions=tuple(e.lower() for e in extensions),
            trust_extension=trust_extension,
            sniff=sniff,
            priority=priority,
        )
        return fn

    return decorate


def first_line(text: str, limit: int = 65_536) -> str:
    """The first non-blank line of ``text`` (looking at most ``limit`` characters in)."""
    for line in text[:limit].splitlines():
        if line.strip():
            return line.strip()
    return ""
