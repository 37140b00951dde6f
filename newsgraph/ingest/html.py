"""HTML input: main text and metadata through trafilatura."""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura

from newsgraph.errors import InputError
from newsgraph.ingest.metadata import looks_like_name, normalize_name, parse_date

# Fewer characters than this is navigation or a redirect stub that trafilatura picked up, not an
# article (characters, not words: Chinese and Japanese do not separate words).
MIN_ARTICLE_CHARS = 50


@dataclass
class HtmlArticle:
    text: str  # one element (paragraph, heading, list item, <br> line) per line
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    description: str | None = None


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """The article in ``html``; ``InputError('no_text')`` when trafilatura finds none."""
    try:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                               include_comments=False, include_tables=True)
    except Exception as exc:  # lxml/trafilatura on pathological markup: one document fails, not the batch
        raise InputError(f"cannot parse the HTML: {exc}", "no_text") from exc
    text = document.text if document is not None else None
    if not text or len(text.strip()) < MIN_ARTICLE_CHARS:
        raise InputError("the HTML page has no extractable article text", "no_text")
    return HtmlArticle(
        text=text, title=_clean(document.title), authors=_authors(document),
        published=parse_date(document.date), publisher=_clean(document.sitename),
        url=_clean(document.url) or url, description=_clean(document.description))


def _authors(document) -> list[str]:
    """trafilatura joins authors with '; '. Keep those that look like names: not the site's own
    name, not a URL or social-media handle."""
    names = [normalize_name(a.strip()) for a in (document.author or "").split(";") if a.strip()]
    site = (document.sitename or "").casefold()
    return [n for n in dict.fromkeys(names) if n.casefold() != site and looks_like_name(n)]


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
