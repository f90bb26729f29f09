"""Fixtures for the knowledge tests: spaCy loaded once, the real knowledge base, fixture content."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from bot.knowledge import KnowledgeBase
from bot.nlp import load_spacy

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = ROOT / "data" / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
BAD = FIXTURES / "bad"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_spacy()


@pytest.fixture(scope="session")
def kb(nlp: Language) -> KnowledgeBase:
    """The real content, loaded once for the whole session."""
    return KnowledgeBase.load(CONTENT_DIR, nlp=nlp)


@pytest.fixture
def content_with(tmp_path: Path) -> Callable[..., Path]:
    """Copy a content directory to a temporary one and add the given extra files to it."""

    def build(*extra: Path, base: Path = VALID) -> Path:
        target = tmp_path / "content"
        shutil.copytree(base, target)
        for path in extra:
            shutil.copy(path, target / path.name)
        return target

    return build
