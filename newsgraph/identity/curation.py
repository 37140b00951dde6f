"""Analysts' curation: merge two entities, split a form off an entity, rename an entity.

A rule is kept in ``curation_rules`` and names entities by a form the articles use ("TYPE|folded
name", the ``ref`` of an entity: the name most of its articles give it), not by id, so it
outlives re-ingest and re-clustering:

- ``merge`` (subject, object): the entity holding the object form joins the one holding the
  subject form;
- ``split`` (subject, object): articles' entities named by the object form get an entity of
  their own, never matched to the subject's (``Rules.split_key``);
- ``rename`` (subject, value): the entity holding the subject form is called ``value``.

Each command applies its rule to the store at once (``merge_entities``, ``split_entity``,
``rename_entity``) and records it; ``cluster.recluster`` applies all rules again
(``Rules.apply``) and incremental assignment follows the keys they left.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newsgraph.errors import NewsgraphError
from newsgraph.identity.names import name_key
from newsgraph.identity.rows import inserted_id

if TYPE_CHECKING:
    from newsgraph.identity.cluster import MemoryIndex


def ref(entity_type: str, name: str) -> str:
    return f"{entity_type}|{name_key(name)}"


@dataclass
class Rules:
    merges: list[tuple[str, str]] = field(default_factory=list)  # (into, merged)
    splits: set[str] = field(default_factory=set)  # refs of forms that stand alone
    renames: list[tuple[str, str]] = field(default_factory=list)  # (ref, name)

    def split_key(self, entity_type: str, name: str) -> str | None:
        """The key of a form a split rule set apart, or None."""
        form = ref(entity_type, name)
        return f"split|{form}" if form in self.splits else None

    def apply(self, index: MemoryIndex) -> dict[int, int]:
        """Merge and rename the re-cluster's clusters as the rules say; cluster -> the cluster
        it was merged into."""

        def holder(form: str) -> int | None:
            counts = index.forms.get(form)
            return index.final_of(counts.most_common(1)[0][0]) if counts else None

        for into, merged in self.merges:
            target, source = holder(into), holder(merged)
            if target is None or source is None or target == source:
                continue
            for cluster, final in list(index.merged.items()):
                if final == source:
                    index.merged[cluster] = target
            index.merged[source] = target
        for form, name in self.renames:
            renamed = holder(form)
            if renamed is not None:
                index.display_names[renamed] = name
        return index.merged


def load_rules(conn: sqlite3.Connection) -> Rules:
    rules = Rules()
    for action, subject, obj, value in conn.execute(
        "SELECT action, subject, object, value FROM curation_rules ORDER BY id"
    ):
        if action == "merge":
            rules.merges.append((subject, obj))
        elif action == "split":  # a later split undoes an earlier merge of that form
            rules.splits.add(obj)
            rules.merges = [(a, b) for a, b in rules.merges if obj not in (a, b)]
        else:
            rules.renames.append((subject, value))
    return rules


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def entity_ref(conn: sqlite3.Connection, entity: int) -> str:
    """The form that stands for ``entity`` in a rule: the name most of its articles give it."""
    row = conn.execute(
        "SELECT e.type, ae.name FROM article_entities ae JOIN entities e ON e.id = ae.entity "
        "WHERE ae.entity = ? GROUP BY ae.name ORDER BY COUNT(*) DESC, ae.name LIMIT 1",
        (entity,),
    ).fetchone()
    if row is None:
        raise NewsgraphError(f"entity {entity} has no articles")
    return ref(row[0], row[1])


def _record(
    conn: sqlite3.Connection, action: str, subject: str, obj: str | None = None, value: str | None = None
) -> None:
    conn.execute(
        "INSERT INTO curation_rules(action, subject, object, value, created_at) VALUES (?, ?, ?, ?, ?)",
        (action, subject, obj, value, _now()),
    )


def merge_entities(conn: sqlite3.Connection, into: int, merged: int) -> None:
    """Move everything of ``merged`` to ``into`` and record the rule."""
    if into == merged:
        raise NewsgraphError("an entity cannot be merged with itself")
    _record(conn, "merge", entity_ref(conn, into), entity_ref(conn, merged))
    _move(conn, merged, into, "1")
    conn.execute(
        "INSERT OR IGNORE INTO entity_keys(key, variant, entity) "
        "SELECT key, variant, ? FROM entity_keys WHERE entity = ?",
        (into, merged),
    )
    conn.execute(
        "INSERT OR IGNORE INTO entity_aliases(alias_key, entity, alias) "
        "SELECT alias_key, ?, alias FROM entity_aliases WHERE entity = ?",
        (into, merged),
    )
    conn.execute("DELETE FROM entities WHERE id = ?", (merged,))
    recount(conn, into)


def split_entity(conn: sqlite3.Connection, entity: int, form: str) -> int:
    """Give the articles' entities of ``entity`` named ``form`` an entity of their own; its id."""
    row = conn.execute("SELECT type FROM entities WHERE id = ?", (entity,)).fetchone()
    if row is None:
        raise NewsgraphError(f"no entity {entity}")
    entity_type = row[0]
    names = [
        r[0]
        for r in conn.execute("SELECT DISTINCT name FROM article_entities WHERE entity = ?", (entity,))
        if name_key(r[0]) == name_key(form)
    ]
    if not names:
        raise NewsgraphError(f"entity {entity} has no articles naming it {form!r}")
    total = conn.execute(
        "SELECT COUNT(DISTINCT name) FROM article_entities WHERE entity = ?", (entity,)
    ).fetchone()[0]
    if len(names) == total:
        raise NewsgraphError(
            f"every article names entity {entity} {form!r}: nothing would be left to split from"
        )
    split_ref = ref(entity_type, form)
    _record(conn, "split", entity_ref(conn, entity), split_ref)
    new = inserted_id(
        conn.execute(
            "INSERT INTO entities(key, name, type) VALUES (?, ?, ?)",
            (f"split|{split_ref}", names[0], entity_type),
        )
    )
    marks = ",".join("?" * len(names))
    _move(conn, entity, new, f"name IN ({marks})", names)
    conn.execute(
        "INSERT INTO entity_keys(key, variant, entity) VALUES (?, '', ?)", (f"split|{split_ref}", new)
    )
    conn.executemany(
        "INSERT OR IGNORE INTO entity_aliases(alias_key, entity, alias) VALUES (?, ?, ?)",
        [(name_key(n), new, n) for n in names],
    )
    recount(conn, entity)
    recount(conn, new)
    return new


def rename_entity(conn: sqlite3.Connection, entity: int, name: str) -> None:
    if not name.strip():
        raise NewsgraphError("a new name cannot be empty")
    _record(conn, "rename", entity_ref(conn, entity), value=name.strip())
    conn.execute("UPDATE entities SET name = ? WHERE id = ?", (name.strip(), entity))
    conn.execute(
        "INSERT OR IGNORE INTO entity_aliases(alias_key, entity, alias) VALUES (?, ?, ?)",
        (name_key(name), entity, name.strip()),
    )


def _move(conn: sqlite3.Connection, source: int, target: int, which: str, params: list | None = None) -> None:
    """Move the article entities of ``source`` matching ``which`` (SQL over article_entities)
    to ``target``, their articles' quotes and events with them."""
    moved = conn.execute(
        f"SELECT article, local_id FROM article_entities WHERE entity = ? AND {which}",
        [source, *(params or [])],
    ).fetchall()
    articles = defaultdict(list)
    for article, local_id in moved:
        articles[article].append(local_id)
    conn.executemany(
        "UPDATE article_entities SET entity = ? WHERE article = ? AND local_id = ?",
        [(target, article, local_id) for article, local_id in moved],
    )
    # An article whose entities all moved takes its quotes and events along.
    still_there = {
        r[0]
        for r in conn.execute("SELECT DISTINCT article FROM article_entities WHERE entity = ?", (source,))
    }
    gone = [(target, article, source) for article in articles if article not in still_there]
    conn.executemany("UPDATE quotes SET entity = ? WHERE article = ? AND entity = ?", gone)
    for role in ("actor_entity", "target_entity", "place_entity"):
        conn.executemany(f"UPDATE events SET {role} = ? WHERE article = ? AND {role} = ?", gone)


def recount(conn: sqlite3.Connection, entity: int | None = None) -> None:
    """Recount articles, mentions and quotes of ``entity`` (of every entity if None): moving rows
    between entities bypasses the counting triggers."""
    which, params = ("WHERE id = ?", (entity,)) if entity is not None else ("", ())
    conn.execute(
        "UPDATE entities SET "
        "n_articles = (SELECT COUNT(*) FROM article_entities WHERE entity = entities.id), "
        "n_mentions = (SELECT COALESCE(SUM(n_mentions), 0) FROM article_entities "
        "WHERE entity = entities.id), "
        f"n_quotes = (SELECT COUNT(*) FROM quotes WHERE entity = entities.id) {which}",
        params,
    )
