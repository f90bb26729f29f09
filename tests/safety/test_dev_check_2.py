"""The second development check set: written for safety-4 before any change, never tuned on.

Its failures were not read while the detector was tuned, so its figures are the honest
estimate of new text for that round. These tests keep it that way (out of the training
sources, no text shared with them) and hold the detector to the figures it measured,
so a later change that makes new text worse fails here.
"""

from __future__ import annotations

from pathlib import Path

from bot.safety import train
from bot.safety.categories import CATEGORIES
from bot.safety.evaluate import evaluate, load_set

DEV_CHECK_2 = Path(__file__).with_name("dev_check_2.yml")

# Measured once before safety-4 changed anything (recall 94.1%, false-positive rate 9.4%)
# and once after (161/170 = 94.7%, 12/170 = 7.1%). The floors are the "after" figures,
# rounded outwards by less than one message.
MIN_RECALL = 0.94
MAX_FALSE_POSITIVE_RATE = 0.075


def test_dev_check_2_is_big_enough_and_covers_every_category() -> None:
    risk, safe = load_set(DEV_CHECK_2)
    assert len(risk) >= 160
    assert len(safe) >= 160
    assert {item.category for item in risk} == set(CATEGORIES)
    texts = [item.text.strip().lower() for item in risk + safe]
    assert len(texts) == len(set(texts))


def test_dev_check_2_is_not_a_training_source() -> None:
    assert DEV_CHECK_2.resolve() not in {source.resolve() for source in train.SOURCES}


def test_dev_check_2_shares_no_text_with_the_training_data() -> None:
    trained: set[str] = set()
    for source in train.SOURCES:
        risk, safe = load_set(source)
        trained |= {item.text.strip().lower() for item in risk + safe}
    risk, safe = load_set(DEV_CHECK_2)
    shared = sorted(item.id for item in risk + safe if item.text.strip().lower() in trained)
    assert shared == []


def test_detector_keeps_its_measured_figures_on_dev_check_2() -> None:
    result = evaluate(DEV_CHECK_2)
    assert result.recall is not None and result.recall >= MIN_RECALL
    assert result.false_positive_rate is not None
    assert result.false_positive_rate <= MAX_FALSE_POSITIVE_RATE
