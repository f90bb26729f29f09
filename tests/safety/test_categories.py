"""The fixed category set and the assessment type."""

from __future__ import annotations

import dataclasses

import pytest

from bot.safety.categories import CATEGORIES, NOT_AT_RISK, SafetyAssessment


def test_the_category_set_is_the_documented_ten() -> None:
    assert CATEGORIES == (
        "immediate_danger",
        "self_harm_suicide",
        "physical_abuse",
        "sexual_abuse",
        "domestic_abuse",
        "exploitation",
        "missing",
        "neglect",
        "emotional_abuse",
        "bullying_online_harm",
    )


def test_an_assessment_cannot_be_changed_after_it_is_made() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        NOT_AT_RISK.at_risk = True  # type: ignore[misc]


def test_not_at_risk_has_no_categories_or_rules() -> None:
    assert NOT_AT_RISK == SafetyAssessment(at_risk=False, categories=(), rule_ids=())
