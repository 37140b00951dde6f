"""The structure of names, for matching them across articles.

A person's name is parsed into first name, middle names or initials, surname and suffix; titles
and honorifics before it ("President", "Gov.", "Mr.") and a possessive after it are dropped.
Two forms name the same person when first name (nicknames folded: "Bill" = "William"), surname
and suffix agree and their middles do not conflict: "Donald J. Trump" = "Donald Trump" =
"Donald John Trump", but "George W. Bush" != "George H.W. Bush" and "Donald Trump Jr." !=
"Donald Trump". Vocabulary: ``data/name_parts.json``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_PARTS = json.loads((Path(__file__).parent / "data" / "name_parts.json").read_text(encoding="utf-8"))
HONORIFICS = frozenset(_PARTS["honorifics"])
TITLES = frozenset(_PARTS["titles"])
TITLE_CONNECTORS = frozenset(_PARTS["title_connectors"])
SUFFIXES = frozenset(_PARTS["suffixes"])
PARTICLES = frozenset(_PARTS["particles"])
NICKNAMES: dict[str, str] = _PARTS["nicknames"]
TITLE_ABBREVIATIONS: dict[str, str] = _PARTS["title_abbreviations"]

_POSSESSIVE = re.compile(r"['’]s?$")
_NON_WORD = re.compile(r"[^\w\s'-]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # names repeat across a collection's articles
def fold(text: str) -> str:
    """Case, accents, dots and apostrophe style aside: what a name's words are compared as."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("’", "'").replace(".", " ").replace(",", " ")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", plain)).strip()


def name_words(name: str) -> list[str]:
    """The folded words of a name without a possessive ("Trump's" -> ["trump"])."""
    words = fold(name).split()
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1]) or words[-1]
    return [w.strip("'-") for w in words if w.strip("'-")]


def without_titles(words: list[str]) -> list[str]:
    """Drop the titles and honorifics before a name while a name is left: "president barack
    obama" -> "barack obama", "president obama" -> "obama", "secretary of state john kerry"."""
    start = 0
    while len(words) - start > 1 and (
        words[start] in TITLES or words[start] in HONORIFICS or (start and words[start] in TITLE_CONNECTORS)
    ):
        start += 1
    return words[start:]


@dataclass(frozen=True)
class PersonName:
    first: str  # nickname folded ("william" for "Bill"); "" for a surname alone
    middles: tuple[str, ...]
    last: str
    suffix: str  # "jr", "sr", "iii"…; "" when none

    @property
    def full(self) -> bool:
        """A first name and a surname: enough to identify a person across articles."""
        return bool(self.first)

    @property
    def base_key(self) -> str:
        """What every form of this person shares: surname, first name, suffix."""
        return f"{self.last}|{self.first}|{self.suffix}"

    @property
    def variant(self) -> str:
        """The middle initials ("h w" for "George H.W. Bush"); "" when none."""
        return " ".join(m[0] for m in self.middles)


@lru_cache(maxsize=1 << 16)
def parse_person(name: str) -> PersonName | None:
    """The parts of a person's name; None when nothing of a name is left."""
    words = without_titles(name_words(name))
    suffix = ""
    while len(words) > 1 and words[-1] in SUFFIXES:
        suffix = suffix or words[-1]
        words = words[:-1]
    if not words:
        return None
    last_start = len(words) - 1
    while last_start > 1 and words[last_start - 1] in PARTICLES:  # "Charles de Gaulle"
        last_start -= 1
    last = " ".join(words[last_start:])
    if last_start == 0:
        return PersonName("", (), last, suffix)
    first = NICKNAMES.get(words[0], words[0])
    middles = tuple(letter for word in words[1:last_start] for letter in _middle_parts(word))
    return PersonName(first, middles, last, suffix)


def _middle_parts(word: str) -> list[str]:
    """A middle word, or each letter of run-together initials ("hw" from "H.W." folded)."""
    return list(word) if len(word) <= 2 else [word]


def variants_compatible(a: str, b: str) -> bool:
    """Middle initials that may name one person: equal, or one of them absent."""
    return not a or not b or a == b


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The key a non-person name is matched by: folded words, possessive and leading
    honorifics dropped ("the Pentagon" = "Pentagon", "U.S." = "US")."""
    words = name_words(name)
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return "".join(words) if all(len(w) == 1 for w in words) else " ".join(words)
