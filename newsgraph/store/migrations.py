"""Schema versions: ``data/migrations/NNNN_name.sql`` files applied in order.

``PRAGMA user_version`` holds the number of the last file applied, so opening an older store
brings it up to date and a new store is built by running them all. To change the schema, add
the next numbered file; never edit one that has shipped.
"""

from __future__ import annotations

import re
import sqlite3
from importlib import resources

from newsgraph.errors import NewsgraphError

_MIGRATION_FILE = re.compile(r"^(\d{4})_[\w-]+\.sql$")


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) of every migration shipped with the package, in order."""
    folder = resources.files("newsgraph.store") / "data" / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found)


LATEST_VERSION = migrations()[-1][0]


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the store up to date in one write transaction (the connection must be in
    autocommit mode, ``isolation_level=None``). Several processes opening a new store at once
    take turns: the first builds the schema, the others wait for the write lock (the busy
    timeout) and then find it built."""
    if current_version(conn) == LATEST_VERSION:
        return LATEST_VERSION  # the usual case: no write lock taken just to open a store
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = current_version(conn)  # again, under the lock: another process may have migrated
        if version > LATEST_VERSION:
            raise NewsgraphError(
                f"the store has schema version {version}, newer than this newsgraph "
                f"({LATEST_VERSION}); upgrade newsgraph to open it"
            )
        for number, sql in migrations():
            if number > version:
                for statement in statements(sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
                version = number
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return version


def statements(sql: str) -> list[str]:
    """The statements of a migration script, one by one (``executescript`` would commit the
    transaction they must run in). Lines are joined until SQLite sees a complete statement, so a
    trigger's body stays whole; each statement starts on a line of its own."""
    found, pending = [], ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip() and not all(
        line.strip().startswith("--") or not line.strip() for line in pending.splitlines()
    ):
        raise NewsgraphError(f"a migration ends in an incomplete statement: {pending.strip()[:80]!r}")
    return found
