"""Turn one raw input (bytes or str, HTML or plain text) into a ``Prepared`` article.

Steps: size and binary checks, decoding (``detect``), HTML extraction (``html``) or plain-text
cleaning (``clean``), language check (``language``), publication date from the best source.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from newsgraph.errors import InputError, NotEnglishError
from newsgraph.ingest import detect
from newsgraph.ingest.clean import Cleaned, clean_text
from newsgraph.ingest.html import extract_html
from newsgraph.ingest.inputs import ArticleInput, DateInput, article_input, iso_date
from newsgraph.ingest.item import SourceItem
from newsgraph.ingest.language import detect_language
from newsgraph.ingest.mojibake import repair_mojibake, shifted_offset_map
from newsgraph.record import Removed, Repair

ENGLISH = {"en", "eng", "english"}
HARD_WRAP = re.compile(r"(?<=\S)[^\S\n]*\n[^\S\n]*(?=\S)")
# spaCy's default Language.max_length: longer texts cannot be parsed in one piece.
MAX_TEXT_CHARS = 1_000_000

# Record fields from the input's metadata (prepare), not from the analysis of its text.
METADATA_FIELDS = (
    "title",
    "published",
    "date_source",
    "publisher",
    "origin_publisher",
    "authors",
    "contributors",
    "url",
    "description",
    "extra",
)


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
    extra: dict[str, str] = field(default_factory=dict)
    removed: list[Removed] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    offset_map: list[tuple[int, int]] | None = None
    warnings: list[str] = field(default_factory=list)


def prepare(
    data: ArticleInput,
    *,
    url: str | None = None,
    date: DateInput | None = None,
    language: str | None = None,
    is_html: bool | None = None,
    date_source: str = "user",
) -> Prepared:
    """Read, clean and describe one article (accepted types: ``newsgraph.ingest.inputs``).
    ``date`` (given: by the user, a metadata file, a path) wins over the document's own, and
    ``date_source`` says where it came from. ``is_html`` is the format the source declares
    (True: HTML; False: plain text, never parsed as markup, e.g. a JSONL ``text`` field; None:
    the content decides). Raises ``InputError`` (``empty``, ``binary``, ``too_large``,
    ``undecodable``, ``no_text``, ``bad_date``), ``NotEnglishError``, and ``TypeError`` for an
    input or date of the wrong type."""
    content, published = article_input(data), iso_date(date)
    if content is None:
        raise InputError("input is empty", "empty")
    detect.check_size(content)
    source, warnings = detect.decode(content) if isinstance(content, bytes) else (content, [])
    detect.check_text(source)
    if is_html is None:
        is_html = detect.is_html(source)
    prepared = _from_html(source, url) if is_html else _from_text(source, url)
    prepared.warnings = warnings
    _repair(prepared)
    if not prepared.text.strip():
        raise InputError("nothing is left of the input once boilerplate is removed", "no_text")
    if len(prepared.text) > MAX_TEXT_CHARS:
        raise InputError(
            f"article text has {len(prepared.text):,} characters; the limit is {MAX_TEXT_CHARS:,}",
            "too_large",
        )
    prepared.language = _language(prepared.text, language)
    if published:
        prepared.published, prepared.date_source = published, date_source
    return prepared


def prepare_item(item: SourceItem, language: str | None = None) -> Prepared:
    """``prepare`` an item, its given metadata (a metadata file's columns, a path date, a JSON
    line's or feed item's fields) winning over what the document says."""
    prepared = prepare(
        item.body,
        url=item.url,
        date=item.published,
        language=language,
        is_html=item.is_html,
        date_source=item.date_source,
    )
    vars(prepared).update(item.record_fields())
    return prepared


def metadata_of(item: SourceItem, language: str | None = None) -> dict[str, Any]:
    """The record fields that come from an item's metadata rather than from the analysis of its
    text: what a stored article whose metadata alone changed is updated with (no re-analysis).
    The body is prepared again (cleaning, milliseconds; not the analysis) because a field the new
    metadata leaves out falls back to what the document says, and the stored record keeps only the
    merged value, not the document's own."""
    prepared = prepare_item(item, language)
    fields = {name: getattr(prepared, name) for name in METADATA_FIELDS}
    if prepared.published:  # the reference date is the publication date, as _make_doc sets it
        fields["reference_date_source"] = prepared.date_source
    return fields


def _from_text(source: str, url: str | None) -> Prepared:
    cleaned = clean_text(source)
    published, date_source = _text_date(cleaned)
    return Prepared(
        id=_content_id(source),
        text=cleaned.text,
        title=cleaned.title,
        published=published,
        date_source=date_source,
        origin_publisher=cleaned.origin_publisher,
        authors=cleaned.authors,
        contributors=cleaned.contributors,
        url=url,
        removed=cleaned.removed,
        offset_map=cleaned.offset_map,
    )


def _from_html(source: str, url: str | None) -> Prepared:
    """The page's metadata fills what the user did not give (the user's URL wins)."""
    article = extract_html(source, url)
    # Captions, promos and bylines that trafilatura keeps go the way they go in plain text; their
    # offsets would point into the extracted text, not the HTML, so they are dropped.
    cleaned = clean_text(article.text, title=article.title, detect_title=False)
    removed = [Removed(text=r.text, reason=r.reason) for r in cleaned.removed]
    # No offsets to keep into HTML: a <br>-wrapped paragraph becomes one line.
    text = HARD_WRAP.sub(" ", cleaned.text)
    published, date_source = (
        (article.published, "html_metadata") if article.published else _text_date(cleaned)
    )
    return Prepared(
        id=_content_id(source),
        text=text,
        input_format="html",
        title=article.title,
        published=published,
        date_source=date_source,
        publisher=article.publisher,
        origin_publisher=cleaned.origin_publisher,
        authors=article.authors or cleaned.authors,
        contributors=cleaned.contributors,
        url=url or article.url,
        description=article.description,
        removed=removed,
    )


def _repair(prepared: Prepared) -> None:
    """Mojibake repaired in the clean text, each repair recorded and offsets kept exact."""
    prepared.text, prepared.repairs = repair_mojibake(prepared.text)
    if prepared.repairs and prepared.offset_map is not None:
        prepared.offset_map = shifted_offset_map(prepared.offset_map, prepared.repairs)


def _text_date(cleaned: Cleaned) -> tuple[str | None, str]:
    """Best date the text gives: a timestamp line or dateline, else the latest caption date."""
    for value, source in (
        (cleaned.timestamp_date, "dateline"),
        (cleaned.dateline_date, "dateline"),
        (cleaned.caption_date, "dated_caption"),
    ):
        if value:
            return value, source
    return None, "unknown"


def _language(text: str, requested: str | None) -> str:
    """The user's language wins (only English can be analysed); otherwise detect it. A user's
    "en-US" or "EN" counts as "en"."""
    if requested:
        language = re.split(r"[-_]", requested.strip().lower())[0]
    else:
        language = detect_language(text)
    if language not in ENGLISH:
        raise NotEnglishError(language)
    return "en"


def _content_id(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:16]
