"""How the explorer reaches a store: one read-only connection per worker thread (SQLite
connections must not be shared across concurrent requests), the bundled-examples store that
``newsgraph serve`` without ``--db`` shows, and the two look-ups the page needs that the store's
read API does not have (parameterised SQL, read-only)."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from newsgraph import __version__
from newsgraph.store import Store, open_store
from newsgraph.store.queries import FACET_DEPTH, fts_query

log = logging.getLogger(__name__)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class ReadOnlyStores:
    """``get()`` gives the calling thread its own read-only ``Store`` on ``path``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        open_store(self.path, readonly=True).close()  # fail at start-up, not at first request
        self._local = threading.local()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.path, readonly=True)
        return store


def examples_store(folder: Path = EXAMPLES, cache: Path | None = None) -> Path:
    """A store of the bundled example articles, kept in the user's cache directory so later
    starts are instant (ingest skips sources it already holds; a new version gets a new file)."""
    from newsgraph.store.ingest import ingest

    cache = cache or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsgraph"
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"examples-{__version__}.db"
    with open_store(path) as store:
        report = ingest(store, [folder], progress=False)
    log.info("examples store %s: %d new articles", path, report.stored)
    return path


def article_entity_ids(store: Store, article_id: str) -> dict[str, int]:
    """The collection-wide entity id of each of an article's entities (E1 -> 42)."""
    rows = store.conn.execute(
        "SELECT ae.local_id, ae.entity FROM article_entities ae JOIN articles a ON a.num = ae.article "
        "WHERE a.id = ?", (article_id,))
    return {row["local_id"]: row["entity"] for row in rows}


def story_entities(store: Store, story_id: int, limit: int = 8) -> list[dict]:
    """The entities most of a story's articles mention (at least two of them)."""
    rows = store.conn.execute(
        "SELECT e.id, e.name, e.type, COUNT(DISTINCT ae.article) AS articles "
        "FROM story_articles sa JOIN article_entities ae ON ae.article = sa.article "
        "JOIN entities e ON e.id = ae.entity WHERE sa.story = ? "
        "GROUP BY e.id HAVING articles >= 2 ORDER BY articles DESC, e.name LIMIT ?", (story_id, limit))
    return [dict(row) for row in rows]


def stories_with_entities(store: Store, limit: int, offset: int) -> dict:
    """The store's stories, each with the entities its articles share."""
    results = store.stories(limit=limit, offset=offset)
    for story in results["stories"]:
        story["entities"] = story_entities(store, story["id"])
    return results


def month_facet(store: Store, q: str | None = None, speaker: str | None = None,
                entity: str | None = None, publisher: str | None = None, since: str | None = None,
                until: str | None = None) -> list[dict]:
    """Publication months of a search's best hits, newest first: the date facet the store's
    ``search`` does not give. It takes the same hits (the store's filter and FTS query, the
    same ``FACET_DEPTH``); it belongs in ``Queries._facets`` and should move there."""
    where = store._filter(publisher, since, until, entity, speaker)
    match = fts_query(q or "")
    if match:
        where.add("articles_fts MATCH ?", match)
        source, order = "articles_fts JOIN articles a ON a.num = articles_fts.rowid", "bm25(articles_fts, 4.0, 1.0)"
    else:
        source, order = "articles a", "a.published DESC, a.num DESC"
    rows = store.conn.execute(
        f"WITH hits AS (SELECT a.published FROM {source} WHERE {where.sql()} ORDER BY {order} LIMIT ?) "
        "SELECT substr(published, 1, 7) AS name, COUNT(*) AS count FROM hits WHERE published IS NOT NULL "
        "GROUP BY name ORDER BY name DESC LIMIT 24", [*where.params, FACET_DEPTH])
    return [dict(row) for row in rows]
