"""Negotiation threads: each proposal (plan) with the answers and counters that followed.

Extraction leaves one ``proposal`` mention per proposal stated or named in an article, with its
answer when the article gives one (``extract/proposals.py``). Here the mentions of all articles
meet. Mentions are one plan when they name the same proposer and the same kind of plan ("the
African Union roadmap" / "the African Union's peace plan"), or, for a mention with no proposer
that only names a plan ("the roadmap"), when exactly one earlier plan of that kind exists: no
link rather than a wrong one. Reprints (near-duplicate articles) count once. A thread starts at
its earliest mention that states something new; answers and counter-proposals follow in time
order (an answer dated before its plan is left out), each step cited with article id, raw
offsets and sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..store import Store
from .entities import fold_name

FAMILIES = {
    "plan": "plan",
    "roadmap": "plan",
    "road map": "plan",
    "proposal": "plan",
    "initiative": "plan",
    "peace plan": "plan",
    "deadline": "ultimatum",
    "ultimatum": "ultimatum",
}
"""A mention's ``plan`` head → the kind of plan it names (a roadmap and a plan are one)."""


@dataclass(slots=True)
class Thread:
    key: tuple[str, str] | None
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def head(self) -> dict[str, Any]:
        stated = [m for m in self.mentions if not m.get("reference") and not m.get("background")]
        return min(stated or self.mentions, key=order)


def order(m: dict[str, Any]) -> tuple[str, str, str, int]:
    return (m.get("date") or "9999", m.get("published") or "9999", m["article_id"], m["start"])


def family(m: dict[str, Any]) -> str | None:
    plan = (m.get("plan_noun") or "").lower()
    return FAMILIES.get(plan, plan or None)


def party_key(name: str | None, aliases: Mapping[str, str]) -> str | None:
    if not name:
        return None
    folded = fold_name(name)
    return fold_name(aliases.get(folded, name))


def same_party(a: str, b: str) -> bool:
    """'african union' and 'african union delegation' are one party: one's words hold the
    other's."""
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def build_threads(
    mentions: Iterable[dict[str, Any]], aliases: Mapping[str, str] | None = None
) -> list[Thread]:
    """Proposal mentions (flat, with ``published``) grouped into threads (see module doc)."""
    aliases = aliases or {}
    keyed: dict[tuple[str, str], Thread] = {}
    threads: list[Thread] = []
    loose: list[dict[str, Any]] = []
    for m in sorted(mentions, key=order):
        fam, who = family(m), party_key(m.get("proposer"), aliases)
        if fam and who:
            key = next((k for k in keyed if k[1] == fam and same_party(k[0], who)), (who, fam))
            if key not in keyed:
                keyed[key] = Thread(key)
                threads.append(keyed[key])
            keyed[key].mentions.append(m)
        elif fam and m.get("reference"):
            loose.append(m)
        else:
            threads.append(Thread(None, [m]))
    for m in loose:
        fam = family(m)
        earlier = [
            t for t in keyed.values() if t.key and t.key[1] == fam and order(t.head) <= order(m)
        ]
        if len(earlier) == 1:
            earlier[0].mentions.append(m)
        else:
            threads.append(Thread(None, [m]))
    return threads


def thread_record(
    t: Thread, sentences: Mapping[tuple[str, int], Mapping[str, Any]]
) -> dict[str, Any]:
    head = t.head
    steps: dict[tuple[str, str], dict[str, Any]] = {}
    for m in sorted(t.mentions, key=order):
        if (m.get("response") or "unknown") == "unknown":
            continue
        if (m.get("date") or "") < (head.get("date") or ""):
            continue  # an answer cannot come before what it answers
        key = (m["response"], party_key(m.get("responder"), {}) or "")
        step = steps.get(key)
        if step is None:
            step = steps[key] = {
                "kind": "counter" if m["response"] == "countered" else "answer",
                "response": m["response"],
                "responder": m.get("responder"),
                "date": m.get("date"),
                "citations": [],
            }
        span = m.get("response_span") or [m["start"], m["end"]]
        step["citations"].append(cite(m, span, sentences))
    return {
        "plan": head.get("plan"),
        "proposer": head.get("proposer"),
        "addressee": head.get("addressee"),
        "via": head.get("via") or [],
        "form": head.get("form"),
        "date": head.get("date"),
        "offer": head.get("offer"),
        "in_exchange_for": head.get("in_exchange_for"),
        "citation": cite(head, [head["start"], head["end"]], sentences),
        "mentions": [
            cite(m, [m["start"], m["end"]], sentences) for m in sorted(t.mentions, key=order)
        ],
        "steps": sorted(
            steps.values(), key=lambda s: (s["date"] or "9999", s["citations"][0]["article_id"])
        ),
    }


def cite(
    m: dict[str, Any], span: list[int], sentences: Mapping[tuple[str, int], Mapping[str, Any]]
) -> dict[str, Any]:
    """A step's passage: the phrase (raw offsets), its article's publication day, and its
    sentence with the sentence's own offsets (so a reader can bold the phrase in it)."""
    idx = m.get("sentence")
    sent = sentences.get((m["article_id"], int(idx))) if idx is not None else None
    return {
        "article_id": m["article_id"],
        "start": span[0],
        "end": span[1],
        "text": m.get("text"),
        "published": m.get("published"),
        "sentence": sent["text"] if sent else None,
        "sentence_start": sent["start"] if sent else None,
        "sentence_end": sent["end"] if sent else None,
    }


def negotiations(store: Store, aliases: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Every negotiation thread of the store, by date of its first proposal."""
    published = {r["id"]: r["published"] for r in store.iter_article_columns(["id", "published"])}
    reprints = {d["article_id"] for d in store.iter_duplicates()}
    mentions = []
    for row in store.iter_mentions(kind="proposal"):
        if row["article_id"] in reprints:
            continue  # a reprint says nothing its original did not
        m = {**(row.get("data") or {}), **flat(row)}
        m["published"] = published.get(row["article_id"])
        mentions.append(m)
    threads = build_threads(mentions, aliases)
    keys = {(m["article_id"], m["sentence"]) for t in threads for m in t.mentions}
    sentences = store.sentences_by_key(keys)
    out = [thread_record(t, sentences) for t in threads]
    out.sort(
        key=lambda r: (r["date"] or "9999", r["citation"]["article_id"], r["citation"]["start"])
    )
    for n, r in enumerate(out, 1):
        r["id"] = f"n{n}"
    return out


def flat(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": row["article_id"],
        "start": row["start"],
        "end": row["end"],
        "text": row["text"],
        "sentence": row.get("sentence_idx"),
    }
