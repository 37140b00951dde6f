"""The store's read API, used by the CLI and the web explorer. Every method returns plain
JSON-ready dicts/lists (``get_article`` returns the ``Article`` record). Dates are ISO strings.
Listings take their filters as one object of ``newsgraph.store.filters`` (``ArticleFilter``,
``SearchFilter``, ``QuoteFilter``), the same the CLI and the web build. Names (speaker, entity) match an entity's
normalised name, any alias, or a person's surname ("Stoltenberg"); an integer string is an
entity id.

- ``get_article(id) -> Article | None``
- ``article_entity_ids(id) -> {local id: entity id}`` (E1 -> 42)
- ``list_articles(ArticleFilter, limit, offset) -> {total, articles}``
- ``search(SearchFilter, limit, offset)
  -> {total, hits: [{id, title, published, publisher, url, snippet, score}], facets}``:
  bm25-ranked (title weighs more than body); ``score`` is the hit's bm25 relative to the best
  hit of the query (1.0 for the best, 0.5 for half as relevant; None without ``q``): raw bm25 of
  a word in most articles is about 1e-6, as SQLite floors such a word's idf; ``snippet`` is
  HTML-escaped text with the matched words in ``<mark>``; ``facets`` ({speaker, entity, publisher}: [{name, count}]) count over the
  best ``FACET_DEPTH`` hits, plus month ([{name: 'YYYY-MM', count}], newest first). ``q`` takes words (all must match), "quoted phrases" and OR; an
  empty ``q`` lists the filtered articles, newest first.
- ``quotes(QuoteFilter, sort='-date'|'date'|'rank', limit, offset) -> {total, quotes}``:
  statements only unless its ``statements`` (a ``StatementFilter``: act, kind, resolved,
  everything) says otherwise; ``total`` is ``count_quotes``, the one count every view
  shows (an entity's profile, top speakers and ``entities()`` read the same per-entity counts);
  with ``speaker``, ``speakers`` lists the entities the name means with their shares of it.
- ``ambiguous_names(speaker=..., entity=...) -> {param: {name, candidates: [{id, name, type,
  articles, quotes}]}}``: the name filters several people answer to ("Clinton").
- ``entity_profile(id_or_name) -> dict | None``: id, name, type, aliases, articles, mentions,
  timeline (mentions per month), quotes (latest), events (latest), and titles and co-occurring
  entities as found in its latest ``PROFILE_DEPTH`` articles.
- ``entities(type, limit, offset, q) -> [{id, name, type, articles, mentions, quotes}]``
- ``stories(limit, offset) -> {total, stories: [{id, label, size, first_published, last_published,
  articles: [{id, title, published, publisher, duplicate_of}] (the first ``STORY_ARTICLES``),
  entities: [{id, name, type, articles}] (shared by 2+ of those articles)}]}``
- ``network(entity, limit) -> {nodes: [{id, name, type}], edges: [{source, target, type,
  weight}], focus: [the entity ids around which]}``: edges from events (actor -> target, one edge per event type), from
  co-quotation (type 'co_quoted': two speakers quoted in one article, lower id first) and from
  what quotes name (type 'quoted_about': speaker -> an entity named in the quote), weighted
  by articles, over the latest ``NETWORK_DEPTH`` articles naming ``entity`` (edges touching it;
  its co-speakers and what it says over the latest ``NETWORK_QUOTED_DEPTH`` of them that quote
  it) or of the whole store.
- ``stats() -> dict``: counts, failures by reason, top speakers/entities/publishers, size.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Callable

from newsgraph.identity.names import name_key
from newsgraph.record import Article
from newsgraph.settings import get_settings
from newsgraph.store.filters import (
    ANY_ACT,
    DEFAULT_QUOTE_FILTER,
    DEFAULT_STATEMENTS,
    NO_ARTICLE_FILTER,
    NO_SEARCH_FILTER,
    ON_COUNTS,
    ArticleFilter,
    QuoteFilter,
    SearchFilter,
    StatementFilter,
    _Filter,
)

UNDATED = "undated"  # the month filter's value for articles without a date

FACET_DEPTH = get_settings().store.facet_depth
PROFILE_DEPTH = get_settings().store.profile_depth
NETWORK_DEPTH = get_settings().store.network_depth
# The network around an entity reads who else is quoted where it is and what its quotes name
# from the latest NETWORK_QUOTED_DEPTH of the articles quoting it: an entity quoted in most of
# its articles has 30 co-speakers and 100 mentions in each (a second for 1,000 of them on a
# 100,000-article store), and its strongest ties show in the latest few hundred.
NETWORK_QUOTED_DEPTH = max(1, NETWORK_DEPTH // 4)
STORY_ARTICLES = get_settings().store.story_articles
_HIT_START, _HIT_END = "\x02", "\x03"
SEARCH_RANK = "bm25(articles_fts, 4.0, 1.0)"  # a title word weighs four body words
QUOTE_COLUMNS = (
    "SELECT a.id AS article_id, a.title, a.published, a.publisher, qu.seq, qu.kind, qu.act, qu.text, "
    "qu.start, qu.end, qu.cue, qu.speaker, e.id AS speaker_id, e.name AS speaker_entity"
)
QUOTE_JOINS = "JOIN articles a ON a.num = qu.article LEFT JOIN entities e ON e.id = qu.entity"
# A quote list with words and no speaker reads the full-text hits first (``_quote_filter``).
FULL_TEXT_SOURCE = "quotes_fts CROSS JOIN quotes qu INDEXED BY quotes_by_id ON qu.id = quotes_fts.rowid"
_QUERY_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def fts_query(q: str) -> str:
    """User words to an FTS5 expression: every word and "phrase" quoted (so punctuation and
    FTS syntax in user input cannot break the query), OR kept as an operator."""
    parts: list[str] = []
    for phrase, word in _QUERY_TOKEN.findall(q):
        if word == "OR" and parts and parts[-1] != "OR":
            parts.append("OR")
            continue
        text = (phrase or word).replace('"', "")
        if re.search(r"\w", text):
            parts.append('"' + text + '"')
    if parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


def pack_record(record: dict) -> bytes:
    """The stored form of a record (without its text): compact JSON, zlib-compressed, which
    keeps the full record at a fraction of its size (spans repeat a lot of text)."""
    return zlib.compress(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack_record(packed: bytes) -> dict:
    return json.loads(zlib.decompress(packed))


def _relative(score: float | None, best: float | None) -> float | None:
    """A bm25 score (negative: lower is better) as a share of the best one, to 4 significant
    digits (fixed decimals would round the 1e-6 scores of common words to 0)."""
    return float(f"{score / best:.4g}") if score is not None and best else None


def _marked_html(snippet: str) -> str:
    return html.escape(snippet).replace(_HIT_START, "<mark>").replace(_HIT_END, "</mark>")


# The network's edges (``Queries.network``), as (x, y, type, article) rows of the arms of one
# UNION, over the latest ``NETWORK_DEPTH`` articles (``recent``): edges from events (actor ->
# target), from co-quotation (two speakers quoted in one article, lower id first) and from what
# quotes name (speaker -> an entity named inside the quote). Rows may repeat: the network counts
# distinct articles.
_WHOLE_NETWORK = (
    "recent(article) AS MATERIALIZED (SELECT num FROM articles ORDER BY published DESC LIMIT ?),"
    " speakers(article, entity) AS MATERIALIZED (SELECT DISTINCT q.article, q.entity FROM recent r"
    "  CROSS JOIN quotes q ON q.article = r.article WHERE q.entity IS NOT NULL)",
    [
        "SELECT actor_entity, target_entity, type, ev.article FROM recent r CROSS JOIN events ev"
        " ON ev.article = r.article WHERE actor_entity IS NOT NULL AND target_entity IS NOT NULL"
        " AND actor_entity != target_entity",
        "SELECT s1.entity, s2.entity, 'co_quoted', s1.article FROM speakers s1"
        " JOIN speakers s2 ON s2.article = s1.article AND s2.entity > s1.entity",
        "SELECT q.entity, ae.entity, 'quoted_about', q.article FROM recent r CROSS JOIN quotes q"
        " ON q.article = r.article CROSS JOIN mentions m ON m.article = q.article AND m.start >= q.start"
        " AND m.end <= q.end CROSS JOIN article_entities ae ON ae.article = m.article"
        " AND ae.local_id = m.local_id WHERE q.entity IS NOT NULL AND ae.entity != q.entity",
    ],
)
# Around entities (``focus``), only the edges touching them, read from the focus's own index
# entries (its events, quotes, mentions) and checked against its ``recent`` articles, never by
# reading every row of those articles: an entity's cold network then costs what its own
# coverage costs. ``+article`` keeps SQLite from choosing the article's index instead.
_FOCUS_NETWORK = (
    "recent(article) AS MATERIALIZED (SELECT article FROM article_entities WHERE entity IN focus"
    "  ORDER BY published DESC LIMIT ?),"
    # the date of the oldest of them: the focus's events are read from there on (a much-covered
    # entity is the actor of 200,000 events, of which those articles hold a few hundred)
    " oldest(day) AS MATERIALIZED (SELECT MIN(a.published) FROM recent r CROSS JOIN articles a"
    "  ON a.num = r.article),"
    # the latest NETWORK_QUOTED_DEPTH of them where the focus is quoted, and everyone quoted there
    " quoted(article) AS MATERIALIZED (SELECT article FROM quotes WHERE entity IN focus"
    "  AND +article IN recent GROUP BY article ORDER BY max(published) DESC LIMIT ?),"
    " speakers(article, entity) AS MATERIALIZED (SELECT DISTINCT q.article, q.entity FROM quoted r"
    "  CROSS JOIN quotes q ON q.article = r.article WHERE q.entity IS NOT NULL)",
    [
        *(
            f"SELECT actor_entity, target_entity, type, article FROM events WHERE {role} IN focus"
            f" AND {dated} AND +article IN recent AND actor_entity IS NOT NULL"
            " AND target_entity IS NOT NULL AND actor_entity != target_entity"
            for role in ("actor_entity", "target_entity")
            for dated in ("published >= (SELECT day FROM oldest)", "published IS NULL")
        ),
        # the focus and each other speaker of its articles (lower id first), not every pair of
        # their speakers (30 speakers an article: 400 pairs where 30 touch the focus)
        "SELECT min(f.entity, o.entity), max(f.entity, o.entity), 'co_quoted', f.article FROM speakers f CROSS"
        " JOIN speakers o ON o.article = f.article AND o.entity != f.entity WHERE f.entity IN focus",
        # the focus's quotes and the entities named inside them: the mentions starting in each
        # quote's span, a range of mentions_article_start (the bound on start is implied by the
        # one on end), not every mention of the article
        "SELECT q.entity, ae.entity, 'quoted_about', q.article FROM quoted r CROSS JOIN quotes q"
        " ON q.article = r.article CROSS JOIN mentions m INDEXED BY mentions_article_start"
        " ON m.article = q.article AND m.start >= q.start AND m.start <= q.end"
        " AND m.end <= q.end CROSS JOIN article_entities ae ON ae.article = m.article"
        " AND ae.local_id = m.local_id WHERE q.entity IN focus AND ae.entity != q.entity",
        # others' quotes that name the focus: each quote of its articles asks the mentions index
        # for a mention of the focus inside it (one seek, not a walk over every mention)
        "SELECT q.entity, ae.entity, 'quoted_about', q.article FROM article_entities ae"
        " CROSS JOIN quotes q ON q.article = ae.article"
        " WHERE ae.entity IN focus AND +ae.article IN recent AND q.entity IS NOT NULL"
        " AND q.entity NOT IN focus AND EXISTS (SELECT 1 FROM mentions m WHERE m.article = q.article"
        " AND m.local_id = ae.local_id AND m.start >= q.start AND m.start < q.end AND m.end <= q.end)",
    ],
)


class Queries:
    conn: sqlite3.Connection

    # Names (speaker, entity filters, profiles) are resolved by ``resolve``, which ``Store`` takes
    # from ``newsgraph.identity.lookup.IdentityQueries``: titles, variants and ambiguity understood.
    resolve: Callable[[str | int], list[int]]
    find: Callable[[str | int], dict]

    def ambiguous_names(self, **names: str | None) -> dict[str, dict]:
        """The name filters (``speaker="Clinton"``…) that several people answer to, each as
        {name, candidates: [{id, name, type, articles, quotes}]} (most covered first; ``quotes``
        is the one count, statements): what a view shows instead of silently picking one."""
        ambiguous = {}
        for param, name in names.items():
            found = self.find(name) if name else None
            if found and found["ambiguous"]:
                ids = [c["id"] for c in found["candidates"]]
                quotes = dict(
                    self.conn.execute(
                        f"SELECT id, n_statements FROM entities WHERE id IN ({','.join('?' * len(ids))})", ids
                    ).fetchall()
                )
                candidates = [{**c, "quotes": quotes[c["id"]]} for c in found["candidates"]]
                ambiguous[param] = {"name": name, "candidates": candidates}
        return ambiguous

    def _where(self, filters: ArticleFilter) -> _Filter:
        """The WHERE clause over ``articles a`` of every filter but the search's words."""
        where = _Filter()
        if filters.publisher:
            where.add("a.publisher = ?", filters.publisher)
        if filters.since:
            where.add("a.published >= ?", filters.since)
        if filters.until:
            where.add("substr(a.published, 1, 10) <= ?", filters.until)
        if filters.month == UNDATED:
            where.add("a.published IS NULL")
        elif filters.month:  # a range on the published index: '2016-03' <= '2016-03-15' < '2016-03\uffff'
            where.add("a.published >= ? AND a.published < ?", filters.month, filters.month + "\uffff")
        if filters.language:
            where.add("a.language = ?", filters.language)
        for name, table in ((filters.entity, "article_entities"), (filters.speaker, "quotes")):
            if name:
                ids = self.resolve(name)
                where.add(
                    f"EXISTS (SELECT 1 FROM {table} x WHERE x.article = a.num AND x.entity IN "
                    f"({','.join('?' * len(ids)) or 'NULL'}))",
                    *ids,
                )
        return where

    # -- articles ------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute(
            "SELECT b.text, b.record FROM articles a JOIN article_bodies b ON b.article = a.num "
            "WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        record = unpack_record(row["record"])
        record["text"] = row["text"]
        return Article.model_validate(record)

    def sources_of(self, article_id: str) -> list[str]:
        return [
            r["source"]
            for r in self.conn.execute(
                "SELECT source FROM sources s JOIN articles a ON a.num = s.article WHERE a.id = ? "
                "ORDER BY source",
                (article_id,),
            )
        ]

    def article_entity_ids(self, article_id: str) -> dict[str, int]:
        """The collection-wide entity id of each of an article's entities (E1 -> 42)."""
        return {
            r["local_id"]: r["entity"]
            for r in self.conn.execute(
                "SELECT ae.local_id, ae.entity FROM article_entities ae JOIN articles a ON a.num = ae.article "
                "WHERE a.id = ?",
                (article_id,),
            )
        }

    def list_articles(
        self, filters: ArticleFilter = NO_ARTICLE_FILTER, limit: int = 50, offset: int = 0
    ) -> dict:
        where = self._where(filters)
        total = self.conn.execute(
            f"SELECT COUNT(*) FROM articles a WHERE {where.sql()}", where.params
        ).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT a.id, a.title, a.published, a.publisher, a.url, "
            f"(SELECT COUNT(*) FROM quotes q WHERE q.article = a.num) AS quotes, "
            f"(SELECT COUNT(*) FROM article_entities e WHERE e.article = a.num) AS entities "
            f"FROM articles a WHERE {where.sql()} ORDER BY a.published DESC, a.num DESC LIMIT ? OFFSET ?",
            [*where.params, limit, offset],
        ).fetchall()
        return {"total": total, "articles": [dict(r) for r in rows]}

    def search(self, filters: SearchFilter = NO_SEARCH_FILTER, limit: int = 20, offset: int = 0) -> dict:
        where = self._where(filters)
        match = fts_query(filters.q or "")
        rank = SEARCH_RANK
        if match:
            # Ranking reads the index alone unless a filter needs the articles' metadata. CROSS JOIN
            # keeps the full-text match as the outer loop: otherwise SQLite may walk an index on the
            # filter (e.g. publisher) and probe the match per row, 100x slower on a big store.
            source = "articles_fts" + (
                " CROSS JOIN articles a ON a.num = articles_fts.rowid" if where.clauses else ""
            )
            key, order = "articles_fts.rowid", rank
            where.add("articles_fts MATCH ?", match)
        else:
            source, key, order = "articles a", "a.num", "a.published DESC, a.num DESC"
        # Rank once: the best FACET_DEPTH hits give the page, the facets and (when fewer) the total.
        depth = max(FACET_DEPTH, offset + limit)
        ranked_rows = self.conn.execute(
            f"SELECT {key}, {order if match else 'NULL'} FROM {source} "
            f"WHERE {where.sql()} ORDER BY {order} LIMIT ?",
            [*where.params, depth],
        ).fetchall()
        ranked = [r[0] for r in ranked_rows]
        best = ranked_rows[0][1] if ranked_rows else None
        total = (
            len(ranked)
            if len(ranked) < depth
            else self.conn.execute(
                f"SELECT COUNT(*) FROM {source} WHERE {where.sql()}", where.params
            ).fetchone()[0]
        )
        page = json.dumps(ranked[offset : offset + limit])
        columns = "a.id, a.title, a.published, a.publisher, a.url"
        if match:
            rows = self.conn.execute(
                f"SELECT {columns}, snippet(articles_fts, 1, '{_HIT_START}', '{_HIT_END}', '…', 24) AS snippet, "
                f"{rank} AS score FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid "
                f"WHERE articles_fts MATCH ? AND articles_fts.rowid IN (SELECT value FROM json_each(?)) "
                f"ORDER BY {rank}",
                (match, page),
            ).fetchall()
        else:
            rows = self.conn.execute(
                f"SELECT {columns}, substr(b.text, 1, 200) AS snippet, NULL AS score FROM articles a "
                f"JOIN article_bodies b ON b.article = a.num WHERE a.num IN (SELECT value FROM json_each(?)) "
                f"ORDER BY {order}",
                (page,),
            ).fetchall()
        hits = [
            {**dict(r), "snippet": _marked_html(r["snippet"] or ""), "score": _relative(r["score"], best)}
            for r in rows
        ]
        return {"total": total, "hits": hits, "facets": self._facets(ranked[:FACET_DEPTH]) if ranked else {}}

    def _facets(self, nums: list[int]) -> dict:
        with_hits = "WITH hits(num) AS (SELECT value FROM json_each(?)) "
        params = [json.dumps(nums)]
        top = {
            "publisher": "SELECT a.publisher AS name, COUNT(*) AS count FROM hits JOIN articles a "
            "ON a.num = hits.num WHERE a.publisher IS NOT NULL GROUP BY a.publisher",
            "entity": "SELECT e.name AS name, e.id AS id, COUNT(DISTINCT ae.article) AS count FROM hits JOIN article_entities ae "
            "ON ae.article = hits.num JOIN entities e ON e.id = ae.entity GROUP BY e.id",
            "speaker": "SELECT e.name AS name, e.id AS id, COUNT(DISTINCT q.article) AS count FROM hits "
            "JOIN quotes q ON q.article = hits.num JOIN entities e ON e.id = q.entity GROUP BY e.id",
        }
        facets = {
            facet: [
                dict(r)
                for r in self.conn.execute(f"{with_hits}{sql} ORDER BY count DESC, name LIMIT 10", params)
            ]
            for facet, sql in top.items()
        }
        facets["month"] = [
            dict(r)
            for r in self.conn.execute(
                f"{with_hits}SELECT substr(a.published, 1, 7) AS name, COUNT(*) AS count FROM hits "
                "JOIN articles a ON a.num = hits.num WHERE a.published IS NOT NULL "
                "GROUP BY name ORDER BY name DESC LIMIT 24",
                params,
            )
        ]
        return facets

    # -- quotes and entities -------------------------------------------------------------------

    def _quote_filter(self, filters: QuoteFilter, sort: str) -> tuple[str, _Filter, str, list[int], str]:
        """(source, where, order, speaker ids, FTS match) of a quote listing, one definition for
        the page and its export; ``where`` leaves the speaker out (``speaker_clause`` adds it)."""
        where = _Filter()
        filters.add_to(where)
        ids = self.resolve(filters.speaker) if filters.speaker else []
        match = fts_query(filters.q or "")
        # A speaker's quotes come from the (entity, published) index, in date order: left to
        # itself the planner walks every statement of the collection by date until it has a page
        # of a little-quoted speaker's (0.6 s on a 100k store instead of 1 ms). With words, each
        # of the speaker's quotes is looked up among the words' hits (one pass over the full-text
        # index's list, not each of a common word's 200,000 hits checked for the speaker), unless
        # the hits are ranked: then, as without a speaker, the full-text index leads.
        source = "quotes qu"
        if ids and not (match and sort == "rank"):
            source = "quotes qu INDEXED BY quotes_entity_published"
            if match:
                where.add("qu.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", match)
        elif match:
            # CROSS JOIN keeps the full-text hits as the outer loop: a count's columns all lie in
            # the (act, substantive, published) index, so the planner walked every statement there
            # and asked the full-text index about each (minutes for a common word on a 100k store).
            # Each hit's filters and order are read from the narrow quotes_by_id entries.
            source = FULL_TEXT_SOURCE
            where.add("quotes_fts MATCH ?", match)
        order = {
            "date": "qu.published, qu.article, qu.seq",
            "-date": "qu.published DESC, qu.article DESC, qu.seq DESC",
            "rank": "bm25(quotes_fts)"
            if source == FULL_TEXT_SOURCE
            else "qu.published DESC, qu.article DESC, qu.seq DESC",
        }[sort]
        return source, where, order, ids, match

    @staticmethod
    def speaker_clause(where: _Filter, ids: list[int]) -> None:
        where.add(f"qu.entity IN ({','.join('?' * len(ids)) or 'NULL'})", *ids)

    def quotes(
        self,
        filters: QuoteFilter = DEFAULT_QUOTE_FILTER,
        sort: str = "-date",
        limit: int = 50,
        offset: int = 0,
    ) -> dict:
        """Quotes across the collection; by default statements only (see ``StatementFilter``)."""
        source, where, order, ids, match = self._quote_filter(filters, sort)
        speaker = filters.speaker
        total = self.count_quotes(ids if speaker else None, where, source, filters, bool(match))
        speakers = self._speaker_shares(ids, total, where, source, filters, bool(match)) if speaker else []
        if speaker and len(ids) > 1 and source != FULL_TEXT_SOURCE:
            # A name several entities answer to: one date-ordered index scan per entity, merged
            # (SQLite would otherwise sort every quote of all of them).
            per_entity = " AND ".join(["qu.entity = ?", *where.clauses])
            source = (
                "("
                + " UNION ALL ".join(
                    f"SELECT * FROM (SELECT * FROM {source} WHERE {per_entity} ORDER BY {order} LIMIT ?)"
                    for _ in ids
                )
                + ") AS qu"
            )
            params = [p for entity_id in ids for p in (entity_id, *where.params, offset + limit)]
            where = _Filter()
            where.params = params
        elif speaker:
            self.speaker_clause(where, ids)
        walk = self._date_walk(filters, sort, total, limit + offset) if source == FULL_TEXT_SOURCE else None
        if walk:
            rows = self._page_of_hits(*walk, order, limit, offset)
        elif source == FULL_TEXT_SOURCE:
            rows = self._page_of_hits(source, where, order, limit, offset)
        else:
            rows = self.conn.execute(
                f"{QUOTE_COLUMNS} FROM {source} {QUOTE_JOINS} WHERE {where.sql()} "
                f"ORDER BY {order} LIMIT ? OFFSET ?",
                [*where.params, limit, offset],
            ).fetchall()
        result = {"total": total, "quotes": [dict(r) for r in rows]}
        if speaker:
            result["speakers"] = speakers
        return result

    def _date_walk(
        self, filters: QuoteFilter, sort: str, hits: int, depth: int
    ) -> tuple[str, _Filter] | None:
        """(source, where) of a page of a common word's statements in date order, walked from the
        date-ordered index of their act, each entry looked up among the word's hits, when that
        walk is shorter than the ``hits`` to sort: the page's ``depth`` (offset + limit) entries
        among all the filter's statements, the word in about ``hits`` of them ("trump": 190,000
        hits sorted, 400 ms; 500 entries walked, 60 ms). None when the hits are fewer (a rare
        word's page would walk the whole index) or no index holds the filter in date order."""
        statements = filters.statements
        if sort == "rank" or statements.shown_act == ANY_ACT or statements.everything or not hits:
            return None
        if statements.resolved is not None and not statements.kind:
            return None  # whether the speaker is resolved is in the kind's index only
        filtered = QuoteFilter(since=filters.since, until=filters.until, statements=statements)
        statements_total = self.count_quotes(None, _Filter(), filters=filtered)
        if depth * statements_total / hits > hits:
            return None
        where = _Filter()
        filtered.add_to(where)
        where.add(
            "qu.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", fts_query(filters.q or "")
        )
        index = "quotes_act_kind" if statements.kind else "quotes_act_published"
        return f"quotes qu INDEXED BY {index}", where

    def _page_of_hits(self, source: str, where: _Filter, order: str, limit: int, offset: int) -> list:
        """A page of a list with words: its quote ids first, sorted from the index entries of
        every hit, then the page's rows (with their text) alone."""
        page = [
            r[0]
            for r in self.conn.execute(
                f"SELECT qu.id FROM {source} WHERE {where.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
                [*where.params, limit, offset],
            )
        ]
        rows = self.conn.execute(
            f"{QUOTE_COLUMNS}, qu.id AS quote_id FROM quotes qu {QUOTE_JOINS} "
            "WHERE qu.id IN (SELECT value FROM json_each(?))",
            (json.dumps(page),),
        ).fetchall()
        by_id = {r["quote_id"]: r for r in rows}
        return [{k: by_id[i][k] for k in by_id[i].keys() if k != "quote_id"} for i in page]

    def _speaker_shares(
        self,
        ids: list[int],
        total: int,
        where: _Filter,
        source: str,
        filters: QuoteFilter,
        words: bool,
    ) -> list[dict]:
        """Who a speaker name means (several entities may answer to it), each with its share of
        the total, counted by ``count_quotes``: the entity page of each shows the same number."""
        shares = []
        for entity_id in ids:
            entity = dict(
                self.conn.execute("SELECT id, name, type FROM entities WHERE id = ?", (entity_id,)).fetchone()
            )
            entity["quotes"] = (
                total if len(ids) == 1 else self.count_quotes([entity_id], where, source, filters, words)
            )
            shares.append(entity)
        return shares

    def count_quotes(
        self,
        speaker_ids: list[int] | None,
        where: _Filter,
        source: str = "quotes qu",
        filters: QuoteFilter = DEFAULT_QUOTE_FILTER,
        words: bool = False,
    ) -> int:
        """The one count of quotes every view shows: ``where`` (``filters``' dates and statement
        filter, and the full-text match when there are ``words``) over ``source``, for the quotes of
        ``speaker_ids`` if given. Without words, counts kept by triggers answer, which the tests
        check equal the COUNT(*) of the same filter: a speaker's statements (or all their quotes)
        are a column of ``entities``; the whole collection's quotes, dates included, are summed
        from ``quote_counts`` (one row per statement filter and day: a filter without a kind
        would otherwise scan a million index entries, one with a kind or dates as many rows)."""
        statements = filters.statements
        if speaker_ids is None and not words:
            kept = _Filter()
            filters.add_to(kept, ON_COUNTS)
            return self.conn.execute(
                f"SELECT COALESCE(SUM(n), 0) FROM quote_counts qu WHERE {kept.sql()}", kept.params
            ).fetchone()[0]
        dated = bool(filters.since or filters.until)
        if speaker_ids is not None and not words and not dated:
            if statements.counted_column:
                return self.conn.execute(
                    f"SELECT COALESCE(SUM({statements.counted_column}), 0) FROM entities WHERE id IN "
                    f"({','.join('?' * len(speaker_ids)) or 'NULL'})",
                    speaker_ids,
                ).fetchone()[0]
            # another statement filter: the speaker's (entity, act, substantive, kind) entries
            # alone, not each row through the page's date-ordered index (260 -> 50 ms for a
            # speaker's 100,000 quotes)
            source = "quotes qu INDEXED BY quotes_entity_act"
        clauses, params = list(where.clauses), list(where.params)
        if speaker_ids is not None:
            clauses.append(f"qu.entity IN ({','.join('?' * len(speaker_ids)) or 'NULL'})")
            params += speaker_ids
        return self.conn.execute(
            f"SELECT COUNT(*) FROM {source} WHERE {' AND '.join(clauses) or '1'}", params
        ).fetchone()[0]

    def entities(
        self, type: str | None = None, limit: int = 50, offset: int = 0, q: str | None = None
    ) -> list[dict]:
        """The most covered entities (of a type; whose name or alias starts with ``q``). Without a
        type, groups named by adjective (NORP: "Republican", "Democratic") are left out: they
        describe, the parties as organisations are the entities."""
        where = _Filter()
        if type:
            where.add("e.type = ?", type)
        else:
            where.add("e.type != 'NORP'")
        if q:
            prefix = name_key(q)
            where.add(
                "e.id IN (SELECT entity FROM entity_aliases WHERE alias_key >= ? AND alias_key < ?)",
                prefix,
                prefix + "\U0010ffff",
            )
        rows = self.conn.execute(
            f"SELECT e.id, e.name, e.type, e.n_articles AS articles, e.n_mentions AS mentions, "
            f"e.n_statements AS quotes, e.n_quotes AS all_quotes "
            f"FROM entities e WHERE e.n_articles > 0 AND {where.sql()} "
            f"ORDER BY e.n_articles DESC, e.name LIMIT ? OFFSET ?",
            [*where.params, limit, offset],
        )
        return [dict(r) for r in rows]

    def entity_profile(
        self, id_or_name: str | int, limit: int = 20, statements: StatementFilter = DEFAULT_STATEMENTS
    ) -> dict | None:
        ids = self.resolve(id_or_name)
        if not ids:
            return None
        entity_id = ids[0]
        profile = dict(
            self.conn.execute("SELECT id, name, type FROM entities WHERE id = ?", (entity_id,)).fetchone()
        )
        profile["aliases"] = [
            r["alias"]
            for r in self.conn.execute(
                "SELECT alias FROM entity_aliases WHERE entity = ? ORDER BY alias", (entity_id,)
            )
        ]
        # Counts and timeline cover every article (index-only scans); titles and co-occurring
        # entities come from the latest PROFILE_DEPTH articles, so a profile costs the same for
        # the most covered person of a 100,000-article store as for anyone else.
        counts = self.conn.execute(
            "SELECT COUNT(DISTINCT article) AS articles, SUM(n_mentions) AS mentions "
            "FROM article_entities WHERE entity = ?",
            (entity_id,),
        ).fetchone()
        profile.update(articles=counts["articles"], mentions=counts["mentions"] or 0)
        profile["timeline"] = [
            dict(r)
            for r in self.conn.execute(
                "SELECT substr(published, 1, 7) AS month, COUNT(DISTINCT article) AS articles, "
                "SUM(n_mentions) AS mentions FROM article_entities WHERE entity = ? AND published IS NOT NULL "
                "GROUP BY month ORDER BY month",
                (entity_id,),
            )
        ]
        latest = (
            "(SELECT article FROM article_entities WHERE entity = ? "
            "ORDER BY published DESC, article DESC LIMIT ?)"
        )
        titles: dict[str, int] = defaultdict(int)
        for row in self.conn.execute(
            f"SELECT titles FROM article_entities WHERE entity = ? AND titles != '[]' "
            f"AND article IN {latest}",
            (entity_id, entity_id, PROFILE_DEPTH),
        ):
            for title in json.loads(row["titles"]):
                titles[title] += 1
        profile["titles"] = [
            {"title": t, "count": n} for t, n in sorted(titles.items(), key=lambda kv: -kv[1])
        ]
        profile["quotes"] = self.quotes(
            QuoteFilter(speaker=str(entity_id), statements=statements), limit=limit
        )
        profile["cooccurring"] = [
            dict(r)
            for r in self.conn.execute(
                "SELECT e.id, e.name, e.type, COUNT(DISTINCT other.article) AS articles FROM article_entities other "
                f"JOIN entities e ON e.id = other.entity WHERE other.article IN {latest} AND other.entity != ? "
                "GROUP BY e.id ORDER BY articles DESC, e.name LIMIT ?",
                (entity_id, PROFILE_DEPTH, entity_id, limit),
            )
        ]
        # Latest events as actor and as target: two index scans in date order, merged.
        latest_events = (
            "SELECT * FROM (SELECT rowid AS event, * FROM events WHERE {role} = ? "
            "ORDER BY published DESC LIMIT ?)"
        )
        profile["events"] = [
            dict(r)
            for r in self.conn.execute(
                "SELECT a.id AS article_id, ev.published, ev.type, ev.cameo, ev.trigger, ev.sentence, ev.actor, "
                "ev.actor_entity, ev.target, ev.target_entity, ev.place, ev.time_value, "
                "time_text(ev.time_value, NULL, NULL) AS time_label FROM ("
                f"{latest_events.format(role='actor_entity')} UNION {latest_events.format(role='target_entity')}"
                ") AS ev JOIN articles a ON a.num = ev.article ORDER BY ev.published DESC LIMIT ?",
                (entity_id, limit, entity_id, limit, limit),
            )
        ]
        return profile

    # -- stories, network, stats ---------------------------------------------------------------

    def stories(self, limit: int = 50, offset: int = 0) -> dict:
        total = self.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        stories = [
            dict(r)
            for r in self.conn.execute(
                "SELECT id, label, size, first_published, last_published FROM stories "
                "ORDER BY size DESC, last_published DESC, id LIMIT ? OFFSET ?",
                (limit, offset),
            )
        ]
        for story in stories:
            listed = (
                "SELECT sa.article FROM story_articles sa JOIN articles a ON a.num = sa.article "
                "WHERE sa.story = ? ORDER BY a.published, a.num LIMIT ?"
            )
            story["articles"] = [
                dict(r)
                for r in self.conn.execute(
                    "SELECT a.id, a.title, a.published, a.publisher, orig.id AS duplicate_of "
                    "FROM story_articles sa JOIN articles a ON a.num = sa.article "
                    "LEFT JOIN articles orig ON orig.num = sa.duplicate_of "
                    f"WHERE sa.story = ? AND sa.article IN ({listed}) ORDER BY a.published, a.num",
                    (story["id"], story["id"], STORY_ARTICLES),
                )
            ]
            story["entities"] = [
                dict(r)
                for r in self.conn.execute(
                    "SELECT e.id, e.name, e.type, COUNT(DISTINCT ae.article) AS articles FROM article_entities ae "
                    f"JOIN entities e ON e.id = ae.entity WHERE ae.article IN ({listed}) "
                    "GROUP BY e.id HAVING articles >= 2 ORDER BY articles DESC, e.name LIMIT 8",
                    (story["id"], STORY_ARTICLES),
                )
            ]
        return {"total": total, "stories": stories}

    def network(self, entity: str | None = None, limit: int = 200) -> dict:
        """Who acts on / is quoted with whom in the latest ``NETWORK_DEPTH`` articles naming
        ``entity`` (edges touching it; its co-speakers and what its quotes name in the latest
        ``NETWORK_QUOTED_DEPTH`` of them that quote it), or in the latest articles of the store."""
        focus = self.resolve(entity) if entity else []
        if entity and not focus:
            return {"nodes": [], "edges": [], "focus": []}
        tables, arms = _FOCUS_NETWORK if focus else _WHOLE_NETWORK
        edges = [
            dict(r)
            for r in self.conn.execute(
                f"WITH focus(entity) AS (SELECT value FROM json_each(?)), {tables},"
                f" pairs(x, y, type, article) AS ({' UNION ALL '.join(arms)})"
                " SELECT x AS source, y AS target, type, COUNT(DISTINCT article) AS weight FROM pairs"
                " GROUP BY x, y, type ORDER BY weight DESC, x, y LIMIT ?",
                [json.dumps(focus), NETWORK_DEPTH, *([NETWORK_QUOTED_DEPTH] if focus else []), limit],
            )
        ]
        node_ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
        nodes = [
            dict(r)
            for r in self.conn.execute(
                f"SELECT id, name, type FROM entities WHERE id IN ({','.join('?' * len(node_ids))})", node_ids
            )
        ]
        return {"nodes": nodes, "edges": edges, "focus": focus}

    def stats(self, top: int = 10) -> dict:
        count = {
            table: self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in (
                "articles",
                "sources",
                "failures",
                "entities",
                "quotes",
                "quantities",
                "times",
                "events",
                "stories",
            )
        }
        page_size = self.conn.execute("PRAGMA page_size").fetchone()[0]
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        return {
            "schema_version": self.conn.execute("PRAGMA user_version").fetchone()[0],
            "counts": count,
            "failures_by_reason": [
                dict(r)
                for r in self.conn.execute(
                    "SELECT reason, COUNT(*) AS count FROM failures GROUP BY reason ORDER BY count DESC"
                )
            ],
            "failures": [
                dict(r)
                for r in self.conn.execute(
                    "SELECT source, reason, error, failed_at FROM failures ORDER BY failed_at DESC, source LIMIT ?",
                    (top,),
                )
            ],
            "top_speakers": [
                dict(r)
                for r in self.conn.execute(
                    "SELECT id, name, type, n_statements AS quotes, n_quotes AS all_quotes, "
                    "n_articles AS articles "
                    "FROM entities WHERE n_statements > 0 ORDER BY n_statements DESC, name LIMIT ?",
                    (top,),
                )
            ],
            "top_entities": self.entities(limit=top),
            "publishers": [
                dict(r)
                for r in self.conn.execute(
                    "SELECT publisher AS name, COUNT(*) AS articles FROM articles WHERE publisher IS NOT NULL "
                    "GROUP BY publisher ORDER BY articles DESC LIMIT ?",
                    (top,),
                )
            ],
            "published_range": dict(
                self.conn.execute(
                    "SELECT MIN(published) AS first, MAX(published) AS last FROM articles"
                ).fetchone()
            ),
            "db_bytes": page_size * pages,
            "bytes_per_article": round(page_size * pages / count["articles"]) if count["articles"] else None,
        }
