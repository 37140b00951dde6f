"""Collections: a SQLite store (WAL, FTS5) of analysed articles, filled by
``newsgraph.collection.ingest`` and read through the query API of ``Store`` (documented in
``newsgraph.store.queries``). Persistence only: no command line, no printing (``newsgraph.cli``).

    from newsgraph.store import open_store
    from newsgraph.store.filters import SearchFilter
    with open_store("news.db", readonly=True) as store:
        store.search(SearchFilter(q="defense spending", speaker="Stoltenberg", since="2023-06-01"))

The schema is ``data/migrations/*.sql`` (version in ``PRAGMA user_version``).
"""

from newsgraph.store.store import Store, open_store

__all__ = ["Store", "open_store"]
