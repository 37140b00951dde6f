"""Attribution output in the shared scorer's format, and the PolNeAR evaluation.

``quotes_line`` turns an analysed article into one JSON Lines record of
``../shared/eval/attrib_score.py`` (offsets into the input file's own text); ``evaluate`` runs
the pipeline over a PolNeAR split and hands the predictions to that scorer, so the figures
printed are the scorer's own.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import types
from collections import defaultdict
from pathlib import Path

from newsgraph.evaluate.gold import input_span
from newsgraph.record import Article
from newsgraph.settings import get_settings

SHARED = get_settings().shared  # eval time only; never read by the analysis itself
POLNEAR = get_settings().polnear
SCORER = SHARED / "eval" / "attrib_score.py"


def load_scorer() -> types.ModuleType:
    """The shared scorer as a module: its brat reader defines what a gold attribution is."""
    spec = importlib.util.spec_from_file_location("attrib_score", SCORER)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the attribution scorer {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def quotes_line(article: Article, doc: str) -> dict:
    """One scorer line: every attribution's source, cue and content spans, and its speaker."""
    return {
        "doc": doc,
        "attributions": [
            {
                role: [list(input_span(article, s)) for s in getattr(q, role)]
                for role in ("source", "cue", "content")
            }
            | {"speaker": q.speaker.name if q.speaker else None}
            for q in article.quotes
        ],
    }


def split_texts(split: str, polnear: Path = POLNEAR) -> list[Path]:
    folder = polnear / split / "text"
    if not folder.is_dir():
        raise FileNotFoundError(f"PolNeAR {split} texts not found at {folder}")
    return sorted(folder.glob("*.txt"))


def predict(paths: list[Path], out) -> int:
    """Analyse each file and write its scorer line to ``out``; returns the documents written."""
    from newsgraph.pipeline import analyze_many

    items = ({"text": p.read_text(encoding="utf-8"), "source": p.stem} for p in paths)
    written = 0
    for path, result in zip(paths, analyze_many(items), strict=True):
        attributions = (
            quotes_line(result, path.stem)
            if isinstance(result, Article)
            else {"doc": path.stem, "attributions": []}
        )
        out.write(json.dumps(attributions, ensure_ascii=False) + "\n")
        written += 1
    return written


def evaluate(
    split: str = "dev", polnear: Path = POLNEAR, pred_path: Path | None = None, limit: int | None = None
) -> dict:
    """Predict a PolNeAR split, run the shared scorer on it, print its tables; return its figures."""
    paths = split_texts(split, polnear)[:limit]
    pred_path = pred_path or Path(f"attribution-{split}.jsonl")
    with open(pred_path, "w", encoding="utf-8") as out:
        predict(paths, out)
    result = subprocess.run(
        [sys.executable, str(SCORER), "--polnear", str(polnear), "--split", split, "--pred", str(pred_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    print(result.stdout, end="")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _read_verbatim(path: Path) -> str:
    """A corpus file with its line ends untouched: brat offsets count every character."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def annotator_agreement(polnear: Path = POLNEAR, splits=("train", "dev")) -> dict:
    """The human ceiling: on the texts PolNeAR had annotated twice, the second annotator scored
    against the first by the shared scorer's own metrics (all attributions, then direct quotes)."""
    scorer = load_scorer()
    pairs = []
    for split in splits:
        annotations = defaultdict(list)
        for path in sorted((polnear / split / "attributions").glob("*.ann")):
            annotations[path.stem.rsplit("_", 1)[0]].append(path)
        for doc, paths in sorted(annotations.items()):
            if len(paths) < 2:
                continue
            text, first, second = (
                _read_verbatim(p) for p in (polnear / split / "text" / f"{doc}.txt", *paths[:2])
            )
            first, second = scorer.parse_ann(first), scorer.parse_ann(second)
            pairs.append((scorer.prepare(text, second), scorer.prepare(text, first)))
    direct = [
        ([p for p in second if p["direct"]], [g for g in first if g["direct"]]) for second, first in pairs
    ]
    result = {"docs": len(pairs), "all": scorer.score(pairs), "direct": scorer.score(direct)}
    print(scorer.table(f"ALL attributions, second annotator vs first ({len(pairs)} texts)", result["all"]))
    print(scorer.table("DIRECT QUOTES only", result["direct"]))
    return result


def component_cost(texts: list[str]) -> dict:
    """Seconds for the base spaCy model over ``texts`` and for the attribution component over
    the same parsed docs (entities already filled, as in the pipeline): its cost on top of spaCy."""
    import time

    from newsgraph.pipeline import load_pipeline

    nlp = load_pipeline()
    base = [name for name, _ in nlp.pipeline if not name.startswith("newsgraph_")]
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, disable=[n for n, _ in nlp.pipeline if n not in base]))
    spacy_seconds = time.perf_counter() - started
    entities, attribution = nlp.get_pipe("newsgraph_entities"), nlp.get_pipe("newsgraph_attribution")
    docs = [entities(doc) for doc in docs]
    started = time.perf_counter()
    for doc in docs:
        attribution(doc)
    attribution_seconds = time.perf_counter() - started
    return {
        "docs": len(texts),
        "words": sum(len(d) for d in docs),
        "spacy_seconds": spacy_seconds,
        "attribution_seconds": attribution_seconds,
        "cost": attribution_seconds / spacy_seconds,
    }
