"""Reading one article named on the command line (a path, or - for stdin)."""

from __future__ import annotations

import sys

from newsgraph.errors import NewsgraphError
from newsgraph.ingest.detect import MAX_INPUT_BYTES


def read_input(path: str) -> bytes:
    """Read at most one byte past the input limit, so the ingest stage can refuse it clearly."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise NewsgraphError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return data
