"""Spark's cost over the plain per-article function, and what a second core gives.

    python benchmarks/spark_throughput.py [--limit N] [--texts DIR]

The PolNeAR train texts (840) as one JSONL file, analysed three ways, each in a fresh child
process with the model loaded before timing: ``analyze_many`` in one process (the JSONL read by
``ingest``'s reader), and the whole Spark job (Parquet tables and aggregates included) with
``local[1]`` and ``local[2]``. Prints docs/s, Spark's overhead on one core (target <= 15%), the
``local[2]``/``local[1]`` speed-up (target >= 1.7x) and peak RSS (the process, or the largest
Spark Python worker).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import peak_rss_mb, run_child
from spark_scaling import DEFAULT_TEXTS, spark_run, write_jsonl


def plain_run(jsonl: Path) -> dict:
    from newsgraph.ingest.readers import read_jsonl
    from newsgraph.pipeline import analyze_many, load_pipeline

    load_pipeline()
    started = time.perf_counter()
    docs = sum(1 for _ in analyze_many(read_jsonl(jsonl)))
    seconds = time.perf_counter() - started
    return {
        "docs": docs,
        "seconds": round(seconds, 1),
        "docs_per_second": round(docs / seconds, 2),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--limit", type=int, help="only the first N texts")
    parser.add_argument("--jsonl", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--way", choices=["plain", "local1", "local2"], help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = plain_run(args.jsonl) if args.way == "plain" else spark_run(args.jsonl, int(args.way[-1]))
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "polnear.jsonl"
        count = write_jsonl(args.texts, args.limit, jsonl)
        results = {}
        for way in ("plain", "local1", "local2"):
            results[way] = run_child(__file__, ["--jsonl", str(jsonl), "--way", way])
            result = results[way]
            memory = result.get("peak_rss_mb", result.get("peak_worker_rss_mb"))
            print(
                f"{way:>7}: {result['docs']} docs in {result['seconds']} s = "
                f"{result['docs_per_second']} docs/s; peak RSS {memory} MB",
                flush=True,
            )
    plain, one, two = (results[way]["docs_per_second"] for way in ("plain", "local1", "local2"))
    print(
        f"{count} texts. Spark overhead on one core: {1 - one / plain:.1%} (target <= 15%); "
        f"local[2] / local[1]: {two / one:.2f}x (target >= 1.7x)"
    )


if __name__ == "__main__":
    main()
