"""The seeded selection behind ``tests/data/attribution/speakers_tune.jsonl`` (issue 12).

Train articles minus the blind set's 43 and the dev articles of ``speakers.jsonl``, sorted by
(stem, first annotator), shuffled with ``random.Random(12)``; the first N are listed with every
attribution whose source a surface filter keeps as a possible pronoun, description or possessive
group (relative pronouns and capitalised names left out). Each candidate was then read in its
article and labelled by hand or left out (see README_tune.md).

    python training/select_speaker_tuning.py 17 > candidates.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETS = REPO / "tests" / "data" / "attribution"
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
PRONOUNS = {
    "he",
    "she",
    "they",
    "it",
    "i",
    "we",
    "you",
    "his",
    "her",
    "their",
    "its",
    "him",
    "them",
    "us",
    "me",
}
RELATIVES = {"who", "which", "that", "where", "whom", "whose"}
OPENERS = re.compile(
    r"^(the|a|an|some|many|several|other|his|her|their|its|our|my|one|two|three|few|both|"
    r"each|another|most|this|these|those|all|any|no|more)\b",
    re.I,
)


def pool(polnear: Path, seed: int) -> list[tuple[str, str]]:
    tuned = {json.loads(line)["doc"] for line in open(SETS / "speakers.jsonl", encoding="utf-8")}
    blind_list = (SETS / "README_blind.md").read_text(encoding="utf-8")
    blind = set(re.findall(r"^\d+\. \w+ (\S+) \(", blind_list, re.M))
    rows = csv.DictReader(open(polnear / "metadata.tsv", encoding="utf-8"), delimiter="\t")
    articles = sorted(
        (r["filename"], r["annotators"].split("|")[0])
        for r in rows
        if r["compartment"] == "train" and r["filename"] not in tuned | blind
    )
    random.Random(seed).shuffle(articles)
    return articles


def brat_events(ann: str) -> list[dict[str, tuple[int, int]]]:
    """Each attribution event's roles as [first start, last end] character spans."""
    spans, events = {}, []
    lines = ann.splitlines()
    for line in lines:
        if line.startswith("T"):
            tid, middle, _text = line.split("\t")
            label, offsets = middle.split(" ", 1)
            parts = [tuple(map(int, p.split())) for p in offsets.split(";")]
            spans[tid] = (label, (parts[0][0], parts[-1][1]))
    for line in lines:
        if line.startswith("E"):
            args = dict(a.split(":") for a in line.split("\t")[1].split())
            events.append({spans[t][0]: spans[t][1] for t in args.values() if t in spans})
    return events


def is_candidate(source: str) -> bool:
    words = source.lower().split()
    if words[0] in RELATIVES:
        return False
    return (
        (len(words) == 1 and words[0] in PRONOUNS)
        or bool(OPENERS.match(source))
        or not source[0].isupper()
        or bool(re.search(r"[’']s\b", source))
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    args = parser.parse_args(argv)
    for n, (stem, annotator) in enumerate(pool(args.polnear, args.seed)[: args.articles]):
        text = (args.polnear / "train" / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        ann_path = args.polnear / "train" / "attributions" / f"{stem}_{annotator}.ann"
        ann = ann_path.read_text(encoding="utf-8")
        for event in brat_events(ann):
            if "Source" not in event or not is_candidate(text[slice(*event["Source"])]):
                continue
            item = {
                "n": n,
                "doc": stem,
                "split": "train",
                "source": list(event["Source"]),
                "source_text": text[slice(*event["Source"])],
            }
            item |= {
                role.lower(): list(event[role]) if role in event else None for role in ("Cue", "Content")
            }
            print(json.dumps(item, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
