"""What ``storyline export`` can write, apart from ``export`` itself (which loads the facade),
so that the command line can offer the choices without loading spaCy or the store."""

from __future__ import annotations

from enum import StrEnum

from ..extract.kinds import KIND_GROUPS

KINDS = ("articles", *KIND_GROUPS.values())
"""What can be exported: the articles, and the stored mentions of each kind (plural names)."""


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    md = "md"
    timelinejs = "timelinejs"
    html = "html"
