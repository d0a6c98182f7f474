"""Readers: paths, folders, globs and stdin → RawDoc records or per-file/per-line errors."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from storyline.errors import IngestError, Messages
from storyline.ingest.discover import iter_sources
from storyline.ingest.formats import FORMATS
from storyline.ingest.readers import detect_format, get_reader, iter_documents, read_source
from storyline.models import RawDoc
from storyline.registry import readers

DATA = Path(__file__).resolve().parent / "data" / "readers"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


def read_all(path: Path, **opts: object) -> tuple[list[RawDoc], list[IngestError]]:
    docs: list[RawDoc] = []
    errors: list[IngestError] = []
    for item in read_source(path, **opts):  # type: ignore[arg-type]
        (errors if isinstance(item, IngestError) else docs).append(item)  # type: ignore[arg-type]
    return docs, errors


def only_doc(path: Path, **opts: object) -> RawDoc:
    docs, errors = read_all(path, **opts)
    assert errors == [], [str(e) for e in errors]
    assert len(docs) == 1
    return docs[0]


def only_error(path: Path, **opts: object) -> IngestError:
    docs, errors = read_all(path, **opts)
    assert docs == []
    assert len(errors) == 1
    return errors[0]


def reason_prefix(message: str) -> str:
    """The fixed text of a catalogue message, before its first ``{field}``."""
    return message.split("{", 1)[0]


# -- registry and detection --------------------------------------------------------------------


def test_every_format_is_registered_with_a_versioned_name() -> None:
    names = set(readers.get_all())
    for fmt in ("seed", "text", "jsonl", "json", "csv", "html"):
        assert f"storyline.reader.{fmt}.v1" in names
        assert get_reader(fmt) is readers.get(FORMATS[fmt].registry_name)


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        (" date 2024-01-01 Body.", ".txt", "seed"),
        (" date 2024-01-01 Body.", "", "seed"),
        ("Plain article text.", ".txt", "text"),
        ("Plain article text.", "", "text"),
        ("date night is back, a survey suggests.", ".txt", "text"),
        ("<!DOCTYPE html><html><body>x</body></html>", ".txt", "html"),
        ("  <html lang='en'><body>x</body></html>", "", "html"),
        ('{"text": "a"}\n{"text": "b"}\n', ".json", "jsonl"),
        ('{"text": "a"}\n{"text": "b"}\n', ".txt", "jsonl"),
        ('[{"text": "a"}]', ".json", "json"),
        ('{\n  "text": "a"\n}\n', "", "json"),
        ("not json at all", ".json", "json"),
        ("id,title,text\n1,t,body\n", "", "csv"),
        ("id\ttext\n1\tbody\n", "", "csv"),
        ("anything, even prose", ".csv", "csv"),
        ('[{"text": "a"}]', ".jsonl", "jsonl"),
        ("plain words", ".HTML", "html"),
    ],
)
def test_detect_format_by_extension_and_content(text: str, suffix: str, expected: str) -> None:
    assert detect_format(text, suffix) == expected


# -- seed format ---------------------------------------------------------------------------------


def test_seed_000_header_date_and_body_start() -> None:
    path = shared("seeds", "000_87f196d2e7707169.txt")
    doc = only_doc(path)
    assert doc.format == "seed"
    assert doc.header_date == "2025-04-16"
    assert doc.text == path.read_bytes().decode("utf-8")  # the whole file, header included
    assert doc.body_start == len(" date 2025-04-16 ")
    assert doc.text[doc.body_start :].startswith("MENAFN")
    assert doc.problems == []


def test_seed_offsets_match_the_gold_file() -> None:
    gold = json.loads(shared("gold", "seeds-gold.json").read_text(encoding="utf-8"))
    checked = 0
    for entry in gold:
        doc = only_doc(shared(entry["file"]))
        for timex in entry.get("timexes", []):
            start = timex["start"]
            assert doc.text[start : start + len(timex["text"])] == timex["text"]
            checked += 1
    assert checked > 10


def test_seed_002_without_header_is_plain_text() -> None:
    doc = only_doc(shared("seeds", "002_5f2d055af7a7c603.txt"))
    assert doc.format == "text"
    assert doc.header_date is None
    assert doc.body_start == 0
    assert doc.text.startswith("New Delhi:")


def test_seed_header_followed_by_newline() -> None:
    doc = only_doc(DATA / "seed_newline.txt")
    assert doc.format == "seed"
    assert doc.header_date == "2021-03-04"
    assert doc.text[doc.body_start :].startswith("A strong earthquake")
    assert doc.text.startswith(" date 2021-03-04\n")


def test_seed_header_without_leading_space() -> None:
    doc = only_doc(DATA / "seed_no_lead_space.txt")
    assert (doc.format, doc.header_date) == ("seed", "2019-06-01")
    assert doc.text[doc.body_start :].startswith("Polls closed")


@pytest.mark.parametrize(
    ("name", "value", "body"),
    [
        ("bad_header_month.txt", "2025-13-45", "The jury"),
        ("bad_header_word.txt", "yesterday", "The jury"),
    ],
)
def test_malformed_header_date_is_a_problem_not_a_failure(name: str, value: str, body: str) -> None:
    doc = only_doc(DATA / name)
    assert doc.format == "seed"
    assert doc.header_date is None
    assert doc.text[doc.body_start :].startswith(body)
    assert doc.problems == [Messages.BAD_HEADER_DATE.format(value=value)]


def test_prose_opening_with_date_is_not_a_header() -> None:
    doc = only_doc(DATA / "date_prose.txt")
    assert (doc.format, doc.body_start, doc.header_date) == ("text", 0, None)


def test_header_without_body_is_an_error() -> None:
    assert only_error(DATA / "header_only.txt").reason == Messages.NO_BODY


def test_markdown_is_plain_text() -> None:
    doc = only_doc(DATA / "notes.md")
    assert doc.format == "text"
    assert doc.text == (DATA / "notes.md").read_text(encoding="utf-8")


# -- JSON lines and JSON -------------------------------------------------------------------------


def test_timeline17_h1n1_jsonl() -> None:
    path = shared("data", "timeline17", "H1N1_reuters", "articles.jsonl")
    docs, errors = read_all(path)
    assert errors == []
    assert len(docs) == 207
    assert [d.source.line for d in docs] == list(range(1, 208))
    assert all(
        d.format == "jsonl" and d.meta["date"] and d.meta["date_field"] == "time" for d in docs
    )
    first = json.loads(path.read_text(encoding="utf-8").split("\n", 1)[0])
    assert docs[0].text == first["text"]  # verbatim, PTB tokens and all
    assert docs[0].meta["id"] == first["id"]


def test_jsonl_broken_lines_are_reported_and_the_rest_still_read() -> None:
    docs, errors = read_all(DATA / "wire.jsonl")
    assert [d.source.line for d in docs] == [1, 2, 8]
    by_line = {e.source.line: e.reason for e in errors}
    assert set(by_line) == {3, 5, 6, 7}
    assert by_line[3].startswith(reason_prefix(Messages.BAD_JSON_LINE))
    assert by_line[5] == Messages.NOT_AN_OBJECT.format(kind="an array")
    assert by_line[6].startswith(reason_prefix(Messages.NO_TEXT_FIELD))
    assert by_line[7] == Messages.EMPTY_TEXT
    assert str(errors[0]).startswith(f"{DATA / 'wire.jsonl'}:3: ")


def test_jsonl_field_aliases() -> None:
    docs, _ = read_all(DATA / "wire.jsonl")
    assert docs[0].meta == {"id": "a1", "date": "2024-05-02", "date_field": "time"}
    assert docs[1].text.startswith("Counting continued")
    assert docs[1].meta == {
        "id": "2",
        "title": "Count continues",
        "url": "https://example.org/count",
        "outlet": "Example Wire",
        "date": "2024-05-03T10:00:00Z",
        "date_field": "published",
    }
    # upper-case field names, a nested news-API source object
    assert docs[2].meta["outlet"] == "Example Radio"
    assert docs[2].meta["id"] == "a7"
    assert docs[2].meta["date_field"] == "publishedAt"


def test_json_array_uses_index_plus_one() -> None:
    docs, errors = read_all(DATA / "articles.json")
    assert [(d.format, d.source.line) for d in docs] == [("json", 1), ("json", 2)]
    assert docs[0].meta["outlet"] == "Example Daily"
    assert [e.source.line for e in errors] == [3, 4]
    assert errors[0].reason == Messages.NOT_AN_OBJECT.format(kind="a string")
    assert errors[1].reason == Messages.TEXT_NOT_STRING.format(field="text", kind="an array")


def test_single_json_object() -> None:
    doc = only_doc(DATA / "single.json")
    assert doc.source.line is None
    assert doc.text.startswith("The trial of the former mayor")
    assert doc.meta == {
        "title": "Trial opens",
        "url": "https://example.org/trial",
        "date": "2022-09-12",
        "date_field": "pubdate",
    }


def test_broken_json_names_the_line() -> None:
    err = only_error(DATA / "broken.json")
    assert err.source.line == 2
    assert err.reason.startswith(reason_prefix(Messages.BAD_JSON))


def test_json_file_holding_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text('{"text": "First."}\n{"text": "Second."}\n', encoding="utf-8")
    docs, errors = read_all(path)
    assert errors == []
    assert [(d.format, d.source.line, d.text) for d in docs] == [
        ("jsonl", 1, "First."),
        ("jsonl", 2, "Second."),
    ]


# -- CSV -------------------------------------------------------------------------------------------


def test_csv_rows_with_their_line_numbers() -> None:
    docs, errors = read_all(DATA / "articles.csv")
    assert [d.source.line for d in docs] == [2, 5]
    assert docs[0].text == (
        "The storm made landfall on Tuesday, the weather service said.\n\n"
        "Power was cut to 40,000 homes."
    )
    assert docs[0].meta == {
        "id": "c1",
        "title": "Storm hits coast",
        "outlet": "Example Gazette",
        "date": "2024-01-10",
        "date_field": "Published",
    }
    assert docs[1].text == '"We are rebuilding," the mayor said on Wednesday.'
    assert "title" not in docs[1].meta and "outlet" not in docs[1].meta
    assert [(e.source.line, e.reason) for e in errors] == [(7, Messages.EMPTY_TEXT)]


def test_tsv() -> None:
    docs, errors = read_all(DATA / "articles.tsv")
    assert errors == []
    assert [(d.format, d.source.line, d.meta["date"]) for d in docs] == [
        ("csv", 2, "2010-01-13"),
        ("csv", 3, "2010-01-14"),
    ]


def test_csv_without_text_column_is_one_error() -> None:
    err = only_error(DATA / "no_text.csv")
    assert err.source.line is None
    assert err.reason.startswith(reason_prefix(Messages.NO_TEXT_COLUMN))
    assert "'id', 'date', 'headline'" in err.reason


# -- HTML ------------------------------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    path = DATA / "page.html"
    doc = only_doc(path)
    assert doc.format == "html"
    assert "magnitude of 6.1" in doc.text
    assert "Copyright" not in doc.text and "Sport" not in doc.text
    assert doc.original == path.read_text(encoding="utf-8")
    assert doc.meta == {
        "title": "Quake kills 12 in coastal town",
        "url": "https://news.example.org/world/quake-kills-12",
        "outlet": "Example News",
        "date": "2021-03-04",
        "date_field": "htmldate",
    }


def test_html_without_main_text() -> None:
    assert only_error(DATA / "app_shell.html").reason == Messages.HTML_NO_TEXT


def test_html_sniffed_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved_page"
    path.write_bytes((DATA / "page.html").read_bytes())
    assert only_doc(path).format == "html"


def test_html_declared_charset(tmp_path: Path) -> None:
    page = (DATA / "page.html").read_text(encoding="utf-8")
    page = page.replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "regional officials said", "officials in Zürich and Málaga said"
    )
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("latin-1"))
    doc = only_doc(path)
    assert doc.encoding == "iso8859-1"
    assert "officials in Zürich and Málaga said" in doc.text


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (gzip.compress(b"an article"), "GZIP"),
        (b"Some text\x00with a NUL byte inside", "NUL bytes"),
    ],
)
def test_binary_content_is_refused(tmp_path: Path, payload: bytes, kind: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(payload)
    assert only_error(path).reason == Messages.BINARY.format(kind=kind)


def test_zip_archive_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "articles.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "An article.")
    assert only_error(path).reason == Messages.BINARY.format(kind="ZIP")


@pytest.mark.parametrize("payload", [b"", b"   \n\t\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(payload)
    assert only_error(path).reason == Messages.EMPTY


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 20)
    err = only_error(path, max_bytes=10)
    assert err.reason == Messages.TOO_LARGE.format(size=100, limit=10)
    assert only_doc(path, max_bytes=100).text == "word " * 20  # exactly at the limit is fine


def test_stdin_over_the_size_limit() -> None:
    err = only_error(Path("-"), stdin=io.BytesIO(b"x" * 5000), max_bytes=1000)
    assert err.reason == Messages.TOO_LARGE.format(size=5000, limit=1000)


def test_cp1252_file_decodes_and_records_its_encoding(tmp_path: Path) -> None:
    text = "The minister\u2019s \u201cfinal offer\u201d \u2014 50 hostages \u2013 was rejected.\n"
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = only_doc(path)
    assert (doc.text, doc.encoding) == (text, "cp1252")


def test_latin1_file_decodes(tmp_path: Path) -> None:
    text = "Caf\u00e9 owners in Z\u00fcrich and M\u00e1laga said the strike would go on.\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    doc = only_doc(path)
    assert doc.text == text
    assert doc.encoding == "cp1252"  # Latin-1 letters sit at the same bytes in Windows-1252


@pytest.mark.parametrize(
    ("encoding", "recorded"),
    [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le")],
)
def test_unicode_encodings(tmp_path: Path, encoding: str, recorded: str) -> None:
    text = " date 2024-06-01 Résumé of the talks in Genève, officials said.\n"
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    doc = only_doc(path)
    assert (doc.text, doc.encoding, doc.format, doc.header_date) == (
        text,
        recorded,
        "seed",
        "2024-06-01",
    )


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(128, 256)) * 4)
    assert only_error(path).reason == Messages.UNDECODABLE


def test_missing_file_and_folder_do_not_raise(tmp_path: Path) -> None:
    assert only_error(tmp_path / "nope.txt").reason == Messages.NO_SUCH_PATH
    assert only_error(tmp_path).reason.startswith(reason_prefix(Messages.READ_FAILED))


# -- stdin -----------------------------------------------------------------------------------------


def test_stdin_seed() -> None:
    raw = (DATA / "seed_newline.txt").read_bytes()
    doc = only_doc(Path("-"), stdin=io.BytesIO(raw))
    assert doc.source.path == "<stdin>"
    assert (doc.format, doc.header_date) == ("seed", "2021-03-04")


@pytest.mark.parametrize(
    ("name", "fmt", "count"), [("wire.jsonl", "jsonl", 3), ("articles.csv", "csv", 2)]
)
def test_stdin_sniffs_structured_formats(name: str, fmt: str, count: int) -> None:
    docs, _ = read_all(Path("-"), stdin=io.BytesIO((DATA / name).read_bytes()))
    assert [d.format for d in docs] == [fmt] * count
    assert all(d.source.path == "<stdin>" and d.source.line for d in docs)


# -- discovery -------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    files = {
        "b.txt": "B article.",
        "a.txt": "A article.",
        "sub/c.txt": "C article.",
        "sub/deeper/d.jsonl": '{"text": "D article."}\n',
        "sub/e.jsonl": '{"text": "E article."}\n',
        ".hidden.txt": "hidden",
        ".git/config.txt": "hidden folder",
        "sub/.cache/f.txt": "hidden folder",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def rel(root: Path, found: list[Path | IngestError]) -> list[str]:
    return [p.relative_to(root).as_posix() for p in found if isinstance(p, Path)]


def test_folder_is_walked_recursively_sorted_without_hidden(tree: Path) -> None:
    found = list(iter_sources([str(tree)]))
    assert rel(tree, found) == ["a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.jsonl", "sub/e.jsonl"]


def test_globs(tree: Path) -> None:
    assert rel(tree, list(iter_sources([str(tree / "*.txt")]))) == ["a.txt", "b.txt"]
    assert rel(tree, list(iter_sources([str(tree / "**" / "*.jsonl")]))) == [
        "sub/deeper/d.jsonl",
        "sub/e.jsonl",
    ]


def test_a_file_named_twice_is_read_once_and_hidden_files_can_be_named(tree: Path) -> None:
    found = list(iter_sources([str(tree / "a.txt"), str(tree), str(tree / ".hidden.txt")]))
    assert rel(tree, found) == [
        "a.txt",
        "b.txt",
        "sub/c.txt",
        "sub/deeper/d.jsonl",
        "sub/e.jsonl",
        ".hidden.txt",
    ]


def test_stdin_and_paths_that_match_nothing(tree: Path) -> None:
    missing = str(tree / "missing.txt")
    no_match = str(tree / "*.csv")
    found = list(iter_sources(["-", missing, no_match, str(tree / "a.txt")]))
    assert found[0] == Path("-")
    assert isinstance(found[1], IngestError) and isinstance(found[2], IngestError)
    assert (found[1].source.path, found[1].reason) == (missing, Messages.NO_SUCH_PATH)
    assert found[2].source.path == no_match
    assert found[3] == tree / "a.txt"


def test_iter_documents_keeps_going_past_bad_files(tree: Path) -> None:
    (tree / "sub" / "broken.pdf").write_bytes(b"%PDF-1.4 binary")
    items = list(iter_documents([str(tree), str(tree / "nothing-*.txt")]))
    docs = [i for i in items if isinstance(i, RawDoc)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [d.text.strip() for d in docs] == [
        "A article.",
        "B article.",
        "C article.",
        "D article.",
        "E article.",
    ]
    assert [Path(e.source.path).name for e in errors] == ["broken.pdf", "nothing-*.txt"]
