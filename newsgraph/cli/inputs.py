"""Reading one article named on the command line (a path, or - for stdin)."""

from __future__ import annotations

import sys

from newsgraph.errors import NewsgraphError
from newsgraph.ingest.detect import read_input as read_limited


def read_input(path: str) -> bytes:
    """The input's bytes; one over the input limit is refused by its real size (a file) or as
    "more than" the limit (stdin), without reading it all."""
    if path == "-":
        return read_limited(sys.stdin.buffer)
    try:
        with open(path, "rb") as f:
            return read_limited(f)
    except OSError as exc:
        raise NewsgraphError(f"cannot read {path}: {exc.strerror or exc}") from exc
