"""Quantities: money, percentages, counts and measures with normalised value, unit, bound,
other readings ("500 km (311 miles)") and what is counted ("$325 million in new military aid").

Detection is a regular expression over the text built from ``data/units.json`` (currencies,
units, bound phrases) and ``data/number_words.json``; a bare number ("seven", "31") is a count
only when the parse makes it modify a noun ("seven countries") or take a partitive "of"
("three of the victims"). Numbers inside dates, clock times and sets found by the times
component (or spaCy DATE/TIME entities when it did not run), inside names ("Air Force One"),
after labels ("Section 8"), years, ordinals and scores are not quantities. A range ("5-10
percent", "between $2 and $3 million") gives two quantities, the low end ``at_least`` and the
high end ``at_most``, both with the unit written once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.nlp import shapes
from newsgraph.nlp.numbers import NUMBER_WORDS_FILE, NumberWords
from newsgraph.nlp.shapes import QuantityDict, SpanDict
from newsgraph.nlp.util import alternation

if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=None)

UNITS_FILE = "units.json"
DEFAULT_RULES = Path(__file__).parent / "data"
# Scale letters glued to digits after a currency: "$2bn", "£3.4m".
SCALE_ABBREVIATIONS = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
PLACES_AND_TIMES = {"GPE", "LOC", "FAC", "DATE", "TIME"}
NAME_LABELS = {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "GPE", "LOC", "NORP"}
# Not quantities: the times component's dates, clock times, ranges and sets (durations are).
NOT_QUANTITY_TIME_TYPES = {"date", "time", "range", "set"}
_START = r"(?<![\w.,:/\-])"  # not inside a word, a decimal, a time, a fraction or a code
AGE_OR_DATE = re.compile(r"[ -]?(?:old|ago)\b")
PARENTHESIS_RE = re.compile(r"\s?\(\s?(?:about |some |roughly |around |nearly )?")


class QuantityRules:
    """Units, currencies and bound phrases (``units.json``) and the numbers (``number_words.json``),
    with the patterns built from them: what the component reads from its files and passes on."""

    def __init__(self, units: dict, numbers: NumberWords):
        self.data, self.numbers = units, numbers
        self.currency_symbols: dict[str, str] = units["currency_symbols"]
        self.units: dict[str, list] = units["units"]
        self.units_lower = {
            k.lower(): v for k, v in self.units.items() if k not in units["case_sensitive_units"]
        }
        self.bounds: dict[str, str] = units["bounds"]
        self.label_words = {w.rstrip(".") for w in units["label_words"]}
        self.count_exclusions = set(units["count_exclusions"])
        self.not_quantities = set(units["not_quantities"])
        self.years_in: dict[str, int] = units["years_in"]
        self.quantity_re = re.compile(
            rf"(?:(?P<bound>{alternation(self.bounds)})\s)?" + self._amount(""), re.IGNORECASE
        )
        self.range_re = re.compile(
            rf"(?:(?P<lead>between|from)\s)?{self._amount('1')}"
            rf"\s?(?P<sep>-|–|—|to|and)\s?{self._amount('', after_dash=True)}",
            re.IGNORECASE,
        )

    @classmethod
    def from_dir(cls, path: Path) -> QuantityRules:
        units = json.loads((path / UNITS_FILE).read_text(encoding="utf-8"))
        return cls(units, NumberWords.from_file(path / NUMBER_WORDS_FILE))

    def to_dir(self, path: Path) -> None:
        (path / UNITS_FILE).write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")
        self.numbers.to_file(path / NUMBER_WORDS_FILE)

    def _unit_pattern(self) -> str:
        sensitive = [u for u in self.units if u in self.data["case_sensitive_units"]]
        insensitive = [u for u in self.units if u not in sensitive]
        return rf"(?:(?-i:{alternation(sensitive)})|{alternation(insensitive)})(?![\w])"

    def _amount(self, n: str, after_dash: bool = False) -> str:
        """The amount pattern with its groups suffixed by ``n`` (the two ends of a range); the
        high end of a range may follow a dash."""
        currency = alternation(self.currency_symbols)
        pattern = (
            rf"(?:(?P<cur#>{currency})\s?)?{_START}(?P<num#>{self.numbers.pattern})"
            rf"(?:(?<=\d)(?P<abbr#>{alternation(SCALE_ABBREVIATIONS)})\b)?(?!\w|:\d|[.,]\d)"
            rf"(?:(?P<joiner#>[ -]?)(?P<unit#>{self._unit_pattern()}))?"
        ).replace("#", n)
        return pattern.replace(_START, r"(?<![\w.,:/])") if after_dash else pattern


# Reads doc._.times when the times component ran before it (spaCy's DATE/TIME entities otherwise).
@Language.factory(
    "newsgraph_quantities",
    assigns=["doc._.quantities"],
    requires=["doc.ents", "token.dep", "token.head", "token.tag"],
    default_config={},
)
def make_quantities(nlp: Language, name: str) -> QuantityTagger:
    return QuantityTagger()


class QuantityTagger:
    """The spaCy component. Its units and number words are read when it is made and saved with
    the pipeline (``to_disk``/``from_disk``)."""

    def __init__(self, rules_dir: Path = DEFAULT_RULES):
        self.rules = QuantityRules.from_dir(rules_dir)

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.rules.to_dir(path)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> QuantityTagger:
        self.rules = QuantityRules.from_dir(Path(path))
        return self

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # spaCy rebuilds it from the tokens at every access
        rules = self.rules
        blocked = _blocked_chars(doc)
        found = _ranges(text, blocked, rules)
        taken = {i for q in found for i in range(q["start"], q["end"])}
        for match in rules.quantity_re.finditer(text):
            if taken.intersection(range(*match.span("num"))):
                continue
            quantity = _single(doc, match, blocked, rules)
            if quantity:
                found.append(quantity)
        found.sort(key=lambda q: q["start"])
        found = _merge_alternatives(found, text)
        amounts = {i for q in found for i in range(q["start"], q["end"])}
        for quantity in found:
            counted = _counted(doc, quantity)
            if counted and not amounts.intersection(range(counted["start"], counted["end"])):
                quantity["counted"] = counted
        doc._.quantities = found
        return doc


def _blocked_chars(doc: Doc) -> set[int]:
    """Characters no quantity may start in: dates/times/sets and names."""
    if doc._.times is not None:
        spans = [(t["start"], t["end"]) for t in doc._.times if t["type"] in NOT_QUANTITY_TIME_TYPES]
    else:
        spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    spans += [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NAME_LABELS]
    return {i for start, end in spans for i in range(start, end)}


def _reading(match: re.Match, rules: QuantityRules, n: str = "") -> tuple[str, str | None, float] | None:
    """(kind, unit, value) of one amount of a match, or None when it is not a quantity."""
    value = rules.numbers.parse(match[f"num{n}"])
    if value is None:
        return None
    cur, abbr, unit = match[f"cur{n}"], match[f"abbr{n}"], match[f"unit{n}"]
    if abbr:
        if not cur:
            return None  # "5m" without a currency may be metres
        value *= SCALE_ABBREVIATIONS[abbr.lower()]
    if cur:
        units = rules.units
        factor = units[unit][2] if unit in units and units[unit][0] == "money" else 1
        return "money", rules.currency_symbols[cur.upper() if cur.isalpha() else cur], value * factor
    if unit:
        kind, code, factor = rules.units.get(unit) or rules.units_lower[unit.lower()]
        return kind, code, value * factor
    return "count", None, value


def _single(doc: Doc, match: re.Match, blocked: set[int], rules: QuantityRules) -> QuantityDict | None:
    start, end = match.span()
    num_start = match.start("num")
    if num_start in blocked or start in blocked or match[0].lower() in rules.not_quantities:
        return None
    reading = _reading(match, rules)
    if reading is None:
        return None
    kind, unit, value = reading
    if unit in rules.years_in and value != int(value):
        value, unit = value * rules.years_in[unit], "year"  # "half a century" is 50 years
    if kind == "count" and not _is_count(doc, match, value, rules):
        return None
    if kind == "duration" and (match["joiner"] == "-" or AGE_OR_DATE.match(match.string, end)):
        return None  # a modifier ("a four-year term") or an age; "two years ago" is a date
    bound = rules.bounds[match["bound"].lower()] if match["bound"] else "exact"
    return shapes.quantity(match.string, start, end, kind, value, unit, bound)


def _is_count(doc: Doc, match: re.Match, value: float, rules: QuantityRules) -> bool:
    """A bare number counts something when it modifies a noun or takes a partitive 'of'."""
    number = match["num"]
    if (number.lower() in rules.count_exclusions and not match["bound"]) or value < 1:
        return False  # "one" is mostly a pronoun; "at least one" is a count
    if re.fullmatch(r"1[6-9]\d\d|20\d\d", number):
        return False  # a year, whatever the parse says
    before = match.string[max(0, match.start() - 15) : match.start()].split()
    if before and before[-1].lower().rstrip(".") in rules.label_words:
        return False  # "No. 2", "Section 8"
    if re.match(r"\s?(?:[-–/]|-to-)\s?\d|['’]s\b| times\b", match.string[match.end() : match.end() + 6]):
        return False  # a score, a ratio, a code, a decade, a multiplier: "53-36", "2-to-1",
        # "9/11", "the 90's", "three times the rate"
    token = _last_token(doc, match.start("num"), match.end("num"))
    if token is None:
        return False
    return _counted_noun(token) is not None or _partitive(token) is not None


def _last_token(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span[-1] if span is not None and len(span) else None


def _counted_noun(token: Token) -> Token | None:
    """The noun a number modifies: 'seven countries', '7 million Americans'."""
    while token.dep_ in ("compound", "quantmod") and token.head.like_num:
        token = token.head
    # The small model sometimes calls a number word a compound or an adjective ("a dozen offices").
    if (
        token.dep_ in ("nummod", "compound", "amod")
        and token.head.pos_ in ("NOUN", "PROPN")
        and token.head.i > token.i
    ):
        return token.head
    return None


def _partitive(token: Token) -> Token | None:
    """'three of the victims' → victims."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects and objects[0].tag_ in ("NNS", "NNPS"):
                return objects[0]
    return None


def _ranges(text: str, blocked: set[int], rules: QuantityRules) -> list[QuantityDict]:
    found: list[QuantityDict] = []
    for match in rules.range_re.finditer(text):
        if match["sep"].lower() == "and" and (match["lead"] or "").lower() != "between":
            continue
        if blocked.intersection(range(*match.span())):
            continue
        high = _reading(match, rules)
        if high is None or high[0] == "count" or match["unit1"] and match["unit1"] != match["unit"]:
            continue
        low_value = rules.numbers.parse(match["num1"])
        if low_value is None:
            continue
        kind, unit, high_value = high
        low_value *= _shared_scale(match, high_value, rules.numbers)
        if low_value >= high_value:
            continue
        low_start = match.start("cur1") if match["cur1"] else match.start("num1")
        low_end = match.end("unit1") if match["unit1"] else match.end("num1")
        high_start = match.start("cur") if match["cur"] else match.start("num")
        found.append(shapes.quantity(text, low_start, low_end, kind, low_value, unit, "at_least"))
        found.append(shapes.quantity(text, high_start, match.end(), kind, high_value, unit, "at_most"))
    return found


def _shared_scale(match: re.Match, high_value: float, numbers: NumberWords) -> float:
    """'5 to 10 million', '$2 and $3 million': a low end written without a scale word takes
    the high end's scale (and unit factor)."""
    if len(re.split(r"[ -]", match["num1"].strip())) > 1:
        return 1.0
    leading = numbers.parse(re.split(r"[ -]", match["num"].strip())[0])
    return high_value / leading if leading else 1.0


def _merge_alternatives(found: list[QuantityDict], text: str) -> list[QuantityDict]:
    """'500 km (311 miles)': the bracketed quantity becomes a second reading of the first."""
    merged: list[QuantityDict] = []
    for quantity in found:
        prev = merged[-1] if merged else None
        if (
            prev
            and prev["kind"] == quantity["kind"]
            and prev["kind"] != "count"
            and PARENTHESIS_RE.fullmatch(text[prev["end"] : quantity["start"]])
            and text[quantity["end"] : quantity["end"] + 1] == ")"
        ):
            prev["alternatives"].append({"value": quantity["value"], "unit": quantity["unit"]})
            prev["end"] = quantity["end"] + 1
            prev["text"] = text[prev["start"] : prev["end"]]
            continue
        merged.append(quantity)
    return merged


# ---------------------------------------------------------------- what is counted

# Dependents that end the counted phrase: clauses, appositions, coordination, adverbs.
_PHRASE_STOPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep", "advmod", "npadvmod"}
_COUNTED_PREPOSITIONS = {"in", "of", "for", "to"}


def _counted(doc: Doc, quantity: QuantityDict) -> SpanDict | None:
    span = doc.char_span(quantity["start"], quantity["end"], alignment_mode="expand")
    if span is None:
        return None
    if quantity["kind"] == "count":
        noun = _counted_noun(span[-1]) or _partitive(span[-1])
    else:
        head = _amount_head(span)
        noun = _object_of(head, ("in", "of", "for")) or _modified_noun(head, span)
    if noun is None or noun.i in range(span.start, span.end):
        return None
    # A count names its things alone ("seven countries"); an amount keeps what it is for
    # ("aid to Ukraine").
    return _phrase(doc, noun, span, with_complements=quantity["kind"] != "count")


def _amount_head(span: Span) -> Token:
    head = span.root
    if head.dep_ == "pobj" and head.head.dep_ == "quantmod":
        return head.head.head
    return head


def _object_of(token: Token, prepositions) -> Token | None:
    """'$325 million in new military aid' → aid; '2 percent of their GDP' → GDP. Not a place
    or a time: '$8 in Rhode Island', '$5 million in 2015'."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in prepositions and prep.i > token.i:
            objects = [c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ not in PLACES_AND_TIMES]
            if objects:
                return objects[0]
    return None


def _modified_noun(head: Token, span: Span) -> Token | None:
    """'a $5 million ad buy' → buy; 'a range of 500 km' → range."""
    if (
        head.dep_ in ("compound", "nummod", "amod", "npadvmod")
        and head.head.pos_ == "NOUN"
        and head.head.i >= span.end
    ):
        return head.head
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
        return head.head.head
    return None


def _phrase(doc: Doc, noun: Token, amount: Span, with_complements: bool) -> SpanDict:
    """The noun with its modifiers and, if asked, one level of in/of/for/to complements,
    contiguous, never reaching into the amount itself."""
    tokens = {noun.i}
    for child in noun.children:
        if amount.start <= child.i < amount.end or amount[0] in child.subtree:
            continue  # "a range of 500 km": the complement holding the amount
        if child.dep_ == "prep":
            if with_complements and child.lower_ in _COUNTED_PREPOSITIONS and child.i > noun.i:
                tokens.update(
                    t.i
                    for t in child.subtree
                    if not any(a.dep_ in _PHRASE_STOPS - {"prep"} for a in _path(t, child))
                )
        elif child.dep_ not in _PHRASE_STOPS:
            tokens.update(t.i for t in child.subtree)
    tokens -= set(range(amount.start, amount.end))
    start = min(t for t in tokens if t >= amount.end) if noun.i >= amount.end else min(tokens)
    end = start
    while end + 1 in tokens:
        end += 1
    return shapes.span_of(doc[start : end + 1])


def _path(token: Token, top: Token) -> list[Token]:
    """Tokens from ``token`` up to (not including) ``top``."""
    path = []
    while token.i != top.i and token.head.i != token.i:
        path.append(token)
        token = token.head
    return path
