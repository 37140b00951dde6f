"""The plain data our components put in their ``Doc`` extensions, typed: each shape mirrors a
model of ``newsgraph/record.py`` (so the record is built by validation alone) and is made by
one constructor here."""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

from spacy.tokens import Span

from newsgraph.acts import Act, act_of_cue
from newsgraph.record import DateSource

QuoteKind = Literal["direct", "indirect", "mixed"]
MentionKind = Literal["name", "pronoun", "description"]
TimeKind = Literal["date", "time", "range", "duration", "set"]


class SpanDict(TypedDict):
    start: int
    end: int
    text: str


class MentionDict(SpanDict):
    kind: MentionKind


class EntityDict(TypedDict):
    id: str
    name: str
    type: str
    titles: list[str]
    aliases: list[str]
    mentions: list[MentionDict]
    owner: NotRequired[str | None]  # only a body derived from its owner's entity has one (coref)


class SpeakerDict(TypedDict):
    entity_id: str | None
    name: str


class QuoteDict(TypedDict):
    kind: QuoteKind
    act: Act
    content: list[SpanDict]
    cue: list[SpanDict]
    source: list[SpanDict]
    speaker: SpeakerDict | None


class TimeDict(SpanDict):
    type: TimeKind
    value: str | None
    anchor: str | None


class TimesReference(TypedDict):
    """The date the times component resolved against, and where it came from."""

    date: str | None
    source: DateSource | None


class ReadingDict(TypedDict):
    value: float
    unit: str | None


class QuantityDict(SpanDict):
    kind: str
    value: float
    unit: str | None
    bound: str
    alternatives: list[ReadingDict]
    counted: SpanDict | None


class DigestDict(TypedDict):
    who: list[str]
    what: str | None
    when: str | None
    where: list[str]
    figures: list[str]


class SummaryDict(TypedDict):
    sentences: list[SpanDict]
    digest: DigestDict | None


def span(text: str, start: int, end: int) -> SpanDict:
    """The stretch [start, end) of ``text``."""
    return {"start": start, "end": end, "text": text[start:end]}


def span_of(tokens: Span) -> SpanDict:
    """The stretch of text a spaCy span covers."""
    return {"start": tokens.start_char, "end": tokens.end_char, "text": tokens.text}


def mention(stretch: SpanDict, kind: MentionKind) -> MentionDict:
    return {"start": stretch["start"], "end": stretch["end"], "text": stretch["text"], "kind": kind}


def entity(
    entity_id: str,
    name: str,
    entity_type: str,
    titles: list[str],
    aliases: list[str],
    mentions: list[MentionDict],
) -> EntityDict:
    return {
        "id": entity_id,
        "name": name,
        "type": entity_type,
        "titles": titles,
        "aliases": aliases,
        "mentions": mentions,
    }


def quote(kind: QuoteKind, content: list[SpanDict], cue: list[SpanDict], source: list[SpanDict]) -> QuoteDict:
    """An attribution; its speaker is resolved later, by coreference. Its act is read from the
    cue's text here; the attribution component refines it from spaCy's lemmas once the kind is
    final (``attribution.assign_acts``)."""
    act = act_of_cue(" ".join(span["text"] for span in cue), kind)
    return {"kind": kind, "act": act, "content": content, "cue": cue, "source": source, "speaker": None}


def time_expression(
    text: str, start: int, end: int, kind: TimeKind, value: str | None, anchor: str | None
) -> TimeDict:
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "type": kind,
        "value": value,
        "anchor": anchor,
    }


def quantity(
    text: str, start: int, end: int, kind: str, value: float, unit: str | None, bound: str
) -> QuantityDict:
    """An amount; other readings and what it counts are added once all amounts are known."""
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "kind": kind,
        "value": value,
        "unit": unit,
        "bound": bound,
        "alternatives": [],
        "counted": None,
    }


def summary(sentences: list[SpanDict], digest: DigestDict | None) -> SummaryDict:
    return {"sentences": sentences, "digest": digest}
