"""Attribution: who said what. Fills ``doc._.attributions`` with record.Quote-shaped dicts.

Two CRFs trained on PolNeAR (``training/train_attribution.py``) work from the parse we are given:

1. a cue tagger labels cue tokens (said, told, according to, warned…) sentence by sentence; a
   token is a cue when its marginal probability reaches a threshold tuned on held-out train;
2. for every cue, a role tagger labels the words of the nearby sentences of its paragraph as
   source or content, with features relative to the cue (which branch of the cue's parse a word
   sits in, whether it is inside the quotation next to the cue, distance, sentence offset…);
   content that starts or ends inside a quotation takes the whole quotation.
3. quotation rules then do what the taggers cannot see: a quotation that opens a sentence with
   no cue of its own continues the quote just before it (same paragraph, or the next paragraph),
   "“…” ― Jane Doe" is signed by the dash, and a quotation standing alone with no speaker in the
   article (a headline) is a direct quote with a null source, never an invented one.

Speakers are resolved to entities of the record by ``newsgraph.nlp.coref``.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import shutil
from importlib import resources
from pathlib import Path

import pycrfsuite
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.acts import act_of
from newsgraph.nlp import coref, shapes
from newsgraph.nlp.descriptions import DESCRIPTION_NOUNS, DescriptionRules
from newsgraph.nlp.shapes import QuoteDict, QuoteKind, SpanDict

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)

DATA = resources.files("newsgraph.nlp") / "data"
CUE_MODEL = "attribution_cue.crfsuite"
ROLE_MODEL = "attribution_roles.crfsuite"
CUE_LEXICON = "attribution_cues.tsv"
TRANSCRIPT_LABELS = "transcript_labels.json"
COREF_WORDS = coref.COREF_WORDS  # pronouns, honorifics and role nouns of speaker resolution
OPEN_QUOTES, CLOSE_QUOTES, TOGGLE_QUOTES = "\u201c", "\u201d", '"'
QUOTE_MARKS = OPEN_QUOTES + CLOSE_QUOTES + TOGGLE_QUOTES
SENTENCE_ENDS = ".!?:\n" + CLOSE_QUOTES + TOGGLE_QUOTES
# "…” ― Jane Doe": a dash then a short name up to the end of the line, on the quotation's line or
# the next paragraph ("…”\n\n- Bernie Sanders."; a hyphen only when a capital follows).
SIGNATURE_RE = re.compile(
    r"(?:[ \t\u00a0]*\n){0,2}[ \t\u00a0]*([\u2015\u2014\u2013]|--|-(?=[ \t\u00a0]*[A-Z]))"
    r"[ \t\u00a0]*([^\n\u201c\"]{2,60}?)[ \t\u00a0.]*(?:\n|$)"
)
# "PENCE: Well, look, …" or “JAKE TAPPER: …”: a paragraph opening with a speaker label in capitals.
TRANSCRIPT_TURN_RE = re.compile(
    r"[\"\u201c]?([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]*){0,3}):[ \t]+(?=\S)"
)
# A headline giving the floor: "Gates on Tillerson and Russia: ‘Being friendly…’", "Obama on
# hacking: I warned Putin" (a name of capitalised words, "on", a short topic, a colon).
HEADLINE_SPEAKER_RE = re.compile(
    r"((?:[A-Z][\w.'\u2019-]*\s){0,3}[A-Z][\w.'\u2019-]*) on ([^:\n]{2,60}?):[ \t]+(?=\S)"
)
# Labelled paragraphs make a transcript only when there are several (one is a headline or a note).
TRANSCRIPT_MIN_TURNS = 2
# A cue this close after a quotation (“…,” Trump said) belongs to it.
OWN_CUE_REACH = 30
# How many sentences either side of the cue's sentence (within its paragraph) the role tagger sees.
ROLE_WINDOW = 3
# Relations of a cue to a governing clause that holds its source ("…, saying", "…, adding").
GOVERNED_CUE_DEPS = ("advcl", "xcomp", "conj", "pcomp", "acl", "relcl")
# Dependency relations whose presence under a verb makes it look like a speech/belief verb.
# Dependents of a cue verb that PolNeAR counts in the cue when they stand right before it.
CUE_PREFIX_DEPS = ("aux", "auxpass", "neg", "advmod")
# Active subjects name the speaker (a passive subject is what was said or done; "there" is nobody).
SUBJECT_DEPS = ("nsubj",)
SUBJECT_SKIP = frozenset({"there"})
# “…,” which aired on NBC: a relative pronoun's clause describes the quotation, it does not cite it.
RELATIVE_TAGS = ("WDT", "WP", "WP$")
# “…,” said Jane Doe, a spokeswoman: the speaker after an inverted cue runs to the first of these.
INVERTED_SOURCE_STOPS = frozenset({",", ".", ";", ":", "!", "?", "(", "\u2014", "\u2013"})
INVERTED_SOURCE_MAX_WORDS = 8
# Parts of speech that can name a speaker.
NAME_POS = ("PROPN", "NOUN", "PRON")
# The clause after a quotation that attributes it ends the sentence, its source can be long:
# “…,” state Senate leader Phil Berger and House Speaker Tim Moore, both Republicans, said Tuesday.
TRAILING_CLAUSE_MAX_WORDS = 20
# The relations of a cue verb to what was said, by preference: its clause ("told a crowd
# that …"), else its object ("denied the report").
CONTENT_DEPS = ("ccomp", "dobj")
# How many clauses up a participial cue looks for its subject.
MAX_GOVERNING = 2
CUE_CHILD_DEPS = ("nsubj", "ccomp", "dobj", "xcomp", "prep", "agent", "nsubjpass", "parataxis")


def load_lexicon(path: str | Path) -> frozenset[str]:
    """Lemmas that PolNeAR train annotates as cues often enough (written by the training
    script: lemma, times a cue, times seen, rate)."""
    with open(path, encoding="utf-8") as f:
        return frozenset(line.split("\t")[0] for line in f.read().splitlines()[1:] if line.strip())


# ------------------------------------------------------------------ document layout
class Layout:
    """Per-document facts every feature needs: paragraphs, sentences, quotation regions."""

    def __init__(self, doc: Doc):
        self.doc = doc
        # Doc.text rebuilds the string from every token on each access: read it once.
        self.text = text = doc.text
        self.para_starts = [0] + [
            i + 1 for i, ch in enumerate(text) if ch == "\n" and i + 1 < len(text) and text[i + 1] != "\n"
        ]
        self.sents = [s for s in doc.sents if not s.text.isspace()]
        self.sent_of = {}
        for k, sent in enumerate(self.sents):
            for tok in sent:
                self.sent_of[tok.i] = k
        self.quotes = quotation_spans(text)
        self.quote_starts = [s for s, _ in self.quotes]
        # Every feature reads words by token index, hundreds of times per token: once per doc.
        self.word = [_word(tok) for tok in doc]
        self.starts_sentence = [tok.is_sent_start for tok in doc] + [True]
        self._word_features: dict[int, list[str]] = {}

    def word_features(self, tok: Token) -> list[str]:
        """The role tagger's features of a word that do not depend on the cue: computed once per
        word, though the word sits in the windows of several cues."""
        cached = self._word_features.get(tok.i)
        if cached is None:
            cached = [
                f"w={self.word[tok.i]}",
                f"p={tok.pos_}",
                f"d={tok.dep_}",
                f"e={tok.ent_type_}",
                f"q={self.quote_at(tok.idx) is not None}",
                f"qm={_quote_mark(tok)}",
                f"d|hd={tok.dep_}|{tok.head.dep_}",
            ]
            if self.starts_sentence[tok.i] or self.starts_sentence[tok.i + 1]:
                cached.append("sent_edge")
            if tok.i > 0:
                cached.append(f"-1:w={self.word[tok.i - 1]}")
            if tok.i + 1 < len(self.doc):
                cached.append(f"+1:w={self.word[tok.i + 1]}")
            self._word_features[tok.i] = cached
        return cached

    def para(self, char: int) -> int:
        return bisect.bisect_right(self.para_starts, char) - 1

    def quote_at(self, char: int) -> tuple[int, int] | None:
        """The quotation region (marks included) that contains ``char``, if any."""
        k = bisect.bisect_right(self.quote_starts, char) - 1
        if k >= 0 and self.quotes[k][0] <= char < self.quotes[k][1]:
            return self.quotes[k]
        return None

    def words(self, tokens) -> list[Token]:
        return [t for t in tokens if not t.is_space]


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Top-level quotations, marks included. Curly quotes pair up with nesting; a straight
    quote, or a doubled apostrophe ('' as some wire copy writes quotes), toggles; a quotation
    still open at a line end stops there (news style reopens it in the next paragraph)."""
    spans, start, depth = [], None, 0
    i = 0
    while i < len(text):
        ch = text[i]
        toggle = 2 if text.startswith("''", i) else int(ch == TOGGLE_QUOTES)
        if ch == "\n" and start is not None:
            spans.append((start, i))
            start, depth = None, 0
        elif ch == OPEN_QUOTES or (toggle and start is None):
            start = i if start is None else start
            depth += 1
        elif (ch == CLOSE_QUOTES or toggle) and start is not None:
            depth -= 1
            if depth <= 0 or toggle:
                spans.append((start, i + max(toggle, 1)))
                start, depth = None, 0
        i += max(toggle, 1)
    if start is not None:
        spans.append((start, len(text)))
    return [s for s in spans if s[1] - s[0] > 2]


# ------------------------------------------------------------------ features
def _word(tok: Token) -> str:
    return tok.lower_ if len(tok.lower_) < 20 else tok.shape_


def _quote_mark(tok: Token) -> str:
    if tok.text in OPEN_QUOTES or (tok.text == TOGGLE_QUOTES and tok.whitespace_ == ""):
        return "open"
    if tok.text in QUOTE_MARKS or tok.text == "''":
        return "close"
    return ""


def cue_features(layout: Layout, sent: list[Token], lexicon: frozenset[str]) -> list[list[str]]:
    """Token features for the cue tagger over one sentence."""
    base = []
    for tok in sent:
        child_deps = {c.dep_ for c in tok.children}
        lemma, in_lexicon = tok.lemma_.lower(), tok.lemma_.lower() in lexicon
        # The head's lexicon membership carries a cue's edges: "has said", "did not say",
        # "according to", "told reporters".
        head_in_lexicon = tok.head.i != tok.i and tok.head.lemma_.lower() in lexicon
        feats = [
            f"w={layout.word[tok.i]}",
            f"l={lemma}",
            f"p={tok.pos_}",
            f"t={tok.tag_}",
            f"d={tok.dep_}",
            f"hl={tok.head.lemma_.lower()}",
            f"hp={tok.head.pos_}",
            f"lex={in_lexicon}",
            f"q={layout.quote_at(tok.idx) is not None}",
            f"hlex|d={head_in_lexicon}|{tok.dep_}",
            f"l|d={lemma}|{tok.dep_}",
            f"hlex|side={head_in_lexicon}|{tok.i < tok.head.i}",
        ]
        if in_lexicon:
            feats += [f"l|c={lemma}|{dep}" for dep in CUE_CHILD_DEPS if dep in child_deps]
        feats += [f"c={dep}" for dep in CUE_CHILD_DEPS if dep in child_deps]
        if any(c.text in QUOTE_MARKS for c in tok.children):
            feats.append("c=quote")
        base.append(feats)
    out = []
    for k, feats in enumerate(base):
        row = list(feats)
        for off in (-2, -1, 1, 2):
            j = k + off
            if 0 <= j < len(sent):
                row += [f"{off}:w={layout.word[sent[j].i]}", f"{off}:p={sent[j].pos_}"]
            else:
                row.append(f"{off}:edge")
        row.append(
            f"lw|nw={layout.word[sent[k].i]}|{layout.word[sent[k + 1].i] if k + 1 < len(sent) else '<e>'}"
        )
        out.append(row)
    return out


def with_auxiliaries(words: list[Token], start: int, end: int) -> list[Token]:
    """A cue with the auxiliaries, negation and adverbs of its verb that stand right before it
    ("has said", "did not say", "also warned"), which PolNeAR train includes nearly always."""
    head = cue_head(words[start:end])
    while start > 0 and words[start - 1].head.i == head.i and words[start - 1].dep_ in CUE_PREFIX_DEPS:
        start -= 1
    return words[start:end]


def cue_head(tokens: list[Token]) -> Token:
    """The token of a cue whose syntactic head lies outside the cue."""
    ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[0])


def _branch(tok: Token, head: Token, same_sentence: bool) -> str:
    """Where ``tok`` sits relative to the cue head in the parse."""
    if tok.i == head.i:
        return "cue"
    if not same_sentence:
        return "xs"
    if head.is_ancestor(tok):
        node = tok
        while node.head.i != head.i:
            node = node.head
        return node.dep_
    if tok.is_ancestor(head):
        return "anc"
    return "other"


def _distance(n: int) -> str:
    return str(int(math.copysign(min(int(math.log2(abs(n))) + 1, 6), n))) if n else "0"


def role_window(layout: Layout, cue: list[Token], reach: int = ROLE_WINDOW) -> list[Token]:
    """The words the role tagger labels for a cue: the sentences of the cue's paragraph at most
    ``reach`` sentences from the cue's."""
    k = layout.sent_of[cue[0].i]
    para = layout.para(cue[0].idx)
    sents = [
        s
        for s in layout.sents[max(k - reach, 0) : k + reach + 1]
        if layout.para(s.start_char) == para or layout.para(s.end_char - 1) == para
    ]
    return [t for s in sents for t in s if not t.is_space]


def role_features(layout: Layout, cue: list[Token], window: list[Token]) -> list[list[str]]:
    """Token features for the role tagger: each word of the window relative to one cue."""
    head = cue_head(cue)
    cue_ids = {t.i for t in cue}
    cue_sent = layout.sent_of[head.i]
    cue_lemma = " ".join(t.lemma_.lower() for t in cue)
    adjacent_quote = _adjacent_quote(layout, cue)
    # "…, saying …": a participial or subordinate cue takes its source from the clause it hangs on.
    governor = head.head if head.dep_ in GOVERNED_CUE_DEPS else None
    branches = []
    for tok in window:
        sent_off = layout.sent_of[tok.i] - cue_sent
        branch = _branch(tok, head, sent_off == 0)
        if governor is not None and branch in ("anc", "other"):
            branch = "gov:" + _branch(tok, governor, sent_off == 0)
        branches.append(branch)
    out = []
    for k, tok in enumerate(window):
        sent_off = layout.sent_of[tok.i] - cue_sent
        branch = branches[k]
        rel = "in" if tok.i in cue_ids else ("before" if tok.i < cue[0].i else "after")
        quote = layout.quote_at(tok.idx)
        feats = layout.word_features(tok) + [
            f"rel={rel}",
            f"dist={_distance(tok.i - head.i)}",
            f"so={max(min(sent_off, 2), -2)}",
            f"br={branch}",
            f"br|cl={branch}|{cue_lemma}",
            f"br|rel={branch}|{rel}",
            f"cp={head.pos_}",
            f"cl={cue_lemma}",
            f"qa={quote is not None and quote == adjacent_quote}",
            f"hc={tok.head.i in cue_ids}",
            # Where the branch changes is where a source or content span starts or ends.
            f"br-1={branches[k - 1] if k else '<s>'}|{branch}",
            f"br+1={branch}|{branches[k + 1] if k + 1 < len(window) else '<e>'}",
        ]
        out.append(feats)
    return out


def _adjacent_quote(layout: Layout, cue: list[Token]) -> tuple[int, int] | None:
    """The quotation a cue introduces or closes: the nearest one within a few characters of the
    cue's clause, on either side, in the same paragraph."""
    para = layout.para(cue[0].idx)
    best, best_gap = None, 40
    for start, end in layout.quotes:
        if layout.para(start) != para and layout.para(end - 1) != para:
            continue
        gap = min(abs(cue[0].idx - end), abs(start - cue[-1].idx - len(cue[-1])))
        if gap < best_gap:
            best, best_gap = (start, end), gap
    return best


# ------------------------------------------------------------------ tagging
def bio_spans(labels: list[str], prefix: str = "") -> list[tuple[int, int]]:
    """[start, end) index runs of ``B-x``/``I-x`` labels (x = prefix, or any when empty)."""
    spans, start = [], None
    for i, lab in enumerate(labels + ["O"]):
        inside = lab != "O" and (not prefix or lab[2:] == prefix)
        if start is not None and (not inside or lab.startswith("B-")):
            spans.append((start, i))
            start = None
        if inside and start is None:
            start = i
    return spans


def _required(files: dict[str, str | None], name: str) -> str:
    """The path of a file the component cannot work without (``from_disk`` finds none when a
    saved pipeline lost it)."""
    path = files[name]
    if path is None:
        raise FileNotFoundError(f"the attribution component has no {name}")
    return path


class Attributor:
    """The spaCy component: cue tagging, role tagging, quotation rules, speaker resolution.

    Its files (the two CRFs, the cue lexicon, the transcript labels, the description classes, the
    coreference words) are read when it is made and saved with the pipeline by ``to_disk``;
    ``from_disk`` reads them back."""

    def __init__(
        self,
        cue_model: str,
        role_model: str | None,
        lexicon: str,
        cue_threshold: float = 0.5,
        role_window: int = ROLE_WINDOW,
        lookback_sentences: int = coref.LOOKBACK_SENTENCES,
        transcript_labels: str = str(DATA / TRANSCRIPT_LABELS),
        description_nouns: str = str(DATA / DESCRIPTION_NOUNS),
        coref_words: str = str(DATA / COREF_WORDS),
    ):
        self.cue_threshold = cue_threshold
        self.role_window = role_window
        self.lookback_sentences = lookback_sentences
        self._open(
            {
                CUE_MODEL: cue_model,
                ROLE_MODEL: role_model,
                CUE_LEXICON: lexicon,
                TRANSCRIPT_LABELS: transcript_labels,
                DESCRIPTION_NOUNS: description_nouns,
                COREF_WORDS: coref_words,
            }
        )

    def _open(self, files: dict[str, str | None]) -> None:
        self.files = files
        self.lexicon = load_lexicon(_required(files, CUE_LEXICON))
        self.cue_tagger = pycrfsuite.Tagger()
        self.cue_tagger.open(_required(files, CUE_MODEL))
        self.role_tagger = pycrfsuite.Tagger()
        if files[ROLE_MODEL]:  # training tunes the cue tagger alone
            self.role_tagger.open(files[ROLE_MODEL])
        labels = json.loads(Path(_required(files, TRANSCRIPT_LABELS)).read_text(encoding="utf-8"))
        self.not_speakers = frozenset(labels["not_speakers"])
        # A pipeline saved before the description classes existed has none: the shipped ones.
        nouns = files[DESCRIPTION_NOUNS]
        self.description_rules = (
            DescriptionRules.load(Path(nouns).read_text("utf-8"))
            if nouns
            else coref.default_description_rules()
        )
        words = files[COREF_WORDS]  # likewise the coreference words
        self.coref_words = (
            coref.CorefWords.load(Path(words).read_text("utf-8")) if words else coref.default_coref_words()
        )

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, source in self.files.items():
            if source:
                shutil.copyfile(source, path / name)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> Attributor:
        path = Path(path)
        self._open({name: str(path / name) if (path / name).exists() else None for name in self.files})
        return self

    def __call__(self, doc: Doc) -> Doc:
        layout = Layout(doc)
        attributions = [self._attribution(layout, cue) for cue in self.cues(layout)]
        for attribution in attributions:
            if not attribution["content"]:
                attribution["content"] = colon_content(layout, attribution["cue"][0]["end"])
                attribution["kind"] = quote_kind(attribution["content"])
        # Paraphrase with no one behind it ("is expected to", "the target goal:") is mostly a
        # false cue: on held-out train only 30% of such predictions matched a gold cue.
        attributions = [a for a in attributions if a["content"] and (a["source"] or a["kind"] != "indirect")]
        attributions += transcript_turns(layout, attributions, self.not_speakers)
        attributions += headline_speakers(layout, attributions)
        attributions += attach_quotations(layout, attributions)
        attributions.sort(key=lambda a: a["content"][0]["start"])
        coref.resolve_speakers(
            doc,
            attributions,
            layout.quotes,
            self.lookback_sentences,
            self.description_rules,
            self.coref_words,
        )
        assign_acts(doc, attributions)
        doc._.attributions = attributions
        return doc

    def cues(self, layout: Layout) -> list[list[Token]]:
        found = []
        for sent in layout.sents:
            words = layout.words(sent)
            if words:
                found += [
                    with_auxiliaries(words, s, e)
                    for s, e in self.cue_spans(cue_features(layout, words, self.lexicon))
                ]
        return found

    def cue_spans(self, features: list[list[str]]) -> list[tuple[int, int]]:
        """Cue token runs: a token is a cue when its marginal probability of being one reaches
        the threshold tuned on held-out train (recall matters more than Viterbi's 0.5-ish)."""
        tagger = self.cue_tagger
        tagger.set(features)
        labels = []
        for i in range(len(features)):
            begin, inside = tagger.marginal("B-CUE", i), tagger.marginal("I-CUE", i)
            if begin + inside < self.cue_threshold:
                labels.append("O")
            else:
                continuing = labels and labels[-1] != "O" and inside >= begin
                labels.append("I-CUE" if continuing else "B-CUE")
        return bio_spans(labels)

    def _attribution(self, layout: Layout, cue: list[Token]) -> QuoteDict:
        window = role_window(layout, cue, self.role_window)
        labels = self.role_tagger.tag(role_features(layout, cue, window))
        cue_ids = {t.i for t in cue}
        labels = ["O" if t.i in cue_ids else lab for t, lab in zip(window, labels, strict=True)]
        content = snap_to_quotations(layout, [_span(layout, window[s:e]) for s, e in bio_spans(labels, "C")])
        if not content and cue_head(cue).lemma_.lower() in self.lexicon:
            # A speech verb with no content from the tagger: its clausal complement, if any.
            clause = syntactic_content(cue)
            content = snap_to_quotations(layout, [_span(layout, clause)]) if clause else []
        sources = [_span(layout, window[s:e]) for s, e in bio_spans(labels, "S")]
        # One speaker per cue: of several source fragments, the one nearest the cue.
        source = sorted(
            sources, key=lambda x: min(abs(x["start"] - cue[-1].idx), abs(cue[0].idx - x["end"]))
        )[:1]
        speech_verb = cue_head(cue).lemma_.lower() in self.lexicon
        if not source and (speech_verb or quote_kind(content) == "direct"):
            # A speech verb, or any verb citing a quotation ("…,” mused X), with no source from
            # the tagger: the parse's subject, if any.
            subject = syntactic_source(cue)
            source = [_span(layout, subject)] if subject else []
        return shapes.quote(
            quote_kind(content),
            content,
            [_span(layout, cue)],
            [comma_convention(layout.text, relative_alone(layout, s)) for s in source],
        )


def assign_acts(doc: Doc, attributions: list[QuoteDict]) -> None:
    """Each attribution's act (speech, thought, intent, other: ``newsgraph.acts``) from its cue's
    lemmas, head first, once its kind is final (a quotation's unknown cue is speech)."""
    for attribution in attributions:
        lemmas = []
        for cue in attribution["cue"]:
            span = doc.char_span(cue["start"], cue["end"], alignment_mode="expand")
            if span is not None and len(span):
                lemmas += [span.root.lemma_, *(tok.lemma_ for tok in span)]
        attribution["act"] = act_of(lemmas, attribution["kind"])


def relative_alone(layout: Layout, source: SpanDict) -> SpanDict:
    """ "…, who fights with journalists, claims": a source opening on a relative pronoun is the
    pronoun alone, its clause being what it does (PolNeAR train: 567 of 578 such sources)."""
    first = layout.doc.char_span(source["start"], source["end"], alignment_mode="expand")
    if first is None or not len(first) or first[0].tag_ not in RELATIVE_TAGS or len(first) == 1:
        return source
    return _span(layout, [first[0]])


def comma_convention(text: str, source: SpanDict) -> SpanDict:
    """PolNeAR's commas around a source: a source with an apposition keeps the comma that closes
    it ("Jane Doe, a spokeswoman," said: 919 of 1025 in train), a plain one leaves it out
    ("Jane Doe, in a statement, said": 798 of 803)."""
    start, end = source["start"], source["end"]
    body_end = end - 1 if text[end - 1] == "," else end
    if "," in text[start:body_end]:
        end = body_end + 1 if text[body_end : body_end + 1] == "," else body_end
    else:
        end = body_end
    return shapes.span(text, start, end)


def syntactic_source(cue: list[Token]) -> list[Token] | None:
    """The subject noun phrase of a cue verb, or of the clause a participial cue hangs on
    ("…, saying", "…, arguing that"), as PolNeAR marks it: the whole phrase with its
    appositions and relative clauses, not its trailing punctuation."""
    for k, verb in enumerate(_governing_clauses(cue_head(cue))):
        # The participle's doer is the governing clause's subject, passive or not ("After
        # saying …, she was taken"); the cue's own passive subject is what was said.
        deps = SUBJECT_DEPS + ("nsubjpass",) * (k > 0)
        subject = next((c for c in verb.children if c.dep_ in deps), None)
        if subject is not None:
            if subject.lower_ in SUBJECT_SKIP:
                return None
            words = [t for t in subject.subtree if not t.is_space]
            while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
                words.pop()
            return words or None
    return inverted_source(cue)


def inverted_source(cue: list[Token]) -> list[Token] | None:
    """“…,” mused Blaze co-host Stu Burguiere. A cue verb right after a quotation with its
    speaker after it, which the parser often reads as an object: the words from the verb to the
    next comma or full stop, when they are few and name someone."""
    head = cue_head(cue)
    before = head.doc[cue[0].i - 1] if cue[0].i else None
    if before is None or _quote_mark(before) != "close":
        return None
    words = []
    for tok in head.doc[cue[-1].i + 1 : head.sent.end]:
        if tok.text in INVERTED_SOURCE_STOPS or tok.text in QUOTE_MARKS or tok.is_space:
            break
        words.append(tok)
    if not words or len(words) > INVERTED_SOURCE_MAX_WORDS or not any(t.pos_ in NAME_POS for t in words):
        return None
    return words


def syntactic_content(cue: list[Token]) -> list[Token] | None:
    """What a cue verb says was said: its clausal complement ("told a crowd that he was …"),
    else its object ("denied the report"), without trailing punctuation."""
    children = {c.dep_: c for c in reversed(list(cue_head(cue).children))}
    clause = next((children[dep] for dep in CONTENT_DEPS if dep in children), None)
    if clause is None:
        return None
    words = [t for t in clause.subtree if not t.is_space]
    while words and words[-1].is_punct and words[-1].text not in QUOTE_MARKS:
        words.pop()
    return words or None


def _governing_clauses(head: Token) -> list[Token]:
    """The cue head, then the clauses it hangs on ("…, saying"; "After saying …, she"): up
    the participial and subordinate links, through a preposition."""
    chain = [head]
    while len(chain) <= MAX_GOVERNING and chain[-1].dep_ in GOVERNED_CUE_DEPS + ("prep",):
        chain.append(chain[-1].head)
    return chain


def colon_content(layout: Layout, cue_end: int) -> list[SpanDict]:
    """'He said:' closing its paragraph introduces the next paragraph (the tagger sees one
    paragraph): its opening quotation, or the whole paragraph when it is not quoted."""
    text = layout.text
    # The colon may end the cue itself ("said:", as PolNeAR often marks it) or follow it.
    colon = cue_end - 1 if text[cue_end - 1] == ":" else len(text) - len(text[cue_end:].lstrip(" \t\u00a0"))
    line_end = text.find("\n", colon)
    if not text.startswith(":", colon) or text[colon + 1 : line_end].strip() or line_end < 0:
        return []
    para = layout.para(line_end) + 1
    if para >= len(layout.para_starts):
        return []
    start = layout.para_starts[para]
    while start < len(text) and text[start].isspace():
        start += 1
    quote = layout.quote_at(start)
    end = quote[1] if quote else (text.find("\n", start) % (len(text) + 1) or len(text))
    return [char_span(text, start, end)] if end > start else []


def snap_to_quotations(layout: Layout, content: list[SpanDict]) -> list[SpanDict]:
    """A content fragment that starts or ends inside a quotation takes the whole quotation:
    quoted words are reported as a unit, and the tagger's window can cut a long quote short."""
    text = layout.text
    snapped: list[SpanDict] = []
    for fragment in content:
        start, end = fragment["start"], fragment["end"]
        opening, closing = layout.quote_at(start), layout.quote_at(end - 1)
        start = opening[0] if opening else start
        end = closing[1] if closing else end
        if snapped and start <= snapped[-1]["end"]:
            start = snapped.pop()["start"]
        snapped.append(char_span(text, start, end))
    return snapped


def _span(layout: Layout, tokens: list[Token]) -> SpanDict:
    return shapes.span(layout.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))


def char_span(text: str, start: int, end: int) -> SpanDict:
    """A span dict with surrounding whitespace trimmed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return shapes.span(text, start, end)


def quote_kind(content: list[SpanDict]) -> QuoteKind:
    """direct: the content is one quotation; mixed: a quotation inside paraphrase; else indirect."""
    joined = " ".join(c["text"] for c in content).strip()
    if joined[:1] == "\u2018" and joined[-1:] == "\u2019":  # a headline's ‘whole quotation’
        return "direct"
    if not any(ch in joined for ch in QUOTE_MARKS):
        return "indirect"
    marks = OPEN_QUOTES + TOGGLE_QUOTES
    fragments_quoted = all(
        c["text"].lstrip()[:1] in marks or c["text"].rstrip()[-1:] in QUOTE_MARKS
        for c in content
        if c["text"].strip()
    )
    return "direct" if fragments_quoted and joined[:1] in marks else "mixed"


def transcript_turns(
    layout: Layout, attributions: list[QuoteDict], not_speakers: frozenset[str]
) -> list[QuoteDict]:
    """Turns of a transcript ("PENCE: Well, look, …" / "WALLACE: But, Governor, …"): each labelled
    paragraph is said by its label, the colon being the cue, the rest of the paragraph the
    content (verbatim: a direct quote). Paragraphs already attributed are left as they are."""
    text = layout.text
    labelled = [m for start in layout.para_starts if (m := TRANSCRIPT_TURN_RE.match(text, start))]
    if len(labelled) < TRANSCRIPT_MIN_TURNS:  # most articles: nothing more to read
        return []
    surnames = {e["name"].split()[-1].lower() for e in layout.doc._.entities or [] if e["type"] == "PERSON"}
    turns = []
    for match in labelled:
        if not _names_someone(match.group(1), surnames, not_speakers):
            continue
        line_end = text.find("\n", match.end())
        content = char_span(text, match.end(), len(text) if line_end < 0 else line_end)
        if len(content["text"].split()) < 2:
            continue
        turns.append(
            direct_quote(
                content,
                char_span(text, match.end(1), match.end(1) + 1),
                char_span(text, match.start(1), match.end(1)),
            )
        )
    if len(turns) < TRANSCRIPT_MIN_TURNS:
        return []
    taken = [(s["start"], s["end"]) for a in attributions for s in a["source"] + a["content"]]
    return [
        t
        for t in turns
        if not any(s < t["content"][0]["end"] and t["source"][0]["start"] < e for s, e in taken)
    ]


def _names_someone(label: str, surnames: set[str], not_speakers: frozenset[str]) -> bool:
    """Is a capitalised label a speaker's name: a person of the article ("PENCE" for Mike Pence)
    or a first name and more ("JAKE TAPPER")? Shop and section labels ("PUNCH FIRST:") are not."""
    words = label.lower().rstrip(".").split()
    if " ".join(words) in not_speakers:
        return False
    if words[-1] in surnames:
        return True
    return len(words) > 1 and coref.is_first_name(words[0])


def headline_speakers(layout: Layout, attributions: list[QuoteDict]) -> list[QuoteDict]:
    """A paragraph such as "Gates on Tillerson and Russia: ‘Being friendly doesn’t make you
    friends’" (a headline, a related-story line) is said by the name before "on": the colon is the
    cue, the rest of the line the content. A tagged attribution on that colon takes the name as
    its source (the tagger tends to pick the topic); otherwise a new one is returned."""
    text = layout.text
    new = []
    for start in layout.para_starts:
        match = HEADLINE_SPEAKER_RE.match(text, start)
        if match is None:
            continue
        colon = match.end(2)
        line_end = text.find("\n", colon) % (len(text) + 1) or len(text)
        source = char_span(text, match.start(1), match.end(1))
        tagged = next((a for a in attributions if a["cue"] and a["cue"][0]["start"] == colon), None)
        if tagged is not None:
            tagged["source"] = [source]
        else:
            content = [char_span(text, match.end(), line_end)]
            cue = char_span(text, colon, colon + 1)
            new.append(shapes.quote(quote_kind(content), content, [cue], [source]))
    return new


def attach_quotations(layout: Layout, attributions: list[QuoteDict]) -> list[QuoteDict]:
    """Quotations that open a sentence and no attribution covers. News style gives them a
    speaker in one of five ways: a dash signature after the quote ("…” ― Jane Doe"); a short
    clause closing the sentence (“…,” Jane Doe riffed), whatever its verb; a paragraph ending
    on a colon just before ("Caddell continued:"); none at all, continuing the quote just before
    (same paragraph, or a quote-only paragraph after it), which gets the quotation as one more
    content fragment; or, for a quotation standing alone as a paragraph or headline, no source
    in the article (source null, never invented).
    Returns the new attributions; quotations that belong to an existing attribution (a
    continuation, or a cue the tagger gave other content) are added to it in place."""
    text = layout.text
    covered = [(c["start"], c["end"]) for a in attributions for c in a["content"]]
    by_cue = {(a["cue"][0]["start"], a["cue"][0]["end"]): a for a in attributions if a["cue"]}
    new = []
    for start, end in layout.quotes:
        if any(s < end and start < e for s, e in covered) or not _opens_sentence(text, start):
            continue
        content = char_span(text, start, end)
        found = (
            signature(text, content)
            or trailing_attribution(layout, content)
            or colon_introduced(layout, content)
        )
        owner = by_cue.get((found["cue"][0]["start"], found["cue"][0]["end"])) if found else None
        owner = owner or (None if found else _quote_continued(layout, attributions, start, end))
        if owner is not None:
            owner["content"] = sorted(owner["content"] + [content], key=lambda c: c["start"])
            owner["kind"] = quote_kind(owner["content"])
        elif found:
            new.append(found)
        elif start == layout.para_starts[layout.para(start)] and len(content["text"].split()) >= 4:
            new.append(shapes.quote("direct", [content], [], []))
    return new


def colon_introduced(layout: Layout, content: SpanDict) -> QuoteDict | None:
    """'Caddell continued:' closing the paragraph before a quotation that opens its own: the
    verb of that last sentence is the cue and its subject the source, whatever the verb."""
    start = content["start"]
    para = layout.para(start)
    if para == 0 or layout.para_starts[para] != start:
        return None
    before = layout.text[: layout.para_starts[para]].rstrip()
    if not before.endswith(":"):
        return None
    sentence = layout.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    verb = sentence[0].sent.root if sentence is not None and len(sentence) else None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = syntactic_source([verb])
    if not subject:
        return None
    words = layout.words(verb.sent)
    cue = with_auxiliaries(words, words.index(verb), words.index(verb) + 1)
    return direct_quote(content, _span(layout, cue), comma_convention(layout.text, _span(layout, subject)))


def trailing_attribution(layout: Layout, content: SpanDict) -> QuoteDict | None:
    """“…,” Jane Doe riffed. / “…?” asked the senator. A quotation that ends on a comma, question
    or exclamation mark and is followed by a short clause closing its sentence is attributed by
    that clause, the cue being its main verb and the source its subject, whatever the verb (the
    cue tagger knows the common ones; this catches the rare ones it does not)."""
    text, end = layout.text, content["end"]
    if text[end - 2 : end - 1] not in (",", "?", "!") and text[end : end + 1] != ",":
        return None
    after = layout.doc.char_span(end, len(text), alignment_mode="expand")
    if after is None or not len(after):
        return None
    clause: list[Token] = []
    for tok in after:
        if tok.is_sent_start and clause or tok.is_space and "\n" in tok.text or tok.text in QUOTE_MARKS:
            break
        clause.append(tok)
    words = [t for t in clause if not t.is_punct and not t.is_space]
    verb = _governing_verb(words, content) if len(words) <= TRAILING_CLAUSE_MAX_WORDS else None
    source = _clause_speaker(words, verb) if verb is not None else None
    if verb is None or not source:
        return None
    cue = with_auxiliaries(words, words.index(verb), words.index(verb) + 1)
    return direct_quote(content, _span(layout, cue), comma_convention(text, _span(layout, source)))


def _governing_verb(words: list[Token], content: SpanDict) -> Token | None:
    """The verb that governs the sentence: its own head, or a word of the quotation (a misparse);
    a capitalised "verb" inside the sentence is a misread name ("Tulsa police Chief … said")."""
    return next(
        (
            t
            for t in words
            if t.pos_ == "VERB"
            and not (t.is_title and not t.is_sent_start)
            and (t.head.i == t.i or content["start"] <= t.head.idx < content["end"])
        ),
        None,
    )


def _clause_speaker(words: list[Token], verb: Token) -> list[Token] | None:
    """Who a trailing clause says spoke: the verb's subject; after an inverted verb, the words
    after it; else, when the parse linked no subject, the few words naming someone before it."""
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i >= words[0].i), None)
    if subject is not None:
        return (
            None
            if subject.tag_ in RELATIVE_TAGS
            else [t for t in subject.subtree if not t.is_space and t.i >= words[0].i]
        )
    before = [t for t in words if t.i < verb.i]
    if not before:
        return inverted_source([verb])
    names_someone = any(t.pos_ in NAME_POS for t in before)
    has_verb = any(t.pos_ in ("VERB", "AUX") and not t.is_title for t in before)
    return before if len(before) <= INVERTED_SOURCE_MAX_WORDS and names_someone and not has_verb else None


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\u00a0")
    return not before or before[-1] in SENTENCE_ENDS


def signature(text: str, content: SpanDict) -> QuoteDict | None:
    """'“…” ― Jane Doe': a dash and a short name closing the line (this one or the next
    paragraph's) sign the quotation."""
    match = SIGNATURE_RE.match(text, content["end"])
    if not match:
        return None
    cue = char_span(text, match.start(1), match.end(1))
    # "― Michelle Marks, Philadelphia": the name is the source, what follows its comma describes it.
    name_end = text.find(",", match.start(2), match.end(2))
    source = char_span(text, match.start(2), match.end(2) if name_end < 0 else name_end)
    return direct_quote(content, cue, source)


def direct_quote(content: SpanDict, cue: SpanDict, source: SpanDict) -> QuoteDict:
    """An attribution a quotation rule found: one quotation, one cue, one source."""
    return shapes.quote("direct", [content], [cue], [source])


def _quote_continued(layout: Layout, attributions: list[QuoteDict], start: int, end: int) -> QuoteDict | None:
    """The quoted attribution a cue-less quotation [start, end) continues: the last one before
    it, in the same or the previous paragraph, with no other cue in between nor right after it
    (“…,” Trump said: a cue of its own the tagger gave no content)."""
    before = [a for a in attributions if a["content"][-1]["end"] <= start]
    if not before:
        return None
    last = max(before, key=lambda a: a["content"][-1]["end"])
    other_cue = any(
        last["content"][-1]["end"] <= c["start"] < end + OWN_CUE_REACH
        and layout.para(c["start"]) == layout.para(end - 1)
        for a in attributions
        if a is not last
        for c in a["cue"]
    )
    near = layout.para(start) - layout.para(last["content"][-1]["start"]) <= 1
    return last if last["kind"] != "indirect" and near and not other_cue else None


@Language.factory(
    "newsgraph_attribution",
    assigns=["doc._.attributions"],
    requires=["doc.sents", "token.dep", "token.head", "token.lemma", "token.tag"],
    # cue_threshold: tuned by training/train_attribution.py; role_window: sentences either side
    # of a cue's the role tagger sees; lookback_sentences: how far back a pronoun finds its speaker.
    default_config={
        "cue_threshold": 0.5,
        "role_window": ROLE_WINDOW,
        "lookback_sentences": coref.LOOKBACK_SENTENCES,
    },
)
def make_attribution(
    nlp: Language, name: str, cue_threshold: float, role_window: int, lookback_sentences: int
) -> Attributor:
    coref.name_genders()  # the 40k-name table loads with the pipeline, not on the first doc
    return Attributor(
        str(DATA / CUE_MODEL),
        str(DATA / ROLE_MODEL),
        str(DATA / CUE_LEXICON),
        cue_threshold,
        role_window,
        lookback_sentences,
    )
