"""The real content in data/content: grounded, honest and safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge.loader import load_content
from bot.knowledge.rules import check_content, find_denied

from .conftest import CONTENT_DIR

# The council documents live beside the repository (../shared/seeds), as in CI.
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
CONTENT, PARSE_PROBLEMS = load_content(CONTENT_DIR)


def fold(text: str) -> str:
    table = str.maketrans(
        {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    )
    return " ".join(re.sub(r"[*_]", "", text.translate(table)).lower().split())


def test_content_loads_and_passes_every_rule() -> None:
    assert PARSE_PROBLEMS == []
    assert check_content(CONTENT) == []


def test_every_kind_of_content_is_present() -> None:
    kinds = {item.kind for item in CONTENT.items}

    assert kinds == {"organisation", "service", "programme", "entitlement", "topic"}
    assert len([i for i in CONTENT.items if i.kind != "organisation"]) >= 80


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="seed documents are only available in the development workspace"
)
def test_every_quote_appears_word_for_word_in_its_cited_document() -> None:
    seeds = {path.name: fold(path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt")}
    missing = [
        (item.id, quote)
        for item in CONTENT.items
        for quote in item.quotes
        if not any(fold(quote) in seeds.get(ref.document, "") for ref in item.sources)
    ]

    assert missing == []


def test_care_leaver_wording_does_not_overstate() -> None:
    items = CONTENT.by_id()

    assert "encourages" in items["pa-until-25"].answer
    assert "residential children's homes" in items["staying-close-here-for-you"].condition
    assert items["lifelong-links"].condition.startswith("All care leavers")
    assert "friend" in items["gym-membership"].answer
    assert items["peer-mentoring"].eligibility is not None
    assert items["peer-mentoring"].eligibility.minimum_age == 5


def test_sample_items_are_council_supplied_and_use_fictional_contacts() -> None:
    samples = [i for i in CONTENT.items if i.status == "sample"]

    assert {"send-local-offer", "funded-early-education", "childcare-search"} <= {
        i.id for i in samples
    }
    for item in samples:
        assert [ref.document for ref in item.sources] == ["council-supplied"], item.id
        assert item.answer.startswith("This is a sample entry."), item.id


def test_the_real_denylist_covers_the_known_personal_data_and_durham_number() -> None:
    for text in ("Warren", "Amanda", "03000 268659", "07XXX XXXXXX"):
        assert find_denied(text, CONTENT.denylist), text
    assert sum(bool(entry.sha256) for entry in CONTENT.denylist) >= 10


def test_no_durham_only_service_is_described() -> None:
    for item in CONTENT.items:
        text = " ".join([item.name, item.answer, item.description]).lower()
        for term in ("one point", "first contact", "cdyos", "durham staircase"):
            assert term not in text, (item.id, term)
