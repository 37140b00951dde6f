"""What a local entity (one article's ``record.Entity``) is, for matching across articles: its
type once the collection's majority has repaired it, its identity key, and its context.

- Type repair: a name's type is voted on by every article that names it (``name_types``); a
  repairable type (``data/identity.json``) in the minority gives way to the majority, so a
  name seen as a PERSON in most articles ("Carly Fiorina", "Trump") is a person everywhere and
  one seen as an ORG in most ("Politico") an organisation.
- Identity keys: a person with first and last name is keyed by surname, first name and suffix
  (``names.PersonName.base_key``), the middle initials kept apart as a variant; anything else by
  each of its folded forms, cross-article aliases (``data/identity.json``) folded to one.
- Context: the names of the other entities of its article and its titles, which decide between
  two people a name fits ("George Bush" beside the Gulf War or beside Iraq in 2003).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.identity.names import PersonName, fold, name_key, parse_person

SETTINGS = json.loads((Path(__file__).parent / "data" / "identity.json").read_text(encoding="utf-8"))
REPAIRABLE_TYPES = frozenset(SETTINGS["repairable_types"])
MIN_TYPE_SHARE = SETTINGS["min_type_share"]
CONTEXT_PROFILE_SIZE = SETTINGS["context_profile_size"]
CONTEXT_TOP = SETTINGS["context_top"]
ALIASES = {name_key(form): name_key(forms[0]) for forms in SETTINGS["aliases"] for form in forms}
IGNORED_LAST_WORDS = frozenset(SETTINGS["ignored_last_words"])
GENERIC_SHORT_FORMS = frozenset(SETTINGS["generic_short_forms"])
SHORT_FORM_TYPES = frozenset(SETTINGS["short_form_types"])


@dataclass
class Local:
    """One article's entity, as the store keeps it."""

    article: int
    local_id: str
    type: str  # as the article's analysis typed it
    name: str
    forms: tuple[str, ...]  # the name and its other surface forms
    titles: tuple[str, ...] = ()
    n_mentions: int = 1
    context: frozenset[str] = field(default_factory=frozenset)

    @property
    def vote_key(self) -> str:
        return name_key(self.name)


def with_context(locals_: list[Local]) -> list[Local]:
    """Each entity of one article with the names of the others and its titles as context."""
    keys = [name_key(loc.name) for loc in locals_]
    everyone = frozenset(keys)
    for loc, own in zip(locals_, keys, strict=True):
        loc.context = (everyone - {own}) | {"title:" + fold(t) for t in loc.titles}
    return locals_


def repaired_type(local_type: str, votes: Mapping[str, int]) -> str:
    """The collection's majority type for a name, if the article's type is repairable and in
    the minority."""
    if local_type not in REPAIRABLE_TYPES:
        return local_type
    counted = {t: n for t, n in votes.items() if t in REPAIRABLE_TYPES and n > 0}
    total = sum(counted.values())
    if not total:
        return local_type
    best = max(counted, key=lambda t: (counted[t], t == local_type))
    return best if counted[best] / total > MIN_TYPE_SHARE else local_type


def person_name(loc: Local, entity_type: str) -> PersonName | None:
    return parse_person(loc.name) if entity_type == "PERSON" else None


def person_key(person: PersonName) -> str:
    return f"PERSON|{person.base_key}"


def form_keys(entity_type: str, forms: Iterable[str]) -> list[str]:
    """The identity keys of a non-person entity: each form folded, aliases to their first name,
    and without a last word that does not change what is named ("NBC News" = "NBC")."""
    keys = []
    for form in forms:
        key = name_key(form)
        words = key.split()
        if len(words) > 1 and words[-1] in IGNORED_LAST_WORDS:
            key = " ".join(words[:-1])
        if key:
            keys.append(f"{entity_type}|{ALIASES.get(key, key)}")
    return list(dict.fromkeys(keys))


def short_form_host(loc: Local, entity_type: str, others: list[Local]) -> Local | None:
    """The longer name of the same article a one-word name shortens ("Post" for "Washington
    Post", "Fox" for "Fox News"): the only one starting or ending with that word, unless the
    word is a generic one ("House" is not the White House) or names a place ("Mexico" is not
    Mexico City: ``short_form_types``)."""
    words = name_key(loc.name).split()
    if len(words) != 1 or words[0] in GENERIC_SHORT_FORMS or entity_type not in SHORT_FORM_TYPES:
        return None
    hosts = [o for o in others if len(key := name_key(o.name).split()) > 1 and words[0] in (key[0], key[-1])]
    return hosts[0] if len(hosts) == 1 else None


def alias_keys(entity_type: str, forms: Iterable[str]) -> dict[str, str]:
    """Every lookup key an entity answers to, with the form it came from; a person also by
    surname alone and by first name + surname without middles ("Barack Obama")."""
    keys = {name_key(form): form for form in forms if name_key(form)}
    if entity_type == "PERSON":
        for form in list(keys.values()):
            person = parse_person(form)
            if person is None:
                continue
            keys.setdefault(person.last, person.last)
            if person.full:
                keys.setdefault(f"{fold(form).split()[0]} {person.last}", form)
    return keys


class Profile:
    """The context an entity has been seen in: how often each co-occurring name or title was
    beside it (the ``CONTEXT_PROFILE_SIZE`` most frequent kept)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.articles = 0

    def add(self, context: Iterable[str]) -> None:
        self.counts.update(context)
        self.articles += 1
        if len(self.counts) > 4 * CONTEXT_PROFILE_SIZE:
            self.counts = Counter(dict(self.counts.most_common(CONTEXT_PROFILE_SIZE)))

    def similarity(self, context: Iterable[str]) -> float:
        """How well an article's context fits this entity: the share of the context's names and
        titles (at most ``CONTEXT_TOP`` of them) that are among the ``CONTEXT_TOP`` this entity
        is most often seen with."""
        context = set(context)
        if not self.articles or not context:
            return 0.0
        top = {key for key, _ in self.counts.most_common(CONTEXT_TOP)}
        return len(context & top) / min(CONTEXT_TOP, len(context))
