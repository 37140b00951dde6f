"""Split an article's text into paragraphs of marked segments, for any renderer.

A segment is a maximal stretch of one paragraph covered by the same entity mention and the same
quote role, so a renderer only has to wrap each segment in its marks (HTML spans, web links…)
without re-doing offset arithmetic. Shared by the HTML report and the web explorer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from newsgraph.record import Article
from newsgraph.report.sections import speaker_key

PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True)
class Segment:
    text: str
    start: int
    entity_id: str | None = None
    entity_type: str | None = None
    quote: int | None = None  # index into article.quotes
    role: str | None = None  # "content", "cue" or "source"
    speaker_key: str | None = None  # the quote's speaker (entity id or description), for colouring


def _marks(article: Article) -> tuple[list[tuple[int, int, dict]], list[tuple[int, int, dict]]]:
    entity_marks = [
        (m.start, m.end, {"entity_id": e.id, "entity_type": e.type})
        for e in article.entities
        for m in e.mentions
    ]
    quote_marks = [
        (span.start, span.end, {"quote": qi, "role": role, "speaker_key": speaker_key(q)})
        for qi, q in enumerate(article.quotes)
        for role in ("content", "cue", "source")
        for span in getattr(q, role)
    ]
    return entity_marks, quote_marks


def _covering(marks: list[tuple[int, int, dict]], start: int, end: int) -> dict:
    """The innermost mark covering [start, end), or no mark. Innermost = shortest."""
    best = None
    for m_start, m_end, fields in marks:
        if m_start <= start and end <= m_end and (best is None or m_end - m_start < best[0]):
            best = (m_end - m_start, fields)
    return best[1] if best else {}


def _within(marks: list[tuple[int, int, dict]], start: int, end: int) -> list[tuple[int, int, dict]]:
    return [m for m in marks if m[0] < end and m[1] > start]


def paragraphs(article: Article) -> list[list[Segment]]:
    """The article's paragraphs, each a list of segments covering it exactly."""
    text = article.text
    entity_marks, quote_marks = _marks(article)
    result: list[list[Segment]] = []
    para_start = 0
    for brk in [*PARAGRAPH_BREAK.finditer(text), None]:
        para_end = brk.start() if brk else len(text)
        # Only the marks touching this paragraph, so long articles stay linear in practice.
        local_entities = _within(entity_marks, para_start, para_end)
        local_quotes = _within(quote_marks, para_start, para_end)
        cuts = {c for m_start, m_end, _ in local_entities + local_quotes for c in (m_start, m_end)}
        points = sorted({para_start, para_end, *(c for c in cuts if para_start < c < para_end)})
        segments = [
            Segment(text[a:b], a, **_covering(local_entities, a, b), **_covering(local_quotes, a, b))
            for a, b in pairwise(points)
        ]
        if segments and "".join(seg.text for seg in segments).strip():
            result.append(segments)
        para_start = brk.end() if brk else len(text)
    return result
