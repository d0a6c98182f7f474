"""Fill `start`/`end` of every item (figure, proposal, answer) of a gold file from its `sentence`
and `text`.

Usage: python gold/findings/locate.py gold/findings/<topic>.json [SHARED_DIR]
The sentence is found in the article's text (exactly, else with whitespace runs relaxed), the
number phrase inside the sentence (its `occurrence`-th use there, default the first). A
figure that cannot be placed is reported, one line each, and the exit code is 1.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def find(haystack: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    i = haystack.find(needle, start)
    if i >= 0:
        return i, i + len(needle)
    pattern = r"\s+".join(re.escape(part) for part in needle.split())
    m = re.compile(pattern).search(haystack, start)
    return (m.start(), m.end()) if m else None


def main() -> int:
    gold_path = Path(sys.argv[1])
    shared = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parents[3] / "shared"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    corpus = shared / gold["corpus"]
    texts = {}
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            texts[str(rec["id"])] = rec["text"]
    bad = 0
    items = [*gold.get("figures", []), *gold.get("proposals", []), *gold.get("answers", [])]
    for fig in items:
        text = texts.get(str(fig["article"]))
        sent = find(text, fig["sentence"]) if text is not None else None
        span = find(text, fig["text"], sent[0]) if sent else None
        for _ in range(int(fig.get("occurrence", 1)) - 1):  # the n-th use in the sentence
            span = find(text, fig["text"], span[1]) if span else None
        if span is None or span[1] > sent[1]:
            print(f"{gold_path}: {fig['id']}: cannot place {fig['text']!r} in its sentence")
            bad += 1
            continue
        fig["start"], fig["end"] = span
    gold_path.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
