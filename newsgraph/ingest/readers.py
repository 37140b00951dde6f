"""Document sources: directories, text/HTML files, JSON Lines, WARC and RSS/Atom feeds, read
into the ``SourceItem``s ``analyze_many`` takes (raw body, whether it is HTML, where it came from
and, when the source says so, ``url``, ``title`` and ``published``). A source that cannot be read
yields a ``ReadFailure`` instead, so one bad file never ends a batch.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import feedparser
from warcio.archiveiterator import ArchiveIterator

from newsgraph.ingest.item import ReadFailure, SourceItem

Item = SourceItem | ReadFailure
# What feedparser reports about a feed it read in full: a wrong declared encoding or media type.
BENIGN_FEED_PROBLEMS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def _read_bytes(path: Path) -> bytes | ReadFailure:
    try:
        return path.read_bytes()
    except OSError as exc:
        return ReadFailure(str(path), f"cannot read {path}: {exc.strerror or exc}")


def _read_file(path: Path, is_html: bool | None) -> Iterator[Item]:
    data = _read_bytes(path)
    yield data if isinstance(data, ReadFailure) else SourceItem(data, is_html=is_html, source=str(path))


def read_text_file(path: Path) -> Iterator[Item]:
    """A .txt file is declared plain text: markup-like words in it stay words."""
    return _read_file(path, is_html=False)


def read_html_file(path: Path) -> Iterator[Item]:
    return _read_file(path, is_html=True)


def read_other_file(path: Path) -> Iterator[Item]:
    """A file of no known type, named explicitly: its content tells HTML from text."""
    return _read_file(path, is_html=None)


def read_jsonl(path: Path) -> Iterator[Item]:
    """One article per line: a ``text`` or ``html`` field, optional ``url``, ``title``, ``published``."""
    try:
        lines = path.open("rb")
    except OSError as exc:
        yield ReadFailure(str(path), f"cannot read {path}: {exc.strerror or exc}")
        return
    with lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield jsonl_item(line, str(path), number)


def jsonl_item(line: str | bytes, path: str, number: int) -> Item:
    """The item of line ``number`` (from 1) of the JSONL file ``path``; the field rules of ``read_jsonl``."""
    source = f"{path}#L{number}"
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:  # nesting deeper than Python's stack is bad JSON too
        return ReadFailure(source, f"line {number} is not valid JSON: {exc}", "bad_json")
    if not isinstance(record, dict) or not isinstance(record.get("html") or record.get("text"), str):
        return ReadFailure(source, f"line {number} has no 'text' or 'html' string field", "bad_json")
    record.pop("data", None)  # a line's body is its html or text, checked above
    return SourceItem.from_mapping({**record, "source": source})


def read_warc(path: Path) -> Iterator[Item]:
    """The HTML responses of a WARC or WARC.gz file (other records are not articles)."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield ReadFailure(str(path), f"cannot read {path}: {exc.strerror or exc}")
        return
    with stream:
        yield from read_warc_stream(stream, str(path))


def read_warc_stream(
    stream: BinaryIO, path: str, on_skip: Callable[[str], None] | None = None
) -> Iterator[Item]:
    """The HTML responses of the WARC (or WARC.gz) read from ``stream``, named ``path`` in sources.
    ``on_skip`` hears of each record that is not an article: "not_response" or "not_html"."""
    records = 0
    archive = _CheckedArchiveIterator(stream)
    try:
        for records, record in enumerate(archive, start=1):
            if not record.format.startswith("warc"):  # warcio falls back to ARC for any text
                raise ValueError(f"record {records} is not a WARC record")
            skip = _not_an_article(record)
            if skip is not None:
                _read_to_end(record, records)
                if on_skip:
                    on_skip(skip)
                continue
            html = record.content_stream().read()
            _read_to_end(record, records)
            record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
            yield SourceItem(
                html,
                is_html=True,
                source=f"{path}#{record_id.strip('<>')}",
                url=record.rec_headers.get_header("WARC-Target-URI"),
            )
        if archive.cut:
            raise ValueError(f"the file ends inside a compressed record, after record {records}")
    except Exception as exc:  # warcio raises several types for truncated or non-WARC input
        yield ReadFailure(path, f"{path} is not a readable WARC file: {exc}", "bad_warc")
        return
    if not records:  # warcio reads some non-WARC input as an empty archive
        yield ReadFailure(path, f"{path} holds no WARC records", "bad_warc")


def _not_an_article(record) -> str | None:
    """Why a WARC record is not an HTML page (None when it is one)."""
    if record.rec_type != "response" or record.http_headers is None:
        return "not_response"
    content_type = record.http_headers.get_header("Content-Type") or ""
    return None if "html" in content_type.lower() else "not_html"


class _CheckedArchiveIterator(ArchiveIterator):
    """Notes whether the file ended inside a gzip member: warcio then ends the iteration quietly."""

    cut = False

    def close(self):
        decompressor = self.reader.decompressor if self.reader else None
        self.cut = decompressor is not None and not getattr(decompressor, "eof", True)
        super().close()


def _read_to_end(record, number: int) -> None:
    """Read what is left of ``record``; ``ValueError`` when the file ends inside it (warcio hands
    out a cut record's remains without a word)."""
    while record.raw_stream.read(1 << 16):
        pass
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise ValueError(f"record {number} ends before its Content-Length (a cut file?)")


def _entry_date(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%dT%H:%M:%S", parsed) if parsed else None


def read_feed(path: Path) -> Iterator[Item]:
    """The items of an RSS or Atom file: their full content if the feed carries it, else the
    summary. Items are named by their id or link, else by their position from 1 (``feed.xml#3``).
    A malformed feed (bad XML, cut short) yields the items feedparser's lenient parser recovers
    and a ``bad_feed`` failure for the file, so a shortened feed is never silent."""
    data = _read_bytes(path)
    if isinstance(data, ReadFailure):
        yield data
        return
    feed = feedparser.parse(data)
    problem = feed.get("bozo_exception")
    if not feed.entries:
        yield ReadFailure(
            str(path), f"{path} is not an RSS/Atom feed with items: {problem or 'no items'}", "bad_feed"
        )
        return
    for number, entry in enumerate(feed.entries, start=1):
        yield _feed_item(path, number, entry)
    if problem is not None and not isinstance(problem, BENIGN_FEED_PROBLEMS):
        yield ReadFailure(
            str(path),
            f"{path} is a malformed feed ({problem}); {len(feed.entries)} items "
            "were recovered and later ones may be missing or cut short",
            "bad_feed",
        )


def _feed_item(path: Path, number: int, entry) -> Item:
    content = (entry.get("content") or [{}])[0]
    detail = content if content.get("value") else entry.get("summary_detail") or {}
    key = entry.get("id") or entry.get("link") or str(number)
    source = f"{path}#{key}"
    if not detail.get("value"):
        return ReadFailure(source, f"feed item {key} has neither content nor summary", "empty")
    # Feed bodies are HTML fragments unless the feed says plain text: sniffed, as a fragment
    # without tags is not a page the HTML extractor can read.
    is_html = False if detail.get("type") == "text/plain" else None
    return SourceItem(
        detail["value"],
        is_html=is_html,
        source=source,
        url=entry.get("link"),
        title=entry.get("title"),
        published=_entry_date(entry),
    )


READERS: dict[str, Callable[[Path], Iterator[Item]]] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xhtml": read_html_file,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}


_LONGEST_SUFFIX_FIRST = sorted(READERS, key=len, reverse=True)  # ".warc.gz" before ".gz"-less forms


def reader_for(path: Path) -> Callable[[Path], Iterator[Item]] | None:
    name = path.name.lower()
    return next((READERS[suffix] for suffix in _LONGEST_SUFFIX_FIRST if name.endswith(suffix)), None)


def read_sources(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every document under ``paths``, in a stable order. Directories are walked recursively
    (sorted, hidden entries skipped) and files of unknown types in them ignored; a file named
    explicitly is read even if its type is unknown (as HTML or text, by its content)."""
    for path in map(Path, paths):
        if path.is_dir():
            for file in _walk(path):
                reader = reader_for(file)
                if reader is not None:
                    yield from reader(file)
        elif path.exists():
            yield from (reader_for(path) or read_other_file)(path)
        else:
            yield ReadFailure(str(path), f"{path} does not exist", "missing")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name
