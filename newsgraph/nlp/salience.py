"""Salience of the entities a personal pronoun can stand for (issue 12).

"He said" is rarely the last man named: it is the man the paragraph is about, the one who has
been speaking, the article's main subject. Each compatible entity mentioned (outside quotations)
in the last ``lookback_sentences`` (a setting of the attribution component) narrative sentences
scores

- recency: 1 / (1 + narrative sentences since its latest mention), where a sentence wholly inside
  a quotation does not count: a speaker's run of quoted sentences keeps them near;
- its role in its mentions: a clause subject gains (less the further back beyond the sentence
  before: a subject four sentences back does not outweigh a man the pronoun's own sentence
  names), a name only governed by a preposition ("a
  lecture from the Mexican president") or possessing something ("Obama's press conference")
  loses, and is dropped altogether when a subject candidate of the same sort agrees;
- introduced: first named, with a description after a comma, in the pronoun's sentence or the
  one before ("courtesy of Wes Nakagiri, a delegate from Michigan … “…,” he said"): news
  introduces a new source just before quoting them, often as an object (then not dropped);
- topic: it is the subject of an earlier sentence of the pronoun's paragraph;
- the speaker of the previous quote (not one reported inside another's words), the closer the more;
- gender known to agree (not merely unknown).

An entity the pronoun's own clause names after it (outside quotations) is never its antecedent: a
pronoun does not corefer with a name it governs ("he wrote a letter to Zucker", "She asked
Richards"; "he said Clinton lied").

Mentions include the pronouns resolved before this one: attribution sources, and the subject
pronouns of narrative sentences (``coref._follow_topic``), so "He … He … “…,” he said" follows the
thread rather than the last name.

The article's main subject (its share of the mentions) was tried as a bonus and dropped: it sent
"she" in a profile to the politician the article keeps naming rather than to the woman speaking.

Weights are in ``Weights``; they were set on the tuning pool (``tests/data/attribution/
speakers_tune.jsonl``, ``speakers.jsonl`` and, since it was run once, ``speakers_blind.jsonl``).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from spacy.tokens import Span, Token


@dataclass(frozen=True)
class Weights:
    subject: float = 0.6
    oblique: float = -0.4
    topic: float = 0.3
    last_speaker: float = 1.0
    known_gender: float = 0.4
    introduced: float = 1.0
    subject_fade: float = 0.4  # per narrative sentence beyond the one before the pronoun


WEIGHTS = Weights()
OBLIQUE_DEPS = frozenset({"pobj", "poss", "dobj", "dative"})
# The links from a verb down to its objects and their prepositional phrases, within one clause.
OBJECT_PATH_DEPS = frozenset({"dobj", "dative", "pobj", "prep"})
# Mentions that never make their entity the topic: a preposition's object, a possessor.
PERIPHERAL_DEPS = frozenset({"pobj", "poss"})


@dataclass
class Candidate:
    score: float = 0.0
    subject: bool = False  # a subject in the lookback window
    peripheral: bool = True  # only a preposition's object or a possessor there


def _object_of(name: Span | None, verb: Token) -> bool:
    """Is the name an object of the verb, directly or through prepositions and objects ("wrote a
    letter to Zucker")?"""
    if name is None or name.root.dep_ not in OBLIQUE_DEPS - {"poss"}:
        return False
    token = name.root
    while token.dep_ in OBJECT_PATH_DEPS and token.head.i != token.i:
        token = token.head
        if token.i == verb.i:
            return True
    return False


def _subject_of_phrase(name: Token) -> Token:
    """The subject whose phrase the name owns, as possessor or "of" object ("One of Trump's
    earlier jeremiads came …"), else the name itself."""
    token = name
    for _ in range(3):  # "Trump's jeremiads", "One of the jeremiads", "One of Trump's jeremiads"
        if token.dep_ == "poss":
            token = token.head
        elif token.dep_ == "pobj" and token.head.lower_ == "of":
            token = token.head.head
        else:
            break
    return token if token.dep_.startswith("nsubj") else name


class Salience:
    """Per-document facts salience reads: the paragraphs, the quotations, which sentences are
    narrative (not wholly inside a quotation), where each entity is first named."""

    def __init__(self, mentions):
        self.mentions = mentions
        text = mentions.text
        self.para_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.quote_starts = [s for s, _e in mentions.quotations]
        self.deps: dict[tuple[int, int], str] = {}
        self.first_named: dict[str, int] = {}
        for start, _end, eid in mentions.spans:
            self.first_named.setdefault(eid, start)
        self.narrative = list(itertools.accumulate(not self.quoted_sentence(s) for s in mentions.doc.sents))

    def quoted_sentence(self, sentence: Span) -> bool:
        words = [t for t in sentence if not (t.is_punct or t.is_space)]
        return bool(words) and all(self.quotation(t.idx) is not None for t in words)

    def paragraph(self, char: int) -> int:
        return bisect.bisect_right(self.para_starts, char) - 1

    def quotation(self, char: int) -> int | None:
        """The index of the quotation holding the character, if any."""
        k = bisect.bisect_right(self.quote_starts, char) - 1
        return k if k >= 0 and char < self.mentions.quotations[k][1] else None

    def distance(self, later: int, earlier: int) -> int:
        """Narrative sentences from the one holding ``earlier`` to the one holding ``later``: a
        speaker's run of quoted sentences does not push the speaker back."""
        mentions = self.mentions
        return self.narrative[mentions.sentence(later)] - self.narrative[mentions.sentence(earlier)]

    def introduced(self, start: int, end: int, eid: str) -> bool:
        """The entity's first naming, followed by a description ("courtesy of Wes Nakagiri, a
        delegate from Michigan", "Her father, Brad, 39,"): news introduces a new source so just
        before quoting them, often as an object. Not when that naming is itself a quote's source
        ("“…,” said Lee Miringoff, director of …"): the introduction has had its quote, and the last
        speaker's own weight is enough."""
        mentions = self.mentions
        first = self.first_named.get(eid) == start and start not in mentions.source_starts
        return first and mentions.text[end : end + 1] == ","

    def window(self, char: int) -> list[tuple[int, int, str, int]]:
        """The mentions ending before the character within the lookback, in text order, with their
        distance in narrative sentences (the mentions are sorted: walk back from the character)."""
        spans = self.mentions.spans
        found = []
        for k in range(bisect.bisect_left(spans, (char,)) - 1, -1, -1):
            start, end, eid = spans[k]
            distance = self.distance(char, start)
            if distance > self.mentions.lookback_sentences:
                break
            if end <= char:
                found.append((start, end, eid, distance))
        return found[::-1]

    def governed(self, pronoun: Token) -> set[str]:
        """Entities named after the pronoun as an object of its own clause (directly, or through
        prepositions and other objects), outside quotations: "Back in September, he wrote a letter
        to Zucker" is not Zucker. A name in a clause below ("He notes that … with Trump's
        microphone"), a possessor, or a subject ("he warned, “…,” Trump told") may be the pronoun's
        own referent in news prose."""
        verb = pronoun.head
        if verb.i == pronoun.i:
            return set()
        clause = list(verb.subtree)
        end = clause[-1].idx + len(clause[-1])
        spans = self.mentions.spans
        after = itertools.takewhile(
            lambda m: m[0] < end, spans[bisect.bisect_left(spans, (pronoun.idx + 1,)) :]
        )
        return {
            eid
            for start, stop, eid in after
            if self.quotation(start) is None
            and _object_of(pronoun.doc.char_span(start, stop, alignment_mode="expand"), verb)
        }

    def dep(self, doc, start: int, end: int) -> str:
        """The dependency label of a mention's head, read once per mention; a name in apposition to
        a subject is that subject ("One superdelegate, … chairwoman Nancy Worley, pledged …")."""
        if (start, end) not in self.deps:
            span = doc.char_span(start, end, alignment_mode="expand")
            root = span.root if span is not None else None
            if root is not None and root.dep_ == "appos" and root.head.dep_.startswith("nsubj"):
                root = root.head
            root = _subject_of_phrase(root) if root is not None else None
            self.deps[start, end] = root.dep_ if root is not None else ""
        return self.deps[start, end]

    def rank(
        self, pronoun: Token, compatible, last_speaker: tuple[str, int] | None, weights: Weights = WEIGHTS
    ) -> str | None:
        """The most salient entity ``compatible(entity)`` accepts for the pronoun, or None."""
        mentions = self.mentions
        doc = pronoun.doc
        paragraph = self.paragraph(pronoun.idx)
        candidates: dict[str, Candidate] = {}
        governed = self.governed(pronoun)
        for start, end, eid, distance in self.window(pronoun.idx):
            if eid in governed or self.quotation(start) is not None or not compatible(mentions.entities[eid]):
                continue
            dep = self.dep(doc, start, end)
            subject = dep.startswith("nsubj")
            fade = 1 + weights.subject_fade * max(distance - 1, 0)
            role = weights.subject * subject / fade + weights.oblique * (dep in OBLIQUE_DEPS)
            topic = weights.topic * (subject and self.paragraph(start) == paragraph)
            introduced = distance <= 1 and self.introduced(start, end, eid)
            score = 1.0 / (1 + distance) + role + topic + weights.introduced * introduced
            candidate = candidates.setdefault(eid, Candidate(score=score))
            candidate.score = max(candidate.score, score)
            candidate.subject |= subject
            candidate.peripheral &= dep in PERIPHERAL_DEPS and not introduced
        if any(c.subject for c in candidates.values()):
            candidates = {eid: c for eid, c in candidates.items() if not c.peripheral}
        if not candidates:
            return None
        for eid, candidate in candidates.items():
            if mentions.gender.get(eid) is not None:
                candidate.score += weights.known_gender
        if last_speaker and last_speaker[0] in candidates:
            distance = self.distance(pronoun.idx, last_speaker[1])
            candidates[last_speaker[0]].score += weights.last_speaker / (1 + distance)
        return max(candidates, key=lambda eid: candidates[eid].score)
