"""Paragraph breaks are sentence breaks: set before the parser, which respects preset starts.

Scraped news puts a headline, a caption or a list item on its own line with no final period;
left alone, the parser runs it into the next paragraph's first sentence (a headline becomes a
string of modifiers of the lead's subject), which costs every component that reads the parse.
"""

from spacy.language import Language
from spacy.tokens import Doc


def _after_line_break(doc: Doc, i: int) -> bool:
    previous = doc[i - 1]
    return (previous.is_space and "\n" in previous.text) or "\n" in previous.whitespace_


@Language.component("newsgraph_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraph_starts(doc: Doc) -> Doc:
    # The parser, told where a paragraph starts, sometimes splits off its first word as a
    # one-word sentence ("NATO | Secretary General … met …"); a line's first two words stay together.
    for token in doc[1:]:
        if token.is_space or not _after_line_break(doc, token.i):
            continue
        token.is_sent_start = True
        following = token.nbor() if token.i + 1 < len(doc) else None
        if following is not None and not following.is_space and not _after_line_break(doc, following.i):
            following.is_sent_start = False
    return doc
