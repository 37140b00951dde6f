"""The Article record: the one schema the whole system passes around.

Every span is ``start``/``end`` (character offsets, end exclusive) into ``Article.text``, the
clean article text. For plain-text input, ``Article.source_offset(i)`` maps an offset in
``text`` back to the original input. The record is plain data: it serialises to JSON with
``to_dict()``/``to_json()`` and is rebuilt with ``Article.model_validate(d)``.
"""

from __future__ import annotations

import bisect
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsgraph.acts import Act, act_of_cue
from newsgraph.times_text import time_text

SCHEMA_VERSION = "1"

# Where a date came from: the page's metadata, the text (dateline, a dated caption), the user
# (--date, a JSONL/feed field), a metadata file (ingest --meta), the file's path (--path-date).
DateSource = Literal[
    "html_metadata", "dateline", "dated_caption", "user", "metadata_file", "path", "inferred", "unknown"
]
EntityType = Literal[
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of the clean text."""

    start: int
    end: int
    text: str


class Mention(Span):
    """One mention of an entity. ``kind`` leaves room for pronoun and description mentions
    that coreference (attribution) adds to the name mentions found by NER."""

    kind: Literal["name", "pronoun", "description"] = "name"


class Entity(_Model):
    """One real-world thing, with every mention of it in the article."""

    id: str = Field(description="Stable within the article: E1, E2, … in order of first mention.")
    name: str = Field(description="Canonical name: the longest full form used in the article.")
    type: str
    titles: list[str] = Field(default_factory=list, description="Roles, e.g. 'NATO Secretary General'.")
    aliases: list[str] = Field(default_factory=list, description="Other surface forms of the name.")
    mentions: list[Mention] = Field(default_factory=list)
    owner: str | None = Field(
        None,
        description="For a body derived from a person or organisation "
        "('Trump campaign' from 'his campaign'): the id of its owner's entity.",
    )


class Removed(_Model):
    """A block the cleaner took out of the input, and why."""

    text: str
    reason: str
    start: int | None = Field(None, description="Offset of the block in the original input.")


class Repair(_Model):
    """A stretch of the input the cleaner repaired (``reason``: "mojibake", text decoded with
    the wrong encoding upstream). ``start``/``end`` are in the clean text."""

    start: int
    end: int
    text: str
    original: str
    reason: str = "mojibake"


class Speaker(_Model):
    """Who a quote is attributed to: an entity of the record, or only a description."""

    entity_id: str | None = None
    name: str


class Quote(_Model):
    """One attribution: content, cue and source, each a list of spans (they can be split)."""

    kind: Literal["direct", "indirect", "mixed"]
    act: Act = Field(
        description="What the cue reports: speech (said, wrote, denied…), thought (believes, "
        "fears), intent (plans, seeks, tries) or other (shows, supports)."
    )
    content: list[Span]
    cue: list[Span] = Field(default_factory=list)
    source: list[Span] = Field(default_factory=list)
    speaker: Speaker | None = None

    @model_validator(mode="before")
    @classmethod
    def _act_from_cue(cls, data):
        """A record written before acts existed gets its act from its cue's text."""
        if isinstance(data, dict) and "act" not in data:
            spans = data.get("cue") or []
            cue = " ".join(span["text"] if isinstance(span, dict) else span.text for span in spans)
            data = {**data, "act": act_of_cue(cue, data.get("kind"))}
        return data


class TimeExpr(Span):
    """A temporal expression with its TIMEX3-style normalised value."""

    type: Literal["date", "time", "range", "duration", "set"]
    value: str | None = Field(None, description="e.g. 2023-06-13, 2023-07, 2023-07-11/2023-07-12, P9Y")
    anchor: str | None = Field(None, description="The reference date the value was resolved against.")
    label: str | None = Field(
        None,
        description="The value in words: 'next month (July 2023)', "
        "'for a day', 'every Friday' (newsgraph.times_text).",
    )

    @model_validator(mode="after")
    def _label_from_value(self) -> TimeExpr:
        """Records written before labels existed, and components, get it from the value."""
        if self.label is None and self.value:
            self.label = time_text(self.value, self.type, self.anchor)
        return self


class Reading(_Model):
    value: float
    unit: str


class Quantity(Span):
    """An amount with its normalised value, unit and what it counts."""

    kind: str = Field(description="money, percent, count, distance, weight, duration, …")
    value: float | None = None
    unit: str | None = None
    bound: Literal["exact", "at_least", "at_most", "approximately", "more_than", "less_than"] | None = None
    alternatives: list[Reading] = Field(
        default_factory=list, description="Other readings: '500 km (311 miles)'."
    )
    counted: Span | None = Field(None, description="What is counted: '… in new military aid to Ukraine'.")


class Participant(_Model):
    entity_id: str | None = None
    name: str
    start: int | None = None
    end: int | None = None


class Event(_Model):
    """Who did what to whom, where and when, typed with a CAMEO root code."""

    type: str = Field(description="Our event class, e.g. 'meet', 'provide_aid', 'criticize'.")
    cameo: str = Field(description="CAMEO root code, e.g. '04'.")
    trigger: Span
    sentence: Span
    actor: Participant | None = None
    target: Participant | None = None
    place: Participant | None = None
    time: int | None = Field(None, description="Index into Article.times.")


class Digest(_Model):
    who: list[str] = Field(default_factory=list)
    what: str | None = None
    when: str | None = None
    where: list[str] = Field(default_factory=list)
    figures: list[str] = Field(default_factory=list)


class Summary(_Model):
    sentences: list[Span] = Field(default_factory=list)
    digest: Digest | None = None


class Article(_Model):
    """Everything newsgraph knows about one article."""

    schema_version: str = SCHEMA_VERSION
    id: str = Field(description="Content hash of the input.")
    title: str | None = None
    published: str | None = Field(None, description="ISO date (YYYY-MM-DD) or datetime.")
    date_source: DateSource = "unknown"
    reference_date: str | None = Field(None, description="Date relative times are resolved against.")
    reference_date_source: DateSource = "unknown"
    publisher: str | None = None
    origin_publisher: str | None = None
    authors: list[str] = Field(default_factory=list)
    contributors: list[str] = Field(default_factory=list)
    language: str | None = None
    url: str | None = None
    description: str | None = None
    extra: dict[str, str] = Field(
        default_factory=dict, description="Other columns of the metadata file (ingest --meta), as given."
    )
    input_format: Literal["text", "html"] = "text"
    text: str
    removed: list[Removed] = Field(default_factory=list)
    warnings: list[str] = Field(
        default_factory=list,
        description="What was repaired in the input to read it, e.g. invalid UTF-8 bytes replaced by U+FFFD.",
    )
    repairs: list[Repair] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)
    offset_map: list[tuple[int, int]] | None = Field(
        None,
        description="Plain-text input only: sorted (text offset, input offset) pairs, one per "
        "kept segment; offsets inside a segment shift by the same amount.",
    )

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def source_offset(self, i: int) -> int:
        """Offset in the original input of offset ``i`` in ``text`` (plain-text input only)."""
        if self.offset_map is None:
            raise ValueError("source offsets exist only for plain-text input")
        starts = [text_start for text_start, _ in self.offset_map]
        k = max(bisect.bisect_right(starts, i) - 1, 0)
        text_start, input_start = self.offset_map[k]
        return input_start + (i - text_start)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)


class Failure(_Model):
    """What ``analyze_many`` yields for a document it could not analyse; the stream goes on."""

    index: int
    source: str | None = None
    error: str
    reason: str = Field(description="Machine-readable class of the error, e.g. 'empty', 'not_english'.")

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")


def json_schema() -> dict:
    schema = Article.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://newsgraph.local/schema/article-v{SCHEMA_VERSION}.json"
    return schema
