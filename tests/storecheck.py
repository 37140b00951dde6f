"""Comparing stores: what two ingests must agree on, table by table."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path


def snapshot(db: Path) -> dict:
    """The store's content without row numbers or timestamps, which may differ between runs."""
    conn = sqlite3.connect(db)
    queries = {
        "articles": "SELECT id, a.title, published, publisher, url, text, record FROM articles a "
        "JOIN article_bodies b ON b.article = a.num",
        "sources": "SELECT source, input_hash, a.id FROM sources JOIN articles a ON a.num = article",
        "failures": "SELECT source, input_hash, reason, error FROM failures",
        "entities": "SELECT key, name, type, n_articles, n_mentions, n_quotes FROM entities",
        "aliases": "SELECT alias_key, e.key, alias FROM entity_aliases JOIN entities e ON e.id = entity",
        "article_entities": "SELECT a.id, local_id, e.key, ae.name, titles, ae.n_mentions "
        "FROM article_entities ae JOIN articles a ON a.num = ae.article "
        "JOIN entities e ON e.id = ae.entity",
        "mentions": "SELECT a.id, local_id, start, end, m.text, kind FROM mentions m "
        "JOIN articles a ON a.num = m.article",
        "quotes": "SELECT a.id, seq, kind, q.text, cue, speaker FROM quotes q "
        "JOIN articles a ON a.num = q.article",
        "events": "SELECT a.id, seq, type, trigger FROM events e JOIN articles a ON a.num = e.article",
        "stories": "SELECT s.label, a.id FROM story_articles sa JOIN stories s ON s.id = sa.story "
        "JOIN articles a ON a.num = sa.article",
        "fts": "SELECT a.id FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid "
        "WHERE articles_fts MATCH 'the'",
    }
    snapshot = {name: sorted(map(repr, conn.execute(sql))) for name, sql in queries.items()}
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    conn.close()
    return snapshot


def count_articles(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet
        return 0


def ingest_command(corpus: Path, db: Path, *options: str) -> list[str]:
    """The command line of a quiet ``newsgraph ingest`` committing every 2 articles, in a fresh
    interpreter (so it can be killed), with any further ``options``."""
    command = [sys.executable, "-m", "newsgraph.cli", "ingest", str(corpus), "--db", str(db)]
    return [*command, "--commit-every", "2", "--quiet", *options]
