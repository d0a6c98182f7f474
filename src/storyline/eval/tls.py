"""`storyline eval tls`: timeline summarization scored as news-tls scores it.

A topic folder holds ``articles.jsonl`` (``{"id", "time", "text"}`` a line),
``timelines.jsonl`` (one reference timeline a line, ``[["YYYY-MM-DD", [sentence, ...]], ...]``)
and optionally ``keywords.json`` (the query words). The protocol (news-tls
``experiments/evaluate.py``): one task per reference timeline; the input is the articles
published between its first and last date; K = its number of dates; N = round(mean sentences
per date); query = the topic's keywords. Scores: ROUGE-1/2 under ``concat``, ``agreement`` and
``align+ m:1`` (:mod:`.rouge`) and date F1; the mean over tasks averages precision and recall,
then takes the F of those means.

Two systems: ``summarize`` (:mod:`storyline.story.tls`) and ``timeline`` (the key timeline
of ``timeline --key K``, :mod:`storyline.story.timeline`: each key event's day, with the
headline sentences of the events of that day as its summary).

Articles go through the real ingest pipeline into a temporary store, with only the
components the system reads (for ``summarize``: the parse for sentences and tense, and time
expressions; for ``timeline``: every component, as ``ingest`` runs them).

**Leave one topic out** (``leave_one_out``): the knobs of ``summarize`` (``TUNING_GRID``) are
chosen on every topic but one and scored on that one, so no reported score comes from
settings chosen on the topic it scores.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language

from ..dates import overlaps, parse_day
from ..errors import Messages, StorylineError
from ..story.tls import Timeline, TlsConfig, summarize
from .rouge import date_prf, f_score, timeline_rouge

REPORTED_METRICS = ("concat", "agreement", "align+ m:1")
"""The ROUGE variants reported (news-tls reports align+ m:1)."""
TIMEX_ONLY = ("storyline_timexes",)
UNUSED_PIPES = ("ner", "lemmatizer")
"""Pipes of the spaCy model whose output the summarizer never reads (skipped for speed)."""
System = Literal["summarize", "timeline"]
SYSTEMS: tuple[System, ...] = ("summarize", "timeline")
TUNING_GRID: tuple[dict[str, float], ...] = tuple(
    {"spread": spread, "published_weight": published, "burst_weight": burst}
    for spread in (0.2, 0.3, 0.45)
    for published in (0.25, 0.5)
    for burst in (0.0, 0.5, 1.0)
)
"""The ``TlsConfig`` knobs leave-one-topic-out chooses among (every other knob at its default),
by :func:`objective` on the other topics' tasks."""

Progress = Callable[[str], None]


@dataclass(slots=True)
class Topic:
    name: str
    folder: Path
    keywords: list[str]
    timelines: list[dict[date, list[str]]]


def find_topics(path: Path) -> list[Topic]:
    """One topic folder, or a folder of topic folders (sorted by name)."""
    if not path.is_dir():
        raise StorylineError(Messages.NOT_A_TOPIC_FOLDER.format(path=path))
    folders = (
        [path]
        if (path / "timelines.jsonl").exists()
        else sorted(p for p in path.iterdir() if (p / "timelines.jsonl").exists())
    )
    if not folders:
        raise StorylineError(Messages.NO_TIMELINES.format(path=path))
    return [read_topic(f) for f in folders]


def read_topic(folder: Path) -> Topic:
    if not (folder / "articles.jsonl").exists():
        raise StorylineError(Messages.MISSING_FILE.format(path=folder / "articles.jsonl"))
    keywords: list[str] = []
    kw_file = folder / "keywords.json"
    if kw_file.exists():
        try:
            keywords = [str(k) for k in json.loads(kw_file.read_text(encoding="utf-8"))]
        except (ValueError, TypeError) as exc:
            raise StorylineError(Messages.BAD_KEYWORDS.format(path=kw_file, error=exc)) from exc
    timelines = []
    tl_file = folder / "timelines.jsonl"
    for lineno, line in enumerate(tl_file.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            timelines.append(_parse_timeline(line, f"{tl_file}:{lineno}"))
    if not timelines:
        raise StorylineError(Messages.NO_TIMELINE.format(path=tl_file))
    return Topic(folder.name, folder, keywords, timelines)


def _parse_timeline(line: str, where: str) -> dict[date, list[str]]:
    """A reference timeline; a date listed twice has its sentences merged."""
    out: dict[date, list[str]] = defaultdict(list)
    try:
        for day, sents in json.loads(line):
            out[parse_day(day)].extend(s.strip() for s in sents)
    except (ValueError, TypeError) as exc:
        expected = '[["YYYY-MM-DD", [sentence, ...]], ...]'
        message = Messages.BAD_TIMELINE.format(where=where, expected=expected, error=exc)
        raise StorylineError(message) from exc
    if not out:
        raise StorylineError(Messages.EMPTY_TIMELINE.format(where=where))
    return dict(out)


def timex_pipeline(model: str | None = None) -> Language:
    """The spaCy pipeline with only what the summarizer reads (a fresh copy: pipes are
    removed)."""
    from ..extract.nlp import DEFAULT_MODEL, build_pipeline

    nlp = build_pipeline(model or DEFAULT_MODEL, TIMEX_ONLY)
    for name in UNUSED_PIPES:
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    return nlp


def evaluate_tls(
    path: Path,
    *,
    model: str | None = None,
    config: TlsConfig | None = None,
    progress: Progress | None = None,
    nlp: Language | None = None,
    system: System = "summarize",
    leave_one_out: bool = False,
) -> dict[str, Any]:
    """Run every task of every topic under ``path``; per-task, per-topic and mean scores;
    with ``leave_one_out`` (``summarize`` only), the held-out scores too."""
    from ..api import Storyline

    topics = find_topics(path)
    nlp = nlp or (timex_pipeline(model) if system == "summarize" else full_pipeline(model))
    tasks: list[dict[str, Any]] = []
    per_topic: dict[str, Any] = {}
    grid: dict[str, list[list[dict[str, Any]]]] = {}
    for topic in topics:
        with tempfile.TemporaryDirectory(prefix="storyline-tls-") as tmp:
            started = time.perf_counter()
            source = _window_articles(topic, Path(tmp))
            with Storyline(Path(tmp) / "tls.db", nlp=nlp) as sl:
                report = sl.ingest([source])
                if progress:
                    progress(f"{topic.name}: {len(report.added)} articles ingested")
                ingest_s = time.perf_counter() - started
                share = ingest_s / len(topic.timelines)
                topic_tasks = [
                    _run_task(sl, topic, i, share, config, system)
                    for i in range(len(topic.timelines))
                ]
                if leave_one_out and system == "summarize":
                    grid[topic.name] = [
                        [
                            _run_task(sl, topic, i, share, _tuned(config, knobs), system)
                            for i in range(len(topic.timelines))
                        ]
                        for knobs in TUNING_GRID
                    ]
        tasks.extend(topic_tasks)
        per_topic[topic.name] = average(topic_tasks)
        if progress:
            progress(f"{topic.name}: {_brief(per_topic[topic.name])}")
    result: dict[str, Any] = {
        "path": str(path),
        "system": system,
        "tasks": tasks,
        "topics": per_topic,
        "mean": average(tasks),
    }
    if grid:
        result["leave_one_out"] = leave_one_topic_out(grid)
        if progress and result["leave_one_out"]["mean"]:
            progress(f"held out: {_brief(result['leave_one_out']['mean'])}")
    return result


def full_pipeline(model: str | None = None) -> Language:
    """The pipeline ``ingest`` runs (the key timeline reads events, entities, statements)."""
    from ..extract.nlp import DEFAULT_MODEL, load_pipeline

    return load_pipeline(model or DEFAULT_MODEL)


def _tuned(config: TlsConfig | None, knobs: dict[str, float]) -> TlsConfig:
    return replace(config or TlsConfig(), **knobs)  # type: ignore[arg-type]


def objective(scores: dict[str, Any]) -> float:
    """What tuning maximises: AR1-F + AR2-F + date F1 (align+ m:1)."""
    ar = scores["rouge"]["align+ m:1"]
    return ar["rouge_1"]["f1"] + ar["rouge_2"]["f1"] + scores["date"]["f1"]


def leave_one_topic_out(grid: dict[str, list[list[dict[str, Any]]]]) -> dict[str, Any]:
    """For each topic, the grid's knobs that score best on the *other* topics' tasks, and
    that topic's score with them; ``mean`` averages those held-out tasks. With one topic
    there is nothing to hold out: it is left out of the report."""
    out: dict[str, Any] = {"topics": {}}
    held: list[dict[str, Any]] = []
    for name in grid:
        others = [t for t in grid if t != name]
        if not others:
            continue
        best = max(
            range(len(TUNING_GRID)),
            key=lambda g: (objective(average([t for o in others for t in grid[o][g]])), -g),
        )
        scored = grid[name][best]
        held.extend(scored)
        out["topics"][name] = {
            "tuned_on": others,
            "knobs": TUNING_GRID[best],
            "scores": average(scored),
        }
    out["mean"] = average(held)
    return out


def _window_articles(topic: Topic, tmp: Path) -> Path:
    """The topic's articles published inside its timelines' span, as a JSONL file to ingest."""
    lo = min(min(tl) for tl in topic.timelines).isoformat()
    hi = max(max(tl) for tl in topic.timelines).isoformat()
    out = tmp / f"{topic.name}.jsonl"
    src = topic.folder / "articles.jsonl"
    with src.open(encoding="utf-8") as fin, out.open("w", encoding="utf-8") as fout:
        for lineno, line in enumerate(fin, 1):
            if not line.strip():
                continue
            try:
                stamp = json.loads(line).get("time")
            except (ValueError, AttributeError) as exc:
                message = Messages.NOT_A_JSON_OBJECT.format(where=f"{src}:{lineno}", error=exc)
                raise StorylineError(message) from exc
            if overlaps(str(stamp or ""), lo, hi):
                fout.write(line if line.endswith("\n") else line + "\n")
    return out


def _run_task(
    sl: Any,
    topic: Topic,
    index: int,
    ingest_s: float,
    config: TlsConfig | None,
    system: System = "summarize",
) -> dict[str, Any]:
    ref = topic.timelines[index]
    days = sorted(ref)
    k = len(days)
    n = max(1, round(sum(len(s) for s in ref.values()) / k))
    started = time.perf_counter()
    lo, hi = days[0].isoformat(), days[-1].isoformat()
    if system == "timeline":
        predicted = key_timeline(sl.timeline(date_from=lo, date_to=hi, key=k), n)
    else:
        predicted = summarize(
            sl.store,
            dates=k,
            sentences_per_date=n,
            queries=topic.keywords,
            date_from=lo,
            date_to=hi,
            config=config,
        )
    summarize_s = time.perf_counter() - started
    pred = {parse_day(d): sents for d, sents in predicted}
    rouge = timeline_rouge(pred, [ref], metrics=REPORTED_METRICS)
    return {
        "topic": topic.name,
        "timeline": index,
        "dates": k,
        "sentences_per_date": n,
        "predicted_dates": len(pred),
        "rouge": rouge,
        "date": date_prf(pred, ref),
        "seconds": round(ingest_s + summarize_s, 3),
        "summarize_seconds": round(summarize_s, 3),
        "timeline_predicted": predicted,
    }


def key_timeline(events: list[dict[str, Any]], n: int) -> Timeline:
    """Key events as a TLS output: each event dated to a day gives that day, its headline
    one of the day's sentences (up to ``n``, most important first); an event dated only to
    a week, month or year has no day to score."""
    days: dict[str, list[str]] = {}
    for e in sorted(events, key=lambda e: -float(e.get("score") or 0)):
        if e.get("date_precision") != "day" or not e.get("date_lo"):
            continue
        sents = days.setdefault(str(e["date_lo"]), [])
        head = str(e.get("headline") or "").strip()
        if head and head not in sents and len(sents) < n:
            sents.append(head)
    return [(d, sents) for d, sents in sorted(days.items()) if sents]


def average(tasks: list[dict[str, Any]]) -> dict[str, Any]:
    """news-tls's mean: precision and recall averaged over tasks, F of the averages."""
    if not tasks:
        return {}

    def mean_prf(scores: list[dict[str, float]]) -> dict[str, float]:
        p = sum(s["precision"] for s in scores) / len(scores)
        r = sum(s["recall"] for s in scores) / len(scores)
        return {"precision": p, "recall": r, "f1": f_score(p, r)}

    rouge = {
        metric: {
            order: mean_prf([t["rouge"][metric][order] for t in tasks])
            for order in tasks[0]["rouge"][metric]
        }
        for metric in tasks[0]["rouge"]
    }
    return {
        "tasks": len(tasks),
        "rouge": rouge,
        "date": mean_prf([t["date"] for t in tasks]),
        "seconds_per_task": sum(t["seconds"] for t in tasks) / len(tasks),
    }


def _brief(scores: dict[str, Any]) -> str:
    ar = scores["rouge"]["align+ m:1"]
    return (
        f"AR1-F {ar['rouge_1']['f1']:.3f}  AR2-F {ar['rouge_2']['f1']:.3f}  "
        f"date F1 {scores['date']['f1']:.3f}"
    )


def iter_rows(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Table rows: one per topic, then the mean; then the held-out ones (leave one out)."""
    rows = [*result["topics"].items(), ("mean", result["mean"])]
    loo = result.get("leave_one_out")
    if loo and loo["mean"]:
        rows += [(f"held out: {n}", t["scores"]) for n, t in loo["topics"].items()]
        rows.append(("held out: mean", loo["mean"]))
    for name, scores in rows:
        row: dict[str, Any] = {"topic": name, "tasks": scores["tasks"]}
        for metric in REPORTED_METRICS:
            for order in ("rouge_1", "rouge_2"):
                row[f"{metric} {order[-1]}"] = scores["rouge"][metric][order]["f1"]
        row["date F1"] = scores["date"]["f1"]
        row["s/task"] = scores["seconds_per_task"]
        yield row
