"""The SQLite store: one connection, the write path (articles, failures, sources), and the
read API inherited from ``queries.Queries``. See ``newsgraph.store`` for the overview."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import get_args

from newsgraph.errors import NewsgraphError
from newsgraph.identity.cluster import Identity
from newsgraph.identity.lookup import IdentityQueries
from newsgraph.record import Article, EntityType
from newsgraph.store.migrations import LATEST_VERSION, current_version, migrate
from newsgraph.store.queries import Queries, pack_record
from newsgraph.store.stories import signature


def open_store(path: str | Path, readonly: bool = False) -> "Store":
    """Open (and for writing, create or migrate) the store at ``path``."""
    path = Path(path)
    try:
        return _open(path, readonly)
    except sqlite3.DatabaseError as exc:  # not a database, unwritable folder, locked…
        raise NewsgraphError(f"cannot open the store {path}: {exc}") from exc


def _open(path: Path, readonly: bool) -> "Store":
    if readonly:
        if not path.exists():
            raise NewsgraphError(f"no store at {path}")
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False,
                               isolation_level=None)
        conn.execute("PRAGMA mmap_size = 1073741824")  # queries read pages straight from the OS cache
        conn.execute("PRAGMA cache_size = -65536")  # 64 MB of pages: the hot indexes of a large store
    else:
        # isolation_level=None: transactions are explicit (Store.transaction), never implicit.
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at each checkpoint, never corrupt
        conn.execute("PRAGMA cache_size = -16384")  # 16 MB: writes touch index tops, the analysis needs the RAM
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    if readonly:
        _check_readable(conn, path)
    else:
        migrate(conn)
    return Store(conn, path, readonly)


def _check_readable(conn: sqlite3.Connection, path: Path) -> None:
    version = current_version(conn)
    if version == 0 or version > LATEST_VERSION:
        raise NewsgraphError(f"{path} is not a store this newsgraph can read "
                             f"(schema version {version}, expected {LATEST_VERSION})")
    if version < LATEST_VERSION:  # a read-only connection cannot migrate
        raise NewsgraphError(f"{path} has an older schema (version {version}); open it for writing "
                             f"once to upgrade it, e.g. `newsgraph stories --rebuild --db {path}`")


# Named things only: numbers and dates a tagger may label (CARDINAL, DATE…) are not entities
# to follow across articles; the record keeps them regardless.
NAMED_TYPES = frozenset(get_args(EntityType))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store(IdentityQueries, Queries):  # IdentityQueries.resolve: names as people type them
    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.identity = Identity(conn)  # cross-article entity resolution (newsgraph/identity/)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside land together or not at all (ingest commits one batch per block)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            self.identity.forget()  # what was read in the rolled-back transaction is gone
            raise
        self.conn.execute("COMMIT")

    # -- sources -------------------------------------------------------------------------------

    def is_current(self, source: str, input_hash: str) -> bool:
        """True when ``source`` was already stored (or failed) with exactly this input."""
        row = self.conn.execute(
            "SELECT 1 FROM sources WHERE source = ? AND input_hash = ? "
            "UNION ALL SELECT 1 FROM failures WHERE source = ? AND input_hash = ?",
            (source, input_hash, source, input_hash)).fetchone()
        return row is not None

    def add_article(self, article: Article, source: str | None = None, input_hash: str | None = None) -> int:
        """Store ``article`` as the content of ``source``; returns its ``num``. Content already
        stored is not written again; a source whose content changed drops its old article
        unless another source still holds it."""
        source = source or article.url or article.id
        num = self._article_num(article.id)
        if num is None:
            num = self._insert_article(article)
        previous = self.conn.execute("SELECT article FROM sources WHERE source = ?", (source,)).fetchone()
        self.conn.execute(
            "INSERT INTO sources(source, input_hash, article, ingested_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(source) DO UPDATE SET input_hash = excluded.input_hash, "
            "article = excluded.article, ingested_at = excluded.ingested_at",
            (source, input_hash or article.id, num, _now()))
        self.conn.execute("DELETE FROM failures WHERE source = ?", (source,))
        if previous is not None and previous["article"] != num:
            self._drop_if_orphan(previous["article"])
        return num

    def add_failure(self, source: str, input_hash: str, reason: str, error: str) -> None:
        """Record why ``source`` could not be analysed; a stored article for it is dropped."""
        previous = self.conn.execute("SELECT article FROM sources WHERE source = ?", (source,)).fetchone()
        if previous is not None:
            self.conn.execute("DELETE FROM sources WHERE source = ?", (source,))
            self._drop_if_orphan(previous["article"])
        self.conn.execute(
            "INSERT OR REPLACE INTO failures(source, input_hash, reason, error, failed_at) "
            "VALUES (?, ?, ?, ?, ?)", (source, input_hash, reason, error, _now()))

    def _article_num(self, article_id: str) -> int | None:
        row = self.conn.execute("SELECT num FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row["num"] if row else None

    def _drop_if_orphan(self, num: int) -> None:
        self.conn.execute("DELETE FROM articles WHERE num = ? AND NOT EXISTS "
                          "(SELECT 1 FROM sources WHERE article = ?)", (num, num))

    # -- article rows --------------------------------------------------------------------------

    def _insert_article(self, article: Article) -> int:
        record = article.to_dict()
        del record["text"]  # kept once, in article_bodies.text
        num = self.conn.execute(
            "INSERT INTO articles(id, title, published, publisher, url, language, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (article.id, article.title, article.published, article.publisher,
                                             article.url, article.language, _now())).lastrowid
        self.conn.execute("INSERT INTO article_bodies(article, title, text, record) VALUES (?, ?, ?, ?)",
                          (num, article.title, article.text, pack_record(record)))
        entity_ids = self._insert_entities(num, article)
        self._insert_quotes(num, article, entity_ids)
        self.conn.executemany(
            "INSERT INTO quantities(article, seq, start, end, text, kind, value, unit, bound, counted) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(num, i, q.start, q.end, q.text, q.kind, q.value, q.unit, q.bound,
              q.counted.text if q.counted else None) for i, q in enumerate(article.quantities)])
        self.conn.executemany(
            "INSERT INTO times(article, seq, start, end, text, type, value) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(num, i, t.start, t.end, t.text, t.type, t.value) for i, t in enumerate(article.times)])
        self._insert_events(num, article, entity_ids)
        minhash, keywords = signature(article.text)
        self.conn.execute("INSERT INTO signatures(article, minhash, keywords) VALUES (?, ?, ?)",
                          (num, minhash, json.dumps(keywords)))
        return num

    def _insert_entities(self, num: int, article: Article) -> dict[str, int]:
        """Link each of the article's entities to its cross-article entity; local id -> global id."""
        named = [ent for ent in article.entities if ent.type in NAMED_TYPES]
        local_to_global = self.identity.assign(num, named)
        for ent in named:
            first = min((m.start for m in ent.mentions), default=None)
            self.conn.execute(
                "INSERT INTO article_entities(article, local_id, entity, name, titles, n_mentions, "
                "first_start, published, article_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (num, ent.id, local_to_global[ent.id], ent.name, json.dumps(ent.titles), len(ent.mentions), first,
                 article.published, ent.type))
            self.conn.executemany(
                "INSERT INTO mentions(article, local_id, start, end, text, kind) VALUES (?, ?, ?, ?, ?, ?)",
                [(num, ent.id, m.start, m.end, m.text, m.kind) for m in ent.mentions])
        return local_to_global

    def _insert_quotes(self, num: int, article: Article, entity_ids: dict[str, int]) -> None:
        rows = []
        for seq, quote in enumerate(article.quotes):
            if not quote.content:
                continue
            speaker = quote.speaker
            rows.append((num, seq, quote.kind, " … ".join(s.text for s in quote.content),
                         min(s.start for s in quote.content), max(s.end for s in quote.content),
                         " ".join(s.text for s in quote.cue) or None,
                         speaker.name if speaker else None,
                         entity_ids.get(speaker.entity_id) if speaker and speaker.entity_id else None,
                         article.published))
        self.conn.executemany(
            "INSERT INTO quotes(article, seq, kind, text, start, end, cue, speaker, entity, published) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def _insert_events(self, num: int, article: Article, entity_ids: dict[str, int]) -> None:
        def party(participant):
            if participant is None:
                return None, None
            return participant.name, entity_ids.get(participant.entity_id or "")

        rows = []
        for seq, event in enumerate(article.events):
            time_value = None
            if event.time is not None and 0 <= event.time < len(article.times):
                time_value = article.times[event.time].value
            rows.append((num, seq, event.type, event.cameo, event.trigger.text, event.sentence.text,
                         *party(event.actor), *party(event.target), *party(event.place), time_value,
                         article.published))
        self.conn.executemany(
            "INSERT INTO events(article, seq, type, cameo, trigger, sentence, actor, actor_entity, "
            "target, target_entity, place, place_entity, time_value, published) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
