"""The benchmark harness: its arithmetic, its scenarios, and a tiny run on the real stack.

No timing is asserted anywhere: the machine is shared and numbers are noisy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.load import Scenario, Step, assign, load_scenarios
from bench.report import percentile
from bot.config import ROOT
from tests.integration.stack import MODEL


def test_nearest_rank_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile(values, 99) == 99.0
    assert percentile([3.0], 99) == 3.0
    assert percentile([], 50) is None


def test_a_script_cycles_its_steps_and_ends_with_the_final_ones() -> None:
    scenario = Scenario(
        "s", 1, (Step(text="a"), Step(text="b")), (Step(text="end", answered=False),)
    )
    assert [s.text for s in scenario.script(6)] == ["a", "b", "a", "b", "a", "end"]
    assert [s.text for s in scenario.script(1)] == ["end"]


def test_scenarios_are_mixed_by_weight_the_same_way_every_run() -> None:
    one, three = Scenario("one", 1, (Step(text="x"),)), Scenario("three", 3, (Step(text="y"),))
    mix = [s.name for s in assign([three, one], 8)]
    assert mix == ["three", "three", "three", "one"] * 2


def test_the_shipped_scenarios_load_for_both_targets() -> None:
    baton, baseline = load_scenarios("baton"), load_scenarios("baseline")
    assert {s.name for s in baton} >= {"questions", "handoff"}
    assert baseline and all(step.text for s in baseline for step in s.steps)
    # Only a final step may go unanswered: the bot must answer everything before it.
    assert all(step.answered for s in baton for step in s.steps)


@pytest.mark.stack
def test_a_quick_bench_run_answers_every_message_in_order(tmp_path: Path) -> None:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it first)")
    run = subprocess.run(  # noqa: S603 (fixed argv)
        [sys.executable, "-m", "bench", "--quick", "--no-baseline", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    assert [(r["target"], r["concurrency"]) for r in results["levels"]] == [
        ("baton", 1),
        ("baton", 3),
    ]
    for row in results["levels"]:
        assert row["messages"] == row["conversations"] * results["settings"]["turns"]
        assert row["errors"] == 0, row["error_kinds"]
        assert row["order_errors"] == 0, row["order_error_kinds"]
        assert set(row["peak_rss_mb"]) == {"rasa", "actions", "gateway"}
    assert "Baton" in (tmp_path / "results.txt").read_text()
