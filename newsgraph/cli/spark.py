"""``newsgraph spark`` and ``newsgraph load``: argparse wiring over ``newsgraph.spark.job`` and ``load``.

PySpark is imported only when ``newsgraph spark`` runs, so the rest of the CLI (and ``load``)
works without the ``spark`` extra. The job's options live here so that ``job.py`` under
spark-submit and ``newsgraph spark`` share them.
"""

from __future__ import annotations

import argparse
import json

from newsgraph.errors import NewsgraphError
from newsgraph.spark.options import add_job_arguments


def cmd_spark(args: argparse.Namespace) -> int:
    try:
        from newsgraph.spark import job
    except ImportError as exc:
        raise NewsgraphError(
            f"newsgraph spark needs PySpark: pip install 'newsgraph[spark]' ({exc})"
        ) from exc
    summary = job.run_args(args)
    print(json.dumps(summary, indent=2) if args.output == "json" else job.report(summary))
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from newsgraph.spark.load import load
    from newsgraph.store import open_store

    with open_store(args.db) as store:
        report = load(store, args.out, stories=not args.no_stories)
    if args.output == "json":
        print(json.dumps(report.to_dict(), indent=2))
    else:
        stories = f"; {report.stories} stories" if report.stories is not None else ""
        print(
            f"stored {report.stored}, unchanged {report.unchanged}, failed {report.failed}; "
            f"{report.seconds:.1f} s{stories}"
        )
    return 0


def add_parsers(subparsers) -> None:
    p = subparsers.add_parser("spark", help="analyse WARC/JSONL inputs on Apache Spark into Parquet tables")
    add_job_arguments(p)
    p.add_argument("--format", choices=["text", "json"], default="text", dest="output")
    p.set_defaults(func=cmd_spark)

    p = subparsers.add_parser(
        "load", help="import a Spark run's Parquet output into the store (no re-analysis)"
    )
    p.add_argument("out", help="the output folder of `newsgraph spark` (local or s3://…)")
    p.add_argument("--db", required=True, help="the SQLite store")
    p.add_argument("--no-stories", action="store_true", help="do not rebuild story clusters afterwards")
    p.add_argument("--format", choices=["text", "json"], default="text", dest="output")
    p.set_defaults(func=cmd_load)
