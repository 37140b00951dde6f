"""The seeded selection behind ``tests/data/attribution/speakers_blind3.jsonl`` (issue 12).

The order of ``speakers_blind2.jsonl`` (see ``select_speaker_blind2.py``), continued after that
set's 32 articles; articles of any speaker set (``speakers.jsonl``, ``speakers_tune.jsonl`` and the
two earlier blind sets) are skipped. Every attribution event with a source is listed (the first
annotator's ``.ann``); each one was then read in its article and labelled by hand or left out
(see README_blind3.md).

    python training/select_speaker_blind3.py 30 > candidates.jsonl
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from select_speaker_blind2 import POLNEAR, USED_SETS, print_candidates, selection, set_docs

SECOND_BLIND_ARTICLES = 32


def third_selection(polnear: Path) -> list[tuple[str, str, str]]:
    """The order after the second blind set's articles, without any article already used."""
    used = set().union(*(set_docs(name) for name in (*USED_SETS, "speakers_blind2.jsonl")))
    return [a for a in selection(polnear)[SECOND_BLIND_ARTICLES:] if a[1] not in used]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    args = parser.parse_args(argv)
    print_candidates(third_selection(args.polnear)[: args.articles], args.polnear)
    return 0


if __name__ == "__main__":
    sys.exit(main())
