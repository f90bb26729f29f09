"""``make bench`` / ``python -m bench``: Baton against Rasa's starter assistant, side by side.

Starts both systems on free loopback ports, plays closed-loop multi-turn conversations at
each concurrency level against each in turn, and writes ``var/bench/results.json`` and
``var/bench/results.txt`` (the printed table). ``--quick`` is a smoke run for CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import servers
from bench.load import BaselineTarget, BatonTarget, Target, load_scenarios, run_level
from bench.memory import MemorySampler
from bench.profile import Profiler
from bench.report import summarise, table
from bot.config import ROOT

OUT = ROOT / "var" / "bench"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--levels", default="1,20,100", help="concurrent conversations")
    parser.add_argument("--turns", type=int, default=20, help="messages per conversation")
    parser.add_argument(
        "--min-conversations", type=int, default=5, help="conversations per level at least"
    )
    parser.add_argument("--quick", action="store_true", help="CI smoke: levels 1,3 and 4 turns")
    parser.add_argument("--no-baseline", action="store_true", help="Baton only")
    parser.add_argument(
        "--profile",
        choices=["embedded", "production"],
        default="embedded",
        help="embedded: SQLite, one of each; production: PostgreSQL, Redis, several Rasa",
    )
    parser.add_argument("--rasa-instances", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--profile-seconds", type=int, default=0, help="py-spy each Baton process (0: off)"
    )
    parser.add_argument("--profile-level", type=int, default=20, help="level to profile")
    parser.add_argument(
        "--keep-logs", type=Path, help="run in this folder and keep the servers' logs there"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.levels, args.turns, args.min_conversations = "1,3", 4, 3
    args.levels = [int(level) for level in str(args.levels).split(",")]
    return args


def play(target: Target, pids: dict[str, int], args: argparse.Namespace) -> list[dict[str, Any]]:
    scenarios = load_scenarios(target.name)
    rows = []
    for concurrency in args.levels:
        conversations = max(concurrency, args.min_conversations)
        profiler = None
        if args.profile_seconds and target.name == "baton" and concurrency == args.profile_level:
            profiler = Profiler(pids, args.profile_seconds, args.out)
            profiler.start()
        with MemorySampler(pids) as memory:
            result = asyncio.run(
                run_level(
                    target,
                    scenarios,
                    concurrency=concurrency,
                    conversations=conversations,
                    turns=args.turns,
                )
            )
        row = summarise(result, memory.peaks, memory.peak_total, memory.cpu_seconds)
        if profiler is not None:
            print(profiler.finish(), flush=True)
        print(
            f"  {target.name:8} x{concurrency:<4} {row['msgs_per_s']:7.1f} msgs/s  "
            f"p95 {row['p95_ms']} ms  errors {row['errors']}  order {row['order_errors']}",
            flush=True,
        )
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "note": "shared machine: other CPU-heavy work may run at the same time",
        },
        "settings": {
            "levels": args.levels,
            "turns": args.turns,
            "min_conversations": args.min_conversations,
            "profile": args.profile,
            "rasa_instances": args.rasa_instances,
        },
        "levels": [],
    }
    with tempfile.TemporaryDirectory(prefix="baton-bench-") as tmp:
        work = args.keep_logs or Path(tmp)
        if not args.no_baseline:
            trained = servers.ensure_baseline_model()
            if trained is not None:
                results["baseline_init_and_train_seconds"] = round(trained, 1)
        print(f"Starting Baton ({args.profile}) ...", flush=True)
        with servers.baton(work / "baton", args.profile, args.rasa_instances) as running:
            results["baton_cold_start_seconds"] = round(running.cold_start, 1)
            results["baton_cold_start_cpu_seconds"] = running.cold_start_cpu
            print(f"  ready in {running.cold_start:.1f}s", flush=True)
            results["levels"] += play(BatonTarget(running.base_url), running.pids, args)
        if not args.no_baseline:
            print("Starting the baseline (rasa init starter assistant) ...", flush=True)
            with servers.baseline(work / "baseline") as running:
                results["baseline_cold_start_seconds"] = round(running.cold_start, 1)
                results["baseline_cold_start_cpu_seconds"] = running.cold_start_cpu
                print(f"  ready in {running.cold_start:.1f}s", flush=True)
                target = BaselineTarget(running.base_url, running.token)
                results["levels"] += play(target, running.pids, args)
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    printed = render(results)
    print(printed)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "results.txt").write_text(printed + "\n")
    # Baton's errors fail the run; the baseline's are its own, reported in the table
    # (its starter model is trained unseeded, so one training may drop a reply).
    failed = sum(
        row["errors"] + row["order_errors"]
        for row in results["levels"]
        if row["target"] == "baton"
    )
    return 1 if failed else 0


def render(results: dict[str, Any]) -> str:
    head = [
        f"Baton benchmark, {results['started_at']} ({results['settings']['profile']} profile, "
        f"{results['settings']['turns']} turns per conversation, closed loop, no think time)",
        f"Machine: {results['machine']['cpus']} CPUs, load average at start "
        f"{results['machine']['load_average_at_start']} ({results['machine']['note']})",
        f"Cold start to /healthz 200: Baton {results.get('baton_cold_start_seconds')}s; "
        f"baseline to model loaded {results.get('baseline_cold_start_seconds', '-')}s",
        f"CPU seconds until ready: Baton {results.get('baton_cold_start_cpu_seconds')}; "
        f"baseline {results.get('baseline_cold_start_cpu_seconds', '-')}",
    ]
    return "\n".join(head) + table(results["levels"])


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"(bench took {time.monotonic() - started:.0f}s)", file=sys.stderr)
    sys.exit(code)
