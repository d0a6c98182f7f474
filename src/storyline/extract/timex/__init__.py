"""Time expressions: recognition and TIMEX3 normalization relative to the publication date.

``find_timexes(text, dct, doc=None) -> list[Timex]`` is the pure API; ``component`` holds
the spaCy factory ``storyline_timexes`` (``storyline.extract.nlp`` imports it).
"""

from __future__ import annotations

from .engine import coerce_dct, find_timexes
from .model import Timex

__all__ = ["Timex", "coerce_dct", "find_timexes"]
