"""The single-file HTML report: Jinja2 with autoescaping, inline CSS, no external resources."""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, select_autoescape

from newsgraph.deprecation import renamed
from newsgraph.record import Article
from newsgraph.report import sections
from newsgraph.report.segments import paragraphs

SPEAKER_COLORS = 8  # quote highlight colours cycle through this many CSS classes


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("newsgraph.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def speaker_colors(article: Article) -> dict[str, int]:
    """A color index per speaker, in order of first quote."""
    colors: dict[str, int] = {}
    for quote in article.quotes:
        colors.setdefault(sections.speaker_key(quote) or "", len(colors) % SPEAKER_COLORS)
    return colors


def render_html(article: Article) -> str:
    template = _environment().get_template("report.html")
    return template.render(
        article=article,
        metadata=sections.metadata_rows(article),
        paragraphs=paragraphs(article),
        speaker_colors=speaker_colors(article),
        entities=sections.whos_who(article),
        speakers=sections.quotes_by_speaker(article),
        quote_text=sections.quote_text,
        cue_text=sections.cue_text,
        figures=sections.key_figures(article),
        timeline=sections.timeline(article),
    )


__getattr__ = renamed(__name__, {"speaker_colours": "speaker_colors", "SPEAKER_COLOURS": "SPEAKER_COLORS"})
