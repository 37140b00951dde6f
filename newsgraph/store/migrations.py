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
    """Apply the migrations the store has not seen, each in its own transaction."""
    version = current_version(conn)
    if version > LATEST_VERSION:
        raise NewsgraphError(f"the store has schema version {version}, newer than this newsgraph "
                             f"({LATEST_VERSION}); upgrade newsgraph to open it")
    for number, sql in migrations():
        if number <= version:
            continue
        # executescript commits first; the BEGIN makes the migration and its version atomic.
        conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
        version = number
    return version
