"""Command-line arguments → the sources to read: files, folders, globs and ``-`` (stdin)."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import IngestError, Messages
from ..models import SourceRef

STDIN = "-"
GLOB_CHARS = frozenset("*?[")


def is_hidden(name: str) -> bool:
    """Dot-files and dot-folders (``.git``, ``.DS_Store``) are never articles."""
    return name.startswith(".")


def walk(root: Path) -> Iterator[Path | IngestError]:
    """Every non-hidden file under ``root``, recursively, sorted by path."""
    found: list[Path] = []
    failures: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=failures.append):
        dirs[:] = [d for d in dirs if not is_hidden(d)]  # prune: os.walk honours the edit
        found.extend(Path(folder, f) for f in files if not is_hidden(f))
    # sort by path components so "a/b.txt" follows "a.txt" the way `find | sort` shows them
    yield from sorted(found, key=lambda p: p.relative_to(root).parts)
    for err in failures:
        where = SourceRef(str(err.filename or root))
        yield IngestError(where, Messages.READ_FAILED.format(error=err.strerror or err))


def expand(arg: str) -> Iterator[Path | IngestError]:
    """The sources one argument names, or an error when it names nothing."""
    if arg == STDIN:
        yield Path(STDIN)
        return
    path = Path(arg).expanduser()
    if path.is_dir():
        yield from walk(path)
        return
    if path.exists():  # a file named explicitly is read even when hidden; pipes count too
        yield path
        return
    if GLOB_CHARS.intersection(arg):
        matches = sorted(glob.glob(os.path.expanduser(arg), recursive=True))
        for match in matches:
            found = Path(match)
            yield from walk(found) if found.is_dir() else iter((found,))
        if matches:
            return
    yield IngestError(SourceRef(arg), Messages.NO_SUCH_PATH)


def iter_sources(args: list[str]) -> Iterator[Path | IngestError]:
    """The files (and ``Path("-")`` for stdin) named by ``args``, each once, in order.

    Each argument is a file, a folder (read recursively, sorted, hidden entries skipped), a
    glob (``*.jsonl``, ``**/*.txt``) or ``-``. An argument that matches nothing yields an
    ``IngestError`` with ``Messages.NO_SUCH_PATH`` and the others still come through.
    """
    seen: set[Path] = set()
    for arg in args:
        for found in _expand_safely(arg):
            if isinstance(found, IngestError):
                yield found
                continue
            key = found if str(found) == STDIN else _key(found)
            if key not in seen:  # a file named by a folder and a glob is read once
                seen.add(key)
                yield found


def _expand_safely(arg: str) -> Iterator[Path | IngestError]:
    # A path inside an unreadable folder raises PermissionError from is_dir(): that argument's
    # error, not the run's.
    try:
        yield from expand(arg)
    except OSError as err:
        yield IngestError(SourceRef(arg), Messages.READ_FAILED.format(error=err.strerror or err))


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: reading it reports the error
        return path.absolute()
