"""Figure series: the stored figures of every article grouped into quantities over time.

A series is **one frame**: one quantity measured the same way (gold/findings/RULES.md). The
extractor (``extract.frames``) reads each figure's frame from its sentence; this module only
groups by it. The key of a series (``Key``) is:

- **counted** thing and **status** ("people killed", "hostages held", "cases"), with the
  status's **certainty** ("suspected cases", "48 possible deaths" and "confirmed cases" are
  three series, never compared);
- **unit** (people, USD, barrels/day: currencies and per-unit rates apart);
- **population** (children ≠ people; lexicon ``population_nouns``);
- **place**, only when the text ties it to the figure ("killed in Misrata"; "Gaza Strip" =
  "Gaza": ``Places``);
- **period** kind: a stock, a running total (``cumulative``) or a ``rate`` are read at a time
  and one series runs over time (``RUNNING``); an ``event`` or ``interval`` count ("killed in
  the attack", "on Saturday and Sunday", "in the past 24 hours", "48 more deaths") is keyed by
  its stated dates (``DATED``: one series per day or span; undated ones are never compared);
  a running total that starts years before ("since 2003") is keyed by that start.

A figure joins a series only when it has a frame to compare (``has_frame``): a value, a thing
counted that is more than a kind of quantity (``generic_counted``: no catch-all "money (USD)"
series) or a status, and a modality that states it (``SERIES_MODALITIES``: hypothetical,
forecast, negated, vague and historical figures and reader comments are listed by ``figures``
but compared with nothing). Rows stored before the extractor read frames get inferred ones
(``figure_period``: ``period_from = 'inferred'``).

Each point is the interval of days the figure describes: its as-of value at its precision, the
publication day for a running count, or the inferred window of an undated article. Then:

- a year-less as-of ("on October 7" in an undated article) takes the year of the only dated
  figure of the same quantity on that month and day;
- an undated count of an event status (``event_statuses``: "252 taken") joins the count of
  the same event on the only day its frame has one;
- a figure with no place joins the series of its frame that names a place only when its own
  sentence names that place and no other of the frame (``place_from = 'sentence'``);
- a stock ("held") starts at the count of the event that filled it ("taken"): that point is
  borrowed, marked ``derived_from``.

Each point keeps its value, qualifier, canonical source (``SourceNames``: one name per person
or body across the corpus) and citation (article, span, sentence, publication date), and how
its frame was read (``period_cue``, ``other_time``, ``certainty``, ``place_from``) for the
confidence of findings (``story.conflicts``). Near-duplicate copies of one article give one
point (``also_in``). A series has a stable ``id`` (a slug of its key) and a human ``label``
("people killed in Misrata on 2011-04-18 (interval count)", "cases (suspected) in Mexico").

Analysis reads stored mentions and articles; it never parses text again.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import Any, Literal

from .. import dates
from ..lexicons import load_json
from ..store import Store
from .entities import fold_name, slug
from .events import ClusterConfig, core_words, load_corpus, news_words, sentence_words
from .sources import SourceNames, duplicate_groups

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
    source_text: str | None = None
    """The source as the article wrote it (``source`` is its canonical name)."""
    modality: str = "asserted"
    modality_read: bool = True
    """False for a row stored before modality was read (taken as asserted)."""
    period: str | None = None
    """stock, event, interval, cumulative or rate (``RUNNING``, ``DATED``)."""
    period_from: str | None = None
    """'text' when the extractor read the period, 'inferred' when this module guessed it."""
    place_read: bool = False
    """Whether the extractor read the figure's place (its row has ``place``, even empty)."""
    place_from: str | None = None
    """'text' when the figure's own words name its series' place, 'article' when only its
    article does (``_join_placeless``), None for a series with no place."""
    period_cue: str | None = None
    """The words that told the extractor the period ("since", "past 24 hours", "attack");
    None when the period is only its quantity's default (see ``cue_read``)."""
    cue_read: bool = False
    """Whether the row says how its period was read (rows stored before do not)."""
    other_time: bool = False
    """Its sentence names a day or an event that its own words are not tied to."""
    certainty: str | None = None
    """How sure its status is: suspected, possible, probable, confirmed…"""
    off_story: bool = False
    """Its sentence holds none of the story's core words (``story.events.core_words``): maybe
    another story's figure told in a roundup (a sidebar)."""

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
    period: str | None = None
    """The kind of period its figures cover (``RUNNING``, ``DATED``); None when unknown."""
    points: list[Point] = field(default_factory=list)

    @property
    def sources(self) -> int:
        """How many independent sources give its points: named sources, else the outlets or
        articles (reprints of one story count once)."""
        return len({p.source or f"group {p.group}" for p in self.points})

    def as_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "points"}
        out["sources"] = self.sources
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


BREAKDOWN_REACH = 4
"""How many words before a place a breakdown word may stand ("most severe in the X")."""


class Places:
    """Place names of the corpus (entity canonical names and aliases) → one place each.

    ``Gaza Strip`` and ``Gaza`` are one place: trailing generic words (strip, province…) go.
    """

    def __init__(
        self, names: Mapping[str, str], in_article: Mapping[str, set[str]] | None = None
    ) -> None:
        self.names = {fold_name(k): v for k, v in names.items() if k.strip()}
        self.in_article = dict(in_article or {})
        """Article id → the places it names (for a figure whose own words name none)."""
        alts = sorted(self.names, key=len, reverse=True)
        self.pattern = (
            re.compile(r"\b(" + "|".join(re.escape(a) for a in alts) + r")\b") if alts else None
        )

    @classmethod
    def from_entities(cls, entities: Iterable[Mapping[str, Any]]) -> Places:
        """From entity mentions or merged entities: ``label``, ``canonical``, ``aliases``."""
        labels = set(words()["place_labels"])
        names: dict[str, str] = {}
        in_article: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            if e.get("label") not in labels or not e.get("canonical"):
                continue
            place = place_name(e["canonical"])
            names.setdefault(place, place)
            for alias in (e["canonical"], *(e.get("aliases") or [])):
                names.setdefault(alias, place)
            for article in (e.get("article_id"), *(e.get("article_ids") or [])):
                if article:
                    in_article[str(article)].add(place)
        return cls(names, in_article)

    def find(self, text: str | None) -> str | None:
        """The first place named in ``text``."""
        if not text or self.pattern is None:
            return None
        m = self.pattern.search(fold_name(text))
        return self.names[m.group(1)] if m else None

    def breakdown(self, text: str | None) -> bool:
        """Whether ``text`` names a place as where part of a count is ("most in Mexico",
        "most severe in Mexico", "mainly in the east": lexicon ``breakdown_words`` within a
        few words before a place), or splits a count over places ("26 in Mexico and one in
        the United States")."""
        if not text or self.pattern is None:
            return False
        folded = fold_name(text)
        cues = set(words()["breakdown_words"])
        numbers = set(load_json("quantities.json")["number_words"])
        counted: set[str] = set()  # "26 in Mexico and one in the United States"
        for m in self.pattern.finditer(folded):
            before = re.findall(r"[\w'.,]+", folded[: m.start()])[-BREAKDOWN_REACH:]
            if cues.intersection(before):
                return True
            near = [w for w in before if w != "the"][-2:]
            if len(near) == 2 and near[1] == "in" and (near[0][0].isdigit() or near[0] in numbers):
                counted.add(self.names[m.group(1)])
        return len(counted) > 1

    def find_all(self, text: str | None) -> set[str]:
        """Every place named in ``text``."""
        if not text or self.pattern is None:
            return set()
        return {self.names[m.group(1)] for m in self.pattern.finditer(fold_name(text))}


def place_name(name: str) -> str:
    """'the Gaza Strip' → 'Gaza'; 'Solvane province' → 'Solvane'."""
    parts = name.split()
    if parts and parts[0].casefold() == "the":
        parts = parts[1:]
    suffixes = set(words()["place_suffixes"])
    while len(parts) > 1 and parts[-1].casefold() in suffixes:
        parts = parts[:-1]
    return " ".join(parts) or name


# --------------------------------------------------------------------------- frames

RUNNING = ("stock", "cumulative", "rate")
"""Period kinds of a quantity read at a time: its points over time are one series."""
DATED = ("event", "interval")
"""Period kinds of a count of one happening or one stated interval: one series per date."""
DATED_KEY = "dated"
"""The one period of a series key for both dated kinds: "1,400 killed in the attack" and
"1,200 killed on October 7" count the same day (the label says which most points are)."""
SERIES_MODALITIES = ("asserted", "opinion")
"""Figures that join a series: stated facts and quoted estimates. Hypothetical, forecast,
negated, vague and historical figures state no current value of the quantity (they are still
listed by ``figures``). A row stored before modality was read has none: it is taken as
asserted (what it showed then), and the findings it is part of say so."""
PERIOD_LABELS = {"event": "event count", "interval": "interval count", "rate": "rate"}


@dataclass(frozen=True, slots=True)
class Key:
    """The frame a series measures: what, in which state, in which unit, of whom, where, over
    which kind of period (and, for a dated count, which date)."""

    counted: str | None
    status: str | None
    unit: str | None
    population: str | None
    place: str | None
    period: str | None = None
    span: str | None = None
    certainty: str | None = None

    def without_place(self) -> tuple[Any, ...]:
        return (*self.base(), self.span)

    def base(self) -> tuple[Any, ...]:
        """Everything but place and date: the quantity before it is scoped."""
        return (
            self.counted,
            self.status,
            self.certainty,
            self.unit,
            self.population,
            self.period,
        )


def population(noun: str | None) -> str | None:
    """The part of a population a head noun names ('child' → 'children'); None for 'people'."""
    if not noun:
        return None
    return words()["population_nouns"].get(noun.casefold())


def figure_population(fig: Mapping[str, Any]) -> str | None:
    """The population the extractor read, else the one its head noun names; 'people' is
    every person (None)."""
    given = fig.get("population")
    if isinstance(given, str) and given.strip():
        named = population(given) or given.strip().casefold()
        return None if named in ("people", "person") else named
    return population(fig.get("noun"))


def figure_place(fig: Mapping[str, Any], places: Places) -> str | None:
    """The place the text ties to the figure: the extractor's ``place`` when the row has that
    field (its corpus name when it is a place entity), else a place named in its subject."""
    if "place" in fig:
        given = fig.get("place")
        if not given:
            return None
        if fig.get("place_level") == "several":
            return str(given)  # "in Texas, Ohio and Kansas": the list is the scope, not Texas
        return places.find(given) or place_name(str(given))
    return places.find(fig.get("subject"))


def figure_period(fig: Mapping[str, Any], point: Point) -> tuple[str, str]:
    """(period kind, how it was found): the extractor's ``period`` ('text'), else inferred
    from how its as-of day was found ('inferred'): a count dated by a time expression or an
    event before its report is a count of that day ("killed on Monday"), a count of an event
    status ("taken") one event's count, a per-time unit a rate, else a running count."""
    period = fig.get("period")
    if period in (*RUNNING, *DATED):
        return str(period), "text"
    w = words()
    unit = str(fig.get("unit") or "")
    if "/" in unit or " per " in unit:
        return "rate", "inferred"
    own_day = point.as_of_from in ("timex", "event") and point.precision in ("day", "month")
    if fig.get("status") in set(w["event_statuses"]):
        return "event", "inferred"
    if own_day:
        return "interval", "inferred"
    trend = w["trends"].get(fig.get("status") or fig.get("counted") or "")
    return ("cumulative" if trend == "up" else "stock"), "inferred"


def has_frame(fig: Mapping[str, Any]) -> bool:
    """Enough frame to be compared: a value, what is counted (a thing, not only a kind of
    quantity) or its state, and a modality that states the quantity (``SERIES_MODALITIES``)."""
    if fig.get("value") is None:
        return False
    counted = str(fig.get("counted") or "").casefold()
    if not fig.get("status"):
        if not counted or counted in set(words()["generic_counted"]):
            return False
        # "300 million crowns", "44 billion barrels": the counted word is only the unit
        own = {w.casefold().rstrip("s") for w in str(fig.get("text") or "").split()}
        measure = fig.get("quantity") in ("money", "measure", "percent", "duration")
        if measure and counted.rstrip("s") in own:
            return False
    return (fig.get("modality") or "asserted") in SERIES_MODALITIES


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
        source_text=fig.get("source"),
        source_from=fig.get("source_from"),
        status=fig.get("status"),
        counted=fig.get("counted"),
        noun=fig.get("noun"),
        subject=fig.get("subject"),
        modality=fig.get("modality") or "asserted",
        modality_read="modality" in fig,
        period_cue=fig.get("period_cue"),
        cue_read="period_cue" in fig,
        other_time=bool(fig.get("other_time")),
        certainty=fig.get("certainty"),
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
    if scale is None or scale != time_scale(b) or None in (a.lo, a.hi, b.lo, b.hi):
        return False
    return (a.lo or "") <= (b.hi or "") and (b.lo or "") <= (a.hi or "")


WINDOW_AS_DAY = 8
"""An undated article's window this narrow (a week) dates its running counts like a day."""


@dataclass(slots=True)
class _Read:
    """A figure read for grouping: its point and its frame before dating."""

    point: Point
    fig: Mapping[str, Any]
    place: str | None


def build_series(
    figures: Iterable[Mapping[str, Any]],
    infos: Mapping[str, ArticleInfo],
    places: Places,
    sentences: Mapping[tuple[str, int], str] | None = None,
    sources: Callable[[str | None], str | None] | None = None,
    story: frozenset[str] = frozenset(),
) -> list[Series]:
    """Group figure rows (flat stored mentions) into series of one frame, points in time
    order. ``sources`` maps a source as written to its canonical name (``SourceNames``);
    ``story``: the words that tell the story from others (``story_words``), to mark the
    points of its sidebars (``off_story``)."""
    sentences = sentences or {}
    read: list[_Read] = []
    for fig in figures:
        if not has_frame(fig):
            continue
        idx = fig.get("sentence")
        sent = sentences.get((fig["article_id"], int(idx))) if idx is not None else None
        point = make_point(fig, infos.get(fig["article_id"]), sent)
        place = figure_place(fig, places)
        point.off_story = off_story(fig, place, sentences, story)
        if sources is not None:
            point.source = sources(point.source_text)
        point.period, point.period_from = figure_period(fig, point)
        read.append(_Read(point, fig, place))
    _date_yearless(read)
    grouped: dict[Key, list[Point]] = defaultdict(list)
    for r in read:
        p = r.point
        key = Key(
            counted=r.fig.get("counted"),
            status=r.fig.get("status"),
            unit=r.fig.get("unit"),
            population=figure_population(r.fig),
            place=r.place,
            period=DATED_KEY if p.period in DATED else p.period,
            span=_span(r.fig, p),
            certainty=p.certainty,
        )
        p.place_from = "text" if r.place else None
        p.place_read = "place" in r.fig
        grouped[key].append(p)
    _date_event_counts(grouped)
    _join_placeless(grouped, places)
    out = [_series(key, points) for key, points in grouped.items() if points]
    _name_apart(out)
    _add_stock_origins(out)
    out.sort(key=lambda s: (-len(s.points), s.id))
    return out


OFF_STORY_REACH = 1
"""Sentences either side of a figure's that are read with it for a sidebar: a roundup's
paragraph on another story, not one terse line of this one."""


def story_words(core: Iterable[str]) -> frozenset[str]:
    """The story's core words (``story.events.core_words``) that tell it from another story of
    its kind: without the words any war, disaster or epidemic story uses (lexicon
    ``kind_words``: 'civilian', 'military'), which a sidebar on another war holds too."""
    common = {w.rstrip("s") for w in words()["kind_words"]}
    return frozenset(w for w in core if w.rstrip("s") not in common)


def figure_core_words(
    figures: Iterable[Mapping[str, Any]],
    sentences: Mapping[tuple[str, int], str],
    config: ClusterConfig | None = None,
) -> frozenset[str]:
    """The story's own words as its figures tell them: words of the figure sentences of at
    least twice ``core_share`` of the articles with figures (``core_words`` reads only event
    reports, and a story of running tolls, "has killed 60", may have few of those). Twice:
    figure sentences share the words of numbers ("billion", "mile", "end") across stories."""
    config = config or ClusterConfig()
    per_article: dict[str, set[str]] = defaultdict(set)
    for f in figures:
        idx = f.get("sentence")
        text = sentences.get((str(f["article_id"]), int(idx))) if idx is not None else None
        if text:
            per_article[str(f["article_id"])].update(sentence_words(text))
    generic = news_words()
    counts = Counter(w for ws in per_article.values() for w in ws if w not in generic)
    floor = 2 * config.core_share * len(per_article)
    return frozenset(w for w, n in counts.most_common(config.core_size) if n >= floor)


def sentence_keys(figures: Iterable[Mapping[str, Any]]) -> set[tuple[str, int | None]]:
    """(article, sentence) of every figure and of its neighbours (``OFF_STORY_REACH``)."""
    out: set[tuple[str, int | None]] = set()
    for f in figures:
        idx = f.get("sentence")
        if idx is not None:
            reach = range(int(idx) - OFF_STORY_REACH, int(idx) + OFF_STORY_REACH + 1)
            out.update((f["article_id"], i) for i in reach if i >= 0)
    return out


def off_story(
    fig: Mapping[str, Any],
    place: str | None,
    sentences: Mapping[tuple[str, int], str],
    story: frozenset[str],
) -> bool:
    """Whether a figure with no place of its own reads as another story's (a roundup's
    sidebar: "1,700 civilians have been killed" in a paragraph on Syria in a story on Libya):
    its sentence and its neighbours hold none of the ``story`` words (``story_words``).
    Unknown: no."""
    idx = fig.get("sentence")
    if place is not None or idx is None or not story:
        return False
    article = str(fig["article_id"])
    reach = range(int(idx) - OFF_STORY_REACH, int(idx) + OFF_STORY_REACH + 1)
    texts = [sentences[(article, i)] for i in reach if (article, i) in sentences]
    return bool(texts) and not any(sentence_words(t) & story for t in texts)


def _span(fig: Mapping[str, Any], p: Point) -> str | None:
    """The date a dated count is keyed by: its stated period, else the day (or month) it
    describes; None for a running quantity or an undated count."""
    start, end = fig.get("period_start"), fig.get("period_end")
    if p.period == "cumulative":
        return _since_long_before(start, p)
    if p.period not in DATED:
        return None
    if day_interval(start) is not None:  # not a year-less 'XXXX-10-07' (its as-of has one)
        end = end if day_interval(end) is not None else None
        return str(start) if not end or end == start else f"{start}..{end}"
    if p.precision in ("day", "month") and p.lo and p.as_of_from not in (None, "publication"):
        return p.lo if p.precision == "day" else p.lo[:7]
    return None


def _since_long_before(start: Any, p: Point) -> str | None:
    """'since 2003' in a 2009 story: a running total of an earlier, longer episode (all bird
    flu since 2003), not the current one; its start keys it apart."""
    first, last = dates.try_parse(start), dates.try_parse(p.as_of or p.lo)
    if first is None or last is None or first.first is None or last.first is None:
        return None
    years = int(words()["long_since_years"])
    return f"since {first.first.year}" if last.first.year - first.first.year >= years else None


def _date_yearless(read: Sequence[_Read]) -> None:
    """'1,200 killed on October 7' with no year: the year of the only dated figure of the
    same quantity on that month and day ('1,400 killed … 2023-10-07'), when there is one."""

    def base(r: _Read) -> tuple[Any, ...]:
        f = r.fig
        return (f.get("counted"), f.get("status"), f.get("unit"), figure_population(f))

    years: dict[tuple[Any, ...], set[int]] = defaultdict(set)
    for r in read:
        p = r.point
        if p.precision == "day" and (d := dates.day(p.lo)):
            years[(*base(r), f"{d.month:02d}-{d.day:02d}")].add(d.year)
    for r in read:
        p = r.point
        md = month_day(p.as_of)
        if p.lo is None and md is not None:
            found = years.get((*base(r), md), set())
            if len(found) == 1:
                p.lo = p.hi = f"{found.pop():04d}-{md}"
                p.precision = "day"
                if p.period not in DATED:
                    p.period = "interval"


def _date_event_counts(grouped: dict[Key, list[Point]]) -> None:
    """A count of one event with no date of its own ('252 taken') joins the count of the same
    event on the only day its frame has one, when it was reported on or after that day."""
    event_statuses = set(words()["event_statuses"])
    undated = [k for k in grouped if k.period == DATED_KEY and k.span is None]
    for key in [k for k in undated if k.status in event_statuses]:
        days = [
            k
            for k in grouped
            if k.span and len(k.span) == 10 and k.base() == key.base() and k.place == key.place
        ]
        if len(days) != 1:
            continue
        target, stay = days[0], []
        for p in grouped[key]:
            rep = p.reported
            if rep and rep[0] >= str(target.span):
                p.lo = p.hi = target.span
                p.precision = "day"
                p.as_of_note = "the day of the event its series counts"
                grouped[target].append(p)
            else:
                stay.append(p)
        grouped[key] = stay


def _join_placeless(grouped: dict[Key, list[Point]], places: Places) -> None:
    """A figure with no place of its own joins the series of its frame that names a place only
    when its sentence names that place and no other place of the frame ("the release of the
    more than 130 hostages" in a sentence about Gaza), and that series is the one of its frame
    with a figure on the same day, or the only one: ``place_from = 'sentence'``. Not when the
    sentence breaks a total down by place ("60 deaths, most in Mexico"; "27 deaths -- 26 in
    Mexico and one in the United States": ``breakdown_words``, or figures of other places in
    the sentence): the place is where part of it is, not its scope. A figure
    stored before places were read (no ``place`` field) may also take the place its article
    names (``'article'``). Otherwise it stays placeless."""
    # the places of the figures of each sentence: "27 deaths -- 26 in Mexico and one in the
    # United States" breaks a total down by place
    tied: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for k, points in grouped.items():
        for q in points:
            if k.place is not None:
                tied[(q.article_id, q.citation.sentence)].add(k.place)
    for key in [k for k in grouped if k.place is None]:
        targets = [
            k for k in grouped if k.place is not None and k.without_place() == key.without_place()
        ]
        if not targets:
            continue
        stay = []
        for p in grouped[key]:
            named = places.find_all(p.citation.sentence)
            mine = [k for k in targets if k.place in named]
            parts = tied.get((p.article_id, p.citation.sentence), set())
            if mine and (places.breakdown(p.citation.sentence) or parts - {mine[0].place}):
                # "60 deaths, most in Mexico, three in the United States": a total over
                # places; the place names where most of it is, not its scope
                mine = []
            p.place_from = "sentence"
            if not mine and not p.place_read:
                named = places.in_article.get(p.article_id, set())
                mine = [k for k in targets if k.place in named]
                p.place_from = "article"
            same_day = [k for k in mine if any(same_time(p, q) for q in grouped[k])]
            pick = same_day or mine
            if len(mine) == 1 and len(pick) == 1:
                grouped[pick[0]].append(p)
            else:
                p.place_from = None
                stay.append(p)
        grouped[key] = stay


def _series(key: Key, points: list[Point]) -> Series:
    w = words()
    status = key.status or ""
    position = any(status.startswith(p) for p in w["position_prefixes"])
    explicit = any(p.period_from == "text" for p in points)
    # a count with no status is compared only when what it counts says its state ("cases",
    # "killed"); "16 countries" and "20 countries" are most often two different sets
    comparable = bool(key.status) or key.counted in set(w["comparable_counted"])
    comparable = comparable or (explicit and key.unit != "percent" and key.period == "rate")
    if key.period == DATED_KEY:
        kinds = Counter(p.period for p in points)
        key = replace(key, period=max(DATED, key=lambda k: (kinds[k], k == "event")))
        comparable = comparable and key.span is not None  # undated events: maybe several
    ordered = _dedupe(sorted(points, key=lambda p: (p.sort_day, p.article_id, p.citation.start)))
    anchor = key.span if key.period in DATED else None
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
        period=key.period,
        points=ordered,
    )


def _name_apart(all_series: list[Series]) -> None:
    """Series of one quantity over different kinds of period ('people killed' as a running
    toll and as a count on one day) say which; ids stay unique."""
    by_label: dict[str, list[Series]] = defaultdict(list)
    for s in all_series:
        by_label[s.label].append(s)
    for same in by_label.values():
        if len(same) > 1:
            for s in same:
                if s.period and s.period not in PERIOD_LABELS:
                    s.label += f" ({s.period})"
    taken: Counter[str] = Counter()
    for s in sorted(all_series, key=lambda s: (-len(s.points), s.id)):
        taken[s.id] += 1
        if taken[s.id] > 1:
            s.id = f"{s.id}-{s.period or taken[s.id]}"


REPRINT_CHARS = 60
"""Words around a figure this long, found word for word in two articles: one story reprinted."""


def _dedupe(points: list[Point]) -> list[Point]:
    """One point per figure reprinted in near-duplicate articles (its copies in also_in), or
    told in the same words around it in two articles the duplicate links missed."""
    seen: dict[tuple[Any, ...], Point] = {}
    out = []
    for p in points:
        keys: list[tuple[Any, ...]] = [
            ("group", p.group, p.value, p.high, p.qualifier, p.lo, p.hi, p.source)
        ]
        context = _context(p)
        if context is not None:
            keys.append(("words", p.value, p.high, p.qualifier, context))
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None and first.article_id != p.article_id:
            if p.article_id not in first.also_in:
                first.also_in.append(p.article_id)
            continue
        for k in keys:
            seen.setdefault(k, p)
        out.append(p)
    return out


def _context(p: Point) -> str | None:
    """The words around a figure in its sentence (a byline glued to the sentence aside)."""
    sentence = " ".join((p.citation.sentence or "").split())
    text = " ".join(p.citation.text.split())
    at = sentence.find(text) if text else -1
    if at < 0:
        return None
    half = REPRINT_CHARS // 2
    window = sentence[max(0, at - half) : at + len(text) + half]
    return window if len(window) >= REPRINT_CHARS else None


def series_id(key: Key) -> str:
    who = key.population if key.population != key.counted else None
    parts = [key.counted, key.status if key.status != key.counted else None, who]
    parts.append(key.place)
    if key.unit and key.unit not in ("people", key.counted):
        parts.append(key.unit.replace("/", " per "))
    if key.period in DATED:
        parts += [key.span or "undated", key.period]
    elif key.span:
        parts.append(key.span)  # "since 2003"
    if key.certainty and key.certainty != key.status:
        parts.insert(1, key.certainty)
    if key.period == "rate":
        parts.append("rate")
    return slug(" ".join(p for p in parts if p)) or "figures"


def _when(anchor: str) -> str:
    """' on 2 May 2009', ' in May 2009', ' in the week of 27 April 2009', ' from 2 May 2009 to
    4 May 2009': as a reader says it, never '2009-W18'."""
    first, _, last = anchor.partition("..")
    if last:
        return f" from {dates.label(first)} to {dates.label(last)}"
    said = dates.label(first)
    if said.startswith(("week of", "weekend of")):
        return f" in the {said}"
    return f" on {said}" if said[:1].isdigit() and said != first else f" in {said}"


def series_label(key: Key, points: Sequence[Point] = (), anchor: str | None = None) -> str:
    """'hostages held in Gaza', 'people killed in Misrata on 21 February 2011 (interval count)',
    'oil output, barrels/day (rate)', 'children killed'."""
    w = words()
    counted = key.counted or "figures"
    who = key.population
    if who is None and counted in set(w["people_counted"]):
        who = _group_word(points) or "people"
    status = (key.status or "").replace("_", " ")
    if who and who.casefold().rstrip("s") == counted.casefold().rstrip("s"):
        head = f"{counted} {status}".strip()  # 'families', not 'families families'
    elif who:
        head = f"{who} {status or counted}".strip()
    elif status and status != counted:
        head = f"{counted} {status}"
    else:
        head = counted
    if key.certainty and key.certainty not in head:
        head = f"{head} ({key.certainty})"
    if key.unit and key.unit not in ("people", counted) and key.unit not in head:
        head += f" ({key.unit})"
    if key.place and key.place.lower() in load_json("frames.json")["world_words"]:
        head += " worldwide"  # not "cases in world"
    elif key.place:
        head += f" in {key.place}"
    if anchor:
        head += _when(anchor)
    elif key.span and key.period not in DATED:
        head += f" {key.span}"
    if key.period in PERIOD_LABELS:
        head += f" ({PERIOD_LABELS[key.period]})"
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
    entities = [flat(r) for r in store.iter_mentions(kind="entity")]
    keys = sentence_keys(figures)
    config = ClusterConfig()
    reports = load_corpus(store, config=config).reports
    core = core_words(reports, config) if reports else frozenset()
    sentences = load_sentences(store, keys)
    return build_series(
        figures,
        load_articles(store),
        Places.from_entities(entities),
        sentences,
        corpus_sources(figures, entities),
        story_words(core | figure_core_words(figures, sentences, config)),
    )


def corpus_sources(
    figures: Sequence[Mapping[str, Any]], entity_mentions: Sequence[Mapping[str, Any]]
) -> SourceNames:
    """One canonical name per source of the corpus's figures (``story.sources``), with the
    merged entities' aliases (an acronym and the expansion the corpus gives are one)."""
    from .entities import merge_entities

    per_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in entity_mentions:
        if m.get("label") in ("ORG", "PERSON", "NORP", "GPE"):
            per_article[m["article_id"]].append(dict(m))
    merged = merge_entities(per_article)
    return SourceNames((f.get("source") or "" for f in figures), merged)


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
