"""What the evaluations against hand-labelled gold share: where the gold and PolNeAR are, how a
gold file is read, span overlap, a record span in the input file's offsets and precision/recall/F1."""

from __future__ import annotations

import json
from pathlib import Path

from newsgraph.record import Article, Span
from newsgraph.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
# Eval time only; never read by the analysis itself.
POLNEAR = get_settings().polnear


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def overlaps(a: dict, b: dict) -> bool:
    """Whether two ``start``/``end`` spans share a character."""
    return a["start"] < b["end"] and b["start"] < a["end"]


def input_span(article: Article, span: Span) -> tuple[int, int]:
    """[start, end) of a record span in the original input, where gold offsets point (the end
    maps via the span's last character; an empty span stays empty)."""
    if article.offset_map is None:
        return span.start, span.end
    start = article.source_offset(span.start)
    return (start, start) if span.end <= span.start else (start, article.source_offset(span.end - 1) + 1)


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 (rounded to 3 places) with their counts; nothing to find or
    nothing found scores 1."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f": round(f, 3), "tp": tp, "fp": fp, "fn": fn}
