"""The learned layer: features as scikit-learn makes them, scores as it computes them,
and a committed artefact that matches the data it claims to be trained on."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

from bot.safety import learned, train
from bot.safety.detector import LAYER, prepare

TOY = [
    ("my dad hits me", 1),
    ("he hit me again", 1),
    ("i want to die", 1),
    ("my stepdad touches me", 1),
    ("no food in the house", 1),
    ("my son hurt his knee at football", 0),
    ("when does the course start", 0),
    ("the baby hit his head on the toy", 0),
    ("dying to know about the drop in", 0),
    ("no thanks", 0),
]


def test_char_features_are_scikit_learns_char_wb_ngrams() -> None:
    text = prepare("My step-dad HIIIT me agen, im scared!!")[0]
    sklearn_grams = TfidfVectorizer(analyzer="char_wb", ngram_range=learned.CHAR_NGRAMS)
    assert Counter(learned.char_features(text)) == Counter(sklearn_grams.build_analyzer()(text))


def test_word_features_keep_single_letters_and_add_pairs() -> None:
    assert learned.word_features("i am ok") == ["i", "am", "ok", "i am", "am ok"]


def _toy_layer_and_pipeline(tmp_path: Path) -> tuple[learned.LearnedLayer, object]:
    texts = [prepare(text)[0] for text, _ in TOY]
    labels = [label for _, label in TOY]
    risk = train.risk_pipeline().fit(texts, labels)
    risky = [t for t, label in zip(texts, labels, strict=True) if label]
    category = train.category_pipeline().fit(risky, ["physical_abuse"] * 2 + ["neglect"] * 3)
    artefact = {
        "format": learned.FORMAT,
        "trained_on": len(TOY),
        "data_sha256": "toy",
        "thresholds": {"confirm": 0.3, "alone": 0.9},
        "risk": train._export(risk),
        "category": train._export(category, list(category.classes_)),
    }
    path = tmp_path / "model.json"
    path.write_text(json.dumps(artefact), encoding="utf-8")
    return learned.load(path), risk


def test_the_stdlib_scorer_reproduces_scikit_learn(tmp_path: Path) -> None:
    layer, pipeline = _toy_layer_and_pipeline(tmp_path)
    probes = [prepare(t)[0] for t in ["my dad hit me", "course at the drop in", "zzz", "no food"]]
    expected = pipeline.predict_proba(probes)[:, 1]  # type: ignore[attr-defined]
    for probe, want in zip(probes, expected, strict=True):
        assert layer.risk.probability(probe) == pytest.approx(want, abs=1e-5)


def test_a_text_with_no_known_ngram_scores_the_intercept(tmp_path: Path) -> None:
    layer, pipeline = _toy_layer_and_pipeline(tmp_path)
    assert layer.risk.probability("") == pytest.approx(
        pipeline.predict_proba([""])[0, 1], abs=1e-5  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize(
    "content",
    [
        "",
        "not json",
        '{"format": "something-else"}',
        '{"format": "baton-safety-ngram-lr/1"}',
        '{"format": "baton-safety-ngram-lr/1", "risk": {}, "category": {}, '
        '"thresholds": {"confirm": 0.5, "alone": 0.9}, "trained_on": 1}',
    ],
)
def test_a_bad_artefact_raises_model_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(learned.ModelError):
        learned.load(path)


def test_a_missing_artefact_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(learned.ModelError):
        learned.load(tmp_path / "absent.json")


def test_unknown_category_labels_are_rejected(tmp_path: Path) -> None:
    _toy_layer_and_pipeline(tmp_path)
    path = tmp_path / "model.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["category"]["labels"] = ["radicalisation", "neglect"]
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(learned.ModelError):
        learned.load(path)


# --- the committed artefact -------------------------------------------------------------


def test_the_committed_model_loads_and_is_used_by_the_detector() -> None:
    assert LAYER is not None
    assert LAYER == learned.load()


def test_the_committed_model_was_trained_on_the_current_data() -> None:
    """Fails when dev_set.yml or corpus.yml change without ``python -m bot.safety.train``."""
    raw = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert raw["data_sha256"] == train.data_digest()
    assert raw["trained_on"] == len(train.load_data().items)


def test_the_committed_model_is_small() -> None:
    assert learned.MODEL_PATH.stat().st_size < 3 * 1024 * 1024
