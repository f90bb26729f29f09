"""Peak resident memory and CPU time of each server process (and its children), by psutil.

CPU seconds per message is the figure that survives a shared machine: wall-clock
latency grows with other people's load, the work each message costs does not (much).
"""

from __future__ import annotations

import threading

import psutil


class MemorySampler:
    """Samples RSS of named processes every ``interval`` seconds in a background thread.

    ``peaks`` holds each process's highest RSS in bytes; ``peak_total`` the highest sum
    over all processes sampled at the same moment (the whole stack's footprint);
    ``cpu_seconds`` the user+system CPU each process used between enter and exit.
    """

    def __init__(self, pids: dict[str, int], interval: float = 0.25) -> None:
        self._processes = {name: psutil.Process(pid) for name, pid in pids.items()}
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.peaks: dict[str, int] = dict.fromkeys(pids, 0)
        self.peak_total = 0
        self._cpu_start: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}

    def __enter__(self) -> MemorySampler:
        self._cpu_start = {name: tree_cpu(p) for name, p in self._processes.items()}
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
        self.cpu_seconds = {
            name: tree_cpu(p) - self._cpu_start[name] for name, p in self._processes.items()
        }

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.sample()

    def sample(self) -> None:
        total = 0
        for name, process in self._processes.items():
            rss = _tree_rss(process)
            self.peaks[name] = max(self.peaks[name], rss)
            total += rss
        self.peak_total = max(self.peak_total, total)


def _tree_rss(process: psutil.Process) -> int:
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    rss = 0
    for member in family:
        try:
            rss += member.memory_info().rss
        except psutil.Error:
            continue
    return rss


def tree_cpu(process: psutil.Process) -> float:
    """User + system CPU seconds of a process and its children so far."""
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0.0
    seconds = 0.0
    for member in family:
        try:
            times = member.cpu_times()
        except psutil.Error:
            continue
        seconds += times.user + times.system
    return seconds
