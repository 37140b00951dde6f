"""Ingest: raw bytes or text in, clean article text and metadata out (no NLP here)."""

from newsgraph.ingest.item import ReadFailure, SourceItem
from newsgraph.ingest.prepare import Prepared, metadata_of, prepare, prepare_item

__all__ = ["Prepared", "ReadFailure", "SourceItem", "metadata_of", "prepare", "prepare_item"]
