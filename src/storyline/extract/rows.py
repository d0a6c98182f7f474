"""Component records as the JSON-able rows they leave on the Doc."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any


def json_row(record: Any) -> dict[str, Any]:
    """A dataclass record as a dict whose ``*_span`` pairs are lists, as JSON gives them back
    (so a row read from the store equals the row the component made)."""
    row = asdict(record)
    for key, value in row.items():
        if key.endswith("_span") and value is not None:
            row[key] = list(value)
    return row
