"""The Python API: one facade that the CLI, the web app and the tests all build the same way.

>>> from storyline import Storyline
>>> sl = Storyline("story.db")
>>> report = sl.ingest(["articles/"])
>>> for row in sl.articles(outlet="Reuters"): ...
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from . import dates
from .extract.kinds import KIND_GROUPS
from .ingest import DEFAULT_MAX_BYTES
from .store import AnyOf, Match, Store, Where

if TYPE_CHECKING:
    from spacy.language import Language

    from .ingest.pipeline import Event, IngestReport

DEFAULT_DB = "storyline.db"
DB_ENV = "STORYLINE_DB"


def default_db() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB


class Storyline:
    """A story store plus the pipeline that fills it.

    ``db`` is a SQLite path (created on first use), ``":memory:"``, or a
    ``postgresql://`` URL.
    """

    def __init__(
        self,
        db: str | Path | None = None,
        *,
        nlp: Language | None = None,
        model: str | None = None,
        extract: bool = True,
    ) -> None:
        self.db = str(db) if db is not None else default_db()
        self.store = Store(self.db)
        self.extract = extract
        self._nlp = nlp
        self._model = model

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline ingest runs (loaded on first use, cached per model)."""
        if self._nlp is None:
            if self.extract:
                from .extract.nlp import DEFAULT_MODEL, load_pipeline

                self._nlp = load_pipeline(self._model or DEFAULT_MODEL)
            else:
                from .extract.segment import blank_pipeline

                self._nlp = blank_pipeline()
        return self._nlp

    def __enter__(self) -> Storyline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- ingest ----------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        stdin: BinaryIO | None = None,
        on_event: Event | None = None,
        n_process: int = 1,
        dask: str | None = None,
    ) -> IngestReport:
        """Read, clean, date, dedupe, extract and store every article under ``paths``; then,
        when articles were added with extraction on, the story step: undated articles placed
        on the corpus's figure series, their year-less dates anchored (``story.placement``).

        Where the parse runs: in this process (default); in ``n_process`` worker processes;
        with ``dask="local"`` on a Dask LocalCluster (``n_process`` workers, else one per
        core); with ``dask="tcp://HOST:PORT"`` on a running Dask cluster. Workers load the
        pipeline by its model name; the store is written here, the same whichever runs it.
        Worker processes are spawned: a script that asks for them runs its code under
        ``if __name__ == "__main__":``."""
        from .errors import Messages, StorylineError

        if max_bytes < 1:
            raise StorylineError(
                Messages.NOT_POSITIVE.format(name="max_bytes", value=max_bytes), param="max_bytes"
            )
        if n_process < 1:
            raise StorylineError(
                Messages.NOT_POSITIVE.format(name="n_process", value=n_process), param="n_process"
            )
        workers = n_process if n_process > 1 else None
        if dask is None:
            executor = "processes" if workers else "local"
        elif dask == "local" or workers is None:
            executor = "dask"
        else:  # a running cluster has the workers it has
            raise StorylineError(
                Messages.EXCLUSIVE_OPTIONS.format(first="n_process", second="a scheduler address"),
                param="n_process",
            )
        from .ingest.pipeline import Ingestor  # a read-only command never loads the pipeline

        ingestor = Ingestor(
            self.store,
            nlp=self.nlp if executor == "local" else self._nlp,
            model=self._model,
            extract=self.extract,
            max_bytes=max_bytes,
            executor=executor,
            workers=workers,
            scheduler=dask,
        )
        report = ingestor.ingest([str(p) for p in paths], stdin=stdin, on_event=on_event)
        if self.extract and (report.added or report.redated):
            from .story.materialize import update
            from .story.placement import refresh

            refresh(self.store)
            update(self.store, [*report.added, *report.redated])
        return report

    # -- read ------------------------------------------------------------------------------

    def articles(
        self,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        outlet: str | None = None,
        query: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        include_undated: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Stored articles by publication date; with a date range, undated articles whose
        inferred window overlaps it come too when ``include_undated``."""
        return self.store.iter_articles(
            date_from=date_from,
            date_to=date_to,
            outlet=outlet,
            query=query,
            limit=limit,
            offset=offset,
            include_undated=include_undated,
        )

    def article(self, id_or_prefix: str) -> dict[str, Any]:
        return self.store.get_article(id_or_prefix)

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        return self.store.search(query, limit=limit)

    # -- extraction results ------------------------------------------------------------------

    def mentions(
        self,
        kind: str | None = None,
        *,
        article_id: str | None = None,
        where: Sequence[Where] = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, Any]]:
        """Stored mentions as flat dicts: article_id, kind, start, end, text, sentence, fields.
        ``where``: conditions on their fields (``store.Match``), run in SQL; ``limit`` and
        ``offset`` page through those that match."""
        if article_id is not None:
            article_id = self.store.resolve_id(article_id)
        rows = self.store.iter_mentions(
            article_id=article_id, kind=kind, where=where, limit=limit, offset=offset
        )
        for row in rows:
            yield flat_mention(row)

    def extraction(self, id_or_prefix: str) -> dict[str, Any]:
        """One article and every item extracted from it, grouped by kind (``show --format
        json``): ``{"article": {...}, "timexes": [...], "entities": [...], ...}``."""
        article = self.store.get_article(id_or_prefix)
        out: dict[str, Any] = {"article": article}
        for group in KIND_GROUPS.values():
            out[group] = []
        for row in self.store.iter_mentions(article_id=article["id"]):
            group = KIND_GROUPS.get(row["kind"], row["kind"] + "s")
            out.setdefault(group, []).append(flat_mention(row))
        return out

    def statements(
        self,
        *,
        by: str | None = None,
        direct: bool | None = None,
        act: str | Iterable[str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Quotes and reported speech; ``by`` keeps a speaker whose name or alias contains it
        (case-insensitive: "Netanyahu" finds "Benjamin Netanyahu"); ``act`` keeps the acts
        given (say, believe, intend, deny, accuse, support, oppose, evidence: claims apart
        from opinions and plans)."""
        where: list[Where] = []
        if direct is not None:
            where.append(Match("direct", "truthy", direct))
        if acts := _as_list(act):
            where.append(AnyOf(*(Match("act", "exact", a.casefold()) for a in acts)))
        if by:
            where.append(
                AnyOf(
                    Match("speaker", "icontains", by), Match("speaker_aliases", "any_icontains", by)
                )
            )
        yield from self.mentions("statement", where=where)

    def entities(self, *, label: str | None = None) -> list[dict[str, Any]]:
        """Entities merged across the corpus (``story.entities``): id, canonical name, aliases,
        titles, mention and article counts, first and last publication day seen."""
        from .story.entities import merge_entities

        per_article: dict[str, list[dict[str, Any]]] = {}
        for m in self.mentions("entity"):
            per_article.setdefault(m["article_id"], []).append(m)
        merged = merge_entities(per_article, self._article_days())
        if label:
            merged = [e for e in merged if e["label"].casefold() == label.casefold()]
        return merged

    def events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        facts_only: bool = False,
    ) -> list[dict[str, Any]]:
        """Typed events by date: ``type`` (release, attack, talks…; several comma-separated,
        a stem such as ``ceasefire`` or a family such as ``truce``), ``actor`` (substring of
        the agent or patient, case-insensitive), a date range on the event date (a month or
        year value is inside a range it overlaps); ``facts_only`` keeps asserted or reported,
        non-negated events."""
        where: list[Where] = []
        if type:
            from .story.event_types import expand

            covered = sorted(expand(_as_list(type)))
            where.append(AnyOf(*(Match("type", "exact", t) for t in covered)))
        if actor:
            where.append(
                AnyOf(Match("agent", "icontains", actor), Match("patient", "icontains", actor))
            )
        out = []
        for m in self.mentions("event", where=where):
            if not date_overlaps(m.get("date"), date_from, date_to):
                continue
            unreal = m.get("negated") or m.get("modality") in ("planned", "hypothetical")
            if facts_only and unreal:
                continue
            out.append(m)
        out.sort(key=lambda m: (m.get("date") or "9999", m["article_id"], m["start"]))
        return out

    def proposals(self, *, by: str | None = None) -> list[dict[str, Any]]:
        """Negotiation offers and demands with what is asked in exchange and the answers;
        ``by`` keeps those whose proposer or responder contains it (case-insensitive)."""
        where = (
            [AnyOf(*(Match(k, "icontains", by) for k in ("proposer", "responder")))] if by else []
        )
        out = list(self.mentions("proposal", where=where))
        out.sort(key=lambda m: (m.get("date") or "9999", m["article_id"], m["start"]))
        return out

    def negotiations(self) -> list[dict[str, Any]]:
        """Negotiation threads (``story.negotiations``): each proposal (plan) with its party,
        date, content and every mention, then the answers and counter-proposals that followed
        in time order (``steps``), each cited by article id, raw offsets and sentence."""
        from .story.negotiations import negotiations

        return negotiations(self.store, aliases=self._entity_names())

    def figures(
        self,
        kind: str | None = None,
        *,
        source: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> list[dict[str, Any]]:
        """Quantitative claims by as-of date. ``kind`` matches what is counted, the kind or the
        noun ("hostages", "killed", "money", "percent"; case and a plural s ignored); ``source``
        is a substring of the attributed source; the date range is on ``as_of``. A running count
        of an article dated only by inference takes the article's day when its window is one
        day."""
        where: list[Where] = []
        if kind:
            names = ("counted", "quantity", "noun", "unit")
            where.append(AnyOf(*(Match(n, "isingular", kind) for n in names)))
        if source:
            where.append(Match("source", "icontains", source))
        days: dict[str, str | None] | None = None
        out = []
        for m in self.mentions("figure", where=where):
            if m.get("as_of") is None and m.get("as_of_from") == "publication":
                days = self._article_days() if days is None else days
                m["as_of"] = days.get(m["article_id"])
            if not date_overlaps(m.get("as_of"), date_from, date_to):
                continue
            out.append(m)
        out.sort(key=lambda m: (m.get("as_of") or "9999", m["article_id"], m["start"]))
        return out

    def entity(self, id_or_name: str) -> dict[str, Any]:
        """One story entity (by id, name or a unique alias) with what it said over time:
        ``statements`` (as speaker, by date) and, when figures are extracted, the ``figures``
        it is the source of. Raises ``NotFoundError`` when no entity matches."""
        from .errors import Messages, NotFoundError
        from .story.entities import find_entity, names_match, own_names, source_matches

        everyone = self.entities()
        found = find_entity(everyone, id_or_name)
        if found is None:
            raise NotFoundError(Messages.NO_ENTITY.format(name=id_or_name))
        names = own_names(found, everyone)
        said = [
            s
            for s in self.statements()
            if names_match(names, s.get("speaker"), *(s.get("speaker_aliases") or []))
        ]
        said.sort(key=lambda s: (s.get("date") or "9999", s["article_id"], s["start"]))
        out = {**found, "statements": said}
        figures = getattr(self, "figures", None)
        if callable(figures):
            out["figures"] = [f for f in figures() if source_matches(names, f.get("source"))]
        return out

    def _article_days(self) -> dict[str, str | None]:
        """Article id → publication day; an undated article whose window is one day counts
        on that day, a wider window leaves it out of first/last seen."""
        days: dict[str, str | None] = {}
        for a in self.articles(include_undated=True):
            day = a.get("published")
            lo, hi = a.get("date_earliest"), a.get("date_latest")
            if not day and lo and lo == hi:
                day = lo
            days[a["id"]] = dates.truncate(str(day), "day") if day else None  # a time: its day
        return days

    # -- story -----------------------------------------------------------------------------

    def summarize(
        self,
        *,
        dates: int = 10,
        sentences: int = 1,
        query: Iterable[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> list[tuple[str, list[str]]]:
        """Timeline summarization: the ``dates`` most important days (between ``date_from``
        and ``date_to``), ``sentences`` sentences each; with ``query`` words, only sentences
        holding one qualify. ``[("YYYY-MM-DD", ["sentence", ...]), ...]`` in date order."""
        from .story.tls import summarize

        return summarize(
            self.store,
            dates=dates,
            sentences_per_date=sentences,
            queries=tuple(query),
            date_from=date_from,
            date_to=date_to,
        )

    def story_events(self) -> list[dict[str, Any]]:
        """Event mentions of all articles clustered into the happenings they report
        (``story.events``): id, type, date (+ precision, origin, note), headline, actors,
        place, source and article counts, first/last report, and every citation. Read from
        the story tables (``story.materialize``), by id."""
        if self._story_ready():
            from .store.story import read_events

            return read_events(self.store)
        from .story.events import build_story_events

        return build_story_events(self.store, aliases=self._entity_names())

    def rebuild(self) -> dict[str, Any]:
        """Recompute the whole story from the mentions into its tables (``storyline
        rebuild``): what was built (partitions, series, findings, events) and the seconds."""
        from .story.materialize import rebuild

        return rebuild(self.store).as_dict()

    def _story_ready(self) -> bool:
        """Whether the story tables hold the story of the store as it is now: a missing or
        stale story is built here when the store is writable; read-only, False (the reader
        computes it in memory)."""
        from .store.story import is_current

        if is_current(self.store):  # the common case: no story code to import
            return True
        from .story.materialize import ensure

        return ensure(self.store)

    def series(
        self, name: str | None = None, *, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Figures grouped into series (``story.series``): id, label, counted, status, place,
        population, anchor, and the points in time order, each with value, qualifier, as-of
        days, source and citation, and ``conflict``/``revision`` flags when a finding involves
        it. ``name``: a series id, or a word of its label, counted thing or status;
        ``limit``/``offset`` page through them (most points first)."""
        if self._story_ready():
            from .store.story import read_series

            return read_series(self.store, name, limit=limit, offset=offset)
        from .story.conflicts import find_conflicts
        from .story.series import corpus_series, matches

        chosen = [s for s in corpus_series(self.store) if matches(s, name)]
        flagged: dict[int, set[str]] = {}  # point → kinds of the default findings it is in
        for f in find_conflicts(chosen):
            for p in (f.a, f.b):
                flagged.setdefault(id(p), set()).add(f.kind)
        out = []
        for s in chosen:
            row = s.as_dict()
            for p, d in zip(s.points, row["points"], strict=True):
                kinds = flagged.get(id(p), set())
                d["conflict"], d["revision"] = "conflict" in kinds, "revision" in kinds
            out.append(row)
        return _page(out, limit, offset)

    def conflicts(
        self,
        kind: str | None = None,
        *,
        series: str | None = None,
        all: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Disagreements between the asserted points of each series (``story.conflicts``):
        ``kind`` conflict, revision or change; ``series`` as in :meth:`series`. Each finding
        carries both points with their sources and citations, a one-line explanation, a
        ``confidence`` (0-1) and its ``reasons``. Only findings at or above
        ``story.conflicts.CONFIDENT`` unless ``all``; ``limit``/``offset`` page."""
        if self._story_ready():
            from .store.story import read_findings

            return read_findings(
                self.store, kind, needle=series, confident=not all, limit=limit, offset=offset
            )
        from .story.conflicts import CONFIDENT, find_conflicts
        from .story.series import corpus_series, matches

        floor = None if all else CONFIDENT
        chosen = [s for s in corpus_series(self.store) if matches(s, series)]
        found = [f.as_dict() for f in find_conflicts(chosen, kind, min_confidence=floor)]
        return _page(found, limit, offset)

    def place(self, article_id: str | None = None, *, write: bool = True) -> list[dict[str, Any]]:
        """Place undated articles (all, or one by id or prefix) on the figure series of the
        dated ones (``story.placement``): earliest, latest, best guess, confidence and
        evidence; ``write`` stores the refined window with its evidence, and the year-less
        dates the window or the corpus then resolves (``story.anchoring``: ``anchored``)."""
        from .story.placement import place_undated

        ids = [self.store.resolve_id(article_id)] if article_id else None
        placed = [p.as_dict() for p in place_undated(self.store, ids, write=write)]
        if write and placed:
            from .story.materialize import update

            update(self.store, [p["article_id"] for p in placed if p.get("article_id")])
        return placed

    def timeline(
        self,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        actor: str | Iterable[str] | None = None,
        type: str | Iterable[str] | None = None,
        key: int | None = None,
        min_score: float | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Story events by event date (``story.timeline``), each with an importance
        ``score``: a date range (ISO day, month or year), ``actor`` (a name or alias, or a
        substring of an actor's name), ``type`` (one or several), and the key-event cut:
        the ``key`` best scored and/or those scoring at least ``min_score``;
        ``limit``/``offset`` page through the result."""
        from .story.entities import fold_name
        from .story.timeline import Filters, build_timeline

        actors = tuple(_as_list(actor))
        types = tuple(_as_list(type))
        for bound in (date_from, date_to):
            if bound:
                dates.parse_bound(bound)  # a clear error before any work
        if self._story_ready():
            from .store.story import read_events, read_names
            from .story.event_types import expand as expand_types

            # an alias ("SMF") finds its entity's events under the canonical name
            names = read_names(self.store, (fold_name(a) for a in actors))
            actors += tuple(names[fold_name(a)] for a in actors if fold_name(a) in names)
            first = dates.parse(date_from).first if date_from else None
            last = dates.parse(date_to).last if date_to else None
            events = read_events(
                self.store,
                first_day=first.isoformat() if first else None,
                last_day=last.isoformat() if last else None,
                types=tuple(sorted(expand_types(types))) if types else (),
                actors=tuple(a.casefold() for a in actors),
            )
        else:
            names = self._entity_names()
            actors += tuple(names[fold_name(a)] for a in actors if fold_name(a) in names)
            events = self.story_events()
        filters = Filters(date_from, date_to, actors, types)
        found = build_timeline(events, filters=filters, key=key, min_score=min_score)
        return _page(found, limit, offset)

    def _entity_names(self) -> dict[str, str]:
        """Folded name or alias → the story entity's canonical name; a full name wins over a
        shorter entity of the same words ("Brandt" mislabelled apart from "Elias Brandt")."""
        from .story.entities import fold_name

        out: dict[str, str] = {}
        for e in sorted(self.entities(), key=lambda e: -len(e["canonical"].split())):
            for name in [e["canonical"], *(e.get("aliases") or [])]:
                out.setdefault(fold_name(name), e["canonical"])
        return out


def _page(rows: list[dict[str, Any]], limit: int | None, offset: int) -> list[dict[str, Any]]:
    return rows[offset:] if limit is None else rows[offset : offset + limit]


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    """'a,b' or ['a', 'b'] → ['a', 'b']; None → []."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [p.strip() for item in items for p in item.split(",") if p.strip()]


def date_overlaps(value: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Whether a calendar value of any precision overlaps [date_from, date_to] (inclusive);
    no range keeps everything, an undated value is outside any range (``dates.overlaps``)."""
    return dates.overlaps(value, date_from, date_to)


def flat_mention(row: dict[str, Any]) -> dict[str, Any]:
    """A stored mention row with its kind's fields lifted to the top level."""
    out = {
        "article_id": row["article_id"],
        "kind": row["kind"],
        "start": row["start"],
        "end": row["end"],
        "text": row["text"],
        "sentence": row.get("sentence_idx"),
    }
    for key, value in (row.get("data") or {}).items():
        out.setdefault(key, value)
    return out
