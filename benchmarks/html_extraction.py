"""Body-text precision/recall of HTML extraction on the newspaper4k pages (../shared).

Compares plain ``trafilatura.extract`` (default settings) with newsgraph's ``prepare`` against the
expected article text, as a bag of tokens (words; one token per character in scripts written
without spaces). The expected texts keep some boilerplate that newsgraph's cleaner moves to
``removed`` ("Read more: …" links, contributor lines, newsletter prompts); the last system,
text plus removed blocks, shows that nothing trafilatura found is lost, only set aside.
Run: ``.venv/bin/python benchmarks/html_extraction.py``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import trafilatura

from newsgraph.errors import InputError
from newsgraph.ingest import prepare

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "newspaper4k"
TOKEN = re.compile(r"[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|\w+")


def tokens(text: str | None) -> Counter:
    return Counter(TOKEN.findall((text or "").lower()))


def precision_recall(predicted: Counter, expected: Counter) -> tuple[float, float]:
    overlap = sum((predicted & expected).values())
    return (overlap / max(sum(predicted.values()), 1), overlap / max(sum(expected.values()), 1))


def ours(html: bytes, with_removed: bool = False) -> str | None:
    try:
        prepared = prepare(html, language="en")  # language forced: measure extraction only
    except InputError:
        return None
    return "\n\n".join([prepared.text] + [r.text for r in prepared.removed] * with_removed)


def main() -> int:
    if not CORPUS.is_dir():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 1
    systems = {
        "trafilatura": lambda html: trafilatura.extract(html),
        "newsgraph": ours,
        "+removed": lambda html: ours(html, with_removed=True),
    }
    totals = {name: [] for name in systems}
    print(f"{'page':24} " + " ".join(f"{name + ' P':>15} {name + ' R':>15}" for name in systems))
    for expected_file in sorted((CORPUS / "txt").glob("*.txt")):
        html_file = CORPUS / "html" / f"{expected_file.stem}.html"
        if not html_file.exists():
            continue
        expected = tokens(expected_file.read_text(encoding="utf-8"))
        html = html_file.read_bytes()
        row = []
        for name, extract in systems.items():
            p, r = precision_recall(tokens(extract(html)), expected)
            totals[name].append((p, r))
            row.append(f"{p:15.3f} {r:15.3f}")
        print(f"{expected_file.stem:24} " + " ".join(row))
    print(
        f"{'macro average':24} "
        + " ".join(
            f"{sum(p for p, _ in v) / len(v):15.4f} {sum(r for _, r in v) / len(v):15.4f}"
            for v in totals.values()
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
