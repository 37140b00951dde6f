"""Throughput and peak memory: bare spaCy vs the full newsgraph pipeline.

    python benchmarks/throughput.py [--texts DIR] [--limit N] [--repeat K]

Runs each configuration in a fresh child process (so model loading and peak RSS are its own) over
PolNeAR dev texts, and prints docs/s, words/s and peak RSS (the largest single process; with
n_process=2 the pipeline runs in two worker processes of about that size each).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from common import POLNEAR_TEXTS, peak_rss_mb, run_child

from newsgraph.settings import get_settings

DEFAULT_TEXTS = POLNEAR_TEXTS / "dev" / "text"
CONFIGS = [
    ("bare spaCy", "bare", 1),
    ("newsgraph", "full", 1),
    ("bare spaCy", "bare", 2),
    ("newsgraph", "full", 2),
]


def load_texts(folder: Path, limit: int | None, repeat: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:limit]]
    return texts * repeat


def run_one(kind: str, n_process: int, texts: list[str]) -> dict:
    """Child-process body: time one configuration after a warm-up document."""
    if kind == "bare":
        import spacy

        nlp = spacy.load(get_settings().model)
        list(nlp.pipe(texts[:1]))
        start = time.perf_counter()
        count = sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=16))
    else:
        import newsgraph

        list(newsgraph.analyze_many(texts[:1]))
        start = time.perf_counter()
        count = sum(
            1
            for r in newsgraph.analyze_many(texts, n_process=n_process, batch_size=16)
            if isinstance(r, newsgraph.Article)
        )
    return {"seconds": time.perf_counter() - start, "docs": count, "peak_rss_mb": peak_rss_mb()}


def measure(kind: str, n_process: int, args: argparse.Namespace) -> dict:
    return run_child(
        __file__,
        [
            kind,
            "--n-process",
            str(n_process),
            "--texts",
            str(args.texts),
            "--repeat",
            str(args.repeat),
            *(["--limit", str(args.limit)] if args.limit else []),
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", choices=["bare", "full"], help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = load_texts(args.texts, args.limit, args.repeat)
    if args.child:
        print(json.dumps(run_one(args.child, args.n_process, texts)))
        return
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} documents, {words} words from {args.texts}")
    print(
        f"{'pipeline':<12} {'n_process':>9} {'docs/s':>8} {'words/s':>9} {'peak RSS MB':>12} {'vs bare':>8}"
    )
    bare_rate = {}
    for label, kind, n_process in CONFIGS:
        r = measure(kind, n_process, args)
        rate = r["docs"] / r["seconds"]
        if kind == "bare":
            bare_rate[n_process] = rate
        ratio = rate / bare_rate[n_process] if kind == "full" else 1.0
        words_per_s = words * r["docs"] / len(texts) / r["seconds"]
        print(
            f"{label:<12} {n_process:>9} {rate:>8.1f} {words_per_s:>9.0f} "
            f"{r['peak_rss_mb']:>12.0f} {ratio:>7.2f}x"
        )


if __name__ == "__main__":
    main()
