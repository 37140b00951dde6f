"""Analysis in several processes, with workers that never outlive the command that started them.

spaCy's ``nlp.pipe(n_process=…)`` left two faults we cannot reach from outside: on Ctrl-C its
workers died with tracebacks and the parent then waited forever for a queue's feeder thread
(issue 16), and a ``kill -9`` of the parent left its workers asleep forever. Here each worker:

- dies with its parent: Linux delivers SIGKILL to it when the parent dies (``PR_SET_PDEATHSIG``);
  elsewhere a thread polls ``os.getppid()``;
- ignores SIGINT, which Ctrl-C sends to the whole process group: the parent alone decides, and
  on any exit (end, error, interrupt) terminates its workers and lets go of their queues;
- takes a batch of ``SourceItem``s and does the whole analysis (decoding, HTML extraction, NLP,
  the record), so the parent only reads sources and stores results.

Batches go round-robin to the workers and results come back in the same order, so the stream
keeps input order; each worker holds at most ``BATCHES_AHEAD`` batches.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from newsgraph.errors import NewsgraphError
from newsgraph.record import Article, Failure

BATCHES_AHEAD = 2  # per worker: one being analysed, one waiting, so a worker never idles
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_POLL_SECONDS = 1.0
STOP_SECONDS = 2.0  # how long a terminated worker may take before it is killed

Result = Article | Failure


class _Worker:
    """One analysis process: batches in through a queue, results out through a pipe."""

    def __init__(self, context, language: str | None, batch_size: int):
        self.tasks = context.Queue()
        self.results, sending = context.Pipe(duplex=False)
        self.process: BaseProcess = context.Process(
            target=_work,
            args=(self.tasks, sending, os.getpid(), language, batch_size),
            name="newsgraph-analysis",
            daemon=True,
        )
        # Ctrl-C between the start and the worker's own SIGINT setting would kill it with a
        # traceback: SIGINT stays blocked (the child inherits the mask) until the worker ignores it.
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        sending.close()  # the worker's end: only the worker may hold it, so its death reads as EOF

    def send(self, batch: list[Any]) -> None:
        # Pickled here: in the queue's feeder thread a failure would be printed, the batch lost
        # and its results awaited forever. put never blocks: the feeder thread writes the pipe.
        self.tasks.put(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))

    def receive(self) -> list[Result]:
        if self.results in wait([self.results, self.process.sentinel]):
            try:
                return self.results.recv()
            except EOFError:
                pass
        self.process.join(STOP_SECONDS)
        raise NewsgraphError(
            f"an analysis worker died (exit code {self.process.exitcode}); run the command again to go on"
        )

    def stop(self) -> None:
        self.process.terminate()
        self.tasks.cancel_join_thread()  # items still queued for a dead worker must not hold the exit
        self.tasks.close()
        self.results.close()

    def join(self) -> None:
        self.process.join(STOP_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def analyze_in_processes(
    items: Iterable[Any], n_process: int, batch_size: int, language: str | None = None
) -> Iterator[Result]:
    """``analyze_many`` over ``n_process`` worker processes: one result per item, in order. Items
    are what ``analyze_many`` takes, and must pickle (str, bytes, ``SourceItem``, plain mappings);
    the workers read them (``SourceItem.of``)."""
    context = multiprocessing.get_context()
    batches = _numbered_batches(items, batch_size)
    workers: list[_Worker] = []
    try:
        workers.extend(_Worker(context, language, batch_size) for _ in range(n_process))
        assigned = zip(itertools.cycle(workers), batches)  # batch k to worker k mod n
        due: deque[tuple[_Worker, int]] = deque()  # (worker, first index) in the order results are due

        def hand_out(count: int) -> None:
            for worker, (first, batch) in itertools.islice(assigned, count):
                worker.send(batch)
                due.append((worker, first))

        hand_out(BATCHES_AHEAD * n_process)
        while due:
            worker, first = due.popleft()
            results = worker.receive()
            hand_out(1)  # the next batch in the cycle is this worker's again
            yield from (_numbered(result, first) for result in results)
    finally:
        for worker in workers:
            worker.stop()
        for worker in workers:
            worker.join()


def _numbered_batches(items: Iterable[Any], size: int) -> Iterator[tuple[int, list[Any]]]:
    iterator, first = iter(items), 0
    while batch := list(itertools.islice(iterator, size)):
        yield first, batch
        first += len(batch)


def _numbered(result: Result, first: int) -> Result:
    """A worker numbers failures within its batch; the stream numbers them within all items."""
    if isinstance(result, Failure):
        return result.model_copy(update={"index": first + result.index})
    return result


def _work(tasks, results: Connection, parent: int, language: str | None, batch_size: int) -> None:
    """The worker's loop: analyse each batch in this process until the parent stops it."""
    from newsgraph.pipeline import analyze_many

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with_parent(parent)
    while True:  # until the parent terminates this process
        batch = pickle.loads(tasks.get())
        results.send(list(analyze_many(batch, n_process=1, batch_size=batch_size, language=language)))


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request above
        os._exit(1)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)
