"""HTML input: main text and metadata through trafilatura."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml.etree import ErrorTypes
from trafilatura.settings import Document
from trafilatura.utils import is_dubious_html, repair_faulty_html

from newsgraph.errors import InputError
from newsgraph.ingest.metadata import looks_like_name, normalize_name, parse_date

# Fewer characters than this is navigation or a redirect stub that trafilatura picked up, not an
# article (characters, not words: Chinese and Japanese do not separate words).
MIN_ARTICLE_CHARS = 50
# libxml2 drops everything nested deeper than 256 elements unless the document is parsed as
# "huge", and then stops at this depth. Pages nest 30-60 deep; some CMS exports wrap a few
# hundred times.
MAX_HTML_DEPTH = 2048


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
    tree = _parse(html)
    try:
        document = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # lxml/trafilatura on pathological markup: one document fails, not the batch
        raise InputError(f"cannot parse the HTML: {exc}", "no_text") from exc
    # None when trafilatura finds no article (it returns a dict only when asked to, with as_dict).
    text = document.text if isinstance(document, Document) else None
    if not isinstance(document, Document) or not text or len(text.strip()) < MIN_ARTICLE_CHARS:
        raise InputError("the HTML page has no extractable article text", "no_text")
    return HtmlArticle(
        text=text,
        title=_clean(document.title),
        authors=_authors(document),
        published=parse_date(document.date),
        publisher=_clean(document.sitename),
        url=_clean(document.url) or url,
        description=_clean(document.description),
    )


def _parse(html: str) -> lxml.html.HtmlElement:
    """The page's tree as trafilatura parses it, but with libxml2's huge-tree option: without it
    a page nested deeper than 256 elements silently loses all text below that depth."""
    parser = lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    beginning = html[:50].lower()
    try:
        tree = lxml.html.fromstring(
            repair_faulty_html(html, beginning).encode("utf-8", "surrogatepass"), parser=parser
        )
    except Exception as exc:  # lxml on markup with no elements at all ("Document is empty")
        raise InputError(f"cannot parse the HTML: {exc}", "no_text") from exc
    if is_dubious_html(beginning) and len(tree) < 2:  # trafilatura's test: an XML feed, not a page
        raise InputError("the input is not an HTML page", "no_text")
    if any(error.type == ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
        raise InputError(
            f"the HTML nests elements more than {MAX_HTML_DEPTH} levels deep; "
            "the parser cannot read past that depth",
            "too_large",
        )
    return tree


def _authors(document: Document) -> list[str]:
    """trafilatura joins authors with '; '. Keep those that look like names: not the site's own
    name, not a URL or social-media handle."""
    names = [normalize_name(a.strip()) for a in (document.author or "").split(";") if a.strip()]
    site = (document.sitename or "").casefold()
    return [n for n in dict.fromkeys(names) if n.casefold() != site and looks_like_name(n)]


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
