"""What a new user meets first: how to reach the `newsgraph` command after `make run`, and an
ingest that says what it is doing while the models load."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from newsgraph.collection import ingest
from newsgraph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
ACTIVATE = ". .venv/bin/activate"


def test_make_run_says_how_to_put_newsgraph_on_the_path():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    planned = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert ACTIVATE in planned


def test_the_readme_activates_the_venv_before_its_first_command():
    use = (ROOT / "README.md").read_text().split("\n## Use\n", 1)[1].split("\n## ", 1)[0]
    assert use.index(ACTIVATE) < re.search(r"^newsgraph ", use, re.M).start()


def test_ingest_says_it_loads_the_pipeline_and_counts_progress_per_committed_batch(tmp_path, capsys):
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(
            f"Mayor Ann Lee said on Friday that park {number} would reopen."
        )
    with open_store(tmp_path / "news.db") as store:
        ingest(store, [tmp_path], commit_every=2, progress=True)
    shown = capsys.readouterr().err
    assert shown.startswith("loading the NLP pipeline…\n")
    counts = re.findall(r"ingest: (\d+)doc", shown)
    # A rate taken from one document over a whole batch's wait would be far too slow.
    assert counts[-1] == "3" and "1" not in counts, counts
