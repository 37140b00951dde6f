"""Numbers written in digits or words ("325", "1,200", "1.5", "seven", "twenty-five", "a dozen"),
shared by the times and quantities components. The words live in data/number_words.json; each
component reads them into a ``NumberWords`` of its own (and saves them with itself)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsgraph.nlp.util import alternation

NUMBER_WORDS_FILE = "number_words.json"
DEFAULT_NUMBER_WORDS = Path(__file__).parent / "data" / NUMBER_WORDS_FILE
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_TOKEN_RE = re.compile(r"[ -]+")


class NumberWords:
    """The number vocabulary, the pattern of a number phrase built from it (``pattern``) and the
    value of a matched phrase (``parse``)."""

    def __init__(self, data: dict):
        self.data = data
        self.word_values: dict[str, float] = data["units"]
        self.scales: dict[str, int] = data["scales"]
        # Counts with no value: "a few weeks" is a duration of unknown length (PXW).
        self.vague_counts: list[str] = data["vague_counts"]
        # "half a million", "a quarter of a billion": a fraction of the scale word that follows.
        self.fraction_leads: dict[str, float] = data["fraction_leads"]
        # Scales that are words ("million"); the one- and two-letter ones ("m", "bn") only follow digits.
        self.scale_words = [w for w in self.scales if len(w) > 3]
        self.pattern = self._pattern()
        self._number_re = re.compile(rf"^(?:{self.pattern})$", re.IGNORECASE)

    @classmethod
    def from_file(cls, path: Path = DEFAULT_NUMBER_WORDS) -> NumberWords:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def to_file(self, path: Path) -> None:
        path.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")

    def _pattern(self) -> str:
        """A number with optional scale words: "1.5 billion", "two hundred thousand", "a dozen",
        "7". Scale words may be glued to digits, as some papers write them ("$846.8million")."""
        simple = [w for w in self.word_values if " " not in w and w not in ("a", "an", "half")]
        scales = alternation(self.scale_words)
        # "twenty-five", "seven", "a dozen"; "two hundred" is a word followed by a scale word.
        word_number = rf"(?:{alternation(simple)})(?:-(?:{alternation(simple)}))?"
        # "a dozen", "a couple of", and "a million": the article counts as one only before a scale word.
        phrase_number = rf"(?:{alternation(self.fraction_leads)}|an?)(?= (?:{scales})\b)|" + alternation(
            [w for w in self.word_values if " " in w]
        )
        return (
            rf"(?:(?:{DIGITS})(?:[ -]?(?:{scales})\b)*|"
            rf"(?:{phrase_number}|{word_number})(?:[ -](?:{scales}))*)"
        )

    def parse(self, text: str) -> float | None:
        """The value of a number phrase matched by ``pattern`` (or "a"/"an"), None if it is not one."""
        phrase = re.sub(r"(\d)-?([a-z])", r"\1 \2", text.strip().lower())  # "400-million", "2million"
        if phrase in self.word_values:
            return float(self.word_values[phrase])
        if not self._number_re.match(phrase):
            return None
        for lead, fraction in self.fraction_leads.items():
            if phrase.startswith(lead + " "):
                return self._apply_scales(fraction, phrase[len(lead) + 1 :])
        for lead in sorted((w for w in self.word_values if " " in w), key=len, reverse=True):
            if phrase.startswith(lead + " "):
                return self._apply_scales(float(self.word_values[lead]), phrase[len(lead) + 1 :])
        head, _, rest = phrase.partition(" ")
        if re.match(DIGITS, head) and not re.match(r"\d+-", head):
            return self._apply_scales(float(head.replace(",", "")), rest)
        return self._words_value(_TOKEN_RE.split(phrase))

    def _apply_scales(self, value: float, scale_words: str) -> float | None:
        for word in scale_words.replace("-", " ").split():
            if word not in self.scales:
                return None
            value *= self.scales[word]
        return value

    def _words_value(self, words: list[str]) -> float | None:
        """'two hundred thirty-five thousand' → 235000: sum small numbers, multiply by scales."""
        total, current = 0.0, 0.0
        for word in words:
            if word in ("and", ""):
                continue
            if word in self.word_values:
                current += self.word_values[word]
            elif word in self.scales:
                current = (current or 1) * self.scales[word]
                if self.scales[word] >= 1000:
                    total, current = total + current, 0.0
            else:
                return None
        return total + current
