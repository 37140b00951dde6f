"""Summary: a 3-5 sentence extract and a one-line 5W1H digest.

Method: lead-biased centrality. News is written as an inverted pyramid, so the lead sentence
states the story and is always kept; the other sentences are ranked by their centrality (mean
cosine similarity of their TF-IDF lemma vectors to every other sentence: how much of the
article they echo, as in LexRank's degree centrality) damped by their distance from the top,
and a sentence too similar to one already chosen is passed over. Everything comes from the Doc
we are given (lemmas, parse, the other components' extensions): no second model.

Candidates are the parser's sentences cut at line breaks; headlines (no final punctuation),
captions and credits (``data/summary_boilerplate.json``), fragments and quote-only sentences
(words all inside quotation marks, so the reader cannot tell who speaks) are never picked.

The digest takes who from the most mentioned people and organisations of the picked sentences,
what and when from the main event of the lead (else its first time expression), where from
that event's place and the places of the picked sentences, and the key figures from their
quantities.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.nlp import shapes
from newsgraph.nlp.util import line_sentences, require_extension

if not Doc.has_extension("summary"):
    Doc.set_extension("summary", default=None)

# The other components' output the digest reads.
REQUIRED = ("entities", "events", "times", "quantities")
BOILERPLATE_FILE = "summary_boilerplate.json"
DEFAULT_BOILERPLATE = Path(__file__).parent / "data" / BOILERPLATE_FILE

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
FINAL_PUNCT = (".", "!", "?", ".\u201d", "?\u201d", "!\u201d", '."', '?"', '!"', ".'", ".\u2019")
OPEN_QUOTES = '\u201c"\u2018'
# A closing mark: a curly one, or a straight one after a word or punctuation (not an apostrophe).
CLOSING_QUOTE = r"[\u201d\u2019](?!\w)|(?<=[\w,.!?])\"(?!\w)"
MIN_WORDS, MAX_WORDS = 6, 80
HEADLINE_MAX_TOKENS = 25
# Position prior 1 / (1 + rank) ** LEAD_DECAY: gentle enough that a central sentence from the
# middle still beats a peripheral one near the top.
LEAD_DECAY = 0.5
# A candidate this similar (cosine) to a picked sentence says the same thing again.
REDUNDANCY = 0.5
WHO_TYPES = ("PERSON", "ORG")
WHERE_TYPES = ("GPE", "LOC", "FAC")
MAX_WHO = MAX_WHERE = MAX_FIGURES = 3
# The key figures of news: amounts of money and percentages come before counts and durations.
KEY_FIGURE_KINDS = ("money", "percent")
MAX_COUNTED_GAP = 5  # "… million in new military aid": at most a preposition between them


def _candidates(doc: Doc, boilerplate: list[re.Pattern]) -> list[Span]:
    lines = line_sentences(doc)
    if len(lines) > 1 and len(lines[0]) == 1 and len(lines[0][0]) < HEADLINE_MAX_TOKENS:
        lines = lines[1:]  # a first paragraph of one short sentence is the headline
    text = doc.text  # built from the tokens on every access: once per document
    return [
        unit
        for line in lines
        if not _is_boilerplate(text[line[0].start_char : line[-1].end_char], boilerplate)
        for unit in line
        if _is_candidate(unit)
    ]


def _is_boilerplate(paragraph: str, boilerplate: list[re.Pattern]) -> bool:
    """Credits and captions: the whole paragraph goes, not just the sentence with the credit."""
    return any(p.search(paragraph) for p in boilerplate)


def _is_candidate(unit: Span) -> bool:
    words = sum(1 for t in unit if t.is_alpha)
    return (
        MIN_WORDS <= words <= MAX_WORDS
        and unit.text.endswith(FINAL_PUNCT)
        and any(t.pos_ in ("VERB", "AUX") for t in unit)
        and not _is_quote_only(unit.text)
        and not _starts_inside_quote(unit.text)
    )


def _is_quote_only(text: str) -> bool:
    """A quotation with no attribution in the sentence: it opens with a quotation mark and no
    words follow its last closing mark (or it never closes: the quote goes on)."""
    if text[0] not in OPEN_QUOTES:
        return False
    parts = re.split(CLOSING_QUOTE, text[1:])
    return len(parts) == 1 or len(re.findall(r"\w+", parts[-1])) < 2


def _starts_inside_quote(text: str) -> bool:
    """The tail of a quotation that began in an earlier sentence: "… friends," Gates said."""
    closing, opening = text.find("\u201d"), text.find("\u201c")
    return closing != -1 and (opening == -1 or closing < opening)


def _vectors(units: list[Span]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of content lemmas, IDF over the article's sentences."""
    counts = [
        Counter(t.lemma_.lower() for t in unit if t.pos_ in CONTENT_POS and not t.is_stop) for unit in units
    ]
    frequency = Counter(lemma for count in counts for lemma in count)
    vectors = []
    for count in counts:
        vector = {lemma: n * (1 + math.log(len(units) / frequency[lemma])) for lemma, n in count.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({lemma: v / norm for lemma, v in vector.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(lemma, 0.0) for lemma, v in a.items())


def summary_size(n_candidates: int) -> int:
    """3 sentences for a short article, 4 for a medium one, 5 for a long one."""
    return 3 if n_candidates <= 15 else 4 if n_candidates <= 30 else 5


def pick_sentences(
    doc: Doc, boilerplate: list[re.Pattern], lead_decay: float = LEAD_DECAY, redundancy: float = REDUNDANCY
) -> list[Span]:
    candidates = _candidates(doc, boilerplate)
    if not candidates:
        return []
    vectors = _vectors(candidates)
    n = len(candidates)
    # Mean cosine to every sentence = dot product with the mean vector (all are unit length).
    total: dict[str, float] = defaultdict(float)
    for vector in vectors:
        for lemma, weight in vector.items():
            total[lemma] += weight
    centrality = [_cosine(v, total) / n for v in vectors]
    score = [c / (1 + rank) ** lead_decay for rank, c in enumerate(centrality)]
    picked = [0]  # the lead
    for rank in sorted(range(1, n), key=lambda r: -score[r]):
        if len(picked) == summary_size(n):
            break
        if all(_cosine(vectors[rank], vectors[p]) < redundancy for p in picked):
            picked.append(rank)
    return [candidates[rank] for rank in sorted(picked)]


def _inside(item: dict, spans: list[Span]) -> bool:
    return any(s.start_char <= item["start"] < s.end_char for s in spans)


def _ranked_names(doc: Doc, spans: list[Span], types: tuple[str, ...]) -> list[str]:
    """Entities of these types mentioned in the spans, most mentioned in the article first."""
    entities = [
        e
        for e in require_extension(doc, "entities", "newsgraph_summary")
        if e["type"] in types and any(_inside(m, spans) for m in e["mentions"])
    ]
    entities.sort(key=lambda e: -len(e["mentions"]))
    return [e["name"] for e in entities]


def _participant_name(participant: dict | None) -> str | None:
    return participant["name"] if participant else None


def _main_event(doc: Doc, lead: Span) -> dict | None:
    """The first event of the lead that is not a statement: what the story is about."""
    in_lead = [
        e for e in require_extension(doc, "events", "newsgraph_summary") if _inside(e["trigger"], [lead])
    ]
    return next((e for e in in_lead if e["cameo"] != "01"), in_lead[0] if in_lead else None)


def _what(event: dict | None, lead: Span) -> str:
    if event is None:
        return lead.text
    words = [_participant_name(event["actor"]), event["trigger"]["text"], _participant_name(event["target"])]
    return " ".join(w for w in words if w)


def _when(doc: Doc, event: dict | None, lead: Span) -> str | None:
    times = require_extension(doc, "times", "newsgraph_summary")
    if event is not None and event["time"] is not None:
        time = times[event["time"]]
    else:
        time = next((t for t in times if _inside(t, [lead]) and t["type"] in ("date", "time", "range")), None)
    if time is None:
        return doc._.times_reference["date"]
    return time.get("value") or time["text"]


def _figures(doc: Doc, spans: list[Span]) -> list[str]:
    """Money and percentages anywhere in the article, then the other amounts of the summary."""
    quantities = require_extension(doc, "quantities", "newsgraph_summary")
    key = [q for q in quantities if q["kind"] in KEY_FIGURE_KINDS]
    others = [q for q in quantities if q["kind"] not in KEY_FIGURE_KINDS and _inside(q, spans)]
    text = doc.text
    return [_figure(text, q) for q in (key + others)[:MAX_FIGURES]]


def _figure(text: str, quantity: dict) -> str:
    """The amount with what it counts when that follows it: "$325 million in new military aid"."""
    counted = quantity.get("counted")
    if counted and 0 <= counted["start"] - quantity["end"] <= MAX_COUNTED_GAP:
        return text[quantity["start"] : counted["end"]]
    return quantity["text"]


def digest(doc: Doc, sentences: list[Span]) -> shapes.DigestDict:
    lead = sentences[0]
    event = _main_event(doc, lead)
    where = [event["place"]["name"]] if event and event["place"] else []
    where += [name for name in _ranked_names(doc, sentences, WHERE_TYPES) if name not in where]
    return {
        "who": _ranked_names(doc, sentences, WHO_TYPES)[:MAX_WHO],
        "what": _what(event, lead),
        "when": _when(doc, event, lead),
        "where": where[:MAX_WHERE],
        "figures": _figures(doc, sentences),
    }


def summarize(
    doc: Doc, boilerplate: list[re.Pattern], lead_decay: float = LEAD_DECAY, redundancy: float = REDUNDANCY
) -> shapes.SummaryDict:
    sentences = pick_sentences(doc, boilerplate, lead_decay, redundancy)
    return shapes.summary(
        [shapes.span_of(s) for s in sentences], digest(doc, sentences) if sentences else None
    )


@Language.factory(
    "newsgraph_summary",
    assigns=["doc._.summary"],
    # Also doc._.events, filled by the events component (checked when the summary runs).
    requires=[
        "doc.sents",
        "token.lemma",
        "doc._.entities",
        "doc._.times",
        "doc._.quantities",
        "doc._.events",
    ],
    default_config={"lead_decay": LEAD_DECAY, "redundancy": REDUNDANCY},
)
def make_summary(nlp: Language, name: str, lead_decay: float, redundancy: float) -> Summarizer:
    return Summarizer(lead_decay, redundancy)


class Summarizer:
    """The spaCy component. Its boilerplate patterns are read when it is made and saved with the
    pipeline (``to_disk``/``from_disk``)."""

    def __init__(
        self,
        lead_decay: float = LEAD_DECAY,
        redundancy: float = REDUNDANCY,
        boilerplate_file: Path = DEFAULT_BOILERPLATE,
    ):
        self.lead_decay, self.redundancy = lead_decay, redundancy
        self._read(boilerplate_file)

    def _read(self, path: Path) -> None:
        self.rules = json.loads(path.read_text(encoding="utf-8"))
        self.boilerplate = [re.compile(p, re.IGNORECASE) for p in self.rules["patterns"]]

    def __call__(self, doc: Doc) -> Doc:
        for name in REQUIRED:  # whether or not this article has sentences to summarise
            require_extension(doc, name, "newsgraph_summary")
        doc._.summary = summarize(doc, self.boilerplate, self.lead_decay, self.redundancy)
        return doc

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / BOILERPLATE_FILE).write_text(json.dumps(self.rules, indent=2), encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> Summarizer:
        self._read(Path(path) / BOILERPLATE_FILE)
        return self
