"""Printing a benchmark's result: one JSON object, or aligned ``key  value`` lines."""

from __future__ import annotations

import json
from typing import Any


def print_result(result: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result), flush=True)
        return
    result = flatten(result)
    width = max(len(k) for k in result)
    for k, v in result.items():
        print(f"{k:<{width}}  {v}", flush=True)


def flatten(result: dict[str, Any]) -> dict[str, Any]:
    """Nested dicts as ``outer.inner`` keys: one aligned line per figure."""
    flat: dict[str, Any] = {}
    for k, v in result.items():
        if isinstance(v, dict) and v:
            for k2, v2 in flatten(v).items():
                flat[f"{k}.{k2}"] = v2
        else:
            flat[k] = v
    return flat


def brief(value: Any, most: int = 10) -> Any:
    """``value`` with every list longer than ``most`` items given as its length."""
    if isinstance(value, dict):
        return {k: brief(v, most) for k, v in value.items()}
    if isinstance(value, list | tuple) and len(value) > most:
        return f"{len(value)} items"
    return value
