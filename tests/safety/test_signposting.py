"""Signposting: the right lines per category, no invented numbers, never the user's words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.safety import (
    NATIONAL_ONLY,
    SafetyAssessment,
    assess,
    load_signposting,
    signposting_message,
)
from bot.safety.categories import CATEGORIES
from bot.safety.signposting import SIGNPOSTING_FILE, SignpostingError

NATIONAL_NUMBERS = {"999", "0800 1111", "0808 800 5000", "116 123", "85258"}
DURHAM_NUMBER = "03000 268659"  # in the seeds, but Durham's: never ours (DOMAIN.md 5.7)


def _message(*categories: str, environ: dict[str, str] | None = None) -> str:
    contacts = load_signposting(environ=environ or {})
    return signposting_message(SafetyAssessment(True, categories, ("test.rule",)), contacts)


def _numbers(text: str) -> set[str]:
    """Phone-like runs of three or more digits ("under 19" is not a number to call)."""
    runs = re.findall(r"\+?\d[\d ()-]*\d", text)
    return {run.strip() for run in runs if sum(c.isdigit() for c in run) >= 3}


def test_file_loads_with_national_lines_confirmed_and_council_lines_as_empty_samples() -> None:
    contacts = load_signposting(environ={})
    for key in ("emergency", "childline", "nspcc", "samaritans", "shout"):
        contact = contacts.get(key)
        assert contact is not None
        assert (contact.status, contact.source) == ("confirmed", "national service")
    for key in ("front_door", "out_of_hours"):
        contact = contacts.get(key)
        assert contact is not None
        assert (contact.status, contact.number, contact.note) == (
            "sample",
            None,
            "to be supplied by the council",
        )


def test_national_numbers_are_exactly_the_known_ones() -> None:
    contacts = load_signposting(environ={})
    assert {c.number for c in contacts.contacts.values() if c.number} == NATIONAL_NUMBERS


def test_built_in_fallback_matches_the_file() -> None:
    contacts = load_signposting(environ={})
    for key, contact in NATIONAL_ONLY.contacts.items():
        assert contacts.get(key) == contact


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_gets_999_the_human_promise_and_only_known_numbers(category: str) -> None:
    message = _message(category)
    assert "call 999" in message
    assert "A person from the council's safeguarding team will see this conversation." in message
    assert "council's children's services team know" in message
    assert _numbers(message) <= NATIONAL_NUMBERS
    assert DURHAM_NUMBER not in message
    assert "?" not in message  # help first: no questions


def test_self_harm_offers_samaritans_and_shout_first() -> None:
    message = _message("self_harm_suicide")
    assert message.index("Samaritans: call 116 123") < message.index("Childline")
    assert "Shout: text SHOUT to 85258" in message
    assert "NSPCC" not in message


@pytest.mark.parametrize(
    "category", ["physical_abuse", "sexual_abuse", "neglect", "exploitation", "missing"]
)
def test_abuse_offers_childline_for_children_and_nspcc_for_worried_adults(category: str) -> None:
    message = _message(category)
    assert "Childline: call 0800 1111 (if you're under 19)" in message
    assert (
        "NSPCC helpline: call 0808 800 5000 (if you're an adult worried about a child)" in message
    )
    assert "Samaritans" not in message


def test_immediate_danger_puts_999_first() -> None:
    assert _message("immediate_danger", "domestic_abuse").startswith(
        "If you or anyone else is in danger right now, call 999 now."
    )


def test_missing_child_999_wording() -> None:
    assert "If a child is missing and you think they are in danger, call 999." in _message(
        "missing"
    )


def test_mixed_categories_offer_both_sets_of_lines() -> None:
    message = _message("self_harm_suicide", "physical_abuse")
    assert all(name in message for name in ("Samaritans", "Shout", "Childline", "NSPCC"))


def test_no_categories_still_gives_help() -> None:
    message = signposting_message(SafetyAssessment(True, (), ("engine.error",)))
    assert "call 999" in message
    assert "Childline" in message


def test_council_lines_appear_only_when_configured() -> None:
    message = _message(
        "neglect",
        environ={
            "BATON_FRONT_DOOR_PHONE": "01325 111222",
            "BATON_OUT_OF_HOURS_PHONE": "01325 333444",
        },
    )
    assert "Darlington Children's Initial Advice Team: call 01325 111222" in message
    assert "Evenings and weekends: call 01325 333444" in message
    assert "letting the council's children's services team know" not in message
    assert "A person from the council's safeguarding team will see this conversation." in message


def test_environment_is_read_when_loading_not_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BATON_FRONT_DOOR_PHONE", "01325 999888")
    contact = load_signposting().get("front_door")
    assert contact is not None
    assert (contact.number, contact.status) == ("01325 999888", "configured")


@pytest.mark.parametrize("value", ["call us", "<script>", "12", "01325 111222; rm -rf /", "x" * 40])
def test_a_value_that_is_not_a_phone_number_is_ignored_without_logging_it(
    value: str, caplog: pytest.LogCaptureFixture
) -> None:
    contact = load_signposting(environ={"BATON_FRONT_DOOR_PHONE": value}).get("front_door")
    assert contact is not None
    assert contact.number is None
    assert any("BATON_FRONT_DOOR_PHONE" in message for message in caplog.messages)
    assert not any(value in message for message in caplog.messages)


def _write(tmp_path: Path, change: dict[str, object]) -> Path:
    data = yaml.safe_load(SIGNPOSTING_FILE.read_text(encoding="utf-8"))
    for key, fields in change.items():
        data["contacts"][key].update(fields)  # type: ignore[arg-type]
    path = tmp_path / "signposting.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change",
    [
        {"front_door": {"number": "01325 000000"}},  # a sample must never carry a number
        {"childline": {"number": None}},  # a confirmed line must have one
        {"nspcc": {"status": "probably"}},
        {"shout": {"how": "email"}},
        {"samaritans": {"number": 116123}},  # unquoted: YAML would drop the leading zero elsewhere
    ],
)
def test_a_bad_file_is_refused(tmp_path: Path, change: dict[str, object]) -> None:
    with pytest.raises(SignpostingError):
        load_signposting(_write(tmp_path, change), environ={})


def test_a_missing_file_is_refused_and_national_lines_remain(tmp_path: Path) -> None:
    with pytest.raises(SignpostingError):
        load_signposting(tmp_path / "absent.yml", environ={})
    assert "Childline" in signposting_message(assess("my dad hits me"), NATIONAL_ONLY)


@pytest.mark.parametrize(
    "text",
    [
        "zqxj my dad hits me zqxj",
        "Jordan Smith 07700 900123 DL1 1AA my stepdad touches me",
        "<script>alert(1)</script> i want to kill myself",
    ],
)
def test_the_message_never_contains_the_users_words(text: str) -> None:
    message = signposting_message(assess(text), load_signposting(environ={}))
    for fragment in ("zqxj", "Jordan", "07700", "DL1", "<script>", "stepdad", "kill myself"):
        assert fragment not in message


def test_the_message_is_short() -> None:
    longest = max(len(_message(*CATEGORIES)), *(len(_message(c)) for c in CATEGORIES))
    assert longest < 900
