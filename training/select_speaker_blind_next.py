"""The seeded selection behind the blind speaker sets of issue 12 (``speakers_blind*.jsonl``).

The pool and order of ``speakers_blind.jsonl`` (README_blind.md): train and dev articles minus the
docs of ``speakers.jsonl``, sorted by (split, stem, first annotator), shuffled with
``random.Random(20261203)``. Each later blind set continues that order after the articles of the
sets taken before it, skipping every article of any speaker set named so far (and of
``speakers_tune.jsonl``). ``--after SET:N``, once per earlier blind set in the order they were
taken, names a set and the number of articles it read. Every attribution event with a source is
listed (the first annotator's ``.ann``); each one was then read in its article and labelled by hand
or left out (see the set's README).

    python training/select_speaker_blind_next.py 30 --after speakers_blind.jsonl:43 \
        --after speakers_blind2.jsonl:32 --after speakers_blind3.jsonl:24 > candidates.jsonl
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
# Always skipped: the dev tuning set (left out of the pool itself) and the tuning set.
TUNING_SETS = ("speakers.jsonl", "speakers_tune.jsonl")

Article = tuple[str, str, str]  # (split, stem, first annotator)


def set_docs(name: str) -> set[str]:
    return {json.loads(line)["doc"] for line in open(SETS / name, encoding="utf-8")}


def pool(polnear: Path) -> list[Article]:
    """The first blind set's seeded order."""
    tuned = set_docs("speakers.jsonl")
    rows = csv.DictReader(open(polnear / "metadata.tsv", encoding="utf-8"), delimiter="\t")
    articles = sorted(
        (r["compartment"], r["filename"], r["annotators"].split("|")[0])
        for r in rows
        if r["compartment"] in ("train", "dev") and r["filename"] not in tuned
    )
    random.Random(SEED).shuffle(articles)
    return articles


def next_order(polnear: Path, taken: list[tuple[str, int]]) -> list[Article]:
    """The order after each (set, articles read) in turn, without any article of a set used so far.

    The skip comes before the filter for each set: a set's articles are counted in the order it was
    taken from, which held the articles of later sets (and of the tuning set, for the first)."""
    order = pool(polnear)
    used = set().union(*(set_docs(name) for name in TUNING_SETS))
    for name, articles_read in taken:
        used |= set_docs(name)
        order = [a for a in order[articles_read:] if a[1] not in used]
    return order


def print_candidates(articles: list[Article], polnear: Path) -> None:
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


def taken_set(spec: str) -> tuple[str, int]:
    """``speakers_blind2.jsonl:32`` -> ("speakers_blind2.jsonl", 32)."""
    name, _, count = spec.rpartition(":")
    if not name or not count.isdigit():
        raise argparse.ArgumentTypeError(f"expected SET.jsonl:ARTICLES, got {spec!r}")
    return name, int(count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, help="how many articles of the next set to list")
    parser.add_argument(
        "--after",
        type=taken_set,
        action="append",
        default=[],
        metavar="SET:N",
        help="an earlier blind set and the articles it read, in the order the sets were taken",
    )
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    args = parser.parse_args(argv)
    print_candidates(next_order(args.polnear, args.after)[: args.articles], args.polnear)
    return 0


if __name__ == "__main__":
    sys.exit(main())
