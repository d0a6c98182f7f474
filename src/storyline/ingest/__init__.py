"""ingest stage: files → clean, dated, deduplicated articles, written through the store."""

DEFAULT_MAX_BYTES = 5_000_000
"""The size limit of one input file (``--max-bytes``), here so that reading it loads no reader."""
