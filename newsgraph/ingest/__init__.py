"""Ingest: raw bytes or text in, clean article text and metadata out (no NLP here)."""

from newsgraph.ingest.item import ReadFailure, SourceItem
from newsgraph.ingest.prepare import Prepared, prepare

__all__ = ["Prepared", "ReadFailure", "SourceItem", "prepare"]
