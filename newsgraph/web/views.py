"""Template rendering: one autoescaping Jinja2 environment, the filters that make untrusted values
safe in attributes and links, and the article page's context (built from the report's shared
sections and segments, so the web page and the HTML report mark the text the same way)."""

from __future__ import annotations

import functools
import html
from pathlib import Path
from urllib.parse import quote as url_quote
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from newsgraph.record import Article
from newsgraph.report import sections
from newsgraph.report.html import speaker_colors
from newsgraph.report.segments import Segment, paragraphs
from newsgraph.web.params import STATEMENT_CHOICES

TEMPLATES = Path(__file__).resolve().parent / "templates"
LINKABLE_SCHEMES = ("http", "https")


def external_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None: a stored ``javascript:`` or ``data:``
    URL must never become a clickable link."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in LINKABLE_SCHEMES and parts.netloc else None


def source_links(sources: list[str]) -> list[tuple[str, str | None]]:
    """Where an article came from: each source with its link when it is an http(s) address."""
    return [(source, external_url(source)) for source in sources]


def marked(snippet: str) -> Markup:
    """A search snippet with its ``<mark>`` tags kept and everything else escaped. The store
    already escapes snippets; undoing and redoing that here means the page is safe whatever
    the store returns."""
    escaped = escape(html.unescape(snippet or ""))
    return Markup(str(escaped).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


def entity_url(ref: str | int) -> str:
    """The entity page of an entity id or name (quoted whole: names may hold / ? # …)."""
    return "/entity/" + url_quote(str(ref), safe="")


def quote_url(quote: dict) -> str:
    """A quote's place in its article: the article page gives each quote the id ``q-SEQ``."""
    return f"/article/{url_quote(quote['article_id'], safe='')}#q-{quote['seq']}"


def query_url(path: str, params: dict, **changes) -> str:
    """``path`` with the current query parameters, some changed (None drops one)."""
    merged = {**params, **changes}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "")}, doseq=True)
    return f"{path}?{query}" if query else path


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(external_url=external_url, marked=marked)
    env.globals.update(
        entity_url=entity_url,
        query_url=query_url,
        quote_url=quote_url,
        statement_choices=STATEMENT_CHOICES,
    )
    return env


def render(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
    html = environment().get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)


def quote_anchors(segments: list[list[Segment]]) -> dict[int, int]:
    """Where each quote's anchor (``id="q-N"``, N its index in the record) goes: the start of
    its first marked segment, so a link to ``#q-N`` scrolls to where the quote begins."""
    anchors: dict[int, int] = {}
    for paragraph in segments:
        for segment in paragraph:
            if segment.role and segment.quote is not None:
                anchors.setdefault(segment.quote, segment.start)
    return anchors


def article_context(article: Article, entity_refs: dict[str, str] | None = None, stored: bool = True) -> dict:
    """Everything the article page shows. ``entity_refs`` maps the record's entity ids (E1…)
    to what their entity page is addressed by in the store; by default, their names."""
    refs = entity_refs or {e.id: e.name for e in article.entities}
    segments = paragraphs(article)
    return {
        "article": article,
        "stored": stored,
        "entity_refs": refs,
        "entity_names": {e.id: e.name for e in article.entities},
        "metadata": sections.metadata_rows(article),
        "source_url": external_url(article.url),
        "paragraphs": segments,
        "quote_anchors": quote_anchors(segments),
        "speaker_colours": speaker_colors(article),
        "entities": sections.whos_who(article),
        "speakers": sections.quotes_by_speaker(article),
        "quote_text": sections.quote_text,
        "cue_text": sections.cue_text,
        "figures": sections.key_figures(article),
        "timeline": sections.timeline(article),
    }
