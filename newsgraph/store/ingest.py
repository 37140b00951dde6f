"""Ingest: documents from readers -> ``analyze_many`` -> the store, in batched transactions.

Users can trust it because:
- it is idempotent: a source already stored with the same input (hash of its raw content and
  metadata) is skipped before analysis; a source whose input changed replaces its article;
- it is resumable: each batch of results is one transaction, so a crash or Ctrl-C loses at most
  the batch in flight (rolled back, never half-written) and the next run redoes exactly that;
- every document that fails (unreadable, not English, empty, analysis error) is recorded with
  its reason in ``failures`` and the batch goes on.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from newsgraph.identity.cluster import is_stale, recluster
from newsgraph.ingest.readers import read_sources
from newsgraph.record import Article
from newsgraph.store.stories import rebuild_stories
from newsgraph.store.store import Store


@dataclass
class IngestReport:
    stored: int = 0        # documents analysed and stored (new or changed)
    unchanged: int = 0     # skipped: already in the store with the same input
    failed: int = 0        # recorded in failures
    stories: int | None = None
    seconds: float = 0.0
    store_seconds: float = 0.0  # of which writing to the store (transactions, stories)
    failure_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def docs_per_second(self) -> float:
        return (self.stored + self.failed) / self.seconds if self.seconds else 0.0

    @property
    def store_overhead(self) -> float:
        """Time spent storing over the time spent reading and analysing."""
        analysing = self.seconds - self.store_seconds
        return self.store_seconds / analysing if analysing > 0 else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "docs_per_second": round(self.docs_per_second, 2),
                "store_overhead": round(self.store_overhead, 4)}


def input_hash(item: dict) -> str:
    """What makes a document's input the same as before: its raw body and given metadata."""
    digest = hashlib.sha256()
    body = item.get("html") if item.get("html") is not None else item.get("text")
    digest.update(body if isinstance(body, bytes) else str(body).encode("utf-8", "surrogatepass"))
    digest.update(repr((item.get("url"), item.get("title"), item.get("published"))).encode("utf-8"))
    return digest.hexdigest()[:32]


class _Ingest:
    def __init__(self, store: Store, report: IngestReport, progress: tqdm):
        self.store = store
        self.report = report
        self.progress = progress
        self.in_flight: deque[dict] = deque()     # items handed to analyze_many, in order
        self.reader_failures: list[dict] = []      # unreadable items waiting for the next commit

    def to_analyse(self, items: Iterable[dict]) -> Iterator[dict]:
        """The items that need analysis; unchanged ones are counted and dropped here."""
        for item in items:
            if "error" not in item:
                item["input_hash"] = input_hash(item)
                if self.store.is_current(item["source"], item["input_hash"]):
                    self.report.unchanged += 1
                    continue
                self.in_flight.append(item)
                yield item
            elif self.store.is_current(item["source"], item["reason"]):
                self.report.unchanged += 1
            else:
                self.reader_failures.append(item)

    def save(self, result) -> None:
        item = self.in_flight.popleft()  # analyze_many yields exactly one result per item, in order
        if isinstance(result, Article):
            if result.title is None and item.get("title"):
                result = result.model_copy(update={"title": item["title"]})
            self.store.add_article(result, item["source"], item["input_hash"])
            self.report.stored += 1
        else:
            self._fail(item["source"], item["input_hash"], result.reason, result.error)
        self.progress.update()
        self.progress.set_postfix(stored=self.report.stored, failed=self.report.failed,
                                  unchanged=self.report.unchanged, refresh=False)

    def save_reader_failures(self) -> None:
        for item in self.reader_failures:
            # An unreadable source has no content to hash: its reason stands in for it.
            self._fail(item["source"], item["reason"], item["reason"], item["error"])
        self.reader_failures.clear()

    def _fail(self, source: str, input_key: str, reason: str, error: str) -> None:
        self.store.add_failure(source, input_key, reason, error)
        self.report.failed += 1
        self.report.failure_reasons[reason] = self.report.failure_reasons.get(reason, 0) + 1


def ingest(store: Store, paths: Iterable[str | Path], workers: int = 1, batch_size: int = 16,
           commit_every: int = 64, progress: bool = True, stories: bool = True) -> IngestReport:
    """Analyse and store every document under ``paths``; see the module docstring."""
    from newsgraph.pipeline import analyze_many  # loads spaCy: only when there is work

    report = IngestReport()
    started = time.perf_counter()
    with tqdm(unit="doc", desc="ingest", disable=not progress, smoothing=0.1) as bar:
        run = _Ingest(store, report, bar)
        results = analyze_many(run.to_analyse(read_sources(paths)), n_process=workers, batch_size=batch_size)
        while True:
            batch = list(itertools.islice(results, commit_every))  # analysed outside the write lock
            writing = time.perf_counter()
            with store.transaction():
                for result in batch:
                    run.save(result)
                run.save_reader_failures()
            report.store_seconds += time.perf_counter() - writing
            if not batch:
                break
    if is_stale(store.conn):  # a store from before entity identity: cluster it once
        with store.transaction():
            recluster(store.conn)
        store.identity.forget()
    if stories and (report.stored or report.failed):
        writing = time.perf_counter()
        with store.transaction():
            report.stories = rebuild_stories(store.conn)
        report.store_seconds += time.perf_counter() - writing
    report.seconds = time.perf_counter() - started
    return report
