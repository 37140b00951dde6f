"""The rule files of the events component, loaded into one ``Typology`` passed to whatever reads them.

Four JSON files in a folder (the package's ``nlp/data`` by default): the verb classes and the
assertion word lists (``event_verbs.json``), the characterising verbs (``event_characterizations
.json``), who can be an actor (``event_actors.json``) and which nouns name a government
(``event_governments.json``); and, read by the loaders of the components that own them, the
entities component's ``titles.txt`` (one-word titles name people) and coreference's
``coref_words.json`` (its role nouns name people; its pronouns resolve pronoun participants) and
the description classes ``description_nouns.json`` (description participants resolve as speakers do).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import srsly

from newsgraph.nlp.coref import COREF_WORDS, CorefWords
from newsgraph.nlp.descriptions import DESCRIPTION_NOUNS, DescriptionRules
from newsgraph.nlp.entities import title_entries

DEFAULT_RULES = Path(__file__).resolve().parents[1] / "data"
VERBS, CHARACTERIZATIONS, ACTORS, GOVERNMENTS = (
    "event_verbs.json",
    "event_characterizations.json",
    "event_actors.json",
    "event_governments.json",
)
RULE_FILES = (VERBS, CHARACTERIZATIONS, ACTORS, GOVERNMENTS)
TITLES = "titles.txt"
# Other components' files, kept as text for their loaders.
WORD_FILES = (TITLES, COREF_WORDS, DESCRIPTION_NOUNS)


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
class ActorWords:
    """Who can be an actor (``event_actors.json``): see its ``_about``."""

    agent_entity_types: frozenset[str]
    speech_classes: frozenset[str]
    pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    quantifiers: frozenset[str]
    partitive_nouns: frozenset[str]
    people_and_groups: frozenset[str]  # with the one-word titles and the role nouns of coref
    communications: frozenset[str]
    people_suffixes: tuple[str, ...]
    not_people_suffixed: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict, people_words: frozenset[str]) -> ActorWords:
        """``people_words``: words that name people besides the file's own (titles, role nouns)."""
        return cls(
            agent_entity_types=frozenset(data["agent_entity_types"]),
            speech_classes=frozenset(data["speech_classes"]),
            pronouns=frozenset(data["pronouns"]),
            thing_pronouns=frozenset(data["thing_pronouns"]),
            quantifiers=frozenset(data["quantifiers"]),
            partitive_nouns=frozenset(data["partitive_nouns"]),
            people_and_groups=frozenset(data["people_and_groups"]) | people_words,
            communications=frozenset(data["communications"]),
            people_suffixes=tuple(data["people_suffixes"]),
            not_people_suffixed=tuple(data["not_people_suffixed"]),
        )


def _split_phrase(phrase: str) -> tuple[str, str | None]:
    lemma, _, particle = phrase.partition(" ")
    return lemma, particle or None


class Typology:
    """The rule files, indexed by lemma; ``files`` (JSON data) and ``texts`` (``WORD_FILES``)
    keep them as read, for ``to_dir``."""

    def __init__(self, files: dict[str, dict], texts: dict[str, str]):
        self.files, self.texts = files, texts
        self.coref_words = CorefWords.load(texts[COREF_WORDS])
        self.description_rules = DescriptionRules.load(texts[DESCRIPTION_NOUNS])
        self._index_words(files[VERBS])
        classes = self._index_classes(files[VERBS])
        self._index_characterizations(files[VERBS], files[CHARACTERIZATIONS], classes)
        title_words = title_entries(texts[TITLES])[0]
        self.actors = ActorWords.from_json(files[ACTORS], title_words | self.coref_words.role_nouns)
        self.government_nouns = frozenset(files[GOVERNMENTS]["government_nouns"])
        self.seat_country_names = {
            seat: frozenset(names) for seat, names in files[GOVERNMENTS]["seats"].items()
        }

    @classmethod
    def from_dir(cls, path: str | Path = DEFAULT_RULES) -> Typology:
        folder = Path(path)
        return cls(
            {name: srsly.read_json(folder / name) for name in RULE_FILES},
            {name: (folder / name).read_text(encoding="utf-8") for name in WORD_FILES},
        )

    def to_dir(self, path: str | Path) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for name in RULE_FILES:
            srsly.write_json(folder / name, self.files[name])
        for name in WORD_FILES:
            (folder / name).write_text(self.texts[name], encoding="utf-8")

    def _index_words(self, data: dict) -> None:
        """The word lists of the assertion and sense filters."""
        self.non_factive_governors = frozenset(data["non_factive_governors"])
        self.predicting_governors = frozenset(data["predicting_governors"])
        self.hypothetical_modals = frozenset(data["hypothetical_modals"])
        self.non_assertive_adverbs = frozenset(data["non_assertive_adverbs"])
        self.non_factive_prepositions = frozenset(data["non_factive_prepositions"])
        self.realising_infinitive_heads = frozenset(data["realising_infinitive_heads"])
        self.future_clause_marks = frozenset(data["future_clause_marks"])
        self.answer_infinitives = frozenset(data["answer_infinitives"])
        self.answer_nouns = frozenset(data["answer_nouns"])
        self.infinitive_agent_verbs = frozenset(data["infinitive_agent_verbs"])
        self.hostile_intentions = frozenset(data["hostile_intentions"])
        self.allegation_verbs = frozenset(data["allegation_verbs"])
        self.means_nouns = frozenset(data["means_nouns"])
        self.habit_clause_marks = frozenset(data["habit_clause_marks"])
        self.supposition_imperatives = frozenset(data["supposition_imperatives"])
        self.avoidance_phrases = frozenset(data["avoidance_phrases"])
        self.kind_nouns = frozenset(data["kind_nouns"])
        self.document_nouns = frozenset(data["document_nouns"])
        self.generic_determiners = frozenset(data["generic_participants"]["determiners"])
        self.generic_words = frozenset(data["generic_participants"]["words"])
        self.other_senses: dict[str, list[str]] = {}  # lemma -> particles: every phrase has one
        for phrase in data["other_sense_phrases"]:
            lemma, _, particle = phrase.partition(" ")
            self.other_senses.setdefault(lemma, []).append(particle)

    def _index_classes(self, data: dict) -> dict[str, EventClass]:
        """The classes and their trigger verbs and nouns."""
        self.verbs: dict[str, list[TriggerEntry]] = {}
        self.nouns: dict[str, EventClass] = {}
        # lemma -> (particle, names of the classes its event nouns may have, None for all)
        self.light_verbs = {
            _split_phrase(phrase)[0]: (_split_phrase(phrase)[1], classes)
            for phrase, classes in data["light_verbs"].items()
        }
        classes = {name: self._add_class(name, spec) for name, spec in data["classes"].items()}
        self.statement = classes["statement"]
        self.threaten = classes["threaten"]
        # "call on" must be tried before a bare "call", "ask X to" before a bare "ask"
        for entries in self.verbs.values():
            entries.sort(key=lambda entry: (entry.particle is None, not entry.needs_infinitive))
        for lemma, by_type in data["verbs_by_target_type"].items():
            by_type = {entity_type: classes[name] for entity_type, name in by_type.items()}
            self.verbs.setdefault(lemma, []).append(
                TriggerEntry(
                    next(iter(by_type.values())), needs_named_target=True, classes_by_target_type=by_type
                )
            )
        return classes

    def _index_characterizations(
        self, data: dict, characterizations: dict, classes: dict[str, EventClass]
    ) -> None:
        """Verbs and nouns whose class comes from a word that judges: a predicate, an adjective."""
        self.characterizing_verbs = frozenset(characterizations["verbs"])
        self.judged_nouns = frozenset(data["judged_nouns"]["nouns"])
        self.receiving_verbs = {
            _split_phrase(phrase)[0]: _split_phrase(phrase)[1] for phrase in data["received_events"]["verbs"]
        }
        self.received_nouns = {
            noun: classes[name] for name, nouns in data["received_events"]["nouns"].items() for noun in nouns
        }
        self.judging_adjectives = [
            (classes[name], frozenset(words)) for name, words in data["judged_nouns"]["adjectives"].items()
        ]
        self.characterizations = [
            (classes[name], frozenset(words)) for name, words in characterizations["classes"].items()
        ]

    def _add_class(self, name: str, spec: dict) -> EventClass:
        event_class = EventClass(
            name,
            spec["cameo"],
            frozenset(spec.get("target_preps", ())),
            frozenset(spec.get("excluded_objects", ())),
            frozenset(spec.get("place_object_verbs", ())),
            spec.get("named_targets_only", False),
            frozenset(spec.get("excluded_purposes", ())),
        )
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

    def _add_verb(
        self,
        phrase: str,
        event_class: EventClass,
        needs_named_target: bool,
        needs_target: bool = False,
        objects: frozenset[str] = frozenset(),
        needs_infinitive: bool = False,
        needs_person_object: bool = False,
    ) -> None:
        lemma, particle = _split_phrase(phrase)
        self.verbs.setdefault(lemma, []).append(
            TriggerEntry(
                event_class,
                particle,
                needs_named_target,
                needs_target,
                objects,
                needs_infinitive,
                needs_person_object=needs_person_object,
            )
        )
