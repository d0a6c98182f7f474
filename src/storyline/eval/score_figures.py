"""Scoring figures against gold: value, qualifier, counted, status, as_of; source fuzzy."""

from __future__ import annotations
