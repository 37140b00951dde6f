"""Train the attribution CRFs on PolNeAR train (reproducible: fixed data, deterministic L-BFGS).

    .venv/bin/python training/train_attribution.py            # full run, writes newsgraph/nlp/data/
    .venv/bin/python training/train_attribution.py --limit 3 --out /tmp/x   # smoke run

Reads ``../shared/data/polnear`` at training time only. Writes four artefacts:
``attribution_cues.tsv`` (cue lexicon learnt from train), ``attribution_cue.crfsuite`` (cue
tagger) and ``attribution_roles.crfsuite`` (source/content tagger, one sequence per cue); and
prints the cue threshold, tuned by 3-fold cross-validation on train before the shipped models are
trained on all of train, which is the ``cue_threshold`` setting of ``newsgraph_attribution``
(its default, or ``[components.newsgraph_attribution]`` in ``newsgraph/nlp/pipeline.cfg``).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

import pycrfsuite
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from newsgraph.evaluate.attribution import POLNEAR, SCORER, load_scorer
from newsgraph.ingest.clean import plain_spaces
from newsgraph.nlp import attribution as A
from newsgraph.nlp.build import PIPELINE_CONFIG
from newsgraph.settings import get_settings

REPO = Path(__file__).resolve().parent.parent
# A lemma enters the cue lexicon when train marks it as a cue this often, at this rate at least.
LEXICON_MIN_COUNT, LEXICON_MIN_RATE = 3, 0.05
FOLDS = 3
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
CRF_PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
# The cue tagger generalises better with less L1 and more L2 (held-out train cue exact F1
# 0.668 at c1 0.1/c2 0.01, 0.671 at 0.05/0.05, 0.673 at 0.02/0.1).
CUE_CRF_PARAMS = {**CRF_PARAMS, "c1": 0.02, "c2": 0.1}


def parsed_corpus(split: str, limit: int | None, cache_dir: Path) -> list[tuple[Doc, list[dict]]]:
    """(parsed doc, gold attributions) per document; parses are cached between runs."""
    scorer = load_scorer()
    gold, _ = scorer.load_gold(scorer.Corpus(str(POLNEAR)), split)
    names = sorted(gold)[:limit]
    nlp = spacy.load(get_settings().model)
    cache = cache_dir / f"polnear-{split}-{len(names)}-plain.spacy"
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        # Spaces made plain as ingest makes them (offsets unchanged, so the gold still fits).
        docs = list(nlp.pipe((plain_spaces(gold[n][0]) for n in names), batch_size=16))
        cache_dir.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache)
    return [(doc, gold[n][1]) for doc, n in zip(docs, names, strict=True)]


def tokens_in(doc: Doc, fragments) -> list:
    return [
        t for s, e in fragments for t in doc.char_span(s, e, alignment_mode="expand") or [] if not t.is_space
    ]


def write_lexicon(corpus, path: Path) -> None:
    cue_counts, all_counts = collections.Counter(), collections.Counter()
    for doc, attrs in corpus:
        all_counts.update(t.lemma_.lower() for t in doc if not t.is_space)
        for a in attrs:
            cue = tokens_in(doc, a["cue"])
            if cue:
                cue_counts[A.cue_head(cue).lemma_.lower()] += 1
    rows = sorted(
        (
            (lem, n, all_counts[lem], n / all_counts[lem])
            for lem, n in cue_counts.items()
            if n >= LEXICON_MIN_COUNT and n / max(all_counts[lem], 1) >= LEXICON_MIN_RATE
        ),
        key=lambda r: -r[1],
    )
    path.write_text(
        "lemma\tcue_count\tcount\trate\n" + "".join(f"{lem}\t{n}\t{m}\t{r:.3f}\n" for lem, n, m, r in rows),
        encoding="utf-8",
    )


def bio(tokens, marked: dict[int, str]) -> list[str]:
    """BIO labels: marked maps token index -> role; a new fragment starts a B- label."""
    labels, previous = [], None
    for t in tokens:
        role = marked.get(t.i)
        if role is None:
            labels.append("O")
        else:
            adjacent = previous is not None and previous[0] == role and previous[1] == t.i - 1
            labels.append(("I-" if adjacent else "B-") + role)
        previous = (role, t.i) if role else None
    return labels


def cue_sequences(corpus, lexicon):
    for doc, attrs in corpus:
        layout = A.Layout(doc)
        cue_tokens = {t.i: "CUE" for a in attrs for t in tokens_in(doc, a["cue"])}
        for sent in layout.sents:
            words = layout.words(sent)
            if words:
                yield A.cue_features(layout, words, lexicon), bio(words, cue_tokens)


def role_sequences(corpus):
    for doc, attrs in corpus:
        layout = A.Layout(doc)
        for a in attrs:
            cue = tokens_in(doc, a["cue"])
            if not cue:
                continue
            window = A.role_window(layout, cue)
            marked = {t.i: "C" for t in tokens_in(doc, a["content"])}
            marked.update({t.i: "S" for t in tokens_in(doc, a["source"])})
            for t in cue:
                marked.pop(t.i, None)
            yield A.role_features(layout, cue, window), bio(window, marked)


def train(sequences, path: Path, params: dict = CRF_PARAMS) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sequences:
        trainer.append(features, labels)
    trainer.set_params(params)
    trainer.train(str(path))


def tagged_cues(attributor: A.Attributor, corpus, scorer) -> list:
    """(predicted, gold) cue lists of every document, in the shared scorer's terms."""
    docs = []
    for doc, gold in corpus:
        layout = A.Layout(doc)
        predicted = [
            {"cue": [(c[0].idx, c[-1].idx + len(c[-1]))], "source": [], "content": []}
            for c in attributor.cues(layout)
        ]
        docs.append((scorer.prepare(doc.text, predicted), scorer.prepare(doc.text, gold)))
    return docs


def tune_cue_threshold(corpus, cache: Path, out: Path, folds: int = FOLDS) -> float:
    """The cue threshold that maximises exact cue F1 over ``folds``-fold cross-validation on
    train: every document is tagged once by a cue model that never saw it, and the counts of
    all folds are scored together (one held-out sixth was too small: its best thresholds
    differed by less than a thousandth of F1)."""
    scorer = load_scorer()
    tagged = {threshold: [] for threshold in THRESHOLDS}
    for fold in range(folds):
        held_out = corpus[fold::folds]
        models = cache / f"fold-{fold}-of-{folds}"
        train_all([pair for k, pair in enumerate(corpus) if k % folds != fold], models, roles=False)
        attributor = A.Attributor(str(models / A.CUE_MODEL), None, str(models / A.CUE_LEXICON))
        for threshold in THRESHOLDS:
            attributor.cue_threshold = threshold
            tagged[threshold] += tagged_cues(attributor, held_out, scorer)
    scores = {threshold: scorer.score(docs)["cue"]["exact"]["f"] for threshold, docs in tagged.items()}
    for threshold, f in scores.items():
        print(f"cue threshold {threshold:.2f}: cross-validated cue exact F1 {f:.4f}")
    best = max(scores, key=scores.get)
    print(
        f"best cue threshold {best:.2f}: set cue_threshold of newsgraph_attribution to it "
        f"(now {configured_cue_threshold():.2f})"
    )
    return best


def configured_cue_threshold() -> float:
    """The cue threshold of the shipped pipeline: pipeline.cfg's, else the factory's default."""
    component = spacy.util.load_config(PIPELINE_CONFIG)["components"]["newsgraph_attribution"]
    return component.get(
        "cue_threshold", Language.get_factory_meta("newsgraph_attribution").default_config["cue_threshold"]
    )


def train_all(corpus, out: Path, roles: bool = True) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_lexicon(corpus, out / A.CUE_LEXICON)
    lexicon = A.load_lexicon(out / A.CUE_LEXICON)
    train(cue_sequences(corpus, lexicon), out / A.CUE_MODEL, CUE_CRF_PARAMS)
    if roles:
        train(role_sequences(corpus), out / A.ROLE_MODEL)


def check(split: str, out: Path, cache: Path, limit: int | None, cue_threshold: float) -> None:
    """Tag the cached parses of a split with the models in ``out`` and score them with the
    shared scorer: the quick loop for tuning (the real figures come from ``newsgraph eval``)."""
    import subprocess

    scorer = load_scorer()
    gold, _ = scorer.load_gold(scorer.Corpus(str(POLNEAR)), split)
    names = sorted(gold)[:limit]
    attributor = A.Attributor(
        str(out / A.CUE_MODEL), str(out / A.ROLE_MODEL), str(out / A.CUE_LEXICON), cue_threshold
    )
    pred = cache / f"check-{split}.jsonl"
    with open(pred, "w", encoding="utf-8") as f:
        for (doc, _gold), name in zip(parsed_corpus(split, limit, cache), names, strict=True):
            attrs = attributor(doc)._.attributions
            f.write(
                json.dumps(
                    {
                        "doc": name,
                        "attributions": [
                            {
                                role: [[s["start"], s["end"]] for s in a[role]]
                                for role in ("source", "cue", "content")
                            }
                            for a in attrs
                        ],
                    }
                )
                + "\n"
            )
    subprocess.run(
        [sys.executable, str(SCORER), "--polnear", str(POLNEAR), "--split", split, "--pred", str(pred)],
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="train on the first N documents only (smoke runs)")
    ap.add_argument("--out", type=Path, default=REPO / "newsgraph" / "nlp" / "data")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsgraph-training"))
    ap.add_argument("--check", choices=("dev",), help="only score the trained models on a split")
    ap.add_argument("--iterations", type=int, default=CRF_PARAMS["max_iterations"])
    ap.add_argument("--cue-threshold", type=float, help="for --check; default: the pipeline's")
    args = ap.parse_args(argv)
    if not POLNEAR.is_dir():
        sys.exit(f"PolNeAR not found at {POLNEAR}")
    CRF_PARAMS["max_iterations"] = CUE_CRF_PARAMS["max_iterations"] = args.iterations
    if args.check:
        check(args.check, args.out, args.cache, args.limit, args.cue_threshold or configured_cue_threshold())
        return 0
    corpus = parsed_corpus("train", args.limit, args.cache)
    # Tune the cue threshold by cross-validation, then train the shipped models on everything.
    tune_cue_threshold(corpus, args.cache, args.out, min(FOLDS, len(corpus)))
    train_all(corpus, args.out)
    print(f"trained on {len(corpus)} documents into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
