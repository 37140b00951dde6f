"""The Spark job's options, shared by ``newsgraph spark`` and the job script run by spark-submit
(``newsgraph/spark/job.py``). Kept apart from the job so the CLI can list them without PySpark."""

from __future__ import annotations

import argparse


def add_job_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        help="WARC/WARC.gz, JSONL or listing (.paths) files, "
        "folders or globs; local or any Hadoop URI (s3a://, hdfs://)",
    )
    parser.add_argument("--out", required=True, help="output folder (local or a Hadoop URI)")
    parser.add_argument(
        "--master",
        help="Spark master URL, e.g. 'local[2]', yarn, spark://host:7077 "
        "(default: what spark-submit or the environment sets, else local[*])",
    )
    parser.add_argument(
        "--partitions",
        type=int,
        help="minimum tasks per JSONL file, the tasks that analyse the records of fewer WARC "
        "files than this, and the shuffles' tasks unless spark.sql.shuffle.partitions is set "
        "(default: 2 × cores)",
    )
    parser.add_argument(
        "--listing-prefix",
        default="",
        help="prefix for relative paths in listings, e.g. s3a://commoncrawl/ for Common Crawl's warc.paths",
    )
    parser.add_argument("--batch-size", type=int, default=16, help="documents per spaCy batch")
    parser.add_argument(
        "--conf",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Spark setting, e.g. spark.executor.memory=4g (repeatable); replaces the job's "
        "local-mode defaults (spark.ui.enabled=false, and spark.driver.extraJavaOptions="
        "-XX:TieredStopAtLevel=1: the JVM's quick JIT compiler only)",
    )
