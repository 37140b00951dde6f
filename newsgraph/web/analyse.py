"""Analyse without storing: turn a pasted text or an uploaded file into an ``Article``, with a
clear message for anything that cannot be analysed."""

from __future__ import annotations

import logging

from fastapi import UploadFile

from newsgraph.deprecation import renamed
from newsgraph.errors import NewsgraphError
from newsgraph.record import Article

log = logging.getLogger(__name__)


class AnalyzeError(Exception):
    """Bad input from the user, with the message to show them and the HTTP status."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


def read_upload(upload: UploadFile | None, limit: int) -> bytes | None:
    """The uploaded file's bytes, or None when no file was chosen."""
    if upload is None or not upload.filename:
        return None
    data = upload.file.read(limit + 1)
    if len(data) > limit:  # the body limit normally stops this first; kept for direct callers
        raise AnalyzeError(f"the file is larger than {limit // 1024} KiB", 413)
    if not data:
        raise AnalyzeError(f"the file {upload.filename!r} is empty")
    return data


def analyze_input(
    text: str | None, data: bytes | None, url: str | None = None, date: str | None = None
) -> Article:
    """Analyse the upload if there is one, else the pasted text."""
    from newsgraph.pipeline import analyze  # loads spaCy: only when someone analyses

    payload: str | bytes | None = data if data is not None else text
    if payload is None or not payload.strip():
        raise AnalyzeError("nothing to analyse: paste an article or choose a file")
    try:
        return analyze(payload, url=url or None, date=date or None)
    except NewsgraphError as exc:
        raise AnalyzeError(str(exc)) from exc
    except Exception as exc:  # a bug in a stage: say so on the page, keep the trace in the log
        log.exception("analysis failed")
        raise AnalyzeError(
            f"the analysis failed ({type(exc).__name__}); the server log has the details", 500
        ) from exc


__getattr__ = renamed(__name__, {"analyse_input": "analyze_input", "AnalyseError": "AnalyzeError"})
