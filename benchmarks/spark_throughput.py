"""Spark's cost over the plain per-article function, and what a second core gives.

    python benchmarks/spark_throughput.py [--limit N] [--texts DIR]

The PolNeAR train texts (840) as one JSONL file, analysed three ways, back to back, each in a
fresh child process with the model loaded before timing: ``analyze_many`` in one process (the
JSONL read by ``ingest``'s reader), and the whole Spark job (Parquet tables and aggregates
included) with ``local[1]`` and ``local[2]``. Prints per way docs/s, CPU seconds per document
(user+system of every process involved: the driver, Spark's JVM, the Python workers) and peak
RSS (the process, or the largest Spark Python worker); then Spark's overhead on one core (target
<= 15%) in wall-clock time and in CPU time, the ``local[2]``/``local[1]`` speed-up (target >=
1.7x), and the fixed start-up cost that the timed runs leave out (JVM and SparkSession; the spaCy
model in each Python worker). On a shared machine trust the CPU figures over the wall-clock ones.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import peak_rss_mb, run_child
from spark_cpu import TreeCPU
from spark_scaling import DEFAULT_TEXTS, spark_run, write_jsonl

WAYS = ("plain", "local1", "local2")


def plain_run(jsonl: Path) -> dict:
    from newsgraph.ingest.readers import read_jsonl
    from newsgraph.pipeline import analyze_many, load_pipeline

    load_pipeline()
    with TreeCPU() as cpu:
        started = time.perf_counter()
        docs = sum(1 for _ in analyze_many(read_jsonl(jsonl)))
        seconds = time.perf_counter() - started
    return {
        "docs": docs,
        "seconds": round(seconds, 1),
        "docs_per_second": round(docs / seconds, 2),
        "cpu_seconds": cpu.seconds(),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def _per_doc(result: dict, role: str) -> float:
    return result["cpu_seconds"][role] / result["docs"]


def print_way(way: str, result: dict) -> None:
    memory = result.get("peak_rss_mb", result.get("peak_worker_rss_mb"))
    split = " / ".join(f"{_per_doc(result, role):.3f}" for role in ("python_workers", "jvm", "driver"))
    print(
        f"{way:>7} {result['docs']:>5} {result['seconds']:>8} {result['docs_per_second']:>7} "
        f"{_per_doc(result, 'total'):>9.3f}   {split:<22} {memory:>8}",
        flush=True,
    )


def print_summary(count: int, results: dict) -> None:
    plain, one, two = (results[way] for way in WAYS)
    wall = 1 - one["docs_per_second"] / plain["docs_per_second"]
    cpu = _per_doc(one, "total") / _per_doc(plain, "total") - 1
    print(
        f"{count} texts. Spark overhead on one core: {wall:.1%} wall-clock, {cpu:.1%} CPU per document "
        f"(target <= 15%); local[2] / local[1]: {two['docs_per_second'] / one['docs_per_second']:.2f}x "
        "(target >= 1.7x)"
    )
    for way in WAYS[1:]:
        start = results[way]["startup"]
        print(
            f"{way}: fixed start-up, not in the figures above: JVM and SparkSession "
            f"{start['session_seconds']} s ({start['session_cpu_seconds']} s CPU), spaCy in the "
            f"Python workers {start['model_load_seconds']} s ({start['model_load_cpu_seconds']} s CPU); "
            f"in the run: {results[way]['seconds'] - results[way]['analysis_seconds']:.1f} s after the "
            f"analysis (tables, aggregates), {results[way]['records_read']} records read into the analysis, "
            f"{results[way]['model_loads_in_run']} more model loads"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--limit", type=int, help="only the first N texts")
    parser.add_argument("--jsonl", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--way", choices=WAYS, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = (
            plain_run(args.jsonl) if args.way == "plain" else spark_run(args.jsonl, int(args.way[-1]), [])
        )
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "polnear.jsonl"
        count = write_jsonl(args.texts, args.limit, jsonl)
        print(
            f"{'way':>7} {'docs':>5} {'seconds':>8} {'docs/s':>7} {'CPU s/doc':>9}   "
            f"{'(Python / JVM / driver)':<22} {'peak RSS MB':>8}"
        )
        results = {}
        for way in WAYS:
            results[way] = run_child(__file__, ["--jsonl", str(jsonl), "--way", way])
            print_way(way, results[way])
    print_summary(count, results)


if __name__ == "__main__":
    main()
