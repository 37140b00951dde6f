"""Event extraction scored against hand-labelled PolNeAR articles.

Gold (``tests/data/events/*.jsonl``, see the README there): one JSON line per article,
``{"doc": <file stem>, "split": "train"|"dev" (optional), "events": [{type, cameo, trigger
{start, end, text}, actor, target}]}``, offsets into the article's text file in that PolNeAR
split (the line's own split, else ``--split``, dev by default), actor and target as names. Statement events
(CAMEO 01) are not labelled: they are the attributions, scored by the attribution scorer.

A predicted event matches a gold event of the same type whose trigger span overlaps its own
(each gold event matches once). P/R/F count matches; actor and target accuracy are over the
matched pairs, a participant being right when one name contains the other's last word (or
both are missing).

    python -m newsgraph.evaluate.events [--gold FILE] [--split train|dev] [--polnear DIR]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from newsgraph.evaluate.gold import POLNEAR, ROOT, input_span, load_jsonl, overlaps, prf
from newsgraph.pipeline import analyze
from newsgraph.record import Article, Span

GOLD = ROOT / "tests" / "data" / "events" / "polnear_dev_gold.jsonl"
STATEMENT = "01"
SPLITS = ("train", "dev")


def _same_participant(gold: str | None, predicted: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    gold_last, predicted_last = gold.lower().split()[-1], predicted.lower().split()[-1]
    return gold_last in predicted.lower() or predicted_last in gold.lower()


def _match(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict]]:
    pairs, free = [], list(gold)
    for event in predicted:
        found = next(
            (g for g in free if g["type"] == event["type"] and overlaps(g["trigger"], event["trigger"])), None
        )
        if found is not None:
            free.remove(found)
            pairs.append((found, event))
    return pairs


def score(gold_docs: list[dict], predicted_docs: list[dict]) -> dict:
    """P/R/F over all events and per type, plus actor/target accuracy on the matches."""
    predicted_by_doc = {d["doc"]: d["events"] for d in predicted_docs}
    tallies: dict[str, Counter] = {"all": Counter()}
    participants: Counter[str] = Counter()

    def tally(event: dict, key: str) -> None:
        for name in (event["type"], "all"):
            tallies.setdefault(name, Counter())[key] += 1

    for doc in gold_docs:
        gold = doc["events"]
        predicted = [e for e in predicted_by_doc.get(doc["doc"], []) if e["cameo"] != STATEMENT]
        pairs = _match(gold, predicted)
        matched = {id(event) for pair in pairs for event in pair}
        for event in gold:
            tally(event, "tp" if id(event) in matched else "fn")
        for event in predicted:
            if id(event) not in matched:
                tally(event, "fp")
        for g, p in pairs:
            participants["actor"] += _same_participant(g["actor"], p["actor"])
            participants["target"] += _same_participant(g["target"], p["target"])
    result: dict[str, dict | float | None] = {
        event_type: prf(c["tp"], c["fp"], c["fn"]) for event_type, c in tallies.items()
    }
    n_matched = tallies["all"]["tp"]
    result["actor_accuracy"] = round(participants["actor"] / n_matched, 3) if n_matched else None
    result["target_accuracy"] = round(participants["target"] / n_matched, 3) if n_matched else None
    return result


def _trigger(article: Article, span: Span) -> dict:
    """A trigger in the gold format: its input-file offsets and its text."""
    start, end = input_span(article, span)
    return {"start": start, "end": end, "text": span.text}


def predictions(article: Article, doc: str) -> dict:
    """An analysed article's events in the gold format."""

    def name(participant):
        return participant.name if participant else None

    return {
        "doc": doc,
        "events": [
            {
                "type": e.type,
                "cameo": e.cameo,
                "trigger": _trigger(article, e.trigger),
                "actor": name(e.actor),
                "target": name(e.target),
            }
            for e in article.events
        ],
    }


def evaluate(gold_path: Path = GOLD, polnear: Path = POLNEAR, split: str = "dev") -> dict:
    gold = load_jsonl(gold_path)
    predicted = []
    for doc in gold:
        doc_split = doc.get("split", split)
        text = (polnear / doc_split / "text" / f"{doc['doc']}.txt").read_text(encoding="utf-8")
        predicted.append(predictions(analyze(text, language="en"), doc["doc"]))
    return score(gold, predicted)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument(
        "--split",
        choices=SPLITS,
        default="dev",
        help="PolNeAR split of the gold articles lacking a split of their own",
    )
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    args = parser.parse_args(argv)
    result = evaluate(args.gold, args.polnear, args.split)
    for key, value in result.items():
        print(f"{key:16} {value}")


if __name__ == "__main__":
    main()
