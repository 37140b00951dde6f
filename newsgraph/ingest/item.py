"""What a source gives the analysis: one ``SourceItem`` per document, or a ``ReadFailure`` for a
source that could not be read. The one rule for which field of a mapping holds the body lives
here (``SourceItem.from_mapping``), for the readers and ``analyze_many`` alike."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# A mapping's body: the first non-empty of these fields (HTML first: it carries the metadata).
BODY_FIELDS = (("html", True), ("text", False), ("data", None))


@dataclass(frozen=True)
class SourceItem:
    """One document as its source gives it. ``body`` is the raw input, bytes or str (``prepare``
    decodes it); ``is_html`` is what the source says (None: it does not say, and ``prepare`` tells
    by the content); ``source`` is where it came from (a path, ``path#L12`` for a JSON line,
    ``path#<record id>`` for a WARC record, ``path#<entry id>`` for a feed item)."""

    body: str | bytes
    is_html: bool | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    # What a metadata file adds (``ingest --meta``), and where ``published`` came from.
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    date_source: str = "user"

    @classmethod
    def from_mapping(cls, item: Mapping[str, Any]) -> SourceItem:
        """A mapping with ``html``, ``text`` or ``data`` and optional ``url``, ``title``,
        ``published`` (or ``date``) and ``source``. No body at all gives an empty one."""
        body, is_html = next(((item[key], html) for key, html in BODY_FIELDS if item.get(key)), ("", None))
        return cls(
            body=body,
            is_html=is_html,
            source=item.get("source"),
            url=item.get("url"),
            title=item.get("title"),
            published=item.get("published") or item.get("date"),
        )

    @classmethod
    def of(cls, item: SourceItem | str | bytes | Mapping[str, Any]) -> SourceItem:
        """Any input ``analyze_many`` takes, as a ``SourceItem``."""
        if isinstance(item, SourceItem):
            return item
        if isinstance(item, (str, bytes)):
            return cls(body=item)
        if isinstance(item, Mapping):
            return cls.from_mapping(item)
        raise TypeError(f"cannot analyse an item of type {type(item).__name__}")

    def input_hash(self) -> str:
        """What makes a document's input the same as before: its raw body and given metadata.
        (Items without a metadata file's fields hash as they did before those existed.)"""
        digest = self._body_digest()
        digest.update(repr((self.url, self.title, self.published)).encode("utf-8"))
        added = (self.publisher, self.authors, self.extra, self.date_source)
        if added != (None, (), (), "user"):
            digest.update(repr(added).encode("utf-8"))
        return digest.hexdigest()[:32]

    def analysis_hash(self) -> str:
        """What the analysis depends on: the raw body and the given date (the reference date
        relative times resolve against). Inputs that differ only elsewhere differ in metadata."""
        digest = self._body_digest()
        digest.update(repr(self.published).encode("utf-8"))
        return digest.hexdigest()[:32]

    def _body_digest(self):
        digest = hashlib.sha256()
        body = self.body
        digest.update(body if isinstance(body, bytes) else str(body).encode("utf-8", "surrogatepass"))
        return digest

    def record_fields(self) -> dict[str, Any]:
        """The record fields this item's given metadata sets, whatever the document says."""
        given = {
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "authors": list(self.authors),
            "extra": dict(self.extra),
        }
        return {name: value for name, value in given.items() if value}


# Every reason a reader gives, with what the user can do about it (the batch goes on regardless).
# The reasons a reader gives (what each means and what to do: ``errors.FAILURE_REASONS``).
READ_FAILURE_REASONS = frozenset({"unreadable", "missing", "bad_json", "bad_warc", "bad_feed", "empty"})


@dataclass(frozen=True)
class ReadFailure:
    """A source that could not be read: where, what went wrong, and a short machine reason (one
    of ``READ_FAILURE_REASONS``)."""

    source: str
    error: str
    reason: str = "unreadable"
