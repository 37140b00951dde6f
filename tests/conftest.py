import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests: a fixed, repeatable number of examples in `make test`; many random ones in
# `make fuzz` (HYPOTHESIS_PROFILE=fuzz).
settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
