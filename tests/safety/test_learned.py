"""The learned layer: features as scikit-learn makes them, scores as it computes them,
and a committed artefact that matches the data it claims to be trained on."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

from bot.safety import learned, train
from bot.safety.detector import LAYER, prepare

TOY = [
    ("my dad hits me", "physical_abuse"),
    ("he hit me again", "physical_abuse"),
    ("i want to die", "self_harm_suicide"),
    ("my stepdad touches me", "sexual_abuse"),
    ("no food in the house", "neglect"),
    ("my son hurt his knee at football", learned.SAFE),
    ("when does the course start", learned.SAFE),
    ("the baby hit his head on the toy", learned.SAFE),
    ("dying to know about the drop in", learned.SAFE),
    ("no thanks", learned.SAFE),
]


def test_char_features_are_scikit_learns_char_wb_ngrams() -> None:
    text = prepare("My step-dad HIIIT me agen, im scared!!")[0]
    sklearn_grams = TfidfVectorizer(analyzer="char_wb", ngram_range=learned.CHAR_NGRAMS)
    assert Counter(learned.char_features(text)) == Counter(sklearn_grams.build_analyzer()(text))


def test_word_features_keep_single_letters_and_add_pairs() -> None:
    assert learned.word_features("i am ok") == ["i", "am", "ok", "i am", "am ok"]


def _toy_layer_and_pipeline(tmp_path: Path) -> tuple[learned.LearnedLayer, object]:
    texts = [prepare(text)[0] for text, _ in TOY]
    model = train.fit(texts, np.array([label for _, label in TOY]))
    artefact = {
        "format": learned.FORMAT,
        "trained_on": len(TOY),
        "data_sha256": "toy",
        "thresholds": {"confirm": 0.3, "alone": 0.9},
        "model": train._export(model),
    }
    path = tmp_path / "model.json"
    path.write_text(json.dumps(artefact), encoding="utf-8")
    return learned.load(path), model


def test_the_stdlib_scorer_reproduces_scikit_learn(tmp_path: Path) -> None:
    layer, pipeline = _toy_layer_and_pipeline(tmp_path)
    probes = [prepare(t)[0] for t in ["my dad hit me", "course at the drop in", "zzz", "no food"]]
    expected = train.risk_probability(pipeline, probes)
    for probe, want in zip(probes, expected, strict=True):
        assert layer.score(probe) == pytest.approx(want, abs=1e-5)


def test_the_category_is_scikit_learns_likeliest_label_other_than_safe(tmp_path: Path) -> None:
    layer, pipeline = _toy_layer_and_pipeline(tmp_path)
    probes = [prepare(t)[0] for t in ["my dad hit me", "no food", "he touches me", "no thanks"]]
    probabilities = pipeline.predict_proba(probes)  # type: ignore[attr-defined]
    labels = list(pipeline.classes_)  # type: ignore[attr-defined]
    probabilities[:, labels.index(learned.SAFE)] = -1.0
    for probe, row in zip(probes, probabilities, strict=True):
        assert layer.category(probe) == labels[int(row.argmax())]
        assert layer.category(probe) != learned.SAFE


def test_a_text_with_no_known_ngram_scores_the_intercept(tmp_path: Path) -> None:
    layer, pipeline = _toy_layer_and_pipeline(tmp_path)
    assert layer.score("") == pytest.approx(train.risk_probability(pipeline, [""])[0], abs=1e-5)


@pytest.mark.parametrize(
    "content",
    [
        "",
        "not json",
        '{"format": "something-else"}',
        '{"format": "baton-safety-ngram-softmax/2"}',
        '{"format": "baton-safety-ngram-softmax/2", "model": {}, '
        '"thresholds": {"confirm": 0.5, "alone": 0.9}, "trained_on": 1}',
        # safety-7's binary risk model and category head: no longer read
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


@pytest.mark.parametrize(
    "replace",
    [("neglect", "radicalisation"), (learned.SAFE, "radicalisation"), (learned.SAFE, "neglect")],
)
def test_labels_other_than_safe_and_the_categories_are_rejected(
    tmp_path: Path, replace: tuple[str, str]
) -> None:
    _toy_layer_and_pipeline(tmp_path)
    path = tmp_path / "model.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    old, new = replace
    raw["model"]["labels"] = [new if label == old else label for label in raw["model"]["labels"]]
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
    # 3 MiB until safety-7; the softmax of safety-8 has eleven coefficients per n-gram
    # (3.1 MiB in all), where the binary model and the category head had one and ten.
    assert learned.MODEL_PATH.stat().st_size < 5 * 1024 * 1024
