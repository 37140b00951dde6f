"""``newsgraph load OUT --db news.db``: a Spark run's output into the SQLite store, no re-analysis.

Each article of ``OUT/articles`` is stored through ``Store.add_article`` once for every source
that held it (``OUT/sources``), and each failure through ``Store.add_failure``: the write path
``ingest`` uses, with the same idempotence (a source already stored with the same input hash is
skipped), so loading twice, or loading what ``ingest`` already stored, changes nothing. Reads the
Parquet with pyarrow only: no Spark or Java needed, and OUT may be local or on S3/GCS/HDFS.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass

import pyarrow.dataset as ds

from newsgraph.collection import rebuild_derived
from newsgraph.errors import NewsgraphError
from newsgraph.record import Article
from newsgraph.spark.uris import for_arrow
from newsgraph.store.store import Store


@dataclass
class LoadReport:
    stored: int = 0  # sources stored (new or changed)
    unchanged: int = 0  # sources already in the store with the same input
    failed: int = 0  # failures recorded
    stories: int | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


def _table(out: str, name: str) -> ds.Dataset:
    try:
        return ds.dataset(f"{for_arrow(out).rstrip('/')}/{name}", format="parquet", partitioning="hive")
    except (FileNotFoundError, OSError) as exc:
        raise NewsgraphError(f"{out} is not a newsgraph Spark output (no {name}/ table): {exc}") from exc


def _rows(dataset: ds.Dataset, columns: list[str]) -> Iterator[dict]:
    for batch in dataset.to_batches(columns=columns, batch_size=256):
        yield from batch.to_pylist()


def _sources_by_article(out: str) -> dict[str, list[tuple[str, str]]]:
    sources = defaultdict(list)
    for row in _rows(_table(out, "sources"), ["source", "input_hash", "article_id"]):
        sources[row["article_id"]].append((row["source"], row["input_hash"]))
    return sources


def load(store: Store, out: str, commit_every: int = 64, stories: bool = True) -> LoadReport:
    """Store every article and failure of the Spark output ``out``; see the module docstring."""
    report = LoadReport()
    started = time.perf_counter()
    sources = _sources_by_article(out)
    articles = _rows(_table(out, "articles"), ["id", "record"])
    while True:
        batch = list(itertools.islice(articles, commit_every))
        with store.transaction():
            for row in batch:
                _store_article(store, row, sources.get(row["id"], []), report)
        if not batch:
            break
    with store.transaction():
        for row in _rows(_table(out, "failures"), ["source", "input_hash", "reason", "error"]):
            if store.is_current(row["source"], row["input_hash"]):
                report.unchanged += 1
            else:
                store.add_failure(row["source"], row["input_hash"], row["reason"], row["error"])
                report.failed += 1
    if stories and (report.stored or report.failed):
        with store.transaction():
            report.stories = rebuild_derived(store)
    report.seconds = time.perf_counter() - started
    return report


def _store_article(store: Store, row: dict, sources: list[tuple[str, str]], report: LoadReport) -> None:
    new = [(source, input_hash) for source, input_hash in sources if not store.is_current(source, input_hash)]
    report.unchanged += len(sources) - len(new)
    if new:
        article = Article.model_validate_json(row["record"])
        for source, input_hash in new:
            store.add_article(article, source, input_hash)
        report.stored += len(new)
