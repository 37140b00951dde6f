"""Descriptions and possessive groups as speakers (issue 12): who is "the newspaper", "the
department", "a report from the Brookings Institution", "his campaign"?

A definite description names an entity of the article when the article shows the entity to be
what the description says. Its head noun belongs to classes of ``data/description_nouns.json``
(media outlet, company, government body, party, campaign, organisation, place), each with the
entity types it can name and the words its names are made of; an entity is a candidate when its
type fits, and it scores by the evidence that it is such a thing:

- its name holds the head noun ("the department" -> "State Department");
- the article says it is one: an apposition or a copula ("the Post, the influential daily";
  "Twitter is a company"), its titles;
- its name holds a word of the class ("the newspaper" -> "The Washington Post": "post");
- the description's modifiers appear in those same words ("the social media company").

The most recent candidate with the most evidence wins; with no evidence at all, an outlet,
company or organisation is the one candidate that spoke before ("The Advocate had chided Obama …
the newspaper said"), else the article's one dominant entity of a fitting type, else nobody.

A document ("a report from the SITE Intelligence Group", "A Reuters rolling poll", "early results
of exit polls conducted by Edison Research") speaks for the entity named inside it, joined by the
best-ranked preposition ("by" over "for"), or for the subject of a publishing verb on it ("the
document he released"); a quoted title ("the 'Medicare for all' document") names no author. A
possessive group is either a body derived from its owner ("his campaign" -> "Trump campaign", "her
party" -> the party the article gives her, "the bank's board" -> "World Bank board", the owner
itself a description) or a group nobody names ("his core supporters"): no entity. So is a part of
a named group ("some Democrats", "Jewish Republicans").

``Descriptions`` is built once per document over coreference's ``Mentions`` (duck-typed: ``at``,
``before``, ``entities``, ``gender``, ``sentence``).
"""

from __future__ import annotations

import collections
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.shapes import EntityDict

DESCRIPTION_NOUNS = "description_nouns.json"
DEFINITE = frozenset({"the", "this", "that"})
INDEFINITE = frozenset({"a", "an", "another", "one"})
# What joins the names of a joint author ("NBC/Wall Street Journal", "Associated Press-GfK").
JOINERS = frozenset({"/", "-"})
# How much each kind of evidence counts (see the module docstring).
HEAD_IN_NAME, SAID_TO_BE, CLASS_WORD_IN_NAME, MODIFIER = 3, 3, 2, 1
# An entity dominates when it has this many mentions and this many times the next one's.
DOMINANT_MENTIONS, DOMINANT_RATIO = 4, 2.0
# How many sentences after a description of a person the name said to be one may come.
LATER_NAMED_SENTENCES = 2
# Dependents after a group's name that restrict it to some of its members ("Republicans in
# Washington", "Americans worried about …", "Hispanics here").
GROUP_RESTRICTERS = frozenset({"prep", "acl", "relcl", "advmod", "amod"})
# Classes whose members the one body that spoke, or the article's dominant entity, is likely to be
# when nothing else says so.
DOMINANT_CLASSES = frozenset({"media", "company", "organisation"})


@dataclass(frozen=True)
class NounClass:
    name: str
    types: frozenset[str]
    nouns: frozenset[str]
    name_words: frozenset[str]


@dataclass(frozen=True)
class DescriptionRules:
    classes: tuple[NounClass, ...]
    documents: frozenset[str]
    utterances: frozenset[str]
    document_kinds: dict[str, str]  # a document noun -> the kind it is one of ("survey" -> "poll")
    author_links: dict[str, int]  # preposition -> rank (lower: more surely the author)
    author_types: frozenset[str]
    platforms: frozenset[str]
    author_verbs: frozenset[str]
    crediting_verbs: frozenset[str]
    possessive_bodies: dict[str, str]
    body_channels: frozenset[str]
    parties: dict[str, str]
    person_nouns: frozenset[str]
    group_quantifiers: frozenset[str]
    kin_nouns: frozenset[str]

    @classmethod
    def load(cls, text: str | None = None) -> DescriptionRules:
        """From a file's text; None: the shipped file. A file saved with an older pipeline lacks
        the later keys: they come from the shipped file, and its unranked ``author_links`` (a
        list) rank alike."""
        shipped = (resources.files("newsgraph.nlp") / "data" / DESCRIPTION_NOUNS).read_text("utf-8")
        data = json.loads(shipped) | json.loads(text if text is not None else shipped)
        if isinstance(data["author_links"], list):
            data["author_links"] = dict.fromkeys(data["author_links"], 0)
        classes = tuple(
            NounClass(name, *(frozenset(c[key]) for key in ("types", "nouns", "name_words")))
            for name, c in data["classes"].items()
        )
        return cls(
            classes,
            frozenset(data["documents"]),
            frozenset(data["utterances"]),
            dict(data["document_kinds"]),
            dict(data["author_links"]),
            frozenset(data["author_types"]),
            frozenset(data["platforms"]),
            frozenset(data["author_verbs"]),
            frozenset(data["crediting_verbs"]),
            dict(data["possessive_bodies"]),
            frozenset(data["body_channels"]),
            dict(data["parties"]),
            frozenset(data["person_nouns"]),
            frozenset(data["group_quantifiers"]),
            frozenset(data["kin_nouns"]),
        )

    def classes_of(self, noun: str) -> list[NounClass]:
        return [c for c in self.classes if noun in c.nouns]

    def class_nouns(self) -> frozenset[str]:
        return frozenset().union(*(c.nouns for c in self.classes))


def mistyped_organisation(entity: EntityDict, gender: str | None) -> bool:
    """A PERSON that is likely an organisation NER mistook ("Twitter"): a one-word name with no
    known gender and no title."""
    return (
        entity["type"] == "PERSON"
        and len(entity["name"].split()) == 1
        and not entity.get("titles")
        and gender is None
    )


def names_role(words: Iterable[str], role: str) -> bool:
    """Whether a title or description word abbreviates or is the role noun: "sen" the
    senator, "candidate" the candidate (three letters at least: "the" is no title)."""
    return any(len(w) >= 3 and role.startswith(w) for w in words)


def _words(name: str) -> set[str]:
    return {w.strip(".,’'\"").lower() for w in name.replace("-", " ").split()}


def said_to_be(doc: Doc, mentions, class_nouns: frozenset[str]) -> dict[str, set[str]]:
    """What the article says each entity is: the nouns and modifiers of its appositions ("Jill
    Stein, the Green Party candidate"; "the influential daily, the Post"), of copulas ("Twitter
    is a company") and of the class noun its name modifies ("Family Circle magazine"), with the
    words of its titles."""
    said: dict[str, set[str]] = collections.defaultdict(set)
    for eid, entity in mentions.entities.items():
        for title in entity.get("titles", []):
            said[eid] |= _words(title)
    for start, end, eid in mentions.spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for noun in _described_by(span.root, class_nouns):
            said[eid] |= {noun.lemma_.lower(), noun.lower_} | {
                c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod", "npadvmod")
            }
    return said


def _described_by(name: Token, class_nouns: frozenset[str]) -> list[Token]:
    nouns = [c for c in name.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    # Only a body's class noun: "Clinton aide" says nothing of what Clinton is.
    if name.dep_ == "compound" and name.head.pos_ == "NOUN" and name.head.lemma_.lower() in class_nouns:
        nouns.append(name.head)
    if name.dep_ == "appos" and name.head.pos_ == "NOUN":
        nouns.append(name.head)
    if name.dep_ in ("nsubj", "nsubjpass") and name.head.lemma_ == "be":
        nouns += [c for c in name.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
    return nouns


class Descriptions:
    """Resolves description and possessive sources of one document."""

    def __init__(self, doc: Doc, mentions, rules: DescriptionRules):
        self.doc = doc
        self.mentions = mentions
        self.rules = rules
        self.said = said_to_be(doc, mentions, rules.class_nouns())
        self.counts = collections.Counter(eid for _s, _e, eid in mentions.spans)
        self.resolved: dict[str, str] = {}  # head noun of a resolved definite description -> entity
        self.speakers: set[str] = set()  # the entities that spoke so far

    def remember(self, tokens: Span, eid: str) -> None:
        document = self.document(tokens)
        if document is not None:
            self.resolved[_document_key(document)] = eid
        elif tokens[0].lower_ in DEFINITE:
            self.resolved[tokens.root.lemma_.lower()] = eid

    def unrecognized_name(self, tokens: Span) -> bool:
        """ "The Advocate had chided Obama": "the" and capitalised proper nouns, which NER did not
        take for a name, name an organisation (a person's name takes no "the")."""
        words = tokens[1:]
        return (
            tokens[0].lower_ == "the"
            and len(words) > 0
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words)
            and not any(self.mentions.at(t.idx, t.idx + len(t)) for t in words)
        )

    def agrees(self, tokens: Span, eid: str) -> bool:
        """Whether the entity's type fits the kind of body the description's head names ("the
        newspaper" is no place); a head of no class fits any."""
        classes = self.rules.classes_of(tokens.root.lemma_.lower())
        return not classes or any(self.mentions.entities[eid]["type"] in c.types for c in classes)

    def repeated_document(self, document: Token) -> str | None:
        """ "a report from the Brookings Institution … the report found", "exit polls conducted
        by Edison Research … early results of exit polls": a document named again (the same noun
        and modifier nouns) speaks for the author found before. A bare plural ("the emails") is a
        collection, whose items need not share the author of the ones named before."""
        if document.tag_ in ("NNS", "NNPS") and not any(c.dep_ == "compound" for c in document.children):
            return None
        return self.resolved.get(_document_key(document))

    def earlier_documents(self, tokens: Span, document: Token) -> list[Token]:
        """ "a new Associated Press-GfK poll … But the poll also finds": the documents of the same
        kind (``document_kinds``: a survey is a poll) the article brought in before a definite one
        with no author of its own, nearest first; none for a bare plural (a collection)."""
        if tokens[0].lower_ not in DEFINITE or document.i != tokens.root.i:
            return []
        if document.tag_ in ("NNS", "NNPS") and not any(c.dep_ == "compound" for c in document.children):
            return []
        kind = self._document_kind(document)
        return [
            t
            for t in reversed(self.doc[: tokens.start])
            if t.pos_ in ("NOUN", "PROPN")
            and self._document_kind(t) == kind
            and not self.mentions.quoted(t.idx)
        ]

    def _document_kind(self, token: Token) -> str:
        lemma = token.lemma_.lower()
        return self.rules.document_kinds.get(lemma, lemma)

    def repeated(self, tokens: Span) -> str | None:
        """ "The company said … The company added": a definite description repeating the head of
        one resolved before means the same entity."""
        if tokens[0].lower_ not in DEFINITE or tokens.root.tag_ in ("NNS", "NNPS"):
            return None
        return self.resolved.get(tokens.root.lemma_.lower())

    def role_holder(self, tokens: Span) -> str | None:
        """The person named last before the description whose titles or appositions give the
        role ("Sen." for "the senator", "the Green Party candidate" for "the candidate")."""
        role = tokens.root.lemma_.lower()
        for _start, _end, eid in reversed(self.mentions.before(tokens.start_char)):
            said = self.said.get(eid, set())
            if eid in self.mentions.gender and names_role(said, role) and self.qualified(tokens, said):
                return eid
        return None

    def qualified(self, tokens: Span, said: Iterable[str]) -> bool:
        """Whether what the article says of an entity has every adjective of the description:
        "the former president" is not "President Obama"."""
        adjectives = {t.lower_ for t in tokens.root.children if t.dep_ == "amod" and t.i >= tokens.start}
        return adjectives <= set(said)

    def known_otherwise(self, tokens: Span, eid: str, role_nouns: frozenset[str]) -> bool:
        """ "Ari Fleischer, a former White House press secretary … the businessman": a person the
        article gives another role (a title or apposition with a role noun) and not this one is
        not who the role noun means by salience alone, unless the article is mostly about that
        person (its "the lawyer" is likelier its Labor Secretary than someone new). A family
        relation goes with any role ("the mother of three" can be the daughter)."""
        role = tokens.root.lemma_.lower()
        said = self.said.get(eid, set())
        other_roles = said & role_nouns - self.rules.kin_nouns
        known_otherwise = (
            role not in self.rules.kin_nouns and not names_role(said, role) and bool(other_roles)
        )
        return known_otherwise and eid != self._most_mentioned_person()

    def _most_mentioned_person(self) -> str | None:
        people = [eid for eid in self.counts if eid in self.mentions.gender]
        return max(people, key=self.counts.__getitem__, default=None)

    def contradicts(self, tokens: Span, eid: str) -> bool:
        """ "the Democratic front-runner" is nobody the article does not call a Democrat."""
        parties = {self.rules.parties[t.lower_] for t in tokens if t.lower_ in self.rules.parties}
        said = {self.rules.parties[w] for w in self.said.get(eid, ()) if w in self.rules.parties}
        return bool(parties) and not parties <= said

    def document(self, tokens: Span) -> Token | None:
        """The document the span is ("a report from …"), or the one its head is made of ("early
        results of exit polls"); None when it is no document."""
        root = tokens.root
        if self._is_document(root):
            return root
        objects = (c for p in root.children if p.dep_ == "prep" and p.lower_ == "of" for c in p.children)
        return next((c for c in objects if c.dep_ == "pobj" and self._is_document(c)), None)

    def _is_document(self, token: Token) -> bool:
        return token.lemma_.lower() in self.rules.documents or token.lower_ in self.rules.documents

    def author_candidates(self, tokens: Span, document: Token, max_rank: int | None = None) -> list[Token]:
        """The words of the span that may name the document's author, most likely first: by the
        rank of the preposition that joins them ("by" before "for"), then in text order; only
        those ranked ``max_rank`` or better when given. A word in a quoted title ("the 'Medicare
        for all' document") is no author, nor a platform the document is on ("a Facebook post")."""
        ranked = []
        for token in tokens:
            # A possessor is part of the phrase it possesses ("her campaign"), which is the candidate.
            if token.i == document.i or token.pos_ not in ("PROPN", "NOUN", "PRON") or token.dep_ == "poss":
                continue
            if _quoted_in(token, tokens) or token.lower_ in self.rules.platforms:
                continue
            rank = self._author_link(token, document)
            if rank is not None and (max_rank is None or rank <= max_rank):
                ranked.append((rank, token.i, token))
        return [token for _rank, _i, token in sorted(ranked)]

    def joint_authors(self, document: Token) -> Span | None:
        """ "an ABC News/Washington Post poll", "an Associated Press-GfK poll": the names right
        before a document, joined by a slash or a hyphen, are one joint author; None when no
        such names stand there."""
        start = document.i
        while start > 0 and (self.doc[start - 1].pos_ == "PROPN" or self.doc[start - 1].text in JOINERS):
            start -= 1
        run = self.doc[start : document.i]
        inner = [t.text in JOINERS for t in run][1:-1]
        return run if any(inner) and run[0].pos_ == "PROPN" and run[-1].pos_ == "PROPN" else None

    def author_type(self, eid: str) -> bool:
        return self.mentions.entities[eid]["type"] in self.rules.author_types

    def _author_link(self, token: Token, document: Token) -> int | None:
        """How surely the token names the document's author: the worst rank of the prepositions
        on its way up to the document (0 for a modifier: "A Reuters rolling poll"), None when
        that way goes through another preposition ("a report on Trump's taxes"), through a
        verb's preposition other than its agent ("polls conducted for the AP": a client) unless
        the verb credits ("video credited to Reuters"), or through a verb it is not the
        publishing subject or agent of ("a poll Trump cited")."""
        links, rank = self.rules.author_links, 0
        while token.i != document.i:
            head = token.head
            if head.i == token.i:
                return None
            if token.dep_ == "prep":
                crediting = head.lemma_.lower() in self.rules.crediting_verbs
                if token.lower_ not in links or (head.pos_ in ("VERB", "AUX") and not crediting):
                    return None
                rank = max(rank, links[token.lower_])
            elif head.pos_ in ("VERB", "AUX") and not (
                token.dep_ in ("nsubj", "agent") and head.lemma_.lower() in self.rules.author_verbs
            ):
                return None
            token = head
        return rank

    def organisation(self, tokens: Span) -> tuple[bool, str | None]:
        """(is the span a definite description of a body, the entity it names)."""
        root = tokens.root
        head = root.lemma_.lower()
        classes = self.rules.classes_of(head)
        if not classes or tokens[0].lower_ not in DEFINITE or root.tag_ in ("NNS", "NNPS"):
            return False, None
        modifiers = {t.lower_ for t in tokens if t.i != root.i and t.dep_ in ("amod", "compound", "nmod")}
        scores: dict[str, tuple[int, int]] = {}
        for start, _end, eid in self.mentions.before(tokens.start_char):
            if not self._fits(eid, classes):
                continue
            evidence = self._evidence(eid, head, classes, modifiers)
            scores[eid] = (evidence, start)
        if not scores:
            return True, None
        best = max(scores, key=scores.__getitem__)
        if scores[best][0] > 0:
            return True, best
        if not DOMINANT_CLASSES & {c.name for c in classes}:
            return True, None
        return True, self._only_speaker(list(scores)) or self._dominant(list(scores))

    def _only_speaker(self, candidates: list[str]) -> str | None:
        spoke = [eid for eid in candidates if eid in self.speakers]
        return spoke[0] if len(spoke) == 1 else None

    def _fits(self, eid: str, classes: list[NounClass]) -> bool:
        """Can the entity be a body of these classes? A PERSON only when NER likely mistook a
        one-word organisation for a person (no first name, gender, nor title)."""
        entity = self.mentions.entities[eid]
        if not any(entity["type"] in c.types for c in classes):
            return False
        return entity["type"] != "PERSON" or mistyped_organisation(entity, self.mentions.gender.get(eid))

    def _evidence(self, eid: str, head: str, classes: list[NounClass], modifiers: set[str]) -> int:
        entity = self.mentions.entities[eid]
        name = set().union(*(_words(n) for n in [entity["name"], *entity.get("aliases", [])]))
        said = self.said.get(eid, set())
        class_nouns = set().union(*(c.nouns for c in classes))
        class_words = set().union(*(c.name_words for c in classes))
        return (
            HEAD_IN_NAME * (head in name)
            + SAID_TO_BE * bool(said & class_nouns)
            + CLASS_WORD_IN_NAME * bool(name & class_words)
            + MODIFIER * len(modifiers & (name | said))
        )

    def _dominant(self, candidates: list[str]) -> str | None:
        ranked = sorted(candidates, key=lambda eid: -self.counts[eid])
        top = self.counts[ranked[0]]
        second = self.counts[ranked[1]] if len(ranked) > 1 else 0
        return ranked[0] if top >= DOMINANT_MENTIONS and top >= DOMINANT_RATIO * second else None

    def possessor(self, tokens: Span) -> Token | None:
        """The possessor of a possessive group ("his" in "his campaign", "Trump" in "Trump's
        aides"), or None when the span is no possessive group."""
        root = tokens.root
        if root.pos_ not in ("NOUN", "PROPN"):
            return None
        possessor = next((c for c in root.children if c.dep_ == "poss" and c.i >= tokens.start), None)
        if possessor is None and self.body(tokens):  # "the Trump campaign": a name modifying a body
            possessor = next(
                (
                    c
                    for c in root.children
                    if c.dep_ == "compound" and c.i >= tokens.start and self._person_at(c)
                ),
                None,
            )
        return possessor

    def _person_at(self, token: Token) -> bool:
        eid = self.mentions.at(token.idx, token.idx + len(token))
        return eid is not None and self.mentions.entities[eid]["type"] == "PERSON"

    def body(self, tokens: Span) -> str | None:
        """The kind of body a possessive group is ("campaign" for "his team", and for "his
        campaign account": what the body speaks through), None for a group of people nobody
        names ("his supporters")."""
        root = tokens.root
        bodies = self.rules.possessive_bodies
        if root.lemma_.lower() in bodies or root.lemma_.lower() not in self.rules.body_channels:
            return bodies.get(root.lemma_.lower())
        compound = next(
            (c for c in root.children if c.dep_ == "compound" and c.lemma_.lower() in bodies), None
        )
        return bodies[compound.lemma_.lower()] if compound is not None else None

    def said_or_written(self, tokens: Span) -> bool:
        """Whether a possessive group with no body can be what its owner says or writes: a
        singular ("Trump's official campaign account"), or a plural document or utterance ("his
        tweets", "her remarks"); another plural is people ("her antagonists", "the party's top
        figures")."""
        root = tokens.root
        if root.tag_ not in ("NNS", "NNPS"):
            return True
        return bool({root.lemma_.lower(), root.lower_} & (self.rules.documents | self.rules.utterances))

    def party_of(self, eid: str) -> str | None:
        """The party the article gives a person ("Democratic presidential nominee")."""
        said = self.said.get(eid, set())
        return next((party for word, party in self.rules.parties.items() if word in said), None)

    def part_of_group(self, tokens: Span, eid: str) -> bool:
        """ "some Democrats", "Jewish Republicans", "two Republicans", "Republicans in Washington",
        "one Republican": a quantifier, a number or an adjective on a named group (a party, a
        nationality), a phrase after it, or its singular (one member) makes it a part of the group,
        nobody in particular ("House Democrats", a name, stays the group)."""
        root = tokens.root
        if self.mentions.entities[eid]["type"] != "NORP":
            return False
        if root.tag_ not in ("NNS", "NNPS"):
            return True
        return any(
            (c.i > root.i and c.dep_ in GROUP_RESTRICTERS)
            or (
                c.i >= tokens.start
                and (c.lower_ in self.rules.group_quantifiers or c.pos_ in ("ADJ", "NUM"))
                and self.mentions.at(c.idx, c.idx + len(c)) != eid  # a word of the group's own name
            )
            for c in root.children
        )

    def names_someone_else(self, tokens: Span) -> bool:
        """ "the Lincoln actor", "a Clinton aide": a person's name modifying a person noun means
        someone else, related to the named person."""
        root = tokens.root
        return any(
            token.i != root.i
            and token.dep_ in ("compound", "nmod")
            and token.pos_ == "PROPN"
            and self._person_at(token)
            for token in tokens
        )

    def named_next(self, tokens: Span) -> str | None:
        """ "The head of the Service Employees International Union is worried … . In an interview,
        Mary Kay Henry said": a definite description of one person that no one named before is
        found to be is the person the next sentence brings in as a clause subject, when it brings
        in exactly one (a common lede). Only a position in something the article names ("The
        Pentagon's top adviser", "the Vermont senator"): "the source", "his lawyer", "the mother
        of three" stay anonymous."""
        root = tokens.root
        if tokens[0].lower_ not in DEFINITE or root.tag_ in ("NNS", "NNPS"):
            return None
        if not any(t.i != root.i and self.mentions.at(t.idx, t.idx + len(t)) for t in tokens):
            return None
        mentions = self.mentions
        seen = {eid for _s, _e, eid in mentions.before(tokens.end_char)}
        following = mentions.sentence(tokens.start_char) + 1
        brought_in = {
            eid
            for start, end, eid in mentions.spans
            if mentions.sentence(start) == following
            and eid not in seen
            and mentions.entities[eid]["type"] == "PERSON"
            and self._subject_at(start, end)
        }
        return brought_in.pop() if len(brought_in) == 1 else None

    def described_next(self, tokens: Span) -> str | None:
        """ "his son said … Eric Trump, son of the Republican front-runner, talked": a description
        of one person no one named before is found to be is the one person named just after it
        (up to two sentences on) whom the article says is one (its head noun in an apposition or
        a copula) with every adjective ("Bennett's younger sister" is not "his sister Gale")."""
        root = tokens.root
        if root.tag_ in ("NNS", "NNPS"):
            return None
        head = root.lemma_.lower()
        mentions = self.mentions
        seen = {eid for _s, _e, eid in mentions.before(tokens.end_char)}
        last = mentions.sentence(tokens.start_char) + LATER_NAMED_SENTENCES
        described = {
            eid
            for start, _end, eid in mentions.spans
            if start >= tokens.end_char
            and mentions.sentence(start) <= last
            and eid not in seen
            and eid in mentions.gender
            and head in self.said.get(eid, ())
            and self.qualified(tokens, self.said[eid])
        }
        return described.pop() if len(described) == 1 else None

    def _subject_at(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")

    def introduced_anonymously(self, tokens: Span) -> bool:
        """ "A senior Obama administration official said … ", the official said": a definite
        description repeating the head of an earlier indefinite one that no name stands beside
        is that anonymous person."""
        head = tokens.root.lemma_.lower()
        for token in self.doc[: tokens.start]:
            if token.lemma_.lower() != head or token.pos_ != "NOUN":
                continue
            determiners = {c.lower_ for c in token.children if c.dep_ == "det"}
            if (
                determiners & INDEFINITE
                and not _beside_name(token, self.mentions)
                and not _predicative(token)
            ):
                return True
        return False


def _document_key(document: Token) -> str:
    """ "exit polls" -> "document: exit poll": the document noun with the nouns modifying it."""
    compounds = [c.lemma_.lower() for c in document.children if c.dep_ == "compound"]
    return " ".join(["document:", *compounds, document.lemma_.lower()])


def _predicative(noun: Token) -> bool:
    """ "her efforts as a U.S. senator", "she is a senator": the noun says what someone is, and
    brings in nobody new."""
    return noun.dep_ in ("attr", "oprd") or (noun.dep_ == "pobj" and noun.head.lower_ == "as")


def _quoted_in(token: Token, span: Span) -> bool:
    """Is the token inside quotation marks opened within the span (a quoted title)?"""
    before = span.doc[span.start : token.i]
    return sum(t.is_quote for t in before) % 2 == 1


def _beside_name(noun: Token, mentions) -> bool:
    """ "Sara Walker, 44, a home-care aide": the noun is said of a name (apposition, copula)."""
    related = [noun.head] if noun.dep_ in ("appos", "attr") else []
    related += [c for c in noun.children if c.dep_ == "appos"]
    return any(mentions.at(t.idx, t.idx + len(t)) for t in related)
