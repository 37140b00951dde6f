"""Names cleaned before they become entities: what NER glues onto a name is cut off, and what
only looks like a name is dropped. Pure functions over a span's words (``entities.py`` calls
them on every name span); the vocabulary is ``data/name_cleaning.json``.

- a dateline before the name: "CLEVELAND - Donald Trump", "ST. LOUIS — Hillary Clinton";
- a person's possessive and what follows it: "Trump's Remarks";
- a title-case headline's words around a person's name: "Ted Cruz Apologizes", "Clinton Hid Past
  Health", "Rip Donald Trump" (the person's form the rest of the article uses is kept, whatever
  NER called the span; else a person span loses the headline verbs and nouns at its end);
- a possessive and a number or lower-case word after it: "Trump's 1995";
- in a person's name, whatever comes before a dash set off by spaces: "Weak - Rubio";
- words before a person's form the article uses elsewhere that are no part of it: "Team Clinton",
  "pro-Rubio", "On Donald Trump", "Floridians Jeb Bush" (``leading_words``);
- a court case is not a person: "Trump v. Trump", "Roe v. Wade" (``is_case_name``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

NAME_CLEANING = "name_cleaning.json"  # a rule file of the entities component (``EntityRules``)
MIN_TITLE_CASE_SHARE = 0.8  # of a line's longer words capitalised: a headline


def _is_dateline_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return (not letters or all(c.isupper() for c in letters)) and not any(c.isdigit() for c in word)


def is_title_case(line_words: Sequence[str]) -> bool:
    """A headline: (almost) every word of four letters or more is capitalised."""
    long_words = [w for w in line_words if len(w) >= 4 and w[:1].isalpha()]
    return len(long_words) >= 2 and sum(w[0].isupper() for w in long_words) >= MIN_TITLE_CASE_SHARE * len(
        long_words
    )


def headline_person(
    words: Sequence[str], people: Collection[tuple[str, ...]], is_first_name: Callable[[str], bool]
) -> tuple[int, int] | None:
    """The longest person's form the article uses outside its headlines found inside a
    headline span ("Ted Cruz" in "Ted Cruz Apologizes", "Clinton" in "Clinton Hid Past
    Health"), with the first names and initials just before it ("Joe" of "Joe Biden" when the
    article elsewhere says only "Biden"), as [start, end) into ``words``; None if there is none."""
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            end = start + size
            if tuple(words[start:end]) in people:
                # a first name goes on a surname only: "Rip Donald Trump" is no one's full name
                while size == 1 and start > 0 and (_is_first_or_initial(words[start - 1], is_first_name)):
                    start -= 1
                return start, end
    return None


def _is_first_or_initial(word: str, is_first_name: Callable[[str], bool]) -> bool:
    return is_first_name(word) or _is_initial(word)


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


@dataclass(frozen=True)
class NameCleaning:
    """The word lists of ``data/name_cleaning.json`` and the cuts they make in a name span."""

    dashes: frozenset[str]
    case_markers: frozenset[str]
    possessives: frozenset[str]
    headline_words: frozenset[str]
    leading: frozenset[str]

    @classmethod
    def load(cls, text: str | None = None) -> NameCleaning:
        """From the JSON ``text`` of a rule file; None: the shipped one."""
        if text is None:
            text = (Path(__file__).parent / "data" / NAME_CLEANING).read_text(encoding="utf-8")
        rules = json.loads(text)
        return cls(
            *(
                frozenset(rules[key])
                for key in ("dashes", "case_markers", "possessives", "headline_words", "leading_words")
            )
        )

    def is_case_name(self, words: Sequence[str]) -> bool:
        """ "Trump v. Trump": two parties and a case marker between them."""
        return any(0 < i < len(words) - 1 and w.lower() in self.case_markers for i, w in enumerate(words))

    def after_dateline(self, words: Sequence[str]) -> int:
        """Index of the first word after a dateline ("CLEVELAND -", "ST. LOUIS —"), or 0."""
        for i, word in enumerate(words):
            if word in self.dashes:
                before = words[:i]
                if (
                    before
                    and i + 1 < len(words)
                    and all(_is_dateline_word(w) for w in before)
                    and any(len(w) > 1 for w in before)
                ):
                    return i + 1
                return 0
        return 0

    def before_possessive(self, words: Sequence[str], person: bool) -> int:
        """Number of words before a possessive inside the span: in a person's name whatever follows
        ("Trump 's Remarks" -> 1), in another name only a number or lower-case word ("Trump 's
        1995"; "People 's Republic" stays); all the words if none."""
        return next(
            (
                i
                for i, w in enumerate(words)
                if 0 < i < len(words) - 1
                and w in self.possessives
                and (person or not words[i + 1][:1].isupper())
            ),
            len(words),
        )

    def leading_words(
        self, words: Sequence[str], people: Collection[tuple[str, ...]], is_first_name: Callable[[str], bool]
    ) -> int:
        """How many words at the start of a person span are no part of the name: words of
        ``leading_words`` and dashes ("Team Clinton", "pro - Rubio", "On Trump"), or whatever comes
        before a full name the article uses elsewhere ("Floridians Jeb Bush", "Rip Donald Trump":
        a full name takes no other name before it); 0 if none."""
        listed = 0
        while listed < len(words) - 1 and (
            words[listed].lower() in self.leading or words[listed] in self.dashes
        ):
            listed += 1
        if listed:
            return listed
        return next(
            (
                start
                for start in range(1, len(words) - 1)
                if tuple(words[start:]) in people and is_first_name(words[start])
            ),
            0,
        )

    def without_headline_words(self, words: Sequence[str]) -> int:
        """How many of a headline person span's words are left once the headline's verbs and nouns
        at its end are cut ("Donald Trump Rampages"); never fewer than two."""
        end = len(words)
        while end > 2 and words[end - 1].lower() in self.headline_words:
            end -= 1
        return end

    def after_spaced_dash(self, words_with_space: Sequence[str]) -> int:
        """Index of the first word after the last dash set off by spaces ("Weak - Rubio"), or 0: a
        person's name has none (a hyphenated name has no spaces around its hyphen)."""
        return next(
            (
                i + 1
                for i in range(len(words_with_space) - 2, 0, -1)
                if words_with_space[i].strip() in self.dashes
                and words_with_space[i].endswith(" ")
                and words_with_space[i - 1].endswith(" ")
            ),
            0,
        )

    def name_bounds(self, words_with_space: Sequence[str], person: bool) -> tuple[int, int] | None:
        """The part of a name span that is the name ([start, end) into its words, each given with
        the space after it, as ``Token.text_with_ws``), or None if nothing of it is."""
        words = [w.strip() for w in words_with_space]
        start = max(self.after_dateline(words), self.after_spaced_dash(words_with_space) if person else 0)
        end = start + self.before_possessive(words[start:], person)
        return (start, end) if end > start else None
