"""How the explorer reaches a store: a bounded pool of read-only connections shared by the
server's threads, each held by one request at a time (SQLite connections must not serve two
requests at once). The bundled-examples store that ``newsgraph serve`` shows without ``--db``
comes from ``newsgraph.collection.examples_store``."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import anyio
from fastapi import Depends, Request
from starlette.exceptions import HTTPException

from newsgraph.network import network_with_layout, summary_key
from newsgraph.settings import get_settings
from newsgraph.store import Store, open_store
from newsgraph.store.filters import ArticleFilter

T = TypeVar("T")
MAX_SUMMARIES = 256


class StorePool:
    """At most ``size`` read-only connections to the store at ``path``, opened as needed and
    shared by every thread. One connection per thread (as before) let the server open one per
    worker thread of its pool (40), each filling its own page cache over the run: private memory
    grew for minutes under load. The pool bounds it at ``size`` caches, and the most recently
    returned connection is taken first (LIFO), so its cache is the warm one."""

    def __init__(self, path: Path, size: int):
        self.path = path
        self.size = size
        self.opened = 0
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._opening = threading.Lock()
        # Requests wait for a connection here, at most ``size`` in a thread of their own: were
        # they to wait in the server's worker threads, requests blocked on a connection could take
        # every thread the holders need to finish.
        self._waiting = anyio.CapacityLimiter(size)

    def take(self) -> Store:
        """A connection for the caller alone until ``give_back``; waits while all are in use."""
        with contextlib.suppress(queue.Empty):
            return self._idle.get_nowait()
        with self._opening:
            may_open = self.opened < self.size
            if may_open:
                self.opened += 1
        if not may_open:
            return self._idle.get()
        try:
            return open_store(self.path, readonly=True)
        except BaseException:
            with self._opening:
                self.opened -= 1
            raise

    async def take_async(self) -> Store:
        """``take`` from the event loop: at once when a connection is idle, else in a thread of
        the pool's own."""
        with contextlib.suppress(queue.Empty):
            return self._idle.get_nowait()
        taken: list[Store] = []  # kept here so that a request cancelled meanwhile gives it back
        try:
            await anyio.to_thread.run_sync(lambda: taken.append(self.take()), limiter=self._waiting)
        except BaseException:
            for store in taken:
                self.give_back(store)
            raise
        return taken[0]

    def give_back(self, store: Store) -> None:
        self._idle.put(store)


@dataclass
class _Lease:
    pool: StorePool
    store: Store | None  # None once given back


# The connection the current request holds: set by ``get_stores`` in the request's task, and
# seen by the threads that run its sync dependencies and endpoint (anyio copies the context).
_LEASE: ContextVar[_Lease | None] = ContextVar("newsgraph_store_lease", default=None)


class ReadOnlyStores:
    """Read-only ``Store``s on ``path`` from a pool of ``store.read_connections``: ``get()`` is
    the one the current request holds, ``connection()`` one for a block of code anywhere;
    ``summary()`` keeps collection-wide aggregates until the store changes."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.pool = StorePool(self.path, get_settings().store.read_connections)
        with self.connection():  # fail at start-up, not at first request
            pass
        # key -> (store version, computed at, value); each key's value is of its own type
        self._summaries: dict[tuple, tuple[tuple, float, Any]] = {}
        self._summary_lock = threading.Lock()
        self._key_locks: dict[tuple, threading.Lock] = {}

    def get(self) -> Store:
        """The store the current request holds (``get_stores`` takes it for the request)."""
        lease = _LEASE.get()
        if lease is None or lease.pool is not self.pool or lease.store is None:
            raise RuntimeError("no request holds a store here: use `with stores.connection() as store`")
        return lease.store

    @contextlib.contextmanager
    def connection(self) -> Iterator[Store]:
        """The current request's store, or outside a request one of the pool for the block."""
        lease = _LEASE.get()
        if lease is not None and lease.pool is self.pool and lease.store is not None:
            yield lease.store
            return
        store = self.pool.take()
        try:
            yield store
        finally:
            self.pool.give_back(store)

    @contextlib.asynccontextmanager
    async def request_lease(self) -> AsyncIterator[Store]:
        """Hold one connection for the current request (a task); ``get()`` returns it there."""
        store = await self.pool.take_async()
        lease = _Lease(self.pool, store)
        _LEASE.set(lease)
        try:
            yield store
        finally:
            lease.store = None  # code of this request that runs later gets an error, not a store
            self.pool.give_back(store)

    def summary(self, key: tuple, compute: Callable[[Store], T]) -> T:
        """``compute(store)``, reused while the store is unchanged (``Store.data_version``):
        counts, top lists and networks scan much of the collection, so pages must not redo them
        per visit. One computation per summary at a time; while one runs after a change, other
        requests get the last value, so pages lag an ingest by one computation, never more."""
        with self.connection() as store:
            return self._summary(store, key, compute)

    def _summary(self, store: Store, key: tuple, compute: Callable[[Store], T]) -> T:
        version = store.data_version()
        cached = self._summaries.get(key)
        if cached is not None and cached[0] == version:
            return cached[2]
        with self._summary_lock:
            lock = self._key_locks.setdefault(key, threading.Lock())
        if cached is not None and not lock.acquire(blocking=False):
            return cached[2]  # another request is bringing it up to date
        if cached is None:
            lock.acquire()
        try:
            cached = self._summaries.get(key)
            if cached is not None and cached[0] == version:
                return cached[2]  # computed by another request while this one waited
            return self._store_summary(key, version, compute(store))
        finally:
            lock.release()

    def _store_summary(self, key: tuple, version: tuple, value: T) -> T:
        self._summaries[key] = (version, time.monotonic(), value)
        if len(self._summaries) > MAX_SUMMARIES:  # one per network focus: keep the newest
            oldest = min(self._summaries, key=lambda k: self._summaries[k][1])
            self._summaries.pop(oldest, None)
            with self._summary_lock:  # its lock too: one per facet filter would grow without bound
                self._key_locks.pop(oldest, None)
        return value

    def stats(self) -> dict:
        return self.summary(("stats",), lambda store: store.stats())

    def network(self, entity_id: int | None = None) -> dict:
        """The network with its layout, of the whole collection or around an entity: as saved
        by the last ingest, or else computed here (then reused like any summary)."""

        def compute(store: Store) -> dict:
            saved = store.summary(summary_key(entity_id))
            if isinstance(saved, dict):
                return saved
            return network_with_layout(store, None if entity_id is None else str(entity_id))

        return self.summary(("network", entity_id), compute)

    def article_facets(self, filters: ArticleFilter) -> dict:
        """The articles page's facets for these filters: counting the whole collection by month
        and language scans every article, so each combination is reused like any summary."""
        return self.summary(("article_facets", filters), lambda store: store.article_facets(filters))

    def network_around(self, ref: str | None) -> tuple[dict | None, dict | None]:
        """(the entity, its network) for a name or id, (None, the whole network) without one,
        and (None, None) when no entity answers to ``ref``."""
        if not ref:
            return None, self.network()
        with self.connection() as store:
            focus = store.entity_summary(ref)
        return (focus, self.network(focus["id"])) if focus else (None, None)

    def warm(self) -> None:
        """Compute the home page's summary and the network in a background thread, so the
        first visitor finds them ready."""
        threading.Thread(
            target=lambda: (self.stats(), self.network()), name="newsgraph-warm", daemon=True
        ).start()


# -- FastAPI dependencies: the store of the request's app ------------------------------------


async def get_stores(request: Request) -> AsyncIterator[ReadOnlyStores]:
    """The app's stores, with a connection held for the request until its endpoint returns
    (``scope="function"``: pages render inside it; downloads stream from their own)."""
    stores = request.app.state.stores
    if stores is None:
        raise HTTPException(
            404,
            "No collection is loaded: start with `newsgraph serve --db news.db`, "
            "or analyse an article on the Analyse page.",
        )
    async with stores.request_lease():
        yield stores


def get_store(stores: Annotated[ReadOnlyStores, Depends(get_stores, scope="function")]) -> Store:
    return stores.get()


StoresDep = Annotated[ReadOnlyStores, Depends(get_stores, scope="function")]
StoreDep = Annotated[Store, Depends(get_store)]
