"""The Spark job's throughput per core count, and its efficiency against one core.

    python benchmarks/spark_scaling.py --cores 1,2,4,8,16 [--limit N] [--texts DIR] [--conf KEY=VALUE]

Converts the PolNeAR train texts (840) to one JSONL file, then for each core count runs the whole
job (``newsgraph.spark.job.run``: read, analyse, Parquet tables, aggregates) with Spark
``local[N]`` in a fresh child process. Each child first loads the spaCy pipeline in its Python
workers (untimed: model loading is not throughput, as in ``throughput.py``). Prints docs/s,
efficiency = docs/s ÷ (N × docs/s on one core), CPU seconds per document (in all, and per process
kind: Python workers, Spark's JVM, the driver), the JVM's share of them and its CPU seconds during
and after the analysis, the seconds after the analysis (writing tables and aggregates), the
peak RSS of the largest Python worker, and how many workers loaded the model during the run (0:
the warmed ones were reused).
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


def spark_run(jsonl: Path, cores: int, conf: list[str]) -> dict:
    """One timed run of the job over ``jsonl`` with local[cores] and the job's settings (``conf``
    added, KEY=VALUE); the fixed start-up (JVM and SparkSession, then the spaCy model loaded in each
    Python worker) is measured apart."""
    from newsgraph.pipeline import load_pipeline
    from newsgraph.spark.job import run, session

    with TreeCPU() as start_cpu:
        started = time.perf_counter()
        spark = session(f"local[{cores}]", conf)
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
        "analysis_cpu_seconds": run_cpu.seconds_until(started + counters["analysis_seconds"]),
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


HEADER = (
    f"{'cores':>5} {'docs/s':>7} {'effic.':>6} {'CPU s/doc':>9} {'(Python / JVM / driver)':>23} "
    f"{'JVM share':>9} {'JVM s: analysis + after':>23} {'s after':>7} {'peak MB':>7} {'loads':>5}"
)
LEGEND = (
    "CPU s/doc: user+system seconds per document of every process of the run; JVM share: the JVM's "
    "part of them; JVM s: its CPU seconds until every record was analysed, and after (tables, "
    "aggregates); s after: wall-clock seconds after the analysis; peak MB: the largest Python "
    "worker; loads: spaCy loads during the run (0: the warmed workers were reused)"
)


def row(result: dict, efficiency: float) -> str:
    """One line of HEADER for a run."""
    cpu, during, docs = result["cpu_seconds"], result["analysis_cpu_seconds"], result["docs"]
    split = " / ".join(f"{cpu[role] / docs:.3f}" for role in ("python_workers", "jvm", "driver"))
    jvm_phases = f"{during['jvm']:.0f} + {cpu['jvm'] - during['jvm']:.0f}"
    return (
        f"{result['cores']:>5} {result['docs_per_second']:>7.2f} {efficiency:>6.2f} "
        f"{cpu['total'] / docs:>9.3f} {split:>23} {cpu['jvm'] / cpu['total']:>9.0%} {jvm_phases:>23} "
        f"{result['seconds'] - result['analysis_seconds']:>7.1f} {result['peak_worker_rss_mb']:>7} "
        f"{result['model_loads_in_run']:>5}"
    )


def child_run(args: argparse.Namespace, cores: int) -> dict:
    conf = [f"--conf={setting}" for setting in args.conf]
    return run_child(args.script, ["--jsonl", str(args.jsonl), "--cores", str(cores), *conf])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cores", default="1,2,4,8,16", help="comma-separated core counts")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--limit", type=int, help="only the first N texts")
    parser.add_argument(
        "--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)"
    )
    parser.add_argument("--jsonl", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    cores = [int(n) for n in args.cores.split(",")]
    if args.child:
        print(json.dumps(spark_run(args.jsonl, cores[0], args.conf)))
        return
    args.script = __file__
    with tempfile.TemporaryDirectory() as tmp:
        args.jsonl = Path(tmp) / "polnear.jsonl"
        count = write_jsonl(args.texts, args.limit, args.jsonl)
        print(f"{count} PolNeAR texts; this machine has {os.cpu_count()} cores")
        print(HEADER)
        base = None
        for n in cores:
            result = child_run(args, n)
            base = base or result["docs_per_second"] / n
            mark = "  (more than the machine's cores)" if n > (os.cpu_count() or 1) else ""
            print(f"{row(result, result['docs_per_second'] / (n * base))}{mark}", flush=True)
        print(LEGEND)


if __name__ == "__main__":
    main()
