"""The registered ``newsgraph_events`` component: fills ``doc._.events`` from the parse and the
entities, attributions and times of the components before it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import SimpleFrozenList, ensure_path

from newsgraph.nlp.events.build import extract_events
from newsgraph.nlp.events.index import COMPONENT
from newsgraph.nlp.events.typology import DEFAULT_RULES, Typology

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)

RULES_FOLDER = "rules"  # in the component's to_disk folder


# It reads token.pos too, but en_core_web_sm's attribute_ruler sets it without declaring it: listed
# here, it would be an analyze_pipes problem that is none.
@Language.factory(
    COMPONENT,
    assigns=["doc._.events"],
    requires=[
        "doc._.entities",
        "doc._.attributions",
        "doc._.times",
        "doc.sents",
        "token.dep",
        "token.head",
        "token.lemma",
        "token.tag",
        "token.ent_type",
    ],
    default_config={"rules": None},
)
def make_events(nlp: Language, name: str, rules: str | None) -> EventExtractor:
    """``rules``: a folder holding the four event rule files; None for the package's own."""
    return EventExtractor(name, rules)


class EventExtractor:
    """Reads the events of each document with one ``Typology``, saved and loaded with the pipeline
    (``to_disk``/``from_disk`` write and read its rule files, as spaCy's ``SpanRuler`` does its
    patterns)."""

    def __init__(self, name: str = COMPONENT, rules: str | Path | None = None):
        self.name = name
        self.typology = Typology.from_dir(rules if rules is not None else DEFAULT_RULES)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = extract_events(doc, self.typology)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        folder = ensure_path(path)
        folder.mkdir(parents=True, exist_ok=True)
        self.typology.to_dir(folder / RULES_FOLDER)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> EventExtractor:
        self.typology = Typology.from_dir(ensure_path(path) / RULES_FOLDER)
        return self
