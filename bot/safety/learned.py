"""The learned layer: a word and character n-gram softmax regression over folded text.

The rules (``rules.py``) catch the shapes someone thought of; this layer scores the
wording as a whole, so it reaches disclosures phrased in ways no rule lists, and it can
also tell the rules that a match is an everyday sentence ("my son's homework went
missing"). :mod:`bot.safety.detector` combines the two; see ``docs/safety/detector.md``.

One model answers both questions: a softmax (multinomial logistic regression) over eleven
labels, ``safe`` and the ten categories. The risk score is the probability of any category
(``1 - P(safe)``), and the category of a ``model.alone`` alarm is the likeliest category.
Since safety-8 it replaces a binary risk model and a separate category head: a disclosure
is one of ten different kinds, and one linear boundary around all of them confused the
kinds' look-alikes (cross-validated recall on the corpus rose 2 to 6 points at every
false-positive cap, the category as accurate as the old head; ``docs/safety/detector.md``).

It is trained offline by ``python -m bot.safety.train`` (scikit-learn) and shipped as a
small JSON artefact, ``data/safety/model.json``. Scoring needs only the standard library:
the feature code below is the same function the trainer hands to scikit-learn, and the
arithmetic reproduces its TF-IDF (sublinear tf, smoothed idf, L2 norm per block) and
softmax exactly (a test compares the two). So the gateway loads no machine
learning library, scoring is deterministic, and a message costs well under a millisecond.

The artefact holds n-grams and numbers only; message text from the training data appears
only as short fragments of words, as in any n-gram model.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.safety.categories import CATEGORIES

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "safety" / "model.json"
FORMAT = "baton-safety-ngram-softmax/2"
SAFE = "safe"
"""The softmax's label for an everyday message; every other label is a category."""

CHAR_NGRAMS = (2, 5)
"""Character n-gram lengths, taken inside each word padded with spaces (like char_wb)."""


class ModelError(ValueError):
    """The artefact is missing or not in the expected format."""


def word_features(folded: str) -> list[str]:
    """Words and word pairs of the folded text (single letters such as "i" kept)."""
    words = folded.split()
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def char_features(folded: str) -> list[str]:
    """Character n-grams inside each space-padded word, as scikit-learn's ``char_wb``."""
    low, high = CHAR_NGRAMS
    grams: list[str] = []
    for word in folded.split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            if n > length:
                break
            grams.extend(padded[i : i + n] for i in range(length - n + 1))
    return grams


ANALYSERS = {"word": word_features, "char": char_features}
"""Each block of the model: its name in the artefact and the function that makes it."""


@dataclass(frozen=True)
class Block:
    """One TF-IDF block: per feature its idf and its coefficient (per output)."""

    weights: Mapping[str, tuple[float, tuple[float, ...]]]

    def contribution(self, grams: list[str], outputs: int) -> list[float]:
        counts = Counter(gram for gram in grams if gram in self.weights)
        if not counts:
            return [0.0] * outputs
        values = []
        for gram, count in counts.items():
            idf, coefs = self.weights[gram]
            values.append(((1.0 + math.log(count)) * idf, coefs))
        norm = math.sqrt(sum(value * value for value, _ in values))
        return [sum(value * coefs[k] for value, coefs in values) / norm for k in range(outputs)]


@dataclass(frozen=True)
class NgramModel:
    """A softmax over n-gram blocks: one output per label (``SAFE`` and categories)."""

    blocks: Mapping[str, Block]
    intercepts: tuple[float, ...]
    labels: tuple[str, ...]

    def _scores(self, folded: str) -> list[float]:
        totals = list(self.intercepts)
        for name, block in self.blocks.items():
            part = block.contribution(ANALYSERS[name](folded), len(totals))
            totals = [total + value for total, value in zip(totals, part, strict=True)]
        return totals

    def probability(self, folded: str) -> float:
        """Probability that the message is a disclosure: of any label but ``SAFE``."""
        scores = self._scores(folded)
        top = max(scores)
        odds = [math.exp(score - top) for score in scores]
        safe = odds[self.labels.index(SAFE)]
        total = sum(odds)
        return (total - safe) / total

    def best_label(self, folded: str) -> str:
        """The most likely category (never ``SAFE``)."""
        scores = self._scores(folded)
        candidates = [k for k, label in enumerate(self.labels) if label != SAFE]
        return self.labels[max(candidates, key=scores.__getitem__)]


@dataclass(frozen=True)
class Thresholds:
    """How the detector combines rules and score (chosen by cross-validation)."""

    confirm: float
    """A rule match counts when the score is at least this (below it: an everyday sentence)."""
    alone: float
    """The score raises an alarm by itself, with no rule, at or above this."""
    alone_marked: float | None = None
    """As ``alone``, for a message marked as a joke or as fiction (``detector.marked``):
    "lol", "haha", "in the film". ``None``: the same as ``alone``. Never below it."""

    def alone_for(self, marked: bool) -> float:
        """The ``alone`` threshold for a marked or an unmarked message."""
        if marked and self.alone_marked is not None:
            return max(self.alone, self.alone_marked)
        return self.alone


@dataclass(frozen=True)
class LearnedLayer:
    model: NgramModel
    thresholds: Thresholds
    trained_on: int

    def score(self, folded: str) -> float:
        """Probability that the text is a disclosure."""
        return self.model.probability(folded)

    def category(self, folded: str) -> str:
        """The most likely category, for an alarm the model raises alone."""
        return self.model.best_label(folded)


def _block(raw: object, outputs: int) -> Block:
    if not isinstance(raw, dict):
        raise ModelError("block is not a mapping")
    weights: dict[str, tuple[float, tuple[float, ...]]] = {}
    for gram, entry in raw.items():
        idf, *coefs = entry
        if len(coefs) != outputs:
            raise ModelError("coefficient count does not match the outputs")
        weights[str(gram)] = (float(idf), tuple(float(c) for c in coefs))
    return Block(weights)


def _model(raw: object) -> NgramModel:
    if not isinstance(raw, dict) or set(raw.get("blocks", {})) - set(ANALYSERS):
        raise ModelError("model is not in the expected format")
    intercepts = tuple(float(b) for b in raw["intercepts"])
    labels = tuple(str(label) for label in raw.get("labels", ()))
    blocks = {name: _block(block, len(intercepts)) for name, block in raw["blocks"].items()}
    return NgramModel(blocks=blocks, intercepts=intercepts, labels=labels)


def load(path: Path = MODEL_PATH) -> LearnedLayer:
    """Read the artefact; raise :class:`ModelError` if it is missing or malformed."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(f"cannot read the model artefact ({type(error).__name__})") from error
    try:
        if raw.get("format") != FORMAT:
            raise ModelError("unknown model format")
        layer = LearnedLayer(
            model=_model(raw["model"]),
            thresholds=Thresholds(**raw["thresholds"]),
            trained_on=int(raw["trained_on"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, ModelError):
            raise
        raise ModelError(f"model artefact is malformed ({type(error).__name__})") from error
    labels = layer.model.labels
    categories = set(labels) - {SAFE}
    if SAFE not in labels or not categories or not categories <= set(CATEGORIES):
        raise ModelError("model outputs do not match the detector's categories")
    if len(labels) != len(set(labels)) or len(labels) != len(layer.model.intercepts):
        raise ModelError("model outputs do not match the detector's categories")
    return layer


__all__ = [
    "MODEL_PATH",
    "SAFE",
    "LearnedLayer",
    "ModelError",
    "NgramModel",
    "Thresholds",
    "char_features",
    "load",
    "word_features",
]
