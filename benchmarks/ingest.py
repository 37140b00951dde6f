"""Ingest throughput, what the store costs on top of analysis, and peak memory.

    python benchmarks/ingest.py [--texts DIR] [--limit N] [--workers 1 2]

Over the PolNeAR train texts (840 articles), each in a fresh child process so model loading and
peak RSS are its own:
- "analysis + store": ``analyze_many`` alone (records kept in memory), then writing those same
  records into a new store in the ingest's batched transactions, stories included; the store's
  overhead is its time over the analysis time (target <= 15%);
- "ingest --workers N": the real ``ingest`` end to end (readers, analysis, store, stories), docs/s
  and peak RSS of the largest process (main or worker; target < 800 MB per worker).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_TEXTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "train" / "text"


def _peak_rss_mb() -> float:
    multiprocessing.active_children()  # reap finished workers so RUSAGE_CHILDREN counts them
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def _corpus(texts: Path, limit: int | None, folder: Path) -> Path:
    """The first ``limit`` texts, linked into ``folder`` (ingest reads a folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(texts.glob("*.txt"))[:limit]:
        (folder / path.name).symlink_to(path)
    return folder


def run_analysis_then_store(corpus: Path, db: Path) -> dict:
    from newsgraph.ingest.readers import read_sources
    from newsgraph.pipeline import analyze_many, load_pipeline
    from newsgraph.store import open_store
    from newsgraph.store.ingest import input_hash
    from newsgraph.record import Article
    from newsgraph.store.stories import rebuild_stories

    load_pipeline()
    items = list(read_sources([corpus]))
    start = time.perf_counter()
    results = list(analyze_many(items, n_process=1, batch_size=16))
    analysis = time.perf_counter() - start
    start = time.perf_counter()
    with open_store(db) as store:
        for first in range(0, len(items), 64):
            with store.transaction():
                for item, result in zip(items[first:first + 64], results[first:first + 64]):
                    if isinstance(result, Article):
                        store.add_article(result, item["source"], input_hash(item))
                    else:
                        store.add_failure(item["source"], input_hash(item), result.reason, result.error)
        with store.transaction():
            rebuild_stories(store.conn)
    storing = time.perf_counter() - start
    return {"docs": len(items), "analysis_s": round(analysis, 2), "store_s": round(storing, 2),
            "store_overhead": round(storing / analysis, 4), "analysis_docs_per_s": round(len(items) / analysis, 2),
            "db_mb": round(db.stat().st_size / 1e6, 2), "peak_rss_mb": round(_peak_rss_mb())}


def run_ingest(corpus: Path, db: Path, workers: int) -> dict:
    from newsgraph.pipeline import load_pipeline
    from newsgraph.store import open_store
    from newsgraph.store.ingest import ingest

    load_pipeline()  # as in the analysis run: model loading is not ingest throughput
    with open_store(db) as store:
        report = ingest(store, [corpus], workers=workers, progress=False)
    return {**report.to_dict(), "peak_rss_mb": round(_peak_rss_mb())}


def _child(mode: str, args: argparse.Namespace, workers: int = 1) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--texts", str(args.texts), "--workers", str(workers)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--child", choices=["analysis", "ingest"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = _corpus(args.texts, args.limit, Path(tmp) / "corpus")
            db = Path(tmp) / "bench.db"
            result = (run_analysis_then_store(corpus, db) if args.child == "analysis"
                      else run_ingest(corpus, db, args.workers[0]))
        print(json.dumps(result))
        return
    if not args.texts.is_dir():
        sys.exit(f"no texts at {args.texts}")
    split = _child("analysis", args)
    print(f"analysis alone: {split['docs']} docs in {split['analysis_s']} s ({split['analysis_docs_per_s']} docs/s); "
          f"store: {split['store_s']} s = {split['store_overhead']:.1%} of analysis; "
          f"store file {split['db_mb']} MB; peak RSS {split['peak_rss_mb']} MB", flush=True)
    for workers in args.workers:
        run = _child("ingest", args, workers)
        print(f"ingest --workers {workers}: {run['stored']} stored, {run['failed']} failed in {run['seconds']:.1f} s "
              f"= {run['docs_per_second']} docs/s; {run['stories']} stories; "
              f"peak RSS of the largest process {run['peak_rss_mb']} MB", flush=True)


if __name__ == "__main__":
    main()
