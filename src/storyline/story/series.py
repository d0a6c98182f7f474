"""Figure series: the stored figures of every article grouped into quantities over time.

A series is one quantity ("hostages held in Gaza", "people killed in Israel on 2023-10-07",
"children killed in Gaza"): figures with the same **counted** thing, **status**, unit,
**population** (a part of the people counted: children, women…; lexicon ``series.json``) and
**place** (a place entity of the corpus named in the figure's subject, "Gaza Strip" = "Gaza").
Each point is the interval of days the figure describes: its as-of value at its precision, the
publication day for a running count, or the inferred window of an undated article. Then:

- a year-less as-of ("on October 7" in an undated article) takes the year of the only dated
  figure of the same quantity on that month and day;
- a figure with no place joins the series of its quantity that has a figure on the same day,
  or else the only one of its quantity that names a place;
- a series whose dated points all describe one day, dated by the text before it was reported
  ("killed on October 7"), is an **event count** anchored on that day; a count of an event
  status ("252 taken") with no date of its own joins that day;
- a stock ("held") starts at the count of the event that filled it ("taken"): that point is
  borrowed, marked ``derived_from``.

Each point keeps its value, qualifier, source and citation (article, span, sentence,
publication date). Near-duplicate copies of one article give one point (``also_in``). A series
has a stable ``id`` (a slug of its key) and a human ``label``.

Analysis reads stored mentions and articles; it never parses text again.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any, Literal

from .. import dates
from ..lexicons import load_json
from ..store import Store
from .entities import fold_name, slug
from .sources import duplicate_groups

Precision = Literal[dates.Precision, "window"]
"""A calendar precision (``storyline.dates``), or an undated article's inferred window."""

BEST_GUESS_NOTE = "best guess"
"""Note prefix of the date candidate that records an undated article's best-guess day."""


@cache
def words() -> dict[str, Any]:
    return load_json("series.json")


# --------------------------------------------------------------------------- records


@dataclass(slots=True)
class Citation:
    """Where a point was read: article, figure span (raw offsets), sentence, publication."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: str | None = None
    published: str | None = None
    window: tuple[str, str] | None = None
    outlet: str | None = None
    title: str | None = None


@dataclass(slots=True)
class Point:
    """One figure on a series."""

    value: float
    high: float | None
    qualifier: str
    unit: str | None
    as_of: str | None
    as_of_from: str | None
    lo: str | None
    """First day the figure may describe (None: unknown)."""
    hi: str | None
    precision: Precision | None
    source: str | None
    citation: Citation
    status: str | None = None
    counted: str | None = None
    noun: str | None = None
    subject: str | None = None
    source_from: str | None = None
    guess: str | None = None
    """For a figure of an undated article: the article's best-guess day, if one was placed."""
    group: int = 0
    """Near-duplicate group of its article: copies of one story share it."""
    also_in: list[str] = field(default_factory=list)
    derived_from: str | None = None
    """Set on a point borrowed from another series (a stock's starting count)."""
    as_of_note: str | None = None
    """How the days the point describes were found, when not from its own as-of value."""

    @property
    def article_id(self) -> str:
        return self.citation.article_id

    @property
    def reported(self) -> tuple[str, str] | None:
        """The days the point was reported on: its publication day or inferred window."""
        c = self.citation
        if c.published:
            return c.published, c.published
        return c.window

    @property
    def sort_day(self) -> str:
        """The day to order points by: as-of start, else best guess, else report; undated last."""
        if self.precision != "window" and self.lo:
            return self.lo
        return self.guess or self.lo or "9999-99-99"

    def shown(self) -> str:
        """'130+', '~10', '≤70', '60–70': value with its qualifier, for tables and plots."""
        return shown_value(self.value, self.high, self.qualifier)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["shown"] = self.shown()
        c = self.citation  # flat copies, for readers that plot points (the web page)
        out.update(article_id=c.article_id, start=c.start, end=c.end, text=c.text)
        return out


@dataclass(slots=True)
class Series:
    id: str
    label: str
    counted: str | None
    status: str | None
    unit: str | None
    place: str | None
    population: str | None
    anchor: str | None
    """The one event day every dated point describes, for an event count; else None."""
    comparable: bool
    """Whether its points may be compared (conflicts, revisions, changes)."""
    position: bool
    """Negotiating positions (offers, demands): parties' numbers differ by design."""
    points: list[Point] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "points"}
        out["points"] = [p.as_dict() for p in self.points]
        return out


_QUALIFIER_MARKS = {
    "exact": "{}",
    "about": "~{}",
    "more_than": "{}+",
    "at_least": "≥{}",
    "up_to": "≤{}",
    "nearly": "<~{}",
    "less_than": "<{}",
}


def shown_value(value: float, high: float | None, qualifier: str | None) -> str:
    text = _num(value) if high is None else f"{_num(value)}–{_num(high)}"
    return _QUALIFIER_MARKS.get(qualifier or "exact", "{}").format(text)


def _num(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.3g}"


# --------------------------------------------------------------------------- days


def day_interval(value: str | None) -> tuple[str, str, Precision] | None:
    """(first day, last day, precision) of a calendar value with its year (a day, week, month,
    quarter, season, year…: ``storyline.dates``); None otherwise (a year-less 'XXXX-10-07', a
    duration, PRESENT_REF…)."""
    v = dates.try_parse(value)
    if v is None or v.first is None or v.last is None:
        return None
    return v.first.isoformat(), v.last.isoformat(), v.precision


def month_day(value: str | None) -> str | None:
    """'10-07' of '2023-10-07' or 'XXXX-10-07'."""
    v = dates.try_parse(value)
    return v.month_day if v is not None else None


days_between = dates.days_between


# --------------------------------------------------------------------------- corpus inputs


@dataclass(slots=True)
class ArticleInfo:
    published: str | None
    window: tuple[str, str] | None
    guess: str | None
    outlet: str | None
    title: str | None
    group: int
    dated: bool
    """Dated by a stated date (header, metadata, dateline), not inferred."""


ARTICLE_COLUMNS = (
    "id",
    "published",
    "date_origin",
    "date_earliest",
    "date_latest",
    "outlet",
    "title",
)


def load_articles(store: Store) -> dict[str, ArticleInfo]:
    """Every article's publication day or window, best guess and near-duplicate group."""
    rows = list(store.iter_article_columns(ARTICLE_COLUMNS))
    links = [(d["article_id"], d["duplicate_of"]) for d in store.iter_duplicates()]
    guesses = {
        c["article_id"]: c["value"]
        for c in store.iter_date_candidates(note_startswith=BEST_GUESS_NOTE)
    }
    groups = duplicate_groups([r["id"] for r in rows], links)
    out = {}
    for r in rows:
        published = dates.truncate(str(r["published"])) if r["published"] else None
        lo, hi = r["date_earliest"], r["date_latest"]
        window = (dates.truncate(str(lo)), dates.truncate(str(hi))) if lo and hi else None
        out[r["id"]] = ArticleInfo(
            published=published,
            window=window,
            guess=guesses.get(r["id"]),
            outlet=r["outlet"],
            title=r["title"],
            group=groups[r["id"]],
            dated=bool(published) and r["date_origin"] != "inferred",
        )
    return out


def load_sentences(store: Store, keys: set[tuple[str, int | None]]) -> dict[tuple[str, int], str]:
    """(article id, sentence index) → sentence text, for the sentences asked for."""
    return {k: s["text"] for k, s in store.sentences_by_key(keys).items()}


class Places:
    """Place names of the corpus (entity canonical names and aliases) → one place each.

    ``Gaza Strip`` and ``Gaza`` are one place: trailing generic words (strip, province…) go.
    """

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = {fold_name(k): v for k, v in names.items() if k.strip()}
        alts = sorted(self.names, key=len, reverse=True)
        self.pattern = (
            re.compile(r"\b(" + "|".join(re.escape(a) for a in alts) + r")\b") if alts else None
        )

    @classmethod
    def from_entities(cls, entities: Iterable[Mapping[str, Any]]) -> Places:
        """From entity mentions or merged entities: ``label``, ``canonical``, ``aliases``."""
        labels = set(words()["place_labels"])
        names: dict[str, str] = {}
        for e in entities:
            if e.get("label") not in labels or not e.get("canonical"):
                continue
            place = place_name(e["canonical"])
            names.setdefault(place, place)
            for alias in (e["canonical"], *(e.get("aliases") or [])):
                names.setdefault(alias, place)
        return cls(names)

    def find(self, text: str | None) -> str | None:
        """The first place named in ``text``."""
        if not text or self.pattern is None:
            return None
        m = self.pattern.search(fold_name(text))
        return self.names[m.group(1)] if m else None


def place_name(name: str) -> str:
    """'the Gaza Strip' → 'Gaza'; 'Solvane province' → 'Solvane'."""
    parts = name.split()
    if parts and parts[0].casefold() == "the":
        parts = parts[1:]
    suffixes = set(words()["place_suffixes"])
    while len(parts) > 1 and parts[-1].casefold() in suffixes:
        parts = parts[:-1]
    return " ".join(parts) or name


# --------------------------------------------------------------------------- grouping


@dataclass(frozen=True, slots=True)
class Key:
    counted: str | None
    status: str | None
    unit: str | None
    population: str | None
    place: str | None

    def without_place(self) -> tuple[Any, ...]:
        return (self.counted, self.status, self.unit, self.population)


def population(noun: str | None) -> str | None:
    """The part of a population a head noun names ('child' → 'children'); None for 'people'."""
    if not noun:
        return None
    return words()["population_nouns"].get(noun.casefold())


def figure_key(fig: Mapping[str, Any], places: Places) -> Key:
    return Key(
        counted=fig.get("counted"),
        status=fig.get("status"),
        unit=fig.get("unit"),
        population=population(fig.get("noun")),
        place=places.find(fig.get("subject")),
    )


def make_point(fig: Mapping[str, Any], info: ArticleInfo | None, sentence: str | None) -> Point:
    info = info or ArticleInfo(None, None, None, None, None, -1, False)
    as_of = fig.get("as_of")
    if as_of is None and fig.get("as_of_from") in (None, "publication") and info.published:
        as_of = info.published  # a running count of a dated article is as of its day
    span = day_interval(as_of)
    lo = hi = None
    precision: Precision | None = None
    if span is not None:
        lo, hi, precision = span
    elif month_day(as_of) is None and info.window is not None:
        lo, hi = info.window  # an undated article's running count: as of its window
        precision = "window"
    high = fig.get("high")
    return Point(
        value=float(fig["value"]),
        high=float(high) if high is not None else None,
        qualifier=fig.get("qualifier") or "exact",
        unit=fig.get("unit"),
        as_of=as_of,
        as_of_from=fig.get("as_of_from"),
        lo=lo,
        hi=hi,
        precision=precision,
        source=fig.get("source"),
        source_from=fig.get("source_from"),
        status=fig.get("status"),
        counted=fig.get("counted"),
        noun=fig.get("noun"),
        subject=fig.get("subject"),
        citation=Citation(
            article_id=fig["article_id"],
            start=int(fig["start"]),
            end=int(fig["end"]),
            text=fig.get("text") or "",
            sentence=sentence,
            published=info.published,
            window=info.window if not info.published else None,
            outlet=info.outlet,
            title=info.title,
        ),
        guess=info.guess if not info.published else None,
        group=info.group,
    )


def time_scale(p: Point) -> str | None:
    """'day' (a day, or an inferred window of at most ``WINDOW_AS_DAY`` days), 'month', or
    None when too vague to compare (a year, a wide window, no date)."""
    if not (p.lo and p.hi):
        return None
    if p.precision == "window":
        return "day" if days_between(p.lo, p.hi) < WINDOW_AS_DAY else None
    return p.precision if p.precision in ("day", "month") else None


def same_time(a: Point, b: Point) -> bool:
    """Both describe overlapping days at the same time scale ("in April" is not "on April 29":
    a month's count and a day's count are different quantities)."""
    scale = time_scale(a)
    if scale is None or scale != time_scale(b):
        return False
    return a.lo <= b.hi and b.lo <= a.hi  # type: ignore[operator]


WINDOW_AS_DAY = 8
"""An undated article's window this narrow (a week) dates its running counts like a day."""


def build_series(
    figures: Iterable[Mapping[str, Any]],
    infos: Mapping[str, ArticleInfo],
    places: Places,
    sentences: Mapping[tuple[str, int], str] | None = None,
) -> list[Series]:
    """Group figure rows (flat stored mentions) into series, points in time order."""
    sentences = sentences or {}
    grouped: dict[Key, list[Point]] = defaultdict(list)
    for fig in figures:
        if fig.get("value") is None:
            continue
        sent = sentences.get((fig["article_id"], fig.get("sentence")))
        point = make_point(fig, infos.get(fig["article_id"]), sent)
        grouped[figure_key(fig, places)].append(point)
    _date_yearless(grouped)
    _join_placeless(grouped)
    out = [_series(key, points) for key, points in grouped.items() if points]
    _date_event_counts(out)
    _add_stock_origins(out)
    out.sort(key=lambda s: (-len(s.points), s.id))
    return out


def _date_yearless(grouped: Mapping[Key, list[Point]]) -> None:
    """'1,200 killed on October 7' with no year: the year of the only dated figure of the
    same quantity on that month and day ('1,400 killed … 2023-10-07'), when there is one."""
    years: dict[tuple[Any, ...], set[int]] = defaultdict(set)
    for key, points in grouped.items():
        for p in points:
            if p.precision == "day" and (d := dates.day(p.lo)):
                years[(*key.without_place(), f"{d.month:02d}-{d.day:02d}")].add(d.year)
    for key, points in grouped.items():
        for p in points:
            md = month_day(p.as_of)
            if p.lo is None and md is not None:
                found = years.get((*key.without_place(), md), set())
                if len(found) == 1:
                    p.lo = p.hi = f"{found.pop():04d}-{md}"
                    p.precision = "day"


def _join_placeless(grouped: dict[Key, list[Point]]) -> None:
    """A figure with no place joins the series of its quantity that has a figure for the same
    day, or else the only series of its quantity that names a place (for a running count,
    the only one that is not an event count)."""
    for key in [k for k in grouped if k.place is None]:
        targets = [
            k for k in grouped if k.place is not None and k.without_place() == key.without_place()
        ]
        if not targets:
            continue
        # a count with no day of its own is a running count: not one of an event's day
        running = [k for k in targets if _anchor(grouped[k]) is None]
        stay = []
        for p in grouped[key]:
            same_day = [k for k in targets if any(same_time(p, q) for q in grouped[k])]
            own_day = p.precision == "day" and p.as_of_from not in (None, "publication")
            pick = same_day or (targets if own_day else running)
            if len(pick) == 1:
                grouped[pick[0]].append(p)
            else:
                stay.append(p)
        grouped[key] = stay


def _series(key: Key, points: list[Point]) -> Series:
    w = words()
    status = key.status or ""
    position = any(status.startswith(p) for p in w["position_prefixes"])
    comparable = bool(key.status) or key.counted in set(w["comparable_counted"])
    ordered = _dedupe(sorted(points, key=lambda p: (p.sort_day, p.article_id, p.citation.start)))
    anchor = _anchor(ordered)
    return Series(
        id=series_id(key),
        label=series_label(key, ordered, anchor),
        counted=key.counted,
        status=key.status,
        unit=key.unit,
        place=key.place,
        population=key.population,
        anchor=anchor,
        comparable=comparable,
        position=position,
        points=ordered,
    )


def _anchor(points: Sequence[Point]) -> str | None:
    """The one day an event count describes: every point dated to a day is on it, and one of
    them is dated by the text to a day before it was reported ("killed on October 7")."""
    days = {p.lo for p in points if p.precision == "day"}
    if len(days) != 1:
        return None
    day = next(iter(days))
    for p in points:
        rep = p.reported
        if p.precision == "day" and p.as_of_from != "publication" and rep and day < rep[0]:
            return day
    return None


def _date_event_counts(all_series: Iterable[Series]) -> None:
    """A count of an event status ('252 taken') with no date of its own, in a series anchored
    on one event's day, describes that day (when it was reported after it)."""
    statuses = set(words()["event_statuses"])
    for s in all_series:
        if not s.anchor or s.status not in statuses:
            continue
        for p in s.points:
            rep = p.reported
            if p.as_of_from in (None, "publication") and rep and rep[0] >= s.anchor:
                p.lo = p.hi = s.anchor
                p.precision = "day"
                p.as_of_note = "the day of the event its series counts"
        s.points.sort(key=lambda p: (p.sort_day, p.article_id, p.citation.start))


def _dedupe(points: list[Point]) -> list[Point]:
    """One point per figure reprinted in near-duplicate articles (its copies in also_in)."""
    seen: dict[tuple[Any, ...], Point] = {}
    out = []
    for p in points:
        same = (p.group, p.value, p.high, p.qualifier, p.lo, p.hi, p.source)
        first = seen.get(same)
        if first is not None and first.article_id != p.article_id:
            if p.article_id not in first.also_in:
                first.also_in.append(p.article_id)
            continue
        seen.setdefault(same, p)
        out.append(p)
    return out


def series_id(key: Key) -> str:
    parts = [key.counted, key.status if key.status != key.counted else None, key.population]
    parts.append(key.place)
    if key.unit and key.unit not in ("people", key.counted):
        parts.append(key.unit)
    return slug(" ".join(p for p in parts if p)) or "figures"


def series_label(key: Key, points: Sequence[Point] = (), anchor: str | None = None) -> str:
    """'hostages held in Gaza', 'people killed in Israel on 2023-10-07', 'children killed'."""
    w = words()
    counted = key.counted or "figures"
    who = key.population
    if who is None and counted in set(w["people_counted"]):
        who = _group_word(points) or "people"
    status = (key.status or "").replace("_", " ")
    if who:
        head = f"{who} {status or counted}".strip()
    elif status and status != counted:
        head = f"{counted} {status}"
    else:
        head = counted
    if key.unit and key.unit not in ("people", counted) and key.unit not in head:
        head += f" ({key.unit})"
    if key.place:
        head += f" in {key.place}"
    if anchor:
        head += f" on {anchor}"
    return head


def _group_word(points: Sequence[Point]) -> str | None:
    """A people's name the figures count ('Palestinians'), when most points name one."""
    generic = set(words()["generic_nouns"])
    names: Counter[str] = Counter()
    for p in points:
        noun = (p.noun or "").strip()
        if noun and noun.casefold() not in generic and population(noun) is None:
            head = p.citation.text.split()[-1] if p.citation.text else ""
            if head[:1].isupper():
                names[head] += 1
    if not names:
        return None
    name, n = names.most_common(1)[0]
    return name if n * 2 >= len(points) else None


def _add_stock_origins(all_series: list[Series]) -> None:
    """A stock ('held') starts, on the day of the event that filled it, at that event's count
    ('taken'): the latest report of the only matching event series becomes its first point."""
    origins = words()["stock_origins"]
    for s in all_series:
        source_status = origins.get(s.status or "")
        if not source_status or s.anchor:
            continue
        found = [
            o
            for o in all_series
            if o.status == source_status
            and o.anchor
            and o.counted == s.counted
            and o.population == s.population
            and (o.place is None or s.place is None or o.place == s.place)
        ]
        if len(found) != 1:
            continue
        on_day = [p for p in found[0].points if p.lo == found[0].anchor]
        if not on_day:
            continue
        origin = max(on_day, key=_report_key)
        borrowed = Point(**{f: getattr(origin, f) for f in Point.__dataclass_fields__})
        borrowed.derived_from = found[0].id
        borrowed.also_in = []
        s.points.insert(0, borrowed)


def _report_key(p: Point) -> tuple[bool, str]:
    """Dated reports first (an undated one cannot bound another undated one), then latest."""
    rep = p.reported
    return bool(p.citation.published), p.guess or (rep[0] if rep else "")


def flat(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored mention row with its data fields lifted (as ``Storyline.mentions`` gives)."""
    out = {k: row[k] for k in ("article_id", "kind", "start", "end", "text")}
    out["sentence"] = row.get("sentence_idx")
    for key, value in (row.get("data") or {}).items():
        out.setdefault(key, value)
    return out


def corpus_series(store: Store) -> list[Series]:
    """Every series of the store's figures (places from its entity mentions)."""
    figures = [flat(r) for r in store.iter_mentions(kind="figure")]
    entities = (flat(r) for r in store.iter_mentions(kind="entity"))
    keys = {(f["article_id"], f.get("sentence")) for f in figures}
    return build_series(
        figures, load_articles(store), Places.from_entities(entities), load_sentences(store, keys)
    )


# --------------------------------------------------------------------------- selection


def matches(s: Series, needle: str | None) -> bool:
    """Whether a series is the one named: its id, or a word of its label / counted / status."""
    if not needle:
        return True
    n = needle.casefold().strip()
    if n == s.id:
        return True
    fields = (s.label, s.counted or "", s.status or "", s.id)
    return any(n in f.casefold() for f in fields)
