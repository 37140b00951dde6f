"""The job's inputs on Spark: WARC/WARC.gz files, JSONL files and listings of WARC paths, named
by local paths, globs, folders or any Hadoop file-system URI (``s3a://``, ``hdfs://``, ``file://``).

Paths are expanded on the driver through Hadoop's file system (so a glob on ``s3a://`` works as
Spark users expect). Each WARC file is one task that streams its records, as in Common Crawl's
``cc-pyspark``: the task opens the file itself (``pyarrow.fs`` for remote stores; ``s3a://``
is read as ``s3://``), so a 1 GB WARC is never held in memory; when there are fewer WARC files
than tasks wanted, their records are then spread over that many tasks for the analysis. A JSONL
file is read by Spark's text reader and split across tasks. The records themselves are parsed by
``newsgraph.ingest.readers``, the same rules as ``newsgraph ingest``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from pyspark import RDD, SparkContext

from newsgraph.errors import NewsgraphError
from newsgraph.ingest import readers
from newsgraph.ingest.item import ReadFailure
from newsgraph.spark.uris import SCHEME, for_arrow, is_local, label

# Input kinds by file name; a listing is Common Crawl's ``warc.paths`` (optionally gzipped).
KINDS: dict[str, str] = {
    ".warc.gz": "warc",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".paths": "listing",
    ".paths.gz": "listing",
}
_LONGEST_FIRST = sorted(KINDS, key=len, reverse=True)


def kind_of(uri: str) -> str | None:
    name = uri.lower()
    return next((KINDS[suffix] for suffix in _LONGEST_FIRST if name.endswith(suffix)), None)


@dataclass
class Inputs:
    warcs: list[str] = field(default_factory=list)
    jsonls: list[str] = field(default_factory=list)
    missing: list[ReadFailure] = field(
        default_factory=list
    )  # inputs that are not there, for the failures table


def expand(sc: SparkContext, patterns: list[str], listing_prefix: str = "") -> Inputs:
    """The WARC and JSONL files the patterns name; listings are read here, on the driver."""
    inputs = Inputs()
    for pattern in patterns:
        files = _glob(sc, pattern)
        if not files:
            inputs.missing.append(ReadFailure(pattern, f"{pattern} does not exist", "missing"))
        for uri, in_folder in files:
            kind = kind_of(uri)
            if kind == "listing":
                inputs.warcs.extend(_listed(sc, uri, listing_prefix))
            elif kind is not None:
                getattr(inputs, f"{kind}s").append(uri)
            elif not in_folder:  # a folder's other files are ignored, as ``ingest`` does
                inputs.missing.append(
                    ReadFailure(
                        label(uri),
                        f"{label(uri)} is not a WARC, JSONL or listing (.paths) file",
                        "unsupported",
                    )
                )
    return inputs


def hadoop_file(sc: SparkContext, uri: str) -> tuple[Any, Any]:
    """(the Hadoop ``Path`` of ``uri``, its ``FileSystem``), through the driver's JVM (the driver
    may not see a cluster's files as local ones)."""
    jvm = sc._jvm
    if jvm is None:  # pyspark drops its JVM gateway when the context stops
        raise NewsgraphError("the Spark context is stopped")
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path, path.getFileSystem(sc._jsc.hadoopConfiguration())


def _glob(sc: SparkContext, pattern: str) -> list[tuple[str, bool]]:
    """(URI, found in a folder) of the files matching ``pattern`` (a folder gives every file under
    it, hidden ones aside), sorted."""
    path, fs = hadoop_file(sc, pattern)
    files = []
    for status in fs.globStatus(path) or []:
        if status.isDirectory():
            listing = fs.listFiles(status.getPath(), True)
            while listing.hasNext():
                files.append((listing.next().getPath().toString(), True))
        else:
            files.append((status.getPath().toString(), False))
    return sorted(f for f in files if not f[0].rsplit("/", 1)[-1].startswith((".", "_")))


def _listed(sc: SparkContext, listing: str, prefix: str) -> list[str]:
    lines = [line.strip() for line in sc.textFile(listing).collect()]
    return [line if SCHEME.match(line) or line.startswith("/") else prefix + line for line in lines if line]


def open_stream(uri: str) -> BinaryIO:
    """A streaming reader of ``uri``: a local file, or any store ``pyarrow.fs`` knows (S3, GCS, HDFS)."""
    if is_local(uri):
        return open(label(uri), "rb")
    from pyarrow import fs

    filesystem, path = fs.FileSystem.from_uri(for_arrow(uri))
    return filesystem.open_input_stream(path)


def warc_items(uri: str, on_skip: Callable[[str], None]) -> Iterator[readers.Item]:
    """The HTML responses of one WARC file, as ``ingest``'s reader gives them."""
    try:
        stream = open_stream(uri)
    except OSError as exc:
        yield ReadFailure(label(uri), f"cannot read {label(uri)}: {exc}", "unreadable")
        return
    with stream:
        yield from readers.read_warc_stream(stream, label(uri), on_skip=on_skip)


def _jsonl_item(name: str, line: tuple[str, int]) -> readers.Item:
    """The item of a JSONL line numbered from 0, as Spark's ``zipWithIndex`` gives it."""
    text, index = line
    return readers.jsonl_item(text, name, index + 1)


def spread(rdd: RDD, partitions: int) -> RDD:
    """The elements of ``rdd`` dealt one by one over ``partitions`` partitions, round-robin (Spark's
    ``repartition`` deals pickled batches of ten elements: too coarse for a WARC of a few dozen
    pages, whose analysis is what takes time)."""

    def numbered(index: int, elements: Iterable) -> Iterator[tuple[int, Any]]:
        return ((index + n, element) for n, element in enumerate(elements))

    return rdd.mapPartitionsWithIndex(numbered).partitionBy(partitions, _identity).values()


def _identity(number: int) -> int:
    return number


def item_rdds(
    sc: SparkContext, inputs: Inputs, on_skip: Callable[[str], None], partitions: int
) -> list[RDD[readers.Item]]:
    """Every input item (a ``SourceItem`` per WARC HTML response or JSONL line, or a ``ReadFailure``),
    as one RDD per JSONL file, one for all WARCs and one for missing inputs. Not their union: a
    Python step applied after ``sc.union`` runs in a Python worker of its own, fed by the workers
    that read, so the job analyses each of these before joining them (one worker per task)."""
    parts: list[RDD[readers.Item]] = [sc.parallelize(inputs.missing, 1)] if inputs.missing else []
    if inputs.warcs:  # one reading task per WARC file
        records = sc.parallelize(inputs.warcs, len(inputs.warcs)).flatMap(
            lambda uri: warc_items(uri, on_skip)
        )
        # Fewer files than tasks wanted (a laptop's few WARCs, of unequal sizes) would leave cores
        # idle while the largest file is analysed: spread their records. Many files are left one
        # task each, as a crawl's WARCs are of a size, and spreading would shuffle all their HTML.
        parts.append(spread(records, partitions) if len(inputs.warcs) < partitions else records)
    for uri in inputs.jsonls:
        lines = sc.textFile(uri, minPartitions=partitions).zipWithIndex()
        parts.append(
            lines.filter(lambda pair: bool(pair[0].strip())).map(functools.partial(_jsonl_item, label(uri)))
        )
    if not parts:
        raise NewsgraphError("no input: name WARC, JSONL or listing files")
    return parts
