"""``newsgraph eval``: score the engine on PolNeAR (attribution, annotator agreement, speed)
and on the speaker set."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_eval(args: argparse.Namespace) -> int:
    from newsgraph.evaluate import attribution, speakers
    from newsgraph.settings import get_settings

    polnear = Path(args.polnear) if args.polnear else get_settings().polnear
    if args.task == "attribution":
        pred = Path(args.pred) if args.pred else None
        attribution.evaluate(args.split, polnear, pred, args.limit)
        return 0
    if args.task == "agreement":
        attribution.annotator_agreement(polnear)
        return 0
    if args.task == "speed":
        texts = [p.read_text(encoding="utf-8") for p in attribution.split_texts(args.split, polnear)]
        cost = attribution.component_cost(texts[: args.limit])
        print(
            f"{cost['docs']} docs, {cost['words']} tokens: spaCy {cost['spacy_seconds']:.1f} s, "
            f"attribution {cost['attribution_seconds']:.1f} s = {cost['cost']:.0%} on top of spaCy"
        )
        return 0
    speaker_set = Path(args.set) if args.set else speakers.SPEAKER_SET
    result = speakers.evaluate(speakers.load_set(speaker_set), polnear)
    for miss in result["misses"]:
        print(
            f"{miss['outcome']}: {miss['doc']} {miss['source'][0]} {miss['source_text']!r}: "
            f"{miss['predicted']!r} != {miss['speaker']!r}"
        )
    print(speakers.report(result))
    return 0


def add_parsers(subparsers) -> None:
    p = subparsers.add_parser("eval", help="score the engine on an annotated corpus (PolNeAR, speaker set)")
    # agreement: PolNeAR's second annotators scored against the first, the ceiling for attribution.
    p.add_argument("task", choices=["attribution", "agreement", "speakers", "speed"])
    p.add_argument("--split", choices=["dev", "test"], default="dev")
    p.add_argument("--polnear", help="folder of PolNeAR splits (default: the shared folder's data/polnear)")
    p.add_argument("--pred", help="where to write the predictions (JSON Lines)")
    p.add_argument("--limit", type=int, help="only the first N documents (smoke runs)")
    p.add_argument(
        "--set", help="speakers: a labelled set (JSON Lines; default: tests/data/attribution/speakers.jsonl)"
    )
    p.set_defaults(func=cmd_eval)
