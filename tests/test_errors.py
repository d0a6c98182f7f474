"""The error catalogue: every message the core raises on purpose comes from ``Messages`` (as
spaCy's ``Errors``), so the texts live in one place and no raise site builds its own."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storyline import dates
from storyline.errors import Messages, StorylineError
from storyline.store.rows import StoreDateError

SRC = Path(__file__).resolve().parents[1] / "src" / "storyline"

EDGES = ("outputs",)
"""The CLI and web app word their own errors; the core is everything else."""
CORE_IN_EDGES = ("outputs/web/data.py",)
"""Edge modules that hold core reads (the web's data layer) and so follow the core's rule."""
NOT_YET: frozenset[str] = frozenset()
"""Modules still being written; each leaves this list once its raises use
``Messages``."""


def _core_files() -> Iterator[Path]:
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel == "errors.py" or rel in NOT_YET:
            continue
        if rel.split("/")[0] in EDGES and rel not in CORE_IN_EDGES:
            continue
        yield path


def _error_classes() -> set[str]:
    """Names of every ``StorylineError`` subclass defined in the package (read from the code)."""
    names = {"StorylineError"}
    bases: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(
                    ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases
                )
    while grown := {n for n, bs in bases.items() if bs & names} - names:
        names |= grown
    return names


def _literal_raises(path: Path, errors: set[str]) -> Iterator[str]:
    """``raise SomeError("…")`` / ``raise SomeError(f"…")`` of a storyline error in ``path``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        name = ast.unparse(node.exc.func).rsplit(".", 1)[-1]
        args = [*node.exc.args, *(k.value for k in node.exc.keywords if k.arg == "reason")]
        literal = any(
            isinstance(a, ast.JoinedStr)
            or (isinstance(a, ast.Constant) and isinstance(a.value, str))
            for a in args
        )
        if name in errors and literal:
            yield f"{path.relative_to(SRC)}:{node.lineno}: {ast.unparse(node.exc)[:80]}"


def test_core_raises_use_the_catalogue() -> None:
    errors = _error_classes()
    assert {"StoreError", "NotFoundError", "DateError", "StoreDateError"} <= errors
    found = [line for path in _core_files() for line in _literal_raises(path, errors)]
    assert not found, "build these messages from storyline.errors.Messages:\n" + "\n".join(found)


def test_every_catalogue_name_used_exists() -> None:
    used = {
        (path.relative_to(SRC).as_posix(), node.attr)
        for path in SRC.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Messages"
    }
    missing = sorted(
        f"{where}: Messages.{name}" for where, name in used if not hasattr(Messages, name)
    )
    assert not missing, missing


def test_catalogue_names_no_command_line_option() -> None:
    texts = {k: v for k, v in vars(Messages).items() if k.isupper()}
    assert texts and all(isinstance(v, str) for v in texts.values())
    assert not [k for k, v in texts.items() if " --" in v or v.startswith("--")]


@pytest.mark.parametrize(
    ("text", "call", "why"),
    [
        ("2026-13", dates.parse, Messages.DATE_EXPECTED),
        ("2026-W18", dates.parse_day, Messages.DATE_EXPECTED_DAY),
        ("XXXX-05-02", dates.day_bounds, Messages.DATE_NO_YEAR),
    ],
)
def test_date_errors_read_from_the_catalogue(
    text: str, call: Callable[[str], object], why: str
) -> None:
    with pytest.raises(dates.DateError) as info:
        call(text)
    assert str(info.value) == Messages.BAD_DATE.format(text=text, why=why)
    assert str(info.value) == f"unreadable date {text!r}; {why}"


def test_store_date_error_is_bad_input_and_a_store_error() -> None:
    err = StoreDateError("2026-13")
    assert isinstance(err, dates.DateError) and isinstance(err, StorylineError)
    assert str(err) == Messages.BAD_DATE.format(text="2026-13", why=dates.EXPECTED)


def test_a_date_past_the_calendar_is_unreadable_not_a_crash() -> None:
    with pytest.raises(dates.DateError):
        dates.parse_bound("9999-W52")


def test_errors_cross_process_boundaries_whole() -> None:
    import pickle

    from storyline.errors import IngestError, ModelNotFoundError
    from storyline.models import SourceRef

    err = IngestError(SourceRef("a.jsonl", 3), "the text field is empty", param="max_bytes")
    back = pickle.loads(pickle.dumps(err))
    assert (str(back), back.reason, back.param) == (str(err), err.reason, "max_bytes")
    assert back.source == err.source
    missing = pickle.loads(pickle.dumps(ModelNotFoundError("xx_none")))
    assert missing.name == "xx_none" and missing.param == "model" and "xx_none" in str(missing)
