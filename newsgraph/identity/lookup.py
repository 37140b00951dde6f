"""Names as people type them, to collection entities: "President Obama", "Gov. Mike Pence",
"Mr. Trump", "Donald J. Trump", "Clinton".

``IdentityQueries.find`` answers with the entities a name means and whether it is ambiguous:

- an entity id is itself;
- a first name and surname (titles dropped) is the person with that key, middle initials
  agreeing ("Donald J. Trump", "Donald Trump");
- a surname alone ("Mr. Trump", "President Obama") is the most covered person of that surname,
  with the entity of the surname alone (articles that never gave a first name), unless another
  person of that surname is covered at least ``ambiguous_share`` as much: then the name is
  ambiguous and every candidate is listed ("Clinton"); a title in the query ("President")
  keeps only the candidates the articles give that title;
- anything else is every entity answering to the name or alias, most covered first.

``resolve`` (what every name filter of the store uses) is ``find(...)["entities"]``.
"""

from __future__ import annotations

import json
import re
import sqlite3

from newsgraph.errors import NewsgraphError
from newsgraph.identity.match import SETTINGS
from newsgraph.identity.names import (
    HONORIFICS,
    TITLE_ABBREVIATIONS,
    fold,
    name_key,
    name_words,
    parse_person,
    variants_compatible,
    without_titles,
)

AMBIGUOUS_SHARE = SETTINGS["lookup_ambiguous_share"]
TITLE_ARTICLES = 200  # a candidate's titles are read from its latest articles

# An entity id as a user types it: ASCII digits ("²" and "١" are digits to str.isdigit, not to int).
ENTITY_ID = re.compile(r"[0-9]+")
MAX_ROWID = 2**63 - 1  # SQLite's largest integer: a larger id names no row (and cannot be bound)


def _title_words(words: list[str]) -> set[str]:
    return {TITLE_ABBREVIATIONS.get(w, w) for w in words if w not in HONORIFICS}


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


class IdentityQueries:
    conn: sqlite3.Connection

    def find(self, name_or_id: str | int) -> dict:
        """{"entities": ids a name means, most covered first; "ambiguous": several people fit;
        "candidates": [{id, name, type, articles}] of those people (or of all entities found)}."""
        text = str(name_or_id).strip()
        if ENTITY_ID.fullmatch(text):
            entity_id = int(text)
            ids = (
                [r[0] for r in self.conn.execute("SELECT id FROM entities WHERE id = ?", (entity_id,))]
                if entity_id <= MAX_ROWID
                else []
            )
            return self._answer(ids, ids, False)
        words = name_words(text)
        name = without_titles(words)
        person = parse_person(text)
        if person is not None and person.full:
            exact = [
                e
                for e, variant in self.conn.execute(
                    "SELECT entity, variant FROM entity_keys WHERE key = ?", (f"PERSON|{person.base_key}",)
                )
                if variants_compatible(person.variant, variant)
            ]
            if exact:
                ranked = self._ranked(set(exact))
                return self._answer(ranked, ranked, len(ranked) > 1)
        aliases = self._ranked(self._with_alias(name_key(text)) | self._with_alias(" ".join(name)))
        if person is None or person.full or len(name) != 1:
            return self._answer(aliases, aliases, False)
        return self._surname(aliases, _title_words(words[: len(words) - len(name)]))

    def resolve(self, name_or_id: str | int) -> list[int]:
        """Entity ids a name (title, variant, alias, surname) or an id refers to."""
        return self.find(name_or_id)["entities"]

    def _with_alias(self, key: str) -> set[int]:
        return {
            r[0] for r in self.conn.execute("SELECT entity FROM entity_aliases WHERE alias_key = ?", (key,))
        }

    def _ranked(self, ids: set[int]) -> list[int]:
        marks = _marks(list(ids))
        return [
            r[0]
            for r in self.conn.execute(
                f"SELECT id FROM entities WHERE id IN ({marks}) ORDER BY n_articles DESC, id", list(ids)
            )
        ]

    def _surname(self, ids: list[int], titles: set[str]) -> dict:
        """A surname alone: the people with a first name who bear it, and the surname's own entity."""
        rows = {
            r[0]: r
            for r in self.conn.execute(
                f"SELECT id, name, type, n_articles FROM entities WHERE id IN ({_marks(ids)})",
                ids,
            )
        }
        people = [
            i
            for i in ids
            if rows[i][2] == "PERSON" and (p := parse_person(rows[i][1])) is not None and p.full
        ]
        alone = [i for i in ids if i not in people]
        if titles and len(people) > 1:
            people = [i for i in people if titles & self._titles(i)] or people
        if len(people) > 1 and rows[people[1]][3] >= AMBIGUOUS_SHARE * rows[people[0]][3]:
            return self._answer(people + alone, people, True)
        return self._answer(people[:1] + alone, people[:1] + alone, False)

    def _titles(self, entity: int) -> set[str]:
        titles = set()
        for (found,) in self.conn.execute(
            "SELECT titles FROM article_entities WHERE entity = ? AND titles != '[]' "
            "ORDER BY published DESC LIMIT ?",
            (entity, TITLE_ARTICLES),
        ):
            for title in json.loads(found):
                titles |= _title_words(fold(title).split())
        return titles

    def _answer(self, ids: list[int], candidates: list[int], ambiguous: bool) -> dict:
        rows = {
            r[0]: r
            for r in self.conn.execute(
                f"SELECT id, name, type, n_articles FROM entities WHERE id IN ({_marks(candidates)})",
                candidates,
            )
        }
        return {
            "entities": ids,
            "ambiguous": ambiguous,
            "candidates": [
                {"id": i, "name": rows[i][1], "type": rows[i][2], "articles": rows[i][3]}
                for i in candidates
                if i in rows
            ],
        }


def one_entity(store: IdentityQueries, name: str) -> int:
    """The one entity ``name`` means, or a clear error listing the candidates."""
    found = store.find(name)
    if not found["entities"]:
        raise NewsgraphError(f"no entity called {name!r}")
    if found["ambiguous"]:
        raise NewsgraphError(f"{name!r} is ambiguous: {candidate_list(found['candidates'])}; give an id")
    return found["entities"][0]


def candidate_list(candidates: list[dict]) -> str:
    return ", ".join(f"{c['name']} (id {c['id']}, {c['articles']} articles)" for c in candidates)
