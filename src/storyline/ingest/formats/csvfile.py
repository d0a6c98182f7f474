"""CSV/TSV: a row per article, columns named like the JSON fields (case-insensitive)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ...errors import IngestError, Messages
from ...models import RawDoc, SourceRef
from .base import reader_format
from .records import META_FIELDS, TEXT_FIELDS, key_index, record_to_doc

DELIMITERS = ",\t;|"
KNOWN_FIELDS = frozenset(TEXT_FIELDS).union(*META_FIELDS.values())


def _header_line(text: str) -> str:
    end = text.find("\n")
    return (text if end == -1 else text[:end]).rstrip("\r")


def _columns(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def header_delimiter(text: str) -> str | None:
    """The delimiter that splits the header line into the most known field names.

    The header is simpler than the rows (no prose full of commas), so it is a surer guide than
    ``csv.Sniffer`` on article text.
    """
    line = _header_line(text)
    best, best_hits = None, 0
    for delimiter in DELIMITERS:
        columns = _columns(line, delimiter)
        hits = sum(c.strip().lower() in KNOWN_FIELDS for c in columns)
        if len(columns) > 1 and hits > best_hits:
            best, best_hits = delimiter, hits
    return best


def sniff_csv(text: str) -> bool:
    """True when the first line is a delimited header with a text column."""
    delimiter = header_delimiter(text)
    if delimiter is None:
        return False
    columns = _columns(_header_line(text), delimiter)
    return any(c.strip().lower() in TEXT_FIELDS for c in columns)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    delimiter = header_delimiter(text)
    if delimiter is not None:
        return csv.excel_tab if delimiter == "\t" else _with_delimiter(delimiter)
    try:
        return csv.Sniffer().sniff(text[:65_536], delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel


def _with_delimiter(delimiter: str) -> type[csv.Dialect]:
    return type("HeaderDialect", (csv.excel,), {"delimiter": delimiter})


@reader_format("csv", extensions=(".csv", ".tsv"), sniff=sniff_csv, priority=50)
def read_csv(text: str, source: SourceRef, *, encoding: str) -> Iterator[RawDoc | IngestError]:
    """A document per row; SourceRef.line is the line the row starts on (header = line 1)."""
    # an article can exceed the csv module's 128 KiB field default; only ever raise the limit
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    rows = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        header = next(rows, [])
        index = key_index(header)
        if not any(f in index for f in TEXT_FIELDS):
            found = ", ".join(repr(h) for h in header) or "no columns"
            yield IngestError(
                source,
                Messages.NO_TEXT_COLUMN.format(fields=", ".join(TEXT_FIELDS), found=found),
            )
            return
        line = rows.line_num + 1
        for row in rows:
            if any(cell.strip() for cell in row):
                record = dict(zip(header, row, strict=False))
                yield record_to_doc(
                    record, SourceRef(source.path, line), fmt="csv", encoding=encoding
                )
            line = rows.line_num + 1
    except csv.Error as err:
        yield IngestError(SourceRef(source.path, rows.line_num), Messages.BAD_CSV.format(error=err))
