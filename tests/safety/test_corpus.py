"""The learned layer's development corpus: sound, separate from the dev set, and a gate.

The figures asserted here are in-sample (the model was fitted on this corpus), so they
are a regression gate, not an estimate: the honest figures are the cross-validated ones
``python -m bot.safety.train`` prints (docs/safety/detector.md).
"""

from __future__ import annotations

from pathlib import Path

from bot.safety.categories import CATEGORIES
from bot.safety.evaluate import evaluate, load_set

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "safety" / "corpus.yml"
DEV_SET = Path(__file__).with_name("dev_set.yml")


def test_corpus_is_big_enough_and_covers_every_category() -> None:
    risk, safe = load_set(CORPUS)
    assert len(risk) >= 500
    assert len(safe) >= 500
    assert {item.category for item in risk} == set(CATEGORIES)
    assert all(item.id.startswith("c") for item in risk + safe)


def test_no_text_is_in_both_the_corpus_and_the_dev_set() -> None:
    texts: list[str] = []
    for path in (CORPUS, DEV_SET):
        risk, safe = load_set(path)
        texts += [item.text.strip().lower() for item in risk + safe]
    assert len(texts) == len(set(texts))


def test_detector_keeps_its_figures_on_the_corpus() -> None:
    result = evaluate(CORPUS)
    assert result.recall is not None and result.recall >= 0.97
    assert result.false_positive_rate is not None and result.false_positive_rate <= 0.03
