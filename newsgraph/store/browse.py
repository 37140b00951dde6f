"""Listings for browsing and exporting: articles and entities with sort orders and facets,
every list streamed row by row from one cursor (so an export of a whole collection holds one row
in memory at a time), and articles per publication day for the time charts.

- ``browse_articles(ArticleFilter, sort, limit, offset) -> {total, articles}``;
  ``article_facets(ArticleFilter) -> {publisher, month, language}``
- ``browse_entities(type, q, sort, limit, offset) -> {total, entities, types}``; ``entity_summary(ref)``
- ``iter_articles(ArticleFilter, sort)``, ``iter_entities(...)``, ``iter_search(SearchFilter)``,
  ``iter_quotes(QuoteFilter, sort)``, ``iter_stories()``: the same rows as the pages (with the
  same filters and default order), all of them, as ``Rows`` (an iterable of dicts read from one
  cursor, with ``columns``)
- ``days(SearchFilter) -> {day or None: articles}``; ``entity_days(id)``,
  ``story_days(id)``: the counts the volume charts bin (None counts undated articles)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from newsgraph.identity.names import name_key
from newsgraph.store.filters import (
    DEFAULT_QUOTE_FILTER,
    NO_ARTICLE_FILTER,
    NO_SEARCH_FILTER,
    ArticleFilter,
    QuoteFilter,
    SearchFilter,
    _Filter,
)
from newsgraph.store.queries import (
    QUOTE_COLUMNS,
    QUOTE_JOINS,
    SEARCH_RANK,
    Queries,
    _relative,
    fts_query,
)

ARTICLE_SORTS = {
    "-date": "a.published DESC, a.num DESC",  # undated (NULL) last; the published index serves it
    "date": "a.published IS NULL, a.published, a.num",
    "publisher": "a.publisher IS NULL, a.publisher, a.published DESC, a.num DESC",
    "-quotes": "a.n_statements DESC, a.published DESC, a.num DESC",
}
ENTITY_SORTS = {
    "articles": "e.n_articles DESC, e.name",
    "quotes": "e.n_statements DESC, e.name",
    "name": "e.name, e.id",
}
ARTICLE_COLUMNS = (  # "quotes" is the one count of every view: statements (store schema 4)
    "SELECT a.id, a.title, a.published, a.publisher, a.language, a.url, a.n_statements AS quotes, "
    "a.n_quotes AS all_quotes"
)
FACET_SQL = {
    "publisher": "SELECT a.publisher AS name, COUNT(*) AS count FROM articles a WHERE {where} "
    "AND a.publisher IS NOT NULL GROUP BY a.publisher ORDER BY count DESC, name LIMIT 15",
    "month": "SELECT COALESCE(substr(a.published, 1, 7), 'undated') AS name, COUNT(*) AS count "
    "FROM articles a "
    "WHERE {where} GROUP BY name ORDER BY a.published IS NULL, name DESC LIMIT 36",
    "language": "SELECT a.language AS name, COUNT(*) AS count FROM articles a WHERE {where} "
    "AND a.language IS NOT NULL GROUP BY a.language ORDER BY count DESC, name LIMIT 15",
}


class Rows:
    """The rows of one executed query, read from its cursor one at a time as dicts; ``columns``
    is known before the first row (an export's header, even when nothing matches)."""

    def __init__(self, cursor: sqlite3.Cursor):
        self.cursor = cursor
        self.columns = [column[0] for column in cursor.description]

    def __iter__(self) -> Iterator[dict]:
        for row in self.cursor:
            yield dict(row)


class RankedRows(Rows):
    """Search hits best first, each ``score`` relative to the first (the best), as ``search``
    shows it."""

    def __iter__(self) -> Iterator[dict]:
        best = None
        for row in super().__iter__():
            best = row["score"] if best is None else best
            yield {**row, "score": _relative(row["score"], best)}


class Browse(Queries):
    def _rows(self, sql: str, params: list | tuple = ()) -> Rows:
        return Rows(self.conn.execute(sql, params))

    # -- articles ------------------------------------------------------------------------------

    def browse_articles(
        self,
        filters: ArticleFilter = NO_ARTICLE_FILTER,
        sort: str = "-date",
        limit: int = 20,
        offset: int = 0,
    ) -> dict:
        where = self._where(filters)
        total = self.conn.execute(
            f"SELECT COUNT(*) FROM articles a WHERE {where.sql()}", where.params
        ).fetchone()[0]
        articles = list(
            self._rows(
                f"{ARTICLE_COLUMNS} FROM articles a WHERE {where.sql()} "
                f"ORDER BY {ARTICLE_SORTS[sort]} LIMIT ? OFFSET ?",
                [*where.params, limit, offset],
            )
        )
        return {"total": total, "articles": articles}

    def article_facets(self, filters: ArticleFilter = NO_ARTICLE_FILTER) -> dict:
        """{publisher, month, language: [{name, count}]} over the filtered articles (months
        newest first, 'undated' last)."""
        where = self._where(filters)
        return {
            name: list(self._rows(sql.format(where=where.sql()), where.params))
            for name, sql in FACET_SQL.items()
        }

    def iter_articles(self, filters: ArticleFilter = NO_ARTICLE_FILTER, sort: str = "-date") -> Rows:
        where = self._where(filters)
        return self._rows(
            f"{ARTICLE_COLUMNS} FROM articles a WHERE {where.sql()} ORDER BY {ARTICLE_SORTS[sort]}",
            where.params,
        )

    # -- entities ------------------------------------------------------------------------------

    def _entity_filter(self, type: str | None = None, q: str | None = None) -> _Filter:
        where = _Filter()
        where.add("e.n_articles > 0")
        if type:
            where.add("e.type = ?", type)
        if q:  # any name or alias starting with q, case and accents aside
            prefix = name_key(q)
            where.add(
                "e.id IN (SELECT entity FROM entity_aliases WHERE alias_key >= ? AND alias_key < ?)",
                prefix,
                prefix + "\U0010ffff",
            )
        return where

    def _entity_sql(self, where: _Filter, sort: str) -> str:
        return (
            "SELECT e.id, e.name, e.type, e.n_articles AS articles, e.n_mentions AS mentions, "
            "e.n_statements AS quotes, e.n_quotes AS all_quotes "
            f"FROM entities e WHERE {where.sql()} ORDER BY {ENTITY_SORTS[sort]}"
        )

    def browse_entities(
        self,
        type: str | None = None,
        q: str | None = None,
        sort: str = "articles",
        limit: int = 20,
        offset: int = 0,
    ) -> dict:
        where = self._entity_filter(type, q)
        total = self.conn.execute(
            f"SELECT COUNT(*) FROM entities e WHERE {where.sql()}", where.params
        ).fetchone()[0]
        entities = list(
            self._rows(f"{self._entity_sql(where, sort)} LIMIT ? OFFSET ?", [*where.params, limit, offset])
        )
        types = list(
            self._rows(
                "SELECT type AS name, COUNT(*) AS count FROM entities WHERE n_articles > 0 "
                "GROUP BY type ORDER BY count DESC"
            )
        )
        return {"total": total, "entities": entities, "types": types}

    def entity_summary(self, ref: str | int) -> dict | None:
        """{id, name, type} of the entity a name or id refers to (the most covered one)."""
        ids = self.resolve(ref)
        if not ids:
            return None
        return dict(
            self.conn.execute("SELECT id, name, type FROM entities WHERE id = ?", (ids[0],)).fetchone()
        )

    def iter_entities(self, type: str | None = None, q: str | None = None, sort: str = "articles") -> Rows:
        where = self._entity_filter(type, q)
        return self._rows(self._entity_sql(where, sort), where.params)

    # -- search, quotes, stories ---------------------------------------------------------------

    def _search_sql(self, q: str | None, where: _Filter, columns: str, tail: str) -> str:
        """``columns`` of the articles matching ``q`` and ``where`` (which gains the match)."""
        match = fts_query(q or "")
        if not match:
            return f"SELECT {columns} FROM articles a WHERE {where.sql()} {tail}"
        where.add("articles_fts MATCH ?", match)
        return (
            f"SELECT {columns} FROM articles_fts CROSS JOIN articles a ON a.num = articles_fts.rowid "
            f"WHERE {where.sql()} {tail}"
        )

    def iter_search(self, filters: SearchFilter = NO_SEARCH_FILTER) -> Rows:
        """Every hit of ``search`` with these filters, in its order (best first, or newest)."""
        where = self._where(filters)
        columns = "a.id, a.title, a.published, a.publisher, a.url"
        if fts_query(filters.q or ""):
            sql = self._search_sql(
                filters.q, where, f"{columns}, {SEARCH_RANK} AS score", f"ORDER BY {SEARCH_RANK}"
            )
            return RankedRows(self.conn.execute(sql, where.params))
        sql = self._search_sql(
            filters.q, where, f"{columns}, NULL AS score", "ORDER BY a.published DESC, a.num DESC"
        )
        return self._rows(sql, where.params)

    def iter_quotes(self, filters: QuoteFilter = DEFAULT_QUOTE_FILTER, sort: str = "-date") -> Rows:
        """Every quote ``quotes`` would list with these filters, in its order."""
        source, where, order, ids, _ = self._quote_filter(filters, sort)
        if filters.speaker:
            self.speaker_clause(where, ids)
        return self._rows(
            f"{QUOTE_COLUMNS} FROM {source} {QUOTE_JOINS} WHERE {where.sql()} ORDER BY {order}", where.params
        )

    def iter_stories(self) -> Rows:
        """One row per article of every story, in the order of ``stories`` (largest first)."""
        return self._rows(
            "SELECT s.id AS story, s.label, s.size, a.id AS article_id, a.title, a.published, a.publisher, "
            "orig.id AS duplicate_of FROM stories s JOIN story_articles sa ON sa.story = s.id "
            "JOIN articles a ON a.num = sa.article LEFT JOIN articles orig ON orig.num = sa.duplicate_of "
            "ORDER BY s.size DESC, s.last_published DESC, s.id, a.published, a.num"
        )

    def story(self, story_id: int) -> dict | None:
        row = self.conn.execute(
            "SELECT id, label, size, first_published, last_published FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return dict(row) if row else None

    # -- articles per day ----------------------------------------------------------------------

    def days(self, filters: SearchFilter = NO_SEARCH_FILTER) -> dict:
        """Articles per publication day (None: undated) among those a search would find."""
        where = self._where(filters)
        sql = self._search_sql(
            filters.q, where, "substr(a.published, 1, 10) AS day, COUNT(*) AS n", "GROUP BY day"
        )
        return {row["day"]: row["n"] for row in self.conn.execute(sql, where.params)}

    def entity_days(self, entity_id: int) -> dict:
        """Articles naming the entity per publication day (None: undated)."""
        return {
            row["day"]: row["n"]
            for row in self.conn.execute(
                "SELECT substr(published, 1, 10) AS day, COUNT(DISTINCT article) AS n FROM article_entities "
                "WHERE entity = ? GROUP BY day",
                (entity_id,),
            )
        }

    def story_days(self, story_id: int) -> dict:
        return {
            row["day"]: row["n"]
            for row in self.conn.execute(
                "SELECT substr(a.published, 1, 10) AS day, COUNT(*) AS n FROM story_articles sa "
                "JOIN articles a ON a.num = sa.article WHERE sa.story = ? GROUP BY day",
                (story_id,),
            )
        }
