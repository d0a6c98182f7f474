"""`storyline eval tls`: timeline summarization scored as news-tls scores it.

A topic folder holds ``articles.jsonl`` (``{"id", "time", "text"}`` a line),
``timelines.jsonl`` (one reference timeline a line, ``[["YYYY-MM-DD", [sentence, ...]], ...]``)
and optionally ``keywords.json`` (the query words). The protocol (news-tls
``experiments/evaluate.py``): one task per reference timeline; the input is the articles
published between its first and last date; K = its number of dates; N = round(mean sentences
per date); query = the topic's keywords. Scores: ROUGE-1/2 under ``concat``, ``agreement`` and
``align+ m:1`` (:mod:`.rouge`) and date F1; the mean over tasks averages precision and recall,
then takes the F of those means.

Articles go through the real ingest pipeline into a temporary store, with only the
components the summarizer reads (the parse for sentences and tense, and time expressions).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language

from ..dates import overlaps, parse_day
from ..errors import Messages, StorylineError
from ..store import Store
from ..story.tls import TlsConfig, summarize
from .rouge import date_prf, f_score, timeline_rouge

REPORTED_METRICS = ("concat", "agreement", "align+ m:1")
"""The ROUGE variants reported (news-tls reports align+ m:1)."""
TIMEX_ONLY = ("storyline_timexes",)
UNUSED_PIPES = ("ner", "lemmatizer")
"""Pipes of the spaCy model whose output the summarizer never reads (skipped for speed)."""

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
) -> dict[str, Any]:
    """Run every task of every topic under ``path``; per-task, per-topic and mean scores."""
    from ..api import Storyline

    topics = find_topics(path)
    nlp = nlp or timex_pipeline(model)
    tasks: list[dict[str, Any]] = []
    per_topic: dict[str, Any] = {}
    for topic in topics:
        with tempfile.TemporaryDirectory(prefix="storyline-tls-") as tmp:
            started = time.perf_counter()
            source = _window_articles(topic, Path(tmp))
            with Storyline(Path(tmp) / "tls.db", nlp=nlp) as sl:
                report = sl.ingest([source])
                if progress:
                    progress(f"{topic.name}: {len(report.added)} articles ingested")
                ingest_s = time.perf_counter() - started
                topic_tasks = [
                    _run_task(sl.store, topic, i, ingest_s / len(topic.timelines), config)
                    for i in range(len(topic.timelines))
                ]
        tasks.extend(topic_tasks)
        per_topic[topic.name] = average(topic_tasks)
        if progress:
            progress(f"{topic.name}: {_brief(per_topic[topic.name])}")
    return {"path": str(path), "tasks": tasks, "topics": per_topic, "mean": average(tasks)}


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
    store: Store, topic: Topic, index: int, ingest_s: float, config: TlsConfig | None
) -> dict[str, Any]:
    ref = topic.timelines[index]
    days = sorted(ref)
    k = len(days)
    n = max(1, round(sum(len(s) for s in ref.values()) / k))
    started = time.perf_counter()
    predicted = summarize(
        store,
        dates=k,
        sentences_per_date=n,
        queries=topic.keywords,
        date_from=days[0].isoformat(),
        date_to=days[-1].isoformat(),
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
    """Table rows: one per topic, then the mean."""
    for name, scores in [*result["topics"].items(), ("mean", result["mean"])]:
        row: dict[str, Any] = {"topic": name, "tasks": scores["tasks"]}
        for metric in REPORTED_METRICS:
            for order in ("rouge_1", "rouge_2"):
                row[f"{metric} {order[-1]}"] = scores["rouge"][metric][order]["f1"]
        row["date F1"] = scores["date"]["f1"]
        row["s/task"] = scores["seconds_per_task"]
        yield row
