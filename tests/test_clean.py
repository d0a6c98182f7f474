"""The clean view: boilerplate drops, PTB detokenization, whitespace, and an exact offset map."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storyline.ingest.clean import clean_text, looks_ptb
from storyline.models import CleanView, OffsetMap, RawDoc, SourceRef

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
TIMELINE17 = SHARED / "data" / "timeline17"
PTB_TOKENS = {"-LRB-", "-RRB-", "-LSB-", "-RSB-", "-LCB-", "-RCB-", "``", "''", "`", "\\*", "\\/"}


def seed_doc(path: Path) -> RawDoc:
    with open(path, encoding="utf-8") as f:  # as the gold file's offsets were taken
        text = f.read()
    header = re.match(r" date (\d{4}-\d{2}-\d{2}) ", text)
    return RawDoc(
        text=text,
        source=SourceRef(str(path)),
        format="seed",
        body_start=header.end() if header else 0,
        header_date=header.group(1) if header else None,
    )


def text_doc(text: str, body_start: int = 0) -> RawDoc:
    return RawDoc(text=text, source=SourceRef("<test>"), format="text", body_start=body_start)


def timeline17_docs(limit: int) -> list[RawDoc]:
    docs = []
    for topic in sorted(TIMELINE17.glob("*/articles.jsonl")):
        with open(topic, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i >= limit:
                    break
                docs.append(RawDoc(json.loads(line)["text"], SourceRef(str(topic), i + 1), "jsonl"))
    return docs[:limit]


@pytest.fixture(scope="module")
def seeds() -> list[RawDoc]:
    if not SEEDS:
        pytest.skip(f"seed articles not found under {SHARED / 'seeds'}")
    return [seed_doc(p) for p in SEEDS]


@pytest.fixture(scope="module")
def t17() -> list[RawDoc]:
    if not TIMELINE17.is_dir():
        pytest.skip(f"Timeline17 data not found under {TIMELINE17}")
    return timeline17_docs(50)


def assert_exact(doc: RawDoc, clean: CleanView) -> None:
    """Every verbatim clean character is its raw character; every rewrite covers a PTB token
    or whitespace; every dropped stretch is the raw text it says."""
    offsets = clean.offsets
    for i, ch in enumerate(clean.text):
        if offsets.is_rewritten(i):
            a, b = offsets.span_to_raw(i, i + 1)
            token = doc.text[a:b]
            assert token in PTB_TOKENS or token.isspace(), (doc.source, i, token)
        else:
            r = offsets.to_raw(i)
            assert doc.text[r] == ch, (doc.source, i, ch, doc.text[r])
            assert offsets.from_raw(r) == i
            assert r >= doc.body_start
    for d in clean.dropped:
        assert doc.text[d.start : d.end] == d.text
        assert offsets.from_raw(d.start) is None


# --- seeds --------------------------------------------------------------------------------------


def test_seed_syndication_prefix_dropped(seeds: list[RawDoc]) -> None:
    doc = seeds[0]
    clean = clean_text(doc)
    assert clean.text.startswith("Jerusalem, April 17 (IANS) Israeli Prime Minister")
    assert [(d.reason, d.text.strip()) for d in clean.dropped] == [
        ("syndication", "MENAFN - IANS)")
    ]
    assert " date 2025-04-16" not in clean.text


def test_seed_social_and_photo_credit_dropped_caption_kept(seeds: list[RawDoc]) -> None:
    clean = clean_text(seeds[1])
    assert clean.text.startswith("An Israeli military tank advances near the Gaza border.\n\n")
    reasons = {d.reason: d.text.strip() for d in clean.dropped}
    assert reasons == {"social": "Follow us on", "photo_credit": "Image Source : AP"}
    # a real sub-heading in the article is kept
    assert "\nHamas hostages in Gaza\n" in clean.text


def test_seed_also_read_line_dropped(seeds: list[RawDoc]) -> None:
    doc = seeds[2]
    clean = clean_text(doc)
    assert "Also Read" not in clean.text
    assert "MEA Eases Travel Advisory" not in clean.text
    assert "Hamas Chief Accuses Israeli PM Netanyahu Of Obstructing Mediation Efforts" in clean.text
    assert [d.reason for d in clean.dropped] == ["related_link"]
    # paragraphs kept, at most one blank line between them, no stray no-break spaces
    assert "\n\n\n" not in clean.text and "\xa0" not in clean.text
    assert clean.text.count("\n\n") == doc.text.count("\n\n\n") - 1  # one paragraph dropped


def test_seed_offsets_exact(seeds: list[RawDoc]) -> None:
    for doc in seeds:
        assert_exact(doc, clean_text(doc))


def test_gold_spans_survive_cleaning(seeds: list[RawDoc]) -> None:
    """Every gold span outside the dropped boilerplate maps into the clean view unchanged."""
    gold_path = SHARED / "gold" / "seeds-gold.json"
    if not gold_path.exists():
        pytest.skip(f"gold file not found at {gold_path}")
    gold = {g["file"]: g for g in json.loads(gold_path.read_text(encoding="utf-8"))}
    checked = 0
    for path, doc in zip(SEEDS, seeds, strict=True):
        g = gold[f"seeds/{path.name}"]
        clean = clean_text(doc)
        for item in g["timexes"] + g["figures"] + g["quotes"]:
            start = clean.offsets.from_raw(item["start"])
            assert start is not None, item
            assert clean.text[start : start + len(item["text"])] == item["text"]
            a, b = clean.offsets.span_to_raw(start, start + len(item["text"]))
            assert (a, b) == (item["start"], item["start"] + len(item["text"]))
            checked += 1
    assert checked > 50


# --- Penn-Treebank text -------------------------------------------------------------------------


def test_ptb_detokenized_reuters_lead() -> None:
    raw = (
        "HONG KONG -LRB- Reuters -RRB- - A leading virologist has described the new H1N1 "
        "influenza virus as `` very unstable , '' meaning it could mix . \n"
        "Gaddafi 's forces do n't hold the town , they 're 5 % short of $ 100 million . \n"
        "A stable -LRB- seasonal flu -RRB- virus -LSB- sic -RSB- in the U.S. . \n"
        "\\* Bullet one on Paris\\/Riyadh ."
    )
    clean = clean_text(text_doc(raw))
    assert clean.text == (
        "HONG KONG (Reuters) - A leading virologist has described the new H1N1 "
        'influenza virus as "very unstable," meaning it could mix.\n'
        "Gaddafi's forces don't hold the town, they're 5% short of $100 million.\n"
        "A stable (seasonal flu) virus [sic] in the U.S.\n"
        "* Bullet one on Paris/Riyadh."
    )
    doc = text_doc(raw)
    assert_exact(doc, clean)
    # a rewritten character maps to its whole raw token
    i = clean.text.index("(")
    a, b = clean.offsets.span_to_raw(i, i + 1)
    assert raw[a:b] == "-LRB-"
    a, b = clean.offsets.span_to_raw(clean.text.index("(Reuters)"), clean.text.index(") -") + 1)
    assert raw[a:b] == "-LRB- Reuters -RRB-"


def test_ptb_detection_leaves_ordinary_text_alone() -> None:
    raw = "He said: \"It's 5 % of it (roughly) , and we're fine.\" Then he left."
    assert not looks_ptb(raw)
    clean = clean_text(text_doc(raw))
    assert clean.text == raw
    assert clean.offsets.runs == [(0, 0, len(raw))]
    assert looks_ptb("One , two . Three , four . Five , six . ")


def test_timeline17_offsets_exact(t17: list[RawDoc]) -> None:
    assert len(t17) == 50
    rewritten = 0
    for doc in t17:
        clean = clean_text(doc)
        assert "-LRB-" not in clean.text and "``" not in clean.text
        assert " , " not in clean.text and " 's " not in clean.text
        assert_exact(doc, clean)
        rewritten += len(clean.offsets.rewrites)
    assert rewritten > 100


# --- boilerplate --------------------------------------------------------------------------------

BOILERPLATE = [
    ("Share this article", "social"),
    ("Follow us on Facebook, Twitter and Instagram", "social"),
    ("Read more", "related_link"),
    ("Also read: Ceasefire talks stall in Cairo", "related_link"),
    ("RELATED: Five things to know about the vote", "related_link"),
    ("Subscribe to our daily newsletter", "newsletter"),
    ("Click here to watch the full video", "click_here"),
    ("Advertisement", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("© 2024 Example Media Group. All rights reserved.", "copyright"),
    ("Copyright 2019 The Daily Example", "copyright"),
    ("Download the News App for the latest updates", "app_promo"),
    ("(Photo: Reuters)", "photo_credit"),
    (
        "(This story has not been edited by our staff and is auto-generated from a feed.)",
        "disclaimer",
    ),
]


@pytest.mark.parametrize(("line", "reason"), BOILERPLATE)
def test_boilerplate_line_dropped(line: str, reason: str) -> None:
    raw = f"The quake struck at dawn.\n\n{line}\n\nRescuers searched the rubble."
    clean = clean_text(text_doc(raw))
    assert clean.text == "The quake struck at dawn.\n\nRescuers searched the rubble."
    assert [d.reason for d in clean.dropped] == [reason]
    assert clean.dropped[0].text == line
    assert_exact(text_doc(raw), clean)


REAL_SENTENCES = [
    "Share prices fell 3 percent after the verdict.",
    "Read more widely, the report says, and the picture changes.",
    "Related talks were held in Cairo on Monday.",
    "Advertisement revenue at the broadcaster rose in 2023.",
    "Copyright law was at the heart of the trial.",
    "Subscribers to the service were told to follow us on the map, the official said.",
    "Photo evidence was shown to the court.",
    "The app was downloaded a million times, officials said.",
]


@pytest.mark.parametrize("sentence", REAL_SENTENCES)
def test_real_sentences_kept(sentence: str) -> None:
    raw = f"The count began.\n\n{sentence}\n\nPolls closed at eight."
    clean = clean_text(text_doc(raw))
    assert sentence in clean.text
    assert clean.dropped == []


# --- whitespace and the map itself --------------------------------------------------------------


def test_whitespace_normalized_with_exact_map() -> None:
    raw = "HEADER\n\n  First   line\tends here.  \n\n\n\n\nSecond\u00a0para\u200b.\n\n"
    doc = text_doc(raw, body_start=len("HEADER\n"))
    clean = clean_text(doc)
    assert clean.text == "First line ends here.\n\nSecond para."
    assert_exact(doc, clean)
    assert clean.offsets.span_to_raw(0, 5) == (raw.index("First"), raw.index("First") + 5)


def test_empty_and_blank_bodies() -> None:
    assert clean_text(text_doc("")).text == ""
    clean = clean_text(text_doc(" \n\n\t "))
    assert clean.text == ""
    assert clean.offsets.to_raw(0) == 0


def test_offset_map_edges() -> None:
    # clean "ab(c" from raw "ab -LRB- c": run "ab", rewrite "(", run "c"
    m = OffsetMap(runs=[(0, 0, 2), (3, 9, 1)], rewrites=[(2, 3, 3, 8)])
    assert [m.to_raw(i) for i in range(4)] == [0, 1, 3, 9]
    assert m.to_raw(4) == 10  # just past the end
    assert m.span_to_raw(2, 3) == (3, 8)
    assert m.span_to_raw(1, 4) == (1, 10)
    assert m.from_raw(2) is None  # the deleted space
    assert m.from_raw(5) == 2 and m.from_raw(9) == 3
    assert OffsetMap().to_raw(7) == 7  # an empty map is the identity
