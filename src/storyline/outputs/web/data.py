"""Read-side views over the facade shared by the web app and the exports.

Everything here reads what ``Storyline`` returns; nothing is invented. Before any event is
extracted (``--no-extract``), the timeline falls back to the articles by publication date and
says so (``layer``), so a reader knows what they are looking at.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from ... import dates
from ...api import Storyline
from ...story.timeline import sort_key
from .. import render

if TYPE_CHECKING:
    from starlette.requests import Request

T = TypeVar("T")

FIRST_LINE_CHARS = 120
"""An article's title falls back to its first line, cut to this many characters."""

OPTIONAL_RESOURCES = (
    "figures",
    "events",
    "proposals",
    "negotiations",
    "timeline",
    "series",
    "conflicts",
)
"""Facade methods other parts of storyline add; an endpoint exists only when its method does."""


class DateRangeLike(Protocol):
    date_from: str | None
    date_to: str | None


@dataclass(slots=True)
class DateSpan:
    date_from: str | None
    date_to: str | None


CACHED_ANSWERS = 64
"""Story answers kept per app (timeline, series, findings), each for one set of arguments."""

_answers: dict[tuple[int, str, tuple[Any, ...]], tuple[str, Any]] = {}


def cached(sl: Storyline, name: str, args: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept while the store's story stamp (``store.story.story_stamp``: the
    story's build, the articles, mentions and links) stays the same: a story answer depends
    on nothing else, and every request of a busy page would rebuild it from the tables.
    The value is shared between requests: callers must not change it."""
    from ...store.story import story_stamp

    stamp = story_stamp(sl.store)
    key = (id(sl), name, args)
    hit = _answers.get(key)
    if hit is not None and hit[0] == stamp:
        return cast(T, hit[1])
    # Kept under the stamp seen before: a story brought up to date by this read, or changed
    # meanwhile, is computed once more on the next call rather than served stale.
    value = compute()
    if len(_answers) >= CACHED_ANSWERS:
        _answers.pop(next(iter(_answers)), None)
    _answers[key] = (stamp, value)
    return value


def available(sl: Storyline) -> dict[str, bool]:
    """Which optional facade methods this storyline has (the page hides what is missing)."""
    return {name: callable(getattr(sl, name, None)) for name in OPTIONAL_RESOURCES}


def date_key(value: str | None) -> str:
    """A chronological sort key for a date of any precision (day, week, month, year): its
    first day; "9999" for none or a value that cannot be placed (sorts last)."""
    return dates.sort_key(value)


def in_range(day: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Whether a date of any precision overlaps [date_from, date_to] (``dates.overlaps``);
    undated, or a value such as "XXXX-WXX-2" that cannot be placed → only when there is no
    range."""
    return dates.overlaps(day, date_from, date_to)


def page(
    rows: Iterable[dict[str, Any]],
    limit: int,
    offset: int,
    *,
    skipped: bool = False,
    total: int | None = None,
    request: Request | None = None,
) -> dict[str, Any]:
    """One page of ``rows``: items, limit, offset, total (a list's length, else ``total``),
    next_offset and next_url (None on the last page).

    ``skipped``: the rows already start at ``offset`` (the store applied it)."""
    start = 0 if skipped else offset
    if total is None and not skipped and isinstance(rows, Sequence):
        total = len(rows)
    rows = iter(rows)
    items = list(islice(rows, start, start + limit + 1))
    more = len(items) > limit
    if total is None and not skipped:  # rows filtered in Python: count the rest of them
        total = start + len(items) + sum(1 for _ in rows) if items else None
    following = offset + limit if more else None
    url = None
    if following is not None and request is not None:
        url = str(request.url.include_query_params(offset=following))
    return {
        "items": items[:limit],
        "limit": limit,
        "offset": offset,
        "total": total,
        "next_offset": following,
        "next_url": url,
    }


def csv_text(items: Sequence[Mapping[str, Any]]) -> str:
    """Items as CSV: one column per field in order of first appearance; lists and objects
    as JSON in their cell."""
    columns: dict[str, None] = {}
    for item in items:
        columns.update(dict.fromkeys(item))
    out = io.StringIO()
    render.write_csv((dict(i) for i in items), list(columns), out)
    return out.getvalue()


# -- articles ---------------------------------------------------------------------------------


def first_line(article: dict[str, Any]) -> str:
    text = (article.get("clean_text") or "").strip()
    line = text.split("\n", 1)[0]
    return line if len(line) <= FIRST_LINE_CHARS else line[: FIRST_LINE_CHARS - 1] + "…"


def article_summary(a: dict[str, Any]) -> dict[str, Any]:
    """An article without its texts and child lists: for lists, exports and tables."""
    return {
        "id": a["id"],
        "title": a.get("title") or first_line(a),
        "published": a.get("published"),
        "date_origin": a.get("date_origin"),
        "date_precision": a.get("date_precision"),
        "date_earliest": a.get("date_earliest"),
        "date_latest": a.get("date_latest"),
        "date_conflict": bool(a.get("date_conflict")),
        "date_confidence": a.get("date_confidence"),
        "outlets": a.get("outlets") or [],
        "dateline_place": a.get("dateline_place"),
        "url": a.get("url"),
        "path": a.get("path"),
        "chars": len(a.get("raw_text") or ""),
    }


# The API and the page name a date window as the exports do (``outputs.tidy``): ``F_start`` /
# ``F_end`` ISO days beside the value ``F``; the store's and the story's own names stay inside.
ARTICLE_WINDOW = {"date_earliest": "published_start", "date_latest": "published_end"}
EVENT_WINDOW = {"date_lo": "date_start", "date_hi": "date_end"}
POINT_WINDOW = {"lo": "as_of_start", "hi": "as_of_end"}
SERVER_ONLY = ("path", "date_lo", "date_hi")
"""Article fields never answered: the file it was read from (a server path) and the store's
index copy of the window (``published_start``/``published_end`` carry it)."""


def reader_date(value: str | None) -> str | None:
    """A date as a reader says it ('week of 2 March 2026', 'first half of 2003', never
    '2026-W10'); an ISO day stays as it is (it reads as a day, and a list of them sorts by
    eye); None for none."""
    if not value:
        return None
    return value if dates.day(value) and len(value) == 10 else dates.label(value)


def renamed(row: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """``row`` with the keys in ``names`` renamed, in their place."""
    return {names.get(k, k): v for k, v in row.items()}


def file_name(path: str | None) -> str | None:
    """The last part of a path (a server's folders are nobody's business)."""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] if path else path


def article_item(a: dict[str, Any]) -> dict[str, Any]:
    """An article in a list of the API or the page: :func:`article_summary` with its date
    window as ``published_start``/``published_end`` (the days the publication date may be)
    and no server path."""
    s = article_summary(a)
    head = {k: s[k] for k in ("id", "title", "published")}
    head |= {new: s.pop(old) for old, new in ARTICLE_WINDOW.items()}
    return head | {k: v for k, v in s.items() if k not in SERVER_ONLY}


def article_detail(extraction: dict[str, Any]) -> dict[str, Any]:
    """``Storyline.extraction`` for the API: the article's window under the public names, its
    sources by file name and line, no server path."""
    a = extraction["article"]
    article = renamed({k: v for k, v in a.items() if k not in SERVER_ONLY}, ARTICLE_WINDOW)
    article["sources"] = [
        {"file" if k == "path" else k: file_name(v) if k == "path" else v for k, v in src.items()}
        for src in a.get("sources") or []
    ]
    return extraction | {"article": article}


def public_point(p: Mapping[str, Any]) -> dict[str, Any]:
    """A series point with its window as ``as_of_start``/``as_of_end``, and an undated
    article's inferred window on its citation as ``published_start``/``published_end``."""
    out = renamed(p, POINT_WINDOW) | {"as_of_label": reader_date(p.get("as_of"))}
    cite = dict(out.get("citation") or {})
    if cite:
        window = cite.pop("window", None) or (None, None)
        out["citation"] = cite | {"published_start": window[0], "published_end": window[-1]}
    return out


def public_series(s: Mapping[str, Any]) -> dict[str, Any]:
    return {**s, "points": [public_point(p) for p in s["points"]]}


def public_finding(f: Mapping[str, Any]) -> dict[str, Any]:
    return {**f, "a": public_point(f["a"]), "b": public_point(f["b"])}


def public_entry(e: Mapping[str, Any]) -> dict[str, Any]:
    """A timeline entry with the event's window as ``date_start``/``date_end`` and its date
    as a reader says it (``date_label``)."""
    return renamed(e, EVENT_WINDOW) | {"date_label": reader_date(e.get("date"))}


# -- statements and entities --------------------------------------------------------------------


def _words(query: str) -> list[str]:
    return [w for w in query.casefold().split() if w]


def matches(row: dict[str, Any], query: str, keys: Iterable[str]) -> bool:
    """Every word of ``query`` appears in one of ``keys`` (case-insensitive)."""
    hay = " ".join(str(row.get(k) or "") for k in keys).casefold()
    return all(w in hay for w in _words(query))


def figures_page(
    sl: Storyline,
    *,
    article_id: str | None,
    q: str | None,
    dates: DateRangeLike,
    fields: Mapping[str, tuple[tuple[str, ...], str | None]],
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of figures (as ``Storyline.figures`` lists them, by as-of date), read from
    the store page by page instead of whole: the rows at ``offset`` (one more when more
    follow) and the total when counted. ``fields``: param → (row keys, needle), each word of
    the needle in one of the keys (SQL narrows, :func:`matches` decides)."""
    from ...api import flat_mention
    from ...store import AnyOf, Match
    from ...store.reads import figure_page

    where = [
        AnyOf(*(Match(k, "icontains", w) for k in keys))
        for keys, needle in fields.values()
        if needle
        for w in _words(needle)
    ]

    def item(row: Mapping[str, Any]) -> dict[str, Any]:
        out = flat_mention(dict(row))
        if out.get("as_of") is None and out.get("as_of_from") == "publication":
            out["as_of"] = row["as_of_day"]
        return out

    def keep(row: dict[str, Any]) -> bool:
        m = item(row)
        if q and not matches(m, q, ("text", "counted", "subject", "source")):
            return False
        if not in_range(m.get("as_of"), dates.date_from, dates.date_to):
            return False
        return all(needle is None or matches(m, needle, keys) for keys, needle in fields.values())

    narrowed = q or dates.date_from or dates.date_to or any(n for _, n in fields.values())
    rows, total = figure_page(
        sl.store,
        article_id=article_id,
        where=where,
        keep=keep if narrowed else None,
        limit=limit,
        offset=offset,
    )
    return [item(r) for r in rows], total


def statements(
    sl: Storyline,
    *,
    by: str | None = None,
    direct: bool | None = None,
    article_id: str | None = None,
    query: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Iterator[dict[str, Any]]:
    """The facade's statements, with the filters the web app and exports add."""
    full_id = sl.store.resolve_id(article_id) if article_id else None
    for s in sl.statements(by=by, direct=direct):
        if full_id and s["article_id"] != full_id:
            continue
        if query and not matches(s, query, ("text", "speaker")):
            continue
        if in_range(s.get("date"), date_from, date_to):
            yield s


def entity_profile(sl: Storyline, name: str) -> dict[str, Any]:
    """Who an entity is, what they said (by date) and the figures they gave
    (``Storyline.entity``; ``NotFoundError`` when no entity has that name)."""
    found = dict(sl.entity(name))
    said = found.pop("statements", [])
    figures = found.pop("figures", [])
    return {"entity": found, "statements": said, "figures": figures}


# -- timeline -----------------------------------------------------------------------------------

CITATION_FIELDS = ("sentence", "sentence_start", "sentence_end")
STORY_EVENT_FIELDS = (
    "date_precision",
    "date_lo",
    "date_hi",
    "date_origin",
    "types",
    "trigger",
    "patient",
    "sources",
    "articles",
    "first_reported",
    "last_reported",
)


def _citation(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row.get(k) for k in ("article_id", "start", "end", "text", "published")}
    return out | {k: row.get(k) for k in CITATION_FIELDS}


def _story_entry(e: dict[str, Any]) -> dict[str, Any]:
    """A story event as a timeline entry: its citations cut to the fields a reader follows."""
    head = e.get("headline_citation")
    return {
        "id": str(e.get("id")),
        "date": e.get("date"),
        "type": e.get("type"),
        "headline": e.get("headline") or "",
        "actors": list(e.get("actors") or []),
        "place": e.get("place"),
        "date_note": e.get("date_note"),
        "score": e.get("score"),
        "citations": [_citation(c) for c in e.get("citations") or []],
        "headline_citation": _citation(head) if head else None,
        "background": bool(e.get("background")),
        "sidebar": bool(e.get("sidebar")),
        "repeats": e.get("repeats"),
        **{k: e.get(k) for k in STORY_EVENT_FIELDS},
    }


def _from_articles(sl: Storyline) -> Iterator[dict[str, Any]]:
    # No events extracted: the articles themselves, by publication date, cited by their lead.
    for a in sl.articles():
        lead = first_line(a)
        start = a.get("body_start") or 0
        raw = a.get("raw_text") or ""
        end = start + len(raw[start:].split("\n", 1)[0])
        cited = raw[start:end].strip()
        yield {
            "id": a["id"],
            "date": a.get("published"),
            "date_note": None if a.get("published") else _window_note(a),
            "type": "article",
            "headline": a.get("title") or lead,
            "actors": list(a.get("outlets") or []),
            "place": a.get("dateline_place"),
            "score": None,
            "citations": [
                {
                    "article_id": a["id"],
                    "start": start,
                    "end": end,
                    "text": cited,
                    "published": a.get("published"),
                    "sentence": cited,
                    "sentence_start": start,
                    "sentence_end": end,
                }
            ],
        }


def _window_note(a: dict[str, Any]) -> str:
    lo, hi = a.get("date_earliest") or "?", a.get("date_latest") or "?"
    return f"undated: published between {lo} and {hi} (inferred)"


def has_events(sl: Storyline) -> bool:
    """Whether any event mention is stored (else the timeline falls back to articles)."""
    return next(iter(sl.mentions("event")), None) is not None


def timeline(
    sl: Storyline,
    *,
    actor: str | None = None,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    key: int | None = None,
    min_score: float | None = None,
    story: bool = False,
) -> dict[str, Any]:
    """The story's timeline (``Storyline.timeline``: events merged across articles, by event
    date, with the facade's filters and key-event cut); with no event extracted, the articles
    by publication date. ``layer`` says which. Each story event has its ``part``
    (:func:`part_of`) within the story's ``period`` (:func:`story_period`); ``story`` keeps
    only the story's own events, and then the key cut is taken among them."""
    if has_events(sl):
        period = story_period(sl)
        rows = sl.timeline(
            date_from=date_from,
            date_to=date_to,
            actor=actor or None,
            type=type or None,
            key=None if story else key,
            min_score=min_score,
        )
        entries = [_story_entry(e) | {"part": part_of(e, period)} for e in rows]
        if story:
            entries = key_cut([e for e in entries if e["part"] == "story"], key)
        return {"layer": "timeline", "period": _period(period), "entries": entries}
    entries = sorted(_from_articles(sl), key=lambda e: date_key(e.get("date")))  # undated last
    kept = [
        e
        for e in entries
        if in_range(e.get("date"), date_from, date_to)
        and (not type or type.casefold() in ("article", "articles"))
        and (not actor or any(actor.casefold() in a.casefold() for a in e["actors"]))
    ]
    return {"layer": "articles", "period": None, "entries": kept}


PERIOD_GAP_DAYS = 45
"""Dated articles further apart than this start another run (a stray old article is no period)."""
PERIOD_LEAD_DAYS = 7
"""The story starts this many days before its first article (reports follow the happening)."""


def story_period(sl: Storyline) -> tuple[date, date] | None:
    """The story's own period: the run of dated articles (no gap over ``PERIOD_GAP_DAYS``)
    that holds the most of them, from ``PERIOD_LEAD_DAYS`` before its first to its last."""
    published = sl.store.iter_article_columns(["published"])  # not the articles' text
    days = sorted(d for a in published if (d := dates.day(a["published"])))
    if not days:
        return None
    runs: list[list[date]] = [[days[0]]]
    for d in days[1:]:
        if (d - runs[-1][-1]).days > PERIOD_GAP_DAYS:
            runs.append([])
        runs[-1].append(d)
    best = max(runs, key=len)  # the earliest of equal runs
    return best[0] - timedelta(days=PERIOD_LEAD_DAYS), best[-1]


def part_of(event: dict[str, Any], period: tuple[date, date] | None) -> str:
    """'sidebar' (another story), 'background' (history the articles recall, or dated
    wholly outside the story's period: a year-only "1973" far from the articles is history
    or a number, never the story), else 'story'. Undated events stay in the story."""
    if event.get("sidebar"):
        return "sidebar"
    if event.get("background"):
        return "background"
    lo, hi = dates.day(event.get("date_lo")), dates.day(event.get("date_hi"))
    if period and lo and hi and (hi < period[0] or lo > period[1]):
        return "background"
    return "story"


def key_cut(entries: list[dict[str, Any]], key: int | None) -> list[dict[str, Any]]:
    """The ``key`` key entries in date order, by the timeline's own key cut (best scored,
    spread over the story's days: ``story.timeline.key_cut``), so that the story's key events
    are chosen as the facade's ``key`` chooses them."""
    if key is None:
        return entries
    from ...story.timeline import KeyConfig
    from ...story.timeline import key_cut as cut

    return sorted(cut(entries, key, KeyConfig()), key=sort_key)


def _period(period: tuple[date, date] | None) -> dict[str, str] | None:
    return {"from": period[0].isoformat(), "to": period[1].isoformat()} if period else None


# -- figure series ------------------------------------------------------------------------------


def series(sl: Storyline, name: str | None = None, *, min_points: int = 1) -> list[dict[str, Any]]:
    """The facade's series with at least ``min_points`` points, comparable ones (the same
    thing counted over time) first, then by number of points."""
    rows = [s for s in sl.series(name or None) if len(s["points"]) >= min_points]
    rows.sort(key=lambda s: (not s["comparable"], -len(s["points"])))
    return rows


def one_series(sl: Storyline, series_id: str) -> dict[str, Any]:
    """The series with id ``series_id``; ``NotFoundError`` naming how to list them."""
    from ...errors import Messages, NotFoundError

    for s in sl.series(series_id):
        if s["id"] == series_id:
            return s
    raise NotFoundError(Messages.NO_SERIES.format(id=series_id))


# -- overview and search ----------------------------------------------------------------------

SNIPPET_MARK = ("\ue000", "\ue001")
"""Private-use characters around matches in a search snippet: never in news text, and split
out into parts here, so the page never parses markup from the store."""


def overview(sl: Storyline) -> dict[str, Any]:
    """Counts per kind and the date range of the dated articles."""
    window = sl.store.corpus_window()
    url = sl.store.safe_url().split("?", 1)[0]
    return {
        "db": file_name(url) or url,  # the store's file or database name: no folder, no host
        "articles": sl.store.count_articles(),
        "mentions": sl.store.count_mentions(),
        "first_date": window[0] if window else None,
        "last_date": window[1] if window else None,
        "available": available(sl),
    }


def snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """``"a \ue000b\ue001 c"`` → [{text: "a ", match: False}, {text: "b", match: True}, …]."""
    parts: list[dict[str, Any]] = []
    rest = snippet
    while rest:
        head, sep, tail = rest.partition(SNIPPET_MARK[0])
        if head:
            parts.append({"text": head, "match": False})
        if not sep:
            break
        hit, _, rest = tail.partition(SNIPPET_MARK[1])
        parts.append({"text": hit, "match": True})
    return parts


def search(sl: Storyline, query: str, *, limit: int = 20) -> dict[str, Any]:
    """Articles by full-text rank, and statements whose text or speaker has every word."""
    from ...api import flat_mention
    from ...store.reads import article_heads, mentions_with_words

    hits = sl.store.search(query, limit, mark=SNIPPET_MARK)
    # Untitled articles (plain text) are named by their first line, as in every list: read
    # for those hits alone, not every matching article whole.
    heads = article_heads(sl.store, [h["id"] for h in hits if not h.get("title")])
    titles = {a: {"clean_text": text} for a, text in heads.items()}
    words = _words(query)
    found = (
        flat_mention(r) for r in mentions_with_words(sl.store, "statement", words, ("speaker",))
    )
    said = list(islice((s for s in found if matches(s, query, ("text", "speaker"))), limit))
    return {
        "query": query,
        "articles": [
            {
                "id": h["id"],
                "title": h.get("title") or first_line(titles.get(h["id"]) or {}) or None,
                "published": h.get("published"),
                "snippet": snippet_parts(h.get("snippet") or ""),
            }
            for h in hits
        ],
        "statements": said,
    }
