"""ROUGE for timelines, as ROUGE-1.5.5 counts it and the tilse library aligns it.

Tokens follow ROUGE-1.5.5 run with ``-m -s`` (how timeline-summarization papers run it): lower
case, runs of letters and digits (rouge-score's tokenizer), stopwords dropped on the raw token,
then tokens longer than 3 characters stemmed: WordNet's exception table first, else ROUGE's
Porter variant. With several reference timelines the counts add up over them (ROUGE's
``-f A``): hits and reference n-grams summed, the prediction counted once per reference.

The timeline variants are those of Martschat & Markert (EACL 2017) as the tilse library defines
them: ``concat``, ``agreement``, ``align`` (1:1, date costs), ``align+`` (1:1, date and content
costs) and ``align+ m:1`` (every date to its cheapest counterpart); an aligned pair's hits are
weighted by 1 / (1 + days apart).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
from nltk.stem.porter import PorterStemmer
from rouge_score.tokenize import NON_ALPHANUM_RE, SPACES_RE, VALID_TOKEN_RE
from rouge_score.tokenizers import Tokenizer
from scipy.optimize import linear_sum_assignment

from ..lexicons import lines

Timeline = Mapping[date, Sequence[str]]
"""A timeline: day → its summary sentences."""

STOPWORDS_FILE = "rouge_stopwords.txt"
EXCEPTIONS_FILE = "rouge_wordnet_exceptions.tsv"
MIN_STEM_LENGTH = 4
"""ROUGE stems only tokens longer than 3 characters."""


class RougePorterStemmer(PorterStemmer):
    """Porter (1980) plus Porter's own bli→ble and logi→log rules (NLTK's Martin mode), and
    ROUGE's step 4, which tries ``ment`` and ``ent`` on their own when the longest suffix's
    condition fails (agreement → agreem, statement → statem)."""

    def __init__(self) -> None:
        super().__init__(mode=PorterStemmer.MARTIN_EXTENSIONS)

    def _step4(self, word: str) -> str:
        out = super()._step4(word)
        if out != word:
            return out
        for suffix in ("ment", "ent"):
            if word.endswith(suffix) and self._measure(word[: -len(suffix)]) > 1:
                return word[: -len(suffix)]
        return word


@cache
def stopwords() -> frozenset[str]:
    """ROUGE-1.5.5's ``smart_common_words.txt``."""
    return frozenset(lines(STOPWORDS_FILE))


@cache
def exceptions() -> dict[str, str]:
    """WordNet 2.0 morphological exceptions: inflected form → base form."""
    return dict(line.split("\t", 1) for line in lines(EXCEPTIONS_FILE))


_STEMMER = RougePorterStemmer()


@cache
def stem(token: str) -> str:
    """ROUGE's stem of a lower-case token (short tokens stay as they are)."""
    if len(token) < MIN_STEM_LENGTH:
        return token
    return exceptions().get(token) or _STEMMER.stem(token)


class RougeTokenizer(Tokenizer):
    """rouge-score's tokenizer with ROUGE-1.5.5's ``-s`` and ``-m``."""

    def __init__(self, *, stem: bool = True, remove_stopwords: bool = True) -> None:
        self.stem = stem
        self.remove_stopwords = remove_stopwords

    def tokenize(self, text: str) -> list[str]:
        words = SPACES_RE.split(NON_ALPHANUM_RE.sub(" ", text.lower()))
        stops = stopwords() if self.remove_stopwords else frozenset()
        out = []
        for word in words:
            if not VALID_TOKEN_RE.match(word) or word in stops:
                continue
            out.append(stem(word) if self.stem else word)
        return out


_TOKENIZER = RougeTokenizer()


@cache
def _sentence_tokens(sentence: str) -> tuple[str, ...]:
    return tuple(_TOKENIZER.tokenize(sentence))


def ngrams(sentences: Iterable[str], n: int) -> Counter[tuple[str, ...]]:
    """The n-grams of a summary; as in ROUGE-1.5.5 they run across its sentences."""
    tokens = [t for s in sentences for t in _sentence_tokens(s)]
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(slots=True)
class Counts:
    """ROUGE's raw counts (``-t 2``): hits, predicted n-grams, reference n-grams."""

    hits: float = 0.0
    predicted: int = 0
    reference: int = 0

    def add(self, other: Counts, weight: float = 1.0) -> None:
        self.hits += weight * other.hits
        self.predicted += other.predicted
        self.reference += other.reference


def rouge_counts(predicted: Sequence[str], references: Sequence[Sequence[str]], n: int) -> Counts:
    """Counts of one summary against several reference summaries (ROUGE ``-f A``)."""
    pred = ngrams(predicted, n)
    pred_total = sum(pred.values())
    out = Counts()
    for ref_sents in references:
        ref = ngrams(ref_sents, n)
        out.hits += sum(min(c, pred[g]) for g, c in ref.items())
        out.predicted += pred_total
        out.reference += sum(ref.values())
    return out


def f_score(precision: float, recall: float, beta: float = 1.0) -> float:
    if precision + recall == 0:
        return 0.0
    return (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


def prf(precision: float, recall: float) -> dict[str, float]:
    return {"precision": precision, "recall": recall, "f1": f_score(precision, recall)}


@dataclass(slots=True)
class PrecisionRecall:
    """Separate counts for precision and recall (alignments pair dates differently for each)."""

    precision: Counts
    recall: Counts

    def scores(self) -> dict[str, float]:
        p = self.precision.hits / self.precision.predicted if self.precision.predicted else 0.0
        r = self.recall.hits / self.recall.reference if self.recall.reference else 0.0
        return prf(p, r)


# -- the timeline variants ----------------------------------------------------------------------


def _day(tl: Timeline, day: date) -> Sequence[str]:
    return tl.get(day, ())


def _refs_on(refs: Sequence[Timeline], day: date) -> list[Sequence[str]]:
    return [_day(r, day) for r in refs]


def concat(pred: Timeline, refs: Sequence[Timeline], n: int) -> PrecisionRecall:
    """Every daily summary of a timeline joined into one text."""
    joined_pred = [s for d in sorted(pred) for s in pred[d]]
    joined_refs = [[s for d in sorted(r) for s in r[d]] for r in refs]
    c = rouge_counts(joined_pred, joined_refs, n)
    return PrecisionRecall(c, c)


def agreement(pred: Timeline, refs: Sequence[Timeline], n: int) -> PrecisionRecall:
    """Daily summaries compared on the same day only."""
    ref_days = set().union(*refs) if refs else set()
    out = PrecisionRecall(Counts(), Counts())
    for day in set(pred) | ref_days:
        c = rouge_counts(_day(pred, day), _refs_on(refs, day), n)
        if day in pred:
            out.precision.add(Counts(c.hits, c.predicted, 0))
        if day in ref_days:
            out.recall.add(Counts(c.hits, 0, c.reference))
    return out


CostFn = Callable[[list[date], list[date], Timeline, Sequence[Timeline], bool], np.ndarray]
AssignFn = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def _date_factor(a: date, b: date) -> float:
    return 1 - 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def date_costs(
    pred_days: list[date],
    ref_days: list[date],
    pred: Timeline,
    refs: Sequence[Timeline],
    by_ref: bool,
) -> np.ndarray:
    """Cost of pairing two days: 1 - 1/(1 + days apart). Rows: predicted days (or reference
    days when ``by_ref``)."""
    rows, cols = (ref_days, pred_days) if by_ref else (pred_days, ref_days)
    costs = np.zeros((len(rows), len(cols)))
    for i, a in enumerate(rows):
        for j, b in enumerate(cols):
            costs[i, j] = _date_factor(a, b)
    return costs


_APPROX_TOKEN = re.compile(r"\w+|[^\w\s]")


@cache
def _approx_tokens(sentence: str) -> tuple[str, ...]:
    # tilse splits Penn-Treebank tokenized text on spaces; splitting words from punctuation
    # gives the same tokens on that text and on detokenized text
    return tuple(_APPROX_TOKEN.findall(sentence))


def approximate_rouge1(predicted: Sequence[str], references: Sequence[Sequence[str]]) -> float:
    """tilse's cheap ROUGE-1 F (case-sensitive tokens, no stemming) used for alignment costs."""
    pred = Counter(t for s in predicted for t in _approx_tokens(s))
    refs = [Counter(t for s in ref for t in _approx_tokens(s)) for ref in references]
    match = sum(min(c, ref[t]) for ref in refs for t, c in pred.items())
    p_denom = len(refs) * sum(pred.values())
    r_denom = sum(sum(ref.values()) for ref in refs)
    return f_score(match / p_denom if p_denom else 0.0, match / r_denom if r_denom else 0.0)


def date_content_costs(
    pred_days: list[date],
    ref_days: list[date],
    pred: Timeline,
    refs: Sequence[Timeline],
    by_ref: bool,
) -> np.ndarray:
    """Date cost times content cost (1 - approximate ROUGE-1 F of the two days' summaries)."""
    costs = np.zeros((len(ref_days), len(pred_days)) if by_ref else (len(pred_days), len(ref_days)))
    for i, p in enumerate(pred_days):
        for j, r in enumerate(ref_days):
            c = _date_factor(p, r) * (1 - approximate_rouge1(pred[p], _refs_on(refs, r)))
            if by_ref:
                costs[j, i] = c
            else:
                costs[i, j] = c
    return costs


def assign_many_to_one(costs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row to its cheapest column (columns may be shared)."""
    if costs.size == 0:
        return np.array([], dtype=int), np.array([], dtype=int)
    return np.arange(costs.shape[0]), costs.argmin(axis=1)


def assign_one_to_one(costs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cheapest injective pairing (Hungarian algorithm)."""
    if costs.size == 0:
        return np.array([], dtype=int), np.array([], dtype=int)
    return linear_sum_assignment(costs)


def aligned(
    pred: Timeline,
    refs: Sequence[Timeline],
    n: int,
    costs: CostFn,
    assign: AssignFn,
) -> PrecisionRecall:
    """tilse's per-day mapping: align days, weight an aligned pair's hits by date distance;
    an unaligned day counts with no hits."""
    pred_days = sorted(pred)
    ref_days = sorted(set().union(*refs)) if refs else []
    empty_refs: list[Sequence[str]] = [() for _ in refs]
    out = PrecisionRecall(Counts(), Counts())
    # precision: each predicted day against the reference day it is aligned to
    rows, cols = assign(costs(pred_days, ref_days, pred, refs, False))
    for i, j in zip(rows, cols, strict=True):
        p, r = pred_days[i], ref_days[j]
        c = rouge_counts(pred[p], _refs_on(refs, r), n)
        out.precision.add(Counts(c.hits, c.predicted, 0), 1 - _date_factor(p, r))
    for i in set(range(len(pred_days))) - set(rows.tolist()):
        c = rouge_counts(pred[pred_days[i]], empty_refs, n)
        out.precision.add(Counts(0, c.predicted, 0))
    # recall: each reference day against the predicted day it is aligned to
    rows, cols = assign(costs(pred_days, ref_days, pred, refs, True))
    for j, i in zip(rows, cols, strict=True):
        p, r = pred_days[i], ref_days[j]
        c = rouge_counts(pred[p], _refs_on(refs, r), n)
        out.recall.add(Counts(c.hits, 0, c.reference), 1 - _date_factor(p, r))
    for j in set(range(len(ref_days))) - set(rows.tolist()):
        c = rouge_counts((), _refs_on(refs, ref_days[j]), n)
        out.recall.add(Counts(0, 0, c.reference))
    return out


def align(pred: Timeline, refs: Sequence[Timeline], n: int) -> PrecisionRecall:
    return aligned(pred, refs, n, date_costs, assign_one_to_one)


def align_plus(pred: Timeline, refs: Sequence[Timeline], n: int) -> PrecisionRecall:
    return aligned(pred, refs, n, date_content_costs, assign_one_to_one)


def align_plus_m1(pred: Timeline, refs: Sequence[Timeline], n: int) -> PrecisionRecall:
    return aligned(pred, refs, n, date_content_costs, assign_many_to_one)


METRICS: dict[str, Callable[[Timeline, Sequence[Timeline], int], PrecisionRecall]] = {
    "concat": concat,
    "agreement": agreement,
    "align": align,
    "align+": align_plus,
    "align+ m:1": align_plus_m1,
}
"""The timeline ROUGE variants by the names the tilse paper gives them."""


def timeline_rouge(
    pred: Timeline,
    refs: Sequence[Timeline],
    *,
    metrics: Iterable[str] = METRICS,
    orders: Iterable[int] = (1, 2),
) -> dict[str, dict[str, dict[str, float]]]:
    """``{metric: {"rouge_1": {"precision", "recall", "f1"}, "rouge_2": {...}}}``."""
    return {
        name: {f"rouge_{n}": METRICS[name](pred, refs, n).scores() for n in orders}
        for name in metrics
    }


def date_prf(predicted: Iterable[date], reference: Iterable[date]) -> dict[str, float]:
    """Precision, recall and F1 of the predicted days against the reference days."""
    pred, ref = set(predicted), set(reference)
    hit = len(pred & ref)
    return prf(hit / len(pred) if pred else 0.0, hit / len(ref) if ref else 0.0)
