"""What the benchmarks share: where PolNeAR lives, fresh child processes, and peak memory."""

from __future__ import annotations

import json
import multiprocessing
import resource
import subprocess
import sys

from newsgraph.settings import get_settings

POLNEAR_TEXTS = get_settings().polnear


def peak_rss_mb() -> float:
    """The largest resident set of this process or any of its (finished) children, in MB."""
    multiprocessing.active_children()  # reap finished workers so RUSAGE_CHILDREN counts them
    return (
        max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        / 1024
    )


def run_child(script: str, args: list[str]) -> dict:
    """Run ``script`` in a fresh interpreter (its own model load and peak RSS); its last line is JSON."""
    out = subprocess.run(
        [sys.executable, script, "--child", *args], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])
