"""newsgraph on Apache Spark: the same per-article analysis over millions of articles, Parquet out.

Run it as ``newsgraph spark INPUT… --out OUT`` or through spark-submit with this file as the
application (``spark-submit … newsgraph/spark/job.py INPUT… --out OUT``). Steps:

1. inputs (``inputs.py``) become items, one per WARC HTML response or JSONL line;
2. each partition runs ``analyze_many`` (the spaCy pipeline loads once per Python worker, which
   Spark reuses across tasks) and turns each article into its rows of the tables of
   ``tables.py``; a bad record becomes a failure row, never a failed task;
3. articles are deduplicated by id (the content hash ``ingest`` uses) and their rows written, in
   the JVM (no second Python pass); every table is written with dynamic partition overwrite (by
   publication month; failures by input file), so a repeated run replaces its partitions
   instead of adding;
4. aggregates are computed from what is in OUT, and counters and settings go to ``OUT/_run.json``.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator

from pyspark import AccumulatorParam, StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from newsgraph.errors import NewsgraphError
from newsgraph.ingest.item import ReadFailure, SourceItem
from newsgraph.record import Failure
from newsgraph.spark import aggregates, inputs
from newsgraph.spark.options import add_job_arguments
from newsgraph.spark.schema import Column, table_schema
from newsgraph.spark.tables import ARTICLE_TABLES, FAILURES, SOURCES, article_rows, month_of

# One row per input item: an analysed article or a failure; then, per table of ARTICLE_TABLES,
# the rows the article gives it (see ``results_schema``).
RESULTS = [
    Column("kind", str),
    Column("source", str),
    Column("input_hash", str),
    Column("input", str),
    Column("article_id", str | None),
    Column("month", str | None),
    Column("reason", str | None),
    Column("error", str | None),
]
SKIP_REASONS = ("not_response", "not_html")
# Settings for a run in local mode (``--master local[N]``), where Spark's JVM shares the machine's
# cores with the Python workers that analyse. Its work is mostly fixed (planning some twenty Spark
# jobs, Parquet writers), so its optimising JIT compiler (C2) cost more CPU than it saved: half the
# JVM's CPU on 200 articles. The quick compiler (C1) alone halved the JVM's CPU and the seconds
# after the analysis (NOTES-spark-perf2.md). No web UI either. A ``--conf`` of the same key wins.
LOCAL_DEFAULTS = {
    "spark.ui.enabled": "false",
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1",
}


class _MaxParam(AccumulatorParam):
    def zero(self, value: int) -> int:
        return 0

    def addInPlace(self, value1: int, value2: int) -> int:
        return max(value1, value2)


def _input_of(source: str) -> str:
    """The file a source came from: ``path#L12`` and ``path#<record id>`` name it before the ``#``."""
    return source.split("#", 1)[0]


def results_schema() -> T.StructType:
    """RESULTS, then one column per article table: the rows it gets from the article (null for a
    failure). Carrying the rows, not the record, spares a second Python pass to make them."""
    schema = table_schema(RESULTS)
    for table, (columns, _rows) in ARTICLE_TABLES.items():
        schema.add(table, T.ArrayType(table_schema(columns), containsNull=False), nullable=True)
    return schema


_NO_ROWS = (None,) * len(ARTICLE_TABLES)


def _failure_row(source: str, input_hash: str, reason: str, error: str) -> tuple:
    return ("failure", source, input_hash, _input_of(source), None, None, reason, error, *_NO_ROWS)


def analyse_partition(items: Iterable[SourceItem | ReadFailure], batch_size: int) -> Iterator[tuple]:
    """RESULTS rows for a partition's items, as ``ingest`` would store them: reader errors keep
    their reason as input hash; an article carries its source's given metadata (``analyze_many``
    applies a JSON line's or feed item's title, url, date)."""
    from newsgraph.pipeline import analyze_many  # on the worker: loads spaCy once per Python process

    in_flight: deque[tuple[SourceItem, str]] = deque()  # analyze_many yields one result per item, in order
    unreadable: list[ReadFailure] = []

    def readable() -> Iterator[SourceItem]:
        for item in items:
            if isinstance(item, ReadFailure):
                unreadable.append(item)
                continue
            in_flight.append((item, item.input_hash()))
            yield item

    def failures() -> Iterator[tuple]:
        while unreadable:
            bad = unreadable.pop()
            yield _failure_row(bad.source, bad.reason, bad.reason, bad.error)

    for result in analyze_many(readable(), batch_size=batch_size):
        item, input_hash = in_flight.popleft()
        source = item.source or ""
        if isinstance(result, Failure):
            yield _failure_row(source, input_hash, result.reason, result.error)
        else:
            yield (
                "article",
                source,
                input_hash,
                _input_of(source),
                result.id,
                month_of(result.published),
                None,
                None,
                *article_rows(result),
            )
        yield from failures()
    yield from failures()


def _peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def _write(df: DataFrame, out: str, table: str, partition_by: str) -> None:
    df.write.mode("overwrite").partitionBy(partition_by).parquet(f"{out.rstrip('/')}/{table}")


def _write_text(spark: SparkSession, uri: str, text: str) -> None:
    """A small file on any Hadoop file system (the driver may not see OUT as a local folder)."""
    path, fs = inputs.hadoop_file(spark.sparkContext, uri)
    stream = fs.create(path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def run(
    spark: SparkSession,
    patterns: list[str],
    out: str,
    partitions: int | None = None,
    listing_prefix: str = "",
    batch_size: int = 16,
) -> dict:
    """Analyse every input into Parquet tables under ``out``; returns what ``_run.json`` holds."""
    started = time.perf_counter()
    sc = spark.sparkContext
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    partitions = partitions or 2 * sc.defaultParallelism
    if not sc.getConf().contains("spark.sql.shuffle.partitions"):  # Spark's 200: a task each, mostly empty
        spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    skipped = {reason: sc.accumulator(0) for reason in SKIP_REASONS}
    records_read = sc.accumulator(0)  # counted as records enter the analysis: a rerun would show
    model_loads = sc.accumulator(0)
    peak_rss = sc.accumulator(0, _MaxParam())

    def analyse(items: Iterable[SourceItem | ReadFailure]) -> Iterator[tuple]:
        from newsgraph.pipeline import load_pipeline

        def counted() -> Iterator[SourceItem | ReadFailure]:
            for item in items:
                records_read.add(1)
                yield item

        if load_pipeline.cache_info().currsize == 0:  # this Python worker loads spaCy now
            model_loads.add(1)
        yield from analyse_partition(counted(), batch_size)
        peak_rss.add(_peak_rss_kb())

    found = inputs.expand(sc, patterns, listing_prefix)
    parts = inputs.item_rdds(sc, found, lambda reason: skipped[reason].add(1), partitions)
    # Each part analysed and made a DataFrame on its own, joined in the JVM: reading, analysis and
    # the conversion to rows then run in one Python worker per task (see ``item_rdds``).
    schema = results_schema()
    frames = [spark.createDataFrame(part.mapPartitions(analyse), schema) for part in parts]
    results = functools.reduce(DataFrame.unionAll, frames).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = _write_tables(results, out, started)
    finally:
        results.unpersist()
    aggregates.write_all(spark, out)
    summary = {
        "settings": {
            "inputs": patterns,
            "out": out,
            "master": sc.master,
            "partitions": partitions,
            "listing_prefix": listing_prefix,
            "batch_size": batch_size,
            "spark": spark.version,
            "warc_files": len(found.warcs),
            "jsonl_files": len(found.jsonls),
        },
        "counters": {
            "records_read": records_read.value,
            "model_loads": model_loads.value,
            **{f"skipped_{reason}": acc.value for reason, acc in skipped.items()},
            **counts,
            "peak_worker_rss_mb": round(peak_rss.value / 1024),
            "seconds": round(time.perf_counter() - started, 1),
        },
    }
    _write_text(spark, f"{out.rstrip('/')}/_run.json", json.dumps(summary, indent=2))
    return summary


def _write_tables(results: DataFrame, out: str, started: float) -> dict:
    """Write sources, failures and the per-article tables; return the run's counters, with the
    seconds from ``started`` until every record was analysed (the rest of a run's time is spent
    writing, on fewer cores). (Few Spark jobs on purpose: each costs a second or more even on tiny
    data.)"""
    outcome = results.groupBy("kind", "reason").count().collect()  # runs the analysis, into the cache
    analysis_seconds = round(time.perf_counter() - started, 1)
    analysed = sum(row["count"] for row in outcome if row["kind"] == "article")
    reasons = {row["reason"]: row["count"] for row in outcome if row["kind"] == "failure"}
    articles = results.filter(F.col("kind") == "article")
    _write(articles.select(*[c.name for c in SOURCES]).dropDuplicates(["source"]), out, "sources", "month")
    failures = results.filter(F.col("kind") == "failure").dropDuplicates(["source"])
    _write(failures.select(*[c.name for c in FAILURES]), out, "failures", "input")
    # One article per id: the same article from two crawls is analysed the same way; keep one.
    tables = list(ARTICLE_TABLES)
    first = F.min_by(F.struct(*tables), "source").alias("rows")
    unique = articles.groupBy("article_id").agg(first).select("rows.*").persist(StorageLevel.MEMORY_AND_DISK)
    try:
        sizes = unique.select(*(F.sum(F.size(table)).alias(table) for table in tables)).collect()[0]
        written = {table: sizes[table] or 0 for table in tables}  # the sum of no rows is null
        for table in tables:
            _write(unique.select(F.explode(table).alias("row")).select("row.*"), out, table, "month")
    finally:
        unique.unpersist()
    return {
        "analysed": analysed,
        "articles": written["articles"],
        "duplicates": analysed - written["articles"],
        "not_english": reasons.get("not_english", 0),
        "failed": sum(reasons.values()),
        "failure_reasons": reasons,
        "rows_written": written,
        "analysis_seconds": analysis_seconds,
    }


def session_settings(master: str | None, conf: list[str]) -> dict[str, str]:
    """The ``--conf`` KEY=VALUE settings (the last of a repeated key wins, as in spark-submit),
    over LOCAL_DEFAULTS when ``master`` is local mode."""
    settings = dict(LOCAL_DEFAULTS) if master and master.startswith("local") else {}
    for setting in conf:
        key, sep, value = setting.partition("=")
        if not sep:
            raise NewsgraphError(f"--conf {setting!r} is not KEY=VALUE")
        settings[key] = value
    return settings


def session(master: str | None, conf: list[str]) -> SparkSession:
    builder = SparkSession.builder.appName("newsgraph")
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):  # workers are this interpreter, with newsgraph and its model
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for key, value in session_settings(master, conf).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run_args(args: argparse.Namespace) -> dict:
    spark = session(args.master, args.conf)
    try:
        return run(spark, args.inputs, args.out, args.partitions, args.listing_prefix, args.batch_size)
    finally:
        spark.stop()


def report(summary: dict) -> str:
    counters = summary["counters"]
    reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(counters["failure_reasons"].items()))
    return (
        f"read {counters['records_read']}, analysed {counters['analysed']} ({counters['articles']} "
        f"articles, {counters['duplicates']} duplicates), "
        f"skipped {counters['skipped_not_html']} not HTML "
        f"and {counters['skipped_not_response']} other WARC records, failed {counters['failed']}"
        f"{f' ({reasons})' if reasons else ''}; {counters['seconds']} s "
        f"({counters['analysis_seconds']} s until every record was analysed)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsgraph-spark", description=__doc__.split("\n\n")[0])
    add_job_arguments(parser)
    print(report(run_args(parser.parse_args(argv))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
