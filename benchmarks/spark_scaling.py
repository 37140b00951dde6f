"""The Spark job's throughput per core count, and its efficiency against one core.

    python benchmarks/spark_scaling.py --cores 1,2,4,8,16 [--limit N] [--texts DIR]

Converts the PolNeAR train texts (840) to one JSONL file, then for each core count runs the whole
job (``newsgraph.spark.job.run``: read, analyse, Parquet tables, aggregates) with Spark
``local[N]`` in a fresh child process. Each child first loads the spaCy pipeline in its Python
workers (untimed: model loading is not throughput, as in ``throughput.py``). Prints docs/s,
efficiency = docs/s ÷ (N × docs/s on one core), CPU seconds per document (driver, JVM and Python
workers together) and the JVM's share of them, the peak RSS of the largest Python worker, and
how many workers loaded the model during the run (0: the warmed ones were reused).
Runs unchanged on a machine with more cores; a core count above the machine's is still run
(Spark then oversubscribes) but marked.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from common import POLNEAR_TEXTS, run_child
from spark_cpu import TreeCPU

DEFAULT_TEXTS = POLNEAR_TEXTS / "train" / "text"


def write_jsonl(texts: Path, limit: int | None, path: Path) -> int:
    """The first ``limit`` texts as JSONL items (the fields ``ingest`` and the job read)."""
    files = sorted(texts.glob("*.txt"))[:limit]
    with path.open("w", encoding="utf-8") as out:
        for file in files:
            item = {"text": file.read_text(encoding="utf-8"), "url": f"polnear:{file.stem}"}
            out.write(json.dumps(item) + "\n")
    return len(files)


def spark_run(jsonl: Path, cores: int) -> dict:
    """One timed run of the job over ``jsonl`` with local[cores]; the fixed start-up (JVM and
    SparkSession, then the spaCy model loaded in each Python worker) is measured apart."""
    from newsgraph.pipeline import load_pipeline
    from newsgraph.spark.job import run, session

    settings = ["spark.ui.enabled=false", f"spark.sql.shuffle.partitions={2 * cores}"]
    with TreeCPU() as start_cpu:
        started = time.perf_counter()
        spark = session(f"local[{cores}]", settings)
        start_seconds = time.perf_counter() - started
    try:
        sc = spark.sparkContext
        with TreeCPU() as load_cpu:
            started = time.perf_counter()
            sc.parallelize(range(cores), cores).foreach(lambda _: load_pipeline())  # one model per worker
            load_seconds = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as out, TreeCPU() as run_cpu:
            started = time.perf_counter()
            summary = run(spark, [str(jsonl)], str(Path(out) / "out"))
            seconds = time.perf_counter() - started
    finally:
        spark.stop()
    counters = summary["counters"]
    docs = counters["analysed"] + counters["failed"]
    return {
        "cores": cores,
        "docs": docs,
        "seconds": round(seconds, 1),
        "analysis_seconds": counters["analysis_seconds"],
        "docs_per_second": round(docs / seconds, 2),
        "cpu_seconds": run_cpu.seconds(),
        "peak_worker_rss_mb": counters["peak_worker_rss_mb"],
        "records_read": counters["records_read"],
        "model_loads_in_run": counters["model_loads"],
        "startup": {
            "session_seconds": round(start_seconds, 1),
            "session_cpu_seconds": start_cpu.seconds()["total"],
            "model_load_seconds": round(load_seconds, 1),
            "model_load_cpu_seconds": load_cpu.seconds()["total"],
        },
    }


def child_run(args: argparse.Namespace, cores: int) -> dict:
    return run_child(args.script, ["--jsonl", str(args.jsonl), "--cores", str(cores)])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cores", default="1,2,4,8,16", help="comma-separated core counts")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--limit", type=int, help="only the first N texts")
    parser.add_argument("--jsonl", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    cores = [int(n) for n in args.cores.split(",")]
    if args.child:
        print(json.dumps(spark_run(args.jsonl, cores[0])))
        return
    args.script = __file__
    with tempfile.TemporaryDirectory() as tmp:
        args.jsonl = Path(tmp) / "polnear.jsonl"
        count = write_jsonl(args.texts, args.limit, args.jsonl)
        print(f"{count} PolNeAR texts; this machine has {os.cpu_count()} cores")
        print(
            f"{'cores':>5} {'docs/s':>8} {'efficiency':>10} {'CPU s/doc':>9} {'JVM CPU':>8} "
            f"{'peak worker MB':>15} {'loads in run':>12}"
        )
        base = None
        for n in cores:
            result = child_run(args, n)
            base = base or result["docs_per_second"] / n
            cpu = result["cpu_seconds"]
            mark = "  (more than the machine's cores)" if n > (os.cpu_count() or 1) else ""
            print(
                f"{n:>5} {result['docs_per_second']:>8.2f} {result['docs_per_second'] / (n * base):>10.2f} "
                f"{cpu['total'] / result['docs']:>9.3f} {cpu['jvm'] / cpu['total']:>8.0%} "
                f"{result['peak_worker_rss_mb']:>15} {result['model_loads_in_run']:>12}{mark}",
                flush=True,
            )


if __name__ == "__main__":
    main()
