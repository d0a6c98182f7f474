"""Scoring negotiation proposals against gold."""

from __future__ import annotations
