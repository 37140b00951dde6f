"""The seeded selection behind ``tests/data/attribution/speakers_blind2.jsonl`` (issue 12).

The pool and order of ``speakers_blind.jsonl`` (README_blind.md): train and dev articles minus the
docs of ``speakers.jsonl``, sorted by (split, stem, first annotator), shuffled with
``random.Random(20261203)``. The second blind set continues after that set's 43 articles and skips
every article already in ``speakers_tune.jsonl``, ``speakers_blind.jsonl`` or ``speakers.jsonl``.
Every attribution event with a source is listed (the first annotator's ``.ann``); each one was then
read in its article and labelled by hand or left out (see README_blind2.md).

    python training/select_speaker_blind2.py 40 > candidates.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

from select_speaker_tuning import brat_events  # same brat reading as the tuning set

REPO = Path(__file__).resolve().parents[1]
SETS = REPO / "tests" / "data" / "attribution"
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
SEED = 20261203
FIRST_BLIND_ARTICLES = 43
USED_SETS = ("speakers.jsonl", "speakers_blind.jsonl", "speakers_tune.jsonl")


def set_docs(name: str) -> set[str]:
    return {json.loads(line)["doc"] for line in open(SETS / name, encoding="utf-8")}


def pool(polnear: Path) -> list[tuple[str, str, str]]:
    """The first blind set's seeded order: (split, stem, first annotator)."""
    tuned = set_docs("speakers.jsonl")
    rows = csv.DictReader(open(polnear / "metadata.tsv", encoding="utf-8"), delimiter="\t")
    articles = sorted(
        (r["compartment"], r["filename"], r["annotators"].split("|")[0])
        for r in rows
        if r["compartment"] in ("train", "dev") and r["filename"] not in tuned
    )
    random.Random(SEED).shuffle(articles)
    return articles


def selection(polnear: Path) -> list[tuple[str, str, str]]:
    """The order after the first blind set's articles, without any article already used."""
    used = set().union(*(set_docs(name) for name in USED_SETS))
    return [a for a in pool(polnear)[FIRST_BLIND_ARTICLES:] if a[1] not in used]


def print_candidates(articles: list[tuple[str, str, str]], polnear: Path) -> None:
    """Print every sourced attribution event of the articles as one JSON line, numbered by article."""
    for n, (split, stem, annotator) in enumerate(articles, 1):
        text = (polnear / split / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        ann = (polnear / split / "attributions" / f"{stem}_{annotator}.ann").read_text(encoding="utf-8")
        for event in brat_events(ann):
            if "Source" not in event:
                continue
            item = {"n": n, "doc": stem, "split": split, "source": list(event["Source"])}
            item["source_text"] = text[slice(*event["Source"])]
            item |= {
                role.lower(): list(event[role]) if role in event else None for role in ("Cue", "Content")
            }
            print(json.dumps(item, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    args = parser.parse_args(argv)
    print_candidates(selection(args.polnear)[: args.articles], args.polnear)
    return 0


if __name__ == "__main__":
    sys.exit(main())
