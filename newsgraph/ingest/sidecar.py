"""Metadata that lives beside a corpus rather than in it: a table of the documents (``ingest
--meta FILE``) and dates written in file paths (``ingest --path-date PATTERN``).

The table is CSV or TSV with a header row (``.tsv``/``.tab`` are tab-separated, ``.csv``
comma-separated, anything else sniffed). One column names the document: ``file``, ``path``,
``filename`` or ``id`` (the first present), matched against a source's full path, its file name,
its name without extension, or the end of its path (``train/text/a.txt``); or, with none of
those, ``url``, matched against the document's URL. Known columns fill the record: ``title``,
``published`` (or ``date``, ``publication_date``), ``publisher``, ``author`` (or ``authors``;
several names split on ``;``, ``,``, ``and``), ``url``. Every other column is kept as the
record's ``extra`` metadata. Empty cells and ``NA``, ``N/A``, ``None``, ``null``, ``nan`` are
missing values. Given metadata wins over what the document says (a metadata file's date is
the article's publication date and the reference date its times are resolved against).

A path-date pattern is either strftime-like (``%Y-%m-%d``, ``%Y/%m/%d``, ``%Y%m%d``, ``%d.%m.%Y``,
``%Y/%b/%d``: ``%Y`` year, ``%y`` two-digit year, ``%m`` month number, ``%b``/``%B`` month name,
``%d`` day, ``%%`` a percent sign, anything else literal) or a regular expression with named
groups ``year``, ``month`` and ``day`` (``month`` may be a number or an English month name). It is
searched in the source's path; the first match is the date. A metadata file's date wins over a
path date, which wins over the document's own.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from newsgraph.errors import NewsgraphError
from newsgraph.ingest.item import ReadFailure, SourceItem
from newsgraph.ingest.metadata import MONTH_NUMBER, split_names

ID_COLUMNS = ("file", "path", "filename", "id")
URL_COLUMN = "url"
# Record field <- the column names that fill it, in order of preference.
FIELD_COLUMNS = {
    "title": ("title",),
    "published": ("published", "date", "publication_date"),
    "publisher": ("publisher",),
    "authors": ("author", "authors"),
    "url": ("url",),
}
MISSING = frozenset({"", "na", "n/a", "none", "null", "nan"})
DELIMITERS = {".tsv": "\t", ".tab": "\t", ".csv": ","}
_STRFTIME = {
    "%Y": r"(?P<year>\d{4})",
    "%y": r"(?P<year>\d{2})",
    "%m": r"(?P<month>\d{1,2})",
    "%d": r"(?P<day>\d{1,2})",
    "%b": r"(?P<month>[A-Za-z]{3,9})",
    "%B": r"(?P<month>[A-Za-z]{3,9})",
    "%%": "%",
}
_DIRECTIVE = re.compile(r"%.")


class MetadataError(NewsgraphError):
    reason = "bad_metadata"


@dataclass(frozen=True)
class Row:
    """One document's metadata: the record fields it gives and its other columns."""

    fields: dict[str, Any]
    extra: tuple[tuple[str, str], ...]


class MetadataTable:
    """The rows of a metadata file, found by a source's path or a document's URL."""

    def __init__(self, rows: dict[str, Row], by_url: bool, path: Path):
        self.rows = rows
        self.by_url = by_url
        self.path = path
        self._by_name: dict[str, list[str]] = {}
        for key in rows:
            name = PurePosixPath(key).name
            for alias in {name, _stem(name)}:
                self._by_name.setdefault(alias, []).append(key)

    @classmethod
    def load(cls, path: str | Path) -> MetadataTable:
        """Read ``path``; a missing file, no header, no id column or a repeated id is an error."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise MetadataError(f"cannot read the metadata file {path}: {exc}") from exc
        reader = csv.DictReader(text.splitlines(), dialect=_dialect(path, text))
        header = [name.strip().lower() for name in reader.fieldnames or []]
        id_column = next((c for c in ID_COLUMNS if c in header), None)
        key_column = id_column or (URL_COLUMN if URL_COLUMN in header else None)
        if key_column is None:
            raise MetadataError(
                f"{path}: the header names no document column ({', '.join(ID_COLUMNS)} "
                f"or {URL_COLUMN}); it has {', '.join(header) or 'none'}"
            )
        rows: dict[str, Row] = {}
        for line, raw in enumerate(reader, start=2):
            cells = {name.strip().lower(): (value or "").strip() for name, value in raw.items() if name}
            key = cells.get(key_column, "")
            if key.lower() in MISSING:
                raise MetadataError(f"{path}, line {line}: no {key_column}")
            if key in rows:
                raise MetadataError(f"{path}, line {line}: {key_column} {key!r} is listed twice")
            rows[key] = _row(cells, exclude=key_column if key_column != URL_COLUMN else None)
        return cls(rows, by_url=id_column is None, path=path)

    def find(self, item: SourceItem) -> Row | None:
        if self.by_url:
            return self.rows.get(item.url or "")
        source = (item.source or "").split("#", 1)[0]  # a JSON line or feed item: its file
        posix = Path(source).as_posix()
        name = PurePosixPath(posix).name
        if posix in self.rows:
            return self.rows[posix]
        for key in self._by_name.get(name, []) + self._by_name.get(_stem(name), []):
            if key in (name, _stem(name)) or posix.endswith("/" + key.lstrip("/")):
                return self.rows[key]
        return None


def _dialect(path: Path, text: str):
    delimiter = DELIMITERS.get(path.suffix.lower())
    if delimiter is None:
        try:
            return csv.Sniffer().sniff(text[:4096], delimiters=",\t;|")
        except csv.Error as exc:
            raise MetadataError(f"{path}: cannot tell the columns apart (use .csv or .tsv): {exc}") from exc
    return "excel-tab" if delimiter == "\t" else "excel"


def _stem(name: str) -> str:
    """A file name without its extensions ("a.warc.gz" -> "a"); a name without one is itself."""
    return name.split(".", 1)[0] if not name.startswith(".") else name


def _value(cells: dict[str, str], columns: tuple[str, ...]) -> str | None:
    return next((cells[c] for c in columns if cells.get(c, "").lower() not in MISSING), None)


def _row(cells: dict[str, str], exclude: str | None) -> Row:
    fields: dict[str, Any] = {}
    for field, columns in FIELD_COLUMNS.items():
        value = _value(cells, columns)
        if value is not None:
            fields[field] = tuple(split_names(value)) if field == "authors" else value
    known = {c for columns in FIELD_COLUMNS.values() for c in columns} | {exclude}
    extra = tuple(
        (name, value) for name, value in cells.items() if name not in known and value.lower() not in MISSING
    )
    return Row(fields, extra)


class PathDate:
    """A date read from a source's path by a strftime-like pattern or a regular expression."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        try:
            self.regex = re.compile(_literal_parts(pattern) if "%" in pattern else pattern)
        except re.error as exc:
            raise MetadataError(f"--path-date {pattern!r} is not a valid pattern: {exc}") from exc
        missing = {"year", "month", "day"} - set(self.regex.groupindex)
        if missing:
            raise MetadataError(
                f"--path-date {pattern!r} does not say the {', '.join(sorted(missing))}: use "
                "%Y, %m (or %b) and %d, or a regular expression with groups "
                "(?P<year>…), (?P<month>…), (?P<day>…)"
            )

    def find(self, source: str) -> str | None:
        """The ISO date in ``source``'s path, as written if it is not a real date (the document
        then fails with a clear bad_date error), or None when the pattern does not match."""
        match = self.regex.search(Path(source.split("#", 1)[0]).as_posix())
        if match is None:
            return None
        year, month, day = match.group("year"), match.group("month"), match.group("day")
        if len(year) == 2:
            year = f"20{year}" if int(year) < 50 else f"19{year}"
        month_number = MONTH_NUMBER.get(month[:3].lower()) if not month.isdigit() else int(month)
        if month_number is None:
            return f"{year}-{month}-{day}"
        return f"{int(year):04d}-{month_number:02d}-{int(day):02d}"


def _directive(directive: str, pattern: str) -> str:
    if directive not in _STRFTIME:
        raise MetadataError(
            f"--path-date {pattern!r}: unknown directive {directive} (known: {', '.join(_STRFTIME)})"
        )
    return _STRFTIME[directive]


def _literal_parts(pattern: str) -> str:
    """A strftime-like pattern as a regular expression: directives become groups, the rest is
    matched literally."""
    parts, last = [], 0
    for match in _DIRECTIVE.finditer(pattern):
        parts += [re.escape(pattern[last : match.start()]), _directive(match.group(), pattern)]
        last = match.end()
    return "".join(parts + [re.escape(pattern[last:])])


@dataclass
class Annotator:
    """Adds a metadata table's row and a path date to the items of a read; counts what matched."""

    table: MetadataTable | None = None
    path_date: PathDate | None = None
    matched: int = 0
    unmatched: int = 0

    def __call__(self, items: Iterable[SourceItem | ReadFailure]) -> Iterator[SourceItem | ReadFailure]:
        for item in items:
            yield self.annotate(item) if isinstance(item, SourceItem) else item

    def annotate(self, item: SourceItem) -> SourceItem:
        changes: dict[str, Any] = {}
        dated = self.path_date.find(item.source or "") if self.path_date else None
        if dated:
            changes.update(published=dated, date_source="path")
        row = self.table.find(item) if self.table else None
        if self.table is not None:
            self.matched += row is not None
            self.unmatched += row is None
        if row is not None:
            changes.update(row.fields, extra=row.extra)
            if "published" in row.fields:
                changes["date_source"] = "metadata_file"
        return dataclasses.replace(item, **changes) if changes else item
