"""CPU time of a benchmark process and everything it starts (for Spark: its JVM and Python
workers), by role, from Linux's /proc: on a shared machine CPU seconds compare configurations
better than wall-clock ones."""

from __future__ import annotations

import os
import threading
import time

_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_and_parent(pid: int) -> tuple[float, int]:
    """(user+system CPU seconds, parent pid) of a live process, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / _TICKS, int(fields[1])


def _role(pid: int) -> str:
    if pid == os.getpid():
        return "driver"
    with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
        program = cmdline.read().split(b"\0", 1)[0]
    return "jvm" if program.endswith(b"java") else "python_workers"


class TreeCPU:
    """CPU seconds used by this process and all its descendants, by role: ``driver`` (this
    process), ``jvm`` (Spark's JVM: scheduling, conversion, caching, Parquet, GC) and
    ``python_workers`` (PySpark's daemon and workers). Sampled from /proc every ``interval``
    seconds in a thread, because PySpark's daemon ignores SIGCHLD: a worker that exits (Spark
    stops idle ones) leaves no trace in its parent's accounting, so each process is read while it
    lives and its last reading kept."""

    def __init__(self, interval: float = 0.2) -> None:
        self._interval = interval
        self._first: dict[int, float] = {}  # pid -> CPU seconds when first seen
        self._last: dict[int, tuple[str, float]] = {}  # pid -> (role, CPU seconds when last seen)
        self._timeline: list[tuple[float, dict[str, float]]] = []  # (perf_counter, seconds()) per sample
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeCPU:
        self._sample(first=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def _sample(self, first: bool = False) -> None:
        for pid, cpu in self._tree().items():
            if first:
                self._first[pid] = cpu
            try:
                role = self._last[pid][0] if pid in self._last else _role(pid)
            except OSError:  # gone since the tree was read
                continue
            self._last[pid] = (role, cpu)
        self._timeline.append((time.perf_counter(), self.seconds()))

    @staticmethod
    def _tree() -> dict[int, float]:
        """CPU seconds of every live descendant of this process (and of itself), by pid."""
        parent_of, cpu_of = {}, {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    cpu_of[int(entry)], parent_of[int(entry)] = _cpu_and_parent(int(entry))
                except OSError:
                    continue
        tree, frontier = {os.getpid()}, [os.getpid()]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parent_of.items() if ppid == parent]
            tree.update(children)
            frontier.extend(children)
        return {pid: cpu_of[pid] for pid in tree if pid in cpu_of}

    def seconds(self) -> dict[str, float]:
        """CPU seconds per role since entering, and their ``total``."""
        used: dict[str, float] = {"driver": 0.0, "jvm": 0.0, "python_workers": 0.0}
        for pid, (role, cpu) in self._last.items():
            used[role] += cpu - self._first.get(pid, 0.0)
        used["total"] = sum(used.values())
        return {role: round(cpu, 1) for role, cpu in used.items()}

    def seconds_until(self, moment: float) -> dict[str, float]:
        """``seconds()`` as of the last sample taken by ``moment`` (a ``time.perf_counter()``
        reading): splits a run into phases, e.g. analysis and the writing after it."""
        taken = [used for when, used in self._timeline if when <= moment]
        return taken[-1] if taken else {role: 0.0 for role in self.seconds()}
