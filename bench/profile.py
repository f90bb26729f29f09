"""Where the time goes: py-spy samples each server process while the load runs.

``python -m bench --profile-seconds 20`` records every Baton process during the
profiled level (``--profile-level``) and writes, per process, the collapsed stacks
(``var/bench/profile-NAME.txt``, loadable in speedscope) and a summary of the functions
with the most CPU samples, inclusive of what they call (``var/bench/profile.txt``).
Only active samples are counted (py-spy's default leaves idle threads out), but a thread
blocked in a system call (an fsync, closing a database file) counts as active: check a
lead with an alternated A/B before trusting it (README "Measured and not adopted").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

PY_SPY = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
# Frames look like "function (path/to/module.py:LINE)"; group by function and file.
FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^:]*)(?::\d+)?\)$")


class Profiler:
    def __init__(self, pids: dict[str, int], seconds: int, out: Path) -> None:
        self._pids = pids
        self._seconds = seconds
        self._out = out
        self._running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self) -> None:
        for name, pid in self._pids.items():
            self._running[name] = subprocess.Popen(  # noqa: S603 (fixed argv)
                [
                    PY_SPY,
                    "record",
                    "--pid",
                    str(pid),
                    "--duration",
                    str(self._seconds),
                    "--rate",
                    "50",
                    "--nonblocking",
                    "--subprocesses",  # rasa_sdk's multi-worker server forks
                    "--format",
                    "raw",
                    "--output",
                    str(self._out / f"profile-{name}.txt"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    def finish(self) -> str:
        for process in self._running.values():
            try:
                process.wait(timeout=self._seconds + 60)
            except subprocess.TimeoutExpired:
                process.kill()
        summary = "\n\n".join(
            summarise(name, self._out / f"profile-{name}.txt") for name in self._pids
        )
        (self._out / "profile.txt").write_text(summary + "\n")
        return summary


def summarise(name: str, path: Path, top: int = 25) -> str:
    """Self time by package, and the project's and Rasa's functions by inclusive time."""
    if not path.exists():
        return f"{name}: no profile (py-spy failed; is ptrace allowed?)"
    inclusive: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [_short(frame) for frame in stack.split(";")]
        for frame in set(frames):
            inclusive[frame] += count
        packages[_package(frames[-1])] += count
    if not total:
        return f"{name}: no on-CPU samples"
    lines = [f"{name}: {total} on-CPU samples", "  self time by package:"]
    for package, count in packages.most_common(8):
        lines.append(f"  {100 * count / total:5.1f}%  {package}")
    lines.append("  inclusive time, project and Rasa functions (below 90%: not just wrappers):")
    ours = [
        (frame, count)
        for frame, count in inclusive.most_common()
        if count < 0.9 * total and frame.split("(")[-1].startswith(("rasa/", "bot/", "actions/"))
    ]
    for frame, count in ours[:top]:
        lines.append(f"  {100 * count / total:5.1f}%  {frame}")
    return "\n".join(lines)


def _package(frame: str) -> str:
    """``fn (tensorflow/python/x.py)`` -> ``tensorflow``."""
    file = frame.rsplit("(", 1)[-1].rstrip(")")
    return file.split("/", 1)[0] if "/" in file else file


def _short(frame: str) -> str:
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    file = match["file"]
    for marker in ("site-packages/", "/lib/python3", "/work/"):
        if marker in file:
            file = file.split(marker, 1)[1]
    return f"{match['function']} ({file})"
