"""Question-and-answer interviews (issue 12): who "I", "we" and "you" are in a Q&A.

An interview printed as questions and answers ("Q: … You thank him for that." / "A: Yes, I think
…") quotes its interviewee without a single "she said": every "I" and "we" of an answer, and every
"you" of a question, is the interviewee. The layout is recognised from its turn labels and the
interviewee from the introduction before the first turn; the labels, the intro phrases and the
words are data (``data/interview_markers.json``, see its ``_about``).
"""

from __future__ import annotations

import bisect
import collections
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from spacy.tokens import Token

INTERVIEW_MARKERS = "interview_markers.json"
Role = Literal["question", "answer"]


@dataclass(frozen=True)
class InterviewMarkers:
    """The contents of ``data/interview_markers.json``."""

    turn_re: re.Pattern[str]  # a labelled paragraph: group "question" or "answer" matches
    min_turns: int
    intro_re: re.Pattern[str]  # an intro phrase, ending where the interviewee's name starts
    answer_words: frozenset[str]
    question_words: frozenset[str]

    @classmethod
    def load(cls, text: str | None = None) -> InterviewMarkers:
        """From a file's text; None: the shipped file."""
        if text is None:
            text = (resources.files("newsgraph.nlp") / "data" / INTERVIEW_MARKERS).read_text(encoding="utf-8")
        data = json.loads(text)
        return cls(
            _turn_pattern(data["question_labels"], data["answer_labels"], data["separators"]),
            int(data["min_turns"]),
            re.compile(r"\b(?:" + "|".join(map(re.escape, data["intro_phrases"])) + r")\s+", re.IGNORECASE),
            frozenset(data["answer_words"]),
            frozenset(data["question_words"]),
        )


def _turn_pattern(questions: list[str], answers: list[str], separators: list[str]) -> re.Pattern[str]:
    """A label then a separator ("Q:", "Answer -"), or a one-letter label running into a capitalised
    word ("QThere's": the bold label lost its space)."""

    def label(words: list[str]) -> str:
        spelled = "|".join(map(re.escape, words))
        letters = "".join(w.upper() for w in words if len(w) == 1)
        attached = f"|[{letters}](?=[A-Z][a-z\u2019'])" if letters else ""
        return f"(?i:{spelled})[ \t]*[{re.escape(''.join(separators))}]{attached}"

    return re.compile(rf"[ \t]*(?:(?P<question>{label(questions)})|(?P<answer>{label(answers)}))")


@lru_cache(maxsize=1)
def default_markers() -> InterviewMarkers:
    return InterviewMarkers.load()


class Interview:
    """The turns of a Q&A article (start of each turn's first paragraph, its role), its
    interviewee's entity, and the markers it was recognised with (they also say which words of a
    turn are the interviewee)."""

    def __init__(self, turns: list[tuple[int, Role]], interviewee: str, markers: InterviewMarkers):
        self.turn_starts = [start for start, _role in turns]
        self.roles = [role for _start, role in turns]
        self.interviewee = interviewee
        self.markers = markers

    @classmethod
    def find(cls, mentions, markers: InterviewMarkers | None = None) -> Interview | None:
        """The article's interview, if it is laid out as one and its intro names the interviewee."""
        markers = markers or default_markers()
        text = mentions.text
        starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        turns: list[tuple[int, Role]] = []
        for start in starts:
            match = markers.turn_re.match(text, start)
            if match is not None:
                turns.append((start, "question" if match.group("question") else "answer"))
        counts = collections.Counter(role for _start, role in turns)
        if min(counts["question"], counts["answer"]) < markers.min_turns:
            return None
        interviewee = _interviewee(mentions, turns[0][0], markers)
        return cls(turns, interviewee, markers) if interviewee else None

    def role(self, char: int) -> Role | None:
        """Whose turn holds the character (a turn runs to the next labelled paragraph)."""
        k = bisect.bisect_right(self.turn_starts, char) - 1
        return self.roles[k] if k >= 0 else None

    def speaker(self, word: Token) -> str | None:
        """The interviewee for "I"/"we" in an answer or "you" in a question, else None."""
        role = self.role(word.idx)
        if role is None:  # before the first turn: the intro
            return None
        words = self.markers.answer_words if role == "answer" else self.markers.question_words
        return self.interviewee if word.lower_ in words else None


def _interviewee(mentions, intro_end: int, markers: InterviewMarkers) -> str | None:
    """The person named right after an intro phrase ("sat down with Laura Bush"), else the first
    person named as a clause subject in the intro ("Former first lady Laura Bush wrote …"), else
    the person it names most."""
    people = [
        (start, end, eid)
        for start, end, eid in mentions.spans
        if end <= intro_end and eid in mentions.gender and not mentions.quoted(start)
    ]
    if not people:
        return None
    named_after = {start: eid for start, _end, eid in people}
    for phrase in markers.intro_re.finditer(mentions.text, 0, intro_end):
        if phrase.end() in named_after:
            return named_after[phrase.end()]
    doc = mentions.doc
    subjects = [
        eid for start, end, eid in people if mentions.salience.dep(doc, start, end).startswith("nsubj")
    ]
    if subjects:
        return subjects[0]
    return collections.Counter(eid for _s, _e, eid in people).most_common(1)[0][0]
