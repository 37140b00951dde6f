"""Cleaning already-scraped plain text: take out headline repeats, photo captions and credits,
newsletter boxes, promos, origin/contributor lines, bylines and related links, and keep a map
from every kept stretch of text back to the input.

The cleaner works line by line (a scraped article puts each paragraph, caption or prompt on a
line of its own); the patterns are data (``data/boilerplate.toml``). Lines are kept verbatim but
for their odd spaces, each made one plain space, so every kept character sits at a known input
offset and ``offset_map`` is exact.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from newsgraph.ingest import metadata
from newsgraph.record import Removed

DATA_FILE = Path(__file__).parent / "data" / "boilerplate.toml"
# Characters stripped around a line besides ordinary whitespace (BOM, no-break and zero-width
# spaces), so kept lines start and end on real text.
STRIP_CHARS = " \t\r\f\v\ufeff\u00a0\u200b\u2028\u2029"
PARAGRAPH_SEPARATOR = "\n\n"
# No-break, thin and other fixed-width spaces become plain ones, one for one (offsets hold):
# spaCy makes each a token of its own, which cuts "Sen.\u00a0Sanders" in two for the tagger,
# the parser and the entity recogniser.
PLAIN_SPACES = str.maketrans(
    dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " ")
)
# One line: its content (group 1) and its line end.
LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|$)")
# A line ending in one of these ends its paragraph; a line that does not, followed by a line
# starting in lower case, is a hard-wrapped paragraph and keeps its original line break.
PARAGRAPH_END = tuple(".!?…:\"”’')]")
QUOTE_MARKS = re.compile(r"[\"“”]|''")
LEADING_SYMBOLS = re.compile(r"^[^\w\"“‘'(\[$€£]+\s*")
# Where origin, timestamp and byline lines can be: the top or the bottom of an article.
EDGE_LINES = 12
HEADLINE_MAX_WORDS = 30
HEADLINE_MIN_WORDS = 3
HEADLINE_WITH_STOP_MAX_WORDS = 25
# A full stop after a lower-case word, then a capital: "…isn’t true. Not yet" (but not "Roe v.
# Wade", "St. Paul", "U.S. Election").
SENTENCE_BOUNDARY = re.compile(r"(?<=[a-z]{2})[.!?][\"”’]?\s+[A-Z“\"]")
HEADLINE_SEARCH_LINES = 5
# Removed lines that frame a page's boxes, and how long a line they frame may be.
PAGE_FURNITURE = frozenset(
    {"promo", "related_link", "newsletter", "photo_credit", "timestamp", "repeated_line"}
)
BOX_INTERIOR_MAX_WORDS = 12
# A related-links line this short is a list header ("You Might Also Like …"), not one link.
LIST_HEADER_MAX_WORDS = 6


@dataclass
class Line:
    start: int  # offsets of the stripped line in the input
    end: int
    text: str
    block: int  # index of the blank-line separated block the line is in
    reason: str | None = None
    match: re.Match | None = None

    @property
    def groups(self) -> dict[str, str | Any]:
        """The named groups of the rule that gave the line its reason (none for a line kept)."""
        return self.match.groupdict() if self.match else {}

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def bare(self) -> str:
        """The text without leading bullets, dashes and emoji ("📨 Get our newsletter")."""
        return LEADING_SYMBOLS.sub("", self.text) or self.text


@dataclass
class Cleaned:
    text: str
    offset_map: list[tuple[int, int]]
    removed: list[Removed]
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    origin_publisher: str | None = None
    timestamp_date: str | None = None
    dateline_date: str | None = None
    caption_date: str | None = None


@dataclass(frozen=True)
class Rule:
    reason: str
    patterns: tuple[re.Pattern, ...]
    max_words: int
    search: bool = False  # find the pattern anywhere in the line instead of matching it whole


def _load_rules(path: Path = DATA_FILE):
    """The rules by reason, the outlet-word pattern for bylines, how far newsletter boxes and
    link lists extend from their matching line, and the words after which a line break is a
    hard wrap."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    outlet_words = data["byline"].pop("outlet_words")
    continuation_words = frozenset(data.pop("hard_wrap")["continuation_words"])
    repeated = data.pop("repeated_line")
    agencies = "|".join(re.escape(a) for a in sorted(data.pop("agencies"), key=len, reverse=True))

    def compile_all(patterns: list[str]) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p.replace("{agency}", agencies), re.I) for p in patterns)

    caption = data.pop("caption")
    rules = {
        reason: Rule(reason, compile_all(table["patterns"]), table["max_words"])
        for reason, table in data.items()
    }
    rules["caption"] = Rule("caption", compile_all(caption["credit_suffix"]), caption["max_words"])
    rules["names_photo"] = Rule(
        "caption", compile_all(caption["names_photo"]), caption["max_words"], search=True
    )
    rules["describes_photo"] = Rule(
        "caption", compile_all(caption["describes_photo"]), caption["max_words"], search=True
    )
    outlet_word = re.compile(r"\b(?:{})\b".format("|".join(map(re.escape, outlet_words))))
    extents = {
        "newsletter": (data["newsletter"]["neighbour_max_words"], data["newsletter"]["neighbour_max_lines"]),
        "related_link": (data["related_link"]["list_max_words"], data["related_link"]["list_max_lines"]),
        "repeated_line": (repeated["max_words"], repeated["min_repeats"]),
    }
    return rules, outlet_word, extents, continuation_words


RULES, OUTLET_WORD, EXTENTS, CONTINUATION_WORDS = _load_rules()


def clean_text(source: str, *, title: str | None = None, detect_title: bool = True) -> Cleaned:
    """Clean ``source``. ``title`` (from HTML metadata) is used to spot a repeated headline; with
    ``detect_title`` a first line that looks like a headline becomes the title."""
    lines = split_lines(source)
    _classify(lines)
    if detect_title and title is None:
        title = _headline(lines)
    if title:
        _mark_repeated_headlines(lines, title)
    _mark_box_interiors(lines)  # after the headline, which may sit between two prompts
    return _assemble(source, lines, title)


def plain_spaces(text: str) -> str:
    """``text`` with its fixed-width and no-break spaces made plain, length unchanged."""
    return text.translate(PLAIN_SPACES)


def split_lines(source: str) -> list[Line]:
    """The non-blank lines of ``source`` (any of \\n, \\r\\n, \\r line ends) with their stripped
    offsets and block numbers."""
    lines, block = [], 0
    for raw in LINE.finditer(source):
        stripped = raw.group(1).strip(STRIP_CHARS)
        if stripped:
            start = raw.start() + raw.group(1).index(stripped)
            lines.append(Line(start, start + len(stripped), stripped, block))
        elif lines and lines[-1].block == block:
            block += 1
    return lines


def _headline(lines: list[Line]) -> str | None:
    """The headline: among the lines left after boilerplate (share prompts, timestamps…), the
    first of a few words that does not end like a sentence, before the first paragraph of
    reporting. A name or section label before it ("Tom Bennett", "Business") is too short."""
    kept = [line for line in lines if line.reason is None]
    for line in kept[:HEADLINE_SEARCH_LINES]:
        if (
            line.words > HEADLINE_MAX_WORDS
            or not _could_be_headline(line, first=line is kept[0])
            or line is kept[-1]
        ):
            return None  # reporting starts before any headline
        if line.words >= HEADLINE_MIN_WORDS:
            line.reason = "title"
            return line.text
    return None


def _could_be_headline(line: Line, first: bool) -> bool:
    """No headline ends in a comma, colon or semicolon; a full stop is allowed only on the very
    first line, in a single short sentence (some corpora and sites end headlines with one)."""
    if line.text.endswith((",", ";", ":")):
        return False
    if line.text.endswith("."):
        return (
            first
            and line.words <= HEADLINE_WITH_STOP_MAX_WORDS
            and (_is_title_case(line.text) or not SENTENCE_BOUNDARY.search(line.text[:-1]))
        )
    return True


def _is_title_case(text: str) -> bool:
    """Headline style: the longer words all capitalised ("Bernie Sanders Suffered A Big Blow.")."""
    long_words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.9


def _mark_repeated_headlines(lines: list[Line], title: str) -> None:
    headline_key = _normalize(title)
    for line in lines:
        if line.reason is None and _normalize(line.text) == headline_key:
            line.reason = "repeated_headline"


def _classify(lines: list[Line]) -> None:
    edge = {i for i in range(len(lines)) if i < EDGE_LINES or i >= len(lines) - EDGE_LINES}
    for i, line in enumerate(lines):
        for reason in ("byline", "timestamp", "origin_line", "author_bio"):
            if i in edge and _classify_as(line, reason):
                break
        else:
            for reason in (
                "contributor_line",
                "photo_credit",
                "caption",
                "newsletter",
                "promo",
                "related_link",
            ):
                if _classify_as(line, reason):
                    break
    _mark_photo_descriptions(lines)
    _mark_repeated_lines(lines)
    _extend_newsletter_boxes(lines)
    _extend_link_lists(lines)
    _mark_bylines_split_over_two_lines(lines)


def _classify_as(line: Line, reason: str) -> bool:
    match = _match(RULES[reason], line, lambda m: _accepts(reason, m))
    if match:
        line.reason, line.match = reason, match
    return match is not None


def _match(rule: Rule, line: Line, accepts=lambda match: True) -> re.Match | None:
    """The first match of one of the rule's patterns that ``accepts`` takes."""
    if line.words > rule.max_words:
        return None
    find = "search" if rule.search else "fullmatch"
    return next((m for p in rule.patterns if (m := getattr(p, find)(line.bare)) and accepts(m)), None)


def _accepts(reason: str, match: re.Match) -> bool:
    """Checks a pattern cannot express: the names in a byline or contributor line must be names."""
    if reason == "byline":
        return "names" not in match.re.groupindex or bool(_byline_names(match.group("names")))
    if reason == "contributor_line":
        names = metadata.split_names(match.group("names"))
        return bool(names) and all(metadata.looks_like_name(n) for n in names)
    if reason == "timestamp":
        return metadata.parse_date(match.group("date")) is not None
    return True


def _byline_names(text: str) -> list[str]:
    """Authors of a byline; a last part naming an outlet ("…, Associated Press") is dropped,
    and any other part that is not a name makes it no byline at all."""
    parts = metadata.split_names(re.split(r"\s+[-–—•·|]\s+", text)[0])
    if len(parts) > 1 and OUTLET_WORD.search(parts[-1]):
        parts = parts[:-1]
    return parts if all(metadata.looks_like_name(p) for p in parts) else []


def _mark_photo_descriptions(lines: list[Line]) -> None:
    """A line describing a photo is a caption when it carries a full date or sits next to a
    credit or another caption; elsewhere the same words can be reporting."""
    photo_reasons = {"caption", "photo_credit"}
    for i, line in enumerate(lines):
        if line.reason:
            continue
        if _match(RULES["names_photo"], line):
            line.reason = "caption"
            continue
        if not _match(RULES["describes_photo"], line):
            continue
        neighbours = [
            lines[j].reason for j in (i - 1, i + 1) if 0 <= j < len(lines) and lines[j].block == line.block
        ]
        if metadata.full_dates(line.text) or photo_reasons & set(neighbours):
            line.reason = "caption"


def _mark_bylines_split_over_two_lines(lines: list[Line]) -> None:
    """ "By:" alone on a line is a byline whose names are on the next line."""
    for line, following in pairwise(lines):
        if (
            line.reason == "byline"
            and "names" not in line.groups
            and following.reason is None
            and _byline_names(following.text)
        ):
            following.reason = "byline"
            following.match = re.fullmatch(r"(?P<names>.+)", following.text)


def _mark_repeated_lines(lines: list[Line]) -> None:
    """Short lines repeated over and over in one article are a widget's, not reporting (but a
    speaker's label, "TRUMP:", introduces what follows)."""
    max_words, min_repeats = EXTENTS["repeated_line"]
    counts = Counter(
        line.text
        for line in lines
        if line.reason is None and line.words <= max_words and not line.text.endswith(":")
    )
    for line in lines:
        if line.reason is None and counts[line.text] >= min_repeats:
            line.reason = "repeated_line"


def _same_box(lines: list[Line], i: int, j: int) -> bool:
    """Lines i and j belong to one box: the same block, or headings standing alone on their
    lines (scraped one paragraph a line: "ESPORTS NEWS" / "YOUR INBOX" / "Subscribe to …")."""
    return lines[i].block == lines[j].block or (_alone_in_block(lines, j) and _reads_as_heading(lines[j]))


def _reads_as_heading(line: Line) -> bool:
    """Does not end like a sentence, or is a headline asking ("Is Using the Snooze Button Bad
    for You?")."""
    asks = line.text.endswith(("?", "!")) and _is_title_case(line.text)
    return not line.text.endswith(PARAGRAPH_END) or asks


def _alone_in_block(lines: list[Line], i: int) -> bool:
    return all(not (0 <= k < len(lines)) or lines[k].block != lines[i].block for k in (i - 1, i + 1))


def _extend_newsletter_boxes(lines: list[Line]) -> None:
    """Short lines right next to a newsletter line, in its box, belong to the box."""
    max_words, max_lines = EXTENTS["newsletter"]
    seeds = [i for i, line in enumerate(lines) if line.reason == "newsletter"]
    for seed in seeds:
        for step in (-1, 1):
            j = seed + step
            while (
                0 <= j < len(lines)
                and abs(j - seed) <= max_lines
                and _same_box(lines, seed, j)
                and lines[j].words <= max_words
                and not QUOTE_MARKS.search(lines[j].text)
                and lines[j].reason in (None, "newsletter", "promo")
            ):
                lines[j].reason = "newsletter"
                j += step


def _extend_link_lists(lines: list[Line]) -> None:
    """The headlines listed under a bare list header ("Most Popular") in its box go with it:
    short lines that do not end like a sentence."""
    max_words, max_lines = EXTENTS["related_link"]
    other_boilerplate = {"related_link", "photo_credit", "newsletter", "promo", "repeated_line"}
    for i, header in enumerate(lines):
        if header.reason != "related_link" or header.match is None or header.words > LIST_HEADER_MAX_WORDS:
            continue
        for j in range(i + 1, min(i + 1 + max_lines, len(lines))):
            line = lines[j]
            if not _same_box(lines, i, j) or line.words > max_words:
                break
            if line.reason in other_boilerplate:
                continue  # an ad or a newsletter prompt inside the list
            if line.reason is not None or not _reads_as_heading(line):
                break
            line.reason = "related_link"


def _mark_box_interiors(lines: list[Line]) -> None:
    """A heading-like line between two lines of page furniture is furniture too: a video's title
    between "Video Ad Feedback" and its "01:40", "Updated" before its timestamp, a dateline's
    "Washington" between two "CNN" credits."""
    for i in range(1, len(lines) - 1):
        line, before, after = lines[i], lines[i - 1], lines[i + 1]
        if (
            line.reason is None
            and before.reason in PAGE_FURNITURE
            and after.reason in PAGE_FURNITURE
            and line.words <= BOX_INTERIOR_MAX_WORDS
            and not _ends_a_sentence(line)
        ):
            line.reason = before.reason if before.reason == after.reason else "promo"


def _ends_a_sentence(line: Line) -> bool:
    """Ends on a full stop, question or exclamation mark, quotes and brackets aside (a label's
    colon or a title's closing quote ends no sentence)."""
    return line.text.rstrip("\"”’')]").endswith((".", "!", "?", "…"))


def _assemble(source: str, lines: list[Line], title: str | None) -> Cleaned:
    kept = [line for line in lines if line.reason in (None, "title")]
    segments = _segments(kept)
    parts: list[str] = []
    offset_map: list[tuple[int, int]] = []
    position = 0
    for start, end in segments:
        if parts:
            position += len(PARAGRAPH_SEPARATOR)
        offset_map.append((position, start))
        parts.append(plain_spaces(source[start:end]))
        position += end - start
    removed_lines = [line for line in lines if line.reason not in (None, "title")]
    body = PARAGRAPH_SEPARATOR.join(parts)
    first_paragraphs = [source[s:e] for s, e in segments[:3]]
    return Cleaned(
        text=body,
        offset_map=offset_map,
        removed=_removed_blocks(source, lines),
        title=title,
        **_line_metadata(removed_lines),
        dateline_date=next((d for p in first_paragraphs if (d := metadata.dateline_date(p))), None),
    )


def _segments(kept: list[Line]) -> list[tuple[int, int]]:
    """Input spans of the kept text: a hard-wrapped paragraph is one span, line breaks included."""
    segments: list[tuple[int, int]] = []
    previous: Line | None = None
    for line in kept:
        if previous and _is_hard_wrap(previous, line):
            segments[-1] = (segments[-1][0], line.end)
        else:
            segments.append((line.start, line.end))
        previous = line
    return segments


def _is_hard_wrap(previous: Line, line: Line) -> bool:
    if previous.block != line.block or previous.text.endswith(PARAGRAPH_END):
        return False
    last_word = previous.text.rsplit(None, 1)[-1].lower()
    return (
        line.text[0].islower() or previous.text.endswith((",", "-", "–")) or last_word in CONTINUATION_WORDS
    )


def _removed_blocks(source: str, lines: list[Line]) -> list[Removed]:
    """Adjacent removed lines of one reason in one block (a newsletter box, a row of share
    buttons) are one removed block."""
    blocks: list[Removed] = []
    previous: Line | None = None
    for line in lines:
        if line.reason in (None, "title"):
            previous = None
            continue
        if (
            previous
            and previous.reason == line.reason
            and previous.block == line.block
            and line.reason in ("newsletter", "promo", "related_link")
        ):
            last = blocks[-1]
            blocks[-1] = Removed(text=source[last.start : line.end], reason=line.reason, start=last.start)
        else:
            blocks.append(Removed(text=line.text, reason=line.reason, start=line.start))
        previous = line
    return blocks


def _line_metadata(removed: list[Line]) -> dict:
    found: dict = {"authors": [], "contributors": []}
    caption_dates = []
    for line in removed:
        if line.reason == "byline" and "names" in line.groups:
            found["authors"] += [n for n in _byline_names(line.groups["names"]) if n not in found["authors"]]
        elif line.reason == "author_bio":
            found.setdefault("bio_authors", metadata.split_names(line.groups["names"]))
        elif line.reason == "contributor_line":
            found["contributors"] += [
                n for n in metadata.split_names(line.groups["names"]) if n not in found["contributors"]
            ]
        elif line.reason == "origin_line":
            found.setdefault("origin_publisher", line.groups["publisher"].strip())
        elif line.reason == "timestamp":
            found.setdefault("timestamp_date", metadata.parse_date(line.groups["date"]))
        elif line.reason == "caption":
            caption_dates += metadata.full_dates(line.text)
    # A photo cannot be taken after the article is published: the latest caption date is the
    # closest bound on the publication date.
    found["caption_date"] = max(caption_dates, default=None)
    # A closing author bio names the author when no byline did
    bio_authors = found.pop("bio_authors", [])
    found["authors"] = found["authors"] or bio_authors
    return found


def _normalize(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()
