"""The application layer of collections: read sources -> analyse -> store.

``ingest`` takes documents from the readers through ``analyze_many`` into a store, in batched
transactions; ``examples_store`` is the store of the bundled examples (what ``newsgraph serve``
shows without ``--db``). The CLI and the web explorer call these; ``store/`` only persists.

Ingest users can trust, because:
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
import logging
import sys
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from newsgraph import __version__
from newsgraph.errors import NewsgraphError
from newsgraph.identity.cluster import is_stale, recluster
from newsgraph.ingest import metadata_of
from newsgraph.ingest.item import ReadFailure, SourceItem
from newsgraph.ingest.readers import read_sources
from newsgraph.ingest.sidecar import Annotator, MetadataTable, PathDate
from newsgraph.network import save_network
from newsgraph.record import Article, Failure
from newsgraph.settings import get_settings
from newsgraph.store import Store, open_store
from newsgraph.store.stories import rebuild_stories

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent
EXAMPLES = PACKAGE / "examples"
# Under newsgraph/: what shapes a stored record.
ANALYSIS_FILES = ("pipeline.py", "record.py", "collection.py", "settings.py")
ANALYSIS_FOLDERS = ("ingest", "nlp", "store")


@dataclass
class IngestReport:
    stored: int = 0  # documents analysed and stored (new or changed)
    updated: int = 0  # stored documents whose metadata alone changed: updated, not re-analysed
    unchanged: int = 0  # skipped: already in the store with the same input
    failed: int = 0  # recorded in failures
    metadata_matched: int | None = None  # with --meta: documents the metadata file has a row for
    metadata_unmatched: int | None = None  # ... and documents it has none for
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
        return {
            **asdict(self),
            "docs_per_second": round(self.docs_per_second, 2),
            "store_overhead": round(self.store_overhead, 4),
        }


class _Ingest:
    def __init__(self, store: Store, report: IngestReport):
        self.store = store
        self.report = report
        # Items handed to analyze_many, in order, with their input hashes.
        self.in_flight: deque[tuple[SourceItem, str]] = deque()
        self.reader_failures: list[ReadFailure] = []  # unreadable sources waiting for the next commit
        self.metadata_changes: list[tuple[SourceItem, str]] = []  # (item, input hash) for the next commit

    def to_analyze(self, items: Iterable[SourceItem | ReadFailure]) -> Iterator[SourceItem]:
        """The items that need analysis; unchanged ones are counted and dropped here."""
        for item in items:
            if isinstance(item, SourceItem):
                assert item.source is not None, "readers name every item's source"
                input_hash = item.input_hash()
                if self.store.is_current(item.source, input_hash):
                    self.report.unchanged += 1
                    continue
                if self.store.analysis_current(item.source, item.analysis_hash()):
                    self.metadata_changes.append((item, input_hash))
                    continue
                self.in_flight.append((item, input_hash))
                yield item
            elif self.store.is_current(item.source, item.reason):
                self.report.unchanged += 1
            else:
                self.reader_failures.append(item)

    def save(self, result: Article | Failure) -> None:
        item, input_hash = self.in_flight.popleft()  # analyze_many yields one result per item, in order
        assert item.source is not None  # checked in to_analyze
        if isinstance(result, Article):
            self.store.add_article(result, item.source, input_hash, item.analysis_hash())
            self.report.stored += 1
        else:
            self._fail(item.source, input_hash, result.reason, result.error)

    def show_progress(self, progress: tqdm, analysed: int) -> None:
        """Once per committed batch: results arrive in bursts, so a rate taken per document would
        divide one document by the wait for a whole batch (the "15.56s/doc" of issue 16)."""
        progress.set_postfix(
            stored=self.report.stored,
            failed=self.report.failed,
            unchanged=self.report.unchanged,
            refresh=False,
        )
        progress.update(analysed)

    def save_pending(self) -> None:
        """What needed no analysis: unreadable sources and metadata changes."""
        for failure in self.reader_failures:
            # An unreadable source has no content to hash: its reason stands in for it.
            self._fail(failure.source, failure.reason, failure.reason, failure.error)
        self.reader_failures.clear()
        for item, input_hash in self.metadata_changes:
            assert item.source is not None  # checked in to_analyze
            try:
                # Its body is the one already analysed, hence English: no language detection again.
                self.store.update_metadata(item.source, metadata_of(item, language="en"), input_hash)
            except NewsgraphError as exc:  # e.g. a metadata file's date that is no date
                self._fail(item.source, input_hash, getattr(exc, "reason", "bad_input"), str(exc))
                continue
            self.report.updated += 1
        self.metadata_changes.clear()

    def _fail(self, source: str, input_key: str, reason: str, error: str) -> None:
        self.store.add_failure(source, input_key, reason, error)
        self.report.failed += 1
        self.report.failure_reasons[reason] = self.report.failure_reasons.get(reason, 0) + 1


def _no_results() -> Generator[Article | Failure, None, None]:
    """Nothing to analyse, as a generator (what ``closing()`` closes)."""
    yield from ()


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    workers: int | None = None,
    batch_size: int | None = None,
    commit_every: int | None = None,
    progress: bool = True,
    stories: bool = True,
    metadata: str | Path | None = None,
    path_date: str | None = None,
) -> IngestReport:
    """Analyse and store every document under ``paths``; see the module docstring. ``workers``,
    ``batch_size`` and ``commit_every`` default to the settings. ``metadata`` is a CSV/TSV file
    of the documents' metadata and ``path_date`` a pattern for dates in their paths (see
    ``newsgraph.ingest.sidecar``); a stored document whose metadata alone changed is updated
    without re-analysis."""
    from newsgraph.pipeline import analyze_many, load_pipeline  # loads spaCy: only when there is work

    commit_every = commit_every or get_settings().store.commit_every
    annotate = Annotator(
        MetadataTable.load(metadata) if metadata else None, PathDate(path_date) if path_date else None
    )
    report = IngestReport()
    started = time.perf_counter()
    run = _Ingest(store, report)
    items = run.to_analyze(annotate(read_sources(paths)))
    # The pipeline loads (seconds) only when something needs analysis: a re-ingest that finds
    # everything unchanged or only metadata changed does not wait for it.
    first = next(items, None)
    if first is not None:
        if progress:  # loading takes seconds: say so, and start the progress bar's clock after it
            print("loading the NLP pipeline…", file=sys.stderr, flush=True)
        load_pipeline()
    results = (
        analyze_many(itertools.chain([first], items), n_process=workers, batch_size=batch_size)
        if first is not None
        else _no_results()
    )
    with tqdm(unit="doc", desc="ingest", disable=not progress) as bar, closing(results):
        # closing: on an error or Ctrl-C here too, analysis workers stop at once
        while True:
            batch = list(itertools.islice(results, commit_every))  # analysed outside the write lock
            writing = time.perf_counter()
            with store.transaction():
                for result in batch:
                    run.save(result)
                run.save_pending()
            report.store_seconds += time.perf_counter() - writing
            run.show_progress(bar, len(batch))
            if not batch:
                break
    if annotate.table is not None:
        report.metadata_matched, report.metadata_unmatched = annotate.matched, annotate.unmatched
    if is_stale(store.conn):  # a store from before entity identity: cluster it once
        with store.transaction():
            recluster(store.conn)
        store.identity.forget()
    if stories and (report.stored or report.failed):
        writing = time.perf_counter()
        with store.transaction():
            report.stories = rebuild_derived(store)
        report.store_seconds += time.perf_counter() - writing
    report.seconds = time.perf_counter() - started
    return report


def rebuild_derived(store: Store) -> int:
    """Rebuild what a store derives from all its articles after a write (inside the caller's
    transaction): story clusters, and the networks laid out now so that the explorer's first
    visitor does not wait. Returns the number of stories."""
    stories = rebuild_stories(store.conn)
    save_network(store)
    return stories


def examples_store(folder: Path = EXAMPLES, cache: Path | None = None) -> Path:
    """A store of the bundled example articles, kept in the cache folder (settings) so later
    starts are instant. The file is named by a fingerprint of the analysis code and data, so a
    changed newsgraph re-analyses them (ingest would skip sources it already holds)."""
    cache = cache or get_settings().cache
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"examples-{__version__}-{analysis_fingerprint()}.db"
    with open_store(path) as store:
        report = ingest(store, [folder], progress=False)
    log.info("examples store %s: %d new articles", path, report.stored)
    return path


def analysis_fingerprint() -> str:
    """A short hash of the files that decide what an analysis produces (names, sizes, times)."""
    files = [
        *(PACKAGE / name for name in ANALYSIS_FILES),
        *sorted(
            p
            for folder in ANALYSIS_FOLDERS
            for p in (PACKAGE / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        ),
    ]
    digest = hashlib.sha256()
    for file in files:
        stat = file.stat()
        digest.update(f"{file.relative_to(PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]
