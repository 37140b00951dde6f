"""Speaker resolution on hand-labelled attributions whose source is a pronoun, a description or a
possessive group (``tests/data/attribution/speakers*.jsonl``, PolNeAR train and dev articles).

Each line: {"doc", "split" (default dev), "source": [s, e], "source_text", "cue": [s, e],
"class" (pronoun / description / possessive; absent in the first set), "speaker": <the person or
organisation meant, as the article names it, or null when the article never names it>}.

Each item gets one outcome. The quote is *not found* when no predicted attribution overlaps its
source or cue. Otherwise the speaker the pipeline gives is a *name* when it is an entity of the
record (a description left as its own words, "a bartender", gives no name). A labelled item is
*right* when the name agrees with the label, a *wrong name* when it does not, *no name* when none
was given; a null item is right when no name is given and a wrong name when one is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from newsgraph.evaluate.attribution import quotes_line
from newsgraph.evaluate.gold import POLNEAR, load_jsonl
from newsgraph.ingest.mojibake import repair_mojibake
from newsgraph.record import Article

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "attribution"
SPEAKER_SET = DATA / "speakers.jsonl"
# Words that do not tell two names apart.
NAME_NOISE = frozenset(
    {"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "sen.", "rep.", "gov.", "president", "the", "jr.", "sr."}
)
OUTCOMES = ("right", "wrong name", "no name", "not found")


def load_set(path: Path = SPEAKER_SET) -> list[dict]:
    return load_jsonl(path)


def name_words(name: str) -> set[str]:
    """The words of a name, its mojibake repaired as ingest repairs the article's: a label copied
    from a text with "TomÃ¡s" names the "Tomás" the analysis sees."""
    repaired = repair_mojibake(name)[0]
    return {w for w in repaired.lower().replace("\u2019s", "").split() if w not in NAME_NOISE}


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
    return span is not None and any(s < span[1] and span[0] < e for s, e in spans)


def predicted_speaker(attributions: list[dict], item: dict) -> tuple[bool, str | None]:
    """(whether an attribution overlaps the item's source or cue, the entity name it gives)."""
    found = False
    for role in ("source", "cue"):
        for a in attributions:
            if _overlaps(a[role], item[role]):
                found = True
                if a["entity"]:
                    return True, a["entity"]
    return found, None


def outcome(found: bool, name: str | None, label: str | None) -> str:
    if not found:
        return "not found"
    if name is None:
        return "right" if label is None else "no name"
    return "right" if label is not None and same_person(name, label) else "wrong name"


def predict(items: list[dict], polnear: Path = POLNEAR) -> dict[tuple[str, str], list[dict]]:
    """Each labelled document's attributions (input offsets), with the entity name of each speaker."""
    from newsgraph.pipeline import analyze_many

    docs = sorted({(item.get("split", "dev"), item["doc"]) for item in items})
    texts = (
        {"text": (polnear / split / "text" / f"{doc}.txt").read_text(encoding="utf-8"), "source": doc}
        for split, doc in docs
    )
    predictions: dict[tuple[str, str], list[dict]] = {}
    for key, article in zip(docs, analyze_many(texts), strict=True):
        if not isinstance(article, Article):
            predictions[key] = []
            continue
        lines = quotes_line(article, key[1])["attributions"]
        for line, quote in zip(lines, article.quotes, strict=True):
            line["entity"] = quote.speaker.name if quote.speaker and quote.speaker.entity_id else None
        predictions[key] = lines
    return predictions


def evaluate(items: list[dict], polnear: Path = POLNEAR) -> dict:
    """Resolve every labelled item; return the counts per class and overall, and the misses."""
    predictions = predict(items, polnear)
    counts: dict[str, Counter] = defaultdict(Counter)
    misses = []
    for item in items:
        found, name = predicted_speaker(predictions[item.get("split", "dev"), item["doc"]], item)
        result = outcome(found, name, item["speaker"])
        for group in {item.get("class", "all"), "all"}:
            counts[group][result] += 1
            counts[group][("named" if item["speaker"] else "null", result)] += 1
        if result != "right":
            misses.append({**item, "predicted": name, "outcome": result})
    per_class = {group: _figures(c) for group, c in counts.items()}
    overall = per_class.get("all", _figures(Counter()))
    return {**overall, "classes": per_class, "misses": misses}


def _figures(c: Counter) -> dict:
    """Accuracy over all items; precision: right names among the names given; coverage: items
    whose label names someone that were given a name; wrong-name rate over all items."""
    items = sum(c[o] for o in OUTCOMES)
    named = sum(c["named", o] for o in OUTCOMES)
    right_names = c["named", "right"]
    given = right_names + c["wrong name"]
    return {
        "items": items,
        "correct": c["right"],
        "accuracy": c["right"] / items if items else 0.0,
        "named": named,
        "null": items - named,
        "names_given": given,
        "precision": right_names / given if given else 0.0,
        "coverage": (right_names + c["named", "wrong name"]) / named if named else 0.0,
        "wrong_names": c["wrong name"],
        "wrong_name_rate": c["wrong name"] / items if items else 0.0,
        "not_found": c["not found"],
        "no_name": c["no name"],
    }


def report(result: dict) -> str:
    """A table per class: accuracy, precision vs coverage, wrong names, quotes not found."""
    header = (
        f"{'class':<12} {'items':>5} {'right':>5} {'accuracy':>8} {'precision':>9} {'coverage':>8} "
        f"{'wrong name':>10} {'no name':>7} {'not found':>9}"
    )
    rows = [header]
    for group in sorted(result["classes"], key=lambda g: (g == "all", g)):
        f = result["classes"][group]
        rows.append(
            f"{group:<12} {f['items']:>5} {f['correct']:>5} {f['accuracy']:>8.3f} "
            f"{f['precision']:>9.3f} {f['coverage']:>8.3f} {f['wrong_name_rate']:>10.1%} "
            f"{f['no_name']:>7} {f['not_found']:>9}"
        )
    rows.append(f"speaker resolution: {result['correct']}/{result['items']} = {result['accuracy']:.3f}")
    return "\n".join(rows)
