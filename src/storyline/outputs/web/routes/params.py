"""Query parameters shared by the endpoints, typed so the OpenAPI description states them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError

from .... import dates
from ....api import Storyline
from .. import data
from ..models import Problem

LOOKUP: dict[int | str, dict[str, object]] = {
    404: {"model": Problem, "description": "No article (or entity) by that id or name."},
    400: {"model": Problem, "description": "An article id prefix that matches several."},
}
"""Error responses of the endpoints that look an article or entity up."""
AS_CSV: dict[int | str, dict[str, object]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
}
"""A list endpoint's other body: its page as CSV (``format=csv``)."""
MAX_LIMIT = 1000
DEFAULT_LIMIT = 50
"""A list's page when none is asked for: small, so a default call answers fast; the page
asks for bigger ones (``limit``) and follows ``next_url``."""
MAX_OFFSET = 10**9
BOUND = (
    "ISO day, week, month, quarter or year (2025-04-17, 2025-W16, 2025-04, 2025-Q2, 2025), "
    "as the command line's --from/--to; anything else is a 422"
)
"""What a range bound may be (``dates.parse_bound``), for the OpenAPI description."""


def get_sl(request: Request) -> Storyline:
    return request.app.state.sl


SL = Annotated[Storyline, Depends(get_sl)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Skip this many items.")]
Text = Annotated[str | None, Query(max_length=200)]


@dataclass(slots=True)
class DateRange:
    date_from: str | None
    date_to: str | None


def date_range(
    date_from: Annotated[
        str | None,
        Query(alias="from", description=f"On or after: an {BOUND}."),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(alias="to", description=f"On or before: an {BOUND}."),
    ] = None,
) -> DateRange:
    """The range; 422 (in FastAPI's validation-error shape) for a bound that is no calendar
    value or names a day the calendar lacks. Checked by ``dates.parse_bound``, as the command
    line's ``--from``/``--to``: a week or quarter (``2026-W18``) is a range bound too."""
    for name, value in (("from", date_from), ("to", date_to)):
        if value:
            try:
                dates.parse_bound(value)
            except dates.DateError as e:
                raise invalid(("query", name), f"{name}: {e}", value) from None
    return DateRange(date_from or None, date_to or None)


def invalid(loc: tuple[str, ...], msg: str, value: object) -> RequestValidationError:
    """A 422 with the same body as FastAPI's own validation errors (the OpenAPI schema's)."""
    return RequestValidationError([{"type": "value_error", "loc": loc, "msg": msg, "input": value}])


Dates = Annotated[DateRange, Depends(date_range)]


class ListFormat(StrEnum):
    json = "json"
    csv = "csv"


Fmt = Annotated[
    ListFormat,
    Query(
        alias="format",
        description="json (a page object) or csv (the page's items, one row each; lists and "
        "objects as JSON in their cell; the paging fields in Link and X-Total-Count headers).",
    ),
]


def listing(
    rows: Iterable[dict[str, Any]],
    limit: int,
    offset: int,
    request: Request,
    fmt: ListFormat = ListFormat.json,
    shape: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    **page_args: Any,
) -> dict[str, Any] | Response:
    """One page of a list endpoint: the JSON page object, or its items as CSV; ``shape``
    turns each item of the page into its public form."""
    out = data.page(rows, limit, offset, request=request, **page_args)
    if shape is not None:
        out["items"] = [shape(i) for i in out["items"]]
    if fmt is ListFormat.json:
        return out
    headers = {}
    if out["total"] is not None:
        headers["X-Total-Count"] = str(out["total"])
    if out["next_url"]:
        headers["Link"] = f'<{out["next_url"]}>; rel="next"'
    return Response(data.csv_text(out["items"]), media_type="text/csv", headers=headers)
