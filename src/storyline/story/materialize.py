"""The materialized story: series, findings and story events kept in the store's tables.

The story is a union of **partitions**, each computed from its own inputs only:

- ``series``: the figures of one counted thing (``counted``; every step of ``story.series``
  that joins or borrows points stays within one counted thing), grouped with
  ``build_series``, and each series' findings (``story.conflicts.series_findings``);
- ``events``: the fact reports of one type family (``story.events``: only reports of one
  family are ever paired), clustered with TF-IDF fitted on that family's reports.

Corpus-wide inputs (canonical source names, places, entity names, near-duplicate groups,
the story's core words, article dates) are computed whole on every run, but enter a
partition only through the values its own rows read: the partition's **signature** digests
its rows together with those values (each figure's canonical source, its place and the
places its sentence and article name, its article's dates and group; each report's folded
actors, dates, group and core words). ``update`` recomputes exactly the partitions whose
signature changed (new or re-dated articles, a new alias that renames a source…);
``rebuild`` recomputes them all the same way, so an update equals a rebuild by construction.

Near-duplicate groups are numbered by their smallest article id (``stable_group``), not by
position: adding an article must not renumber the groups of every other one.
"""

from __future__ import annotations

import hashlib
import json
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .. import dates
from ..store import Store
from ..store import story as tables
from .conflicts import CONFIDENT, KINDS, series_findings
from .entities import (
    Group,
    Key,
    Shares,
    add_mention,
    fold_name,
    group_from_row,
    group_row,
    merged_records,
)
from .events import (
    ClusterConfig,
    Report,
    cluster,
    core_words,
    family_of,
    is_sidebar,
    load_corpus,
    reporting_until,
    sentence_words,
    story_event,
    text_vectors,
)
from .series import (
    Places,
    Series,
    build_series,
    figure_core_words,
    figure_place,
    flat,
    has_frame,
    load_articles,
    load_sentences,
    off_story,
    sentence_keys,
    story_words,
)
from .sources import SourceNames, duplicate_groups
from .timeline import KeyConfig, event_types, importance


@dataclass(slots=True)
class BuildReport:
    """What a rebuild or an update did."""

    mode: str
    partitions: int = 0
    recomputed: int = 0
    removed: int = 0
    series: int = 0
    findings: int = 0
    events: int = 0
    seconds: float = 0.0
    families: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- entry points ----------------------------------------------------------------------------


def rebuild(store: Store) -> BuildReport:
    """Every partition computed from the mentions, the old story dropped."""
    tables.clear_story(store)
    return _refresh(store, "rebuild")


def update(store: Store, articles: Iterable[str] = ()) -> BuildReport:
    """Recompute the partitions whose inputs changed since the story was built: those the
    new or re-dated ``articles`` join, and any whose corpus-wide inputs moved (module doc).
    A story built by another version or lexicons is rebuilt."""
    del articles  # the signatures find what they touch, and what else changed with them
    if not tables.same_build(store):
        return rebuild(store)
    return _refresh(store, "update")


def ensure(store: Store) -> bool:
    """Bring the stored story up to date; False when it cannot be written (read-only)."""
    if tables.is_current(store):
        return True
    try:
        update(store)
    except tables.StoryNotWritable:  # a read-only file or role: the caller computes in memory
        return False
    return True


# -- the corpus-wide inputs --------------------------------------------------------------------


def stable_group(members: Sequence[str]) -> int:
    """A near-duplicate group's number from its smallest article id (52 bits: exact in JSON
    readers that use doubles)."""
    return int(min(members)[:13], 16)


def stable_groups(ids: Iterable[str], links: Sequence[tuple[str, str]]) -> dict[str, int]:
    groups = duplicate_groups(list(ids), links)
    members: dict[int, list[str]] = defaultdict(list)
    for a, g in groups.items():
        members[g].append(a)
    number = {g: stable_group(m) for g, m in members.items()}
    return {a: number[g] for a, g in groups.items()}


def article_days(store: Store) -> dict[str, str | None]:
    """Article id → publication day; an undated article whose window is one day counts on
    that day, a wider window leaves it out of first/last seen."""
    days: dict[str, str | None] = {}
    cols = ("id", "published", "date_earliest", "date_latest")
    for a in store.iter_article_columns(cols):
        day = a.get("published")
        lo, hi = a.get("date_earliest"), a.get("date_latest")
        if not day and lo and lo == hi:
            day = lo
        days[a["id"]] = dates.truncate(str(day), "day") if day else None
    return days


def entity_names(
    entities: Sequence[Mapping[str, Any]], days: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """Folded name or alias → the story entity's canonical name; a full name wins over a
    shorter entity of the same words ("Brandt" mislabelled apart from "Elias Brandt")."""
    groups: dict[Key, Group] = {}
    for m in entities:
        add_mention(groups, str(m["article_id"]), m)
    return names_of(merged_records(groups, days))


def names_of(merged: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in sorted(merged, key=lambda e: -len(e["canonical"].split())):
        for name in [e["canonical"], *(e.get("aliases") or [])]:
            out.setdefault(fold_name(name), e["canonical"])
    return out


SOURCE_GROUPS = frozenset({"ORG", "PERSON", "NORP"})
"""The type groups of the entities a figure's source can be (``story.series.corpus_sources``
merges the ORG, GPE, PERSON and NORP mentions: GPE is in the ORG group)."""


@dataclass(slots=True)
class Context:
    entities: list[dict[str, Any]]
    names: dict[str, str]
    groups: dict[str, int]
    # the merged story entities of the source type groups: what ``corpus_sources`` merges
    # again from the mentions (``SourceNames(figure sources, ctx.sources)`` gives the same)
    sources: list[dict[str, Any]] = field(default_factory=list)
    merge: tables.EntityRows | None = None  # the entity groups to store with the story
    # the corpus's event reports and core words, read once (``story_reports``)
    reports: list[Report] | None = None
    core: frozenset[str] = frozenset()


def story_reports(store: Store, ctx: Context) -> tuple[list[Report], frozenset[str]]:
    """The corpus's fact reports (sources numbered by near-duplicate group) and the story's
    core words: read once per refresh, for the series (sidebars) and the events."""
    if ctx.reports is None:
        config = ClusterConfig()
        reports = load_corpus(store, aliases=ctx.names, config=config).reports
        for r in reports:
            r.source = ctx.groups.get(r.article_id, r.source)
        ctx.reports = reports
        ctx.core = core_words(reports, config) if reports else frozenset()
    return ctx.reports, ctx.core


def load_context(store: Store, known: Mapping[tuple[str, str], str] | None = None) -> Context:
    """The corpus-wide inputs. The entity merge starts from the stored groups when
    ``known`` (the stored signatures) says they hold exactly the entity mentions up to some
    id as they are now, and counts in only the later ones; else from every mention."""
    rows = list(store.iter_mentions(kind="entity"))
    entities = [flat(r) for r in rows]
    ids = [a["id"] for a in store.iter_article_columns(("id",))]
    links = [(d["article_id"], d["duplicate_of"]) for d in store.iter_duplicates()]
    merge, groups, shares = _merge_entities(store, rows, entities, (known or {}))
    pre_fold = {k: g for k, g in groups.items() if k[0] in SOURCE_GROUPS}
    sources = merged_records(_copy_groups(pre_fold), shares=shares)
    names = names_of(merged_records(groups, shares=shares))
    return Context(entities, names, stable_groups(ids, links), sources, merge)


def _mention_print(row: Mapping[str, Any]) -> int:
    """A stable checksum of what the entity merge reads of a mention."""
    data = row.get("data") or {}
    aliases = data.get("aliases") or ()
    fields: tuple[Any, ...] = (row["id"], row["article_id"], row.get("text"))
    fields += (data.get("canonical"), data.get("label"), data.get("title"))
    fields += ("\x1e".join(map(str, aliases)),)
    return zlib.crc32("\x1f".join(map(str, fields)).encode())


def _entity_signature(rows: Sequence[Mapping[str, Any]], prints: Sequence[int], upto: int) -> str:
    """Which entity mentions the groups hold: those up to id ``upto``, by count, id sum and
    a sum of checksums (a mention replaced, removed or rewritten since changes it)."""
    n = ids = total = 0
    for r, p in zip(rows, prints, strict=True):
        if r["id"] <= upto:
            n, ids, total = n + 1, ids + r["id"], total + p
    return f"{upto}:{n}:{ids}:{total % (1 << 61)}"


def _merge_entities(
    store: Store,
    rows: Sequence[Mapping[str, Any]],
    entities: Sequence[Mapping[str, Any]],
    known: Mapping[tuple[str, str], str],
) -> tuple[tables.EntityRows, dict[Key, Group], Shares | None]:
    """The entity groups of every mention (pre-fold, as stored) and the rows to store: the
    stored groups plus the mentions after the stored signature's last id when the signature
    still holds (mentions counted in id order either way, so the groups are the same),
    else all of them, rebuilt."""
    last = max((r["id"] for r in rows), default=0)
    prints = [_mention_print(r) for r in rows]
    stored = known.get(tables.ENTITY_PARTITION)
    upto = int(stored.split(":", 1)[0]) if stored else -1
    incremental = stored is not None and _entity_signature(rows, prints, upto) == stored
    groups: dict[Key, Group] = {}
    if incremental:
        for row in tables.read_entity_groups(store):
            key, g = group_from_row(row)
            groups[key] = g
    new = [(r, m) for r, m in zip(rows, entities, strict=True) if r["id"] > upto or not incremental]
    touched: dict[Key, None] = {}
    pairs: set[tuple[str, str, str]] = set()
    for r, m in new:
        key = add_mention(groups, str(r["article_id"]), m)
        touched[key] = None
        pairs.add((key[0], key[1], str(r["article_id"])))
    fresh: dict[Key, set[str]] = defaultdict(set)
    for group, name, article in pairs:
        fresh[(group, name)].add(article)
    if incremental:
        pairs -= tables.entity_articles_known(store, {p[2] for p in pairs})
    seq = {k: i for i, k in enumerate(groups)}
    merge = tables.EntityRows(
        signature=_entity_signature(rows, prints, last),
        groups=[{**group_row(k, groups[k]), "seq": seq[k]} for k in touched],
        articles=[{"grp": g, "name": n, "article_id": a} for g, n, a in sorted(pairs)],
        full=not incremental,
    )
    if not incremental:
        return merge, groups, None

    def shares(_: dict[Key, Group], one: Key, other: Key) -> bool:
        """The loaded groups carry no articles: an acronym's candidate expansions are
        compared on the new mentions' articles and the store's (not written yet)."""
        mine, theirs = fresh.get(one, set()), fresh.get(other, set())
        return bool(
            mine & theirs
            or tables.entities_share_article(store, one, other)
            or tables.entity_named_in(store, other, mine)
            or tables.entity_named_in(store, one, theirs)
        )

    return merge, groups, shares


def _copy_groups(groups: Mapping[Key, Group]) -> dict[Key, Group]:
    return {
        k: Group(
            g.canonical,
            Counter(g.labels),
            Counter(g.aliases),
            Counter(g.titles),
            g.mentions,
            set(g.articles),
        )
        for k, g in groups.items()
    }


# -- the refresh -----------------------------------------------------------------------------


def compute(
    store: Store, known: Mapping[tuple[str, str], str] | None = None
) -> tuple[list[tables.PartitionRows], set[tuple[str, str]], Context]:
    """The rows of every partition whose signature is not the one ``known`` gives (all of
    them when None), the keys of every partition, and the corpus-wide inputs; no write."""
    known = known or {}
    ctx = load_context(store, known)
    parts: list[tables.PartitionRows] = []
    current: set[tuple[str, str]] = set()
    for kind, family, signature, build in [*_series_parts(store, ctx), *_event_parts(store, ctx)]:
        current.add((kind, family))
        if known.get((kind, family)) != signature:
            parts.append(build(signature))
    return parts, current, ctx


def _refresh(store: Store, mode: str) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport(mode)
    old = tables.signatures(store)
    parts, current, ctx = compute(store, old)
    report.families = [f"{p.kind}:{p.family}" for p in parts]
    removed = [k for k in old if k not in current and k != tables.ENTITY_PARTITION]
    state = tables.build_state(store, mode)
    tables.write_story(store, parts, removed, ctx.names, state, ctx.merge)
    report.partitions = len(current)
    report.recomputed = len(parts)
    report.removed = len(removed)
    report.series = sum(len(p.series) for p in parts)
    report.findings = sum(len(p.findings) for p in parts)
    report.events = sum(len(p.events) for p in parts)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _digest(items: Any) -> str:
    text = json.dumps(items, sort_keys=True, default=_plain, separators=(",", ":"))
    return hashlib.sha1(f"{tables.FORMAT}:{text}".encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(value, key=str)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return str(value)


def _json(value: Any) -> Any:
    """A row as JSON gives it back (tuples as lists), so a fresh row equals a stored one."""
    return json.loads(json.dumps(value, default=_plain))


# -- series ----------------------------------------------------------------------------------


def _series_parts(store: Store, ctx: Context) -> list[tuple[str, str, str, Any]]:
    figures = [flat(r) for r in store.iter_mentions(kind="figure")]
    infos = load_articles(store)
    for a, info in infos.items():
        info.group = ctx.groups.get(a, info.group)
    places = Places.from_entities(ctx.entities)
    # with their neighbours: whether a figure is off the story reads them
    sentences = load_sentences(store, sentence_keys(figures))
    # the source entities load_context merged already (``corpus_sources`` would merge again)
    sources = SourceNames((f.get("source") or "" for f in figures), ctx.sources)

    # the story's own words (its core words, as the events read them): a placeless figure of
    # a sidebar is marked (``off_story``); only that mark enters the digest
    core = story_reports(store, ctx)[1] | figure_core_words(figures, sentences)
    story = story_words(core)
    families: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in figures:
        if has_frame(f):
            families[str(f.get("counted") or "")].append(f)
    out = []
    for family, figs in families.items():
        inputs = []
        for f in figs:
            idx = f.get("sentence")
            sent = sentences.get((f["article_id"], int(idx))) if idx is not None else None
            known = infos.get(f["article_id"])
            inputs.append(
                (
                    f,
                    sent,
                    asdict(known) if known else None,
                    sources(f.get("source")),
                    figure_place(f, places),
                    sorted(places.find_all(sent)),
                    sorted(places.in_article.get(f["article_id"], ())),
                    off_story(f, figure_place(f, places), sentences, story),
                )
            )

        def compute(sig: str, family: str = family, figs: list[dict[str, Any]] = figs) -> Any:
            built = build_series(figs, infos, places, sentences, sources, story)
            return series_rows(family, sig, built)

        out.append(("series", family, _digest(inputs), compute))
    return out


def series_rows(family: str, signature: str, built: Sequence[Series]) -> tables.PartitionRows:
    part = tables.PartitionRows("series", family, signature)
    order = {k: i for i, k in enumerate(KINDS)}
    for s in built:
        found = series_findings(s)
        flagged: dict[int, set[str]] = {}
        for f in found:
            if f.confidence >= CONFIDENT:
                for p in (f.a, f.b):
                    flagged.setdefault(id(p), set()).add(f.kind)
        row = s.as_dict()
        for p, d in zip(s.points, row["points"], strict=True):
            kinds = flagged.get(id(p), set())
            d["conflict"], d["revision"] = "conflict" in kinds, "revision" in kinds
        days = [p.sort_day for p in s.points if not p.sort_day.startswith("9999")]
        part.series.append(
            {
                "family": family,
                "id": s.id,
                "label": s.label,
                "counted": s.counted,
                "status": s.status,
                "unit": s.unit,
                "place": s.place,
                "population": s.population,
                "period": s.period,
                "n_points": len(s.points),
                "n_sources": s.sources,
                "first_date": min(days) if days else None,
                "last_date": max(days) if days else None,
                "needle": "\x1f".join(
                    x.casefold() for x in (s.id, s.label, s.counted or "", s.status or "")
                ),
                "data": _json(row),
            }
        )
        for seq, f in enumerate(found):
            part.findings.append(
                {
                    "family": family,
                    "series_id": s.id,
                    "seq": seq,
                    "kind": f.kind,
                    "kind_order": order[f.kind],
                    "confidence": f.confidence,
                    "confident": f.confidence >= CONFIDENT,
                    "a_day": f.a.sort_day,
                    "b_day": f.b.sort_day,
                    "series_points": len(s.points),
                    "data": _json(f.as_dict()),
                }
            )
    return part


# -- events ----------------------------------------------------------------------------------


REPORT_FIELDS = tuple(Report.__dataclass_fields__)


def _event_parts(store: Store, ctx: Context) -> list[tuple[str, str, str, Any]]:
    config = ClusterConfig()
    reports, core = story_reports(store, ctx)
    # importance reads it and every event row stores it (``corpus_until``): a family's rows do
    # depend on it, so a new last reporting day recomputes every family
    until = reporting_until(reports)
    families: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        families[family_of(r.type)].append(r)
    out = []
    for family, members in families.items():
        # every field of each report, shallow (asdict's deep copies cost seconds per update);
        # of the core words a family reads only whether each sentence holds any (headline,
        # sidebar): which ones it holds would recompute it whenever a core word comes or goes
        inputs = [
            ([getattr(r, n) for n in REPORT_FIELDS], bool(sentence_words(r.sentence) & core))
            for r in members
        ]

        def compute(sig: str, family: str = family, members: list[Report] = members) -> Any:
            return event_rows(family, sig, family_events(members, core, config, until))

        out.append(("events", family, _digest([bool(core), until, inputs]), compute))
    return out


def family_events(
    reports: Sequence[Report],
    core: frozenset[str],
    config: ClusterConfig,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """The story events of one family's reports (``story.events.build_story_events`` on
    them, the corpus's core words and last reporting day given)."""
    vectors = text_vectors(reports)
    out = []
    for g in cluster(reports, config, vectors):
        members = [reports[i] for i in g]
        event = story_event(members, vectors, g, core)
        event["sidebar"] = is_sidebar(members, core)
        event["corpus_until"] = until
        out.append(event)
    return out


def event_rows(
    family: str, signature: str, events: Sequence[dict[str, Any]]
) -> tables.PartitionRows:
    part = tables.PartitionRows("events", family, signature)
    config = KeyConfig()
    for e in events:
        value, background = importance(e, config)
        part.events.append(
            {
                "id": e["id"],
                "family": family,
                "type": e["type"],
                "types": "|" + "|".join(sorted(event_types(e) - {""})) + "|",
                "date": e.get("date"),
                "date_start": e.get("date_lo"),
                "date_end": e.get("date_hi"),
                "precision": e.get("date_precision"),
                "importance": value,
                "background": background,
                "sidebar": bool(e.get("sidebar")),
                "n_sources": e.get("sources", 0),
                "n_articles": e.get("articles", 0),
                "headline": e.get("headline"),
                "data": _json(e),
            }
        )
        for actor in sorted({a.casefold() for a in e.get("actors") or []}):
            part.actors.append({"event_id": e["id"], "actor": actor})
    return part
