"""The evaluator: figures, ids only by default, and exit codes a CI job can rely on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.safety.evaluate import InvalidSet, evaluate, main

ROOT = Path(__file__).resolve().parents[2]

SMALL_SET = """\
version: 1
risk:
  - {id: r1, category: physical_abuse, text: "he hit me again"}
  - {id: r2, category: self_harm_suicide, text: "kms"}
  - {id: r3, category: neglect, text: "zqxj nothing here"}
safe:
  - {id: s1, text: "my son hurt his knee at football"}
  - {id: s2, text: "he hit me with a stick again, lol not really, zqxk"}
"""


@pytest.fixture
def small_set(tmp_path: Path) -> Path:
    path = tmp_path / "set.yml"
    path.write_text(SMALL_SET, encoding="utf-8")
    return path


def test_evaluate_counts_recall_and_false_positives(small_set: Path) -> None:
    result = evaluate(small_set)
    assert (result.risk_total, result.risk_detected, result.safe_total, result.false_positives) == (
        3,
        2,
        2,
        1,
    )
    assert result.missed_ids == ("r3",)
    assert result.false_positive_ids == ("s2",)
    assert result.per_category["neglect"].recall == 0.0
    assert result.per_category["physical_abuse"].recall == 1.0


def test_report_prints_ids_not_text_by_default(
    small_set: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(small_set)]) == 0
    out = capsys.readouterr().out
    assert "r3" in out
    assert "s2" in out
    assert "zqxj" not in out
    assert "zqxk" not in out


def test_show_text_adds_the_text(small_set: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(small_set), "--show-text"])
    assert "zqxj nothing here" in capsys.readouterr().out


def test_targets_make_the_exit_status_one_when_missed(small_set: Path) -> None:
    assert main([str(small_set), "--require-recall", "1.0"]) == 1
    assert main([str(small_set), "--max-fpr", "0.03"]) == 1
    assert main([str(small_set), "--require-recall", "0.5", "--max-fpr", "0.5"]) == 0


@pytest.mark.parametrize(
    "content",
    [
        "not: [a set",
        "version: 2\nrisk: []\nsafe: []\n",
        "version: 1\nrisk: {}\nsafe: []\n",
        'version: 1\nrisk:\n  - {id: r1, text: "no category"}\nsafe: []\n',
        "version: 1\nrisk: []\nsafe:\n  - {id: s1}\n",
        "version: 1\nrisk: []\nsafe:\n  - {id: s1, text: a}\n  - {id: s1, text: b}\n",
        "version: 1\nrisk: []\nsafe: []\n",
    ],
)
def test_an_invalid_file_exits_two(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidSet):
        evaluate(path)
    assert main([str(path)]) == 2


def test_a_missing_file_exits_two(tmp_path: Path) -> None:
    assert main([str(tmp_path / "absent.yml")]) == 2


def test_an_unknown_category_is_reported_not_rejected(tmp_path: Path) -> None:
    path = tmp_path / "set.yml"
    path.write_text(
        'version: 1\nrisk:\n  - {id: r1, category: radicalisation, text: "he hit me"}\nsafe: []\n'
    )
    assert evaluate(path).unknown_categories == ("radicalisation",)


def test_the_module_runs_from_the_command_line(small_set: Path) -> None:
    completed = subprocess.run(  # noqa: S603 - fixed arguments, our own module
        [sys.executable, "-m", "bot.safety.evaluate", str(small_set), "--require-recall", "1.0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "recall" in completed.stdout


def test_rules_only_measures_the_first_layer_alone(tmp_path: Path) -> None:
    path = tmp_path / "set.yml"
    path.write_text(
        'version: 1\nrisk: []\nsafe:\n  - {id: s1, text: "my son\'s homework went missing"}\n',
        encoding="utf-8",
    )
    # The rules fire on "went missing"; the learned layer overrules that everyday use.
    assert evaluate(path, rules_only=True).false_positive_ids == ("s1",)
    assert evaluate(path).false_positive_ids == ()
