"""The cross-article identity labels of issue 11 are well formed: offsets slice to their forms,
sets are disjoint and large enough, every must-stay-apart entity is a gold entity (PolNeAR checks
skipped when ../shared is absent)."""

import itertools
import tomllib
from pathlib import Path

import pytest

from newsgraph.evaluate.gold import POLNEAR, load_jsonl

LABELS = Path(__file__).resolve().parent / "data" / "entities"
TYPES = {"PERSON", "ORG", "GPE", "NORP"}
needs_polnear = pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason="PolNeAR texts not available")


def rows(set_name: str) -> list[dict]:
    return load_jsonl(LABELS / f"identity_{set_name}.jsonl")


def selected(set_name: str) -> set[str]:
    lines = (LABELS / "selection.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {line.split("\t")[1] for line in lines if line.startswith(set_name + "\t")}


SETS = ["tune", "blind", "blind2"]
MIN_ARTICLES = {"tune": 200, "blind": 120, "blind2": 120}


def test_sets_are_disjoint_and_large_enough():
    for first, second in itertools.combinations(SETS, 2):
        assert not selected(first) & selected(second), (first, second)
    for set_name in SETS:
        docs = {r["doc"] for r in rows(set_name)}
        assert len(docs) >= MIN_ARTICLES[set_name], set_name
        assert docs <= selected(set_name), set_name


@pytest.mark.parametrize("set_name", SETS)
def test_one_row_per_article_and_entity_with_a_known_type(set_name):
    keys = [(r["doc"], r["entity"]) for r in rows(set_name)]
    assert len(keys) == len(set(keys))
    assert {r["type"] for r in rows(set_name)} <= TYPES


@needs_polnear
@pytest.mark.parametrize("set_name", SETS)
def test_mentions_slice_to_their_forms_and_never_overlap(set_name):
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for row in rows(set_name):
        text = (POLNEAR / row["split"] / "text" / f"{row['doc']}.txt").read_text(encoding="utf-8")
        assert sorted({text[start:end] for start, end in row["mentions"]}) == sorted(row["forms"]), row["doc"]
        by_doc.setdefault(row["doc"], []).extend(map(tuple, row["mentions"]))
    for doc, spans in by_doc.items():
        spans.sort()
        assert all(prev[1] <= nxt[0] for prev, nxt in itertools.pairwise(spans)), doc


def test_apart_pairs_name_gold_entities():
    spec = tomllib.loads((LABELS / "entities.toml").read_text(encoding="utf-8"))
    names = {e["name"] for e in spec["entity"]}
    assert {name for pair in spec["apart"]["pairs"] for name in pair} <= names
    assert sum(e["type"] in {"PERSON", "ORG"} for e in spec["entity"]) >= 60
