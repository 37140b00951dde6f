"""Trigger matching: whether a verb is an event of the typology, and of which class."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.nlp.events.syntax import (
    RELATIVE_PRONOUNS,
    has_infinitive,
    has_particle,
    has_person_object,
    is_a_title,
    judges,
    particle_of,
    predicate_of,
)
from newsgraph.nlp.events.typology import EventClass, TriggerEntry, Typology


@dataclass(frozen=True)
class Match:
    entry: TriggerEntry
    noun: Token | None = None  # the event noun of a light-verb construction
    particle: Token | None = None  # the "on" of "call on": its object is the target
    # "faced criticism from X": the subject undergoes the event, the object of "from" does it
    received: bool = False


def match_trigger(verb: Token, typology: Typology) -> Match | None:
    """The trigger entry a verb matches, with its event noun or particle; None when it is no trigger."""
    lemma = verb.lemma_.lower()
    if any(has_particle(verb, particle) for particle in typology.other_senses.get(lemma, ())):
        return None  # "seized on the massacre", "struck down the law", "knocking X out of"
    for entry in typology.verbs.get(lemma, ()):
        if entry.needs_infinitive and not has_infinitive(verb):
            continue
        if entry.needs_person_object and (judges(verb) or not has_person_object(verb)):
            continue  # "called Trump a liar", "called for troops": no phone call
        particle = particle_of(verb, entry.particle) if entry.particle else None
        if entry.particle is None or particle is not None:
            carried = (
                _light_verb_match(verb, typology.light_verbs[lemma][1], typology)
                if lemma in typology.light_verbs
                else None
            )
            if carried is not None and carried.entry.event_class is not entry.event_class:
                return carried  # "pledged his support to Trump": the noun's class
            return Match(entry, particle=particle)
    if lemma in typology.characterizing_verbs:
        return _characterization_match(verb, typology)
    if lemma in typology.receiving_verbs:
        received = _received_match(verb, typology)
        if received is not None:
            return received
    if lemma in typology.light_verbs:
        light_particle, classes = typology.light_verbs[lemma]
        if light_particle is None or particle_of(verb, light_particle) is not None:
            return _light_verb_match(verb, classes, typology)
    return None


def _characterization_match(verb: Token, typology: Typology) -> Match | None:
    """ "called Trump a pathological liar": the predicate's words give the class."""
    words = {t.lemma_.lower() for t in predicate_of(verb) if t.dep_ not in ("relcl", "prep")}
    for event_class, class_words in typology.characterizations:
        if words & class_words:
            # a named target: not "described the incident as terrible"
            return Match(TriggerEntry(event_class, needs_named_target=True))
    return None


def _light_verb_match(verb: Token, classes: list[str] | None, typology: Typology) -> Match | None:
    for noun in _event_noun_candidates(verb, typology):
        event_class = typology.nouns.get(noun.lower_) or typology.nouns.get(noun.lemma_.lower())
        event_class = event_class or _judged_noun_class(noun, typology)
        if (
            event_class is not None
            and (classes is None or event_class.name in classes)
            and not is_a_title(noun)
        ):
            return Match(TriggerEntry(event_class), noun)
    return None


def _received_match(verb: Token, typology: Typology) -> Match | None:
    """ "faced criticism from X", "came under fire from X", "drew praise from X"."""
    particle = typology.receiving_verbs[verb.lemma_.lower()]
    head = verb if particle is None else particle_of(verb, particle)
    if head is None:
        return None
    for noun in (c for c in head.children if c.dep_ in ("dobj", "pobj")):
        event_class = typology.received_nouns.get(noun.lemma_.lower())
        if event_class is not None:
            return Match(TriggerEntry(event_class), noun, received=True)
    return None


def _judged_noun_class(noun: Token, typology: Typology) -> EventClass | None:
    """ "made derogatory comments about Machado": a neutral noun whose adjective judges."""
    if noun.lemma_.lower() not in typology.judged_nouns:
        return None
    words = {w for c in noun.children if c.dep_ == "amod" for w in (c.lower_, c.lemma_.lower())}
    return next(
        (event_class for event_class, class_words in typology.judging_adjectives if words & class_words), None
    )


def _event_noun_candidates(verb: Token, typology: Typology) -> Iterator[Token]:
    """Objects of a light verb, and the noun they quantify ("$325 million in aid"); for a
    relative clause with no object, the noun it modifies ("the encounter he had with Trump")."""
    if (
        verb.dep_ == "relcl"
        and not any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)
        and not any(c.dep_ == "nsubj" and c.lower_ in RELATIVE_PRONOUNS for c in verb.children)
    ):
        yield verb.head  # not "conversations that extended beyond security": the noun is the subject
    for obj in verb.children:
        if obj.dep_ in ("dobj", "nsubjpass"):
            yield obj
            if obj.lemma_.lower() in typology.document_nouns:
                continue  # "unveiled a list of endorsements": the list, not the endorsements
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "of"):
                    yield from (p for p in prep.children if p.dep_ == "pobj")
