"""What an attribution reports, and whether it is a statement worth listing.

``act_of(lemmas, kind)`` classifies a cue as ``speech`` (said, told, wrote, tweeted, denied…),
``thought`` (believes, thinks, fears), ``intent`` (plans, seeks, tries) or ``other`` (shows,
supports, appears), by the rules and word lists of ``nlp/data/cue_acts.json``. The attribution
component calls it with spaCy's lemmas of the cue, head first; ``act_of_cue(text, kind)`` reads
a cue's text alone (records and stores written before acts existed).

``has_real_content(kind, content, attributed)`` says whether a quote belongs in the default
statement views: attributed, and its content more than a bare pronoun or a one-word topic.

This module is spaCy-free (the record and the store use it), so it lives outside ``nlp/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

Act = Literal["speech", "thought", "intent", "other"]
ACTS: tuple[Act, ...] = ("speech", "thought", "intent", "other")

_RULES = json.loads((Path(__file__).parent / "nlp" / "data" / "cue_acts.json").read_text(encoding="utf-8"))
_ACT_OF_LEMMA: dict[str, Act] = {
    lemma: act for act in ("speech", "thought", "intent") for lemma in _RULES[act]
}
_LIGHT = frozenset(_RULES["light"])
_NEGATIONS = frozenset(_RULES["negations"])
_FORMS: dict[str, str] = _RULES["forms"]
_MIN_WORDS: dict[str, int] = _RULES["content"]["min_words"]
_NOT_CONTENT = frozenset(_RULES["content"]["not_content"])
# A cue's words: letters (with inner hyphens or apostrophes), or a punctuation cue (":", "―").
_CUE_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*|--|[:\u2015\u2014\u2013-]")
_CONTENT_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def act_of(lemmas: Iterable[str], kind: str | None = None) -> Act:
    """The act of a cue given its lemmas, head first: the first lemma with an act that is not
    a light verb ("issued a statement" is a statement); else a light verb's own act; else
    speech for a quotation's unknown cue (“…,” X riffed), ``other`` for anything else. A
    negated cue ("did not reply to", "never said") is ``other``."""
    lemmas = [word.lower() for word in lemmas]
    if _NEGATIONS.intersection(lemmas):
        return _RULES["default"]
    light_act: Act | None = None
    for lemma in lemmas:
        act = _ACT_OF_LEMMA.get(lemma)
        if lemma in _LIGHT:
            light_act = light_act or act
        elif act is not None:
            return act
    if light_act is not None:
        return light_act
    return _RULES["quotation_default"] if kind == "direct" else _RULES["default"]


def act_of_cue(cue: str | None, kind: str | None = None) -> Act:
    """The act of a cue from its text alone: each word read as the lemma it is an inflection
    of ("tweeted" -> "tweet", "denies" -> "deny", "told" -> "tell")."""
    return act_of((lemma_of(word) for word in _CUE_WORD.findall(cue or "")), kind)


def lemma_of(word: str) -> str:
    """The listed lemma a word form is an inflection of (irregular forms from the data, regular
    -s/-ed/-ing endings by rule), or the word itself. Only listed lemmas are produced, so a
    wrong guess at an ending can never invent one."""
    word = word.lower().replace("\u2019", "'")
    if word.endswith("n't"):  # "didn't", "won't": the negation is what matters here
        return "not"
    if word in _FORMS:
        return _FORMS[word]
    for candidate in _stems(word):
        if candidate in _ACT_OF_LEMMA or candidate in _LIGHT:
            return candidate
    return word


def _stems(word: str) -> Iterable[str]:
    yield word
    for ending in ("s", "es", "d", "ed", "ing"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: -len(ending)]
            yield stem
            yield stem + "e"  # "making" -> "make"
            if len(stem) > 2 and stem[-1] == stem[-2]:
                yield stem[:-1]  # "planned" -> "plan"
    for ending in ("ies", "ied"):
        if word.endswith(ending):
            yield word[:-3] + "y"  # "denies", "denied" -> "deny"


def has_real_content(kind: str, content: Iterable[str], attributed: bool) -> bool:
    """Is a quote a statement to list: attributed to someone, with at least the kind's minimum
    of words, one of them more than a pronoun, relative or article ("it", "which", "the")."""
    if not attributed:
        return False
    words = [w.lower().replace("\u2019", "'") for text in content for w in _CONTENT_WORD.findall(text)]
    return len(words) >= _MIN_WORDS.get(kind, 1) and any(w not in _NOT_CONTENT for w in words)
