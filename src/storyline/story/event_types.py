"""The event-type names a user may filter by: a type (``ceasefire_start``), the stem a set
of types shares (``ceasefire`` → its start and end), or a family of types the story clusters
together (``truce``, ``harm``: lexicon ``story_events.json``). An unknown name is an error
that lists the known ones, never a silently empty answer."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from ..errors import Messages, StorylineError
from ..lexicons import load_json


@cache
def known_types() -> frozenset[str]:
    """Every event type the extractor gives (lexicon ``events.json``)."""
    return frozenset(load_json("events.json")["types"])


@cache
def names() -> dict[str, frozenset[str]]:
    """Filter name → the event types it covers."""
    out: dict[str, set[str]] = {}
    for t in known_types():
        out.setdefault(t, set()).add(t)
        stem = t.split("_", 1)[0]
        if stem != t:
            out.setdefault(stem, set()).add(t)
    for family, types in load_json("story_events.json")["families"].items():
        out.setdefault(family, set()).update(types)
    return {k: frozenset(v) for k, v in out.items()}


def expand(wanted: Iterable[str]) -> frozenset[str]:
    """The event types covered by the names in ``wanted`` (case and '-'/' ' → '_' folded);
    a name that covers none raises ``StorylineError`` naming the known ones."""
    table = names()
    out: set[str] = set()
    for name in wanted:
        folded = name.strip().casefold()
        # "cease-fire" / "cease fire" are "ceasefire"; "labor strike" is "labor_strike"
        keys = (
            folded.replace("-", "_").replace(" ", "_"),
            folded.replace("-", "").replace(" ", ""),
        )
        key = next((k for k in keys if k in table), None)
        if key is None:
            raise StorylineError(
                Messages.NO_EVENT_TYPE.format(name=name, known=", ".join(sorted(table))),
                param="type",
            )
        out |= table[key]
    return frozenset(out)
