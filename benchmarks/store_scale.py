"""The store at scale: a synthetic 100,000-article store built by replicating and perturbing
real analysed articles, then query latency.

    python benchmarks/store_scale.py [--articles 100000] [--seeds 100] [--db PATH] [--queries 200]

1. Seeds: the first ``--seeds`` PolNeAR train texts through ``analyze_many`` (real entities,
   quotes, events), with publisher/date/title from PolNeAR's metadata.
2. Copies: each copy of a seed gets a new id, a date moved by up to a year, often another
   publisher, ~3% of its words replaced (from the corpus vocabulary and a long tail of new
   words, so the full-text index grows as with real text) and some people renamed (so the entity
   table grows too). Spans are not moved: offsets are not what is measured here.
3. Writes through ``Store.add_article`` in 500-article transactions, then ``rebuild_stories``.
4. Latency (p50/p95 over ``--queries`` random queries each): full-text search (count, ranked
   page, facets), search filtered by speaker, quotes by speaker, entity profile.
Prints the figures and the database size per article.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"
PAPERS = ["Herald", "Tribune", "Gazette", "Post", "Courier", "Chronicle", "Journal", "Times"]
CITIES = ["Springfield", "Riverton", "Lakeside", "Fairview", "Georgetown", "Franklin", "Clinton", "Salem"]
WORD = re.compile(r"[A-Za-z]{3,}")


def seed_records(count: int) -> list:
    from newsgraph.pipeline import analyze_many
    from newsgraph.record import Article

    with open(SHARED / "metadata.tsv", newline="", encoding="utf-8") as f:
        meta = {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}
    paths = sorted((SHARED / "train" / "text").glob("*.txt"))[:count]
    seeds = []
    for path, result in zip(paths, analyze_many([p.read_bytes() for p in paths]), strict=True):
        if isinstance(result, Article):
            row = meta.get(path.stem, {})
            seeds.append(
                result.model_copy(
                    update={
                        "title": result.title or row.get("title"),
                        "publisher": row.get("publisher") or result.publisher,
                        "published": row.get("publication_date") or result.published,
                    }
                )
            )
    return seeds


class Perturber:
    def __init__(self, seeds: list, rng: random.Random):
        self.rng = rng
        self.vocabulary = [w for s in seeds for w in WORD.findall(s.text)]
        names = [
            e.name.split()
            for s in seeds
            for e in s.entities
            if e.type == "PERSON" and len(e.name.split()) == 2
        ]
        self.first_names = sorted({n[0] for n in names}) or ["Alex"]
        self.surnames = sorted({n[1] for n in names}) or ["Smith"]
        self.publishers = sorted({s.publisher for s in seeds if s.publisher}) + [
            f"{c} {p}" for c in CITIES for p in PAPERS
        ]

    def _word(self) -> str:
        if self.rng.random() < 0.1:  # the long tail: names, typos, rare words
            return f"{self.rng.choice(self.vocabulary)}{self.rng.randrange(10_000)}"
        return self.rng.choice(self.vocabulary)

    def _text(self, text: str) -> str:
        return WORD.sub(lambda m: self._word() if self.rng.random() < 0.03 else m.group(), text)

    def _people(self, entities: list) -> tuple[list, dict[str, str]]:
        renamed, copies = {}, []
        for entity in entities:
            if entity.type == "PERSON" and self.rng.random() < 0.15:
                name = f"{self.rng.choice(self.first_names)} {self.rng.choice(self.surnames)}{self.rng.randrange(50)}"
                renamed[entity.id] = name
                entity = entity.model_copy(update={"name": name, "aliases": []})
            copies.append(entity)
        return copies, renamed

    def copy(self, seed, index: int):
        from datetime import date, timedelta

        text = self._text(seed.text)
        entities, renamed = self._people(seed.entities)
        quotes = [
            q.model_copy(
                update={"speaker": q.speaker.model_copy(update={"name": renamed[q.speaker.entity_id]})}
            )
            if q.speaker and q.speaker.entity_id in renamed
            else q
            for q in seed.quotes
        ]
        published = seed.published
        if published:
            published = (
                date.fromisoformat(published[:10]) + timedelta(days=self.rng.randint(-365, 365))
            ).isoformat()
        publisher = seed.publisher if self.rng.random() < 0.5 else self.rng.choice(self.publishers)
        return seed.model_copy(
            update={
                "id": hashlib.sha256(f"{index}:{text}".encode()).hexdigest()[:16],
                "text": text,
                "entities": entities,
                "quotes": quotes,
                "published": published,
                "publisher": publisher,
            }
        )


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return f"p50 {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms (n={len(ms)})"


def timed(calls) -> list[float]:
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def build(db: Path, seeds: list, articles: int, rng: random.Random) -> None:
    from newsgraph.store import open_store
    from newsgraph.store.stories import rebuild_stories

    perturber = Perturber(seeds, rng)
    start = time.perf_counter()
    with open_store(db) as store:
        for first in range(0, articles, 500):
            with store.transaction():
                for index in range(first, min(first + 500, articles)):
                    article = seeds[index] if index < len(seeds) else perturber.copy(rng.choice(seeds), index)
                    store.add_article(article, source=f"synthetic/{index}", input_hash=article.id)
            if first and first % 10_000 == 0:
                rate = first / (time.perf_counter() - start)
                print(f"  {first} articles, {rate:.0f} articles/s", file=sys.stderr, flush=True)
        written = time.perf_counter() - start
        print(
            f"wrote {articles} articles in {written:.0f} s ({articles / written:.0f} articles/s, "
            f"{written / articles * 1000:.1f} ms each)",
            flush=True,
        )
        start = time.perf_counter()
        with store.transaction():
            stories = rebuild_stories(store.conn)
        print(f"rebuilt stories in {time.perf_counter() - start:.0f} s: {stories} stories", flush=True)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def measure(db: Path, n: int, rng: random.Random) -> None:
    from newsgraph.store import open_store
    from newsgraph.store.filters import QuoteFilter, SearchFilter

    with open_store(db, readonly=True) as store:
        stats = store.stats()
        print(
            f"store: {stats['counts']['articles']} articles, {stats['counts']['entities']} entities, "
            f"{stats['counts']['quotes']} quotes, {stats['counts']['events']} events; "
            f"{stats['db_bytes'] / 1e6:.0f} MB = {stats['bytes_per_article'] / 1024:.1f} KB per article",
            flush=True,
        )
        # What people search for: content words (a query for "the" ranks the whole store).
        words = [
            w.lower()
            for (text,) in store.conn.execute("SELECT text FROM article_bodies LIMIT 200")
            for w in WORD.findall(text)
            if len(w) > 3 and w.lower() not in STOP_WORDS
        ]
        queries = [" ".join(rng.choice(words) for _ in range(rng.choice([1, 1, 2, 2, 3]))) for _ in range(n)]
        speakers = [
            r["name"]
            for r in store.conn.execute(
                "SELECT e.name FROM entities e WHERE e.type = 'PERSON' AND EXISTS "
                "(SELECT 1 FROM quotes q WHERE q.entity = e.id) ORDER BY e.id"
            )
        ]
        people = [rng.choice(speakers) for _ in range(n)]
        top = [s["name"] for s in stats["top_speakers"]]
        store.search(SearchFilter(q="warm up the page cache"))
        print(
            "FTS search:",
            percentiles(timed(lambda q=q: store.search(SearchFilter(q=q)) for q in queries)),
            flush=True,
        )
        print(
            "search filtered by speaker:",
            percentiles(
                timed(
                    lambda q=q, p=p: store.search(SearchFilter(q=q, speaker=p))
                    for q, p in zip(queries, people, strict=True)
                )
            ),
            flush=True,
        )
        print(
            "quotes by speaker (random speakers):",
            percentiles(timed(lambda p=p: store.quotes(QuoteFilter(speaker=p)) for p in people)),
        )
        print(
            "quotes by speaker (the 10 most quoted):",
            percentiles(
                timed(lambda p=p: store.quotes(QuoteFilter(speaker=p)) for p in top * max(1, n // 10))
            ),
        )
        print(
            "entity profile (random people):",
            percentiles(timed(lambda p=p: store.entity_profile(p) for p in people)),
        )
        print(
            "entity profile (the 10 most quoted):",
            percentiles(timed(lambda p=p: store.entity_profile(p) for p in top * max(1, n // 20))),
            flush=True,
        )


def scale_parser(description: str, reuse_help: str) -> argparse.ArgumentParser:
    """The options of the benchmarks on the synthetic store (this one and ``identity_scale.py``)."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--db", type=Path, help="keep the store here (default: a temporary file)")
    parser.add_argument("--reuse", action="store_true", help=reuse_help)
    return parser


def scale_store(args: argparse.Namespace, tmp: str, rng: random.Random) -> Path:
    """The synthetic store the options name: built afresh unless ``--reuse``."""
    db = args.db or Path(tmp) / "scale.db"
    if not args.reuse:
        if not SHARED.is_dir():
            sys.exit(f"no PolNeAR texts at {SHARED}")
        db.unlink(missing_ok=True)
        build(db, seed_records(args.seeds), args.articles, rng)
    return db


def main() -> None:
    parser = scale_parser(__doc__, "measure an existing --db without rebuilding it")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as tmp:
        measure(scale_store(args, tmp, rng), args.queries, rng)


if __name__ == "__main__":
    main()
