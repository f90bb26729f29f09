"""The spaCy model Rasa loads (``make`` writes it with ``python -m bot.nlp``).

Rasa's pipeline (config.yml) reads tokens, lemmas and the tok2vec tensor; the copy
without the parser and NER must give exactly those, or the trained classifier would see
different features from the ones it was trained on.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language

from bot.nlp import RASA_UNUSED_PIPES, write_rasa_model

MESSAGES = [
    "wot help can i get wiv rent",
    "do i still get my PA after 21",
    "How do I book the Incredible Years course for my 7 year old?",
    "is there a drop in at the family hub on tuesday",
    "Can't afford nursery, any funded hours??",
]


def test_the_rasa_copy_gives_rasa_the_same_features(nlp: Language, tmp_path: Path) -> None:
    write_rasa_model(tmp_path / "model")
    trimmed = spacy.load(tmp_path / "model")

    assert not set(RASA_UNUSED_PIPES) & set(trimmed.pipe_names)
    assert {"tok2vec", "tagger", "lemmatizer"} <= set(trimmed.pipe_names)
    for text in MESSAGES:
        full, small = nlp(text), trimmed(text)
        assert [t.text for t in small] == [t.text for t in full]
        assert [t.lemma_ for t in small] == [t.lemma_ for t in full]
        assert [t.tag_ for t in small] == [t.tag_ for t in full]
        np.testing.assert_array_equal(small.tensor, full.tensor)
        np.testing.assert_array_equal(small.vector, full.vector)
