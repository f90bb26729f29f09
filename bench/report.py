"""Figures from samples, and the side-by-side table ``make bench`` prints."""

from __future__ import annotations

import math
from typing import Any

from bench.load import LevelResult, Sample

EARLY_TURNS = range(1, 4)  # turns 1-3
LATE_TURNS = range(15, 21)  # turns 15-20
MB = 1024 * 1024


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (no interpolation), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(
    result: LevelResult,
    memory: dict[str, int],
    memory_total: int,
    cpu_seconds: dict[str, float] | None = None,
) -> dict[str, Any]:
    ok = [s for s in result.samples if not s.error]
    latencies = [s.seconds for s in ok]
    errors: dict[str, int] = {}
    for sample in [*result.samples, *result.open_samples]:
        if sample.error:
            errors[sample.error] = errors.get(sample.error, 0) + 1
    return {
        "target": result.target,
        "concurrency": result.concurrency,
        "conversations": result.conversations,
        "messages": len(result.samples),
        "seconds": round(result.seconds, 3),
        "msgs_per_s": round(len(ok) / result.seconds, 2) if result.seconds else 0.0,
        "p50_ms": _ms(percentile(latencies, 50)),
        "p95_ms": _ms(percentile(latencies, 95)),
        "p99_ms": _ms(percentile(latencies, 99)),
        "early_p50_ms": _ms(percentile(_turns(ok, EARLY_TURNS), 50)),
        "late_p50_ms": _ms(percentile(_turns(ok, LATE_TURNS), 50)),
        "open_p50_ms": _ms(percentile([s.seconds for s in result.open_samples], 50)),
        "errors": sum(errors.values()),
        # How long failed messages took: ~BATON_RASA_TIMEOUT means the gateway gave up.
        "error_p50_ms": _ms(percentile([s.seconds for s in result.samples if s.error], 50)),
        "error_kinds": errors,
        "order_errors": len(result.order_errors),
        "order_error_kinds": sorted(set(result.order_errors)),
        "cpu_ms_per_msg": (
            round(1000 * sum(cpu_seconds.values()) / len(ok), 1) if cpu_seconds and ok else None
        ),
        "cpu_seconds": {k: round(v, 2) for k, v in (cpu_seconds or {}).items()},
        "peak_rss_mb": {name: round(rss / MB) for name, rss in memory.items()},
        "peak_total_rss_mb": round(memory_total / MB),
    }


def _turns(samples: list[Sample], turns: range) -> list[float]:
    return [s.seconds for s in samples if s.turn in turns]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return str(value)


def _ratio(numerator: Any, denominator: Any) -> str:
    if not numerator or not denominator:
        return "-"
    return f"{numerator / denominator:.2f}x"


ROWS = [
    ("msgs/s", "msgs_per_s", False),
    ("p50 ms", "p50_ms", True),
    ("p95 ms", "p95_ms", True),
    ("p99 ms", "p99_ms", True),
    ("turns 1-3 p50 ms", "early_p50_ms", True),
    ("turns 15-20 p50 ms", "late_p50_ms", True),
    ("CPU ms per msg (all procs)", "cpu_ms_per_msg", True),
    ("errors", "errors", None),
    ("unanswered/out of order", "order_errors", None),
    ("peak RSS MB (all procs)", "peak_total_rss_mb", None),
]


def table(levels: list[dict[str, Any]]) -> str:
    """One block per concurrency: Baton, baseline and Baton's advantage (higher = better)."""
    by_key = {(row["target"], row["concurrency"]): row for row in levels}
    lines = []
    for concurrency in sorted({row["concurrency"] for row in levels}):
        baton, base = by_key.get(("baton", concurrency)), by_key.get(("baseline", concurrency))
        lines.append(f"\n{concurrency} concurrent conversations")
        lines.append(f"  {'':26}{'Baton':>10}{'baseline':>10}{'Baton adv.':>12}")
        for label, key, lower_is_better in ROWS:
            a = baton.get(key) if baton else None
            b = base.get(key) if base else None
            if lower_is_better is None:
                ratio = ""
            else:  # how many times better Baton is: >1 means Baton wins
                ratio = _ratio(b, a) if lower_is_better else _ratio(a, b)
            lines.append(f"  {label:26}{_fmt(a):>10}{_fmt(b):>10}{ratio:>12}")
        for row in (baton, base):
            if row:
                rss = ", ".join(f"{k} {v}" for k, v in row["peak_rss_mb"].items())
                cpu = ", ".join(f"{k} {v}" for k, v in row.get("cpu_seconds", {}).items())
                lines.append(f"  {row['target']} peak RSS MB: {rss}; CPU s: {cpu}")
    return "\n".join(lines)
