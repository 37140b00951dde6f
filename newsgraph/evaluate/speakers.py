"""Speaker resolution on a hand-labelled set of direct quotes whose source is a pronoun or a
description (``tests/data/attribution/speakers.jsonl``, PolNeAR dev articles).

Each line: {"doc": <dev file stem>, "source": [s, e], "source_text": ..., "cue": [s, e],
"speaker": <the person or organisation meant, as the article names it>}. A quote counts as
resolved when the pipeline attributes it (a predicted attribution whose source or cue overlaps
the labelled one) to an entity whose name agrees with the label.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from pathlib import Path

from newsgraph.evaluate.attribution import POLNEAR, predict

SPEAKER_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "attribution" / "speakers.jsonl"
# Words that do not tell two names apart.
NAME_NOISE = frozenset({"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "sen.", "rep.", "gov.",
                        "president", "the", "jr.", "sr."})


def load_set(path: Path = SPEAKER_SET) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def name_words(name: str) -> set[str]:
    return {w for w in name.lower().replace("\u2019s", "").split() if w not in NAME_NOISE}


def acronym(name: str) -> str:
    """'International Monetary Fund' -> 'IMF' (the initials of its capitalised words)."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def is_acronym_of(short: str, name: str) -> bool:
    return len(short) > 1 and short.isupper() and " " not in short and acronym(name) == short


def same_person(predicted: str | None, label: str) -> bool:
    """Names agree when the words of one contain the other's ("Trump" ~ "Donald J. Trump"), or
    when one is the other's acronym ("IMF" ~ "International Monetary Fund")."""
    if not predicted:
        return False
    p, g = name_words(predicted), name_words(label)
    if is_acronym_of(predicted, label) or is_acronym_of(label, predicted):
        return True
    return bool(p and g) and (p <= g or g <= p)


def _overlaps(spans, span) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def predicted_speaker(attributions: list[dict], item: dict) -> str | None:
    for role in ("source", "cue"):
        for a in attributions:
            if a["speaker"] and _overlaps(a[role], item[role]):
                return a["speaker"]
    return None


def evaluate(items: list[dict], polnear: Path = POLNEAR, split: str = "dev") -> dict:
    """Resolve every labelled quote; return the accuracy and the misses."""
    by_doc = defaultdict(list)
    for item in items:
        by_doc[item["doc"]].append(item)
    paths = [polnear / split / "text" / f"{doc}.txt" for doc in sorted(by_doc)]
    out = io.StringIO()
    predict(paths, out)
    predictions = {rec["doc"]: rec["attributions"] for rec in map(json.loads, out.getvalue().splitlines())}
    misses = []
    for doc, labelled in by_doc.items():
        for item in labelled:
            got = predicted_speaker(predictions.get(doc, []), item)
            if not same_person(got, item["speaker"]):
                misses.append({**item, "predicted": got})
    correct = len(items) - len(misses)
    return {"items": len(items), "correct": correct,
            "accuracy": correct / len(items) if items else 0.0, "misses": misses}
