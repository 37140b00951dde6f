"""How the explorer reaches a store: one read-only connection per worker thread (SQLite
connections must not be shared across concurrent requests). The bundled-examples store that
``newsgraph serve`` shows without ``--db`` comes from ``newsgraph.collection.examples_store``."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, overload

from fastapi import Depends, Request
from starlette.exceptions import HTTPException

from newsgraph.store import Store, open_store
from newsgraph.web.limits import NETWORK_EDGES, SUMMARY_SECONDS

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_SUMMARIES = 256


class ReadOnlyStores:
    """``get()`` gives the calling thread its own read-only ``Store`` on ``path``;
    ``summary()`` keeps collection-wide aggregates for a while (see ``SUMMARY_SECONDS``)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        open_store(self.path, readonly=True).close()  # fail at start-up, not at first request
        self._local = threading.local()
        # key -> (computed at, value); each key's value is of its own type (stats, a network ...)
        self._summaries: dict[tuple, tuple[float, Any]] = {}
        self._summary_lock = threading.Lock()
        self._key_locks: dict[tuple, threading.Lock] = {}

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.path, readonly=True)
        return store

    @overload
    def summary(self, key: tuple, compute: Callable[[Store], T], wait: Literal[True] = True) -> T: ...

    @overload
    def summary(self, key: tuple, compute: Callable[[Store], T], wait: Literal[False]) -> T | None: ...

    def summary(self, key: tuple, compute: Callable[[Store], T], wait: bool = True) -> T | None:
        """``compute(store)``, reused for ``SUMMARY_SECONDS``: counts, top lists and the whole
        network scan the collection (seconds to a minute on 100,000 articles) and change only
        as fast as an ingest adds articles, so pages need not redo them per visit. One
        computation per summary at a time. With ``wait=False`` a missing or stale summary is
        computed in the background and the call returns what there is (stale, or None)."""
        cached = self._summaries.get(key)
        if cached is not None and time.monotonic() - cached[0] < SUMMARY_SECONDS:
            return cached[1]
        with self._summary_lock:
            lock = self._key_locks.setdefault(key, threading.Lock())
        if not wait:
            if lock.acquire(blocking=False):
                threading.Thread(target=self._refresh, args=(key, compute, lock), daemon=True).start()
            return cached[1] if cached is not None else None
        with lock:
            cached = self._summaries.get(key)
            if cached is not None and time.monotonic() - cached[0] < SUMMARY_SECONDS:
                return cached[1]  # computed by another request while this one waited
            return self._store_summary(key, compute(self.get()))

    def _refresh(self, key: tuple, compute: Callable[[Store], object], lock: threading.Lock) -> None:
        try:
            self._store_summary(key, compute(self.get()))
        except Exception:  # the next request retries; log rather than lose it in a thread
            log.exception("summary %s failed", key)
        finally:
            lock.release()

    def _store_summary(self, key: tuple, value: T) -> T:
        self._summaries[key] = (time.monotonic(), value)
        if len(self._summaries) > MAX_SUMMARIES:  # one per network focus: keep the newest
            oldest = min(self._summaries, key=lambda k: self._summaries[k][0])
            self._summaries.pop(oldest, None)
        return value

    def stats(self) -> dict:
        return self.summary(("stats",), lambda store: store.stats())

    def network(self, entity: str | None = None) -> dict | None:
        """The network, or None while it is first computed (a minute on 100,000 articles:
        longer than a visitor should wait for a response)."""
        return self.summary(("network", entity), lambda store: store.network(entity=entity, limit=NETWORK_EDGES),
                            wait=False)

    def warm(self) -> None:
        """Compute the home page's summary in a background thread, so the first visitor
        finds it ready."""
        threading.Thread(target=self.stats, name="newsgraph-warm", daemon=True).start()


# -- FastAPI dependencies: the store of the request's app ------------------------------------


def get_stores(request: Request) -> ReadOnlyStores:
    stores = request.app.state.stores
    if stores is None:
        raise HTTPException(404, "No collection is loaded: start with `newsgraph serve --db news.db`, "
                                 "or analyse an article on the Analyse page.")
    return stores


def get_store(stores: Annotated[ReadOnlyStores, Depends(get_stores)]) -> Store:
    return stores.get()


StoresDep = Annotated[ReadOnlyStores, Depends(get_stores)]
StoreDep = Annotated[Store, Depends(get_store)]
