"""Conditions on the JSON ``data`` of mentions, built into SQL as datasette builds its
``column__op=value`` where-clauses.

Each condition has a SQL clause and the exact Python test it stands for. Equality is exact in
SQL. Case-insensitive matching is not: Python's ``casefold`` folds non-ASCII text ("ß" → "ss")
in ways SQLite's ``lower`` cannot, so its clause also keeps every value holding a non-ASCII
character or a backslash (a JSON escape), and the store checks the rows it keeps in Python.
The clause never drops a row the Python test keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

import sqlalchemy as sa

from ..errors import Messages, StoreError

Op = Literal["exact", "icontains", "any_icontains", "isingular", "truthy"]

UNSURE = r"[^\x01-\x5b\x5d-\x7f]"
"""A non-ASCII character or a backslash: where ``lower()`` + ``LIKE`` may misjudge a match.
Python's ``re`` and PostgreSQL's regular expressions read it alike."""


@dataclass(frozen=True, slots=True)
class Match:
    """``data[field] <op> value``.

    ``exact``: equals ``value``. ``icontains``: contains ``value``, both casefolded.
    ``any_icontains``: a list field with an item that ``icontains`` ``value``.
    ``isingular``: equal once casefolded and trailing s's dropped ("Hostages" = "hostage").
    ``truthy``: ``bool(data[field]) == value``.
    """

    field: str
    op: Op
    value: Any

    def clause(self, data: sa.ColumnElement[Any]) -> sa.ColumnElement[bool] | None:
        """A SQL condition keeping at least every row :meth:`test` keeps (None: no SQL)."""
        text = data[self.field].as_string()
        if self.op == "exact":
            return text == self.value
        if self.op in ("icontains", "any_icontains"):
            return _or_unsure(
                text, sa.func.lower(text).contains(_fold(self.value), autoescape=True)
            )
        if self.op == "isingular":
            return _or_unsure(
                text, sa.func.rtrim(sa.func.lower(text), "s") == _singular(self.value)
            )
        if self.op == "truthy":
            # JSON true/false read differently per dialect; a true value is at least not null.
            return text.is_not(None) if self.value else None
        raise StoreError(Messages.NO_FILTER.format(op=self.op, known=get_args(Op)))

    @property
    def exact_in_sql(self) -> bool:
        return self.op == "exact"

    def test(self, data: Mapping[str, Any]) -> bool:
        """The exact condition, on a mention's data."""
        value: Any = data.get(self.field)
        if self.op == "exact":
            return bool(value == self.value)
        if self.op == "icontains":
            return _fold(self.value) in (value or "").casefold()
        if self.op == "any_icontains":
            return any(_fold(self.value) in (v or "").casefold() for v in value or [])
        if self.op == "isingular":
            return bool(value) and _singular(value) == _singular(self.value)
        return bool(value) == self.value


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Any of several conditions (OR)."""

    matches: tuple[Match, ...]

    def __init__(self, *matches: Match) -> None:
        object.__setattr__(self, "matches", matches)

    def clause(self, data: sa.ColumnElement[Any]) -> sa.ColumnElement[bool] | None:
        clauses = [c for c in (m.clause(data) for m in self.matches) if c is not None]
        if not clauses or len(clauses) < len(self.matches):
            return None  # one side unconstrained in SQL: the OR is too
        return sa.or_(*clauses)

    @property
    def exact_in_sql(self) -> bool:
        return all(m.exact_in_sql for m in self.matches)

    def test(self, data: Mapping[str, Any]) -> bool:
        return any(m.test(data) for m in self.matches)


Where = Match | AnyOf
"""One condition of a ``where`` list; the list's conditions all hold (AND)."""


def sql_clauses(where: Iterable[Where], data: sa.ColumnElement[Any]) -> list[Any]:
    return [c for c in (w.clause(data) for w in where) if c is not None]


def _fold(value: str) -> str:
    return value.casefold()


def _singular(value: str) -> str:
    return value.casefold().rstrip("s")


def _or_unsure(text: sa.ColumnElement[Any], clause: sa.ColumnElement[bool]) -> Any:
    # ``as_string`` casts to text: SQLite's regexp is a Python function that needs text.
    return sa.or_(clause, text.regexp_match(UNSURE))
