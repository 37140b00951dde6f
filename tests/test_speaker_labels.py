"""The hand-resolved speaker sets of issue 12 are well formed: each source span slices to its
text, the classes are known, and no article is in two sets (a blind set must never share an
article with what the rules were tuned on). PolNeAR checks are skipped when ../shared is absent."""

import itertools
from pathlib import Path

import pytest

from newsgraph.evaluate.gold import POLNEAR, load_jsonl

LABELS = Path(__file__).resolve().parent / "data" / "attribution"
LABELLED_SETS = [
    "speakers_tune",
    "speakers_blind",
    "speakers_blind2",
    "speakers_blind3",
    "speakers_blind4",
    "speakers_blind5",
]
CLASSES = {"pronoun", "description", "possessive"}
needs_polnear = pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason="PolNeAR texts not available")


def items(set_name: str) -> list[dict]:
    return load_jsonl(LABELS / f"{set_name}.jsonl")


def test_no_article_is_in_two_sets():
    docs = {name: {item["doc"] for item in items(name)} for name in [*LABELLED_SETS, "speakers"]}
    for first, second in itertools.combinations(docs, 2):
        assert not docs[first] & docs[second], (first, second)


@pytest.mark.parametrize("set_name", LABELLED_SETS)
def test_items_have_a_known_class_and_a_speaker_type(set_name):
    for item in items(set_name):
        assert item["class"] in CLASSES, item
        assert item["speaker_type"] in {"PERSON", "ORG", "GPE", "GROUP"}, item
        assert item["speaker"] is None or item["speaker"].strip(), item


@needs_polnear
@pytest.mark.parametrize("set_name", LABELLED_SETS)
def test_source_spans_slice_to_their_text(set_name):
    for item in items(set_name):
        text = (POLNEAR / item["split"] / "text" / f"{item['doc']}.txt").read_text(encoding="utf-8")
        start, end = item["source"]
        assert text[start:end] == item["source_text"], item
