"""Cross-article entity identity: the normalised keys names are matched by."""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

_PREFIXES = frozenset(
    line.strip() for line in
    (resources.files("newsgraph.store") / "data" / "name_prefixes.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#"))
_DROPPED = re.compile(r"['’.]")  # "U.S." = "US", "O'Brien" = "OBrien"
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """Case, accents, punctuation and a leading 'the'/'Mr.' do not change who a name means:
    'Jens Stoltenberg', 'JENS STOLTENBERG' and 'Jens  Stoltenberg.' share one key."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = _NON_WORD.sub(" ", _DROPPED.sub("", plain))
    words = _SPACES.sub(" ", plain).strip().split(" ")
    while len(words) > 1 and words[0] in _PREFIXES:
        words = words[1:]
    return " ".join(words)


def entity_key(name: str, entity_type: str) -> str:
    return f"{entity_type}|{name_key(name)}"


def alias_keys(name: str, entity_type: str, aliases: list[str]) -> dict[str, str]:
    """Every key the entity answers to, mapped to the surface form it came from. A person is
    also found by surname alone ('Stoltenberg'), the way news refers to people."""
    keys = {name_key(form): form for form in [*aliases, name] if name_key(form)}
    if entity_type == "PERSON":
        surname = name_key(name).rsplit(" ", 1)[-1]
        keys.setdefault(surname, surname)
    return keys
