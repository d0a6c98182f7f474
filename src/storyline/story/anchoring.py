"""Year-less dates of undated articles, resolved once the corpus has placed the article.

Extraction ran with no publication date, so "October 7" is ``XXXX-10-07``, "in March" is
``XXXX-03``, "on Sunday" is ``XXXX-WXX-7``. After placement (``story/placement.py``) the
article has a refined window; here each year-less value is resolved:

- **window**: exactly one occurrence of the month-day (or month) lies in the plausible range,
  from a year before the window to its end (news report the past; a future cue before the
  date, as publication dating reads them (``textcues.is_future``), turns the range to the
  window's start .. a year after its end);
- **corpus**: else the full value the *dated* articles give the same month-day (month),
  counted by articles, when one value leads and lies in the plausible range;
- a window of a **single day** is a publication day: every unresolved expression (weekdays,
  "a second day" included) is normalized again against it by its rule from what extraction
  stored (``extract.timex.reanchor``: its text, rule, tense and the expressions before it),
  and undated running counts and statements take that day. Otherwise weekdays stay unresolved.

The stored time expressions are what is read: the timex finder never runs over the article
again, and which way an expression points is the tense extraction stored (``Timex.tense``).

Resolved values flow to what extraction dated by them: figures whose ``as_of_span`` is the
time expression, events whose ``date_span`` is, and statements by the rule of
``extract.collect.date_statements``. Every changed mention keeps its provenance under
``anchored`` (``from``, ``evidence``, the time expression's span and the ``original`` fields);
a time expression also gets ``value_from`` and ``original_value``. Placement reads the
figures as extraction left them (:func:`text_series`) and anchoring starts again from the
original fields, so placing again gives the same result; dated articles are never touched.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from ..extract.timex import Timex
from ..extract.timex.reanchor import reanchor
from ..store import Store
from ..textcues import is_future
from .series import Places, Series, build_series, flat, load_articles, load_sentences

ANCHORED = "anchored"
"""Key of the provenance record on every mention this step changed."""
FROM_WINDOW = "window"
FROM_CORPUS = "corpus"
_TIMEX_KEYS = ("value_from", "original_value")
"""Mirrors of the provenance on a time expression, dropped again by :func:`reset`."""

REACH = timedelta(days=365)
"""How far outside the window a year-less date may lie (before it; after it when announced)."""

_YEARLESS = re.compile(r"^XXXX-(\d{2})(?:-(\d{2}))?(T.*)?$")
_FULL = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:T.*)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EVENT_DATE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?)(?:T.*)?$")
"""The calendar part of a value as ``extract.events.date_value`` keeps it."""

Window = tuple[str | None, str | None]
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Resolved:
    """One time expression's new value and where it came from."""

    start: int
    end: int
    text: str
    original: str
    value: str
    source: str
    evidence: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "original": self.original,
            "value": self.value,
            "from": self.source,
            "evidence": self.evidence,
        }


# --------------------------------------------------------------------------- corpus anchors


@dataclass(slots=True)
class CorpusAnchors:
    """Full values the dated articles give each month-day ('10-07') and month ('10')."""

    by_key: dict[str, dict[str, set[str]]]

    @classmethod
    def from_store(cls, store: Store) -> CorpusAnchors:
        infos = load_articles(store)
        by_key: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for row in store.iter_mentions(kind="timex"):
            info = infos.get(row["article_id"])
            data = row.get("data") or {}
            if info is None or not info.dated or data.get("type") not in ("DATE", "TIME"):
                continue
            key = _full_key(str(data.get("value") or ""))
            if key is not None:
                by_key[key[0]][key[1]].add(row["article_id"])
        return cls({k: dict(v) for k, v in by_key.items()})

    def values(self, key: str) -> dict[str, set[str]]:
        return self.by_key.get(key, {})


def _full_key(value: str) -> tuple[str, str] | None:
    """('10-07', '2023-10-07') of a full day, ('10', '2023-10') of a month; None otherwise."""
    m = _FULL.match(value)
    if not m:
        return None
    year, month, day = m.groups()
    if day:
        return f"{month}-{day}", f"{year}-{month}-{day}"
    return month, f"{year}-{month}"


# --------------------------------------------------------------------------- one value


def _bounds(window: Window, future: bool) -> tuple[date | None, date | None]:
    """The plausible range of a year-less date mentioned in an article of ``window``."""
    lo = date.fromisoformat(window[0]) if window[0] else None
    hi = date.fromisoformat(window[1]) if window[1] else None
    if future:
        return lo, (hi + REACH if hi else None)
    return (lo - REACH if lo else None), hi


def _interval(value: str) -> tuple[date, date] | None:
    """First and last day of a full day or month value."""
    m = _FULL.match(value)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    assert year is not None and month is not None
    if not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        return d, d
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _inside(value: str, lo: date | None, hi: date | None) -> bool:
    span = _interval(value)
    return span is not None and (lo is None or span[1] >= lo) and (hi is None or span[0] <= hi)


def _occurrences(month: str, day: str | None, lo: date, hi: date) -> list[str]:
    """Every full value of the month-day (month) that overlaps lo..hi."""
    out = []
    for year in range(lo.year, hi.year + 1):
        value = f"{year:04d}-{month}" + (f"-{day}" if day else "")
        if _inside(value, lo, hi):
            out.append(value)
    return out


def _spoken(month: str, day: str | None) -> str:
    name = calendar.month_name[int(month)] if 1 <= int(month) <= 12 else month
    return f"{name} {int(day)}" if day else name


def resolve_yearless(
    value: str, window: Window, corpus: CorpusAnchors, *, future: bool = False
) -> tuple[str, str, str] | None:
    """(value, source, reason) for a year-less ``XXXX-MM-DD`` / ``XXXX-MM`` value, or None."""
    m = _YEARLESS.match(value)
    if not m:
        return None
    month, day, clock = m.group(1), m.group(2), m.group(3) or ""
    what = _spoken(month, day)
    lo, hi = _bounds(window, future)
    where = f"{lo or '?'}..{hi or '?'}"
    if lo is not None and hi is not None:
        found = _occurrences(month, day, lo, hi)
        if len(found) == 1:
            return found[0] + clock, FROM_WINDOW, f"the only {what} in {where} (window ± a year)"
    key = f"{month}-{day}" if day else month
    plausible = {v: ids for v, ids in corpus.values(key).items() if _inside(v, lo, hi)}
    ranked = sorted(plausible.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    if not ranked or (len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1])):
        return None  # no anchor, or a tie: do not guess
    best, ids = ranked[0]
    total = len(set().union(*corpus.values(key).values()))
    cited = ", ".join(sorted(i[:8] for i in ids)[:5])
    reason = (
        f"{what} is {best} in {len(ids)} of {total} dated articles that mention it ({cited}); "
        f"plausible range {where}"
    )
    return best + clock, FROM_CORPUS, reason


# --------------------------------------------------------------------------- one article


@dataclass(slots=True)
class ArticleView:
    """What anchoring reads of one undated article."""

    article: dict[str, Any]
    mentions: list[dict[str, Any]]
    window: Window

    @property
    def day(self) -> str | None:
        """The publication day when the window is a single day."""
        lo, hi = self.window
        return lo if lo and lo == hi else None


def _unresolved(data: Mapping[str, Any]) -> bool:
    return data.get("type") in ("DATE", "TIME") and str(data.get("value") or "").startswith("XXXX")


def _stored(row: Mapping[str, Any]) -> Timex:
    """A stored time expression as the record the timex rules look back on."""
    data = row["data"]
    return Timex(
        start=row["start"],
        end=row["end"],
        text=row.get("text") or "",
        type=data.get("type") or "DATE",
        value=str(data.get("value") or ""),
        granularity=data.get("granularity") or "day",
        anchor=data.get("anchor") or "none",
        rule=data.get("rule") or "",
        tense=data.get("tense"),
    )


def _reanchored(
    row: Mapping[str, Any], day: str, sentence: Span | None, history: list[Timex]
) -> Timex | None:
    """The stored expression normalized again by its rule with ``day`` as the publication
    date (``extract.timex.reanchor``), its offsets the stored ones."""
    data = row["data"]
    start, end = row["start"], row["end"]
    found = reanchor(
        row.get("text") or "",
        str(data.get("rule") or ""),
        day,
        tense=data.get("tense"),  # which way it points, as extraction read it
        start=start,
        sentence=sentence,
        history=history,
    )
    return replace(found, start=start, end=end) if found is not None else None


def _on_day(view: ArticleView, day: str) -> dict[Span, str]:
    """Span → value of every open expression of the article that ``day`` as its publication
    date resolves; in reading order, so "a second day" may take the day of a "Monday" before
    it in its sentence."""
    sentences = [(s["start"], s["end"]) for s in view.article.get("sentences") or []]
    rows = sorted((r for r in view.mentions if r["kind"] == "timex"), key=lambda r: r["start"])
    history: list[Timex] = []
    out = {}
    for row in rows:
        found = None
        if _unresolved(row["data"]):
            sentence = next(((a, b) for a, b in sentences if a <= row["start"] < b), None)
            found = _reanchored(row, day, sentence, history)
        if found is not None and found.type in ("DATE", "TIME") and "XXXX" not in found.value:
            out[(row["start"], row["end"])] = found.value
        history.append(found or _stored(row))
    return out


def resolve_timexes(view: ArticleView, corpus: CorpusAnchors) -> list[Resolved]:
    """The article's unresolved time expressions that the window or the corpus resolves."""
    raw = view.article.get("raw_text") or ""
    day = view.day
    again = _on_day(view, day) if day else {}
    out = []
    for row in view.mentions:
        data = row["data"]
        if row["kind"] != "timex" or not _unresolved(data):
            continue
        span = (row["start"], row["end"])
        original = str(data["value"])
        found: tuple[str, str, str] | None = None
        if day and span in again:
            found = again[span], FROM_WINDOW, f"the article's window is the single day {day}"
        elif not day:
            future = is_future(raw, row["start"])
            found = resolve_yearless(original, view.window, corpus, future=future)
        if found is None:
            continue
        value, source, why = found
        text = row.get("text") or raw[span[0] : span[1]]
        line = f"{text!r} (at {span[0]}): {original} → {value}: {why}"
        out.append(Resolved(span[0], span[1], text, original, value, source, line))
    return out


# --------------------------------------------------------------------------- propagation


@dataclass(slots=True)
class Context:
    """What a propagation rule may look at: the resolved expressions and the article."""

    by_span: dict[Span, Resolved]
    view: ArticleView
    timexes: list[dict[str, Any]]
    """Every time expression of the article with its value after this step."""
    sentences: list[Span]


Change = tuple[dict[str, Any], Resolved | None, str]
"""(new fields, the time expression that dated them or None, evidence)."""
Rule = Callable[[dict[str, Any], Context, Mapping[str, Any]], Change | None]
"""(the mention's data, the context, the stored row) → its new fields, or None."""


def _figure(data: dict[str, Any], ctx: Context, row: Mapping[str, Any]) -> Change | None:
    span = data.get("as_of_span")
    if span and (r := ctx.by_span.get((span[0], span[1]))):
        # figures.py keeps the day of a TIME value
        as_of = r.value[:10] if "T" in r.value else r.value
        return {"as_of": as_of}, r, r.evidence
    day = ctx.view.day
    if day and data.get("as_of") is None and data.get("as_of_from") in (None, "publication"):
        return {"as_of": day, "as_of_from": "publication"}, None, _day_line(day)
    return None


def _event(data: dict[str, Any], ctx: Context, row: Mapping[str, Any]) -> Change | None:
    span = data.get("date_span")
    if span and (r := ctx.by_span.get((span[0], span[1]))):
        m = _EVENT_DATE.match(r.value)
        return ({"date": m.group(1)}, r, r.evidence) if m else None
    day = ctx.view.day
    if day and data.get("date") is None and not _unsure(data, ctx):
        return {"date": day, "date_from": "publication"}, None, _day_line(day)
    return None


def _unsure(data: Mapping[str, Any], ctx: Context) -> bool:
    """Extraction skipped the year-less and weekday expressions of an event's sentence, so
    an undated event there may belong to one of them: it gets no publication day."""
    lo, hi = data.get("sentence_span") or (None, None)
    if lo is None:
        return True
    return any(lo <= t["start"] < hi for t in ctx.timexes if "X" in str(t["original"]))


def _statement(data: dict[str, Any], ctx: Context, row: Mapping[str, Any]) -> Change | None:
    """The rule of ``extract.collect.date_statements``, with the values after this step: a
    calendar day in the sentence of the cue, outside a direct quote, nearest the cue."""
    if data.get("date_from") == "timex" and data.get("date"):
        return None
    cue = data.get("cue_span") or [row["start"], row["end"]]
    sent = next(((a, b) for a, b in ctx.sentences if a <= cue[0] < b), None)
    best: dict[str, Any] | None = None
    for t in ctx.timexes:
        if t["type"] != "DATE" or not _DAY.fullmatch(str(t["value"])) or t.get("signal"):
            continue
        inside_quote = row["start"] <= t["start"] < row["end"] and data.get("direct")
        in_sentence = sent is not None and sent[0] <= t["start"] < sent[1]
        closer = best is None or abs(t["start"] - cue[0]) < abs(best["start"] - cue[0])
        if in_sentence and not inside_quote and closer:
            best = t
    if sent is not None and any(
        sent[0] <= t["start"] < sent[1] and str(t["value"]).startswith("XXXX") and t["day"]
        for t in ctx.timexes
    ):
        return None  # an unresolved day ("on Sunday") there might be the statement's own
    if best is not None:
        r = ctx.by_span.get((best["start"], best["end"]))
        if r is None:
            return None  # dated by a value extraction already had
        return {"date": best["value"], "date_from": "timex"}, r, r.evidence
    day = ctx.view.day
    if day and data.get("date") is None:
        return {"date": day, "date_from": "publication"}, None, _day_line(day)
    return None


def _day_line(day: str) -> str:
    return f"published {day}: the article's window is that single day"


RULES: dict[str, Rule] = {
    "figure": _figure,
    "event": _event,
    "statement": _statement,
}
"""How each kind of mention follows the resolved values (kinds not here are left alone)."""


def _provenance(
    data: dict[str, Any], fields: Mapping[str, Any], r: Resolved | None, line: str
) -> dict[str, Any]:
    new = {**data, **fields}
    new[ANCHORED] = {
        "from": r.source if r is not None else FROM_WINDOW,
        "timex_span": [r.start, r.end] if r is not None else None,
        "evidence": line,
        "original": {k: data.get(k) for k in fields},
    }
    return new


def anchor_article(
    view: ArticleView, corpus: CorpusAnchors
) -> tuple[dict[int, dict[str, Any]], list[Resolved]]:
    """(mention id → new data, resolved expressions) for one undated article; the mentions
    must be in their original state (see :func:`original`)."""
    resolved = resolve_timexes(view, corpus)
    by_span = {(r.start, r.end): r for r in resolved}
    changes: dict[int, dict[str, Any]] = {}
    timexes = []
    for row in view.mentions:
        if row["kind"] != "timex":
            continue
        data = row["data"]
        r = by_span.get((row["start"], row["end"]))
        timexes.append(
            {
                "start": row["start"],
                "end": row["end"],
                "type": data.get("type"),
                "value": r.value if r else data.get("value"),
                "original": data.get("value"),
                "signal": data.get("signal"),
                "day": data.get("granularity") == "day",
            }
        )
        if r is not None:
            new = _provenance(data, {"value": r.value, "anchor": r.source}, r, r.evidence)
            new["value_from"], new["original_value"] = r.source, r.original
            changes[row["id"]] = new
    sentences = [(s["start"], s["end"]) for s in view.article.get("sentences") or []]
    ctx = Context(by_span, view, timexes, sentences)
    for row in view.mentions:
        rule = RULES.get(row["kind"])
        found = rule(row["data"], ctx, row) if rule else None
        if found is not None:
            fields, r, line = found
            if any(row["data"].get(k) != v for k, v in fields.items()):
                changes[row["id"]] = _provenance(row["data"], fields, r, line)
    return changes, resolved


# --------------------------------------------------------------------------- the store


def original(data: Mapping[str, Any]) -> dict[str, Any]:
    """A mention's data as extraction left it (this step's changes undone)."""
    record = data.get(ANCHORED)
    if not record:
        return dict(data)
    out = {k: v for k, v in data.items() if k != ANCHORED and k not in _TIMEX_KEYS}
    out.update(record.get("original") or {})
    return out


def text_series(store: Store) -> list[Series]:
    """The corpus's figure series as extraction left the figures: placement starts from
    them, so an earlier anchoring cannot move the window it anchors on."""
    figures = [
        flat({**r, "data": original(r.get("data") or {})})
        for r in store.iter_mentions(kind="figure")
    ]
    entities = (flat(r) for r in store.iter_mentions(kind="entity"))
    keys = {(f["article_id"], f.get("sentence")) for f in figures}
    return build_series(
        figures, load_articles(store), Places.from_entities(entities), load_sentences(store, keys)
    )


def anchor_undated(
    store: Store, windows: Mapping[str, Window], *, write: bool = True
) -> dict[str, list[Resolved]]:
    """Resolve the year-less dates of the undated articles in ``windows`` (id → refined
    window) and, with ``write``, store the changed mentions (one transaction per article)."""
    if not windows:
        return {}
    infos = load_articles(store)
    corpus = CorpusAnchors.from_store(store)
    out: dict[str, list[Resolved]] = {}
    for aid, window in windows.items():
        info = infos.get(aid)
        if info is None or info.dated:
            continue  # never touch a dated article
        stored = list(store.iter_mentions(article_id=aid))
        view = ArticleView(
            store.get_article(aid),
            [{**row, "data": original(row.get("data") or {})} for row in stored],
            window,
        )
        changes, resolved = anchor_article(view, corpus)
        out[aid] = resolved
        if write:
            current = {row["id"]: row.get("data") or {} for row in stored}
            wanted = {row["id"]: row["data"] for row in view.mentions} | changes
            diff = {k: v for k, v in wanted.items() if current.get(k) != v}
            if diff:
                store.update_mention_data(aid, diff)
    return out


def summary(resolved: Sequence[Resolved]) -> list[dict[str, Any]]:
    return [r.as_dict() for r in resolved]
