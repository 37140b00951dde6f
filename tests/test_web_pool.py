"""The explorer's read-only connections: a bounded pool shared by the server's threads, each
connection held by one request at a time, whatever the number of concurrent requests."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest

from newsgraph.settings import get_settings
from newsgraph.store import Store
from newsgraph.web import stores as stores_module
from newsgraph.web.app import create_app
from tests.test_web_api import build_store, fixture_articles

CONCURRENT_REQUESTS = 30  # more than the pool, fewer than anyio's 40 worker threads
QUERY_SECONDS = 0.05  # long enough for the requests to overlap


@pytest.fixture
def two_connections(monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_STORE__READ_CONNECTIONS", "2")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


class Watch:
    """Counts the connections the explorer opens and, per connection, the requests using it at
    once, by slowing the article query down so that concurrent requests overlap."""

    def __init__(self, monkeypatch):
        self.opened = 0
        self.busy: dict[int, int] = {}
        self.most_at_once = 0
        self._lock = threading.Lock()
        opener, reader = stores_module.open_store, Store.get_article
        monkeypatch.setattr(stores_module, "open_store", self._counting(opener))
        monkeypatch.setattr(Store, "get_article", self._slowed(reader))

    def _counting(self, opener):
        def open_store(*args, **kwargs):
            with self._lock:
                self.opened += 1
            return opener(*args, **kwargs)

        return open_store

    def _slowed(self, reader):
        def get_article(store, *args, **kwargs):
            with self._lock:
                self.busy[id(store)] = self.busy.get(id(store), 0) + 1
                self.most_at_once = max(self.most_at_once, self.busy[id(store)])
            try:
                time.sleep(QUERY_SECONDS)
                return reader(store, *args, **kwargs)
            finally:
                with self._lock:
                    self.busy[id(store)] -= 1

        return get_article


async def concurrent_article_requests(app, article_id: str) -> list[int]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        responses = await asyncio.gather(
            *(client.get(f"/api/articles/{article_id}") for _ in range(CONCURRENT_REQUESTS))
        )
    return [response.status_code for response in responses]


def test_read_connections_are_bounded_and_serve_one_request_at_a_time(tmp_path, monkeypatch, two_connections):
    articles = fixture_articles()
    path = build_store(tmp_path / "news.db", articles)
    watch = Watch(monkeypatch)
    app = create_app(path)
    statuses = asyncio.run(concurrent_article_requests(app, articles[0].id))
    assert statuses == [200] * CONCURRENT_REQUESTS
    assert watch.opened <= 2  # one per worker thread before: up to 30 here
    assert watch.most_at_once == 1


def test_get_outside_a_request_is_an_error_and_connection_lends_one(tmp_path, two_connections):
    stores = create_app(build_store(tmp_path / "news.db", fixture_articles())).state.stores
    with pytest.raises(RuntimeError, match="no request holds a store"):
        stores.get()
    with stores.connection() as first, stores.connection() as second:  # `second` is given back first
        assert first is not second and stores.pool.opened == 2
    with stores.connection() as again:
        assert again is first  # the most recently given back, whose cache is warm
