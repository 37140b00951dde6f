"""What the events component reads of one document: the other components' output, indexed."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp import coref
from newsgraph.nlp.entities import entity_at
from newsgraph.nlp.events.typology import Typology
from newsgraph.nlp.shapes import EntityDict
from newsgraph.nlp.util import require_extension

COMPONENT = "newsgraph_events"
# Pronoun participants resolved to an entity (coref); "it" is left alone: mostly a thing.
PERSONAL_PRONOUNS = frozenset({"he", "him", "she", "her", "they", "them"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me"})


class DocIndex:
    """Per-document lookups: the entities, the time expression at each token, and the entity a
    pronoun participant stands for; ``typology``: the rules the document is read with."""

    def __init__(self, doc: Doc, typology: Typology):
        self.doc = doc
        self.typology = typology
        self.entities = require_extension(doc, "entities", COMPONENT)
        self.time_at: dict[int, int] = {}
        for index, time in enumerate(require_extension(doc, "times", COMPONENT)):
            for token in self.span(time["start"], time["end"]) or ():
                self.time_at.setdefault(token.i, index)
        attributions = require_extension(doc, "attributions", COMPONENT)
        self.attributions = sorted(
            (a for a in attributions if a.get("source")), key=lambda a: a["source"][0]["start"]
        )
        self._mentions: coref.Mentions | None = None
        self._referents: dict[tuple[int, str | None], EntityDict | None] = {}

    def referent(self, token: Token, other: str | None = None) -> EntityDict | None:
        """The named entity a pronoun or description participant ("he", "the senator") stands
        for, resolved as speakers are (the coref module), kept only when the choice is clear;
        "I"/"me" inside a direct quotation is its speaker. It is never the event's other
        participant ``other`` ("X accused him": not X), and a he/she/they is not the speaker of
        the quotation it is in."""
        word, pronoun = token.lower_, token.pos_ == "PRON"
        if word in FIRST_PERSON_SINGULAR:
            return self._quoted_speaker(token.idx)
        if (
            (pronoun and word not in PERSONAL_PRONOUNS)
            or not (pronoun or token.pos_ == "NOUN")
            or not self.entities
        ):
            return None
        key = (token.i, other)
        if key not in self._referents:
            self._referents[key] = self._resolve(token, pronoun, other)
        return self._referents[key]

    def _resolve(self, token: Token, pronoun: bool, other: str | None) -> EntityDict | None:
        if self._mentions is None:  # built only for documents with such a participant
            quotations = [
                (c["start"], c["end"])
                for a in self.attributions
                if a.get("kind") == "direct"
                for c in a["content"]
            ]
            self._mentions = coref.Mentions(
                self.doc,
                self.entities,
                quotations,
                description_rules=self.typology.description_rules,
                words=self.typology.coref_words,
            )
        span = self.doc[token.i : token.i + 1] if pronoun else self.doc[token.left_edge.i : token.i + 1]
        entity_id = coref.confident_referent(span, self._mentions, self._last_speaker(token.idx), other)
        speaker = self._quoted_speaker(token.idx) if pronoun else None
        if entity_id is None or (speaker and speaker["id"] == entity_id):
            return None
        self._mentions.add(span.start_char, span.end_char, entity_id)  # "He … He …" chains
        return self._mentions.entities[entity_id]

    def _last_speaker(self, char: int) -> tuple[str, int] | None:
        spoken = [
            (a["speaker"]["entity_id"], a["source"][0]["start"])
            for a in self.attributions
            if a["source"][0]["end"] <= char and (a.get("speaker") or {}).get("entity_id")
        ]
        return spoken[-1] if spoken else None

    def _quoted_speaker(self, char: int) -> EntityDict | None:
        for attribution in self.attributions:
            speaker = attribution.get("speaker") or {}
            if (
                attribution.get("kind") == "direct"
                and speaker.get("entity_id")
                and any(c["start"] <= char < c["end"] for c in attribution["content"])
            ):
                return next((e for e in self.entities if e["id"] == speaker["entity_id"]), None)
        return None

    def span(self, start: int, end: int) -> Span | None:
        """The tokens of a stretch of text given by character offsets."""
        return self.doc.char_span(start, end, alignment_mode="expand")

    def entity_of(self, token: Token) -> EntityDict | None:
        return entity_at(self.doc, token.idx, token.idx + len(token)) if self.entities else None

    def country_entity(self, names: frozenset[str]) -> EntityDict | None:
        for entity in self.entities:
            if entity["name"] in names or names.intersection(entity.get("aliases", ())):
                return entity
        return None
