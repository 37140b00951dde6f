"""Language identification: py3langid (offline, deterministic, model shipped in the package),
with a check on English function words so that short English texts are not misread."""

from __future__ import annotations

import functools
import re
from pathlib import Path

FUNCTION_WORDS_FILE = Path(__file__).parent / "data" / "english_function_words.txt"
SAMPLE_CHARS = 5000
# Below this many characters the character n-gram model is unreliable ("Biden met Stoltenberg on
# Tuesday." comes out Dutch at p=0.19), and English function words decide when they are frequent
# enough, unless the model is sure of another language and all but rules English out.
SHORT_TEXT_CHARS = 400
SHORT_TEXT_MIN_SHARE = 0.2
SURE_PROBABILITY = 0.5
ENGLISH_RULED_OUT = 0.05
# On longer texts the model is trusted unless it is unsure and the text is full of English words.
UNSURE_PROBABILITY = 0.9
LONG_TEXT_MIN_SHARE = 0.3
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _load_function_words() -> frozenset[str]:
    lines = FUNCTION_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


FUNCTION_WORDS = _load_function_words()


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of ``text``."""
    sample = text[:SAMPLE_CHARS]
    ranking = _identifier().rank(sample)
    language, probability = ranking[0]
    if language == "en":
        return "en"
    share = english_word_share(sample)
    english_probability = dict(ranking).get("en", 0.0)
    if (
        len(sample.strip()) < SHORT_TEXT_CHARS
        and share >= SHORT_TEXT_MIN_SHARE
        and (probability < SURE_PROBABILITY or english_probability >= ENGLISH_RULED_OUT)
    ):
        return "en"
    if probability < UNSURE_PROBABILITY and share >= LONG_TEXT_MIN_SHARE:
        return "en"
    return language


def english_word_share(text: str) -> float:
    """Share of the words of ``text`` that are English function words (0 for no words)."""
    words = WORD.findall(text.lower())
    return sum(w in FUNCTION_WORDS for w in words) / len(words) if words else 0.0
