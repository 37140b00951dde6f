"""Names of files in the job's output and inputs, without Spark (``load`` runs without it)."""

from __future__ import annotations

import re

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_S3_ALIASES = re.compile(r"^s3[an]://")  # Hadoop's names for S3; pyarrow knows it as s3://


def label(uri: str) -> str:
    """How a file is named in ``source`` columns: local files by their plain path, as ``ingest`` does."""
    return re.sub(r"^file:(//)?", "", uri)


def is_local(uri: str) -> bool:
    return not SCHEME.match(uri) or uri.startswith("file:")


def for_arrow(uri: str) -> str:
    """``uri`` as ``pyarrow.fs`` names it: a plain path for local files, s3:// for s3a://."""
    return label(uri) if is_local(uri) else _S3_ALIASES.sub("s3://", uri)
