"""The events component keeps spaCy's contract: it fails clearly without the components it reads,
and its rule files are saved and loaded with the pipeline."""

import pytest
import spacy
import srsly

import newsgraph.nlp  # noqa: F401  (registers the factories)
from newsgraph.nlp.events import DEFAULT_RULES, Typology
from newsgraph.nlp.events.typology import RULE_FILES, TITLES, VERBS, WORD_FILES
from newsgraph.nlp.util import MissingExtensionError

READ_EXTENSIONS = ("entities", "attributions", "times")


@pytest.mark.parametrize("missing", READ_EXTENSIONS)
def test_a_pipeline_without_a_component_it_reads_fails_naming_it(missing):
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgraph_events")
    doc = nlp.make_doc("Stoltenberg met with Biden.")
    for name in READ_EXTENSIONS:
        setattr(doc._, name, None if name == missing else [])
    with pytest.raises(MissingExtensionError, match=f"newsgraph_events requires doc._.{missing}"):
        nlp(doc)


def test_the_factory_declares_what_it_assigns_and_reads():
    meta = spacy.blank("en").get_factory_meta("newsgraph_events")
    assert meta.assigns == ["doc._.events"]
    assert {f"doc._.{name}" for name in READ_EXTENSIONS} <= set(meta.requires)
    assert meta.default_config == {"rules": None}


def test_rules_are_saved_with_the_pipeline_and_read_back(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgraph_events")
    nlp.to_disk(tmp_path / "pipeline")
    rules = tmp_path / "pipeline" / "newsgraph_events" / "rules"
    assert sorted(p.name for p in rules.iterdir()) == sorted(RULE_FILES + WORD_FILES)
    verbs = srsly.read_json(rules / VERBS)
    verbs["classes"]["meet"]["verbs"].remove("confer")
    srsly.write_json(rules / VERBS, verbs)

    loaded = spacy.load(tmp_path / "pipeline").get_pipe("newsgraph_events").typology
    assert "confer" not in loaded.verbs and "meet" in loaded.verbs
    assert "confer" in Typology.from_dir(DEFAULT_RULES).verbs


def test_the_rules_folder_is_a_setting(tmp_path):
    Typology.from_dir(DEFAULT_RULES).to_dir(tmp_path)
    verbs = srsly.read_json(tmp_path / VERBS)
    verbs["classes"]["meet"]["verbs"].remove("tour")
    srsly.write_json(tmp_path / VERBS, verbs)
    nlp = spacy.blank("en")
    events = nlp.add_pipe("newsgraph_events", config={"rules": str(tmp_path)})
    assert "tour" not in events.typology.verbs and "visit" in events.typology.verbs


def test_the_words_for_people_come_from_the_rules_folder(tmp_path):
    shipped = Typology.from_dir(DEFAULT_RULES)
    assert {"senator", "spokeswoman"} <= shipped.actors.people_and_groups  # a title, a role noun
    shipped.to_dir(tmp_path)
    with (tmp_path / TITLES).open("a", encoding="utf-8") as titles:
        titles.write("\nmargrave\n")
    loaded = Typology.from_dir(tmp_path)
    assert "margrave" in loaded.actors.people_and_groups
    assert "margrave" not in shipped.actors.people_and_groups
