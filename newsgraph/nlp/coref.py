"""Speaker resolution: link each attribution's source to an entity of the record.

A source span is one of: a name (the entity whose mention it overlaps), a relative pronoun
("Biden, who …, said": the noun the clause hangs on), a personal pronoun (he/she/they/it: the
most salient earlier entity of compatible gender and number), or a description ("a White House
spokeswoman": the name it is in apposition with, an entity whose title it names, else the
description itself). Resolved pronoun and description sources are added to the entity's mentions.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

WORDS = json.loads((resources.files("newsgraph.nlp") / "data" / "coref_words.json")
                   .read_text(encoding="utf-8"))
PRONOUNS: dict[str, str] = WORDS["pronouns"]
RELATIVES = frozenset(WORDS["relative_pronouns"])
FIRST_PERSON = frozenset(WORDS["first_person"])
HONORIFICS: dict[str, str] = WORDS["honorifics"]
GENDERED_NOUNS: dict[str, str] = WORDS["gendered_nouns"]
GROUP_TYPES = frozenset(WORDS["group_types"])
THING_TYPES = frozenset(WORDS["thing_types"])
# How far back (in sentences) a pronoun looks for its antecedent, and salience bonuses.
LOOKBACK_SENTENCES = 6
SUBJECT_BONUS, LAST_SPEAKER_BONUS = 0.6, 1.0


@lru_cache(maxsize=1)
def _name_genders():
    import gender_guesser.detector as detector  # loads a 40k-name table: once, on first use

    return detector.Detector(case_sensitive=False)


def first_name_gender(name: str) -> str | None:
    """m/f from a person's first name, when the name table is sure enough."""
    parts = name.split()
    if len(parts) < 2:
        return None
    guess = _name_genders().get_gender(parts[0])
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(guess)


class Mentions:
    """The article's name mentions, in text order, with each entity's gender where known."""

    def __init__(self, doc: Doc, entities: list[dict]):
        self.doc = doc
        self.entities = {e["id"]: e for e in entities}
        self.spans = sorted((m["start"], m["end"], e["id"]) for e in entities for m in e["mentions"]
                            if m.get("kind", "name") == "name")
        self.gender = {e["id"]: self._gender(e) for e in entities if e["type"] == "PERSON"}

    def _gender(self, entity: dict) -> str | None:
        text = self.doc.text
        for m in entity["mentions"]:
            before = text[max(m["start"] - 6, 0):m["start"]].split()
            if before and before[-1].lower() in HONORIFICS:
                return HONORIFICS[before[-1].lower()]
        return first_name_gender(entity["name"])

    def at(self, start: int, end: int) -> str | None:
        """The entity with a name mention overlapping [start, end), preferring the longest."""
        hits = [(e - s, eid) for s, e, eid in self.spans if s < end and start < e]
        return max(hits)[1] if hits else None

    def before(self, char: int) -> list[tuple[int, int, str]]:
        return [m for m in self.spans if m[1] <= char]


def resolve_speakers(doc: Doc, attributions: list[dict]) -> None:
    """Fill each attribution's ``speaker`` (in text order, so earlier speakers inform later
    pronouns) and add resolved pronoun/description mentions to ``doc._.entities``."""
    entities = doc._.entities or []
    mentions = Mentions(doc, entities)
    last_speaker = None
    for attribution in sorted(attributions, key=lambda a: a["source"][0]["start"] if a["source"]
                              else a["content"][0]["start"]):
        if not attribution["source"]:
            continue
        source = attribution["source"][0]
        tokens = doc.char_span(source["start"], source["end"], alignment_mode="expand")
        if tokens is None or not len(tokens):
            continue
        entity_id, kind = resolve(tokens, mentions, last_speaker)
        if entity_id:
            entity = mentions.entities[entity_id]
            attribution["speaker"] = {"entity_id": entity_id, "name": entity["name"]}
            if kind != "name":
                _add_mention(entity, source, kind)
            last_speaker = entity_id
        elif tokens.text.lower() not in PRONOUNS and tokens.text.lower() not in RELATIVES:
            attribution["speaker"] = {"entity_id": None, "name": tokens.text}


def _add_mention(entity: dict, span: dict, kind: str) -> None:
    if not any(m["start"] == span["start"] and m["end"] == span["end"] for m in entity["mentions"]):
        entity["mentions"].append({**span, "kind": kind})
        entity["mentions"].sort(key=lambda m: m["start"])


def resolve(tokens: Span, mentions: Mentions, last_speaker: str | None) -> tuple[str | None, str]:
    """(entity id or None, mention kind) for a source span."""
    # The head names the source: "Biden, who … against Russia" is Biden, and "Russia's defense
    # ministry" is not Russia.
    root = tokens.root
    named = mentions.at(root.idx, root.idx + len(root))
    if named:
        return named, "name"
    word = tokens.text.lower()
    if len(tokens) == 1 and word in RELATIVES:
        return _relative_antecedent(tokens[0], mentions), "pronoun"
    if len(tokens) == 1 and word in PRONOUNS:
        return _pronoun_antecedent(tokens[0], PRONOUNS[word], mentions, last_speaker), "pronoun"
    if word in FIRST_PERSON:
        return None, "pronoun"
    return _description_referent(tokens, mentions), "description"


def _relative_antecedent(pronoun: Token, mentions: Mentions) -> str | None:
    """'Biden, who has sought …': the relative clause hangs on the noun it describes."""
    clause = pronoun.head
    noun = clause.head if clause.dep_ in ("relcl", "acl") else clause
    return mentions.at(noun.idx, noun.idx + len(noun)) or mentions.at(*_np_chars(noun))


def _np_chars(noun: Token) -> tuple[int, int]:
    left = min((t for t in noun.subtree if t.i <= noun.i and t.dep_ != "relcl"), key=lambda t: t.i)
    return left.idx, noun.idx + len(noun)


def _compatible(entity: dict, gender: str | None, feature: str) -> bool:
    if feature in ("m", "f"):
        return entity["type"] == "PERSON" and gender in (feature, None)
    if feature == "p":
        return entity["type"] in GROUP_TYPES
    return entity["type"] in THING_TYPES


def _pronoun_antecedent(pronoun: Token, feature: str, mentions: Mentions,
                        last_speaker: str | None) -> str | None:
    """The most salient compatible entity: recent, a clause subject, the last speaker."""
    doc = pronoun.doc
    sentences = list(doc.sents)
    here = next(k for k, s in enumerate(sentences) if s.start <= pronoun.i < s.end)
    scores: dict[str, float] = {}
    for start, end, eid in mentions.before(pronoun.idx):
        entity = mentions.entities[eid]
        if not _compatible(entity, mentions.gender.get(eid), feature):
            continue
        token = doc.char_span(start, end, alignment_mode="expand")
        if token is None:
            continue
        distance = here - next(k for k in range(here, -1, -1) if sentences[k].start <= token.root.i)
        if distance > LOOKBACK_SENTENCES:
            continue
        score = 1.0 / (1 + distance) + (SUBJECT_BONUS if token.root.dep_.startswith("nsubj") else 0)
        scores[eid] = max(scores.get(eid, 0.0), score)
    if last_speaker in scores:
        scores[last_speaker] += LAST_SPEAKER_BONUS
    return max(scores, key=scores.get) if scores else None


def _description_referent(tokens: Span, mentions: Mentions) -> str | None:
    """A description names an entity when a name stands in apposition to it, or when it
    repeats an entity's title; otherwise it stays a description."""
    root = tokens.root
    for token in [root.head] * (root.dep_ == "appos") + [c for c in root.children if c.dep_ == "appos"]:
        named = mentions.at(*_np_chars(token)) or mentions.at(token.idx, token.idx + len(token))
        if named:
            return named
    text = tokens.text.lower()
    titled = {eid for eid, entity in mentions.entities.items()
              if any(len(title) > 3 and title.lower() in text for title in entity.get("titles", []))}
    # Several entities can hold the title ("the president"): the one named last before it.
    named_before = [eid for _s, _e, eid in mentions.before(tokens.start_char) if eid in titled]
    return named_before[-1] if named_before else next(iter(sorted(titled)), None)
