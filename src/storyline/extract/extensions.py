"""Every ``doc._`` attribute storyline's components write, registered in one place.

Each component leaves JSON-able rows on ``doc._.storyline_<group>`` (so Docs survive
``Doc.to_bytes`` and ``nlp.pipe(n_process>1)``); the typed records are rebuilt from the rows by
each module's reader (``entities.mentions_of``, ``statements.statements_of``,
``events.events_of``, ``timex.component.timexes_of``).
"""

from __future__ import annotations

from spacy.tokens import Doc

PREFIX = "storyline_"
GROUPS = ("entities", "statements", "timexes", "figures", "events", "proposals")
EXTENSIONS = tuple(PREFIX + group for group in GROUPS)


def attr(group: str) -> str:
    """The ``doc._`` path of a group's rows, as ``assigns``/``requires`` name it."""
    return f"doc._.{PREFIX}{group}"


def register_extensions() -> None:
    """Register every row extension (idempotent)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
