"""The development check set: written before the safety-3 changes, and never trained on.

Its figures (``python -m bot.safety.evaluate tests/safety/dev_check.yml``) are an estimate
of how the detector does on new text only while nothing is fitted to it, so these tests
guard that: it stays out of the training sources and shares no text with them.
"""

from __future__ import annotations

from pathlib import Path

from bot.safety import train
from bot.safety.categories import CATEGORIES
from bot.safety.evaluate import load_set

DEV_CHECK = Path(__file__).with_name("dev_check.yml")


def test_dev_check_is_big_enough_and_covers_every_category() -> None:
    risk, safe = load_set(DEV_CHECK)
    assert len(risk) >= 120
    assert len(safe) >= 120
    assert {item.category for item in risk} == set(CATEGORIES)


def test_dev_check_is_not_a_training_source() -> None:
    assert DEV_CHECK.resolve() not in {source.resolve() for source in train.SOURCES}


def test_dev_check_shares_no_text_with_the_training_data() -> None:
    trained: set[str] = set()
    for source in train.SOURCES:
        risk, safe = load_set(source)
        trained |= {item.text.strip().lower() for item in risk + safe}
    risk, safe = load_set(DEV_CHECK)
    shared = sorted(item.id for item in risk + safe if item.text.strip().lower() in trained)
    assert shared == []
