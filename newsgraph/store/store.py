"""The SQLite store: one connection, the write path (articles, failures, sources), and the
read API inherited from ``queries.Queries``. See ``newsgraph.store`` for the overview."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import get_args

from newsgraph.acts import act_of_cue, has_real_content
from newsgraph.errors import NewsgraphError
from newsgraph.identity.cluster import Identity
from newsgraph.identity.lookup import IdentityQueries
from newsgraph.record import Article, EntityType
from newsgraph.settings import get_settings
from newsgraph.store.browse import Browse
from newsgraph.store.migrations import LATEST_VERSION, current_version, migrate
from newsgraph.store.queries import pack_record, unpack_record
from newsgraph.store.stories import signature
from newsgraph.times_text import time_text

WAL_HEADER_BYTES = 32  # magic, version, page size, checkpoint sequence, salts, checksum


def open_store(path: str | Path, readonly: bool = False) -> Store:
    """Open (and for writing, create or migrate) the store at ``path``."""
    path = Path(path)
    try:
        return _open(path, readonly)
    except sqlite3.DatabaseError as exc:  # not a database, unwritable folder, locked…
        raise NewsgraphError(f"cannot open the store {path}: {exc}") from exc


def _open(path: Path, readonly: bool) -> Store:
    settings = get_settings().store
    if readonly:
        if not path.exists():
            raise NewsgraphError(f"no store at {path}")
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
        )
        # mmap: queries read pages straight from the OS cache, shared by every connection and
        # process, so a store up to the map's size costs no private memory per connection; the
        # page cache only holds pages beyond it (SQLite caps the map at about 2 GiB). The explorer
        # keeps read_connections of these, so its private memory is bounded by their caches.
        conn.execute(f"PRAGMA mmap_size = {settings.read_mmap_bytes:d}")
        conn.execute(f"PRAGMA cache_size = -{settings.read_cache_kb:d}")
    else:
        # isolation_level=None: transactions are explicit (Store.transaction), never implicit.
        # The busy timeout comes first: switching a new file to WAL takes a lock another process
        # opening the same new store may hold.
        conn = sqlite3.connect(
            path, check_same_thread=False, isolation_level=None, timeout=settings.busy_timeout_ms / 1000
        )
        deadline = time.monotonic() + settings.busy_timeout_ms / 1000
        _while_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"), deadline)
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at each checkpoint, never corrupt
        # A small cache: writes touch index tops, and the analysis beside them needs the RAM.
        conn.execute(f"PRAGMA cache_size = -{settings.write_cache_kb:d}")
    conn.row_factory = sqlite3.Row
    register_functions(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {settings.busy_timeout_ms:d}")
    if readonly:
        _check_readable(conn, path)
    else:
        _while_locked(lambda: migrate(conn), deadline)
    return Store(conn, path, readonly)


def _while_locked(step: Callable[[], object], deadline: float) -> None:
    """``step``, tried again while another process holds the lock it needs. SQLite answers some
    lock conflicts at once instead of waiting out the busy timeout (switching a new file to WAL,
    a write that would deadlock), so processes opening a new store together retry until the
    deadline."""
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def register_functions(conn: sqlite3.Connection) -> None:
    """Python functions the schema's migrations and the exports call (deterministic, so SQLite
    may use them in indexes and reuse their results)."""
    conn.create_function("cue_act", 2, act_of_cue, deterministic=True)
    conn.create_function("time_text", 3, time_text, deterministic=True)
    conn.create_function(
        "real_content",
        3,
        lambda kind, text, attributed: int(has_real_content(kind, [text or ""], bool(attributed))),
        deterministic=True,
    )


def _check_readable(conn: sqlite3.Connection, path: Path) -> None:
    version = current_version(conn)
    if version == 0 or version > LATEST_VERSION:
        raise NewsgraphError(
            f"{path} is not a store this newsgraph can read "
            f"(schema version {version}, expected {LATEST_VERSION})"
        )
    if version < LATEST_VERSION:  # a read-only connection cannot migrate
        raise NewsgraphError(
            f"{path} has an older schema (version {version}); open it for writing "
            f"once to upgrade it, e.g. `newsgraph stories --rebuild --db {path}`"
        )


# Named things only: numbers and dates a tagger may label (CARDINAL, DATE…) are not entities
# to follow across articles; the record keeps them regardless.
NAMED_TYPES = frozenset(get_args(EntityType))


def _without_text(article: Article) -> dict:
    record = article.to_dict()
    del record["text"]
    return record


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store(IdentityQueries, Browse):  # IdentityQueries.resolve: names as people type them
    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.identity = Identity(conn)  # cross-article entity resolution (newsgraph/identity/)

    def close(self) -> None:
        self.conn.close()

    def data_version(self) -> tuple:
        """A value that changes whenever any connection, in any process, commits to the store,
        and is the same for every reader: what caches of collection-wide summaries are keyed on.
        (SQLite's ``PRAGMA data_version`` also changes, but its values differ between
        connections.) In WAL mode a commit appends frames to the ``-wal`` file, the first commit
        after a checkpoint rewrites the WAL header (new salts) and a checkpoint rewrites the main
        file: sizes, times and the header tell every case apart, even within one tick of the
        file system's clock."""
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            with wal.open("rb") as file:
                header = file.read(WAL_HEADER_BYTES)
                wal_size = os.fstat(file.fileno()).st_size
        except FileNotFoundError:  # no WAL between the last connection closing and the next one
            header, wal_size = b"", 0
        main = self.path.stat()
        return main.st_size, main.st_mtime_ns, wal_size, header

    def __enter__(self) -> Store:
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

    # -- summaries -----------------------------------------------------------------------------

    def save_summary(self, key: str, value: object) -> None:
        """Keep a collection-wide summary (JSON-ready) for readers; see ``summary``."""
        self.conn.execute(
            "INSERT OR REPLACE INTO summaries(key, value, computed_at) VALUES (?, ?, ?)",
            (key, json.dumps(value, ensure_ascii=False, separators=(",", ":")), _now()),
        )

    def summary(self, key: str) -> object | None:
        """The summary saved under ``key`` at the last write, or None."""
        row = self.conn.execute("SELECT value FROM summaries WHERE key = ?", (key,)).fetchone()
        return json.loads(row["value"]) if row else None

    # -- sources -------------------------------------------------------------------------------

    def is_current(self, source: str, input_hash: str) -> bool:
        """True when ``source`` was already stored (or failed) with exactly this input."""
        row = self.conn.execute(
            "SELECT 1 FROM sources WHERE source = ? AND input_hash = ? "
            "UNION ALL SELECT 1 FROM failures WHERE source = ? AND input_hash = ?",
            (source, input_hash, source, input_hash),
        ).fetchone()
        return row is not None

    def analysis_current(self, source: str, analysis_hash: str) -> bool:
        """True when ``source`` holds an article analysed from exactly this analysis input (body
        and given date): a changed input then differs in metadata alone."""
        return (
            self.conn.execute(
                "SELECT 1 FROM sources WHERE source = ? AND analysis_hash = ?", (source, analysis_hash)
            ).fetchone()
            is not None
        )

    def add_article(
        self,
        article: Article,
        source: str | None = None,
        input_hash: str | None = None,
        analysis_hash: str | None = None,
    ) -> int:
        """Store ``article`` as the content of ``source``; returns its ``num``. Content already
        stored is not written again unless its analysis differs (a new date or metadata file:
        the latest analysis of a content wins, for every source holding it); a source whose
        content changed drops its old article unless another source still holds it."""
        source = source or article.url or article.id
        num = self._article_num(article.id)
        if num is None:
            num = self._insert_article(article)
        elif self._stored_record(num) != pack_record(_without_text(article)):
            num = self._replace_article(num, article)
        previous = self.conn.execute("SELECT article FROM sources WHERE source = ?", (source,)).fetchone()
        self.conn.execute(
            "INSERT INTO sources(source, input_hash, analysis_hash, article, ingested_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET input_hash = excluded.input_hash, "
            "analysis_hash = excluded.analysis_hash, article = excluded.article, "
            "ingested_at = excluded.ingested_at",
            (source, input_hash or article.id, analysis_hash, num, _now()),
        )
        self.conn.execute("DELETE FROM failures WHERE source = ?", (source,))
        if previous is not None and previous["article"] != num:
            self._drop_if_orphan(previous["article"])
        return num

    def update_metadata(self, source: str, fields: dict, input_hash: str) -> None:
        """Set record fields that come from metadata (title, publisher, authors, url, extra…) on
        the article ``source`` holds, without re-analysis. The publication date is not among
        them: it is the reference date times were resolved against, so a new date is a new
        analysis. An article several sources hold takes the metadata of the last one updated."""
        row = self.conn.execute(
            "SELECT b.article, b.record FROM sources s JOIN article_bodies b "
            "ON b.article = s.article WHERE s.source = ?",
            (source,),
        ).fetchone()
        article = Article.model_validate({**unpack_record(row["record"]), **fields, "text": ""})
        record = _without_text(article)
        self.conn.execute(
            "UPDATE articles SET title = ?, publisher = ?, url = ? WHERE num = ?",
            (article.title, article.publisher, article.url, row["article"]),
        )
        self.conn.execute(
            "UPDATE article_bodies SET title = ?, record = ? WHERE article = ?",
            (article.title, pack_record(record), row["article"]),
        )
        self.conn.execute(
            "UPDATE sources SET input_hash = ?, ingested_at = ? WHERE source = ?",
            (input_hash, _now(), source),
        )

    def add_failure(self, source: str, input_hash: str, reason: str, error: str) -> None:
        """Record why ``source`` could not be analysed; a stored article for it is dropped."""
        previous = self.conn.execute("SELECT article FROM sources WHERE source = ?", (source,)).fetchone()
        if previous is not None:
            self.conn.execute("DELETE FROM sources WHERE source = ?", (source,))
            self._drop_if_orphan(previous["article"])
        self.conn.execute(
            "INSERT OR REPLACE INTO failures(source, input_hash, reason, error, failed_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (source, input_hash, reason, error, _now()),
        )

    def _stored_record(self, num: int) -> bytes:
        return self.conn.execute("SELECT record FROM article_bodies WHERE article = ?", (num,)).fetchone()[0]

    def _replace_article(self, num: int, article: Article) -> int:
        """A new analysis of stored content: the article's rows are written anew and every
        source that held the old one holds the new one."""
        holders = self.conn.execute(
            "SELECT source, input_hash, analysis_hash, ingested_at FROM sources WHERE article = ?", (num,)
        ).fetchall()
        self.conn.execute("DELETE FROM articles WHERE num = ?", (num,))  # cascades to its rows and sources
        new_num = self._insert_article(article)
        self.conn.executemany(
            "INSERT INTO sources(source, input_hash, analysis_hash, article, ingested_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(r["source"], r["input_hash"], r["analysis_hash"], new_num, r["ingested_at"]) for r in holders],
        )
        return new_num

    def _article_num(self, article_id: str) -> int | None:
        row = self.conn.execute("SELECT num FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row["num"] if row else None

    def _drop_if_orphan(self, num: int) -> None:
        self.conn.execute(
            "DELETE FROM articles WHERE num = ? AND NOT EXISTS (SELECT 1 FROM sources WHERE article = ?)",
            (num, num),
        )

    # -- article rows --------------------------------------------------------------------------

    def _insert_row(self, sql: str, params: tuple) -> int:
        """Run an INSERT of one row; the new row's id (sqlite3's lastrowid is None only for a
        statement that inserted nothing)."""
        rowid = self.conn.execute(sql, params).lastrowid
        if rowid is None:
            raise sqlite3.DatabaseError(f"no row was inserted by {sql!r}")
        return rowid

    def _insert_article(self, article: Article) -> int:
        record = _without_text(article)  # the text is kept once, in article_bodies.text
        num = self._insert_row(
            "INSERT INTO articles(id, title, published, publisher, url, language, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.title,
                article.published,
                article.publisher,
                article.url,
                article.language,
                _now(),
            ),
        )
        self.conn.execute(
            "INSERT INTO article_bodies(article, title, text, record) VALUES (?, ?, ?, ?)",
            (num, article.title, article.text, pack_record(record)),
        )
        entity_ids = self._insert_entities(num, article)
        self._insert_quotes(num, article, entity_ids)
        self.conn.executemany(
            "INSERT INTO quantities(article, seq, start, end, text, kind, value, unit, bound, counted) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    num,
                    i,
                    q.start,
                    q.end,
                    q.text,
                    q.kind,
                    q.value,
                    q.unit,
                    q.bound,
                    q.counted.text if q.counted else None,
                )
                for i, q in enumerate(article.quantities)
            ],
        )
        self.conn.executemany(
            "INSERT INTO times(article, seq, start, end, text, type, value) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(num, i, t.start, t.end, t.text, t.type, t.value) for i, t in enumerate(article.times)],
        )
        self._insert_events(num, article, entity_ids)
        minhash, keywords = signature(article.text)
        self.conn.execute(
            "INSERT INTO signatures(article, minhash, keywords) VALUES (?, ?, ?)",
            (num, minhash, json.dumps(keywords)),
        )
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
                (
                    num,
                    ent.id,
                    local_to_global[ent.id],
                    ent.name,
                    json.dumps(ent.titles),
                    len(ent.mentions),
                    first,
                    article.published,
                    ent.type,
                ),
            )
            self.conn.executemany(
                "INSERT INTO mentions(article, local_id, start, end, text, kind) VALUES (?, ?, ?, ?, ?, ?)",
                [(num, ent.id, m.start, m.end, m.text, m.kind) for m in ent.mentions],
            )
        return local_to_global

    def _insert_quotes(self, num: int, article: Article, entity_ids: dict[str, int]) -> None:
        rows = []
        for seq, quote in enumerate(article.quotes):
            if not quote.content:
                continue
            speaker = quote.speaker
            attributed = bool(quote.source) or speaker is not None
            rows.append(
                (
                    num,
                    seq,
                    quote.kind,
                    quote.act,
                    int(has_real_content(quote.kind, [s.text for s in quote.content], attributed)),
                    " … ".join(s.text for s in quote.content),
                    min(s.start for s in quote.content),
                    max(s.end for s in quote.content),
                    " ".join(s.text for s in quote.cue) or None,
                    speaker.name if speaker else None,
                    entity_ids.get(speaker.entity_id) if speaker and speaker.entity_id else None,
                    article.published,
                )
            )
        self.conn.executemany(
            "INSERT INTO quotes(article, seq, kind, act, substantive, text, start, end, cue, speaker, "
            "entity, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

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
            rows.append(
                (
                    num,
                    seq,
                    event.type,
                    event.cameo,
                    event.trigger.text,
                    event.sentence.text,
                    *party(event.actor),
                    *party(event.target),
                    *party(event.place),
                    time_value,
                    article.published,
                )
            )
        self.conn.executemany(
            "INSERT INTO events(article, seq, type, cameo, trigger, sentence, actor, actor_entity, "
            "target, target_entity, place, place_entity, time_value, published) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
