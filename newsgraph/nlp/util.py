"""Small helpers shared by newsgraph's spaCy components."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token


class MissingExtensionError(RuntimeError):
    """A component ran before the component that fills an extension it requires."""


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so a longer word wins over its prefix."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def require_extension(doc: Doc, name: str, component: str) -> list:
    """The value of ``doc._.<name>``, filled by an earlier component.

    A pipeline that lacks that component is a configuration error, not an article with no such
    facts: say so instead of reading an empty list.
    """
    if not Doc.has_extension(name) or getattr(doc._, name) is None:
        raise MissingExtensionError(
            f"{component} requires doc._.{name}; add the component that fills it earlier in the pipeline"
        )
    return getattr(doc._, name)


def line_of(token: Token) -> Span:
    """The token's sentence, cut at line breaks: a parser sentence can run from a headline or a
    caption into the next paragraph, and what one line says never crosses a paragraph. (One of
    the units ``line_sentences`` groups, before its edge spaces are stripped.)"""
    sent = token.sent
    start, end = token.i, token.i + 1
    while start > sent.start and "\n" not in token.doc[start - 1].text:
        start -= 1
    while end < sent.end and "\n" not in token.doc[end].text:
        end += 1
    return token.doc[start:end]


def line_sentences(doc: Doc) -> list[list[Span]]:
    """The parser's sentences cut at line breaks, grouped by line (paragraph), without their
    edge spaces; lines with no words are left out."""
    lines, line = [], []
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if "\n" in token.text:
                line.append(doc[start : token.i])
                lines.append(line)
                line, start = [], token.i + 1
        line.append(doc[start : sent.end])
    lines.append(line)
    stripped = [[_strip(unit) for unit in line if any(not t.is_space for t in unit)] for line in lines]
    return [line for line in stripped if line]


def _strip(unit: Span) -> Span:
    words = [t.i for t in unit if not t.is_space]
    return unit.doc[words[0] : words[-1] + 1]
