"""Parse-tree and line helpers the events modules share; no rule file is read here."""

from __future__ import annotations

from collections.abc import Container, Iterator
from typing import TypedDict

from spacy.tokens import Span, Token

from newsgraph.nlp.util import line_of

TIME_TYPES = frozenset({"DATE", "TIME"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Dependents that open a clause of their own: a time inside them belongs to another event.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "csubj", "parataxis", "xcomp", "conj"})
# particles that may follow the object ("knocked them out"); "on" or "upon" may not: "seized the
# city on Tuesday" is no "seize on"
SEPARABLE_PARTICLES = frozenset({"out", "off", "down", "up", "back"})
# words between a verb and its particle ("called Friday for", "called on Tuesday morning for")
MAX_PARTICLE_GAP = 3
# complements by which a characterising verb judges its object: 'called him "disgusting"'
CHARACTERIZATION_COMPLEMENTS = frozenset({"oprd", "ccomp", "xcomp", "acomp", "attr"})
QUANTIFIERS = frozenset(
    {"many", "some", "all", "most", "much", "several", "few", "one", "none", "each", "both", "any"}
)


class SpanDict(TypedDict):
    """A stretch of the text: the shape of ``newsgraph.record.Span``."""

    start: int
    end: int
    text: str


def particle_of(verb: Token, word: str) -> Token | None:
    """The particle right after the verb, or after a date or an adverb of the verb between them:
    "called on Dean", "called Friday for releasing", "called again for", not "called … on
    Wednesday"."""
    doc, i = verb.doc, verb.i + 1
    while (
        i < min(len(doc), verb.i + 1 + MAX_PARTICLE_GAP)
        and doc[i].lower_ != word
        and (doc[i].ent_type_ in TIME_TYPES or (doc[i].tag_ == "RB" and doc[i].head == verb))
    ):
        i += 1
    following = doc[i] if i < len(doc) else None
    if (
        following is not None
        and following.head == verb
        and following.dep_ in ("prt", "prep")
        and following.lower_ == word
    ):
        return following
    return None


def has_infinitive(verb: Token) -> bool:
    """ "agreed to clean up", "encouraged Americans to check out", "appealed to Congress to pass"
    (which the parser may hang as an adverbial clause): a to-infinitive complement (not "telling
    them when to join": information)."""
    return any(
        c.dep_ in ("xcomp", "advcl")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        and c.left_edge.tag_ not in ("WRB", "WP")
        for c in verb.children
    )


def judges(verb: Token) -> bool:
    """ "called Trump a liar", "called him 'disgusting'", "described it as": a characterising verb
    with a predicate or a complement judges its object ("called Machado on Friday" does not)."""
    return bool(predicate_of(verb)) or any(c.dep_ in CHARACTERIZATION_COMPLEMENTS for c in verb.children)


def has_person_object(verb: Token) -> bool:
    """ "called Machado on Friday"; not 'called Mrs. Schlafly an "Aunt Tom"', where the parser
    hangs the name called on the object."""
    return any(
        c.dep_ == "dobj"
        and c.ent_type_ == "PERSON"
        and not any(t.is_quote for t in c.subtree)
        and not any(a.dep_ == "appos" for a in c.children)
        for c in verb.children
    )


def has_particle(verb: Token, word: str) -> bool:
    """Whether the verb has this particle: right after it, or, for an adverbial particle, after
    its object too ("knocking Cruz and Kasich out of the race")."""
    if particle_of(verb, word) is not None:
        return True
    return word in SEPARABLE_PARTICLES and any(
        c.lower_ == word and c.dep_ in ("prt", "prep") and c.i > verb.i for c in verb.children
    )


def predicate_of(verb: Token) -> list[Token]:
    """The object predicate of "called X a liar" or "described X as a disgrace": its head and
    the words that modify it directly."""
    heads = [c for c in verb.children if c.dep_ == "oprd" and c != object_as_predicate(verb)]
    heads += [
        p
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "as"
        for p in c.children
        if p.dep_ == "pobj"
    ]
    return [t for head in heads for t in (head, *head.children)]


def object_as_predicate(verb: Token) -> Token | None:
    """ "Cruz called Trump a liar": the parser may label both the object and the predicate
    oprd; the first of two is the object."""
    predicates = [c for c in verb.children if c.dep_ == "oprd"]
    return predicates[0] if len(predicates) > 1 else None


def auxiliaries_before_subject(verb: Token) -> list[Token]:
    """ "Has Trump criticized Putin?", "had Clinton congratulated him": the inverted word order of
    a question or a condition."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (
        []
        if subject is None
        else [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < subject.i]
    )


def has_own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def noun_phrase(token: Token) -> Span:
    """The head noun with its left modifiers (no relative clauses, appositions, preps)."""
    left = [
        c
        for c in token.lefts
        if c.dep_ in ("det", "compound", "amod", "poss", "nmod", "nummod", "case", "predet")
    ]
    start = min([token.i] + [min(t.i for t in c.subtree) for c in left])
    start = max(start, line_of(token).start)  # a headline parsed as modifiers of the lead's subject
    span = token.doc[start : token.i + 1]
    return span[1:] if span[0].dep_ == "det" and len(span) > 1 else span


def clause_tokens(verb: Token) -> Iterator[Token]:
    """The verb's own clause: its subtree without the clauses embedded in it."""
    stack = [verb]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS)


def span_of(span: Span | Token) -> SpanDict:
    text = span.text
    return {
        "start": span.idx if isinstance(span, Token) else span.start_char,
        "end": (span.idx + len(text)) if isinstance(span, Token) else span.end_char,
        "text": text,
    }


def is_a_title(token: Token) -> bool:
    """A capitalised word inside a lower-case sentence names something ("launched Who Talks?");
    in a title-case headline capitals say nothing."""
    if not token.is_title or token.i == line_of(token).start:
        return False
    return any(t.is_lower and len(t) > 3 for t in line_of(token))


def sentence_of(token: Token) -> SpanDict:
    line = line_of(token)
    while len(line) > 1 and line[-1].is_space:
        line = line[:-1]
    return span_of(line)


class _AnyPreposition(Container[str]):
    """Every preposition: for the objects of any of them."""

    def __contains__(self, word: object) -> bool:
        return True


ANY_PREPOSITION = _AnyPreposition()


def objects_of(verb: Token, prepositions: Container[str]) -> list[Token]:
    """The verb's objects, passive subject, objects of its particles and of the given
    prepositions ("met with criticism", "welcomed in many refugees"), and the noun of a relative
    clause with no object ("an agreement she had struck"); a quantifier stands for its noun."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
    if verb.dep_ == "relcl" and not objects:
        objects.append(verb.head)
    objects += [
        p
        for c in verb.children
        if c.dep_ == "prt" or (c.dep_ == "prep" and c.lower_ in prepositions)
        for p in c.children
        if p.dep_ == "pobj"
    ]
    return [quantified(t) for t in objects]


def quantified(token: Token) -> Token:
    """ "many of the same themes": the noun a quantifier counts."""
    if token.lemma_.lower() not in QUANTIFIERS:
        return token
    return next(
        (
            p
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        ),
        token,
    )


def in_line(token: Token | None, line: Span) -> Token | None:
    """A participant parsed across a paragraph break is a parse error: drop it."""
    return token if token is not None and line.start <= token.i < line.end else None


def is_title_case(line: Span) -> bool:
    """A headline: most of its words of four letters or more are capitalised (more than 80 %
    of tokens; ingest.clean's test of a line of text asks 90 % of words: not the same rule)."""
    words = [t for t in line if t.is_alpha and len(t) > 3]
    return len(words) >= 2 and sum(t.is_title or t.is_upper for t in words) > 0.8 * len(words)
