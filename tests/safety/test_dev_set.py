"""The development set: big enough, covers every category, and the detector meets target.

This test can fail: it is the regression gate for every rule change. (The held-out set
in tests/eval/ is separate and unseen by whoever tunes the rules.)
"""

from __future__ import annotations

from pathlib import Path

from bot.safety.categories import CATEGORIES
from bot.safety.evaluate import evaluate, load_set

DEV_SET = Path(__file__).with_name("dev_set.yml")


def test_dev_set_has_enough_risk_and_safe_messages_in_every_category() -> None:
    risk, safe = load_set(DEV_SET)
    assert len(risk) >= 150
    assert len(safe) >= 150
    assert {item.category for item in risk} == set(CATEGORIES)


def test_dev_set_texts_are_not_duplicated() -> None:
    risk, safe = load_set(DEV_SET)
    texts = [item.text.strip().lower() for item in risk + safe]
    assert len(texts) == len(set(texts))


def test_detector_meets_recall_and_false_positive_targets_on_dev_set() -> None:
    result = evaluate(DEV_SET)
    assert result.missed_ids == ()
    assert result.recall == 1.0
    assert result.false_positive_rate is not None
    assert result.false_positive_rate < 0.03, result.false_positive_ids
