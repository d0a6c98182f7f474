"""Data files for domain words and patterns (outlets, boilerplate, cue verbs…).

Code reads words from here, never hard-codes them. Plain-text lexicons: one entry a line,
``#`` starts a comment, blank lines ignored. JSON lexicons are read as they are.

A lexicon is named by its packaged file (``"events.json"``). A spaCy component may carry its
own files instead (its ``lexicons`` config): while it runs, :func:`using` maps packaged names to
those paths, and every loader below, and every cache built with :func:`lexicon_cache`, reads
the mapped file. Each file is read once per process (cached by path).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, wraps
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

Overrides = tuple[tuple[str, str], ...]
"""(packaged name, path) pairs in force, sorted: hashable, so caches can key on them."""

_ACTIVE: ContextVar[Overrides] = ContextVar("storyline_lexicons", default=())


class LexiconNotFoundError(ValueError):
    """A component config names a lexicon that is neither packaged nor a file."""

    def __init__(self, ref: str) -> None:
        super().__init__(
            f"no lexicon {ref!r}: give a packaged name (e.g. 'events.json') or a path to a file"
        )


def resolve(ref: str) -> str:
    """The canonical form of a lexicon reference: a packaged name as is, a path made absolute.

    Raises :class:`LexiconNotFoundError` when ``ref`` names neither.
    """
    if "/" not in ref and "\\" not in ref and files(__package__).joinpath(ref).is_file():
        return ref
    path = Path(ref).expanduser()
    if path.is_file():
        return str(path.resolve())
    raise LexiconNotFoundError(ref)


def overrides(defaults: Mapping[str, str], config: Mapping[str, str]) -> dict[str, str]:
    """The packaged names a component's ``lexicons`` config replaces, mapped to their files.

    ``defaults`` maps the component's config keys to packaged names; ``config`` is what the
    pipeline gave. Unknown keys raise ``ValueError``; entries equal to the default drop out.
    """
    unknown = sorted(set(config) - set(defaults))
    if unknown:
        raise ValueError(f"unknown lexicon keys {unknown}; expected some of {sorted(defaults)}")
    out = {}
    for key, ref in config.items():
        source = resolve(ref)
        if source != defaults[key]:
            out[defaults[key]] = source
    return out


@contextmanager
def using(mapping: Mapping[str, str]) -> Iterator[None]:
    """Read the files of ``mapping`` (packaged name → path) instead of the packaged ones."""
    if not mapping:
        yield
        return
    merged = dict(_ACTIVE.get())
    merged.update(mapping)
    token = _ACTIVE.set(tuple(sorted(merged.items())))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def source_of(name: str) -> str:
    """The file that the packaged name ``name`` means now (its override, else itself)."""
    for packaged, path in _ACTIVE.get():
        if packaged == name:
            return path
    return name


def lexicon_cache(fn: Callable[[], T]) -> Callable[[], T]:
    """Like ``functools.cache`` for a function of no arguments built from lexicons: one value
    per set of overrides in force, so a component's own files never leak into another's."""
    memo: dict[Overrides, T] = {}

    @wraps(fn)
    def wrapper() -> T:
        key = _ACTIVE.get()
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = fn()
            return value

    return wrapper


def _read(source: str) -> str:
    if Path(source).is_absolute():
        return Path(source).read_text(encoding="utf-8")
    return files(__package__).joinpath(source).read_text(encoding="utf-8")


def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of the text lexicon ``name`` (e.g. ``"boilerplate.txt"``)."""
    return _lines(source_of(name))


@cache
def _lines(source: str) -> tuple[str, ...]:
    out = []
    for line in _read(source).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


def load_json(name: str) -> Any:
    """The parsed JSON lexicon ``name`` (e.g. ``"outlets.json"``)."""
    return _load_json(source_of(name))


@cache
def _load_json(source: str) -> Any:
    return json.loads(_read(source))


CALENDAR = "months_weekdays.json"
"""The one file of month and weekday names (dates in text, datelines, time expressions)."""


def calendar_forms() -> tuple[dict[str, int], dict[str, int]]:
    """Lower-cased month forms (1-12) and weekday forms (0 = Monday), full and abbreviated,
    from :data:`CALENDAR`; for readers that match case-insensitively."""
    lex = load_json(CALENDAR)
    months = {k.lower(): v for k, v in {**lex["months"], **lex["month_abbreviations"]}.items()}
    weekdays = {
        k.lower(): v for k, v in {**lex["weekdays"], **lex["weekday_abbreviations"]}.items()
    }
    return months, weekdays
