"""Time expressions: recognition and TIMEX3 normalization relative to the publication date.

``find_timexes(text, dct, doc=None) -> list[Timex]`` is the pure API; ``component`` registers
the spaCy component ``storyline_timexes`` (import it to make the factory known to spaCy).
"""

from __future__ import annotations

from .engine import coerce_dct, find_timexes
from .model import Timex

__all__ = ["Timex", "coerce_dct", "find_timexes"]
