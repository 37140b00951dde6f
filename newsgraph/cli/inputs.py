"""Reading one article named on the command line (a path, or - for stdin)."""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.ingest.detect import MAX_INPUT_BYTES

MIB = 1024 * 1024


def read_input(path: str) -> bytes:
    """The input's bytes, refusing one over the input limit by its real size (a file) or as
    "over the limit" (stdin, read one byte past it), without reading it all."""
    if path == "-":
        return _read_limited(sys.stdin.buffer, size=None)
    try:
        with open(path, "rb") as f:
            status = os.fstat(f.fileno())
            return _read_limited(f, status.st_size if stat.S_ISREG(status.st_mode) else None)
    except OSError as exc:
        raise NewsgraphError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _read_limited(stream: BinaryIO, size: int | None) -> bytes:
    if size is not None and size > MAX_INPUT_BYTES:
        raise _too_large(f"{size / MIB:.1f} MiB")
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:  # a pipe, or a file that grew while read
        raise _too_large(f"over {MAX_INPUT_BYTES // MIB} MiB")
    return data


def _too_large(size: str) -> InputError:
    return InputError(f"input is {size}; the limit is {MAX_INPUT_BYTES // MIB} MiB", "too_large")
