"""Entity clustering: one canonical entity per real-world thing (to be completed)."""

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("entities"):
    Doc.set_extension("entities", default=None)


@Language.factory("newsgraph_entities")
def make_entities(nlp: Language, name: str):
    return EntityClusterer()


class EntityClusterer:
    def __call__(self, doc: Doc) -> Doc:
        clusters: dict[tuple[str, str], dict] = {}
        for ent in doc.ents:
            key = (ent.label_, ent.text)
            cluster = clusters.setdefault(key, {"id": f"E{len(clusters) + 1}", "name": ent.text,
                                                "type": ent.label_, "mentions": []})
            cluster["mentions"].append({"start": ent.start_char, "end": ent.end_char, "text": ent.text})
        doc._.entities = list(clusters.values())
        return doc
