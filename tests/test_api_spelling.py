"""One spelling in public names (American); the old British names still work, with a warning."""

import importlib

import pytest


@pytest.mark.parametrize(
    "module, old, new",
    [
        ("newsgraph.ingest.metadata", "normalise_name", "normalize_name"),
        ("newsgraph.report.html", "speaker_colours", "speaker_colors"),
        ("newsgraph.report.html", "SPEAKER_COLOURS", "SPEAKER_COLORS"),
        ("newsgraph.web.analyse", "analyse_input", "analyze_input"),
        ("newsgraph.web.analyse", "AnalyseError", "AnalyzeError"),
    ],
)
def test_an_old_name_warns_and_is_the_new_one(module, old, new):
    namespace = importlib.import_module(module)
    with pytest.warns(DeprecationWarning, match=f"{module}.{old} is deprecated; use {module}.{new}"):
        assert getattr(namespace, old) is getattr(namespace, new)


def test_an_old_name_imports_with_a_warning_and_unknown_names_still_fail():
    metadata = importlib.import_module("newsgraph.ingest.metadata")
    with pytest.warns(DeprecationWarning):
        from newsgraph.ingest.metadata import normalise_name
    assert normalise_name is metadata.normalize_name
    with pytest.raises(AttributeError, match="has no attribute 'normalise_nam'"):
        _ = metadata.normalise_nam
