"""Fuzzing the per-document boundary: arbitrary bytes, JSON and CSV through every reader, and
arbitrary text through the text-only steps, never raise; each problem is a RawDoc problem or an
IngestError. Bounded (max_examples) so the suite stays quick."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import IngestError
from storyline.ingest.formats import FORMATS
from storyline.ingest.pipeline import prepare
from storyline.ingest.readers import get_reader, read_source
from storyline.models import RawDoc, SourceRef

FUZZ = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=20,
)
RECORDS = st.dictionaries(
    st.sampled_from(["text", "body", "title", "date", "published", "url", "source", "x"]),
    JSON,
    max_size=5,
)


def _check(items: list[RawDoc | IngestError]) -> None:
    for item in items:
        assert isinstance(item, RawDoc | IngestError)
        if isinstance(item, RawDoc):
            item.text.encode("utf-8")  # storable: no lone surrogates
            assert "\x00" not in item.text


@FUZZ
@given(
    data=st.binary(max_size=2000),
    suffix=st.sampled_from(["", ".json", ".jsonl", ".csv", ".html", ".txt"]),
)
def test_any_bytes_in_any_file_never_raise(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(data)
    _check(list(read_source(path)))
    _check(list(read_source(Path("-"), stdin=io.BytesIO(data))))


@FUZZ
@given(value=JSON, records=st.lists(RECORDS, max_size=4))
def test_any_json_never_raises(tmp_path_factory, value: object, records: list[dict]) -> None:
    folder = tmp_path_factory.mktemp("json")
    (folder / "a.json").write_text(json.dumps(value), encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    for f in folder.iterdir():
        _check(list(read_source(f)))


@FUZZ
@given(rows=st.lists(st.lists(st.text(max_size=40), min_size=1, max_size=4), max_size=5))
def test_any_csv_never_raises(tmp_path_factory, rows: list[list[str]]) -> None:
    import csv

    path = tmp_path_factory.mktemp("csv") / "a.csv"
    with path.open("w", encoding="utf-8", errors="surrogatepass", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "date", "title"][: max(1, len(rows[0]) if rows else 1)])
        writer.writerows(rows)
    _check(list(read_source(path)))


@FUZZ
@given(text=st.text(max_size=600), fmt=st.sampled_from(sorted(FORMATS)))
def test_every_reader_on_any_text_never_raises(text: str, fmt: str) -> None:
    try:
        items = list(get_reader(fmt)(text, SourceRef("x"), encoding="utf-8"))
    except RecursionError:  # read_source turns this into the file's error line
        return
    for item in items:
        assert isinstance(item, RawDoc | IngestError)


@FUZZ
@given(text=st.text(min_size=1, max_size=800))
def test_the_text_steps_take_any_text(text: str) -> None:
    # cleaning, dateline, credits, ids and dating: every step before the NLP pipeline
    from storyline.ingest.dating import resolve_dates

    p = prepare(RawDoc(text=text, source=SourceRef("x"), format="text"))
    resolve_dates(p.doc, p.clean, p.dateline, corpus_window=("2024-01-01", "2024-12-31"))
    for i in range(0, len(p.clean.text), 37):
        assert 0 <= p.clean.offsets.to_raw(i) <= len(text)


NEWS_WORDS = [
    "said",
    "told",
    "according",
    "to",
    "officials",
    "Reuters",
    "the",
    "killed",
    "at",
    "least",
    "more",
    "than",
    "about",
    "people",
    "hostages",
    "released",
    "offered",
    "rejected",
    "truce",
    "on",
    "Monday",
    "last",
    "week",
    "in",
    "March",
    "2011",
    "since",
    "yesterday",
    "$",
    "50m",
    "1,200",
    "35,000-60",
    ",000",
    "barrels",
    "a",
    "day",
    "two",
    "hundred",
    "and",
    "fifty",
    "half",
    '"',
    "'",
    "``",
    "''",
    "(",
    ")",
    "-LRB-",
    "-RRB-",
    ",",
    ".",
    ":",
    "\n",
    "Mr.",
    "Smith",
    "he",
    "she",
    "WHO",
    "United",
    "Nations",
    "proposal",
    "unless",
    "demanded",
    "denied",
    "per",
    "cent",
]
NEWS_TEXT = st.lists(
    st.sampled_from(NEWS_WORDS) | st.text(max_size=6), min_size=1, max_size=60
).map(" ".join)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(text=NEWS_TEXT, dct=st.sampled_from([None, "2011-03-01", "2024-02-29"]))
def test_the_extractors_take_any_text(text: str, dct: str | None) -> None:
    """Arbitrary news-shaped text through the full pipeline: every component runs, and every
    row it keeps points inside the text."""
    from storyline.extract.nlp import doc_record, load_pipeline

    nlp = load_pipeline()
    doc = nlp.make_doc(text)
    doc.user_data["dct"] = dct
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    record = doc_record(doc)
    for rows in record.values():
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and isinstance(row.get("start_char"), int):
                assert 0 <= row["start_char"] <= row["end_char"] <= len(text)
