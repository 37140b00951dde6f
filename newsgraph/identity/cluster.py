"""Assigning articles' entities to collection entities: incrementally as each article is
stored (``Identity``), and from scratch over the whole store (``recluster``). Both run the same
``assign_article`` over an ``Index`` of what is known so far.

For one article:

1. each entity's type is repaired by the collection's votes for its name (``match``);
2. people with a first name and a surname, those with middle initials first: the entities
   whose key (surname|first|suffix) matches and whose middle initials do not conflict; if
   several fit (a "George Bush" with George W. and George H.W. in the store), the one with
   the same initials, else the one whose context (co-occurring names, titles) is most like the
   article's, else the most covered;
3. a surname alone in an article's record is one the article does not name in full: the
   article's analysis gives a surname to the bearer it names when honorific and first name
   agree. It joins the collection's person of that surname if one bears it in (almost) every
   article that gives a first name (``surname_dominance``); among several, the one the context
   fits clearly best, else the one covered ``surname_lead`` times as often as the next if the
   context fits them at all; otherwise the collection's entity of that surname alone
   ("Clinton" with Hillary and Bill equally covered and nothing telling them apart);
4. anything else joins the entity holding any of its forms (the most covered one; a one-word
   name the longer name of the article it shortens, "Post" the "Washington Post"), else a new
   one.

A full re-cluster sees every article before deciding, in two passes: first the people named
with middle initials (the most specific forms found the entities), then everything else; the
type votes are the whole collection's. Entity ids are kept for clusters that keep most of their
members, and quotes and events follow their entities.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from newsgraph.identity.curation import Rules, load_rules, recount
from newsgraph.identity.match import (
    SETTINGS,
    Local,
    Profile,
    alias_keys,
    form_keys,
    person_key,
    person_name,
    repaired_type,
    short_form_host,
    with_context,
)
from newsgraph.identity.names import SUFFIXES, PersonName, fold, name_key, parse_person, variants_compatible
from newsgraph.identity.rows import inserted_id

PROFILE_ARTICLES = 200  # an entity's context in the store: its latest articles
MAX_CACHED_PROFILES = 4096
SURNAME_DOMINANCE = SETTINGS["surname_dominance"]
SURNAME_MIN_CONTEXT = SETTINGS["surname_min_context"]
SURNAME_CONTEXT_MARGIN = SETTINGS["surname_context_margin"]
SURNAME_LEAD = SETTINGS["surname_lead"]
FIRST_NAME_TYPO_MIN_LENGTH = SETTINGS["first_name_typo_min_length"]


class Index(Protocol):
    def candidates(self, key: str) -> list[tuple[int, str]]: ...
    def people_named(self, last: str, suffix: str) -> set[int]: ...
    def first_name(self, entity: int) -> str: ...
    def size(self, entity: int) -> int: ...
    def profile(self, entity: int) -> Profile: ...
    def type_votes(self, vote_key: str) -> Mapping[str, int]: ...
    def create(self, key: str, name: str, entity_type: str) -> int: ...
    def link(self, entity: int, key: str, variant: str) -> None: ...
    def attach(self, entity: int, loc: Local, entity_type: str) -> None: ...


STAGES = ("middles", "full", "rest")  # a re-cluster's passes, most specific names first


def assign_article(
    locals_: list[Local],
    index: Index,
    rules: Rules,
    stage: str | None = None,
    earlier: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """local id -> collection entity for one article's entities. A re-cluster runs one of
    ``STAGES`` at a time over all articles: people named with middle initials, the other people
    with a first name, the rest; ``earlier`` holds what the earlier stages gave the article."""
    with_context(locals_)
    typed = [(loc, repaired_type(loc.type, index.type_votes(loc.vote_key))) for loc in locals_]
    people = [(loc, t, p) for loc, t in typed if (p := person_name(loc, t)) is not None]
    full = sorted(((loc, p) for loc, _, p in people if p.full), key=lambda lp: -len(lp[1].middles))
    assigned = dict(earlier or {})
    for loc, person in full:
        if stage in (None, "middles" if person.middles else "full"):
            assigned[loc.local_id] = _assign_person(loc, person, index, rules)
            index.attach(assigned[loc.local_id], loc, "PERSON")
    if stage in (None, "rest"):
        for loc, entity_type, person in people:
            if not person.full:
                assigned[loc.local_id] = _assign_surname(loc, person, index, rules)
                index.attach(assigned[loc.local_id], loc, entity_type)
        # Longer names first, counted as ``short_form_host`` counts them (by their keys): a short
        # form's host must be assigned before it ("Reuters/Ipsos" is two words, not one).
        others = sorted(
            ((loc, t) for loc, t in typed if person_name(loc, t) is None),
            key=lambda lt: -len(name_key(lt[0].name).split()),
        )
        for loc, entity_type in others:
            if loc.local_id not in assigned:
                same_type = [o for o, t in others if t == entity_type and o is not loc]
                host = (
                    None
                    if rules.split_key(entity_type, loc.name)
                    else short_form_host(loc, entity_type, same_type)
                )
                assigned[loc.local_id] = (
                    assigned[host.local_id]
                    if host is not None
                    else _assign_other(loc, entity_type, index, rules)
                )
                index.attach(assigned[loc.local_id], loc, entity_type)
    return {local_id: entity for local_id, entity in assigned.items() if local_id not in (earlier or {})}


def _assign_person(loc: Local, person: PersonName, index: Index, rules: Rules) -> int:
    split = rules.split_key("PERSON", loc.name)
    key = split or person_key(person)
    variants: dict[int, set[str]] = defaultdict(set)
    for entity, variant in index.candidates(key):
        variants[entity].add(variant)
    fitting = [e for e, vs in variants.items() if all(variants_compatible(person.variant, v) for v in vs)]
    if person.variant and len(fitting) > 1:
        fitting = [e for e in fitting if person.variant in variants[e]] or fitting
    if not fitting and not split:
        fitting = _misspelt_first_name(person, index) or _namesake(loc, person, index)
    if not fitting:
        entity = index.create(key, loc.name, "PERSON")
    elif len(fitting) == 1:
        entity = fitting[0]
    else:
        entity = max(fitting, key=lambda e: (index.profile(e).similarity(loc.context), index.size(e), -e))
    index.link(entity, key, person.variant)
    return entity


def _misspelt_first_name(person: PersonName, index: Index) -> list[int]:
    """The one person of this surname whose first name differs by one letter ("Hilary" for
    "Hillary"), both names long enough for that to be a slip rather than another name."""
    if len(person.first) < FIRST_NAME_TYPO_MIN_LENGTH:
        return []
    close = [
        e
        for e in index.people_named(person.last, person.suffix)
        if (first := index.first_name(e))
        and len(first) >= FIRST_NAME_TYPO_MIN_LENGTH
        and first[0] == person.first[0]
        and _one_edit(first, person.first)
    ]
    return close if len(close) == 1 else []


def _namesake(loc: Local, person: PersonName, index: Index) -> list[int]:
    """The one person of this first name and surname with another suffix or none ("Joseph R.
    Biden Jr." for "Joe Biden"), where nothing says they are father and son: the article names
    no one else of that surname, and the namesake was never seen beside a person of this name."""
    if any(_same_surname(key, person) for key in loc.context if not key.startswith("title:")):
        return []
    suffixes = [""] if person.suffix else sorted(SUFFIXES)
    found = [
        e
        for suffix in suffixes
        for e in index.people_named(person.last, suffix)
        if index.first_name(e) == person.first
        and not any(_same_name(key, person) for key in index.profile(e).counts)
    ]
    return found if len(found) == 1 else []


def _same_surname(name: str, person: PersonName) -> bool:
    other = parse_person(name)
    return other is not None and other.last == person.last


def _same_name(name: str, person: PersonName) -> bool:
    other = parse_person(name)
    return other is not None and other.last == person.last and other.first == person.first


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one inserted, deleted or replaced letter."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _assign_surname(loc: Local, person: PersonName, index: Index, rules: Rules) -> int:
    """A surname the article's own analysis left apart: it gives a surname to the bearer the
    article names in full (``nlp/entities.py``), so one left apart is someone the article does
    not name in full ("Mr. Obama" beside Michelle Obama) and is looked for in the collection."""
    split = rules.split_key("PERSON", loc.name)
    entity = None if split else _person_of_surname(loc, person, index)
    if entity is not None:
        return entity
    key = split or person_key(person)
    found = [entity for entity, _ in index.candidates(key)]
    entity = max(found, key=lambda e: (index.size(e), -e)) if found else index.create(key, loc.name, "PERSON")
    index.link(entity, key, "")
    return entity


def _person_of_surname(loc: Local, person: PersonName, index: Index) -> int | None:
    """For an article that gives a surname alone, the collection's person of that surname: the
    one who bears it in (almost) every article that gives a first name (news names a lesser
    bearer in full); or, among several, the one the context fits clearly best; or, when the
    context tells them apart by no margin, the one covered ``surname_lead`` times as often as
    the next, if the context fits them at all ("Clinton" alone in 2016 coverage is Hillary
    unless the context is Bill's)."""
    ranked = sorted(index.people_named(person.last, person.suffix), key=lambda e: (-index.size(e), e))
    if not ranked:
        return None
    if len(ranked) == 1 or index.size(ranked[1]) < SURNAME_DOMINANCE * index.size(ranked[0]):
        return ranked[0]
    fit = {e: index.profile(e).similarity(loc.context) for e in ranked}
    best, second = sorted(ranked, key=lambda e: -fit[e])[:2]
    if fit[best] >= fit[second] + SURNAME_CONTEXT_MARGIN:
        return best
    leader = ranked[0]
    leads = index.size(leader) >= SURNAME_LEAD * index.size(ranked[1])
    return leader if leads and fit[leader] >= SURNAME_MIN_CONTEXT else None


def _assign_other(loc: Local, entity_type: str, index: Index, rules: Rules) -> int:
    split = rules.split_key(entity_type, loc.name)
    keys = [split] if split else form_keys(entity_type, loc.forms)
    found = {entity for key in keys for entity, _ in index.candidates(key)}
    entity = (
        max(found, key=lambda e: (index.size(e), -e))
        if found
        else index.create(keys[0], loc.name, entity_type)
    )
    for key in keys:
        index.link(entity, key, "")
    return entity


# -- incremental: the store's own tables -----------------------------------------------------


class StoreIndex:
    """The ``Index`` of a store, read and written through its connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        # entity -> (its article count, its profile): a profile changes only with its articles
        self.profiles: dict[int, tuple[int, Profile]] = {}

    def candidates(self, key: str) -> list[tuple[int, str]]:
        return [
            (r[0], r[1])
            for r in self.conn.execute("SELECT entity, variant FROM entity_keys WHERE key = ?", (key,))
        ]

    def people_named(self, last: str, suffix: str) -> set[int]:
        """Entities of people with a first name and this surname (and suffix)."""
        prefix = f"PERSON|{last}|"
        rows = self.conn.execute(
            "SELECT key, entity FROM entity_keys WHERE key > ? AND key < ?", (prefix, prefix + "\U0010ffff")
        )
        return {entity for key, entity in rows if (parts := _first_and_suffix(key))[0] and parts[1] == suffix}

    def first_name(self, entity: int) -> str:
        row = self.conn.execute(
            "SELECT key FROM entity_keys WHERE entity = ? AND key LIKE 'PERSON|%' LIMIT 1", (entity,)
        ).fetchone()
        return _first_and_suffix(row[0])[0] if row else ""

    def size(self, entity: int) -> int:
        row = self.conn.execute("SELECT n_articles FROM entities WHERE id = ?", (entity,)).fetchone()
        return row[0] if row else 0

    def profile(self, entity: int) -> Profile:
        """The names beside ``entity`` in its latest ``PROFILE_ARTICLES`` articles."""
        articles = self.size(entity)
        cached = self.profiles.get(entity)
        if cached is not None and cached[0] == articles:
            return cached[1]
        if len(self.profiles) >= MAX_CACHED_PROFILES:
            self.profiles.clear()
        profile = Profile()
        rows = self.conn.execute(
            "SELECT ae.article, ae.name, ae.titles, ae.entity FROM article_entities ae WHERE ae.article IN "
            "(SELECT article FROM article_entities WHERE entity = ? ORDER BY published DESC LIMIT ?)",
            (entity, PROFILE_ARTICLES),
        ).fetchall()
        by_article: dict[int, set[str]] = defaultdict(set)
        for article, name, titles, holder in rows:
            if holder == entity:
                by_article[article].update("title:" + t for t in _folded_titles(titles))
            else:
                by_article[article].add(name_key(name))
        for context in by_article.values():
            profile.add(context)
        self.profiles[entity] = (articles, profile)
        return profile

    def type_votes(self, vote_key: str) -> Mapping[str, int]:
        return {
            r[0]: r[1]
            for r in self.conn.execute("SELECT type, n FROM name_types WHERE name_key = ?", (vote_key,))
        }

    def vote(self, locals_: list[Local]) -> None:
        self.conn.executemany(
            "INSERT INTO name_types(name_key, type, n) VALUES (?, ?, 1) "
            "ON CONFLICT(name_key, type) DO UPDATE SET n = n + 1",
            list(votes_of(locals_)),
        )

    def create(self, key: str, name: str, entity_type: str) -> int:
        for attempt in range(1, 1000):
            unique = key if attempt == 1 else f"{key}#{attempt}"
            cursor = self.conn.execute(
                "INSERT INTO entities(key, name, type) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING",
                (unique, name, entity_type),
            )
            if cursor.rowcount:
                return inserted_id(cursor)
        raise RuntimeError(f"no free entity key for {key!r}")

    def link(self, entity: int, key: str, variant: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO entity_keys(key, variant, entity) VALUES (?, ?, ?)", (key, variant, entity)
        )

    def attach(self, entity: int, loc: Local, entity_type: str) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO entity_aliases(alias_key, entity, alias) VALUES (?, ?, ?)",
            [(k, entity, form) for k, form in alias_keys(entity_type, loc.forms).items()],
        )


def _first_and_suffix(key: str) -> tuple[str, str]:
    """First name and suffix of a person key ("PERSON|trump|donald|jr")."""
    parts = key.split("|")
    return (parts[2], parts[3]) if len(parts) == 4 else ("", "")


def votes_of(locals_: list[Local]) -> Iterator[tuple[str, str]]:
    """(name key, type) for every form of every entity: each form an article uses votes on
    its type ("Trump" votes PERSON wherever it is a short form of Donald Trump)."""
    for loc in locals_:
        for key in dict.fromkeys(name_key(form) for form in loc.forms):
            yield key, loc.type


def _folded_titles(titles_json: str) -> list[str]:
    return [fold(t) for t in json.loads(titles_json or "[]")]


def local_entities(num: int, entities: list) -> list[Local]:
    """An article's ``record.Entity`` list as ``Local``s."""
    return [
        Local(
            num,
            e.id,
            e.type,
            e.name,
            tuple(dict.fromkeys([e.name, *e.aliases])),
            tuple(e.titles),
            max(1, len(e.mentions)),
        )
        for e in entities
    ]


class Identity:
    """The store's write path for entities: ``assign`` gives each of a new article's entities
    its collection entity (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection):
        self.index = StoreIndex(conn)
        self._rules: Rules | None = None

    @property
    def rules(self) -> Rules:
        if self._rules is None:
            self._rules = load_rules(self.index.conn)
        return self._rules

    def forget(self) -> None:
        """Drop what was read inside a transaction that rolled back (or rules that changed)."""
        self._rules = None
        self.index.profiles.clear()

    def assign(self, num: int, entities: list) -> dict[str, int]:
        locals_ = local_entities(num, entities)
        self.index.vote(locals_)
        return assign_article(locals_, self.index, self.rules)


# -- from scratch ----------------------------------------------------------------------------


class MemoryIndex:
    """The ``Index`` of a re-cluster: provisional entity numbers, everything in memory."""

    def __init__(self, votes: dict[str, Counter]):
        self.votes = votes
        self.keys: dict[str, set[tuple[int, str]]] = defaultdict(set)
        self.sizes: Counter[int] = Counter()
        self.profiles: dict[int, Profile] = defaultdict(Profile)
        self.created: list[tuple[str, str, str]] = []  # entity - 1 -> (key, first name, type)
        self.names: dict[int, Counter] = defaultdict(Counter)
        self.aliases: dict[int, dict[str, str]] = defaultdict(dict)
        self.forms: dict[str, Counter] = defaultdict(Counter)  # "TYPE|form" -> entities holding it
        self.surnames: dict[tuple[str, str], set[int]] = defaultdict(set)  # (last, suffix) -> people
        self.first_names: dict[int, str] = {}
        self.merged: dict[int, int] = {}  # cluster -> the cluster a merge rule put it in
        self.display_names: dict[int, str] = {}  # cluster -> a name a rename rule gave it

    def final_of(self, cluster: int) -> int:
        return self.merged.get(cluster, cluster)

    def candidates(self, key: str) -> list[tuple[int, str]]:
        return list(self.keys.get(key, ()))

    def people_named(self, last: str, suffix: str) -> set[int]:
        return self.surnames.get((last, suffix), set())

    def first_name(self, entity: int) -> str:
        return self.first_names.get(entity, "")

    def size(self, entity: int) -> int:
        return self.sizes[entity]

    def profile(self, entity: int) -> Profile:
        return self.profiles[entity]

    def type_votes(self, vote_key: str) -> Mapping[str, int]:
        return self.votes.get(vote_key, {})

    def create(self, key: str, name: str, entity_type: str) -> int:
        self.created.append((key, name, entity_type))
        return len(self.created)

    def link(self, entity: int, key: str, variant: str) -> None:
        self.keys[key].add((entity, variant))
        if key.startswith("PERSON|"):
            first, suffix = _first_and_suffix(key)
            if first:
                self.surnames[(key.split("|")[1], suffix)].add(entity)
                self.first_names.setdefault(entity, first)

    def attach(self, entity: int, loc: Local, entity_type: str) -> None:
        self.sizes[entity] += 1
        self.profiles[entity].add(loc.context)
        self.names[entity][loc.name] += 1
        self.forms[f"{entity_type}|{name_key(loc.name)}"][entity] += 1
        aliases = self.aliases[entity]
        for k, form in alias_keys(entity_type, loc.forms).items():
            aliases.setdefault(k, form)


@dataclass
class ReclusterReport:
    locals: int = 0
    entities_before: int = 0
    entities_after: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _articles(conn: sqlite3.Connection) -> Iterator[list[Local]]:
    """Every article's entities, article by article, with their surface forms."""
    forms: dict[tuple[int, str], list[str]] = defaultdict(list)
    current: int | None = None
    batch: list[Local] = []
    mention_rows = conn.execute(
        "SELECT article, local_id, text FROM mentions WHERE kind = 'name' ORDER BY article"
    )
    pending = next(mention_rows, None)
    for article, local_id, type_, name, titles, n_mentions in conn.execute(
        "SELECT article, local_id, COALESCE(article_type, (SELECT type FROM entities WHERE id = entity)), "
        "name, titles, n_mentions FROM article_entities ORDER BY article"
    ):
        if article != current:
            if batch:
                yield batch
            current, batch = article, []
            forms.clear()
            while pending is not None and pending[0] <= article:
                if pending[0] == article:
                    forms[(pending[0], pending[1])].append(pending[2])
                pending = next(mention_rows, None)
        surface = tuple(dict.fromkeys([name, *forms.get((article, local_id), [])]))
        titled = tuple(json.loads(titles)) if titles and titles != "[]" else ()
        batch.append(Local(article, local_id, type_, name, surface, titled, n_mentions))
    if batch:
        yield batch


def recluster(conn: sqlite3.Connection) -> ReclusterReport:
    """Cluster every article's entities again (inside the caller's transaction)."""
    started = time.perf_counter()
    report = ReclusterReport(entities_before=conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0])
    votes: dict[str, Counter] = defaultdict(Counter)
    for locals_ in _articles(conn):
        for key, type_ in votes_of(locals_):
            votes[key][type_] += 1
    rules = load_rules(conn)
    index = MemoryIndex(votes)
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS identity_assign (article INTEGER, local_id TEXT, "
        "cluster INTEGER, entity INTEGER, PRIMARY KEY (article, local_id)) WITHOUT ROWID"
    )
    conn.execute("DELETE FROM temp.identity_assign")
    for stage in STAGES:
        for locals_ in _articles(conn):
            article = locals_[0].article
            earlier = (
                {}
                if stage == STAGES[0]
                else dict(
                    conn.execute(
                        "SELECT local_id, cluster FROM temp.identity_assign WHERE article = ?", (article,)
                    ).fetchall()
                )
            )
            conn.executemany(
                "INSERT INTO temp.identity_assign(article, local_id, cluster) VALUES (?, ?, ?)",
                [
                    (article, local_id, cluster)
                    for local_id, cluster in assign_article(locals_, index, rules, stage, earlier).items()
                ],
            )
    report.locals = conn.execute("SELECT COUNT(*) FROM temp.identity_assign").fetchone()[0]
    _write(conn, index, rules.apply(index))
    conn.execute("DELETE FROM name_types")
    conn.executemany(
        "INSERT INTO name_types(name_key, type, n) VALUES (?, ?, ?)",
        [(k, t, n) for k, counts in votes.items() for t, n in counts.items()],
    )
    conn.execute("DELETE FROM meta WHERE key = 'identity_stale'")
    report.entities_after = conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0]
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def is_stale(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM meta WHERE key = 'identity_stale'").fetchone() is not None


def _display_name(names: Counter, entity_type: str) -> str:
    """The form most articles use; for a person, among the forms with a first name."""
    if entity_type == "PERSON":
        full = Counter({n: c for n, c in names.items() if (p := parse_person(n)) is not None and p.full})
        names = full or names
    return max(names, key=lambda n: (names[n], len(n), n))


def _write(conn: sqlite3.Connection, index: MemoryIndex, final: dict[int, int]) -> None:
    """Store the clustering: provisional cluster -> final one (after merge rules) -> store id."""
    conn.executemany(
        "UPDATE temp.identity_assign SET cluster = ? WHERE cluster = ?",
        [(target, merged) for merged, target in final.items() if target != merged],
    )
    ids = _stable_ids(conn, index)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS identity_ids (cluster INTEGER PRIMARY KEY, entity INTEGER)")
    conn.execute("DELETE FROM temp.identity_ids")
    conn.executemany("INSERT INTO temp.identity_ids VALUES (?, ?)", ids.items())
    conn.execute(
        "UPDATE temp.identity_assign SET entity = "
        "(SELECT entity FROM temp.identity_ids i WHERE i.cluster = identity_assign.cluster)"
    )
    # quotes and events hold collection ids only: remap them per article, old id -> new id
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS identity_remap "
        "(article INTEGER, old INTEGER, new INTEGER, PRIMARY KEY (article, old)) WITHOUT ROWID"
    )
    conn.execute("DELETE FROM temp.identity_remap")
    conn.execute(
        "INSERT OR IGNORE INTO temp.identity_remap SELECT ae.article, ae.entity, a.entity "
        "FROM article_entities ae JOIN temp.identity_assign a ON a.article = ae.article "
        "AND a.local_id = ae.local_id WHERE ae.entity != a.entity ORDER BY ae.n_mentions DESC"
    )
    conn.execute(
        "UPDATE article_entities SET entity = a.entity FROM temp.identity_assign a "
        "WHERE a.article = article_entities.article AND a.local_id = article_entities.local_id "
        "AND article_entities.entity != a.entity"
    )
    conn.execute(
        "UPDATE quotes SET entity = r.new FROM temp.identity_remap r "
        "WHERE quotes.article = r.article AND quotes.entity = r.old"
    )
    for role in ("actor_entity", "target_entity", "place_entity"):
        conn.execute(
            f"UPDATE events SET {role} = r.new FROM temp.identity_remap r "
            f"WHERE events.article = r.article AND events.{role} = r.old"
        )
    conn.execute("DELETE FROM entity_keys")
    conn.execute("DELETE FROM entity_aliases")
    conn.execute("DELETE FROM entities WHERE id NOT IN (SELECT entity FROM article_entities)")

    def store_id(cluster: int) -> int:
        return ids[final.get(cluster, cluster)]

    conn.executemany(
        "INSERT OR IGNORE INTO entity_keys(key, variant, entity) VALUES (?, ?, ?)",
        [(key, variant, store_id(c)) for key, pairs in index.keys.items() for c, variant in pairs],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO entity_aliases(alias_key, entity, alias) VALUES (?, ?, ?)",
        [(k, store_id(c), form) for c, aliases in index.aliases.items() for k, form in aliases.items()],
    )
    recount(conn)


def _stable_ids(conn: sqlite3.Connection, index: MemoryIndex) -> dict[int, int]:
    """A store id for each final cluster: the old id most of its members had, if no larger
    cluster claimed it, else a new one. Keys, names and types are rewritten."""
    overlap = conn.execute(
        "SELECT a.cluster, ae.entity, COUNT(*) AS n FROM temp.identity_assign a JOIN article_entities ae "
        "ON ae.article = a.article AND ae.local_id = a.local_id GROUP BY a.cluster, ae.entity ORDER BY n DESC"
    ).fetchall()
    ids: dict[int, int] = {}
    taken: set[int] = set()
    for cluster, old, _ in overlap:
        if cluster not in ids and old not in taken:
            ids[cluster] = old
            taken.add(old)
    clusters = [
        r[0] for r in conn.execute("SELECT DISTINCT cluster FROM temp.identity_assign ORDER BY cluster")
    ]
    names: dict[int, Counter] = defaultdict(Counter)
    for entity, counts in index.names.items():
        names[index.final_of(entity)].update(counts)
    conn.execute("UPDATE entities SET key = '~' || id")  # free every key before reassigning
    used: set[str] = set()
    for cluster in clusters:
        key, _, entity_type = index.created[cluster - 1]
        unique, n = key, 1
        while unique in used:
            n += 1
            unique = f"{key}#{n}"
        used.add(unique)
        name = index.display_names.get(cluster) or _display_name(names[cluster], entity_type)
        if cluster in ids:
            conn.execute(
                "UPDATE entities SET key = ?, name = ?, type = ? WHERE id = ?",
                (unique, name, entity_type, ids[cluster]),
            )
        else:
            ids[cluster] = inserted_id(
                conn.execute(
                    "INSERT INTO entities(key, name, type) VALUES (?, ?, ?)", (unique, name, entity_type)
                )
            )
    return ids
