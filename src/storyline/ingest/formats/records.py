"""Field records (a JSON object, a CSV row) → RawDoc: which field holds what.

Field names are matched case-insensitively; the first alias present wins, so ``text`` beats
``body`` beats ``content``. Every meta value is kept as a string, as found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ...errors import IngestError, Messages
from ...models import RawDoc, SourceRef
from ..dating import metadata_date_problem

TEXT_FIELDS: tuple[str, ...] = ("text", "body", "content")

META_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "outlet": ("source", "outlet", "publisher"),
    "id": ("id",),
    # news-API spellings beyond the short names: they mean the same publication date
    "date": (
        "date",
        "published",
        "time",
        "pubdate",
        "published_at",
        "publishedat",
        "date_published",
        "datepublished",
    ),
}


def key_index(keys: Iterable[str]) -> dict[str, str]:
    """Normalised field name → the name as written (the first spelling wins)."""
    index: dict[str, str] = {}
    for key in keys:
        if isinstance(key, str):
            index.setdefault(key.strip().lower(), key)
    return index


def find_field(index: Mapping[str, str], aliases: Iterable[str]) -> str | None:
    """The field (as written) of the first alias present in ``index``."""
    for alias in aliases:
        if alias in index:
            return index[alias]
    return None


def kind_of(value: object) -> str:
    """A JSON-ish name for the type of ``value``, for error messages."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def meta_value(value: object) -> str | None:
    """A field value as a meta string, or None when it holds nothing usable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        # news APIs nest the outlet: {"source": {"id": null, "name": "Reuters"}}
        return meta_value(value.get("name"))
    if isinstance(value, str):
        return value.strip() or None
    return None


def record_meta(record: Mapping[str, object], index: Mapping[str, str]) -> dict[str, str]:
    """``{"title", "url", "outlet", "id", "date", "date_field"}``, only the keys found."""
    meta: dict[str, str] = {}
    for name, aliases in META_FIELDS.items():
        for alias in aliases:
            key = index.get(alias)
            value = meta_value(record[key]) if key is not None else None
            if key is None or value is None:
                continue
            meta[name] = value
            if name == "date":
                meta["date_field"] = key  # which field it came from: "time", "published"…
            break
    return meta


def _meta_problems(meta: Mapping[str, str]) -> list[str]:
    # an impossible date is reported like a malformed header date, not silently dropped
    raw = meta.get("date")
    problem = metadata_date_problem(raw, meta.get("date_field", "date")) if raw else None
    return [problem] if problem else []


def record_to_doc(
    record: Mapping[str, object], source: SourceRef, *, fmt: str, encoding: str
) -> RawDoc | IngestError:
    """One record as a RawDoc; an IngestError when it has no usable text."""
    index = key_index(record.keys())
    present = [index[a] for a in TEXT_FIELDS if a in index]
    if not present:
        return IngestError(source, Messages.NO_TEXT_FIELD.format(fields=", ".join(TEXT_FIELDS)))
    for key in present:
        value = record[key]
        if not isinstance(value, str):
            if value is None:
                continue
            return IngestError(
                source, Messages.TEXT_NOT_STRING.format(field=key, kind=kind_of(value))
            )
        if value.strip():
            meta = record_meta(record, index)
            return RawDoc(
                text=value,
                source=source,
                format=fmt,
                encoding=encoding,
                meta=meta,
                problems=_meta_problems(meta),
            )
    return IngestError(source, Messages.EMPTY_TEXT)
