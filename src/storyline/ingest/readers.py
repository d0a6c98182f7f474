"""Paths → RawDoc records: size limit, empty and binary checks, decoding, format detection.

``read_source`` never raises for bad input: each problem becomes an ``IngestError`` naming the
file (and line), and the rest of the batch goes on. The format readers themselves live in
``storyline.ingest.formats`` and are registered in ``storyline.registry.readers``.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from ..errors import IngestError, Messages
from ..models import RawDoc, SourceRef
from ..registry import readers
from . import DEFAULT_MAX_BYTES
from .discover import STDIN, iter_sources
from .formats import FORMATS, Reader

STDIN_NAME = "<stdin>"
CHUNK = 1 << 20
SNIFF_BYTES = 8192

# Signatures of binary files people drop into article folders by mistake.
BINARY_MAGIC: dict[bytes, str] = {
    b"%PDF-": "PDF",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"PK\x03\x04": "ZIP",
    b"PK\x05\x06": "ZIP",
    b"\x1f\x8b": "GZIP",
    b"\xfd7zXZ\x00": "XZ",
    b"7z\xbc\xaf\x27\x1c": "7Z",
    b"Rar!\x1a\x07": "RAR",
    b"\x28\xb5\x2f\xfd": "ZSTD",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "OLE (old Word/Excel)",
    b"SQLite format 3\x00": "SQLite",
    b"\x7fELF": "ELF executable",
}

# Byte-order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
WESTERN_MAX_NON_ASCII = 0.15
"""Above this share of non-ASCII bytes a legacy file is probably not Western European."""
HIGH_BYTES = bytes(range(0x80, 0x100))
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")
"""A byte that is not UTF-8, as ``surrogateescape`` decoding leaves it."""
SURROGATE = re.compile(r"[\ud800-\udfff\x00]")
"""A lone surrogate (JSON's ``\\ud800``), which no encoding can write, or a NUL (``\\u0000``),
which PostgreSQL text cannot hold: either would fail the article at the store."""
REPLACEMENT = "\ufffd"

Decoded = tuple[str, str]
Decoder = Callable[[bytes], Decoded | None]


# -- reading -------------------------------------------------------------------------------


def _drain(stream: BinaryIO) -> int:
    """Bytes left in ``stream``, read and thrown away in chunks (memory stays flat)."""
    total = 0
    while chunk := stream.read(CHUNK):
        total += len(chunk)
    return total


def _read_capped(stream: BinaryIO, max_bytes: int, source: SourceRef) -> bytes | IngestError:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        size = len(data) + _drain(stream)
        return IngestError(
            source, Messages.TOO_LARGE.format(size=size, limit=max_bytes), param="max_bytes"
        )
    return data


def _read_file(path: Path, max_bytes: int, source: SourceRef) -> bytes | IngestError:
    try:
        size = path.stat().st_size
        if path.is_dir():
            return IngestError(source, Messages.READ_FAILED.format(error="it is a directory"))
        if size > max_bytes:  # refuse before reading a byte
            return IngestError(
                source, Messages.TOO_LARGE.format(size=size, limit=max_bytes), param="max_bytes"
            )
        with path.open("rb") as fh:
            return _read_capped(fh, max_bytes, source)
    except FileNotFoundError:
        return IngestError(source, Messages.NO_SUCH_PATH)
    except OSError as err:
        return IngestError(source, Messages.READ_FAILED.format(error=err.strerror or err))


# -- binary detection -----------------------------------------------------------------------


def wide_encoding(data: bytes) -> str | None:
    """UTF-16/32 by byte-order mark, or BOM-less UTF-16 by its NUL-every-other-byte pattern."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) == len(odd) and 0 not in even:
        return "utf-16-le"
    if even.count(0) == len(even) and 0 not in odd:
        return "utf-16-be"
    return None


def sniff_binary(data: bytes) -> str | None:
    """What kind of binary ``data`` is (``"PDF"``, ``"NUL bytes"``…), or None for text."""
    for magic, kind in BINARY_MAGIC.items():
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:SNIFF_BYTES] and wide_encoding(data) is None:
        return "NUL bytes"
    return None


# -- decoding: tried in order, the first that fits wins --------------------------------------


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_utf8(data: bytes) -> Decoded | None:
    """UTF-8, with or without a byte-order mark (``utf-8-sig`` records that it had one)."""
    text = _strict(data, "utf-8-sig")
    if text is None:
        return None
    return text, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"


def decode_utf8_replacing(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray bytes: those become U+FFFD (one each, so offsets stay put).

    Taken when the file's valid multi-byte UTF-8 sequences are at least as many as its bad
    bytes; a legacy code page rarely forms valid UTF-8 sequences, so it falls through to the
    code-page decoders below. :func:`replaced_bytes` tells the reader what was replaced.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(ESCAPED_BYTE.findall(text))
    valid = sum(1 for c in text if ord(c) > 0x7F) - bad
    if bad == 0 or valid < bad:
        return None
    text = ESCAPED_BYTE.sub(REPLACEMENT, text)
    return text.removeprefix("\ufeff"), "utf-8"


def replaced_bytes(data: bytes) -> tuple[int, int]:
    """``(count, first offset)`` of the bytes of ``data`` that are not UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    first = ESCAPED_BYTE.search(text)
    if first is None:
        return 0, -1
    offset = len(text[: first.start()].encode("utf-8", "surrogateescape"))
    return len(ESCAPED_BYTE.findall(text)), offset


def decode_wide(data: bytes) -> Decoded | None:
    """UTF-16 or UTF-32 (see :func:`wide_encoding`)."""
    encoding = wide_encoding(data)
    text = _strict(data, encoding) if encoding else None
    return (text, encoding) if text is not None and encoding else None


def decode_declared(data: bytes) -> Decoded | None:
    """The charset an HTML or XML page declares for itself in its first bytes."""
    m = DECLARED_CHARSET.search(data[:SNIFF_BYTES])
    if m is None:
        return None
    declared = (m[1] or m[2]).decode("ascii").lower()
    try:
        encoding = codecs.lookup(declared).name
    except LookupError:
        return None
    text = _strict(data, encoding)
    return (text, encoding) if text is not None else None


def decode_western(data: bytes) -> Decoded | None:
    """Windows-1252 (a superset of Latin-1 in practice) for mostly-ASCII text.

    charset-normalizer guesses poorly on short, mostly-English texts (Latin-1 comes back as a
    Baltic code page), and Windows-1252 is by far the commonest legacy encoding of such news.
    """
    non_ascii = len(data) - len(data.translate(None, HIGH_BYTES))  # C speed, not a loop
    if not data or non_ascii / len(data) > WESTERN_MAX_NON_ASCII:
        return None
    text = _strict(data, "cp1252")
    if text is None or CONTROL.search(text):
        return None
    return text, "cp1252"


def decode_detected(data: bytes) -> Decoded | None:
    """Whatever charset-normalizer finds most plausible, if anything."""
    best = from_bytes(data).best()
    if best is None:
        return None
    # cp1250/cp1252/… decode these bytes alike: name the Western one people expect
    encoding = "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding
    return str(best), encoding


DECODERS: tuple[Decoder, ...] = (
    decode_utf8,
    decode_wide,
    decode_declared,
    decode_utf8_replacing,
    decode_western,
    decode_detected,
)


def decode(data: bytes) -> Decoded | None:
    """``(text, encoding)`` from the first decoder in :data:`DECODERS` that fits, or None."""
    for decoder in DECODERS:
        found = decoder(data)
        if found is not None:
            return found
    return None


# -- format detection -----------------------------------------------------------------------


def detect_format(text: str, suffix: str = "") -> str:
    """The format name for ``text`` found in a file ending in ``suffix``.

    A trusted extension (``.csv``, ``.jsonl``, ``.html``) decides; otherwise the sniffers run
    in priority order, and a weak extension (``.txt``, ``.json``) is only the fallback.
    """
    owner = next((f for f in FORMATS.values() if suffix.lower() in f.extensions), None)
    if owner is not None and owner.trust_extension:
        return owner.name
    for fmt in sorted(FORMATS.values(), key=lambda f: f.priority):
        if fmt.sniff is not None and fmt.sniff(text):
            return fmt.name
    return owner.name if owner is not None else "text"


def get_reader(format_name: str) -> Reader:
    """The registered reader of ``format_name`` (``"seed"`` → ``storyline.reader.seed.v1``)."""
    reader: Reader = readers.get(FORMATS[format_name].registry_name)
    return reader


# -- entry points -----------------------------------------------------------------------------


def _decoding_problems(data: bytes, encoding: str) -> list[str]:
    if encoding != "utf-8" or _strict(data, "utf-8") is not None:
        return []
    count, offset = replaced_bytes(data)
    return [Messages.BAD_UTF8_BYTES.format(count=count, offset=offset)] if count else []


def _scrubbed(doc: RawDoc) -> RawDoc:
    """``doc`` without lone surrogates (each becomes U+FFFD, offsets unchanged), said so."""
    fields = {"text": doc.text, "original": doc.original, **doc.meta}
    if not any(v and SURROGATE.search(v) for v in fields.values()):
        return doc
    count = sum(len(SURROGATE.findall(v)) for v in fields.values() if v)

    def fix(v: str) -> str:
        return SURROGATE.sub(REPLACEMENT, v)

    return dataclasses.replace(
        doc,
        text=fix(doc.text),
        original=fix(doc.original) if doc.original else doc.original,
        meta={k: fix(v) for k, v in doc.meta.items()},
        problems=[*doc.problems, Messages.SURROGATES.format(count=count)],
    )


def _read_documents(
    text: str, fmt: str, source: SourceRef, encoding: str, problems: list[str]
) -> Iterator[RawDoc | IngestError]:
    """The reader's documents, each checked; a reader that fails costs only what is left of
    its own file (a crash inside a third-party parser is this file's error, not the run's)."""
    try:
        for item in get_reader(fmt)(text, source, encoding=encoding):
            if isinstance(item, RawDoc):
                item = _scrubbed(item)
                item.problems[:0] = problems
            yield item
    except RecursionError:
        yield IngestError(source, Messages.TOO_DEEP)
    except Exception as err:  # any reader bug on hostile input is this file's problem only
        reason = Messages.READER_FAILED.format(error=f"{type(err).__name__}: {err}"[:300])
        yield IngestError(source, reason)


def _checked_text(data: bytes, source: SourceRef) -> Decoded | IngestError:
    if not data:
        return IngestError(source, Messages.EMPTY)
    kind = sniff_binary(data)
    if kind is not None:
        return IngestError(source, Messages.BINARY.format(kind=kind))
    decoded = decode(data)
    if decoded is None:
        return IngestError(source, Messages.UNDECODABLE)
    if not decoded[0].strip():
        return IngestError(source, Messages.EMPTY)
    return decoded


def read_source(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDoc | IngestError]:
    """Every document in ``path`` (``Path("-")``: standard input), or why it could not be read.

    Never raises for bad input. Steps: size limit, empty, binary, decoding, format detection
    (extension and content), then the reader registered for the format.
    """
    from_stdin = str(path) == STDIN
    source = SourceRef(STDIN_NAME if from_stdin else str(path))
    if from_stdin:
        data = _read_capped(stdin or sys.stdin.buffer, max_bytes, source)
    else:
        data = _read_file(path, max_bytes, source)
    if isinstance(data, IngestError):
        yield data
        return
    checked = _checked_text(data, source)
    if isinstance(checked, IngestError):
        yield checked
        return
    text, encoding = checked
    problems = _decoding_problems(data, encoding)
    try:
        fmt = detect_format(text, "" if from_stdin else path.suffix)
    except RecursionError:  # a sniffer parsing nesting deeper than Python's stack
        yield IngestError(source, Messages.TOO_DEEP)
        return
    yield from _read_documents(text, fmt, source, encoding, problems)


def iter_documents(
    args: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDoc | IngestError]:
    """Discover the sources named by ``args`` and read every document in them, in order."""
    for found in iter_sources(list(args)):
        if isinstance(found, IngestError):
            yield found
        else:
            yield from read_source(found, max_bytes=max_bytes, stdin=stdin)
