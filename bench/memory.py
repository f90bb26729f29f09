"""Peak resident memory of each server process (and its children), sampled with psutil."""

from __future__ import annotations

import threading

import psutil


class MemorySampler:
    """Samples RSS of named processes every ``interval`` seconds in a background thread.

    ``peaks`` holds each process's highest RSS in bytes; ``peak_total`` the highest sum
    over all processes sampled at the same moment (the whole stack's footprint).
    """

    def __init__(self, pids: dict[str, int], interval: float = 0.25) -> None:
        self._processes = {name: psutil.Process(pid) for name, pid in pids.items()}
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.peaks: dict[str, int] = dict.fromkeys(pids, 0)
        self.peak_total = 0

    def __enter__(self) -> MemorySampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

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
