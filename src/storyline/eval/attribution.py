"""`storyline eval attribution`: who said (believes, wants) what, on a folder of brat attributions.

The folder has PolNeAR's layout (``../shared/data/polnear-dev``): ``text/<name>.txt`` and
``attributions/<name>_<annotator>.ann`` (a flat folder with both works too). A text annotated by
several annotators is scored against one of them: the first ``.ann`` file in sorted order.
The texts are ingested through the real pipeline into a throw-away store, as a user would
ingest them, and the stored statements are read back and mapped to their text by source path.

Gold: every ``E`` line of an ``.ann`` file with a ``Content`` role is an attribution; its
content runs from its first fragment to its last (a split quote is one span), its source is
the ``Source`` span's text (none for ``Attribution-no-source``). Scores:

- ``content``: P/R/F1 with a predicted statement matching a gold content when the spans overlap
  (one to one, best overlap first); ``exact``: the same pairs counted only when both spans are
  equal after trimming spaces, edge punctuation, unpaired quote marks and a leading "that";
- ``speaker_accuracy`` over matched pairs whose gold has a source: the predicted speaker (or an
  alias) names the source by ``names.speaker_match``, or names the source's gold-side
  resolution. That resolution is deliberately simple and reads only the gold and the text: a
  pronoun source ("he", "they") and a bare role ("the senator", a title word with no proper
  name) resolve to the nearest earlier gold source that is a name (its words before a comma
  end in a capitalized word: "Paul Ryan, R-Wis.", not "The Republican nominee"); a relative
  "who"/"which" to the run of capitalized words right before it ("David Kamin, who …"); a
  pronoun counts only through its resolution. Surnames need no resolution ("Trump" is inside
  "Donald Trump" for ``speaker_match``);
- ``by_kind``: gold ``direct`` (content mostly inside quote marks), ``indirect`` and
  ``sourceless`` attributions, each with its recall and speaker accuracy;
- ``halves``: the same scores on a development half (texts at even positions in sorted name
  order) and a held-out half (odd positions), so rules tuned on one half are checked on the
  other; every publisher's names interleave, so both halves hold every publisher;
- ``misses``: gold attributions not found, statements with no gold, wrong speakers (each
  with its half, so error analysis can keep to the development half).

PolNeAR is univocal and joins split quotes, the store is not: it keeps a quoted phrase inside
a paraphrase as a statement of its own and each fragment of a split quote apart (the seeds
gold counts them so). Before scoring, the stored statements are read the PolNeAR way: the
statements of one cue become one span from the first to the last (``"…," she said, "…"``;
``called him "a con" and "disgusting"``), and a statement inside another one is dropped.
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Messages, StorylineError
from ..extract.entities import is_title
from ..extract.quotes import coverage, find_quotes, trim
from .names import proper_words, speaker_match
from .scoring import match_spans, prf

KINDS = ("direct", "indirect", "sourceless")
HALVES = ("dev", "held_out")
_DIRECT = 0.5
"""A gold content this much inside quote marks is a direct quote."""
_PRONOUNS = frozenset(
    ["i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them"]
)
"""Gold sources that name no one by themselves (scoring rule, not extraction)."""
_RELATIVE = frozenset(["who", "which", "that"])
_ANTECEDENT = re.compile(r"([A-Z][\w.'’-]*(?:\s+(?:of\s+)?[A-Z][\w.'’-]*)*)[^\w]*$")
"""The capitalized name a relative pronoun follows ("Phil Smith, who …")."""
_THAT = re.compile(r"that\s+", re.I)


@dataclass(slots=True)
class GoldAttribution:
    start: int
    end: int
    text: str
    source: str | None
    source_start: int | None
    cue: str | None
    kind: str = "indirect"
    resolved: str | None = None


@dataclass(slots=True)
class Article:
    name: str
    path: Path
    annotation: str
    text: str
    gold: list[GoldAttribution]
    half: str = "dev"
    pred: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)


# --------------------------------------------------------------------------- reading the folder


def load_folder(folder: str | Path) -> list[Article]:
    """Every annotated text of a brat folder, in sorted name order, with its halves set."""
    folder = Path(folder)
    texts_dir = folder / "text" if (folder / "text").is_dir() else folder
    anns_dir = folder / "attributions" if (folder / "attributions").is_dir() else folder
    anns: dict[str, list[Path]] = {}
    for ann in sorted(anns_dir.glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    out = []
    for path in sorted(texts_dir.glob("*.txt")):
        chosen = anns.get(path.stem)
        if not chosen:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise StorylineError(Messages.UNREADABLE_TEXT.format(path=path, error=e)) from e
        gold = read_ann(chosen[0], text)
        out.append(Article(path.stem, path, chosen[0].name, text, gold))
    if not out:
        raise StorylineError(Messages.NO_ATTRIBUTION_PAIRS.format(path=folder))
    for k, art in enumerate(out):
        art.half = HALVES[k % 2]
    return out


def read_ann(path: Path, text: str) -> list[GoldAttribution]:
    """The attributions of one brat ``.ann`` file, sorted by content start."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise StorylineError(Messages.UNREADABLE_ANNOTATION.format(path=path, error=e)) from e
    for n, line in enumerate(lines, 1):
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, offsets = parts[1].partition(" ")
            try:
                spans[parts[0]] = [
                    (int(a), int(b)) for a, b in (f.split() for f in offsets.split(";"))
                ]
            except ValueError as e:
                raise StorylineError(
                    Messages.BAD_ANN_SPAN.format(path=path, line=n, offsets=offsets)
                ) from e
        elif line.startswith("E") and len(parts) >= 2:
            # "Attribution:T4 Content:T3": text-bound id → its role in this attribution
            tied = (arg.partition(":") for arg in parts[1].split())
            events.append({t: role for role, _, t in tied})
    out = []
    for roles in events:
        contents = [s for t, role in roles.items() if role.startswith("Content") for s in spans[t]]
        if not contents:
            continue
        first, last = min(a for a, _ in contents), max(b for _, b in contents)
        src = next((spans[t] for t, role in roles.items() if role == "Source"), None)
        cue = next((spans[t] for t, role in roles.items() if role == "Cue"), None)
        out.append(
            GoldAttribution(
                first,
                last,
                text[first:last],
                " ".join(text[a:b] for a, b in src) if src else None,
                src[0][0] if src else None,
                " ".join(text[a:b] for a, b in cue) if cue else None,
            )
        )
    out.sort(key=lambda g: (g.start, g.end))
    classify(out, text)
    return out


def classify(gold: list[GoldAttribution], text: str) -> None:
    """Each attribution's kind and the gold-side resolution of its source (module doc)."""
    quotes = find_quotes(text)
    named = sorted(
        (g.source_start, g.source) for g in gold if g.source and g.source_start is not None
    )
    named = [(at, src) for at, src in named if is_name(src)]
    for g in gold:
        if g.source is None:
            g.kind = "sourceless"
            continue
        g.kind = "direct" if coverage((g.start, g.end), quotes) >= _DIRECT else "indirect"
        at = g.source_start or 0
        if g.source.strip().lower() in _RELATIVE:
            m = _ANTECEDENT.search(text, max(0, at - 80), at)
            g.resolved = m.group(1) if m else None
        elif is_pronoun(g.source) or (not is_name(g.source) and is_role(g.source)):
            earlier = [src for start, src in named if start < at]
            g.resolved = earlier[-1] if earlier else None


def is_name(source: str) -> bool:
    """'Paul Ryan, R-Wis.', 'The Post': words before a comma ending in a capitalized word."""
    words = source.split(",")[0].split()
    last = words[-1].strip(".'’\"()") if words else ""
    return last[:1].isupper() and not is_pronoun(source) and bool(proper_words(source))


def is_pronoun(source: str) -> bool:
    return source.strip().lower() in _PRONOUNS | _RELATIVE


def is_role(source: str) -> bool:
    """'the senator', 'the Republican nominee': a definite role with no name of its own."""
    words = source.split()
    return bool(words) and words[0].lower() == "the" and is_title(words[1:])


# --------------------------------------------------------------------------- predicting


def predict(articles: list[Article], model: str | None) -> float:
    """Ingest the texts; attach each one's stored statements. Returns the ingest seconds."""
    from ..api import Storyline

    with tempfile.TemporaryDirectory() as tmp, Storyline(Path(tmp) / "eval.db", model=model) as sl:
        t0 = time.perf_counter()
        report = sl.ingest([str(a.path) for a in articles])
        seconds = time.perf_counter() - t0
        if report.errors:
            raise StorylineError("; ".join(str(e) for e in report.errors))
        by_path: dict[Path, str] = {}
        for row in sl.articles(include_undated=True):
            for src in sl.article(row["id"])["sources"]:
                by_path[Path(src["path"]).resolve()] = row["id"]
        for art in articles:
            article_id = by_path.get(art.path.resolve())
            if article_id is not None:
                stored = list(sl.mentions("statement", article_id=article_id))
                art.pred = univocal(stored, art.text)
    return seconds


def univocal(stored: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Stored statements the PolNeAR way: one span per cue, none inside another (module doc)."""
    by_cue: dict[tuple[int, ...], dict[str, Any]] = {}
    out = []
    for st in sorted(stored, key=lambda st: (st["start"], -st["end"])):
        cue = tuple(st.get("cue_span") or ())
        first = by_cue.get(cue) if cue else None
        if first is None:
            st = dict(st)
            out.append(st)
            if cue:
                by_cue[cue] = st
            continue
        first["end"] = max(first["end"], st["end"])
        first["text"] = text[first["start"] : first["end"]]
        first["direct"] = bool(first.get("direct") or st.get("direct"))
    return [
        st
        for st in out
        if not any(o is not st and o["start"] <= st["start"] and st["end"] <= o["end"] for o in out)
    ]


# --------------------------------------------------------------------------- scoring


def evaluate_attribution(folder: str | Path, *, model: str | None = None) -> dict[str, Any]:
    """Content P/R/F1, speaker accuracy, kinds, halves and misses (see the module doc)."""
    articles = load_folder(folder)
    seconds = predict(articles, model)
    result = score(articles)
    result["seconds"] = round(seconds, 3)
    return result


def score(articles: list[Article]) -> dict[str, Any]:
    """Scores of articles whose ``pred`` is set (the predicted statement mention dicts)."""
    for art in articles:
        spans = [{"start": g.start, "end": g.end} for g in art.gold]
        art.pairs = match_spans(spans, art.pred)
    out: dict[str, Any] = {
        "articles": len(articles),
        **scores(articles),
        "by_kind": {kind: kind_scores(articles, kind) for kind in KINDS},
        "halves": {
            half: {
                "articles": sum(a.half == half for a in articles),
                **scores([a for a in articles if a.half == half]),
            }
            for half in HALVES
        },
        "annotations": {a.name: a.annotation for a in articles},
        "misses": miss_lists(articles),
    }
    return out


def scores(articles: list[Article]) -> dict[str, Any]:
    n_gold = sum(len(a.gold) for a in articles)
    n_pred = sum(len(a.pred) for a in articles)
    matched = [(a, a.gold[i], a.pred[j]) for a in articles for i, j in a.pairs]
    exact = sum(exact_match(a.text, g, p) for a, g, p in matched)
    with_source = [(g, p) for _, g, p in matched if g.source]
    right = sum(speaker_right(g, p) for g, p in with_source)
    return {
        "content": prf(len(matched), n_pred, n_gold),
        "exact": prf(exact, n_pred, n_gold),
        "speaker_accuracy": round(right / len(with_source), 4) if with_source else 0.0,
        "gold": n_gold,
        "predicted": n_pred,
        "matched": len(matched),
    }


def kind_scores(articles: list[Article], kind: str) -> dict[str, Any]:
    """Recall and speaker accuracy of one gold kind; precision of the predicted kind
    (``direct`` statements for gold direct quotes, the rest for indirect)."""
    hit = {(id(a), i): j for a in articles for i, j in a.pairs}
    gold = [(a, i, g) for a in articles for i, g in enumerate(a.gold) if g.kind == kind]
    found = [(g, a.pred[hit[id(a), i]]) for a, i, g in gold if (id(a), i) in hit]
    out: dict[str, Any] = {
        "gold": len(gold),
        "found": len(found),
        "recall": round(len(found) / len(gold), 4) if gold else 0.0,
    }
    if kind != "sourceless":
        right = sum(speaker_right(g, p) for g, p in found)
        out["speaker_accuracy"] = round(right / len(found), 4) if found else 0.0
        want = kind == "direct"
        preds = [
            (a, j) for a in articles for j, p in enumerate(a.pred) if bool(p.get("direct")) == want
        ]
        matched = {(id(a), j) for a in articles for _, j in a.pairs}
        out["predicted"] = len(preds)
        out["precision"] = (
            round(sum((id(a), j) in matched for a, j in preds) / len(preds), 4) if preds else 0.0
        )
    return out


def core(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A content span without edge spaces, punctuation, unpaired quotes and a leading 'that'."""
    span = trim(text, s, e)
    if span is not None and (m := _THAT.match(text, span[0], span[1])):
        span = trim(text, m.end(), span[1])
    return span


def exact_match(text: str, g: GoldAttribution, p: dict[str, Any]) -> bool:
    return core(text, g.start, g.end) == core(text, int(p["start"]), int(p["end"]))


def speaker_right(g: GoldAttribution, p: dict[str, Any]) -> bool:
    """The predicted speaker names the gold source, or its gold-side resolution."""
    pred, aliases = p.get("speaker"), p.get("speaker_aliases") or []
    if not pred or not g.source:
        return False
    if not is_pronoun(g.source) and speaker_match(g.source, pred, aliases):
        return True
    return bool(g.resolved) and speaker_match(g.resolved, pred, aliases)


def miss_lists(articles: list[Article]) -> dict[str, list[dict[str, Any]]]:
    missed, extra, wrong = [], [], []
    for a in articles:
        hit_g = {i for i, _ in a.pairs}
        hit_p = {j for _, j in a.pairs}
        for i, g in enumerate(a.gold):
            if i not in hit_g:
                missed.append(
                    {"file": a.name, "half": a.half, "start": g.start, "end": g.end,
                     "text": g.text, "source": g.source, "cue": g.cue, "kind": g.kind}
                )  # fmt: skip
        for j, p in enumerate(a.pred):
            if j not in hit_p:
                extra.append(
                    {"file": a.name, "half": a.half, "start": p["start"], "end": p["end"],
                     "text": p["text"], "speaker": p.get("speaker"), "cue": p.get("cue")}
                )  # fmt: skip
        for i, j in a.pairs:
            g, p = a.gold[i], a.pred[j]
            if g.source and not speaker_right(g, p):
                wrong.append(
                    {"file": a.name, "half": a.half, "start": g.start, "text": g.text[:120],
                     "source": g.source, "resolved": g.resolved, "speaker": p.get("speaker"),
                     "cue": p.get("cue")}
                )  # fmt: skip
    return {"false_negatives": missed, "false_positives": extra, "wrong_speakers": wrong}
