"""HTML pages: the main text by trafilatura, the publication date by htmldate.

Neither library may touch the network: htmldate downloads any string that looks like a URL, so
it only ever gets a parsed tree, never the raw string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import htmldate
import trafilatura
from trafilatura.settings import Document

from ...errors import IngestError, Messages
from ...models import RawDoc, SourceRef
from .base import reader_format

HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)


def sniff_html(text: str) -> bool:
    """True when the content opens as an HTML document (``<!doctype html`` or ``<html``)."""
    return HTML_START.match(text[:4096]) is not None


def page_date(html: str) -> str | None:
    """The page's original publication date as htmldate finds it (ISO day), or None."""
    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    return htmldate.find_date(tree, extensive_search=False, original_date=True)


def page_meta(document: Document, found_date: str | None) -> dict[str, str]:
    """Title, URL, outlet from trafilatura's metadata; date from htmldate."""
    candidates = {
        "title": document.title,
        "url": document.url,
        "outlet": document.sitename or document.hostname,
        "date": found_date,
        "date_field": "htmldate" if found_date else None,
    }
    return {k: v.strip() for k, v in candidates.items() if isinstance(v, str) and v.strip()}


@reader_format("html", extensions=(".html", ".htm", ".xhtml"), sniff=sniff_html, priority=20)
def read_html(text: str, source: SourceRef, *, encoding: str) -> Iterator[RawDoc | IngestError]:
    """One document: the extracted main text; the page itself kept in ``original``."""
    try:
        document = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
        found_date = page_date(text)
    except Exception as err:  # third-party parsers: any failure there is bad input, not ours
        yield IngestError(source, Messages.HTML_BROKEN.format(error=err))
        return
    body = document.text if isinstance(document, Document) else None
    if not isinstance(document, Document) or not body or not body.strip():
        yield IngestError(source, Messages.HTML_NO_TEXT)
        return
    yield RawDoc(
        text=body,
        source=source,
        format="html",
        encoding=encoding,
        meta=page_meta(document, found_date),
        original=text,
    )
