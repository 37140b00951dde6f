"""`newsgraph ingest` over real articles: idempotent, updates changed sources, records every
failure with its reason, and survives being killed mid-way (the crash test)."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.network import network_with_layout
from newsgraph.store import open_store
from storecheck import count_articles, ingest_command, snapshot

POLNEAR = Path(__file__).parents[2] / "shared" / "data" / "polnear" / "train" / "text"


def _polnear(folder: Path, count: int) -> list[Path]:
    if not POLNEAR.is_dir():
        pytest.skip("../shared/data/polnear is not available")
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(path, folder)) for path in sorted(POLNEAR.glob("*.txt"))[:count]]


def _ingest(capsys, *args) -> dict:
    capsys.readouterr()
    assert main(["ingest", *map(str, args), "--quiet", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_ingest_is_idempotent_updates_changes_and_records_failures(tmp_path, capsys):
    corpus = tmp_path / "news"
    files = _polnear(corpus, 5)
    (corpus / "empty.txt").write_text("   \n")
    lines = [
        json.dumps({"text": files[0].read_text(), "url": "https://example.org/copy", "title": "A copy"}),
        "{broken json",
    ]
    (corpus / "items.jsonl").write_text("\n".join(lines) + "\n")
    db = tmp_path / "news.db"

    first = _ingest(capsys, corpus, "--db", db)
    assert first["stored"] == 6 and first["failed"] == 2
    assert first["failure_reasons"] == {"empty": 1, "bad_json": 1}

    again = _ingest(capsys, corpus, "--db", db)
    assert (again["stored"], again["failed"], again["unchanged"]) == (0, 0, 8)

    old_text = files[1].read_text()
    files[1].write_text(old_text.replace("the", "that", 3))
    changed = _ingest(capsys, corpus, "--db", db)
    assert (changed["stored"], changed["unchanged"]) == (1, 7)

    with open_store(db, readonly=True) as store:
        stats = store.stats()
        # The JSON line repeats the first file's text: one article, kept by two sources.
        assert stats["counts"]["articles"] == 5 and stats["counts"]["sources"] == 6
        assert {f["reason"] for f in stats["failures"]} == {"empty", "bad_json"}
        shared = store.conn.execute(
            "SELECT a.id FROM sources s JOIN articles a ON a.num = s.article WHERE s.source = ?",
            (str(files[0]),),
        ).fetchone()[0]
        assert store.sources_of(shared) == sorted([str(files[0]), f"{corpus / 'items.jsonl'}#L1"])
        assert store.summary("network") == network_with_layout(store)  # laid out at ingest, for the explorer
    assert main(["stats", "--db", str(db)]) == 0
    shown = capsys.readouterr().out
    assert "bad_json" in shown and "empty" in shown


@pytest.mark.slow
def test_killed_ingest_resumes_to_the_same_store_as_a_clean_one(tmp_path):
    corpus = tmp_path / "news"
    _polnear(corpus, 20)
    (corpus / "empty.txt").write_text("")
    crashed, clean = tmp_path / "crashed.db", tmp_path / "clean.db"

    victim = subprocess.Popen(
        ingest_command(corpus, crashed, "--format", "json"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while count_articles(crashed) < 4 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    assert victim.returncode == -signal.SIGKILL, victim.stderr.read().decode()
    killed_at = count_articles(crashed)
    assert 4 <= killed_at < 20, "the ingest should have been killed mid-way"

    resumed = subprocess.run(
        ingest_command(corpus, crashed, "--format", "json"), capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["stored"] == 20 - killed_at  # nothing stored twice, nothing lost
    assert (
        subprocess.run(ingest_command(corpus, clean, "--format", "json"), capture_output=True).returncode == 0
    )

    crashed_snapshot, clean_snapshot = snapshot(crashed), snapshot(clean)
    assert len(clean_snapshot["articles"]) == 20 and len(clean_snapshot["failures"]) == 1
    assert crashed_snapshot == clean_snapshot
