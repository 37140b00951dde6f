"""Ingest throughput, what the store costs on top of analysis, and peak memory.

    python benchmarks/ingest.py [--texts DIR] [--limit N] [--workers 1 2]

The real ``ingest`` end to end (readers, analysis, store, stories) over the PolNeAR train texts
(840 articles), once per ``--workers`` value, each in a fresh child process so model loading
(done before timing) and peak RSS are its own. Prints docs/s; the store's overhead, i.e. the
time spent writing (transactions and the stories rebuild) over the time spent reading and
analysing (target <= 15%); the store's size; and the peak RSS of the largest process, main or
worker (target < 800 MB per worker).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from common import POLNEAR_TEXTS, peak_rss_mb, run_child

DEFAULT_TEXTS = POLNEAR_TEXTS / "train" / "text"


def _corpus(texts: Path, limit: int | None, folder: Path) -> Path:
    """The first ``limit`` texts, linked into ``folder`` (ingest reads a folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(texts.glob("*.txt"))[:limit]:
        (folder / path.name).symlink_to(path)
    return folder


def run_ingest(corpus: Path, db: Path, workers: int) -> dict:
    from newsgraph.collection import ingest
    from newsgraph.pipeline import load_pipeline
    from newsgraph.store import open_store

    load_pipeline()  # model loading is not ingest throughput
    with open_store(db) as store:
        report = ingest(store, [corpus], workers=workers, progress=False)
    return {
        **report.to_dict(),
        "db_mb": round(db.stat().st_size / 1e6, 1),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def _child(args: argparse.Namespace, workers: int) -> dict:
    return run_child(
        __file__,
        [
            "--texts",
            str(args.texts),
            "--workers",
            str(workers),
            *(["--limit", str(args.limit)] if args.limit else []),
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = _corpus(args.texts, args.limit, Path(tmp) / "corpus")
            db = Path(tmp) / "bench.db"
            result = run_ingest(corpus, db, args.workers[0])
        print(json.dumps(result))
        return
    if not args.texts.is_dir():
        sys.exit(f"no texts at {args.texts}")
    for workers in args.workers:
        run = _child(args, workers)
        print(
            f"ingest --workers {workers}: {run['stored']} stored, {run['failed']} failed in {run['seconds']:.1f} s "
            f"= {run['docs_per_second']} docs/s; store writes {run['store_seconds']:.1f} s = "
            f"{run['store_overhead']:.1%} over analysis; {run['stories']} stories; store {run['db_mb']} MB; "
            f"peak RSS of the largest process {run['peak_rss_mb']} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
