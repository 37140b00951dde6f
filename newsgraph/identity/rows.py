"""What the identity tables' writers share."""

from __future__ import annotations

import sqlite3


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid of the row an INSERT just wrote (sqlite3 types it as optional: no row, no id)."""
    if cursor.lastrowid is None:
        raise RuntimeError("the INSERT wrote no row")
    return cursor.lastrowid
