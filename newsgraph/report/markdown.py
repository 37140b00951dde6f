"""The Markdown report. Article content is untrusted: every value goes through ``md``."""

from __future__ import annotations

import html
import re

from newsgraph.record import Article
from newsgraph.report import sections

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#>~])")


def md(value: object) -> str:
    """Escape text for Markdown: no raw HTML, no table breaks, no accidental formatting."""
    text = html.escape(str(value), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(article: Article) -> str:
    out = [f"# {md(article.title or 'Untitled article')}", ""]
    out += [
        "| | |",
        "|---|---|",
        *(f"| {label} | {md(value)} |" for label, value in sections.metadata_rows(article)),
        "",
    ]
    if article.summary.sentences:
        out += ["## Summary", "", *(f"- {md(s.text)}" for s in article.summary.sentences), ""]
    digest = article.summary.digest
    if digest:
        parts = [
            ("Who", ", ".join(digest.who)),
            ("What", digest.what),
            ("When", digest.when),
            ("Where", ", ".join(digest.where)),
            ("Figures", ", ".join(digest.figures)),
        ]
        out += [" · ".join(f"**{k}:** {md(v)}" for k, v in parts if v), ""]
    out += _whos_who(article)
    out += _who_said_what(article)
    figures = sections.key_figures(article)
    if figures:
        out += ["## Key figures", "", *(f"- {md(f)}" for f in figures), ""]
    entries = sections.timeline(article)
    if entries:
        rows = [
            f"- **{md(e.label or e.when)}**{f' ({md(e.when)})' if e.label else ''} — {md(e.what)}"
            for e in entries
        ]
        out += ["## Timeline", "", *rows, ""]
    if article.removed:
        out += ["## Removed from the input", "", "| reason | text |", "|---|---|"]
        out += [f"| {md(r.reason)} | {md(r.text)} |" for r in article.removed]
        out.append("")
    return "\n".join(out)


def _whos_who(article: Article) -> list[str]:
    entities = sections.whos_who(article)
    if not entities:
        return []
    rows = [
        f"| {md(e.name)} | {md(e.type)} | {md('; '.join(e.titles))} | {len(e.mentions)} |" for e in entities
    ]
    return ["## Who's who", "", "| name | type | titles | mentions |", "|---|---|---|---|", *rows, ""]


def _who_said_what(article: Article) -> list[str]:
    groups = sections.quotes_by_speaker(article)
    if not groups:
        return []
    out = ["## Who said what", ""]
    for group in groups:
        titles = f" ({md('; '.join(group.titles))})" if group.titles else ""
        out += [f"### {md(group.name)}{titles}", ""]
        for quote in group.quotes:
            cue = sections.cue_text(quote)
            out.append(
                f"- *{md(quote.kind)}*, {md(cue) or 'no cue'}: {md(sections.quote_text(article, quote))}"
            )
        out.append("")
    return out
