from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "newsgraph" / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def example_text() -> str:
    return (EXAMPLES / "nato-chief-meets-biden.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not available")
    return SHARED
