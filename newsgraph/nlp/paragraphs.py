"""Paragraph breaks are sentence breaks: set before the parser, which respects preset starts.

Scraped news puts a headline, a caption or a list item on its own line with no final period;
left alone, the parser runs it into the next paragraph's first sentence (a headline becomes a
string of modifiers of the lead's subject), which costs every component that reads the parse.
"""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and (previous.is_space and "\n" in previous.text or "\n" in previous.whitespace_):
            token.is_sent_start = True
    return doc
