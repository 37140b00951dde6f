"""What the Python API takes as an article and as its date, checked before anything is read.

An article is ``str`` (text or HTML) or bytes in any encoding (``bytes``, ``bytearray``,
``memoryview``). A path is refused with a ``TypeError`` rather than read: a ``str`` is always
the article itself, so reading a ``Path`` would make ``analyze("a.txt")`` and
``analyze(Path("a.txt"))`` mean different things, and the caller knows best how to read a file.

A date is a ``datetime.date``, a ``datetime.datetime`` (its own calendar date is kept) or a
string: ISO 8601 ("2023-06-13", "2023-06-13T10:00:00+02:00") or a full date with the month
spelled out ("June 13, 2023", "Tue, 13 Jun 2023 10:00:00 GMT"). An all-numeric date that is not
ISO ("13/06/2023", "06/13/2023") is refused: day and month cannot be told apart.
"""

from __future__ import annotations

import datetime as dt
import os

from newsgraph.errors import InputError
from newsgraph.ingest.metadata import FULL_DATE, first_full_date

ArticleInput = str | bytes | bytearray | memoryview
DateInput = dt.date | dt.datetime | str


def article_input(data: object) -> str | bytes | None:
    """``data`` as ``str`` or ``bytes`` (None stays None: an empty input); ``TypeError`` for
    anything else."""
    if data is None or isinstance(data, (str, bytes)):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, os.PathLike):
        raise TypeError(
            f"an article is its text or bytes, not a path ({os.fspath(data)!r}): pass Path(...).read_bytes()"
        )
    raise TypeError(f"an article is str or bytes (or bytearray, memoryview), not {type(data).__name__}")


def iso_date(value: object) -> str | None:
    """``value`` as ISO ``YYYY-MM-DD`` (None or "" stays None). ``TypeError`` for a value that
    is not a date or a string; ``InputError('bad_date')`` for a string that is not a full,
    unambiguous date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise TypeError(
            f"a date is a datetime.date, datetime.datetime or ISO string, not {type(value).__name__}"
        )
    found = _iso_string_date(value.strip()) or _spelled_out_date(value)
    if found is None:
        raise InputError(f"cannot read the date {value!r}; give it as YYYY-MM-DD", "bad_date")
    return found


def _iso_string_date(value: str) -> str | None:
    try:
        return dt.datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return None


def _spelled_out_date(value: str) -> str | None:
    """A full date with the month in letters; numeric dates only in ISO order (group ``y3``)."""
    match = FULL_DATE.search(value)
    return first_full_date(match.group()) if match and not match.group("y3") else None
