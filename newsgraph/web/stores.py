"""How the explorer reaches a store: one read-only connection per worker thread (SQLite
connections must not be shared across concurrent requests). The bundled-examples store that
``newsgraph serve`` shows without ``--db`` comes from ``newsgraph.collection.examples_store``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from starlette.exceptions import HTTPException

from newsgraph.network import network_with_layout, summary_key
from newsgraph.store import Store, open_store
from newsgraph.store.filters import ArticleFilter

T = TypeVar("T")
MAX_SUMMARIES = 256


class ReadOnlyStores:
    """``get()`` gives the calling thread its own read-only ``Store`` on ``path``;
    ``summary()`` keeps collection-wide aggregates until the store changes."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        open_store(self.path, readonly=True).close()  # fail at start-up, not at first request
        self._local = threading.local()
        # key -> (store version, computed at, value); each key's value is of its own type
        self._summaries: dict[tuple, tuple[tuple, float, Any]] = {}
        self._summary_lock = threading.Lock()
        self._key_locks: dict[tuple, threading.Lock] = {}

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.path, readonly=True)
        return store

    def summary(self, key: tuple, compute: Callable[[Store], T]) -> T:
        """``compute(store)``, reused while the store is unchanged (``Store.data_version``):
        counts, top lists and networks scan much of the collection, so pages must not redo them
        per visit. One computation per summary at a time; while one runs after a change, other
        requests get the last value, so pages lag an ingest by one computation, never more."""
        store = self.get()
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
        focus = self.get().entity_summary(ref)
        return (focus, self.network(focus["id"])) if focus else (None, None)

    def warm(self) -> None:
        """Compute the home page's summary and the network in a background thread, so the
        first visitor finds them ready."""
        threading.Thread(
            target=lambda: (self.stats(), self.network()), name="newsgraph-warm", daemon=True
        ).start()


# -- FastAPI dependencies: the store of the request's app ------------------------------------


def get_stores(request: Request) -> ReadOnlyStores:
    stores = request.app.state.stores
    if stores is None:
        raise HTTPException(
            404,
            "No collection is loaded: start with `newsgraph serve --db news.db`, "
            "or analyse an article on the Analyse page.",
        )
    return stores


def get_store(stores: Annotated[ReadOnlyStores, Depends(get_stores)]) -> Store:
    return stores.get()


StoresDep = Annotated[ReadOnlyStores, Depends(get_stores)]
StoreDep = Annotated[Store, Depends(get_store)]
