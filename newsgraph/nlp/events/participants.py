"""Participants of an event: its actor and target (subjects, objects, the kind of actor), place and time."""

from __future__ import annotations

from typing import TypedDict

from spacy.tokens import Span, Token

from newsgraph.nlp.events.index import DocIndex
from newsgraph.nlp.events.syntax import (
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    TIME_TYPES,
    clause_tokens,
    noun_phrase,
    object_as_predicate,
    objects_of,
)
from newsgraph.nlp.events.triggers import Match
from newsgraph.nlp.events.typology import ActorWords, Typology
from newsgraph.nlp.shapes import EntityDict

NAMED_TARGET_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in", "at"})
OBJECT_DEPS = frozenset({"dobj", "dative"})
# A subject-less verb under these relations shares the subject of its head verb.
SUBJECT_SHARING_DEPS = frozenset({"conj", "xcomp", "advcl"})
# "criticized X for supplying", "accused X of lying": the object of the judging verb does it
JUDGED_PREPOSITIONS = frozenset({"for", "of"})
# "impose sanctions on North Korea", "retaliate against Iran": whom a promised harm is done to
HARM_PREPOSITIONS = frozenset({"on", "against"})
# The kinds of actor: only someone does every event; a communication only speaks.
SOMEONE, COMMUNICATION, THING = "someone", "communication", "thing"


class ParticipantDict(TypedDict):
    """An actor, target or place: the shape of ``newsgraph.record.Participant``."""

    entity_id: str | None
    name: str
    start: int | None
    end: int | None


def participant(token: Token, index: DocIndex, other: str | None = None) -> ParticipantDict:
    """A participant's name and entity; ``other``: the entity of the event's other participant,
    which a pronoun cannot stand for."""
    phrase = noun_phrase(token)
    entity = index.entity_of(token) or _appositive_entity(token, index) or index.referent(token, other)
    name = entity["name"] if entity else phrase.text
    entity = entity or _government_of(token, phrase, index)
    return {
        "entity_id": entity["id"] if entity else None,
        "name": name,
        "start": phrase.start_char,
        "end": phrase.end_char,
    }


def _appositive_entity(token: Token, index: DocIndex) -> EntityDict | None:
    """ "the alliance's chief, Jens Stoltenberg": the named apposition stands for the head."""
    for child in token.children:
        if child.dep_ == "appos" and index.entity_of(child):
            return index.entity_of(child)
    return None


def _government_of(token: Token, phrase: Span, index: DocIndex) -> EntityDict | None:
    """'the Biden administration' → Biden; 'the White House' → the United States."""
    if token.lemma_.lower() in index.typology.government_nouns:
        return next(filter(None, (index.entity_of(modifier) for modifier in phrase[:-1])), None)
    country_names = index.typology.seat_country_names.get(phrase.text.lower())
    return index.country_entity(country_names) if country_names else None


def subject_of(verb: Token) -> tuple[Token | None, Token | None]:
    """(actor, passive subject) of a verb, following shared subjects up the tree."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ in ("relcl", "acl"):
                return _predicated_subject(verb.head), None
            return child, None
        if child.dep_ == "nsubjpass":
            return _agent(verb), child
    governor = _governing_verb(verb)
    if verb.dep_ in SUBJECT_SHARING_DEPS and governor is not None:
        shared, governor_passive_subject = subject_of(governor)
        if verb.dep_ == "xcomp" and governor_passive_subject is not None:
            shared = governor_passive_subject  # "Obama is expected (by aides) to visit": Obama visits
        # "the crisis will have to be met": the shared subject of a passive is its object
        return (None, shared) if any(c.dep_ == "auxpass" for c in verb.children) else (shared, None)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ in ("VBD", "VBN"):
        # "East Jerusalem, captured by Israel": the noun undergoes it, done by a named doer ("cities
        # struck by terrorism" is a figure); "a Times article hailed Trump", a past tense the
        # parser hung on its subject: the noun acts
        if verb.tag_ == "VBD":
            return verb.head, None
        agent = _agent(verb)
        return (
            (agent, verb.head)
            if agent is not None and agent.ent_type_ in NAMED_TARGET_TYPES
            else (None, None)
        )
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ == "VBG":
        return verb.head, None  # "a super PAC backing Jeb Bush", "tweets shaming Machado": the noun acts
    prep = verb.head
    governor = prep.head.head if prep.head.dep_ == "dobj" and prep.head.pos_ == "NOUN" else prep.head
    if verb.dep_ == "pcomp" and governor.pos_ in ("VERB", "AUX"):
        # "criticized X for supplying", "accused X of supplying": X supplies; "said after
        # meeting Y", "occupied a role by calling out Y", "makes no apologies for accusing Y":
        # the subject does it.
        judged = (
            next((c for c in governor.children if c.dep_ == "dobj"), None)
            if prep.lower_ in JUDGED_PREPOSITIONS and governor == prep.head
            else None
        )
        return (judged or subject_of(governor)[0]), None
    return None, None


def _agent(verb: Token) -> Token | None:
    """The doer of a passive: the object of its "by" (which the parser may call a prep)."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    agent = next(
        (
            c
            for c in verb.children
            if c.dep_ == "agent" or (passive and c.dep_ == "prep" and c.lower_ == "by")
        ),
        None,
    )
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def _predicated_subject(noun: Token) -> Token:
    """The noun a relative clause describes, or, when that noun is predicated of a subject
    ("Trump is a serial liar … who has pledged"), that subject."""
    head = noun
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    if head.dep_ == "attr":
        return next((c for c in head.head.children if c.dep_ == "nsubj"), noun)
    return noun


def _governing_verb(verb: Token) -> Token | None:
    """The verb a conjunct or complement depends on; a verb coordinated with a predicate ("called
    it shameful and called on leaders") hangs from the predicate: climb to its verb."""
    head = verb.head
    while (
        head.pos_ not in ("VERB", "AUX")
        and head.dep_ in ("oprd", "acomp", "dobj", "attr")
        and head.head != head
    ):
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") and head != verb else None


def target_of(verb: Token, match: Match, passive_subject: Token | None) -> Token | None:
    event_class = match.entry.event_class
    if passive_subject is not None and passive_subject != match.noun:
        return passive_subject
    particle_object = (
        next((c for c in match.particle.children if c.dep_ == "pobj"), None)
        if match.particle is not None
        else None
    )
    if particle_object is not None:  # "called on Dean"; "took in 10,000 refugees" has a dobj
        return particle_object
    heads = (verb, match.noun) if match.noun is not None else (verb,)
    if object_as_predicate(verb) is not None:
        return object_as_predicate(verb)
    for head in heads:
        for child in head.children:
            if (
                child.dep_ in OBJECT_DEPS
                and child != match.noun
                and child.pos_ != "NUM"
                and child.ent_type_ not in TIME_TYPES
                and not _is_quantity_of(child, match.noun)
            ):
                # "paid tribute to X": the parser may make "to" the dative; X is the target
                return (
                    next((c for c in child.children if c.dep_ == "pobj"), None)
                    if child.pos_ == "ADP"
                    else child
                )
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in event_class.target_preps:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def _is_quantity_of(token: Token, noun: Token | None) -> bool:
    """ "$325 million" in "announced $325 million in aid" is the amount, not the target."""
    return noun is not None and noun in token.subtree


def place_of(heads: list[Token], index: DocIndex) -> ParticipantDict | None:
    """A place after in/at: on the verb, its event noun, or its target, where the parser often
    hangs it ("met with Biden in Washington")."""
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and _is_place(pobj, index):
                        return participant(pobj, index)
    return None


def _is_place(token: Token, index: DocIndex) -> bool:
    entity = index.entity_of(token)
    return (entity["type"] if entity else token.ent_type_) in PLACE_TYPES


def time_of(verb: Token, index: DocIndex) -> int | None:
    times = sorted({index.time_at[t.i] for t in clause_tokens(verb) if t.i in index.time_at})
    return times[0] if times else None


def giver_of(verb: Token, noun: Token | None) -> Token | None:
    """The object of "from" after a received event or its verb ("faced criticism from X")."""
    return next(
        (
            p
            for head in (noun, verb)
            if head is not None
            for c in head.children
            if c.dep_ == "prep" and c.lower_ == "from"
            for p in c.children
            if p.dep_ == "pobj"
        ),
        None,
    )


def kind_of_actor(actor: Token, index: DocIndex) -> str:
    """Whether an actor is someone (a person, a group, a country, a name, a personal pronoun), a
    communication (a report, a tweet, a law, "it": these can criticise or call for, not meet,
    promise, fight or give aid) or a thing ("a gray sky that seemed to capture", "Clinton's
    missteps arm her rivals", "trading prisoners encourages"). A partitive is what it counts."""
    words = index.typology.actors
    if actor.dep_ == "csubj" or actor.pos_ == "VERB" or _is_gerund_phrase(actor):
        return THING
    entity = index.entity_of(actor) or _appositive_entity(actor, index)
    if entity is not None:
        return SOMEONE if entity["type"] in words.agent_entity_types else COMMUNICATION
    word, lemma = actor.lower_, actor.lemma_.lower()
    if actor.pos_ == "PROPN" or word in words.pronouns:
        return SOMEONE
    if word in words.quantifiers or word in words.partitive_nouns:
        counted = next(
            (
                p
                for c in actor.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            ),
            None,
        )
        if counted is not None:
            return kind_of_actor(counted, index)
        return SOMEONE if word in words.quantifiers else THING
    if word in words.people_and_groups or lemma in words.people_and_groups or _names_people(word, words):
        return SOMEONE
    if word in words.thing_pronouns or word in words.communications or lemma in words.communications:
        return COMMUNICATION
    return THING


def promised_harm(verb: Token, typology: Typology) -> Token | None:
    """ "pledged to impose further sanctions", "vowed to bomb ISIS": a promise of harm is a threat."""
    return next(
        (c for c in verb.children if c.dep_ == "xcomp" and c.lemma_.lower() in typology.hostile_intentions),
        None,
    )


def harmed_party(harm: Token | None) -> Token | None:
    """Whom a harm is done to: "bomb ISIS", "impose sanctions on North Korea" (the parser may hang
    "on" on the sanctions)."""
    if harm is None:
        return None
    objects = objects_of(harm, HARM_PREPOSITIONS)
    objects += [
        p
        for o in objects
        for c in o.children
        if c.dep_ == "prep" and c.lower_ in HARM_PREPOSITIONS
        for p in c.children
        if p.dep_ == "pobj"
    ]
    named = [o for o in objects if o.pos_ == "PROPN" or o.ent_type_]
    return (named or objects)[0] if objects else None


def author_of(communication: Token, index: DocIndex) -> Token | None:
    """ "Trump's tweets shaming Machado", "a Donald Trump tweet attacking": whoever a communication
    belongs to speaks through it."""
    agents = index.typology.actors.agent_entity_types
    return next(
        (
            c
            for c in communication.children
            if c.dep_ in ("poss", "compound")
            and (entity := index.entity_of(c)) is not None
            and entity["type"] in agents
        ),
        None,
    )


def _names_people(word: str, words: ActorWords) -> bool:
    """ "lobbyist", "politicians", "speechwriter", "policymakers": a word made to name people."""
    return (
        len(word) >= 6
        and word.endswith(words.people_suffixes)
        and not word.endswith(words.not_people_suffixed)
    )


def _is_gerund_phrase(noun: Token) -> bool:
    """ "trading prisoners": a gerund and its object the tagger read as a compound noun (an -ing
    word first, no determiner)."""
    first = noun.left_edge
    return (
        first != noun
        and first.dep_ == "compound"
        and first.head == noun
        and first.lower_.endswith("ing")
        and first.tag_ in ("NN", "VBG")
    )


def entity_type_of(token: Token | None, index: DocIndex) -> str | None:
    entity = _named_entity(token, index, types=None)
    return entity["type"] if entity else None


def is_person(token: Token, index: DocIndex) -> bool:
    entity = index.entity_of(token)
    return token.pos_ == "PRON" or (entity is not None and entity["type"] == "PERSON")


def is_named(token: Token | None, index: DocIndex, other: Token | None = None) -> bool:
    """A named person, organisation or country, a thing one owns ("Wells Fargo's behavior"), a
    noun with a named apposition ("his wife, Heidi") or a description or pronoun that clearly
    stands for one ("the senator") other than the event's other participant ``other``."""
    other_entity = (index.entity_of(other) or index.referent(other)) if other is not None else None
    return _named_entity(token, index, other=other_entity["id"] if other_entity else None) is not None


def _named_entity(
    token: Token | None,
    index: DocIndex,
    types: frozenset[str] | None = NAMED_TARGET_TYPES,
    other: str | None = None,
) -> EntityDict | None:
    """The entity (of these types, or any) a participant is, belongs to, is named by in
    apposition ("Wells Fargo's behavior", "his wife, Heidi") or stands for ("the senator")."""
    if token is None:
        return None
    owners = [c for c in token.children if c.dep_ in ("poss", "appos")]

    def of_type(entity: EntityDict | None) -> bool:
        return entity is not None and (types is None or entity["type"] in types)

    named = next(filter(of_type, map(index.entity_of, [token, *owners])), None)
    if named is not None:
        return named
    referent = index.referent(token, other)  # resolved only when no name is found
    return referent if of_type(referent) else None
