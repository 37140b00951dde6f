"""Stories: near-duplicate copies (MinHash LSH over word shingles) and clusters of articles
about the same story (idf-weighted overlap of entities and salient words, within a few days).

``signature`` runs once per article on the write path; ``rebuild_stories`` recomputes the
``stories`` tables from the stored signatures, so it never re-reads or re-analyses text.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from importlib import resources

import numpy as np
from datasketch import MinHash, MinHashLSH
from spacy.lang.en.stop_words import STOP_WORDS

SETTINGS = json.loads((resources.files("newsgraph.store") / "data" / "stories.json").read_text("utf-8"))
# Stored signatures are 32-bit values of this datasketch scheme; reading them back needs the same.
_SCHEME = "affine32"
# Drawing the permutations is most of a MinHash's cost: draw them once (same seed, same values).
_PERMUTATIONS = MinHash(num_perm=SETTINGS["num_perm"], scheme=_SCHEME).permutations
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def signature(text: str) -> tuple[bytes, list[str]]:
    """MinHash of the text's word shingles (as bytes) and its most frequent content words."""
    words = [w.lower() for w in _WORD.findall(text)]
    width = SETTINGS["shingle"]
    shingles = {" ".join(words[i : i + width]) for i in range(max(len(words) - width + 1, 1))}
    minhash = MinHash(num_perm=SETTINGS["num_perm"], scheme=_SCHEME, permutations=_PERMUTATIONS)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    content = Counter(w for w in words if len(w) > 3 and w not in STOP_WORDS)
    return minhash.hashvalues.astype(np.uint32).tobytes(), [
        w for w, _ in content.most_common(SETTINGS["keywords"])
    ]


class _UnionFind:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        found = defaultdict(list)
        for x in self.parent:
            found[self.find(x)].append(x)
        return [sorted(g) for g in found.values() if len(g) > 1]


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def _duplicates(rows: list[sqlite3.Row]) -> _UnionFind:
    lsh = MinHashLSH(threshold=SETTINGS["duplicate_threshold"], num_perm=SETTINGS["num_perm"])
    copies = _UnionFind()
    for row in rows:
        minhash = MinHash(
            num_perm=SETTINGS["num_perm"],
            scheme=_SCHEME,
            permutations=_PERMUTATIONS,
            hashvalues=np.frombuffer(row["minhash"], dtype=np.uint32),
        )
        for other in lsh.query(minhash):
            copies.union(other, row["num"])
        lsh.insert(row["num"], minhash)
    return copies


def _features(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> dict[int, set[str]]:
    types = SETTINGS["entity_types"]
    features = {row["num"]: {"w:" + w for w in json.loads(row["keywords"])} for row in rows}
    for num, entity in conn.execute(
        f"SELECT article, entity FROM article_entities JOIN entities ON entities.id = entity "
        f"WHERE type IN ({','.join('?' * len(types))})",
        types,
    ):
        features[num].add(f"e:{entity}")
    return features


def _pairs_in_window(nums: list[int], days: dict[int, int | None], window: int) -> Iterator[tuple[int, int]]:
    """Pairs of articles that could be one story: dated ones at most ``window`` days apart
    (a sliding window over the postings sorted by day), undated ones with every other."""
    dated = sorted((day, n) for n in nums if (day := days[n]) is not None)
    undated = [n for n in nums if days[n] is None]
    for i, (day, a) in enumerate(dated):
        for later_day, b in dated[i + 1 :]:
            if later_day - day > window:
                break
            yield a, b
    for i, a in enumerate(undated):
        for b in undated[i + 1 :] + [n for _, n in dated]:
            yield a, b


def _same_story(features: dict[int, set[str]], days: dict[int, int | None], copies: _UnionFind) -> _UnionFind:
    """Link articles whose idf-weighted feature vectors are close, scoring only the pairs that
    share a feature rare enough to be informative (an inverted index, not all pairs)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for num, feats in features.items():
        for f in feats:
            postings[f].append(num)
    n = len(features)
    cap = max(
        SETTINGS["min_feature_cap"],
        min(SETTINGS["max_feature_articles"], int(SETTINGS["max_feature_share"] * n)),
    )
    idf = {f: math.log(n / len(nums)) for f, nums in postings.items() if 1 < len(nums) <= cap}
    norms = {
        num: math.sqrt(sum(idf.get(f, 0.0) ** 2 for f in feats)) or 1.0 for num, feats in features.items()
    }
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for f, weight in idf.items():
        for pair in _pairs_in_window(postings[f], days, SETTINGS["window_days"]):
            dots[pair] += weight * weight
    stories = _UnionFind()
    for group in copies.groups():
        for num in group[1:]:
            stories.union(group[0], num)
    for (a, b), dot in dots.items():
        if dot / (norms[a] * norms[b]) >= SETTINGS["story_threshold"]:
            stories.union(a, b)
    return stories


def rebuild_stories(conn: sqlite3.Connection) -> int:
    """Recompute every story from the stored signatures; returns the number of stories.
    A story's id is the ``num`` of its earliest stored article, so it does not depend on the
    order stories are found in (which follows set iteration, different in every process): the
    same input gives the same ids, and a story keeps its id as articles join it. The caller
    holds the transaction."""
    rows = conn.execute(
        "SELECT s.article AS num, s.minhash, s.keywords, a.published, a.title "
        "FROM signatures s JOIN articles a ON a.num = s.article ORDER BY s.article"
    ).fetchall()
    copies = _duplicates(rows)
    days = {row["num"]: _day(row["published"]) for row in rows}
    stories = _same_story(_features(conn, rows), days, copies)
    by_num = {row["num"]: row for row in rows}
    groups = stories.groups()
    conn.execute("DELETE FROM stories")
    for group in groups:
        ordered = sorted(group, key=lambda num: (by_num[num]["published"] or "9999", num))
        dates = [by_num[num]["published"] for num in ordered if by_num[num]["published"]]
        label = next((by_num[num]["title"] for num in ordered if by_num[num]["title"]), None)
        story = min(group)
        conn.execute(
            "INSERT INTO stories(id, label, first_published, last_published, size) VALUES (?, ?, ?, ?, ?)",
            (
                story,
                label or f"story of {len(group)} articles",
                min(dates, default=None),
                max(dates, default=None),
                len(group),
            ),
        )
        conn.executemany(
            "INSERT INTO story_articles(story, article, duplicate_of) VALUES (?, ?, ?)",
            [(story, num, _original(copies, num)) for num in ordered],
        )
    return len(groups)


def _original(copies: _UnionFind, num: int) -> int | None:
    """The first stored copy of the text ``num`` duplicates, or None if it is an original."""
    if num not in copies.parent:
        return None
    root = copies.find(num)
    return root if root != num else None
