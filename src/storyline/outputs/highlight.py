"""The article text with extracted spans highlighted, for `storyline show`."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from .render import CONTROL

STYLES = {
    "statements": "italic green",
    "timexes": "bold cyan",
    "entities": "underline",
    "figures": "bold magenta",
    "events": "yellow",
    "proposals": "bold yellow",
}
"""Kind → rich style; later kinds win where spans overlap (figures over statements)."""

SPAN_KEYS = {"events": "trigger_span", "proposals": "cue_span"}
"""Kinds whose items cover a whole clause are marked on their trigger word instead."""


def highlight_spans(raw: str, body_start: int, extracted: dict[str, Any]) -> Text:
    """The raw text from ``body_start``, styled by the spans of every extracted kind."""
    # control characters (an ANSI escape) become spaces: shown inert, offsets unchanged
    text = Text(CONTROL.sub(" ", raw[body_start:]))
    for kind, style in STYLES.items():
        for item in extracted.get(kind) or []:
            span = item.get(SPAN_KEYS.get(kind, "")) or (item["start"], item["end"])
            start, end = span[0] - body_start, span[1] - body_start
            if 0 <= start < end <= len(text):
                text.stylize(style, start, end)
    return text
