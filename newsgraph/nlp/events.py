"""Events: who did what to whom, where and when, typed with CAMEO root codes.

Events come from the dependency parse: a verb whose lemma is in the verb-class file
(``data/event_verbs.json``), or a light verb whose object is an event noun ("held talks",
"announced $325 million in military aid"), is the trigger; the actor is its subject (inherited
through conj/xcomp/advcl, or the agent of a passive), the target its object or the object of a
class preposition ("met with Y", "aid to Ukraine"), the place a GPE/LOC/FAC after "in"/"at", the
time a ``doc._.times`` entry inside the verb's own clause. An event without a time inherits the
time of the previous event of the same type and actor ("X also met with Z"). Some verbs are an
event only with a given complement ("agreed to clean up", "encouraged Americans to", "called
Machado on Friday", "questioned the health of X"); a received event ("faced criticism from X",
"enjoyed support from X") has the object of "from" as actor and the subject as target; a neutral
noun judged by its adjective ("made derogatory comments about X") is an event noun. Characterising
verbs judge by their predicate ("called Trump a liar": criticize; data/event_characterizations
.json). Attributions (the attribution component's Quote dicts) become statement events (CAMEO
01) with the speaker as actor. "The Biden administration" and "the White House" link to the
entity whose government they are (``data/event_governments.json``).

An event needs an actor, and the actor must be someone (``data/event_actors.json``): a person,
group or country, a name, a personal pronoun, or a noun naming people ("officials", "lobbyists");
a communication ("the report", "a tweet") only speaks (requests, praise, criticism, threats). A
passive with no doer ("had been pilloried") and a thing as actor ("a gray sky that seemed to
capture") are no event.

Precision comes first. A mention is an event only when the text asserts it: negated,
conditional, hypothetical, future-clause ("until I meet"), habitual ("usually call upon"),
generic ("a person strikes another person") and unrealised mentions are skipped, unrealised
being a verb under a non-factive governor ("declined to threaten", "refrained from
endorsing", "rather than scolding"), a to-infinitive under a noun or adjective that does not
schedule it ("hesitancy to condemn", "inclined to attack", but "plans to visit"), a gerund
naming an act ("the notion of admitting refugees", "assailing Trump may not work") or a
question ("asked him if", "asked about it"). Trigger words the tagger read as verbs but that
are nouns or adjectives ("the Obama calls for", "60 pledged delegates") are skipped; ambiguous
verbs ("slam", "rip", "attack") need a named target; objects and phrasal forms that show
another sense ("met the target", "struck a deal", "seized on the massacre", "pleaded guilty")
are excluded, all as data in ``data/event_verbs.json``. Pronoun participants and definite
descriptions ("he", "the senator") stand for an entity when ``coref.confident_referent`` finds
one clear candidate (not the other participant; "I"/"me" in a direct quotation is its speaker);
an event whose only participants are unresolved pronouns or nothing is dropped. Title-case
headlines, where the tagger reads the verb as a name, are read as "Entity Verb Entity".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.nlp import coref
from newsgraph.nlp.entities import TITLE_WORDS, entity_at

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)

_DATA = Path(__file__).parent / "data"

NAMED_TARGET_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in", "at"})
TIME_TYPES = frozenset({"DATE", "TIME"})
TITLE_TYPES = frozenset({"WORK_OF_ART", "ORG", "EVENT", "PRODUCT", "LAW", "FAC"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "dative"})
# Dependents that open a clause of their own: a time inside them belongs to another event.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "csubj", "parataxis", "xcomp", "conj"})
# A subject-less verb under these relations shares the subject of its head verb.
SUBJECT_SHARING_DEPS = frozenset({"conj", "xcomp", "advcl"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Marks of clauses that do not assert their event: "if X strikes", "for families to sue".
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "for"})
# of these, the marks of a condition: the verb such a clause hangs on happens only on that condition
CONDITION_MARKS = CONDITIONAL_MARKS - {"whether", "for"}
NEGATIONS = frozenset({"never"})
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp"})
# particles that may follow the object ("knocked them out"); "on" or "upon" may not: "seized the
# city on Tuesday" is no "seize on"
SEPARABLE_PARTICLES = frozenset({"out", "off", "down", "up", "back"})
# words between a verb and its particle ("called Friday for", "called on Tuesday morning for")
MAX_PARTICLE_GAP = 3
# "criticized X for supplying", "accused X of lying": the object of the judging verb does it
JUDGED_PREPOSITIONS = frozenset({"for", "of"})
# a gerund after these is the complement of the verb before it: "refrained from endorsing", "expects
# Holt to insert himself by calling out Trump" (a means happens only if its end does)
MEANS_OR_SOURCE_PREPOSITIONS = frozenset({"from", "by"})
QUESTION_VERBS = frozenset({"ask", "press"})
# "impose sanctions on North Korea", "retaliate against Iran": whom a promised harm is done to
HARM_PREPOSITIONS = frozenset({"on", "against"})
# complements by which a characterising verb judges its object: 'called him "disgusting"'
CHARACTERIZATION_COMPLEMENTS = frozenset({"oprd", "ccomp", "xcomp", "acomp", "attr"})
# '"Why?" asked Manafort', '"… too big to regulate?" Vitter demanded': after a quotation these
# verbs report the words said, no request
QUOTATION_CUE_VERBS = frozenset({"ask", "press", "demand"})
# "backed by 34% of GOP voters": a poll share, no actor
SHARES = frozenset({"%", "percent", "per cent"})
# Pronoun participants resolved to an entity (coref); "it" is left alone: mostly a thing.
PERSONAL_PRONOUNS = frozenset({"he", "him", "she", "her", "they", "them"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me"})
QUANTIFIERS = frozenset({"many", "some", "all", "most", "much", "several", "few", "one", "none", "each",
                         "both", "any"})


@dataclass(frozen=True)
class EventClass:
    name: str
    cameo: str
    target_preps: frozenset[str] = frozenset()
    excluded_objects: frozenset[str] = frozenset()
    place_object_verbs: frozenset[str] = frozenset()
    named_targets_only: bool = False
    excluded_purposes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TriggerEntry:
    event_class: EventClass
    particle: str | None = None
    needs_named_target: bool = False
    needs_target: bool = False  # "applaud": clapping when it has no target
    # "accept": an event only with one of these object lemmas ("accepted 10,000 refugees")
    required_objects: frozenset[str] = frozenset()
    # "agree", "encourage": an event only with a to-infinitive ("agreed to clean up", "encouraged
    # Americans to check out"), not "agreed with her", "encouraged by the results"
    needs_infinitive: bool = False
    # "call": a phone call only with a person as direct object ("called Machado on Friday")
    needs_person_object: bool = False
    # "attack": the class follows the entity type of the target (PERSON → criticize, GPE → fight)
    classes_by_target_type: dict[str, EventClass] | None = None


@dataclass(frozen=True)
class Match:
    entry: TriggerEntry
    noun: Token | None = None  # the event noun of a light-verb construction
    particle: Token | None = None  # the "on" of "call on": its object is the target
    # "faced criticism from X": the subject undergoes the event, the object of "from" does it
    received: bool = False


def _split_phrase(phrase: str) -> tuple[str, str | None]:
    lemma, _, particle = phrase.partition(" ")
    return lemma, particle or None


class Typology:
    """The verb-class and characterisation files, indexed by lemma."""

    def __init__(self, data: dict, characterizations: dict):
        self.verbs: dict[str, list[TriggerEntry]] = {}
        self.nouns: dict[str, EventClass] = {}
        # lemma -> (particle, names of the classes its event nouns may have, None for all)
        self.light_verbs = {_split_phrase(phrase)[0]: (_split_phrase(phrase)[1], classes)
                            for phrase, classes in data["light_verbs"].items()}
        self.non_factive_governors = frozenset(data["non_factive_governors"])
        self.predicting_governors = frozenset(data["predicting_governors"])
        self.hypothetical_modals = frozenset(data["hypothetical_modals"])
        self.non_assertive_adverbs = frozenset(data["non_assertive_adverbs"])
        self.non_factive_prepositions = frozenset(data["non_factive_prepositions"])
        self.realising_infinitive_heads = frozenset(data["realising_infinitive_heads"])
        self.future_clause_marks = frozenset(data["future_clause_marks"])
        self.answer_infinitives = frozenset(data["answer_infinitives"])
        self.answer_nouns = frozenset(data["answer_nouns"])
        self.generic_determiners = frozenset(data["generic_participants"]["determiners"])
        self.generic_words = frozenset(data["generic_participants"]["words"])
        self.other_senses: dict[str, list[str]] = {}
        for phrase in data["other_sense_phrases"]:
            lemma, particle = _split_phrase(phrase)
            self.other_senses.setdefault(lemma, []).append(particle)
        self.infinitive_agent_verbs = frozenset(data["infinitive_agent_verbs"])
        self.hostile_intentions = frozenset(data["hostile_intentions"])
        self.allegation_verbs = frozenset(data["allegation_verbs"])
        self.means_nouns = frozenset(data["means_nouns"])
        self.habit_clause_marks = frozenset(data["habit_clause_marks"])
        self.supposition_imperatives = frozenset(data["supposition_imperatives"])
        self.avoidance_phrases = frozenset(data["avoidance_phrases"])
        self.kind_nouns = frozenset(data["kind_nouns"])
        self.document_nouns = frozenset(data["document_nouns"])
        classes = {name: self._add_class(name, spec) for name, spec in data["classes"].items()}
        self.statement = classes["statement"]
        self.threaten = classes["threaten"]
        # "call on" must be tried before a bare "call", "ask X to" before a bare "ask"
        for entries in self.verbs.values():
            entries.sort(key=lambda entry: (entry.particle is None, not entry.needs_infinitive))
        for lemma, by_type in data["verbs_by_target_type"].items():
            by_type = {entity_type: classes[name] for entity_type, name in by_type.items()}
            self.verbs.setdefault(lemma, []).append(TriggerEntry(
                next(iter(by_type.values())), needs_named_target=True, classes_by_target_type=by_type))
        self.characterizing_verbs = frozenset(characterizations["verbs"])
        self.judged_nouns = frozenset(data["judged_nouns"]["nouns"])
        self.receiving_verbs = {_split_phrase(phrase)[0]: _split_phrase(phrase)[1]
                                for phrase in data["received_events"]["verbs"]}
        self.received_nouns = {noun: classes[name] for name, nouns in data["received_events"]["nouns"].items()
                               for noun in nouns}
        self.judging_adjectives = [(classes[name], frozenset(words))
                                   for name, words in data["judged_nouns"]["adjectives"].items()]
        self.characterizations = [(classes[name], frozenset(words))
                                  for name, words in characterizations["classes"].items()]

    def _add_class(self, name: str, spec: dict) -> EventClass:
        event_class = EventClass(name, spec["cameo"], frozenset(spec.get("target_preps", ())),
                                 frozenset(spec.get("excluded_objects", ())),
                                 frozenset(spec.get("place_object_verbs", ())),
                                 spec.get("named_targets_only", False),
                                 frozenset(spec.get("excluded_purposes", ())))
        for phrase in spec.get("verbs", ()):
            self._add_verb(phrase, event_class, needs_named_target=False)
        for phrase in spec.get("verbs_needing_entity_target", ()):
            self._add_verb(phrase, event_class, needs_named_target=True)
        for phrase in spec.get("verbs_needing_target", ()):
            self._add_verb(phrase, event_class, needs_named_target=False, needs_target=True)
        for phrase, objects in spec.get("verbs_needing_object", {}).items():
            self._add_verb(phrase, event_class, needs_named_target=False, objects=frozenset(objects))
        for phrase in spec.get("verbs_needing_infinitive", ()):
            self._add_verb(phrase, event_class, needs_named_target=False, needs_infinitive=True)
        for phrase in spec.get("verbs_needing_person_object", ()):
            self._add_verb(phrase, event_class, needs_named_target=False, needs_person_object=True)
        self.nouns.update(dict.fromkeys(spec.get("nouns", ()), event_class))
        return event_class

    def _add_verb(self, phrase: str, event_class: EventClass, needs_named_target: bool,
                  needs_target: bool = False, objects: frozenset[str] = frozenset(),
                  needs_infinitive: bool = False, needs_person_object: bool = False) -> None:
        lemma, particle = _split_phrase(phrase)
        self.verbs.setdefault(lemma, []).append(TriggerEntry(
            event_class, particle, needs_named_target, needs_target, objects, needs_infinitive,
            needs_person_object=needs_person_object))

    def match(self, verb: Token) -> Match | None:
        lemma = verb.lemma_.lower()
        if any(_has_particle(verb, particle) for particle in self.other_senses.get(lemma, ())):
            return None  # "seized on the massacre", "struck down the law", "knocking X out of"
        for entry in self.verbs.get(lemma, ()):
            if entry.needs_infinitive and not _has_infinitive(verb):
                continue
            if entry.needs_person_object and (_judges(verb) or not _has_person_object(verb)):
                continue  # "called Trump a liar", "called for troops": no phone call
            particle = _particle(verb, entry.particle) if entry.particle else None
            if entry.particle is None or particle is not None:
                carried = self._light_verb_match(verb, self.light_verbs[lemma][1]) \
                    if lemma in self.light_verbs else None
                if carried is not None and carried.entry.event_class is not entry.event_class:
                    return carried  # "pledged his support to Trump": the noun's class
                return Match(entry, particle=particle)
        if lemma in self.characterizing_verbs:
            return self._characterization_match(verb)
        if lemma in self.receiving_verbs:
            received = self._received_match(verb)
            if received is not None:
                return received
        if lemma in self.light_verbs:
            particle, classes = self.light_verbs[lemma]
            if particle is None or _particle(verb, particle) is not None:
                return self._light_verb_match(verb, classes)
        return None

    def _characterization_match(self, verb: Token) -> Match | None:
        """ "called Trump a pathological liar": the predicate's words give the class."""
        words = {t.lemma_.lower() for t in _predicate(verb) if t.dep_ not in ("relcl", "prep")}
        for event_class, class_words in self.characterizations:
            if words & class_words:
                # a named target: not "described the incident as terrible"
                return Match(TriggerEntry(event_class, needs_named_target=True))
        return None

    def _light_verb_match(self, verb: Token, classes: list[str] | None) -> Match | None:
        for noun in _event_noun_candidates(verb):
            event_class = self.nouns.get(noun.lower_) or self.nouns.get(noun.lemma_.lower())
            event_class = event_class or self._judged_noun_class(noun)
            if event_class is not None and (classes is None or event_class.name in classes) \
                    and not _is_a_title(noun):
                return Match(TriggerEntry(event_class), noun)
        return None

    def _received_match(self, verb: Token) -> Match | None:
        """ "faced criticism from X", "came under fire from X", "drew praise from X"."""
        particle = self.receiving_verbs[verb.lemma_.lower()]
        if particle is not None and _particle(verb, particle) is None:
            return None
        heads = [_particle(verb, particle)] if particle is not None else [verb]
        for noun in (c for head in heads for c in head.children if c.dep_ in ("dobj", "pobj")):
            event_class = self.received_nouns.get(noun.lemma_.lower())
            if event_class is not None:
                return Match(TriggerEntry(event_class), noun, received=True)
        return None

    def _judged_noun_class(self, noun: Token) -> EventClass | None:
        """ "made derogatory comments about Machado": a neutral noun whose adjective judges."""
        if noun.lemma_.lower() not in self.judged_nouns:
            return None
        words = {w for c in noun.children if c.dep_ == "amod" for w in (c.lower_, c.lemma_.lower())}
        return next((event_class for event_class, class_words in self.judging_adjectives
                     if words & class_words), None)


def _load_json(name: str) -> dict:
    return json.loads((_DATA / name).read_text(encoding="utf-8"))


TYPOLOGY = Typology(_load_json("event_verbs.json"), _load_json("event_characterizations.json"))
_GOVERNMENTS = _load_json("event_governments.json")
GOVERNMENT_NOUNS = frozenset(_GOVERNMENTS["government_nouns"])
SEAT_COUNTRY_NAMES = {seat: frozenset(names) for seat, names in _GOVERNMENTS["seats"].items()}
_ACTORS = _load_json("event_actors.json")
AGENT_ENTITY_TYPES = frozenset(_ACTORS["agent_entity_types"])
SPEECH_CLASSES = frozenset(_ACTORS["speech_classes"])
ACTOR_PRONOUNS = frozenset(_ACTORS["pronouns"])
THING_PRONOUNS = frozenset(_ACTORS["thing_pronouns"])
ACTOR_QUANTIFIERS = frozenset(_ACTORS["quantifiers"])
PARTITIVE_NOUNS = frozenset(_ACTORS["partitive_nouns"])
PEOPLE_AND_GROUPS = frozenset(_ACTORS["people_and_groups"]) | TITLE_WORDS | coref.ROLE_NOUNS
COMMUNICATIONS = frozenset(_ACTORS["communications"])
PEOPLE_SUFFIXES = tuple(_ACTORS["people_suffixes"])
NOT_PEOPLE_SUFFIXED = tuple(_ACTORS["not_people_suffixed"])


def _particle(verb: Token, word: str) -> Token | None:
    """The particle right after the verb, or after a date or an adverb of the verb between them:
    "called on Dean", "called Friday for releasing", "called again for", not "called … on
    Wednesday"."""
    doc, i = verb.doc, verb.i + 1
    while i < min(len(doc), verb.i + 1 + MAX_PARTICLE_GAP) and doc[i].lower_ != word and (
            doc[i].ent_type_ in TIME_TYPES or (doc[i].tag_ == "RB" and doc[i].head == verb)):
        i += 1
    following = doc[i] if i < len(doc) else None
    if following is not None and following.head == verb and following.dep_ in ("prt", "prep") \
            and following.lower_ == word:
        return following
    return None


def _has_infinitive(verb: Token) -> bool:
    """ "agreed to clean up", "encouraged Americans to check out", "appealed to Congress to pass"
    (which the parser may hang as an adverbial clause): a to-infinitive complement (not "telling
    them when to join": information)."""
    return any(c.dep_ in ("xcomp", "advcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
               and c.left_edge.tag_ not in ("WRB", "WP") for c in verb.children)


def _judges(verb: Token) -> bool:
    """ "called Trump a liar", "called him 'disgusting'", "described it as": a characterising verb
    with a predicate or a complement judges its object ("called Machado on Friday" does not)."""
    return bool(_predicate(verb)) or any(c.dep_ in CHARACTERIZATION_COMPLEMENTS for c in verb.children)


def _has_person_object(verb: Token) -> bool:
    """ "called Machado on Friday"; not 'called Mrs. Schlafly an "Aunt Tom"', where the parser
    hangs the name called on the object."""
    return any(c.dep_ == "dobj" and c.ent_type_ == "PERSON" and not any(t.is_quote for t in c.subtree)
               and not any(a.dep_ == "appos" for a in c.children) for c in verb.children)


def _has_particle(verb: Token, word: str) -> bool:
    """Whether the verb has this particle: right after it, or, for an adverbial particle, after
    its object too ("knocking Cruz and Kasich out of the race")."""
    if _particle(verb, word) is not None:
        return True
    return word in SEPARABLE_PARTICLES and any(
        c.lower_ == word and c.dep_ in ("prt", "prep") and c.i > verb.i for c in verb.children)


def _predicate(verb: Token) -> list[Token]:
    """The object predicate of "called X a liar" or "described X as a disgrace": its head and
    the words that modify it directly."""
    heads = [c for c in verb.children if c.dep_ == "oprd" and c != _object_as_predicate(verb)]
    heads += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
              for p in c.children if p.dep_ == "pobj"]
    return [t for head in heads for t in (head, *head.children)]


def _object_as_predicate(verb: Token) -> Token | None:
    """ "Cruz called Trump a liar": the parser may label both the object and the predicate
    oprd; the first of two is the object."""
    predicates = [c for c in verb.children if c.dep_ == "oprd"]
    return predicates[0] if len(predicates) > 1 else None


def _event_noun_candidates(verb: Token):
    """Objects of a light verb, and the noun they quantify ("$325 million in aid"); for a
    relative clause with no object, the noun it modifies ("the encounter he had with Trump")."""
    if verb.dep_ == "relcl" and not any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children) \
            and not any(c.dep_ == "nsubj" and c.lower_ in RELATIVE_PRONOUNS for c in verb.children):
        yield verb.head  # not "conversations that extended beyond security": the noun is the subject
    for obj in verb.children:
        if obj.dep_ in ("dobj", "nsubjpass"):
            yield obj
            if obj.lemma_.lower() in TYPOLOGY.document_nouns:
                continue  # "unveiled a list of endorsements": the list, not the endorsements
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "of"):
                    yield from (p for p in prep.children if p.dep_ == "pobj")


def _is_skipped(verb: Token) -> bool:
    """Negated, conditional, hypothetical ("could strike"), unrealised ("declined to threaten",
    "hesitancy to condemn", "rather than scolding") or generic ("merely assailing Trump may not
    work", "usually call upon") verbs report no event that took place; so do verbs in the
    complement of such a verb ("They don't want to think we're blaming X", "a bill that would
    allow families to sue")."""
    if verb.dep_ in ("amod", "compound") or _asks_a_question(verb) or _cites_a_quotation(verb) \
            or _is_gerund_subject(verb) \
            or _is_unrealised_infinitive(verb) or _follows_non_factive_preposition(verb) \
            or _is_imperative(verb) or _is_inverted_condition(verb) or _lists_a_means(verb) \
            or _is_comparison_clause(verb) or _is_supposed(verb) or _describes_a_habit(verb) \
            or _asks_yes_or_no(verb) or _is_alleged(verb):
        return True
    for governor, governs in _complement_chain(verb):
        if governor.dep_ == "relcl" and governor.head.lemma_.lower() in TYPOLOGY.kind_nouns:
            return True  # "some of the things that they're asking you to do": a kind of act
        if governs and (governor.lemma_.lower() in TYPOLOGY.non_factive_governors
                        or _predicts_another(governor)):
            return True
        if governor.dep_ in ("csubj", "csubjpass"):
            return True  # an act as a subject: "to endorse Trump now is a betrayal"
        # "hesitant to appear with him or to even endorse", "rather than continuing to attack"
        if governor != verb and (_is_unrealised_infinitive(governor)
                                 or _follows_non_factive_preposition(governor)):
            return True
        if any(_cancels(child, own=governs or governor == verb) for child in governor.children):
            return True
        if _is_future_clause(governor):
            return True
    return False


def _predicts_another(governor: Token) -> bool:
    """ "the campaign expects Holt to call out Trump": a prediction of another's act, unlike "Obama
    is expected to visit" or "Obama expected to visit", which schedule it."""
    return governor.lemma_.lower() in TYPOLOGY.predicting_governors and any(
        c.dep_ == "dobj" or (c.dep_ in COMPLEMENT_DEPS and _has_own_subject(c)) for c in governor.children)


def _cancels(child: Token, own: bool) -> bool:
    """Whether a dependent cancels the assertion of its verb's event. A conjunct shares its
    head's modal or condition ("could strike Kyiv and seize the port") but not its negation or
    adverbs ("did not know what he said, and accused Number 10")."""
    if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
        return True
    if child.dep_ == "aux" and child.lower_ in TYPOLOGY.hypothetical_modals:
        return True
    if child.dep_ == "advcl" and child.pos_ in ("VERB", "AUX") \
            and any(map(_is_condition_mark, child.children)):
        return True  # "If you don't believe them, NBC News will accuse you" (not "if for no other reason")
    if not own:
        return False
    return child.dep_ == "neg" or child.lower_ in NEGATIONS or (
        child.dep_ == "advmod" and child.lower_ in TYPOLOGY.non_assertive_adverbs) or (
        child.dep_ in ("nsubj", "nsubjpass") and _negates(child)) or _is_habit_clause(child)


def _is_condition_mark(mark: Token) -> bool:
    """ "if", "unless", but not "as if" or "even if" (a manner, a concession)."""
    return mark.dep_ == "mark" and mark.lower_ in CONDITION_MARKS and not (
        mark.i > 0 and mark.doc[mark.i - 1].lower_ in ("as", "even"))


def _negates(subject: Token) -> bool:
    """ "Neither Clinton nor her allies have been charged", "few are calling for a rollback": a
    subject that negates its verb ("a few" does not)."""
    few = [t for t in (subject, *subject.children) if t.lower_ == "few" and t.i <= subject.i]
    return any(c.dep_ in ("det", "preconj") and c.lower_ == "neither" for c in subject.children) or any(
        t.i == 0 or t.doc[t.i - 1].lower_ != "a" for t in few)


def _is_habit_clause(child: Token) -> bool:
    """ "When something gets under his skin, he lashes out": a present-tense clause of "when" on a
    present-tense verb makes it a habit."""
    return child.dep_ == "advcl" and child.tag_ in ("VBZ", "VBP") and child.head.tag_ in ("VBZ", "VBP") \
        and any(c.dep_ in ("mark", "advmod") and c.lower_ in TYPOLOGY.habit_clause_marks
                for c in child.children)


def _is_future_clause(verb: Token) -> bool:
    """ "until I meet with Bibi", "once he visits": a present tense after these is future."""
    return verb.tag_ in ("VBP", "VBZ") and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in TYPOLOGY.future_clause_marks for c in verb.children)


def _lists_a_means(verb: Token) -> bool:
    """ "Congress has three ways to seek enforcement: by filing a civil lawsuit, by asking
    prosecutors to": a gerund after "by" that names a way of doing something, not an event."""
    if verb.dep_ != "pcomp":
        return False
    prep = verb.head
    while prep.dep_ == "conj":  # "…, or by holding the person"
        prep = prep.head
    return prep.lower_ == "by" and any(c.dep_ in ("dobj", "attr", "nsubj") and c.lemma_.lower()
                                       in TYPOLOGY.means_nouns for c in prep.head.children)


def _is_comparison_clause(verb: Token) -> bool:
    """ "dropped carried interest as promised": a participle after "as" with no subject of its own
    compares with something said before; it reports no event."""
    return verb.tag_ == "VBN" and not _has_own_subject(verb) and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _is_supposed(verb: Token) -> bool:
    """ "Say Mexico demanded that …", "Suppose Russia invaded Latvia": an imperative of supposition
    opening the sentence makes its events suppositions; the tagger may read "Say" as the first
    word of a name ("Say Mexico") hung on the verb."""
    first = next((t for t in verb.sent if not t.is_punct), None)
    return first is not None and first.i < verb.i and first.lower_ in TYPOLOGY.supposition_imperatives \
        and first.dep_ not in SUBJECT_DEPS | {"nsubjpass"} and not _has_own_subject(first) \
        and (first.head == verb or first.is_ancestor(verb))


def _describes_a_habit(verb: Token) -> bool:
    """ "a billionaire who disparages Muslims", "a project that encourages libertarians to move":
    a relative clause in the simple present says what someone does, not what happened."""
    return verb.dep_ == "relcl" and verb.tag_ in ("VBZ", "VBP") and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def _is_alleged(verb: Token) -> bool:
    """ "accusing him of endorsing Trump": what an accusation alleges is not asserted."""
    return verb.dep_ == "pcomp" and verb.head.lower_ == "of" \
        and verb.head.head.lemma_.lower() in TYPOLOGY.allegation_verbs


def _auxiliaries_before_subject(verb: Token) -> list[Token]:
    """ "Has Trump criticized Putin?", "had Clinton congratulated him": the inverted word order of
    a question or a condition."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return [] if subject is None else [c for c in verb.children
                                       if c.dep_ in ("aux", "auxpass") and c.i < subject.i]


def _asks_yes_or_no(verb: Token) -> bool:
    """ "Has Trump criticized Putin?", "But has he called for changing …?": an auxiliary before
    the subject in a line that ends in a question mark."""
    return bool(_auxiliaries_before_subject(verb)) and _line(verb).text.rstrip().endswith("?")


def _is_inverted_condition(verb: Token) -> bool:
    """ "it would have been cool had Clinton congratulated him": "had" before the subject."""
    return any(aux.lower_ == "had" for aux in _auxiliaries_before_subject(verb))


def _is_imperative(verb: Token) -> bool:
    """ "Just ask former NFL star Herschel Walker": an instruction to the reader."""
    return verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)


def _complement_chain(verb: Token):
    """The verb and the verbs whose complement it is, each with whether it governs the one
    before it (a conjunct's head does not): a negation or condition there covers it.
    A gerund after "from" or "by" is the complement of the verb before it ("refrained from
    endorsing", "expects Holt to insert himself by calling out Trump");
    after another preposition it shares the modal or condition of the verbs above, not their
    negation or non-factive sense ("would have to weigh the risks before backing the plan", but
    "called on Dean to apologize for accusing him"); a conjunct without a subject of its own
    shares its head's ("asked them to raise their hands and pledge loyalty"), and so does, for its
    mood, a to-infinitive of purpose or outcome ("would … dismiss her proposals, only to laud")."""
    yield verb, False
    mood_only = False
    while verb.head != verb:
        if verb.dep_ in COMPLEMENT_DEPS:
            verb = verb.head
            yield verb, not mood_only
        elif verb.dep_ == "pcomp" and verb.head.lower_ in MEANS_OR_SOURCE_PREPOSITIONS \
                and verb.head.head != verb.head:
            verb = verb.head.head
            yield verb, not mood_only
        elif verb.dep_ == "pcomp" and verb.head.head.pos_ in ("VERB", "AUX"):
            verb, mood_only = verb.head.head, True
            yield verb, False
        elif verb.dep_ == "conj" and not _has_own_subject(verb):
            verb = verb.head
            yield verb, False
        elif verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
            # "would sometimes dismiss her proposals, only to laud them": a habit or a condition
            # of the verb covers the infinitive of its purpose or outcome
            verb, mood_only = verb.head, True
            yield verb, False
        else:
            return


def _has_own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def _asks_a_question(verb: Token) -> bool:
    """ "X was asked how the war would end", "asked Sanders if he would endorse", "asked him
    about it", "were pressed about the attacks", '"Why?" asked Manafort', "asked to describe the
    device": a question, not a request (which takes "to" or "for")."""
    if verb.lemma_.lower() not in QUESTION_VERBS:
        return False
    children = list(verb.children)
    if any(c.dep_ == "xcomp" and c.lemma_.lower() in TYPOLOGY.answer_infinitives for c in children):
        return True
    if any(c.dep_ == "prep" and c.lower_ == "for" and p.dep_ == "pobj"
           and p.lemma_.lower() in TYPOLOGY.answer_nouns for c in children for p in c.children):
        return True  # "when asked for his position"
    if any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in children):
        return False
    return any(c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ == "about")
               or (c.dep_ in ("advcl", "dobj") and (c.left_edge.tag_ in ("WRB", "WP", "WDT")
                                                    or c.left_edge.lower_ in ("whether", "if")))
               for c in children)


def _cites_a_quotation(verb: Token) -> bool:
    """ '"Why?" asked Manafort', '"… too big to regulate?" Vitter demanded': a verb of asking
    right after a quotation, with at most its subject between, is the cue of that quotation."""
    if verb.lemma_.lower() not in QUOTATION_CUE_VERBS:
        return False
    start = min([verb.i] + [c.left_edge.i for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i])
    return start > 0 and verb.doc[start - 1].is_quote


def _is_gerund_subject(verb: Token) -> bool:
    """ "Merely assailing Trump may not secure the White House" read as a noun subject: a kind of
    act, not an event (a clausal subject is caught on the complement chain)."""
    return verb.tag_ == "VBG" and verb.dep_ in ("nsubj", "nsubjpass")


def _is_unrealised_infinitive(verb: Token) -> bool:
    """A to-infinitive under a noun, an adjective or "be" ("hesitancy to condemn", "inclined to
    attack", "the way to do that is to criticize") has not taken place, unless that word
    schedules it or ranks its doer ("plans to visit", "the first Democrat to endorse Sanders");
    "no plans to meet" is negated."""
    head = verb.head
    if verb.dep_ not in ("acl", "xcomp") or not any(c.dep_ == "aux" and c.tag_ == "TO"
                                                     for c in verb.children):
        return False
    if head.pos_ == "AUX" and head.lemma_.replace("\u2019", "'") in ("be", "'s"):
        return True  # "he's entirely to blame" (a curly "’s" keeps its form as lemma)
    if head.pos_ not in ("NOUN", "ADJ", "PROPN"):
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" or c.dep_ == "neg" for c in head.children):
        return True
    realising = TYPOLOGY.realising_infinitive_heads
    return head.lemma_.lower() not in realising and not any(
        c.dep_ in ("amod", "advmod") and c.lemma_.lower() in realising for c in head.children)


def _follows_non_factive_preposition(verb: Token) -> bool:
    """ "Rather than scolding our allies", "without meeting him", "steering clear of criticizing
    Trump": the gerund did not happen;
    after a noun and "of" or "about" ("the notion of admitting refugees", "talks about endorsing
    Clinton") it names an act, not an event
    ("criticism for threatening them" keeps its event), and after a noun of the non-factive
    governors it is what is asked, hoped or refused ("a call for providing weapons")."""
    if verb.dep_ != "pcomp":
        return False
    prep = verb.head
    phrase = f"{prep.head.lower_} {prep.lower_}"  # "instead of"
    return prep.lower_ in TYPOLOGY.non_factive_prepositions or \
        phrase in TYPOLOGY.non_factive_prepositions or \
        _avoidance_phrase(prep) in TYPOLOGY.avoidance_phrases or \
        (prep.head.pos_ == "NOUN" and (prep.lower_ in ("of", "about")
                                       or prep.head.lemma_.lower() in TYPOLOGY.non_factive_governors))


def _avoidance_phrase(prep: Token) -> str:
    """ "steering clear of", "shied away from": the lemma of the verb before a preposition, its
    particles or adverbs between them, and the preposition."""
    verb = prep.head
    between = [c.lower_ for c in verb.children
               if c.dep_ in ("advmod", "prt", "acomp") and verb.i < c.i < prep.i]
    return " ".join([verb.lemma_.lower(), *between, prep.lower_])


class _DocIndex:
    """Per-document lookups: the entities, the time expression at each token, and the entity a
    pronoun participant stands for."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.entities = _extension(doc, "entities")
        self.time_at: dict[int, int] = {}
        for index, time in enumerate(_extension(doc, "times")):
            for token in self.tokens(time["start"], time["end"]):
                self.time_at.setdefault(token.i, index)
        self.attributions = sorted((a for a in _extension(doc, "attributions") if a.get("source")),
                                   key=lambda a: a["source"][0]["start"])
        self._mentions: coref.Mentions | None = None
        self._referents: dict[tuple[int, str | None], dict | None] = {}

    def referent(self, token: Token, other: str | None = None) -> dict | None:
        """The named entity a pronoun or description participant ("he", "the senator") stands
        for, resolved as speakers are (the coref module), kept only when the choice is clear;
        "I"/"me" inside a direct quotation is its speaker. It is never the event's other
        participant ``other`` ("X accused him": not X), and a he/she/they is not the speaker of
        the quotation it is in."""
        word, pronoun = token.lower_, token.pos_ == "PRON"
        if word in FIRST_PERSON_SINGULAR:
            return self._quoted_speaker(token.idx)
        if (pronoun and word not in PERSONAL_PRONOUNS) or not (pronoun or token.pos_ == "NOUN") \
                or not self.entities:
            return None
        key = (token.i, other)
        if key not in self._referents:
            self._referents[key] = self._resolve(token, pronoun, other)
        return self._referents[key]

    def _resolve(self, token: Token, pronoun: bool, other: str | None) -> dict | None:
        if self._mentions is None:  # built only for documents with such a participant
            quotations = [(c["start"], c["end"]) for a in self.attributions if a.get("kind") == "direct"
                          for c in a["content"]]
            self._mentions = coref.Mentions(self.doc, self.entities, quotations)
        span = self.doc[token.i:token.i + 1] if pronoun else self.doc[token.left_edge.i:token.i + 1]
        entity_id = coref.confident_referent(span, self._mentions, self._last_speaker(token.idx), other)
        speaker = self._quoted_speaker(token.idx) if pronoun else None
        if entity_id is None or (speaker and speaker["id"] == entity_id):
            return None
        self._mentions.add(span.start_char, span.end_char, entity_id)  # "He … He …" chains
        return self._mentions.entities[entity_id]

    def _last_speaker(self, char: int) -> tuple[str, int] | None:
        spoken = [(a["speaker"]["entity_id"], a["source"][0]["start"]) for a in self.attributions
                  if a["source"][0]["end"] <= char and (a.get("speaker") or {}).get("entity_id")]
        return spoken[-1] if spoken else None

    def _quoted_speaker(self, char: int) -> dict | None:
        for attribution in self.attributions:
            speaker = attribution.get("speaker") or {}
            if attribution.get("kind") == "direct" and speaker.get("entity_id") and any(
                    c["start"] <= char < c["end"] for c in attribution["content"]):
                return next((e for e in self.entities if e["id"] == speaker["entity_id"]), None)
        return None

    def tokens(self, start: int, end: int) -> Span | tuple:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span if span is not None else ()

    def entity_of(self, token: Token) -> dict | None:
        return entity_at(self.doc, token.idx, token.idx + len(token)) if self.entities else None

    def country_entity(self, names: frozenset[str]) -> dict | None:
        for entity in self.entities:
            if entity["name"] in names or names.intersection(entity.get("aliases", ())):
                return entity
        return None


def _extension(doc: Doc, name: str) -> list:
    if not Doc.has_extension(name):
        return []
    return getattr(doc._, name) or []


def _noun_phrase(token: Token) -> Span:
    """The head noun with its left modifiers (no relative clauses, appositions, preps)."""
    left = [c for c in token.lefts if c.dep_ in ("det", "compound", "amod", "poss", "nmod", "nummod",
                                                   "case", "predet")]
    start = min([token.i] + [min(t.i for t in c.subtree) for c in left])
    start = max(start, _line(token).start)  # a headline parsed as modifiers of the lead's subject
    span = token.doc[start:token.i + 1]
    return span[1:] if span[0].dep_ == "det" and len(span) > 1 else span


def _participant(token: Token, index: _DocIndex, other: str | None = None) -> dict:
    """A participant's name and entity; ``other``: the entity of the event's other participant,
    which a pronoun cannot stand for."""
    phrase = _noun_phrase(token)
    entity = index.entity_of(token) or _appositive_entity(token, index) or index.referent(token, other)
    name = entity["name"] if entity else phrase.text
    entity = entity or _government_of(token, phrase, index)
    return {"entity_id": entity["id"] if entity else None, "name": name,
            "start": phrase.start_char, "end": phrase.end_char}


def _appositive_entity(token: Token, index: _DocIndex) -> dict | None:
    """ "the alliance's chief, Jens Stoltenberg": the named apposition stands for the head."""
    for child in token.children:
        if child.dep_ == "appos" and index.entity_of(child):
            return index.entity_of(child)
    return None


def _government_of(token: Token, phrase: Span, index: _DocIndex) -> dict | None:
    """'the Biden administration' → Biden; 'the White House' → the United States."""
    if token.lemma_.lower() in GOVERNMENT_NOUNS:
        return next(filter(None, (index.entity_of(modifier) for modifier in phrase[:-1])), None)
    country_names = SEAT_COUNTRY_NAMES.get(phrase.text.lower())
    return index.country_entity(country_names) if country_names else None


def _subject(verb: Token) -> tuple[Token | None, Token | None]:
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
        shared, governor_passive_subject = _subject(governor)
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
        return (agent, verb.head) if agent is not None and agent.ent_type_ in NAMED_TARGET_TYPES \
            else (None, None)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ == "VBG":
        return verb.head, None  # "a super PAC backing Jeb Bush", "tweets shaming Machado": the noun acts
    prep = verb.head
    governor = prep.head.head if prep.head.dep_ == "dobj" and prep.head.pos_ == "NOUN" else prep.head
    if verb.dep_ == "pcomp" and governor.pos_ in ("VERB", "AUX"):
        # "criticized X for supplying", "accused X of supplying": X supplies; "said after
        # meeting Y", "occupied a role by calling out Y", "makes no apologies for accusing Y":
        # the subject does it.
        judged = next((c for c in governor.children if c.dep_ == "dobj"), None) \
            if prep.lower_ in JUDGED_PREPOSITIONS and governor == prep.head else None
        return (judged or _subject(governor)[0]), None
    return None, None


def _agent(verb: Token) -> Token | None:
    """The doer of a passive: the object of its "by" (which the parser may call a prep)."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    agent = next((c for c in verb.children if c.dep_ == "agent"
                  or (passive and c.dep_ == "prep" and c.lower_ == "by")), None)
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
    while head.pos_ not in ("VERB", "AUX") and head.dep_ in ("oprd", "acomp", "dobj", "attr") \
            and head.head != head:
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") and head != verb else None


def _target(verb: Token, match: Match, passive_subject: Token | None) -> Token | None:
    event_class = match.entry.event_class
    if passive_subject is not None and passive_subject != match.noun:
        return passive_subject
    particle_object = next((c for c in match.particle.children if c.dep_ == "pobj"), None) \
        if match.particle is not None else None
    if particle_object is not None:  # "called on Dean"; "took in 10,000 refugees" has a dobj
        return particle_object
    heads = (verb, match.noun) if match.noun is not None else (verb,)
    if _object_as_predicate(verb) is not None:
        return _object_as_predicate(verb)
    for head in heads:
        for child in head.children:
            if child.dep_ in OBJECT_DEPS and child != match.noun and child.pos_ != "NUM" \
                    and child.ent_type_ not in TIME_TYPES and not _is_quantity_of(child, match.noun):
                # "paid tribute to X": the parser may make "to" the dative; X is the target
                return next((c for c in child.children if c.dep_ == "pobj"), None) \
                    if child.pos_ == "ADP" else child
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


def _place(heads: list[Token], index: _DocIndex) -> dict | None:
    """A place after in/at: on the verb, its event noun, or its target, where the parser often
    hangs it ("met with Biden in Washington")."""
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and _is_place(pobj, index):
                        return _participant(pobj, index)
    return None


def _is_place(token: Token, index: _DocIndex) -> bool:
    entity = index.entity_of(token)
    return (entity["type"] if entity else token.ent_type_) in PLACE_TYPES


def _clause_tokens(verb: Token):
    """The verb's own clause: its subtree without the clauses embedded in it."""
    stack = [verb]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS)


def _time(verb: Token, index: _DocIndex) -> int | None:
    times = sorted({index.time_at[t.i] for t in _clause_tokens(verb) if t.i in index.time_at})
    return times[0] if times else None


def _span(span: Span | Token) -> dict:
    text = span.text
    return {"start": span.idx if isinstance(span, Token) else span.start_char,
            "end": (span.idx + len(text)) if isinstance(span, Token) else span.end_char, "text": text}


def _line(token: Token) -> Span:
    """The token's sentence, cut at line breaks: a parser sentence can run from a headline or a
    caption into the next paragraph, and an event never crosses a paragraph."""
    sent = token.sent
    start, end = token.i, token.i + 1
    while start > sent.start and "\n" not in token.doc[start - 1].text:
        start -= 1
    while end < sent.end and "\n" not in token.doc[end].text:
        end += 1
    return token.doc[start:end]


def _is_a_title(token: Token) -> bool:
    """A capitalised word inside a lower-case sentence names something ("launched Who Talks?");
    in a title-case headline capitals say nothing."""
    if not token.is_title or token.i == _line(token).start:
        return False
    return any(t.is_lower and len(t) > 3 for t in _line(token))


def _sentence(token: Token) -> dict:
    line = _line(token)
    while len(line) > 1 and line[-1].is_space:
        line = line[:-1]
    return _span(line)


def _verb_event(verb: Token, match: Match, index: _DocIndex) -> dict | None:
    line = _line(verb)
    actor_token, passive_subject = (_in_line(t, line) for t in _subject(verb))
    if _is_nominal_reading(verb, actor_token):
        return None
    target_token = _in_line(_target(verb, match, passive_subject), line)
    if match.received:  # with no giver named, the sentence tells how its subject fared
        actor_token, target_token = _in_line(_giver(verb, match.noun), line), actor_token
        if actor_token is None or actor_token.pos_ == "NUM" or actor_token.lower_ in SHARES:
            return None  # "drew support from 34 percent of voters": a poll share
    if actor_token is None and passive_subject is not None:
        return None  # "had been pilloried": no one is named as doing it
    actor_kind = _actor_kind(actor_token, index) if actor_token is not None else None
    if any(_is_generic(t) for t in (actor_token, target_token, match.noun)) \
            or _means_likely_to(verb, actor_kind) or _is_moved_by_an_act(actor_token, passive_subject) \
            or _is_generic_plural(actor_token):
        return None
    event_class = _event_class(verb, match, actor_token, target_token, index)
    if event_class is None or actor_kind == THING or (
            actor_kind == COMMUNICATION and event_class.name not in SPEECH_CLASSES):
        return None
    if actor_kind == COMMUNICATION:
        actor_token = _author(actor_token, index) or actor_token
    harmed = _harmed(_promised_harm(verb)) if event_class.cameo == "03" else None
    if harmed is not None and harmed.pos_ in ("NOUN", "PROPN") and not _is_generic(harmed):
        # a promise of harm to someone is a threat; to "those who violate the rules", a policy
        event_class, target_token = TYPOLOGY.threaten, target_token or _in_line(harmed, line)
    place = _place([t for t in (verb, match.noun, target_token) if t is not None], index)
    if target_token is not None and verb.lemma_.lower() in event_class.place_object_verbs \
            and not _is_person(target_token, index):
        place, target_token = place or _participant(target_token, index), None
    if event_class.named_targets_only and not _is_named(target_token, index, actor_token):
        target_token = None
    if match.entry.needs_target and target_token is None:
        return None  # "the crowd applauded"
    # the actor is resolved first ("he meets the mayor": he is not the mayor)
    named_target = index.entity_of(target_token) if target_token is not None else None
    actor = _participant(actor_token, index, named_target and named_target["id"]) \
        if actor_token is not None else None
    target = _participant(target_token, index, actor and actor["entity_id"]) \
        if target_token is not None else None
    # a visit to a named place has a participant even when its visitor is a pronoun
    named_place = place if actor_token is not None and event_class.place_object_verbs else None
    if not any(p and p["entity_id"] for p in (actor, target, named_place)) and \
            (actor_token is None or actor_token.pos_ == "PRON"):
        return None  # "we strike back", "make ends meet": generic, idiomatic or unresolved
    if actor and target and actor["entity_id"] and actor["entity_id"] == target["entity_id"]:
        return None  # "Trump ... Trump's own": one entity on both sides is a parse error
    return {"type": event_class.name, "cameo": event_class.cameo, "trigger": _span(verb),
            "sentence": _sentence(verb), "actor": actor, "target": target, "place": place,
            "time": _time(verb, index)}


def _giver(verb: Token, noun: Token | None) -> Token | None:
    """The object of "from" after a received event or its verb ("faced criticism from X")."""
    return next((p for head in (noun, verb) if head is not None for c in head.children
                 if c.dep_ == "prep" and c.lower_ == "from" for p in c.children if p.dep_ == "pobj"), None)


def _is_nominal_reading(verb: Token, actor: Token | None) -> bool:
    """A trigger word the tagger read as a verb where it is a noun or an adjective: a present
    tense with no subject of its own ("resistant to the Obama calls for regime change": only
    participles and infinitives borrow one), one coordinated with a noun ("the chants and
    promises to build the wall"), a participle before its noun, or one with a number or a poll
    share as subject ("60 pledged delegates", "backed by 34% of GOP voters")."""
    if verb.tag_ in ("VBZ", "VBP") and not _has_own_subject(verb) and verb.dep_ != "conj":
        return True
    if verb.dep_ == "conj" and verb.head.pos_ in ("NOUN", "PROPN"):
        return True
    return _is_premodifier(verb) or (actor is not None and (actor.pos_ == "NUM" or actor.lower_ in SHARES))


def _is_premodifier(verb: Token) -> bool:
    """ "with enough pledged delegates", "60 pledged delegates": a participle between a
    determiner, number or adjective and the noun the parser made its object modifies that noun."""
    if verb.i == 0 or verb.i + 1 >= len(verb.doc) or verb.tag_ not in ("VBN", "VBD"):
        return False
    before, after = verb.doc[verb.i - 1], verb.doc[verb.i + 1]
    return before.tag_ in ("DT", "CD", "JJ", "JJR", "JJS", "PRP$") and after.head == verb \
        and after.dep_ == "dobj" and not _has_own_subject(verb) \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _means_likely_to(verb: Token, actor_kind: str | None) -> bool:
    """ "The New Hampshire primary threatens to knock one of them out", "the report promises to
    upend the race": with no one as subject, threaten/promise to means "be likely to"."""
    return verb.lemma_.lower() in TYPOLOGY.infinitive_agent_verbs and actor_kind in (THING, COMMUNICATION) \
        and any(c.dep_ == "xcomp" for c in verb.children)


def _is_generic_plural(actor: Token | None) -> bool:
    """ "clients are beginning to demand diverse legal teams", "presidential candidates promise they
    will stand by Israel": a bare plural noun, named by no entity, as the subject of a present
    tense is a kind of people, not someone who acted."""
    if actor is None or actor.tag_ != "NNS" or actor.ent_type_ or actor.dep_ != "nsubj" or any(
            c.dep_ in ("det", "poss", "nummod", "compound", "appos") for c in actor.children):
        return False
    clause = actor.head
    return clause.tag_ in ("VBP", "VBZ") or any(
        c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") and c.lemma_ == "be" for c in clause.children)


SOMEONE, COMMUNICATION, THING = "someone", "communication", "thing"


def _actor_kind(actor: Token, index: _DocIndex) -> str:
    """Whether an actor is someone (a person, a group, a country, a name, a personal pronoun), a
    communication (a report, a tweet, a law, "it": these can criticise or call for, not meet,
    promise, fight or give aid) or a thing ("a gray sky that seemed to capture", "Clinton's
    missteps arm her rivals", "trading prisoners encourages"). A partitive is what it counts."""
    if actor.dep_ == "csubj" or actor.pos_ == "VERB" or _is_gerund_phrase(actor):
        return THING
    entity = index.entity_of(actor) or _appositive_entity(actor, index)
    if entity is not None:
        return SOMEONE if entity["type"] in AGENT_ENTITY_TYPES else COMMUNICATION
    word, lemma = actor.lower_, actor.lemma_.lower()
    if actor.pos_ == "PROPN" or word in ACTOR_PRONOUNS:
        return SOMEONE
    if word in ACTOR_QUANTIFIERS or word in PARTITIVE_NOUNS:
        counted = next((p for c in actor.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj"), None)
        if counted is not None:
            return _actor_kind(counted, index)
        return SOMEONE if word in ACTOR_QUANTIFIERS else THING
    if word in PEOPLE_AND_GROUPS or lemma in PEOPLE_AND_GROUPS or _names_people(word):
        return SOMEONE
    if word in THING_PRONOUNS or word in COMMUNICATIONS or lemma in COMMUNICATIONS:
        return COMMUNICATION
    return THING


def _promised_harm(verb: Token) -> Token | None:
    """ "pledged to impose further sanctions", "vowed to bomb ISIS": a promise of harm is a threat."""
    return next((c for c in verb.children if c.dep_ == "xcomp"
                 and c.lemma_.lower() in TYPOLOGY.hostile_intentions), None)


def _harmed(harm: Token | None) -> Token | None:
    """Whom a harm is done to: "bomb ISIS", "impose sanctions on North Korea" (the parser may hang
    "on" on the sanctions)."""
    if harm is None:
        return None
    objects = _objects(harm, HARM_PREPOSITIONS)
    objects += [p for o in objects for c in o.children if c.dep_ == "prep" and c.lower_ in HARM_PREPOSITIONS
                for p in c.children if p.dep_ == "pobj"]
    named = [o for o in objects if o.pos_ == "PROPN" or o.ent_type_]
    return (named or objects or [None])[0]


def _author(communication: Token, index: _DocIndex) -> Token | None:
    """ "Trump's tweets shaming Machado", "a Donald Trump tweet attacking": whoever a communication
    belongs to speaks through it."""
    return next((c for c in communication.children if c.dep_ in ("poss", "compound")
                 and (index.entity_of(c) or {}).get("type") in AGENT_ENTITY_TYPES), None)


def _names_people(word: str) -> bool:
    """ "lobbyist", "politicians", "speechwriter", "policymakers": a word made to name people."""
    return len(word) >= 6 and word.endswith(PEOPLE_SUFFIXES) and not word.endswith(NOT_PEOPLE_SUFFIXED)


def _is_gerund_phrase(noun: Token) -> bool:
    """ "trading prisoners": a gerund and its object the tagger read as a compound noun (an -ing
    word first, no determiner)."""
    first = noun.left_edge
    return first != noun and first.dep_ == "compound" and first.head == noun \
        and first.lower_.endswith("ing") and first.tag_ in ("NN", "VBG")


def _is_moved_by_an_act(agent: Token | None, passive_subject: Token | None) -> bool:
    """ "I am greatly honored by the endorsement": a passive whose doer is an event noun of the
    typology tells how its subject feels, not who did what."""
    return passive_subject is not None and agent is not None and agent.lower_ in TYPOLOGY.nouns


def _is_generic(token: Token | None) -> bool:
    """ "a person strikes another person", "any content that praises terrorism", "every
    conversation he has had with donors": anyone, any time."""
    if token is None:
        return False
    return token.lemma_.lower() in TYPOLOGY.generic_words or any(
        c.dep_ in ("det", "nummod") and c.lower_ in TYPOLOGY.generic_determiners for c in token.children)


def _event_class(verb: Token, match: Match, actor: Token | None, target: Token | None,
                 index: _DocIndex) -> EventClass | None:
    """The class of a matched verb given its participants, or None when one shows another sense
    ("met the target", "make ends meet", "asked him a question"), the object the verb needs is
    missing ("accepted the nomination") or a needed named target is missing."""
    entry = match.entry
    objects = {t.lemma_.lower() for t in _objects(verb, entry.event_class.target_preps | {"by"})
               + [_quantified(actor), _quantified(target)] if t is not None}
    if objects & entry.event_class.excluded_objects:
        return None
    # "meet for the first of three debates", "host the Vikings for a football game": a contest
    # (any word of the phrase: the parser hangs "for the first of three debates Monday" on Monday)
    purposes = {t.lemma_.lower() for p in _objects(verb, {"for"}) for t in p.subtree}
    if entry.event_class.excluded_purposes & purposes:
        return None
    if entry.required_objects and not entry.required_objects.intersection(
            t.lemma_.lower() for t in _objects(verb, _ANY_PREPOSITION)):
        return None
    if entry.needs_named_target and not _is_named(target, index, actor):
        return None
    if entry.classes_by_target_type is not None:
        return entry.classes_by_target_type.get(_entity_type(target, index))
    return entry.event_class


class _AnyPreposition:
    def __contains__(self, word: str) -> bool:
        return True


_ANY_PREPOSITION = _AnyPreposition()


def _objects(verb: Token, prepositions) -> list[Token]:
    """The verb's objects, passive subject, objects of its particles and of the given
    prepositions ("met with criticism", "welcomed in many refugees"), and the noun of a relative
    clause with no object ("an agreement she had struck"); a quantifier stands for its noun."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
    if verb.dep_ == "relcl" and not objects:
        objects.append(verb.head)
    objects += [p for c in verb.children
                if c.dep_ == "prt" or (c.dep_ == "prep" and c.lower_ in prepositions)
                for p in c.children if p.dep_ == "pobj"]
    return [_quantified(t) for t in objects]


def _quantified(token: Token | None) -> Token | None:
    """ "many of the same themes": the noun a quantifier counts."""
    if token is None or token.lemma_.lower() not in QUANTIFIERS:
        return token
    return next((p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj"), token)


def _in_line(token: Token | None, line: Span) -> Token | None:
    """A participant parsed across a paragraph break is a parse error: drop it."""
    return token if token is not None and line.start <= token.i < line.end else None


def _entity_type(token: Token, index: _DocIndex) -> str | None:
    entity = _named_entity(token, index, types=None)
    return entity["type"] if entity else None


def _is_person(token: Token, index: _DocIndex) -> bool:
    entity = index.entity_of(token)
    return token.pos_ == "PRON" or (entity is not None and entity["type"] == "PERSON")


def _is_named(token: Token | None, index: _DocIndex, other: Token | None = None) -> bool:
    """A named person, organisation or country, a thing one owns ("Wells Fargo's behavior"), a
    noun with a named apposition ("his wife, Heidi") or a description or pronoun that clearly
    stands for one ("the senator") other than the event's other participant ``other``."""
    other_entity = (index.entity_of(other) or index.referent(other)) if other is not None else None
    return _named_entity(token, index, other=other_entity and other_entity["id"]) is not None


def _named_entity(token: Token | None, index: _DocIndex, types: frozenset[str] | None = NAMED_TARGET_TYPES,
                  other: str | None = None) -> dict | None:
    """The entity (of these types, or any) a participant is, belongs to, is named by in
    apposition ("Wells Fargo's behavior", "his wife, Heidi") or stands for ("the senator")."""
    if token is None:
        return None
    owners = [c for c in token.children if c.dep_ in ("poss", "appos")]
    def of_type(entity: dict | None) -> bool:
        return entity is not None and (types is None or entity["type"] in types)

    named = next(filter(of_type, map(index.entity_of, [token, *owners])), None)
    if named is not None:
        return named
    referent = index.referent(token, other)  # resolved only when no name is found
    return referent if of_type(referent) else None


def _headline_event(token: Token, index: _DocIndex) -> dict | None:
    """ "Elizabeth Warren Hammers Wells Fargo CEO": in a title-case headline the tagger reads the
    verb as a name. A capitalised word between two named entities, whose verb form (-s, -ed,
    -ing) is a trigger verb that needs no particle, is the event, the entities its actor and
    target."""
    doc = token.doc
    if not token.is_title or token.ent_type_ or not 0 < token.i < len(doc) - 1:
        return None
    entries = [entry for lemma in _verb_form_lemmas(token.lower_)
               for entry in TYPOLOGY.verbs.get(lemma, ()) if entry.particle is None
               and not entry.required_objects]
    if not entries:  # tested before the line, which costs a walk over the sentence
        return None
    line = _line(token)
    if not _is_title_case(line) or "?" in line.text:
        return None  # "Will Trump Meet Putin?" asks
    actor, target = doc[token.i - 1], doc[token.i + 1]
    if not (_is_named(actor, index) and _is_named(target, index)):
        return None
    entry = entries[0]
    event_class = entry.classes_by_target_type.get(_entity_type(target, index)) \
        if entry.classes_by_target_type else entry.event_class
    if event_class is None:
        return None
    return {"type": event_class.name, "cameo": event_class.cameo, "trigger": _span(token),
            "sentence": _sentence(token), "actor": _participant(actor, index),
            "target": _participant(target, index), "place": None, "time": None}


def _verb_form_lemmas(word: str) -> list[str]:
    """The base forms a verb form may have: "hammers" → hammer, "praised" → praise, "ripping"
    → rip (only the trigger lexicon decides which exists)."""
    forms = [word]
    for suffix in ("s", "es", "d", "ed", "ing"):
        if word.endswith(suffix):
            stem = word[:-len(suffix)]
            forms += [stem, stem + "e", stem[:-1]] if suffix in ("ed", "ing") else [stem]
    return forms


def _is_title_case(line: Span) -> bool:
    """A headline: most of its words of four letters or more are capitalised."""
    words = [t for t in line if t.is_alpha and len(t) > 3]
    return len(words) >= 2 and sum(t.is_title or t.is_upper for t in words) > 0.8 * len(words)


def _statement_events(doc: Doc, index: _DocIndex) -> list[dict]:
    """One statement event (CAMEO 01) per attribution that has a cue."""
    events = []
    for quote in _extension(doc, "attributions"):
        if not quote.get("cue"):
            continue
        cue = quote["cue"][0]
        cue_tokens = index.tokens(cue["start"], cue["end"])
        if not cue_tokens:
            continue
        speaker = quote.get("speaker")
        source = (quote.get("source") or [{}])[0]
        actor = None if speaker is None else {
            "entity_id": speaker.get("entity_id"), "name": speaker["name"],
            "start": source.get("start"), "end": source.get("end")}
        events.append({"type": TYPOLOGY.statement.name, "cameo": TYPOLOGY.statement.cameo,
                       "trigger": dict(cue), "sentence": _sentence(cue_tokens.root), "actor": actor,
                       "target": None, "place": None, "time": _time(cue_tokens.root, index)})
    return events


def _actor_key(event: dict) -> str | None:
    actor = event["actor"]
    if actor is None:
        return None
    return actor["entity_id"] or actor["name"].lower()


def _inherit_elided_times(events: list[dict]) -> None:
    """ "X met Y on Tuesday. X also met Z.": the second meeting is on Tuesday too."""
    last_time: dict[tuple[str, str], int] = {}
    for event in events:
        key = (event["type"], _actor_key(event))
        if key[1] is None:
            continue
        if event["time"] is None and key in last_time:
            event["time"] = last_time[key]
        elif event["time"] is not None:
            last_time[key] = event["time"]


def extract_events(doc: Doc) -> list[dict]:
    index = _DocIndex(doc)
    events = _statement_events(doc, index)
    for token in doc:
        # a verb inside a title ("Meet the Press") is no event (a PERSON label on a verb is an
        # NER slip in title-case headlines: "NATO Chief Meets Biden")
        if token.pos_ != "VERB":
            event = _headline_event(token, index)
        elif token.ent_type_ in TITLE_TYPES or _is_skipped(token):
            continue
        else:
            match = TYPOLOGY.match(token)
            event = _verb_event(token, match, index) if match is not None else None
        if event is not None:
            events.append(event)
    events.sort(key=lambda e: e["trigger"]["start"])
    _inherit_elided_times(events)
    return events


@Language.factory("newsgraph_events")
def make_events(nlp: Language, name: str):
    return EventExtractor()


class EventExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = extract_events(doc)
        return doc
