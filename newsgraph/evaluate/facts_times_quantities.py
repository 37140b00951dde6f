"""Times and quantities scored against hand-labelled PolNeAR dev articles, and their cost.

Gold (``tests/data/times/polnear_dev_gold.jsonl``, ``tests/data/quantities/polnear_dev_gold.jsonl``,
see the READMEs there): one JSON line per expression, with ``doc`` (file stem), ``published``
(the reference date, from PolNeAR's metadata), ``start``/``end``/``text`` (offsets into the
article's text file) and, for times, ``type`` and ``value``; for quantities ``kind``, ``value``,
``unit``, ``bound`` and ``counted`` (text or null).

Detection: a prediction matches a gold expression of the same document whose span overlaps
its own (each gold expression matches once); P/R/F count matches, ``exact`` counts only
identical spans. Accuracies are over the matched pairs: a time value must equal the gold
TIMEX3 value; a quantity must have the gold value (relative tolerance 1e-6) and unit. A
counted thing is right when the predicted text contains the gold text's last word.

    python -m newsgraph.evaluate.facts_times_quantities [--polnear DIR] [--speed N]
"""

from __future__ import annotations

import argparse
import math
import time
from collections import defaultdict
from pathlib import Path

import spacy
from spacy.language import Language

import newsgraph.nlp  # noqa: F401  (registers the factories)
from newsgraph.evaluate.gold import POLNEAR, ROOT, load_jsonl, overlaps, prf
from newsgraph.settings import get_settings

TIMES_GOLD = ROOT / "tests" / "data" / "times" / "polnear_dev_gold.jsonl"
QUANTITIES_GOLD = ROOT / "tests" / "data" / "quantities" / "polnear_dev_gold.jsonl"
OUR_COMPONENTS = ("newsgraph_times", "newsgraph_quantities")


def load_nlp() -> Language:
    """The base model and our two components only: the gold offsets are into the raw file."""
    nlp = spacy.load(get_settings().model)
    for name in OUR_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def tag(nlp: Language, text: str, reference_date: str | None):
    doc = nlp.make_doc(text)
    doc._.reference_date = reference_date
    doc._.reference_date_source = "user" if reference_date else None
    return nlp(doc)


def _match(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs of overlapping gold and predicted spans, each used once, nearest start first."""
    pairs, free = [], list(gold)
    for item in predicted:
        candidates = [g for g in free if overlaps(g, item)]
        if candidates:
            best = min(candidates, key=lambda g: abs(g["start"] - item["start"]))
            free.remove(best)
            pairs.append((best, item))
    return pairs


def _same_quantity(gold: dict, predicted: dict) -> bool:
    return (
        predicted["value"] is not None
        and gold["unit"] == predicted["unit"]
        and math.isclose(gold["value"], predicted["value"], rel_tol=1e-6)
    )


def _counted_right(gold: dict, predicted: dict) -> bool:
    predicted_text = (predicted.get("counted") or {}).get("text") or ""
    return gold["counted"].split()[-1].lower() in predicted_text.lower()


def score(gold: list[dict], predicted: dict[str, list[dict]], kind: str) -> dict:
    """Detection P/R/F (overlap and exact span) and the accuracies of the matched pairs."""
    gold_by_doc = defaultdict(list)
    for item in gold:
        gold_by_doc[item["doc"]].append(item)
    pairs, n_predicted = [], 0
    exact = 0
    for doc, items in gold_by_doc.items():
        found = predicted.get(doc, [])
        n_predicted += len(found)
        doc_pairs = _match(items, found)
        pairs += doc_pairs
        exact += sum(g["start"] == p["start"] and g["end"] == p["end"] for g, p in doc_pairs)
    result: dict[str, dict | float] = {
        "detection": prf(len(pairs), n_predicted - len(pairs), len(gold) - len(pairs)),
        "exact_span": prf(exact, n_predicted - exact, len(gold) - exact),
    }
    if not pairs:
        return result
    if kind == "times":
        result["value_accuracy"] = round(sum(g["value"] == p["value"] for g, p in pairs) / len(pairs), 3)
        result["type_accuracy"] = round(sum(g["type"] == p["type"] for g, p in pairs) / len(pairs), 3)
    else:
        result["value_unit_accuracy"] = round(sum(_same_quantity(g, p) for g, p in pairs) / len(pairs), 3)
        result["bound_accuracy"] = round(sum(g["bound"] == p["bound"] for g, p in pairs) / len(pairs), 3)
        with_counted = [(g, p) for g, p in pairs if g["counted"]]
        if with_counted:
            result["counted_accuracy"] = round(
                sum(_counted_right(g, p) for g, p in with_counted) / len(with_counted), 3
            )
    result["matched"] = len(pairs)
    return result


def mismatches(gold: list[dict], predicted: dict[str, list[dict]], kind: str) -> list[str]:
    """Lines describing misses, false alarms and wrong values, for error analysis."""
    lines = []
    key = (lambda g, p: g["value"] == p["value"]) if kind == "times" else _same_quantity
    for doc in sorted({g["doc"] for g in gold}):
        items = [g for g in gold if g["doc"] == doc]
        found = predicted.get(doc, [])
        pairs = _match(items, found)
        matched = {id(x) for pair in pairs for x in pair}
        lines += [f"MISS {doc[:30]} {g['text']!r} {g['value']}" for g in items if id(g) not in matched]
        lines += [f"FALSE {doc[:30]} {p['text']!r} {p['value']}" for p in found if id(p) not in matched]
        lines += [
            f"VALUE {doc[:30]} {g['text']!r} gold={g['value']} {g.get('unit', '')} "
            f"got={p['value']} {p.get('unit', '')} ({p['text']!r})"
            for g, p in pairs
            if not key(g, p)
        ]
    return lines


def predict(nlp: Language, gold: list[dict], polnear: Path) -> tuple[dict, dict]:
    """Times and quantities of every gold document, keyed by document."""
    times, quantities = {}, {}
    dates = {g["doc"]: g["published"] for g in gold}
    for doc_name, published in dates.items():
        text = (polnear / "dev" / "text" / f"{doc_name}.txt").read_text(encoding="utf-8")
        doc = tag(nlp, text, published)
        times[doc_name], quantities[doc_name] = doc._.times, doc._.quantities
    return times, quantities


def evaluate(polnear: Path = POLNEAR, show_errors: bool = False) -> dict:
    nlp = load_nlp()
    times_gold, quantities_gold = load_jsonl(TIMES_GOLD), load_jsonl(QUANTITIES_GOLD)
    times, _ = predict(nlp, times_gold, polnear)
    _, quantities = predict(nlp, quantities_gold, polnear)
    if show_errors:
        print(
            "\n".join(
                mismatches(times_gold, times, "times") + mismatches(quantities_gold, quantities, "quantities")
            )
        )
    return {
        "times": score(times_gold, times, "times"),
        "quantities": score(quantities_gold, quantities, "quantities"),
    }


def speed(polnear: Path = POLNEAR, limit: int = 40) -> dict:
    """Seconds spent by the base model and by our two components on PolNeAR dev texts."""
    nlp = load_nlp()
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted((polnear / "dev" / "text").glob("*.txt"))
        if p.stat().st_size < 50_000
    ][:limit]
    ours = {name: 0.0 for name in OUR_COMPONENTS}
    base = 0.0
    with nlp.select_pipes(disable=list(OUR_COMPONENTS)):
        start = time.perf_counter()
        docs = list(nlp.pipe(texts))
        base = time.perf_counter() - start
    for doc in docs:
        for name in OUR_COMPONENTS:
            start = time.perf_counter()
            nlp.get_pipe(name)(doc)
            ours[name] += time.perf_counter() - start
    tokens = sum(len(d) for d in docs)
    return {
        "docs": len(docs),
        "tokens": tokens,
        "base_seconds": round(base, 3),
        **{f"{name}_seconds": round(s, 3) for name, s in ours.items()},
        "overhead": round(sum(ours.values()) / base, 3),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--errors", action="store_true", help="list misses and wrong values")
    parser.add_argument("--speed", type=int, metavar="N", help="time the components on N dev texts")
    args = parser.parse_args(argv)
    if args.speed:
        print(speed(args.polnear, args.speed))
        return
    for section, figures in evaluate(args.polnear, args.errors).items():
        print(section, figures)


if __name__ == "__main__":
    main()
