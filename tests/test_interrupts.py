"""Ctrl-C and ``kill -9`` of a ``--workers 2`` ingest, at several points of its run, as a property:
Ctrl-C ends it within 5 s with one line and no traceback; no analysis worker outlives its parent;
and a re-run gives a store equal, table by table, to one clean ingest."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsgraph.collection import ingest
from newsgraph.store import open_store
from storecheck import count_articles, ingest_command, snapshot

EXAMPLES = Path(__file__).parents[1] / "newsgraph" / "examples"
ARTICLES = 10  # short texts cut from the bundled examples, plus one empty file (a failure row)
ARTICLE_CHARS = 900
# Where to interrupt: once both workers run and at least this many articles are stored.
STORED_BEFORE_SIGNAL = (0, 2, 4)
START_SECONDS = 120  # a loaded machine may take this long to load the model and reach a point
EXIT_SECONDS = 5


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    texts = [text for example in sorted(EXAMPLES.glob("*.txt")) for text in _short_texts(example.read_text())]
    for number, text in enumerate(texts[:ARTICLES], start=1):
        (folder / f"{number:02}.txt").write_text(text)
    (folder / "empty.txt").write_text("")
    assert len(list(folder.glob("*.txt"))) == ARTICLES + 1
    return folder


def _short_texts(article: str) -> list[str]:
    """An article's paragraphs in runs of at least ARTICLE_CHARS characters (the rest dropped)."""
    texts, run = [], ""
    for paragraph in article.split("\n\n"):
        run += paragraph + "\n\n"
        if len(run) >= ARTICLE_CHARS:
            texts.append(run)
            run = ""
    return texts


@pytest.fixture(scope="module")
def clean_snapshot(corpus, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    with open_store(db) as store:
        ingest(store, [corpus], progress=False)
    return snapshot(db)


def _children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid``, from /proc."""
    children = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (_status(int(entry.name)) or ("", 0))[1] == pid:
            children.add(int(entry.name))
    return children


def _status(pid: int) -> tuple[str, int] | None:
    """A process's state letter and parent, or None once it is gone."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return None
    state, parent = stat[stat.rindex(")") + 2 :].split()[:2]
    return state, int(parent)


def _alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if (_status(pid) or ("Z", 0))[0] not in "ZX"}


@contextmanager
def _ingest_running(corpus: Path, db: Path, stored: int) -> Iterator[tuple[subprocess.Popen, set[int]]]:
    """An ingest with two workers, once both run and ``stored`` articles are committed. Its
    stderr goes to a file: orphaned workers holding a pipe would hang the test, not fail it.
    Workers still alive at the end are killed, so a failing test leaves none behind."""
    command = ingest_command(corpus, db, "--workers", "2", "--batch-size", "1")
    workers: set[int] = set()
    with open(db.with_suffix(".stderr"), "w+b") as stderr:
        # Its own session, like a shell job: Ctrl-C signals the whole group, workers included.
        ingest_process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )
        try:
            deadline = time.monotonic() + START_SECONDS
            while time.monotonic() < deadline and ingest_process.poll() is None:
                workers = _children(ingest_process.pid)
                if len(workers) == 2 and count_articles(db) >= stored:
                    yield ingest_process, workers
                    return
                time.sleep(0.05)
            pytest.fail(
                f"the ingest ended or stalled before {stored} articles with 2 workers: {_stderr_lines(db)}"
            )
        finally:
            ingest_process.kill()
            ingest_process.wait()
            for pid in _alive(workers):
                os.kill(pid, signal.SIGKILL)


def _stderr_lines(db: Path) -> list[str]:
    return db.with_suffix(".stderr").read_text().splitlines()


def _assert_outlived_by_none(workers: set[int]) -> None:
    deadline = time.monotonic() + EXIT_SECONDS
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(workers), "analysis workers outlived their parent"


def _assert_rerun_completes(corpus: Path, db: Path, clean_snapshot: dict) -> None:
    with open_store(db) as store:
        report = ingest(store, [corpus], progress=False)
    assert report.stored + report.unchanged + report.failed == ARTICLES + 1  # each source once
    assert snapshot(db) == clean_snapshot


@pytest.mark.slow
@pytest.mark.parametrize("stored", STORED_BEFORE_SIGNAL)
def test_ctrl_c_ends_a_two_worker_ingest_quickly_and_cleanly(corpus, clean_snapshot, tmp_path, stored):
    db = tmp_path / "news.db"
    with _ingest_running(corpus, db, stored) as (ingest_process, workers):
        os.killpg(ingest_process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        try:
            ingest_process.wait(timeout=EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"no exit {EXIT_SECONDS} s after Ctrl-C: {_stderr_lines(db)}")
        assert ingest_process.returncode == 130
        assert _stderr_lines(db) == ["newsgraph: interrupted"]  # no traceback, no spaCy warning
        _assert_outlived_by_none(workers)
    _assert_rerun_completes(corpus, db, clean_snapshot)


@pytest.mark.slow
@pytest.mark.parametrize("stored", STORED_BEFORE_SIGNAL)
def test_kill_9_of_a_two_worker_ingest_takes_its_workers_along(corpus, clean_snapshot, tmp_path, stored):
    db = tmp_path / "news.db"
    with _ingest_running(corpus, db, stored) as (ingest_process, workers):
        ingest_process.kill()
        assert ingest_process.wait() == -signal.SIGKILL
        _assert_outlived_by_none(workers)
    _assert_rerun_completes(corpus, db, clean_snapshot)
