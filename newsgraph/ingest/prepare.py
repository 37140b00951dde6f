"""Turn one raw input (bytes or str, HTML or plain text) into a ``Prepared`` article."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from newsgraph.errors import InputError
from newsgraph.record import Removed


@dataclass
class Prepared:
    """Clean text plus metadata, ready for the NLP pipeline. Field names follow the record."""

    id: str
    text: str
    input_format: str = "text"
    title: str | None = None
    published: str | None = None
    date_source: str = "unknown"
    publisher: str | None = None
    origin_publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    description: str | None = None
    removed: list[Removed] = field(default_factory=list)
    offset_map: list[tuple[int, int]] | None = None


def prepare(data: bytes | str, *, url: str | None = None, date: str | None = None,
            language: str | None = None) -> Prepared:
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    if not data.strip():
        raise InputError("input is empty", "empty")
    doc_id = hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]
    return Prepared(id=doc_id, text=data, url=url, published=date,
                    date_source="user" if date else "unknown", language=language or "en",
                    offset_map=[(0, 0)])
