"""The kinds of extracted item the store holds, and the plural key each is grouped under.

Apart from ``collect`` (which needs spaCy) so that the CLI and the web app can name the kinds
without loading a pipeline.
"""

from __future__ import annotations

KIND_GROUPS = {
    "timex": "timexes",
    "entity": "entities",
    "statement": "statements",
    "figure": "figures",
    "event": "events",
    "proposal": "proposals",
}
"""Stored kind → the plural key it is grouped under in ``show --format json``."""
