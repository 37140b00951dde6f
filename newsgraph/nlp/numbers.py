"""Numbers written in digits or words ("325", "1,200", "1.5", "seven", "twenty-five", "a dozen"),
shared by the times and quantities components. The words live in data/number_words.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsgraph.nlp.util import alternation

_DATA = json.loads((Path(__file__).parent / "data" / "number_words.json").read_text())
WORD_VALUES: dict[str, float] = _DATA["units"]
SCALES: dict[str, int] = _DATA["scales"]
# Counts with no value: "a few weeks" is a duration of unknown length (PXW).
VAGUE_COUNTS: list[str] = _DATA["vague_counts"]
# "half a million", "a quarter of a billion": a fraction of the scale word that follows.
FRACTION_LEADS: dict[str, float] = _DATA["fraction_leads"]
# Scales that are words ("million"); the one- and two-letter ones ("m", "bn") only follow digits.
SCALE_WORDS = [w for w in SCALES if len(w) > 3]


_SIMPLE_WORDS = [w for w in WORD_VALUES if " " not in w and w not in ("a", "an", "half")]
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# "twenty-five", "seven", "a dozen"; "two hundred" is a word followed by a scale word.
WORD_NUMBER = rf"(?:{alternation(_SIMPLE_WORDS)})(?:-(?:{alternation(_SIMPLE_WORDS)}))?"
# "a dozen", "a couple of", and "a million": the article counts as one only before a scale word.
PHRASE_NUMBER = (rf"(?:{alternation(FRACTION_LEADS)}|an?)(?= (?:{alternation(SCALE_WORDS)})\b)|" +
                 alternation([w for w in WORD_VALUES if " " in w]))
# A number with optional scale words: "1.5 billion", "two hundred thousand", "a dozen", "7".
# Scale words may be glued to digits, as some papers write them ("$846.8million").
NUMBER = (rf"(?:(?:{DIGITS})(?:[ -]?(?:{alternation(SCALE_WORDS)})\b)*|"
          rf"(?:{PHRASE_NUMBER}|{WORD_NUMBER})(?:[ -](?:{alternation(SCALE_WORDS)}))*)")
_NUMBER_RE = re.compile(rf"^(?:{NUMBER})$", re.IGNORECASE)
_TOKEN_RE = re.compile(r"[ -]+")


def parse_number(text: str) -> float | None:
    """The value of a number phrase matched by ``NUMBER`` (or "a"/"an"), None if it is not one."""
    phrase = re.sub(r"(\d)-?([a-z])", r"\1 \2", text.strip().lower())  # "400-million", "2million"
    if phrase in WORD_VALUES:
        return float(WORD_VALUES[phrase])
    if not _NUMBER_RE.match(phrase):
        return None
    for lead, fraction in FRACTION_LEADS.items():
        if phrase.startswith(lead + " "):
            return _apply_scales(fraction, phrase[len(lead) + 1:])
    for lead in sorted((w for w in WORD_VALUES if " " in w), key=len, reverse=True):
        if phrase.startswith(lead + " "):
            return _apply_scales(float(WORD_VALUES[lead]), phrase[len(lead) + 1:])
    head, _, rest = phrase.partition(" ")
    if re.match(DIGITS, head) and not re.match(r"\d+-", head):
        return _apply_scales(float(head.replace(",", "")), rest)
    return _words_value(_TOKEN_RE.split(phrase))


def _apply_scales(value: float, scale_words: str) -> float | None:
    for word in scale_words.replace("-", " ").split():
        if word not in SCALES:
            return None
        value *= SCALES[word]
    return value


def _words_value(words: list[str]) -> float | None:
    """'two hundred thirty-five thousand' → 235000: sum small numbers, multiply by scales."""
    total, current = 0.0, 0.0
    for word in words:
        if word in ("and", ""):
            continue
        if word in WORD_VALUES:
            current += WORD_VALUES[word]
        elif word in SCALES:
            current = (current or 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return total + current
