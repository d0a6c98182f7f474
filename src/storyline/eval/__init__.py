"""Evaluation: scoring extraction and timelines against gold data."""
