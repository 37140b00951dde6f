"""The components keep spaCy's contract: declared annotations, a config that builds the pipeline,
saving and loading, and a clear error when a component runs without what it needs."""

import pytest
import spacy
import srsly

from newsgraph.ingest import prepare
from newsgraph.nlp.build import PIPELINE_CONFIG
from newsgraph.nlp.util import MissingExtensionError, line_of, line_sentences
from newsgraph.pipeline import COMPONENTS, _make_doc, _to_record, load_pipeline


# The events component declares its contract in the events package (issue 15, section 2).
def test_pipeline_is_the_shipped_config():
    names = load_pipeline().pipe_names
    assert names == spacy.util.load_config(PIPELINE_CONFIG)["nlp"]["pipeline"]
    assert names.index("newsgraph_paragraphs") < names.index("parser")


def test_analyze_pipes_reports_no_problems():
    analysis = load_pipeline().analyze_pipes()
    assert analysis["problems"] == {name: [] for name in load_pipeline().pipe_names}
    for factory, extension, _section in COMPONENTS:
        assert f"doc._.{extension}" in analysis["summary"][factory]["assigns"]


def test_every_newsgraph_factory_declares_its_contract():
    nlp = load_pipeline()
    for name in nlp.pipe_names:
        if name.startswith("newsgraph_"):
            meta = nlp.get_pipe_meta(name)
            assert meta.assigns, name
            assert meta.requires or name == "newsgraph_paragraphs", name


def test_settings_come_from_the_config():
    config = load_pipeline().config["components"]
    assert config["newsgraph_attribution"]["cue_threshold"] == 0.5
    assert config["newsgraph_attribution"]["role_window"] == 3
    assert config["newsgraph_summary"]["lead_decay"] == 0.5


def test_a_setting_in_the_config_reaches_the_component():
    config = spacy.util.load_config(PIPELINE_CONFIG)
    config["components"]["newsgraph_summary"]["redundancy"] = 0.9
    config["components"]["newsgraph_attribution"]["lookback_sentences"] = 4
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    assert nlp.get_pipe("newsgraph_summary").redundancy == 0.9
    assert nlp.get_pipe("newsgraph_attribution").lookback_sentences == 4


def _record(nlp, text):
    prepared = prepare(text)
    return _to_record(prepared, nlp(_make_doc(nlp, prepared))).to_dict()


def test_saved_pipeline_loads_and_gives_the_same_record(tmp_path, example_text):
    load_pipeline().to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == load_pipeline().pipe_names
    assert _record(reloaded, example_text) == _record(load_pipeline(), example_text)


def test_saved_rules_are_the_ones_read_back(tmp_path):
    times = load_pipeline().get_pipe("newsgraph_times")
    times.to_disk(tmp_path)
    reloaded = type(times)().from_disk(tmp_path)
    assert [r.regex.pattern for r in reloaded.rules.rules] == [r.regex.pattern for r in times.rules.rules]
    assert reloaded.rules.lead_words == times.rules.lead_words


def test_speakers_are_resolved_with_the_saved_coreference_words(tmp_path):
    load_pipeline().to_disk(tmp_path / "pipeline")
    text = "Elizabeth Warren spoke in Denver on Monday.\n\n\u201cThis is a fight,\u201d she said.\n"
    words_file = tmp_path / "pipeline" / "newsgraph_attribution" / "coref_words.json"
    words = srsly.read_json(words_file)
    assert _speaker(spacy.load(tmp_path / "pipeline"), text)["name"] == "Elizabeth Warren"
    del words["pronouns"]["she"]  # "she" no longer a pronoun: a description naming nobody
    srsly.write_json(words_file, words)
    assert _speaker(spacy.load(tmp_path / "pipeline"), text) == {"entity_id": None, "name": "she"}


def _speaker(nlp, text: str) -> dict:
    (quote,) = _record(nlp, text)["quotes"]
    return quote["speaker"]


@pytest.mark.parametrize(
    "missing, extension",
    [("newsgraph_entities", "entities"), ("newsgraph_times", "times"), ("newsgraph_events", "events")],
)
def test_a_component_without_its_input_says_so(missing, extension):
    nlp = spacy.util.load_model_from_config(
        spacy.util.load_config(PIPELINE_CONFIG), auto_fill=True, disable=[missing]
    )
    # The first component that reads the missing extension says so (events or summary).
    with pytest.raises(MissingExtensionError, match=rf"newsgraph_\w+ requires doc._.{extension}"):
        nlp("Short.")  # no sentence to summarise: the pipeline is wrong all the same


def test_line_units_stop_at_line_breaks():
    doc = load_pipeline()(
        "NATO chief meets Biden\nJens Stoltenberg met Joe Biden on Monday. They spoke.\n\n"
        "Biden said the alliance was strong."
    )
    lines = line_sentences(doc)
    assert [[unit.text for unit in line] for line in lines] == [
        ["NATO chief meets Biden"],
        ["Jens Stoltenberg met Joe Biden on Monday.", "They spoke."],
        ["Biden said the alliance was strong."],
    ]
    for unit in (unit for line in lines for unit in line):
        for token in unit:
            assert line_of(token).start <= unit.start and unit.end <= line_of(token).end
