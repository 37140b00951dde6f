"""Speaker resolution: link each attribution's source to an entity of the record.

A source span is one of: a name (the entity whose mention it overlaps), a relative pronoun
("Biden, who …, said": the noun the clause hangs on), a personal pronoun (he/she/they/it: the
most salient earlier entity of compatible gender and number; "I" in the article's own voice: the
writer who signs it), or a description ("a White House spokeswoman": the name it is in apposition
with, an entity whose title it names, else the description itself). Resolved pronoun and
description sources are added to the entity's mentions.
"""

from __future__ import annotations

import bisect
import collections
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, Literal

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp import shapes
from newsgraph.nlp.descriptions import DescriptionRules, Descriptions, mistyped_organisation, names_role
from newsgraph.nlp.interviews import Interview
from newsgraph.nlp.salience import Salience
from newsgraph.nlp.shapes import EntityDict, MentionKind, QuoteDict, SpanDict

COREF_WORDS = "coref_words.json"


@dataclass(frozen=True)
class CorefWords:
    """The word lists of ``data/coref_words.json`` (see its ``_about``), read by the attribution
    component (which saves the file with the pipeline) and passed through ``Mentions``."""

    pronouns: dict[str, str]  # word -> m/f (gender), p (plural) or n (neuter)
    relatives: frozenset[str]
    first_person: frozenset[str]
    honorifics: dict[str, str]  # "mrs." -> f
    gendered_nouns: dict[str, str]  # "spokeswoman" -> f
    group_types: frozenset[str]  # entity types a plural pronoun can stand for
    role_nouns: frozenset[str]  # with the gendered nouns
    definite: frozenset[str]
    thing_types: frozenset[str]  # entity types "it" can stand for

    @classmethod
    def load(cls, text: str | None = None) -> CorefWords:
        """From a file's text; None: the shipped file."""
        if text is None:
            text = (resources.files("newsgraph.nlp") / "data" / COREF_WORDS).read_text(encoding="utf-8")
        data = json.loads(text)
        gendered = dict(data["gendered_nouns"])
        return cls(
            dict(data["pronouns"]),
            frozenset(data["relative_pronouns"]),
            frozenset(data["first_person"]),
            dict(data["honorifics"]),
            gendered,
            frozenset(data["group_types"]),
            frozenset(data["role_nouns"]) | frozenset(gendered),
            frozenset(data["definite"]),
            frozenset(data["thing_types"]),
        )


# Penn tags of plural nouns: "the aides" is a group, not the one person a role noun stands for.
PLURAL_TAGS = ("NNS", "NNPS")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# "I" in the article's own voice is its author (``_signer``); "we" is the outlet or a group.
AUTHOR_PRONOUNS = frozenset({"i", "me", "my"})
# How far into a closing paragraph the author's name may start ("Rep. Raul Grijalva, D-Ariz., was …").
BIO_NAME_REACH = 12
# An earlier document lends its author to a definite one only through a modifier, "by" or "from".
SURE_AUTHOR_RANK = 0
# Kinds of resolved source that are mentions of their entity; a possession ("Trump's tweets")
# speaks for its owner without being a mention of it.
MENTION_KINDS: tuple[MentionKind, ...] = ("pronoun", "description")
POSSESSION: Final = "possession"
SourceKind = MentionKind | Literal["possession"]
# How far back (in sentences) a pronoun looks for its antecedent (salience: ``newsgraph.nlp.salience``).
LOOKBACK_SENTENCES = 10


@lru_cache(maxsize=1)
def name_genders():
    import gender_guesser.detector as detector  # a 40k-name table: loaded once

    return detector.Detector(case_sensitive=False)


SURE_GENDERS = {"male": "m", "female": "f"}
# "Chris", "Leslie": mostly one gender; evidence weaker than the article's own pronouns.
LIKELY_GENDERS = {"mostly_male": "m", "mostly_female": "f"}
GENDER_LEANINGS = SURE_GENDERS | LIKELY_GENDERS
# Types no first name before the name makes a person: "George Washington University" (a place), "a
# Virginia Republican" (a party or nationality).
NO_PERSON_TYPES = frozenset({"GPE", "LOC", "FAC", "NORP"})


@lru_cache(maxsize=4096)
def is_first_name(word: str) -> bool:
    """Is the word a first name in the name table, whatever its gender ("Jordan", "Jake")?"""
    return name_genders().get_gender(word.capitalize()) != "unknown"


def first_name_gender(name: str, table: dict[str, str] = SURE_GENDERS) -> str | None:
    """m/f from a person's first name, only when the name table is sure ("Terry" is not), or
    with ``LIKELY_GENDERS`` when it leans one way ("Chris")."""
    parts = name.split()
    if len(parts) < 2:
        return None
    return table.get(table_gender(parts[0]))


# The table's country whose usage news in English follows: "Jan" (Brewer) is mostly female there,
# male in the table's overall verdict (Dutch, German, Polish usage).
NAME_COUNTRY = "usa"
NOT_IN_COUNTRY = ("andy", "unknown")  # the table's answer for a name the country does not list


def table_gender(first_name: str) -> str:
    """The name table's verdict on a first name: as used in ``NAME_COUNTRY`` when it lists the
    name, else over all countries ("Volker", "Recep")."""
    table = name_genders()
    usage = table.get_gender(first_name, NAME_COUNTRY)
    return table.get_gender(first_name) if usage in NOT_IN_COUNTRY else usage


@lru_cache(maxsize=1)
def default_description_rules() -> DescriptionRules:
    """The shipped description classes, for callers without a component that loaded its own
    (``Mentions`` built by hand, a pipeline saved before the classes were saved with it); read on
    first use."""
    return DescriptionRules.load()


@lru_cache(maxsize=1)
def default_coref_words() -> CorefWords:
    """The shipped coreference words, for callers without a component that loaded its own
    (``Mentions`` built by hand, a pipeline saved before the words were saved with it); read on
    first use."""
    return CorefWords.load()


class Mentions:
    """The article's mentions of entities in text order (names, then the pronouns and
    descriptions resolved so far), with each person's gender where known."""

    def __init__(
        self,
        doc: Doc,
        entities: list[EntityDict],
        quotations: Sequence[tuple[int, int]] = (),
        lookback_sentences: int = LOOKBACK_SENTENCES,
        description_rules: DescriptionRules | None = None,
        words: CorefWords | None = None,
        source_starts: frozenset[int] = frozenset(),
    ):
        self.doc = doc
        self.words = words or default_coref_words()
        self.source_starts = source_starts  # where the attributions' sources start
        self.lookback_sentences = lookback_sentences  # how far back an antecedent may be
        self.text = doc.text  # rebuilt from the tokens on every access: read once
        self.quotations = quotations
        self.entity_list = entities
        self.entities = {e["id"]: e for e in entities}
        same_person = _surname_entities(entities)
        self.spans = sorted(
            (m["start"], m["end"], same_person.get(e["id"], e["id"]))
            for e in entities
            for m in e["mentions"]
            if m.get("kind", "name") == "name"
        )
        self.spans = sorted(self.spans + _unrecognised_surnames(doc, entities, self.spans))
        self.names = list(self.spans)  # the names alone, without the pronouns and descriptions added
        self.sent_start_chars = [s.start_char for s in doc.sents]
        self._adjective_only: dict[str, bool] = {}
        self._surnames: set[str] | None = None
        evidence = self._pronoun_evidence()
        self.gender = {
            e["id"]: self._gender(e, evidence.get(e["id"])) for e in entities if self.person_like(e)
        }
        self.descriptions = Descriptions(doc, self, description_rules or default_description_rules())
        self.salience = Salience(self)
        self.interview = Interview.find(self)  # a Q&A: who "I" and "you" are in its turns

    def person_like(self, entity: EntityDict) -> bool:
        """PERSON, or a name that starts with a known first name, or a surname the article gives
        a first name once ("Colorado’s Kendal Unruh, a delegate … “…,” said Unruh"): NER often
        calls people ORG."""
        return (
            entity["type"] == "PERSON"
            or first_name_gender(entity["name"]) is not None
            or (entity["type"] not in NO_PERSON_TYPES and entity["name"] in self._first_named_surnames())
        )

    def _first_named_surnames(self) -> set[str]:
        """Capitalised words that follow a first name of known gender somewhere in the article
        ("Kendal Unruh"), read once."""
        if self._surnames is None:
            self._surnames = {
                token.text
                for token in self.doc[1:]
                if token.is_title
                and token.nbor(-1).is_title
                and first_name_gender(f"{token.nbor(-1).text} {token.text}", GENDER_LEANINGS) is not None
            }
        return self._surnames

    def _gender(self, entity: EntityDict, evidence: collections.Counter | None) -> str | None:
        """Honorific first ("Mrs. Clinton"), then a first name the name table is sure of, then
        the article's own pronouns."""
        text = self.text
        for m in entity["mentions"]:
            before = text[max(m["start"] - 6, 0) : m["start"]].split()
            gender = self.words.honorifics.get(before[-1].lower()) if before else None
            if gender:
                return gender
        for name in [entity["name"], *entity.get("aliases", []), *(m["text"] for m in entity["mentions"])]:
            gender = first_name_gender(name)
            if gender:
                return gender
        if evidence:
            (top, n), *rest = evidence.most_common()
            if not rest or n >= 2 * rest[0][1]:
                return top
        return first_name_gender(entity["name"], LIKELY_GENDERS)

    def _pronoun_evidence(self) -> dict[str, collections.Counter]:
        """Gendered pronouns of the article's own voice (outside quotations) around a sentence that
        names exactly one person outside quotations: the first one after the name in that sentence
        ("Sanders may have his best chance upstate"), and the first subject pronoun of the next
        sentence when that names nobody ("Strada … . She continued"; "“…,” said Sanders. “…,” he
        said")."""
        sentences = list(self.doc.sents)
        counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        named: dict[int, set[str]] = collections.defaultdict(set)
        subject_names: dict[int, list[Token]] = collections.defaultdict(list)
        for start, end, eid in self.spans:
            if self.entities[eid]["type"] == "PERSON" and not self.quoted(start):
                k = self.sentence(start)
                named[k].add(eid)
                name = self.doc.char_span(start, end, alignment_mode="expand")
                if name is not None and name.root.dep_ in SUBJECT_DEPS:
                    subject_names[k].append(name.root)
        for k, people in named.items():
            if len(people) != 1:
                continue
            (eid,) = people
            nearby = [t for name in subject_names[k] for t in _in_clause_of(name)]
            if k + 1 < len(sentences) and not named.get(k + 1):
                nearby += [t for t in sentences[k + 1] if t.dep_ in SUBJECT_DEPS]
            for gender in self._narrative_genders(nearby)[:1]:
                counts[eid][gender] += 1
        return counts

    def _narrative_genders(self, tokens: list[Token]) -> list[str]:
        """m/f of each gendered pronoun among the tokens, outside quotations."""
        pronouns = self.words.pronouns
        genders = [pronouns.get(t.lower_) for t in tokens if not self.quoted(t.idx)]
        return [g for g in genders if g in ("m", "f")]

    def adjective_only(self, entity: EntityDict) -> bool:
        """A nationality, religion or party named only as an adjective ("Russian", "Roman Catholic",
        "Democratic"): no group "they" can stand for."""
        if entity["type"] != "NORP":
            return False
        if entity["id"] not in self._adjective_only:
            names = [
                self.doc.char_span(m["start"], m["end"], alignment_mode="expand") for m in entity["mentions"]
            ]
            self._adjective_only[entity["id"]] = not any(
                n is not None and n.root.tag_ in PLURAL_TAGS for n in names
            )
        return self._adjective_only[entity["id"]]

    def sentence(self, char: int) -> int:
        """The index of the sentence holding the token that starts at (or holds) the character;
        by character offset, since salience asks it for every mention of every pronoun."""
        return max(bisect.bisect_right(self.sent_start_chars, char) - 1, 0)

    def at(self, start: int, end: int) -> str | None:
        """The entity with a mention overlapping [start, end), preferring the longest."""
        return _longest_at(self.spans, start, end)

    def name_at(self, start: int, end: int) -> str | None:
        """The entity with a name overlapping [start, end): "Federal Election Commission" in "a
        Huffington Post review of Federal Election Commission filings", resolved before."""
        return _longest_at(self.names, start, end)

    def before(self, char: int) -> list[tuple[int, int, str]]:
        return [m for m in self.spans if m[1] <= char]

    def quoted(self, char: int) -> bool:
        """Inside a quotation: what someone said, not who is speaking."""
        return any(s <= char < e for s, e in self.quotations)

    def add(self, start: int, end: int, eid: str) -> None:
        """A resolved pronoun or description: later pronouns can chain through it."""
        bisect.insort(self.spans, (start, end, eid))

    def named(self, name: str) -> str | None:
        """The entity whose name or an alias is the given one (case and a leading "the" aside)."""
        key = name.casefold().removeprefix("the ")
        for eid, entity in self.entities.items():
            names = [entity["name"], *entity.get("aliases", [])]
            if key in (n.casefold().removeprefix("the ") for n in names):
                return eid
        return None

    def derived(self, name: str, owner: str | None) -> str:
        """The entity of a body derived from its owner ("Trump campaign" from "his campaign"):
        the article's own entity of that name if there is one, else a new ORG entity that records
        its owner (None: a name NER missed), appended to the document's entities."""
        named = self.named(name)
        if named:
            return named
        eid = f"E{max((int(e[1:]) for e in self.entities if e[1:].isdigit()), default=0) + 1}"
        entity: EntityDict = {
            "id": eid,
            "name": name,
            "type": "ORG",
            "titles": [],
            "aliases": [],
            "mentions": [],
            "owner": owner,
        }
        self.entity_list.append(entity)
        self.entities[eid] = entity
        return eid


def _longest_at(spans: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    hits = [(e - s, eid) for s, e, eid in spans if s < end and start < e]
    return max(hits)[1] if hits else None


def _in_clause_of(subject: Token) -> list[Token]:
    """The tokens after a subject in its own clause, leaving out clauses about another noun
    ("Sanders may have his best chance …", not "… the nominee, who began his speech")."""
    verb = subject.head
    return [t for t in verb.subtree if t.i > subject.i and not _under_noun_clause(t, verb)]


def _under_noun_clause(token: Token, verb: Token) -> bool:
    """Is the token inside a relative or noun-modifying clause below ``verb``?"""
    while token.i != verb.i and token.head.i != token.i:  # spaCy makes a new Token per access
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


def _unrecognised_surnames(
    doc: Doc, entities: list[EntityDict], spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """A person's surname standing alone where NER saw no entity ("Dean, a medical doctor, then
    appeared …" beside PERSON "Howard Dean"), as a mention of that person; not a surname two
    people of the article share, nor one inside a longer name ("Dean Baker")."""
    holders = collections.defaultdict(set)
    for e in entities:
        if e["type"] == "PERSON" and len(e["name"].split()) > 1:
            holders[e["name"].split()[-1]].add(e["id"])
    covered = {i for start, end, _eid in spans for i in range(start, end)}
    return [
        (t.idx, t.idx + len(t), next(iter(holders[t.text])))
        for t in doc
        if t.tag_ == "NNP"
        and len(holders.get(t.text, ())) == 1
        and t.idx not in covered
        and not (t.i and doc[t.i - 1].tag_ == "NNP")
        and not (t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "NNP")
    ]


def _surname_entities(entities: list[EntityDict]) -> dict[str, str]:
    """Entities that are only a person's surname under another type ("Trump" tagged ORG next to
    PERSON "Donald Trump"), or a person's full name under another type next to the surname as
    PERSON ("Tashfeen Malik" ORG, "Malik" PERSON): their mentions are that person's."""
    people: dict[str, str] = {}
    surnamed: dict[str, str] = {}  # a person NER named by the surname alone ("Malik")
    for e in entities:
        if e["type"] == "PERSON" and len(e["name"].split()) > 1:
            people.setdefault(e["name"].split()[-1], e["id"])
        elif e["type"] == "PERSON":
            surnamed.setdefault(e["name"], e["id"])
    same = {e["id"]: people[e["name"]] for e in entities if e["type"] != "PERSON" and e["name"] in people}
    # "Tashfeen Malik" typed ORG beside PERSON "Malik": the full name is that person's.
    same |= {
        e["id"]: surnamed[e["name"].split()[-1]]
        for e in entities
        if e["type"] not in NO_PERSON_TYPES | {"PERSON"}
        and len(e["name"].split()) > 1
        and e["name"].split()[-1] in surnamed
    }
    return same


def resolve_speakers(
    doc: Doc,
    attributions: list[QuoteDict],
    quotations: Sequence[tuple[int, int]] = (),
    lookback_sentences: int = LOOKBACK_SENTENCES,
    description_rules: DescriptionRules | None = None,
    words: CorefWords | None = None,
) -> None:
    """Fill each attribution's ``speaker`` (in text order, so earlier speakers inform later
    pronouns) and add resolved pronoun/description mentions to ``doc._.entities``."""
    entities = doc._.entities or []
    sources = frozenset(a["source"][0]["start"] for a in attributions if a["source"])
    mentions = Mentions(doc, entities, quotations, lookback_sentences, description_rules, words, sources)
    last_speaker = None
    narrative_pronouns = iter(_narrative_subject_pronouns(doc, attributions, mentions))
    pending = next(narrative_pronouns, None)
    for attribution in sorted(
        attributions, key=lambda a: a["source"][0]["start"] if a["source"] else a["content"][0]["start"]
    ):
        if not attribution["source"]:
            continue
        source = attribution["source"][0]
        while pending is not None and pending.idx < source["start"]:
            _follow_topic(pending, mentions, last_speaker)
            pending = next(narrative_pronouns, None)
        tokens = doc.char_span(source["start"], source["end"], alignment_mode="expand")
        if tokens is None or not len(tokens):
            continue
        entity_id, kind = resolve(tokens, mentions, last_speaker)
        if entity_id:
            mentions.descriptions.speakers.add(entity_id)
            entity = mentions.entities[entity_id]
            attribution["speaker"] = {"entity_id": entity_id, "name": entity["name"]}
            if kind in MENTION_KINDS:
                _add_mention(entity, source, kind)
            # The writer's "I" is no one a later "he" can stand for: it leaves salience alone.
            third_person = tokens.text.lower() not in AUTHOR_PRONOUNS
            if kind != "name" and third_person:  # for salience, "Trump's statement" puts Trump forward too
                mentions.add(source["start"], source["end"], entity_id)
            if kind == "description":
                mentions.descriptions.remember(tokens, entity_id)
            if not _nested(source, attributions) and third_person:
                last_speaker = (entity_id, source["start"])
        elif kind in ("description", POSSESSION):  # an unresolved pronoun names nobody: no speaker
            attribution["speaker"] = {"entity_id": None, "name": tokens.text}
    _first_person_in_quotes(attributions, mentions.words.first_person)


def _narrative_subject_pronouns(doc: Doc, attributions: list[QuoteDict], mentions: Mentions) -> list[Token]:
    """ "He" and "she" as subjects of the article's own sentences (outside quotations) that are no
    attribution's source: the thread of who the story is about between two quotes."""
    sources = {a["source"][0]["start"] for a in attributions if a["source"]}
    pronouns = mentions.words.pronouns
    return [
        t
        for t in doc
        if t.dep_ in SUBJECT_DEPS
        and pronouns.get(t.lower_) in ("m", "f")
        and t.idx not in sources
        and not mentions.quoted(t.idx)
    ]


def _follow_topic(pronoun: Token, mentions: Mentions, last_speaker: tuple[str, int] | None) -> None:
    """Resolve a narrative subject pronoun for salience only: "Trump has record low support. He
    recently pitched himself …. “Look …,” he said": the second "he" follows the first."""
    entity_id = _pronoun_antecedent(pronoun, mentions.words.pronouns[pronoun.lower_], mentions, last_speaker)
    if entity_id:
        mentions.add(pronoun.idx, pronoun.idx + len(pronoun), entity_id)


def _nested(source: SpanDict, attributions: list[QuoteDict]) -> bool:
    """Is the source inside what another attribution reports ("Mathur said Ivanka Trump's
    statement didn't clarify"), so that it is not who goes on speaking?"""
    return any(
        c["start"] <= source["start"] and source["end"] <= c["end"]
        for a in attributions
        for c in a["content"]
    )


def _first_person_in_quotes(attributions: list[QuoteDict], first_person: frozenset[str]) -> None:
    """“I warned him,” Gates said: a first-person source inside another attribution's content
    is that attribution's speaker (a nested quotation)."""
    for inner in attributions:
        source = inner["source"][0] if inner["source"] else None
        if inner["speaker"] or source is None or source["text"].lower() not in first_person:
            continue
        outer = next(
            (
                a["speaker"]
                for a in attributions
                if a is not inner
                and a["speaker"]
                and a["speaker"]["entity_id"]
                and any(c["start"] <= source["start"] and source["end"] <= c["end"] for c in a["content"])
            ),
            None,
        )
        if outer is not None:
            inner["speaker"] = outer.copy()


def _add_mention(entity: EntityDict, span: SpanDict, kind: MentionKind) -> None:
    if not any(m["start"] == span["start"] and m["end"] == span["end"] for m in entity["mentions"]):
        entity["mentions"].append(shapes.mention(span, kind))
        entity["mentions"].sort(key=lambda m: m["start"])


def resolve(
    tokens: Span, mentions: Mentions, last_speaker: tuple[str, int] | None
) -> tuple[str | None, SourceKind]:
    """(entity id or None, mention kind) for a source span."""
    # The head names the source: "Biden, who … against Russia" is Biden, and "Russia's defense
    # ministry" is not Russia.
    root = tokens.root
    named = mentions.at(root.idx, root.idx + len(root))
    if named:
        # "some Democrats" is no one in particular: a description, not the group's name.
        return (
            (None, "description") if mentions.descriptions.part_of_group(tokens, named) else (named, "name")
        )
    if mentions.descriptions.unrecognized_name(tokens):
        return _name_entity(tokens, mentions), "name"
    word, words = tokens.text.lower(), mentions.words
    if tokens[0].lower_ in words.relatives:  # "who", or "who in 2010" when the source runs on
        return _relative_antecedent(tokens[0], mentions), "pronoun"
    if len(tokens) == 1 and word in words.pronouns:
        return _pronoun_antecedent(tokens[0], words.pronouns[word], mentions, last_speaker), "pronoun"
    if word in words.first_person:
        interviewee = mentions.interview.speaker(tokens[0]) if mentions.interview else None
        return interviewee or (_signer(tokens[0], mentions) if word in AUTHOR_PRONOUNS else None), "pronoun"
    possessor = mentions.descriptions.possessor(tokens)
    if possessor is not None:
        referent = _possessive_group(tokens, possessor, mentions, last_speaker)
        # "Trump's tweets" speak for Trump but are no mention of him; "his campaign" is one of the campaign.
        return referent, "description" if mentions.descriptions.body(tokens) else POSSESSION
    return _description_referent(tokens, mentions, last_speaker), "description"


def _name_entity(tokens: Span, mentions: Mentions) -> str:
    """The organisation a source names that NER missed ("The Advocate had chided Obama"), with
    the source as its mention, so that "the newspaper" can name it later. Its name drops the "the",
    as the names of entities do (identity matches "Advocate" and "the Advocate" alike)."""
    eid = mentions.derived(tokens[1:].text, None)
    span: SpanDict = {"start": tokens.start_char, "end": tokens.end_char, "text": tokens.text}
    _add_mention(mentions.entities[eid], span, "name")
    mentions.add(span["start"], span["end"], eid)
    return eid


def _signer(pronoun: Token, mentions: Mentions) -> str | None:
    """ "I" in the article's own voice (an op-ed, a letter to the editor) is the person who signs
    it: the first paragraph after it that is only a person's name ("Cathy Williams."), else the
    closing paragraph when it opens on a person as its subject ("Rep. Raul Grijalva, D-Ariz., was an
    early backer of Bernie Sanders."). Inside a quotation, "I" is the speaker: not resolved here."""
    if mentions.quoted(pronoun.idx):
        return None
    # The paragraphs after the pronoun's own.
    lines = re.finditer(r"[^\n]*\S[^\n]*", mentions.text)
    following = [(m.start(), m.end()) for m in lines if m.start() > pronoun.idx]
    signed = next(filter(None, (_signature(paragraph, mentions) for paragraph in following)), None)
    return signed or (_bio_subject(following[-1], mentions) if following else None)


def _people_in(paragraph: tuple[int, int], mentions: Mentions) -> list[tuple[int, int, str]]:
    """The mentions of people inside a paragraph, in text order."""
    start, end = paragraph
    return [
        m
        for m in mentions.spans
        if start <= m[0] and m[1] <= end and mentions.entities[m[2]]["type"] == "PERSON"
    ]


def _signature(paragraph: tuple[int, int], mentions: Mentions) -> str | None:
    """The person a paragraph consists of ("Cathy Williams.")."""
    people = _people_in(paragraph, mentions)
    words = mentions.text[paragraph[0] : paragraph[1]].strip().rstrip(".")
    return people[0][2] if people and words == mentions.text[people[0][0] : people[0][1]] else None


def _bio_subject(paragraph: tuple[int, int], mentions: Mentions) -> str | None:
    """The person a paragraph opens on as its subject ("Rep. Raul Grijalva, D-Ariz., was …")."""
    people = [m for m in _people_in(paragraph, mentions) if m[0] < paragraph[0] + BIO_NAME_REACH]
    if not people:
        return None
    name = mentions.doc.char_span(people[0][0], people[0][1], alignment_mode="expand")
    return people[0][2] if name is not None and name.root.dep_ in SUBJECT_DEPS else None


def _possessive_group(
    tokens: Span, possessor: Token, mentions: Mentions, last_speaker: tuple[str, int] | None
) -> str | None:
    """ "his campaign" -> the Trump campaign; "Trump's remarks" -> Trump; "his supporters", "her
    antagonists" -> nobody the article names."""
    descriptions = mentions.descriptions
    owner = _owner(possessor, mentions, last_speaker)
    # "the Pentagon's top adviser", "Trump's newly installed campaign chief": someone else than the owner.
    head = tokens.root.lemma_.lower()
    if head in descriptions.rules.person_nouns or head in mentions.words.role_nouns:
        return descriptions.named_next(tokens) or descriptions.described_next(tokens)
    if owner is None:
        return None
    body = descriptions.body(tokens)
    if body is None:  # what the owner says or writes: "Trump's official campaign account"
        return owner if descriptions.said_or_written(tokens) else None
    entity = mentions.entities[owner]
    if body == "party":
        party = descriptions.party_of(owner)
        return mentions.derived(party, owner) if party else None
    holder = entity["name"].split()[-1] if entity["type"] == "PERSON" else entity["name"]
    return mentions.derived(f"{holder} {body}", owner)


def _owner(possessor: Token, mentions: Mentions, last_speaker: tuple[str, int] | None) -> str | None:
    """Who a possessor is: a pronoun's antecedent, a name's entity, or what a description of its
    own names ("the bank" in "the bank's board")."""
    pronouns = mentions.words.pronouns
    if possessor.lower_ in pronouns:
        return _pronoun_antecedent(possessor, pronouns[possessor.lower_], mentions, last_speaker)
    named = mentions.at(possessor.idx, possessor.idx + len(possessor))
    if named or possessor.pos_ != "NOUN":
        return named
    phrase = possessor.doc[possessor.left_edge.i : possessor.i + 1]  # without the "'s"
    return _description_referent(phrase, mentions, last_speaker)


def _relative_antecedent(pronoun: Token, mentions: Mentions) -> str | None:
    """'Biden, who has sought …': the relative clause hangs on the noun it describes."""
    clause = pronoun.head
    noun = clause.head if clause.dep_ in ("relcl", "acl") else clause
    # "McConnell, now the Senate majority leader, who …": through the apposition to the name.
    for token in (noun, noun.head) if noun.dep_ == "appos" else (noun,):
        named = mentions.at(token.idx, token.idx + len(token))
        if named:
            return named
    # A misparsed clause: the name just before ", who".
    preceding = [m for m in mentions.before(pronoun.idx) if pronoun.idx - m[1] <= 3]
    return preceding[-1][2] if preceding else None


def _compatible(mentions: Mentions, entity: EntityDict, feature: str | None) -> bool:
    """Can a pronoun of this gender/number feature (None: a person, gender unknown) refer to it?"""
    if feature is None:
        return entity["id"] in mentions.gender
    if feature in ("m", "f"):
        return entity["id"] in mentions.gender and mentions.gender[entity["id"]] in (feature, None)
    if feature == "p":  # a people only by a plural noun: "Democrats", not "Russian" (military successes)
        return entity["type"] in mentions.words.group_types and not mentions.adjective_only(entity)
    # "it" is no nationality ("Islamic"), but can be an organisation NER took for a person.
    return (
        entity["type"] in mentions.words.thing_types and entity["type"] != "NORP"
    ) or mistyped_organisation(entity, mentions.gender.get(entity["id"]))


def _pronoun_antecedent(
    pronoun: Token, feature: str | None, mentions: Mentions, last_speaker: tuple[str, int] | None
) -> str | None:
    """The most salient compatible entity: recent, a clause subject, the last speaker."""
    if _unnamed_subject_before(pronoun, feature, mentions) or _unnamed_person_before(
        pronoun, feature, mentions
    ):
        return None

    def compatible(entity: EntityDict) -> bool:
        return _compatible(mentions, entity, feature)

    return mentions.salience.rank(pronoun, compatible, last_speaker)


def _unnamed_subject_before(pronoun: Token, feature: str | None, mentions: Mentions) -> bool:
    """Is the nearest fitting subject before a plural or neuter pronoun (in its sentence or the one
    before) something no entity stands for? Then the pronoun is that, and names nobody:
    "Hansen and his collaborators argue …; they add" (a coordination, or a plural noun that names no
    entity); "The inquiry found nothing new. So it focused on …" (a singular common noun)."""
    if feature not in ("p", "n"):
        return False
    if feature == "p" and _unnamed_object_of_main_clause(pronoun, mentions):
        return True
    doc = pronoun.doc
    first = doc[pronoun.sent.start - 1].sent.start if pronoun.sent.start else 0
    for tok in reversed(doc[first : pronoun.i]):
        if not tok.dep_.startswith("nsubj") or mentions.quoted(tok.idx):
            continue
        if feature == "p" and any(c.dep_ == "conj" for c in tok.children):
            return True
        # "A big chunk of voters … because they": a part of a plural is plural.
        partitive = feature == "p" and any(t.tag_ in PLURAL_TAGS for t in _head_and_of_object(tok)[1:])
        if tok.tag_ in (PLURAL_TAGS if feature == "p" else ("NN",)) or partitive:
            # "the members of the Security Council" are the council: a group with a name; "Democratic
            # superdelegates" and "many World Bank watchers" are not the party or the bank; "Mr.
            # Trump's children" are not Mr. Trump, but "Trump's campaign" (it) is a body of his.
            named = [
                t for t in _head_of_object_possessor(tok) if mentions.at(t.idx, t.idx + len(t)) is not None
            ]
            if any(feature == "n" or _names_fitting(t, feature, mentions) for t in named):
                return False
            phrase = [t for t in tok.subtree]
            noun_phrase = doc[phrase[0].i : phrase[-1].i + 1]
            return feature == "p" or not mentions.descriptions.organisation(noun_phrase)[1]
        if feature == "n" and tok.tag_ == "NNP":  # a name: the pronoun is resolved as usual
            return False
        if mentions.words.pronouns.get(tok.lower_) == feature:
            # "it … Among its findings", "They compare … In the end, they do not": the same referent.
            return _unnamed_subject_before(tok, feature, mentions)
    return False


def _names_fitting(token: Token, feature: str, mentions: Mentions) -> bool:
    """Is the token a mention of an entity the pronoun can stand for?"""
    named = mentions.at(token.idx, token.idx + len(token))
    return named is not None and _compatible(mentions, mentions.entities[named], feature)


def _unnamed_person_before(pronoun: Token, feature: str | None, mentions: Mentions) -> bool:
    """Is the nearest subject before "he" or "she" (in its sentence or the one before), or the
    person its phrase is of ("the home of a 26-year-old Berlin man was raided … after he had
    posted"), a man or woman no name of fitting gender stands for ("A 29-year-old Berlin woman
    received probation after she had posted")? Then the pronoun is that unnamed person: a wrong
    name is worse than none."""
    if feature not in ("m", "f"):
        return False
    doc = pronoun.doc
    for tok in reversed(doc[_previous_narrative_start(pronoun, mentions) : pronoun.i]):
        if not tok.dep_.startswith("nsubj") or mentions.quoted(tok.idx):
            continue
        if mentions.words.pronouns.get(tok.lower_) == feature:
            return _unnamed_person_before(tok, feature, mentions)
        for noun in _head_and_of_object(tok):
            if _names_fitting_person(noun, feature, mentions):
                return False
            if mentions.words.gendered_nouns.get(noun.lemma_.lower()) == feature or _first_name_of(
                noun, feature
            ):
                return True
    return False


def _first_name_of(noun: Token, feature: str) -> bool:
    """Does the name open on a first name of the pronoun's gender though no entity of that gender
    stands for it ("Ivanka Trump, 34, could be a bridge …. She has pushed back": her surname was
    taken for her father's)?"""
    names = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
    return bool(names) and SURE_GENDERS.get(table_gender(names[0].text)) == feature


def _previous_narrative_start(token: Token, mentions: Mentions) -> int:
    """The first token of the narrative sentence before the token's own, skipping sentences wholly
    inside a quotation (“Filth out!” she wrote: the sentence before is the woman's)."""
    sentence = token.sent
    while sentence.start:
        sentence = token.doc[sentence.start - 1].sent
        if not mentions.salience.quoted_sentence(sentence):
            break
    return sentence.start


def _names_fitting_person(noun: Token, feature: str, mentions: Mentions) -> bool:
    """Does a name of the pronoun's gender stand in the noun's phrase or in apposition to it?"""
    tokens = [*noun.subtree, *([noun.head] if noun.dep_ == "appos" else [])]
    return any(_names_fitting(t, feature, mentions) for t in tokens)


def _unnamed_object_of_main_clause(pronoun: Token, mentions: Mentions) -> bool:
    """Is "they" the subject of a clause that gives the reason or time of a main clause whose object
    is unnamed people ("That frustrates many analysts because they believe …")?"""
    clause = pronoun.head
    if clause.dep_ != "advcl":
        return False
    objects = [c for c in clause.head.children if c.dep_ == "dobj" and c.i < pronoun.i and c.tag_ == "NNS"]
    return any(
        all(mentions.at(t.idx, t.idx + len(t)) is None for t in _head_of_object_possessor(noun))
        for noun in objects
    )


def _head_and_of_object(noun: Token) -> list[Token]:
    """The noun and the object of its "of" ("the home of a Berlin man"); not its possessor ("His
    father's death … when he was 12" is about him, not the father)."""
    return [noun, *(c for p in noun.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj")]


def _head_of_object_possessor(noun: Token) -> list[Token]:
    """The noun, its possessor and the object of its "of" ("members of the council": members,
    council; "WikiLeaks's approach … It posts": the possessor is what the pronoun continues)."""
    return [*_head_and_of_object(noun), *(c for c in noun.children if c.dep_ == "poss")]


def _description_referent(
    tokens: Span, mentions: Mentions, last_speaker: tuple[str, int] | None = None
) -> str | None:
    """A description names an entity when a name stands in apposition to it, when it repeats an
    entity's title or an earlier resolved description, when it is a document with its author or a
    body the article shows to be of its kind (``descriptions``), or when it is a definite role
    noun for a person in the story; otherwise it stays a description."""
    root = tokens.root
    named = _apposed_name(tokens, mentions) or _copula_subject(root, mentions)
    if named:
        return named
    titled = _titled(tokens, mentions)
    if titled:
        return titled
    descriptions = mentions.descriptions
    document = descriptions.document(tokens)
    # "the paper" with no author inside is also an outlet's kind: then it is resolved as one.
    if document is not None:
        author = (
            _document_author(tokens, document, mentions, last_speaker)
            or descriptions.repeated_document(document)
            or _earlier_document_author(tokens, document, mentions, last_speaker)
        )
        if author or not descriptions.rules.classes_of(root.lemma_.lower()):
            return author or _reporting_body(tokens, mentions, last_speaker)
    repeated = descriptions.repeated(tokens)
    if repeated:
        return repeated
    is_body, body = descriptions.organisation(tokens)
    if is_body:
        return body or _campaign_of_salient_person(tokens, mentions)
    if descriptions.names_someone_else(tokens) or descriptions.introduced_anonymously(tokens):
        return None
    # "the president", "the 34-year-old mother of three": a definite role noun is used like a
    # pronoun for a person already in the story ("the aides", plural, are not one of them).
    if _definite_role(tokens, mentions.words) and root.tag_ not in PLURAL_TAGS:
        # Someone the article has called so ("Sen. Sanders": "the senator"), else the most salient
        # person when the article gives that person no other role (``known_otherwise``), unless
        # the description's party is not one the article gives that person.
        salient = _pronoun_antecedent(
            root, mentions.words.gendered_nouns.get(root.lemma_.lower()), mentions, None
        )
        if salient and descriptions.known_otherwise(tokens, salient, mentions.words.role_nouns):
            salient = None
        referent = descriptions.role_holder(tokens) or salient or descriptions.named_next(tokens)
        return None if referent is None or descriptions.contradicts(tokens, referent) else referent
    if root.lemma_.lower() in descriptions.rules.person_nouns:
        return descriptions.named_next(tokens) or descriptions.described_next(tokens)
    return None


def _apposed_name(tokens: Span, mentions: Mentions) -> str | None:
    """The name the description stands in apposition with ("Jill Stein, the Green Party
    candidate"), unless a plural stands beside a person ("Some observers, including … Zeynep
    Tufekci": a group shown by an example; "McGovern, D-S.D., thrilled primary voters": a misparse)
    or a body's kind beside a name of no such type ("flood-ravaged Louisiana, a Baton Rouge
    newspaper called on": a misparse)."""
    root = tokens.root
    plural = root.tag_ in PLURAL_TAGS
    for token in [root.head] * (root.dep_ == "appos") + [c for c in root.children if c.dep_ == "appos"]:
        named = mentions.at(token.idx, token.idx + len(token))
        if (
            named
            and not (plural and mentions.entities[named]["type"] == "PERSON")
            and mentions.descriptions.agrees(tokens, named)
        ):
            return named
    return None


def _copula_subject(root: Token, mentions: Mentions) -> str | None:
    """ "Weiner, who is just a sex-crazed man": the description is what the copula's subject (a
    name, or a relative pronoun's antecedent) is said to be."""
    if root.dep_ != "attr" or root.head.lemma_ != "be":
        return None
    subject = next((c for c in root.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    if subject.lower_ in mentions.words.relatives:
        return _relative_antecedent(subject, mentions)
    return mentions.at(subject.idx, subject.idx + len(subject))


def _document_author(
    tokens: Span,
    document: Token,
    mentions: Mentions,
    last_speaker: tuple[str, int] | None,
    max_rank: int | None = None,
) -> str | None:
    """The entity a document speaks for: the best-linked word of the span that names one (a
    name, a pronoun's antecedent, a possessive body: "figures her campaign released"), linked
    no worse than ``max_rank`` when given."""
    descriptions = mentions.descriptions
    for word in descriptions.author_candidates(tokens, document, max_rank):
        if word.pos_ == "PRON":
            phrase = word.doc[word.i : word.i + 1]
        else:
            named = mentions.name_at(word.idx, word.idx + len(word))
            phrase = word.doc[word.left_edge.i : word.i + 1]
            if not (named and descriptions.author_type(named)):  # NER split a name: "a USA TODAY analysis"
                named = mentions.named(phrase.text) or named
            if named or descriptions.possessor(phrase) is None:  # a date, a place: go on
                if named and descriptions.author_type(named):
                    return _joint_author(document, word, named, mentions)
                continue
        author, _kind = resolve(phrase, mentions, last_speaker)
        if author and descriptions.author_type(author):
            return author
    return None


def _joint_author(document: Token, word: Token, author: str, mentions: Mentions) -> str:
    """The joint author ("ABC News/Washington Post") when the author's name is one of the names
    joined before the document, else the author."""
    joint = mentions.descriptions.joint_authors(document)
    if joint is None or not joint.start <= word.i < joint.end:
        return author
    return mentions.derived(joint.text, author)


def _earlier_document_author(
    tokens: Span, document: Token, mentions: Mentions, last_speaker: tuple[str, int] | None
) -> str | None:
    """ "the poll" with no author of its own: the author of the nearest earlier document of its
    kind that names one surely (a modifier, "by", "from": "their editorial at Clinton" is no
    editorial of Clinton's)."""
    for earlier in mentions.descriptions.earlier_documents(tokens, document):
        phrase = earlier.doc[earlier.left_edge.i : earlier.right_edge.i + 1]
        author = _document_author(phrase, earlier, mentions, last_speaker, max_rank=SURE_AUTHOR_RANK)
        if author:
            return author
    return None


def _definite_role(tokens: Span, words: CorefWords) -> bool:
    """ "the senator": a definite article before a role noun."""
    return tokens[0].lower_ in words.definite and tokens.root.lemma_.lower() in words.role_nouns


def _reporting_body(tokens: Span, mentions: Mentions, last_speaker: tuple[str, int] | None) -> str | None:
    """ "The University of Michigan reported … the survey found": a definite document with no
    author inside is the one the organisation that spoke just before (this sentence or the last
    two) put out."""
    if tokens[0].lower_ not in mentions.words.definite or last_speaker is None:
        return None
    entity = mentions.entities[last_speaker[0]]
    recent = mentions.sentence(tokens.start_char) - mentions.sentence(last_speaker[1]) <= 2
    organisation = entity["type"] == "ORG" or mistyped_organisation(entity, mentions.gender.get(entity["id"]))
    return last_speaker[0] if recent and organisation else None


def _campaign_of_salient_person(tokens: Span, mentions: Mentions) -> str | None:
    """ "the campaign" when the article names no campaign: the campaign of the person the story
    is about at that point (the most salient person)."""
    if mentions.descriptions.body(tokens) != "campaign":
        return None
    owner = _pronoun_antecedent(tokens.root, None, mentions, None)
    if owner is None or mentions.entities[owner]["type"] != "PERSON":
        return None
    return mentions.derived(f"{mentions.entities[owner]['name'].split()[-1]} campaign", owner)


def _titled(tokens: Span, mentions: Mentions) -> str | None:
    """The entity whose title the description repeats ("the NATO Secretary General"): not one
    named inside it (that title is the name's own: "observers, including professor Zeynep
    Tufekci"), nor a person for a plural, nor one the article does not give the description's
    adjectives ("the former president" is not "President Obama")."""
    words = f" {' '.join(t.lower_ for t in tokens)} "
    inside = {
        eid for start, end, eid in mentions.spans if tokens.start_char <= start and end <= tokens.end_char
    }
    plural = tokens.root.tag_ in PLURAL_TAGS
    descriptions = mentions.descriptions
    titled = {
        eid
        for eid, entity in mentions.entities.items()
        if any(len(title) > 3 and f" {title.lower()} " in words for title in entity.get("titles", []))
        and eid not in inside
        and not (plural and entity["type"] == "PERSON")
        and descriptions.qualified(tokens, descriptions.said.get(eid, ()))
    }
    # Several entities can hold the title ("the president"): the one named last before it.
    named_before = [eid for _s, _e, eid in mentions.before(tokens.start_char) if eid in titled]
    return named_before[-1] if named_before else next(iter(sorted(titled)), None)


def confident_referent(
    tokens: Span, mentions: Mentions, last_speaker: tuple[str, int] | None = None, excluded: str | None = None
) -> str | None:
    """The entity a participant span stands for, only when the choice is clear, for uses where a
    wrong referent is worse than none (event actors and targets); ``excluded``: an entity it
    cannot be (the event's other participant: "Trump slammed him" is not Trump). A name, a
    relative pronoun and a description named by apposition or title are resolved as by
    ``resolve``; a personal pronoun ("he") or a definite role noun ("the senator") stands for
    the one entity of compatible gender and number named (outside quotations) in its sentence
    and the one before it, or, when none is named there, within the lookback, else for none;
    a role noun also needs that entity to hold the role ("Sen. Ted Cruz": "the senator"), since
    "he meets the mayor" often brings in someone new. A possessive phrase stands for its owner
    when it is what the owner says or writes ("Trump's tweets") or a body derived from the owner
    ("his campaign"), not when it is any other thing of the owner's ("her judgment")."""
    descriptions = mentions.descriptions
    if (
        descriptions.possessor(tokens) is not None
        and descriptions.body(tokens) is None
        and tokens.root.lemma_.lower() not in descriptions.rules.documents
    ):
        return None
    entity_id, kind = resolve(tokens, mentions, last_speaker)
    root, words = tokens.root, mentions.words
    feature: str | None
    if kind == "pronoun" and len(tokens) == 1 and root.lower_ in words.pronouns:
        feature = words.pronouns[root.lower_]
    elif kind == "description" and _definite_role(tokens, words):
        feature = words.gendered_nouns.get(root.lemma_.lower())
    else:
        return entity_id if entity_id != excluded else None
    here = mentions.sentence(tokens.start_char)
    distances: dict[str, int] = {}  # compatible entity -> sentences since its last mention
    for start, _end, eid in mentions.before(tokens.start_char):
        distance = here - mentions.sentence(start)
        if (
            eid != excluded
            and distance <= mentions.lookback_sentences
            and not mentions.quoted(start)
            and _compatible(mentions, mentions.entities[eid], feature)
        ):
            distances[eid] = min(distance, distances.get(eid, distance))
    candidates = {eid for eid, distance in distances.items() if distance <= 1} or set(distances)
    if len(candidates) != 1:
        return None
    (entity_id,) = candidates
    if kind == "description" and not _holds_role(mentions.entities[entity_id], root.lemma_.lower()):
        return None
    return entity_id


def _holds_role(entity: EntityDict, role: str) -> bool:
    """Whether one of the entity's titles names the role: "Sen." the senator, "Mayor" the mayor,
    "Republican presidential nominee" the nominee."""
    words = {w.strip(".").lower() for title in entity.get("titles", []) for w in title.split()}
    return names_role(words, role)
