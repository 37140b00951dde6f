"""Cross-document entity identity scored against a gold set of identities.

    python -m newsgraph.evaluate.entities --gold tests/data/entities/identity_tune.jsonl [--db KEEP.db]

A gold line is one entity in one article: {"doc", "split", "entity", "type", "mentions":
[[start, end], …], "forms": […]}, offsets into the PolNeAR ``.txt``; lines of one ``entity``
across articles are one real-world thing. The articles are ingested into a store (a temporary
one, or ``--db``, kept and reused: ingest skips what it holds) and each gold mention gets the
collection entity of the stored mention that overlaps it most (none: a cluster of its own).

Figures:
- B-cubed precision, recall and F1 over gold mentions;
- wrong merges: a collection entity that is the main one of several gold entities;
- merge errors: pairs of gold entities that share a collection entity (with the mentions
  involved), split errors: gold entities spread over several collection entities;
- profile reach: of the articles that name a gold person, the share in which the person's
  profile (the collection entity holding most of the person's mentions) holds a mention.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from newsgraph.evaluate.gold import POLNEAR, load_jsonl


@dataclass(frozen=True)
class GoldMention:
    doc: str
    start: int
    end: int
    entity: str
    type: str


def load_gold(path: Path) -> list[GoldMention]:
    mentions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            mentions += [
                GoldMention(row["doc"], s, e, row["entity"], row.get("type", "")) for s, e in row["mentions"]
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a gold entity line ({exc})") from exc
    return mentions


def gold_paths(path: Path, polnear: Path = POLNEAR) -> dict[str, Path]:
    """doc -> its PolNeAR text, for every article of the gold file."""
    return {row["doc"]: polnear / row["split"] / "text" / f"{row['doc']}.txt" for row in load_jsonl(path)}


def system_mentions(store, paths: dict[str, Path]) -> dict[str, list[tuple[int, int, int]]]:
    """doc -> [(start, end, collection entity)] of the stored name mentions, in input offsets."""
    found: dict[str, list[tuple[int, int, int]]] = {}
    for doc, path in paths.items():
        row = store.conn.execute(
            "SELECT a.id, a.num FROM sources s JOIN articles a ON a.num = s.article WHERE s.source = ?",
            (str(path),),
        ).fetchone()
        if row is None:
            found[doc] = []
            continue
        article = store.get_article(row["id"])
        found[doc] = [
            (article.source_offset(m["start"]), article.source_offset(m["end"] - 1) + 1, m["entity"])
            for m in store.conn.execute(
                "SELECT m.start, m.end, ae.entity FROM mentions m JOIN article_entities ae "
                "ON ae.article = m.article AND ae.local_id = m.local_id WHERE m.article = ?",
                (row["num"],),
            )
        ]
    return found


def system_entity(gold: GoldMention, stored: list[tuple[int, int, int]]) -> int | None:
    best, best_overlap = None, 0
    for start, end, entity in stored:
        overlap = min(end, gold.end) - max(start, gold.start)
        if overlap > best_overlap:
            best, best_overlap = entity, overlap
    return best


def score(gold: list[GoldMention], assigned: list[int | None], names: dict[int, str] | None = None) -> dict:
    """B-cubed over gold mentions, merge and split errors, profile reach (module docstring)."""
    names = names or {}
    clusters = [f"sys:{a}" if a is not None else f"none:{i}" for i, a in enumerate(assigned)]
    gold_sizes = Counter(g.entity for g in gold)
    system_sizes = Counter(clusters)
    both = Counter(zip((g.entity for g in gold), clusters, strict=True))
    precision = sum(both[(g.entity, c)] / system_sizes[c] for g, c in zip(gold, clusters, strict=True)) / len(
        gold
    )
    recall = sum(
        both[(g.entity, c)] / gold_sizes[g.entity] for g, c in zip(gold, clusters, strict=True)
    ) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    holders: dict[str, Counter] = defaultdict(Counter)
    for (entity, cluster), n in both.items():
        holders[entity][cluster] += n
    by_cluster: dict[str, Counter] = defaultdict(Counter)
    for (entity, cluster), n in both.items():
        if cluster.startswith("sys:"):
            by_cluster[cluster][entity] += n
    merged = sorted(
        ((cluster, entities) for cluster, entities in by_cluster.items() if len(entities) > 1),
        key=lambda item: -item[1].total(),
    )
    merges = [
        {
            "entities": sorted(entities),
            "mentions": dict(entities),
            "system": names.get(int(cluster[4:]), cluster),
        }
        for cluster, entities in merged
    ]
    split = sorted(
        ((e, counts) for e, counts in holders.items() if len(counts) > 1), key=lambda item: -item[1].total()
    )
    splits = [
        {"entity": entity, "parts": {_cluster_name(c, names): n for c, n in counts.most_common()}}
        for entity, counts in split
    ]
    return {
        "mentions": len(gold),
        "entities": len(gold_sizes),
        "bcubed": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)},
        "profile_reach": profile_reach(gold, clusters),
        "wrong_merges": wrong_merges(holders, names),
        "merge_errors": merges,
        "split_errors": splits,
    }


def wrong_merges(holders: dict[str, Counter], names: dict[int, str]) -> list[dict]:
    """Store entities that are the main entity (the one holding most mentions) of several gold
    entities: two real-world things shown as one. Stray mentions in another's entity are merge
    errors, not wrong merges."""
    main_of: dict[str, list[str]] = defaultdict(list)
    for entity, counts in holders.items():
        main = next((c for c, _ in counts.most_common() if c.startswith("sys:")), None)
        if main:
            main_of[main].append(entity)
    return [
        {"system": _cluster_name(cluster, names), "entities": sorted(entities)}
        for cluster, entities in main_of.items()
        if len(entities) > 1
    ]


def _cluster_name(cluster: str, names: dict[int, str]) -> str:
    return (
        f"{names.get(int(cluster[4:]), '?')} ({cluster[4:]})" if cluster.startswith("sys:") else "no entity"
    )


def profile_reach(gold: list[GoldMention], clusters: list[str]) -> dict:
    """Of the articles naming each gold person, those where the person's profile holds a mention."""
    holders: dict[str, Counter] = defaultdict(Counter)
    articles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for g, cluster in zip(gold, clusters, strict=True):
        if g.type == "PERSON":
            holders[g.entity][cluster] += 1
            articles[g.entity][g.doc].add(cluster)
    naming = reached = 0
    missed = []
    for entity, counts in holders.items():
        profile = next((c for c, _ in counts.most_common() if c.startswith("sys:")), None)
        for doc, held in articles[entity].items():
            naming += 1
            if profile in held:
                reached += 1
            else:
                missed.append({"entity": entity, "doc": doc})
    return {
        "articles": naming,
        "reached": reached,
        "share": round(reached / naming, 4) if naming else None,
        "missed": missed,
    }


def evaluate(
    gold_path: Path, db: Path | None = None, polnear: Path = POLNEAR, recluster: bool = False
) -> dict:
    from newsgraph.collection import ingest
    from newsgraph.identity.cluster import recluster as run_recluster
    from newsgraph.store import open_store

    gold = load_gold(gold_path)
    paths = gold_paths(gold_path, polnear)
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} gold articles not found, e.g. {missing[0]}")
    with tempfile.TemporaryDirectory() as tmp, open_store(db or Path(tmp) / "entities.db") as store:
        ingest(store, sorted(paths.values()), progress=sys.stderr.isatty(), stories=False)
        if recluster:
            with store.transaction():
                run_recluster(store.conn)
        stored = system_mentions(store, paths)
        assigned = [system_entity(g, stored[g.doc]) for g in gold]
        names = {r["id"]: r["name"] for r in store.conn.execute("SELECT id, name FROM entities")}
    return score(gold, assigned, names)


def print_report(result: dict, errors: int = 15) -> None:
    b = result["bcubed"]
    reach = result["profile_reach"]
    print(f"{result['mentions']} gold mentions of {result['entities']} entities")
    print(f"B-cubed P {b['precision']:.4f}  R {b['recall']:.4f}  F1 {b['f1']:.4f}")
    print(f"profile reach: {reach['reached']}/{reach['articles']} articles = {reach['share']}")
    print(
        f"wrong merges, one store entity as the main one of several gold entities ({len(result['wrong_merges'])}):"
    )
    for merge in result["wrong_merges"]:
        print(f"  {merge['system']}: {merge['entities']}")
    print(f"merge errors ({len(result['merge_errors'])}):")
    for merge in result["merge_errors"][:errors]:
        print(f"  {merge['system']}: {merge['mentions']}")
    print(f"split errors ({len(result['split_errors'])}):")
    for split in result["split_errors"][:errors]:
        print(f"  {split['entity']}: {split['parts']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, required=True, help="gold identities (JSON Lines)")
    parser.add_argument("--db", type=Path, help="keep the store here (reused if it exists)")
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--recluster", action="store_true", help="re-cluster the store before scoring")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args(argv)
    result = evaluate(args.gold, args.db, args.polnear, args.recluster)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
