"""Document formats. Importing this package registers every built-in reader."""

from __future__ import annotations

from . import csvfile, jsonl, plain, seed, webpage
from .base import FORMATS, Format, Reader, reader_format

__all__ = [
    "FORMATS",
    "Format",
    "Reader",
    "csvfile",
    "jsonl",
    "plain",
    "reader_format",
    "seed",
    "webpage",
]
