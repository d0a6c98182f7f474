"""The seed format: a first line `` date YYYY-MM-DD`` then the article text.

The text may follow the header on the same line (`` date 2025-04-16 MENAFN - IANS) …``) or on
the next one. ``RawDoc.text`` is the whole file, header included, so offsets into the file and
into the document agree; ``body_start`` says where the article itself begins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ...errors import IngestError, Messages
from ...models import RawDoc, SourceRef
from .base import reader_format

HEADER = re.compile(r"(?P<lead>[ \t]?)date[ \t]+(?P<value>\S+)")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SPACE = re.compile(r"\s*")


def sniff_seed(text: str) -> bool:
    """True for a seed header.

    A bare ``date …`` opening could be prose ("date palms …"), so without the leading space
    the header must carry a digit or stand alone on its line.
    """
    m = HEADER.match(text)
    if m is None:
        return False
    if m["lead"] or any(c.isdigit() for c in m["value"]):
        return True
    rest = text[m.end() : m.end() + 1]
    return rest in ("", "\n", "\r")


def header_date(value: str) -> str | None:
    """``value`` when it is a real ISO calendar day, else None."""
    if ISO_DAY.fullmatch(value) is None:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def skip_space(text: str, i: int) -> int:
    """The first offset at or after ``i`` that is not whitespace (or the end)."""
    m = SPACE.match(text, i)
    return m.end() if m else i


@reader_format("seed", trust_extension=False, sniff=sniff_seed, priority=10)
def read_seed(text: str, source: SourceRef, *, encoding: str) -> Iterator[RawDoc | IngestError]:
    """One document: the whole file, with the header date and where the body starts."""
    m = HEADER.match(text)
    problems: list[str] = []
    if m is None:
        # called directly on a file without a header: keep it all as body, say so
        value, body_start = None, 0
        problems.append(Messages.BAD_HEADER_DATE.format(value=text[:30].split("\n")[0]))
    else:
        value = header_date(m["value"])
        body_start = skip_space(text, m.end())
        if value is None:
            problems.append(Messages.BAD_HEADER_DATE.format(value=m["value"]))
    if not text[body_start:].strip():
        yield IngestError(source, Messages.NO_BODY)
        return
    yield RawDoc(
        text=text,
        source=source,
        format="seed",
        encoding=encoding,
        body_start=body_start,
        header_date=value,
        problems=problems,
    )
