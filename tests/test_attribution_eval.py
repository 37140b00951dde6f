"""Smoke tests of the attribution evaluation, the speaker-set scorer and the training script on a
few PolNeAR documents (skipped when ../shared is absent; CI never trains for real)."""

import json
import sys
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.evaluate import attribution, speakers

REPO = Path(__file__).resolve().parent.parent
needs_polnear = pytest.mark.skipif(
    not (attribution.POLNEAR / "dev").is_dir(), reason="PolNeAR (../shared) not available"
)


@needs_polnear
def test_eval_runs_the_shared_scorer_on_dev(tmp_path, capsys):
    pred = tmp_path / "pred.jsonl"
    assert main(["eval", "attribution", "--split", "dev", "--limit", "2", "--pred", str(pred)]) == 0
    out = capsys.readouterr().out
    assert "ALL attributions" in out and "DIRECT QUOTES only" in out
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["docs_with_predictions"] == 2
    assert figures["all"]["cue"]["exact"]["tp"] > 0
    lines = [json.loads(line) for line in pred.read_text().splitlines()]
    assert [line["doc"] for line in lines] == [p.stem for p in attribution.split_texts("dev")[:2]]


@needs_polnear
def test_agreement_scores_second_annotators_against_the_first(capsys):
    assert main(["eval", "agreement"]) == 0
    assert "second annotator vs first (18 texts)" in capsys.readouterr().out
    result = attribution.annotator_agreement()
    # Two people, two readings: well above chance, well below identity.
    for role in ("source", "cue", "content"):
        assert 0.5 < result["all"][role]["exact"]["f"] < 0.95
    assert result["direct"]["n_gold"] < result["all"]["n_gold"]


@needs_polnear
def test_quotes_command_writes_scorer_lines_with_input_offsets(capsys):
    path = attribution.split_texts("dev")[0]
    assert main(["quotes", str(path), "--format", "jsonl"]) == 0
    line = json.loads(capsys.readouterr().out)
    text = path.read_text(encoding="utf-8")
    assert line["doc"] == path.stem and line["attributions"]
    for a in line["attributions"]:
        assert set(a) == {"source", "cue", "content", "speaker"}
        for s, e in a["content"]:
            assert text[s:e].strip() == text[s:e] and e > s


def test_speaker_names_agree_on_surname_not_on_namesakes():
    assert speakers.same_person("Trump", "Donald Trump")
    assert speakers.same_person("Mr. Obama", "Obama")
    assert not speakers.same_person("Hillary Clinton", "Bill Clinton")
    assert not speakers.same_person(None, "Obama")
    assert speakers.same_person("International Monetary Fund", "IMF")
    assert not speakers.same_person("International Monetary Fund", "IRS")


def test_a_label_with_mojibake_names_the_repaired_name():
    """PolNeAR texts carry mojibake ("TomÃ¡s"); ingest repairs it, so the analysis names "Tomás"."""
    assert speakers.same_person("Tomás Regalado", "TomÃ¡s Regalado")
    assert not speakers.same_person("Tomás Regalado", "TomÃ¡s Ramirez")


def test_speaker_set_is_large_enough_and_well_formed():
    items = speakers.load_set()
    assert len(items) >= 100
    for item in items:
        assert item["speaker"] and item["source"][0] < item["source"][1]


@needs_polnear
def test_speaker_scorer_on_one_document():
    items = [i for i in speakers.load_set() if i["doc"] == speakers.load_set()[0]["doc"]]
    result = speakers.evaluate(items)
    assert result["items"] == len(items)
    assert 0 <= result["correct"] <= len(items)


@needs_polnear
def test_training_script_smoke(tmp_path):
    sys.path.insert(0, str(REPO / "training"))
    import train_attribution

    assert (
        train_attribution.main(
            ["--limit", "2", "--iterations", "5", "--out", str(tmp_path), "--cache", str(tmp_path / "cache")]
        )
        == 0
    )
    for name in ("attribution_cue.crfsuite", "attribution_roles.crfsuite", "attribution_cues.tsv"):
        assert (tmp_path / name).stat().st_size > 0
    assert "say" in (tmp_path / "attribution_cues.tsv").read_text()


def test_component_cost_is_measured_against_bare_spacy():
    text = (REPO / "newsgraph" / "examples" / "nato-chief-meets-biden.txt").read_text(encoding="utf-8")
    cost = attribution.component_cost([text, text])
    assert cost["docs"] == 2 and cost["words"] > 1000
    assert cost["spacy_seconds"] > 0 and cost["attribution_seconds"] > 0
