"""Export a store for analysts: JSONL (one ``Article`` record per line, the ``analyze`` schema),
or one CSV / Parquet file per table, keyed by article id (content hash) and entity id."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

from newsgraph.store.store import Store

# The analyst-facing tables: the store's rows with internal integer keys swapped for ids.
TABLES: dict[str, str] = {
    "articles": "SELECT id, a.title, published, publisher, url, language, length(b.text) AS chars, "
    "(SELECT group_concat(source, ' | ') FROM sources s WHERE s.article = a.num) AS sources "
    "FROM articles a JOIN article_bodies b ON b.article = a.num ORDER BY num",
    "entities": "SELECT id, name, type, (SELECT group_concat(alias, ' | ') FROM entity_aliases al "
    "WHERE al.entity = e.id) AS aliases FROM entities e ORDER BY id",
    "article_entities": "SELECT a.id AS article_id, ae.local_id, ae.entity AS entity_id, ae.name, ae.titles, "
    "ae.n_mentions FROM article_entities ae JOIN articles a ON a.num = ae.article "
    "ORDER BY a.num, ae.local_id",
    "mentions": "SELECT a.id AS article_id, m.local_id, m.start, m.end, m.text, m.kind FROM mentions m "
    "JOIN articles a ON a.num = m.article ORDER BY a.num, m.start",
    "quotes": "SELECT a.id AS article_id, q.seq, q.kind, q.act, q.substantive AS real_content, q.text, "
    "q.start, q.end, q.cue, q.speaker, "
    "q.entity AS speaker_entity_id FROM quotes q JOIN articles a ON a.num = q.article "
    "ORDER BY a.num, q.seq",
    "quantities": "SELECT a.id AS article_id, q.seq, q.start, q.end, q.text, q.kind, q.value, q.unit, "
    "q.bound, q.counted FROM quantities q JOIN articles a ON a.num = q.article ORDER BY a.num, q.seq",
    "times": "SELECT a.id AS article_id, t.seq, t.start, t.end, t.text, t.type, t.value, "
    "time_text(t.value, t.type, NULL) AS label FROM times t "
    "JOIN articles a ON a.num = t.article ORDER BY a.num, t.seq",
    "events": "SELECT a.id AS article_id, e.seq, e.type, e.cameo, e.trigger, e.sentence, e.actor, "
    "e.actor_entity AS actor_entity_id, e.target, e.target_entity AS target_entity_id, e.place, "
    "e.place_entity AS place_entity_id, e.time_value, "
    "time_text(e.time_value, NULL, NULL) AS time_label "
    "FROM events e "
    "JOIN articles a ON a.num = e.article ORDER BY a.num, e.seq",
    "stories": "SELECT s.id AS story_id, s.label, a.id AS article_id, dup.id AS duplicate_of "
    "FROM stories s JOIN story_articles sa ON sa.story = s.id JOIN articles a ON a.num = sa.article "
    "LEFT JOIN articles dup ON dup.num = sa.duplicate_of ORDER BY s.id, a.num",
    "failures": "SELECT source, reason, error, failed_at FROM failures ORDER BY source",
}


def _rows(store: Store, sql: str) -> tuple[list[str], Iterator[tuple]]:
    cursor = store.conn.execute(sql)
    return [d[0] for d in cursor.description], (tuple(row) for row in cursor)


def export_jsonl(store: Store, out: Path) -> dict[str, int]:
    count = 0
    with open(out / "articles.jsonl", "w", encoding="utf-8") as f:
        for (article_id,) in store.conn.execute("SELECT id FROM articles ORDER BY num").fetchall():
            article = store.get_article(article_id)
            if article is None:  # removed by another writer since the ids were read
                continue
            f.write(article.to_json(indent=None) + "\n")
            count += 1
    return {"articles.jsonl": count}


def export_csv(store: Store, out: Path) -> dict[str, int]:
    written = {}
    for table, sql in TABLES.items():
        columns, rows = _rows(store, sql)
        with open(out / f"{table}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            count = 0
            for row in rows:
                writer.writerow(row)
                count += 1
        written[f"{table}.csv"] = count
    return written


_ARROW_TYPES = {"integer": "int64", "real": "float64", "text": "string", "blob": "binary"}
_PARQUET_BATCH = 50_000


def export_parquet(store: Store, out: Path) -> dict[str, int]:
    """One Parquet file per table, written in row batches (a large store never sits in memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    written = {}
    for table, sql in TABLES.items():
        columns, rows = _rows(store, sql)
        schema = pa.schema([pa.field(c, _column_type(store, sql, c)) for c in columns])
        count = 0
        with pq.ParquetWriter(out / f"{table}.parquet", schema) as writer:
            while batch := list(itertools.islice(rows, _PARQUET_BATCH)):
                writer.write_table(
                    pa.Table.from_arrays(
                        [
                            pa.array([r[i] for r in batch], type=schema.field(i).type)
                            for i in range(len(columns))
                        ],
                        schema=schema,
                    )
                )
                count += len(batch)
        written[f"{table}.parquet"] = count
    return written


def _column_type(store: Store, sql: str, column: str):
    """A column's Arrow type from its first non-null value (SQLite columns have no fixed type);
    an empty column is text."""
    import pyarrow as pa

    unordered = sql.rpartition(" ORDER BY ")[0] or sql  # no sort: any non-null row will do
    row = store.conn.execute(
        f'SELECT typeof("{column}") FROM ({unordered}) WHERE "{column}" IS NOT NULL LIMIT 1'
    ).fetchone()
    return getattr(pa, _ARROW_TYPES.get(row[0] if row else "text", "string"))()


EXPORTERS = {"jsonl": export_jsonl, "csv": export_csv, "parquet": export_parquet}


def export(store: Store, fmt: str, out: str | Path) -> dict[str, int]:
    """Write the store to ``out`` (created if needed); returns rows written per file."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return EXPORTERS[fmt](store, out)
